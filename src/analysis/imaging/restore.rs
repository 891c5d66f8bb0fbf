//! Inpainting by iterated reconstruction, and MNIST's preprocessing of a drawing.

use nalgebra::DMatrix;

use super::filters::Image;

/// Fill the pixels where `known` is false, in every row of `x`: start them at `fill`, then
/// `iterations` times reconstruct the rows and put the known pixels back. With 0 iterations
/// the result is the input with the unknown pixels set to `fill`.
///
/// # Shapes
/// - `x`: n × d; `known`, `fill`: d values; `reconstruct`: n × d → n × d
pub fn inpaint(
    x: &DMatrix<f32>,
    known: &[bool],
    fill: &[f32],
    iterations: usize,
    reconstruct: impl Fn(&DMatrix<f32>) -> DMatrix<f32>,
) -> DMatrix<f32> {
    let mut current = x.clone();
    for (c, mut col) in current.column_iter_mut().enumerate() {
        if !known.get(c).copied().unwrap_or(true) {
            col.fill(fill.get(c).copied().unwrap_or(0.0));
        }
    }
    for _ in 0..iterations {
        let r = reconstruct(&current);
        for (c, mut col) in current.column_iter_mut().enumerate() {
            if !known.get(c).copied().unwrap_or(true) {
                col.copy_from(&r.column(c));
            }
        }
    }
    current
}

/// Side of the box MNIST scales a digit into, and of the whole image.
const BOX: f32 = 20.0;
const SIDE: usize = 28;
/// Grey levels below this count as paper when finding the drawing's bounding box.
const INK: f32 = 0.05;
/// Sub-samples per output pixel side when shrinking (an area average, as anti-aliasing).
const SUPER: usize = 4;

/// MNIST's preprocessing of a drawing (grey levels, ink = 1): the ink's bounding box scaled,
/// keeping its aspect ratio, to fit a 20×20 box, then placed in 28×28 so that its centre of
/// mass is at the centre. `None` for a drawing with no ink.
pub fn mnist_preprocess(drawing: &Image) -> Option<Image> {
    let ink = |x: usize, y: usize| drawing.pixels[y * drawing.width + x] > INK;
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for y in 0..drawing.height {
        for x in 0..drawing.width {
            if ink(x, y) {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
    }
    if x0 == usize::MAX {
        return None;
    }
    let (bw, bh) = ((x1 - x0 + 1) as f32, (y1 - y0 + 1) as f32);
    let scale = BOX / bw.max(bh);
    let (w, h) = (
        ((bw * scale).round() as usize).clamp(1, SIDE),
        ((bh * scale).round() as usize).clamp(1, SIDE),
    );
    // Each output pixel averages SUPER² point samples of its footprint in the drawing (an
    // area average, so thin strokes turn grey rather than vanish).
    let mut small = vec![0.0f32; w * h];
    for (i, v) in small.iter_mut().enumerate() {
        let (ox, oy) = ((i % w) as f32, (i / w) as f32);
        let mut acc = 0.0;
        for sy in 0..SUPER {
            for sx in 0..SUPER {
                let u = x0 as f32 + (ox + (sx as f32 + 0.5) / SUPER as f32) / scale;
                let v = y0 as f32 + (oy + (sy as f32 + 0.5) / SUPER as f32) / scale;
                acc += drawing.at(u.floor() as isize, v.floor() as isize);
            }
        }
        *v = (acc / (SUPER * SUPER) as f32).clamp(0.0, 1.0);
    }
    // Centre of mass of the shrunk digit, moved to the centre of the 28×28 image.
    let mass: f32 = small.iter().sum();
    let (mut cx, mut cy) = (0.0f32, 0.0f32);
    for (i, v) in small.iter().enumerate() {
        cx += v * ((i % w) as f32 + 0.5);
        cy += v * ((i / w) as f32 + 0.5);
    }
    let (cx, cy) = if mass > 0.0 {
        (cx / mass, cy / mass)
    } else {
        (w as f32 / 2.0, h as f32 / 2.0)
    };
    let (dx, dy) = (
        (SIDE as f32 / 2.0 - cx).round() as isize,
        (SIDE as f32 / 2.0 - cy).round() as isize,
    );
    let mut out = vec![0.0f32; SIDE * SIDE];
    for (i, v) in small.iter().enumerate() {
        let (x, y) = ((i % w) as isize + dx, (i / w) as isize + dy);
        if (0..SIDE as isize).contains(&x) && (0..SIDE as isize).contains(&y) {
            out[y as usize * SIDE + x as usize] = *v;
        }
    }
    Image::new(SIDE, SIDE, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_iterations_return_the_input_with_the_hole_filled_and_known_pixels_stay() {
        let x = DMatrix::from_row_slice(1, 4, &[0.1, 0.9, 0.5, 0.3]);
        let known = [true, false, true, false];
        let fill = [0.2; 4];
        let none = inpaint(&x, &known, &fill, 0, |_| unreachable!());
        assert_eq!(none.as_slice(), &[0.1, 0.2, 0.5, 0.2]);
        // A "model" that returns each row's mean: the hole converges to a fixed point while
        // the known pixels never move.
        let mean =
            |v: &DMatrix<f32>| DMatrix::from_fn(v.nrows(), v.ncols(), |r, _| v.row(r).mean());
        let out = inpaint(&x, &known, &fill, 50, mean);
        assert_eq!((out[(0, 0)], out[(0, 2)]), (0.1, 0.5));
        // Fixed point: h = (0.1 + 0.5 + 2h) / 4 → h = 0.3.
        assert!(
            (out[(0, 1)] - 0.3).abs() < 1e-4 && (out[(0, 3)] - 0.3).abs() < 1e-4,
            "{out}"
        );
    }

    #[test]
    fn a_drawing_is_scaled_into_20_pixels_and_centred_by_mass() {
        // A 10×40 bar in the corner of a 100×100 pad: 5×20 after scaling, centred.
        let mut p = vec![0.0; 100 * 100];
        for y in 0..40 {
            for x in 0..10 {
                p[y * 100 + x] = 1.0;
            }
        }
        let out = mnist_preprocess(&Image::new(100, 100, p).expect("sized")).expect("ink");
        let rows: Vec<usize> = (0..28)
            .filter(|&y| (0..28).any(|x| out.pixels[y * 28 + x] > 0.5))
            .collect();
        let cols: Vec<usize> = (0..28)
            .filter(|&x| (0..28).any(|y| out.pixels[y * 28 + x] > 0.5))
            .collect();
        assert_eq!((rows.len(), cols.len()), (20, 5), "{rows:?} {cols:?}");
        assert_eq!(
            (rows[0], cols[0]),
            (4, 12),
            "centred: rows 4-23, columns 12-16 (mass at 14.5)"
        );
        let total: f32 = out.pixels.iter().sum();
        assert!((total - 100.0).abs() < 1.0, "ink area 5×20: {total}");
        assert!(mnist_preprocess(&Image::new(3, 3, vec![0.0; 9]).expect("sized")).is_none());
    }
}
