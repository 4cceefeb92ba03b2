//! `soapsec contract resolve` and `soapsec contract check`.

use super::{EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use soapsec::binding::{Binding, PRESET_NAMES};
use soapsec::contract::{
    ContractFile, Direction, Limits, Part, Reading, Resolution, Severity, Stage, ValidationIssue,
    check_compatibility_with, parse_contract_file, resolve_with, validate_with,
};
use std::io::Read;
use std::path::{Path, PathBuf};

const BINDING_HELP: &str = "Binding preset: basicHttp, basicHttp:Transport, basicHttp:Message, \
basicHttp:TransportWithMessageCredential, basicHttps, wsHttp, wsHttp:None, wsHttp:Transport, \
wsHttp:TransportWithMessageCredential, netTcp, netTcp:None, netTcp:Message. Overrides the \
file's <binding>; required when the file has none";

/// Resolve and check service contracts against bindings.
#[derive(Debug, Subcommand)]
pub(crate) enum ContractCommand {
    /// Print the effective protection level of every part of every message, and where it came
    /// from. Exits 1 when the contract cannot be used on the binding.
    Resolve(ResolveArgs),
    /// Predict every exchange where the receiver rejects what the sender sends. Exits 1 when a
    /// failure is predicted, 0 when compatible.
    Check(CheckArgs),
}

/// The two readings of the no-WS-Addressing rule.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ReadingArg {
    /// What WCF's code does: replies and faults use the union over the contract.
    Runtime,
    /// What WCF's documentation says: every part takes the contract's strongest level.
    Documentation,
}

impl From<ReadingArg> for Reading {
    fn from(r: ReadingArg) -> Reading {
        match r {
            ReadingArg::Runtime => Reading::Runtime,
            ReadingArg::Documentation => Reading::Documentation,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct ResolveArgs {
    /// Contract file.
    file: PathBuf,
    #[arg(long, short, help = BINDING_HELP)]
    binding: Option<String>,
    /// Print JSON (schema "soapsec.contract.resolve/1") instead of a table.
    #[arg(long)]
    json: bool,
    /// Reading of the no-WS-Addressing rule.
    #[arg(long, value_enum, default_value = "runtime")]
    reading: ReadingArg,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Client contract file.
    client: PathBuf,
    /// Service contract file.
    service: PathBuf,
    #[arg(long, short, help = BINDING_HELP)]
    binding: Option<String>,
    /// Print JSON (schema "soapsec.contract.check/1") instead of a report.
    #[arg(long)]
    json: bool,
    /// Reading of the no-WS-Addressing rule.
    #[arg(long, value_enum, default_value = "runtime")]
    reading: ReadingArg,
}

pub(crate) fn run(cmd: ContractCommand) -> u8 {
    let result = match cmd {
        ContractCommand::Resolve(args) => resolve_cmd(&args),
        ContractCommand::Check(args) => check_cmd(&args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_BAD_INPUT
        }
    }
}

fn load(path: &Path) -> Result<ContractFile, String> {
    let limit = Limits::default().max_bytes;
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() > limit {
        return Err(format!(
            "{}: larger than the limit of {limit} bytes",
            path.display()
        ));
    }
    let text =
        String::from_utf8(bytes).map_err(|e| format!("{}: not UTF-8 ({e})", path.display()))?;
    parse_contract_file(&text).map_err(|e| match e.location() {
        Some(_) => format!("{}:{e}", path.display()),
        None => format!("{}: {e}", path.display()),
    })
}

fn pick_binding(arg: Option<&str>, files: &[(&Path, &ContractFile)]) -> Result<Binding, String> {
    if let Some(name) = arg {
        return Binding::preset(name).map_err(|e| e.to_string());
    }
    let mut found: Option<(&Path, &Binding)> = None;
    for (path, file) in files {
        if let Some(b) = &file.binding {
            match found {
                Some((first, fb)) if fb != b => {
                    return Err(format!(
                        "{} and {} define different bindings; pass --binding",
                        first.display(),
                        path.display()
                    ));
                }
                Some(_) => {}
                None => found = Some((path, b)),
            }
        }
    }
    found.map(|(_, b)| b.clone()).ok_or_else(|| {
        format!(
            "no binding: pass --binding (one of {}) or add a <binding> to the contract file",
            PRESET_NAMES.join(", ")
        )
    })
}

/// Word-wrap `text`, which starts at column `start`; continuation lines are indented by
/// `indent`; no line goes past `max` columns unless one word is longer.
fn wrap(text: &str, start: usize, indent: usize, max: usize) -> String {
    let mut out = String::new();
    let mut col = start;
    let mut first = true;
    for word in text.split(' ') {
        let len = word.chars().count();
        if !first && col + 1 + len > max {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
        } else if !first {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
        first = false;
    }
    out
}

fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Open => "at open",
        Stage::Send => "at send",
        Stage::Receive => "at receive",
    }
}

fn resolve_cmd(args: &ResolveArgs) -> Result<u8, String> {
    let file = load(&args.file)?;
    let binding = pick_binding(args.binding.as_deref(), &[(&args.file, &file)])?;
    let reading = Reading::from(args.reading);
    let resolution = resolve_with(&file.contract, &binding, reading);
    let issues = validate_with(&file.contract, &binding, reading);
    if args.json {
        println!("{}", resolve_json(&resolution, &issues));
    } else {
        print!("{}", resolve_table(&resolution, &issues));
    }
    Ok(if issues.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAILURE
    })
}

struct Row {
    operation: String,
    direction: &'static str,
    part: String,
    level: String,
    source: String,
}

fn resolve_rows(r: &Resolution) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut foreign = Vec::new();
    for m in &r.messages {
        for p in m.parts() {
            let mut part = match &p.part {
                Part::Body => "Body".to_owned(),
                Part::Header { name, namespace } => {
                    if namespace != &r.namespace {
                        let note = format!("{name}: {namespace}");
                        if !foreign.contains(&note) {
                            foreign.push(note);
                        }
                    }
                    format!("Header {name}")
                }
            };
            if let Some(f) = &m.fault {
                // A fault protects only its body: name the fault instead.
                part.clone_from(f);
            }
            if p.unknown {
                part = format!("{part} [unknown]");
            }
            rows.push(Row {
                operation: m.operation.clone(),
                direction: match m.direction {
                    Direction::Request => "request",
                    Direction::Reply => "reply",
                    Direction::Fault => "fault",
                },
                part,
                level: p.effective.level.to_string(),
                source: p.effective.source.short(),
            });
        }
    }
    (rows, foreign)
}

fn resolve_table(r: &Resolution, issues: &[ValidationIssue]) -> String {
    let mut out = String::new();
    out.push_str(&format!("contract: {} ({})\n", r.contract, r.namespace));
    out.push_str(&format!(
        "binding:  {}\n",
        wrap(&r.binding.describe(), 10, 10, 80)
    ));
    let enforced = if r.message_security {
        "levels are applied and checked by message security (WS-Security)"
    } else if r
        .binding
        .capabilities
        .is_some_and(|c| c.request > soapsec::ProtectionLevel::None)
    {
        "no message security: the transport protects every message; these levels are only validated against what the binding provides"
    } else {
        "no message security: these levels are only validated against what the binding provides"
    };
    out.push_str(&format!("levels:   {}\n", wrap(enforced, 10, 10, 80)));
    if r.collapsed {
        let text = match r.reading {
            Reading::Runtime => {
                "no WS-Addressing: every reply and fault uses the union over the contract (runtime reading)"
            }
            Reading::Documentation => {
                "no WS-Addressing: every part takes the contract's strongest level (documentation reading)"
            }
        };
        out.push_str(&format!("replies:  {}\n", wrap(text, 10, 10, 80)));
    }
    out.push('\n');
    let (rows, foreign) = resolve_rows(r);
    let op_w = rows
        .iter()
        .map(|x| x.operation.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(9, 24);
    let part_w = rows
        .iter()
        .map(|x| x.part.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, 28);
    let level_w = 14;
    let src_col = op_w + 2 + 7 + 2 + part_w + 2 + level_w + 2;
    let src_w = 80usize.saturating_sub(src_col).max(20);
    out.push_str(&format!(
        "{:<op_w$}  {:<7}  {:<part_w$}  {:<level_w$}  SOURCE\n",
        "OPERATION", "DIR", "PART", "LEVEL"
    ));
    for row in &rows {
        let source = wrap(&row.source, src_col, src_col, src_col + src_w);
        out.push_str(&format!(
            "{:<op_w$}  {:<7}  {:<part_w$}  {:<level_w$}  {}\n",
            row.operation, row.direction, row.part, row.level, source
        ));
    }
    if !foreign.is_empty() {
        out.push('\n');
        out.push_str("header namespaces (other than the contract's):\n");
        for f in &foreign {
            out.push_str(&format!("  {f}\n"));
        }
    }
    if r.message_security && !r.incoming.channel.headers.is_empty() {
        out.push('\n');
        let names: Vec<&str> = r
            .incoming
            .channel
            .headers
            .iter()
            .map(|h| h.name.as_str())
            .collect();
        out.push_str(&wrap(
            &format!(
                "WS-Addressing headers ({}) are signed on every message.",
                names.join(", ")
            ),
            0,
            0,
            80,
        ));
        out.push('\n');
    }
    out.push('\n');
    if issues.is_empty() {
        out.push_str("validation: ok\n");
    } else {
        out.push_str("validation:\n");
        for i in issues {
            out.push_str(&format!("  FAIL {}: {}\n", stage_label(i.stage), i.message));
        }
    }
    out
}

fn part_json(p: &Part) -> serde_json::Value {
    serde_json::to_value(p).unwrap_or(serde_json::Value::Null)
}

fn resolve_json(r: &Resolution, issues: &[ValidationIssue]) -> String {
    let rows: Vec<serde_json::Value> = r
        .messages
        .iter()
        .flat_map(|m| {
            m.parts().map(move |p| {
                json!({
                    "operation": m.operation,
                    "direction": m.direction,
                    "fault": m.fault,
                    "action": m.action,
                    "lookup_key": m.lookup_key,
                    "part": part_json(&p.part),
                    "unknown_header": p.unknown,
                    "level": p.effective.level,
                    "source": p.effective.source,
                    "source_text": p.effective.source.to_string(),
                    "declared_level": p.declared.level,
                    "declared_source": p.declared.source,
                })
            })
        })
        .collect();
    let value = json!({
        "schema": "soapsec.contract.resolve/1",
        "contract": { "name": r.contract, "namespace": r.namespace },
        "binding": r.binding,
        "reading": r.reading,
        "message_security": r.message_security,
        "collapsed": r.collapsed,
        "rows": rows,
        "validation": issues,
        "requirements": { "incoming": r.incoming, "outgoing": r.outgoing },
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

fn check_cmd(args: &CheckArgs) -> Result<u8, String> {
    let client = load(&args.client)?;
    let service = load(&args.service)?;
    let binding = pick_binding(
        args.binding.as_deref(),
        &[(&args.client, &client), (&args.service, &service)],
    )?;
    let report = check_compatibility_with(
        &client.contract,
        &service.contract,
        &binding,
        Reading::from(args.reading),
    );
    if args.json {
        let failures = report.failures().count();
        let warnings = report.warnings().count();
        let findings: Vec<serde_json::Value> = report
            .findings
            .iter()
            .map(|f| {
                let mut v = serde_json::to_value(f).unwrap_or(serde_json::Value::Null);
                if let Some(obj) = v.as_object_mut() {
                    for (key, s) in [("required", &f.required), ("sent", &f.sent)] {
                        if let Some(s) = s {
                            obj.insert(format!("{key}_source_text"), json!(s.source.to_string()));
                        }
                    }
                }
                v
            })
            .collect();
        let value = json!({
            "schema": "soapsec.contract.check/1",
            "compatible": report.is_compatible(),
            "failures": failures,
            "warnings": warnings,
            "client": { "file": args.client.display().to_string(), "contract": report.client },
            "service": { "file": args.service.display().to_string(), "contract": report.service },
            "binding": report.binding,
            "reading": report.reading,
            "message_security": report.message_security,
            "exchanges": report.exchanges,
            "findings": findings,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value)
                .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
        );
    } else {
        println!("{report}");
    }
    let failed = report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Failure);
    Ok(if failed { EXIT_FAILURE } else { EXIT_OK })
}
