//! Class B — XSW1–8 (Somorovsky et al., *On Breaking SAML*, USENIX Security'12; SAML Raider's
//! numbering) adapted to SOAP: the signed element is the `soap:Body` of a sign-only request, the
//! evil copy is a new Body with the attacker's order, and the original is put where each
//! variant puts it (into or before the Signature, beside or below the evil copy, at the end,
//! inside `ds:KeyInfo` or `ds:Object`, or under an `Extensions` wrapper).
//!
//! Defence: as in class A (the Body is a verified node at its fixed position), plus exactly one
//! instance of each security-critical element at its position: one Body, one document element,
//! only known children in `wsse:Security`, only `SignedInfo`/`SignatureValue`/`KeyInfo`/`Object`
//! in `ds:Signature`, exactly one STR in `ds:KeyInfo`, and no reference into the Signature
//! (so nothing hidden in `ds:Object` can be what was signed).

use crate::support::*;
use soapsec::dsig::DsigError;
use soapsec::envelope::EnvelopeError;
use soapsec::pipeline::PipelineError;
use soapsec::token::TokenError;
use soapsec::xml::XmlError;

fn evil_body() -> String {
    format!(r#"<s:Body><Submit xmlns="{NS}"><order>evil-order</order></Submit></s:Body>"#)
}

/// The sign-only SOAP 1.2 request, its original Body, and the request with the Body replaced by
/// the evil copy.
fn setup() -> (Secured, String, String) {
    let s = signed_12();
    s.control();
    let body = element(&s.wire, "s:Body");
    let evil = replace1(&s.wire, &body, &evil_body());
    (s, body, evil)
}

#[test]
fn xsw1_original_cloned_into_the_signature() {
    let (s, body, evil) = setup();
    let evil = insert_before(&evil, "</ds:Signature>", &body);
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::UnexpectedElement { element, parent: "Signature" })
            if element.ends_with("Body")
    );
}

#[test]
fn xsw2_original_just_before_the_signature() {
    let (s, body, evil) = setup();
    let evil = insert_before(&evil, "<ds:Signature ", &body);
    assert_err!(
        s.check(&evil),
        PipelineError::UnexpectedSecurityElement { name } if name.ends_with("Body")
    );
}

#[test]
fn xsw3_evil_copy_as_preceding_sibling() {
    let s = signed_12();
    s.control();
    let evil = insert_before(&s.wire, "<s:Body ", &evil_body());
    assert_err!(
        s.check(&evil),
        PipelineError::Envelope(EnvelopeError::DuplicateBody { .. })
    );
}

#[test]
fn xsw4_evil_copy_as_parent_of_the_original() {
    let (s, body, _) = setup();
    let evil = replace1(
        &s.wire,
        &body,
        &format!(
            r#"<s:Body><Submit xmlns="{NS}"><order>evil-order</order></Submit>{body}</s:Body>"#
        ),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::PartNotSigned { name, namespace } if name == "Body" && namespace == SOAP12
    );
}

#[test]
fn xsw5_original_moved_to_the_end_of_the_document() {
    let (s, body, evil) = setup();
    let evil = format!("{evil}{body}");
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::MultipleRoots { .. })
    );
    // At the end of the Envelope (after the evil Body): a second Body.
    let (s, body, evil) = setup();
    let evil = insert_before(&evil, "</s:Envelope>", &body);
    assert_err!(
        s.check(&evil),
        PipelineError::Envelope(EnvelopeError::DuplicateBody { .. })
    );
}

#[test]
fn xsw6_original_inside_the_signature_key_info() {
    let (s, body, evil) = setup();
    let evil = insert_before(&evil, "</ds:KeyInfo>", &body);
    assert_err!(
        s.check(&evil),
        PipelineError::Token(TokenError::UnsupportedKeyInfo { found })
            if found == "2 child elements in ds:KeyInfo"
    );
}

#[test]
fn xsw7_original_inside_an_extensions_wrapper() {
    let (s, body, evil) = setup();
    let evil = insert_before(
        &evil,
        "</s:Header>",
        &format!(
            r#"<ext:Extensions xmlns:ext="urn:oasis:names:tc:SAML:2.0:protocol">{body}</ext:Extensions>"#
        ),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::PartNotSigned { name, .. } if name == "Body"
    );
}

#[test]
fn xsw8_original_inside_ds_object() {
    let (s, body, evil) = setup();
    let evil = insert_before(
        &evil,
        "</ds:Signature>",
        &format!("<ds:Object>{body}</ds:Object>"),
    );
    let id = s.body_id();
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::ReferenceIntoSignature { uri }) if *uri == format!("#{id}")
    );
}
