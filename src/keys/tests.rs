//! Unit tests for the keys module's internals. The public behaviour is tested against the test
//! PKI in `tests/keys.rs`.

use super::der::{self, Reader, tag};
use super::public::{CertSignatureAlgorithm, Curve, PublicKey};
use super::*;

fn read(name: &str) -> Vec<u8> {
    let path = format!("{}/testdata/pki/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// DER TLV with a definite length.
fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match contents.len() {
        n @ 0..=0x7f => out.push(n as u8),
        n @ 0x80..=0xff => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(contents);
    out
}

/// The client certificate's SubjectPublicKeyInfo, cut out with x509-parser.
fn client_spki() -> Vec<u8> {
    let der = read("client.der");
    let (_, cert) = x509_parser::parse_x509_certificate(&der).unwrap();
    cert.tbs_certificate.subject_pki.raw.to_vec()
}

#[test]
fn a_pem_label_must_agree_with_its_contents() {
    // PKCS#1 DER inside a PKCS#8 label.
    let pkcs1 = read("client.rsa.der");
    use base64ct::Encoding;
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        base64ct::Base64::encode_string(&pkcs1)
    );
    assert!(matches!(
        PrivateKey::from_pem(pem.as_bytes()),
        Err(KeyError::MalformedKey {
            structure: "PEM private key",
            ..
        })
    ));
}

#[test]
fn a_pem_file_with_a_certificate_before_the_key_loads_the_key() {
    let mut both = read("client.pem");
    both.extend(read("client.key.pem"));
    let key = PrivateKey::load(&both).unwrap();
    assert_eq!(key.format(), KeyFormat::Pkcs8);
    // And the certificate loader skips the key.
    let mut both = read("client.key.pem");
    both.extend(read("client.pem"));
    assert_eq!(
        Certificate::load(&both).unwrap().subject(),
        "CN=soapsec test client,OU=clients,O=soapsec test,C=GB"
    );
}

#[test]
fn legacy_encrypted_pem_is_named() {
    let pem = b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0011\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
    assert!(matches!(
        PrivateKey::load(pem),
        Err(KeyError::EncryptedPrivateKey { .. })
    ));
}

#[test]
fn a_public_key_is_not_a_private_key() {
    let e = PrivateKey::from_der(&client_spki()).unwrap_err();
    assert_eq!(
        e,
        KeyError::UnrecognizedKeyFormat {
            found: "a public key (SubjectPublicKeyInfo)".to_owned()
        }
    );
    // But it is a public key.
    let public = PublicKey::from_spki_der(&client_spki()).unwrap();
    assert_eq!(public.kind(), KeyKind::Rsa { bits: 2048 });
}

/// Rebuilds the SEC1 key of ec-leaf without the optional fields chosen by `keep`.
fn sec1_without(keep_params: bool, keep_public: bool) -> Vec<u8> {
    let der = read("ec-leaf.sec1.der");
    let mut outer = Reader::new(der::single(&der, tag::SEQUENCE).unwrap());
    let mut body = Vec::new();
    body.extend(tlv(tag::INTEGER, outer.read(tag::INTEGER).unwrap()));
    body.extend(tlv(
        tag::OCTET_STRING,
        outer.read(tag::OCTET_STRING).unwrap(),
    ));
    let params = outer.read(tag::CONTEXT_0).unwrap();
    let public = outer.read(tag::CONTEXT_1).unwrap();
    if keep_params {
        body.extend(tlv(tag::CONTEXT_0, params));
    }
    if keep_public {
        body.extend(tlv(tag::CONTEXT_1, public));
    }
    tlv(tag::SEQUENCE, &body)
}

#[test]
fn sec1_optional_fields() {
    assert!(PrivateKey::from_der(&sec1_without(true, true)).is_ok());
    assert_eq!(
        PrivateKey::from_der(&sec1_without(true, false)).unwrap_err(),
        KeyError::EcPublicKeyMissing
    );
    assert!(matches!(
        PrivateKey::from_der(&sec1_without(false, true)).unwrap_err(),
        KeyError::MalformedKey {
            reason: "no curve is named",
            ..
        }
    ));
}

#[test]
fn a_mismatched_public_key_is_rejected() {
    // The P-256 scalar of one key with the public point of another.
    let der = read("ec-leaf.sec1.der");
    let mut outer = Reader::new(der::single(&der, tag::SEQUENCE).unwrap());
    let version = outer.read(tag::INTEGER).unwrap();
    let scalar = outer.read(tag::OCTET_STRING).unwrap();
    let params = outer.read(tag::CONTEXT_0).unwrap();
    let other = PrivateKey::load(&read("pathlen-leaf.key.pem")).unwrap();
    let mut point = vec![0u8];
    point.extend_from_slice(other.public_key().ec_point().unwrap());
    let body = [
        tlv(tag::INTEGER, version),
        tlv(tag::OCTET_STRING, scalar),
        tlv(tag::CONTEXT_0, params),
        tlv(tag::CONTEXT_1, &tlv(tag::BIT_STRING, &point)),
    ]
    .concat();
    assert!(matches!(
        PrivateKey::from_der(&tlv(tag::SEQUENCE, &body)),
        Err(KeyError::KeyRejected { .. })
    ));
}

#[test]
fn curves_are_named() {
    assert_eq!(
        Curve::from_oid(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]),
        Ok(Curve::P256)
    );
    assert_eq!(
        Curve::from_oid(&[0x2b, 0x81, 0x04, 0x00, 0x22]),
        Ok(Curve::P384)
    );
    assert!(matches!(
        Curve::from_oid(&[0x2b, 0x81, 0x04, 0x00, 0x0a]),
        Err(KeyError::UnsupportedCurve {
            name: "secp256k1",
            ..
        })
    ));
}

#[test]
fn ec_points_must_be_uncompressed_and_sized() {
    let mut compressed = vec![0x02];
    compressed.extend([1u8; 32]);
    assert!(matches!(
        PublicKey::from_ec_point(Curve::P256, &compressed),
        Err(KeyError::UnsupportedEcPoint { .. })
    ));
    let mut short = vec![0x04];
    short.extend([1u8; 64]);
    assert!(PublicKey::from_ec_point(Curve::P384, &short).is_err());
    assert!(PublicKey::from_ec_point(Curve::P256, &short).is_ok());
    assert!(PublicKey::from_ec_point(Curve::P256, &[]).is_err());
}

#[test]
fn rsa_public_keys_outside_the_verification_range() {
    let small = [0xffu8; 128];
    assert_eq!(
        PublicKey::rsa(
            &small,
            &[1, 0, 1],
            PublicKey::RSA_MIN_BITS,
            PublicKey::RSA_MAX_BITS
        ),
        Err(KeyError::RsaKeySize {
            bits: 1024,
            min: 2048,
            max: 8192
        })
    );
}

#[test]
fn certificate_signature_algorithms() {
    use CertSignatureAlgorithm as A;
    let rsa = |last: u8| [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, last];
    let ecdsa = |last: u8| [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, last];
    assert_eq!(A::from_identifier(&rsa(0x0b), Some(&[])), A::RsaPkcs1Sha256);
    assert_eq!(A::from_identifier(&rsa(0x0b), None), A::RsaPkcs1Sha256);
    assert_eq!(A::from_identifier(&rsa(0x0c), Some(&[])), A::RsaPkcs1Sha384);
    assert_eq!(A::from_identifier(&rsa(0x0d), Some(&[])), A::RsaPkcs1Sha512);
    assert_eq!(A::from_identifier(&rsa(0x05), Some(&[])), A::RsaPkcs1Sha1);
    assert!(A::RsaPkcs1Sha1.is_legacy());
    assert_eq!(A::from_identifier(&ecdsa(0x02), None), A::EcdsaSha256);
    assert_eq!(A::from_identifier(&ecdsa(0x03), None), A::EcdsaSha384);
    // MD5, RSASSA-PSS, ECDSA-SHA512, and parameters where none belong.
    assert_eq!(
        A::from_identifier(&rsa(0x04), Some(&[])),
        A::Unsupported("1.2.840.113549.1.1.4".to_owned())
    );
    assert!(matches!(
        A::from_identifier(&rsa(0x0a), Some(&[0x30, 0x00])),
        A::Unsupported(_)
    ));
    assert!(matches!(
        A::from_identifier(&ecdsa(0x04), None),
        A::Unsupported(_)
    ));
    assert!(matches!(
        A::from_identifier(&rsa(0x0b), Some(&[0x01])),
        A::Unsupported(_)
    ));
    assert!(matches!(
        A::from_identifier(&ecdsa(0x02), Some(&[])),
        A::Unsupported(_)
    ));
}

#[test]
fn a_certificate_signature_with_the_wrong_family_is_a_mismatch() {
    let client = Certificate::load(&read("client.pem")).unwrap();
    let ec_key = Certificate::load(&read("intermediate-ca.pem")).unwrap();
    let e = ec_key
        .public_key()
        .unwrap()
        .verify_certificate_signature(
            client.signature_algorithm(),
            client.tbs(),
            client.signature(),
        )
        .unwrap_err();
    assert!(matches!(e, KeyError::AlgorithmKeyMismatch { .. }), "{e}");
    let e = client
        .public_key()
        .unwrap()
        .verify_certificate_signature(
            &CertSignatureAlgorithm::Unsupported("1.2.3".into()),
            b"",
            b"",
        )
        .unwrap_err();
    assert_eq!(
        e,
        KeyError::UnsupportedSignatureAlgorithm {
            oid: "1.2.3".into()
        }
    );
}

#[test]
fn oaep_params_accessors() {
    let p = OaepParams::new(OaepHash::Sha384, OaepHash::Sha1).with_label(b"L");
    assert_eq!(
        (p.digest(), p.mgf1(), p.label()),
        (OaepHash::Sha384, OaepHash::Sha1, &b"L"[..])
    );
    assert_eq!(OaepParams::mgf1p_sha1().digest(), OaepHash::Sha1);
    assert_eq!(OaepParams::sha256_mgf1_sha256().mgf1(), OaepHash::Sha256);
}

#[test]
fn constant_time_equality() {
    assert!(constant_time_eq(b"abc", b"abc"));
    assert!(!constant_time_eq(b"abc", b"abd"));
    assert!(!constant_time_eq(b"abc", b"ab"));
    assert!(constant_time_eq(b"", b""));
}

#[test]
fn error_messages_name_what_was_wrong() {
    let e = KeyError::RsaKeySize {
        bits: 1024,
        min: 2048,
        max: 4096,
    };
    assert_eq!(
        e.to_string(),
        "RSA key of 1024 bits is outside the accepted range of 2048 to 4096 bits"
    );
    let e = KeyError::Expired {
        subject: "CN=x".into(),
        not_after: 1,
        at: 2,
    };
    assert!(e.to_string().contains("expired at 1"));
    let e = KeyError::AlgorithmKeyMismatch {
        algorithm: "ecdsa-sha256 (P-256)",
        key: KeyKind::Rsa { bits: 2048 }.to_string(),
    };
    assert_eq!(
        e.to_string(),
        "ecdsa-sha256 (P-256) cannot be used with an RSA-2048 key"
    );
}

#[test]
fn the_system_rng_fills() {
    use rsa::rand_core::TryRng;
    let mut a = [0u8; 32];
    SystemRng.try_fill_bytes(&mut a).unwrap();
    assert_ne!(a, [0u8; 32]);
    assert_ne!(
        SystemRng.try_next_u64().unwrap(),
        SystemRng.try_next_u64().unwrap()
    );
    let _ = SystemRng.try_next_u32().unwrap();
}
