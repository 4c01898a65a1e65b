//! Building the release site with Trunk, once per test binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The repository root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the site (release, wasm-opt, offline) for [`super::server::SUBPATH`]
/// into `target/e2e-site` and returns that folder.
pub fn built_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dist = repo().join("target/e2e-site");
        let status = Command::new("trunk")
            .args([
                "build",
                "--release",
                "--offline",
                "--public-url",
                super::server::SUBPATH,
                "--dist",
            ])
            .arg(&dist)
            .current_dir(repo())
            // A separate target folder: the outer `cargo test` may hold the default one.
            .env("CARGO_TARGET_DIR", repo().join("target/trunk"))
            .status()
            .expect("trunk is not on PATH: run `make test`, which installs the pinned tools");
        assert!(status.success(), "trunk build failed");
        dist
    })
}
