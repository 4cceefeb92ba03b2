//! Bindings: message version × addressing × security, with the capabilities and message-security
//! settings that protection-level resolution and validation depend on.
//!
//! Presets reproduce WCF's standard-binding defaults (reference §4). Their CLI names are listed
//! in [`PRESET_NAMES`]; [`Binding::preset`] parses one.

use crate::level::ProtectionLevel;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The SOAP envelope version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SoapVersion {
    /// SOAP 1.1 (`http://schemas.xmlsoap.org/soap/envelope/`).
    Soap11,
    /// SOAP 1.2 (`http://www.w3.org/2003/05/soap-envelope`).
    Soap12,
}

impl SoapVersion {
    /// The envelope namespace, used in the receive-side error texts for the `Body` part.
    #[must_use]
    pub fn envelope_namespace(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "http://schemas.xmlsoap.org/soap/envelope/",
            SoapVersion::Soap12 => "http://www.w3.org/2003/05/soap-envelope",
        }
    }
}

/// The WS-Addressing version of the message version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AddressingVersion {
    /// No WS-Addressing (`AddressingVersion.None`): replies carry no action.
    None,
    /// WS-Addressing 1.0 (`http://www.w3.org/2005/08/addressing`).
    WsAddressing10,
    /// WS-Addressing August 2004 (`http://schemas.xmlsoap.org/ws/2004/08/addressing`).
    WsAddressingAugust2004,
}

impl AddressingVersion {
    /// The addressing namespace, or `None` without WS-Addressing.
    #[must_use]
    pub fn namespace(self) -> Option<&'static str> {
        match self {
            AddressingVersion::None => None,
            AddressingVersion::WsAddressing10 => Some("http://www.w3.org/2005/08/addressing"),
            AddressingVersion::WsAddressingAugust2004 => {
                Some("http://schemas.xmlsoap.org/ws/2004/08/addressing")
            }
        }
    }

    /// The headers the transport binding element signs on every message (WCF's
    /// `AddressingVersion.SignedMessageParts`); empty without WS-Addressing.
    #[must_use]
    pub fn signed_headers(self) -> Vec<(String, String)> {
        match self.namespace() {
            None => Vec::new(),
            Some(ns) => [
                "To",
                "From",
                "FaultTo",
                "ReplyTo",
                "MessageID",
                "RelatesTo",
                "Action",
            ]
            .iter()
            .map(|n| ((*n).to_owned(), ns.to_owned()))
            .collect(),
        }
    }

    /// The fault actions the security binding element protects for infrastructure faults.
    #[must_use]
    pub fn infrastructure_fault_actions(self) -> Vec<&'static str> {
        const DISPATCHER: &str = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher/fault";
        match self {
            AddressingVersion::None => vec![DISPATCHER],
            AddressingVersion::WsAddressing10 => vec![
                "http://www.w3.org/2005/08/addressing/fault",
                "http://www.w3.org/2005/08/addressing/soap/fault",
                DISPATCHER,
            ],
            AddressingVersion::WsAddressingAugust2004 => vec![
                "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault",
                DISPATCHER,
            ],
        }
    }
}

/// The binding's security mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SecurityMode {
    /// No security.
    None,
    /// Transport security (HTTPS, TLS or Windows stream security).
    Transport,
    /// Message security (WS-Security): contract levels drive what is signed and encrypted.
    Message,
    /// Transport security with message credentials (a transport security binding element).
    TransportWithMessageCredential,
}

/// Which security binding element (SBE) the binding has; this decides the defaults and whether
/// contract levels reach the message layer at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SecurityElement {
    /// No security binding element.
    None,
    /// `TransportSecurityBindingElement`: capabilities None/None, no message-layer requirements.
    Transport,
    /// `SymmetricSecurityBindingElement`: E&S/E&S; always signs and expects encryption.
    Symmetric,
    /// `AsymmetricSecurityBindingElement`: E&S/E&S.
    Asymmetric,
    /// Asymmetric with `IsCertificateSignatureBinding`: Sign/None.
    CertificateSignature,
}

impl SecurityElement {
    /// Whether this element computes message-layer protection requirements from the contract.
    #[must_use]
    pub fn is_message_security(self) -> bool {
        matches!(
            self,
            SecurityElement::Symmetric
                | SecurityElement::Asymmetric
                | SecurityElement::CertificateSignature
        )
    }

    /// Whether this is one of the asymmetric elements (whose apply/require flags depend on the
    /// requirements being non-empty).
    #[must_use]
    pub fn is_asymmetric(self) -> bool {
        matches!(
            self,
            SecurityElement::Asymmetric | SecurityElement::CertificateSignature
        )
    }

    /// The element's own supported (request, response) levels, if it is a message-security
    /// element.
    #[must_use]
    pub fn own_levels(self) -> Option<SecurityCapabilities> {
        match self {
            SecurityElement::Symmetric | SecurityElement::Asymmetric => {
                Some(SecurityCapabilities::both(ProtectionLevel::EncryptAndSign))
            }
            SecurityElement::CertificateSignature => Some(SecurityCapabilities {
                request: ProtectionLevel::Sign,
                response: ProtectionLevel::None,
            }),
            SecurityElement::None | SecurityElement::Transport => None,
        }
    }
}

/// WCF's `ISecurityCapabilities` for the whole binding stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SecurityCapabilities {
    /// `SupportedRequestProtectionLevel`.
    pub request: ProtectionLevel,
    /// `SupportedResponseProtectionLevel`.
    pub response: ProtectionLevel,
}

impl SecurityCapabilities {
    /// The same level in both directions.
    #[must_use]
    pub fn both(level: ProtectionLevel) -> Self {
        SecurityCapabilities {
            request: level,
            response: level,
        }
    }
}

/// Message protection order (`MessageProtectionOrder`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProtectionOrder {
    /// Sign, then encrypt.
    SignBeforeEncrypt,
    /// Sign, encrypt, and encrypt the signature too (the WCF default).
    SignBeforeEncryptAndEncryptSignature,
    /// Encrypt, then sign the ciphertext.
    EncryptBeforeSign,
}

/// WS-Security version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WsSecurityVersion {
    /// WS-Security 1.0 (`WSSecurityJan2004`): cannot encrypt headers.
    #[serde(rename = "1.0")]
    V10,
    /// WS-Security 1.1: headers are encrypted as `wsse11:EncryptedHeader`.
    #[serde(rename = "1.1")]
    V11,
}

/// Security header layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HeaderLayout {
    /// Declare before use (the SBE default).
    Strict,
    /// Any order.
    Lax,
    /// Any order, timestamp first.
    LaxTimestampFirst,
    /// Any order, timestamp last.
    LaxTimestampLast,
}

/// The 16 static WCF security algorithm suites (reference §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum AlgorithmSuite {
    Basic256,
    Basic192,
    Basic128,
    TripleDes,
    Basic256Rsa15,
    Basic192Rsa15,
    Basic128Rsa15,
    TripleDesRsa15,
    Basic256Sha256,
    Basic192Sha256,
    Basic128Sha256,
    TripleDesSha256,
    Basic256Sha256Rsa15,
    Basic192Sha256Rsa15,
    Basic128Sha256Rsa15,
    TripleDesSha256Rsa15,
}

/// The algorithm URIs and key lengths of a suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SuiteAlgorithms {
    /// Canonicalization (always exclusive C14N).
    pub canonicalization: &'static str,
    /// Digest.
    pub digest: &'static str,
    /// Bulk encryption.
    pub encryption: &'static str,
    /// Symmetric key wrap.
    pub symmetric_key_wrap: &'static str,
    /// Asymmetric key wrap.
    pub asymmetric_key_wrap: &'static str,
    /// Signature with a symmetric key.
    pub symmetric_signature: &'static str,
    /// Signature with an asymmetric key.
    pub asymmetric_signature: &'static str,
    /// Key derivation (the WS-SecureConversation 2005/02 P_SHA1 URI).
    pub key_derivation: &'static str,
    /// Default symmetric key length in bits.
    pub default_symmetric_key_length: u32,
    /// Smallest supported symmetric key length.
    pub min_symmetric_key_length: u32,
    /// Largest supported symmetric key length.
    pub max_symmetric_key_length: u32,
    /// Derived key length for encryption.
    pub encryption_derived_key_length: u32,
    /// Derived key length for signatures.
    pub signature_derived_key_length: u32,
    /// Smallest asymmetric key length.
    pub min_asymmetric_key_length: u32,
    /// Largest asymmetric key length.
    pub max_asymmetric_key_length: u32,
}

impl AlgorithmSuite {
    /// All 16 suites.
    pub const ALL: [AlgorithmSuite; 16] = [
        AlgorithmSuite::Basic256,
        AlgorithmSuite::Basic192,
        AlgorithmSuite::Basic128,
        AlgorithmSuite::TripleDes,
        AlgorithmSuite::Basic256Rsa15,
        AlgorithmSuite::Basic192Rsa15,
        AlgorithmSuite::Basic128Rsa15,
        AlgorithmSuite::TripleDesRsa15,
        AlgorithmSuite::Basic256Sha256,
        AlgorithmSuite::Basic192Sha256,
        AlgorithmSuite::Basic128Sha256,
        AlgorithmSuite::TripleDesSha256,
        AlgorithmSuite::Basic256Sha256Rsa15,
        AlgorithmSuite::Basic192Sha256Rsa15,
        AlgorithmSuite::Basic128Sha256Rsa15,
        AlgorithmSuite::TripleDesSha256Rsa15,
    ];

    /// The suite's WCF name (`Basic256Sha256Rsa15`, …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            AlgorithmSuite::Basic256 => "Basic256",
            AlgorithmSuite::Basic192 => "Basic192",
            AlgorithmSuite::Basic128 => "Basic128",
            AlgorithmSuite::TripleDes => "TripleDes",
            AlgorithmSuite::Basic256Rsa15 => "Basic256Rsa15",
            AlgorithmSuite::Basic192Rsa15 => "Basic192Rsa15",
            AlgorithmSuite::Basic128Rsa15 => "Basic128Rsa15",
            AlgorithmSuite::TripleDesRsa15 => "TripleDesRsa15",
            AlgorithmSuite::Basic256Sha256 => "Basic256Sha256",
            AlgorithmSuite::Basic192Sha256 => "Basic192Sha256",
            AlgorithmSuite::Basic128Sha256 => "Basic128Sha256",
            AlgorithmSuite::TripleDesSha256 => "TripleDesSha256",
            AlgorithmSuite::Basic256Sha256Rsa15 => "Basic256Sha256Rsa15",
            AlgorithmSuite::Basic192Sha256Rsa15 => "Basic192Sha256Rsa15",
            AlgorithmSuite::Basic128Sha256Rsa15 => "Basic128Sha256Rsa15",
            AlgorithmSuite::TripleDesSha256Rsa15 => "TripleDesSha256Rsa15",
        }
    }

    /// The suite's URIs and key lengths.
    #[must_use]
    pub fn algorithms(self) -> SuiteAlgorithms {
        use AlgorithmSuite::*;
        // (base, rsa15, sha256)
        let (base, rsa15, sha256) = match self {
            Basic256 => (0, false, false),
            Basic192 => (1, false, false),
            Basic128 => (2, false, false),
            TripleDes => (3, false, false),
            Basic256Rsa15 => (0, true, false),
            Basic192Rsa15 => (1, true, false),
            Basic128Rsa15 => (2, true, false),
            TripleDesRsa15 => (3, true, false),
            Basic256Sha256 => (0, false, true),
            Basic192Sha256 => (1, false, true),
            Basic128Sha256 => (2, false, true),
            TripleDesSha256 => (3, false, true),
            Basic256Sha256Rsa15 => (0, true, true),
            Basic192Sha256Rsa15 => (1, true, true),
            Basic128Sha256Rsa15 => (2, true, true),
            TripleDesSha256Rsa15 => (3, true, true),
        };
        // encryption, key wrap, default len, min len, max len, derived enc, derived sig
        // encryption, key wrap, default len, min len, max len, derived enc, derived sig
        let (encryption, symmetric_key_wrap, default_len, min_len, max_len, dk_enc, dk_sig) =
            match base {
                0 => (
                    "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
                    "http://www.w3.org/2001/04/xmlenc#kw-aes256",
                    256,
                    256,
                    256,
                    256,
                    192,
                ),
                1 => (
                    "http://www.w3.org/2001/04/xmlenc#aes192-cbc",
                    "http://www.w3.org/2001/04/xmlenc#kw-aes192",
                    192,
                    192,
                    256,
                    192,
                    192,
                ),
                2 => (
                    "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
                    "http://www.w3.org/2001/04/xmlenc#kw-aes128",
                    128,
                    128,
                    256,
                    128,
                    128,
                ),
                _ => (
                    "http://www.w3.org/2001/04/xmlenc#tripledes-cbc",
                    "http://www.w3.org/2001/04/xmlenc#kw-tripledes",
                    192,
                    192,
                    256,
                    192,
                    192,
                ),
            };
        let (digest, symmetric_signature, asymmetric_signature) = if sha256 {
            (
                "http://www.w3.org/2001/04/xmlenc#sha256",
                "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            )
        } else {
            (
                "http://www.w3.org/2000/09/xmldsig#sha1",
                "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
                "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            )
        };
        SuiteAlgorithms {
            canonicalization: "http://www.w3.org/2001/10/xml-exc-c14n#",
            digest,
            encryption,
            symmetric_key_wrap,
            asymmetric_key_wrap: if rsa15 {
                "http://www.w3.org/2001/04/xmlenc#rsa-1_5"
            } else {
                "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
            },
            symmetric_signature,
            asymmetric_signature,
            key_derivation: "http://schemas.xmlsoap.org/ws/2005/02/sc/dk/p_sha1",
            default_symmetric_key_length: default_len,
            min_symmetric_key_length: min_len,
            max_symmetric_key_length: max_len,
            encryption_derived_key_length: dk_enc,
            signature_derived_key_length: dk_sig,
            min_asymmetric_key_length: 1024,
            max_asymmetric_key_length: 4096,
        }
    }
}

impl fmt::Display for AlgorithmSuite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for AlgorithmSuite {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AlgorithmSuite::ALL
            .iter()
            .copied()
            .find(|a| a.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = AlgorithmSuite::ALL.iter().map(|a| a.name()).collect();
                format!(
                    "unknown algorithm suite '{s}': expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// A binding: everything about the channel stack that protection levels depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    /// Binding name, as used in WCF's validation texts (e.g. `BasicHttpBinding`).
    pub name: String,
    /// Binding namespace (WCF's default is `http://tempuri.org/`).
    pub namespace: String,
    /// The preset this binding came from (`basicHttp:Message`, …), or `custom`.
    pub preset: String,
    /// SOAP version.
    pub soap: SoapVersion,
    /// WS-Addressing version.
    pub addressing: AddressingVersion,
    /// Security mode.
    pub security_mode: SecurityMode,
    /// The security binding element.
    pub security_element: SecurityElement,
    /// Whole-stack `ISecurityCapabilities`; `None` when no element provides them.
    pub capabilities: Option<SecurityCapabilities>,
    /// Algorithm suite (message security).
    pub algorithm_suite: AlgorithmSuite,
    /// Message protection order.
    pub protection_order: ProtectionOrder,
    /// WS-Security version.
    pub security_version: WsSecurityVersion,
    /// Whether a timestamp is included in the security header.
    pub include_timestamp: bool,
    /// Security header layout.
    pub header_layout: HeaderLayout,
}

/// The CLI names of the binding presets, in the order they are listed in errors and help.
pub const PRESET_NAMES: [&str; 12] = [
    "basicHttp",
    "basicHttp:Transport",
    "basicHttp:Message",
    "basicHttp:TransportWithMessageCredential",
    "basicHttps",
    "wsHttp",
    "wsHttp:None",
    "wsHttp:Transport",
    "wsHttp:TransportWithMessageCredential",
    "netTcp",
    "netTcp:None",
    "netTcp:Message",
];

/// The name did not match a preset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown binding '{name}': valid bindings are {}", PRESET_NAMES.join(", "))]
pub struct UnknownBinding {
    /// The name that was given.
    pub name: String,
}

impl Binding {
    /// The default WCF namespace for bindings and contracts.
    pub const DEFAULT_NAMESPACE: &'static str = "http://tempuri.org/";

    /// Look up a preset by its CLI name (see [`PRESET_NAMES`]); case-sensitive.
    pub fn preset(name: &str) -> Result<Binding, UnknownBinding> {
        use AddressingVersion as A;
        use SecurityElement as E;
        use SecurityMode as M;
        use SoapVersion as S;
        let e_s = Some(SecurityCapabilities::both(ProtectionLevel::EncryptAndSign));
        let none = Some(SecurityCapabilities::both(ProtectionLevel::None));
        let (binding_name, soap, addressing, mode, element, caps, version, layout) = match name {
            // BasicHttpBinding: Soap11, no addressing; default security None over HTTP.
            "basicHttp" => (
                "BasicHttpBinding",
                S::Soap11,
                A::None,
                M::None,
                E::None,
                none,
                WsSecurityVersion::V10,
                HeaderLayout::Lax,
            ),
            "basicHttp:Transport" => (
                "BasicHttpBinding",
                S::Soap11,
                A::None,
                M::Transport,
                E::None,
                e_s,
                WsSecurityVersion::V10,
                HeaderLayout::Lax,
            ),
            // Message: mutual-certificate asymmetric SBE, WSS 1.0, layout Lax.
            "basicHttp:Message" => (
                "BasicHttpBinding",
                S::Soap11,
                A::None,
                M::Message,
                E::Asymmetric,
                e_s,
                WsSecurityVersion::V10,
                HeaderLayout::Lax,
            ),
            "basicHttp:TransportWithMessageCredential" => (
                "BasicHttpBinding",
                S::Soap11,
                A::None,
                M::TransportWithMessageCredential,
                E::Transport,
                e_s,
                WsSecurityVersion::V10,
                HeaderLayout::Lax,
            ),
            "basicHttps" => (
                "BasicHttpsBinding",
                S::Soap11,
                A::None,
                M::Transport,
                E::None,
                e_s,
                WsSecurityVersion::V10,
                HeaderLayout::Lax,
            ),
            // WSHttpBinding: Soap12 + WSA10, Message security (symmetric), WSS 1.1.
            "wsHttp" => (
                "WSHttpBinding",
                S::Soap12,
                A::WsAddressing10,
                M::Message,
                E::Symmetric,
                e_s,
                WsSecurityVersion::V11,
                HeaderLayout::Strict,
            ),
            "wsHttp:None" => (
                "WSHttpBinding",
                S::Soap12,
                A::WsAddressing10,
                M::None,
                E::None,
                none,
                WsSecurityVersion::V11,
                HeaderLayout::Strict,
            ),
            "wsHttp:Transport" => (
                "WSHttpBinding",
                S::Soap12,
                A::WsAddressing10,
                M::Transport,
                E::None,
                e_s,
                WsSecurityVersion::V11,
                HeaderLayout::Strict,
            ),
            "wsHttp:TransportWithMessageCredential" => (
                "WSHttpBinding",
                S::Soap12,
                A::WsAddressing10,
                M::TransportWithMessageCredential,
                E::Transport,
                e_s,
                WsSecurityVersion::V11,
                HeaderLayout::Strict,
            ),
            // NetTcpBinding: Transport (WindowsStream, E&S) by default.
            "netTcp" => (
                "NetTcpBinding",
                S::Soap12,
                A::WsAddressing10,
                M::Transport,
                E::None,
                e_s,
                WsSecurityVersion::V11,
                HeaderLayout::Strict,
            ),
            // No security over TCP: no element provides ISecurityCapabilities.
            "netTcp:None" => (
                "NetTcpBinding",
                S::Soap12,
                A::WsAddressing10,
                M::None,
                E::None,
                None,
                WsSecurityVersion::V11,
                HeaderLayout::Strict,
            ),
            "netTcp:Message" => (
                "NetTcpBinding",
                S::Soap12,
                A::WsAddressing10,
                M::Message,
                E::Symmetric,
                e_s,
                WsSecurityVersion::V11,
                HeaderLayout::Strict,
            ),
            _ => {
                return Err(UnknownBinding {
                    name: name.to_owned(),
                });
            }
        };
        Ok(Binding {
            name: binding_name.to_owned(),
            namespace: Binding::DEFAULT_NAMESPACE.to_owned(),
            preset: name.to_owned(),
            soap,
            addressing,
            security_mode: mode,
            security_element: element,
            capabilities: caps,
            algorithm_suite: AlgorithmSuite::Basic256,
            protection_order: ProtectionOrder::SignBeforeEncryptAndEncryptSignature,
            security_version: version,
            include_timestamp: true,
            header_layout: layout,
        })
    }

    /// A custom binding with WCF's `CustomBinding` defaults for the given security element:
    /// SOAP 1.2 + WS-Addressing 1.0 (`MessageVersion.Default`), SBE defaults (Basic256,
    /// SignBeforeEncryptAndEncryptSignature, WS-Security 1.1, timestamp, Strict layout).
    /// Capabilities follow the element: message security gives the element's own levels,
    /// transport-style modes give EncryptAndSign, no security gives None/None.
    #[must_use]
    pub fn custom(
        name: &str,
        namespace: &str,
        mode: SecurityMode,
        element: SecurityElement,
    ) -> Binding {
        let capabilities = match (mode, element.own_levels()) {
            (_, Some(levels)) => Some(levels),
            (SecurityMode::None, None) => Some(SecurityCapabilities::both(ProtectionLevel::None)),
            _ => Some(SecurityCapabilities::both(ProtectionLevel::EncryptAndSign)),
        };
        Binding {
            name: name.to_owned(),
            namespace: namespace.to_owned(),
            preset: "custom".to_owned(),
            soap: SoapVersion::Soap12,
            addressing: AddressingVersion::WsAddressing10,
            security_mode: mode,
            security_element: element,
            capabilities,
            algorithm_suite: AlgorithmSuite::Basic256,
            protection_order: ProtectionOrder::SignBeforeEncryptAndEncryptSignature,
            security_version: WsSecurityVersion::V11,
            include_timestamp: true,
            header_layout: HeaderLayout::Strict,
        }
    }

    /// Whether contract levels reach the message layer (a symmetric or asymmetric SBE).
    #[must_use]
    pub fn has_message_security(&self) -> bool {
        self.security_element.is_message_security()
    }

    /// The default (request, response) levels used by `CreateFromContract`: the SBE's own
    /// supported levels for symmetric/asymmetric elements, else None/None.
    #[must_use]
    pub fn default_levels(&self) -> SecurityCapabilities {
        self.security_element
            .own_levels()
            .unwrap_or(SecurityCapabilities::both(ProtectionLevel::None))
    }

    /// Whether replies lack an action (no WS-Addressing), which triggers the union of reply
    /// and fault requirements.
    #[must_use]
    pub fn replies_carry_no_action(&self) -> bool {
        self.addressing == AddressingVersion::None
    }

    /// A one-line human description, e.g.
    /// `BasicHttpBinding (basicHttp:Message): SOAP 1.1, no WS-Addressing, Message security (Asymmetric, WS-Security 1.0)`.
    #[must_use]
    pub fn describe(&self) -> String {
        let soap = match self.soap {
            SoapVersion::Soap11 => "SOAP 1.1",
            SoapVersion::Soap12 => "SOAP 1.2",
        };
        let addressing = match self.addressing {
            AddressingVersion::None => "no WS-Addressing",
            AddressingVersion::WsAddressing10 => "WS-Addressing 1.0",
            AddressingVersion::WsAddressingAugust2004 => "WS-Addressing 2004/08",
        };
        let security = match self.security_mode {
            SecurityMode::None => "no security".to_owned(),
            SecurityMode::Transport => "Transport security".to_owned(),
            SecurityMode::TransportWithMessageCredential => {
                "TransportWithMessageCredential security".to_owned()
            }
            SecurityMode::Message => format!(
                "Message security ({:?}, WS-Security {})",
                self.security_element,
                match self.security_version {
                    WsSecurityVersion::V10 => "1.0",
                    WsSecurityVersion::V11 => "1.1",
                }
            ),
        };
        format!(
            "{} ({}): {soap}, {addressing}, {security}",
            self.name, self.preset
        )
    }
}

impl FromStr for Binding {
    type Err = UnknownBinding;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Binding::preset(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XMLENC: &str = "http://www.w3.org/2001/04/xmlenc#";

    #[test]
    fn every_preset_name_parses_and_round_trips() {
        for name in PRESET_NAMES {
            let b = Binding::preset(name);
            assert!(b.is_ok(), "{name}");
            if let Ok(b) = b {
                assert_eq!(b.preset, name);
                assert_eq!(b.namespace, "http://tempuri.org/");
            }
        }
    }

    #[test]
    fn unknown_preset_lists_valid_names() {
        let err = Binding::preset("wshttp").err().map(|e| e.to_string());
        let err = err.unwrap_or_default();
        assert!(err.contains("unknown binding 'wshttp'"), "{err}");
        for name in PRESET_NAMES {
            assert!(err.contains(name), "{err} lacks {name}");
        }
    }

    #[test]
    fn presets_match_wcf_defaults() {
        let b = Binding::preset("basicHttp:Message").ok();
        let b = b.as_ref();
        assert_eq!(
            b.map(|b| b.security_element),
            Some(SecurityElement::Asymmetric)
        );
        assert_eq!(b.map(|b| b.security_version), Some(WsSecurityVersion::V10));
        assert_eq!(b.map(|b| b.addressing), Some(AddressingVersion::None));
        assert_eq!(b.map(|b| b.soap), Some(SoapVersion::Soap11));
        let w = Binding::preset("wsHttp").ok();
        let w = w.as_ref();
        assert_eq!(
            w.map(|b| b.security_element),
            Some(SecurityElement::Symmetric)
        );
        assert_eq!(w.map(|b| b.security_version), Some(WsSecurityVersion::V11));
        assert_eq!(w.map(|b| b.algorithm_suite), Some(AlgorithmSuite::Basic256));
        assert_eq!(w.map(|b| b.name.as_str()), Some("WSHttpBinding"));
        let t = Binding::preset("netTcp").ok();
        assert_eq!(
            t.as_ref().and_then(|b| b.capabilities),
            Some(SecurityCapabilities::both(ProtectionLevel::EncryptAndSign))
        );
        assert_eq!(t.map(|b| b.has_message_security()), Some(false));
        let plain = Binding::preset("basicHttp").ok();
        assert_eq!(
            plain.map(|b| b.default_levels()),
            Some(SecurityCapabilities::both(ProtectionLevel::None))
        );
    }

    #[test]
    fn suites_have_distinct_names_and_expected_uris() {
        let mut names: Vec<&str> = AlgorithmSuite::ALL.iter().map(|s| s.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 16);
        for s in AlgorithmSuite::ALL {
            assert_eq!(s.name().parse::<AlgorithmSuite>(), Ok(s));
            let a = s.algorithms();
            assert!(a.encryption.starts_with(XMLENC));
            assert_eq!(a.digest.ends_with("sha256"), s.name().contains("Sha256"));
            assert_eq!(
                a.asymmetric_key_wrap.ends_with("rsa-1_5"),
                s.name().ends_with("Rsa15")
            );
        }
        let b256 = AlgorithmSuite::Basic256.algorithms();
        assert_eq!(
            b256.encryption,
            "http://www.w3.org/2001/04/xmlenc#aes256-cbc"
        );
        assert_eq!(b256.signature_derived_key_length, 192);
        assert_eq!(b256.max_symmetric_key_length, 256);
        let t = AlgorithmSuite::TripleDesSha256Rsa15.algorithms();
        assert_eq!(
            t.symmetric_key_wrap,
            "http://www.w3.org/2001/04/xmlenc#kw-tripledes"
        );
        assert_eq!(
            t.asymmetric_signature,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
        );
        assert!("Basic512".parse::<AlgorithmSuite>().is_err());
    }
}
