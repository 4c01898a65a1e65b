#![no_main]
//! `cargo +nightly fuzz run response` (see ../README.md).

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::response(data));
