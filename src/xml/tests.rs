use super::*;

fn parse(s: &str) -> Result<Document<'_>, XmlError> {
    Document::parse(s)
}

#[test]
fn parses_names_namespaces_and_text() {
    let src = "<?xml version=\"1.0\"?>\n<s:Envelope xmlns:s=\"urn:s\" xmlns=\"urn:d\"><s:Body a=\"1\"><Op>x &amp; y</Op></s:Body></s:Envelope>";
    let doc = parse(src).unwrap();
    let root = doc.root();
    assert!(root.is("urn:s", "Envelope"));
    assert_eq!(root.prefix(), "s");
    let body = root.first_child_element().unwrap();
    assert_eq!(body.attribute("", "a"), Some("1"));
    let op = body.first_child_element().unwrap();
    assert!(op.is("urn:d", "Op"));
    assert_eq!(op.text(), "x & y");
    assert_eq!(op.position().line, 2);
    assert_eq!(&src[op.span()], "<Op>x &amp; y</Op>");
    assert_eq!(op.raw_content(), "x &amp; y");
    assert_eq!(
        root.in_scope_namespaces(),
        vec![("", "urn:d"), ("s", "urn:s")]
    );
}

#[test]
fn text_borrows_from_input_when_no_unescaping_is_needed() {
    let src = "<a>plain</a>";
    let doc = parse(src).unwrap();
    let t = doc.root().children().next().unwrap();
    assert_eq!(t.kind(), NodeKind::Text);
    assert_eq!(t.text().as_ptr(), src[3..].as_ptr());
}

#[test]
fn line_ends_and_attribute_values_are_normalized() {
    let doc = parse("<a x=\"1\t2\r\n3&#xA;\">l1\r\nl2\rl3</a>").unwrap();
    assert_eq!(doc.root().attribute("", "x"), Some("1 2 3\n"));
    assert_eq!(doc.root().text(), "l1\nl2\nl3");
}

#[test]
fn cdata_and_references_merge_into_one_text_node() {
    let doc = parse("<a>x<![CDATA[<y>]]>&#x41;&lt;</a>").unwrap();
    assert_eq!(doc.root().children().count(), 1);
    assert_eq!(doc.root().text(), "x<y>A<");
}

#[test]
fn doctype_is_rejected() {
    let e = parse("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>").unwrap_err();
    assert!(
        matches!(e, XmlError::DoctypeForbidden { at } if at.line == 1 && at.column == 1),
        "{e}"
    );
}

#[test]
fn unknown_entities_and_bad_char_refs_are_rejected() {
    assert!(matches!(
        parse("<a>&x;</a>").unwrap_err(),
        XmlError::InvalidReference { .. }
    ));
    assert!(matches!(
        parse("<a>&#0;</a>").unwrap_err(),
        XmlError::InvalidReference { .. }
    ));
    assert!(matches!(
        parse("<a b=\"&foo;\"/>").unwrap_err(),
        XmlError::InvalidReference { .. }
    ));
}

#[test]
fn well_formedness_errors_are_typed_with_positions() {
    let e = parse("<a>\n  <b></c></a>").unwrap_err();
    match e {
        XmlError::MismatchedEndTag {
            expected,
            found,
            at,
        } => {
            assert_eq!((expected.as_str(), found.as_str()), ("b", "c"));
            assert_eq!((at.line, at.column), (2, 6));
        }
        other => panic!("{other}"),
    }
    assert!(matches!(
        parse("<a>").unwrap_err(),
        XmlError::UnclosedElement { .. }
    ));
    assert!(matches!(
        parse("<a/><b/>").unwrap_err(),
        XmlError::MultipleRoots { .. }
    ));
    assert!(matches!(
        parse("x<a/>").unwrap_err(),
        XmlError::TextOutsideRoot { .. }
    ));
    assert!(matches!(
        parse("  ").unwrap_err(),
        XmlError::NoRootElement { .. }
    ));
    assert!(matches!(
        parse("<p:a/>").unwrap_err(),
        XmlError::UndeclaredPrefix { .. }
    ));
    assert!(matches!(
        parse("<a x=\"1\" x=\"2\"/>").unwrap_err(),
        XmlError::DuplicateAttribute { .. }
    ));
    assert!(matches!(
        parse("<a xmlns:p=\"u\" xmlns:q=\"u\" p:x=\"1\" q:x=\"2\"/>").unwrap_err(),
        XmlError::DuplicateAttribute { .. }
    ));
    assert!(matches!(
        parse("<a x=1/>").unwrap_err(),
        XmlError::Syntax { .. }
    ));
    assert!(matches!(
        parse("<a x=\"<\"/>").unwrap_err(),
        XmlError::Syntax { .. }
    ));
    assert!(matches!(
        parse("<a>]]></a>").unwrap_err(),
        XmlError::Syntax { .. }
    ));
    assert!(matches!(
        parse("<a>\u{1}</a>").unwrap_err(),
        XmlError::InvalidCharacter { code: 1, .. }
    ));
    assert!(matches!(
        parse("<a xmlns:p=\"\"/>").unwrap_err(),
        XmlError::InvalidNamespaceDeclaration { .. }
    ));
    assert!(matches!(
        parse("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>").unwrap_err(),
        XmlError::UnsupportedEncoding { .. }
    ));
    assert!(matches!(
        parse("<a/><?xml version=\"1.0\"?>").unwrap_err(),
        XmlError::Syntax { .. }
    ));
    assert!(matches!(
        parse("<1a/>").unwrap_err(),
        XmlError::Syntax { .. }
    ));
}

#[test]
fn invalid_utf8_is_rejected_with_position() {
    let e = Document::parse_bytes(b"<a>\n\xff</a>", &ParseOptions::default()).unwrap_err();
    assert!(matches!(e, XmlError::InvalidUtf8 { at } if at.line == 2 && at.column == 1));
}

#[test]
fn limits_are_enforced_and_named() {
    let lim = |f: fn(&mut Limits)| {
        let mut l = Limits::default();
        f(&mut l);
        ParseOptions::with_limits(l)
    };
    let deep = "<a>".repeat(10) + &"</a>".repeat(10);
    let e = Document::parse_with(&deep, &lim(|l| l.max_depth = 5)).unwrap_err();
    assert!(
        matches!(
            e,
            XmlError::LimitExceeded {
                kind: LimitKind::Depth,
                max: 5,
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("Limits::max_depth"));
    let many = format!("<a>{}</a>", "<b/>".repeat(10));
    let e = Document::parse_with(&many, &lim(|l| l.max_elements = 5)).unwrap_err();
    assert!(matches!(
        e,
        XmlError::LimitExceeded {
            kind: LimitKind::Elements,
            ..
        }
    ));
    let e = Document::parse_with(
        "<a x=\"1\" y=\"2\" z=\"3\"/>",
        &lim(|l| l.max_attributes_per_element = 2),
    )
    .unwrap_err();
    assert!(matches!(
        e,
        XmlError::LimitExceeded {
            kind: LimitKind::AttributesPerElement,
            ..
        }
    ));
    let e = Document::parse_with(
        "<a xmlns:a=\"1\" xmlns:b=\"2\"/>",
        &lim(|l| l.max_namespace_declarations_per_element = 1),
    )
    .unwrap_err();
    assert!(matches!(
        e,
        XmlError::LimitExceeded {
            kind: LimitKind::NamespaceDeclarationsPerElement,
            ..
        }
    ));
    let e = Document::parse_with(
        "<a><b xmlns:a=\"1\"/><b xmlns:a=\"1\"/></a>",
        &lim(|l| l.max_namespace_declarations = 1),
    )
    .unwrap_err();
    assert!(matches!(
        e,
        XmlError::LimitExceeded {
            kind: LimitKind::NamespaceDeclarations,
            ..
        }
    ));
    let e = Document::parse_with("<abcdef/>", &lim(|l| l.max_name_length = 3)).unwrap_err();
    assert!(matches!(
        e,
        XmlError::LimitExceeded {
            kind: LimitKind::NameLength,
            ..
        }
    ));
    let e = Document::parse_with("<a>0123456789</a>", &lim(|l| l.max_text_length = 4)).unwrap_err();
    assert!(matches!(
        e,
        XmlError::LimitExceeded {
            kind: LimitKind::TextLength,
            ..
        }
    ));
    let e =
        Document::parse_with("<a x=\"0123456789\"/>", &lim(|l| l.max_text_length = 4)).unwrap_err();
    assert!(matches!(
        e,
        XmlError::LimitExceeded {
            kind: LimitKind::TextLength,
            ..
        }
    ));
    let e = Document::parse_with("<a>0123456789</a>", &lim(|l| l.max_input_bytes = 4)).unwrap_err();
    assert!(matches!(
        e,
        XmlError::LimitExceeded {
            kind: LimitKind::InputBytes,
            ..
        }
    ));
}

const WSU: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

#[test]
fn id_index_covers_wsu_dsig_xml_id_and_configured_attributes() {
    let src = format!(
        "<r xmlns:u=\"{WSU}\" xmlns:ds=\"{DSIG_NS}\"><a u:Id=\"b\"/><ds:Signature Id=\"s\"/><c xml:id=\"x\"/><d Id=\"plain\"/></r>"
    );
    let doc = parse(&src).unwrap();
    assert_eq!(doc.element_by_id("b").unwrap().local_name(), "a");
    assert_eq!(doc.element_by_id("s").unwrap().local_name(), "Signature");
    assert_eq!(doc.element_by_id("x").unwrap().local_name(), "c");
    assert!(
        doc.element_by_id("plain").is_none(),
        "Id on a non-dsig element is not an ID by default"
    );
    let mut opts = ParseOptions::default();
    opts.id_attributes.push(IdAttribute::any_element("", "Id"));
    let doc = Document::parse_with(&src, &opts).unwrap();
    assert_eq!(doc.element_by_id("plain").unwrap().local_name(), "d");
}

#[test]
fn duplicate_ids_reject_the_document_across_attribute_kinds() {
    let src = format!(
        "<r xmlns:u=\"{WSU}\" xmlns:ds=\"{DSIG_NS}\"><a u:Id=\"x\"/>\n<ds:Object Id=\"x\"/></r>"
    );
    match parse(&src).unwrap_err() {
        XmlError::DuplicateId { id, first, second } => {
            assert_eq!(id, "x");
            assert_eq!(first.line, 1);
            assert_eq!(second.line, 2);
        }
        e => panic!("{e}"),
    }
    let src = format!("<r xmlns:u=\"{WSU}\"><a u:Id=\"x\"/><b xml:id=\"x\"/></r>");
    assert!(matches!(
        parse(&src).unwrap_err(),
        XmlError::DuplicateId { .. }
    ));
}

fn assert_consistent(doc: &Document<'_>) {
    // Every node's span must re-parse to the same kind; parents contain children.
    for i in 0..doc.node_count() {
        let n = doc.node(NodeId(i as u32)).unwrap();
        for c in n.children() {
            assert_eq!(c.parent().unwrap().id(), n.id());
            assert!(n.span().start <= c.span().start && c.span().end <= n.span().end);
        }
        if let Some(e) = n.as_element() {
            let s = &doc.source()[e.span()];
            assert!(s.starts_with(&format!("<{}", e.qname())), "{s}");
            assert!(s.ends_with('>'));
            for a in e.attributes() {
                assert_eq!(&doc.source()[a.span()][..a.qname().len()], a.qname());
            }
        }
    }
    // And the result equals a fresh parse of the new text.
    let fresh = Document::parse(doc.source()).unwrap();
    assert_eq!(fresh.node_count(), doc.node_count());
    for i in 0..doc.node_count() {
        let (a, b) = (
            doc.node(NodeId(i as u32)).unwrap(),
            fresh.node(NodeId(i as u32)).unwrap(),
        );
        assert_eq!(
            (a.kind(), a.span(), a.text()),
            (b.kind(), b.span(), b.text()),
            "node {i}"
        );
        assert_eq!(a.parent().map(|p| p.id()), b.parent().map(|p| p.id()));
        assert_eq!(a.children().count(), b.children().count());
        if let (Some(x), Some(y)) = (a.as_element(), b.as_element()) {
            assert_eq!(x.name(), y.name());
            let xa: Vec<_> = x
                .attributes()
                .map(|a| (a.qname(), a.value(), a.namespace()))
                .collect();
            let ya: Vec<_> = y
                .attributes()
                .map(|a| (a.qname(), a.value(), a.namespace()))
                .collect();
            assert_eq!(xa, ya);
            assert_eq!(x.start_tag_span(), y.start_tag_span());
            assert_eq!(x.is_self_closing(), y.is_self_closing());
        }
    }
    let mut ids_a: Vec<_> = doc.ids().collect();
    let mut ids_b: Vec<_> = fresh.ids().collect();
    ids_a.sort();
    ids_b.sort();
    assert_eq!(ids_a, ids_b);
}

#[test]
fn edits_splice_bytes_and_rebuild_the_tree_without_reparsing() {
    let src = "<s:E xmlns:s=\"urn:s\"><s:H><h1/></s:H><s:B x=\"1\"><op>a&amp;b</op><!--c--></s:B><t/></s:E>";
    let doc = parse(src).unwrap();
    let root = doc.root();
    let header = root.first_child_element().unwrap();
    let body = root.child_elements().nth(1).unwrap();
    let t = root.child_elements().nth(2).unwrap();
    let mut e = Edits::new();
    e.set_attribute(body.id(), WSU, "wsu", "Id", "body-1")
        .prepend_child(
            header.id(),
            "<sec:Security xmlns:sec=\"urn:sec\"><x/></sec:Security>",
        )
        .replace_children(body.id(), "<enc:Data xmlns:enc=\"urn:e\">cipher</enc:Data>")
        .append_child(t.id(), "<u s:a=\"q\"/>text");
    let new = doc.apply(&e).unwrap();
    assert_eq!(
        new.source(),
        "<s:E xmlns:s=\"urn:s\"><s:H><sec:Security xmlns:sec=\"urn:sec\"><x/></sec:Security><h1/></s:H><s:B x=\"1\" xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\" wsu:Id=\"body-1\"><enc:Data xmlns:enc=\"urn:e\">cipher</enc:Data></s:B><t><u s:a=\"q\"/>text</t></s:E>"
    );
    assert_consistent(&new);
    assert_eq!(new.element_by_id("body-1").unwrap().local_name(), "B");
    // The original is untouched.
    assert_eq!(doc.source(), src);
}

#[test]
fn edits_replace_remove_insert_and_keep_ids() {
    let src = format!(
        "<r xmlns:u=\"{WSU}\"><a u:Id=\"a\"><k/></a><b u:Id=\"b\">t</b><c u:Id=\"c\"/></r>"
    );
    let doc = parse(&src).unwrap();
    let [a, b, c]: [Element<'_>; 3] = doc
        .root()
        .child_elements()
        .collect::<Vec<_>>()
        .try_into()
        .unwrap();
    let mut e = Edits::new();
    e.remove(a.id())
        .replace(b.id(), "<n u:Id=\"n\">x</n><m/>")
        .insert_before(c.id(), "<p/>")
        .insert_after(c.id(), "tail");
    let new = doc.apply(&e).unwrap();
    assert_eq!(
        new.source(),
        format!("<r xmlns:u=\"{WSU}\"><n u:Id=\"n\">x</n><m/><p/><c u:Id=\"c\"/>tail</r>")
    );
    assert_consistent(&new);
    assert!(new.element_by_id("a").is_none());
    assert!(new.element_by_id("b").is_none());
    assert_eq!(new.element_by_id("c").unwrap().local_name(), "c");
}

#[test]
fn edit_errors_are_typed() {
    let src = format!("<r xmlns:u=\"{WSU}\"><a u:Id=\"a\"/><b/></r>");
    let doc = parse(&src).unwrap();
    let a = doc.root().first_child_element().unwrap();
    let b = doc.root().child_elements().nth(1).unwrap();
    // Markup must be well-formed in context.
    let e = doc
        .apply(Edits::new().append_child(b.id(), "<x>"))
        .unwrap_err();
    assert!(matches!(e, XmlError::InvalidEditMarkup { .. }), "{e}");
    let e = doc
        .apply(Edits::new().append_child(b.id(), "<q:x/>"))
        .unwrap_err();
    assert!(matches!(e, XmlError::InvalidEditMarkup { .. }), "{e}");
    // Inserted IDs may not collide.
    let e = doc
        .apply(Edits::new().append_child(b.id(), "<x u:Id=\"a\"/>"))
        .unwrap_err();
    assert!(matches!(e, XmlError::DuplicateId { .. }), "{e}");
    // Overlap.
    let e = doc
        .apply(
            Edits::new()
                .remove(a.id())
                .set_attribute(a.id(), "", "", "x", "1"),
        )
        .unwrap_err();
    assert!(matches!(e, XmlError::InvalidEdit { .. }), "{e}");
    // The root can't be removed.
    let e = doc.apply(Edits::new().remove(doc.root().id())).unwrap_err();
    assert!(matches!(e, XmlError::InvalidEdit { .. }));
    // Limits apply to inserted markup.
    let mut opts = ParseOptions::default();
    opts.limits.max_depth = 3;
    let doc = Document::parse_with("<r><a/></r>", &opts).unwrap();
    let a = doc.root().first_child_element().unwrap();
    let e = doc
        .apply(Edits::new().append_child(a.id(), "<x><y/></x>"))
        .unwrap_err();
    assert!(
        matches!(e, XmlError::InvalidEditMarkup { ref source, .. } if matches!(**source, XmlError::LimitExceeded { kind: LimitKind::Depth, .. })),
        "{e}"
    );
}

#[test]
fn set_attribute_replaces_existing_values_and_picks_free_prefixes() {
    let doc = parse("<r xmlns:wsu=\"urn:other\"><a x=\"old\"/></r>").unwrap();
    let a = doc.root().first_child_element().unwrap();
    let new = doc
        .apply(
            Edits::new()
                .set_attribute(a.id(), "", "", "x", "n\"e<w")
                .set_attribute(doc.root().id(), WSU, "wsu", "Id", "r1"),
        )
        .unwrap();
    assert_consistent(&new);
    assert_eq!(
        new.root().first_child_element().unwrap().attribute("", "x"),
        Some("n\"e<w")
    );
    assert_eq!(new.root().attribute(WSU, "Id"), Some("r1"));
    assert!(new.source().contains("xmlns:wsu1="), "{}", new.source());
}

#[test]
fn no_edits_is_byte_identical() {
    let src = "<?xml version=\"1.0\"?>\r\n<!-- c --><a  x = 'y' ><b/>t&lt;</a >\n";
    let doc = parse(src).unwrap();
    let new = doc.apply(&Edits::new()).unwrap();
    assert_eq!(new.source(), src);
    assert_eq!(new.node_count(), doc.node_count());
}

/// Found by the c14n fuzz target: a second byte-order mark after the first made quick-xml's
/// offsets and ours disagree and a text slice panicked. It is now a syntax error.
#[test]
fn a_second_byte_order_mark_is_a_syntax_error() {
    for src in [
        "\u{feff}\u{feff}g=<a>>",
        "\u{feff}\u{feff}<a/>",
        "\u{feff}<a/>",
    ] {
        let r = Document::parse_bytes(src.as_bytes(), &ParseOptions::default());
        if src.matches('\u{feff}').count() == 1 {
            assert!(r.is_ok(), "{src:?}: one BOM is fine");
        } else {
            match r {
                Err(XmlError::Syntax { message, .. }) => {
                    assert!(message.contains("byte-order mark"), "{message}");
                }
                other => panic!("{src:?}: expected a syntax error, got {other:?}"),
            }
        }
    }
}

/// Bytes the node, element and attribute arrays hold (capacity, not length).
fn reserved_bytes(d: &Document<'_>) -> usize {
    d.nodes.capacity() * std::mem::size_of::<super::tree::NodeData>()
        + d.elements.capacity() * std::mem::size_of::<super::tree::ElementData>()
        + d.attrs.capacity() * std::mem::size_of::<super::tree::AttrData>()
}

#[test]
fn pre_sizing_is_exact_for_an_attribute_dense_document() {
    // 2,000 line items with five attributes each and text between tags: the counts are
    // honest, so no array grows (a doubled array would hold up to twice what it needs).
    let mut src = String::from("<order xmlns=\"urn:o\">\n");
    for i in 0..2_000 {
        src.push_str(&format!(
            "  <line n=\"{i}\" sku=\"A-{i}\" qty=\"2\" price=\"9.50\" cur=\"EUR\">item {i}</line>\n"
        ));
    }
    src.push_str("</order>");
    let d = Document::parse(&src).expect("parses");
    assert_eq!(d.attrs.len(), 2_000 * 5); // xmlns is a declaration, not an attribute
    assert!(
        d.attrs.capacity() < d.attrs.len() + 8,
        "{}",
        d.attrs.capacity()
    );
    assert!(
        d.nodes.capacity() < d.nodes.len() + 8,
        "{}",
        d.nodes.capacity()
    );
    assert!(d.elements.capacity() < d.elements.len() + 8);
}

#[test]
fn counts_that_lie_reserve_at_most_three_times_the_input() {
    // '<' inside CDATA and '=' in text are counted as elements and attributes but are
    // neither: the reservations stay within RESERVE_PER_INPUT_BYTE (3) times the input.
    let lies = format!(
        "<a><![CDATA[{}]]>{}</a>",
        "<".repeat(400_000),
        "=".repeat(2_000_000)
    );
    let d = Document::parse(&lies).expect("parses");
    assert_eq!(d.elements.len(), 1);
    assert!(
        reserved_bytes(&d) <= 3 * lies.len() + 1024,
        "{} bytes reserved for a {}-byte input",
        reserved_bytes(&d),
        lies.len()
    );
}
