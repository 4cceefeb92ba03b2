//! Keys, certificates and trust: the primitives the signature and encryption layers call.
//!
//! | type | what it is |
//! |---|---|
//! | [`PrivateKey`] | RSA 2048–4096 or ECDSA P-256/P-384, from PKCS#1, PKCS#8 or SEC1, PEM or DER |
//! | [`PublicKey`] | RSA 2048–8192 or ECDSA P-256/P-384, from a certificate or a private key |
//! | [`Certificate`] | an X.509 certificate with its thumbprints, SKI, issuer, serial, extensions |
//! | [`TrustStore`] | anchors and pins; turns a chain into a [`ValidatedIdentity`] or a typed error |
//! | [`HmacKey`] | a symmetric signing key, built only from raw secret bytes |
//!
//! # Rules this module enforces
//!
//! - **The key's type fixes the algorithm family** (attack class K). [`PrivateKey::sign`] and
//!   [`PublicKey::verify`] refuse a [`SignatureAlgorithm`] of another family or curve with
//!   [`KeyError::AlgorithmKeyMismatch`]; an [`HmacKey`] cannot be made from a public key.
//! - **No PKCS#1 v1.5 decryption exists** (attack class I, RUSTSEC-2023-0071): RSA key transport
//!   is RSA-OAEP only, and every OAEP failure is the one opaque [`KeyError::Decryption`].
//! - **SHA-1 only by name**: [`SignatureAlgorithm::RsaSha1ForLegacyUseOnly`],
//!   [`HmacAlgorithm::HmacSha1ForLegacyUseOnly`] and
//!   [`TrustStore::allow_sha1_certificates_FOR_LEGACY_USE_ONLY`], in ring's style.
//! - **A certificate in a message is never trusted by itself** (attack class K): the only way to
//!   a trusted key is [`TrustStore::validate`], which needs configured anchors or pins and
//!   returns a [`ValidatedIdentity`] (no public constructor). A self-signed certificate that is
//!   not configured fails with [`KeyError::UntrustedSelfSigned`].
//! - **Key material is zeroized on drop** and never printed by `Debug` (see [`PrivateKey`] for
//!   the one limit: ring's own parsed key pairs).
//!
//! # Backends
//!
//! ring 0.17 does digests, HMAC, RSA PKCS#1 v1.5 SHA-2 signing and verification, and ECDSA.
//! RustCrypto `rsa` 0.10 does RSA-OAEP and the legacy rsa-sha1 signature, which ring cannot
//! make. x509-parser reads certificates. PEM is decoded with `base64ct` (constant time).

mod cert;
mod der;
mod error;
mod hmac;
mod pem;
mod private;
mod public;
mod trust;

#[cfg(test)]
mod tests;

pub use cert::{BasicConstraints, Certificate, KeyUsage};
pub use error::KeyError;
pub use hmac::{HmacAlgorithm, HmacKey, constant_time_eq};
pub use private::{KeyFormat, PrivateKey};
pub use public::{Curve, KeyKind, OaepHash, OaepParams, PublicKey, SignatureAlgorithm};
pub use trust::{LeafUsage, TrustPath, TrustStore, ValidatedIdentity};

/// The operating system RNG (through ring) in the shape the `rsa` crate asks for.
pub(crate) struct SystemRng;

/// The system RNG failed.
#[derive(Debug)]
pub(crate) struct RngFailure;

impl std::fmt::Display for RngFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the system random number generator failed")
    }
}

impl std::error::Error for RngFailure {}

impl rsa::rand_core::TryRng for SystemRng {
    type Error = RngFailure;

    fn try_next_u32(&mut self) -> Result<u32, RngFailure> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, RngFailure> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), RngFailure> {
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), dst)
            .map_err(|_| RngFailure)
    }
}

impl rsa::rand_core::TryCryptoRng for SystemRng {}
