//! Retrieval by semantic hashing: the trained code as a short binary address. Measuring scores
//! the code against LSH and PCA hashing on the whole test split; a query shows the training
//! items within a Hamming radius, found through the hash table, beside a linear scan.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::chart_box::ChartBox;
use super::data::DataStatus;
use super::draw::{Tile, draw_tiles, with_chart};
use super::lab::Lab;
use super::needs_net::NeedsNet;
use super::paint::Painter;
use super::settings_handle::Settings;
use crate::charts::loss::{Series, draw_curves};
use crate::charts::palette::class_colour;
use crate::data::SampleShape;
use crate::protocol::{CodeScheme, Command};
use crate::settings::fit::App;

const BITS: [u8; 3] = [8, 16, 32];

#[component]
pub fn RetrievalPanel(lab: Lab) -> impl IntoView {
    let bits = RwSignal::new(16u8);
    let (query, radius) = (lab.retrieval_query, lab.retrieval_radius);
    let (chart, hits, scan) = (
        NodeRef::<Canvas>::new(),
        NodeRef::<Canvas>::new(),
        NodeRef::<Canvas>::new(),
    );
    let chart_box = ChartBox::new(chart);
    let painter = Painter::new();
    let code_dim = move || lab.model.with(|m| m.as_ref().map_or(0, |m| m.code_dim));
    let n_test = move || lab.data_info.with(|d| d.as_ref().map_or(0, |d| d.n_test));
    // The bits on offer: at most the code's width (a 16-unit code cannot give 32 bits).
    let usable = move || {
        BITS.iter()
            .copied()
            .filter(|&b| usize::from(b) <= code_dim())
            .collect::<Vec<_>>()
    };
    let lookup = move || lab.query_retrieval(query.get_untracked());
    // Why the typed item number was not looked up (cleared by the next good query).
    let query_error = RwSignal::new(None::<String>);
    let measure = move |_| {
        let b = bits.get_untracked();
        let b = if usable().contains(&b) {
            b
        } else {
            usable().last().copied().unwrap_or(8)
        };
        bits.set(b);
        lab.retrieval_busy.set(true);
        lab.send(Command::MeasureRetrieval { bits: b });
        lab.send(Command::Lookup {
            query: query.get_untracked(),
            radius: radius.get_untracked(),
        });
    };
    let another = move |_| {
        let n = n_test().max(1) as u32;
        // A fixed stride through the test split: every press shows another class soon.
        query.set((query.get_untracked().wrapping_mul(7919).wrapping_add(1013)) % n);
        query_error.set(None);
        lookup();
    };
    // Precision against recall as the lookup radius grows, one line per method.
    Effect::new(move |_| {
        let (Some(canvas), Some(size)) = (chart.get(), chart_box.size()) else {
            return;
        };
        lab.retrieval.with(|r| {
            let Some(r) = r else { return };
            let series: Vec<Series> = r
                .methods
                .iter()
                .enumerate()
                .map(|(k, m)| Series {
                    name: m.name.clone(),
                    colour: class_colour(k as u8),
                    dashed: k > 0,
                    points: m
                        .pr_curve
                        .iter()
                        .map(|&(rc, p)| (f64::from(rc), f64::from(p)))
                        .collect(),
                })
                .collect();
            if painter.may_paint() {
                with_chart(&canvas, size, |area| {
                    draw_curves(
                        area,
                        &series,
                        false,
                        ("recall (lookup radius 0, 1, 2, … bits)", "precision"),
                    )
                });
            }
        });
    });
    // The query and what came back, from the page's own copy of the data.
    Effect::new(move |_| {
        let (Some(hc), Some(sc)) = (hits.get(), scan.get()) else {
            return;
        };
        lab.neighbours.with(|n| {
            let Some(n) = n else { return };
            lab.data.status.with(|st| {
                let DataStatus::Ready { split, .. } = st else {
                    return;
                };
                let SampleShape::Image { width, height } = split.test.shape else {
                    return;
                };
                let (tr, te) = (&split.train, &split.test);
                let row = |d: &crate::data::Dataset, i: usize| -> Vec<f32> {
                    d.x.row(i).iter().copied().collect()
                };
                let Some(q) = (n.query as usize)
                    .lt(&te.len())
                    .then(|| row(te, n.query as usize))
                else {
                    return;
                };
                let name = |d: &crate::data::Dataset, i: usize| {
                    d.class_names[d.labels[i] as usize].clone()
                };
                let found: Vec<(Vec<f32>, String)> = n
                    .hits
                    .iter()
                    .filter(|(_, i)| (*i as usize) < tr.len())
                    .map(|&(dist, i)| {
                        (
                            row(tr, i as usize),
                            format!("d{dist} {}", name(tr, i as usize)),
                        )
                    })
                    .collect();
                let mut tiles = vec![Tile {
                    pixels: &q,
                    caption: format!("query: {}", name(te, n.query as usize)),
                }];
                tiles.extend(found.iter().map(|(p, c)| Tile {
                    pixels: p,
                    caption: c.clone(),
                }));
                draw_tiles(&hc, &tiles, (width, height), 11, 2, 11);
                let near: Vec<(Vec<f32>, String)> = n
                    .scan
                    .iter()
                    .filter(|&&i| (i as usize) < tr.len())
                    .map(|&i| (row(tr, i as usize), name(tr, i as usize)))
                    .collect();
                let tiles: Vec<Tile> = near
                    .iter()
                    .map(|(p, c)| Tile {
                        pixels: p,
                        caption: c.clone(),
                    })
                    .collect();
                draw_tiles(&sc, &tiles, (width, height), 10, 2, 11);
            });
        });
    });
    let rows = move || {
        lab.retrieval.with(|r| {
            r.as_ref().map(|r| {
                r.methods
                    .iter()
                    .map(|m| {
                        view! {
                            <tr>
                                <th scope="row">{m.name.clone()}</th>
                                <td>{format!("{:.3}", m.precision_r2)}</td>
                                <td>{format!("{:.0} %", m.found_r2 * 100.0)}</td>
                                <td>{format!("{:.3}", m.map)}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let caption = move || {
        lab.retrieval.with(|r| {
            r.as_ref().map(|r| {
                let scheme = match r.scheme {
                    CodeScheme::Binary => "the binary code read at 0.5",
                    CodeScheme::CentredSign => "the sign of the centred code (a weaker scheme: this model was not trained to give bits; try the preset)",
                };
                format!(
                    "{} bits; autoencoder: {scheme}. All {} test items as queries against the {} training items, a hit when the labels agree; measured after {} samples.",
                    r.bits, r.queries, r.database_items, r.samples_seen
                )
            })
        })
    };
    // Warnings a blank chart would hide: every item in one bucket, or most buckets singletons.
    let buckets = move || {
        lab.retrieval.with(|r| {
            r.as_ref().map(|r| {
                if r.buckets <= 1 {
                    format!("Every training item has the same {}-bit code: the code does not tell items apart, so every lookup returns everything.", r.bits)
                } else {
                    format!(
                        "The {} training items use {} different codes; the fullest holds {} items.",
                        r.database_items, r.buckets, r.largest_bucket
                    )
                }
            })
        })
    };
    let lookup_text = move || {
        lab.neighbours.with(|n| {
            n.as_ref().map(|n| {
                let found = if n.within == 0 {
                    format!("No training item within Hamming distance {} of this query's code: try a larger radius.", n.radius)
                } else {
                    format!("{} training items within Hamming distance {} (the first {} shown, nearest first).", n.within, n.radius, n.hits.len())
                };
                format!(
                    "{found} Hash-table lookup: {:.4} ms ({} {}). Linear scan over the real-valued codes of every training item: {:.2} ms.",
                    n.table_ms,
                    n.probes,
                    if n.probes == 1 { "probe" } else { "codes probed" },
                    n.scan_ms
                )
            })
        })
    };
    let too_narrow = move || lab.model.with(|m| m.is_some()) && usable().is_empty();
    view! {
        <section class="panel wide" aria-labelledby="retrieval-title" id="retrieval">
            <h2 id="retrieval-title">"Retrieval by semantic hashing"</h2>
            <NeedsNet settings=Settings::of(lab) app=App::Retrieval />
            <p class="hint">
                "A code of a few bits is an address: items whose codes differ in at most r bits are found by probing those few addresses in a hash table, however many items there are (Salakhutdinov and Hinton). "
                "Measured against two classical codes of the same length: random projections (LSH) and PCA hashing."
            </p>
            <div class="buttons">
                <label for="hash-bits">"Bits"</label>
                <select id="hash-bits" on:change=move |ev| { if let Ok(b) = event_target_value(&ev).parse() { bits.set(b) } }
                    prop:value=move || bits.get().to_string()>
                    {move || usable().into_iter().map(|b| view! { <option value=b.to_string()>{b.to_string()}</option> }).collect_view()}
                </select>
                <button type="button" id="measure-retrieval" on:click=measure
                    disabled=move || !lab.can_train() || usable().is_empty() || lab.retrieval_busy.get()>
                    {move || if lab.retrieval_busy.get() { "Measuring…" } else { "Measure retrieval" }}
                </button>
            </div>
            <p class="reason" class:hidden=move || !too_narrow()>
                {move || format!("The code has {} units: retrieval needs at least 8. Set up the hashing net above, or widen the code.", code_dim())}
            </p>
            <div class="pair retrieval" class:hidden=move || lab.retrieval.with(|r| r.is_none())>
                <div>
                    <table class="compare" id="retrieval-table">
                        <caption>{caption}</caption>
                        <thead><tr><th></th><th scope="col">"Precision, radius 2"</th><th scope="col">"Queries answered"</th><th scope="col" title="Mean average precision of ranking the training items by Hamming distance; items at the same distance count in every order, averaged (tie-aware), so a code that says nothing scores the share of the query's class">"MAP (ties averaged)"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <p class="hint" id="retrieval-buckets">{buckets}</p>
                </div>
                <canvas node_ref=chart id="retrieval-pr" role="img"
                    aria-label="Precision against recall for lookups within a growing Hamming radius, for each code"></canvas>
            </div>
            <div class:hidden=move || lab.neighbours.with(|n| n.is_none())>
                <h3>"A query"</h3>
                <p class="hint">"Any test item by its number, another at random, or click a dot in the latent space (under Train)."</p>
                <div class="buttons">
                    <label for="query-item">"Test item"</label>
                    <input id="query-item" type="number" min="0" prop:value=move || query.get().to_string()
                        aria-invalid=move || if query_error.with(|e| e.is_some()) { "true" } else { "false" }
                        aria-describedby="query-item-error"
                        on:change=move |ev| {
                            let n = n_test();
                            match event_target_value(&ev).trim().parse::<u32>() {
                                Ok(v) if (v as usize) < n => {
                                    query_error.set(None);
                                    query.set(v);
                                    lookup();
                                }
                                // Keep the last query, and say why this one was not looked up.
                                _ => query_error.set(Some(format!(
                                    "Enter a test item number from 0 to {}; still showing item {}.",
                                    n.saturating_sub(1),
                                    query.get_untracked()
                                ))),
                            }
                        } />
                    <button type="button" class="secondary" id="another-query" on:click=another>"Another item"</button>
                    <label for="hash-radius">"Radius"</label>
                    <select id="hash-radius" prop:value=move || radius.get().to_string()
                        on:change=move |ev| { if let Ok(r) = event_target_value(&ev).parse::<u8>() { radius.set(r.min(3)); lookup(); } }>
                        {(0..=3u8).map(|r| view! { <option value=r.to_string()>{r.to_string()}</option> }).collect_view()}
                    </select>
                </div>
                <p class="field-error" id="query-item-error" aria-live="polite">{move || query_error.get()}</p>
                <p class="hint" id="lookup-text">{lookup_text}</p>
                <canvas node_ref=hits id="retrieved" role="img" aria-label="The query and the training items found in the hash table, with their Hamming distance and label"></canvas>
                <h3>"Nearest by a linear scan of the real-valued codes"</h3>
                <canvas node_ref=scan id="scanned" role="img" aria-label="The training items whose real-valued codes are nearest the query's"></canvas>
            </div>
        </section>
    }
}
