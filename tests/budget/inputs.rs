//! The denial-of-service inputs of attack classes L and M, built once for `tests/budget.rs`
//! (which asserts how each is refused, by counters) and `benches/dos.rs` (which times each
//! refusal and measures its peak heap).
//!
//! Inputs that need a valid message start from one our own pipeline protected (a sign-only
//! request, or an EncryptAndSign one) and then mutate it; parser inputs are built directly.
#![allow(dead_code)]

use soapsec::binding::{Binding, ProtectionOrder};
use soapsec::contract::{Contract, Direction, Message, Resolution, resolve};
use soapsec::dsig::{Placement, ReferenceSpec, SignatureMethod, SignatureSpec, sign};
use soapsec::keys::{Certificate, PrivateKey, SignatureAlgorithm, TrustStore};
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{
    Credentials, FixedClock, InboundOptions, OutboundOptions, PipelineError, Verified, protect,
    verify_metered,
};
use soapsec::token::KeyStore;
use soapsec::xml::{DSIG_NS, Document, Edits, WSU_NS};
use std::sync::Arc;

/// The protecting clock; the verifier runs one second later.
pub const NOW: i64 = 1_893_456_000;
/// The contract namespace.
pub const NS: &str = "http://tempuri.org/";
/// WS-Security secext.
pub const WSSE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/testdata/pki/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the test PKI is readable")
}

/// The test PKI, the contract, and the options of both sides.
pub struct World {
    /// `IOrder`: `Submit` at EncryptAndSign (the binding's default), `Ping` at Sign.
    pub res: Resolution,
    /// The client's key (it signs requests).
    pub client_key: PrivateKey,
    /// The client's certificate.
    pub client_cert: Certificate,
    /// The server's certificate (requests are encrypted to it).
    pub server_cert: Certificate,
    /// The server's key store: its identity, trusting the test root.
    pub server: KeyStore,
    /// Outbound options (fixed clock).
    pub out: OutboundOptions,
}

impl World {
    /// The world, with the wsHttp binding under SignBeforeEncrypt (so a signature stays in
    /// plaintext beside the EncryptedKey).
    pub fn new() -> World {
        let mut binding = Binding::preset("wsHttp").expect("wsHttp");
        binding.protection_order = ProtectionOrder::SignBeforeEncrypt;
        let c = Contract::new("IOrder", NS);
        let mut submit = c.new_operation("Submit");
        submit.input = Message::default()
            .header("Secret", "urn:h", None)
            .member("order", NS, None);
        let ping = c
            .new_operation("Ping")
            .with_level(Some(ProtectionLevel::Sign));
        let contract = c.clone().with_operation(submit).with_operation(ping);
        let server_cert = Certificate::load(&pki("server.pem")).expect("server cert");
        let mut trust = TrustStore::new();
        trust.add_anchor(Certificate::load(&pki("root-ca.pem")).expect("root"));
        let mut server = KeyStore::new(trust);
        server
            .add_identity(
                PrivateKey::load(&pki("server.key.pem")).expect("server key"),
                server_cert.clone(),
            )
            .expect("identity");
        World {
            res: resolve(&contract, &binding),
            client_key: PrivateKey::load(&pki("client.key.pem")).expect("client key"),
            client_cert: Certificate::load(&pki("client.pem")).expect("client cert"),
            server_cert,
            server,
            out: OutboundOptions {
                clock: Arc::new(FixedClock(NOW)),
                ..Default::default()
            },
        }
    }

    /// Inbound options: one second later, no replay cache (inputs are verified repeatedly).
    pub fn inbound(&self) -> InboundOptions {
        InboundOptions {
            clock: Arc::new(FixedClock(NOW + 1)),
            replay: soapsec::pipeline::ReplayDetection::DangerouslyOff,
            ..Default::default()
        }
    }

    /// Verify a request as the server, with the work done.
    pub fn verify(
        &self,
        options: &InboundOptions,
        wire: &[u8],
    ) -> (Result<Verified, PipelineError>, soapsec::budget::Spent) {
        let mut spent = soapsec::budget::Spent::default();
        let r = verify_metered(
            &self.res,
            Direction::Request,
            None,
            &self.server,
            options,
            wire,
            &mut spent,
        );
        (r, spent)
    }

    fn protect(&self, operation: &str, envelope: &str) -> String {
        let wire = protect(
            &self.res,
            Direction::Request,
            Some(&format!("{NS}IOrder/{operation}")),
            &Credentials {
                private_key: &self.client_key,
                certificate: &self.client_cert,
                peer_certificate: &self.server_cert,
            },
            &self.out,
            envelope.as_bytes(),
        )
        .expect("protect");
        String::from_utf8(wire).expect("UTF-8")
    }

    /// A valid sign-only request (`Ping`) whose Body content is about `body_len` bytes.
    pub fn signed(&self, body_len: usize) -> String {
        self.protect("Ping", &envelope("Ping", body_len, false))
    }

    /// A valid EncryptAndSign request (`Submit`, with an encrypted header) whose Body content is
    /// about `body_len` bytes.
    pub fn encrypted(&self, body_len: usize) -> String {
        self.protect("Submit", &envelope("Submit", body_len, true))
    }

    /// A sign-only request whose signature has `references` references: the parts the
    /// pipeline signs (Timestamp, WS-Addressing headers, Body), then the Body again and again,
    /// signed by the client: a valid signature over many copies of one large element.
    pub fn canonical_blowup(&self, body_len: usize, references: usize) -> String {
        let wire = self.signed(body_len);
        let doc = Document::parse(&wire).expect("parse");
        let sig = doc
            .elements()
            .find(|e| e.is(DSIG_NS, "Signature"))
            .expect("signature");
        let key_info = sig
            .child_elements()
            .find(|e| e.is(DSIG_NS, "KeyInfo"))
            .expect("KeyInfo")
            .raw_content()
            .to_owned();
        let security = sig.parent_element().expect("Security").id();
        // The IDs the protecting signature covered (Timestamp, WS-Addressing headers, Body).
        let ids: Vec<String> = sig
            .document()
            .elements()
            .filter(|e| e.is(DSIG_NS, "Reference"))
            .filter_map(|r| r.attribute("", "URI"))
            .map(|u| u.trim_start_matches('#').to_owned())
            .collect();
        let mut edits = Edits::new();
        edits.remove(sig.id());
        let doc = doc.apply(&edits).expect("remove the signature");
        let node = |id: &str| doc.element_by_id(id).expect("signed part").id();
        let body = doc
            .elements()
            .find(|e| e.local_name() == "Body")
            .expect("Body")
            .id();
        let digest = soapsec::algorithms::DigestAlgorithm::Sha256;
        let mut spec =
            SignatureSpec::new(SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha256))
                .key_info(key_info);
        for id in &ids {
            spec = spec.reference(ReferenceSpec::element(node(id), digest));
        }
        for _ in ids.len()..references {
            spec = spec.reference(ReferenceSpec::element(body, digest));
        }
        spec.budget.max_references = usize::MAX;
        spec.budget.max_canonical_bytes = u64::MAX;
        spec.budget.max_canonical_expansion = u64::MAX;
        let signed = sign(
            &doc,
            &spec,
            (&self.client_key).into(),
            Placement::AppendChild(security),
        )
        .expect("sign");
        signed.document.source().to_owned()
    }
}

impl Default for World {
    fn default() -> Self {
        World::new()
    }
}

/// A SOAP 1.2 request with WS-Addressing whose Body content is about `len` bytes of text in a
/// few elements; with `secret`, the `h:Secret` header the contract encrypts.
pub fn envelope(operation: &str, len: usize, secret: bool) -> String {
    let line = "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ item=widget;\n";
    let mut text = String::with_capacity(len + line.len());
    while text.len() < len {
        text.push_str(line);
    }
    text.truncate(len);
    let secret = if secret {
        r#"<h:Secret s:mustUnderstand="1">launch-code-123</h:Secret>"#
    } else {
        ""
    };
    format!(
        r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing" xmlns:h="urn:h"><s:Header><a:Action s:mustUnderstand="1">{NS}IOrder/{operation}</a:Action><a:MessageID>urn:uuid:6f1c2a40-0000-4000-8000-000000000001</a:MessageID>{secret}</s:Header><s:Body><{operation} xmlns="{NS}"><order>{text}</order></{operation}></s:Body></s:Envelope>"#
    )
}

/// The text from the first `start` to the end of the next `end` after it.
pub fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let a = s.find(start).expect("start");
    let b = a + s[a..].find(end).expect("end") + end.len();
    &s[a..b]
}

/// The first `<ds:Reference …>…</ds:Reference>` of a wire message.
pub fn first_reference(wire: &str) -> &str {
    between(wire, "<ds:Reference ", "</ds:Reference>")
}

/// Class M: the first Reference repeated so that SignedInfo holds `count` more references.
pub fn many_references(signed: &str, count: usize) -> String {
    let r = first_reference(signed);
    let at = signed.find(r).expect("reference") + r.len();
    let mut out = String::with_capacity(signed.len() + count * r.len());
    out.push_str(&signed[..at]);
    for _ in 0..count {
        out.push_str(r);
    }
    out.push_str(&signed[at..]);
    out
}

/// Class M: `count` enveloped-signature transforms put at the front of the first Reference's
/// Transforms.
pub fn long_transform_chain(signed: &str, count: usize) -> String {
    let r = first_reference(signed);
    let at = signed.find(r).expect("reference")
        + r.find("<ds:Transforms>").expect("Transforms")
        + "<ds:Transforms>".len();
    let t = r#"<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>"#;
    let mut out = String::with_capacity(signed.len() + count * t.len());
    out.push_str(&signed[..at]);
    for _ in 0..count {
        out.push_str(t);
    }
    out.push_str(&signed[at..]);
    out
}

/// Class M: an `InclusiveNamespaces PrefixList` of `count` prefixes on SignedInfo's
/// CanonicalizationMethod (canonicalizing SignedInfo would scan the list once per element,
/// before the SignatureValue is checked).
pub fn huge_prefix_list(signed: &str, count: usize) -> String {
    let cm = between(signed, "<ds:CanonicalizationMethod ", "/>");
    let open = cm.trim_end_matches("/>");
    let mut list = String::with_capacity(count * 7);
    for i in 0..count {
        if i > 0 {
            list.push(' ');
        }
        list.push_str(&format!("p{i}"));
    }
    let with = format!(
        r#"{open}><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="{list}"/></ds:CanonicalizationMethod>"#
    );
    signed.replacen(cm, &with, 1)
}

/// The Security header's first `<wsse:BinarySecurityToken …>…</…>`.
pub fn binary_security_token(wire: &str) -> &str {
    between(
        wire,
        "<wsse:BinarySecurityToken",
        "</wsse:BinarySecurityToken>",
    )
}

/// Copies of `element` (markup with one `wsu:Id="…"` or `Id="…"`), each with a fresh ID.
fn copies(element: &str, id_attr: &str, prefix: &str, count: usize) -> String {
    let at = element.find(id_attr).expect("id attribute") + id_attr.len();
    let end = at + element[at..].find('"').expect("id value");
    let mut out = String::with_capacity(count * element.len());
    for i in 0..count {
        out.push_str(&element[..at]);
        out.push_str(&format!("{prefix}-{i}"));
        out.push_str(&element[end..]);
    }
    out
}

/// Class M ("many tokens"): `count` more BinarySecurityTokens (the signer's certificate, each
/// with its own ID) at the front of the Security header.
pub fn many_tokens(signed: &str, count: usize) -> String {
    let bst = binary_security_token(signed);
    let many = copies(bst, "wsu:Id=\"", "Flood", count);
    let at = signed.find(bst).expect("BST");
    let mut out = signed.to_owned();
    out.insert_str(at, &many);
    out
}

/// Class M: `count` more EncryptedKeys (copies of the message's, each with its own ID) beside
/// it.
pub fn many_encrypted_keys(encrypted: &str, count: usize) -> String {
    let ek = between(encrypted, "<xenc:EncryptedKey", "</xenc:EncryptedKey>");
    let many = copies(ek, " Id=\"", "EK-Flood", count);
    let at = encrypted.find(ek).expect("EK");
    let mut out = encrypted.to_owned();
    out.insert_str(at, &many);
    out
}

/// Class M (recursive STR, WSS4J `testRecursiveKeyReferencesDOS`): the signature's STR gets
/// `wsu:Id="STR-1"` and points at `#STR-2`, an STR in a header block that points back at
/// `#STR-1`.
pub fn str_cycle(signed: &str) -> String {
    let ki = between(signed, "<ds:KeyInfo>", "</ds:KeyInfo>");
    let str_open = between(ki, "<wsse:SecurityTokenReference", ">");
    let reference = between(ki, "<wsse:Reference ", "/>");
    let new_ki = ki
        .replacen(
            str_open,
            &format!(
                r#"{} xmlns:wsu="{WSU_NS}" wsu:Id="STR-1">"#,
                str_open.trim_end_matches('>')
            ),
            1,
        )
        .replacen(reference, r##"<wsse:Reference URI="#STR-2"/>"##, 1);
    let chain = format!(
        r##"<x:Chain xmlns:x="urn:x"><wsse:SecurityTokenReference xmlns:wsse="{WSSE}" xmlns:wsu="{WSU_NS}" wsu:Id="STR-2"><wsse:Reference URI="#STR-1"/></wsse:SecurityTokenReference></x:Chain>"##
    );
    signed
        .replacen(ki, &new_ki, 1)
        .replacen("</s:Header>", &format!("{chain}</s:Header>"), 1)
}

/// Class M ("many decryptions"): `count` more copies of the Body's EncryptedData (each with
/// its own ID) in the Body, each listed in the EncryptedKey's ReferenceList.
pub fn many_encrypted_data(encrypted: &str, count: usize) -> String {
    let body = between(encrypted, "<s:Body", "</s:Body>");
    let ed = between(body, "<xenc:EncryptedData", "</xenc:EncryptedData>");
    let many = copies(ed, " Id=\"", "ED-Flood", count);
    let mut refs = String::with_capacity(count * 48);
    for i in 0..count {
        refs.push_str(&format!(r##"<xenc:DataReference URI="#ED-Flood-{i}"/>"##));
    }
    let at = encrypted.find(ed).expect("ED") + ed.len();
    let mut out = encrypted.to_owned();
    out.insert_str(at, &many);
    out.replacen(
        "</xenc:ReferenceList>",
        &format!("{refs}</xenc:ReferenceList>"),
        1,
    )
}

/// Class L: the Body's (first) CipherValue replaced by `len` bytes of base64.
pub fn huge_cipher_value(encrypted: &str, len: usize) -> String {
    let body_at = encrypted.find("<s:Body").expect("Body");
    let cv_start = body_at + encrypted[body_at..].find("<xenc:CipherValue>").expect("CV") + 18;
    let cv_end = cv_start + encrypted[cv_start..].find('<').expect("end");
    let mut out = String::with_capacity(encrypted.len() + len);
    out.push_str(&encrypted[..cv_start]);
    out.extend(std::iter::repeat_n('A', len));
    out.push_str(&encrypted[cv_end..]);
    out
}

// ---- parser inputs (class L), built directly -------------------------------------------------

const OPEN: &str =
    r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header/><s:Body>"#;
const CLOSE: &str = "</s:Body></s:Envelope>";

/// `depth` nested `<a>` elements in the Body.
pub fn deep_nesting(depth: usize) -> String {
    let mut s = String::with_capacity(OPEN.len() + CLOSE.len() + depth * 7);
    s.push_str(OPEN);
    for _ in 0..depth {
        s.push_str("<a>");
    }
    for _ in 0..depth {
        s.push_str("</a>");
    }
    s.push_str(CLOSE);
    s
}

/// One Body element with `count` attributes.
pub fn attribute_flood(count: usize) -> String {
    let mut s = String::with_capacity(OPEN.len() + count * 12);
    s.push_str(OPEN);
    s.push_str("<a");
    for i in 0..count {
        s.push_str(&format!(" a{i}=\"\""));
    }
    s.push_str("/>");
    s.push_str(CLOSE);
    s
}

/// One Body element with `count` namespace declarations.
pub fn namespace_flood(count: usize) -> String {
    let mut s = String::with_capacity(OPEN.len() + count * 24);
    s.push_str(OPEN);
    s.push_str("<a");
    for i in 0..count {
        s.push_str(&format!(" xmlns:p{i}=\"urn:{i}\""));
    }
    s.push_str("/>");
    s.push_str(CLOSE);
    s
}

/// `elements` sibling Body elements with `per_element` namespace declarations each (under the
/// per-element limit; over the per-document one).
pub fn namespace_flood_spread(elements: usize, per_element: usize) -> String {
    let mut s = String::with_capacity(OPEN.len() + elements * per_element * 24);
    s.push_str(OPEN);
    for e in 0..elements {
        s.push_str("<a");
        for i in 0..per_element {
            s.push_str(&format!(" xmlns:p{i}=\"urn:{e}\""));
        }
        s.push_str("/>");
    }
    s.push_str(CLOSE);
    s
}

/// A Body element whose name is `len` bytes long.
pub fn overlong_name(len: usize) -> String {
    let name: String = std::iter::repeat_n('n', len).collect();
    format!("{OPEN}<{name}/>{CLOSE}")
}

/// `count` empty sibling elements in the Body (WS-Attacker XmlElementCount).
pub fn element_flood(count: usize) -> String {
    let mut s = String::with_capacity(OPEN.len() + count * 4);
    s.push_str(OPEN);
    for _ in 0..count {
        s.push_str("<a/>");
    }
    s.push_str(CLOSE);
    s
}

/// Billion laughs: ten levels of ten entity references in a DOCTYPE.
pub fn billion_laughs() -> String {
    let mut dtd = String::from(r#"<!ENTITY lol0 "lol">"#);
    for i in 1..10 {
        let refs: String = (0..10).map(|_| format!("&lol{};", i - 1)).collect();
        dtd.push_str(&format!(r#"<!ENTITY lol{i} "{refs}">"#));
    }
    format!(
        r#"<?xml version="1.0"?><!DOCTYPE s:Envelope [{dtd}]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><a>&lol9;</a></s:Body></s:Envelope>"#
    )
}

/// XXE: an external entity in a DOCTYPE.
pub fn external_entity() -> String {
    r#"<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><a>&x;</a></s:Body></s:Envelope>"#.to_owned()
}

/// `len` bytes: larger than the parser accepts at all.
pub fn oversize(len: usize) -> String {
    let mut s = String::with_capacity(len);
    s.push_str(OPEN);
    s.push_str("<a>");
    while s.len() + 4 + CLOSE.len() < len {
        s.push('x');
    }
    s.push_str("</a>");
    s.push_str(CLOSE);
    s
}
