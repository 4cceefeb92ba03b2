//! Class J — backwards compatibility and downgrade (Jager, Paterson, Somorovsky, *One Bad
//! Apple*, NDSS'13; CXF CVE-2012-5575; CVE-2009-0217; WSS4J `testDisallowMD5Algorithm`): the
//! message names other algorithms than the binding's suite — rsa-sha1 for rsa-sha256, a SHA-1
//! or MD5 digest, AES-CBC for AES-GCM, another key size, a truncated HMAC, another
//! canonicalization — or was made with a legacy suite the receiver does not run.
//!
//! Defence: the algorithms come from local policy (`InboundOptions::algorithms`, one suite,
//! exactly), never from the message: anything else is `AlgorithmNotAllowed` (implemented but
//! not allowed) or `UnsupportedAlgorithm` (MD5: not implemented at all), checked before any
//! cryptography; SHA-1 and CBC need the legacy switch even when listed; an `HMACOutputLength`
//! below max(80, hash/2) is refused.
//!
//! FINDING J-1 (`j_key_transport_other_than_the_suites`, which FAILS): the EncryptedKey's key
//! transport (OAEP variant and parameters) is not checked against the policy.

use crate::support::*;
use soapsec::binding::ProtectionOrder;
use soapsec::contract::resolve;
use soapsec::dsig::{DsigError, SignaturePolicy, VerificationKey};
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{Algorithms, InboundOptions, PipelineError};
use soapsec::xenc::XencError;
use soapsec::xml::{DSIG_NS, Document};

const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";

fn not_allowed(e: &PipelineError, want: &str) -> bool {
    matches!(e, PipelineError::Dsig(DsigError::AlgorithmNotAllowed { uri }) if uri == want)
}

/// The sign-only request with the SignatureMethod's Algorithm replaced by `uri`.
fn with_signature_method(s: &Secured, uri: &str) -> String {
    replace1(
        &s.wire,
        &format!(r#"<ds:SignatureMethod Algorithm="{RSA_SHA256}"/>"#),
        &format!(r#"<ds:SignatureMethod Algorithm="{uri}"/>"#),
    )
}

/// The request with the Body reference's DigestMethod replaced by `uri`.
fn with_body_digest(s: &Secured, uri: &str) -> String {
    let id = s.body_id();
    let from = s
        .wire
        .find(&format!(r##"<ds:Reference URI="#{id}""##))
        .unwrap();
    let (a, b) = element_span(&s.wire, "ds:Reference", from);
    let reference = &s.wire[a..b];
    assert!(reference.contains(&format!("#{id}")));
    let evil_ref = replace1(
        reference,
        &format!(r#"<ds:DigestMethod Algorithm="{SHA256}"/>"#),
        &format!(r#"<ds:DigestMethod Algorithm="{uri}"/>"#),
    );
    replace1(&s.wire, reference, &evil_ref)
}

#[test]
fn j_rsa_sha1_instead_of_rsa_sha256() {
    let s = signed_12();
    s.control();
    let uri = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    assert_err!(s.check(&with_signature_method(&s, uri)), e if not_allowed(e, uri));
    // Even a stronger method than the suite's is another algorithm: refused.
    let uri = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
    assert_err!(s.check(&with_signature_method(&s, uri)), e if not_allowed(e, uri));
}

#[test]
fn j_sha1_and_md5_digests() {
    let s = signed_12();
    s.control();
    let sha1 = "http://www.w3.org/2000/09/xmldsig#sha1";
    assert_err!(s.check(&with_body_digest(&s, sha1)), e if not_allowed(e, sha1));
    let md5 = "http://www.w3.org/2001/04/xmldsig-more#md5";
    assert_err!(
        s.check(&with_body_digest(&s, md5)),
        PipelineError::Dsig(DsigError::UnsupportedAlgorithm { uri }) if uri == md5
    );
    let rsa_md5 = "http://www.w3.org/2001/04/xmldsig-more#rsa-md5";
    assert_err!(
        s.check(&with_signature_method(&s, rsa_md5)),
        PipelineError::Dsig(DsigError::UnsupportedAlgorithm { uri }) if uri == rsa_md5
    );
}

#[test]
fn j_aes_cbc_or_another_key_size_instead_of_aes_256_gcm() {
    for order in [
        ProtectionOrder::SignBeforeEncrypt,
        ProtectionOrder::EncryptBeforeSign,
    ] {
        let s = encrypted(order);
        s.control();
        let body = element(&s.wire, "s:Body");
        for uri in [
            "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
            "http://www.w3.org/2009/xmlenc11#aes128-gcm",
        ] {
            let evil_body = replace1(
                &body,
                r#"Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm""#,
                &format!(r#"Algorithm="{uri}""#),
            );
            let evil = replace1(&s.wire, &body, &evil_body);
            let e = s.check(&evil).expect_err("a downgraded content algorithm");
            match order {
                // Decrypt first: the policy refuses the algorithm before the key is unwrapped.
                ProtectionOrder::SignBeforeEncrypt => assert!(
                    matches!(&e, PipelineError::Xenc(XencError::AlgorithmNotAllowed { uri: u, .. }) if u == uri),
                    "{order:?} {uri}: {e:?}"
                ),
                // Verify first: the EncryptionMethod is inside the signed Body.
                _ => assert!(
                    matches!(&e, PipelineError::Dsig(DsigError::DigestMismatch { .. })),
                    "{order:?} {uri}: {e:?}"
                ),
            }
        }
    }
}

#[test]
fn j_short_hmac_output_length() {
    let s = signed_12();
    s.control();
    let hmac = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256";
    let evil = replace1(
        &s.wire,
        &format!(r#"<ds:SignatureMethod Algorithm="{RSA_SHA256}"/>"#),
        &format!(
            r#"<ds:SignatureMethod Algorithm="{hmac}"><ds:HMACOutputLength>8</ds:HMACOutputLength></ds:SignatureMethod>"#
        ),
    );
    // The pipeline's policy is the suite's asymmetric method: HMAC is not allowed at all.
    assert_err!(s.check(&evil), e if not_allowed(e, hmac));
    // A verifier that does admit HMAC (the dsig default policy) refuses the truncation before
    // any key is used (CVE-2009-0217).
    let doc = Document::parse(&evil).unwrap();
    let sig = doc.elements().find(|e| e.is(DSIG_NS, "Signature")).unwrap();
    let client = crate::common::pki::cert("client");
    let e = soapsec::dsig::verify(
        &doc,
        sig.id(),
        &VerificationKey::Public(client.public_key().unwrap()),
        &SignaturePolicy::default(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        DsigError::HmacOutputLength {
            bits: 8,
            min: 128,
            max: 256
        }
    );
}

#[test]
fn j_another_canonicalization() {
    let s = signed_12();
    s.control();
    let c14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
    let evil = replace1(
        &s.wire,
        r#"<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>"#,
        &format!(r#"<ds:CanonicalizationMethod Algorithm="{c14n}"/>"#),
    );
    assert_err!(s.check(&evil), e if not_allowed(e, c14n));
}

#[test]
fn j_legacy_suite_message_to_a_modern_receiver() {
    // Sign-only with WCF's Basic256 (rsa-sha1, sha1): a modern receiver refuses rsa-sha1.
    let res = resolve(
        &contract(Some(ProtectionLevel::Sign), None),
        &ws_http(ProtectionOrder::SignBeforeEncrypt),
    );
    let legacy = legacy_algorithms(&res);
    let s = Secured {
        wire: protect_as(
            &res,
            &soapsec::pipeline::OutboundOptions {
                algorithms: legacy.clone(),
                ..out_opts()
            },
            "client",
            SUBMIT,
            &soap12_request(SUBMIT, &submit_body("x"), false),
        ),
        res,
        soap_action: None,
        algorithms: legacy,
    };
    s.control();
    let modern = InboundOptions {
        algorithms: Algorithms::modern(),
        ..in_opts()
    };
    assert_err!(
        s.check_with(&modern, &s.wire),
        e if not_allowed(e, "http://www.w3.org/2000/09/xmldsig#rsa-sha1")
    );
    // Encrypted with Basic256 (AES-256-CBC): the modern receiver refuses CBC.
    let s = encrypted_legacy(ProtectionOrder::SignBeforeEncrypt);
    s.control();
    assert_err!(
        s.check_with(&modern, &s.wire),
        PipelineError::Xenc(XencError::AlgorithmNotAllowed { uri, .. }) if uri == "http://www.w3.org/2001/04/xmlenc#aes256-cbc"
    );
    // And the other way round: a receiver on the legacy suite takes exactly that suite.
    let s2 = encrypted(ProtectionOrder::SignBeforeEncrypt);
    let old = InboundOptions {
        algorithms: s.algorithms.clone(),
        ..in_opts()
    };
    assert_err!(
        s2.check_with(&old, &s2.wire),
        PipelineError::Xenc(XencError::AlgorithmNotAllowed { uri, .. }) if uri == "http://www.w3.org/2009/xmlenc11#aes256-gcm"
    );
}

/// FAILS — FINDING J-1. The key transport is not part of the inbound policy: a receiver on
/// `Algorithms::modern()` (xmlenc11 `rsa-oaep`, SHA-256/MGF1-SHA-256) accepts an EncryptedKey
/// made with `rsa-oaep-mgf1p` (SHA-1), although the pipeline documents that "a message naming
/// any other algorithm is refused". (No practical weakness of OAEP with SHA-1 is known; this
/// is a policy gap: the message chooses the key-transport parameters.) Expected: refused as
/// `Xenc(AlgorithmNotAllowed)` before the key is unwrapped.
#[test]
fn j_key_transport_other_than_the_suites() {
    let mut algs = Algorithms::modern();
    algs.key_transport = soapsec::xenc::KeyTransport::RsaOaepMgf1pSha1;
    let s = encrypted_with(ProtectionOrder::SignBeforeEncrypt, algs);
    let mgf1p = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
    assert!(s.wire.contains(mgf1p));
    s.control();
    let modern = InboundOptions {
        algorithms: Algorithms::modern(),
        ..in_opts()
    };
    assert_err!(
        s.check_with(&modern, &s.wire),
        PipelineError::Xenc(XencError::AlgorithmNotAllowed { uri, .. }) if uri == mgf1p
    );
}
