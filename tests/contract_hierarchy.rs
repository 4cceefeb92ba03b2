//! Table-driven coverage of every cell of the scope hierarchy: each scope unset or set to each
//! of the three levels, for headers, body members, return values and faults, on bindings whose
//! defaults differ. The expected level is "the innermost scope that is set, else the binding
//! default"; the expected provenance names that scope.

use soapsec::ProtectionLevel::{self, EncryptAndSign as ES, None as N, Sign as S};
use soapsec::binding::{Binding, SecurityElement};
use soapsec::contract::{
    Contract, Direction, Message, Reading, create_from_contract, resolve_with,
};
use soapsec::level::{DefaultSide, Provenance};

/// Unset, then each value.
const CELLS: [Option<ProtectionLevel>; 4] = [None, Some(N), Some(S), Some(ES)];

fn preset(name: &str) -> Binding {
    Binding::preset(name).unwrap_or_else(|e| panic!("{e}"))
}

/// A binding whose request and response defaults differ (Sign / None).
fn certificate_signature() -> Binding {
    let mut b = Binding::custom(
        "CertSig",
        "http://tempuri.org/",
        soapsec::binding::SecurityMode::Message,
        SecurityElement::CertificateSignature,
    );
    b.addressing = soapsec::binding::AddressingVersion::WsAddressing10;
    b
}

fn bindings() -> Vec<(Binding, ProtectionLevel, ProtectionLevel)> {
    vec![
        (preset("wsHttp"), ES, ES),
        (preset("basicHttp:Message"), ES, ES),
        (preset("basicHttp"), N, N),
        (preset("netTcp"), N, N),
        (certificate_signature(), S, N),
    ]
}

/// Which scope the oracle says set the level.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Scope {
    Default,
    Contract,
    Operation,
    Message,
    Part,
}

fn oracle(
    chain: [Option<ProtectionLevel>; 4],
    default: ProtectionLevel,
) -> (ProtectionLevel, Scope) {
    let scopes = [
        Scope::Contract,
        Scope::Operation,
        Scope::Message,
        Scope::Part,
    ];
    let mut result = (default, Scope::Default);
    for (level, scope) in chain.iter().zip(scopes) {
        if let Some(l) = level {
            result = (*l, scope);
        }
    }
    result
}

fn scope_of(p: &Provenance) -> Scope {
    match p {
        Provenance::BindingDefault { .. } => Scope::Default,
        Provenance::Contract { .. } => Scope::Contract,
        Provenance::Operation { .. } => Scope::Operation,
        Provenance::MessageContract { .. } => Scope::Message,
        Provenance::Header { .. }
        | Provenance::BodyMember { .. }
        | Provenance::ReturnValue { .. }
        | Provenance::Fault { .. } => Scope::Part,
        other => panic!("unexpected provenance {other:?}"),
    }
}

#[derive(Clone, Copy)]
enum Leaf {
    Header,
    Member,
    Return,
}

fn build(
    c: Option<ProtectionLevel>,
    o: Option<ProtectionLevel>,
    m: Option<ProtectionLevel>,
    leaf: Leaf,
    l: Option<ProtectionLevel>,
) -> Contract {
    let contract = Contract::new("C", "urn:c").with_level(c);
    let mut op = contract.new_operation("Op").with_level(o);
    let msg = |m| match leaf {
        Leaf::Header => Message::with_level(m).header("H", "urn:h", l),
        Leaf::Member => Message::with_level(m).member("B", "urn:c", l),
        Leaf::Return => Message::with_level(m).returns("OpResult", l),
    };
    if !matches!(leaf, Leaf::Return) {
        op.input = msg(m);
    }
    op.output = Some(msg(m));
    op = op.with_fault(contract.new_fault("Op", "F", l));
    contract.with_operation(op)
}

#[test]
fn every_cell_of_the_hierarchy_for_headers_members_and_return_values() {
    let mut checked = 0;
    for (binding, def_req, def_resp) in bindings() {
        for leaf in [Leaf::Header, Leaf::Member, Leaf::Return] {
            for c in CELLS {
                for o in CELLS {
                    for m in CELLS {
                        for l in CELLS {
                            let contract = build(c, o, m, leaf, l);
                            let msgs = create_from_contract(&contract, &binding);
                            for msg in &msgs {
                                let (part, default, chain) = match (msg.direction, leaf) {
                                    (Direction::Fault, _) => (&msg.body, def_resp, [c, o, None, l]),
                                    (Direction::Request, Leaf::Return) => {
                                        (&msg.body, def_req, [c, o, None, None])
                                    }
                                    (Direction::Request, Leaf::Header) => (
                                        msg.headers.first().unwrap_or_else(|| panic!("header")),
                                        def_req,
                                        [c, o, m, l],
                                    ),
                                    (Direction::Request, _) => (&msg.body, def_req, [c, o, m, l]),
                                    (Direction::Reply, Leaf::Header) => (
                                        msg.headers.first().unwrap_or_else(|| panic!("header")),
                                        def_resp,
                                        [c, o, m, l],
                                    ),
                                    (Direction::Reply, _) => (&msg.body, def_resp, [c, o, m, l]),
                                };
                                let (want_level, want_scope) = oracle(chain, default);
                                let ctx = format!(
                                    "binding {} leaf {:?} c={c:?} o={o:?} m={m:?} l={l:?} {:?}",
                                    binding.preset,
                                    match leaf {
                                        Leaf::Header => "header",
                                        Leaf::Member => "member",
                                        Leaf::Return => "return",
                                    },
                                    msg.direction
                                );
                                assert_eq!(part.requirement.level, want_level, "{ctx}");
                                assert_eq!(scope_of(&part.requirement.source), want_scope, "{ctx}");
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    // 5 bindings × 3 leaves × 256 combinations × 3 messages.
    assert_eq!(checked, 5 * 3 * 256 * 3);
}

#[test]
fn binding_default_provenance_names_the_binding_and_side() {
    let contract = Contract::new("C", "urn:c");
    let contract = contract
        .clone()
        .with_operation(contract.new_operation("Op"));
    let msgs = create_from_contract(&contract, &certificate_signature());
    let sides: Vec<(Direction, ProtectionLevel, Provenance)> = msgs
        .iter()
        .map(|m| {
            (
                m.direction,
                m.body.requirement.level,
                m.body.requirement.source.clone(),
            )
        })
        .collect();
    assert_eq!(
        sides,
        vec![
            (
                Direction::Request,
                S,
                Provenance::BindingDefault {
                    binding: "CertSig".into(),
                    side: DefaultSide::Request,
                    level: S,
                    message_security: true
                }
            ),
            (
                Direction::Reply,
                N,
                Provenance::BindingDefault {
                    binding: "CertSig".into(),
                    side: DefaultSide::Response,
                    level: N,
                    message_security: true
                }
            ),
        ]
    );
}

#[test]
fn explicit_none_is_an_override_not_unset() {
    for binding in [preset("wsHttp"), preset("basicHttp:Message")] {
        let c = Contract::new("C", "urn:c").with_level(Some(N));
        let c = c.clone().with_operation(c.new_operation("Op"));
        let r = resolve_with(&c, &binding, Reading::Runtime);
        for m in &r.messages {
            assert_eq!(m.body.effective.level, N, "{}", binding.preset);
            assert!(m.body.effective.source.short().ends_with("contract C"));
            assert!(matches!(
                &m.body.declared.source,
                Provenance::Contract { name } if name == "C"
            ));
        }
        let unset = Contract::new("C", "urn:c");
        let unset = unset.clone().with_operation(unset.new_operation("Op"));
        let r = resolve_with(&unset, &binding, Reading::Runtime);
        assert!(r.messages.iter().all(|m| m.body.effective.level == ES));
    }
}
