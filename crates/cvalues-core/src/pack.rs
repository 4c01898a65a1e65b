//! The first view's files in one: the manifest, the item bank's files and
//! every model's files, verbatim and in the order the page loads them, in
//! one file served beside them.
//!
//! The page then makes one request where it would make one per file (three
//! per model): in Chromium each request costs the main thread about a
//! millisecond, which at 100 models was more than a quarter of the load.
//! The pack is written when the site is built (`cvalues pack`), from the
//! published files; it is not itself a result. The page reads it only if
//! its copy of the manifest is byte for byte the manifest it fetched, and
//! it takes a file from it only if it is the next file it wants; otherwise
//! it fetches the rest one at a time, as it does when there is no pack.
//!
//! Format: the line [`MAGIC`], then for each file a line `PATH<TAB>BYTES`
//! and that many bytes. It can be read as it arrives ([`Unpacker`]).
//!
//! ```
//! use cvalues_core::pack::{write, Unpacker};
//! let pack = write([("index.json", &b"{}"[..]), ("a.jsonl", b"x\ny\n")]);
//! let mut unpacker = Unpacker::default();
//! let mut files = unpacker.push(&pack[..41]).unwrap();
//! assert_eq!(files, [("index.json".to_string(), b"{}".to_vec())]);
//! files.extend(unpacker.push(&pack[41..]).unwrap());
//! assert_eq!(files[1], ("a.jsonl".to_string(), b"x\ny\n".to_vec()));
//! ```

use crate::format::Manifest;
use crate::load::{bank_files, model_files, MAX_FILE_BYTES};
use std::fmt;

/// The pack's name in the results folder.
pub const PACK: &str = "first-view-pack.txt";

/// The pack's first line, which says what it is and its format version.
pub const MAGIC: &[u8] = b"cvalues first-view pack 1\n";

/// The longest `PATH<TAB>BYTES` line read; a longer one is not a pack's.
const MAX_HEADER: usize = 4096;

/// The files the page's first view loads, relative to the results folder,
/// in the order it loads them: the item bank's, then each model's in the
/// manifest's order. (The manifest comes before them in a pack.)
pub fn first_view_files(m: &Manifest) -> Vec<String> {
    let mut files = bank_files(m);
    files.extend(m.models.iter().flat_map(model_files));
    files
}

/// A pack of `files` (each its path and its bytes), in the order given.
///
/// A path must not contain a tab or a newline (a manifest's never do: the
/// schema allows neither).
pub fn write<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut pack = MAGIC.to_vec();
    for (path, bytes) in files {
        assert!(!path.contains(['\t', '\n']), "a pack's path: {path:?}");
        pack.extend_from_slice(format!("{path}\t{}\n", bytes.len()).as_bytes());
        pack.extend_from_slice(bytes);
    }
    pack
}

/// Why bytes are not a pack. The page then fetches the files one at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackError {
    /// It does not start with [`MAGIC`]: not a pack, or another version of
    /// the format. Rebuild the site with this version's `cvalues pack`.
    NotAPack,
    /// A `PATH<TAB>BYTES` line is malformed or over 4096 bytes: the pack is
    /// damaged. Rebuild it.
    BadHeader,
    /// A file in it is over the limit for one results file
    /// ([`MAX_FILE_BYTES`]); `cvalues pack` never writes one.
    TooLarge,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PackError::NotAPack => "not a first-view pack of this version",
            PackError::BadHeader => "a file's line in the pack is malformed",
            PackError::TooLarge => "a file in the pack is over the limit for one results file",
        })
    }
}

impl std::error::Error for PackError {}

/// Reads a pack a piece at a time, as its bytes arrive, giving each file
/// once all its bytes are in.
#[derive(Debug, Default)]
pub struct Unpacker {
    /// The bytes of a line read so far (the first line, or a file's).
    line: Vec<u8>,
    /// Whether [`MAGIC`] has been read.
    started: bool,
    /// The file being read: its path, its bytes so far, and its length.
    file: Option<(String, Vec<u8>, usize)>,
}

impl Unpacker {
    /// Reads `bytes`, the next of the pack, and returns the files they
    /// complete, each its path and its bytes.
    pub fn push(&mut self, mut bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, PackError> {
        let mut done = Vec::new();
        while !bytes.is_empty() {
            if let Some((_, data, len)) = &mut self.file {
                let take = (*len - data.len()).min(bytes.len());
                data.extend_from_slice(&bytes[..take]);
                bytes = &bytes[take..];
            } else {
                let Some(end) = bytes.iter().position(|&b| b == b'\n') else {
                    self.line.extend_from_slice(bytes);
                    if self.line.len() > MAX_HEADER {
                        return Err(if self.started {
                            PackError::BadHeader
                        } else {
                            PackError::NotAPack
                        });
                    }
                    break;
                };
                self.line.extend_from_slice(&bytes[..=end]);
                bytes = &bytes[end + 1..];
                let line = std::mem::take(&mut self.line);
                if !self.started {
                    if line != MAGIC {
                        return Err(PackError::NotAPack);
                    }
                    self.started = true;
                    continue;
                }
                let (path, len) = header(&line).ok_or(PackError::BadHeader)?;
                if len > MAX_FILE_BYTES {
                    return Err(PackError::TooLarge);
                }
                let len = len as usize;
                self.file = Some((path, Vec::with_capacity(len), len));
            }
            // The file is complete (an empty one as soon as its line is read).
            if let Some((_, data, len)) = &self.file {
                if data.len() == *len {
                    let (path, data, _) = self.file.take().expect("a file is being read");
                    done.push((path, data));
                }
            }
        }
        Ok(done)
    }
}

/// A `PATH<TAB>BYTES\n` line's path and length.
fn header(line: &[u8]) -> Option<(String, u64)> {
    let line = line.strip_suffix(b"\n")?;
    let tab = line.iter().position(|&b| b == b'\t')?;
    let (path, digits) = (&line[..tab], &line[tab + 1..]);
    if path.is_empty() || digits.is_empty() || digits.len() > 12 {
        return None;
    }
    let mut len = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        len = len * 10 + u64::from(d - b'0');
    }
    Some((String::from_utf8(path.to_vec()).ok()?, len))
}
