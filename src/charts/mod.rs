//! Chart drawing, generic over plotters' `DrawingBackend`: the page draws to a canvas, native
//! tests draw the same charts to SVG and check what came out.

pub mod histogram;
pub mod loss;
pub mod palette;
pub mod rate_distortion;
pub mod scatter;
pub mod score_histogram;
pub mod stable_range;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The drawing area every chart function draws into.
pub type Area<DB> = DrawingArea<DB, Shift>;

/// A failed draw, with the backend's error flattened to text (the page logs it; a chart
/// failing to draw must never take the page down).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "chart could not be drawn: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

/// A tick label with two significant digits and no "-0": 0.2, 0.035, 12, 3.4e-5.
pub fn tick_label(v: f64) -> String {
    tick_label_in(v, 0.0)
}

/// [`tick_label`] on an axis spanning `span`: with as many more decimals as ticks about a
/// tenth of the span apart need to read differently (a loss between 0.17 and 0.19 gets
/// 0.170, 0.175, 0.180, not 0.17, 0.18, 0.18).
pub fn tick_label_in(v: f64, span: f64) -> String {
    // Ticks computed as sums of steps land at ±1e-17 where 0 is meant.
    if v.abs() < 1e-9 || !v.is_finite() {
        return "0".into();
    }
    let magnitude = v.abs().log10().floor();
    if !(-4.0..6.0).contains(&magnitude) {
        return format!("{v:.1e}");
    }
    let step = if span.is_finite() && span > 0.0 {
        (-(span / 10.0).log10()).ceil().clamp(0.0, 8.0) as usize
    } else {
        0
    };
    let decimals = ((1.0 - magnitude).max(0.0) as usize).max(step);
    let text = format!("{v:.decimals$}");
    // A value that rounds to zero prints as "-0.0…" when negative.
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        return "0".into();
    }
    text
}

/// A chart drawn into an SVG document of `size` pixels: the same drawing function the page
/// runs on its canvas, for a download that scales without blurring.
pub fn to_svg(
    size: (u32, u32),
    draw: impl FnOnce(&Area<plotters::prelude::SVGBackend>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let area = plotters::prelude::SVGBackend::with_string(&mut svg, size).into_drawing_area();
        area.fill(&plotters::prelude::WHITE)?;
        draw(&area)?;
        area.present()?;
    }
    Ok(svg)
}

/// The smallest range that holds `values` with a margin, never empty (a constant series still
/// gets a visible range) and never built from NaN.
pub fn padded_range(values: impl Iterator<Item = f32>) -> std::ops::Range<f32> {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return -1.0..1.0;
    }
    let pad = ((hi - lo) * 0.05).max(1e-3);
    (lo - pad)..(hi + pad)
}

/// A legend box in the upper right corner: a line sample and a name per entry.
///
/// plotters' own series labels measure their text through the font layer, which in the
/// browser forces a layout of the whole page per label; this one measures through the
/// backend, which the page's canvas answers without touching the page.
pub fn draw_legend<DB: DrawingBackend>(
    area: &Area<DB>,
    entries: &[(String, RGBColor, bool)],
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    if entries.is_empty() {
        return Ok(());
    }
    let font = ("sans-serif", 12).into_font().color(&BLACK);
    let widths = entries
        .iter()
        .map(|(name, _, _)| area.estimate_text_size(name, &font).map(|(w, _)| w as i32))
        .collect::<Result<Vec<_>, _>>()?;
    let (row, sample, pad) = (18, 22, 6);
    let w = widths.iter().copied().max().unwrap_or(0) + sample + 3 * pad;
    let h = row * entries.len() as i32 + pad;
    let (aw, _) = area.dim_in_pixel();
    let (x0, y0) = (aw as i32 - w - 8, 8);
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + w, y0 + h)],
        WHITE.mix(0.85).filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + w, y0 + h)],
        BLACK.mix(0.3),
    ))?;
    for (i, (name, colour, dashed)) in entries.iter().enumerate() {
        let y = y0 + pad + row * i as i32 + row / 2 - 2;
        let (a, b) = (x0 + pad, x0 + pad + sample);
        let style = colour.stroke_width(2);
        if *dashed {
            area.draw(&PathElement::new([(a, y), (a + 8, y)], style))?;
            area.draw(&PathElement::new([(b - 8, y), (b, y)], style))?;
        } else {
            area.draw(&PathElement::new([(a, y), (b, y)], style))?;
        }
        let text = Text::new(
            name.clone(),
            (b + pad, y),
            font.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        );
        area.draw(&text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tick_tests {
    use super::{tick_label, tick_label_in};

    #[test]
    fn tick_labels_are_short_and_never_negative_zero() {
        assert_eq!(tick_label(-0.0), "0");
        assert_eq!(tick_label(-2.7e-17), "0");
        assert_eq!(tick_label(-0.004), "-0.0040");
        assert_eq!(tick_label(0.2), "0.20");
        assert_eq!(tick_label(0.035), "0.035");
        assert_eq!(tick_label(12.0), "12");
        assert_eq!(tick_label(-1.5), "-1.5");
        assert_eq!(tick_label(3.4e-5), "3.4e-5");
    }

    #[test]
    fn ticks_on_a_narrow_axis_read_differently() {
        // A loss settling between 0.17 and 0.19: ticks 0.0025 apart.
        let labels: Vec<String> = (0..=8)
            .map(|i| tick_label_in(0.17 + 0.0025 * f64::from(i), 0.02))
            .collect();
        let distinct: std::collections::HashSet<_> = labels.iter().collect();
        assert_eq!(distinct.len(), labels.len(), "{labels:?}");
        assert_eq!(labels[2], "0.175");
        // A wide axis keeps the short labels.
        assert_eq!(tick_label_in(0.2, 1.0), "0.20");
        assert_eq!(tick_label_in(12.0, 100.0), "12");
    }
}
