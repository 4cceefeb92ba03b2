//! The contract-file parser on the shipped examples and on the fuzz seed corpus.

use soapsec::contract::{ContractError, parse_contract_file};
use std::path::Path;

fn files(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

#[test]
fn every_shipped_contract_parses() {
    let all = files("contracts");
    assert!(all.len() >= 4);
    for path in all {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let parsed = parse_contract_file(&text);
        assert!(parsed.is_ok(), "{}: {:?}", path.display(), parsed.err());
    }
}

#[test]
fn corpus_never_panics_and_bad_seeds_are_rejected() {
    let all = files("fuzz/corpus/contract_file");
    assert!(all.len() >= 10);
    for path in all {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
        soapsec::fuzzing::contract_file(&bytes);
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("bad-") {
            let text = String::from_utf8_lossy(&bytes);
            let err = parse_contract_file(&text).err();
            assert!(err.is_some(), "{name} should be rejected");
            // Every file error carries a position.
            let located = err.as_ref().and_then(ContractError::location);
            assert!(located.is_some(), "{name}: {err:?}");
        }
    }
}

#[test]
fn every_prefix_of_every_example_is_handled() {
    // Truncations exercise every "unexpected end of file" path without panicking.
    for path in files("contracts") {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let complete = text.trim_end().len();
        for (i, _) in text.char_indices().take_while(|(i, _)| *i < complete) {
            let prefix = text.get(..i).unwrap_or_default();
            let r = parse_contract_file(prefix);
            assert!(r.is_err(), "{} truncated at {i} parsed", path.display());
        }
    }
}

#[test]
fn byte_order_mark_is_accepted() {
    let f = parse_contract_file("\u{feff}<contractFile><contract name=\"C\"/></contractFile>");
    assert_eq!(f.map(|f| f.contract.name).ok().as_deref(), Some("C"));
}

#[test]
fn entities_and_unicode_in_names() {
    let f = parse_contract_file(
        r#"<contractFile><contract name="C&amp;D" namespace="urn:&#x1F600;"><operation name="é"/></contract></contractFile>"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(f.contract.name, "C&D");
    assert_eq!(f.contract.namespace, "urn:😀");
    assert_eq!(
        f.contract.operations.first().map(|o| o.action.as_str()),
        Some("urn:😀/C&D/é")
    );
}

#[test]
fn column_counts_characters_not_bytes() {
    let e = parse_contract_file(
        "<contractFile><contract name=\"é\"><bogus/></contract></contractFile>",
    )
    .err()
    .map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some("1:34: found <bogus>, expected <operation> or </contract>")
    );
}
