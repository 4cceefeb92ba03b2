//! The seed's mismatch, end to end: a client and a service in one process, real crypto, the
//! test PKI, the IPurchaseOrder client and service contracts from `contracts/`.
//!
//! Over basicHttp with Message security the client calls Price, the service accepts the
//! signed request and replies signed only (its contract resolves Price's reply to Sign), and
//! the client's reply check fails with WCF's exact text, because without WS-Addressing the
//! client checks every reply against the union over its contract (EncryptAndSign, from Tax).
//! Over wsHttp the same exchange succeeds. The static prediction agrees on both bindings.

use soapsec::binding::Binding;
use soapsec::contract::{Contract, Direction, check_compatibility, parse_contract_file, resolve};
use soapsec::keys::{Certificate, PrivateKey, TrustStore};
use soapsec::pipeline::{
    Credentials, FixedClock, InboundOptions, OutboundOptions, PipelineError, protect, verify,
};
use soapsec::token::KeyStore;
use std::sync::Arc;

const NOW: i64 = 1_893_456_000; // 2030-01-01T00:00:00Z, inside the test PKI's validity.
const PRICE: &str = "http://tempuri.org/IPurchaseOrder/Price";
const PRICE_RESPONSE: &str = "http://tempuri.org/IPurchaseOrder/PriceResponse";

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn contract(name: &str) -> Contract {
    let text = String::from_utf8(read(&format!("contracts/{name}"))).unwrap();
    parse_contract_file(&text).unwrap().contract
}

struct Party {
    key: PrivateKey,
    cert: Certificate,
    store: KeyStore,
}

fn party(name: &str) -> Party {
    let root = Certificate::load(&read("testdata/pki/root-ca.pem")).unwrap();
    let mut trust = TrustStore::new();
    trust.add_anchor(root);
    let mut store = KeyStore::new(trust);
    let cert = Certificate::load(&read(&format!("testdata/pki/{name}.pem"))).unwrap();
    store
        .add_identity(
            PrivateKey::load(&read(&format!("testdata/pki/{name}.key.pem"))).unwrap(),
            cert.clone(),
        )
        .unwrap();
    Party {
        key: PrivateKey::load(&read(&format!("testdata/pki/{name}.key.pem"))).unwrap(),
        cert,
        store,
    }
}

fn outbound() -> OutboundOptions {
    OutboundOptions {
        clock: Arc::new(FixedClock(NOW)),
        ..Default::default()
    }
}

fn inbound() -> InboundOptions {
    InboundOptions {
        clock: Arc::new(FixedClock(NOW + 5)),
        ..Default::default()
    }
}

fn request(binding: &str) -> String {
    if binding == "wsHttp" {
        format!(
            r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header><a:Action s:mustUnderstand="1">{PRICE}</a:Action><a:MessageID>urn:uuid:6f1c2a40-0000-4000-8000-000000000001</a:MessageID><a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo><a:To s:mustUnderstand="1">http://localhost/PurchaseOrder</a:To></s:Header><s:Body><Price xmlns="http://tempuri.org/"><item>widget</item></Price></s:Body></s:Envelope>"#
        )
    } else {
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Price xmlns="http://tempuri.org/"><item>widget</item></Price></s:Body></s:Envelope>"#.to_owned()
    }
}

fn reply(binding: &str) -> String {
    if binding == "wsHttp" {
        format!(
            r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header><a:Action s:mustUnderstand="1">{PRICE_RESPONSE}</a:Action><a:RelatesTo>urn:uuid:6f1c2a40-0000-4000-8000-000000000001</a:RelatesTo></s:Header><s:Body><PriceResponse xmlns="http://tempuri.org/"><PriceResult>42</PriceResult></PriceResponse></s:Body></s:Envelope>"#
        )
    } else {
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><PriceResponse xmlns="http://tempuri.org/"><PriceResult>42</PriceResult></PriceResponse></s:Body></s:Envelope>"#.to_owned()
    }
}

/// Run the exchange: Ok(reply price text) or the client's reply-check error. Panics if the
/// request leg fails (it must succeed on both bindings).
fn exchange(binding_name: &str) -> Result<String, PipelineError> {
    let binding = Binding::preset(binding_name).unwrap();
    let client_res = resolve(&contract("purchase-order-client.xml"), &binding);
    let service_res = resolve(&contract("purchase-order-service.xml"), &binding);
    let client = party("client");
    let service = party("server");

    // Client → service.
    let wire_request = protect(
        &client_res,
        Direction::Request,
        Some(PRICE),
        &Credentials {
            private_key: &client.key,
            certificate: &client.cert,
            peer_certificate: &service.cert,
        },
        &outbound(),
        request(binding_name).as_bytes(),
    )
    .unwrap();
    let wire_text = String::from_utf8(wire_request.clone()).unwrap();
    assert!(
        wire_text.contains("widget"),
        "Price's request is signed only"
    );
    assert!(!wire_text.contains("EncryptedData"));

    // The service accepts it.
    let soap_action = (binding_name != "wsHttp").then_some(PRICE);
    let accepted = verify(
        &service_res,
        Direction::Request,
        soap_action,
        &service.store,
        &inbound(),
        &wire_request,
    )
    .unwrap();
    assert!(
        accepted.caller().certificate().subject().contains("client"),
        "{}",
        accepted.caller().certificate().subject()
    );
    let body = accepted.body().unwrap();
    assert!(body.protection().signed && !body.protection().encrypted);
    assert_eq!(body.operation().unwrap().local_name(), "Price");

    // Service → client: signed only, as WCF's service contract says.
    let wire_reply = protect(
        &service_res,
        Direction::Reply,
        Some(PRICE_RESPONSE),
        &Credentials {
            private_key: &service.key,
            certificate: &service.cert,
            peer_certificate: &client.cert,
        },
        &outbound(),
        reply(binding_name).as_bytes(),
    )
    .unwrap();
    let reply_text = String::from_utf8(wire_reply.clone()).unwrap();
    assert!(
        reply_text.contains("<PriceResult>42</PriceResult>"),
        "signed only"
    );

    // The client's reply check.
    let checked = verify(
        &client_res,
        Direction::Reply,
        None,
        &client.store,
        &inbound(),
        &wire_reply,
    )?;
    assert!(checked.caller().certificate().subject().contains("server"));
    let op = checked.body().unwrap().operation().unwrap();
    Ok(op.first_child_element().unwrap().text().into_owned())
}

#[test]
fn basic_http_message_client_rejects_the_signed_only_reply() {
    let err = exchange("basicHttp:Message").unwrap_err();
    assert!(
        matches!(&err, PipelineError::PartNotEncrypted { name, .. } if name == "Body"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "The 'Body', 'http://schemas.xmlsoap.org/soap/envelope/' required message part  was not encrypted."
    );
}

#[test]
fn ws_http_exchange_succeeds() {
    assert_eq!(exchange("wsHttp").unwrap(), "42");
}

#[test]
fn static_prediction_agrees_with_the_run() {
    let client = contract("purchase-order-client.xml");
    let service = contract("purchase-order-service.xml");
    for name in ["basicHttp:Message", "wsHttp"] {
        let binding = Binding::preset(name).unwrap();
        let report = check_compatibility(&client, &service, &binding);
        let run = exchange(name);
        assert_eq!(report.is_compatible(), run.is_ok(), "{name}: {report}");
        if let Err(e) = run {
            let text = e.to_string();
            assert!(
                report.failures().any(|f| f.message == text),
                "{name}: the prediction names another failure than the run ({text}):\n{report}"
            );
        }
    }
}
