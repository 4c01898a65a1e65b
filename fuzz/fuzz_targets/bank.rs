#![no_main]
//! `cargo +nightly fuzz run bank` (see ../README.md).

#[path = "../targets.rs"]
mod targets;

use std::sync::OnceLock;

fn context() -> &'static targets::Context {
    static CONTEXT: OnceLock<targets::Context> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        targets::Context::new(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../results"
        )))
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::bank(context(), data));
