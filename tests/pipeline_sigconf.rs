//! WS-Security 1.1 SignatureConfirmation: a service confirms the client's request signature in
//! its reply, and the client checks it. Wrong, missing, unsigned, misplaced and unexpected
//! confirmations, the WS-Security 1.0 refusal, and the Value-less confirmation of an unsigned
//! request.

use base64ct::{Base64, Encoding};
use soapsec::binding::{Binding, ProtectionOrder, WsSecurityVersion};
use soapsec::contract::{Contract, Direction, Message, Resolution, resolve};
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{
    Credentials, FixedClock, InboundOptions, OutboundOptions, PipelineError, Verified, protect,
    protect_detailed, verify,
};
use std::sync::Arc;

const NOW: i64 = 1_893_456_000;
const NS: &str = "http://tempuri.org/";
const SUBMIT: &str = "http://tempuri.org/IOrder/Submit";
const SUBMIT_REPLY: &str = "http://tempuri.org/IOrder/SubmitResponse";
const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
const WSA: &str = "http://www.w3.org/2005/08/addressing";

mod common;
use common::pki::{cert, key, store};

fn binding(order: ProtectionOrder) -> Binding {
    let mut b = Binding::preset("wsHttp").unwrap();
    b.protection_order = order;
    b
}

/// IOrder.Submit (request and reply) at `level`.
fn resolution(level: ProtectionLevel, b: &Binding) -> Resolution {
    let c = Contract::new("IOrder", NS);
    let mut submit = c.new_operation("Submit").with_level(Some(level));
    submit.input = Message::default().member("order", NS, None);
    resolve(&c.clone().with_operation(submit), b)
}

fn request() -> String {
    format!(
        r#"<s:Envelope xmlns:s="{SOAP12}" xmlns:a="{WSA}"><s:Header><a:Action s:mustUnderstand="1">{SUBMIT}</a:Action><a:MessageID>urn:uuid:1</a:MessageID></s:Header><s:Body><Submit xmlns="{NS}"><order>confidential-order</order></Submit></s:Body></s:Envelope>"#
    )
}

fn reply() -> String {
    format!(
        r#"<s:Envelope xmlns:s="{SOAP12}" xmlns:a="{WSA}"><s:Header><a:Action s:mustUnderstand="1">{SUBMIT_REPLY}</a:Action><a:RelatesTo>urn:uuid:1</a:RelatesTo></s:Header><s:Body><SubmitResponse xmlns="{NS}"><SubmitResult>accepted</SubmitResult></SubmitResponse></s:Body></s:Envelope>"#
    )
}

fn out_opts(confirm: Option<Vec<Vec<u8>>>) -> OutboundOptions {
    OutboundOptions {
        clock: Arc::new(FixedClock(NOW)),
        signature_confirmation: confirm,
        ..Default::default()
    }
}
fn in_opts(expect: Option<Vec<Vec<u8>>>) -> InboundOptions {
    InboundOptions {
        clock: Arc::new(FixedClock(NOW + 1)),
        expect_signature_confirmation: expect,
        ..Default::default()
    }
}

/// The client's request: the wire and the SignatureValue it must remember.
fn client_request(res: &Resolution) -> (String, Vec<u8>) {
    let (k, c, p) = (key("client"), cert("client"), cert("server"));
    let out = protect_detailed(
        res,
        Direction::Request,
        Some(SUBMIT),
        &Credentials {
            private_key: &k,
            certificate: &c,
            peer_certificate: &p,
        },
        &out_opts(None),
        request().as_bytes(),
    )
    .unwrap();
    (
        String::from_utf8(out.envelope).unwrap(),
        out.signature_value,
    )
}

fn service_receives(res: &Resolution, wire: &str) -> Verified {
    verify(
        res,
        Direction::Request,
        None,
        &store("server"),
        &in_opts(None),
        wire.as_bytes(),
    )
    .unwrap()
}

fn service_reply(res: &Resolution, confirm: Option<Vec<Vec<u8>>>) -> Result<String, PipelineError> {
    let (k, c, p) = (key("server"), cert("server"), cert("client"));
    protect(
        res,
        Direction::Reply,
        Some(SUBMIT_REPLY),
        &Credentials {
            private_key: &k,
            certificate: &c,
            peer_certificate: &p,
        },
        &out_opts(confirm),
        reply().as_bytes(),
    )
    .map(|w| String::from_utf8(w).unwrap())
}

fn client_check(
    res: &Resolution,
    expect: Option<Vec<Vec<u8>>>,
    wire: &str,
) -> Result<Verified, PipelineError> {
    verify(
        res,
        Direction::Reply,
        None,
        &store("client"),
        &in_opts(expect),
        wire.as_bytes(),
    )
}

fn b64(v: &[u8]) -> String {
    Base64::encode_string(v)
}

/// The whole exchange: the service confirms the signature it verified.
fn exchange(order: ProtectionOrder, level: ProtectionLevel) -> (Resolution, Vec<u8>, String) {
    let res = resolution(level, &binding(order));
    let (req, sent) = client_request(&res);
    let v = service_receives(&res, &req);
    assert_eq!(v.signature_value(), sent.as_slice(), "{order:?}");
    let wire = service_reply(&res, Some(vec![v.signature_value().to_vec()])).unwrap();
    (res, sent, wire)
}

#[test]
fn service_confirms_the_client_signature_for_each_order() {
    for order in [
        ProtectionOrder::SignBeforeEncryptAndEncryptSignature,
        ProtectionOrder::SignBeforeEncrypt,
        ProtectionOrder::EncryptBeforeSign,
    ] {
        let (res, sent, wire) = exchange(order, ProtectionLevel::EncryptAndSign);
        let sc = format!(r#"Value="{}""#, b64(&sent));
        assert!(wire.contains("<wsse11:SignatureConfirmation"), "{order:?}");
        assert!(wire.contains(&sc), "{order:?}");
        assert!(wire.contains(
            r#"xmlns:wsse11="http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd""#
        ));
        if let Some(sig) = wire.find("<ds:Signature") {
            assert!(
                wire.find("<wsse11:SignatureConfirmation").unwrap() < sig,
                "{order:?}: the confirmation goes before the primary signature"
            );
        }
        let v = client_check(&res, Some(vec![sent.clone()]), &wire)
            .unwrap_or_else(|e| panic!("{order:?}: {e}"));
        assert_eq!(
            v.body().unwrap().operation().unwrap().local_name(),
            "SubmitResponse"
        );
        // Without the expectation, a confirmation is refused (WCF: not expected).
        let e = client_check(&res, None, &wire).unwrap_err();
        assert!(
            matches!(e, PipelineError::SignatureConfirmationNotExpected),
            "{order:?}: {e:?}"
        );
    }
}

#[test]
fn several_confirmations_match_as_a_set() {
    let res = resolution(
        ProtectionLevel::Sign,
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let (a, b) = (vec![1u8, 2, 3], vec![4u8, 5, 6]);
    let wire = service_reply(&res, Some(vec![a.clone(), b.clone()])).unwrap();
    assert_eq!(wire.matches("<wsse11:SignatureConfirmation").count(), 2);
    client_check(&res, Some(vec![b.clone(), a.clone()]), &wire).unwrap();
    // One of them only: the reply confirms more than was sent.
    let e = client_check(&res, Some(vec![a.clone()]), &wire).unwrap_err();
    assert!(
        matches!(&e, PipelineError::SignatureConfirmationMismatch { expected, found }
            if *expected == vec![b64(&a)] && found.len() == 2),
        "{e:?}"
    );
    // The same value twice is not two different ones.
    let e = client_check(&res, Some(vec![a.clone(), a.clone()]), &wire).unwrap_err();
    assert!(
        matches!(e, PipelineError::SignatureConfirmationMismatch { .. }),
        "{e:?}"
    );
}

#[test]
fn wrong_value_is_a_mismatch_naming_the_expected_one() {
    let (res, sent, _) = exchange(
        ProtectionOrder::SignBeforeEncrypt,
        ProtectionLevel::EncryptAndSign,
    );
    let mut other = sent.clone();
    other[0] ^= 1;
    let wire = service_reply(&res, Some(vec![other.clone()])).unwrap();
    let e = client_check(&res, Some(vec![sent.clone()]), &wire).unwrap_err();
    match &e {
        PipelineError::SignatureConfirmationMismatch { expected, found } => {
            assert_eq!(expected, &vec![b64(&sent)]);
            assert_eq!(found, &vec![b64(&other)]);
        }
        e => panic!("{e:?}"),
    }
    assert!(e.to_string().contains(&b64(&sent)), "{e}");
}

#[test]
fn missing_confirmation_names_the_expected_value() {
    let res = resolution(
        ProtectionLevel::EncryptAndSign,
        &binding(ProtectionOrder::SignBeforeEncryptAndEncryptSignature),
    );
    let (req, sent) = client_request(&res);
    service_receives(&res, &req);
    let wire = service_reply(&res, None).unwrap();
    assert!(!wire.contains("SignatureConfirmation"));
    let e = client_check(&res, Some(vec![sent.clone()]), &wire).unwrap_err();
    assert!(
        matches!(&e, PipelineError::SignatureConfirmationMissing { expected }
            if *expected == vec![b64(&sent)]),
        "{e:?}"
    );
    assert!(e.to_string().contains(&b64(&sent)), "{e}");
    // An unsigned request was to be confirmed by a Value-less element: also missing.
    let e = client_check(&res, Some(vec![]), &wire).unwrap_err();
    assert!(
        matches!(&e, PipelineError::SignatureConfirmationMissing { expected }
            if *expected == vec!["(no Value)".to_owned()]),
        "{e:?}"
    );
}

/// An attacker (or a broken peer) adds a confirmation the signature does not cover: a signed
/// reply without one, with a SignatureConfirmation inserted after the Timestamp. The primary
/// signature still verifies; the confirmation is refused as unsigned, with WCF's text.
#[test]
fn unsigned_confirmation_is_refused() {
    for order in [
        ProtectionOrder::SignBeforeEncrypt,
        ProtectionOrder::SignBeforeEncryptAndEncryptSignature,
        ProtectionOrder::EncryptBeforeSign,
    ] {
        let (res, sent, _) = exchange(order, ProtectionLevel::EncryptAndSign);
        let plain = service_reply(&res, None).unwrap();
        let forged = plain.replacen(
            "</wsu:Timestamp>",
            &format!(
                r#"</wsu:Timestamp><wsse11:SignatureConfirmation xmlns:wsse11="http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="forged-sc" Value="{}"/>"#,
                b64(&sent)
            ),
            1,
        );
        assert_ne!(forged, plain);
        let e = client_check(&res, Some(vec![sent.clone()]), &forged).unwrap_err();
        assert!(
            matches!(&e, PipelineError::SecurityHeaderElementNotSigned { element, id }
                if element == "SignatureConfirmation" && id == "forged-sc"),
            "{order:?}: {e:?}"
        );
        assert_eq!(
            e.to_string(),
            "The security header element 'SignatureConfirmation' with the 'forged-sc' id must be signed."
        );
    }
}

/// A signed confirmation whose signature reference was stripped: the signature no longer
/// verifies at all, so the reply is refused before the confirmation is even considered.
#[test]
fn stripping_the_confirmation_reference_breaks_the_signature() {
    let res = resolution(
        ProtectionLevel::Sign,
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let wire = service_reply(&res, Some(vec![vec![9u8; 32]])).unwrap();
    let sc_id = {
        let a = wire.find("<wsse11:SignatureConfirmation").unwrap();
        let tag = &wire[a..a + wire[a..].find('>').unwrap()];
        let i = tag.find("wsu:Id=\"").unwrap() + 8;
        tag[i..i + tag[i..].find('"').unwrap()].to_owned()
    };
    let r = wire
        .find(&format!("<ds:Reference URI=\"#{sc_id}\""))
        .unwrap();
    let end = r + wire[r..].find("</ds:Reference>").unwrap() + "</ds:Reference>".len();
    let stripped = format!("{}{}", &wire[..r], &wire[end..]);
    assert!(client_check(&res, Some(vec![vec![9u8; 32]]), &stripped).is_err());
}

#[test]
fn confirmation_after_the_primary_signature_is_refused() {
    let res = resolution(
        ProtectionLevel::Sign,
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let value = vec![7u8; 16];
    let wire = service_reply(&res, Some(vec![value.clone()])).unwrap();
    let a = wire.find("<wsse11:SignatureConfirmation").unwrap();
    let b = a
        + wire[a..].find("</wsse11:SignatureConfirmation>").unwrap()
        + "</wsse11:SignatureConfirmation>".len();
    let sc = wire[a..b].to_owned();
    let without = format!("{}{}", &wire[..a], &wire[b..]);
    let moved = without.replacen("</ds:Signature>", &format!("</ds:Signature>{sc}"), 1);
    let e = client_check(&res, Some(vec![value]), &moved).unwrap_err();
    assert!(
        matches!(e, PipelineError::SignatureConfirmationAfterSignature),
        "{e:?}"
    );
}

#[test]
fn unsigned_request_is_confirmed_without_value() {
    let res = resolution(
        ProtectionLevel::Sign,
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let wire = service_reply(&res, Some(vec![])).unwrap();
    let a = wire.find("<wsse11:SignatureConfirmation").unwrap();
    let tag = &wire[a..a + wire[a..].find('>').unwrap()];
    assert!(tag.contains("wsu:Id=\"SC-"), "{tag}");
    assert!(!tag.contains("Value="), "{tag}");
    assert_eq!(wire.matches("<wsse11:SignatureConfirmation").count(), 1);
    client_check(&res, Some(vec![]), &wire).unwrap();
    // A client that signed its request does not accept a Value-less confirmation …
    let e = client_check(&res, Some(vec![vec![1u8, 2]]), &wire).unwrap_err();
    assert!(
        matches!(&e, PipelineError::SignatureConfirmationMismatch { expected, found }
            if *expected == vec![b64(&[1, 2])] && *found == vec!["(no Value)".to_owned()]),
        "{e:?}"
    );
    // … and a client that did not sign does not accept a confirmation with a Value.
    let with_value = service_reply(&res, Some(vec![vec![1u8, 2]])).unwrap();
    let e = client_check(&res, Some(vec![]), &with_value).unwrap_err();
    assert!(
        matches!(e, PipelineError::SignatureConfirmationMismatch { .. }),
        "{e:?}"
    );
}

#[test]
fn ws_security_10_refuses_signature_confirmation() {
    let mut b = binding(ProtectionOrder::SignBeforeEncrypt);
    b.security_version = WsSecurityVersion::V10;
    let res = resolution(ProtectionLevel::Sign, &b);
    let e = service_reply(&res, Some(vec![vec![1u8]])).unwrap_err();
    assert!(
        matches!(e, PipelineError::SignatureConfirmationRequiresWss11 { .. }),
        "{e:?}"
    );
    let e = service_reply(&res, Some(vec![])).unwrap_err();
    assert!(
        matches!(e, PipelineError::SignatureConfirmationRequiresWss11 { .. }),
        "{e:?}"
    );
    // Inbound, expecting one under 1.0 is the same error (before any parsing).
    let wire = service_reply(&res, None).unwrap();
    let e = client_check(&res, Some(vec![vec![1u8]]), &wire).unwrap_err();
    assert!(
        matches!(e, PipelineError::SignatureConfirmationRequiresWss11 { .. }),
        "{e:?}"
    );
    // Without the option, 1.0 works as before.
    client_check(&res, None, &wire).unwrap();
}

#[test]
fn requests_and_empty_values_are_refused() {
    let res = resolution(
        ProtectionLevel::Sign,
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let (k, c, p) = (key("client"), cert("client"), cert("server"));
    let creds = Credentials {
        private_key: &k,
        certificate: &c,
        peer_certificate: &p,
    };
    let e = protect(
        &res,
        Direction::Request,
        Some(SUBMIT),
        &creds,
        &out_opts(Some(vec![vec![1u8]])),
        request().as_bytes(),
    )
    .unwrap_err();
    assert!(
        matches!(e, PipelineError::SignatureConfirmationMisused { .. }),
        "{e:?}"
    );
    let e = service_reply(&res, Some(vec![vec![]])).unwrap_err();
    assert!(
        matches!(e, PipelineError::SignatureConfirmationMisused { .. }),
        "{e:?}"
    );
    let (req, _) = client_request(&res);
    let e = verify(
        &res,
        Direction::Request,
        None,
        &store("server"),
        &in_opts(Some(vec![vec![1u8]])),
        req.as_bytes(),
    )
    .unwrap_err();
    assert!(
        matches!(e, PipelineError::SignatureConfirmationMisused { .. }),
        "{e:?}"
    );
}
