//! The verified view: what an application may read from a message that passed [`verify`].
//!
//! The body and the headers are reachable **only** through handles the verifier made, at the
//! fixed positions it checked (`/Envelope/Body`, the direct children of `/Envelope/Header`),
//! each with the protection it actually achieved. A relocated or wrapped element is not a
//! handle, so the application cannot be pointed at it (attack classes A, B, E, O).
//!
//! [`verify`]: super::verify

use crate::contract::{Direction, Part};
use crate::envelope::SoapVersion;
use crate::keys::ValidatedIdentity;
use crate::level::ProtectionLevel;
use crate::xml::{Document, Element, NodeId, QName};

/// The protection one part achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Protection {
    /// The verified signature references exactly this node.
    pub signed: bool,
    /// This node (or, for the body, its whole content) came from a listed EncryptedData at
    /// this position.
    pub encrypted: bool,
}

impl Protection {
    /// The level this amounts to (encrypted but unsigned counts as None: it is never accepted
    /// for a header, and a body needs a signature for either level).
    pub fn level(self) -> ProtectionLevel {
        match (self.signed, self.encrypted) {
            (true, true) => ProtectionLevel::EncryptAndSign,
            (true, false) => ProtectionLevel::Sign,
            _ => ProtectionLevel::None,
        }
    }
}

/// One part's requirement and achieved protection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartProtection {
    /// The part (header by QName, or the body).
    pub part: Part,
    /// What the contract required for this message's action.
    pub required: ProtectionLevel,
    /// What the message achieved.
    pub achieved: Protection,
}

/// The verified Body, at `/Envelope/Body`.
#[derive(Debug, Clone, Copy)]
pub struct VerifiedBody<'v> {
    element: Element<'v>,
    protection: Protection,
}

impl<'v> VerifiedBody<'v> {
    /// The Body element.
    pub fn element(&self) -> Element<'v> {
        self.element
    }
    /// Its first child element: the operation (or the Fault).
    pub fn operation(&self) -> Option<Element<'v>> {
        self.element.first_child_element()
    }
    /// The protection it achieved.
    pub fn protection(&self) -> Protection {
        self.protection
    }
}

/// A verified header block (a direct child of `/Envelope/Header`, the Security header excluded).
#[derive(Debug, Clone, Copy)]
pub struct VerifiedHeader<'v> {
    element: Element<'v>,
    protection: Protection,
}

impl<'v> VerifiedHeader<'v> {
    /// The header element.
    pub fn element(&self) -> Element<'v> {
        self.element
    }
    /// Its name.
    pub fn name(&self) -> QName<'v> {
        self.element.name()
    }
    /// The protection it achieved.
    pub fn protection(&self) -> Protection {
        self.protection
    }
}

/// A message that passed verification: the decrypted envelope, the caller, and each part's
/// protection. Constructed only by [`verify`](super::verify). Its `Debug` output names the
/// caller and the parts but never prints the (decrypted) content.
pub struct Verified {
    document: Document<'static>,
    version: SoapVersion,
    caller: ValidatedIdentity,
    action: Option<String>,
    direction: Direction,
    timestamp: Option<(i64, i64)>,
    signature_value: Vec<u8>,
    body: (NodeId, Protection),
    headers: Vec<(NodeId, Protection)>,
    parts: Vec<PartProtection>,
}

impl std::fmt::Debug for Verified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verified")
            .field("caller", &self.caller.certificate().subject())
            .field("action", &self.action)
            .field("direction", &self.direction)
            .field("version", &self.version)
            .field("timestamp", &self.timestamp)
            .field("parts", &self.parts)
            .finish_non_exhaustive()
    }
}

impl Verified {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        document: Document<'static>,
        version: SoapVersion,
        caller: ValidatedIdentity,
        action: Option<String>,
        direction: Direction,
        timestamp: Option<(i64, i64)>,
        signature_value: Vec<u8>,
        body: NodeId,
        body_protection: Protection,
        headers: Vec<(NodeId, Protection)>,
        parts: Vec<PartProtection>,
    ) -> Verified {
        Verified {
            document,
            version,
            caller,
            action,
            direction,
            timestamp,
            signature_value,
            body: (body, body_protection),
            headers,
            parts,
        }
    }

    /// The signer: its validated certificate and trust path.
    pub fn caller(&self) -> &ValidatedIdentity {
        &self.caller
    }

    /// The action the requirements were looked up by (the signed `wsa:Action`, the
    /// SOAPAction of a request without WS-Addressing, `None` for a reply without it).
    pub fn action(&self) -> Option<&str> {
        self.action.as_deref()
    }

    /// The kind of message.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The SOAP version.
    pub fn version(&self) -> SoapVersion {
        self.version
    }

    /// The signed Timestamp's (Created, Expires), unix seconds.
    pub fn timestamp(&self) -> Option<(i64, i64)> {
        self.timestamp
    }

    /// The primary signature's `SignatureValue` (raw bytes): what a service confirms in its
    /// reply through [`OutboundOptions::signature_confirmation`], and what a client passes as
    /// [`InboundOptions::expect_signature_confirmation`] for the reply to its request.
    ///
    /// [`OutboundOptions::signature_confirmation`]: super::OutboundOptions::signature_confirmation
    /// [`InboundOptions::expect_signature_confirmation`]: super::InboundOptions::expect_signature_confirmation
    pub fn signature_value(&self) -> &[u8] {
        &self.signature_value
    }

    /// Each part's requirement and achieved protection: headers in order, then the body.
    pub fn parts(&self) -> &[PartProtection] {
        &self.parts
    }

    /// The Body at its fixed position.
    pub fn body(&self) -> Option<VerifiedBody<'_>> {
        Some(VerifiedBody {
            element: self.document.element(self.body.0)?,
            protection: self.body.1,
        })
    }

    /// Every header block but the Security header, in order.
    pub fn headers(&self) -> impl Iterator<Item = VerifiedHeader<'_>> + '_ {
        self.headers.iter().filter_map(|(id, p)| {
            Some(VerifiedHeader {
                element: self.document.element(*id)?,
                protection: *p,
            })
        })
    }

    /// The one header block named `{namespace}local` that is **signed**; `None` if there is
    /// none, it is unsigned, or there are several.
    pub fn signed_header(&self, namespace: &str, local: &str) -> Option<VerifiedHeader<'_>> {
        let mut it = self.headers().filter(|h| h.element.is(namespace, local));
        match (it.next(), it.next()) {
            (Some(h), None) if h.protection.signed => Some(h),
            _ => None,
        }
    }

    /// The decrypted envelope, as text (the Security header is left in place).
    pub fn envelope(&self) -> &str {
        self.document.source()
    }
}
