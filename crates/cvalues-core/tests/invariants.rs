//! Invariants of the core that ARCHITECTURE.md promises.

/// The dependencies named in the `[dependencies]` of a crate's `Cargo.toml`.
fn dependencies(manifest: &str) -> Vec<String> {
    let section = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    section
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split(['=', '.', ' ']).next().unwrap().to_string())
        .collect()
}

/// The core has no web, async or I/O dependencies: only serde, serde_json
/// and the answer parser, which has only serde and serde_json.
#[test]
fn core_depends_only_on_serde() {
    let core = include_str!("../Cargo.toml");
    assert_eq!(
        dependencies(core),
        ["cvalues-answer", "serde", "serde_json"],
        "the core must stay free of web and I/O dependencies"
    );
    let answer = include_str!("../../cvalues-answer/Cargo.toml");
    assert_eq!(
        dependencies(answer),
        ["serde", "serde_json"],
        "the answer parser must stay free of web and I/O dependencies"
    );
}
