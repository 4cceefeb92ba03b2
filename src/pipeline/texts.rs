//! WCF's receive-side texts (reference §3b) that [`crate::contract::texts`] does not already
//! hold, verbatim. The part-not-signed/-encrypted, signature-missing, encryption-not-expected,
//! no-signature-parts and header-encryption texts are reused from there, never retyped.

/// `EncryptedHeaderNotSigned`.
#[must_use]
pub fn encrypted_header_not_signed(name: &str, ns: &str) -> String {
    format!(
        "The Header ('{name}', '{ns}') was encrypted but not signed. All encrypted headers outside the security header should be signed."
    )
}

/// `PrimarySignatureIsRequiredToBeEncrypted`.
pub const PRIMARY_SIGNATURE_MUST_BE_ENCRYPTED: &str = "The primary signature must be encrypted.";

/// `MessageProtectionOrderMismatch`.
#[must_use]
pub fn protection_order_mismatch(order: &str) -> String {
    format!("The received message does not meet the required message protection order '{order}'.")
}

/// `RequiredTimestampMissingInSecurityHeader`.
pub const TIMESTAMP_MISSING: &str = "Required timestamp missing in security header.";

/// `RequiredSecurityHeaderElementNotSigned`.
#[must_use]
pub fn security_header_element_not_signed(element: &str, id: &str) -> String {
    format!("The security header element '{element}' with the '{id}' id must be signed.")
}

/// `SecurityHeaderIsEmpty`.
pub const SECURITY_HEADER_EMPTY: &str = "Security header is empty.";

/// `UnableToResolveDataReference`.
#[must_use]
pub fn data_reference_unresolved(uri: &str) -> String {
    format!("The data reference '{uri}' could not be resolved in the received message.")
}

/// `AtMostOneSignatureIsSupportedWithDefaultPolicyCheck`.
pub const AT_MOST_ONE_SIGNATURE: &str =
    "At most one signature is supported with default policy check.";

/// `AtMostOneReferenceListIsSupportedWithDefaultPolicyCheck`.
pub const AT_MOST_ONE_REFERENCE_LIST: &str =
    "At most one reference list is supported with default policy check.";

/// `InvalidSecurityFaultReason`: the only reason a peer is told.
pub const INVALID_SECURITY_FAULT_REASON: &str =
    "An error occurred when verifying security for the message.";
