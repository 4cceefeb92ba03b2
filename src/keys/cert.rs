//! X.509 certificates, loaded with x509-parser into an owned, immutable value.

use std::fmt;

use ring::digest;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;
use x509_parser::x509::{AlgorithmIdentifier, X509Name};

use super::KeyError;
use super::der::{self, hex};
use super::pem;
use super::public::{CertSignatureAlgorithm, PublicKey};

/// The keyUsage extension's bits (RFC 5280 §4.2.1.3).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyUsage {
    bits: u16,
}

impl KeyUsage {
    const NAMES: [&'static str; 9] = [
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly",
    ];

    fn bit(self, n: u16) -> bool {
        (self.bits >> n) & 1 == 1
    }
    /// `digitalSignature`: the key may verify signatures other than on certificates and CRLs.
    pub fn digital_signature(self) -> bool {
        self.bit(0)
    }
    /// `nonRepudiation` (contentCommitment).
    pub fn non_repudiation(self) -> bool {
        self.bit(1)
    }
    /// `keyEncipherment`: the key may transport keys (RSA-OAEP EncryptedKey).
    pub fn key_encipherment(self) -> bool {
        self.bit(2)
    }
    /// `dataEncipherment`.
    pub fn data_encipherment(self) -> bool {
        self.bit(3)
    }
    /// `keyAgreement`.
    pub fn key_agreement(self) -> bool {
        self.bit(4)
    }
    /// `keyCertSign`: the key may verify signatures on certificates.
    pub fn key_cert_sign(self) -> bool {
        self.bit(5)
    }
    /// `cRLSign`.
    pub fn crl_sign(self) -> bool {
        self.bit(6)
    }
}

impl fmt::Debug for KeyUsage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut set = f.debug_set();
        for (n, name) in (0u16..).zip(Self::NAMES) {
            if self.bit(n) {
                let _ = set.entry(&format_args!("{name}"));
            }
        }
        set.finish()
    }
}

/// The basicConstraints extension (RFC 5280 §4.2.1.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct BasicConstraints {
    /// `cA`: the subject is a certification authority.
    pub ca: bool,
    /// `pathLenConstraint`: how many non-self-issued intermediate CAs may follow it.
    pub path_len: Option<u32>,
}

/// An X.509 certificate: its DER bytes and the fields this crate uses, read once at load.
///
/// Loading does not imply trust. A certificate that arrives in a message (a
/// `wsse:BinarySecurityToken`, `ds:X509Certificate`) is just data until
/// [`TrustStore::validate`](super::TrustStore::validate) has turned it into a
/// [`ValidatedIdentity`](super::ValidatedIdentity).
#[derive(Clone)]
pub struct Certificate {
    der: Box<[u8]>,
    version: u32,
    subject: String,
    issuer: String,
    subject_der: Box<[u8]>,
    issuer_der: Box<[u8]>,
    serial: Box<[u8]>,
    serial_decimal: String,
    not_before: i64,
    not_after: i64,
    sha1: [u8; 20],
    sha256: [u8; 32],
    ski: Option<Box<[u8]>>,
    computed_ski: [u8; 20],
    aki: Option<Box<[u8]>>,
    key_usage: Option<KeyUsage>,
    basic_constraints: Option<BasicConstraints>,
    public_key: Result<PublicKey, KeyError>,
    tbs: Box<[u8]>,
    signature_algorithm: CertSignatureAlgorithm,
    signature: Box<[u8]>,
    unhandled_critical: Option<String>,
}

/// The unsigned wrapper of a certificate must be exact DER: `SEQUENCE { tbsCertificate
/// SEQUENCE, signatureAlgorithm SEQUENCE { OID, parameters? }, signatureValue BIT STRING }`,
/// with the outer AlgorithmIdentifier byte-identical to the one inside the signed part (RFC
/// 5280 §4.1.1.2). x509-parser tolerates other tag bytes in this wrapper; accepting them would
/// make a valid certificate's encoding, and so its thumbprint, malleable.
fn check_outer_der(input: &[u8]) -> Result<(), KeyError> {
    use der::tag;
    let bad = |e: der::DerError| malformed(format!("not a DER certificate ({})", e.0));
    let certificate = der::single(input, tag::SEQUENCE).map_err(bad)?;
    let mut outer = der::Reader::new(certificate);
    let tbs = outer.read(tag::SEQUENCE).map_err(bad)?;
    let algorithm = outer.read(tag::SEQUENCE).map_err(bad)?;
    outer.read(tag::BIT_STRING).map_err(bad)?;
    outer.finish().map_err(bad)?;
    let mut alg = der::Reader::new(algorithm);
    alg.read(tag::OID).map_err(bad)?;
    if alg.peek_tag().is_some() {
        alg.read_any().map_err(bad)?;
    }
    alg.finish().map_err(bad)?;
    let mut inner = der::Reader::new(tbs);
    inner.read_optional(tag::CONTEXT_0).map_err(bad)?;
    inner.read(tag::INTEGER).map_err(bad)?;
    let signed_algorithm = inner.read(tag::SEQUENCE).map_err(bad)?;
    if signed_algorithm != algorithm {
        return Err(malformed(
            "the signature algorithm inside the signed part differs from the outer one",
        ));
    }
    Ok(())
}

fn malformed(reason: impl Into<String>) -> KeyError {
    KeyError::MalformedCertificate {
        reason: reason.into(),
    }
}

impl Certificate {
    /// Loads a certificate from DER, or from the first `CERTIFICATE` block of a PEM document.
    pub fn load(input: &[u8]) -> Result<Self, KeyError> {
        if pem::looks_like_pem(input) {
            Self::from_pem(input)
        } else {
            Self::from_der(input)
        }
    }

    /// Loads the first `CERTIFICATE` block of a PEM document. Other blocks are skipped.
    pub fn from_pem(input: &[u8]) -> Result<Self, KeyError> {
        let mut all = Self::all_from_pem(input)?;
        if all.is_empty() {
            return Err(KeyError::NoCertificate {
                found: describe_pem(input),
            });
        }
        Ok(all.swap_remove(0))
    }

    /// Loads every `CERTIFICATE` block of a PEM document (a bundle), in order.
    pub fn all_from_pem(input: &[u8]) -> Result<Vec<Self>, KeyError> {
        pem::parse_all(input)?
            .iter()
            .filter(|b| b.label == "CERTIFICATE")
            .map(|b| Self::from_der(&b.der))
            .collect()
    }

    /// Loads a certificate from exactly one DER `Certificate`; trailing bytes are an error.
    pub fn from_der(input: &[u8]) -> Result<Self, KeyError> {
        check_outer_der(input)?;
        let (rest, cert) = x509_parser::parse_x509_certificate(input)
            .map_err(|e| malformed(format!("not an X.509 certificate ({e})")))?;
        if !rest.is_empty() {
            return Err(malformed("trailing data after the certificate"));
        }
        Self::from_parsed(input, &cert)
    }

    fn from_parsed(input: &[u8], cert: &X509Certificate<'_>) -> Result<Self, KeyError> {
        let tbs = &cert.tbs_certificate;
        if !same_algorithm(&tbs.signature, &cert.signature_algorithm) {
            return Err(malformed(
                "the signature algorithm inside the signed part differs from the outer one",
            ));
        }
        if cert.signature_value.unused_bits != 0 {
            return Err(malformed("the signature BIT STRING has unused bits"));
        }
        // Duplicate extensions are forbidden by RFC 5280 and are an ambiguity an attacker can use.
        let _ = tbs
            .extensions_map()
            .map_err(|_| malformed("duplicate extension"))?;

        let mut ski = None;
        let mut aki = None;
        let mut key_usage = None;
        let mut basic_constraints = None;
        let mut unhandled_critical = None;
        for ext in tbs.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(id) => ski = Some(Box::from(id.0)),
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    aki = a.key_identifier.as_ref().map(|id| Box::from(id.0));
                }
                ParsedExtension::KeyUsage(ku) => key_usage = Some(KeyUsage { bits: ku.flags }),
                ParsedExtension::BasicConstraints(bc) => {
                    basic_constraints = Some(BasicConstraints {
                        ca: bc.ca,
                        path_len: bc.path_len_constraint,
                    });
                }
                // Not enforced: WS-Security defines no extended key usage of its own.
                ParsedExtension::ExtendedKeyUsage(_)
                | ParsedExtension::SubjectAlternativeName(_) => {}
                ParsedExtension::ParseError { error } => {
                    return Err(malformed(format!(
                        "extension {} is malformed ({error})",
                        ext.oid.to_id_string()
                    )));
                }
                _ => {
                    if ext.critical && unhandled_critical.is_none() {
                        unhandled_critical = Some(ext.oid.to_id_string());
                    }
                }
            }
        }

        let spki = tbs.public_key();
        let sha1 = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, input);
        let sha256 = digest::digest(&digest::SHA256, input);
        let computed_ski = digest::digest(
            &digest::SHA1_FOR_LEGACY_USE_ONLY,
            &spki.subject_public_key.data,
        );
        let raw_serial = tbs.raw_serial();
        let serial = match der::strip_leading_zeros(raw_serial) {
            [] => Box::from([0u8].as_slice()),
            s => Box::from(s),
        };

        Ok(Certificate {
            der: Box::from(input),
            version: tbs.version.0.saturating_add(1),
            subject: rfc4514(&tbs.subject),
            issuer: rfc4514(&tbs.issuer),
            subject_der: Box::from(tbs.subject.as_raw()),
            issuer_der: Box::from(tbs.issuer.as_raw()),
            serial,
            serial_decimal: tbs.serial.to_string(),
            not_before: tbs.validity.not_before.timestamp(),
            not_after: tbs.validity.not_after.timestamp(),
            sha1: to_array(sha1.as_ref()),
            sha256: to_array(sha256.as_ref()),
            ski,
            computed_ski: to_array(computed_ski.as_ref()),
            aki,
            key_usage,
            basic_constraints,
            public_key: PublicKey::from_spki_der(spki.raw),
            tbs: Box::from(tbs.as_ref()),
            signature_algorithm: CertSignatureAlgorithm::from_identifier(
                cert.signature_algorithm.algorithm.as_bytes(),
                cert.signature_algorithm.parameters.as_ref().map(|p| p.data),
            ),
            signature: Box::from(cert.signature_value.data.as_ref()),
            unhandled_critical,
        })
    }

    /// The certificate's DER encoding, as loaded.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The X.509 version: 1, 2 or 3.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The subject as an RFC 4514 string, most specific RDN first (`CN=...,O=...`), the form
    /// `openssl x509 -nameopt RFC2253` prints.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The issuer as an RFC 4514 string, the form used in `ds:X509IssuerName`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The subject Name's DER encoding: compare names by these bytes, never by strings.
    pub fn subject_der(&self) -> &[u8] {
        &self.subject_der
    }

    /// The issuer Name's DER encoding.
    pub fn issuer_der(&self) -> &[u8] {
        &self.issuer_der
    }

    /// The serial number as an unsigned big-endian magnitude (no sign octet).
    pub fn serial(&self) -> &[u8] {
        &self.serial
    }

    /// The serial number in decimal, as `ds:X509SerialNumber` carries it.
    pub fn serial_decimal(&self) -> &str {
        &self.serial_decimal
    }

    /// The start of the validity period, in unix seconds.
    pub fn not_before(&self) -> i64 {
        self.not_before
    }

    /// The end of the validity period (inclusive), in unix seconds.
    pub fn not_after(&self) -> i64 {
        self.not_after
    }

    /// SHA-1 of the DER: the WSS `ThumbprintSHA1` key identifier and `openssl x509 -fingerprint`.
    pub fn sha1_thumbprint(&self) -> &[u8; 20] {
        &self.sha1
    }

    /// SHA-256 of the DER.
    pub fn sha256_thumbprint(&self) -> &[u8; 32] {
        &self.sha256
    }

    /// The subjectKeyIdentifier extension's value, if the certificate has one.
    pub fn subject_key_identifier(&self) -> Option<&[u8]> {
        self.ski.as_deref()
    }

    /// The subjectKeyIdentifier extension if present, otherwise RFC 5280 §4.2.1.2 method 1:
    /// SHA-1 over the subjectPublicKey BIT STRING's value (no tag, length or unused-bits
    /// octet). This is what WSS `X509SubjectKeyIdentifier` peers compute for such certificates.
    pub fn ski_or_computed(&self) -> &[u8] {
        self.ski.as_deref().unwrap_or(&self.computed_ski)
    }

    /// The authorityKeyIdentifier's keyIdentifier, if present.
    pub fn authority_key_identifier(&self) -> Option<&[u8]> {
        self.aki.as_deref()
    }

    /// The keyUsage extension, if present.
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.key_usage
    }

    /// The basicConstraints extension, if present.
    pub fn basic_constraints(&self) -> Option<BasicConstraints> {
        self.basic_constraints
    }

    /// Whether basicConstraints says `cA` is true.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints.is_some_and(|bc| bc.ca)
    }

    /// Whether subject and issuer are the same Name (a self-issued, usually self-signed,
    /// certificate).
    pub fn is_self_issued(&self) -> bool {
        self.subject_der == self.issuer_der
    }

    /// The subject's public key, or why it is not usable (an unsupported algorithm, curve or
    /// size). Using the key does not make the certificate trusted: see
    /// [`TrustStore::validate`](super::TrustStore::validate).
    pub fn public_key(&self) -> Result<&PublicKey, KeyError> {
        self.public_key.as_ref().map_err(Clone::clone)
    }

    pub(crate) fn tbs(&self) -> &[u8] {
        &self.tbs
    }

    pub(crate) fn signature_algorithm(&self) -> &CertSignatureAlgorithm {
        &self.signature_algorithm
    }

    pub(crate) fn signature(&self) -> &[u8] {
        &self.signature
    }

    pub(crate) fn unhandled_critical_extension(&self) -> Option<&str> {
        self.unhandled_critical.as_deref()
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for Certificate {}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject)
            .field("issuer", &self.issuer)
            .field("serial", &self.serial_decimal)
            .field("sha1", &hex(&self.sha1))
            .finish_non_exhaustive()
    }
}

fn to_array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = *b;
    }
    out
}

fn same_algorithm(a: &AlgorithmIdentifier<'_>, b: &AlgorithmIdentifier<'_>) -> bool {
    a.algorithm == b.algorithm
        && a.parameters.as_ref().map(|p| (p.tag(), p.data))
            == b.parameters.as_ref().map(|p| (p.tag(), p.data))
}

fn describe_pem(input: &[u8]) -> String {
    match pem::parse_all(input) {
        Ok(blocks) if blocks.is_empty() => "PEM without any block".to_owned(),
        Ok(blocks) => {
            let labels: Vec<String> = blocks.iter().map(|b| format!("`{}`", b.label)).collect();
            format!("PEM with blocks labelled {}", labels.join(", "))
        }
        Err(e) => e.to_string(),
    }
}

/// RFC 4514 string form of a Name: RDNs in reverse order, `+` between multi-valued attributes.
fn rfc4514(name: &X509Name<'_>) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| {
                    let oid = atv.attr_type().to_id_string();
                    let key = match short_name(&oid) {
                        Some(k) => k.to_owned(),
                        None => oid,
                    };
                    format!("{key}={}", attribute_value(atv.attr_value()))
                })
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(",")
}

fn short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "STREET",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "1.2.840.113549.1.9.1" => "emailAddress",
        _ => return None,
    })
}

fn attribute_value(value: &x509_parser::der_parser::asn1_rs::Any<'_>) -> String {
    use x509_parser::der_parser::asn1_rs::{Class, Tag};
    let data = value.data;
    let text = match value.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::NumericString
        | Tag::VisibleString => std::str::from_utf8(data).ok().map(str::to_owned),
        Tag::BmpString => {
            let units: Vec<u16> = data
                .chunks(2)
                .map(|c| {
                    u16::from_be_bytes([
                        c.first().copied().unwrap_or(0),
                        c.get(1).copied().unwrap_or(0),
                    ])
                })
                .collect();
            data.len()
                .is_multiple_of(2)
                .then(|| String::from_utf16(&units).ok())
                .flatten()
        }
        _ => None,
    };
    match text {
        Some(t) => escape_rfc4514(&t),
        None => {
            // RFC 4514 §2.4: `#` and the hex of the value's BER encoding.
            let tag = value.tag().0;
            let mut encoded = Vec::with_capacity(data.len() + 6);
            if value.class() == Class::Universal && tag < 31 {
                let constructed = if value.header.is_constructed() {
                    0x20
                } else {
                    0
                };
                encoded.push(u8::try_from(tag).unwrap_or(0x04) | constructed);
            } else {
                encoded.push(0x04);
            }
            encode_length(data.len(), &mut encoded);
            encoded.extend_from_slice(data);
            format!("#{}", hex(&encoded))
        }
    }
}

fn encode_length(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(u8::try_from(len).unwrap_or(0));
    } else {
        let bytes = len.to_be_bytes();
        let significant = der::strip_leading_zeros(&bytes);
        out.push(0x80 | u8::try_from(significant.len()).unwrap_or(0));
        out.extend_from_slice(significant);
    }
}

fn escape_rfc4514(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        match c {
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            '\0' => out.push_str("\\00"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_rfc4514("a,b+c"), "a\\,b\\+c");
        assert_eq!(escape_rfc4514(" #x "), "\\ #x\\ ");
        assert_eq!(escape_rfc4514("#x"), "\\#x");
        assert_eq!(escape_rfc4514("plain"), "plain");
    }

    #[test]
    fn key_usage_bits_and_debug() {
        let ku = KeyUsage { bits: 0b10_0101 };
        assert!(ku.digital_signature() && ku.key_encipherment() && ku.key_cert_sign());
        assert!(!ku.crl_sign() && !ku.non_repudiation());
        assert_eq!(
            format!("{ku:?}"),
            "{digitalSignature, keyEncipherment, keyCertSign}"
        );
    }

    #[test]
    fn garbage_is_a_typed_error() {
        assert!(matches!(
            Certificate::from_der(b"\x30\x03\x02\x01\x00"),
            Err(KeyError::MalformedCertificate { .. })
        ));
        assert!(matches!(
            Certificate::load(b"-----BEGIN X-----\nAA==\n-----END X-----\n"),
            Err(KeyError::NoCertificate { .. })
        ));
    }
}
