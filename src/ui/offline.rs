//! Offline after the first visit: registers the service worker `sw.js` (written at build
//! time by scripts/offline.mjs, with every file of the build) and says when a newer version
//! of the lab has replaced the one this page runs.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// A notice when a newer build has taken over; nothing otherwise.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let updated = RwSignal::new(false);
    register(move || updated.set(true));
    view! {
        <Show when=move || updated.get()>
            <div class="banner banner-info" role="status" id="update-notice">
                <span>
                    "A new version of Autoencoder Lab is ready. Reload the page to use it; "
                    "the run on this page goes on until you do."
                </span>
                <button type="button" on:click=|_| reload()>"Reload now"</button>
                <button type="button" class="secondary" on:click=move |_| updated.set(false)>
                    "Later"
                </button>
            </div>
        </Show>
    }
}

fn reload() {
    if let Some(w) = web_sys::window() {
        w.location().reload().ok();
    }
}

/// Register the service worker where the browser has them (not for a page opened from
/// disk). A page that was already served by one hears when a newer one takes over.
fn register(on_update: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    if container.controller().is_some() {
        let changed = Closure::<dyn Fn()>::new(on_update);
        container.set_oncontrollerchange(Some(changed.as_ref().unchecked_ref()));
        // Listens for the page's lifetime.
        changed.forget();
    }
    let registered = container.register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        // Without it the lab works as before, online only: worth a note, not an error.
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(registered).await {
            web_sys::console::warn_2(&"The offline cache is not available:".into(), &e);
        }
    });
}
