//! `soapsec c14n`, run as a user would.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn soapsec(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_soapsec"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run soapsec");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

const ENV: &str = r#"<?xml version="1.0"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" xmlns:x="urn:unused">
  <s:Header><h xmlns="urn:h" u:Id="h1">v</h></s:Header>
  <s:Body u:Id="b1"><m:Op xmlns:m="urn:m" b="2" a="1"><!--c-->t</m:Op></s:Body>
</s:Envelope>"#;

#[test]
fn body_exclusive_and_inclusive() {
    let out = soapsec(&["c14n", "--exclusive", "--body", "-"], ENV);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        r#"<s:Body xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" u:Id="b1"><m:Op xmlns:m="urn:m" a="1" b="2">t</m:Op></s:Body>"#
    );
    let out = soapsec(&["c14n", "--body", "--with-comments", "-"], ENV);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(r#"xmlns:x="urn:unused""#),
        "inclusive keeps unused: {text}"
    );
    assert!(text.contains("<!--c-->"), "{text}");
}

#[test]
fn by_id_with_prefix_list() {
    let out = soapsec(
        &[
            "c14n",
            "--exclusive",
            "--prefixes",
            "x,#default",
            "--id",
            "h1",
            "-",
        ],
        ENV,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        r#"<h xmlns="urn:h" xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" xmlns:x="urn:unused" u:Id="h1">v</h>"#
    );
}

#[test]
fn whole_document_from_a_file() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("soapsec-c14n-{}.xml", std::process::id()));
    std::fs::write(&path, "<a b='1'  ><c/></a>").unwrap();
    let out = soapsec(&["c14n", path.to_str().unwrap()], "");
    std::fs::remove_file(&path).ok();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, b"<a b=\"1\"><c></c></a>");
}

#[test]
fn errors_exit_2_with_line_and_column() {
    let out = soapsec(&["c14n", "-"], "<a>\n  <b></c>\n</a>");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: <stdin>:2:6: end tag </c>"), "{err}");
    let out = soapsec(&["c14n", "-"], "<!DOCTYPE a><a/>");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1:1: DOCTYPE is not allowed"));
    let out = soapsec(&["c14n", "--id", "nope", "-"], ENV);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no element has the ID 'nope'"));
    let out = soapsec(&["c14n", "--body", "-"], "<a/>");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1:1:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = soapsec(&["c14n", "/nonexistent/file.xml"], "");
    assert_eq!(out.status.code(), Some(2));
    let out = soapsec(&["c14n", "--max-bytes", "4", "-"], "<a>long</a>");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than 4 bytes"));
    let out = soapsec(&["c14n", "--bogus", "-"], "");
    assert_eq!(out.status.code(), Some(2));
}
