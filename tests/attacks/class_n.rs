//! Class N — SOAPAction and WS-Addressing spoofing (WSS4J `testSOAPActionSpoofing`): the HTTP
//! SOAPAction, or an unsigned `wsa:Action`, names another (privileged or weakly protected)
//! operation than the signed Body, so the requirements would be looked up, and the request
//! dispatched, for the wrong operation.
//!
//! Defence: a `wsa:Action` must be a signed header block (else `PartNotSigned`); the
//! SOAPAction must equal the signed `wsa:Action` (`ActionMismatch`); without WS-Addressing the
//! SOAPAction picks the requirements, so the Body may not be another operation's wrapper
//! (`BodyActionMismatch`, also for a signed `wsa:Action`); an action with no requirements is
//! `ActionUnrecognized`.
//!
//! FINDING N-1 (`n_signed_wsa_action_wrapped_away_soap_action_picks_the_operation`, which
//! FAILS): wrapping the signed `wsa:Action` away makes a WS-Addressing request fall back to the
//! transport SOAPAction, which then picks the operation.

use crate::support::*;
use soapsec::contract::resolve;
use soapsec::dsig::DsigError;
use soapsec::envelope::EnvelopeError;
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{Algorithms, PipelineError};

fn transfer_body() -> String {
    format!(r#"<Transfer xmlns="{NS}"><to>attacker</to></Transfer>"#)
}

fn body_action_mismatch(e: &PipelineError, action: &str) -> bool {
    matches!(e, PipelineError::BodyActionMismatch { action: a, operation, body, body_operation }
        if a == action
            && operation == "Ping"
            && *body == format!("{{{NS}}}Transfer")
            && body_operation == "request wrapper of 'Transfer'")
}

#[test]
fn n_soap_action_names_another_operation_than_the_body() {
    // SOAP 1.1 without WS-Addressing: a signed Transfer request presented under the SOAPAction
    // of Ping.
    let res = resolve(&contract(Some(ProtectionLevel::Sign), None), &basic_http());
    let wire = protect_as(
        &res,
        &out_opts(),
        "client",
        TRANSFER,
        &soap11_request(&transfer_body()),
    );
    let s = Secured {
        res,
        wire,
        soap_action: Some(TRANSFER.to_owned()),
        algorithms: Algorithms::modern(),
    };
    s.control();
    assert_err!(s.check_action(&s.wire, PING), e if body_action_mismatch(e, PING));
    // Quoted, as HTTP carries it: the same.
    assert_err!(
        s.check_action(&s.wire, &format!("\"{PING}\"")),
        e if body_action_mismatch(e, PING)
    );
    // An action the contract does not know.
    assert_err!(
        s.check_action(&s.wire, "urn:admin"),
        PipelineError::ActionUnrecognized { action } if action == "urn:admin"
    );
}

#[test]
fn n_signed_wsa_action_names_another_operation_than_the_body() {
    // A (malicious but authenticated) sender signs wsa:Action Ping over a Transfer body.
    let s = signed_12_with(PING, &transfer_body());
    assert_err!(s.check(&s.wire), e if body_action_mismatch(e, PING));
    // The honest message verifies.
    signed_12_with(TRANSFER, &transfer_body()).control();
}

#[test]
fn n_unsigned_wsa_action_added() {
    // The sender signed no wsa:Action (the requirements came from Submit); the attacker adds
    // one naming Transfer.
    let res = resolve(
        &contract(Some(ProtectionLevel::Sign), None),
        &ws_http(soapsec::binding::ProtectionOrder::SignBeforeEncrypt),
    );
    let msg = soap12_request(SUBMIT, &submit_body("x"), false);
    let msg = remove(&msg, &element(&msg, "a:Action"));
    let wire = protect_as(&res, &out_opts(), "client", SUBMIT, &msg);
    let s = Secured {
        res,
        wire,
        soap_action: None,
        algorithms: Algorithms::modern(),
    };
    // Control: without a wsa:Action the transport's SOAPAction names the operation.
    s.check_action(&s.wire, SUBMIT).unwrap();
    let evil = insert_before(
        &s.wire,
        "<a:MessageID",
        &format!(r#"<a:Action s:mustUnderstand="1">{TRANSFER}</a:Action>"#),
    );
    let e = assert_err!(
        s.check(&evil),
        PipelineError::PartNotSigned { name, namespace } if name == "Action" && namespace == WSA
    );
    assert_eq!(
        e.to_string(),
        format!("The 'Action', '{WSA}' required message part  was not signed.")
    );
}

#[test]
fn n_signed_wsa_action_wrapped_away_unsigned_one_added() {
    let s = signed_12();
    s.control();
    let action = element(&s.wire, "a:Action");
    let evil = replace1(
        &s.wire,
        &action,
        &format!(
            r#"<a:Action s:mustUnderstand="1">{TRANSFER}</a:Action><w:Old xmlns:w="urn:w">{action}</w:Old>"#
        ),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::PartNotSigned { name, namespace } if name == "Action" && namespace == WSA
    );
    // Two wsa:Action headers: the signed one and an unsigned one.
    let evil = insert_before(
        &s.wire,
        "<a:MessageID",
        &format!(r#"<a:Action>{TRANSFER}</a:Action>"#),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::Envelope(EnvelopeError::DuplicateAddressingHeader { .. })
    );
    // The signed value edited.
    let evil = replace1(&s.wire, &format!(">{SUBMIT}<"), &format!(">{TRANSFER}<"));
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::DigestMismatch { uri, .. }) if uri.starts_with("#Header-")
    );
}

#[test]
fn n_soap_action_differs_from_the_signed_wsa_action() {
    let s = signed_12();
    s.control();
    let e = assert_err!(
        s.check_action(&s.wire, TRANSFER),
        PipelineError::ActionMismatch { wsa, soap_action } if wsa == SUBMIT && soap_action == TRANSFER
    );
    assert_eq!(
        e.to_string(),
        format!("wsa:Action '{SUBMIT}' does not match the SOAPAction '{TRANSFER}'")
    );
    // The matching SOAPAction (quoted, as on the wire) is fine.
    s.check_action(&s.wire, &format!("\"{SUBMIT}\"")).unwrap();
}
#[test]
fn n_unsigned_wsa_reply_to_added() {
    // WS-Addressing headers are channel-scope signed parts: an unsigned ReplyTo redirecting
    // the reply is refused.
    let s = signed_12();
    s.control();
    let evil = insert_before(
        &s.wire,
        "<h:Note",
        "<a:ReplyTo><a:Address>http://attacker.example/collect</a:Address></a:ReplyTo>",
    );
    assert_err!(
        s.check(&evil),
        PipelineError::PartNotSigned { name, namespace } if name == "ReplyTo" && namespace == WSA
    );
}

/// FAILS — FINDING N-1. The signed `wsa:Action` is moved into another header block (the
/// signature still verifies: its reference resolves by ID to the nested element), so the
/// message has no `wsa:Action` header block, and the pipeline falls back to the transport
/// SOAPAction although the binding uses WS-Addressing: the attacker picks the operation. With
/// a Body that is no operation's wrapper (a message contract), `BodyActionMismatch` cannot
/// help, and the message is accepted with `action() == Transfer` while the client signed
/// Submit. Expected: refused — `ActionUnrecognized { action: "" }` if the SOAPAction is
/// ignored under WS-Addressing (fix 1), or `UnsupportedStructure` naming the misplaced signed
/// element (fix 2; see the report).
#[test]
fn n_signed_wsa_action_wrapped_away_soap_action_picks_the_operation() {
    let s = signed_12_with(SUBMIT, r#"<Order xmlns="urn:orders"><id>1</id></Order>"#);
    s.control();
    let action = element(&s.wire, "a:Action");
    let action_id = attr(&action, "wsu:Id").to_owned();
    let evil = replace1(
        &s.wire,
        &action,
        &format!(r#"<w:Old xmlns:w="urn:w">{action}</w:Old>"#),
    );
    // (With the operation's own wrapper as the Body, BodyActionMismatch catches it.)
    let w = signed_12();
    let a = element(&w.wire, "a:Action");
    let wrapped = replace1(
        &w.wire,
        &a,
        &format!(r#"<w:Old xmlns:w="urn:w">{a}</w:Old>"#),
    );
    assert_err!(
        w.check_action(&wrapped, TRANSFER),
        PipelineError::BodyActionMismatch { action, .. } if action == TRANSFER
    );
    let result = s.check_action(&evil, TRANSFER);
    if let Ok(v) = &result {
        panic!(
            "ACCEPTED: the client signed wsa:Action {SUBMIT}, the verified action is {:?}",
            v.action()
        );
    }
    assert_err!(
        result,
        e if matches!(e, PipelineError::ActionUnrecognized { action } if action.is_empty())
            || matches!(e, PipelineError::UnsupportedStructure { reason } if reason.contains(&action_id))
    );
}
