//! `soapsec demo`: the seed's mismatch, end to end, in one process.
//!
//! A client and a service with the IPurchaseOrder client and service contracts from
//! `contracts/`, real crypto and the test PKI from `testdata/pki/` (both embedded, so the
//! binary runs from any directory). For each binding it prints the resolution of both
//! contracts, the static prediction of `soapsec contract check`, the wire envelopes in short
//! form, and the run-time outcome next to the prediction. Exit 0 when every run matched its
//! prediction (the demo's point is the predicted mismatch on basicHttp:Message), 1 otherwise.

use super::protect::part_name;
use super::{EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK};
use clap::Args;
use soapsec::binding::Binding;
use soapsec::contract::{
    Contract, Direction, ExchangeStatus, Report, Resolution, Severity, check_compatibility,
    parse_contract_file, resolve,
};
use soapsec::envelope::Envelope;
use soapsec::keys::{Certificate, PrivateKey, TrustStore};
use soapsec::pipeline::timestamp::format_utc;
use soapsec::pipeline::{
    Clock, Credentials, FixedClock, InboundOptions, OutboundOptions, SystemClock, protect, verify,
};
use soapsec::token::KeyStore;
use soapsec::xml::{Document, Element, ParseOptions};
use std::sync::Arc;

const CLIENT_CONTRACT: &str = include_str!("../../contracts/purchase-order-client.xml");
const SERVICE_CONTRACT: &str = include_str!("../../contracts/purchase-order-service.xml");
const ROOT_CA: &[u8] = include_bytes!("../../testdata/pki/root-ca.pem");
const CLIENT_CERT: &[u8] = include_bytes!("../../testdata/pki/client.pem");
const CLIENT_KEY: &[u8] = include_bytes!("../../testdata/pki/client.key.pem");
const SERVER_CERT: &[u8] = include_bytes!("../../testdata/pki/server.pem");
const SERVER_KEY: &[u8] = include_bytes!("../../testdata/pki/server.key.pem");

const PRICE: &str = "http://tempuri.org/IPurchaseOrder/Price";
const PRICE_RESPONSE: &str = "http://tempuri.org/IPurchaseOrder/PriceResponse";
const MESSAGE_ID: &str = "urn:uuid:6f1c2a40-0000-4000-8000-000000000001";
/// 2030-01-01T00:00:00Z: the clock used when the system clock is outside the test PKI's
/// validity (2026-01-01 .. 2046-01-01).
const FALLBACK_NOW: i64 = 1_893_456_000;
const PKI_FROM: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const PKI_TO: i64 = 2_398_377_600; // 2046-01-01T00:00:00Z

/// Run the seed exchange (client calls Price) over each binding and compare with the
/// prediction.
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Binding preset to run over (repeatable). Default: basicHttp:Message, then wsHttp.
    #[arg(long, short)]
    binding: Vec<String>,
    /// Print the wire envelopes in full instead of the short form.
    #[arg(long)]
    full: bool,
}

struct Party {
    key: PrivateKey,
    cert: Certificate,
    store: KeyStore,
}

fn party(cert: &[u8], key: &[u8]) -> Result<Party, String> {
    let root = Certificate::load(ROOT_CA).map_err(|e| format!("root-ca.pem: {e}"))?;
    let mut trust = TrustStore::new();
    trust.add_anchor(root);
    let mut store = KeyStore::new(trust);
    let cert = Certificate::load(cert).map_err(|e| format!("certificate: {e}"))?;
    store
        .add_identity(
            PrivateKey::load(key).map_err(|e| format!("key: {e}"))?,
            cert.clone(),
        )
        .map_err(|e| e.to_string())?;
    Ok(Party {
        key: PrivateKey::load(key).map_err(|e| format!("key: {e}"))?,
        cert,
        store,
    })
}

fn contract(text: &str) -> Result<Contract, String> {
    parse_contract_file(text)
        .map(|f| f.contract)
        .map_err(|e| e.to_string())
}

pub(crate) fn run(args: DemoArgs) -> u8 {
    match run_inner(&args) {
        Ok(true) => EXIT_OK,
        Ok(false) => EXIT_FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_BAD_INPUT
        }
    }
}

fn run_inner(args: &DemoArgs) -> Result<bool, String> {
    let names: Vec<String> = if args.binding.is_empty() {
        vec!["basicHttp:Message".into(), "wsHttp".into()]
    } else {
        args.binding.clone()
    };
    let mut bindings = Vec::new();
    for n in &names {
        bindings.push(Binding::preset(n).map_err(|e| e.to_string())?);
    }
    let client_contract = contract(CLIENT_CONTRACT)?;
    let service_contract = contract(SERVICE_CONTRACT)?;
    let client = party(CLIENT_CERT, CLIENT_KEY)?;
    let service = party(SERVER_CERT, SERVER_KEY)?;

    let system = SystemClock.now();
    let (now, clock_note) = if system > PKI_FROM + 86_400 && system < PKI_TO - 86_400 {
        (system, "system clock")
    } else {
        (
            FALLBACK_NOW,
            "fixed: the system clock is outside the test PKI's validity",
        )
    };
    println!("soapsec demo: the seed's reply mismatch, end to end");
    println!("client:  contracts/purchase-order-client.xml (Tax, and Price at Sign)");
    println!("service: contracts/purchase-order-service.xml (Price at Sign)");
    println!("PKI:     testdata/pki, embedded (root-ca, client, server)");
    println!("         client  {}", client.cert.subject());
    println!("         service {}", service.cert.subject());
    println!("clock:   {} ({clock_note})", format_utc(now));

    let mut all_matched = true;
    let mut summary = Vec::new();
    for binding in &bindings {
        println!();
        println!("{}", "=".repeat(78));
        println!("== {}", binding.preset);
        println!("{}", "=".repeat(78));
        let matched = run_binding(
            args,
            binding,
            &client_contract,
            &service_contract,
            &client,
            &service,
            now,
        )?;
        summary.push((binding.preset.clone(), matched));
        all_matched &= matched;
    }
    println!();
    println!("== summary");
    for (name, matched) in &summary {
        println!(
            "{name:<28} {}",
            if *matched {
                "run matched the prediction"
            } else {
                "run DIFFERED from the prediction"
            }
        );
    }
    Ok(all_matched)
}

/// The outcome of one leg of the exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Accepted,
    Rejected(String),
    NotRun,
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Outcome::Accepted => "ok",
            Outcome::Rejected(_) => "FAIL",
            Outcome::NotRun => "not run",
        }
    }
}

fn run_binding(
    args: &DemoArgs,
    binding: &Binding,
    client_contract: &Contract,
    service_contract: &Contract,
    client: &Party,
    service: &Party,
    now: i64,
) -> Result<bool, String> {
    let client_res = resolve(client_contract, binding);
    let service_res = resolve(service_contract, binding);

    println!();
    println!("-- 1. resolution (effective level of each part, each side)");
    println!();
    print!("{}", resolution_table(&client_res, &service_res));

    println!();
    println!("-- 2. static prediction (soapsec contract check)");
    println!();
    let report = check_compatibility(client_contract, service_contract, binding);
    print!("{report}");
    if !format!("{report}").ends_with('\n') {
        println!();
    }

    println!();
    println!("-- 3. the run (real crypto, test PKI)");
    let outbound = OutboundOptions {
        clock: Arc::new(FixedClock(now)),
        ..Default::default()
    };
    let inbound = InboundOptions {
        clock: Arc::new(FixedClock(now + 1)),
        ..Default::default()
    };
    let soap_ns = binding.soap.envelope_namespace();
    let wsa = binding.addressing.namespace();

    // Client → service.
    let request_outcome;
    let mut reply_outcome = Outcome::NotRun;
    println!();
    println!("client protects the Price request (client contract: request levels)");
    match protect(
        &client_res,
        Direction::Request,
        Some(PRICE),
        &Credentials {
            private_key: &client.key,
            certificate: &client.cert,
            peer_certificate: &service.cert,
        },
        &outbound,
        request(soap_ns, wsa).as_bytes(),
    ) {
        Err(e) => {
            println!("  client could not protect it: {e}");
            request_outcome = Outcome::Rejected(e.to_string());
        }
        Ok(wire) => {
            println!("client -> service, on the wire:");
            print!("{}", show_wire(&wire, args.full));
            let soap_action = wsa.is_none().then_some(PRICE);
            match verify(
                &service_res,
                Direction::Request,
                soap_action,
                &service.store,
                &inbound,
                &wire,
            ) {
                Err(e) => {
                    println!("service REJECTS the request: {e}");
                    request_outcome = Outcome::Rejected(e.to_string());
                }
                Ok(v) => {
                    println!("service accepts the request");
                    println!("  caller {}", v.caller().certificate().subject());
                    print!("{}", achieved(&v));
                    request_outcome = Outcome::Accepted;
                }
            }
        }
    }
    if request_outcome == Outcome::Accepted {
        println!();
        println!("service protects the Price reply (service contract: reply levels)");
        match protect(
            &service_res,
            Direction::Reply,
            Some(PRICE_RESPONSE),
            &Credentials {
                private_key: &service.key,
                certificate: &service.cert,
                peer_certificate: &client.cert,
            },
            &outbound,
            reply(soap_ns, wsa).as_bytes(),
        ) {
            Err(e) => {
                println!("  service could not protect it: {e}");
                reply_outcome = Outcome::Rejected(e.to_string());
            }
            Ok(wire) => {
                println!("service -> client, on the wire:");
                print!("{}", show_wire(&wire, args.full));
                match verify(
                    &client_res,
                    Direction::Reply,
                    None,
                    &client.store,
                    &inbound,
                    &wire,
                ) {
                    Err(e) => {
                        println!("client REJECTS the reply:");
                        println!("  {e}");
                        reply_outcome = Outcome::Rejected(e.to_string());
                    }
                    Ok(v) => {
                        let price = v
                            .body()
                            .and_then(|b| b.operation())
                            .and_then(|op| op.first_child_element())
                            .map(|e| e.text().into_owned())
                            .unwrap_or_default();
                        println!("client accepts the reply: PriceResult {price}");
                        println!("  caller {}", v.caller().certificate().subject());
                        print!("{}", achieved(&v));
                        reply_outcome = Outcome::Accepted;
                    }
                }
            }
        }
    }

    println!();
    println!("-- 4. prediction and run, side by side");
    println!();
    let legs = [
        ("Price request", Direction::Request, &request_outcome),
        ("Price reply", Direction::Reply, &reply_outcome),
    ];
    println!(
        "{:<15}  {:<10}  {:<8}  MATCH",
        "EXCHANGE", "PREDICTED", "RUN"
    );
    let mut matched = true;
    let mut texts = Vec::new();
    for (label, direction, outcome) in legs {
        let (predicted, leg_ok) = compare(&report, direction, outcome);
        matched &= leg_ok;
        println!(
            "{label:<15}  {:<10}  {:<8}  {}",
            predicted,
            outcome.label(),
            if leg_ok { "yes" } else { "NO" }
        );
        if let Outcome::Rejected(text) = outcome {
            texts.push((label, text.clone()));
        }
    }
    for (label, text) in texts {
        println!();
        println!("{label}, run-time error:");
        println!("  {text}");
        let predicted = report.failures().any(|f| f.message == text);
        println!(
            "  {}",
            if predicted {
                "(the same text contract check predicted)"
            } else {
                "(contract check predicted no such text)"
            }
        );
    }
    println!();
    println!(
        "{}: {}",
        binding.preset,
        if matched {
            "the run matched the prediction"
        } else {
            "the run DIFFERED from the prediction"
        }
    );
    Ok(matched)
}

/// The predicted status of Price's exchange in `direction`, and whether the run matched it
/// (same outcome; for a failure, one of the predicted failures has the run's exact text).
fn compare(report: &Report, direction: Direction, outcome: &Outcome) -> (&'static str, bool) {
    let status = report
        .exchanges
        .iter()
        .find(|x| x.operation == "Price" && x.direction == direction)
        .map(|x| x.status);
    let label = match status {
        Some(ExchangeStatus::Ok) => "ok",
        Some(ExchangeStatus::Fails) => "FAIL",
        Some(ExchangeStatus::Unchecked) => "unchecked",
        None => "-",
    };
    let ok = match (status, outcome) {
        (Some(ExchangeStatus::Ok), Outcome::Accepted) => true,
        (Some(ExchangeStatus::Fails), Outcome::Rejected(text)) => report.findings.iter().any(|f| {
            f.severity == Severity::Failure
                && f.direction == Some(direction)
                && f.operation.as_deref() == Some("Price")
                && &f.message == text
        }),
        // A reply is not run when the request failed as predicted.
        (_, Outcome::NotRun) => false,
        _ => false,
    };
    (label, ok)
}

/// Both contracts' effective levels for every (operation, direction, part), side by side.
fn resolution_table(client: &Resolution, service: &Resolution) -> String {
    type Key = (String, Direction, Option<String>, String);
    let mut rows: Vec<(Key, Option<String>, Option<String>)> = Vec::new();
    for (side, res) in [(0, client), (1, service)] {
        for m in &res.messages {
            for p in m.parts() {
                let key = (
                    m.operation.clone(),
                    m.direction,
                    m.fault.clone(),
                    part_name(&p.part),
                );
                let level = p.effective.level.to_string();
                let i = match rows.iter().position(|r| r.0 == key) {
                    Some(i) => i,
                    None => {
                        rows.push((key, None, None));
                        rows.len() - 1
                    }
                };
                if side == 0 {
                    rows[i].1 = Some(level);
                } else {
                    rows[i].2 = Some(level);
                }
            }
        }
    }
    let mut out = String::new();
    if client.collapsed {
        out.push_str(
            "no WS-Addressing: each side checks every reply against the union over its\n\
             contract (WCF's runtime)\n\n",
        );
    }
    out.push_str(&format!(
        "{:<10}  {:<7}  {:<12}  {:<15}  SERVICE\n",
        "OPERATION", "DIR", "PART", "CLIENT"
    ));
    for ((op, dir, fault, part), c, s) in rows {
        let part = fault.unwrap_or(part);
        out.push_str(&format!(
            "{:<10}  {:<7}  {:<12}  {:<15}  {}\n",
            op,
            dir.to_string(),
            part,
            c.as_deref().unwrap_or("-"),
            s.as_deref().unwrap_or("- (no such operation)")
        ));
    }
    out
}

/// The achieved protection of each part, as the receiver saw it.
fn achieved(v: &soapsec::pipeline::Verified) -> String {
    let mut out = String::new();
    for p in v.parts() {
        out.push_str(&format!(
            "  {:<12} required {:<14}  signed {:<3}  encrypted {}\n",
            part_name(&p.part),
            p.required.to_string(),
            if p.achieved.signed { "yes" } else { "no" },
            if p.achieved.encrypted { "yes" } else { "no" },
        ));
    }
    out
}

fn request(soap_ns: &str, wsa: Option<&str>) -> String {
    let headers = match wsa {
        Some(a) => format!(
            r#"<s:Header><a:Action s:mustUnderstand="1">{PRICE}</a:Action><a:MessageID>{MESSAGE_ID}</a:MessageID><a:To s:mustUnderstand="1">http://localhost/PurchaseOrder</a:To></s:Header>"#
        )
        .replace("<s:Header>", &format!(r#"<s:Header xmlns:a="{a}">"#)),
        None => String::new(),
    };
    format!(
        r#"<s:Envelope xmlns:s="{soap_ns}">{headers}<s:Body><Price xmlns="http://tempuri.org/"><item>widget</item></Price></s:Body></s:Envelope>"#
    )
}

fn reply(soap_ns: &str, wsa: Option<&str>) -> String {
    let headers = match wsa {
        Some(a) => format!(
            r#"<s:Header xmlns:a="{a}"><a:Action s:mustUnderstand="1">{PRICE_RESPONSE}</a:Action><a:RelatesTo>{MESSAGE_ID}</a:RelatesTo></s:Header>"#
        ),
        None => String::new(),
    };
    format!(
        r#"<s:Envelope xmlns:s="{soap_ns}">{headers}<s:Body><PriceResponse xmlns="http://tempuri.org/"><PriceResult>42</PriceResult></PriceResponse></s:Body></s:Envelope>"#
    )
}

/// The last segment of an algorithm URI (`...#aes256-gcm` → `aes256-gcm`).
fn short_uri(uri: &str) -> &str {
    uri.rsplit(['#', '/']).next().unwrap_or(uri)
}

fn child<'d>(el: Element<'d>, local: &str) -> Option<Element<'d>> {
    el.child_elements().find(|c| c.local_name() == local)
}

fn algorithm_of(el: Element<'_>, method: &str) -> String {
    child(el, method)
        .and_then(|m| m.attribute("", "Algorithm"))
        .map(|a| short_uri(a).to_owned())
        .unwrap_or_else(|| "?".into())
}

fn id_of(el: Element<'_>) -> Option<&str> {
    el.attributes()
        .find(|a| a.local_name() == "Id")
        .map(|a| a.value())
}

/// Append `items` after `head`, wrapping at 80 columns with continuation lines indented to
/// `indent`.
fn wrapped(head: String, items: &[String], indent: usize) -> String {
    let mut out = head;
    let mut col = out.chars().count();
    for item in items {
        let len = item.chars().count();
        if col + 1 + len > 80 && col > indent {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
        } else {
            out.push(' ');
            col += 1;
        }
        out.push_str(item);
        col += len;
    }
    out.push('\n');
    out
}

/// One line (or a few) for a child of the Security header.
fn security_item(el: Element<'_>) -> String {
    let name = el.qname();
    let pad = 6;
    match el.local_name() {
        "Timestamp" => {
            let created = child(el, "Created").map(|c| c.text().into_owned());
            let expires = child(el, "Expires").map(|c| c.text().into_owned());
            format!(
                "{:pad$}{name}  {} .. {}\n",
                "",
                created.unwrap_or_default(),
                expires.unwrap_or_default()
            )
        }
        "BinarySecurityToken" => {
            let text: String = el
                .text()
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            let subject = <base64ct::Base64 as base64ct::Encoding>::decode_vec(&text)
                .ok()
                .and_then(|der| Certificate::from_der(&der).ok())
                .map(|c| c.subject().to_owned())
                .unwrap_or_else(|| format!("{} base64 chars", text.len()));
            let words: Vec<String> = subject.split(',').map(|w| format!("{w},")).collect();
            let mut line = wrapped(format!("{:pad$}{name}  X.509:", ""), &words, pad + 4);
            // The last RDN has no comma after it.
            if line.ends_with(",\n") {
                line.truncate(line.len() - 2);
                line.push('\n');
            }
            line
        }
        "EncryptedKey" => {
            let refs: Vec<String> = child(el, "ReferenceList")
                .map(|l| {
                    l.child_elements()
                        .filter_map(|r| r.attribute("", "URI").map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let head = format!(
                "{:pad$}{name}  {} to the peer; encrypts",
                "",
                algorithm_of(el, "EncryptionMethod")
            );
            wrapped(head, &refs, pad + 4)
        }
        "Signature" => {
            let signed_info = child(el, "SignedInfo");
            let refs: Vec<String> = signed_info
                .map(|si| {
                    si.child_elements()
                        .filter(|r| r.local_name() == "Reference")
                        .filter_map(|r| r.attribute("", "URI").map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let alg = signed_info
                .map(|si| algorithm_of(si, "SignatureMethod"))
                .unwrap_or_default();
            let head = format!("{:pad$}{name}  {alg} over", "");
            wrapped(head, &refs, pad + 4)
        }
        "EncryptedData" => format!(
            "{:pad$}{name}  Id={} ({}; the encrypted signature)\n",
            "",
            id_of(el).unwrap_or("?"),
            algorithm_of(el, "EncryptionMethod")
        ),
        _ => format!("{:pad$}{name}\n", ""),
    }
}

/// The wire envelope in short form: the Security header's children, other headers with their
/// text, the Body's first child.
fn show_wire(wire: &[u8], full: bool) -> String {
    if full {
        let mut s = String::from_utf8_lossy(wire).into_owned();
        s.push('\n');
        return s;
    }
    let doc = match Document::parse_bytes(wire, &ParseOptions::default()) {
        Ok(d) => d,
        Err(e) => return format!("  (unparsable: {e})\n"),
    };
    let env = match Envelope::from_document(&doc) {
        Ok(e) => e,
        Err(e) => return format!("  (not an envelope: {e})\n"),
    };
    let mut out = format!("  {} ({} bytes)\n", env.element().qname(), wire.len());
    out.push_str("  Header\n");
    for h in env.headers() {
        let el = h.element;
        if el.local_name() == "Security" {
            out.push_str(&format!(
                "    {}{}\n",
                el.qname(),
                if h.must_understand {
                    " (mustUnderstand)"
                } else {
                    ""
                }
            ));
            for item in el.child_elements() {
                out.push_str(&security_item(item));
            }
        } else {
            let text = el.text();
            let id = h.wsu_id.map(|i| format!(" [{i}]")).unwrap_or_default();
            let line = if el.has_non_text_children() || text.len() > 56 {
                format!("    {}{id}", el.qname())
            } else {
                format!("    {}{id} = {text}", el.qname())
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    let body = env.body().element();
    let body_id = body
        .attribute(soapsec::xml::WSU_NS, "Id")
        .map(|i| format!(" [{i}]"))
        .unwrap_or_default();
    out.push_str(&format!("  {}{body_id}\n", body.qname()));
    match body.first_child_element() {
        Some(first) if first.local_name() == "EncryptedData" => {
            let cipher_len = child(first, "CipherData")
                .and_then(|c| child(c, "CipherValue"))
                .map(|v| v.text().len())
                .unwrap_or(0);
            out.push_str(&format!(
                "    {} Id={} Type {} ({}, {cipher_len} base64 chars)\n",
                first.qname(),
                id_of(first).unwrap_or("?"),
                first.attribute("", "Type").map(short_uri).unwrap_or("?"),
                algorithm_of(first, "EncryptionMethod")
            ));
        }
        Some(first) => {
            let inner: String = first
                .child_elements()
                .map(|c| format!("<{}>{}</{}>", c.qname(), c.text(), c.qname()))
                .collect();
            out.push_str(&format!("    {}: {inner}  (plaintext)\n", first.qname()));
        }
        None => out.push_str("    (empty)\n"),
    }
    out
}
