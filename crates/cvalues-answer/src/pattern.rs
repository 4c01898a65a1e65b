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
//!
//! A pattern compiles to flat `Step` lists, shaped for what the rules are
//! made of: literals compared as bytes, a group of plain literals looked up by
//! its first character, and `.{m,n}` / `\d{m,n}` stepping over characters
//! without recursion per character. Backtracking recurses only into what
//! follows a choice, with the continuation passed as plain data (no closures).
//! Before any alternative is tried at a start, the start's character and
//! then two of the bytes after it (`Narrow`) rule out those that cannot
//! begin there.

use super::decimal_digits::is_decimal_digit;
use super::text::{char_at, eight_bytes, head_word, utf8_len, CharSet, Lit};
use std::fmt;

/// A compiled pattern: a list of alternatives, each a list of steps.
#[derive(Debug, Clone)]
pub struct Pattern {
    alternatives: Vec<Vec<Step>>,
    /// Which alternatives can begin with a given character.
    starts: StartIndex,
    /// Per alternative, what is checked before its steps are run.
    entries: Vec<Entry>,
    /// Two bytes' lookups that rule out most of the alternatives a start's
    /// character lets through, where their leading literals tell them apart.
    narrow: Option<Narrow>,
    /// The source text of each top-level alternative.
    sources: Vec<String>,
    source: String,
}

/// What is checked of an alternative at a start before its steps run.
#[derive(Debug, Clone)]
struct Entry {
    /// The leading literal bytes any match must begin with, up to sixteen,
    /// as (bytes, mask) over the first eight and over the next eight: a
    /// comparison or two rejects most starts.
    prefix: [(u64, u64); 2],
    /// The length of a leading literal of up to sixteen bytes, which the
    /// prefix and this length match entirely (its step is then skipped;
    /// text shorter than the literal pads the words with zeros, hence the
    /// length); otherwise 0.
    lead: usize,
    /// For an alternative that begins with a group of literals, a filter of
    /// their first six bytes.
    heads: Option<Heads>,
}

impl Entry {
    /// The byte the leading literal has at `offset` (below sixteen), if it
    /// is that long.
    #[inline(never)]
    fn fixed(&self, offset: usize) -> Option<u8> {
        let (bytes, used) = self.prefix[offset / 8];
        let shift = 8 * (offset % 8);
        (used >> shift & 0xFF == 0xFF).then_some((bytes >> shift) as u8)
    }

    /// How unlikely text is to have the leading literal's byte at
    /// `offset`, in halvings: a digit or a character's first byte is often
    /// shared, a CJK character's later bytes seldom.
    fn rarity(&self, offset: usize) -> u32 {
        match self.fixed(offset) {
            None => 0,
            Some(b) if b & 0xC0 == 0x80 => 5,
            Some(b) if b >= 0xC0 => 2,
            Some(_) => 1,
        }
    }

    fn new(steps: &[Step]) -> Entry {
        let (prefix, lead) = match steps.first() {
            Some(Step::Literal(lit)) => {
                let rest = lit.text.as_bytes().get(8..).unwrap_or_default();
                let len = lit.text.len();
                (
                    [(lit.head, lit.mask), head_word(rest)],
                    if len <= 16 { len } else { 0 },
                )
            }
            _ => ([(0, 0); 2], 0),
        };
        Entry {
            prefix,
            lead,
            heads: Heads::new(steps),
        }
    }
}

/// Two bytes at fixed offsets from a start, each looked up in a table of the
/// alternatives whose leading literal has that byte there (or none there):
/// for lists whose alternatives begin alike, such as `回复1比回复2…`,
/// `回复2不如回复1`, `回复1更优于…`, two lookups leave one alternative or
/// none to check, where each would otherwise be checked in turn.
#[derive(Clone)]
struct Narrow {
    /// The offsets, below sixteen.
    at: [usize; 2],
    /// Per offset, per byte value there: the alternatives that allow it.
    allowed: Box<[[u64; 256]; 2]>,
}

impl fmt::Debug for Narrow {
    /// The offsets only: the tables follow from the alternatives.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Narrow at bytes {:?}", self.at)
    }
}

impl Narrow {
    /// `None` where no offset tells apart two alternatives that begin with
    /// the same byte (the start's character already tells apart the rest).
    /// Runs once per pattern: written small rather than fast.
    #[inline(never)]
    fn new(entries: &[Entry]) -> Option<Narrow> {
        if entries.len() > 64 {
            return None;
        }
        // Offsets where two alternatives that begin alike differ.
        let telling: Vec<usize> = (1..16)
            .filter(|&d| {
                entries.iter().any(|a| {
                    entries.iter().any(|b| {
                        a.fixed(0).is_some()
                            && a.fixed(0) == b.fixed(0)
                            && a.fixed(d).zip(b.fixed(d)).is_some_and(|(x, y)| x != y)
                    })
                })
            })
            .collect();
        // The two offsets that leave the fewest alternatives expected to
        // pass (the first found on a tie), as if the text were unlike them
        // all: each passes with odds of one in 2^(its rarities there).
        let (mut least, mut at) = (u32::MAX, [0; 2]);
        for (k, &d1) in telling.iter().enumerate() {
            for &d2 in &telling[k..] {
                let passing = entries
                    .iter()
                    .map(|e| 1024 >> (e.rarity(d1) + if d2 == d1 { 0 } else { e.rarity(d2) }))
                    .sum();
                if passing < least {
                    (least, at) = (passing, [d1, d2]);
                }
            }
        }
        if least == u32::MAX {
            return None;
        }
        let mut allowed = Box::new([[0u64; 256]; 2]);
        for (table, d) in allowed.iter_mut().zip(at) {
            for (i, e) in entries.iter().enumerate() {
                match e.fixed(d) {
                    Some(b) => table[usize::from(b)] |= 1 << i,
                    None => table.iter_mut().for_each(|m| *m |= 1 << i),
                }
            }
        }
        Some(Narrow { at, allowed })
    }

    /// The alternatives that allow the text at `start`. A byte past its
    /// end counts as zero: an alternative with a NUL there is let through,
    /// for its prefix check to reject.
    #[inline]
    fn allowed(&self, text: &[u8], start: usize) -> u64 {
        let byte = |d: usize| usize::from(text.get(start + d).copied().unwrap_or(0));
        self.allowed[0][byte(self.at[0])] & self.allowed[1][byte(self.at[1])]
    }
}

/// For each character a match can begin with, the alternatives that can
/// begin with it (bit i for alternative i; at most 64 alternatives).
#[derive(Debug, Clone)]
struct StartIndex {
    /// Every character some alternative must begin with.
    chars: CharSet,
    /// Parallel to `chars.chars()`, including `anywhere`.
    masks: Vec<u64>,
    /// Alternatives that could begin with anything (or match empty).
    anywhere: u64,
}

impl StartIndex {
    fn new(alternatives: &[Vec<Step>]) -> StartIndex {
        if alternatives.len() > 64 {
            // Every alternative is tried everywhere (see `Pattern::match_at`).
            return StartIndex {
                chars: CharSet::default(),
                masks: Vec::new(),
                anywhere: u64::MAX,
            };
        }
        let firsts: Vec<Option<Vec<char>>> =
            alternatives.iter().map(|a| first_chars(a).0).collect();
        let anywhere = (0..firsts.len())
            .filter(|&i| firsts[i].is_none())
            .fold(0, |m, i| m | 1 << i);
        let chars = CharSet::new(firsts.iter().flatten().flatten().copied().collect());
        let masks = chars
            .chars()
            .iter()
            .map(|c| {
                (0..firsts.len())
                    .filter(|&i| firsts[i].as_ref().is_some_and(|f| f.contains(c)))
                    .fold(anywhere, |m, i| m | 1 << i)
            })
            .collect();
        StartIndex {
            chars,
            masks,
            anywhere,
        }
    }

    /// The alternatives that can begin with `c` (`None`: at the end of the text).
    #[inline]
    fn candidates(&self, c: Option<u32>) -> u64 {
        match c.and_then(|c| self.chars.position(c)) {
            Some(i) => self.masks[i],
            None => self.anywhere,
        }
    }
}

/// One step of a compiled alternative.
#[derive(Debug, Clone)]
enum Step {
    /// These exact bytes.
    Literal(Lit),
    /// `min..=max` characters of a class, greedily.
    Class {
        class: Class,
        min: u32,
        max: u32,
        /// The characters what follows in the sequence must begin with
        /// (`None`: unknown, or it can match empty): counts after which the
        /// next character is not one of them are skipped.
        follow: Option<Box<CharSet>>,
    },
    /// A group of plain literals, `(a|b|c)`, optionally `?`: at most one of
    /// them, tried in order. Looked up by the character at the position.
    Literals {
        firsts: CharSet,
        /// Parallel to `firsts.chars()`: the literals beginning with that
        /// character, in their listed order.
        by_first: Vec<Vec<Lit>>,
        optional: bool,
    },
    /// Any other group: each alternative in order, then what follows.
    Group {
        alternatives: Vec<Vec<Step>>,
        /// The characters a match must begin with; `None`: anything.
        firsts: Option<CharSet>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// `\d`: a Unicode decimal digit.
    Digit,
    /// `.`: any character but `\n`.
    AnyButNewline,
}

impl Class {
    #[inline]
    fn matches(self, c: u32) -> bool {
        match self {
            Class::Digit => is_decimal_digit(c),
            Class::AnyButNewline => c != '\n' as u32,
        }
    }

    /// Whether the character at `pos` of `text` (a boundary before its
    /// end) is in the class; `.` needs no decoding.
    #[inline]
    fn matches_at(self, text: &[u8], pos: usize) -> bool {
        match self {
            Class::Digit => char_at(text, pos).is_some_and(is_decimal_digit),
            Class::AnyButNewline => text[pos] != b'\n',
        }
    }
}

/// The characters a match of `steps` can begin with, and whether `steps` can
/// match the empty string. `None`: any character.
fn first_chars(steps: &[Step]) -> (Option<Vec<char>>, bool) {
    let mut acc: Vec<char> = Vec::new();
    for step in steps {
        let (set, nullable) = match step {
            Step::Literal(lit) => (
                lit.text.chars().next().map(|c| vec![c]),
                lit.text.is_empty(),
            ),
            Step::Class { min, .. } => (None, *min == 0),
            Step::Literals {
                firsts, optional, ..
            } => (Some(firsts.chars().to_vec()), *optional),
            Step::Group { alternatives, .. } => {
                let mut set = Some(Vec::new());
                let mut nullable = false;
                for alt in alternatives {
                    let (s, n) = first_chars(alt);
                    nullable |= n;
                    set = set.zip(s).map(|(mut a, b)| {
                        a.extend(b);
                        a
                    });
                }
                (set, nullable)
            }
        };
        match set {
            None => return (None, true),
            Some(s) => acc.extend(s),
        }
        if !nullable {
            return (Some(acc), false);
        }
    }
    (None, true)
}

/// Whether `steps` can match the empty string.
fn nullable(steps: &[Step]) -> bool {
    steps.iter().all(|step| match step {
        Step::Literal(lit) => lit.text.is_empty(),
        Step::Class { min, .. } => *min == 0,
        Step::Literals { optional, .. } => *optional,
        Step::Group { alternatives, .. } => alternatives.iter().any(|a| nullable(a)),
    })
}

/// What follows the steps being matched: the rest of each enclosing group's
/// alternative, innermost first.
struct Continuation<'a> {
    steps: &'a [Step],
    next: Option<&'a Continuation<'a>>,
}

/// Matches `steps`, then `next`, at `pos`; the end of the first way that works.
fn run(steps: &[Step], next: Option<&Continuation>, text: &[u8], pos: usize) -> Option<usize> {
    let Some((step, rest)) = steps.split_first() else {
        return match next {
            None => Some(pos),
            Some(k) => run(k.steps, k.next, text, pos),
        };
    };
    match step {
        Step::Literal(lit) => {
            if lit.is_prefix_of(&text[pos..]) {
                run(rest, next, text, pos + lit.text.len())
            } else {
                None
            }
        }
        Step::Class {
            class,
            min: 1,
            max: 1,
            ..
        } => match char_at(text, pos) {
            Some(c) if class.matches(c) => run(rest, next, text, pos + utf8_len(text[pos])),
            _ => None,
        },
        Step::Class {
            class,
            min,
            max,
            follow,
        } => {
            // With what follows known to begin with one of a few characters,
            // only the counts after which one of them comes are tried.
            let follow = follow.as_deref().filter(|_| *max < 64);
            if let Some(set) = follow {
                return give_back(rest, next, text, pos, (*class, *min, *max), set);
            }
            // Step over as many characters as allowed, then give back one
            // at a time: the longest count first.
            let (mut p, mut count) = (pos, 0);
            while count < *max {
                match char_at(text, p) {
                    Some(c) if class.matches(c) => {
                        p += utf8_len(text[p]);
                        count += 1;
                    }
                    _ => break,
                }
            }
            loop {
                if count < *min {
                    return None;
                }
                if let Some(end) = run(rest, next, text, p) {
                    return Some(end);
                }
                if count == 0 {
                    return None;
                }
                count -= 1;
                p -= 1;
                // Back over continuation bytes (0b10xxxxxx) to a boundary.
                while text[p] & 0xC0 == 0x80 {
                    p -= 1;
                }
            }
        }
        Step::Literals {
            firsts,
            by_first,
            optional,
        } => {
            let found = char_at(text, pos).and_then(|c| firsts.position(c));
            if let Some(i) = found {
                let tail = &text[pos..];
                let word = eight_bytes(tail);
                for lit in &by_first[i] {
                    if lit.is_prefix_given(word, tail) {
                        if let Some(end) = run(rest, next, text, pos + lit.text.len()) {
                            return Some(end);
                        }
                    }
                }
            }
            if *optional {
                run(rest, next, text, pos)
            } else {
                None
            }
        }
        Step::Group {
            alternatives,
            firsts,
        } => {
            if let Some(set) = firsts {
                if !char_at(text, pos).is_some_and(|c| set.contains(c)) {
                    return None;
                }
            }
            let k = Continuation { steps: rest, next };
            alternatives
                .iter()
                .find_map(|alt| run(alt, Some(&k), text, pos))
        }
    }
}

/// `class{min,max}` (`max` below 64) at `pos`, then `rest` and `next`,
/// where what follows must begin with a character of `follow`: steps
/// forward once, noting where each count ends and after which counts the
/// next character is in `follow`, then tries those counts, the longest
/// first.
fn give_back(
    rest: &[Step],
    next: Option<&Continuation>,
    text: &[u8],
    pos: usize,
    (class, min, max): (Class, u32, u32),
    follow: &CharSet,
) -> Option<usize> {
    // Where each count ends, as an offset from `pos`: under 64 characters
    // of at most four bytes each fit in a byte.
    let mut ends = [0u8; 64];
    let mut viable = 0u64;
    let (mut p, mut count) = (pos, 0);
    // At the end of the text nothing follows: that count is not viable.
    while p < text.len() {
        ends[count as usize] = (p - pos) as u8;
        if follow.contains_at(text, p) {
            viable |= 1 << count;
        }
        if count == max || !class.matches_at(text, p) {
            break;
        }
        p += utf8_len(text[p]);
        count += 1;
    }
    // Counts below `min` cannot end the repetition.
    viable &= !((1u64 << min) - 1);
    while viable != 0 {
        let count = 63 - viable.leading_zeros();
        viable &= !(1 << count);
        if let Some(end) = run(rest, next, text, pos + ends[count as usize] as usize) {
            return Some(end);
        }
    }
    None
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
    /// use cvalues_answer::Pattern;
    /// let p = Pattern::alternatives(&["回复\\d.{0,2}更好", "两个回复都"]).unwrap();
    /// assert!(p.is_match("我认为回复2更好"));
    /// ```
    pub fn alternatives<S: AsRef<str>>(alts: &[S]) -> Result<Pattern, PatternError> {
        if alts.is_empty() {
            return Ok(Pattern {
                starts: StartIndex::new(&[]),
                entries: Vec::new(),
                narrow: None,
                alternatives: Vec::new(),
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
        let entries: Vec<Entry> = alternatives.iter().map(|a| Entry::new(a)).collect();
        Ok(Pattern {
            starts: StartIndex::new(&alternatives),
            narrow: Narrow::new(&entries),
            entries,
            alternatives,
            sources,
            source: source.to_string(),
        })
    }

    /// The characters any match must begin with, or `None` when a match
    /// could begin anywhere.
    pub fn first_chars(&self) -> Option<&[char]> {
        (self.starts.anywhere == 0 && self.alternatives.len() <= 64)
            .then(|| self.starts.chars.chars())
    }

    /// The alternatives that can begin with `c` (`None`: at the end of the
    /// text), as a mask for [`Pattern::match_masked`].
    pub(crate) fn start_mask(&self, c: Option<u32>) -> u64 {
        self.starts.candidates(c)
    }

    /// How many top-level alternatives (rules of its list) it has.
    pub fn alternative_count(&self) -> usize {
        self.sources.len()
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
            .map(|(i, c)| (i, Some(c as u32)))
            .chain([(text.len(), None)]);
        positions
            .into_iter()
            .find_map(|(start, c)| self.match_at(text.as_bytes(), start, c))
    }

    /// The first alternative that matches at `start` (`c` is the character there).
    fn match_at(&self, text: &[u8], start: usize, c: Option<u32>) -> Option<Match> {
        self.match_masked(text, start, self.starts.candidates(c))
    }

    /// The first alternative in `mask` that matches at `start`. A caller
    /// that finds the leftmost match this way must try every position
    /// where a match can begin, in order, with its [`Pattern::start_mask`].
    #[inline(always)]
    pub(crate) fn match_masked(&self, text: &[u8], start: usize, mask: u64) -> Option<Match> {
        // Most positions rule a pattern out by their mask alone: no call.
        if mask == 0 {
            return None;
        }
        // Many others by two bytes.
        let mask = match &self.narrow {
            Some(narrow) => mask & narrow.allowed(text, start),
            None => mask,
        };
        if mask == 0 {
            return None;
        }
        self.match_some(text, start, mask)
    }

    /// [`Pattern::match_masked`] with some alternative in `mask`.
    fn match_some(&self, text: &[u8], start: usize, mut mask: u64) -> Option<Match> {
        if self.alternatives.len() > 64 {
            return (0..self.alternatives.len()).find_map(|alternative| {
                run(&self.alternatives[alternative], None, text, start).map(|end| Match {
                    start,
                    end,
                    alternative,
                })
            });
        }
        let word = eight_bytes(&text[start..]);
        let second = eight_bytes(&text[(start + 8).min(text.len())..]);
        while mask != 0 {
            let alternative = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let entry = &self.entries[alternative];
            let [(bytes, used), (bytes2, used2)] = entry.prefix;
            if word & used != bytes || second & used2 != bytes2 || text.len() - start < entry.lead {
                continue;
            }
            if let Some(heads) = &entry.heads {
                if !heads.may_begin(word) {
                    continue;
                }
            }
            let steps = &self.alternatives[alternative][usize::from(entry.lead > 0)..];
            let from = start + entry.lead;
            if let Some(end) = run(steps, None, text, from) {
                return Some(Match {
                    start,
                    end,
                    alternative,
                });
            }
        }
        None
    }
}

/// The first six bytes (two CJK characters) of the literals of a group that
/// begins an alternative, as 256 bits by a hash: one check rejects most
/// starts that the first character let through, such as every `更` for
/// `(更好的回答|更佳的回复|…)`.
#[derive(Debug, Clone)]
struct Heads([u64; 4]);

impl Heads {
    /// `None` unless `steps` begins with a group of literals (not
    /// optional) that are each at least six bytes long.
    fn new(steps: &[Step]) -> Option<Heads> {
        let Some(Step::Literals {
            by_first,
            optional: false,
            ..
        }) = steps.first()
        else {
            return None;
        };
        let mut bits = [0u64; 4];
        for lit in by_first.iter().flatten() {
            if lit.text.len() < 6 {
                return None;
            }
            let h = Heads::hash(lit.head);
            bits[h >> 6] |= 1 << (h & 63);
        }
        Some(Heads(bits))
    }

    /// False when no literal can begin the text whose first eight bytes
    /// (zero-padded) are `word`.
    #[inline]
    fn may_begin(&self, word: u64) -> bool {
        let h = Heads::hash(word);
        self.0[h >> 6] >> (h & 63) & 1 != 0
    }

    #[inline]
    fn hash(word: u64) -> usize {
        ((word & 0xFFFF_FFFF_FFFF).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
    }
}

/// The largest repetition bound accepted.
const MAX_REPEAT: u32 = 1000;

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

    fn alternation(&mut self) -> Result<Vec<Vec<Step>>, PatternError> {
        let mut alts = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.sequence()?);
        }
        Ok(alts)
    }

    /// A sequence of atoms, up to `|`, `)` or the end, compiled to steps.
    fn sequence(&mut self) -> Result<Vec<Step>, PatternError> {
        let mut seq: Vec<Step> = Vec::new();
        // Adjacent literals, gathered into one step when the run ends.
        let mut text = String::new();
        let flush = |seq: &mut Vec<Step>, text: &mut String| {
            if !text.is_empty() {
                seq.push(Step::Literal(Lit::new(std::mem::take(text))));
            }
        };
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
                    group(alts)
                }
                '.' => {
                    self.pos += 1;
                    class(Class::AnyButNewline)
                }
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some('d') => {
                            self.pos += 1;
                            class(Class::Digit)
                        }
                        Some(e) if e.is_ascii_punctuation() => {
                            self.pos += 1;
                            Step::Literal(Lit::new(e.to_string()))
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
                    Step::Literal(Lit::new(c.to_string()))
                }
            };
            for step in self.repetition(atom)? {
                match step {
                    Step::Literal(lit) => text.push_str(&lit.text),
                    step => {
                        flush(&mut seq, &mut text);
                        seq.push(step);
                    }
                }
            }
        }
        flush(&mut seq, &mut text);
        set_follows(&mut seq);
        Ok(seq)
    }

    /// An optional repetition suffix applied to `atom`, compiled to steps.
    fn repetition(&mut self, atom: Step) -> Result<Vec<Step>, PatternError> {
        let at = self.pos;
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
                if hi > MAX_REPEAT {
                    return Err(self.error("repetition bound above 1000"));
                }
                self.pos += close + 1;
                (lo, hi)
            }
            _ => return Ok(vec![atom]),
        };
        if matches!(self.peek(), Some('?' | '{' | '*' | '+')) {
            return Err(self.error("unsupported repetition modifier"));
        }
        repeat(atom, min, max).ok_or(PatternError {
            pattern: self.src.to_string(),
            offset: at,
            message: "repetition of something that can match empty",
        })
    }
}

fn class(class: Class) -> Step {
    Step::Class {
        class,
        min: 1,
        max: 1,
        follow: None,
    }
}

/// Sets each class repetition's `follow`: the characters the rest of `seq`
/// must begin with.
fn set_follows(seq: &mut [Step]) {
    for i in 0..seq.len() {
        let follows = match first_chars(&seq[i + 1..]) {
            (Some(set), false) => Some(Box::new(CharSet::new(set))),
            _ => None,
        };
        if let Step::Class { follow, .. } = &mut seq[i] {
            *follow = follows;
        }
    }
}

/// A parsed group: plain literals become a [`Step::Literals`] lookup.
fn group(alternatives: Vec<Vec<Step>>) -> Step {
    let plain: Option<Vec<Lit>> = alternatives
        .iter()
        .map(|alt| match alt.as_slice() {
            [Step::Literal(lit)] if !lit.text.is_empty() => Some(lit.clone()),
            _ => None,
        })
        .collect();
    match plain {
        Some(literals) => literals_step(literals, false),
        None => {
            let firsts = match first_chars(&[Step::Group {
                alternatives: alternatives.clone(),
                firsts: None,
            }]) {
                (Some(set), false) => Some(CharSet::new(set)),
                _ => None,
            };
            Step::Group {
                alternatives,
                firsts,
            }
        }
    }
}

fn literals_step(literals: Vec<Lit>, optional: bool) -> Step {
    let firsts = CharSet::new(
        literals
            .iter()
            .filter_map(|l| l.text.chars().next())
            .collect(),
    );
    let by_first = firsts
        .chars()
        .iter()
        .map(|&c| {
            literals
                .iter()
                .filter(|l| l.text.starts_with(c))
                .cloned()
                .collect()
        })
        .collect();
    Step::Literals {
        firsts,
        by_first,
        optional,
    }
}

/// `atom{min,max}`, greedy, as steps; `None` when `atom` can match empty
/// (the engines disagree on such patterns, and the rules have none).
fn repeat(atom: Step, min: u32, max: u32) -> Option<Vec<Step>> {
    if nullable(std::slice::from_ref(&atom)) {
        return None;
    }
    match atom {
        Step::Class {
            class,
            min: 1,
            max: 1,
            ..
        } => {
            return Some(vec![Step::Class {
                class,
                min,
                max,
                follow: None,
            }])
        }
        Step::Literals {
            firsts,
            by_first,
            optional: false,
        } if (min, max) == (0, 1) => {
            return Some(vec![Step::Literals {
                firsts,
                by_first,
                optional: true,
            }]);
        }
        Step::Literal(lit) if (min, max) == (0, 1) => {
            return Some(vec![literals_step(vec![lit], true)]);
        }
        _ => {}
    }
    // min copies, then max - min nested optional ones: (atom(atom(...)?)?)?
    let mut steps: Vec<Step> = (0..min).map(|_| atom.clone()).collect();
    let mut optional: Option<Step> = None;
    for _ in min..max {
        let mut once = vec![atom.clone()];
        once.extend(optional.take());
        optional = Some(group(vec![once, Vec::new()]));
    }
    steps.extend(optional);
    Some(steps)
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
        assert_eq!(find("x(1|2){1,3}y", "x1212y"), None);
        assert_eq!(find("x(1|2){1,3}2", "x1212y"), Some((0, 5)));
        assert_eq!(find("(ab|a)(bc|c)", "abc"), Some((0, 3)));
        assert_eq!(find("(a|ab)(c|bcd)", "abcd"), Some((0, 4)));
        assert_eq!(find("a.{2}", "a回复"), Some((0, 7)));
    }

    #[test]
    fn a_leading_literal_is_matched_whole_even_where_the_text_ends_short() {
        // The first eight bytes are compared as a zero-padded word: a
        // literal with a NUL must not match text that ends before it.
        assert_eq!(find("ab\u{0}", "ab"), None);
        assert_eq!(find("ab\u{0}|b", "ab"), Some((1, 2)));
        assert_eq!(find("回复", "回"), None);
        assert_eq!(find("回复.{0,2}好", "x回复好"), Some((1, 10)));
        assert_eq!(find("回复.{0,2}(好|坏的)", "回复\n好"), None);
        assert_eq!(find("回复.{0,2}(好|坏的)", "回复很坏"), None);
        assert_eq!(find("回复.{0,2}(好|坏的)", "回复很坏的"), Some((0, 15)));
    }

    #[test]
    fn alternatives_that_begin_alike_are_told_apart_by_two_bytes() {
        let decisive = [
            "回复1比回复2更好",
            "回复2不如回复1",
            "回复2不正确",
            "回复2.{0,1}更差",
        ];
        let p = Pattern::alternatives(&decisive).unwrap();
        let narrow = p.narrow.as_ref().expect("bytes that tell them apart");
        // `回复1更好` is none of them: nothing is left to check.
        let at = |t: &str| narrow.allowed(t.as_bytes(), 0);
        assert_eq!(at("回复1更好"), 0);
        assert_eq!(at("回复2不如回复1") & 0b0011, 0b0010);
        let alt = |t: &str| p.find(t).map(|m| m.alternative);
        assert_eq!(alt("我认为回复2不如回复1。"), Some(1));
        assert_eq!(alt("回复2不正确"), Some(2));
        assert_eq!(alt("回复2\u{0}更差"), Some(3));
        assert_eq!(alt("回复1比回复2更好"), Some(0));
        assert_eq!(alt("回复2不"), None);
        // Text that ends before an offset reads as NUL there: a literal
        // with a NUL is still checked, and matched only in full.
        let nul = Pattern::alternatives(&["ab\u{0}c", "abd"]).unwrap();
        assert!(nul.narrow.is_some());
        assert_eq!(nul.find("ab"), None);
        assert_eq!(nul.find("ab\u{0}c").map(|m| m.alternative), Some(0));
        // Alternatives alike for sixteen bytes, or unlike from the first,
        // need no lookup.
        assert!(
            Pattern::alternatives(&["两个回复都(很好|不好)", "两个回复都.{0,5}问题"])
                .unwrap()
                .narrow
                .is_none()
        );
        assert!(Pattern::alternatives(&["ab", "cd"])
            .unwrap()
            .narrow
            .is_none());
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
        for bad in [
            "a*",
            "[ab]",
            "a+",
            "(a",
            "a)",
            "\\w",
            "a{2,1}",
            "{1}",
            "(a|){2}",
            "a{0,1001}",
        ] {
            assert!(Pattern::new(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn more_than_64_alternatives_still_match_in_order() {
        let alts: Vec<String> = (0..70).map(|i| format!("k{i}z")).collect();
        let p = Pattern::alternatives(&alts).unwrap();
        assert_eq!(p.find("xx k69z").map(|m| m.alternative), Some(69));
        assert_eq!(p.find("k1z").map(|m| m.alternative), Some(1));
        assert!(p.first_chars().is_none());
    }
}
