//! Which items and models a view scores over.
//!
//! A filter narrows scenarios (level 1), domains (level 2), multi-choice
//! difficulties and model types; `None` means "all". Scores are then pooled
//! over exactly the chosen items.
//!
//! ```
//! use cvalues_core::filter::Filter;
//! let f = Filter { domains: Some(["law".to_string()].into()), ..Filter::default() };
//! assert!(!f.is_everything());
//! ```

use crate::format::{Benchmark, Difficulty, Level, ModelEntry};
use serde::Serialize;
use std::collections::BTreeSet;

/// The chosen subset. The default chooses everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filter {
    /// Level-1 category ids; `None` for all.
    pub scenarios: Option<BTreeSet<String>>,
    /// Level-2 category ids; `None` for all.
    pub domains: Option<BTreeSet<String>>,
    /// Multi-choice difficulties; `None` for both.
    pub difficulties: Option<BTreeSet<Difficulty>>,
    /// Model types (`base`, `SFT`, `RLHF`, `API`); `None` for all.
    pub model_types: Option<BTreeSet<String>>,
}

impl Filter {
    /// Whether nothing is filtered out.
    pub fn is_everything(&self) -> bool {
        *self == Filter::default()
    }

    /// The chosen category ids of `level`; `None` for all.
    pub fn categories(&self, level: Level) -> Option<&BTreeSet<String>> {
        match level {
            Level::Safety => self.scenarios.as_ref(),
            Level::Responsibility => self.domains.as_ref(),
        }
    }

    /// Whether category `id` of `level` is chosen.
    pub fn includes_category(&self, level: Level, id: &str) -> bool {
        self.categories(level).is_none_or(|set| set.contains(id))
    }

    /// Whether a multi-choice difficulty is chosen.
    pub fn includes_difficulty(&self, d: Difficulty) -> bool {
        self.difficulties
            .as_ref()
            .is_none_or(|set| set.contains(&d))
    }

    /// Chooses the difficulties whose names (`easy`, `hard`) `named` accepts.
    pub fn choose_difficulties(&mut self, named: impl Fn(&str) -> bool) {
        let mut chosen = BTreeSet::new();
        for d in Difficulty::ALL.into_iter().filter(|d| named(d.as_str())) {
            chosen.insert(d); // (no `collect`: in wasm each sort it needs is 3 KB)
        }
        self.difficulties = Some(chosen);
    }

    /// Whether a model is shown.
    pub fn includes_model(&self, entry: &ModelEntry) -> bool {
        self.model_types
            .as_ref()
            .is_none_or(|set| set.contains(&entry.kind))
    }

    /// Per level, a mask over the level's categories (by index).
    pub fn category_masks(&self, b: &Benchmark) -> [Vec<bool>; 2] {
        Level::ALL.map(|level| {
            b.level(level)
                .categories
                .iter()
                .map(|c| self.includes_category(level, &c.id))
                .collect()
        })
    }

    /// Checks that every chosen category exists; the error names the first unknown one
    /// and the known ids.
    pub fn check(&self, b: &Benchmark) -> Result<(), String> {
        for level in Level::ALL {
            let known: Vec<&str> = b
                .level(level)
                .categories
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            for id in self.categories(level).into_iter().flatten() {
                if !known.contains(&id.as_str()) {
                    let what = match level {
                        Level::Safety => "scenario",
                        Level::Responsibility => "domain",
                    };
                    return Err(format!(
                        "unknown {what} {id:?}; known: {}",
                        known.join(", ")
                    ));
                }
            }
        }
        Ok(())
    }
}
