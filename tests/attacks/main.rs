//! The adversarial suite (GitHub issue #7): one module per attack class of
//! `attacks.md` (A–O), each building valid secured messages with soapsec's own outbound
//! pipeline at a fixed clock, mutating them the way the published attack does, and asserting
//! the specific typed error the defence produces (never just `is_err()`), next to a positive
//! control showing the unmutated message verifies. `tamper` is a property test: any
//! information-changing single-byte edit inside signed or encrypted content is detected.
//!
//! | module | class |
//! |---|---|
//! | [`class_a`] | classic SOAP wrapping (Body relocation) |
//! | [`class_b`] | XSW1–8 adapted to SOAP |
//! | [`class_c`] | XPath / namespace wrapping |
//! | [`class_d`] | ID duplication / ID-attribute ambiguity |
//! | [`class_e`] | Timestamp wrapping, freshness, replay |
//! | [`class_f`] | parser differentials |
//! | [`class_g`] | comment truncation |
//! | [`class_h`] | XML Encryption CBC oracle |
//! | [`class_i`] | Bleichenbacher / RSA PKCS#1 v1.5 key transport |
//! | [`class_j`] | algorithm downgrade |
//! | [`class_k`] | key confusion / key injection |
//! | [`class_l`] | parser DoS |
//! | [`class_m`] | signature-processing DoS and injection |
//! | [`class_n`] | SOAPAction / WS-Addressing spoofing |
//! | [`class_o`] | encrypted-part wrapping |
//! | [`tamper`] | single-byte tampering property |

#[path = "../common/mod.rs"]
mod common;
#[macro_use]
mod support;

mod class_a;
mod class_b;
mod class_c;
mod class_d;
mod class_e;
mod class_f;
mod class_g;
mod class_h;
mod class_i;
mod class_j;
mod class_k;
mod class_l;
mod class_m;
mod class_n;
mod class_o;
mod tamper;
