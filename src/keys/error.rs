//! The keys layer's typed error.

/// Everything that can go wrong loading keys and certificates, using them, or validating trust.
///
/// Each variant names what was wrong. Decryption is the exception on purpose: every RSA-OAEP
/// failure (length, padding, label, key) is the single opaque [`KeyError::Decryption`], so that
/// callers cannot build a padding oracle out of the error (attack classes H and I).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    // ---- loading ----------------------------------------------------------------------------
    /// The input is not a private key in any supported format; `found` says what it is instead.
    #[error("no private key found: the input is {found}")]
    UnrecognizedKeyFormat {
        /// What the input was recognised as, such as "a PEM block labelled `CERTIFICATE`".
        found: String,
    },
    /// The private key is password-protected. Decrypt it first (`openssl pkcs8 -nocrypt`).
    #[error("the private key is encrypted ({found}); only unencrypted keys are supported")]
    EncryptedPrivateKey {
        /// Which kind of encryption was found.
        found: &'static str,
    },
    /// A PEM document is malformed.
    #[error("malformed PEM: {reason}")]
    MalformedPem {
        /// What was wrong.
        reason: &'static str,
    },
    /// A DER structure of a key is malformed.
    #[error("malformed {structure}: {reason}")]
    MalformedKey {
        /// The structure being read, such as "PKCS#8 PrivateKeyInfo".
        structure: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// The key's algorithm is not RSA or ECDSA.
    #[error(
        "unsupported key algorithm {name} ({oid}); only RSA and ECDSA P-256/P-384 keys are supported"
    )]
    UnsupportedKeyAlgorithm {
        /// A human name for the algorithm, when known.
        name: &'static str,
        /// The algorithm's OID in dotted form.
        oid: String,
    },
    /// An RSA key whose modulus is outside the accepted range.
    #[error("RSA key of {bits} bits is outside the accepted range of {min} to {max} bits")]
    RsaKeySize {
        /// The modulus size found.
        bits: usize,
        /// The smallest accepted size.
        min: usize,
        /// The largest accepted size.
        max: usize,
    },
    /// An EC key on a curve other than P-256 or P-384.
    #[error("unsupported elliptic curve {name} ({oid}); only P-256 and P-384 are supported")]
    UnsupportedCurve {
        /// A human name for the curve, when known.
        name: &'static str,
        /// The curve's OID in dotted form.
        oid: String,
    },
    /// An EC public key that is not an uncompressed point of the curve's size.
    #[error("unsupported EC point encoding: {reason}")]
    UnsupportedEcPoint {
        /// What was wrong.
        reason: &'static str,
    },
    /// An EC private key without its public key, which this crate needs and cannot derive.
    #[error("the EC private key does not include its public key")]
    EcPublicKeyMissing,
    /// The cryptographic backend rejected the key (inconsistent components, bad exponent, ...).
    #[error("the key was rejected: {reason}")]
    KeyRejected {
        /// The backend's reason.
        reason: String,
    },

    // ---- certificates -----------------------------------------------------------------------
    /// No certificate was found in the input; `found` says what was there instead.
    #[error("no certificate found: the input is {found}")]
    NoCertificate {
        /// What the input was recognised as.
        found: String,
    },
    /// The certificate could not be parsed, or breaks a rule of RFC 5280 that we enforce at load.
    #[error("malformed certificate: {reason}")]
    MalformedCertificate {
        /// What was wrong.
        reason: String,
    },

    // ---- algorithms -------------------------------------------------------------------------
    /// The algorithm belongs to a different family than the key (the key's type fixes the
    /// family: attack class K), or to a different curve.
    #[error("{algorithm} cannot be used with an {key} key")]
    AlgorithmKeyMismatch {
        /// The algorithm requested.
        algorithm: &'static str,
        /// The key's type, such as "RSA-2048" or "EC P-256".
        key: String,
    },
    /// A SHA-1 based algorithm was met while the legacy switch is off.
    #[error("{algorithm} is a legacy algorithm and legacy algorithms are not enabled")]
    LegacyAlgorithmDisabled {
        /// The algorithm.
        algorithm: &'static str,
    },
    /// A certificate is signed with an algorithm that is not supported.
    #[error("unsupported certificate signature algorithm {oid}")]
    UnsupportedSignatureAlgorithm {
        /// The algorithm's OID in dotted form.
        oid: String,
    },

    // ---- operations -------------------------------------------------------------------------
    /// A signature did not verify.
    #[error("signature verification failed")]
    BadSignature,
    /// Producing a signature failed (an RNG or backend failure).
    #[error("signing failed")]
    SigningFailed,
    /// RSA-OAEP encryption failed.
    #[error("RSA-OAEP encryption failed: {reason}")]
    EncryptionFailed {
        /// What was wrong, such as the plaintext being too long for the key.
        reason: &'static str,
    },
    /// RSA-OAEP decryption failed. Deliberately says nothing more (see the type's docs).
    #[error("decryption failed")]
    Decryption,
    /// An HMAC key must not be empty.
    #[error("an HMAC key must not be empty")]
    EmptyHmacKey,
    /// A truncated HMAC output length that the policy does not allow (attack class J,
    /// CVE-2009-0217).
    #[error(
        "HMAC output length of {bits} bits is not allowed: it must be whole bytes, at least {min} and at most {max} bits"
    )]
    HmacOutputLength {
        /// The length asked for.
        bits: usize,
        /// The minimum, max(80, half the hash).
        min: usize,
        /// The hash's full length.
        max: usize,
    },

    // ---- trust ------------------------------------------------------------------------------
    /// The trust store has no anchors and no pins, so nothing could ever be trusted.
    #[error("no trust anchors or pinned certificates are configured")]
    NoTrustConfigured,
    /// `validate` was given no certificate.
    #[error("the certificate chain is empty")]
    EmptyChain,
    /// The chain is longer than the store's budget.
    #[error("the chain needs {len} certificates, more than the maximum of {max}")]
    ChainTooLong {
        /// Certificates in the chain (supplied or reached).
        len: usize,
        /// The budget.
        max: usize,
    },
    /// Too many signature checks were needed (webpki-style budget).
    #[error("more than {max} signature checks were needed to build the chain")]
    SignatureBudgetExceeded {
        /// The budget.
        max: usize,
    },
    /// The certificate's validity period ended before the validation time.
    #[error("certificate `{subject}` expired at {not_after} (unix time), before {at}")]
    Expired {
        /// The certificate's subject.
        subject: String,
        /// Its notAfter, in unix seconds.
        not_after: i64,
        /// The validation time, in unix seconds.
        at: i64,
    },
    /// The certificate's validity period starts after the validation time.
    #[error("certificate `{subject}` is not valid before {not_before} (unix time), after {at}")]
    NotYetValid {
        /// The certificate's subject.
        subject: String,
        /// Its notBefore, in unix seconds.
        not_before: i64,
        /// The validation time, in unix seconds.
        at: i64,
    },
    /// A self-signed certificate that is neither a configured anchor nor pinned: a certificate
    /// that arrives inside a message is never trusted by itself (attack class K).
    #[error(
        "certificate `{subject}` is self-signed and is not a configured trust anchor or pinned"
    )]
    UntrustedSelfSigned {
        /// The certificate's subject.
        subject: String,
    },
    /// The chain ends at a certificate whose issuer is not a configured anchor.
    #[error(
        "certificate `{subject}` was issued by `{issuer}`, which is not a trust anchor, and no certificate for it was supplied"
    )]
    UntrustedIssuer {
        /// The last certificate reached.
        subject: String,
        /// The issuer it names.
        issuer: String,
    },
    /// The next certificate supplied in the chain is not the issuer the previous one names.
    #[error(
        "certificate `{subject}` names issuer `{issuer}`, but the next certificate in the chain is `{next}`"
    )]
    IssuerMismatch {
        /// The certificate.
        subject: String,
        /// The issuer it names.
        issuer: String,
        /// The subject of the certificate supplied after it.
        next: String,
    },
    /// A certificate's signature does not verify with its issuer's key.
    #[error("the signature on certificate `{subject}` does not verify with the key of `{issuer}`")]
    CertificateSignatureInvalid {
        /// The certificate.
        subject: String,
        /// The issuer whose key was tried.
        issuer: String,
    },
    /// A certificate is used as an issuer but basicConstraints does not say CA=true.
    #[error(
        "certificate `{subject}` is used as an issuer but is not a CA (basicConstraints cA is not true)"
    )]
    NotCa {
        /// The certificate.
        subject: String,
    },
    /// An issuer's keyUsage extension does not allow keyCertSign.
    #[error("issuer `{subject}` has a keyUsage extension without keyCertSign")]
    MissingKeyCertSign {
        /// The issuer.
        subject: String,
    },
    /// The leaf's keyUsage extension does not allow the use it was validated for.
    #[error("certificate `{subject}` has a keyUsage extension without {usage}")]
    LeafKeyUsage {
        /// The leaf.
        subject: String,
        /// The usage required, such as "digitalSignature".
        usage: &'static str,
    },
    /// A CA's pathLenConstraint is exceeded by the intermediates below it.
    #[error(
        "CA `{subject}` allows {path_len} intermediate CA(s) below it, but the chain has {found}"
    )]
    PathLenExceeded {
        /// The constraining CA.
        subject: String,
        /// Its pathLenConstraint.
        path_len: u32,
        /// Intermediate CAs found below it.
        found: u32,
    },
    /// A critical extension that this validator does not process.
    #[error("certificate `{subject}` has an unhandled critical extension {oid}")]
    UnhandledCriticalExtension {
        /// The certificate.
        subject: String,
        /// The extension's OID in dotted form.
        oid: String,
    },
}
