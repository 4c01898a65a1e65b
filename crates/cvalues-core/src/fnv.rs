//! FNV-1a, 64 bits: a stable, simple hash for ids and texts.

/// FNV-1a over `parts`, each followed by a zero byte (so that `["ab", "c"]`
/// and `["a", "bc"]` differ).
///
/// ```
/// assert_ne!(cvalues_core::fnv::fnv1a(&["ab", "c"]), cvalues_core::fnv::fnv1a(&["a", "bc"]));
/// ```
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}
