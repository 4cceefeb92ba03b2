//! `soapsec inspect` on a 16 MB envelope: the survey (claims, no keys), the survey plus
//! decryption and verification with keys, and the survey with keys and a contract (the
//! inbound pipeline runs for the receiver's verdict; on an accepted message the per-part
//! statuses come from it, so the cryptography runs once), for a sign-only and an
//! EncryptAndSign request whose Body holds ~200,000 line items (markup-dense, the harder case).
//! The baseline, measured in the same run, is parsing the same bytes once.
//!
//! The target (issue 6): a 16 MB envelope is inspected in well under a second. The library
//! calls are what the CLI runs, minus printing. `cargo bench --bench inspect` prints criterion's
//! figures and a summary table; `cargo test --benches` runs each case once on 64 KB.

use criterion::{Criterion, SamplingMode, Throughput};
use soapsec::binding::Binding;
use soapsec::contract::{Contract, Direction, Message, Resolution, resolve};
use soapsec::inspect::{
    OverlayOptions, SurveyOptions, VerifyOptions, inspect, inspect_with_contract, inspect_with_keys,
};
use soapsec::keys::{Certificate, PrivateKey, TrustStore};
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{Credentials, FixedClock, InboundOptions, OutboundOptions, protect};
use soapsec::token::KeyStore;
use soapsec::xml::{Document, ParseOptions};
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

const NS: &str = "http://tempuri.org/";
const NOW: i64 = 1_893_456_000;

fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/testdata/pki/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the test PKI is readable")
}

/// `Submit` at the binding default (EncryptAndSign), `Ping` at Sign.
fn resolution() -> Resolution {
    let c = Contract::new("IOrder", NS);
    let mut submit = c.new_operation("Submit");
    submit.input = Message::default().member("order", NS, None);
    let ping = c
        .new_operation("Ping")
        .with_level(Some(ProtectionLevel::Sign));
    resolve(
        &c.clone().with_operation(submit).with_operation(ping),
        &Binding::preset("wsHttp").expect("wsHttp"),
    )
}

/// A SOAP 1.2 request whose Body element holds line items up to `len` bytes.
fn envelope(op: &str, len: usize) -> String {
    let mut items = String::with_capacity(len + 128);
    let mut i = 0u32;
    while items.len() < len {
        items.push_str(&format!(
            r#"<line sku="SKU-{i:07}" qty="3">widget, blue, boxed; delivery by courier</line>"#
        ));
        i += 1;
    }
    format!(
        r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header><a:Action s:mustUnderstand="1">{NS}IOrder/{op}</a:Action><a:MessageID>urn:uuid:6f1c2a40-0000-4000-8000-000000000001</a:MessageID></s:Header><s:Body><{op} xmlns="{NS}"><order>{items}</order></{op}></s:Body></s:Envelope>"#
    )
}

struct Case {
    label: String,
    wire: Vec<u8>,
}

struct World {
    res: Resolution,
    keys: KeyStore,
    survey: SurveyOptions,
    inbound: InboundOptions,
}

fn world() -> World {
    let mut trust = TrustStore::new();
    trust.add_anchor(Certificate::load(&pki("root-ca.pem")).expect("root"));
    let mut keys = KeyStore::new(trust);
    keys.add_identity(
        PrivateKey::load(&pki("server.key.pem")).expect("key"),
        Certificate::load(&pki("server.pem")).expect("cert"),
    )
    .expect("identity");
    World {
        res: resolution(),
        keys,
        survey: SurveyOptions {
            at: NOW + 1,
            ..Default::default()
        },
        inbound: InboundOptions {
            clock: Arc::new(FixedClock(NOW + 1)),
            ..Default::default()
        },
    }
}

fn case(w: &World, op: &str, len: usize, label: &str) -> Case {
    let (k, c, p) = (
        PrivateKey::load(&pki("client.key.pem")).expect("key"),
        Certificate::load(&pki("client.pem")).expect("cert"),
        Certificate::load(&pki("server.pem")).expect("cert"),
    );
    let wire = protect(
        &w.res,
        Direction::Request,
        Some(&format!("{NS}IOrder/{op}")),
        &Credentials {
            private_key: &k,
            certificate: &c,
            peer_certificate: &p,
        },
        &OutboundOptions {
            clock: Arc::new(FixedClock(NOW)),
            ..Default::default()
        },
        envelope(op, len).as_bytes(),
    )
    .expect("protect");
    Case {
        label: format!(
            "{label} {}",
            if op == "Ping" {
                "Sign"
            } else {
                "EncryptAndSign"
            }
        ),
        wire,
    }
}

fn parse_only(wire: &[u8]) {
    let doc = Document::parse_bytes(wire, &ParseOptions::default()).expect("parse");
    black_box(doc.node_count());
}

fn claims(w: &World, wire: &[u8]) {
    let i = inspect(wire, &w.survey).expect("inspect");
    black_box(i.parts.len());
}

fn with_keys(w: &World, wire: &[u8]) {
    let i =
        inspect_with_keys(wire, &w.survey, &w.keys, &VerifyOptions::default()).expect("inspect");
    assert!(i.verification.as_ref().is_some_and(|v| v.ok()), "verified");
    black_box(i.parts.len());
}

fn with_contract(w: &World, wire: &[u8]) {
    let i = inspect_with_contract(
        wire,
        &w.survey,
        &VerifyOptions::default(),
        |_| OverlayOptions {
            resolution: &w.res,
            direction: Direction::Request,
            action: None,
            binding_name: None,
            pipeline: None,
        },
        &w.keys,
        &w.inbound,
    )
    .expect("inspect");
    assert!(
        i.requirements.as_ref().is_some_and(|r| r.verdict.accepted),
        "accepted"
    );
    black_box(i.parts.len());
}

type Step = fn(&World, &[u8]);

const STEPS: [(&str, Step); 4] = [
    ("parse (baseline)", |_, wire| parse_only(wire)),
    ("inspect: claims", claims),
    ("inspect: + keys", with_keys),
    ("inspect: + keys + contract", with_contract),
];

fn median(w: &World, wire: &[u8], step: Step, reps: usize) -> Duration {
    let mut times: Vec<Duration> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            step(w, wire);
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    // `cargo test --benches` runs each case once on a small message.
    let (len, label) = if bench {
        (16 * 1024 * 1024, "16MB")
    } else {
        (64 * 1024, "64KB")
    };
    let w = world();
    // Encryption grows the Body by 4/3 (base64) and the parser's default text limit is
    // 16 MiB, so the EncryptAndSign case encrypts a body of 70 % of `len`: the envelope on
    // the wire is then about `len` bytes too.
    let cases = [
        case(&w, "Ping", len, label),
        case(&w, "Submit", len * 7 / 10, label),
    ];

    let mut c = Criterion::default().configure_from_args();
    {
        let mut g = c.benchmark_group("inspect");
        g.sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .measurement_time(Duration::from_secs(8));
        for case in &cases {
            g.throughput(Throughput::Bytes(case.wire.len() as u64));
            for (name, step) in STEPS {
                g.bench_function(format!("{} / {name}", case.label), |b| {
                    b.iter(|| step(&w, &case.wire));
                });
            }
        }
        g.finish();
    }
    c.final_summary();

    if bench {
        println!(
            "\nsoapsec inspect, median of 7 runs (wall clock; target: a 16 MB envelope well under 1 s)\n"
        );
        println!(
            "{:<22} {:<28} {:>10} {:>12} {:>8}",
            "message", "step", "time", "vs parse", "< 1 s"
        );
        for case in &cases {
            let base = median(&w, &case.wire, STEPS[0].1, 7);
            for (name, step) in STEPS {
                let t = median(&w, &case.wire, step, 7);
                println!(
                    "{:<22} {:<28} {:>8.0}ms {:>11.2}x {:>8}",
                    format!("{} ({:.1} MB)", case.label, case.wire.len() as f64 / 1e6),
                    name,
                    t.as_secs_f64() * 1e3,
                    t.as_secs_f64() / base.as_secs_f64(),
                    if t < Duration::from_secs(1) {
                        "met"
                    } else {
                        "MISSED"
                    }
                );
            }
        }
    }
}
