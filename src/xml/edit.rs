//! Changing a document without re-parsing it.
//!
//! An [`Edits`] value collects node-aligned changes (set an attribute, insert, replace or
//! remove nodes). [`Document::apply`] turns them into byte splices of the source: every byte
//! outside a splice is copied unchanged, so untouched regions are byte-identical to the input.
//! The new tree is then built from the old one, not from the new text: old nodes are copied
//! with their offsets and indices shifted, only the inserted markup is parsed (under the same
//! [`Limits`](super::Limits), in the namespace scope of its insertion point), and only edited
//! start tags are re-tokenized. The cost is one linear copy of the node arrays plus a parse of
//! the new markup, never a parse of the untouched text.

use super::LimitKind;
use super::error::XmlError;
use super::escape::escape_attr;
use super::parse::{Arena, FragmentContext, Parser, Region};
use super::tree::*;
use std::borrow::Cow;
use std::collections::HashMap;

/// A set of changes to apply to one document. Edits refer to nodes of the document they are
/// applied to; they must not overlap (for example, changing an attribute of an element that
/// another edit removes is an error).
#[derive(Debug, Default, Clone)]
pub struct Edits {
    ops: Vec<Op>,
}

#[derive(Debug, Clone)]
enum Op {
    SetAttribute {
        element: NodeId,
        namespace: String,
        prefix: String,
        local: String,
        value: String,
    },
    InsertBefore(NodeId, String),
    InsertAfter(NodeId, String),
    Prepend(NodeId, String),
    Append(NodeId, String),
    ReplaceChildren(NodeId, String),
    Replace(NodeId, String),
}

impl Edits {
    /// No edits yet.
    pub fn new() -> Self {
        Self::default()
    }
    /// True if there are no edits.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
    /// Set attribute `{namespace}local` on `element` to `value` (escaped here). An existing
    /// attribute of that name has its value replaced; otherwise it is added after the last
    /// attribute, as `prefix:local`, with a declaration of `prefix` if it is not already bound
    /// to `namespace` in scope (another prefix is chosen if `prefix` is bound elsewhere). Use an
    /// empty namespace for an unqualified attribute.
    pub fn set_attribute(
        &mut self,
        element: NodeId,
        namespace: &str,
        prefix: &str,
        local: &str,
        value: &str,
    ) -> &mut Self {
        self.ops.push(Op::SetAttribute {
            element,
            namespace: namespace.into(),
            prefix: prefix.into(),
            local: local.into(),
            value: value.into(),
        });
        self
    }
    /// Insert `markup` (well-formed content: elements, text, comments) just before `node`.
    pub fn insert_before(&mut self, node: NodeId, markup: impl Into<String>) -> &mut Self {
        self.ops.push(Op::InsertBefore(node, markup.into()));
        self
    }
    /// Insert `markup` just after `node`.
    pub fn insert_after(&mut self, node: NodeId, markup: impl Into<String>) -> &mut Self {
        self.ops.push(Op::InsertAfter(node, markup.into()));
        self
    }
    /// Insert `markup` as the first content of `element`.
    pub fn prepend_child(&mut self, element: NodeId, markup: impl Into<String>) -> &mut Self {
        self.ops.push(Op::Prepend(element, markup.into()));
        self
    }
    /// Insert `markup` as the last content of `element`.
    pub fn append_child(&mut self, element: NodeId, markup: impl Into<String>) -> &mut Self {
        self.ops.push(Op::Append(element, markup.into()));
        self
    }
    /// Replace all content of `element` with `markup`.
    pub fn replace_children(&mut self, element: NodeId, markup: impl Into<String>) -> &mut Self {
        self.ops.push(Op::ReplaceChildren(element, markup.into()));
        self
    }
    /// Replace `node` (and its subtree) with `markup`.
    pub fn replace(&mut self, node: NodeId, markup: impl Into<String>) -> &mut Self {
        self.ops.push(Op::Replace(node, markup.into()));
        self
    }
    /// Remove `node` and its subtree.
    pub fn remove(&mut self, node: NodeId) -> &mut Self {
        self.ops.push(Op::Replace(node, String::new()));
        self
    }
}

/// Content change: old nodes `first..last_end` (in index space) are replaced by the parsed
/// markup, which lands under `parent`.
#[derive(Debug, Clone, Copy)]
struct ContentChange {
    parent: u32,
    first: u32,
    last_end: u32,
    /// Where the markup sits within the splice's text.
    frag_off: usize,
    frag_len: usize,
}

#[derive(Debug)]
struct Splice {
    start: usize,
    end: usize,
    text: String,
    content: Option<ContentChange>,
    /// Element whose start tag this splice changes (it is re-tokenized).
    retag: Option<u32>,
    /// The element was self-closing and gets content: its start tag now ends at the
    /// splice's new start + 1.
    expands: bool,
}

impl<'a> Document<'a> {
    /// Apply `edits`, producing a new document. The input document is unchanged. Node handles
    /// of the old document are not valid in the new one (look nodes up again, by position or
    /// by ID).
    pub fn apply(&self, edits: &Edits) -> Result<Document<'static>, XmlError> {
        let mut splices = Vec::with_capacity(edits.ops.len());
        for op in &edits.ops {
            splices.push(self.splice_for(op)?);
        }
        // Stable sort keeps op order for insertions at the same point.
        splices.sort_by_key(|s| (s.start, s.end));
        for w in splices.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            if a.end > b.start || (a.start == b.start && a.end > a.start) {
                return Err(invalid("two edits overlap"));
            }
        }
        // Edits inside a removed subtree.
        for c in splices.iter().filter_map(|s| s.content) {
            let removed = c.first..c.last_end;
            if splices
                .iter()
                .filter_map(|t| t.retag.or(t.content.map(|c| c.parent)))
                .any(|target| removed.contains(&target))
            {
                return Err(invalid("an edit targets a node that another edit removes"));
            }
        }

        // The new text.
        let old = self.src.as_bytes();
        let new_len = splices.iter().fold(old.len() as i64, |n, s| {
            n + s.text.len() as i64 - (s.end - s.start) as i64
        });
        let max = self
            .options
            .limits
            .max_input_bytes
            .min(u32::MAX as usize - 1);
        if new_len as usize > max {
            return Err(XmlError::LimitExceeded {
                kind: LimitKind::InputBytes,
                max,
                at: Default::default(),
            });
        }
        let mut src = String::with_capacity(new_len as usize);
        let mut prev = 0;
        let mut new_starts = Vec::with_capacity(splices.len());
        for s in &splices {
            src.push_str(&self.src[prev..s.start]);
            new_starts.push(src.len());
            src.push_str(&s.text);
            prev = s.end;
        }
        src.push_str(&self.src[prev..]);

        let shift = Shifter { splices: &splices };
        let mut arena = self.remapped_tables(&shift);

        // Parse inserted markup and re-tokenize edited start tags, in document order.
        let opts = &self.options;
        let removed_elements: usize = splices
            .iter()
            .filter_map(|s| s.content)
            .map(|c| {
                (c.first..c.last_end)
                    .filter(|&i| self.nodes[i as usize].kind == NodeKind::Element)
                    .count()
            })
            .sum();
        let mut element_total = self.elements_in_tree() - removed_elements;
        let mut count_delta: Vec<i64> = Vec::with_capacity(splices.len());
        let mut frags: Vec<Option<Parsed>> = Vec::new();
        let mut retags: HashMap<u32, (u32, HashMap<Box<str>, NodeId>)> = HashMap::new();
        for (k, s) in splices.iter().enumerate() {
            let ns = new_starts[k];
            if let Some(el) = s.retag {
                let tag_start = shift.start(self.nodes[el as usize].start as usize);
                let tag_end = if s.expands {
                    ns + 1
                } else {
                    shift.end(self.edata(NodeId(el)).start_tag_end as usize)
                };
                let parent = self.nodes[el as usize].parent;
                let ctx = self.fragment_context(&mut arena, parent, element_total);
                let (nodes, ids, _) =
                    parse_region(&src, tag_start, tag_end, ctx, opts, &mut arena, true)?;
                let Some(n) = nodes.first() else {
                    return Err(invalid("edited start tag did not parse"));
                };
                retags.insert(el, (n.aux, ids));
            }
            match s.content {
                Some(c) => {
                    let fs = ns + c.frag_off;
                    let ctx = self.fragment_context(&mut arena, c.parent, element_total);
                    let (nodes, ids, ecount) =
                        parse_region(&src, fs, fs + c.frag_len, ctx, opts, &mut arena, false)
                            .map_err(|e| match e {
                                XmlError::InvalidEdit { .. } => e,
                                other => XmlError::InvalidEditMarkup {
                                    at: other.position().unwrap_or_default(),
                                    source: Box::new(other),
                                },
                            })?;
                    element_total = ecount;
                    count_delta.push(nodes.len() as i64 - (c.last_end - c.first) as i64);
                    frags.push(Some((nodes, ids)));
                }
                None => {
                    count_delta.push(0);
                    frags.push(None);
                }
            }
        }

        // Rebuild the node array in document order.
        let idx = IndexShifter {
            splices: &splices,
            delta: &count_delta,
        };
        let old_len = self.nodes.len() as u32;
        let total = (old_len as i64 + count_delta.iter().sum::<i64>()) as usize;
        let mut nodes: Vec<NodeData> = Vec::with_capacity(total);
        let mut ids: HashMap<Box<str>, NodeId> = HashMap::new();
        let mut frag_iter = splices.iter().zip(frags).filter_map(|(s, f)| {
            let c = s.content?;
            f.map(|f| (c, f))
        });
        let mut next_frag = frag_iter.next();
        let mut i = 0u32;
        loop {
            while let Some((c, _)) = &next_frag {
                if c.first != i {
                    break;
                }
                let Some((c, (fnodes, fids))) = next_frag.take() else {
                    break;
                };
                let base = nodes.len() as u32;
                let parent = idx.start(c.parent);
                for mut n in fnodes {
                    n.parent = if n.parent == FRAGMENT_PARENT {
                        parent
                    } else {
                        n.parent + base
                    };
                    n.subtree_end += base;
                    nodes.push(n);
                }
                for (k, v) in fids {
                    insert_id(&mut ids, k, NodeId(v.0 + base), &nodes, &src)?;
                }
                i = c.last_end;
                next_frag = frag_iter.next();
            }
            if i >= old_len {
                break;
            }
            let o = &self.nodes[i as usize];
            let mut n = o.clone();
            n.start = shift.start(o.start as usize) as u32;
            n.end = shift.end(o.end as usize) as u32;
            n.parent = if o.parent == NONE {
                NONE
            } else {
                idx.start(o.parent)
            };
            n.subtree_end = idx.end(i, o.subtree_end);
            if let Some((aux, tag_ids)) = retags.remove(&i) {
                n.aux = aux;
                for (k, _) in tag_ids {
                    insert_id(&mut ids, k, NodeId(nodes.len() as u32), &nodes, &src)?;
                }
            }
            nodes.push(n);
            i += 1;
        }
        // IDs of surviving, un-retagged old elements.
        for (k, &v) in &self.ids {
            let gone = splices.iter().any(|s| {
                s.retag == Some(v.0)
                    || s.content
                        .is_some_and(|c| v.0 >= c.first && v.0 < c.last_end)
            });
            if !gone {
                insert_id(&mut ids, k.clone(), NodeId(idx.start(v.0)), &nodes, &src)?;
            }
        }
        let mut root = idx.start(self.root);
        let (nodes, renumber) = merge_adjacent_text(nodes, &src, &mut arena);
        if let Some(map) = renumber {
            root = map[root as usize];
            for v in ids.values_mut() {
                *v = NodeId(map[v.index()]);
            }
        }
        arena.nodes = nodes;
        arena.ids = ids;
        Ok(Document::from_arena(
            Cow::Owned(src),
            arena,
            root,
            self.options.clone(),
        ))
    }

    fn elements_in_tree(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Element)
            .count()
    }

    fn fragment_context(
        &self,
        arena: &mut Arena,
        parent: u32,
        elements_before: usize,
    ) -> FragmentContext<'static> {
        let (in_scope, depth) = match self.element(NodeId(parent)) {
            Some(p) => (
                p.in_scope_namespaces()
                    .into_iter()
                    .map(|(pfx, uri)| (Cow::Owned(pfx.to_string()), intern(arena, uri)))
                    .collect(),
                p.depth(),
            ),
            None => (Vec::new(), 0),
        };
        FragmentContext {
            parent: FRAGMENT_PARENT,
            parent_depth: depth,
            in_scope,
            elements_before,
            nsdecls_before: self.nsdecls.len(),
        }
    }

    /// Copy the side tables with source offsets shifted; namespace URIs whose text is removed
    /// by an edit become owned strings.
    fn remapped_tables(&self, shift: &Shifter<'_>) -> Arena {
        let mut owned = self.owned.clone();
        let ns_uris = self
            .ns_uris
            .iter()
            .map(|&r| match r {
                StrRef::Span { start, len }
                    if shift.removed(start as usize, (start + len) as usize) =>
                {
                    let start = owned.len() as u32;
                    owned.push_str(self.str(r));
                    StrRef::Owned { start, len }
                }
                r => shift.str(r),
            })
            .collect();
        Arena {
            nodes: Vec::new(),
            elements: self
                .elements
                .iter()
                .map(|e| {
                    let mut e = e.clone();
                    e.start_tag_end = shift.end(e.start_tag_end as usize) as u32;
                    e
                })
                .collect(),
            attrs: self
                .attrs
                .iter()
                .map(|a| {
                    let mut a = a.clone();
                    a.name_start = shift.start(a.name_start as usize) as u32;
                    a.raw_start = shift.start(a.raw_start as usize) as u32;
                    a
                })
                .collect(),
            nsdecls: self
                .nsdecls
                .iter()
                .map(|d| NsDeclData {
                    prefix: shift.str(d.prefix),
                    ns: d.ns,
                })
                .collect(),
            pis: self
                .pis
                .iter()
                .map(|p| PiData {
                    target: shift.str(p.target),
                    data: shift.str(p.data),
                })
                .collect(),
            owned,
            texts: self.texts.clone(),
            ns_uris,
            ns_index: self.ns_index.clone(),
            ids: HashMap::new(),
        }
    }

    fn splice_for(&self, op: &Op) -> Result<Splice, XmlError> {
        let node = |id: NodeId| {
            self.nodes
                .get(id.index())
                .filter(|n| n.kind != NodeKind::Document)
                .ok_or_else(|| invalid("node does not belong to this document"))
        };
        let element = |id: NodeId| {
            self.element(id)
                .ok_or_else(|| invalid("target is not an element"))
        };
        let content = |parent: u32, first: u32, last_end: u32, text: &str| ContentChange {
            parent,
            first,
            last_end,
            frag_off: 0,
            frag_len: text.len(),
        };
        Ok(match op {
            Op::SetAttribute {
                element: el,
                namespace,
                prefix,
                local,
                value,
            } => {
                let e = element(*el)?;
                let esc = escape_attr(value);
                if let Some(a) = e
                    .attributes()
                    .find(|a| a.local_name() == local && a.namespace() == namespace)
                {
                    let r = a.value_span();
                    return Ok(Splice {
                        start: r.start,
                        end: r.end,
                        text: esc.into_owned(),
                        content: None,
                        retag: Some(el.0),
                        expands: false,
                    });
                }
                if !matches!(crate::xml::parse::check_name(local), Ok(0)) {
                    return Err(invalid("attribute local name is not a valid NCName"));
                }
                let mut text = String::new();
                if namespace.is_empty() {
                    text = format!(" {local}=\"{esc}\"");
                } else {
                    let bound = |p: &str| e.lookup_namespace(p);
                    let mut pfx = if prefix.is_empty() {
                        "ns".to_string()
                    } else {
                        prefix.clone()
                    };
                    if !matches!(crate::xml::parse::check_name(&pfx), Ok(0)) || pfx == "xmlns" {
                        return Err(invalid("attribute prefix is not a valid NCName"));
                    }
                    let mut n = 0;
                    while let Some(u) = bound(&pfx) {
                        if u == namespace {
                            break;
                        }
                        n += 1;
                        pfx = format!("{prefix}{n}");
                    }
                    if bound(&pfx).is_none() {
                        text.push_str(&format!(" xmlns:{pfx}=\"{}\"", escape_attr(namespace)));
                    }
                    text.push_str(&format!(" {pfx}:{local}=\"{esc}\""));
                }
                let ste = e.start_tag_span().end;
                let at = if e.is_self_closing() {
                    ste - 2
                } else {
                    ste - 1
                };
                Splice {
                    start: at,
                    end: at,
                    text,
                    content: None,
                    retag: Some(el.0),
                    expands: false,
                }
            }
            Op::InsertBefore(n, m) | Op::InsertAfter(n, m) => {
                let d = node(*n)?;
                if self.element(NodeId(d.parent)).is_none() {
                    return Err(invalid("cannot insert beside the document element"));
                }
                let (pos, idx) = match op {
                    Op::InsertBefore(..) => (d.start as usize, n.0),
                    _ => (d.end as usize, d.subtree_end),
                };
                Splice {
                    start: pos,
                    end: pos,
                    text: m.clone(),
                    content: Some(content(d.parent, idx, idx, m)),
                    retag: None,
                    expands: false,
                }
            }
            Op::Prepend(el, m) | Op::Append(el, m) | Op::ReplaceChildren(el, m) => {
                let e = element(*el)?;
                let d = &self.nodes[el.index()];
                if e.is_self_closing() {
                    let ste = e.start_tag_span().end;
                    let text = format!(">{m}</{}>", e.qname());
                    let mut c = content(el.0, el.0 + 1, el.0 + 1, m);
                    c.frag_off = 1;
                    return Ok(Splice {
                        start: ste - 2,
                        end: ste,
                        text,
                        content: Some(c),
                        retag: Some(el.0),
                        expands: true,
                    });
                }
                let cs = e.content_span();
                let (start, end, first, last_end) = match op {
                    Op::Prepend(..) => (cs.start, cs.start, el.0 + 1, el.0 + 1),
                    Op::Append(..) => (cs.end, cs.end, d.subtree_end, d.subtree_end),
                    _ => (cs.start, cs.end, el.0 + 1, d.subtree_end),
                };
                Splice {
                    start,
                    end,
                    text: m.clone(),
                    content: Some(content(el.0, first, last_end, m)),
                    retag: None,
                    expands: false,
                }
            }
            Op::Replace(n, m) => {
                let d = node(*n)?;
                if self.element(NodeId(d.parent)).is_none() {
                    return Err(invalid(
                        "cannot replace or remove the document element or top-level nodes",
                    ));
                }
                Splice {
                    start: d.start as usize,
                    end: d.end as usize,
                    text: m.clone(),
                    content: Some(content(d.parent, n.0, d.subtree_end, m)),
                    retag: None,
                    expands: false,
                }
            }
        })
    }
}

const FRAGMENT_PARENT: u32 = u32::MAX - 1;

/// Edits can leave two text nodes side by side (text inserted next to text, or the node
/// between two texts removed); a parse never does. Merge such runs, and when anything merged
/// return the old-to-new index map after renumbering parents and subtree ends.
fn merge_adjacent_text(
    nodes: Vec<NodeData>,
    src: &str,
    arena: &mut Arena,
) -> (Vec<NodeData>, Option<Vec<u32>>) {
    let adjacent = |a: &NodeData, b: &NodeData| {
        a.kind == NodeKind::Text && b.kind == NodeKind::Text && a.parent == b.parent
    };
    if !nodes.windows(2).any(|w| adjacent(&w[0], &w[1])) {
        return (nodes, None);
    }
    let n = nodes.len();
    let mut map = vec![0u32; n];
    // kept[i] = how many nodes with old index < i are kept.
    let mut kept = vec![0u32; n + 1];
    let mut out: Vec<NodeData> = Vec::with_capacity(n);
    for (i, node) in nodes.into_iter().enumerate() {
        match out.last_mut() {
            Some(prev) if adjacent(prev, &node) => {
                let content = |arena: &Arena, d: &NodeData| -> String {
                    if d.aux == NONE {
                        src.get(d.start as usize..d.end as usize)
                            .unwrap_or("")
                            .to_string()
                    } else {
                        let r = arena.texts.get(d.aux as usize).copied();
                        r.map_or(String::new(), |r| arena.str(src, r).to_string())
                    }
                };
                // Two source spans that touch stay a span; anything else becomes owned text.
                if !(prev.aux == NONE && node.aux == NONE && prev.end == node.start) {
                    let joined = content(arena, prev) + &content(arena, &node);
                    let r = arena.own(&joined);
                    prev.aux = arena.text_index(r);
                }
                prev.end = node.end;
                map[i] = out.len() as u32 - 1;
            }
            _ => {
                map[i] = out.len() as u32;
                out.push(node);
            }
        }
        kept[i + 1] = out.len() as u32;
    }
    for node in &mut out {
        if node.parent != NONE {
            node.parent = map[node.parent as usize];
        }
        node.subtree_end = kept[(node.subtree_end as usize).min(n)];
    }
    (out, Some(map))
}

type IdMap = HashMap<Box<str>, NodeId>;
/// Nodes of one parsed fragment (indices local to it) and its IDs.
type Parsed = (Vec<NodeData>, IdMap);

fn invalid(message: &str) -> XmlError {
    XmlError::InvalidEdit {
        message: message.into(),
    }
}

fn intern(arena: &mut Arena, uri: &str) -> u32 {
    if let Some(&i) = arena.ns_index.get(uri) {
        return i;
    }
    let r = arena.own(uri);
    let i = arena.ns_uris.len() as u32;
    arena.ns_uris.push(r);
    arena.ns_index.insert(uri.into(), i);
    i
}

fn insert_id(
    ids: &mut HashMap<Box<str>, NodeId>,
    k: Box<str>,
    v: NodeId,
    nodes: &[NodeData],
    src: &str,
) -> Result<(), XmlError> {
    if let Some(&first) = ids.get(&k) {
        let starts = line_starts(src);
        let pos = |n: NodeId| {
            position_in(
                src,
                &starts,
                nodes.get(n.index()).map_or(0, |d| d.start as usize),
            )
        };
        return Err(XmlError::DuplicateId {
            id: k.chars().take(128).collect(),
            first: pos(first),
            second: pos(v),
        });
    }
    ids.insert(k, v);
    Ok(())
}

/// Parse `src[start..end]` as a fragment (or, with `tag_only`, as one start tag) into the
/// side tables of `arena`, returning its nodes (indices local to the fragment) and IDs.
fn parse_region(
    src: &str,
    start: usize,
    end: usize,
    ctx: FragmentContext<'static>,
    opts: &super::ParseOptions,
    arena: &mut Arena,
    tag_only: bool,
) -> Result<(Vec<NodeData>, IdMap, usize), XmlError> {
    let saved_nodes = std::mem::take(&mut arena.nodes);
    let saved_ids = std::mem::take(&mut arena.ids);
    let region = Region {
        start,
        fragment: Some(ctx),
    };
    let mut parser = Parser::new(src, region, opts, arena);
    if tag_only {
        parser.allow_unclosed();
    }
    let result = parser.run(end);
    let nodes = std::mem::replace(&mut arena.nodes, saved_nodes);
    let ids = std::mem::replace(&mut arena.ids, saved_ids);
    let (_, _, count) = result?;
    Ok((nodes, ids, count))
}

/// Maps byte offsets of the old source to the new one.
struct Shifter<'s> {
    splices: &'s [Splice],
}

impl Shifter<'_> {
    fn delta(s: &Splice) -> i64 {
        s.text.len() as i64 - (s.end - s.start) as i64
    }
    /// Offset where something *starts*: text inserted at exactly this point comes before it.
    fn start(&self, pos: usize) -> usize {
        let d: i64 = self
            .splices
            .iter()
            .take_while(|s| s.end <= pos)
            .map(Self::delta)
            .sum();
        (pos as i64 + d).max(0) as usize
    }
    /// Offset where something *ends*: text inserted at exactly this point comes after it.
    fn end(&self, pos: usize) -> usize {
        let d: i64 = self
            .splices
            .iter()
            .take_while(|s| s.end < pos || (s.end == pos && s.start < pos))
            .map(Self::delta)
            .sum();
        (pos as i64 + d).max(0) as usize
    }
    fn str(&self, r: StrRef) -> StrRef {
        match r {
            StrRef::Span { start, len } => StrRef::Span {
                start: self.start(start as usize) as u32,
                len,
            },
            o => o,
        }
    }
    /// True if `start..end` lies inside text replaced by a splice.
    fn removed(&self, start: usize, end: usize) -> bool {
        self.splices
            .iter()
            .any(|s| s.start <= start && end <= s.end && s.end > s.start)
    }
}

/// Maps node indices of the old arena to the new one.
struct IndexShifter<'s> {
    splices: &'s [Splice],
    delta: &'s [i64],
}

impl IndexShifter<'_> {
    fn start(&self, i: u32) -> u32 {
        let d: i64 = self
            .splices
            .iter()
            .zip(self.delta)
            .filter(|(s, _)| s.content.is_some_and(|c| c.last_end <= i))
            .map(|(_, d)| d)
            .sum();
        (i as i64 + d) as u32
    }
    /// New `subtree_end` of node `x`, whose old value is `e`.
    fn end(&self, x: u32, e: u32) -> u32 {
        let d: i64 = self
            .splices
            .iter()
            .zip(self.delta)
            .filter(|(s, _)| {
                s.content.is_some_and(|c| {
                    c.last_end < e
                        || (c.last_end == e && c.first < e && c.first > x)
                        || (c.last_end == e && c.first == e && c.parent >= x && c.parent < e)
                })
            })
            .map(|(_, d)| d)
            .sum();
        (e as i64 + d) as u32
    }
}
