//! Compression with the session's model: its code quantised to 2-8 bits per dimension, and
//! PCA's coefficients quantised the same way (every k and b tried, the best at each size
//! kept), on the first test items. Sizes are bits per image; quality is the lab's one PSNR
//! (each image's, averaged: `filters::mean_psnr`), beside the MSE per pixel.

use nalgebra::DMatrix;

use super::display::Baseline;
use super::rows;
use crate::analysis::imaging::filters::mean_psnr;
use crate::analysis::imaging::quantise::{BITS, Quantiser, coded_bits};
use crate::data::SampleShape;
use crate::protocol::compression::{CompressionReport, ITEMS, RdCurve, RdPoint, SHOWN};
use crate::train::Trainer;

/// PCA sizes tried (with every bit depth); capped at the data's dimension.
const PCA_K: [usize; 7] = [2, 4, 8, 16, 32, 64, 128];

/// A measured setting with its reconstructions.
struct Tried {
    point: RdPoint,
    images: DMatrix<f32>,
}

pub(super) fn measure(
    trainer: &Trainer,
    data: &Baseline,
    rate_bits: u32,
) -> Result<CompressionReport, String> {
    let (train, test) = (&data.split.train, &data.split.test);
    let SampleShape::Image { width, height } = test.shape else {
        return Err("Compression is measured on images (MNIST or Fashion-MNIST).".into());
    };
    if !(8..=4096).contains(&rate_bits) {
        return Err("Pick a rate from 8 to 4,096 bits per image.".into());
    }
    let n = test.len().min(ITEMS);
    let x = rows(&test.x, &(0..n).collect::<Vec<_>>());
    let code_dim = trainer.config().model.code_dim;
    // Ranges come from the training set's codes, as a deployed codec's would.
    let train_codes = trainer.encode(&train.x);
    let test_codes = trainer.encode(&x);
    let (mut fixed, mut entropy) = (Vec::new(), Vec::new());
    for b in BITS {
        let q = Quantiser::fit(&train_codes, b);
        let (codes, symbols) = q.round_trip(&test_codes);
        // The entropy coder's model: symbol frequencies on the training codes.
        let train_symbols = q.round_trip(&train_codes).1;
        let images = trainer.decode(&codes);
        let label = format!("{code_dim} × {b} bits");
        let at = |bits: f32| point(bits, &images, &x, label.clone());
        entropy.push(Tried {
            point: at(coded_bits(&train_symbols, &symbols, code_dim, q.levels())),
            images: images.clone(),
        });
        fixed.push(Tried {
            point: at((code_dim * usize::from(b)) as f32),
            images,
        });
    }
    let pca = data.pca();
    let train_coeffs = pca.project(&train.x, *PCA_K.last().unwrap_or(&64));
    let mut tried = Vec::new();
    for k in PCA_K
        .into_iter()
        .filter(|&k| k <= train.dim() && k <= pca.n_components())
    {
        let coeffs = pca.project(&x, k);
        for b in BITS {
            let q = Quantiser::fit(&train_coeffs.columns(0, k).into_owned(), b);
            let images = pca.back_project(&q.round_trip(&coeffs).0);
            let bits = (k * usize::from(b)) as f32;
            tried.push(Tried {
                point: point(bits, &images, &x, format!("{k} × {b} bits")),
                images,
            });
        }
    }
    let curves = vec![
        curve("Autoencoder, fixed-length code", fixed, rate_bits),
        curve("Autoencoder, entropy-coded", entropy, rate_bits),
        curve("PCA coefficients, fixed length", frontier(tried), rate_bits),
    ];
    Ok(CompressionReport {
        code_dim: code_dim as u32,
        items: n as u32,
        rate_bits,
        curves,
        originals: (0..n.min(SHOWN))
            .map(|r| x.row(r).iter().copied().collect())
            .collect(),
        width: width as u32,
        height: height as u32,
    })
}

fn point(bits: f32, images: &DMatrix<f32>, clean: &DMatrix<f32>, label: String) -> RdPoint {
    let clipped = images.map(|v| v.clamp(0.0, 1.0));
    let mse = (&clipped - clean).norm_squared() / clean.len().max(1) as f32;
    let (a, b) = (clipped.transpose(), clean.transpose());
    // Transposed, each image is one contiguous column.
    let d = clean.ncols().max(1);
    let pairs = a.as_slice().chunks(d).zip(b.as_slice().chunks(d));
    RdPoint {
        bits,
        psnr: mean_psnr(pairs, None),
        mse,
        label,
    }
}

/// The settings no cheaper setting beats, cheapest first.
fn frontier(mut tried: Vec<Tried>) -> Vec<Tried> {
    // At equal cost the better setting comes first, and only it is kept.
    tried.sort_by(|a, b| {
        a.point
            .bits
            .total_cmp(&b.point.bits)
            .then(b.point.psnr.total_cmp(&a.point.psnr))
    });
    let mut best = f32::NEG_INFINITY;
    tried
        .into_iter()
        .filter(|t| {
            let better = t.point.psnr > best;
            best = best.max(t.point.psnr);
            better
        })
        .collect()
}

fn curve(name: &str, tried: Vec<Tried>, rate_bits: u32) -> RdCurve {
    // The point nearest the chosen rate (on a log scale) is the one shown.
    let distance = |t: &Tried| (t.point.bits.max(1.0) / rate_bits as f32).ln().abs();
    let shown = tried
        .iter()
        .min_by(|a, b| distance(a).total_cmp(&distance(b)));
    let (shown, shown_label) = shown.map_or((Vec::new(), String::new()), |t| {
        let rows = t.images.nrows().min(SHOWN);
        (
            (0..rows)
                .map(|r| t.images.row(r).iter().map(|v| v.clamp(0.0, 1.0)).collect())
                .collect(),
            t.point.label.clone(),
        )
    });
    RdCurve {
        name: name.into(),
        points: tried.into_iter().map(|t| t.point).collect(),
        shown,
        shown_label,
    }
}
