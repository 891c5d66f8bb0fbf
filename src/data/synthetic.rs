//! Seeded synthetic manifolds: the same seed always gives the same points.
//!
//! Definitions follow scikit-learn's `make_swiss_roll`, `make_s_curve`, `make_moons`,
//! `make_circles` and `make_blobs`, so results can be compared with the usual figures. After
//! generation each set is shifted and scaled by one common factor into `[0, 1]`: a sigmoid
//! output can then reach every point, and the shape (aspect ratio) is kept. Trigonometry goes
//! through `libm` so the same seed gives the same bits natively and in the browser.

use nalgebra::DMatrix;
use rand::{RngExt, SeedableRng, rngs::StdRng};

use super::{Dataset, DatasetId, SampleShape, Split};

/// Items per synthetic set; 80 % train, 20 % test.
pub const N_ITEMS: usize = 3000;
/// Manifold sets are coloured by this many bins of their position along the manifold.
const BINS: usize = 8;
pub(crate) const BLOB_DIM: usize = 10;
const BLOB_CENTRES: usize = 5;

/// Generate a synthetic dataset, or `None` for the image sets (downloaded) and the
/// student's own (read from their file).
pub fn generate(id: DatasetId, seed: u64) -> Option<Split> {
    let mut rng = StdRng::seed_from_u64(seed);
    let (points, labels, names): (Vec<Vec<f32>>, Vec<u8>, Vec<String>) = match id {
        DatasetId::Mnist | DatasetId::FashionMnist | DatasetId::Own(_) => return None,
        DatasetId::SwissRoll => manifold(&mut rng, swiss_roll),
        DatasetId::SCurve => manifold(&mut rng, s_curve),
        DatasetId::TwoMoons => two_classes(&mut rng, moon, ["upper moon", "lower moon"]),
        DatasetId::Circles => two_classes(&mut rng, circle, ["outer circle", "inner circle"]),
        DatasetId::Blobs => blobs(&mut rng),
    };
    Some(into_split(points, labels, names))
}

fn normal(rng: &mut StdRng) -> f32 {
    // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
    let u: f32 = 1.0 - rng.random_range(0.0..1.0f32);
    let v: f32 = rng.random_range(0.0..1.0f32);
    (-2.0 * libm::logf(u)).sqrt() * libm::cosf(std::f32::consts::TAU * v)
}

type ManifoldFn = fn(&mut StdRng) -> ([f32; 3], f32);

/// A 3-D manifold sampled with its position `t in [0, 1)` along the roll, binned for colour.
fn manifold(rng: &mut StdRng, f: ManifoldFn) -> (Vec<Vec<f32>>, Vec<u8>, Vec<String>) {
    let mut pts = Vec::with_capacity(N_ITEMS);
    let mut labels = Vec::with_capacity(N_ITEMS);
    for _ in 0..N_ITEMS {
        let (p, t) = f(rng);
        pts.push(p.to_vec());
        labels.push(((t * BINS as f32) as usize).min(BINS - 1) as u8);
    }
    let names = (0..BINS)
        .map(|b| format!("t {}-{} %", b * 100 / BINS, (b + 1) * 100 / BINS))
        .collect();
    (pts, labels, names)
}

fn swiss_roll(rng: &mut StdRng) -> ([f32; 3], f32) {
    use std::f32::consts::PI;
    let u: f32 = rng.random_range(0.0..1.0);
    let t = 1.5 * PI * (1.0 + 2.0 * u);
    let y = 21.0 * rng.random_range(0.0..1.0f32);
    let noise = 0.05;
    let p = [
        t * libm::cosf(t) + noise * normal(rng),
        y + noise * normal(rng),
        t * libm::sinf(t) + noise * normal(rng),
    ];
    (p, u)
}

fn s_curve(rng: &mut StdRng) -> ([f32; 3], f32) {
    use std::f32::consts::PI;
    let u: f32 = rng.random_range(0.0..1.0);
    let t = 3.0 * PI * (u - 0.5);
    let y = 2.0 * rng.random_range(0.0..1.0f32);
    let noise = 0.02;
    let p = [
        libm::sinf(t) + noise * normal(rng),
        y + noise * normal(rng),
        t.signum() * (libm::cosf(t) - 1.0) + noise * normal(rng),
    ];
    (p, u)
}

type ClassFn = fn(&mut StdRng, usize) -> [f32; 2];

fn two_classes(
    rng: &mut StdRng,
    f: ClassFn,
    names: [&str; 2],
) -> (Vec<Vec<f32>>, Vec<u8>, Vec<String>) {
    let labels: Vec<u8> = (0..N_ITEMS).map(|i| (i % 2) as u8).collect();
    let pts = labels
        .iter()
        .map(|&c| f(rng, c as usize).to_vec())
        .collect();
    (pts, labels, names.iter().map(|s| s.to_string()).collect())
}

fn moon(rng: &mut StdRng, class: usize) -> [f32; 2] {
    let a = rng.random_range(0.0..std::f32::consts::PI);
    let (x, y) = if class == 0 {
        (libm::cosf(a), libm::sinf(a))
    } else {
        (1.0 - libm::cosf(a), 0.5 - libm::sinf(a))
    };
    [x + 0.1 * normal(rng), y + 0.1 * normal(rng)]
}

fn circle(rng: &mut StdRng, class: usize) -> [f32; 2] {
    let a = rng.random_range(0.0..std::f32::consts::TAU);
    let r = if class == 0 { 1.0 } else { 0.5 };
    [
        r * libm::cosf(a) + 0.05 * normal(rng),
        r * libm::sinf(a) + 0.05 * normal(rng),
    ]
}

fn blobs(rng: &mut StdRng) -> (Vec<Vec<f32>>, Vec<u8>, Vec<String>) {
    let centres: Vec<Vec<f32>> = (0..BLOB_CENTRES)
        .map(|_| {
            (0..BLOB_DIM)
                .map(|_| rng.random_range(-10.0..10.0f32))
                .collect()
        })
        .collect();
    let labels: Vec<u8> = (0..N_ITEMS).map(|i| (i % BLOB_CENTRES) as u8).collect();
    let pts = labels
        .iter()
        .map(|&c| {
            centres[c as usize]
                .iter()
                .map(|&m| m + normal(rng))
                .collect()
        })
        .collect();
    (
        pts,
        labels,
        (0..BLOB_CENTRES)
            .map(|c| format!("blob {}", c + 1))
            .collect(),
    )
}

/// Scale into [0, 1] with one common factor, then split 80/20 (the points are already in
/// random order, so the split needs no second shuffle).
fn into_split(points: Vec<Vec<f32>>, labels: Vec<u8>, class_names: Vec<String>) -> Split {
    let dim = points[0].len();
    let lo: Vec<f32> = (0..dim)
        .map(|j| points.iter().map(|p| p[j]).fold(f32::INFINITY, f32::min))
        .collect();
    let hi: Vec<f32> = (0..dim)
        .map(|j| {
            points
                .iter()
                .map(|p| p[j])
                .fold(f32::NEG_INFINITY, f32::max)
        })
        .collect();
    let span = (0..dim)
        .map(|j| hi[j] - lo[j])
        .fold(f32::MIN_POSITIVE, f32::max);
    let n_train = points.len() * 4 / 5;
    let make = |range: std::ops::Range<usize>| Dataset {
        x: DMatrix::from_fn(range.len(), dim, |i, j| {
            (points[range.start + i][j] - lo[j]) / span
        }),
        labels: labels[range].to_vec(),
        shape: SampleShape::Points { dim },
        class_names: class_names.clone(),
    };
    Split {
        train: make(0..n_train),
        test: make(n_train..points.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_synthetic_set_is_seeded_scaled_and_labelled() {
        for id in DatasetId::ALL.into_iter().filter(|d| !d.is_image()) {
            let a = generate(id, 7).expect("synthetic");
            let b = generate(id, 7).expect("synthetic");
            let c = generate(id, 8).expect("synthetic");
            assert_eq!(a.train.x, b.train.x, "{id:?} same seed, same data");
            assert_ne!(a.train.x, c.train.x, "{id:?} other seed, other data");
            assert_eq!(a.train.len() + a.test.len(), N_ITEMS);
            assert!(
                a.train.x.iter().all(|v| (0.0..=1.0).contains(v)),
                "{id:?} in [0,1]"
            );
            let max = a.train.x.iter().cloned().fold(0.0, f32::max);
            assert!(max > 0.99, "{id:?} uses the full range");
            assert!(
                a.train
                    .labels
                    .iter()
                    .all(|&l| (l as usize) < a.train.n_classes())
            );
        }
        assert!(generate(DatasetId::Mnist, 1).is_none());
    }

    #[test]
    fn every_synthetic_set_has_its_declared_shape() {
        for id in DatasetId::ALL.into_iter().filter(|d| !d.is_image()) {
            let split = generate(id, 1).expect("synthetic");
            assert_eq!(split.train.shape, id.shape(), "{id:?}");
            assert_eq!(split.test.shape, id.shape(), "{id:?}");
        }
    }

    #[test]
    fn swiss_roll_is_three_dimensional_and_blobs_ten() {
        assert_eq!(
            generate(DatasetId::SwissRoll, 1).map(|s| s.train.dim()),
            Some(3)
        );
        assert_eq!(
            generate(DatasetId::Blobs, 1).map(|s| s.train.dim()),
            Some(BLOB_DIM)
        );
        assert_eq!(
            generate(DatasetId::TwoMoons, 1).map(|s| s.train.dim()),
            Some(2)
        );
    }
}
