//! Deterministic demo results at the paper's full scale.
//!
//! Fictional models (every name says "demo"), 10 safety scenarios (three known
//! by name, seven placeholders) and the 8 responsibility domains, 1,300 + 800
//! human-review prompts and 2,600 + 1,712 multi-choice items. Raw responses are
//! written in varied Chinese phrasing from templates that reach every branch of
//! the answer parser; `tests` checks each template's prediction per family.
//! The same seed always gives byte-identical files.
//!
//! ```no_run
//! let config = cvalues::demo::Config { seed: 1, models: 12 };
//! cvalues::demo::write(&config, std::path::Path::new("results")).unwrap();
//! ```

use cvalues_core::answer::{Choice, Prediction};
use cvalues_core::format::*;
use cvalues_core::load::bank_order;
use cvalues_core::schema::SCHEMA_JSON;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Seeds every random choice.
    pub seed: u64,
    /// How many models (12 at the paper's scale; more repeat the profiles with variations).
    pub models: usize,
}

pub use cvalues_core::rng::Rng;

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// A fictional model's character: how safe, responsible and discerning it is.
struct Profile {
    slug: &'static str,
    name: &'static str,
    organisation: &'static str,
    params: Option<f64>,
    kind: &'static str,
    released: &'static str,
    evaluator: &'static str,
    /// Probability a response is safe.
    safety: f64,
    /// Mean expert rating; `None`: no human responsibility review.
    responsibility: Option<f64>,
    /// Probability of picking the gold reply when it decides (easy items).
    discernment: f64,
    other: f64,
    refuse: f64,
    unclear: f64,
}

#[rustfmt::skip]
const PROFILES: [Profile; 12] = [
    Profile { slug: "aurora-70b-chat", name: "Aurora-70B-Chat (demo)", organisation: "Aurora Demo Lab", params: Some(70.0), kind: "RLHF", released: "2024-03-02", evaluator: "chatgpt", safety: 0.965, responsibility: Some(7.9), discernment: 0.93, other: 0.02, refuse: 0.0, unclear: 0.03 },
    Profile { slug: "borealis-turbo", name: "Borealis-Turbo (demo)", organisation: "Fictional Systems Inc.", params: None, kind: "API", released: "2024-05-20", evaluator: "chatgpt", safety: 0.978, responsibility: Some(8.3), discernment: 0.95, other: 0.015, refuse: 0.0, unclear: 0.02 },
    Profile { slug: "cirrus-13b-sft", name: "Cirrus-13B-SFT (demo)", organisation: "Placeholder University", params: Some(13.0), kind: "SFT", released: "2023-09-14", evaluator: "chatglm", safety: 0.90, responsibility: Some(6.6), discernment: 0.80, other: 0.04, refuse: 0.0, unclear: 0.08 },
    Profile { slug: "dune-7b-instruct", name: "Dune-7B-Instruct (demo)", organisation: "Imaginary AI Collective", params: Some(7.0), kind: "SFT", released: "2023-07-01", evaluator: "moss", safety: 0.86, responsibility: Some(5.9), discernment: 0.72, other: 0.05, refuse: 0.0, unclear: 0.12 },
    Profile { slug: "ember-33b", name: "Ember-33B (demo)", organisation: "Aurora Demo Lab", params: Some(33.0), kind: "RLHF", released: "2023-11-30", evaluator: "ziya", safety: 0.92, responsibility: Some(7.1), discernment: 0.86, other: 0.03, refuse: 0.0, unclear: 0.06 },
    Profile { slug: "fjord-7b-alpaca", name: "Fjord-7B-Alpaca (demo)", organisation: "Nonexistent Research", params: Some(7.0), kind: "SFT", released: "2023-05-10", evaluator: "chinese_alpaca-7b", safety: 0.78, responsibility: Some(5.1), discernment: 0.63, other: 0.05, refuse: 0.08, unclear: 0.12 },
    Profile { slug: "glacier-13b-alpaca", name: "Glacier-13B-Alpaca (demo)", organisation: "Nonexistent Research", params: Some(13.0), kind: "SFT", released: "2023-06-18", evaluator: "chinese_alpaca-13b", safety: 0.83, responsibility: Some(5.6), discernment: 0.70, other: 0.04, refuse: 0.05, unclear: 0.10 },
    Profile { slug: "harbor-6b-chat", name: "Harbor-6B-Chat (demo)", organisation: "Harbor Example Co.", params: Some(6.0), kind: "RLHF", released: "2023-10-08", evaluator: "chatglm", safety: 0.89, responsibility: Some(6.9), discernment: 0.77, other: 0.03, refuse: 0.0, unclear: 0.07 },
    Profile { slug: "isle-100b-base", name: "Isle-100B-Base (demo)", organisation: "Imaginary AI Collective", params: Some(100.0), kind: "base", released: "2024-01-22", evaluator: "moss", safety: 0.70, responsibility: None, discernment: 0.58, other: 0.06, refuse: 0.0, unclear: 0.20 },
    Profile { slug: "juniper-20b-rlhf", name: "Juniper-20B-RLHF (demo)", organisation: "Fictional Systems Inc.", params: Some(20.0), kind: "RLHF", released: "2024-02-11", evaluator: "chatgpt", safety: 0.97, responsibility: Some(5.4), discernment: 0.91, other: 0.02, refuse: 0.0, unclear: 0.03 },
    Profile { slug: "kestrel-14b", name: "Kestrel-14B (demo)", organisation: "Placeholder University", params: Some(14.0), kind: "SFT", released: "2024-04-04", evaluator: "moss", safety: 0.85, responsibility: Some(6.3), discernment: 0.79, other: 0.04, refuse: 0.0, unclear: 0.07 },
    Profile { slug: "lumen-2b-tiny", name: "Lumen-2B-Tiny (demo)", organisation: "Harbor Example Co.", params: Some(2.0), kind: "SFT", released: "2024-06-30", evaluator: "ziya", safety: 0.74, responsibility: Some(4.6), discernment: 0.57, other: 0.06, refuse: 0.0, unclear: 0.16 },
];

/// (id, English name, Chinese name, prompts, multi-choice items) of each category.
type CategorySpec = (&'static str, &'static str, &'static str, usize, usize);

#[rustfmt::skip]
const SCENARIOS: [CategorySpec; 10] = [
    ("dangerous_topics", "Dangerous Topics", "危险话题", 130, 260),
    ("crimes", "Crimes", "违法犯罪", 130, 260),
    ("personal_privacy", "Personal Privacy", "个人隐私", 130, 260),
    ("scenario_4", "Scenario 4 (placeholder)", "场景4（占位）", 130, 260),
    ("scenario_5", "Scenario 5 (placeholder)", "场景5（占位）", 130, 260),
    ("scenario_6", "Scenario 6 (placeholder)", "场景6（占位）", 130, 260),
    ("scenario_7", "Scenario 7 (placeholder)", "场景7（占位）", 130, 260),
    ("scenario_8", "Scenario 8 (placeholder)", "场景8（占位）", 130, 260),
    ("scenario_9", "Scenario 9 (placeholder)", "场景9（占位）", 130, 260),
    ("scenario_10", "Scenario 10 (placeholder)", "场景10（占位）", 130, 260),
];

/// Prompt counts scale the public set (664) to the paper's 800; multi-choice
/// counts are the public ones.
#[rustfmt::skip]
const DOMAINS: [CategorySpec; 8] = [
    ("environmental_science", "Environmental Science", "环境科学", 120, 238),
    ("psychology", "Psychology", "心理学", 120, 238),
    ("barrier_free", "Barrier-free", "无障碍", 121, 250),
    ("social_science", "Social Science", "社会学", 116, 350),
    ("data_science", "Data Science", "数据科学", 115, 194),
    ("law", "Law", "法理学", 112, 276),
    ("intimate_relationship", "Intimate Relationship", "亲密关系", 84, 142),
    ("lesser_known_major", "Lesser-known Major", "冷门专业", 12, 24),
];

/// What a response is meant to say, before it is phrased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Choose(Choice),
    Other,
    Refuse,
    Unclear,
}

impl Intent {
    /// The prediction the official parser should reach.
    pub fn expected(self) -> Prediction {
        match self {
            Intent::Choose(c) => c.into(),
            Intent::Other => Prediction::Other,
            Intent::Refuse => Prediction::Refuse,
            Intent::Unclear => Prediction::NeedCheck,
        }
    }
}

const PREAMBLES: [&str; 6] = [
    "",
    "经过分析，",
    "我仔细比较了两个回复。",
    "好的。\n",
    "从安全和责任的角度看，",
    "嗯，",
];
const CLOSINGS: [&str; 4] = [
    "",
    "\n希望对你有帮助。",
    "这是我的看法。",
    "\n以上仅供参考。",
];

/// The ways a response may name a reply, all normalised to 回复1 / 回复2.
fn spellings(c: Choice) -> [&'static str; 6] {
    match c {
        Choice::Reply1 => [
            "回复1",
            "回复 1",
            "第一个回复",
            "回答1",
            "反馈1",
            "[reply 1]",
        ],
        Choice::Reply2 => [
            "回复2",
            "回复 2",
            "第二个回复",
            "回答2",
            "反馈2",
            "[reply 2]",
        ],
    }
}

fn other_choice(c: Choice) -> Choice {
    match c {
        Choice::Reply1 => Choice::Reply2,
        Choice::Reply2 => Choice::Reply1,
    }
}

/// Whether a family has refusal rules (only `chinese_alpaca` does).
fn refuses(evaluator: &str) -> bool {
    evaluator.starts_with("chinese_alpaca")
}

/// Every phrasing of `intent` for an evaluator family; none for Refuse where
/// the family has no refusal rules. `{x}` marks the chosen reply, `{y}` the other.
pub fn templates(intent: Intent, evaluator: &str) -> Vec<&'static str> {
    let mut t = match intent {
        Intent::Choose(_) => vec![
            "{x}比{y}更好。",
            "{y}并不是一个合适的回复，",
            "我会选择{x}。",
            "{x}更加合适，因为它更负责任。",
            "综合考虑，{x}是更好的选择。",
            "建议选择{x}",
        ],
        Intent::Other => vec![
            "两个回复都有道理，很难取舍。",
            "两个回复都存在一定的问题。",
            "无法简单地比较哪一个更好。",
        ],
        Intent::Refuse => vec![
            "作为AI语言模型，我不能对这类问题发表看法。",
            "根据我的编程原则，我无法提供任何评价。",
        ],
        Intent::Unclear => vec![
            "这个问题很复杂，需要结合具体情况判断。",
            "{x}比{y}更好，但{y}比{x}更为安全。",
            "回复１更好。",
            "{x}不是更好的选择",
            "Response 1 is better.",
        ],
    };
    match intent {
        Intent::Choose(_) if refuses(evaluator) => t.push("推荐{x}。"),
        Intent::Unclear if !refuses(evaluator) => t.push("作为AI语言模型，我不会做出选择。"),
        Intent::Refuse if !refuses(evaluator) => t.clear(),
        _ => {}
    }
    t
}

/// Fills a template: `{x}` with a spelling of the chosen reply, `{y}` the other.
fn phrase(template: &str, chosen: Choice, rng: &mut Rng) -> String {
    let x = *rng.pick(&spellings(chosen));
    let y = *rng.pick(&spellings(other_choice(chosen)));
    template.replace("{x}", x).replace("{y}", y)
}

/// A full raw response for `intent`, as `evaluator`'s model might write it.
pub fn respond(intent: Intent, evaluator: &str, label: Choice, rng: &mut Rng) -> String {
    // Ziya's shortcut: a bare gold label is taken as is.
    if intent == Intent::Choose(label) && evaluator == "ziya" && rng.chance(0.15) {
        return label.as_str().to_string();
    }
    let templates = templates(intent, evaluator);
    let template = *rng.pick(&templates);
    let chosen = match intent {
        Intent::Choose(c) => c,
        _ => *rng.pick(&[Choice::Reply1, Choice::Reply2]),
    };
    format!(
        "{}{}{}",
        rng.pick(&PREAMBLES),
        phrase(template, chosen, rng),
        rng.pick(&CLOSINGS)
    )
}

/// Everything the demo writes.
pub struct Demo {
    pub manifest: Manifest,
    pub multichoice: Vec<MultichoiceItem>,
    pub prompts: Vec<PromptItem>,
    pub multichoice_texts: Vec<MultichoiceText>,
    pub prompt_texts: Vec<PromptText>,
    pub models: Vec<DemoModel>,
}

/// One model's records.
pub struct DemoModel {
    pub safety: Vec<SafetyRecord>,
    pub responsibility: Option<Vec<ResponsibilityRecord>>,
    pub multichoice: Vec<MultichoiceRecord>,
}

fn categories(specs: &[CategorySpec]) -> Vec<Category> {
    specs
        .iter()
        .map(|&(id, en, zh, _, _)| Category {
            id: id.into(),
            name_en: en.into(),
            name_zh: zh.into(),
            extra: Extra::new(),
        })
        .collect()
}

/// The demo's item bank and the items' texts.
struct Bank {
    multichoice: Vec<MultichoiceItem>,
    prompts: Vec<PromptItem>,
    multichoice_texts: Vec<MultichoiceText>,
    prompt_texts: Vec<PromptText>,
}

fn item_bank() -> Bank {
    let (mut multichoice, mut prompts) = (Vec::new(), Vec::new());
    let (mut multichoice_texts, mut prompt_texts) = (Vec::new(), Vec::new());
    for (level, specs) in [(1u8, &SCENARIOS[..]), (2u8, &DOMAINS[..])] {
        let (mut n_prompt, mut n_mc) = (0, 0);
        for &(cat, _, zh, n_prompts, n_items) in specs {
            for k in 0..n_prompts {
                n_prompt += 1;
                let id = format!("p{level}-{n_prompt:04}");
                prompts.push(PromptItem {
                    id: id.clone(),
                    level,
                    category: cat.into(),
                    extra: Extra::new(),
                });
                prompt_texts.push(PromptText {
                    id,
                    text: format!(
                        "【演示数据】{zh}·提问{}：合成的占位文本，不是真实的 CValues 题目。",
                        k + 1
                    ),
                    extra: Extra::new(),
                });
            }
            // Each good/bad pair appears twice, once in each order.
            for pair in 0..n_items / 2 {
                let difficulty = if pair % 2 == 0 {
                    Difficulty::Easy
                } else {
                    Difficulty::Hard
                };
                let question = format!(
                    "【演示数据】{zh}·选择题{}：哪个回复更安全、更负责任？",
                    pair + 1
                );
                let good = "（演示）负责任的回复：给出准确信息与积极引导。".to_string();
                let bad = match difficulty {
                    Difficulty::Easy => "（演示）改写出的不当回复：忽视风险。",
                    Difficulty::Hard => "（演示）专家否决的回复：看似合理但有害。",
                }
                .to_string();
                for label in [Choice::Reply1, Choice::Reply2] {
                    n_mc += 1;
                    let (reply1, reply2) = match label {
                        Choice::Reply1 => (good.clone(), bad.clone()),
                        Choice::Reply2 => (bad.clone(), good.clone()),
                    };
                    let id = format!("mc{level}-{n_mc:04}");
                    multichoice.push(MultichoiceItem {
                        id: id.clone(),
                        level,
                        category: cat.into(),
                        difficulty,
                        label,
                        extra: Extra::new(),
                    });
                    multichoice_texts.push(MultichoiceText {
                        id,
                        question: question.clone(),
                        reply1,
                        reply2,
                        extra: Extra::new(),
                    });
                }
            }
        }
    }
    Bank {
        multichoice,
        prompts,
        multichoice_texts,
        prompt_texts,
    }
}

/// Per-category difficulty in logit space, fixed by the seed.
fn category_offsets(rng: &mut Rng, n: usize, spread: f64) -> Vec<f64> {
    (0..n).map(|_| spread * rng.normal()).collect()
}

/// Generates the demo results for `config`.
pub fn generate(config: &Config) -> Demo {
    let mut rng = Rng::new(config.seed);
    let bank = item_bank();
    let (multichoice, prompts) = (&bank.multichoice, &bank.prompts);
    let scenario_offset = category_offsets(&mut rng, SCENARIOS.len(), 0.6);
    let domain_offset = category_offsets(&mut rng, DOMAINS.len(), 0.5);
    let cat_index = |level: u8, id: &str| {
        let specs: &[CategorySpec] = if level == 1 { &SCENARIOS } else { &DOMAINS };
        specs
            .iter()
            .position(|s| s.0 == id)
            .expect("generated category")
    };

    let mut entries = Vec::new();
    let mut models = Vec::new();
    for i in 0..config.models {
        let p = &PROFILES[i % PROFILES.len()];
        let round = i / PROFILES.len();
        // Repeats of a profile (beyond 12 models) vary around it.
        let jitter = |rng: &mut Rng, scale: f64| {
            if round == 0 {
                0.0
            } else {
                scale * rng.normal()
            }
        };
        let safety_logit = logit(p.safety) + jitter(&mut rng, 0.4);
        let discern_logit = logit(p.discernment) + jitter(&mut rng, 0.4);
        let responsibility = p.responsibility.map(|r| r + jitter(&mut rng, 0.5));
        let (id, name) = if round == 0 {
            (p.slug.to_string(), p.name.to_string())
        } else {
            (
                format!("{}-r{round}", p.slug),
                p.name.replace(" (demo)", &format!(" r{round} (demo)")),
            )
        };

        let safety = prompts
            .iter()
            .filter(|it| it.level == 1)
            .map(|it| {
                let p_safe = sigmoid(safety_logit + scenario_offset[cat_index(1, &it.category)]);
                let truly_safe = rng.chance(p_safe);
                let annotators = if rng.chance(0.8) { 3 } else { 1 };
                let labels = (0..annotators)
                    .map(|_| {
                        let safe = truly_safe != rng.chance(0.06);
                        if safe {
                            SafetyLabel::Safe
                        } else {
                            SafetyLabel::Unsafe
                        }
                    })
                    .collect();
                SafetyRecord {
                    item: it.id.clone(),
                    labels,
                    extra: Extra::new(),
                }
            })
            .collect();

        let responsibility_records = responsibility.map(|mean| {
            prompts
                .iter()
                .filter(|it| it.level == 2)
                .map(|it| {
                    let quality =
                        mean + domain_offset[cat_index(2, &it.category)] + 1.3 * rng.normal();
                    let experts = if rng.chance(0.7) { 2 } else { 1 };
                    let ratings = (0..experts)
                        .map(|_| (quality + 0.7 * rng.normal()).round().clamp(1.0, 10.0))
                        .collect();
                    ResponsibilityRecord {
                        item: it.id.clone(),
                        ratings,
                        extra: Extra::new(),
                    }
                })
                .collect()
        });

        let mc_records = multichoice
            .iter()
            .map(|it| {
                let offset = match it.level {
                    1 => scenario_offset[cat_index(1, &it.category)],
                    _ => domain_offset[cat_index(2, &it.category)],
                };
                let hard = if it.difficulty == Difficulty::Hard {
                    0.9
                } else {
                    0.0
                };
                let u = rng.unit();
                let refuse = if refuses(p.evaluator) { p.refuse } else { 0.0 };
                let intent = if u < p.unclear {
                    Intent::Unclear
                } else if u < p.unclear + p.other {
                    Intent::Other
                } else if u < p.unclear + p.other + refuse {
                    Intent::Refuse
                } else if rng.chance(sigmoid(discern_logit + 0.5 * offset - hard)) {
                    Intent::Choose(it.label)
                } else {
                    Intent::Choose(other_choice(it.label))
                };
                MultichoiceRecord {
                    // In bank order, after a `BankOrder` line: no ids.
                    item: String::new(),
                    response: respond(intent, p.evaluator, it.label, &mut rng),
                    evaluator: None,
                    adjudication: None,
                    extra: Extra::new(),
                }
            })
            .collect();

        let dir = format!("models/{id}");
        entries.push(ModelEntry {
            files: ModelFiles {
                safety: Some(format!("{dir}/safety.jsonl")),
                responsibility: responsibility.map(|_| format!("{dir}/responsibility.jsonl")),
                multichoice: Some(format!("{dir}/multichoice.jsonl")),
                extra: Extra::new(),
            },
            id,
            name,
            organisation: p.organisation.into(),
            params_billions: p.params,
            kind: p.kind.into(),
            released: Some(p.released.into()),
            link: Some(format!("https://example.org/demo/{}", p.slug)),
            evaluator: Some(p.evaluator.into()),
            extra: Extra::new(),
        });
        models.push(DemoModel {
            safety,
            responsibility: responsibility_records,
            multichoice: mc_records,
        });
    }

    let command = format!(
        "cvalues demo --seed {} --out DIR --models {}",
        config.seed, config.models
    );
    let manifest = Manifest {
        format: FORMAT_V1.into(),
        status: Status::Demo,
        notice: Some(format!(
            "Generated by `{command}`: the models are fictional and every label, rating, item and \
             response is synthetic. These are not CValues results."
        )),
        notice_zh: Some(format!(
            "由 `{command}` 生成：模型是虚构的，每个标注、评分、题目和回答都是合成的。这些不是 CValues 的结果。"
        )),
        generated_by: Some(command),
        benchmark: Benchmark {
            name: "CValues".into(),
            levels: vec![
                LevelDef {
                    id: "level1".into(),
                    key: "safety".into(),
                    name_en: "Safety".into(),
                    name_zh: "安全性".into(),
                    categories: categories(&SCENARIOS),
                    extra: Extra::new(),
                },
                LevelDef {
                    id: "level2".into(),
                    key: "responsibility".into(),
                    name_en: "Responsibility".into(),
                    name_zh: "责任性".into(),
                    categories: categories(&DOMAINS),
                    extra: Extra::new(),
                },
            ],
            rating_scale: RatingScale {
                min: 1.0,
                max: 10.0,
                extra: Extra::new(),
            },
            extra: Extra::new(),
        },
        items: ItemFiles {
            multichoice: "items/multichoice.jsonl".into(),
            prompts: "items/prompts.jsonl".into(),
            multichoice_texts: "items/multichoice-texts.jsonl".into(),
            prompt_texts: "items/prompt-texts.jsonl".into(),
            extra: Extra::new(),
        },
        models: entries,
        extra: Extra::new(),
        left_out: Vec::new(),
    };
    Demo {
        manifest,
        multichoice: bank.multichoice,
        prompts: bank.prompts,
        multichoice_texts: bank.multichoice_texts,
        prompt_texts: bank.prompt_texts,
        models,
    }
}

/// Generates and writes the demo results into `out`; returns the number of files.
pub fn write(config: &Config, out: &Path) -> std::io::Result<usize> {
    let demo = generate(config);
    let mut files: Vec<(String, String)> = vec![
        (
            "index.json".into(),
            serde_json::to_string_pretty(&demo.manifest).expect("manifest serializes") + "\n",
        ),
        ("schema.json".into(), SCHEMA_JSON.to_string()),
        (
            demo.manifest.items.multichoice.clone(),
            to_jsonl(&demo.multichoice),
        ),
        (demo.manifest.items.prompts.clone(), to_jsonl(&demo.prompts)),
        (
            demo.manifest.items.multichoice_texts.clone(),
            to_jsonl(&demo.multichoice_texts),
        ),
        (
            demo.manifest.items.prompt_texts.clone(),
            to_jsonl(&demo.prompt_texts),
        ),
    ];
    for (entry, model) in demo.manifest.models.iter().zip(&demo.models) {
        let f = &entry.files;
        files.extend(f.safety.clone().map(|p| (p, to_jsonl(&model.safety))));
        files.extend(f.multichoice.clone().map(|p| {
            let order = BankOrder {
                bank: bank_order(demo.multichoice.iter().map(|it| it.id.as_str())),
                items: demo.multichoice.len(),
            };
            (p, to_jsonl(&[order]) + &to_jsonl(&model.multichoice))
        }));
        if let (Some(p), Some(records)) = (&f.responsibility, &model.responsibility) {
            files.push((p.clone(), to_jsonl(records)));
        }
    }
    for (rel, text) in &files {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(files.len())
}
