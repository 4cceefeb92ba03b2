//! Class I — Bleichenbacher on RSA PKCS#1 v1.5 key transport (Jager, Schinzel, Somorovsky,
//! ESORICS'12; CVE-2011-2487, CVE-2015-0226; WSS4J `testDisallowRSA15Algorithm`,
//! `testModifiedEncryptedKeyCipherValue`): `EncryptedKey`s with `rsa-1_5` and mangled
//! CipherValues, hoping for an oracle in the unwrap or in the later symmetric decryption.
//!
//! Defence: `rsa-1_5` is refused by name, with its own typed error
//! (`XencError::RsaV15Refused`), before the CipherValue is even decoded — so no mangled value
//! can make any difference; PKCS#1 v1.5 decryption does not exist in the crate; the `*Rsa15`
//! WCF suites cannot be configured; an OAEP failure is the one uniform `DecryptionFailed`.

use crate::support::*;
use base64ct::{Base64, Encoding};
use soapsec::algorithms::Legacy;
use soapsec::binding::{AlgorithmSuite, ProtectionOrder};
use soapsec::pipeline::{Algorithms, PipelineError};
use soapsec::xenc::XencError;

const RSA_1_5: &str = "http://www.w3.org/2001/04/xmlenc#rsa-1_5";
const RSA_OAEP11: &str = "http://www.w3.org/2009/xmlenc11#rsa-oaep";

fn refused(e: &PipelineError) -> bool {
    matches!(e, PipelineError::Xenc(XencError::RsaV15Refused { uri }) if uri == RSA_1_5)
}

/// The EncryptedKey's CipherValue text.
fn ek_cipher_value(wire: &str) -> String {
    text_of(&element(wire, "xenc:EncryptedKey"), "xenc:CipherValue")
}

/// Mangled CipherValues: empty, truncated, all zero, one bit flipped, doubled, one byte too
/// long (all valid base64), and one that is not base64.
fn mangled(cv: &str) -> Vec<String> {
    let bytes = Base64::decode_vec(cv).unwrap();
    let mut flipped = bytes.clone();
    flipped[7] ^= 0x01;
    let mut longer = bytes.clone();
    longer.push(0);
    [
        Vec::new(),
        bytes[..bytes.len() / 2].to_vec(),
        vec![0; bytes.len()],
        flipped,
        [bytes.clone(), bytes.clone()].concat(),
        longer,
    ]
    .iter()
    .map(|b| Base64::encode_string(b))
    .chain(["!!not base64!!".to_owned()])
    .collect()
}

#[test]
fn i_encrypted_key_rewritten_to_rsa_1_5_in_every_order() {
    for order in ORDERS {
        let s = encrypted(order);
        s.control();
        let evil = replace1(
            &s.wire,
            &format!(r#"<xenc:EncryptionMethod Algorithm="{RSA_OAEP11}">"#),
            &format!(r#"<xenc:EncryptionMethod Algorithm="{RSA_1_5}">"#),
        );
        let e = assert_err!(s.check(&evil), e if refused(e));
        assert_eq!(
            e.to_string(),
            format!("RSA PKCS#1 v1.5 key transport ({RSA_1_5}) is refused: use RSA-OAEP"),
            "{order:?}"
        );
    }
}

#[test]
fn i_rsa_1_5_with_mangled_cipher_values_is_refused_before_any_decryption() {
    let s = encrypted(ProtectionOrder::SignBeforeEncrypt);
    s.control();
    let rsa15 = replace1(
        &s.wire,
        &format!(r#"<xenc:EncryptionMethod Algorithm="{RSA_OAEP11}">"#),
        &format!(r#"<xenc:EncryptionMethod Algorithm="{RSA_1_5}"/><!--"#),
    );
    // (The OAEP parameters are commented out: a bare rsa-1_5 EncryptionMethod.)
    let rsa15 = replace1(
        &rsa15,
        "</xenc:EncryptionMethod><ds:KeyInfo",
        "--><ds:KeyInfo",
    );
    assert_err!(s.check(&rsa15), e if refused(e));
    let cv = ek_cipher_value(&s.wire);
    for m in mangled(&cv) {
        let evil = replace1(&rsa15, &cv, &m);
        assert_err!(s.check(&evil), e if refused(e));
    }
}

#[test]
fn i_mangled_oaep_cipher_values_fail_uniformly() {
    // The control group: the same mangling under RSA-OAEP gives one opaque error (the decoding
    // of the base64 aside, which is not secret-dependent).
    let s = encrypted(ProtectionOrder::SignBeforeEncrypt);
    s.control();
    let cv = ek_cipher_value(&s.wire);
    for m in mangled(&cv) {
        let evil = replace1(&s.wire, &cv, &m);
        let e = s.check(&evil).expect_err("a mangled key must not decrypt");
        match &e {
            PipelineError::Xenc(XencError::DecryptionFailed) => {
                assert_eq!(e.to_string(), "decryption failed")
            }
            PipelineError::Xenc(XencError::Malformed { element, .. }) if m == "!!not base64!!" => {
                assert_eq!(*element, "EncryptedKey", "{m:?}")
            }
            other => panic!("{m:?}: {other:?}"),
        }
    }
}

#[test]
fn i_encrypted_data_naming_rsa_1_5() {
    // rsa-1_5 as the *content* algorithm of the Body's EncryptedData: refused by name too,
    // before the key is unwrapped.
    let s = encrypted(ProtectionOrder::SignBeforeEncrypt);
    s.control();
    let body = element(&s.wire, "s:Body");
    let evil_body = replace1(
        &body,
        r#"Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm""#,
        &format!(r#"Algorithm="{RSA_1_5}""#),
    );
    let evil = replace1(&s.wire, &body, &evil_body);
    assert_err!(s.check(&evil), e if refused(e));
}

#[test]
fn i_rsa15_suites_cannot_be_configured() {
    for suite in [
        AlgorithmSuite::Basic256Rsa15,
        AlgorithmSuite::Basic192Rsa15,
        AlgorithmSuite::Basic128Rsa15,
        AlgorithmSuite::Basic256Sha256Rsa15,
    ] {
        assert_err!(
            Algorithms::from_suite(suite, Legacy::wcf_basic_suites_for_legacy_use_only()),
            PipelineError::UnsupportedSuite { suite: name, reason }
                if *name == suite.name() && reason.contains("v1.5")
        );
    }
}
