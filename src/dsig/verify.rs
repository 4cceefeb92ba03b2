//! Verification: structure, then SignatureValue, then digests.

use super::{
    BudgetKind, DsigError, ENVELOPED_SIGNATURE, EXC_C14N_NS, SignatureMethod, SignaturePolicy,
    decode_base64,
};
use crate::algorithms::DigestAlgorithm;
use crate::budget::{Meter, Spent};
use crate::c14n::{self, Algorithm, Sink, Subset};
use crate::keys::{HmacKey, KeyError, PublicKey, ValidatedIdentity, constant_time_eq};
use crate::xml::{DSIG_NS, Document, Element, NodeId, NodeKind};

/// The key a signature must verify under, chosen by the caller. Its type fixes the algorithm
/// family: a [`PublicKey`] never verifies an HMAC, an [`HmacKey`] never an RSA or ECDSA
/// signature (attack class K).
#[derive(Debug, Clone, Copy)]
pub enum VerificationKey<'k> {
    /// An RSA or EC public key (from a validated certificate or configuration).
    Public(&'k PublicKey),
    /// A shared secret.
    Hmac(&'k HmacKey),
}

impl<'k> From<&'k PublicKey> for VerificationKey<'k> {
    fn from(k: &'k PublicKey) -> Self {
        VerificationKey::Public(k)
    }
}

impl<'k> From<&'k HmacKey> for VerificationKey<'k> {
    fn from(k: &'k HmacKey) -> Self {
        VerificationKey::Hmac(k)
    }
}

impl<'k> From<&'k ValidatedIdentity> for VerificationKey<'k> {
    fn from(k: &'k ValidatedIdentity) -> Self {
        VerificationKey::Public(k.public_key())
    }
}

/// One reference that verified: what it resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedReference {
    /// The `URI` attribute as written.
    pub uri: String,
    /// The node the reference resolved to: an element, or [`NodeId::DOCUMENT`] for `URI=""`
    /// and `#xpointer(/)`.
    pub target: NodeId,
    /// The subtree the enveloped-signature transform removed (the `ds:Signature`), if it lay
    /// inside `target`.
    pub excluded: Option<NodeId>,
    /// The digest algorithm.
    pub digest: DigestAlgorithm,
    /// The canonicalization applied (comments removed for bare names and `""`).
    pub canonicalization: Algorithm,
}

/// A verified signature: the node identities it covers. Checking that the nodes a policy
/// requires are covered — found by position, not by search — is the caller's job (attack
/// classes A and B): a valid signature over some other element proves nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSignature {
    signature: NodeId,
    method: SignatureMethod,
    references: Vec<VerifiedReference>,
}

impl VerifiedSignature {
    /// The `ds:Signature` element.
    pub fn signature(&self) -> NodeId {
        self.signature
    }

    /// The signature method that verified.
    pub fn method(&self) -> SignatureMethod {
        self.method
    }

    /// Every reference, in `SignedInfo` order.
    pub fn references(&self) -> &[VerifiedReference] {
        &self.references
    }

    /// The dereferenced nodes (elements, or [`NodeId::DOCUMENT`]), in `SignedInfo` order.
    pub fn verified_nodes(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.references.iter().map(|r| r.target)
    }

    /// True if `node` is exactly one of the dereferenced nodes. Prefer this for the parts a
    /// policy requires (Body, Timestamp, ...): they must be signed by their own reference.
    pub fn references_node(&self, node: NodeId) -> bool {
        self.references.iter().any(|r| r.target == node)
    }

    /// True if `node` lies inside some reference's signed content (inside its target and not
    /// inside the subtree the enveloped transform removed). `doc` must be the document that
    /// was verified.
    pub fn covers(&self, doc: &Document<'_>, node: NodeId) -> bool {
        let inside = |outer: NodeId| doc.node(outer).is_some_and(|n| n.contains(node));
        self.references
            .iter()
            .any(|r| inside(r.target) && !r.excluded.is_some_and(inside))
    }
}

/// Verify the `ds:Signature` element `signature` of `doc` under `key`, accepting only what
/// `policy` allows. See the [module documentation](super) for the order of checks.
pub fn verify(
    doc: &Document<'_>,
    signature: NodeId,
    key: &VerificationKey<'_>,
    policy: &SignaturePolicy,
) -> Result<VerifiedSignature, DsigError> {
    verify_metered(doc, signature, key, policy, &mut Spent::default())
}

/// [`verify`], adding the work done to `spent` whether or not the signature verifies: the
/// references, transforms and prefixes examined, the canonical bytes, the `SignatureValue`
/// checks and the digests computed. The limits are `policy.budget`'s, with the canonical-bytes
/// cap computed from `doc`'s size ([`Budget::canonical_cap`](crate::budget::Budget::canonical_cap)).
pub fn verify_metered(
    doc: &Document<'_>,
    signature: NodeId,
    key: &VerificationKey<'_>,
    policy: &SignaturePolicy,
    spent: &mut Spent,
) -> Result<VerifiedSignature, DsigError> {
    let mut meter = Meter::new(policy.budget, doc.source().len());
    let result = check_structure(doc, signature, policy, &mut meter)
        .and_then(|parsed| verify_parsed(doc, &parsed, key, &mut meter));
    *spent += meter.spent();
    result
}

/// Step 1 of verification: structure, algorithm policy and the per-list budgets (references,
/// transforms, prefixes), with no cryptography and no key. Every list is read up to its limit
/// plus one element and no further.
pub(crate) fn check_structure(
    doc: &Document<'_>,
    signature: NodeId,
    policy: &SignaturePolicy,
    meter: &mut Meter,
) -> Result<ParsedSignature, DsigError> {
    parse_signature(doc, signature, policy, meter)
}

/// Steps 2 and 3 of verification: the `SignatureValue` over the canonical `SignedInfo`, then
/// each reference's digest, canonical bytes counted against `meter`.
pub(crate) fn verify_parsed(
    doc: &Document<'_>,
    parsed: &ParsedSignature,
    key: &VerificationKey<'_>,
    meter: &mut Meter,
) -> Result<VerifiedSignature, DsigError> {
    check_key_family(parsed.method, key)?;

    // 2. SignatureValue over the canonical SignedInfo, from this very tree.
    let mut signed_info = Vec::with_capacity(1024);
    let prefixes: Vec<&str> = parsed.c14n_prefixes.iter().map(String::as_str).collect();
    canonicalize_metered(
        meter,
        doc,
        parsed.c14n,
        &prefixes,
        Subset::subtree(parsed.signed_info),
        &mut signed_info,
    )?;
    meter.signature_checked();
    check_signature_value(parsed, key, &signed_info)?;

    // 3. Each digest.
    let signature = parsed.signature;
    let mut references = Vec::with_capacity(parsed.references.len());
    for (index, r) in parsed.references.iter().enumerate() {
        let (target, keep_comments) = dereference(doc, &r.uri)?;
        check_not_inside_signature(doc, signature, target, &r.uri, parsed.allow_into_signature)?;
        let digest = digest_reference(
            doc,
            target,
            keep_comments,
            &r.transforms,
            Some(signature),
            r.digest,
            meter,
        )?;
        if !constant_time_eq(&digest.value, &r.digest_value) {
            return Err(DsigError::DigestMismatch {
                index,
                uri: r.uri.clone(),
            });
        }
        references.push(VerifiedReference {
            uri: r.uri.clone(),
            target,
            excluded: digest.excluded,
            digest: r.digest,
            canonicalization: digest.canonicalization,
        });
    }
    Ok(VerifiedSignature {
        signature,
        method: parsed.method,
        references,
    })
}

fn check_key_family(method: SignatureMethod, key: &VerificationKey<'_>) -> Result<(), DsigError> {
    match (method, key) {
        (SignatureMethod::Asymmetric(a), VerificationKey::Public(k)) => {
            a.check_key(k.kind()).map_err(|_| DsigError::KeyMismatch {
                uri: a.uri().into(),
                key: format!("an {} public key", k.kind()),
            })
        }
        (SignatureMethod::Hmac(_), VerificationKey::Hmac(_)) => Ok(()),
        (m, VerificationKey::Public(k)) => Err(DsigError::KeyMismatch {
            uri: m.uri().into(),
            key: format!("an {} public key", k.kind()),
        }),
        (m, VerificationKey::Hmac(_)) => Err(DsigError::KeyMismatch {
            uri: m.uri().into(),
            key: "an HMAC key".into(),
        }),
    }
}

fn check_signature_value(
    parsed: &ParsedSignature,
    key: &VerificationKey<'_>,
    signed_info: &[u8],
) -> Result<(), DsigError> {
    let result = match (parsed.method, key) {
        (SignatureMethod::Asymmetric(a), VerificationKey::Public(k)) => {
            k.verify(a, signed_info, &parsed.signature_value)
        }
        (SignatureMethod::Hmac(h), VerificationKey::Hmac(k)) => match parsed.hmac_output_bits {
            None => k.verify(h, signed_info, &parsed.signature_value),
            Some(bits) => k.verify_truncated(h, signed_info, &parsed.signature_value, bits),
        },
        // check_key_family ran first.
        _ => Err(KeyError::BadSignature),
    };
    result.map_err(|e| match e {
        KeyError::BadSignature => DsigError::InvalidSignatureValue,
        KeyError::HmacOutputLength { bits, min, max } => {
            DsigError::HmacOutputLength { bits, min, max }
        }
        KeyError::AlgorithmKeyMismatch { algorithm, key } => DsigError::KeyMismatch {
            uri: algorithm.into(),
            key,
        },
        other => DsigError::Key(other),
    })
}

/// A transform of a supported chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Transform {
    Enveloped,
    C14n {
        algorithm: Algorithm,
        prefixes: Vec<String>,
    },
}

struct ParsedReference {
    uri: String,
    transforms: Vec<Transform>,
    digest: DigestAlgorithm,
    digest_value: Vec<u8>,
}

/// A signature that passed the structure checks ([`check_structure`]).
pub(crate) struct ParsedSignature {
    signature: NodeId,
    allow_into_signature: bool,
    signed_info: NodeId,
    c14n: Algorithm,
    c14n_prefixes: Vec<String>,
    method: SignatureMethod,
    hmac_output_bits: Option<usize>,
    references: Vec<ParsedReference>,
    signature_value: Vec<u8>,
}

fn name_of(e: &Element<'_>) -> String {
    format!("{{{}}}{}", e.namespace(), e.local_name())
}

/// Child elements, read lazily; non-whitespace text is an error, comments and PIs are ignored.
fn child_elements_iter<'d>(
    e: &Element<'d>,
    what: &'static str,
) -> impl Iterator<Item = Result<Element<'d>, DsigError>> + 'd {
    e.children().filter_map(move |n| match n.kind() {
        NodeKind::Element => n.as_element().map(Ok),
        NodeKind::Text if !n.text().trim_matches([' ', '\t', '\r', '\n']).is_empty() => {
            Some(Err(DsigError::Malformed {
                reason: format!("text content in {what}"),
            }))
        }
        _ => None,
    })
}

/// The most text a `DigestValue` may hold: SHA-512 is 88 base64 characters; the rest is room
/// for line breaks and indentation.
const MAX_DIGEST_VALUE_TEXT: usize = 1024;
/// The most text a `SignatureValue` may hold: an RSA-16384 signature is 2,732 base64
/// characters; the rest is room for line breaks.
const MAX_SIGNATURE_VALUE_TEXT: usize = 16 * 1024;

/// The text of a value element (DigestValue, SignatureValue, ...): text only, no comments
/// (attack class G: a comment must not split a value), and at most `max` bytes, refused before
/// anything is copied or decoded.
fn bounded_value_text(
    e: &Element<'_>,
    what: &'static str,
    max: usize,
) -> Result<String, DsigError> {
    if e.has_non_text_children() {
        return Err(DsigError::Malformed {
            reason: format!("{what} must contain only text"),
        });
    }
    let len = e.content_span().len();
    if len > max {
        return Err(DsigError::Malformed {
            reason: format!("{what} holds {len} bytes of text; at most {max} are accepted"),
        });
    }
    Ok(e.text().into_owned())
}

fn algorithm_attr(e: &Element<'_>, what: &'static str) -> Result<String, DsigError> {
    e.attribute("", "Algorithm")
        .map(str::to_owned)
        .ok_or_else(|| DsigError::Malformed {
            reason: format!("{what} has no Algorithm"),
        })
}

fn is_ds(e: &Element<'_>, local: &str) -> bool {
    e.is(DSIG_NS, local)
}

/// The canonicalization named `uri`, checked against the policy.
fn c14n_algorithm(uri: &str, policy: &SignaturePolicy) -> Result<Algorithm, DsigError> {
    let a = Algorithm::from_uri(uri)
        .map_err(|_| DsigError::UnsupportedAlgorithm { uri: uri.into() })?;
    if !policy.c14n_allowed(a) {
        return Err(DsigError::AlgorithmNotAllowed { uri: uri.into() });
    }
    Ok(a)
}

/// The `InclusiveNamespaces PrefixList` among `children` (exclusive C14N only).
fn inclusive_prefixes(
    children: &[Element<'_>],
    algorithm: Algorithm,
    what: &'static str,
    meter: &mut Meter,
) -> Result<Vec<String>, DsigError> {
    let mut prefixes = Vec::new();
    for (i, c) in children.iter().enumerate() {
        if c.is(EXC_C14N_NS, "InclusiveNamespaces") && algorithm.is_exclusive() && i == 0 {
            let list = c.attribute("", "PrefixList").unwrap_or("");
            let taken = meter.take_bounded(
                BudgetKind::InclusivePrefixes,
                list.split_ascii_whitespace().map(Ok::<_, DsigError>),
            )?;
            prefixes.extend(taken.into_iter().map(str::to_owned));
        } else {
            return Err(DsigError::UnexpectedElement {
                element: name_of(c),
                parent: what,
            });
        }
    }
    Ok(prefixes)
}

/// At most `n` child elements (the schema allows no more; reading one more than that is
/// enough to refuse the element).
fn first_children<'d>(
    e: &Element<'d>,
    what: &'static str,
    n: usize,
) -> Result<Vec<Element<'d>>, DsigError> {
    child_elements_iter(e, what).take(n).collect()
}

fn parse_signature(
    doc: &Document<'_>,
    signature: NodeId,
    policy: &SignaturePolicy,
    meter: &mut Meter,
) -> Result<ParsedSignature, DsigError> {
    let sig = doc
        .element(signature)
        .filter(|e| is_ds(e, "Signature"))
        .ok_or_else(|| DsigError::Malformed {
            reason: "the node is not a ds:Signature element".into(),
        })?;
    let mut it = child_elements_iter(&sig, "Signature");
    let signed_info = match it.next().transpose()? {
        Some(e) if is_ds(&e, "SignedInfo") => e,
        _ => {
            return Err(DsigError::Malformed {
                reason: "Signature must start with exactly one SignedInfo".into(),
            });
        }
    };
    let signature_value = match it.next().transpose()? {
        Some(e) if is_ds(&e, "SignatureValue") => e,
        _ => {
            return Err(DsigError::Malformed {
                reason: "SignedInfo must be followed by SignatureValue".into(),
            });
        }
    };
    let mut seen_key_info = false;
    let mut seen_object = false;
    for e in it {
        let e = e?;
        if is_ds(&e, "KeyInfo") && !seen_key_info && !seen_object {
            seen_key_info = true;
        } else if is_ds(&e, "Object") {
            // Objects are allowed by the schema but never processed (no Manifest is followed).
            seen_object = true;
        } else {
            return Err(DsigError::UnexpectedElement {
                element: name_of(&e),
                parent: "Signature",
            });
        }
    }

    // SignedInfo: CanonicalizationMethod, SignatureMethod, Reference+. The references are
    // counted first, up to the budget plus one, before anything else is read from them.
    let mut si = child_elements_iter(&signed_info, "SignedInfo");
    let (cm, sm) = match (si.next().transpose()?, si.next().transpose()?) {
        (Some(cm), Some(sm))
            if is_ds(&cm, "CanonicalizationMethod") && is_ds(&sm, "SignatureMethod") =>
        {
            (cm, sm)
        }
        _ => {
            return Err(DsigError::Malformed {
                reason: "SignedInfo must start with CanonicalizationMethod and SignatureMethod"
                    .into(),
            });
        }
    };
    let refs = meter.take_bounded(BudgetKind::References, si)?;
    if refs.is_empty() {
        return Err(DsigError::Malformed {
            reason: "SignedInfo has no Reference".into(),
        });
    }
    if let Some(e) = refs.iter().find(|e| !is_ds(e, "Reference")) {
        return Err(DsigError::UnexpectedElement {
            element: name_of(e),
            parent: "SignedInfo",
        });
    }

    let c14n_uri = algorithm_attr(&cm, "CanonicalizationMethod")?;
    let c14n = c14n_algorithm(&c14n_uri, policy)?;
    let c14n_prefixes = inclusive_prefixes(
        &first_children(&cm, "CanonicalizationMethod", 2)?,
        c14n,
        "CanonicalizationMethod",
        meter,
    )?;

    let sm_uri = algorithm_attr(&sm, "SignatureMethod")?;
    let method =
        SignatureMethod::from_uri(&sm_uri).ok_or_else(|| DsigError::UnsupportedAlgorithm {
            uri: sm_uri.clone(),
        })?;
    if !policy.method_allowed(method) {
        return Err(DsigError::AlgorithmNotAllowed { uri: sm_uri });
    }
    let mut hmac_output_bits = None;
    for c in first_children(&sm, "SignatureMethod", 2)? {
        if is_ds(&c, "HMACOutputLength")
            && matches!(method, SignatureMethod::Hmac(_))
            && hmac_output_bits.is_none()
        {
            let text = bounded_value_text(&c, "HMACOutputLength", 64)?;
            let bits = text
                .trim_matches([' ', '\t', '\r', '\n'])
                .parse::<usize>()
                .map_err(|_| DsigError::Malformed {
                    reason: "HMACOutputLength is not a number".into(),
                })?;
            hmac_output_bits = Some(bits);
        } else {
            return Err(DsigError::UnexpectedElement {
                element: name_of(&c),
                parent: "SignatureMethod",
            });
        }
    }
    if let (Some(bits), SignatureMethod::Hmac(h)) = (hmac_output_bits, method) {
        let max = h.output_len() * 8;
        let min = (max / 2).max(80);
        if !bits.is_multiple_of(8) || bits < min || bits > max {
            return Err(DsigError::HmacOutputLength { bits, min, max });
        }
    }

    let mut references = Vec::with_capacity(refs.len());
    for r in &refs {
        references.push(parse_reference(r, policy, meter)?);
    }

    let sv = decode_base64(
        &bounded_value_text(&signature_value, "SignatureValue", MAX_SIGNATURE_VALUE_TEXT)?,
        "SignatureValue",
    )?;
    Ok(ParsedSignature {
        signature,
        allow_into_signature: policy.dangerous_allow_references_into_signature,
        signed_info: signed_info.id(),
        c14n,
        c14n_prefixes,
        method,
        hmac_output_bits,
        references,
        signature_value: sv,
    })
}

fn parse_reference(
    r: &Element<'_>,
    policy: &SignaturePolicy,
    meter: &mut Meter,
) -> Result<ParsedReference, DsigError> {
    let uri = r
        .attribute("", "URI")
        .ok_or_else(|| DsigError::UnsupportedReference {
            uri: "(no URI attribute)".into(),
        })?
        .to_owned();
    // Reject what we cannot dereference before anything else about this reference.
    parse_uri(&uri)?;
    let children = first_children(r, "Reference", 4)?;
    let (transforms_el, dm, dv) = match children.as_slice() {
        [t, dm, dv] if is_ds(t, "Transforms") => (Some(t), dm, dv),
        [dm, dv] => (None, dm, dv),
        _ => {
            return Err(DsigError::Malformed {
                reason: "Reference must hold Transforms?, DigestMethod, DigestValue".into(),
            });
        }
    };
    if !is_ds(dm, "DigestMethod") || !is_ds(dv, "DigestValue") {
        return Err(DsigError::Malformed {
            reason: "Reference must hold Transforms?, DigestMethod, DigestValue".into(),
        });
    }
    let mut transforms = Vec::new();
    if let Some(t) = transforms_el {
        let list = meter.take_bounded(
            BudgetKind::TransformsPerReference,
            child_elements_iter(t, "Transforms"),
        )?;
        if list.is_empty() {
            return Err(DsigError::Malformed {
                reason: "empty Transforms".into(),
            });
        }
        for e in &list {
            if !is_ds(e, "Transform") {
                return Err(DsigError::UnexpectedElement {
                    element: name_of(e),
                    parent: "Transforms",
                });
            }
            let a = algorithm_attr(e, "Transform")?;
            let params = first_children(e, "Transform", 2)?;
            if a == ENVELOPED_SIGNATURE {
                if let Some(p) = params.first() {
                    return Err(DsigError::UnexpectedElement {
                        element: name_of(p),
                        parent: "Transform",
                    });
                }
                transforms.push(Transform::Enveloped);
            } else {
                let algorithm = c14n_algorithm(&a, policy)?;
                let prefixes = inclusive_prefixes(&params, algorithm, "Transform", meter)?;
                transforms.push(Transform::C14n {
                    algorithm,
                    prefixes,
                });
            }
        }
        check_chain(&transforms)?;
    }
    let dm_uri = algorithm_attr(dm, "DigestMethod")?;
    let digest =
        DigestAlgorithm::from_uri(&dm_uri).ok_or_else(|| DsigError::UnsupportedAlgorithm {
            uri: dm_uri.clone(),
        })?;
    if !policy.digest_allowed(digest) {
        return Err(DsigError::AlgorithmNotAllowed { uri: dm_uri });
    }
    if let Some(c) = first_children(dm, "DigestMethod", 1)?.first() {
        return Err(DsigError::UnexpectedElement {
            element: name_of(c),
            parent: "DigestMethod",
        });
    }
    let digest_value = decode_base64(
        &bounded_value_text(dv, "DigestValue", MAX_DIGEST_VALUE_TEXT)?,
        "DigestValue",
    )?;
    Ok(ParsedReference {
        uri,
        transforms,
        digest,
        digest_value,
    })
}

/// The supported chains: `[enveloped]? [c14n]?`.
pub(crate) fn check_chain(transforms: &[Transform]) -> Result<(), DsigError> {
    match transforms {
        [] | [_] | [Transform::Enveloped, Transform::C14n { .. }] => Ok(()),
        [Transform::C14n { .. }, Transform::Enveloped, ..] => {
            Err(DsigError::UnsupportedTransformChain {
                reason: "the enveloped-signature transform after canonicalization",
            })
        }
        _ => Err(DsigError::UnsupportedTransformChain {
            reason: "more than one enveloped-signature or canonicalization transform",
        }),
    }
}

/// What a reference URI names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UriKind<'u> {
    /// `""`: the whole document, comments removed.
    Document,
    /// `#id`: an element, comments removed.
    BareName(&'u str),
    /// `#xpointer(/)`: the whole document, comments kept.
    XPointerRoot,
    /// `#xpointer(id('id'))`: an element, comments kept.
    XPointerId(&'u str),
}

fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

pub(crate) fn parse_uri(uri: &str) -> Result<UriKind<'_>, DsigError> {
    let unsupported = || DsigError::UnsupportedReference { uri: uri.into() };
    if uri.is_empty() {
        return Ok(UriKind::Document);
    }
    let frag = uri.strip_prefix('#').ok_or_else(unsupported)?;
    if frag == "xpointer(/)" {
        return Ok(UriKind::XPointerRoot);
    }
    if let Some(inner) = frag
        .strip_prefix("xpointer(id(")
        .and_then(|s| s.strip_suffix("))"))
    {
        let id = inner
            .strip_prefix('\'')
            .and_then(|s| s.strip_suffix('\''))
            .or_else(|| inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
            .ok_or_else(unsupported)?;
        return if is_ncname(id) {
            Ok(UriKind::XPointerId(id))
        } else {
            Err(unsupported())
        };
    }
    if is_ncname(frag) {
        Ok(UriKind::BareName(frag))
    } else {
        Err(unsupported())
    }
}

/// The node a URI names and whether comments are kept.
fn dereference(doc: &Document<'_>, uri: &str) -> Result<(NodeId, bool), DsigError> {
    let by_id = |id: &str| {
        doc.element_by_id(id)
            .map(|e| e.id())
            .ok_or_else(|| DsigError::MissingReferenceTarget { uri: uri.into() })
    };
    Ok(match parse_uri(uri)? {
        UriKind::Document => (NodeId::DOCUMENT, false),
        UriKind::XPointerRoot => (NodeId::DOCUMENT, true),
        UriKind::BareName(id) => (by_id(id)?, false),
        UriKind::XPointerId(id) => (by_id(id)?, true),
    })
}

fn check_not_inside_signature(
    doc: &Document<'_>,
    signature: NodeId,
    target: NodeId,
    uri: &str,
    allow_into_signature: bool,
) -> Result<(), DsigError> {
    let inside = doc.node(signature).is_some_and(|s| s.contains(target));
    if target == signature || (inside && !allow_into_signature) {
        return Err(DsigError::ReferenceIntoSignature { uri: uri.into() });
    }
    Ok(())
}

pub(crate) struct Digest {
    pub(crate) value: Vec<u8>,
    pub(crate) excluded: Option<NodeId>,
    pub(crate) canonicalization: Algorithm,
}

/// Apply `transforms` to `target` and digest the result, canonical bytes counted against
/// `meter`.
pub(crate) fn digest_reference(
    doc: &Document<'_>,
    target: NodeId,
    keep_comments: bool,
    transforms: &[Transform],
    signature: Option<NodeId>,
    digest: DigestAlgorithm,
    meter: &mut Meter,
) -> Result<Digest, DsigError> {
    let mut subset = if target == NodeId::DOCUMENT {
        Subset::document()
    } else {
        Subset::subtree(target)
    };
    let mut excluded = None;
    let mut algorithm = Algorithm::C14n10;
    let mut prefixes: &[String] = &[];
    for t in transforms {
        match t {
            Transform::Enveloped => {
                if let Some(sig) = signature
                    && doc.node(target).is_some_and(|n| n.contains(sig))
                {
                    subset = subset.excluding(sig);
                    excluded = Some(sig);
                }
            }
            Transform::C14n {
                algorithm: a,
                prefixes: p,
            } => {
                algorithm = *a;
                prefixes = p;
            }
        }
    }
    if !keep_comments {
        algorithm = algorithm.without_comments();
    }
    let prefixes: Vec<&str> = prefixes.iter().map(String::as_str).collect();
    let mut hasher = digest.hasher();
    canonicalize_metered(meter, doc, algorithm, &prefixes, subset, &mut hasher)?;
    let value = hasher.finish();
    meter.digest_computed();
    Ok(Digest {
        value,
        excluded,
        canonicalization: algorithm,
    })
}

/// A sink that counts canonical bytes against a [`Meter`] and drops everything once the cap
/// is passed (the first refused write is remembered for the error).
struct Capped<'a, S: Sink> {
    inner: &'a mut S,
    meter: &'a mut Meter,
    refused: Option<usize>,
}

impl<S: Sink> Sink for Capped<'_, S> {
    fn write(&mut self, bytes: &[u8]) {
        if self.refused.is_some() {
            return;
        }
        if !self.meter.canonical(bytes.len()) {
            self.refused = Some(bytes.len());
            return;
        }
        self.inner.write(bytes);
    }
}

/// Canonicalize into `sink`, counting the bytes against `meter`'s canonical-bytes cap:
/// [`DsigError::BudgetExceeded`] once the cap would be passed (the bytes that fit are counted,
/// nothing after the first refused write reaches `sink`).
pub(crate) fn canonicalize_metered<S: Sink>(
    meter: &mut Meter,
    doc: &Document<'_>,
    algorithm: Algorithm,
    prefixes: &[&str],
    subset: Subset,
    sink: &mut S,
) -> Result<(), DsigError> {
    let mut capped = Capped {
        inner: sink,
        meter,
        refused: None,
    };
    c14n::canonicalize(doc, algorithm, prefixes, subset, &mut capped)?;
    if let Some(pending) = capped.refused {
        return Err(meter.canonical_exceeded(pending).into());
    }
    Ok(())
}
