//! Signing: insert a `ds:Signature` into a document.

use super::verify::{
    Transform, UriKind, canonicalize_metered, check_chain, digest_reference, parse_uri,
};
use super::{Budget, DsigError, ENVELOPED_SIGNATURE, EXC_C14N_NS, SignatureMethod, encode_base64};
use crate::algorithms::{DigestAlgorithm, Legacy};
use crate::budget::Meter;
use crate::c14n::{Algorithm, Subset};
use crate::keys::{HmacKey, PrivateKey};
use crate::xml::{DSIG_NS, Document, Edits, Element, NodeId};

/// The key that signs. Its type fixes the algorithm family.
#[derive(Debug, Clone, Copy)]
pub enum SigningKey<'k> {
    /// An RSA or EC private key.
    Private(&'k PrivateKey),
    /// A shared secret.
    Hmac(&'k HmacKey),
}

impl<'k> From<&'k PrivateKey> for SigningKey<'k> {
    fn from(k: &'k PrivateKey) -> Self {
        SigningKey::Private(k)
    }
}

impl<'k> From<&'k HmacKey> for SigningKey<'k> {
    fn from(k: &'k HmacKey) -> Self {
        SigningKey::Hmac(k)
    }
}

/// What a reference signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignTarget {
    /// An element of the document being signed, which must carry an ID attribute of the
    /// document's ID index (`wsu:Id`, ...); the reference is `#id`.
    Element(NodeId),
    /// The whole document (`URI=""`); needs the enveloped-signature transform.
    WholeDocument,
}

/// One reference to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceSpec {
    /// What to sign.
    pub target: SignTarget,
    /// The digest.
    pub digest: DigestAlgorithm,
    /// Apply the enveloped-signature transform (required when the signature lies inside the
    /// target).
    pub enveloped: bool,
    /// The canonicalization transform (comments are always removed for `#id` and `""`).
    pub canonicalization: Algorithm,
    /// The `InclusiveNamespaces PrefixList` (exclusive canonicalization only).
    pub inclusive_prefixes: Vec<String>,
}

impl ReferenceSpec {
    /// `#id` of `element`, exclusive C14N, no enveloped transform.
    pub fn element(element: NodeId, digest: DigestAlgorithm) -> Self {
        ReferenceSpec {
            target: SignTarget::Element(element),
            digest,
            enveloped: false,
            canonicalization: Algorithm::Exclusive,
            inclusive_prefixes: Vec::new(),
        }
    }

    /// `URI=""` with the enveloped-signature transform and exclusive C14N.
    pub fn whole_document_enveloped(digest: DigestAlgorithm) -> Self {
        ReferenceSpec {
            target: SignTarget::WholeDocument,
            digest,
            enveloped: true,
            canonicalization: Algorithm::Exclusive,
            inclusive_prefixes: Vec::new(),
        }
    }

    /// Use `canonicalization` with `prefixes` as its PrefixList.
    pub fn with_canonicalization(mut self, canonicalization: Algorithm, prefixes: &[&str]) -> Self {
        self.canonicalization = canonicalization;
        self.inclusive_prefixes = prefixes.iter().map(|p| (*p).to_owned()).collect();
        self
    }

    /// Add (or not) the enveloped-signature transform.
    pub fn with_enveloped(mut self, enveloped: bool) -> Self {
        self.enveloped = enveloped;
        self
    }

    fn transforms(&self) -> Vec<Transform> {
        let mut t = Vec::with_capacity(2);
        if self.enveloped {
            t.push(Transform::Enveloped);
        }
        t.push(Transform::C14n {
            algorithm: self.canonicalization,
            prefixes: self.inclusive_prefixes.clone(),
        });
        t
    }
}

/// Where the new `ds:Signature` goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// As the last child of this element (for example `wsse:Security`).
    AppendChild(NodeId),
    /// As the first child of this element.
    PrependChild(NodeId),
    /// Just before this element.
    Before(NodeId),
    /// Just after this element.
    After(NodeId),
}

/// The signature to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureSpec {
    /// The signature method; must match the key's family.
    pub method: SignatureMethod,
    /// The `SignedInfo` canonicalization.
    pub canonicalization: Algorithm,
    /// Its `InclusiveNamespaces PrefixList` (exclusive canonicalization only).
    pub inclusive_prefixes: Vec<String>,
    /// The references, at least one.
    pub references: Vec<ReferenceSpec>,
    /// Markup to put inside `ds:KeyInfo` (for example a `wsse:SecurityTokenReference`, with its
    /// own namespace declarations); `None` for no `KeyInfo`.
    pub key_info: Option<String>,
    /// An `Id` attribute for the `ds:Signature`.
    pub id: Option<String>,
    /// The prefix bound to the XML Signature namespace (default `ds`).
    pub prefix: String,
    /// Legacy algorithms admitted (SHA-1 needs it).
    pub legacy: Legacy,
    /// Work limits (references, canonical bytes).
    pub budget: Budget,
}

impl SignatureSpec {
    /// A signature with `method`, exclusive C14N of `SignedInfo`, and no references yet.
    pub fn new(method: SignatureMethod) -> Self {
        SignatureSpec {
            method,
            canonicalization: Algorithm::Exclusive,
            inclusive_prefixes: Vec::new(),
            references: Vec::new(),
            key_info: None,
            id: None,
            prefix: "ds".into(),
            legacy: Legacy::NONE,
            budget: Budget::default(),
        }
    }

    /// Add a reference.
    pub fn reference(mut self, reference: ReferenceSpec) -> Self {
        self.references.push(reference);
        self
    }

    /// Set the `KeyInfo` content.
    pub fn key_info(mut self, markup: impl Into<String>) -> Self {
        self.key_info = Some(markup.into());
        self
    }

    /// Admit legacy algorithms.
    pub fn legacy(mut self, legacy: Legacy) -> Self {
        self.legacy = legacy;
        self
    }
}

/// The result of [`sign`].
#[derive(Debug)]
pub struct SignedDocument {
    /// The new document.
    pub document: Document<'static>,
    /// The `ds:Signature` element in it.
    pub signature: NodeId,
}

fn id_of(doc: &Document<'_>, element: NodeId) -> Option<String> {
    doc.ids()
        .find(|(_, n)| *n == element)
        .map(|(id, _)| id.to_owned())
}

/// Sign `doc`: build a `ds:Signature` per `spec`, put it at `placement`, and return the new
/// document with the signature's node identity.
///
/// Steps: every digest is computed first (over the original tree, which equals the new tree
/// minus the inserted signature); the signature is inserted with an empty `SignatureValue`; its
/// `SignedInfo` is canonicalized in place in the new document (so inclusive C14N renders the
/// real ancestors' namespaces); the `SignatureValue` is filled in by a second edit.
pub fn sign(
    doc: &Document<'_>,
    spec: &SignatureSpec,
    key: SigningKey<'_>,
    placement: Placement,
) -> Result<SignedDocument, DsigError> {
    check_spec(spec, key)?;
    // Where the signature will sit: its parent in the original tree.
    let anchor = match placement {
        Placement::AppendChild(n)
        | Placement::PrependChild(n)
        | Placement::Before(n)
        | Placement::After(n) => n,
    };
    let anchor_el = doc.element(anchor).ok_or_else(|| DsigError::Malformed {
        reason: "the placement node is not an element of the document".into(),
    })?;
    let parent = match placement {
        Placement::AppendChild(n) | Placement::PrependChild(n) => Some(n),
        Placement::Before(_) | Placement::After(_) => anchor_el.parent_element().map(|p| p.id()),
    }
    .ok_or_else(|| DsigError::Malformed {
        reason: "a signature cannot be a sibling of the document element".into(),
    })?;

    let p = &spec.prefix;
    let mut meter = Meter::new(spec.budget, doc.source().len());
    let mut refs_xml = String::new();
    for r in &spec.references {
        let (target, uri) = match r.target {
            SignTarget::WholeDocument => (NodeId::DOCUMENT, String::new()),
            SignTarget::Element(e) => {
                doc.element(e).ok_or_else(|| DsigError::Malformed {
                    reason: "a reference target is not an element of the document".into(),
                })?;
                let id = id_of(doc, e).ok_or(DsigError::TargetWithoutId)?;
                (e, format!("#{id}"))
            }
        };
        let uri_kind = parse_uri(&uri)?;
        let keep_comments = matches!(uri_kind, UriKind::XPointerRoot | UriKind::XPointerId(_));
        let contains_signature = doc.node(target).is_some_and(|n| n.contains(parent));
        if contains_signature && !r.enveloped {
            return Err(DsigError::ReferenceIntoSignature { uri });
        }
        let transforms = r.transforms();
        // The signature does not exist yet: the digest over the original tree is the digest
        // over the new tree with the signature excluded.
        let d = digest_reference(
            doc,
            target,
            keep_comments,
            &transforms,
            None,
            r.digest,
            &mut meter,
        )?;
        refs_xml.push_str(&format!(
            "<{p}:Reference URI=\"{}\"><{p}:Transforms>",
            crate::xml::escape_attr(&uri)
        ));
        if r.enveloped {
            refs_xml.push_str(&format!(
                "<{p}:Transform Algorithm=\"{ENVELOPED_SIGNATURE}\"/>"
            ));
        }
        refs_xml.push_str(&c14n_method_xml(
            p,
            "Transform",
            r.canonicalization,
            &r.inclusive_prefixes,
        ));
        refs_xml.push_str(&format!(
            "</{p}:Transforms><{p}:DigestMethod Algorithm=\"{}\"/><{p}:DigestValue>{}</{p}:DigestValue></{p}:Reference>",
            r.digest.uri(),
            encode_base64(&d.value)
        ));
    }

    let id_attr = spec
        .id
        .as_deref()
        .map(|i| format!(" Id=\"{}\"", crate::xml::escape_attr(i)))
        .unwrap_or_default();
    let key_info = spec
        .key_info
        .as_deref()
        .map(|k| format!("<{p}:KeyInfo>{k}</{p}:KeyInfo>"))
        .unwrap_or_default();
    let markup = format!(
        "<{p}:Signature xmlns:{p}=\"{DSIG_NS}\"{id_attr}><{p}:SignedInfo>{}<{p}:SignatureMethod Algorithm=\"{}\"/>{refs_xml}</{p}:SignedInfo><{p}:SignatureValue></{p}:SignatureValue>{key_info}</{p}:Signature>",
        c14n_method_xml(
            p,
            "CanonicalizationMethod",
            spec.canonicalization,
            &spec.inclusive_prefixes
        ),
        spec.method.uri(),
    );

    // Edit 1: insert the signature.
    let mut edits = Edits::new();
    let position_among_siblings = match placement {
        Placement::Before(n) => doc
            .element(parent)
            .and_then(|q| q.child_elements().position(|c| c.id() == n)),
        _ => None,
    };
    match placement {
        Placement::AppendChild(n) => edits.append_child(n, markup),
        Placement::PrependChild(n) => edits.prepend_child(n, markup),
        Placement::Before(n) => edits.insert_before(n, markup),
        Placement::After(n) => edits.insert_after(n, markup),
    };
    let doc1 = doc.apply(&edits)?;
    // Nodes before the insertion point keep their identities: find the new signature from
    // them.
    let parent1 = doc1.element(parent);
    let found = match placement {
        Placement::AppendChild(_) => parent1.and_then(|q| q.child_elements().last()),
        Placement::PrependChild(_) => parent1.and_then(|q| q.first_child_element()),
        Placement::Before(_) => {
            parent1.and_then(|q| position_among_siblings.and_then(|k| q.child_elements().nth(k)))
        }
        Placement::After(n) => parent1.and_then(|q| {
            let mut it = q.child_elements().skip_while(|c| c.id() != n);
            it.next();
            it.next()
        }),
    };
    let sig1 = found
        .filter(|e| e.is(DSIG_NS, "Signature"))
        .ok_or_else(|| DsigError::Malformed {
            reason: "the inserted signature could not be located".into(),
        })?;
    let signature = sig1.id();
    let (signed_info, signature_value) = signature_parts(&sig1)?;

    // Canonicalize SignedInfo in place, in the new document.
    let prefixes: Vec<&str> = spec.inclusive_prefixes.iter().map(String::as_str).collect();
    let mut canonical = Vec::with_capacity(1024);
    canonicalize_metered(
        &mut meter,
        &doc1,
        spec.canonicalization,
        &prefixes,
        Subset::subtree(signed_info),
        &mut canonical,
    )?;
    let value = match (spec.method, key) {
        (SignatureMethod::Asymmetric(a), SigningKey::Private(k)) => k.sign(a, &canonical)?,
        (SignatureMethod::Hmac(h), SigningKey::Hmac(k)) => k.sign(h, &canonical),
        // check_spec has excluded the other combinations.
        (m, _) => {
            return Err(DsigError::KeyMismatch {
                uri: m.uri().into(),
                key: "a key of another family".into(),
            });
        }
    };

    // Edit 2: the SignatureValue.
    let mut edits = Edits::new();
    edits.replace_children(signature_value, encode_base64(&value));
    let document = doc1.apply(&edits)?;
    Ok(SignedDocument {
        document,
        signature,
    })
}

fn signature_parts(sig: &Element<'_>) -> Result<(NodeId, NodeId), DsigError> {
    let mut it = sig.child_elements();
    match (it.next(), it.next()) {
        (Some(si), Some(sv)) => Ok((si.id(), sv.id())),
        _ => Err(DsigError::Malformed {
            reason: "the inserted signature could not be located".into(),
        }),
    }
}

fn c14n_method_xml(p: &str, element: &str, algorithm: Algorithm, prefixes: &[String]) -> String {
    if algorithm.is_exclusive() && !prefixes.is_empty() {
        format!(
            "<{p}:{element} Algorithm=\"{}\"><ec:InclusiveNamespaces xmlns:ec=\"{EXC_C14N_NS}\" PrefixList=\"{}\"/></{p}:{element}>",
            algorithm.uri(),
            crate::xml::escape_attr(&prefixes.join(" "))
        )
    } else {
        format!("<{p}:{element} Algorithm=\"{}\"/>", algorithm.uri())
    }
}

fn check_spec(spec: &SignatureSpec, key: SigningKey<'_>) -> Result<(), DsigError> {
    let m = spec.method;
    if m.is_legacy() && !spec.legacy.sha1() {
        return Err(DsigError::AlgorithmNotAllowed {
            uri: m.uri().into(),
        });
    }
    match (m, key) {
        (SignatureMethod::Asymmetric(a), SigningKey::Private(k)) => {
            a.check_key(k.kind()).map_err(|_| DsigError::KeyMismatch {
                uri: a.uri().into(),
                key: format!("an {} private key", k.kind()),
            })?;
        }
        (SignatureMethod::Hmac(_), SigningKey::Hmac(_)) => {}
        (m, SigningKey::Private(k)) => {
            return Err(DsigError::KeyMismatch {
                uri: m.uri().into(),
                key: format!("an {} private key", k.kind()),
            });
        }
        (m, SigningKey::Hmac(_)) => {
            return Err(DsigError::KeyMismatch {
                uri: m.uri().into(),
                key: "an HMAC key".into(),
            });
        }
    }
    if spec.references.is_empty() {
        return Err(DsigError::Malformed {
            reason: "a signature needs at least one reference".into(),
        });
    }
    if spec.references.len() > spec.budget.max_references {
        return Err(DsigError::BudgetExceeded {
            budget: super::BudgetKind::References,
            limit: spec.budget.max_references as u64,
            reached: spec.references.len() as u64,
        });
    }
    for r in &spec.references {
        if !r.digest.allowed(spec.legacy) {
            return Err(DsigError::AlgorithmNotAllowed {
                uri: r.digest.uri().into(),
            });
        }
        check_chain(&r.transforms())?;
    }
    if !is_prefix(&spec.prefix) {
        return Err(DsigError::Malformed {
            reason: "the signature prefix is not an NCName".into(),
        });
    }
    Ok(())
}

fn is_prefix(p: &str) -> bool {
    let mut c = p.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_')
        && c.all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '.'))
}
