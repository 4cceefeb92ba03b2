//! Class F — parser differentials (ruby-saml CVE-2025-25291/25292, REXML vs Nokogiri; moov
//! signedxml CVE-2023-34205): bytes that two parsers, or raw and canonical parsing, could read
//! as different trees — trailing content or a second document element, a byte-order mark with
//! a conflicting encoding declaration, duplicate attributes (by qualified or expanded name),
//! undeclared prefixes, entity and character tricks, CDATA in signed content.
//!
//! Defence: one strict parse (UTF-8 only, no DTD, well-formedness and Namespaces in XML
//! enforced, exactly one document element and nothing but comments/whitespace around it);
//! verification and the application's view read the *same* immutable tree, never a re-parse
//! of canonical output. What the canonical form treats as equal (CDATA vs text, character
//! references) is equal in that tree too.

use crate::support::*;
use soapsec::contract::Direction;
use soapsec::dsig::DsigError;
use soapsec::envelope::EnvelopeError;
use soapsec::pipeline::{PipelineError, Verified, verify};
use soapsec::xml::XmlError;

fn check_bytes(s: &Secured, bytes: &[u8]) -> Result<Verified, PipelineError> {
    verify(
        &s.res,
        Direction::Request,
        s.soap_action.as_deref(),
        &crate::common::pki::store("server"),
        &s.opts(),
        bytes,
    )
}

#[test]
fn f_control_the_application_reads_the_verified_bytes() {
    let s = signed_12();
    let v = s.control();
    assert_eq!(
        v.envelope(),
        s.wire,
        "the verified tree is the parsed input"
    );
}

#[test]
fn f_second_document_element_or_trailing_content() {
    let s = signed_12();
    s.control();
    let second = format!(
        r#"{}<s:Envelope xmlns:s="{SOAP12}"><s:Body><Transfer xmlns="{NS}"/></s:Body></s:Envelope>"#,
        s.wire
    );
    assert_err!(
        s.check(&second),
        PipelineError::Xml(XmlError::MultipleRoots { .. })
    );
    let text = format!("{}trailing", s.wire);
    assert_err!(
        s.check(&text),
        PipelineError::Xml(XmlError::TextOutsideRoot { .. })
    );
    let cdata = format!("{}<![CDATA[<Transfer/>]]>", s.wire);
    assert_err!(
        s.check(&cdata),
        PipelineError::Xml(XmlError::TextOutsideRoot { .. })
    );
    // Trailing comments and whitespace are not content: the same tree, accepted.
    s.check(&format!("{}\n<!-- trailer -->\n", s.wire)).unwrap();
}

#[test]
fn f_byte_order_mark_and_encoding_declaration_disagree() {
    let s = signed_12();
    s.control();
    // A UTF-8 BOM with a UTF-8 declaration is fine ...
    let ok = format!(
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>{}",
        s.wire
    );
    s.check(&ok).unwrap();
    // ... with a UTF-16 declaration it is refused (no transcoding, no guessing).
    let utf16 = format!(
        "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-16\"?>{}",
        s.wire
    );
    assert_err!(
        s.check(&utf16),
        PipelineError::Xml(XmlError::UnsupportedEncoding { encoding, .. }) if encoding == "UTF-16"
    );
    // Latin-1 declared over non-ASCII UTF-8 bytes: the two readings differ, refused.
    let latin1 = format!(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><!-- café -->{}",
        s.wire
    );
    assert_err!(
        s.check(&latin1),
        PipelineError::Xml(XmlError::UnsupportedEncoding { encoding, .. }) if encoding == "ISO-8859-1"
    );
    // A UTF-16LE byte-order mark: not UTF-8 at all.
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend_from_slice(s.wire.as_bytes());
    assert_err!(
        check_bytes(&s, &bytes),
        PipelineError::Xml(XmlError::InvalidUtf8 { .. })
    );
    // An XML declaration that is not at the very start.
    let late = format!(" <?xml version=\"1.0\"?>{}", s.wire);
    assert_err!(s.check(&late), PipelineError::Xml(XmlError::Syntax { .. }));
}

#[test]
fn f_duplicate_attributes() {
    let s = signed_12();
    s.control();
    // By qualified name, on the signed Note header (first-wins vs last-wins parsers).
    let note = element(&s.wire, "h:Note");
    let id = attr(&note, "wsu:Id").to_owned();
    let evil = replace1(
        &s.wire,
        &format!(r#"wsu:Id="{id}">hello"#),
        &format!(r#"wsu:Id="{id}" wsu:Id="Evil-1">hello"#),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::DuplicateAttribute { name, .. }) if name == "wsu:Id"
    );
    // By expanded name: the same attribute through two prefixes bound to one namespace.
    let evil = replace1(
        &s.wire,
        r#"s:mustUnderstand="1">"#,
        &format!(r#"s:mustUnderstand="1" xmlns:s2="{SOAP12}" s2:mustUnderstand="0">"#),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::DuplicateAttribute { .. })
    );
}

#[test]
fn f_undeclared_prefix_and_broken_namespace_declarations() {
    let s = signed_12();
    s.control();
    let evil = insert_before(&s.wire, "</s:Header>", "<x:Evil>1</x:Evil>");
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::UndeclaredPrefix { prefix, .. }) if prefix == "x"
    );
    let evil = insert_before(
        &s.wire,
        "</s:Header>",
        r#"<w:Evil xmlns:w="urn:w" x:attr="1"/>"#,
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::UndeclaredPrefix { prefix, .. }) if prefix == "x"
    );
    // Undeclaring a prefix (XML 1.0 namespaces forbid it).
    let evil = insert_before(
        &s.wire,
        "</s:Header>",
        r#"<w:Evil xmlns:w="urn:w" xmlns:h=""/>"#,
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::InvalidNamespaceDeclaration { .. })
    );
}

#[test]
fn f_entities_and_forbidden_characters() {
    let s = signed_12();
    s.control();
    // No DTD, so no entity but the five predefined ones.
    let evil = replace1(&s.wire, "confidential-order", "&order;");
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::InvalidReference { reference, .. }) if reference == "order"
    );
    // A NUL by character reference is not an XML character.
    let evil = replace1(&s.wire, "confidential-order", "confidential&#0;-order");
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::InvalidReference { reference, .. }) if reference == "#0"
    );
    // A processing instruction in the prolog (SOAP forbids PIs).
    let evil = format!("<?xml-stylesheet href=\"evil.xsl\"?>{}", s.wire);
    assert_err!(
        s.check(&evil),
        PipelineError::Envelope(EnvelopeError::ProcessingInstruction { target, .. }) if target == "xml-stylesheet"
    );
}

#[test]
fn f_cdata_and_character_references_change_nothing_they_should_not() {
    let s = signed_12();
    s.control();
    // The same characters as CDATA or as character references: the same tree, the same
    // canonical form, the same text for the application.
    for same in [
        "<order><![CDATA[confidential-order]]></order>",
        "<order>&#99;onfidential&#x2D;order</order>",
        "<order>confidential<![CDATA[-]]>order</order>",
    ] {
        let wire = replace1(&s.wire, "<order>confidential-order</order>", same);
        let v = s.check(&wire).unwrap_or_else(|e| panic!("{same}: {e:?}"));
        let order = v
            .body()
            .unwrap()
            .operation()
            .unwrap()
            .first_child_element()
            .unwrap();
        assert_eq!(order.text(), "confidential-order", "{same}");
        assert_eq!(order.child_elements().count(), 0);
    }
    // CDATA is text, never markup: smuggling an element through it changes the signed text.
    let evil = replace1(
        &s.wire,
        "<order>confidential-order</order>",
        "<order><![CDATA[confidential-order</order><order>evil]]></order>",
    );
    let id = s.body_id();
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::DigestMismatch { uri, .. }) if *uri == format!("#{id}")
    );
}
