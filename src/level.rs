//! Protection levels and where a resolved level came from.
//!
//! [`ProtectionLevel`] mirrors WCF's `System.Net.Security.ProtectionLevel`, totally ordered
//! `None < Sign < EncryptAndSign`. Every scope of a contract stores an `Option<ProtectionLevel>`:
//! `Option::None` means "not set, inherit", `Some(ProtectionLevel::None)` is an explicit override
//! that stops inheritance.
//!
//! [`Provenance`] records which scope set a resolved level, or which default applied, so that a
//! user can see *why* a part ends up signed or encrypted.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How a message part is protected: nothing, signed, or signed and encrypted.
///
/// The derived order is the strength order: `None < Sign < EncryptAndSign`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum ProtectionLevel {
    /// No message-level protection.
    #[default]
    None,
    /// Signed (integrity) only.
    Sign,
    /// Signed and encrypted (integrity and confidentiality).
    EncryptAndSign,
}

impl ProtectionLevel {
    /// All three levels, weakest first.
    pub const ALL: [ProtectionLevel; 3] = [
        ProtectionLevel::None,
        ProtectionLevel::Sign,
        ProtectionLevel::EncryptAndSign,
    ];

    /// The stronger of two levels (WCF's `ProtectionLevelHelper.Max`).
    #[must_use]
    pub fn max(self, other: ProtectionLevel) -> ProtectionLevel {
        Ord::max(self, other)
    }

    /// WCF's `ProtectionLevelHelper.IsStrongerOrEqual(self, other)`, quirk included:
    /// `None` is never "stronger or equal", not even to `None`.
    ///
    /// WCF uses this to compare a binding's supported level (`self`) with a required one
    /// (`other`); callers only ask when `other` is not `None`, except for the
    /// infrastructure-fault rule, where the quirk matters.
    #[must_use]
    pub fn is_stronger_or_equal(self, other: ProtectionLevel) -> bool {
        match self {
            ProtectionLevel::EncryptAndSign => true,
            ProtectionLevel::Sign => other != ProtectionLevel::EncryptAndSign,
            ProtectionLevel::None => false,
        }
    }

    /// Whether this level includes a signature.
    #[must_use]
    pub fn is_signed(self) -> bool {
        self >= ProtectionLevel::Sign
    }

    /// Whether this level includes encryption.
    #[must_use]
    pub fn is_encrypted(self) -> bool {
        self == ProtectionLevel::EncryptAndSign
    }

    /// The spelling used in contract files, JSON and tables (`None`, `Sign`, `EncryptAndSign`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ProtectionLevel::None => "None",
            ProtectionLevel::Sign => "Sign",
            ProtectionLevel::EncryptAndSign => "EncryptAndSign",
        }
    }

    /// Resolve an optional scope value against the value inherited from the enclosing scope.
    #[must_use]
    pub fn or_inherit(set: Option<ProtectionLevel>, inherited: ProtectionLevel) -> ProtectionLevel {
        set.unwrap_or(inherited)
    }
}

impl fmt::Display for ProtectionLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text did not name a protection level.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown protection level '{0}': expected None, Sign or EncryptAndSign")]
pub struct ParseLevelError(pub String);

impl FromStr for ProtectionLevel {
    type Err = ParseLevelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "None" => Ok(ProtectionLevel::None),
            "Sign" => Ok(ProtectionLevel::Sign),
            "EncryptAndSign" => Ok(ProtectionLevel::EncryptAndSign),
            other => Err(ParseLevelError(other.to_owned())),
        }
    }
}

/// Which message of an operation a scope belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageDirection {
    /// The input (request) message: client to service.
    Input,
    /// The output (reply) message: service to client.
    Output,
}

impl fmt::Display for MessageDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MessageDirection::Input => "input",
            MessageDirection::Output => "output",
        })
    }
}

/// Which of the binding's two supported levels a default came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultSide {
    /// The binding's default for requests.
    Request,
    /// The binding's default for responses (replies and faults).
    Response,
}

/// Where a resolved protection level came from.
///
/// Scope variants name the scope whose `ProtectionLevel` was set; [`Provenance::BindingDefault`]
/// says that no scope set one; the two "collapse" variants wrap the provenance of the part that
/// contributed the strongest level when WS-Addressing is absent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Provenance {
    /// Set on the service contract.
    Contract {
        /// Contract name.
        name: String,
    },
    /// Set on the operation (applies to its request, reply and faults).
    Operation {
        /// Operation name.
        operation: String,
    },
    /// Set on the message contract of the operation's input or output.
    MessageContract {
        /// Operation name.
        operation: String,
        /// Input or output.
        direction: MessageDirection,
    },
    /// Set on a message header.
    Header {
        /// Operation name.
        operation: String,
        /// Input or output.
        direction: MessageDirection,
        /// Header local name.
        name: String,
        /// Header namespace.
        namespace: String,
    },
    /// Set on a body member; the body takes the maximum over its members.
    BodyMember {
        /// Operation name.
        operation: String,
        /// Input or output.
        direction: MessageDirection,
        /// Member name.
        name: String,
    },
    /// Set on the return value (used only when the body has no members).
    ReturnValue {
        /// Operation name.
        operation: String,
    },
    /// Set on a fault contract.
    Fault {
        /// Operation name.
        operation: String,
        /// Fault name.
        name: String,
    },
    /// No scope set a level: the binding's default applied.
    BindingDefault {
        /// Binding name (e.g. `WSHttpBinding`).
        binding: String,
        /// Request or response default.
        side: DefaultSide,
        /// The default level.
        level: ProtectionLevel,
        /// True when the binding has message security (a symmetric or asymmetric security
        /// binding element); false when the default is `None` because it has not.
        message_security: bool,
    },
    /// No WS-Addressing, runtime reading: replies and faults are checked against the union over
    /// the whole contract. `from` is the provenance of the strongest contribution, made by the
    /// message with action `action`.
    AddressingUnion {
        /// The action of the reply or fault whose requirement was the strongest.
        action: String,
        /// Where that requirement came from.
        from: Box<Provenance>,
    },
    /// No WS-Addressing, documentation reading: every part becomes the strongest level used
    /// anywhere in the contract.
    StrongestInContract {
        /// The action of a message carrying the strongest level.
        action: String,
        /// Where that level came from.
        from: Box<Provenance>,
    },
    /// WS-Addressing headers, signed on every message by the transport binding element.
    AddressingHeaders,
    /// Infrastructure fault actions added by the security binding element.
    InfrastructureFault,
}

impl Provenance {
    /// A short label used in tables, e.g. `operation Price` or `binding request default`;
    /// the row it appears in names the operation and part.
    #[must_use]
    pub fn short(&self) -> String {
        match self {
            Provenance::Contract { name } => format!("contract {name}"),
            Provenance::Operation { operation } => format!("operation {operation}"),
            Provenance::MessageContract { direction, .. } => {
                format!("{direction} message contract")
            }
            Provenance::Header { name, .. } => format!("header {name}"),
            Provenance::BodyMember { name, .. } => format!("member {name}"),
            Provenance::ReturnValue { .. } => "return value".to_owned(),
            Provenance::Fault { name, .. } => format!("fault {name}"),
            Provenance::BindingDefault {
                side,
                message_security,
                ..
            } => match (message_security, side) {
                (false, _) => "binding default (no message security)".to_owned(),
                (true, DefaultSide::Request) => "binding request default".to_owned(),
                (true, DefaultSide::Response) => "binding response default".to_owned(),
            },
            Provenance::AddressingUnion { action, from } => {
                format!("union: {}, {}", last_segment(action), from.short())
            }
            Provenance::StrongestInContract { action, from } => {
                format!("strongest: {}, {}", last_segment(action), from.short())
            }
            Provenance::AddressingHeaders => "WS-Addressing header".to_owned(),
            Provenance::InfrastructureFault => "infrastructure fault".to_owned(),
        }
    }
}

/// The last `/`-separated segment of an action, for compact display.
fn last_segment(action: &str) -> &str {
    action.rsplit('/').next().unwrap_or(action)
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Provenance::Contract { name } => write!(f, "set on contract '{name}'"),
            Provenance::Operation { operation } => write!(f, "set on operation '{operation}'"),
            Provenance::MessageContract {
                operation,
                direction,
            } => write!(
                f,
                "set on the {direction} message contract of '{operation}'"
            ),
            Provenance::Header {
                operation,
                direction,
                name,
                namespace,
            } => write!(
                f,
                "set on header ('{name}', '{namespace}') of the {direction} of '{operation}'"
            ),
            Provenance::BodyMember {
                operation,
                direction,
                name,
            } => write!(
                f,
                "set on body member '{name}' of the {direction} of '{operation}'"
            ),
            Provenance::ReturnValue { operation } => {
                write!(f, "set on the return value of '{operation}'")
            }
            Provenance::Fault { operation, name } => {
                write!(f, "set on fault '{name}' of '{operation}'")
            }
            Provenance::BindingDefault {
                binding,
                side,
                level,
                message_security,
            } => {
                let side = match side {
                    DefaultSide::Request => "request",
                    DefaultSide::Response => "response",
                };
                if *message_security {
                    write!(f, "binding '{binding}' {side} default ({level})")
                } else {
                    write!(
                        f,
                        "binding '{binding}' has no message security: default {level}"
                    )
                }
            }
            Provenance::AddressingUnion { action, from } => write!(
                f,
                "no WS-Addressing: union over all replies and faults, strongest from '{action}' ({from})"
            ),
            Provenance::StrongestInContract { action, from } => write!(
                f,
                "no WS-Addressing (documentation reading): strongest level in the contract, from '{action}' ({from})"
            ),
            Provenance::AddressingHeaders => {
                f.write_str("WS-Addressing header, signed on every message")
            }
            Provenance::InfrastructureFault => {
                f.write_str("infrastructure fault action added by the security binding element")
            }
        }
    }
}

/// A level together with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sourced {
    /// The effective level.
    pub level: ProtectionLevel,
    /// Where it came from.
    pub source: Provenance,
}

impl Sourced {
    /// Pair a level with its provenance.
    #[must_use]
    pub fn new(level: ProtectionLevel, source: Provenance) -> Self {
        Sourced { level, source }
    }

    /// Take `level` from the scope if it is set, else inherit `self`.
    #[must_use]
    pub fn or_scope(
        &self,
        set: Option<ProtectionLevel>,
        scope: impl FnOnce() -> Provenance,
    ) -> Self {
        match set {
            Some(level) => Sourced::new(level, scope()),
            None => self.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_total_and_max_picks_stronger() {
        use ProtectionLevel::*;
        assert!(None < Sign && Sign < EncryptAndSign);
        assert_eq!(None.max(Sign), Sign);
        assert_eq!(EncryptAndSign.max(Sign), EncryptAndSign);
        assert_eq!(None.max(None), None);
    }

    #[test]
    fn is_stronger_or_equal_has_the_wcf_quirk() {
        use ProtectionLevel::*;
        let table = [
            (None, None, false),
            (None, Sign, false),
            (None, EncryptAndSign, false),
            (Sign, None, true),
            (Sign, Sign, true),
            (Sign, EncryptAndSign, false),
            (EncryptAndSign, None, true),
            (EncryptAndSign, Sign, true),
            (EncryptAndSign, EncryptAndSign, true),
        ];
        for (a, b, want) in table {
            assert_eq!(a.is_stronger_or_equal(b), want, "{a} >= {b}");
        }
    }

    #[test]
    fn parse_and_display_round_trip() {
        for l in ProtectionLevel::ALL {
            assert_eq!(l.to_string().parse::<ProtectionLevel>(), Ok(l));
        }
        assert!("sign".parse::<ProtectionLevel>().is_err());
        assert_eq!(
            serde_json::to_string(&ProtectionLevel::EncryptAndSign).ok(),
            Some("\"EncryptAndSign\"".to_owned())
        );
    }

    #[test]
    fn or_scope_overrides_only_when_set() {
        let inherited = Sourced::new(
            ProtectionLevel::Sign,
            Provenance::Contract { name: "C".into() },
        );
        let op = || Provenance::Operation {
            operation: "Op".into(),
        };
        assert_eq!(inherited.or_scope(None, op), inherited);
        let set = inherited.or_scope(Some(ProtectionLevel::None), op);
        assert_eq!(set.level, ProtectionLevel::None);
        assert_eq!(set.source, op());
    }
}
