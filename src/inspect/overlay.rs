//! With a contract: the level each part requires against the level it achieved, and the
//! receiver's verdict in WCF's words, with what the message would need to pass.

use super::Inspection;
use crate::contract::{Direction, Part, Resolution};
use crate::level::ProtectionLevel;
use crate::pipeline::{InboundOptions, PipelineError, ReplayDetection, Verified, verify};
use crate::token::KeyStore;
use serde::Serialize;

/// Settings of the overlay.
#[derive(Debug, Clone, Copy)]
pub struct OverlayOptions<'a> {
    /// The contract resolved against the binding.
    pub resolution: &'a Resolution,
    /// The kind of message: a service receives requests, a client replies and faults.
    pub direction: Direction,
    /// The action to look the requirements up by; `None`: the message's `wsa:Action`, else
    /// (a reply without WS-Addressing) `*`.
    pub action: Option<&'a str>,
    /// The binding's name as the user gave it (a preset such as `basicHttp:Message`), for
    /// messages; default: the binding's own name.
    pub binding_name: Option<&'a str>,
    /// With keys: run the real inbound pipeline for the verdict (replay detection is turned
    /// off: inspecting a message twice is not a replay).
    pub pipeline: Option<(&'a KeyStore, &'a InboundOptions)>,
}

/// One part's requirement against what it achieved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartRequirement {
    /// `Body`, or the header's local name.
    pub name: String,
    /// Its namespace.
    pub namespace: String,
    /// The level required.
    pub required: ProtectionLevel,
    /// Where the requirement comes from (`set on operation 'Price'`, …), if required at all.
    pub required_by: Option<String>,
    /// Signed: verified when keys were given, claimed otherwise.
    pub signed: bool,
    /// Encrypted: verified when keys were given, claimed otherwise.
    pub encrypted: bool,
    /// The level achieved.
    pub achieved: ProtectionLevel,
    /// `None` when the part meets its requirement; else what is missing.
    pub problem: Option<String>,
}

/// The receiver's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Would the receiver accept the message?
    pub accepted: bool,
    /// `pipeline` (the real inbound pipeline ran, with keys) or `claims` (predicted from what
    /// the message claims, no cryptography checked).
    pub basis: &'static str,
    /// The receiver's error, in WCF's words.
    pub error: Option<String>,
    /// The error's code for `soapsec explain`.
    pub code: Option<String>,
    /// What the message would need to pass, and why the requirement is what it is.
    pub explanation: Vec<String>,
}

/// The requirements of a contract over the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overlay {
    /// Contract name.
    pub contract: String,
    /// Binding name.
    pub binding: String,
    /// `request`, `reply` or `fault`.
    pub direction: String,
    /// The action used for the lookup (`None`: a reply without WS-Addressing, looked up as `*`).
    pub action: Option<String>,
    /// Where the action came from: `--action`, `wsa:Action`, or `none`.
    pub action_source: &'static str,
    /// The requirement table's key that matched (`*` is the fallback).
    pub matched_key: Option<String>,
    /// Whether the binding collapses replies and faults to the strongest level of the
    /// contract (no WS-Addressing).
    pub collapsed: bool,
    /// Per part, headers in order then the Body.
    pub parts: Vec<PartRequirement>,
    /// The verdict.
    pub verdict: Verdict,
}

fn level_of(signed: bool, encrypted: bool) -> ProtectionLevel {
    match (signed, encrypted) {
        (true, true) => ProtectionLevel::EncryptAndSign,
        (true, false) => ProtectionLevel::Sign,
        // Encrypted but unsigned is no level WCF knows; it meets only `None`.
        _ => ProtectionLevel::None,
    }
}

impl Inspection {
    /// Overlay the requirements of `options.resolution` for this message's action and
    /// direction, filling [`Inspection::requirements`]. Call [`Inspection::verify_with`]
    /// first to compare with verified protection; otherwise claims are used.
    pub fn overlay(&mut self, message: &[u8], options: &OverlayOptions<'_>) {
        let (action, _) = self.lookup_action(options);
        let verdict = options.pipeline.map(|(keys, inbound)| {
            run_pipeline(message, action.as_deref(), options, keys, inbound)
                .err()
                .map(|e| *e)
        });
        self.overlay_with(options, verdict);
    }

    /// Keys and a contract together, doing the cryptography once when it can: the inbound
    /// pipeline runs first; when it accepts the message, each part's status comes from the
    /// verified message (every check passed); when it refuses it,
    /// [`Inspection::verify_with`] runs for the per-part diagnosis. Then the overlay, with the
    /// pipeline's verdict. Same result as `verify_with` followed by `overlay`, faster on the
    /// common (accepted) path.
    pub fn verify_and_overlay(
        &mut self,
        message: &[u8],
        survey: &super::SurveyOptions,
        verify: &super::VerifyOptions,
        options: &OverlayOptions<'_>,
        keys: &KeyStore,
        inbound: &InboundOptions,
    ) {
        self.verify_and_overlay_then(message, verify, options, keys, inbound, |i| {
            i.verify_with(message, survey, keys, verify);
        });
    }

    /// [`Inspection::verify_and_overlay`] with the diagnosis of a refused message supplied by
    /// the caller (one that already holds the parsed document need not parse it again).
    pub(crate) fn verify_and_overlay_then(
        &mut self,
        message: &[u8],
        verify: &super::VerifyOptions,
        options: &OverlayOptions<'_>,
        keys: &KeyStore,
        inbound: &InboundOptions,
        diagnose: impl FnOnce(&mut Inspection),
    ) {
        let (action, _) = self.lookup_action(options);
        match run_pipeline(message, action.as_deref(), options, keys, inbound) {
            Ok(v) if self.fill_from_verified(&v, verify.keep_decrypted) => {
                self.overlay_with(options, Some(None));
            }
            result => {
                diagnose(self);
                self.overlay_with(options, Some(result.err().map(|e| *e)));
            }
        }
    }

    /// The action requirements are looked up by, and where it came from: `--action`, else
    /// the message's `wsa:Action`, else none.
    fn lookup_action(&self, options: &OverlayOptions<'_>) -> (Option<String>, &'static str) {
        match options.action {
            Some(a) => (Some(a.to_owned()), "--action"),
            None => match self.addressing.iter().find(|a| a.name == "Action") {
                Some(a) => (Some(a.value.clone()), "wsa:Action"),
                None => (None, "none"),
            },
        }
    }

    /// Part statuses from an accepted message. False (nothing changed) when the parts do not
    /// line up with the survey's.
    fn fill_from_verified(&mut self, v: &Verified, keep: bool) -> bool {
        use super::Status;
        if v.parts().len() != self.parts.len() {
            return false;
        }
        let status = |b: bool| if b { Status::Verified } else { Status::No };
        let mut any_encrypted = false;
        for (p, got) in self.parts.iter_mut().zip(v.parts()) {
            let (name, namespace) = match &got.part {
                Part::Body => ("Body".to_owned(), p.namespace.clone()),
                Part::Header { name, namespace } => (name.clone(), namespace.clone()),
            };
            p.name = name;
            p.namespace = namespace;
            p.signed = Some(status(got.achieved.signed));
            p.encrypted = Some(status(got.achieved.encrypted));
            any_encrypted |= got.achieved.encrypted;
        }
        let cert = v.caller().certificate();
        self.verification = Some(super::Verification {
            decryption: status(any_encrypted),
            signature: Status::Verified,
            signer: Some(super::survey::certificate_info(cert, self.at)),
            signer_trust: Some(super::verify::trust_text(v.caller().trust_path())),
            timestamp_signed: v.timestamp().map(|_| true),
            decrypted: (keep && any_encrypted).then(|| v.envelope().to_owned()),
        });
        true
    }

    fn overlay_with(
        &mut self,
        options: &OverlayOptions<'_>,
        verdict: Option<Option<PipelineError>>,
    ) {
        let res = options.resolution;
        let binding_name = options.binding_name.unwrap_or(&res.binding.name);
        let (action, action_source) = self.lookup_action(options);
        let table = crate::pipeline::table(res, options.direction);
        let matched_key = action
            .as_deref()
            .filter(|a| table.actions.contains_key(*a))
            .map(str::to_owned)
            .or_else(|| table.actions.contains_key("*").then(|| "*".to_owned()));
        let spec = table.lookup(action.as_deref());
        let verified = self.verification.is_some();

        let mut parts = Vec::new();
        let mut first_problem: Option<PipelineError> = None;
        for p in &self.parts {
            let part = if p.kind == "body" {
                Part::Body
            } else {
                Part::Header {
                    name: p.name.clone(),
                    namespace: p.namespace.clone(),
                }
            };
            let sourced = spec.as_ref().and_then(|s| s.get(&part).cloned());
            let required = sourced.as_ref().map_or(ProtectionLevel::None, |s| s.level);
            let (signed, encrypted) = if verified {
                (
                    p.signed.as_ref().is_some_and(super::Status::is_verified),
                    p.encrypted.as_ref().is_some_and(super::Status::is_verified),
                )
            } else {
                (p.claimed_signed, p.claimed_encrypted)
            };
            let problem = if required.is_signed() && !signed {
                first_problem.get_or_insert(PipelineError::PartNotSigned {
                    name: p.name.clone(),
                    namespace: p.namespace.clone(),
                });
                Some(format!(
                    "{} must be signed ({required}) but {}",
                    p.name,
                    if verified {
                        "no verified signature covers it"
                    } else {
                        "no signature reference points at it"
                    }
                ))
            } else if required.is_encrypted() && !encrypted {
                first_problem.get_or_insert(PipelineError::PartNotEncrypted {
                    name: p.name.clone(),
                    namespace: p.namespace.clone(),
                });
                Some(format!(
                    "{} must be encrypted ({required}) but {}",
                    p.name,
                    if verified {
                        "it was not decrypted from an EncryptedData listed in the EncryptedKey"
                    } else {
                        "it is in clear"
                    }
                ))
            } else {
                None
            };
            parts.push(PartRequirement {
                name: p.name.clone(),
                namespace: p.namespace.clone(),
                required,
                required_by: sourced.map(|s| s.source.to_string()),
                signed,
                encrypted,
                achieved: level_of(signed, encrypted),
                problem,
            });
        }

        let claims_error = if spec.is_none() {
            Some(PipelineError::ActionUnrecognized {
                action: action.clone().unwrap_or_default(),
            })
        } else {
            first_problem
        };
        let (error, basis) = match verdict {
            Some(e) => (e, "pipeline"),
            None => (claims_error, "claims"),
        };

        let mut explanation = Vec::new();
        for p in parts.iter().filter(|p| p.problem.is_some()) {
            let need = match (p.required, p.signed, p.encrypted) {
                (ProtectionLevel::EncryptAndSign, true, false) => "encrypt it (it is signed)",
                (ProtectionLevel::EncryptAndSign, false, true) => "sign it (it is encrypted)",
                (ProtectionLevel::EncryptAndSign, _, _) => "sign and encrypt it",
                _ => "sign it",
            };
            explanation.push(format!(
                "To pass, the sender must {need}: {} requires {} ({}).",
                p.name,
                p.required,
                p.required_by.as_deref().unwrap_or("binding default")
            ));
        }
        if res.collapsed && options.direction != Direction::Request && !explanation.is_empty() {
            explanation.push(format!(
                "The binding '{}' has no WS-Addressing, so every reply and fault is checked against '*': the strongest level any reply of contract '{}' declares. A service whose own contract gives this operation a lower level sends less than this client demands; compare both contracts with `soapsec contract check CLIENT SERVICE --binding {}`, align their levels, or use a binding with WS-Addressing.",
                binding_name, res.contract, binding_name
            ));
        }
        if spec.is_none() {
            explanation.push(format!(
                "The contract has no requirements for the action {:?} in the {} direction: pass the right --action, or check that the message belongs to contract '{}'.",
                action.as_deref().unwrap_or("(none)"),
                options.direction,
                res.contract
            ));
        }
        if let Some(e) = &error
            && explanation.is_empty()
        {
            explanation.push(format!(
                "The receiver refuses the message before comparing levels: {e}"
            ));
        }

        self.requirements = Some(Overlay {
            contract: res.contract.clone(),
            binding: binding_name.to_owned(),
            direction: options.direction.to_string(),
            action,
            action_source,
            matched_key,
            collapsed: res.collapsed,
            parts,
            verdict: Verdict {
                accepted: error.is_none(),
                basis,
                code: error.as_ref().map(error_code),
                error: error.map(|e| e.to_string()),
                explanation,
            },
        });
    }
}

/// The real inbound pipeline, replay detection off (inspecting twice is not a replay).
fn run_pipeline(
    message: &[u8],
    action: Option<&str>,
    options: &OverlayOptions<'_>,
    keys: &KeyStore,
    inbound: &InboundOptions,
) -> Result<Verified, Box<PipelineError>> {
    let mut opts = inbound.clone();
    opts.replay = ReplayDetection::DangerouslyOff;
    verify(
        options.resolution,
        options.direction,
        action,
        keys,
        &opts,
        message,
    )
    .map_err(Box::new)
}

/// The error's code for `soapsec explain`.
fn error_code(e: &PipelineError) -> String {
    e.code().to_owned()
}
