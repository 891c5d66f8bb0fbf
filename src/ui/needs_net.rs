//! An application's first line: the kind of net it needs, whether the loaded one is that
//! kind, and a button that sets one up (`settings::fit::App`).

use leptos::prelude::*;

use super::settings_handle::Settings;
use crate::link::from_query;
use crate::settings::fit::App;

#[component]
pub fn NeedsNet(settings: Settings, app: App) -> impl IntoView {
    let misfit = move || settings.signal().with(|s| app.misfit(s));
    let key = app.key();
    view! {
        <div class="needs-net" id=format!("{key}-needs")>
            <p class="hint">
                {app.needs()}
                {move || misfit().map(|why| format!(" The loaded net is not one: {why}"))}
            </p>
            <button type="button" class="secondary" id=format!("{key}-setup")
                class:hidden=move || misfit().is_none()
                on:click=move |_| {
                    let (next, _) = from_query(app.setup());
                    settings.change(|s| *s = next);
                }>{app.button()}</button>
        </div>
    }
}
