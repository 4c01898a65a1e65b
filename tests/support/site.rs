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

/// The files of the first view in a built site (its wasm, JS and CSS), each
/// with its size raw and compressed by `gzip -9`, as a static host serves it.
pub fn bundle_sizes(site: &Path) -> Vec<(String, u64, u64)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(site).expect("the built site") {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["wasm", "js", "css"].contains(&ext) {
            continue;
        }
        let raw = std::fs::metadata(&path).unwrap().len();
        let out = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&path)
            .output()
            .expect("gzip is on PATH");
        files.push((ext.to_string(), raw, out.stdout.len() as u64));
    }
    files.sort();
    files
}
