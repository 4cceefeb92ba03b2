//! `soapsec protect` and `soapsec verify`: the security pipeline on one message, from files
//! or standard input.
//!
//! Both take the contract, the binding and our credentials; `protect` writes the secured
//! envelope to standard output (or `--output`), `verify` prints the caller and each part's
//! protection. Exit codes: 0 success; 1 the pipeline refused the message (the detailed WCF
//! text goes to stderr); 2 bad input (unreadable files, keys or certificates, an unknown
//! binding, input that is not XML, a binding or suite the pipeline cannot use).

use super::c14n::read_input;
use super::{EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK};
use clap::{Args, ValueEnum};
use soapsec::algorithms::Legacy;
use soapsec::binding::Binding;
use soapsec::contract::{Direction, Part, Resolution, parse_contract_file, resolve};
use soapsec::keys::{Certificate, PrivateKey, TrustPath, TrustStore};
use soapsec::pipeline::timestamp::{format_utc, parse_utc};
use soapsec::pipeline::{
    Algorithms, Clock, Credentials, FixedClock, InboundOptions, KeyReference, OutboundOptions,
    PipelineError, ReplayDetection, SystemClock, Verified, protect, verify,
};
use soapsec::token::{KeyStore, PeerTrust};
use soapsec::xml::Limits;
use std::io::Write;
use std::sync::Arc;

/// Largest key, certificate or contract file read.
const MAX_SMALL_FILE: usize = 1 << 20;

/// The kind of message.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum DirectionArg {
    /// Client → service.
    Request,
    /// Service → client.
    Reply,
    /// A declared fault, service → client.
    Fault,
}

impl From<DirectionArg> for Direction {
    fn from(d: DirectionArg) -> Direction {
        match d {
            DirectionArg::Request => Direction::Request,
            DirectionArg::Reply => Direction::Reply,
            DirectionArg::Fault => Direction::Fault,
        }
    }
}

/// How the signing certificate is named in the signature's KeyInfo.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum KeyRefArg {
    /// A BinarySecurityToken carrying the certificate.
    Bst,
    /// Its subject key identifier (the peer must know the certificate).
    Ski,
    /// Its SHA-1 thumbprint (WS-Security 1.1; the peer must know the certificate).
    Thumbprint,
}

/// Options common to `protect` and `verify`.
#[derive(Debug, Args)]
pub(crate) struct Common {
    /// Contract file (the `<contractFile>` format of `soapsec contract`).
    #[arg(long, value_name = "FILE")]
    contract: String,
    /// Binding preset (see `soapsec contract resolve --help`); default: the contract file's
    /// `<binding>`.
    #[arg(long, short)]
    binding: Option<String>,
    /// The kind of message.
    #[arg(long, value_enum)]
    direction: DirectionArg,
    /// Our private key (PEM or DER: PKCS#8, PKCS#1).
    #[arg(long, value_name = "FILE")]
    key: String,
    /// Our certificate (PEM or DER).
    #[arg(long, value_name = "FILE")]
    cert: String,
    /// Use exactly the binding's WCF algorithm suite (Basic256: rsa-sha1, sha1, aes256-cbc,
    /// rsa-oaep-mgf1p), which needs SHA-1 and AES-CBC. Default: rsa-sha256, sha256,
    /// AES-256-GCM, RSA-OAEP-SHA256. Both ends must agree.
    #[arg(long)]
    legacy_wcf_basic256: bool,
    /// The time to use instead of the system clock: RFC 3339 UTC
    /// (`2030-01-01T00:00:00Z`) or unix seconds.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Largest accepted message, in bytes.
    #[arg(long, default_value_t = Limits::default().max_input_bytes)]
    max_bytes: usize,
    /// The message file, or `-` for standard input.
    #[arg(default_value = "-")]
    input: String,
}

/// Secure a SOAP envelope as the contract requires for its action and direction.
#[derive(Debug, Args)]
pub(crate) struct ProtectArgs {
    #[command(flatten)]
    common: Common,
    /// The message's action (a reply's reply action); omit for a reply without
    /// WS-Addressing (looked up as `*`).
    #[arg(long)]
    action: Option<String>,
    /// The peer's certificate: the content key is encrypted to it.
    #[arg(long, value_name = "FILE")]
    peer_cert: String,
    /// How the signing certificate is referenced.
    #[arg(long, value_enum, default_value = "bst")]
    key_reference: KeyRefArg,
    /// Timestamp lifetime in seconds.
    #[arg(long, default_value_t = 300)]
    ttl: i64,
    /// Write the secured envelope here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<String>,
}

/// Verify a secured message, enforce the contract, and print the caller and each part's
/// protection. Exits 1 with WCF's text when the message is refused.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    common: Common,
    /// The transport's SOAPAction: keys a request without WS-Addressing; with WS-Addressing
    /// it must match the signed wsa:Action.
    #[arg(long, visible_alias = "action", value_name = "ACTION")]
    soap_action: Option<String>,
    /// A trust anchor (CA certificate, PEM or DER; a PEM file may hold several). Repeatable.
    #[arg(long, value_name = "FILE", required_unless_present = "peer_cert")]
    trust: Vec<String>,
    /// An intermediate CA certificate for chain building. Repeatable.
    #[arg(long, value_name = "FILE")]
    intermediate: Vec<String>,
    /// The peer's certificate, pinned: trusted without a chain, and resolvable by SKI or
    /// thumbprint references. Repeatable.
    #[arg(long, value_name = "FILE")]
    peer_cert: Vec<String>,
    /// Allowed clock skew in seconds (0 to 3600).
    #[arg(long, default_value_t = 300)]
    skew: i64,
    /// The oldest message accepted, in seconds since its wsu:Created (1 to 86400), whatever
    /// its wsu:Expires says.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    max_age: i64,
    /// Also write the decrypted envelope here (`-` for standard output, after the report).
    #[arg(long, short, value_name = "FILE")]
    output: Option<String>,
}

/// A failure, with its exit code.
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) message: String,
}

pub(crate) fn bad(message: impl Into<String>) -> Failure {
    Failure {
        code: EXIT_BAD_INPUT,
        message: message.into(),
    }
}

/// [`InboundOptions::check`], with the option named by its command-line flag (exit 2).
pub(crate) fn check_inbound(options: &InboundOptions, binding: &Binding) -> Result<(), Failure> {
    options.check(binding).map_err(|e| match e {
        PipelineError::InvalidOptions { option, reason } => bad(format!(
            "--{}: {reason}",
            match option {
                "skew_seconds" => "skew",
                "max_message_age_seconds" => "max-age",
                other => other,
            }
        )),
        other => classify(other),
    })
}

/// Pipeline errors that mean the input or the setup was unusable (2); every other one is
/// the pipeline refusing the message (1).
fn classify(e: PipelineError) -> Failure {
    let code = match e {
        PipelineError::Xml(_)
        | PipelineError::UnsupportedBinding { .. }
        | PipelineError::UnsupportedSuite { .. } => EXIT_BAD_INPUT,
        _ => EXIT_FAILURE,
    };
    Failure {
        code,
        message: format!("{e}\nhint: {}", soapsec::explain::hint(e.code())),
    }
}

fn finish(result: Result<(), Failure>) -> u8 {
    match result {
        Ok(()) => EXIT_OK,
        Err(f) => {
            eprintln!("error: {}", f.message);
            f.code
        }
    }
}

pub(crate) fn run_protect(args: ProtectArgs) -> u8 {
    finish(protect_inner(&args))
}

pub(crate) fn run_verify(args: VerifyArgs) -> u8 {
    finish(verify_inner(&args))
}

pub(crate) fn read_small(path: &str) -> Result<Vec<u8>, Failure> {
    read_input(path, MAX_SMALL_FILE)
        .map(|(_, b)| b)
        .map_err(bad)
}

pub(crate) fn load_key(path: &str) -> Result<PrivateKey, Failure> {
    PrivateKey::load(&read_small(path)?).map_err(|e| bad(format!("{path}: {e}")))
}

pub(crate) fn load_cert(path: &str) -> Result<Certificate, Failure> {
    Certificate::load(&read_small(path)?).map_err(|e| bad(format!("{path}: {e}")))
}

/// Every certificate of a PEM bundle, or the one of a DER file.
pub(crate) fn load_certs(path: &str) -> Result<Vec<Certificate>, Failure> {
    let bytes = read_small(path)?;
    match Certificate::all_from_pem(&bytes) {
        Ok(all) if !all.is_empty() => Ok(all),
        _ => Certificate::load(&bytes)
            .map(|c| vec![c])
            .map_err(|e| bad(format!("{path}: {e}"))),
    }
}

fn load_resolution(common: &Common) -> Result<Resolution, Failure> {
    load_resolution_from(&common.contract, common.binding.as_deref())
}

/// Read a contract file and resolve it against `binding` (a preset name) or the file's own
/// `<binding>`.
pub(crate) fn load_resolution_from(
    path: &str,
    binding: Option<&str>,
) -> Result<Resolution, Failure> {
    let text = String::from_utf8(read_small(path)?)
        .map_err(|e| bad(format!("{path}: not UTF-8 ({e})")))?;
    let file = parse_contract_file(&text).map_err(|e| match e.location() {
        Some(_) => bad(format!("{path}:{e}")),
        None => bad(format!("{path}: {e}")),
    })?;
    let binding = match (binding, &file.binding) {
        (Some(name), _) => Binding::preset(name).map_err(|e| bad(e.to_string()))?,
        (None, Some(b)) => b.clone(),
        (None, None) => {
            return Err(bad(format!(
                "{path} has no <binding>: pass --binding (one of {})",
                soapsec::binding::PRESET_NAMES.join(", ")
            )));
        }
    };
    Ok(resolve(&file.contract, &binding))
}

fn algorithms(common: &Common, binding: &Binding) -> Result<Algorithms, Failure> {
    if common.legacy_wcf_basic256 {
        Algorithms::from_suite(
            binding.algorithm_suite,
            Legacy::wcf_basic_suites_for_legacy_use_only(),
        )
        .map_err(classify)
    } else {
        Ok(Algorithms::modern())
    }
}

/// `--at`: RFC 3339 UTC or unix seconds.
pub(crate) fn parse_time(text: &str) -> Result<i64, String> {
    if let Ok(n) = text.parse::<i64>() {
        return Ok(n);
    }
    parse_utc(text).ok_or_else(|| {
        format!("--at {text:?}: expected RFC 3339 UTC (2030-01-01T00:00:00Z) or unix seconds")
    })
}

fn clock(common: &Common) -> Result<Arc<dyn Clock>, Failure> {
    Ok(match &common.at {
        Some(t) => Arc::new(FixedClock(parse_time(t).map_err(bad)?)),
        None => Arc::new(SystemClock),
    })
}

fn write_output(path: Option<&str>, bytes: &[u8]) -> Result<(), Failure> {
    let result = match path {
        None | Some("-") => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).and_then(|()| out.flush())
        }
        Some(p) => std::fs::write(p, bytes),
    };
    result.map_err(|e| bad(format!("{}: {e}", path.unwrap_or("<stdout>"))))
}

fn protect_inner(args: &ProtectArgs) -> Result<(), Failure> {
    let c = &args.common;
    let resolution = load_resolution(c)?;
    let key = load_key(&c.key)?;
    let cert = load_cert(&c.cert)?;
    let peer = load_cert(&args.peer_cert)?;
    let (name, message) = read_input(&c.input, c.max_bytes).map_err(bad)?;
    if args.ttl <= 0 {
        return Err(bad("--ttl must be positive"));
    }
    let mut options = OutboundOptions {
        algorithms: algorithms(c, &resolution.binding)?,
        ttl_seconds: args.ttl,
        clock: clock(c)?,
        signer_reference: match args.key_reference {
            KeyRefArg::Bst => KeyReference::BinarySecurityToken,
            KeyRefArg::Ski => KeyReference::SubjectKeyIdentifier,
            KeyRefArg::Thumbprint => KeyReference::ThumbprintSha1,
        },
        ..Default::default()
    };
    options.parse.limits.max_input_bytes = c.max_bytes;
    let secured = protect(
        &resolution,
        c.direction.into(),
        args.action.as_deref(),
        &Credentials {
            private_key: &key,
            certificate: &cert,
            peer_certificate: &peer,
        },
        &options,
        &message,
    )
    .map_err(|e| {
        let mut f = classify(e);
        f.message = format!("{name}: {}", f.message);
        f
    })?;
    write_output(args.output.as_deref(), &secured)
}

fn verify_inner(args: &VerifyArgs) -> Result<(), Failure> {
    let c = &args.common;
    let resolution = load_resolution(c)?;
    let key = load_key(&c.key)?;
    let cert = load_cert(&c.cert)?;
    let mut trust = TrustStore::new();
    for path in &args.trust {
        for anchor in load_certs(path)? {
            trust.add_anchor(anchor);
        }
    }
    if c.legacy_wcf_basic256 {
        trust.allow_sha1_certificates_FOR_LEGACY_USE_ONLY(true);
    }
    let mut store = KeyStore::new(trust);
    store
        .add_identity(key, cert)
        .map_err(|e| bad(format!("{} and {}: {e}", c.key, c.cert)))?;
    for path in &args.intermediate {
        for ca in load_certs(path)? {
            store.add_intermediate(ca);
        }
    }
    for path in &args.peer_cert {
        store.add_peer(load_cert(path)?, PeerTrust::Pinned);
    }
    // One message per run: a replay cache would start empty and die with the process, so
    // replay detection is off here (a service embedding the library keeps it on).
    let mut options = InboundOptions {
        algorithms: algorithms(c, &resolution.binding)?,
        skew_seconds: args.skew,
        max_message_age_seconds: args.max_age,
        clock: clock(c)?,
        replay: ReplayDetection::DangerouslyOff,
        ..Default::default()
    };
    check_inbound(&options, &resolution.binding)?;
    if !resolution.binding.include_timestamp {
        eprintln!(
            "warning: binding {} sends no Timestamp: the message's freshness cannot be checked",
            resolution.binding.name
        );
    }
    options.parse.limits.max_input_bytes = c.max_bytes;
    let (name, message) = read_input(&c.input, c.max_bytes).map_err(bad)?;
    let verified = verify(
        &resolution,
        c.direction.into(),
        args.soap_action.as_deref(),
        &store,
        &options,
        &message,
    )
    .map_err(|e| {
        let mut f = classify(e);
        f.message = format!("{name}: {}", f.message);
        f
    })?;
    print!("{}", report(&verified));
    if let Some(path) = args.output.as_deref() {
        write_output(Some(path), verified.envelope().as_bytes())?;
    }
    Ok(())
}

/// A part's display name: `Body`, or `Header {namespace}local` shortened to the local name
/// when the namespace is given separately.
pub(crate) fn part_name(part: &Part) -> String {
    match part {
        Part::Body => "Body".to_owned(),
        Part::Header { name, .. } => name.clone(),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// The verification report: caller, action, timestamp, and a table of parts (80 columns).
pub(crate) fn report(v: &Verified) -> String {
    let mut out = String::new();
    let cert = v.caller().certificate();
    out.push_str(&format!("verified: {} message\n", v.direction()));
    out.push_str(&format!("caller:   {}\n", cert.subject()));
    out.push_str(&format!("issuer:   {}\n", cert.issuer()));
    match v.caller().trust_path() {
        TrustPath::Pinned => out.push_str("trust:    pinned certificate\n"),
        TrustPath::Anchored {
            anchor_subject,
            path_len,
            ..
        } => out.push_str(&format!(
            "trust:    chain of {path_len} to anchor {anchor_subject}\n"
        )),
        _ => out.push_str("trust:    validated\n"),
    }
    out.push_str(&format!("action:   {}\n", v.action().unwrap_or("* (none)")));
    if let Some((created, expires)) = v.timestamp() {
        out.push_str(&format!(
            "created:  {}  expires: {}\n",
            format_utc(created),
            format_utc(expires)
        ));
    }
    out.push('\n');
    let w = v
        .parts()
        .iter()
        .map(|p| part_name(&p.part).chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 36);
    out.push_str(&format!(
        "{:<w$}  {:<14}  {:<6}  {:<9}  NAMESPACE\n",
        "PART", "REQUIRED", "SIGNED", "ENCRYPTED"
    ));
    for p in v.parts() {
        let ns = match &p.part {
            Part::Body => "",
            Part::Header { namespace, .. } => namespace.as_str(),
        };
        let line = format!(
            "{:<w$}  {:<14}  {:<6}  {:<9}  {}",
            part_name(&p.part),
            p.required.to_string(),
            yes_no(p.achieved.signed),
            yes_no(p.achieved.encrypted),
            ns
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
