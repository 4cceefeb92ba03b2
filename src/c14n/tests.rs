use super::*;
use crate::xml::Document;

fn c14n(
    src: &str,
    alg: Algorithm,
    prefixes: &[&str],
    subset: impl Fn(&Document<'_>) -> Subset,
) -> String {
    let doc = Document::parse(src).unwrap();
    String::from_utf8(canonicalize_to_vec(&doc, alg, prefixes, subset(&doc)).unwrap()).unwrap()
}

fn whole(_: &Document<'_>) -> Subset {
    Subset::document()
}

fn body(d: &Document<'_>) -> Subset {
    Subset::subtree(
        d.elements()
            .find(|e| e.local_name() == "Body")
            .unwrap()
            .id(),
    )
}

#[test]
fn document_c14n_normalizes_tags_attributes_and_text() {
    let src = "<?xml version=\"1.0\"?>\n<!--pre-->\n<a  z=\"1\" xmlns:p=\"urn:p\" p:b='x&#9;y' a=\"&quot;\"><e/>t&gt;&#xD;<![CDATA[<&>]]></a>\n<?pi   data?>";
    assert_eq!(
        c14n(src, Algorithm::C14n10, &[], whole),
        "<a xmlns:p=\"urn:p\" a=\"&quot;\" z=\"1\" p:b=\"x&#x9;y\"><e></e>t&gt;&#xD;&lt;&amp;&gt;</a>\n<?pi data?>"
    );
    assert_eq!(
        c14n(src, Algorithm::C14n10WithComments, &[], whole),
        "<!--pre-->\n<a xmlns:p=\"urn:p\" a=\"&quot;\" z=\"1\" p:b=\"x&#x9;y\"><e></e>t&gt;&#xD;&lt;&amp;&gt;</a>\n<?pi data?>"
    );
}

#[test]
fn inclusive_subtree_renders_inherited_namespaces_and_xml_attributes() {
    let src = "<E xmlns=\"urn:d\" xmlns:u=\"urn:u\" xml:lang=\"en\"><Body><x/></Body></E>";
    assert_eq!(
        c14n(src, Algorithm::C14n10, &[], body),
        "<Body xmlns=\"urn:d\" xmlns:u=\"urn:u\" xml:lang=\"en\"><x></x></Body>"
    );
    // Exclusive renders only what is visibly used, and no xml:* inheritance.
    assert_eq!(
        c14n(src, Algorithm::Exclusive, &[], body),
        "<Body xmlns=\"urn:d\"><x></x></Body>"
    );
    assert_eq!(
        c14n(src, Algorithm::Exclusive, &["u"], body),
        "<Body xmlns=\"urn:d\" xmlns:u=\"urn:u\"><x></x></Body>"
    );
}

#[test]
fn exclusive_renders_utilized_prefixes_where_used_and_undeclares_default() {
    let src = "<s:E xmlns:s=\"urn:s\" xmlns:a=\"urn:a\" xmlns=\"urn:d\"><s:Body><a:x a:k=\"v\"><y xmlns=\"\"/><z/></a:x></s:Body></s:E>";
    assert_eq!(
        c14n(src, Algorithm::Exclusive, &[], body),
        "<s:Body xmlns:s=\"urn:s\"><a:x xmlns:a=\"urn:a\" a:k=\"v\"><y></y><z xmlns=\"urn:d\"></z></a:x></s:Body>"
    );
    assert_eq!(
        c14n(src, Algorithm::Exclusive, &["#default"], body),
        "<s:Body xmlns=\"urn:d\" xmlns:s=\"urn:s\"><a:x xmlns:a=\"urn:a\" a:k=\"v\"><y xmlns=\"\"></y><z></z></a:x></s:Body>"
    );
}

#[test]
fn superfluous_declarations_are_dropped() {
    let src = "<a xmlns:p=\"urn:p\"><b xmlns:p=\"urn:p\" xmlns=\"\"><p:c/></b></a>";
    assert_eq!(
        c14n(src, Algorithm::C14n10, &[], whole),
        "<a xmlns:p=\"urn:p\"><b><p:c></p:c></b></a>"
    );
    assert_eq!(
        c14n(src, Algorithm::Exclusive, &[], whole),
        "<a><b><p:c xmlns:p=\"urn:p\"></p:c></b></a>"
    );
}

#[test]
fn enveloped_exclusion_removes_one_subtree() {
    let src = "<r xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><d>1</d><ds:Signature><ds:SignedInfo/></ds:Signature>\n</r>";
    let doc = Document::parse(src).unwrap();
    let sig = doc
        .elements()
        .find(|e| e.local_name() == "Signature")
        .unwrap()
        .id();
    let out = canonicalize_to_vec(
        &doc,
        Algorithm::Exclusive,
        &[],
        Subset::document().excluding(sig),
    )
    .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "<r><d>1</d>\n</r>");
    let out = canonicalize_to_vec(
        &doc,
        Algorithm::C14n10,
        &[],
        Subset::subtree(doc.root().id()).excluding(sig),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "<r xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><d>1</d>\n</r>"
    );
}

#[test]
fn relative_namespace_uris_fail() {
    let doc = Document::parse("<a xmlns=\"rel\"/>").unwrap();
    let e = canonicalize_to_vec(&doc, Algorithm::C14n10, &[], Subset::document()).unwrap_err();
    assert!(matches!(e, C14nError::RelativeNamespaceUri { .. }));
}

#[test]
fn algorithms_round_trip_their_uris_and_reject_unknown_ones() {
    for a in Algorithm::ALL {
        assert_eq!(Algorithm::from_uri(a.uri()).unwrap(), a);
        assert!(!a.without_comments().with_comments());
    }
    assert!(matches!(
        Algorithm::from_uri("http://www.w3.org/TR/1999/REC-xslt-19991116"),
        Err(C14nError::UnsupportedAlgorithm { .. })
    ));
}

#[test]
fn output_streams_into_any_sink() {
    let doc = Document::parse("<a b=\"1\">x</a>").unwrap();
    let mut n = 0usize;
    canonicalize(
        &doc,
        Algorithm::C14n10,
        &[],
        Subset::document(),
        &mut FnSink(|b: &[u8]| n += b.len()),
    )
    .unwrap();
    assert_eq!(n, "<a b=\"1\">x</a>".len());
}
