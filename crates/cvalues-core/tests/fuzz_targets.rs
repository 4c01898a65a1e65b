//! The fuzz targets (`fuzz/targets.rs`) on their seeds and on seeded random
//! mutations of them, on stable Rust, in every `make test`: no input may make
//! the parser or a loader panic. `cargo fuzz` runs the same targets
//! coverage-guided and for longer (see `fuzz/README.md`).
//! `CVALUES_FUZZ_ROUNDS=N` runs N times as many mutations.

#[path = "../../../fuzz/targets.rs"]
mod targets;

use cvalues_core::rng::Rng;
use std::path::Path;
use targets::Context;

const RESULTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../results");

fn results_dir() -> &'static Path {
    Path::new(RESULTS)
}

fn context() -> &'static Context {
    targets::context(RESULTS)
}

/// What mutations insert: JSON's syntax and the values readers trip on.
const TOKENS: [&[u8]; 16] = [
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\\",
    b"null",
    b"1e999",
    b"-0.0",
    b"\xEF\xBB\xBF",
    b"\r\n",
    b"\n",
    b"\xFF",
    "回复1".as_bytes(),
];

/// One random change to `data`: a byte changed, a token inserted, a range
/// removed or repeated, or the end cut off.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    let at = |rng: &mut Rng, len: usize| rng.below(len + 1);
    match rng.below(5) {
        0 if !data.is_empty() => {
            let i = rng.below(data.len());
            data[i] = rng.next_u64() as u8;
        }
        1 => {
            let i = at(rng, data.len());
            let token = TOKENS[rng.below(TOKENS.len())];
            data.splice(i..i, token.iter().copied());
        }
        2 if !data.is_empty() => {
            let i = rng.below(data.len());
            let n = rng.below((data.len() - i).min(64) + 1);
            data.drain(i..i + n);
        }
        3 if !data.is_empty() => {
            let i = rng.below(data.len());
            let n = rng.below((data.len() - i).min(64) + 1);
            let copy = data[i..i + n].to_vec();
            data.splice(i..i, copy);
        }
        _ => {
            let keep = at(rng, data.len());
            data.truncate(keep);
        }
    }
}

/// Runs `target` on each seed and on `rounds` mutated copies of seeds.
fn fuzz(name: &str, seeds: &[Vec<u8>], rounds: usize, target: impl Fn(&[u8])) {
    let scale: usize = std::env::var("CVALUES_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    for seed in seeds {
        target(seed);
    }
    let mut rng = Rng::new(0xF022 ^ name.len() as u64);
    for _ in 0..rounds * scale {
        let mut data = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut rng, &mut data);
        }
        target(&data);
    }
}

/// `prefix` bytes, each followed by `text`.
fn picks(prefixes: std::ops::Range<u8>, text: &str) -> Vec<Vec<u8>> {
    prefixes
        .map(|p| [&[p][..], text.as_bytes()].concat())
        .collect()
}

/// A few lines of `text`, to keep seeds of the loaders small.
fn head(text: &str, lines: usize) -> String {
    text.lines().take(lines).collect::<Vec<_>>().join("\n") + "\n"
}

#[test]
fn the_response_parser_never_panics() {
    let text = context().text(&context().model_files()[2]);
    let seeds: Vec<Vec<u8>> = text
        .lines()
        .skip(1)
        .take(40)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .enumerate()
        .map(|(i, v)| {
            [
                &[(i * 7) as u8][..],
                v["response"].as_str().unwrap().as_bytes(),
            ]
            .concat()
        })
        .collect();
    fuzz("response", &seeds, 20_000, targets::response);
}

#[test]
fn the_manifest_reader_never_panics() {
    let text = std::fs::read(results_dir().join("index.json")).unwrap();
    fuzz("manifest", &[text], 2_000, targets::manifest);
}

#[test]
fn the_model_file_loaders_never_panic() {
    let c = context();
    let seeds: Vec<Vec<u8>> = (0..3u8)
        .flat_map(|k| picks(k..k + 1, &head(c.text(&c.model_files()[k as usize]), 30)))
        .collect();
    fuzz("model files", &seeds, 1_000, |data| {
        targets::model_file(c, data)
    });
}

#[test]
fn the_item_bank_loader_never_panics() {
    let c = context();
    let m = &results_dir().join("items");
    let seeds = [
        picks(
            0..1,
            &head(
                &std::fs::read_to_string(m.join("multichoice.jsonl")).unwrap(),
                30,
            ),
        ),
        picks(
            1..2,
            &head(
                &std::fs::read_to_string(m.join("prompts.jsonl")).unwrap(),
                30,
            ),
        ),
    ]
    .concat();
    fuzz("bank", &seeds, 100, |data| targets::bank(c, data));
}

#[test]
fn the_adjudication_reader_never_panics() {
    let c = context();
    let seed = br#"{"model":"aurora-70b-chat","item":"mc1-0001","adjudication":"Refuse"}
{"model":"aurora-70b-chat","item":"mc2-0003","adjudication":"Other"}
"#;
    fuzz("adjudications", &[seed.to_vec()], 500, |data| {
        targets::adjudications(c, data)
    });
}

#[test]
fn the_own_file_reader_never_panics() {
    let c = context();
    let seed = head(c.text(&c.model_files()[2]), 30);
    fuzz("submission", &[seed.into_bytes()], 300, |data| {
        targets::submission(c, data)
    });
}
