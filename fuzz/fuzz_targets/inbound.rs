//! Fuzz the inbound security pipeline with fixed keys and a fixed clock: any bytes, never a
//! panic, and whatever verifies is checked against the message (see `soapsec::fuzzing::inbound`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| soapsec::fuzzing::inbound(data));
