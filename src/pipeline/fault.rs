//! The SOAP fault a verification failure becomes on the wire.
//!
//! The peer learns only that security verification failed: code Sender (SOAP 1.1 `Client`)
//! with subcode `wsse:InvalidSecurity`, reason "An error occurred when verifying security for
//! the message." The detailed error goes to the log through `tracing`, never to the peer.
//! The one exception is WCF's: an unrecognized action sends `InvalidOrUnrecognizedAction`.

use super::{PipelineError, texts};
use crate::envelope::{SOAP11_NS, SOAP12_NS, SoapVersion};
use crate::token::WSSE_NS;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The fault envelope to send for `error`, in the request's SOAP version.
#[must_use]
pub fn security_fault(version: SoapVersion, error: &PipelineError) -> String {
    tracing::warn!(error = %error, "soapsec: message security verification failed");
    let reason = match error {
        PipelineError::ActionUnrecognized { action } => {
            crate::contract::texts::invalid_action(action)
        }
        _ => texts::INVALID_SECURITY_FAULT_REASON.to_owned(),
    };
    let reason = escape(&reason);
    match version {
        SoapVersion::Soap11 => format!(
            r#"<s:Envelope xmlns:s="{SOAP11_NS}"><s:Body><s:Fault><faultcode xmlns:wsse="{WSSE_NS}">wsse:InvalidSecurity</faultcode><faultstring xml:lang="en">{reason}</faultstring></s:Fault></s:Body></s:Envelope>"#
        ),
        SoapVersion::Soap12 => format!(
            r#"<s:Envelope xmlns:s="{SOAP12_NS}"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value xmlns:wsse="{WSSE_NS}">wsse:InvalidSecurity</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">{reason}</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>"#
        ),
    }
}
