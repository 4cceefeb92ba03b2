//! Class G — comment truncation (Duo Labs 2018; CVE-2017-11427…11430, CVE-2018-0489): the
//! attacker obtains a signed `victim@corp.com.evil.com` and inserts a comment,
//! `victim@corp.com<!---->.evil.com`. Canonicalization without comments ignores it, so the
//! digest still matches, and a "first text node" accessor would return `victim@corp.com`.
//!
//! Defence that exists in soapsec: (1) `#id` dereference strips comments (XMLDSig §4.4.3.3),
//! so the signature does verify — this is by design; (2) every text accessor the verified view
//! offers (`Element::text`) is the concatenation of *all* text children, so the application
//! reads `victim@corp.com.evil.com`, exactly what was signed; (3) value elements the verifier
//! itself reads (`DigestValue`, `SignatureValue`, `HMACOutputLength`, `wsu:Created`/`Expires`)
//! must hold text only, so a comment there is refused; (4) processing instructions are refused
//! anywhere in a SOAP message.

use crate::support::*;
use soapsec::binding::ProtectionOrder;
use soapsec::contract::resolve;
use soapsec::dsig::DsigError;
use soapsec::envelope::EnvelopeError;
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{Algorithms, PipelineError};

/// A sign-only request whose order is `victim@corp.com.evil.com` (what the attacker got signed).
fn signed_email() -> Secured {
    let res = resolve(
        &contract(Some(ProtectionLevel::Sign), None),
        &ws_http(ProtectionOrder::SignBeforeEncrypt),
    );
    let msg = soap12_request(SUBMIT, &submit_body("victim@corp.com.evil.com"), false);
    let wire = protect_as(&res, &out_opts(), "client", SUBMIT, &msg);
    Secured {
        res,
        wire,
        soap_action: None,
        algorithms: Algorithms::modern(),
    }
}

#[test]
fn g_comment_in_signed_text_is_read_as_the_whole_signed_text() {
    let s = signed_email();
    let v = s.control();
    let order = v
        .body()
        .unwrap()
        .operation()
        .unwrap()
        .first_child_element()
        .unwrap();
    assert_eq!(order.text(), "victim@corp.com.evil.com");

    for evil_text in [
        "victim@corp.com<!---->.evil.com",
        "victim@corp.com<!-- -->.evil.com<!---->",
        "<!---->victim<!---->@corp.com<!---->.evil.com",
    ] {
        let evil = replace1(&s.wire, "victim@corp.com.evil.com", evil_text);
        // The digest is over the comment-free canonical form: the signature verifies ...
        let v = s
            .check(&evil)
            .unwrap_or_else(|e| panic!("{evil_text}: comments are not signed content: {e:?}"));
        // ... and the application never sees a truncated value.
        let order = v
            .body()
            .unwrap()
            .operation()
            .unwrap()
            .first_child_element()
            .unwrap();
        assert!(order.has_non_text_children(), "the comment is in the tree");
        assert_eq!(order.text(), "victim@corp.com.evil.com", "{evil_text}");
        assert_ne!(order.text(), "victim@corp.com");
    }
}

#[test]
fn g_comment_splitting_the_signed_action_is_read_whole() {
    let s = signed_12();
    s.control();
    let evil = replace1(
        &s.wire,
        &format!(">{SUBMIT}</a:Action>"),
        ">http://tempuri.org/IOrder/Sub<!---->mit</a:Action>",
    );
    let v = s.check(&evil).expect("the comment is not signed content");
    assert_eq!(v.action(), Some(SUBMIT));
    let action = v.signed_header(WSA, "Action").unwrap();
    assert_eq!(action.element().text(), SUBMIT);
}

#[test]
fn g_comment_inside_a_digest_value() {
    let s = signed_12();
    s.control();
    let dv = text_of(&s.wire, "ds:DigestValue");
    let evil = replace1(
        &s.wire,
        &format!(">{dv}<"),
        &format!(">{}<!---->{}<", &dv[..10], &dv[10..]),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::Malformed { reason }) if reason == "DigestValue must contain only text"
    );
}

#[test]
fn g_comment_inside_the_signature_value() {
    let s = signed_12();
    s.control();
    let sv = text_of(&s.wire, "ds:SignatureValue");
    let evil = replace1(&s.wire, &sv, &format!("{}<!---->{}", &sv[..20], &sv[20..]));
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::Malformed { reason }) if reason == "SignatureValue must contain only text"
    );
}

#[test]
fn g_comment_inside_the_timestamp() {
    let s = signed_12();
    s.control();
    let evil = replace1(
        &s.wire,
        "<wsu:Expires>2030-01-01T00:05:00Z</wsu:Expires>",
        "<wsu:Expires>2030-01-01T00:05:00Z<!--9--></wsu:Expires>",
    );
    assert_err!(
        s.check(&evil),
        PipelineError::TimestampMalformed { reason } if reason == "Created and Expires hold text only"
    );
}

#[test]
fn g_processing_instruction_in_signed_content() {
    let s = signed_email();
    s.control();
    let evil = replace1(
        &s.wire,
        "victim@corp.com.evil.com",
        "victim@corp.com<?x?>.evil.com",
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Envelope(EnvelopeError::ProcessingInstruction { target, .. }) if target == "x"
    );
}
