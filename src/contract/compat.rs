//! Compatibility analysis: given a client contract, a service contract and a binding, predict
//! every exchange where the receiver rejects what the sender sends (or the sender cannot send
//! at all), with the exact text WCF raises.
//!
//! Both sides are resolved on the same binding. For each client operation the request is
//! simulated (the client sends with its requirements for the request action, the service
//! checks with its own), then the reply and each fault the service declares (the service
//! sends, the client checks). The receive check follows WCF's protection pass: each header
//! present in the message, then the body; a required signature is checked before a required
//! encryption. Over-protection is accepted except where reference §7 says otherwise.

use super::resolve::{Direction, Part, PartsSpec, Reading, Resolution, ScopedParts, resolve_with};
use super::validate::{texts, validate_with};
use super::{Contract, Message, Operation};
use crate::binding::{AddressingVersion, Binding, WsSecurityVersion};
use crate::level::{ProtectionLevel, Sourced};
use serde::Serialize;
use std::fmt;

/// Which party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The client (initiator).
    Client,
    /// The service.
    Service,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Client => "client",
            Side::Service => "service",
        })
    }
}

/// When a problem surfaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// When the client channel factory or the service host opens.
    Open,
    /// When the sender builds the message.
    Send,
    /// When the receiver verifies the message.
    Receive,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Open => "open",
            Stage::Send => "send",
            Stage::Receive => "receive",
        })
    }
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// WCF will raise an error: a predicted failure.
    Failure,
    /// The contracts do not line up (an action one side does not know, a one-way mismatch):
    /// not a protection-level mismatch, reported but not counted as a failure.
    Warning,
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Open: the requests need more than the binding supports.
    RequestNotSupported,
    /// Open: the responses need more than the binding supports.
    ResponseNotSupported,
    /// Open: an unknown header with a level other than None.
    UnknownHeaderProtected,
    /// Send: header encryption under WS-Security 1.0.
    HeaderEncryptionWss10,
    /// Send: nothing in the message matched the signature parts.
    NoPartsToSign,
    /// Receive: a required part was not signed.
    PartNotSigned,
    /// Receive: a required part was not encrypted.
    PartNotEncrypted,
    /// Receive: a signature is required but the sender signs nothing.
    SignatureMissing,
    /// Receive: the receiver does not expect any encryption but the sender encrypted.
    EncryptionNotExpected,
    /// The receiver has no requirements for the message's action (no such operation).
    UnknownAction,
    /// One side declares the operation one-way, the other does not.
    OneWayMismatch,
    /// The contracts have different names or namespaces.
    ContractMismatch,
    /// A client operation with action `*` sends caller-chosen actions: not analysed.
    WildcardNotAnalyzed,
}

/// One predicted problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Failure or warning.
    pub severity: Severity,
    /// What rule.
    pub kind: FindingKind,
    /// When it surfaces.
    pub stage: Stage,
    /// Who raises it.
    pub raised_by: Side,
    /// The operation (client's name for requests, service's for replies and faults).
    pub operation: Option<String>,
    /// Request, reply or fault.
    pub direction: Option<Direction>,
    /// Fault name, for faults.
    pub fault: Option<String>,
    /// The action on the wire.
    pub action: Option<String>,
    /// The part concerned.
    pub part: Option<Part>,
    /// What the receiver requires for the part, and why.
    pub required: Option<Sourced>,
    /// What the sender applies to the part, and why.
    pub sent: Option<Sourced>,
    /// The exact text WCF raises (or, for warnings without a WCF text, an explanation).
    pub message: String,
}

/// Outcome of one simulated exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeStatus {
    /// The receiver accepts the message.
    Ok,
    /// A failure is predicted.
    Fails,
    /// Not checked (see the warnings).
    Unchecked,
}

/// One simulated message exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exchange {
    /// Operation name.
    pub operation: String,
    /// Request, reply or fault.
    pub direction: Direction,
    /// Fault name, for faults.
    pub fault: Option<String>,
    /// The action on the wire.
    pub action: String,
    /// The outcome.
    pub status: ExchangeStatus,
}

/// The result of [`check_compatibility`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Client contract name.
    pub client: String,
    /// Service contract name.
    pub service: String,
    /// The binding both sides use.
    pub binding: Binding,
    /// The reading of the no-addressing rule.
    pub reading: Reading,
    /// Whether contract levels reach the message layer on this binding.
    pub message_security: bool,
    /// Every exchange simulated.
    pub exchanges: Vec<Exchange>,
    /// Every problem found, failures and warnings, in the order found.
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when no failure is predicted (warnings allowed).
    #[must_use]
    pub fn is_compatible(&self) -> bool {
        !self
            .findings
            .iter()
            .any(|f| f.severity == Severity::Failure)
    }

    /// The predicted failures.
    pub fn failures(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Failure)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }
}

/// Check with the runtime reading. See [`check_compatibility_with`].
#[must_use]
pub fn check_compatibility(client: &Contract, service: &Contract, binding: &Binding) -> Report {
    check_compatibility_with(client, service, binding, Reading::Runtime)
}

/// Panic, with the whole report, unless the client and service are compatible on `binding`
/// (runtime reading). For users' unit tests.
///
/// # Panics
/// When [`check_compatibility`] predicts a failure.
#[track_caller]
pub fn assert_compatible(client: &Contract, service: &Contract, binding: &Binding) {
    let report = check_compatibility(client, service, binding);
    if !report.is_compatible() {
        panic!("contracts are not compatible:\n{report}");
    }
}

struct Ctx<'a> {
    binding: &'a Binding,
    client: Resolution,
    service: Resolution,
    findings: Vec<Finding>,
    exchanges: Vec<Exchange>,
}

/// What is simulated: who sends, the message's parts, its wire action, and the receiver's
/// lookup key.
struct Wire<'a> {
    sender: Side,
    operation: &'a str,
    direction: Direction,
    fault: Option<&'a str>,
    action: &'a str,
    receive_lookup: Option<&'a str>,
    present: Vec<Part>,
}

fn present_parts(msg: Option<&Message>) -> Vec<Part> {
    let mut parts: Vec<Part> = msg
        .map(|m| {
            m.headers
                .iter()
                .filter(|h| !h.unknown)
                .map(|h| Part::Header {
                    name: h.name.clone(),
                    namespace: h.namespace.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    parts.push(Part::Body);
    parts
}

impl Ctx<'_> {
    fn finding(
        &mut self,
        w: &Wire<'_>,
        kind: FindingKind,
        stage: Stage,
        by: Side,
        message: String,
    ) -> Option<&mut Finding> {
        let severity = match kind {
            FindingKind::UnknownAction
            | FindingKind::OneWayMismatch
            | FindingKind::ContractMismatch
            | FindingKind::WildcardNotAnalyzed => Severity::Warning,
            _ => Severity::Failure,
        };
        self.findings.push(Finding {
            severity,
            kind,
            stage,
            raised_by: by,
            operation: Some(w.operation.to_owned()),
            direction: Some(w.direction),
            fault: w.fault.map(str::to_owned),
            action: Some(w.action.to_owned()),
            part: None,
            required: None,
            sent: None,
            message,
        });
        self.findings.last_mut()
    }

    fn record(&mut self, w: &Wire<'_>, status: ExchangeStatus) {
        self.exchanges.push(Exchange {
            operation: w.operation.to_owned(),
            direction: w.direction,
            fault: w.fault.map(str::to_owned),
            action: w.action.to_owned(),
            status,
        });
    }

    fn parts_of(&self, side: Side, direction: Direction) -> &ScopedParts {
        let r = match side {
            Side::Client => &self.client,
            Side::Service => &self.service,
        };
        if direction == Direction::Request {
            &r.incoming
        } else {
            &r.outgoing
        }
    }

    /// Simulate one message; returns its status.
    fn simulate(&mut self, w: &Wire<'_>) -> ExchangeStatus {
        let receiver = match w.sender {
            Side::Client => Side::Service,
            Side::Service => Side::Client,
        };
        if !self.binding.has_message_security() {
            return ExchangeStatus::Ok;
        }
        let asymmetric = self.binding.security_element.is_asymmetric();
        let send_parts = self.parts_of(w.sender, w.direction);
        let recv_parts = self.parts_of(receiver, w.direction);
        let sender_signs = !asymmetric || send_parts.has_signature_requirements();
        let sender_encrypts = !asymmetric || send_parts.has_encryption_requirements();
        let receiver_checks_signing = !asymmetric || recv_parts.has_signature_requirements();
        let receiver_expects_encryption = !asymmetric || recv_parts.has_encryption_requirements();
        let send_spec = send_parts.lookup(Some(w.action));
        let recv_spec = recv_parts.lookup(w.receive_lookup);

        let Some(send_spec) = send_spec else {
            self.finding(
                w,
                FindingKind::UnknownAction,
                Stage::Send,
                w.sender,
                texts::no_signature_parts(w.action),
            );
            return ExchangeStatus::Unchecked;
        };
        let sent = |part: &Part| -> Sourced {
            match send_spec.get(part) {
                Some(s) if sender_signs => {
                    let mut s = s.clone();
                    if !sender_encrypts && s.level.is_encrypted() {
                        s.level = ProtectionLevel::Sign;
                    }
                    s
                }
                Some(s) => Sourced::new(ProtectionLevel::None, s.source.clone()),
                None => Sourced::new(ProtectionLevel::None, send_spec.body.source.clone()),
            }
        };

        // Send side.
        let mut failed = false;
        if self.binding.security_version == WsSecurityVersion::V10 {
            for part in &w.present {
                if let Part::Header { name, namespace } = part {
                    let s = sent(part);
                    if s.level.is_encrypted() {
                        let msg = texts::header_encryption_wss10(name, namespace);
                        let kind = FindingKind::HeaderEncryptionWss10;
                        if let Some(f) = self.finding(w, kind, Stage::Send, w.sender, msg) {
                            f.part = Some(part.clone());
                            f.sent = Some(s);
                        }
                        failed = true;
                    }
                }
            }
        }
        if sender_signs
            && !self.binding.include_timestamp
            && self.binding.addressing == AddressingVersion::None
            && !w.present.iter().any(|p| sent(p).level.is_signed())
        {
            self.finding(
                w,
                FindingKind::NoPartsToSign,
                Stage::Send,
                w.sender,
                texts::NO_PARTS_TO_SIGN.to_owned(),
            );
            failed = true;
        }
        if failed {
            return ExchangeStatus::Fails;
        }

        // Receive side.
        let Some(recv_spec) = recv_spec else {
            self.finding(
                w,
                FindingKind::UnknownAction,
                Stage::Receive,
                receiver,
                texts::no_signature_parts(w.action),
            );
            return ExchangeStatus::Unchecked;
        };
        if receiver_checks_signing && !sender_signs {
            self.finding(
                w,
                FindingKind::SignatureMissing,
                Stage::Receive,
                receiver,
                texts::SIGNATURE_MISSING.to_owned(),
            );
            return ExchangeStatus::Fails;
        }
        let soap = self.binding.soap;
        for part in &w.present {
            let s = sent(part);
            let required = required_of(&recv_spec, part);
            let (name, ns) = part.qname(soap);
            let kind_msg =
                if receiver_checks_signing && required.level.is_signed() && !s.level.is_signed() {
                    Some((FindingKind::PartNotSigned, texts::not_signed(name, ns)))
                } else if receiver_expects_encryption
                    && required.level.is_encrypted()
                    && !s.level.is_encrypted()
                {
                    Some((
                        FindingKind::PartNotEncrypted,
                        texts::not_encrypted(name, ns),
                    ))
                } else {
                    None
                };
            if let Some((kind, msg)) = kind_msg {
                if let Some(f) = self.finding(w, kind, Stage::Receive, receiver, msg) {
                    f.part = Some(part.clone());
                    f.required = Some(required);
                    f.sent = Some(s);
                }
                failed = true;
            }
        }
        if asymmetric
            && !receiver_expects_encryption
            && w.present.iter().any(|p| sent(p).level.is_encrypted())
        {
            self.finding(
                w,
                FindingKind::EncryptionNotExpected,
                Stage::Receive,
                receiver,
                texts::ENCRYPTION_NOT_EXPECTED.to_owned(),
            );
            failed = true;
        }
        if failed {
            ExchangeStatus::Fails
        } else {
            ExchangeStatus::Ok
        }
    }

    fn run(&mut self, w: &Wire<'_>) {
        let status = self.simulate(w);
        self.record(w, status);
    }
}

fn required_of(spec: &PartsSpec, part: &Part) -> Sourced {
    spec.get(part)
        .cloned()
        .unwrap_or_else(|| Sourced::new(ProtectionLevel::None, spec.body.source.clone()))
}

fn find_service_op<'a>(service: &'a Contract, action: &str) -> Option<&'a Operation> {
    service
        .operations
        .iter()
        .find(|o| o.action == action)
        .or_else(|| service.operations.iter().find(|o| o.action == "*"))
}

/// Predict every failure between `client` and `service` on `binding`.
#[must_use]
pub fn check_compatibility_with(
    client: &Contract,
    service: &Contract,
    binding: &Binding,
    reading: Reading,
) -> Report {
    let mut ctx = Ctx {
        binding,
        client: resolve_with(client, binding, reading),
        service: resolve_with(service, binding, reading),
        findings: Vec::new(),
        exchanges: Vec::new(),
    };

    if client.name != service.name || client.namespace != service.namespace {
        ctx.findings.push(Finding {
            severity: Severity::Warning,
            kind: FindingKind::ContractMismatch,
            stage: Stage::Open,
            raised_by: Side::Client,
            operation: None,
            direction: None,
            fault: None,
            action: None,
            part: None,
            required: None,
            sent: None,
            message: format!(
                "the client contract ('{}', '{}') and the service contract ('{}', '{}') differ; operations are matched by action",
                client.name, client.namespace, service.name, service.namespace
            ),
        });
    }

    for (side, contract) in [(Side::Client, client), (Side::Service, service)] {
        for issue in validate_with(contract, binding, reading)
            .into_iter()
            .filter(|i| i.stage == Stage::Open)
        {
            ctx.findings.push(Finding {
                severity: Severity::Failure,
                kind: match issue.kind {
                    super::ValidationKind::RequestNotSupported => FindingKind::RequestNotSupported,
                    super::ValidationKind::ResponseNotSupported => {
                        FindingKind::ResponseNotSupported
                    }
                    super::ValidationKind::UnknownHeaderProtected => {
                        FindingKind::UnknownHeaderProtected
                    }
                    super::ValidationKind::HeaderEncryptionWss10 => {
                        FindingKind::HeaderEncryptionWss10
                    }
                },
                stage: Stage::Open,
                raised_by: side,
                operation: issue.operation,
                direction: issue.direction,
                fault: None,
                action: None,
                part: issue.part,
                required: None,
                sent: None,
                message: issue.message,
            });
        }
    }

    let collapsed = binding.replies_carry_no_action();
    for cop in &client.operations {
        let request = Wire {
            sender: Side::Client,
            operation: &cop.name,
            direction: Direction::Request,
            fault: None,
            action: &cop.action,
            receive_lookup: Some(&cop.action),
            present: present_parts(Some(&cop.input)),
        };
        if cop.action == "*" {
            let msg = "the client operation has action '*': it sends caller-chosen actions, which cannot be analysed".to_owned();
            ctx.finding(
                &request,
                FindingKind::WildcardNotAnalyzed,
                Stage::Send,
                Side::Client,
                msg,
            );
            ctx.record(&request, ExchangeStatus::Unchecked);
            continue;
        }
        let Some(sop) = find_service_op(service, &cop.action) else {
            let msg = if binding.has_message_security() {
                texts::no_signature_parts(&cop.action)
            } else {
                "the service contract has no operation with this action".to_owned()
            };
            ctx.finding(
                &request,
                FindingKind::UnknownAction,
                Stage::Receive,
                Side::Service,
                msg,
            );
            ctx.record(&request, ExchangeStatus::Unchecked);
            continue;
        };
        ctx.run(&request);

        if cop.is_one_way != sop.is_one_way {
            let reply = Wire {
                sender: Side::Service,
                operation: &sop.name,
                direction: Direction::Reply,
                fault: None,
                action: &sop.reply_action,
                receive_lookup: None,
                present: Vec::new(),
            };
            let msg = format!(
                "the client declares '{}' {} but the service declares it {}",
                cop.name,
                if cop.is_one_way {
                    "one-way"
                } else {
                    "request/reply"
                },
                if sop.is_one_way {
                    "one-way"
                } else {
                    "request/reply"
                },
            );
            ctx.finding(
                &reply,
                FindingKind::OneWayMismatch,
                Stage::Receive,
                Side::Client,
                msg,
            );
            ctx.record(&reply, ExchangeStatus::Unchecked);
            continue;
        }
        if sop.is_one_way {
            continue;
        }
        let reply = Wire {
            sender: Side::Service,
            operation: &sop.name,
            direction: Direction::Reply,
            fault: None,
            action: &sop.reply_action,
            receive_lookup: if collapsed {
                None
            } else {
                Some(&sop.reply_action)
            },
            present: present_parts(sop.output.as_ref()),
        };
        ctx.run(&reply);
        for f in &sop.faults {
            let fault = Wire {
                sender: Side::Service,
                operation: &sop.name,
                direction: Direction::Fault,
                fault: Some(&f.name),
                action: &f.action,
                receive_lookup: if collapsed { None } else { Some(&f.action) },
                present: vec![Part::Body],
            };
            ctx.run(&fault);
        }
    }

    Report {
        client: client.name.clone(),
        service: service.name.clone(),
        binding: binding.clone(),
        reading,
        message_security: binding.has_message_security(),
        exchanges: ctx.exchanges,
        findings: ctx.findings,
    }
}

/// Word-wrap `text`, which starts at column `start`; continuation lines are indented by
/// `indent`; no line goes past `max` columns unless one word is longer.
pub(crate) fn wrap(text: &str, start: usize, indent: usize, max: usize) -> String {
    let mut out = String::new();
    let mut col = start;
    let mut first = true;
    for word in text.split(' ') {
        let len = word.chars().count();
        if !first && col + 1 + len > max {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
        } else if !first {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
        first = false;
    }
    out
}

fn exchange_label(operation: &str, direction: Direction, fault: Option<&str>) -> String {
    match fault {
        Some(f) => format!("{operation} fault {f}"),
        None => format!("{operation} {direction}"),
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "client:  {}", self.client)?;
        writeln!(f, "service: {}", self.service)?;
        writeln!(f, "binding: {}", wrap(&self.binding.describe(), 9, 9, 80))?;
        let reading = match (self.binding.replies_carry_no_action(), self.reading) {
            (false, _) => "per action (WS-Addressing carries every action)",
            (true, Reading::Runtime) => {
                "runtime: replies and faults are checked against the union over each contract"
            }
            (true, Reading::Documentation) => {
                "documentation: every part takes the strongest level in each contract"
            }
        };
        writeln!(f, "reading: {}", wrap(reading, 9, 9, 80))?;
        if !self.message_security {
            writeln!(
                f,
                "{}",
                wrap(
                    "note: no message security on this binding; contract levels are only validated against what the binding provides",
                    0,
                    6,
                    80
                )
            )?;
        }
        writeln!(f)?;
        if !self.exchanges.is_empty() {
            let width = self
                .exchanges
                .iter()
                .map(|e| {
                    exchange_label(&e.operation, e.direction, e.fault.as_deref())
                        .chars()
                        .count()
                })
                .max()
                .unwrap_or(8)
                .clamp(8, 60);
            writeln!(f, "{:<width$}  RESULT", "EXCHANGE")?;
            for e in &self.exchanges {
                let status = match e.status {
                    ExchangeStatus::Ok => "ok",
                    ExchangeStatus::Fails => "FAIL",
                    ExchangeStatus::Unchecked => "not checked (see warnings)",
                };
                let label = exchange_label(&e.operation, e.direction, e.fault.as_deref());
                writeln!(f, "{label:<width$}  {status}")?;
            }
            writeln!(f)?;
        }
        let ordered = self.failures().chain(self.warnings());
        for finding in ordered {
            let tag = match finding.severity {
                Severity::Failure => "FAIL",
                Severity::Warning => "WARN",
            };
            let what = match (&finding.operation, finding.direction) {
                (Some(op), Some(d)) if finding.stage != Stage::Open => {
                    exchange_label(op, d, finding.fault.as_deref())
                }
                _ => format!("{} open", finding.raised_by),
            };
            let part = finding
                .part
                .as_ref()
                .map(|p| format!(", {}", p.label("")))
                .unwrap_or_default();
            let head = format!(
                "{tag} {what}{part}: {} at {} ({:?})",
                finding.raised_by, finding.stage, finding.kind
            );
            writeln!(f, "{}", wrap(&head, 0, 5, 80))?;
            if let Some(r) = &finding.required {
                let line = format!("required {}: {}", r.level, r.source.short());
                writeln!(f, "     {}", wrap(&line, 5, 14, 80))?;
            }
            if let Some(s) = &finding.sent {
                let line = format!("sent     {}: {}", s.level, s.source.short());
                writeln!(f, "     {}", wrap(&line, 5, 14, 80))?;
            }
            if let Some(a) = &finding.action {
                writeln!(f, "     action: {a}")?;
            }
            writeln!(f, "     error: {}", finding.message)?;
            writeln!(f)?;
        }
        let failures = self.failures().count();
        let warnings = self.warnings().count();
        write!(
            f,
            "result: {} ({} predicted failure{}, {} warning{})",
            if failures == 0 {
                "compatible"
            } else {
                "NOT compatible"
            },
            failures,
            if failures == 1 { "" } else { "s" },
            warnings,
            if warnings == 1 { "" } else { "s" },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::ProtectionLevel::Sign;

    fn pair() -> (Contract, Contract) {
        let c = Contract::new("IPurchaseOrder", "http://tempuri.org/");
        let service = c
            .clone()
            .with_operation(c.new_operation("Price").with_level(Some(Sign)));
        let client = c
            .clone()
            .with_operation(c.new_operation("Tax"))
            .with_operation(c.new_operation("Price").with_level(Some(Sign)));
        (client, service)
    }

    #[test]
    fn seed_pair_fails_on_basic_http_message_only() {
        let (client, service) = pair();
        let b = Binding::preset("basicHttp:Message").unwrap_or_else(|e| panic!("{e}"));
        let r = check_compatibility(&client, &service, &b);
        let fails: Vec<&Finding> = r.failures().collect();
        assert_eq!(fails.len(), 1, "{r}");
        assert_eq!(
            fails.first().map(|f| f.message.as_str()),
            Some(
                "The 'Body', 'http://schemas.xmlsoap.org/soap/envelope/' required message part  was not encrypted."
            )
        );
        assert_eq!(fails.first().map(|f| f.raised_by), Some(Side::Client));
        let w = Binding::preset("wsHttp").unwrap_or_else(|e| panic!("{e}"));
        assert!(check_compatibility(&client, &service, &w).is_compatible());
        assert_compatible(&client, &service, &w);
    }

    #[test]
    fn assert_compatible_panics_with_the_report() {
        let (client, service) = pair();
        let b = Binding::preset("basicHttp:Message").unwrap_or_else(|e| panic!("{e}"));
        let caught = std::panic::catch_unwind(|| assert_compatible(&client, &service, &b));
        let payload = caught.err().and_then(|p| p.downcast::<String>().ok());
        let text = payload.map(|b| *b).unwrap_or_default();
        assert!(
            text.contains("required message part  was not encrypted."),
            "{text}"
        );
        assert!(text.contains("NOT compatible"), "{text}");
    }

    #[test]
    fn wrap_respects_width() {
        let w = wrap("aaa bbb ccc ddd", 0, 2, 7);
        assert_eq!(w, "aaa bbb\n  ccc\n  ddd");
        let w = wrap("aaa bbb ccc", 4, 4, 12);
        assert_eq!(w, "aaa bbb\n    ccc");
    }
}
