//! Invariants of the core that ARCHITECTURE.md promises.

/// The core has no web, async or I/O dependencies: only serde and serde_json.
#[test]
fn core_depends_only_on_serde() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let section = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    let deps: Vec<&str> = section
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split(['=', '.', ' ']).next().unwrap())
        .collect();
    assert_eq!(
        deps,
        ["serde", "serde_json"],
        "the core must stay free of web and I/O dependencies"
    );
}
