#![no_main]
//! `cargo +nightly fuzz run model_file` (see ../README.md).

#[path = "../targets.rs"]
mod targets;

const RESULTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../results");

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::model_file(targets::context(RESULTS), data));
