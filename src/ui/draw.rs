//! Canvas helpers: image grids drawn as pixels, and plotters charts on a canvas.

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use super::canvas_backend::Canvas2d;
use crate::charts::{Area, ChartError};

pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// Draw a chart of `size` CSS pixels on `canvas` (see [`super::chart_box`]); a failure is
/// logged, never thrown (a chart is not worth a page).
pub fn with_chart(
    canvas: &HtmlCanvasElement,
    size: (u32, u32),
    draw: impl FnOnce(&Area<Canvas2d>) -> Result<(), ChartError>,
) {
    let Some(backend) = Canvas2d::new(canvas, size, super::chart_box::pixel_ratio()) else {
        return;
    };
    if let Err(e) = draw(&backend.into_drawing_area()) {
        web_sys::console::warn_1(&e.to_string().into());
    }
}

/// Draw a chart of a fixed `size` in CSS pixels (shrunk to fit a narrower box) on a canvas that
/// also shows image tiles at other times: its CSS width is set here, so the larger backing
/// store of a dense screen does not widen it.
pub fn with_fixed_chart(
    canvas: &HtmlCanvasElement,
    size: (u32, u32),
    draw: impl FnOnce(&Area<Canvas2d>) -> Result<(), ChartError>,
) {
    canvas
        .set_attribute("style", &format!("width: {}px", size.0))
        .ok();
    canvas.remove_attribute("data-drawn").ok();
    with_chart(canvas, size, draw);
}

/// A grey image to draw: row-major intensities in [0, 1] (dark ink on a light background).
pub struct Tile<'a> {
    pub pixels: &'a [f32],
    pub caption: String,
}

/// Draw `tiles` of `width x height` pixels in a grid of `cols` columns, each pixel `scale`
/// canvas pixels, with an optional caption line (`font_px` high) under each tile. Resizes the
/// canvas to fit.
pub fn draw_tiles(
    canvas: &HtmlCanvasElement,
    tiles: &[Tile],
    (width, height): (usize, usize),
    cols: usize,
    scale: usize,
    font_px: usize,
) {
    // Reconstructions of fixed originals, PCA's rows and the like arrive again with every
    // snapshot unchanged: redrawing (and resizing) a canvas costs a frame its paint time.
    let key = fingerprint(tiles, (width, height), cols, scale, font_px);
    if canvas.get_attribute("data-drawn").as_deref() == Some(key.as_str()) {
        return;
    }
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    // The canvas may have shown a chart, which scales the context and fixes the CSS width.
    canvas.remove_attribute("style").ok();
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
    // Callers pick scales for 28 × 28 images; a smaller own image (8 × 8, say) is blown up
    // to about that size, or it would be a few pixels with its caption running over.
    let scale = scale.max(1) * (28 / width.max(height).max(1)).max(1);
    let cols = cols.max(1);
    let rows = tiles.len().div_ceil(cols).max(1);
    let caption_h = if tiles.iter().any(|t| !t.caption.is_empty()) {
        16
    } else {
        0
    };
    let gap = 6;
    // A cell is as wide as its longest caption ("T-shirt/top", "PCA-16, MSE 0.021"), so
    // captions never run into each other or off the canvas.
    let font = format!("{font_px}px system-ui, sans-serif");
    ctx.set_font(&font);
    let widest = tiles
        .iter()
        .filter_map(|t| ctx.measure_text(&t.caption).ok())
        .map(|m| m.width().ceil() as usize + 4)
        .max()
        .unwrap_or(0);
    let (cell_w, cell_h) = (
        (width * scale).max(widest) + gap,
        height * scale + caption_h + gap,
    );
    let (cw, ch) = (cols * cell_w, rows * cell_h);
    if canvas.width() != cw as u32 || canvas.height() != ch as u32 {
        canvas.set_width(cw as u32);
        canvas.set_height(ch as u32);
    }
    let mut rgba = vec![255u8; cw * ch * 4];
    for (t, tile) in tiles.iter().enumerate() {
        let ox = (t % cols) * cell_w + (cell_w - gap - width * scale) / 2;
        let oy = (t / cols) * cell_h;
        for (i, &v) in tile.pixels.iter().take(width * height).enumerate() {
            let ink = 255 - (v.clamp(0.0, 1.0) * 255.0) as u8;
            let (px, py) = (ox + (i % width) * scale, oy + (i / width) * scale);
            for dy in 0..scale {
                let row = (py + dy) * cw;
                for dx in 0..scale {
                    let k = (row + px + dx) * 4;
                    rgba[k..k + 3].fill(ink);
                }
            }
        }
    }
    if let Ok(img) =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), cw as u32, ch as u32)
    {
        ctx.put_image_data(&img, 0.0, 0.0).ok();
    }
    ctx.set_fill_style_str("#333");
    // Resizing the canvas reset its font.
    ctx.set_font(&font);
    ctx.set_text_align("center");
    for (t, tile) in tiles.iter().enumerate() {
        let (ox, oy) = ((t % cols) * cell_w, (t / cols) * cell_h);
        let x = (ox + (cell_w - gap) / 2) as f64;
        let y = (oy + height * scale + caption_h - 3) as f64;
        ctx.fill_text(&tile.caption, x, y).ok();
    }
    canvas.set_attribute("data-drawn", &key).ok();
}

/// A hash of everything `draw_tiles` draws (FNV-1a over the pixel bits and captions).
fn fingerprint(
    tiles: &[Tile],
    size: (usize, usize),
    cols: usize,
    scale: usize,
    font_px: usize,
) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |v: u64| {
        h ^= v;
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for v in [size.0, size.1, cols, scale, font_px, tiles.len()] {
        eat(v as u64);
    }
    for t in tiles {
        t.pixels.iter().for_each(|p| eat(u64::from(p.to_bits())));
        t.caption.bytes().for_each(|b| eat(u64::from(b)));
        eat(0xff);
    }
    format!("{h:016x}")
}
