//! The pipeline's flows: round trips for each protection order, every WCF error text, and the
//! attacks of attacks.md that apply (A wrapping, D duplicate IDs, E timestamps and replay,
//! J algorithms, N unsigned action, O encrypted parts).

use soapsec::binding::{Binding, HeaderLayout, ProtectionOrder};
use soapsec::contract::{Contract, Direction, Message, Resolution, resolve};
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{
    Credentials, FixedClock, InboundOptions, KeyReference, OutboundOptions, PipelineError,
    ReplayDetection, Verified, protect, verify,
};
use std::sync::Arc;

const NOW: i64 = 1_893_456_000;
const NS: &str = "http://tempuri.org/";
const SUBMIT: &str = "http://tempuri.org/IOrder/Submit";
const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";

mod common;
use common::pki::{cert, key, store};

/// IOrder.Submit: header Secret (binding default: EncryptAndSign), header Note (Sign), body
/// at the binding default (EncryptAndSign); IOrder.Ping at Sign.
fn contract(body: Option<ProtectionLevel>) -> Contract {
    let c = Contract::new("IOrder", NS);
    let mut submit = c.new_operation("Submit").with_level(body);
    submit.input = Message::default()
        .header("Secret", "urn:h", None)
        .header("Note", "urn:h", Some(ProtectionLevel::Sign))
        .member("order", NS, None);
    c.clone().with_operation(submit)
}

fn binding(order: ProtectionOrder) -> Binding {
    let mut b = Binding::preset("wsHttp").unwrap();
    b.protection_order = order;
    b
}

fn message() -> String {
    format!(
        r#"<s:Envelope xmlns:s="{SOAP12}" xmlns:a="http://www.w3.org/2005/08/addressing" xmlns:h="urn:h"><s:Header><a:Action s:mustUnderstand="1">{SUBMIT}</a:Action><a:MessageID>urn:uuid:1</a:MessageID><h:Secret s:mustUnderstand="1">launch-code-123</h:Secret><h:Note>hello</h:Note></s:Header><s:Body><Submit xmlns="{NS}"><order>confidential-order</order></Submit></s:Body></s:Envelope>"#
    )
}

fn out_opts() -> OutboundOptions {
    OutboundOptions {
        clock: Arc::new(FixedClock(NOW)),
        ..Default::default()
    }
}
fn in_opts() -> InboundOptions {
    InboundOptions {
        clock: Arc::new(FixedClock(NOW + 1)),
        ..Default::default()
    }
}

fn protect_with(res: &Resolution, opts: &OutboundOptions, msg: &str, action: &str) -> String {
    let (k, c, p) = (key("client"), cert("client"), cert("server"));
    let wire = protect(
        res,
        Direction::Request,
        Some(action),
        &Credentials {
            private_key: &k,
            certificate: &c,
            peer_certificate: &p,
        },
        opts,
        msg.as_bytes(),
    )
    .unwrap();
    String::from_utf8(wire).unwrap()
}

fn check(
    res: &Resolution,
    opts: &InboundOptions,
    wire: &str,
    soap_action: Option<&str>,
) -> Result<Verified, PipelineError> {
    verify(
        res,
        Direction::Request,
        soap_action,
        &store("server"),
        opts,
        wire.as_bytes(),
    )
}

/// A sign-only request (IOrder.Submit at Sign), the basis for the tampering tests.
fn signed_only() -> (Resolution, String) {
    let res = resolve(
        &contract(Some(ProtectionLevel::Sign)),
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let mut msg = message();
    msg = msg.replace(
        "<h:Secret s:mustUnderstand=\"1\">launch-code-123</h:Secret>",
        "",
    );
    let wire = protect_with(&res, &out_opts(), &msg, SUBMIT);
    (res, wire)
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let a = s.find(start).unwrap();
    let b = a + s[a..].find(end).unwrap() + end.len();
    &s[a..b]
}

#[test]
fn round_trip_for_each_protection_order() {
    for order in [
        ProtectionOrder::SignBeforeEncryptAndEncryptSignature,
        ProtectionOrder::SignBeforeEncrypt,
        ProtectionOrder::EncryptBeforeSign,
    ] {
        let res = resolve(&contract(None), &binding(order));
        let wire = protect_with(&res, &out_opts(), &message(), SUBMIT);
        assert!(
            !wire.contains("launch-code-123"),
            "{order:?}: header in clear"
        );
        assert!(
            !wire.contains("confidential-order"),
            "{order:?}: body in clear"
        );
        assert!(wire.contains("EncryptedHeader"), "{order:?}");
        assert!(
            wire.contains("<h:Note"),
            "{order:?}: Sign-only header stays readable"
        );
        assert_eq!(
            wire.contains("<ds:Signature"),
            order != ProtectionOrder::SignBeforeEncryptAndEncryptSignature,
            "{order:?}: the signature is encrypted only under SBEAES"
        );
        let v = check(&res, &in_opts(), &wire, None).unwrap_or_else(|e| panic!("{order:?}: {e}"));
        let body = v.body().unwrap();
        assert!(
            body.protection().signed && body.protection().encrypted,
            "{order:?}"
        );
        assert_eq!(body.operation().unwrap().local_name(), "Submit");
        let secret = v.signed_header("urn:h", "Secret").unwrap();
        assert_eq!(secret.element().text(), "launch-code-123");
        assert!(secret.protection().encrypted);
        let note = v.signed_header("urn:h", "Note").unwrap();
        assert!(!note.protection().encrypted);
        assert!(
            v.signed_header("http://www.w3.org/2005/08/addressing", "Action")
                .is_some()
        );
        assert_eq!(v.action(), Some(SUBMIT));
        assert!(v.caller().certificate().subject().contains("client"));
        assert_eq!(
            v.parts().last().map(|p| p.required),
            Some(ProtectionLevel::EncryptAndSign)
        );
    }
}

#[test]
fn ids_never_collide_with_existing_ones() {
    let res = resolve(
        &contract(None),
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let msg = message()
        .replace("<h:Note>", r#"<h:Note xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="TS-1">"#)
        .replace("<Submit ", r#"<Submit Id="X509-2" "#);
    let wire = protect_with(&res, &out_opts(), &msg, SUBMIT);
    check(&res, &in_opts(), &wire, None).unwrap();
}

#[test]
fn signer_by_key_identifier() {
    let res = resolve(
        &contract(None),
        &binding(ProtectionOrder::SignBeforeEncryptAndEncryptSignature),
    );
    let opts = OutboundOptions {
        signer_reference: KeyReference::SubjectKeyIdentifier,
        ..out_opts()
    };
    let wire = protect_with(&res, &opts, &message(), SUBMIT);
    assert!(!wire.contains("BinarySecurityToken"));
    let mut s = store("server");
    s.add_peer(cert("client"), soapsec::token::PeerTrust::ValidateChain);
    verify(
        &res,
        Direction::Request,
        None,
        &s,
        &in_opts(),
        wire.as_bytes(),
    )
    .unwrap();
}

#[test]
fn protection_order_mismatch() {
    let sent = resolve(
        &contract(None),
        &binding(ProtectionOrder::EncryptBeforeSign),
    );
    let wire = protect_with(&sent, &out_opts(), &message(), SUBMIT);
    let expecting = resolve(
        &contract(None),
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let e = check(&expecting, &in_opts(), &wire, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The received message does not meet the required message protection order 'SignBeforeEncrypt'."
    );
}

#[test]
fn primary_signature_must_be_encrypted() {
    let sent = resolve(
        &contract(None),
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let wire = protect_with(&sent, &out_opts(), &message(), SUBMIT);
    let expecting = resolve(
        &contract(None),
        &binding(ProtectionOrder::SignBeforeEncryptAndEncryptSignature),
    );
    let e = check(&expecting, &in_opts(), &wire, None).unwrap_err();
    assert_eq!(e.to_string(), "The primary signature must be encrypted.");
}

#[test]
fn part_not_signed_and_not_encrypted() {
    // The receiver requires the body encrypted; the sender only signs it.
    let (_, wire) = signed_only();
    let strict = resolve(
        &contract(None),
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let e = check(&strict, &in_opts(), &wire, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("The 'Body', '{SOAP12}' required message part  was not encrypted.")
    );
    // The receiver requires header Extra signed; the sender does not know it.
    let c = Contract::new("IOrder", NS);
    let mut submit = c
        .new_operation("Submit")
        .with_level(Some(ProtectionLevel::Sign));
    submit.input = Message::default().header("Extra", "urn:h", None);
    let res = resolve(
        &c.clone().with_operation(submit),
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let (sender, _) = signed_only();
    let msg = message().replace(
        "<h:Secret s:mustUnderstand=\"1\">launch-code-123</h:Secret>",
        "<h:Extra>x</h:Extra>",
    );
    let wire = protect_with(&sender, &out_opts(), &msg, SUBMIT);
    let e = check(&res, &in_opts(), &wire, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The 'Extra', 'urn:h' required message part  was not signed."
    );
}

#[test]
fn tampered_body_is_rejected() {
    let (res, wire) = signed_only();
    let bad = wire.replace("confidential-order", "confidential-ordeR");
    let e = check(&res, &in_opts(), &bad, None).unwrap_err();
    assert!(matches!(e, PipelineError::Dsig(_)), "{e:?}");
}

#[test]
fn tampered_ciphertext_is_rejected_uniformly() {
    let res = resolve(
        &contract(None),
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let wire = protect_with(&res, &out_opts(), &message(), SUBMIT);
    // Flip a character in the body's ciphertext (the last CipherValue is the body or header).
    let last = wire.rfind("<xenc:CipherValue>").unwrap() + "<xenc:CipherValue>".len();
    let mut bad = wire.clone();
    let c = bad.as_bytes()[last + 10];
    bad.replace_range(last + 10..last + 11, if c == b'A' { "B" } else { "A" });
    let e = check(&res, &in_opts(), &bad, None).unwrap_err();
    assert!(
        matches!(e, PipelineError::Xenc(_) | PipelineError::Dsig(_)),
        "{e:?}"
    );
}

#[test]
fn wrapped_body_is_never_accepted() {
    // Class A: the signed Body moved into a header wrapper, a new Body at the fixed position.
    let (res, wire) = signed_only();
    let body = between(&wire, "<s:Body", "</s:Body>").to_owned();
    let evil = wire.replace(
        &body,
        r#"<s:Body><Submit xmlns="http://tempuri.org/"><order>evil</order></Submit></s:Body>"#,
    );
    let wrapped = evil.replace(
        "</s:Header>",
        &format!(
            r#"<w:Wrapper xmlns:w="urn:w" s:mustUnderstand="0">{body}</w:Wrapper></s:Header>"#
        ),
    );
    let e = check(&res, &in_opts(), &wrapped, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("The 'Body', '{SOAP12}' required message part  was not signed.")
    );
}

#[test]
fn duplicate_ids_are_rejected() {
    // Class D: a second element with the Body's wsu:Id.
    let (res, wire) = signed_only();
    let at = wire.find("wsu:Id=\"Body-").unwrap() + "wsu:Id=\"".len();
    let body_id = wire[at..at + wire[at..].find('"').unwrap()].to_owned();
    assert!(body_id.starts_with("Body-"));
    let dup = wire.replace(
        "</s:Header>",
        &format!(r#"<w:X xmlns:w="urn:w" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="{body_id}"/></s:Header>"#),
    );
    let e = check(&res, &in_opts(), &dup, None).unwrap_err();
    assert!(matches!(e, PipelineError::Xml(_)), "{e:?}");
}

#[test]
fn duplicate_and_empty_security_headers() {
    let (res, wire) = signed_only();
    let two = wire.replace(
        "</s:Header>",
        r#"<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"/></s:Header>"#,
    );
    let e = check(&res, &in_opts(), &two, None).unwrap_err();
    assert!(
        matches!(e, PipelineError::DuplicateSecurityHeader { count: 2 }),
        "{e:?}"
    );

    let sec = between(&wire, "<wsse:Security", "</wsse:Security>").to_owned();
    let empty = wire.replace(
        &sec,
        r#"<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"></wsse:Security>"#,
    );
    let e = check(&res, &in_opts(), &empty, None).unwrap_err();
    assert_eq!(e.to_string(), "Security header is empty.");
    let none = wire.replace(&sec, "");
    assert!(matches!(
        check(&res, &in_opts(), &none, None),
        Err(PipelineError::NoSecurityHeader)
    ));
}

#[test]
fn timestamps_missing_unsigned_expired_future() {
    let (res, wire) = signed_only();
    let ts = between(&wire, "<wsu:Timestamp", "</wsu:Timestamp>").to_owned();
    let e = check(&res, &in_opts(), &wire.replace(&ts, ""), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Required timestamp missing in security header."
    );

    // Class E: the signed Timestamp wrapped away, a fresh unsigned one in its place.
    let fresh = r#"<wsu:Timestamp xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><wsu:Created>2030-01-01T00:00:00Z</wsu:Created><wsu:Expires>2030-01-01T00:05:00Z</wsu:Expires></wsu:Timestamp>"#;
    let swapped = wire.replace(&ts, fresh).replace(
        "</s:Header>",
        &format!(r#"<w:Old xmlns:w="urn:w">{ts}</w:Old></s:Header>"#),
    );
    let e = check(&res, &in_opts(), &swapped, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The security header element 'Timestamp' with the '' id must be signed."
    );

    let late = InboundOptions {
        clock: Arc::new(FixedClock(NOW + 300 + 300)),
        ..in_opts()
    };
    assert!(matches!(
        check(&res, &late, &wire, None),
        Err(PipelineError::TimestampExpired { .. })
    ));
    let early = InboundOptions {
        clock: Arc::new(FixedClock(NOW - 301)),
        ..in_opts()
    };
    assert!(matches!(
        check(&res, &early, &wire, None),
        Err(PipelineError::TimestampInFuture { .. })
    ));
    let within = InboundOptions {
        clock: Arc::new(FixedClock(NOW - 299)),
        ..in_opts()
    };
    check(&res, &within, &wire, None).unwrap();
}

#[test]
fn replay_is_detected() {
    let (res, wire) = signed_only();
    let opts = InboundOptions {
        replay: ReplayDetection::in_memory(100),
        ..in_opts()
    };
    check(&res, &opts, &wire, None).unwrap();
    assert!(matches!(
        check(&res, &opts, &wire, None),
        Err(PipelineError::Replay)
    ));
}

#[test]
fn signature_missing() {
    let (res, wire) = signed_only();
    let sig = between(&wire, "<ds:Signature", "</ds:Signature>").to_owned();
    let e = check(&res, &in_opts(), &wire.replace(&sig, ""), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The signature must be in the security header."
    );
    // A signature elsewhere (moved into the body) does not count.
    let moved = wire
        .replace(&sig, "")
        .replace("</Submit>", &format!("</Submit>{sig}"));
    let e = check(&res, &in_opts(), &moved, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The signature must be in the security header."
    );
}

#[test]
fn data_reference_unresolved() {
    let res = resolve(
        &contract(None),
        &binding(ProtectionOrder::SignBeforeEncryptAndEncryptSignature),
    );
    let wire = protect_with(&res, &out_opts(), &message(), SUBMIT);
    let bad = wire.replacen(
        "<xenc:DataReference URI=\"#",
        "<xenc:DataReference URI=\"#nope",
        1,
    );
    let e = check(&res, &in_opts(), &bad, None).unwrap_err();
    let PipelineError::DataReferenceUnresolved { uri } = &e else {
        panic!("{e:?}")
    };
    assert!(uri.starts_with("#nope"));
    assert_eq!(
        e.to_string(),
        format!("The data reference '{uri}' could not be resolved in the received message.")
    );
}

#[test]
fn action_unrecognized_and_unsigned_action() {
    // basicHttp: requests are keyed by the SOAPAction.
    let b = Binding::preset("basicHttp:Message").unwrap();
    let c = Contract::new("IOrder", NS);
    let ping = c
        .new_operation("Ping")
        .with_level(Some(ProtectionLevel::Sign));
    let res = resolve(&c.clone().with_operation(ping), &b);
    let msg = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Ping xmlns="http://tempuri.org/"/></s:Body></s:Envelope>"#;
    let wire = protect_with(&res, &out_opts(), msg, "http://tempuri.org/IOrder/Ping");
    check(
        &res,
        &in_opts(),
        &wire,
        Some("\"http://tempuri.org/IOrder/Ping\""),
    )
    .unwrap();
    let e = check(&res, &in_opts(), &wire, Some("urn:admin")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "No signature message parts were specified for messages with the 'urn:admin' action."
    );

    // Class N: a wsa:Action added after signing is unsigned.
    let (res, wire) = signed_only();
    let action = between(&wire, "<a:Action", "</a:Action>").to_owned();
    let res_plain = res.clone();
    let no_action = message()
        .replace(
            &between(&message(), "<a:Action", "</a:Action>").to_owned(),
            "",
        )
        .replace(
            "<h:Secret s:mustUnderstand=\"1\">launch-code-123</h:Secret>",
            "",
        );
    let signed_without = protect_with(&res_plain, &out_opts(), &no_action, SUBMIT);
    let unsigned = signed_without.replace(
        "<a:MessageID",
        &format!(
            "{}<a:MessageID",
            r#"<a:Action s:mustUnderstand="1">http://tempuri.org/IOrder/Submit</a:Action>"#
        ),
    );
    let _ = action;
    let e = check(&res, &in_opts(), &unsigned, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The 'Action', 'http://www.w3.org/2005/08/addressing' required message part  was not signed."
    );
    // The transport's SOAPAction must match the signed wsa:Action.
    assert!(matches!(
        check(&res, &in_opts(), &wire, Some("urn:admin")),
        Err(PipelineError::ActionMismatch { .. })
    ));
}

#[test]
fn encryption_not_expected() {
    // Only an asymmetric binding whose requirements hold no encryption part at all expects no
    // encryption (reference §7): a certificate-signature binding (Sign/None). An ordinary
    // asymmetric E&S binding always has the infrastructure-fault body at EncryptAndSign.
    let b = Binding::custom(
        "CertSig",
        NS,
        soapsec::binding::SecurityMode::Message,
        soapsec::binding::SecurityElement::CertificateSignature,
    );
    let c = Contract::new("IOrder", NS);
    let sender = resolve(
        &c.clone().with_operation(
            c.new_operation("Ping")
                .with_level(Some(ProtectionLevel::EncryptAndSign)),
        ),
        &b,
    );
    let receiver = resolve(&c.clone().with_operation(c.new_operation("Ping")), &b);
    let msg = r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><Ping xmlns="http://tempuri.org/"/></s:Body></s:Envelope>"#;
    let wire = protect_with(&sender, &out_opts(), msg, "http://tempuri.org/IOrder/Ping");
    let e = check(
        &receiver,
        &in_opts(),
        &wire,
        Some("http://tempuri.org/IOrder/Ping"),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "Encryption not expected for this message.");
    // The sender's own contract expects it: over-protection is not the issue there.
    check(
        &sender,
        &in_opts(),
        &wire,
        Some("http://tempuri.org/IOrder/Ping"),
    )
    .unwrap();
}

#[test]
fn header_encryption_under_wss10_fails_at_send() {
    let b = Binding::preset("basicHttp:Message").unwrap();
    let res = resolve(&contract(None), &b);
    let msg = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:h="urn:h"><s:Header><h:Secret>x</h:Secret></s:Header><s:Body><Submit xmlns="http://tempuri.org/"/></s:Body></s:Envelope>"#;
    let (k, c, p) = (key("client"), cert("client"), cert("server"));
    let e = protect(
        &res,
        Direction::Request,
        Some(SUBMIT),
        &Credentials {
            private_key: &k,
            certificate: &c,
            peer_certificate: &p,
        },
        &out_opts(),
        msg.as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        soapsec::contract::texts::header_encryption_wss10("Secret", "urn:h")
    );
}

#[test]
fn layouts_strict_and_lax() {
    let (res, wire) = signed_only();
    // Move the BinarySecurityToken after the Signature (zeep writes this order).
    let bst = between(
        &wire,
        "<wsse:BinarySecurityToken",
        "</wsse:BinarySecurityToken>",
    )
    .to_owned();
    let reordered = wire
        .replace(&bst, "")
        .replace("</wsse:Security>", &format!("{bst}</wsse:Security>"));
    let e = check(&res, &in_opts(), &reordered, None).unwrap_err();
    assert!(
        matches!(
            e,
            PipelineError::LayoutViolation {
                layout: HeaderLayout::Strict,
                ..
            }
        ),
        "{e:?}"
    );
    let lax = InboundOptions {
        layout: Some(HeaderLayout::Lax),
        ..in_opts()
    };
    check(&res, &lax, &reordered, None).unwrap();

    // Timestamp last.
    let ts = between(&wire, "<wsu:Timestamp", "</wsu:Timestamp>").to_owned();
    let last = wire
        .replace(&ts, "")
        .replace("</wsse:Security>", &format!("{ts}</wsse:Security>"));
    assert!(check(&res, &in_opts(), &last, None).is_err());
    let first = InboundOptions {
        layout: Some(HeaderLayout::LaxTimestampFirst),
        ..in_opts()
    };
    assert!(check(&res, &first, &last, None).is_err());
    let tl = InboundOptions {
        layout: Some(HeaderLayout::LaxTimestampLast),
        ..in_opts()
    };
    check(&res, &tl, &last, None).unwrap();
    // `lax` already accepted this signature once (reordered): its replay cache refuses it now;
    // a fresh receiver accepts the Lax layout.
    assert!(matches!(
        check(&res, &lax, &last, None),
        Err(PipelineError::Replay)
    ));
    let lax_fresh = InboundOptions {
        layout: Some(HeaderLayout::Lax),
        ..in_opts()
    };
    check(&res, &lax_fresh, &last, None).unwrap();
}

#[test]
fn algorithms_come_from_policy() {
    // Class J: a receiver whose suite is another content algorithm refuses the message.
    let res = resolve(
        &contract(None),
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let wire = protect_with(&res, &out_opts(), &message(), SUBMIT);
    let mut algs = soapsec::pipeline::Algorithms::modern();
    algs.block = soapsec::xenc::BlockAlgorithm::Aes128Gcm;
    let other = InboundOptions {
        algorithms: algs,
        ..in_opts()
    };
    assert!(matches!(
        check(&res, &other, &wire, None),
        Err(PipelineError::Xenc(_))
    ));
}

#[test]
fn untrusted_signer_is_rejected() {
    // Class K: the attacker's self-signed certificate with the client's name.
    let res = resolve(
        &contract(Some(ProtectionLevel::Sign)),
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let (k, c, p) = (key("attacker"), cert("attacker"), cert("server"));
    let msg = message().replace(
        "<h:Secret s:mustUnderstand=\"1\">launch-code-123</h:Secret>",
        "",
    );
    let wire = protect(
        &res,
        Direction::Request,
        Some(SUBMIT),
        &Credentials {
            private_key: &k,
            certificate: &c,
            peer_certificate: &p,
        },
        &out_opts(),
        msg.as_bytes(),
    )
    .unwrap();
    let e = verify(
        &res,
        Direction::Request,
        None,
        &store("server"),
        &in_opts(),
        &wire,
    )
    .unwrap_err();
    assert!(matches!(e, PipelineError::Token(_)), "{e:?}");
}

#[test]
fn legacy_basic256_round_trip_needs_the_switch() {
    let res = resolve(
        &contract(None),
        &binding(ProtectionOrder::SignBeforeEncryptAndEncryptSignature),
    );
    let legacy = soapsec::algorithms::Legacy::wcf_basic_suites_for_legacy_use_only();
    let algs =
        soapsec::pipeline::Algorithms::from_suite(res.binding.algorithm_suite, legacy).unwrap();
    let opts = OutboundOptions {
        algorithms: algs.clone(),
        ..out_opts()
    };
    let wire = protect_with(&res, &opts, &message(), SUBMIT);
    assert!(
        wire.contains("xmlenc#aes256-cbc") && wire.contains("xmldsig#rsa-sha1")
            || !wire.contains("<ds:Signature")
    );
    let v = check(
        &res,
        &InboundOptions {
            algorithms: algs,
            ..in_opts()
        },
        &wire,
        None,
    )
    .unwrap();
    assert!(v.body().unwrap().protection().encrypted);
    // The modern default refuses it (attack class J: no downgrade to CBC).
    assert!(check(&res, &in_opts(), &wire, None).is_err());
}

/// Class N without WS-Addressing: the SOAPAction picks the requirements, so a SOAPAction that
/// names a weakly protected operation must not carry another operation's body.
#[test]
fn soap_action_naming_another_operation_than_the_body() {
    let b = Binding::preset("basicHttp:Message").unwrap();
    let c = Contract::new("IOrder", NS);
    let ping = c
        .new_operation("Ping")
        .with_level(Some(ProtectionLevel::Sign));
    let transfer = c
        .new_operation("Transfer")
        .with_level(Some(ProtectionLevel::Sign));
    let res = resolve(&c.clone().with_operation(ping).with_operation(transfer), &b);
    let msg = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Transfer xmlns="http://tempuri.org/"><to>attacker</to></Transfer></s:Body></s:Envelope>"#;
    let transfer_action = "http://tempuri.org/IOrder/Transfer";
    let ping_action = "http://tempuri.org/IOrder/Ping";
    let wire = protect_with(&res, &out_opts(), msg, transfer_action);
    check(&res, &in_opts(), &wire, Some(transfer_action)).unwrap();
    let e = check(&res, &in_opts(), &wire, Some(ping_action)).unwrap_err();
    match e {
        PipelineError::BodyActionMismatch {
            action,
            operation,
            body,
            body_operation,
        } => {
            assert_eq!(action, ping_action);
            assert_eq!(operation, "Ping");
            assert_eq!(body, "{http://tempuri.org/}Transfer");
            assert_eq!(body_operation, "request wrapper of 'Transfer'");
        }
        other => panic!("expected BodyActionMismatch, got {other:?}"),
    }
    // A body that is no operation's wrapper is left to the application.
    let other = msg.replace("Transfer", "Unknown");
    let wire = protect_with(&res, &out_opts(), &other, ping_action);
    check(&res, &in_opts(), &wire, Some(ping_action)).unwrap();
}
