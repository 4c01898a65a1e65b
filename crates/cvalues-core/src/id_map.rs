//! Maps keyed by item id, with a fast hash.
//!
//! Every record of every model is looked up by its item id at load, so the
//! hash is on the hot path; std's SipHash resists hash flooding, which ids
//! from a results folder do not call for. Two ids that collide only cost a
//! comparison more.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` from item id to `V`, hashed with [`IdHasher`].
///
/// ```
/// let mut index = cvalues_core::id_map::IdMap::default();
/// index.insert("mc-0001".to_string(), 0);
/// assert_eq!(index.get("mc-0001"), Some(&0));
/// ```
pub type IdMap<V> = HashMap<String, V, BuildHasherDefault<IdHasher>>;

/// FxHash's multiply-rotate step, a word at a time: a few instructions for
/// an id of a few words.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().expect("8 bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
