use rand::{RngExt, SeedableRng, rngs::StdRng};

use super::*;

fn random(m: usize, n: usize, lo: f32, hi: f32, seed: u64) -> Matrix {
    let mut rng = StdRng::seed_from_u64(seed);
    Matrix::from_fn(m, n, |_, _| rng.random_range(lo..hi))
}

/// Relative error between the analytic gradient and central differences of the value.
fn check(p: Penalty, h: &Matrix) -> f64 {
    let mut g = Matrix::zeros(h.rows(), h.cols());
    penalty(p, 0.7, h, Some(&mut g));
    let eps = 1e-3f32;
    let (mut num2, mut diff2) = (0.0f64, 0.0f64);
    for i in 0..h.as_slice().len() {
        let mut plus = h.clone();
        plus.as_mut_slice()[i] += eps;
        let mut minus = h.clone();
        minus.as_mut_slice()[i] -= eps;
        let numeric =
            (penalty(p, 0.7, &plus, None) - penalty(p, 0.7, &minus, None)) / f64::from(2.0 * eps);
        let analytic = f64::from(g.as_slice()[i]);
        num2 += numeric * numeric;
        diff2 += (numeric - analytic).powi(2);
    }
    (diff2 / num2.max(1e-20)).sqrt()
}

#[test]
fn every_penalty_matches_finite_differences() {
    // Activations away from 0 (L1's kink) and inside (0, 1) (the rates' domain).
    let h = random(6, 5, 0.05, 0.95, 1);
    let mut cases = vec![Penalty::L1, Penalty::L2];
    for form in RateForm::ALL {
        for distance in RateDistance::ALL {
            cases.push(Penalty::Rate {
                rho: 0.1,
                form,
                distance,
            });
        }
    }
    for p in cases {
        let e = check(p, &h);
        assert!(e < 2e-3, "{p:?}: relative error {e}");
    }
}

#[test]
fn the_checker_catches_a_wrong_gradient() {
    // L1 on mixed signs: a gradient that ignored the sign would be far off.
    let h = random(4, 4, -1.0, 1.0, 2);
    let mut g = Matrix::zeros(4, 4);
    penalty(Penalty::L1, 1.0, &h, Some(&mut g));
    let wrong: f64 = g.as_slice().iter().map(|v| f64::from(v.abs())).sum();
    let right: f64 = g.as_slice().iter().map(|&v| f64::from(v)).sum();
    assert!(
        (wrong - right).abs() > 0.1,
        "mixed signs give different sums"
    );
}

#[test]
fn rate_penalties_are_zero_at_the_target_and_positive_elsewhere() {
    let at = Matrix::from_fn(3, 4, |_, _| 0.2);
    let off = Matrix::from_fn(3, 4, |_, _| 0.6);
    for form in RateForm::ALL {
        for distance in RateDistance::ALL {
            let p = Penalty::Rate {
                rho: 0.2,
                form,
                distance,
            };
            assert!(penalty(p, 1.0, &at, None).abs() < 1e-6, "{p:?} at target");
            assert!(penalty(p, 1.0, &off, None) > 0.01, "{p:?} off target");
        }
    }
}

#[test]
fn per_input_and_per_unit_forms_differ() {
    // Each input has layer mean 0.5, but unit 0 is always on and unit 1 always off: the
    // per-input form is satisfied by ρ̂ = 0.5, the per-unit form is not.
    let h = Matrix::from_fn(4, 2, |_, j| if j == 0 { 0.999 } else { 0.001 });
    let rate = |form| Penalty::Rate {
        rho: 0.5,
        form,
        distance: RateDistance::Kl,
    };
    assert!(penalty(rate(RateForm::PerInput), 1.0, &h, None) < 1e-4);
    assert!(penalty(rate(RateForm::PerUnit), 1.0, &h, None) > 1.0);
}
