//! Property: any single-byte change that changes information inside signed or encrypted content
//! of a secured envelope is detected (`verify` returns an error), over five envelope shapes:
//! SOAP 1.1 sign-only (basicHttp), SOAP 1.2 sign-only, and SOAP 1.2 wsHttp EncryptAndSign with
//! an encrypted header under each of the three protection orders.
//!
//! # Which positions
//!
//! The candidate positions of each shape are computed once from the parsed envelope:
//!
//! - **signed content**: every element the primary signature references (by the `#id`s of its
//!   `ds:Reference`s, read from the decrypted view when the signature itself is encrypted), and
//!   its whole subtree, plus `ds:SignedInfo` (covered by the `SignatureValue`) and the
//!   `SignatureValue` text, when they are in the clear. Inside these: element names (start and
//!   end tags), attribute names, attribute values, text; and the value of a namespace
//!   declaration whose prefix the declaring element itself uses (in its name or an attribute);
//! - **encrypted content**: the `CipherValue` base64 of every `xenc:EncryptedData` and of the
//!   `xenc:EncryptedKey`.
//!
//! Only bytes that are ASCII letters or digits are chosen, and each is replaced by a
//! *different* letter or digit, so every edit changes information (a name, a value, a
//! character of text, six bits of base64 — base64ct rejects non-canonical trailing bits, so
//! even the last character before `=` carries information).
//!
//! # What is excluded, and why
//!
//! Changes that canonicalization is invariant to by design are not information and are never
//! generated: the quote style of an attribute (`"` vs `'`), whitespace inside a tag, the order
//! of attributes and namespace declarations, a namespace declaration that the declaring element
//! does not use itself (exclusive C14N renders a declaration only where it is visibly used; a
//! declaration used by nobody is not signed content — see class C for the QName-content
//! consequence), and the *name* of a namespace declaration (the prefix string carries no
//! information of its own). Parts outside the signed and encrypted content (the Security
//! header's own attributes, the BinarySecurityToken, the EncryptedKey's `KeyInfo` and
//! `ReferenceList`, the wrappers of encrypted parts under the sign-first orders) are not the
//! subject of this property: they are covered by the class tests (K, M, O).
//!
//! A verification error of any kind counts as detection, except `Replay` (the receiver has no
//! replay cache here, so that cannot happen): the property is about integrity, the class
//! tests pin down the specific errors.

use crate::support::*;
use proptest::prelude::*;
use proptest::sample::Index;
use soapsec::binding::ProtectionOrder;
use soapsec::pipeline::{InboundOptions, PipelineError};
use soapsec::xml::{DSIG_NS, Document, Element, NodeKind, WSU_NS, XENC_NS};
use std::collections::BTreeSet;
use std::sync::OnceLock;

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// What kind of information a position carries (for the failure report and the coverage
/// check).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    ElementName,
    AttributeName,
    AttributeValue,
    NamespaceValue,
    Text,
    CipherValue,
}

/// A shape: a secured message, the receiver, and the positions the property may change.
struct Shape {
    secured: Secured,
    positions: Vec<(usize, Kind)>,
}

/// The `#id`s the primary signature references, read from `envelope` (the wire, or the
/// decrypted view when the signature is encrypted).
fn referenced_ids(envelope: &str) -> BTreeSet<String> {
    let doc = Document::parse(envelope).unwrap();
    doc.elements()
        .filter(|e| e.is(DSIG_NS, "Reference"))
        .filter(|r| {
            r.parent_element()
                .is_some_and(|p| p.is(DSIG_NS, "SignedInfo"))
        })
        .map(|r| {
            r.attribute("", "URI")
                .unwrap()
                .strip_prefix('#')
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// The alphanumeric byte positions of `range` in `src`, tagged `kind`.
fn alnum(src: &str, range: std::ops::Range<usize>, kind: Kind, out: &mut Vec<(usize, Kind)>) {
    for i in range {
        if src.as_bytes()[i].is_ascii_alphanumeric() {
            out.push((i, kind));
        }
    }
}

/// Every position inside `el`'s subtree (see the module documentation).
fn subtree_positions(src: &str, el: Element<'_>, out: &mut Vec<(usize, Kind)>) {
    let root = el.node();
    for e in el
        .document()
        .elements()
        .filter(|e| root.contains(e.id()) || e.id() == el.id())
    {
        let tag = e.start_tag_span();
        let q = e.qname().len();
        alnum(
            src,
            tag.start + 1..tag.start + 1 + q,
            Kind::ElementName,
            out,
        );
        if !e.is_self_closing() {
            let close = e.content_span().end + 2;
            assert_eq!(&src[close..close + q], e.qname());
            alnum(src, close..close + q, Kind::ElementName, out);
        }
        for a in e.attributes() {
            let s = a.span().start;
            alnum(src, s..s + a.qname().len(), Kind::AttributeName, out);
            alnum(src, a.value_span(), Kind::AttributeValue, out);
        }
        // Namespace declarations that this element visibly uses.
        let start_tag = &src[tag.clone()];
        for (prefix, _) in e.namespace_declarations() {
            let used = e.prefix() == prefix
                || (!prefix.is_empty() && e.attributes().any(|a| a.prefix() == prefix));
            if !used {
                continue;
            }
            let pat = if prefix.is_empty() {
                "xmlns=\"".to_owned()
            } else {
                format!("xmlns:{prefix}=\"")
            };
            let at = tag.start + start_tag.find(&pat).unwrap() + pat.len();
            let end = at + src[at..].find('"').unwrap();
            alnum(src, at..end, Kind::NamespaceValue, out);
        }
        for n in e.children() {
            if n.kind() == NodeKind::Text {
                alnum(src, n.span(), Kind::Text, out);
            }
        }
    }
}

fn shape(secured: Secured) -> Shape {
    let v = secured.control();
    let ids = referenced_ids(v.envelope());
    let src = secured.wire.as_str();
    let doc = Document::parse(src).unwrap();
    let mut positions = Vec::new();
    let mut found = BTreeSet::new();
    for e in doc.elements() {
        if let Some(id) = e.attribute(WSU_NS, "Id")
            && ids.contains(id)
        {
            found.insert(id.to_owned());
            subtree_positions(src, e, &mut positions);
        }
        if e.is(DSIG_NS, "SignedInfo") || e.is(DSIG_NS, "SignatureValue") {
            subtree_positions(src, e, &mut positions);
        }
        if e.is(XENC_NS, "CipherValue") {
            for n in e.children() {
                alnum(src, n.span(), Kind::CipherValue, &mut positions);
            }
        }
    }
    // The references inside encrypted parts (a header signed before it was encrypted) are
    // not in the wire: their content is the CipherValue.
    assert!(
        !found.is_empty() && found.len() + 1 >= ids.len(),
        "{found:?} of {ids:?}"
    );
    positions.sort_unstable();
    positions.dedup_by_key(|p| p.0);
    let kinds: BTreeSet<Kind> = positions.iter().map(|p| p.1).collect();
    for k in [
        Kind::ElementName,
        Kind::AttributeName,
        Kind::AttributeValue,
        Kind::NamespaceValue,
        Kind::Text,
    ] {
        assert!(kinds.contains(&k), "no {k:?} position");
    }
    assert!(positions.len() > 1000, "{} positions", positions.len());
    Shape { secured, positions }
}

/// The receiver's options: no replay cache (a replay can then never be mistaken for a
/// detected change).
fn receiver(s: &Secured) -> InboundOptions {
    InboundOptions {
        replay: soapsec::pipeline::ReplayDetection::DangerouslyOff,
        ..s.opts()
    }
}

/// Change the byte at the `k`-th candidate position to the `replacement`-th other letter or
/// digit, and require an error.
fn detected(shape: &Shape, k: usize, replacement: usize) -> Result<(), TestCaseError> {
    let (at, kind) = shape.positions[k];
    let wire = &shape.secured.wire;
    let old = wire.as_bytes()[at];
    let others: Vec<u8> = ALNUM.iter().copied().filter(|c| *c != old).collect();
    let new = others[replacement % others.len()];
    let mut bytes = wire.clone().into_bytes();
    bytes[at] = new;
    let tampered = String::from_utf8(bytes).unwrap();
    let context = &wire[at.saturating_sub(40)..(at + 40).min(wire.len())];
    match shape
        .secured
        .check_with(&receiver(&shape.secured), &tampered)
    {
        Ok(_) => Err(TestCaseError::fail(format!(
            "UNDETECTED change at byte {at} ({kind:?}): {:?} -> {:?} in …{context}…",
            old as char, new as char
        ))),
        Err(PipelineError::Replay) => Err(TestCaseError::fail("replay without a cache")),
        Err(_) => Ok(()),
    }
}

/// [`detected`] at a position chosen by proptest.
fn tampered_is_detected(
    shape: &Shape,
    index: Index,
    replacement: usize,
) -> Result<(), TestCaseError> {
    detected(shape, index.index(shape.positions.len()), replacement)
}

macro_rules! shape_fn {
    ($name:ident, $build:expr) => {
        fn $name() -> &'static Shape {
            static SHAPE: OnceLock<Shape> = OnceLock::new();
            SHAPE.get_or_init(|| shape($build))
        }
    };
}

shape_fn!(soap11_sign_only, signed_11());
shape_fn!(soap12_sign_only, signed_12());
shape_fn!(
    sign_before_encrypt,
    encrypted(ProtectionOrder::SignBeforeEncrypt)
);
shape_fn!(
    sign_before_encrypt_and_encrypt_signature,
    encrypted(ProtectionOrder::SignBeforeEncryptAndEncryptSignature)
);
shape_fn!(
    encrypt_before_sign,
    encrypted(ProtectionOrder::EncryptBeforeSign)
);

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn tamper_soap11_sign_only(index in any::<Index>(), r in 0usize..61) {
        tampered_is_detected(soap11_sign_only(), index, r)?;
    }

    #[test]
    fn tamper_soap12_sign_only(index in any::<Index>(), r in 0usize..61) {
        tampered_is_detected(soap12_sign_only(), index, r)?;
    }

    #[test]
    fn tamper_soap12_encrypt_and_sign_sign_before_encrypt(index in any::<Index>(), r in 0usize..61) {
        tampered_is_detected(sign_before_encrypt(), index, r)?;
    }

    #[test]
    fn tamper_soap12_encrypt_and_sign_sign_before_encrypt_and_encrypt_signature(
        index in any::<Index>(),
        r in 0usize..61,
    ) {
        tampered_is_detected(sign_before_encrypt_and_encrypt_signature(), index, r)?;
    }

    #[test]
    fn tamper_soap12_encrypt_and_sign_encrypt_before_sign(index in any::<Index>(), r in 0usize..61) {
        tampered_is_detected(encrypt_before_sign(), index, r)?;
    }
}

/// The position sets are what the module documentation says: the encrypted shapes include
/// ciphertext, the plaintext never appears, and the signed parts of each shape are covered.
#[test]
fn tamper_positions_cover_signed_and_encrypted_content() {
    for (name, s) in [
        ("soap11", soap11_sign_only()),
        ("sbe", sign_before_encrypt()),
        ("sbeaes", sign_before_encrypt_and_encrypt_signature()),
        ("ebs", encrypt_before_sign()),
    ] {
        let kinds: BTreeSet<Kind> = s.positions.iter().map(|p| p.1).collect();
        assert_eq!(
            kinds.contains(&Kind::CipherValue),
            name != "soap11",
            "{name}: {kinds:?}"
        );
        // The Body's start tag is signed content in every shape.
        let body = s.secured.wire.find("<s:Body").unwrap() + 1;
        assert!(
            s.positions
                .iter()
                .any(|p| p.0 == body && p.1 == Kind::ElementName),
            "{name}"
        );
    }
}
