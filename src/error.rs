//! The top-level error type: one variant per layer, each carrying that layer's typed error.

/// Any error soapsec can raise. Each layer has its own `#[non_exhaustive]` enum; this one folds
/// them together so callers that do not care about the layer can use `?` throughout.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A contract file, a contract, or a contract/binding combination is invalid.
    #[error(transparent)]
    Contract(#[from] crate::contract::ContractError),
    /// The XML input broke a well-formedness rule, a limit, or a policy (such as no DOCTYPE).
    #[error(transparent)]
    Xml(#[from] crate::xml::XmlError),
    /// Canonicalization could not be performed.
    #[error(transparent)]
    C14n(#[from] crate::c14n::C14nError),
    /// The document is XML but not a well-formed SOAP envelope.
    #[error(transparent)]
    Envelope(#[from] crate::envelope::EnvelopeError),
    /// A key or certificate could not be loaded or used, or a certificate chain is not trusted.
    #[error(transparent)]
    Keys(#[from] crate::keys::KeyError),
    /// An XML Signature could not be created or did not verify.
    #[error(transparent)]
    Dsig(#[from] crate::dsig::DsigError),
    /// XML Encryption failed (decryption failures are deliberately uniform).
    #[error(transparent)]
    Xenc(#[from] crate::xenc::XencError),
    /// A WS-Security token or token reference could not be read or resolved.
    #[error(transparent)]
    Token(#[from] crate::token::TokenError),
    /// Protecting or verifying a message failed (WCF's texts for the receive-side checks).
    #[error(transparent)]
    Pipeline(#[from] crate::pipeline::PipelineError),
}
