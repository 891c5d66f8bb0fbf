//! The Lessons menu and the open lesson's step: what to do, a check on the running model that
//! says when the claim holds, a question with its answer on request, and a link to the step.
//! Where the student is survives a reload (kept in the browser's local storage).

use leptos::prelude::*;

use super::classroom::ClassroomDialog;
use super::lab::Lab;
use super::regions::Regions;
use crate::link::from_query;
use crate::teach::binding::{Verdict, experiment, mismatch, verdict};
use crate::teach::checks::Observed;
use crate::teach::lessons::{LESSONS, Lesson, from_link, lesson, step_link};

const STORAGE_KEY: &str = "autoencoder-lab.lesson";

type Place = Option<(&'static Lesson, usize)>;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The lesson a link opens, else the one the student was in last time.
fn start_place() -> Place {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    from_link(&search).or_else(|| {
        let saved = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
        let (id, step) = saved.split_once(':')?;
        let l = lesson(id)?;
        let step = step.parse::<usize>().ok().filter(|s| *s < l.steps.len())?;
        Some((l, step))
    })
}

/// Keep the place in the address too (a link opened there would otherwise win on reload).
fn write_address(place: Place) {
    let pair = place.map(|(l, s)| format!("lesson={}&step={}", l.id, s + 1));
    super::address::rewrite(&["lesson", "step"], pair);
}

fn remember(place: Place) {
    write_address(place);
    let Some(store) = storage() else { return };
    // Private windows may refuse storage: progress is then kept for this visit only.
    let _ = match place {
        Some((l, s)) => store.set_item(STORAGE_KEY, &format!("{}:{s}", l.id)),
        None => store.remove_item(STORAGE_KEY),
    };
}

#[component]
pub fn LessonsPanel(lab: Lab, regions: Regions) -> impl IntoView {
    let start = start_place();
    let place = RwSignal::new(start);
    // On a phone the docked lesson can fold to its title, to see more of the panel.
    let folded = RwSignal::new(false);
    // A lesson link (or a reload) opens at its step's panel.
    if let Some((l, s)) = start {
        request_animation_frame(move || regions.bring(l.steps[s].panel));
    }
    // Whether the answer is shown: the step's elements are reused for the next step, so the
    // `<details>` would otherwise stay open on a question not yet asked.
    let answer_open = RwSignal::new(false);
    let go = move |p: Place| {
        place.set(p);
        answer_open.set(false);
        folded.set(false);
        remember(p);
        if let Some((l, s)) = p {
            regions.bring(l.steps[s].panel);
        }
    };
    let check_line = move || {
        let (l, s) = place.get()?;
        let check = l.steps[s].check?;
        let pinned = lab.pinned.with(|p| {
            p.as_ref()
                .and_then(|h| h.test.iter().rev().find_map(|p| p.jacobian))
        });
        let dataset = lab.settings.with(|s| s.dataset);
        let concrete = lab
            .concrete_runs
            .with(|r| r.iter().filter(|r| r.dataset == dataset).count());
        let retrieval = lab
            .retrieval
            .with(|r| r.as_ref().and_then(|r| r.methods.first().map(|m| m.map)));
        let anomaly = lab
            .anomaly
            .with(|a| a.as_ref().and_then(|a| a.methods.first().map(|m| m.auc)));
        // The samples the shown metrics were measured at: none until this model reports.
        let measured_at = lab.metrics.with(|m| m.is_some()).then(|| {
            lab.history
                .with(|h| h.test.last().map_or(0, |p| p.x.max(0.0) as u64))
        });
        let verdict = lab.metrics.with(|m| {
            lab.model.with(|model| {
                lab.settings.with(|now| {
                    verdict(
                        l,
                        s,
                        now,
                        &Observed {
                            metrics: m.as_ref(),
                            model: model.as_ref(),
                            pinned_jacobian: pinned,
                            concrete_runs: concrete,
                            retrieval_map: retrieval,
                            anomaly_auc: anomaly,
                            measured_at,
                        },
                    )
                })
            })
        })?;
        let claim = check.claim();
        let key = verdict.key();
        let holds = key == "holds";
        let text = match verdict {
            Verdict::Holds(v) => format!("✓ Holds: {claim} ({v})"),
            Verdict::Fails(v) => format!("Not yet: {claim} (now {v})"),
            Verdict::SetUp(why) => format!(
                "To check: {claim} Set up this experiment to check it: the lab now differs ({why})."
            ),
            Verdict::Training { seen, needs } => format!(
                "To check: {claim} Judged after {needs} samples of this experiment ({seen} so far): press Play, then pause."
            ),
            Verdict::Waiting => format!("To check: {claim} (not measured yet)"),
        };
        Some(view! {
            <p id="lesson-check" class="lesson-check" class:holds=holds data-holds=holds.to_string()
                data-verdict=key
                aria-live="polite">{text}</p>
        })
    };
    let step_view = move || {
        let (l, s) = place.get()?;
        let step = &l.steps[s];
        let n = l.steps.len();
        // A step without its own set-up runs the one before it: offered when the lab differs.
        let experiment = experiment(l, s);
        let differs = move || {
            let query = experiment?;
            let why = lab.settings.with(|now| mismatch(now, query))?;
            Some(why)
        };
        let panel = step.panel;
        let setup = move || {
            let query = experiment.filter(|_| step.setup.is_some() || differs().is_some())?;
            Some(view! {
                <button type="button" id="lesson-setup" on:click=move |_| {
                    let (settings, _) = from_query(query);
                    lab.change(|s| *s = settings);
                    regions.bring(panel);
                }>"Set up this experiment"</button>
            })
        };
        // A step with a check says this in its check line.
        let mismatch_line = move || {
            let why = differs().filter(|_| step.check.is_none())?;
            Some(view! {
                <p id="lesson-mismatch" class="lesson-mismatch">
                    {format!("This step's experiment is not set up: the lab differs ({why}).")}
                </p>
            })
        };
        let question = step.question.map(|(q, a)| {
            view! {
                <div class="lesson-question">
                    <p id="lesson-question">{q}</p>
                    <details
                        id="lesson-answer"
                        prop:open=move || answer_open.get()
                        on:toggle=move |ev| {
                            use wasm_bindgen::JsCast;
                            let open = ev
                                .target()
                                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                                .is_some_and(|d| d.open());
                            answer_open.set(open);
                        }
                    >
                        <summary>"Show the answer"</summary>
                        <p>{a}</p>
                    </details>
                </div>
            }
        });
        Some(view! {
            <div class="lesson-step" id="lesson-step" data-lesson=l.id data-step=(s + 1).to_string()
                data-panel=step.panel.heading_id()>
                <h3 id="lesson-step-title">{format!("Step {} of {n}: {}", s + 1, step.title)}</h3>
                <p id="lesson-text">{step.text}</p>
                {mismatch_line}
                {setup}
                {check_line}
                {question}
                <nav class="lesson-nav" aria-label="Lesson steps">
                    <button type="button" id="lesson-prev" disabled={s == 0}
                        on:click=move |_| go(Some((l, s.saturating_sub(1))))>"Previous step"</button>
                    <button type="button" id="lesson-next" disabled={s + 1 >= n}
                        on:click=move |_| go(Some((l, (s + 1).min(n - 1))))>"Next step"</button>
                    <a id="lesson-link" href=step_link(l, s)>"Link to this step"</a>
                </nav>
            </div>
        })
    };
    view! {
        <section class="panel lessons" aria-labelledby="lessons-title"
            class:active=move || place.with(Option::is_some)
            class:folded=move || folded.get()>
            <div class="lessons-head">
                <h2 id="lessons-title">"Lessons"</h2>
                <button type="button" id="lesson-fold" class="secondary fold"
                    aria-expanded=move || (!folded.get()).to_string()
                    aria-controls="lesson-step"
                    on:click=move |_| folded.update(|f| *f = !*f)>
                    {move || if folded.get() { "Show the step" } else { "Fold" }}
                </button>
            </div>
            <label for="lesson-menu" class="visually-hidden">"Lesson"</label>
            <select
                id="lesson-menu"
                prop:value=move || place.with(|p| p.map_or("", |(l, _)| l.id).to_string())
                on:change=move |ev| go(lesson(&event_target_value(&ev)).map(|l| (l, 0)))
            >
                <option value="">"Choose a guided lesson…"</option>
                {LESSONS
                    .iter()
                    .map(|l| view! { <option value=l.id>{l.title}</option> })
                    .collect_view()}
            </select>
            {step_view}
            <ClassroomDialog settings=lab.settings.read_only() lesson=Signal::derive(move || place.get().map(|(l, s)| (l.id, s))) />
        </section>
    }
}
