//! Class A — classic SOAP wrapping (McIntosh & Austel, SWS'05; Gajek et al., ICWS'09; WSS4J
//! `testSignedBodyRelocationToHeader`): the signed `soap:Body` is moved into a header wrapper
//! (`mustUnderstand="0"`) or into `wsse:Security`, and a new unsigned Body carries the
//! attacker's operation, with no Id, another Id, or the same Id under another attribute.
//!
//! Defence: references resolve to node identities, and the Body must *be* a verified node at
//! the fixed position `/Envelope/Body` (never found by search). The relocated original still
//! verifies, but it is not the Body, so the Body is `PartNotSigned`; the Security header takes
//! only the elements it knows; the ID index knows `wsu:Id` and `xml:id` on any element (by
//! namespace, whatever the prefix), so reusing the Id through them is a duplicate.
//!
//! FINDING A-1 (`a_signed_header_wrapped_away_signature_still_verifies`, which FAILS): a
//! signed *header* moved into another header block still verifies and silently disappears
//! from the verified view (signed-header stripping).

use crate::support::*;
use soapsec::pipeline::PipelineError;
use soapsec::xml::XmlError;

/// A new Body for the attacker's order; `attrs` go on the `s:Body` start tag.
fn evil_body(attrs: &str) -> String {
    format!(r#"<s:Body{attrs}><Submit xmlns="{NS}"><order>evil-order</order></Submit></s:Body>"#)
}

/// `wire` with its Body replaced by `new_body` and the original put in a header wrapper.
fn wrap_into_header(wire: &str, new_body: &str) -> String {
    let body = element(wire, "s:Body");
    let evil = replace1(wire, &body, new_body);
    insert_before(
        &evil,
        "</s:Header>",
        &format!(r#"<w:Wrapper xmlns:w="urn:w" s:mustUnderstand="0">{body}</w:Wrapper>"#),
    )
}

fn body_not_signed(e: &PipelineError, soap_ns: &str) -> bool {
    matches!(e, PipelineError::PartNotSigned { name, namespace } if name == "Body" && namespace == soap_ns)
}

#[test]
fn a_controls_verify() {
    let s = signed_12();
    let v = s.control();
    assert!(v.body().unwrap().protection().signed);
    let s = signed_11();
    let v = s.control();
    assert!(v.body().unwrap().protection().signed);
}

#[test]
fn a_body_into_must_understand_0_wrapper_new_body_without_id() {
    let s = signed_12();
    s.control();
    let evil = wrap_into_header(&s.wire, &evil_body(""));
    let e = assert_err!(s.check(&evil), e if body_not_signed(e, SOAP12));
    assert_eq!(
        e.to_string(),
        format!("The 'Body', '{SOAP12}' required message part  was not signed.")
    );
}

#[test]
fn a_soap11_body_into_must_understand_0_wrapper() {
    let s = signed_11();
    s.control();
    let evil = wrap_into_header(&s.wire, &evil_body(""));
    assert_err!(s.check(&evil), e if body_not_signed(e, SOAP11));
}

#[test]
fn a_body_into_the_security_header() {
    // The original Body hidden inside wsse:Security (before the Signature), a new Body in place.
    let s = signed_12();
    s.control();
    let body = element(&s.wire, "s:Body");
    let evil = replace1(&s.wire, &body, &evil_body(""));
    let evil = insert_before(&evil, "<ds:Signature ", &body);
    assert_err!(
        s.check(&evil),
        PipelineError::UnexpectedSecurityElement { name } if name.ends_with("Body") && name.contains(SOAP12)
    );
    // At the end of the Security header (after the Signature): the same.
    let evil = replace1(&s.wire, &body, &evil_body(""));
    let evil = insert_before(&evil, "</wsse:Security>", &body);
    assert_err!(
        s.check(&evil),
        PipelineError::UnexpectedSecurityElement { name } if name.ends_with("Body")
    );
}

#[test]
fn a_new_body_with_another_wsu_id() {
    let s = signed_12();
    s.control();
    let other = format!(r#" xmlns:wsu="{WSU}" wsu:Id="Body-evil""#);
    let evil = wrap_into_header(&s.wire, &evil_body(&other));
    assert_err!(s.check(&evil), e if body_not_signed(e, SOAP12));
}

#[test]
fn a_new_body_with_the_same_id_under_unqualified_id() {
    // `Id` (unqualified) is an ID attribute only on XML Signature / Encryption elements: the
    // reference still resolves to the wrapped original, which is not the Body.
    let s = signed_12();
    s.control();
    let id = s.body_id();
    let evil = wrap_into_header(&s.wire, &evil_body(&format!(r#" Id="{id}""#)));
    assert_err!(s.check(&evil), e if body_not_signed(e, SOAP12));
}

#[test]
fn a_new_body_with_the_same_id_in_a_foreign_namespace() {
    let s = signed_12();
    s.control();
    let id = s.body_id();
    let evil = wrap_into_header(
        &s.wire,
        &evil_body(&format!(r#" xmlns:x="urn:evil" x:Id="{id}""#)),
    );
    assert_err!(s.check(&evil), e if body_not_signed(e, SOAP12));
}

#[test]
fn a_new_body_with_the_same_id_as_xml_id_or_another_wsu_prefix() {
    // `xml:id` and `wsu:Id` under any prefix are in the one ID index: a duplicate.
    let s = signed_12();
    s.control();
    let id = s.body_id();
    for attrs in [
        format!(r#" xml:id="{id}""#),
        format!(r#" xmlns:u="{WSU}" u:Id="{id}""#),
    ] {
        let evil = wrap_into_header(&s.wire, &evil_body(&attrs));
        assert_err!(
            s.check(&evil),
            PipelineError::Xml(XmlError::DuplicateId { id: dup, .. }) if *dup == id
        );
    }
}

#[test]
fn a_new_body_takes_the_id_and_the_original_is_renamed() {
    // The attacker gives the new Body the signed Id and renames the wrapped original's: the
    // reference now resolves to the new Body, whose digest is not the signed one.
    let s = signed_12();
    s.control();
    let id = s.body_id();
    let body = element(&s.wire, "s:Body");
    let renamed = replace1(&body, &format!(r#"wsu:Id="{id}""#), r#"wsu:Id="Old-1""#);
    let evil = replace1(
        &s.wire,
        &body,
        &evil_body(&format!(r#" xmlns:wsu="{WSU}" wsu:Id="{id}""#)),
    );
    let evil = insert_before(
        &evil,
        "</s:Header>",
        &format!(r#"<w:Wrapper xmlns:w="urn:w" s:mustUnderstand="0">{renamed}</w:Wrapper>"#),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(soapsec::dsig::DsigError::DigestMismatch { uri, .. }) if *uri == format!("#{id}")
    );
}

/// FAILS — FINDING A-1. A signed header block (the Note header, required at Sign) is moved into
/// another header block: the signature still verifies (its reference resolves by ID to the
/// nested element), the Note is no longer a header, so it is neither checked nor shown to the
/// application — a signed header is stripped without breaking the signature. Expected:
/// refused because the signature references an element that is not at a position the pipeline
/// checks (`UnsupportedStructure` naming the reference, fix 2 in the report).
#[test]
fn a_signed_header_wrapped_away_signature_still_verifies() {
    let s = signed_12();
    s.control();
    let note = element(&s.wire, "h:Note");
    let id = attr(&note, "wsu:Id").to_owned();
    let evil = replace1(
        &s.wire,
        &note,
        &format!(r#"<w:Old xmlns:w="urn:w">{note}</w:Old>"#),
    );
    let result = s.check(&evil);
    if let Ok(v) = &result {
        let headers: Vec<String> = v.headers().map(|h| h.name().to_string()).collect();
        panic!("ACCEPTED without the signed Note header: {headers:?}");
    }
    assert_err!(
        result,
        PipelineError::UnsupportedStructure { reason } if reason.contains(&id)
    );
}
