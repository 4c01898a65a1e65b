//! The rule matcher agrees with the `regex` crate (an independent engine) on
//! every official pattern, over random texts made from rule fragments; and a
//! family's whole parse agrees with PROTOCOL.md's steps written plainly with
//! that engine.

use cvalues_core::answer::{Choice, Pattern, Prediction, RuleSet, OFFICIAL_RULES_JSON};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn pattern_lists() -> Vec<(String, Vec<String>)> {
    let rules: serde_json::Value = serde_json::from_str(OFFICIAL_RULES_JSON).unwrap();
    let mut lists = Vec::new();
    for (family, f) in rules["families"].as_object().unwrap() {
        for list in ["decisive_1", "decisive_2", "candidate", "other", "refuse"] {
            let alts = f[list]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string());
            lists.push((format!("{family}.{list}"), alts.collect()));
        }
    }
    lists
}

/// Fragments of the rules themselves, plus digits, newlines and filler.
fn vocabulary() -> Vec<String> {
    let mut vocab: Vec<String> = [
        "回复1", "回复2", "回复", "１", "٢", "3", "\n", "不", "比", "我", "，", "。", "a", "更",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    for (_, alts) in pattern_lists() {
        for alt in alts {
            for piece in alt.split(['(', ')', '|', '{', '}', '.', '\\', ',']) {
                if !piece.is_empty() && !piece.chars().all(|c| c.is_ascii_digit()) {
                    vocab.push(piece.trim_start_matches('d').to_string());
                }
            }
        }
    }
    vocab.retain(|s| !s.is_empty());
    vocab.sort();
    vocab.dedup();
    vocab
}

#[test]
fn agrees_with_regex_crate_on_random_texts() {
    let vocab = vocabulary();
    let lists = pattern_lists();
    let compiled: Vec<_> = lists
        .iter()
        .filter(|(_, alts)| !alts.is_empty())
        .map(|(name, alts)| {
            (
                name,
                Pattern::alternatives(alts).unwrap(),
                regex::Regex::new(&alts.join("|")).unwrap(),
            )
        })
        .collect();
    let mut rng = Rng(0x5EED_C0DE);
    let mut matches = 0;
    for _ in 0..8000 {
        let text: String = (0..1 + rng.below(12))
            .map(|_| vocab[rng.below(vocab.len())].as_str())
            .collect();
        for (name, ours, oracle) in &compiled {
            let got = ours.find(&text).map(|m| (m.start, m.end));
            let want = oracle.find(&text).map(|m| (m.start(), m.end()));
            assert_eq!(got, want, "{name} on {text:?}");
            matches += usize::from(want.is_some());
        }
    }
    // The texts must exercise matches, not only misses.
    assert!(
        matches > 10_000,
        "only {matches} matches: the generator is too weak"
    );
}

#[test]
fn digit_class_agrees_with_regex_crate_on_all_of_unicode() {
    let ours = Pattern::new("\\d").unwrap();
    let oracle = regex::Regex::new("^\\d$").unwrap();
    let mut buf = [0u8; 4];
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let s = c.encode_utf8(&mut buf);
        assert_eq!(ours.is_match(s), oracle.is_match(s), "U+{:04X}", c as u32);
    }
}

/// A random pattern in the supported dialect: nested groups, classes and
/// repetitions of things that cannot match empty.
fn random_pattern(rng: &mut Rng, depth: usize) -> String {
    let alternatives = 1 + rng.below(3);
    (0..alternatives)
        .map(|_| {
            let atoms = 1 + rng.below(4);
            (0..atoms)
                .map(|_| {
                    let atom = match rng.below(if depth > 0 { 6 } else { 5 }) {
                        0 => ".".to_string(),
                        1 => "\\d".to_string(),
                        2 => ["回", "复", "a"][rng.below(3)].to_string(),
                        3 => ["ab", "回复", "1"][rng.below(3)].to_string(),
                        4 => format!(
                            "({}|{})",
                            ["a", "b", "回复"][rng.below(3)],
                            ["ab", "复", "2"][rng.below(3)]
                        ),
                        _ => format!("({})", random_pattern(rng, depth - 1)),
                    };
                    // Repeat only an atom that cannot match empty.
                    let can_repeat = !atom.starts_with('(') || !atom.contains("||");
                    match rng.below(5) {
                        0 if can_repeat => format!("{atom}?"),
                        1 if can_repeat => {
                            let lo = rng.below(3);
                            format!("{atom}{{{lo},{}}}", lo + rng.below(3))
                        }
                        _ => atom,
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("|")
}

#[test]
fn agrees_with_regex_crate_on_random_patterns() {
    let mut rng = Rng(0x0D1A_1EC7);
    let alphabet = ["a", "b", "回", "复", "1", "2", "٣", "\n"];
    let (mut compared, mut matches, mut refused) = (0, 0, 0);
    while compared < 3000 {
        let source = random_pattern(&mut rng, 2);
        let ours = match Pattern::new(&source) {
            Ok(p) => p,
            Err(e) => {
                // Only repetitions of something that can match empty are refused.
                assert_eq!(e.message, "repetition of something that can match empty");
                refused += 1;
                continue;
            }
        };
        let oracle = regex::Regex::new(&source).unwrap();
        compared += 1;
        for _ in 0..20 {
            let text: String = (0..rng.below(10))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            let got = ours.find(&text).map(|m| (m.start, m.end));
            let want = oracle.find(&text).map(|m| (m.start(), m.end()));
            assert_eq!(got, want, "{source:?} on {text:?}");
            matches += usize::from(want.is_some());
        }
    }
    assert!(matches > 10_000, "only {matches} matches");
    assert!(refused < compared, "{refused} patterns refused");
}

/// PROTOCOL.md's steps 1 to 7, written plainly with the `regex` crate and
/// `str::replace`: the reference for [`family_parse_agrees_with_the_protocol_on_random_texts`].
struct Reference {
    normalize: Vec<(String, String)>,
    /// decisive_1, decisive_2, candidate, other, refuse (`None`: an empty list).
    lists: Vec<Option<regex::Regex>>,
    exact_label_shortcut: bool,
}

impl Reference {
    fn new(family: &str) -> Reference {
        let rules: serde_json::Value = serde_json::from_str(OFFICIAL_RULES_JSON).unwrap();
        let f = &rules["families"][family];
        let strings = |v: &serde_json::Value| -> Vec<String> {
            let all = v.as_array().unwrap().iter();
            all.map(|s| s.as_str().unwrap().to_string()).collect()
        };
        let lists = ["decisive_1", "decisive_2", "candidate", "other", "refuse"]
            .iter()
            .map(|list| {
                let alts = strings(&f[*list]);
                (!alts.is_empty()).then(|| regex::Regex::new(&alts.join("|")).unwrap())
            })
            .collect();
        let normalize = rules["normalize"].as_array().unwrap().iter();
        Reference {
            normalize: normalize
                .map(|pair| {
                    (
                        pair[0].as_str().unwrap().into(),
                        pair[1].as_str().unwrap().into(),
                    )
                })
                .collect(),
            lists,
            exact_label_shortcut: f["exact_label_shortcut"].as_bool().unwrap(),
        }
    }

    fn parse(&self, response: &str, label: Choice) -> Prediction {
        let text =
            (self.normalize.iter()).fold(response.to_string(), |t, (from, to)| t.replace(from, to));
        if self.exact_label_shortcut && text == label.as_str() {
            return label.into();
        }
        let found = |i: usize| self.lists[i].as_ref().and_then(|r| r.find(&text));
        match (found(0).is_some(), found(1).is_some()) {
            (true, false) => return Prediction::Reply1,
            (false, true) => return Prediction::Reply2,
            (true, true) => return Prediction::NeedCheck,
            (false, false) => {}
        }
        if let Some(m) = found(2) {
            let m = m.as_str();
            if m.contains('不') {
                return Prediction::NeedCheck;
            }
            match (m.contains("回复1"), m.contains("回复2")) {
                (true, false) => return Prediction::Reply1,
                (false, true) => return Prediction::Reply2,
                _ => {}
            }
        }
        if found(3).is_some() {
            return Prediction::Other;
        }
        if found(4).is_some() {
            return Prediction::Refuse;
        }
        Prediction::NeedCheck
    }
}

#[test]
fn family_parse_agrees_with_the_protocol_on_random_texts() {
    // The rules' fragments, and what normalising rewrites (spaces, brackets,
    // the other names of the replies), so replacements meet the patterns.
    let mut vocab = vocabulary();
    vocab.extend(
        [
            " ",
            "[",
            "]",
            "[reply 1]",
            "回 复1",
            "第一个回复",
            "第二个",
            "反馈",
            "回答2",
            "答1",
        ]
        .map(String::from),
    );
    let mut rng = Rng(0xFA_3117);
    for name in ["chatgpt", "moss", "ziya", "chinese_alpaca"] {
        let family = RuleSet::official().evaluator(name).unwrap();
        let reference = Reference::new(name);
        let mut seen = std::collections::BTreeMap::new();
        for _ in 0..6000 {
            let text: String = (0..1 + rng.below(10))
                .map(|_| vocab[rng.below(vocab.len())].as_str())
                .collect();
            let label = [Choice::Reply1, Choice::Reply2][rng.below(2)];
            let want = reference.parse(&text, label);
            assert_eq!(family.parse(&text, Some(label)), want, "{name} on {text:?}");
            *seen.entry(want).or_insert(0) += 1;
        }
        // Every outcome but a refusal (only one family has refusal rules)
        // must come up often, or the texts test too little.
        for p in [
            Prediction::Reply1,
            Prediction::Reply2,
            Prediction::Other,
            Prediction::NeedCheck,
        ] {
            assert!(seen.get(&p).copied().unwrap_or(0) > 100, "{name}: {seen:?}");
        }
    }
}
