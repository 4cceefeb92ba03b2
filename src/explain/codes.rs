//! `code()` for every error type: exhaustive matches, so that a new variant does not compile
//! until it has a code (and the catalogue test then demands an entry for it). Wrapper variants
//! return the wrapped error's code, so a code names the root cause.

use crate::contract::{FindingKind, ValidationKind};

/// The code of a [`ContractError::Validation`](crate::contract::ContractError::Validation),
/// from WCF's text (the variant carries only the text).
fn validation_code(text: &str) -> &'static str {
    if text.starts_with("The request message must be protected.") {
        "contract/RequestNotSupported"
    } else if text.starts_with("The response message must be protected.") {
        "contract/ResponseNotSupported"
    } else if text.starts_with("The contract (") && text.contains("unknown header") {
        "contract/UnknownHeaderProtected"
    } else {
        "contract/Validation"
    }
}

impl crate::xml::XmlError {
    /// The stable code of this error, `layer/Variant` (see [`crate::explain`]); a variant
    /// that wraps another layer's error returns that error's code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        use crate::xml::XmlError;
        match self {
            XmlError::LimitExceeded { .. } => "xml/LimitExceeded",
            XmlError::DoctypeForbidden { .. } => "xml/DoctypeForbidden",
            XmlError::InvalidUtf8 { .. } => "xml/InvalidUtf8",
            XmlError::UnsupportedEncoding { .. } => "xml/UnsupportedEncoding",
            XmlError::Syntax { .. } => "xml/Syntax",
            XmlError::MismatchedEndTag { .. } => "xml/MismatchedEndTag",
            XmlError::UnclosedElement { .. } => "xml/UnclosedElement",
            XmlError::UndeclaredPrefix { .. } => "xml/UndeclaredPrefix",
            XmlError::InvalidNamespaceDeclaration { .. } => "xml/InvalidNamespaceDeclaration",
            XmlError::DuplicateAttribute { .. } => "xml/DuplicateAttribute",
            XmlError::DuplicateId { .. } => "xml/DuplicateId",
            XmlError::InvalidReference { .. } => "xml/InvalidReference",
            XmlError::InvalidCharacter { .. } => "xml/InvalidCharacter",
            XmlError::TextOutsideRoot { .. } => "xml/TextOutsideRoot",
            XmlError::MultipleRoots { .. } => "xml/MultipleRoots",
            XmlError::NoRootElement { .. } => "xml/NoRootElement",
            XmlError::InvalidEdit { .. } => "xml/InvalidEdit",
            XmlError::InvalidEditMarkup { .. } => "xml/InvalidEditMarkup",
        }
    }
}

impl crate::c14n::C14nError {
    /// The stable code of this error, `layer/Variant` (see [`crate::explain`]); a variant
    /// that wraps another layer's error returns that error's code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        use crate::c14n::C14nError;
        match self {
            C14nError::UnsupportedAlgorithm { .. } => "c14n/UnsupportedAlgorithm",
            C14nError::NotAnElement(_) => "c14n/NotAnElement",
            C14nError::RelativeNamespaceUri { .. } => "c14n/RelativeNamespaceUri",
            C14nError::XmlBaseFixupUnsupported => "c14n/XmlBaseFixupUnsupported",
        }
    }
}

impl crate::envelope::EnvelopeError {
    /// The stable code of this error, `layer/Variant` (see [`crate::explain`]); a variant
    /// that wraps another layer's error returns that error's code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        use crate::envelope::EnvelopeError;
        match self {
            EnvelopeError::NotAnEnvelope { .. } => "envelope/NotAnEnvelope",
            EnvelopeError::VersionMismatch { .. } => "envelope/VersionMismatch",
            EnvelopeError::UnexpectedElement { .. } => "envelope/UnexpectedElement",
            EnvelopeError::DuplicateHeader { .. } => "envelope/DuplicateHeader",
            EnvelopeError::DuplicateBody { .. } => "envelope/DuplicateBody",
            EnvelopeError::HeaderAfterBody { .. } => "envelope/HeaderAfterBody",
            EnvelopeError::ElementAfterBody { .. } => "envelope/ElementAfterBody",
            EnvelopeError::MissingBody { .. } => "envelope/MissingBody",
            EnvelopeError::TextNotAllowed { .. } => "envelope/TextNotAllowed",
            EnvelopeError::ProcessingInstruction { .. } => "envelope/ProcessingInstruction",
            EnvelopeError::UnqualifiedHeaderBlock { .. } => "envelope/UnqualifiedHeaderBlock",
            EnvelopeError::InvalidBoolean { .. } => "envelope/InvalidBoolean",
            EnvelopeError::DuplicateHeaderBlock { .. } => "envelope/DuplicateHeaderBlock",
            EnvelopeError::FaultNotAlone { .. } => "envelope/FaultNotAlone",
            EnvelopeError::InvalidFault { .. } => "envelope/InvalidFault",
            EnvelopeError::InvalidQName { .. } => "envelope/InvalidQName",
            EnvelopeError::UnresolvedPrefix { .. } => "envelope/UnresolvedPrefix",
            EnvelopeError::MixedAddressingVersions { .. } => "envelope/MixedAddressingVersions",
            EnvelopeError::DuplicateAddressingHeader { .. } => "envelope/DuplicateAddressingHeader",
            EnvelopeError::InvalidAddressingHeader { .. } => "envelope/InvalidAddressingHeader",
        }
    }
}

impl crate::keys::KeyError {
    /// The stable code of this error, `layer/Variant` (see [`crate::explain`]); a variant
    /// that wraps another layer's error returns that error's code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        use crate::keys::KeyError;
        match self {
            KeyError::UnrecognizedKeyFormat { .. } => "keys/UnrecognizedKeyFormat",
            KeyError::EncryptedPrivateKey { .. } => "keys/EncryptedPrivateKey",
            KeyError::MalformedPem { .. } => "keys/MalformedPem",
            KeyError::MalformedKey { .. } => "keys/MalformedKey",
            KeyError::UnsupportedKeyAlgorithm { .. } => "keys/UnsupportedKeyAlgorithm",
            KeyError::RsaKeySize { .. } => "keys/RsaKeySize",
            KeyError::UnsupportedCurve { .. } => "keys/UnsupportedCurve",
            KeyError::UnsupportedEcPoint { .. } => "keys/UnsupportedEcPoint",
            KeyError::EcPublicKeyMissing => "keys/EcPublicKeyMissing",
            KeyError::KeyRejected { .. } => "keys/KeyRejected",
            KeyError::NoCertificate { .. } => "keys/NoCertificate",
            KeyError::MalformedCertificate { .. } => "keys/MalformedCertificate",
            KeyError::AlgorithmKeyMismatch { .. } => "keys/AlgorithmKeyMismatch",
            KeyError::LegacyAlgorithmDisabled { .. } => "keys/LegacyAlgorithmDisabled",
            KeyError::UnsupportedSignatureAlgorithm { .. } => "keys/UnsupportedSignatureAlgorithm",
            KeyError::BadSignature => "keys/BadSignature",
            KeyError::SigningFailed => "keys/SigningFailed",
            KeyError::EncryptionFailed { .. } => "keys/EncryptionFailed",
            KeyError::Decryption => "keys/Decryption",
            KeyError::EmptyHmacKey => "keys/EmptyHmacKey",
            KeyError::HmacOutputLength { .. } => "keys/HmacOutputLength",
            KeyError::NoTrustConfigured => "keys/NoTrustConfigured",
            KeyError::EmptyChain => "keys/EmptyChain",
            KeyError::ChainTooLong { .. } => "keys/ChainTooLong",
            KeyError::SignatureBudgetExceeded { .. } => "keys/SignatureBudgetExceeded",
            KeyError::Expired { .. } => "keys/Expired",
            KeyError::NotYetValid { .. } => "keys/NotYetValid",
            KeyError::UntrustedSelfSigned { .. } => "keys/UntrustedSelfSigned",
            KeyError::UntrustedIssuer { .. } => "keys/UntrustedIssuer",
            KeyError::IssuerMismatch { .. } => "keys/IssuerMismatch",
            KeyError::CertificateSignatureInvalid { .. } => "keys/CertificateSignatureInvalid",
            KeyError::NotCa { .. } => "keys/NotCa",
            KeyError::MissingKeyCertSign { .. } => "keys/MissingKeyCertSign",
            KeyError::LeafKeyUsage { .. } => "keys/LeafKeyUsage",
            KeyError::PathLenExceeded { .. } => "keys/PathLenExceeded",
            KeyError::UnhandledCriticalExtension { .. } => "keys/UnhandledCriticalExtension",
        }
    }
}

impl crate::dsig::DsigError {
    /// The stable code of this error, `layer/Variant` (see [`crate::explain`]); a variant
    /// that wraps another layer's error returns that error's code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        use crate::dsig::DsigError;
        match self {
            DsigError::Malformed { .. } => "dsig/Malformed",
            DsigError::UnexpectedElement { .. } => "dsig/UnexpectedElement",
            DsigError::UnsupportedAlgorithm { .. } => "dsig/UnsupportedAlgorithm",
            DsigError::UnsupportedReference { .. } => "dsig/UnsupportedReference",
            DsigError::AlgorithmNotAllowed { .. } => "dsig/AlgorithmNotAllowed",
            DsigError::KeyMismatch { .. } => "dsig/KeyMismatch",
            DsigError::HmacOutputLength { .. } => "dsig/HmacOutputLength",
            DsigError::BudgetExceeded { .. } => "dsig/BudgetExceeded",
            DsigError::UnsupportedTransformChain { .. } => "dsig/UnsupportedTransformChain",
            DsigError::MissingReferenceTarget { .. } => "dsig/MissingReferenceTarget",
            DsigError::ReferenceIntoSignature { .. } => "dsig/ReferenceIntoSignature",
            DsigError::Base64 { .. } => "dsig/Base64",
            DsigError::InvalidSignatureValue => "dsig/InvalidSignatureValue",
            DsigError::DigestMismatch { .. } => "dsig/DigestMismatch",
            DsigError::TargetWithoutId => "dsig/TargetWithoutId",
            DsigError::C14n(e) => e.code(),
            DsigError::Xml(e) => e.code(),
            DsigError::Key(e) => e.code(),
        }
    }
}

impl crate::xenc::XencError {
    /// The stable code of this error, `layer/Variant` (see [`crate::explain`]); a variant
    /// that wraps another layer's error returns that error's code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        use crate::xenc::XencError;
        match self {
            XencError::DecryptionFailed => "xenc/DecryptionFailed",
            XencError::RsaV15Refused { .. } => "xenc/RsaV15Refused",
            XencError::UnsupportedAlgorithm { .. } => "xenc/UnsupportedAlgorithm",
            XencError::AlgorithmNotAllowed { .. } => "xenc/AlgorithmNotAllowed",
            XencError::UnsupportedFeature { .. } => "xenc/UnsupportedFeature",
            XencError::Malformed { .. } => "xenc/Malformed",
            XencError::KeyNotFound { .. } => "xenc/KeyNotFound",
            XencError::BadReference { .. } => "xenc/BadReference",
            XencError::BudgetExceeded { .. } => "xenc/BudgetExceeded",
            XencError::KeyLength { .. } => "xenc/KeyLength",
            XencError::Key(e) => e.code(),
            XencError::Edit { .. } => "xenc/Edit",
            XencError::Rng => "xenc/Rng",
        }
    }
}

impl crate::token::TokenError {
    /// The stable code of this error, `layer/Variant` (see [`crate::explain`]); a variant
    /// that wraps another layer's error returns that error's code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        use crate::token::TokenError;
        match self {
            TokenError::UnexpectedElement { .. } => "token/UnexpectedElement",
            TokenError::MissingAttribute { .. } => "token/MissingAttribute",
            TokenError::UnsupportedValueType { .. } => "token/UnsupportedValueType",
            TokenError::UnsupportedEncodingType { .. } => "token/UnsupportedEncodingType",
            TokenError::InvalidBase64 { .. } => "token/InvalidBase64",
            TokenError::Certificate(e) => e.code(),
            TokenError::EmptyReference => "token/EmptyReference",
            TokenError::MultipleReferences { .. } => "token/MultipleReferences",
            TokenError::UnsupportedReference { .. } => "token/UnsupportedReference",
            TokenError::UnsupportedKeyInfo { .. } => "token/UnsupportedKeyInfo",
            TokenError::UnsupportedReferenceUri { .. } => "token/UnsupportedReferenceUri",
            TokenError::ReferenceNotFound { .. } => "token/ReferenceNotFound",
            TokenError::ReferenceToWrongElement { .. } => "token/ReferenceToWrongElement",
            TokenError::RecursiveReference { .. } => "token/RecursiveReference",
            TokenError::MalformedKeyIdentifier { .. } => "token/MalformedKeyIdentifier",
            TokenError::MalformedIssuerSerial { .. } => "token/MalformedIssuerSerial",
            TokenError::UnknownCertificate { .. } => "token/UnknownCertificate",
            TokenError::UnknownOwnIdentity { .. } => "token/UnknownOwnIdentity",
            TokenError::AmbiguousReference { .. } => "token/AmbiguousReference",
            TokenError::Untrusted { source, .. } => source.code(),
            TokenError::IdentityKeyMismatch { .. } => "token/IdentityKeyMismatch",
            TokenError::InvalidName { .. } => "token/InvalidName",
        }
    }
}

impl crate::pipeline::PipelineError {
    /// The stable code of this error, `layer/Variant` (see [`crate::explain`]); a variant
    /// that wraps another layer's error returns that error's code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        use crate::pipeline::PipelineError;
        match self {
            PipelineError::Xml(e) => e.code(),
            PipelineError::Envelope(e) => e.code(),
            PipelineError::Dsig(e) => e.code(),
            PipelineError::Xenc(e) => e.code(),
            PipelineError::Token(e) => e.code(),
            PipelineError::Keys(e) => e.code(),
            PipelineError::PartNotSigned { .. } => "pipeline/PartNotSigned",
            PipelineError::PartNotEncrypted { .. } => "pipeline/PartNotEncrypted",
            PipelineError::SignatureMissing => "pipeline/SignatureMissing",
            PipelineError::EncryptedHeaderNotSigned { .. } => "pipeline/EncryptedHeaderNotSigned",
            PipelineError::PrimarySignatureNotEncrypted => "pipeline/PrimarySignatureNotEncrypted",
            PipelineError::ProtectionOrderMismatch { .. } => "pipeline/ProtectionOrderMismatch",
            PipelineError::TimestampMissing => "pipeline/TimestampMissing",
            PipelineError::SecurityHeaderElementNotSigned { .. } => {
                "pipeline/SecurityHeaderElementNotSigned"
            }
            PipelineError::DataReferenceUnresolved { .. } => "pipeline/DataReferenceUnresolved",
            PipelineError::SecurityHeaderEmpty => "pipeline/SecurityHeaderEmpty",
            PipelineError::EncryptionNotExpected => "pipeline/EncryptionNotExpected",
            PipelineError::AtMostOneSignature => "pipeline/AtMostOneSignature",
            PipelineError::AtMostOneReferenceList => "pipeline/AtMostOneReferenceList",
            PipelineError::ActionUnrecognized { .. } => "pipeline/ActionUnrecognized",
            PipelineError::HeaderEncryptionNotSupported { .. } => {
                "pipeline/HeaderEncryptionNotSupported"
            }
            PipelineError::NothingToSign => "pipeline/NothingToSign",
            PipelineError::NoSecurityHeader => "pipeline/NoSecurityHeader",
            PipelineError::DuplicateSecurityHeader { .. } => "pipeline/DuplicateSecurityHeader",
            PipelineError::SecurityHeaderAlreadyPresent => "pipeline/SecurityHeaderAlreadyPresent",
            PipelineError::UnexpectedSecurityElement { .. } => "pipeline/UnexpectedSecurityElement",
            PipelineError::UnsupportedStructure { .. } => "pipeline/UnsupportedStructure",
            PipelineError::EncryptedDataMisplaced { .. } => "pipeline/EncryptedDataMisplaced",
            PipelineError::LayoutViolation { .. } => "pipeline/LayoutViolation",
            PipelineError::SignatureConfirmationRequiresWss11 { .. } => {
                "pipeline/SignatureConfirmationRequiresWss11"
            }
            PipelineError::SignatureConfirmationMisused { .. } => {
                "pipeline/SignatureConfirmationMisused"
            }
            PipelineError::SignatureConfirmationNotExpected => {
                "pipeline/SignatureConfirmationNotExpected"
            }
            PipelineError::SignatureConfirmationAfterSignature => {
                "pipeline/SignatureConfirmationAfterSignature"
            }
            PipelineError::SignatureConfirmationMissing { .. } => {
                "pipeline/SignatureConfirmationMissing"
            }
            PipelineError::SignatureConfirmationMismatch { .. } => {
                "pipeline/SignatureConfirmationMismatch"
            }
            PipelineError::TimestampMalformed { .. } => "pipeline/TimestampMalformed",
            PipelineError::TimestampExpired { .. } => "pipeline/TimestampExpired",
            PipelineError::TimestampInFuture { .. } => "pipeline/TimestampInFuture",
            PipelineError::TimestampTooOld { .. } => "pipeline/TimestampTooOld",
            PipelineError::InvalidOptions { .. } => "pipeline/InvalidOptions",
            PipelineError::Replay => "pipeline/Replay",
            PipelineError::ReplayCacheFull { .. } => "pipeline/ReplayCacheFull",
            PipelineError::BudgetExceeded { .. } => "pipeline/BudgetExceeded",
            PipelineError::ActionMismatch { .. } => "pipeline/ActionMismatch",
            PipelineError::BodyActionMismatch { .. } => "pipeline/BodyActionMismatch",
            PipelineError::SoapVersionMismatch { .. } => "pipeline/SoapVersionMismatch",
            PipelineError::UnsupportedBinding { .. } => "pipeline/UnsupportedBinding",
            PipelineError::UnsupportedSuite { .. } => "pipeline/UnsupportedSuite",
            PipelineError::Internal(_) => "pipeline/Internal",
        }
    }
}

impl crate::contract::ContractError {
    /// The stable code of this error, `layer/Variant` (see [`crate::explain`]); a variant
    /// that wraps another layer's error returns that error's code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        use crate::contract::ContractError;
        match self {
            ContractError::Xml { .. } => "contract/Xml",
            ContractError::Doctype { .. } => "contract/Doctype",
            ContractError::Unexpected { .. } => "contract/Unexpected",
            ContractError::MissingElement { .. } => "contract/MissingElement",
            ContractError::MissingAttribute { .. } => "contract/MissingAttribute",
            ContractError::InvalidValue { .. } => "contract/InvalidValue",
            ContractError::Invalid { .. } => "contract/Invalid",
            ContractError::Limit { .. } => "contract/Limit",
            ContractError::TooLarge { .. } => "contract/TooLarge",
            ContractError::UnknownBinding(e) => e.code(),
            ContractError::Model(_) => "contract/Model",
            ContractError::Validation(text) => validation_code(text),
        }
    }
}

impl crate::Error {
    /// The stable code of the root cause, `layer/Variant` (see [`crate::explain`]): every
    /// variant returns its layer error's code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        use crate::Error;
        match self {
            Error::Contract(e) => e.code(),
            Error::Xml(e) => e.code(),
            Error::C14n(e) => e.code(),
            Error::Envelope(e) => e.code(),
            Error::Keys(e) => e.code(),
            Error::Dsig(e) => e.code(),
            Error::Xenc(e) => e.code(),
            Error::Token(e) => e.code(),
            Error::Pipeline(e) => e.code(),
        }
    }
}

impl crate::binding::UnknownBinding {
    /// The stable code of this error (see [`crate::explain`]).
    #[must_use]
    pub fn code(&self) -> &'static str {
        "binding/UnknownBinding"
    }
}

impl crate::level::ParseLevelError {
    /// The stable code of this error (see [`crate::explain`]).
    #[must_use]
    pub fn code(&self) -> &'static str {
        "level/UnknownLevel"
    }
}

impl ValidationKind {
    /// The code of the error this validation issue is (or, for a send-time issue, becomes at
    /// run time); see [`crate::explain`].
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            ValidationKind::RequestNotSupported => "contract/RequestNotSupported",
            ValidationKind::ResponseNotSupported => "contract/ResponseNotSupported",
            ValidationKind::UnknownHeaderProtected => "contract/UnknownHeaderProtected",
            ValidationKind::HeaderEncryptionWss10 => "pipeline/HeaderEncryptionNotSupported",
        }
    }
}

impl FindingKind {
    /// The code of the error a compatibility finding predicts, or of the `check/…` entry for a
    /// finding that is not a run-time error; see [`crate::explain`].
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            FindingKind::RequestNotSupported => "contract/RequestNotSupported",
            FindingKind::ResponseNotSupported => "contract/ResponseNotSupported",
            FindingKind::UnknownHeaderProtected => "contract/UnknownHeaderProtected",
            FindingKind::HeaderEncryptionWss10 => "pipeline/HeaderEncryptionNotSupported",
            FindingKind::NoPartsToSign => "pipeline/NothingToSign",
            FindingKind::PartNotSigned => "pipeline/PartNotSigned",
            FindingKind::PartNotEncrypted => "pipeline/PartNotEncrypted",
            FindingKind::SignatureMissing => "pipeline/SignatureMissing",
            FindingKind::EncryptionNotExpected => "pipeline/EncryptionNotExpected",
            FindingKind::UnknownAction => "pipeline/ActionUnrecognized",
            FindingKind::OneWayMismatch => "check/OneWayMismatch",
            FindingKind::ContractMismatch => "check/ContractMismatch",
            FindingKind::WildcardNotAnalyzed => "check/WildcardNotAnalyzed",
        }
    }
}

impl crate::pipeline::PipelineError {
    /// The code of what the peer is told when this error refuses its message (see
    /// [`security_fault`](crate::pipeline::security_fault)): `pipeline/ActionUnrecognized` for
    /// an unknown action, whose fault says so, and `fault/InvalidSecurity`, the generic
    /// security fault, for every other error.
    #[must_use]
    pub fn fault_code(&self) -> &'static str {
        match self {
            crate::pipeline::PipelineError::ActionUnrecognized { .. } => {
                "pipeline/ActionUnrecognized"
            }
            _ => "fault/InvalidSecurity",
        }
    }
}
