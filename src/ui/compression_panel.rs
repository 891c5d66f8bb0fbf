//! Compression against the browser's JPEG and WebP: a rate-distortion chart (bits per image
//! against PSNR) of the quantised code, PCA's quantised coefficients and both browser
//! codecs with and without headers, on the same 200 test items, and the first items as
//! each method keeps them at the chosen rate.

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::chart_box::ChartBox;
use super::codecs::{Codec, measure};
use super::commands::Commands;
use super::data::DataStatus;
use super::data::DataStore;
use super::draw::{Tile, draw_tiles, with_chart};
use super::needs_net::NeedsNet;
use super::settings_handle::Settings;
use crate::charts::loss::Series;
use crate::charts::palette::class_colour;
use crate::charts::rate_distortion::draw_rate_distortion;
use crate::data::SampleShape;
use crate::protocol::Command;
use crate::protocol::compression::CompressionReport;
use crate::protocol::compression::{ITEMS, RdCurve, SHOWN};
use crate::settings::fit::App;

/// Rates the images can be compared at, in bits per image.
const RATES: [u32; 5] = [32, 64, 128, 256, 1024];

#[component]
pub fn CompressionPanel(
    commands: Commands,
    settings: Settings,
    data: DataStore,
    report: ReadSignal<Option<CompressionReport>>,
) -> impl IntoView {
    let rate = RwSignal::new(64u32);
    let codecs = RwSignal::new(Vec::<RdCurve>::new());
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (chart, tiles) = (NodeRef::<Canvas>::new(), NodeRef::<Canvas>::new());
    let chart_box = ChartBox::new(chart);
    let is_image = move || {
        data.status.with(|s| matches!(s, DataStatus::Ready { split, .. } if matches!(split.test.shape, SampleShape::Image { .. })))
    };
    // Every curve: the worker's (autoencoder, PCA), then the page's (JPEG, WebP).
    let curves = move || {
        let mut all: Vec<RdCurve> =
            report.with(|r| r.as_ref().map(|r| r.curves.clone()).unwrap_or_default());
        all.extend(codecs.get());
        all
    };
    let run = move |_| {
        let Some((images, size)) = data.status.with_untracked(|s| match s {
            DataStatus::Ready { split, .. } => match split.test.shape {
                SampleShape::Image { width, height } => Some((
                    (0..split.test.len().min(ITEMS))
                        .map(|r| split.test.x.row(r).iter().copied().collect::<Vec<f32>>())
                        .collect::<Vec<_>>(),
                    (width as u32, height as u32),
                )),
                SampleShape::Points { .. } => None,
            },
            _ => None,
        }) else {
            return;
        };
        let rate_bits = rate.get_untracked();
        busy.set(true);
        commands.send(Command::MeasureCompression { rate_bits });
        codecs.set(Vec::new());
        spawn_local(async move {
            for codec in Codec::ALL {
                match measure(codec, &images, size, rate_bits, |m| status.set(Some(m))).await {
                    Ok(pair) => codecs.update(|c| c.extend(pair)),
                    Err(why) => {
                        status.set(Some(format!(
                            "{} could not be measured: {why}.",
                            codec.name()
                        )));
                        busy.set(false);
                        return;
                    }
                }
            }
            status.set(None);
            busy.set(false);
        });
    };
    Effect::new(move |_| {
        let (Some(canvas), Some(size)) = (chart.get(), chart_box.size()) else {
            return;
        };
        let all = curves();
        if all.is_empty() {
            return;
        }
        let series: Vec<Series> = all
            .iter()
            .map(|c| Series {
                name: c.name.clone(),
                colour: class_colour(method_of(&c.name)),
                // Entropy-coded and headerless sizes: the same method's other line, dashed.
                dashed: is_variant(&c.name),
                points: c
                    .points
                    .iter()
                    .map(|p| (f64::from(p.bits), f64::from(p.psnr)))
                    .collect(),
            })
            .collect();
        let mark =
            f64::from(report.with(|r| r.as_ref().map_or(rate.get_untracked(), |r| r.rate_bits)));
        with_chart(&canvas, size, |area| {
            draw_rate_distortion(area, &series, mark)
        });
    });
    Effect::new(move |_| {
        let Some(canvas) = tiles.get() else { return };
        let all = curves();
        report.with(|r| {
            let Some(r) = r else { return };
            let mut list: Vec<Tile> = Vec::new();
            for (k, img) in r.originals.iter().enumerate() {
                list.push(Tile {
                    pixels: img,
                    caption: if k == 0 {
                        "original".into()
                    } else {
                        String::new()
                    },
                });
            }
            // Whole-file and payload curves show the same images: one row per method.
            for c in all.iter().filter(|c| !is_variant(&c.name)) {
                for (k, img) in c.shown.iter().enumerate().take(SHOWN) {
                    let short = c
                        .name
                        .split(',')
                        .next()
                        .unwrap_or("")
                        .replace(" coefficients", "");
                    list.push(Tile {
                        pixels: img,
                        caption: if k == 0 { short } else { String::new() },
                    });
                }
            }
            draw_tiles(
                &canvas,
                &list,
                (r.width as usize, r.height as usize),
                SHOWN,
                3,
                12,
            );
        });
    });
    let rows = move || {
        let target = report.with(|r| r.as_ref().map_or(64, |r| r.rate_bits));
        curves()
            .into_iter()
            .map(|c| {
                let near = c.points.iter().min_by(|a, b| {
                    let d = |bits: f32| (bits.max(1.0) / target as f32).ln().abs();
                    d(a.bits).total_cmp(&d(b.bits))
                });
                let smallest = c
                    .points
                    .iter()
                    .map(|p| p.bits)
                    .fold(f32::INFINITY, f32::min);
                view! {
                    <tr>
                        <th scope="row">{c.name.clone()}</th>
                        // A method whose smallest setting is far above the rate cannot get
                        // there: said, so its size is not read as a choice.
                        <td>{near.map(|p| {
                            let floor = p.bits >= smallest && p.bits > 1.5 * target as f32;
                            if floor {
                                format!("{} (its smallest: it cannot go lower)", p.label)
                            } else {
                                p.label.clone()
                            }
                        })}</td>
                        <td>{near.map(|p| format!("{:.0}", p.bits))}</td>
                        <td>{near.map(|p| format!("{:.2}", p.psnr))}</td>
                        <td>{format!("{smallest:.0}")}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel" id="compression" aria-labelledby="compression-title">
            <h2 id="compression-title">"Compression against JPEG and WebP"</h2>
            <NeedsNet settings=settings app=App::Compression />
            <p class="hint" class:hidden=is_image>"Compression is measured on the image datasets."</p>
            <div class:hidden=move || !is_image()>
                <p class="hint">"The code, each unit cut into 2^b equal steps over its training range (b = 2 to 8), is a compressed image: code size × b bits at fixed length. Entropy-coded, it costs the test codes' cross-entropy under symbol frequencies counted on the training codes (add-one smoothed; the model is shared, not sent): what an arithmetic coder with that fixed model spends. PCA's coefficients are quantised the same way (the best k and b at each size), and the browser's own encoders run at qualities 5 to 95. A 28×28 JPEG is mostly header, so both its whole file and its entropy-coded data alone are shown. All on the same 200 test items; PSNR is each image's, averaged, as in the restoration table."</p>
                <div class="buttons">
                    <label for="compression-rate">"Compare the images at about"</label>
                    <select id="compression-rate" on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<u32>() { rate.set(v); } }>
                        {RATES.iter().map(|r| view! { <option value=r.to_string() selected=move || rate.get() == *r>{format!("{r} bits")}</option> }).collect_view()}
                    </select>
                    <button type="button" id="measure-compression" on:click=run
                        disabled=move || !commands.ready() || busy.get()>
                        {move || if busy.get() { "Measuring…" } else { "Measure compression" }}
                    </button>
                </div>
                <p class="hint" id="compression-status" aria-live="polite">{move || status.get()}</p>
                <div class:hidden=move || report.with(|r| r.is_none())>
                    <canvas node_ref=chart id="compression-chart" class="chart" role="img" aria-label="Bits per image against PSNR for the autoencoder, PCA, JPEG and WebP"></canvas>
                    <table id="compression-table">
                        <caption>{move || format!("Each method at the setting nearest {} bits per image", report.with(|r| r.as_ref().map_or(64, |r| r.rate_bits)))}</caption>
                        <thead><tr><th scope="col">"Method"</th><th scope="col">"Setting"</th><th scope="col">"Bits per image"</th><th scope="col" title="Each image's PSNR, averaged over the 200 test items">"Mean PSNR (dB)"</th><th scope="col">"Smallest (bits)"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <canvas node_ref=tiles id="compression-images" role="img" aria-label="The first test items as each method keeps them at the chosen rate"></canvas>
                </div>
            </div>
        </section>
    }
}

/// One colour per method, whatever the line: indigo, green, rose, wine (distinct in the
/// palette and for colour-blind readers).
fn method_of(name: &str) -> u8 {
    const COLOURS: [u8; 4] = [0, 2, 1, 5];
    ["Autoencoder", "PCA", "JPEG", "WebP"]
        .iter()
        .position(|m| name.starts_with(m))
        .map_or(9, |k| COLOURS[k])
}

/// The second line of a method: entropy-coded sizes, or files without their headers.
fn is_variant(name: &str) -> bool {
    name.contains("entropy") || name.contains("only")
}
