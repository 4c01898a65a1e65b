//! A matcher for the small regular-expression dialect of the official rules.
//!
//! The rules use only literals, groups of alternatives `(a|b)`, `\d` (any
//! Unicode decimal digit), `.` (any character but a newline), and bounded
//! repetition `{m,n}` / `{n}` / `?`. Anything else is rejected when the pattern
//! is compiled, so a rule can never be silently misread.
//!
//! Matching follows backtracking semantics: the leftmost match wins, and at the
//! same start the first listed alternative wins, with greedy repetition. This is
//! what Python's `re` and Rust's `regex` crate report for these patterns.

use super::decimal_digits::is_decimal_digit;
use std::fmt;

/// A compiled pattern: a list of alternatives, each a sequence of nodes.
#[derive(Debug, Clone)]
pub struct Pattern {
    alternatives: Vec<Vec<Node>>,
    /// Per alternative, the characters a match can begin with (sorted);
    /// `None` when it could begin with anything (or match empty).
    firsts: Vec<Option<Vec<char>>>,
    /// The union of `firsts`: a position whose character is not in it is skipped.
    any_first: Option<Vec<char>>,
    /// The source text of each top-level alternative.
    sources: Vec<String>,
    source: String,
}

/// Sorts and dedups a character set.
pub(crate) fn sorted_unique(mut chars: Vec<char>) -> Vec<char> {
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// The union of character sets, sorted; `None` (any character) when any is `None`.
pub(crate) fn union_of<'a>(
    sets: impl IntoIterator<Item = Option<&'a [char]>>,
) -> Option<Vec<char>> {
    let mut all = Vec::new();
    for set in sets {
        all.extend_from_slice(set?);
    }
    Some(sorted_unique(all))
}

/// The characters a match of `seq` can begin with, and whether `seq` can
/// match the empty string. `None`: any character.
fn first_chars(seq: &[Node]) -> (Option<Vec<char>>, bool) {
    let mut acc: Vec<char> = Vec::new();
    for node in seq {
        let (set, nullable) = match node {
            Node::Literal(lit) => (lit.chars().next().map(|c| vec![c]), false),
            Node::Digit | Node::AnyButNewline => (None, false),
            Node::Group(alts, _) => {
                let mut set = Some(Vec::new());
                let mut nullable = false;
                for alt in alts {
                    let (s, n) = first_chars(alt);
                    nullable |= n;
                    set = set.zip(s).map(|(mut a, b)| {
                        a.extend(b);
                        a
                    });
                }
                (set, nullable)
            }
            Node::Repeat { node, min, .. } => {
                let (s, n) = first_chars(std::slice::from_ref(node));
                (s, n || *min == 0)
            }
        };
        match set {
            None => return (None, true),
            Some(s) => acc.extend(s),
        }
        if !nullable {
            return (Some(sorted_unique(acc)), false);
        }
    }
    (None, true)
}

#[derive(Debug, Clone)]
enum Node {
    Literal(Box<str>),
    Digit,
    AnyButNewline,
    /// Alternatives, and the characters a match of the group can begin
    /// with (sorted; `None` when it could begin anywhere or match empty).
    Group(Vec<Vec<Node>>, Option<Vec<char>>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: u32,
    },
}

/// Why a rule could not be compiled. Fix the rule text in `parser-rules.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// The pattern as given.
    pub pattern: String,
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong there.
    pub message: &'static str,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rule pattern {:?} at byte {}: {} (supported: literals, (a|b), \\d, ., {{m,n}}, ?)",
            self.pattern, self.offset, self.message
        )
    }
}

impl std::error::Error for PatternError {}

/// A match: byte offsets into the searched text, and which top-level
/// alternative matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    /// Index of the top-level alternative (the rule in its list).
    pub alternative: usize,
}

impl Pattern {
    /// Compiles the alternatives as if joined with `|`, in their order. An
    /// empty list compiles to a pattern that never matches.
    ///
    /// ```
    /// use cvalues_core::answer::Pattern;
    /// let p = Pattern::alternatives(&["回复\\d.{0,2}更好", "两个回复都"]).unwrap();
    /// assert!(p.is_match("我认为回复2更好"));
    /// ```
    pub fn alternatives<S: AsRef<str>>(alts: &[S]) -> Result<Pattern, PatternError> {
        if alts.is_empty() {
            return Ok(Pattern {
                alternatives: Vec::new(),
                firsts: Vec::new(),
                any_first: Some(Vec::new()),
                sources: Vec::new(),
                source: String::new(),
            });
        }
        let source = alts
            .iter()
            .map(|s| s.as_ref())
            .collect::<Vec<_>>()
            .join("|");
        Pattern::new(&source)
    }

    /// Compiles one pattern.
    pub fn new(source: &str) -> Result<Pattern, PatternError> {
        let mut parser = Parser {
            src: source,
            pos: 0,
        };
        let mut alternatives = vec![parser.sequence()?];
        let mut cuts = vec![0];
        while parser.peek() == Some('|') {
            parser.pos += 1;
            cuts.push(parser.pos);
            alternatives.push(parser.sequence()?);
        }
        if parser.pos != source.len() {
            return Err(parser.error("unbalanced ')'"));
        }
        cuts.push(source.len() + 1);
        let sources = cuts
            .windows(2)
            .map(|w| source[w[0]..w[1] - 1].to_string())
            .collect();
        let firsts: Vec<Option<Vec<char>>> =
            alternatives.iter().map(|a| first_chars(a).0).collect();
        let any_first = union_of(firsts.iter().map(|f| f.as_deref()));
        Ok(Pattern {
            alternatives,
            firsts,
            any_first,
            sources,
            source: source.to_string(),
        })
    }

    /// The characters any match must begin with (sorted), or `None` when a
    /// match could begin anywhere.
    pub fn first_chars(&self) -> Option<&[char]> {
        self.any_first.as_deref()
    }

    /// Like [`Pattern::find`], trying only the given start positions, which
    /// must include every position whose character is in
    /// [`Pattern::first_chars`] (`(byte offset, character)`, in order).
    pub fn find_from(&self, text: &str, starts: &[(usize, char)]) -> Option<Match> {
        if self.any_first.is_none() {
            return self.find(text);
        }
        starts
            .iter()
            .find_map(|&(start, c)| self.match_at(text, start, Some(c)))
    }

    /// The source text of top-level alternative `i` (a rule of its list).
    pub fn alternative(&self, i: usize) -> &str {
        &self.sources[i]
    }

    /// The pattern text this was compiled from.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }

    /// The leftmost match, preferring earlier alternatives at the same start.
    /// An empty pattern list never matches.
    pub fn find(&self, text: &str) -> Option<Match> {
        if self.alternatives.is_empty() {
            return None;
        }
        let positions = text
            .char_indices()
            .map(|(i, c)| (i, Some(c)))
            .chain([(text.len(), None)]);
        positions
            .into_iter()
            .find_map(|(start, c)| self.match_at(text, start, c))
    }

    /// The first alternative that matches at `start` (`c` is the character there).
    fn match_at(&self, text: &str, start: usize, c: Option<char>) -> Option<Match> {
        let can_start = |set: &Option<Vec<char>>| match (set, c) {
            (None, _) => true,
            (Some(set), Some(c)) => set.binary_search(&c).is_ok(),
            (Some(_), None) => false,
        };
        if !can_start(&self.any_first) {
            return None;
        }
        for (alternative, alt) in self.alternatives.iter().enumerate() {
            if !can_start(&self.firsts[alternative]) {
                continue;
            }
            let mut end = None;
            if match_seq(alt, text, start, &mut |e| {
                end = Some(e);
                true
            }) {
                return end.map(|end| Match {
                    start,
                    end,
                    alternative,
                });
            }
        }
        None
    }
}

/// Tries each alternative in order; `k` is the continuation after the group.
fn match_alternatives(
    alts: &[Vec<Node>],
    text: &str,
    pos: usize,
    k: &mut dyn FnMut(usize) -> bool,
) -> bool {
    alts.iter().any(|alt| match_seq(alt, text, pos, k))
}

fn match_seq(seq: &[Node], text: &str, pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    let Some((first, rest)) = seq.split_first() else {
        return k(pos);
    };
    match_node(first, text, pos, &mut |p| match_seq(rest, text, p, k))
}

fn match_node(node: &Node, text: &str, pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    match node {
        Node::Literal(lit) => text[pos..].starts_with(&**lit) && k(pos + lit.len()),
        Node::Digit => match text[pos..].chars().next() {
            Some(c) if is_decimal_digit(c) => k(pos + c.len_utf8()),
            _ => false,
        },
        Node::AnyButNewline => match text[pos..].chars().next() {
            Some(c) if c != '\n' => k(pos + c.len_utf8()),
            _ => false,
        },
        Node::Group(alts, firsts) => {
            if let Some(set) = firsts {
                match text[pos..].chars().next() {
                    Some(c) if set.binary_search(&c).is_ok() => {}
                    _ => return false,
                }
            }
            match_alternatives(alts, text, pos, k)
        }
        Node::Repeat { node, min, max } => match_repeat(node, *min, *max, text, pos, k),
    }
}

/// Greedy bounded repetition: one more first, then give back.
fn match_repeat(
    node: &Node,
    min: u32,
    max: u32,
    text: &str,
    pos: usize,
    k: &mut dyn FnMut(usize) -> bool,
) -> bool {
    if max > 0
        && match_node(node, text, pos, &mut |p| {
            p != pos && match_repeat(node, min.saturating_sub(1), max - 1, text, p, k)
        })
    {
        return true;
    }
    min == 0 && k(pos)
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &'static str) -> PatternError {
        PatternError {
            pattern: self.src.to_string(),
            offset: self.pos,
            message,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn alternation(&mut self) -> Result<Vec<Vec<Node>>, PatternError> {
        let mut alts = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.sequence()?);
        }
        Ok(alts)
    }

    fn sequence(&mut self) -> Result<Vec<Node>, PatternError> {
        let mut seq: Vec<Node> = Vec::new();
        while let Some(c) = self.peek() {
            let atom = match c {
                '|' | ')' => break,
                '(' => {
                    self.pos += 1;
                    let alts = self.alternation()?;
                    if self.peek() != Some(')') {
                        return Err(self.error("unclosed '('"));
                    }
                    self.pos += 1;
                    let firsts = match first_chars(&[Node::Group(alts.clone(), None)]) {
                        (Some(set), false) => Some(sorted_unique(set)),
                        _ => None,
                    };
                    Node::Group(alts, firsts)
                }
                '.' => {
                    self.pos += 1;
                    Node::AnyButNewline
                }
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some('d') => {
                            self.pos += 1;
                            Node::Digit
                        }
                        Some(e) if e.is_ascii_punctuation() => {
                            self.pos += 1;
                            Node::Literal(e.to_string().into())
                        }
                        _ => return Err(self.error("unsupported escape")),
                    }
                }
                '[' | ']' | '*' | '+' | '^' | '$' => {
                    return Err(self.error("unsupported syntax"));
                }
                '{' | '?' => return Err(self.error("repetition without an operand")),
                c => {
                    self.pos += c.len_utf8();
                    Node::Literal(c.to_string().into())
                }
            };
            let atom = self.repetition(atom)?;
            // Merge adjacent literal characters into one literal.
            match (seq.last_mut(), &atom) {
                (Some(Node::Literal(prev)), Node::Literal(next)) => {
                    *prev = format!("{prev}{next}").into();
                }
                _ => seq.push(atom),
            }
        }
        Ok(seq)
    }

    fn repetition(&mut self, atom: Node) -> Result<Node, PatternError> {
        let (min, max) = match self.peek() {
            Some('?') => {
                self.pos += 1;
                (0, 1)
            }
            Some('{') => {
                let close = self.src[self.pos..]
                    .find('}')
                    .ok_or_else(|| self.error("unclosed '{'"))?;
                let body = &self.src[self.pos + 1..self.pos + close];
                let (lo, hi) = match body.split_once(',') {
                    Some((lo, hi)) => (lo, hi),
                    None => (body, body),
                };
                let lo: u32 = lo.parse().map_err(|_| self.error("bad repetition bound"))?;
                let hi: u32 = hi.parse().map_err(|_| self.error("bad repetition bound"))?;
                if lo > hi {
                    return Err(self.error("repetition minimum above maximum"));
                }
                self.pos += close + 1;
                (lo, hi)
            }
            _ => return Ok(atom),
        };
        if matches!(self.peek(), Some('?' | '{' | '*' | '+')) {
            return Err(self.error("unsupported repetition modifier"));
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(p: &str, t: &str) -> Option<(usize, usize)> {
        Pattern::new(p).unwrap().find(t).map(|m| (m.start, m.end))
    }

    #[test]
    fn leftmost_then_first_alternative() {
        assert_eq!(find("bc|abc", "xabc"), Some((1, 4)));
        assert_eq!(find("ab|abc", "abc"), Some((0, 2)));
        assert_eq!(find("a.{0,3}c", "abcbc"), Some((0, 5)));
        assert_eq!(find("a.{0,3}c", "a\nc"), None);
        assert_eq!(find("回复\\d", "回复２"), Some((0, 9)));
        assert_eq!(find("ab?c", "ac"), Some((0, 2)));
        assert_eq!(find("x(1|2){2}", "x12"), Some((0, 3)));
    }

    #[test]
    fn reports_which_top_level_alternative_matched() {
        let p = Pattern::new("a(b|c)d|x\\|y|q").unwrap();
        assert_eq!(
            (p.alternative(0), p.alternative(1), p.alternative(2)),
            ("a(b|c)d", "x\\|y", "q")
        );
        assert_eq!(p.find("zzq").map(|m| m.alternative), Some(2));
        assert_eq!(p.find("acd").map(|m| m.alternative), Some(0));
    }

    #[test]
    fn rejects_unsupported_syntax() {
        for bad in ["a*", "[ab]", "a+", "(a", "a)", "\\w", "a{2,1}", "{1}"] {
            assert!(Pattern::new(bad).is_err(), "{bad} should be rejected");
        }
    }
}
