//! The one bounded parse: tokens in, arena tree out.
//!
//! Tokenizing follows quick-xml exactly. The common tokens (start tags with their attributes,
//! end tags, text, references) are read here in a single pass (`Parser::next_token`,
//! `scan_start_tag`); everything else, and every case that pass is unsure of, is read by a
//! quick-xml reader started at that point, so what is accepted, and each error's message
//! and position, are quick-xml's. This module enforces everything else: well-formedness
//! rules quick-xml leaves to its caller (matching end tags, attribute syntax and uniqueness,
//! character validity, one root), namespace resolution, the [`Limits`](super::Limits), the
//! ID index, and the no-DOCTYPE policy. The same code parses markup inserted by an edit, in
//! the namespace context of its insertion point.

use super::ParseOptions;
use super::error::{Position, XmlError};
use super::limits::LimitKind;
use super::tree::*;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The growable parts of a document, shared by a full parse and by edits.
#[derive(Debug, Default)]
pub(crate) struct Arena {
    pub(crate) nodes: Vec<NodeData>,
    pub(crate) elements: Vec<ElementData>,
    pub(crate) attrs: Vec<AttrData>,
    pub(crate) nsdecls: Vec<NsDeclData>,
    pub(crate) pis: Vec<PiData>,
    pub(crate) owned: String,
    pub(crate) texts: Vec<StrRef>,
    pub(crate) ns_uris: Vec<StrRef>,
    pub(crate) ns_index: HashMap<Box<str>, u32>,
    pub(crate) ids: HashMap<Box<str>, NodeId>,
}

pub(crate) const NS_NONE: u32 = 0;
pub(crate) const NS_XML: u32 = 1;

impl Arena {
    pub(crate) fn new(capacity_hint: usize) -> Arena {
        let mut a = Arena {
            nodes: Vec::with_capacity(capacity_hint),
            ..Default::default()
        };
        a.ns_uris.push(StrRef::EMPTY);
        a.ns_index.insert("".into(), NS_NONE);
        for uri in [XML_NS, XMLNS_NS] {
            let r = a.own(uri);
            let idx = a.ns_uris.len() as u32;
            a.ns_uris.push(r);
            a.ns_index.insert(uri.into(), idx);
        }
        a
    }

    pub(crate) fn own(&mut self, s: &str) -> StrRef {
        let start = self.owned.len() as u32;
        self.owned.push_str(s);
        StrRef::Owned {
            start,
            len: s.len() as u32,
        }
    }

    fn intern_ns(&mut self, uri: &str, r: StrRef) -> u32 {
        if let Some(&i) = self.ns_index.get(uri) {
            return i;
        }
        let i = self.ns_uris.len() as u32;
        self.ns_uris.push(r);
        self.ns_index.insert(uri.into(), i);
        i
    }

    /// Where a node's or attribute's content lives: `NONE` if it is its own source span, else
    /// an index into `texts`.
    pub(crate) fn text_index(&mut self, r: StrRef) -> u32 {
        match r {
            StrRef::Span { .. } => NONE,
            owned => {
                self.texts.push(owned);
                self.texts.len() as u32 - 1
            }
        }
    }

    pub(crate) fn str<'s>(&'s self, src: &'s str, r: StrRef) -> &'s str {
        match r {
            StrRef::Span { start, len } => {
                let s = start as usize;
                src.get(s..s + len as usize).unwrap_or("")
            }
            StrRef::Owned { start, len } => {
                let s = start as usize;
                self.owned.get(s..s + len as usize).unwrap_or("")
            }
        }
    }
}

/// Where a parse runs: a whole document, or a fragment inserted under `parent`.
pub(crate) struct Region<'s> {
    pub(crate) start: usize,
    /// `None` for a whole document; for a fragment, its parent and context.
    pub(crate) fragment: Option<FragmentContext<'s>>,
}

pub(crate) struct FragmentContext<'s> {
    pub(crate) parent: u32,
    /// Depth of the parent element (0 for the document node).
    pub(crate) parent_depth: usize,
    /// Namespace bindings in scope at the parent: (prefix, namespace index).
    pub(crate) in_scope: Vec<(Cow<'s, str>, u32)>,
    /// Elements and namespace declarations already in the document.
    pub(crate) elements_before: usize,
    pub(crate) nsdecls_before: usize,
}

struct Pending {
    start: usize,
    end: usize,
    /// The text is in `pending_buf` (it needed unescaping or normalizing).
    owned: bool,
}

struct Open {
    node: u32,
    qname_start: usize,
    qname_len: usize,
    ns_mark: usize,
}

pub(crate) struct Parser<'s, 'x> {
    src: &'s str,
    region_start: usize,
    opts: &'x ParseOptions,
    arena: &'x mut Arena,
    ns_stack: Vec<(Cow<'s, str>, u32)>,
    open: Vec<Open>,
    pending: Option<Pending>,
    top_parent: u32,
    depth_base: usize,
    fragment: bool,
    seen_root: bool,
    root: u32,
    element_count: usize,
    nsdecl_count: usize,
    top_level: Vec<u32>,
    line_starts: Option<Vec<u32>>,
    allow_unclosed: bool,
    scratch_attrs: Vec<RawAttr<'s>>,
    scratch_plain: Vec<RawAttr<'s>>,
    /// Unescaped text being accumulated, and attribute values being normalized.
    pending_buf: String,
    value_buf: String,
    /// Local names that can be ID attributes (a quick test before the full one).
    id_locals: Vec<&'x str>,
}

/// Attribute as tokenized from a start tag, before resolution.
struct RawAttr<'s> {
    name_start: usize,
    name: &'s str,
    prefix_len: usize,
    raw_start: usize,
    raw: &'s str,
    /// The value is known to hold no reference, `<` or control character, so it needs no
    /// normalizing (false: not known, look).
    plain: bool,
}

/// What the tokenizer found; its span is the parser's `ev_start..ev_end`.
enum Token {
    /// A start tag whose name and attributes the single-pass scanner already split (the
    /// attributes are in `Parser::scratch_attrs`).
    ScannedStart {
        empty: bool,
        name_len: usize,
    },
    /// A start tag (`empty`: self-closing) still to be split.
    Start {
        empty: bool,
    },
    End,
    Text,
    CData,
    /// `&name;`.
    Ref,
    Comment,
    Pi,
    Decl,
    Doctype,
    Eof,
}

impl<'s, 'x> Parser<'s, 'x> {
    pub(crate) fn new(
        src: &'s str,
        region: Region<'s>,
        opts: &'x ParseOptions,
        arena: &'x mut Arena,
    ) -> Parser<'s, 'x> {
        let (fragment, top_parent, depth_base, ns_stack, ec, nc) = match region.fragment {
            Some(f) => (
                true,
                f.parent,
                f.parent_depth,
                f.in_scope,
                f.elements_before,
                f.nsdecls_before,
            ),
            None => (false, 0, 0, Vec::new(), 0, 0),
        };
        Parser {
            src,
            region_start: region.start,
            opts,
            arena,
            ns_stack,
            open: Vec::new(),
            pending: None,
            top_parent,
            depth_base,
            fragment,
            seen_root: false,
            root: NONE,
            element_count: ec,
            nsdecl_count: nc,
            top_level: Vec::new(),
            line_starts: None,
            allow_unclosed: false,
            scratch_attrs: Vec::new(),
            scratch_plain: Vec::new(),
            pending_buf: String::new(),
            value_buf: String::new(),
            id_locals: {
                let mut v: Vec<&'x str> = opts
                    .id_attributes
                    .iter()
                    .map(|d| d.local.as_str())
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            },
        }
    }

    /// Accept input that ends with elements still open (used to re-tokenize one start tag).
    pub(crate) fn allow_unclosed(&mut self) {
        self.allow_unclosed = true;
    }

    /// Position for an error: absolute in a whole document, relative to the fragment's start
    /// for edit markup.
    fn pos(&mut self, offset: usize) -> Position {
        let base = if self.fragment { self.region_start } else { 0 };
        let text = &self.src[base..];
        let starts = self.line_starts.get_or_insert_with(|| line_starts(text));
        position_in(text, starts, offset.saturating_sub(base))
    }

    fn limit(&mut self, kind: LimitKind, max: usize, offset: usize) -> XmlError {
        XmlError::LimitExceeded {
            kind,
            max,
            at: self.pos(offset),
        }
    }

    fn syntax(&mut self, offset: usize, message: impl Into<String>) -> XmlError {
        XmlError::Syntax {
            message: message.into(),
            at: self.pos(offset),
        }
    }

    /// Run the parse over `src[region_start..region_end]`. Returns the index of the document
    /// element (whole documents) and the top-level node indices (fragments).
    pub(crate) fn run(mut self, region_end: usize) -> Result<(u32, Vec<u32>, usize), XmlError> {
        let limits = &self.opts.limits;
        let mut start = self.region_start;
        if !self.fragment && self.src[start..region_end].starts_with('\u{feff}') {
            start += 3;
        }
        let body = &self.src[start..region_end];
        // quick-xml silently drops a byte-order mark at the start of its input, which would
        // desynchronise our offsets from its own (a second BOM in a document, or U+FEFF at the
        // start of a fragment): refuse it instead of losing a character.
        if body.starts_with('\u{feff}') {
            return Err(self.syntax(
                start,
                "U+FEFF (a byte-order mark) is allowed only once, as the first character of a document",
            ));
        }
        let bytes = &self.src.as_bytes()[..region_end];
        let most = max_attributes_scanned(limits);
        let mut pos = start;
        loop {
            let ev_start = pos;
            let token = self.next_token(bytes, &mut pos, most)?;
            let ev_end = pos;
            match token {
                Token::ScannedStart { empty, name_len } => {
                    self.start_tag(ev_start, ev_end, empty, Some(name_len))?
                }
                Token::Start { empty } => self.start_tag(ev_start, ev_end, empty, None)?,
                Token::End => self.end_tag(ev_start, ev_end)?,
                Token::Text => {
                    let raw = &self.src[ev_start..ev_end];
                    self.text(ev_start, ev_end, raw, false)?;
                }
                Token::CData => {
                    if self.open.is_empty() && !self.fragment {
                        return Err(XmlError::TextOutsideRoot {
                            at: self.pos(ev_start),
                        });
                    }
                    let raw = &self.src[ev_start + 9..ev_end - 3];
                    self.text(ev_start, ev_end, raw, true)?;
                }
                Token::Ref => {
                    let name = &self.src[ev_start + 1..ev_end - 1];
                    let ch = self.resolve_reference(name, ev_start)?;
                    let mut buf = [0u8; 4];
                    let s: &str = ch.encode_utf8(&mut buf);
                    self.append_owned(ev_start, ev_end, s)?;
                }
                Token::Comment => {
                    self.flush_text()?;
                    let raw = &self.src[ev_start + 4..ev_end - 3];
                    let text = self.checked_text(raw, ev_start + 4)?;
                    let aux = self.arena.text_index(text);
                    self.leaf(ev_start, ev_end, NodeKind::Comment, aux);
                }
                Token::Pi => {
                    self.flush_text()?;
                    self.processing_instruction(ev_start, ev_end)?;
                }
                Token::Decl => {
                    if self.fragment || ev_start != start || !self.arena.nodes.len().eq(&1) {
                        return Err(self.syntax(
                            ev_start,
                            "an XML declaration is only allowed at the very start of the document",
                        ));
                    }
                    self.declaration(ev_start, ev_end)?;
                }
                Token::Doctype => {
                    return Err(XmlError::DoctypeForbidden {
                        at: self.pos(ev_start),
                    });
                }
                Token::Eof => {
                    self.flush_text()?;
                    if let Some(o) = self.open.last().filter(|_| !self.allow_unclosed) {
                        let name = self.src[o.qname_start..o.qname_start + o.qname_len].to_string();
                        let at_off = self.arena.nodes[o.node as usize].start as usize;
                        return Err(XmlError::UnclosedElement {
                            name,
                            at: self.pos(at_off),
                        });
                    }
                    if !self.fragment && !self.seen_root {
                        return Err(XmlError::NoRootElement {
                            at: self.pos(region_end),
                        });
                    }
                    return Ok((self.root, self.top_level, self.element_count));
                }
            }
        }
    }

    /// The next token at `*pos`, which is moved past it. Start tags, end tags, text and
    /// references are read here in one pass; anything else (comments, CDATA, PIs, the XML
    /// declaration, DOCTYPE), and anything about which this fast path is unsure (malformed
    /// tags, a `&` without its `;`, the end of input inside markup), is read by quick-xml, so
    /// that what is accepted and every error and its position stay exactly quick-xml's.
    #[inline]
    fn next_token(
        &mut self,
        bytes: &'s [u8],
        pos: &mut usize,
        most: usize,
    ) -> Result<Token, XmlError> {
        let p = *pos;
        let Some(&first) = bytes.get(p) else {
            return Ok(Token::Eof);
        };
        match first {
            b'<' => match bytes.get(p + 1) {
                // With no element open quick-xml reports the end tag as unmatched: let it.
                Some(b'/') if !self.open.is_empty() => {
                    if let Some(end) = scan_end_tag(bytes, p) {
                        *pos = end;
                        return Ok(Token::End);
                    }
                }
                Some(b'/' | b'!' | b'?') | None => {}
                Some(_) => {
                    let src = self.src;
                    if let Some(tag) = scan_start_tag(src, bytes, p, &mut self.scratch_attrs, most)
                    {
                        *pos = tag.end;
                        return Ok(Token::ScannedStart {
                            empty: tag.empty,
                            name_len: tag.name_len,
                        });
                    }
                }
            },
            b'&' => {
                // quick-xml's rule: a reference ends at the first ';', unless a '&' or '<'
                // comes first (then it is an error, reported by quick-xml below).
                let rest = &bytes[p + 1..];
                if let Some(i) = memchr::memchr3(b';', b'&', b'<', rest)
                    && rest[i] == b';'
                {
                    *pos = p + i + 2;
                    return Ok(Token::Ref);
                }
            }
            _ => {
                *pos = memchr::memchr2(b'<', b'&', &bytes[p..]).map_or(bytes.len(), |i| p + i);
                return Ok(Token::Text);
            }
        }
        self.delegate(bytes, pos)
    }

    /// Read one token with quick-xml, from `*pos` (at a `<` or `&`). A reader started there
    /// is in the state the document's reader would be in at that point: between tokens, with
    /// no byte-order mark to skip, and (end tags aside, which `next_token` hands over only
    /// when no element is open) nothing it remembers affects the token.
    #[cold]
    fn delegate(&mut self, bytes: &'s [u8], pos: &mut usize) -> Result<Token, XmlError> {
        let p = *pos;
        let mut reader = Reader::from_reader(&bytes[p..]);
        {
            let cfg = reader.config_mut();
            cfg.check_end_names = false;
            cfg.check_comments = true;
            cfg.expand_empty_elements = false;
            cfg.trim_text(false);
        }
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let at = p + reader.error_position() as usize;
                let msg = e.to_string();
                return Err(self.syntax(at, msg));
            }
        };
        *pos = p + reader.buffer_position() as usize;
        Ok(match ev {
            Event::Start(_) => Token::Start { empty: false },
            Event::Empty(_) => Token::Start { empty: true },
            Event::End(_) => Token::End,
            Event::Text(_) => Token::Text,
            Event::CData(_) => Token::CData,
            Event::GeneralRef(_) => Token::Ref,
            Event::Comment(_) => Token::Comment,
            Event::PI(_) => Token::Pi,
            Event::Decl(_) => Token::Decl,
            Event::DocType(_) => Token::Doctype,
            Event::Eof => Token::Eof,
        })
    }

    fn current_parent(&self) -> u32 {
        self.open.last().map_or(self.top_parent, |o| o.node)
    }

    fn leaf(&mut self, start: usize, end: usize, kind: NodeKind, aux: u32) {
        let idx = self.arena.nodes.len() as u32;
        let parent = self.current_parent();
        self.arena.nodes.push(NodeData {
            start: start as u32,
            end: end as u32,
            parent,
            subtree_end: idx + 1,
            kind,
            aux,
        });
        if self.open.is_empty() {
            self.top_level.push(idx);
        }
    }

    /// Validate characters and normalize line ends of comment/PI text.
    fn checked_text(&mut self, raw: &'s str, offset: usize) -> Result<StrRef, XmlError> {
        match scan_chars(raw.as_bytes(), false) {
            Err(i) => Err(self.bad_char(raw, i, offset)),
            Ok(false) => Ok(StrRef::span(offset, offset + raw.len())),
            Ok(true) => Ok(self.arena.own(&normalize_newlines(raw))),
        }
    }

    fn bad_char(&mut self, raw: &str, i: usize, offset: usize) -> XmlError {
        let code = raw.as_bytes().get(i).copied().unwrap_or(0) as u32;
        XmlError::InvalidCharacter {
            code,
            at: self.pos(offset + i),
        }
    }

    fn text(
        &mut self,
        start: usize,
        end: usize,
        raw: &'s str,
        cdata: bool,
    ) -> Result<(), XmlError> {
        let content_off = if cdata { start + 9 } else { start };
        let has_cr = match scan_chars(raw.as_bytes(), !cdata) {
            Ok(cr) => cr,
            Err(i) => {
                if raw.as_bytes()[i] == b']' {
                    return Err(self.syntax(content_off + i, "']]>' is not allowed in text"));
                }
                return Err(self.bad_char(raw, i, content_off));
            }
        };
        if self.pending.is_none() && !has_cr && !cdata {
            self.pending = Some(Pending {
                start,
                end,
                owned: false,
            });
            return self.check_text_len(start);
        }
        let s = if has_cr {
            Cow::Owned(normalize_newlines(raw))
        } else {
            Cow::Borrowed(raw)
        };
        self.append_owned(start, end, &s)
    }

    fn append_owned(&mut self, start: usize, end: usize, s: &str) -> Result<(), XmlError> {
        match &mut self.pending {
            None => {
                self.pending_buf.clear();
                self.pending_buf.push_str(s);
                self.pending = Some(Pending {
                    start,
                    end,
                    owned: true,
                });
            }
            Some(p) => {
                if !p.owned {
                    self.pending_buf.clear();
                    self.pending_buf.push_str(&self.src[p.start..p.end]);
                    p.owned = true;
                }
                self.pending_buf.push_str(s);
                p.end = end;
            }
        }
        self.check_text_len(start)
    }

    fn check_text_len(&mut self, at: usize) -> Result<(), XmlError> {
        let len = match &self.pending {
            Some(p) if p.owned => self.pending_buf.len(),
            Some(p) => p.end - p.start,
            None => 0,
        };
        let max = self.opts.limits.max_text_length;
        if len > max {
            return Err(self.limit(LimitKind::TextLength, max, at));
        }
        Ok(())
    }

    fn flush_text(&mut self) -> Result<(), XmlError> {
        let Some(p) = self.pending.take() else {
            return Ok(());
        };
        if self.open.is_empty() && !self.fragment {
            let content: &str = if p.owned {
                &self.pending_buf
            } else {
                &self.src[p.start..p.end]
            };
            if !content
                .bytes()
                .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            {
                let off = p.start + content.len() - content.trim_start().len();
                return Err(XmlError::TextOutsideRoot { at: self.pos(off) });
            }
            return Ok(());
        }
        let text = if p.owned {
            self.arena.own(&self.pending_buf)
        } else {
            StrRef::span(p.start, p.end)
        };
        let aux = self.arena.text_index(text);
        self.leaf(p.start, p.end, NodeKind::Text, aux);
        Ok(())
    }

    fn resolve_reference(&mut self, name: &str, at: usize) -> Result<char, XmlError> {
        let bad = |p: &mut Self| XmlError::InvalidReference {
            reference: name.chars().take(64).collect(),
            at: p.pos(at),
        };
        let ch = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                // Only `#[0-9]+` and `#x[0-9a-fA-F]+` (the std parsers would also take a sign).
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                        .then(|| u32::from_str_radix(hex, 16).ok())
                        .flatten()
                } else if let Some(dec) = name.strip_prefix('#') {
                    (!dec.is_empty() && dec.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| dec.parse::<u32>().ok())
                        .flatten()
                } else {
                    None
                };
                match code.and_then(char::from_u32) {
                    Some(c) if is_xml_char(c) => c,
                    _ => return Err(bad(self)),
                }
            }
        };
        Ok(ch)
    }

    fn processing_instruction(&mut self, start: usize, end: usize) -> Result<(), XmlError> {
        let inner = &self.src[start + 2..end - 2];
        let tlen = inner.find([' ', '\t', '\n', '\r']).unwrap_or(inner.len());
        let target = &inner[..tlen];
        if target.is_empty() || check_name(target).is_err() || target.contains(':') {
            return Err(self.syntax(start + 2, "invalid processing instruction target"));
        }
        if target.eq_ignore_ascii_case("xml") {
            return Err(self.syntax(start, "processing instruction target 'xml' is reserved"));
        }
        let rest = &inner[tlen..];
        let data_off = start + 2 + tlen + (rest.len() - rest.trim_start().len());
        let data = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        let data_ref = self.checked_text(data, data_off)?;
        let target_ref = StrRef::span(start + 2, start + 2 + tlen);
        let aux = self.arena.pis.len() as u32;
        self.arena.pis.push(PiData {
            target: target_ref,
            data: data_ref,
        });
        self.leaf(start, end, NodeKind::ProcessingInstruction, aux);
        Ok(())
    }

    fn declaration(&mut self, start: usize, end: usize) -> Result<(), XmlError> {
        let inner = &self.src[start + 5..end - 2];
        let mut attrs = Vec::new();
        if let Err((off, msg)) = tokenize_attributes(inner, start + 5, &mut attrs, usize::MAX) {
            return Err(self.syntax(off, msg));
        }
        for a in attrs {
            if a.name == "encoding" {
                let enc = a.raw.to_ascii_lowercase();
                // ASCII-compatible encodings are accepted for pure-ASCII input, which reads
                // identically in UTF-8; anything else would need transcoding, which we refuse.
                let ascii_superset = matches!(
                    enc.as_str(),
                    "us-ascii" | "ascii" | "iso-8859-1" | "latin1" | "iso-8859-15"
                ) && self.src.is_ascii();
                if enc != "utf-8" && enc != "utf8" && !ascii_superset {
                    return Err(XmlError::UnsupportedEncoding {
                        encoding: a.raw.chars().take(64).collect(),
                        at: self.pos(a.raw_start),
                    });
                }
            }
        }
        Ok(())
    }

    fn lookup_prefix(&self, prefix: &str) -> Option<u32> {
        if prefix == "xml" {
            return Some(NS_XML);
        }
        self.ns_stack
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|&(_, ns)| ns)
    }

    /// A start tag at `start..end`. `scanned` is the name's length when `scan_start_tag` has
    /// already split the tag (its attributes are in `scratch_attrs`).
    fn start_tag(
        &mut self,
        start: usize,
        end: usize,
        empty: bool,
        scanned: Option<usize>,
    ) -> Result<(), XmlError> {
        self.flush_text()?;
        let limits = &self.opts.limits;
        if self.open.is_empty() && !self.fragment {
            if self.seen_root {
                return Err(XmlError::MultipleRoots {
                    at: self.pos(start),
                });
            }
            self.seen_root = true;
        }
        let depth = self.depth_base + self.open.len() + 1;
        if depth > limits.max_depth {
            let max = limits.max_depth;
            return Err(self.limit(LimitKind::Depth, max, start));
        }
        self.element_count += 1;
        if self.element_count > limits.max_elements {
            let max = limits.max_elements;
            return Err(self.limit(LimitKind::Elements, max, start));
        }
        let inner_end = if empty { end - 2 } else { end - 1 };
        let inner = &self.src[start + 1..inner_end];
        let name_len =
            scanned.unwrap_or_else(|| inner.find([' ', '\t', '\n', '\r']).unwrap_or(inner.len()));
        let qname = &inner[..name_len];
        if qname.len() > limits.max_name_length.min(u16::MAX as usize) {
            let max = limits.max_name_length.min(u16::MAX as usize);
            return Err(self.limit(LimitKind::NameLength, max, start + 1));
        }
        let prefix_len = match check_name(qname) {
            Ok(p) => p,
            Err(msg) => return Err(self.syntax(start + 1, msg)),
        };
        // Scratch vectors are reused across tags: no allocation per element.
        let mut raw_attrs = std::mem::take(&mut self.scratch_attrs);
        if scanned.is_none()
            && let Err((off, msg)) = tokenize_attributes(
                &inner[name_len..],
                start + 1 + name_len,
                &mut raw_attrs,
                max_attributes_scanned(limits),
            )
        {
            return Err(self.syntax(off, msg));
        }

        let ns_mark = self.ns_stack.len();
        let nsdecl_start = self.arena.nsdecls.len() as u32;
        let mut plain = std::mem::take(&mut self.scratch_plain);
        plain.clear();
        let mut nsdecl_here = 0usize;
        for a in raw_attrs.drain(..) {
            if a.name.len() > limits.max_name_length.min(u16::MAX as usize) {
                let max = limits.max_name_length.min(u16::MAX as usize);
                return Err(self.limit(LimitKind::NameLength, max, a.name_start));
            }
            if let Err(msg) = check_name(a.name) {
                return Err(self.syntax(a.name_start, msg));
            }
            let decl_prefix = if a.name == "xmlns" {
                Some("")
            } else {
                a.name.strip_prefix("xmlns:")
            };
            let Some(decl_prefix) = decl_prefix else {
                plain.push(a);
                continue;
            };
            nsdecl_here += 1;
            self.nsdecl_count += 1;
            if nsdecl_here
                > limits
                    .max_namespace_declarations_per_element
                    .min(u16::MAX as usize)
            {
                let max = limits
                    .max_namespace_declarations_per_element
                    .min(u16::MAX as usize);
                return Err(self.limit(
                    LimitKind::NamespaceDeclarationsPerElement,
                    max,
                    a.name_start,
                ));
            }
            if self.nsdecl_count > limits.max_namespace_declarations {
                let max = limits.max_namespace_declarations;
                return Err(self.limit(LimitKind::NamespaceDeclarations, max, a.name_start));
            }
            let value = self.attr_value(a.raw, a.raw_start, a.plain)?;
            let uri: String = match value {
                StrRef::Span { .. } => self.src[a.raw_start..a.raw_start + a.raw.len()].into(),
                StrRef::Owned { .. } => self.arena.str(self.src, value).to_string(),
            };
            let invalid = |p: &mut Self, m: &str| XmlError::InvalidNamespaceDeclaration {
                message: m.to_string(),
                at: p.pos(a.name_start),
            };
            if decl_prefix == "xmlns" {
                return Err(invalid(self, "the prefix 'xmlns' must not be declared"));
            }
            if decl_prefix == "xml" && uri != XML_NS {
                return Err(invalid(
                    self,
                    "the prefix 'xml' must be bound to its namespace",
                ));
            }
            if decl_prefix != "xml" && uri == XML_NS {
                return Err(invalid(
                    self,
                    "the XML namespace must only be bound to 'xml'",
                ));
            }
            if uri == XMLNS_NS {
                return Err(invalid(self, "the xmlns namespace must not be declared"));
            }
            if !decl_prefix.is_empty() && uri.is_empty() {
                return Err(invalid(
                    self,
                    "a prefix cannot be undeclared (xmlns:p=\"\") in XML 1.0",
                ));
            }
            if self.arena.nsdecls[nsdecl_start as usize..]
                .iter()
                .any(|d| self.arena.str(self.src, d.prefix) == decl_prefix)
            {
                return Err(XmlError::DuplicateAttribute {
                    name: a.name.to_string(),
                    at: self.pos(a.name_start),
                });
            }
            let ns = self.arena.intern_ns(&uri, value);
            let prefix_ref = if decl_prefix.is_empty() {
                StrRef::EMPTY
            } else {
                StrRef::span(a.name_start + 6, a.name_start + a.name.len())
            };
            self.arena.nsdecls.push(NsDeclData {
                prefix: prefix_ref,
                ns,
            });
            self.ns_stack.push((Cow::Borrowed(decl_prefix), ns));
        }
        if plain.len() > limits.max_attributes_per_element.min(u16::MAX as usize) {
            let max = limits.max_attributes_per_element.min(u16::MAX as usize);
            let off = plain[max].name_start;
            return Err(self.limit(LimitKind::AttributesPerElement, max, off));
        }

        // Element namespace.
        let ns = if prefix_len == 0 {
            self.lookup_prefix("").unwrap_or(NS_NONE)
        } else {
            let prefix = &qname[..prefix_len];
            if prefix == "xmlns" {
                return Err(self.syntax(start + 1, "element names must not use the 'xmlns' prefix"));
            }
            match self.lookup_prefix(prefix) {
                Some(ns) if ns != NS_NONE => ns,
                _ => {
                    return Err(XmlError::UndeclaredPrefix {
                        prefix: prefix.to_string(),
                        at: self.pos(start + 1),
                    });
                }
            }
        };

        let node_idx = self.arena.nodes.len() as u32;
        let attr_start = self.arena.attrs.len() as u32;
        let use_set = plain.len() > 16;
        // Built only when used: even an empty `HashSet::new()` costs a random seed.
        let mut seen: Option<HashSet<(u32, &str)>> = None;
        for a in &plain {
            let (ans, local) = if a.prefix_len == 0 {
                (NS_NONE, a.name)
            } else {
                let prefix = &a.name[..a.prefix_len];
                match self.lookup_prefix(prefix) {
                    Some(ns) if ns != NS_NONE => (ns, &a.name[a.prefix_len + 1..]),
                    _ => {
                        return Err(XmlError::UndeclaredPrefix {
                            prefix: prefix.to_string(),
                            at: self.pos(a.name_start),
                        });
                    }
                }
            };
            let dup = if use_set {
                !seen.get_or_insert_with(HashSet::new).insert((ans, local))
            } else {
                self.arena.attrs[attr_start as usize..].iter().any(|b| {
                    b.ns == ans
                        && usize::from(b.name_len) - local_offset(b) == local.len()
                        && local_of(self.src, b) == local
                        && (ans != NS_NONE || b.prefix_len == 0)
                })
            };
            if dup {
                return Err(XmlError::DuplicateAttribute {
                    name: a.name.to_string(),
                    at: self.pos(a.name_start),
                });
            }
            let value = self.attr_value(a.raw, a.raw_start, a.plain)?;
            if self.id_locals.contains(&local)
                && self.opts.is_id_attribute(
                    self.arena.str(self.src, self.arena.ns_uris[ns as usize]),
                    &qname[if prefix_len == 0 { 0 } else { prefix_len + 1 }..],
                    self.arena.str(self.src, self.arena.ns_uris[ans as usize]),
                    local,
                )
            {
                let id_val = self.arena.str(self.src, value).to_string();
                self.register_id(id_val, node_idx, a.name_start)?;
            }
            let value = self.arena.text_index(value);
            self.arena.attrs.push(AttrData {
                name_start: a.name_start as u32,
                name_len: a.name.len() as u16,
                prefix_len: a.prefix_len as u16,
                ns: ans,
                value,
                raw_start: a.raw_start as u32,
                raw_len: a.raw.len() as u32,
            });
        }

        let eidx = self.arena.elements.len() as u32;
        self.arena.elements.push(ElementData {
            qname_len: qname.len() as u16,
            prefix_len: prefix_len as u16,
            ns,
            attr_start,
            attr_len: (self.arena.attrs.len() as u32 - attr_start) as u16,
            nsdecl_start,
            nsdecl_len: (self.arena.nsdecls.len() as u32 - nsdecl_start) as u16,
            start_tag_end: end as u32,
            self_closing: empty,
        });
        let parent = self.current_parent();
        self.arena.nodes.push(NodeData {
            start: start as u32,
            end: end as u32,
            parent,
            subtree_end: node_idx + 1,
            kind: NodeKind::Element,
            aux: eidx,
        });
        if self.open.is_empty() {
            self.top_level.push(node_idx);
            if !self.fragment {
                self.root = node_idx;
            }
        }
        self.scratch_attrs = raw_attrs;
        self.scratch_plain = plain;
        if empty {
            self.ns_stack.truncate(ns_mark);
        } else {
            self.open.push(Open {
                node: node_idx,
                qname_start: start + 1,
                qname_len: qname.len(),
                ns_mark,
            });
        }
        Ok(())
    }

    fn register_id(&mut self, id: String, node: u32, at: usize) -> Result<(), XmlError> {
        if let Some(&first) = self.arena.ids.get(id.as_str()) {
            let first_off = self.arena.nodes[first.index()].start as usize;
            return Err(XmlError::DuplicateId {
                id: id.chars().take(128).collect(),
                first: self.pos(first_off),
                second: self.pos(at),
            });
        }
        self.arena.ids.insert(id.into_boxed_str(), NodeId(node));
        Ok(())
    }

    fn end_tag(&mut self, start: usize, end: usize) -> Result<(), XmlError> {
        self.flush_text()?;
        let inner = &self.src[start + 2..end - 1];
        let name = inner.trim_end_matches([' ', '\t', '\n', '\r']);
        let Some(o) = self.open.pop() else {
            return Err(self.syntax(start, format!("end tag </{name}> without a start tag")));
        };
        let expected = &self.src[o.qname_start..o.qname_start + o.qname_len];
        if name != expected {
            return Err(XmlError::MismatchedEndTag {
                expected: expected.to_string(),
                found: name.chars().take(256).collect(),
                at: self.pos(start),
            });
        }
        let sub_end = self.arena.nodes.len() as u32;
        let n = &mut self.arena.nodes[o.node as usize];
        n.end = end as u32;
        n.subtree_end = sub_end;
        self.ns_stack.truncate(o.ns_mark);
        Ok(())
    }

    /// Normalize an attribute value (XML 1.0 §3.3.3 for CDATA attributes): references
    /// resolved, each literal whitespace character (and CR LF pair) turned into one space.
    /// `plain`: the tokenizer already saw that the value has nothing to normalize.
    fn attr_value(
        &mut self,
        raw: &'s str,
        raw_start: usize,
        plain: bool,
    ) -> Result<StrRef, XmlError> {
        let bytes = raw.as_bytes();
        if raw.len() > self.opts.limits.max_text_length {
            let max = self.opts.limits.max_text_length;
            return Err(self.limit(LimitKind::TextLength, max, raw_start));
        }
        // No early exit, so this vectorizes; the common value has nothing to look at.
        let special = !plain
            && bytes.iter().fold(false, |acc, &b| {
                acc | (b < 0x20) | (b == b'&') | (b == b'<')
            });
        if !special {
            return Ok(StrRef::span(raw_start, raw_start + raw.len()));
        }
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'<' => {
                    return Err(
                        self.syntax(raw_start + i, "'<' is not allowed in an attribute value")
                    );
                }
                b'\t' | b'\n' | b'\r' => {}
                0..=0x1f => return Err(self.bad_char(raw, i, raw_start)),
                _ => {}
            }
        }
        let mut out = std::mem::take(&mut self.value_buf);
        out.clear();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'&' => {
                    let Some(semi) = memchr::memchr(b';', &bytes[i..]) else {
                        return Err(self.syntax(raw_start + i, "unterminated reference"));
                    };
                    let name = &raw[i + 1..i + semi];
                    let ch = self.resolve_reference(name, raw_start + i)?;
                    out.push(ch);
                    i += semi + 1;
                }
                b'\r' => {
                    out.push(' ');
                    i += if bytes.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                }
                b'\t' | b'\n' => {
                    out.push(' ');
                    i += 1;
                }
                _ => {
                    let next = bytes[i..]
                        .iter()
                        .position(|&c| matches!(c, b'&' | b'\r' | b'\t' | b'\n'))
                        .map_or(raw.len(), |n| i + n);
                    out.push_str(&raw[i..next]);
                    i = next;
                }
            }
        }
        let r = self.arena.own(&out);
        self.value_buf = out;
        Ok(r)
    }
}

fn local_of<'s>(src: &'s str, a: &AttrData) -> &'s str {
    let s = a.name_start as usize;
    &src[s + local_offset(a)..s + a.name_len as usize]
}

/// Where an attribute's local name starts within its qualified name.
#[inline]
fn local_offset(a: &AttrData) -> usize {
    if a.prefix_len == 0 {
        0
    } else {
        usize::from(a.prefix_len) + 1
    }
}

/// Scan text for characters XML forbids. Returns whether a CR is present (line ends need
/// normalizing), or the index of the first bad byte. With `check_cdata_end`, `]]>` is bad too
/// (its index points at the first `]`).
#[inline]
fn scan_chars(bytes: &[u8], check_cdata_end: bool) -> Result<bool, usize> {
    // Fast path: whole 32-byte chunks with nothing that needs a closer look (a control
    // character other than TAB/LF, a '>' when `]]>` matters, or 0xEF, the lead byte of U+FFFE
    // and U+FFFF). The fold has no early exit, so it vectorizes.
    // The short tail (most text nodes are shorter than a chunk) gets the same test first.
    const CHUNK: usize = 32;
    let gt = if check_cdata_end { b'>' } else { 0 };
    let suspicious = |chunk: &[u8]| {
        chunk.iter().fold(false, |acc, &b| {
            acc | ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == gt) | (b == 0xEF)
        })
    };
    let mut has_cr = false;
    let mut start = 0;
    while start + CHUNK <= bytes.len() {
        if suspicious(&bytes[start..start + CHUNK]) {
            has_cr |= scan_chars_slow(bytes, start, start + CHUNK, check_cdata_end)?;
        }
        start += CHUNK;
    }
    if suspicious(&bytes[start..]) {
        has_cr |= scan_chars_slow(bytes, start, bytes.len(), check_cdata_end)?;
    }
    Ok(has_cr)
}

/// The byte-by-byte check of `bytes[from..to]` (looking back into `bytes` for `]]>`).
fn scan_chars_slow(
    bytes: &[u8],
    from: usize,
    to: usize,
    check_cdata_end: bool,
) -> Result<bool, usize> {
    let mut has_cr = false;
    for i in from..to {
        let b = bytes[i];
        if b < 0x20 {
            if b == b'\r' {
                has_cr = true;
            } else if b != b'\n' && b != b'\t' {
                return Err(i);
            }
        } else if b == b'>' && check_cdata_end && i >= 2 && &bytes[i - 2..i] == b"]]" {
            return Err(i - 2);
        } else if b == 0xEF {
            // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters.
            if let [0xBF, 0xBE | 0xBF, ..] = bytes.get(i + 1..).unwrap_or(&[]) {
                return Err(i);
            }
        }
    }
    Ok(has_cr)
}

fn normalize_newlines(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// The ASCII bytes a name may hold (letters, digits, `_`, `-`, `.`, `:`).
static NAME_ASCII: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b':');
        i += 1;
    }
    t
};

/// Check a (qualified) name; returns the prefix length (0 if unprefixed).
pub(crate) fn check_name(name: &str) -> Result<usize, &'static str> {
    if name.is_empty() {
        return Err("empty name");
    }
    // ASCII fast path: letters, digits, '_', '-', '.', and at most one ':' between non-empty
    // parts, each starting with a letter or '_'.
    // One branch-free pass: is every byte one of those, and how many ':' are there.
    let b = name.as_bytes();
    let (ascii, colons) = b.iter().fold((true, 0usize), |(ok, n), &c| {
        (ok & NAME_ASCII[c as usize], n + usize::from(c == b':'))
    });
    if ascii {
        let start_ok = |c: u8| c.is_ascii_alphabetic() || c == b'_';
        let p = if colons == 0 {
            0
        } else {
            memchr::memchr(b':', b).unwrap_or(0)
        };
        return match colons {
            0 if start_ok(b[0]) => Ok(0),
            1 if p > 0 && p + 1 < b.len() && start_ok(b[0]) && start_ok(b[p + 1]) => Ok(p),
            0 => Err("invalid character in name"),
            _ => Err("invalid qualified name (a name has at most one ':' between non-empty parts)"),
        };
    }
    let mut prefix_len = 0;
    for (i, c) in name.char_indices() {
        let ok = match c {
            'a'..='z' | 'A'..='Z' | '_' => true,
            '0'..='9' | '-' | '.' => i != 0 && i != prefix_len + usize::from(prefix_len > 0),
            ':' => {
                if prefix_len != 0 || i == 0 || i + 1 == name.len() {
                    return Err(
                        "invalid qualified name (a name has at most one ':' between non-empty parts)",
                    );
                }
                prefix_len = i;
                true
            }
            '\u{B7}'
            | '\u{C0}'..='\u{D6}'
            | '\u{D8}'..='\u{F6}'
            | '\u{F8}'..='\u{37D}'
            | '\u{37F}'..='\u{1FFF}'
            | '\u{200C}'..='\u{200D}'
            | '\u{203F}'..='\u{2040}'
            | '\u{2070}'..='\u{218F}'
            | '\u{2C00}'..='\u{2FEF}'
            | '\u{3001}'..='\u{D7FF}'
            | '\u{F900}'..='\u{FDCF}'
            | '\u{FDF0}'..='\u{FFFD}'
            | '\u{10000}'..='\u{EFFFF}' => true,
            _ => false,
        };
        if !ok {
            return Err("invalid character in name");
        }
    }
    Ok(prefix_len)
}

/// Tokenize the attributes part of a start tag (or XML declaration). `offset` is the absolute
/// position of `s`. Returns the attributes and whether anything followed them.
fn tokenize_attributes<'a>(
    s: &'a str,
    offset: usize,
    out: &mut Vec<RawAttr<'a>>,
    most: usize,
) -> Result<(), (usize, String)> {
    out.clear();
    let b = s.as_bytes();
    let mut i = 0;
    let is_ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    while out.len() < most {
        let ws_start = i;
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if i == ws_start {
            return Err((
                offset + i,
                "whitespace is required between attributes".into(),
            ));
        }
        let name_start = i;
        while i < b.len() && !is_ws(b[i]) && b[i] != b'=' {
            i += 1;
        }
        let name = &s[name_start..i];
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            return Err((
                offset + name_start,
                format!("attribute '{}' has no value", truncate(name)),
            ));
        }
        i += 1;
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        let q = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                return Err((
                    offset + i,
                    format!("the value of attribute '{}' must be quoted", truncate(name)),
                ));
            }
        };
        i += 1;
        let raw_start = i;
        while i < b.len() && b[i] != q {
            i += 1;
        }
        if i >= b.len() {
            return Err((offset + raw_start, "unterminated attribute value".into()));
        }
        let prefix_len = name.find(':').unwrap_or(0);
        out.push(RawAttr {
            name_start: offset + name_start,
            name,
            prefix_len,
            raw_start: offset + raw_start,
            raw: &s[raw_start..i],
            plain: false,
        });
        i += 1;
    }
    Ok(())
}

/// How many attributes (namespace declarations included) to tokenize on one start tag. A tag
/// with more than the two per-element limits together exceeds one of them whatever they are:
/// tokenizing one more than that and no further lets `start_tag` report the limit, so an
/// attribute flood costs at most the limits' worth.
fn max_attributes_scanned(limits: &super::Limits) -> usize {
    limits
        .max_attributes_per_element
        .min(u16::MAX as usize)
        .saturating_add(
            limits
                .max_namespace_declarations_per_element
                .min(u16::MAX as usize),
        )
        .saturating_add(1)
}

/// Byte classes for the start-tag scanner: XML whitespace.
const C_WS: u8 = 1;
/// Ends a name: whitespace, `=`, `/`, `>`, a quote, `<`.
const C_STOP: u8 = 2;
/// Needs a closer look in an attribute value: a control character, `&`, `<`.
const C_VALUE: u8 = 4;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let ws = matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        if ws {
            t[i] |= C_WS;
        }
        if ws || matches!(b, b'=' | b'/' | b'>' | b'"' | b'\'' | b'<') {
            t[i] |= C_STOP;
        }
        if b < 0x20 || b == b'&' || b == b'<' {
            t[i] |= C_VALUE;
        }
        i += 1;
    }
    t
};

/// A start tag read by [`scan_start_tag`].
struct ScannedTag {
    /// Just past its `>`.
    end: usize,
    /// Self-closing (`/>`).
    empty: bool,
    /// Length of the element name.
    name_len: usize,
}

/// Read the start tag at `bytes[start]` (a `<`) in one pass: its name, its attributes (into
/// `out`, as [`tokenize_attributes`] would split them) and its end, for the common shape
/// `<name (ws+ name ws* = ws* quoted-value)* ws* (/>|>)`.
///
/// Returns `None`, and leaves the tag to quick-xml and the general path, for anything else:
/// a malformed tag, the input ending inside the tag, or more than `most` attributes. Within
/// that shape every quote opens or closes a value, so the `>` found is the one quick-xml
/// finds (the first outside quotes), and the names and values are those the general path's
/// tokenizer returns; nothing is checked here that the general path would report
/// differently: names are checked, and limits enforced, by `start_tag` in the same order.
#[inline]
fn scan_start_tag<'a>(
    src: &'a str,
    bytes: &[u8],
    start: usize,
    out: &mut Vec<RawAttr<'a>>,
    most: usize,
) -> Option<ScannedTag> {
    out.clear();
    let class = |i: usize| bytes.get(i).map(|&b| CLASS[b as usize]);
    let mut i = start + 1;
    while class(i)? & C_STOP == 0 {
        i += 1;
    }
    let name_len = i - start - 1;
    if name_len == 0 {
        return None;
    }
    loop {
        let ws_start = i;
        while class(i)? & C_WS != 0 {
            i += 1;
        }
        match bytes[i] {
            b'>' => {
                return Some(ScannedTag {
                    end: i + 1,
                    empty: false,
                    name_len,
                });
            }
            b'/' => {
                return (bytes.get(i + 1) == Some(&b'>')).then_some(ScannedTag {
                    end: i + 2,
                    empty: true,
                    name_len,
                });
            }
            _ if i == ws_start || out.len() == most => return None,
            _ => {}
        }
        let name_start = i;
        while class(i)? & C_STOP == 0 {
            i += 1;
        }
        let name_end = i;
        if name_end == name_start {
            return None;
        }
        while class(i)? & C_WS != 0 {
            i += 1;
        }
        if bytes[i] != b'=' {
            return None;
        }
        i += 1;
        while class(i)? & C_WS != 0 {
            i += 1;
        }
        let q = bytes[i];
        if q != b'"' && q != b'\'' {
            return None;
        }
        i += 1;
        let raw_start = i;
        let mut seen = 0;
        loop {
            let c = *bytes.get(i)?;
            if c == q {
                break;
            }
            seen |= CLASS[c as usize];
            i += 1;
        }
        let name = src.get(name_start..name_end)?;
        out.push(RawAttr {
            name_start,
            name,
            prefix_len: name.find(':').unwrap_or(0),
            raw_start,
            raw: src.get(raw_start..i)?,
            plain: seen & C_VALUE == 0,
        });
        i += 1;
    }
}

/// The end of the end tag at `bytes[start]` (`</`), found as quick-xml finds it: the first
/// `>` outside quotes. `None` if the input ends first.
#[inline]
fn scan_end_tag(bytes: &[u8], start: usize) -> Option<usize> {
    let mut quote = None;
    for i in memchr::memchr3_iter(b'>', b'\'', b'"', &bytes[start..]) {
        let c = bytes[start + i];
        match quote {
            None if c == b'>' => return Some(start + i + 1),
            None => quote = Some(c),
            Some(q) if q == c => quote = None,
            Some(_) => {}
        }
    }
    None
}

fn truncate(s: &str) -> String {
    s.chars().take(64).collect()
}
