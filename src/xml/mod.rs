//! The XML core: one bounded parse into an immutable, namespace-resolved, arena-allocated tree
//! that borrows from the input, with an ID index built during parsing, and byte-splice edits
//! that produce a new document without re-parsing the untouched parts.
//!
//! ```
//! use soapsec::xml::Document;
//! let doc = Document::parse(r#"<a xmlns="urn:x"><b Id="x">text</b></a>"#).unwrap();
//! let root = doc.root();
//! assert!(root.is("urn:x", "a"));
//! let b = root.first_child_element().unwrap();
//! assert_eq!(b.text(), "text");
//! assert_eq!(b.position().column, 18);
//! ```

mod edit;
mod error;
mod escape;
mod limits;
mod parse;
mod tree;

pub use edit::Edits;
pub use error::{Position, XmlError};
pub use escape::{escape_attr, escape_text};
pub use limits::{LimitKind, Limits};
pub use tree::{
    Attribute, Children, Document, Element, Node, NodeId, NodeKind, QName, XML_NS, XMLNS_NS,
};

use parse::{Arena, Parser, Region};
use std::borrow::Cow;
use std::sync::OnceLock;
use tree::{NONE, NodeData};

/// WS-Security utility namespace (`wsu:Id`, `wsu:Timestamp`).
pub const WSU_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
/// XML Signature namespace.
pub const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
/// XML Encryption namespace.
pub const XENC_NS: &str = "http://www.w3.org/2001/04/xmlenc#";
/// XML Encryption 1.1 namespace.
pub const XENC11_NS: &str = "http://www.w3.org/2009/xmlenc11#";
/// WS-Security 1.1 extension namespace (`wsse11:EncryptedHeader`).
pub const WSSE11_NS: &str = "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd";

/// An attribute whose value identifies its element, for `#id` references. Every such value
/// goes into the document's ID index, and a duplicate value rejects the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdAttribute {
    /// Restrict to elements in this namespace (`None`: any element).
    pub element_namespace: Option<String>,
    /// The attribute's namespace (empty for an unqualified attribute).
    pub namespace: String,
    /// The attribute's local name.
    pub local: String,
}

impl IdAttribute {
    /// An ID attribute recognized on every element.
    pub fn any_element(namespace: &str, local: &str) -> Self {
        IdAttribute {
            element_namespace: None,
            namespace: namespace.into(),
            local: local.into(),
        }
    }
    /// An unqualified ID attribute recognized on elements of one namespace.
    pub fn on_namespace(element_namespace: &str, local: &str) -> Self {
        IdAttribute {
            element_namespace: Some(element_namespace.into()),
            namespace: String::new(),
            local: local.into(),
        }
    }
}

/// How to parse: limits, and which attributes are IDs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOptions {
    /// Resource limits.
    pub limits: Limits,
    /// The ID attributes. Defaults: `wsu:Id` and `xml:id` on any element; unqualified `Id`
    /// and `ID` on XML Signature and XML Encryption (1.0 and 1.1) elements. Add your own
    /// (for example `Id` on any element, for documents signed by generic XML-DSig tools).
    pub id_attributes: Vec<IdAttribute>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        let mut ids = vec![
            IdAttribute::any_element(WSU_NS, "Id"),
            IdAttribute::any_element(XML_NS, "id"),
        ];
        for ns in [DSIG_NS, XENC_NS, XENC11_NS] {
            ids.push(IdAttribute::on_namespace(ns, "Id"));
            ids.push(IdAttribute::on_namespace(ns, "ID"));
        }
        ParseOptions {
            limits: Limits::default(),
            id_attributes: ids,
        }
    }
}

impl ParseOptions {
    /// Default ID attributes with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        ParseOptions {
            limits,
            ..Default::default()
        }
    }

    pub(crate) fn is_id_attribute(
        &self,
        element_ns: &str,
        _element_local: &str,
        attr_ns: &str,
        attr_local: &str,
    ) -> bool {
        self.id_attributes.iter().any(|d| {
            d.local == attr_local
                && d.namespace == attr_ns
                && d.element_namespace
                    .as_deref()
                    .is_none_or(|ns| ns == element_ns)
        })
    }
}

/// The most the pre-sized arrays may reserve, in bytes per input byte (see
/// [`Document::parse_with`]). The `orders` body of `benches/xml.rs` needs about 1.2; a body of
/// elements with five short attributes each and text between them, about 2.8.
const RESERVE_PER_INPUT_BYTE: usize = 3;
/// And in all: a 32 MiB document whose counts lie costs at most this much unused memory.
const MAX_RESERVE_BYTES: usize = 48 << 20;

/// Node, element and attribute counts to reserve: the estimates, scaled down together when
/// their records would take more than [`RESERVE_PER_INPUT_BYTE`] times the input, or more
/// than [`MAX_RESERVE_BYTES`].
fn reservations(
    input_len: usize,
    nodes: usize,
    elements: usize,
    attrs: usize,
) -> (usize, usize, usize) {
    let bytes = nodes
        .saturating_mul(std::mem::size_of::<NodeData>())
        .saturating_add(elements.saturating_mul(std::mem::size_of::<tree::ElementData>()))
        .saturating_add(attrs.saturating_mul(std::mem::size_of::<tree::AttrData>()));
    let budget = input_len
        .saturating_mul(RESERVE_PER_INPUT_BYTE)
        .clamp(1, MAX_RESERVE_BYTES);
    if bytes <= budget {
        return (nodes, elements, attrs);
    }
    // budget < bytes, so each scaled count is below its estimate (u128: no overflow).
    let scale = |n: usize| (n as u128 * budget as u128 / bytes as u128) as usize;
    (scale(nodes), scale(elements), scale(attrs))
}

impl<'a> Document<'a> {
    /// Parse with the default [`ParseOptions`].
    pub fn parse(input: &'a str) -> Result<Document<'a>, XmlError> {
        Self::parse_with(input, &ParseOptions::default())
    }

    /// Parse bytes, which must be UTF-8.
    pub fn parse_bytes(input: &'a [u8], options: &ParseOptions) -> Result<Document<'a>, XmlError> {
        if input.len() > options.limits.max_input_bytes {
            return Err(XmlError::LimitExceeded {
                kind: LimitKind::InputBytes,
                max: options.limits.max_input_bytes,
                at: Position::default(),
            });
        }
        match std::str::from_utf8(input) {
            Ok(s) => Self::parse_with(s, options),
            Err(e) => {
                let valid = &input[..e.valid_up_to()];
                // Valid by construction; from_utf8 cannot fail on this prefix.
                let prefix = std::str::from_utf8(valid).unwrap_or("");
                let starts = tree::line_starts(prefix);
                Err(XmlError::InvalidUtf8 {
                    at: tree::position_in(prefix, &starts, prefix.len()),
                })
            }
        }
    }

    /// Parse with explicit options.
    pub fn parse_with(input: &'a str, options: &ParseOptions) -> Result<Document<'a>, XmlError> {
        if input.len() > options.limits.max_input_bytes || input.len() >= u32::MAX as usize {
            return Err(XmlError::LimitExceeded {
                kind: LimitKind::InputBytes,
                max: options.limits.max_input_bytes.min(u32::MAX as usize - 1),
                at: Position::default(),
            });
        }
        // Size the arrays from vectorized counts instead of letting them double: elements are
        // the '<' that do not start an end tag (comments and PIs overcount slightly), text
        // nodes are the '>' followed by anything but '<' (at most one after each start and
        // each end tag), attributes are the '='.
        let bytes = input.as_bytes();
        // The counts come from attacker-controlled bytes: a '<' inside CDATA or a '=' in text
        // counts without being a node. So each count stops at what the limits allow (counting
        // 8 million matches would cost more than parsing up to the limit), and together the
        // reservations never exceed `RESERVE_PER_INPUT_BYTE` times the input, nor
        // `MAX_RESERVE_BYTES`: a document whose
        // counts lie gets at most that much memory it does not use, and one that needs more
        // grows its arrays by doubling, as its parse proves the need.
        let max_elements = options.limits.max_elements.saturating_add(1);
        let cap = max_elements.saturating_mul(2).saturating_add(2);
        let angles = memchr::memchr_iter(b'<', bytes).take(cap).count();
        let end_tags = memchr::memmem::find_iter(bytes, b"</").take(cap).count();
        let elements = angles.saturating_sub(end_tags).min(max_elements);
        let texts = memchr::memchr_iter(b'>', bytes)
            .take(2 * elements + 2)
            .filter(|&i| bytes.get(i + 1).is_some_and(|&b| b != b'<'))
            .count();
        let per_element = options
            .limits
            .max_attributes_per_element
            .saturating_add(options.limits.max_namespace_declarations_per_element);
        let attrs = memchr::memchr_iter(b'=', bytes)
            .take(elements.saturating_mul(per_element).saturating_add(1))
            .count();
        let (nodes, elements, attrs) =
            reservations(input.len(), elements + texts + 1, elements, attrs);
        let mut arena = Arena::new(nodes + 2);
        arena.elements.reserve(elements + 1);
        arena.attrs.reserve(attrs);
        arena.nodes.push(NodeData {
            start: 0,
            end: input.len() as u32,
            parent: NONE,
            subtree_end: 1,
            kind: NodeKind::Document,
            aux: 0,
        });
        let region = Region {
            start: 0,
            fragment: None,
        };
        let (root, _, _) = Parser::new(input, region, options, &mut arena).run(input.len())?;
        arena.nodes[0].subtree_end = arena.nodes.len() as u32;
        Ok(Document::from_arena(
            Cow::Borrowed(input),
            arena,
            root,
            options.clone(),
        ))
    }

    pub(crate) fn from_arena(
        src: Cow<'a, str>,
        arena: Arena,
        root: u32,
        options: ParseOptions,
    ) -> Document<'a> {
        Document {
            src,
            nodes: arena.nodes,
            elements: arena.elements,
            attrs: arena.attrs,
            nsdecls: arena.nsdecls,
            pis: arena.pis,
            owned: arena.owned,
            texts: arena.texts,
            ns_uris: arena.ns_uris,
            ns_index: arena.ns_index,
            ids: arena.ids,
            root,
            options,
            line_starts: OnceLock::new(),
        }
    }
}

#[cfg(test)]
mod tests;
