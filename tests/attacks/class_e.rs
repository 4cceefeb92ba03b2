//! Class E — Timestamp wrapping and replay (WS-Attacker's `TimestampUpdateHelper`): the old
//! signed Timestamp is wrapped away and a fresh unsigned one added, two Timestamps, stale or
//! future Timestamps, an edited signed Timestamp, and a whole message replayed.
//!
//! Defence: exactly one `wsu:Timestamp`, a direct child of the one Security header, covered by
//! the verified signature (by node identity); Created/Expires checked with a bounded skew
//! (300 s); a maximum message age (300 s after Created, whatever Expires says); a replay cache
//! (on by default) keyed on the whitespace-normalized SignatureValue, consulted only for
//! messages that passed every other check; no replay cache without a Timestamp unless the
//! receiver says `ReplayDetection::DangerouslyOff`.

use crate::support::*;
use soapsec::contract::resolve;
use soapsec::dsig::DsigError;
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{
    FixedClock, InboundOptions, OutboundOptions, PipelineError, ReplayDetection,
};
use std::sync::Arc;

fn fresh_timestamp(id: &str) -> String {
    format!(
        r#"<wsu:Timestamp xmlns:wsu="{WSU}"{id}><wsu:Created>2030-01-01T01:00:00Z</wsu:Created><wsu:Expires>2030-01-01T01:05:00Z</wsu:Expires></wsu:Timestamp>"#
    )
}

/// Receiver options at `now`, with the message's algorithms and a fresh replay cache.
fn at(s: &Secured, now: i64) -> InboundOptions {
    InboundOptions {
        clock: Arc::new(FixedClock(now)),
        ..s.opts()
    }
}

#[test]
fn e_old_signed_timestamp_wrapped_away_fresh_unsigned_one_added() {
    let s = signed_12();
    s.control();
    let ts = element(&s.wire, "wsu:Timestamp");
    let later = at(&s, NOW + 3600);
    // The original is stale an hour later.
    assert_err!(
        s.check_with(&later, &s.wire),
        PipelineError::TimestampExpired { expires, .. } if expires == "2030-01-01T00:05:00Z"
    );
    for (id, shown) in [("", ""), (r#" wsu:Id="TS-fresh""#, "TS-fresh")] {
        let evil = replace1(&s.wire, &ts, &fresh_timestamp(id));
        let evil = insert_before(
            &evil,
            "</s:Header>",
            &format!(r#"<w:Old xmlns:w="urn:w" s:mustUnderstand="0">{ts}</w:Old>"#),
        );
        let e = assert_err!(
            s.check_with(&at(&s, NOW + 3600), &evil),
            PipelineError::SecurityHeaderElementNotSigned { element, id } if element == "Timestamp" && id == shown
        );
        assert_eq!(
            e.to_string(),
            format!(
                "The security header element 'Timestamp' with the '{shown}' id must be signed."
            )
        );
    }
}

#[test]
fn e_two_timestamps() {
    let s = signed_12();
    s.control();
    let ts = element(&s.wire, "wsu:Timestamp");
    let evil = insert_after(&s.wire, &ts, &fresh_timestamp(""));
    assert_err!(
        s.check_with(&at(&s, NOW + 3600), &evil),
        PipelineError::UnsupportedStructure { reason } if reason.contains("more than one wsu:Timestamp")
    );
    // The fresh one first, the signed one second: the same.
    let evil = insert_before(&s.wire, &ts, &fresh_timestamp(""));
    assert_err!(
        s.check(&evil),
        PipelineError::UnsupportedStructure { reason } if reason.contains("more than one wsu:Timestamp")
    );
}

#[test]
fn e_expired_and_future_timestamps() {
    let s = signed_12();
    s.control();
    // Expires NOW+300, skew 300: expired from NOW+600 on.
    s.check_with(&at(&s, NOW + 599), &s.wire).unwrap();
    assert_err!(
        s.check_with(&at(&s, NOW + 600), &s.wire),
        PipelineError::TimestampExpired { now, skew: 300, .. } if *now == NOW + 600
    );
    // Created NOW: in the future before NOW-300.
    s.check_with(&at(&s, NOW - 300), &s.wire).unwrap();
    assert_err!(
        s.check_with(&at(&s, NOW - 301), &s.wire),
        PipelineError::TimestampInFuture { created, skew: 300, .. } if created == "2030-01-01T00:00:00Z"
    );
}

#[test]
fn e_signed_timestamp_extended_by_the_attacker() {
    let s = signed_12();
    s.control();
    let ts = element(&s.wire, "wsu:Timestamp");
    let ts_id = attr(&ts, "wsu:Id").to_owned();
    let evil = replace1(
        &s.wire,
        "<wsu:Expires>2030-01-01T00:05:00Z</wsu:Expires>",
        "<wsu:Expires>2030-01-02T00:05:00Z</wsu:Expires>",
    );
    // An hour later the message is too old, whatever Expires says (the age cap alone stops
    // it, before the signature is looked at) ...
    assert_err!(
        s.check_with(&at(&s, NOW + 3600), &evil),
        PipelineError::TimestampTooOld { created, max_age: 300, .. } if created == "2030-01-01T00:00:00Z"
    );
    // ... and a receiver that admits older messages still sees the edit in the signature.
    let lenient = InboundOptions {
        max_message_age_seconds: 86_400,
        ..at(&s, NOW + 3600)
    };
    assert_err!(
        s.check_with(&lenient, &evil),
        PipelineError::Dsig(DsigError::DigestMismatch { uri, .. }) if *uri == format!("#{ts_id}")
    );
    // Expires before Created: malformed before anything is verified.
    let evil = replace1(
        &s.wire,
        "<wsu:Expires>2030-01-01T00:05:00Z</wsu:Expires>",
        "<wsu:Expires>2029-12-31T23:59:59Z</wsu:Expires>",
    );
    assert_err!(
        s.check(&evil),
        PipelineError::TimestampMalformed { reason } if reason.contains("before Created")
    );
}

#[test]
fn e_timestamp_removed_or_moved_out_of_the_security_header() {
    let s = signed_12();
    s.control();
    let ts = element(&s.wire, "wsu:Timestamp");
    assert_err!(
        s.check(&remove(&s.wire, &ts)),
        PipelineError::TimestampMissing
    );
    let moved = insert_before(&remove(&s.wire, &ts), "</s:Header>", &ts);
    assert_err!(s.check(&moved), PipelineError::TimestampMissing);
}

#[test]
fn e_replay_with_the_default_cache() {
    let s = signed_12();
    // `InboundOptions::default()` has a replay cache; the clones share it.
    let opts = InboundOptions {
        clock: Arc::new(FixedClock(NOW + 1)),
        ..Default::default()
    };
    assert!(opts.replay.is_on(), "replay detection is on by default");
    s.check_with(&opts, &s.wire).expect("first delivery");
    assert_err!(s.check_with(&opts, &s.wire), PipelineError::Replay);
    // A clone of the options shares the cache; a cosmetic change to the SignatureValue
    // (base64 line breaks) is the same signature.
    let sv = text_of(&s.wire, "ds:SignatureValue");
    let wrapped = format!("{}\n{}", &sv[..64], &sv[64..]);
    let replayed = replace1(&s.wire, &sv, &wrapped);
    assert_err!(
        s.check_with(&opts.clone(), &replayed),
        PipelineError::Replay
    );
    // Later, within the cache window, still refused.
    let later = InboundOptions {
        clock: Arc::new(FixedClock(NOW + 500)),
        ..opts.clone()
    };
    assert_err!(s.check_with(&later, &s.wire), PipelineError::Replay);
}

#[test]
fn e_replay_of_an_encrypted_request() {
    let s = encrypted(soapsec::binding::ProtectionOrder::SignBeforeEncryptAndEncryptSignature);
    let opts = s.opts();
    s.check_with(&opts, &s.wire).expect("first delivery");
    assert_err!(s.check_with(&opts, &s.wire), PipelineError::Replay);
}

#[test]
fn e_long_lived_timestamp_from_the_sender_is_held_to_the_maximum_age() {
    // A sender (or an attacker who captured its traffic) with a ten-year Timestamp: the
    // signature is genuine, but the receiver accepts the message for 300 s (+ skew) only.
    let res = signed_12().res;
    let long = OutboundOptions {
        ttl_seconds: 10 * 365 * 86_400,
        ..out_opts()
    };
    let msg = soap12_request(SUBMIT, &submit_body("confidential-order"), false);
    let wire = protect_as(&res, &long, "client", SUBMIT, &msg);
    let s = Secured {
        res,
        wire,
        soap_action: None,
        algorithms: soapsec::pipeline::Algorithms::modern(),
    };
    s.check_with(&at(&s, NOW + 600), &s.wire)
        .expect("within max age + skew");
    let e = assert_err!(
        s.check_with(&at(&s, NOW + 601), &s.wire),
        PipelineError::TimestampTooOld { max_age: 300, skew: 300, now, .. } if *now == NOW + 601
    );
    assert_eq!(
        e.to_string(),
        format!(
            "the message was created at 2030-01-01T00:00:00Z, more than 300 s ago (now {}, allowed skew 300 s)",
            NOW + 601
        )
    );
    // A week later: still refused, though Expires is years away.
    assert_err!(
        s.check_with(&at(&s, NOW + 7 * 86_400), &s.wire),
        PipelineError::TimestampTooOld { .. }
    );
}

#[test]
fn e_no_timestamp_binding_needs_replay_detection_dangerously_off() {
    // Without a Timestamp a message has no freshness and replays cannot be detected: the
    // receiver must say so, or nothing is verified.
    let mut b = ws_http(soapsec::binding::ProtectionOrder::SignBeforeEncrypt);
    b.include_timestamp = false;
    let res = resolve(&contract(Some(ProtectionLevel::Sign), None), &b);
    let msg = soap12_request(SUBMIT, &submit_body("confidential-order"), false);
    let wire = protect_as(&res, &out_opts(), "client", SUBMIT, &msg);
    assert!(!wire.contains("wsu:Timestamp"));
    let s = Secured {
        res,
        wire,
        soap_action: None,
        algorithms: soapsec::pipeline::Algorithms::modern(),
    };
    let e = assert_err!(
        s.check(&s.wire),
        PipelineError::InvalidOptions { option: "replay", reason } if reason.contains("sends no Timestamp")
    );
    assert!(e.to_string().contains("ReplayDetection::DangerouslyOff"));
    // Said explicitly: accepted, and a replay is then accepted too (the stated risk).
    let off = InboundOptions {
        replay: ReplayDetection::DangerouslyOff,
        ..s.opts()
    };
    s.check_with(&off, &s.wire).expect("first delivery");
    s.check_with(&off, &s.wire)
        .expect("the same bytes again: nothing can tell");
}

#[test]
fn e_clock_options_out_of_range_are_refused_before_parsing() {
    let s = signed_12();
    for (opts, option) in [
        (
            InboundOptions {
                skew_seconds: -1,
                ..s.opts()
            },
            "skew_seconds",
        ),
        (
            InboundOptions {
                skew_seconds: 3_601,
                ..s.opts()
            },
            "skew_seconds",
        ),
        (
            InboundOptions {
                max_message_age_seconds: 0,
                ..s.opts()
            },
            "max_message_age_seconds",
        ),
        (
            InboundOptions {
                max_message_age_seconds: 86_401,
                ..s.opts()
            },
            "max_message_age_seconds",
        ),
    ] {
        // Not even well-formed input gets looked at.
        assert_err!(
            s.check_with(&opts, "<not xml"),
            PipelineError::InvalidOptions { option: o, .. } if *o == option
        );
    }
    // The boundaries themselves are accepted.
    let edge = InboundOptions {
        skew_seconds: 3_600,
        max_message_age_seconds: 86_400,
        ..s.opts()
    };
    s.check_with(&edge, &s.wire).expect("boundary values");
}
