//! The `cvalues` command-line tool: parse, score, validate and generate demo
//! results with the same core the browser uses.
//!
//! [`run`] is the whole program, with its standard streams passed in, so tests
//! can run it in-process exactly as the binary does.

mod commands;
pub mod demo;
pub mod folder;

use std::io::{BufRead, Write};

const USAGE: &str = "\
usage:
  cvalues parse --evaluator NAME        JSON Lines on stdin (each with `response`, optionally
                                        `label`); writes each line back with `pred` added
  cvalues score DIR [--json] [--adjudications FILE] [FILTERS]
                                        scores, 95% intervals and ranks of every model in DIR
  cvalues compare DIR [--json] [--category ID] [FILTERS]
                                        human versus automatic scores: Spearman, Kendall, rank shifts
  cvalues import --evaluator NAME FILE.jsonl --model ID --out DIR [--name N] [--organisation O] [--type T]
                                        adds a model to DIR from an official CValues response file
                                        (or this project's multichoice.jsonl); new items join the bank
  cvalues validate DIR [--json]         checks DIR; exit 0 only when it is fully valid
                                        (--json: the problems as one JSON object)
  cvalues demo --seed N --out DIR [--models N]
                                        writes deterministic demo results (default 12 models)
  cvalues pack DIR                      writes DIR/first-view-pack.txt: the files the page's first
                                        view loads, in one (the site's build runs it)
FILTERS (comma-separated ids; default all):
  --scenarios ID,..  --domains ID,..  --difficulty easy,hard  --types base,SFT,RLHF,API
";

/// The standard streams of one run.
pub struct Io<'a> {
    pub stdin: &'a mut dyn BufRead,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
}

/// Runs the tool with `args` (without the program name); returns the exit code.
///
/// ```no_run
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let mut io = cvalues::Io { stdin: &mut std::io::empty(), stdout: &mut out, stderr: &mut err };
/// let code = cvalues::run(&["score".into(), "results".into(), "--json".into()], &mut io);
/// ```
pub fn run(args: &[String], io: &mut Io) -> i32 {
    let result = match args.first().map(String::as_str) {
        Some("parse") => commands::parse(&args[1..], io),
        Some("score") => commands::score(&args[1..], io),
        Some("compare") => commands::compare(&args[1..], io),
        Some("import") => commands::import(&args[1..], io),
        Some("validate") => commands::validate(&args[1..], io),
        Some("demo") => commands::demo(&args[1..], io),
        Some("pack") => commands::pack(&args[1..], io),
        Some("help" | "--help" | "-h") => {
            let _ = io.stdout.write_all(USAGE.as_bytes());
            return 0;
        }
        _ => Err(CliError::Usage("no command given".into())),
    };
    match result {
        Ok(code) => code,
        Err(CliError::Usage(why)) => {
            let _ = writeln!(io.stderr, "cvalues: {why}\n{USAGE}");
            2
        }
        Err(CliError::Failed(why)) => {
            let _ = writeln!(io.stderr, "cvalues: {why}");
            1
        }
    }
}

/// Why a command stopped.
#[derive(Debug)]
pub enum CliError {
    /// The arguments are wrong: see the usage text.
    Usage(String),
    /// The command could not do its work; the message says why.
    Failed(String),
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> CliError {
        CliError::Failed(e.to_string())
    }
}
