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

/// FxHash's multiply-rotate step, a word at a time, and a final mix: a few
/// instructions for an id of a few words.
///
/// The final mix matters: the table takes its bucket from the low bits of
/// the hash, and in a product the low bits depend only on the factors' low
/// bits, which for ids are their first bytes. Ids that share a prefix
/// (`mc1-0001`, `mc1-0002`, ...) would otherwise share buckets.
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
        // High bits down, spread by a multiply, high bits down again.
        let h = (self.0 ^ self.0 >> 32).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^ h >> 29
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    /// Ids that differ only in their last characters land in different
    /// buckets: the low bits of their hashes (which pick the bucket) differ.
    #[test]
    fn ids_with_a_common_prefix_spread_over_buckets() {
        let hasher = BuildHasherDefault::<IdHasher>::default();
        for (prefix, width) in [("mc1-", 4), ("p1-", 4), ("mc2-", 5), ("item-", 6)] {
            let buckets: std::collections::HashSet<u64> = (0..4096)
                .map(|i| hasher.hash_one(format!("{prefix}{i:0width$}")) & 4095)
                .collect();
            // Random hashes would fill about 63% of 4,096 buckets.
            assert!(buckets.len() > 2400, "{prefix}: {} buckets", buckets.len());
        }
    }
}
