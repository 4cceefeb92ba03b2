//! XML Encryption 1.0/1.1: `xenc:EncryptedData` of Type Element and Content, `xenc:EncryptedKey`
//! with RSA-OAEP or AES key wrap, `xenc:ReferenceList`.
//!
//! | what | algorithms |
//! |---|---|
//! | content encryption | AES-128/192/256-GCM (xmlenc11); AES-128/192/256-CBC only with [`Legacy::aes_cbc`] |
//! | key transport | `xmlenc#rsa-oaep-mgf1p` (SHA-1 unless `ds:DigestMethod` says otherwise), `xmlenc11#rsa-oaep` with `ds:DigestMethod` + `xenc11:MGF` (SHA-1/256/384/512), `xenc:OAEPparams` label |
//! | key wrap | `kw-aes128`, `kw-aes192`, `kw-aes256` (RFC 3394) |
//!
//! # Rules this module enforces
//!
//! - **One uniform decryption error** (attack class H): a bad GCM tag, bad CBC padding, a failed
//!   key unwrap or OAEP decryption, a key of the wrong length for the algorithm, plaintext that is
//!   not UTF-8 or not well-formed in its context: all are [`XencError::DecryptionFailed`]. The
//!   detail goes to `tracing::debug!` only.
//! - **GCM tags are checked before any plaintext exists** outside the cipher: no partial plaintext
//!   reaches the caller or the tree.
//! - **`rsa-1_5` is never decrypted** (attack class I): [`XencError::RsaV15Refused`], before any
//!   RSA operation. The keys layer has no PKCS#1 v1.5 decryption at all.
//! - **Algorithms come from local policy** (attack class J): [`DecryptionPolicy`] lists the
//!   content-encryption algorithms it admits; a message whose `EncryptionMethod` names another
//!   (for example `aes128-cbc` where `aes128-gcm` is expected) is refused with
//!   [`XencError::AlgorithmNotAllowed`]. AES-CBC also needs [`Legacy::aes_cbc`].
//! - **CBC has no integrity.** A flipped CBC ciphertext bit often decrypts to a different, still
//!   well-formed plaintext. AES-CBC `EncryptedData` must sit inside content whose signature has been
//!   verified before decryption (WS-Security "encrypt then sign" / WCF `SignBeforeEncrypt`
//!   ordering is *not* enough on its own: the pipeline must check the EncryptedData is signed).
//! - **Budgets**: at most [`DecryptionPolicy::max_encrypted_keys`] `EncryptedKey` elements per
//!   document, [`DecryptionPolicy::max_data_references`] `DataReference`s per `ReferenceList`
//!   and [`DecryptionPolicy::max_decryptions`] key unwraps and content decryptions per call
//!   ([`XencError::BudgetExceeded`]). The `DataReference`s are counted before the key is
//!   unwrapped; every unwrap, trial decryption and content decryption is counted before it is
//!   done.
//! - **Plaintext is spliced with [`Edits`]**: it is parsed once, under the document's
//!   [`Limits`](crate::xml::Limits), in the namespace scope of the `EncryptedData` it replaces.
//!   [`Decrypted::parts`] says which nodes of the new document came from decryption (attack class
//!   O: the pipeline checks them against what had to be encrypted).
//!
//! # Encrypting
//!
//! [`ContentEncryptor`] makes a fresh content-encryption key, encrypts elements or element content
//! into [`Edits`], and then makes the `EncryptedKey` markup (RSA-OAEP for a recipient's public key,
//! or AES key wrap) with the caller's `ds:KeyInfo` markup (such as a WS-Security STR) and a
//! `ReferenceList` of everything it encrypted.

mod cipher;
#[cfg(test)]
mod tests;

use crate::algorithms::{DigestAlgorithm, Legacy};
use crate::budget::{Budget, BudgetKind, Exceeded, Meter};
use crate::keys::{KeyError, OaepHash, OaepParams, PrivateKey, PublicKey};
use crate::xml::{DSIG_NS, Document, Edits, Element, NodeId, NodeKind, XENC_NS, XENC11_NS};
use base64ct::{Base64, Encoding};
use std::fmt;
use zeroize::Zeroizing;

/// `Type` of an `EncryptedData` that replaces an element.
pub const TYPE_ELEMENT: &str = "http://www.w3.org/2001/04/xmlenc#Element";
/// `Type` of an `EncryptedData` that replaces an element's content.
pub const TYPE_CONTENT: &str = "http://www.w3.org/2001/04/xmlenc#Content";
/// `Type` of a `ds:RetrievalMethod` that points at an `EncryptedKey`.
pub const TYPE_ENCRYPTED_KEY: &str = "http://www.w3.org/2001/04/xmlenc#EncryptedKey";
/// `xmlenc#rsa-1_5`: refused, always.
pub const RSA_1_5: &str = "http://www.w3.org/2001/04/xmlenc#rsa-1_5";
/// `xmlenc#rsa-oaep-mgf1p`.
pub const RSA_OAEP_MGF1P: &str = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
/// `xmlenc11#rsa-oaep`.
pub const RSA_OAEP: &str = "http://www.w3.org/2009/xmlenc11#rsa-oaep";

/// Errors of XML Encryption. Every failure of decryption proper is the one
/// [`XencError::DecryptionFailed`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XencError {
    /// Decryption failed. Deliberately uniform: tag, padding, key unwrap, OAEP, key length and
    /// "the plaintext is not well-formed here" are not told apart (attack classes H and I).
    #[error("decryption failed")]
    DecryptionFailed,
    /// `rsa-1_5` key transport is never decrypted (Bleichenbacher; attack class I).
    #[error("RSA PKCS#1 v1.5 key transport ({uri}) is refused: use RSA-OAEP")]
    RsaV15Refused {
        /// The refused algorithm URI.
        uri: String,
    },
    /// An algorithm soapsec does not implement.
    #[error("unsupported algorithm {uri}")]
    UnsupportedAlgorithm {
        /// The algorithm URI.
        uri: String,
    },
    /// An algorithm soapsec implements but the policy does not admit here.
    #[error("algorithm {uri} is not allowed by the policy: {reason}")]
    AlgorithmNotAllowed {
        /// The algorithm URI.
        uri: String,
        /// Why.
        reason: &'static str,
    },
    /// A feature of XML Encryption that soapsec does not implement (such as `CipherReference`).
    #[error("unsupported XML Encryption feature: {feature}")]
    UnsupportedFeature {
        /// What it is.
        feature: &'static str,
    },
    /// The markup is not a valid `EncryptedData` / `EncryptedKey` / `ReferenceList`.
    #[error("malformed {element}: {reason}")]
    Malformed {
        /// The element concerned.
        element: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// No key could be found for an `EncryptedData` or `EncryptedKey`.
    #[error("no decryption key found: {detail}")]
    KeyNotFound {
        /// What was looked for.
        detail: String,
    },
    /// A `DataReference` / `RetrievalMethod` URI does not name an element of the right kind.
    #[error("reference {uri} does not name an {expected} in this document")]
    BadReference {
        /// The URI.
        uri: String,
        /// What it had to name.
        expected: &'static str,
    },
    /// A budget of [`DecryptionPolicy`] was exceeded.
    #[error("too many {what}: at most {max} allowed")]
    BudgetExceeded {
        /// What was counted.
        what: &'static str,
        /// The budget.
        max: usize,
    },
    /// A symmetric key of a length that no supported algorithm uses, or of the wrong length for
    /// the algorithm it is used with (on the encrypting side, or a caller-supplied key).
    #[error("{algorithm} needs a {expected}-byte key, got {got} bytes")]
    KeyLength {
        /// The algorithm URI.
        algorithm: &'static str,
        /// Expected length.
        expected: usize,
        /// Actual length.
        got: usize,
    },
    /// A key operation failed on the encrypting side (for example an EC key given for RSA-OAEP).
    #[error(transparent)]
    Key(#[from] KeyError),
    /// Building the new document failed on the encrypting side.
    #[error("could not build the encrypted document: {reason}")]
    Edit {
        /// The XML layer's message.
        reason: String,
    },
    /// The system random number generator failed.
    #[error("the system random number generator failed")]
    Rng,
}

impl From<Exceeded> for XencError {
    fn from(e: Exceeded) -> Self {
        XencError::BudgetExceeded {
            what: e.budget.what(),
            max: usize::try_from(e.limit).unwrap_or(usize::MAX),
        }
    }
}

fn malformed(element: &'static str, reason: impl Into<String>) -> XencError {
    XencError::Malformed {
        element,
        reason: reason.into(),
    }
}

fn unsupported(uri: &str) -> XencError {
    XencError::UnsupportedAlgorithm { uri: uri.into() }
}

// ---- algorithms ---------------------------------------------------------------------------------

/// A block (content) encryption algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BlockAlgorithm {
    /// `http://www.w3.org/2009/xmlenc11#aes128-gcm`.
    Aes128Gcm,
    /// `http://www.w3.org/2009/xmlenc11#aes192-gcm`.
    Aes192Gcm,
    /// `http://www.w3.org/2009/xmlenc11#aes256-gcm`.
    Aes256Gcm,
    /// `http://www.w3.org/2001/04/xmlenc#aes128-cbc`: needs [`Legacy::aes_cbc`] (WCF Basic128).
    Aes128CbcForLegacyUseOnly,
    /// `http://www.w3.org/2001/04/xmlenc#aes192-cbc`: needs [`Legacy::aes_cbc`].
    Aes192CbcForLegacyUseOnly,
    /// `http://www.w3.org/2001/04/xmlenc#aes256-cbc`: needs [`Legacy::aes_cbc`] (WCF Basic256).
    Aes256CbcForLegacyUseOnly,
}

impl BlockAlgorithm {
    /// Every block algorithm.
    pub const ALL: [BlockAlgorithm; 6] = [
        BlockAlgorithm::Aes128Gcm,
        BlockAlgorithm::Aes192Gcm,
        BlockAlgorithm::Aes256Gcm,
        BlockAlgorithm::Aes128CbcForLegacyUseOnly,
        BlockAlgorithm::Aes192CbcForLegacyUseOnly,
        BlockAlgorithm::Aes256CbcForLegacyUseOnly,
    ];
    /// The GCM algorithms (the default policy).
    pub const GCM: [BlockAlgorithm; 3] = [
        BlockAlgorithm::Aes128Gcm,
        BlockAlgorithm::Aes192Gcm,
        BlockAlgorithm::Aes256Gcm,
    ];

    /// The algorithm URI.
    pub fn uri(self) -> &'static str {
        match self {
            BlockAlgorithm::Aes128Gcm => "http://www.w3.org/2009/xmlenc11#aes128-gcm",
            BlockAlgorithm::Aes192Gcm => "http://www.w3.org/2009/xmlenc11#aes192-gcm",
            BlockAlgorithm::Aes256Gcm => "http://www.w3.org/2009/xmlenc11#aes256-gcm",
            BlockAlgorithm::Aes128CbcForLegacyUseOnly => {
                "http://www.w3.org/2001/04/xmlenc#aes128-cbc"
            }
            BlockAlgorithm::Aes192CbcForLegacyUseOnly => {
                "http://www.w3.org/2001/04/xmlenc#aes192-cbc"
            }
            BlockAlgorithm::Aes256CbcForLegacyUseOnly => {
                "http://www.w3.org/2001/04/xmlenc#aes256-cbc"
            }
        }
    }

    /// The algorithm a URI names, if implemented.
    pub fn from_uri(uri: &str) -> Option<BlockAlgorithm> {
        Self::ALL.into_iter().find(|a| a.uri() == uri)
    }

    /// Key length in bytes.
    pub fn key_len(self) -> usize {
        match self {
            BlockAlgorithm::Aes128Gcm | BlockAlgorithm::Aes128CbcForLegacyUseOnly => 16,
            BlockAlgorithm::Aes192Gcm | BlockAlgorithm::Aes192CbcForLegacyUseOnly => 24,
            BlockAlgorithm::Aes256Gcm | BlockAlgorithm::Aes256CbcForLegacyUseOnly => 32,
        }
    }

    /// True for the AES-CBC algorithms (no integrity; legacy only).
    pub fn is_cbc(self) -> bool {
        !matches!(
            self,
            BlockAlgorithm::Aes128Gcm | BlockAlgorithm::Aes192Gcm | BlockAlgorithm::Aes256Gcm
        )
    }

    fn check_allowed(self, policy: &DecryptionPolicy) -> Result<(), XencError> {
        if self.is_cbc() && !policy.legacy.aes_cbc() {
            return Err(XencError::AlgorithmNotAllowed {
                uri: self.uri().into(),
                reason: "AES-CBC needs the legacy switch (Legacy::allow_aes_cbc_for_legacy_use_only)",
            });
        }
        if !policy.block_algorithms.contains(&self) {
            return Err(XencError::AlgorithmNotAllowed {
                uri: self.uri().into(),
                reason: "not one of the policy's content-encryption algorithms",
            });
        }
        Ok(())
    }

    fn decrypt(self, key: &SymmetricKey, data: &[u8]) -> Result<Zeroizing<Vec<u8>>, XencError> {
        if key.len() != self.key_len() {
            tracing::debug!(
                algorithm = self.uri(),
                key_len = key.len(),
                "xenc: content key of the wrong length"
            );
            return Err(XencError::DecryptionFailed);
        }
        let r = if self.is_cbc() {
            cipher::cbc_decrypt(key.bytes(), data)
        } else {
            cipher::gcm_decrypt(key.bytes(), data)
        };
        r.map_err(|_| XencError::DecryptionFailed)
    }

    fn encrypt(self, key: &SymmetricKey, plaintext: &[u8]) -> Result<Vec<u8>, XencError> {
        if key.len() != self.key_len() {
            return Err(XencError::KeyLength {
                algorithm: self.uri(),
                expected: self.key_len(),
                got: key.len(),
            });
        }
        let r = if self.is_cbc() {
            cipher::cbc_encrypt(key.bytes(), plaintext)
        } else {
            cipher::gcm_encrypt(key.bytes(), plaintext)
        };
        r.map_err(|_| XencError::Rng)
    }
}

/// RSA-OAEP key transport as written in an `EncryptedKey`'s `EncryptionMethod`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyTransport {
    /// `xmlenc#rsa-oaep-mgf1p` with SHA-1 and MGF1-SHA1: what WCF and xmlsec1 1.2 speak.
    RsaOaepMgf1pSha1,
    /// `xmlenc11#rsa-oaep` with the given digest and MGF1 hash (SHA-256/SHA-256 recommended).
    RsaOaep {
        /// `ds:DigestMethod`.
        digest: OaepHash,
        /// `xenc11:MGF`.
        mgf1: OaepHash,
    },
}

impl KeyTransport {
    /// `xmlenc11#rsa-oaep` with SHA-256 and MGF1-SHA256.
    pub const RSA_OAEP_SHA256: KeyTransport = KeyTransport::RsaOaep {
        digest: OaepHash::Sha256,
        mgf1: OaepHash::Sha256,
    };

    fn params(&self) -> OaepParams {
        match self {
            KeyTransport::RsaOaepMgf1pSha1 => OaepParams::mgf1p_sha1(),
            KeyTransport::RsaOaep { digest, mgf1 } => OaepParams::new(*digest, *mgf1),
        }
    }

    fn method_markup(&self) -> String {
        match self {
            KeyTransport::RsaOaepMgf1pSha1 => format!(
                r#"<xenc:EncryptionMethod Algorithm="{RSA_OAEP_MGF1P}"><ds:DigestMethod xmlns:ds="{DSIG_NS}" Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/></xenc:EncryptionMethod>"#
            ),
            KeyTransport::RsaOaep { digest, mgf1 } => format!(
                r#"<xenc:EncryptionMethod Algorithm="{RSA_OAEP}"><ds:DigestMethod xmlns:ds="{DSIG_NS}" Algorithm="{}"/><xenc11:MGF xmlns:xenc11="{XENC11_NS}" Algorithm="{}"/></xenc:EncryptionMethod>"#,
                oaep_digest_uri(*digest),
                mgf_uri(*mgf1)
            ),
        }
    }
}

fn oaep_digest_uri(h: OaepHash) -> &'static str {
    match h {
        OaepHash::Sha1 => DigestAlgorithm::Sha1ForLegacyUseOnly.uri(),
        OaepHash::Sha256 => DigestAlgorithm::Sha256.uri(),
        OaepHash::Sha384 => DigestAlgorithm::Sha384.uri(),
        _ => DigestAlgorithm::Sha512.uri(),
    }
}

const MGF_URIS: [(&str, OaepHash); 4] = [
    ("http://www.w3.org/2009/xmlenc11#mgf1sha1", OaepHash::Sha1),
    (
        "http://www.w3.org/2009/xmlenc11#mgf1sha256",
        OaepHash::Sha256,
    ),
    (
        "http://www.w3.org/2009/xmlenc11#mgf1sha384",
        OaepHash::Sha384,
    ),
    (
        "http://www.w3.org/2009/xmlenc11#mgf1sha512",
        OaepHash::Sha512,
    ),
];

fn mgf_uri(h: OaepHash) -> &'static str {
    MGF_URIS
        .iter()
        .find(|(_, x)| *x == h)
        .map(|(u, _)| *u)
        .unwrap_or(MGF_URIS[0].0)
}

fn oaep_hash_from_digest_uri(uri: &str) -> Option<OaepHash> {
    Some(match DigestAlgorithm::from_uri(uri)? {
        DigestAlgorithm::Sha1ForLegacyUseOnly => OaepHash::Sha1,
        DigestAlgorithm::Sha256 => OaepHash::Sha256,
        DigestAlgorithm::Sha384 => OaepHash::Sha384,
        DigestAlgorithm::Sha512 => OaepHash::Sha512,
    })
}

/// An AES key wrap algorithm (RFC 3394).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyWrapAlgorithm {
    /// `http://www.w3.org/2001/04/xmlenc#kw-aes128`.
    KwAes128,
    /// `http://www.w3.org/2001/04/xmlenc#kw-aes192`.
    KwAes192,
    /// `http://www.w3.org/2001/04/xmlenc#kw-aes256`.
    KwAes256,
}

impl KeyWrapAlgorithm {
    const ALL: [KeyWrapAlgorithm; 3] = [
        KeyWrapAlgorithm::KwAes128,
        KeyWrapAlgorithm::KwAes192,
        KeyWrapAlgorithm::KwAes256,
    ];

    /// The algorithm URI.
    pub fn uri(self) -> &'static str {
        match self {
            KeyWrapAlgorithm::KwAes128 => "http://www.w3.org/2001/04/xmlenc#kw-aes128",
            KeyWrapAlgorithm::KwAes192 => "http://www.w3.org/2001/04/xmlenc#kw-aes192",
            KeyWrapAlgorithm::KwAes256 => "http://www.w3.org/2001/04/xmlenc#kw-aes256",
        }
    }

    /// The algorithm a URI names, if implemented.
    pub fn from_uri(uri: &str) -> Option<KeyWrapAlgorithm> {
        Self::ALL.into_iter().find(|a| a.uri() == uri)
    }

    /// The key-encryption key's length in bytes.
    pub fn kek_len(self) -> usize {
        match self {
            KeyWrapAlgorithm::KwAes128 => 16,
            KeyWrapAlgorithm::KwAes192 => 24,
            KeyWrapAlgorithm::KwAes256 => 32,
        }
    }

    /// The wrap algorithm for a key-encryption key of `len` bytes.
    pub fn for_kek_len(len: usize) -> Option<KeyWrapAlgorithm> {
        Self::ALL.into_iter().find(|a| a.kek_len() == len)
    }
}

// ---- keys ---------------------------------------------------------------------------------------

/// A symmetric key (AES 128/192/256): a content-encryption key or a key-encryption key. Zeroized on
/// drop, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SymmetricKey(Zeroizing<Vec<u8>>);

impl SymmetricKey {
    /// A key from raw bytes: 16, 24 or 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<SymmetricKey, XencError> {
        if !matches!(bytes.len(), 16 | 24 | 32) {
            return Err(XencError::KeyLength {
                algorithm: "AES",
                expected: 32,
                got: bytes.len(),
            });
        }
        Ok(SymmetricKey(Zeroizing::new(bytes.to_vec())))
    }

    /// A fresh random key for `algorithm`.
    pub fn generate(algorithm: BlockAlgorithm) -> Result<SymmetricKey, XencError> {
        let mut k = Zeroizing::new(vec![0u8; algorithm.key_len()]);
        cipher::random(&mut k).map_err(|_| XencError::Rng)?;
        Ok(SymmetricKey(k))
    }

    /// The key bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false (keys are 16 to 32 bytes); here for clippy's `len_without_is_empty`.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SymmetricKey({} bits)", self.0.len() * 8)
    }
}

/// The key that unwraps an `EncryptedKey`.
#[derive(Debug, Clone, Copy)]
pub enum KeyEncryptionKey<'k> {
    /// An RSA private key, for RSA-OAEP key transport.
    Private(&'k PrivateKey),
    /// An AES key-encryption key, for `kw-aes*`.
    Symmetric(&'k SymmetricKey),
}

/// Finds keys for the `ds:KeyInfo` of an `EncryptedData` or an `EncryptedKey`. The WS-Security
/// pipeline implements this over its key store (SecurityTokenReference, etc.); [`Keyring`] is a
/// simple implementation over named keys.
pub trait KeyResolver {
    /// Symmetric keys to try: for an `EncryptedData`, content-encryption keys; for an
    /// `EncryptedKey` with `kw-aes*`, key-encryption keys. `name` is the `ds:KeyName` if there is
    /// one; `key_info` the `ds:KeyInfo` element if there is one.
    fn symmetric_keys(
        &self,
        key_info: Option<Element<'_>>,
        name: Option<&str>,
    ) -> Vec<&SymmetricKey>;
    /// RSA private keys to try for an `EncryptedKey` with RSA-OAEP key transport.
    fn private_keys(&self, key_info: Option<Element<'_>>, name: Option<&str>) -> Vec<&PrivateKey>;
}

/// Named (or unnamed) keys, for [`KeyResolver`]. A key is tried when the `ds:KeyName` matches its
/// name; with no `KeyName`, unnamed keys are tried. [`Keyring::dangerous_lax_key_search`] tries every key
/// of the right kind instead (what xmlsec1 calls lax key search).
#[derive(Debug, Default)]
pub struct Keyring {
    symmetric: Vec<(Option<String>, SymmetricKey)>,
    private: Vec<(Option<String>, PrivateKey)>,
    lax: bool,
}

impl Keyring {
    /// An empty keyring.
    pub fn new() -> Keyring {
        Keyring::default()
    }
    /// Adds a symmetric key, with an optional `KeyName`.
    pub fn add_symmetric(&mut self, name: Option<&str>, key: SymmetricKey) -> &mut Self {
        self.symmetric.push((name.map(str::to_owned), key));
        self
    }
    /// Adds a private key, with an optional `KeyName`.
    pub fn add_private(&mut self, name: Option<&str>, key: PrivateKey) -> &mut Self {
        self.private.push((name.map(str::to_owned), key));
        self
    }
    /// Try every key of the right kind, whatever the `KeyName` says. Dangerous: more
    /// private-key operations per message, and a key meant for one purpose used for another.
    pub fn dangerous_lax_key_search(&mut self, lax: bool) -> &mut Self {
        self.lax = lax;
        self
    }

    fn pick<'a, T>(&self, keys: &'a [(Option<String>, T)], name: Option<&str>) -> Vec<&'a T> {
        let exact: Vec<&T> = keys
            .iter()
            .filter(|(n, _)| n.as_deref() == name)
            .map(|(_, k)| k)
            .collect();
        if !exact.is_empty() || !self.lax {
            return exact;
        }
        keys.iter().map(|(_, k)| k).collect()
    }
}

impl KeyResolver for Keyring {
    fn symmetric_keys(&self, _: Option<Element<'_>>, name: Option<&str>) -> Vec<&SymmetricKey> {
        self.pick(&self.symmetric, name)
    }
    fn private_keys(&self, _: Option<Element<'_>>, name: Option<&str>) -> Vec<&PrivateKey> {
        self.pick(&self.private, name)
    }
}

// ---- policy -------------------------------------------------------------------------------------

/// What decryption admits. The default: AES-GCM only, no legacy algorithm, at most 5
/// `EncryptedKey`s per document, 30 `DataReference`s per `ReferenceList`, 4 keys tried per
/// `EncryptedKey`, 64 decryptions per call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecryptionPolicy {
    /// Legacy switches: AES-CBC needs [`Legacy::aes_cbc`].
    pub legacy: Legacy,
    /// The content-encryption algorithms admitted (an operation's algorithm suite). A CBC entry
    /// is refused anyway unless `legacy` admits CBC.
    pub block_algorithms: Vec<BlockAlgorithm>,
    /// At most this many `EncryptedKey` elements in a document.
    pub max_encrypted_keys: usize,
    /// At most this many `DataReference`s in one `ReferenceList`.
    pub max_data_references: usize,
    /// At most this many candidate keys tried for one `EncryptedKey` or `EncryptedData`.
    pub max_key_attempts: usize,
    /// At most this many key unwraps, trial decryptions and content decryptions in one call
    /// (default 64: a `ReferenceList` of 30 whose `EncryptedData` each name their own
    /// `EncryptedKey`, with room to spare). Without it, [`decrypt_reference_list`] could try
    /// `max_data_references × max_encrypted_keys × max_key_attempts` RSA decryptions.
    pub max_decryptions: usize,
    /// The RSA-OAEP key transports admitted (URI, digest and MGF must all match one entry), or
    /// `None` for any OAEP parameters soapsec implements. The pipeline sets exactly its suite's
    /// transport, so the message cannot choose its own parameters (attack class J); the
    /// default `None` serves conformance tests and tools that read many peers' choices.
    pub key_transports: Option<Vec<KeyTransport>>,
}

impl Default for DecryptionPolicy {
    fn default() -> Self {
        DecryptionPolicy {
            legacy: Legacy::NONE,
            block_algorithms: BlockAlgorithm::GCM.to_vec(),
            max_encrypted_keys: 5,
            max_data_references: 30,
            max_key_attempts: 4,
            max_decryptions: 64,
            key_transports: None,
        }
    }
}

impl DecryptionPolicy {
    /// The meter one call works under: `max_decryptions`, nothing else.
    fn meter(&self) -> Meter {
        Meter::new(
            Budget {
                max_decryptions: self.max_decryptions,
                ..Budget::default()
            },
            0,
        )
    }

    /// Exactly one content-encryption algorithm (an algorithm suite's), nothing else: a message
    /// that names another is refused (downgrade protection).
    pub fn only(algorithm: BlockAlgorithm, legacy: Legacy) -> Self {
        DecryptionPolicy {
            legacy,
            block_algorithms: vec![algorithm],
            ..Default::default()
        }
    }

    /// Every implemented algorithm, AES-CBC included: for conformance tests and tools, never for
    /// a service endpoint.
    pub fn everything_for_legacy_use_only() -> Self {
        DecryptionPolicy {
            legacy: Legacy::NONE
                .allow_aes_cbc_for_legacy_use_only()
                .allow_sha1_for_legacy_use_only(),
            block_algorithms: BlockAlgorithm::ALL.to_vec(),
            ..Default::default()
        }
    }
}

// ---- parsing helpers ----------------------------------------------------------------------------

fn b64_decode(text: &str, element: &'static str) -> Result<Vec<u8>, XencError> {
    let invalid = |_| malformed(element, "invalid base64");
    let bytes = text.as_bytes();
    if !bytes.iter().any(u8::is_ascii_whitespace) {
        return Base64::decode_vec(text).map_err(invalid);
    }
    // Line breaks are common (76-column base64): drop whitespace in one byte pass.
    let compact: Vec<u8> = bytes
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let mut out = vec![0u8; compact.len() / 4 * 3 + 3];
    let len = Base64::decode(&compact, &mut out).map_err(invalid)?.len();
    out.truncate(len);
    Ok(out)
}

fn b64(bytes: &[u8]) -> String {
    Base64::encode_string(bytes)
}

fn child<'d>(el: Element<'d>, ns: &str, local: &str) -> Option<Element<'d>> {
    el.child_elements().find(|c| c.is(ns, local))
}

fn algorithm_attr<'d>(method: Element<'d>, what: &'static str) -> Result<&'d str, XencError> {
    method
        .attribute("", "Algorithm")
        .ok_or_else(|| malformed(what, "EncryptionMethod without Algorithm"))
}

fn cipher_value(el: Element<'_>, what: &'static str) -> Result<Vec<u8>, XencError> {
    let cd = child(el, XENC_NS, "CipherData").ok_or_else(|| malformed(what, "no CipherData"))?;
    if child(cd, XENC_NS, "CipherReference").is_some() {
        return Err(XencError::UnsupportedFeature {
            feature: "CipherReference (only CipherValue is supported)",
        });
    }
    let cv = child(cd, XENC_NS, "CipherValue")
        .ok_or_else(|| malformed(what, "CipherData without CipherValue"))?;
    if cv.has_non_text_children() {
        return Err(malformed(what, "CipherValue has element children"));
    }
    b64_decode(&cv.text(), what)
}

fn key_name(key_info: Option<Element<'_>>) -> Option<String> {
    key_info
        .and_then(|ki| child(ki, DSIG_NS, "KeyName"))
        .map(|k| k.text().trim().to_owned())
}

/// Key agreement and key derivation are not implemented: name their algorithm.
fn unsupported_key_info(key_info: Option<Element<'_>>) -> Result<(), XencError> {
    let Some(ki) = key_info else { return Ok(()) };
    for c in ki.child_elements() {
        if c.is(XENC_NS, "AgreementMethod") {
            let uri = c
                .attribute("", "Algorithm")
                .unwrap_or("xenc:AgreementMethod");
            return Err(unsupported(uri));
        }
        if c.is(XENC11_NS, "DerivedKey") {
            let uri = child(c, XENC11_NS, "KeyDerivationMethod")
                .and_then(|m| m.attribute("", "Algorithm"))
                .unwrap_or("xenc11:DerivedKey");
            return Err(unsupported(uri));
        }
    }
    Ok(())
}

fn id_of<'d>(el: Element<'d>) -> Option<&'d str> {
    el.attribute("", "Id")
        .or_else(|| el.attribute(crate::xml::WSU_NS, "Id"))
}

fn bare_name(uri: &str) -> Option<&str> {
    uri.strip_prefix('#').filter(|s| !s.is_empty())
}

fn encrypted_data<'d>(doc: &'d Document<'_>, id: NodeId) -> Result<Element<'d>, XencError> {
    doc.element(id)
        .filter(|e| e.is(XENC_NS, "EncryptedData"))
        .ok_or_else(|| malformed("EncryptedData", "the node is not an xenc:EncryptedData"))
}

fn encrypted_key<'d>(doc: &'d Document<'_>, id: NodeId) -> Result<Element<'d>, XencError> {
    doc.element(id)
        .filter(|e| e.is(XENC_NS, "EncryptedKey"))
        .ok_or_else(|| malformed("EncryptedKey", "the node is not an xenc:EncryptedKey"))
}

fn check_encrypted_key_budget(
    doc: &Document<'_>,
    policy: &DecryptionPolicy,
) -> Result<(), XencError> {
    let n = doc
        .elements()
        .filter(|e| e.is(XENC_NS, "EncryptedKey"))
        .take(policy.max_encrypted_keys + 1)
        .count();
    if n > policy.max_encrypted_keys {
        return Err(XencError::BudgetExceeded {
            what: "EncryptedKey elements in the document",
            max: policy.max_encrypted_keys,
        });
    }
    Ok(())
}

/// The algorithm of an `EncryptedData`, checked against the policy (before any key is touched).
fn block_algorithm(
    ed: Element<'_>,
    policy: &DecryptionPolicy,
) -> Result<BlockAlgorithm, XencError> {
    let method = child(ed, XENC_NS, "EncryptionMethod").ok_or_else(|| {
        malformed(
            "EncryptedData",
            "no EncryptionMethod (the algorithm is not implied)",
        )
    })?;
    let uri = algorithm_attr(method, "EncryptedData")?;
    if uri == RSA_1_5 {
        return Err(XencError::RsaV15Refused { uri: uri.into() });
    }
    let alg = BlockAlgorithm::from_uri(uri).ok_or_else(|| unsupported(uri))?;
    alg.check_allowed(policy)?;
    Ok(alg)
}

// ---- EncryptedKey -------------------------------------------------------------------------------

/// How an `EncryptedKey` is encrypted, read from its `EncryptionMethod`.
#[derive(Debug, Clone)]
enum KeyMethod {
    Oaep(OaepParams),
    Wrap(KeyWrapAlgorithm),
}

fn key_method(ek: Element<'_>) -> Result<KeyMethod, XencError> {
    let method = child(ek, XENC_NS, "EncryptionMethod")
        .ok_or_else(|| malformed("EncryptedKey", "no EncryptionMethod"))?;
    let uri = algorithm_attr(method, "EncryptedKey")?;
    if uri == RSA_1_5 {
        return Err(XencError::RsaV15Refused { uri: uri.into() });
    }
    if let Some(kw) = KeyWrapAlgorithm::from_uri(uri) {
        return Ok(KeyMethod::Wrap(kw));
    }
    let default_mgf = match uri {
        RSA_OAEP_MGF1P | RSA_OAEP => OaepHash::Sha1,
        _ => return Err(unsupported(uri)),
    };
    let digest = match child(method, DSIG_NS, "DigestMethod") {
        None => OaepHash::Sha1,
        Some(dm) => {
            let d = dm
                .attribute("", "Algorithm")
                .ok_or_else(|| malformed("EncryptedKey", "DigestMethod without Algorithm"))?;
            oaep_hash_from_digest_uri(d).ok_or_else(|| unsupported(d))?
        }
    };
    // xmlenc11:MGF is defined for xmlenc11#rsa-oaep; xmlsec also honours it on rsa-oaep-mgf1p.
    let mgf1 = match child(method, XENC11_NS, "MGF") {
        None => default_mgf,
        Some(m) => {
            let u = m
                .attribute("", "Algorithm")
                .ok_or_else(|| malformed("EncryptedKey", "MGF without Algorithm"))?;
            MGF_URIS
                .iter()
                .find(|(x, _)| *x == u)
                .map(|(_, h)| *h)
                .ok_or_else(|| unsupported(u))?
        }
    };
    let mut params = OaepParams::new(digest, mgf1);
    if let Some(p) = child(method, XENC_NS, "OAEPparams") {
        params = params.with_label(&b64_decode(&p.text(), "EncryptedKey")?);
    }
    Ok(KeyMethod::Oaep(params))
}

/// Unwraps the key of an `EncryptedKey` with the given key-encryption key. RSA-1.5 is refused
/// before any RSA operation; every decryption failure is [`XencError::DecryptionFailed`].
pub fn unwrap_key(
    doc: &Document<'_>,
    encrypted_key_node: NodeId,
    kek: KeyEncryptionKey<'_>,
) -> Result<SymmetricKey, XencError> {
    unwrap_key_metered(
        doc,
        encrypted_key_node,
        kek,
        None,
        &mut DecryptionPolicy::default().meter(),
    )
}

/// Refuse an OAEP key transport the policy does not list (before any RSA operation).
fn check_key_transport(
    ek: Element<'_>,
    method: &KeyMethod,
    policy: Option<&DecryptionPolicy>,
) -> Result<(), XencError> {
    let (KeyMethod::Oaep(params), Some(allowed)) =
        (method, policy.and_then(|p| p.key_transports.as_ref()))
    else {
        return Ok(());
    };
    let uri = child(ek, XENC_NS, "EncryptionMethod")
        .and_then(|m| m.attribute("", "Algorithm"))
        .unwrap_or("");
    let ok = allowed.iter().any(|t| {
        let family = match t {
            KeyTransport::RsaOaepMgf1pSha1 => RSA_OAEP_MGF1P,
            KeyTransport::RsaOaep { .. } => RSA_OAEP,
        };
        let p = t.params();
        family == uri && p.digest() == params.digest() && p.mgf1() == params.mgf1()
    });
    if ok {
        Ok(())
    } else {
        Err(XencError::AlgorithmNotAllowed {
            uri: uri.to_owned(),
            reason: "the key transport (with its digest and MGF) is not the policy's",
        })
    }
}

fn unwrap_key_metered(
    doc: &Document<'_>,
    encrypted_key_node: NodeId,
    kek: KeyEncryptionKey<'_>,
    policy: Option<&DecryptionPolicy>,
    meter: &mut Meter,
) -> Result<SymmetricKey, XencError> {
    let ek = encrypted_key(doc, encrypted_key_node)?;
    let method = key_method(ek)?;
    check_key_transport(ek, &method, policy)?;
    let cv = cipher_value(ek, "EncryptedKey")?;
    unwrap_with(&method, &cv, kek, meter)
}

fn unwrap_with(
    method: &KeyMethod,
    cv: &[u8],
    kek: KeyEncryptionKey<'_>,
    meter: &mut Meter,
) -> Result<SymmetricKey, XencError> {
    if matches!(
        (method, kek),
        (KeyMethod::Oaep(_), KeyEncryptionKey::Private(_))
            | (KeyMethod::Wrap(_), KeyEncryptionKey::Symmetric(_))
    ) {
        meter.charge(BudgetKind::Decryptions, 1)?;
    }
    let raw = match (method, kek) {
        (KeyMethod::Oaep(params), KeyEncryptionKey::Private(pk)) => {
            match pk.rsa_oaep_decrypt(params, cv) {
                Ok(k) => k,
                Err(KeyError::Decryption) => {
                    tracing::debug!("xenc: RSA-OAEP decryption failed");
                    return Err(XencError::DecryptionFailed);
                }
                Err(e) => return Err(XencError::Key(e)),
            }
        }
        (KeyMethod::Wrap(alg), KeyEncryptionKey::Symmetric(k)) => {
            if k.len() != alg.kek_len() {
                return Err(XencError::KeyLength {
                    algorithm: alg.uri(),
                    expected: alg.kek_len(),
                    got: k.len(),
                });
            }
            cipher::kw_unwrap(k.bytes(), cv).map_err(|_| XencError::DecryptionFailed)?
        }
        (KeyMethod::Oaep(_), KeyEncryptionKey::Symmetric(_)) => {
            return Err(XencError::KeyNotFound {
                detail: "RSA-OAEP needs an RSA private key, a symmetric key was given".into(),
            });
        }
        (KeyMethod::Wrap(_), KeyEncryptionKey::Private(_)) => {
            return Err(XencError::KeyNotFound {
                detail: "AES key wrap needs a symmetric key, a private key was given".into(),
            });
        }
    };
    if !matches!(raw.len(), 16 | 24 | 32) {
        tracing::debug!(len = raw.len(), "xenc: unwrapped key of an unusable length");
        return Err(XencError::DecryptionFailed);
    }
    Ok(SymmetricKey(raw))
}

/// Unwraps an `EncryptedKey` with keys from `resolver` (its `ds:KeyInfo`/`KeyName`).
pub fn resolve_encrypted_key(
    doc: &Document<'_>,
    encrypted_key_node: NodeId,
    resolver: &dyn KeyResolver,
    policy: &DecryptionPolicy,
) -> Result<SymmetricKey, XencError> {
    resolve_encrypted_key_metered(
        doc,
        encrypted_key_node,
        resolver,
        policy,
        &mut policy.meter(),
    )
}

fn resolve_encrypted_key_metered(
    doc: &Document<'_>,
    encrypted_key_node: NodeId,
    resolver: &dyn KeyResolver,
    policy: &DecryptionPolicy,
    meter: &mut Meter,
) -> Result<SymmetricKey, XencError> {
    let ek = encrypted_key(doc, encrypted_key_node)?;
    let method = key_method(ek)?;
    check_key_transport(ek, &method, Some(policy))?;
    let cv = cipher_value(ek, "EncryptedKey")?;
    let ki = child(ek, DSIG_NS, "KeyInfo");
    unsupported_key_info(ki)?;
    let name = key_name(ki);
    let mut tried = 0;
    let mut last = None;
    match &method {
        KeyMethod::Oaep(_) => {
            for pk in resolver.private_keys(ki, name.as_deref()) {
                if tried >= policy.max_key_attempts {
                    break;
                }
                tried += 1;
                match unwrap_with(&method, &cv, KeyEncryptionKey::Private(pk), meter) {
                    Ok(k) => return Ok(k),
                    Err(e @ XencError::BudgetExceeded { .. }) => return Err(e),
                    Err(e) => last = Some(e),
                }
            }
        }
        KeyMethod::Wrap(alg) => {
            for k in resolver.symmetric_keys(ki, name.as_deref()) {
                if k.len() != alg.kek_len() {
                    continue;
                }
                if tried >= policy.max_key_attempts {
                    break;
                }
                tried += 1;
                match unwrap_with(&method, &cv, KeyEncryptionKey::Symmetric(k), meter) {
                    Ok(k) => return Ok(k),
                    Err(e @ XencError::BudgetExceeded { .. }) => return Err(e),
                    Err(e) => last = Some(e),
                }
            }
        }
    }
    Err(last.unwrap_or_else(|| XencError::KeyNotFound {
        detail: match name {
            Some(n) => format!("no key for EncryptedKey with KeyName {n:?}"),
            None => "no key for EncryptedKey".into(),
        },
    }))
}

/// The content-encryption key of an `EncryptedData`: from a nested `EncryptedKey`, a
/// `RetrievalMethod` to one, a `KeyName` the resolver knows, or a document-level `EncryptedKey`
/// whose `ReferenceList` names this `EncryptedData`.
pub fn resolve_content_key(
    doc: &Document<'_>,
    encrypted_data_node: NodeId,
    resolver: &dyn KeyResolver,
    policy: &DecryptionPolicy,
) -> Result<SymmetricKey, XencError> {
    resolve_content_key_metered(
        doc,
        encrypted_data_node,
        resolver,
        policy,
        &mut policy.meter(),
    )
}

fn resolve_content_key_metered(
    doc: &Document<'_>,
    encrypted_data_node: NodeId,
    resolver: &dyn KeyResolver,
    policy: &DecryptionPolicy,
    meter: &mut Meter,
) -> Result<SymmetricKey, XencError> {
    check_encrypted_key_budget(doc, policy)?;
    let ed = encrypted_data(doc, encrypted_data_node)?;
    let alg = block_algorithm(ed, policy)?;
    let ki = child(ed, DSIG_NS, "KeyInfo");
    unsupported_key_info(ki)?;
    let mut candidates: Vec<NodeId> = Vec::new();
    if let Some(ki) = ki {
        for c in ki.child_elements() {
            if c.is(XENC_NS, "EncryptedKey") {
                candidates.push(c.id());
            } else if c.is(DSIG_NS, "RetrievalMethod")
                && c.attribute("", "Type") == Some(TYPE_ENCRYPTED_KEY)
            {
                let uri = c.attribute("", "URI").unwrap_or("");
                let target = bare_name(uri)
                    .and_then(|id| doc.element_by_id(id))
                    .filter(|e| e.is(XENC_NS, "EncryptedKey"))
                    .ok_or_else(|| XencError::BadReference {
                        uri: uri.into(),
                        expected: "xenc:EncryptedKey",
                    })?;
                candidates.push(target.id());
            }
        }
    }
    if candidates.is_empty()
        && let Some(id) = id_of(ed)
    {
        let wanted = format!("#{id}");
        for ek in doc.elements().filter(|e| e.is(XENC_NS, "EncryptedKey")) {
            let listed = child(ek, XENC_NS, "ReferenceList").is_some_and(|rl| {
                rl.child_elements().any(|d| {
                    d.is(XENC_NS, "DataReference") && d.attribute("", "URI") == Some(&wanted)
                })
            });
            if listed {
                candidates.push(ek.id());
            }
        }
    }
    let mut last = None;
    for ek in candidates.iter().take(policy.max_encrypted_keys) {
        match resolve_encrypted_key_metered(doc, *ek, resolver, policy, meter) {
            Ok(k) if k.len() == alg.key_len() => return Ok(k),
            Err(e @ XencError::BudgetExceeded { .. }) => return Err(e),
            Ok(_) => {
                tracing::debug!("xenc: unwrapped key does not fit the content algorithm");
                last = Some(XencError::DecryptionFailed);
            }
            Err(e) => last = Some(e),
        }
    }
    if let Some(e) = last {
        // A refused or unsupported EncryptedKey algorithm says so; anything else is uniform.
        return Err(e);
    }
    let name = key_name(ki);
    let keys: Vec<&SymmetricKey> = resolver
        .symmetric_keys(ki, name.as_deref())
        .into_iter()
        .filter(|k| k.len() == alg.key_len())
        .take(policy.max_key_attempts)
        .collect();
    match keys.as_slice() {
        [] => Err(XencError::KeyNotFound {
            detail: match name {
                Some(n) => format!("no {}-bit key named {n:?}", alg.key_len() * 8),
                None => "no EncryptedKey and no KeyName".into(),
            },
        }),
        [one] => Ok((*one).clone()),
        many => {
            // Several candidates: the one whose decryption succeeds (GCM) is the key.
            let cv = cipher_value(ed, "EncryptedData")?;
            for k in many {
                meter.charge(BudgetKind::Decryptions, 1)?;
                if alg.decrypt(k, &cv).is_ok() {
                    return Ok((*k).clone());
                }
            }
            Err(XencError::DecryptionFailed)
        }
    }
}

// ---- EncryptedData ------------------------------------------------------------------------------

/// What an `EncryptedData` stood for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EncryptedType {
    /// `xmlenc#Element`: the EncryptedData replaces one element.
    Element,
    /// `xmlenc#Content`: the EncryptedData replaces an element's content.
    Content,
}

impl EncryptedType {
    /// The `Type` URI.
    pub fn uri(self) -> &'static str {
        match self {
            EncryptedType::Element => TYPE_ELEMENT,
            EncryptedType::Content => TYPE_CONTENT,
        }
    }
}

/// One decrypted `EncryptedData`, as found in the new document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecryptedPart {
    /// The `Id` of the `EncryptedData` (if it had one).
    pub encrypted_data_id: Option<String>,
    /// Element or Content.
    pub kind: EncryptedType,
    /// The algorithm that protected it.
    pub algorithm: BlockAlgorithm,
    /// The parent element, in the new document, of the decrypted nodes.
    pub parent: Option<NodeId>,
    /// The top-level nodes of the plaintext, in the new document, in order (for Type Element:
    /// exactly one element, possibly with surrounding whitespace text or comments).
    pub nodes: Vec<NodeId>,
}

/// The document after decryption, and what replaced each `EncryptedData`.
#[derive(Debug)]
pub struct Decrypted {
    /// The new document.
    pub document: Document<'static>,
    /// One entry per decrypted `EncryptedData`, in document order.
    pub parts: Vec<DecryptedPart>,
}

/// A planned replacement: the EncryptedData's span and the plaintext.
struct Planned {
    start: usize,
    end: usize,
    plaintext: Zeroizing<String>,
    id: Option<String>,
    kind: EncryptedType,
    algorithm: BlockAlgorithm,
}

fn encrypted_type(ed: Element<'_>) -> Result<EncryptedType, XencError> {
    match ed.attribute("", "Type") {
        Some(TYPE_ELEMENT) => Ok(EncryptedType::Element),
        Some(TYPE_CONTENT) => Ok(EncryptedType::Content),
        _ => Err(XencError::UnsupportedFeature {
            feature: "EncryptedData whose Type is neither Element nor Content cannot be spliced into the tree (use decrypt_data_bytes)",
        }),
    }
}

fn plan(
    doc: &Document<'_>,
    node: NodeId,
    key: &SymmetricKey,
    policy: &DecryptionPolicy,
    meter: &mut Meter,
) -> Result<Planned, XencError> {
    let ed = encrypted_data(doc, node)?;
    let kind = encrypted_type(ed)?;
    let algorithm = block_algorithm(ed, policy)?;
    let cv = cipher_value(ed, "EncryptedData")?;
    meter.charge(BudgetKind::Decryptions, 1)?;
    let bytes = algorithm.decrypt(key, &cv)?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(s) => Zeroizing::new(s.to_owned()),
        Err(_) => {
            tracing::debug!("xenc: plaintext is not UTF-8");
            return Err(XencError::DecryptionFailed);
        }
    };
    let span = ed.span();
    Ok(Planned {
        start: span.start,
        end: span.end,
        plaintext: text,
        id: id_of(ed).map(str::to_owned),
        kind,
        algorithm,
    })
}

fn splice(doc: &Document<'_>, mut planned: Vec<Planned>) -> Result<Decrypted, XencError> {
    planned.sort_by_key(|p| p.start);
    let mut edits = Edits::new();
    for p in &planned {
        let node = doc
            .nodes()
            .find(|n| n.kind() == NodeKind::Element && n.span() == (p.start..p.end))
            .map(|n| n.id())
            .ok_or(XencError::DecryptionFailed)?;
        edits.replace(node, p.plaintext.as_str());
    }
    let new = doc.apply(&edits).map_err(|e| {
        tracing::debug!(error = %e, "xenc: plaintext is not well-formed in its context");
        XencError::DecryptionFailed
    })?;
    let mut parts = Vec::with_capacity(planned.len());
    let mut shift: i64 = 0;
    for p in &planned {
        let start = (p.start as i64 + shift) as usize;
        let end = start + p.plaintext.len();
        shift += p.plaintext.len() as i64 - (p.end - p.start) as i64;
        let inside = |r: &std::ops::Range<usize>| r.start >= start && r.end <= end && r != &(0..0);
        let mut nodes = Vec::new();
        let mut parent = None;
        for n in new.nodes() {
            if n.kind() == NodeKind::Document || !inside(&n.span()) || n.span().is_empty() {
                continue;
            }
            let par = n.parent();
            if par.is_some_and(|q| inside(&q.span()) && q.kind() != NodeKind::Document) {
                continue;
            }
            parent = par
                .filter(|q| q.kind() == NodeKind::Element)
                .map(|q| q.id());
            nodes.push(n.id());
        }
        if p.kind == EncryptedType::Element {
            let mut elements = 0;
            for id in &nodes {
                let Some(n) = new.node(*id) else { continue };
                match n.kind() {
                    NodeKind::Element => elements += 1,
                    NodeKind::Text if n.text().trim().is_empty() => {}
                    NodeKind::Comment => {}
                    _ => elements += 2,
                }
            }
            if elements != 1 {
                tracing::debug!("xenc: Type Element plaintext is not exactly one element");
                return Err(XencError::DecryptionFailed);
            }
        }
        parts.push(DecryptedPart {
            encrypted_data_id: p.id.clone(),
            kind: p.kind,
            algorithm: p.algorithm,
            parent,
            nodes,
        });
    }
    Ok(Decrypted {
        document: new,
        parts,
    })
}

/// Decrypts one `EncryptedData` (Type Element or Content) with a known content-encryption key and
/// splices the plaintext in its place.
pub fn decrypt_data(
    doc: &Document<'_>,
    encrypted_data_node: NodeId,
    key: &SymmetricKey,
    policy: &DecryptionPolicy,
) -> Result<Decrypted, XencError> {
    let p = plan(doc, encrypted_data_node, key, policy, &mut policy.meter())?;
    splice(doc, vec![p])
}

/// Decrypts an `EncryptedData` of any Type (or none) to its raw plaintext bytes, without touching
/// the tree: for binary or MIME content, or a document whose root is the `EncryptedData`.
pub fn decrypt_data_bytes(
    doc: &Document<'_>,
    encrypted_data_node: NodeId,
    key: &SymmetricKey,
    policy: &DecryptionPolicy,
) -> Result<Zeroizing<Vec<u8>>, XencError> {
    let ed = encrypted_data(doc, encrypted_data_node)?;
    let algorithm = block_algorithm(ed, policy)?;
    let cv = cipher_value(ed, "EncryptedData")?;
    policy.meter().charge(BudgetKind::Decryptions, 1)?;
    algorithm.decrypt(key, &cv)
}

/// Decrypts one `EncryptedData`, finding its key through its `ds:KeyInfo` and `resolver`.
pub fn decrypt(
    doc: &Document<'_>,
    encrypted_data_node: NodeId,
    resolver: &dyn KeyResolver,
    policy: &DecryptionPolicy,
) -> Result<Decrypted, XencError> {
    let mut meter = policy.meter();
    let key = resolve_content_key_metered(doc, encrypted_data_node, resolver, policy, &mut meter)?;
    let p = plan(doc, encrypted_data_node, &key, policy, &mut meter)?;
    splice(doc, vec![p])
}

fn reference_targets(
    doc: &Document<'_>,
    list: Element<'_>,
    policy: &DecryptionPolicy,
) -> Result<Vec<NodeId>, XencError> {
    let count = list
        .child_elements()
        .filter(|r| r.is(XENC_NS, "DataReference"))
        .take(policy.max_data_references + 1)
        .count();
    if count > policy.max_data_references {
        return Err(XencError::BudgetExceeded {
            what: "DataReferences in a ReferenceList",
            max: policy.max_data_references,
        });
    }
    let mut out: Vec<NodeId> = Vec::new();
    for r in list.child_elements() {
        if r.is(XENC_NS, "KeyReference") {
            continue;
        }
        if !r.is(XENC_NS, "DataReference") {
            return Err(malformed(
                "ReferenceList",
                format!("unexpected <{}>", r.qname()),
            ));
        }
        let uri = r.attribute("", "URI").unwrap_or("");
        let target = bare_name(uri)
            .and_then(|id| doc.element_by_id(id))
            .filter(|e| e.is(XENC_NS, "EncryptedData"))
            .ok_or_else(|| XencError::BadReference {
                uri: uri.into(),
                expected: "xenc:EncryptedData",
            })?;
        if out.contains(&target.id()) {
            return Err(malformed("ReferenceList", format!("{uri} is listed twice")));
        }
        out.push(target.id());
    }
    Ok(out)
}

/// Unwraps an `EncryptedKey` with `kek` and decrypts every `EncryptedData` its `ReferenceList`
/// names, in one edit of the document (the WS-Security layout: the `EncryptedKey` in the
/// Security header, the `EncryptedData` in the body or in `wsse11:EncryptedHeader`s).
pub fn decrypt_with_encrypted_key(
    doc: &Document<'_>,
    encrypted_key_node: NodeId,
    kek: KeyEncryptionKey<'_>,
    policy: &DecryptionPolicy,
) -> Result<Decrypted, XencError> {
    decrypt_with_encrypted_key_metered(doc, encrypted_key_node, kek, policy, &mut policy.meter())
}

/// [`decrypt_with_encrypted_key`] under `meter`: one unwrap plus one decryption per listed
/// `EncryptedData`, all checked against the meter's decryption budget before the key is
/// unwrapped, and each counted as it is done.
pub(crate) fn decrypt_with_encrypted_key_metered(
    doc: &Document<'_>,
    encrypted_key_node: NodeId,
    kek: KeyEncryptionKey<'_>,
    policy: &DecryptionPolicy,
    meter: &mut Meter,
) -> Result<Decrypted, XencError> {
    check_encrypted_key_budget(doc, policy)?;
    let ek = encrypted_key(doc, encrypted_key_node)?;
    let list = child(ek, XENC_NS, "ReferenceList")
        .ok_or_else(|| malformed("EncryptedKey", "no ReferenceList"))?;
    let targets = reference_targets(doc, list, policy)?;
    // Check every algorithm, and that the whole job fits the budget, before the key is
    // unwrapped.
    for t in &targets {
        block_algorithm(encrypted_data(doc, *t)?, policy)?;
    }
    meter.check(BudgetKind::Decryptions, 1 + targets.len() as u64)?;
    let key = unwrap_key_metered(doc, encrypted_key_node, kek, Some(policy), meter)?;
    let mut planned = Vec::with_capacity(targets.len());
    for t in targets {
        planned.push(plan(doc, t, &key, policy, meter)?);
    }
    splice(doc, planned)
}

/// Decrypts every `EncryptedData` a standalone `xenc:ReferenceList` names (each with the key its
/// own `ds:KeyInfo` leads to), in one edit of the document.
pub fn decrypt_reference_list(
    doc: &Document<'_>,
    reference_list_node: NodeId,
    resolver: &dyn KeyResolver,
    policy: &DecryptionPolicy,
) -> Result<Decrypted, XencError> {
    let list = doc
        .element(reference_list_node)
        .filter(|e| e.is(XENC_NS, "ReferenceList"))
        .ok_or_else(|| malformed("ReferenceList", "the node is not an xenc:ReferenceList"))?;
    let targets = reference_targets(doc, list, policy)?;
    let mut meter = policy.meter();
    let mut planned = Vec::with_capacity(targets.len());
    for t in targets {
        let key = resolve_content_key_metered(doc, t, resolver, policy, &mut meter)?;
        planned.push(plan(doc, t, &key, policy, &mut meter)?);
    }
    splice(doc, planned)
}

// ---- encryption ---------------------------------------------------------------------------------

/// Options of one `EncryptedKey`.
#[derive(Debug, Clone, Default)]
pub struct EncryptedKeyOptions {
    /// Its `Id`.
    pub id: Option<String>,
    /// `ds:KeyInfo` markup naming the key-encryption key (for example a WS-Security
    /// `SecurityTokenReference` in a `ds:KeyInfo`), inserted verbatim: it must be well-formed and
    /// declare its own prefixes.
    pub key_info: Option<String>,
    /// Put a `ReferenceList` of everything encrypted with the key into the `EncryptedKey`.
    pub reference_list: bool,
}

/// Encrypts parts of a document with one content-encryption key and makes the `EncryptedKey`.
///
/// ```
/// use soapsec::xenc::{BlockAlgorithm, ContentEncryptor, EncryptedType};
/// use soapsec::xml::{Document, Edits};
/// let doc = Document::parse(r#"<a><b Id="x">secret</b></a>"#).unwrap();
/// let b = doc.root().first_child_element().unwrap().id();
/// let mut enc = ContentEncryptor::new(BlockAlgorithm::Aes256Gcm, Default::default()).unwrap();
/// let mut edits = Edits::new();
/// enc.encrypt(&doc, b, EncryptedType::Element, "ED-1", None, &mut edits).unwrap();
/// let encrypted = doc.apply(&edits).unwrap();
/// assert!(!encrypted.source().contains("secret"));
/// ```
#[derive(Debug)]
pub struct ContentEncryptor {
    algorithm: BlockAlgorithm,
    key: SymmetricKey,
    references: Vec<String>,
}

impl ContentEncryptor {
    /// A fresh random content-encryption key for `algorithm`. AES-CBC needs [`Legacy::aes_cbc`].
    pub fn new(algorithm: BlockAlgorithm, legacy: Legacy) -> Result<Self, XencError> {
        Self::with_key(algorithm, SymmetricKey::generate(algorithm)?, legacy)
    }

    /// A given content-encryption key (for example a WS-SecureConversation derived key).
    pub fn with_key(
        algorithm: BlockAlgorithm,
        key: SymmetricKey,
        legacy: Legacy,
    ) -> Result<Self, XencError> {
        if algorithm.is_cbc() && !legacy.aes_cbc() {
            return Err(XencError::AlgorithmNotAllowed {
                uri: algorithm.uri().into(),
                reason: "AES-CBC needs the legacy switch (Legacy::allow_aes_cbc_for_legacy_use_only)",
            });
        }
        if key.len() != algorithm.key_len() {
            return Err(XencError::KeyLength {
                algorithm: algorithm.uri(),
                expected: algorithm.key_len(),
                got: key.len(),
            });
        }
        Ok(ContentEncryptor {
            algorithm,
            key,
            references: Vec::new(),
        })
    }

    /// The content-encryption key.
    pub fn key(&self) -> &SymmetricKey {
        &self.key
    }

    /// The algorithm.
    pub fn algorithm(&self) -> BlockAlgorithm {
        self.algorithm
    }

    /// The `#id` of every `EncryptedData` made so far.
    pub fn data_references(&self) -> &[String] {
        &self.references
    }

    /// The `EncryptedData` markup for `plaintext`.
    pub fn encrypted_data_markup(
        &self,
        plaintext: &[u8],
        kind: Option<EncryptedType>,
        id: &str,
        key_info: Option<&str>,
    ) -> Result<String, XencError> {
        let ct = self.algorithm.encrypt(&self.key, plaintext)?;
        let id = crate::xml::escape_attr(id);
        let ty = kind
            .map(|k| format!(r#" Type="{}""#, k.uri()))
            .unwrap_or_default();
        let cipher = b64(&ct);
        let key_info = key_info.unwrap_or("");
        // Sized up front: the CipherValue of a large body is most of the markup.
        let mut out = String::with_capacity(cipher.len() + key_info.len() + 512);
        out.push_str(&format!(
            r#"<xenc:EncryptedData xmlns:xenc="{XENC_NS}" Id="{id}"{ty}><xenc:EncryptionMethod Algorithm="{}"/>"#,
            self.algorithm.uri(),
        ));
        out.push_str(key_info);
        out.push_str("<xenc:CipherData><xenc:CipherValue>");
        out.push_str(&cipher);
        out.push_str("</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>");
        Ok(out)
    }

    /// Encrypts element `target` (Type Element) or its content (Type Content) into an
    /// `EncryptedData` with `Id` `id`, recording the edit in `edits`. `key_info` is optional
    /// `ds:KeyInfo` markup for the `EncryptedData` (such as an STR to the `EncryptedKey`, or a
    /// nested `EncryptedKey` from [`ContentEncryptor::encrypted_key_rsa_oaep`]).
    pub fn encrypt(
        &mut self,
        doc: &Document<'_>,
        target: NodeId,
        kind: EncryptedType,
        id: &str,
        key_info: Option<&str>,
        edits: &mut Edits,
    ) -> Result<(), XencError> {
        let el = doc.element(target).ok_or_else(|| XencError::Edit {
            reason: "the target is not an element".into(),
        })?;
        let plaintext = match kind {
            EncryptedType::Element => &doc.source()[el.span()],
            EncryptedType::Content => el.raw_content(),
        };
        let markup = self.encrypted_data_markup(plaintext.as_bytes(), Some(kind), id, key_info)?;
        match kind {
            EncryptedType::Element => edits.replace(target, markup),
            EncryptedType::Content => edits.replace_children(target, markup),
        };
        self.references.push(format!("#{id}"));
        Ok(())
    }

    fn encrypted_key_markup(
        &self,
        method: &str,
        cipher_value: &[u8],
        options: &EncryptedKeyOptions,
    ) -> String {
        let id = options
            .id
            .as_deref()
            .map(|i| format!(r#" Id="{}""#, crate::xml::escape_attr(i)))
            .unwrap_or_default();
        let refs = if options.reference_list && !self.references.is_empty() {
            let items: String = self
                .references
                .iter()
                .map(|r| {
                    format!(
                        r#"<xenc:DataReference URI="{}"/>"#,
                        crate::xml::escape_attr(r)
                    )
                })
                .collect();
            format!("<xenc:ReferenceList>{items}</xenc:ReferenceList>")
        } else {
            String::new()
        };
        format!(
            r#"<xenc:EncryptedKey xmlns:xenc="{XENC_NS}"{id}>{method}{}<xenc:CipherData><xenc:CipherValue>{}</xenc:CipherValue></xenc:CipherData>{refs}</xenc:EncryptedKey>"#,
            options.key_info.as_deref().unwrap_or(""),
            b64(cipher_value)
        )
    }

    /// `EncryptedKey` markup: the content key, RSA-OAEP encrypted to `recipient`.
    pub fn encrypted_key_rsa_oaep(
        &self,
        recipient: &PublicKey,
        transport: &KeyTransport,
        options: &EncryptedKeyOptions,
    ) -> Result<String, XencError> {
        let ct = recipient.rsa_oaep_encrypt(&transport.params(), self.key.bytes())?;
        Ok(self.encrypted_key_markup(&transport.method_markup(), &ct, options))
    }

    /// `EncryptedKey` markup: the content key, AES-key-wrapped under `kek` (kw-aes128/192/256 by
    /// the KEK's length).
    pub fn encrypted_key_wrapped(
        &self,
        kek: &SymmetricKey,
        options: &EncryptedKeyOptions,
    ) -> Result<String, XencError> {
        let alg = KeyWrapAlgorithm::for_kek_len(kek.len()).ok_or(XencError::KeyLength {
            algorithm: "kw-aes",
            expected: 32,
            got: kek.len(),
        })?;
        let wrapped = cipher::kw_wrap(kek.bytes(), self.key.bytes()).map_err(|_| XencError::Rng)?;
        let method = format!(r#"<xenc:EncryptionMethod Algorithm="{}"/>"#, alg.uri());
        Ok(self.encrypted_key_markup(&method, &wrapped, options))
    }
}

/// How [`encrypt_for_recipient`] encrypts.
#[derive(Debug, Clone)]
pub struct RecipientEncryption {
    /// The content-encryption algorithm.
    pub algorithm: BlockAlgorithm,
    /// Legacy switches (AES-CBC needs [`Legacy::aes_cbc`]).
    pub legacy: Legacy,
    /// The key transport.
    pub transport: KeyTransport,
    /// `ds:KeyInfo` markup for the `EncryptedKey` (naming the recipient's certificate).
    pub key_info: Option<String>,
}

impl Default for RecipientEncryption {
    fn default() -> Self {
        RecipientEncryption {
            algorithm: BlockAlgorithm::Aes256Gcm,
            legacy: Legacy::NONE,
            transport: KeyTransport::RSA_OAEP_SHA256,
            key_info: None,
        }
    }
}

/// Encrypts one element (or its content) for a recipient's RSA public key, with the
/// `EncryptedKey` nested in the `EncryptedData`'s `ds:KeyInfo` (the layout xmlsec1 and
/// xml-encryption produce and read), and returns the new document.
pub fn encrypt_for_recipient(
    doc: &Document<'_>,
    target: NodeId,
    kind: EncryptedType,
    recipient: &PublicKey,
    how: &RecipientEncryption,
) -> Result<Document<'static>, XencError> {
    let mut enc = ContentEncryptor::new(how.algorithm, how.legacy)?;
    let ek = enc.encrypted_key_rsa_oaep(
        recipient,
        &how.transport,
        &EncryptedKeyOptions {
            key_info: how.key_info.clone(),
            ..Default::default()
        },
    )?;
    let ki = format!(r#"<ds:KeyInfo xmlns:ds="{DSIG_NS}">{ek}</ds:KeyInfo>"#);
    let mut edits = Edits::new();
    let id = format!("ED-{}", random_suffix()?);
    enc.encrypt(doc, target, kind, &id, Some(&ki), &mut edits)?;
    doc.apply(&edits).map_err(|e| XencError::Edit {
        reason: e.to_string(),
    })
}

fn random_suffix() -> Result<String, XencError> {
    let mut b = [0u8; 8];
    cipher::random(&mut b).map_err(|_| XencError::Rng)?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}
