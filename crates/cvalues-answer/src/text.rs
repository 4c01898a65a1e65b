//! UTF-8 text at the byte level, for the answer parser: character sets,
//! literals checked a word at a time, byte search, and decoding. Only
//! [`memchr`] is public: the core's loader finds line ends with it.
//!
//! Everything here takes UTF-8 as bytes and offsets that are character
//! boundaries; a match of a whole UTF-8 string always lies on boundaries.

/// A set of characters, with each one's position in sorted order found by
/// an open-addressing hash table (about one probe per lookup).
#[derive(Debug, Clone, Default)]
pub(crate) struct CharSet {
    chars: Vec<char>,
    /// For a set of at most four characters, each one's UTF-8 as a
    /// little-endian word and the mask of its bytes: a character in the
    /// text is then checked without decoding it.
    words: Option<Vec<(u32, u32)>>,
    /// (character, its position in `chars`); `EMPTY` marks a free slot. The
    /// length is a power of two, at least four times `chars.len()`.
    slots: Vec<(u32, u32)>,
}

const EMPTY: u32 = u32::MAX;

impl CharSet {
    pub(crate) fn new(mut chars: Vec<char>) -> CharSet {
        chars.sort_unstable();
        chars.dedup();
        let size = (chars.len() * 4).next_power_of_two().max(8);
        let mut slots = vec![(EMPTY, 0); size];
        for (i, &c) in chars.iter().enumerate() {
            let mut h = slot_of(c as u32, size);
            while slots[h].0 != EMPTY {
                h = (h + 1) & (size - 1);
            }
            slots[h] = (c as u32, i as u32);
        }
        let words = (chars.len() <= 4).then(|| {
            chars
                .iter()
                .map(|&c| {
                    let mut utf8 = [0; 4];
                    let n = c.encode_utf8(&mut utf8).len();
                    let mask = u32::MAX >> (32 - 8 * n as u32);
                    (u32::from_le_bytes(utf8) & mask, mask)
                })
                .collect()
        });
        CharSet {
            chars,
            words,
            slots,
        }
    }

    /// Whether the character at byte `pos` of UTF-8 `text` (a boundary;
    /// `false` at the end) is in the set.
    #[inline]
    pub(crate) fn contains_at(&self, text: &[u8], pos: usize) -> bool {
        if let (Some(words), Some(four)) = (&self.words, text.get(pos..pos + 4)) {
            let word = u32::from_le_bytes(four.try_into().expect("four bytes"));
            return words.iter().any(|&(w, mask)| word & mask == w);
        }
        char_at(text, pos).is_some_and(|c| self.contains(c))
    }

    /// The position of code point `c` in the sorted set.
    #[inline]
    pub(crate) fn position(&self, c: u32) -> Option<usize> {
        let size = self.slots.len();
        if size == 0 {
            return None;
        }
        let mut h = slot_of(c, size);
        loop {
            let (key, i) = self.slots[h];
            if key == c {
                return Some(i as usize);
            }
            if key == EMPTY {
                return None;
            }
            h = (h + 1) & (size - 1);
        }
    }

    #[inline]
    pub(crate) fn contains(&self, c: u32) -> bool {
        self.position(c).is_some()
    }

    pub(crate) fn chars(&self) -> &[char] {
        &self.chars
    }
}

/// A filter over characters by their low 12 bits (4,096 bits): one load
/// rejects nearly every character outside a small set.
#[derive(Debug, Clone)]
pub(crate) struct CharFilter([u64; 64]);

impl CharFilter {
    pub(crate) fn new(chars: &[char]) -> CharFilter {
        let mut bits = [0; 64];
        for &c in chars {
            let low = c as usize & 0xFFF;
            bits[low >> 6] |= 1 << (low & 63);
        }
        CharFilter(bits)
    }

    /// False when code point `c` is certainly not in the set.
    #[inline(always)]
    pub(crate) fn may_contain(&self, c: u32) -> bool {
        let low = c as usize & 0xFFF;
        self.0[low >> 6] >> (low & 63) & 1 != 0
    }
}

/// The home slot of `c` in a table of `size` (a power of two) slots.
#[inline]
fn slot_of(c: u32, size: usize) -> usize {
    (c.wrapping_mul(0x9E37_79B1) >> 16) as usize & (size - 1)
}

/// Whether `hay` begins with `needle`: a plain loop, cheap for the short
/// literals of the rules, which mostly differ in their first bytes.
#[inline]
pub(crate) fn starts_with(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && needle.iter().zip(hay).all(|(a, b)| a == b)
}

/// The offset of the first byte `x` in `hay`, eight bytes at a time.
#[inline]
pub fn memchr(x: u8, hay: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let repeated = ONES * x as u64;
    let mut chunks = hay.chunks_exact(8);
    for (k, chunk) in chunks.by_ref().enumerate() {
        let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes")) ^ repeated;
        // The lowest byte of `w` that is zero sets the lowest flag bit.
        let zero = w.wrapping_sub(ONES) & !w & (ONES << 7);
        if zero != 0 {
            return Some(k * 8 + zero.trailing_zeros() as usize / 8);
        }
    }
    let tail = chunks.remainder();
    let at = hay.len() - tail.len();
    tail.iter().position(|&b| b == x).map(|i| at + i)
}

/// The offset of the leftmost occurrence of `needle` (non-empty) in `hay`,
/// found by its last byte (in UTF-8 text the more telling one).
pub(crate) fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&last, _) = needle.split_last()?;
    let mut end = needle.len() - 1;
    while end < hay.len() {
        end += memchr(last, &hay[end..])?;
        let start = end + 1 - needle.len();
        if &hay[start..=end] == needle {
            return Some(start);
        }
        end += 1;
    }
    None
}

/// Whether `hay` contains `needle` (non-empty).
pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find_bytes(hay, needle).is_some()
}

/// The code point that begins at byte `i` of UTF-8 `b`, and its length.
#[inline(always)]
fn decode(b: &[u8], i: usize) -> (u32, usize) {
    let lead = b[i] as u32;
    let cont = |k: usize| (b[i + k] & 0x3F) as u32;
    match lead {
        0..=0x7F => (lead, 1),
        0x80..=0xDF => ((lead & 0x1F) << 6 | cont(1), 2),
        0xE0..=0xEF => ((lead & 0x0F) << 12 | cont(1) << 6 | cont(2), 3),
        _ => (
            (lead & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3),
            4,
        ),
    }
}

/// Calls `f(byte offset, code point)` for each character of UTF-8 `text`, in order.
#[inline]
pub(crate) fn for_each_char(text: &[u8], mut f: impl FnMut(usize, u32)) {
    let mut i = 0;
    while i < text.len() {
        let (c, n) = decode(text, i);
        f(i, c);
        i += n;
    }
}

/// The length of the UTF-8 sequence that begins with byte `lead`.
#[inline]
pub(crate) fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0xBF => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The code point at byte offset `pos` of UTF-8 `text` (a boundary).
#[inline]
pub(crate) fn char_at(text: &[u8], pos: usize) -> Option<u32> {
    (pos < text.len()).then(|| decode(text, pos).0)
}

/// A literal string, with its first eight bytes as a word for a quick check.
#[derive(Debug, Clone)]
pub(crate) struct Lit {
    pub(crate) text: Box<str>,
    /// The first (up to) eight bytes, little-endian, and which bytes count.
    pub(crate) head: u64,
    pub(crate) mask: u64,
}

impl Lit {
    pub(crate) fn new(text: String) -> Lit {
        let (head, mask) = head_word(text.as_bytes());
        Lit {
            head,
            mask,
            text: text.into(),
        }
    }

    /// Whether `hay` begins with this literal: one word comparison for the
    /// first eight bytes, then the rest.
    #[inline]
    pub(crate) fn is_prefix_of(&self, hay: &[u8]) -> bool {
        self.is_prefix_given(eight_bytes(hay), hay)
    }

    /// [`Lit::is_prefix_of`] where `word` is `eight_bytes(hay)` (zero-padded,
    /// so the length is checked too): for many literals tried at one place.
    #[inline]
    pub(crate) fn is_prefix_given(&self, word: u64, hay: &[u8]) -> bool {
        let bytes = self.text.as_bytes();
        word & self.mask == self.head
            && hay.len() >= bytes.len()
            && (bytes.len() <= 8 || starts_with(&hay[8..], &bytes[8..]))
    }
}

/// The first (up to) eight bytes of `bytes` as a little-endian word, and
/// the mask of the bytes it has: a word `w` of text begins with them when
/// `w & mask == head`.
pub(crate) fn head_word(bytes: &[u8]) -> (u64, u64) {
    let n = bytes.len().min(8);
    let mask = if n == 8 { u64::MAX } else { (1 << (8 * n)) - 1 };
    (eight_bytes(bytes) & mask, mask)
}

/// The first eight bytes of `text` as a little-endian word, zero-padded.
#[inline]
pub(crate) fn eight_bytes(text: &[u8]) -> u64 {
    if let Some(head) = text.first_chunk::<8>() {
        return u64::from_le_bytes(*head);
    }
    let mut word = [0; 8];
    let n = text.len().min(8);
    word[..n].copy_from_slice(&text[..n]);
    u64::from_le_bytes(word)
}
