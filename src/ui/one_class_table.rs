//! The one-class table: each class in turn as the only normal one, with the autoencoder's and
//! PCA's AUC, the worst cases called out. Computed in the worker with progress; cancellable.

use leptos::prelude::*;

use super::commands::Commands;
use crate::protocol::Command;
use crate::protocol::OneClassProgress;

/// Below this AUC a class's anomalies overlap its own items' errors a lot (one in ten pairs
/// or more ranked the wrong way).
const WEAK_AUC: f32 = 0.9;

#[component]
pub fn OneClassTable(
    commands: Commands,
    /// The one-class job's progress and rows so far.
    job: ReadSignal<Option<OneClassProgress>>,
    names: Signal<Vec<String>>,
) -> impl IntoView {
    let samples = RwSignal::new(10_000u64);
    let running = move || job.with(|p| p.as_ref().is_some_and(|p| p.running));
    let start = move |_| {
        commands.send(Command::OneClassTable {
            samples: samples.get_untracked(),
        })
    };
    let name = move |c: u8| {
        names.with(|n| {
            n.get(usize::from(c))
                .cloned()
                .unwrap_or_else(|| c.to_string())
        })
    };
    let progress = move || {
        job.with(|p| {
            let p = p.as_ref()?;
            Some(if p.running {
                format!(
                    "Training on {} only ({} of {} classes): {} of {} samples.",
                    name(p.class),
                    p.rows.len() + 1,
                    p.classes,
                    p.samples_seen,
                    p.samples
                )
            } else if let Some(m) = &p.message {
                format!("Stopped after {} of {} classes. {m}", p.rows.len(), p.classes)
            } else {
                let worst = p.rows.iter().min_by(|a, b| a.ae_auc.total_cmp(&b.ae_auc));
                let pca_wins = p.rows.iter().filter(|r| r.pca_auc > r.ae_auc).count();
                match worst {
                    Some(w) => {
                        // Say what a low AUC means only when the worst one is low.
                        let why = if w.ae_auc < WEAK_AUC {
                            ": trained on it, the net reconstructs many other items about as well as its own, so their errors do not stand out"
                        } else {
                            ""
                        };
                        format!(
                            "Done. Hardest normal class for the autoencoder: {} (AUC {:.3}){why}. PCA's AUC is higher for {pca_wins} of {} classes.",
                            name(w.class),
                            w.ae_auc,
                            p.rows.len()
                        )
                    }
                    None => "Done.".into(),
                }
            })
        })
    };
    let rows = move || {
        job.with(|p| {
            let p = p.as_ref()?;
            let worst = p
                .rows
                .iter()
                .map(|r| r.ae_auc)
                .fold(f32::INFINITY, f32::min);
            Some(
                p.rows
                    .iter()
                    .map(|r| {
                        let flag = if r.ae_auc == worst && p.rows.len() > 1 {
                            " (worst)"
                        } else {
                            ""
                        };
                        view! {
                            <tr>
                                <th scope="row">{format!("{}{flag}", name(r.class))}</th>
                                <td>{format!("{:.3}", r.ae_auc)}</td>
                                <td>{format!("{:.3}", r.pca_auc)}</td>
                            </tr>
                        }
                    })
                    .collect_view(),
            )
        })
    };
    view! {
        <h3>"One class at a time"</h3>
        <p class="hint">
            "Each class in turn is the only normal one: a fresh network of the current settings trains on it, then every other class is the anomaly. "
            "Training pauses meanwhile."
        </p>
        <div class="buttons">
            <label for="one-class-samples">"Samples per class"</label>
            <select id="one-class-samples" prop:value=move || samples.get().to_string()
                on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { samples.set(v) } }>
                {[5_000u64, 10_000, 20_000, 50_000].into_iter().map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
            </select>
            <button type="button" id="one-class-start" on:click=start
                disabled=move || running() || !commands.ready()>"Compute the one-class table"</button>
            <button type="button" class="secondary" id="one-class-cancel"
                disabled=move || !running() on:click=move |_| commands.send(Command::CancelJob)>"Cancel"</button>
        </div>
        <p class="hint" id="one-class-progress" aria-live="polite">{progress}</p>
        <table class="compare" id="one-class-table" class:hidden=move || job.with(|p| p.as_ref().is_none_or(|p| p.rows.is_empty()))>
            <thead><tr><th scope="col">"Normal class"</th><th scope="col">"AE AUC"</th><th scope="col">"PCA AUC"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
