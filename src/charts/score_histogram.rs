//! Two score distributions on one axis (normal against anomalous), as shares of each group so
//! groups of different sizes compare, with the threshold drawn.

use plotters::prelude::*;

use super::histogram::bin;
use super::palette::class_colour;
use super::{Area, ChartError};

/// Draw `normal` and `anomalous` as outlined histograms over their common range, scores on a
/// log scale when they span more than a decade (reconstruction errors do), and a vertical
/// line at `threshold`.
pub fn draw_score_histograms<DB: DrawingBackend>(
    area: &Area<DB>,
    normal: &[f32],
    anomalous: &[f32],
    threshold: f32,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let finite = || {
        normal
            .iter()
            .chain(anomalous)
            .copied()
            .filter(|v| v.is_finite())
    };
    let (lo, hi) = finite().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let log = lo > 0.0 && hi / lo > 10.0;
    let t = |v: f32| {
        if log {
            v.max(f32::MIN_POSITIVE).log10()
        } else {
            v
        }
    };
    let (lo, hi) = if lo <= hi {
        (t(lo), t(hi).max(t(lo) + 1e-6))
    } else {
        (0.0, 1.0)
    };
    let shares = |v: &[f32]| -> Vec<f32> {
        let moved: Vec<f32> = v.iter().map(|&x| t(x)).collect();
        let n = v.len().max(1) as f32;
        bin(&moved, (lo, hi))
            .into_iter()
            .map(|c| c as f32 / n)
            .collect()
    };
    let (a, b) = (shares(normal), shares(anomalous));
    let y_max = a.iter().chain(&b).copied().fold(0.0f32, f32::max).max(1e-3) * 1.1;
    let width = (hi - lo) / a.len().max(1) as f32;
    let x_desc = if log {
        "score (log10 of the reconstruction error)"
    } else {
        "score"
    };
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(44)
        .build_cartesian_2d(lo..hi, 0.0..y_max)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc("share of the group")
        .label_style(("sans-serif", 11))
        .x_label_formatter(&|v| super::tick_label(f64::from(*v)))
        .y_label_formatter(&|v| super::tick_label(f64::from(*v)))
        .light_line_style(WHITE)
        .draw()?;
    for (k, counts) in [(0u8, &a), (1, &b)] {
        let colour = class_colour(k);
        chart.draw_series(counts.iter().enumerate().map(|(i, &c)| {
            let x0 = lo + i as f32 * width;
            Rectangle::new([(x0, 0.0), (x0 + width, c)], colour.mix(0.35).filled())
        }))?;
    }
    let x = t(threshold).clamp(lo, hi);
    chart.draw_series(LineSeries::new(
        [(x, 0.0), (x, y_max)],
        BLACK.stroke_width(2),
    ))?;
    let legend = [
        ("normal".to_string(), class_colour(0), false),
        ("anomalous".to_string(), class_colour(1), false),
        ("threshold".to_string(), RGBColor(0, 0, 0), false),
    ];
    super::draw_legend(&chart.plotting_area().strip_coord_spec(), &legend)?;
    area.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_groups_and_the_threshold_are_drawn() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (480, 260)).into_drawing_area();
            let normal: Vec<f32> = (0..200).map(|i| 0.01 + 0.0001 * i as f32).collect();
            let odd: Vec<f32> = (0..50).map(|i| 0.05 + 0.002 * i as f32).collect();
            draw_score_histograms(&area, &normal, &odd, 0.04).expect("draws");
        }
        assert!(svg.contains("normal") && svg.contains("anomalous") && svg.contains("threshold"));
        assert!(
            svg.contains("log10"),
            "errors over a decade apart go on a log axis"
        );
        let mut empty = String::new();
        {
            let area = SVGBackend::with_string(&mut empty, (480, 260)).into_drawing_area();
            draw_score_histograms(&area, &[], &[f32::NAN], 0.0).expect("draws");
        }
        assert!(empty.contains("<svg"));
    }
}
