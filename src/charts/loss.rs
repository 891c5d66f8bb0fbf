//! Loss curves: one line per loss term and split (train, test), optionally on a log scale.

use plotters::prelude::*;

use super::{Area, ChartError};

/// Below this many points a series also gets a marker per point.
const SPARSE: usize = 30;

/// One line of the loss chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub colour: RGBColor,
    /// Dashed lines mark test (held-out) data.
    pub dashed: bool,
    /// (samples seen, loss) pairs in increasing x.
    pub points: Vec<(f64, f64)>,
}

/// Draw `series` against samples seen. On a log scale non-positive values are skipped; so are
/// non-finite ones always.
pub fn draw_loss<DB: DrawingBackend>(
    area: &Area<DB>,
    series: &[Series],
    log_y: bool,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    draw_curves_marked(area, series, log_y, ("samples seen", "loss"), &[])
}

/// [`draw_loss`] with a dotted vertical line at each of `marks` (samples seen when a setting
/// changed mid-run).
pub fn draw_loss_marked<DB: DrawingBackend>(
    area: &Area<DB>,
    series: &[Series],
    log_y: bool,
    marks: &[f64],
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    draw_curves_marked(area, series, log_y, ("samples seen", "loss"), marks)
}

/// Lines with `axes` naming x and y: loss curves, other measures tracked over training (the
/// Jacobian norm), or a measure against a setting (error against k).
pub fn draw_curves<DB: DrawingBackend>(
    area: &Area<DB>,
    series: &[Series],
    log_y: bool,
    axes: (&str, &str),
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    draw_curves_marked(area, series, log_y, axes, &[])
}

fn draw_curves_marked<DB: DrawingBackend>(
    area: &Area<DB>,
    series: &[Series],
    log_y: bool,
    axes: (&str, &str),
    marks: &[f64],
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let keep = |&(x, y): &(f64, f64)| x.is_finite() && y.is_finite() && (!log_y || y > 0.0);
    let all = || {
        series
            .iter()
            .flat_map(|s| s.points.iter().copied().filter(keep))
    };
    // Before training the axes still span a sensible range; a single point at 0 too.
    let x_max = all().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let x_max = if x_max.is_finite() && x_max > 0.0 {
        x_max
    } else if x_max.is_finite() {
        1.0
    } else {
        1000.0
    };
    let (y_lo, y_hi) = all().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, y)| {
        (lo.min(y), hi.max(y))
    });
    let (y_lo, y_hi) = if y_lo > y_hi {
        (1e-3, 1.0)
    } else {
        (y_lo, y_hi)
    };
    let mut chart = ChartBuilder::on(area);
    chart.margin(8).x_label_area_size(36).y_label_area_size(52);
    // About one label per 70 px: labels like "400.0k" overlap on a narrow chart.
    let x_labels = (area.dim_in_pixel().0 / 70).clamp(3, 10) as usize;
    let y_labels = (area.dim_in_pixel().1 / 30).clamp(2, 10) as usize;
    if log_y {
        let (lo, hi) = (y_lo * 0.9, (y_hi * 1.1).max(y_lo * 1.01));
        let mut c = chart.build_cartesian_2d(0.0..x_max, (lo..hi).log_scale())?;
        c.configure_mesh()
            .x_desc(axes.0)
            .y_desc(format!("{} (log)", axes.1))
            .label_style(("sans-serif", 11))
            .x_labels(x_labels)
            // A decade holds nine ticks: on a short chart "90 80 70 60" would overlap.
            .y_labels(y_labels)
            .x_label_formatter(&|x| compact(*x))
            .y_label_formatter(&|y| super::tick_label(*y))
            .draw()?;
        draw_marks(&mut c, marks, (lo, hi))?;
        draw_lines(&mut c, series, keep)?;
    } else {
        let pad = ((y_hi - y_lo) * 0.05).max(y_hi.abs() * 0.05).max(1e-4);
        let (lo, hi) = ((y_lo - pad).max(0.0), y_hi + pad);
        let mut c = chart.build_cartesian_2d(0.0..x_max, lo..hi)?;
        c.configure_mesh()
            .x_desc(axes.0)
            .y_desc(axes.1)
            .label_style(("sans-serif", 11))
            .x_labels(x_labels)
            .y_labels(y_labels)
            .x_label_formatter(&|x| compact(*x))
            .y_label_formatter(&|y| super::tick_label_in(*y, hi - lo))
            .draw()?;
        draw_marks(&mut c, marks, (lo, hi))?;
        draw_lines(&mut c, series, keep)?;
    }
    area.present()?;
    Ok(())
}

/// Dotted grey verticals where a setting changed.
pub(super) fn draw_marks<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    marks: &[f64],
    (lo, hi): (f64, f64),
) -> Result<(), ChartError>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let grey = RGBColor(0x70, 0x70, 0x70).stroke_width(1);
    for &x in marks.iter().filter(|x| x.is_finite()) {
        chart.draw_series(DashedLineSeries::new([(x, lo), (x, hi)], 3, 3, grey))?;
    }
    Ok(())
}

pub(super) fn draw_lines<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    series: &[Series],
    keep: impl Fn(&(f64, f64)) -> bool + Copy,
) -> Result<(), ChartError>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    for s in series {
        let pts: Vec<(f64, f64)> = s.points.iter().copied().filter(keep).collect();
        let style = ShapeStyle::from(s.colour).stroke_width(2);
        // Few points (a run just started, or one point per setting tried): mark each one, as a
        // lone point draws no line at all.
        if pts.len() < SPARSE {
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, 3, s.colour.filled())))?;
        }
        let drawn = if s.dashed {
            chart.draw_series(DashedLineSeries::new(pts, 6, 4, style))?
        } else {
            chart.draw_series(LineSeries::new(pts, style))?
        };
        let _ = drawn;
    }
    // A series without a name has no legend entry (its chart's caption names it).
    let entries: Vec<_> = series
        .iter()
        .filter(|s| !s.name.is_empty())
        .map(|s| (s.name.clone(), s.colour, s.dashed))
        .collect();
    super::draw_legend(&chart.plotting_area().strip_coord_spec(), &entries)?;
    Ok(())
}

/// 1200 -> "1.2k", 3400000 -> "3.4M": axis labels that fit.
pub fn compact(x: f64) -> String {
    match x.abs() {
        v if v >= 1e6 => format!("{:.1}M", x / 1e6),
        v if v >= 1e3 => format!("{:.1}k", x / 1e3),
        // A rate or a recall on the x axis: 0.2, 0.4, not 0, 0.
        _ if x.fract() != 0.0 => super::tick_label(x),
        _ => format!("{x:.0}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(series: &[Series], log_y: bool) -> String {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (480, 300)).into_drawing_area();
            draw_loss(&area, series, log_y).expect("draws");
        }
        svg
    }

    fn falling(name: &str, colour: RGBColor, dashed: bool) -> Series {
        let points = (0..50)
            .map(|i| (i as f64 * 640.0, 0.2 / (1.0 + i as f64)))
            .collect();
        Series {
            name: name.into(),
            colour,
            dashed,
            points,
        }
    }

    #[test]
    fn loss_chart_draws_each_series_with_its_legend_in_both_scales() {
        let series = [
            falling("train: reconstruction", RGBColor(0x33, 0x22, 0x88), false),
            falling("test: reconstruction", RGBColor(0xCC, 0x66, 0x77), true),
        ];
        for log_y in [false, true] {
            let svg = render(&series, log_y);
            assert!(svg.contains("train: reconstruction") && svg.contains("test: reconstruction"));
            assert!(
                svg.contains("#332288") && svg.contains("#CC6677"),
                "line colours present"
            );
            assert!(svg.matches("<polyline").count() + svg.matches("<path").count() >= 2);
            assert!(svg.contains(if log_y { "loss (log)" } else { "loss" }));
        }
    }

    #[test]
    fn empty_nan_and_zero_values_do_not_break_the_chart() {
        let bad = Series {
            name: "diverged".into(),
            colour: RGBColor(0, 0, 0),
            dashed: false,
            points: vec![(0.0, f64::NAN), (1.0, 0.0), (2.0, f64::INFINITY)],
        };
        assert!(render(&[], false).contains("<svg"));
        assert!(render(std::slice::from_ref(&bad), true).contains("<svg"));
        assert!(render(&[bad], false).contains("diverged"));
    }

    #[test]
    fn a_single_point_is_still_visible() {
        let one = Series {
            name: "k = 50".into(),
            colour: RGBColor(0x33, 0x22, 0x88),
            dashed: false,
            points: vec![(50.0, 0.02)],
        };
        assert_eq!(render(&[one], false).matches("<circle").count(), 1);
    }

    #[test]
    fn marks_draw_a_vertical_line_each() {
        let series = [falling("train", RGBColor(0x33, 0x22, 0x88), false)];
        let plain = render(&series, false);
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (480, 300)).into_drawing_area();
            draw_loss_marked(&area, &series, false, &[5000.0, 20000.0]).expect("draws");
        }
        assert!(svg.contains("#707070") && !plain.contains("#707070"));
    }

    #[test]
    fn the_download_is_the_page_chart_as_a_whole_svg_document() {
        let series = [falling("train", RGBColor(0x33, 0x22, 0x88), false)];
        let svg = super::super::to_svg((640, 280), |area| {
            draw_loss_marked(area, &series, false, &[6400.0])
        })
        .expect("draws");
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("width=\"640\"") && svg.contains("#332288"));
        assert!(svg.contains("samples seen"), "axis title");
    }

    #[test]
    fn compact_numbers() {
        assert_eq!(compact(1200.0), "1.2k");
        assert_eq!(compact(3_400_000.0), "3.4M");
        assert_eq!(compact(12.0), "12");
        assert_eq!(compact(0.4), "0.40");
    }
}
