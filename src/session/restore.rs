//! Image restoration on the session's data and model: one image (a test item or a drawing)
//! is corrupted, restored by the autoencoder and by classical baselines, and every method's
//! PSNR is also averaged over the first test items with the same corruption, so a claim
//! ("the denoiser beats the median filter") does not rest on one lucky image.

use nalgebra::DMatrix;
use rand::{SeedableRng, rngs::StdRng};

use super::display::Baseline;
use super::rows;
use crate::analysis::Pca;
use crate::analysis::imaging::filters::{
    self, Image, Upsample, downsample2, gaussian_blur, median3, psnr, resize,
};
use crate::analysis::imaging::restore::inpaint;
use crate::data::SampleShape;
use crate::models::noise::{DataRange, NoiseKind};
use crate::protocol::restore::{
    MAX_ITERATIONS, RestoreInput, RestoreReport, RestoreTask, Restored,
};
use crate::train::Trainer;

/// Test items every method's mean PSNR is taken over.
const AVERAGE_OVER: usize = 200;
/// The blur's σ is the best of these for the noise at hand (on the averaged items).
const BLUR_SIGMAS: [f32; 7] = [0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0];
/// Seed of the corruption: the same request shows the same noise.
const NOISE_SEED: u64 = 0x5e_a1;

/// A method: its name and what it does to a batch of corrupted rows.
type Method<'a> = (String, Box<dyn Fn(&DMatrix<f32>) -> DMatrix<f32> + 'a>);

pub(super) fn restore(
    trainer: &Trainer,
    data: &Baseline,
    input: &RestoreInput,
    task: &RestoreTask,
) -> Result<RestoreReport, String> {
    let test = &data.split.test;
    let SampleShape::Image { width, height } = test.shape else {
        return Err("Image restoration needs an image dataset (MNIST or Fashion-MNIST).".into());
    };
    let d = width * height;
    let clean: Vec<f32> = match input {
        RestoreInput::TestItem(i) => {
            let i = *i as usize;
            if i >= test.len() {
                return Err(format!(
                    "There is no test item {i}: pick 0 to {}.",
                    test.len() - 1
                ));
            }
            test.x.row(i).iter().copied().collect()
        }
        RestoreInput::Pixels(p) if p.len() == d && p.iter().all(|v| v.is_finite()) => {
            p.iter().map(|v| v.clamp(0.0, 1.0)).collect()
        }
        RestoreInput::Pixels(p) => {
            return Err(format!(
                "A drawing must be {width}×{height} grey levels; this one has {} values.",
                p.len()
            ));
        }
    };
    // Row 0 is the chosen image, the rest the averaged test items.
    let n = test.len().min(AVERAGE_OVER);
    let mut x = DMatrix::from_row_slice(1, d, &clean);
    x = x.insert_rows(1, n, 0.0);
    x.rows_mut(1, n)
        .copy_from(&rows(&test.x, &(0..n).collect::<Vec<_>>()));
    let k = trainer.config().model.code_dim.min(d);
    let pca: &Pca = data.pca();
    let ae = |v: &DMatrix<f32>| trainer.reconstruct(v);
    let pc = |v: &DMatrix<f32>| pca.reconstruct(v, k);
    let image = |row: &[f32]| Image::new(width, height, row.to_vec());
    let per_row = |v: &DMatrix<f32>, f: &dyn Fn(&Image) -> Image| {
        let mut out = v.clone();
        for r in 0..v.nrows() {
            let row: Vec<f32> = v.row(r).iter().copied().collect();
            if let Some(img) = image(&row) {
                let done = f(&img);
                for (c, p) in done.pixels.iter().enumerate() {
                    out[(r, c)] = *p;
                }
            }
        }
        out
    };
    // `mask`: the pixels PSNR is measured on (the hidden ones for inpainting).
    let (corrupted, methods, mask, note): (DMatrix<f32>, Vec<Method>, Option<Vec<bool>>, String) =
        match task {
            RestoreTask::Denoise { noise } => {
                if !(noise.level.is_finite() && noise.level > 0.0 && noise.level <= 1.0) {
                    return Err("The noise level must be above 0 and at most 1.".into());
                }
                let mut noisy = x.clone();
                let mut rng = StdRng::seed_from_u64(NOISE_SEED);
                for r in 0..noisy.nrows() {
                    let mut row: Vec<f32> = noisy.row(r).iter().copied().collect();
                    // Restoration takes images only, which lie in [0, 1].
                    noise.apply(&mut row, DataRange::Unit, &mut rng);
                    noisy.row_mut(r).copy_from_slice(&row);
                }
                // The blur at its best σ for this noise, judged on the averaged items.
                let score =
                    |s: f32| mean_psnr(&per_row(&noisy, &|i| gaussian_blur(i, s)), &x, None);
                let sigma = BLUR_SIGMAS
                    .iter()
                    .copied()
                    .max_by(|a, b| score(*a).total_cmp(&score(*b)))
                    .unwrap_or(1.0);
                let methods: Vec<Method> = vec![
                    ("Autoencoder".into(), Box::new(ae)),
                    (
                        "Median filter 3×3".into(),
                        Box::new(move |v| per_row(v, &median3)),
                    ),
                    (
                        format!("Gaussian blur σ = {sigma}"),
                        Box::new(move |v| per_row(v, &|i| gaussian_blur(i, sigma))),
                    ),
                    (format!("PCA-{k} projection"), Box::new(pc)),
                ];
                let note = format!(
                    "{} at {}; the blur's σ is the best of {BLUR_SIGMAS:?} for this noise.",
                    noise.kind.label(),
                    noise.level
                );
                (noisy, methods, None, note)
            }
            RestoreTask::Inpaint { known, iterations } => {
                if known.len() != d {
                    return Err(format!("The mask must cover all {d} pixels."));
                }
                if known.iter().all(|k| *k) {
                    return Err("Paint over some pixels first: nothing is hidden.".into());
                }
                if *iterations > MAX_ITERATIONS {
                    return Err(format!("Use at most {MAX_ITERATIONS} rounds."));
                }
                let it = *iterations as usize;
                let fill: Vec<f32> = data.split.train.x.row_mean().iter().copied().collect();
                // A net trained with masking noise has learnt that 0 means "missing": its hole
                // starts at 0, as in training. Any other starts at the training mean.
                let masking = trainer
                    .config()
                    .regularization
                    .noise
                    .is_some_and(|n| n.kind == NoiseKind::Masking);
                let start = if masking { vec![0.0; d] } else { fill.clone() };
                let known = known.clone();
                let (k1, k2, k3) = (known.clone(), known.clone(), known.clone());
                let f2 = fill.clone();
                let methods: Vec<Method> = vec![
                    (
                        format!("Autoencoder, {it} rounds"),
                        Box::new(move |v| inpaint(v, &k1, &start, it, ae)),
                    ),
                    (
                        "Training mean".into(),
                        Box::new(move |v| inpaint(v, &k2, &f2, 0, ae)),
                    ),
                    (
                        format!("PCA-{k}, {it} rounds"),
                        Box::new(move |v| inpaint(v, &k3, &fill, it, pc)),
                    ),
                ];
                let shown = inpaint(&x, &known, &vec![0.5; d], 0, ae);
                let note = format!(
                    "{} hidden pixels (grey), started at {}, then {it} rounds of reconstructing \
                     and putting the known pixels back; PCA starts at the training mean. PSNR on \
                     the hidden pixels.",
                    known.iter().filter(|k| !**k).count(),
                    if masking {
                        "0 for the autoencoder (its training masked pixels to 0)"
                    } else {
                        "the training mean"
                    }
                );
                let hidden = known.iter().map(|k| !k).collect();
                (shown, methods, Some(hidden), note)
            }
            RestoreTask::SuperResolve => {
                let small = per_row(&x, &|i| {
                    let s = downsample2(i);
                    resize(&s, width, height, Upsample::Nearest)
                });
                let half = |i: &Image| downsample2(i);
                let mut methods: Vec<Method> = vec![(
                    "Autoencoder on the bicubic upsample".into(),
                    Box::new(move |v| {
                        ae(&per_row(v, &|i| {
                            resize(&half(i), width, height, Upsample::Bicubic)
                        }))
                    }),
                )];
                for m in Upsample::ALL {
                    methods.push((
                        format!("{} upsampling", capitalise(m.label())),
                        Box::new(move |v| per_row(v, &|i| resize(&half(i), width, height, m))),
                    ));
                }
                let note = format!(
                    "Halved to {}×{} (2×2 averages), then brought back to {width}×{height}.",
                    width.div_ceil(2),
                    height.div_ceil(2)
                );
                // The methods start from the clean rows and halve them themselves.
                (small, methods, None, note)
            }
        };
    let input_of = |x_clean: &DMatrix<f32>| match task {
        RestoreTask::SuperResolve => x_clean.clone(),
        _ => corrupted.clone(),
    };
    let given = input_of(&x);
    let first = |v: &DMatrix<f32>| v.row(0).iter().copied().collect::<Vec<f32>>();
    let rest = |v: &DMatrix<f32>| v.rows(1, n).into_owned();
    let m = mask.as_deref();
    let methods = methods
        .into_iter()
        .map(|(name, f)| {
            let out = f(&given);
            Restored {
                name,
                psnr: psnr(&first(&out), &clean, m),
                mean_psnr: mean_psnr(&rest(&out), &rest(&x), m),
                pixels: first(&out),
            }
        })
        .collect();
    Ok(RestoreReport {
        task: task.label().into(),
        width: width as u32,
        height: height as u32,
        corrupted_psnr: psnr(&first(&corrupted), &clean, m),
        corrupted_mean_psnr: mean_psnr(&rest(&corrupted), &rest(&x), m),
        clean,
        corrupted: first(&corrupted),
        methods,
        averaged_over: n as u32,
        note,
    })
}

/// Mean over rows of each row's PSNR against the same row of `clean` (capped at 100 dB, so
/// one perfect row does not make the mean infinite).
fn mean_psnr(out: &DMatrix<f32>, clean: &DMatrix<f32>, mask: Option<&[bool]>) -> f32 {
    let n = out.nrows().min(clean.nrows());
    let rows = |m: &DMatrix<f32>| -> Vec<Vec<f32>> {
        (0..n).map(|r| m.row(r).iter().copied().collect()).collect()
    };
    let (a, b) = (rows(out), rows(clean));
    filters::mean_psnr(
        a.iter().map(Vec::as_slice).zip(b.iter().map(Vec::as_slice)),
        mask,
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}
