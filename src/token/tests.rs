//! Unit tests of the token layer: reading and writing BSTs and STRs, and their errors.

use super::*;
use crate::keys::Certificate;
use crate::xml::{DSIG_NS, Document, WSU_NS, escape_text};

fn pki(name: &str) -> Vec<u8> {
    let path = format!("{}/testdata/pki/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn client() -> Certificate {
    Certificate::load(&pki("client.pem")).unwrap()
}

/// Wraps `inner` in an element that declares the usual prefixes.
fn wrap(inner: &str) -> String {
    format!(
        r#"<root xmlns:wsse="{WSSE_NS}" xmlns:wsu="{WSU_NS}" xmlns:ds="{DSIG_NS}">{inner}</root>"#
    )
}

fn first_child<'d>(doc: &'d Document<'d>) -> crate::xml::Element<'d> {
    doc.root().first_child_element().unwrap()
}

fn bst_with(value_type: &str, encoding: &str, content: &str) -> String {
    wrap(&format!(
        r#"<wsse:BinarySecurityToken ValueType="{value_type}" EncodingType="{encoding}" wsu:Id="X1">{content}</wsse:BinarySecurityToken>"#
    ))
}

fn b64_lines(bytes: &[u8], width: usize) -> String {
    let one = encode_base64(bytes);
    one.as_bytes()
        .chunks(width)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\r\n  ")
}

#[test]
fn bst_with_line_broken_base64() {
    let cert = client();
    let xml = bst_with(
        X509V3_VALUE_TYPE,
        BASE64_BINARY,
        &format!("\n  {}\n", b64_lines(cert.der(), 64)),
    );
    let doc = Document::parse(&xml).unwrap();
    let bst = BinarySecurityToken::from_element(first_child(&doc)).unwrap();
    assert_eq!(bst.certificate(), &cert);
    assert_eq!(bst.id(), Some("X1"));
    assert_eq!(bst.node(), first_child(&doc).id());
}

#[test]
fn bst_encoding_type_may_be_absent() {
    let cert = client();
    let xml = wrap(&format!(
        r#"<wsse:BinarySecurityToken ValueType="{X509V3_VALUE_TYPE}">{}</wsse:BinarySecurityToken>"#,
        encode_base64(cert.der())
    ));
    let doc = Document::parse(&xml).unwrap();
    let bst = BinarySecurityToken::from_element(first_child(&doc)).unwrap();
    assert_eq!(bst.id(), None);
    assert_eq!(bst.into_certificate(), cert);
}

#[test]
fn bst_errors_name_what_is_wrong() {
    let der = encode_base64(client().der());
    let cases = [
        (
            bst_with(X509_PKIPATH_VALUE_TYPE, BASE64_BINARY, &der),
            TokenError::UnsupportedValueType {
                element: "wsse:BinarySecurityToken",
                value_type: X509_PKIPATH_VALUE_TYPE.into(),
            },
        ),
        (
            bst_with(X509V3_VALUE_TYPE, "urn:hex", &der),
            TokenError::UnsupportedEncodingType {
                element: "wsse:BinarySecurityToken",
                encoding_type: "urn:hex".into(),
            },
        ),
        (
            bst_with(X509V3_VALUE_TYPE, BASE64_BINARY, "MII*"),
            TokenError::InvalidBase64 {
                element: "wsse:BinarySecurityToken",
            },
        ),
        (
            bst_with(X509V3_VALUE_TYPE, BASE64_BINARY, "<x/>"),
            TokenError::InvalidBase64 {
                element: "wsse:BinarySecurityToken",
            },
        ),
        (
            wrap("<wsse:BinarySecurityToken>AAAA</wsse:BinarySecurityToken>"),
            TokenError::MissingAttribute {
                element: "wsse:BinarySecurityToken",
                attribute: "ValueType",
            },
        ),
        (
            wrap("<wsse:SecurityTokenReference/>"),
            TokenError::UnexpectedElement {
                expected: "wsse:BinarySecurityToken",
                found: format!("{{{WSSE_NS}}}SecurityTokenReference"),
            },
        ),
    ];
    for (xml, expected) in cases {
        let doc = Document::parse(&xml).unwrap();
        assert_eq!(
            BinarySecurityToken::from_element(first_child(&doc)).unwrap_err(),
            expected
        );
    }
    let xml = bst_with(X509V3_VALUE_TYPE, BASE64_BINARY, "AAAA");
    let doc = Document::parse(&xml).unwrap();
    assert!(matches!(
        BinarySecurityToken::from_element(first_child(&doc)),
        Err(TokenError::Certificate(_))
    ));
}

#[test]
fn bst_markup_round_trips() {
    let cert = client();
    for markup in [
        Markup::default(),
        Markup {
            wsse: "o".into(),
            wsu: "u".into(),
            ds: String::new(),
            declare_namespaces: true,
        },
        Markup {
            wsse: String::new(),
            ..Markup::default()
        },
    ] {
        let xml = BinarySecurityToken::to_xml(&cert, "X509-abc.1", &markup).unwrap();
        let doc = Document::parse(&xml).unwrap();
        let bst = BinarySecurityToken::from_element(doc.root()).unwrap();
        assert_eq!(bst.certificate(), &cert);
        assert_eq!(bst.id(), Some("X509-abc.1"));
        assert_eq!(
            doc.element_by_id("X509-abc.1").map(|e| e.id()),
            Some(doc.root().id())
        );
    }
    let undeclared = Markup {
        declare_namespaces: false,
        ..Markup::default()
    };
    let xml = BinarySecurityToken::to_xml(&cert, "b", &undeclared).unwrap();
    assert!(xml.starts_with("<wsse:BinarySecurityToken EncodingType="));
    let wrapped = wrap(&xml);
    let doc = Document::parse(&wrapped).unwrap();
    assert!(BinarySecurityToken::from_element(first_child(&doc)).is_ok());
}

#[test]
fn markup_rejects_bad_names() {
    let cert = client();
    assert_eq!(
        BinarySecurityToken::to_xml(&cert, "1abc", &Markup::default()).unwrap_err(),
        TokenError::InvalidName {
            what: "wsu:Id",
            value: "1abc".into()
        }
    );
    assert!(BinarySecurityToken::to_xml(&cert, "a\"b", &Markup::default()).is_err());
    for bad in [
        Markup {
            wsu: String::new(),
            ..Markup::default()
        },
        Markup {
            wsse: "a:b".into(),
            ..Markup::default()
        },
        Markup {
            ds: String::new(),
            declare_namespaces: false,
            ..Markup::default()
        },
    ] {
        assert!(matches!(
            TokenReference::ski(&cert).to_xml(None, &bad),
            Err(TokenError::InvalidName { what: "prefix", .. })
        ));
    }
}

fn parse_str(inner: &str) -> Result<SecurityTokenReference, TokenError> {
    let xml = wrap(&format!(
        "<wsse:SecurityTokenReference wsu:Id=\"S1\">{inner}</wsse:SecurityTokenReference>"
    ));
    let doc = Document::parse(&xml).unwrap();
    SecurityTokenReference::from_element(first_child(&doc))
}

#[test]
fn every_reference_kind_round_trips() {
    let cert = client();
    let refs = [
        TokenReference::to_token("X509-1"),
        TokenReference::Direct {
            id: "EK-1".into(),
            value_type: DirectValueType::EncryptedKey,
        },
        TokenReference::Direct {
            id: "K".into(),
            value_type: DirectValueType::Unspecified,
        },
        TokenReference::ski(&cert),
        TokenReference::thumbprint_sha1(&cert),
        TokenReference::issuer_serial(&cert),
    ];
    for r in refs {
        for (id, markup) in [
            (None, Markup::default()),
            (
                Some("STR-1"),
                Markup {
                    wsse: "o".into(),
                    wsu: "u".into(),
                    ds: String::new(),
                    declare_namespaces: true,
                },
            ),
        ] {
            let xml = r.to_xml(id, &markup).unwrap();
            let doc = Document::parse(&xml).unwrap();
            let parsed = SecurityTokenReference::from_element(doc.root()).unwrap();
            assert_eq!(parsed.reference(), &r, "{xml}");
            assert_eq!(parsed.id(), id);
            assert_eq!(parsed.node(), doc.root().id());
        }
    }
    assert_eq!(
        TokenReference::issuer_serial(&cert),
        TokenReference::IssuerSerial {
            issuer: "CN=soapsec Test Root CA,O=soapsec test".into(),
            serial: "4097".into(),
        }
    );
}

#[test]
fn issuer_name_is_escaped_in_markup() {
    let r = TokenReference::IssuerSerial {
        issuer: "CN=a<b&c".into(),
        serial: "1".into(),
    };
    let xml = r.to_xml(None, &Markup::default()).unwrap();
    assert!(xml.contains("CN=a&lt;b&amp;c"));
    let doc = Document::parse(&xml).unwrap();
    assert_eq!(
        SecurityTokenReference::from_element(doc.root())
            .unwrap()
            .reference(),
        &r
    );
}

#[test]
fn reference_parsing_tolerates_real_shapes() {
    // Whitespace around the KeyIdentifier's base64 and the issuer/serial text, leading zeros.
    let r = parse_str(&format!(
        r#"<wsse:KeyIdentifier ValueType="{SKI_VALUE_TYPE}">
            FGNdqO9Z
            WhXbroo1yqV++lM735s=
        </wsse:KeyIdentifier>"#
    ))
    .unwrap();
    assert_eq!(
        r.reference(),
        &TokenReference::KeyIdentifier(KeyIdentifier::SubjectKeyIdentifier(
            client().subject_key_identifier().unwrap().to_vec()
        ))
    );
    // WSS4J writes IDs that start with a digit.
    let r = parse_str(r##"<wsse:Reference URI="#1E2C13B4"/>"##).unwrap();
    assert_eq!(
        r.reference(),
        &TokenReference::Direct {
            id: "1E2C13B4".into(),
            value_type: DirectValueType::Unspecified
        }
    );
    // WSS4J 1.6's EncryptedKey ValueType under the SAML profile's namespace.
    let r = parse_str(
        r##"<wsse:Reference URI="#EK" ValueType="http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.0#EncryptedKey"/>"##,
    )
    .unwrap();
    assert!(matches!(
        r.reference(),
        TokenReference::Direct {
            value_type: DirectValueType::EncryptedKey,
            ..
        }
    ));
    let r = parse_str(
        "<ds:X509Data>\n<ds:X509IssuerSerial>\n<ds:X509IssuerName> CN=x, O=y </ds:X509IssuerName>\n\
         <ds:X509SerialNumber> 007 </ds:X509SerialNumber>\n</ds:X509IssuerSerial>\n</ds:X509Data>",
    )
    .unwrap();
    assert_eq!(
        r.reference(),
        &TokenReference::IssuerSerial {
            issuer: "CN=x, O=y".into(),
            serial: "7".into()
        }
    );
    assert_eq!(
        r.to_string_for_test(),
        "X509IssuerSerial issuer \"CN=x, O=y\" serial 7"
    );
}

impl SecurityTokenReference {
    fn to_string_for_test(&self) -> String {
        self.reference().to_string()
    }
}

#[test]
fn reference_errors_name_what_is_wrong() {
    let ki = |vt: &str, enc: &str, v: &str| {
        format!(
            r#"<wsse:KeyIdentifier ValueType="{vt}" EncodingType="{enc}">{v}</wsse:KeyIdentifier>"#
        )
    };
    let cases: Vec<(String, TokenError)> = vec![
        (String::new(), TokenError::EmptyReference),
        (
            r##"<wsse:Reference URI="#a"/><wsse:Reference URI="#b"/>"##.into(),
            TokenError::MultipleReferences { count: 2 },
        ),
        (
            "<ds:KeyName>k</ds:KeyName>".into(),
            TokenError::UnsupportedReference {
                found: format!("{{{DSIG_NS}}}KeyName"),
            },
        ),
        (
            "<wsse:Embedded/>".into(),
            TokenError::UnsupportedReference {
                found: format!("{{{WSSE_NS}}}Embedded"),
            },
        ),
        (
            r##"<wsse:SecurityTokenReference><wsse:Reference URI="#a"/></wsse:SecurityTokenReference>"##
                .into(),
            TokenError::RecursiveReference { id: None },
        ),
        (
            r#"<wsse:Reference URI="http://evil/x"/>"#.into(),
            TokenError::UnsupportedReferenceUri {
                uri: "http://evil/x".into(),
            },
        ),
        (
            r##"<wsse:Reference URI="#a b"/>"##.into(),
            TokenError::UnsupportedReferenceUri { uri: "#a b".into() },
        ),
        (
            r#"<wsse:Reference URI=""/>"#.into(),
            TokenError::UnsupportedReferenceUri { uri: String::new() },
        ),
        (
            "<wsse:Reference/>".into(),
            TokenError::MissingAttribute {
                element: "wsse:Reference",
                attribute: "URI",
            },
        ),
        (
            format!(r##"<wsse:Reference URI="#a" ValueType="{X509_PKIPATH_VALUE_TYPE}"/>"##),
            TokenError::UnsupportedValueType {
                element: "wsse:Reference",
                value_type: X509_PKIPATH_VALUE_TYPE.into(),
            },
        ),
        (
            ki("urn:saml#AssertionID", BASE64_BINARY, "AAAA"),
            TokenError::UnsupportedValueType {
                element: "wsse:KeyIdentifier",
                value_type: "urn:saml#AssertionID".into(),
            },
        ),
        (
            ki(SKI_VALUE_TYPE, "urn:hex", "AAAA"),
            TokenError::UnsupportedEncodingType {
                element: "wsse:KeyIdentifier",
                encoding_type: "urn:hex".into(),
            },
        ),
        (
            ki(THUMBPRINT_SHA1_VALUE_TYPE, BASE64_BINARY, "AAAA"),
            TokenError::MalformedKeyIdentifier {
                reason: "a ThumbprintSHA1 must be 20 bytes",
            },
        ),
        (
            ki(SKI_VALUE_TYPE, BASE64_BINARY, ""),
            TokenError::MalformedKeyIdentifier {
                reason: "a subject key identifier must be 1 to 64 bytes",
            },
        ),
        (
            ki(SKI_VALUE_TYPE, BASE64_BINARY, "!!"),
            TokenError::InvalidBase64 {
                element: "wsse:KeyIdentifier",
            },
        ),
        (
            "<ds:X509Data><ds:X509Certificate>AAAA</ds:X509Certificate></ds:X509Data>".into(),
            TokenError::UnsupportedReference {
                found: format!("ds:X509Data/{{{DSIG_NS}}}X509Certificate"),
            },
        ),
        (
            "<ds:X509Data/>".into(),
            TokenError::UnsupportedReference {
                found: "an empty ds:X509Data".into(),
            },
        ),
    ];
    for (inner, expected) in cases {
        assert_eq!(parse_str(&inner).unwrap_err(), expected, "{inner}");
    }
    let is = |name: &str, serial: &str| {
        format!(
            "<ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>{name}</ds:X509IssuerName>\
             <ds:X509SerialNumber>{serial}</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data>"
        )
    };
    for bad in [
        is("CN=a", "-5"),
        is("CN=a", "0x10"),
        is("CN=a", ""),
        is("CN=a", &"9".repeat(65)),
        is("CN", "1"),
        "<ds:X509Data><ds:X509IssuerSerial><ds:X509SerialNumber>1</ds:X509SerialNumber>\
         </ds:X509IssuerSerial></ds:X509Data>"
            .into(),
    ] {
        assert!(
            matches!(
                parse_str(&bad),
                Err(TokenError::MalformedIssuerSerial { .. })
            ),
            "{bad}"
        );
    }
}

#[test]
fn key_info_must_hold_exactly_one_str() {
    let parse = |inner: &str| {
        let xml = wrap(&format!("<ds:KeyInfo>{inner}</ds:KeyInfo>"));
        let doc = Document::parse(&xml).unwrap();
        SecurityTokenReference::from_key_info(first_child(&doc))
    };
    assert!(
        parse(r##"<wsse:SecurityTokenReference><wsse:Reference URI="#a"/></wsse:SecurityTokenReference>"##)
            .is_ok()
    );
    assert_eq!(
        parse("<ds:KeyValue/>").unwrap_err(),
        TokenError::UnsupportedKeyInfo {
            found: format!("{{{DSIG_NS}}}KeyValue")
        }
    );
    assert!(matches!(
        parse(""),
        Err(TokenError::UnsupportedKeyInfo { .. })
    ));
    assert!(matches!(
        parse(
            r##"<ds:KeyName>a</ds:KeyName><wsse:SecurityTokenReference><wsse:Reference URI="#a"/></wsse:SecurityTokenReference>"##
        ),
        Err(TokenError::UnsupportedKeyInfo { .. })
    ));
    let wrapped = wrap("<x/>");
    let doc = Document::parse(&wrapped).unwrap();
    assert!(matches!(
        SecurityTokenReference::from_key_info(first_child(&doc)),
        Err(TokenError::UnexpectedElement { .. })
    ));
}

#[test]
fn base64_and_names() {
    assert_eq!(decode_base64(" AQ\r\n\tID ", "x").unwrap(), vec![1, 2, 3]);
    assert!(is_ncname("_a.b-c1") && is_ncname("é"));
    assert!(!is_ncname("") && !is_ncname("a:b") && !is_ncname("-a") && !is_ncname("a b"));
    assert_eq!(hex(&[0, 0xab]), "00ab");
    assert_eq!(escape_text("a\r<&>"), "a&#xD;&lt;&amp;&gt;");
}
