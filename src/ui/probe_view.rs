//! Beside the latent plane: the test item under the pointer, and what the decoder draws at the
//! pointer's code. Both sit next to the plane (above it on a phone), so a student dragging
//! across the plane sees the decode without scrolling to the decoder panel.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::data::DataStatus;
use super::decode_panel::decode;
use super::draw::{Tile, draw_tiles};
use super::lab::Lab;
use crate::data::SampleShape;

#[component]
pub fn Thumbnail(lab: Lab, hovered: RwSignal<Option<usize>>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let caption = RwSignal::new(String::new());
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        let Some(i) = hovered.get() else { return };
        let Some(test_i) = lab
            .data_info
            .with(|d| d.as_ref().and_then(|d| d.display_index.get(i).copied()))
        else {
            return;
        };
        lab.data.status.with(|s| {
            let DataStatus::Ready { split, .. } = s else {
                return;
            };
            let t = &split.test;
            let (row, label) = (t.x.row(test_i as usize), t.labels[test_i as usize]);
            let name = t.class_names[label as usize].clone();
            match t.shape {
                SampleShape::Image { width, height } => {
                    let px: Vec<f32> = row.iter().copied().collect();
                    draw_tiles(
                        &canvas,
                        &[Tile {
                            pixels: &px,
                            caption: String::new(),
                        }],
                        (width, height),
                        1,
                        3,
                        12,
                    );
                    caption.set(format!("test item {test_i}: {name}"));
                }
                SampleShape::Points { .. } => {
                    let coords: Vec<String> = row.iter().map(|v| format!("{v:.2}")).collect();
                    caption.set(format!(
                        "test item {test_i}: {name} at ({})",
                        coords.join(", ")
                    ));
                }
            }
        });
    });
    let is_image = move || {
        lab.data
            .shape_tracked()
            .is_some_and(|s| matches!(s, SampleShape::Image { .. }))
    };
    view! {
        <figure class="thumb" aria-live="polite">
            <canvas node_ref=canvas class:hidden=move || hovered.get().is_none() || !is_image() width="84" height="84"></canvas>
            <figcaption>{move || if hovered.get().is_some() { caption.get() } else { "Point at a dot to see its item.".into() }}</figcaption>
        </figure>
    }
}

/// The decode of the current probe code (the pointer on the plane, the sliders, a prior draw).
#[component]
pub fn DecodedHere(lab: Lab) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let shape = move || match lab.data.shape_tracked() {
        Some(SampleShape::Image { width, height }) => Some((width, height)),
        _ => None,
    };
    // A concrete model's code is a set of pixels, not a place on a plane.
    let shown = move || {
        shape().is_some()
            && lab
                .settings
                .with(|s| s.config.regularization.concrete.is_none())
    };
    Effect::new(move |_| {
        let (Some(canvas), Some(wh)) = (canvas.get(), shape()) else {
            return;
        };
        let z = lab.probe.get();
        lab.decoder.with(|d| {
            if let Some(d) = d.as_ref().filter(|d| d.code_dim == z.len()) {
                let px = decode(d, &z);
                let tile = Tile {
                    pixels: &px,
                    caption: String::new(),
                };
                draw_tiles(&canvas, &[tile], wh, 1, 3, 12);
            }
        });
    });
    view! {
        <figure class="thumb" class:hidden=move || !shown() id="decoded-here">
            <canvas node_ref=canvas width="84" height="84" role="img"
                aria-label="The image the decoder draws at the pointer's code"></canvas>
            <figcaption>{move || {
                let z = lab.probe.with(|z| z.iter().take(4).map(|v| format!("{v:.2}")).collect::<Vec<_>>().join(", "));
                format!("Decoded at the pointer: z = ({z}{})", if lab.probe.with(|z| z.len() > 4) { ", …" } else { "" })
            }}</figcaption>
        </figure>
    }
}
