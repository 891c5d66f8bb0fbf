//! Image restoration: a test item or a drawing is corrupted (noise, a painted hole, half the
//! resolution) and restored by the autoencoder beside the classical baselines, each with its
//! PSNR on this image and averaged over 200 test items. The work runs in the worker.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::data::DataStatus;
use super::draw::{Tile, draw_tiles};
use super::drawing_pad::{DrawingPad, MaskPainter, centre_hole};
use super::lab::Lab;
use super::needs_net::NeedsNet;
use super::settings_handle::Settings;
use crate::data::SampleShape;
use crate::models::noise::{Noise, NoiseKind};
use crate::protocol::Command;
use crate::protocol::restore::{MAX_ITERATIONS, RestoreInput, RestoreTask};
use crate::settings::fit::App;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Item,
    Drawing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Task {
    Denoise,
    Inpaint,
    SuperResolve,
}

impl Task {
    const ALL: [Task; 3] = [Task::Denoise, Task::Inpaint, Task::SuperResolve];

    fn label(self) -> &'static str {
        match self {
            Task::Denoise => "Denoise",
            Task::Inpaint => "Inpaint a painted hole",
            Task::SuperResolve => "Super-resolve from half size",
        }
    }
}

/// Side of the images this panel works on (MNIST and Fashion-MNIST).
const SIDE: usize = 28;
/// Inpainting rounds offered first: on MNIST 2-3 rounds fill a hole best, 20 drift away.
const DEFAULT_ROUNDS: u32 = 3;

fn format_db(v: f32) -> String {
    if v.is_finite() {
        format!("{v:.1} dB")
    } else {
        "exact".into()
    }
}

#[component]
pub fn RestorePanel(lab: Lab) -> impl IntoView {
    let (source, task) = (RwSignal::new(Source::Item), RwSignal::new(Task::Denoise));
    let item = RwSignal::new(0u32);
    let drawing = RwSignal::new(None::<Vec<f32>>);
    let (kind, level) = (RwSignal::new(NoiseKind::Masking), RwSignal::new(0.3f32));
    let rounds = RwSignal::new(DEFAULT_ROUNDS);
    let mask = RwSignal::new(centre_hole(SIDE, 10));
    let error = RwSignal::new(None::<String>);
    let (results, probe_canvas) = (NodeRef::<Canvas>::new(), NodeRef::<Canvas>::new());
    let is_image = move || {
        lab.data.status.with(|s| {
            matches!(s, DataStatus::Ready { split, .. }
                if split.test.shape == SampleShape::Image { width: SIDE, height: SIDE })
        })
    };
    let n_test = move || lab.data_info.with(|d| d.as_ref().map_or(0, |d| d.n_test));
    // The image the task starts from, for the mask painter.
    let input_pixels = Signal::derive(move || match source.get() {
        Source::Drawing => drawing.get(),
        Source::Item => lab.data.status.with(|s| match s {
            DataStatus::Ready { split, .. } if (item.get() as usize) < split.test.len() => Some(
                split
                    .test
                    .x
                    .row(item.get() as usize)
                    .iter()
                    .copied()
                    .collect(),
            ),
            _ => None,
        }),
    });
    // Bad numbers keep the previous value and say why below the controls.
    let pick_item = move |text: String| match text.trim().parse::<u32>() {
        Ok(v) if (v as usize) < n_test() => {
            error.set(None);
            item.set(v);
        }
        _ => error.set(Some(format!(
            "Enter a test item number from 0 to {}; still using item {}.",
            n_test().saturating_sub(1),
            item.get_untracked()
        ))),
    };
    let pick_rounds = move |text: String| match text.trim().parse::<u32>() {
        Ok(v) if v <= MAX_ITERATIONS => {
            error.set(None);
            rounds.set(v);
        }
        _ => error.set(Some(format!(
            "Rounds must be a whole number from 0 to {MAX_ITERATIONS}; still {}.",
            rounds.get_untracked()
        ))),
    };
    let run = move |_| {
        let input = match source.get_untracked() {
            Source::Item => RestoreInput::TestItem(item.get_untracked()),
            Source::Drawing => match drawing.get_untracked() {
                Some(p) => RestoreInput::Pixels(p),
                None => {
                    error.set(Some("Draw something on the pad first.".into()));
                    return;
                }
            },
        };
        let task = match task.get_untracked() {
            Task::Denoise => RestoreTask::Denoise {
                noise: Noise {
                    kind: kind.get_untracked(),
                    level: level.get_untracked(),
                    at_test: false,
                },
            },
            Task::Inpaint => RestoreTask::Inpaint {
                known: mask.get_untracked(),
                iterations: rounds.get_untracked(),
            },
            Task::SuperResolve => RestoreTask::SuperResolve,
        };
        error.set(None);
        lab.restore_busy.set(true);
        lab.send(Command::Restore { input, task });
    };
    // The drawing also goes to the latent scatters and the reconstructions (the worker puts
    // it in every snapshot); only what changed is sent.
    let sent = StoredValue::new(false);
    Effect::new(move |_| {
        let pixels = (source.get() == Source::Drawing)
            .then(|| drawing.get())
            .flatten();
        if pixels.is_some() || sent.get_value() {
            sent.set_value(pixels.is_some());
            lab.send(Command::SetProbe { pixels });
        }
    });
    Effect::new(move |_| {
        let Some(canvas) = probe_canvas.get() else {
            return;
        };
        let k = lab
            .model
            .with(|m| m.as_ref().map_or(0, |m| m.code_dim.min(SIDE * SIDE)));
        lab.drawing_probe.with(|p| {
            let Some(p) = p else {
                draw_tiles(&canvas, &[], (SIDE, SIDE), 3, 3, 12);
                return;
            };
            let tiles = [
                Tile {
                    pixels: &p.recon,
                    caption: format!("net, MSE {:.3}", p.mse),
                },
                Tile {
                    pixels: &p.pca_recon,
                    caption: format!("PCA-{k}, MSE {:.3}", p.pca_mse),
                },
            ];
            draw_tiles(&canvas, &tiles, (SIDE, SIDE), 2, 3, 12);
        });
    });
    Effect::new(move |_| {
        let Some(canvas) = results.get() else { return };
        lab.restored.with(|r| {
            let Some(r) = r else { return };
            let mut tiles = vec![
                Tile {
                    pixels: &r.clean,
                    caption: "original".into(),
                },
                Tile {
                    pixels: &r.corrupted,
                    caption: format!("given {}", format_db(r.corrupted_psnr)),
                },
            ];
            tiles.extend(r.methods.iter().enumerate().map(|(k, m)| Tile {
                pixels: &m.pixels,
                caption: format!("{}. {}", k + 1, format_db(m.psnr)),
            }));
            draw_tiles(
                &canvas,
                &tiles,
                (r.width as usize, r.height as usize),
                6,
                3,
                12,
            );
        });
    });
    let rows = move || {
        lab.restored.with(|r| {
            r.as_ref().map(|r| {
                let best = r
                    .methods
                    .iter()
                    .map(|m| m.mean_psnr)
                    .fold(f32::MIN, f32::max);
                r.methods
                    .iter()
                    .enumerate()
                    .map(|(k, m)| {
                        let top = m.mean_psnr == best;
                        view! {
                            <tr class:best=top>
                                <th scope="row">{format!("{}. {}", k + 1, m.name)}</th>
                                <td>{format_db(m.psnr)}</td>
                                <td>{format_db(m.mean_psnr)}{if top { " (best)" } else { "" }}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let summary = move || {
        lab.restored.with(|r| {
            r.as_ref().map(|r| {
                format!(
                    "{}: {} The given image scores {} ({} on average over {} test items).",
                    capitalised(&r.task),
                    r.note,
                    format_db(r.corrupted_psnr),
                    format_db(r.corrupted_mean_psnr),
                    r.averaged_over
                )
            })
        })
    };
    view! {
        <section class="panel" id="restore" aria-labelledby="restore-title">
            <h2 id="restore-title">"Image restoration"</h2>
            <NeedsNet settings=Settings::of(lab) app=App::Restore />
            <p class="hint" class:hidden=is_image>"Restoration works on 28 × 28 images: MNIST, Fashion-MNIST, or your own images at 28 × 28."</p>
            <div class:hidden=move || !is_image()>
                <p class="hint">"Corrupt an image, then restore it with the trained network and with classical methods. PSNR (higher is better) is measured on this image and averaged over 200 test items with the same corruption. A net trained with matching noise (a denoising autoencoder) restores best."</p>
                <div class="buttons" role="radiogroup" aria-label="Image to restore">
                    <label class="toggle"><input type="radio" name="restore-source" id="restore-from-item"
                        prop:checked=move || source.get() == Source::Item on:change=move |_| source.set(Source::Item) />"A test item"</label>
                    <label class="toggle"><input type="radio" name="restore-source" id="restore-from-drawing"
                        prop:checked=move || source.get() == Source::Drawing on:change=move |_| source.set(Source::Drawing) />"My drawing"</label>
                </div>
                <div class="buttons" class:hidden=move || source.get() != Source::Item>
                    <label for="restore-item">"Test item"</label>
                    <input id="restore-item" type="number" min="0" prop:value=move || item.get().to_string()
                        on:change=move |ev| { pick_item(event_target_value(&ev)) } />
                    <button type="button" class="secondary" id="restore-another"
                        on:click=move |_| item.update(|i| *i = (i.wrapping_mul(7919).wrapping_add(1013)) % (n_test().max(1) as u32))>"Another item"</button>
                </div>
                <Show when=move || source.get() == Source::Drawing>
                    <DrawingPad drawing=drawing />
                </Show>
                <div class:hidden=move || source.get() != Source::Drawing || lab.drawing_probe.with(|p| p.is_none())>
                    <p class="hint">"Reconstructed now, by the network and by PCA with as many components as the code; the drawing is also marked in both latent plots (under Train)."</p>
                    <canvas node_ref=probe_canvas id="drawing-recon" role="img" aria-label="The drawing reconstructed by the network and by PCA"></canvas>
                </div>
                <div class="buttons">
                    <label for="restore-task">"Task"</label>
                    <select id="restore-task" on:change=move |ev| {
                        if let Some(t) = Task::ALL.iter().find(|t| format!("{:?}", t) == event_target_value(&ev)) { task.set(*t); }
                    }>
                        {Task::ALL.iter().map(|t| view! { <option value=format!("{t:?}") selected=move || task.get() == *t>{t.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="buttons" class:hidden=move || task.get() != Task::Denoise>
                    <label for="restore-noise">"Noise"</label>
                    <select id="restore-noise" on:change=move |ev| {
                        if let Some(k) = NoiseKind::ALL.iter().find(|k| format!("{:?}", k) == event_target_value(&ev)) { kind.set(*k); }
                    }>
                        {NoiseKind::ALL.iter().map(|k| view! { <option value=format!("{k:?}") selected=move || kind.get() == *k>{k.label()}</option> }).collect_view()}
                    </select>
                    <label for="restore-level">"Level"</label>
                    <input id="restore-level" type="range" min="0.05" max="0.8" step="0.05" prop:value=move || level.get().to_string()
                        on:input=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<f32>() { level.set(v.clamp(0.05, 0.8)); } } />
                    <output for="restore-level">{move || format!("{:.2}", level.get())}</output>
                </div>
                <div class:hidden=move || task.get() != Task::Inpaint>
                    <p class="hint">"Paint over the image to hide pixels (orange); the centre square starts hidden."</p>
                    <div class="drawing">
                        <MaskPainter image=input_pixels side=SIDE mask=mask />
                        <div class="buttons">
                            <button type="button" class="secondary" id="mask-reset" on:click=move |_| mask.set(centre_hole(SIDE, 10))>"Reset the hole"</button>
                            <label for="restore-rounds">"Rounds"</label>
                            <input id="restore-rounds" type="number" min="0" max=MAX_ITERATIONS prop:value=move || rounds.get().to_string()
                                on:change=move |ev| { pick_rounds(event_target_value(&ev)) } />
                        </div>
                    </div>
                </div>
                <div class="buttons">
                    <button type="button" id="restore-run" on:click=run
                        disabled=move || !lab.can_train() || lab.restore_busy.get()>
                        {move || if lab.restore_busy.get() { "Restoring…" } else { "Corrupt and restore" }}
                    </button>
                </div>
                <p class="field-error" id="restore-error" aria-live="polite">{move || error.get()}</p>
                <div class:hidden=move || lab.restored.with(|r| r.is_none())>
                    <p class="hint" id="restore-summary">{summary}</p>
                    <canvas node_ref=results id="restore-images" role="img" aria-label="The original, the corrupted image and each method's restoration with its PSNR"></canvas>
                    <table id="restore-table">
                        <thead><tr><th scope="col">"Method"</th><th scope="col">"PSNR, this image"</th><th scope="col" title="Each image's PSNR, averaged over 200 test items (as in the compression table)">"Mean PSNR, 200 test items"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </div>
        </section>
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}
