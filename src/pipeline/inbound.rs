//! Inbound: bytes → one bounded parse → the Security header in document order → achieved
//! protection per part → compared with the requirements for the action → [`Verified`].
//!
//! # Security rests on node identities
//!
//! Every part is found by **position**: the Body at `/Envelope/Body`, header blocks as the
//! direct children of `/Envelope/Header`, the Timestamp as a direct child of the one Security
//! header. A part is *signed* when the verified signature has a reference that resolved to
//! exactly that node; *encrypted* when that node (the Body's whole content, or the header
//! block) came out of decrypting an `EncryptedData` listed in the `EncryptedKey`'s
//! ReferenceList, at that very position (a `wsse11:EncryptedHeader` header block for a header,
//! the Body for the body). Order in the Security header decides only the processing order
//! (decrypt first, or verify first) and the layout and protection-order checks.
//!
//! # Document order
//!
//! The ReferenceList (inside the `EncryptedKey`) and the Signature are processed in the order
//! they appear: a ReferenceList before the Signature (sign-before-encrypt) means decrypt,
//! then verify the signature over the plaintext; a Signature before the ReferenceList
//! (encrypt-before-sign) means verify over the ciphertext, then decrypt. Node positions are
//! the same in both documents (decryption replaces a Body's content, an EncryptedHeader by
//! its header, an encrypted signature by the signature), so facts carry over by position.
//!
//! # Bounded work
//!
//! One [`Budget`] ([`InboundOptions::budget`]) bounds every loop the message controls, and
//! [`verify_metered`] reports the [`Spent`] record. Structure is checked before cryptography
//! (Hill's order): the Security header's children are counted before they are classified; a
//! signature's references, transforms and prefix lists are counted (in the decrypt-then-verify
//! order, a plaintext signature's shape and budgets are checked before the key is unwrapped)
//! before any key is looked up or any RSA operation is done; an STR is dereferenced (and refused if it leads to another STR)
//! before the key store is searched; the `DataReference`s are counted against
//! [`Budget::max_decryptions`] before the key is unwrapped.

use super::replay::ReplayDetection;
use super::security_header::{self, ItemKind};
use super::timestamp::{self, Clock, SystemClock, Timestamp};
use super::verified::{PartProtection, Protection, Verified};
use super::{Algorithms, PipelineError, ReplayVerdict, check_binding, check_version, table};
use crate::addressing::AddressingHeaders;
use crate::binding::{HeaderLayout, ProtectionOrder, SecurityElement};
use crate::budget::{Budget, BudgetKind, Meter, Spent};
use crate::c14n::Algorithm;
use crate::contract::{Direction, Part, Resolution};
use crate::dsig::{SignatureMethod, SignaturePolicy, VerificationKey};
use crate::envelope::Envelope;
use crate::keys::ValidatedIdentity;
use crate::token::{KeyStore, SecurityTokenReference, TokenReference};
use crate::xenc::{DecryptionPolicy, EncryptedType, KeyEncryptionKey};
use crate::xml::{
    DSIG_NS, Document, Edits, Element, NodeId, ParseOptions, WSSE11_NS, WSU_NS, XENC_NS,
};
use std::sync::Arc;

/// Inbound settings.
#[derive(Clone)]
pub struct InboundOptions {
    /// Algorithms accepted (exactly these; default [`Algorithms::modern`]).
    pub algorithms: Algorithms,
    /// Allowed clock skew in seconds, either way: default [`DEFAULT_SKEW_SECONDS`] (300, as
    /// WCF's `MaxClockSkew` and WSS4J); at most [`MAX_SKEW_SECONDS`] (one hour) — a larger or
    /// negative value is [`PipelineError::InvalidOptions`].
    pub skew_seconds: i64,
    /// The oldest message accepted, by its `wsu:Created`, in seconds (plus the skew), whatever
    /// its `wsu:Expires` says: default [`DEFAULT_MAX_MESSAGE_AGE_SECONDS`] (300, WCF's
    /// `ReplayWindow` and WSS4J's `timeStampTTL`); from 1 to [`MAX_MESSAGE_AGE_SECONDS`] (one
    /// day), otherwise [`PipelineError::InvalidOptions`]. A sender's long-lived Timestamp
    /// therefore neither keeps a captured message replayable for long nor pins a replay cache
    /// entry for long.
    pub max_message_age_seconds: i64,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Override the binding's header layout.
    pub layout: Option<HeaderLayout>,
    /// Override the binding's protection order.
    pub protection_order: Option<ProtectionOrder>,
    /// Our SOAP actor/role, if any (Security headers for other actors are ignored).
    pub actor: Option<String>,
    /// Parse limits.
    pub parse: ParseOptions,
    /// Work limits for the whole message: signature references, transforms and canonical
    /// bytes, Security header children, token lookups, STR dereferences and decryptions (see
    /// [`Budget`]).
    pub budget: Budget,
    /// Replay detection. Default: [`ReplayDetection::Cache`] with an in-memory cache of
    /// [`DEFAULT_REPLAY_CAPACITY`] entries, private to this options value (clone the options to
    /// share it). Turning it off is [`ReplayDetection::DangerouslyOff`], which is also required
    /// when the binding sends no Timestamp (replays cannot be detected then): with a cache and
    /// such a binding, [`verify`] refuses to run ([`PipelineError::InvalidOptions`]).
    pub replay: ReplayDetection,
    /// WS-Security 1.1 SignatureConfirmation, for a client verifying a reply or fault: the
    /// raw `SignatureValue`s of the request it sent (`Some(vec![])` when the request was not
    /// signed). The reply must then carry exactly the matching `wsse11:SignatureConfirmation`
    /// elements (as a multiset; for `Some(vec![])`, exactly one without `Value`), each signed
    /// by the primary signature, before it; values are compared in constant time.
    ///
    /// `None` (the default) follows WCF's `RequireSignatureConfirmation = false`: a reply that
    /// carries a SignatureConfirmation anyway is refused
    /// ([`PipelineError::SignatureConfirmationNotExpected`], WCF's
    /// `SignatureConfirmationsNotExpected`), so an unchecked confirmation is never accepted.
    /// Under WS-Security 1.0 or for a request, `Some` is an error.
    pub expect_signature_confirmation: Option<Vec<Vec<u8>>>,
}

impl std::fmt::Debug for InboundOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InboundOptions")
            .field("algorithms", &self.algorithms)
            .field("skew_seconds", &self.skew_seconds)
            .field("max_message_age_seconds", &self.max_message_age_seconds)
            .field("clock", &self.clock)
            .field("layout", &self.layout)
            .field("protection_order", &self.protection_order)
            .field("actor", &self.actor)
            .field("replay", &self.replay)
            .field(
                "expect_signature_confirmation",
                &self.expect_signature_confirmation.as_ref().map(Vec::len),
            )
            .finish_non_exhaustive()
    }
}

impl Default for InboundOptions {
    fn default() -> Self {
        InboundOptions {
            algorithms: Algorithms::modern(),
            skew_seconds: DEFAULT_SKEW_SECONDS,
            max_message_age_seconds: DEFAULT_MAX_MESSAGE_AGE_SECONDS,
            clock: Arc::new(SystemClock),
            layout: None,
            protection_order: None,
            actor: None,
            parse: ParseOptions::default(),
            budget: Budget::default(),
            replay: ReplayDetection::in_memory(DEFAULT_REPLAY_CAPACITY),
            expect_signature_confirmation: None,
        }
    }
}

/// Entries in the default replay cache. When it is full of unexpired entries, new messages are
/// refused rather than an entry evicted.
pub const DEFAULT_REPLAY_CAPACITY: usize = 10_000;

/// The default [`InboundOptions::skew_seconds`].
pub const DEFAULT_SKEW_SECONDS: i64 = 300;
/// The largest [`InboundOptions::skew_seconds`] accepted (one hour).
pub const MAX_SKEW_SECONDS: i64 = 3_600;
/// The default [`InboundOptions::max_message_age_seconds`].
pub const DEFAULT_MAX_MESSAGE_AGE_SECONDS: i64 = 300;
/// The largest [`InboundOptions::max_message_age_seconds`] accepted (one day).
pub const MAX_MESSAGE_AGE_SECONDS: i64 = 86_400;

impl InboundOptions {
    /// Check the options against their documented ranges and against the binding, before
    /// anything is parsed. [`verify`] calls it; call it at start-up to fail early.
    ///
    /// # Errors
    /// [`PipelineError::InvalidOptions`] naming the option: a skew outside
    /// 0..=[`MAX_SKEW_SECONDS`], a maximum age outside 1..=[`MAX_MESSAGE_AGE_SECONDS`], or replay
    /// detection left on for a binding that sends no Timestamp.
    pub fn check(&self, binding: &crate::binding::Binding) -> Result<(), PipelineError> {
        if !(0..=MAX_SKEW_SECONDS).contains(&self.skew_seconds) {
            return Err(PipelineError::InvalidOptions {
                option: "skew_seconds",
                reason: format!(
                    "{} s is outside 0..={MAX_SKEW_SECONDS} s; fix the clocks (NTP) rather than widen the window",
                    self.skew_seconds
                ),
            });
        }
        if !(1..=MAX_MESSAGE_AGE_SECONDS).contains(&self.max_message_age_seconds) {
            return Err(PipelineError::InvalidOptions {
                option: "max_message_age_seconds",
                reason: format!(
                    "{} s is outside 1..={MAX_MESSAGE_AGE_SECONDS} s",
                    self.max_message_age_seconds
                ),
            });
        }
        if !binding.include_timestamp && self.replay.is_on() {
            return Err(PipelineError::InvalidOptions {
                option: "replay",
                reason: format!(
                    "binding {} sends no Timestamp, so messages carry no freshness and replays cannot be detected; \
                     use a binding with a Timestamp, or state the risk with ReplayDetection::DangerouslyOff",
                    binding.name
                ),
            });
        }
        Ok(())
    }
}

/// What the verified signature covers, by position.
struct SignedFacts {
    body: bool,
    headers: Vec<bool>,
    timestamp: bool,
    /// For each child of the Security header (by position), whether the signature covers it.
    security_items: Vec<bool>,
    identity: ValidatedIdentity,
    signature_value: String,
    /// The first reference whose target is no message part (attack classes A and N: a signed
    /// element wrapped away from its position): its URI and where it points.
    stray: Option<(String, String)>,
}

/// Whether a signature may point at `target`: the Body, a header block, a child of the
/// Security header (Timestamp, token, SignatureConfirmation), or an EncryptedData standing
/// as a Body's or header block's content (encrypt-before-sign peers sign the EncryptedData).
fn reference_target_allowed(
    doc: &Document<'_>,
    env: &Envelope<'_>,
    sec: Element<'_>,
    target: NodeId,
) -> bool {
    let Some(el) = doc.element(target) else {
        return false;
    };
    let is_part = |id: NodeId| id == env.body().id() || env.headers().iter().any(|h| h.id() == id);
    if is_part(target) {
        return true;
    }
    let parent = el.parent_element().map(|p| p.id());
    parent == Some(sec.id()) || (el.is(XENC_NS, "EncryptedData") && parent.is_some_and(is_part))
}

/// A direct token reference must name a token in the same Security header: a
/// BinarySecurityToken placed elsewhere (in the Body, in another header) is refused, even
/// though its certificate would still have to be trusted.
fn token_in_security_header(
    doc: &Document<'_>,
    security: Element<'_>,
    str_: &SecurityTokenReference,
) -> Result<(), PipelineError> {
    if let TokenReference::Direct { id, .. } = str_.reference()
        && let Some(target) = doc.element_by_id(id)
        && target.parent_element().map(|p| p.id()) != Some(security.id())
    {
        return Err(PipelineError::UnsupportedStructure {
            reason: format!("the security token '#{id}' is not a child of the Security header"),
        });
    }
    Ok(())
}

fn str_direct_id(key_info_parent: Element<'_>) -> Option<String> {
    let ki = key_info_parent
        .child_elements()
        .find(|c| c.is(DSIG_NS, "KeyInfo"))?;
    match SecurityTokenReference::from_key_info(ki).ok()?.reference() {
        TokenReference::Direct { id, .. } => Some(id.clone()),
        _ => None,
    }
}

/// The signature policy the options amount to: exactly the configured algorithms, exclusive
/// C14N, the message's budget.
fn signature_policy(options: &InboundOptions) -> SignaturePolicy {
    let algs = &options.algorithms;
    let mut policy = SignaturePolicy::default()
        .with_legacy(algs.legacy)
        .only_method(SignatureMethod::Asymmetric(algs.signature))
        .only_digest(algs.digest);
    policy.canonicalizations = vec![Algorithm::Exclusive];
    policy.budget = options.budget;
    policy
}

/// The policy of the early shape check of a plaintext signature in the decrypt-then-verify
/// order: every algorithm soapsec implements, the message's budget. Only the structure and the
/// budgets are checked then; the algorithm policy applies when the signature is verified, so
/// which refusal a message gets does not depend on the order of its Security header.
fn shape_policy(options: &InboundOptions) -> SignaturePolicy {
    let mut policy = SignaturePolicy::default()
        .with_legacy(crate::algorithms::Legacy::NONE.allow_sha1_for_legacy_use_only());
    policy.canonicalizations = Algorithm::ALL.to_vec();
    policy.budget = options.budget;
    policy
}

/// Before a key-store lookup: count it, and for a direct reference count the dereference and
/// follow it once, refusing an STR that leads to another STR (depth 1) before any certificate
/// is parsed or validated.
fn before_lookup(
    doc: &Document<'_>,
    reference: &SecurityTokenReference,
    meter: &mut Meter,
) -> Result<(), PipelineError> {
    if let TokenReference::Direct { .. } = reference.reference() {
        meter.charge(BudgetKind::StrDereferences, 1)?;
        reference.referenced_element(doc)?;
    }
    meter.charge(BudgetKind::TokenLookups, 1)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn verify_signature(
    doc: &Document<'_>,
    sec_pos: usize,
    sig_idx: usize,
    ts_idx: Option<usize>,
    keys: &KeyStore,
    now: i64,
    options: &InboundOptions,
    meter: &mut Meter,
) -> Result<SignedFacts, PipelineError> {
    let env = Envelope::from_document(doc)?;
    let sec = env
        .headers()
        .get(sec_pos)
        .ok_or(PipelineError::Internal("the Security header moved"))?
        .element;
    let children: Vec<Element<'_>> = sec.child_elements().collect();
    let sig = *children
        .get(sig_idx)
        .filter(|e| e.is(DSIG_NS, "Signature"))
        .ok_or(PipelineError::SignatureMissing)?;
    // 1. Structure and per-list budgets, before any key is looked up.
    let policy = signature_policy(options);
    let parsed = crate::dsig::check_structure(doc, sig.id(), &policy, meter)?;
    let ki = sig
        .child_elements()
        .find(|c| c.is(DSIG_NS, "KeyInfo"))
        .ok_or_else(|| {
            PipelineError::Token(crate::token::TokenError::UnsupportedKeyInfo {
                found: "a ds:Signature without ds:KeyInfo".into(),
            })
        })?;
    let str_ = SecurityTokenReference::from_key_info(ki)?;
    // 2. The key: the STR followed once, then the key store (chain validation).
    before_lookup(doc, &str_, meter)?;
    token_in_security_header(doc, sec, &str_)?;
    let identity = keys.resolve_signer(doc, &str_, now)?;
    // 3. SignatureValue, then digests.
    let vs = crate::dsig::verify_parsed(doc, &parsed, &VerificationKey::from(&identity), meter)?;
    let signature_value: String = sig
        .child_elements()
        .find(|c| c.is(DSIG_NS, "SignatureValue"))
        .map(|v| {
            v.text()
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect()
        })
        .unwrap_or_default();
    Ok(SignedFacts {
        body: vs.references_node(env.body().id()),
        headers: env
            .headers()
            .iter()
            .map(|h| vs.references_node(h.id()))
            .collect(),
        timestamp: ts_idx
            .and_then(|i| children.get(i))
            .is_some_and(|t| vs.references_node(t.id())),
        security_items: children
            .iter()
            .map(|c| vs.references_node(c.id()))
            .collect(),
        stray: vs
            .references()
            .iter()
            .find(|r| !reference_target_allowed(doc, &env, sec, r.target))
            .map(|r| {
                let at = doc
                    .element(r.target)
                    .map_or_else(|| "the whole document".to_owned(), |e| e.path());
                (r.uri.clone(), at)
            }),
        identity,
        signature_value,
    })
}

/// Verify a secured message and enforce the requirements for its action.
///
/// `direction` is the kind of message received (a service receives requests, a client
/// replies and faults); the requirements come from `resolution`'s service-incoming table for
/// requests and service-outgoing table otherwise. `soap_action` is the transport's SOAPAction
/// (requests without WS-Addressing are keyed by it; with WS-Addressing it must match the
/// signed `wsa:Action` when given).
pub fn verify(
    resolution: &Resolution,
    direction: Direction,
    soap_action: Option<&str>,
    keys: &KeyStore,
    options: &InboundOptions,
    message: &[u8],
) -> Result<Verified, PipelineError> {
    verify_metered(
        resolution,
        direction,
        soap_action,
        keys,
        options,
        message,
        &mut Spent::default(),
    )
}

/// [`verify`], adding the work done to `spent` whether the message is accepted or refused:
/// after a [`PipelineError::BudgetExceeded`] or a [`DsigError::BudgetExceeded`] it shows that
/// the work stopped at the limit (for example, no digest computed and no key looked up when a
/// signature has too many references).
///
/// [`DsigError::BudgetExceeded`]: crate::dsig::DsigError::BudgetExceeded
pub fn verify_metered(
    resolution: &Resolution,
    direction: Direction,
    soap_action: Option<&str>,
    keys: &KeyStore,
    options: &InboundOptions,
    message: &[u8],
    spent: &mut Spent,
) -> Result<Verified, PipelineError> {
    let mut meter = Meter::new(options.budget, message.len());
    let result = verify_inner(
        resolution,
        direction,
        soap_action,
        keys,
        options,
        message,
        &mut meter,
    );
    *spent += meter.spent();
    result
}

fn verify_inner(
    resolution: &Resolution,
    direction: Direction,
    soap_action: Option<&str>,
    keys: &KeyStore,
    options: &InboundOptions,
    message: &[u8],
    meter: &mut Meter,
) -> Result<Verified, PipelineError> {
    let binding = &resolution.binding;
    check_binding(binding)?;
    options.check(binding)?;
    let layout = options.layout.unwrap_or(binding.header_layout);
    let order = options.protection_order.unwrap_or(binding.protection_order);
    let tbl = table(resolution, direction);
    let now = options.clock.now();
    let algs = &options.algorithms;
    if options.expect_signature_confirmation.is_some() {
        super::outbound::check_confirmation_use(binding, direction)?;
    }

    let doc0 = Document::parse_bytes(message, &options.parse)?;
    let env0 = Envelope::from_document(&doc0)?;
    check_version(binding, env0.version())?;
    let sec_pos = security_header::find(&env0, options.actor.as_deref())?;
    let sec0 = env0.headers()[sec_pos].element;
    // The children are counted, up to the budget plus one, before any is looked at further.
    let items = meter.take_bounded(
        BudgetKind::SecurityHeaderChildren,
        sec0.child_elements()
            .map(|e| security_header::classify(e).map(|k| (k, e))),
    )?;
    if items.is_empty() {
        return Err(PipelineError::SecurityHeaderEmpty);
    }
    let kinds: Vec<ItemKind> = items.iter().map(|(k, _)| *k).collect();
    let count = |k: ItemKind| kinds.iter().filter(|x| **x == k).count();
    if count(ItemKind::Signature) > 1 {
        return Err(PipelineError::AtMostOneSignature);
    }
    if count(ItemKind::Timestamp) > 1 {
        return Err(PipelineError::UnsupportedStructure {
            reason: "more than one wsu:Timestamp".into(),
        });
    }
    if count(ItemKind::ReferenceList) > 0 {
        return Err(PipelineError::UnsupportedStructure {
            reason: "a standalone xenc:ReferenceList (only a ReferenceList inside the EncryptedKey is supported)".into(),
        });
    }
    let eks: Vec<usize> = (0..items.len())
        .filter(|i| kinds[*i] == ItemKind::EncryptedKey)
        .collect();
    let with_list: Vec<usize> = eks
        .iter()
        .copied()
        .filter(|i| {
            items[*i]
                .1
                .child_elements()
                .any(|c| c.is(XENC_NS, "ReferenceList"))
        })
        .collect();
    if with_list.len() > 1 {
        return Err(PipelineError::AtMostOneReferenceList);
    }
    if eks.len() > 1 {
        return Err(PipelineError::UnsupportedStructure {
            reason: "more than one xenc:EncryptedKey".into(),
        });
    }
    let ek_idx = with_list.first().copied();
    if ek_idx.is_none() && !eks.is_empty() {
        return Err(PipelineError::UnsupportedStructure {
            reason: "an xenc:EncryptedKey without a ReferenceList".into(),
        });
    }

    // Layout, with the token uses (declare before use).
    let mut uses = Vec::new();
    for (i, (k, el)) in items.iter().enumerate() {
        if matches!(k, ItemKind::Signature | ItemKind::EncryptedKey)
            && let Some(id) = str_direct_id(*el)
            && let Some(j) = items
                .iter()
                .position(|(_, e)| e.attribute(WSU_NS, "Id") == Some(id.as_str()))
        {
            uses.push((i, j));
        }
    }
    security_header::check_layout(layout, &kinds, &uses)?;

    // Timestamp: present and fresh (signed-ness once the signature is verified).
    let ts_idx = kinds.iter().position(|k| *k == ItemKind::Timestamp);
    let ts: Option<Timestamp> = match ts_idx {
        Some(i) => Some(timestamp::parse(items[i].1)?),
        None if binding.include_timestamp => return Err(PipelineError::TimestampMissing),
        None => None,
    };
    let ts_id = ts_idx
        .and_then(|i| items[i].1.attribute(WSU_NS, "Id"))
        .unwrap_or("")
        .to_owned();
    if let Some(ts) = &ts {
        timestamp::check(
            ts,
            now,
            options.skew_seconds,
            options.max_message_age_seconds,
        )?;
    }

    // Encryption expected at all? (reference §7, exception 1: asymmetric bindings only.)
    if ek_idx.is_some()
        && binding.security_element != SecurityElement::Symmetric
        && !tbl.has_encryption_requirements()
    {
        return Err(PipelineError::EncryptionNotExpected);
    }

    let sig_idx = kinds.iter().position(|k| *k == ItemKind::Signature);
    let enc_sig_idx = kinds.iter().position(|k| *k == ItemKind::EncryptedData);
    if count(ItemKind::EncryptedData) > 1 || (sig_idx.is_some() && enc_sig_idx.is_some()) {
        return Err(PipelineError::AtMostOneSignature);
    }
    // SignatureConfirmation: only when expected (WCF `SignatureConfirmationsNotExpected`), and
    // never after the primary signature (`SignatureConfirmationsOccursAfterPrimarySignature`).
    let sc_idx: Vec<usize> = (0..items.len())
        .filter(|i| kinds[*i] == ItemKind::SignatureConfirmation)
        .collect();
    if !sc_idx.is_empty() && options.expect_signature_confirmation.is_none() {
        return Err(PipelineError::SignatureConfirmationNotExpected);
    }
    if let (Some(s), Some(&last)) = (sig_idx.or(enc_sig_idx), sc_idx.last())
        && last > s
    {
        return Err(PipelineError::SignatureConfirmationAfterSignature);
    }
    // Protection order, when both a ReferenceList and a plaintext signature are present.
    if let (Some(e), Some(s)) = (ek_idx, sig_idx) {
        let sign_first = order != ProtectionOrder::EncryptBeforeSign;
        if sign_first != (e < s) {
            return Err(PipelineError::ProtectionOrderMismatch { required: order });
        }
    }
    let verify_first = match (sig_idx, ek_idx) {
        (Some(s), Some(e)) => s < e,
        (Some(_), None) => true,
        _ => false,
    };

    let mut facts: Option<SignedFacts> = None;
    if verify_first && let Some(s) = sig_idx {
        facts = Some(verify_signature(
            &doc0, sec_pos, s, ts_idx, keys, now, options, meter,
        )?);
    } else if let Some(s) = sig_idx {
        // Decrypt, then verify: a signature in plaintext is checked for structure and budgets
        // now, before any key is unwrapped (it is verified, algorithms included, on the
        // decrypted document).
        crate::dsig::check_structure(&doc0, items[s].1.id(), &shape_policy(options), meter)?;
    }

    // Decryption.
    let header_count = env0.headers().len();
    let mut header_encrypted = vec![false; header_count];
    let mut body_encrypted = false;
    let mut signature_encrypted = false;
    let mut decrypted_doc: Option<Document<'static>> = None;
    if let Some(e) = ek_idx {
        let ek = items[e].1;
        let list = ek
            .child_elements()
            .find(|c| c.is(XENC_NS, "ReferenceList"))
            .ok_or(PipelineError::Internal("the ReferenceList is gone"))?;
        // One unwrap, then one decryption per DataReference: counted (reading no more than the
        // budget allows) before any of them is resolved.
        let room = meter.limit(BudgetKind::Decryptions);
        let listed = list
            .child_elements()
            .filter(|r| r.is(XENC_NS, "DataReference"))
            .take(
                usize::try_from(room)
                    .unwrap_or(usize::MAX)
                    .saturating_add(1),
            )
            .count();
        meter.check(BudgetKind::Decryptions, 1 + listed as u64)?;
        for r in list
            .child_elements()
            .filter(|r| r.is(XENC_NS, "DataReference"))
        {
            let uri = r.attribute("", "URI").unwrap_or("");
            let target = uri
                .strip_prefix('#')
                .and_then(|id| doc0.element_by_id(id))
                .filter(|t| t.is(XENC_NS, "EncryptedData"))
                .ok_or_else(|| PipelineError::DataReferenceUnresolved {
                    uri: uri.to_owned(),
                })?;
            let parent = target.parent_element().map(|p| p.id());
            let in_body = parent == Some(env0.body().id());
            let in_security = parent == Some(sec0.id());
            // A header block is a child of the SOAP Header, the Security header's parent:
            // checked by position, without walking every header block.
            let soap_header = sec0.parent_element().map(|h| h.id());
            let in_header = target.parent_element().is_some_and(|p| {
                p.parent_element().map(|h| h.id()) == soap_header
                    && p.is(WSSE11_NS, "EncryptedHeader")
                    && p.child_elements().take(2).count() == 1
            });
            if !(in_body || in_security || in_header) {
                return Err(PipelineError::EncryptedDataMisplaced {
                    uri: uri.to_owned(),
                });
            }
        }
        let ki = ek
            .child_elements()
            .find(|c| c.is(DSIG_NS, "KeyInfo"))
            .ok_or_else(|| {
                PipelineError::Token(crate::token::TokenError::UnsupportedKeyInfo {
                    found: "an xenc:EncryptedKey without ds:KeyInfo".into(),
                })
            })?;
        let str_ = SecurityTokenReference::from_key_info(ki)?;
        before_lookup(&doc0, &str_, meter)?;
        token_in_security_header(&doc0, sec0, &str_)?;
        let identity = keys.resolve_decryption_identity(&doc0, &str_)?;
        let policy = DecryptionPolicy {
            key_transports: Some(vec![algs.key_transport.clone()]),
            ..DecryptionPolicy::only(algs.block, algs.legacy)
        };
        let dec = crate::xenc::decrypt_with_encrypted_key_metered(
            &doc0,
            ek.id(),
            KeyEncryptionKey::Private(identity.private_key()),
            &policy,
            meter,
        )?;
        let placed = place_plaintext(dec, sec_pos)?;
        body_encrypted = placed.body;
        signature_encrypted = placed.signature;
        for &i in &placed.headers {
            if let Some(h) = header_encrypted.get_mut(i) {
                *h = true;
            }
        }
        decrypted_doc = Some(placed.document);
    }

    let final_doc: &Document<'_> = decrypted_doc.as_ref().unwrap_or(&doc0);
    let env2 = Envelope::from_document(final_doc)?;
    if env2.headers().len() != header_count {
        return Err(PipelineError::Internal(
            "decryption changed the header count",
        ));
    }
    if facts.is_none() {
        let idx = sig_idx
            .or(enc_sig_idx)
            .ok_or(PipelineError::SignatureMissing)?;
        let verified = verify_signature(final_doc, sec_pos, idx, ts_idx, keys, now, options, meter);
        // Attack class H: with CBC (legacy) and decryption before verification, a flipped IV
        // or block that still decrypts to well-formed XML fails at the signature, a malformed
        // one at decryption: two errors would be a well-formedness oracle. Every failure after
        // a CBC decryption is reported as the one uniform decryption failure.
        facts = Some(match verified {
            Err(_) if decrypted_doc.is_some() && algs.block.is_cbc() => {
                return Err(PipelineError::Xenc(
                    crate::xenc::XencError::DecryptionFailed,
                ));
            }
            other => other?,
        });
    }
    let facts = facts.ok_or(PipelineError::SignatureMissing)?;

    if ts.is_some() && !facts.timestamp {
        return Err(PipelineError::SecurityHeaderElementNotSigned {
            element: "Timestamp".into(),
            id: ts_id,
        });
    }

    if let Some(expected) = &options.expect_signature_confirmation {
        check_confirmations(&items, &sc_idx, &facts.security_items, expected)?;
    }

    // Encrypted headers must be signed.
    for (i, h) in env2.headers().iter().enumerate() {
        if header_encrypted[i] && !facts.headers[i] {
            return Err(PipelineError::EncryptedHeaderNotSigned {
                name: h.qname.local.to_owned(),
                namespace: h.qname.namespace.to_owned(),
            });
        }
    }
    // SignBeforeEncryptAndEncryptSignature: any signed+encrypted part needs an encrypted
    // signature (reference §7, exception 3).
    let any_signed_encrypted = (body_encrypted && facts.body)
        || (0..header_count).any(|i| header_encrypted[i] && facts.headers[i]);
    if order == ProtectionOrder::SignBeforeEncryptAndEncryptSignature
        && any_signed_encrypted
        && !signature_encrypted
    {
        return Err(PipelineError::PrimarySignatureNotEncrypted);
    }

    // The action, and the requirements for it.
    let addressing = AddressingHeaders::from_envelope(&env2)?;
    let action: Option<String> = match addressing.as_ref().and_then(|a| a.action.as_ref()) {
        Some(a) => {
            let i = env2
                .headers()
                .iter()
                .position(|h| h.id() == a.id())
                .ok_or(PipelineError::Internal("wsa:Action is not a header block"))?;
            if !facts.headers[i] {
                let h = &env2.headers()[i];
                return Err(PipelineError::PartNotSigned {
                    name: h.qname.local.to_owned(),
                    namespace: h.qname.namespace.to_owned(),
                });
            }
            let value = a.value.to_string();
            if let Some(sa) = soap_action.map(|s| s.trim().trim_matches('"'))
                && !sa.is_empty()
                && sa != value
            {
                return Err(PipelineError::ActionMismatch {
                    wsa: value,
                    soap_action: sa.to_owned(),
                });
            }
            Some(value)
        }
        None => match direction {
            Direction::Request => soap_action.map(|s| s.trim().trim_matches('"').to_owned()),
            Direction::Reply | Direction::Fault => None,
        },
    };
    let spec = tbl
        .lookup(action.as_deref())
        .ok_or_else(|| PipelineError::ActionUnrecognized {
            action: action.clone().unwrap_or_default(),
        })?;

    if let Some(a) = action.as_deref() {
        check_body_matches_action(resolution, direction, a, &env2)?;
    }

    // Achieved protection, compared with the requirements: headers in order, then the body.
    let mut parts = Vec::with_capacity(header_count + 1);
    let mut header_handles = Vec::with_capacity(header_count);
    for (i, h) in env2.headers().iter().enumerate() {
        if i == sec_pos {
            continue;
        }
        let part = Part::Header {
            name: h.qname.local.to_owned(),
            namespace: h.qname.namespace.to_owned(),
        };
        let got = Protection {
            signed: facts.headers[i],
            encrypted: header_encrypted[i],
        };
        let required = spec.level(&part);
        check_part(h.qname.local, h.qname.namespace, required, got)?;
        header_handles.push((h.id(), got));
        parts.push(PartProtection {
            part,
            required,
            achieved: got,
        });
    }
    let body_got = Protection {
        signed: facts.body,
        encrypted: body_encrypted,
    };
    let body_required = spec.level(&Part::Body);
    check_part("Body", env2.namespace(), body_required, body_got)?;
    parts.push(PartProtection {
        part: Part::Body,
        required: body_required,
        achieved: body_got,
    });
    // Every reference must point at a message part at its position (checked last so that a
    // part's own error comes first): a signed header or wsa:Action wrapped away inside another
    // header still verifies, but is no longer the part it was signed as.
    if let Some((uri, at)) = &facts.stray {
        return Err(PipelineError::UnsupportedStructure {
            reason: format!(
                "the signature reference '{uri}' points at {at}, which is not a message part at its position"
            ),
        });
    }
    let body_id: NodeId = env2.body().id();
    let version = env2.version();

    // Replay: only for messages that passed every check.
    // An entry is kept while the message could still be accepted: until it expires or grows
    // too old, whichever comes first, plus the skew.
    if let (ReplayDetection::Cache(cache), Some(ts)) = (&options.replay, &ts) {
        let until = ts
            .expires
            .min(ts.created.saturating_add(options.max_message_age_seconds))
            .saturating_add(options.skew_seconds);
        match cache.check_and_insert(&facts.signature_value, until, now) {
            ReplayVerdict::Fresh => {}
            ReplayVerdict::Replayed => return Err(PipelineError::Replay),
            ReplayVerdict::Full { capacity } => {
                return Err(PipelineError::ReplayCacheFull { capacity });
            }
        }
    }

    let signature_value = crate::dsig::decode_base64(&facts.signature_value, "SignatureValue")?;
    drop(env2);
    drop(env0);
    let document = match decrypted_doc {
        Some(d) => d,
        None => doc0.into_owned(),
    };
    Ok(Verified::new(
        document,
        version,
        facts.identity,
        action,
        direction,
        ts.map(|t| (t.created, t.expires)),
        signature_value,
        body_id,
        body_got,
        header_handles,
        parts,
    ))
}

/// Attack class N: the action picks the requirements, so the Body must not carry another
/// operation's message. With a document/literal wrapped contract the Body's element is
/// `{contract namespace}Operation` (request) or `…OperationResponse` (reply). The message is
/// refused when its Body element is exactly such a wrapper of an operation other than the
/// one the action names (and not also this operation's own wrapper). Bodies that are no
/// operation's wrapper (message contracts, faults, other namespaces) are left alone.
fn check_body_matches_action(
    resolution: &Resolution,
    direction: Direction,
    action: &str,
    env: &Envelope<'_>,
) -> Result<(), PipelineError> {
    if direction == Direction::Fault {
        return Ok(());
    }
    let Some(this) = resolution
        .messages
        .iter()
        .find(|m| m.direction == direction && m.action == action)
    else {
        return Ok(());
    };
    let Some(first) = env.body().entries().next() else {
        return Ok(());
    };
    if first.namespace() != resolution.namespace {
        return Ok(());
    }
    let wrapper = |op: &str, d: Direction| match d {
        Direction::Request => op.to_owned(),
        _ => format!("{op}Response"),
    };
    let local = first.local_name();
    if local == wrapper(&this.operation, direction) {
        return Ok(());
    }
    for m in &resolution.messages {
        if m.operation == this.operation || m.direction == Direction::Fault {
            continue;
        }
        if local == wrapper(&m.operation, m.direction) {
            let kind = match m.direction {
                Direction::Request => "request",
                _ => "reply",
            };
            return Err(PipelineError::BodyActionMismatch {
                action: action.to_owned(),
                operation: this.operation.clone(),
                body: format!("{{{}}}{local}", resolution.namespace),
                body_operation: format!("{kind} wrapper of '{}'", m.operation),
            });
        }
    }
    Ok(())
}

/// Where the plaintext of a decryption landed, by position, once every `EncryptedHeader` is
/// replaced by the header block it held.
pub(crate) struct PlacedPlaintext {
    /// The decrypted document, EncryptedHeaders unwrapped.
    pub(crate) document: Document<'static>,
    /// The Body's whole content came out of an `EncryptedData` (Type Content).
    pub(crate) body: bool,
    /// Indices of the header blocks that were `EncryptedHeader`s and are now their plaintext.
    pub(crate) headers: Vec<usize>,
    /// The signature came out of an `EncryptedData` in the Security header.
    pub(crate) signature: bool,
}

/// Place the plaintext of `dec` by position (the Security header is header block `sec_pos`):
/// the Body's content, an encrypted signature in the Security header (anything else
/// encrypted there is refused), or the one element of an `EncryptedHeader`, which is then
/// unwrapped.
pub(crate) fn place_plaintext(
    dec: crate::xenc::Decrypted,
    sec_pos: usize,
) -> Result<PlacedPlaintext, PipelineError> {
    let doc1 = dec.document;
    let env1 = Envelope::from_document(&doc1)?;
    let sec1 = env1
        .headers()
        .get(sec_pos)
        .ok_or(PipelineError::Internal("the Security header moved"))?
        .element;
    let mut body = false;
    let mut signature = false;
    let mut headers = Vec::new();
    let mut unwrap = Edits::new();
    for part in &dec.parts {
        let Some(parent) = part.parent else { continue };
        if parent == env1.body().id() && part.kind == EncryptedType::Content {
            // A set: the plaintext chooses how many nodes there are.
            let nodes: std::collections::HashSet<NodeId> = part.nodes.iter().copied().collect();
            body = env1.body().entries().all(|c| nodes.contains(&c.id()));
        } else if parent == sec1.id() && part.kind == EncryptedType::Element {
            let is_sig = part
                .nodes
                .iter()
                .any(|n| doc1.element(*n).is_some_and(|e| e.is(DSIG_NS, "Signature")));
            if !is_sig {
                return Err(PipelineError::UnexpectedSecurityElement {
                    name: "xenc:EncryptedData that does not hold a ds:Signature".into(),
                });
            }
            signature = true;
        } else if let Some(i) = env1
            .headers()
            .iter()
            .position(|h| h.id() == parent && h.is(WSSE11_NS, "EncryptedHeader"))
            && part.kind == EncryptedType::Element
        {
            let block = env1.headers()[i].element;
            let inner: Vec<Element<'_>> = block.child_elements().collect();
            let [one] = inner.as_slice() else {
                return Err(PipelineError::Internal(
                    "an EncryptedHeader holds more than one element",
                ));
            };
            if !part.nodes.contains(&one.id()) {
                continue;
            }
            unwrap.replace(block.id(), doc1.source()[one.span()].to_owned());
            headers.push(i);
        }
    }
    drop(env1);
    let document = if unwrap.is_empty() {
        doc1
    } else {
        doc1.apply(&unwrap)?
    };
    Ok(PlacedPlaintext {
        document,
        body,
        headers,
        signature,
    })
}

fn check_part(
    name: &str,
    namespace: &str,
    required: crate::level::ProtectionLevel,
    got: Protection,
) -> Result<(), PipelineError> {
    if required.is_signed() && !got.signed {
        return Err(PipelineError::PartNotSigned {
            name: name.to_owned(),
            namespace: namespace.to_owned(),
        });
    }
    if required.is_encrypted() && !got.encrypted {
        return Err(PipelineError::PartNotEncrypted {
            name: name.to_owned(),
            namespace: namespace.to_owned(),
        });
    }
    Ok(())
}

/// The reply's SignatureConfirmations (at `sc_idx` among the Security header's `items`) must
/// each be signed, and together confirm exactly `expected` (as a multiset; an empty `expected`
/// means exactly one SignatureConfirmation without `Value`). Values are compared in constant
/// time.
fn check_confirmations(
    items: &[(ItemKind, Element<'_>)],
    sc_idx: &[usize],
    signed: &[bool],
    expected: &[Vec<u8>],
) -> Result<(), PipelineError> {
    const NO_VALUE: &str = "(no Value)";
    let mut found: Vec<Option<Vec<u8>>> = Vec::with_capacity(sc_idx.len());
    for &i in sc_idx {
        let el = items
            .get(i)
            .ok_or(PipelineError::Internal("a SignatureConfirmation is gone"))?
            .1;
        if !signed.get(i).copied().unwrap_or(false) {
            return Err(PipelineError::SecurityHeaderElementNotSigned {
                element: "SignatureConfirmation".into(),
                id: el.attribute(WSU_NS, "Id").unwrap_or("").to_owned(),
            });
        }
        found.push(match el.attribute("", "Value") {
            None => None,
            Some(v) => Some(crate::dsig::decode_base64(v, "SignatureConfirmation")?),
        });
    }
    let show = |v: Option<&[u8]>| v.map_or_else(|| NO_VALUE.to_owned(), crate::dsig::encode_base64);
    let expected_shown: Vec<String> = if expected.is_empty() {
        vec![NO_VALUE.to_owned()]
    } else {
        expected.iter().map(|e| show(Some(e))).collect()
    };
    if found.is_empty() {
        return Err(PipelineError::SignatureConfirmationMissing {
            expected: expected_shown,
        });
    }
    let matches = if expected.is_empty() {
        matches!(found.as_slice(), [None])
    } else if found.len() != expected.len() {
        false
    } else {
        let mut used = vec![false; found.len()];
        expected.iter().all(|e| {
            // Compare with every candidate (no early exit on a match).
            let mut hit = None;
            for (j, f) in found.iter().enumerate() {
                if let Some(f) = f
                    && crate::keys::constant_time_eq(e, f)
                    && !used[j]
                    && hit.is_none()
                {
                    hit = Some(j);
                }
            }
            match hit {
                Some(j) => {
                    used[j] = true;
                    true
                }
                None => false,
            }
        })
    };
    if !matches {
        return Err(PipelineError::SignatureConfirmationMismatch {
            expected: expected_shown,
            found: found.iter().map(|f| show(f.as_deref())).collect(),
        });
    }
    Ok(())
}
