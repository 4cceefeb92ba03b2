//! Unit tests of the pipeline's pieces that need no keys (flows are in tests/pipeline.rs).

use super::*;
use crate::binding::AlgorithmSuite;

#[test]
fn suites_map_to_algorithms_only_with_the_legacy_switch() {
    assert!(matches!(
        Algorithms::from_suite(AlgorithmSuite::Basic256, Legacy::NONE),
        Err(PipelineError::UnsupportedSuite { .. })
    ));
    assert!(matches!(
        Algorithms::from_suite(
            AlgorithmSuite::Basic256,
            Legacy::NONE.allow_aes_cbc_for_legacy_use_only()
        ),
        Err(PipelineError::UnsupportedSuite { .. })
    ));
    let legacy = Algorithms::from_suite(
        AlgorithmSuite::Basic256,
        Legacy::wcf_basic_suites_for_legacy_use_only(),
    );
    assert!(matches!(legacy, Ok(ref a) if a.block == BlockAlgorithm::Aes256CbcForLegacyUseOnly));
    let sha256 = Algorithms::from_suite(
        AlgorithmSuite::Basic256Sha256,
        Legacy::NONE.allow_aes_cbc_for_legacy_use_only(),
    );
    assert!(matches!(sha256, Ok(ref a) if a.signature == SignatureAlgorithm::RsaSha256));
    assert!(matches!(
        Algorithms::from_suite(
            AlgorithmSuite::Basic256Rsa15,
            Legacy::wcf_basic_suites_for_legacy_use_only()
        ),
        Err(PipelineError::UnsupportedSuite { .. })
    ));
    assert_eq!(Algorithms::default(), Algorithms::modern());
}

#[test]
fn error_texts_are_wcf_verbatim() {
    let e = PipelineError::PartNotEncrypted {
        name: "Body".into(),
        namespace: "http://schemas.xmlsoap.org/soap/envelope/".into(),
    };
    assert_eq!(
        e.to_string(),
        "The 'Body', 'http://schemas.xmlsoap.org/soap/envelope/' required message part  was not encrypted."
    );
    assert_eq!(
        PipelineError::ProtectionOrderMismatch {
            required: ProtectionOrder::SignBeforeEncrypt
        }
        .to_string(),
        "The received message does not meet the required message protection order 'SignBeforeEncrypt'."
    );
    assert_eq!(
        PipelineError::SecurityHeaderElementNotSigned {
            element: "Timestamp".into(),
            id: "TS-1".into()
        }
        .to_string(),
        "The security header element 'Timestamp' with the 'TS-1' id must be signed."
    );
    assert_eq!(
        PipelineError::ActionUnrecognized {
            action: "urn:x".into()
        }
        .to_string(),
        "No signature message parts were specified for messages with the 'urn:x' action."
    );
}

#[test]
fn faults_hide_the_detail() {
    let e = PipelineError::PartNotSigned {
        name: "Body".into(),
        namespace: "ns".into(),
    };
    for v in [
        crate::envelope::SoapVersion::Soap11,
        crate::envelope::SoapVersion::Soap12,
    ] {
        let f = security_fault(v, &e);
        assert!(f.contains(texts::INVALID_SECURITY_FAULT_REASON));
        assert!(f.contains("wsse:InvalidSecurity"));
        assert!(!f.contains("required message part"));
        let doc = crate::xml::Document::parse(&f).unwrap();
        let env = crate::envelope::Envelope::from_document(&doc).unwrap();
        assert!(env.body().is_fault());
        assert_eq!(
            env.fault().unwrap().reason(),
            texts::INVALID_SECURITY_FAULT_REASON
        );
    }
    let f = security_fault(
        crate::envelope::SoapVersion::Soap12,
        &PipelineError::ActionUnrecognized {
            action: "urn:a".into(),
        },
    );
    assert!(
        f.contains("The message could not be processed because the action &apos;urn:a&apos;")
            || f.contains("the action 'urn:a' is invalid")
    );
}
