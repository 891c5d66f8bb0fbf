//! The decoder, played with: point at (or drag across) the latent plane and the page decodes
//! that code at once with its own copy of the decoder; sliders for codes larger than 2; a
//! sample from the prior; the manifold grid; and interpolation between two test items.

use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;

use super::code_sliders::{Sliders, code_spans};
use super::data::DataStatus;
use super::draw::{Tile, draw_tiles};
use super::lab::Lab;
use crate::data::SampleShape;
use crate::models::vae::{DecoderWeights, normal_grid};
use crate::protocol::LatentView;

/// Manifold grid size (N × N decodes).
const GRID: usize = 12;
/// Interpolation steps between the two chosen items.
const STEPS: usize = 9;
/// Decoding time per slice of the manifold grid before the page gets the thread back.
const SLICE_MS: f64 = 8.0;

/// Decode one code with the page's copy of the decoder.
pub fn decode(dec: &DecoderWeights, z: &[f32]) -> Vec<f32> {
    let (mut scratch, mut out) = (Vec::new(), Vec::new());
    dec.decode_one(z, &mut scratch, &mut out);
    out
}

/// The two code dimensions the latent plane shows (for pointer decoding and the grid).
pub fn plane_dims(lab: Lab) -> Option<(usize, usize)> {
    let code = lab
        .model
        .with_untracked(|m| m.as_ref().map_or(0, |m| m.code_dim));
    match lab.view.get_untracked() {
        _ if code < 2 => None,
        // A view picked for an earlier, wider code names no plane of this one.
        LatentView::Dims(a, b) if (a as usize) < code && (b as usize) < code => {
            Some((a as usize, b as usize))
        }
        LatentView::Dims(..) | LatentView::Pca | LatentView::OntoPca => None,
    }
}

#[component]
pub fn DecodePanel(lab: Lab) -> impl IntoView {
    let big = NodeRef::<Canvas>::new();
    let grid = NodeRef::<Canvas>::new();
    let interp = NodeRef::<Canvas>::new();
    // Measured decode cost: the grid's decodes timed together, then averaged per image.
    let decode_ms = RwSignal::new(None::<f64>);
    let (from, to) = (RwSignal::new(0usize), RwSignal::new(1usize));
    let shape = move || match lab.data.shape_tracked() {
        Some(SampleShape::Image { width, height }) => Some((width, height)),
        _ => None,
    };
    // The big decode follows the probe code: tens of microseconds per decode, so it keeps up
    // with the pointer.
    Effect::new(move |_| {
        let (Some(canvas), Some(wh)) = (big.get(), shape()) else {
            return;
        };
        let z = lab.probe.get();
        lab.decoder.with(|d| {
            if let Some(d) = d.as_ref().filter(|d| d.code_dim == z.len()) {
                let px = decode(d, &z);
                draw_tiles(
                    &canvas,
                    &[Tile {
                        pixels: &px,
                        caption: String::new(),
                    }],
                    wh,
                    1,
                    6,
                    12,
                );
            }
        });
    });
    // The grid is 144 decodes: for a deep decoder (1.4 M multiply-adds each) that is a tenth
    // of a second, so it is decoded in slices between frames; a newer decoder or plane
    // cancels a grid still in progress.
    let grid_job = StoredValue::new(0u64);
    Effect::new(move |_| {
        let (Some(canvas), Some(wh)) = (grid.get(), shape()) else {
            return;
        };
        let base = lab.probe.get_untracked();
        let Some(d) = lab.decoder.get().filter(|d| d.code_dim > 0) else {
            return;
        };
        let (a, b) = plane_dims(lab)
            .filter(|&(a, b)| a < d.code_dim && b < d.code_dim)
            .unwrap_or((0, 1.min(d.code_dim - 1)));
        // A 1-D code has one axis: one row of decodes, not GRID identical rows.
        let rows = if b == a { 1 } else { GRID };
        let spans = code_spans(lab, false);
        let axis = |dim: usize| match spans.as_ref().and_then(|s| s.get(dim)) {
            Some(&(lo, hi)) => (0..GRID)
                .map(|i| lo + (hi - lo) * i as f32 / (GRID - 1) as f32)
                .collect::<Vec<f32>>(),
            None => normal_grid(GRID),
        };
        let (qa, qb) = (axis(a), axis(b));
        let codes: Vec<Vec<f32>> = (0..rows * GRID)
            .map(|cell| {
                let (row, col) = (cell / GRID, cell % GRID);
                let mut z = if base.len() == d.code_dim {
                    base.clone()
                } else {
                    vec![0.0; d.code_dim]
                };
                z[a] = qa[col];
                if b != a {
                    z[b] = qb[GRID - 1 - row];
                }
                z
            })
            .collect();
        wasm_bindgen_futures::spawn_local(async move {
            let Some((tiles, per_image)) = decode_in_slices(&d, &codes, grid_job).await else {
                return;
            };
            decode_ms.try_set(Some(per_image));
            let t: Vec<Tile> = tiles
                .iter()
                .map(|p| Tile {
                    pixels: p,
                    caption: String::new(),
                })
                .collect();
            draw_tiles(&canvas, &t, wh, GRID, 1, 12);
        });
    });
    let interp_job = StoredValue::new(0u64);
    Effect::new(move |_| {
        let (Some(canvas), Some(wh)) = (interp.get(), shape()) else {
            return;
        };
        let (i, j) = (from.get(), to.get());
        let Some(codes) = lab
            .snapshot
            .with(|s| s.as_ref().map(|s| s.recon_codes.clone()))
        else {
            return;
        };
        let index = lab
            .data_info
            .with(|d| d.as_ref().map(|d| d.recon_index.clone()))
            .unwrap_or_default();
        lab.decoder.with(|d| {
            let Some(d) = d.as_ref() else { return };
            let k = d.code_dim;
            let (Some(za), Some(zb)) =
                (codes.get(i * k..(i + 1) * k), codes.get(j * k..(j + 1) * k))
            else {
                return;
            };
            lab.data.status.with(|st| {
                let DataStatus::Ready { split, .. } = st else {
                    return;
                };
                let (Some(&ia), Some(&ib)) = (index.get(i), index.get(j)) else {
                    return;
                };
                let xa: Vec<f32> = split.test.x.row(ia as usize).iter().copied().collect();
                let xb: Vec<f32> = split.test.x.row(ib as usize).iter().copied().collect();
                let ts: Vec<f32> = (0..STEPS).map(|s| s as f32 / (STEPS - 1) as f32).collect();
                let lerp = |a: &[f32], b: &[f32], t: f32| -> Vec<f32> {
                    a.iter()
                        .zip(b)
                        .map(|(a, b)| (1.0 - t) * a + t * b)
                        .collect()
                };
                let codes: Vec<Vec<f32>> = ts.iter().map(|&t| lerp(za, zb, t)).collect();
                let blends: Vec<Vec<f32>> = ts.iter().map(|&t| lerp(&xa, &xb, t)).collect();
                let (d, canvas) = (Arc::clone(d), canvas.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let Some((decoded, _)) = decode_in_slices(&d, &codes, interp_job).await else {
                        return;
                    };
                    let mut tiles: Vec<Tile> = decoded
                        .iter()
                        .zip(&ts)
                        .map(|(p, t)| Tile {
                            pixels: p,
                            caption: format!("t={t:.2}"),
                        })
                        .collect();
                    tiles.extend(blends.iter().map(|p| Tile {
                        pixels: p,
                        caption: String::new(),
                    }));
                    draw_tiles(&canvas, &tiles, wh, STEPS, 2, 11);
                });
            });
        });
    });
    let code_dim = move || lab.model.with(|m| m.as_ref().map_or(0, |m| m.code_dim));
    let sample_prior = move |_| {
        let k = code_dim();
        let seed = lab.prior_draws.get_untracked().wrapping_add(1);
        lab.prior_draws.set(seed);
        lab.probe.set(prior_sample(k, seed));
    };
    let names = move || {
        lab.data_info.with(|d| {
            let Some(d) = d.as_ref() else {
                return Vec::new();
            };
            lab.data.status.with(|st| match st {
                DataStatus::Ready { split, .. } => d
                    .recon_index
                    .iter()
                    .map(|&i| {
                        split.test.class_names[split.test.labels[i as usize] as usize].clone()
                    })
                    .collect(),
                _ => Vec::new(),
            })
        })
    };
    let picker = move |id: &'static str, label: &'static str, sig: RwSignal<usize>| {
        view! {
            <div class="field inline">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse() { sig.set(v) }
                }>
                    {move || names().into_iter().enumerate().map(|(i, n)| view! {
                        <option value=i.to_string() selected=move || { sig.get() == i }>{format!("test item: {n}")}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    // A concrete code is the selected pixels themselves: no prior to sample, and no latent
    // axes for sliders or a normal-quantile grid to walk.
    let concrete = move || {
        lab.settings
            .with(|s| s.config.regularization.concrete.is_some())
    };
    view! {
        <section class="panel" aria-labelledby="decode-title" class:hidden=move || shape().is_none()>
            <h2 id="decode-title">"Decoder"</h2>
            <p class="hint">
                "Point at the autoencoder's latent plane above, or drag across it: the page decodes that code at once. "
                "A plain autoencoder decodes garbage in the holes between its clusters; a VAE's plane is continuous."
            </p>
            <div class="decode">
                <figure>
                    <canvas node_ref=big id="decoded" role="img" aria-label="The image decoded from the chosen code"></canvas>
                    <figcaption class="hint" id="decode-time">
                        {move || decode_ms.get().map(|ms| format!("Decoded on this page: {ms:.3} ms per image, no round trip to the worker."))}
                    </figcaption>
                    <figcaption id="probe">{move || format!("z = ({})", lab.probe.get().iter().map(|v| format!("{v:.2}")).collect::<Vec<_>>().join(", "))}</figcaption>
                </figure>
                <div class="sliders" class:hidden=concrete>
                    <button type="button" id="sample-prior" class="secondary" on:click=sample_prior
                        title="Draw z from the prior N(0, I) and decode it.">"Sample from the prior"</button>
                    <Sliders lab=lab />
                </div>
            </div>
            <div class:hidden=concrete>
                <h3>"Manifold grid"</h3>
                <p class="hint" id="grid-hint">{move || if lab.settings.with(|s| s.config.model.vae.is_some()) {
                    "Decodes of a grid of codes spaced by the quantiles of N(0, 1) (Kingma and Welling's layout), over the plane's two dimensions."
                } else {
                    "Decodes of an even grid over the plane's two dimensions, from the 1st to the 99th percentile of the test items' codes (the other dimensions as the sliders set them)."
                }}</p>
                <canvas node_ref=grid id="manifold-grid" role="img" aria-label="A grid of decoded images over the latent plane"></canvas>
            </div>
            <h3>"Interpolation"</h3>
            <div class="row">
                {picker("interp-from", "From", from)}
                {picker("interp-to", "To", to)}
            </div>
            <canvas node_ref=interp id="interpolation" role="img"
                aria-label="Top: decodes along the straight line between the two codes. Bottom: the pixel-space blend of the two images."></canvas>
            <p class="hint">"Top: decoded along the straight line between the two codes. Bottom: the same two images blended pixel by pixel."</p>
        </section>
    }
}

/// Decode `codes` a slice at a time, giving the thread back between slices (a deep decoder
/// costs 1.4 M multiply-adds per image). Starting a new job through `jobs` cancels this one
/// (`None`). Returns the images and the decoding time per image.
async fn decode_in_slices(
    d: &DecoderWeights,
    codes: &[Vec<f32>],
    jobs: StoredValue<u64>,
) -> Option<(Vec<Vec<f32>>, f64)> {
    let job = jobs.try_get_value()?.wrapping_add(1);
    jobs.try_set_value(job);
    // Start in a task of its own: the frame that brought a new decoder has drawn enough.
    gloo_timers::future::TimeoutFuture::new(0).await;
    let mut out = Vec::with_capacity(codes.len());
    let (mut spent, mut slice_start) = (0.0, now_ms());
    for z in codes {
        if jobs.try_get_value() != Some(job) {
            return None;
        }
        let t0 = now_ms();
        out.push(decode(d, z));
        let t1 = now_ms();
        spent += t1 - t0;
        if t1 - slice_start > SLICE_MS {
            gloo_timers::future::TimeoutFuture::new(0).await;
            slice_start = now_ms();
        }
    }
    Some((out, spent / codes.len().max(1) as f64))
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// A standard normal sample of `k` values from a small seeded generator (Box-Muller).
fn prior_sample(k: usize, seed: u64) -> Vec<f32> {
    use rand::{RngExt, SeedableRng, rngs::StdRng};
    let mut rng = StdRng::seed_from_u64(seed);
    (0..k)
        .map(|_| {
            let (u, v): (f32, f32) = (
                1.0 - rng.random_range(0.0..1.0f32),
                rng.random_range(0.0..1.0f32),
            );
            (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos()
        })
        .collect()
}

/// Keep the decoder copy (an `Arc`, so signals clone cheaply).
pub type SharedDecoder = Option<Arc<DecoderWeights>>;
