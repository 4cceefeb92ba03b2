//! The key-less survey: structure and claims, read by position from one bounded parse.

use super::{
    AddressingInfo, BodyContent, BodyInfo, CertificateInfo, DataReferenceInfo, EncryptedDataInfo,
    HeaderInfo, HeaderKind, InspectError, Inspection, ItemDetail, Name, PartReport, SCHEMA,
    SecurityInfo, SecurityItem, SignatureReferenceInfo, TokenRefInfo,
};
use crate::addressing::AddressingVersion;
use crate::envelope::{Envelope, HeaderBlock, SoapVersion};
use crate::keys::Certificate;
use crate::pipeline::timestamp::{self, format_utc};
use crate::token::{BinarySecurityToken, KeyIdentifier, SecurityTokenReference, TokenReference};
use crate::xml::{DSIG_NS, Document, Element, ParseOptions, WSSE11_NS, WSU_NS, XENC_NS};

/// The WS-Security 1.0 namespace.
pub(crate) const WSSE_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Settings of a survey.
#[derive(Debug, Clone, Default)]
pub struct SurveyOptions {
    /// Parse limits (default: the library's secure defaults).
    pub parse: ParseOptions,
    /// The time to judge timestamps and certificates against, unix seconds.
    pub at: i64,
    /// Certificates known to the caller, with a label each (e.g. the file name), so that
    /// references by SKI, thumbprint or issuer/serial can be named.
    pub known_certificates: Vec<(String, Certificate)>,
}

/// Inspect a message without keys: structure and claims only.
///
/// # Errors
/// [`InspectError`] when the bytes are not XML within `options.parse` or not a SOAP envelope.
pub fn inspect(message: &[u8], options: &SurveyOptions) -> Result<Inspection, InspectError> {
    let doc = Document::parse_bytes(message, &options.parse)?;
    let env = Envelope::from_document(&doc)?;
    Ok(survey(&doc, &env, message.len(), options))
}

/// Inspect a message and verify it with `keys`, from one parse: [`inspect`] followed by
/// [`Inspection::verify_with`] without reading the bytes twice.
///
/// # Errors
/// As [`inspect`].
pub fn inspect_with_keys(
    message: &[u8],
    options: &SurveyOptions,
    keys: &crate::token::KeyStore,
    verify: &super::VerifyOptions,
) -> Result<Inspection, InspectError> {
    let doc = Document::parse_bytes(message, &options.parse)?;
    let env = Envelope::from_document(&doc)?;
    let mut inspection = survey(&doc, &env, message.len(), options);
    inspection.verify_parsed(&doc, &env, options, keys, verify);
    Ok(inspection)
}

/// Inspect a message with keys and a contract, from one parse: the inbound pipeline gives the
/// verdict (and, when it accepts, the part statuses); a refused message is diagnosed on the
/// document the survey read. As [`inspect`] followed by
/// [`Inspection::verify_and_overlay`]; `overlay` builds the overlay's options from the survey
/// (to infer the direction from what the message holds, say).
///
/// # Errors
/// As [`inspect`].
pub fn inspect_with_contract<'o>(
    message: &[u8],
    options: &SurveyOptions,
    verify: &super::VerifyOptions,
    overlay: impl FnOnce(&Inspection) -> super::OverlayOptions<'o>,
    keys: &crate::token::KeyStore,
    inbound: &crate::pipeline::InboundOptions,
) -> Result<Inspection, InspectError> {
    let doc = Document::parse_bytes(message, &options.parse)?;
    let env = Envelope::from_document(&doc)?;
    let mut inspection = survey(&doc, &env, message.len(), options);
    let overlay = overlay(&inspection);
    inspection.verify_and_overlay_then(message, verify, &overlay, keys, inbound, |i| {
        i.verify_parsed(&doc, &env, options, keys, verify);
    });
    Ok(inspection)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn name_of(e: Element<'_>) -> Name {
    Name {
        namespace: e.namespace().to_owned(),
        local: e.local_name().to_owned(),
        prefix: e.prefix().to_owned(),
    }
}

/// The element's path (see [`Element::path`]).
pub(crate) fn path(e: Element<'_>) -> String {
    e.path()
}

fn other_ids(e: Element<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(v) = e.attribute("", "Id") {
        out.push(format!("Id={v}"));
    }
    if let Some(v) = e.attribute(XML_NS, "id") {
        out.push(format!("xml:id={v}"));
    }
    out
}

fn algorithm_of(e: Element<'_>, ns: &str, local: &str) -> Option<String> {
    e.child_elements()
        .find(|c| c.is(ns, local))
        .and_then(|c| c.attribute("", "Algorithm"))
        .map(str::to_owned)
}

fn child<'d>(e: Element<'d>, ns: &str, local: &str) -> Option<Element<'d>> {
    e.child_elements().find(|c| c.is(ns, local))
}

pub(crate) fn certificate_info(c: &Certificate, at: i64) -> CertificateInfo {
    let validity = if at < c.not_before() {
        "not-yet-valid"
    } else if at > c.not_after() {
        "expired"
    } else {
        "valid"
    };
    CertificateInfo {
        subject: c.subject().to_owned(),
        issuer: c.issuer().to_owned(),
        serial: c.serial_decimal().to_owned(),
        not_before: format_utc(c.not_before()),
        not_after: format_utc(c.not_after()),
        validity: validity.to_owned(),
        sha1: hex(c.sha1_thumbprint()),
        sha256: hex(c.sha256_thumbprint()),
        ski: hex(c.ski_or_computed()),
        key: c
            .public_key()
            .map_or_else(|e| format!("unreadable ({e})"), |k| k.kind().to_string()),
    }
}

/// The certificates this message carries in BSTs, with their paths.
fn message_certificates(doc: &Document<'_>) -> Vec<(String, Certificate)> {
    doc.elements()
        .filter(|e| e.is(WSSE_NS, "BinarySecurityToken"))
        .take(64)
        .filter_map(|e| {
            BinarySecurityToken::from_element(e).ok().map(|b| {
                (
                    format!("BinarySecurityToken at {}", path(e)),
                    b.into_certificate(),
                )
            })
        })
        .collect()
}

fn describe_element(doc: &Document<'_>, id: &str) -> Option<String> {
    let el = doc.element_by_id(id)?;
    let what = if el.is(WSSE_NS, "BinarySecurityToken") {
        match BinarySecurityToken::from_element(el) {
            Ok(b) => format!("BinarySecurityToken ({})", b.certificate().subject()),
            Err(e) => format!("BinarySecurityToken (unreadable: {e})"),
        }
    } else {
        el.qname().to_owned()
    };
    Some(format!("{what} at {}", path(el)))
}

pub(crate) fn token_ref(
    doc: &Document<'_>,
    r: &TokenReference,
    certs: &[(String, Certificate)],
) -> TokenRefInfo {
    let find = |pred: &dyn Fn(&Certificate) -> bool| {
        certs
            .iter()
            .find(|(_, c)| pred(c))
            .map(|(label, c)| format!("{} ({label})", c.subject()))
    };
    match r {
        TokenReference::Direct { id, .. } => TokenRefInfo {
            kind: "direct".into(),
            value: format!("#{id}"),
            resolves_to: Some(
                describe_element(doc, id)
                    .unwrap_or_else(|| "nothing in this message (unresolved)".into()),
            ),
        },
        TokenReference::KeyIdentifier(KeyIdentifier::SubjectKeyIdentifier(ski)) => TokenRefInfo {
            kind: "ski".into(),
            value: hex(ski),
            resolves_to: find(&|c| c.ski_or_computed() == ski.as_slice()),
        },
        TokenReference::KeyIdentifier(KeyIdentifier::ThumbprintSha1(t)) => TokenRefInfo {
            kind: "thumbprint-sha1".into(),
            value: hex(t),
            resolves_to: find(&|c| c.sha1_thumbprint() == t),
        },
        TokenReference::IssuerSerial { issuer, serial } => TokenRefInfo {
            kind: "issuer-serial".into(),
            value: format!("{issuer} / {serial}"),
            resolves_to: find(&|c| c.serial_decimal() == serial),
        },
    }
}

fn key_info_ref(
    doc: &Document<'_>,
    parent: Element<'_>,
    certs: &[(String, Certificate)],
) -> Option<TokenRefInfo> {
    let ki = child(parent, DSIG_NS, "KeyInfo")?;
    Some(match SecurityTokenReference::from_key_info(ki) {
        Ok(s) => token_ref(doc, s.reference(), certs),
        Err(e) => TokenRefInfo {
            kind: "unsupported".into(),
            value: e.to_string(),
            resolves_to: None,
        },
    })
}

/// What an EncryptedData at this place stands for.
fn replaced(env: &Envelope<'_>, ed: Element<'_>) -> String {
    let Some(parent) = ed.parent_element() else {
        return "nothing (it is the document element)".into();
    };
    if parent.id() == env.body().id() {
        return "the Body's content".into();
    }
    if let Some(i) = env.headers().iter().position(|h| h.id() == parent.id()) {
        let h = &env.headers()[i];
        if h.is(WSSE11_NS, "EncryptedHeader") {
            return format!(
                "header block {} (its name is hidden until decrypted)",
                i + 1
            );
        }
        if h.is(WSSE_NS, "Security") {
            return "an element of the Security header (the signature, when it is encrypted)"
                .into();
        }
    }
    format!("an element inside {}", path(parent))
}

fn data_references(
    doc: &Document<'_>,
    env: &Envelope<'_>,
    list: Element<'_>,
) -> Vec<DataReferenceInfo> {
    list.child_elements()
        .filter(|r| r.is(XENC_NS, "DataReference"))
        .take(256)
        .map(|r| {
            let uri = r.attribute("", "URI").unwrap_or("").to_owned();
            let target = uri
                .strip_prefix('#')
                .and_then(|id| doc.element_by_id(id))
                .filter(|t| t.is(XENC_NS, "EncryptedData"));
            DataReferenceInfo {
                uri,
                target: target.map(path),
                replaced: target.map(|t| replaced(env, t)),
            }
        })
        .collect()
}

/// The part an element is, if it is one: `Body`, a header block, or the Timestamp.
pub(crate) fn part_label(env: &Envelope<'_>, e: Element<'_>) -> Option<String> {
    if e.id() == env.body().id() {
        return Some("Body".into());
    }
    if let Some(h) = env.headers().iter().find(|h| h.id() == e.id()) {
        return Some(format!("header {}", h.qname.local));
    }
    if e.is(WSU_NS, "Timestamp") {
        return Some("Timestamp".into());
    }
    if e.is(WSSE11_NS, "SignatureConfirmation") {
        return Some("SignatureConfirmation".into());
    }
    None
}

fn signature_detail(
    doc: &Document<'_>,
    env: &Envelope<'_>,
    sig: Element<'_>,
    certs: &[(String, Certificate)],
) -> ItemDetail {
    let mut problems = Vec::new();
    let si = child(sig, DSIG_NS, "SignedInfo");
    if si.is_none() {
        problems.push("no ds:SignedInfo".to_owned());
    }
    let references = si
        .map(|si| {
            si.child_elements()
                .filter(|r| r.is(DSIG_NS, "Reference"))
                .take(256)
                .map(|r| {
                    let uri = r.attribute("", "URI").unwrap_or("").to_owned();
                    let target = uri.strip_prefix('#').and_then(|id| doc.element_by_id(id));
                    if !uri.starts_with('#') {
                        problems.push(format!(
                            "reference URI '{uri}' is not a same-document '#id' (refused on verification)"
                        ));
                    } else if target.is_none() {
                        problems.push(format!("reference '{uri}' resolves to nothing"));
                    }
                    let transforms = child(r, DSIG_NS, "Transforms")
                        .map(|t| {
                            t.child_elements()
                                .filter(|x| x.is(DSIG_NS, "Transform"))
                                .take(64)
                                .map(|x| x.attribute("", "Algorithm").unwrap_or("").to_owned())
                                .collect()
                        })
                        .unwrap_or_default();
                    SignatureReferenceInfo {
                        covers: target.map(path),
                        part: target.and_then(|t| part_label(env, t)),
                        uri,
                        transforms,
                        digest: algorithm_of(r, DSIG_NS, "DigestMethod"),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    ItemDetail::Signature {
        canonicalization: si.and_then(|s| algorithm_of(s, DSIG_NS, "CanonicalizationMethod")),
        signature_method: si.and_then(|s| algorithm_of(s, DSIG_NS, "SignatureMethod")),
        references,
        key: key_info_ref(doc, sig, certs),
        problems,
    }
}

fn item_detail(
    doc: &Document<'_>,
    env: &Envelope<'_>,
    el: Element<'_>,
    at: i64,
    certs: &[(String, Certificate)],
) -> ItemDetail {
    if el.is(WSU_NS, "Timestamp") {
        let text = |local: &str| child(el, WSU_NS, local).map(|c| c.text().trim().to_owned());
        return match timestamp::parse(el) {
            Ok(ts) => ItemDetail::Timestamp {
                created: Some(ts.created_text.clone()),
                expires: Some(ts.expires_text.clone()),
                age_seconds: Some(at.saturating_sub(ts.created)),
                expires_in_seconds: Some(ts.expires.saturating_sub(at)),
                state: if at > ts.expires {
                    "expired"
                } else if at < ts.created {
                    "not-yet-valid"
                } else {
                    "valid"
                }
                .into(),
                error: None,
            },
            Err(e) => ItemDetail::Timestamp {
                created: text("Created"),
                expires: text("Expires"),
                age_seconds: None,
                expires_in_seconds: None,
                state: "malformed".into(),
                error: Some(e.to_string()),
            },
        };
    }
    if el.is(WSSE_NS, "BinarySecurityToken") {
        let value_type = el.attribute("", "ValueType").map(str::to_owned);
        return match BinarySecurityToken::from_element(el) {
            Ok(b) => ItemDetail::BinarySecurityToken {
                value_type,
                certificate: Some(certificate_info(b.certificate(), at)),
                error: None,
            },
            Err(e) => ItemDetail::BinarySecurityToken {
                value_type,
                certificate: None,
                error: Some(e.to_string()),
            },
        };
    }
    if el.is(XENC_NS, "EncryptedKey") {
        let method = child(el, XENC_NS, "EncryptionMethod");
        return ItemDetail::EncryptedKey {
            algorithm: method
                .and_then(|m| m.attribute("", "Algorithm"))
                .map(str::to_owned),
            digest: method.and_then(|m| algorithm_of(m, DSIG_NS, "DigestMethod")),
            mgf: method.and_then(|m| {
                m.child_elements()
                    .find(|c| c.local_name() == "MGF")
                    .and_then(|c| c.attribute("", "Algorithm"))
                    .map(str::to_owned)
            }),
            recipient: key_info_ref(doc, el, certs),
            references: child(el, XENC_NS, "ReferenceList")
                .map(|l| data_references(doc, env, l))
                .unwrap_or_default(),
        };
    }
    if el.is(XENC_NS, "ReferenceList") {
        return ItemDetail::ReferenceList {
            references: data_references(doc, env, el),
        };
    }
    if el.is(DSIG_NS, "Signature") {
        return signature_detail(doc, env, el, certs);
    }
    if el.is(XENC_NS, "EncryptedData") {
        return ItemDetail::EncryptedData {
            algorithm: algorithm_of(el, XENC_NS, "EncryptionMethod"),
            encrypted_type: el
                .attribute("", "Type")
                .map(|t| super::short_algorithm(t).to_owned()),
            replaced: replaced(env, el),
        };
    }
    if el.is(WSSE11_NS, "SignatureConfirmation") {
        return ItemDetail::SignatureConfirmation {
            value: el.attribute("", "Value").map(str::to_owned),
        };
    }
    if el.is(WSSE_NS, "SecurityTokenReference") {
        return ItemDetail::SecurityTokenReference {
            reference: match SecurityTokenReference::from_element(el) {
                Ok(s) => token_ref(doc, s.reference(), certs),
                Err(e) => TokenRefInfo {
                    kind: "unsupported".into(),
                    value: e.to_string(),
                    resolves_to: None,
                },
            },
        };
    }
    ItemDetail::Other { name: name_of(el) }
}

fn header_kind(h: &HeaderBlock<'_>) -> HeaderKind {
    if AddressingVersion::from_namespace(h.qname.namespace).is_some() {
        HeaderKind::Addressing
    } else if h.is(WSSE_NS, "Security") {
        HeaderKind::Security
    } else if h.is(WSSE11_NS, "EncryptedHeader") {
        HeaderKind::EncryptedHeader
    } else {
        HeaderKind::Application
    }
}

fn is_ultimate_receiver(version: SoapVersion, role: Option<&str>) -> bool {
    match role {
        None => true,
        Some(r) => match version {
            SoapVersion::Soap11 => r.is_empty(),
            _ => r == "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver",
        },
    }
}

pub(crate) fn survey(
    doc: &Document<'_>,
    env: &Envelope<'_>,
    bytes: usize,
    options: &SurveyOptions,
) -> Inspection {
    let at = options.at;
    let mut certs = message_certificates(doc);
    certs.extend(options.known_certificates.iter().cloned());

    let mut headers = Vec::new();
    let mut addressing = Vec::new();
    for (i, h) in env.headers().iter().enumerate() {
        let kind = header_kind(h);
        if kind == HeaderKind::Addressing {
            let value = match h
                .element
                .child_elements()
                .find(|c| c.local_name() == "Address")
            {
                Some(a) => a.text().trim().to_owned(),
                None => h.element.text().trim().to_owned(),
            };
            addressing.push(AddressingInfo {
                name: h.qname.local.to_owned(),
                value,
                namespace: h.qname.namespace.to_owned(),
                header_index: i,
            });
        }
        headers.push(HeaderInfo {
            index: i,
            path: path(h.element),
            name: name_of(h.element),
            kind,
            must_understand: h.must_understand,
            role: h.role.map(str::to_owned),
            relay: h.relay,
            wsu_id: h.wsu_id.map(str::to_owned),
            other_ids: other_ids(h.element),
            encrypted_data: (kind == HeaderKind::EncryptedHeader)
                .then(|| child(h.element, XENC_NS, "EncryptedData"))
                .flatten()
                .map(|ed| EncryptedDataInfo {
                    id: ed.attribute("", "Id").map(str::to_owned),
                    algorithm: algorithm_of(ed, XENC_NS, "EncryptionMethod"),
                }),
        });
    }

    // The Security header read: the first one for the ultimate receiver, else the first.
    let sec_positions: Vec<usize> = headers
        .iter()
        .filter(|h| h.kind == HeaderKind::Security)
        .map(|h| h.index)
        .collect();
    let chosen = sec_positions
        .iter()
        .copied()
        .find(|&i| is_ultimate_receiver(env.version(), env.headers()[i].role))
        .or_else(|| sec_positions.first().copied());
    let security = chosen.map(|i| {
        let h = &env.headers()[i];
        let items: Vec<SecurityItem> = h
            .element
            .child_elements()
            .take(1024)
            .enumerate()
            .map(|(n, el)| SecurityItem {
                position: n + 1,
                path: path(el),
                id: el
                    .attribute(WSU_NS, "Id")
                    .or_else(|| el.attribute("", "Id"))
                    .map(str::to_owned),
                detail: item_detail(doc, env, el, at, &certs),
            })
            .collect();
        let wss11 = h
            .element
            .child_elements()
            .any(|c| c.namespace() == WSSE11_NS)
            || env
                .headers()
                .iter()
                .any(|b| b.is(WSSE11_NS, "EncryptedHeader"));
        SecurityInfo {
            header_index: i,
            wss_version_seen: if wss11 { "1.1" } else { "1.0" },
            role: h.role.map(str::to_owned),
            must_understand: h.must_understand,
            items,
        }
    });

    let body = env.body();
    let content = if let Some(f) = body.fault() {
        BodyContent::Fault {
            code: f.code.to_string(),
            subcodes: f.subcodes.iter().map(ToString::to_string).collect(),
            reason: f.reason().to_owned(),
            has_detail: f.detail.is_some(),
        }
    } else if let Some(first) = body.first_child() {
        if first.is(XENC_NS, "EncryptedData") {
            BodyContent::Encrypted {
                id: first.attribute("", "Id").map(str::to_owned),
                algorithm: algorithm_of(first, XENC_NS, "EncryptionMethod"),
            }
        } else {
            BodyContent::Operation {
                name: name_of(first),
                more_elements: body.entries().count().saturating_sub(1),
            }
        }
    } else {
        BodyContent::Empty
    };
    let body_info = BodyInfo {
        path: path(body.element()),
        wsu_id: body.wsu_id().map(str::to_owned),
        other_ids: other_ids(body.element()),
        content,
    };

    // Claims: which elements a Reference points at, and where EncryptedData stands.
    let referenced: Vec<crate::xml::NodeId> = security
        .as_ref()
        .map(|_| {
            doc.elements()
                .filter(|e| e.is(DSIG_NS, "Reference"))
                .take(1024)
                .filter_map(|r| {
                    r.attribute("", "URI")
                        .and_then(|u| u.strip_prefix('#'))
                        .and_then(|id| doc.element_by_id(id))
                        .map(|t| t.id())
                })
                .collect()
        })
        .unwrap_or_default();
    let listed: Vec<crate::xml::NodeId> = doc
        .elements()
        .filter(|e| e.is(XENC_NS, "DataReference"))
        .take(1024)
        .filter_map(|r| {
            r.attribute("", "URI")
                .and_then(|u| u.strip_prefix('#'))
                .and_then(|id| doc.element_by_id(id))
                .filter(|t| t.is(XENC_NS, "EncryptedData"))
                .map(|t| t.id())
        })
        .collect();
    let encrypted_child = |e: Element<'_>| {
        let kids: Vec<Element<'_>> = e.child_elements().collect();
        matches!(kids.as_slice(), [one] if one.is(XENC_NS, "EncryptedData") && listed.contains(&one.id()))
    };
    let mut parts = Vec::new();
    for (i, h) in env.headers().iter().enumerate() {
        if Some(i) == chosen {
            continue;
        }
        let enc_header = h.is(WSSE11_NS, "EncryptedHeader");
        parts.push(PartReport {
            name: h.qname.local.to_owned(),
            namespace: h.qname.namespace.to_owned(),
            kind: "header",
            header_index: Some(i),
            path: path(h.element),
            claimed_signed: referenced.contains(&h.id()),
            claimed_encrypted: enc_header && encrypted_child(h.element),
            signed: None,
            encrypted: None,
        });
    }
    parts.push(PartReport {
        name: "Body".into(),
        namespace: env.namespace().to_owned(),
        kind: "body",
        header_index: None,
        path: path(body.element()),
        claimed_signed: referenced.contains(&body.id()),
        claimed_encrypted: encrypted_child(body.element()),
        signed: None,
        encrypted: None,
    });

    Inspection {
        schema: SCHEMA,
        bytes,
        soap_version: match env.version() {
            SoapVersion::Soap11 => "1.1",
            _ => "1.2",
        },
        envelope_namespace: env.namespace(),
        at,
        addressing,
        headers,
        body: body_info,
        other_security_headers: sec_positions
            .into_iter()
            .filter(|i| Some(*i) != chosen)
            .collect(),
        security,
        parts,
        verification: None,
        requirements: None,
    }
}
