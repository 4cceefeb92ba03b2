//! The SOAP 1.1 and 1.2 envelope, found by **position**.
//!
//! [`Envelope::from_document`] checks the structure once and records where each part is:
//! `/Envelope/Header` (optional, first child element), `/Envelope/Body` (exactly one, right after
//! the Header or first), the header blocks (the direct child elements of the Header, in order)
//! and, in the Body, its first child element (the operation) or its Fault. Nothing is ever
//! located by searching the tree, so a Body hidden inside a header block, a second Body, or a
//! Fault buried in some wrapper is never picked (attack classes A, B and N).
//!
//! ```
//! use soapsec::envelope::{Envelope, SoapVersion};
//! use soapsec::xml::Document;
//!
//! let doc = Document::parse(
//!     r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">
//!          <s:Header><h:Trace xmlns:h="urn:t" s:mustUnderstand="true"/></s:Header>
//!          <s:Body><m:Echo xmlns:m="urn:m"/></s:Body>
//!        </s:Envelope>"#,
//! )
//! .unwrap();
//! let env = Envelope::from_document(&doc).unwrap();
//! assert_eq!(env.version(), SoapVersion::Soap12);
//! assert!(env.headers()[0].must_understand);
//! assert!(env.body().operation().unwrap().is("urn:m", "Echo"));
//! ```
//!
//! # Rules enforced
//!
//! - The document element is `Envelope` in the SOAP 1.1 or 1.2 namespace. Another namespace
//!   (or none) gives [`EnvelopeError::VersionMismatch`]; another element gives
//!   [`EnvelopeError::NotAnEnvelope`].
//! - Envelope children: an optional `Header`, then exactly one `Body`, then nothing. SOAP 1.1
//!   allows namespace-qualified elements after the Body; soapsec rejects them for both versions
//!   ([`EnvelopeError::ElementAfterBody`]) because nothing legitimate uses them and they are a
//!   convenient hiding place for a relocated signed Body.
//! - No non-whitespace character data directly inside Envelope, Header, Body or Fault.
//! - No processing instructions anywhere in the message (SOAP 1.1 §3, SOAP 1.2 Part 1 §5).
//!   (DOCTYPEs are already refused by the XML layer.)
//! - Header blocks are namespace-qualified; `mustUnderstand` is `0`/`1` (1.1) or an
//!   `xs:boolean` (1.2); `relay` (1.2) is an `xs:boolean`.
//! - A Fault is the only child element of the Body (SOAP 1.2 Part 1 §5.4; WS-I Basic Profile
//!   R1000 for SOAP 1.1) and has the structure its version requires.

use crate::xml::{
    Document, Element, NodeId, NodeKind, ParseOptions, Position, QName, WSU_NS, XML_NS,
};
use std::borrow::Cow;
use std::fmt;

/// The SOAP 1.1 envelope namespace.
pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The SOAP 1.2 envelope namespace.
pub const SOAP12_NS: &str = "http://www.w3.org/2003/05/soap-envelope";
/// SOAP 1.1 `actor` value addressing the next SOAP node.
pub const SOAP11_ACTOR_NEXT: &str = "http://schemas.xmlsoap.org/soap/actor/next";
/// SOAP 1.2 role `next`.
pub const SOAP12_ROLE_NEXT: &str = "http://www.w3.org/2003/05/soap-envelope/role/next";
/// SOAP 1.2 role `none`.
pub const SOAP12_ROLE_NONE: &str = "http://www.w3.org/2003/05/soap-envelope/role/none";
/// SOAP 1.2 role `ultimateReceiver` (the same as no role attribute at all).
pub const SOAP12_ROLE_ULTIMATE_RECEIVER: &str =
    "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver";

/// The SOAP version of an envelope, decided by the namespace of its document element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1 (`http://schemas.xmlsoap.org/soap/envelope/`).
    Soap11,
    /// SOAP 1.2 (`http://www.w3.org/2003/05/soap-envelope`).
    Soap12,
}

impl SoapVersion {
    /// The version whose envelope namespace is `namespace`, if any.
    pub fn from_namespace(namespace: &str) -> Option<SoapVersion> {
        match namespace {
            SOAP11_NS => Some(SoapVersion::Soap11),
            SOAP12_NS => Some(SoapVersion::Soap12),
            _ => None,
        }
    }

    /// The envelope namespace (also the namespace of Header, Body, Fault and the SOAP
    /// attributes). This is the namespace in WCF's "required message part" texts, as in
    /// `'Body', 'http://schemas.xmlsoap.org/soap/envelope/'`.
    pub const fn envelope_namespace(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => SOAP11_NS,
            SoapVersion::Soap12 => SOAP12_NS,
        }
    }

    /// The media type of a message: `text/xml` (1.1) or `application/soap+xml` (1.2).
    pub const fn media_type(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "text/xml",
            SoapVersion::Soap12 => "application/soap+xml",
        }
    }

    /// The media type with a UTF-8 charset parameter, ready for a `Content-Type` header.
    pub const fn content_type(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "text/xml; charset=utf-8",
            SoapVersion::Soap12 => "application/soap+xml; charset=utf-8",
        }
    }

    /// The local name of the header-block targeting attribute: `actor` (1.1) or `role` (1.2).
    pub const fn role_attribute(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "actor",
            SoapVersion::Soap12 => "role",
        }
    }

    /// The URI naming the next SOAP node (`actor/next` or `role/next`).
    pub const fn next_role(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => SOAP11_ACTOR_NEXT,
            SoapVersion::Soap12 => SOAP12_ROLE_NEXT,
        }
    }

    /// The QName of a standard fault code in this version (SOAP 1.1 calls Sender `Client` and
    /// Receiver `Server`); `None` for `DataEncodingUnknown`, which SOAP 1.1 does not have.
    /// The prefix is empty: only the namespace and local name are meaningful.
    pub const fn fault_code(self, code: FaultCode) -> Option<QName<'static>> {
        let local = match (self, code) {
            (_, FaultCode::VersionMismatch) => "VersionMismatch",
            (_, FaultCode::MustUnderstand) => "MustUnderstand",
            (SoapVersion::Soap11, FaultCode::DataEncodingUnknown) => return None,
            (SoapVersion::Soap12, FaultCode::DataEncodingUnknown) => "DataEncodingUnknown",
            (SoapVersion::Soap11, FaultCode::Sender) => "Client",
            (SoapVersion::Soap12, FaultCode::Sender) => "Sender",
            (SoapVersion::Soap11, FaultCode::Receiver) => "Server",
            (SoapVersion::Soap12, FaultCode::Receiver) => "Receiver",
        };
        Some(QName {
            prefix: "",
            local,
            namespace: self.envelope_namespace(),
        })
    }
}

impl fmt::Display for SoapVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SoapVersion::Soap11 => "SOAP 1.1",
            SoapVersion::Soap12 => "SOAP 1.2",
        })
    }
}

/// The standard SOAP fault codes, named as in SOAP 1.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultCode {
    /// The envelope namespace was not understood.
    VersionMismatch,
    /// A mandatory header block was not understood.
    MustUnderstand,
    /// SOAP 1.2 only: an unsupported encoding style.
    DataEncodingUnknown,
    /// The message was wrong (SOAP 1.1 `Client`).
    Sender,
    /// The receiver failed (SOAP 1.1 `Server`).
    Receiver,
}

impl FaultCode {
    /// The standard code with this QName in `version`. SOAP 1.1 dotted refinements
    /// (`Client.Authentication`) map to their base code.
    pub fn from_qname(version: SoapVersion, namespace: &str, local: &str) -> Option<FaultCode> {
        if namespace != version.envelope_namespace() {
            return None;
        }
        let base = match version {
            SoapVersion::Soap11 => local.split('.').next().unwrap_or(local),
            SoapVersion::Soap12 => local,
        };
        [
            FaultCode::VersionMismatch,
            FaultCode::MustUnderstand,
            FaultCode::DataEncodingUnknown,
            FaultCode::Sender,
            FaultCode::Receiver,
        ]
        .into_iter()
        .find(|&c| version.fault_code(c).is_some_and(|q| q.local == base))
    }
}

/// Why a document is not an acceptable SOAP envelope (or its WS-Addressing headers are not
/// acceptable). Every variant carries the position of the offending node and its message
/// names the rule that was broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The document element is not named `Envelope`.
    #[error("{at}: the document element is {name}, not a SOAP Envelope")]
    NotAnEnvelope {
        /// The document element's expanded name.
        name: String,
        /// Where it starts.
        at: Position,
    },
    /// The document element is `Envelope` in a namespace that is neither SOAP 1.1 nor SOAP
    /// 1.2 (the condition SOAP reports with a VersionMismatch fault).
    #[error(
        "{at}: VersionMismatch: Envelope in namespace '{namespace}' is neither SOAP 1.1 \
         ('{SOAP11_NS}') nor SOAP 1.2 ('{SOAP12_NS}')"
    )]
    VersionMismatch {
        /// The namespace found (empty if none).
        namespace: String,
        /// Where the Envelope starts.
        at: Position,
    },
    /// An element that the SOAP structure does not allow at this place.
    #[error("{at}: unexpected element {name} in {parent}: expected {expected}")]
    UnexpectedElement {
        /// The element's expanded name.
        name: String,
        /// The parent's role (`Envelope`, `Fault`, `Code`, ...).
        parent: &'static str,
        /// What is allowed there.
        expected: &'static str,
        /// Where it starts.
        at: Position,
    },
    /// A second Header element.
    #[error("{at}: a second Header (the first is at {first}): an Envelope has at most one Header")]
    DuplicateHeader {
        /// Where the first Header is.
        first: Position,
        /// Where the second one is.
        at: Position,
    },
    /// A second Body element.
    #[error("{at}: a second Body (the first is at {first}): an Envelope has exactly one Body")]
    DuplicateBody {
        /// Where the first Body is.
        first: Position,
        /// Where the second one is.
        at: Position,
    },
    /// A Header after the Body.
    #[error("{at}: Header after Body: the Header must be the first child element of Envelope")]
    HeaderAfterBody {
        /// Where the Header is.
        at: Position,
    },
    /// An element after the Body. SOAP 1.2 forbids it; SOAP 1.1 allows qualified trailers but
    /// soapsec rejects them too.
    #[error("{at}: element {name} after Body: nothing may follow the Body")]
    ElementAfterBody {
        /// The element's expanded name.
        name: String,
        /// Where it starts.
        at: Position,
    },
    /// The Envelope has no Body.
    #[error("{at}: the Envelope has no Body (exactly one is required)")]
    MissingBody {
        /// Where the Envelope starts.
        at: Position,
    },
    /// Non-whitespace character data directly inside an element that only holds elements.
    #[error("{at}: character data is not allowed directly inside {parent}")]
    TextNotAllowed {
        /// The parent's role (`Envelope`, `Header`, `Body`, `Fault`, ...).
        parent: &'static str,
        /// Where the text starts.
        at: Position,
    },
    /// A processing instruction; SOAP messages must not contain any.
    #[error("{at}: processing instruction <?{target} ...?> is not allowed in a SOAP message")]
    ProcessingInstruction {
        /// The PI target.
        target: String,
        /// Where it starts.
        at: Position,
    },
    /// A header block without a namespace.
    #[error("{at}: header block <{name}> must be namespace-qualified")]
    UnqualifiedHeaderBlock {
        /// The element's name.
        name: String,
        /// Where it starts.
        at: Position,
    },
    /// A boolean SOAP attribute (`mustUnderstand`, `relay`) with a value the version does not
    /// allow.
    #[error("{at}: {attribute}=\"{value}\" is invalid: {version} allows {allowed}")]
    InvalidBoolean {
        /// The attribute's local name.
        attribute: &'static str,
        /// The value found.
        value: String,
        /// The envelope's version.
        version: SoapVersion,
        /// The allowed values.
        allowed: &'static str,
        /// Where the element carrying it starts.
        at: Position,
    },
    /// Two header blocks with the same QName where at most one is allowed.
    #[error("{at}: a second header block {name} (the first is at {first})")]
    DuplicateHeaderBlock {
        /// The expanded name.
        name: String,
        /// Where the first is.
        first: Position,
        /// Where the second is.
        at: Position,
    },
    /// A Fault together with other child elements of the Body.
    #[error("{at}: a Fault must be the only child element of the Body")]
    FaultNotAlone {
        /// Where the Fault (or the sibling found first) starts.
        at: Position,
    },
    /// A Fault whose structure does not follow its version's rules.
    #[error("{at}: invalid {version} Fault: {rule}")]
    InvalidFault {
        /// The envelope's version.
        version: SoapVersion,
        /// The rule broken.
        rule: &'static str,
        /// Where the offending element starts.
        at: Position,
    },
    /// A QName in character content (a fault code) whose text is not a QName.
    #[error("{at}: '{value}' is not a valid QName")]
    InvalidQName {
        /// The text.
        value: String,
        /// Where the element starts.
        at: Position,
    },
    /// A QName in character content whose prefix is not declared in scope.
    #[error("{at}: prefix '{prefix}' of QName '{value}' is not declared in scope")]
    UnresolvedPrefix {
        /// The prefix.
        prefix: String,
        /// The whole text.
        value: String,
        /// Where the element starts.
        at: Position,
    },
    /// WS-Addressing headers of two versions in one message.
    #[error("{at}: WS-Addressing header in '{second}' mixed with headers in '{first}'")]
    MixedAddressingVersions {
        /// The namespace of the first WS-Addressing header.
        first: &'static str,
        /// The other namespace.
        second: &'static str,
        /// Where the first header of the other version starts.
        at: Position,
    },
    /// A WS-Addressing header that may appear once appears again.
    #[error("{at}: a second wsa:{name} header (the first is at {first})")]
    DuplicateAddressingHeader {
        /// The header's local name.
        name: &'static str,
        /// Where the first is.
        first: Position,
        /// Where the second is.
        at: Position,
    },
    /// A WS-Addressing header with invalid content.
    #[error("{at}: invalid wsa:{name} header: {rule}")]
    InvalidAddressingHeader {
        /// The header's local name.
        name: &'static str,
        /// The rule broken.
        rule: &'static str,
        /// Where the offending element starts.
        at: Position,
    },
}

impl EnvelopeError {
    /// The position the error concerns.
    pub fn position(&self) -> Position {
        use EnvelopeError::*;
        match self {
            NotAnEnvelope { at, .. }
            | VersionMismatch { at, .. }
            | UnexpectedElement { at, .. }
            | DuplicateHeader { at, .. }
            | DuplicateBody { at, .. }
            | HeaderAfterBody { at }
            | ElementAfterBody { at, .. }
            | MissingBody { at }
            | TextNotAllowed { at, .. }
            | ProcessingInstruction { at, .. }
            | UnqualifiedHeaderBlock { at, .. }
            | InvalidBoolean { at, .. }
            | DuplicateHeaderBlock { at, .. }
            | FaultNotAlone { at }
            | InvalidFault { at, .. }
            | InvalidQName { at, .. }
            | UnresolvedPrefix { at, .. }
            | MixedAddressingVersions { at, .. }
            | DuplicateAddressingHeader { at, .. }
            | InvalidAddressingHeader { at, .. } => *at,
        }
    }
}

/// One header block: a direct child element of the Header, with its SOAP attributes decoded.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct HeaderBlock<'d> {
    /// The header block element.
    pub element: Element<'d>,
    /// Its name (always namespace-qualified).
    pub qname: QName<'d>,
    /// The SOAP `mustUnderstand` attribute (false when absent).
    pub must_understand: bool,
    /// The SOAP 1.1 `actor` or SOAP 1.2 `role` attribute, as written (`None`: the ultimate
    /// receiver).
    pub role: Option<&'d str>,
    /// The SOAP 1.2 `relay` attribute (always false for SOAP 1.1).
    pub relay: bool,
    /// The `wsu:Id` attribute, if any.
    pub wsu_id: Option<&'d str>,
}

impl<'d> HeaderBlock<'d> {
    /// The block's node identity.
    pub fn id(&self) -> NodeId {
        self.element.id()
    }
    /// True if the block is `{namespace}local`.
    pub fn is(&self, namespace: &str, local: &str) -> bool {
        self.qname.is(namespace, local)
    }
}

/// A QName written as character content (a fault code), resolved against the namespaces in
/// scope at its element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentQName<'d> {
    /// The prefix as written (empty if none).
    pub prefix: Cow<'d, str>,
    /// The local part.
    pub local: Cow<'d, str>,
    /// The namespace the prefix is bound to (for no prefix, the default namespace in scope;
    /// empty if none).
    pub namespace: &'d str,
    /// The element holding the text.
    pub element: NodeId,
}

impl ContentQName<'_> {
    /// True if this name is `{namespace}local`.
    pub fn is(&self, namespace: &str, local: &str) -> bool {
        self.local == local && self.namespace == namespace
    }
}

impl fmt::Display for ContentQName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(&self.local)
        } else {
            write!(f, "{{{}}}{}", self.namespace, self.local)
        }
    }
}

/// One human-readable fault reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultReason<'d> {
    /// The `xml:lang` of the text (required in SOAP 1.2, optional on a 1.1 `faultstring`).
    pub lang: Option<&'d str>,
    /// The text, all text children concatenated.
    pub text: Cow<'d, str>,
}

/// A SOAP Fault, in either version's shape.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Fault<'d> {
    /// The version whose shape the fault has.
    pub version: SoapVersion,
    /// The Fault element.
    pub element: Element<'d>,
    /// 1.1 `faultcode`, 1.2 `Code/Value`.
    pub code: ContentQName<'d>,
    /// 1.2 `Subcode/Value` chain, outermost first (always empty for 1.1).
    pub subcodes: Vec<ContentQName<'d>>,
    /// 1.1 `faultstring`; 1.2 every `Reason/Text`, in order (never empty).
    pub reasons: Vec<FaultReason<'d>>,
    /// 1.2 `Node`; 1.1 `faultactor`.
    pub node: Option<Cow<'d, str>>,
    /// 1.2 `Role` (always `None` for 1.1).
    pub role: Option<Cow<'d, str>>,
    /// 1.1 `detail`, 1.2 `Detail`.
    pub detail: Option<Element<'d>>,
}

impl<'d> Fault<'d> {
    /// The first reason text (1.1 `faultstring`).
    pub fn reason(&self) -> &str {
        self.reasons.first().map_or("", |r| &r.text)
    }
    /// The node identity of the detail element, if any.
    pub fn detail_id(&self) -> Option<NodeId> {
        self.detail.map(|d| d.id())
    }
    /// The standard code the fault code denotes, if it is one.
    pub fn standard_code(&self) -> Option<FaultCode> {
        FaultCode::from_qname(self.version, self.code.namespace, &self.code.local)
    }
}

/// The Body: the element at `/Envelope/Body`, and its content.
#[derive(Debug, Clone)]
pub struct Body<'d> {
    element: Element<'d>,
    first: Option<Element<'d>>,
    fault: Option<Fault<'d>>,
}

impl<'d> Body<'d> {
    /// The Body element.
    pub fn element(&self) -> Element<'d> {
        self.element
    }
    /// The Body's node identity.
    pub fn id(&self) -> NodeId {
        self.element.id()
    }
    /// The Body's `wsu:Id`, if any.
    pub fn wsu_id(&self) -> Option<&'d str> {
        self.element.attribute(WSU_NS, "Id")
    }
    /// The first child element (the operation, or the Fault).
    pub fn first_child(&self) -> Option<Element<'d>> {
        self.first
    }
    /// The child elements (body entries), in order.
    pub fn entries(&self) -> impl Iterator<Item = Element<'d>> + 'd {
        self.element.child_elements()
    }
    /// The QName of the first child element: the operation that dispatch and the protection
    /// level are decided by (`None` for an empty Body; `soap:Fault` for a fault).
    pub fn operation(&self) -> Option<QName<'d>> {
        self.first.map(|e| e.name())
    }
    /// True if the Body has no child element.
    pub fn is_empty(&self) -> bool {
        self.first.is_none()
    }
    /// True if the Body carries a Fault.
    pub fn is_fault(&self) -> bool {
        self.fault.is_some()
    }
    /// The Fault, if the Body carries one.
    pub fn fault(&self) -> Option<&Fault<'d>> {
        self.fault.as_ref()
    }
}

/// A validated SOAP envelope: a view over a [`Document`] with every part located by position.
#[derive(Debug, Clone)]
pub struct Envelope<'d> {
    doc: &'d Document<'d>,
    version: SoapVersion,
    element: Element<'d>,
    header: Option<Element<'d>>,
    blocks: Vec<HeaderBlock<'d>>,
    body: Body<'d>,
}

impl<'d> Envelope<'d> {
    /// Check the structure of `doc` and locate its parts. See the [module docs](self) for
    /// every rule enforced.
    pub fn from_document(doc: &'d Document<'d>) -> Result<Envelope<'d>, EnvelopeError> {
        reject_processing_instructions(doc)?;
        let root = doc.root();
        if root.local_name() != "Envelope" {
            return Err(EnvelopeError::NotAnEnvelope {
                name: root.name().to_string(),
                at: root.position(),
            });
        }
        let Some(version) = SoapVersion::from_namespace(root.namespace()) else {
            return Err(EnvelopeError::VersionMismatch {
                namespace: root.namespace().to_owned(),
                at: root.position(),
            });
        };
        let ns = version.envelope_namespace();

        let mut header: Option<Element<'d>> = None;
        let mut body: Option<Element<'d>> = None;
        for node in root.children() {
            match node.kind() {
                NodeKind::Element => {}
                NodeKind::Text => {
                    check_whitespace(node.text(), "Envelope", node.position())?;
                    continue;
                }
                _ => continue,
            }
            let Some(el) = node.as_element() else {
                continue;
            };
            if el.is(ns, "Header") {
                if body.is_some() {
                    return Err(EnvelopeError::HeaderAfterBody { at: el.position() });
                }
                if let Some(first) = header {
                    return Err(EnvelopeError::DuplicateHeader {
                        first: first.position(),
                        at: el.position(),
                    });
                }
                header = Some(el);
            } else if el.is(ns, "Body") {
                if let Some(first) = body {
                    return Err(EnvelopeError::DuplicateBody {
                        first: first.position(),
                        at: el.position(),
                    });
                }
                body = Some(el);
            } else if body.is_some() {
                return Err(EnvelopeError::ElementAfterBody {
                    name: el.name().to_string(),
                    at: el.position(),
                });
            } else {
                return Err(EnvelopeError::UnexpectedElement {
                    name: el.name().to_string(),
                    parent: "Envelope",
                    expected: "Header or Body in the envelope namespace",
                    at: el.position(),
                });
            }
        }
        let Some(body) = body else {
            return Err(EnvelopeError::MissingBody {
                at: root.position(),
            });
        };

        let mut blocks = Vec::new();
        if let Some(h) = header {
            for node in h.children() {
                if node.kind() == NodeKind::Text {
                    check_whitespace(node.text(), "Header", node.position())?;
                } else if let Some(el) = node.as_element() {
                    blocks.push(header_block(version, el)?);
                }
            }
        }

        Ok(Envelope {
            doc,
            version,
            element: root,
            header,
            blocks,
            body: read_body(version, body)?,
        })
    }

    /// Parse `input` with the default [`ParseOptions`], check it as an envelope and hand the
    /// envelope to `f`. (The envelope borrows the document, so it is lent rather than
    /// returned; keep the [`Document`] yourself and use [`Envelope::from_document`] when the
    /// envelope must outlive the call.)
    pub fn parse<R>(input: &str, f: impl FnOnce(&Envelope<'_>) -> R) -> Result<R, crate::Error> {
        Self::parse_with(input, &ParseOptions::default(), f)
    }

    /// [`Envelope::parse`] with explicit parse options.
    pub fn parse_with<R>(
        input: &str,
        options: &ParseOptions,
        f: impl FnOnce(&Envelope<'_>) -> R,
    ) -> Result<R, crate::Error> {
        let doc = Document::parse_with(input, options)?;
        let env = Envelope::from_document(&doc)?;
        Ok(f(&env))
    }

    /// The document this envelope is a view of.
    pub fn document(&self) -> &'d Document<'d> {
        self.doc
    }
    /// The SOAP version.
    pub fn version(&self) -> SoapVersion {
        self.version
    }
    /// The envelope namespace (shortcut for `version().envelope_namespace()`).
    pub fn namespace(&self) -> &'static str {
        self.version.envelope_namespace()
    }
    /// The Envelope element.
    pub fn element(&self) -> Element<'d> {
        self.element
    }
    /// The Header element, if present.
    pub fn header(&self) -> Option<Element<'d>> {
        self.header
    }
    /// Every header block (direct child element of the Header), in document order.
    pub fn headers(&self) -> &[HeaderBlock<'d>] {
        &self.blocks
    }
    /// The first header block named `{namespace}local`. Only direct children of the Header
    /// are considered; an element of that name nested deeper is never returned.
    pub fn find_header(&self, namespace: &str, local: &str) -> Option<&HeaderBlock<'d>> {
        self.blocks.iter().find(|b| b.is(namespace, local))
    }
    /// Every header block named `{namespace}local`, in order.
    pub fn headers_named<'s>(
        &'s self,
        namespace: &'s str,
        local: &'s str,
    ) -> impl Iterator<Item = &'s HeaderBlock<'d>> + 's {
        self.blocks.iter().filter(move |b| b.is(namespace, local))
    }
    /// The header block named `{namespace}local` when at most one exists;
    /// [`EnvelopeError::DuplicateHeaderBlock`] if there are several.
    pub fn single_header(
        &self,
        namespace: &str,
        local: &str,
    ) -> Result<Option<&HeaderBlock<'d>>, EnvelopeError> {
        let mut it = self.blocks.iter().filter(|b| b.is(namespace, local));
        let first = it.next();
        if let (Some(a), Some(b)) = (first, it.next()) {
            return Err(EnvelopeError::DuplicateHeaderBlock {
                name: a.qname.to_string(),
                first: a.element.position(),
                at: b.element.position(),
            });
        }
        Ok(first)
    }
    /// The Body at `/Envelope/Body`.
    pub fn body(&self) -> &Body<'d> {
        &self.body
    }
    /// Shortcut for `body().operation()`.
    pub fn operation(&self) -> Option<QName<'d>> {
        self.body.operation()
    }
    /// Shortcut for `body().fault()`.
    pub fn fault(&self) -> Option<&Fault<'d>> {
        self.body.fault()
    }
}

// ---------------------------------------------------------------------------------------------

pub(crate) fn is_xml_whitespace(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn trim_xml(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
}

/// The sub-slice `range` of a `Cow`, borrowed when the `Cow` is.
fn sub_cow<'d>(c: &Cow<'d, str>, range: std::ops::Range<usize>) -> Cow<'d, str> {
    match c {
        Cow::Borrowed(s) => Cow::Borrowed(s.get(range).unwrap_or("")),
        Cow::Owned(s) => Cow::Owned(s.get(range).unwrap_or("").to_owned()),
    }
}

/// `s` with surrounding XML whitespace removed, borrowed when `s` is.
pub(crate) fn trim_cow(s: Cow<'_, str>) -> Cow<'_, str> {
    let t = trim_xml(&s);
    if t.len() == s.len() {
        return s;
    }
    let start = t.as_ptr() as usize - s.as_ptr() as usize;
    let end = start + t.len();
    sub_cow(&s, start..end)
}

fn check_whitespace(text: &str, parent: &'static str, at: Position) -> Result<(), EnvelopeError> {
    if is_xml_whitespace(text) {
        Ok(())
    } else {
        Err(EnvelopeError::TextNotAllowed { parent, at })
    }
}

fn reject_processing_instructions(doc: &Document<'_>) -> Result<(), EnvelopeError> {
    // The arena holds every node in document order; a linear scan finds the first PI.
    for i in 0..doc.node_count() {
        if let Some(n) = doc.node(NodeId(i as u32))
            && n.kind() == NodeKind::ProcessingInstruction
        {
            return Err(EnvelopeError::ProcessingInstruction {
                target: n.pi_target().to_owned(),
                at: n.position(),
            });
        }
    }
    Ok(())
}

fn parse_bool(
    version: SoapVersion,
    attribute: &'static str,
    value: &str,
    at: Position,
) -> Result<bool, EnvelopeError> {
    let v = trim_xml(value);
    let (t, f, allowed): (&[&str], &[&str], &'static str) = match version {
        SoapVersion::Soap11 => (&["1"], &["0"], "\"0\" or \"1\""),
        SoapVersion::Soap12 => (
            &["true", "1"],
            &["false", "0"],
            "\"true\", \"false\", \"1\" or \"0\"",
        ),
    };
    if t.contains(&v) {
        Ok(true)
    } else if f.contains(&v) {
        Ok(false)
    } else {
        Err(EnvelopeError::InvalidBoolean {
            attribute,
            value: value.to_owned(),
            version,
            allowed,
            at,
        })
    }
}

fn header_block<'d>(
    version: SoapVersion,
    el: Element<'d>,
) -> Result<HeaderBlock<'d>, EnvelopeError> {
    let ns = version.envelope_namespace();
    if el.namespace().is_empty() {
        return Err(EnvelopeError::UnqualifiedHeaderBlock {
            name: el.qname().to_owned(),
            at: el.position(),
        });
    }
    let must_understand = match el.attribute(ns, "mustUnderstand") {
        Some(v) => parse_bool(version, "mustUnderstand", v, el.position())?,
        None => false,
    };
    let relay = match (version, el.attribute(ns, "relay")) {
        (SoapVersion::Soap12, Some(v)) => parse_bool(version, "relay", v, el.position())?,
        _ => false,
    };
    Ok(HeaderBlock {
        element: el,
        qname: el.name(),
        must_understand,
        role: el.attribute(ns, version.role_attribute()),
        relay,
        wsu_id: el.attribute(WSU_NS, "Id"),
    })
}

fn read_body<'d>(version: SoapVersion, body: Element<'d>) -> Result<Body<'d>, EnvelopeError> {
    let ns = version.envelope_namespace();
    let mut first = None;
    let mut count = 0usize;
    let mut fault_el = None;
    for node in body.children() {
        if node.kind() == NodeKind::Text {
            check_whitespace(node.text(), "Body", node.position())?;
        } else if let Some(el) = node.as_element() {
            count += 1;
            if first.is_none() {
                first = Some(el);
            }
            if el.is(ns, "Fault") && fault_el.is_none() {
                fault_el = Some(el);
            }
            if fault_el.is_some() && count > 1 {
                return Err(EnvelopeError::FaultNotAlone { at: el.position() });
            }
        }
    }
    let fault = match fault_el {
        Some(f) => Some(match version {
            SoapVersion::Soap11 => fault11(f)?,
            SoapVersion::Soap12 => fault12(f)?,
        }),
        None => None,
    };
    Ok(Body {
        element: body,
        first,
        fault,
    })
}

fn invalid_fault(version: SoapVersion, rule: &'static str, el: Element<'_>) -> EnvelopeError {
    EnvelopeError::InvalidFault {
        version,
        rule,
        at: el.position(),
    }
}

/// The text of an element that must hold character data only.
fn simple_text<'d>(
    version: SoapVersion,
    el: Element<'d>,
    rule: &'static str,
) -> Result<Cow<'d, str>, EnvelopeError> {
    if el.first_child_element().is_some() {
        return Err(invalid_fault(version, rule, el));
    }
    Ok(el.text())
}

/// Resolve the QName written in `el`'s content against the namespaces in scope at `el`.
fn content_qname<'d>(
    version: SoapVersion,
    el: Element<'d>,
) -> Result<ContentQName<'d>, EnvelopeError> {
    let text = trim_cow(simple_text(
        version,
        el,
        "a fault code value holds text only",
    )?);
    let invalid = || EnvelopeError::InvalidQName {
        value: text.to_string(),
        at: el.position(),
    };
    let (prefix, local) = match text.find(':') {
        Some(i) => (sub_cow(&text, 0..i), sub_cow(&text, i + 1..text.len())),
        None => (Cow::Borrowed(""), text.clone()),
    };
    let bad_part = |s: &str| s.is_empty() || s.contains(':') || s.chars().any(char::is_whitespace);
    if bad_part(&local) || (text.contains(':') && bad_part(&prefix)) {
        return Err(invalid());
    }
    let namespace = match el.lookup_namespace(&prefix) {
        Some(ns) => ns,
        None if prefix.is_empty() => "",
        None => {
            return Err(EnvelopeError::UnresolvedPrefix {
                prefix: prefix.into_owned(),
                value: text.to_string(),
                at: el.position(),
            });
        }
    };
    Ok(ContentQName {
        prefix,
        local,
        namespace,
        element: el.id(),
    })
}

/// Non-empty whitespace-trimmed text, or `None` if empty.
fn optional_text(text: Cow<'_, str>) -> Option<Cow<'_, str>> {
    let t = trim_cow(text);
    (!t.is_empty()).then_some(t)
}

/// Walk the direct children of a fault-structure element: reject non-whitespace text and
/// return the child elements.
fn structural_children<'d>(
    el: Element<'d>,
    parent: &'static str,
) -> Result<Vec<Element<'d>>, EnvelopeError> {
    let mut out = Vec::new();
    for node in el.children() {
        if node.kind() == NodeKind::Text {
            check_whitespace(node.text(), parent, node.position())?;
        } else if let Some(e) = node.as_element() {
            out.push(e);
        }
    }
    Ok(out)
}

/// SOAP 1.1: `faultcode`, `faultstring`, `faultactor?`, `detail?`, unqualified, in this order.
fn fault11(fault: Element<'_>) -> Result<Fault<'_>, EnvelopeError> {
    const V: SoapVersion = SoapVersion::Soap11;
    const NAMES: [&str; 4] = ["faultcode", "faultstring", "faultactor", "detail"];
    let mut slots: [Option<Element<'_>>; 4] = [None; 4];
    let mut next = 0usize;
    for el in structural_children(fault, "Fault")? {
        let idx = if el.namespace().is_empty() {
            NAMES.iter().position(|n| *n == el.local_name())
        } else {
            None
        };
        let Some(idx) = idx else {
            return Err(EnvelopeError::UnexpectedElement {
                name: el.name().to_string(),
                parent: "Fault",
                expected: "unqualified faultcode, faultstring, faultactor or detail",
                at: el.position(),
            });
        };
        if idx < next {
            return Err(invalid_fault(
                V,
                "faultcode, faultstring, faultactor, detail must appear at most once, in this order",
                el,
            ));
        }
        next = idx + 1;
        if let Some(slot) = slots.get_mut(idx) {
            *slot = Some(el);
        }
    }
    let [code, string, actor, detail] = slots;
    let code = code.ok_or_else(|| invalid_fault(V, "faultcode is required", fault))?;
    let string = string.ok_or_else(|| invalid_fault(V, "faultstring is required", fault))?;
    let reason = FaultReason {
        lang: string.attribute(XML_NS, "lang"),
        text: simple_text(V, string, "faultstring holds text only")?,
    };
    let node = match actor {
        Some(a) => optional_text(simple_text(V, a, "faultactor holds text only")?),
        None => None,
    };
    Ok(Fault {
        version: V,
        element: fault,
        code: content_qname(V, code)?,
        subcodes: Vec::new(),
        reasons: vec![reason],
        node,
        role: None,
        detail,
    })
}

/// SOAP 1.2: `Code`, `Reason`, `Node?`, `Role?`, `Detail?`, in the envelope namespace, in
/// this order.
fn fault12(fault: Element<'_>) -> Result<Fault<'_>, EnvelopeError> {
    const V: SoapVersion = SoapVersion::Soap12;
    const NAMES: [&str; 5] = ["Code", "Reason", "Node", "Role", "Detail"];
    let mut slots: [Option<Element<'_>>; 5] = [None; 5];
    let mut next = 0usize;
    for el in structural_children(fault, "Fault")? {
        let idx = if el.namespace() == SOAP12_NS {
            NAMES.iter().position(|n| *n == el.local_name())
        } else {
            None
        };
        let Some(idx) = idx else {
            return Err(EnvelopeError::UnexpectedElement {
                name: el.name().to_string(),
                parent: "Fault",
                expected: "Code, Reason, Node, Role or Detail in the envelope namespace",
                at: el.position(),
            });
        };
        if idx < next {
            return Err(invalid_fault(
                V,
                "Code, Reason, Node, Role, Detail must appear at most once, in this order",
                el,
            ));
        }
        next = idx + 1;
        if let Some(slot) = slots.get_mut(idx) {
            *slot = Some(el);
        }
    }
    let [code, reason, node, role, detail] = slots;
    let code_el = code.ok_or_else(|| invalid_fault(V, "Code is required", fault))?;
    let reason_el = reason.ok_or_else(|| invalid_fault(V, "Reason is required", fault))?;

    // Code: Value, then an optional Subcode with the same shape, nested to any depth.
    let mut values = Vec::new();
    let mut cur = code_el;
    let mut parent = "Code";
    loop {
        let kids = structural_children(cur, parent)?;
        let mut it = kids.into_iter();
        let value = match it.next() {
            Some(v) if v.is(SOAP12_NS, "Value") => v,
            _ => return Err(invalid_fault(V, "Code and Subcode start with a Value", cur)),
        };
        values.push(content_qname(V, value)?);
        match (it.next(), it.next()) {
            (None, _) => break,
            (Some(s), None) if s.is(SOAP12_NS, "Subcode") => {
                cur = s;
                parent = "Subcode";
            }
            (Some(other), _) => {
                return Err(EnvelopeError::UnexpectedElement {
                    name: other.name().to_string(),
                    parent,
                    expected: "Value, then at most one Subcode",
                    at: other.position(),
                });
            }
        }
    }
    let mut values = values.into_iter();
    let Some(code) = values.next() else {
        return Err(invalid_fault(V, "Code must have a Value", code_el));
    };
    if FaultCode::from_qname(V, code.namespace, &code.local).is_none() {
        return Err(invalid_fault(
            V,
            "Code/Value must be one of env:VersionMismatch, env:MustUnderstand, \
             env:DataEncodingUnknown, env:Sender, env:Receiver",
            code_el,
        ));
    }

    let mut reasons = Vec::new();
    for t in structural_children(reason_el, "Reason")? {
        if !t.is(SOAP12_NS, "Text") {
            return Err(EnvelopeError::UnexpectedElement {
                name: t.name().to_string(),
                parent: "Reason",
                expected: "Text",
                at: t.position(),
            });
        }
        let Some(lang) = t.attribute(XML_NS, "lang") else {
            return Err(invalid_fault(V, "Reason/Text requires xml:lang", t));
        };
        reasons.push(FaultReason {
            lang: Some(lang),
            text: simple_text(V, t, "Reason/Text holds text only")?,
        });
    }
    if reasons.is_empty() {
        return Err(invalid_fault(
            V,
            "Reason needs at least one Text",
            reason_el,
        ));
    }
    let node = match node {
        Some(n) => optional_text(simple_text(V, n, "Node holds text only")?),
        None => None,
    };
    let role = match role {
        Some(r) => optional_text(simple_text(V, r, "Role holds text only")?),
        None => None,
    };
    Ok(Fault {
        version: V,
        element: fault,
        code,
        subcodes: values.collect(),
        reasons,
        node,
        role,
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const S11: &str = r#"xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/""#;
    const S12: &str = r#"xmlns:soap="http://www.w3.org/2003/05/soap-envelope""#;

    fn check(xml: &str) -> Result<(), EnvelopeError> {
        let doc = Document::parse(xml).expect("well-formed test input");
        Envelope::from_document(&doc).map(|_| ())
    }

    fn env11(inner: &str) -> String {
        format!("<soap:Envelope {S11}>{inner}</soap:Envelope>")
    }

    fn env12(inner: &str) -> String {
        format!("<soap:Envelope {S12}>{inner}</soap:Envelope>")
    }

    #[test]
    fn version_helpers() {
        assert_eq!(
            SoapVersion::from_namespace(SOAP11_NS),
            Some(SoapVersion::Soap11)
        );
        assert_eq!(
            SoapVersion::from_namespace(SOAP12_NS),
            Some(SoapVersion::Soap12)
        );
        assert_eq!(SoapVersion::from_namespace("urn:x"), None);
        assert_eq!(SoapVersion::Soap11.media_type(), "text/xml");
        assert_eq!(SoapVersion::Soap12.media_type(), "application/soap+xml");
        assert!(
            SoapVersion::Soap12
                .content_type()
                .starts_with("application/soap+xml")
        );
        assert_eq!(SoapVersion::Soap11.role_attribute(), "actor");
        assert_eq!(SoapVersion::Soap12.role_attribute(), "role");
        assert_eq!(SoapVersion::Soap11.next_role(), SOAP11_ACTOR_NEXT);
        let q = SoapVersion::Soap11.fault_code(FaultCode::Sender).unwrap();
        assert!(q.is(SOAP11_NS, "Client"));
        let q = SoapVersion::Soap12.fault_code(FaultCode::Receiver).unwrap();
        assert!(q.is(SOAP12_NS, "Receiver"));
        assert!(
            SoapVersion::Soap11
                .fault_code(FaultCode::DataEncodingUnknown)
                .is_none()
        );
        assert_eq!(SoapVersion::Soap12.to_string(), "SOAP 1.2");
    }

    #[test]
    fn fault_code_classification() {
        use FaultCode::*;
        let v11 = SoapVersion::Soap11;
        let v12 = SoapVersion::Soap12;
        assert_eq!(
            FaultCode::from_qname(v11, SOAP11_NS, "Client"),
            Some(Sender)
        );
        assert_eq!(
            FaultCode::from_qname(v11, SOAP11_NS, "Server.Db"),
            Some(Receiver)
        );
        assert_eq!(FaultCode::from_qname(v11, SOAP12_NS, "Client"), None);
        assert_eq!(FaultCode::from_qname(v11, SOAP11_NS, "Sender"), None);
        assert_eq!(
            FaultCode::from_qname(v12, SOAP12_NS, "Sender"),
            Some(Sender)
        );
        assert_eq!(
            FaultCode::from_qname(v12, SOAP12_NS, "DataEncodingUnknown"),
            Some(DataEncodingUnknown)
        );
        assert_eq!(FaultCode::from_qname(v12, SOAP12_NS, "Sender.X"), None);
    }

    #[test]
    fn booleans_per_version() {
        let at = Position::default();
        let v11 = SoapVersion::Soap11;
        let v12 = SoapVersion::Soap12;
        assert_eq!(parse_bool(v11, "mustUnderstand", "1", at), Ok(true));
        assert_eq!(parse_bool(v11, "mustUnderstand", " 0 ", at), Ok(false));
        assert!(parse_bool(v11, "mustUnderstand", "true", at).is_err());
        assert!(parse_bool(v11, "mustUnderstand", "", at).is_err());
        for (v, b) in [("true", true), ("1", true), ("false", false), ("0", false)] {
            assert_eq!(parse_bool(v12, "relay", v, at), Ok(b));
        }
        for v in ["TRUE", "yes", "2", "", "t rue"] {
            assert!(matches!(
                parse_bool(v12, "mustUnderstand", v, at),
                Err(EnvelopeError::InvalidBoolean {
                    attribute: "mustUnderstand",
                    ..
                })
            ));
        }
    }

    #[test]
    fn trimming_keeps_borrows() {
        let c = trim_cow(Cow::Borrowed("  a b \n"));
        assert!(matches!(c, Cow::Borrowed("a b")));
        let c = trim_cow(Cow::Owned(" x ".to_owned()));
        assert_eq!(c, "x");
        assert_eq!(trim_cow(Cow::Borrowed("   ")), "");
        assert!(is_xml_whitespace(" \t\r\n"));
        assert!(!is_xml_whitespace("\u{a0}"));
    }

    #[test]
    fn minimal_envelopes() {
        check(&env11("<soap:Body/>")).unwrap();
        check(&env12("<soap:Header/><soap:Body/>")).unwrap();
        check(&env12(
            "\n <!-- c --> <soap:Header> </soap:Header>\n<soap:Body> </soap:Body> ",
        ))
        .unwrap();
    }

    #[test]
    fn root_errors() {
        let e = check(r#"<soap:Body xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>"#);
        assert!(matches!(e, Err(EnvelopeError::NotAnEnvelope { .. })));
        let e = check("<Envelope><Body/></Envelope>");
        assert!(
            matches!(e, Err(EnvelopeError::VersionMismatch { ref namespace, .. }) if namespace.is_empty())
        );
        let e = check(r#"<e:Envelope xmlns:e="urn:other"><e:Body/></e:Envelope>"#);
        match e {
            Err(EnvelopeError::VersionMismatch { namespace, at }) => {
                assert_eq!(namespace, "urn:other");
                assert_eq!((at.line, at.column), (1, 1));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn structural_errors() {
        use EnvelopeError as E;
        for env in [env11, env12] {
            assert!(matches!(check(&env("")), Err(E::MissingBody { .. })));
            assert!(matches!(
                check(&env("<soap:Header/>")),
                Err(E::MissingBody { .. })
            ));
            assert!(matches!(
                check(&env("<soap:Header/><soap:Header/><soap:Body/>")),
                Err(E::DuplicateHeader { .. })
            ));
            assert!(matches!(
                check(&env("<soap:Body/><soap:Body/>")),
                Err(E::DuplicateBody { .. })
            ));
            assert!(matches!(
                check(&env("<soap:Body/><soap:Header/>")),
                Err(E::HeaderAfterBody { .. })
            ));
            assert!(matches!(
                check(&env(r#"<soap:Body/><x:T xmlns:x="urn:x"/>"#)),
                Err(E::ElementAfterBody { .. })
            ));
            assert!(matches!(
                check(&env(r#"<x:T xmlns:x="urn:x"/><soap:Body/>"#)),
                Err(E::UnexpectedElement {
                    parent: "Envelope",
                    ..
                })
            ));
            assert!(matches!(
                check(&env("<Body/>")),
                Err(E::UnexpectedElement {
                    parent: "Envelope",
                    ..
                })
            ));
            assert!(matches!(
                check(&env("text<soap:Body/>")),
                Err(E::TextNotAllowed {
                    parent: "Envelope",
                    ..
                })
            ));
            assert!(matches!(
                check(&env("<soap:Body/>tail")),
                Err(E::TextNotAllowed {
                    parent: "Envelope",
                    ..
                })
            ));
            assert!(matches!(
                check(&env("<soap:Header>x</soap:Header><soap:Body/>")),
                Err(E::TextNotAllowed {
                    parent: "Header",
                    ..
                })
            ));
            assert!(matches!(
                check(&env("<soap:Body>x<a/></soap:Body>")),
                Err(E::TextNotAllowed { parent: "Body", .. })
            ));
            assert!(matches!(
                check(&env("<soap:Header><h/></soap:Header><soap:Body/>")),
                Err(E::UnqualifiedHeaderBlock { .. })
            ));
            assert!(matches!(
                check(&env("<soap:Body><?pi data?></soap:Body>")),
                Err(E::ProcessingInstruction { ref target, .. }) if target == "pi"
            ));
        }
        // The other version's Body inside a 1.1 envelope is not a Body.
        let mixed = env11(r#"<s12:Body xmlns:s12="http://www.w3.org/2003/05/soap-envelope"/>"#);
        assert!(matches!(check(&mixed), Err(E::UnexpectedElement { .. })));
        // A PI before the document element is rejected too.
        let pi = format!("<?xml-stylesheet href='a'?>{}", env11("<soap:Body/>"));
        assert!(matches!(check(&pi), Err(E::ProcessingInstruction { .. })));
    }

    #[test]
    fn error_positions_are_exact() {
        let xml = env11("<soap:Body/>\n  <soap:Body/>");
        match check(&xml) {
            Err(e @ EnvelopeError::DuplicateBody { first, at }) => {
                assert_eq!((first.line, at.line, at.column), (1, 2, 3));
                assert_eq!(e.position(), at);
                assert!(e.to_string().contains("exactly one Body"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn header_attributes() {
        let xml = env12(
            r#"<soap:Header xmlns:h="urn:h" xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
                 <h:A soap:mustUnderstand="true" soap:role="urn:r" soap:relay="1" u:Id="a"/>
                 <h:B mustUnderstand="true" soap:actor="urn:ignored"/>
                 <h:A soap:mustUnderstand="0"/>
               </soap:Header><soap:Body/>"#,
        );
        let doc = Document::parse(&xml).unwrap();
        let env = Envelope::from_document(&doc).unwrap();
        let h = env.headers();
        assert_eq!(h.len(), 3);
        assert!(h[0].must_understand && h[0].relay);
        assert_eq!(h[0].role, Some("urn:r"));
        assert_eq!(h[0].wsu_id, Some("a"));
        // An unqualified mustUnderstand and a 1.1 actor mean nothing in a 1.2 envelope.
        assert!(!h[1].must_understand && h[1].role.is_none());
        assert!(env.find_header("urn:h", "B").is_some());
        assert_eq!(env.headers_named("urn:h", "A").count(), 2);
        assert!(matches!(
            env.single_header("urn:h", "A"),
            Err(EnvelopeError::DuplicateHeaderBlock { .. })
        ));
        assert!(env.single_header("urn:h", "B").unwrap().is_some());
        assert!(env.single_header("urn:h", "C").unwrap().is_none());

        let bad = env12(
            r#"<soap:Header><h:A xmlns:h="urn:h" soap:relay="yes"/></soap:Header><soap:Body/>"#,
        );
        assert!(matches!(
            check(&bad),
            Err(EnvelopeError::InvalidBoolean {
                attribute: "relay",
                ..
            })
        ));
        // SOAP 1.1 ignores relay but checks mustUnderstand strictly.
        check(&env11(
            r#"<soap:Header><h:A xmlns:h="urn:h" soap:relay="yes"/></soap:Header><soap:Body/>"#,
        ))
        .unwrap();
        let bad = env11(
            r#"<soap:Header><h:A xmlns:h="urn:h" soap:mustUnderstand="true"/></soap:Header><soap:Body/>"#,
        );
        assert!(matches!(
            check(&bad),
            Err(EnvelopeError::InvalidBoolean {
                attribute: "mustUnderstand",
                version: SoapVersion::Soap11,
                ..
            })
        ));
    }

    #[test]
    fn body_accessors() {
        let xml = env11(
            r#"<soap:Body xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" u:Id="b"> <m:Op xmlns:m="urn:m"/><m:Second xmlns:m="urn:m"/></soap:Body>"#,
        );
        let doc = Document::parse(&xml).unwrap();
        let env = Envelope::from_document(&doc).unwrap();
        let body = env.body();
        assert_eq!(body.wsu_id(), Some("b"));
        assert!(body.operation().unwrap().is("urn:m", "Op"));
        assert_eq!(body.entries().count(), 2);
        assert!(!body.is_fault() && !body.is_empty());
        assert_eq!(env.element().id(), doc.root().id());
        assert_eq!(
            body.element().parent_element().map(|p| p.id()),
            Some(doc.root().id())
        );

        let xml = env12("<soap:Body/>");
        let doc = Document::parse(&xml).unwrap();
        let env = Envelope::from_document(&doc).unwrap();
        assert!(env.body().is_empty() && env.operation().is_none() && env.fault().is_none());
    }

    #[test]
    fn content_qnames() {
        let doc = Document::parse(
            r#"<r xmlns="urn:default" xmlns:p="urn:p"><a> p:x </a><b>y</b><c>q:z</c><d>a:b:c</d><e>:x</e><f xmlns="">n</f><g>p:<!-- -->x</g></r>"#,
        )
        .unwrap();
        let kids: Vec<_> = doc.root().child_elements().collect();
        let v = SoapVersion::Soap11;
        let q = content_qname(v, kids[0]).unwrap();
        assert_eq!(
            (q.prefix.as_ref(), q.local.as_ref(), q.namespace),
            ("p", "x", "urn:p")
        );
        assert!(matches!(q.local, Cow::Borrowed(_)));
        assert_eq!(q.to_string(), "{urn:p}x");
        let q = content_qname(v, kids[1]).unwrap();
        assert!(q.is("urn:default", "y"));
        assert!(matches!(
            content_qname(v, kids[2]),
            Err(EnvelopeError::UnresolvedPrefix { .. })
        ));
        assert!(matches!(
            content_qname(v, kids[3]),
            Err(EnvelopeError::InvalidQName { .. })
        ));
        assert!(matches!(
            content_qname(v, kids[4]),
            Err(EnvelopeError::InvalidQName { .. })
        ));
        let q = content_qname(v, kids[5]).unwrap();
        assert!(q.is("", "n"));
        assert_eq!(q.to_string(), "n");
        // Text split by a comment is concatenated, never truncated (attack class G).
        assert!(content_qname(v, kids[6]).unwrap().is("urn:p", "x"));
    }

    #[test]
    fn fault11_shape() {
        let xml = env11(
            r#"<soap:Body><soap:Fault><faultcode>soap:Client.Auth</faultcode><faultstring xml:lang="en">no</faultstring><detail><x/></detail></soap:Fault></soap:Body>"#,
        );
        let doc = Document::parse(&xml).unwrap();
        let env = Envelope::from_document(&doc).unwrap();
        let f = env.fault().unwrap();
        assert!(f.code.is(SOAP11_NS, "Client.Auth"));
        assert_eq!(f.standard_code(), Some(FaultCode::Sender));
        assert_eq!(f.reason(), "no");
        assert_eq!(f.reasons[0].lang, Some("en"));
        assert!(f.node.is_none() && f.role.is_none() && f.subcodes.is_empty());
        assert!(f.detail_id().is_some());
        assert!(env.body().operation().unwrap().is(SOAP11_NS, "Fault"));

        let bad = |inner: &str| {
            check(&env11(&format!(
                "<soap:Body><soap:Fault>{inner}</soap:Fault></soap:Body>"
            )))
        };
        use EnvelopeError as E;
        assert!(matches!(
            bad("<faultstring>x</faultstring>"),
            Err(E::InvalidFault {
                rule: "faultcode is required",
                ..
            })
        ));
        assert!(matches!(
            bad("<faultcode>soap:Server</faultcode>"),
            Err(E::InvalidFault {
                rule: "faultstring is required",
                ..
            })
        ));
        assert!(matches!(
            bad("<faultstring>x</faultstring><faultcode>soap:Server</faultcode>"),
            Err(E::InvalidFault { .. })
        ));
        assert!(matches!(
            bad(
                "<faultcode>soap:Server</faultcode><faultcode>soap:Server</faultcode><faultstring/>"
            ),
            Err(E::InvalidFault { .. })
        ));
        assert!(matches!(
            bad("<soap:faultcode>soap:Server</soap:faultcode><faultstring/>"),
            Err(E::UnexpectedElement {
                parent: "Fault",
                ..
            })
        ));
        assert!(matches!(
            bad("<faultcode>x:Server</faultcode><faultstring/>"),
            Err(E::UnresolvedPrefix { .. })
        ));
        assert!(matches!(
            bad("<faultcode><b/></faultcode><faultstring/>"),
            Err(E::InvalidFault { .. })
        ));
        assert!(matches!(
            bad("oops<faultcode>soap:Server</faultcode><faultstring/>"),
            Err(E::TextNotAllowed {
                parent: "Fault",
                ..
            })
        ));
        // A Fault must be alone in the Body, wherever it is.
        let two = env11(
            "<soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring/></soap:Fault><a/></soap:Body>",
        );
        assert!(matches!(check(&two), Err(E::FaultNotAlone { .. })));
        let two = env11(
            "<soap:Body><a/><soap:Fault><faultcode>soap:Server</faultcode><faultstring/></soap:Fault></soap:Body>",
        );
        assert!(matches!(check(&two), Err(E::FaultNotAlone { .. })));
    }

    #[test]
    fn fault12_shape() {
        let xml = env12(
            r#"<soap:Body><soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">r</soap:Text></soap:Reason></soap:Fault></soap:Body>"#,
        );
        let doc = Document::parse(&xml).unwrap();
        let env = Envelope::from_document(&doc).unwrap();
        let f = env.fault().unwrap();
        assert_eq!(f.standard_code(), Some(FaultCode::Receiver));
        assert!(f.subcodes.is_empty() && f.detail.is_none());

        let bad = |inner: &str| {
            check(&env12(&format!(
                "<soap:Body><soap:Fault>{inner}</soap:Fault></soap:Body>"
            )))
        };
        let code = "<soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code>";
        let reason = r#"<soap:Reason><soap:Text xml:lang="en">r</soap:Text></soap:Reason>"#;
        use EnvelopeError as E;
        assert!(matches!(
            bad(reason),
            Err(E::InvalidFault {
                rule: "Code is required",
                ..
            })
        ));
        assert!(matches!(
            bad(code),
            Err(E::InvalidFault {
                rule: "Reason is required",
                ..
            })
        ));
        assert!(matches!(
            bad(&format!("{reason}{code}")),
            Err(E::InvalidFault { .. })
        ));
        assert!(matches!(
            bad(&format!(
                "<soap:Code><soap:Value>soap:Client</soap:Value></soap:Code>{reason}"
            )),
            Err(E::InvalidFault { .. })
        ));
        assert!(matches!(
            bad(&format!(
                "<soap:Code><soap:Subcode><soap:Value>soap:Sender</soap:Value></soap:Subcode></soap:Code>{reason}"
            )),
            Err(E::InvalidFault {
                rule: "Code and Subcode start with a Value",
                ..
            })
        ));
        assert!(matches!(
            bad(&format!(
                "<soap:Code><soap:Value>soap:Sender</soap:Value><soap:Value>soap:Sender</soap:Value></soap:Code>{reason}"
            )),
            Err(E::UnexpectedElement { parent: "Code", .. })
        ));
        assert!(matches!(
            bad(&format!(
                "{code}<soap:Reason><soap:Text>r</soap:Text></soap:Reason>"
            )),
            Err(E::InvalidFault {
                rule: "Reason/Text requires xml:lang",
                ..
            })
        ));
        assert!(matches!(
            bad(&format!("{code}<soap:Reason/>")),
            Err(E::InvalidFault {
                rule: "Reason needs at least one Text",
                ..
            })
        ));
        assert!(matches!(
            bad(&format!("{code}<soap:Reason><x/></soap:Reason>")),
            Err(E::UnexpectedElement {
                parent: "Reason",
                ..
            })
        ));
        assert!(matches!(
            bad(&format!("{code}{reason}<faultstring/>")),
            Err(E::UnexpectedElement {
                parent: "Fault",
                ..
            })
        ));
        assert!(matches!(
            bad(&format!(
                "{code}{reason}<soap:Detail/><soap:Node>n</soap:Node>"
            )),
            Err(E::InvalidFault { .. })
        ));
        assert!(matches!(
            bad(&format!(
                "<soap:Code><soap:Value>soap:Sender</soap:Value><soap:Subcode><soap:Value>x:y</soap:Value></soap:Subcode></soap:Code>{reason}"
            )),
            Err(E::UnresolvedPrefix { .. })
        ));
    }

    #[test]
    fn deep_subcode_chain_is_iterative() {
        let depth = 100; // within the default depth limit (128)
        let mut code = String::from("<soap:Code><soap:Value>soap:Sender</soap:Value>");
        for i in 0..depth {
            code.push_str(&format!(
                "<soap:Subcode><soap:Value xmlns:e=\"urn:e\">e:c{i}</soap:Value>"
            ));
        }
        for _ in 0..depth {
            code.push_str("</soap:Subcode>");
        }
        code.push_str("</soap:Code>");
        let xml = env12(&format!(
            r#"<soap:Body><soap:Fault>{code}<soap:Reason><soap:Text xml:lang="en">r</soap:Text></soap:Reason></soap:Fault></soap:Body>"#
        ));
        let doc = Document::parse(&xml).unwrap();
        let env = Envelope::from_document(&doc).unwrap();
        let f = env.fault().unwrap();
        assert_eq!(f.subcodes.len(), depth);
        assert!(f.subcodes[depth - 1].is("urn:e", &format!("c{}", depth - 1)));
    }

    #[test]
    fn parse_convenience() {
        let op = Envelope::parse(
            &env11(r#"<soap:Body><m:Op xmlns:m="urn:m"/></soap:Body>"#),
            |e| e.operation().map(|q| q.local.to_owned()),
        )
        .unwrap();
        assert_eq!(op.as_deref(), Some("Op"));
        assert!(matches!(
            Envelope::parse("<a>", |_| ()),
            Err(crate::Error::Xml(_))
        ));
        assert!(matches!(
            Envelope::parse("<a/>", |_| ()),
            Err(crate::Error::Envelope(EnvelopeError::NotAnEnvelope { .. }))
        ));
    }
}
