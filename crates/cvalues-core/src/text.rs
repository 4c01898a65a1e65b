//! Messages written from templates, so that the page can show them in
//! Chinese: every message the core writes for people is [`fill`]ed from a
//! template with numbered placeholders (`{0}`, `{1}`), and every word it
//! puts in one is a [`term`]. The page translates a message by finding the
//! template it was filled from (`public/i18n/zh.json` translates them all;
//! `tests/i18n.rs` checks that).
//!
//! ```
//! use cvalues_core::text::fill;
//! let template = "rating {0} is outside {1}";
//! assert_eq!(fill(template, &[&11, &"1 to 10"]), "rating 11 is outside 1 to 10");
//! ```

use std::fmt::{Display, Write};

/// `template` with each `{N}` replaced by `args[N]`; a `{` that does not
/// open a placeholder with an argument stays as it is.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after
            .find('}')
            .and_then(|close| Some((after[..close].parse::<usize>().ok()?, close)))
            .and_then(|(i, close)| Some((args.get(i)?, close)));
        match arg {
            Some((arg, close)) => {
                let _ = write!(out, "{arg}");
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A text the catalogue translates that is not [`fill`]ed where it is
/// written: a word that goes into a message (a JSON type, a kind of item),
/// or a template filled elsewhere. Marked, so that `tests/i18n.rs` finds it.
pub const fn term(word: &'static str) -> &'static str {
    word
}

/// The messages of `serde_json`'s errors that reading a file can give
/// (without their ` at line L column C`, which is [`JSON_POSITION`]):
/// listed here, since they are written by `serde_json`, for the catalogue.
pub const JSON_ERRORS: [&str; 23] = [
    term("EOF while parsing a list"),
    term("EOF while parsing an object"),
    term("EOF while parsing a string"),
    term("EOF while parsing a value"),
    term("expected `:`"),
    term("expected `,` or `]`"),
    term("expected `,` or `}`"),
    term("expected ident"),
    term("expected value"),
    term("expected `\"`"),
    term("invalid escape"),
    term("invalid number"),
    term("number out of range"),
    term("invalid unicode code point"),
    term("control character (\\u0000-\\u001F) found while parsing a string"),
    term("key must be a string"),
    term("lone leading surrogate in hex escape"),
    term("trailing comma"),
    term("trailing characters"),
    term("unexpected end of hex escape"),
    term("recursion limit exceeded"),
    term("invalid type: {0}, expected {1}"),
    term("missing field `{0}`"),
];

/// Where in a document `serde_json` found an error: after its message.
pub const JSON_POSITION: &str = term("{0} at line {1} column {2}");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_numbered_placeholders_in_any_order() {
        assert_eq!(fill("{1} before {0}", &[&"a", &2]), "2 before a");
        assert_eq!(fill("{0}{0}", &[&"x"]), "xx");
    }

    #[test]
    fn leaves_braces_that_are_not_placeholders() {
        assert_eq!(fill("expected `,` or `}`", &[]), "expected `,` or `}`");
        assert_eq!(fill("{x} {2} {0}", &[&1]), "{x} {2} 1");
    }

    #[test]
    fn the_json_errors_are_serde_jsons_own() {
        // A few of them, from serde_json itself: the list is its wording.
        let message = |text: &str| {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let text = e.to_string();
            text[..text.rfind(" at line ").unwrap()].to_string()
        };
        for (text, want) in [
            ("{\"a\": 1", "EOF while parsing an object"),
            ("[1", "EOF while parsing a list"),
            ("\"a", "EOF while parsing a string"),
            ("{\"a\" 1}", "expected `:`"),
            ("{\"a\": 1 2}", "expected `,` or `}`"),
            ("[1 2]", "expected `,` or `]`"),
            ("x", "expected value"),
            ("\"\\x\"", "invalid escape"),
            ("{1: 2}", "key must be a string"),
            ("[1,]", "trailing comma"),
            ("1 2", "trailing characters"),
        ] {
            let got = message(text);
            assert_eq!(got, want, "{text}");
            assert!(JSON_ERRORS.contains(&got.as_str()), "{got}");
        }
        let deep = "[".repeat(200);
        assert_eq!(message(&deep), "recursion limit exceeded");
    }
}
