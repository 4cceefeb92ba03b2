//! Resolution: from a contract and a binding to the protection requirements of every message.
//!
//! [`create_from_contract`] is WCF's `ChannelProtectionRequirements.CreateFromContract`
//! (reference §1), with provenance. [`resolve_with`] adds the WS-Addressing collapse
//! (reference §2) in either reading and the requirements the binding itself adds, and keys
//! everything by action as the receiver looks it up.

use super::{Contract, Message};
use crate::binding::{Binding, SecurityElement};
use crate::level::{DefaultSide, MessageDirection, ProtectionLevel, Provenance, Sourced};
use serde::Serialize;
use std::collections::BTreeMap;

/// How to read the no-WS-Addressing rule (reference §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// What WCF's code does (the default): replies and faults are checked against the
    /// part-by-part union over the whole contract, stored under `*`; requests keep their
    /// per-action requirements.
    #[default]
    Runtime,
    /// What WCF's documentation says: every part of every message, requests included, takes
    /// the strongest level used anywhere in the contract. Stricter than the runtime.
    Documentation,
}

/// The kind of message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The request (client → service).
    Request,
    /// The reply (service → client).
    Reply,
    /// A declared fault (service → client).
    Fault,
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Direction::Request => "request",
            Direction::Reply => "reply",
            Direction::Fault => "fault",
        })
    }
}

/// A protectable part of a message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Part {
    /// The SOAP body (one level for the whole body).
    Body,
    /// A header, by qualified name.
    Header {
        /// Local name.
        name: String,
        /// Namespace.
        namespace: String,
    },
}

impl Part {
    /// The (name, namespace) WCF uses in receive-side error texts; the body is
    /// `('Body', <envelope namespace>)`.
    #[must_use]
    pub fn qname(&self, soap: crate::binding::SoapVersion) -> (&str, &str) {
        match self {
            Part::Body => ("Body", soap.envelope_namespace()),
            Part::Header { name, namespace } => (name, namespace),
        }
    }

    /// A compact label for tables: `Body`, or `Header Name` (with `{ns}` when the namespace
    /// differs from `contract_ns`).
    #[must_use]
    pub fn label(&self, contract_ns: &str) -> String {
        match self {
            Part::Body => "Body".to_owned(),
            Part::Header { name, namespace } if namespace == contract_ns => {
                format!("Header {name}")
            }
            Part::Header { name, namespace } => format!("Header {{{namespace}}}{name}"),
        }
    }
}

/// One part of a message with its level as `CreateFromContract` computes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedPart {
    /// Which part.
    pub part: Part,
    /// Whether this header is an unknown-header collection.
    pub unknown: bool,
    /// The level and where it came from.
    pub requirement: Sourced,
}

/// One message (request, reply or fault) of an operation, as `CreateFromContract` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedMessage {
    /// Operation name.
    pub operation: String,
    /// Request, reply or fault.
    pub direction: Direction,
    /// The fault name, for faults.
    pub fault: Option<String>,
    /// The message's action (request action, reply action, or fault action).
    pub action: String,
    /// Headers, in declaration order (none for faults).
    pub headers: Vec<ResolvedPart>,
    /// The body.
    pub body: ResolvedPart,
}

impl ResolvedMessage {
    /// Headers then body, in the order the receiver checks them.
    pub fn parts(&self) -> impl Iterator<Item = &ResolvedPart> {
        self.headers.iter().chain(std::iter::once(&self.body))
    }
}

/// A header requirement inside a [`PartsSpec`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderRequirement {
    /// Local name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Level (never `None` inside a spec) and provenance.
    pub requirement: Sourced,
}

/// WCF's signature and encryption `MessagePartSpecification`s for one action, folded into one
/// level per part: a part at `Sign` is in the signature parts, at `EncryptAndSign` in both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartsSpec {
    /// The body's level (`None` = body not included).
    pub body: Sourced,
    /// Headers included (level `Sign` or `EncryptAndSign`), sorted by (namespace, name).
    pub headers: Vec<HeaderRequirement>,
}

impl PartsSpec {
    /// Nothing included.
    #[must_use]
    pub fn empty(source: Provenance) -> PartsSpec {
        PartsSpec {
            body: Sourced::new(ProtectionLevel::None, source),
            headers: Vec::new(),
        }
    }

    /// The requirement for a part, if the part is included.
    #[must_use]
    pub fn get(&self, part: &Part) -> Option<&Sourced> {
        match part {
            Part::Body => (self.body.level != ProtectionLevel::None).then_some(&self.body),
            Part::Header { name, namespace } => self
                .headers
                .iter()
                .find(|h| &h.name == name && &h.namespace == namespace)
                .map(|h| &h.requirement),
        }
    }

    /// The level required for a part (`None` when not included).
    #[must_use]
    pub fn level(&self, part: &Part) -> ProtectionLevel {
        self.get(part).map_or(ProtectionLevel::None, |s| s.level)
    }

    /// Add a part: union semantics (the stronger level wins; on a tie the first one stays).
    pub fn add(&mut self, part: &Part, req: &Sourced) {
        match part {
            Part::Body => {
                if req.level > self.body.level {
                    self.body = req.clone();
                }
            }
            Part::Header { name, namespace } => {
                if req.level == ProtectionLevel::None {
                    return;
                }
                match self
                    .headers
                    .iter_mut()
                    .find(|h| &h.name == name && &h.namespace == namespace)
                {
                    Some(h) => {
                        if req.level > h.requirement.level {
                            h.requirement = req.clone();
                        }
                    }
                    None => {
                        self.headers.push(HeaderRequirement {
                            name: name.clone(),
                            namespace: namespace.clone(),
                            requirement: req.clone(),
                        });
                        self.headers
                            .sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
                    }
                }
            }
        }
    }

    /// Union with another spec, part by part.
    pub fn union_with(&mut self, other: &PartsSpec) {
        self.add(&Part::Body, &other.body);
        for h in &other.headers {
            self.add(
                &Part::Header {
                    name: h.name.clone(),
                    namespace: h.namespace.clone(),
                },
                &h.requirement,
            );
        }
    }

    /// Whether anything is signed.
    #[must_use]
    pub fn has_signature_parts(&self) -> bool {
        self.body.level.is_signed() || !self.headers.is_empty()
    }

    /// Whether anything is encrypted.
    #[must_use]
    pub fn has_encryption_parts(&self) -> bool {
        self.body.level.is_encrypted()
            || self
                .headers
                .iter()
                .any(|h| h.requirement.level.is_encrypted())
    }
}

/// WCF's `ScopedMessagePartSpecification`: channel-wide parts plus one spec per action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopedParts {
    /// Parts required on every action (the WS-Addressing headers).
    pub channel: PartsSpec,
    /// Parts per action; `*` is the fallback.
    pub actions: BTreeMap<String, PartsSpec>,
}

impl ScopedParts {
    fn new() -> ScopedParts {
        ScopedParts {
            channel: PartsSpec::empty(Provenance::AddressingHeaders),
            actions: BTreeMap::new(),
        }
    }

    fn add_message(&mut self, key: &str, msg: &EffectiveMessage) {
        let entry = self
            .actions
            .entry(key.to_owned())
            .or_insert_with(|| PartsSpec::empty(msg.body.effective.source.clone()));
        for p in msg.parts() {
            entry.add(&p.part, &p.effective);
        }
    }

    /// The requirements the security layer uses for a message with this action: the exact
    /// action, else `*` (a `None` action — a reply without WS-Addressing — looks up `*`
    /// directly), joined with the channel parts. `None` when neither key exists: WCF then
    /// raises `NoSignaturePartsSpecified`.
    #[must_use]
    pub fn lookup(&self, action: Option<&str>) -> Option<PartsSpec> {
        let found = action
            .and_then(|a| self.actions.get(a))
            .or_else(|| self.actions.get("*"))?;
        let mut spec = found.clone();
        spec.union_with(&self.channel);
        Some(spec)
    }

    /// WCF's `HasProtectionRequirements` for signatures: any non-empty entry, channel included.
    #[must_use]
    pub fn has_signature_requirements(&self) -> bool {
        self.channel.has_signature_parts()
            || self.actions.values().any(PartsSpec::has_signature_parts)
    }

    /// Same, for encryption.
    #[must_use]
    pub fn has_encryption_requirements(&self) -> bool {
        self.channel.has_encryption_parts()
            || self.actions.values().any(PartsSpec::has_encryption_parts)
    }
}

/// One part with its declared level (`CreateFromContract`) and the effective one (after the
/// addressing collapse).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EffectivePart {
    /// Which part.
    pub part: Part,
    /// Whether this header is an unknown-header collection.
    pub unknown: bool,
    /// The level the contract's scopes give this part.
    pub declared: Sourced,
    /// The level the security layer applies and requires.
    pub effective: Sourced,
}

/// One message with declared and effective levels per part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EffectiveMessage {
    /// Operation name.
    pub operation: String,
    /// Request, reply or fault.
    pub direction: Direction,
    /// Fault name, for faults.
    pub fault: Option<String>,
    /// The message's action.
    pub action: String,
    /// The key the requirements are stored under (`*` for collapsed replies and faults).
    pub lookup_key: String,
    /// Headers, in declaration order (none for faults).
    pub headers: Vec<EffectivePart>,
    /// The body.
    pub body: EffectivePart,
}

impl EffectiveMessage {
    /// Headers then body, in the order the receiver checks them.
    pub fn parts(&self) -> impl Iterator<Item = &EffectivePart> {
        self.headers.iter().chain(std::iter::once(&self.body))
    }

    fn parts_mut(&mut self) -> impl Iterator<Item = &mut EffectivePart> {
        self.headers
            .iter_mut()
            .chain(std::iter::once(&mut self.body))
    }
}

/// A contract resolved against a binding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// Contract name.
    pub contract: String,
    /// Contract namespace.
    pub namespace: String,
    /// The binding.
    pub binding: Binding,
    /// The reading of the no-addressing rule.
    pub reading: Reading,
    /// Whether the levels reach the message layer (symmetric/asymmetric security element).
    /// When false, `incoming` and `outgoing` are empty and the levels below are only
    /// validated against the binding's capabilities.
    pub message_security: bool,
    /// Whether replies and faults were collapsed to the union under `*` (no WS-Addressing, with
    /// message security).
    pub collapsed: bool,
    /// Every message of every operation, in contract order: request, reply, faults.
    pub messages: Vec<EffectiveMessage>,
    /// Requirements for service-incoming messages (requests), by action.
    pub incoming: ScopedParts,
    /// Requirements for service-outgoing messages (replies, faults), by action.
    pub outgoing: ScopedParts,
}

fn max_over<'a>(items: impl Iterator<Item = &'a Sourced>) -> Option<Sourced> {
    let mut best: Option<&Sourced> = None;
    for s in items {
        match best {
            Some(b) if s.level <= b.level => {}
            _ => best = Some(s),
        }
    }
    best.cloned()
}

fn resolve_message(
    op: &str,
    direction: MessageDirection,
    msg: &Message,
    op_scope: &Sourced,
) -> (Vec<ResolvedPart>, ResolvedPart) {
    let default = op_scope.or_scope(msg.protection_level, || Provenance::MessageContract {
        operation: op.to_owned(),
        direction,
    });
    let headers = msg
        .headers
        .iter()
        .map(|h| ResolvedPart {
            part: Part::Header {
                name: h.name.clone(),
                namespace: h.namespace.clone(),
            },
            unknown: h.unknown,
            requirement: default.or_scope(h.protection_level, || Provenance::Header {
                operation: op.to_owned(),
                direction,
                name: h.name.clone(),
                namespace: h.namespace.clone(),
            }),
        })
        .collect();
    let body = if !msg.body.is_empty() {
        // Maximum over the members; the return value is ignored in this branch.
        let members: Vec<Sourced> = msg
            .body
            .iter()
            .map(|m| {
                default.or_scope(m.protection_level, || Provenance::BodyMember {
                    operation: op.to_owned(),
                    direction,
                    name: m.name.clone(),
                })
            })
            .collect();
        max_over(members.iter()).unwrap_or(default)
    } else if let Some(rv) = &msg.return_value {
        default.or_scope(rv.protection_level, || Provenance::ReturnValue {
            operation: op.to_owned(),
        })
    } else {
        // An empty body still gets the message default.
        default
    };
    (
        headers,
        ResolvedPart {
            part: Part::Body,
            unknown: false,
            requirement: body,
        },
    )
}

/// WCF's `CreateFromContract`: every message of every operation with its per-part levels,
/// the defaults taken from `binding` (its security element's supported levels for symmetric
/// and asymmetric elements, else None/None).
#[must_use]
pub fn create_from_contract(contract: &Contract, binding: &Binding) -> Vec<ResolvedMessage> {
    let defaults = binding.default_levels();
    let ms = binding.has_message_security();
    let default = |side, level| Provenance::BindingDefault {
        binding: binding.name.clone(),
        side,
        level,
        message_security: ms,
    };
    let contract_scope = |side: DefaultSide, level: ProtectionLevel| match contract.protection_level
    {
        Some(pl) => Sourced::new(
            pl,
            Provenance::Contract {
                name: contract.name.clone(),
            },
        ),
        None => Sourced::new(level, default(side, level)),
    };
    let c_req = contract_scope(DefaultSide::Request, defaults.request);
    let c_resp = contract_scope(DefaultSide::Response, defaults.response);
    let mut out = Vec::new();
    for op in &contract.operations {
        let op_prov = || Provenance::Operation {
            operation: op.name.clone(),
        };
        let op_req = c_req.or_scope(op.protection_level, op_prov);
        let op_resp = c_resp.or_scope(op.protection_level, op_prov);
        let (headers, body) =
            resolve_message(&op.name, MessageDirection::Input, &op.input, &op_req);
        out.push(ResolvedMessage {
            operation: op.name.clone(),
            direction: Direction::Request,
            fault: None,
            action: op.action.clone(),
            headers,
            body,
        });
        if let Some(output) = &op.output {
            let (headers, body) =
                resolve_message(&op.name, MessageDirection::Output, output, &op_resp);
            out.push(ResolvedMessage {
                operation: op.name.clone(),
                direction: Direction::Reply,
                fault: None,
                action: op.reply_action.clone(),
                headers,
                body,
            });
        }
        for f in &op.faults {
            // Faults inherit from the operation scope, never from a message contract.
            let req = op_resp.or_scope(f.protection_level, || Provenance::Fault {
                operation: op.name.clone(),
                name: f.name.clone(),
            });
            out.push(ResolvedMessage {
                operation: op.name.clone(),
                direction: Direction::Fault,
                fault: Some(f.name.clone()),
                action: f.action.clone(),
                headers: Vec::new(),
                body: ResolvedPart {
                    part: Part::Body,
                    unknown: false,
                    requirement: req,
                },
            });
        }
    }
    out
}

/// Resolve with the default (runtime) reading.
#[must_use]
pub fn resolve(contract: &Contract, binding: &Binding) -> Resolution {
    resolve_with(contract, binding, Reading::Runtime)
}

/// Resolve a contract against a binding: `CreateFromContract`, then, without WS-Addressing,
/// the union of replies and faults (runtime reading) or the contract's strongest level on
/// every part (documentation reading), then — with message security — the binding's own
/// requirements (signed WS-Addressing headers, infrastructure fault actions).
#[must_use]
pub fn resolve_with(contract: &Contract, binding: &Binding, reading: Reading) -> Resolution {
    let declared = create_from_contract(contract, binding);
    // The collapse only matters where the levels reach the message layer.
    let collapsed = binding.replies_carry_no_action() && binding.has_message_security();

    // The documentation reading: every part takes the strongest level in the contract.
    let strongest: Option<Sourced> = if collapsed && reading == Reading::Documentation {
        let mut best: Option<Sourced> = None;
        for m in &declared {
            for p in m.parts() {
                if best.as_ref().is_none_or(|b| p.requirement.level > b.level) {
                    best = Some(Sourced::new(
                        p.requirement.level,
                        Provenance::StrongestInContract {
                            action: m.action.clone(),
                            from: Box::new(p.requirement.source.clone()),
                        },
                    ));
                }
            }
        }
        best
    } else {
        None
    };

    let effective = |p: &ResolvedPart| EffectivePart {
        part: p.part.clone(),
        unknown: p.unknown,
        declared: p.requirement.clone(),
        effective: strongest.clone().unwrap_or_else(|| p.requirement.clone()),
    };
    let mut messages: Vec<EffectiveMessage> = declared
        .iter()
        .map(|m| {
            let lookup_key = if collapsed && m.direction != Direction::Request {
                "*".to_owned()
            } else {
                m.action.clone()
            };
            EffectiveMessage {
                operation: m.operation.clone(),
                direction: m.direction,
                fault: m.fault.clone(),
                action: m.action.clone(),
                lookup_key,
                headers: m.headers.iter().map(effective).collect(),
                body: effective(&m.body),
            }
        })
        .collect();

    // The runtime collapse: union over all replies and faults, part by part, under `*`.
    if collapsed {
        let mut union = PartsSpec::empty(Provenance::AddressingUnion {
            action: "*".to_owned(),
            from: Box::new(Provenance::InfrastructureFault),
        });
        let mut first = true;
        for m in messages
            .iter()
            .filter(|m| m.direction != Direction::Request)
        {
            for p in m.parts() {
                let wrapped = Sourced::new(
                    p.effective.level,
                    Provenance::AddressingUnion {
                        action: m.action.clone(),
                        from: Box::new(p.effective.source.clone()),
                    },
                );
                if first && p.part == Part::Body {
                    // The body entry always exists; start it from the first reply or fault.
                    union.body = wrapped.clone();
                    first = false;
                }
                union.add(&p.part, &wrapped);
            }
        }
        let rewrite = reading == Reading::Runtime;
        for m in messages
            .iter_mut()
            .filter(|m| rewrite && m.direction != Direction::Request)
        {
            for p in m.parts_mut() {
                if let Some(req) = union.get(&p.part) {
                    p.effective = req.clone();
                } else if p.part == Part::Body {
                    p.effective = union.body.clone();
                }
            }
        }
    }

    let message_security = binding.has_message_security();
    let mut incoming = ScopedParts::new();
    let mut outgoing = ScopedParts::new();
    if message_security {
        for m in &messages {
            let target = if m.direction == Direction::Request {
                &mut incoming
            } else {
                &mut outgoing
            };
            target.add_message(&m.lookup_key, m);
        }
        add_binding_requirements(binding, &mut incoming);
        add_binding_requirements(binding, &mut outgoing);
    }

    Resolution {
        contract: contract.name.clone(),
        namespace: contract.namespace.clone(),
        binding: binding.clone(),
        reading,
        message_security,
        collapsed,
        messages,
        incoming,
        outgoing,
    }
}

/// The requirements the binding adds on its own: WS-Addressing headers signed on every action
/// (channel scope), and infrastructure fault actions with their body protected at the security
/// element's default level when the binding supports it in both directions.
fn add_binding_requirements(binding: &Binding, parts: &mut ScopedParts) {
    let sign = Sourced::new(ProtectionLevel::Sign, Provenance::AddressingHeaders);
    for (name, namespace) in binding.addressing.signed_headers() {
        parts.channel.add(&Part::Header { name, namespace }, &sign);
    }
    let Some(own) = binding.security_element.own_levels() else {
        return;
    };
    let default_pl = match binding.security_element {
        SecurityElement::Symmetric => ProtectionLevel::EncryptAndSign,
        _ => own.request,
    };
    let supported = binding.capabilities.unwrap_or(own);
    if supported.request.is_stronger_or_equal(default_pl)
        && supported.response.is_stronger_or_equal(default_pl)
    {
        let req = Sourced::new(default_pl, Provenance::InfrastructureFault);
        for action in binding.addressing.infrastructure_fault_actions() {
            parts
                .actions
                .entry(action.to_owned())
                .or_insert_with(|| PartsSpec::empty(Provenance::InfrastructureFault))
                .add(&Part::Body, &req);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::ProtectionLevel::{EncryptAndSign as ES, None as N, Sign as S};

    fn po(client: bool) -> Contract {
        let c = Contract::new("IPurchaseOrder", "http://tempuri.org/");
        let mut c2 = c.clone();
        if client {
            c2 = c2.with_operation(c.new_operation("Tax"));
        }
        c2.with_operation(c.new_operation("Price").with_level(Some(S)))
    }

    fn binding(name: &str) -> Binding {
        Binding::preset(name).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn seed_client_union_is_encrypt_and_sign_on_basic_http_message() {
        let r = resolve(&po(true), &binding("basicHttp:Message"));
        assert!(r.collapsed);
        let star = r.outgoing.lookup(None).map(|s| s.body.level);
        assert_eq!(star, Some(ES));
        let price = r
            .incoming
            .lookup(Some("http://tempuri.org/IPurchaseOrder/Price"));
        assert_eq!(price.map(|s| s.body.level), Some(S));
        let service = resolve(&po(false), &binding("basicHttp:Message"));
        assert_eq!(service.outgoing.lookup(None).map(|s| s.body.level), Some(S));
    }

    #[test]
    fn with_addressing_replies_stay_per_action() {
        let r = resolve(&po(true), &binding("wsHttp"));
        assert!(!r.collapsed);
        let a = r
            .outgoing
            .lookup(Some("http://tempuri.org/IPurchaseOrder/PriceResponse"));
        assert_eq!(a.as_ref().map(|s| s.body.level), Some(S));
        // WS-Addressing headers are signed on every action.
        assert_eq!(a.map(|s| s.headers.len()), Some(7));
        assert!(r.outgoing.lookup(Some("urn:unknown")).is_none());
    }

    #[test]
    fn no_message_security_means_no_message_requirements() {
        let r = resolve(&po(true), &binding("basicHttps"));
        assert!(!r.message_security);
        assert!(r.incoming.actions.is_empty() && r.outgoing.actions.is_empty());
        let tax = r.messages.first().map(|m| m.body.effective.level);
        assert_eq!(tax, Some(N));
    }

    #[test]
    fn documentation_reading_raises_requests_too() {
        let r = resolve_with(
            &po(true),
            &binding("basicHttp:Message"),
            Reading::Documentation,
        );
        let price_req = r
            .messages
            .iter()
            .find(|m| m.operation == "Price" && m.direction == Direction::Request)
            .map(|m| m.body.effective.level);
        assert_eq!(price_req, Some(ES));
        let rt = resolve(&po(true), &binding("basicHttp:Message"));
        let price_req = rt
            .messages
            .iter()
            .find(|m| m.operation == "Price" && m.direction == Direction::Request)
            .map(|m| m.body.effective.level);
        assert_eq!(price_req, Some(S));
    }

    #[test]
    fn infrastructure_faults_follow_capabilities() {
        let r = resolve(&po(false), &binding("wsHttp"));
        let f = r
            .outgoing
            .lookup(Some("http://www.w3.org/2005/08/addressing/fault"));
        assert_eq!(f.map(|s| s.body.level), Some(ES));
        let mut cert = binding("basicHttp:Message");
        cert.security_element = SecurityElement::CertificateSignature;
        cert.capabilities = cert.security_element.own_levels();
        let r = resolve(&po(false), &cert);
        assert!(
            !r.incoming
                .actions
                .keys()
                .any(|k| k.ends_with("dispatcher/fault"))
        );
    }
}
