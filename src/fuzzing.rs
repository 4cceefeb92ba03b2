//! Entry points shared by the cargo-fuzz targets in `fuzz/` and by the corpus-replay test in
//! `tests/fuzz_corpus.rs`, so that CI on stable Rust exercises exactly what the fuzzers run.
//! Each function must never panic on any input; where a parse succeeds it checks invariants
//! that could fail (and panics only if soapsec itself is wrong).

/// Contract-file parser: any bytes, never a panic.
pub fn contract_file(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::contract::parse_contract_file(text);
    }
}
