//! The key store: own identities, known peers, intermediates and trust, and the resolution of
//! SecurityTokenReferences against them.

use crate::keys::{Certificate, LeafUsage, PrivateKey, TrustStore, ValidatedIdentity};
use crate::xml::Document;

use super::TokenError;
use super::dn::DistinguishedName;
use super::reference::{KeyIdentifier, SecurityTokenReference, TokenReference};

/// How a known peer certificate is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PeerTrust {
    /// Trusted as configured: the certificate is pinned, so no chain is needed, but its
    /// validity period, keyUsage and critical extensions are still checked at the given time.
    /// A BinarySecurityToken carrying exactly this certificate (same DER) is trusted the same way.
    Pinned,
    /// Only a lookup entry (for KeyIdentifier and X509IssuerSerial references): the
    /// certificate must still chain to an anchor of the [`TrustStore`].
    ValidateChain,
}

/// One of our own identities: a private key and its certificate.
#[derive(Debug)]
pub struct OwnIdentity {
    private_key: PrivateKey,
    certificate: Certificate,
    issuer: Option<DistinguishedName>,
}

impl OwnIdentity {
    /// The private key (decrypting EncryptedKeys addressed to us, signing).
    pub fn private_key(&self) -> &PrivateKey {
        &self.private_key
    }

    /// The certificate that goes with it.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }
}

#[derive(Debug, Clone)]
struct Peer {
    certificate: Certificate,
    issuer: Option<DistinguishedName>,
    trust: PeerTrust,
}

/// Keys and certificates the user configures, and the resolution of token references.
///
/// - **Own identities** (private key + certificate, any number): an EncryptedKey's
///   SecurityTokenReference must name one of them ([`Self::resolve_decryption_identity`]).
/// - **Known peers**: certificates that KeyIdentifier and X509IssuerSerial references (which
///   carry no certificate) are looked up in. Each is [`PeerTrust::Pinned`] or
///   [`PeerTrust::ValidateChain`].
/// - **Intermediates**: CA certificates used to build a chain from a leaf to an anchor.
/// - **The [`TrustStore`]**: anchors and pins.
///
/// Resolution for a signature ([`Self::resolve_signer`]):
///
/// | reference | certificate from | trusted when |
/// |---|---|---|
/// | `wsse:Reference URI="#id"` | the `wsse:BinarySecurityToken` with that ID in the message (the element must be one) | it is the DER of a [`PeerTrust::Pinned`] peer, or it validates against the [`TrustStore`] (with the configured intermediates) |
/// | KeyIdentifier (SKI, ThumbprintSHA1), X509IssuerSerial | the one known peer that matches | [`PeerTrust::Pinned`]: as configured; [`PeerTrust::ValidateChain`]: it validates against the [`TrustStore`] |
///
/// A certificate from a message is never usable without validation. Two matching peers (or
/// two matching own identities) are [`TokenError::AmbiguousReference`].
#[derive(Debug, Default)]
pub struct KeyStore {
    identities: Vec<OwnIdentity>,
    peers: Vec<Peer>,
    intermediates: Vec<Certificate>,
    trust: TrustStore,
}

/// At most this many certificates are put on a chain built from the intermediates.
const MAX_BUILT_CHAIN: usize = 8;

impl KeyStore {
    /// A store with this trust configuration and no identities or peers.
    pub fn new(trust: TrustStore) -> Self {
        KeyStore {
            trust,
            ..Default::default()
        }
    }

    /// Adds one of our own identities. The private key must belong to the certificate
    /// ([`TokenError::IdentityKeyMismatch`] otherwise). Adding the same certificate twice
    /// keeps the first.
    pub fn add_identity(
        &mut self,
        private_key: PrivateKey,
        certificate: Certificate,
    ) -> Result<&mut Self, TokenError> {
        let cert_key = certificate.public_key().map_err(TokenError::Certificate)?;
        if cert_key != private_key.public_key() {
            return Err(TokenError::IdentityKeyMismatch {
                subject: certificate.subject().to_owned(),
            });
        }
        if !self.identities.iter().any(|i| i.certificate == certificate) {
            self.identities.push(OwnIdentity {
                issuer: DistinguishedName::parse(certificate.issuer()).ok(),
                private_key,
                certificate,
            });
        }
        Ok(self)
    }

    /// Adds a known peer certificate. Adding the same certificate again updates its trust.
    pub fn add_peer(&mut self, certificate: Certificate, trust: PeerTrust) -> &mut Self {
        if let Some(p) = self.peers.iter_mut().find(|p| p.certificate == certificate) {
            p.trust = trust;
        } else {
            self.peers.push(Peer {
                issuer: DistinguishedName::parse(certificate.issuer()).ok(),
                certificate,
                trust,
            });
        }
        self
    }

    /// Adds an intermediate CA certificate for chain building. It confers no trust by itself.
    pub fn add_intermediate(&mut self, certificate: Certificate) -> &mut Self {
        if !self.intermediates.contains(&certificate) {
            self.intermediates.push(certificate);
        }
        self
    }

    /// The trust configuration.
    pub fn trust_store(&self) -> &TrustStore {
        &self.trust
    }

    /// The trust configuration, to add anchors or pins.
    pub fn trust_store_mut(&mut self) -> &mut TrustStore {
        &mut self.trust
    }

    /// Our own identities, in the order added.
    pub fn identities(&self) -> &[OwnIdentity] {
        &self.identities
    }

    /// The known peer certificates and how each is trusted, in the order added.
    pub fn peers(&self) -> impl ExactSizeIterator<Item = (&Certificate, PeerTrust)> + '_ {
        self.peers.iter().map(|p| (&p.certificate, p.trust))
    }

    /// Resolves a signature's SecurityTokenReference to a trusted identity at `at` (unix
    /// seconds); the leaf needs `digitalSignature` if it has a keyUsage extension. See the
    /// type's documentation for the rules.
    pub fn resolve_signer(
        &self,
        doc: &Document<'_>,
        reference: &SecurityTokenReference,
        at: i64,
    ) -> Result<ValidatedIdentity, TokenError> {
        self.resolve_signer_for(doc, reference, at, LeafUsage::DigitalSignature)
    }

    /// [`Self::resolve_signer`] with an explicit leaf usage.
    pub fn resolve_signer_for(
        &self,
        doc: &Document<'_>,
        reference: &SecurityTokenReference,
        at: i64,
        usage: LeafUsage,
    ) -> Result<ValidatedIdentity, TokenError> {
        let (certificate, pinned) = match reference.reference() {
            TokenReference::Direct { .. } => {
                let certificate = reference.binary_security_token(doc)?.into_certificate();
                let pinned = self
                    .peers
                    .iter()
                    .any(|p| p.trust == PeerTrust::Pinned && p.certificate == certificate);
                (certificate, pinned)
            }
            r => {
                let peer = unique(
                    self.peers
                        .iter()
                        .filter(|p| matches(&p.certificate, p.issuer.as_ref(), r)),
                    r,
                )?
                .ok_or_else(|| TokenError::UnknownCertificate {
                    reference: r.to_string(),
                })?;
                (peer.certificate.clone(), peer.trust == PeerTrust::Pinned)
            }
        };
        let result = if pinned {
            let mut pins = TrustStore::new();
            pins.pin_certificate(&certificate);
            pins.validate_for(std::slice::from_ref(&certificate), at, usage)
        } else {
            self.trust
                .validate_for(&self.chain_for(&certificate), at, usage)
        };
        result.map_err(|source| TokenError::Untrusted {
            subject: certificate.subject().to_owned(),
            source,
        })
    }

    /// Resolves an EncryptedKey's SecurityTokenReference to one of our own identities, whose
    /// private key then decrypts it. A direct Reference must name a BinarySecurityToken whose
    /// certificate is one of ours (same DER); other references are matched against our
    /// certificates. Unknown is [`TokenError::UnknownOwnIdentity`].
    pub fn resolve_decryption_identity(
        &self,
        doc: &Document<'_>,
        reference: &SecurityTokenReference,
    ) -> Result<&OwnIdentity, TokenError> {
        let r = reference.reference();
        let found = match r {
            TokenReference::Direct { .. } => {
                let certificate = reference.binary_security_token(doc)?.into_certificate();
                let found = unique(
                    self.identities
                        .iter()
                        .filter(|i| i.certificate == certificate),
                    r,
                )?;
                found.ok_or_else(|| TokenError::UnknownOwnIdentity {
                    reference: format!("{r} (certificate {:?})", certificate.subject()),
                })?
            }
            _ => unique(
                self.identities
                    .iter()
                    .filter(|i| matches(&i.certificate, i.issuer.as_ref(), r)),
                r,
            )?
            .ok_or_else(|| TokenError::UnknownOwnIdentity {
                reference: r.to_string(),
            })?,
        };
        Ok(found)
    }

    /// The leaf followed by configured intermediates, each the issuer of the previous, until
    /// an anchor's subject is the issuer or nothing more is found.
    fn chain_for(&self, leaf: &Certificate) -> Vec<Certificate> {
        let mut chain = vec![leaf.clone()];
        while chain.len() < MAX_BUILT_CHAIN {
            let Some(current) = chain.last() else { break };
            if current.issuer_der() == current.subject_der()
                || self
                    .trust
                    .anchors()
                    .iter()
                    .any(|a| a.subject_der() == current.issuer_der())
            {
                break;
            }
            let next = self.intermediates.iter().find(|c| {
                c.subject_der() == current.issuer_der() && !chain.iter().any(|x| x == *c)
            });
            match next {
                Some(c) => chain.push(c.clone()),
                None => break,
            }
        }
        chain
    }
}

/// Zero or one item; two or more is ambiguous.
fn unique<'a, T>(
    mut it: impl Iterator<Item = &'a T>,
    reference: &TokenReference,
) -> Result<Option<&'a T>, TokenError> {
    match (it.next(), it.next()) {
        (None, _) => Ok(None),
        (Some(one), None) => Ok(Some(one)),
        (Some(_), Some(_)) => Err(TokenError::AmbiguousReference {
            reference: reference.to_string(),
            count: 2 + it.count(),
        }),
    }
}

/// Whether a certificate is the one an out-of-band reference names.
fn matches(
    certificate: &Certificate,
    issuer: Option<&DistinguishedName>,
    reference: &TokenReference,
) -> bool {
    match reference {
        TokenReference::Direct { .. } => false,
        TokenReference::KeyIdentifier(KeyIdentifier::SubjectKeyIdentifier(ski)) => {
            certificate.ski_or_computed() == ski.as_slice()
        }
        TokenReference::KeyIdentifier(KeyIdentifier::ThumbprintSha1(t)) => {
            certificate.sha1_thumbprint() == t
        }
        TokenReference::IssuerSerial {
            issuer: name,
            serial,
        } => {
            let Some(cert_issuer) = issuer else {
                return false;
            };
            let cert_serial = super::reference::normalize_serial(certificate.serial_decimal());
            cert_serial.as_deref() == Ok(serial.as_str())
                && DistinguishedName::parse(name).as_ref() == Ok(cert_issuer)
        }
    }
}
