use super::*;
use crate::keys::{HmacKey, PrivateKey};
use crate::xml::{Document, NodeId, WSU_NS};

const RSA_KEY: &[u8] = include_bytes!("../../testdata/pki/client.key.pem");
const SERVER_KEY: &[u8] = include_bytes!("../../testdata/pki/server.key.pem");
const EC_KEY: &[u8] = include_bytes!("../../testdata/pki/ec-leaf.key.pem");
const EC384_KEY: &[u8] = include_bytes!("../../testdata/pki/ec-p384.key.pem");

const ENVELOPE: &str = r#"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsu:Timestamp wsu:Id="ts"><wsu:Created>2030-01-01T00:00:00Z</wsu:Created></wsu:Timestamp></wsse:Security></soap:Header><soap:Body wsu:Id="body"><m:Op xmlns:m="urn:m"><m:user>victim@corp.com.evil.com</m:user></m:Op></soap:Body></soap:Envelope>"#;

fn rsa() -> PrivateKey {
    PrivateKey::load(RSA_KEY).unwrap()
}

fn rsa256() -> SignatureMethod {
    SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha256)
}

fn el(doc: &Document<'_>, id: &str) -> NodeId {
    doc.element_by_id(id).unwrap().id()
}

fn security(doc: &Document<'_>) -> NodeId {
    doc.elements()
        .find(|e| e.local_name() == "Security")
        .unwrap()
        .id()
}

/// Sign Body and Timestamp, signature appended to wsse:Security.
fn signed_envelope(method: SignatureMethod, key: SigningKey<'_>, legacy: Legacy) -> String {
    let doc = Document::parse(ENVELOPE).unwrap();
    let digest = if legacy.sha1() {
        DigestAlgorithm::Sha1ForLegacyUseOnly
    } else {
        DigestAlgorithm::Sha256
    };
    let spec = SignatureSpec::new(method)
        .legacy(legacy)
        .reference(ReferenceSpec::element(el(&doc, "body"), digest))
        .reference(ReferenceSpec::element(el(&doc, "ts"), digest));
    let out = sign(&doc, &spec, key, Placement::AppendChild(security(&doc))).unwrap();
    out.document.source().to_owned()
}

fn sig_of(doc: &Document<'_>) -> NodeId {
    doc.elements()
        .find(|e| e.is(crate::xml::DSIG_NS, "Signature"))
        .unwrap()
        .id()
}

fn verify_str(
    xml: &str,
    key: &VerificationKey<'_>,
    policy: &SignaturePolicy,
) -> Result<Vec<NodeId>, DsigError> {
    let doc = Document::parse(xml).unwrap();
    verify(&doc, sig_of(&doc), key, policy).map(|v| v.verified_nodes().collect())
}

#[test]
fn rsa_sign_verify_round_trip_returns_the_signed_nodes() {
    let key = rsa();
    let xml = signed_envelope(rsa256(), SigningKey::Private(&key), Legacy::NONE);
    let doc = Document::parse(&xml).unwrap();
    let v = verify(
        &doc,
        sig_of(&doc),
        &VerificationKey::Public(key.public_key()),
        &SignaturePolicy::default(),
    )
    .unwrap();
    let nodes: Vec<_> = v.verified_nodes().collect();
    assert_eq!(nodes, vec![el(&doc, "body"), el(&doc, "ts")]);
    assert!(v.references_node(el(&doc, "body")));
    let user = doc.elements().find(|e| e.local_name() == "user").unwrap();
    assert!(v.covers(&doc, user.id()));
    assert!(!v.covers(&doc, doc.root().id()));
    assert_eq!(v.references()[0].uri, "#body");
    assert_eq!(v.method(), rsa256());
}

#[test]
fn every_method_round_trips() {
    let ec = PrivateKey::load(EC_KEY).unwrap();
    let ec384 = PrivateKey::load(EC384_KEY).unwrap();
    let r = rsa();
    let hmac = HmacKey::from_secret_bytes(b"a shared secret of some length").unwrap();
    let legacy = Legacy::NONE.allow_sha1_for_legacy_use_only();
    let cases: Vec<(SignatureMethod, SigningKey<'_>, VerificationKey<'_>, Legacy)> = vec![
        (rsa256(), (&r).into(), r.public_key().into(), Legacy::NONE),
        (
            SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha384),
            (&r).into(),
            r.public_key().into(),
            Legacy::NONE,
        ),
        (
            SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha512),
            (&r).into(),
            r.public_key().into(),
            Legacy::NONE,
        ),
        (
            SignatureMethod::Asymmetric(SignatureAlgorithm::EcdsaP256Sha256),
            (&ec).into(),
            ec.public_key().into(),
            Legacy::NONE,
        ),
        (
            SignatureMethod::Asymmetric(SignatureAlgorithm::EcdsaP384Sha384),
            (&ec384).into(),
            ec384.public_key().into(),
            Legacy::NONE,
        ),
        (
            SignatureMethod::Hmac(HmacAlgorithm::HmacSha256),
            (&hmac).into(),
            (&hmac).into(),
            Legacy::NONE,
        ),
        (
            SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha1ForLegacyUseOnly),
            (&r).into(),
            r.public_key().into(),
            legacy,
        ),
        (
            SignatureMethod::Hmac(HmacAlgorithm::HmacSha1ForLegacyUseOnly),
            (&hmac).into(),
            (&hmac).into(),
            legacy,
        ),
    ];
    for (method, sk, vk, legacy) in cases {
        let xml = signed_envelope(method, sk, legacy);
        let policy = SignaturePolicy::default().with_legacy(legacy);
        assert_eq!(
            verify_str(&xml, &vk, &policy).unwrap().len(),
            2,
            "{method:?}"
        );
        if legacy.sha1() {
            // The same message without the legacy switch: refused by policy.
            assert!(matches!(
                verify_str(&xml, &vk, &SignaturePolicy::default()),
                Err(DsigError::AlgorithmNotAllowed { .. })
            ));
        }
    }
}

#[test]
fn signing_sha1_needs_the_legacy_switch() {
    let key = rsa();
    let doc = Document::parse(ENVELOPE).unwrap();
    let spec = SignatureSpec::new(SignatureMethod::Asymmetric(
        SignatureAlgorithm::RsaSha1ForLegacyUseOnly,
    ))
    .reference(ReferenceSpec::element(
        el(&doc, "body"),
        DigestAlgorithm::Sha256,
    ));
    let err = sign(
        &doc,
        &spec,
        (&key).into(),
        Placement::AppendChild(security(&doc)),
    );
    assert!(matches!(err, Err(DsigError::AlgorithmNotAllowed { .. })));
    let spec = SignatureSpec::new(rsa256()).reference(ReferenceSpec::element(
        el(&doc, "body"),
        DigestAlgorithm::Sha1ForLegacyUseOnly,
    ));
    let err = sign(
        &doc,
        &spec,
        (&key).into(),
        Placement::AppendChild(security(&doc)),
    );
    assert!(matches!(err, Err(DsigError::AlgorithmNotAllowed { .. })));
}

#[test]
fn enveloped_whole_document_with_every_canonicalization() {
    let key = rsa();
    let src = r#"<r xmlns="urn:r" xmlns:unused="urn:u"><!-- c --><a Id="x" xmlns:p="urn:p"><p:b>t</p:b></a></r>"#;
    for alg in [
        Algorithm::Exclusive,
        Algorithm::ExclusiveWithComments,
        Algorithm::C14n10,
        Algorithm::C14n10WithComments,
    ] {
        for place in ["root", "inner"] {
            let doc = Document::parse(src).unwrap();
            let placement = if place == "root" {
                Placement::AppendChild(doc.root().id())
            } else {
                Placement::PrependChild(doc.root().first_child_element().unwrap().id())
            };
            let mut spec = SignatureSpec::new(rsa256()).reference(
                ReferenceSpec::whole_document_enveloped(DigestAlgorithm::Sha512)
                    .with_canonicalization(alg, &["unused"]),
            );
            spec.canonicalization = alg;
            spec.inclusive_prefixes = vec!["#default".into()];
            let out = sign(&doc, &spec, (&key).into(), placement).unwrap();
            let v = verify(
                &out.document,
                out.signature,
                &key.public_key().into(),
                &SignaturePolicy::default(),
            )
            .unwrap();
            assert_eq!(v.references()[0].target, NodeId::DOCUMENT);
            assert_eq!(v.references()[0].excluded, Some(out.signature));
            assert!(!v.covers(&out.document, out.signature));
            assert!(v.covers(&out.document, out.document.root().id()));
        }
    }
}

#[test]
fn signature_inside_signed_content_needs_the_enveloped_transform() {
    let key = rsa();
    let doc = Document::parse(ENVELOPE).unwrap();
    let body = el(&doc, "body");
    let spec = SignatureSpec::new(rsa256())
        .reference(ReferenceSpec::element(body, DigestAlgorithm::Sha256));
    assert!(matches!(
        sign(&doc, &spec, (&key).into(), Placement::AppendChild(body)),
        Err(DsigError::ReferenceIntoSignature { .. })
    ));
    let spec = SignatureSpec::new(rsa256())
        .reference(ReferenceSpec::element(body, DigestAlgorithm::Sha256).with_enveloped(true));
    let out = sign(&doc, &spec, (&key).into(), Placement::AppendChild(body)).unwrap();
    let v = verify(
        &out.document,
        out.signature,
        &key.public_key().into(),
        &SignaturePolicy::default(),
    )
    .unwrap();
    assert_eq!(v.references()[0].excluded, Some(out.signature));
}

#[test]
fn placements_before_and_after() {
    let key = rsa();
    let doc = Document::parse(ENVELOPE).unwrap();
    let ts = el(&doc, "ts");
    for placement in [Placement::Before(ts), Placement::After(ts)] {
        let spec = SignatureSpec::new(rsa256())
            .reference(ReferenceSpec::element(ts, DigestAlgorithm::Sha256));
        let out = sign(&doc, &spec, (&key).into(), placement).unwrap();
        assert!(
            out.document
                .element(out.signature)
                .unwrap()
                .is(crate::xml::DSIG_NS, "Signature")
        );
        verify(
            &out.document,
            out.signature,
            &key.public_key().into(),
            &SignaturePolicy::default(),
        )
        .unwrap();
    }
}

#[test]
fn target_without_id_is_refused() {
    let key = rsa();
    let doc = Document::parse(ENVELOPE).unwrap();
    let op = doc
        .elements()
        .find(|e| e.local_name() == "Op")
        .unwrap()
        .id();
    let spec =
        SignatureSpec::new(rsa256()).reference(ReferenceSpec::element(op, DigestAlgorithm::Sha256));
    assert_eq!(
        sign(
            &doc,
            &spec,
            (&key).into(),
            Placement::AppendChild(security(&doc))
        )
        .unwrap_err(),
        DsigError::TargetWithoutId
    );
}

#[test]
fn tampered_content_fails_the_digest() {
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    let tampered = xml.replace("victim@corp.com.evil.com", "victim@corp.com");
    assert!(matches!(
        verify_str(
            &tampered,
            &key.public_key().into(),
            &SignaturePolicy::default()
        ),
        Err(DsigError::DigestMismatch { index: 0, .. })
    ));
}

#[test]
fn tampered_digest_value_fails_the_signature_value_first() {
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    let doc = Document::parse(&xml).unwrap();
    let dv = doc
        .elements()
        .find(|e| e.local_name() == "DigestValue")
        .unwrap();
    let old = dv.text().into_owned();
    let new = encode_base64(&[0u8; 32]);
    let tampered = xml.replacen(&old, &new, 1);
    // The DigestValue is inside SignedInfo: step 2 fails before any digest is compared.
    assert_eq!(
        verify_str(
            &tampered,
            &key.public_key().into(),
            &SignaturePolicy::default()
        )
        .unwrap_err(),
        DsigError::InvalidSignatureValue
    );
}

#[test]
fn tampered_signature_value() {
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    let doc = Document::parse(&xml).unwrap();
    let sv = doc
        .elements()
        .find(|e| e.local_name() == "SignatureValue")
        .unwrap();
    let old = sv.text().into_owned();
    let mut bytes = decode_base64(&old, "SignatureValue").unwrap();
    bytes[10] ^= 1;
    let tampered = xml.replace(&old, &encode_base64(&bytes));
    assert_eq!(
        verify_str(
            &tampered,
            &key.public_key().into(),
            &SignaturePolicy::default()
        )
        .unwrap_err(),
        DsigError::InvalidSignatureValue
    );
    // And a different (valid, untrusted) key does not verify either.
    let other = PrivateKey::load(SERVER_KEY).unwrap();
    assert_eq!(
        verify_str(
            &xml,
            &other.public_key().into(),
            &SignaturePolicy::default()
        )
        .unwrap_err(),
        DsigError::InvalidSignatureValue
    );
}

#[test]
fn wrong_key_family_is_refused_before_any_crypto() {
    let key = rsa();
    let hmac = HmacKey::from_secret_bytes(b"secret").unwrap();
    let ec = PrivateKey::load(EC_KEY).unwrap();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    assert!(matches!(
        verify_str(&xml, &(&hmac).into(), &SignaturePolicy::default()),
        Err(DsigError::KeyMismatch { .. })
    ));
    assert!(matches!(
        verify_str(&xml, &ec.public_key().into(), &SignaturePolicy::default()),
        Err(DsigError::KeyMismatch { .. })
    ));
    // Class K: an HMAC signature presented to a verifier holding a public key.
    let hxml = signed_envelope(
        SignatureMethod::Hmac(HmacAlgorithm::HmacSha256),
        (&hmac).into(),
        Legacy::NONE,
    );
    assert!(matches!(
        verify_str(&hxml, &key.public_key().into(), &SignaturePolicy::default()),
        Err(DsigError::KeyMismatch { .. })
    ));
    // Signing with the wrong family is refused too.
    let doc = Document::parse(ENVELOPE).unwrap();
    let spec = SignatureSpec::new(SignatureMethod::Hmac(HmacAlgorithm::HmacSha256)).reference(
        ReferenceSpec::element(el(&doc, "body"), DigestAlgorithm::Sha256),
    );
    assert!(matches!(
        sign(
            &doc,
            &spec,
            (&key).into(),
            Placement::AppendChild(security(&doc))
        ),
        Err(DsigError::KeyMismatch { .. })
    ));
}

#[test]
fn disallowed_algorithms() {
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    let only384 = SignaturePolicy::default()
        .only_method(SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha384));
    assert_eq!(
        verify_str(&xml, &key.public_key().into(), &only384).unwrap_err(),
        DsigError::AlgorithmNotAllowed {
            uri: SignatureAlgorithm::RsaSha256.uri().into()
        }
    );
    let only512 = SignaturePolicy::default().only_digest(DigestAlgorithm::Sha512);
    assert!(matches!(
        verify_str(&xml, &key.public_key().into(), &only512),
        Err(DsigError::AlgorithmNotAllowed { .. })
    ));
    let no_exc = SignaturePolicy {
        canonicalizations: vec![Algorithm::C14n10],
        ..Default::default()
    };
    assert!(matches!(
        verify_str(&xml, &key.public_key().into(), &no_exc),
        Err(DsigError::AlgorithmNotAllowed { .. })
    ));
    // MD5 is not even implemented.
    let md5 = xml.replace(
        DigestAlgorithm::Sha256.uri(),
        "http://www.w3.org/2001/04/xmldsig-more#md5",
    );
    assert_eq!(
        verify_str(&md5, &key.public_key().into(), &SignaturePolicy::default()).unwrap_err(),
        DsigError::UnsupportedAlgorithm {
            uri: "http://www.w3.org/2001/04/xmldsig-more#md5".into()
        }
    );
}

#[test]
fn short_hmac_output_length_is_refused() {
    let hmac = HmacKey::from_secret_bytes(b"secret").unwrap();
    let xml = signed_envelope(
        SignatureMethod::Hmac(HmacAlgorithm::HmacSha256),
        (&hmac).into(),
        Legacy::NONE,
    );
    let uri = HmacAlgorithm::HmacSha256.uri();
    let short = xml.replace(
        &format!("<ds:SignatureMethod Algorithm=\"{uri}\"/>"),
        &format!(
            "<ds:SignatureMethod Algorithm=\"{uri}\"><ds:HMACOutputLength>80</ds:HMACOutputLength></ds:SignatureMethod>"
        ),
    );
    assert_ne!(short, xml);
    assert_eq!(
        verify_str(&short, &(&hmac).into(), &SignaturePolicy::default()).unwrap_err(),
        DsigError::HmacOutputLength {
            bits: 80,
            min: 128,
            max: 256
        }
    );
}

fn with_transforms(xml: &str, extra: &str) -> String {
    xml.replacen("<ds:Transforms>", &format!("<ds:Transforms>{extra}"), 1)
}

#[test]
fn unknown_transforms_are_unsupported() {
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    for uri in [
        "http://www.w3.org/TR/1999/REC-xpath-19991116",
        "http://www.w3.org/2002/06/xmldsig-filter2",
        "http://www.w3.org/TR/1999/REC-xslt-19991116",
        "http://www.w3.org/2000/09/xmldsig#base64",
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#STR-Transform",
    ] {
        let t = with_transforms(&xml, &format!("<ds:Transform Algorithm=\"{uri}\"/>"));
        assert_eq!(
            verify_str(&t, &key.public_key().into(), &SignaturePolicy::default()).unwrap_err(),
            DsigError::UnsupportedAlgorithm { uri: uri.into() }
        );
    }
    // A chain we do not process: canonicalization, then enveloped.
    let t = xml.replacen(
        "</ds:Transforms>",
        &format!("<ds:Transform Algorithm=\"{ENVELOPED_SIGNATURE}\"/></ds:Transforms>"),
        1,
    );
    assert!(matches!(
        verify_str(&t, &key.public_key().into(), &SignaturePolicy::default()),
        Err(DsigError::UnsupportedTransformChain { .. })
    ));
}

#[test]
fn external_and_xpath_uris_are_unsupported_references() {
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    for uri in [
        "http://evil.example/payload",
        "file:///etc/passwd",
        "#xpointer(//Body)",
        "doc.xml#body",
    ] {
        let t = xml.replacen("URI=\"#body\"", &format!("URI=\"{uri}\""), 1);
        assert_eq!(
            verify_str(&t, &key.public_key().into(), &SignaturePolicy::default()).unwrap_err(),
            DsigError::UnsupportedReference { uri: uri.into() }
        );
    }
}

#[test]
fn reference_to_a_missing_id() {
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    // Rename the Body's ID: the reference names nothing. (SignedInfo is unchanged, so the
    // SignatureValue still verifies and the failure is the dereference.)
    let t = xml.replace("wsu:Id=\"body\"", "wsu:Id=\"elsewhere\"");
    assert_eq!(
        verify_str(&t, &key.public_key().into(), &SignaturePolicy::default()).unwrap_err(),
        DsigError::MissingReferenceTarget {
            uri: "#body".into()
        }
    );
}

#[test]
fn budgets_are_enforced_with_typed_errors() {
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    let mut p = SignaturePolicy::default();
    p.budget.max_references = 1;
    assert_eq!(
        verify_str(&xml, &key.public_key().into(), &p).unwrap_err(),
        DsigError::BudgetExceeded {
            budget: BudgetKind::References,
            limit: 1,
            reached: 2
        }
    );
    let mut p = SignaturePolicy::default();
    p.budget.max_canonical_bytes = 100;
    assert!(matches!(
        verify_str(&xml, &key.public_key().into(), &p).unwrap_err(),
        DsigError::BudgetExceeded {
            budget: BudgetKind::CanonicalBytes,
            limit: 100,
            reached,
        } if reached > 100
    ));
    let six = format!("<ds:Transform Algorithm=\"{ENVELOPED_SIGNATURE}\"/>").repeat(5);
    let t = with_transforms(&xml, &six);
    assert_eq!(
        verify_str(&t, &key.public_key().into(), &SignaturePolicy::default()).unwrap_err(),
        DsigError::BudgetExceeded {
            budget: BudgetKind::TransformsPerReference,
            limit: 5,
            reached: 6
        }
    );
    // The default reference budget: 31 references.
    let doc = Document::parse(ENVELOPE).unwrap();
    let mut spec = SignatureSpec::new(rsa256());
    spec.budget.max_references = 100;
    for _ in 0..31 {
        spec = spec.reference(ReferenceSpec::element(
            el(&doc, "ts"),
            DigestAlgorithm::Sha256,
        ));
    }
    let out = sign(
        &doc,
        &spec,
        (&key).into(),
        Placement::AppendChild(security(&doc)),
    )
    .unwrap();
    assert_eq!(
        verify(
            &out.document,
            out.signature,
            &key.public_key().into(),
            &SignaturePolicy::default()
        )
        .unwrap_err(),
        DsigError::BudgetExceeded {
            budget: BudgetKind::References,
            limit: 30,
            reached: 31
        }
    );
}

#[test]
fn comment_inside_signed_element_does_not_change_the_digest() {
    // Class G: the comment is stripped by the #id dereference, so the signature still
    // verifies; the defence is that the application reads the concatenated text.
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    let commented = xml.replace(
        "victim@corp.com.evil.com",
        "victim@corp.com<!---->.evil.com",
    );
    assert_ne!(commented, xml);
    let doc = Document::parse(&commented).unwrap();
    let v = verify(
        &doc,
        sig_of(&doc),
        &key.public_key().into(),
        &SignaturePolicy::default(),
    )
    .unwrap();
    let user = doc.elements().find(|e| e.local_name() == "user").unwrap();
    assert!(v.covers(&doc, user.id()));
    assert_eq!(user.text(), "victim@corp.com.evil.com");
    // A comment inside a DigestValue is structure, not data.
    let doc2 = Document::parse(&xml).unwrap();
    let dv = doc2
        .elements()
        .find(|e| e.local_name() == "DigestValue")
        .unwrap()
        .text()
        .into_owned();
    let split = xml.replacen(&dv, &format!("{}<!---->{}", &dv[..4], &dv[4..]), 1);
    assert!(matches!(
        verify_str(
            &split,
            &key.public_key().into(),
            &SignaturePolicy::default()
        ),
        Err(DsigError::Malformed { .. })
    ));
}

#[test]
fn a_valid_signature_over_another_node_is_visible_in_the_result() {
    // Class A: the attacker moves the signed Body into a header wrapper and adds a new Body.
    // The signature still verifies — it covers the moved element — and only the node set
    // shows that the Body the application would dispatch is NOT signed.
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    let doc = Document::parse(&xml).unwrap();
    let body = doc.element(el(&doc, "body")).unwrap();
    let original_body = xml[body.span()].to_owned();
    let wrapped_original = original_body
        .replace("<soap:Body", "<Wrapper xmlns=\"urn:w\"><soap:Body")
        .replace("</soap:Body>", "</soap:Body></Wrapper>");
    let evil = xml
        .replace(
            &original_body,
            "<soap:Body><m:Op xmlns:m=\"urn:m\"><m:user>admin</m:user></m:Op></soap:Body>",
        )
        .replace(
            "</soap:Header>",
            &format!("{wrapped_original}</soap:Header>"),
        );
    let edoc = Document::parse(&evil).unwrap();
    let v = verify(
        &edoc,
        sig_of(&edoc),
        &key.public_key().into(),
        &SignaturePolicy::default(),
    )
    .unwrap();
    // The Body found by position: /Envelope/Body.
    let dispatched = edoc
        .root()
        .child_elements()
        .find(|e| e.local_name() == "Body")
        .unwrap();
    assert!(!v.references_node(dispatched.id()));
    assert!(!v.covers(&edoc, dispatched.id()));
    assert!(v.references_node(el(&edoc, "body")));
}

#[test]
fn structure_checks() {
    let key = rsa();
    let pk: VerificationKey<'_> = key.public_key().into();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    let p = SignaturePolicy::default();
    // Two SignedInfo.
    let doc = Document::parse(&xml).unwrap();
    let si = doc
        .elements()
        .find(|e| e.local_name() == "SignedInfo")
        .unwrap();
    let si_text = xml[si.span()].to_owned();
    let two = xml.replacen(&si_text, &format!("{si_text}{si_text}"), 1);
    assert!(matches!(
        verify_str(&two, &pk, &p),
        Err(DsigError::Malformed { .. })
    ));
    // An unknown element in SignedInfo.
    let unknown = xml.replacen(
        "</ds:SignedInfo>",
        "<x:Extra xmlns:x=\"urn:x\"/></ds:SignedInfo>",
        1,
    );
    assert!(matches!(
        verify_str(&unknown, &pk, &p),
        Err(DsigError::UnexpectedElement { .. })
    ));
    // A Manifest in an Object is not followed (and harmless); an unknown Signature child is not.
    let object = xml.replacen(
        "</ds:Signature>",
        "<ds:Object><ds:Manifest><ds:Reference URI=\"http://evil/\"/></ds:Manifest></ds:Object></ds:Signature>",
        1,
    );
    assert_eq!(verify_str(&object, &pk, &p).unwrap().len(), 2);
    let extra = xml.replacen("</ds:Signature>", "<ds:Extra/></ds:Signature>", 1);
    assert!(matches!(
        verify_str(&extra, &pk, &p),
        Err(DsigError::UnexpectedElement { .. })
    ));
    // The node is not a signature.
    let doc = Document::parse(&xml).unwrap();
    assert!(matches!(
        verify(&doc, doc.root().id(), &pk, &p),
        Err(DsigError::Malformed { .. })
    ));
}

/// Fill a template whose single Reference uses exclusive C14N (comments per `keep_comments`)
/// and the HMAC-SHA256 SignatureValue, with the crate's internals.
fn hmac_fill_template(
    template: &str,
    key: &HmacKey,
    keep_comments: bool,
    opts: &crate::xml::ParseOptions,
) -> String {
    let doc = Document::parse_with(template, opts).unwrap();
    let r = doc
        .elements()
        .find(|e| e.local_name() == "Reference")
        .unwrap();
    let uri = r.attribute("", "URI").unwrap();
    let id = uri
        .trim_start_matches('#')
        .trim_start_matches("xpointer(id('")
        .trim_end_matches("'))");
    let target = el(&doc, id);
    let sig = sig_of(&doc);
    let mut budget = crate::budget::Meter::new(crate::budget::Budget::default(), usize::MAX);
    let d = verify::digest_reference(
        &doc,
        target,
        keep_comments,
        &[verify::Transform::C14n {
            algorithm: Algorithm::ExclusiveWithComments,
            prefixes: vec![],
        }],
        Some(sig),
        DigestAlgorithm::Sha256,
        &mut budget,
    )
    .unwrap();
    let filled = template.replace(
        "<ds:DigestValue></ds:DigestValue>",
        &format!(
            "<ds:DigestValue>{}</ds:DigestValue>",
            encode_base64(&d.value)
        ),
    );
    let doc = Document::parse_with(&filled, opts).unwrap();
    let si = doc
        .elements()
        .find(|e| e.local_name() == "SignedInfo")
        .unwrap();
    let c = crate::c14n::canonicalize_to_vec(
        &doc,
        Algorithm::Exclusive,
        &[],
        crate::c14n::Subset::subtree(si.id()),
    )
    .unwrap();
    let mac = key.sign(HmacAlgorithm::HmacSha256, &c);
    filled.replace(
        "<ds:SignatureValue></ds:SignatureValue>",
        &format!(
            "<ds:SignatureValue>{}</ds:SignatureValue>",
            encode_base64(&mac)
        ),
    )
}

fn template(uri: &str, content: &str) -> String {
    format!(
        r#"<r xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><a Id="x">{content}</a><ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"/><ds:Reference URI="{uri}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#WithComments"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue><ds:Object Id="obj"><data>x</data></ds:Object></ds:Signature></r>"#
    )
}

fn any_id() -> crate::xml::ParseOptions {
    let mut opts = crate::xml::ParseOptions::default();
    opts.id_attributes
        .push(crate::xml::IdAttribute::any_element("", "Id"));
    opts
}

#[test]
fn references_into_the_signature_need_the_policy_flag() {
    let key = HmacKey::from_secret_bytes(b"secret").unwrap();
    let opts = any_id();
    let xml = hmac_fill_template(&template("#obj", "t"), &key, false, &opts);
    let doc = Document::parse_with(&xml, &opts).unwrap();
    let sig = sig_of(&doc);
    assert_eq!(
        verify(&doc, sig, &(&key).into(), &SignaturePolicy::default()).unwrap_err(),
        DsigError::ReferenceIntoSignature { uri: "#obj".into() }
    );
    let lenient = SignaturePolicy {
        dangerous_allow_references_into_signature: true,
        ..Default::default()
    };
    let v = verify(&doc, sig, &(&key).into(), &lenient).unwrap();
    assert_eq!(v.references()[0].target, el(&doc, "obj"));
}

#[test]
fn xpointer_references_keep_comments_bare_names_do_not() {
    let key = HmacKey::from_secret_bytes(b"secret").unwrap();
    let opts = any_id();
    let policy = SignaturePolicy::default();
    // Bare name: comments removed whatever the transform says.
    let xml = hmac_fill_template(&template("#x", "one<!-- c -->two"), &key, false, &opts);
    let doc = Document::parse_with(&xml, &opts).unwrap();
    let v = verify(&doc, sig_of(&doc), &(&key).into(), &policy).unwrap();
    assert_eq!(v.references()[0].canonicalization, Algorithm::Exclusive);
    // XPointer: comments kept.
    let xml = hmac_fill_template(
        &template("#xpointer(id('x'))", "one<!-- c -->two"),
        &key,
        true,
        &opts,
    );
    let doc = Document::parse_with(&xml, &opts).unwrap();
    let v = verify(&doc, sig_of(&doc), &(&key).into(), &policy).unwrap();
    assert_eq!(
        v.references()[0].canonicalization,
        Algorithm::ExclusiveWithComments
    );
    assert_eq!(v.references()[0].target, el(&doc, "x"));
    // ... so changing the comment breaks it.
    let changed = xml.replace("<!-- c -->", "<!-- d -->");
    let doc = Document::parse_with(&changed, &opts).unwrap();
    assert!(matches!(
        verify(&doc, sig_of(&doc), &(&key).into(), &policy),
        Err(DsigError::DigestMismatch { .. })
    ));
    assert!(matches!(
        verify::parse_uri("#xpointer(/)"),
        Ok(verify::UriKind::XPointerRoot)
    ));
    let _ = WSU_NS;
}

#[test]
fn verify_metered_counts_the_work() {
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    let doc = Document::parse(&xml).unwrap();
    let mut spent = Spent::default();
    let vs = verify_metered(
        &doc,
        sig_of(&doc),
        &key.public_key().into(),
        &SignaturePolicy::default(),
        &mut spent,
    )
    .unwrap();
    let n = vs.references().len() as u64;
    assert_eq!(spent.references, n);
    assert_eq!(spent.transforms, n);
    assert_eq!(spent.digests, n);
    assert_eq!(spent.signature_checks, 1);
    assert!(spent.canonical_bytes > 0 && spent.canonical_bytes < xml.len() as u64);

    // A bad SignatureValue: checked once, no digest computed (Hill's order).
    let bad = xml.replacen("<ds:SignatureValue>", "<ds:SignatureValue>AAAA", 1);
    let doc = Document::parse(&bad).unwrap();
    let mut spent = Spent::default();
    let e = verify_metered(
        &doc,
        sig_of(&doc),
        &key.public_key().into(),
        &SignaturePolicy::default(),
        &mut spent,
    )
    .unwrap_err();
    assert_eq!(e, DsigError::InvalidSignatureValue);
    assert_eq!((spent.signature_checks, spent.digests), (1, 0));
}

#[test]
fn oversized_values_and_prefix_lists_are_refused_before_decoding() {
    let key = rsa();
    let xml = signed_envelope(rsa256(), (&key).into(), Legacy::NONE);
    let pk = key.public_key();
    let padded = xml.replacen(
        "<ds:DigestValue>",
        &format!("<ds:DigestValue>{}", "\n".repeat(2000)),
        1,
    );
    assert!(matches!(
        verify_str(&padded, &pk.into(), &SignaturePolicy::default()).unwrap_err(),
        DsigError::Malformed { reason } if reason.contains("DigestValue holds")
    ));
    let padded = xml.replacen(
        "<ds:SignatureValue>",
        &format!("<ds:SignatureValue>{}", "A".repeat(20_000)),
        1,
    );
    assert!(matches!(
        verify_str(&padded, &pk.into(), &SignaturePolicy::default()).unwrap_err(),
        DsigError::Malformed { reason } if reason.contains("SignatureValue holds")
    ));
    // A PrefixList of 17 prefixes on SignedInfo's canonicalization.
    let list: Vec<String> = (0..17).map(|i| format!("p{i}")).collect();
    let cm = format!(
        "<ds:CanonicalizationMethod Algorithm=\"{}\"><ec:InclusiveNamespaces xmlns:ec=\"{EXC_C14N_NS}\" PrefixList=\"{}\"/></ds:CanonicalizationMethod>",
        Algorithm::Exclusive.uri(),
        list.join(" ")
    );
    let start = xml.find("<ds:CanonicalizationMethod").unwrap();
    let end = start + xml[start..].find("/>").unwrap() + 2;
    let listed = format!("{}{cm}{}", &xml[..start], &xml[end..]);
    assert_eq!(
        verify_str(&listed, &pk.into(), &SignaturePolicy::default()).unwrap_err(),
        DsigError::BudgetExceeded {
            budget: BudgetKind::InclusivePrefixes,
            limit: 16,
            reached: 17
        }
    );
}
