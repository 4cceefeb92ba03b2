//! # soapsec
//!
//! Message-level SOAP security (WS-Security 1.0/1.1) driven by WCF-style, per-operation
//! protection levels.
//!
//! Layers, each depending only on those above it:
//!
//! | layer | modules | owns |
//! |---|---|---|
//! | model | [`level`], [`contract`], [`binding`] | protection levels, the scope hierarchy, bindings, resolution, validation, compatibility |
//! | xml | [`xml`], [`c14n`] | the one bounded parse, node identities, spans, the ID index, edits, canonicalization |
//! | soap | [`envelope`], [`addressing`] | SOAP 1.1/1.2 structure by position, headers, body, faults, WS-Addressing |
//! | tools | [`inspect`] | the envelope inspector behind `soapsec inspect`: claims, proof with keys, a contract's demands |
//! | tools | [`explain`] | a stable code per error and `soapsec explain`: meaning, usual causes, fixes |
//! | docs | [`manual`] | why each secure default is what it is, and what loosening it costs (the threat model is `THREAT-MODEL.md`) |
//!
//! Every fallible operation returns a typed error; nothing in this crate panics on input.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod addressing;
pub mod algorithms;
pub mod binding;
pub mod budget;
pub mod c14n;
pub mod contract;
pub mod dsig;
pub mod envelope;
pub mod error;
pub mod explain;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod inspect;
pub mod keys;
pub mod level;
pub mod manual;
pub mod pipeline;
pub mod token;
pub mod xenc;
pub mod xml;

pub use error::Error;
pub use level::ProtectionLevel;
