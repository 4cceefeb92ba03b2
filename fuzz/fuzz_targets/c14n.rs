//! Fuzz canonicalization (every algorithm and node set, chosen by the first two bytes): any bytes, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| soapsec::fuzzing::c14n(data));
