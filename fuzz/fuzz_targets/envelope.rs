//! Fuzz SOAP envelope and WS-Addressing parsing: any bytes, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| soapsec::fuzzing::envelope(data));
