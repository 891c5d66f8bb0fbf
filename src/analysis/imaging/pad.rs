//! The drawing pad's strokes as a grey image: each stroke is a polyline in pad coordinates
//! ([0, 1]², y down) inked with a round pen, so what the page shows and what the net gets
//! are the same pixels.

use super::filters::Image;

/// A pen stroke: the points the pointer passed through, in [0, 1]².
pub type Stroke = Vec<(f32, f32)>;

/// Ink `strokes` on a `side × side` grid with a pen of `radius` pixels (anti-aliased over one
/// pixel at its rim).
pub fn rasterize(strokes: &[Stroke], side: usize, radius: f32) -> Image {
    let mut pixels = vec![0.0f32; side * side];
    let s = side as f32;
    for stroke in strokes {
        let points: Vec<(f32, f32)> = stroke
            .iter()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .map(|&(x, y)| (x.clamp(0.0, 1.0) * s, y.clamp(0.0, 1.0) * s))
            .collect();
        // A tap inks a dot: a segment from the point to itself.
        let segments: Vec<((f32, f32), (f32, f32))> = match points.as_slice() {
            [] => continue,
            [p] => vec![(*p, *p)],
            ps => ps.windows(2).map(|w| (w[0], w[1])).collect(),
        };
        for (a, b) in segments {
            ink_segment(&mut pixels, side, a, b, radius);
        }
    }
    Image {
        width: side,
        height: side,
        pixels,
    }
}

fn ink_segment(pixels: &mut [f32], side: usize, a: (f32, f32), b: (f32, f32), r: f32) {
    let reach = r + 1.0;
    let (x0, x1) = (
        (a.0.min(b.0) - reach).floor(),
        (a.0.max(b.0) + reach).ceil(),
    );
    let (y0, y1) = (
        (a.1.min(b.1) - reach).floor(),
        (a.1.max(b.1) + reach).ceil(),
    );
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    for py in (y0.max(0.0) as usize)..(y1.min(side as f32) as usize) {
        for px in (x0.max(0.0) as usize)..(x1.min(side as f32) as usize) {
            let (cx, cy) = (px as f32 + 0.5, py as f32 + 0.5);
            // Distance from the pixel centre to the segment.
            let t = if len2 > 0.0 {
                (((cx - a.0) * dx + (cy - a.1) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (qx, qy) = (a.0 + t * dx - cx, a.1 + t * dy - cy);
            let d = (qx * qx + qy * qy).sqrt();
            let v = (r + 0.5 - d).clamp(0.0, 1.0);
            let p = &mut pixels[py * side + px];
            *p = p.max(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_horizontal_stroke_inks_a_band_of_the_pen_width_and_a_tap_a_dot() {
        let img = rasterize(&[vec![(0.2, 0.5), (0.8, 0.5)]], 100, 3.0);
        let column = |x: usize| (0..100).filter(|&y| img.pixels[y * 100 + x] > 0.5).count();
        assert_eq!(column(50), 6, "3-pixel radius: 6 pixels across");
        assert_eq!(column(5), 0, "nothing outside the stroke");
        let ink: f32 = img.pixels.iter().sum();
        assert!(
            (ink - 6.0 * 60.0 - std::f32::consts::PI * 9.0).abs() < 20.0,
            "{ink}"
        );
        let dot = rasterize(&[vec![(0.5, 0.5)]], 20, 2.0);
        assert!(dot.pixels[10 * 20 + 10] == 1.0 && dot.pixels[0] == 0.0);
        assert!(rasterize(&[], 10, 2.0).pixels.iter().all(|v| *v == 0.0));
        assert!(
            rasterize(&[vec![(f32::NAN, 0.5)]], 10, 2.0)
                .pixels
                .iter()
                .all(|v| *v == 0.0)
        );
    }
}
