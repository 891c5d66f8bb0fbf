//! Questions asked in the page (a modal `<dialog>`), not by the browser's confirm box: it is
//! styled like the lab, read by screen readers as a dialog, answered with the keyboard (Esc
//! cancels), and a cancel runs its own handler, so the page can say what was kept.

use leptos::html::Dialog;
use leptos::prelude::*;

/// What is asked: the question and the word on the button that goes ahead.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub text: String,
    pub yes: &'static str,
}

type Answer = Box<dyn FnOnce()>;

/// The page's one question at a time; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Confirm {
    question: RwSignal<Option<Question>>,
    /// What to do on "yes" and on "no", until the question is answered.
    answers: StoredValue<Option<(Answer, Answer)>, LocalStorage>,
}

impl Confirm {
    pub fn new() -> Confirm {
        Confirm {
            question: RwSignal::new(None),
            answers: StoredValue::new_local(None),
        }
    }

    /// Ask `text`; `yes` runs if the student goes ahead, `no` if they cancel (the button, Esc,
    /// or a newer question replacing this one).
    pub fn ask(
        self,
        text: impl Into<String>,
        yes_label: &'static str,
        yes: impl FnOnce() + 'static,
        no: impl FnOnce() + 'static,
    ) {
        self.answer(false);
        self.answers.set_value(Some((Box::new(yes), Box::new(no))));
        self.question.set(Some(Question {
            text: text.into(),
            yes: yes_label,
        }));
    }

    /// Run the chosen answer's handler once; the dialog closes first, so a handler that asks
    /// again opens a fresh question.
    fn answer(self, yes: bool) {
        let Some((on_yes, on_no)) = self.answers.try_update_value(Option::take).flatten() else {
            return;
        };
        self.question.set(None);
        if yes { on_yes() } else { on_no() }
    }
}

#[component]
pub fn ConfirmDialog(confirm: Confirm) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    // The dialog element follows the question (a DOM call, no signal written).
    Effect::new(move |_| {
        let open = confirm.question.with(Option::is_some);
        let Some(el) = dialog.get() else { return };
        if open && !el.open() {
            // A page without modal dialogs still shows it, in place.
            if el.show_modal().is_err() {
                el.set_open(true);
            }
        } else if !open && el.open() {
            el.close();
        }
    });
    let text = move || {
        confirm
            .question
            .with(|q| q.as_ref().map(|q| q.text.clone()))
    };
    let yes = move || {
        confirm
            .question
            .with(|q| q.as_ref().map_or("Continue", |q| q.yes))
    };
    view! {
        <dialog
            node_ref=dialog
            id="confirm-dialog"
            class="confirm"
            aria-labelledby="confirm-text"
            // Esc, or the dialog closed any other way, is a cancel.
            on:close=move |_| confirm.answer(false)
        >
            <p id="confirm-text">{text}</p>
            <div class="buttons">
                // Cancel has the focus: Enter on a question never discards work by itself.
                <button type="button" id="confirm-no" class="secondary" autofocus
                    on:click=move |_| confirm.answer(false)>"Cancel"</button>
                <button type="button" id="confirm-yes"
                    on:click=move |_| confirm.answer(true)>{yes}</button>
            </div>
        </dialog>
    }
}
