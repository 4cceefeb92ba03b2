//! WS-Addressing message headers (1.0 and the 2004/08 submission) read from an [`Envelope`].
//!
//! Only header blocks (direct children of `/Envelope/Header`) are considered. Each value comes
//! with the element it was read from, so the inbound pipeline can check that exactly those
//! nodes were signed (WCF signs To, From, FaultTo, ReplyTo, MessageID, RelatesTo and Action on
//! every message, and attack class N: an unsigned `wsa:Action` must never choose the
//! operation).
//!
//! ```
//! use soapsec::addressing::{AddressingHeaders, AddressingVersion};
//! use soapsec::envelope::Envelope;
//! use soapsec::xml::Document;
//!
//! let doc = Document::parse(
//!     r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"
//!                    xmlns:a="http://www.w3.org/2005/08/addressing">
//!          <s:Header><a:Action s:mustUnderstand="1">urn:echo</a:Action></s:Header>
//!          <s:Body/>
//!        </s:Envelope>"#,
//! )
//! .unwrap();
//! let env = Envelope::from_document(&doc).unwrap();
//! let wsa = AddressingHeaders::from_envelope(&env).unwrap().unwrap();
//! assert_eq!(wsa.version, AddressingVersion::Wsa10);
//! assert_eq!(wsa.action.unwrap().value, "urn:echo");
//! ```
//!
//! # Rules enforced
//!
//! - All WS-Addressing header blocks are in one version's namespace
//!   ([`EnvelopeError::MixedAddressingVersions`]).
//! - Action, To, MessageID, ReplyTo, FaultTo and From appear at most once
//!   ([`EnvelopeError::DuplicateAddressingHeader`]); RelatesTo may repeat.
//! - Action, To, MessageID, RelatesTo and Address hold non-empty text and no elements.
//! - An endpoint reference (ReplyTo, FaultTo, From) starts with exactly one `wsa:Address`.
//!
//! Other header blocks in a WS-Addressing namespace (such as `wsa:FaultDetail`) are ignored,
//! except that they count when checking for mixed versions.

use crate::envelope::{Envelope, EnvelopeError, trim_cow};
use crate::xml::{Element, NodeId, NodeKind};
use std::borrow::Cow;

/// The WS-Addressing 1.0 namespace.
pub const WSA10_NS: &str = "http://www.w3.org/2005/08/addressing";
/// The WS-Addressing 2004/08 (member submission) namespace.
pub const WSA200408_NS: &str = "http://schemas.xmlsoap.org/ws/2004/08/addressing";

/// A WS-Addressing version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AddressingVersion {
    /// WS-Addressing 1.0 (W3C Recommendation, 2006), namespace [`WSA10_NS`].
    Wsa10,
    /// WS-Addressing member submission of August 2004, namespace [`WSA200408_NS`].
    Wsa200408,
}

impl AddressingVersion {
    /// The version whose namespace is `namespace`, if any.
    pub fn from_namespace(namespace: &str) -> Option<AddressingVersion> {
        match namespace {
            WSA10_NS => Some(AddressingVersion::Wsa10),
            WSA200408_NS => Some(AddressingVersion::Wsa200408),
            _ => None,
        }
    }
    /// The namespace of the headers.
    pub const fn namespace(self) -> &'static str {
        match self {
            AddressingVersion::Wsa10 => WSA10_NS,
            AddressingVersion::Wsa200408 => WSA200408_NS,
        }
    }
    /// The anonymous address ("reply on the back-channel").
    pub const fn anonymous(self) -> &'static str {
        match self {
            AddressingVersion::Wsa10 => "http://www.w3.org/2005/08/addressing/anonymous",
            AddressingVersion::Wsa200408 => {
                "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
            }
        }
    }
    /// The default relationship of a `RelatesTo` without `RelationshipType`: the IRI
    /// `…/addressing/reply` in 1.0. In 2004/08 the default is the QName `wsa:Reply`; it is
    /// given here as the namespace and the local name joined by `/`. A 2004/08
    /// `RelationshipType` is a QName, so compare it after resolving its prefix.
    pub const fn reply_relationship(self) -> &'static str {
        match self {
            AddressingVersion::Wsa10 => "http://www.w3.org/2005/08/addressing/reply",
            AddressingVersion::Wsa200408 => {
                "http://schemas.xmlsoap.org/ws/2004/08/addressing/Reply"
            }
        }
    }
}

/// The message addressing headers this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressingHeader {
    /// `wsa:Action`.
    Action,
    /// `wsa:To`.
    To,
    /// `wsa:MessageID`.
    MessageId,
    /// `wsa:RelatesTo`.
    RelatesTo,
    /// `wsa:ReplyTo`.
    ReplyTo,
    /// `wsa:FaultTo`.
    FaultTo,
    /// `wsa:From`.
    From,
}

impl AddressingHeader {
    /// Every header, in the order WCF lists them.
    pub const ALL: [AddressingHeader; 7] = [
        AddressingHeader::To,
        AddressingHeader::From,
        AddressingHeader::FaultTo,
        AddressingHeader::ReplyTo,
        AddressingHeader::MessageId,
        AddressingHeader::RelatesTo,
        AddressingHeader::Action,
    ];
    /// The element's local name.
    pub const fn local_name(self) -> &'static str {
        match self {
            AddressingHeader::Action => "Action",
            AddressingHeader::To => "To",
            AddressingHeader::MessageId => "MessageID",
            AddressingHeader::RelatesTo => "RelatesTo",
            AddressingHeader::ReplyTo => "ReplyTo",
            AddressingHeader::FaultTo => "FaultTo",
            AddressingHeader::From => "From",
        }
    }
    /// The header with this local name, if any.
    pub fn from_local_name(local: &str) -> Option<AddressingHeader> {
        Self::ALL.into_iter().find(|h| h.local_name() == local)
    }
}

/// A header whose content is one URI (Action, To, MessageID).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AddressingValue<'d> {
    /// The value, whitespace-trimmed, all text children concatenated.
    pub value: Cow<'d, str>,
    /// The header block element (check that this node is signed).
    pub element: Element<'d>,
}

impl AddressingValue<'_> {
    /// The header block's node identity.
    pub fn id(&self) -> NodeId {
        self.element.id()
    }
}

/// A `wsa:RelatesTo` header.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RelatesTo<'d> {
    /// The related message's ID.
    pub value: Cow<'d, str>,
    /// The `RelationshipType` attribute as written (`None`: the default, see
    /// [`AddressingVersion::reply_relationship`]).
    pub relationship_type: Option<&'d str>,
    /// The header block element.
    pub element: Element<'d>,
}

impl RelatesTo<'_> {
    /// The header block's node identity.
    pub fn id(&self) -> NodeId {
        self.element.id()
    }
}

/// An endpoint reference header (ReplyTo, FaultTo, From).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EndpointReference<'d> {
    /// The header block element.
    pub element: Element<'d>,
    /// The `wsa:Address` value, whitespace-trimmed.
    pub address: Cow<'d, str>,
    /// The `wsa:Address` element (the first child element of the header block).
    pub address_element: Element<'d>,
    /// The `wsa:ReferenceParameters` element, if any.
    pub reference_parameters: Option<Element<'d>>,
}

impl EndpointReference<'_> {
    /// The header block's node identity.
    pub fn id(&self) -> NodeId {
        self.element.id()
    }
}

/// The WS-Addressing headers of one message.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AddressingHeaders<'d> {
    /// The version all headers belong to.
    pub version: AddressingVersion,
    /// `wsa:Action`.
    pub action: Option<AddressingValue<'d>>,
    /// `wsa:To`.
    pub to: Option<AddressingValue<'d>>,
    /// `wsa:MessageID`.
    pub message_id: Option<AddressingValue<'d>>,
    /// Every `wsa:RelatesTo`, in order.
    pub relates_to: Vec<RelatesTo<'d>>,
    /// `wsa:ReplyTo`.
    pub reply_to: Option<EndpointReference<'d>>,
    /// `wsa:FaultTo`.
    pub fault_to: Option<EndpointReference<'d>>,
    /// `wsa:From`.
    pub from: Option<EndpointReference<'d>>,
}

impl<'d> AddressingHeaders<'d> {
    /// Read the WS-Addressing headers from the header blocks of `envelope`; `Ok(None)` if
    /// there are none in either namespace.
    pub fn from_envelope(
        envelope: &Envelope<'d>,
    ) -> Result<Option<AddressingHeaders<'d>>, EnvelopeError> {
        let mut first: Option<(AddressingVersion, Element<'d>)> = None;
        for block in envelope.headers() {
            let Some(v) = AddressingVersion::from_namespace(block.qname.namespace) else {
                continue;
            };
            match first {
                None => first = Some((v, block.element)),
                Some((f, _)) if f != v => {
                    return Err(EnvelopeError::MixedAddressingVersions {
                        first: f.namespace(),
                        second: v.namespace(),
                        at: block.element.position(),
                    });
                }
                Some(_) => {}
            }
        }
        let Some((version, _)) = first else {
            return Ok(None);
        };
        let ns = version.namespace();
        let mut out = AddressingHeaders {
            version,
            action: None,
            to: None,
            message_id: None,
            relates_to: Vec::new(),
            reply_to: None,
            fault_to: None,
            from: None,
        };
        for block in envelope.headers() {
            if block.qname.namespace != ns {
                continue;
            }
            let el = block.element;
            let Some(kind) = AddressingHeader::from_local_name(block.qname.local) else {
                continue;
            };
            let name = kind.local_name();
            match kind {
                AddressingHeader::Action | AddressingHeader::To | AddressingHeader::MessageId => {
                    let slot = match kind {
                        AddressingHeader::Action => &mut out.action,
                        AddressingHeader::To => &mut out.to,
                        _ => &mut out.message_id,
                    };
                    if let Some(prev) = slot {
                        return Err(duplicate(name, prev.element, el));
                    }
                    *slot = Some(AddressingValue {
                        value: uri_text(name, el)?,
                        element: el,
                    });
                }
                AddressingHeader::RelatesTo => out.relates_to.push(RelatesTo {
                    value: uri_text(name, el)?,
                    relationship_type: el.attribute("", "RelationshipType"),
                    element: el,
                }),
                AddressingHeader::ReplyTo | AddressingHeader::FaultTo | AddressingHeader::From => {
                    let slot = match kind {
                        AddressingHeader::ReplyTo => &mut out.reply_to,
                        AddressingHeader::FaultTo => &mut out.fault_to,
                        _ => &mut out.from,
                    };
                    if let Some(prev) = slot {
                        return Err(duplicate(name, prev.element, el));
                    }
                    *slot = Some(endpoint_reference(ns, name, el)?);
                }
            }
        }
        Ok(Some(out))
    }

    /// Every header this value was read from, with its node identity, in document order: the
    /// nodes the pipeline must find among the verified (signed) ones.
    pub fn header_ids(&self) -> Vec<(AddressingHeader, NodeId)> {
        let mut v: Vec<(AddressingHeader, NodeId)> = Vec::new();
        let single = [
            (
                AddressingHeader::Action,
                self.action.as_ref().map(|a| a.id()),
            ),
            (AddressingHeader::To, self.to.as_ref().map(|a| a.id())),
            (
                AddressingHeader::MessageId,
                self.message_id.as_ref().map(|a| a.id()),
            ),
            (
                AddressingHeader::ReplyTo,
                self.reply_to.as_ref().map(|a| a.id()),
            ),
            (
                AddressingHeader::FaultTo,
                self.fault_to.as_ref().map(|a| a.id()),
            ),
            (AddressingHeader::From, self.from.as_ref().map(|a| a.id())),
        ];
        v.extend(
            single
                .into_iter()
                .filter_map(|(k, id)| id.map(|id| (k, id))),
        );
        v.extend(
            self.relates_to
                .iter()
                .map(|r| (AddressingHeader::RelatesTo, r.id())),
        );
        v.sort_by_key(|&(_, id)| id);
        v
    }
}

fn duplicate(name: &'static str, first: Element<'_>, second: Element<'_>) -> EnvelopeError {
    EnvelopeError::DuplicateAddressingHeader {
        name,
        first: first.position(),
        at: second.position(),
    }
}

/// Non-empty trimmed text of an element with no child elements.
fn uri_text<'d>(name: &'static str, el: Element<'d>) -> Result<Cow<'d, str>, EnvelopeError> {
    let invalid = |rule| EnvelopeError::InvalidAddressingHeader {
        name,
        rule,
        at: el.position(),
    };
    if el.first_child_element().is_some() {
        return Err(invalid("the value must be text, without child elements"));
    }
    let v = trim_cow(el.text());
    if v.is_empty() {
        return Err(invalid("the value must not be empty"));
    }
    Ok(v)
}

fn endpoint_reference<'d>(
    ns: &str,
    name: &'static str,
    el: Element<'d>,
) -> Result<EndpointReference<'d>, EnvelopeError> {
    let invalid = |rule, at: Element<'_>| EnvelopeError::InvalidAddressingHeader {
        name,
        rule,
        at: at.position(),
    };
    let mut address = None;
    let mut params = None;
    for node in el.children() {
        if node.kind() == NodeKind::Text {
            if !crate::envelope::is_xml_whitespace(node.text()) {
                return Err(EnvelopeError::InvalidAddressingHeader {
                    name,
                    rule: "an endpoint reference holds elements, not character data",
                    at: node.position(),
                });
            }
            continue;
        }
        let Some(child) = node.as_element() else {
            continue;
        };
        if address.is_none() {
            if !child.is(ns, "Address") {
                return Err(invalid(
                    "an endpoint reference must start with wsa:Address",
                    child,
                ));
            }
            address = Some(child);
        } else if child.is(ns, "Address") {
            return Err(invalid(
                "an endpoint reference has exactly one wsa:Address",
                child,
            ));
        } else if child.is(ns, "ReferenceParameters") {
            if params.is_some() {
                return Err(invalid(
                    "an endpoint reference has at most one wsa:ReferenceParameters",
                    child,
                ));
            }
            params = Some(child);
        }
    }
    let Some(address_element) = address else {
        return Err(invalid(
            "an endpoint reference must contain wsa:Address",
            el,
        ));
    };
    Ok(EndpointReference {
        element: el,
        address: uri_text(name, address_element)?,
        address_element,
        reference_parameters: params,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::Document;

    fn with_headers(ns: &str, headers: &str) -> String {
        format!(
            r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="{ns}"><s:Header>{headers}</s:Header><s:Body/></s:Envelope>"#
        )
    }

    fn read(xml: &str) -> Result<Option<usize>, EnvelopeError> {
        let doc = Document::parse(xml).expect("well-formed test input");
        let env = Envelope::from_document(&doc)?;
        Ok(AddressingHeaders::from_envelope(&env)?.map(|h| h.header_ids().len()))
    }

    #[test]
    fn version_helpers() {
        assert_eq!(
            AddressingVersion::from_namespace(WSA10_NS),
            Some(AddressingVersion::Wsa10)
        );
        assert_eq!(
            AddressingVersion::from_namespace(WSA200408_NS),
            Some(AddressingVersion::Wsa200408)
        );
        assert_eq!(AddressingVersion::from_namespace("urn:x"), None);
        assert!(AddressingVersion::Wsa10.anonymous().starts_with(WSA10_NS));
        assert!(
            AddressingVersion::Wsa200408
                .anonymous()
                .starts_with(WSA200408_NS)
        );
        assert!(
            AddressingVersion::Wsa10
                .reply_relationship()
                .starts_with(WSA10_NS)
        );
        for h in AddressingHeader::ALL {
            assert_eq!(AddressingHeader::from_local_name(h.local_name()), Some(h));
        }
        assert_eq!(AddressingHeader::from_local_name("Address"), None);
    }

    #[test]
    fn none_when_absent() {
        let xml = with_headers(WSA10_NS, r#"<x:Y xmlns:x="urn:x"/>"#);
        assert_eq!(read(&xml), Ok(None));
        // Nested WS-Addressing elements are not header blocks.
        let xml = with_headers(
            WSA10_NS,
            r#"<x:Y xmlns:x="urn:x"><a:Action>urn:evil</a:Action></x:Y>"#,
        );
        assert_eq!(read(&xml), Ok(None));
    }

    #[test]
    fn unknown_wsa_headers_are_ignored() {
        let xml = with_headers(WSA10_NS, "<a:FaultDetail/><a:Action>urn:a</a:Action>");
        assert_eq!(read(&xml), Ok(Some(1)));
    }

    #[test]
    fn duplicates_rejected_except_relates_to() {
        for h in ["Action", "To", "MessageID"] {
            let xml = with_headers(
                WSA10_NS,
                &format!("<a:{h}>urn:1</a:{h}><a:{h}>urn:2</a:{h}>"),
            );
            match read(&xml) {
                Err(EnvelopeError::DuplicateAddressingHeader { name, first, at }) => {
                    assert_eq!(name, h);
                    assert!(first.offset < at.offset);
                }
                other => panic!("{h}: {other:?}"),
            }
        }
        for h in ["ReplyTo", "FaultTo", "From"] {
            let epr = format!("<a:{h}><a:Address>urn:x</a:Address></a:{h}>");
            let xml = with_headers(WSA10_NS, &format!("{epr}{epr}"));
            assert!(matches!(
                read(&xml),
                Err(EnvelopeError::DuplicateAddressingHeader { name, .. }) if name == h
            ));
        }
        let xml = with_headers(
            WSA10_NS,
            "<a:RelatesTo>urn:1</a:RelatesTo><a:RelatesTo>urn:2</a:RelatesTo>",
        );
        assert_eq!(read(&xml), Ok(Some(2)));
    }

    #[test]
    fn mixed_versions_rejected() {
        let xml = with_headers(
            WSA10_NS,
            &format!(r#"<a:Action>urn:a</a:Action><b:To xmlns:b="{WSA200408_NS}">urn:t</b:To>"#),
        );
        assert!(matches!(
            read(&xml),
            Err(EnvelopeError::MixedAddressingVersions {
                first: WSA10_NS,
                second: WSA200408_NS,
                ..
            })
        ));
    }

    #[test]
    fn value_rules() {
        use EnvelopeError::InvalidAddressingHeader as I;
        let cases = [
            ("<a:Action/>", "Action"),
            ("<a:To>  </a:To>", "To"),
            ("<a:MessageID><x/></a:MessageID>", "MessageID"),
            ("<a:RelatesTo/>", "RelatesTo"),
            ("<a:ReplyTo/>", "ReplyTo"),
            (
                "<a:ReplyTo>text<a:Address>urn:x</a:Address></a:ReplyTo>",
                "ReplyTo",
            ),
            (
                "<a:From><a:ReferenceParameters/><a:Address>urn:x</a:Address></a:From>",
                "From",
            ),
            (
                "<a:FaultTo><a:Address>urn:x</a:Address><a:Address>urn:y</a:Address></a:FaultTo>",
                "FaultTo",
            ),
            ("<a:FaultTo><a:Address/></a:FaultTo>", "FaultTo"),
            (
                "<a:FaultTo><a:Address>u</a:Address><a:ReferenceParameters/><a:ReferenceParameters/></a:FaultTo>",
                "FaultTo",
            ),
        ];
        for (headers, name) in cases {
            let xml = with_headers(WSA10_NS, headers);
            match read(&xml) {
                Err(I { name: n, .. }) => assert_eq!(n, name, "{headers}"),
                other => panic!("{headers}: {other:?}"),
            }
        }
    }

    #[test]
    fn values_and_nodes() {
        let xml = with_headers(
            WSA10_NS,
            r#"<a:To> urn:to </a:To><a:Action>urn:<!-- split -->act</a:Action><a:RelatesTo RelationshipType="urn:rel">urn:m</a:RelatesTo><a:ReplyTo><a:Address>urn:r</a:Address><a:ReferenceParameters><p/></a:ReferenceParameters></a:ReplyTo>"#,
        );
        let doc = Document::parse(&xml).unwrap();
        let env = Envelope::from_document(&doc).unwrap();
        let h = AddressingHeaders::from_envelope(&env).unwrap().unwrap();
        assert_eq!(h.to.as_ref().unwrap().value, "urn:to");
        assert!(matches!(h.to.as_ref().unwrap().value, Cow::Borrowed(_)));
        // The comment does not truncate the value (attack class G).
        assert_eq!(h.action.as_ref().unwrap().value, "urn:act");
        assert_eq!(h.relates_to[0].relationship_type, Some("urn:rel"));
        let r = h.reply_to.as_ref().unwrap();
        assert_eq!(r.address, "urn:r");
        assert!(r.reference_parameters.is_some());
        assert_eq!(
            r.address_element.parent_element().map(|p| p.id()),
            Some(r.id())
        );
        let ids = h.header_ids();
        let kinds: Vec<_> = ids.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                AddressingHeader::To,
                AddressingHeader::Action,
                AddressingHeader::RelatesTo,
                AddressingHeader::ReplyTo
            ]
        );
        for (k, id) in ids {
            let el = doc.element(id).unwrap();
            assert!(el.is(WSA10_NS, k.local_name()));
            assert_eq!(
                el.parent_element().map(|p| p.id()),
                env.header().map(|h| h.id())
            );
        }
    }
}
