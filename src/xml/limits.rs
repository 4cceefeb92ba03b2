//! Hard limits on what a parse may consume. Every limit is checked *before* the corresponding
//! node, attribute or declaration is added to the tree, so an oversized input costs at most one
//! limit's worth of work beyond the point where it is refused.

/// Resource limits for one parse (and for every fragment parsed into the document by an edit).
///
/// The defaults are sized for SOAP messages of up to a few tens of megabytes. Raise them
/// deliberately (for example for benchmarks on 16 MB bodies); lowering them is always safe.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest accepted input, in bytes. Default 32 MiB.
    pub max_input_bytes: usize,
    /// Deepest element nesting (the document element is depth 1). Default 128.
    pub max_depth: usize,
    /// Most elements in the whole document. Default 500,000 (one per 67 bytes of the largest
    /// input; refusing a flood means building that many nodes first, about 30 ms and 26 MB).
    pub max_elements: usize,
    /// Most attributes on one element, namespace declarations not counted. Default 64.
    pub max_attributes_per_element: usize,
    /// Most namespace declarations on one element. Default 32.
    pub max_namespace_declarations_per_element: usize,
    /// Most namespace declarations in the whole document. Default 4,096.
    pub max_namespace_declarations: usize,
    /// Longest element or attribute name (prefix and colon included), in bytes. Default 256.
    pub max_name_length: usize,
    /// Longest text node or attribute value, in bytes after unescaping. Default 16 MiB.
    pub max_text_length: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 32 * 1024 * 1024,
            max_depth: 128,
            max_elements: 500_000,
            max_attributes_per_element: 64,
            max_namespace_declarations_per_element: 32,
            max_namespace_declarations: 4096,
            max_name_length: 256,
            max_text_length: 16 * 1024 * 1024,
        }
    }
}

impl Limits {
    /// Limits that accept any input the 32-bit offsets of the tree can address (4 GiB). Meant
    /// for trusted input such as benchmarks and tooling, never for messages from a peer.
    pub fn unbounded_for_trusted_input() -> Self {
        Limits {
            max_input_bytes: u32::MAX as usize - 1,
            max_depth: 4096,
            max_elements: u32::MAX as usize / 4,
            max_attributes_per_element: 1 << 16,
            max_namespace_declarations_per_element: 1 << 16,
            max_namespace_declarations: 1 << 20,
            max_name_length: 1 << 15,
            max_text_length: u32::MAX as usize - 1,
        }
    }
}

/// Which limit was exceeded; carried by [`XmlError::LimitExceeded`](super::XmlError::LimitExceeded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitKind {
    /// [`Limits::max_input_bytes`].
    InputBytes,
    /// [`Limits::max_depth`].
    Depth,
    /// [`Limits::max_elements`].
    Elements,
    /// [`Limits::max_attributes_per_element`].
    AttributesPerElement,
    /// [`Limits::max_namespace_declarations_per_element`].
    NamespaceDeclarationsPerElement,
    /// [`Limits::max_namespace_declarations`].
    NamespaceDeclarations,
    /// [`Limits::max_name_length`].
    NameLength,
    /// [`Limits::max_text_length`].
    TextLength,
}

impl LimitKind {
    /// The `Limits` field that governs this limit, for error messages.
    pub fn field(self) -> &'static str {
        match self {
            LimitKind::InputBytes => "max_input_bytes",
            LimitKind::Depth => "max_depth",
            LimitKind::Elements => "max_elements",
            LimitKind::AttributesPerElement => "max_attributes_per_element",
            LimitKind::NamespaceDeclarationsPerElement => "max_namespace_declarations_per_element",
            LimitKind::NamespaceDeclarations => "max_namespace_declarations",
            LimitKind::NameLength => "max_name_length",
            LimitKind::TextLength => "max_text_length",
        }
    }

    /// What is being counted, for error messages.
    pub fn what(self) -> &'static str {
        match self {
            LimitKind::InputBytes => "input size in bytes",
            LimitKind::Depth => "element nesting depth",
            LimitKind::Elements => "number of elements",
            LimitKind::AttributesPerElement => "number of attributes on one element",
            LimitKind::NamespaceDeclarationsPerElement => {
                "number of namespace declarations on one element"
            }
            LimitKind::NamespaceDeclarations => "number of namespace declarations",
            LimitKind::NameLength => "name length in bytes",
            LimitKind::TextLength => "text or attribute value length in bytes",
        }
    }
}

impl std::fmt::Display for LimitKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (Limits::{})", self.what(), self.field())
    }
}
