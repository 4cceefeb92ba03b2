//! Unit tests of the XML Encryption layer: round trips, and every error path.

use super::*;
use crate::keys::Certificate;
use std::cell::Cell;

const CLIENT_KEY: &[u8] = include_bytes!("../../testdata/pki/client.key.pem");
const CLIENT_CERT: &[u8] = include_bytes!("../../testdata/pki/client.pem");
const SERVER_KEY: &[u8] = include_bytes!("../../testdata/pki/server.key.pem");

const DOC: &str = r#"<e:Envelope xmlns:e="urn:env" xmlns:p="urn:pay"><e:Header/><e:Body Id="body"><p:Card p:kind="visa"><p:Number>4111</p:Number></p:Card><p:Note>hi</p:Note></e:Body></e:Envelope>"#;

fn client_key() -> PrivateKey {
    PrivateKey::load(CLIENT_KEY).unwrap()
}

fn client_pub() -> PublicKey {
    Certificate::load(CLIENT_CERT)
        .unwrap()
        .public_key()
        .unwrap()
        .clone()
}

fn find<'d>(doc: &'d Document<'_>, ns: &str, local: &str) -> Element<'d> {
    doc.elements().find(|e| e.is(ns, local)).unwrap()
}

fn cbc_policy() -> DecryptionPolicy {
    DecryptionPolicy {
        legacy: Legacy::NONE.allow_aes_cbc_for_legacy_use_only(),
        block_algorithms: BlockAlgorithm::ALL.to_vec(),
        ..Default::default()
    }
}

/// Encrypts `target` (found by local name) with a given content encryptor; returns the text.
fn encrypt_local(enc: &mut ContentEncryptor, local: &str, kind: EncryptedType) -> String {
    let doc = Document::parse(DOC).unwrap();
    let target = doc
        .elements()
        .find(|e| e.local_name() == local)
        .unwrap()
        .id();
    let mut edits = Edits::new();
    enc.encrypt(&doc, target, kind, "ED-1", None, &mut edits)
        .unwrap();
    doc.apply(&edits).unwrap().source().to_owned()
}

#[test]
fn gcm_element_round_trip_restores_bytes_and_reports_nodes() {
    for alg in BlockAlgorithm::GCM {
        let mut enc = ContentEncryptor::new(alg, Legacy::NONE).unwrap();
        let text = encrypt_local(&mut enc, "Card", EncryptedType::Element);
        assert!(!text.contains(">4111<"));
        let doc = Document::parse(&text).unwrap();
        let ed = find(&doc, XENC_NS, "EncryptedData").id();
        let out = decrypt_data(&doc, ed, enc.key(), &DecryptionPolicy::default()).unwrap();
        assert_eq!(out.document.source(), DOC);
        assert_eq!(out.parts.len(), 1);
        let part = &out.parts[0];
        assert_eq!(part.kind, EncryptedType::Element);
        assert_eq!(part.algorithm, alg);
        assert_eq!(part.encrypted_data_id.as_deref(), Some("ED-1"));
        assert_eq!(part.nodes.len(), 1);
        let card = out.document.element(part.nodes[0]).unwrap();
        // The prefix `p` is declared on the Envelope: the plaintext was parsed in context.
        assert!(card.is("urn:pay", "Card"));
        assert_eq!(card.attribute("urn:pay", "kind"), Some("visa"));
        let parent = out.document.element(part.parent.unwrap()).unwrap();
        assert!(parent.is("urn:env", "Body"));
    }
}

#[test]
fn gcm_content_round_trip() {
    let mut enc = ContentEncryptor::new(BlockAlgorithm::Aes128Gcm, Legacy::NONE).unwrap();
    let text = encrypt_local(&mut enc, "Body", EncryptedType::Content);
    assert!(!text.contains(">4111<") && !text.contains(">hi<"));
    let doc = Document::parse(&text).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    let out = decrypt_data(&doc, ed, enc.key(), &DecryptionPolicy::default()).unwrap();
    assert_eq!(out.document.source(), DOC);
    let part = &out.parts[0];
    assert_eq!(part.kind, EncryptedType::Content);
    let names: Vec<_> = part
        .nodes
        .iter()
        .map(|n| out.document.element(*n).unwrap().local_name())
        .collect();
    assert_eq!(names, ["Card", "Note"]);
}

fn tamper_cipher_value(text: &str, f: impl Fn(&mut Vec<u8>)) -> String {
    let doc = Document::parse(text).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData");
    let cv = find(&doc, XENC_NS, "CipherValue");
    let _ = ed;
    let mut bytes = b64_decode(&cv.text(), "test").unwrap();
    f(&mut bytes);
    let mut edits = Edits::new();
    edits.replace_children(cv.id(), b64(&bytes));
    doc.apply(&edits).unwrap().source().to_owned()
}

#[test]
fn tampered_gcm_iv_ciphertext_and_tag_all_fail_the_same_way() {
    let mut enc = ContentEncryptor::new(BlockAlgorithm::Aes256Gcm, Legacy::NONE).unwrap();
    let text = encrypt_local(&mut enc, "Card", EncryptedType::Element);
    let len = {
        let doc = Document::parse(&text).unwrap();
        b64_decode(&find(&doc, XENC_NS, "CipherValue").text(), "t")
            .unwrap()
            .len()
    };
    let mut errors = Vec::new();
    for (what, at) in [("iv", 0), ("ciphertext", 20), ("tag", len - 1)] {
        let bad = tamper_cipher_value(&text, |b| b[at] ^= 1);
        let doc = Document::parse(&bad).unwrap();
        let ed = find(&doc, XENC_NS, "EncryptedData").id();
        let e = decrypt_data(&doc, ed, enc.key(), &DecryptionPolicy::default()).unwrap_err();
        assert_eq!(e, XencError::DecryptionFailed, "{what}");
        errors.push(e.to_string());
    }
    // Truncated below IV + tag, and a wrong key: the same error again.
    let short = tamper_cipher_value(&text, |b| b.truncate(20));
    let doc = Document::parse(&short).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    let e = decrypt_data(&doc, ed, enc.key(), &DecryptionPolicy::default()).unwrap_err();
    errors.push(e.to_string());
    let doc = Document::parse(&text).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    let other = SymmetricKey::generate(BlockAlgorithm::Aes256Gcm).unwrap();
    let e = decrypt_data(&doc, ed, &other, &DecryptionPolicy::default()).unwrap_err();
    errors.push(e.to_string());
    // A key of the wrong length for the algorithm.
    let k128 = SymmetricKey::generate(BlockAlgorithm::Aes128Gcm).unwrap();
    let e = decrypt_data(&doc, ed, &k128, &DecryptionPolicy::default()).unwrap_err();
    errors.push(e.to_string());
    assert!(
        errors.iter().all(|e| e == "decryption failed"),
        "{errors:?}"
    );
}

#[test]
fn cbc_is_refused_without_the_legacy_switch() {
    let e =
        ContentEncryptor::new(BlockAlgorithm::Aes256CbcForLegacyUseOnly, Legacy::NONE).unwrap_err();
    assert!(matches!(e, XencError::AlgorithmNotAllowed { .. }));
    let legacy = Legacy::NONE.allow_aes_cbc_for_legacy_use_only();
    let mut enc = ContentEncryptor::new(BlockAlgorithm::Aes256CbcForLegacyUseOnly, legacy).unwrap();
    let text = encrypt_local(&mut enc, "Card", EncryptedType::Element);
    let doc = Document::parse(&text).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    // Default policy: no legacy. Even listing CBC is not enough without the switch.
    for policy in [
        DecryptionPolicy::default(),
        DecryptionPolicy {
            block_algorithms: BlockAlgorithm::ALL.to_vec(),
            ..Default::default()
        },
    ] {
        let e = decrypt_data(&doc, ed, enc.key(), &policy).unwrap_err();
        assert_eq!(
            e,
            XencError::AlgorithmNotAllowed {
                uri: "http://www.w3.org/2001/04/xmlenc#aes256-cbc".into(),
                reason: "AES-CBC needs the legacy switch (Legacy::allow_aes_cbc_for_legacy_use_only)"
            }
        );
    }
    let out = decrypt_data(&doc, ed, enc.key(), &cbc_policy()).unwrap();
    assert_eq!(out.document.source(), DOC);
}

#[test]
fn cbc_bit_flips_fail_uniformly_or_change_the_plaintext() {
    // CBC has no integrity: a flip either breaks padding / well-formedness (the uniform error) or
    // yields a different plaintext. That is why CBC content must be inside verified signed content.
    let legacy = Legacy::NONE.allow_aes_cbc_for_legacy_use_only();
    let mut enc = ContentEncryptor::new(BlockAlgorithm::Aes128CbcForLegacyUseOnly, legacy).unwrap();
    let text = encrypt_local(&mut enc, "Body", EncryptedType::Content);
    let len = {
        let doc = Document::parse(&text).unwrap();
        b64_decode(&find(&doc, XENC_NS, "CipherValue").text(), "t")
            .unwrap()
            .len()
    };
    let (mut failed, mut changed) = (0, 0);
    for at in 0..len {
        for bit in [0x01u8, 0x20, 0x80] {
            let bad = tamper_cipher_value(&text, |b| b[at] ^= bit);
            let doc = Document::parse(&bad).unwrap();
            let ed = find(&doc, XENC_NS, "EncryptedData").id();
            match decrypt_data(&doc, ed, enc.key(), &cbc_policy()) {
                Err(e) => {
                    assert_eq!(e, XencError::DecryptionFailed);
                    failed += 1;
                }
                Ok(out) => {
                    assert_ne!(out.document.source(), DOC);
                    changed += 1;
                }
            }
        }
    }
    assert!(
        failed > 0 && changed > 0,
        "failed {failed}, changed {changed}"
    );
}

#[test]
fn downgrade_from_gcm_to_cbc_is_refused_by_policy() {
    let mut enc = ContentEncryptor::new(BlockAlgorithm::Aes128Gcm, Legacy::NONE).unwrap();
    let text = encrypt_local(&mut enc, "Card", EncryptedType::Element);
    let downgraded = text.replace(
        "http://www.w3.org/2009/xmlenc11#aes128-gcm",
        "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
    );
    let doc = Document::parse(&downgraded).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    // The operation's suite says AES-128-GCM: even with the legacy switch on, CBC is refused.
    let policy = DecryptionPolicy::only(
        BlockAlgorithm::Aes128Gcm,
        Legacy::NONE.allow_aes_cbc_for_legacy_use_only(),
    );
    let e = decrypt_data(&doc, ed, enc.key(), &policy).unwrap_err();
    assert_eq!(
        e,
        XencError::AlgorithmNotAllowed {
            uri: "http://www.w3.org/2001/04/xmlenc#aes128-cbc".into(),
            reason: "not one of the policy's content-encryption algorithms"
        }
    );
    // Without the switch: refused as legacy.
    let e = decrypt_data(&doc, ed, enc.key(), &DecryptionPolicy::default()).unwrap_err();
    assert!(matches!(e, XencError::AlgorithmNotAllowed { .. }));
    // And a policy of AES-256-GCM refuses AES-128-GCM.
    let doc = Document::parse(&text).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    let policy = DecryptionPolicy::only(BlockAlgorithm::Aes256Gcm, Legacy::NONE);
    assert!(matches!(
        decrypt_data(&doc, ed, enc.key(), &policy),
        Err(XencError::AlgorithmNotAllowed { .. })
    ));
}

/// A resolver that counts what it is asked for.
#[derive(Default)]
struct Counting {
    keys: Vec<PrivateKey>,
    sym: Vec<SymmetricKey>,
    private_calls: Cell<usize>,
}

impl KeyResolver for Counting {
    fn symmetric_keys(&self, _: Option<Element<'_>>, _: Option<&str>) -> Vec<&SymmetricKey> {
        self.sym.iter().collect()
    }
    fn private_keys(&self, _: Option<Element<'_>>, _: Option<&str>) -> Vec<&PrivateKey> {
        self.private_calls.set(self.private_calls.get() + 1);
        self.keys.iter().collect()
    }
}

fn oaep_message(transport: &KeyTransport) -> (String, SymmetricKey) {
    let doc = Document::parse(DOC).unwrap();
    let how = RecipientEncryption {
        transport: transport.clone(),
        ..Default::default()
    };
    let card = find(&doc, "urn:pay", "Card").id();
    let out =
        encrypt_for_recipient(&doc, card, EncryptedType::Element, &client_pub(), &how).unwrap();
    let key = {
        let ek = find(&out, XENC_NS, "EncryptedKey").id();
        unwrap_key(&out, ek, KeyEncryptionKey::Private(&client_key())).unwrap()
    };
    (out.source().to_owned(), key)
}

#[test]
fn rsa_oaep_nested_encrypted_key_round_trips() {
    for t in [
        KeyTransport::RsaOaepMgf1pSha1,
        KeyTransport::RSA_OAEP_SHA256,
        KeyTransport::RsaOaep {
            digest: OaepHash::Sha512,
            mgf1: OaepHash::Sha1,
        },
    ] {
        let (text, _) = oaep_message(&t);
        let doc = Document::parse(&text).unwrap();
        let ed = find(&doc, XENC_NS, "EncryptedData").id();
        let resolver = Counting {
            keys: vec![PrivateKey::load(SERVER_KEY).unwrap(), client_key()],
            ..Default::default()
        };
        let out = decrypt(&doc, ed, &resolver, &DecryptionPolicy::default()).unwrap();
        assert_eq!(out.document.source(), DOC, "{t:?}");
    }
}

#[test]
fn rsa_1_5_is_refused_without_any_rsa_operation() {
    let (text, _) = oaep_message(&KeyTransport::RsaOaepMgf1pSha1);
    let bad = text.replace(RSA_OAEP_MGF1P, RSA_1_5);
    let doc = Document::parse(&bad).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    let resolver = Counting {
        keys: vec![client_key()],
        ..Default::default()
    };
    let e = decrypt(&doc, ed, &resolver, &DecryptionPolicy::default()).unwrap_err();
    assert_eq!(
        e,
        XencError::RsaV15Refused {
            uri: RSA_1_5.into()
        }
    );
    assert!(e.to_string().contains(RSA_1_5));
    // No key was even looked up, so no RSA operation can have happened.
    assert_eq!(resolver.private_calls.get(), 0);
    let ek = find(&doc, XENC_NS, "EncryptedKey").id();
    let e = unwrap_key(&doc, ek, KeyEncryptionKey::Private(&client_key())).unwrap_err();
    assert_eq!(
        e,
        XencError::RsaV15Refused {
            uri: RSA_1_5.into()
        }
    );
    // Also as a block algorithm URI.
    let t = text.replacen("http://www.w3.org/2009/xmlenc11#aes256-gcm", RSA_1_5, 1);
    let doc = Document::parse(&t).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    assert!(matches!(
        decrypt(&doc, ed, &resolver, &DecryptionPolicy::default()),
        Err(XencError::RsaV15Refused { .. })
    ));
}

#[test]
fn oaep_failures_are_uniform() {
    let (text, _) = oaep_message(&KeyTransport::RSA_OAEP_SHA256);
    let doc = Document::parse(&text).unwrap();
    let ek = find(&doc, XENC_NS, "EncryptedKey").id();
    // Wrong private key.
    let server = PrivateKey::load(SERVER_KEY).unwrap();
    let e = unwrap_key(&doc, ek, KeyEncryptionKey::Private(&server)).unwrap_err();
    assert_eq!(e, XencError::DecryptionFailed);
    // Through the resolver, with only the wrong key.
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    let resolver = Counting {
        keys: vec![server],
        ..Default::default()
    };
    let e = decrypt(&doc, ed, &resolver, &DecryptionPolicy::default()).unwrap_err();
    assert_eq!(e, XencError::DecryptionFailed);
    // A label the sender did not use.
    let labelled = text.replace(
        "<ds:DigestMethod",
        "<xenc:OAEPparams>ZHVtbXk=</xenc:OAEPparams><ds:DigestMethod",
    );
    let doc = Document::parse(&labelled).unwrap();
    let ek = find(&doc, XENC_NS, "EncryptedKey").id();
    let e = unwrap_key(&doc, ek, KeyEncryptionKey::Private(&client_key())).unwrap_err();
    assert_eq!(e, XencError::DecryptionFailed);
    // A changed digest: also the uniform error.
    let sha1 = text.replace(
        "http://www.w3.org/2001/04/xmlenc#sha256",
        "http://www.w3.org/2000/09/xmldsig#sha1",
    );
    let doc = Document::parse(&sha1).unwrap();
    let ek = find(&doc, XENC_NS, "EncryptedKey").id();
    let e = unwrap_key(&doc, ek, KeyEncryptionKey::Private(&client_key())).unwrap_err();
    assert_eq!(e, XencError::DecryptionFailed);
    // Tampered ciphertext.
    let doc = Document::parse(&text).unwrap();
    let cv = doc
        .elements()
        .find(|e| e.is(XENC_NS, "CipherValue"))
        .unwrap();
    let mut bytes = b64_decode(&cv.text(), "t").unwrap();
    bytes[7] ^= 4;
    let mut edits = Edits::new();
    edits.replace_children(cv.id(), b64(&bytes));
    let doc = doc.apply(&edits).unwrap();
    let ek = find(&doc, XENC_NS, "EncryptedKey").id();
    let e = unwrap_key(&doc, ek, KeyEncryptionKey::Private(&client_key())).unwrap_err();
    assert_eq!(e, XencError::DecryptionFailed);
}

#[test]
fn unsupported_oaep_digest_and_mgf_are_named() {
    let (text, _) = oaep_message(&KeyTransport::RSA_OAEP_SHA256);
    let sha224 = "http://www.w3.org/2001/04/xmldsig-more#sha224";
    let t = text.replace("http://www.w3.org/2001/04/xmlenc#sha256", sha224);
    let doc = Document::parse(&t).unwrap();
    let ek = find(&doc, XENC_NS, "EncryptedKey").id();
    let e = unwrap_key(&doc, ek, KeyEncryptionKey::Private(&client_key())).unwrap_err();
    assert_eq!(e, XencError::UnsupportedAlgorithm { uri: sha224.into() });
    let mgf224 = "http://www.w3.org/2009/xmlenc11#mgf1sha224";
    let t = text.replace("http://www.w3.org/2009/xmlenc11#mgf1sha256", mgf224);
    let doc = Document::parse(&t).unwrap();
    let ek = find(&doc, XENC_NS, "EncryptedKey").id();
    let e = unwrap_key(&doc, ek, KeyEncryptionKey::Private(&client_key())).unwrap_err();
    assert_eq!(e, XencError::UnsupportedAlgorithm { uri: mgf224.into() });
    let tdes = "http://www.w3.org/2001/04/xmlenc#tripledes-cbc";
    let t = text.replace("http://www.w3.org/2009/xmlenc11#aes256-gcm", tdes);
    let doc = Document::parse(&t).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    let k = SymmetricKey::generate(BlockAlgorithm::Aes256Gcm).unwrap();
    let e = decrypt_data(&doc, ed, &k, &DecryptionPolicy::default()).unwrap_err();
    assert_eq!(e, XencError::UnsupportedAlgorithm { uri: tdes.into() });
}

#[test]
fn encrypted_key_with_reference_list_decrypts_every_part_in_one_edit() {
    let doc = Document::parse(DOC).unwrap();
    let mut enc = ContentEncryptor::new(BlockAlgorithm::Aes256Gcm, Legacy::NONE).unwrap();
    let mut edits = Edits::new();
    let card = find(&doc, "urn:pay", "Card").id();
    let note = find(&doc, "urn:pay", "Note").id();
    enc.encrypt(
        &doc,
        card,
        EncryptedType::Element,
        "ED-card",
        None,
        &mut edits,
    )
    .unwrap();
    enc.encrypt(
        &doc,
        note,
        EncryptedType::Content,
        "ED-note",
        None,
        &mut edits,
    )
    .unwrap();
    assert_eq!(enc.data_references(), ["#ED-card", "#ED-note"]);
    let ek = enc
        .encrypted_key_rsa_oaep(
            &client_pub(),
            &KeyTransport::RsaOaepMgf1pSha1,
            &EncryptedKeyOptions {
                id: Some("EK-1".into()),
                key_info: Some(format!(
                    r#"<ds:KeyInfo xmlns:ds="{DSIG_NS}"><ds:KeyName>client</ds:KeyName></ds:KeyInfo>"#
                )),
                reference_list: true,
            },
        )
        .unwrap();
    let header = find(&doc, "urn:env", "Header").id();
    edits.append_child(header, ek);
    let encrypted = doc.apply(&edits).unwrap();
    assert!(!encrypted.source().contains(">4111<") && !encrypted.source().contains(">hi<"));

    let ek = find(&encrypted, XENC_NS, "EncryptedKey").id();
    let key = client_key();
    let out = decrypt_with_encrypted_key(
        &encrypted,
        ek,
        KeyEncryptionKey::Private(&key),
        &DecryptionPolicy::default(),
    )
    .unwrap();
    assert_eq!(out.parts.len(), 2);
    assert_eq!(out.parts[0].encrypted_data_id.as_deref(), Some("ED-card"));
    let card = out.document.element(out.parts[0].nodes[0]).unwrap();
    assert!(card.is("urn:pay", "Card"));
    let note_text = out.document.node(out.parts[1].nodes[0]).unwrap();
    assert_eq!(note_text.text(), "hi");
    assert!(out.document.source().contains("<p:Note>hi</p:Note>"));

    // The same message through the resolver: each EncryptedData finds the EncryptedKey whose
    // ReferenceList names it.
    let mut ring = Keyring::new();
    ring.add_private(Some("client"), client_key());
    let ed = find(&encrypted, XENC_NS, "EncryptedData").id();
    let one = decrypt(&encrypted, ed, &ring, &DecryptionPolicy::default()).unwrap();
    assert_eq!(one.parts[0].encrypted_data_id.as_deref(), Some("ED-card"));
}

#[test]
fn key_wrap_with_key_name() {
    let kek = SymmetricKey::from_bytes(&[3u8; 24]).unwrap();
    let doc = Document::parse(DOC).unwrap();
    let mut enc = ContentEncryptor::new(BlockAlgorithm::Aes128Gcm, Legacy::NONE).unwrap();
    let ek = enc
        .encrypted_key_wrapped(
            &kek,
            &EncryptedKeyOptions {
                key_info: Some(format!(
                    r#"<ds:KeyInfo xmlns:ds="{DSIG_NS}"><ds:KeyName>kek</ds:KeyName></ds:KeyInfo>"#
                )),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(ek.contains("kw-aes192"));
    let ki = format!(r#"<ds:KeyInfo xmlns:ds="{DSIG_NS}">{ek}</ds:KeyInfo>"#);
    let mut edits = Edits::new();
    let card = find(&doc, "urn:pay", "Card").id();
    enc.encrypt(
        &doc,
        card,
        EncryptedType::Element,
        "ED-1",
        Some(&ki),
        &mut edits,
    )
    .unwrap();
    let encrypted = doc.apply(&edits).unwrap();
    let ed = find(&encrypted, XENC_NS, "EncryptedData").id();
    let mut ring = Keyring::new();
    ring.add_symmetric(Some("kek"), kek.clone());
    let out = decrypt(&encrypted, ed, &ring, &DecryptionPolicy::default()).unwrap();
    assert_eq!(out.document.source(), DOC);
    // Wrong KEK under the right name: uniform failure. Unknown name: KeyNotFound.
    let mut wrong = Keyring::new();
    wrong.add_symmetric(Some("kek"), SymmetricKey::from_bytes(&[4u8; 24]).unwrap());
    assert_eq!(
        decrypt(&encrypted, ed, &wrong, &DecryptionPolicy::default()).unwrap_err(),
        XencError::DecryptionFailed
    );
    let mut none = Keyring::new();
    none.add_symmetric(Some("other"), kek);
    assert!(matches!(
        decrypt(&encrypted, ed, &none, &DecryptionPolicy::default()),
        Err(XencError::KeyNotFound { .. })
    ));
}

fn single_data(plaintext: &[u8], kind: Option<EncryptedType>) -> (String, SymmetricKey) {
    let enc = ContentEncryptor::new(BlockAlgorithm::Aes128Gcm, Legacy::NONE).unwrap();
    let ed = enc
        .encrypted_data_markup(plaintext, kind, "ED-1", None)
        .unwrap();
    (
        format!(r#"<a xmlns:p="urn:p"><b>{ed}</b></a>"#),
        enc.key().clone(),
    )
}

#[test]
fn plaintext_not_well_formed_in_context_is_the_uniform_error() {
    for (pt, kind) in [
        (&b"</b><c>"[..], EncryptedType::Content),
        (b"<q:x/>", EncryptedType::Content), // unbound prefix
        (b"<x></y>", EncryptedType::Content),
        (b"&undefined;", EncryptedType::Content),
        (b"<x/><y/>", EncryptedType::Element), // Type Element must be one element
        (b"just text", EncryptedType::Element),
        (b"\xff\xfe<x/>", EncryptedType::Content), // not UTF-8
        (b"<!DOCTYPE x><x/>", EncryptedType::Element),
    ] {
        let (text, key) = single_data(pt, Some(kind));
        let doc = Document::parse(&text).unwrap();
        let ed = find(&doc, XENC_NS, "EncryptedData").id();
        let e = decrypt_data(&doc, ed, &key, &DecryptionPolicy::default()).unwrap_err();
        assert_eq!(
            e,
            XencError::DecryptionFailed,
            "{:?}",
            String::from_utf8_lossy(pt)
        );
    }
    // In-context prefixes work.
    let (text, key) = single_data(b"<p:x/>", Some(EncryptedType::Element));
    let doc = Document::parse(&text).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    let out = decrypt_data(&doc, ed, &key, &DecryptionPolicy::default()).unwrap();
    let x = out.document.element(out.parts[0].nodes[0]).unwrap();
    assert!(x.is("urn:p", "x"));
}

#[test]
fn type_less_data_decrypts_only_to_bytes() {
    let (text, key) = single_data(b"\x00\x01binary", None);
    let doc = Document::parse(&text).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    assert!(matches!(
        decrypt_data(&doc, ed, &key, &DecryptionPolicy::default()),
        Err(XencError::UnsupportedFeature { .. })
    ));
    let bytes = decrypt_data_bytes(&doc, ed, &key, &DecryptionPolicy::default()).unwrap();
    assert_eq!(&bytes[..], b"\x00\x01binary");
}

#[test]
fn budgets_are_enforced() {
    let (text, _) = oaep_message(&KeyTransport::RsaOaepMgf1pSha1);
    let doc = Document::parse(&text).unwrap();
    let ek_markup = &doc.source()[find(&doc, XENC_NS, "EncryptedKey").span()];
    let many = text.replacen(ek_markup, &ek_markup.repeat(6), 1);
    let doc = Document::parse(&many).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    let resolver = Counting {
        keys: vec![client_key()],
        ..Default::default()
    };
    let e = decrypt(&doc, ed, &resolver, &DecryptionPolicy::default()).unwrap_err();
    assert_eq!(
        e,
        XencError::BudgetExceeded {
            what: "EncryptedKey elements in the document",
            max: 5
        }
    );
    assert_eq!(resolver.private_calls.get(), 0);

    // 31 DataReferences.
    let refs: String = (0..31)
        .map(|i| format!(r##"<xenc:DataReference URI="#d{i}"/>"##))
        .collect();
    let list =
        format!(r#"<r><xenc:ReferenceList xmlns:xenc="{XENC_NS}">{refs}</xenc:ReferenceList></r>"#);
    let doc = Document::parse(&list).unwrap();
    let rl = find(&doc, XENC_NS, "ReferenceList").id();
    let e = decrypt_reference_list(&doc, rl, &resolver, &DecryptionPolicy::default()).unwrap_err();
    assert_eq!(
        e,
        XencError::BudgetExceeded {
            what: "DataReferences in a ReferenceList",
            max: 30
        }
    );
}

#[test]
fn decryptions_per_call_are_bounded() {
    // Four wrong RSA keys for one EncryptedKey: four RSA-OAEP attempts by default, but no more
    // than max_decryptions.
    let (text, _) = oaep_message(&KeyTransport::RsaOaepMgf1pSha1);
    let doc = Document::parse(&text).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    let resolver = Counting {
        keys: (0..4)
            .map(|_| PrivateKey::load(SERVER_KEY).unwrap())
            .collect(),
        ..Default::default()
    };
    assert_eq!(
        decrypt(&doc, ed, &resolver, &DecryptionPolicy::default()).unwrap_err(),
        XencError::DecryptionFailed
    );
    let tight = DecryptionPolicy {
        max_decryptions: 2,
        ..Default::default()
    };
    assert_eq!(
        decrypt(&doc, ed, &resolver, &tight).unwrap_err(),
        XencError::BudgetExceeded {
            what: "key unwraps and EncryptedData decryptions",
            max: 2
        }
    );
    // With the right key the unwrap and the content decryption are two: they fit in two.
    let resolver = Counting {
        keys: vec![client_key()],
        ..Default::default()
    };
    decrypt(&doc, ed, &resolver, &tight).unwrap();
    let one = DecryptionPolicy {
        max_decryptions: 1,
        ..Default::default()
    };
    assert!(matches!(
        decrypt(&doc, ed, &resolver, &one).unwrap_err(),
        XencError::BudgetExceeded { max: 1, .. }
    ));
}

#[test]
fn reference_lists_must_name_distinct_encrypted_data() {
    let (text, key) = single_data(b"<x/>", Some(EncryptedType::Element));
    let mut ring = Keyring::new();
    ring.add_symmetric(None, key);
    let with_list = |refs: &str| {
        text.replace(
            "</a>",
            &format!(
                r#"<c Id="plain"/><xenc:ReferenceList xmlns:xenc="{XENC_NS}">{refs}</xenc:ReferenceList></a>"#
            ),
        )
    };
    // Points at a plain element (attack class O).
    let t = with_list(r##"<xenc:DataReference URI="#plain"/>"##);
    let opts = crate::xml::ParseOptions {
        id_attributes: vec![crate::xml::IdAttribute::any_element("", "Id")],
        ..Default::default()
    };
    let doc = Document::parse_with(&t, &opts).unwrap();
    let rl = find(&doc, XENC_NS, "ReferenceList").id();
    assert_eq!(
        decrypt_reference_list(&doc, rl, &ring, &DecryptionPolicy::default()).unwrap_err(),
        XencError::BadReference {
            uri: "#plain".into(),
            expected: "xenc:EncryptedData"
        }
    );
    // Listed twice.
    let t = with_list(r##"<xenc:DataReference URI="#ED-1"/><xenc:DataReference URI="#ED-1"/>"##);
    let doc = Document::parse(&t).unwrap();
    let rl = find(&doc, XENC_NS, "ReferenceList").id();
    assert!(matches!(
        decrypt_reference_list(&doc, rl, &ring, &DecryptionPolicy::default()),
        Err(XencError::Malformed { .. })
    ));
    // Missing target.
    let t = with_list(r##"<xenc:DataReference URI="#nowhere"/>"##);
    let doc = Document::parse(&t).unwrap();
    let rl = find(&doc, XENC_NS, "ReferenceList").id();
    assert!(matches!(
        decrypt_reference_list(&doc, rl, &ring, &DecryptionPolicy::default()),
        Err(XencError::BadReference { .. })
    ));
    // A good one.
    let t = with_list(r##"<xenc:DataReference URI="#ED-1"/>"##);
    let doc = Document::parse(&t).unwrap();
    let rl = find(&doc, XENC_NS, "ReferenceList").id();
    let out = decrypt_reference_list(&doc, rl, &ring, &DecryptionPolicy::default()).unwrap();
    assert!(
        out.document
            .source()
            .starts_with(r#"<a xmlns:p="urn:p"><b><x/></b>"#)
    );
}

#[test]
fn structural_errors() {
    let k = SymmetricKey::generate(BlockAlgorithm::Aes128Gcm).unwrap();
    let p = DecryptionPolicy::default();
    let cases = [
        // no EncryptionMethod
        format!(
            r#"<xenc:EncryptedData xmlns:xenc="{XENC_NS}" Type="{TYPE_CONTENT}"><xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>"#
        ),
        // bad base64
        format!(
            r#"<xenc:EncryptedData xmlns:xenc="{XENC_NS}" Type="{TYPE_CONTENT}"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes128-gcm"/><xenc:CipherData><xenc:CipherValue>!!</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>"#
        ),
        // no CipherData
        format!(
            r#"<xenc:EncryptedData xmlns:xenc="{XENC_NS}" Type="{TYPE_CONTENT}"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes128-gcm"/></xenc:EncryptedData>"#
        ),
    ];
    for c in &cases {
        let t = format!("<r>{c}</r>");
        let doc = Document::parse(&t).unwrap();
        let ed = find(&doc, XENC_NS, "EncryptedData").id();
        assert!(
            matches!(
                decrypt_data(&doc, ed, &k, &p),
                Err(XencError::Malformed { .. })
            ),
            "{c}"
        );
    }
    let cref = format!(
        r#"<r><xenc:EncryptedData xmlns:xenc="{XENC_NS}" Type="{TYPE_CONTENT}"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes128-gcm"/><xenc:CipherData><xenc:CipherReference URI="http://example.org/x"/></xenc:CipherData></xenc:EncryptedData></r>"#
    );
    let doc = Document::parse(&cref).unwrap();
    let ed = find(&doc, XENC_NS, "EncryptedData").id();
    assert!(matches!(
        decrypt_data(&doc, ed, &k, &p),
        Err(XencError::UnsupportedFeature { .. })
    ));
    // Not an EncryptedData at all.
    let root = doc.root().id();
    assert!(matches!(
        decrypt_data(&doc, root, &k, &p),
        Err(XencError::Malformed { .. })
    ));
    assert!(matches!(
        unwrap_key(&doc, root, KeyEncryptionKey::Symmetric(&k)),
        Err(XencError::Malformed { .. })
    ));
}

#[test]
fn key_type_mismatches_and_lengths() {
    assert!(matches!(
        SymmetricKey::from_bytes(&[0; 20]),
        Err(XencError::KeyLength { got: 20, .. })
    ));
    let k = SymmetricKey::from_bytes(&[0; 16]).unwrap();
    assert_eq!(format!("{k:?}"), "SymmetricKey(128 bits)");
    assert!(matches!(
        ContentEncryptor::with_key(BlockAlgorithm::Aes256Gcm, k.clone(), Legacy::NONE),
        Err(XencError::KeyLength { .. })
    ));
    let (text, _) = oaep_message(&KeyTransport::RsaOaepMgf1pSha1);
    let doc = Document::parse(&text).unwrap();
    let ek = find(&doc, XENC_NS, "EncryptedKey").id();
    assert!(matches!(
        unwrap_key(&doc, ek, KeyEncryptionKey::Symmetric(&k)),
        Err(XencError::KeyNotFound { .. })
    ));
    // An EC key cannot do RSA-OAEP.
    let ec = PrivateKey::load(include_bytes!("../../testdata/pki/ec-leaf.key.pem")).unwrap();
    assert!(matches!(
        unwrap_key(&doc, ek, KeyEncryptionKey::Private(&ec)),
        Err(XencError::Key(_))
    ));
    let enc = ContentEncryptor::new(BlockAlgorithm::Aes128Gcm, Legacy::NONE).unwrap();
    assert!(matches!(
        enc.encrypted_key_rsa_oaep(
            ec.public_key(),
            &KeyTransport::RsaOaepMgf1pSha1,
            &Default::default()
        ),
        Err(XencError::Key(_))
    ));
}
