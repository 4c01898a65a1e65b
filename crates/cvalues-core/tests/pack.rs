//! The first-view pack: the shipped results packed and read back in pieces
//! of every size, and damaged packs refused or cut where they stop.

use cvalues_core::load::{parse_manifest, MANIFEST};
use cvalues_core::pack::{first_view_files, write, PackError, Unpacker, MAGIC};
use std::path::Path;

type Files = Vec<(String, Vec<u8>)>;

/// The shipped manifest and every file of the first view, in its order.
fn shipped() -> Files {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../results");
    let read = |rel: &str| std::fs::read(dir.join(rel)).unwrap();
    let manifest = read(MANIFEST);
    let parsed = parse_manifest(MANIFEST, std::str::from_utf8(&manifest).unwrap()).unwrap();
    let mut files = vec![(MANIFEST.to_string(), manifest)];
    files.extend(first_view_files(&parsed).into_iter().map(|rel| {
        let bytes = read(&rel);
        (rel, bytes)
    }));
    files
}

fn pack_of(files: &Files) -> Vec<u8> {
    write(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())))
}

/// `pack` read in pieces of `size` bytes: the files it gives, or its error.
fn unpack(pack: &[u8], size: usize) -> Result<Files, PackError> {
    let mut unpacker = Unpacker::default();
    let mut files = Vec::new();
    for piece in pack.chunks(size) {
        files.extend(unpacker.push(piece)?);
    }
    Ok(files)
}

#[test]
fn the_shipped_results_come_back_whole_in_pieces_of_any_size() {
    let files = shipped();
    // The manifest, the bank's two files, and each of the 12 models' files.
    assert_eq!(files[1].0, "items/multichoice.jsonl");
    let of_models = |name: &str| {
        let models = files.iter().filter(|(p, _)| p.starts_with("models/"));
        models.filter(|(p, _)| p.ends_with(name)).count()
    };
    assert_eq!(of_models("/multichoice.jsonl"), 12);
    assert_eq!(of_models("/safety.jsonl"), 12);
    let pack = pack_of(&files);
    assert!(pack.starts_with(MAGIC));
    for size in [1, 2, 3, 7, 100, 4096, 65536, pack.len()] {
        assert!(unpack(&pack, size).unwrap() == files, "pieces of {size}");
    }
}

#[test]
fn every_split_of_a_small_pack_reads_alike() {
    let files: Files = vec![
        ("index.json".into(), b"{\"a\": 1}\n".to_vec()),
        ("empty.jsonl".into(), Vec::new()),
        (
            "models/m/safety.jsonl".into(),
            "一\n二\t\n".as_bytes().to_vec(),
        ),
    ];
    let pack = pack_of(&files);
    for at in 0..=pack.len() {
        let mut unpacker = Unpacker::default();
        let mut got = unpacker.push(&pack[..at]).unwrap();
        got.extend(unpacker.push(&pack[at..]).unwrap());
        assert_eq!(got, files, "split at {at}");
    }
}

#[test]
fn a_pack_cut_short_gives_only_its_whole_files() {
    let files = shipped();
    let pack = pack_of(&files);
    // Cut in the middle of the fifth file's bytes, and right after its line.
    let start = |k: usize| {
        let header: usize = files[..k]
            .iter()
            .map(|(p, b)| format!("{p}\t{}\n", b.len()).len() + b.len())
            .sum();
        MAGIC.len() + header
    };
    let fifth = start(4) + format!("{}\t{}\n", files[4].0, files[4].1.len()).len();
    for cut in [fifth + files[4].1.len() / 2, fifth, start(4) + 3] {
        let got = unpack(&pack[..cut], 4096).unwrap();
        assert!(got == files[..4], "cut at {cut}: {} files", got.len());
    }
}

#[test]
fn what_is_not_a_pack_is_refused() {
    let body = "index.json\t2\n{}";
    let refused = |text: &[u8]| unpack(text, 5).unwrap_err();
    assert_eq!(refused(body.as_bytes()), PackError::NotAPack);
    assert_eq!(
        refused(format!("cvalues first-view pack 2\n{body}").as_bytes()),
        PackError::NotAPack
    );
    assert_eq!(refused(&[b'x'; 5000]), PackError::NotAPack);
    let damaged = |line: &str| {
        let mut pack = MAGIC.to_vec();
        pack.extend_from_slice(line.as_bytes());
        refused(&pack)
    };
    for line in [
        "index.json 2\n{}",
        "index.json\t\n",
        "\t2\n{}",
        "index.json\t-2\n{}",
        "index.json\t2x\n{}",
        "index.json\t0x10\n",
        "index.json\t1234567890123\n",
        &"a".repeat(5000),
    ] {
        assert_eq!(damaged(line), PackError::BadHeader, "{line:.20}");
    }
    assert_eq!(
        damaged(&format!("big.jsonl\t{}\n", (64u64 << 20) + 1)),
        PackError::TooLarge
    );
    // A path that is not UTF-8.
    let mut pack = MAGIC.to_vec();
    pack.extend_from_slice(b"a\xff\t0\n");
    assert_eq!(refused(&pack), PackError::BadHeader);
}
