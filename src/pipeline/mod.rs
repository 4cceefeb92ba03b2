//! The security pipeline: contract-driven protection outbound, strict verification and
//! enforcement inbound, and the verified view an application reads.
//!
//! | module | owns |
//! |---|---|
//! | [`outbound`] | [`protect`]: resolved requirements + binding + credentials + envelope → secured envelope |
//! | [`inbound`] | [`verify`]: bytes → one bounded parse → the Security header in document order → achieved protection per part → compared with the requirements → [`Verified`] |
//! | [`verified`] | [`Verified`]: the caller's identity, each part's protection, handles at fixed positions |
//! | [`security_header`] | finding the one `wsse:Security` for us, classifying its children, layouts |
//! | [`timestamp`] | `wsu:Timestamp` writing, parsing and checking; the injectable [`Clock`] |
//! | [`replay`] | the [`ReplayCache`] trait and a bounded in-memory cache |
//! | [`fault`] | the SOAP fault sent to the peer on a verification failure |
//! | [`texts`] | WCF's receive-side texts that the contract layer does not already hold |
//!
//! # Algorithms
//!
//! WCF's presets use the `Basic256` suite (rsa-sha1, sha1, aes256-cbc, rsa-oaep-mgf1p), which
//! needs SHA-1 and AES-CBC. soapsec does not take the algorithms from the preset by default:
//! [`Algorithms::modern`] (the default) is `Basic256Sha256` for the signature (rsa-sha256,
//! sha256 digests, exclusive C14N) with AES-256-GCM content encryption and RSA-OAEP
//! (xmlenc11, SHA-256/MGF1-SHA256) key transport. [`Algorithms::from_suite`] maps a binding's
//! suite exactly, and refuses a SHA-1 or CBC suite unless the caller passes a [`Legacy`]
//! switch that admits it. Inbound, the same [`Algorithms`] value is the policy: a message
//! naming any other algorithm is refused (attack class J).

pub mod fault;
pub mod inbound;
pub mod outbound;
pub mod replay;
pub mod security_header;
pub mod texts;
pub mod timestamp;
pub mod verified;

pub use fault::security_fault;
pub use inbound::{
    DEFAULT_MAX_MESSAGE_AGE_SECONDS, DEFAULT_REPLAY_CAPACITY, DEFAULT_SKEW_SECONDS, InboundOptions,
    MAX_MESSAGE_AGE_SECONDS, MAX_SKEW_SECONDS, verify, verify_metered,
};
pub use outbound::{
    Credentials, KeyReference, OutboundOptions, Protected, protect, protect_detailed,
};
pub use replay::{InMemoryReplayCache, ReplayCache, ReplayDetection, ReplayVerdict};
pub use timestamp::{Clock, FixedClock, SystemClock};
pub use verified::{PartProtection, Protection, Verified, VerifiedBody, VerifiedHeader};

use crate::algorithms::{DigestAlgorithm, Legacy};
use crate::binding::{AlgorithmSuite, Binding, ProtectionOrder};
use crate::contract::{Direction, Resolution, ScopedParts};
use crate::keys::SignatureAlgorithm;
use crate::xenc::{BlockAlgorithm, KeyTransport};

/// The algorithms one endpoint uses, both to protect and as its inbound policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Algorithms {
    /// The asymmetric signature method.
    pub signature: SignatureAlgorithm,
    /// The reference digest.
    pub digest: DigestAlgorithm,
    /// Content encryption.
    pub block: BlockAlgorithm,
    /// Key transport for the `EncryptedKey`.
    pub key_transport: KeyTransport,
    /// Legacy switches in force (SHA-1, AES-CBC).
    pub legacy: Legacy,
}

impl Default for Algorithms {
    fn default() -> Self {
        Algorithms::modern()
    }
}

impl Algorithms {
    /// The tested default: rsa-sha256, sha256, AES-256-GCM, RSA-OAEP (SHA-256).
    pub fn modern() -> Algorithms {
        Algorithms {
            signature: SignatureAlgorithm::RsaSha256,
            digest: DigestAlgorithm::Sha256,
            block: BlockAlgorithm::Aes256Gcm,
            key_transport: KeyTransport::RSA_OAEP_SHA256,
            legacy: Legacy::NONE,
        }
    }

    /// Exactly the algorithms of a WCF suite. The SHA-1 suites need
    /// [`Legacy::allow_sha1_for_legacy_use_only`], every suite but the GCM-less ones needs
    /// [`Legacy::allow_aes_cbc_for_legacy_use_only`] (all 16 WCF suites are CBC), the `Rsa15`
    /// suites are refused (attack class I) and TripleDES is not implemented.
    pub fn from_suite(suite: AlgorithmSuite, legacy: Legacy) -> Result<Algorithms, PipelineError> {
        let algs = suite.algorithms();
        let refuse = |reason: &'static str| PipelineError::UnsupportedSuite {
            suite: suite.name(),
            reason,
        };
        if algs.asymmetric_key_wrap.ends_with("rsa-1_5") {
            return Err(refuse("RSA PKCS#1 v1.5 key transport is never used"));
        }
        let block = BlockAlgorithm::from_uri(algs.encryption)
            .ok_or_else(|| refuse("its content encryption is not implemented"))?;
        if block.is_cbc() && !legacy.aes_cbc() {
            return Err(refuse(
                "it needs AES-CBC: pass Legacy::allow_aes_cbc_for_legacy_use_only",
            ));
        }
        let digest = DigestAlgorithm::from_uri(algs.digest)
            .ok_or_else(|| refuse("its digest is not implemented"))?;
        let signature = SignatureAlgorithm::from_uri(algs.asymmetric_signature)
            .ok_or_else(|| refuse("its signature method is not implemented"))?;
        if (signature.is_legacy() || !digest.allowed(legacy)) && !legacy.sha1() {
            return Err(refuse(
                "it needs SHA-1: pass Legacy::allow_sha1_for_legacy_use_only",
            ));
        }
        Ok(Algorithms {
            signature,
            digest,
            block,
            key_transport: KeyTransport::RsaOaepMgf1pSha1,
            legacy,
        })
    }
}

/// Everything that can go wrong protecting or verifying a message. The variants for WCF's
/// receive-side checks display WCF's exact texts (reference §3b).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// The bytes are not acceptable XML (limits, well-formedness, DOCTYPE, duplicate IDs).
    #[error(transparent)]
    Xml(#[from] crate::xml::XmlError),
    /// Not a valid SOAP envelope (or invalid WS-Addressing headers).
    #[error(transparent)]
    Envelope(#[from] crate::envelope::EnvelopeError),
    /// A signature could not be made or did not verify.
    #[error(transparent)]
    Dsig(#[from] crate::dsig::DsigError),
    /// Encryption failed, or decryption failed (uniformly).
    #[error(transparent)]
    Xenc(#[from] crate::xenc::XencError),
    /// A token or token reference could not be read or resolved, or a certificate is not trusted.
    #[error(transparent)]
    Token(#[from] crate::token::TokenError),
    /// A key operation failed.
    #[error(transparent)]
    Keys(#[from] crate::keys::KeyError),
    /// `RequiredMessagePartNotSignedNs`.
    #[error("{}", crate::contract::texts::not_signed(name, namespace))]
    PartNotSigned {
        /// The part's local name (`Body` for the body).
        name: String,
        /// Its namespace (the envelope namespace for the body).
        namespace: String,
    },
    /// `RequiredMessagePartNotEncryptedNs`.
    #[error("{}", crate::contract::texts::not_encrypted(name, namespace))]
    PartNotEncrypted {
        /// The part's local name (`Body` for the body).
        name: String,
        /// Its namespace.
        namespace: String,
    },
    /// `RequiredSignatureMissing`: no primary signature in the Security header.
    #[error("{}", crate::contract::texts::SIGNATURE_MISSING)]
    SignatureMissing,
    /// `EncryptedHeaderNotSigned`.
    #[error("{}", texts::encrypted_header_not_signed(name, namespace))]
    EncryptedHeaderNotSigned {
        /// The header's local name.
        name: String,
        /// Its namespace.
        namespace: String,
    },
    /// `PrimarySignatureIsRequiredToBeEncrypted`.
    #[error("{}", texts::PRIMARY_SIGNATURE_MUST_BE_ENCRYPTED)]
    PrimarySignatureNotEncrypted,
    /// `MessageProtectionOrderMismatch`.
    #[error("{}", texts::protection_order_mismatch(order_name(*.required)))]
    ProtectionOrderMismatch {
        /// The order the binding requires.
        required: ProtectionOrder,
    },
    /// `RequiredTimestampMissingInSecurityHeader`.
    #[error("{}", texts::TIMESTAMP_MISSING)]
    TimestampMissing,
    /// `RequiredSecurityHeaderElementNotSigned` (the Timestamp, a `SignatureConfirmation`).
    #[error("{}", texts::security_header_element_not_signed(element, id))]
    SecurityHeaderElementNotSigned {
        /// The element (`Timestamp`).
        element: String,
        /// Its id (empty when it has none).
        id: String,
    },
    /// `UnableToResolveDataReference`.
    #[error("{}", texts::data_reference_unresolved(uri))]
    DataReferenceUnresolved {
        /// The DataReference URI.
        uri: String,
    },
    /// `SecurityHeaderIsEmpty`.
    #[error("{}", texts::SECURITY_HEADER_EMPTY)]
    SecurityHeaderEmpty,
    /// `EncryptionNotExpected` (reference §7, exception 1).
    #[error("{}", crate::contract::texts::ENCRYPTION_NOT_EXPECTED)]
    EncryptionNotExpected,
    /// `AtMostOneSignatureIsSupportedWithDefaultPolicyCheck`.
    #[error("{}", texts::AT_MOST_ONE_SIGNATURE)]
    AtMostOneSignature,
    /// `AtMostOneReferenceListIsSupportedWithDefaultPolicyCheck`.
    #[error("{}", texts::AT_MOST_ONE_REFERENCE_LIST)]
    AtMostOneReferenceList,
    /// `NoSignaturePartsSpecified`: no requirements for this action and no `*` fallback. The
    /// fault sent to the peer carries `InvalidOrUnrecognizedAction` instead of the generic
    /// reason.
    #[error("{}", crate::contract::texts::no_signature_parts(action))]
    ActionUnrecognized {
        /// The action looked up (empty when none).
        action: String,
    },
    /// `HeaderEncryptionNotSupportedInWsSecurityJan2004` (send side, WS-Security 1.0).
    #[error("{}", crate::contract::texts::header_encryption_wss10(name, namespace))]
    HeaderEncryptionNotSupported {
        /// The header's local name.
        name: String,
        /// Its namespace.
        namespace: String,
    },
    /// `NoPartsOfMessageMatchedPartsToSign` (send side).
    #[error("{}", crate::contract::texts::NO_PARTS_TO_SIGN)]
    NothingToSign,
    /// The message has no `wsse:Security` header addressed to us.
    #[error("the message has no wsse:Security header for this receiver")]
    NoSecurityHeader,
    /// More than one `wsse:Security` header is addressed to us.
    #[error(
        "the message has {count} wsse:Security headers for this receiver; exactly one is allowed"
    )]
    DuplicateSecurityHeader {
        /// How many.
        count: usize,
    },
    /// An envelope to protect already carries a `wsse:Security` header.
    #[error("the envelope to protect already has a wsse:Security header")]
    SecurityHeaderAlreadyPresent,
    /// An element of the Security header this pipeline does not process.
    #[error("unexpected element {name} in the wsse:Security header")]
    UnexpectedSecurityElement {
        /// The element, `{namespace}local`.
        name: String,
    },
    /// Two Timestamps, or a ReferenceList outside an EncryptedKey, or similar structure the
    /// pipeline refuses.
    #[error("unsupported security header structure: {reason}")]
    UnsupportedStructure {
        /// What was found.
        reason: String,
    },
    /// A listed `EncryptedData` somewhere other than the Body, a `wsse11:EncryptedHeader`
    /// header block or the Security header (attack class O).
    #[error("the EncryptedData '{uri}' is not at a position this pipeline decrypts")]
    EncryptedDataMisplaced {
        /// The DataReference URI.
        uri: String,
    },
    /// The Security header breaks its layout.
    #[error("the security header does not follow the {layout:?} layout: {reason}")]
    LayoutViolation {
        /// The layout.
        layout: crate::binding::HeaderLayout,
        /// What is out of place.
        reason: String,
    },
    /// SignatureConfirmation (WS-Security 1.1) was asked for under a WS-Security 1.0 binding.
    #[error("SignatureConfirmation needs WS-Security 1.1; binding {binding} uses WS-Security 1.0")]
    SignatureConfirmationRequiresWss11 {
        /// The binding's preset name.
        binding: String,
    },
    /// SignatureConfirmation options used where they do not apply (a request, an empty value).
    #[error("SignatureConfirmation cannot be used here: {reason}")]
    SignatureConfirmationMisused {
        /// Why.
        reason: &'static str,
    },
    /// A `wsse11:SignatureConfirmation` arrived although none was expected (WCF:
    /// `SignatureConfirmationsNotExpected`).
    #[error("the security header has a SignatureConfirmation, but none was expected")]
    SignatureConfirmationNotExpected,
    /// A `wsse11:SignatureConfirmation` follows the primary signature (WCF:
    /// `SignatureConfirmationsOccursAfterPrimarySignature`).
    #[error("a SignatureConfirmation follows the primary signature in the security header")]
    SignatureConfirmationAfterSignature,
    /// The reply carries no `wsse11:SignatureConfirmation` although the request's signature
    /// must be confirmed.
    #[error(
        "the reply has no SignatureConfirmation; expected one confirming {}",
        expected.join(", ")
    )]
    SignatureConfirmationMissing {
        /// The expected values, base64 (`(no Value)` for the one without a Value).
        expected: Vec<String>,
    },
    /// The reply's `wsse11:SignatureConfirmation` elements do not confirm exactly the request's
    /// signatures.
    #[error(
        "the reply's SignatureConfirmations [{}] do not match the expected [{}]",
        found.join(", "),
        expected.join(", ")
    )]
    SignatureConfirmationMismatch {
        /// The expected values, base64 (`(no Value)` for the one without a Value).
        expected: Vec<String>,
        /// The values found, base64 (`(no Value)` for one without a Value).
        found: Vec<String>,
    },
    /// The Timestamp is malformed (missing or unparsable Created/Expires, Expires before Created).
    #[error("malformed wsu:Timestamp: {reason}")]
    TimestampMalformed {
        /// What is wrong.
        reason: String,
    },
    /// The message has expired.
    #[error("the message expired at {expires} (now {now}, allowed skew {skew} s)")]
    TimestampExpired {
        /// `wsu:Expires` as written.
        expires: String,
        /// The receiver's time (unix seconds).
        now: i64,
        /// The allowed skew in seconds.
        skew: i64,
    },
    /// The message was created in the future beyond the allowed skew.
    #[error(
        "the message was created at {created}, in the future (now {now}, allowed skew {skew} s)"
    )]
    TimestampInFuture {
        /// `wsu:Created` as written.
        created: String,
        /// The receiver's time (unix seconds).
        now: i64,
        /// The allowed skew in seconds.
        skew: i64,
    },
    /// The message is older than the receiver accepts: its `wsu:Created` is more than
    /// [`InboundOptions::max_message_age_seconds`] (plus the skew) in the past, whatever its
    /// `wsu:Expires` says. This bounds how long a captured message can be replayed against a
    /// receiver whose cache was cleared, and how long the replay cache must hold an entry.
    #[error(
        "the message was created at {created}, more than {max_age} s ago (now {now}, allowed skew {skew} s)"
    )]
    TimestampTooOld {
        /// `wsu:Created` as written.
        created: String,
        /// The receiver's time (unix seconds).
        now: i64,
        /// The largest age accepted, in seconds.
        max_age: i64,
        /// The allowed skew in seconds.
        skew: i64,
    },
    /// An [`InboundOptions`] value that cannot be used as set; nothing was parsed.
    #[error("inbound option {option}: {reason}")]
    InvalidOptions {
        /// The option's field name.
        option: &'static str,
        /// What is wrong and what to do instead.
        reason: String,
    },
    /// The signature value was seen before within its timestamp window.
    #[error("replayed message: this signature was already accepted")]
    Replay,
    /// The replay cache is full of unexpired entries; the message is refused (fail closed).
    #[error("the replay cache is full ({capacity} unexpired entries); message refused")]
    ReplayCacheFull {
        /// The cache's capacity.
        capacity: usize,
    },
    /// The `wsa:Action` and the SOAPAction the caller passed differ (attack class N).
    #[error("wsa:Action '{wsa}' does not match the SOAPAction '{soap_action}'")]
    ActionMismatch {
        /// The signed `wsa:Action`.
        wsa: String,
        /// The transport's SOAPAction.
        soap_action: String,
    },
    /// The Body's element is the wrapper of another operation of the contract than the one
    /// the action (signed `wsa:Action`, or SOAPAction without WS-Addressing) names (attack
    /// class N: the requirements would be looked up for the wrong operation).
    #[error(
        "the action '{action}' names operation '{operation}', but the Body holds '{body}', the {body_operation} of another operation"
    )]
    BodyActionMismatch {
        /// The action the requirements were looked up by.
        action: String,
        /// The operation that action belongs to.
        operation: String,
        /// The Body's first element, `{namespace}local`.
        body: String,
        /// What that element is: `request wrapper of 'X'` or `reply wrapper of 'X'`.
        body_operation: String,
    },
    /// The envelope's SOAP version is not the binding's.
    #[error("the envelope is {message}, the binding uses {binding}")]
    SoapVersionMismatch {
        /// The binding's version.
        binding: &'static str,
        /// The envelope's version.
        message: &'static str,
    },
    /// The binding cannot be used by this pipeline (no message security, symmetric binding).
    #[error("binding {binding} is not supported by the pipeline: {reason}")]
    UnsupportedBinding {
        /// The binding's preset name.
        binding: String,
        /// Why.
        reason: &'static str,
    },
    /// An algorithm suite that cannot be used as asked.
    #[error("algorithm suite {suite} cannot be used: {reason}")]
    UnsupportedSuite {
        /// The suite's name.
        suite: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// A limit of the message's [`Budget`](crate::budget::Budget) was exceeded (Security header
    /// children, token lookups, STR dereferences, decryptions); the work it bounds was refused
    /// before it was done. The signature's own budgets (references, transforms, prefixes,
    /// canonical bytes) are [`DsigError::BudgetExceeded`](crate::dsig::DsigError::BudgetExceeded)
    /// inside [`PipelineError::Dsig`].
    #[error("message budget {budget} exceeded: {reached} {} (limit {limit})", budget.what())]
    BudgetExceeded {
        /// Which limit.
        budget: crate::budget::BudgetKind,
        /// Its value.
        limit: u64,
        /// The count the refused work would have reached.
        reached: u64,
    },
    /// An internal invariant did not hold (a bug; reported, never a panic).
    #[error("internal error: {0}")]
    Internal(&'static str),
}

impl From<crate::budget::Exceeded> for PipelineError {
    fn from(e: crate::budget::Exceeded) -> Self {
        PipelineError::BudgetExceeded {
            budget: e.budget,
            limit: e.limit,
            reached: e.reached,
        }
    }
}

/// WCF's name of a protection order, as `MessageProtectionOrderMismatch` prints it.
pub fn order_name(order: ProtectionOrder) -> &'static str {
    match order {
        ProtectionOrder::SignBeforeEncrypt => "SignBeforeEncrypt",
        ProtectionOrder::SignBeforeEncryptAndEncryptSignature => {
            "SignBeforeEncryptAndEncryptSignature"
        }
        ProtectionOrder::EncryptBeforeSign => "EncryptBeforeSign",
    }
}

/// The requirements table a side uses for a message of `direction`: requests are the
/// service-incoming parts, replies and faults the service-outgoing parts (the client sends with
/// the former and receives with the latter, reference §1 "Direction").
pub(crate) fn table(resolution: &Resolution, direction: Direction) -> &ScopedParts {
    match direction {
        Direction::Request => &resolution.incoming,
        Direction::Reply | Direction::Fault => &resolution.outgoing,
    }
}

/// Check that the binding is one the pipeline implements (asymmetric message security).
pub(crate) fn check_binding(binding: &Binding) -> Result<(), PipelineError> {
    use crate::binding::SecurityElement;
    match binding.security_element {
        SecurityElement::Asymmetric | SecurityElement::CertificateSignature => Ok(()),
        // The symmetric element (wsHttp's default) is run with mutual certificates: the
        // per-part semantics (which parts, which level, which texts) are the same; the key
        // exchange is the asymmetric one.
        SecurityElement::Symmetric => Ok(()),
        SecurityElement::None | SecurityElement::Transport => {
            Err(PipelineError::UnsupportedBinding {
                binding: binding.preset.clone(),
                reason: "contract levels reach the message layer only with message security",
            })
        }
    }
}

pub(crate) fn version_name(v: crate::envelope::SoapVersion) -> &'static str {
    match v {
        crate::envelope::SoapVersion::Soap11 => "SOAP 1.1",
        crate::envelope::SoapVersion::Soap12 => "SOAP 1.2",
    }
}

pub(crate) fn check_version(
    binding: &Binding,
    v: crate::envelope::SoapVersion,
) -> Result<(), PipelineError> {
    let expected = match binding.soap {
        crate::binding::SoapVersion::Soap11 => crate::envelope::SoapVersion::Soap11,
        crate::binding::SoapVersion::Soap12 => crate::envelope::SoapVersion::Soap12,
    };
    if expected != v {
        return Err(PipelineError::SoapVersionMismatch {
            binding: version_name(expected),
            message: version_name(v),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
