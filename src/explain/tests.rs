//! The catalogue against the code: every code has an entry and every entry a code; every
//! variant's real Display text finds its entry; real errors from the library map to entries.

use super::*;
use crate::binding::{Binding, HeaderLayout, ProtectionOrder};
use crate::c14n::C14nError;
use crate::contract::{ContractError, Location};
use crate::dsig::{BudgetKind, DsigError};
use crate::envelope::{EnvelopeError, SoapVersion};
use crate::keys::KeyError;
use crate::pipeline::PipelineError;
use crate::token::TokenError;
use crate::xenc::XencError;
use crate::xml::{LimitKind, NodeId, Position, XmlError};
use std::collections::BTreeSet;

const CODES_SOURCE: &str = include_str!("codes.rs");

/// The string literals of the form `layer/Name` in `codes.rs`: every code a `code()` (or
/// `fault_code()`) arm can return.
fn codes_in_source() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for piece in CODES_SOURCE.split('"').skip(1).step_by(2) {
        let Some((layer, name)) = piece.split_once('/') else {
            continue;
        };
        if !layer.is_empty()
            && layer
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric())
        {
            out.insert(piece.to_owned());
        }
    }
    out
}

#[test]
fn every_code_has_an_entry_and_every_entry_a_code() {
    let from_source = codes_in_source();
    // Sanity: the extraction found the arms (one per variant, roughly).
    assert!(from_source.len() > 150, "{}", from_source.len());
    let catalogue: BTreeSet<String> = all().map(|e| e.code.to_owned()).collect();
    let missing: Vec<_> = from_source.difference(&catalogue).collect();
    let orphans: Vec<_> = catalogue.difference(&from_source).collect();
    assert!(missing.is_empty(), "codes without an entry: {missing:?}");
    assert!(orphans.is_empty(), "entries no code() returns: {orphans:?}");
    assert_eq!(
        catalogue.len(),
        all().count(),
        "duplicate codes in the catalogue"
    );
}

#[test]
fn every_entry_is_complete() {
    let layers = [
        "xml", "c14n", "envelope", "keys", "dsig", "xenc", "token", "pipeline", "contract",
        "binding", "level", "check", "fault",
    ];
    for e in all() {
        assert!(layers.contains(&e.layer()), "{}: unknown layer", e.code);
        assert!(!e.name().is_empty() && e.code == format!("{}/{}", e.layer(), e.name()));
        assert!(!e.title.trim().is_empty(), "{}: no title", e.code);
        assert!(
            !e.title.ends_with('.'),
            "{}: titles have no full stop",
            e.code
        );
        assert!(e.meaning.trim().len() > 30, "{}: meaning too short", e.code);
        assert!(!e.causes.is_empty(), "{}: no cause", e.code);
        assert!(!e.fixes.is_empty(), "{}: no fix", e.code);
        for t in e.causes.iter().chain(e.fixes) {
            assert!(t.trim().len() > 10, "{}: empty cause or fix {t:?}", e.code);
            assert!(!t.contains("  "), "{}: double space in {t:?}", e.code);
        }
        assert!(
            !e.meaning.contains("  "),
            "{}: double space in the meaning",
            e.code
        );
        if let Some(c) = e.attack_class {
            assert!(('A'..='O').contains(&c), "{}: attack class {c}", e.code);
        }
        for m in e.messages.iter().chain(e.related_messages) {
            assert!(
                template_score(m, &normalize(m)).is_some(),
                "{}: message {m:?} has too few fixed words to be matched",
                e.code
            );
        }
    }
}

#[test]
fn names_keys_and_aliases_are_unambiguous_where_they_must_be() {
    // WCF keys name one entry each.
    let mut keys = BTreeSet::new();
    for k in all().filter_map(|e| e.wcf) {
        assert!(keys.insert(k), "WCF key {k} on two entries");
    }
    // An alias never names an entry of its own: it would shadow it.
    for e in all() {
        for a in e.aliases {
            let clash: Vec<_> = all()
                .filter(|o| o.code != e.code && o.name().eq_ignore_ascii_case(a))
                .map(|o| o.code)
                .collect();
            assert!(clash.is_empty(), "{}: alias {a} is also {clash:?}", e.code);
        }
    }
}

// ---- one value of every variant, with its Display text --------------------------------------------

fn pos() -> Position {
    Position {
        offset: 120,
        line: 3,
        column: 7,
    }
}

fn loc() -> Location {
    Location { line: 4, column: 5 }
}

fn key_error_samples() -> Vec<KeyError> {
    vec![
        KeyError::UnrecognizedKeyFormat {
            found: "a PEM block labelled `CERTIFICATE`".into(),
        },
        KeyError::EncryptedPrivateKey {
            found: "PKCS#8 EncryptedPrivateKeyInfo",
        },
        KeyError::MalformedPem {
            reason: "no END line",
        },
        KeyError::MalformedKey {
            structure: "PKCS#8 PrivateKeyInfo",
            reason: "trailing data",
        },
        KeyError::UnsupportedKeyAlgorithm {
            name: "Ed25519",
            oid: "1.3.101.112".into(),
        },
        KeyError::RsaKeySize {
            bits: 1024,
            min: 2048,
            max: 4096,
        },
        KeyError::UnsupportedCurve {
            name: "P-521",
            oid: "1.3.132.0.35".into(),
        },
        KeyError::UnsupportedEcPoint {
            reason: "compressed point",
        },
        KeyError::EcPublicKeyMissing,
        KeyError::KeyRejected {
            reason: "InconsistentComponents".into(),
        },
        KeyError::NoCertificate {
            found: "a PEM block labelled `PRIVATE KEY`".into(),
        },
        KeyError::MalformedCertificate {
            reason: "negative serial number".into(),
        },
        KeyError::AlgorithmKeyMismatch {
            algorithm: "ecdsa-sha256",
            key: "RSA-2048".into(),
        },
        KeyError::LegacyAlgorithmDisabled {
            algorithm: "sha1WithRSAEncryption",
        },
        KeyError::UnsupportedSignatureAlgorithm {
            oid: "1.2.840.113549.1.1.10".into(),
        },
        KeyError::BadSignature,
        KeyError::SigningFailed,
        KeyError::EncryptionFailed {
            reason: "message too long",
        },
        KeyError::Decryption,
        KeyError::EmptyHmacKey,
        KeyError::HmacOutputLength {
            bits: 8,
            min: 128,
            max: 256,
        },
        KeyError::NoTrustConfigured,
        KeyError::EmptyChain,
        KeyError::ChainTooLong { len: 9, max: 8 },
        KeyError::SignatureBudgetExceeded { max: 100 },
        KeyError::Expired {
            subject: "CN=peer".into(),
            not_after: 1_609_459_200,
            at: 1_893_456_000,
        },
        KeyError::NotYetValid {
            subject: "CN=peer".into(),
            not_before: 2_000_000_000,
            at: 1_893_456_000,
        },
        KeyError::UntrustedSelfSigned {
            subject: "CN=dev".into(),
        },
        KeyError::UntrustedIssuer {
            subject: "CN=peer".into(),
            issuer: "CN=Other CA".into(),
        },
        KeyError::IssuerMismatch {
            subject: "CN=peer".into(),
            issuer: "CN=Sub CA".into(),
            next: "CN=Root".into(),
        },
        KeyError::CertificateSignatureInvalid {
            subject: "CN=peer".into(),
            issuer: "CN=Root".into(),
        },
        KeyError::NotCa {
            subject: "CN=leaf".into(),
        },
        KeyError::MissingKeyCertSign {
            subject: "CN=Sub CA".into(),
        },
        KeyError::LeafKeyUsage {
            subject: "CN=peer".into(),
            usage: "digitalSignature",
        },
        KeyError::PathLenExceeded {
            subject: "CN=Root".into(),
            path_len: 0,
            found: 1,
        },
        KeyError::UnhandledCriticalExtension {
            subject: "CN=peer".into(),
            oid: "2.5.29.30".into(),
        },
    ]
}

/// (code the value returns, Display text) for one value of every variant of every error type.
fn samples() -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    macro_rules! push {
        ($($e:expr),* $(,)?) => {
            $({
                let e = $e;
                out.push((e.code(), e.to_string()));
            })*
        };
    }
    let at = pos();
    push!(
        XmlError::LimitExceeded {
            kind: LimitKind::Depth,
            max: 128,
            at
        },
        XmlError::DoctypeForbidden { at },
        XmlError::InvalidUtf8 { at },
        XmlError::UnsupportedEncoding {
            encoding: "utf-16".into(),
            at
        },
        XmlError::Syntax {
            message: "expected '>'".into(),
            at
        },
        XmlError::MismatchedEndTag {
            expected: "s:Body".into(),
            found: "soap:Body".into(),
            at
        },
        XmlError::UnclosedElement {
            name: "s:Envelope".into(),
            at
        },
        XmlError::UndeclaredPrefix {
            prefix: "wsse".into(),
            at
        },
        XmlError::InvalidNamespaceDeclaration {
            message: "the xmlns prefix cannot be declared".into(),
            at
        },
        XmlError::DuplicateAttribute {
            name: "wsu:Id".into(),
            at
        },
        XmlError::DuplicateId {
            id: "Body-1".into(),
            first: at,
            second: at
        },
        XmlError::InvalidReference {
            reference: "nbsp".into(),
            at
        },
        XmlError::InvalidCharacter { code: 1, at },
        XmlError::TextOutsideRoot { at },
        XmlError::MultipleRoots { at },
        XmlError::NoRootElement { at },
        XmlError::InvalidEdit {
            message: "overlapping edits".into()
        },
        XmlError::InvalidEditMarkup {
            at,
            source: Box::new(XmlError::UnclosedElement {
                name: "x".into(),
                at
            })
        },
    );
    push!(
        C14nError::UnsupportedAlgorithm {
            uri: "http://www.w3.org/2006/12/xml-c14n2".into()
        },
        C14nError::NotAnElement(NodeId(3)),
        C14nError::RelativeNamespaceUri {
            uri: "foo".into(),
            at
        },
        C14nError::XmlBaseFixupUnsupported,
    );
    let v = SoapVersion::Soap12;
    push!(
        EnvelopeError::NotAnEnvelope {
            name: "html".into(),
            at
        },
        EnvelopeError::VersionMismatch {
            namespace: "urn:x".into(),
            at
        },
        EnvelopeError::UnexpectedElement {
            name: "{urn:x}Extra".into(),
            parent: "Envelope",
            expected: "Header or Body in the envelope namespace",
            at
        },
        EnvelopeError::DuplicateHeader { first: at, at },
        EnvelopeError::DuplicateBody { first: at, at },
        EnvelopeError::HeaderAfterBody { at },
        EnvelopeError::ElementAfterBody {
            name: "{urn:x}Trailer".into(),
            at
        },
        EnvelopeError::MissingBody { at },
        EnvelopeError::TextNotAllowed { parent: "Body", at },
        EnvelopeError::ProcessingInstruction {
            target: "xml-stylesheet".into(),
            at
        },
        EnvelopeError::UnqualifiedHeaderBlock {
            name: "SessionId".into(),
            at
        },
        EnvelopeError::InvalidBoolean {
            attribute: "mustUnderstand",
            value: "yes".into(),
            version: v,
            allowed: "0, 1, true, false",
            at
        },
        EnvelopeError::DuplicateHeaderBlock {
            name: "{urn:h}Session".into(),
            first: at,
            at
        },
        EnvelopeError::FaultNotAlone { at },
        EnvelopeError::InvalidFault {
            version: v,
            rule: "Reason is required",
            at
        },
        EnvelopeError::InvalidQName {
            value: "Server Error".into(),
            at
        },
        EnvelopeError::UnresolvedPrefix {
            prefix: "wsse".into(),
            value: "wsse:InvalidSecurity".into(),
            at
        },
        EnvelopeError::MixedAddressingVersions {
            first: "http://www.w3.org/2005/08/addressing",
            second: "http://schemas.xmlsoap.org/ws/2004/08/addressing",
            at
        },
        EnvelopeError::DuplicateAddressingHeader {
            name: "Action",
            first: at,
            at
        },
        EnvelopeError::InvalidAddressingHeader {
            name: "Action",
            rule: "the value must not be empty",
            at
        },
    );
    for k in key_error_samples() {
        push!(k);
    }
    push!(
        DsigError::Malformed {
            reason: "SignedInfo has no Reference".into()
        },
        DsigError::UnexpectedElement {
            element: "{http://www.w3.org/2000/09/xmldsig#}Object".into(),
            parent: "Signature"
        },
        DsigError::UnsupportedAlgorithm {
            uri: "http://www.w3.org/TR/1999/REC-xslt-19991116".into()
        },
        DsigError::UnsupportedReference {
            uri: "http://evil.example/x".into()
        },
        DsigError::AlgorithmNotAllowed {
            uri: "http://www.w3.org/2000/09/xmldsig#rsa-sha1".into()
        },
        DsigError::KeyMismatch {
            uri: "http://www.w3.org/2000/09/xmldsig#hmac-sha1".into(),
            key: "an RSA-2048 public key".into()
        },
        DsigError::HmacOutputLength {
            bits: 8,
            min: 80,
            max: 160
        },
        DsigError::BudgetExceeded {
            budget: BudgetKind::References,
            limit: 30,
            reached: 31
        },
        DsigError::UnsupportedTransformChain {
            reason: "the enveloped-signature transform after canonicalization"
        },
        DsigError::MissingReferenceTarget {
            uri: "#Body-1".into()
        },
        DsigError::ReferenceIntoSignature {
            uri: "#Sig-1".into()
        },
        DsigError::Base64 {
            element: "DigestValue"
        },
        DsigError::InvalidSignatureValue,
        DsigError::DigestMismatch {
            index: 1,
            uri: "#Body-1".into()
        },
        DsigError::TargetWithoutId,
        DsigError::C14n(C14nError::XmlBaseFixupUnsupported),
        DsigError::Xml(XmlError::NoRootElement { at }),
        DsigError::Key(KeyError::BadSignature),
    );
    push!(
        XencError::DecryptionFailed,
        XencError::RsaV15Refused {
            uri: crate::xenc::RSA_1_5.into()
        },
        XencError::UnsupportedAlgorithm {
            uri: "http://www.w3.org/2001/04/xmlenc#tripledes-cbc".into()
        },
        XencError::AlgorithmNotAllowed {
            uri: "http://www.w3.org/2001/04/xmlenc#aes256-cbc".into(),
            reason: "AES-CBC needs the legacy switch (Legacy::allow_aes_cbc_for_legacy_use_only)"
        },
        XencError::UnsupportedFeature {
            feature: "CipherReference"
        },
        XencError::Malformed {
            element: "EncryptedKey",
            reason: "no ReferenceList".into()
        },
        XencError::KeyNotFound {
            detail: "no EncryptedKey and no KeyName".into()
        },
        XencError::BadReference {
            uri: "#ED-1".into(),
            expected: "xenc:EncryptedData"
        },
        XencError::BudgetExceeded {
            what: "EncryptedKey elements in the document",
            max: 5
        },
        XencError::KeyLength {
            algorithm: "http://www.w3.org/2009/xmlenc11#aes256-gcm",
            expected: 32,
            got: 16
        },
        XencError::Key(KeyError::Decryption),
        XencError::Edit {
            reason: "overlapping edits".into()
        },
        XencError::Rng,
    );
    push!(
        TokenError::UnexpectedElement {
            expected: "wsse:SecurityTokenReference",
            found: "{urn:x}Other".into()
        },
        TokenError::MissingAttribute {
            element: "wsse:BinarySecurityToken",
            attribute: "ValueType"
        },
        TokenError::UnsupportedValueType {
            element: "wsse:BinarySecurityToken",
            value_type: "urn:saml".into()
        },
        TokenError::UnsupportedEncodingType {
            element: "wsse:KeyIdentifier",
            encoding_type: "#HexBinary".into()
        },
        TokenError::InvalidBase64 {
            element: "wsse:BinarySecurityToken"
        },
        TokenError::Certificate(KeyError::MalformedCertificate {
            reason: "truncated".into()
        }),
        TokenError::EmptyReference,
        TokenError::MultipleReferences { count: 2 },
        TokenError::UnsupportedReference {
            found: "{http://www.w3.org/2000/09/xmldsig#}KeyName".into()
        },
        TokenError::UnsupportedKeyInfo {
            found: "{http://www.w3.org/2000/09/xmldsig#}KeyValue".into()
        },
        TokenError::UnsupportedReferenceUri {
            uri: "http://evil.example/token".into()
        },
        TokenError::ReferenceNotFound {
            id: "X509-1".into()
        },
        TokenError::ReferenceToWrongElement {
            id: "Body-1".into(),
            expected: "wsse:BinarySecurityToken",
            found: "{urn:x}Body".into()
        },
        TokenError::RecursiveReference {
            id: Some("STR-2".into())
        },
        TokenError::MalformedKeyIdentifier {
            reason: "a SHA-1 thumbprint is 20 bytes"
        },
        TokenError::MalformedIssuerSerial {
            reason: "serial is not a decimal number".into()
        },
        TokenError::UnknownCertificate {
            reference: "SKI 0a0b0c".into()
        },
        TokenError::UnknownOwnIdentity {
            reference: "thumbprint 0102".into()
        },
        TokenError::AmbiguousReference {
            reference: "SKI 0a0b0c".into(),
            count: 2
        },
        TokenError::Untrusted {
            subject: "CN=peer".into(),
            source: KeyError::Expired {
                subject: "CN=peer".into(),
                not_after: 1,
                at: 2
            }
        },
        TokenError::IdentityKeyMismatch {
            subject: "CN=me".into()
        },
        TokenError::InvalidName {
            what: "prefix",
            value: "a:b".into()
        },
    );
    let soap11 = crate::envelope::SOAP11_NS;
    push!(
        PipelineError::Xml(XmlError::DoctypeForbidden { at }),
        PipelineError::Envelope(EnvelopeError::MissingBody { at }),
        PipelineError::Dsig(DsigError::InvalidSignatureValue),
        PipelineError::Xenc(XencError::DecryptionFailed),
        PipelineError::Token(TokenError::EmptyReference),
        PipelineError::Keys(KeyError::NoTrustConfigured),
        PipelineError::PartNotSigned {
            name: "Body".into(),
            namespace: soap11.into()
        },
        PipelineError::PartNotEncrypted {
            name: "Body".into(),
            namespace: soap11.into()
        },
        PipelineError::SignatureMissing,
        PipelineError::EncryptedHeaderNotSigned {
            name: "Secret".into(),
            namespace: "urn:h".into()
        },
        PipelineError::PrimarySignatureNotEncrypted,
        PipelineError::ProtectionOrderMismatch {
            required: ProtectionOrder::SignBeforeEncrypt
        },
        PipelineError::TimestampMissing,
        PipelineError::SecurityHeaderElementNotSigned {
            element: "Timestamp".into(),
            id: "TS-1".into()
        },
        PipelineError::DataReferenceUnresolved {
            uri: "#ED-9".into()
        },
        PipelineError::SecurityHeaderEmpty,
        PipelineError::EncryptionNotExpected,
        PipelineError::AtMostOneSignature,
        PipelineError::AtMostOneReferenceList,
        PipelineError::ActionUnrecognized {
            action: "http://tempuri.org/IPurchaseOrder/Tax".into()
        },
        PipelineError::HeaderEncryptionNotSupported {
            name: "Secret".into(),
            namespace: "urn:h".into()
        },
        PipelineError::NothingToSign,
        PipelineError::NoSecurityHeader,
        PipelineError::DuplicateSecurityHeader { count: 2 },
        PipelineError::SecurityHeaderAlreadyPresent,
        PipelineError::UnexpectedSecurityElement {
            name: "{http://schemas.xmlsoap.org/ws/2005/02/sc}SecurityContextToken".into()
        },
        PipelineError::UnsupportedStructure {
            reason: "more than one wsu:Timestamp".into()
        },
        PipelineError::EncryptedDataMisplaced {
            uri: "#ED-1".into()
        },
        PipelineError::LayoutViolation {
            layout: HeaderLayout::Strict,
            reason: "the Timestamp is child 3 instead of the first".into()
        },
        PipelineError::SignatureConfirmationRequiresWss11 {
            binding: "basicHttp:Message".into()
        },
        PipelineError::SignatureConfirmationMisused {
            reason: "a request confirms no signature; only a reply or fault does"
        },
        PipelineError::SignatureConfirmationNotExpected,
        PipelineError::SignatureConfirmationAfterSignature,
        PipelineError::SignatureConfirmationMissing {
            expected: vec!["AAEC".into()]
        },
        PipelineError::SignatureConfirmationMismatch {
            expected: vec!["AAEC".into()],
            found: vec!["(no Value)".into()]
        },
        PipelineError::TimestampMalformed {
            reason: "Expires is before Created".into()
        },
        PipelineError::TimestampExpired {
            expires: "2030-01-01T00:05:00Z".into(),
            now: 1_893_460_000,
            skew: 300
        },
        PipelineError::TimestampInFuture {
            created: "2030-01-01T01:00:00Z".into(),
            now: 1_893_456_000,
            skew: 300
        },
        PipelineError::TimestampTooOld {
            created: "2030-01-01T00:00:00Z".into(),
            now: 1_893_460_000,
            max_age: 300,
            skew: 300
        },
        PipelineError::InvalidOptions {
            option: "replay",
            reason: "binding custom sends no Timestamp".into()
        },
        PipelineError::Replay,
        PipelineError::ReplayCacheFull { capacity: 10_000 },
        PipelineError::BudgetExceeded {
            budget: BudgetKind::Decryptions,
            limit: 16,
            reached: 18
        },
        PipelineError::ActionMismatch {
            wsa: "urn:a".into(),
            soap_action: "urn:b".into()
        },
        PipelineError::BodyActionMismatch {
            action: "urn:Ping".into(),
            operation: "Ping".into(),
            body: "{http://tempuri.org/}Transfer".into(),
            body_operation: "request wrapper of 'Transfer'".into()
        },
        PipelineError::SoapVersionMismatch {
            binding: "SOAP 1.2",
            message: "SOAP 1.1"
        },
        PipelineError::UnsupportedBinding {
            binding: "basicHttp".into(),
            reason: "contract levels reach the message layer only with message security"
        },
        PipelineError::UnsupportedSuite {
            suite: "Basic256Rsa15",
            reason: "RSA PKCS#1 v1.5 key transport is never used"
        },
        PipelineError::Internal("the Security header moved"),
    );
    let binding_err = Binding::preset("WSHttpBinding").unwrap_err();
    push!(
        ContractError::Xml {
            at: loc(),
            message: "unexpected end of file".into()
        },
        ContractError::Doctype { at: loc() },
        ContractError::Unexpected {
            at: loc(),
            found: "attribute 'nam' on <operation>".into(),
            expected: "one of the attributes name, action".into()
        },
        ContractError::MissingElement {
            at: loc(),
            element: "contract"
        },
        ContractError::MissingAttribute {
            at: loc(),
            element: "operation".into(),
            attribute: "name".into()
        },
        ContractError::InvalidValue {
            at: loc(),
            attribute: "protectionLevel".into(),
            value: "sign".into(),
            expected: "None, Sign or EncryptAndSign".into()
        },
        ContractError::Invalid {
            at: loc(),
            message: "operation 'Price' is declared twice".into()
        },
        ContractError::Limit {
            at: loc(),
            what: "operations",
            limit: 1000
        },
        ContractError::TooLarge {
            size: 2_000_000,
            limit: 1_048_576
        },
        ContractError::UnknownBinding(binding_err.clone()),
        ContractError::Model("operation 'A' is declared twice".into()),
        ContractError::Validation(crate::contract::texts::request_not_supported(
            "IOrder",
            "urn:o",
            "BasicHttpBinding",
            "http://tempuri.org/"
        )),
        ContractError::Validation(crate::contract::texts::response_not_supported(
            "IOrder",
            "urn:o",
            "BasicHttpBinding",
            "http://tempuri.org/"
        )),
        ContractError::Validation(crate::contract::texts::unknown_header(
            "IOrder", "urn:o", "Extra", "urn:o"
        )),
        ContractError::Validation("a future validation text".into()),
    );
    push!(binding_err);
    push!("sign".parse::<crate::level::ProtectionLevel>().unwrap_err());
    out
}

#[test]
fn every_sample_display_text_finds_its_entry() {
    let samples = samples();
    for (code, text) in &samples {
        let entry = get(code).unwrap_or_else(|| panic!("{code} has no entry"));
        if entry.messages.is_empty() {
            continue;
        }
        // One of the entry's own messages (not a related text) is this Display text.
        let normalized = normalize(text);
        assert!(
            entry
                .messages
                .iter()
                .any(|m| template_score(m, &normalized).is_some()),
            "{code}: no message of the entry matches {text:?}"
        );
        let found = find(text);
        assert_eq!(found.matched_by, Some(MatchedBy::Message), "{code}: {text}");
        assert!(
            found.entries.iter().any(|e| e.code == *code),
            "pasting {text:?} finds {:?}, not {code}",
            found.entries.iter().map(|e| e.code).collect::<Vec<_>>()
        );
        // And through the CLI's `error: ` prefix, with the whitespace collapsed.
        let pasted = format!(
            "error: {}",
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        assert!(lookup(&pasted).iter().any(|e| e.code == *code), "{pasted}");
    }
    // The samples cover every entry that has a message, except those no error type displays.
    let covered: BTreeSet<&str> = samples.iter().map(|(c, _)| *c).collect();
    for e in all().filter(|e| !e.messages.is_empty()) {
        let no_error_type = e.layer() == "check" || e.layer() == "fault";
        assert!(
            covered.contains(e.code) || no_error_type,
            "no sample displays {}",
            e.code
        );
    }
}

#[test]
fn pasting_finds_exactly_one_entry_except_known_twins() {
    // Texts that are the same words in two layers, or a wrapper around another error's text.
    let twins: [&[&str]; 3] = [
        &["contract/Xml", "xml/Syntax"],
        &["keys/Decryption", "xenc/DecryptionFailed"],
        &["xml/InvalidEditMarkup", "xml/UnclosedElement"],
    ];
    for (code, text) in samples() {
        if get(code).is_some_and(|e| e.messages.is_empty()) {
            continue;
        }
        let mut found: Vec<&str> = lookup(&text).iter().map(|e| e.code).collect();
        if found != [code] {
            found.sort_unstable();
            assert!(
                twins.contains(&found.as_slice()),
                "{code}: pasting {text:?} finds {found:?}"
            );
        }
    }
}

#[test]
fn pasting_is_precise_for_the_texts_people_paste_most() {
    let cases = [
        (
            "The 'Body', 'http://schemas.xmlsoap.org/soap/envelope/' required message part  was not encrypted.",
            "pipeline/PartNotEncrypted",
        ),
        (
            "The 'Body', 'http://www.w3.org/2003/05/soap-envelope' required message part was not signed.",
            "pipeline/PartNotSigned",
        ),
        (
            "System.ServiceModel.Security.MessageSecurityException: The 'Body' required message part was not encrypted.",
            "pipeline/PartNotEncrypted",
        ),
        (
            "An error occurred when verifying security for the message.",
            "fault/InvalidSecurity",
        ),
        (
            "error: contracts/x.xml:1:1: DOCTYPE is not allowed in contract files",
            "contract/Doctype",
        ),
    ];
    for (text, code) in cases {
        let found = lookup(text);
        assert_eq!(
            found.first().map(|e| e.code),
            Some(code),
            "{text}: {:?}",
            found.iter().map(|e| e.code).collect::<Vec<_>>()
        );
    }
    // The one-entry cases are exactly one entry.
    assert_eq!(
        lookup("The 'Body', 'urn:x' required message part  was not encrypted.").len(),
        1
    );
    // A deliberately uniform text is ambiguous, and says so.
    let mut both: Vec<_> = lookup("decryption failed").iter().map(|e| e.code).collect();
    both.sort_unstable();
    assert_eq!(both, ["keys/Decryption", "xenc/DecryptionFailed"]);
}

#[test]
fn lookup_rules_in_order() {
    // Exact code, any case.
    let by_code = find("PIPELINE/partnotencrypted");
    assert_eq!(by_code.matched_by, Some(MatchedBy::Code));
    assert_eq!(by_code.entries.len(), 1);
    // Variant name.
    let by_name = find("partNotEncrypted");
    assert_eq!(by_name.matched_by, Some(MatchedBy::Name));
    assert_eq!(by_name.entries[0].code, "pipeline/PartNotEncrypted");
    // A name shared by several layers gives each.
    let shared: BTreeSet<_> = lookup("UnexpectedElement").iter().map(|e| e.code).collect();
    assert_eq!(
        shared,
        BTreeSet::from([
            "envelope/UnexpectedElement",
            "dsig/UnexpectedElement",
            "token/UnexpectedElement"
        ])
    );
    // Aliases: the kind names `contract check` prints.
    assert_eq!(
        lookup("UnknownAction")[0].code,
        "pipeline/ActionUnrecognized"
    );
    assert_eq!(
        lookup("HeaderEncryptionWss10")[0].code,
        "pipeline/HeaderEncryptionNotSupported"
    );
    // WCF resource key.
    let by_wcf = find("requiredmessagepartnotencryptedns");
    assert_eq!(by_wcf.matched_by, Some(MatchedBy::Wcf));
    assert_eq!(by_wcf.entries[0].code, "pipeline/PartNotEncrypted");
    // Nothing.
    let none = find("no such thing at all");
    assert_eq!(none.matched_by, None);
    assert!(none.entries.is_empty());
    assert!(find("   ").entries.is_empty());
}

#[test]
fn every_finding_and_validation_kind_has_an_entry() {
    use crate::contract::{FindingKind as F, ValidationKind as V};
    let findings = [
        F::RequestNotSupported,
        F::ResponseNotSupported,
        F::UnknownHeaderProtected,
        F::HeaderEncryptionWss10,
        F::NoPartsToSign,
        F::PartNotSigned,
        F::PartNotEncrypted,
        F::SignatureMissing,
        F::EncryptionNotExpected,
        F::UnknownAction,
        F::OneWayMismatch,
        F::ContractMismatch,
        F::WildcardNotAnalyzed,
    ];
    for f in findings {
        assert!(get(f.code()).is_some(), "{f:?}");
        // The name `contract check` prints finds the same entry.
        let printed = serde_json::to_value(f).unwrap();
        let name: String = printed
            .as_str()
            .unwrap()
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect();
        assert!(lookup(&name).iter().any(|e| e.code == f.code()), "{name}");
    }
    for v in [
        V::RequestNotSupported,
        V::ResponseNotSupported,
        V::UnknownHeaderProtected,
        V::HeaderEncryptionWss10,
    ] {
        assert!(get(v.code()).is_some(), "{v:?}");
    }
}

#[test]
fn suggestions_for_near_misses() {
    assert_eq!(
        suggest("PartNotEncypted", 3)[0],
        "pipeline/PartNotEncrypted"
    );
    assert_eq!(
        suggest("pipeline/PartNotEncrypt", 3)[0],
        "pipeline/PartNotEncrypted"
    );
    assert!(suggest("Timestamp", 10).contains(&"pipeline/TimestampExpired"));
    assert!(suggest("certificate expired yesterday", 5).contains(&"keys/Expired"));
    assert!(suggest("zzzzzzzz", 5).is_empty());
    assert!(suggest("", 5).is_empty());
}

#[test]
fn hint_and_code_of() {
    assert_eq!(
        hint("pipeline/PartNotEncrypted"),
        "run `soapsec explain pipeline/PartNotEncrypted`"
    );
    let e = crate::Error::from(PipelineError::Xenc(XencError::Key(KeyError::Decryption)));
    assert_eq!(e.code(), "keys/Decryption");
    assert_eq!(code_of(&e), Some("keys/Decryption"));
    let inner = TokenError::Untrusted {
        subject: "CN=x".into(),
        source: KeyError::UntrustedSelfSigned {
            subject: "CN=x".into(),
        },
    };
    assert_eq!(code_of(&inner), Some("keys/UntrustedSelfSigned"));
    assert_eq!(code_of(&std::fmt::Error), None);
    assert_eq!(PipelineError::Replay.fault_code(), "fault/InvalidSecurity");
    assert_eq!(
        PipelineError::ActionUnrecognized { action: "a".into() }.fault_code(),
        "pipeline/ActionUnrecognized"
    );
}

// ---- real errors from the library ---------------------------------------------------------------

mod real {
    use super::super::*;
    use crate::binding::Binding;
    use crate::contract::{Contract, Direction, parse_contract_file, resolve, validate_for_open};
    use crate::keys::{Certificate, PrivateKey, TrustStore};
    use crate::level::ProtectionLevel;
    use crate::pipeline::{
        Credentials, FixedClock, InboundOptions, OutboundOptions, PipelineError, protect, verify,
    };
    use crate::token::KeyStore;
    use std::sync::Arc;

    const NOW: i64 = 1_893_456_000;

    fn read(path: &str) -> Vec<u8> {
        std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }
    fn cert(name: &str) -> Certificate {
        Certificate::load(&read(&format!("testdata/pki/{name}.pem"))).unwrap()
    }
    fn key(name: &str) -> PrivateKey {
        PrivateKey::load(&read(&format!("testdata/pki/{name}.key.pem"))).unwrap()
    }
    fn store(name: &str) -> KeyStore {
        let mut trust = TrustStore::new();
        trust.add_anchor(cert("root-ca"));
        let mut s = KeyStore::new(trust);
        s.add_identity(key(name), cert(name)).unwrap();
        s
    }
    fn contract(name: &str) -> Contract {
        let text = String::from_utf8(read(&format!("contracts/{name}"))).unwrap();
        parse_contract_file(&text).unwrap().contract
    }

    /// The code is in the catalogue, and pasting the Display text finds it first.
    fn explains(code: &str, text: &str) {
        let entry = get(code).unwrap_or_else(|| panic!("{code} has no entry ({text})"));
        let found = lookup(text);
        assert_eq!(
            found.first().map(|e| e.code),
            Some(entry.code),
            "{text}: {:?}",
            found.iter().map(|e| e.code).collect::<Vec<_>>()
        );
    }

    #[test]
    fn doctype_document() {
        let e = crate::xml::Document::parse(r#"<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>"#)
            .err()
            .unwrap();
        assert_eq!(e.code(), "xml/DoctypeForbidden");
        explains(e.code(), &e.to_string());
        let top = crate::Error::from(e);
        assert_eq!(top.code(), "xml/DoctypeForbidden");
    }

    #[test]
    fn contract_files_and_validation() {
        let e = parse_contract_file("<!DOCTYPE c><contractFile/>").unwrap_err();
        assert_eq!(e.code(), "contract/Doctype");
        explains(e.code(), &e.to_string());

        let e = parse_contract_file(
            r#"<contractFile><contract name="C"><operation nam="X"/></contract></contractFile>"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), "contract/Unexpected");
        explains(e.code(), &e.to_string());

        let e = parse_contract_file(
            r#"<contractFile><contract name="C" protectionLevel="sign"/></contractFile>"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), "contract/InvalidValue");
        explains(e.code(), &e.to_string());

        let e = parse_contract_file(
            r#"<contractFile><binding preset="BasicHttpBinding"/><contract name="C"/></contractFile>"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), "contract/InvalidValue");
        explains(e.code(), &e.to_string());
        let e = crate::contract::ContractError::from(Binding::preset("WSHttpBinding").unwrap_err());
        assert_eq!(e.code(), "binding/UnknownBinding");
        explains(e.code(), &e.to_string());

        // A signed operation on a binding without security: WCF's open-time text.
        let c = Contract::new("IOrder", "urn:o");
        let op = c
            .new_operation("Submit")
            .with_level(Some(ProtectionLevel::Sign));
        let c = c.with_operation(op);
        let e = validate_for_open(&c, &Binding::preset("basicHttp").unwrap()).unwrap_err();
        assert_eq!(e.code(), "contract/RequestNotSupported");
        explains(e.code(), &e.to_string());
    }

    #[test]
    fn the_seed_reply_mismatch() {
        let binding = Binding::preset("basicHttp:Message").unwrap();
        let client_res = resolve(&contract("purchase-order-client.xml"), &binding);
        let service_res = resolve(&contract("purchase-order-service.xml"), &binding);
        let reply = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><PriceResponse xmlns="http://tempuri.org/"><PriceResult>42</PriceResult></PriceResponse></s:Body></s:Envelope>"#;
        let wire = protect(
            &service_res,
            Direction::Reply,
            Some("http://tempuri.org/IPurchaseOrder/PriceResponse"),
            &Credentials {
                private_key: &key("server"),
                certificate: &cert("server"),
                peer_certificate: &cert("client"),
            },
            &OutboundOptions {
                clock: Arc::new(FixedClock(NOW)),
                ..Default::default()
            },
            reply.as_bytes(),
        )
        .unwrap();
        let inbound = InboundOptions {
            clock: Arc::new(FixedClock(NOW + 1)),
            ..Default::default()
        };
        let e = verify(
            &client_res,
            Direction::Reply,
            None,
            &store("client"),
            &inbound,
            &wire,
        )
        .unwrap_err();
        assert!(matches!(e, PipelineError::PartNotEncrypted { .. }), "{e:?}");
        assert_eq!(e.code(), "pipeline/PartNotEncrypted");
        explains(e.code(), &e.to_string());
        assert_eq!(
            get(e.code()).unwrap().wcf,
            Some("RequiredMessagePartNotEncryptedNs")
        );
        // What the service's peer would see instead.
        let fault = crate::pipeline::security_fault(crate::envelope::SoapVersion::Soap11, &e);
        assert_eq!(e.fault_code(), "fault/InvalidSecurity");
        explains(e.fault_code(), &fault);

        // The same reply, tampered with: the digest no longer matches.
        let text = String::from_utf8(wire).unwrap().replace(">42<", ">41<");
        let e = verify(
            &service_res,
            Direction::Reply,
            None,
            &store("client"),
            &inbound,
            text.as_bytes(),
        )
        .unwrap_err();
        assert_eq!(e.code(), "dsig/DigestMismatch");
        explains(e.code(), &e.to_string());
    }

    #[test]
    fn unsecured_message_and_expired_signer() {
        let binding = Binding::preset("basicHttp:Message").unwrap();
        let service_res = resolve(&contract("purchase-order-service.xml"), &binding);
        let request = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Price xmlns="http://tempuri.org/"><item>widget</item></Price></s:Body></s:Envelope>"#;
        let inbound = InboundOptions {
            clock: Arc::new(FixedClock(NOW + 1)),
            ..Default::default()
        };
        let price = "http://tempuri.org/IPurchaseOrder/Price";
        let e = verify(
            &service_res,
            Direction::Request,
            Some(price),
            &store("server"),
            &inbound,
            request.as_bytes(),
        )
        .unwrap_err();
        assert_eq!(e.code(), "pipeline/NoSecurityHeader");
        explains(e.code(), &e.to_string());

        // Signed with a certificate that expired in 2021.
        let wire = protect(
            &resolve(&contract("purchase-order-client.xml"), &binding),
            Direction::Request,
            Some(price),
            &Credentials {
                private_key: &key("expired"),
                certificate: &cert("expired"),
                peer_certificate: &cert("server"),
            },
            &OutboundOptions {
                clock: Arc::new(FixedClock(NOW)),
                ..Default::default()
            },
            request.as_bytes(),
        )
        .unwrap();
        let e = verify(
            &service_res,
            Direction::Request,
            Some(price),
            &store("server"),
            &inbound,
            &wire,
        )
        .unwrap_err();
        assert!(matches!(e, PipelineError::Token(_)), "{e:?}");
        assert_eq!(e.code(), "keys/Expired");
        explains(e.code(), &e.to_string());
    }
}
