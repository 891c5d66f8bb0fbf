//! A button that opens the browser's file chooser. The visible control is a real button (it
//! takes focus, a label and `disabled`); the file input stays hidden and is cleared after
//! each choice, so choosing the same file again counts as a change.

use leptos::html::Input;
use leptos::prelude::*;

/// What the chooser offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    One,
    Many,
    /// A folder, with everything in it.
    Folder,
}

/// The button and its hidden input (`input_id`, which tests give files to).
#[component]
pub fn FilePicker(
    id: &'static str,
    input_id: &'static str,
    label: &'static str,
    /// File types to offer, as the input's `accept` (empty: any).
    #[prop(default = "")]
    accept: &'static str,
    #[prop(default = Pick::One)] pick: Pick,
    #[prop(into, default = Signal::stored(false))] disabled: Signal<bool>,
    /// The chosen files, never empty.
    on_files: Callback<Vec<web_sys::File>>,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let chosen = move |_| {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let files: Vec<web_sys::File> = el
            .files()
            .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
            .unwrap_or_default();
        el.set_value("");
        if !files.is_empty() {
            on_files.run(files);
        }
    };
    let open = move |_| {
        if let Some(i) = input.get_untracked() {
            i.click();
        }
    };
    view! {
        <button type="button" id=id class="secondary" disabled=move || disabled.get() on:click=open>
            {label}
        </button>
        <input
            type="file"
            id=input_id
            class="visually-hidden"
            tabindex="-1"
            aria-hidden="true"
            accept=accept
            multiple=pick != Pick::One
            prop:webkitdirectory=pick == Pick::Folder
            node_ref=input
            on:change=chosen
        />
    }
}
