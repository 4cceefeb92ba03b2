//! Class L — parser denial of service (WS-Attacker's DoS plugin; MSDN 2009, *XML Denial of
//! Service Attacks and Defenses*; WSS4J `test_DosAttackWithRecursiveEntity`): a DOCTYPE with
//! XXE or billion-laughs entities, deep nesting, attribute and namespace-declaration floods,
//! overlong names and a huge base64 payload — each inserted into an otherwise valid secured
//! message.
//!
//! Defence: no DOCTYPE at all (`DoctypeForbidden`, so no entity beyond the five predefined
//! ones: `InvalidReference`); byte, depth, element, attribute, namespace-declaration, name and
//! text limits (`XmlError::LimitExceeded { kind, .. }`), each checked before the node is added
//! to the tree. The limits are `InboundOptions::parse`; lowering them is always honoured.

use crate::support::*;
use soapsec::pipeline::{InboundOptions, PipelineError};
use soapsec::xml::{LimitKind, Limits, ParseOptions, XmlError};

fn limit(e: &PipelineError, want: LimitKind) -> bool {
    matches!(e, PipelineError::Xml(XmlError::LimitExceeded { kind, .. }) if *kind == want)
}

/// The sign-only request with `markup` in place of the order's text.
fn in_body(s: &Secured, markup: &str) -> String {
    replace1(&s.wire, "confidential-order", markup)
}

#[test]
fn l_doctype_xxe_and_billion_laughs() {
    let s = signed_12();
    s.control();
    let prologs = [
        "<!DOCTYPE s:Envelope>".to_owned(),
        r#"<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"#.to_owned(),
        r#"<!DOCTYPE s:Envelope [<!ENTITY ssrf SYSTEM "http://169.254.169.254/latest/meta-data/">]>"#.to_owned(),
        {
            let mut d = String::from(r#"<!DOCTYPE s:Envelope [<!ENTITY lol0 "lol">"#);
            for i in 1..10 {
                let p = i - 1;
                d.push_str(&format!(
                    r#"<!ENTITY lol{i} "&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};">"#
                ));
            }
            d.push_str("]>");
            d
        },
    ];
    for (prolog, entity) in prologs.iter().zip(["", "&xxe;", "&ssrf;", "&lol9;"]) {
        let evil = format!(
            "<?xml version=\"1.0\"?>{prolog}{}",
            if entity.is_empty() {
                s.wire.clone()
            } else {
                in_body(&s, entity)
            }
        );
        let e = assert_err!(
            s.check(&evil),
            PipelineError::Xml(XmlError::DoctypeForbidden { .. })
        );
        assert_eq!(
            e.to_string().split(": ").nth(1),
            Some("DOCTYPE is not allowed (no DTD processing, no custom entities)")
        );
    }
    // The entity reference alone, without its DTD: an unknown entity.
    assert_err!(
        s.check(&in_body(&s, "&lol9;")),
        PipelineError::Xml(XmlError::InvalidReference { reference, .. }) if reference == "lol9"
    );
}

#[test]
fn l_deep_nesting() {
    let s = signed_12();
    s.control();
    // The order element is at depth 5; 130 more levels exceed the default 128.
    let deep = format!("{}x{}", "<d>".repeat(130), "</d>".repeat(130));
    assert_err!(
        s.check(&in_body(&s, &deep)),
        PipelineError::Xml(XmlError::LimitExceeded {
            kind: LimitKind::Depth,
            max: 128,
            ..
        })
    );
    // 100k levels: refused as fast, at the first level over the limit.
    let very = format!("{}{}", "<d>".repeat(100_000), "</d>".repeat(100_000));
    assert_err!(s.check(&in_body(&s, &very)), e if limit(e, LimitKind::Depth));
}

#[test]
fn l_attribute_flood() {
    let s = signed_12();
    s.control();
    let attrs: String = (0..65).map(|i| format!(r#" a{i}="x""#)).collect();
    let evil = in_body(&s, &format!("<flood{attrs}/>"));
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::LimitExceeded {
            kind: LimitKind::AttributesPerElement,
            max: 64,
            ..
        })
    );
}

#[test]
fn l_namespace_declaration_flood() {
    let s = signed_12();
    s.control();
    // On one element ...
    let decls: String = (0..33)
        .map(|i| format!(r#" xmlns:p{i}="urn:p{i}""#))
        .collect();
    let evil = in_body(&s, &format!("<flood{decls}/>"));
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::LimitExceeded {
            kind: LimitKind::NamespaceDeclarationsPerElement,
            max: 32,
            ..
        })
    );
    // ... and across the document: 200 elements with 25 each.
    let decls: String = (0..25)
        .map(|i| format!(r#" xmlns:p{i}="urn:p{i}""#))
        .collect();
    let evil = in_body(&s, &format!("<f{decls}/>").repeat(200));
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::LimitExceeded {
            kind: LimitKind::NamespaceDeclarations,
            max: 4096,
            ..
        })
    );
}

#[test]
fn l_overlong_names() {
    let s = signed_12();
    s.control();
    let name = "n".repeat(300);
    assert_err!(
        s.check(&in_body(&s, &format!("<{name}/>"))),
        PipelineError::Xml(XmlError::LimitExceeded {
            kind: LimitKind::NameLength,
            max: 256,
            ..
        })
    );
    assert_err!(
        s.check(&in_body(&s, &format!(r#"<e {name}="x"/>"#))),
        e if limit(e, LimitKind::NameLength)
    );
    assert_err!(
        s.check(&in_body(&s, &format!(r#"<e xmlns:{name}="urn:x"/>"#))),
        e if limit(e, LimitKind::NameLength)
    );
}

#[test]
fn l_huge_base64_payload() {
    let s = encrypted(soapsec::binding::ProtectionOrder::SignBeforeEncrypt);
    s.control();
    // A CipherValue of 16 MiB + 4 bytes of base64 (the default text limit is 16 MiB).
    let body = element(&s.wire, "s:Body");
    let cv = text_of(&body, "xenc:CipherValue");
    let huge = "QUFB".repeat(4 * 1024 * 1024 + 1);
    let evil = replace1(&s.wire, &cv, &huge);
    assert!(evil.len() < 32 * 1024 * 1024, "under the input limit");
    assert_err!(
        s.check(&evil),
        PipelineError::Xml(XmlError::LimitExceeded {
            kind: LimitKind::TextLength,
            max: 16_777_216,
            ..
        })
    );
}

#[test]
fn l_configured_limits_are_honoured() {
    let s = signed_12();
    s.control();
    let tight = |limits: Limits| InboundOptions {
        parse: ParseOptions::with_limits(limits),
        ..s.opts()
    };
    let mut l = Limits::default();
    l.max_input_bytes = 4096;
    assert_err!(
        s.check_with(&tight(l), &s.wire),
        PipelineError::Xml(XmlError::LimitExceeded {
            kind: LimitKind::InputBytes,
            max: 4096,
            ..
        })
    );
    let mut l = Limits::default();
    l.max_elements = 30;
    assert_err!(
        s.check_with(&tight(l), &s.wire),
        PipelineError::Xml(XmlError::LimitExceeded {
            kind: LimitKind::Elements,
            max: 30,
            ..
        })
    );
    let mut l = Limits::default();
    l.max_text_length = 1000;
    assert_err!(
        s.check_with(&tight(l), &s.wire),
        PipelineError::Xml(XmlError::LimitExceeded {
            kind: LimitKind::TextLength,
            max: 1000,
            ..
        })
    );
}
