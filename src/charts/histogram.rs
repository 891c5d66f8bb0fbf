//! A histogram of per-unit values (mean activations), with an optional marked target.

use plotters::prelude::*;

use super::palette::class_colour;
use super::{Area, ChartError};

const BINS: usize = 20;

/// Counts of `values` in `BINS` equal bins over `[lo, hi]` (values outside go in the end bins).
pub fn bin(values: &[f32], (lo, hi): (f32, f32)) -> Vec<usize> {
    let mut counts = vec![0; BINS];
    let span = (hi - lo).max(f32::MIN_POSITIVE);
    for &v in values.iter().filter(|v| v.is_finite()) {
        let b = (((v - lo) / span).max(0.0) * BINS as f32) as usize;
        counts[b.min(BINS - 1)] += 1;
    }
    counts
}

/// The range the bins cover: from 0 for units that cannot go negative (sigmoid, ReLU), else
/// from the smallest value; wide enough for the marker, never empty.
fn range(values: &[f32], marker: Option<f32>) -> (f32, f32) {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let (min, max) = finite.fold((0.0f32, 0.0f32), |(a, b), v| (a.min(v), b.max(v)));
    let max = max.max(marker.map_or(0.0, |m| m * 1.2));
    let pad = if min < 0.0 { (max - min) * 0.02 } else { 0.0 };
    (min - pad, (max + pad).max(min + 1e-3))
}

/// Draw the histogram of `values`, with a vertical line at `marker` (value, label).
pub fn draw_histogram<DB: DrawingBackend>(
    area: &Area<DB>,
    values: &[f32],
    marker: Option<(f32, &str)>,
    caption: &str,
    x_label: &str,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let (lo, hi) = range(values, marker.map(|m| m.0));
    let counts = bin(values, (lo, hi));
    let width = (hi - lo) / BINS as f32;
    let y_max = counts.iter().copied().max().unwrap_or(1).max(1) as f32 * 1.1;
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .caption(caption, ("sans-serif", 14))
        .x_label_area_size(40)
        .y_label_area_size(44)
        .build_cartesian_2d(lo..hi, 0.0..y_max)?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc("units")
        .label_style(("sans-serif", 11))
        .light_line_style(WHITE)
        .draw()?;
    let bar = class_colour(0).mix(0.75).filled();
    chart.draw_series(counts.iter().enumerate().map(|(b, &c)| {
        let x0 = lo + b as f32 * width;
        Rectangle::new([(x0, 0.0), (x0 + width * 0.92, c as f32)], bar)
    }))?;
    if let Some((x, label)) = marker {
        let line = class_colour(1).stroke_width(2);
        chart.draw_series(LineSeries::new([(x, 0.0), (x, y_max)], line))?;
        let area = chart.plotting_area().strip_coord_spec();
        super::draw_legend(&area, &[(label.to_string(), class_colour(1), false)])?;
    }
    area.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_count_every_finite_value_once() {
        let counts = bin(&[0.0, 0.01, 0.5, 0.99, 1.0, 7.0, f32::NAN], (0.0, 1.0));
        assert_eq!(counts.iter().sum::<usize>(), 6);
        assert_eq!(counts[0], 2);
        assert_eq!(counts[BINS - 1], 3);
    }

    #[test]
    fn negative_and_unbounded_units_get_their_own_bins() {
        // A linear code spanning -12 to 5 must not collapse into a bar at 0.
        let values = [-12.0, -6.0, -0.5, 0.5, 5.0];
        let (lo, hi) = range(&values, None);
        assert!(lo <= -12.0 && hi >= 5.0, "{lo}..{hi}");
        let counts = bin(&values, (lo, hi));
        assert_eq!(counts.iter().filter(|&&c| c > 0).count(), 5, "{counts:?}");
        assert_eq!(
            range(&[0.2, 0.9], None),
            (0.0, 0.9),
            "non-negative units start at 0"
        );
    }

    #[test]
    fn histogram_renders_bars_and_the_target_line() {
        let values: Vec<f32> = (0..64).map(|i| (i % 10) as f32 * 0.01).collect();
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (360, 240)).into_drawing_area();
            draw_histogram(
                &area,
                &values,
                Some((0.05, "target ρ̂")),
                "code units",
                "mean activation",
            )
            .expect("draws");
        }
        assert!(svg.matches("<rect").count() >= 10, "bars drawn");
        assert!(svg.contains("target ρ̂") && svg.contains("code units"));
    }
}
