//! Outbound: resolved requirements + binding + credentials + an envelope → the secured envelope.
//!
//! Steps (each one edit of the tree, never a re-parse of untouched text):
//!
//! 1. parse the envelope; look up the requirements for the message's action in the side's
//!    table (requests: service-incoming; replies and faults: service-outgoing, `*` when there
//!    is no WS-Addressing); refuse header encryption under WS-Security 1.0;
//! 2. give every part to sign a fresh `wsu:Id` (never one already in the message) and insert
//!    `wsse:Security` (mustUnderstand) with the Timestamp, the signer's token and, when
//!    [`OutboundOptions::signature_confirmation`] is set on a reply, the
//!    `wsse11:SignatureConfirmation`s (signed, before the primary signature);
//! 3. by protection order:
//!    - SignBeforeEncrypt(AndEncryptSignature): sign (Timestamp, every WS-Addressing header,
//!      every part at Sign or EncryptAndSign), then encrypt the body content (Type Content),
//!      headers (`wsse11:EncryptedHeader`) and — under SignBeforeEncryptAndEncryptSignature,
//!      only when some part is both signed and encrypted — the signature (Type Element); the
//!      `EncryptedKey` with its ReferenceList goes before the signature;
//!    - EncryptBeforeSign: encrypt first, then sign the ciphertext (the Body holding the
//!      `EncryptedData`, the `EncryptedHeader`s); the signature goes before the `EncryptedKey`.

use super::timestamp::{self, Clock, SystemClock};
use super::{Algorithms, PipelineError, check_binding, check_version, table};
use crate::binding::{ProtectionOrder, WsSecurityVersion};
use crate::contract::{Direction, Part, Resolution};
use crate::dsig::{Placement, ReferenceSpec, SignatureMethod, SignatureSpec, sign};
use crate::envelope::Envelope;
use crate::keys::{Certificate, PrivateKey};
use crate::level::ProtectionLevel;
use crate::token::{BinarySecurityToken, Markup, TokenReference, WSSE_NS};
use crate::xenc::{ContentEncryptor, EncryptedKeyOptions, EncryptedType};
use crate::xml::{DSIG_NS, Document, Edits, NodeId, ParseOptions, WSSE11_NS, WSU_NS};
use std::collections::HashSet;
use std::sync::Arc;

/// Our own key and certificate, and the peer's certificate (the asymmetric binding).
#[derive(Debug, Clone, Copy)]
pub struct Credentials<'a> {
    /// Our signing key.
    pub private_key: &'a PrivateKey,
    /// Its certificate (sent as a BinarySecurityToken, or referenced).
    pub certificate: &'a Certificate,
    /// The peer's certificate: the content key is RSA-OAEP encrypted to it.
    pub peer_certificate: &'a Certificate,
}

/// How the signature's `KeyInfo` names the signing certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyReference {
    /// A `wsse:BinarySecurityToken` with the certificate, referenced by `#id` (the default).
    #[default]
    BinarySecurityToken,
    /// A KeyIdentifier with the certificate's subject key identifier (the peer must know it).
    SubjectKeyIdentifier,
    /// A KeyIdentifier with the SHA-1 thumbprint (WS-Security 1.1).
    ThumbprintSha1,
}

/// Outbound settings.
#[derive(Debug, Clone)]
pub struct OutboundOptions {
    /// Algorithms (default [`Algorithms::modern`]).
    pub algorithms: Algorithms,
    /// Timestamp lifetime in seconds (default 300, WCF's default).
    pub ttl_seconds: i64,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// How the signing certificate is named.
    pub signer_reference: KeyReference,
    /// Override the binding's protection order.
    pub protection_order: Option<ProtectionOrder>,
    /// Parse limits for the envelope to protect.
    pub parse: ParseOptions,
    /// WS-Security 1.1 SignatureConfirmation, for a reply or fault only (default `None`: none
    /// sent, WCF's `RequireSignatureConfirmation = false`). `Some(values)` adds one
    /// `wsse11:SignatureConfirmation` per value, whose `Value` is the base64 of that raw
    /// request `SignatureValue` (the bytes of [`Verified::signature_value`]); `Some(vec![])`
    /// (the request carried no signature) adds one SignatureConfirmation without `Value`.
    /// They go before the primary signature and are signed by it. Under WS-Security 1.0 this
    /// is [`PipelineError::SignatureConfirmationRequiresWss11`].
    ///
    /// [`Verified::signature_value`]: super::Verified::signature_value
    pub signature_confirmation: Option<Vec<Vec<u8>>>,
}

impl Default for OutboundOptions {
    fn default() -> Self {
        OutboundOptions {
            algorithms: Algorithms::modern(),
            ttl_seconds: 300,
            clock: Arc::new(SystemClock),
            signer_reference: KeyReference::default(),
            protection_order: None,
            parse: ParseOptions::default(),
            signature_confirmation: None,
        }
    }
}

/// Fresh IDs that collide with nothing in the message.
struct Ids {
    taken: HashSet<String>,
    n: u32,
}

impl Ids {
    fn new(doc: &Document<'_>) -> Ids {
        Ids {
            taken: doc.ids().map(|(k, _)| k.to_owned()).collect(),
            n: 0,
        }
    }
    fn next(&mut self, prefix: &str) -> String {
        loop {
            self.n += 1;
            let id = format!("{prefix}-{}", self.n);
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// An attribute in the envelope namespace: ` p:local="v"`, declaring a prefix if the envelope
/// uses the default namespace.
fn env_attr(env_prefix: &str, env_ns: &str, local: &str, value: &str) -> String {
    if env_prefix.is_empty() {
        format!(r#" xmlns:soapenv="{env_ns}" soapenv:{local}="{value}""#)
    } else {
        format!(r#" {env_prefix}:{local}="{value}""#)
    }
}

fn escape_attr(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

/// What the plan says about one header block of the original envelope.
#[derive(Debug, Clone)]
struct HeaderPlan {
    level: ProtectionLevel,
    must_understand: bool,
    role: Option<String>,
}

/// Secure `envelope` as the requirements for `action` in `direction` say. `action` is the
/// message's action (a request's action, a reply's or fault's reply action; `None` looks up
/// `*`). Returns the secured envelope's bytes.
pub fn protect(
    resolution: &Resolution,
    direction: Direction,
    action: Option<&str>,
    credentials: &Credentials<'_>,
    options: &OutboundOptions,
    envelope: &[u8],
) -> Result<Vec<u8>, PipelineError> {
    protect_detailed(
        resolution,
        direction,
        action,
        credentials,
        options,
        envelope,
    )
    .map(|p| p.envelope)
}

/// A secured envelope and what the sender must remember about it.
#[derive(Debug, Clone)]
pub struct Protected {
    /// The secured envelope's bytes.
    pub envelope: Vec<u8>,
    /// The primary signature's raw `SignatureValue` (also when the signature is encrypted on
    /// the wire): a client passes it as [`InboundOptions::expect_signature_confirmation`] to
    /// check the reply's SignatureConfirmation.
    ///
    /// [`InboundOptions::expect_signature_confirmation`]: super::InboundOptions::expect_signature_confirmation
    pub signature_value: Vec<u8>,
}

/// [`protect`], also returning the primary signature's value.
pub fn protect_detailed(
    resolution: &Resolution,
    direction: Direction,
    action: Option<&str>,
    credentials: &Credentials<'_>,
    options: &OutboundOptions,
    envelope: &[u8],
) -> Result<Protected, PipelineError> {
    let binding = &resolution.binding;
    check_binding(binding)?;
    let algs = &options.algorithms;
    let order = options.protection_order.unwrap_or(binding.protection_order);
    if let Some(values) = &options.signature_confirmation {
        check_confirmation_use(binding, direction)?;
        if values.iter().any(|v| v.is_empty()) {
            return Err(PipelineError::SignatureConfirmationMisused {
                reason: "a signature value to confirm is empty",
            });
        }
    }
    let doc0 = Document::parse_bytes(envelope, &options.parse)?;
    let env0 = Envelope::from_document(&doc0)?;
    check_version(binding, env0.version())?;
    if env0.headers().iter().any(|h| h.is(WSSE_NS, "Security")) {
        return Err(PipelineError::SecurityHeaderAlreadyPresent);
    }
    let spec = table(resolution, direction).lookup(action).ok_or_else(|| {
        PipelineError::ActionUnrecognized {
            action: action.unwrap_or("").to_owned(),
        }
    })?;

    // The plan, by position.
    let mut headers: Vec<HeaderPlan> = Vec::with_capacity(env0.headers().len());
    for h in env0.headers() {
        let part = Part::Header {
            name: h.qname.local.to_owned(),
            namespace: h.qname.namespace.to_owned(),
        };
        let level = spec.level(&part);
        if level == ProtectionLevel::EncryptAndSign
            && binding.security_version == WsSecurityVersion::V10
        {
            return Err(PipelineError::HeaderEncryptionNotSupported {
                name: h.qname.local.to_owned(),
                namespace: h.qname.namespace.to_owned(),
            });
        }
        headers.push(HeaderPlan {
            level,
            must_understand: h.must_understand,
            role: h.role.map(str::to_owned),
        });
    }
    let body_level = spec.level(&Part::Body);
    let encrypts = body_level.is_encrypted() || headers.iter().any(|h| h.level.is_encrypted());
    let signed_and_encrypted = encrypts; // EncryptAndSign always includes Sign.

    let env_prefix = env0.element().prefix().to_owned();
    let env_ns = env0.namespace();
    let mut ids = Ids::new(&doc0);

    // Step 2: ids on the parts to sign, the Security header.
    let mut edits = Edits::new();
    let body = env0.body();
    if body_level.is_signed() && body.wsu_id().is_none() {
        edits.set_attribute(body.id(), WSU_NS, "wsu", "Id", &ids.next("Body"));
    }
    for (h, plan) in env0.headers().iter().zip(&headers) {
        if plan.level.is_signed() && h.wsu_id.is_none() {
            edits.set_attribute(h.id(), WSU_NS, "wsu", "Id", &ids.next("Header"));
        }
    }
    let now = options.clock.now();
    let ts_id = ids.next("TS");
    let mut security = format!(
        r#"<wsse:Security xmlns:wsse="{WSSE_NS}"{}>"#,
        env_attr(&env_prefix, env_ns, "mustUnderstand", "1")
    );
    if binding.include_timestamp {
        security.push_str(&timestamp::markup(
            &ts_id,
            now,
            now.saturating_add(options.ttl_seconds),
        ));
    }
    let markup = Markup::default();
    let signer_ref = match options.signer_reference {
        KeyReference::BinarySecurityToken => {
            let bst_id = ids.next("X509");
            security.push_str(&BinarySecurityToken::to_xml(
                credentials.certificate,
                &bst_id,
                &markup,
            )?);
            TokenReference::to_token(&bst_id)
        }
        KeyReference::SubjectKeyIdentifier => TokenReference::ski(credentials.certificate),
        KeyReference::ThumbprintSha1 => TokenReference::thumbprint_sha1(credentials.certificate),
    };
    // SignatureConfirmations (WS-Security 1.1): after the tokens, before the primary signature
    // (which is appended or inserted later, always after them).
    let mut sc_ids: Vec<String> = Vec::new();
    if let Some(values) = &options.signature_confirmation {
        let values: Vec<Option<&[u8]>> = if values.is_empty() {
            vec![None]
        } else {
            values.iter().map(|v| Some(v.as_slice())).collect()
        };
        for v in values {
            let id = ids.next("SC");
            let value = v
                .map(|v| format!(r#" Value="{}""#, crate::dsig::encode_base64(v)))
                .unwrap_or_default();
            security.push_str(&format!(
                r#"<wsse11:SignatureConfirmation xmlns:wsse11="{WSSE11_NS}" xmlns:wsu="{WSU_NS}" wsu:Id="{id}"{value}></wsse11:SignatureConfirmation>"#
            ));
            sc_ids.push(id);
        }
    }
    security.push_str("</wsse:Security>");
    match env0.header() {
        Some(h) => edits.prepend_child(h.id(), security),
        None => {
            let p = if env_prefix.is_empty() {
                String::new()
            } else {
                format!("{env_prefix}:")
            };
            edits.insert_before(body.id(), format!("<{p}Header>{security}</{p}Header>"))
        }
    };
    let doc1 = doc0.apply(&edits)?;
    let signer_key_info = signer_ref.to_xml(None, &markup)?;
    // In every later document the Security header is header block 0 and the original header
    // blocks follow it, in order.

    let ctx = Ctx {
        algs,
        credentials,
        headers: &headers,
        body_level,
        ts_id: binding.include_timestamp.then_some(ts_id.as_str()),
        sc_ids: &sc_ids,
        env_prefix: &env_prefix,
        env_ns,
        signer_key_info: &signer_key_info,
    };
    let (out, signature_value) = match order {
        ProtectionOrder::EncryptBeforeSign => {
            let (doc2, enc) = ctx.encrypt(&doc1, None, &mut ids)?;
            let signed = ctx.sign(&doc2, enc.ek_node, enc.encrypted_headers.as_slice())?;
            let value = signature_value_of(&signed.0, signed.1)?;
            (signed.0, value)
        }
        ProtectionOrder::SignBeforeEncrypt
        | ProtectionOrder::SignBeforeEncryptAndEncryptSignature => {
            let signed = ctx.sign(&doc1, None, &[])?;
            let value = signature_value_of(&signed.0, signed.1)?;
            let encrypt_signature = order == ProtectionOrder::SignBeforeEncryptAndEncryptSignature
                && signed_and_encrypted;
            let doc = if encrypts {
                ctx.encrypt(&signed.0, Some((signed.1, encrypt_signature)), &mut ids)?
                    .0
            } else {
                signed.0
            };
            (doc, value)
        }
    };
    Ok(Protected {
        envelope: out.source().as_bytes().to_vec(),
        signature_value,
    })
}

/// The raw `SignatureValue` of the `ds:Signature` at `sig`.
fn signature_value_of(doc: &Document<'_>, sig: NodeId) -> Result<Vec<u8>, PipelineError> {
    let text = doc
        .element(sig)
        .and_then(|s| s.child_elements().find(|c| c.is(DSIG_NS, "SignatureValue")))
        .ok_or(PipelineError::Internal("the SignatureValue is gone"))?
        .text();
    Ok(crate::dsig::decode_base64(&text, "SignatureValue")?)
}

/// SignatureConfirmation is a WS-Security 1.1 feature of replies (and faults).
pub(crate) fn check_confirmation_use(
    binding: &crate::binding::Binding,
    direction: Direction,
) -> Result<(), PipelineError> {
    if binding.security_version == WsSecurityVersion::V10 {
        return Err(PipelineError::SignatureConfirmationRequiresWss11 {
            binding: binding.preset.clone(),
        });
    }
    if direction == Direction::Request {
        return Err(PipelineError::SignatureConfirmationMisused {
            reason: "a request confirms no signature; only a reply or fault does",
        });
    }
    Ok(())
}

struct Ctx<'a> {
    algs: &'a Algorithms,
    credentials: &'a Credentials<'a>,
    headers: &'a [HeaderPlan],
    body_level: ProtectionLevel,
    ts_id: Option<&'a str>,
    sc_ids: &'a [String],
    env_prefix: &'a str,
    env_ns: &'static str,
    signer_key_info: &'a str,
}

struct Encrypted {
    /// The EncryptedKey in the new document (when the signature is still to be made).
    ek_node: Option<NodeId>,
    /// For each header position (original index), whether it is now an EncryptedHeader.
    encrypted_headers: Vec<bool>,
}

impl Ctx<'_> {
    /// Sign `doc`: Timestamp, the signed headers (or their EncryptedHeader), the body. The
    /// signature goes before `before` when given, else at the end of the Security header.
    fn sign(
        &self,
        doc: &Document<'_>,
        before: Option<NodeId>,
        encrypted_headers: &[bool],
    ) -> Result<(Document<'static>, NodeId), PipelineError> {
        let env = Envelope::from_document(doc)?;
        let security = env
            .headers()
            .first()
            .ok_or(PipelineError::Internal("the Security header is gone"))?
            .id();
        let mut spec = SignatureSpec::new(SignatureMethod::Asymmetric(self.algs.signature))
            .legacy(self.algs.legacy)
            .key_info(self.signer_key_info);
        let digest = self.algs.digest;
        if let Some(ts) = self.ts_id {
            let node = doc
                .element_by_id(ts)
                .ok_or(PipelineError::Internal("the Timestamp is gone"))?
                .id();
            spec = spec.reference(ReferenceSpec::element(node, digest));
        }
        for sc in self.sc_ids {
            let node = doc
                .element_by_id(sc)
                .ok_or(PipelineError::Internal("a SignatureConfirmation is gone"))?
                .id();
            spec = spec.reference(ReferenceSpec::element(node, digest));
        }
        for (i, plan) in self.headers.iter().enumerate() {
            if plan.level.is_signed() || encrypted_headers.get(i).copied().unwrap_or(false) {
                let block = env
                    .headers()
                    .get(i + 1)
                    .ok_or(PipelineError::Internal("a header block is gone"))?;
                spec = spec.reference(ReferenceSpec::element(block.id(), digest));
            }
        }
        if self.body_level.is_signed() {
            spec = spec.reference(ReferenceSpec::element(env.body().id(), digest));
        }
        if spec.references.is_empty() {
            return Err(PipelineError::NothingToSign);
        }
        let placement = match before {
            Some(n) => Placement::Before(n),
            None => Placement::AppendChild(security),
        };
        let signed = sign(
            doc,
            &spec,
            crate::dsig::SigningKey::Private(self.credentials.private_key),
            placement,
        )?;
        Ok((signed.document, signed.signature))
    }

    /// Encrypt the body content and the headers at EncryptAndSign (and the signature when
    /// `signature` says so), wrap headers in `wsse11:EncryptedHeader`, and add the
    /// EncryptedKey with its ReferenceList: before the signature when there is one, else at the
    /// end of the Security header.
    fn encrypt(
        &self,
        doc: &Document<'_>,
        signature: Option<(NodeId, bool)>,
        ids: &mut Ids,
    ) -> Result<(Document<'static>, Encrypted), PipelineError> {
        let env = Envelope::from_document(doc)?;
        let mut enc = ContentEncryptor::new(self.algs.block, self.algs.legacy)?;
        let mut edits = Edits::new();
        let mut header_eds: Vec<(usize, String)> = Vec::new();
        for (i, plan) in self.headers.iter().enumerate() {
            if plan.level.is_encrypted() {
                let block = env
                    .headers()
                    .get(i + 1)
                    .ok_or(PipelineError::Internal("a header block is gone"))?;
                let id = ids.next("ED");
                enc.encrypt(
                    doc,
                    block.id(),
                    EncryptedType::Element,
                    &id,
                    None,
                    &mut edits,
                )?;
                header_eds.push((i, id));
            }
        }
        if self.body_level.is_encrypted() {
            let id = ids.next("ED");
            enc.encrypt(
                doc,
                env.body().id(),
                EncryptedType::Content,
                &id,
                None,
                &mut edits,
            )?;
        }
        let mut signature_ed = None;
        if let Some((sig, true)) = signature {
            let id = ids.next("ED");
            enc.encrypt(doc, sig, EncryptedType::Element, &id, None, &mut edits)?;
            signature_ed = Some(id);
        }
        let doc_a = doc.apply(&edits)?;

        // Pass B: EncryptedHeader wrappers and the EncryptedKey.
        let mut edits = Edits::new();
        let mut encrypted_headers = vec![false; self.headers.len()];
        for (i, ed_id) in &header_eds {
            let ed = doc_a
                .element_by_id(ed_id)
                .ok_or(PipelineError::Internal("an EncryptedData is gone"))?;
            let plan = &self.headers[*i];
            let mut attrs = String::new();
            if plan.must_understand {
                attrs.push_str(&env_attr(
                    self.env_prefix,
                    self.env_ns,
                    "mustUnderstand",
                    "1",
                ));
            }
            if let Some(role) = &plan.role {
                let local = if self.env_ns == crate::envelope::SOAP11_NS {
                    "actor"
                } else {
                    "role"
                };
                if !self.env_prefix.is_empty() || !plan.must_understand {
                    attrs.push_str(&env_attr(
                        self.env_prefix,
                        self.env_ns,
                        local,
                        &escape_attr(role),
                    ));
                } else {
                    attrs.push_str(&format!(r#" soapenv:{local}="{}""#, escape_attr(role)));
                }
            }
            let eh_id = ids.next("EH");
            edits.replace(
                ed.id(),
                format!(
                    r#"<wsse11:EncryptedHeader xmlns:wsse11="{WSSE11_NS}" xmlns:wsu="{WSU_NS}" wsu:Id="{eh_id}"{attrs}>{}</wsse11:EncryptedHeader>"#,
                    &doc_a.source()[ed.span()]
                ),
            );
            encrypted_headers[*i] = true;
        }
        let recipient = self.credentials.peer_certificate.public_key()?;
        let ek_id = ids.next("EK");
        let recipient_ref = TokenReference::ski(self.credentials.peer_certificate)
            .to_xml(None, &Markup::default())?;
        let ek = enc.encrypted_key_rsa_oaep(
            recipient,
            &self.algs.key_transport,
            &EncryptedKeyOptions {
                id: Some(ek_id.clone()),
                key_info: Some(format!(
                    r#"<ds:KeyInfo xmlns:ds="{DSIG_NS}">{recipient_ref}</ds:KeyInfo>"#
                )),
                reference_list: true,
            },
        )?;
        let env_a = Envelope::from_document(&doc_a)?;
        let security = env_a
            .headers()
            .first()
            .ok_or(PipelineError::Internal("the Security header is gone"))?
            .id();
        match (&signature_ed, signature) {
            (Some(id), _) => {
                let n = doc_a
                    .element_by_id(id)
                    .ok_or(PipelineError::Internal("the encrypted signature is gone"))?;
                edits.insert_before(n.id(), ek);
            }
            (None, Some(_)) => {
                // The signature is the last child of the Security header.
                let sig = env_a
                    .headers()
                    .first()
                    .and_then(|s| s.element.child_elements().last())
                    .ok_or(PipelineError::Internal("the signature is gone"))?;
                edits.insert_before(sig.id(), ek);
            }
            (None, None) => {
                edits.append_child(security, ek);
            }
        }
        let doc_b = doc_a.apply(&edits)?;
        let ek_node = doc_b.element_by_id(&ek_id).map(|e| e.id());
        Ok((
            doc_b,
            Encrypted {
                ek_node,
                encrypted_headers,
            },
        ))
    }
}
