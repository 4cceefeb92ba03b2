//! The security pipeline end to end: a request and its reply, each protected by one side and
//! verified by the other, at EncryptAndSign (AES-256-GCM, RSA-OAEP, rsa-sha256) and sign-only,
//! with bodies of 4 KB, 64 KB, 1 MB and 16 MB; in the same run the crypto floor (the same RSA
//! operations, SHA-256 digests and AES-256-GCM work on the same bytes, no XML), and the peak
//! heap of each step measured by a counting global allocator.
//!
//! `cargo bench --bench pipeline` prints criterion's figures for the round trips, then a
//! summary judged on on-CPU time (the thread's `schedstat`), which is what the targets are
//! read against on a shared machine. `cargo test --benches` runs it once on 4 KB.

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use soapsec::binding::Binding;
use soapsec::contract::{Contract, Direction, Message, Resolution, resolve};
use soapsec::keys::{
    Certificate, OaepHash, OaepParams, PrivateKey, SignatureAlgorithm, TrustStore,
};
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{
    Credentials, FixedClock, InboundOptions, OutboundOptions, protect, verify,
};
use soapsec::token::KeyStore;
use soapsec::xml::{Limits, ParseOptions};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

mod common;
use common::{mb_per_s, peak_of, time_it};

#[global_allocator]
static ALLOC: common::Counting = common::Counting;

// ---------------------------------------------------------------------------------------------
// The world: the test PKI, a contract, messages.

const NOW: i64 = 1_893_456_000;
const NS: &str = "http://tempuri.org/";
const KB: usize = 1024;
const MIB: usize = 1024 * 1024;
const SIZES: [(usize, &str); 4] = [
    (4 * KB, "4KB"),
    (64 * KB, "64KB"),
    (MIB, "1MB"),
    (16 * MIB, "16MB"),
];

fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/testdata/pki/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the test PKI is readable")
}

struct Side {
    key: PrivateKey,
    cert: Certificate,
    store: KeyStore,
}

fn side(name: &str) -> Side {
    let cert = Certificate::load(&pki(&format!("{name}.pem"))).expect("cert");
    let key = || PrivateKey::load(&pki(&format!("{name}.key.pem"))).expect("key");
    let mut trust = TrustStore::new();
    trust.add_anchor(Certificate::load(&pki("root-ca.pem")).expect("root"));
    let mut store = KeyStore::new(trust);
    store.add_identity(key(), cert.clone()).expect("identity");
    Side {
        key: key(),
        cert,
        store,
    }
}

/// `Submit` at the binding default (EncryptAndSign); `Ping` at Sign. Both have replies at the
/// same level.
fn contract() -> Contract {
    let c = Contract::new("IOrder", NS);
    let mut submit = c.new_operation("Submit");
    submit.input = Message::default().member("order", NS, None);
    let ping = c
        .new_operation("Ping")
        .with_level(Some(ProtectionLevel::Sign));
    c.clone().with_operation(submit).with_operation(ping)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Level {
    EncryptAndSign,
    Sign,
}

impl Level {
    fn op(self) -> &'static str {
        match self {
            Level::EncryptAndSign => "Submit",
            Level::Sign => "Ping",
        }
    }
    fn name(self) -> &'static str {
        match self {
            Level::EncryptAndSign => "EncryptAndSign",
            Level::Sign => "Sign",
        }
    }
}

/// A SOAP 1.2 envelope with WS-Addressing whose Body content is `len` bytes.
fn envelope(action: &str, element: &str, len: usize) -> String {
    let open = format!(r#"<{element} xmlns="{NS}"><order>"#);
    let close = format!("</order></{element}>");
    let fill = len.saturating_sub(open.len() + close.len());
    let line = "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ item=widget;\n";
    let mut text = String::with_capacity(fill + line.len());
    while text.len() < fill {
        text.push_str(line);
    }
    text.truncate(fill);
    format!(
        r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header><a:Action s:mustUnderstand="1">{action}</a:Action><a:MessageID>urn:uuid:6f1c2a40-0000-4000-8000-000000000001</a:MessageID></s:Header><s:Body>{open}{text}{close}</s:Body></s:Envelope>"#
    )
}

struct World {
    res: Resolution,
    client: Side,
    server: Side,
    out: OutboundOptions,
    inb: InboundOptions,
}

fn world() -> World {
    let binding = Binding::preset("wsHttp").expect("wsHttp");
    // Large messages are the point here: lift the default parse limits (16 MB bodies).
    let parse = ParseOptions::with_limits(Limits::unbounded_for_trusted_input());
    World {
        res: resolve(&contract(), &binding),
        client: side("client"),
        server: side("server"),
        out: OutboundOptions {
            clock: Arc::new(FixedClock(NOW)),
            parse: parse.clone(),
            ..Default::default()
        },
        inb: InboundOptions {
            clock: Arc::new(FixedClock(NOW + 1)),
            parse,
            // With a fixed clock, PKCS#1 v1.5 signatures repeat from iteration to iteration, so
            // the default replay cache would (rightly) refuse every message after the first.
            // The benchmark measures the pipeline, not the cache.
            replay: soapsec::pipeline::ReplayDetection::DangerouslyOff,
            ..Default::default()
        },
    }
}

/// One exchange at one size and level: the plaintext messages and their wire forms.
struct Case {
    level: Level,
    len: usize,
    label: &'static str,
    request: String,
    reply: String,
    wire_request: Vec<u8>,
    wire_reply: Vec<u8>,
}

impl World {
    fn action(&self, level: Level, reply: bool) -> String {
        let a = format!("{NS}IOrder/{}", level.op());
        if reply { format!("{a}Response") } else { a }
    }

    fn protect_request(&self, level: Level, msg: &str) -> Vec<u8> {
        protect(
            &self.res,
            Direction::Request,
            Some(&self.action(level, false)),
            &Credentials {
                private_key: &self.client.key,
                certificate: &self.client.cert,
                peer_certificate: &self.server.cert,
            },
            &self.out,
            msg.as_bytes(),
        )
        .expect("protect request")
    }
    fn verify_request(&self, wire: &[u8]) -> usize {
        let v = verify(
            &self.res,
            Direction::Request,
            None,
            &self.server.store,
            &self.inb,
            wire,
        )
        .expect("verify request");
        v.envelope().len()
    }
    fn protect_reply(&self, level: Level, msg: &str) -> Vec<u8> {
        protect(
            &self.res,
            Direction::Reply,
            Some(&self.action(level, true)),
            &Credentials {
                private_key: &self.server.key,
                certificate: &self.server.cert,
                peer_certificate: &self.client.cert,
            },
            &self.out,
            msg.as_bytes(),
        )
        .expect("protect reply")
    }
    fn verify_reply(&self, wire: &[u8]) -> usize {
        let v = verify(
            &self.res,
            Direction::Reply,
            None,
            &self.client.store,
            &self.inb,
            wire,
        )
        .expect("verify reply");
        v.envelope().len()
    }

    fn case(&self, level: Level, len: usize, label: &'static str) -> Case {
        let request = envelope(&self.action(level, false), level.op(), len);
        let reply = envelope(
            &self.action(level, true),
            &format!("{}Response", level.op()),
            len,
        );
        let wire_request = self.protect_request(level, &request);
        let wire_reply = self.protect_reply(level, &reply);
        Case {
            level,
            len,
            label,
            request,
            reply,
            wire_request,
            wire_reply,
        }
    }

    fn round_trip(&self, c: &Case) {
        let w = self.protect_request(c.level, &c.request);
        black_box(self.verify_request(&w));
        let w = self.protect_reply(c.level, &c.reply);
        black_box(self.verify_reply(&w));
    }
}

// ---------------------------------------------------------------------------------------------
// The crypto floor: per message, what the pipeline must do at the least.
//
// Protect: SHA-256 of the body (its Reference digest) and of a SignedInfo-sized buffer, one
// RSA-2048 rsa-sha256 signature, and at EncryptAndSign a fresh 32-byte key, AES-256-GCM over
// the body and RSA-OAEP (SHA-256) of the key to the peer. Verify: at EncryptAndSign RSA-OAEP
// decryption and AES-256-GCM decryption of the body; SHA-256 of the body and SignedInfo, the
// RSA signature check, and the RSA check of the signer's certificate against the root (chain
// validation). Same crates as the pipeline (ring digests, RustCrypto aes-gcm, soapsec::keys).

struct Floor {
    client: Side,
    server: Side,
    root: TrustStore,
}

const OAEP: OaepParams = OaepParams::new(OaepHash::Sha256, OaepHash::Sha256);

fn sha256(data: &[u8]) -> ring::digest::Digest {
    ring::digest::digest(&ring::digest::SHA256, data)
}

impl Floor {
    fn new() -> Floor {
        let mut root = TrustStore::new();
        root.add_anchor(Certificate::load(&pki("root-ca.pem")).expect("root"));
        Floor {
            client: side("client"),
            server: side("server"),
            root,
        }
    }

    /// Protect: returns (ciphertext or body, wrapped key, signature).
    fn protect(&self, from: &Side, to: &Side, level: Level, body: &[u8]) -> Sealed {
        let digest = sha256(body);
        let mut signed_info = [0u8; 1024];
        signed_info[..32].copy_from_slice(digest.as_ref());
        let signed_info_digest = sha256(&signed_info);
        let signature = from
            .key
            .sign(SignatureAlgorithm::RsaSha256, signed_info_digest.as_ref())
            .expect("sign");
        let (data, wrapped) = match level {
            Level::Sign => (body.to_vec(), Vec::new()),
            Level::EncryptAndSign => {
                use aes_gcm::aead::{Aead, KeyInit};
                let mut key = [0u8; 32];
                key[..8].copy_from_slice(&(body.len() as u64).to_le_bytes());
                let cipher = aes_gcm::Aes256Gcm::new_from_slice(&key).expect("key");
                let nonce = aes_gcm::Nonce::from([7u8; 12]);
                let ct = cipher.encrypt(&nonce, body).expect("encrypt");
                let wrapped = to
                    .cert
                    .public_key()
                    .expect("public key")
                    .rsa_oaep_encrypt(&OAEP, &key)
                    .expect("oaep");
                (ct, wrapped)
            }
        };
        Sealed {
            data,
            wrapped,
            signature,
            signed_info,
        }
    }

    fn verify(&self, from: &Side, to: &Side, level: Level, s: &Sealed) -> usize {
        let body = match level {
            Level::Sign => s.data.clone(),
            Level::EncryptAndSign => {
                use aes_gcm::aead::{Aead, KeyInit};
                let key = to.key.rsa_oaep_decrypt(&OAEP, &s.wrapped).expect("unwrap");
                let cipher = aes_gcm::Aes256Gcm::new_from_slice(&key).expect("key");
                let nonce = aes_gcm::Nonce::from([7u8; 12]);
                cipher.decrypt(&nonce, s.data.as_slice()).expect("decrypt")
            }
        };
        black_box(sha256(&body));
        let signed_info_digest = sha256(&s.signed_info);
        from.cert
            .public_key()
            .expect("public key")
            .verify(
                SignatureAlgorithm::RsaSha256,
                signed_info_digest.as_ref(),
                &s.signature,
            )
            .expect("verify");
        black_box(
            self.root
                .validate(std::slice::from_ref(&from.cert), NOW)
                .expect("chain"),
        );
        body.len()
    }

    fn round_trip(&self, level: Level, request: &[u8], reply: &[u8]) {
        let s = self.protect(&self.client, &self.server, level, request);
        black_box(self.verify(&self.client, &self.server, level, &s));
        let s = self.protect(&self.server, &self.client, level, reply);
        black_box(self.verify(&self.server, &self.client, level, &s));
    }
}

struct Sealed {
    data: Vec<u8>,
    wrapped: Vec<u8>,
    signature: Vec<u8>,
    signed_info: [u8; 1024],
}

/// The Body content of a plaintext envelope (what the floor protects).
fn body_of(msg: &str) -> &[u8] {
    let start = msg.find("<s:Body>").map_or(0, |i| i + "<s:Body>".len());
    let end = msg.rfind("</s:Body>").unwrap_or(msg.len());
    &msg.as_bytes()[start..end]
}

// ---------------------------------------------------------------------------------------------
// Criterion: the round trips and the floor.

fn criterion_benches(c: &mut Criterion, w: &World, floor: &Floor, cases: &[Case]) {
    for level in [Level::EncryptAndSign, Level::Sign] {
        let mut group = c.benchmark_group(format!("round_trip/{}", level.name()));
        for case in cases.iter().filter(|c| c.level == level) {
            if case.len >= MIB {
                group
                    .sample_size(10)
                    .sampling_mode(SamplingMode::Flat)
                    .warm_up_time(Duration::from_millis(300))
                    .measurement_time(Duration::from_secs(if case.len >= 16 * MIB {
                        4
                    } else {
                        2
                    }));
            } else {
                group
                    .sample_size(20)
                    .warm_up_time(Duration::from_millis(300))
                    .measurement_time(Duration::from_secs(1));
            }
            group.throughput(Throughput::Bytes(2 * case.len as u64));
            group.bench_with_input(BenchmarkId::new("pipeline", case.label), case, |b, c| {
                b.iter(|| w.round_trip(c))
            });
            let (rq, rp) = (body_of(&case.request), body_of(&case.reply));
            group.bench_with_input(BenchmarkId::new("floor", case.label), case, |b, c| {
                b.iter(|| floor.round_trip(c.level, rq, rp))
            });
        }
        group.finish();
    }
}

// ---------------------------------------------------------------------------------------------
// Summary on on-CPU time, with peak memory.

fn report(w: &World, floor: &Floor, cases: &[Case]) {
    println!();
    println!("## Pipeline summary (on-CPU time of the bench thread)");
    println!();
    println!(
        "| level | body | round trip | floor | rate vs floor | protect req | verify req | protect reply | verify reply |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut mem_rows = Vec::new();
    for case in cases {
        let (reps, min) = if case.len >= 16 * MIB {
            (2, Duration::from_millis(200))
        } else if case.len >= MIB {
            (3, Duration::from_millis(300))
        } else {
            (10, Duration::from_millis(500))
        };
        let rt = time_it(reps, min, || w.round_trip(case)).best();
        let (rq, rp) = (body_of(&case.request), body_of(&case.reply));
        let fl = time_it(reps, min, || floor.round_trip(case.level, rq, rp)).best();
        let pq = time_it(reps, min, || {
            black_box(w.protect_request(case.level, &case.request));
        })
        .best();
        let vq = time_it(reps, min, || {
            black_box(w.verify_request(&case.wire_request));
        })
        .best();
        let pr = time_it(reps, min, || {
            black_box(w.protect_reply(case.level, &case.reply));
        })
        .best();
        let vr = time_it(reps, min, || {
            black_box(w.verify_reply(&case.wire_reply));
        })
        .best();
        let step = |t: Duration, n: usize| format!("{:.2} ms ({:.0} MB/s)", ms(t), mb_per_s(n, t));
        println!(
            "| {} | {} | {:.2} ms | {:.2} ms | {:.1}% | {} | {} | {} | {} |",
            case.level.name(),
            case.label,
            ms(rt),
            ms(fl),
            100.0 * fl.as_secs_f64() / rt.as_secs_f64(),
            step(pq, case.request.len()),
            step(vq, case.wire_request.len()),
            step(pr, case.reply.len()),
            step(vr, case.wire_reply.len()),
        );

        let (_, m_pq) = peak_of(|| w.protect_request(case.level, &case.request));
        let (_, m_vq) = peak_of(|| w.verify_request(&case.wire_request));
        let (_, m_pr) = peak_of(|| w.protect_reply(case.level, &case.reply));
        let (_, m_vr) = peak_of(|| w.verify_reply(&case.wire_reply));
        mem_rows.push((
            case.level,
            case.label,
            case.request.len(),
            case.wire_request.len(),
            [m_pq, m_vq, m_pr, m_vr],
        ));
    }
    println!();
    println!(
        "## Peak heap per step (above the input, which the caller holds), × the plaintext message"
    );
    println!();
    println!(
        "| level | body | message | wire | protect req | verify req | protect reply | verify reply | worst |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (level, label, msg, wire, m) in mem_rows {
        let x = |b: usize| format!("{:.1} MB ({:.2}×)", b as f64 / 1e6, b as f64 / msg as f64);
        let worst = m.iter().copied().max().unwrap_or(0);
        println!(
            "| {} | {} | {:.1} MB | {:.1} MB | {} | {} | {} | {} | {:.2}× |",
            level.name(),
            label,
            msg as f64 / 1e6,
            wire as f64 / 1e6,
            x(m[0]),
            x(m[1]),
            x(m[2]),
            x(m[3]),
            worst as f64 / msg as f64
        );
    }
}

fn ms(t: Duration) -> f64 {
    t.as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| {
        args.iter()
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    };
    let benchmarking = has("--bench")
        && !has("--test")
        && !has("--list")
        && !has("--profile-time")
        && std::env::var_os("SOAPSEC_BENCH_NO_SUMMARY").is_none();
    let sizes: &[(usize, &str)] = if has("--bench") { &SIZES } else { &SIZES[..1] };

    let w = world();
    let floor = Floor::new();
    let mut cases = Vec::new();
    for level in [Level::EncryptAndSign, Level::Sign] {
        for &(len, label) in sizes {
            cases.push(w.case(level, len, label));
        }
    }

    let mut c = Criterion::default().configure_from_args();
    criterion_benches(&mut c, &w, &floor, &cases);
    c.final_summary();

    if benchmarking {
        report(&w, &floor, &cases);
    }
}
