//! The contract-file format: XML read with quick-xml's streaming reader.
//!
//! ```xml
//! <contractFile>
//!   <binding preset="basicHttp:Message"/>
//!   <contract name="IPurchaseOrder" namespace="http://tempuri.org/">
//!     <operation name="Price" protectionLevel="Sign">
//!       <fault name="PriceFault"/>
//!     </operation>
//!   </contract>
//! </contractFile>
//! ```
//!
//! Elements are matched by local name (prefixes and namespace declarations are ignored).
//! Unknown elements or attributes are errors. Every error carries `line:column` and what was
//! expected. DOCTYPE is rejected; size, element and part counts are bounded ([`Limits`]); the
//! grammar itself bounds the depth to five elements. The parser never panics.

use super::{
    BodyMember, Contract, ContractError, Fault, Header, Location, Message, Operation, ReturnValue,
};
use crate::binding::{
    AddressingVersion, AlgorithmSuite, Binding, HeaderLayout, PRESET_NAMES, ProtectionOrder,
    SecurityCapabilities, SecurityElement, SecurityMode, SoapVersion, WsSecurityVersion,
};
use crate::level::ProtectionLevel;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::collections::BTreeSet;

/// A parsed contract file: one contract and, optionally, the binding it names or defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractFile {
    /// The contract.
    pub contract: Contract,
    /// The binding, if the file has a `<binding>` element.
    pub binding: Option<Binding>,
}

/// Bounds on what a contract file may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum input size in bytes.
    pub max_bytes: usize,
    /// Maximum number of elements.
    pub max_elements: usize,
    /// Maximum number of operations.
    pub max_operations: usize,
    /// Maximum number of headers plus body members in one message.
    pub max_parts_per_message: usize,
    /// Maximum number of faults per operation.
    pub max_faults_per_operation: usize,
    /// Maximum length of an attribute value, in bytes.
    pub max_attribute_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 1 << 20,
            max_elements: 50_000,
            max_operations: 1_000,
            max_parts_per_message: 500,
            max_faults_per_operation: 100,
            max_attribute_len: 2_048,
        }
    }
}

/// Parse a contract file with the default [`Limits`].
pub fn parse_contract_file(text: &str) -> Result<ContractFile, ContractError> {
    parse_contract_file_with_limits(text, &Limits::default())
}

/// Parse a contract file with explicit limits.
pub fn parse_contract_file_with_limits(
    text: &str,
    limits: &Limits,
) -> Result<ContractFile, ContractError> {
    if text.len() > limits.max_bytes {
        return Err(ContractError::TooLarge {
            size: text.len(),
            limit: limits.max_bytes,
        });
    }
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.check_comments = true;
    let mut p = Parser {
        reader,
        text,
        limits,
        elements: 0,
    };
    p.file()
}

const LEVEL_EXPECTED: &str = "None, Sign or EncryptAndSign";

enum Ev<'a> {
    Start(BytesStart<'a>, Location, bool),
    End,
    Eof(Location),
}

struct Parser<'a, 'l> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    limits: &'l Limits,
    elements: usize,
}

/// The attributes of one element, checked against the allowed names.
struct Attrs {
    element: String,
    at: Location,
    items: Vec<(String, String)>,
}

impl Attrs {
    fn get(&self, name: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn require(&self, name: &str) -> Result<&str, ContractError> {
        match self.get(name) {
            Some(v) if !v.trim().is_empty() => Ok(v),
            Some(v) => Err(ContractError::InvalidValue {
                at: self.at,
                attribute: name.to_owned(),
                value: v.to_owned(),
                expected: "a non-empty value".to_owned(),
            }),
            None => Err(ContractError::MissingAttribute {
                at: self.at,
                element: self.element.clone(),
                attribute: name.to_owned(),
            }),
        }
    }

    fn invalid(&self, name: &str, value: &str, expected: impl Into<String>) -> ContractError {
        ContractError::InvalidValue {
            at: self.at,
            attribute: name.to_owned(),
            value: value.to_owned(),
            expected: expected.into(),
        }
    }

    fn level(&self, name: &str) -> Result<Option<ProtectionLevel>, ContractError> {
        self.get(name)
            .map(|v| v.parse().map_err(|_| self.invalid(name, v, LEVEL_EXPECTED)))
            .transpose()
    }

    fn boolean(&self, name: &str) -> Result<Option<bool>, ContractError> {
        self.get(name)
            .map(|v| match v {
                "true" => Ok(true),
                "false" => Ok(false),
                other => Err(self.invalid(name, other, "true or false")),
            })
            .transpose()
    }

    fn choice<T: Copy>(
        &self,
        name: &str,
        options: &[(&str, T)],
    ) -> Result<Option<T>, ContractError> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        options
            .iter()
            .find(|(k, _)| *k == v)
            .map(|(_, t)| Some(*t))
            .ok_or_else(|| {
                let names: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
                self.invalid(name, v, format!("one of {}", names.join(", ")))
            })
    }
}

impl<'a> Parser<'a, '_> {
    fn loc(&self, offset: u64) -> Location {
        let bytes = self.text.as_bytes();
        let end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        let before = bytes.get(..end).unwrap_or(bytes);
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = before
            .get(line_start..)
            .unwrap_or(&[])
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count()
            + 1;
        Location {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// The next significant event: comments, processing instructions, the XML declaration and
    /// whitespace are skipped; other text and DOCTYPE are errors.
    fn next(&mut self, expected: &str) -> Result<Ev<'a>, ContractError> {
        loop {
            let before = self.reader.buffer_position();
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    return Err(ContractError::Xml {
                        at: self.loc(self.reader.error_position()),
                        message: e.to_string(),
                    });
                }
            };
            match event {
                Event::Start(e) | Event::Empty(e) if self.elements >= self.limits.max_elements => {
                    let _ = e;
                    return Err(ContractError::Limit {
                        at: self.loc(before),
                        what: "elements",
                        limit: self.limits.max_elements,
                    });
                }
                Event::Start(e) => {
                    self.elements += 1;
                    let start = self
                        .reader
                        .buffer_position()
                        .saturating_sub(e.len() as u64 + 2);
                    let at = self.loc(start);
                    return Ok(Ev::Start(e, at, false));
                }
                Event::Empty(e) => {
                    self.elements += 1;
                    let start = self
                        .reader
                        .buffer_position()
                        .saturating_sub(e.len() as u64 + 3);
                    let at = self.loc(start);
                    return Ok(Ev::Start(e, at, true));
                }
                Event::End(_) => return Ok(Ev::End),
                Event::Text(t) if t.chars().all(|c| c.is_ascii_whitespace()) => {}
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                    let skipped = self
                        .text
                        .get(usize::try_from(before).unwrap_or(usize::MAX)..)
                        .unwrap_or("");
                    let lead = skipped.len() - skipped.trim_start().len();
                    return Err(ContractError::Unexpected {
                        at: self.loc(before + lead as u64),
                        found: "text".to_owned(),
                        expected: expected.to_owned(),
                    });
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => {}
                Event::DocType(_) => {
                    return Err(ContractError::Doctype {
                        at: self.loc(before),
                    });
                }
                Event::Eof => return Ok(Ev::Eof(self.loc(before))),
            }
        }
    }

    fn attrs(
        &self,
        e: &BytesStart<'_>,
        at: Location,
        allowed: &[&str],
    ) -> Result<Attrs, ContractError> {
        let element = e.local_name().as_ref().to_owned();
        let mut items = Vec::new();
        for attr in e.attributes() {
            let attr = attr.map_err(|err| ContractError::Xml {
                at,
                message: err.to_string(),
            })?;
            let key: &str = attr.key.as_ref();
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            if !allowed.contains(&key) {
                let expected = if allowed.is_empty() {
                    format!("no attributes on <{element}>")
                } else {
                    format!("one of the attributes {}", allowed.join(", "))
                };
                return Err(ContractError::Unexpected {
                    at,
                    found: format!("attribute '{key}' on <{element}>"),
                    expected,
                });
            }
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| ContractError::Xml {
                    at,
                    message: err.to_string(),
                })?;
            if value.len() > self.limits.max_attribute_len {
                return Err(ContractError::Limit {
                    at,
                    what: "bytes in an attribute value",
                    limit: self.limits.max_attribute_len,
                });
            }
            items.push((key.to_owned(), value.into_owned()));
        }
        Ok(Attrs { element, at, items })
    }

    /// A leaf element: if written as a start tag, the next event must be its end tag.
    fn leaf_end(&mut self, name: &str, empty: bool) -> Result<(), ContractError> {
        if empty {
            return Ok(());
        }
        let expected = format!("</{name}> (<{name}> has no content)");
        match self.next(&expected)? {
            Ev::End => Ok(()),
            Ev::Start(e, at, _) => Err(ContractError::Unexpected {
                at,
                found: format!("<{}>", e.local_name().as_ref()),
                expected,
            }),
            Ev::Eof(at) => Err(eof(at, &expected)),
        }
    }

    fn file(&mut self) -> Result<ContractFile, ContractError> {
        let expected = "<contractFile>";
        let (e, at, empty) = match self.next(expected)? {
            Ev::Start(e, at, empty) => (e, at, empty),
            Ev::End => {
                return Err(ContractError::Xml {
                    at: self.loc(self.reader.buffer_position()),
                    message: "unexpected end tag".to_owned(),
                });
            }
            Ev::Eof(at) => return Err(eof(at, expected)),
        };
        if e.local_name().as_ref() != "contractFile" {
            return Err(unexpected_element(&e, at, expected));
        }
        let attrs = self.attrs(&e, at, &["version"])?;
        if let Some(v) = attrs.get("version")
            && v != "1"
        {
            return Err(attrs.invalid("version", v, "1"));
        }
        let mut binding = None;
        let mut contract = None;
        if !empty {
            let expected = "<binding>, <contract> or </contractFile>";
            loop {
                match self.next(expected)? {
                    Ev::Start(e, at, empty) => match e.local_name().as_ref() {
                        "binding" if binding.is_none() => {
                            binding = Some(self.binding(&e, at)?);
                            self.leaf_end("binding", empty)?;
                        }
                        "contract" if contract.is_none() => {
                            contract = Some(self.contract(&e, at, empty)?);
                        }
                        "binding" | "contract" => {
                            return Err(ContractError::Invalid {
                                at,
                                message: format!(
                                    "a contract file has at most one <{}>",
                                    e.local_name().as_ref()
                                ),
                            });
                        }
                        _ => return Err(unexpected_element(&e, at, expected)),
                    },
                    Ev::End => break,
                    Ev::Eof(at) => return Err(eof(at, "</contractFile>")),
                }
            }
        }
        match self.next("end of file")? {
            Ev::Eof(_) => {}
            Ev::Start(e, at, _) => return Err(unexpected_element(&e, at, "end of file")),
            Ev::End => {
                return Err(ContractError::Xml {
                    at: self.loc(self.reader.buffer_position()),
                    message: "unexpected end tag".to_owned(),
                });
            }
        }
        let Some(contract) = contract else {
            return Err(ContractError::MissingElement {
                at,
                element: "contract",
            });
        };
        contract.check().map_err(|err| ContractError::Invalid {
            at,
            message: err.to_string(),
        })?;
        Ok(ContractFile { contract, binding })
    }

    fn binding(&mut self, e: &BytesStart<'_>, at: Location) -> Result<Binding, ContractError> {
        let a = self.attrs(
            e,
            at,
            &[
                "preset",
                "name",
                "namespace",
                "security",
                "securityElement",
                "messageVersion",
                "addressing",
                "algorithmSuite",
                "protectionOrder",
                "securityVersion",
                "includeTimestamp",
                "headerLayout",
                "requestLevel",
                "responseLevel",
            ],
        )?;
        let mode = a.choice(
            "security",
            &[
                ("None", SecurityMode::None),
                ("Transport", SecurityMode::Transport),
                ("Message", SecurityMode::Message),
                (
                    "TransportWithMessageCredential",
                    SecurityMode::TransportWithMessageCredential,
                ),
            ],
        )?;
        let element = a.choice(
            "securityElement",
            &[
                ("Symmetric", SecurityElement::Symmetric),
                ("Asymmetric", SecurityElement::Asymmetric),
                (
                    "CertificateSignature",
                    SecurityElement::CertificateSignature,
                ),
            ],
        )?;
        let mut b = match a.get("preset") {
            Some(p) => {
                if mode.is_some() || element.is_some() {
                    return Err(ContractError::Invalid {
                        at,
                        message: "a preset fixes the security mode: use another preset (e.g. \
                                  wsHttp:Transport) or a custom binding without 'preset'"
                            .to_owned(),
                    });
                }
                Binding::preset(p).map_err(|_| {
                    a.invalid("preset", p, format!("one of {}", PRESET_NAMES.join(", ")))
                })?
            }
            None => {
                let Some(mode) = mode else {
                    return Err(ContractError::MissingAttribute {
                        at,
                        element: "binding".to_owned(),
                        attribute: "preset' or 'security".to_owned(),
                    });
                };
                let element = match (mode, element) {
                    (SecurityMode::Message, Some(el)) => el,
                    (SecurityMode::Message, None) => SecurityElement::Symmetric,
                    (SecurityMode::TransportWithMessageCredential, None) => {
                        SecurityElement::Transport
                    }
                    (SecurityMode::None | SecurityMode::Transport, None) => SecurityElement::None,
                    (_, Some(_)) => {
                        return Err(ContractError::Invalid {
                            at,
                            message: "'securityElement' applies only to security=\"Message\""
                                .to_owned(),
                        });
                    }
                };
                Binding::custom(
                    a.get("name").unwrap_or("CustomBinding"),
                    a.get("namespace").unwrap_or(Binding::DEFAULT_NAMESPACE),
                    mode,
                    element,
                )
            }
        };
        let is_preset = a.get("preset").is_some();
        let mut overridden = false;
        if let Some(n) = a.get("name") {
            b.name = n.to_owned();
        }
        if let Some(n) = a.get("namespace") {
            b.namespace = n.to_owned();
        }
        if let Some(v) = a.choice(
            "messageVersion",
            &[
                ("Soap11", SoapVersion::Soap11),
                ("Soap12", SoapVersion::Soap12),
            ],
        )? {
            b.soap = v;
            overridden = true;
        }
        if let Some(v) = a.choice(
            "addressing",
            &[
                ("None", AddressingVersion::None),
                ("WsAddressing10", AddressingVersion::WsAddressing10),
                (
                    "WsAddressingAugust2004",
                    AddressingVersion::WsAddressingAugust2004,
                ),
            ],
        )? {
            b.addressing = v;
            overridden = true;
        }
        if let Some(v) = a.get("algorithmSuite") {
            b.algorithm_suite = v.parse::<AlgorithmSuite>().map_err(|_| {
                let names: Vec<&str> = AlgorithmSuite::ALL.iter().map(|s| s.name()).collect();
                a.invalid("algorithmSuite", v, format!("one of {}", names.join(", ")))
            })?;
            overridden = true;
        }
        if let Some(v) = a.choice(
            "protectionOrder",
            &[
                ("SignBeforeEncrypt", ProtectionOrder::SignBeforeEncrypt),
                (
                    "SignBeforeEncryptAndEncryptSignature",
                    ProtectionOrder::SignBeforeEncryptAndEncryptSignature,
                ),
                ("EncryptBeforeSign", ProtectionOrder::EncryptBeforeSign),
            ],
        )? {
            b.protection_order = v;
            overridden = true;
        }
        if let Some(v) = a.choice(
            "securityVersion",
            &[
                ("1.0", WsSecurityVersion::V10),
                ("1.1", WsSecurityVersion::V11),
            ],
        )? {
            b.security_version = v;
            overridden = true;
        }
        if let Some(v) = a.boolean("includeTimestamp")? {
            b.include_timestamp = v;
            overridden = true;
        }
        if let Some(v) = a.choice(
            "headerLayout",
            &[
                ("Strict", HeaderLayout::Strict),
                ("Lax", HeaderLayout::Lax),
                ("LaxTimestampFirst", HeaderLayout::LaxTimestampFirst),
                ("LaxTimestampLast", HeaderLayout::LaxTimestampLast),
            ],
        )? {
            b.header_layout = v;
            overridden = true;
        }
        let req = a.level("requestLevel")?;
        let resp = a.level("responseLevel")?;
        if req.is_some() || resp.is_some() {
            let base = b
                .capabilities
                .unwrap_or(SecurityCapabilities::both(ProtectionLevel::None));
            b.capabilities = Some(SecurityCapabilities {
                request: req.unwrap_or(base.request),
                response: resp.unwrap_or(base.response),
            });
            overridden = true;
        }
        if is_preset && overridden {
            b.preset = "custom".to_owned();
        }
        Ok(b)
    }

    fn contract(
        &mut self,
        e: &BytesStart<'_>,
        at: Location,
        empty: bool,
    ) -> Result<Contract, ContractError> {
        let a = self.attrs(e, at, &["name", "namespace", "protectionLevel"])?;
        let mut contract = Contract::new(
            a.require("name")?,
            a.get("namespace").unwrap_or(Binding::DEFAULT_NAMESPACE),
        );
        contract.protection_level = a.level("protectionLevel")?;
        if empty {
            return Ok(contract);
        }
        let expected = "<operation> or </contract>";
        let mut names = BTreeSet::new();
        let mut actions = BTreeSet::new();
        loop {
            match self.next(expected)? {
                Ev::Start(e, at, empty) if e.local_name().as_ref() == "operation" => {
                    if contract.operations.len() >= self.limits.max_operations {
                        return Err(ContractError::Limit {
                            at,
                            what: "operations",
                            limit: self.limits.max_operations,
                        });
                    }
                    let op = self.operation(&contract, &e, at, empty)?;
                    if !names.insert(op.name.clone()) {
                        return Err(ContractError::Invalid {
                            at,
                            message: format!("operation '{}' is declared twice", op.name),
                        });
                    }
                    if !actions.insert(op.action.clone()) {
                        return Err(ContractError::Invalid {
                            at,
                            message: format!(
                                "operation '{}' has action '{}', already used by another operation",
                                op.name, op.action
                            ),
                        });
                    }
                    contract.operations.push(op);
                }
                Ev::Start(e, at, _) => return Err(unexpected_element(&e, at, expected)),
                Ev::End => return Ok(contract),
                Ev::Eof(at) => return Err(eof(at, "</contract>")),
            }
        }
    }

    fn operation(
        &mut self,
        contract: &Contract,
        e: &BytesStart<'_>,
        at: Location,
        empty: bool,
    ) -> Result<Operation, ContractError> {
        let a = self.attrs(
            e,
            at,
            &[
                "name",
                "action",
                "replyAction",
                "isOneWay",
                "protectionLevel",
            ],
        )?;
        let name = a.require("name")?;
        let mut op = contract.new_operation(name);
        if a.get("action").is_some() {
            op.action = a.require("action")?.to_owned();
        }
        if a.get("replyAction").is_some() {
            op.reply_action = a.require("replyAction")?.to_owned();
        }
        op.protection_level = a.level("protectionLevel")?;
        let one_way = a.boolean("isOneWay")?.unwrap_or(false);
        if one_way {
            if a.get("replyAction").is_some() {
                return Err(ContractError::Invalid {
                    at,
                    message: format!("one-way operation '{name}' cannot have a replyAction"),
                });
            }
            op = op.one_way();
        }
        if empty {
            return Ok(op);
        }
        let expected = if one_way {
            "<input> or </operation>"
        } else {
            "<input>, <output>, <fault> or </operation>"
        };
        let (mut seen_input, mut seen_output) = (false, false);
        let mut fault_names = BTreeSet::new();
        loop {
            match self.next(expected)? {
                Ev::Start(e, at, empty) => match e.local_name().as_ref() {
                    "input" if !seen_input => {
                        seen_input = true;
                        op.input = self.message(contract, &op.name, "input", &e, at, empty)?;
                    }
                    "output" if !seen_output && !one_way => {
                        seen_output = true;
                        op.output =
                            Some(self.message(contract, &op.name, "output", &e, at, empty)?);
                    }
                    "fault" if !one_way => {
                        if op.faults.len() >= self.limits.max_faults_per_operation {
                            return Err(ContractError::Limit {
                                at,
                                what: "faults in one operation",
                                limit: self.limits.max_faults_per_operation,
                            });
                        }
                        let fa = self.attrs(&e, at, &["name", "action", "protectionLevel"])?;
                        let fname = fa.require("name")?;
                        let action = match fa.get("action") {
                            Some(_) => fa.require("action")?.to_owned(),
                            None => contract.default_fault_action(&op.name, fname),
                        };
                        if !fault_names.insert(fname.to_owned()) {
                            return Err(ContractError::Invalid {
                                at,
                                message: format!(
                                    "fault '{fname}' is declared twice in '{}'",
                                    op.name
                                ),
                            });
                        }
                        op.faults.push(Fault {
                            name: fname.to_owned(),
                            action,
                            protection_level: fa.level("protectionLevel")?,
                        });
                        self.leaf_end("fault", empty)?;
                    }
                    "input" | "output" if seen_input || seen_output => {
                        return Err(ContractError::Invalid {
                            at,
                            message: format!(
                                "<{}> appears twice in operation '{}'",
                                e.local_name().as_ref(),
                                op.name
                            ),
                        });
                    }
                    "output" | "fault" => {
                        return Err(ContractError::Invalid {
                            at,
                            message: format!(
                                "one-way operation '{}' cannot have <{}>",
                                op.name,
                                e.local_name().as_ref()
                            ),
                        });
                    }
                    _ => return Err(unexpected_element(&e, at, expected)),
                },
                Ev::End => return Ok(op),
                Ev::Eof(at) => return Err(eof(at, "</operation>")),
            }
        }
    }

    fn message(
        &mut self,
        contract: &Contract,
        op: &str,
        which: &str,
        e: &BytesStart<'_>,
        at: Location,
        empty: bool,
    ) -> Result<Message, ContractError> {
        let a = self.attrs(e, at, &["protectionLevel"])?;
        let mut msg = Message::with_level(a.level("protectionLevel")?);
        if empty {
            return Ok(msg);
        }
        let output = which == "output";
        let expected = if output {
            "<header>, <member>, <return> or </output>".to_owned()
        } else {
            "<header>, <member> or </input>".to_owned()
        };
        let mut headers = BTreeSet::new();
        let mut members = BTreeSet::new();
        loop {
            match self.next(&expected)? {
                Ev::Start(e, at, empty) => {
                    let local = e.local_name().as_ref().to_owned();
                    if matches!(local.as_str(), "header" | "member")
                        && msg.headers.len() + msg.body.len() >= self.limits.max_parts_per_message
                    {
                        return Err(ContractError::Limit {
                            at,
                            what: "headers and members in one message",
                            limit: self.limits.max_parts_per_message,
                        });
                    }
                    match local.as_str() {
                        "header" => {
                            let h = self.attrs(
                                &e,
                                at,
                                &["name", "namespace", "protectionLevel", "unknown"],
                            )?;
                            let header = Header {
                                name: h.require("name")?.to_owned(),
                                namespace: h
                                    .get("namespace")
                                    .unwrap_or(&contract.namespace)
                                    .to_owned(),
                                protection_level: h.level("protectionLevel")?,
                                unknown: h.boolean("unknown")?.unwrap_or(false),
                            };
                            if !headers.insert((header.namespace.clone(), header.name.clone())) {
                                return Err(ContractError::Invalid {
                                    at,
                                    message: format!(
                                        "header ('{}', '{}') appears twice in the {which} of '{op}'",
                                        header.name, header.namespace
                                    ),
                                });
                            }
                            msg.headers.push(header);
                        }
                        "member" => {
                            let m =
                                self.attrs(&e, at, &["name", "namespace", "protectionLevel"])?;
                            let member = BodyMember {
                                name: m.require("name")?.to_owned(),
                                namespace: m
                                    .get("namespace")
                                    .unwrap_or(&contract.namespace)
                                    .to_owned(),
                                protection_level: m.level("protectionLevel")?,
                            };
                            if !members.insert((member.namespace.clone(), member.name.clone())) {
                                return Err(ContractError::Invalid {
                                    at,
                                    message: format!(
                                        "member '{}' appears twice in the {which} of '{op}'",
                                        member.name
                                    ),
                                });
                            }
                            msg.body.push(member);
                        }
                        "return" if output && msg.return_value.is_none() => {
                            let r = self.attrs(&e, at, &["name", "protectionLevel"])?;
                            msg.return_value = Some(ReturnValue {
                                name: match r.get("name") {
                                    Some(_) => r.require("name")?.to_owned(),
                                    None => format!("{op}Result"),
                                },
                                protection_level: r.level("protectionLevel")?,
                            });
                        }
                        "return" if output => {
                            return Err(ContractError::Invalid {
                                at,
                                message: format!("<return> appears twice in the output of '{op}'"),
                            });
                        }
                        _ => return Err(unexpected_element(&e, at, &expected)),
                    }
                    self.leaf_end(&local, empty)?;
                }
                Ev::End => return Ok(msg),
                Ev::Eof(at) => return Err(eof(at, &format!("</{which}>"))),
            }
        }
    }
}

fn unexpected_element(e: &BytesStart<'_>, at: Location, expected: &str) -> ContractError {
    ContractError::Unexpected {
        at,
        found: format!("<{}>", e.local_name().as_ref()),
        expected: expected.to_owned(),
    }
}

fn eof(at: Location, expected: &str) -> ContractError {
    ContractError::Unexpected {
        at,
        found: "end of file".to_owned(),
        expected: expected.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        match parse_contract_file(text) {
            Ok(f) => panic!("expected an error, parsed {f:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn minimal_file_parses_with_defaults() {
        let f = parse_contract_file(
            r#"<contractFile><contract name="C"><operation name="Op"/></contract></contractFile>"#,
        );
        let f = f.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.contract.namespace, "http://tempuri.org/");
        assert_eq!(f.binding, None);
        let op = f.contract.operations.first().cloned();
        assert_eq!(
            op.as_ref().map(|o| o.action.as_str()),
            Some("http://tempuri.org/C/Op")
        );
        assert_eq!(op.as_ref().map(|o| o.protection_level), Some(None));
        assert!(op.is_some_and(|o| o.output.is_some()));
    }

    #[test]
    fn errors_carry_line_and_column() {
        assert_eq!(
            err(
                "<contractFile>\n  <contract name=\"C\">\n    <operatoin name=\"x\"/>\n  </contract>\n</contractFile>"
            ),
            "3:5: found <operatoin>, expected <operation> or </contract>"
        );
        assert_eq!(
            err("<contractFile>\n<contract name=\"C\" protectionLevel=\"sign\"/></contractFile>"),
            "2:1: 'protectionLevel' is 'sign', expected None, Sign or EncryptAndSign"
        );
        assert!(
            err("<contractFile><contract/></contractFile>").contains("needs a 'name' attribute")
        );
        assert!(err("<!DOCTYPE x><contractFile/>").contains("1:1: DOCTYPE is not allowed"));
        assert!(err("<contractFile><contract name=\"C\">").contains("end of file"));
        assert!(err("<contractFile>hello</contractFile>").starts_with("1:15: found text"));
        assert!(err("<contractFile></contract>").contains("malformed XML"));
        assert!(err("<contractFile/>").contains("<contract>"));
    }

    #[test]
    fn duplicates_and_one_way_rules_are_rejected() {
        let dup = r#"<contractFile><contract name="C"><operation name="A"/><operation name="A"/></contract></contractFile>"#;
        assert!(err(dup).contains("declared twice"));
        let ow = r#"<contractFile><contract name="C"><operation name="A" isOneWay="true"><output/></operation></contract></contractFile>"#;
        assert!(err(ow).contains("one-way"));
        let two =
            r#"<contractFile><binding preset="wsHttp"/><binding preset="wsHttp"/></contractFile>"#;
        assert!(err(two).contains("at most one <binding>"));
    }

    #[test]
    fn limits_are_enforced() {
        let limits = Limits {
            max_operations: 1,
            ..Limits::default()
        };
        let two = r#"<contractFile><contract name="C"><operation name="A"/><operation name="B"/></contract></contractFile>"#;
        let e = parse_contract_file_with_limits(two, &limits)
            .err()
            .map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("1:55: too many operations (limit 1)"));
        let small = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        assert!(matches!(
            parse_contract_file_with_limits(two, &small),
            Err(ContractError::TooLarge { .. })
        ));
    }

    #[test]
    fn binding_presets_and_custom() {
        let f = parse_contract_file(
            r#"<contractFile><binding preset="basicHttp:Message"/><contract name="C"/></contractFile>"#,
        );
        assert_eq!(
            f.ok().and_then(|f| f.binding).map(|b| b.preset),
            Some("basicHttp:Message".to_owned())
        );
        let bad =
            err(r#"<contractFile><binding preset="nope"/><contract name="C"/></contractFile>"#);
        assert!(
            bad.contains("basicHttp:Message") && bad.contains("netTcp"),
            "{bad}"
        );
        let custom = parse_contract_file(
            r#"<contractFile><binding name="B" security="Message" securityElement="Asymmetric" messageVersion="Soap11" addressing="None" securityVersion="1.0" algorithmSuite="Basic128Sha256"/><contract name="C"/></contractFile>"#,
        )
        .ok()
        .and_then(|f| f.binding);
        let custom = custom.unwrap_or_else(|| panic!("custom binding"));
        assert_eq!(custom.name, "B");
        assert_eq!(custom.security_element, SecurityElement::Asymmetric);
        assert_eq!(custom.algorithm_suite, AlgorithmSuite::Basic128Sha256);
        assert_eq!(custom.addressing, AddressingVersion::None);
    }
}
