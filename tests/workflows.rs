//! The GitHub Actions workflows cannot run here, so they run nothing but the
//! steps of `scripts/workflow.sh`, which `make test` and the browser tests
//! run (`test` is the README's test command, `validate` its last step, and
//! `site` builds the site every browser test loads). These tests check that
//! the workflows stay that thin and that they call the steps as the script
//! defines them.

use std::path::Path;
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The commands of a workflow's `run:` steps.
fn runs(workflow: &str) -> Vec<String> {
    workflow
        .lines()
        .filter_map(|l| {
            l.trim_start()
                .trim_start_matches("- ")
                .strip_prefix("run: ")
        })
        .map(str::to_string)
        .collect()
}

/// The steps `scripts/workflow.sh` knows: the labels of its `case`.
fn script_steps() -> Vec<String> {
    read("scripts/workflow.sh")
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.strip_suffix(')'))
        .filter(|label| label.chars().all(|c| c.is_ascii_lowercase()))
        .map(str::to_string)
        .collect()
}

/// The step a `run:` command calls, and its arguments.
fn step(run: &str) -> (String, Vec<String>) {
    let mut words = shell_words(run).into_iter();
    assert_eq!(
        words.next().as_deref(),
        Some("main/scripts/workflow.sh"),
        "a workflow runs only scripts/workflow.sh: {run}"
    );
    let name = words.next().expect("a step");
    (name, words.collect())
}

/// The words of a shell command, with double quotes grouping (no escapes:
/// the workflows use none).
fn shell_words(command: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted) = (Vec::new(), None::<String>, false);
    for c in command.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            c if c.is_whitespace() && !quoted => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    assert!(!quoted, "unbalanced quotes: {command}");
    words.extend(word);
    words
}

#[test]
fn the_script_has_the_steps_and_refuses_others() {
    assert_eq!(script_steps(), ["test", "validate", "site"]);
    let out = Command::new(repo().join("scripts/workflow.sh"))
        .arg("publish")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));
    let out = Command::new(repo().join("scripts/workflow.sh"))
        .args(["site", "/only-the-url/"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "site needs a public URL and a folder"
    );
}

/// The packages `scripts/workflow.sh` runs with `cargo run -p` are packages of
/// the workspace (`make test` runs `validate` last, so a wrong name would fail
/// only at the very end).
#[test]
fn the_script_runs_packages_of_the_workspace() {
    let script = read("scripts/workflow.sh");
    let packages: Vec<&str> = script
        .split("cargo run --quiet -p ")
        .skip(1)
        .map(|rest| rest.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(packages, ["cvalues"]);
    let manifests: Vec<String> = std::fs::read_dir(repo().join("crates"))
        .unwrap()
        .map(|d| std::fs::read_to_string(d.unwrap().path().join("Cargo.toml")).unwrap())
        .collect();
    for package in packages {
        let line = format!("name = \"{package}\"");
        assert!(
            manifests.iter().any(|m| m.lines().any(|l| l == line)),
            "no workspace package {package}"
        );
    }
}

#[test]
fn pull_requests_run_every_test_with_the_shared_data_beside_the_repository() {
    let wf = read(".github/workflows/test.yml");
    assert!(
        wf.contains("\non:\n  pull_request:\n"),
        "runs on every pull request"
    );
    let steps: Vec<_> = runs(&wf).iter().map(|r| step(r)).collect();
    assert_eq!(steps, [("test".to_string(), vec![])]);
    // `make test` is the README's test command, and it ends with the gate.
    let make = read("Makefile");
    let test = make
        .split("\ntest:")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    assert!(
        test.trim_end().ends_with("scripts/workflow.sh validate"),
        "{test}"
    );
    assert!(read(".ci/run").contains("exec make test"));
    // The tests read ../shared/cvalues: the two checkouts are siblings.
    assert!(wf.contains("path: main\n"));
    assert!(wf.contains("repository: ${{ vars.CVALUES_SHARED_REPO }}"));
    assert!(wf.contains("path: shared\n"));
}

#[test]
fn pages_validates_then_builds_under_the_repository_name_and_deploys() {
    let wf = read(".github/workflows/pages.yml");
    assert!(wf.contains("\non:\n  push:\n    branches: [main]\n"));
    let steps: Vec<_> = runs(&wf).iter().map(|r| step(r)).collect();
    assert_eq!(
        steps,
        [
            ("validate".to_string(), vec![]),
            (
                "site".to_string(),
                vec![
                    "/${{ github.event.repository.name }}/".to_string(),
                    "$GITHUB_WORKSPACE/site".to_string()
                ]
            ),
        ]
    );
    let upload = wf.split("actions/upload-pages-artifact@v3").nth(1).unwrap();
    assert!(upload.contains("path: site\n"), "uploads what `site` built");
    assert!(wf.contains("uses: actions/deploy-pages@v4"));
    for permission in ["pages: write", "id-token: write"] {
        assert!(wf.contains(permission), "{permission}");
    }
}
