//! The resolution, validation and compatibility rules of the reference, one test per rule.

use soapsec::ProtectionLevel::{self, EncryptAndSign as ES, None as N, Sign as S};
use soapsec::binding::{Binding, PRESET_NAMES, SecurityElement};
use soapsec::contract::{
    Contract, ContractError, Direction, FindingKind, Message, Part, Reading, Severity, Side, Stage,
    ValidationKind, assert_compatible, check_compatibility, check_compatibility_with,
    create_from_contract, parse_contract_file, resolve, resolve_with, validate, validate_for_open,
};
use soapsec::level::Provenance;

const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
const SEED_ERROR: &str = "The 'Body', 'http://schemas.xmlsoap.org/soap/envelope/' required message part  was not encrypted.";

fn preset(name: &str) -> Binding {
    Binding::preset(name).unwrap_or_else(|e| panic!("{e}"))
}

fn load(path: &str) -> Contract {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_contract_file(&text)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .contract
}

fn one_op(op_level: Option<ProtectionLevel>, input: Message, output: Message) -> Contract {
    let c = Contract::new("C", "urn:c");
    let mut op = c.new_operation("Op").with_level(op_level);
    op.input = input;
    op.output = Some(output);
    c.clone().with_operation(op)
}

fn body_level(c: &Contract, b: &Binding, d: Direction) -> ProtectionLevel {
    create_from_contract(c, b)
        .into_iter()
        .find(|m| m.direction == d)
        .map(|m| m.body.requirement.level)
        .unwrap_or_else(|| panic!("no {d} message"))
}

// ---- body rules -------------------------------------------------------------------------

#[test]
fn body_level_is_the_maximum_over_members() {
    let b = preset("wsHttp");
    let table: [(&[Option<ProtectionLevel>], ProtectionLevel); 7] = [
        (&[Some(N), Some(N)], N),
        (&[Some(N), Some(S)], S),
        (&[Some(S), Some(N)], S),
        (&[Some(S), Some(ES), Some(N)], ES),
        (&[Some(N), None], ES), // unset member takes the message default (E&S)
        (&[Some(S)], S),
        (&[Some(N)], N),
    ];
    for (members, want) in table {
        let mut input = Message::with_level(None);
        for (i, l) in members.iter().enumerate() {
            input = input.member(&format!("m{i}"), "urn:c", *l);
        }
        let c = one_op(None, input, Message::default());
        assert_eq!(body_level(&c, &b, Direction::Request), want, "{members:?}");
    }
    // The provenance names the member that reached the maximum first.
    let c = one_op(
        None,
        Message::default()
            .member("a", "urn:c", Some(S))
            .member("b", "urn:c", Some(ES))
            .member("c", "urn:c", Some(ES)),
        Message::default(),
    );
    let req = create_from_contract(&c, &b)
        .into_iter()
        .next()
        .map(|m| m.body.requirement.source);
    assert_eq!(
        req,
        Some(Provenance::BodyMember {
            operation: "Op".into(),
            direction: soapsec::level::MessageDirection::Input,
            name: "b".into()
        })
    );
}

#[test]
fn return_value_is_ignored_when_members_exist() {
    let b = preset("wsHttp");
    let with_members = one_op(
        Some(S),
        Message::default(),
        Message::default()
            .member("m", "urn:c", Some(N))
            .returns("OpResult", Some(ES)),
    );
    assert_eq!(body_level(&with_members, &b, Direction::Reply), N);
    let only_return = one_op(
        Some(S),
        Message::default(),
        Message::default().returns("OpResult", Some(ES)),
    );
    assert_eq!(body_level(&only_return, &b, Direction::Reply), ES);
    let unset_return = one_op(
        Some(S),
        Message::default(),
        Message::default().returns("OpResult", None),
    );
    assert_eq!(body_level(&unset_return, &b, Direction::Reply), S);
}

#[test]
fn empty_body_gets_the_message_default() {
    for (binding, want) in [("wsHttp", ES), ("basicHttp:Message", ES), ("basicHttp", N)] {
        let c = one_op(None, Message::default(), Message::default());
        assert_eq!(
            body_level(&c, &preset(binding), Direction::Request),
            want,
            "{binding}"
        );
        assert_eq!(
            body_level(&c, &preset(binding), Direction::Reply),
            want,
            "{binding}"
        );
    }
    let c = one_op(Some(N), Message::with_level(Some(S)), Message::default());
    assert_eq!(body_level(&c, &preset("wsHttp"), Direction::Request), S);
    assert_eq!(body_level(&c, &preset("wsHttp"), Direction::Reply), N);
}

// ---- faults ----------------------------------------------------------------------------

#[test]
fn faults_inherit_from_the_operation_never_the_message_contract() {
    let c = load("contracts/faults.xml");
    for binding in ["wsHttp", "basicHttp:Message"] {
        let msgs = create_from_contract(&c, &preset(binding));
        let fault = |name: &str| {
            msgs.iter()
                .find(|m| m.fault.as_deref() == Some(name))
                .map(|m| {
                    (
                        m.body.requirement.level,
                        m.body.requirement.source.clone(),
                        m.action.clone(),
                    )
                })
                .unwrap_or_else(|| panic!("fault {name}"))
        };
        let (l, src, action) = fault("MathFault");
        assert_eq!(
            l, S,
            "MathFault inherits Sign from Divide, not E&S from its output"
        );
        assert_eq!(
            src,
            Provenance::Operation {
                operation: "Divide".into()
            }
        );
        assert_eq!(
            action,
            "http://example.org/calc/ICalculator/DivideMathFaultFault"
        );
        let (l, src, action) = fault("AuditFault");
        assert_eq!(l, ES);
        assert!(matches!(src, Provenance::Fault { .. }));
        assert_eq!(action, "http://example.org/calc/audit-fault");
        assert_eq!(fault("OverflowFault").0, ES);
        assert!(matches!(
            fault("OverflowFault").1,
            Provenance::BindingDefault { .. }
        ));
        assert_eq!(fault("LogFault").0, S);
        // The Divide output itself is E&S.
        let out = msgs
            .iter()
            .find(|m| m.operation == "Divide" && m.direction == Direction::Reply)
            .map(|m| m.body.requirement.level);
        assert_eq!(out, Some(ES));
    }
}

#[test]
fn faults_are_keyed_by_their_action_with_addressing() {
    let c = load("contracts/faults.xml");
    let r = resolve(&c, &preset("wsHttp"));
    let math = r.outgoing.lookup(Some(
        "http://example.org/calc/ICalculator/DivideMathFaultFault",
    ));
    assert_eq!(math.map(|s| s.body.level), Some(S));
    let audit = r
        .outgoing
        .lookup(Some("http://example.org/calc/audit-fault"));
    assert_eq!(audit.map(|s| s.body.level), Some(ES));
}

// ---- defaults per binding --------------------------------------------------------------

#[test]
fn defaults_per_binding() {
    let table = [
        ("basicHttp", N, false),
        ("basicHttp:Transport", N, false),
        ("basicHttp:Message", ES, true),
        ("basicHttp:TransportWithMessageCredential", N, false),
        ("basicHttps", N, false),
        ("wsHttp", ES, true),
        ("wsHttp:None", N, false),
        ("wsHttp:Transport", N, false),
        ("wsHttp:TransportWithMessageCredential", N, false),
        ("netTcp", N, false),
        ("netTcp:None", N, false),
        ("netTcp:Message", ES, true),
    ];
    assert_eq!(table.len(), PRESET_NAMES.len());
    for (name, want, message_security) in table {
        let b = preset(name);
        let c = one_op(None, Message::default(), Message::default());
        assert_eq!(body_level(&c, &b, Direction::Request), want, "{name}");
        assert_eq!(body_level(&c, &b, Direction::Reply), want, "{name}");
        let r = resolve(&c, &b);
        assert_eq!(r.message_security, message_security, "{name}");
        // Without message security the levels never reach the message layer.
        assert_eq!(r.incoming.actions.is_empty(), !message_security, "{name}");
    }
}

// ---- validation texts, verbatim ---------------------------------------------------------

#[test]
fn validation_texts_verbatim() {
    let signed = one_op(Some(S), Message::default(), Message::default());
    let issues = validate(&signed, &preset("basicHttp"));
    let texts: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "The request message must be protected. This is required by an operation of the contract ('C','urn:c'). The protection must be provided by the binding ('BasicHttpBinding','http://tempuri.org/').",
            "The response message must be protected. This is required by an operation of the contract ('C', 'urn:c'). The protection must be provided by the binding ('BasicHttpBinding', 'http://tempuri.org/').",
        ]
    );
    assert_eq!(
        issues.iter().map(|i| i.stage).collect::<Vec<_>>(),
        vec![Stage::Open, Stage::Open]
    );

    // Only the response side needs protection.
    let reply_only = one_op(None, Message::default(), Message::with_level(Some(ES)));
    let kinds: Vec<ValidationKind> = validate(&reply_only, &preset("wsHttp:None"))
        .iter()
        .map(|i| i.kind)
        .collect();
    assert_eq!(kinds, vec![ValidationKind::ResponseNotSupported]);

    // No capabilities at all (TCP without security): any non-None level fails.
    assert_eq!(validate(&signed, &preset("netTcp:None")).len(), 2);
    // A transport that provides E&S accepts anything.
    for ok in [
        "basicHttps",
        "netTcp",
        "wsHttp:Transport",
        "basicHttp:TransportWithMessageCredential",
    ] {
        assert!(validate(&signed, &preset(ok)).is_empty(), "{ok}");
    }

    // The certificate-signature element supports Sign/None: E&S replies cannot be provided.
    let mut cert = Binding::custom(
        "CertBinding",
        "urn:b",
        soapsec::binding::SecurityMode::Message,
        SecurityElement::CertificateSignature,
    );
    cert.addressing = soapsec::binding::AddressingVersion::WsAddressing10;
    let es = one_op(Some(ES), Message::default(), Message::default());
    let msgs: Vec<String> = validate(&es, &cert)
        .into_iter()
        .map(|i| i.message)
        .collect();
    assert_eq!(
        msgs,
        vec![
            "The request message must be protected. This is required by an operation of the contract ('C','urn:c'). The protection must be provided by the binding ('CertBinding','urn:b').".to_owned(),
            "The response message must be protected. This is required by an operation of the contract ('C', 'urn:c'). The protection must be provided by the binding ('CertBinding', 'urn:b').".to_owned(),
        ]
    );

    // Unknown header with a level other than None.
    let unknown = {
        let c = Contract::new("C", "urn:c");
        let mut op = c.new_operation("Op");
        op.input = Message::default();
        op.input.headers.push(soapsec::contract::Header {
            name: "Any".into(),
            namespace: "urn:any".into(),
            protection_level: None,
            unknown: true,
        });
        c.clone().with_operation(op)
    };
    let issues = validate(&unknown, &preset("wsHttp"));
    assert_eq!(
        issues.first().map(|i| i.message.as_str()),
        Some(
            "The contract ('C','urn:c') contains some unknown header ('Any','urn:any') which cannot be secured. Please choose ProtectionLevel.None for this header."
        )
    );
    // Unset under a binding whose default is None: fine.
    assert!(validate(&unknown, &preset("basicHttp")).is_empty());
    assert_eq!(
        validate_for_open(&unknown, &preset("wsHttp"))
            .err()
            .map(|e| e.to_string()),
        issues.first().map(|i| i.message.clone())
    );
    assert!(matches!(
        validate_for_open(&unknown, &preset("wsHttp")),
        Err(ContractError::Validation(_))
    ));

    // Header encryption under WS-Security 1.0.
    let header = one_op(
        None,
        Message::default().header("Secret", "urn:s", None),
        Message::default(),
    );
    let issues = validate(&header, &preset("basicHttp:Message"));
    assert_eq!(issues.len(), 1);
    assert_eq!(
        issues.first().map(|i| (i.kind, i.stage)),
        Some((ValidationKind::HeaderEncryptionWss10, Stage::Send))
    );
    assert_eq!(
        issues.first().map(|i| i.message.as_str()),
        Some(
            "SecurityVersion.WSSecurityJan2004 does not support header encryption. Header with name 'Secret' and namespace 'urn:s' is configured for encryption. Consider using SecurityVersion.WsSecurity11 and above or use transport security to encrypt the full message."
        )
    );
    // No open-time failure for it: WCF only fails when sending.
    assert_eq!(
        validate_for_open(&header, &preset("basicHttp:Message")),
        Ok(())
    );
    // A signed-only header is fine under WSS 1.0, and any header is fine under WSS 1.1.
    let signed_header = one_op(
        None,
        Message::default().header("Secret", "urn:s", Some(S)),
        Message::default(),
    );
    assert!(validate(&signed_header, &preset("basicHttp:Message")).is_empty());
    assert!(validate(&header, &preset("wsHttp")).is_empty());
}

// ---- the addressing union -------------------------------------------------------------

/// Op A: reply body Sign. Op B: reply header H at E&S, body None. Request of B: None.
fn union_contract() -> Contract {
    let c = Contract::new("C", "urn:c");
    let a = c.new_operation("A").with_level(Some(S));
    let mut b = c.new_operation("B").with_level(Some(N));
    b.output = Some(Message::default().header("H", "urn:h", Some(ES)));
    c.clone().with_operation(a).with_operation(b)
}

#[test]
fn addressing_union_covers_replies_not_requests_runtime_reading() {
    let c = union_contract();
    let r = resolve_with(&c, &preset("basicHttp:Message"), Reading::Runtime);
    assert!(r.collapsed);
    // Replies: one union under '*', part by part.
    let star = r
        .outgoing
        .actions
        .get("*")
        .cloned()
        .unwrap_or_else(|| panic!("no '*' entry"));
    assert_eq!(star.body.level, S);
    let h = Part::Header {
        name: "H".into(),
        namespace: "urn:h".into(),
    };
    assert_eq!(star.level(&h), ES);
    assert!(!r.outgoing.actions.contains_key("urn:c/C/AResponse"));
    // B's reply body is None by its own scopes but Sign in the union.
    let b_reply = r
        .messages
        .iter()
        .find(|m| m.operation == "B" && m.direction == Direction::Reply)
        .unwrap_or_else(|| panic!("B reply"));
    assert_eq!(b_reply.body.declared.level, N);
    assert_eq!(b_reply.body.effective.level, S);
    assert!(
        matches!(&b_reply.body.effective.source, Provenance::AddressingUnion { action, .. } if action == "urn:c/C/AResponse")
    );
    // Requests keep their per-action requirements.
    assert_eq!(
        r.incoming.lookup(Some("urn:c/C/A")).map(|s| s.body.level),
        Some(S)
    );
    assert_eq!(
        r.incoming.lookup(Some("urn:c/C/B")).map(|s| s.body.level),
        Some(N)
    );
    // With WS-Addressing nothing is collapsed.
    let w = resolve(&c, &preset("wsHttp"));
    assert!(!w.collapsed);
    assert_eq!(
        w.outgoing
            .lookup(Some("urn:c/C/BResponse"))
            .map(|s| s.body.level),
        Some(N)
    );
}

#[test]
fn addressing_union_documentation_reading_raises_everything() {
    let c = union_contract();
    let r = resolve_with(&c, &preset("basicHttp:Message"), Reading::Documentation);
    for m in &r.messages {
        for p in m.parts() {
            assert_eq!(
                p.effective.level, ES,
                "{} {} {:?}",
                m.operation, m.direction, p.part
            );
            assert!(matches!(
                p.effective.source,
                Provenance::StrongestInContract { .. }
            ));
        }
    }
    assert_eq!(
        r.incoming.lookup(Some("urn:c/C/B")).map(|s| s.body.level),
        Some(ES)
    );
    // With WS-Addressing the documentation reading changes nothing.
    let w = resolve_with(&c, &preset("wsHttp"), Reading::Documentation);
    assert_eq!(
        w.incoming.lookup(Some("urn:c/C/B")).map(|s| s.body.level),
        Some(N)
    );
}

// ---- compatibility ---------------------------------------------------------------------

#[test]
fn seed_example_reproduces_the_reply_failure() {
    let client = load("contracts/purchase-order-client.xml");
    let service = load("contracts/purchase-order-service.xml");
    let report = check_compatibility(&client, &service, &preset("basicHttp:Message"));
    assert!(!report.is_compatible());
    let failures: Vec<_> = report.failures().collect();
    assert_eq!(failures.len(), 1, "{report}");
    let f = failures
        .first()
        .copied()
        .unwrap_or_else(|| panic!("no failure"));
    assert_eq!(f.message, SEED_ERROR);
    assert!(f.message.contains("part  was"), "two spaces before 'was'");
    assert_eq!(f.operation.as_deref(), Some("Price"));
    assert_eq!(f.direction, Some(Direction::Reply));
    assert_eq!(f.raised_by, Side::Client);
    assert_eq!(f.stage, Stage::Receive);
    assert_eq!(f.kind, FindingKind::PartNotEncrypted);
    assert_eq!(f.part, Some(Part::Body));
    assert_eq!(f.required.as_ref().map(|r| r.level), Some(ES));
    assert_eq!(f.sent.as_ref().map(|s| s.level), Some(S));
    // The requirement comes from Tax's reply through the union.
    assert!(matches!(
        f.required.as_ref().map(|r| &r.source),
        Some(Provenance::AddressingUnion { action, .. }) if action == "http://tempuri.org/IPurchaseOrder/TaxResponse"
    ));
    // Calling Tax: the service does not know the action (a warning, not a failure).
    let warn: Vec<_> = report.warnings().collect();
    assert_eq!(warn.len(), 1);
    assert_eq!(
        warn.first().map(|w| w.kind),
        Some(FindingKind::UnknownAction)
    );
    assert_eq!(
        warn.first().map(|w| w.message.as_str()),
        Some(
            "No signature message parts were specified for messages with the 'http://tempuri.org/IPurchaseOrder/Tax' action."
        )
    );
    // The text report contains the exact error.
    assert!(report.to_string().contains(SEED_ERROR));
}

#[test]
fn seed_pair_is_compatible_on_ws_http() {
    let client = load("contracts/purchase-order-client.xml");
    let service = load("contracts/purchase-order-service.xml");
    for binding in ["wsHttp", "netTcp:Message", "basicHttps", "netTcp"] {
        let report = check_compatibility(&client, &service, &preset(binding));
        assert!(report.is_compatible(), "{binding}: {report}");
    }
    assert_compatible(&client, &service, &preset("wsHttp"));
    // Documentation reading gives the same verdicts.
    let doc = check_compatibility_with(
        &client,
        &service,
        &preset("basicHttp:Message"),
        Reading::Documentation,
    );
    assert_eq!(
        doc.failures()
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>(),
        vec![SEED_ERROR]
    );
    // On plain basicHttp the Sign level cannot be provided: both sides fail to open.
    let plain = check_compatibility(&client, &service, &preset("basicHttp"));
    let opens: Vec<(Side, FindingKind)> = plain.failures().map(|f| (f.raised_by, f.kind)).collect();
    assert_eq!(
        opens,
        vec![
            (Side::Client, FindingKind::RequestNotSupported),
            (Side::Client, FindingKind::ResponseNotSupported),
            (Side::Service, FindingKind::RequestNotSupported),
            (Side::Service, FindingKind::ResponseNotSupported),
        ]
    );
}

#[test]
#[should_panic(expected = "required message part  was not encrypted.")]
fn assert_compatible_panics_with_the_report() {
    let client = load("contracts/purchase-order-client.xml");
    let service = load("contracts/purchase-order-service.xml");
    assert_compatible(&client, &service, &preset("basicHttp:Message"));
}

#[test]
fn under_protection_fails_over_protection_is_accepted() {
    let mk = |level| one_op(Some(level), Message::default(), Message::default());
    let levels = [N, S, ES];
    for binding in ["wsHttp", "netTcp:Message"] {
        let b = preset(binding);
        for client in levels {
            for service in levels {
                let report = check_compatibility(&mk(client), &mk(service), &b);
                let request = report
                    .findings
                    .iter()
                    .find(|f| {
                        f.direction == Some(Direction::Request) && f.severity == Severity::Failure
                    })
                    .map(|f| f.message.clone());
                let reply = report
                    .findings
                    .iter()
                    .find(|f| {
                        f.direction == Some(Direction::Reply) && f.severity == Severity::Failure
                    })
                    .map(|f| f.message.clone());
                // Request: client sends `client`, service requires `service`.
                let want = |sent: ProtectionLevel, required: ProtectionLevel| -> Option<String> {
                    if required.is_signed() && !sent.is_signed() {
                        Some(format!(
                            "The 'Body', '{SOAP12}' required message part  was not signed."
                        ))
                    } else if required.is_encrypted() && !sent.is_encrypted() {
                        Some(format!(
                            "The 'Body', '{SOAP12}' required message part  was not encrypted."
                        ))
                    } else {
                        None
                    }
                };
                assert_eq!(
                    request,
                    want(client, service),
                    "{binding} request c={client} s={service}"
                );
                assert_eq!(
                    reply,
                    want(service, client),
                    "{binding} reply c={client} s={service}"
                );
            }
        }
    }
}

#[test]
fn header_mismatch_names_the_header() {
    let c = Contract::new("C", "urn:c");
    let mk = |level| {
        let mut op = c.new_operation("Op");
        op.input = Message::default().header("Token", "urn:t", level);
        c.clone().with_operation(op)
    };
    let report = check_compatibility(&mk(Some(S)), &mk(Some(ES)), &preset("wsHttp"));
    let msgs: Vec<&str> = report.failures().map(|f| f.message.as_str()).collect();
    assert_eq!(
        msgs,
        vec!["The 'Token', 'urn:t' required message part  was not encrypted."]
    );
    assert_eq!(
        report.failures().next().map(|f| f.raised_by),
        Some(Side::Service)
    );
    // Under WS-Security 1.0 the E&S header makes the *sender* fail first.
    let report = check_compatibility(&mk(Some(ES)), &mk(Some(ES)), &preset("basicHttp:Message"));
    let f: Vec<(Side, Stage, FindingKind)> = report
        .failures()
        .map(|f| (f.raised_by, f.stage, f.kind))
        .collect();
    assert_eq!(
        f,
        vec![(
            Side::Client,
            Stage::Send,
            FindingKind::HeaderEncryptionWss10
        )]
    );
}

#[test]
fn soap11_body_namespace_in_not_signed_text() {
    let mk = |level| one_op(Some(level), Message::default(), Message::default());
    let report = check_compatibility(&mk(N), &mk(S), &preset("netTcp:Message"));
    assert!(
        report.failures().any(|f| f.message
            == format!("The 'Body', '{SOAP12}' required message part  was not signed."))
    );
    let mut b = preset("basicHttp:Message");
    b.addressing = soapsec::binding::AddressingVersion::WsAddressing10;
    let report = check_compatibility(&mk(N), &mk(S), &b);
    assert!(
        report.failures().any(|f| f.message
            == format!("The 'Body', '{SOAP11}' required message part  was not signed.")),
        "{report}"
    );
}

#[test]
fn faults_are_checked_against_the_clients_requirements() {
    let c = Contract::new("C", "urn:c");
    let mk = |fault_level| {
        let op = c
            .new_operation("Op")
            .with_level(Some(S))
            .with_fault(c.new_fault("Op", "F", fault_level));
        c.clone().with_operation(op)
    };
    let report = check_compatibility(&mk(Some(ES)), &mk(None), &preset("wsHttp"));
    let f: Vec<(Direction, Option<String>, String)> = report
        .failures()
        .map(|f| {
            (
                f.direction.unwrap_or(Direction::Request),
                f.fault.clone(),
                f.message.clone(),
            )
        })
        .collect();
    assert_eq!(
        f,
        vec![(
            Direction::Fault,
            Some("F".to_owned()),
            format!("The 'Body', '{SOAP12}' required message part  was not encrypted.")
        )]
    );
}

#[test]
fn encryption_not_expected_when_the_receiver_expects_none() {
    // Certificate-signature element: Sign/None, no infrastructure faults, so a receiver whose
    // contract never encrypts does not expect encryption at all.
    let mut cert = Binding::custom(
        "B",
        "urn:b",
        soapsec::binding::SecurityMode::Message,
        SecurityElement::CertificateSignature,
    );
    cert.capabilities = Some(soapsec::binding::SecurityCapabilities::both(ES));
    let mk = |level| one_op(Some(level), Message::default(), Message::default());
    let report = check_compatibility(&mk(ES), &mk(S), &cert);
    let msgs: Vec<&str> = report.failures().map(|f| f.message.as_str()).collect();
    assert!(
        msgs.contains(&"Encryption not expected for this message."),
        "{report}"
    );
    // Symmetric bindings always expect encryption: over-protection is accepted.
    assert!(
        check_compatibility(&mk(ES), &mk(S), &preset("wsHttp"))
            .failures()
            .all(|f| f.direction != Some(Direction::Request))
    );
}
