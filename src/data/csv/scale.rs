//! From parsed rows to a dataset: labels as classes, a seeded split, scaling fitted on the
//! training rows, and the samples' shape.

use nalgebra::DMatrix;
use rand::{SeedableRng, rngs::StdRng, seq::SliceRandom};

use super::scan::number;
use super::{CsvError, CsvOptions, MAX_CLASSES, Scaling};
use crate::data::{Dataset, SampleShape, Split};

/// Labels as class indices: numbers in numeric order, text in order of first appearance.
pub(super) fn classes(
    text: &[Option<String>],
    column: Option<&str>,
) -> Result<(Vec<u8>, Vec<String>), CsvError> {
    let Some(column) = column else {
        return Ok((vec![0; text.len()], vec!["all".into()]));
    };
    let mut names: Vec<String> = Vec::new();
    for t in text.iter().flatten() {
        if !names.contains(t) {
            names.push(t.clone());
            if names.len() > MAX_CLASSES {
                let distinct = text
                    .iter()
                    .flatten()
                    .collect::<std::collections::BTreeSet<_>>()
                    .len();
                return Err(CsvError::TooManyClasses {
                    column: column.into(),
                    distinct,
                });
            }
        }
    }
    if names.iter().all(|n| number(n).is_some()) {
        names.sort_by(|a, b| {
            number(a)
                .partial_cmp(&number(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    let labels = text
        .iter()
        .map(|t| {
            t.as_ref()
                .and_then(|t| names.iter().position(|n| n == t))
                .unwrap_or(0) as u8
        })
        .collect();
    Ok((labels, names))
}

/// Shuffled into train and test by the seed, then scaled by the training rows' statistics.
pub(super) fn split_and_scale(
    x: DMatrix<f32>,
    labels: Vec<u8>,
    class_names: Vec<String>,
    opts: &CsvOptions,
) -> (Split, Vec<(f32, f32)>) {
    let n = x.nrows();
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut StdRng::seed_from_u64(opts.seed));
    let share = if opts.test_share.is_finite() {
        opts.test_share.clamp(0.05, 0.5)
    } else {
        0.2
    };
    let n_test = ((n as f32 * share).round() as usize).clamp(1, n - 1);
    let (test_idx, train_idx) = order.split_at(n_test);
    let whole = Dataset {
        x,
        labels,
        shape: SampleShape::Points { dim: 1 },
        class_names,
    };
    let (mut train, mut test) = (whole.subset(train_idx), whole.subset(test_idx));
    let fitted: Vec<(f32, f32)> = (0..train.dim())
        .map(|c| {
            let col = train.x.column(c);
            match opts.scaling {
                Scaling::MinMax => (col.min(), col.max()),
                Scaling::Standard => {
                    let mean = col.mean();
                    let var =
                        col.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / col.len() as f32;
                    (mean, var.sqrt())
                }
            }
        })
        .collect();
    for set in [&mut train, &mut test] {
        for (c, &(a, b)) in fitted.iter().enumerate() {
            // A constant column carries nothing: it becomes 0 rather than a division by 0.
            let (shift, scale) = match opts.scaling {
                Scaling::MinMax => (a, b - a),
                Scaling::Standard => (a, b),
            };
            set.x.column_mut(c).apply(|v| {
                *v = if scale > 0.0 {
                    (*v - shift) / scale
                } else {
                    0.0
                }
            });
        }
    }
    (Split { train, test }, fitted)
}

/// A table whose width is a square of 8² to 64² numbers is shown as images (a pixel table
/// such as MNIST's CSV); anything else as points.
pub(super) fn shape_of(d: usize) -> SampleShape {
    let side = (d as f64).sqrt().round() as usize;
    if side * side == d && (8..=64).contains(&side) {
        SampleShape::Image {
            width: side,
            height: side,
        }
    } else {
        SampleShape::Points { dim: d }
    }
}
