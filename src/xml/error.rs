//! Typed errors of the XML layer. Every variant that concerns a place in the input carries its
//! [`Position`].

use super::limits::LimitKind;
use std::fmt;

/// A place in the input: byte offset, and 1-based line and column (column counted in
/// characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Position {
    /// Byte offset from the start of the input.
    pub offset: usize,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in Unicode scalar values.
    pub column: u32,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Everything that can be wrong with an XML input, or with an edit applied to a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XmlError {
    /// A resource limit from [`Limits`](super::Limits) was exceeded.
    #[error("{at}: {kind} exceeds the limit of {max}")]
    LimitExceeded {
        /// Which limit.
        kind: LimitKind,
        /// The configured maximum.
        max: usize,
        /// Where it was exceeded.
        at: Position,
    },
    /// The input contains a document type declaration. soapsec never processes DTDs, so
    /// there are no entities beyond the five predefined ones (SOAP and WS-I BP forbid DTDs).
    #[error("{at}: DOCTYPE is not allowed (no DTD processing, no custom entities)")]
    DoctypeForbidden {
        /// Where the declaration starts.
        at: Position,
    },
    /// The input is not valid UTF-8.
    #[error("{at}: input is not valid UTF-8")]
    InvalidUtf8 {
        /// The first invalid byte.
        at: Position,
    },
    /// The XML declaration names an encoding other than UTF-8.
    #[error("{at}: unsupported encoding '{encoding}' (only UTF-8 is accepted)")]
    UnsupportedEncoding {
        /// The declared encoding.
        encoding: String,
        /// Where the declaration is.
        at: Position,
    },
    /// The input is not well-formed XML.
    #[error("{at}: malformed XML: {message}")]
    Syntax {
        /// What rule was broken.
        message: String,
        /// Where.
        at: Position,
    },
    /// An end tag does not match the open element.
    #[error("{at}: end tag </{found}> does not match the open element <{expected}>")]
    MismatchedEndTag {
        /// The name of the open element.
        expected: String,
        /// The name in the end tag.
        found: String,
        /// Where the end tag is.
        at: Position,
    },
    /// The input ended while elements were still open.
    #[error("{at}: element <{name}> is never closed")]
    UnclosedElement {
        /// The unclosed element's name.
        name: String,
        /// Where its start tag is.
        at: Position,
    },
    /// A prefix is used without a namespace declaration in scope.
    #[error("{at}: namespace prefix '{prefix}' is not declared")]
    UndeclaredPrefix {
        /// The prefix.
        prefix: String,
        /// Where it is used.
        at: Position,
    },
    /// A namespace declaration breaks the Namespaces in XML rules (binding `xml` or `xmlns`
    /// wrongly, or undeclaring a prefix).
    #[error("{at}: invalid namespace declaration: {message}")]
    InvalidNamespaceDeclaration {
        /// What rule was broken.
        message: String,
        /// Where.
        at: Position,
    },
    /// The same attribute (by qualified or by expanded name) appears twice on one element.
    #[error("{at}: duplicate attribute '{name}'")]
    DuplicateAttribute {
        /// The attribute name.
        name: String,
        /// Where the second one is.
        at: Position,
    },
    /// Two ID attributes (see [`IdAttribute`](super::IdAttribute)) carry the same value. The
    /// document is rejected: a dereferencer and an application could pick different nodes.
    #[error("{second}: duplicate ID '{id}' (first defined at {first})")]
    DuplicateId {
        /// The ID value.
        id: String,
        /// Where it is first defined.
        first: Position,
        /// Where it is defined again.
        second: Position,
    },
    /// A reference to an entity other than the five predefined ones, or a bad character
    /// reference.
    #[error(
        "{at}: invalid reference '&{reference};' (only &lt; &gt; &amp; &apos; &quot; and character references are allowed)"
    )]
    InvalidReference {
        /// The reference's name, without `&` and `;`.
        reference: String,
        /// Where.
        at: Position,
    },
    /// A character that XML 1.0 does not allow.
    #[error("{at}: character U+{code:04X} is not allowed in XML")]
    InvalidCharacter {
        /// The code point.
        code: u32,
        /// Where.
        at: Position,
    },
    /// Non-whitespace text before or after the document element.
    #[error("{at}: text is not allowed outside the document element")]
    TextOutsideRoot {
        /// Where.
        at: Position,
    },
    /// A second top-level element.
    #[error("{at}: a second document element is not allowed")]
    MultipleRoots {
        /// Where it starts.
        at: Position,
    },
    /// The input has no element at all.
    #[error("{at}: the document has no element")]
    NoRootElement {
        /// The end of the input.
        at: Position,
    },
    /// An edit could not be applied.
    #[error("invalid edit: {message}")]
    InvalidEdit {
        /// What is wrong with the edit.
        message: String,
    },
    /// Markup supplied to an edit is not well-formed in its context.
    #[error("edit markup, {at} within the fragment: {source}")]
    InvalidEditMarkup {
        /// The position inside the supplied markup.
        at: Position,
        /// What is wrong.
        source: Box<XmlError>,
    },
}

impl XmlError {
    /// The position the error concerns, if it concerns one.
    pub fn position(&self) -> Option<Position> {
        use XmlError::*;
        match self {
            LimitExceeded { at, .. }
            | DoctypeForbidden { at }
            | InvalidUtf8 { at }
            | UnsupportedEncoding { at, .. }
            | Syntax { at, .. }
            | MismatchedEndTag { at, .. }
            | UnclosedElement { at, .. }
            | UndeclaredPrefix { at, .. }
            | InvalidNamespaceDeclaration { at, .. }
            | DuplicateAttribute { at, .. }
            | InvalidReference { at, .. }
            | InvalidCharacter { at, .. }
            | TextOutsideRoot { at }
            | MultipleRoots { at }
            | NoRootElement { at } => Some(*at),
            DuplicateId { second, .. } => Some(*second),
            InvalidEditMarkup { at, .. } => Some(*at),
            InvalidEdit { .. } => None,
        }
    }
}
