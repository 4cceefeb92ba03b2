//! Class O — encrypted-part wrapping (WS-Attacker's `EncryptedKeyRefWeakness`,
//! `EncryptionAttributeIdWeakness`, `EncryptionSchemaWeakness`): the `xenc:ReferenceList`
//! targets a relocated or duplicated `EncryptedData`, or a plaintext copy stands in for a part
//! that must be encrypted — for the Body and for a `wsse11:EncryptedHeader`.
//!
//! Defence: after decryption each EncryptAndSign part's position is rechecked — a part counts
//! as encrypted only when that very node came out of a listed `EncryptedData` at its own
//! position (the Body's content, or the one child of a `wsse11:EncryptedHeader` header block);
//! a listed `EncryptedData` anywhere else is `EncryptedDataMisplaced`; a listed one that is
//! gone is `DataReferenceUnresolved`; duplicates are refused by the ID index; a part that is
//! signed but not encrypted is `PartNotEncrypted`.

use crate::support::*;
use soapsec::binding::ProtectionOrder;
use soapsec::dsig::DsigError;
use soapsec::pipeline::PipelineError;
use soapsec::xml::XmlError;

/// The SignBeforeEncrypt request, with the Body's and the header's `EncryptedData` markup.
fn setup() -> (Secured, String, String) {
    let s = encrypted(ProtectionOrder::SignBeforeEncrypt);
    s.control();
    let body_ed = element(&element(&s.wire, "s:Body"), "xenc:EncryptedData");
    let header_ed = element(
        &element(&s.wire, "wsse11:EncryptedHeader"),
        "xenc:EncryptedData",
    );
    (s, body_ed, header_ed)
}

fn uri_of(ed: &str) -> String {
    format!("#{}", attr(ed, "Id"))
}

fn data_reference(ed: &str) -> String {
    format!(r#"<xenc:DataReference URI="{}"/>"#, uri_of(ed))
}

#[test]
fn o_plaintext_stand_in_for_the_body() {
    let (s, body_ed, _) = setup();
    // The plaintext (known to the attacker, or guessed) in place of the EncryptedData, and its
    // DataReference dropped from the unsigned ReferenceList: the Body is signed, not encrypted.
    let evil = replace1(&s.wire, &body_ed, &submit_body("confidential-order"));
    let evil = remove(&evil, &data_reference(&body_ed));
    assert_err!(
        s.check(&evil),
        PipelineError::PartNotEncrypted { name, namespace } if name == "Body" && namespace == SOAP12
    );
    // Keeping the DataReference: it no longer names an EncryptedData.
    let evil = replace1(&s.wire, &body_ed, &submit_body("confidential-order"));
    assert_err!(
        s.check(&evil),
        PipelineError::DataReferenceUnresolved { uri } if *uri == uri_of(&body_ed)
    );
}

#[test]
fn o_plaintext_stand_in_for_the_encrypted_header() {
    let (s, _, header_ed) = setup();
    // The signed plaintext header, exactly as it was signed (taken from the decrypted view).
    let v = s.control();
    let plain = element(v.envelope(), "h:Secret");
    assert!(plain.contains("launch-code-123") && plain.contains("wsu:Id="));
    let eh = element(&s.wire, "wsse11:EncryptedHeader");
    let evil = replace1(&s.wire, &eh, &plain);
    let evil = remove(&evil, &data_reference(&header_ed));
    assert_err!(
        s.check(&evil),
        PipelineError::PartNotEncrypted { name, namespace } if name == "Secret" && namespace == "urn:h"
    );
}

#[test]
fn o_relocated_body_encrypted_data() {
    let (s, body_ed, _) = setup();
    let uri = uri_of(&body_ed);
    for wrapper in [
        // Into a header wrapper ...
        format!(r#"<w:Wrapper xmlns:w="urn:w">{body_ed}</w:Wrapper>"#),
        // ... or an EncryptedHeader holding more than the EncryptedData.
        format!(
            r#"<wsse11:EncryptedHeader xmlns:wsse11="{WSSE11}">{body_ed}<w:More xmlns:w="urn:w"/></wsse11:EncryptedHeader>"#
        ),
    ] {
        let evil = replace1(&s.wire, &body_ed, &submit_body("evil-order"));
        let evil = insert_before(&evil, "</s:Header>", &wrapper);
        assert_err!(
            s.check(&evil),
            PipelineError::EncryptedDataMisplaced { uri: u } if *u == uri
        );
    }
    // Pushed one level down, inside the operation element.
    let evil = replace1(
        &s.wire,
        &body_ed,
        &format!(r#"<Submit xmlns="{NS}">{body_ed}</Submit>"#),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::EncryptedDataMisplaced { uri: u } if *u == uri
    );
}

#[test]
fn o_relocated_encrypted_header() {
    let (s, _, header_ed) = setup();
    let uri = uri_of(&header_ed);
    let eh = element(&s.wire, "wsse11:EncryptedHeader");
    // The whole EncryptedHeader moved into a wrapper header block.
    let evil = replace1(
        &s.wire,
        &eh,
        &format!(r#"<w:Wrapper xmlns:w="urn:w">{eh}</w:Wrapper>"#),
    );
    assert_err!(
        s.check(&evil),
        PipelineError::EncryptedDataMisplaced { uri: u } if *u == uri
    );
    // Its EncryptedData moved into the Body, beside the Body's own: an EncryptedData child of
    // the Body is at a decryptable position, but what it decrypts to is not the Body that was
    // signed (and the header is no longer encrypted at its own position).
    let evil = replace1(&s.wire, &header_ed, "");
    let evil = insert_before(&evil, "</s:Body>", &header_ed);
    let id = s.body_id();
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::DigestMismatch { uri, .. }) if *uri == format!("#{id}")
    );
}

#[test]
fn o_duplicated_encrypted_data() {
    let (s, body_ed, header_ed) = setup();
    for ed in [&body_ed, &header_ed] {
        let id = attr(ed, "Id").to_owned();
        // The same EncryptedData twice (same Id): refused by the ID index.
        let evil = insert_before(
            &s.wire,
            "</s:Header>",
            &format!(r#"<w:Copy xmlns:w="urn:w">{ed}</w:Copy>"#),
        );
        assert_err!(
            s.check(&evil),
            PipelineError::Xml(XmlError::DuplicateId { id: dup, .. }) if *dup == id
        );
    }
    // A copy of the Body's under a fresh Id, listed too, beside the original: both decrypt,
    // and the Body is no longer what was signed.
    let copy = replace1(
        &body_ed,
        &format!(r#"Id="{}""#, attr(&body_ed, "Id")),
        r#"Id="ED-copy""#,
    );
    let evil = replace1(&s.wire, &body_ed, &format!("{body_ed}{copy}"));
    let evil = insert_after(
        &evil,
        &data_reference(&body_ed),
        r##"<xenc:DataReference URI="#ED-copy"/>"##,
    );
    let id = s.body_id();
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::DigestMismatch { uri, .. }) if *uri == format!("#{id}")
    );
}

#[test]
fn o_encrypted_data_swapped_between_body_and_header() {
    let (s, body_ed, header_ed) = setup();
    let evil = replace1(&s.wire, &body_ed, "@@BODY@@");
    let evil = replace1(&evil, &header_ed, &body_ed);
    let evil = replace1(&evil, "@@BODY@@", &header_ed);
    // Each decrypts at the other's position: the header's Type Element plaintext lands in the
    // Body, which is no longer the signed Body.
    let id = s.body_id();
    assert_err!(
        s.check(&evil),
        PipelineError::Dsig(DsigError::DigestMismatch { uri, .. }) if *uri == format!("#{id}")
    );
}
