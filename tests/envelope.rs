//! SOAP envelope and WS-Addressing flows over the example envelopes in `testdata/envelopes/`,
//! plus wrapping attempts (attack classes A, B and N): parts are found by position only.

use soapsec::addressing::{AddressingHeader, AddressingHeaders, AddressingVersion, WSA10_NS};
use soapsec::envelope::{
    Envelope, EnvelopeError, FaultCode, SOAP11_ACTOR_NEXT, SOAP11_NS, SOAP12_NS, SOAP12_ROLE_NEXT,
    SoapVersion,
};
use soapsec::xml::{Document, NodeId};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/envelopes")
}

fn load(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn envelope_error(xml: &str) -> EnvelopeError {
    let doc = Document::parse(xml).expect("well-formed");
    match Envelope::from_document(&doc) {
        Ok(_) => panic!("accepted: {xml}"),
        Err(e) => e,
    }
}

#[test]
fn soap11_request() {
    let xml = load("soap11-request.xml");
    let doc = Document::parse(&xml).unwrap();
    let env = Envelope::from_document(&doc).unwrap();
    assert_eq!(env.version(), SoapVersion::Soap11);
    assert_eq!(env.namespace(), SOAP11_NS);
    let h = env.headers();
    assert_eq!(h.len(), 2);
    assert!(h[0].is("urn:example:tx", "Transaction"));
    assert!(h[0].must_understand);
    assert_eq!(h[0].role, Some(SOAP11_ACTOR_NEXT));
    assert_eq!(h[0].wsu_id, Some("tx-1"));
    assert!(!h[0].relay);
    assert!(!h[1].must_understand && h[1].role.is_none() && h[1].wsu_id.is_none());
    assert_eq!(doc.element_by_id("tx-1").map(|e| e.id()), Some(h[0].id()));

    let body = env.body();
    assert_eq!(body.wsu_id(), Some("body-1"));
    assert_eq!(doc.element_by_id("body-1").map(|e| e.id()), Some(body.id()));
    assert!(env.operation().unwrap().is("urn:example:stock", "GetQuote"));
    assert!(!body.is_fault());
    assert!(AddressingHeaders::from_envelope(&env).unwrap().is_none());
}

#[test]
fn soap12_wsa_request() {
    let xml = load("soap12-wsa-request.xml");
    let doc = Document::parse(&xml).unwrap();
    let env = Envelope::from_document(&doc).unwrap();
    assert_eq!(env.version(), SoapVersion::Soap12);
    assert!(env.operation().unwrap().is("http://tempuri.org/", "Add"));
    assert_eq!(env.body().wsu_id(), Some("_1"));

    let audit = env.find_header("urn:example:audit", "Audit").unwrap();
    assert!(audit.relay && !audit.must_understand);
    assert_eq!(audit.role, Some(SOAP12_ROLE_NEXT));
    let to = env.find_header(WSA10_NS, "To").unwrap();
    assert!(
        to.must_understand,
        "mustUnderstand=\"true\" is valid in SOAP 1.2"
    );

    let wsa = AddressingHeaders::from_envelope(&env).unwrap().unwrap();
    assert_eq!(wsa.version, AddressingVersion::Wsa10);
    let action = wsa.action.as_ref().unwrap();
    assert_eq!(action.value, "http://tempuri.org/ICalculator/Add");
    assert_eq!(doc.element_by_id("_2").map(|e| e.id()), Some(action.id()));
    assert_eq!(
        wsa.to.as_ref().unwrap().value,
        "https://calc.example.org/service.svc"
    );
    assert_eq!(
        wsa.message_id.as_ref().unwrap().value,
        "urn:uuid:7f0b7c5e-1b7a-4c39-9a8e-5a1f3c1d2e40"
    );
    let reply = wsa.reply_to.as_ref().unwrap();
    assert_eq!(reply.address, AddressingVersion::Wsa10.anonymous());
    assert!(wsa.from.is_none() && wsa.fault_to.is_none() && wsa.relates_to.is_empty());

    // Every addressing header is a header block with its own wsu:Id: what the pipeline checks
    // against the signed references.
    let ids = wsa.header_ids();
    assert_eq!(ids.len(), 4);
    for (kind, id) in ids {
        let el = doc.element(id).unwrap();
        assert!(el.is(WSA10_NS, kind.local_name()));
        let wsu = env
            .headers()
            .iter()
            .find(|b| b.id() == id)
            .and_then(|b| b.wsu_id)
            .unwrap();
        assert_eq!(doc.element_by_id(wsu).map(|e| e.id()), Some(id));
    }
}

#[test]
fn soap11_wsa200408_request() {
    let xml = load("soap11-wsa200408-request.xml");
    let doc = Document::parse(&xml).unwrap();
    let env = Envelope::from_document(&doc).unwrap();
    let wsa = AddressingHeaders::from_envelope(&env).unwrap().unwrap();
    assert_eq!(wsa.version, AddressingVersion::Wsa200408);
    assert_eq!(
        wsa.action.as_ref().unwrap().value,
        "urn:example:stock/GetQuote"
    );
    assert_eq!(wsa.relates_to.len(), 1);
    assert_eq!(wsa.relates_to[0].relationship_type, Some("wsa:Reply"));
    assert_eq!(
        wsa.from.as_ref().unwrap().address,
        "http://client.example.org/"
    );
    let fault_to = wsa.fault_to.as_ref().unwrap();
    assert_eq!(fault_to.address, "http://client.example.org/faults");
    assert!(fault_to.reference_parameters.is_some());
    assert!(wsa.reply_to.is_none());
    let kinds: Vec<_> = wsa.header_ids().into_iter().map(|(k, _)| k).collect();
    use AddressingHeader::*;
    assert_eq!(kinds, [Action, MessageId, RelatesTo, From, FaultTo, To]);
}

#[test]
fn soap11_fault() {
    let xml = load("soap11-fault.xml");
    let doc = Document::parse(&xml).unwrap();
    let env = Envelope::from_document(&doc).unwrap();
    assert!(env.body().is_fault());
    let f = env.fault().unwrap();
    assert_eq!(f.version, SoapVersion::Soap11);
    // The faultcode prefix is resolved through the namespaces in scope at faultcode.
    assert!(f.code.is(
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
        "InvalidSecurity"
    ));
    assert_eq!(f.code.prefix, "wsse");
    assert_eq!(f.standard_code(), None);
    assert_eq!(
        f.reason(),
        "An error occurred when verifying security for the message."
    );
    assert_eq!(f.reasons[0].lang, Some("en-US"));
    assert_eq!(
        f.node.as_deref(),
        Some("https://calc.example.org/service.svc")
    );
    let detail = doc.element(f.detail_id().unwrap()).unwrap();
    assert_eq!(detail.local_name(), "detail");
    assert!(
        detail
            .first_child_element()
            .unwrap()
            .is("urn:example:errors", "Info")
    );
}

#[test]
fn soap12_fault() {
    let xml = load("soap12-fault.xml");
    let doc = Document::parse(&xml).unwrap();
    let env = Envelope::from_document(&doc).unwrap();
    let f = env.fault().unwrap();
    assert_eq!(f.version, SoapVersion::Soap12);
    assert!(f.code.is(SOAP12_NS, "Sender"));
    assert_eq!(f.standard_code(), Some(FaultCode::Sender));
    let subs: Vec<String> = f.subcodes.iter().map(|q| q.to_string()).collect();
    assert_eq!(
        subs,
        [
            "{http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd}InvalidSecurity",
            "{urn:example:errors}SignatureMissing",
        ]
    );
    assert_eq!(f.reasons.len(), 2);
    assert_eq!(f.reasons[1].lang, Some("de"));
    assert!(f.reasons[1].text.starts_with("Beim Überprüfen"));
    assert_eq!(
        f.reason(),
        "An error occurred when verifying security for the message."
    );
    assert_eq!(
        f.node.as_deref(),
        Some("https://calc.example.org/service.svc")
    );
    assert!(
        f.role
            .as_deref()
            .unwrap()
            .ends_with("role/ultimateReceiver")
    );
    assert!(
        doc.element(f.detail_id().unwrap())
            .unwrap()
            .is(SOAP12_NS, "Detail")
    );

    let wsa = AddressingHeaders::from_envelope(&env).unwrap().unwrap();
    assert_eq!(
        wsa.action.as_ref().unwrap().value,
        "http://www.w3.org/2005/08/addressing/soap/fault"
    );
    assert_eq!(wsa.relates_to[0].relationship_type, None);
}

#[test]
fn soap12_empty_body() {
    let xml = load("soap12-empty-body.xml");
    let doc = Document::parse(&xml).unwrap();
    let env = Envelope::from_document(&doc).unwrap();
    assert!(env.header().is_none() && env.headers().is_empty());
    assert!(env.body().is_empty());
    assert!(env.operation().is_none());
    assert!(!env.body().is_fault());
}

#[test]
fn version_mismatch_file() {
    let xml = load("soap11-version-mismatch.xml");
    match envelope_error(&xml) {
        EnvelopeError::VersionMismatch { namespace, at } => {
            assert_eq!(namespace, "http://example.org/not-soap/envelope/");
            assert_eq!((at.line, at.column), (1, 1));
        }
        other => panic!("{other:?}"),
    }
}

/// Attack class A: the signed Body (`wsu:Id="body-1"`) moved into a header wrapper, with an
/// unsigned Body carrying the attacker's operation at the real position.
#[test]
fn body_wrapped_in_header_is_never_picked() {
    let xml = load("wrapped-body-in-header.xml");
    let doc = Document::parse(&xml).unwrap();
    let env = Envelope::from_document(&doc).unwrap();
    let body = env.body();
    // The Body is the one at /Envelope/Body ...
    assert_eq!(
        body.element().parent_element().map(|p| p.id()),
        Some(env.element().id())
    );
    assert!(
        env.operation()
            .unwrap()
            .is("urn:example:bank", "TransferFunds")
    );
    assert_eq!(body.wsu_id(), None);
    // ... not the element the signed ID points at, which lives inside a header block.
    let signed = doc.element_by_id("body-1").unwrap();
    assert_ne!(signed.id(), body.id());
    let wrapper = env.headers()[0];
    assert!(wrapper.element.node().contains(signed.id()));
    // Looking up "Body" among the header blocks finds nothing: only direct children count.
    assert!(env.find_header(SOAP11_NS, "Body").is_none());
    // So a verifier that sees only `body-1` signed sees an unsigned Body.
    assert_ne!(doc.element_by_id("body-1").map(|e| e.id()), Some(body.id()));
}

#[test]
fn more_wrapping_shapes() {
    let s11 = r#"xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/""#;
    // A second Body after the real one (XSW5-like "original moved to the end").
    let e = envelope_error(&format!(
        r#"<soap:Envelope {s11}><soap:Body><a/></soap:Body><soap:Body><b/></soap:Body></soap:Envelope>"#
    ));
    assert!(matches!(e, EnvelopeError::DuplicateBody { .. }));
    // The original hidden in a trailing wrapper after the Body (XSW7-like).
    let e = envelope_error(&format!(
        r#"<soap:Envelope {s11}><soap:Body><a/></soap:Body><x:Ext xmlns:x="urn:x"><soap:Body><b/></soap:Body></x:Ext></soap:Envelope>"#
    ));
    assert!(matches!(e, EnvelopeError::ElementAfterBody { .. }));
    // An evil parent wrapping the real Body (XSW4-like): the Envelope's first child is not a
    // Header or a Body.
    let e = envelope_error(&format!(
        r#"<soap:Envelope {s11}><x:W xmlns:x="urn:x"><soap:Body><b/></soap:Body></x:W><soap:Body><a/></soap:Body></soap:Envelope>"#
    ));
    assert!(matches!(
        e,
        EnvelopeError::UnexpectedElement {
            parent: "Envelope",
            ..
        }
    ));
    // A Body nested inside the Body: the operation is the first child, whatever it holds.
    let xml = format!(
        r#"<soap:Envelope {s11}><soap:Body><m:Op xmlns:m="urn:m"><soap:Body><b/></soap:Body></m:Op></soap:Body></soap:Envelope>"#
    );
    let doc = Document::parse(&xml).unwrap();
    let env = Envelope::from_document(&doc).unwrap();
    assert!(env.operation().unwrap().is("urn:m", "Op"));
    // A Fault hidden in a header block does not make the message a fault.
    let xml = format!(
        r#"<soap:Envelope {s11}><soap:Header><x:H xmlns:x="urn:x"><soap:Fault/></x:H></soap:Header><soap:Body><m:Op xmlns:m="urn:m"/></soap:Body></soap:Envelope>"#
    );
    let doc = Document::parse(&xml).unwrap();
    let env = Envelope::from_document(&doc).unwrap();
    assert!(!env.body().is_fault());
}

/// Attack class N: the envelope layer keeps the Body's operation and `wsa:Action` apart; the
/// Action is only ever a header block whose node the pipeline must find signed.
#[test]
fn action_spoofing_shapes() {
    let xml = r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">
      <s:Header>
        <x:W xmlns:x="urn:x"><a:Action>urn:benign</a:Action></x:W>
        <a:Action>urn:admin/DeleteAll</a:Action>
      </s:Header>
      <s:Body><m:GetBalance xmlns:m="urn:bank"/></s:Body>
    </s:Envelope>"#;
    let doc = Document::parse(xml).unwrap();
    let env = Envelope::from_document(&doc).unwrap();
    let wsa = AddressingHeaders::from_envelope(&env).unwrap().unwrap();
    let action = wsa.action.unwrap();
    assert_eq!(action.value, "urn:admin/DeleteAll");
    assert_eq!(
        action.element.parent_element().map(|p| p.id()),
        env.header().map(|h| h.id())
    );
    assert!(env.operation().unwrap().is("urn:bank", "GetBalance"));
}

#[test]
fn errors_fold_into_crate_error_with_position() {
    let e = envelope_error(
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n<soap:Body/>\n<soap:Header/>\n</soap:Envelope>",
    );
    assert!(matches!(e, EnvelopeError::HeaderAfterBody { .. }));
    assert_eq!(e.position().line, 3);
    let text = e.to_string();
    assert!(text.starts_with("3:1: Header after Body"), "{text}");
    let top: soapsec::Error = e.into();
    assert!(matches!(
        top,
        soapsec::Error::Envelope(EnvelopeError::HeaderAfterBody { .. })
    ));
}

/// Every example envelope goes through every accessor without a panic (as the fuzz target
/// does), and all but the deliberate VersionMismatch example are accepted.
#[test]
fn every_example_envelope() {
    let mut seen = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir()).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".xml") {
            continue;
        }
        seen += 1;
        let xml = std::fs::read_to_string(entry.path()).unwrap();
        let doc = Document::parse(&xml).unwrap();
        let result = Envelope::from_document(&doc);
        if name.contains("version-mismatch") {
            assert!(result.is_err(), "{name}");
            continue;
        }
        let env = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut ids: Vec<NodeId> = env.headers().iter().map(|b| b.id()).collect();
        ids.push(env.body().id());
        for id in ids {
            assert!(doc.element(id).is_some(), "{name}");
        }
        let _ = AddressingHeaders::from_envelope(&env).unwrap();
    }
    assert!(
        seen >= 8,
        "expected the example envelopes in {}",
        dir().display()
    );
}
