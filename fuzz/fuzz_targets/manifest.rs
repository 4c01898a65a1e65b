#![no_main]
//! `cargo +nightly fuzz run manifest` (see ../README.md).

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::manifest(data));
