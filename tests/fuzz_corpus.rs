//! Replays every file of every `fuzz/corpus/<target>/` through the matching
//! `soapsec::fuzzing` entry point, so that `cargo test` on stable Rust runs exactly what the
//! cargo-fuzz targets run (see `fuzz/`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("corpus")
        .join(target)
}

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("corpus directory {} is unreadable: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Run `f` on every corpus file of `target`; fail listing every file that panicked.
fn replay(target: &str, required: bool, f: fn(&[u8])) {
    let dir = corpus_dir(target);
    if !dir.is_dir() {
        assert!(!required, "corpus directory {} is missing", dir.display());
        println!("fuzz corpus {target}: no corpus directory, nothing replayed");
        return;
    }
    let files = corpus_files(&dir);
    assert!(
        !files.is_empty(),
        "corpus directory {} is empty",
        dir.display()
    );
    let mut failed = Vec::new();
    for path in &files {
        let data = std::fs::read(path).expect("corpus file is readable");
        if catch_unwind(AssertUnwindSafe(|| f(&data))).is_err() {
            failed.push(path.display().to_string());
        }
    }
    println!("fuzz corpus {target}: {} files replayed", files.len());
    assert!(
        failed.is_empty(),
        "{} of {} corpus files of {target} panicked:\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn xml_parse_corpus() {
    replay("xml_parse", true, soapsec::fuzzing::xml_parse);
}

#[test]
fn c14n_corpus() {
    replay("c14n", true, soapsec::fuzzing::c14n);
}

#[test]
fn envelope_corpus() {
    replay("envelope", true, soapsec::fuzzing::envelope);
}

/// The contract-file corpus is owned by the contract work; it is replayed when present.
#[test]
fn contract_file_corpus() {
    replay("contract_file", false, soapsec::fuzzing::contract_file);
}

/// The inbound pipeline's corpus: valid secured envelopes from our outbound pipeline (each
/// direction and protection order, sign-only, a declared fault) and mutations of them.
#[test]
fn inbound_corpus() {
    replay("inbound", true, soapsec::fuzzing::inbound);
}

/// The inspector's corpus: the inbound corpus under several selectors, and the example
/// envelopes.
#[test]
fn inspect_corpus() {
    replay("inspect", true, soapsec::fuzzing::inspect);
}
