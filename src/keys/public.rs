//! Public keys, the signature algorithms they verify, and RSA-OAEP encryption.

use std::fmt;

use ring::signature as sig;

use super::der::{self, Reader, tag};
use super::{KeyError, SystemRng};

/// An elliptic curve this crate supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Curve {
    /// NIST P-256 (secp256r1, prime256v1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
}

impl Curve {
    /// The curve's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
        }
    }

    /// Bytes of a field element or scalar.
    pub(crate) fn scalar_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }

    /// Reads a namedCurve OID (its contents), naming unsupported curves in the error.
    pub(crate) fn from_oid(oid: &[u8]) -> Result<Self, KeyError> {
        match oid {
            OID_P256 => Ok(Curve::P256),
            OID_P384 => Ok(Curve::P384),
            _ => Err(KeyError::UnsupportedCurve {
                name: match oid {
                    [0x2b, 0x81, 0x04, 0x00, 0x23] => "P-521",
                    [0x2b, 0x81, 0x04, 0x00, 0x0a] => "secp256k1",
                    [0x2b, 0x81, 0x04, 0x00, 0x21] => "P-224",
                    [0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, ..] => "brainpool",
                    _ => "unknown",
                },
                oid: der::oid_to_string(oid),
            }),
        }
    }
}

/// The type of a key, which fixes the algorithm family it may be used with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyKind {
    /// An RSA key with a modulus of `bits` bits.
    Rsa {
        /// The modulus size in bits.
        bits: usize,
    },
    /// An ECDSA key on `curve`.
    Ec(Curve),
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyKind::Rsa { bits } => write!(f, "RSA-{bits}"),
            KeyKind::Ec(c) => write!(f, "EC {}", c.name()),
        }
    }
}

/// An asymmetric signature algorithm. The key's type fixes which of these it may be used with:
/// asking an RSA key for ECDSA, a P-256 key for P-384, or any public key for HMAC is an error
/// (attack class K), so there is no way to verify a signature with the wrong family.
///
/// ECDSA signatures are in the XML-DSig format: the FIXED-width `r || s`, not ASN.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (`xmldsig-more#rsa-sha256`).
    RsaSha256,
    /// RSASSA-PKCS1-v1_5 with SHA-384 (`xmldsig-more#rsa-sha384`).
    RsaSha384,
    /// RSASSA-PKCS1-v1_5 with SHA-512 (`xmldsig-more#rsa-sha512`).
    RsaSha512,
    /// RSASSA-PKCS1-v1_5 with SHA-1 (`xmldsig#rsa-sha1`). Only for interop with WCF's default
    /// Basic256 suite, behind the caller's legacy switch.
    RsaSha1ForLegacyUseOnly,
    /// ECDSA on P-256 with SHA-256 (`xmldsig-more#ecdsa-sha256`).
    EcdsaP256Sha256,
    /// ECDSA on P-384 with SHA-384 (`xmldsig-more#ecdsa-sha384`).
    EcdsaP384Sha384,
}

impl SignatureAlgorithm {
    /// Every algorithm, for iteration in tests and tools.
    pub const ALL: [SignatureAlgorithm; 6] = [
        SignatureAlgorithm::RsaSha256,
        SignatureAlgorithm::RsaSha384,
        SignatureAlgorithm::RsaSha512,
        SignatureAlgorithm::RsaSha1ForLegacyUseOnly,
        SignatureAlgorithm::EcdsaP256Sha256,
        SignatureAlgorithm::EcdsaP384Sha384,
    ];

    /// The XML-DSig `SignatureMethod` URI.
    pub fn uri(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaSha256 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            SignatureAlgorithm::RsaSha384 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            SignatureAlgorithm::RsaSha512 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
            SignatureAlgorithm::RsaSha1ForLegacyUseOnly => {
                "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
            }
            SignatureAlgorithm::EcdsaP256Sha256 => {
                "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
            }
            SignatureAlgorithm::EcdsaP384Sha384 => {
                "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"
            }
        }
    }

    /// The algorithm a `SignatureMethod` URI names, if supported. The legacy one is returned
    /// too: the caller's policy decides whether [`Self::is_legacy`] algorithms are allowed.
    pub fn from_uri(uri: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.uri() == uri)
    }

    /// A short name, such as `rsa-sha256`.
    pub fn name(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaSha256 => "rsa-sha256",
            SignatureAlgorithm::RsaSha384 => "rsa-sha384",
            SignatureAlgorithm::RsaSha512 => "rsa-sha512",
            SignatureAlgorithm::RsaSha1ForLegacyUseOnly => "rsa-sha1",
            SignatureAlgorithm::EcdsaP256Sha256 => "ecdsa-sha256 (P-256)",
            SignatureAlgorithm::EcdsaP384Sha384 => "ecdsa-sha384 (P-384)",
        }
    }

    /// Whether this is a SHA-1 algorithm that needs the legacy switch.
    pub fn is_legacy(self) -> bool {
        matches!(self, SignatureAlgorithm::RsaSha1ForLegacyUseOnly)
    }

    /// Checks that a key of type `kind` may be used with this algorithm.
    pub(crate) fn check_key(self, kind: KeyKind) -> Result<(), KeyError> {
        let fits = matches!(
            (self, kind),
            (
                SignatureAlgorithm::RsaSha256
                    | SignatureAlgorithm::RsaSha384
                    | SignatureAlgorithm::RsaSha512
                    | SignatureAlgorithm::RsaSha1ForLegacyUseOnly,
                KeyKind::Rsa { .. },
            ) | (
                SignatureAlgorithm::EcdsaP256Sha256,
                KeyKind::Ec(Curve::P256)
            ) | (
                SignatureAlgorithm::EcdsaP384Sha384,
                KeyKind::Ec(Curve::P384)
            )
        );
        if fits {
            Ok(())
        } else {
            Err(KeyError::AlgorithmKeyMismatch {
                algorithm: self.name(),
                key: kind.to_string(),
            })
        }
    }
}

/// A hash function used by RSA-OAEP, for the label digest or inside MGF1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OaepHash {
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

/// RSA-OAEP parameters: the digest, the MGF1 hash and the label (`xenc:OAEPparams`).
///
/// There is no PKCS#1 v1.5 encryption or decryption anywhere in this API (attack class I;
/// RUSTSEC-2023-0071, the Marvin attack): `rsa-1_5` key transport cannot be expressed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OaepParams {
    digest: OaepHash,
    mgf1: OaepHash,
    label: Vec<u8>,
}

impl OaepParams {
    /// `http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p` with its default digest: SHA-1 for
    /// the label and MGF1 with SHA-1 (WCF Basic256).
    pub const fn mgf1p_sha1() -> Self {
        OaepParams {
            digest: OaepHash::Sha1,
            mgf1: OaepHash::Sha1,
            label: Vec::new(),
        }
    }

    /// `http://www.w3.org/2009/xmlenc11#rsa-oaep` with SHA-256 and MGF1 with SHA-256.
    pub const fn sha256_mgf1_sha256() -> Self {
        OaepParams {
            digest: OaepHash::Sha256,
            mgf1: OaepHash::Sha256,
            label: Vec::new(),
        }
    }

    /// Any combination of digest and MGF1 hash (`xmlenc11#rsa-oaep` with `xenc11:MGF`).
    pub const fn new(digest: OaepHash, mgf1: OaepHash) -> Self {
        OaepParams {
            digest,
            mgf1,
            label: Vec::new(),
        }
    }

    /// Sets the label (the decoded `xenc:OAEPparams`).
    pub fn with_label(mut self, label: &[u8]) -> Self {
        self.label = label.to_vec();
        self
    }

    /// The label digest.
    pub fn digest(&self) -> OaepHash {
        self.digest
    }

    /// The MGF1 hash.
    pub fn mgf1(&self) -> OaepHash {
        self.mgf1
    }

    /// The label.
    pub fn label(&self) -> &[u8] {
        &self.label
    }
}

/// Runs `$body` with `$padding` bound to the `rsa::Oaep` for `$params`.
macro_rules! with_oaep {
    ($params:expr, |$padding:ident| $body:expr) => {{
        use rsa::{Oaep, sha2};
        use sha2::{Sha256, Sha384, Sha512};
        use $crate::keys::public::OaepHash as H;
        let p: &$crate::keys::public::OaepParams = $params;
        let label = p.label().to_vec().into_boxed_slice();
        match (p.digest(), p.mgf1()) {
            (H::Sha1, H::Sha1) => {
                let $padding = Oaep::<sha1::Sha1, sha1::Sha1>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha1, H::Sha256) => {
                let $padding = Oaep::<sha1::Sha1, Sha256>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha1, H::Sha384) => {
                let $padding = Oaep::<sha1::Sha1, Sha384>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha1, H::Sha512) => {
                let $padding = Oaep::<sha1::Sha1, Sha512>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha256, H::Sha1) => {
                let $padding = Oaep::<Sha256, sha1::Sha1>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha256, H::Sha256) => {
                let $padding = Oaep::<Sha256, Sha256>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha256, H::Sha384) => {
                let $padding = Oaep::<Sha256, Sha384>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha256, H::Sha512) => {
                let $padding = Oaep::<Sha256, Sha512>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha384, H::Sha1) => {
                let $padding = Oaep::<Sha384, sha1::Sha1>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha384, H::Sha256) => {
                let $padding = Oaep::<Sha384, Sha256>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha384, H::Sha384) => {
                let $padding = Oaep::<Sha384, Sha384>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha384, H::Sha512) => {
                let $padding = Oaep::<Sha384, Sha512>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha512, H::Sha1) => {
                let $padding = Oaep::<Sha512, sha1::Sha1>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha512, H::Sha256) => {
                let $padding = Oaep::<Sha512, Sha256>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha512, H::Sha384) => {
                let $padding = Oaep::<Sha512, Sha384>::new_with_mgf_hash_and_label(label);
                $body
            }
            (H::Sha512, H::Sha512) => {
                let $padding = Oaep::<Sha512, Sha512>::new_with_mgf_hash_and_label(label);
                $body
            }
        }
    }};
}
pub(crate) use with_oaep;

/// A certificate's signatureAlgorithm, as far as chain validation cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CertSignatureAlgorithm {
    RsaPkcs1Sha256,
    RsaPkcs1Sha384,
    RsaPkcs1Sha512,
    RsaPkcs1Sha1,
    EcdsaSha256,
    EcdsaSha384,
    Unsupported(String),
}

pub(crate) const OID_RSA_ENCRYPTION: &[u8] =
    &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
pub(crate) const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

impl CertSignatureAlgorithm {
    pub(crate) fn from_identifier(oid: &[u8], params: Option<&[u8]>) -> Self {
        const RSA_PREFIX: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01];
        const ECDSA_SHA2_PREFIX: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03];
        // PKCS#1 algorithms carry NULL parameters (or, leniently, none); ECDSA none.
        let rsa_params_ok = params.is_none_or(<[u8]>::is_empty);
        let alg = match (
            oid.strip_prefix(RSA_PREFIX),
            oid.strip_prefix(ECDSA_SHA2_PREFIX),
        ) {
            (Some([0x0b]), _) if rsa_params_ok => Some(Self::RsaPkcs1Sha256),
            (Some([0x0c]), _) if rsa_params_ok => Some(Self::RsaPkcs1Sha384),
            (Some([0x0d]), _) if rsa_params_ok => Some(Self::RsaPkcs1Sha512),
            (Some([0x05]), _) if rsa_params_ok => Some(Self::RsaPkcs1Sha1),
            (_, Some([0x02])) if params.is_none() => Some(Self::EcdsaSha256),
            (_, Some([0x03])) if params.is_none() => Some(Self::EcdsaSha384),
            _ => None,
        };
        alg.unwrap_or_else(|| Self::Unsupported(der::oid_to_string(oid)))
    }

    pub(crate) fn is_legacy(&self) -> bool {
        matches!(self, Self::RsaPkcs1Sha1)
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::RsaPkcs1Sha256 => "sha256WithRSAEncryption",
            Self::RsaPkcs1Sha384 => "sha384WithRSAEncryption",
            Self::RsaPkcs1Sha512 => "sha512WithRSAEncryption",
            Self::RsaPkcs1Sha1 => "sha1WithRSAEncryption",
            Self::EcdsaSha256 => "ecdsa-with-SHA256",
            Self::EcdsaSha384 => "ecdsa-with-SHA384",
            Self::Unsupported(_) => "an unsupported algorithm",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Inner {
    Rsa {
        /// Modulus, big-endian, no leading zeros.
        n: Box<[u8]>,
        /// Public exponent, big-endian, no leading zeros.
        e: Box<[u8]>,
        bits: usize,
    },
    Ec {
        curve: Curve,
        /// The uncompressed point `04 || x || y`.
        point: Box<[u8]>,
    },
}

/// A public key: RSA (2048 to 8192 bits) or ECDSA on P-256/P-384.
///
/// Where a key came from decides whether it may be trusted, not this type: a key out of a
/// message's certificate is only to be used through a
/// [`ValidatedIdentity`](super::ValidatedIdentity).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PublicKey(Inner);

impl PublicKey {
    /// The smallest RSA modulus accepted for verification and encryption.
    pub const RSA_MIN_BITS: usize = 2048;
    /// The largest RSA modulus accepted for verification and encryption.
    pub const RSA_MAX_BITS: usize = 8192;

    /// Reads a DER `SubjectPublicKeyInfo`.
    pub fn from_spki_der(spki: &[u8]) -> Result<Self, KeyError> {
        const S: &str = "SubjectPublicKeyInfo";
        let m = |reason: &'static str| KeyError::MalformedKey {
            structure: S,
            reason,
        };
        let mut r = Reader::new(der::single(spki, tag::SEQUENCE).map_err(|e| m(e.0))?);
        let mut alg = Reader::new(r.read(tag::SEQUENCE).map_err(|e| m(e.0))?);
        let bits = r.read(tag::BIT_STRING).map_err(|e| m(e.0))?;
        r.finish().map_err(|e| m(e.0))?;
        let oid = alg.read(tag::OID).map_err(|e| m(e.0))?;
        let key = match bits {
            [0, key @ ..] => key,
            _ => return Err(m("the key BIT STRING has unused bits")),
        };
        match oid {
            OID_RSA_ENCRYPTION => {
                // Parameters must be NULL (or absent, leniently).
                let _ = alg.read_optional(tag::NULL).map_err(|e| m(e.0))?;
                alg.finish().map_err(|e| m(e.0))?;
                Self::from_rsa_public_key_der(key)
            }
            OID_EC_PUBLIC_KEY => {
                let curve = match alg.read_optional(tag::OID).map_err(|e| m(e.0))? {
                    Some(c) => Curve::from_oid(c)?,
                    None => {
                        return Err(KeyError::UnsupportedCurve {
                            name: "explicit or implicit curve parameters",
                            oid: "none".to_owned(),
                        });
                    }
                };
                alg.finish().map_err(|e| m(e.0))?;
                Self::from_ec_point(curve, key)
            }
            other => Err(unsupported_algorithm(other)),
        }
    }

    /// An RSA public key from its big-endian modulus and exponent (for `ds:RSAKeyValue`).
    /// The size must be within [`Self::RSA_MIN_BITS`]..=[`Self::RSA_MAX_BITS`].
    pub fn from_rsa_components(modulus: &[u8], exponent: &[u8]) -> Result<Self, KeyError> {
        Self::rsa(modulus, exponent, Self::RSA_MIN_BITS, Self::RSA_MAX_BITS)
    }

    /// An EC public key from its uncompressed point `04 || x || y` (for `dsig11:ECKeyValue`).
    pub fn from_ec_uncompressed_point(curve: Curve, point: &[u8]) -> Result<Self, KeyError> {
        Self::from_ec_point(curve, point)
    }

    /// Reads a PKCS#1 `RSAPublicKey` (`SEQUENCE { n, e }`).
    pub(crate) fn from_rsa_public_key_der(input: &[u8]) -> Result<Self, KeyError> {
        let m = |e: der::DerError| KeyError::MalformedKey {
            structure: "RSAPublicKey",
            reason: e.0,
        };
        let mut r = Reader::new(der::single(input, tag::SEQUENCE).map_err(m)?);
        let n = der::unsigned(r.read(tag::INTEGER).map_err(m)?).map_err(m)?;
        let e = der::unsigned(r.read(tag::INTEGER).map_err(m)?).map_err(m)?;
        r.finish().map_err(m)?;
        Self::rsa(n, e, Self::RSA_MIN_BITS, Self::RSA_MAX_BITS)
    }

    pub(crate) fn rsa(n: &[u8], e: &[u8], min: usize, max: usize) -> Result<Self, KeyError> {
        let bits = der::bit_length(n);
        if !(min..=max).contains(&bits) {
            return Err(KeyError::RsaKeySize { bits, min, max });
        }
        Ok(PublicKey(Inner::Rsa {
            n: Box::from(der::strip_leading_zeros(n)),
            e: Box::from(der::strip_leading_zeros(e)),
            bits,
        }))
    }

    pub(crate) fn from_ec_point(curve: Curve, point: &[u8]) -> Result<Self, KeyError> {
        match point.first() {
            Some(0x04) if point.len() == 1 + 2 * curve.scalar_len() => Ok(PublicKey(Inner::Ec {
                curve,
                point: Box::from(point),
            })),
            Some(0x02 | 0x03) => Err(KeyError::UnsupportedEcPoint {
                reason: "compressed points are not supported",
            }),
            _ => Err(KeyError::UnsupportedEcPoint {
                reason: "not an uncompressed point of the curve's size",
            }),
        }
    }

    /// The key's type: RSA with its size, or EC with its curve.
    pub fn kind(&self) -> KeyKind {
        match &self.0 {
            Inner::Rsa { bits, .. } => KeyKind::Rsa { bits: *bits },
            Inner::Ec { curve, .. } => KeyKind::Ec(*curve),
        }
    }

    /// The RSA modulus (big-endian, no leading zeros), for `ds:RSAKeyValue`.
    pub fn rsa_modulus(&self) -> Option<&[u8]> {
        match &self.0 {
            Inner::Rsa { n, .. } => Some(n),
            Inner::Ec { .. } => None,
        }
    }

    /// The RSA public exponent (big-endian, no leading zeros).
    pub fn rsa_exponent(&self) -> Option<&[u8]> {
        match &self.0 {
            Inner::Rsa { e, .. } => Some(e),
            Inner::Ec { .. } => None,
        }
    }

    /// The EC public point, uncompressed (`04 || x || y`).
    pub fn ec_point(&self) -> Option<&[u8]> {
        match &self.0 {
            Inner::Rsa { .. } => None,
            Inner::Ec { point, .. } => Some(point),
        }
    }

    /// Verifies `signature` over `data`. The key's type must match the algorithm's family (and
    /// curve), otherwise [`KeyError::AlgorithmKeyMismatch`]; a wrong signature is
    /// [`KeyError::BadSignature`].
    pub fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        data: &[u8],
        signature: &[u8],
    ) -> Result<(), KeyError> {
        algorithm.check_key(self.kind())?;
        let bad = |_| KeyError::BadSignature;
        match &self.0 {
            Inner::Rsa { n, e, .. } => {
                let params = match algorithm {
                    SignatureAlgorithm::RsaSha256 => &sig::RSA_PKCS1_2048_8192_SHA256,
                    SignatureAlgorithm::RsaSha384 => &sig::RSA_PKCS1_2048_8192_SHA384,
                    SignatureAlgorithm::RsaSha512 => &sig::RSA_PKCS1_2048_8192_SHA512,
                    SignatureAlgorithm::RsaSha1ForLegacyUseOnly => {
                        &sig::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY
                    }
                    // check_key has excluded the other families.
                    _ => return Err(KeyError::BadSignature),
                };
                sig::RsaPublicKeyComponents { n, e }
                    .verify(params, data, signature)
                    .map_err(bad)
            }
            Inner::Ec { curve, point } => {
                let alg = match curve {
                    Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED,
                    Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED,
                };
                sig::UnparsedPublicKey::new(alg, point)
                    .verify(data, signature)
                    .map_err(bad)
            }
        }
    }

    /// Verifies a certificate signature made with this (issuer's) key.
    pub(crate) fn verify_certificate_signature(
        &self,
        algorithm: &CertSignatureAlgorithm,
        tbs: &[u8],
        signature: &[u8],
    ) -> Result<(), KeyError> {
        use CertSignatureAlgorithm as A;
        let alg: &'static dyn sig::VerificationAlgorithm = match (&self.0, algorithm) {
            (Inner::Rsa { .. }, A::RsaPkcs1Sha256) => &sig::RSA_PKCS1_2048_8192_SHA256,
            (Inner::Rsa { .. }, A::RsaPkcs1Sha384) => &sig::RSA_PKCS1_2048_8192_SHA384,
            (Inner::Rsa { .. }, A::RsaPkcs1Sha512) => &sig::RSA_PKCS1_2048_8192_SHA512,
            (Inner::Rsa { .. }, A::RsaPkcs1Sha1) => {
                &sig::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY
            }
            (
                Inner::Ec {
                    curve: Curve::P256, ..
                },
                A::EcdsaSha256,
            ) => &sig::ECDSA_P256_SHA256_ASN1,
            (
                Inner::Ec {
                    curve: Curve::P256, ..
                },
                A::EcdsaSha384,
            ) => &sig::ECDSA_P256_SHA384_ASN1,
            (
                Inner::Ec {
                    curve: Curve::P384, ..
                },
                A::EcdsaSha256,
            ) => &sig::ECDSA_P384_SHA256_ASN1,
            (
                Inner::Ec {
                    curve: Curve::P384, ..
                },
                A::EcdsaSha384,
            ) => &sig::ECDSA_P384_SHA384_ASN1,
            (_, A::Unsupported(oid)) => {
                return Err(KeyError::UnsupportedSignatureAlgorithm { oid: oid.clone() });
            }
            (_, other) => {
                return Err(KeyError::AlgorithmKeyMismatch {
                    algorithm: other.name(),
                    key: self.kind().to_string(),
                });
            }
        };
        let result = match &self.0 {
            Inner::Rsa { n, e, .. } => {
                // RsaPublicKeyComponents needs RsaParameters; re-encode as RSAPublicKey instead
                // so one code path serves both families.
                sig::UnparsedPublicKey::new(alg, rsa_public_key_der(n, e)).verify(tbs, signature)
            }
            Inner::Ec { point, .. } => {
                sig::UnparsedPublicKey::new(alg, point).verify(tbs, signature)
            }
        };
        result.map_err(|_| KeyError::BadSignature)
    }

    /// Encrypts `plaintext` (a symmetric key) with RSA-OAEP. Only RSA keys can do this.
    pub fn rsa_oaep_encrypt(
        &self,
        params: &OaepParams,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, KeyError> {
        let key = self.to_rsa_crate(|kind| KeyError::AlgorithmKeyMismatch {
            algorithm: "RSA-OAEP",
            key: kind.to_string(),
        })?;
        let mut rng = SystemRng;
        with_oaep!(params, |padding| key.encrypt(&mut rng, padding, plaintext)).map_err(|e| {
            KeyError::EncryptionFailed {
                reason: match e {
                    rsa::Error::MessageTooLong => "the plaintext is too long for the key",
                    _ => "the backend failed",
                },
            }
        })
    }

    fn to_rsa_crate(
        &self,
        mismatch: impl FnOnce(KeyKind) -> KeyError,
    ) -> Result<rsa::PublicKey, KeyError> {
        let Inner::Rsa { n, e, .. } = &self.0 else {
            return Err(mismatch(self.kind()));
        };
        rsa::PublicKey::new_with_size_limits(
            rsa::BoxedUint::from_be_slice_vartime(n),
            rsa::BoxedUint::from_be_slice_vartime(e),
            Self::RSA_MIN_BITS..=Self::RSA_MAX_BITS,
        )
        .map_err(|_| KeyError::KeyRejected {
            reason: "the RSA public key is invalid".to_owned(),
        })
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Inner::Rsa { bits, e, .. } => f
                .debug_struct("PublicKey::Rsa")
                .field("bits", bits)
                .field("e", &der::hex(e))
                .finish_non_exhaustive(),
            Inner::Ec { curve, .. } => f
                .debug_struct("PublicKey::Ec")
                .field("curve", curve)
                .finish_non_exhaustive(),
        }
    }
}

/// DER `RSAPublicKey` from its components.
fn rsa_public_key_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    fn integer(v: &[u8], out: &mut Vec<u8>) {
        let pad = v.first().is_some_and(|b| b & 0x80 != 0);
        let len = v.len() + usize::from(pad);
        out.push(tag::INTEGER);
        push_len(len, out);
        if pad {
            out.push(0);
        }
        out.extend_from_slice(v);
    }
    fn push_len(len: usize, out: &mut Vec<u8>) {
        if len < 0x80 {
            out.push(u8::try_from(len).unwrap_or(0));
        } else {
            let bytes = len.to_be_bytes();
            let significant = der::strip_leading_zeros(&bytes);
            out.push(0x80 | u8::try_from(significant.len()).unwrap_or(0));
            out.extend_from_slice(significant);
        }
    }
    let mut body = Vec::with_capacity(n.len() + e.len() + 12);
    integer(n, &mut body);
    integer(e, &mut body);
    let mut out = Vec::with_capacity(body.len() + 5);
    out.push(tag::SEQUENCE);
    push_len(body.len(), &mut out);
    out.extend_from_slice(&body);
    out
}

/// The error for a key algorithm OID other than RSA or id-ecPublicKey.
pub(crate) fn unsupported_algorithm(oid: &[u8]) -> KeyError {
    KeyError::UnsupportedKeyAlgorithm {
        name: match oid {
            [0x2b, 0x65, 0x70] => "Ed25519",
            [0x2b, 0x65, 0x71] => "Ed448",
            [0x2b, 0x65, 0x6e] => "X25519",
            [0x2b, 0x65, 0x6f] => "X448",
            [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a] => "RSASSA-PSS",
            [0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01] => "DSA",
            [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01] => "Diffie-Hellman",
            _ => "unknown",
        },
        oid: der::oid_to_string(oid),
    }
}
