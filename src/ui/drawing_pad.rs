//! A drawing pad (mouse, pen or touch) whose strokes become a 28×28 image by MNIST's own
//! preprocessing, shown beside the pad as what the net will see; and a mask painter that
//! hides pixels of an image for inpainting. Both paint with pointer events, so a finger
//! works as a mouse does.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{ImageData, PointerEvent};

use super::draw::{Tile, context_2d, draw_tiles};
use crate::analysis::imaging::pad::{Stroke, rasterize};
use crate::analysis::imaging::restore::mnist_preprocess;

/// The pad's grid: fine enough for smooth strokes, four times MNIST's side.
const PAD_SIDE: usize = 112;
/// Pen radius in pad pixels: after MNIST's scaling a digit's strokes come out 2-3 pixels wide.
const PEN: f32 = 6.0;

/// Where the pointer is, as a fraction of the element's box.
fn fraction(ev: &PointerEvent) -> Option<(f32, f32)> {
    let el: web_sys::Element = ev.current_target()?.dyn_into().ok()?;
    let r = el.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    Some((
        ((f64::from(ev.client_x()) - r.left()) / r.width()) as f32,
        ((f64::from(ev.client_y()) - r.top()) / r.height()) as f32,
    ))
}

/// Keep receiving a stroke's moves when the pointer leaves the canvas.
fn capture(ev: &PointerEvent) {
    if let Some(el) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        el.set_pointer_capture(ev.pointer_id()).ok();
    }
}

/// Put grey `pixels` (ink = 1, drawn dark on white) on `canvas` at its own resolution, with
/// `tint` (RGB) over the pixels where `marked` is true.
fn put_pixels(
    canvas: &web_sys::HtmlCanvasElement,
    side: usize,
    pixels: &[f32],
    marked: Option<&[bool]>,
) {
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    if canvas.width() != side as u32 {
        canvas.set_width(side as u32);
        canvas.set_height(side as u32);
    }
    let mut rgba = vec![255u8; side * side * 4];
    for (i, v) in pixels.iter().take(side * side).enumerate() {
        let ink = 255 - (v.clamp(0.0, 1.0) * 255.0) as u8;
        let px = &mut rgba[i * 4..i * 4 + 3];
        if marked.is_some_and(|m| m.get(i).copied().unwrap_or(false)) {
            // Hidden pixels: an orange wash, darker where the image has ink.
            px.copy_from_slice(&[255, (140 + ink as u16 / 3).min(255) as u8, 60]);
        } else {
            px.fill(ink);
        }
    }
    if let Ok(img) =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), side as u32, side as u32)
    {
        ctx.put_image_data(&img, 0.0, 0.0).ok();
    }
}

/// Draw `strokes` as pen lines at the screen's density, so the pad stays sharp on a phone's
/// 3× screen (the net reads the same strokes rasterised by [`rasterize`]).
fn draw_strokes(canvas: &web_sys::HtmlCanvasElement, strokes: &[Stroke]) {
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    let css = match canvas.client_width() {
        w if w > 0 => f64::from(w),
        _ => 224.0,
    };
    let side = (css * super::chart_box::pixel_ratio()).round();
    if f64::from(canvas.width()) != side {
        canvas.set_width(side as u32);
        canvas.set_height(side as u32);
    }
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, side, side);
    let pen = f64::from(PEN) / PAD_SIDE as f64 * side;
    ctx.set_stroke_style_str("#000");
    ctx.set_fill_style_str("#000");
    ctx.set_line_width(2.0 * pen);
    ctx.set_line_cap("round");
    ctx.set_line_join("round");
    for stroke in strokes {
        let mut points = stroke
            .iter()
            .map(|&(x, y)| (f64::from(x) * side, f64::from(y) * side));
        let Some((x0, y0)) = points.next() else {
            continue;
        };
        ctx.begin_path();
        // A dot: a round cap on a zero-length line draws nothing in every browser; a disc does.
        ctx.arc(x0, y0, pen, 0.0, std::f64::consts::TAU).ok();
        ctx.fill();
        ctx.begin_path();
        ctx.move_to(x0, y0);
        for (x, y) in points {
            ctx.line_to(x, y);
        }
        ctx.stroke();
    }
}

/// The pad and what the net sees. `drawing` holds the preprocessed 28×28 image once there is
/// ink, `None` on an empty pad.
#[component]
pub fn DrawingPad(drawing: RwSignal<Option<Vec<f32>>>) -> impl IntoView {
    let strokes = RwSignal::new(Vec::<Stroke>::new());
    let down = StoredValue::new(false);
    let (pad, seen) = (NodeRef::<Canvas>::new(), NodeRef::<Canvas>::new());
    let finish = move || {
        let img = strokes.with_untracked(|s| rasterize(s, PAD_SIDE, PEN));
        drawing.set(mnist_preprocess(&img).map(|i| i.pixels));
    };
    Effect::new(move |_| {
        let Some(canvas) = pad.get() else { return };
        strokes.with(|s| draw_strokes(&canvas, s));
    });
    Effect::new(move |_| {
        let Some(canvas) = seen.get() else { return };
        let empty = vec![0.0; 28 * 28];
        drawing.with(|d| {
            let pixels = d.as_deref().unwrap_or(&empty);
            let tile = Tile {
                pixels,
                caption: String::new(),
            };
            draw_tiles(&canvas, &[tile], (28, 28), 1, 3, 11);
        });
    });
    let start = move |ev: PointerEvent| {
        ev.prevent_default();
        capture(&ev);
        if let Some(p) = fraction(&ev) {
            down.set_value(true);
            strokes.update(|s| s.push(vec![p]));
        }
    };
    let extend = move |ev: PointerEvent| {
        if down.get_value()
            && let Some(p) = fraction(&ev)
        {
            strokes.update(|s| {
                if let Some(last) = s.last_mut() {
                    last.push(p);
                }
            });
        }
    };
    let end = move |_| {
        if down.get_value() {
            down.set_value(false);
            finish();
        }
    };
    view! {
        <div class="drawing">
            <canvas node_ref=pad id="drawing-pad" class="pad" width=PAD_SIDE height=PAD_SIDE
                role="img" aria-label="Drawing pad: draw a digit with the mouse, a pen or a finger"
                on:pointerdown=start on:pointermove=extend on:pointerup=end on:pointercancel=end></canvas>
            <div class="drawing-side">
                <p class="hint">"What the net sees (MNIST's preprocessing: the ink scaled into 20×20 and centred by mass in 28×28):"</p>
                <canvas node_ref=seen id="drawing-seen" role="img" aria-label="The drawing as a 28 by 28 image"></canvas>
                <div class="buttons">
                    <button type="button" class="secondary" id="drawing-undo"
                        disabled=move || strokes.with(|s| s.is_empty())
                        on:click=move |_| { strokes.update(|s| { s.pop(); }); finish(); }>"Undo"</button>
                    <button type="button" class="secondary" id="drawing-clear"
                        disabled=move || strokes.with(|s| s.is_empty())
                        on:click=move |_| { strokes.set(Vec::new()); drawing.set(None); }>"Clear"</button>
                </div>
            </div>
        </div>
    }
}

/// Paint which pixels of `image` (side × side) are hidden: `mask[i]` false = hidden.
#[component]
pub fn MaskPainter(
    image: Signal<Option<Vec<f32>>>,
    side: usize,
    mask: RwSignal<Vec<bool>>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let down = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let hidden: Vec<bool> = mask.with(|m| m.iter().map(|k| !k).collect());
        image.with(|img| {
            let blank = vec![0.0; side * side];
            put_pixels(&c, side, img.as_deref().unwrap_or(&blank), Some(&hidden));
        });
    });
    // A round brush about three pixels across.
    let paint = move |ev: &PointerEvent| {
        let Some((fx, fy)) = fraction(ev) else { return };
        let (cx, cy) = (fx * side as f32, fy * side as f32);
        mask.update(|m| {
            for (i, k) in m.iter_mut().enumerate() {
                let (x, y) = ((i % side) as f32 + 0.5, (i / side) as f32 + 0.5);
                if (x - cx).powi(2) + (y - cy).powi(2) <= 2.25 {
                    *k = false;
                }
            }
        });
    };
    view! {
        <canvas node_ref=canvas id="mask-painter" class="pad" width=side height=side
            role="img" aria-label="The image to inpaint: paint over pixels to hide them"
            on:pointerdown=move |ev: PointerEvent| { ev.prevent_default(); capture(&ev); down.set_value(true); paint(&ev); }
            on:pointermove=move |ev: PointerEvent| if down.get_value() { paint(&ev) }
            on:pointerup=move |_| down.set_value(false)
            on:pointercancel=move |_| down.set_value(false)></canvas>
    }
}

/// A mask hiding a centred square of `hole` pixels a side: painting starts from it, so the
/// panel works before anything is painted.
pub fn centre_hole(side: usize, hole: usize) -> Vec<bool> {
    let lo = side.saturating_sub(hole) / 2;
    (0..side * side)
        .map(|i| !((lo..lo + hole).contains(&(i / side)) && (lo..lo + hole).contains(&(i % side))))
        .collect()
}
