//! Corruption processes for denoising autoencoders: the network sees `T(x)` and is trained to
//! give back the clean `x`.

use rand::{RngExt, rngs::StdRng};
use serde::{Deserialize, Serialize};

use super::problem::{Field, Problem, require};
use crate::nn::math;

/// Which corruption `T`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoiseKind {
    /// Each value is set to 0 with probability ν.
    Masking,
    /// Each value is set, with probability ν, to the data range's minimum or maximum (even odds).
    SaltPepper,
    /// Each value gets `σ·N(0, 1)` added, then is clipped to the data range.
    Gaussian,
}

impl NoiseKind {
    pub const ALL: [NoiseKind; 3] = [
        NoiseKind::Masking,
        NoiseKind::SaltPepper,
        NoiseKind::Gaussian,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NoiseKind::Masking => "masking (set to 0)",
            NoiseKind::SaltPepper => "salt and pepper",
            NoiseKind::Gaussian => "Gaussian",
        }
    }
}

/// A corruption process and its strength: ν (a fraction) or σ (for Gaussian).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Noise {
    pub kind: NoiseKind,
    pub level: f32,
    /// Corrupt test inputs too (a switch in the lab), to see denoising at work.
    #[serde(default)]
    pub at_test: bool,
}

/// Where the data's values lie, read off the training split. Every set the lab ships and a
/// min-max scaled table lie in [0, 1], where corruption clips to the range and salt and
/// pepper means black and white. A standardised table (mean 0, sd 1 per column) has no
/// bounds: Gaussian noise is added unclipped, masking sets a value to 0 (the column's mean),
/// and what needs the range (salt and pepper, BCE, a sigmoid output, a Bernoulli VAE) is
/// refused with a sentence (`train::validate::validate_range`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataRange {
    #[default]
    Unit,
    Unbounded,
}

impl DataRange {
    /// `Unit` when every value is in [0, 1].
    pub fn of(values: &[f32]) -> DataRange {
        if values.iter().all(|v| (0.0..=1.0).contains(v)) {
            DataRange::Unit
        } else {
            DataRange::Unbounded
        }
    }

    /// What the lab calls such data in its sentences.
    pub fn label(self) -> &'static str {
        match self {
            DataRange::Unit => "data in [0, 1]",
            DataRange::Unbounded => "standardised data (values outside 0 to 1)",
        }
    }
}

/// The range of `Unit` data.
const RANGE: (f32, f32) = (0.0, 1.0);

impl Noise {
    /// Problems with the level: a fraction 0 to 1, or σ 0 to 2 for Gaussian noise.
    pub fn problems(&self, out: &mut Vec<Problem>) {
        let max = if self.kind == NoiseKind::Gaussian {
            2.0
        } else {
            1.0
        };
        require(
            out,
            self.level >= 0.0 && self.level <= max,
            Field::NoiseLevel,
            || format!("The noise level must be 0 to {max}."),
        );
    }

    /// Whether this corruption means anything on data of `range` (salt and pepper needs a
    /// black and a white).
    pub fn fits(&self, range: DataRange) -> bool {
        !(range == DataRange::Unbounded && self.kind == NoiseKind::SaltPepper)
    }

    /// Corrupt `x` (values of `range`) in place. On unbounded data Gaussian noise is not
    /// clipped; salt and pepper, which validation refuses there, would only mask.
    pub fn apply(&self, x: &mut [f32], range: DataRange, rng: &mut StdRng) {
        let (lo, hi) = match range {
            DataRange::Unit => RANGE,
            DataRange::Unbounded => (f32::NEG_INFINITY, f32::INFINITY),
        };
        let unbounded = range == DataRange::Unbounded;
        let nu = self.level;
        match self.kind {
            NoiseKind::Masking => x.iter_mut().for_each(|v| {
                if rng.random_range(0.0..1.0f32) < nu {
                    *v = 0.0;
                }
            }),
            NoiseKind::SaltPepper => x.iter_mut().for_each(|v| {
                if rng.random_range(0.0..1.0f32) < nu {
                    let white = rng.random_range(0.0..1.0f32) >= 0.5;
                    *v = match (unbounded, white) {
                        (true, _) => 0.0,
                        (false, true) => hi,
                        (false, false) => lo,
                    };
                }
            }),
            NoiseKind::Gaussian => {
                for pair in x.chunks_mut(2) {
                    let (a, b) = normal_pair(rng);
                    pair[0] = (pair[0] + self.level * a).clamp(lo, hi);
                    if let Some(second) = pair.get_mut(1) {
                        *second = (*second + self.level * b).clamp(lo, hi);
                    }
                }
            }
        }
    }
}

/// Two independent standard normals (Marsaglia's polar method: only `ln` and `sqrt`, which are
/// portable to the bit, unlike `sin`/`cos`).
pub fn normal_pair(rng: &mut StdRng) -> (f32, f32) {
    loop {
        let u = rng.random_range(-1.0..1.0f32);
        let v = rng.random_range(-1.0..1.0f32);
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            let f = (-2.0 * math::ln(s) / s).sqrt();
            return (u * f, v * f);
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    fn corrupt(kind: NoiseKind, level: f32, value: f32) -> Vec<f32> {
        let mut x = vec![value; 20_000];
        Noise {
            kind,
            level,
            at_test: false,
        }
        .apply(&mut x, DataRange::Unit, &mut StdRng::seed_from_u64(5));
        x
    }

    /// Standardised data keeps its values: a small Gaussian noise moves them a little,
    /// never to the ends of [0, 1] (it used to turn −1.5 into 0 and 2.5 into 1).
    #[test]
    fn standardised_values_are_not_clipped_to_0_1() {
        let clean = [-1.5f32, -0.3, 0.4, 1.2, 2.5, -2.0];
        let range = DataRange::of(&clean);
        assert_eq!(range, DataRange::Unbounded);
        let mut x = clean;
        let noise = Noise {
            kind: NoiseKind::Gaussian,
            level: 0.01,
            at_test: false,
        };
        noise.apply(&mut x, range, &mut StdRng::seed_from_u64(1));
        for (a, b) in clean.iter().zip(&x) {
            assert!((a - b).abs() < 0.1, "{clean:?} became {x:?}");
        }
        assert!(
            !Noise {
                kind: NoiseKind::SaltPepper,
                ..noise
            }
            .fits(range)
        );
        assert!(noise.fits(range) && noise.fits(DataRange::Unit));
        assert_eq!(DataRange::of(&[0.0, 0.5, 1.0]), DataRange::Unit);
    }

    #[test]
    fn masking_zeroes_about_the_fraction_asked() {
        let x = corrupt(NoiseKind::Masking, 0.5, 0.7);
        let zeros = x.iter().filter(|v| **v == 0.0).count() as f32 / x.len() as f32;
        assert!((zeros - 0.5).abs() < 0.02, "{zeros}");
        assert!(x.iter().all(|v| *v == 0.0 || *v == 0.7));
    }

    #[test]
    fn salt_and_pepper_uses_both_ends_of_the_range() {
        let x = corrupt(NoiseKind::SaltPepper, 0.3, 0.5);
        let lo = x.iter().filter(|v| **v == 0.0).count() as f32 / x.len() as f32;
        let hi = x.iter().filter(|v| **v == 1.0).count() as f32 / x.len() as f32;
        assert!(
            (lo - 0.15).abs() < 0.02 && (hi - 0.15).abs() < 0.02,
            "{lo} {hi}"
        );
    }

    #[test]
    fn gaussian_noise_has_the_asked_spread_and_stays_in_range() {
        let x = corrupt(NoiseKind::Gaussian, 0.1, 0.5);
        let mean = x.iter().sum::<f32>() / x.len() as f32;
        let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / x.len() as f32;
        assert!(
            (mean - 0.5).abs() < 0.01 && (var.sqrt() - 0.1).abs() < 0.01,
            "{mean} {var}"
        );
        assert!(
            corrupt(NoiseKind::Gaussian, 2.0, 0.5)
                .iter()
                .all(|v| (0.0..=1.0).contains(v))
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_noise() {
        assert_eq!(
            corrupt(NoiseKind::SaltPepper, 0.2, 0.4),
            corrupt(NoiseKind::SaltPepper, 0.2, 0.4)
        );
    }
}
