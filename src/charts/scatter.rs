//! Scatter plots of labelled points: latent codes, PCA projections, and 3-D inputs seen from a
//! fixed angle.

use std::ops::Range;

use plotters::prelude::*;

use super::palette::class_colour;
use super::{Area, ChartError, padded_range};

/// One point to draw, coloured by its class.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelledPoint {
    pub x: f32,
    pub y: f32,
    pub class: u8,
}

/// Where a drawn scatter put things, so the page can map the pointer back to data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScatterFrame {
    /// Each point's position in backend pixels (`None` where skipped).
    pub pixels: Vec<Option<(i32, i32)>>,
    /// Data ranges of the axes and the plotting area's pixel ranges.
    pub x: Range<f32>,
    pub y: Range<f32>,
    pub px: Range<i32>,
    pub py: Range<i32>,
}

impl ScatterFrame {
    /// The data coordinates under backend pixel `(px, py)`, if it is inside the plot.
    pub fn to_data(&self, (px, py): (i32, i32)) -> Option<(f32, f32)> {
        if !self.px.contains(&px) || !self.py.contains(&py) {
            return None;
        }
        let fx = (px - self.px.start) as f32 / (self.px.end - self.px.start).max(1) as f32;
        let fy = (py - self.py.start) as f32 / (self.py.end - self.py.start).max(1) as f32;
        let x = self.x.start + fx * (self.x.end - self.x.start);
        let y = self.y.end - fy * (self.y.end - self.y.start);
        Some((x, y))
    }
}

/// Draw `points` with axes and a caption. Non-finite points are skipped (a diverging run may
/// produce them and must not break the chart).
pub fn draw_scatter<DB: DrawingBackend>(
    area: &Area<DB>,
    points: &[LabelledPoint],
    caption: &str,
    axis_labels: (&str, &str),
) -> Result<ScatterFrame, ChartError>
where
    DB::ErrorType: 'static,
{
    let ranges = data_ranges(points);
    draw_scatter_in(area, points, caption, axis_labels, ranges)
}

/// The padded ranges of the finite points' coordinates.
pub fn data_ranges(points: &[LabelledPoint]) -> (Range<f32>, Range<f32>) {
    let finite = || points.iter().filter(|p| p.x.is_finite() && p.y.is_finite());
    (
        padded_range(finite().map(|p| p.x)),
        padded_range(finite().map(|p| p.y)),
    )
}

/// [`draw_scatter`] with the axes' ranges given (kept steady across snapshots by the caller);
/// points outside them are not drawn.
pub fn draw_scatter_in<DB: DrawingBackend>(
    area: &Area<DB>,
    points: &[LabelledPoint],
    caption: &str,
    axis_labels: (&str, &str),
    ranges: (Range<f32>, Range<f32>),
) -> Result<ScatterFrame, ChartError>
where
    DB::ErrorType: 'static,
{
    draw_scatter_marked(area, points, caption, axis_labels, ranges, None)
}

/// [`draw_scatter_in`] with one point singled out (the student's drawing): a black cross on
/// a white disc, labelled, over the other points.
pub fn draw_scatter_marked<DB: DrawingBackend>(
    area: &Area<DB>,
    points: &[LabelledPoint],
    caption: &str,
    axis_labels: (&str, &str),
    (xr, yr): (Range<f32>, Range<f32>),
    mark: Option<(f32, f32)>,
) -> Result<ScatterFrame, ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let finite = || {
        points
            .iter()
            .filter(|p| xr.contains(&p.x) && yr.contains(&p.y))
    };
    let (x, y) = (xr.clone(), yr.clone());
    let mut chart = ChartBuilder::on(area)
        .margin(6)
        .caption(caption, ("sans-serif", 15))
        // Room for the tick labels ("−0.50") and, outside them, the axis title.
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(xr.clone(), yr.clone())?;
    chart
        .configure_mesh()
        .x_desc(axis_labels.0)
        .y_desc(axis_labels.1)
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|v| super::tick_label(f64::from(*v)))
        .y_label_formatter(&|v| super::tick_label(f64::from(*v)))
        .light_line_style(WHITE)
        .label_style(("sans-serif", 11))
        .draw()?;
    // Class by class: the canvas then fills each class's points as one path.
    let mut by_class: Vec<&LabelledPoint> = finite().collect();
    by_class.sort_by_key(|p| p.class);
    chart.draw_series(
        by_class
            .into_iter()
            .map(|p| Circle::new((p.x, p.y), 2, class_colour(p.class).mix(0.8).filled())),
    )?;
    if let Some(m) = mark.filter(|m| xr.contains(&m.0) && yr.contains(&m.1)) {
        chart.draw_series([Circle::new(m, 8, WHITE.filled())])?;
        chart.draw_series([Cross::new(m, 6, BLACK.stroke_width(3))])?;
        // The label sits above and right of the cross, clear of it.
        chart.draw_series([EmptyElement::at(m)
            + Text::new(
                "your drawing",
                (9, -16),
                ("sans-serif", 12).into_font().color(&BLACK),
            )])?;
    }
    area.present()?;
    let pixels = points
        .iter()
        .map(|p| (x.contains(&p.x) && y.contains(&p.y)).then(|| chart.backend_coord(&(p.x, p.y))))
        .collect();
    let (px, py) = chart.plotting_area().get_pixel_range();
    Ok(ScatterFrame {
        pixels,
        x,
        y,
        px,
        py,
    })
}

/// Index of the point nearest to `(x, y)` within `radius` pixels.
pub fn nearest(pixels: &[Option<(i32, i32)>], (x, y): (i32, i32), radius: i32) -> Option<usize> {
    let d2 = |&(px, py): &(i32, i32)| (px - x).pow(2) + (py - y).pow(2);
    pixels
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.as_ref().map(|p| (i, d2(p))))
        .filter(|&(_, d)| d <= radius * radius)
        .min_by_key(|&(_, d)| d)
        .map(|(i, _)| i)
}

/// The fixed viewing angle for 3-D inputs: looking mostly down the swiss roll's axis, so its
/// spiral (and the S-curve's S) is visible, tilted enough to show depth.
pub const VIEW_AZIMUTH: f32 = 0.3;
pub const VIEW_ELEVATION: f32 = 1.15;

/// Project 3-D points to 2-D for a view from azimuth `azimuth` and elevation `elevation`
/// (radians), around the centre of the unit cube the synthetic sets live in.
pub fn project_3d(points: &[[f32; 3]], azimuth: f32, elevation: f32) -> Vec<(f32, f32)> {
    let (sa, ca) = azimuth.sin_cos();
    let (se, ce) = elevation.sin_cos();
    points
        .iter()
        .map(|p| {
            let (x, y, z) = (p[0] - 0.5, p[1] - 0.5, p[2] - 0.5);
            let xr = ca * x - sa * z;
            let zr = sa * x + ca * z;
            (xr, ce * y - se * zr)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg_of(points: &[LabelledPoint]) -> String {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (320, 240)).into_drawing_area();
            let frame = draw_scatter(&area, points, "latent", ("z1", "z2")).expect("draws");
            let pixels = &frame.pixels;
            assert_eq!(pixels.len(), points.len());
            // The pointer mapping inverts the drawing, to within a pixel.
            for (p, px) in points.iter().zip(pixels.iter()) {
                if let (Some(px), Some((x, y))) = (px, px.and_then(|px| frame.to_data(px))) {
                    let tol_x = (frame.x.end - frame.x.start) / 100.0;
                    let tol_y = (frame.y.end - frame.y.start) / 100.0;
                    assert!(
                        (x - p.x).abs() <= tol_x && (y - p.y).abs() <= tol_y,
                        "{px:?}"
                    );
                }
            }
            if let Some(i) = pixels.iter().position(|p| p.is_some()) {
                assert_eq!(nearest(pixels, pixels[i].expect("some"), 0), Some(i));
            }
        }
        svg
    }

    #[test]
    fn a_marked_point_is_drawn_labelled_over_the_others_and_skipped_outside_the_axes() {
        let pts: Vec<LabelledPoint> = (0..10)
            .map(|i| LabelledPoint {
                x: i as f32,
                y: i as f32,
                class: 0,
            })
            .collect();
        let draw = |mark| {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (320, 240)).into_drawing_area();
                draw_scatter_marked(&area, &pts, "latent", ("z1", "z2"), data_ranges(&pts), mark)
                    .expect("draws");
            }
            svg
        };
        let marked = draw(Some((4.5, 2.0)));
        assert!(marked.contains("your drawing"));
        assert_eq!(
            marked.matches("<circle").count(),
            11,
            "the points and the mark's disc"
        );
        assert!(!draw(Some((400.0, 2.0))).contains("your drawing"));
        assert!(!draw(None).contains("your drawing"));
    }

    #[test]
    fn scatter_draws_one_circle_per_finite_point_in_class_colours() {
        let pts: Vec<LabelledPoint> = (0..30)
            .map(|i| LabelledPoint {
                x: i as f32,
                y: (i * i) as f32,
                class: (i % 3) as u8,
            })
            .chain([LabelledPoint {
                x: f32::NAN,
                y: 0.0,
                class: 0,
            }])
            .collect();
        let svg = svg_of(&pts);
        assert_eq!(svg.matches("<circle").count(), 30);
        for c in 0..3u8 {
            let RGBColor(r, g, b) = class_colour(c);
            assert!(
                svg.contains(&format!("#{r:02X}{g:02X}{b:02X}")),
                "class {c} colour"
            );
        }
        assert!(svg.contains("latent"));
    }

    #[test]
    fn empty_and_degenerate_inputs_still_draw() {
        assert!(svg_of(&[]).contains("<svg"));
        let same = [LabelledPoint {
            x: 1.0,
            y: 1.0,
            class: 0,
        }; 3];
        assert_eq!(svg_of(&same).matches("<circle").count(), 3);
    }

    #[test]
    fn projection_from_the_front_keeps_x_and_y() {
        let p = project_3d(&[[1.0, 0.0, 0.5]], 0.0, 0.0);
        assert!((p[0].0 - 0.5).abs() < 1e-6 && (p[0].1 + 0.5).abs() < 1e-6);
    }
}
