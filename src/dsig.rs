//! (being written)

/// Errors of this layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DsigError {
    /// Placeholder until the layer lands.
    #[error("not implemented yet")]
    NotImplemented,
}
