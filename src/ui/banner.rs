//! Last line of defence: a panic shows a banner with a reload button instead of leaving a dead
//! or blank page, and still logs to the console for developers.

use wasm_bindgen::JsCast;

pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal_banner();
    }));
}

/// Written with plain DOM calls: after a panic the reactive system cannot be trusted.
fn show_fatal_banner() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id("fatal").is_some() {
        return;
    }
    let Ok(div) = doc.create_element("div") else {
        return;
    };
    div.set_id("fatal");
    div.set_class_name("banner banner-error");
    div.set_attribute("role", "alert").ok();
    div.set_inner_html(
        "<strong>Something went wrong inside Autoencoder Lab.</strong> \
         Reloading the page starts it again. \
         <button type=\"button\">Reload</button>",
    );
    // A listener, not an onclick attribute: the page's security policy runs no inline code.
    if let Ok(Some(button)) = div.query_selector("button") {
        let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                w.location().reload().ok();
            }
        });
        button
            .add_event_listener_with_callback("click", reload.as_ref().unchecked_ref())
            .ok();
        // The banner lives as long as the page.
        reload.forget();
    }
    if let Some(body) = doc.body() {
        let first = body.first_child();
        body.insert_before(&div, first.as_ref()).ok();
        if let Some(el) = div.dyn_ref::<web_sys::HtmlElement>() {
            el.focus().ok();
        }
    }
}
