#![no_main]
//! `cargo +nightly fuzz run adjudications` (see ../README.md).

#[path = "../targets.rs"]
mod targets;

const RESULTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../results");

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::adjudications(targets::context(RESULTS), data));
