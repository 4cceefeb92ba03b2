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
}
