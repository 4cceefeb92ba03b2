//! `soapsec contract` run as a binary: output, exit codes 0/1/2, and JSON that parses.

use std::process::{Command, Output};

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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn check_seed_pair_on_basic_http_message_fails_with_exact_text() {
    let o = soapsec(&[
        "contract",
        "check",
        CLIENT,
        SERVICE,
        "--binding",
        "basicHttp:Message",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(SEED_ERROR), "{out}");
    assert!(
        out.contains("FAIL Price reply, Body: client at receive"),
        "{out}"
    );
    assert!(
        out.contains("result: NOT compatible (1 predicted failure, 1 warning)"),
        "{out}"
    );
    assert!(stderr(&o).is_empty());
}

#[test]
fn check_seed_pair_on_ws_http_is_compatible() {
    let o = soapsec(&["contract", "check", CLIENT, SERVICE, "--binding", "wsHttp"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("result: compatible"));
    assert!(!stdout(&o).contains(SEED_ERROR));
}

#[test]
fn check_json_has_a_stable_schema() {
    let o = soapsec(&[
        "contract",
        "check",
        CLIENT,
        SERVICE,
        "--binding",
        "basicHttp:Message",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["schema"], "soapsec.contract.check/1");
    assert_eq!(v["compatible"], false);
    assert_eq!(v["failures"], 1);
    assert_eq!(v["binding"]["name"], "BasicHttpBinding");
    let failure = v["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["severity"] == "failure"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(failure["message"], SEED_ERROR);
    assert_eq!(failure["operation"], "Price");
    assert_eq!(failure["direction"], "reply");
    assert_eq!(failure["raised_by"], "client");
    assert_eq!(failure["part"]["kind"], "body");
    assert_eq!(failure["required"]["level"], "EncryptAndSign");
    assert_eq!(failure["sent"]["level"], "Sign");
    assert_eq!(failure["required"]["source"]["kind"], "addressing_union");

    let ok = soapsec(&[
        "contract",
        "check",
        CLIENT,
        SERVICE,
        "--binding",
        "wsHttp",
        "--json",
    ]);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(json(&ok)["compatible"], true);
}

#[test]
fn resolve_prints_one_row_per_operation_direction_part() {
    let o = soapsec(&[
        "contract",
        "resolve",
        CLIENT,
        "--binding",
        "basicHttp:Message",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("Tax ") || l.starts_with("Price "))
        .collect();
    assert_eq!(rows.len(), 4, "{out}");
    assert!(
        rows.iter().any(|r| r.starts_with("Price")
            && r.contains("request")
            && r.contains("Sign")
            && r.contains("operation Price")),
        "{out}"
    );
    assert!(
        rows.iter().any(|r| r.starts_with("Price")
            && r.contains("reply")
            && r.contains("EncryptAndSign")
            && r.contains("union: TaxResponse")),
        "{out}"
    );
    for line in out.lines() {
        assert!(
            line.chars().count() <= 80,
            "line longer than 80 columns: {line:?}"
        );
    }
}

#[test]
fn resolve_json_rows_and_sources() {
    let o = soapsec(&["contract", "resolve", "contracts/every-scope.xml", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["schema"], "soapsec.contract.resolve/1");
    assert_eq!(v["binding"]["preset"], "wsHttp");
    let rows = v["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 17);
    let card = rows
        .iter()
        .find(|r| r["part"]["name"] == "CardNumber")
        .cloned()
        .unwrap_or_default();
    assert_eq!(card["level"], "EncryptAndSign");
    assert_eq!(card["source"]["kind"], "header");
    assert_eq!(card["part"]["namespace"], "urn:example:payment");
    let fault = rows
        .iter()
        .find(|r| r["fault"] == "SubmitFault")
        .cloned()
        .unwrap_or_default();
    assert_eq!(fault["source"]["kind"], "operation");
    assert_eq!(
        fault["action"],
        "urn:example:orders/IOrders/SubmitSubmitFaultFault"
    );
}

#[test]
fn resolve_with_validation_failure_exits_1() {
    let o = soapsec(&["contract", "resolve", SERVICE, "--binding", "basicHttp"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains(
        "The request message must be protected. This is required by an operation of the contract ('IPurchaseOrder','http://tempuri.org/'). The protection must be provided by the binding ('BasicHttpBinding','http://tempuri.org/')."
    ));
}

#[test]
fn bad_input_exits_2_with_error_prefix() {
    let unknown = soapsec(&["contract", "check", CLIENT, SERVICE, "--binding", "wshttp"]);
    assert_eq!(unknown.status.code(), Some(2));
    let err = stderr(&unknown);
    assert!(
        err.starts_with("error: unknown binding 'wshttp': valid bindings are basicHttp,"),
        "{err}"
    );
    assert!(err.contains("netTcp:Message"));

    let missing = soapsec(&[
        "contract",
        "resolve",
        "contracts/does-not-exist.xml",
        "--binding",
        "wsHttp",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).starts_with("error: contracts/does-not-exist.xml: "));

    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("soapsec-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.join("bad.xml");
    std::fs::write(
        &bad,
        "<contractFile>\n  <contract name=\"C\">\n    <operation nam=\"A\"/>\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let bad_s = bad.display().to_string();
    let o = soapsec(&["contract", "resolve", &bad_s, "--binding", "wsHttp"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim_end(),
        format!(
            "error: {bad_s}:3:5: found attribute 'nam' on <operation>, expected one of the attributes name, action, replyAction, isOneWay, protectionLevel"
        )
    );
    assert!(stdout(&o).is_empty());

    let no_binding = soapsec(&["contract", "resolve", SERVICE]);
    assert_eq!(no_binding.status.code(), Some(2));
    assert!(stderr(&no_binding).starts_with("error: no binding: pass --binding"));

    let usage = soapsec(&["contract", "check", CLIENT]);
    assert_eq!(usage.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn binding_from_the_file_and_documentation_reading() {
    let o = soapsec(&["contract", "resolve", "contracts/custom-binding.xml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("OrdersBinding (custom)"),
        "{}",
        stdout(&o)
    );
    let doc = soapsec(&[
        "contract",
        "resolve",
        "contracts/purchase-order-client.xml",
        "--binding",
        "basicHttp:Message",
        "--reading",
        "documentation",
        "--json",
    ]);
    assert_eq!(doc.status.code(), Some(0));
    let v = json(&doc);
    assert_eq!(v["reading"], "documentation");
    let price_request = v["rows"]
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .find(|r| r["operation"] == "Price" && r["direction"] == "request")
        })
        .cloned()
        .unwrap_or_default();
    assert_eq!(price_request["level"], "EncryptAndSign");
    assert_eq!(price_request["declared_level"], "Sign");
    assert_eq!(price_request["source"]["kind"], "strongest_in_contract");
}
