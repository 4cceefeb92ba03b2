//! Validation of a contract on a binding, with WCF's exact texts (reference §3a and §3c).
//!
//! Open-time checks (`ContractProtectionRequirementsRule`): the binding must be able to
//! provide the levels the contract requires, per direction, and an unknown-header collection
//! must resolve to `None`. Send-time check: under WS-Security 1.0 a header at
//! `EncryptAndSign` makes the sender fail (WCF has no startup check for this; we report it
//! ahead of time, marked [`Stage::Send`]).

use super::compat::Stage;
use super::resolve::{Direction, Part, Reading, create_from_contract, resolve_with};
use super::{Contract, ContractError};
use crate::binding::{Binding, WsSecurityVersion};
use crate::level::ProtectionLevel;
use serde::Serialize;

/// WCF's message texts, verbatim (spacing included), as format functions.
pub mod texts {
    /// `AtLeastOneContractOperationRequestRequiresProtectionLevelNotSupportedByBinding`
    /// (no space after the commas).
    #[must_use]
    pub fn request_not_supported(c_name: &str, c_ns: &str, b_name: &str, b_ns: &str) -> String {
        format!(
            "The request message must be protected. This is required by an operation of the contract ('{c_name}','{c_ns}'). The protection must be provided by the binding ('{b_name}','{b_ns}')."
        )
    }

    /// `AtLeastOneContractOperationResponseRequiresProtectionLevelNotSupportedByBinding`
    /// (a space after the commas).
    #[must_use]
    pub fn response_not_supported(c_name: &str, c_ns: &str, b_name: &str, b_ns: &str) -> String {
        format!(
            "The response message must be protected. This is required by an operation of the contract ('{c_name}', '{c_ns}'). The protection must be provided by the binding ('{b_name}', '{b_ns}')."
        )
    }

    /// `UnknownHeaderCannotProtected`.
    #[must_use]
    pub fn unknown_header(c_name: &str, c_ns: &str, h_name: &str, h_ns: &str) -> String {
        format!(
            "The contract ('{c_name}','{c_ns}') contains some unknown header ('{h_name}','{h_ns}') which cannot be secured. Please choose ProtectionLevel.None for this header."
        )
    }

    /// `HeaderEncryptionNotSupportedInWsSecurityJan2004`.
    #[must_use]
    pub fn header_encryption_wss10(h_name: &str, h_ns: &str) -> String {
        format!(
            "SecurityVersion.WSSecurityJan2004 does not support header encryption. Header with name '{h_name}' and namespace '{h_ns}' is configured for encryption. Consider using SecurityVersion.WsSecurity11 and above or use transport security to encrypt the full message."
        )
    }

    /// `RequiredMessagePartNotSignedNs` (two spaces before "was").
    #[must_use]
    pub fn not_signed(name: &str, ns: &str) -> String {
        format!("The '{name}', '{ns}' required message part  was not signed.")
    }

    /// `RequiredMessagePartNotEncryptedNs` (two spaces before "was").
    #[must_use]
    pub fn not_encrypted(name: &str, ns: &str) -> String {
        format!("The '{name}', '{ns}' required message part  was not encrypted.")
    }

    /// `RequiredSignatureMissing`.
    pub const SIGNATURE_MISSING: &str = "The signature must be in the security header.";

    /// `EncryptionNotExpected`.
    pub const ENCRYPTION_NOT_EXPECTED: &str = "Encryption not expected for this message.";

    /// `NoPartsOfMessageMatchedPartsToSign`.
    pub const NO_PARTS_TO_SIGN: &str = "No signature was created because not part of the message matched the supplied message part specification.";

    /// `NoSignaturePartsSpecified`.
    #[must_use]
    pub fn no_signature_parts(action: &str) -> String {
        format!(
            "No signature message parts were specified for messages with the '{action}' action."
        )
    }

    /// `InvalidOrUnrecognizedAction` (the fault reason sent with `NoSignaturePartsSpecified`).
    #[must_use]
    pub fn invalid_action(action: &str) -> String {
        format!(
            "The message could not be processed because the action '{action}' is invalid or unrecognized."
        )
    }
}

/// Which rule a validation issue comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidationKind {
    /// The requests need more protection than the binding supports.
    RequestNotSupported,
    /// The responses need more protection than the binding supports.
    ResponseNotSupported,
    /// An unknown-header collection resolves to a level other than None.
    UnknownHeaderProtected,
    /// A header at EncryptAndSign under WS-Security 1.0.
    HeaderEncryptionWss10,
}

/// One validation problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationIssue {
    /// The rule.
    pub kind: ValidationKind,
    /// When WCF raises it: [`Stage::Open`] (service host / channel factory open) or
    /// [`Stage::Send`] (when the first such message is sent).
    pub stage: Stage,
    /// The operation concerned, when the rule is about one message.
    pub operation: Option<String>,
    /// The message concerned.
    pub direction: Option<Direction>,
    /// The part concerned.
    pub part: Option<Part>,
    /// The level that triggers it.
    pub level: ProtectionLevel,
    /// WCF's exact text.
    pub message: String,
}

/// Collapse a direction as `GetRequiredProtectionLevels` does: any encryption → E&S, else
/// any signature → Sign, else None.
fn collapse<'a>(levels: impl Iterator<Item = ProtectionLevel> + 'a) -> ProtectionLevel {
    levels.fold(ProtectionLevel::None, ProtectionLevel::max)
}

/// Validate with the runtime reading. See [`validate_with`].
#[must_use]
pub fn validate(contract: &Contract, binding: &Binding) -> Vec<ValidationIssue> {
    validate_with(contract, binding, Reading::Runtime)
}

/// All validation issues of `contract` on `binding`: open-time issues first (unknown headers,
/// request, response — WCF throws the first), then send-time issues. The reading only affects
/// send-time issues (which headers end up at EncryptAndSign).
#[must_use]
pub fn validate_with(
    contract: &Contract,
    binding: &Binding,
    reading: Reading,
) -> Vec<ValidationIssue> {
    let mut issues = Vec::new();
    let declared = create_from_contract(contract, binding);

    for m in &declared {
        for h in m.headers.iter().filter(|h| h.unknown) {
            if h.requirement.level != ProtectionLevel::None {
                let (name, ns) = h.part.qname(binding.soap);
                issues.push(ValidationIssue {
                    kind: ValidationKind::UnknownHeaderProtected,
                    stage: Stage::Open,
                    operation: Some(m.operation.clone()),
                    direction: Some(m.direction),
                    part: Some(h.part.clone()),
                    level: h.requirement.level,
                    message: texts::unknown_header(&contract.name, &contract.namespace, name, ns),
                });
            }
        }
    }

    let required_request = collapse(
        declared
            .iter()
            .filter(|m| m.direction == Direction::Request)
            .flat_map(|m| m.parts().map(|p| p.requirement.level)),
    );
    let required_response = collapse(
        declared
            .iter()
            .filter(|m| m.direction != Direction::Request)
            .flat_map(|m| m.parts().map(|p| p.requirement.level)),
    );
    let supported = binding.capabilities;
    if required_request != ProtectionLevel::None
        && !supported.is_some_and(|c| c.request.is_stronger_or_equal(required_request))
    {
        issues.push(ValidationIssue {
            kind: ValidationKind::RequestNotSupported,
            stage: Stage::Open,
            operation: None,
            direction: Some(Direction::Request),
            part: None,
            level: required_request,
            message: texts::request_not_supported(
                &contract.name,
                &contract.namespace,
                &binding.name,
                &binding.namespace,
            ),
        });
    }
    if required_response != ProtectionLevel::None
        && !supported.is_some_and(|c| c.response.is_stronger_or_equal(required_response))
    {
        issues.push(ValidationIssue {
            kind: ValidationKind::ResponseNotSupported,
            stage: Stage::Open,
            operation: None,
            direction: Some(Direction::Reply),
            part: None,
            level: required_response,
            message: texts::response_not_supported(
                &contract.name,
                &contract.namespace,
                &binding.name,
                &binding.namespace,
            ),
        });
    }

    if binding.has_message_security() && binding.security_version == WsSecurityVersion::V10 {
        let resolution = resolve_with(contract, binding, reading);
        for m in &resolution.messages {
            for h in m.headers.iter().filter(|h| !h.unknown) {
                if h.effective.level.is_encrypted() {
                    let (name, ns) = h.part.qname(binding.soap);
                    issues.push(ValidationIssue {
                        kind: ValidationKind::HeaderEncryptionWss10,
                        stage: Stage::Send,
                        operation: Some(m.operation.clone()),
                        direction: Some(m.direction),
                        part: Some(h.part.clone()),
                        level: h.effective.level,
                        message: texts::header_encryption_wss10(name, ns),
                    });
                }
            }
        }
    }
    issues
}

/// What opening a client or service with this contract on this binding does: `Ok`, or the
/// first open-time failure as [`ContractError::Validation`] carrying WCF's exact text.
pub fn validate_for_open(contract: &Contract, binding: &Binding) -> Result<(), ContractError> {
    match validate(contract, binding)
        .into_iter()
        .find(|i| i.stage == Stage::Open)
    {
        Some(issue) => Err(ContractError::Validation(issue.message)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Message;
    use crate::level::ProtectionLevel::{EncryptAndSign as ES, Sign as S};

    #[test]
    fn texts_have_exact_spacing() {
        assert_eq!(
            texts::not_encrypted("Body", "http://schemas.xmlsoap.org/soap/envelope/"),
            "The 'Body', 'http://schemas.xmlsoap.org/soap/envelope/' required message part  was not encrypted."
        );
        assert!(texts::request_not_supported("C", "n", "B", "m").contains("('C','n')"));
        assert!(texts::response_not_supported("C", "n", "B", "m").contains("('C', 'n')"));
    }

    #[test]
    fn sign_on_plain_basic_http_fails_to_open() {
        let c = Contract::new("IPurchaseOrder", "http://tempuri.org/");
        let c = c
            .clone()
            .with_operation(c.new_operation("Price").with_level(Some(S)));
        let b = Binding::preset("basicHttp").unwrap_or_else(|e| panic!("{e}"));
        let err = validate_for_open(&c, &b).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "The request message must be protected. This is required by an operation of the contract ('IPurchaseOrder','http://tempuri.org/'). The protection must be provided by the binding ('BasicHttpBinding','http://tempuri.org/')."
            )
        );
        let https = Binding::preset("basicHttps").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(validate_for_open(&c, &https), Ok(()));
    }

    #[test]
    fn wss10_header_encryption_is_a_send_issue() {
        let c = Contract::new("C", "urn:c");
        let mut op = c.new_operation("Op");
        op.input = Message::default().header("H", "urn:h", Some(ES));
        let c = c.clone().with_operation(op);
        let b = Binding::preset("basicHttp:Message").unwrap_or_else(|e| panic!("{e}"));
        let issues = validate(&c, &b);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues.first().map(|i| i.stage), Some(Stage::Send));
        let w = Binding::preset("wsHttp").unwrap_or_else(|e| panic!("{e}"));
        assert!(validate(&c, &w).is_empty());
    }
}
