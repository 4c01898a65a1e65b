//! The `cvalues` CLI run in-process through its entry point, exactly as the
//! binary runs it.

use serde_json::Value;

/// Runs `cvalues ARGS`; panics with its stderr unless it exits 0. Returns stdout.
pub fn run(args: &[&str]) -> Vec<u8> {
    let (code, out, err) = run_status(args);
    assert_eq!(
        code,
        0,
        "cvalues {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&err)
    );
    out
}

/// Runs `cvalues ARGS`: its exit code, stdout and stderr.
pub fn run_status(args: &[&str]) -> (i32, Vec<u8>, Vec<u8>) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = cvalues::Io {
        stdin: &mut std::io::empty(),
        stdout: &mut out,
        stderr: &mut err,
    };
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let code = cvalues::run(&args, &mut io);
    (code, out, err)
}

/// `cvalues <command> DIR --json <extra>`, parsed.
pub fn json(command: &str, dir: &std::path::Path, extra: &[&str]) -> Value {
    let dir = dir.display().to_string();
    let mut args = vec![command, dir.as_str(), "--json"];
    args.extend(extra);
    serde_json::from_slice(&run(&args)).unwrap()
}
