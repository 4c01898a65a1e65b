//! Building the release site with Trunk, once per test binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The repository root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the site for [`super::server::SUBPATH`] into `target/e2e-site`, as
/// the GitHub Pages workflow does (`scripts/workflow.sh site`), and returns
/// that folder.
pub fn built_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dist = repo().join("target/e2e-site");
        // The step the Pages workflow runs (scripts/workflow.sh).
        let status = Command::new("scripts/workflow.sh")
            .args(["site", super::server::SUBPATH])
            .arg(&dist)
            .current_dir(repo())
            // A separate target folder: the outer `cargo test` may hold the default one.
            .env("CARGO_TARGET_DIR", repo().join("target/trunk"))
            .status()
            .expect("scripts/workflow.sh runs");
        assert!(status.success(), "trunk build failed");
        dist
    })
}

/// The quoted strings in `text` that end with one of `extensions`.
fn quoted_names<'a>(text: &'a str, extensions: &[&str]) -> Vec<&'a str> {
    ['"', '\'']
        .iter()
        .flat_map(|&q| text.split(q).skip(1).step_by(2))
        .filter(|s| extensions.iter().any(|e| s.ends_with(e)) && !s.contains(char::is_whitespace))
        .collect()
}

/// The file names the first view loads: those `index.html` names (the
/// stylesheet, the app's JS and its wasm) and the JS modules those import.
/// The wasm modules split off at `#[lazy]` functions are not among them:
/// they are fetched when their page first opens.
pub fn first_view_files(site: &Path) -> Vec<String> {
    let file_name = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    let html = std::fs::read_to_string(site.join("index.html")).expect("the built site");
    let mut files: Vec<String> = quoted_names(&html, &[".js", ".wasm", ".css"])
        .into_iter()
        .map(file_name)
        .collect();
    let mut i = 0;
    while i < files.len() {
        if files[i].ends_with(".js") {
            let js = std::fs::read_to_string(site.join(&files[i])).expect("a JS file it names");
            // Static imports: `import … from "./x.js"` at the start of a line.
            let imports = js
                .lines()
                .filter(|l| l.starts_with("import ") && l.contains(" from "))
                .flat_map(|l| quoted_names(l, &[".js"]));
            for import in imports {
                let name = file_name(import);
                if import.starts_with("./") && !files.contains(&name) {
                    files.push(name);
                }
            }
        }
        i += 1;
    }
    files.sort();
    files.dedup();
    files
}

/// The files of the first view ([`first_view_files`]), each with its size raw
/// and compressed by `gzip -9`, as a static host serves it.
pub fn bundle_sizes(site: &Path) -> Vec<(String, u64, u64)> {
    first_view_files(site)
        .into_iter()
        .map(|name| {
            let path = site.join(&name);
            let raw = std::fs::metadata(&path).unwrap().len();
            let out = Command::new("gzip")
                .args(["-9", "-c"])
                .arg(&path)
                .output()
                .expect("gzip is on PATH");
            (name, raw, out.stdout.len() as u64)
        })
        .collect()
}
