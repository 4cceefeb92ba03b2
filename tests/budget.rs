//! Bounded work (attack classes L and M): every denial-of-service input is refused by a
//! [`Budget`] limit or a parser [`Limits`](soapsec::xml::Limits) limit, and the [`Spent`]
//! counters (not timings) show that the work stopped at the limit: how many references,
//! transforms, tokens, dereferences and decryptions were accepted, how many canonical bytes
//! were produced, how many digests and signature checks were done, and for the parser how far
//! into the input it read.
//!
//! The inputs come from `tests/budget/inputs.rs`, shared with `benches/dos.rs`.

#[path = "budget/inputs.rs"]
mod inputs;

use inputs::*;
use soapsec::budget::{Budget, BudgetKind, CANONICAL_FLOOR, Spent};
use soapsec::dsig::DsigError;
use soapsec::pipeline::PipelineError;
use soapsec::token::TokenError;
use soapsec::xml::{LimitKind, XmlError};

const MIB: usize = 1024 * 1024;

fn references_in(wire: &str) -> u64 {
    wire.matches("<ds:Reference ").count() as u64
}

fn data_references_in(wire: &str) -> u64 {
    wire.matches("<xenc:DataReference ").count() as u64
}

/// Nothing beyond the parse: every counter is zero.
fn nothing_spent(spent: &Spent) {
    assert_eq!(*spent, Spent::default(), "{spent:?}");
}

/// No key looked up, no RSA operation, no canonical byte, no digest, no decryption.
fn no_crypto(spent: &Spent) {
    assert_eq!(spent.token_lookups, 0, "{spent:?}");
    assert_eq!(spent.signature_checks, 0, "{spent:?}");
    assert_eq!(spent.canonical_bytes, 0, "{spent:?}");
    assert_eq!(spent.digests, 0, "{spent:?}");
    assert_eq!(spent.decryptions, 0, "{spent:?}");
}

// ---- the counters on valid messages ----------------------------------------------------------

#[test]
fn a_valid_signed_message_spends_what_it_needs() {
    let w = World::new();
    let wire = w.signed(4096);
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    r.unwrap();
    let refs = references_in(&wire);
    assert_eq!(spent.security_header_children, 3); // Timestamp, BST, Signature
    assert_eq!(spent.references, refs);
    assert_eq!(spent.transforms, refs); // one exc-c14n each
    assert_eq!(spent.digests, refs);
    assert_eq!(spent.signature_checks, 1);
    assert_eq!(spent.token_lookups, 1);
    assert_eq!(spent.str_dereferences, 1); // Reference #X509-…
    assert_eq!(spent.decryptions, 0);
    // About the size of the signed parts: well under the cap.
    assert!(spent.canonical_bytes > 4096 && spent.canonical_bytes < wire.len() as u64);
}

#[test]
fn a_valid_encrypted_message_spends_what_it_needs() {
    let w = World::new();
    let wire = w.encrypted(4096);
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    r.unwrap();
    let refs = references_in(&wire);
    // EncryptedKey before Signature: decrypt, then verify. The plaintext signature is checked
    // before the unwrap and verified after it, so its references count twice.
    assert_eq!(spent.references, 2 * refs);
    assert_eq!(spent.digests, refs);
    assert_eq!(spent.signature_checks, 1);
    // The signer (direct Reference to a BST) and our own identity (KeyIdentifier, no
    // dereference).
    assert_eq!(spent.token_lookups, 2);
    assert_eq!(spent.str_dereferences, 1);
    // One unwrap, then the Body and the encrypted header.
    assert_eq!(spent.decryptions, 1 + data_references_in(&wire));
    assert_eq!(spent.decryptions, 3);
}

// ---- class M: signature processing -----------------------------------------------------------

#[test]
fn many_references_stop_at_the_reference_budget() {
    let w = World::new();
    let wire = many_references(&w.signed(256), 10_000);
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    assert!(
        matches!(
            r,
            Err(PipelineError::Dsig(DsigError::BudgetExceeded {
                budget: BudgetKind::References,
                limit: 30,
                reached: 31,
            }))
        ),
        "{r:?}"
    );
    // 30 accepted, the 31st seen, none of them parsed further; no key looked up.
    assert_eq!(spent.references, 30);
    assert_eq!(spent.transforms, 0);
    assert_eq!(spent.str_dereferences, 0);
    no_crypto(&spent);
}

#[test]
fn thirty_references_are_structure_checked_then_the_signature_value_fails_first() {
    // Exactly at the limit: the references pass the count, the SignatureValue (over the
    // changed SignedInfo) is checked before any digest (Hill's order).
    let w = World::new();
    let signed = w.signed(256);
    let extra = 30 - references_in(&signed) as usize;
    let wire = many_references(&signed, extra);
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    assert!(
        matches!(
            r,
            Err(PipelineError::Dsig(DsigError::InvalidSignatureValue))
        ),
        "{r:?}"
    );
    assert_eq!(spent.references, 30);
    assert_eq!(spent.transforms, 30);
    assert_eq!(spent.token_lookups, 1);
    assert_eq!(spent.signature_checks, 1);
    assert_eq!(spent.digests, 0);
}

#[test]
fn long_transform_chains_stop_at_the_transform_budget() {
    let w = World::new();
    let signed = w.signed(256);
    let wire = long_transform_chain(&signed, 10_000);
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    assert!(
        matches!(
            r,
            Err(PipelineError::Dsig(DsigError::BudgetExceeded {
                budget: BudgetKind::TransformsPerReference,
                limit: 5,
                reached: 6,
            }))
        ),
        "{r:?}"
    );
    // Every reference counted; the first one's transforms read up to 5 (and the 6th seen).
    assert_eq!(spent.references, references_in(&signed));
    assert_eq!(spent.transforms, 5);
    no_crypto(&spent);
}

#[test]
fn huge_prefix_lists_stop_at_the_prefix_budget() {
    let w = World::new();
    let wire = huge_prefix_list(&w.signed(256), 100_000);
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    assert!(
        matches!(
            r,
            Err(PipelineError::Dsig(DsigError::BudgetExceeded {
                budget: BudgetKind::InclusivePrefixes,
                limit: 16,
                reached: 17,
            }))
        ),
        "{r:?}"
    );
    assert_eq!(spent.inclusive_prefixes, 16);
    no_crypto(&spent);
}

#[test]
fn many_references_to_one_large_element_stop_at_the_canonical_cap() {
    let w = World::new();
    let wire = w.canonical_blowup(256 * 1024, 30);
    assert_eq!(references_in(&wire), 30);
    let cap = Budget::default().canonical_cap(wire.len());
    assert_eq!(cap, CANONICAL_FLOOR + 4 * wire.len() as u64);
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    match r {
        Err(PipelineError::Dsig(DsigError::BudgetExceeded {
            budget: BudgetKind::CanonicalBytes,
            limit,
            reached,
        })) => {
            assert_eq!(limit, cap);
            assert!(reached > cap);
        }
        other => panic!("{other:?}"),
    }
    // The signature is valid (one check), the cap stopped the digests: the bytes produced
    // never pass it, and only the references that fit under it were digested.
    assert_eq!(spent.signature_checks, 1);
    assert!(spent.canonical_bytes <= cap, "{spent:?}");
    assert!(spent.canonical_bytes > cap - 300 * 1024, "{spent:?}");
    // The Timestamp and the WS-Addressing headers, then the Body about 8 times (2.1 MB of
    // cap over 262 KB) of the 26 times it is referenced.
    assert!(spent.digests <= 12, "{spent:?}");

    // Without the relative cap (the absolute 256 MiB only) the same message costs every
    // digest: 26 times the Body.
    let mut lax = w.inbound();
    lax.budget.max_canonical_expansion = u64::MAX;
    let (r, spent) = w.verify(&lax, wire.as_bytes());
    r.unwrap();
    assert_eq!(spent.digests, 30);
    assert!(spent.canonical_bytes > 26 * 256 * 1024, "{spent:?}");
}

// ---- class M: tokens and references ----------------------------------------------------------

#[test]
fn many_tokens_stop_at_the_security_header_budget() {
    let w = World::new();
    let wire = many_tokens(&w.signed(256), 1_000);
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    assert!(
        matches!(
            r,
            Err(PipelineError::BudgetExceeded {
                budget: BudgetKind::SecurityHeaderChildren,
                limit: 32,
                reached: 33,
            })
        ),
        "{r:?}"
    );
    assert_eq!(spent.security_header_children, 32);
    assert_eq!(spent.references, 0);
    assert_eq!(spent.str_dereferences, 0);
    no_crypto(&spent);
}

#[test]
fn unreferenced_tokens_are_never_looked_up() {
    // Within the header budget, extra BinarySecurityTokens cost nothing: only the one the
    // signature names is dereferenced and looked up.
    let w = World::new();
    let wire = many_tokens(&w.signed(256), 20);
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    r.unwrap();
    assert_eq!(spent.security_header_children, 23);
    assert_eq!(spent.token_lookups, 1);
    assert_eq!(spent.str_dereferences, 1);
}

#[test]
fn token_lookups_are_counted_and_bounded() {
    let w = World::new();
    let wire = w.encrypted(256);
    let mut opts = w.inbound();
    opts.budget.max_token_lookups = 1;
    let (r, spent) = w.verify(&opts, wire.as_bytes());
    // Decrypt first (our identity: lookup 1), then the signer: lookup 2, refused.
    assert!(
        matches!(
            r,
            Err(PipelineError::BudgetExceeded {
                budget: BudgetKind::TokenLookups,
                limit: 1,
                reached: 2,
            })
        ),
        "{r:?}"
    );
    assert_eq!(spent.token_lookups, 1);
    assert_eq!(spent.str_dereferences, 1);
    assert_eq!(spent.signature_checks, 0);
    assert_eq!(spent.digests, 0);
}

#[test]
fn str_dereferences_are_counted_and_bounded() {
    let w = World::new();
    let wire = w.signed(256);
    let mut opts = w.inbound();
    opts.budget.max_str_dereferences = 0;
    let (r, spent) = w.verify(&opts, wire.as_bytes());
    assert!(
        matches!(
            r,
            Err(PipelineError::BudgetExceeded {
                budget: BudgetKind::StrDereferences,
                limit: 0,
                reached: 1,
            })
        ),
        "{r:?}"
    );
    assert_eq!(spent.str_dereferences, 0);
    no_crypto(&spent);
    // A KeyIdentifier needs no dereference: the encrypted message's EncryptedKey names our
    // certificate by SKI, so one dereference (the signer's) is enough.
    let wire = w.encrypted(256);
    opts.budget.max_str_dereferences = 1;
    let (r, spent) = w.verify(&opts, wire.as_bytes());
    r.unwrap();
    assert_eq!(spent.str_dereferences, 1);
}

#[test]
fn recursive_str_is_refused_before_any_lookup() {
    // WSS4J testRecursiveKeyReferencesDOS: STR-1 → STR-2 → STR-1.
    let w = World::new();
    let wire = str_cycle(&w.signed(256));
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    assert!(
        matches!(
            &r,
            Err(PipelineError::Token(TokenError::RecursiveReference { id: Some(id) })) if id == "STR-2"
        ),
        "{r:?}"
    );
    // One dereference (to STR-2, refused there), no key-store lookup, no RSA operation.
    assert_eq!(spent.str_dereferences, 1);
    no_crypto(&spent);
}

// ---- class M: decryptions --------------------------------------------------------------------

#[test]
fn many_encrypted_data_stop_at_the_decryption_budget_before_the_unwrap() {
    let w = World::new();
    let wire = many_encrypted_data(&w.encrypted(256), 1_000);
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    // The DataReferences are read up to the limit plus one (17), plus the unwrap: 18 > 16.
    assert!(
        matches!(
            r,
            Err(PipelineError::BudgetExceeded {
                budget: BudgetKind::Decryptions,
                limit: 16,
                reached: 18,
            })
        ),
        "{r:?}"
    );
    assert_eq!(spent.decryptions, 0);
    no_crypto(&spent);
}

#[test]
fn decryptions_are_counted_and_bounded() {
    let w = World::new();
    let wire = w.encrypted(256);
    let needed = 1 + data_references_in(&wire);
    let mut opts = w.inbound();
    opts.budget.max_decryptions = needed as usize - 1;
    let (r, spent) = w.verify(&opts, wire.as_bytes());
    match r {
        Err(PipelineError::BudgetExceeded {
            budget: BudgetKind::Decryptions,
            limit,
            reached,
        }) => {
            assert_eq!(limit, needed - 1);
            assert_eq!(reached, needed);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(spent.decryptions, 0);
    no_crypto(&spent);
    // At exactly the budget: accepted, every decryption counted.
    opts.budget.max_decryptions = needed as usize;
    let (r, spent) = w.verify(&opts, wire.as_bytes());
    r.unwrap();
    assert_eq!(spent.decryptions, needed);
}

#[test]
fn many_encrypted_keys_are_refused_by_structure_or_the_header_budget() {
    let w = World::new();
    let encrypted = w.encrypted(256);
    // A few: the pipeline takes one EncryptedKey with one ReferenceList, and says so.
    let (r, spent) = w.verify(&w.inbound(), many_encrypted_keys(&encrypted, 5).as_bytes());
    assert!(
        matches!(r, Err(PipelineError::AtMostOneReferenceList)),
        "{r:?}"
    );
    // Timestamp, BST, 6 EncryptedKeys, Signature: all counted, none unwrapped.
    assert_eq!(spent.security_header_children, 9);
    no_crypto(&spent);
    // A flood: the header budget, before any is classified further.
    let (r, spent) = w.verify(
        &w.inbound(),
        many_encrypted_keys(&encrypted, 500).as_bytes(),
    );
    assert!(
        matches!(
            r,
            Err(PipelineError::BudgetExceeded {
                budget: BudgetKind::SecurityHeaderChildren,
                limit: 32,
                reached: 33,
            })
        ),
        "{r:?}"
    );
    assert_eq!(spent.security_header_children, 32);
    no_crypto(&spent);
}

// ---- class L: the parser ---------------------------------------------------------------------

/// The parse error of a pipeline refusal (with nothing spent beyond the parse).
fn parse_error(w: &World, wire: &str) -> XmlError {
    let (r, spent) = w.verify(&w.inbound(), wire.as_bytes());
    nothing_spent(&spent);
    match r {
        Err(PipelineError::Xml(e)) => e,
        other => panic!("{other:?}"),
    }
}

fn limit(e: &XmlError) -> (LimitKind, usize, usize) {
    match e {
        XmlError::LimitExceeded { kind, max, at } => (*kind, *max, at.offset),
        other => panic!("{other:?}"),
    }
}

/// Where the Body's content starts in the parser inputs.
fn body_start(wire: &str) -> usize {
    wire.find("<s:Body>").unwrap() + "<s:Body>".len()
}

#[test]
fn deep_nesting_stops_at_the_depth_limit() {
    let w = World::new();
    let wire = deep_nesting(100_000);
    let (kind, max, at) = limit(&parse_error(&w, &wire));
    assert_eq!((kind, max), (LimitKind::Depth, 128));
    // Envelope and Body are depths 1 and 2: the 127th <a> is refused, 600 KB before the end.
    assert!(at <= body_start(&wire) + 126 * 3, "{at}");
}

#[test]
fn attribute_flood_stops_at_the_attribute_limit() {
    let w = World::new();
    let wire = attribute_flood(100_000);
    let (kind, max, at) = limit(&parse_error(&w, &wire));
    assert_eq!((kind, max), (LimitKind::AttributesPerElement, 64));
    let end_of_65th = wire.find(" a65=").unwrap();
    assert!(at <= end_of_65th, "{at}");
}

#[test]
fn namespace_flood_stops_at_the_namespace_limits() {
    let w = World::new();
    let wire = namespace_flood(100_000);
    let (kind, max, at) = limit(&parse_error(&w, &wire));
    assert_eq!(
        (kind, max),
        (LimitKind::NamespaceDeclarationsPerElement, 32)
    );
    assert!(at <= wire.find(" xmlns:p33=").unwrap(), "{at}");
    // Spread over elements, under the per-element limit: the per-document limit (4,096).
    let wire = namespace_flood_spread(1_000, 30);
    let (kind, max, at) = limit(&parse_error(&w, &wire));
    assert_eq!((kind, max), (LimitKind::NamespaceDeclarations, 4096));
    // 4,096 declarations are 136.5 elements of 30: refused in the 137th element.
    let element_138 = wire.match_indices("<a ").nth(137).unwrap().0;
    assert!(at < element_138, "{at}");
}

#[test]
fn overlong_names_stop_at_the_name_limit() {
    let w = World::new();
    let wire = overlong_name(MIB);
    let (kind, max, at) = limit(&parse_error(&w, &wire));
    assert_eq!((kind, max), (LimitKind::NameLength, 256));
    assert!(at <= body_start(&wire) + 1, "{at}");
}

#[test]
fn element_floods_stop_at_the_element_limit() {
    let w = World::new();
    let wire = element_flood(1_100_000);
    let (kind, max, at) = limit(&parse_error(&w, &wire));
    assert_eq!((kind, max), (LimitKind::Elements, 500_000));
    // Envelope, Header and Body are three elements: the (500,000 − 3 + 1)th <a/> is refused.
    assert!(at <= body_start(&wire) + 499_998 * 4, "{at}");
    assert!(at >= body_start(&wire) + 499_990 * 4, "{at}");
}

#[test]
fn huge_base64_stops_at_the_text_limit() {
    let w = World::new();
    let wire = huge_cipher_value(&w.encrypted(256), 17 * MIB);
    let (kind, max, _) = limit(&parse_error(&w, &wire));
    assert_eq!((kind, max), (LimitKind::TextLength, 16 * MIB));
}

#[test]
fn doctypes_are_refused_where_they_start() {
    let w = World::new();
    for wire in [billion_laughs(), external_entity()] {
        match parse_error(&w, &wire) {
            XmlError::DoctypeForbidden { at } => {
                assert_eq!(at.offset, wire.find("<!DOCTYPE").unwrap())
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn oversize_inputs_are_refused_before_parsing() {
    let w = World::new();
    let wire = oversize(33 * MIB);
    let (kind, max, at) = limit(&parse_error(&w, &wire));
    assert_eq!((kind, max, at), (LimitKind::InputBytes, 32 * MIB, 0));
}
