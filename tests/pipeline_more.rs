//! More pipeline flows: an encrypted header that is not signed (WCF `EncryptedHeaderNotSigned`),
//! attack class O (encrypted-part wrapping: a plaintext stand-in, a relocated and a duplicated
//! `EncryptedData`), application faults at their own resolved level, and the SOAP fault sent
//! to the peer on a verification failure.

use soapsec::binding::{Binding, ProtectionOrder};
use soapsec::contract::{Contract, Direction, Message, Resolution, resolve};
use soapsec::envelope::SoapVersion;
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{
    Credentials, FixedClock, InboundOptions, OutboundOptions, PipelineError, Verified, protect,
    security_fault, verify,
};
use soapsec::token::{Markup, TokenReference, WSSE_NS};
use soapsec::xenc::{BlockAlgorithm, ContentEncryptor, EncryptedKeyOptions, KeyTransport};
use soapsec::xml::{DSIG_NS, Document, WSSE11_NS, WSU_NS};
use std::sync::Arc;

const NOW: i64 = 1_893_456_000;
const NS: &str = "http://tempuri.org/";
const SUBMIT: &str = "http://tempuri.org/IOrder/Submit";
const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
const WSA: &str = "http://www.w3.org/2005/08/addressing";

// ---- helpers (the style of tests/pipeline.rs) ---------------------------------------------------

mod common;
use common::pki::{cert, key, store};

fn binding(order: ProtectionOrder) -> Binding {
    let mut b = Binding::preset("wsHttp").unwrap();
    b.protection_order = order;
    b
}

/// IOrder.Submit at `body`, with header Secret at `secret` (urn:h).
fn contract(body: Option<ProtectionLevel>, secret: Option<ProtectionLevel>) -> Contract {
    let c = Contract::new("IOrder", NS);
    let mut submit = c.new_operation("Submit").with_level(body);
    submit.input = Message::default()
        .header("Secret", "urn:h", secret)
        .member("order", NS, None);
    c.clone().with_operation(submit)
}

fn message() -> String {
    format!(
        r#"<s:Envelope xmlns:s="{SOAP12}" xmlns:a="{WSA}" xmlns:h="urn:h"><s:Header><a:Action s:mustUnderstand="1">{SUBMIT}</a:Action><a:MessageID>urn:uuid:1</a:MessageID><h:Secret s:mustUnderstand="1">launch-code-123</h:Secret></s:Header><s:Body>{}</s:Body></s:Envelope>"#,
        body_content()
    )
}

fn body_content() -> String {
    format!(r#"<Submit xmlns="{NS}"><order>confidential-order</order></Submit>"#)
}

fn out_opts() -> OutboundOptions {
    OutboundOptions {
        clock: Arc::new(FixedClock(NOW)),
        ..Default::default()
    }
}
fn in_opts() -> InboundOptions {
    InboundOptions {
        clock: Arc::new(FixedClock(NOW + 1)),
        ..Default::default()
    }
}

/// Protect `msg` as `me` (to `peer`).
fn protect_as(
    res: &Resolution,
    direction: Direction,
    action: &str,
    me: &str,
    peer: &str,
    msg: &str,
) -> String {
    let (k, c, p) = (key(me), cert(me), cert(peer));
    let wire = protect(
        res,
        direction,
        Some(action),
        &Credentials {
            private_key: &k,
            certificate: &c,
            peer_certificate: &p,
        },
        &out_opts(),
        msg.as_bytes(),
    )
    .unwrap();
    String::from_utf8(wire).unwrap()
}

/// A client's request, verified by the server.
fn check(res: &Resolution, wire: &str) -> Result<Verified, PipelineError> {
    verify(
        res,
        Direction::Request,
        None,
        &store("server"),
        &in_opts(),
        wire.as_bytes(),
    )
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let a = s.find(start).unwrap();
    let b = a + s[a..].find(end).unwrap() + end.len();
    &s[a..b]
}

/// The value of attribute `attr="…"` in `element_markup`'s start tag.
fn attr<'a>(element_markup: &'a str, attr: &str) -> &'a str {
    let start_tag = &element_markup[..element_markup.find('>').unwrap()];
    let pat = format!(" {attr}=\"");
    let a = start_tag.find(&pat).unwrap() + pat.len();
    &start_tag[a..a + start_tag[a..].find('"').unwrap()]
}

/// A request protected SignBeforeEncrypt with the body and header Secret at EncryptAndSign,
/// and the Body's `EncryptedData` (markup and `#id`).
fn encrypted_request() -> (Resolution, String, String, String) {
    let res = resolve(
        &contract(None, None),
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let wire = protect_as(
        &res,
        Direction::Request,
        SUBMIT,
        "client",
        "server",
        &message(),
    );
    assert!(!wire.contains("confidential-order") && !wire.contains("launch-code-123"));
    check(&res, &wire).expect("the untouched request verifies");
    let body = between(&wire, "<s:Body", "</s:Body>");
    let ed = between(body, "<xenc:EncryptedData", "</xenc:EncryptedData>").to_owned();
    let uri = format!("#{}", attr(&ed, "Id"));
    (res, wire, ed, uri)
}

// ---- 1. EncryptedHeaderNotSigned ----------------------------------------------------------------

#[test]
fn encrypted_header_not_signed() {
    // The sender signs the body and the addressing headers, but leaves header Secret alone
    // (level None). The header is then encrypted by hand, with the content key RSA-OAEP
    // encrypted to the server, into a wsse11:EncryptedHeader listed in the EncryptedKey's
    // ReferenceList: encrypted, but outside the signature.
    let sender = resolve(
        &contract(Some(ProtectionLevel::Sign), Some(ProtectionLevel::None)),
        &binding(ProtectionOrder::SignBeforeEncrypt),
    );
    let wire = protect_as(
        &sender,
        Direction::Request,
        SUBMIT,
        "client",
        "server",
        &message(),
    );
    assert!(!wire.contains("EncryptedKey"), "a sign-only request");
    check(&sender, &wire).expect("the sign-only request verifies");

    let secret = between(&wire, "<h:Secret", "</h:Secret>").to_owned();
    // The header is serialized with its in-scope namespaces (the envelope's and urn:h).
    let plaintext = secret.replacen(
        "<h:Secret",
        &format!(r#"<h:Secret xmlns:h="urn:h" xmlns:s="{SOAP12}""#),
        1,
    );
    let enc = ContentEncryptor::new(BlockAlgorithm::Aes256Gcm, Default::default()).unwrap();
    let ed = enc
        .encrypted_data_markup(
            plaintext.as_bytes(),
            Some(soapsec::xenc::EncryptedType::Element),
            "ED-evil",
            None,
        )
        .unwrap();
    let eh = format!(
        r#"<wsse11:EncryptedHeader xmlns:wsse11="{WSSE11_NS}" xmlns:wsu="{WSU_NS}" wsu:Id="EH-evil" s:mustUnderstand="1">{ed}</wsse11:EncryptedHeader>"#
    );
    // `encrypted_data_markup` does not record a reference; the ReferenceList is written here.
    let server = cert("server");
    let str_ = TokenReference::ski(&server)
        .to_xml(None, &Markup::default())
        .unwrap();
    let ek = enc
        .encrypted_key_rsa_oaep(
            server.public_key().unwrap(),
            &KeyTransport::RSA_OAEP_SHA256,
            &EncryptedKeyOptions {
                id: Some("EK-evil".into()),
                key_info: Some(format!(
                    r#"<ds:KeyInfo xmlns:ds="{DSIG_NS}">{str_}</ds:KeyInfo>"#
                )),
                reference_list: false,
            },
        )
        .unwrap()
        .replace(
            "</xenc:EncryptedKey>",
            r##"<xenc:ReferenceList><xenc:DataReference URI="#ED-evil"/></xenc:ReferenceList></xenc:EncryptedKey>"##,
        );
    // The EncryptedKey goes before the Signature (SignBeforeEncrypt's order).
    let evil =
        wire.replace(&secret, &eh)
            .replacen("<ds:Signature", &format!("{ek}<ds:Signature"), 1);
    assert!(!evil.contains("launch-code-123"));

    // Any receiver: the check runs before the requirements are looked at, so even one that
    // requires Secret at Sign only (over-protection otherwise accepted) refuses it.
    for secret_level in [
        None,
        Some(ProtectionLevel::Sign),
        Some(ProtectionLevel::None),
    ] {
        let receiver = resolve(
            &contract(Some(ProtectionLevel::Sign), secret_level),
            &binding(ProtectionOrder::SignBeforeEncrypt),
        );
        let e = check(&receiver, &evil).unwrap_err();
        assert!(
            matches!(&e, PipelineError::EncryptedHeaderNotSigned { name, namespace }
                if name == "Secret" && namespace == "urn:h"),
            "{secret_level:?}: {e:?}"
        );
        assert_eq!(
            e.to_string(),
            "The Header ('Secret', 'urn:h') was encrypted but not signed. All encrypted headers outside the security header should be signed."
        );
    }
}

// ---- 2. Attack class O ----------------------------------------------------------------------------

#[test]
fn class_o_plaintext_stand_in_for_the_encrypted_body() {
    // SignBeforeEncrypt signs the plaintext Body (by its wsu:Id), so putting the original
    // plaintext back in place of the EncryptedData, and dropping its DataReference from the
    // (unsigned) ReferenceList, leaves a signature that verifies: the Body is signed, not
    // encrypted.
    let (res, wire, ed, uri) = encrypted_request();
    let stand_in = wire
        .replace(&ed, &body_content())
        .replace(&format!(r#"<xenc:DataReference URI="{uri}"/>"#), "");
    assert_ne!(stand_in, wire);
    assert!(
        stand_in.contains("EncryptedHeader"),
        "Secret stays encrypted"
    );
    let e = check(&res, &stand_in).unwrap_err();
    assert!(
        matches!(&e, PipelineError::PartNotEncrypted { name, namespace }
            if name == "Body" && namespace == SOAP12),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!("The 'Body', '{SOAP12}' required message part  was not encrypted.")
    );

    // Keeping the DataReference: it no longer resolves to an EncryptedData.
    let listed = wire.replace(&ed, &body_content());
    let e = check(&res, &listed).unwrap_err();
    assert!(
        matches!(&e, PipelineError::DataReferenceUnresolved { uri: u } if *u == uri),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!("The data reference '{uri}' could not be resolved in the received message.")
    );
}

#[test]
fn class_o_relocated_encrypted_data() {
    let (res, wire, ed, uri) = encrypted_request();
    let id = &uri[1..];
    // The listed EncryptedData moved into a header wrapper; a copy (under another Id, as IDs
    // must be unique) stays in the Body.
    let copy = ed.replacen(&format!(r#"Id="{id}""#), r#"Id="ED-copy""#, 1);
    let relocated = wire.replace(&ed, &copy).replace(
        "</s:Header>",
        &format!(r#"<w:Wrapper xmlns:w="urn:w">{ed}</w:Wrapper></s:Header>"#),
    );
    let e = check(&res, &relocated).unwrap_err();
    assert!(
        matches!(&e, PipelineError::EncryptedDataMisplaced { uri: u } if *u == uri),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!("the EncryptedData '{uri}' is not at a position this pipeline decrypts")
    );

    // Moved into a wsse11:EncryptedHeader that holds more than the EncryptedData: misplaced too.
    let eh_wrapped = wire.replace(&ed, &copy).replace(
        "</s:Header>",
        &format!(
            r#"<wsse11:EncryptedHeader xmlns:wsse11="{WSSE11_NS}">{ed}<w:More xmlns:w="urn:w"/></wsse11:EncryptedHeader></s:Header>"#
        ),
    );
    let e = check(&res, &eh_wrapped).unwrap_err();
    assert!(
        matches!(&e, PipelineError::EncryptedDataMisplaced { uri: u } if *u == uri),
        "{e:?}"
    );

    // Moved into the operation element inside the Body (not the Body's own child).
    let nested = wire.replace(&ed, &format!(r#"<Submit xmlns="{NS}">{ed}</Submit>"#));
    let e = check(&res, &nested).unwrap_err();
    assert!(
        matches!(&e, PipelineError::EncryptedDataMisplaced { uri: u } if *u == uri),
        "{e:?}"
    );
}

#[test]
fn class_o_duplicated_encrypted_data() {
    let (res, wire, ed, uri) = encrypted_request();
    // The same EncryptedData twice (same Id): duplicate IDs are refused at parse (class D).
    let twice = wire.replace(&ed, &format!("{ed}{ed}"));
    let e = check(&res, &twice).unwrap_err();
    assert!(matches!(e, PipelineError::Xml(_)), "{e:?}");
    let in_header = wire.replace(
        "</s:Header>",
        &format!(r#"<w:Wrapper xmlns:w="urn:w">{ed}</w:Wrapper></s:Header>"#),
    );
    let e = check(&res, &in_header).unwrap_err();
    assert!(matches!(e, PipelineError::Xml(_)), "{e:?}");

    // A copy under another Id beside the original, unlisted: the Body is no longer what was
    // signed (the signature covers the plaintext Body, which now also holds the copy).
    let id = &uri[1..];
    let copy = ed.replacen(&format!(r#"Id="{id}""#), r#"Id="ED-copy""#, 1);
    let beside = wire.replace(&ed, &format!("{ed}{copy}"));
    let e = check(&res, &beside).unwrap_err();
    assert!(matches!(e, PipelineError::Dsig(_)), "{e:?}");

    // The copy listed as well: both decrypt, the Body holds the order twice, and the signature
    // (over the Body as sent) does not verify.
    let listed = beside.replace(
        &format!(r#"<xenc:DataReference URI="{uri}"/>"#),
        &format!(r##"<xenc:DataReference URI="{uri}"/><xenc:DataReference URI="#ED-copy"/>"##),
    );
    let e = check(&res, &listed).unwrap_err();
    assert!(matches!(e, PipelineError::Dsig(_)), "{e:?}");

    // The same EncryptedData listed twice in the ReferenceList.
    let relisted = wire.replace(
        &format!(r#"<xenc:DataReference URI="{uri}"/>"#),
        &format!(r#"<xenc:DataReference URI="{uri}"/><xenc:DataReference URI="{uri}"/>"#),
    );
    let e = check(&res, &relisted).unwrap_err();
    assert!(
        matches!(&e, PipelineError::Xenc(soapsec::xenc::XencError::Malformed { element, .. })
            if *element == "ReferenceList"),
        "{e:?}"
    );
}

// ---- 3. Faults --------------------------------------------------------------------------------------

const FAULT_ACTION: &str = "http://tempuri.org/IOrder/SubmitOrderFaultFault";

/// IOrder.Submit at Sign, with the declared fault OrderFault at `fault`.
fn fault_contract(fault: Option<ProtectionLevel>) -> Contract {
    let c = Contract::new("IOrder", NS);
    let submit = c
        .new_operation("Submit")
        .with_level(Some(ProtectionLevel::Sign))
        .with_fault(c.new_fault("Submit", "OrderFault", fault));
    assert_eq!(submit.faults[0].action, FAULT_ACTION);
    c.clone().with_operation(submit)
}

fn fault_message() -> String {
    format!(
        r#"<s:Envelope xmlns:s="{SOAP12}" xmlns:a="{WSA}"><s:Header><a:Action s:mustUnderstand="1">{FAULT_ACTION}</a:Action><a:RelatesTo>urn:uuid:1</a:RelatesTo></s:Header><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text xml:lang="en">order refused</s:Text></s:Reason><s:Detail><OrderFault xmlns="{NS}"><why>credit-limit-exceeded</why></OrderFault></s:Detail></s:Fault></s:Body></s:Envelope>"#
    )
}

fn client_check(res: &Resolution, wire: &str) -> Result<Verified, PipelineError> {
    verify(
        res,
        Direction::Fault,
        None,
        &store("client"),
        &in_opts(),
        wire.as_bytes(),
    )
}

#[test]
fn declared_fault_is_protected_at_its_own_level() {
    let b = binding(ProtectionOrder::SignBeforeEncryptAndEncryptSignature);
    let res = resolve(&fault_contract(Some(ProtectionLevel::EncryptAndSign)), &b);
    let wire = protect_as(
        &res,
        Direction::Fault,
        FAULT_ACTION,
        "server",
        "client",
        &fault_message(),
    );
    assert!(
        !wire.contains("credit-limit-exceeded"),
        "the fault is encrypted although the operation is Sign"
    );
    let v = client_check(&res, &wire).unwrap();
    assert_eq!(v.action(), Some(FAULT_ACTION));
    assert_eq!(v.direction(), Direction::Fault);
    let body = v.body().unwrap();
    assert!(body.protection().signed && body.protection().encrypted);
    assert!(body.operation().unwrap().is(SOAP12, "Fault"));
    assert!(v.envelope().contains("credit-limit-exceeded"));
    assert_eq!(
        v.parts().last().map(|p| p.required),
        Some(ProtectionLevel::EncryptAndSign)
    );
    assert!(v.caller().certificate().subject().contains("server"));

    // A service that protects the fault at the operation's level (the fault unset inherits
    // Sign) is refused by a client that requires EncryptAndSign.
    let weak = resolve(&fault_contract(None), &b);
    let wire = protect_as(
        &weak,
        Direction::Fault,
        FAULT_ACTION,
        "server",
        "client",
        &fault_message(),
    );
    assert!(wire.contains("credit-limit-exceeded"), "signed only");
    client_check(&weak, &wire).expect("the weak contract accepts its own fault");
    let e = client_check(&res, &wire).unwrap_err();
    assert!(
        matches!(&e, PipelineError::PartNotEncrypted { name, namespace }
            if name == "Body" && namespace == SOAP12),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!("The 'Body', '{SOAP12}' required message part  was not encrypted.")
    );

    // The other way round: an operation at EncryptAndSign with its fault at Sign; the
    // signed-only fault is accepted at the fault's level.
    let c = Contract::new("IOrder", NS);
    let submit = c
        .new_operation("Submit")
        .with_level(Some(ProtectionLevel::EncryptAndSign))
        .with_fault(c.new_fault("Submit", "OrderFault", Some(ProtectionLevel::Sign)));
    let lower = resolve(&c.clone().with_operation(submit), &b);
    let v = client_check(&lower, &wire).unwrap();
    assert_eq!(
        v.parts().last().map(|p| p.required),
        Some(ProtectionLevel::Sign)
    );
}

/// The fault's `Body/Fault` element.
fn fault_element<'d>(doc: &'d Document<'_>, ns: &str) -> soapsec::xml::Element<'d> {
    let root = doc.root();
    assert!(root.is(ns, "Envelope"));
    let body = root.child_elements().find(|c| c.is(ns, "Body")).unwrap();
    let fault = body.child_elements().next().unwrap();
    assert!(fault.is(ns, "Fault"));
    assert_eq!(body.child_elements().count(), 1);
    fault
}

const REASON: &str = "An error occurred when verifying security for the message.";

#[test]
fn security_fault_soap11_and_soap12() {
    let secret_error = PipelineError::PartNotEncrypted {
        name: "TopSecretHeader".into(),
        namespace: "urn:internal-detail".into(),
    };
    let errors = [
        secret_error,
        PipelineError::EncryptedHeaderNotSigned {
            name: "TopSecretHeader".into(),
            namespace: "urn:internal-detail".into(),
        },
        PipelineError::DataReferenceUnresolved {
            uri: "#TopSecretHeader".into(),
        },
    ];
    for error in &errors {
        let detail = error.to_string();
        assert!(detail.contains("TopSecretHeader"));

        // SOAP 1.1: no subcodes; WCF writes the subcode as the faultcode.
        let f11 = security_fault(SoapVersion::Soap11, error);
        let doc = Document::parse(&f11).unwrap();
        let fault = fault_element(&doc, SOAP11);
        let kids: Vec<_> = fault.child_elements().collect();
        assert_eq!(kids.len(), 2, "{f11}");
        assert!(kids[0].is("", "faultcode"));
        assert_eq!(kids[0].text(), "wsse:InvalidSecurity");
        assert!(
            kids[0]
                .namespace_declarations()
                .any(|(p, n)| p == "wsse" && n == WSSE_NS),
            "{f11}"
        );
        assert!(kids[1].is("", "faultstring"));
        assert_eq!(kids[1].text(), REASON);
        assert!(!f11.contains("TopSecretHeader") && !f11.contains("internal-detail"));
        assert!(!f11.contains("detail"));

        // SOAP 1.2: Code Sender, Subcode wsse:InvalidSecurity.
        let f12 = security_fault(SoapVersion::Soap12, error);
        let doc = Document::parse(&f12).unwrap();
        let fault = fault_element(&doc, SOAP12);
        let kids: Vec<_> = fault.child_elements().collect();
        assert_eq!(kids.len(), 2, "{f12}: Code and Reason only, no Detail");
        assert!(kids[0].is(SOAP12, "Code"));
        let code: Vec<_> = kids[0].child_elements().collect();
        assert_eq!(code.len(), 2);
        assert!(code[0].is(SOAP12, "Value"));
        assert_eq!(code[0].text(), "s:Sender");
        assert!(code[1].is(SOAP12, "Subcode"));
        let sub: Vec<_> = code[1].child_elements().collect();
        assert_eq!(sub.len(), 1);
        assert!(sub[0].is(SOAP12, "Value"));
        assert_eq!(sub[0].text(), "wsse:InvalidSecurity");
        assert!(
            sub[0]
                .namespace_declarations()
                .any(|(p, n)| p == "wsse" && n == WSSE_NS)
        );
        assert!(kids[1].is(SOAP12, "Reason"));
        let text: Vec<_> = kids[1].child_elements().collect();
        assert_eq!(text.len(), 1);
        assert!(text[0].is(SOAP12, "Text"));
        assert_eq!(text[0].text(), REASON);
        assert!(!f12.contains("TopSecretHeader") && !f12.contains("internal-detail"));
        assert!(!f12.contains("Detail"));
    }

    // WCF's one exception: an unrecognized action gets InvalidOrUnrecognizedAction.
    let e = PipelineError::ActionUnrecognized {
        action: "urn:admin".into(),
    };
    let f12 = security_fault(SoapVersion::Soap12, &e);
    assert!(f12.contains(
        "The message could not be processed because the action 'urn:admin' is invalid or unrecognized."
    ));
    assert!(f12.contains("wsse:InvalidSecurity"));
}
