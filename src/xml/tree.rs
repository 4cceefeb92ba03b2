//! The immutable, arena-allocated document tree.
//!
//! Nodes live in one `Vec` in document (pre-)order, so a node's descendants are exactly the
//! index range `id+1 .. subtree_end`, and walking a subtree is a linear scan. Strings are
//! [`StrRef`]s: a span into the source text when the text needed no unescaping or
//! normalization (the common case), or an index into a small table of owned strings otherwise.

use super::error::Position;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

pub(crate) const NONE: u32 = u32::MAX;

/// The XML namespace, bound to the `xml` prefix.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of namespace declarations.
pub const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// Identity of a node within one [`Document`]. Two handles are equal exactly when they denote
/// the same node; this, not names or IDs, is what signatures are checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(crate) u32);

impl NodeId {
    /// The document node, parent of the document element.
    pub const DOCUMENT: NodeId = NodeId(0);
    /// The index of this node in document order.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A string owned by the document: a span of the source, or an owned (unescaped) copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StrRef {
    Span {
        start: u32,
        len: u32,
    },
    /// A range of the document's owned-text buffer.
    Owned {
        start: u32,
        len: u32,
    },
}

impl StrRef {
    pub(crate) const EMPTY: StrRef = StrRef::Span { start: 0, len: 0 };
    pub(crate) fn span(start: usize, end: usize) -> StrRef {
        StrRef::Span {
            start: start as u32,
            len: (end - start) as u32,
        }
    }
}

/// What kind of node a [`NodeId`] denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// The document node.
    Document,
    /// An element.
    Element,
    /// Character data (text and CDATA sections, merged and unescaped).
    Text,
    /// A comment.
    Comment,
    /// A processing instruction.
    ProcessingInstruction,
}

#[derive(Debug, Clone)]
pub(crate) struct NodeData {
    /// Byte span of the whole node in the source.
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) parent: u32,
    /// One past the last descendant's index.
    pub(crate) subtree_end: u32,
    pub(crate) kind: NodeKind,
    /// Element: index into `elements`. PI: index into `pis`. Text/Comment: `NONE` when the
    /// content is the source itself (the span, or the span inside `<!--`/`-->`), else an index
    /// into `texts` (the content needed unescaping or normalizing).
    pub(crate) aux: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct ElementData {
    /// Length of the qualified name (it starts at node start + 1).
    pub(crate) qname_len: u16,
    /// Length of the prefix (0 = no prefix).
    pub(crate) prefix_len: u16,
    /// Index into `ns_uris` (0 = no namespace).
    pub(crate) ns: u32,
    pub(crate) attr_start: u32,
    pub(crate) attr_len: u16,
    pub(crate) nsdecl_len: u16,
    pub(crate) nsdecl_start: u32,
    /// Offset just past the start tag's `>`.
    pub(crate) start_tag_end: u32,
    pub(crate) self_closing: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct AttrData {
    pub(crate) name_start: u32,
    pub(crate) name_len: u16,
    pub(crate) prefix_len: u16,
    pub(crate) ns: u32,
    /// `NONE` when the value is the raw span itself, else an index into `texts`.
    pub(crate) value: u32,
    /// Span of the raw value between the quotes.
    pub(crate) raw_start: u32,
    pub(crate) raw_len: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct NsDeclData {
    /// The prefix (empty for the default namespace).
    pub(crate) prefix: StrRef,
    pub(crate) ns: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct PiData {
    pub(crate) target: StrRef,
    pub(crate) data: StrRef,
}

/// A parsed XML document. Immutable: changes are made with
/// [`Document::apply`](crate::xml::Document::apply), which yields a new document.
#[derive(Debug)]
pub struct Document<'a> {
    pub(crate) src: Cow<'a, str>,
    pub(crate) nodes: Vec<NodeData>,
    pub(crate) elements: Vec<ElementData>,
    pub(crate) attrs: Vec<AttrData>,
    pub(crate) nsdecls: Vec<NsDeclData>,
    pub(crate) pis: Vec<PiData>,
    /// Text that needed unescaping or normalization, back to back in one buffer.
    pub(crate) owned: String,
    /// Owned contents of text nodes, comments and attribute values (see `NodeData::aux`).
    pub(crate) texts: Vec<StrRef>,
    pub(crate) ns_uris: Vec<StrRef>,
    pub(crate) ns_index: HashMap<Box<str>, u32>,
    pub(crate) ids: HashMap<Box<str>, NodeId>,
    pub(crate) root: u32,
    pub(crate) options: super::ParseOptions,
    pub(crate) line_starts: OnceLock<Vec<u32>>,
}

impl<'a> Document<'a> {
    /// The source text this tree describes.
    pub fn source(&self) -> &str {
        &self.src
    }

    /// The options (limits, ID attributes) the document was parsed with; edits use them too.
    pub fn options(&self) -> &super::ParseOptions {
        &self.options
    }

    /// The document element.
    pub fn root(&self) -> Element<'_> {
        Element {
            doc: self,
            id: NodeId(self.root),
        }
    }

    /// Number of nodes, the document node included.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// A view of any node.
    ///
    /// Returns `None` for a handle that does not belong to this document.
    pub fn node(&self, id: NodeId) -> Option<Node<'_>> {
        (id.index() < self.nodes.len()).then_some(Node { doc: self, id })
    }

    /// A view of an element, or `None` if `id` is not an element of this document.
    pub fn element(&self, id: NodeId) -> Option<Element<'_>> {
        match self.nodes.get(id.index()) {
            Some(n) if n.kind == NodeKind::Element => Some(Element { doc: self, id }),
            _ => None,
        }
    }

    /// Every node in document order, the document node first.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = Node<'_>> + '_ {
        (0..self.nodes.len() as u32).map(move |i| Node {
            doc: self,
            id: NodeId(i),
        })
    }

    /// Every element in document order.
    pub fn elements(&self) -> impl Iterator<Item = Element<'_>> + '_ {
        self.nodes().filter_map(|n| n.as_element())
    }

    /// The element carrying this ID (see [`IdAttribute`](super::IdAttribute)), if any.
    pub fn element_by_id(&self, id: &str) -> Option<Element<'_>> {
        self.ids.get(id).and_then(|&n| self.element(n))
    }

    /// Every ID in the index, with its element, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = (&str, NodeId)> + '_ {
        self.ids.iter().map(|(k, &v)| (&**k, v))
    }

    /// Line and column of a byte offset (line starts are computed once, on first use).
    pub fn position(&self, offset: usize) -> Position {
        let starts = self.line_starts.get_or_init(|| line_starts(&self.src));
        position_in(&self.src, starts, offset)
    }

    /// Copy the source so that the document no longer borrows the input.
    pub fn into_owned(self) -> Document<'static> {
        Document {
            src: Cow::Owned(self.src.into_owned()),
            nodes: self.nodes,
            elements: self.elements,
            attrs: self.attrs,
            nsdecls: self.nsdecls,
            pis: self.pis,
            owned: self.owned,
            texts: self.texts,
            ns_uris: self.ns_uris,
            ns_index: self.ns_index,
            ids: self.ids,
            root: self.root,
            options: self.options,
            line_starts: self.line_starts,
        }
    }

    #[inline]
    pub(crate) fn str(&self, r: StrRef) -> &str {
        match r {
            StrRef::Span { start, len } => {
                let s = start as usize;
                self.src.get(s..s + len as usize).unwrap_or("")
            }
            StrRef::Owned { start, len } => {
                let s = start as usize;
                self.owned.get(s..s + len as usize).unwrap_or("")
            }
        }
    }

    /// The content of a text or comment node.
    #[inline]
    pub(crate) fn node_text(&self, d: &NodeData) -> &str {
        if d.aux != NONE {
            return self.texts.get(d.aux as usize).map_or("", |&r| self.str(r));
        }
        let (s, e) = (d.start as usize, d.end as usize);
        let range = if d.kind == NodeKind::Comment {
            s + 4..e.saturating_sub(3)
        } else {
            s..e
        };
        self.src.get(range).unwrap_or("")
    }

    /// The normalized value of an attribute.
    #[inline]
    pub(crate) fn attr_value(&self, a: &AttrData) -> &str {
        if a.value != NONE {
            return self
                .texts
                .get(a.value as usize)
                .map_or("", |&r| self.str(r));
        }
        let s = a.raw_start as usize;
        self.src.get(s..s + a.raw_len as usize).unwrap_or("")
    }

    #[inline]
    pub(crate) fn ns_uri(&self, ns: u32) -> &str {
        self.ns_uris.get(ns as usize).map_or("", |&r| self.str(r))
    }

    #[inline]
    pub(crate) fn edata(&self, id: NodeId) -> &ElementData {
        &self.elements[self.nodes[id.index()].aux as usize]
    }
}

pub(crate) fn line_starts(src: &str) -> Vec<u32> {
    let mut v = vec![0];
    v.extend(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i as u32 + 1));
    v
}

pub(crate) fn position_in(src: &str, starts: &[u32], offset: usize) -> Position {
    let offset = offset.min(src.len());
    let line_idx = match starts.binary_search(&(offset as u32)) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    };
    let ls = starts.get(line_idx).copied().unwrap_or(0) as usize;
    let column = src
        .get(ls..offset)
        .map_or(offset - ls, |s| s.chars().count())
        + 1;
    Position {
        offset,
        line: line_idx as u32 + 1,
        column: column as u32,
    }
}

/// A view of one node.
#[derive(Clone, Copy)]
pub struct Node<'d> {
    pub(crate) doc: &'d Document<'d>,
    pub(crate) id: NodeId,
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("id", &self.id)
            .field("kind", &self.kind())
            .finish()
    }
}

impl<'d> Node<'d> {
    #[inline]
    fn data(&self) -> &'d NodeData {
        &self.doc.nodes[self.id.index()]
    }
    /// This node's identity.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// What kind of node this is.
    pub fn kind(&self) -> NodeKind {
        self.data().kind
    }
    /// The byte range of the whole node in [`Document::source`].
    pub fn span(&self) -> std::ops::Range<usize> {
        let d = self.data();
        d.start as usize..d.end as usize
    }
    /// Line and column where the node starts.
    pub fn position(&self) -> Position {
        self.doc.position(self.data().start as usize)
    }
    /// The parent node (`None` for the document node).
    pub fn parent(&self) -> Option<Node<'d>> {
        let p = self.data().parent;
        (p != NONE).then_some(Node {
            doc: self.doc,
            id: NodeId(p),
        })
    }
    /// This node as an element, if it is one.
    pub fn as_element(&self) -> Option<Element<'d>> {
        (self.kind() == NodeKind::Element).then_some(Element {
            doc: self.doc,
            id: self.id,
        })
    }
    /// Character content of a text or comment node, data of a processing instruction,
    /// empty for elements and the document.
    pub fn text(&self) -> &'d str {
        let d = self.data();
        match d.kind {
            NodeKind::Text | NodeKind::Comment => self.doc.node_text(d),
            NodeKind::ProcessingInstruction => self.doc.str(self.doc.pis[d.aux as usize].data),
            _ => "",
        }
    }
    /// Target of a processing instruction (empty for other nodes).
    pub fn pi_target(&self) -> &'d str {
        let d = self.data();
        match d.kind {
            NodeKind::ProcessingInstruction => self.doc.str(self.doc.pis[d.aux as usize].target),
            _ => "",
        }
    }
    /// The children of this node, in document order.
    pub fn children(&self) -> Children<'d> {
        let d = self.data();
        Children {
            doc: self.doc,
            next: self.id.0 + 1,
            end: d.subtree_end,
        }
    }
    /// True if `other` is this node or one of its descendants.
    pub fn contains(&self, other: NodeId) -> bool {
        other.0 >= self.id.0 && other.0 < self.data().subtree_end
    }
}

/// Iterator over a node's children.
#[derive(Clone)]
pub struct Children<'d> {
    doc: &'d Document<'d>,
    next: u32,
    end: u32,
}

impl<'d> Iterator for Children<'d> {
    type Item = Node<'d>;
    fn next(&mut self) -> Option<Node<'d>> {
        if self.next >= self.end {
            return None;
        }
        let id = NodeId(self.next);
        self.next = self.doc.nodes[id.index()].subtree_end;
        Some(Node { doc: self.doc, id })
    }
}

/// A namespace-resolved name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QName<'d> {
    /// The prefix as written (empty if none).
    pub prefix: &'d str,
    /// The local part.
    pub local: &'d str,
    /// The namespace URI (empty if none).
    pub namespace: &'d str,
}

impl QName<'_> {
    /// True if this name is `{namespace}local`.
    pub fn is(&self, namespace: &str, local: &str) -> bool {
        self.local == local && self.namespace == namespace
    }
}

impl std::fmt::Display for QName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(self.local)
        } else {
            write!(f, "{{{}}}{}", self.namespace, self.local)
        }
    }
}

/// A view of an element.
#[derive(Clone, Copy)]
pub struct Element<'d> {
    pub(crate) doc: &'d Document<'d>,
    pub(crate) id: NodeId,
}

impl std::fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Element({:?}, {})", self.id, self.name())
    }
}

impl<'d> Element<'d> {
    #[inline]
    fn e(&self) -> &'d ElementData {
        self.doc.edata(self.id)
    }
    /// This element's identity.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// The element as a generic node.
    pub fn node(&self) -> Node<'d> {
        Node {
            doc: self.doc,
            id: self.id,
        }
    }
    /// The document this element belongs to.
    pub fn document(&self) -> &'d Document<'d> {
        self.doc
    }
    /// The qualified name as written (`prefix:local` or `local`).
    #[inline]
    pub fn qname(&self) -> &'d str {
        let s = self.doc.nodes[self.id.index()].start as usize + 1;
        &self.doc.src[s..s + self.e().qname_len as usize]
    }
    /// The prefix as written (empty if none).
    #[inline]
    pub fn prefix(&self) -> &'d str {
        let p = self.e().prefix_len as usize;
        &self.qname()[..p]
    }
    /// The local name.
    #[inline]
    pub fn local_name(&self) -> &'d str {
        let e = self.e();
        let q = self.qname();
        if e.prefix_len == 0 {
            q
        } else {
            &q[e.prefix_len as usize + 1..]
        }
    }
    /// The namespace URI (empty if none).
    #[inline]
    pub fn namespace(&self) -> &'d str {
        self.doc.ns_uri(self.e().ns)
    }
    /// Prefix, local name and namespace together.
    pub fn name(&self) -> QName<'d> {
        QName {
            prefix: self.prefix(),
            local: self.local_name(),
            namespace: self.namespace(),
        }
    }
    /// True if this element is `{namespace}local`.
    pub fn is(&self, namespace: &str, local: &str) -> bool {
        self.local_name() == local && self.namespace() == namespace
    }
    /// The attributes (namespace declarations excluded), in document order.
    pub fn attributes(&self) -> impl ExactSizeIterator<Item = Attribute<'d>> + 'd {
        let e = self.e();
        let doc = self.doc;
        let owner = self.id;
        (e.attr_start..e.attr_start + e.attr_len as u32).map(move |i| Attribute {
            doc,
            idx: i,
            owner,
        })
    }
    /// The value of the attribute `{namespace}local` (use `""` for an unqualified attribute).
    pub fn attribute(&self, namespace: &str, local: &str) -> Option<&'d str> {
        self.attributes()
            .find(|a| a.local_name() == local && a.namespace() == namespace)
            .map(|a| a.value())
    }
    /// The namespace declarations on this element, as (prefix, URI); the default namespace
    /// has the empty prefix, and `xmlns=""` has an empty URI.
    pub fn namespace_declarations(&self) -> impl ExactSizeIterator<Item = (&'d str, &'d str)> + 'd {
        let e = self.e();
        let doc = self.doc;
        doc.nsdecls[e.nsdecl_start as usize..e.nsdecl_start as usize + e.nsdecl_len as usize]
            .iter()
            .map(move |d| (doc.str(d.prefix), doc.ns_uri(d.ns)))
    }
    /// Every namespace binding in scope at this element, nearest declaration winning, sorted
    /// by prefix. The `xml` prefix is not listed; an undeclared default (`xmlns=""`) is.
    pub fn in_scope_namespaces(&self) -> Vec<(&'d str, &'d str)> {
        let mut out: Vec<(&'d str, &'d str)> = Vec::new();
        let mut cur = Some(*self);
        while let Some(el) = cur {
            for (p, u) in el.namespace_declarations() {
                if !out.iter().any(|(q, _)| *q == p) {
                    out.push((p, u));
                }
            }
            cur = el.parent_element();
        }
        out.sort_unstable_by(|a, b| a.0.cmp(b.0));
        out
    }
    /// The namespace URI bound to `prefix` here (`""` = the default namespace).
    pub fn lookup_namespace(&self, prefix: &str) -> Option<&'d str> {
        if prefix == "xml" {
            return Some(XML_NS);
        }
        let mut cur = Some(*self);
        while let Some(el) = cur {
            if let Some((_, u)) = el.namespace_declarations().find(|(p, _)| *p == prefix) {
                return Some(u);
            }
            cur = el.parent_element();
        }
        None
    }
    /// The parent element (`None` for the document element).
    pub fn parent_element(&self) -> Option<Element<'d>> {
        self.node().parent().and_then(|p| p.as_element())
    }
    /// The child nodes.
    pub fn children(&self) -> Children<'d> {
        self.node().children()
    }
    /// The child elements.
    pub fn child_elements(&self) -> impl Iterator<Item = Element<'d>> + 'd {
        self.children().filter_map(|n| n.as_element())
    }
    /// The first child element, if any.
    pub fn first_child_element(&self) -> Option<Element<'d>> {
        self.child_elements().next()
    }
    /// Concatenation of all text children (never just the first one: see attack class G,
    /// comment truncation).
    pub fn text(&self) -> Cow<'d, str> {
        let mut texts = self.children().filter(|n| n.kind() == NodeKind::Text);
        match (texts.next(), texts.next()) {
            (None, _) => Cow::Borrowed(""),
            (Some(a), None) => Cow::Borrowed(a.text()),
            (Some(a), Some(b)) => {
                let mut s = String::from(a.text());
                s.push_str(b.text());
                texts.for_each(|t| s.push_str(t.text()));
                Cow::Owned(s)
            }
        }
    }
    /// True if the element has child elements, comments or processing instructions.
    pub fn has_non_text_children(&self) -> bool {
        self.children().any(|n| n.kind() != NodeKind::Text)
    }
    /// Byte span of the whole element.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.node().span()
    }
    /// Byte span of the start tag (`<` to `>` inclusive).
    pub fn start_tag_span(&self) -> std::ops::Range<usize> {
        self.doc.nodes[self.id.index()].start as usize..self.e().start_tag_end as usize
    }
    /// Byte span of the content between the tags (empty, at the tag's end, if self-closing).
    pub fn content_span(&self) -> std::ops::Range<usize> {
        let e = self.e();
        let st = e.start_tag_end as usize;
        if e.self_closing {
            return st..st;
        }
        let end = self.doc.nodes[self.id.index()].end as usize;
        // The end tag is `</qname` + optional whitespace + `>`; find its `<` backwards.
        let src = self.doc.src.as_bytes();
        let mut i = end.saturating_sub(1);
        while i > st && src[i] != b'<' {
            i -= 1;
        }
        st..i
    }
    /// The raw source of the content (byte-identical to the input).
    pub fn raw_content(&self) -> &'d str {
        &self.doc.src[self.content_span()]
    }
    /// True if written as `<x/>`.
    pub fn is_self_closing(&self) -> bool {
        self.e().self_closing
    }
    /// Line and column of the start tag.
    pub fn position(&self) -> Position {
        self.node().position()
    }
    /// Number of ancestors that are elements, plus one (the document element has depth 1).
    pub fn depth(&self) -> usize {
        let mut d = 1;
        let mut cur = self.parent_element();
        while let Some(p) = cur {
            d += 1;
            cur = p.parent_element();
        }
        d
    }

    /// Where the element is, by local names from the document element, with a 1-based
    /// `[n]` where siblings share the local name: `/Envelope/Header/Security/Signature`,
    /// `/Envelope/Header/Note[2]`. For messages and reports; lookups go by node identity.
    pub fn path(&self) -> String {
        let mut steps = Vec::new();
        let mut cur = Some(*self);
        while let Some(el) = cur {
            let parent = el.parent_element();
            let mut step = el.local_name().to_owned();
            if let Some(p) = parent {
                let mut same = p
                    .child_elements()
                    .filter(|c| c.local_name() == el.local_name());
                let index = same.by_ref().position(|c| c.id() == el.id());
                let shared = index.is_some_and(|i| i > 0) || same.next().is_some();
                if let (true, Some(i)) = (shared, index) {
                    step = format!("{step}[{}]", i + 1);
                }
            }
            steps.push(step);
            cur = parent;
        }
        steps.reverse();
        format!("/{}", steps.join("/"))
    }
}

/// A view of one attribute.
#[derive(Clone, Copy)]
pub struct Attribute<'d> {
    doc: &'d Document<'d>,
    idx: u32,
    owner: NodeId,
}

impl std::fmt::Debug for Attribute<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={:?}", self.qname(), self.value())
    }
}

impl<'d> Attribute<'d> {
    #[inline]
    fn a(&self) -> &'d AttrData {
        &self.doc.attrs[self.idx as usize]
    }
    /// The element carrying this attribute.
    pub fn owner(&self) -> NodeId {
        self.owner
    }
    /// The qualified name as written.
    #[inline]
    pub fn qname(&self) -> &'d str {
        let a = self.a();
        let s = a.name_start as usize;
        &self.doc.src[s..s + a.name_len as usize]
    }
    /// The prefix as written (empty if none).
    #[inline]
    pub fn prefix(&self) -> &'d str {
        &self.qname()[..self.a().prefix_len as usize]
    }
    /// The local name.
    #[inline]
    pub fn local_name(&self) -> &'d str {
        let a = self.a();
        let q = self.qname();
        if a.prefix_len == 0 {
            q
        } else {
            &q[a.prefix_len as usize + 1..]
        }
    }
    /// The namespace URI (empty for an unprefixed attribute).
    #[inline]
    pub fn namespace(&self) -> &'d str {
        self.doc.ns_uri(self.a().ns)
    }
    /// Prefix, local name and namespace together.
    pub fn name(&self) -> QName<'d> {
        QName {
            prefix: self.prefix(),
            local: self.local_name(),
            namespace: self.namespace(),
        }
    }
    /// The normalized value (references resolved, whitespace characters turned into spaces).
    #[inline]
    pub fn value(&self) -> &'d str {
        self.doc.attr_value(self.a())
    }
    /// Byte span of the raw value between the quotes.
    pub fn value_span(&self) -> std::ops::Range<usize> {
        let a = self.a();
        a.raw_start as usize..(a.raw_start + a.raw_len) as usize
    }
    /// Byte span of `name="value"`.
    pub fn span(&self) -> std::ops::Range<usize> {
        let a = self.a();
        a.name_start as usize..(a.raw_start + a.raw_len + 1) as usize
    }
}
