//! A table that may be wider than a phone's screen.

use leptos::prelude::*;

/// Wraps a table so that on a narrow screen it scrolls sideways in a box of
/// its own instead of widening the page. The box takes the keyboard's focus,
/// so it can be scrolled without a pointer.
///
/// ```ignore
/// view! { <WideTable><table class="data-table">...</table></WideTable> }
/// ```
#[component]
pub fn WideTable(children: Children) -> impl IntoView {
    view! { <div class="wide-table" tabindex="0">{children()}</div> }
}
