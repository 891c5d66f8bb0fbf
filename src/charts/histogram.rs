//! A histogram of per-unit values (mean activations), with an optional marked target.

use plotters::prelude::*;

use super::palette::class_colour;
use super::{Area, ChartError};

const BINS: usize = 20;

/// Counts of `values` in `BINS` equal bins over `[0, hi]` (values above `hi` go in the last).
pub fn bin(values: &[f32], hi: f32) -> Vec<usize> {
    let mut counts = vec![0; BINS];
    for &v in values.iter().filter(|v| v.is_finite()) {
        let b = ((v.max(0.0) / hi) * BINS as f32) as usize;
        counts[b.min(BINS - 1)] += 1;
    }
    counts
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
    let top = values
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f32, |m, &v| m.max(v));
    let hi = top.max(marker.map_or(0.0, |m| m.0 * 1.2)).max(1e-3);
    let counts = bin(values, hi);
    let width = hi / BINS as f32;
    let y_max = counts.iter().copied().max().unwrap_or(1).max(1) as f32 * 1.1;
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .caption(caption, ("sans-serif", 14))
        .x_label_area_size(30)
        .y_label_area_size(36)
        .build_cartesian_2d(0.0..hi, 0.0..y_max)?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc("units")
        .label_style(("sans-serif", 11))
        .light_line_style(WHITE)
        .draw()?;
    let bar = class_colour(0).mix(0.75).filled();
    chart.draw_series(counts.iter().enumerate().map(|(b, &c)| {
        let x0 = b as f32 * width;
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
        let counts = bin(&[0.0, 0.01, 0.5, 0.99, 1.0, 7.0, f32::NAN], 1.0);
        assert_eq!(counts.iter().sum::<usize>(), 6);
        assert_eq!(counts[0], 2);
        assert_eq!(counts[BINS - 1], 3);
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
