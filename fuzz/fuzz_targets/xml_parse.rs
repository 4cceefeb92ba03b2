//! Fuzz the XML parser, its tree invariants, no-op and single edits: any bytes, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| soapsec::fuzzing::xml_parse(data));
