//! The pipeline against real WS-Security peers.
//!
//! - **xmlsec1 (Debian 1.2.37) verifies and decrypts what we protect**: sign only; sign and
//!   encrypt with AES-256-GCM; and with AES-256-CBC under the legacy switch. The key transport
//!   is `xmlenc#rsa-oaep-mgf1p` (SHA-1/MGF1-SHA1), because xmlsec1 1.2 lacks `xmlenc11#rsa-oaep`.
//!   xmlsec1 resolves neither a `wsse:SecurityTokenReference` nor an `EncryptedKey` that points at
//!   its data by ReferenceList, so the test does the glue (in Rust, below): the
//!   BinarySecurityToken's certificate goes to a PEM file for `--pubkey-cert-pem`, and a copy of
//!   the `EncryptedKey` is nested in every `EncryptedData` before `xmlsec1 --decrypt` runs (once
//!   per `EncryptedData`: it decrypts the first one it finds).
//! - **zeep signs, we verify**: `tests/peers/zeep_sign.py` signs envelopes with
//!   `zeep.wsse.signature.BinarySignature` and the client key of `testdata/pki/`; our inbound
//!   pipeline (Lax layout, since zeep writes the Signature before its token; trust anchored at
//!   the test CA) accepts them, and refuses one tampered after signing.
//!
//! Needs the `interop` feature, `xmlsec1` (apt package `xmlsec1`) and a python with `zeep` and
//! `xmlsec` (`$SOAPSEC_PYTHON`, else `python3`; `scripts/test.sh` makes a venv). With the feature
//! on, a missing peer FAILS the tests: they never skip themselves.
#![cfg(feature = "interop")]

use soapsec::algorithms::Legacy;
use soapsec::binding::{Binding, HeaderLayout};
use soapsec::contract::{Contract, Direction, Message, Resolution, resolve};
use soapsec::keys::{Certificate, PrivateKey, TrustStore};
use soapsec::level::ProtectionLevel;
use soapsec::pipeline::{
    Algorithms, Credentials, FixedClock, InboundOptions, OutboundOptions, PipelineError, protect,
    verify,
};
use soapsec::token::{KeyStore, WSSE_NS};
use soapsec::xenc::{BlockAlgorithm, KeyTransport};
use soapsec::xml::{DSIG_NS, Document, Edits, WSU_NS, XENC_NS};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const NOW: i64 = 1_893_456_000; // 2030-01-01T00:00:00Z, inside the test PKI's validity.
const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const NS: &str = "http://tempuri.org/";
const SECRET: &str = "card-4111-1111-1111-1111";

type TestResult = Result<(), String>;

fn pki(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/pki")
        .join(name)
}

fn read_pki(name: &str) -> Result<Vec<u8>, String> {
    std::fs::read(pki(name)).map_err(|e| format!("reading testdata/pki/{name}: {e}"))
}

fn cert(name: &str) -> Result<Certificate, String> {
    Certificate::load(&read_pki(&format!("{name}.pem"))?).map_err(|e| format!("{name}.pem: {e}"))
}

fn key(name: &str) -> Result<PrivateKey, String> {
    PrivateKey::load(&read_pki(&format!("{name}.key.pem"))?)
        .map_err(|e| format!("{name}.key.pem: {e}"))
}

/// The receiving side's key store: its own identity, trust anchored at the test root CA.
fn store(name: &str) -> Result<KeyStore, String> {
    let mut trust = TrustStore::new();
    trust.add_anchor(cert("root-ca")?);
    let mut s = KeyStore::new(trust);
    s.add_identity(key(name)?, cert(name)?)
        .map_err(|e| format!("identity {name}: {e}"))?;
    Ok(s)
}

fn scratch(name: &str) -> Result<PathBuf, String> {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "soapsec-interop-pipeline-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

fn write(path: &Path, data: &[u8]) -> TestResult {
    std::fs::write(path, data).map_err(|e| format!("writing {}: {e}", path.display()))
}

/// Run a peer; a missing program is a failure (never a skip). Returns (success, stdout+stderr).
fn run(program: &str, args: &[&str], what: &str) -> Result<(bool, String), String> {
    let out = Command::new(program).args(args).output().map_err(|e| {
        format!("the interop feature is on but `{program}` could not be run ({e}): {what}")
    })?;
    Ok((
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    ))
}

fn xmlsec1(args: &[&str]) -> Result<(bool, String), String> {
    run(
        "xmlsec1",
        args,
        "install the Debian package `xmlsec1` (scripts/test.sh does)",
    )
}

// ---------------------------------------------------------------------------------------------
// Glue for xmlsec1
// ---------------------------------------------------------------------------------------------

/// The first `wsse:BinarySecurityToken`'s certificate, as PEM.
fn bst_certificate_pem(wire: &str) -> Result<String, String> {
    let doc = Document::parse(wire).map_err(|e| format!("parse: {e}"))?;
    let bst = doc
        .elements()
        .find(|e| e.is(WSSE_NS, "BinarySecurityToken"))
        .ok_or("no wsse:BinarySecurityToken")?;
    let b64: String = bst
        .text()
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if b64.is_empty() || !b64.is_ascii() {
        return Err("empty or non-ASCII BinarySecurityToken".into());
    }
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).map_err(|e| e.to_string())?);
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    // It must be the certificate we put there.
    Certificate::load(pem.as_bytes()).map_err(|e| format!("BST certificate: {e}"))?;
    Ok(pem)
}

/// Nest a copy of the Security header's `EncryptedKey` (without its ReferenceList and
/// KeyInfo) in the `ds:KeyInfo` of every `EncryptedData` it lists, and remove it from the
/// header: the layout xmlsec1 can decrypt.
fn nest_encrypted_key(wire: &str) -> Result<String, String> {
    let doc = Document::parse(wire).map_err(|e| format!("parse: {e}"))?;
    let ek = doc
        .elements()
        .find(|e| e.is(XENC_NS, "EncryptedKey"))
        .ok_or("no xenc:EncryptedKey")?;
    let mut decls = String::new();
    for (prefix, uri) in ek.in_scope_namespaces() {
        if prefix.is_empty() {
            decls.push_str(&format!(r#" xmlns="{uri}""#));
        } else if prefix != "xml" {
            decls.push_str(&format!(r#" xmlns:{prefix}="{uri}""#));
        }
    }
    let mut inner = String::new();
    for c in ek.child_elements() {
        if c.is(XENC_NS, "EncryptionMethod") || c.is(XENC_NS, "CipherData") {
            inner.push_str(&wire[c.span()]);
        }
    }
    let copy = format!("<{q}{decls}>{inner}</{q}>", q = ek.qname());
    let list = ek
        .child_elements()
        .find(|c| c.is(XENC_NS, "ReferenceList"))
        .ok_or("the EncryptedKey has no ReferenceList")?;
    let mut edits = Edits::new();
    let mut n = 0;
    for r in list.child_elements() {
        let uri = r.attribute("", "URI").ok_or("DataReference without URI")?;
        let id = uri.strip_prefix('#').ok_or("DataReference URI not local")?;
        let data = doc
            .elements()
            .find(|e| e.attribute("", "Id") == Some(id) && e.local_name() == "EncryptedData")
            .ok_or_else(|| format!("no EncryptedData with Id {id}"))?;
        for c in data.child_elements() {
            if c.is(DSIG_NS, "KeyInfo") {
                edits.remove(c.id());
            }
        }
        let cipher = data
            .child_elements()
            .find(|c| c.is(XENC_NS, "CipherData"))
            .ok_or("EncryptedData without CipherData")?;
        edits.insert_before(
            cipher.id(),
            format!(r#"<dsig:KeyInfo xmlns:dsig="{DSIG_NS}">{copy}</dsig:KeyInfo>"#),
        );
        n += 1;
    }
    if n == 0 {
        return Err("the ReferenceList is empty".into());
    }
    edits.remove(ek.id());
    let out = doc.apply(&edits).map_err(|e| format!("edit: {e}"))?;
    Ok(out.source().to_owned())
}

fn count(s: &str, needle: &str) -> usize {
    s.matches(needle).count()
}

/// xmlsec1 decrypts every EncryptedData (one run each), then verifies the signature with the
/// BinarySecurityToken's certificate. Returns the decrypted envelope.
fn xmlsec1_decrypts_and_verifies(name: &str, wire: &str, soap_ns: &str) -> Result<String, String> {
    let dir = scratch(name)?;
    let cert_pem = dir.join("bst.pem");
    write(&cert_pem, bst_certificate_pem(wire)?.as_bytes())?;
    let mut doc = if wire.contains("EncryptedData") {
        nest_encrypted_key(wire)?
    } else {
        wire.to_owned()
    };
    let server_key = pki("server.key.pem");
    let mut round = 0;
    while doc.contains("EncryptedData") {
        round += 1;
        if round > 8 {
            return Err("xmlsec1 does not make progress decrypting".into());
        }
        let input = dir.join(format!("enc-{round}.xml"));
        let output = dir.join(format!("dec-{round}.xml"));
        write(&input, doc.as_bytes())?;
        let before = count(&doc, "EncryptedData");
        let (ok, log) = xmlsec1(&[
            "--decrypt",
            "--privkey-pem",
            path_str(&server_key)?,
            "--output",
            path_str(&output)?,
            path_str(&input)?,
        ])?;
        if !ok {
            return Err(format!("xmlsec1 --decrypt (round {round}) failed:\n{log}"));
        }
        doc = std::fs::read_to_string(&output).map_err(|e| format!("xmlsec1 output: {e}"))?;
        if count(&doc, "EncryptedData") >= before {
            return Err(format!("xmlsec1 --decrypt removed nothing (round {round})"));
        }
    }
    let signed = dir.join("signed.xml");
    write(&signed, doc.as_bytes())?;
    let body = format!("{soap_ns}:Body");
    let ts = format!("{WSU_NS}:Timestamp");
    let bst = format!("{WSSE_NS}:BinarySecurityToken");
    let (ok, log) = xmlsec1(&[
        "--verify",
        "--pubkey-cert-pem",
        path_str(&cert_pem)?,
        "--id-attr:Id",
        &body,
        "--id-attr:Id",
        &ts,
        "--id-attr:Id",
        &bst,
        path_str(&signed)?,
    ])?;
    if !ok {
        return Err(format!("xmlsec1 --verify failed:\n{log}\n{doc}"));
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(doc)
}

fn path_str(p: &Path) -> Result<&str, String> {
    p.to_str()
        .ok_or_else(|| format!("non-UTF-8 path {}", p.display()))
}

// ---------------------------------------------------------------------------------------------
// Our side
// ---------------------------------------------------------------------------------------------

/// IEcho.Echo at `level`, over basicHttp with Message security (SOAP 1.1, no addressing).
fn resolution(level: ProtectionLevel) -> Result<Resolution, String> {
    let c = Contract::new("IEcho", NS);
    let mut op = c.new_operation("Echo").with_level(Some(level));
    op.input = Message::default().member("text", NS, None);
    let binding = Binding::preset("basicHttp:Message").map_err(|e| e.to_string())?;
    Ok(resolve(&c.clone().with_operation(op), &binding))
}

fn request() -> String {
    format!(
        r#"<s:Envelope xmlns:s="{SOAP11}"><s:Header/><s:Body><Echo xmlns="{NS}"><text>{SECRET}</text></Echo></s:Body></s:Envelope>"#
    )
}

fn protect_request(res: &Resolution, algorithms: Algorithms) -> Result<String, String> {
    let (k, c, p) = (key("client")?, cert("client")?, cert("server")?);
    let opts = OutboundOptions {
        algorithms,
        clock: Arc::new(FixedClock(NOW)),
        ..Default::default()
    };
    let wire = protect(
        res,
        Direction::Request,
        Some("http://tempuri.org/IEcho/Echo"),
        &Credentials {
            private_key: &k,
            certificate: &c,
            peer_certificate: &p,
        },
        &opts,
        request().as_bytes(),
    )
    .map_err(|e| format!("protect: {e}"))?;
    String::from_utf8(wire).map_err(|e| e.to_string())
}

/// rsa-sha256 / sha256 / exc-c14n, with RSA-OAEP mgf1p (SHA-1) key transport for xmlsec1 1.2.
fn for_xmlsec1(block: BlockAlgorithm, legacy: Legacy) -> Algorithms {
    Algorithms {
        block,
        key_transport: KeyTransport::RsaOaepMgf1pSha1,
        legacy,
        ..Algorithms::modern()
    }
}

/// Our own inbound accepts it too (a sanity check of the same wire).
fn we_accept(res: &Resolution, algorithms: Algorithms, wire: &str) -> TestResult {
    let opts = InboundOptions {
        algorithms,
        clock: Arc::new(FixedClock(NOW + 1)),
        ..Default::default()
    };
    verify(
        res,
        Direction::Request,
        Some("http://tempuri.org/IEcho/Echo"),
        &store("server")?,
        &opts,
        wire.as_bytes(),
    )
    .map(|_| ())
    .map_err(|e| format!("our inbound refused our own wire: {e}"))
}

#[test]
fn xmlsec1_verifies_our_sign_only_request() -> TestResult {
    let res = resolution(ProtectionLevel::Sign)?;
    let algs = for_xmlsec1(BlockAlgorithm::Aes256Gcm, Legacy::NONE);
    let wire = protect_request(&res, algs.clone())?;
    assert!(wire.contains(SECRET), "sign only: the body stays readable");
    assert!(!wire.contains("EncryptedData"));
    we_accept(&res, algs, &wire)?;
    let out = xmlsec1_decrypts_and_verifies("sign", &wire, SOAP11)?;
    assert!(out.contains(SECRET));

    // And xmlsec1 is not simply saying yes: a changed body fails its verification.
    let tampered = wire.replace(SECRET, "card-5500-0000-0000-0004");
    let r = xmlsec1_decrypts_and_verifies("sign-tampered", &tampered, SOAP11);
    assert!(r.is_err(), "xmlsec1 accepted a tampered body");
    Ok(())
}

fn sign_and_encrypt(name: &str, block: BlockAlgorithm, legacy: Legacy) -> TestResult {
    let res = resolution(ProtectionLevel::EncryptAndSign)?;
    let algs = for_xmlsec1(block, legacy);
    let wire = protect_request(&res, algs.clone())?;
    assert!(!wire.contains(SECRET), "{name}: the body is in clear");
    assert!(wire.contains(block.uri()), "{name}: not {}", block.uri());
    assert!(wire.contains("http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"));
    // Under the default order (SignBeforeEncryptAndEncryptSignature) the signature is
    // encrypted too: xmlsec1 must decrypt the body and the signature, then verify.
    assert!(
        !wire.contains("SignatureValue"),
        "{name}: the signature should be encrypted"
    );
    we_accept(&res, algs, &wire)?;
    let out = xmlsec1_decrypts_and_verifies(name, &wire, SOAP11)?;
    assert!(
        out.contains(SECRET),
        "{name}: xmlsec1's output lacks the body"
    );
    assert!(out.contains("SignatureValue"));
    Ok(())
}

#[test]
fn xmlsec1_decrypts_and_verifies_our_aes_gcm_request() -> TestResult {
    sign_and_encrypt("gcm", BlockAlgorithm::Aes256Gcm, Legacy::NONE)
}

#[test]
fn xmlsec1_decrypts_and_verifies_our_aes_cbc_request_under_legacy() -> TestResult {
    // Without the switch, the pipeline refuses to encrypt with CBC.
    let res = resolution(ProtectionLevel::EncryptAndSign)?;
    let refused = protect_request(
        &res,
        for_xmlsec1(BlockAlgorithm::Aes256CbcForLegacyUseOnly, Legacy::NONE),
    );
    assert!(refused.is_err(), "AES-CBC without the legacy switch");
    sign_and_encrypt(
        "cbc",
        BlockAlgorithm::Aes256CbcForLegacyUseOnly,
        Legacy::NONE.allow_aes_cbc_for_legacy_use_only(),
    )
}

// ---------------------------------------------------------------------------------------------
// zeep signs, we verify
// ---------------------------------------------------------------------------------------------

/// The python with zeep and xmlsec: `$SOAPSEC_PYTHON` (scripts/test.sh's venv), else `python3`.
fn python() -> String {
    std::env::var("SOAPSEC_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// zeep (BinarySignature, rsa-sha256/sha256) signs `envelope` with the client's key.
fn zeep_signs(name: &str, envelope: &str) -> Result<String, String> {
    let py = python();
    let (ok, log) = run(
        &py,
        &["-c", "import zeep, xmlsec, lxml"],
        "set SOAPSEC_PYTHON to a python with zeep and xmlsec (scripts/test.sh makes one)",
    )?;
    if !ok {
        return Err(format!(
            "the interop feature is on but `{py}` cannot import zeep and xmlsec (run scripts/test.sh or set SOAPSEC_PYTHON):\n{log}"
        ));
    }
    let dir = scratch(name)?;
    let input = dir.join("in.xml");
    let output = dir.join("out.xml");
    write(&input, envelope.as_bytes())?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/zeep_sign.py");
    let (ok, log) = run(
        &py,
        &[
            path_str(&script)?,
            path_str(&pki("client.key.pem"))?,
            path_str(&pki("client.pem"))?,
            path_str(&input)?,
            path_str(&output)?,
        ],
        "python3 with zeep",
    )?;
    if !ok {
        return Err(format!("zeep_sign.py failed:\n{log}"));
    }
    let signed = std::fs::read_to_string(&output).map_err(|e| format!("zeep output: {e}"))?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(signed)
}

/// A request with a Security header holding only the Timestamp (zeep signs what it finds
/// there; it writes no Timestamp itself).
fn zeep_request() -> String {
    format!(
        r#"<s:Envelope xmlns:s="{SOAP11}"><s:Header><wsse:Security xmlns:wsse="{WSSE_NS}" xmlns:wsu="{WSU_NS}" s:mustUnderstand="1"><wsu:Timestamp wsu:Id="TS-1"><wsu:Created>2030-01-01T00:00:00Z</wsu:Created><wsu:Expires>2030-01-01T00:05:00Z</wsu:Expires></wsu:Timestamp></wsse:Security></s:Header><s:Body><Echo xmlns="{NS}"><text>{SECRET}</text></Echo></s:Body></s:Envelope>"#
    )
}

fn we_verify_zeep(
    wire: &str,
    layout: HeaderLayout,
) -> Result<soapsec::pipeline::Verified, PipelineError> {
    let res =
        resolution(ProtectionLevel::Sign).map_err(|_| PipelineError::Internal("resolution"))?;
    let keys = store("server").map_err(|_| PipelineError::Internal("key store"))?;
    let opts = InboundOptions {
        layout: Some(layout),
        clock: Arc::new(FixedClock(NOW + 10)),
        ..Default::default()
    };
    verify(
        &res,
        Direction::Request,
        Some("http://tempuri.org/IEcho/Echo"),
        &keys,
        &opts,
        wire.as_bytes(),
    )
}

#[test]
fn our_inbound_accepts_zeep_signed_envelopes_under_lax() -> TestResult {
    let wire = zeep_signs("zeep-ok", &zeep_request())?;
    let sig = wire.find("Signature").ok_or("zeep wrote no Signature")?;
    let bst = wire
        .find("BinarySecurityToken")
        .ok_or("zeep wrote no BinarySecurityToken")?;
    assert!(sig < bst, "zeep's layout: the Signature before its token");
    let v =
        we_verify_zeep(&wire, HeaderLayout::Lax).map_err(|e| format!("we refused zeep: {e}"))?;
    let body = v.body().ok_or("no verified body")?;
    assert!(body.protection().signed);
    assert!(!body.protection().encrypted);
    assert!(v.caller().certificate().subject().contains("client"));
    Ok(())
}

#[test]
fn our_inbound_refuses_a_zeep_envelope_tampered_after_signing() -> TestResult {
    let wire = zeep_signs("zeep-tamper", &zeep_request())?;
    let tampered = wire.replace(SECRET, "card-5500-0000-0000-0004");
    assert_ne!(tampered, wire);
    match we_verify_zeep(&tampered, HeaderLayout::Lax) {
        Err(PipelineError::Dsig(e)) => {
            println!("tampered zeep envelope refused: {e}");
            Ok(())
        }
        other => Err(format!("a tampered zeep envelope: {other:?}")),
    }
}
