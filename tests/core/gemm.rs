//! GEMM kernels against an f64 reference and the exact-order reference, all transpose variants.

use autoencoder_lab::nn::gemm::{MR, NR, gemm, gemm_reference, portable_kernel_for_test};
use rand::{RngExt, SeedableRng, rngs::StdRng};

fn rand_vec(rng: &mut StdRng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.random_range(-1.0f32..1.0)).collect()
}

fn check(m: usize, n: usize, k: usize, ta: bool, tb: bool, accumulate: bool, rng: &mut StdRng) {
    let a = rand_vec(rng, m * k);
    let b = rand_vec(rng, k * n);
    let c0 = rand_vec(rng, m * n);
    let mut c = c0.clone();
    gemm(m, n, k, &a, ta, &b, tb, &mut c, accumulate);
    // f64 reference: the f32 result must be close.
    for i in 0..m {
        for j in 0..n {
            let mut s = if accumulate {
                c0[i * n + j] as f64
            } else {
                0.0
            };
            let mut mag = s.abs();
            for p in 0..k {
                let x = if ta { a[p * m + i] } else { a[i * k + p] } as f64;
                let y = if tb { b[j * k + p] } else { b[p * n + j] } as f64;
                s += x * y;
                mag += (x * y).abs();
            }
            let got = c[i * n + j] as f64;
            assert!(
                (got - s).abs() <= 1e-6 * mag + 1e-6,
                "{m}x{n}x{k} ta={ta} tb={tb} acc={accumulate}: ({i},{j}) {got} vs {s}"
            );
        }
    }
    // Exact-order reference: identical bits, the cross-platform guarantee.
    let mut r = c0.clone();
    gemm_reference(m, n, k, &a, ta, &b, tb, &mut r, accumulate);
    assert!(
        c.iter().zip(&r).all(|(x, y)| x.to_bits() == y.to_bits()),
        "{m}x{n}x{k} ta={ta} tb={tb}: not bit-identical to the sequential reference"
    );
}

#[test]
fn gemm_matches_references_on_odd_sizes() {
    let mut rng = StdRng::seed_from_u64(1);
    let sizes = [
        (1, 1, 1),
        (5, 7, 3),
        (4, 8, 1),
        (3, 9, 300),
        (17, 2, 64),
        (64, 256, 784),
        (63, 257, 785),
        (130, 1030, 260),
    ];
    for &(m, n, k) in &sizes {
        for ta in [false, true] {
            for tb in [false, true] {
                check(m, n, k, ta, tb, false, &mut rng);
            }
        }
        check(m, n, k, false, false, true, &mut rng);
        check(m, n, k, true, false, true, &mut rng);
    }
}

#[test]
fn gemm_large_784() {
    let mut rng = StdRng::seed_from_u64(2);
    check(64, 784, 256, false, false, false, &mut rng);
    check(784, 256, 64, true, false, false, &mut rng);
    check(64, 784, 256, false, true, false, &mut rng);
}

#[test]
fn gemm_k_zero() {
    let mut c = vec![5.0f32; 6];
    gemm(2, 3, 0, &[], false, &[], false, &mut c, true);
    assert_eq!(c, vec![5.0; 6]);
    gemm(2, 3, 0, &[], false, &[], false, &mut c, false);
    assert_eq!(c, vec![0.0; 6]);
}

#[test]
fn portable_kernel_bit_identical() {
    let mut rng = StdRng::seed_from_u64(3);
    for kc in [1usize, 7, 256] {
        let a = rand_vec(&mut rng, kc * MR);
        let b = rand_vec(&mut rng, kc * NR);
        let mut acc = [[0.25f32; NR]; MR];
        portable_kernel_for_test(kc, &a, &b, &mut acc);
        // Same tile through the public gemm (packing A as `ta`, B as is).
        let mut c = vec![0.25f32; MR * NR];
        gemm(MR, NR, kc, &a, true, &b, false, &mut c, true);
        for i in 0..MR {
            for j in 0..NR {
                assert_eq!(acc[i][j].to_bits(), c[i * NR + j].to_bits());
            }
        }
    }
}
