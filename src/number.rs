//! Decimal numbers that a reader types or a URL carries (`3.5`, `-0.25`),
//! read without `str::parse::<f64>`: its tables (about 12 KB) would sit in
//! the first view's wasm, since data is not split into the parts' modules.
//! And numbers written in full, without the standard library's float
//! formatting (about 5 KB gzip): the browser writes them.

/// `value` in the fewest digits that read back as the same `f64`, as the
/// page's `data-value` attributes carry it: written by JavaScript's
/// `Number.prototype.toString` in the browser (natively, in tests, by
/// `f64::to_string`: the same digits, though JavaScript writes an exponent
/// from 10^21 and below 10^-6).
pub fn full_number(value: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(
            js_sys::Number::from(value)
                .to_string_with_radix(10)
                .unwrap_or_default(),
        )
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        value.to_string()
    }
}

/// A number in full, or empty when it is undefined: a `data-value`
/// attribute, a CSV cell.
pub fn cell(value: Option<f64>) -> String {
    value.map(full_number).unwrap_or_default()
}

/// Reads a plain decimal: an optional sign, digits, and an optional point
/// with more digits; at most 15 digits in all. The same value as
/// `str::parse::<f64>` gives: both the digits and the power of ten are exact
/// in `f64`, and their quotient is correctly rounded.
///
/// ```ignore
/// assert_eq!(parse_decimal("-3.5"), Some(-3.5));
/// assert_eq!(parse_decimal("1e3"), None);
/// ```
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, ""));
    let digits = whole.len() + fraction.len();
    if digits == 0 || digits > 15 {
        return None;
    }
    let mut value: u64 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u64::from(b - b'0');
    }
    let scale = 10u64.pow(fraction.len() as u32);
    let magnitude = value as f64 / scale as f64;
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::parse_decimal;

    #[test]
    fn reads_what_str_parse_reads() {
        for text in [
            "0",
            "3",
            "3.5",
            "-0.25",
            "+1",
            ".5",
            "7.",
            "0.1",
            "2.675",
            "123456789.012345",
            "-0",
        ] {
            assert_eq!(
                parse_decimal(text).map(f64::to_bits),
                text.parse::<f64>().ok().map(f64::to_bits),
                "{text}"
            );
        }
        for text in [
            "",
            "-",
            ".",
            "+.",
            "1e3",
            "NaN",
            "inf",
            "1.2.3",
            " 1",
            "1,5",
            "--1",
            "1234567890123456",
        ] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
    }
}
