//! Class K — key confusion and key injection: `hmac-sha256` "keyed" with the signer's public
//! certificate bytes (GHSA-c27r-x354-4m68, signxml GHSA-6vx8-pcwv-xhf4), a self-signed or
//! rogue-CA certificate in the BinarySecurityToken, a swapped token, `ds:KeyValue` or an inline
//! `ds:X509Data` in `ds:KeyInfo`.
//!
//! Defence: the key comes from the caller (the `KeyStore`), never from `KeyInfo` content; the
//! key's type fixes the algorithm family (a public key never verifies an HMAC:
//! `DsigError::KeyMismatch`), and the pipeline's policy is the suite's one asymmetric method; a
//! certificate from a message is used only after it validated against the configured anchors
//! (`TokenError::Untrusted` with the precise `KeyError`); `KeyInfo` must hold exactly one
//! `wsse:SecurityTokenReference` (`KeyValue`, `X509Data` are `UnsupportedKeyInfo`).

use crate::common::pki::cert;
use crate::support::*;
use base64ct::{Base64, Encoding};
use soapsec::binding::ProtectionOrder;
use soapsec::c14n::{Algorithm, Subset, canonicalize_to_vec};
use soapsec::contract::resolve;
use soapsec::dsig::{DsigError, SignaturePolicy, VerificationKey};
use soapsec::keys::{HmacAlgorithm, HmacKey, KeyError};
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{Algorithms, PipelineError};
use soapsec::token::TokenError;
use soapsec::xml::{DSIG_NS, Document};

const HMAC_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256";

/// A sign-only request signed by `signer` (its key, its certificate in the BST).
fn signed_by(signer: &str) -> Secured {
    let res = resolve(
        &contract(Some(ProtectionLevel::Sign), None),
        &ws_http(ProtectionOrder::SignBeforeEncrypt),
    );
    let msg = soap12_request(SUBMIT, &submit_body("confidential-order"), false);
    let wire = protect_as(&res, &out_opts(), signer, SUBMIT, &msg);
    Secured {
        res,
        wire,
        soap_action: None,
        algorithms: Algorithms::modern(),
    }
}

fn untrusted(e: &PipelineError, why: impl Fn(&KeyError) -> bool) -> bool {
    matches!(e, PipelineError::Token(TokenError::Untrusted { source, .. }) if why(source))
}

/// The forged message: SignatureMethod hmac-sha256, SignatureValue = HMAC(key = the client
/// certificate's DER, canonical SignedInfo).
fn hmac_forgery(s: &Secured) -> String {
    let evil = replace1(
        &s.wire,
        r#"<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>"#,
        &format!(r#"<ds:SignatureMethod Algorithm="{HMAC_SHA256}"/>"#),
    );
    let doc = Document::parse(&evil).unwrap();
    let si = doc
        .elements()
        .find(|e| e.is(DSIG_NS, "SignedInfo"))
        .unwrap();
    let c14n =
        canonicalize_to_vec(&doc, Algorithm::Exclusive, &[], Subset::subtree(si.id())).unwrap();
    let key = HmacKey::from_secret_bytes(cert("client").der()).unwrap();
    let mac = Base64::encode_string(&key.sign(HmacAlgorithm::HmacSha256, &c14n));
    let sv = text_of(&evil, "ds:SignatureValue");
    replace1(&evil, &sv, &mac)
}

#[test]
fn k_hmac_keyed_with_the_signers_public_certificate() {
    let s = signed_12();
    s.control();
    let evil = hmac_forgery(&s);
    // The forgery is real: a verifier that took the key "from the certificate bytes" would
    // accept it.
    let doc = Document::parse(&evil).unwrap();
    let sig = doc.elements().find(|e| e.is(DSIG_NS, "Signature")).unwrap();
    let naive_key = HmacKey::from_secret_bytes(cert("client").der()).unwrap();
    soapsec::dsig::verify(
        &doc,
        sig.id(),
        &VerificationKey::Hmac(&naive_key),
        &SignaturePolicy::default(),
    )
    .expect("the forged HMAC is correct under the confused key");
    // The pipeline: its policy is the suite's asymmetric method.
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::AlgorithmNotAllowed { uri }) if uri == HMAC_SHA256
    );
    // Even under a policy that admits HMAC, a public key never verifies an HMAC.
    let client = cert("client");
    let e = soapsec::dsig::verify(
        &doc,
        sig.id(),
        &VerificationKey::Public(client.public_key().unwrap()),
        &SignaturePolicy::default(),
    )
    .unwrap_err();
    assert!(
        matches!(&e, DsigError::KeyMismatch { uri, .. } if uri == HMAC_SHA256),
        "{e:?}"
    );
}

#[test]
fn k_self_signed_certificate_with_the_clients_name_in_the_bst() {
    // Control: the same builder with the real client verifies.
    signed_by("client").control();
    let s = signed_by("attacker");
    assert_eq!(cert("attacker").subject(), cert("client").subject());
    assert_err!(
        s.check(&s.wire),
        e if untrusted(e, |k| matches!(k, KeyError::UntrustedSelfSigned { .. }))
    );
}

#[test]
fn k_rogue_ca_leaf_in_the_bst() {
    // Issued by a root with exactly the real root's name but another key.
    let s = signed_by("rogue-leaf");
    assert_err!(
        s.check(&s.wire),
        e if untrusted(e, |k| matches!(k, KeyError::CertificateSignatureInvalid { .. }))
    );
}

#[test]
fn k_expired_and_non_signing_certificates() {
    let s = signed_by("expired");
    assert_err!(
        s.check(&s.wire),
        e if untrusted(e, |k| matches!(k, KeyError::Expired { .. }))
    );
    let s = signed_by("encrypt-only");
    assert_err!(
        s.check(&s.wire),
        e if untrusted(e, |k| matches!(k, KeyError::LeafKeyUsage { usage, .. } if *usage == "digitalSignature"))
    );
}

/// The base64 DER of `testdata/pki/<name>.pem`.
fn der_b64(name: &str) -> String {
    Base64::encode_string(cert(name).der())
}

#[test]
fn k_token_swapped_after_signing() {
    let s = signed_12();
    s.control();
    let client = der_b64("client");
    // The attacker's self-signed look-alike: refused before the signature is looked at.
    let evil = replace1(&s.wire, &client, &der_b64("attacker"));
    assert_err!(
        s.check(&evil),
        e if untrusted(e, |k| matches!(k, KeyError::UntrustedSelfSigned { .. }))
    );
    // Another trusted certificate (the server's): trusted, but it did not make the signature.
    let evil = replace1(&s.wire, &client, &der_b64("server"));
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::InvalidSignatureValue)
    );
}

#[test]
fn k_key_value_or_inline_certificate_in_key_info() {
    let s = signed_12();
    s.control();
    let key_info = element(&element(&s.wire, "ds:Signature"), "ds:KeyInfo");
    let client = cert("client");
    let pk = client.public_key().unwrap();
    let modulus = Base64::encode_string(pk.rsa_modulus().unwrap());
    let exponent = Base64::encode_string(pk.rsa_exponent().unwrap());
    let key_value = format!(
        "<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>{modulus}</ds:Modulus><ds:Exponent>{exponent}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>"
    );
    let evil = replace1(&s.wire, &key_info, &key_value);
    assert_err!(
        s.check(&evil),
        PipelineError::Token(TokenError::UnsupportedKeyInfo { found }) if *found == format!("{{{DSIG_NS}}}KeyValue")
    );
    let x509 = format!(
        "<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>",
        der_b64("attacker")
    );
    let evil = replace1(&s.wire, &key_info, &x509);
    assert_err!(
        s.check(&evil),
        PipelineError::Token(TokenError::UnsupportedKeyInfo { found }) if found.ends_with("X509Data")
    );
    // Both: the STR plus a KeyValue beside it.
    let both = replace1(
        &s.wire,
        "</wsse:SecurityTokenReference></ds:KeyInfo>",
        &format!(
            "</wsse:SecurityTokenReference>{}</ds:KeyInfo>",
            &key_value["<ds:KeyInfo>".len()..key_value.len() - "</ds:KeyInfo>".len()]
        ),
    );
    assert_err!(
        s.check(&both),
        PipelineError::Token(TokenError::UnsupportedKeyInfo { found }) if found == "2 child elements in ds:KeyInfo"
    );
}

/// The token a signature names must sit in the Security header: the signer's own
/// BinarySecurityToken moved into another header (or next to the Body's content) is refused
/// by position, before any key is looked up, although its certificate would be trusted.
#[test]
fn k_token_moved_out_of_the_security_header() {
    let s = signed_12();
    s.control();
    let bst = element(&s.wire, "wsse:BinarySecurityToken");
    let id = attr(&bst, "wsu:Id").to_owned();
    let without = remove(&s.wire, &bst);
    let wrapper = format!(r#"<w:Tokens xmlns:w="urn:evil">{bst}</w:Tokens>"#);
    let evil = insert_before(&without, "</s:Header>", &wrapper);
    assert_err!(
        s.check(&evil),
        PipelineError::UnsupportedStructure { reason } if reason.contains(&id)
    );
}
