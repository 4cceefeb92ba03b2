//! Parse and exclusive-C14N throughput, peak heap, and a libxml2 reference line.
//!
//! ```text
//! cargo bench --bench xml
//! ```
//!
//! What it does, in order:
//!
//! 1. Generates SOAP 1.1 envelopes with 1 KiB, 64 KiB, 1 MiB and 16 MiB bodies in two shapes
//!    (`orders`: many small elements, attributes, escapes; `cipher`: one large base64
//!    `xenc:CipherValue`) and writes them to `target/bench-data/`.
//! 2. Runs the criterion groups `parse/<shape>` and `parse+exc-c14n/<shape>` (the Body
//!    subtree, exclusive C14N without comments, into a sink that discards the bytes).
//! 3. Times the same operations once more with the method the reference script uses (median
//!    of repeated runs), runs `benches/libxml2_reference.py` (python `lxml`, which bundles
//!    libxml2) on the same files, and prints the soapsec/libxml2 ratio per size.
//! 4. Measures peak heap of parse + C14N with the counting allocator below, relative to the
//!    input size, and prints a Markdown summary against the targets of the XML-core issue.
//!
//! Steps 3 and 4 run only under `cargo bench` (not `cargo test --benches`, `--list` or
//! `--profile-time`), and not when `SOAPSEC_BENCH_NO_SUMMARY` is set (useful with a filter,
//! e.g. `cargo bench --bench xml -- orders/16MiB`). Set `SOAPSEC_BENCH_PYTHON` to choose the interpreter (default
//! `python3`); if it or `lxml` is missing, one line says the reference did not run.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use sha2::{Digest, Sha256};
use soapsec::c14n::{Algorithm, FnSink, Subset, canonicalize};
use soapsec::xml::{Document, Element, Limits, ParseOptions};

// ---------------------------------------------------------------------------------------------
// Counting allocator: current and peak live heap bytes of the whole process.

mod common;
use common::{Timing, mb_per_s, time_it};

#[global_allocator]
static GLOBAL: common::Counting = common::Counting;

/// Peak heap growth (bytes above the live heap at the start) while `f` runs, and the number
/// of allocations it made.
fn peak_heap_during<R>(f: impl FnOnce() -> R) -> (usize, usize, R) {
    let (r, peak, allocations) = common::heap_during(f);
    (peak, allocations, r)
}

// ---------------------------------------------------------------------------------------------
// Generated envelopes.

const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const WSA_NS: &str = "http://www.w3.org/2005/08/addressing";
const WSU_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;
const SIZES: [(usize, &str); 4] = [
    (KIB, "1KiB"),
    (64 * KIB, "64KiB"),
    (MIB, "1MiB"),
    (16 * MIB, "16MiB"),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Order lines: many small elements, attributes, text of varied length, escapes.
    Orders,
    /// One `xenc:EncryptedData` whose `CipherValue` is a single large base64 text node.
    Cipher,
}

impl Shape {
    const ALL: [Shape; 2] = [Shape::Orders, Shape::Cipher];

    fn name(self) -> &'static str {
        match self {
            Shape::Orders => "orders",
            Shape::Cipher => "cipher",
        }
    }
}

/// splitmix64: deterministic, so every run (and the reference script) sees the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "stainless",
    "steel",
    "bolt",
    "washer",
    "M8",
    "hex",
    "zinc-plated",
    "pack",
    "of",
    "100",
    "industrial",
    "grade",
    "bracket",
    "&amp;",
    "corner",
    "\u{e9}tag\u{e8}re",
    "Stra\u{df}e",
    "&lt;fragile&gt;",
    "\"heavy\"",
    "o'clock",
    "5&#x25;",
    "&#233;",
    "for",
    "outdoor",
    "use",
];

fn words(rng: &mut Rng, out: &mut String, n: usize) {
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
}

fn order_line(rng: &mut Rng, out: &mut String, n: usize) {
    let qty = 1 + rng.below(250);
    let cents = 50 + rng.below(99_950);
    let currency = rng.pick(&["EUR", "USD", "GBP", "CHF"]);
    let _ = write!(
        out,
        "\n      <ord:Line number=\"{n}\" sku=\"SKU-{:06}\" qty=\"{qty}\" unitPrice=\"{}.{:02}\" \
         currency=\"{currency}\" taxable=\"{}\">",
        rng.below(1_000_000),
        cents / 100,
        cents % 100,
        rng.below(2) == 1,
    );
    out.push_str("\n        <ord:Description>");
    let len = 2 + rng.below(30) as usize;
    words(rng, out, len);
    out.push_str("</ord:Description>");
    let _ = write!(
        out,
        "\n        <ord:Delivery date=\"2025-{:02}-{:02}\" window=\"{}\" note=\"gate &amp; dock {}\"/>",
        1 + rng.below(12),
        1 + rng.below(28),
        rng.pick(&["AM", "PM", "any"]),
        rng.below(40),
    );
    if rng.below(3) == 0 {
        out.push_str("\n        <ord:Options>");
        for _ in 0..1 + rng.below(4) {
            let name = rng.pick(&["color", "finish", "length", "thread", "grade"]);
            let _ = write!(out, "<ord:Option name=\"{name}\">");
            let len = 1 + rng.below(3) as usize;
            words(rng, out, len);
            out.push_str("</ord:Option>");
        }
        out.push_str("</ord:Options>");
    }
    if rng.below(4) == 0 {
        out.push_str("\n        <ord:Note xml:lang=\"en\">");
        let len = 10 + rng.below(80) as usize;
        words(rng, out, len);
        out.push_str("</ord:Note>");
    }
    out.push_str("\n      </ord:Line>");
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 of random bytes, broken every 76 characters as xmlsec and WCF emit it.
fn base64_text(rng: &mut Rng, out: &mut String, chars: usize) {
    let mut line = 0;
    for _ in 0..chars / 4 {
        let v = rng.next();
        for k in 0..4 {
            out.push(BASE64[((v >> (6 * k)) & 63) as usize] as char);
        }
        line += 4;
        if line == 76 {
            out.push('\n');
            line = 0;
        }
    }
}

/// A SOAP 1.1 envelope whose `soap:Body` element is at least `body_bytes` long (and at most
/// one order line longer).
fn envelope(shape: Shape, body_bytes: usize) -> String {
    let mut rng = Rng(0x5EED ^ body_bytes as u64);
    let mut s = String::with_capacity(body_bytes + 2048);
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <soap:Envelope xmlns:soap=\"{SOAP11_NS}\" xmlns:wsa=\"{WSA_NS}\" xmlns:wsu=\"{WSU_NS}\">\n  \
         <soap:Header>\n    \
         <wsa:Action soap:mustUnderstand=\"1\">urn:example:orders/OrderService/SubmitOrder</wsa:Action>\n    \
         <wsa:MessageID>urn:uuid:{:08x}-4f1c-4a8e-9d2b-{:012x}</wsa:MessageID>\n    \
         <wsa:To soap:mustUnderstand=\"1\">https://orders.example.com/OrderService.svc</wsa:To>\n    \
         <wsa:ReplyTo>\n      <wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address>\n    </wsa:ReplyTo>\n  \
         </soap:Header>\n  ",
        rng.below(1 << 32),
        rng.below(1 << 48),
    );
    let body_start = s.len();
    s.push_str("<soap:Body wsu:Id=\"Body-1\">");
    match shape {
        Shape::Orders => {
            s.push_str(
                "\n    <ord:SubmitOrder xmlns:ord=\"urn:example:orders:v2\" \
                 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n      \
                 <ord:Customer id=\"C-10042\" tier=\"gold\">\
                 <ord:Name>Ach &amp; M\u{fc}ller GmbH</ord:Name>\
                 <ord:Email>purchasing@example.com</ord:Email>\
                 <ord:Reference xsi:nil=\"true\"/></ord:Customer>",
            );
            let tail = "\n    </ord:SubmitOrder>\n  </soap:Body>";
            let mut n = 1;
            while s.len() - body_start + tail.len() < body_bytes {
                order_line(&mut rng, &mut s, n);
                n += 1;
            }
            s.push_str(tail);
        }
        Shape::Cipher => {
            let head = "\n    <xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" \
                        Id=\"ED-1\" Type=\"http://www.w3.org/2001/04/xmlenc#Content\">\n      \
                        <xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2009/xmlenc11#aes256-gcm\"/>\n      \
                        <ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\
                        <wsse:SecurityTokenReference xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\">\
                        <wsse:Reference URI=\"#EK-1\"/></wsse:SecurityTokenReference></ds:KeyInfo>\n      \
                        <xenc:CipherData>\n        <xenc:CipherValue>";
            let tail = "</xenc:CipherValue>\n      </xenc:CipherData>\n    \
                        </xenc:EncryptedData>\n  </soap:Body>";
            s.push_str(head);
            let used = s.len() - body_start + tail.len();
            // 4 characters of base64 per group and one '\n' per 19 groups: 77 bytes per 19.
            let groups = (body_bytes.saturating_sub(used) * 19).div_ceil(77);
            base64_text(&mut rng, &mut s, groups * 4);
            s.push_str(tail);
        }
    }
    s.push_str("\n</soap:Envelope>\n");
    s
}

struct Input {
    shape: Shape,
    label: &'static str,
    path: PathBuf,
    text: String,
    body_len: usize,
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn options() -> ParseOptions {
    ParseOptions::with_limits(Limits::unbounded_for_trusted_input())
}

fn body<'d>(doc: &'d Document<'d>) -> Element<'d> {
    doc.root()
        .child_elements()
        .find(|e| e.is(SOAP11_NS, "Body"))
        .expect("generated envelope has a Body")
}

/// Parse, then exclusive C14N of the Body into a sink that only counts; returns the count.
fn parse_and_c14n(text: &str, opts: &ParseOptions) -> usize {
    let doc = Document::parse_with(text, opts).expect("generated envelope parses");
    let apex = body(&doc).id();
    let mut n = 0usize;
    let mut sink = FnSink(|b: &[u8]| n += black_box(b).len());
    canonicalize(
        &doc,
        Algorithm::Exclusive,
        &[],
        Subset::subtree(apex),
        &mut sink,
    )
    .expect("c14n");
    n
}

fn prepare(sizes: &[(usize, &'static str)]) -> Vec<Input> {
    let dir = target_dir().join("bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let opts = options();
    let mut inputs = Vec::new();
    for shape in Shape::ALL {
        for &(size, label) in sizes {
            let text = envelope(shape, size);
            let path = dir.join(format!("{}-{label}.xml", shape.name()));
            std::fs::write(&path, &text).expect("write bench input");
            let doc = Document::parse_with(&text, &opts).expect("generated envelope parses");
            let body_len = body(&doc).span().len();
            drop(doc);
            inputs.push(Input {
                shape,
                label,
                path,
                text,
                body_len,
            });
        }
    }
    inputs
}

// ---------------------------------------------------------------------------------------------
// Criterion.

fn configure(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    len: usize,
) {
    if len >= MIB {
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
    } else {
        group
            .sample_size(30)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(1));
    }
}

fn criterion_benches(c: &mut Criterion, inputs: &[Input]) {
    let opts = options();
    for shape in Shape::ALL {
        let mut group = c.benchmark_group(format!("parse/{}", shape.name()));
        for input in inputs.iter().filter(|i| i.shape == shape) {
            configure(&mut group, input.text.len());
            group.throughput(Throughput::Bytes(input.text.len() as u64));
            group.bench_with_input(
                BenchmarkId::from_parameter(input.label),
                input.text.as_str(),
                |b, text| {
                    b.iter(|| {
                        let doc = Document::parse_with(black_box(text), &opts).expect("parses");
                        doc.node_count()
                    })
                },
            );
        }
        group.finish();

        let mut group = c.benchmark_group(format!("parse+exc-c14n/{}", shape.name()));
        for input in inputs.iter().filter(|i| i.shape == shape) {
            configure(&mut group, input.text.len());
            group.throughput(Throughput::Bytes(input.text.len() as u64));
            group.bench_with_input(
                BenchmarkId::from_parameter(input.label),
                input.text.as_str(),
                |b, text| b.iter(|| parse_and_c14n(black_box(text), &opts)),
            );
        }
        group.finish();
    }
}

// ---------------------------------------------------------------------------------------------
// Summary: the same timing method as the reference script, the reference, peak heap.

const MIN_REPS: usize = 5;
const MIN_TIME: Duration = Duration::from_millis(1000);

struct Row {
    parse: Timing,
    parse_c14n: Timing,
    c14n_sha256: String,
    /// Peak heap above the loaded input: parse only, parse + C14N into a discarding sink,
    /// parse + `canonicalize_to_vec`.
    heap_parse: usize,
    heap_c14n: usize,
    heap_c14n_vec: usize,
    allocations: usize,
    reference: Option<Reference>,
}

struct Reference {
    parse_mbps: f64,
    parse_c14n_mbps: f64,
    parse_cpu_mbps: Option<f64>,
    parse_c14n_cpu_mbps: Option<f64>,
    sha256: String,
    rss_delta: Option<u64>,
    version: String,
}

impl Reference {
    fn best_parse_c14n(&self) -> f64 {
        self.parse_c14n_cpu_mbps.unwrap_or(self.parse_c14n_mbps)
    }
}

fn measure(input: &Input) -> Row {
    let opts = options();
    let text = input.text.as_str();
    let parse = time_it(MIN_REPS, MIN_TIME, || {
        black_box(Document::parse_with(black_box(text), &opts).expect("parses"));
    });
    let parse_c14n = time_it(MIN_REPS, MIN_TIME, || {
        black_box(parse_and_c14n(black_box(text), &opts));
    });

    let (heap_parse, _, ()) = peak_heap_during(|| {
        black_box(Document::parse_with(text, &opts).expect("parses"));
    });
    let (heap_c14n, allocations, _) = peak_heap_during(|| parse_and_c14n(text, &opts));
    let (heap_c14n_vec, _, canonical) = peak_heap_during(|| {
        let doc = Document::parse_with(text, &opts).expect("parses");
        let apex = body(&doc).id();
        soapsec::c14n::canonicalize_to_vec(&doc, Algorithm::Exclusive, &[], Subset::subtree(apex))
            .expect("c14n")
    });
    Row {
        parse,
        parse_c14n,
        c14n_sha256: hex(&Sha256::digest(&canonical)),
        heap_parse,
        heap_c14n,
        heap_c14n_vec,
        allocations,
        reference: None,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Run the lxml script on every input; `Err` says why the reference line did not run.
fn run_reference(inputs: &[Input]) -> Result<Vec<Reference>, String> {
    let python = std::env::var("SOAPSEC_BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/libxml2_reference.py");
    let out = Command::new(&python)
        .arg(&script)
        .args(["--min-reps", &MIN_REPS.to_string()])
        .args(["--min-time", &MIN_TIME.as_secs_f64().to_string()])
        .args(inputs.iter().map(|i| &i.path))
        .output()
        .map_err(|e| format!("could not start `{python}`: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(format!("`{python} {}` failed: {last}", script.display()));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let results: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let mut refs = Vec::new();
    for input in inputs {
        let path = input.path.to_string_lossy();
        let v = results
            .iter()
            .find(|v| v["file"].as_str() == Some(&path))
            .ok_or_else(|| format!("no result for {path} from the reference script"))?;
        refs.push(Reference {
            parse_mbps: v["parse_mbps"].as_f64().unwrap_or(f64::NAN),
            parse_c14n_mbps: v["parse_c14n_mbps"].as_f64().unwrap_or(f64::NAN),
            parse_cpu_mbps: v["parse_cpu_mbps"].as_f64(),
            parse_c14n_cpu_mbps: v["parse_c14n_cpu_mbps"].as_f64(),
            sha256: v["c14n_sha256"].as_str().unwrap_or("").to_string(),
            rss_delta: v["rss_delta_bytes"].as_u64(),
            version: format!(
                "libxml2 {} via lxml {}",
                v["libxml2"].as_str().unwrap_or("?"),
                v["lxml"].as_str().unwrap_or("?")
            ),
        });
    }
    Ok(refs)
}

fn human(bytes: usize) -> String {
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{:.1} KiB", bytes as f64 / KIB as f64)
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "**met**" } else { "**missed**" }
}

/// "CPU (wall)" MB/s.
fn speeds(len: usize, t: Timing) -> String {
    match t.cpu {
        Some(cpu) => format!("{:.0} ({:.0})", mb_per_s(len, cpu), mb_per_s(len, t.wall)),
        None => format!("n/a ({:.0})", mb_per_s(len, t.wall)),
    }
}

fn summary(inputs: &[Input], rows: &[Row], reference_note: Option<&str>) -> String {
    let mut md = String::new();
    let version = rows
        .iter()
        .find_map(|r| r.reference.as_ref().map(|r| r.version.clone()))
        .unwrap_or_else(|| "libxml2 (not run)".into());
    let _ = writeln!(
        md,
        "Throughput is MB/s = 10^6 bytes of the whole envelope per second, shown as \
         `on-CPU (wall-clock)`: mean on-CPU time and median wall time over >= {MIN_REPS} runs \
         and >= {:.1} s per cell, one warm-up run first; the lxml script uses the same method \
         (`time.thread_time`). The ratio and the targets use on-CPU time. Criterion's output \
         above is wall-clock and in MiB/s. Reference: {version}. Heap = peak live heap above \
         the already-loaded input, from the counting global allocator; `+input` adds the \
         input buffer itself.\n",
        MIN_TIME.as_secs_f64()
    );
    let _ = writeln!(
        md,
        "| shape | body | input | parse | parse + exc-C14N | libxml2 parse | libxml2 parse + exc-C14N | soapsec / libxml2 (parse + C14N) | identical C14N bytes | peak heap / input | peak heap +input / input | `canonicalize_to_vec` +input / input | lxml RSS growth / input |"
    );
    let _ = writeln!(
        md,
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"
    );
    for (input, row) in inputs.iter().zip(rows) {
        let len = input.text.len();
        let ratio = |h: usize| format!("{:.2}", h as f64 / len as f64);
        let (lp, lc, ratio_s, same, rss) = match &row.reference {
            Some(r) => (
                match r.parse_cpu_mbps {
                    Some(c) => format!("{c:.0} ({:.0})", r.parse_mbps),
                    None => format!("n/a ({:.0})", r.parse_mbps),
                },
                match r.parse_c14n_cpu_mbps {
                    Some(c) => format!("{c:.0} ({:.0})", r.parse_c14n_mbps),
                    None => format!("n/a ({:.0})", r.parse_c14n_mbps),
                },
                format!(
                    "{:.2}x",
                    mb_per_s(len, row.parse_c14n.best()) / r.best_parse_c14n()
                ),
                if r.sha256 == row.c14n_sha256 {
                    "yes"
                } else {
                    "**NO**"
                }
                .to_string(),
                r.rss_delta
                    .map(|d| format!("{:.2}", d as f64 / len as f64))
                    .unwrap_or_else(|| "n/a".into()),
            ),
            None => Default::default(),
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {lp} | {lc} | {ratio_s} | {same} | {} | {} | {} | {rss} |",
            input.shape.name(),
            human(input.body_len),
            human(len),
            speeds(len, row.parse),
            speeds(len, row.parse_c14n),
            ratio(row.heap_c14n),
            ratio(row.heap_c14n + len),
            ratio(row.heap_c14n_vec + len),
        );
    }
    if let Some(note) = reference_note {
        let _ = writeln!(md, "\nThe libxml2 reference line did not run: {note}");
    }

    let _ = writeln!(md, "\nTargets (issue 3, item 6), per shape:\n");
    for shape in Shape::ALL {
        let find = |label: &str| {
            inputs
                .iter()
                .zip(rows)
                .find(|(i, _)| i.shape == shape && i.label == label)
        };
        let (Some((big, big_row)), Some((small, small_row))) = (find("16MiB"), find("64KiB"))
        else {
            continue;
        };
        let speed = mb_per_s(big.text.len(), big_row.parse_c14n.best());
        let ns_per_mb = |i: &Input, t: Duration| t.as_nanos() as f64 / (i.text.len() as f64 / 1e6);
        let flat = ns_per_mb(big, big_row.parse_c14n.best())
            / ns_per_mb(small, small_row.parse_c14n.best());
        let flat_parse =
            ns_per_mb(big, big_row.parse.best()) / ns_per_mb(small, small_row.parse.best());
        let heap = big_row.heap_c14n as f64 / big.text.len() as f64;
        let _ = writeln!(
            md,
            "- `{}`: parse + exc-C14N at 16 MiB = {speed:.0} MB/s (target >= 400): {}. \
             Per-MB cost 16 MiB / 64 KiB = {flat:.2} for parse + C14N (parse alone {flat_parse:.2}; \
             target 0.80..1.20): {}. Peak heap at 16 MiB = {heap:.2}x input, {:.2}x counting the \
             input buffer (target <= 2x): {} without the input, {} with it \
             ({} allocations for one parse + C14N).",
            shape.name(),
            verdict(speed >= 400.0),
            verdict((0.8..=1.2).contains(&flat)),
            heap + 1.0,
            verdict(heap <= 2.0),
            verdict(heap + 1.0 <= 2.0),
            big_row.allocations,
        );
    }
    let _ = writeln!(
        md,
        "\nParse-only peak heap / input: {}.",
        inputs
            .iter()
            .zip(rows)
            .map(|(i, r)| format!(
                "{} {} {:.2}",
                i.shape.name(),
                i.label,
                r.heap_parse as f64 / i.text.len() as f64
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    md
}

fn report(inputs: &[Input]) {
    let mut rows: Vec<Row> = inputs.iter().map(measure).collect();
    let note = match run_reference(inputs) {
        Ok(refs) => {
            for (row, r) in rows.iter_mut().zip(refs) {
                row.reference = Some(r);
            }
            None
        }
        Err(why) => Some(why),
    };
    if let Some(why) = &note {
        println!("NOTE: the libxml2 reference line did not run: {why}");
    }
    println!("\n## soapsec XML benchmark summary\n");
    println!("{}", summary(inputs, &rows, note.as_deref()));
    if let Some(big) = inputs.iter().find(|i| i.label == "16MiB") {
        let t = time_it(MIN_REPS, Duration::from_millis(300), || {
            black_box(std::str::from_utf8(black_box(big.text.as_bytes())).is_ok());
        });
        println!(
            "For scale: UTF-8 validation of a 16 MiB input (done by `parse_bytes`, not by the \
             `parse_with(&str)` measured here) runs at {:.0} MB/s on-CPU.",
            mb_per_s(big.text.len(), t.best())
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| {
        args.iter()
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    };
    // Full measurement only under `cargo bench`; `cargo test --benches` runs each bench once
    // on the small inputs, and `--list` / `--profile-time` skip the summary.
    let benchmarking = has("--bench")
        && !has("--test")
        && !has("--list")
        && !has("--profile-time")
        && std::env::var_os("SOAPSEC_BENCH_NO_SUMMARY").is_none();
    let sizes: &[(usize, &str)] = if has("--bench") { &SIZES } else { &SIZES[..2] };
    let inputs = prepare(sizes);

    let mut c = Criterion::default().configure_from_args();
    criterion_benches(&mut c, &inputs);
    c.final_summary();

    if benchmarking {
        report(&inputs);
    }
}
