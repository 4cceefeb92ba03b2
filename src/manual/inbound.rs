//! # What the inbound pipeline insists on
//!
//! [`pipeline::verify`](crate::pipeline::verify) with
//! [`InboundOptions::default`](crate::pipeline::InboundOptions) is the secure path. This page
//! goes through what it requires and why. The field-by-field defaults are checked at the end.
//!
//! ## Message security or nothing
//!
//! A contract's protection levels reach the message only through a symmetric or asymmetric
//! security binding element. Over a binding without one, the pipeline refuses to run
//! ([`PipelineError::UnsupportedBinding`](crate::pipeline::PipelineError::UnsupportedBinding))
//! instead of verifying nothing and reporting success.
//! [`contract::validate_for_open`](crate::contract::validate_for_open) gives WCF's open-time
//! refusal of a contract the binding cannot honour, with WCF's text.
//!
//! A signature is always required, even for an operation at `ProtectionLevel.None`. As in
//! WCF, message security always signs the Timestamp and the WS-Addressing headers, and an
//! unsigned message could carry any of them.
//!
//! ## One Security header, of a known shape
//!
//! - **Exactly one `wsse:Security` header addressed to us** (no role, `next`, the ultimate
//!   receiver, or [`InboundOptions::actor`](crate::pipeline::InboundOptions::actor)). Two are
//!   refused: a second header is where wrapped content hides.
//! - **Only known children**: Timestamp, BinarySecurityToken, EncryptedKey, Signature,
//!   EncryptedData (an encrypted signature), SignatureConfirmation. Anything else stops
//!   processing, because a verifier that skips unknown elements in the one header it must
//!   understand is a verifier that can be steered.
//! - **At most one Signature, one EncryptedKey, one Timestamp**, and no standalone
//!   `ReferenceList` (not implemented). The pipeline never has to choose which of two
//!   signatures counts.
//! - **Layout** comes from the binding: Strict (declare before use) for wsHttp, netTcp and
//!   custom bindings, and Lax for the basicHttp presets, as in WCF.
//!   [`InboundOptions::layout`](crate::pipeline::InboundOptions::layout) overrides it. The
//!   layout and the protection order decide what is checked and in which order things are
//!   processed. They never decide what counts as protected: that is always a fact about node
//!   positions.
//!
//! ## The Timestamp
//!
//! Required whenever the binding says `include_timestamp`, which every preset and
//! [`Binding::custom`](crate::binding::Binding::custom) does. It must be signed by a reference
//! to exactly that element, and its `Created` and `Expires` must be plain text (no comments:
//! class G), each a complete dateTime with a time zone. Freshness allows
//! [`skew_seconds`](crate::pipeline::InboundOptions::skew_seconds) = **300** seconds either
//! way: it is not expired (`Expires + skew > now`) and not from the future
//! (`Created − skew ≤ now`). Five minutes is the usual WS-Security tolerance for
//! unsynchronized clocks. Every second beyond that is a second more in which a captured
//! message is fresh.
//!
//! Whatever `Expires` says, a message is accepted for at most
//! [`max_message_age_seconds`](crate::pipeline::InboundOptions::max_message_age_seconds) =
//! **300** seconds after its `Created`, plus the skew
//! ([`TimestampTooOld`](crate::pipeline::PipelineError::TimestampTooOld)). That is WCF's
//! replay window and WSS4J's `timeStampTTL`: a signer's ten-year Timestamp neither keeps a
//! captured message replayable for ten years nor pins a replay-cache slot that long. Both
//! clock settings are range-checked (skew 0–3,600 s, age 1–86,400 s) by
//! [`InboundOptions::check`](crate::pipeline::InboundOptions::check), which
//! [`verify`](crate::pipeline::verify) calls first.
//!
//! ## Replay
//!
//! A signed Timestamp proves a message is recent, not that it is new. The default
//! [`replay`](crate::pipeline::InboundOptions::replay) cache remembers each accepted message's
//! `SignatureValue` until `min(Expires, Created + max age)` plus the skew, and refuses a second arrival
//! ([`PipelineError::Replay`](crate::pipeline::PipelineError::Replay)). Details that matter:
//!
//! - a message is recorded **only after every other check passed**, so unauthenticated
//!   traffic cannot fill the cache, and a rejected message does not burn its slot;
//! - a full cache refuses new messages
//!   ([`ReplayCacheFull`](crate::pipeline::PipelineError::ReplayCacheFull)) rather than evict
//!   a live entry, which would reopen the window for that message;
//! - **the default cache belongs to one `InboundOptions` value** and its clones (they share it
//!   through an `Arc`). Build the options once per endpoint. Building
//!   `InboundOptions::default()` per request creates a new, empty cache each time and detects
//!   nothing;
//! - it is in memory and per process. Behind a load balancer, or across restarts, implement
//!   [`ReplayCache`](crate::pipeline::ReplayCache) over shared storage;
//! - it keys on the `SignatureValue`. RSA PKCS#1 v1.5 signatures are deterministic, so a
//!   replay carries the same value. ECDSA signatures are not unique (a second valid value
//!   exists for the same message), so with an ECDSA signer a captured message can be replayed
//!   under a different key.
//!
//! A message without a Timestamp (only possible when the binding does not include one) cannot
//! be recognised as a replay. For such a binding, [`verify`](crate::pipeline::verify) refuses
//! to run ([`InvalidOptions`](crate::pipeline::PipelineError::InvalidOptions)) until the
//! receiver sets [`ReplayDetection::DangerouslyOff`](crate::pipeline::ReplayDetection::DangerouslyOff).
//!
//! ## Decrypt, then verify, then compare
//!
//! The processing order follows the Security header, as WS-Security requires. Under WCF's
//! default order (SignBeforeEncryptAndEncryptSignature) and under SignBeforeEncrypt, the
//! receiver decrypts first, then verifies the signature over the plaintext. So an
//! unauthenticated sender gets one RSA-OAEP decryption and one symmetric decryption per
//! message, with the plaintext parsed under the same limits. With GCM that teaches the
//! sender nothing. With CBC (legacy) it is the setting of class H, and timing is what is left
//! to defend with.
//!
//! Then each part is compared with what the contract requires for the message's action:
//!
//! - a part is **signed** only if the one signature has a reference to exactly its node at its
//!   fixed position;
//! - it is **encrypted** only if that node came out of an `EncryptedData` listed in the
//!   `EncryptedKey`'s ReferenceList, at that same position (the Body's whole content, or the
//!   one child of a `wsse11:EncryptedHeader` block);
//! - an encrypted header must also be signed, and under the default order a signed and
//!   encrypted part needs an encrypted signature.
//!
//! ## The action
//!
//! The requirements depend on the action, so the action is attacker input until proven
//! otherwise (class N):
//!
//! - with WS-Addressing, `wsa:Action` must be signed, and a SOAPAction that differs from it is
//!   refused;
//! - without WS-Addressing, requests are keyed by the SOAPAction, as in WCF. Replies are keyed
//!   by `*`;
//! - in both cases a Body that is the wrapper element of *another* operation of the contract
//!   is refused.
//!
//! Without WS-Addressing the SOAPAction is never authenticated, and
//! [`Verified::action`](crate::pipeline::Verified::action) is then only what the transport
//! said. Dispatch on the verified Body
//! ([`VerifiedBody::operation`](crate::pipeline::VerifiedBody::operation)).
//!
//! ## SignatureConfirmation
//!
//! [`expect_signature_confirmation`](crate::pipeline::InboundOptions::expect_signature_confirmation)
//! is `None` by default (WCF's `RequireSignatureConfirmation = false`). Even then, a reply that
//! carries a confirmation is refused, because a confirmation nobody checks is a claim nobody
//! verified. A client that sets it requires exactly the confirmations of its own request's
//! signature values, each signed, compared in constant time.
//!
//! ## What the application gets
//!
//! [`Verified`](crate::pipeline::Verified): the validated caller, the action, the signed
//! Timestamp, and each part's required and achieved protection, with handles to the Body and
//! header blocks at their fixed positions. Reading text through
//! [`Element::text`](crate::xml::Element::text) concatenates every text child, so a comment
//! cannot truncate a value (class G).
//! [`Verified::envelope`](crate::pipeline::Verified::envelope) also gives the decrypted
//! envelope as text, for logging and forwarding. Re-parsing that text and searching it for the
//! Body gives up everything above (classes A and F).
//!
//! ## What the peer gets
//!
//! A failure is a detailed [`PipelineError`](crate::pipeline::PipelineError): WCF's text, the
//! part, the URI, the position. That belongs in your logs. The peer should get
//! [`security_fault`](crate::pipeline::security_fault): Sender / `wsse:InvalidSecurity` and
//! "An error occurred when verifying security for the message.", the same for every failure.
//! The one exception, copied from WCF, is an unrecognized action, which can only happen after
//! decryption and verification succeeded. Sending the error's `Display` to the peer turns
//! every distinction the verifier makes into an oracle (classes H and I).
//!
//! ## Outbound
//!
//! [`OutboundOptions::default`](crate::pipeline::OutboundOptions) protects with
//! [`Algorithms::modern`](crate::pipeline::Algorithms::modern), a Timestamp that lives
//! [`ttl_seconds`](crate::pipeline::OutboundOptions::ttl_seconds) = 300 seconds (WCF's
//! default), and the signing certificate as a BinarySecurityToken. It signs the Timestamp and
//! every WS-Addressing header present, whatever the contract says. The peer certificate we
//! encrypt to is taken as configured, because it is local input.
//!
//! ## The defaults, checked
//!
//! ```
//! use soapsec::pipeline::{Algorithms, InboundOptions, OutboundOptions, PipelineError};
//!
//! let o = InboundOptions::default();
//! assert_eq!(o.algorithms, Algorithms::modern());
//! assert_eq!(o.skew_seconds, 300);
//! assert_eq!(o.max_message_age_seconds, 300);
//! assert!(o.replay.is_on());
//! assert!(o.layout.is_none() && o.protection_order.is_none()); // the binding's
//! assert!(o.actor.is_none());
//! assert!(o.expect_signature_confirmation.is_none());
//! assert_eq!(o.parse, soapsec::xml::ParseOptions::default());
//! assert_eq!(o.budget, soapsec::dsig::Budget::default());
//!
//! assert_eq!(OutboundOptions::default().ttl_seconds, 300);
//!
//! // The fault for the peer says nothing about what failed.
//! let fault = soapsec::pipeline::security_fault(
//!     soapsec::envelope::SoapVersion::Soap12,
//!     &PipelineError::Replay,
//! );
//! assert!(fault.contains("An error occurred when verifying security for the message."));
//! assert!(!fault.contains("replay"));
//! ```
