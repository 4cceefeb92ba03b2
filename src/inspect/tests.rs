//! Unit tests of the inspector (the CLI tests in `tests/cli_inspect.rs` cover the rendering).

use super::*;

const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";

fn survey(xml: &str) -> Inspection {
    inspect(xml.as_bytes(), &SurveyOptions::default()).unwrap()
}

#[test]
fn short_names_of_algorithm_uris() {
    assert_eq!(
        short_algorithm("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
        "rsa-sha256"
    );
    assert_eq!(
        short_algorithm("http://www.w3.org/2001/10/xml-exc-c14n#"),
        "xml-exc-c14n"
    );
    assert_eq!(short_algorithm("urn:x"), "urn:x");
}

#[test]
fn headers_body_and_paths_by_position() {
    let i = survey(&format!(
        r#"<s:Envelope xmlns:s="{SOAP11}" xmlns:h="urn:h"><s:Header><h:A s:mustUnderstand="1" s:actor="urn:next">1</h:A><h:A>2</h:A></s:Header><s:Body Id="b"><Op xmlns="urn:op"/><Op2 xmlns="urn:op"/></s:Body></s:Envelope>"#
    ));
    assert_eq!(i.soap_version, "1.1");
    assert_eq!(i.headers.len(), 2);
    assert_eq!(i.headers[0].path, "/Envelope/Header/A[1]");
    assert_eq!(i.headers[1].path, "/Envelope/Header/A[2]");
    assert!(i.headers[0].must_understand);
    assert_eq!(i.headers[0].role.as_deref(), Some("urn:next"));
    assert_eq!(i.body.other_ids, vec!["Id=b".to_owned()]);
    match &i.body.content {
        BodyContent::Operation {
            name,
            more_elements,
        } => {
            assert_eq!(name.expanded(), "{urn:op}Op");
            assert_eq!(*more_elements, 1);
        }
        other => panic!("{other:?}"),
    }
    assert!(i.security.is_none());
    // Two header parts and the Body, nothing claimed.
    assert_eq!(i.parts.len(), 3);
    assert!(
        i.parts
            .iter()
            .all(|p| !p.claimed_signed && !p.claimed_encrypted)
    );
}

#[test]
fn parse_errors_carry_their_position() {
    let e = inspect(b"<a>\n  <b>", &SurveyOptions::default()).unwrap_err();
    assert!(matches!(e, InspectError::Xml(_)));
    assert_eq!(e.position().map(|p| p.line), Some(2));
    let e = inspect(b"<a/>", &SurveyOptions::default()).unwrap_err();
    assert!(matches!(e, InspectError::Envelope(_)));
}

/// A reference to the Body is a claim, not proof; an unparsable Timestamp is reported, and
/// an unknown Security child is shown, without failing the inspection.
#[test]
fn claims_and_odd_security_content_are_reported_not_fatal() {
    let wsse = survey::WSSE_NS;
    let i = survey(&format!(
        r##"<s:Envelope xmlns:s="{SOAP11}" xmlns:wsse="{wsse}" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><s:Header><wsse:Security><wsu:Timestamp><wsu:Created>yesterday</wsu:Created></wsu:Timestamp><x:Odd xmlns:x="urn:x"/><ds:Signature><ds:SignedInfo><ds:Reference URI="#body"/><ds:Reference URI="http://evil/"/></ds:SignedInfo></ds:Signature></wsse:Security></s:Header><s:Body wsu:Id="body"/></s:Envelope>"##
    ));
    let sec = i.security.as_ref().unwrap();
    assert_eq!(sec.items.len(), 3);
    match &sec.items[0].detail {
        ItemDetail::Timestamp { state, error, .. } => {
            assert_eq!(state, "malformed");
            assert!(error.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(sec.items[1].detail, ItemDetail::Other { .. }));
    match &sec.items[2].detail {
        ItemDetail::Signature {
            references,
            problems,
            ..
        } => {
            assert_eq!(references[0].covers.as_deref(), Some("/Envelope/Body"));
            assert_eq!(references[0].part.as_deref(), Some("Body"));
            assert!(
                problems.iter().any(|p| p.contains("http://evil/")),
                "{problems:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    let body = i.parts.iter().find(|p| p.kind == "body").unwrap();
    assert!(body.claimed_signed);
    assert!(body.signed.is_none(), "nothing verified without keys");
}
