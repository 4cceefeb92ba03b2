//! # The soapsec manual
//!
//! This module holds no code. It explains soapsec's defaults: what each one is, what attack
//! it is there for, and what you give up if you loosen it. The API documentation of each type
//! says *what* a setting does. This manual says *why* it starts where it starts.
//!
//! Its companion is `THREAT-MODEL.md` at the root of the repository. That file lists the
//! assets, the trust boundaries, every entry point and the inputs an attacker controls there,
//! the attack classes A–O with the code and tests that defeat each one, and the non-goals.
//! The manual refers to the same attack classes by letter:
//!
//! | class | attack | class | attack |
//! |---|---|---|---|
//! | A | SOAP Body wrapping | I | Bleichenbacher on RSA PKCS#1 v1.5 |
//! | B | XSW1–8 | J | algorithm downgrade |
//! | C | XPath and namespace wrapping | K | key confusion and key injection |
//! | D | duplicate IDs | L | parser denial of service |
//! | E | timestamp wrapping and replay | M | signature-processing denial of service |
//! | F | parser differentials | N | SOAPAction / WS-Addressing spoofing |
//! | G | comment truncation | O | encrypted-part wrapping |
//! | H | CBC padding and format oracles | | |
//!
//! ## Sections
//!
//! 1. [`principles`]: the few rules every default follows, and the reasons for them.
//! 2. [`limits`]: parser limits and work budgets, with the reasoning behind each number.
//! 3. [`algorithms`]: which algorithms are accepted, which need a legacy switch, and which
//!    cannot be switched on at all.
//! 4. [`trust`]: keys, certificates, where a trusted key can come from, and what an
//!    authenticated caller does and does not mean.
//! 5. [`inbound`]: what [`pipeline::verify`](crate::pipeline::verify) insists on by default:
//!    the Security header, the timestamp, replay, the action, the fault sent to the peer.
//! 6. [`loosening`]: every setting that weakens a default, in one place, with its cost.
//!
//! The default values quoted here are checked by doctests in these pages, so a change to a
//! default that is not reflected here fails `cargo test --doc`.

pub mod algorithms;
pub mod inbound;
pub mod limits;
pub mod loosening;
pub mod principles;
pub mod trust;
