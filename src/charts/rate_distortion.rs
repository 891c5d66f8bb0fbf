//! Rate against distortion: bits per image (log scale) against PSNR, one line per method, a
//! dotted vertical at the rate the page compares at.

use plotters::prelude::*;

use super::loss::{Series, compact, draw_lines, draw_marks};
use super::{Area, ChartError};

pub fn draw_rate_distortion<DB: DrawingBackend>(
    area: &Area<DB>,
    series: &[Series],
    rate_bits: f64,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let keep = |&(x, y): &(f64, f64)| x.is_finite() && x > 0.0 && y.is_finite();
    let all = || {
        series
            .iter()
            .flat_map(|s| s.points.iter().copied().filter(keep))
    };
    let (x_lo, x_hi) = all().fold((rate_bits, rate_bits), |(lo, hi), (x, _)| {
        (lo.min(x), hi.max(x))
    });
    let (y_lo, y_hi) = all().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, y)| {
        (lo.min(y), hi.max(y))
    });
    let (y_lo, y_hi) = if y_lo > y_hi {
        (10.0, 30.0)
    } else {
        (y_lo - 1.0, y_hi + 1.0)
    };
    let (x_lo, x_hi) = ((x_lo / 1.3).max(1.0), (x_hi * 1.3).max(x_lo * 2.0));
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(52)
        .build_cartesian_2d((x_lo..x_hi).log_scale(), y_lo..y_hi)?;
    chart
        .configure_mesh()
        .x_desc("bits per image (log)")
        .y_desc("PSNR (dB)")
        .label_style(("sans-serif", 11))
        .x_label_formatter(&|x| compact(*x))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()?;
    draw_marks(&mut chart, &[rate_bits], (y_lo, y_hi))?;
    draw_lines(&mut chart, series, keep)?;
    area.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::style::RGBColor;

    #[test]
    fn each_method_is_drawn_on_a_log_rate_axis_with_the_chosen_rate_marked() {
        let curve = |name: &str, colour, pts: &[(f64, f64)]| Series {
            name: name.into(),
            colour,
            dashed: false,
            points: pts.to_vec(),
        };
        let series = [
            curve(
                "Autoencoder",
                RGBColor(0x33, 0x22, 0x88),
                &[(32.0, 15.0), (64.0, 18.0), (128.0, 18.4)],
            ),
            curve(
                "JPEG, whole file",
                RGBColor(0xCC, 0x66, 0x77),
                &[(2400.0, 14.0), (4800.0, 22.0)],
            ),
        ];
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (480, 300)).into_drawing_area();
            draw_rate_distortion(&area, &series, 64.0).expect("draws");
        }
        assert!(svg.contains("Autoencoder") && svg.contains("JPEG, whole file"));
        assert!(svg.contains("#332288") && svg.contains("#CC6677"));
        assert!(
            svg.contains("bits per image (log)") && svg.contains("#707070"),
            "rate marked"
        );
        let mut empty = String::new();
        {
            let area = SVGBackend::with_string(&mut empty, (480, 300)).into_drawing_area();
            draw_rate_distortion(&area, &[], 64.0).expect("draws with no data");
        }
    }
}
