//! Trust: configured anchors and pinned thumbprints, and chain validation against them.

use super::cert::Certificate;
use super::public::PublicKey;
use super::{KeyError, constant_time_eq};

/// What the leaf certificate is being validated for; decides the keyUsage bit it needs when it
/// has a keyUsage extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LeafUsage {
    /// Verifying message signatures: `digitalSignature`.
    DigitalSignature,
    /// Encrypting keys to it with RSA-OAEP: `keyEncipherment`.
    KeyEncipherment,
    /// No keyUsage requirement.
    Any,
}

/// How a [`ValidatedIdentity`] was established.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrustPath {
    /// The leaf's thumbprint is pinned; no chain was built.
    Pinned,
    /// A chain from the leaf to a configured anchor was verified.
    Anchored {
        /// The anchor's subject (RFC 4514).
        anchor_subject: String,
        /// The anchor's SHA-256 thumbprint.
        anchor_sha256: [u8; 32],
        /// Certificates on the path, leaf and anchor included.
        path_len: usize,
    },
}

/// A certificate that [`TrustStore::validate`] accepted at a given time. This type has no
/// public constructor: holding one is the proof that its key may be trusted.
#[derive(Debug, Clone)]
pub struct ValidatedIdentity {
    certificate: Certificate,
    public_key: PublicKey,
    path: TrustPath,
    at: i64,
}

impl ValidatedIdentity {
    /// The validated leaf certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The leaf's public key: the key a signature layer may verify with.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// How trust was established.
    pub fn trust_path(&self) -> &TrustPath {
        &self.path
    }

    /// The time (unix seconds) the validation was made for.
    pub fn validated_at(&self) -> i64 {
        self.at
    }
}

/// Trust anchors and pinned certificates, and the rules and budgets for validating chains.
///
/// - A certificate from a message is trusted only if it is pinned, or if a chain from it
///   reaches a configured anchor; a store with neither refuses everything
///   ([`KeyError::NoTrustConfigured`]). A self-signed certificate that is not an anchor or
///   pinned is [`KeyError::UntrustedSelfSigned`].
/// - Pinning is by the leaf's SHA-1 or SHA-256 thumbprint. A pinned leaf is accepted without a
///   chain (WCF's `PeerTrust`), but its validity period, keyUsage and critical extensions are
///   still checked.
/// - Anchors match by DER equality or by subject Name plus public key. They are trusted as
///   configured: their own validity period and signature are not checked (as in webpki), but
///   when one is used as an issuer, a basicConstraints saying `cA=false` or a keyUsage without
///   `keyCertSign` still rejects it.
/// - Intermediates come from the `chain` argument only, in order: each must be the issuer of the
///   previous one, a CA (basicConstraints `cA=true`), allow `keyCertSign` if it has keyUsage,
///   honour every pathLenConstraint above it, be valid at the given time and sign with a
///   supported algorithm. SHA-1 signed certificates need
///   [`Self::allow_sha1_certificates_FOR_LEGACY_USE_ONLY`].
/// - Budgets in the style of webpki: at most [`Self::DEFAULT_MAX_PATH_LEN`] certificates on a
///   path and [`Self::DEFAULT_MAX_SIGNATURE_CHECKS`] signature checks per validation.
/// - Not checked: extendedKeyUsage (WS-Security defines none), name constraints and policies
///   (a critical one is refused as unhandled), revocation.
#[derive(Debug, Clone)]
pub struct TrustStore {
    anchors: Vec<Certificate>,
    pinned_sha1: Vec<[u8; 20]>,
    pinned_sha256: Vec<[u8; 32]>,
    max_path_len: usize,
    max_signature_checks: usize,
    allow_sha1: bool,
}

impl Default for TrustStore {
    fn default() -> Self {
        Self::new()
    }
}

impl TrustStore {
    /// The default maximum number of certificates on a path, leaf and anchor included.
    pub const DEFAULT_MAX_PATH_LEN: usize = 6;
    /// The default maximum number of signature checks in one validation.
    pub const DEFAULT_MAX_SIGNATURE_CHECKS: usize = 16;

    /// An empty store, which trusts nothing.
    pub fn new() -> Self {
        TrustStore {
            anchors: Vec::new(),
            pinned_sha1: Vec::new(),
            pinned_sha256: Vec::new(),
            max_path_len: Self::DEFAULT_MAX_PATH_LEN,
            max_signature_checks: Self::DEFAULT_MAX_SIGNATURE_CHECKS,
            allow_sha1: false,
        }
    }

    /// Adds a trust anchor.
    pub fn add_anchor(&mut self, anchor: Certificate) -> &mut Self {
        if !self.anchors.contains(&anchor) {
            self.anchors.push(anchor);
        }
        self
    }

    /// Pins a leaf by its SHA-1 thumbprint (the WSS `ThumbprintSHA1` form).
    pub fn pin_sha1(&mut self, thumbprint: [u8; 20]) -> &mut Self {
        self.pinned_sha1.push(thumbprint);
        self
    }

    /// Pins a leaf by its SHA-256 thumbprint.
    pub fn pin_sha256(&mut self, thumbprint: [u8; 32]) -> &mut Self {
        self.pinned_sha256.push(thumbprint);
        self
    }

    /// Pins `certificate` by its SHA-256 thumbprint.
    pub fn pin_certificate(&mut self, certificate: &Certificate) -> &mut Self {
        self.pin_sha256(*certificate.sha256_thumbprint())
    }

    /// Sets the maximum number of certificates on a path, leaf and anchor included (at least 1).
    pub fn set_max_path_len(&mut self, max: usize) -> &mut Self {
        self.max_path_len = max.max(1);
        self
    }

    /// Sets the maximum number of signature checks in one validation.
    pub fn set_max_signature_checks(&mut self, max: usize) -> &mut Self {
        self.max_signature_checks = max;
        self
    }

    /// Accepts certificates signed with sha1WithRSAEncryption. Only for legacy peers.
    #[allow(non_snake_case)]
    pub fn allow_sha1_certificates_FOR_LEGACY_USE_ONLY(&mut self, allow: bool) -> &mut Self {
        self.allow_sha1 = allow;
        self
    }

    /// The configured anchors.
    pub fn anchors(&self) -> &[Certificate] {
        &self.anchors
    }

    /// Whether `certificate`'s SHA-1 or SHA-256 thumbprint is pinned.
    pub fn is_pinned(&self, certificate: &Certificate) -> bool {
        self.pinned_sha1
            .iter()
            .any(|p| constant_time_eq(p, certificate.sha1_thumbprint()))
            || self
                .pinned_sha256
                .iter()
                .any(|p| constant_time_eq(p, certificate.sha256_thumbprint()))
    }

    /// Validates `chain` (leaf first, then intermediates as supplied; the anchor may be included
    /// or left out) at `at` (unix seconds), for verifying signatures: the leaf needs
    /// `digitalSignature` if it has a keyUsage extension.
    pub fn validate(&self, chain: &[Certificate], at: i64) -> Result<ValidatedIdentity, KeyError> {
        self.validate_for(chain, at, LeafUsage::DigitalSignature)
    }

    /// Validates `chain` at `at` for `usage`. See the type's documentation for the rules.
    pub fn validate_for(
        &self,
        chain: &[Certificate],
        at: i64,
        usage: LeafUsage,
    ) -> Result<ValidatedIdentity, KeyError> {
        if self.anchors.is_empty() && self.pinned_sha1.is_empty() && self.pinned_sha256.is_empty() {
            return Err(KeyError::NoTrustConfigured);
        }
        let leaf = chain.first().ok_or(KeyError::EmptyChain)?;
        if chain.len() > self.max_path_len {
            return Err(KeyError::ChainTooLong {
                len: chain.len(),
                max: self.max_path_len,
            });
        }
        let public_key = leaf.public_key()?.clone();
        check_critical(leaf)?;
        check_time(leaf, at)?;
        check_leaf_usage(leaf, usage)?;

        let identity = |path| ValidatedIdentity {
            certificate: leaf.clone(),
            public_key: public_key.clone(),
            path,
            at,
        };
        if self.is_pinned(leaf) {
            return Ok(identity(TrustPath::Pinned));
        }

        let mut budget = Budget {
            left: self.max_signature_checks,
            max: self.max_signature_checks,
        };
        let mut current = leaf;
        let mut index = 0usize;
        // Non-self-issued intermediate CAs between `current`'s issuer and the leaf.
        let mut intermediates_below: u32 = 0;
        loop {
            if let Some(anchor) = self.anchor_matching(current) {
                return Ok(identity(anchored(anchor, index + 1)));
            }
            if index > 0 && !current.is_self_issued() {
                intermediates_below = intermediates_below.saturating_add(1);
            }
            // The issuer, anchor or supplied, makes the path one longer.
            if index + 2 > self.max_path_len {
                return Err(KeyError::ChainTooLong {
                    len: index + 2,
                    max: self.max_path_len,
                });
            }

            // 1. An anchor that issued `current`.
            let mut name_matched = false;
            for anchor in self
                .anchors
                .iter()
                .filter(|a| a.subject_der() == current.issuer_der())
            {
                name_matched = true;
                let Ok(key) = anchor.public_key() else {
                    continue;
                };
                budget.spend()?;
                match self.verify_signature(current, key) {
                    Ok(()) => {
                        check_issuer(anchor, intermediates_below, true)?;
                        return Ok(identity(anchored(anchor, index + 2)));
                    }
                    // Another anchor may share the name.
                    Err(KeyError::BadSignature) => {}
                    // A legacy or unsupported algorithm, or a key of another family.
                    Err(other) => return Err(other),
                }
            }

            // 2. The next certificate supplied.
            let Some(next) = chain.get(index + 1) else {
                return Err(if current.is_self_issued() {
                    KeyError::UntrustedSelfSigned {
                        subject: current.subject().to_owned(),
                    }
                } else if name_matched {
                    KeyError::CertificateSignatureInvalid {
                        subject: current.subject().to_owned(),
                        issuer: current.issuer().to_owned(),
                    }
                } else {
                    KeyError::UntrustedIssuer {
                        subject: current.subject().to_owned(),
                        issuer: current.issuer().to_owned(),
                    }
                });
            };
            if next.subject_der() != current.issuer_der() {
                return Err(KeyError::IssuerMismatch {
                    subject: current.subject().to_owned(),
                    issuer: current.issuer().to_owned(),
                    next: next.subject().to_owned(),
                });
            }
            check_critical(next)?;
            check_issuer(next, intermediates_below, false)?;
            budget.spend()?;
            self.verify_signature(current, next.public_key()?)
                .map_err(|e| match e {
                    KeyError::BadSignature => KeyError::CertificateSignatureInvalid {
                        subject: current.subject().to_owned(),
                        issuer: next.subject().to_owned(),
                    },
                    other => other,
                })?;
            check_time(next, at)?;
            current = next;
            index += 1;
        }
    }

    fn anchor_matching(&self, cert: &Certificate) -> Option<&Certificate> {
        self.anchors.iter().find(|a| {
            a.der() == cert.der()
                || (a.subject_der() == cert.subject_der()
                    && matches!((a.public_key(), cert.public_key()), (Ok(x), Ok(y)) if x == y))
        })
    }

    fn verify_signature(&self, cert: &Certificate, issuer_key: &PublicKey) -> Result<(), KeyError> {
        let alg = cert.signature_algorithm();
        if alg.is_legacy() && !self.allow_sha1 {
            return Err(KeyError::LegacyAlgorithmDisabled {
                algorithm: alg.name(),
            });
        }
        issuer_key.verify_certificate_signature(alg, cert.tbs(), cert.signature())
    }
}

struct Budget {
    left: usize,
    max: usize,
}

impl Budget {
    fn spend(&mut self) -> Result<(), KeyError> {
        self.left = self
            .left
            .checked_sub(1)
            .ok_or(KeyError::SignatureBudgetExceeded { max: self.max })?;
        Ok(())
    }
}

fn anchored(anchor: &Certificate, path_len: usize) -> TrustPath {
    TrustPath::Anchored {
        anchor_subject: anchor.subject().to_owned(),
        anchor_sha256: *anchor.sha256_thumbprint(),
        path_len,
    }
}

fn check_time(cert: &Certificate, at: i64) -> Result<(), KeyError> {
    if at < cert.not_before() {
        return Err(KeyError::NotYetValid {
            subject: cert.subject().to_owned(),
            not_before: cert.not_before(),
            at,
        });
    }
    if at > cert.not_after() {
        return Err(KeyError::Expired {
            subject: cert.subject().to_owned(),
            not_after: cert.not_after(),
            at,
        });
    }
    Ok(())
}

fn check_critical(cert: &Certificate) -> Result<(), KeyError> {
    match cert.unhandled_critical_extension() {
        Some(oid) => Err(KeyError::UnhandledCriticalExtension {
            subject: cert.subject().to_owned(),
            oid: oid.to_owned(),
        }),
        None => Ok(()),
    }
}

fn check_leaf_usage(leaf: &Certificate, usage: LeafUsage) -> Result<(), KeyError> {
    let Some(ku) = leaf.key_usage() else {
        return Ok(());
    };
    let (ok, name) = match usage {
        LeafUsage::DigitalSignature => (ku.digital_signature(), "digitalSignature"),
        LeafUsage::KeyEncipherment => (ku.key_encipherment(), "keyEncipherment"),
        LeafUsage::Any => (true, ""),
    };
    if ok {
        Ok(())
    } else {
        Err(KeyError::LeafKeyUsage {
            subject: leaf.subject().to_owned(),
            usage: name,
        })
    }
}

/// Checks that `issuer` may issue certificates with `below` intermediate CAs under it.
fn check_issuer(issuer: &Certificate, below: u32, is_anchor: bool) -> Result<(), KeyError> {
    match issuer.basic_constraints() {
        Some(bc) if bc.ca => {
            if let Some(path_len) = bc.path_len
                && below > path_len
            {
                return Err(KeyError::PathLenExceeded {
                    subject: issuer.subject().to_owned(),
                    path_len,
                    found: below,
                });
            }
        }
        // A configured anchor without basicConstraints (an X.509 v1 root) is a CA by
        // configuration; an intermediate never is.
        None if is_anchor => {}
        _ => {
            return Err(KeyError::NotCa {
                subject: issuer.subject().to_owned(),
            });
        }
    }
    if issuer.key_usage().is_some_and(|ku| !ku.key_cert_sign()) {
        return Err(KeyError::MissingKeyCertSign {
            subject: issuer.subject().to_owned(),
        });
    }
    Ok(())
}
