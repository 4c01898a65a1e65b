//! "Score your own file": a model builder drops the response file of a
//! CValues run and sees it scored among the published models, in this
//! browser. The file is read with the File API and never leaves the page.

use crate::fetch::{ensure_texts, message, text_of_buffer};
use crate::i18n::{t, tf};
use crate::state::{Page, ViewState};
use crate::storage::{add_local, store_files, LocalFile, LocalReport};
use cvalues_core::answer::RuleSet;
use cvalues_core::load::{FileText, Results};
use cvalues_core::submission::{detect_format, Format};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

/// The reader's own files: what was kept, and what happened to each.
#[derive(Clone, Copy)]
pub struct OwnFiles {
    pub files: RwSignal<Vec<LocalFile>>,
    pub reports: RwSignal<Vec<LocalReport>>,
    /// False when the browser would not keep the files for the session.
    pub kept: RwSignal<bool>,
}

impl OwnFiles {
    /// Scores `file` into `results` and keeps it for the session.
    pub fn add(self, results: RwSignal<Results>, file: LocalFile) {
        let report = results
            .try_update(|r| add_local(r, &file))
            .expect("results are alive");
        self.files.update(|f| f.push(file));
        self.kept.set(store_files(&self.files.get_untracked()));
        self.reports.update(|r| r.push(report));
    }

    /// Takes a local model out of the results and the session.
    pub fn remove(self, results: RwSignal<Results>, id: &str) {
        results.update(|r| r.models.retain(|m| m.entry.id != id));
        self.files.update(|f| f.retain(|x| x.id != id));
        self.reports.update(|r| r.retain(|x| x.id != id));
        self.kept.set(store_files(&self.files.get_untracked()));
    }
}

/// The file's text. Its bytes are decoded here, not by `Blob.text()`, which
/// would replace bytes that are not UTF-8 instead of saying where they are.
async fn read_text(file: web_sys::File) -> FileText {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| message(&e))?;
    text_of_buffer(&buffer)
}

/// The drop zone and the list of scored files.
#[component]
pub fn OwnFile(
    results: RwSignal<Results>,
    own: OwnFiles,
    state: RwSignal<ViewState>,
) -> impl IntoView {
    let evaluator = RwSignal::new("chatgpt".to_string());
    let error = RwSignal::new(None::<String>);
    let take = move |file: Option<web_sys::File>| {
        let Some(file) = file else { return };
        let file_name = file.name();
        spawn_local(async move {
            match read_text(file).await {
                Ok(text) => {
                    error.set(None);
                    // An official file is matched to the items by their texts.
                    if detect_format(&text) == Format::Official {
                        ensure_texts(results).await;
                    }
                    let id = results.with_untracked(|r| crate::storage::local_id(&file_name, r));
                    let evaluator = evaluator.get_untracked();
                    own.add(
                        results,
                        LocalFile {
                            id,
                            file_name,
                            evaluator,
                            text,
                        },
                    );
                }
                Err(e) => error.set(Some(crate::i18n::translate(
                    &e.problem(&file_name).to_string(),
                ))),
            }
        });
    };
    let on_input = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        take(input.files().and_then(|f| f.get(0)));
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        take(
            ev.data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0)),
        );
    };
    let names: Vec<String> = RuleSet::official()
        .evaluator_names()
        .map(String::from)
        .collect();
    let reports = move || {
        own.reports
            .get()
            .into_iter()
            .map(|r| {
                let id = r.id.clone();
                let open = {
                    let id = id.clone();
                    move |ev: leptos::ev::MouseEvent| {
                        ev.prevent_default();
                        state.update(|s| {
                            s.page = Page::Model;
                            s.model = Some(id.clone());
                        });
                    }
                };
                let remove = {
                    let id = id.clone();
                    move |_| own.remove(results, &id)
                };
                let format = match r.format {
                    Format::Official => t("official CValues format"),
                    Format::Project => t("this project's format"),
                };
                let shown: Vec<String> = r.problems.iter().take(50).map(|p| crate::i18n::translate(p)).collect();
                view! {
                    <li class="own-report" data-local=r.id.clone() data-lines=r.lines data-rejected=r.rejected>
                        <strong>{r.file_name.clone()}</strong>
                        {tf(" ({0}): scored {1} of {2} lines; {3} rejected. ", &[&format, &(r.lines - r.rejected), &r.lines, &r.rejected])}
                        {match r.scored {
                            true => view! { <a href=format!("?view=model&model={id}") on:click=open>{t("Open its page")}</a> }.into_any(),
                            false => view! { <span>{t("Nothing to score: no model was added.")}</span> }.into_any(),
                        }}
                        " · "
                        <button type="button" class="link" on:click=remove>{t("Remove")}</button>
                        {(!shown.is_empty()).then(|| view! {
                            <details class="own-problems">
                                <summary>{tf("{0} problem(s)", &[&r.problems.len()])}</summary>
                                <ul>{shown.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                            </details>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="own-file" data-testid="own-file">
            <h2>{t("Score your own file")}</h2>
            <p class="hint">
                {t("Drop the response file of your CValues run (JSON Lines with prompt, label, meta_info and response) or a multichoice.jsonl in this project's format. It is read and scored in this browser and never uploaded; it stays until you close the tab or remove it.")}
            </p>
            <label>
                {t("Evaluator family ")}
                <select data-control="evaluator" on:change=move |ev| evaluator.set(event_target_value(&ev))>
                    {names.into_iter().map(|n| view! { <option value=n.clone() selected=n == "chatgpt">{n.clone()}</option> }).collect_view()}
                </select>
            </label>
            <div class="drop-zone" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
                {t("Drop a file here, or ")}
                <label class="file-pick">
                    {t("choose one")}
                    <input type="file" accept=".jsonl,.json,.txt" data-testid="file-input" on:change=on_input/>
                </label>
            </div>
            {move || error.get().map(|e| view! { <p class="problems" role="alert">{e}</p> })}
            {move || (!own.kept.get()).then(|| view! {
                <p class="hint" role="status">{t("This browser would not keep the file for the session (too large?): it is scored, but a reload drops it.")}</p>
            })}
            <ul class="own-reports" aria-live="polite">{reports}</ul>
        </section>
    }
}
