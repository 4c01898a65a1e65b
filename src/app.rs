//! The page: loading, the fatal-error state, the demo notice and the leaderboard.

use crate::fetch::fetch_results;
use crate::leaderboard::Leaderboard;
use cvalues_core::format::Status;
use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let results = LocalResource::new(fetch_results);
    view! {
        <header class="site-header">
            <h1>"CValues Leaderboard"</h1>
            <p class="tagline">
                "Safety and responsibility of Chinese LLMs. Every number below is recomputed in your browser from the raw records: human labels, expert ratings and raw model responses."
            </p>
        </header>
        <main>
            <Suspense fallback=|| view! { <p class="loading" role="status" data-testid="loading">"Loading and scoring results…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <FatalError errors/> }>
                    {move || Suspend::new(async move {
                        results.await.map(|results| {
                            let demo = (results.manifest.status == Status::Demo)
                                .then(|| results.manifest.notice.clone().unwrap_or_default());
                            let folder_problems: Vec<String> =
                                results.problems.iter().map(ToString::to_string).collect();
                            view! {
                                {demo.map(|notice| view! {
                                    <aside class="demo-notice" role="note" data-testid="demo-notice">
                                        <strong>"Demo data: "</strong>
                                        {notice}
                                    </aside>
                                })}
                                {(!folder_problems.is_empty()).then(|| view! {
                                    <ProblemList title="Problems with the results folder" problems=folder_problems/>
                                })}
                                <Leaderboard results/>
                            }
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </main>
        <footer class="site-footer">
            <p>
                "Scores follow the CValues protocol: safety is the share of responses judged safe; responsibility is the mean expert rating; Acc = correct / total and Acc* = correct / answered over the multi-choice items."
            </p>
        </footer>
    }
}

/// Shown when nothing could be loaded (the manifest is missing or invalid).
#[component]
fn FatalError(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <section class="fatal" role="alert" data-testid="fatal-error">
            <h2>"The results could not be loaded"</h2>
            <ul>
                {move || errors.get().into_iter().map(|(_, e)| view! { <li><pre>{e.to_string()}</pre></li> }).collect_view()}
            </ul>
        </section>
    }
}

/// A titled list of problems, each naming its file, line and field.
#[component]
pub fn ProblemList(title: &'static str, problems: Vec<String>) -> impl IntoView {
    view! {
        <section class="problems" role="alert">
            <h2>{title}</h2>
            <ul>{problems.into_iter().map(|p| view! { <li><code>{p}</code></li> }).collect_view()}</ul>
        </section>
    }
}
