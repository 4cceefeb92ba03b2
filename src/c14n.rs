//! Canonical XML 1.0 (and 1.1) and Exclusive XML Canonicalization 1.0, with and without
//! comments, streamed into any [`Sink`] without building an intermediate string.
//!
//! Three node sets are supported, which is everything XML Signature needs when references are
//! same-document bare names (`#id`, `""`) and transforms are limited to C14N and the
//! enveloped-signature transform:
//!
//! - the whole document ([`Subset::document`]);
//! - a subtree in its context ([`Subset::subtree`]): inherited namespaces, and for inclusive
//!   C14N the inherited `xml:*` attributes, are rendered on the apex;
//! - either of those minus one subtree ([`Subset::excluding`]), the enveloped-signature
//!   transform.
//!
//! Arbitrary XPath node-sets are not supported, by design (see attack class C in the README).

use crate::xml::{Document, NodeId, NodeKind, XML_NS};

/// A canonicalization algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// Canonical XML 1.0, comments removed.
    C14n10,
    /// Canonical XML 1.0 with comments.
    C14n10WithComments,
    /// Canonical XML 1.1, comments removed.
    C14n11,
    /// Canonical XML 1.1 with comments.
    C14n11WithComments,
    /// Exclusive XML Canonicalization 1.0, comments removed.
    Exclusive,
    /// Exclusive XML Canonicalization 1.0 with comments.
    ExclusiveWithComments,
}

impl Algorithm {
    /// Every algorithm, for iteration in tests and tools.
    pub const ALL: [Algorithm; 6] = [
        Algorithm::C14n10,
        Algorithm::C14n10WithComments,
        Algorithm::C14n11,
        Algorithm::C14n11WithComments,
        Algorithm::Exclusive,
        Algorithm::ExclusiveWithComments,
    ];

    /// The algorithm's URI.
    pub fn uri(self) -> &'static str {
        match self {
            Algorithm::C14n10 => "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
            Algorithm::C14n10WithComments => {
                "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"
            }
            Algorithm::C14n11 => "http://www.w3.org/2006/12/xml-c14n11",
            Algorithm::C14n11WithComments => "http://www.w3.org/2006/12/xml-c14n11#WithComments",
            Algorithm::Exclusive => "http://www.w3.org/2001/10/xml-exc-c14n#",
            Algorithm::ExclusiveWithComments => {
                "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
            }
        }
    }

    /// The algorithm with this URI.
    pub fn from_uri(uri: &str) -> Result<Algorithm, C14nError> {
        Algorithm::ALL
            .into_iter()
            .find(|a| a.uri() == uri)
            .ok_or_else(|| C14nError::UnsupportedAlgorithm { uri: uri.into() })
    }

    /// True for the exclusive variants.
    pub fn is_exclusive(self) -> bool {
        matches!(
            self,
            Algorithm::Exclusive | Algorithm::ExclusiveWithComments
        )
    }

    /// True for the variants that keep comments.
    pub fn with_comments(self) -> bool {
        matches!(
            self,
            Algorithm::C14n10WithComments
                | Algorithm::C14n11WithComments
                | Algorithm::ExclusiveWithComments
        )
    }

    /// The same algorithm without comments (what a same-document `#id` reference uses).
    pub fn without_comments(self) -> Algorithm {
        match self {
            Algorithm::C14n10WithComments => Algorithm::C14n10,
            Algorithm::C14n11WithComments => Algorithm::C14n11,
            Algorithm::ExclusiveWithComments => Algorithm::Exclusive,
            a => a,
        }
    }
}

/// Which nodes to canonicalize.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subset {
    apex: Option<NodeId>,
    exclude: Option<NodeId>,
}

impl Subset {
    /// The whole document.
    pub fn document() -> Subset {
        Subset {
            apex: None,
            exclude: None,
        }
    }
    /// An element and its descendants, in the context of their ancestors.
    pub fn subtree(apex: NodeId) -> Subset {
        Subset {
            apex: Some(apex),
            exclude: None,
        }
    }
    /// This subset minus the subtree at `excluded` (the enveloped-signature transform).
    pub fn excluding(self, excluded: NodeId) -> Subset {
        Subset {
            exclude: Some(excluded),
            ..self
        }
    }
}

/// Errors of canonicalization.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum C14nError {
    /// The algorithm URI is not one soapsec implements.
    #[error("unsupported canonicalization algorithm '{uri}'")]
    UnsupportedAlgorithm {
        /// The URI.
        uri: String,
    },
    /// The apex or the excluded node is not an element of this document.
    #[error("node {0:?} is not an element of this document")]
    NotAnElement(NodeId),
    /// Canonical XML must fail on relative namespace URIs (C14N 1.0 §2.1 / exclusive §3).
    #[error("{at}: relative namespace URI '{uri}' cannot be canonicalized")]
    RelativeNamespaceUri {
        /// The URI.
        uri: String,
        /// Where it is declared (line:column).
        at: crate::xml::Position,
    },
    /// C14N 1.1 of a subtree whose ancestors carry `xml:base` needs URI fix-up, which is not
    /// implemented.
    #[error("C14N 1.1 xml:base fix-up for a subtree is not supported")]
    XmlBaseFixupUnsupported,
}

/// Where canonical bytes go: a buffer, a digest, a writer.
pub trait Sink {
    /// Take the next bytes of output.
    fn write(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        (**self).write(bytes)
    }
}

/// A sink that calls a closure (for example, a digest's `update`).
pub struct FnSink<F: FnMut(&[u8])>(pub F);

impl<F: FnMut(&[u8])> Sink for FnSink<F> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        (self.0)(bytes)
    }
}

/// A sink over an [`std::io::Write`]; the first I/O error is kept and later writes are
/// dropped.
pub struct WriteSink<W: std::io::Write> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: std::io::Write> WriteSink<W> {
    /// Wrap a writer.
    pub fn new(inner: W) -> Self {
        WriteSink { inner, error: None }
    }
    /// Flush, and return the writer or the first error.
    pub fn finish(mut self) -> std::io::Result<W> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: std::io::Write> Sink for WriteSink<W> {
    fn write(&mut self, bytes: &[u8]) {
        if self.error.is_none()
            && let Err(e) = self.inner.write_all(bytes)
        {
            self.error = Some(e);
        }
    }
}

/// Canonicalize `subset` of `doc` into `sink`. For the exclusive algorithms,
/// `inclusive_prefixes` is the InclusiveNamespaces PrefixList (`#default` names the default
/// namespace); the inclusive algorithms ignore it.
pub fn canonicalize<S: Sink>(
    doc: &Document<'_>,
    algorithm: Algorithm,
    inclusive_prefixes: &[&str],
    subset: Subset,
    sink: &mut S,
) -> Result<(), C14nError> {
    Canonicalizer::new(doc, algorithm, inclusive_prefixes, subset)?.run(sink)
}

/// [`canonicalize`] into a new buffer.
pub fn canonicalize_to_vec(
    doc: &Document<'_>,
    algorithm: Algorithm,
    inclusive_prefixes: &[&str],
    subset: Subset,
) -> Result<Vec<u8>, C14nError> {
    let mut out = Vec::with_capacity(doc.source().len());
    canonicalize(doc, algorithm, inclusive_prefixes, subset, &mut out)?;
    Ok(out)
}

struct Canonicalizer<'d, 'p> {
    doc: &'d Document<'d>,
    alg: Algorithm,
    prefixes: Vec<&'p str>,
    apex: Option<NodeId>,
    exclude: Option<NodeId>,
    /// Namespace bindings in scope (for the exclusive PrefixList and inclusive apex).
    in_scope: Vec<(&'d str, &'d str)>,
    /// Namespace bindings rendered by output ancestors.
    rendered: Vec<(&'d str, &'d str)>,
    /// Extra `xml:*` attributes inherited onto the apex (inclusive C14N only).
    /// (local name, qualified name, value).
    inherited_xml_attrs: Vec<(&'d str, &'d str, &'d str)>,
}

struct Open<'d> {
    end: u32,
    qname: &'d str,
    in_scope_mark: usize,
    rendered_mark: usize,
}

impl<'d, 'p> Canonicalizer<'d, 'p> {
    fn new(
        doc: &'d Document<'d>,
        alg: Algorithm,
        prefixes: &[&'p str],
        subset: Subset,
    ) -> Result<Self, C14nError> {
        for n in [subset.apex, subset.exclude].into_iter().flatten() {
            if doc.element(n).is_none() {
                return Err(C14nError::NotAnElement(n));
            }
        }
        let prefixes = if alg.is_exclusive() {
            prefixes
                .iter()
                .map(|p| if *p == "#default" { "" } else { *p })
                .collect()
        } else {
            Vec::new()
        };
        let mut c = Canonicalizer {
            doc,
            alg,
            prefixes,
            apex: subset.apex,
            exclude: subset.exclude,
            in_scope: Vec::new(),
            rendered: Vec::new(),
            inherited_xml_attrs: Vec::new(),
        };
        if let Some(parent) = subset
            .apex
            .and_then(|a| doc.element(a))
            .and_then(|a| a.parent_element())
        {
            c.in_scope = parent.in_scope_namespaces();
            if !alg.is_exclusive() {
                let c11 = matches!(alg, Algorithm::C14n11 | Algorithm::C14n11WithComments);
                let mut cur = Some(parent);
                while let Some(el) = cur {
                    for a in el.attributes().filter(|a| a.namespace() == XML_NS) {
                        let local = a.local_name();
                        // C14N 1.1 inherits only xml:lang and xml:space; xml:base would need
                        // fix-up, which is refused rather than done wrongly.
                        if c11 && local == "base" {
                            return Err(C14nError::XmlBaseFixupUnsupported);
                        }
                        if c11 && local != "lang" && local != "space" {
                            continue;
                        }
                        if !c.inherited_xml_attrs.iter().any(|(l, _, _)| *l == local) {
                            c.inherited_xml_attrs.push((local, a.qname(), a.value()));
                        }
                    }
                    cur = el.parent_element();
                }
            }
        }
        Ok(c)
    }

    /// Whether the innermost rendered binding of `prefix` is `uri`.
    fn rendered_is(&self, prefix: &str, uri: &str) -> bool {
        match self.rendered.iter().rev().find(|(p, _)| *p == prefix) {
            Some(&(_, u)) => same_str(u, uri),
            None => prefix.is_empty() && uri.is_empty(),
        }
    }

    fn rendered(&self, prefix: &str) -> Option<&'d str> {
        self.rendered
            .iter()
            .rev()
            .find(|(p, _)| *p == prefix)
            .map(|&(_, u)| u)
            .or(if prefix.is_empty() { Some("") } else { None })
    }

    fn bound(&self, prefix: &str) -> Option<&'d str> {
        self.in_scope
            .iter()
            .rev()
            .find(|(p, _)| *p == prefix)
            .map(|&(_, u)| u)
    }

    fn run<S: Sink>(mut self, out: &mut S) -> Result<(), C14nError> {
        let doc = self.doc;
        let (start, end) = match self.apex {
            Some(a) => (a.0, doc.nodes[a.index()].subtree_end),
            None => (1, doc.nodes.len() as u32),
        };
        let root = doc.root;
        // Excluding the apex or one of its ancestors leaves an empty node-set.
        if let (Some(apex), Some(ex)) = (self.apex, self.exclude)
            && doc.node(ex).is_some_and(|n| n.contains(apex))
        {
            return Ok(());
        }
        let mut stack: Vec<Open<'d>> = Vec::new();
        let mut i = start;
        let mut attrs: Vec<SortAttr<'d>> = Vec::new();
        let mut decls: Vec<(&'d str, &'d str)> = Vec::new();
        while i < end {
            while stack.last().is_some_and(|o| o.end <= i) {
                self.close(stack.pop(), out);
            }
            if Some(NodeId(i)) == self.exclude {
                i = doc.nodes[i as usize].subtree_end;
                continue;
            }
            let n = &doc.nodes[i as usize];
            let top_level = self.apex.is_none() && n.parent == 0;
            match n.kind {
                NodeKind::Element => {
                    let el = doc
                        .element(NodeId(i))
                        .ok_or(C14nError::NotAnElement(NodeId(i)))?;
                    let in_scope_mark = self.in_scope.len();
                    let rendered_mark = self.rendered.len();
                    self.in_scope.extend(el.namespace_declarations());
                    decls.clear();
                    if self.alg.is_exclusive() {
                        self.exclusive_decls(el, &mut decls);
                    } else {
                        self.inclusive_decls(el, Some(NodeId(i)) == self.apex, &mut decls);
                    }
                    decls.sort_unstable_by(|a, b| a.0.cmp(b.0));
                    let qname = el.qname();
                    out.write(b"<");
                    out.write(qname.as_bytes());
                    for &(p, u) in &decls {
                        if !u.is_empty() && !has_scheme(u) {
                            return Err(C14nError::RelativeNamespaceUri {
                                uri: u.into(),
                                at: el.position(),
                            });
                        }
                        if p.is_empty() {
                            out.write(b" xmlns=\"");
                        } else {
                            out.write(b" xmlns:");
                            out.write(p.as_bytes());
                            out.write(b"=\"");
                        }
                        escape_attr(u, out);
                        out.write(b"\"");
                        self.rendered.push((p, u));
                    }
                    attrs.clear();
                    attrs.extend(el.attributes().map(|a| {
                        SortAttr::new(a.namespace(), a.local_name(), a.qname(), a.value())
                    }));
                    if Some(NodeId(i)) == self.apex {
                        for &(local, qname, value) in &self.inherited_xml_attrs {
                            if !attrs.iter().any(|a| a.ns == XML_NS && a.local == local) {
                                attrs.push(SortAttr::new(XML_NS, local, qname, value));
                            }
                        }
                    }
                    attrs.sort_unstable_by(SortAttr::cmp);
                    for &SortAttr {
                        qname: q, value: v, ..
                    } in &attrs
                    {
                        out.write(b" ");
                        out.write(q.as_bytes());
                        out.write(b"=\"");
                        escape_attr(v, out);
                        out.write(b"\"");
                    }
                    out.write(b">");
                    stack.push(Open {
                        end: n.subtree_end,
                        qname,
                        in_scope_mark,
                        rendered_mark,
                    });
                }
                NodeKind::Text => {
                    if !top_level {
                        escape_text(doc.node_text(n), out);
                    }
                }
                NodeKind::Comment => {
                    if self.alg.with_comments() {
                        let before_root = top_level && i < root;
                        if top_level && !before_root {
                            out.write(b"\n");
                        }
                        out.write(b"<!--");
                        out.write(doc.node_text(n).as_bytes());
                        out.write(b"-->");
                        if before_root {
                            out.write(b"\n");
                        }
                    }
                }
                NodeKind::ProcessingInstruction => {
                    let before_root = top_level && i < root;
                    if top_level && !before_root {
                        out.write(b"\n");
                    }
                    let pi = &doc.pis[n.aux as usize];
                    out.write(b"<?");
                    out.write(doc.str(pi.target).as_bytes());
                    let data = doc.str(pi.data);
                    if !data.is_empty() {
                        out.write(b" ");
                        out.write(data.as_bytes());
                    }
                    out.write(b"?>");
                    if before_root {
                        out.write(b"\n");
                    }
                }
                NodeKind::Document => {}
            }
            i += 1;
        }
        while let Some(o) = stack.pop() {
            self.close(Some(o), out);
        }
        Ok(())
    }

    fn close<S: Sink>(&mut self, open: Option<Open<'d>>, out: &mut S) {
        if let Some(o) = open {
            out.write(b"</");
            out.write(o.qname.as_bytes());
            out.write(b">");
            self.in_scope.truncate(o.in_scope_mark);
            self.rendered.truncate(o.rendered_mark);
        }
    }

    /// Inclusive C14N: at the apex every binding in scope that differs from what is rendered;
    /// below it, only the element's own declarations that change a binding.
    fn inclusive_decls(
        &self,
        el: crate::xml::Element<'d>,
        is_apex: bool,
        decls: &mut Vec<(&'d str, &'d str)>,
    ) {
        let candidates: Vec<(&'d str, &'d str)> = if is_apex {
            let mut seen: Vec<(&'d str, &'d str)> = Vec::new();
            for &(p, u) in self.in_scope.iter().rev() {
                if !seen.iter().any(|(q, _)| *q == p) {
                    seen.push((p, u));
                }
            }
            seen
        } else {
            el.namespace_declarations().collect()
        };
        for (p, u) in candidates {
            if self.rendered(p) != Some(u) {
                if p.is_empty() && u.is_empty() && self.rendered("").is_none_or(str::is_empty) {
                    continue;
                }
                decls.push((p, u));
            }
        }
    }

    /// Exclusive C14N: visibly utilized prefixes, plus the PrefixList treated inclusively.
    fn exclusive_decls(&self, el: crate::xml::Element<'d>, decls: &mut Vec<(&'d str, &'d str)>) {
        let consider = |p: &'d str, u: &'d str, decls: &mut Vec<(&'d str, &'d str)>| {
            if p == "xml" || decls.iter().any(|(q, _)| *q == p) {
                return;
            }
            if !self.rendered_is(p, u) {
                decls.push((p, u));
            }
        };
        consider(el.prefix(), el.namespace(), decls);
        for a in el.attributes() {
            let p = a.prefix();
            if !p.is_empty() {
                consider(p, a.namespace(), decls);
            }
        }
        for &p in &self.prefixes {
            if let Some(u) = self.bound(p) {
                let p: &'d str = self
                    .in_scope
                    .iter()
                    .rev()
                    .find(|(q, _)| *q == p)
                    .map_or("", |&(q, _)| q);
                consider(p, u, decls);
            }
        }
    }
}

/// String equality that first tries identity: a document's namespace URIs are interned, so
/// the same binding is usually the very same slice.
#[inline]
fn same_str(a: &str, b: &str) -> bool {
    (std::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len()) || a == b
}

/// An attribute to sort into canonical order: by namespace URI, then local name.
#[derive(Clone, Copy)]
struct SortAttr<'d> {
    ns: &'d str,
    local: &'d str,
    /// The first eight bytes of `local`, zero-padded, as a big-endian integer: comparing
    /// keys orders local names as `str::cmp` does whenever the keys differ (a name sorts
    /// before any longer name it is a prefix of, and padding is the smallest byte), so most
    /// comparisons need no `memcmp`; equal keys fall back to comparing the names.
    key: u64,
    qname: &'d str,
    value: &'d str,
}

impl<'d> SortAttr<'d> {
    #[inline]
    fn new(ns: &'d str, local: &'d str, qname: &'d str, value: &'d str) -> Self {
        let mut k = [0u8; 8];
        let n = local.len().min(8);
        k[..n].copy_from_slice(&local.as_bytes()[..n]);
        SortAttr {
            ns,
            local,
            key: u64::from_be_bytes(k),
            qname,
            value,
        }
    }

    /// The canonical order, (namespace URI, local name), as `str` orders them.
    #[inline]
    fn cmp(a: &Self, b: &Self) -> std::cmp::Ordering {
        let ns = if same_str(a.ns, b.ns) {
            std::cmp::Ordering::Equal
        } else {
            a.ns.cmp(b.ns)
        };
        ns.then_with(|| a.key.cmp(&b.key))
            .then_with(|| a.local.cmp(b.local))
    }
}

fn has_scheme(uri: &str) -> bool {
    let mut chars = uri.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_ascii_alphabetic() => {}
        _ => return false,
    }
    for (_, c) in chars {
        match c {
            ':' => return true,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {}
            _ => return false,
        }
    }
    false
}

#[inline]
fn escape_with<S: Sink>(s: &str, out: &mut S, pick: impl Fn(u8) -> Option<&'static [u8]>) {
    let b = s.as_bytes();
    let mut last = 0;
    for (i, &c) in b.iter().enumerate() {
        if let Some(rep) = pick(c) {
            out.write(&b[last..i]);
            out.write(rep);
            last = i + 1;
        }
    }
    out.write(&b[last..]);
}

/// Text escaping. Parsed text only contains a CR if a `&#xD;` reference put it there, so the
/// common case is a vectorized search for `&`, `<` and `>` that writes clean runs whole.
fn escape_text<S: Sink>(s: &str, out: &mut S) {
    let b = s.as_bytes();
    if memchr::memchr(b'\r', b).is_none() {
        let mut last = 0;
        for i in memchr::memchr3_iter(b'&', b'<', b'>', b) {
            out.write(&b[last..i]);
            out.write(match b[i] {
                b'&' => b"&amp;",
                b'<' => b"&lt;",
                _ => b"&gt;",
            });
            last = i + 1;
        }
        out.write(&b[last..]);
        return;
    }
    escape_with(s, out, |c| match c {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'>' => Some(b"&gt;"),
        b'\r' => Some(b"&#xD;"),
        _ => None,
    })
}

fn escape_attr<S: Sink>(s: &str, out: &mut S) {
    escape_with(s, out, |c| match c {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'"' => Some(b"&quot;"),
        b'\t' => Some(b"&#x9;"),
        b'\n' => Some(b"&#xA;"),
        b'\r' => Some(b"&#xD;"),
        _ => None,
    })
}

#[cfg(test)]
mod tests;
