//! Helpers shared by the integration tests. Each test crate uses a different subset.
#![allow(dead_code)]

pub mod pki;

use std::path::{Path, PathBuf};

/// The shared conformance vectors: `$SOAPSEC_VECTORS`, else `../shared/vectors` beside the
/// repository. They are required in CI (`CI` set): a missing folder fails the test there.
/// Elsewhere one line says that `suite` did not run, and the caller gets `None`.
pub fn vectors_dir(suite: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("SOAPSEC_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"));
    if dir.join("manifest.tsv").is_file() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "conformance vectors not found at {} (set SOAPSEC_VECTORS); they are required in CI",
            dir.display()
        );
    }
    println!(
        "{suite}: did not run: no conformance vectors at {} (set SOAPSEC_VECTORS)",
        dir.display()
    );
    None
}
