//! Downloads made in the page, from data it already has: a chart as PNG (its canvas) or SVG
//! (drawn again by the same function into an SVG document), and tables as CSV. Nothing is
//! sent anywhere: the file is a blob handed to the browser's download.

use js_sys::{Array, Function, Promise, Uint8Array};
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

/// Hand `blob` to the browser as a download named `name`.
fn save(blob: &Blob, name: &str) -> Result<(), JsValue> {
    let url = Url::create_object_url_with_blob(blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let a: HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    Url::revoke_object_url(&url)
}

/// Download `bytes` as a file of type `mime`; the error says why the browser refused.
pub fn save_bytes(bytes: &[u8], name: &str, mime: &str) -> Result<(), String> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .and_then(|b| save(&b, name))
        .map_err(|e| {
            let why = e.as_string().or_else(|| {
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
            });
            format!(
                "{name} could not be saved: {}.",
                why.unwrap_or_else(|| "the browser refused the download".into())
            )
        })
}

/// Download `text` as a file of type `mime`.
pub fn save_text(text: &str, name: &str, mime: &str) -> Result<(), String> {
    save_bytes(text.as_bytes(), name, mime)
}

/// Download what `canvas` shows as a PNG (at the screen's resolution).
pub fn save_png(canvas: HtmlCanvasElement, name: String, failed: impl FnOnce(String) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let promise = Promise::new(&mut |resolve: Function, reject: Function| {
            if let Err(e) = canvas.to_blob(&resolve) {
                reject.call1(&JsValue::NULL, &e).ok();
            }
        });
        let saved = match JsFuture::from(promise).await.map(JsCast::dyn_into::<Blob>) {
            Ok(Ok(blob)) => save(&blob, &name),
            Ok(Err(_)) => Err("the canvas gave no image".into()),
            Err(e) => Err(e),
        };
        if let Err(e) = saved {
            let why = e
                .as_string()
                .unwrap_or_else(|| "the browser refused the download".into());
            failed(format!("{name} could not be saved: {why}."));
        }
    });
}

/// "Save as PNG · SVG · CSV" for a chart: `svg` draws it again as an SVG document and `csv`
/// gives its numbers; files are named `<stem>.png` and so on.
#[component]
pub fn ChartDownloads(
    canvas: NodeRef<Canvas>,
    stem: &'static str,
    svg: impl Fn() -> Option<String> + Send + Sync + 'static,
    csv: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    // A refused download is said on the page, not only in the console.
    let lab = use_context::<super::lab::Lab>();
    let failed = move |why: String| {
        if let Some(lab) = lab {
            lab.notice.set(Some(why));
        }
    };
    view! {
        <span class="downloads" id=format!("{stem}-downloads")>
            "Save as "
            <button
                type="button"
                class="link"
                on:click=move |_| {
                    if let Some(c) = canvas.get_untracked() {
                        save_png(c, format!("{stem}.png"), failed);
                    }
                }
            >
                "PNG"
            </button>
            " · "
            <button
                type="button"
                class="link"
                on:click=move |_| {
                    if let Some(text) = svg()
                        && let Err(why) = save_text(&text, &format!("{stem}.svg"), "image/svg+xml")
                    {
                        failed(why);
                    }
                }
            >
                "SVG"
            </button>
            " · "
            <button
                type="button"
                class="link"
                on:click=move |_| {
                    if let Err(why) = save_text(&csv(), &format!("{stem}.csv"), "text/csv") {
                        failed(why);
                    }
                }
            >
                "CSV"
            </button>
        </span>
    }
}
