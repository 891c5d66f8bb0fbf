//! Classroom mode: what a teacher's link hides (a style sheet built from `hide=`), the notice
//! that lets a student show everything again, and the dialog that builds such a link.

use leptos::prelude::*;

use crate::link::to_query;
use crate::settings::LabSettings;
use crate::teach::classroom::{HIDEABLE, Hideable, css, hidden_in, link};

fn search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Hides what the opening link names, until the student asks to see everything.
#[component]
pub fn ClassroomView() -> impl IntoView {
    let hidden: Vec<&'static Hideable> = hidden_in(&search());
    let revealed = RwSignal::new(false);
    let count = hidden.len();
    let sheet = css(&hidden);
    (count > 0).then(|| {
        view! {
            <style id="classroom-style">{move || if revealed.get() { String::new() } else { sheet.clone() }}</style>
            <p class="classroom-notice" id="classroom-notice" class:hidden=move || revealed.get()>
                {format!("This classroom link hides {count} of the lab's panels and controls. ")}
                <button type="button" class="link" id="show-all" on:click=move |_| revealed.set(true)>
                    "Show all controls"
                </button>
            </p>
        }
    })
}

/// The teacher's dialog: tick what to hide, optionally open the current lesson step, copy the
/// link. The settings in the link are the lab's current ones.
#[component]
pub fn ClassroomDialog(
    settings: ReadSignal<LabSettings>,
    lesson: Signal<Option<(&'static str, usize)>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let ticked = RwSignal::new(Vec::<&'static str>::new());
    // Off until the teacher asks: a link made for other settings must not carry a lesson
    // step whose text is about another network.
    let with_lesson = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let url = move || {
        let settings = settings.with(to_query);
        let place = lesson.get().filter(|_| with_lesson.get());
        let query = ticked.with(|t| link(&settings, t, place.map(|(id, s)| (id, s + 1))));
        let base = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| h.split('?').next().unwrap_or_default().to_string())
            .unwrap_or_default();
        format!("{base}{query}")
    };
    let copy = move |_| {
        let text = url();
        if let Some(w) = web_sys::window() {
            // A refused clipboard (no permission) is not an error worth a console line: the
            // link is selected in its box for the keyboard's copy instead.
            let done = wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(
                |_: wasm_bindgen::JsValue| {},
            );
            let _ = w.navigator().clipboard().write_text(&text).catch(&done);
            // Once per click, a few bytes: kept alive for the promise's reply.
            done.forget();
        }
        copied.set(true);
    };
    view! {
        <button type="button" class="secondary" id="classroom-open" aria-expanded=move || open.get().to_string()
            on:click=move |_| { open.update(|o| *o = !*o); copied.set(false); }>
            "Make a classroom link…"
        </button>
        <div class="classroom-dialog" id="classroom-dialog" role="group" aria-labelledby="classroom-title"
            class:hidden=move || !open.get()>
            <h3 id="classroom-title">"Classroom link"</h3>
            <p class="hint">"Students who open it get these settings and see only what you leave ticked off; they can still choose \"Show all controls\"."</p>
            <fieldset>
                <legend>"Hide"</legend>
                {HIDEABLE
                    .iter()
                    .map(|h| {
                        let key = h.key;
                        view! {
                            <label class="toggle">
                                <input type="checkbox" id=format!("hide-{key}")
                                    prop:checked=move || ticked.with(|t| t.contains(&key))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        ticked.update(|t| {
                                            t.retain(|k| *k != key);
                                            if on { t.push(key); }
                                        });
                                        copied.set(false);
                                    } />
                                {h.label}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <label class="toggle" class:hidden=move || lesson.with(Option::is_none)>
                <input type="checkbox" id="classroom-lesson" prop:checked=move || with_lesson.get()
                    on:change=move |ev| with_lesson.set(event_target_checked(&ev)) />
                "Open the current lesson step (with its own experiment)"
            </label>
            <label for="classroom-url">"Link"</label>
            <input type="text" id="classroom-url" readonly prop:value=url
                on:focus=move |ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        i.select();
                    }
                } />
            <button type="button" id="classroom-copy" on:click=copy>"Copy the link"</button>
            <span class="hint" aria-live="polite">{move || copied.get().then_some(" Copied.")}</span>
        </div>
    }
}
