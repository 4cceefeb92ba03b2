//! Class M — signature-processing DoS and injection (Hill, *Command Injection in XML Signatures
//! and Encryption*, iSEC 2007; WSS4J `testMaximumAllowedReferencesPerManifest`,
//! `testTransformationCodeInjection`, `test_publicURIReferenceDOS`,
//! `testRecursiveKeyReferencesDOS`): thousands of references, long transform chains, XSLT and
//! XPath transforms, external URIs, recursive or chained SecurityTokenReferences, and a
//! canonicalization blow-up.
//!
//! Defence: a webpki-style `dsig::Budget` (≤ 30 references, ≤ 5 transforms per reference, a cap
//! on canonical bytes) and an algorithm allow-list (only exclusive C14N and the enveloped
//! transform), all checked as *structure* before any cryptography (Hill's order: structure,
//! then the SignatureValue over SignedInfo, then the digests); same-document `#id` references
//! only; STR dereference depth 1 (`TokenError::RecursiveReference`); `ds:Manifest` never
//! followed.

use crate::support::*;
use soapsec::binding::ProtectionOrder;
use soapsec::dsig::{Budget, BudgetKind, DsigError};
use soapsec::pipeline::{InboundOptions, PipelineError};
use soapsec::token::TokenError;

const XSLT: &str = "http://www.w3.org/TR/1999/REC-xslt-19991116";
const XPATH: &str = "http://www.w3.org/TR/1999/REC-xpath-19991116";
const EXC: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

/// The Body's `ds:Reference` element in the sign-only request.
fn body_reference(s: &Secured) -> String {
    let id = s.body_id();
    let from = s
        .wire
        .find(&format!(r##"<ds:Reference URI="#{id}""##))
        .unwrap();
    element_from(&s.wire, "ds:Reference", from)
}

fn budget(e: &PipelineError, kind: BudgetKind, max: u64) -> bool {
    matches!(e, PipelineError::Dsig(DsigError::BudgetExceeded { budget, limit, .. }) if *budget == kind && *limit == max)
}

#[test]
fn m_too_many_references() {
    let s = signed_12();
    s.control();
    let r = body_reference(&s);
    let count = s.wire.matches("<ds:Reference ").count();
    assert_eq!(count, 5);
    // 30 references: within budget, so the (modified) SignedInfo reaches the SignatureValue.
    let thirty = replace1(&s.wire, &r, &r.repeat(30 - count + 1));
    assert_err!(
        s.check(&thirty),
        PipelineError::Dsig(DsigError::InvalidSignatureValue)
    );
    // 31 and 5000: refused as structure, before any cryptography.
    for n in [31, 5000] {
        let evil = replace1(&s.wire, &r, &r.repeat(n - count + 1));
        assert_err!(s.check(&evil), e if budget(e, BudgetKind::References, 30));
    }
}

#[test]
fn m_too_many_transforms() {
    let s = signed_12();
    s.control();
    let r = body_reference(&s);
    let one = format!(r#"<ds:Transform Algorithm="{EXC}"/>"#);
    let evil_ref = replace1(&r, &one, &one.repeat(6));
    let evil = replace1(&s.wire, &r, &evil_ref);
    assert_err!(s.check(&evil), e if budget(e, BudgetKind::TransformsPerReference, 5));
    // Within the budget but not a supported chain (canonicalization repeated): refused as well.
    let evil_ref = replace1(&r, &one, &one.repeat(3));
    let evil = replace1(&s.wire, &r, &evil_ref);
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::UnsupportedTransformChain { .. })
    );
}

#[test]
fn m_xslt_and_xpath_transforms() {
    let s = signed_12();
    s.control();
    let r = body_reference(&s);
    let xslt = format!(
        r#"<ds:Transform Algorithm="{XSLT}"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:rt="http://xml.apache.org/xalan/java/java.lang.Runtime" version="1.0"><xsl:template match="/"><xsl:value-of select="rt:exec(rt:getRuntime(),'touch /tmp/pwned')"/></xsl:template></xsl:stylesheet></ds:Transform>"#
    );
    let xpath = format!(
        r#"<ds:Transform Algorithm="{XPATH}"><ds:XPath>count(//. | //@* | //namespace::*) &gt; 0</ds:XPath></ds:Transform>"#
    );
    for (t, uri) in [(xslt, XSLT), (xpath, XPATH)] {
        let evil = replace1(
            &s.wire,
            &r,
            &replace1(&r, "<ds:Transforms>", &format!("<ds:Transforms>{t}")),
        );
        assert_err!(
            s.check(&evil),
            PipelineError::Dsig(DsigError::UnsupportedAlgorithm { uri: got }) if got == uri
        );
    }
}

#[test]
fn m_external_reference_uris() {
    let s = signed_12();
    s.control();
    let id = s.body_id();
    for uri in [
        "http://attacker.example/slow",
        "https://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "file:///dev/zero",
        "ftp://attacker.example/x",
        "urn:x:body",
    ] {
        let evil = replace1(
            &s.wire,
            &format!(r##"URI="#{id}""##),
            &format!(r#"URI="{uri}""#),
        );
        assert_err!(
            s.check(&evil),
            PipelineError::Dsig(DsigError::UnsupportedReference { uri: got }) if got == uri
        );
    }
}

#[test]
fn m_recursive_and_chained_security_token_references() {
    let s = signed_12();
    s.control();
    let str_ = element(
        &element(&s.wire, "ds:Signature"),
        "wsse:SecurityTokenReference",
    );
    // An STR whose Reference names itself.
    let self_ref = format!(
        r##"<wsse:SecurityTokenReference xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}" wsu:Id="STR-self"><wsse:Reference URI="#STR-self"/></wsse:SecurityTokenReference>"##
    );
    let evil = replace1(&s.wire, &str_, &self_ref);
    assert_err!(
        s.check(&evil),
        PipelineError::Token(TokenError::RecursiveReference { id }) if id.as_deref() == Some("STR-self")
    );
    // A chain: the signature's STR names a second STR (a header block), which names the BST.
    let bst_id = attr(&element(&s.wire, "wsse:BinarySecurityToken"), "wsu:Id").to_owned();
    let second = format!(
        r##"<wsse:SecurityTokenReference xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}" wsu:Id="STR-2"><wsse:Reference URI="#{bst_id}"/></wsse:SecurityTokenReference>"##
    );
    let first = format!(
        r##"<wsse:SecurityTokenReference xmlns:wsse="{WSSE}"><wsse:Reference URI="#STR-2"/></wsse:SecurityTokenReference>"##
    );
    let evil = insert_before(&replace1(&s.wire, &str_, &first), "</s:Header>", &second);
    assert_err!(
        s.check(&evil),
        PipelineError::Token(TokenError::RecursiveReference { id }) if id.as_deref() == Some("STR-2")
    );
    // An STR nested directly in the STR.
    let nested = format!(
        r##"<wsse:SecurityTokenReference xmlns:wsse="{WSSE}">{second}</wsse:SecurityTokenReference>"##
    );
    let evil = replace1(&s.wire, &str_, &nested);
    assert_err!(
        s.check(&evil),
        PipelineError::Token(TokenError::RecursiveReference { id: None })
    );
}

#[test]
fn m_recursive_reference_in_the_encrypted_key() {
    let s = encrypted(ProtectionOrder::SignBeforeEncrypt);
    s.control();
    let ek = element(&s.wire, "xenc:EncryptedKey");
    let str_ = element(&ek, "wsse:SecurityTokenReference");
    let self_ref = format!(
        r##"<wsse:SecurityTokenReference xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}" wsu:Id="STR-self"><wsse:Reference URI="#STR-self"/></wsse:SecurityTokenReference>"##
    );
    let evil = replace1(&s.wire, &str_, &self_ref);
    assert_err!(
        s.check(&evil),
        PipelineError::Token(TokenError::RecursiveReference { id }) if id.as_deref() == Some("STR-self")
    );
}

#[test]
fn m_canonical_bytes_budget() {
    let s = signed_12();
    s.control();
    let small = InboundOptions {
        budget: Budget {
            max_canonical_bytes: 512,
            ..Budget::default()
        },
        ..s.opts()
    };
    assert_err!(
        s.check_with(&small, &s.wire),
        e if budget(e, BudgetKind::CanonicalBytes, 512)
    );
}

#[test]
fn m_order_of_checks_structure_then_signature_value_then_digests() {
    let s = signed_12();
    s.control();
    let sv = text_of(&s.wire, "ds:SignatureValue");
    let bad_sv = replace1(&s.wire, &sv, &format!("AAAA{}", &sv[4..]));
    // A broken SignatureValue alone.
    assert_err!(
        s.check(&bad_sv),
        PipelineError::Dsig(DsigError::InvalidSignatureValue)
    );
    // With a budget violation too: the structure check wins (no RSA operation was done).
    let r = body_reference(&s);
    let evil = replace1(&bad_sv, &r, &r.repeat(40));
    assert_err!(s.check(&evil), e if budget(e, BudgetKind::References, 30));
    // With a tampered Body too: the SignatureValue is checked before any digest.
    let evil = replace1(&bad_sv, "confidential-order", "evil-order");
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::InvalidSignatureValue)
    );
}

#[test]
fn m_manifest_in_ds_object_is_never_followed() {
    // A ds:Object holding a Manifest with an external and a dangling reference: never
    // dereferenced (were it followed, the dangling `#nope` would be MissingReferenceTarget and
    // the external one UnsupportedReference). The Object itself signs nothing: it is not a
    // part, so the message verifies on its real references.
    let s = signed_12();
    s.control();
    let manifest = r##"<ds:Object><ds:Manifest><ds:Reference URI="http://attacker.example/x"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference><ds:Reference URI="#nope"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:Manifest></ds:Object>"##;
    let with_manifest = insert_before(&s.wire, "</ds:Signature>", manifest);
    let v = s
        .check(&with_manifest)
        .expect("the Manifest is ignored, not followed");
    assert!(v.body().unwrap().protection().signed);
}
