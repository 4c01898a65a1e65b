//! Numbers written with a fixed count of decimals, exactly as `format!("{:.N}")`
//! writes them, but without the standard library's float formatting: that
//! costs the page's first view about 5 KB of its 250 KB budget, and the
//! leaderboard needs nothing more than this.
//!
//! ```
//! use cvalues_core::decimal::{Fixed, Short};
//! assert_eq!(Fixed(72.25, 1).to_string(), "72.2"); // a tie goes to the even digit
//! assert_eq!(Fixed(2.0 / 3.0, 2).to_string(), "0.67");
//! assert_eq!(Short(11.0).to_string(), "11");
//! assert_eq!(Short(1.0 / 3.0).to_string(), "0.333333");
//! ```

use std::fmt;

/// The most decimals [`Fixed`] writes exactly (more are written as this many).
pub const MAX_DECIMALS: u32 = 6;

/// `value` with `decimals` digits after the point (at most [`MAX_DECIMALS`]),
/// rounded as `{:.N}` rounds: the exact binary value, ties to even. (From
/// 2^127 on, where `{:.N}` writes some 40 digits, it writes `m×2^e`.)
#[derive(Debug, Clone, Copy)]
pub struct Fixed(pub f64, pub u32);

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Fixed(value, decimals) = *self;
        let decimals = decimals.min(MAX_DECIMALS);
        if value.is_nan() {
            return f.write_str("NaN");
        }
        let sign = if value.is_sign_negative() { "-" } else { "" };
        if value.is_infinite() {
            return write!(f, "{sign}inf");
        }
        let scale = 10u64.pow(decimals);
        match scaled_rounded(value.abs(), scale) {
            Scaled::Exactly {
                whole,
                decimals: digits,
            } => {
                write!(f, "{sign}{whole}")?;
                if decimals > 0 {
                    let width = decimals as usize;
                    write!(f, ".{digits:0width$}")?;
                }
                Ok(())
            }
            Scaled::Huge { mantissa, power } => write!(f, "{sign}{mantissa}×2^{power}"),
        }
    }
}

/// A value from the data, as messages name it: [`Fixed`] to six decimals,
/// without the zeros that end it (`11`, `7.5`, `0.333333`).
#[derive(Debug, Clone, Copy)]
pub struct Short(pub f64);

impl fmt::Display for Short {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = Fixed(self.0, MAX_DECIMALS).to_string();
        match text.contains('.') {
            true => f.write_str(text.trim_end_matches('0').trim_end_matches('.')),
            false => f.write_str(&text),
        }
    }
}

/// A value rounded to a count of decimals.
enum Scaled {
    /// The whole part, and the decimals as an integer.
    Exactly { whole: u128, decimals: u64 },
    /// Too large for 128 bits (2^127 and more, never a score): the exact
    /// value as mantissa × 2^power.
    Huge { mantissa: u64, power: i32 },
}

/// `value` (finite, not negative) rounded to `scale` (10^decimals, at most
/// 10^6) parts of one, ties to even, computed exactly from its bits.
fn scaled_rounded(value: f64, scale: u64) -> Scaled {
    let bits = value.to_bits();
    let exponent = ((bits >> 52) & 0x7FF) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // value = mantissa * 2^power, exactly.
    let (mantissa, power) = match exponent {
        0 => (fraction, -1074),
        _ => (fraction | 1 << 52, exponent - 1075),
    };
    if power >= 0 {
        // An integer: exact below 2^127.
        return match power {
            0..=74 => Scaled::Exactly {
                whole: (mantissa as u128) << power,
                decimals: 0,
            },
            _ => Scaled::Huge { mantissa, power },
        };
    }
    // Under 2^53 * 10^6 < 2^73.
    let product = mantissa as u128 * scale as u128;
    let shift = power.unsigned_abs();
    // From 2^74 on, the product is less than half of 2^shift: rounds to 0.
    let parts = if shift >= 74 {
        0
    } else {
        let parts = product >> shift;
        let rest = product & ((1 << shift) - 1);
        let half = 1 << (shift - 1);
        parts + (rest > half || (rest == half && parts % 2 == 1)) as u128
    };
    Scaled::Exactly {
        whole: parts / scale as u128,
        decimals: (parts % scale as u128) as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same text as `format!("{:.N}")` for values of every kind the
    /// leaderboard shows, ties and their neighbours, and extremes.
    #[test]
    fn writes_what_the_standard_formatting_writes() {
        let mut values = vec![
            0.0,
            -0.0,
            0.25,
            0.35,
            2.5,
            -2.5,
            0.05,
            0.5,
            1.5,
            99.95,
            99.999_99,
            100.0,
            f64::MIN_POSITIVE,
            5e-324,
            1e-5,
            0.000_05,
            12_345.678_9,
            1e15,
            4.0e18,
            1e30,
            2f64.powi(120),
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        // Percentages and means as scoring makes them, and their neighbours.
        for total in 1..=400u32 {
            for correct in (0..=total).step_by(1 + total as usize / 40) {
                let p = correct as f64 / total as f64;
                for v in [p, p * 100.0, 1.0 + 9.0 * p, -p] {
                    values.extend([v, f64::from_bits(v.to_bits() + 1), v.next_down()]);
                }
            }
        }
        // Halves and quarters of every step: ties at each count of decimals.
        for k in 0..20_000u32 {
            values.push(k as f64 / 2000.0);
            values.push(k as f64 / 20_000.0 + 0.000_025);
        }
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            values.push(f64::from_bits(seed >> 2) % 1e6);
        }
        for v in values {
            for decimals in 0..=MAX_DECIMALS {
                let want = format!("{v:.0$}", decimals as usize);
                assert_eq!(Fixed(v, decimals).to_string(), want, "{v:e} to {decimals}");
            }
        }
        assert_eq!(
            Fixed(2f64.powi(130), 1).to_string(),
            "4503599627370496×2^78"
        );
    }

    /// [`Short`] is the six-decimal text without its final zeros: the
    /// shortest text of a value that has six decimals or fewer.
    #[test]
    fn short_drops_the_final_zeros() {
        for (v, want) in [
            (11.0, "11"),
            (0.0, "0"),
            (-0.0, "-0"),
            (7.5, "7.5"),
            (10.25, "10.25"),
            (-3.0, "-3"),
            (1.0 / 3.0, "0.333333"),
            (0.000_000_4, "0"),
            (1e20, "100000000000000000000"),
        ] {
            assert_eq!(Short(v).to_string(), want);
        }
        for k in -2000..2000 {
            let v = k as f64 / 8.0;
            assert_eq!(Short(v).to_string(), v.to_string(), "{v}");
        }
    }
}
