//! `soapsec inspect` end to end: snapshots (insta) of the tree and the JSON over the example
//! envelopes of `testdata/envelopes/` (plain, signed, signed and encrypted, a fault, the seed's
//! mismatch reply) and over the `wss` rows of the shared vectors; exit codes, colour and
//! `NO_COLOR`, malformed input.
//!
//! Snapshots live in `tests/snapshots/`. After an intended change to the output, review with
//! `INSTA_UPDATE=always cargo test --test cli_inspect` and `git diff tests/snapshots`.

mod common;

use std::path::Path;
use std::process::Command;

const AT: &str = "2030-01-01T00:01:00Z";
const SECURED: &str = "testdata/envelopes/secured";
const PKI: &str = "testdata/pki";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_soapsec"));
    cmd.current_dir(dir).arg("inspect").args(args);
    cmd.env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run soapsec");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn run(args: &[&str]) -> Out {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, &[])
}

fn pki(name: &str) -> String {
    format!("{PKI}/{name}")
}

fn secured(name: &str) -> String {
    format!("{SECURED}/{name}")
}

#[test]
fn plain_request_tree_and_json() {
    let o = run(&["testdata/envelopes/soap11-request.xml", "--at", AT]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!("plain_tree", o.stdout);
    let o = run(&[
        "testdata/envelopes/soap11-request.xml",
        "--at",
        AT,
        "--json",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["inspection"]["schema"], "soapsec.inspect/1");
    assert_eq!(v["inspection"]["security"], serde_json::Value::Null);
    insta::assert_snapshot!("plain_json", o.stdout);
}

#[test]
fn signed_request_claims_then_verified() {
    let file = secured("signed-price-request.xml");
    let o = run(&[&file, "--at", AT]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("CLAIMS, not verified"), "{}", o.stdout);
    insta::assert_snapshot!("signed_claims_tree", o.stdout);

    let trust = pki("root-ca.pem");
    let o = run(&[&file, "--at", AT, "--trust", &trust]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    insta::assert_snapshot!("signed_verified_tree", o.stdout);

    let o = run(&[&file, "--at", AT, "--trust", &trust, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let body = v["inspection"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Body")
        .unwrap()
        .clone();
    assert_eq!(body["signed"]["status"], "verified");
    assert_eq!(body["encrypted"]["status"], "no");
    insta::assert_snapshot!("signed_verified_json", o.stdout);
}

#[test]
fn tampered_signed_body_fails_verification_with_the_reason() {
    let dir = tempdir("tampered");
    let src = std::fs::read_to_string(secured("signed-price-request.xml")).unwrap();
    assert!(src.contains("<quantity>3</quantity>"));
    let bad = src.replace("<quantity>3</quantity>", "<quantity>9</quantity>");
    let file = dir.join("tampered.xml");
    std::fs::write(&file, bad).unwrap();
    let trust = pki("root-ca.pem");
    let o = run(&[file.to_str().unwrap(), "--at", AT, "--trust", &trust]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("signature   FAILED"), "{}", o.stdout);
    assert!(o.stdout.contains("Body: signature:"), "{}", o.stdout);
    assert!(o.stdout.contains("digest"), "{}", o.stdout);
}

#[test]
fn signed_and_encrypted_request_with_keys_and_contract() {
    let file = secured("encrypted-tax-request.xml");
    let o = run(&[&file, "--at", AT]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!o.stdout.contains("29.97"), "the body is encrypted");
    insta::assert_snapshot!("encrypted_claims_tree", o.stdout);

    let (key, cert, trust) = (pki("server.key.pem"), pki("server.pem"), pki("root-ca.pem"));
    let args = [
        file.as_str(),
        "--at",
        AT,
        "--key",
        &key,
        "--cert",
        &cert,
        "--trust",
        &trust,
        "--contract",
        "contracts/purchase-order-client.xml",
        "--binding",
        "wsHttp",
    ];
    let o = run(&args);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("ACCEPTED"), "{}", o.stdout);
    insta::assert_snapshot!("encrypted_verified_contract_tree", o.stdout);

    let mut with_json = args.to_vec();
    with_json.push("--json");
    let o = run(&with_json);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["inspection"]["requirements"]["verdict"]["accepted"], true);
    assert_eq!(
        v["inspection"]["requirements"]["verdict"]["basis"],
        "pipeline"
    );
    insta::assert_snapshot!("encrypted_verified_contract_json", o.stdout);

    let mut shown = args.to_vec();
    shown.push("--show-decrypted");
    let o = run(&shown);
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("Decrypted envelope"), "{}", o.stdout);
    assert!(o.stdout.contains("<amount>29.97</amount>"), "{}", o.stdout);

    // The wrong private key: decryption fails, with the reason, exit 1.
    let (ckey, ccert) = (pki("client.key.pem"), pki("client.pem"));
    let o = run(&[
        &file, "--at", AT, "--key", &ckey, "--cert", &ccert, "--trust", &trust,
    ]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("decryption  FAILED"), "{}", o.stdout);
}

#[test]
fn fault() {
    let o = run(&["testdata/envelopes/soap12-fault.xml", "--at", AT]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("fault "), "{}", o.stdout);
    insta::assert_snapshot!("fault_tree", o.stdout);
    let o = run(&["testdata/envelopes/soap11-fault.xml", "--at", AT, "--json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["inspection"]["body"]["content"]["kind"], "fault");
    insta::assert_snapshot!("fault_json", o.stdout);
}

/// The seed: the service signs Price's reply, the client (whose contract adds Tax at the
/// binding default) holds every reply to EncryptAndSign over basicHttp:Message.
#[test]
fn seed_mismatch_reply_under_the_client_contract() {
    let file = secured("seed-mismatch-price-reply.xml");
    let contract = ["--contract", "contracts/purchase-order-client.xml"];
    let binding = ["--binding", "basicHttp:Message"];
    let mut args = vec![file.as_str(), "--at", AT];
    args.extend(contract);
    args.extend(binding);
    let o = run(&args);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let wcf = "The 'Body', 'http://schemas.xmlsoap.org/soap/envelope/' required message part  was not encrypted.";
    assert!(o.stdout.contains(wcf), "{}", o.stdout);
    assert!(o.stdout.contains("no WS-Addressing"), "{}", o.stdout);
    insta::assert_snapshot!("seed_mismatch_claims_tree", o.stdout);

    // With keys the real pipeline gives the same verdict.
    let (key, cert, trust) = (pki("client.key.pem"), pki("client.pem"), pki("root-ca.pem"));
    let mut keyed = args.clone();
    keyed.extend(["--key", &key, "--cert", &cert, "--trust", &trust]);
    let o = run(&keyed);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains(wcf), "{}", o.stdout);
    assert!(
        o.stdout.contains("the inbound pipeline ran"),
        "{}",
        o.stdout
    );
    insta::assert_snapshot!("seed_mismatch_verified_tree", o.stdout);
    keyed.push("--json");
    let o = run(&keyed);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let verdict = &v["inspection"]["requirements"]["verdict"];
    assert_eq!(verdict["accepted"], false);
    assert_eq!(verdict["error"], wcf);
    assert_eq!(v["failed"], true);
    insta::assert_snapshot!("seed_mismatch_verified_json", o.stdout);

    // The same reply under the service's own contract is fine.
    let o = run(&[
        &file,
        "--at",
        AT,
        "--contract",
        "contracts/purchase-order-service.xml",
        "--binding",
        "basicHttp:Message",
        "--key",
        &key,
        "--cert",
        &cert,
        "--trust",
        &trust,
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("ACCEPTED"), "{}", o.stdout);
}

/// The receiver's clock settings shape the verdict: the reply (Created 00:00, Expires 00:05)
/// judged at 00:09:30 is expired beyond the default 300 s skew only after 00:10; with
/// `--skew 0` it is already expired; out-of-range values are usage errors.
#[test]
fn receiver_clock_settings_in_the_verdict() {
    let file = secured("seed-mismatch-price-reply.xml");
    let (key, cert, trust) = (pki("client.key.pem"), pki("client.pem"), pki("root-ca.pem"));
    let base = [
        file.as_str(),
        "--at",
        "2030-01-01T00:09:30Z",
        "--contract",
        "contracts/purchase-order-service.xml",
        "--binding",
        "basicHttp:Message",
        "--key",
        &key,
        "--cert",
        &cert,
        "--trust",
        &trust,
    ];
    let o = run(&base);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let mut strict = base.to_vec();
    strict.extend(["--skew", "0"]);
    let o = run(&strict);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("pipeline/TimestampExpired"),
        "{}",
        o.stdout
    );
    let mut young = base.to_vec();
    young.extend(["--max-age", "60"]);
    let o = run(&young);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("pipeline/TimestampTooOld"),
        "{}",
        o.stdout
    );
    for bad in ["--skew=3601", "--max-age=0"] {
        let mut a = base.to_vec();
        a.push(bad);
        let o = run(&a);
        assert_eq!(o.code, 2, "{bad}: {}{}", o.stdout, o.stderr);
        assert!(
            o.stderr.contains(&bad[..bad.find('=').unwrap_or(0)]),
            "{}",
            o.stderr
        );
    }
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_inspect-{name}"));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn malformed_input_gets_line_column_and_a_caret() {
    let dir = tempdir("malformed");
    let file = dir.join("bad.xml");
    std::fs::write(
        &file,
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">\n  <s:Body>\n    <x:Op/>\n  </s:Body>\n</s:Envelope>\n",
    )
    .unwrap();
    let o = run(&[file.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert!(o.stdout.is_empty());
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert!(lines[0].starts_with("error: "), "{}", o.stderr);
    assert!(
        lines[0].ends_with("bad.xml:3:6: namespace prefix 'x' is not declared"),
        "{}",
        o.stderr
    );
    assert_eq!(lines[1], "3 |     <x:Op/>");
    assert_eq!(lines[2], "         ^", "{}", o.stderr);

    // Not an envelope.
    std::fs::write(&file, "<a/>").unwrap();
    let o = run(&[file.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("1:1"), "{}", o.stderr);
    // A DOCTYPE is refused, with its place.
    std::fs::write(&file, "<!DOCTYPE a [<!ENTITY x \"y\">]><a/>").unwrap();
    let o = run(&[file.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("DOCTYPE is not allowed"), "{}", o.stderr);
}

#[test]
fn exit_codes_for_usage_and_unreadable_files() {
    let o = run(&["no-such-file.xml"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no-such-file.xml"), "{}", o.stderr);
    // --binding needs --contract.
    let o = run(&[
        "testdata/envelopes/soap11-request.xml",
        "--binding",
        "wsHttp",
    ]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    // An unknown binding.
    let o = run(&[
        "testdata/envelopes/soap11-request.xml",
        "--contract",
        "contracts/purchase-order-client.xml",
        "--binding",
        "carrierPigeon",
    ]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    // A key that is not a key.
    let o = run(&[
        "testdata/envelopes/soap11-request.xml",
        "--key",
        "testdata/envelopes/soap11-request.xml",
        "--cert",
        &pki("server.pem"),
    ]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    // Too big.
    let o = run(&["testdata/envelopes/soap11-request.xml", "--max-bytes", "10"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("larger than 10 bytes"), "{}", o.stderr);
}

/// Colour: never when piped (the default `auto`), always with `--color always`; on a
/// terminal (a pseudo-terminal from `script`) coloured unless `NO_COLOR` is set.
#[test]
fn colour_and_no_color() {
    let file = secured("seed-mismatch-price-reply.xml");
    let piped = run(&[&file, "--at", AT]);
    assert!(!piped.stdout.contains('\x1b'));
    let forced = run(&[&file, "--at", AT, "--color", "always"]);
    assert!(forced.stdout.contains("\x1b["));
    let never = run(&[&file, "--at", AT, "--color", "never"]);
    assert_eq!(never.stdout, piped.stdout);

    let bin = env!("CARGO_BIN_EXE_soapsec");
    let cmdline = format!("{bin} inspect {file} --at {AT}");
    let tty = |no_color: Option<&str>| {
        let mut c = Command::new("script");
        c.current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["-qec", &cmdline, "/dev/null"])
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let o = c
            .output()
            .expect("script(1) from util-linux runs the inspector on a pty");
        assert!(o.status.success(), "{o:?}");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert!(tty(None).contains("\x1b["), "coloured on a terminal");
    let plain = tty(Some("1"));
    assert!(
        !plain.contains("\x1b["),
        "NO_COLOR turns colour off: {plain}"
    );
    assert!(plain.contains("Verdict") || plain.contains("Parts"));
}

/// The `wss` rows of the shared vectors (akami/Savon, a real WCF response from ws.js, CXF/WSS4J
/// messages): each is inspected without keys; the output or the error is snapshotted.
#[test]
fn wss_vectors() {
    let Some(dir) = common::vectors_dir("cli_inspect wss rows") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let mut n = 0;
    let mut inspected = 0;
    for line in manifest.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 || f[0] != "wss" {
            continue;
        }
        n += 1;
        let o = run_in(&dir, &[f[1], "--at", AT], &[]);
        assert!(o.code == 0 || o.code == 2, "{}: exit {}", f[1], o.code);
        if o.code == 0 {
            inspected += 1;
            assert!(
                o.stdout.contains("Parts — what the message CLAIMS"),
                "{}",
                f[1]
            );
        } else {
            // Refused inputs say where.
            assert!(o.stderr.contains(&format!("{}:", f[1])), "{}", o.stderr);
        }
        let name = f[1].rsplit('/').next().unwrap().replace([' ', '.'], "_");
        let prefix = f[1].split('/').next().unwrap();
        insta::assert_snapshot!(
            format!("wss_{prefix}_{name}"),
            format!(
                "exit {}\n--- stdout\n{}--- stderr\n{}",
                o.code, o.stdout, o.stderr
            )
        );
    }
    assert_eq!(n, 18, "wss rows in the manifest");
    // Six akami files use an undeclared prefix and one CXF file encrypts the Body element
    // itself (no Body left): those 7 are refused with their place; the 11 others inspected.
    assert_eq!(inspected, 11);
}

/// An encrypted header (`wsse11:EncryptedHeader`): its name is hidden until decrypted; with
/// the keys the tree and the parts name it, and the contract's EncryptAndSign is met.
#[test]
fn encrypted_header_hidden_then_named() {
    let file = secured("encrypted-header-submit-request.xml");
    let o = run(&[&file, "--at", AT]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        !o.stdout.contains("4111111111111111"),
        "the card number is encrypted"
    );
    assert!(
        o.stdout.contains("its name is hidden until decrypted"),
        "{}",
        o.stdout
    );
    insta::assert_snapshot!("encrypted_header_claims_tree", o.stdout);
    let (key, cert, trust) = (pki("server.key.pem"), pki("server.pem"), pki("root-ca.pem"));
    let o = run(&[
        &file,
        "--at",
        AT,
        "--key",
        &key,
        "--cert",
        &cert,
        "--trust",
        &trust,
        "--contract",
        "contracts/every-scope.xml",
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout
            .contains("decrypted: {urn:example:payment}CardNumber"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("ACCEPTED"), "{}", o.stdout);
    insta::assert_snapshot!("encrypted_header_verified_contract_tree", o.stdout);
}
