//! `soapsec explain`: what an error means, its usual causes, and how to fix it.
//!
//! Exit codes: 0 an entry was found (or listed); 2 nothing matches, or a usage error.

use super::{EXIT_BAD_INPUT, EXIT_OK};
use clap::Args;
use serde::Serialize;
use soapsec::explain::{self, Explanation, JSON_SCHEMA};
use std::io::{Read, Write};

/// Largest text read from standard input (`soapsec explain -`).
const MAX_STDIN: u64 = 1 << 20;

/// Text width for wrapping.
const WIDTH: usize = 92;

/// Explain an error: what it means, the usual causes, how to fix it.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// An error code (`pipeline/PartNotEncrypted`), a variant name (`PartNotEncrypted`), a WCF
    /// resource key (`RequiredMessagePartNotEncryptedNs`), or a pasted error message (quoted,
    /// or as several words). `-` reads the text from standard input.
    #[arg(value_name = "CODE|TEXT")]
    query: Vec<String>,
    /// List every code with its title (only those containing CODE|TEXT, when given).
    #[arg(long)]
    list: bool,
    /// Print JSON (schema "soapsec.explain/1") instead of text.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: ExplainArgs) -> u8 {
    let query = match read_query(&args.query) {
        Ok(q) => q,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_BAD_INPUT;
        }
    };
    if args.list {
        return list(query.as_deref(), args.json);
    }
    let Some(query) = query else {
        eprintln!(
            "error: give an error code, a variant name, a WCF resource key or an error message \
             (or --list to see every code)"
        );
        return EXIT_BAD_INPUT;
    };
    let found = explain::find(&query);
    let suggestions = if found.entries.is_empty() {
        explain::suggest(&query, 5)
    } else {
        Vec::new()
    };
    if args.json {
        print_json(
            Some(&query),
            found.matched_by.map(|m| m.as_str()),
            &found.entries,
            &suggestions,
        );
    } else if found.entries.is_empty() {
        eprintln!("error: no soapsec error matches '{}'", shorten(&query, 120));
        if !suggestions.is_empty() {
            eprintln!("did you mean: {}", suggestions.join(", "));
        }
        eprintln!("`soapsec explain --list` lists every code");
    } else {
        let mut out = String::new();
        if found.entries.len() > 1 {
            let codes: Vec<&str> = found.entries.iter().map(|e| e.code).collect();
            out.push_str(&format!(
                "{} entries match: {}\n\n",
                codes.len(),
                codes.join(", ")
            ));
        }
        for (i, e) in found.entries.iter().enumerate() {
            if i > 0 {
                out.push_str(&format!("\n{}\n\n", "-".repeat(WIDTH)));
            }
            render(&mut out, e);
        }
        emit(&out);
    }
    if found.entries.is_empty() {
        EXIT_BAD_INPUT
    } else {
        EXIT_OK
    }
}

/// The words joined by spaces; `-` alone reads standard input. `None` when there is no query.
fn read_query(words: &[String]) -> Result<Option<String>, String> {
    if let [one] = words
        && one == "-"
    {
        let mut text = String::new();
        std::io::stdin()
            .take(MAX_STDIN)
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(Some(text).filter(|t| !t.trim().is_empty()));
    }
    let joined = words.join(" ");
    Ok(Some(joined).filter(|t| !t.trim().is_empty()))
}

fn list(filter: Option<&str>, json: bool) -> u8 {
    let filter = filter.map(|f| f.trim().to_lowercase());
    let entries: Vec<&'static Explanation> = explain::all()
        .filter(|e| {
            filter
                .as_deref()
                .is_none_or(|f| e.code.to_lowercase().contains(f))
        })
        .collect();
    if json {
        print_json(None, Some("list"), &entries, &[]);
    } else if entries.is_empty() {
        eprintln!(
            "error: no code contains '{}'",
            filter.as_deref().unwrap_or_default()
        );
    } else {
        let width = entries.iter().map(|e| e.code.len()).max().unwrap_or(0);
        let mut out = String::new();
        for e in &entries {
            out.push_str(&format!("{:width$}  {}\n", e.code, e.title));
        }
        emit(&out);
    }
    if entries.is_empty() {
        EXIT_BAD_INPUT
    } else {
        EXIT_OK
    }
}

/// The `soapsec.explain/1` document, fields in the documented order.
#[derive(Serialize)]
struct JsonOut<'a> {
    schema: &'static str,
    query: Option<&'a str>,
    matched_by: Option<&'a str>,
    entries: &'a [&'static Explanation],
    suggestions: &'a [&'static str],
}

fn print_json(
    query: Option<&str>,
    matched_by: Option<&str>,
    entries: &[&'static Explanation],
    suggestions: &[&'static str],
) {
    let out = JsonOut {
        schema: JSON_SCHEMA,
        query,
        matched_by,
        entries,
        suggestions,
    };
    match serde_json::to_string_pretty(&out) {
        Ok(text) => emit(&(text + "\n")),
        Err(e) => eprintln!("error: cannot write JSON: {e}"),
    }
}

/// Write to standard output; a closed pipe (`| head`) is not an error.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn render(out: &mut String, e: &Explanation) {
    out.push_str(&format!("{}: {}\n", e.code, e.title));
    let mut facts: Vec<(&str, String)> = Vec::new();
    if let Some(k) = e.wcf {
        facts.push(("WCF key", k.to_owned()));
    }
    if let Some(c) = e.attack_class {
        facts.push(("attack class", format!("{c} (the refusal is a defence)")));
    }
    for m in e.messages {
        facts.push(("message", (*m).to_owned()));
    }
    for m in e.related_messages {
        facts.push(("also", (*m).to_owned()));
    }
    if !e.aliases.is_empty() {
        facts.push(("also found as", e.aliases.join(", ")));
    }
    for (label, value) in facts {
        let head = format!("  {label:<13} ");
        if label == "message" || label == "also" {
            // Verbatim: WCF's texts keep their exact spacing.
            out.push_str(&format!("{head}{value}\n"));
        } else {
            wrap_into(out, &value, &head, &" ".repeat(head.chars().count()));
        }
    }
    out.push_str("\nWhat it means\n");
    wrap_into(out, e.meaning, "  ", "  ");
    out.push_str("\nUsual causes\n");
    for c in e.causes {
        wrap_into(out, c, "  - ", "    ");
    }
    out.push_str("\nHow to fix\n");
    for f in e.fixes {
        wrap_into(out, f, "  - ", "    ");
    }
}

/// Word-wrap `text` to [`WIDTH`], the first line after `first`, the others after `rest`.
fn wrap_into(out: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = String::from(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = String::from(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

fn shorten(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        one_line.chars().take(max).collect::<String>() + "…"
    }
}

/// The rendered entry for `code`, as `soapsec explain CODE` prints it; a hint when there is
/// no entry.
pub(crate) fn entry_text(code: &str) -> String {
    match soapsec::explain::get(code) {
        Some(e) => {
            let mut out = String::new();
            render(&mut out, e);
            out
        }
        None => format!("{}\n", soapsec::explain::hint(code)),
    }
}
