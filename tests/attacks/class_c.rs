//! Class C — XPath and namespace wrapping (WS-Attacker's XPath weaknesses; Jensen, Liao,
//! Schwenk, *The Curse of Namespaces in the Domain of XML Signature*, SWS'09; PortSwigger's
//! "The Fragile Lock", 2025): a reference selects by XPath or XPath-Filter 2 (which a moved copy
//! can satisfy), a reference names its target by something other than a bare `#id`, or a
//! prefix is re-declared on an ancestor so that a signed element's name means something else.
//!
//! Defence: only bare-name `#id` references (plus the two XPointer forms of XMLDSig), only
//! exclusive C14N and the enveloped transform, checked before any cryptography; names are
//! compared by namespace URI, and exclusive C14N renders the namespace of every visibly used
//! prefix, so rebinding one changes the digest. Limitation (documented by a test here): QName
//! *content* (`xsi:type="t:Gold"`) is not a visible use, so exclusive C14N does not sign its
//! prefix's binding; the application must treat QName content as unsigned.

use crate::support::*;
use soapsec::binding::ProtectionOrder;
use soapsec::contract::resolve;
use soapsec::dsig::DsigError;
use soapsec::envelope::EnvelopeError;
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::Algorithms;
use soapsec::pipeline::PipelineError;

const XPATH: &str = "http://www.w3.org/TR/1999/REC-xpath-19991116";
const XPATH_FILTER2: &str = "http://www.w3.org/2002/06/xmldsig-filter2";

/// The signed request with `transform` inserted as the first transform of the Body's reference.
fn with_body_transform(s: &Secured, transform: &str) -> String {
    let id = s.body_id();
    let anchor = format!(r##"<ds:Reference URI="#{id}"><ds:Transforms>"##);
    insert_after(&s.wire, &anchor, transform)
}

#[test]
fn c_xpath_transform_in_a_reference() {
    let s = signed_12();
    s.control();
    let evil = with_body_transform(
        &s,
        &format!(
            r#"<ds:Transform Algorithm="{XPATH}"><ds:XPath xmlns:s="{SOAP12}">ancestor-or-self::s:Body</ds:XPath></ds:Transform>"#
        ),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::UnsupportedAlgorithm { uri }) if uri == XPATH
    );
}

#[test]
fn c_xpath_filter2_transform_in_a_reference() {
    let s = signed_12();
    s.control();
    let evil = with_body_transform(
        &s,
        &format!(
            r#"<ds:Transform Algorithm="{XPATH_FILTER2}"><f:XPath xmlns:f="{XPATH_FILTER2}" xmlns:s="{SOAP12}" Filter="intersect">//s:Body</f:XPath></ds:Transform>"#
        ),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::UnsupportedAlgorithm { uri }) if uri == XPATH_FILTER2
    );
}

#[test]
fn c_reference_by_anything_but_a_bare_id() {
    let s = signed_12();
    s.control();
    let id = s.body_id();
    for uri in [
        "//s:Body".to_owned(),
        "#xpointer(//*[local-name()='Body'])".to_owned(),
        "#xpointer(/s:Envelope/s:Body)".to_owned(),
        format!("#xpointer(id('{id}'))/child::*"),
        format!("message.xml#{id}"),
        format!("# {id}"),
        format!("#{id}/.."),
    ] {
        let evil = replace1(
            &s.wire,
            &format!(r##"URI="#{id}""##),
            &format!(r#"URI="{uri}""#),
        );
        assert_err!(
            s.check(&evil),
            PipelineError::Dsig(DsigError::UnsupportedReference { uri: got }) if *got == uri
        );
    }
    // A supported form (XPointer id(), comments kept) that the signer did not write: the
    // SignedInfo changed, so the SignatureValue no longer verifies.
    let evil = replace1(
        &s.wire,
        &format!(r##"URI="#{id}""##),
        &format!(r##"URI="#xpointer(id('{id}'))""##),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::InvalidSignatureValue)
    );
}

#[test]
fn c_prefix_rebound_on_an_ancestor() {
    // `a` (WS-Addressing) re-declared on s:Header: the signed a:Action now is
    // {urn:evil}Action. Exclusive C14N renders the visibly used prefix's binding: digest mismatch.
    let s = signed_12();
    s.control();
    let evil = replace1(
        &s.wire,
        "<s:Header>",
        r#"<s:Header xmlns:a="urn:evil:addressing">"#,
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::DigestMismatch { uri, .. }) if uri.starts_with("#Header-")
    );
    // The Body's operation namespace through the default namespace on the Body: the Submit
    // element declares its own, so a declaration on the ancestor changes nothing ...
    let same = replace1(&s.wire, "<s:Body ", r#"<s:Body xmlns="urn:evil" "#);
    s.check(&same)
        .expect("an unused declaration on an ancestor is not information");
    // ... while removing the operation's own declaration lets the ancestor's apply: mismatch.
    let evil = replace1(&same, &format!(r#"<Submit xmlns="{NS}">"#), "<Submit>");
    let id = s.body_id();
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::DigestMismatch { uri, .. }) if *uri == format!("#{id}")
    );
}

#[test]
fn c_envelope_prefix_rebound_to_another_namespace() {
    // s re-declared on the Body to a non-SOAP namespace: the Body is no longer a SOAP Body.
    let s = signed_12();
    s.control();
    let evil = replace1(&s.wire, "<s:Body ", r#"<s:Body xmlns:s="urn:evil" "#);
    assert_err!(
        s.check(&evil),
        PipelineError::Envelope(EnvelopeError::UnexpectedElement { name, parent: "Envelope", .. })
            if name == "{urn:evil}Body"
    );
}

/// KNOWN LIMITATION (not a defect of the verifier, a property of exclusive C14N): QName-valued
/// content is not a visible use of its prefix, so the prefix's binding is not signed. The
/// message verifies, and the application sees the attacker's binding. The outbound pipeline
/// writes no `InclusiveNamespaces PrefixList`, so it cannot sign it either.
#[test]
fn c_qname_content_prefix_binding_is_not_signed_known_limitation() {
    let res = resolve(
        &contract(Some(ProtectionLevel::Sign), None),
        &ws_http(ProtectionOrder::SignBeforeEncrypt),
    );
    let body = format!(
        r#"<Submit xmlns="{NS}" xmlns:t="urn:tiers"><order xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="t:Gold">x</order></Submit>"#
    );
    let msg = soap12_request(SUBMIT, &body, false);
    let wire = protect_as(&res, &out_opts(), "client", SUBMIT, &msg);
    let s = Secured {
        res,
        wire,
        soap_action: None,
        algorithms: Algorithms::modern(),
    };
    s.control();
    let evil = replace1(
        &s.wire,
        r#"xmlns:t="urn:tiers""#,
        r#"xmlns:t="urn:tiers:admin""#,
    );
    let v = s
        .check(&evil)
        .expect("exclusive C14N does not sign an unused prefix binding");
    let order = v
        .body()
        .unwrap()
        .operation()
        .unwrap()
        .first_child_element()
        .unwrap();
    assert_eq!(
        order.attribute("http://www.w3.org/2001/XMLSchema-instance", "type"),
        Some("t:Gold")
    );
    assert_eq!(order.lookup_namespace("t"), Some("urn:tiers:admin"));
}
