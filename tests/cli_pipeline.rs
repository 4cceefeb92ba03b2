//! `soapsec demo`, `soapsec protect` and `soapsec verify`, through the built binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_soapsec");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const NOT_ENCRYPTED: &str = "The 'Body', 'http://schemas.xmlsoap.org/soap/envelope/' required message part  was not encrypted.";
/// 2030-01-01T00:00:00Z, inside the test PKI's validity.
const AT: &str = "2030-01-01T00:00:00Z";
const AT_LATER: &str = "2030-01-01T00:00:05Z";

const TAX_WSHTTP: &str = r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header><a:Action s:mustUnderstand="1">http://tempuri.org/IPurchaseOrder/Tax</a:Action><a:MessageID>urn:uuid:6f1c2a40-0000-4000-8000-000000000002</a:MessageID><a:To s:mustUnderstand="1">http://localhost/PurchaseOrder</a:To></s:Header><s:Body><Tax xmlns="http://tempuri.org/"><amount>10</amount></Tax></s:Body></s:Envelope>"#;
const PRICE_REPLY_BASIC: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><PriceResponse xmlns="http://tempuri.org/"><PriceResult>42</PriceResult></PriceResponse></s:Body></s:Envelope>"#;
const PRICE_BASIC: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Price xmlns="http://tempuri.org/"><item>widget</item></Price></s:Body></s:Envelope>"#;

fn path(rel: &str) -> String {
    format!("{ROOT}/{rel}")
}

fn pki(name: &str) -> String {
    path(&format!("testdata/pki/{name}"))
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(std::env::temp_dir())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn soapsec");
    if let Some(input) = stdin {
        // The command may exit before reading its input (bad options): a broken pipe here
        // is not a failure; the exit code is what the tests check.
        let _ = child.stdin.take().expect("stdin").write_all(input);
    }
    child.wait_with_output().expect("wait for soapsec")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("soapsec-cli-pipeline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir.join(name)
}

fn write(p: &Path, bytes: &[u8]) -> String {
    std::fs::write(p, bytes).expect("write scratch file");
    p.display().to_string()
}

/// `protect` args for the client sending (or the service sending, with `as_service`).
fn protect_args<'a>(
    contract: &'a str,
    binding: &'a str,
    direction: &'a str,
    action: Option<&'a str>,
    key: &'a str,
    cert: &'a str,
    peer: &'a str,
) -> Vec<String> {
    let mut v: Vec<String> = [
        "protect",
        "--contract",
        contract,
        "--binding",
        binding,
        "--direction",
        direction,
        "--key",
        key,
        "--cert",
        cert,
        "--peer-cert",
        peer,
        "--at",
        AT,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(a) = action {
        v.push("--action".into());
        v.push(a.into());
    }
    v
}

fn verify_args(
    contract: &str,
    binding: &str,
    direction: &str,
    key: &str,
    cert: &str,
) -> Vec<String> {
    [
        "verify",
        "--contract",
        contract,
        "--binding",
        binding,
        "--direction",
        direction,
        "--key",
        key,
        "--cert",
        cert,
        "--trust",
        &pki("root-ca.pem"),
        "--at",
        AT_LATER,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn demo_shows_the_mismatch_and_the_wshttp_success() {
    let out = run(&["demo"], None);
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(stdout.contains("== basicHttp:Message"), "{stdout}");
    assert!(stdout.contains("== wsHttp"), "{stdout}");
    assert!(stdout.contains("client REJECTS the reply:"), "{stdout}");
    assert!(
        stdout.contains(&format!("  {NOT_ENCRYPTED}\n")),
        "the exact WCF text: {stdout}"
    );
    assert!(
        stdout.contains("client accepts the reply: PriceResult 42"),
        "{stdout}"
    );
    assert!(stdout.contains("basicHttp:Message: the run matched the prediction"));
    assert!(stdout.contains("wsHttp: the run matched the prediction"));
    // The short form, not the base64.
    assert!(stdout.contains("wsse:Security (mustUnderstand)"));
    assert!(stdout.contains("ds:Signature  rsa-sha256 over"));
    assert!(
        !stdout.contains("MII"),
        "no certificate base64 in the short form"
    );
}

#[test]
fn demo_over_one_binding_and_a_bad_binding() {
    let out = run(&["demo", "--binding", "wsHttp"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("basicHttp:Message"));
    let out = run(&["demo", "--binding", "noSuchBinding"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("error: "));
}

#[test]
fn protect_then_verify_through_files_encrypts_tax() {
    let contract = path("contracts/purchase-order-client.xml");
    let input = write(&scratch("tax.xml"), TAX_WSHTTP.as_bytes());
    let secured = scratch("tax.secured.xml").display().to_string();
    let mut args = protect_args(
        &contract,
        "wsHttp",
        "request",
        Some("http://tempuri.org/IPurchaseOrder/Tax"),
        &pki("client.key.pem"),
        &pki("client.pem"),
        &pki("server.pem"),
    );
    args.extend(["--output".to_string(), secured.clone(), input]);
    let out = run(&strs(&args), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let wire = std::fs::read_to_string(&secured).expect("secured file");
    assert!(wire.contains("EncryptedData"), "Tax is EncryptAndSign");
    assert!(
        !wire.contains("<amount>10</amount>"),
        "the body is encrypted"
    );

    let mut args = verify_args(
        &contract,
        "wsHttp",
        "request",
        &pki("server.key.pem"),
        &pki("server.pem"),
    );
    args.push(secured);
    let out = run(&strs(&args), None);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("caller:   CN=soapsec test client"),
        "{stdout}"
    );
    assert!(stdout.contains("action:   http://tempuri.org/IPurchaseOrder/Tax"));
    assert!(
        stdout.contains("Body       EncryptAndSign  yes     yes"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Action     Sign            yes     no"),
        "{stdout}"
    );
}

#[test]
fn verify_holds_a_message_to_its_maximum_age() {
    let contract = path("contracts/purchase-order-client.xml");
    let mut args = protect_args(
        &contract,
        "wsHttp",
        "request",
        Some("http://tempuri.org/IPurchaseOrder/Tax"),
        &pki("client.key.pem"),
        &pki("client.pem"),
        &pki("server.pem"),
    );
    // A long-lived Timestamp: Expires a day after Created.
    args.extend(["--ttl".to_string(), "86400".to_string(), "-".to_string()]);
    let out = run(&strs(&args), Some(TAX_WSHTTP.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let wire = out.stdout;
    let verify_at = |at: &str, extra: &[&str]| {
        let mut v = verify_args(
            &contract,
            "wsHttp",
            "request",
            &pki("server.key.pem"),
            &pki("server.pem"),
        );
        assert_eq!(v[v.len() - 2], "--at");
        v.truncate(v.len() - 2);
        v.extend(["--at".to_string(), at.to_string()]);
        v.extend(extra.iter().map(|s| s.to_string()));
        v.push("-".into());
        run(&strs(&v), Some(&wire))
    };
    // Ten minutes after Created (300 s age + 300 s skew): the last accepted second.
    assert_eq!(
        verify_at("2030-01-01T00:10:00Z", &[]).status.code(),
        Some(0)
    );
    // One second more: too old, though Expires is a day away.
    let late = verify_at("2030-01-01T00:10:01Z", &[]);
    assert_eq!(late.status.code(), Some(1));
    let err = text(&late.stderr);
    assert!(
        err.contains("more than 300 s ago")
            && err.contains("soapsec explain pipeline/TimestampTooOld"),
        "{err}"
    );
    // A receiver that admits an hour.
    assert_eq!(
        verify_at("2030-01-01T00:10:01Z", &["--max-age", "3600"])
            .status
            .code(),
        Some(0)
    );
    // Out of range: a usage error naming the flag, nothing verified.
    for (flag, value) in [
        ("--max-age", "0"),
        ("--max-age", "86401"),
        ("--skew", "3601"),
        ("--skew", "-1"),
    ] {
        let o = verify_at("2030-01-01T00:00:05Z", &[&format!("{flag}={value}")]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
        assert!(
            text(&o.stderr).contains(&format!("{flag}: ")),
            "{}",
            text(&o.stderr)
        );
    }
}

#[test]
fn protect_then_verify_through_stdin_with_the_legacy_suite() {
    let contract = path("contracts/purchase-order-client.xml");
    let mut args = protect_args(
        &contract,
        "wsHttp",
        "request",
        Some("http://tempuri.org/IPurchaseOrder/Tax"),
        &pki("client.key.pem"),
        &pki("client.pem"),
        &pki("server.pem"),
    );
    args.extend(["--legacy-wcf-basic256".to_string(), "-".to_string()]);
    let out = run(&strs(&args), Some(TAX_WSHTTP.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let wire = out.stdout;
    let wire_text = text(&wire);
    assert!(wire_text.contains("aes256-cbc"), "{wire_text}");
    assert!(wire_text.contains("rsa-oaep-mgf1p"), "{wire_text}");

    let mut args = verify_args(
        &contract,
        "wsHttp",
        "request",
        &pki("server.key.pem"),
        &pki("server.pem"),
    );
    args.extend(["--legacy-wcf-basic256".to_string(), "-".to_string()]);
    let out = run(&strs(&args), Some(&wire));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Body       EncryptAndSign  yes     yes"));

    // Without the switch the receiver's policy refuses the SHA-1/CBC message.
    args.retain(|a| a != "--legacy-wcf-basic256");
    let out = run(&strs(&args), Some(&wire));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stderr).starts_with("error: <stdin>: "));
}

#[test]
fn verify_reports_the_seed_reply_error_with_exit_1() {
    // The service protects Price's reply (Sign); the client's contract requires
    // EncryptAndSign for every reply on basicHttp:Message.
    let args = protect_args(
        &path("contracts/purchase-order-service.xml"),
        "basicHttp:Message",
        "reply",
        None,
        &pki("server.key.pem"),
        &pki("server.pem"),
        &pki("client.pem"),
    );
    let mut args = args;
    args.push("-".into());
    let out = run(&strs(&args), Some(PRICE_REPLY_BASIC.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut vargs = verify_args(
        &path("contracts/purchase-order-client.xml"),
        "basicHttp:Message",
        "reply",
        &pki("client.key.pem"),
        &pki("client.pem"),
    );
    vargs.push("-".into());
    let res = run(&strs(&vargs), Some(&out.stdout));
    assert_eq!(res.status.code(), Some(1));
    assert_eq!(
        text(&res.stderr),
        format!(
            "error: <stdin>: {NOT_ENCRYPTED}\nhint: run `soapsec explain pipeline/PartNotEncrypted`\n"
        )
    );
    assert!(res.stdout.is_empty());
}

#[test]
fn verify_of_a_tampered_file_exits_1() {
    let contract = path("contracts/purchase-order-client.xml");
    let mut args = protect_args(
        &contract,
        "basicHttp:Message",
        "request",
        Some("http://tempuri.org/IPurchaseOrder/Price"),
        &pki("client.key.pem"),
        &pki("client.pem"),
        &pki("server.pem"),
    );
    args.push("-".into());
    let out = run(&strs(&args), Some(PRICE_BASIC.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let wire = text(&out.stdout);
    assert!(wire.contains("<item>widget</item>"), "Price is signed only");
    let tampered = write(
        &scratch("price.tampered.xml"),
        wire.replace("<item>widget</item>", "<item>gadget</item>")
            .as_bytes(),
    );
    let mut vargs = verify_args(
        &contract,
        "basicHttp:Message",
        "request",
        &pki("server.key.pem"),
        &pki("server.pem"),
    );
    vargs.extend([
        "--soap-action".to_string(),
        "http://tempuri.org/IPurchaseOrder/Price".to_string(),
    ]);
    let good = write(&scratch("price.good.xml"), wire.as_bytes());
    let mut ok_args = vargs.clone();
    ok_args.push(good);
    let ok = run(&strs(&ok_args), None);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("Body  Sign            yes     no"));

    vargs.push(tampered.clone());
    let bad = run(&strs(&vargs), None);
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad.stdout));
    let err = text(&bad.stderr);
    assert!(err.starts_with(&format!("error: {tampered}: ")), "{err}");
    assert!(bad.stdout.is_empty());
}

#[test]
fn bad_inputs_exit_2() {
    let contract = path("contracts/purchase-order-client.xml");
    // A key path that does not exist.
    let mut args = protect_args(
        &contract,
        "wsHttp",
        "request",
        Some("http://tempuri.org/IPurchaseOrder/Tax"),
        "/nonexistent/soapsec/key.pem",
        &pki("client.pem"),
        &pki("server.pem"),
    );
    args.push("-".into());
    let out = run(&strs(&args), Some(TAX_WSHTTP.as_bytes()));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: /nonexistent/soapsec/key.pem: "),
        "{err}"
    );

    let mut vargs = verify_args(
        &contract,
        "wsHttp",
        "request",
        "/nonexistent/soapsec/key.pem",
        &pki("server.pem"),
    );
    vargs.push("-".into());
    let out = run(&strs(&vargs), Some(b"<x/>"));
    assert_eq!(out.status.code(), Some(2));

    // A key that is not a key, input that is not XML, a key that does not match the cert.
    let not_a_key = write(&scratch("not-a-key.pem"), b"hello");
    let mut vargs = verify_args(
        &contract,
        "wsHttp",
        "request",
        &not_a_key,
        &pki("server.pem"),
    );
    vargs.push("-".into());
    assert_eq!(run(&strs(&vargs), Some(b"<x/>")).status.code(), Some(2));
    let mut vargs = verify_args(
        &contract,
        "wsHttp",
        "request",
        &pki("server.key.pem"),
        &pki("server.pem"),
    );
    vargs.push("-".into());
    let out = run(&strs(&vargs), Some(b"not xml at all <"));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let mut vargs = verify_args(
        &contract,
        "wsHttp",
        "request",
        &pki("client.key.pem"),
        &pki("server.pem"),
    );
    vargs.push("-".into());
    assert_eq!(run(&strs(&vargs), Some(b"<x/>")).status.code(), Some(2));
    // An unknown binding; a bad --at.
    let mut vargs = verify_args(
        &contract,
        "nope",
        "request",
        &pki("server.key.pem"),
        &pki("server.pem"),
    );
    vargs.push("-".into());
    assert_eq!(run(&strs(&vargs), Some(b"<x/>")).status.code(), Some(2));
    let mut args = protect_args(
        &contract,
        "wsHttp",
        "request",
        Some("http://tempuri.org/IPurchaseOrder/Tax"),
        &pki("client.key.pem"),
        &pki("client.pem"),
        &pki("server.pem"),
    );
    args.extend(["--at".to_string(), "yesterday".to_string(), "-".to_string()]);
    assert_eq!(
        run(&strs(&args), Some(TAX_WSHTTP.as_bytes())).status.code(),
        Some(2)
    );
}
