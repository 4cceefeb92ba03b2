//! `soapsec inspect`: what a secured message claims, what it proves with keys, and what a
//! contract demands of it. A coloured tree on terminals (plain when stdout is not a TTY or
//! `NO_COLOR` is set), or `--json` (schema `soapsec.inspect/1`).
//!
//! Exit codes: 0 nothing failed; 1 a decryption, a signature or a requirement failed (or the
//! receiver would refuse the message); 2 usage, unreadable files, or input that is not a SOAP
//! envelope (with line:column and an excerpt).

use super::c14n::read_input;
use super::protect::{
    DirectionArg, Failure, bad, check_inbound, load_cert, load_certs, load_key,
    load_resolution_from, parse_time,
};
use super::{EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK};
use clap::{Args, ValueEnum};
use soapsec::algorithms::Legacy;
use soapsec::binding::AlgorithmSuite;
use soapsec::contract::{Direction, Resolution};
use soapsec::inspect::{
    BodyContent, HeaderKind, Inspection, ItemDetail, OverlayOptions, Status, SurveyOptions,
    TokenRefInfo, VerifyOptions, inspect, inspect_with_contract, inspect_with_keys,
    short_algorithm,
};
use soapsec::keys::TrustStore;
use soapsec::pipeline::timestamp::format_utc;
use soapsec::pipeline::{Algorithms, FixedClock, InboundOptions, ReplayDetection};
use soapsec::token::{KeyStore, PeerTrust};
use soapsec::xml::Limits;
use std::io::IsTerminal;
use std::sync::Arc;

/// When to colour the tree.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ColorArg {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Show what a SOAP message claims (no keys), what it proves (with keys), and what a contract
/// demands of it.
#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// The message file, or `-` for standard input.
    #[arg(default_value = "-")]
    input: String,
    /// Judge timestamps and certificates at this time instead of now: RFC 3339 UTC
    /// (`2030-01-01T00:00:00Z`) or unix seconds.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Our private key (PEM or DER), to decrypt. Needs --cert.
    #[arg(long, value_name = "FILE", requires = "cert")]
    key: Option<String>,
    /// Our certificate (PEM or DER), the one the sender encrypted to. Needs --key.
    #[arg(long, value_name = "FILE", requires = "key")]
    cert: Option<String>,
    /// A trust anchor for the signer (CA certificate, PEM or DER). Repeatable.
    #[arg(long, value_name = "FILE")]
    trust: Vec<String>,
    /// An intermediate CA certificate for chain building. Repeatable.
    #[arg(long, value_name = "FILE")]
    intermediate: Vec<String>,
    /// The peer's certificate, pinned: trusted without a chain, and resolvable by SKI or
    /// thumbprint references. Repeatable.
    #[arg(long, value_name = "FILE")]
    peer_cert: Vec<String>,
    /// Accept the binding's WCF legacy suite (rsa-sha1, sha1, AES-CBC) when verifying.
    #[arg(long)]
    legacy_wcf_basic256: bool,
    /// Print the decrypted envelope after the tree (needs --key and --cert).
    #[arg(long, requires = "key")]
    show_decrypted: bool,
    /// A contract file: overlay each part's required level and the receiver's verdict.
    #[arg(long, value_name = "FILE")]
    contract: Option<String>,
    /// Binding preset for --contract (default: the contract file's `<binding>`).
    #[arg(long, short, requires = "contract")]
    binding: Option<String>,
    /// The action to look the requirements up by (default: the message's wsa:Action; a
    /// request without WS-Addressing needs it, as the SOAPAction).
    #[arg(long, requires = "contract")]
    action: Option<String>,
    /// The kind of message (default: inferred — a fault body is a fault; wsa:RelatesTo or an
    /// `…Response` body element of the contract is a reply; else a request).
    #[arg(long, value_enum, requires = "contract")]
    direction: Option<DirectionArg>,
    /// Allowed clock skew in seconds, for the receiver's verdict (0 to 3600).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 300,
        requires = "contract"
    )]
    skew: i64,
    /// The oldest message the receiver accepts, in seconds since its wsu:Created (1 to 86400).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 300,
        requires = "contract"
    )]
    max_age: i64,
    /// Print the `soapsec explain` entry of the receiver's error, if any.
    #[arg(long)]
    explain: bool,
    /// Write JSON (schema `soapsec.inspect/1`) instead of the tree.
    #[arg(long)]
    json: bool,
    /// Colour the tree.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    /// Largest accepted message, in bytes.
    #[arg(long, default_value_t = Limits::default().max_input_bytes)]
    max_bytes: usize,
}

pub(crate) fn run(args: InspectArgs) -> u8 {
    match run_inner(&args) {
        Ok(code) => code,
        Err(f) => {
            eprintln!("error: {}", f.message);
            f.code
        }
    }
}

/// `line | text` and a caret under the column, for a parse error.
pub(crate) fn excerpt(source: &[u8], line: u32, column: u32) -> String {
    let text = String::from_utf8_lossy(source);
    let Some(l) = text.lines().nth(line.saturating_sub(1) as usize) else {
        return String::new();
    };
    let chars: Vec<char> = l.chars().collect();
    let col = (column.max(1) - 1) as usize;
    let start = col.saturating_sub(40);
    let end = (col + 40).min(chars.len());
    let shown: String = chars
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|c| if c.is_control() { ' ' } else { *c })
        .collect();
    let prefix = if start > 0 { "…" } else { "" };
    let gutter = format!("{line} | ");
    format!(
        "{gutter}{prefix}{shown}{}\n{}^",
        if end < chars.len() { "…" } else { "" },
        " ".repeat(gutter.chars().count() + prefix.chars().count() + (col - start))
    )
}

fn infer_direction(i: &Inspection, res: &Resolution) -> (Direction, &'static str) {
    if matches!(i.body.content, BodyContent::Fault { .. }) {
        return (Direction::Fault, "the Body holds a fault");
    }
    if i.addressing.iter().any(|a| a.name == "RelatesTo") {
        return (Direction::Reply, "the message has wsa:RelatesTo");
    }
    if let BodyContent::Operation { name, .. } = &i.body.content
        && name.namespace == res.namespace
        && res
            .messages
            .iter()
            .any(|m| format!("{}Response", m.operation) == name.local)
    {
        return (
            Direction::Reply,
            "the Body holds an operation's …Response element",
        );
    }
    (Direction::Request, "default")
}

/// The overlay's options for `res`: the direction given, or inferred from the survey (with
/// where it came from).
fn overlay_options<'a>(
    args: &'a InspectArgs,
    i: &Inspection,
    res: &'a Resolution,
) -> (OverlayOptions<'a>, &'static str) {
    let (direction, why) = match args.direction {
        Some(d) => (d.into(), "--direction"),
        None => infer_direction(i, res),
    };
    (
        OverlayOptions {
            resolution: res,
            direction,
            action: args.action.as_deref(),
            binding_name: args.binding.as_deref(),
            pipeline: None,
        },
        why,
    )
}

fn run_inner(args: &InspectArgs) -> Result<u8, Failure> {
    let at = match &args.at {
        Some(t) => parse_time(t).map_err(bad)?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
    };
    let mut survey = SurveyOptions {
        at,
        ..Default::default()
    };
    survey.parse.limits.max_input_bytes = args.max_bytes;

    // Keys first, so bad key files are reported before the message is read.
    let with_keys = args.key.is_some() || !args.trust.is_empty() || !args.peer_cert.is_empty();
    let mut store: Option<KeyStore> = None;
    if with_keys {
        let mut trust = TrustStore::new();
        for path in &args.trust {
            for anchor in load_certs(path)? {
                trust.add_anchor(anchor);
            }
        }
        if args.legacy_wcf_basic256 {
            trust.allow_sha1_certificates_FOR_LEGACY_USE_ONLY(true);
        }
        let mut s = KeyStore::new(trust);
        if let (Some(k), Some(c)) = (&args.key, &args.cert) {
            let cert = load_cert(c)?;
            survey.known_certificates.push((c.clone(), cert.clone()));
            s.add_identity(load_key(k)?, cert)
                .map_err(|e| bad(format!("{k} and {c}: {e}")))?;
        }
        for path in &args.intermediate {
            for ca in load_certs(path)? {
                s.add_intermediate(ca);
            }
        }
        for path in &args.peer_cert {
            let cert = load_cert(path)?;
            survey.known_certificates.push((path.clone(), cert.clone()));
            s.add_peer(cert, PeerTrust::Pinned);
        }
        store = Some(s);
    }
    let resolution = match &args.contract {
        Some(path) => Some(load_resolution_from(path, args.binding.as_deref())?),
        None => None,
    };
    let algorithms = if args.legacy_wcf_basic256 {
        let suite = resolution
            .as_ref()
            .map_or(AlgorithmSuite::Basic256, |r| r.binding.algorithm_suite);
        Algorithms::from_suite(suite, Legacy::wcf_basic_suites_for_legacy_use_only())
            .map_err(|e| bad(e.to_string()))?
    } else {
        Algorithms::modern()
    };

    let (name, message) = read_input(&args.input, args.max_bytes).map_err(bad)?;
    let verify_options = VerifyOptions {
        algorithms: algorithms.clone(),
        keep_decrypted: args.show_decrypted,
    };
    // Inspecting a message is not receiving it: no replay cache.
    let inbound = InboundOptions {
        algorithms: algorithms.clone(),
        clock: Arc::new(FixedClock(at)),
        parse: survey.parse.clone(),
        skew_seconds: args.skew,
        max_message_age_seconds: args.max_age,
        replay: ReplayDetection::DangerouslyOff,
        ..Default::default()
    };
    if let Some(res) = &resolution {
        check_inbound(&inbound, &res.binding)?;
    }
    // The overlay's options, from the survey (the direction may be inferred from it).
    let mut inferred = None;
    // One library call, one parse of the message, per mode.
    let parsed = match (&store, &resolution) {
        (None, None) => inspect(&message, &survey),
        (Some(keys), None) => inspect_with_keys(&message, &survey, keys, &verify_options),
        (None, Some(res)) => inspect(&message, &survey).map(|mut i| {
            let (overlay, why) = overlay_options(args, &i, res);
            inferred = Some(why);
            i.overlay(&message, &overlay);
            i
        }),
        (Some(keys), Some(res)) => inspect_with_contract(
            &message,
            &survey,
            &verify_options,
            |i| {
                let (overlay, why) = overlay_options(args, i, res);
                inferred = Some(why);
                overlay
            },
            keys,
            &inbound,
        ),
    };
    let inspection = match parsed {
        Ok(i) => i,
        Err(e) => {
            let shown = e.to_string();
            let mut text = format!("{name}: {shown}");
            if let Some(p) = e.position() {
                let at = format!("{}:{}", p.line, p.column);
                text = if shown.starts_with(&at) {
                    format!("{name}:{shown}")
                } else {
                    format!("{name}:{at}: {shown}")
                };
                let x = excerpt(&message, p.line, p.column);
                if !x.is_empty() {
                    text.push('\n');
                    text.push_str(&x);
                }
            }
            return Err(Failure {
                code: EXIT_BAD_INPUT,
                message: text,
            });
        }
    };

    let failed = inspection
        .verification
        .as_ref()
        .is_some_and(|v| !v.ok() || parts_failed(&inspection))
        || inspection
            .requirements
            .as_ref()
            .is_some_and(|r| !r.verdict.accepted);

    if args.json {
        let out = serde_json::json!({
            "input": name,
            "inspection": inspection,
            "direction_inferred_from": inferred,
            "failed": failed,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| bad(e.to_string()))?
        );
    } else {
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        let p = Paint { color };
        print!("{}", render(&name, &inspection, inferred, &p));
        if args.explain
            && let Some(code) = inspection
                .requirements
                .as_ref()
                .and_then(|r| r.verdict.code.as_deref())
        {
            print!("\n{}", super::explain_text(code));
        }
        if args.show_decrypted
            && let Some(d) = inspection
                .verification
                .as_ref()
                .and_then(|v| v.decrypted.as_deref())
        {
            println!("\n{}", p.title("Decrypted envelope"));
            println!("{d}");
        }
    }
    Ok(if failed { EXIT_FAILURE } else { EXIT_OK })
}

fn parts_failed(i: &Inspection) -> bool {
    i.parts.iter().any(|p| {
        p.signed.as_ref().is_some_and(Status::is_failed)
            || p.encrypted.as_ref().is_some_and(Status::is_failed)
    })
}

/// ANSI colours, or none.
struct Paint {
    color: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn title(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn good(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn bad(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    fn warn(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn name(&self, s: &str) -> String {
        self.wrap("36", s)
    }
}

/// `4m50s`, `2h03m`, `3d04h`.
fn duration(secs: i64) -> String {
    let s = secs.unsigned_abs();
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else if s < 86_400 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}d{:02}h", s / 86_400, (s % 86_400) / 3600)
    }
}

fn token_ref(r: &TokenRefInfo) -> String {
    let target = r
        .resolves_to
        .as_deref()
        .unwrap_or("no known certificate (pass --peer-cert or --cert)");
    format!("{} {} → {target}", r.kind, r.value)
}

fn status_text(p: &Paint, s: Option<&Status>, claimed: bool) -> String {
    match s {
        None => {
            if claimed {
                p.warn("claimed")
            } else {
                "no".into()
            }
        }
        Some(Status::Verified) => p.good("verified"),
        Some(Status::No) => "no".into(),
        Some(Status::Failed { .. }) => p.bad("FAILED"),
        Some(Status::NotChecked { .. }) => p.warn("not checked"),
    }
}

fn pad(s: &str, visible: usize, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(visible)))
}

fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in s.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => n += 1,
        }
    }
    n
}

fn row(cells: &[String], widths: &[usize]) -> String {
    let mut line = String::from("  ");
    for (i, c) in cells.iter().enumerate() {
        if i + 1 == cells.len() {
            line.push_str(c);
        } else {
            line.push_str(&pad(c, visible_len(c), widths[i] + 2));
        }
    }
    line.trim_end().to_owned() + "\n"
}

fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(visible_len(c));
        }
    }
    let mut out = row(
        &header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>(),
        &widths,
    );
    for r in rows {
        out.push_str(&row(r, &widths));
    }
    out
}

#[allow(clippy::too_many_lines)]
fn render(name: &str, i: &Inspection, inferred: Option<&str>, p: &Paint) -> String {
    let mut o = String::new();
    let mut w = |s: String| {
        o.push_str(&s);
        o.push('\n');
    };
    w(format!(
        "{}: SOAP {} envelope, {} bytes, inspected at {}",
        p.title(name),
        i.soap_version,
        i.bytes,
        format_utc(i.at)
    ));

    // Addressing.
    if i.addressing.is_empty() {
        w(format!("{} none", p.title("Addressing")));
    } else {
        w(p.title("Addressing"));
        for a in &i.addressing {
            w(format!("  {:<10} {}", a.name, a.value));
        }
    }

    // Headers.
    w(p.title("Headers"));
    if i.headers.is_empty() {
        w("  (none)".into());
    }
    let n = i.headers.len();
    for (k, h) in i.headers.iter().enumerate() {
        let last = k + 1 == n;
        let (branch, cont) = if last {
            ("└─", "   ")
        } else {
            ("├─", "│  ")
        };
        let mut attrs = Vec::new();
        if h.must_understand {
            attrs.push("mustUnderstand".to_owned());
        }
        if let Some(r) = &h.role {
            attrs.push(format!("role={r}"));
        }
        if h.relay {
            attrs.push("relay".into());
        }
        if let Some(id) = &h.wsu_id {
            attrs.push(format!("wsu:Id={id}"));
        }
        attrs.extend(h.other_ids.iter().cloned());
        let kind = match h.kind {
            HeaderKind::EncryptedHeader => p.warn(" (encrypted header)"),
            _ => String::new(),
        };
        w(format!(
            "{branch} {}{kind}  {}  {}",
            p.name(&h.name.qualified()),
            attrs.join("  "),
            p.dim(&format!("{{{}}}", h.name.namespace))
        )
        .trim_end()
        .to_owned());
        if let Some(ed) = &h.encrypted_data {
            let decrypted = i
                .parts
                .iter()
                .find(|p| {
                    p.header_index == Some(h.index)
                        && p.encrypted.as_ref().is_some_and(Status::is_verified)
                })
                .map(|p| format!("decrypted: {{{}}}{}", p.namespace, p.name))
                .unwrap_or_else(|| "its name is hidden until decrypted".into());
            w(format!(
                "{cont} EncryptedData{} algorithm {}: replaced a header block; {decrypted}",
                ed.id
                    .as_deref()
                    .map(|x| format!(" Id={x}"))
                    .unwrap_or_default(),
                ed.algorithm.as_deref().map(short_algorithm).unwrap_or("?")
            ));
        }
        let Some(sec) = i.security.as_ref().filter(|s| s.header_index == h.index) else {
            if i.other_security_headers.contains(&h.index) {
                w(format!(
                    "{cont} {}",
                    p.warn("another Security header (other actor or duplicate): not read")
                ));
            }
            continue;
        };
        w(format!(
            "{cont} WS-Security {} elements seen, {} children:",
            sec.wss_version_seen,
            sec.items.len()
        ));
        let m = sec.items.len();
        for (j, item) in sec.items.iter().enumerate() {
            let ilast = j + 1 == m;
            let (ib, ic) = if ilast {
                ("└─", "   ")
            } else {
                ("├─", "│  ")
            };
            let id = item
                .id
                .as_deref()
                .map(|x| format!("  Id={x}"))
                .unwrap_or_default();
            let pre = format!("{cont} {ic} ");
            let mut lines: Vec<String> = Vec::new();
            let title = match &item.detail {
                ItemDetail::Timestamp {
                    created,
                    expires,
                    age_seconds,
                    expires_in_seconds,
                    state,
                    error,
                } => {
                    if let (Some(age), Some(left)) = (age_seconds, expires_in_seconds) {
                        let age_text = if *age >= 0 {
                            format!("{} ago", duration(*age))
                        } else {
                            format!("in {}, in the future", duration(*age))
                        };
                        let left_text = if *left >= 0 {
                            format!("in {}", duration(*left))
                        } else {
                            format!("{} ago", duration(*left))
                        };
                        lines.push(format!(
                            "created {} ({age_text})",
                            created.as_deref().unwrap_or("?")
                        ));
                        lines.push(format!(
                            "expires {} ({left_text})",
                            expires.as_deref().unwrap_or("?")
                        ));
                    }
                    if let Some(e) = error {
                        lines.push(p.bad(e));
                    }
                    let st = match state.as_str() {
                        "valid" => p.good(state),
                        _ => p.bad(state),
                    };
                    format!("Timestamp{id}  {st}")
                }
                ItemDetail::BinarySecurityToken {
                    value_type,
                    certificate,
                    error,
                } => {
                    if let Some(c) = certificate {
                        let validity = match c.validity.as_str() {
                            "valid" => p.good(&c.validity),
                            _ => p.bad(&c.validity),
                        };
                        lines.push(format!("subject  {}", c.subject));
                        lines.push(format!("issuer   {}", c.issuer));
                        lines.push(format!("serial   {}", c.serial));
                        lines.push(format!(
                            "valid    {} … {} ({validity})",
                            c.not_before, c.not_after
                        ));
                        lines.push(format!("key      {}", c.key));
                        lines.push(format!("sha1     {}", c.sha1));
                        lines.push(format!("sha256   {}", c.sha256));
                        lines.push(format!("ski      {}", c.ski));
                    }
                    if let Some(e) = error {
                        lines.push(p.bad(&format!("unreadable: {e}")));
                    }
                    format!(
                        "BinarySecurityToken{id}  {}",
                        value_type.as_deref().map(short_algorithm).unwrap_or("")
                    )
                }
                ItemDetail::EncryptedKey {
                    algorithm,
                    digest,
                    mgf,
                    recipient,
                    references,
                } => {
                    let mut alg = algorithm
                        .as_deref()
                        .map(short_algorithm)
                        .unwrap_or("?")
                        .to_owned();
                    if let Some(d) = digest {
                        alg.push_str(&format!(", digest {}", short_algorithm(d)));
                    }
                    if let Some(m) = mgf {
                        alg.push_str(&format!(", mgf {}", short_algorithm(m)));
                    }
                    lines.push(format!("algorithm  {alg}"));
                    if let Some(r) = recipient {
                        lines.push(format!("recipient  {}", token_ref(r)));
                    }
                    for r in references {
                        lines.push(format!(
                            "data reference {} → {} ({})",
                            r.uri,
                            r.target.as_deref().unwrap_or("unresolved"),
                            r.replaced.as_deref().unwrap_or("?")
                        ));
                    }
                    format!("EncryptedKey{id}")
                }
                ItemDetail::ReferenceList { references } => {
                    for r in references {
                        lines.push(format!(
                            "data reference {} → {}",
                            r.uri,
                            r.target.as_deref().unwrap_or("unresolved")
                        ));
                    }
                    format!("ReferenceList{id}")
                }
                ItemDetail::Signature {
                    canonicalization,
                    signature_method,
                    references,
                    key,
                    problems,
                } => {
                    lines.push(format!(
                        "c14n {}, method {}",
                        canonicalization
                            .as_deref()
                            .map(short_algorithm)
                            .unwrap_or("?"),
                        signature_method
                            .as_deref()
                            .map(short_algorithm)
                            .unwrap_or("?")
                    ));
                    for r in references {
                        let transforms: Vec<&str> =
                            r.transforms.iter().map(|t| short_algorithm(t)).collect();
                        lines.push(format!(
                            "reference {} → {}{}  transforms {}  digest {}",
                            r.uri,
                            r.covers.as_deref().unwrap_or("unresolved"),
                            r.part
                                .as_deref()
                                .map(|x| format!(" ({x})"))
                                .unwrap_or_default(),
                            if transforms.is_empty() {
                                "none".into()
                            } else {
                                transforms.join(", ")
                            },
                            r.digest.as_deref().map(short_algorithm).unwrap_or("?")
                        ));
                    }
                    if let Some(k) = key {
                        lines.push(format!("key  {}", token_ref(k)));
                    }
                    for pr in problems {
                        lines.push(p.warn(pr));
                    }
                    format!("Signature{id}")
                }
                ItemDetail::EncryptedData {
                    algorithm,
                    encrypted_type,
                    replaced,
                } => {
                    lines.push(format!(
                        "algorithm {}, type {}",
                        algorithm.as_deref().map(short_algorithm).unwrap_or("?"),
                        encrypted_type.as_deref().unwrap_or("?")
                    ));
                    lines.push(format!("replaced {replaced}"));
                    format!("EncryptedData{id}")
                }
                ItemDetail::SignatureConfirmation { value } => format!(
                    "SignatureConfirmation{id}  {}",
                    value
                        .as_deref()
                        .unwrap_or("(no Value: the request was unsigned)")
                ),
                ItemDetail::SecurityTokenReference { reference } => {
                    format!("SecurityTokenReference{id}  {}", token_ref(reference))
                }
                ItemDetail::Other { name } => {
                    format!("{}{id}  {}", name.qualified(), p.warn("(unexpected here)"))
                }
            };
            w(format!("{cont} {ib} {}. {title}", item.position));
            for l in lines {
                w(format!("{pre}   {l}"));
            }
        }
    }

    // Body.
    let mut ids: Vec<String> = i
        .body
        .wsu_id
        .iter()
        .map(|x| format!("wsu:Id={x}"))
        .collect();
    ids.extend(i.body.other_ids.iter().cloned());
    w(format!("{}  {}", p.title("Body"), ids.join("  "))
        .trim_end()
        .to_owned());
    match &i.body.content {
        BodyContent::Empty => w("└─ (empty)".into()),
        BodyContent::Operation {
            name,
            more_elements,
        } => {
            w(format!(
                "└─ operation {} {}",
                p.name(&name.qualified()),
                p.dim(&format!("{{{}}}", name.namespace))
            ));
            if *more_elements > 0 {
                w(format!("   and {more_elements} more element(s)"));
            }
        }
        BodyContent::Fault {
            code,
            subcodes,
            reason,
            has_detail,
        } => {
            w(format!("└─ fault {}", p.bad(code)));
            for s in subcodes {
                w(format!("   subcode {s}"));
            }
            w(format!("   reason  {reason}"));
            if *has_detail {
                w("   detail  present".into());
            }
        }
        BodyContent::Encrypted { id, algorithm } => w(format!(
            "└─ {} EncryptedData{} algorithm {}: replaced the Body's content",
            p.warn("encrypted:"),
            id.as_deref()
                .map(|x| format!(" Id={x}"))
                .unwrap_or_default(),
            algorithm.as_deref().map(short_algorithm).unwrap_or("?")
        )),
    }

    // Verification.
    if let Some(v) = &i.verification {
        w(String::new());
        w(p.title("Verification (with the given keys)"));
        let st = |s: &Status| match s {
            Status::Verified => p.good("verified"),
            Status::No => "none in the message".into(),
            Status::Failed { reason } => format!("{}: {reason}", p.bad("FAILED")),
            Status::NotChecked { reason } => format!("{}: {reason}", p.warn("not checked")),
        };
        w(format!("  decryption  {}", st(&v.decryption)));
        w(format!("  signature   {}", st(&v.signature)));
        if let Some(s) = &v.signer {
            w(format!(
                "  signer      {} ({})",
                s.subject,
                v.signer_trust.as_deref().unwrap_or("")
            ));
        }
        if let Some(t) = v.timestamp_signed {
            w(format!(
                "  timestamp   {}",
                if t {
                    p.good("signed")
                } else {
                    p.bad("NOT signed")
                }
            ));
        }
    }

    // Parts.
    w(String::new());
    if i.verification.is_some() {
        w(p.title("Parts — verified with the given keys"));
    } else {
        w(p.title("Parts — what the message CLAIMS, not verified (give keys to verify)"));
    }
    let rows: Vec<Vec<String>> = i
        .parts
        .iter()
        .map(|x| {
            vec![
                x.name.clone(),
                status_text(p, x.signed.as_ref(), x.claimed_signed),
                status_text(p, x.encrypted.as_ref(), x.claimed_encrypted),
                p.dim(&x.namespace),
            ]
        })
        .collect();
    o.push_str(&table(&["PART", "SIGNED", "ENCRYPTED", "NAMESPACE"], &rows));
    for x in &i.parts {
        for (what, s) in [("signature", &x.signed), ("decryption", &x.encrypted)] {
            if let Some(Status::Failed { reason } | Status::NotChecked { reason }) = s {
                o.push_str(&format!("  {}: {what}: {reason}\n", x.name));
            }
        }
    }

    // Requirements.
    if let Some(r) = &i.requirements {
        o.push('\n');
        o.push_str(&format!(
            "{} — contract '{}' over {}, {} ({}), action {} ({})\n",
            p.title("Requirements"),
            r.contract,
            r.binding,
            r.direction,
            inferred.unwrap_or("given"),
            r.action.as_deref().unwrap_or("*"),
            r.action_source
        ));
        if r.collapsed && r.direction != "request" {
            o.push_str(&format!(
                "  {}\n",
                p.warn("no WS-Addressing: replies and faults are held to the strongest level of the whole contract ('*')")
            ));
        }
        let basis = if i.verification.is_some() {
            "ACHIEVED (verified)"
        } else {
            "ACHIEVED (claimed)"
        };
        let rows: Vec<Vec<String>> = r
            .parts
            .iter()
            .map(|x| {
                vec![
                    x.name.clone(),
                    x.required.to_string(),
                    x.achieved.to_string(),
                    match &x.problem {
                        None => p.good("ok"),
                        Some(pr) => p.bad(pr),
                    },
                ]
            })
            .collect();
        o.push_str(&table(&["PART", "REQUIRED", basis, "RESULT"], &rows));
        let v = &r.verdict;
        let how = if v.basis == "pipeline" {
            "the inbound pipeline ran with the given keys"
        } else {
            "predicted from the claims; give keys to run the real pipeline"
        };
        o.push_str(&format!(
            "\n{} ({how}): {}\n",
            p.title("Verdict"),
            if v.accepted {
                p.good("ACCEPTED")
            } else {
                p.bad("REJECTED")
            }
        ));
        if let Some(e) = &v.error {
            o.push_str(&format!("  {e}\n"));
        }
        if let Some(c) = &v.code {
            o.push_str(&format!("  code: {c} (soapsec explain {c})\n"));
        }
        for e in &v.explanation {
            o.push_str(&format!("  {e}\n"));
        }
    }
    o
}
