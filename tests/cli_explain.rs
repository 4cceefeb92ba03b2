//! `soapsec explain` run as a binary: every way of naming an error, real error output pasted
//! back in, unknown input (exit 2 with suggestions), `--list`, and JSON that parses.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const CLIENT: &str = "contracts/purchase-order-client.xml";
const SERVICE: &str = "contracts/purchase-order-service.xml";
const SEED_ERROR: &str = "The 'Body', 'http://schemas.xmlsoap.org/soap/envelope/' required message part  was not encrypted.";

fn soapsec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_soapsec"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run soapsec: {e}"))
}

fn soapsec_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_soapsec"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// Exit 0 and the first entry printed is `code`.
fn explains(o: &Output, code: &str) -> String {
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(o), stderr(o));
    let out = stdout(o);
    let first = out
        .lines()
        .find(|l| l.contains(": ") && !l.starts_with(' '))
        .unwrap_or_default();
    assert!(first.starts_with(&format!("{code}: ")), "{out}");
    out
}

#[test]
fn exact_code_prints_the_whole_entry() {
    let out = explains(
        &soapsec(&["explain", "pipeline/PartNotEncrypted"]),
        "pipeline/PartNotEncrypted",
    );
    for needle in [
        "WCF key       RequiredMessagePartNotEncryptedNs",
        "attack class  O",
        // The message verbatim, WCF's double space included.
        "message       The '{}', '{}' required message part  was not encrypted.",
        "What it means",
        "Usual causes",
        "How to fix",
        "WS-Addressing",
        "soapsec contract check",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    assert!(stderr(&soapsec(&["explain", "pipeline/PartNotEncrypted"])).is_empty());
}

#[test]
fn variant_name_alias_and_wcf_key() {
    explains(
        &soapsec(&["explain", "PartNotEncrypted"]),
        "pipeline/PartNotEncrypted",
    );
    explains(
        &soapsec(&["explain", "partnotencrypted"]),
        "pipeline/PartNotEncrypted",
    );
    explains(
        &soapsec(&["explain", "RequiredMessagePartNotEncryptedNs"]),
        "pipeline/PartNotEncrypted",
    );
    explains(
        &soapsec(&["explain", "DoctypeForbidden"]),
        "xml/DoctypeForbidden",
    );
    explains(
        &soapsec(&["explain", "UnknownAction"]),
        "pipeline/ActionUnrecognized",
    );
    explains(
        &soapsec(&[
            "explain",
            "AtLeastOneContractOperationRequestRequiresProtectionLevelNotSupportedByBinding",
        ]),
        "contract/RequestNotSupported",
    );
}

#[test]
fn pasted_message_quoted_unquoted_and_on_stdin() {
    explains(
        &soapsec(&["explain", SEED_ERROR]),
        "pipeline/PartNotEncrypted",
    );
    // Pasted without quotes: the shell splits it into words and loses the double space.
    let words: Vec<&str> = SEED_ERROR.split_whitespace().collect();
    let mut args = vec!["explain"];
    args.extend(&words);
    explains(&soapsec(&args), "pipeline/PartNotEncrypted");
    // A log line on standard input.
    let log = format!("2030-01-01 12:00:00 WARN client: {SEED_ERROR}\n");
    explains(
        &soapsec_stdin(&["explain", "-"], &log),
        "pipeline/PartNotEncrypted",
    );
    // What the peer of a refusing service gets.
    explains(
        &soapsec(&[
            "explain",
            "An error occurred when verifying security for the message.",
        ]),
        "fault/InvalidSecurity",
    );
}

#[test]
fn real_contract_check_output_pasted_back() {
    let check = soapsec(&[
        "contract",
        "check",
        CLIENT,
        SERVICE,
        "--binding",
        "basicHttp:Message",
    ]);
    assert_eq!(check.status.code(), Some(1));
    let report = stdout(&check);
    // The `error:` lines, as a person would copy them.
    let errors: Vec<&str> = report
        .lines()
        .filter_map(|l| l.trim().strip_prefix("error: "))
        .collect();
    assert_eq!(errors.len(), 2, "{report}");
    explains(
        &soapsec(&["explain", errors[0]]),
        "pipeline/PartNotEncrypted",
    );
    explains(
        &soapsec(&["explain", errors[1]]),
        "pipeline/ActionUnrecognized",
    );
    // The kind names in parentheses, too.
    for (kind, code) in [
        ("PartNotEncrypted", "pipeline/PartNotEncrypted"),
        ("UnknownAction", "pipeline/ActionUnrecognized"),
    ] {
        assert!(report.contains(&format!("({kind})")), "{report}");
        explains(&soapsec(&["explain", kind]), code);
    }
    // The whole report on stdin finds both (and nothing else).
    let o = soapsec_stdin(&["explain", "--json", "-"], &report);
    let v = json(&o);
    let mut codes: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["pipeline/ActionUnrecognized", "pipeline/PartNotEncrypted"]
    );
}

#[test]
fn real_bad_input_errors_pasted_back() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("soapsec-explain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        (
            "doctype.xml",
            r#"<!DOCTYPE c [<!ENTITY x "y">]><contractFile><contract name="C"/></contractFile>"#,
            "contract/Doctype",
        ),
        (
            "typo.xml",
            r#"<contractFile><contract name="C"><operation nam="X"/></contract></contractFile>"#,
            "contract/Unexpected",
        ),
        (
            "level.xml",
            r#"<contractFile><contract name="C" protectionLevel="Encrypt"/></contractFile>"#,
            "contract/InvalidValue",
        ),
    ];
    for (name, text, code) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let o = soapsec(&[
            "contract",
            "resolve",
            path.to_str().unwrap(),
            "--binding",
            "wsHttp",
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let line = stderr(&o);
        explains(&soapsec(&["explain", line.trim()]), code);
    }
    // An unknown binding on the command line.
    let o = soapsec(&["contract", "resolve", CLIENT, "--binding", "WSHttpBinding"]);
    assert_eq!(o.status.code(), Some(2));
    explains(
        &soapsec(&["explain", stderr(&o).trim()]),
        "binding/UnknownBinding",
    );
    // A contract that needs protection on a binding without security.
    let path = dir.join("signed.xml");
    std::fs::write(
        &path,
        r#"<contractFile><contract name="C" protectionLevel="Sign"><operation name="A"/></contract></contractFile>"#,
    )
    .unwrap();
    let o = soapsec(&[
        "contract",
        "resolve",
        path.to_str().unwrap(),
        "--binding",
        "basicHttp",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let text = stdout(&o) + &stderr(&o);
    let wcf = text
        .lines()
        .find(|l| l.contains("The request message must be protected."))
        .unwrap_or_else(|| panic!("{text}"));
    explains(&soapsec(&["explain", wcf]), "contract/RequestNotSupported");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn several_matches_are_all_printed() {
    let o = soapsec(&["explain", "UnexpectedElement"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("3 entries match: "), "{out}");
    for code in [
        "envelope/UnexpectedElement",
        "dsig/UnexpectedElement",
        "token/UnexpectedElement",
    ] {
        assert!(out.contains(&format!("\n{code}: ")), "{code} in {out}");
    }
}

#[test]
fn unknown_code_exits_2_with_suggestions() {
    let o = soapsec(&["explain", "PartNotEncypted"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("error: no soapsec error matches 'PartNotEncypted'"),
        "{err}"
    );
    assert!(
        err.contains("did you mean: pipeline/PartNotEncrypted"),
        "{err}"
    );

    let o = soapsec(&["explain", "--json", "pipeline/PartNotEncypted"]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["schema"], "soapsec.explain/1");
    assert!(v["matched_by"].is_null());
    assert_eq!(v["entries"].as_array().unwrap().len(), 0);
    assert_eq!(v["suggestions"][0], "pipeline/PartNotEncrypted");

    // No query at all is a usage error.
    let o = soapsec(&["explain"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--list"), "{}", stderr(&o));
}

#[test]
fn list_shows_every_code_once() {
    let o = soapsec(&["explain", "--list"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let listed: Vec<&str> = out
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let library: Vec<&str> = soapsec::explain::all().map(|e| e.code).collect();
    assert_eq!(listed, library);
    assert!(listed.len() >= 180, "{}", listed.len());
    assert!(out.contains("pipeline/PartNotEncrypted"));

    let o = soapsec(&["explain", "--list", "keys/"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).lines().all(|l| l.starts_with("keys/")));
    assert!(stdout(&o).lines().count() > 30);

    let o = soapsec(&["explain", "--list", "nosuchlayer/"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn json_has_the_documented_shape() {
    let o = soapsec(&["explain", "--json", "PartNotEncrypted"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["schema"], "soapsec.explain/1");
    assert_eq!(v["query"], "PartNotEncrypted");
    assert_eq!(v["matched_by"], "name");
    assert_eq!(v["suggestions"].as_array().unwrap().len(), 0);
    let e = &v["entries"][0];
    assert_eq!(e["code"], "pipeline/PartNotEncrypted");
    assert_eq!(e["layer"], "pipeline");
    assert_eq!(e["name"], "PartNotEncrypted");
    assert_eq!(e["wcf"], "RequiredMessagePartNotEncryptedNs");
    assert_eq!(e["attack_class"], "O");
    assert!(e["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(e["meaning"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(!e["causes"].as_array().unwrap().is_empty());
    assert!(!e["fixes"].as_array().unwrap().is_empty());
    assert_eq!(
        e["messages"][0],
        "The '{}', '{}' required message part  was not encrypted."
    );
    assert!(e["related_messages"].is_array());
    assert!(e["aliases"].is_array());

    // An entry without a WCF key or attack class has nulls, not missing fields.
    let v = json(&soapsec(&["explain", "--json", "keys/Expired"]));
    assert!(v["entries"][0]["wcf"].is_null());
    assert!(v["entries"][0]["attack_class"].is_null());

    // --list --json: every entry, in full.
    let o = soapsec(&["explain", "--list", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert!(v["query"].is_null());
    assert_eq!(v["matched_by"], "list");
    assert_eq!(
        v["entries"].as_array().unwrap().len(),
        soapsec::explain::all().count()
    );
}
