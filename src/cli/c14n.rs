//! `soapsec c14n`: the canonical form of a document, an element, or the SOAP Body, for people
//! chasing a digest mismatch.

use super::{EXIT_BAD_INPUT, EXIT_OK};
use clap::Args;
use soapsec::c14n::{Algorithm, Subset, WriteSink, canonicalize};
use soapsec::envelope::Envelope;
use soapsec::xml::{Document, IdAttribute, Limits, ParseOptions};
use std::io::{Read, Write};

/// Write the canonical form of FILE (or of one element of it) to standard output.
#[derive(Debug, Args)]
pub(crate) struct C14nArgs {
    /// Exclusive XML Canonicalization 1.0 (default: Canonical XML 1.0).
    #[arg(long)]
    exclusive: bool,
    /// Keep comments (the `#WithComments` variants).
    #[arg(long)]
    with_comments: bool,
    /// InclusiveNamespaces PrefixList for exclusive C14N, comma-separated (`#default` for the
    /// default namespace).
    #[arg(long, value_delimiter = ',', requires = "exclusive")]
    prefixes: Vec<String>,
    /// Canonicalize only the element with this ID (wsu:Id, xml:id, Id/ID on XML Signature and
    /// Encryption elements, or an --id-attribute).
    #[arg(long, conflicts_with = "body")]
    id: Option<String>,
    /// Canonicalize only the SOAP Body (found by position: /Envelope/Body).
    #[arg(long)]
    body: bool,
    /// Also treat this unqualified attribute as an ID on every element (repeatable).
    #[arg(long = "id-attribute", value_name = "NAME")]
    id_attributes: Vec<String>,
    /// Largest accepted input, in bytes.
    #[arg(long, default_value_t = Limits::default().max_input_bytes)]
    max_bytes: usize,
    /// The XML file, or `-` for standard input.
    file: String,
}

pub(crate) fn run(args: C14nArgs) -> u8 {
    match run_inner(&args) {
        Ok(()) => EXIT_OK,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_BAD_INPUT
        }
    }
}

fn run_inner(args: &C14nArgs) -> Result<(), String> {
    let (name, bytes) = read_input(&args.file, args.max_bytes)?;
    let mut options = ParseOptions::default();
    options.limits.max_input_bytes = args.max_bytes;
    options.limits.max_text_length = options.limits.max_text_length.min(args.max_bytes);
    for a in &args.id_attributes {
        options.id_attributes.push(IdAttribute::any_element("", a));
    }
    // Errors that concern a place display as `line:column: message`.
    let doc = Document::parse_bytes(&bytes, &options).map_err(|e| located(&name, &e))?;
    let subset = if let Some(id) = &args.id {
        match doc.element_by_id(id) {
            Some(el) => Subset::subtree(el.id()),
            None => return Err(format!("{name}: no element has the ID '{id}'")),
        }
    } else if args.body {
        let env = Envelope::from_document(&doc).map_err(|e| located(&name, &e))?;
        Subset::subtree(env.body().id())
    } else {
        Subset::document()
    };
    let algorithm = match (args.exclusive, args.with_comments) {
        (false, false) => Algorithm::C14n10,
        (false, true) => Algorithm::C14n10WithComments,
        (true, false) => Algorithm::Exclusive,
        (true, true) => Algorithm::ExclusiveWithComments,
    };
    let prefixes: Vec<&str> = args.prefixes.iter().map(|p| p.trim()).collect();
    let stdout = std::io::stdout();
    let mut sink = WriteSink::new(std::io::BufWriter::with_capacity(1 << 16, stdout.lock()));
    canonicalize(&doc, algorithm, &prefixes, subset, &mut sink)
        .map_err(|e| format!("{name}: {e}"))?;
    sink.finish()
        .and_then(|mut w| w.flush())
        .map_err(|e| format!("writing output: {e}"))
}

/// Read FILE or standard input, refusing more than `max` bytes without reading them all.
pub(crate) fn read_input(file: &str, max: usize) -> Result<(String, Vec<u8>), String> {
    let mut buf = Vec::new();
    let (name, reader): (String, Box<dyn Read>) = if file == "-" {
        ("<stdin>".into(), Box::new(std::io::stdin()))
    } else {
        let f = std::fs::File::open(file).map_err(|e| format!("{file}: {e}"))?;
        (file.into(), Box::new(f))
    };
    reader
        .take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{name}: {e}"))?;
    if buf.len() > max {
        return Err(format!(
            "{name}: input is larger than {max} bytes (raise it with --max-bytes)"
        ));
    }
    Ok((name, buf))
}

/// `FILE:line:column: message` for errors whose text starts with a position, else
/// `FILE: message`.
fn located(name: &str, e: &dyn std::fmt::Display) -> String {
    let text = e.to_string();
    let starts_with_position = text
        .split(':')
        .take(2)
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if starts_with_position {
        format!("{name}:{text}")
    } else {
        format!("{name}: {text}")
    }
}
