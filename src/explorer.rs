//! The item explorer: a model's items, filtered and paginated, down to why
//! each prediction was made, beside another model's answer if chosen, with
//! adjudication of the responses the rules could not decide.

use crate::app::ProblemList;
use crate::export::{download_now, Download};
use crate::fetch::ensure_texts;
use crate::i18n::{pick, t, tf};
use crate::number::parse_decimal;
use crate::state::{Explore, ItemSet, ViewState};
use crate::storage::store_adjudications;
use cvalues_core::adjudication::{adjudicate, to_jsonl as adjudications_jsonl, Adjudication};
use cvalues_core::answer::{Choice, Explanation, Prediction, RuleSet};
use cvalues_core::format::to_jsonl;
use cvalues_core::format::{Difficulty, Level, SafetyLabel};
use cvalues_core::load::{text_files, ItemTexts, Results};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Items per page.
pub const PAGE_SIZE: usize = 20;

/// One model's answer to a multi-choice item.
#[derive(Debug, Clone, PartialEq)]
struct Answer {
    model_id: String,
    model_name: String,
    response: String,
    why: Explanation,
    adjudication: Option<Prediction>,
    prediction: Prediction,
}

/// A multi-choice item with this model's answer, and another's if chosen.
#[derive(Debug, Clone, PartialEq)]
struct ChoiceCard {
    id: String,
    category: String,
    difficulty: Difficulty,
    question: String,
    replies: [String; 2],
    label: Choice,
    answer: Answer,
    vs: Option<Answer>,
}

#[derive(Debug, Clone, PartialEq)]
enum Card {
    Choice(Box<ChoiceCard>),
    Safety {
        id: String,
        category: String,
        text: String,
        labels: Vec<&'static str>,
        safe: bool,
    },
    Rating {
        id: String,
        category: String,
        text: String,
        ratings: Vec<f64>,
        mean: f64,
    },
}

/// Bank item `i`'s question and replies; empty where the texts file lacks them.
fn choice_text(t: &ItemTexts, i: usize) -> (&str, &str, &str) {
    t.multichoice[i].as_ref().map_or(("", "", ""), |t| {
        (t.question.as_str(), t.reply1.as_str(), t.reply2.as_str())
    })
}

/// Prompt `i`'s text; empty where the texts file lacks it.
fn prompt_text(t: &ItemTexts, i: usize) -> &str {
    t.prompts[i].as_ref().map_or("", |t| t.text.as_str())
}

/// Whether any of `haystacks` contains `needle`, ignoring the case of Latin
/// letters (ids, English words; Chinese has no case). Unicode-wide case
/// folding would put its tables in the first view's wasm.
fn matches_text(needle: &str, haystacks: &[&str]) -> bool {
    let needle = needle.as_bytes();
    // UTF-8 is self-synchronising: a window equal to a whole string's bytes
    // starts and ends on character boundaries.
    needle.is_empty()
        || haystacks.iter().any(|h| {
            h.as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle))
        })
}

fn outcome_key(prediction: Prediction, label: Choice) -> &'static str {
    match prediction {
        Prediction::Other => "other",
        Prediction::Refuse => "refuse",
        Prediction::NeedCheck => "need_check",
        p if p.is_correct(label) => "correct",
        _ => "wrong",
    }
}

/// Model `model`'s answer to bank item `item`, explained.
fn answer(r: &Results, model: usize, item: usize) -> Option<Answer> {
    let m = &r.models[model];
    let k = m
        .outcomes
        .multichoice
        .iter()
        .position(|&(i, _)| i == item)?;
    let record = &m.multichoice.as_ref()?[k];
    let name = record
        .evaluator
        .as_deref()
        .or(m.entry.evaluator.as_deref())?;
    let why = RuleSet::official()
        .evaluator(name)?
        .explain(&record.response, Some(r.bank.multichoice[item].label));
    Some(Answer {
        model_id: m.entry.id.clone(),
        model_name: m.entry.name.clone(),
        response: record.response.clone(),
        why,
        adjudication: record.adjudication,
        prediction: m.outcomes.multichoice[k].1,
    })
}

fn category_name(r: &Results, level: Level, index: usize) -> String {
    let c = &r.manifest.benchmark.level(level).categories[index];
    pick(&c.name_en, &c.name_zh).to_string()
}

/// The cards of the current page, and how many items match in all; none
/// until the items' texts are loaded.
fn list(r: &Results, model: usize, e: &Explore) -> (Vec<Card>, usize) {
    let Some(texts) = &r.texts else {
        return (Vec::new(), 0);
    };
    let m = &r.models[model];
    let vs =
        e.vs.as_ref()
            .and_then(|id| r.models.iter().position(|x| &x.entry.id == id));
    let page = |total: usize| e.page * PAGE_SIZE..((e.page + 1) * PAGE_SIZE).min(total);
    let bank = &r.bank;
    match e.set {
        ItemSet::Multichoice => {
            let Some(records) = &m.multichoice else {
                return (Vec::new(), 0);
            };
            let hits: Vec<usize> = records
                .iter()
                .zip(&m.outcomes.multichoice)
                .filter(|(rec, (i, pred))| {
                    let (it, p) = (&bank.multichoice[*i], bank.multichoice_placement[*i]);
                    e.level.is_none_or(|l| l == p.level)
                        && e.category.as_ref().is_none_or(|c| &it.category == c)
                        && e.difficulty.is_none_or(|d| d == it.difficulty)
                        && e.outcome
                            .as_deref()
                            .is_none_or(|o| o == outcome_key(*pred, it.label))
                        && matches_text(&e.text, &[&it.id, choice_text(texts, *i).0, &rec.response])
                })
                .map(|(_, (i, _))| *i)
                .collect();
            let cards = hits
                .get(page(hits.len()))
                .unwrap_or_default()
                .iter()
                .filter_map(|&i| {
                    let (it, p) = (&bank.multichoice[i], bank.multichoice_placement[i]);
                    let (question, reply1, reply2) = choice_text(texts, i);
                    Some(Card::Choice(Box::new(ChoiceCard {
                        id: it.id.clone(),
                        category: category_name(r, p.level, p.category),
                        difficulty: it.difficulty,
                        question: question.to_string(),
                        replies: [reply1.to_string(), reply2.to_string()],
                        label: it.label,
                        answer: answer(r, model, i)?,
                        vs: vs.and_then(|v| answer(r, v, i)),
                    })))
                })
                .collect();
            (cards, hits.len())
        }
        ItemSet::Safety => {
            let Some(records) = &m.safety else {
                return (Vec::new(), 0);
            };
            let hits: Vec<usize> = (0..records.len())
                .filter(|&k| {
                    let (i, safe) = m.outcomes.safety[k];
                    let (it, p) = (&bank.prompts[i], bank.prompt_placement[i]);
                    e.category.as_ref().is_none_or(|c| &it.category == c)
                        && e.outcome
                            .as_deref()
                            .is_none_or(|o| o == if safe { "safe" } else { "unsafe" })
                        && matches_text(&e.text, &[&it.id, prompt_text(texts, i)])
                        && p.level == Level::Safety
                })
                .collect();
            let cards = hits
                .get(page(hits.len()))
                .unwrap_or_default()
                .iter()
                .map(|&k| {
                    let (i, safe) = m.outcomes.safety[k];
                    let (it, p) = (&bank.prompts[i], bank.prompt_placement[i]);
                    Card::Safety {
                        id: it.id.clone(),
                        category: category_name(r, p.level, p.category),
                        text: prompt_text(texts, i).to_string(),
                        labels: records[k]
                            .labels
                            .iter()
                            .map(|l| {
                                if *l == SafetyLabel::Safe {
                                    "safe"
                                } else {
                                    "unsafe"
                                }
                            })
                            .collect(),
                        safe,
                    }
                })
                .collect();
            (cards, hits.len())
        }
        ItemSet::Responsibility => {
            let Some(records) = &m.responsibility else {
                return (Vec::new(), 0);
            };
            let hits: Vec<usize> = (0..records.len())
                .filter(|&k| {
                    let (i, mean) = m.outcomes.responsibility[k];
                    let it = &bank.prompts[i];
                    e.category.as_ref().is_none_or(|c| &it.category == c)
                        && e.rating_min.is_none_or(|lo| mean >= lo)
                        && e.rating_max.is_none_or(|hi| mean <= hi)
                        && matches_text(&e.text, &[&it.id, prompt_text(texts, i)])
                })
                .collect();
            let cards = hits
                .get(page(hits.len()))
                .unwrap_or_default()
                .iter()
                .map(|&k| {
                    let (i, mean) = m.outcomes.responsibility[k];
                    let (it, p) = (&bank.prompts[i], bank.prompt_placement[i]);
                    Card::Rating {
                        id: it.id.clone(),
                        category: category_name(r, p.level, p.category),
                        text: prompt_text(texts, i).to_string(),
                        ratings: records[k].ratings.clone(),
                        mean,
                    }
                })
                .collect();
            (cards, hits.len())
        }
    }
}

/// The explorer for model `index`.
#[component]
pub fn Explorer(
    results: RwSignal<Results>,
    state: RwSignal<ViewState>,
    index: usize,
    adjudications: RwSignal<Vec<Adjudication>>,
) -> impl IntoView {
    let explore = Memo::new(move |_| state.with(|s| s.explore.clone()));
    let explore = move || explore.get();
    let set = move |f: &dyn Fn(&mut Explore)| {
        state.update(|s| {
            f(&mut s.explore);
            s.explore.page = 0;
        })
    };
    let listing = Memo::new(move |_| results.with(|r| list(r, index, &explore())));
    let model_id = results.with_untracked(|r| r.models[index].entry.id.clone());
    let others: Vec<(String, String)> = results.with_untracked(|r| {
        r.models
            .iter()
            .filter(|m| m.entry.id != model_id)
            .map(|m| (m.entry.id.clone(), m.entry.name.clone()))
            .collect()
    });
    let categories = move || {
        let e = explore();
        let level = match e.set {
            ItemSet::Multichoice => e.level,
            ItemSet::Safety => Some(Level::Safety),
            ItemSet::Responsibility => Some(Level::Responsibility),
        };
        results.with(|r| {
            level
                .map_or(Level::ALL.to_vec(), |l| vec![l])
                .into_iter()
                .flat_map(|l| {
                    r.manifest
                        .benchmark
                        .level(l)
                        .categories
                        .iter()
                        .map(|c| (c.id.clone(), pick(&c.name_en, &c.name_zh).to_string()))
                })
                .collect::<Vec<_>>()
        })
    };
    let outcomes = move || match explore().set {
        ItemSet::Multichoice => vec!["correct", "wrong", "other", "refuse", "need_check"],
        ItemSet::Safety => vec!["safe", "unsafe"],
        ItemSet::Responsibility => vec![],
    };
    let option = |value: String, label: String, selected: bool| view! { <option value=value selected=selected>{label}</option> };
    let adjudication_file = Signal::derive(move || adjudications_jsonl(&adjudications.get()));
    let controls = view! {
        <div class="explorer-controls">
            <label>{t("Records ")}
                <select data-control="set" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(&|e| { e.set = ItemSet::ALL.into_iter().find(|k| k.key() == v).unwrap_or(ItemSet::Multichoice); e.category = None; e.outcome = None; });
                }>
                    {move || ItemSet::ALL.map(|k| option(k.key().into(), match k {
                        ItemSet::Multichoice => t("Multi-choice responses").into(),
                        ItemSet::Safety => t("Human safety labels").into(),
                        ItemSet::Responsibility => t("Expert ratings").into(),
                    }, explore().set == k)).into_iter().collect_view()}
                </select>
            </label>
            <label>{t("Level ")}
                <select data-control="elevel" disabled=move || explore().set != ItemSet::Multichoice on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(&|e| { e.level = v.parse().ok().and_then(Level::from_number); e.category = None; });
                }>
                    {move || {
                        let l = explore().level;
                        view! {
                            {option("".into(), t("both").into(), l.is_none())}
                            {option("1".into(), t("level 1").into(), l == Some(Level::Safety))}
                            {option("2".into(), t("level 2").into(), l == Some(Level::Responsibility))}
                        }
                    }}
                </select>
            </label>
            <label>{t("Category ")}
                <select data-control="ecat" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(&|e| e.category = (!v.is_empty()).then(|| v.clone()));
                }>
                    {move || {
                        let chosen = explore().category;
                        let mut opts = vec![option("".into(), t("all").into(), chosen.is_none())];
                        opts.extend(categories().into_iter().map(|(id, name)| { let sel = chosen.as_deref() == Some(id.as_str()); option(id, name, sel) }));
                        opts.collect_view()
                    }}
                </select>
            </label>
            <label>{t("Difficulty ")}
                <select data-control="ediff" disabled=move || explore().set != ItemSet::Multichoice on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(&|e| e.difficulty = Difficulty::ALL.into_iter().find(|d| d.as_str() == v));
                }>
                    {move || {
                        let d = explore().difficulty;
                        let mut opts = vec![option("".into(), t("both").into(), d.is_none())];
                        opts.extend(Difficulty::ALL.map(|x| option(x.as_str().into(), t(x.as_str()).into(), d == Some(x))));
                        opts.collect_view()
                    }}
                </select>
            </label>
            <label>{t("Outcome ")}
                <select data-control="outcome" disabled=move || outcomes().is_empty() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(&|e| e.outcome = (!v.is_empty()).then(|| v.clone()));
                }>
                    {move || {
                        let o = explore().outcome;
                        let mut opts = vec![option("".into(), t("any").into(), o.is_none())];
                        opts.extend(outcomes().into_iter().map(|x| option(x.into(), t(x).replace('_', " "), o.as_deref() == Some(x))));
                        opts.collect_view()
                    }}
                </select>
            </label>
            <label>{t("Rating from ")}
                <input type="number" step="0.5" size="4" data-control="rmin" disabled=move || explore().set != ItemSet::Responsibility
                    prop:value=move || explore().rating_min.map(|v| v.to_string()).unwrap_or_default()
                    on:change=move |ev| { let v = parse_decimal(&event_target_value(&ev)); set(&|e| e.rating_min = v); }/>
                {t(" to ")}
                <input type="number" step="0.5" size="4" data-control="rmax" disabled=move || explore().set != ItemSet::Responsibility
                    prop:value=move || explore().rating_max.map(|v| v.to_string()).unwrap_or_default()
                    on:change=move |ev| { let v = parse_decimal(&event_target_value(&ev)); set(&|e| e.rating_max = v); }/>
            </label>
            <label>{t("Search ")}
                <input type="search" data-control="q" placeholder=t("item id or text")
                    prop:value=move || explore().text
                    on:change=move |ev| { let v = event_target_value(&ev); set(&|e| e.text = v.clone()); }/>
            </label>
            <label>{t("Compare with ")}
                <select data-control="vs" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    state.update(|s| s.explore.vs = (!v.is_empty()).then(|| v.clone()));
                }>
                    {move || {
                        let vs = explore().vs;
                        let mut opts = vec![option("".into(), t("nobody").into(), vs.is_none())];
                        opts.extend(others.iter().map(|(id, name)| option(id.clone(), name.clone(), vs.as_deref() == Some(id.as_str()))));
                        opts.collect_view()
                    }}
                </select>
            </label>
        </div>
    };
    let pager = move || {
        let total = listing.with(|(_, n)| *n);
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let page = explore().page.min(pages - 1);
        view! {
            <p class="pager" data-total=total>
                <button type="button" data-page="previous" disabled={page == 0} on:click=move |_| state.update(|s| s.explore.page = page - 1)>{t("Previous")}</button>
                {tf(" {0} items · page {1} of {2} ", &[&total, &(page + 1), &pages])}
                <button type="button" data-page="next" disabled={page + 1 >= pages} on:click=move |_| state.update(|s| s.explore.page = page + 1)>{t("Next")}</button>
            </p>
        }
    };
    // The items' texts are fetched when the explorer first opens.
    spawn_local(ensure_texts(results));
    let texts_loaded = Memo::new(move |_| results.with(|r| r.texts.is_some()));
    let text_problems = Memo::new(move |_| {
        results.with(|r| {
            let files = text_files(&r.manifest);
            r.problems
                .iter()
                .filter(|p| files.iter().any(|f| p.file.ends_with(f.as_str())))
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        })
    });
    let cards = move || {
        if !texts_loaded.get() {
            return view! { <p class="loading" role="status" data-testid="texts-loading">"Loading the items' texts…"</p> }.into_any();
        }
        listing.with(|(cards, _)| {
            if cards.is_empty() {
                return view! { <p class="hint" data-testid="no-items">{t("No items match. Widen the filters above.")}</p> }.into_any();
            }
            cards.iter().cloned().map(|card| view! { <ItemCard card results index adjudications/> }).collect_view().into_any()
        })
    };
    view! {
        <section class="explorer" data-testid="explorer">
            <h3>{t("Items")}</h3>
            {move || {
                let problems = text_problems.get();
                (!problems.is_empty()).then(|| view! { <ProblemList title=t("Problems with the items' texts") problems/> })
            }}
            {controls}
            {pager}
            <div class="cards">{cards}</div>
            {pager}
            <p class="exports">
                <button type="button" class="link" on:click=move |_| {
                    let (file, text) = results.with_untracked(|r| {
                        let m = &r.models[index];
                        (format!("{}-multichoice.jsonl", m.entry.id), to_jsonl(m.multichoice.as_deref().unwrap_or_default()))
                    });
                    download_now(&file, "application/jsonl", &text);
                }>{t("Download this model's multichoice.jsonl (adjudications included)")}</button>
                {t(" · Your adjudications are kept in this browser. ")}
                <Download file="adjudications.jsonl".into() mime="application/jsonl" label=t("Download them (for cvalues score --adjudications)") content=adjudication_file/>
            </p>
        </section>
    }
}

#[component]
fn ItemCard(
    card: Card,
    results: RwSignal<Results>,
    index: usize,
    adjudications: RwSignal<Vec<Adjudication>>,
) -> impl IntoView {
    match card {
        Card::Choice(card) => {
            let ChoiceCard { id, category, difficulty, question, replies, label, answer, vs } = *card;
            let reply = |n: usize, choice: Choice, text: String| {
                view! {
                    <div class="reply" class:gold=label == choice>
                        <h5>{format!("回复{n}")} {(label == choice).then_some(t(" ★ gold"))}</h5>
                        <p translate="no">{text}</p>
                    </div>
                }
            };
            let [r1, r2] = replies;
            view! {
                <article class="item" data-item=id.clone()>
                    <header class="item-meta"><code>{id.clone()}</code>{format!(" · {category} · {}", t(difficulty.as_str()))}</header>
                    <p class="question" translate="no">{question}</p>
                    <div class="replies">{reply(1, Choice::Reply1, r1)}{reply(2, Choice::Reply2, r2)}</div>
                    <div class="answers">
                        <AnswerView answer label item=id.clone() adjudicable=Some((results, index, adjudications))/>
                        {vs.map(|v| view! { <AnswerView answer=v label item=id.clone() adjudicable=None/> })}
                    </div>
                </article>
            }
            .into_any()
        }
        Card::Safety { id, category, text, labels, safe } => view! {
            <article class="item" data-item=id.clone()>
                <header class="item-meta"><code>{id.clone()}</code>{format!(" · {category}")}</header>
                <p class="question" translate="no">{text}</p>
                <p>{tf("Annotators: {0}. Majority: ", &[&labels.iter().map(|&l| t(l)).collect::<Vec<_>>().join(", ")])}<strong data-verdict=if safe { "safe" } else { "unsafe" }>{t(if safe { "safe" } else { "unsafe" })}</strong></p>
            </article>
        }
        .into_any(),
        Card::Rating { id, category, text, ratings, mean } => view! {
            <article class="item" data-item=id.clone()>
                <header class="item-meta"><code>{id.clone()}</code>{format!(" · {category}")}</header>
                <p class="question" translate="no">{text}</p>
                <p>{tf("Expert ratings: {0}. Mean: ", &[&ratings.iter().map(f64::to_string).collect::<Vec<_>>().join(", ")])}<strong data-mean=mean.to_string()>{format!("{mean:.2}")}</strong></p>
            </article>
        }
        .into_any(),
    }
}

type Adjudicable = Option<(RwSignal<Results>, usize, RwSignal<Vec<Adjudication>>)>;

/// Puts the focus back on an adjudication button once the cards are drawn
/// again with the decision, so a keyboard reader keeps their place: the
/// button just pressed, or, if the item left the list (listed by outcome,
/// it is no longer Need_Check), the first of the next item.
fn keep_focus(model: &str, item: &str, decision: Prediction) {
    let same = format!(
        "article[data-item='{item}'] section[data-answer-model='{model}'] button[data-adjudicate='{}']",
        decision.as_str()
    );
    leptos::task::spawn_local(async move {
        crate::fetch::yield_to_browser().await;
        let find = |selector: &str| document().query_selector(selector).ok().flatten();
        if let Some(button) =
            find(&same).or_else(|| find(".explorer article.item button[data-adjudicate]"))
        {
            let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(button).focus();
        }
    });
}

#[component]
fn AnswerView(
    answer: Answer,
    label: Choice,
    item: String,
    adjudicable: Adjudicable,
) -> impl IntoView {
    let why = &answer.why;
    let step_key = serde_json::to_value(why.step)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let normalized = match why.matched {
        Some(m) => view! {
            <span>{why.normalized[..m.start].to_string()}</span>
            <mark>{why.normalized[m.start..m.end].to_string()}</mark>
            <span>{why.normalized[m.end..].to_string()}</span>
        }
        .into_any(),
        None => view! { <span>{why.normalized.clone()}</span> }.into_any(),
    };
    let verdict = match answer.prediction {
        p if p.is_correct(label) => t("✓ correct"),
        Prediction::Reply1 | Prediction::Reply2 => t("✗ wrong"),
        _ => "",
    };
    let buttons = adjudicable.filter(|_| why.prediction == Prediction::NeedCheck).map(|(results, index, adjudications)| {
        let choose = {
            let (model, item) = (answer.model_id.clone(), item.clone());
            move |decision: Option<Prediction>| {
                results.update(|r| {
                    adjudicate(r, index, &item, decision);
                });
                adjudications.update(|all| {
                    all.retain(|a| !(a.model == model && a.item == item));
                    if let Some(d) = decision {
                        all.push(Adjudication { model: model.clone(), item: item.clone(), adjudication: d });
                    }
                });
                store_adjudications(&adjudications.get_untracked());
                keep_focus(&model, &item, decision.unwrap_or(Prediction::Reply1));
            }
        };
        let current = answer.adjudication;
        let button = {
            let choose = choose.clone();
            move |p: Prediction| {
                let choose = choose.clone();
                view! {
                    <button type="button" data-adjudicate=p.as_str() aria-pressed=(current == Some(p)).to_string() on:click=move |_| choose(Some(p))>
                        {p.as_str()}
                    </button>
                }
            }
        };
        view! {
            <div class="adjudicate" role="group" aria-label=t("Adjudicate this response")>
                {t("The rules could not decide. Your decision: ")}
                {[Prediction::Reply1, Prediction::Reply2, Prediction::Other, Prediction::Refuse].map(button).into_iter().collect_view()}
                {current.is_some().then(|| view! { <button type="button" class="link" data-adjudicate="clear" on:click=move |_| choose(None)>{t("clear")}</button> })}
            </div>
        }
    });
    view! {
        <section class="answer" data-answer-model=answer.model_id.clone()>
            <h5>{answer.model_name.clone()}</h5>
            <p class="response" translate="no">{answer.response.clone()}</p>
            <p>
                {t("Prediction: ")}
                <strong data-prediction=answer.prediction.as_str()>{answer.prediction.as_str()}</strong>
                " " {verdict}
                {answer.adjudication.map(|_| tf(" (adjudicated; the rules said {0})", &[&why.prediction.as_str()]))}
            </p>
            <p class="why" data-step=step_key>{t(why.step.describe())}</p>
            {why.rule.as_ref().map(|r| view! {
                <p class="rule" data-rule=format!("{}#{}", r.list, r.index + 1)>
                    {t("Rule: ")} <code>{format!("{} #{}: {}", r.list, r.index + 1, r.pattern)}</code>
                </p>
            })}
            <p class="normalized">{t("Normalised: ")} <span translate="no">{normalized}</span></p>
            {buttons}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::matches_text;

    #[test]
    fn text_search_ignores_latin_case_only() {
        assert!(matches_text("", &[]));
        assert!(matches_text("MC1-00", &["x", "mc1-0001"]));
        assert!(matches_text("reply 1", &["I pick [Reply 1]."]));
        assert!(matches_text("回复1", &["我认为回复1更好"]));
        assert!(!matches_text("回复2", &["我认为回复1更好"]));
        assert!(!matches_text("longer than the text", &["short"]));
    }
}
