//! The CValues scoring core: result-file schema, loading with validation,
//! answer parsing, scoring.
//!
//! It has no I/O and no web dependencies: callers (the CLI, the browser app)
//! read or fetch files and hand their text in, so a score in the browser and a
//! score in a terminal are the same computation.

pub mod adjudication;
pub use cvalues_answer as answer;
pub mod board;
pub mod compare;
pub mod decimal;
pub mod filter;
pub mod fnv;
pub mod format;
pub mod id_map;
pub mod line;
pub mod load;
pub mod pack;
mod plain;
pub mod problem;
pub mod rng;
pub mod schema;
pub mod score;
pub mod sha256;
pub mod stats;
pub mod strict_json;
pub mod submission;
pub mod text;
