//! Shared builders for the attack suite: one contract, the bindings, valid secured messages made
//! by our own outbound pipeline at a fixed clock, the inbound check, and string surgery helpers
//! that panic when the text they are asked to change is not there (so a broken builder can never
//! make an attack "fail" for the wrong reason).

#![allow(dead_code)]

use crate::common::pki::{cert, key, store};
use soapsec::algorithms::Legacy;
use soapsec::binding::{Binding, ProtectionOrder};
use soapsec::contract::{Contract, Direction, Message, Resolution, resolve};
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{
    Algorithms, Credentials, FixedClock, InboundOptions, OutboundOptions, PipelineError, Verified,
    protect, verify,
};
use std::sync::Arc;

/// The clock of every sender: 2030-01-01T00:00:00Z (the test certificates are valid then).
pub const NOW: i64 = 1_893_456_000;
/// The contract namespace.
pub const NS: &str = "http://tempuri.org/";
/// IOrder.Submit's action.
pub const SUBMIT: &str = "http://tempuri.org/IOrder/Submit";
/// IOrder.Ping's action (a weakly protected operation: Sign).
pub const PING: &str = "http://tempuri.org/IOrder/Ping";
/// IOrder.Transfer's action (a privileged operation, Sign).
pub const TRANSFER: &str = "http://tempuri.org/IOrder/Transfer";
pub const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
pub const WSA: &str = "http://www.w3.org/2005/08/addressing";
pub const WSU: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
pub const WSSE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
pub const WSSE11: &str = "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd";
pub const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
pub const XENC: &str = "http://www.w3.org/2001/04/xmlenc#";

/// `Err(e)` matching the pattern, else a panic naming what came instead (an accepted attack
/// prints the verified parts). Evaluates to the error.
macro_rules! assert_err {
    ($res:expr, $pat:pat $(if $guard:expr)? $(,)?) => {{
        match $res {
            Err(e) => {
                assert!(
                    matches!(&e, $pat $(if $guard)?),
                    "unexpected error: {e:?} ({e})"
                );
                e
            }
            Ok(v) => panic!("the attack was ACCEPTED: {v:?}"),
        }
    }};
}

/// IOrder: Submit (body at `body`, header `h:Secret` at `secret`, header `h:Note` at Sign,
/// member `order`), Ping and Transfer at Sign.
pub fn contract(body: Option<ProtectionLevel>, secret: Option<ProtectionLevel>) -> Contract {
    let c = Contract::new("IOrder", NS);
    let mut submit = c.new_operation("Submit").with_level(body);
    submit.input = Message::default()
        .header("Secret", "urn:h", secret)
        .header("Note", "urn:h", Some(ProtectionLevel::Sign))
        .member("order", NS, None);
    let ping = c
        .new_operation("Ping")
        .with_level(Some(ProtectionLevel::Sign));
    let transfer = c
        .new_operation("Transfer")
        .with_level(Some(ProtectionLevel::Sign));
    c.clone()
        .with_operation(submit)
        .with_operation(ping)
        .with_operation(transfer)
}

/// wsHttp (SOAP 1.2, WS-Addressing 1.0, WS-Security 1.1, Strict layout) with `order`.
pub fn ws_http(order: ProtectionOrder) -> Binding {
    let mut b = Binding::preset("wsHttp").unwrap();
    b.protection_order = order;
    b
}

/// basicHttp with message security (SOAP 1.1, no WS-Addressing, WS-Security 1.0, Lax layout).
pub fn basic_http() -> Binding {
    Binding::preset("basicHttp:Message").unwrap()
}

/// The three protection orders.
pub const ORDERS: [ProtectionOrder; 3] = [
    ProtectionOrder::SignBeforeEncrypt,
    ProtectionOrder::SignBeforeEncryptAndEncryptSignature,
    ProtectionOrder::EncryptBeforeSign,
];

/// A SOAP 1.2 request with WS-Addressing. `secret` adds the `h:Secret` header.
pub fn soap12_request(action: &str, body: &str, secret: bool) -> String {
    let secret = if secret {
        r#"<h:Secret s:mustUnderstand="1">launch-code-123</h:Secret>"#
    } else {
        ""
    };
    format!(
        r#"<s:Envelope xmlns:s="{SOAP12}" xmlns:a="{WSA}" xmlns:h="urn:h"><s:Header><a:Action s:mustUnderstand="1">{action}</a:Action><a:MessageID>urn:uuid:1</a:MessageID>{secret}<h:Note>hello</h:Note></s:Header><s:Body>{body}</s:Body></s:Envelope>"#
    )
}

/// The Submit body.
pub fn submit_body(order: &str) -> String {
    format!(r#"<Submit xmlns="{NS}"><order>{order}</order></Submit>"#)
}

/// A SOAP 1.1 request without WS-Addressing.
pub fn soap11_request(body: &str) -> String {
    format!(
        r#"<s:Envelope xmlns:s="{SOAP11}" xmlns:h="urn:h"><s:Header><h:Note>hello</h:Note></s:Header><s:Body>{body}</s:Body></s:Envelope>"#
    )
}

pub fn out_opts() -> OutboundOptions {
    OutboundOptions {
        clock: Arc::new(FixedClock(NOW)),
        ..Default::default()
    }
}

/// The receiver's options: one second later, the default (fresh, private) replay cache.
pub fn in_opts() -> InboundOptions {
    InboundOptions {
        clock: Arc::new(FixedClock(NOW + 1)),
        ..Default::default()
    }
}

/// The WCF Basic256 suite (rsa-sha1, sha1, aes256-cbc, rsa-oaep-mgf1p) behind the legacy switch.
pub fn legacy_algorithms(res: &Resolution) -> Algorithms {
    Algorithms::from_suite(
        res.binding.algorithm_suite,
        Legacy::wcf_basic_suites_for_legacy_use_only(),
    )
    .unwrap()
}

/// One secured message and everything needed to verify it (and mutations of it).
#[derive(Clone)]
pub struct Secured {
    /// The receiver's (and sender's) resolution.
    pub res: Resolution,
    /// The secured envelope.
    pub wire: String,
    /// The transport SOAPAction to pass (SOAP 1.1 without WS-Addressing), else `None`.
    pub soap_action: Option<String>,
    /// The receiver's algorithm policy.
    pub algorithms: Algorithms,
}

impl Secured {
    /// The receiver's options for this message (fixed clock, fresh replay cache, its algorithms).
    pub fn opts(&self) -> InboundOptions {
        InboundOptions {
            algorithms: self.algorithms.clone(),
            ..in_opts()
        }
    }

    /// Verify `wire` as the server would (with a fresh replay cache).
    pub fn check(&self, wire: &str) -> Result<Verified, PipelineError> {
        self.check_with(&self.opts(), wire)
    }

    /// Verify `wire` with explicit options.
    pub fn check_with(&self, opts: &InboundOptions, wire: &str) -> Result<Verified, PipelineError> {
        verify(
            &self.res,
            Direction::Request,
            self.soap_action.as_deref(),
            &store("server"),
            opts,
            wire.as_bytes(),
        )
    }

    /// Verify `wire` with another transport SOAPAction.
    pub fn check_action(&self, wire: &str, soap_action: &str) -> Result<Verified, PipelineError> {
        verify(
            &self.res,
            Direction::Request,
            Some(soap_action),
            &store("server"),
            &self.opts(),
            wire.as_bytes(),
        )
    }

    /// The positive control: the unmutated message verifies.
    pub fn control(&self) -> Verified {
        self.check(&self.wire)
            .unwrap_or_else(|e| panic!("control: the unmutated message must verify: {e:?}"))
    }

    /// The Body's `wsu:Id` (every builder signs the body).
    pub fn body_id(&self) -> String {
        let body = element(&self.wire, "s:Body");
        attr(&body, "wsu:Id").to_owned()
    }
}

/// Protect `msg` as `signer` (to the server) under `res`.
pub fn protect_as(
    res: &Resolution,
    opts: &OutboundOptions,
    signer: &str,
    action: &str,
    msg: &str,
) -> String {
    let (k, c, p) = (key(signer), cert(signer), cert("server"));
    let wire = protect(
        res,
        Direction::Request,
        Some(action),
        &Credentials {
            private_key: &k,
            certificate: &c,
            peer_certificate: &p,
        },
        opts,
        msg.as_bytes(),
    )
    .unwrap_or_else(|e| panic!("protect: {e:?}"));
    String::from_utf8(wire).unwrap()
}

/// SOAP 1.2 (wsHttp, SignBeforeEncrypt), Submit at Sign: Timestamp, Action, MessageID, Note and
/// Body signed, nothing encrypted, the `ds:Signature` in clear.
pub fn signed_12() -> Secured {
    let res = resolve(
        &contract(Some(ProtectionLevel::Sign), None),
        &ws_http(ProtectionOrder::SignBeforeEncrypt),
    );
    let msg = soap12_request(SUBMIT, &submit_body("confidential-order"), false);
    let wire = protect_as(&res, &out_opts(), "client", SUBMIT, &msg);
    assert!(wire.contains("<ds:Signature") && !wire.contains("EncryptedKey"));
    Secured {
        res,
        wire,
        soap_action: None,
        algorithms: Algorithms::modern(),
    }
}

/// [`signed_12`] with another body and action (for the body/action mismatch tests).
pub fn signed_12_with(action: &str, body: &str) -> Secured {
    let res = resolve(
        &contract(Some(ProtectionLevel::Sign), None),
        &ws_http(ProtectionOrder::SignBeforeEncrypt),
    );
    let msg = soap12_request(action, body, false);
    let wire = protect_as(&res, &out_opts(), "client", action, &msg);
    Secured {
        res,
        wire,
        soap_action: None,
        algorithms: Algorithms::modern(),
    }
}

/// SOAP 1.1 (basicHttp:Message), Submit at Sign, keyed by the SOAPAction: Timestamp, Note and
/// Body signed.
pub fn signed_11() -> Secured {
    let res = resolve(&contract(Some(ProtectionLevel::Sign), None), &basic_http());
    let msg = soap11_request(&submit_body("confidential-order"));
    let wire = protect_as(&res, &out_opts(), "client", SUBMIT, &msg);
    assert!(wire.contains("<ds:Signature") && !wire.contains("EncryptedKey"));
    Secured {
        res,
        wire,
        soap_action: Some(SUBMIT.to_owned()),
        algorithms: Algorithms::modern(),
    }
}

/// SOAP 1.2 (wsHttp) Submit at the binding default (EncryptAndSign): Body and `h:Secret`
/// signed and encrypted, `h:Note` signed, with the given order and algorithms.
pub fn encrypted_with(order: ProtectionOrder, algorithms: Algorithms) -> Secured {
    let res = resolve(&contract(None, None), &ws_http(order));
    let opts = OutboundOptions {
        algorithms: algorithms.clone(),
        ..out_opts()
    };
    let msg = soap12_request(SUBMIT, &submit_body("confidential-order"), true);
    let wire = protect_as(&res, &opts, "client", SUBMIT, &msg);
    assert!(!wire.contains("confidential-order") && !wire.contains("launch-code-123"));
    assert!(wire.contains("EncryptedHeader"));
    Secured {
        res,
        wire,
        soap_action: None,
        algorithms,
    }
}

/// [`encrypted_with`] the modern algorithms (AES-256-GCM, RSA-OAEP).
pub fn encrypted(order: ProtectionOrder) -> Secured {
    encrypted_with(order, Algorithms::modern())
}

/// [`encrypted_with`] the legacy Basic256 suite (AES-256-CBC, rsa-sha1).
pub fn encrypted_legacy(order: ProtectionOrder) -> Secured {
    let res = resolve(&contract(None, None), &ws_http(order));
    encrypted_with(order, legacy_algorithms(&res))
}

// ---- string surgery ---------------------------------------------------------------------------

/// The first `<qname …>…</qname>` (or `<qname …/>`) in `s`, as written. The start tag must be
/// followed by whitespace, `>` or `/` (so `ds:Signature` never matches `ds:SignatureValue`).
pub fn element(s: &str, qname: &str) -> String {
    element_from(s, qname, 0)
}

/// [`element`], searching from byte `from`.
pub fn element_from(s: &str, qname: &str, from: usize) -> String {
    let (a, b) = element_span(s, qname, from);
    s[a..b].to_owned()
}

/// The byte span of the first `qname` element at or after `from`.
pub fn element_span(s: &str, qname: &str, from: usize) -> (usize, usize) {
    let open = format!("<{qname}");
    let mut i = from;
    let start = loop {
        let at = i + s[i..]
            .find(&open)
            .unwrap_or_else(|| panic!("no <{qname} in the message"));
        let next = s.as_bytes()[at + open.len()];
        if matches!(next, b' ' | b'>' | b'/') {
            break at;
        }
        i = at + 1;
    };
    let tag_end = start + s[start..].find('>').unwrap();
    if s.as_bytes()[tag_end - 1] == b'/' {
        return (start, tag_end + 1);
    }
    let close = format!("</{qname}>");
    let end = tag_end + s[tag_end..].find(&close).unwrap() + close.len();
    (start, end)
}

/// The value of `name="…"` in the start tag of `markup`.
pub fn attr<'a>(markup: &'a str, name: &str) -> &'a str {
    let start_tag = &markup[..markup.find('>').unwrap()];
    let pat = format!(" {name}=\"");
    let a = start_tag
        .find(&pat)
        .unwrap_or_else(|| panic!("no {name} in {start_tag}"))
        + pat.len();
    &start_tag[a..a + start_tag[a..].find('"').unwrap()]
}

/// The text between `<qname…>` and `</qname>` of the first such element.
pub fn text_of(s: &str, qname: &str) -> String {
    let el = element(s, qname);
    let a = el.find('>').unwrap() + 1;
    let b = el.rfind("</").unwrap();
    el[a..b].to_owned()
}

/// `s` with the one occurrence of `from` replaced by `to`; panics unless `from` occurs exactly
/// once, or if nothing changes.
pub fn replace1(s: &str, from: &str, to: &str) -> String {
    let n = s.matches(from).count();
    assert_eq!(
        n, 1,
        "expected exactly one {from:?} in the message, found {n}"
    );
    assert_ne!(from, to, "a mutation must change something");
    s.replacen(from, to, 1)
}

/// `s` with `markup` inserted right before the one occurrence of `anchor`.
pub fn insert_before(s: &str, anchor: &str, markup: &str) -> String {
    replace1(s, anchor, &format!("{markup}{anchor}"))
}

/// `s` with `markup` inserted right after the one occurrence of `anchor`.
pub fn insert_after(s: &str, anchor: &str, markup: &str) -> String {
    replace1(s, anchor, &format!("{anchor}{markup}"))
}

/// `s` with the one occurrence of `part` removed.
pub fn remove(s: &str, part: &str) -> String {
    replace1(s, part, "")
}
