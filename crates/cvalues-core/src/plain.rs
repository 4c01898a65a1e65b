//! A reader for plainly valid JSON lines: one object whose values are
//! strings, integers, decimals or arrays of these, as nearly every line of
//! a results folder is. It reads such a line straight into its parts,
//! without a generic JSON parser, and declines anything else (another kind
//! of value, a malformed line, a negative number, a number it cannot read
//! to exactly the double serde_json reads): the line then takes the full
//! path, which names the problem if there is one.
//!
//! ```ignore
//! let mut object = Object::new(line)?;
//! let mut item = None;
//! while let Some(key) = object.key()? {
//!     match key {
//!         "item" if item.is_none() => item = Some(object.str()?),
//!         _ => return None, // an unknown or repeated key
//!     }
//! }
//! ```

/// A JSON object being read from a line, a member at a time.
pub(crate) struct Object<'a> {
    line: &'a str,
    /// The byte where reading goes on.
    at: usize,
    /// Whether a member has been read (so a `,` comes before the next).
    after_member: bool,
}

/// `10^k` for `k` up to 22, each exactly a double.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

impl<'a> Object<'a> {
    /// Begins reading `line`, which must be an object.
    pub(crate) fn new(line: &'a str) -> Option<Object<'a>> {
        let mut object = Object {
            line,
            at: 0,
            after_member: false,
        };
        object.expect(b'{')?;
        Some(object)
    }

    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.at).copied()
    }

    /// Skips JSON whitespace.
    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Skips whitespace, then `byte`.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// The next member's key, its `:` read; `Some(None)` once the object
    /// has ended, with nothing but whitespace after it; `None` if the line
    /// is not read that far.
    pub(crate) fn key(&mut self) -> Option<Option<&'a str>> {
        self.skip_space();
        match self.peek()? {
            b'}' => {
                self.at += 1;
                self.skip_space();
                return (self.at == self.line.len()).then_some(None);
            }
            b',' if self.after_member => {
                self.at += 1;
                self.skip_space();
            }
            _ if self.after_member => return None,
            _ => {}
        }
        let key = self.str()?;
        self.expect(b':')?;
        self.after_member = true;
        Some(Some(key))
    }

    /// A string without escapes, as it is in the line.
    pub(crate) fn str(&mut self) -> Option<&'a str> {
        let (text, end) = self.string_at()?;
        (self.line.as_bytes()[end] == b'"').then(|| {
            self.at = end + 1;
            text
        })
    }

    /// A string, its escapes read.
    pub(crate) fn string(&mut self) -> Option<String> {
        let (text, end) = self.string_at()?;
        if self.line.as_bytes()[end] == b'"' {
            self.at = end + 1;
            return Some(text.to_string());
        }
        // At most the rest of the line: no growing.
        let mut out = String::with_capacity(self.line.len() - self.at);
        out.push_str(text);
        self.at = end;
        loop {
            // At a backslash.
            let escape = *self.line.as_bytes().get(self.at + 1)?;
            self.at += 2;
            match escape {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => out.push(self.escaped_char()?),
                _ => return None,
            }
            let (text, end) = self.string_at_from(self.at)?;
            out.push_str(text);
            self.at = end;
            if self.line.as_bytes()[end] == b'"' {
                self.at += 1;
                return Some(out);
            }
        }
    }

    /// After `\u`: the character its four hex digits name, with a second
    /// `\uXXXX` for the low half of a surrogate pair. A lone surrogate is
    /// not read (serde_json refuses it too).
    fn escaped_char(&mut self) -> Option<char> {
        let high = self.hex4()?;
        if !(0xD800..0xDC00).contains(&high) {
            return char::from_u32(high);
        }
        if self.line.as_bytes().get(self.at..self.at + 2)? != b"\\u" {
            return None;
        }
        self.at += 2;
        let low = self.hex4()?;
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.line.get(self.at..self.at + 4)?;
        self.at += 4;
        digits
            .bytes()
            .try_fold(0, |value, b| Some(value << 4 | char::from(b).to_digit(16)?))
    }

    /// Where a string begins after whitespace: its text up to the first
    /// `"` or `\`, and that byte's offset. `None` if there is no string or
    /// it has a control character.
    fn string_at(&mut self) -> Option<(&'a str, usize)> {
        self.expect(b'"')?;
        self.string_at_from(self.at)
    }

    fn string_at_from(&self, start: usize) -> Option<(&'a str, usize)> {
        let bytes = self.line.as_bytes();
        let end = start + special_byte(&bytes[start..])?;
        (bytes[end] >= 0x20).then(|| (&self.line[start..end], end))
    }

    /// A non-negative integer (no sign, fraction or exponent).
    pub(crate) fn uint(&mut self) -> Option<u64> {
        let (mantissa, fraction_digits) = self.decimal()?;
        (fraction_digits == 0).then_some(mantissa)
    }

    /// A non-negative number of at most 15 significant digits, no
    /// exponent: an exact integer divided once by an exact power of ten,
    /// which is the correctly rounded double that serde_json reads too.
    pub(crate) fn number(&mut self) -> Option<f64> {
        let (mantissa, fraction_digits) = self.decimal()?;
        let power = POWERS_OF_TEN.get(fraction_digits)?;
        (mantissa < 1_000_000_000_000_000).then(|| mantissa as f64 / power)
    }

    /// Digits, with an optional fraction: (the digits as one integer, how
    /// many are the fraction's). JSON's grammar: no leading zero, a digit
    /// after the point; an exponent or more than 18 digits is not read.
    fn decimal(&mut self) -> Option<(u64, usize)> {
        self.skip_space();
        let (mut mantissa, mut digits, mut fraction) = (0u64, 0usize, None);
        let bytes = self.line.as_bytes();
        let leading_zero = self.peek() == Some(b'0');
        while let Some(&b) = bytes.get(self.at) {
            match b {
                b'0'..=b'9' => {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    digits += 1;
                    if digits > 18 {
                        return None;
                    }
                }
                b'.' if fraction.is_none() => fraction = Some(digits),
                b'e' | b'E' | b'.' | b'-' | b'+' => return None,
                _ => break,
            }
            self.at += 1;
        }
        let whole = fraction.unwrap_or(digits);
        let ok = whole > 0 && !(leading_zero && whole > 1) && fraction != Some(digits);
        ok.then(|| (mantissa, digits - whole))
    }

    /// An array, each element read by `element`.
    pub(crate) fn array<T>(
        &mut self,
        mut element: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.expect(b'[')?;
        // Room for a few annotators' labels or ratings.
        let mut out = Vec::with_capacity(4);
        self.skip_space();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(out);
        }
        loop {
            out.push(element(self)?);
            self.skip_space();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(out);
                }
                _ => return None,
            }
        }
    }
}

/// The offset of the first byte of `text` that ends a string's plain run:
/// `"`, `\\` or a control character (below 0x20). Eight bytes at a time.
fn special_byte(text: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES << 7;
    const QUOTES: u64 = ONES * b'"' as u64;
    const BACKSLASHES: u64 = ONES * b'\\' as u64;
    const SPACES: u64 = ONES * 0x20;
    // Flags the bytes of `w` that are zero (and, past a flagged byte, maybe
    // more: only the lowest flag counts).
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    let mut chunks = text.chunks_exact(8);
    for (k, chunk) in chunks.by_ref().enumerate() {
        let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let below_space = w.wrapping_sub(SPACES) & !w & HIGH;
        let flags = zero(w ^ QUOTES) | zero(w ^ BACKSLASHES) | below_space;
        if flags != 0 {
            return Some(k * 8 + flags.trailing_zeros() as usize / 8);
        }
    }
    let tail = chunks.remainder();
    let at = text.len() - tail.len();
    tail.iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `line` as an object of string-valued members.
    fn strings(line: &str) -> Option<Vec<(String, String)>> {
        let mut object = Object::new(line)?;
        let mut out = Vec::new();
        while let Some(key) = object.key()? {
            out.push((key.to_string(), object.string()?));
        }
        Some(out)
    }

    #[test]
    fn reads_strings_as_serde_json_does_and_declines_what_it_refuses() {
        for line in [
            r#"{"a":"x"}"#,
            r#" { "a" : "x" , "b":"" } "#,
            r#"{}"#,
            r#"{"a":"line\nbreak \"quoted\" back\\slash \/ \t\r\b\f"}"#,
            r#"{"a":"\u56de\u590d1 \ud83d\ude00 \u00e9"}"#,
            "{\"a\":\"回复 1\"}",
        ] {
            let want: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(line).unwrap();
            let want: Vec<(String, String)> = want
                .into_iter()
                .map(|(k, v)| (k, v.as_str().unwrap().to_string()))
                .collect();
            let mut got = strings(line).unwrap_or_else(|| panic!("declined {line}"));
            got.sort();
            assert_eq!(got, want, "{line}");
        }
        for line in [
            r#"{"a":"x",}"#,
            r#"{"a":"x"} x"#,
            r#"{"a":"x""b":"y"}"#,
            r#"{"a" "x"}"#,
            r#"{"a":"x"#,
            "{\"a\":\"tab\there\"}",
            r#"{"a":"\x"}"#,
            r#"{"a":"\ud83d"}"#,
            r#"{"a":"\ud83d\u0041"}"#,
            r#"{"a":"\u12"}"#,
            r#"["a","x"]"#,
            r#"{"a\u0062":"x"}"#,
            r#"{,}"#,
        ] {
            assert_eq!(strings(line), None, "{line}");
        }
    }

    #[test]
    fn finds_the_first_special_byte_eight_at_a_time_as_one_at_a_time() {
        let alphabet = [
            b'a', b'"', b'\\', 0, 0x1F, 0x20, 0x21, 0x5B, 0x5D, 0x80, 0xA2, 0xDC, 0xFF,
        ];
        let mut seed = 0x9E37_79B9_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            let text: Vec<u8> = (0..len)
                .map(|i| alphabet[(seed >> (i % 60)) as usize % alphabet.len()])
                .collect();
            let want = text
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            assert_eq!(special_byte(&text), want, "{text:?}");
        }
    }

    fn number(text: &str) -> Option<f64> {
        Object::new(&format!("{{\"n\":{text}}}")).and_then(|mut o| {
            o.key()?;
            let n = o.number()?;
            o.key()?.is_none().then_some(n)
        })
    }

    #[test]
    fn reads_numbers_to_the_double_serde_json_reads() {
        for text in [
            "0",
            "8",
            "8.0",
            "7.5",
            "0.1",
            "0.3",
            "7.3",
            "10",
            "123456789012345",
            "0.000000000000001",
            "1.25",
            "3.14159265358979",
            "99999999999999.9",
        ] {
            let want: f64 = serde_json::from_str(text).unwrap();
            assert_eq!(
                number(text).map(f64::to_bits),
                Some(want.to_bits()),
                "{text}"
            );
        }
        for text in [
            "-1",
            "-0",
            "01",
            "1.",
            ".5",
            "1e3",
            "1E-2",
            "1.2.3",
            "+1",
            "1234567890123456",
            "0.1234567890123456",
            "\"1\"",
            "true",
            "null",
            "1-",
            "0x10",
        ] {
            assert_eq!(number(text), None, "{text}");
        }
    }

    #[test]
    fn reads_integers_and_arrays() {
        let mut o =
            Object::new(r#"{"level":2,"ratings":[8.0, 7.5 ,10],"labels":[],"x":[1 2]}"#).unwrap();
        assert_eq!(o.key(), Some(Some("level")));
        assert_eq!(o.uint(), Some(2));
        assert_eq!(o.key(), Some(Some("ratings")));
        assert_eq!(o.array(Object::number), Some(vec![8.0, 7.5, 10.0]));
        assert_eq!(o.key(), Some(Some("labels")));
        assert_eq!(o.array(Object::str), Some(vec![]));
        assert_eq!(o.key(), Some(Some("x")));
        assert_eq!(o.array(Object::uint), None);
        let mut o = Object::new(r#"{"level":1.0}"#).unwrap();
        o.key();
        assert_eq!(o.uint(), None);
    }
}
