//! The classical image operations the autoencoder is compared with: PSNR, a 3×3 median
//! filter, Gaussian blur, and 2× down- and upsampling (nearest, bilinear, bicubic).
//!
//! Images are grey levels in [0, 1], row-major, `width × height`; borders replicate the edge
//! pixel (what a student expects: no dark frame).

/// A grey image, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<f32>,
}

impl Image {
    /// `None` when `pixels` does not hold `width × height` values.
    pub fn new(width: usize, height: usize, pixels: Vec<f32>) -> Option<Image> {
        (pixels.len() == width * height && width > 0 && height > 0).then_some(Image {
            width,
            height,
            pixels,
        })
    }

    /// The pixel at (x, y), the nearest edge pixel outside the image.
    pub fn at(&self, x: isize, y: isize) -> f32 {
        let cx = x.clamp(0, self.width as isize - 1) as usize;
        let cy = y.clamp(0, self.height as isize - 1) as usize;
        self.pixels[cy * self.width + cx]
    }

    fn map(&self, f: impl Fn(isize, isize) -> f32) -> Image {
        let mut pixels = Vec::with_capacity(self.pixels.len());
        for y in 0..self.height as isize {
            for x in 0..self.width as isize {
                pixels.push(f(x, y));
            }
        }
        Image { pixels, ..*self }
    }
}

/// Mean squared error per pixel over the pixels where `mask` is true (all when `None`).
pub fn mse(a: &[f32], b: &[f32], mask: Option<&[bool]>) -> f32 {
    let (mut sum, mut n) = (0.0f64, 0usize);
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if mask.is_none_or(|m| m.get(i).copied().unwrap_or(false)) {
            sum += f64::from(x - y).powi(2);
            n += 1;
        }
    }
    if n == 0 { 0.0 } else { (sum / n as f64) as f32 }
}

/// Peak signal-to-noise ratio in dB for a peak of 1: `10 log10(1 / MSE)`. Identical images
/// (or an empty mask) give infinity.
pub fn psnr(a: &[f32], b: &[f32], mask: Option<&[bool]>) -> f32 {
    psnr_of_mse(mse(a, b, mask))
}

/// The lab's one PSNR of a set of images: each image's PSNR (on the `mask`ed pixels only,
/// when given; an exact image counted as [`PSNR_CAP`]), averaged over the images. The usual
/// figure of restoration and compression benchmarks, used by every table of the lab, so a
/// few badly restored images pull it down as they would for a person looking at them.
pub fn mean_psnr<'a>(
    pairs: impl Iterator<Item = (&'a [f32], &'a [f32])>,
    mask: Option<&[bool]>,
) -> f32 {
    let (mut sum, mut n) = (0.0f64, 0usize);
    for (a, b) in pairs {
        sum += f64::from(psnr(a, b, mask).min(PSNR_CAP));
        n += 1;
    }
    if n == 0 { 0.0 } else { (sum / n as f64) as f32 }
}

/// An exact image's PSNR in [`mean_psnr`] (else one exact image makes the mean infinite).
pub const PSNR_CAP: f32 = 100.0;

/// `10 log10(1 / mse)`: infinity for no error.
pub fn psnr_of_mse(e: f32) -> f32 {
    if e <= 0.0 {
        f32::INFINITY
    } else {
        -10.0 * e.log10()
    }
}

/// Each pixel replaced by the median of its 3×3 neighbourhood.
pub fn median3(img: &Image) -> Image {
    img.map(|x, y| {
        let mut v = [0.0f32; 9];
        for (k, (dx, dy)) in (-1..=1)
            .flat_map(|dy| (-1..=1).map(move |dx| (dx, dy)))
            .enumerate()
        {
            v[k] = img.at(x + dx, y + dy);
        }
        v.sort_by(f32::total_cmp);
        v[4]
    })
}

/// Gaussian blur of standard deviation `sigma` pixels (separable, radius ⌈3σ⌉); σ ≤ 0 returns
/// the image unchanged.
pub fn gaussian_blur(img: &Image, sigma: f32) -> Image {
    if sigma <= 0.0 || !sigma.is_finite() {
        return img.clone();
    }
    let r = (3.0 * sigma).ceil() as isize;
    let mut w: Vec<f32> = (-r..=r)
        .map(|d| (-((d * d) as f32) / (2.0 * sigma * sigma)).exp())
        .collect();
    let total: f32 = w.iter().sum();
    w.iter_mut().for_each(|v| *v /= total);
    let along = |src: &Image, horizontal: bool| {
        src.map(|x, y| {
            (-r..=r)
                .zip(&w)
                .map(|(d, wd)| {
                    wd * if horizontal {
                        src.at(x + d, y)
                    } else {
                        src.at(x, y + d)
                    }
                })
                .sum()
        })
    };
    along(&along(img, true), false)
}

/// The blur σ from `candidates` that brings `noisy` closest to `clean`: the classical filter
/// at its best for this noise, as the comparison is meant to be fair.
pub fn best_blur(noisy: &Image, clean: &[f32], candidates: &[f32]) -> (f32, Image) {
    candidates
        .iter()
        .map(|&s| (s, gaussian_blur(noisy, s)))
        .min_by(|a, b| mse(&a.1.pixels, clean, None).total_cmp(&mse(&b.1.pixels, clean, None)))
        .unwrap_or_else(|| (0.0, noisy.clone()))
}

/// Halve each side by averaging 2×2 blocks (an odd last row or column is averaged with
/// itself).
pub fn downsample2(img: &Image) -> Image {
    let (w, h) = (img.width.div_ceil(2), img.height.div_ceil(2));
    let mut pixels = Vec::with_capacity(w * h);
    for y in 0..h as isize {
        for x in 0..w as isize {
            let (sx, sy) = (2 * x, 2 * y);
            pixels.push(
                (img.at(sx, sy) + img.at(sx + 1, sy) + img.at(sx, sy + 1) + img.at(sx + 1, sy + 1))
                    / 4.0,
            );
        }
    }
    Image {
        width: w,
        height: h,
        pixels,
    }
}

/// Upsampling methods for super-resolution's baselines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upsample {
    Nearest,
    Bilinear,
    Bicubic,
}

impl Upsample {
    pub const ALL: [Upsample; 3] = [Upsample::Nearest, Upsample::Bilinear, Upsample::Bicubic];

    pub fn label(self) -> &'static str {
        match self {
            Upsample::Nearest => "nearest",
            Upsample::Bilinear => "bilinear",
            Upsample::Bicubic => "bicubic",
        }
    }
}

/// Keys' cubic convolution kernel with a = −0.5 (what image libraries call bicubic).
fn cubic(t: f32) -> f32 {
    let (a, t) = (-0.5f32, t.abs());
    if t <= 1.0 {
        (a + 2.0) * t.powi(3) - (a + 3.0) * t * t + 1.0
    } else if t < 2.0 {
        a * t.powi(3) - 5.0 * a * t * t + 8.0 * a * t - 4.0 * a
    } else {
        0.0
    }
}

/// Resize `img` to `width × height`, sampling at pixel centres (the convention that keeps a
/// 2× down-then-up round trip aligned), values clipped to [0, 1].
pub fn resize(img: &Image, width: usize, height: usize, method: Upsample) -> Image {
    let (sx, sy) = (
        img.width as f32 / width as f32,
        img.height as f32 / height as f32,
    );
    let mut pixels = Vec::with_capacity(width * height);
    for y in 0..height {
        for x in 0..width {
            // Source coordinates of this pixel's centre.
            let (u, v) = ((x as f32 + 0.5) * sx - 0.5, (y as f32 + 0.5) * sy - 0.5);
            let value = match method {
                Upsample::Nearest => img.at(
                    ((x as f32 + 0.5) * sx).floor() as isize,
                    ((y as f32 + 0.5) * sy).floor() as isize,
                ),
                Upsample::Bilinear => {
                    let (x0, y0) = (u.floor(), v.floor());
                    let (fx, fy) = (u - x0, v - y0);
                    let (x0, y0) = (x0 as isize, y0 as isize);
                    let top = img.at(x0, y0) * (1.0 - fx) + img.at(x0 + 1, y0) * fx;
                    let bottom = img.at(x0, y0 + 1) * (1.0 - fx) + img.at(x0 + 1, y0 + 1) * fx;
                    top * (1.0 - fy) + bottom * fy
                }
                Upsample::Bicubic => {
                    let (x0, y0) = (u.floor(), v.floor());
                    let (fx, fy) = (u - x0, v - y0);
                    let (x0, y0) = (x0 as isize, y0 as isize);
                    let mut acc = 0.0;
                    for j in -1..=2isize {
                        let wy = cubic(j as f32 - fy);
                        for i in -1..=2isize {
                            acc += wy * cubic(i as f32 - fx) * img.at(x0 + i, y0 + j);
                        }
                    }
                    acc
                }
            };
            pixels.push(value.clamp(0.0, 1.0));
        }
    }
    Image {
        width,
        height,
        pixels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img(w: usize, h: usize, p: &[f32]) -> Image {
        Image::new(w, h, p.to_vec()).expect("sized")
    }

    #[test]
    fn psnr_of_a_known_pair() {
        // MSE = (0.1² + 0.1²) / 4 = 0.005 → 10·log10(200) = 23.0103 dB.
        let a = [0.0, 0.5, 1.0, 0.2];
        let b = [0.1, 0.5, 0.9, 0.2];
        assert!((psnr(&a, &b, None) - 23.0103).abs() < 1e-3);
        assert_eq!(psnr(&a, &a, None), f32::INFINITY);
        // Only the masked pixels count: the two that differ give MSE 0.01 → 20 dB.
        let m = [true, false, true, false];
        assert!((psnr(&a, &b, Some(&m)) - 20.0).abs() < 1e-4);
    }

    #[test]
    fn the_median_removes_a_lone_speck_and_keeps_an_edge() {
        let mut p = vec![0.0; 25];
        p[12] = 1.0;
        assert!(median3(&img(5, 5, &p)).pixels.iter().all(|v| *v == 0.0));
        // Left two columns dark, right three bright: the edge stays where it was.
        let edge: Vec<f32> = (0..25).map(|i| if i % 5 < 2 { 0.0 } else { 1.0 }).collect();
        assert_eq!(median3(&img(5, 5, &edge)).pixels, edge);
        // A known patch: the centre's neighbourhood 1..9 has median 5.
        let patch: Vec<f32> = (1..=9).map(|v| v as f32 / 10.0).collect();
        assert!((median3(&img(3, 3, &patch)).pixels[4] - 0.5).abs() < 1e-6);
    }

    #[test]
    fn blur_keeps_the_mean_of_a_flat_image_and_spreads_a_point() {
        let flat = img(4, 4, &[0.3; 16]);
        assert!(
            gaussian_blur(&flat, 1.0)
                .pixels
                .iter()
                .all(|v| (v - 0.3).abs() < 1e-6)
        );
        let mut p = vec![0.0; 49];
        p[24] = 1.0;
        let b = gaussian_blur(&img(7, 7, &p), 0.8);
        assert!(b.pixels[24] < 1.0 && b.pixels[23] > 0.0 && b.pixels[23] == b.pixels[25]);
        assert_eq!(gaussian_blur(&img(7, 7, &p), 0.0).pixels, p);
    }

    #[test]
    fn bicubic_matches_a_hand_computed_case() {
        // A 4×1 ramp 0, 0.2, 0.4, 0.6 resized to 8×1. Output pixel 3's centre maps to
        // u = 3.5·0.5 − 0.5 = 1.25: weights of pixels 0..3 at distances 1.25, 0.25, 0.75,
        // 1.75 are −0.0703125, 0.8671875, 0.2265625, −0.0234375, giving 0.25.
        let r = resize(&img(4, 1, &[0.0, 0.2, 0.4, 0.6]), 8, 1, Upsample::Bicubic);
        assert!((r.pixels[3] - 0.25).abs() < 1e-6, "{:?}", r.pixels);
        assert!((cubic(1.25) + 0.0703125).abs() < 1e-7 && (cubic(0.25) - 0.8671875).abs() < 1e-7);
        // Bilinear on the same ramp is linear inside it; nearest repeats each pixel.
        let l = resize(&img(4, 1, &[0.0, 0.2, 0.4, 0.6]), 8, 1, Upsample::Bilinear);
        assert!((l.pixels[3] - 0.25).abs() < 1e-6);
        let n = resize(&img(4, 1, &[0.0, 0.2, 0.4, 0.6]), 8, 1, Upsample::Nearest);
        assert_eq!(n.pixels, vec![0.0, 0.0, 0.2, 0.2, 0.4, 0.4, 0.6, 0.6]);
    }

    #[test]
    fn downsampling_averages_blocks() {
        let d = downsample2(&img(4, 2, &[0.0, 1.0, 0.2, 0.2, 1.0, 0.0, 0.2, 0.2]));
        assert_eq!((d.width, d.height), (2, 1));
        assert!((d.pixels[0] - 0.5).abs() < 1e-6 && (d.pixels[1] - 0.2).abs() < 1e-6);
    }
}
