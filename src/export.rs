//! Downloads: CSV and JSON of tables and charts, and SVG of charts, as data
//! URLs made in the browser (nothing is sent anywhere).

use crate::number::parse_decimal;
use leptos::prelude::*;

/// One CSV field: quoted when needed; text that a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.
fn field(value: &str) -> String {
    let is_number = parse_decimal(value).is_some();
    let value = if !is_number && value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A CSV document (RFC 4180) from a header and rows.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = header
        .iter()
        .map(|h| field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|v| field(v)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// A data URL holding `content`.
pub fn data_url(mime: &str, content: &str) -> String {
    format!(
        "data:{mime};charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(content))
    )
}

/// Downloads `content` as `file` now, through a link made for the moment.
pub fn download_now(file: &str, mime: &str, content: &str) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(a) = doc.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", &data_url(mime, content));
    let _ = a.set_attribute("download", file);
    if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
        a.click();
    }
}

/// A link that downloads `content` as `file`. The link's data URL is made
/// when the link is about to be used (pointer over it, focus, touch), not
/// with the page: charts with many models make large files.
#[component]
pub fn Download(
    /// The file name offered.
    file: String,
    /// The MIME type.
    mime: &'static str,
    /// The text shown.
    label: &'static str,
    /// The file's content.
    #[prop(into)]
    content: Signal<String>,
) -> impl IntoView {
    let armed = RwSignal::new(false);
    let file_name = file.clone();
    // A click that came without any of those (a script's) downloads directly.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if !armed.get_untracked() {
            ev.prevent_default();
            download_now(&file_name, mime, &content.get_untracked());
        }
    };
    let href = move || {
        if armed.get() {
            data_url(mime, &content.get())
        } else {
            "#".to_string()
        }
    };
    view! {
        <a class="download" download=file href=href on:pointerenter=move |_| armed.set(true) on:focus=move |_| armed.set(true) on:touchstart=move |_| armed.set(true) on:click=on_click>
            {label}
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_kept_and_formulas_are_defused() {
        for number in ["-0.25", "3", "+1", ".5", "-7."] {
            assert_eq!(field(number), number);
        }
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("-cmd"), "'-cmd");
        assert_eq!(field("@x,y"), "\"'@x,y\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
