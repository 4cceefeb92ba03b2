//! With keys: decrypt and verify for real, and mark each part verified or failed.
//!
//! This follows the inbound pipeline's mechanics (node identities, fixed positions, the same
//! algorithm policy and budgets) but never stops at the first problem: each step's outcome is
//! recorded with its reason, so a failing exchange shows *which* part failed and why. The
//! pipeline's verdict itself (with WCF's text) comes from [`super::Inspection::overlay`].

use super::survey::{SurveyOptions, certificate_info, path};
use super::{CertificateInfo, Inspection};
use crate::c14n::Algorithm;
use crate::dsig::{DsigError, SignatureMethod, SignaturePolicy, VerificationKey};
use crate::envelope::Envelope;
use crate::keys::TrustPath;
use crate::pipeline::Algorithms;
use crate::token::{KeyStore, SecurityTokenReference};
use crate::xenc::{DecryptionPolicy, KeyEncryptionKey};
use crate::xml::{DSIG_NS, Document, Element, NodeId, XENC_NS};
use serde::Serialize;

/// Settings of the verification step (default: [`Algorithms::modern`], nothing kept).
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// Algorithms accepted (as the inbound pipeline: exactly these).
    pub algorithms: Algorithms,
    /// Keep the decrypted envelope in [`Verification::decrypted`].
    pub keep_decrypted: bool,
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Status {
    /// Checked and good.
    Verified,
    /// Checked and bad.
    Failed {
        /// Why.
        reason: String,
    },
    /// Not protected this way at all.
    No,
    /// Could not be checked.
    NotChecked {
        /// Why.
        reason: String,
    },
}

impl Status {
    /// True for [`Status::Verified`].
    pub fn is_verified(&self) -> bool {
        matches!(self, Status::Verified)
    }
    /// True for [`Status::Failed`].
    pub fn is_failed(&self) -> bool {
        matches!(self, Status::Failed { .. })
    }
}

/// What the keys proved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Decryption of the EncryptedKey and every EncryptedData it lists.
    pub decryption: Status,
    /// The primary signature.
    pub signature: Status,
    /// The signer, when its token resolved to a trusted certificate.
    pub signer: Option<CertificateInfo>,
    /// How the signer is trusted (`pinned`, `chain of N to anchor …`).
    pub signer_trust: Option<String>,
    /// Whether the Timestamp is covered by the verified signature (`None`: no Timestamp).
    pub timestamp_signed: Option<bool>,
    /// The decrypted envelope, when asked for and when something was decrypted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decrypted: Option<String>,
}

impl Verification {
    /// True when nothing failed: decryption and signature are verified or absent.
    pub fn ok(&self) -> bool {
        !self.decryption.is_failed()
            && !self.signature.is_failed()
            && !matches!(self.decryption, Status::NotChecked { .. })
            && !matches!(self.signature, Status::NotChecked { .. })
    }
}

fn failed(reason: impl std::fmt::Display) -> Status {
    Status::Failed {
        reason: reason.to_string(),
    }
}

pub(crate) fn trust_text(p: &TrustPath) -> String {
    match p {
        TrustPath::Pinned => "pinned certificate".into(),
        TrustPath::Anchored {
            anchor_subject,
            path_len,
            ..
        } => format!("chain of {path_len} to anchor {anchor_subject}"),
    }
}

struct Decryption {
    doc: Document<'static>,
    body: bool,
    headers: Vec<(usize, String, String)>,
}

fn decrypt(
    doc0: &Document<'_>,
    sec_pos: usize,
    ek: Element<'_>,
    keys: &KeyStore,
    algs: &Algorithms,
) -> Result<Decryption, String> {
    let ki = ek
        .child_elements()
        .find(|c| c.is(DSIG_NS, "KeyInfo"))
        .ok_or("the EncryptedKey has no ds:KeyInfo")?;
    let str_ = SecurityTokenReference::from_key_info(ki).map_err(|e| e.to_string())?;
    let identity = keys
        .resolve_decryption_identity(doc0, &str_)
        .map_err(|e| e.to_string())?;
    let policy = DecryptionPolicy {
        key_transports: Some(vec![algs.key_transport.clone()]),
        ..DecryptionPolicy::only(algs.block, algs.legacy)
    };
    let dec = crate::xenc::decrypt_with_encrypted_key(
        doc0,
        ek.id(),
        KeyEncryptionKey::Private(identity.private_key()),
        &policy,
    )
    .map_err(|e| e.to_string())?;
    // The pipeline's placement by position, so both read a decryption alike.
    let placed =
        crate::pipeline::inbound::place_plaintext(dec, sec_pos).map_err(|e| e.to_string())?;
    let env = Envelope::from_document(&placed.document).map_err(|e| e.to_string())?;
    let headers = placed
        .headers
        .iter()
        .filter_map(|&i| {
            let h = env.headers().get(i)?;
            Some((i, h.qname.local.to_owned(), h.qname.namespace.to_owned()))
        })
        .collect();
    let body = placed.body;
    drop(env);
    Ok(Decryption {
        doc: placed.document,
        body,
        headers,
    })
}

struct SignatureOutcome {
    status: Status,
    covered: Vec<NodeId>,
    signer: Option<(CertificateInfo, String)>,
    /// The URI of the reference that failed its digest.
    failed_uri: Option<String>,
}

fn verify_signature(
    doc: &Document<'_>,
    sig: Element<'_>,
    keys: &KeyStore,
    algs: &Algorithms,
    at: i64,
) -> SignatureOutcome {
    let mut out = SignatureOutcome {
        status: Status::No,
        covered: Vec::new(),
        signer: None,
        failed_uri: None,
    };
    let Some(ki) = sig.child_elements().find(|c| c.is(DSIG_NS, "KeyInfo")) else {
        out.status = failed("the ds:Signature has no ds:KeyInfo");
        return out;
    };
    let identity = match SecurityTokenReference::from_key_info(ki)
        .map_err(|e| e.to_string())
        .and_then(|s| keys.resolve_signer(doc, &s, at).map_err(|e| e.to_string()))
    {
        Ok(i) => i,
        Err(e) => {
            out.status = failed(format!("signer not trusted: {e}"));
            return out;
        }
    };
    out.signer = Some((
        certificate_info(identity.certificate(), at),
        trust_text(identity.trust_path()),
    ));
    let mut policy = SignaturePolicy::default()
        .with_legacy(algs.legacy)
        .only_method(SignatureMethod::Asymmetric(algs.signature))
        .only_digest(algs.digest);
    policy.canonicalizations = vec![Algorithm::Exclusive];
    match crate::dsig::verify(doc, sig.id(), &VerificationKey::from(&identity), &policy) {
        Ok(vs) => {
            out.status = Status::Verified;
            out.covered = vs.verified_nodes().collect();
        }
        Err(e) => {
            if let DsigError::DigestMismatch { uri, .. } = &e {
                out.failed_uri = Some(uri.clone());
            }
            out.status = failed(e);
        }
    }
    out
}

impl Inspection {
    /// Decrypt and verify `message` (the same bytes given to [`super::inspect`]) with `keys`,
    /// filling [`Inspection::verification`] and each part's `signed`/`encrypted` status.
    /// Headers that were `EncryptedHeader`s get their real names.
    ///
    /// Never fails: a problem is recorded as [`Status::Failed`] or [`Status::NotChecked`].
    pub fn verify_with(
        &mut self,
        message: &[u8],
        survey: &SurveyOptions,
        keys: &KeyStore,
        options: &VerifyOptions,
    ) {
        let parsed = Document::parse_bytes(message, &survey.parse);
        match &parsed {
            Ok(doc) => match Envelope::from_document(doc) {
                Ok(env) => self.verify_parsed(doc, &env, survey, keys, options),
                Err(_) => self.not_checked("the message is not a SOAP envelope"),
            },
            Err(_) => self.not_checked("the message did not parse"),
        }
    }

    fn not_checked(&mut self, reason: &str) {
        self.verification = Some(Verification {
            decryption: Status::No,
            signature: Status::NotChecked {
                reason: reason.to_owned(),
            },
            signer: None,
            signer_trust: None,
            timestamp_signed: None,
            decrypted: None,
        });
    }

    /// [`Inspection::verify_with`] on the document the survey read.
    pub(crate) fn verify_parsed(
        &mut self,
        doc0: &Document<'_>,
        env0: &Envelope<'_>,
        survey: &SurveyOptions,
        keys: &KeyStore,
        options: &VerifyOptions,
    ) {
        let algs = &options.algorithms;
        let mut v = Verification {
            decryption: Status::No,
            signature: Status::No,
            signer: None,
            signer_trust: None,
            timestamp_signed: None,
            decrypted: None,
        };
        let Some(sec_pos) = self.security.as_ref().map(|s| s.header_index) else {
            for p in &mut self.parts {
                p.signed = Some(Status::No);
                p.encrypted = Some(Status::No);
            }
            self.verification = Some(v);
            return;
        };
        let sec = env0.headers()[sec_pos].element;
        let items: Vec<Element<'_>> = sec.child_elements().collect();
        let ek_pos = items.iter().position(|e| {
            e.is(XENC_NS, "EncryptedKey")
                && e.child_elements().any(|c| c.is(XENC_NS, "ReferenceList"))
        });
        let sig_pos = items.iter().position(|e| e.is(DSIG_NS, "Signature"));
        let enc_sig_pos = items.iter().position(|e| e.is(XENC_NS, "EncryptedData"));
        let ts_pos = items
            .iter()
            .position(|e| e.is(crate::xml::WSU_NS, "Timestamp"));

        // Decryption.
        let mut decryption: Option<Decryption> = None;
        if let Some(e) = ek_pos {
            match decrypt(doc0, sec_pos, items[e], keys, algs) {
                Ok(d) => {
                    v.decryption = Status::Verified;
                    decryption = Some(d);
                }
                Err(reason) => v.decryption = Status::Failed { reason },
            }
        }

        // The signature, over the document its position in the header says.
        let verify_first = matches!((sig_pos, ek_pos), (Some(s), Some(e)) if s < e);
        let not_decrypted = || {
            Some(SignatureOutcome {
                status: Status::NotChecked {
                    reason: "the signature covers decrypted content, and decryption failed".into(),
                },
                covered: Vec::new(),
                signer: None,
                failed_uri: None,
            })
        };
        let outcome = match (sig_pos, enc_sig_pos) {
            (Some(s), _) if verify_first || ek_pos.is_none() => {
                Some(verify_signature(doc0, items[s], keys, algs, survey.at))
            }
            (Some(_), _) | (None, Some(_)) => match &decryption {
                Some(d) => verify_in(&d.doc, sec_pos, keys, algs, survey.at),
                None => not_decrypted(),
            },
            (None, None) => None,
        };
        let verify_doc: &Document<'_> = match (&decryption, verify_first) {
            (Some(d), false) => &d.doc,
            _ => doc0,
        };
        let env_v = Envelope::from_document(verify_doc).ok();
        let mut covered_headers = vec![false; env0.headers().len()];
        let mut covered_body = false;
        if let Some(o) = &outcome {
            v.signature = o.status.clone();
            if let Some((info, trust)) = &o.signer {
                v.signer = Some(info.clone());
                v.signer_trust = Some(trust.clone());
            }
            if let Some(env) = &env_v {
                for (i, h) in env.headers().iter().enumerate() {
                    if let Some(c) = covered_headers.get_mut(i) {
                        *c = o.covered.contains(&h.id());
                    }
                }
                covered_body = o.covered.contains(&env.body().id());
                if ts_pos.is_some() {
                    let sec_v = env.headers().get(sec_pos).map(|h| h.element);
                    v.timestamp_signed = sec_v
                        .and_then(|s| {
                            s.child_elements()
                                .find(|c| c.is(crate::xml::WSU_NS, "Timestamp"))
                        })
                        .map(|t| o.covered.contains(&t.id()));
                }
            }
        }

        // Per part.
        let failed_target: Option<String> = outcome
            .as_ref()
            .and_then(|o| o.failed_uri.as_deref())
            .and_then(|u| u.strip_prefix('#'))
            .and_then(|id| verify_doc.element_by_id(id))
            .map(path);
        for p in &mut self.parts {
            let (covered, encrypted_now) = match p.header_index {
                Some(i) => (
                    covered_headers.get(i).copied().unwrap_or(false),
                    decryption
                        .as_ref()
                        .and_then(|d| d.headers.iter().find(|(j, ..)| *j == i)),
                ),
                None => (covered_body, None),
            };
            p.signed = Some(match &outcome {
                Some(o) if o.status.is_verified() => {
                    if covered {
                        Status::Verified
                    } else {
                        Status::No
                    }
                }
                Some(o) if p.claimed_signed => match (&o.status, &failed_target) {
                    (Status::Failed { reason }, Some(t)) if *t == p.path => failed(reason),
                    (Status::Failed { reason }, _) => Status::NotChecked {
                        reason: format!("the signature failed: {reason}"),
                    },
                    (Status::NotChecked { reason }, _) => Status::NotChecked {
                        reason: reason.clone(),
                    },
                    _ => Status::NotChecked {
                        reason: "the signature was not checked".into(),
                    },
                },
                Some(_) => Status::No,
                None => Status::No,
            });
            p.encrypted = Some(match (&v.decryption, p.claimed_encrypted) {
                (_, false) => Status::No,
                (Status::Failed { reason }, true) => failed(reason),
                (Status::Verified, true) => {
                    let ok = match p.header_index {
                        Some(_) => encrypted_now.is_some(),
                        None => decryption.as_ref().is_some_and(|d| d.body),
                    };
                    if ok {
                        Status::Verified
                    } else {
                        failed("its EncryptedData was not decrypted in place")
                    }
                }
                (_, true) => Status::NotChecked {
                    reason: "no EncryptedKey with a ReferenceList lists it".into(),
                },
            });
            if let Some((_, local, ns)) = encrypted_now {
                p.name = local.clone();
                p.namespace = ns.clone();
            }
        }
        if options.keep_decrypted
            && let Some(d) = &decryption
        {
            v.decrypted = Some(d.doc.source().to_owned());
        }
        self.verification = Some(v);
    }
}

/// Verify the (decrypted) signature found in the Security header of `doc`.
fn verify_in(
    doc: &Document<'_>,
    sec_pos: usize,
    keys: &KeyStore,
    algs: &Algorithms,
    at: i64,
) -> Option<SignatureOutcome> {
    let env = Envelope::from_document(doc).ok()?;
    let sec = env.headers().get(sec_pos)?.element;
    let sig = sec.child_elements().find(|c| c.is(DSIG_NS, "Signature"));
    Some(match sig {
        Some(s) => verify_signature(doc, s, keys, algs, at),
        None => SignatureOutcome {
            status: Status::NotChecked {
                reason: "no ds:Signature after decryption".into(),
            },
            covered: Vec::new(),
            signer: None,
            failed_uri: None,
        },
    })
}
