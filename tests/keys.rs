//! Keys, certificates and trust against the committed test PKI in `testdata/pki/`.
//!
//! The facts below (thumbprints, SKIs, serials, names) were printed by OpenSSL when the PKI was
//! generated (`testdata/pki/generate.sh`, which also writes them to `fingerprints.txt`); each
//! group names the command. Regenerating the PKI changes them.

use soapsec::keys::{
    Certificate, Curve, HmacAlgorithm, HmacKey, KeyError, KeyFormat, KeyKind, LeafUsage, OaepHash,
    OaepParams, PrivateKey, PublicKey, SignatureAlgorithm, TrustPath, TrustStore,
};

/// 2030-01-01T00:00:00Z: inside every leaf's validity (2026-01-01 .. 2046-01-01).
const AT: i64 = 1_893_456_000;
/// 2025-06-01T00:00:00Z: before the leaves' notBefore.
const BEFORE_LEAVES: i64 = 1_748_736_000;

fn read(name: &str) -> Vec<u8> {
    let path = format!("{}/testdata/pki/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn cert(name: &str) -> Certificate {
    Certificate::load(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn key(name: &str) -> PrivateKey {
    PrivateKey::load(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `AA:BB:..` or `AABB..` to bytes.
fn unhex(s: &str) -> Vec<u8> {
    let digits: String = s.chars().filter(char::is_ascii_hexdigit).collect();
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect()
}

fn root_store() -> TrustStore {
    let mut store = TrustStore::new();
    store.add_anchor(cert("root-ca.pem"));
    store
}

// ---- private keys -------------------------------------------------------------------------

#[test]
fn every_private_key_format_loads() {
    let cases: [(&str, KeyFormat, KeyKind); 11] = [
        (
            "client.key.pem",
            KeyFormat::Pkcs8,
            KeyKind::Rsa { bits: 2048 },
        ),
        (
            "client.key.der",
            KeyFormat::Pkcs8,
            KeyKind::Rsa { bits: 2048 },
        ),
        (
            "client.rsa.pem",
            KeyFormat::Pkcs1,
            KeyKind::Rsa { bits: 2048 },
        ),
        (
            "client.rsa.der",
            KeyFormat::Pkcs1,
            KeyKind::Rsa { bits: 2048 },
        ),
        (
            "root-ca.key.pem",
            KeyFormat::Pkcs8,
            KeyKind::Rsa { bits: 3072 },
        ),
        (
            "rsa-4096.key.pem",
            KeyFormat::Pkcs8,
            KeyKind::Rsa { bits: 4096 },
        ),
        (
            "ec-leaf.key.pem",
            KeyFormat::Pkcs8,
            KeyKind::Ec(Curve::P256),
        ),
        (
            "ec-leaf.key.der",
            KeyFormat::Pkcs8,
            KeyKind::Ec(Curve::P256),
        ),
        (
            "ec-leaf.sec1.pem",
            KeyFormat::Sec1,
            KeyKind::Ec(Curve::P256),
        ),
        (
            "ec-leaf.sec1.der",
            KeyFormat::Sec1,
            KeyKind::Ec(Curve::P256),
        ),
        (
            "ec-p384.key.pem",
            KeyFormat::Pkcs8,
            KeyKind::Ec(Curve::P384),
        ),
    ];
    for (name, format, kind) in cases {
        let k = key(name);
        assert_eq!(k.format(), format, "{name}");
        assert_eq!(k.kind(), kind, "{name}");
    }
}

#[test]
fn every_encoding_of_a_key_has_the_certificates_public_key() {
    let client = cert("client.pem");
    for name in [
        "client.key.pem",
        "client.key.der",
        "client.rsa.pem",
        "client.rsa.der",
    ] {
        assert_eq!(
            key(name).public_key(),
            client.public_key().unwrap(),
            "{name}"
        );
    }
    let ec = cert("ec-leaf.pem");
    for name in [
        "ec-leaf.key.pem",
        "ec-leaf.key.der",
        "ec-leaf.sec1.pem",
        "ec-leaf.sec1.der",
    ] {
        assert_eq!(key(name).public_key(), ec.public_key().unwrap(), "{name}");
    }
    assert_ne!(
        key("server.key.pem").public_key(),
        client.public_key().unwrap()
    );
}

#[test]
fn explicit_pem_and_der_entry_points() {
    assert!(PrivateKey::from_pem(&read("client.rsa.pem")).is_ok());
    assert!(PrivateKey::from_der(&read("ec-leaf.sec1.der")).is_ok());
    assert!(matches!(
        PrivateKey::from_der(&read("client.rsa.pem")),
        Err(KeyError::UnrecognizedKeyFormat { .. })
    ));
}

#[test]
fn rsa_sizes_outside_2048_to_4096_are_rejected_by_size() {
    let e = PrivateKey::load(&read("rsa-1024.key.pem")).unwrap_err();
    assert_eq!(
        e,
        KeyError::RsaKeySize {
            bits: 1024,
            min: 2048,
            max: 4096
        }
    );
    assert!(e.to_string().contains("1024 bits"), "{e}");
    let e = PrivateKey::load(&read("rsa-4608.key.pem")).unwrap_err();
    assert!(matches!(e, KeyError::RsaKeySize { bits: 4608, .. }), "{e}");
}

#[test]
fn unsupported_curves_and_algorithms_are_named() {
    for name in ["p521.key.pem", "p521.sec1.pem"] {
        let e = PrivateKey::load(&read(name)).unwrap_err();
        assert!(
            matches!(&e, KeyError::UnsupportedCurve { name: "P-521", oid } if oid == "1.3.132.0.35"),
            "{name}: {e}"
        );
    }
    let e = PrivateKey::load(&read("ed25519.key.pem")).unwrap_err();
    assert!(
        matches!(&e, KeyError::UnsupportedKeyAlgorithm { name: "Ed25519", oid } if oid == "1.3.101.112"),
        "{e}"
    );
}

#[test]
fn what_is_not_a_private_key_is_named() {
    let e = PrivateKey::load(&read("encrypted.key.pem")).unwrap_err();
    assert!(matches!(e, KeyError::EncryptedPrivateKey { .. }), "{e}");

    let e = PrivateKey::load(&read("client.pem")).unwrap_err();
    assert!(
        matches!(&e, KeyError::UnrecognizedKeyFormat { found } if found.contains("`CERTIFICATE`")),
        "{e}"
    );
    let e = PrivateKey::load(&read("client.der")).unwrap_err();
    assert!(
        matches!(&e, KeyError::UnrecognizedKeyFormat { found } if found == "an X.509 certificate"),
        "{e}"
    );
    let e = PrivateKey::load(b"not a key at all").unwrap_err();
    assert!(matches!(e, KeyError::UnrecognizedKeyFormat { .. }), "{e}");
    let e = PrivateKey::load(b"").unwrap_err();
    assert!(matches!(e, KeyError::UnrecognizedKeyFormat { .. }), "{e}");
}

#[test]
fn truncated_and_corrupted_keys_are_typed_errors() {
    let der = read("client.key.der");
    for len in [0, 1, 2, 10, der.len() / 2, der.len() - 1] {
        assert!(PrivateKey::from_der(&der[..len]).is_err(), "len {len}");
    }
    let mut extra = der.clone();
    extra.push(0);
    assert!(PrivateKey::from_der(&extra).is_err());
    // A changed byte deep inside the private components is caught by the backends' checks.
    let mut corrupt = read("client.rsa.der");
    let at = corrupt.len() - 20;
    corrupt[at] ^= 0x01;
    assert!(matches!(
        PrivateKey::from_der(&corrupt),
        Err(KeyError::KeyRejected { .. })
    ));
}

// ---- certificates -------------------------------------------------------------------------

#[test]
fn pem_and_der_certificates_are_the_same() {
    for name in ["root-ca", "client", "server", "ec-leaf"] {
        let pem = cert(&format!("{name}.pem"));
        let der = Certificate::from_der(&read(&format!("{name}.der"))).unwrap();
        assert_eq!(pem, der, "{name}");
        assert_eq!(pem.der(), read(&format!("{name}.der")).as_slice());
    }
}

#[test]
fn client_certificate_facts_match_openssl() {
    let c = cert("client.pem");
    // openssl x509 -in client.pem -noout -subject -issuer -nameopt RFC2253
    assert_eq!(
        c.subject(),
        "CN=soapsec test client,OU=clients,O=soapsec test,C=GB"
    );
    assert_eq!(c.issuer(), "CN=soapsec Test Root CA,O=soapsec test");
    // openssl x509 -in client.pem -noout -serial  => serial=1001 (hex)
    assert_eq!(c.serial(), [0x10, 0x01]);
    assert_eq!(c.serial_decimal(), "4097");
    // openssl x509 -in client.pem -noout -startdate -enddate
    assert_eq!(c.not_before(), 1_767_225_600); // Jan  1 00:00:00 2026 GMT
    assert_eq!(c.not_after(), 2_398_377_600); // Jan  1 00:00:00 2046 GMT
    // openssl x509 -in client.pem -noout -fingerprint -sha1
    assert_eq!(
        c.sha1_thumbprint().as_slice(),
        unhex("5C:E8:3B:68:D8:41:F2:F7:4B:75:0A:E5:67:86:BA:AC:51:EA:D0:0D")
    );
    // openssl x509 -in client.pem -noout -fingerprint -sha256
    assert_eq!(
        c.sha256_thumbprint().as_slice(),
        unhex(
            "22:76:46:93:5D:D2:5A:B2:F1:E5:C9:FD:D4:E8:3C:0E:7D:75:13:A6:F6:54:FC:A9:D2:52:74:9D:BA:C4:6C:39"
        )
    );
    // openssl x509 -in client.pem -noout -ext subjectKeyIdentifier
    let ski = unhex("14:63:5D:A8:EF:59:5A:15:DB:AE:8A:35:CA:A5:7E:FA:53:3B:DF:9B");
    assert_eq!(c.subject_key_identifier(), Some(ski.as_slice()));
    assert_eq!(c.ski_or_computed(), ski.as_slice());
    // The client was issued by the root: its AKI is the root's SKI.
    // openssl x509 -in root-ca.pem -noout -ext subjectKeyIdentifier
    let root_ski = unhex("B4:E6:B2:92:B6:52:FD:01:4F:B7:B5:17:C8:76:43:78:E0:21:15:A2");
    assert_eq!(c.authority_key_identifier(), Some(root_ski.as_slice()));

    let ku = c.key_usage().unwrap();
    assert!(ku.digital_signature() && ku.key_encipherment());
    assert!(!ku.key_cert_sign() && !ku.non_repudiation());
    let bc = c.basic_constraints().unwrap();
    assert!(!bc.ca && !c.is_ca());
    assert_eq!(c.version(), 3);
    assert!(!c.is_self_issued());
    assert_eq!(c.public_key().unwrap().kind(), KeyKind::Rsa { bits: 2048 });
    assert_eq!(
        c.public_key().unwrap().rsa_exponent(),
        Some([1, 0, 1].as_slice())
    );
}

#[test]
fn server_serial_with_the_top_bit_set() {
    let s = cert("server.pem");
    // openssl x509 -in server.pem -noout -serial => C0FFEE0000000000000000000000000001
    assert_eq!(
        s.serial(),
        unhex("C0FFEE0000000000000000000000000001").as_slice()
    );
    // python3 -c "print(int('C0FFEE0000000000000000000000000001', 16))"
    assert_eq!(
        s.serial_decimal(),
        "65674403354397669821533985685397338849281"
    );
    // openssl x509 -in server.pem -noout -fingerprint -sha1 / -sha256
    assert_eq!(
        s.sha1_thumbprint().as_slice(),
        unhex("E4:0E:42:71:D1:17:CA:5F:C8:16:27:7F:A5:40:72:E1:9C:F1:F9:9C")
    );
    assert_eq!(
        s.sha256_thumbprint().as_slice(),
        unhex(
            "30:6B:78:B5:F4:63:87:70:8C:3D:F2:C8:6C:7C:5E:9F:FA:9D:74:40:D6:A7:06:94:00:AD:48:E4:79:59:8E:2F"
        )
    );
    // openssl x509 -in server.pem -noout -ext subjectKeyIdentifier
    assert_eq!(
        s.subject_key_identifier(),
        Some(unhex("33:1C:73:49:5D:0C:8A:27:1E:A6:74:F7:01:A0:86:A5:D8:8E:1A:D9").as_slice())
    );
}

#[test]
fn root_and_ec_facts_match_openssl() {
    let root = cert("root-ca.pem");
    // openssl x509 -in root-ca.pem -noout -fingerprint -sha1 / -sha256
    assert_eq!(
        root.sha1_thumbprint().as_slice(),
        unhex("43:12:16:2F:14:5E:4E:37:F9:06:53:06:32:6A:1A:29:39:B8:26:7B")
    );
    assert_eq!(
        root.sha256_thumbprint().as_slice(),
        unhex(
            "E2:1F:1B:32:82:5F:D1:0C:5A:89:53:95:B4:7E:A0:18:0C:05:39:CD:A1:71:12:2F:08:0A:59:98:33:E4:39:25"
        )
    );
    assert!(root.is_self_issued() && root.is_ca());
    assert_eq!(root.basic_constraints().unwrap().path_len, None);
    assert!(root.key_usage().unwrap().key_cert_sign());
    assert_eq!(
        root.public_key().unwrap().kind(),
        KeyKind::Rsa { bits: 3072 }
    );
    // notAfter=Jan  1 00:00:00 2056 GMT: a GeneralizedTime
    assert_eq!(root.not_after(), 2_713_910_400);

    let inter = cert("intermediate-ca.pem");
    assert_eq!(inter.basic_constraints().unwrap().path_len, Some(0));
    assert_eq!(inter.public_key().unwrap().kind(), KeyKind::Ec(Curve::P384));

    let ec = cert("ec-leaf.pem");
    // openssl x509 -in ec-leaf.pem -noout -fingerprint -sha1 / -sha256 / -ext subjectKeyIdentifier
    assert_eq!(
        ec.sha1_thumbprint().as_slice(),
        unhex("A6:D2:FA:7D:79:C8:0E:FF:09:F4:A8:BC:BB:FF:A0:0C:22:22:2C:11")
    );
    assert_eq!(
        ec.sha256_thumbprint().as_slice(),
        unhex(
            "25:F9:6D:35:79:5F:D4:B4:AC:26:82:3B:A0:83:20:7B:05:44:35:DD:A1:DE:07:60:BE:54:78:A9:47:81:CE:F0"
        )
    );
    assert_eq!(
        ec.subject_key_identifier(),
        Some(unhex("29:5C:54:9E:CB:1F:A8:15:E7:87:9A:35:53:AB:D9:B0:88:B2:C4:D7").as_slice())
    );
    assert_eq!(
        ec.issuer(),
        "CN=soapsec Test EC Intermediate CA,O=soapsec test"
    );
    let point = ec.public_key().unwrap().ec_point().unwrap().to_vec();
    assert_eq!((point.len(), point[0]), (65, 0x04));
}

#[test]
fn ski_is_computed_by_rfc5280_method_1_when_absent() {
    let c = cert("no-ski.pem");
    assert_eq!(c.subject_key_identifier(), None);
    // SHA-1 over the subjectPublicKey BIT STRING value, computed with openssl by generate.sh:
    // openssl x509 -pubkey | openssl pkey -pubin -outform DER | (skip to the BIT STRING value)
    //   | openssl dgst -sha1
    assert_eq!(
        c.ski_or_computed(),
        unhex("8462D71CA00F58A285B875CF3052B8E1403C8DBF").as_slice()
    );
    // And where OpenSSL wrote the extension with `subjectKeyIdentifier = hash`, method 1
    // reproduces it: proven by recomputing from a copy stripped of the extension's presence.
    for name in [
        "client.pem",
        "server.pem",
        "ec-leaf.pem",
        "root-ca.pem",
        "intermediate-ca.pem",
    ] {
        let c = cert(name);
        assert_eq!(
            c.subject_key_identifier(),
            Some(c.ski_or_computed()),
            "{name}"
        );
    }
}

#[test]
fn certificate_bundles_and_errors() {
    let mut bundle = read("client.pem");
    bundle.extend(read("intermediate-ca.pem"));
    bundle.extend(read("root-ca.pem"));
    let all = Certificate::all_from_pem(&bundle).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2], cert("root-ca.pem"));

    let e = Certificate::load(&read("client.key.pem")).unwrap_err();
    assert!(
        matches!(&e, KeyError::NoCertificate { found } if found.contains("`PRIVATE KEY`")),
        "{e}"
    );
    let mut der = read("client.der");
    der.push(0);
    assert!(matches!(
        Certificate::from_der(&der),
        Err(KeyError::MalformedCertificate { .. })
    ));
    assert!(Certificate::from_der(&read("client.der")[..100]).is_err());
}

// ---- trust --------------------------------------------------------------------------------

#[test]
fn client_and_server_chain_to_the_root() {
    let store = root_store();
    for name in ["client.pem", "server.pem"] {
        let leaf = cert(name);
        let id = store.validate(std::slice::from_ref(&leaf), AT).unwrap();
        assert_eq!(id.certificate(), &leaf);
        assert_eq!(id.public_key(), leaf.public_key().unwrap());
        assert_eq!(id.validated_at(), AT);
        match id.trust_path() {
            TrustPath::Anchored {
                anchor_subject,
                anchor_sha256,
                path_len,
            } => {
                assert_eq!(anchor_subject, "CN=soapsec Test Root CA,O=soapsec test");
                assert_eq!(anchor_sha256, cert("root-ca.pem").sha256_thumbprint());
                assert_eq!(*path_len, 2);
            }
            other => panic!("{other:?}"),
        }
    }
    // The boundaries of the validity period are inclusive.
    let client = [cert("client.pem")];
    assert!(store.validate(&client, 1_767_225_600).is_ok());
    assert!(store.validate(&client, 2_398_377_600).is_ok());
    assert!(store.validate(&client, 2_398_377_601).is_err());
}

#[test]
fn ec_leaf_chains_through_the_intermediate() {
    let store = root_store();
    let leaf = cert("ec-leaf.pem");
    let inter = cert("intermediate-ca.pem");
    let id = store.validate(&[leaf.clone(), inter.clone()], AT).unwrap();
    assert!(matches!(
        id.trust_path(),
        TrustPath::Anchored { path_len: 3, .. }
    ));
    // With the root supplied too.
    let id = store
        .validate(&[leaf.clone(), inter, cert("root-ca.pem")], AT)
        .unwrap();
    assert!(matches!(
        id.trust_path(),
        TrustPath::Anchored { path_len: 3, .. }
    ));
    // Without the intermediate there is no path.
    let e = store.validate(&[leaf], AT).unwrap_err();
    assert!(
        matches!(&e, KeyError::UntrustedIssuer { issuer, .. } if issuer.contains("EC Intermediate")),
        "{e}"
    );
}

#[test]
fn expired_and_not_yet_valid_are_rejected_with_their_dates() {
    let store = root_store();
    let e = store.validate(&[cert("expired.pem")], AT).unwrap_err();
    assert_eq!(
        e,
        KeyError::Expired {
            subject: "CN=soapsec expired client,O=soapsec test".to_owned(),
            not_after: 1_609_459_200,
            at: AT,
        }
    );
    let e = store
        .validate(&[cert("client.pem")], BEFORE_LEAVES)
        .unwrap_err();
    assert!(
        matches!(
            e,
            KeyError::NotYetValid {
                not_before: 1_767_225_600,
                at: BEFORE_LEAVES,
                ..
            }
        ),
        "{e}"
    );
    // An expired intermediate fails too: the P-384 intermediate ends in 2050.
    let e = store
        .validate(
            &[cert("ec-leaf.pem"), cert("intermediate-ca.pem")],
            2_530_000_000,
        )
        .unwrap_err();
    assert!(matches!(e, KeyError::Expired { .. }), "{e}");
}

#[test]
fn a_self_signed_certificate_from_a_message_is_never_trusted_by_itself() {
    let attacker = cert("attacker.pem");
    // It copies the client's name exactly.
    assert_eq!(attacker.subject(), cert("client.pem").subject());
    let e = root_store()
        .validate(std::slice::from_ref(&attacker), AT)
        .unwrap_err();
    assert!(matches!(e, KeyError::UntrustedSelfSigned { .. }), "{e}");

    // A store that trusts nothing refuses everything, even a validly self-signed root.
    let empty = TrustStore::new();
    assert_eq!(
        empty
            .validate(std::slice::from_ref(&attacker), AT)
            .unwrap_err(),
        KeyError::NoTrustConfigured
    );
    assert_eq!(
        empty.validate(&[cert("root-ca.pem")], AT).unwrap_err(),
        KeyError::NoTrustConfigured
    );
    // Pins of other certificates do not help it.
    let mut pins = TrustStore::new();
    pins.pin_certificate(&cert("client.pem"));
    let e = pins.validate(&[attacker], AT).unwrap_err();
    assert!(matches!(e, KeyError::UntrustedSelfSigned { .. }), "{e}");
    assert_eq!(
        root_store().validate(&[], AT).unwrap_err(),
        KeyError::EmptyChain
    );
}

#[test]
fn a_rogue_root_with_the_real_roots_name_does_not_pass() {
    let store = root_store();
    let rogue_leaf = cert("rogue-leaf.pem");
    assert_eq!(rogue_leaf.issuer(), cert("root-ca.pem").subject());
    let e = store
        .validate(std::slice::from_ref(&rogue_leaf), AT)
        .unwrap_err();
    assert!(
        matches!(e, KeyError::CertificateSignatureInvalid { .. }),
        "{e}"
    );
    let e = store
        .validate(&[rogue_leaf, cert("rogue-root.pem")], AT)
        .unwrap_err();
    assert!(matches!(e, KeyError::UntrustedSelfSigned { .. }), "{e}");
}

#[test]
fn the_wrong_issuer_is_named() {
    let e = root_store()
        .validate(&[cert("ec-leaf.pem"), cert("server.pem")], AT)
        .unwrap_err();
    assert_eq!(
        e,
        KeyError::IssuerMismatch {
            subject: "CN=soapsec test EC client,O=soapsec test".to_owned(),
            issuer: "CN=soapsec Test EC Intermediate CA,O=soapsec test".to_owned(),
            next: "CN=soapsec test server,O=soapsec test".to_owned(),
        }
    );
}

#[test]
fn a_leaf_cannot_act_as_a_ca() {
    let e = root_store()
        .validate(&[cert("leaf-as-ca.pem"), cert("client.pem")], AT)
        .unwrap_err();
    assert_eq!(
        e,
        KeyError::NotCa {
            subject: "CN=soapsec test client,OU=clients,O=soapsec test,C=GB".to_owned()
        }
    );
}

#[test]
fn path_length_constraints_are_enforced() {
    let e = root_store()
        .validate(
            &[
                cert("pathlen-leaf.pem"),
                cert("pathlen-sub-ca.pem"),
                cert("intermediate-ca.pem"),
            ],
            AT,
        )
        .unwrap_err();
    assert!(
        matches!(&e, KeyError::PathLenExceeded { path_len: 0, found: 1, subject } if subject.contains("EC Intermediate")),
        "{e}"
    );
}

#[test]
fn sha1_signed_certificates_need_the_legacy_switch() {
    let mut store = root_store();
    let chain = [cert("legacy-sha1.pem")];
    let e = store.validate(&chain, AT).unwrap_err();
    assert!(
        matches!(
            e,
            KeyError::LegacyAlgorithmDisabled {
                algorithm: "sha1WithRSAEncryption"
            }
        ),
        "{e}"
    );
    store.allow_sha1_certificates_FOR_LEGACY_USE_ONLY(true);
    assert!(store.validate(&chain, AT).is_ok());
}

#[test]
fn leaf_key_usage_is_checked_for_the_purpose() {
    let store = root_store();
    let enc = [cert("encrypt-only.pem")];
    let e = store.validate(&enc, AT).unwrap_err();
    assert!(
        matches!(
            e,
            KeyError::LeafKeyUsage {
                usage: "digitalSignature",
                ..
            }
        ),
        "{e}"
    );
    assert!(
        store
            .validate_for(&enc, AT, LeafUsage::KeyEncipherment)
            .is_ok()
    );
    let ec = [cert("ec-leaf.pem"), cert("intermediate-ca.pem")];
    let e = store
        .validate_for(&ec, AT, LeafUsage::KeyEncipherment)
        .unwrap_err();
    assert!(
        matches!(
            e,
            KeyError::LeafKeyUsage {
                usage: "keyEncipherment",
                ..
            }
        ),
        "{e}"
    );
    // The anchor itself is trusted as configured, but it is no signing leaf.
    let root = [cert("root-ca.pem")];
    assert!(matches!(
        store.validate(&root, AT),
        Err(KeyError::LeafKeyUsage { .. })
    ));
    let id = store.validate_for(&root, AT, LeafUsage::Any).unwrap();
    assert!(matches!(
        id.trust_path(),
        TrustPath::Anchored { path_len: 1, .. }
    ));
}

#[test]
fn budgets_bound_the_work() {
    let chain = [cert("ec-leaf.pem"), cert("intermediate-ca.pem")];
    let mut store = root_store();
    store.set_max_path_len(2);
    assert_eq!(
        store.validate(&chain, AT).unwrap_err(),
        KeyError::ChainTooLong { len: 3, max: 2 }
    );
    let long: Vec<Certificate> = std::iter::repeat_n(cert("client.pem"), 3).collect();
    assert!(matches!(
        store.validate(&long, AT),
        Err(KeyError::ChainTooLong { len: 3, max: 2 })
    ));
    let mut store = root_store();
    store.set_max_signature_checks(1);
    assert_eq!(
        store.validate(&chain, AT).unwrap_err(),
        KeyError::SignatureBudgetExceeded { max: 1 }
    );
    store.set_max_signature_checks(2);
    assert!(store.validate(&chain, AT).is_ok());
}

#[test]
fn pinned_leaves_are_accepted_without_a_chain() {
    let attacker = cert("attacker.pem");
    let mut store = TrustStore::new();
    store.pin_sha1(*attacker.sha1_thumbprint());
    let id = store.validate(std::slice::from_ref(&attacker), AT).unwrap();
    assert_eq!(id.trust_path(), &TrustPath::Pinned);
    assert!(store.is_pinned(&attacker));

    let mut store = TrustStore::new();
    // openssl x509 -in server.pem -noout -fingerprint -sha256
    let server_sha256: [u8; 32] = unhex(
        "30:6B:78:B5:F4:63:87:70:8C:3D:F2:C8:6C:7C:5E:9F:FA:9D:74:40:D6:A7:06:94:00:AD:48:E4:79:59:8E:2F",
    )
    .try_into()
    .unwrap();
    store.pin_sha256(server_sha256);
    assert_eq!(
        store
            .validate(&[cert("server.pem")], AT)
            .unwrap()
            .trust_path(),
        &TrustPath::Pinned
    );
    assert!(!store.is_pinned(&cert("client.pem")));
    // A pin does not override the validity period.
    let mut store = TrustStore::new();
    store.pin_certificate(&cert("expired.pem"));
    assert!(matches!(
        store.validate(&[cert("expired.pem")], AT),
        Err(KeyError::Expired { .. })
    ));
}

// ---- signatures ---------------------------------------------------------------------------

#[test]
fn sign_verify_round_trips_and_a_flipped_bit_fails() {
    let rsa = key("client.key.pem");
    let rsa_public = cert("client.pem").public_key().unwrap().clone();
    let p256 = key("ec-leaf.sec1.pem");
    let p256_public = cert("ec-leaf.pem").public_key().unwrap().clone();
    let p384 = key("ec-p384.key.pem");
    let p384_public = p384.public_key().clone();
    let data = b"<SignedInfo>canonical bytes</SignedInfo>";
    let cases = [
        (&rsa, &rsa_public, SignatureAlgorithm::RsaSha256, 256),
        (&rsa, &rsa_public, SignatureAlgorithm::RsaSha384, 256),
        (&rsa, &rsa_public, SignatureAlgorithm::RsaSha512, 256),
        (
            &rsa,
            &rsa_public,
            SignatureAlgorithm::RsaSha1ForLegacyUseOnly,
            256,
        ),
        (&p256, &p256_public, SignatureAlgorithm::EcdsaP256Sha256, 64),
        (&p384, &p384_public, SignatureAlgorithm::EcdsaP384Sha384, 96),
    ];
    for (private, public, alg, len) in cases {
        let sig = private.sign(alg, data).unwrap();
        assert_eq!(sig.len(), len, "{alg:?}");
        public.verify(alg, data, &sig).unwrap();
        for bit in [0, sig.len() * 4, sig.len() * 8 - 1] {
            let mut bad = sig.clone();
            bad[bit / 8] ^= 1 << (bit % 8);
            assert_eq!(
                public.verify(alg, data, &bad),
                Err(KeyError::BadSignature),
                "{alg:?}"
            );
        }
        let mut other = data.to_vec();
        other[3] ^= 0x20;
        assert_eq!(
            public.verify(alg, &other, &sig),
            Err(KeyError::BadSignature)
        );
        assert_eq!(
            public.verify(alg, data, &sig[1..]),
            Err(KeyError::BadSignature)
        );
    }
    // RSA PKCS#1 v1.5 is deterministic: ring (SHA-2) and `rsa` (SHA-1) agree with themselves.
    assert_eq!(
        rsa.sign(SignatureAlgorithm::RsaSha1ForLegacyUseOnly, data)
            .unwrap(),
        rsa.sign(SignatureAlgorithm::RsaSha1ForLegacyUseOnly, data)
            .unwrap()
    );
}

#[test]
fn signatures_interoperate_with_openssl() {
    let message = read("message.txt");
    let rsa = key("client.key.pem");
    // openssl dgst -sha256 -sign client.key.pem message.txt: PKCS#1 v1.5 is deterministic, so
    // we produce the identical bytes, and verify OpenSSL's.
    let openssl_sha256 = read("message.rsa-sha256.sig");
    assert_eq!(
        rsa.sign(SignatureAlgorithm::RsaSha256, &message).unwrap(),
        openssl_sha256
    );
    let client = cert("client.pem");
    let public = client.public_key().unwrap();
    public
        .verify(SignatureAlgorithm::RsaSha256, &message, &openssl_sha256)
        .unwrap();
    // openssl dgst -sha1 -sign client.key.pem message.txt
    let openssl_sha1 = read("message.rsa-sha1.sig");
    assert_eq!(
        rsa.sign(SignatureAlgorithm::RsaSha1ForLegacyUseOnly, &message)
            .unwrap(),
        openssl_sha1
    );
    public
        .verify(
            SignatureAlgorithm::RsaSha1ForLegacyUseOnly,
            &message,
            &openssl_sha1,
        )
        .unwrap();
    // openssl dgst -sha256 -sign ec-leaf.key.pem: ASN.1 (r, s), which XML-DSig writes FIXED.
    let fixed = der_ecdsa_to_fixed(&read("message.ecdsa-p256-sha256.der.sig"), 32);
    cert("ec-leaf.pem")
        .public_key()
        .unwrap()
        .verify(SignatureAlgorithm::EcdsaP256Sha256, &message, &fixed)
        .unwrap();
    let fixed = der_ecdsa_to_fixed(&read("message.ecdsa-p384-sha384.der.sig"), 48);
    key("ec-p384.key.pem")
        .public_key()
        .verify(SignatureAlgorithm::EcdsaP384Sha384, &message, &fixed)
        .unwrap();
}

/// `SEQUENCE { INTEGER r, INTEGER s }` (short lengths only, as for P-256/P-384) to `r || s`.
fn der_ecdsa_to_fixed(der: &[u8], width: usize) -> Vec<u8> {
    assert_eq!(der[0], 0x30);
    let body = if der[1] == 0x81 { &der[3..] } else { &der[2..] };
    let mut out = Vec::new();
    let mut rest = body;
    for _ in 0..2 {
        assert_eq!(rest[0], 0x02);
        let len = usize::from(rest[1]);
        let int = &rest[2..2 + len];
        let int = if int.len() > width {
            &int[int.len() - width..]
        } else {
            int
        };
        out.extend(std::iter::repeat_n(0u8, width - int.len()));
        out.extend_from_slice(int);
        rest = &rest[2 + len..];
    }
    out
}

#[test]
fn the_keys_type_fixes_the_algorithm_family() {
    let rsa = key("client.key.pem");
    let p256 = key("ec-leaf.key.pem");
    let e = rsa
        .sign(SignatureAlgorithm::EcdsaP256Sha256, b"x")
        .unwrap_err();
    assert!(
        matches!(&e, KeyError::AlgorithmKeyMismatch { key, .. } if key == "RSA-2048"),
        "{e}"
    );
    for alg in [
        SignatureAlgorithm::RsaSha256,
        SignatureAlgorithm::RsaSha1ForLegacyUseOnly,
        SignatureAlgorithm::EcdsaP384Sha384,
    ] {
        assert!(matches!(
            p256.sign(alg, b"x"),
            Err(KeyError::AlgorithmKeyMismatch { .. })
        ));
    }
    let sig = p256
        .sign(SignatureAlgorithm::EcdsaP256Sha256, b"x")
        .unwrap();
    assert!(matches!(
        p256.public_key()
            .verify(SignatureAlgorithm::EcdsaP384Sha384, b"x", &sig),
        Err(KeyError::AlgorithmKeyMismatch { .. })
    ));
    assert!(matches!(
        rsa.public_key()
            .verify(SignatureAlgorithm::EcdsaP256Sha256, b"x", &sig),
        Err(KeyError::AlgorithmKeyMismatch { .. })
    ));
    // RSA-OAEP is for RSA keys only.
    assert!(matches!(
        p256.public_key()
            .rsa_oaep_encrypt(&OaepParams::mgf1p_sha1(), b"k"),
        Err(KeyError::AlgorithmKeyMismatch { .. })
    ));
    assert!(matches!(
        p256.rsa_oaep_decrypt(&OaepParams::mgf1p_sha1(), &[0; 64]),
        Err(KeyError::AlgorithmKeyMismatch { .. })
    ));
}

#[test]
fn algorithm_uris() {
    for alg in SignatureAlgorithm::ALL {
        assert_eq!(SignatureAlgorithm::from_uri(alg.uri()), Some(alg));
    }
    for alg in HmacAlgorithm::ALL {
        assert_eq!(HmacAlgorithm::from_uri(alg.uri()), Some(alg));
    }
    assert!(SignatureAlgorithm::RsaSha1ForLegacyUseOnly.is_legacy());
    assert!(!SignatureAlgorithm::RsaSha256.is_legacy());
    assert!(HmacAlgorithm::HmacSha1ForLegacyUseOnly.is_legacy());
    assert_eq!(
        SignatureAlgorithm::from_uri("http://www.w3.org/2001/04/xmldsig-more#rsa-md5"),
        None
    );
}

// ---- RSA-OAEP -----------------------------------------------------------------------------

#[test]
fn oaep_round_trips_both_variants() {
    let private = key("client.rsa.pem");
    let public = cert("client.pem").public_key().unwrap().clone();
    let session_key = [0x42u8; 32];
    for params in [
        OaepParams::mgf1p_sha1(),
        OaepParams::sha256_mgf1_sha256(),
        OaepParams::new(OaepHash::Sha256, OaepHash::Sha1),
        OaepParams::new(OaepHash::Sha512, OaepHash::Sha384),
        OaepParams::sha256_mgf1_sha256().with_label(b"OAEPparams"),
    ] {
        let ct = public.rsa_oaep_encrypt(&params, &session_key).unwrap();
        assert_eq!(ct.len(), 256);
        let pt = private.rsa_oaep_decrypt(&params, &ct).unwrap();
        assert_eq!(pt.as_slice(), session_key, "{params:?}");
        // Randomised: a second encryption differs.
        assert_ne!(public.rsa_oaep_encrypt(&params, &session_key).unwrap(), ct);
    }
}

#[test]
fn oaep_decrypts_what_openssl_encrypted() {
    let private = key("client.key.pem");
    let expected = read("session-key.bin");
    // openssl pkeyutl -encrypt ... -pkeyopt rsa_oaep_md:sha1 -pkeyopt rsa_mgf1_md:sha1
    let pt = private
        .rsa_oaep_decrypt(
            &OaepParams::mgf1p_sha1(),
            &read("session-key.oaep-sha1.bin"),
        )
        .unwrap();
    assert_eq!(pt.as_slice(), expected.as_slice());
    // openssl pkeyutl -encrypt ... -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256
    let pt = private
        .rsa_oaep_decrypt(
            &OaepParams::sha256_mgf1_sha256(),
            &read("session-key.oaep-sha256.bin"),
        )
        .unwrap();
    assert_eq!(pt.as_slice(), expected.as_slice());
}

#[test]
fn every_oaep_failure_is_the_same_opaque_error() {
    let private = key("client.key.pem");
    let public = private.public_key().clone();
    let params = OaepParams::sha256_mgf1_sha256();
    let ct = public.rsa_oaep_encrypt(&params, &[7u8; 16]).unwrap();

    let mut failures = Vec::new();
    for i in [0, 1, 100, ct.len() - 1] {
        let mut tampered = ct.clone();
        tampered[i] ^= 0x01;
        failures.push(private.rsa_oaep_decrypt(&params, &tampered).unwrap_err());
    }
    failures.push(private.rsa_oaep_decrypt(&params, &ct[1..]).unwrap_err());
    failures.push(private.rsa_oaep_decrypt(&params, &[]).unwrap_err());
    failures.push(private.rsa_oaep_decrypt(&params, &[0xff; 256]).unwrap_err());
    failures.push(
        private
            .rsa_oaep_decrypt(&OaepParams::mgf1p_sha1(), &ct)
            .unwrap_err(),
    );
    failures.push(
        private
            .rsa_oaep_decrypt(&params.clone().with_label(b"other"), &ct)
            .unwrap_err(),
    );
    failures.push(
        key("server.key.pem")
            .rsa_oaep_decrypt(&params, &ct)
            .unwrap_err(),
    );
    for f in &failures {
        assert_eq!(f, &KeyError::Decryption);
        assert_eq!(f.to_string(), "decryption failed");
    }
    // Encryption errors, by contrast, may say why: nothing secret is involved.
    assert!(matches!(
        public.rsa_oaep_encrypt(&params, &[0u8; 300]),
        Err(KeyError::EncryptionFailed { .. })
    ));
}

// ---- HMAC ---------------------------------------------------------------------------------

#[test]
fn hmac_matches_rfc4231_and_rejects_a_flipped_bit() {
    // RFC 4231 test case 2.
    let key = HmacKey::from_secret_bytes(b"Jefe").unwrap();
    let data = b"what do ya want for nothing?";
    let tag = key.sign(HmacAlgorithm::HmacSha256, data);
    assert_eq!(
        tag,
        unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    );
    for alg in HmacAlgorithm::ALL {
        let tag = key.sign(alg, data);
        assert_eq!(tag.len(), alg.output_len());
        key.verify(alg, data, &tag).unwrap();
        let mut bad = tag.clone();
        bad[0] ^= 0x80;
        assert_eq!(key.verify(alg, data, &bad), Err(KeyError::BadSignature));
        assert_eq!(
            key.verify(alg, data, &tag[..10]),
            Err(KeyError::BadSignature)
        );
    }
    let other = HmacKey::from_secret_bytes(b"Jeff").unwrap();
    assert!(other.verify(HmacAlgorithm::HmacSha256, data, &tag).is_err());
}

#[test]
fn truncated_hmac_needs_a_policy_length() {
    let key = HmacKey::from_secret_bytes(b"secret").unwrap();
    let data = b"signed info";
    let full = key.sign(HmacAlgorithm::HmacSha256, data);
    key.verify_truncated(HmacAlgorithm::HmacSha256, data, &full[..16], 128)
        .unwrap();
    // CVE-2009-0217: HMACOutputLength below max(80, hash/2) is refused before any comparison.
    assert_eq!(
        key.verify_truncated(HmacAlgorithm::HmacSha256, data, &full[..10], 80),
        Err(KeyError::HmacOutputLength {
            bits: 80,
            min: 128,
            max: 256
        })
    );
    assert!(matches!(
        key.verify_truncated(HmacAlgorithm::HmacSha256, data, &full[..16], 130),
        Err(KeyError::HmacOutputLength { .. })
    ));
    let sha1 = key.sign(HmacAlgorithm::HmacSha1ForLegacyUseOnly, data);
    key.verify_truncated(
        HmacAlgorithm::HmacSha1ForLegacyUseOnly,
        data,
        &sha1[..10],
        80,
    )
    .unwrap();
    assert_eq!(
        key.verify_truncated(HmacAlgorithm::HmacSha256, data, &full[..15], 128),
        Err(KeyError::BadSignature)
    );
}

#[test]
fn hmac_keys_come_only_from_secret_bytes() {
    assert_eq!(
        HmacKey::from_secret_bytes(b"").unwrap_err(),
        KeyError::EmptyHmacKey
    );
    // An OAEP-unwrapped key flows in without a copy.
    let private = key("client.key.pem");
    let params = OaepParams::mgf1p_sha1();
    let wrapped = private
        .public_key()
        .rsa_oaep_encrypt(&params, &[9u8; 24])
        .unwrap();
    let unwrapped = private.rsa_oaep_decrypt(&params, &wrapped).unwrap();
    let hmac = HmacKey::from_secret(unwrapped).unwrap();
    assert_eq!(hmac.len(), 24);
    // There is no constructor from a PublicKey: `HmacKey::from(public_key)` does not compile
    // (a compile_fail doctest on HmacKey proves it). The only ones are:
    let _: fn(&[u8]) -> Result<HmacKey, KeyError> = HmacKey::from_secret_bytes;
    let _ = HmacKey::from_secret;
}

// ---- hygiene ------------------------------------------------------------------------------

#[test]
fn debug_prints_no_key_material() {
    let der = read("client.key.der");
    let private = PrivateKey::from_der(&der).unwrap();
    let shown = format!("{private:?} {private:#?}");
    assert!(shown.contains("Rsa") && shown.contains("2048"), "{shown}");
    let hex_der: String = der.iter().map(|b| format!("{b:02x}")).collect();
    let upper = hex_der.to_uppercase();
    for window in hex_der.as_bytes().chunks(12) {
        let w = std::str::from_utf8(window).unwrap();
        if w.len() == 12 {
            assert!(
                !shown.contains(w) && !shown.contains(&w.to_uppercase()),
                "{shown}"
            );
        }
    }
    assert!(!shown.contains(&upper[..40]));
    // No decimal or byte-list rendering either.
    assert!(!shown.contains('['), "{shown}");

    let ec = key("ec-leaf.sec1.pem");
    let shown = format!("{ec:?}");
    assert_eq!(shown, "PrivateKey { kind: Ec(P256), format: Sec1, .. }");

    let hmac = HmacKey::from_secret_bytes(b"very secret bytes").unwrap();
    let shown = format!("{hmac:?} {hmac:#?}");
    assert!(
        !shown.contains("very") && !shown.contains("7665727920"),
        "{shown}"
    );
    assert!(!shown.contains('['), "{shown}");
}

#[test]
fn key_errors_fold_into_the_crate_error() {
    let e: soapsec::Error = KeyError::Decryption.into();
    assert!(matches!(e, soapsec::Error::Keys(KeyError::Decryption)));
    assert_eq!(e.to_string(), "decryption failed");
}

#[test]
fn public_keys_from_spki() {
    // The SPKI inside a certificate, found by the public key's own encoding.
    let c = cert("client.pem");
    let public = c.public_key().unwrap();
    assert_eq!(public.rsa_modulus().unwrap().len(), 256);
    assert!(PublicKey::from_spki_der(b"\x30\x00").is_err());
}

#[test]
fn unknown_critical_extensions_are_refused() {
    let c = cert("critical-ext.pem");
    let e = root_store().validate(&[c], AT).unwrap_err();
    assert_eq!(
        e,
        KeyError::UnhandledCriticalExtension {
            subject: "CN=soapsec unknown critical extension,O=soapsec test".to_owned(),
            oid: "1.3.6.1.4.1.55555.1".to_owned(),
        }
    );
}

#[test]
fn anchors_match_by_der_or_by_subject_and_key() {
    // A copy of the root whose DER differs (a changed signature bit) still names the anchor's
    // subject and key, so it terminates the path: holding it proves nothing the anchor does not.
    let mut der = read("root-ca.der");
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let copy = Certificate::from_der(&der).unwrap();
    assert_ne!(copy, cert("root-ca.pem"));
    let store = root_store();
    let id = store
        .validate_for(std::slice::from_ref(&copy), AT, LeafUsage::Any)
        .unwrap();
    assert!(matches!(
        id.trust_path(),
        TrustPath::Anchored { path_len: 1, .. }
    ));
    // As a supplied issuer it ends the path too.
    let id = store
        .validate(
            &[cert("ec-leaf.pem"), cert("intermediate-ca.pem"), copy],
            AT,
        )
        .unwrap();
    assert!(matches!(
        id.trust_path(),
        TrustPath::Anchored { path_len: 3, .. }
    ));
    // But the same name with another key is the rogue root, refused above.
}

// ---- no panics on input -------------------------------------------------------------------

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    fn load_everything(bytes: &[u8]) {
        let _ = PrivateKey::load(bytes);
        let _ = Certificate::load(bytes);
        let _ = Certificate::all_from_pem(bytes);
        let _ = PublicKey::from_spki_der(bytes);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            load_everything(&bytes);
        }

        #[test]
        fn mutated_keys_and_certificates(
            file in prop::sample::select(vec![
                "client.key.der", "client.rsa.der", "ec-leaf.sec1.der", "ec-leaf.key.der",
                "client.der", "ec-leaf.der", "client.key.pem", "ec-leaf.sec1.pem", "root-ca.pem",
            ]),
            at in any::<prop::sample::Index>(),
            xor in 1u8..,
            cut in any::<prop::sample::Index>(),
        ) {
            let mut bytes = read(file);
            let i = at.index(bytes.len());
            bytes[i] ^= xor;
            load_everything(&bytes);
            bytes.truncate(cut.index(bytes.len()));
            load_everything(&bytes);
        }

        #[test]
        fn mutated_chains_never_validate(
            at in any::<prop::sample::Index>(),
            xor in 1u8..,
        ) {
            // Any change to a signed byte of the leaf must make validation fail (or the
            // certificate fail to load); it must never panic or pass.
            let mut der = read("client.der");
            let i = at.index(der.len());
            der[i] ^= xor;
            if let Ok(c) = Certificate::from_der(&der) {
                prop_assert!(root_store().validate(&[c], AT).is_err());
            }
        }
    }
}

/// Regression: x509-parser accepts other tag bytes in a certificate's unsigned outer wrapper
/// (the Certificate SEQUENCE, the outer AlgorithmIdentifier, its OID and NULL, the signature
/// BIT STRING). A proptest found such a mutation still validating; the exact-DER check of the
/// wrapper now refuses every one. Exhaustive over three bit positions of every byte.
#[test]
fn no_single_bit_flip_of_a_leaf_still_validates() {
    let der = read("client.der");
    assert!(
        root_store()
            .validate(&[Certificate::from_der(&der).unwrap()], AT)
            .is_ok()
    );
    for i in 0..der.len() {
        for bit in [0x80u8, 0x40, 0x01] {
            let mut d = der.clone();
            d[i] ^= bit;
            if let Ok(c) = Certificate::from_der(&d) {
                assert!(
                    root_store().validate(&[c], AT).is_err(),
                    "byte {i} ^ {bit:#04x} still validates"
                );
            }
        }
    }
}
