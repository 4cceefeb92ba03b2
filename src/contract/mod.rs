//! Service contracts and their protection levels: the model, resolution to per-message
//! requirements (WCF's `ChannelProtectionRequirements.CreateFromContract` and the
//! no-WS-Addressing union), open-time validation with WCF's exact texts, client/service
//! compatibility analysis, and the contract-file format.
//!
//! Every scope stores an `Option<ProtectionLevel>`: `None` (unset) inherits from the enclosing
//! scope, `Some(ProtectionLevel::None)` is an explicit override. The hierarchy is
//! contract → operation → message contract (input/output) → header / body member; a fault
//! inherits from the operation, never from a message contract; a return value has its own
//! level, used only when the body has no members.

mod compat;
mod file;
mod resolve;
mod validate;

pub use compat::{
    Exchange, ExchangeStatus, Finding, FindingKind, Report, Severity, Side, Stage,
    assert_compatible, check_compatibility, check_compatibility_with,
};
pub use file::{ContractFile, Limits, parse_contract_file, parse_contract_file_with_limits};
pub use resolve::{
    Direction, EffectiveMessage, EffectivePart, HeaderRequirement, Part, PartsSpec, Reading,
    Resolution, ResolvedMessage, ResolvedPart, ScopedParts, create_from_contract, resolve,
    resolve_with,
};
pub use validate::{
    ValidationIssue, ValidationKind, texts, validate, validate_for_open, validate_with,
};

use crate::level::ProtectionLevel;
use serde::Serialize;

/// A position in a contract file, 1-based; columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1, in characters.
    pub column: u32,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Everything that can go wrong reading a contract file, building a contract, or opening a
/// contract on a binding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ContractError {
    /// The file is not well-formed XML.
    #[error("{at}: malformed XML: {message}")]
    Xml {
        /// Where.
        at: Location,
        /// What quick-xml reported.
        message: String,
    },
    /// A DOCTYPE declaration: not allowed in contract files.
    #[error("{at}: DOCTYPE is not allowed in contract files")]
    Doctype {
        /// Where.
        at: Location,
    },
    /// Something other than what the format allows at this point.
    #[error("{at}: found {found}, expected {expected}")]
    Unexpected {
        /// Where.
        at: Location,
        /// What was found.
        found: String,
        /// What the format allows here.
        expected: String,
    },
    /// A required element is missing.
    #[error("{at}: expected a <{element}> element")]
    MissingElement {
        /// Where (the enclosing element).
        at: Location,
        /// Element name.
        element: &'static str,
    },
    /// A required attribute is missing.
    #[error("{at}: <{element}> needs a '{attribute}' attribute")]
    MissingAttribute {
        /// Where.
        at: Location,
        /// Element name.
        element: String,
        /// Attribute name.
        attribute: String,
    },
    /// An attribute has a value outside its domain.
    #[error("{at}: '{attribute}' is '{value}', expected {expected}")]
    InvalidValue {
        /// Where.
        at: Location,
        /// Attribute name.
        attribute: String,
        /// The value found.
        value: String,
        /// What is allowed.
        expected: String,
    },
    /// A name, action or part is declared twice, or the file is inconsistent.
    #[error("{at}: {message}")]
    Invalid {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// A size, depth or count limit was exceeded.
    #[error("{at}: too many {what} (limit {limit})")]
    Limit {
        /// Where.
        at: Location,
        /// What was counted.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The input is larger than the size limit.
    #[error("contract file is {size} bytes, larger than the limit of {limit} bytes")]
    TooLarge {
        /// Input size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A binding preset name is unknown.
    #[error(transparent)]
    UnknownBinding(#[from] crate::binding::UnknownBinding),
    /// A contract built through the API is inconsistent (duplicate names or actions, a one-way
    /// operation with a reply or faults, …).
    #[error("invalid contract: {0}")]
    Model(String),
    /// The contract cannot be opened on the binding; the message is WCF's exact text.
    #[error("{0}")]
    Validation(String),
}

impl ContractError {
    /// Where in the contract file the error is, when it is about a file position.
    #[must_use]
    pub fn location(&self) -> Option<Location> {
        match self {
            ContractError::Xml { at, .. }
            | ContractError::Doctype { at }
            | ContractError::Unexpected { at, .. }
            | ContractError::MissingElement { at, .. }
            | ContractError::MissingAttribute { at, .. }
            | ContractError::InvalidValue { at, .. }
            | ContractError::Invalid { at, .. }
            | ContractError::Limit { at, .. } => Some(*at),
            ContractError::TooLarge { .. }
            | ContractError::UnknownBinding(_)
            | ContractError::Model(_)
            | ContractError::Validation(_) => None,
        }
    }
}

/// A service contract (`[ServiceContract]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contract {
    /// Contract name (e.g. `IPurchaseOrder`).
    pub name: String,
    /// Contract namespace (default `http://tempuri.org/`).
    pub namespace: String,
    /// `ServiceContractAttribute.ProtectionLevel`, if set.
    pub protection_level: Option<ProtectionLevel>,
    /// Operations, in declaration order.
    pub operations: Vec<Operation>,
}

/// An operation (`[OperationContract]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// Operation name.
    pub name: String,
    /// Request action; `*` makes it the fallback for unmatched requests.
    pub action: String,
    /// Reply action; `*` is allowed.
    pub reply_action: String,
    /// One-way: no reply, no faults.
    pub is_one_way: bool,
    /// `OperationContractAttribute.ProtectionLevel`, if set (applies to request, reply, faults).
    pub protection_level: Option<ProtectionLevel>,
    /// The request message.
    pub input: Message,
    /// The reply message (`None` when one-way).
    pub output: Option<Message>,
    /// Declared fault contracts.
    pub faults: Vec<Fault>,
}

/// One message of an operation: its message-contract level, headers and body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Message {
    /// `MessageContractAttribute.ProtectionLevel`, if set.
    pub protection_level: Option<ProtectionLevel>,
    /// Message headers, in order.
    pub headers: Vec<Header>,
    /// Body members (or plain parameters), in order.
    pub body: Vec<BodyMember>,
    /// The return value (output only); ignored for protection when `body` is non-empty.
    pub return_value: Option<ReturnValue>,
}

/// A message header (`[MessageHeader]`), identified by its qualified name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    /// Local name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Level, if set.
    pub protection_level: Option<ProtectionLevel>,
    /// An unknown-header collection (`[MessageHeaderArray] XmlElement[]`): any level other
    /// than None fails validation.
    pub unknown: bool,
}

/// A body member (`[MessageBodyMember]`) or plain parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyMember {
    /// Member name.
    pub name: String,
    /// Member namespace.
    pub namespace: String,
    /// Level, if set.
    pub protection_level: Option<ProtectionLevel>,
}

/// An operation's return value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnValue {
    /// Name (WCF: `{Operation}Result`).
    pub name: String,
    /// Level, if set.
    pub protection_level: Option<ProtectionLevel>,
}

/// A fault contract (`[FaultContract]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fault {
    /// Fault detail name.
    pub name: String,
    /// Fault action.
    pub action: String,
    /// Level, if set; unset inherits from the operation (never from a message contract).
    pub protection_level: Option<ProtectionLevel>,
}

/// Join a namespace and a name the way WCF's `NamingHelper.CombineUriStrings` does.
fn combine_uri(namespace: &str, name: &str) -> String {
    if namespace.is_empty() || namespace.ends_with('/') {
        format!("{namespace}{name}")
    } else {
        format!("{namespace}/{name}")
    }
}

impl Contract {
    /// An empty contract with no level set.
    #[must_use]
    pub fn new(name: &str, namespace: &str) -> Contract {
        Contract {
            name: name.to_owned(),
            namespace: namespace.to_owned(),
            protection_level: None,
            operations: Vec::new(),
        }
    }

    /// Set the contract's level (builder style).
    #[must_use]
    pub fn with_level(mut self, level: Option<ProtectionLevel>) -> Contract {
        self.protection_level = level;
        self
    }

    /// WCF's default action: `{ns}{Contract}/{Op}`.
    #[must_use]
    pub fn default_action(&self, operation: &str) -> String {
        format!("{}/{operation}", combine_uri(&self.namespace, &self.name))
    }

    /// WCF's default reply action: `{ns}{Contract}/{Op}Response`.
    #[must_use]
    pub fn default_reply_action(&self, operation: &str) -> String {
        format!("{}Response", self.default_action(operation))
    }

    /// WCF's default fault action: `{ns}{Contract}/{Op}{Fault}Fault`.
    #[must_use]
    pub fn default_fault_action(&self, operation: &str, fault: &str) -> String {
        format!("{}{fault}Fault", self.default_action(operation))
    }

    /// A request/reply operation with default actions and no level set.
    #[must_use]
    pub fn new_operation(&self, name: &str) -> Operation {
        Operation {
            name: name.to_owned(),
            action: self.default_action(name),
            reply_action: self.default_reply_action(name),
            is_one_way: false,
            protection_level: None,
            input: Message::default(),
            output: Some(Message::default()),
            faults: Vec::new(),
        }
    }

    /// A fault with the default action for `operation`.
    #[must_use]
    pub fn new_fault(&self, operation: &str, name: &str, level: Option<ProtectionLevel>) -> Fault {
        Fault {
            name: name.to_owned(),
            action: self.default_fault_action(operation, name),
            protection_level: level,
        }
    }

    /// Add an operation (builder style).
    #[must_use]
    pub fn with_operation(mut self, operation: Operation) -> Contract {
        self.operations.push(operation);
        self
    }

    /// Find an operation by name.
    #[must_use]
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }

    /// Check the model's invariants: non-empty names, unique operation names and request
    /// actions, one-way operations without reply or faults, unique parts per message.
    pub fn check(&self) -> Result<(), ContractError> {
        if self.name.is_empty() {
            return Err(ContractError::Model("the contract has no name".into()));
        }
        let mut names = std::collections::BTreeSet::new();
        let mut actions = std::collections::BTreeSet::new();
        for op in &self.operations {
            if op.name.is_empty() {
                return Err(ContractError::Model("an operation has no name".into()));
            }
            if !names.insert(op.name.as_str()) {
                return Err(ContractError::Model(format!(
                    "operation '{}' is declared twice",
                    op.name
                )));
            }
            if !actions.insert(op.action.as_str()) {
                return Err(ContractError::Model(format!(
                    "operation '{}' has action '{}', already used by another operation",
                    op.name, op.action
                )));
            }
            if op.is_one_way && (op.output.is_some() || !op.faults.is_empty()) {
                return Err(ContractError::Model(format!(
                    "one-way operation '{}' cannot have a reply or faults",
                    op.name
                )));
            }
            if !op.is_one_way && op.output.is_none() {
                return Err(ContractError::Model(format!(
                    "operation '{}' is not one-way but has no reply message",
                    op.name
                )));
            }
            let mut faults = std::collections::BTreeSet::new();
            for f in &op.faults {
                if !faults.insert(f.name.as_str()) {
                    return Err(ContractError::Model(format!(
                        "fault '{}' of operation '{}' is declared twice",
                        f.name, op.name
                    )));
                }
            }
            for (msg, what) in [(Some(&op.input), "input"), (op.output.as_ref(), "output")] {
                let Some(msg) = msg else { continue };
                let mut headers = std::collections::BTreeSet::new();
                for h in &msg.headers {
                    if !headers.insert((h.namespace.as_str(), h.name.as_str())) {
                        return Err(ContractError::Model(format!(
                            "header ('{}', '{}') appears twice in the {what} of '{}'",
                            h.name, h.namespace, op.name
                        )));
                    }
                }
                let mut members = std::collections::BTreeSet::new();
                for m in &msg.body {
                    if !members.insert((m.namespace.as_str(), m.name.as_str())) {
                        return Err(ContractError::Model(format!(
                            "body member '{}' appears twice in the {what} of '{}'",
                            m.name, op.name
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

impl Operation {
    /// Set the operation's level (builder style).
    #[must_use]
    pub fn with_level(mut self, level: Option<ProtectionLevel>) -> Operation {
        self.protection_level = level;
        self
    }

    /// Make the operation one-way (drops the reply and faults).
    #[must_use]
    pub fn one_way(mut self) -> Operation {
        self.is_one_way = true;
        self.output = None;
        self.faults.clear();
        self
    }

    /// Add a fault (builder style).
    #[must_use]
    pub fn with_fault(mut self, fault: Fault) -> Operation {
        self.faults.push(fault);
        self
    }
}

impl Message {
    /// A message contract with the given level and no parts.
    #[must_use]
    pub fn with_level(level: Option<ProtectionLevel>) -> Message {
        Message {
            protection_level: level,
            ..Message::default()
        }
    }

    /// Add a header (builder style).
    #[must_use]
    pub fn header(
        mut self,
        name: &str,
        namespace: &str,
        level: Option<ProtectionLevel>,
    ) -> Message {
        self.headers.push(Header {
            name: name.to_owned(),
            namespace: namespace.to_owned(),
            protection_level: level,
            unknown: false,
        });
        self
    }

    /// Add a body member (builder style).
    #[must_use]
    pub fn member(
        mut self,
        name: &str,
        namespace: &str,
        level: Option<ProtectionLevel>,
    ) -> Message {
        self.body.push(BodyMember {
            name: name.to_owned(),
            namespace: namespace.to_owned(),
            protection_level: level,
        });
        self
    }

    /// Set the return value (builder style).
    #[must_use]
    pub fn returns(mut self, name: &str, level: Option<ProtectionLevel>) -> Message {
        self.return_value = Some(ReturnValue {
            name: name.to_owned(),
            protection_level: level,
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_actions_follow_wcf() {
        let c = Contract::new("IPurchaseOrder", "http://tempuri.org/");
        assert_eq!(
            c.default_action("Price"),
            "http://tempuri.org/IPurchaseOrder/Price"
        );
        assert_eq!(
            c.default_reply_action("Price"),
            "http://tempuri.org/IPurchaseOrder/PriceResponse"
        );
        assert_eq!(
            c.default_fault_action("Price", "PriceFault"),
            "http://tempuri.org/IPurchaseOrder/PricePriceFaultFault"
        );
        let u = Contract::new("C", "urn:x");
        assert_eq!(u.default_action("Op"), "urn:x/C/Op");
    }

    #[test]
    fn check_rejects_duplicates_and_bad_one_way() {
        let c = Contract::new("C", "urn:x");
        let dup = c
            .clone()
            .with_operation(c.new_operation("A"))
            .with_operation(c.new_operation("A"));
        assert!(
            matches!(dup.check(), Err(ContractError::Model(m)) if m.contains("declared twice"))
        );
        let mut b = c.new_operation("B");
        b.action = c.default_action("A");
        let same_action = c
            .clone()
            .with_operation(c.new_operation("A"))
            .with_operation(b);
        assert!(
            matches!(same_action.check(), Err(ContractError::Model(m)) if m.contains("already used"))
        );
        let mut ow = c.new_operation("O").one_way();
        ow.output = Some(Message::default());
        let bad = c.clone().with_operation(ow);
        assert!(matches!(bad.check(), Err(ContractError::Model(m)) if m.contains("one-way")));
        let ok = c.clone().with_operation(c.new_operation("A").one_way());
        assert_eq!(ok.check(), Ok(()));
    }
}
