//! A control's formula, typeset by the browser from the MathML `teach::formulas` writes for
//! the current settings; hidden while the option is off.

use leptos::prelude::*;

use super::settings_handle::Settings;
use crate::teach::formulas::{Control, formula};

#[component]
pub fn Formula(settings: Settings, control: Control) -> impl IntoView {
    // A Memo: the markup is rebuilt when the settings change, the DOM only when it differs.
    let markup = Memo::new(move |_| settings.signal().with(|s| formula(s, control)));
    let name = control.name();
    view! {
        <div
            class="formula"
            data-formula=name
            class:hidden=move || markup.with(Option::is_none)
            inner_html=move || markup.get().unwrap_or_default()
        ></div>
    }
}
