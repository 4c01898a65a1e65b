//! The whole view state, and its home in the URL's query string.
//!
//! Every choice a reader makes (page, filters, sort, selected models, shown
//! intervals, the comparison's level, metric and category) is a field here,
//! and [`ViewState::to_query`] / [`ViewState::from_query`] round-trip it, so
//! reloading or sharing a link restores the view exactly. Absent keys mean
//! the defaults; an empty list (`domains=`) means "none chosen".
//!
//! ```ignore
//! let s = ViewState::from_query("?view=compare&level=2&domains=law");
//! assert_eq!(ViewState::from_query(&s.to_query()), s);
//! ```

use crate::i18n::Lang;
use crate::number::{full_number, parse_decimal};
use cvalues_core::compare::AutoMetric;
use cvalues_core::filter::Filter;
use cvalues_core::format::{Difficulty, Level};
use cvalues_core::score::LEADERBOARD_METRICS;
use std::collections::BTreeSet;

/// Which page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Leaderboard,
    Compare,
    /// One model's page; [`ViewState::model`] says which.
    Model,
    /// How every number is computed, and where the results come from.
    Methodology,
}

/// Which records the item explorer lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemSet {
    Multichoice,
    Safety,
    Responsibility,
}

impl ItemSet {
    pub const ALL: [ItemSet; 3] = [
        ItemSet::Multichoice,
        ItemSet::Safety,
        ItemSet::Responsibility,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ItemSet::Multichoice => "mc",
            ItemSet::Safety => "safety",
            ItemSet::Responsibility => "responsibility",
        }
    }
}

/// The item explorer's choices.
#[derive(Debug, Clone, PartialEq)]
pub struct Explore {
    pub set: ItemSet,
    /// Multi-choice level; `None` for both.
    pub level: Option<Level>,
    pub category: Option<String>,
    pub difficulty: Option<Difficulty>,
    /// `correct`, `wrong`, `other`, `refuse`, `need_check` (multi-choice) or `safe`, `unsafe`.
    pub outcome: Option<String>,
    /// Responsibility ratings between these (inclusive).
    pub rating_min: Option<f64>,
    pub rating_max: Option<f64>,
    /// Matches item ids, questions, prompts and responses.
    pub text: String,
    /// 0-based page of results.
    pub page: usize,
    /// Another model to show beside this one.
    pub vs: Option<String>,
}

impl Default for Explore {
    fn default() -> Explore {
        Explore {
            set: ItemSet::Multichoice,
            level: None,
            category: None,
            difficulty: None,
            outcome: None,
            rating_min: None,
            rating_max: None,
            text: String::new(),
            page: 0,
            vs: None,
        }
    }
}

/// What the table is sorted by: `None` for the model name, else a metric path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub metric: Option<&'static str>,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Sort {
        Sort {
            metric: Some(LEADERBOARD_METRICS[0].path),
            descending: true,
        }
    }
}

impl Sort {
    /// Clicking a header: the same column flips; another starts best first
    /// (highest score, or A to Z for names).
    pub fn toggled(&self, metric: Option<&'static str>) -> Sort {
        if self.metric == metric {
            Sort {
                metric,
                descending: !self.descending,
            }
        } else {
            Sort {
                metric,
                descending: metric.is_some(),
            }
        }
    }

    /// The `aria-sort` value of a column.
    pub fn aria(&self, metric: Option<&'static str>) -> &'static str {
        match (self.metric == metric, self.descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        }
    }
}

/// The comparison page's choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareChoice {
    pub level: Level,
    pub metric: AutoMetric,
    /// A category of `level`, or `None` for the whole level.
    pub category: Option<String>,
}

impl Default for CompareChoice {
    fn default() -> CompareChoice {
        CompareChoice {
            level: Level::Responsibility,
            metric: AutoMetric::Acc,
            category: None,
        }
    }
}

/// Everything the URL holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewState {
    pub page: Page,
    pub filter: Filter,
    pub sort: Sort,
    /// Models picked by the reader; when any are, charts show only them.
    pub selected: BTreeSet<String>,
    /// Whether the table shows 95% intervals.
    pub show_intervals: bool,
    pub compare: CompareChoice,
    /// The model of the model page.
    pub model: Option<String>,
    pub explore: Explore,
    /// The language the link asks for (`prefs.js` applies it on load).
    pub lang: Option<Lang>,
}

impl Default for ViewState {
    fn default() -> ViewState {
        ViewState {
            page: Page::Leaderboard,
            filter: Filter::default(),
            sort: Sort::default(),
            selected: BTreeSet::new(),
            show_intervals: false,
            compare: CompareChoice::default(),
            model: None,
            explore: Explore::default(),
            lang: None,
        }
    }
}

fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().map(encode).collect::<Vec<_>>().join(",")
}

/// Percent-encodes everything but unreserved characters.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// Decodes `%XX` escapes and `+`; invalid escapes are kept as they are.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |i: usize| {
        let pair = bytes.get(i + 1..i + 3)?;
        u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex(i)) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn set(value: &str) -> BTreeSet<String> {
    value
        .split(',')
        .filter(|s| !s.is_empty())
        .map(decode)
        .collect()
}

impl ViewState {
    /// The query string (with its `?`, or empty for the default view).
    pub fn to_query(&self) -> String {
        let d = ViewState::default();
        let mut q: Vec<String> = Vec::new();
        match self.page {
            Page::Leaderboard => {}
            Page::Compare => q.push("view=compare".into()),
            Page::Model => q.push("view=model".into()),
            Page::Methodology => q.push("view=methodology".into()),
        }
        if let Some(m) = &self.model {
            q.push(format!("model={}", encode(m)));
        }
        let f = &self.filter;
        for (key, value) in [
            ("scenarios", &f.scenarios),
            ("domains", &f.domains),
            ("types", &f.model_types),
        ] {
            if let Some(v) = value {
                q.push(format!("{key}={}", list(v.iter().map(String::as_str))));
            }
        }
        if let Some(v) = &f.difficulties {
            q.push(format!("difficulty={}", list(v.iter().map(|d| d.as_str()))));
        }
        if self.sort != d.sort {
            q.push(format!("sort={}", self.sort.metric.unwrap_or("name")));
            q.push(format!(
                "dir={}",
                if self.sort.descending { "desc" } else { "asc" }
            ));
        }
        if !self.selected.is_empty() {
            q.push(format!(
                "models={}",
                list(self.selected.iter().map(String::as_str))
            ));
        }
        if self.show_intervals {
            q.push("ci=1".into());
        }
        let c = &self.compare;
        if c.level != d.compare.level {
            q.push(format!("level={}", c.level.number()));
        }
        if c.metric != d.compare.metric {
            q.push(format!("metric={}", c.metric.key()));
        }
        if let Some(cat) = &c.category {
            q.push(format!("category={}", encode(cat)));
        }
        let e = &self.explore;
        if e.set != ItemSet::Multichoice {
            q.push(format!("set={}", e.set.key()));
        }
        if let Some(l) = e.level {
            q.push(format!("elevel={}", l.number()));
        }
        for (key, value) in [
            ("ecat", &e.category),
            ("outcome", &e.outcome),
            ("vs", &e.vs),
        ] {
            if let Some(v) = value {
                q.push(format!("{key}={}", encode(v)));
            }
        }
        if let Some(d) = e.difficulty {
            q.push(format!("ediff={}", d.as_str()));
        }
        for (key, value) in [("rmin", e.rating_min), ("rmax", e.rating_max)] {
            if let Some(v) = value {
                q.push(format!("{key}={}", full_number(v)));
            }
        }
        if !e.text.is_empty() {
            q.push(format!("q={}", encode(&e.text)));
        }
        if e.page > 0 {
            q.push(format!("p={}", e.page + 1));
        }
        if let Some(lang) = self.lang {
            q.push(format!("lang={}", lang.key()));
        }
        if q.is_empty() {
            String::new()
        } else {
            format!("?{}", q.join("&"))
        }
    }

    /// Reads a query string (with or without its `?`); unknown keys and
    /// values are ignored, so an old or hand-edited link still opens.
    pub fn from_query(query: &str) -> ViewState {
        ViewState::from_query_checked(query).0
    }

    /// [`ViewState::from_query`], and the parts of the query it ignored
    /// (`key=value`, decoded), for the page to say so.
    pub fn from_query_checked(query: &str) -> (ViewState, Vec<String>) {
        let mut s = ViewState::default();
        let mut ignored = Vec::new();
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let understood = match key {
                "view" if value == "compare" => {
                    s.page = Page::Compare;
                    true
                }
                "view" if value == "model" => {
                    s.page = Page::Model;
                    true
                }
                "view" if value == "methodology" => {
                    s.page = Page::Methodology;
                    true
                }
                "lang" => Lang::from_key(value).map(|l| s.lang = Some(l)).is_some(),
                "model" => {
                    s.model = Some(decode(value));
                    true
                }
                "set" => ItemSet::ALL
                    .into_iter()
                    .find(|k| k.key() == value)
                    .map(|set| s.explore.set = set)
                    .is_some(),
                "elevel" => {
                    s.explore.level = value.parse().ok().and_then(Level::from_number);
                    s.explore.level.is_some()
                }
                "ecat" => {
                    s.explore.category = Some(decode(value));
                    true
                }
                "outcome" => {
                    s.explore.outcome = Some(decode(value));
                    true
                }
                "vs" => {
                    s.explore.vs = Some(decode(value));
                    true
                }
                "ediff" => {
                    s.explore.difficulty =
                        Difficulty::ALL.into_iter().find(|d| d.as_str() == value);
                    s.explore.difficulty.is_some()
                }
                "rmin" => {
                    s.explore.rating_min = parse_decimal(value);
                    s.explore.rating_min.is_some()
                }
                "rmax" => {
                    s.explore.rating_max = parse_decimal(value);
                    s.explore.rating_max.is_some()
                }
                "q" => {
                    s.explore.text = decode(value);
                    true
                }
                "p" => match value.parse::<usize>() {
                    Ok(p) => {
                        s.explore.page = p.saturating_sub(1);
                        true
                    }
                    Err(_) => false,
                },
                "scenarios" => {
                    s.filter.scenarios = Some(set(value));
                    true
                }
                "domains" => {
                    s.filter.domains = Some(set(value));
                    true
                }
                "types" => {
                    s.filter.model_types = Some(set(value));
                    true
                }
                "difficulty" => {
                    let chosen = set(value);
                    s.filter.choose_difficulties(|d| chosen.contains(d));
                    true
                }
                "sort" if value == "name" => {
                    s.sort.metric = None;
                    true
                }
                "sort" => LEADERBOARD_METRICS
                    .iter()
                    .find(|m| m.path == value)
                    .map(|m| s.sort.metric = Some(m.path))
                    .is_some(),
                "dir" => {
                    s.sort.descending = value != "asc";
                    matches!(value, "asc" | "desc")
                }
                "models" => {
                    s.selected = set(value);
                    true
                }
                "ci" => {
                    s.show_intervals = value == "1";
                    matches!(value, "0" | "1")
                }
                "level" => value
                    .parse()
                    .ok()
                    .and_then(Level::from_number)
                    .map(|l| s.compare.level = l)
                    .is_some(),
                "metric" => AutoMetric::ALL
                    .into_iter()
                    .find(|m| m.key() == value)
                    .map(|m| s.compare.metric = m)
                    .is_some(),
                "category" => {
                    s.compare.category = Some(decode(value));
                    true
                }
                _ => false,
            };
            if !understood {
                ignored.push(decode(pair));
            }
        }
        (s, ignored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_view_has_an_empty_query() {
        assert_eq!(ViewState::default().to_query(), "");
        assert_eq!(ViewState::from_query(""), ViewState::default());
    }

    #[test]
    fn every_field_round_trips() {
        let state = ViewState {
            page: Page::Compare,
            filter: Filter {
                scenarios: Some(["crimes".to_string(), "a b&c".to_string()].into()),
                domains: Some(BTreeSet::new()),
                difficulties: Some([Difficulty::Hard].into()),
                model_types: Some(["RLHF".to_string()].into()),
            },
            sort: Sort {
                metric: Some("auto.level2.acc_star"),
                descending: false,
            },
            selected: ["m-1".to_string(), "m,2".to_string()].into(),
            show_intervals: true,
            compare: CompareChoice {
                level: Level::Safety,
                metric: AutoMetric::AccStar,
                category: Some("crimes".into()),
            },
            model: Some("aurora-70b-chat".into()),
            explore: Explore {
                set: ItemSet::Responsibility,
                level: Some(Level::Responsibility),
                category: Some("law".into()),
                difficulty: Some(Difficulty::Easy),
                outcome: Some("need_check".into()),
                rating_min: Some(2.5),
                rating_max: Some(7.0),
                text: "回复 2 & ?".into(),
                page: 3,
                vs: Some("juniper-20b-rlhf".into()),
            },
            lang: Some(Lang::Zh),
        };
        let q = state.to_query();
        assert_eq!(
            ViewState::from_query_checked(&q),
            (state.clone(), vec![]),
            "{q}"
        );
        let by_name = ViewState {
            sort: Sort {
                metric: None,
                descending: false,
            },
            ..ViewState::default()
        };
        assert_eq!(ViewState::from_query(&by_name.to_query()), by_name);
    }

    /// URL state is input from anyone who writes a link: mutations of real
    /// queries (bytes changed, cut, repeated; `%` escapes and separators put
    /// in) never panic, and what is read is read back the same from its own
    /// query.
    #[test]
    fn any_query_reads_without_panic_and_round_trips() {
        let seeds = [
            "?view=model&model=aurora-70b-chat&elevel=1&outcome=need_check&q=%E5%9B%9E&p=3",
            "?scenarios=crimes,a%20b%26c&domains=&difficulty=hard&types=RLHF&sort=auto.level2.acc_star&dir=asc",
            "?view=compare&clevel=1&cmetric=acc_star&ccat=crimes&sel=m-1,m%2C2&ci=1&rmin=2.5&rmax=7",
            "?view=methodology&scenarios=crimes&lang=zh",
        ];
        let pieces = [
            "%", "%E5", "%ZZ", "&", "=", ",", "?", "#", "+", "回", "\u{0}", "-1", "1e999",
        ];
        let mut rng = cvalues_core::rng::Rng::new(0x0E1);
        for _ in 0..20_000 {
            let mut q = seeds[rng.below(seeds.len())].to_string();
            for _ in 0..1 + rng.below(4) {
                let mut at = rng.below(q.len() + 1);
                while !q.is_char_boundary(at) {
                    at -= 1;
                }
                match rng.below(3) {
                    0 => q.insert_str(at, pieces[rng.below(pieces.len())]),
                    1 => q.truncate(at),
                    _ => {
                        let tail = q[at..].to_string();
                        q.push_str(&tail);
                    }
                }
            }
            let state = ViewState::from_query(&q);
            let again = state.to_query();
            let (read, ignored) = ViewState::from_query_checked(&again);
            assert_eq!(read, state, "{q} -> {again}");
            assert_eq!(
                ignored,
                Vec::<String>::new(),
                "the page's own query: {again}"
            );
        }
    }

    #[test]
    fn junk_is_ignored() {
        let (s, ignored) = ViewState::from_query_checked(
            "?sort=drop%20table&level=9&metric=x&view=nope&zzz=1&%=&p=x&ci=2&ediff=hard",
        );
        let mut want = ViewState::default();
        want.explore.difficulty = Some(Difficulty::Hard);
        assert_eq!(s, want);
        assert_eq!(
            ignored,
            [
                "sort=drop table",
                "level=9",
                "metric=x",
                "view=nope",
                "zzz=1",
                "%=",
                "p=x",
                "ci=2"
            ]
        );
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%E5%9B%9E"), "回");
    }
}
