//! Fuzz the envelope inspector (`soapsec inspect`'s library): any bytes, never a panic; with
//! the inbound fixture's keys and contract, the inspector agrees with the pipeline (see
//! `soapsec::fuzzing::inspect`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| soapsec::fuzzing::inspect(data));
