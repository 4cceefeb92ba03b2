//! XML Signature interop with Debian's `xmlsec1` (OpenSSL backend), both ways.
//!
//! Needs the `interop` feature and the `xmlsec1` binary (apt package `xmlsec1`). With the
//! feature on, a missing binary FAILS the tests: they never skip themselves.
//!
//! Keys: the test PKI in `testdata/pki/` (`client.key.pem` / `client.pem`, RSA 2048).
#![cfg(feature = "interop")]

use soapsec::algorithms::{DigestAlgorithm, Legacy};
use soapsec::c14n::Algorithm;
use soapsec::dsig::{
    self, Placement, ReferenceSpec, SignatureMethod, SignaturePolicy, SignatureSpec,
    VerificationKey,
};
use soapsec::keys::{PrivateKey, SignatureAlgorithm};
use soapsec::xml::{DSIG_NS, Document, NodeId};
use std::path::{Path, PathBuf};
use std::process::Command;

const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";

const ENVELOPE: &str = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"/></soap:Header><soap:Body wsu:Id="body-1"><m:Echo xmlns:m="urn:example:echo"><m:text>hello, xmlsec1</m:text></m:Echo></soap:Body></soap:Envelope>"#;

fn pki(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/pki")
        .join(name)
}

fn key() -> PrivateKey {
    PrivateKey::load(&std::fs::read(pki("client.key.pem")).unwrap()).unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("soapsec-interop-dsig-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Run xmlsec1; a missing binary is a failure, never a skip.
fn xmlsec1(args: &[&str]) -> std::process::Output {
    match Command::new("xmlsec1").args(args).output() {
        Ok(o) => o,
        Err(e) => panic!(
            "the interop feature is on but `xmlsec1` could not be run ({e}); install the Debian package `xmlsec1`"
        ),
    }
}

fn xmlsec1_verifies(xml: &str, name: &str, id_attr: bool) -> Result<(), String> {
    let file = scratch(name);
    std::fs::write(&file, xml).unwrap();
    let cert = pki("client.pem");
    let mut args = vec!["--verify", "--pubkey-cert-pem", cert.to_str().unwrap()];
    let body = format!("{SOAP11}:Body");
    if id_attr {
        // xmlsec1 finds wsu:Id only when told, per element type.
        args.extend(["--id-attr:Id", body.as_str()]);
    }
    args.push(file.to_str().unwrap());
    let out = xmlsec1(&args);
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "xmlsec1 --verify failed for {name}:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn security(doc: &Document<'_>) -> NodeId {
    doc.elements()
        .find(|e| e.local_name() == "Security")
        .unwrap()
        .id()
}

#[test]
fn we_sign_by_id_xmlsec1_verifies() {
    let k = key();
    let doc = Document::parse(ENVELOPE).unwrap();
    let body = doc.element_by_id("body-1").unwrap().id();
    let spec = SignatureSpec::new(SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha256))
        .reference(
            ReferenceSpec::element(body, DigestAlgorithm::Sha256)
                .with_canonicalization(Algorithm::Exclusive, &["soap"]),
        );
    let out = dsig::sign(
        &doc,
        &spec,
        (&k).into(),
        Placement::AppendChild(security(&doc)),
    )
    .unwrap();
    xmlsec1_verifies(out.document.source(), "by-id.xml", true).unwrap();
    // And tampering is caught by xmlsec1 too (the test would be vacuous otherwise).
    let tampered = out
        .document
        .source()
        .replace("hello, xmlsec1", "hello, attacker");
    assert!(xmlsec1_verifies(&tampered, "by-id-tampered.xml", true).is_err());
}

#[test]
fn we_sign_enveloped_xmlsec1_verifies() {
    let k = key();
    let doc = Document::parse(ENVELOPE).unwrap();
    let spec = SignatureSpec::new(SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha256))
        .reference(ReferenceSpec::whole_document_enveloped(
            DigestAlgorithm::Sha256,
        ));
    let out = dsig::sign(
        &doc,
        &spec,
        (&k).into(),
        Placement::AppendChild(security(&doc)),
    )
    .unwrap();
    xmlsec1_verifies(out.document.source(), "enveloped.xml", false).unwrap();
    // Inclusive C14N 1.0 for SignedInfo and the reference, SHA-512.
    let mut spec = SignatureSpec::new(SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha512))
        .reference(
            ReferenceSpec::whole_document_enveloped(DigestAlgorithm::Sha512)
                .with_canonicalization(Algorithm::C14n10, &[]),
        );
    spec.canonicalization = Algorithm::C14n10;
    let out = dsig::sign(
        &doc,
        &spec,
        (&k).into(),
        Placement::AppendChild(security(&doc)),
    )
    .unwrap();
    xmlsec1_verifies(out.document.source(), "enveloped-c14n.xml", false).unwrap();
}

#[test]
fn we_sign_rsa_sha1_under_legacy_xmlsec1_verifies() {
    let k = key();
    let doc = Document::parse(ENVELOPE).unwrap();
    let body = doc.element_by_id("body-1").unwrap().id();
    let legacy = Legacy::NONE.allow_sha1_for_legacy_use_only();
    let spec = SignatureSpec::new(SignatureMethod::Asymmetric(
        SignatureAlgorithm::RsaSha1ForLegacyUseOnly,
    ))
    .legacy(legacy)
    .reference(ReferenceSpec::element(
        body,
        DigestAlgorithm::Sha1ForLegacyUseOnly,
    ));
    let out = dsig::sign(
        &doc,
        &spec,
        (&k).into(),
        Placement::AppendChild(security(&doc)),
    )
    .unwrap();
    xmlsec1_verifies(out.document.source(), "rsa-sha1.xml", true).unwrap();
}

fn template(method: &str, digest: &str, uri: &str, transforms: &str) -> String {
    let sig = format!(
        r#"<ds:Signature xmlns:ds="{DSIG_NS}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="{method}"/><ds:Reference URI="{uri}"><ds:Transforms>{transforms}<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="{digest}"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue></ds:Signature>"#
    );
    ENVELOPE.replace(
        r#"<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"/>"#,
        &format!(
            r#"<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">{sig}</wsse:Security>"#
        ),
    )
}

fn xmlsec1_signs(tmpl: &str, name: &str) -> String {
    let file = scratch(name);
    let out_file = scratch(&format!("signed-{name}"));
    std::fs::write(&file, tmpl).unwrap();
    let key = pki("client.key.pem");
    let body = format!("{SOAP11}:Body");
    let out = xmlsec1(&[
        "--sign",
        "--privkey-pem",
        key.to_str().unwrap(),
        "--id-attr:Id",
        &body,
        "--output",
        out_file.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "xmlsec1 --sign failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(out_file).unwrap()
}

fn we_verify(xml: &str, policy: &SignaturePolicy) -> Vec<String> {
    let doc = Document::parse(xml).unwrap();
    let sig = doc
        .elements()
        .find(|e| e.is(DSIG_NS, "Signature"))
        .unwrap()
        .id();
    let k = key();
    let v = dsig::verify(&doc, sig, &VerificationKey::Public(k.public_key()), policy).unwrap();
    v.references()
        .iter()
        .map(|r| {
            doc.element(r.target)
                .map(|e| e.local_name().to_owned())
                .unwrap_or_else(|| "(document)".into())
        })
        .collect()
}

#[test]
fn xmlsec1_signs_we_verify() {
    let rsa256 = SignatureAlgorithm::RsaSha256.uri();
    let sha256 = DigestAlgorithm::Sha256.uri();
    // By ID.
    let signed = xmlsec1_signs(&template(rsa256, sha256, "#body-1", ""), "tmpl-by-id.xml");
    assert_eq!(we_verify(&signed, &SignaturePolicy::default()), ["Body"]);
    // Enveloped, whole document.
    let enveloped = format!(
        r#"<ds:Transform Algorithm="{}"/>"#,
        dsig::ENVELOPED_SIGNATURE
    );
    let signed = xmlsec1_signs(
        &template(rsa256, sha256, "", &enveloped),
        "tmpl-enveloped.xml",
    );
    assert_eq!(
        we_verify(&signed, &SignaturePolicy::default()),
        ["(document)"]
    );
    // A change xmlsec1 did not sign is caught.
    let tampered = signed.replace("hello, xmlsec1", "hello, attacker");
    let doc = Document::parse(&tampered).unwrap();
    let sig = doc
        .elements()
        .find(|e| e.is(DSIG_NS, "Signature"))
        .unwrap()
        .id();
    let k = key();
    assert!(matches!(
        dsig::verify(
            &doc,
            sig,
            &VerificationKey::Public(k.public_key()),
            &SignaturePolicy::default()
        ),
        Err(dsig::DsigError::DigestMismatch { .. })
    ));
    // rsa-sha1 / sha1: only under the legacy switch.
    let signed = xmlsec1_signs(
        &template(
            SignatureAlgorithm::RsaSha1ForLegacyUseOnly.uri(),
            DigestAlgorithm::Sha1ForLegacyUseOnly.uri(),
            "#body-1",
            "",
        ),
        "tmpl-sha1.xml",
    );
    let legacy =
        SignaturePolicy::default().with_legacy(Legacy::NONE.allow_sha1_for_legacy_use_only());
    assert_eq!(we_verify(&signed, &legacy), ["Body"]);
    let doc = Document::parse(&signed).unwrap();
    let sig = doc
        .elements()
        .find(|e| e.is(DSIG_NS, "Signature"))
        .unwrap()
        .id();
    assert!(matches!(
        dsig::verify(
            &doc,
            sig,
            &VerificationKey::Public(k.public_key()),
            &SignaturePolicy::default()
        ),
        Err(dsig::DsigError::AlgorithmNotAllowed { .. })
    ));
}
