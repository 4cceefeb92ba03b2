//! Class H — the XML Encryption CBC oracle (Jager & Somorovsky, *How to Break XML Encryption*,
//! CCS'11): bits of the IV and of the ciphertext blocks of a CBC `EncryptedData` are flipped,
//! and distinct padding-error / parse-error / application responses act as an oracle.
//!
//! Defence: AES-GCM by default (tag checked before any plaintext is released); AES-CBC only
//! with the legacy switch; one uniform `XencError::DecryptionFailed` for tag, padding, key
//! unwrap, UTF-8 and "the plaintext is not well-formed here"; one uniform SOAP fault on the
//! wire (`security_fault`); with EncryptBeforeSign the signature over the ciphertext is
//! verified before anything is decrypted.
//!
//! FINDING H-1 (see `h_cbc_flips_sign_before_encrypt_give_one_uniform_error`, which FAILS):
//! under a decrypt-first order (SignBeforeEncrypt, SignBeforeEncryptAndEncryptSignature) with
//! AES-CBC, an IV flip that keeps the plaintext well-formed (a letter inside an attribute
//! value) gets past decryption and fails later as `Dsig(DigestMismatch)`, while a flip that
//! breaks well-formedness is `Xenc(DecryptionFailed)`: the typed error (and the time taken)
//! is exactly the well-formedness oracle of the paper. The wire fault stays uniform.

use crate::support::*;
use base64ct::{Base64, Encoding};
use soapsec::binding::ProtectionOrder;
use soapsec::envelope::SoapVersion;
use soapsec::pipeline::security_fault;
use std::sync::OnceLock;

/// The CipherValue of the `EncryptedData` inside `container` (`s:Body` or
/// `wsse11:EncryptedHeader`): its byte range in the wire and its decoded bytes.
fn cipher(wire: &str, container: &str) -> (std::ops::Range<usize>, Vec<u8>) {
    let (a, b) = element_span(wire, container, 0);
    let inner = &wire[a..b];
    let open = "<xenc:CipherValue>";
    let start = a + inner.find(open).unwrap() + open.len();
    let end = start + wire[start..].find("</xenc:CipherValue>").unwrap();
    let bytes = Base64::decode_vec(&wire[start..end]).unwrap();
    (start..end, bytes)
}

/// `wire` with byte `i` of the ciphertext in `container` XORed with `mask`.
fn flip(wire: &str, container: &str, i: usize, mask: u8) -> String {
    let (range, mut bytes) = cipher(wire, container);
    bytes[i] ^= mask;
    let mut out = wire.to_owned();
    out.replace_range(range, &Base64::encode_string(&bytes));
    out
}

/// Byte positions to flip in a ciphertext of `len` bytes with `block`-byte blocks after a
/// `prefix`-byte IV or nonce: every IV byte when `every_iv_byte` (else its first, middle and
/// last), then the first, a middle and the last byte of every block — so the last block (the
/// padding under CBC, the tag under GCM) and the block before it (whose last byte sets the
/// CBC padding length) are always hit.
fn positions(len: usize, prefix: usize, block: usize, every_iv_byte: bool) -> Vec<usize> {
    let mut p: Vec<usize> = if every_iv_byte {
        (0..prefix).collect()
    } else {
        vec![0, prefix / 2, prefix - 1]
    };
    let mut b = prefix;
    while b < len {
        let end = (b + block).min(len);
        p.extend([b, b + (end - b) / 2, end - 1]);
        b = end;
    }
    p.sort_unstable();
    p.dedup();
    p
}

/// The outcome of flipping the lowest bit of each position of the EncryptedData in
/// `container`: (byte, Debug, Display, the SOAP fault sent to the peer).
type Outcome = (usize, String, String, String);

fn outcomes(
    s: &Secured,
    container: &str,
    prefix: usize,
    block: usize,
    every_iv_byte: bool,
) -> Vec<Outcome> {
    let (_, bytes) = cipher(&s.wire, container);
    positions(bytes.len(), prefix, block, every_iv_byte)
        .into_iter()
        .map(|i| {
            let e = s
                .check(&flip(&s.wire, container, i, 0x01))
                .err()
                .unwrap_or_else(|| panic!("flip of byte {i} in {container} ACCEPTED"));
            let fault = security_fault(SoapVersion::Soap12, &e);
            (i, format!("{e:?}"), e.to_string(), fault)
        })
        .collect()
}

/// Asserts every outcome has the Debug form (variant and fields) `expected` and one and the
/// same Display string.
fn assert_uniform(outcomes: &[Outcome], expected: &str) {
    assert!(outcomes.len() >= 15, "enough flips: {}", outcomes.len());
    let shown = &outcomes[0].2;
    let odd: Vec<String> = outcomes
        .iter()
        .filter(|(_, debug, display, _)| debug != expected || display != shown)
        .map(|(i, debug, _, _)| format!("byte {i} ^ 0x01: {debug}"))
        .collect();
    assert!(
        odd.is_empty(),
        "{} of {} flips gave another error than {expected}:\n{}",
        odd.len(),
        outcomes.len(),
        odd.join("\n")
    );
}

const DECRYPTION_FAILED: &str = "Xenc(DecryptionFailed)";

/// The SignBeforeEncrypt AES-256-CBC request and the outcomes of flipping every IV byte and
/// three bytes of every block of its Body's EncryptedData (shared by two tests).
fn cbc_body_outcomes() -> &'static [Outcome] {
    static OUT: OnceLock<Vec<Outcome>> = OnceLock::new();
    OUT.get_or_init(|| {
        let s = encrypted_legacy(ProtectionOrder::SignBeforeEncrypt);
        s.control();
        outcomes(&s, "s:Body", 16, 16, true)
    })
}

#[test]
fn h_gcm_flips_are_uniform() {
    // AES-256-GCM (12-byte nonce, 16-byte tag), decrypt-first: every flip fails the tag.
    let s = encrypted(ProtectionOrder::SignBeforeEncrypt);
    s.control();
    for container in ["s:Body", "wsse11:EncryptedHeader"] {
        let out = outcomes(&s, container, 12, 16, false);
        assert_uniform(&out, DECRYPTION_FAILED);
        assert_eq!(out[0].2, "decryption failed");
    }
}

#[test]
fn h_cbc_flips_encrypt_before_sign_fail_at_the_signature_before_decryption() {
    // EncryptBeforeSign signs the ciphertext: every flip is a digest mismatch of the Body (or
    // the EncryptedHeader) reference, found before the key is even unwrapped.
    let s = encrypted_legacy(ProtectionOrder::EncryptBeforeSign);
    s.control();
    for container in ["s:Body", "wsse11:EncryptedHeader"] {
        let id = attr(&element(&s.wire, container), "wsu:Id").to_owned();
        // The position of its reference in SignedInfo.
        let at = s
            .wire
            .find(&format!(r##"<ds:Reference URI="#{id}""##))
            .unwrap();
        let index = s.wire[..at].matches("<ds:Reference ").count();
        let out = outcomes(&s, container, 16, 16, true);
        assert_uniform(
            &out,
            &format!("Dsig(DigestMismatch {{ index: {index}, uri: \"#{id}\" }})"),
        );
    }
}

#[test]
fn h_cbc_flips_of_ciphertext_blocks_and_padding_are_uniform() {
    // Decrypt-first with AES-256-CBC, flipping only the ciphertext blocks (not the IV): each
    // flip garbles a whole plaintext block (16 random bytes are practically never well-formed
    // here: well under 1e-5 per flip), or breaks the padding of the last block.
    for order in [
        ProtectionOrder::SignBeforeEncrypt,
        ProtectionOrder::SignBeforeEncryptAndEncryptSignature,
    ] {
        let s = encrypted_legacy(order);
        s.control();
        for container in ["s:Body", "wsse11:EncryptedHeader"] {
            let (_, bytes) = cipher(&s.wire, container);
            let out: Vec<Outcome> = outcomes(&s, container, 16, 16, false)
                .into_iter()
                .filter(|(i, ..)| *i >= 16)
                .collect();
            assert_uniform(&out, DECRYPTION_FAILED);
            assert!(
                out.iter().any(|(i, ..)| *i == bytes.len() - 1),
                "the padding block"
            );
        }
    }
}

#[test]
fn h_cbc_flips_sign_before_encrypt_give_one_uniform_fault_on_the_wire() {
    // Whatever the typed error, the peer gets one and the same SOAP fault.
    let out = cbc_body_outcomes();
    let fault = &out[0].3;
    for (i, debug, _, f) in out {
        assert_eq!(f, fault, "byte {i}: {debug}");
    }
    assert!(!fault.contains("decryption") && !fault.contains("digest"));
}

/// FAILS — FINDING H-1 (see the module documentation). Flipping IV bytes of the Body's
/// AES-CBC `EncryptedData` (the first plaintext block is the start of the operation element,
/// `<Submit xmlns="h`) leaves the plaintext well-formed for the flips that turn `xmlns` into
/// another attribute name or change a letter of the namespace (bytes 8–12 and 15): those fail
/// later as `Dsig(DigestMismatch)` instead of `Xenc(DecryptionFailed)`.
#[test]
fn h_cbc_flips_sign_before_encrypt_give_one_uniform_error() {
    assert_uniform(cbc_body_outcomes(), DECRYPTION_FAILED);
}
