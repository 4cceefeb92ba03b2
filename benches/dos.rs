//! Denial-of-service inputs (attack classes L and M): the time each takes to be refused and
//! the peak heap of the refusal, next to a baseline measured in the same run (verifying a
//! valid secured message of about the same size), against the targets of under 50 ms and
//! under 64 MB per input.
//!
//! The inputs are those of `tests/budget.rs` (`tests/budget/inputs.rs`), at bench sizes.
//! `cargo bench --bench dos` prints criterion's figures for each refusal, then a summary
//! table judged on on-CPU time (the thread's `schedstat`), which is what the targets are read
//! against on a shared machine. `cargo test --benches` checks once that each input is refused
//! as expected.

#[path = "../tests/budget/inputs.rs"]
mod inputs;

use criterion::{Criterion, SamplingMode};
use inputs::*;
use soapsec::budget::BudgetKind;
use soapsec::dsig::DsigError;
use soapsec::pipeline::PipelineError;
use soapsec::token::TokenError;
use soapsec::xml::{LimitKind, XmlError};
use std::hint::black_box;
use std::time::Duration;

// ---------------------------------------------------------------------------------------------
// Counting allocator (as in benches/pipeline.rs).

mod common;
use common::peak_of;

#[global_allocator]
static ALLOC: common::Counting = common::Counting;

/// Mean on-CPU time (wall-clock if unavailable) of one run of `f`.
fn time_it(reps: usize, min_time: Duration, f: impl FnMut()) -> Duration {
    common::time_it(reps, min_time, f).best()
}

fn ms(t: Duration) -> f64 {
    t.as_secs_f64() * 1e3
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

// ---------------------------------------------------------------------------------------------
// The inputs.

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;
const TARGET_TIME: Duration = Duration::from_millis(50);
const TARGET_HEAP: usize = 64 * MIB;

/// Which valid message a DoS input is compared with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Base {
    /// A sign-only request.
    Signed,
    /// An EncryptAndSign request.
    Encrypted,
}

struct Case {
    name: &'static str,
    class: &'static str,
    wire: Vec<u8>,
    base: Base,
    /// What the refusal must be, described.
    refused_with: &'static str,
    expected: fn(&PipelineError) -> bool,
}

fn dsig_budget(e: &PipelineError, kind: BudgetKind) -> bool {
    matches!(e, PipelineError::Dsig(DsigError::BudgetExceeded { budget, .. }) if *budget == kind)
}

fn message_budget(e: &PipelineError, kind: BudgetKind) -> bool {
    matches!(e, PipelineError::BudgetExceeded { budget, .. } if *budget == kind)
}

fn xml_limit(e: &PipelineError, want: LimitKind) -> bool {
    matches!(e, PipelineError::Xml(XmlError::LimitExceeded { kind, .. }) if *kind == want)
}

fn cases(w: &World, quick: bool) -> Vec<Case> {
    // In test mode (`cargo test --benches`) the inputs are smaller.
    let k = |n: usize| if quick { n / 10 } else { n };
    let signed = w.signed(256);
    let encrypted = w.encrypted(256);
    let mut v = vec![
        Case {
            name: "10,000 references",
            class: "M",
            wire: many_references(&signed, k(10_000)).into_bytes(),
            base: Base::Signed,
            refused_with: "DsigError::BudgetExceeded { References, limit 30 }",
            expected: |e| dsig_budget(e, BudgetKind::References),
        },
        Case {
            name: "10,000 transforms in one reference",
            class: "M",
            wire: long_transform_chain(&signed, k(10_000)).into_bytes(),
            base: Base::Signed,
            refused_with: "DsigError::BudgetExceeded { TransformsPerReference, limit 5 }",
            expected: |e| dsig_budget(e, BudgetKind::TransformsPerReference),
        },
        Case {
            name: "PrefixList of 1,000,000 prefixes",
            class: "M",
            wire: huge_prefix_list(&signed, k(1_000_000)).into_bytes(),
            base: Base::Signed,
            refused_with: "DsigError::BudgetExceeded { InclusivePrefixes, limit 16 }",
            expected: |e| dsig_budget(e, BudgetKind::InclusivePrefixes),
        },
        Case {
            name: "30 references to a 1 MiB Body (validly signed)",
            class: "M",
            wire: w
                .canonical_blowup(if quick { 64 * KIB } else { MIB }, 30)
                .into_bytes(),
            base: Base::Signed,
            refused_with: "DsigError::BudgetExceeded { CanonicalBytes, 1 MiB + 4 × input }",
            expected: |e| dsig_budget(e, BudgetKind::CanonicalBytes),
        },
        Case {
            name: "1,000 BinarySecurityTokens",
            class: "M",
            wire: many_tokens(&signed, k(1_000)).into_bytes(),
            base: Base::Signed,
            refused_with: "PipelineError::BudgetExceeded { SecurityHeaderChildren, limit 32 }",
            expected: |e| message_budget(e, BudgetKind::SecurityHeaderChildren),
        },
        Case {
            name: "STR → STR → STR cycle",
            class: "M",
            wire: str_cycle(&signed).into_bytes(),
            base: Base::Signed,
            refused_with: "TokenError::RecursiveReference",
            expected: |e| {
                matches!(
                    e,
                    PipelineError::Token(TokenError::RecursiveReference { .. })
                )
            },
        },
        Case {
            name: "1,000 EncryptedData in the ReferenceList",
            class: "M",
            wire: many_encrypted_data(&encrypted, k(1_000)).into_bytes(),
            base: Base::Encrypted,
            refused_with: "PipelineError::BudgetExceeded { Decryptions, limit 16 }",
            expected: |e| message_budget(e, BudgetKind::Decryptions),
        },
        Case {
            name: "500 EncryptedKeys",
            class: "M",
            wire: many_encrypted_keys(&encrypted, k(500)).into_bytes(),
            base: Base::Encrypted,
            refused_with: "PipelineError::BudgetExceeded { SecurityHeaderChildren, limit 32 }",
            expected: |e| message_budget(e, BudgetKind::SecurityHeaderChildren),
        },
        Case {
            name: "100,000-deep nesting",
            class: "L",
            wire: deep_nesting(k(100_000)).into_bytes(),
            base: Base::Signed,
            refused_with: "XmlError::LimitExceeded { Depth, max 128 }",
            expected: |e| xml_limit(e, LimitKind::Depth),
        },
        Case {
            name: "1,000,000 attributes on one element",
            class: "L",
            wire: attribute_flood(k(1_000_000)).into_bytes(),
            base: Base::Signed,
            refused_with: "XmlError::LimitExceeded { AttributesPerElement, max 64 }",
            expected: |e| xml_limit(e, LimitKind::AttributesPerElement),
        },
        Case {
            name: "500,000 xmlns on one element",
            class: "L",
            wire: namespace_flood(k(500_000)).into_bytes(),
            base: Base::Signed,
            refused_with: "XmlError::LimitExceeded { NamespaceDeclarationsPerElement, max 32 }",
            expected: |e| xml_limit(e, LimitKind::NamespaceDeclarationsPerElement),
        },
        Case {
            name: "20,000 elements × 30 xmlns",
            class: "L",
            wire: namespace_flood_spread(k(20_000), 30).into_bytes(),
            base: Base::Signed,
            refused_with: "XmlError::LimitExceeded { NamespaceDeclarations, max 4,096 }",
            expected: |e| xml_limit(e, LimitKind::NamespaceDeclarations),
        },
        Case {
            name: "16 MiB element name",
            class: "L",
            wire: overlong_name(if quick { MIB } else { 16 * MIB }).into_bytes(),
            base: Base::Signed,
            refused_with: "XmlError::LimitExceeded { NameLength, max 256 }",
            expected: |e| xml_limit(e, LimitKind::NameLength),
        },
        Case {
            name: "1,100,000 sibling elements",
            class: "L",
            wire: element_flood(1_100_000).into_bytes(),
            base: Base::Signed,
            refused_with: "XmlError::LimitExceeded { Elements, max 500,000 }",
            expected: |e| xml_limit(e, LimitKind::Elements),
        },
        Case {
            name: "17 MiB base64 CipherValue",
            class: "L",
            wire: huge_cipher_value(&encrypted, 17 * MIB).into_bytes(),
            base: Base::Encrypted,
            refused_with: "XmlError::LimitExceeded { TextLength, max 16 MiB }",
            expected: |e| xml_limit(e, LimitKind::TextLength),
        },
        Case {
            name: "billion laughs (DOCTYPE)",
            class: "L",
            wire: billion_laughs().into_bytes(),
            base: Base::Signed,
            refused_with: "XmlError::DoctypeForbidden",
            expected: |e| matches!(e, PipelineError::Xml(XmlError::DoctypeForbidden { .. })),
        },
        Case {
            name: "external entity (XXE)",
            class: "L",
            wire: external_entity().into_bytes(),
            base: Base::Signed,
            refused_with: "XmlError::DoctypeForbidden",
            expected: |e| matches!(e, PipelineError::Xml(XmlError::DoctypeForbidden { .. })),
        },
    ];
    if !quick {
        v.push(Case {
            name: "8,000,000 sibling elements (32 MB)",
            class: "L",
            wire: element_flood(8_000_000).into_bytes(),
            base: Base::Signed,
            refused_with: "XmlError::LimitExceeded { Elements, max 500,000 }",
            expected: |e| xml_limit(e, LimitKind::Elements),
        });
        v.push(Case {
            name: "33 MiB input",
            class: "L",
            wire: oversize(33 * MIB).into_bytes(),
            base: Base::Signed,
            refused_with: "XmlError::LimitExceeded { InputBytes, max 32 MiB }",
            expected: |e| xml_limit(e, LimitKind::InputBytes),
        });
    }
    v
}

/// A valid message of about `len` bytes, its Body at most `max` (the Body's text, and its
/// base64 ciphertext, stay under the parser's 16 MiB text limit: the largest signed baseline
/// is about 15 MiB, the largest encrypted one about 11 MiB of Body).
fn baseline(w: &World, base: Base, len: usize, max: usize) -> Vec<u8> {
    let max = match base {
        Base::Signed => max,
        Base::Encrypted => max.min(11 * MIB),
    };
    let body = len.saturating_sub(6 * KIB).clamp(256, max);
    match base {
        Base::Signed => w.signed(body),
        Base::Encrypted => w.encrypted(body),
    }
    .into_bytes()
}

/// Verify as the server; the error, if any.
fn run(w: &World, opts: &soapsec::pipeline::InboundOptions, wire: &[u8]) -> Option<PipelineError> {
    w.verify(opts, wire).0.err()
}

// ---------------------------------------------------------------------------------------------

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| {
        args.iter()
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    };
    let benchmarking = has("--bench") && !has("--test") && !has("--list");
    let summary = benchmarking
        && !has("--profile-time")
        && std::env::var_os("SOAPSEC_BENCH_NO_SUMMARY").is_none();

    let w = World::new();
    let mut opts = w.inbound();
    // SOAPSEC_DOS_MAX_ELEMENTS=n runs with another Limits::max_elements (to size that limit).
    if let Some(n) = std::env::var("SOAPSEC_DOS_MAX_ELEMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        opts.parse.limits.max_elements = n;
    }
    // SOAPSEC_DOS_FILTER=text keeps the inputs whose name contains `text`.
    let filter = std::env::var("SOAPSEC_DOS_FILTER").unwrap_or_default();
    let cases: Vec<Case> = cases(&w, !benchmarking)
        .into_iter()
        .filter(|c| c.name.contains(filter.as_str()))
        .collect();

    // Every input is refused, and as expected; every baseline is accepted.
    let mut baselines = Vec::with_capacity(cases.len());
    for c in &cases {
        match run(&w, &opts, &c.wire) {
            Some(e) if (c.expected)(&e) => {}
            other => panic!("{}: expected {}, got {other:?}", c.name, c.refused_with),
        }
        let max = if benchmarking { 15 * MIB } else { 256 * KIB };
        let b = baseline(&w, c.base, c.wire.len(), max);
        assert!(
            run(&w, &opts, &b).is_none(),
            "{}: the baseline must verify",
            c.name
        );
        baselines.push(b);
    }

    let mut crit = Criterion::default().configure_from_args();
    {
        let mut group = crit.benchmark_group("dos");
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(100))
            .measurement_time(Duration::from_millis(400));
        for c in &cases {
            group.bench_function(c.name, |b| b.iter(|| black_box(run(&w, &opts, &c.wire))));
        }
        group.finish();
    }
    crit.final_summary();

    if summary {
        report(&w, &opts, &cases, &baselines);
    }
}

fn report(
    w: &World,
    opts: &soapsec::pipeline::InboundOptions,
    cases: &[Case],
    baselines: &[Vec<u8>],
) {
    println!();
    println!("## DoS inputs: time to reject (on-CPU) and peak heap, vs verifying a valid message");
    println!();
    println!(
        "| input | class | bytes | refused with | time to reject | peak heap | baseline: valid message | baseline time | baseline heap | time vs baseline | target (<50 ms, <64 MB) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let (reps, min) = (5, Duration::from_millis(150));
    for (c, b) in cases.iter().zip(baselines) {
        let t = time_it(reps, min, || {
            black_box(run(w, opts, &c.wire));
        });
        let (_, heap) = peak_of(|| black_box(run(w, opts, &c.wire)));
        let bt = time_it(reps, min, || {
            black_box(run(w, opts, b));
        });
        let (_, bheap) = peak_of(|| black_box(run(w, opts, b)));
        let met = t < TARGET_TIME && heap < TARGET_HEAP;
        println!(
            "| {} | {} | {:.2} MB | `{}` | {:.3} ms | {:.2} MB | {} {:.2} MB | {:.3} ms | {:.2} MB | {:.2}× | {} |",
            c.name,
            c.class,
            mb(c.wire.len()),
            c.refused_with,
            ms(t),
            mb(heap),
            match c.base {
                Base::Signed => "signed",
                Base::Encrypted => "encrypted",
            },
            mb(b.len()),
            ms(bt),
            mb(bheap),
            t.as_secs_f64() / bt.as_secs_f64(),
            if met { "met" } else { "**missed**" },
        );
    }
}
