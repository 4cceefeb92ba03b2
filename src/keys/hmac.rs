//! HMAC keys: built from raw secret bytes only, never from a public key (attack class K).

use std::fmt;

use ring::hmac;
use zeroize::Zeroizing;

use super::KeyError;

/// An HMAC algorithm for `ds:SignatureMethod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HmacAlgorithm {
    /// HMAC-SHA256 (`xmldsig-more#hmac-sha256`).
    HmacSha256,
    /// HMAC-SHA384 (`xmldsig-more#hmac-sha384`).
    HmacSha384,
    /// HMAC-SHA512 (`xmldsig-more#hmac-sha512`).
    HmacSha512,
    /// HMAC-SHA1 (`xmldsig#hmac-sha1`): only for WCF interop, behind the caller's legacy switch.
    HmacSha1ForLegacyUseOnly,
}

impl HmacAlgorithm {
    /// Every algorithm, for iteration in tests and tools.
    pub const ALL: [HmacAlgorithm; 4] = [
        HmacAlgorithm::HmacSha256,
        HmacAlgorithm::HmacSha384,
        HmacAlgorithm::HmacSha512,
        HmacAlgorithm::HmacSha1ForLegacyUseOnly,
    ];

    /// The XML-DSig `SignatureMethod` URI.
    pub fn uri(self) -> &'static str {
        match self {
            HmacAlgorithm::HmacSha256 => "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
            HmacAlgorithm::HmacSha384 => "http://www.w3.org/2001/04/xmldsig-more#hmac-sha384",
            HmacAlgorithm::HmacSha512 => "http://www.w3.org/2001/04/xmldsig-more#hmac-sha512",
            HmacAlgorithm::HmacSha1ForLegacyUseOnly => {
                "http://www.w3.org/2000/09/xmldsig#hmac-sha1"
            }
        }
    }

    /// The algorithm a URI names, if supported (the legacy one included; see [`Self::is_legacy`]).
    pub fn from_uri(uri: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.uri() == uri)
    }

    /// Whether this is HMAC-SHA1, which needs the legacy switch.
    pub fn is_legacy(self) -> bool {
        matches!(self, HmacAlgorithm::HmacSha1ForLegacyUseOnly)
    }

    /// The full output length in bytes.
    pub fn output_len(self) -> usize {
        self.ring().digest_algorithm().output_len()
    }

    fn ring(self) -> hmac::Algorithm {
        match self {
            HmacAlgorithm::HmacSha256 => hmac::HMAC_SHA256,
            HmacAlgorithm::HmacSha384 => hmac::HMAC_SHA384,
            HmacAlgorithm::HmacSha512 => hmac::HMAC_SHA512,
            HmacAlgorithm::HmacSha1ForLegacyUseOnly => hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        }
    }
}

/// A symmetric key for HMAC signatures.
///
/// The only constructors take raw secret bytes. There is no conversion from a
/// [`PublicKey`](super::PublicKey), a certificate, or anything found in a message's `KeyInfo`,
/// so the "HMAC keyed with the server's public key" confusion (GHSA-c27r-x354-4m68) cannot be
/// written:
///
/// ```compile_fail
/// use soapsec::keys::{HmacKey, PublicKey};
/// fn confused(public: PublicKey) -> HmacKey {
///     HmacKey::from(public) // no such conversion exists
/// }
/// ```
///
/// The secret is zeroized on drop and never printed by `Debug`. (ring's per-operation key
/// schedule is not wiped by ring; it lives only for the duration of one call.)
pub struct HmacKey {
    secret: Zeroizing<Vec<u8>>,
}

impl HmacKey {
    /// Copies `secret` into a new key. An empty secret is refused.
    pub fn from_secret_bytes(secret: &[u8]) -> Result<Self, KeyError> {
        Self::from_secret(Zeroizing::new(secret.to_vec()))
    }

    /// Takes ownership of a secret that is already zeroizing, such as the output of
    /// [`PrivateKey::rsa_oaep_decrypt`](super::PrivateKey::rsa_oaep_decrypt), without copying.
    pub fn from_secret(secret: Zeroizing<Vec<u8>>) -> Result<Self, KeyError> {
        if secret.is_empty() {
            return Err(KeyError::EmptyHmacKey);
        }
        Ok(HmacKey { secret })
    }

    /// The secret's length in bytes.
    pub fn len(&self) -> usize {
        self.secret.len()
    }

    /// Always false: an empty key cannot be built.
    pub fn is_empty(&self) -> bool {
        self.secret.is_empty()
    }

    /// The full-length MAC of `data`.
    pub fn sign(&self, algorithm: HmacAlgorithm, data: &[u8]) -> Vec<u8> {
        let key = hmac::Key::new(algorithm.ring(), &self.secret);
        hmac::sign(&key, data).as_ref().to_vec()
    }

    /// Verifies a full-length `tag` in constant time.
    pub fn verify(
        &self,
        algorithm: HmacAlgorithm,
        data: &[u8],
        tag: &[u8],
    ) -> Result<(), KeyError> {
        let key = hmac::Key::new(algorithm.ring(), &self.secret);
        hmac::verify(&key, data, tag).map_err(|_| KeyError::BadSignature)
    }

    /// Verifies a tag truncated to `output_bits` (`ds:HMACOutputLength`), in constant time.
    ///
    /// The length must be whole bytes and at least max(80, half the hash) bits (attack class J,
    /// CVE-2009-0217), otherwise [`KeyError::HmacOutputLength`].
    pub fn verify_truncated(
        &self,
        algorithm: HmacAlgorithm,
        data: &[u8],
        tag: &[u8],
        output_bits: usize,
    ) -> Result<(), KeyError> {
        let max = algorithm.output_len() * 8;
        let min = (max / 2).max(80);
        if !output_bits.is_multiple_of(8) || output_bits < min || output_bits > max {
            return Err(KeyError::HmacOutputLength {
                bits: output_bits,
                min,
                max,
            });
        }
        let full = self.sign(algorithm, data);
        match full.get(..output_bits / 8) {
            Some(expected) if constant_time_eq(expected, tag) => Ok(()),
            _ => Err(KeyError::BadSignature),
        }
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacKey").finish_non_exhaustive()
    }
}

/// Compares two byte strings in time that depends only on their lengths, for digests and MACs.
/// Lengths are not secret (they follow from the algorithm), so unequal lengths return early.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}
