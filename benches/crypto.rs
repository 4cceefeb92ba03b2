//! Sign, verify, encrypt and decrypt of whole SOAP envelopes, against the raw primitives.
//!
//! ```text
//! cargo bench --bench crypto
//! ```
//!
//! What it does, in order:
//!
//! 1. Generates SOAP 1.1 envelopes (with an empty `wsse:Security` header) whose `soap:Body` is
//!    4 KiB, 1 MiB and 16 MiB, in two shapes: `orders` (markup-dense: many small elements with
//!    attributes) and `text` (text-heavy: long paragraphs in few elements). They are written to
//!    `target/bench-data/crypto-*.xml`, with their signed and encrypted forms.
//! 2. Criterion groups `<op>/<shape>` for the four operations, each end to end from the
//!    envelope's bytes to the output document's bytes (parse included):
//!    - `sign`: rsa-sha256, exclusive C14N, one SHA-256 reference to the Body by `wsu:Id`,
//!      the `ds:Signature` appended to `wsse:Security` (key: `testdata/pki/client.key.pem`);
//!    - `verify`: the signed envelope, under the client certificate's key, and a check that
//!      the Body is what the signature references;
//!    - `encrypt`: the Body's content, AES-256-GCM, key transported with `xmlenc11#rsa-oaep`
//!      (SHA-256, MGF1-SHA256) to `testdata/pki/server.pem` (RSA 2048);
//!    - `decrypt`: the encrypted envelope, with `server.key.pem` in a `Keyring`.
//! 3. Criterion groups `primitive/<shape>` on the same Body bytes with no XML at all: SHA-256
//!    (ring, through `DigestAlgorithm`), AES-256-GCM seal and open (the `aes-gcm` crate), and
//!    `primitive/rsa2048` (through `soapsec::keys`): one PKCS#1 v1.5 SHA-256 signature and
//!    verification over the real canonical `SignedInfo`, one OAEP encryption and decryption of
//!    a 32-byte key.
//! 4. A Markdown summary: every cell timed again on the thread's on-CPU time (the machine is
//!    shared), the overhead over the crypto floor, and the targets of issue 4, item 8.
//!
//! Step 4 runs only under `cargo bench` (not `cargo test --benches`, `--list` or
//! `--profile-time`), and not when `SOAPSEC_BENCH_NO_SUMMARY` is set. Under `cargo test` only
//! the 4 KiB inputs are made.

mod common;
use common::thread_cpu_time;

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput};
use soapsec::algorithms::{DigestAlgorithm, Legacy};
use soapsec::c14n::{Algorithm, Subset, canonicalize_to_vec};
use soapsec::dsig::{
    Placement, ReferenceSpec, SignatureMethod, SignaturePolicy, SignatureSpec, VerificationKey,
};
use soapsec::keys::{Certificate, OaepParams, PrivateKey, PublicKey, SignatureAlgorithm};
use soapsec::xenc::{
    BlockAlgorithm, DecryptionPolicy, EncryptedType, Keyring, RecipientEncryption,
};
use soapsec::xml::{DSIG_NS, Document, Element, Limits, ParseOptions, WSU_NS, XENC_NS};

// ---------------------------------------------------------------------------------------------
// Inputs.

const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const WSSE_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;
const SIZES: [(usize, &str); 3] = [(4 * KIB, "4KiB"), (MIB, "1MiB"), (16 * MIB, "16MiB")];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Order lines: many small elements with attributes, short text.
    Orders,
    /// Long paragraphs: few elements, mostly character data.
    Text,
}

impl Shape {
    const ALL: [Shape; 2] = [Shape::Orders, Shape::Text];

    fn name(self) -> &'static str {
        match self {
            Shape::Orders => "orders",
            Shape::Text => "text",
        }
    }
}

/// xorshift64*: deterministic inputs from run to run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "the",
    "shipment",
    "of",
    "stainless",
    "steel",
    "bolts",
    "arrived",
    "on",
    "time",
    "and",
    "was",
    "inspected",
    "by",
    "the",
    "warehouse",
    "team",
    "&amp;",
    "quality",
    "control",
    "Stra\u{df}e",
    "\u{e9}tag\u{e8}re",
    "&lt;fragile&gt;",
    "invoice",
    "pending",
    "approval",
    "for",
    "delivery",
    "to",
    "dock",
    "seven",
    "before",
    "noon",
    "o'clock",
    "\"urgent\"",
];

fn words(rng: &mut Rng, out: &mut String, n: u64) {
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
}

fn order_line(rng: &mut Rng, out: &mut String, n: usize) {
    let cents = 50 + rng.below(99_950);
    let _ = write!(
        out,
        "\n      <ord:Line n=\"{n}\" sku=\"SKU-{:06}\" qty=\"{}\" price=\"{}.{:02}\" cur=\"{}\">\
         <ord:Desc>",
        rng.below(1_000_000),
        1 + rng.below(250),
        cents / 100,
        cents % 100,
        rng.pick(&["EUR", "USD", "GBP"]),
    );
    let len = 2 + rng.below(12);
    words(rng, out, len);
    let _ = write!(
        out,
        "</ord:Desc><ord:Delivery date=\"2025-{:02}-{:02}\" window=\"{}\"/></ord:Line>",
        1 + rng.below(12),
        1 + rng.below(28),
        rng.pick(&["AM", "PM", "any"]),
    );
}

/// A paragraph of 40 to 400 words, but about `room` bytes at most.
fn paragraph(rng: &mut Rng, out: &mut String, n: usize, room: usize) {
    let _ = write!(out, "\n      <doc:Para n=\"{n}\">");
    let len = (40 + rng.below(360)).min(room as u64 / 8 + 1);
    words(rng, out, len);
    out.push_str("</doc:Para>");
}

/// A SOAP 1.1 envelope whose `soap:Body` (start tag to end tag) is at least `body_bytes` long.
fn envelope(shape: Shape, body_bytes: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ body_bytes as u64);
    let mut s = String::with_capacity(body_bytes + 1024);
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <soap:Envelope xmlns:soap=\"{SOAP11_NS}\" xmlns:wsu=\"{WSU_NS}\">\n  <soap:Header>\n    \
         <wsse:Security xmlns:wsse=\"{WSSE_NS}\" soap:mustUnderstand=\"1\"></wsse:Security>\n  \
         </soap:Header>\n  "
    );
    let start = s.len();
    s.push_str("<soap:Body wsu:Id=\"Body-1\">");
    let (head, tail) = match shape {
        Shape::Orders => (
            "\n    <ord:SubmitOrder xmlns:ord=\"urn:example:orders:v2\">",
            "\n    </ord:SubmitOrder>\n  </soap:Body>",
        ),
        Shape::Text => (
            "\n    <doc:Report xmlns:doc=\"urn:example:docs:v1\" xml:lang=\"en\">",
            "\n    </doc:Report>\n  </soap:Body>",
        ),
    };
    s.push_str(head);
    let mut n = 1;
    while s.len() - start + tail.len() < body_bytes {
        match shape {
            Shape::Orders => order_line(&mut rng, &mut s, n),
            Shape::Text => {
                let room = body_bytes - (s.len() - start + tail.len());
                paragraph(&mut rng, &mut s, n, room)
            }
        }
        n += 1;
    }
    s.push_str(tail);
    s.push_str("\n</soap:Envelope>\n");
    s
}

fn options() -> ParseOptions {
    ParseOptions::with_limits(Limits::unbounded_for_trusted_input())
}

fn parse<'a>(text: &'a [u8], opts: &ParseOptions) -> Document<'a> {
    Document::parse_bytes(text, opts).expect("generated envelope parses")
}

fn child<'d>(parent: Element<'d>, ns: &str, local: &str) -> Element<'d> {
    parent
        .child_elements()
        .find(|e| e.is(ns, local))
        .unwrap_or_else(|| panic!("no {local} in {}", parent.qname()))
}

fn body<'d>(doc: &'d Document<'d>) -> Element<'d> {
    child(doc.root(), SOAP11_NS, "Body")
}

fn security<'d>(doc: &'d Document<'d>) -> Element<'d> {
    child(child(doc.root(), SOAP11_NS, "Header"), WSSE_NS, "Security")
}

struct Keys {
    signer: PrivateKey,
    signer_cert: Certificate,
    recipient_cert: Certificate,
    decryptor: Keyring,
    /// The recipient's private key again, for the raw OAEP decryption.
    recipient_key: PrivateKey,
}

fn pki(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/pki")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

impl Keys {
    fn load() -> Keys {
        let mut decryptor = Keyring::new();
        decryptor.add_private(None, PrivateKey::load(&pki("server.key.pem")).expect("key"));
        Keys {
            signer: PrivateKey::load(&pki("client.key.pem")).expect("client key"),
            signer_cert: Certificate::load(&pki("client.pem")).expect("client cert"),
            recipient_cert: Certificate::load(&pki("server.pem")).expect("server cert"),
            decryptor,
            recipient_key: PrivateKey::load(&pki("server.key.pem")).expect("server key"),
        }
    }

    fn verification_key(&self) -> &PublicKey {
        self.signer_cert.public_key().expect("RSA certificate")
    }

    fn recipient(&self) -> &PublicKey {
        self.recipient_cert.public_key().expect("RSA certificate")
    }
}

// ---------------------------------------------------------------------------------------------
// The four operations, bytes in, bytes out.

fn sign_envelope(text: &[u8], keys: &Keys, opts: &ParseOptions) -> usize {
    let doc = parse(text, opts);
    let spec =
        SignatureSpec::new(SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha256)).reference(
            ReferenceSpec::element(body(&doc).id(), DigestAlgorithm::Sha256),
        );
    let signed = soapsec::dsig::sign(
        &doc,
        &spec,
        (&keys.signer).into(),
        Placement::AppendChild(security(&doc).id()),
    )
    .expect("sign");
    black_box(signed.document.source().as_bytes()).len()
}

fn verify_envelope(text: &[u8], keys: &Keys, opts: &ParseOptions) -> usize {
    let doc = parse(text, opts);
    let signature = child(security(&doc), DSIG_NS, "Signature").id();
    let policy = SignaturePolicy::default();
    let verified = soapsec::dsig::verify(
        &doc,
        signature,
        &VerificationKey::Public(keys.verification_key()),
        &policy,
    )
    .expect("verify");
    assert!(verified.references_node(body(&doc).id()));
    verified.references().len()
}

fn encrypt_envelope(text: &[u8], keys: &Keys, opts: &ParseOptions) -> usize {
    let doc = parse(text, opts);
    let encrypted = soapsec::xenc::encrypt_for_recipient(
        &doc,
        body(&doc).id(),
        EncryptedType::Content,
        keys.recipient(),
        &RecipientEncryption::default(),
    )
    .expect("encrypt");
    black_box(encrypted.source().as_bytes()).len()
}

fn decrypt_envelope(text: &[u8], keys: &Keys, opts: &ParseOptions) -> usize {
    let doc = parse(text, opts);
    let ed = child(body(&doc), XENC_NS, "EncryptedData").id();
    let policy = DecryptionPolicy::only(BlockAlgorithm::Aes256Gcm, Legacy::NONE);
    let decrypted = soapsec::xenc::decrypt(&doc, ed, &keys.decryptor, &policy).expect("decrypt");
    black_box(decrypted.document.source().as_bytes()).len()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Sign,
    Verify,
    Encrypt,
    Decrypt,
}

impl Op {
    const ALL: [Op; 4] = [Op::Sign, Op::Verify, Op::Encrypt, Op::Decrypt];

    fn name(self) -> &'static str {
        match self {
            Op::Sign => "sign",
            Op::Verify => "verify",
            Op::Encrypt => "encrypt",
            Op::Decrypt => "decrypt",
        }
    }

    fn input(self, input: &Input) -> &[u8] {
        match self {
            Op::Sign | Op::Encrypt => &input.plain,
            Op::Verify => &input.signed,
            Op::Decrypt => &input.encrypted,
        }
    }

    fn run(self, text: &[u8], keys: &Keys, opts: &ParseOptions) -> usize {
        match self {
            Op::Sign => sign_envelope(text, keys, opts),
            Op::Verify => verify_envelope(text, keys, opts),
            Op::Encrypt => encrypt_envelope(text, keys, opts),
            Op::Decrypt => decrypt_envelope(text, keys, opts),
        }
    }
}

struct Input {
    shape: Shape,
    label: &'static str,
    plain: Vec<u8>,
    signed: Vec<u8>,
    encrypted: Vec<u8>,
    /// The Body element's bytes: what the primitives run over, and the unit of every MB/s.
    body: Vec<u8>,
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn prepare(sizes: &[(usize, &'static str)], keys: &Keys) -> Vec<Input> {
    let dir = target_dir().join("bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let opts = options();
    let mut inputs = Vec::new();
    for shape in Shape::ALL {
        for &(size, label) in sizes {
            let plain = envelope(shape, size).into_bytes();
            let doc = parse(&plain, &opts);
            let body_bytes = plain[body(&doc).span()].to_vec();
            let spec =
                SignatureSpec::new(SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha256))
                    .reference(ReferenceSpec::element(
                        body(&doc).id(),
                        DigestAlgorithm::Sha256,
                    ));
            let signed = soapsec::dsig::sign(
                &doc,
                &spec,
                (&keys.signer).into(),
                Placement::AppendChild(security(&doc).id()),
            )
            .expect("sign")
            .document
            .source()
            .as_bytes()
            .to_vec();
            let encrypted = soapsec::xenc::encrypt_for_recipient(
                &doc,
                body(&doc).id(),
                EncryptedType::Content,
                keys.recipient(),
                &RecipientEncryption::default(),
            )
            .expect("encrypt")
            .source()
            .as_bytes()
            .to_vec();
            drop(doc);
            // The round trip is exact: decryption gives back the original envelope.
            let enc_doc = parse(&encrypted, &opts);
            let ed = child(body(&enc_doc), XENC_NS, "EncryptedData").id();
            let back = soapsec::xenc::decrypt(
                &enc_doc,
                ed,
                &keys.decryptor,
                &DecryptionPolicy::only(BlockAlgorithm::Aes256Gcm, Legacy::NONE),
            )
            .expect("decrypt");
            assert!(back.document.source().as_bytes() == plain.as_slice());
            drop(back);
            drop(enc_doc);
            verify_envelope(&signed, keys, &opts);

            let stem = format!("crypto-{}-{label}", shape.name());
            for (suffix, bytes) in [
                ("", &plain),
                (".signed", &signed),
                (".encrypted", &encrypted),
            ] {
                std::fs::write(dir.join(format!("{stem}{suffix}.xml")), bytes)
                    .expect("write bench input");
            }
            inputs.push(Input {
                shape,
                label,
                plain,
                signed,
                encrypted,
                body: body_bytes,
            });
        }
    }
    inputs
}

// ---------------------------------------------------------------------------------------------
// The primitives, on the same bytes.

struct Primitives {
    gcm: Aes256Gcm,
    nonce: [u8; 12],
    oaep: OaepParams,
    /// The canonical `SignedInfo` of a real signature (what the RSA signature covers).
    signed_info: Vec<u8>,
    signature: Vec<u8>,
    session_key: [u8; 32],
    wrapped_key: Vec<u8>,
}

impl Primitives {
    fn new(keys: &Keys, signed_envelope: &[u8]) -> Primitives {
        let opts = options();
        let doc = parse(signed_envelope, &opts);
        let sig = child(security(&doc), DSIG_NS, "Signature");
        let si = child(sig, DSIG_NS, "SignedInfo").id();
        let signed_info = canonicalize_to_vec(&doc, Algorithm::Exclusive, &[], Subset::subtree(si))
            .expect("c14n of SignedInfo");
        let signature = keys
            .signer
            .sign(SignatureAlgorithm::RsaSha256, &signed_info)
            .expect("rsa sign");
        let oaep = OaepParams::sha256_mgf1_sha256();
        let session_key = [0x5a; 32];
        let wrapped_key = keys
            .recipient()
            .rsa_oaep_encrypt(&oaep, &session_key)
            .expect("oaep encrypt");
        Primitives {
            gcm: Aes256Gcm::new_from_slice(&[0x42; 32]).expect("32-byte key"),
            nonce: [7; 12],
            oaep,
            signed_info,
            signature,
            session_key,
            wrapped_key,
        }
    }

    fn sha256(&self, data: &[u8]) -> usize {
        DigestAlgorithm::Sha256.digest(data).len()
    }

    fn seal(&self, data: &[u8]) -> Vec<u8> {
        self.gcm
            .encrypt(Nonce::from_slice(&self.nonce), data)
            .expect("seal")
    }

    fn open(&self, sealed: &[u8]) -> usize {
        self.gcm
            .decrypt(Nonce::from_slice(&self.nonce), sealed)
            .expect("open")
            .len()
    }

    fn rsa(&self, op: RsaOp, keys: &Keys) -> usize {
        match op {
            RsaOp::Sign => keys
                .signer
                .sign(SignatureAlgorithm::RsaSha256, &self.signed_info)
                .expect("rsa sign")
                .len(),
            RsaOp::Verify => {
                keys.verification_key()
                    .verify(
                        SignatureAlgorithm::RsaSha256,
                        &self.signed_info,
                        &self.signature,
                    )
                    .expect("rsa verify");
                0
            }
            RsaOp::OaepEncrypt => keys
                .recipient()
                .rsa_oaep_encrypt(&self.oaep, &self.session_key)
                .expect("oaep encrypt")
                .len(),
            RsaOp::OaepDecrypt => keys
                .recipient_key
                .rsa_oaep_decrypt(&self.oaep, &self.wrapped_key)
                .expect("oaep decrypt")
                .len(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RsaOp {
    Sign,
    Verify,
    OaepEncrypt,
    OaepDecrypt,
}

impl RsaOp {
    const ALL: [RsaOp; 4] = [
        RsaOp::Sign,
        RsaOp::Verify,
        RsaOp::OaepEncrypt,
        RsaOp::OaepDecrypt,
    ];

    fn name(self) -> &'static str {
        match self {
            RsaOp::Sign => "pkcs1-sha256-sign",
            RsaOp::Verify => "pkcs1-sha256-verify",
            RsaOp::OaepEncrypt => "oaep-sha256-encrypt",
            RsaOp::OaepDecrypt => "oaep-sha256-decrypt",
        }
    }

    /// The one RSA operation each XML operation does.
    fn of(op: Op) -> RsaOp {
        match op {
            Op::Sign => RsaOp::Sign,
            Op::Verify => RsaOp::Verify,
            Op::Encrypt => RsaOp::OaepEncrypt,
            Op::Decrypt => RsaOp::OaepDecrypt,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bulk {
    Sha256,
    Seal,
    Open,
}

impl Bulk {
    const ALL: [Bulk; 3] = [Bulk::Sha256, Bulk::Seal, Bulk::Open];

    fn name(self) -> &'static str {
        match self {
            Bulk::Sha256 => "sha256",
            Bulk::Seal => "aes256gcm-seal",
            Bulk::Open => "aes256gcm-open",
        }
    }

    /// The bulk primitive each XML operation must do over the Body.
    fn of(op: Op) -> Bulk {
        match op {
            Op::Sign | Op::Verify => Bulk::Sha256,
            Op::Encrypt => Bulk::Seal,
            Op::Decrypt => Bulk::Open,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Criterion.

fn configure(group: &mut BenchmarkGroup<'_, WallTime>, len: usize) {
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300));
    if len >= 16 * MIB {
        group
            .sampling_mode(SamplingMode::Flat)
            .measurement_time(Duration::from_millis(1500));
    } else if len >= MIB {
        group
            .sampling_mode(SamplingMode::Flat)
            .measurement_time(Duration::from_millis(1000));
    } else {
        group
            .sampling_mode(SamplingMode::Auto)
            .measurement_time(Duration::from_millis(800));
    }
}

fn criterion_benches(c: &mut Criterion, inputs: &[Input], keys: &Keys, prims: &Primitives) {
    let opts = options();
    for op in Op::ALL {
        for shape in Shape::ALL {
            let mut group = c.benchmark_group(format!("{}/{}", op.name(), shape.name()));
            for input in inputs.iter().filter(|i| i.shape == shape) {
                configure(&mut group, input.body.len());
                group.throughput(Throughput::Bytes(input.body.len() as u64));
                group.bench_with_input(
                    BenchmarkId::from_parameter(input.label),
                    op.input(input),
                    |b, text| b.iter(|| op.run(black_box(text), keys, &opts)),
                );
            }
            group.finish();
        }
    }
    for shape in Shape::ALL {
        let mut group = c.benchmark_group(format!("primitive/{}", shape.name()));
        for input in inputs.iter().filter(|i| i.shape == shape) {
            configure(&mut group, input.body.len());
            group.throughput(Throughput::Bytes(input.body.len() as u64));
            let sealed = prims.seal(&input.body);
            for bulk in Bulk::ALL {
                let id = BenchmarkId::new(bulk.name(), input.label);
                group.bench_function(id, |b| {
                    b.iter(|| match bulk {
                        Bulk::Sha256 => prims.sha256(black_box(&input.body)),
                        Bulk::Seal => prims.seal(black_box(&input.body)).len(),
                        Bulk::Open => prims.open(black_box(&sealed)),
                    })
                });
            }
        }
        group.finish();
    }
    let mut group = c.benchmark_group("primitive/rsa2048");
    configure(&mut group, 0);
    for op in RsaOp::ALL {
        group.bench_function(op.name(), |b| b.iter(|| prims.rsa(op, keys)));
    }
    group.finish();
}

// ---------------------------------------------------------------------------------------------
// Summary on on-CPU time.

/// Mean on-CPU time of one run of `f` (wall time if schedstat is unreadable): one warm-up run,
/// then at least 5 runs and at least `min_time`.
fn time_it(min_time: Duration, f: impl FnMut()) -> Duration {
    common::time_it(5, min_time, f).best()
}

/// Share of `op`'s on-CPU time spent outside its RSA operation, measured in 15 rounds that
/// each time a batch of `op` and then a batch of the bare RSA operation, so that drift in the
/// machine's load hits both alike; the median over the rounds.
fn non_rsa_share(mut op: impl FnMut(), mut rsa: impl FnMut()) -> f64 {
    let batch = |f: &mut dyn FnMut()| {
        let cpu0 = thread_cpu_time();
        let start = Instant::now();
        let mut reps = 0u32;
        while reps < 3 || start.elapsed() < Duration::from_millis(25) {
            f();
            reps += 1;
        }
        let wall = start.elapsed();
        let t = match (cpu0, thread_cpu_time()) {
            (Some(a), Some(b)) if b > a => b - a,
            _ => wall,
        };
        t.as_secs_f64() / f64::from(reps)
    };
    op();
    rsa();
    let mut shares: Vec<f64> = (0..15)
        .map(|_| {
            let total = batch(&mut op);
            let r = batch(&mut rsa);
            1.0 - r / total
        })
        .collect();
    shares.sort_by(f64::total_cmp);
    shares[shares.len() / 2]
}

fn min_time(len: usize) -> Duration {
    if len >= 16 * MIB {
        Duration::from_millis(1200)
    } else {
        Duration::from_millis(400)
    }
}

fn mbps(bytes: usize, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64()
}

fn fmt_time(t: Duration) -> String {
    let us = t.as_secs_f64() * 1e6;
    if us >= 10_000.0 {
        format!("{:.1} ms", us / 1000.0)
    } else if us >= 1000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{us:.1} µs")
    }
}

struct Cell {
    shape: Shape,
    label: &'static str,
    body_len: usize,
    op: Op,
    total: Duration,
    bulk: Duration,
    /// At 4 KiB only: share of the time outside the RSA operation (paired measurement).
    non_rsa: Option<f64>,
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{model}, {cpus} CPUs available")
}

fn verdict(ok: bool) -> &'static str {
    if ok { "**met**" } else { "**missed**" }
}

fn summary(inputs: &[Input], keys: &Keys, prims: &Primitives) -> String {
    let opts = options();
    let rsa: Vec<(RsaOp, Duration)> = RsaOp::ALL
        .iter()
        .map(|&r| {
            let t = time_it(Duration::from_millis(600), || {
                black_box(prims.rsa(r, keys));
            });
            (r, t)
        })
        .collect();
    let rsa_time = |r: RsaOp| {
        rsa.iter()
            .find(|(x, _)| *x == r)
            .map_or(Duration::ZERO, |x| x.1)
    };

    let mut cells = Vec::new();
    for input in inputs {
        let n = input.body.len();
        let sealed = prims.seal(&input.body);
        let bulk: Vec<(Bulk, Duration)> = Bulk::ALL
            .iter()
            .map(|&b| {
                let t = time_it(min_time(n), || {
                    black_box(match b {
                        Bulk::Sha256 => prims.sha256(black_box(&input.body)),
                        Bulk::Seal => prims.seal(black_box(&input.body)).len(),
                        Bulk::Open => prims.open(black_box(&sealed)),
                    });
                });
                (b, t)
            })
            .collect();
        for op in Op::ALL {
            let text = op.input(input);
            let total = time_it(min_time(n), || {
                black_box(op.run(black_box(text), keys, &opts));
            });
            let b = Bulk::of(op);
            let non_rsa = (n <= 64 * KIB).then(|| {
                non_rsa_share(
                    || {
                        black_box(op.run(black_box(text), keys, &opts));
                    },
                    || {
                        black_box(prims.rsa(RsaOp::of(op), keys));
                    },
                )
            });
            cells.push(Cell {
                shape: input.shape,
                label: input.label,
                body_len: n,
                op,
                total,
                bulk: bulk
                    .iter()
                    .find(|(x, _)| *x == b)
                    .map_or(Duration::ZERO, |x| x.1),
                non_rsa,
            });
        }
    }

    let mut md = String::new();
    let _ = writeln!(md, "Machine: {}.\n", machine());
    let _ = writeln!(
        md,
        "MB/s = 10^6 bytes of the `soap:Body` element per second of on-CPU time of the \
         benchmark thread (mean over >= 5 runs after a warm-up run; criterion's figures above \
         are wall-clock, in MiB/s). Each operation goes from the envelope's bytes to the output \
         document's bytes, parse included. Floor = the primitives the operation cannot avoid, \
         timed in the same run on the same Body bytes: sign = SHA-256(Body) + RSA sign \
         (which hashes the canonical `SignedInfo`); verify = SHA-256(Body) + RSA verify; \
         encrypt = AES-256-GCM seal(Body) + RSA-OAEP encrypt; decrypt = AES-256-GCM \
         open(Body) + RSA-OAEP decrypt. Overhead = operation time / floor time. Non-RSA share \
         = (operation time - its one RSA operation) / operation time; at 4 KiB it is the \
         median of 15 paired rounds (a batch of the operation, then a batch of the bare RSA \
         operation), which cancels most of the drift of a shared machine.\n"
    );
    let _ = writeln!(
        md,
        "| shape | body | op | time | MB/s | floor | floor MB/s | overhead | non-RSA share |"
    );
    let _ = writeln!(md, "|---|---:|---|---:|---:|---:|---:|---:|---:|");
    for c in &cells {
        let r = rsa_time(RsaOp::of(c.op));
        let floor = c.bulk + r;
        let non_rsa = c
            .non_rsa
            .unwrap_or_else(|| 1.0 - r.as_secs_f64() / c.total.as_secs_f64());
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {:.0} | {} | {:.0} | {:.2}x | {:.1}% |",
            c.shape.name(),
            c.label,
            c.op.name(),
            fmt_time(c.total),
            mbps(c.body_len, c.total),
            fmt_time(floor),
            mbps(c.body_len, floor),
            c.total.as_secs_f64() / floor.as_secs_f64(),
            100.0 * non_rsa,
        );
    }

    let _ = writeln!(md, "\nPrimitives (on-CPU):\n");
    let _ = writeln!(md, "| primitive | time | throughput |");
    let _ = writeln!(md, "|---|---:|---:|");
    for (r, t) in &rsa {
        let _ = writeln!(
            md,
            "| RSA-2048 {} | {} | {:.0} ops/s |",
            r.name(),
            fmt_time(*t),
            1.0 / t.as_secs_f64()
        );
    }
    for input in inputs.iter().filter(|i| i.shape == Shape::Orders) {
        for b in Bulk::ALL {
            if let Some(c) = cells
                .iter()
                .find(|c| c.shape == input.shape && c.label == input.label && Bulk::of(c.op) == b)
            {
                let _ = writeln!(
                    md,
                    "| {} over {} | {} | {:.0} MB/s |",
                    b.name(),
                    input.label,
                    fmt_time(c.bulk),
                    mbps(c.body_len, c.bulk)
                );
            }
        }
    }

    let _ = writeln!(md, "\nTargets (issue 4, item 8):\n");
    for shape in Shape::ALL {
        let at = |label: &'static str| {
            cells
                .iter()
                .filter(move |c| c.shape == shape && c.label == label)
        };
        let speeds: Vec<String> = at("16MiB")
            .map(|c| {
                let s = mbps(c.body_len, c.total);
                format!("{} {s:.0} MB/s ({})", c.op.name(), verdict(s >= 400.0))
            })
            .collect();
        if !speeds.is_empty() {
            let _ = writeln!(
                md,
                "- `{}` at 16 MiB, each operation >= 400 MB/s: {}.",
                shape.name(),
                speeds.join(", ")
            );
        }
        let shares: Vec<String> = at("4KiB")
            .map(|c| {
                let share = c.non_rsa.unwrap_or(f64::NAN);
                format!(
                    "{} {:.1}% ({})",
                    c.op.name(),
                    100.0 * share,
                    verdict(share <= 0.10)
                )
            })
            .collect();
        let _ = writeln!(
            md,
            "- `{}` at 4 KiB, time outside the RSA operation <= 10%: {}.",
            shape.name(),
            shares.join(", ")
        );
    }
    md
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

    let started = Instant::now();
    let keys = Keys::load();
    let inputs = prepare(sizes, &keys);
    let prims = Primitives::new(&keys, &inputs[0].signed);
    eprintln!("inputs ready in {:.1} s", started.elapsed().as_secs_f64());

    // No plots: they cost more than the measurements at these sample sizes.
    let mut c = Criterion::default()
        .without_plots()
        .nresamples(20_000)
        .configure_from_args();
    criterion_benches(&mut c, &inputs, &keys, &prims);
    c.final_summary();
    eprintln!("criterion done at {:.1} s", started.elapsed().as_secs_f64());

    if benchmarking {
        let md = summary(&inputs, &keys, &prims);
        eprintln!("summary done at {:.1} s", started.elapsed().as_secs_f64());
        println!("\n## soapsec crypto benchmark summary\n\n{md}");
        let path = target_dir().join("bench-data/crypto-summary.md");
        if std::fs::write(&path, &md).is_ok() {
            println!("(also written to {})", path.display());
        }
    }
}
