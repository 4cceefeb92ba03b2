//! Class D — ID duplication and ID-attribute ambiguity: an element with `wsu:Id="x"` and another
//! with `Id="x"` or `xml:id="x"`, or two `wsu:Id="x"` (a header and the Body), so that the
//! dereferencer and the application pick different nodes (node-soap #1381; Santuario's unique
//! `getElementById`).
//!
//! Defence: one ID index built at parse time over a fixed set of ID attributes (`wsu:Id` and
//! `xml:id` on every element, unqualified `Id`/`ID` on XML Signature and Encryption elements),
//! matched by namespace URI whatever the prefix; any duplicate value rejects the whole message
//! (`XmlError::DuplicateId`) before anything is dereferenced.

use crate::support::*;
use soapsec::binding::ProtectionOrder;
use soapsec::pipeline::PipelineError;
use soapsec::xml::XmlError;

fn duplicate(e: &PipelineError, id: &str) -> bool {
    matches!(e, PipelineError::Xml(XmlError::DuplicateId { id: dup, .. }) if dup == id)
}

#[test]
fn d_two_identical_wsu_ids_header_and_body() {
    // The signed Note header takes the Body's wsu:Id.
    let s = signed_12();
    s.control();
    let body_id = s.body_id();
    let note = element(&s.wire, "h:Note");
    let note_id = attr(&note, "wsu:Id").to_owned();
    let evil = replace1(
        &s.wire,
        &format!(r#"wsu:Id="{note_id}""#),
        &format!(r#"wsu:Id="{body_id}""#),
    );
    let e = assert_err!(s.check(&evil), e if duplicate(e, &body_id));
    assert!(
        e.to_string().contains(&format!("duplicate ID '{body_id}'")),
        "{e}"
    );
}

#[test]
fn d_wsu_id_and_wsu_id_under_another_prefix() {
    let s = signed_12();
    s.control();
    let id = s.body_id();
    let evil = insert_before(
        &s.wire,
        "</s:Header>",
        &format!(r#"<w:X xmlns:w="urn:w" xmlns:u="{WSU}" u:Id="{id}">evil</w:X>"#),
    );
    assert_err!(s.check(&evil), e if duplicate(e, &id));
}

#[test]
fn d_wsu_id_and_xml_id() {
    let s = signed_12();
    s.control();
    let id = s.body_id();
    let evil = insert_before(
        &s.wire,
        "</s:Header>",
        &format!(r#"<w:X xmlns:w="urn:w" xml:id="{id}">evil</w:X>"#),
    );
    assert_err!(s.check(&evil), e if duplicate(e, &id));
}

#[test]
fn d_wsu_id_and_unqualified_id_on_a_signature_element() {
    let s = signed_12();
    s.control();
    let id = s.body_id();
    // On a ds: element `Id` is an ID attribute: inserted into the Signature itself ...
    let evil = insert_before(
        &s.wire,
        "</ds:Signature>",
        &format!(
            r#"<ds:Object Id="{id}"><Submit xmlns="{NS}"><order>evil-order</order></Submit></ds:Object>"#
        ),
    );
    assert_err!(s.check(&evil), e if duplicate(e, &id));
    // ... or as a header block.
    let evil = insert_before(
        &s.wire,
        "</s:Header>",
        &format!(r#"<ds:KeyName xmlns:ds="{DS}" Id="{id}">evil</ds:KeyName>"#),
    );
    assert_err!(s.check(&evil), e if duplicate(e, &id));
}

#[test]
fn d_xml_id_and_unqualified_id_on_an_encrypted_data() {
    // The Body's EncryptedData (listed in the ReferenceList by its unqualified Id) and a decoy
    // with the same value as xml:id.
    let s = encrypted(ProtectionOrder::SignBeforeEncrypt);
    s.control();
    let body = element(&s.wire, "s:Body");
    let ed_id = attr(&element(&body, "xenc:EncryptedData"), "Id").to_owned();
    let evil = insert_before(
        &s.wire,
        "</s:Header>",
        &format!(r#"<w:X xmlns:w="urn:w" xml:id="{ed_id}"/>"#),
    );
    assert_err!(s.check(&evil), e if duplicate(e, &ed_id));
    // And a second EncryptedData with the same unqualified Id.
    let evil = insert_before(
        &s.wire,
        "</s:Header>",
        &format!(
            r#"<w:X xmlns:w="urn:w"><xenc:EncryptedData xmlns:xenc="{XENC}" Id="{ed_id}"/></w:X>"#
        ),
    );
    assert_err!(s.check(&evil), e if duplicate(e, &ed_id));
}

#[test]
fn d_two_xml_ids() {
    // Two decoys, both xml:id, neither signed: still refused (any duplicate, anywhere).
    let s = signed_12();
    s.control();
    let evil = insert_before(
        &s.wire,
        "</s:Header>",
        r#"<w:X xmlns:w="urn:w" xml:id="twin"/><w:Y xmlns:w="urn:w" xml:id="twin"/>"#,
    );
    assert_err!(s.check(&evil), e if duplicate(e, "twin"));
}
