//! Micro-kernels: one `MR × NR` tile of `C += A_panel · B_panel` over `kc` steps.
//!
//! Each is a small `#[inline(never)]` function called once per tile, thousands of times per
//! product: that keeps it hot in V8's optimising tier and stops wasm-opt from inlining it into
//! a once-called caller. All compute `acc[i][j] = acc[i][j] + a[p][i] * b[p][j]` for p in order.

use super::{Kernel, MR, NR, Tile};

/// Portable micro-kernel: fixed-size accumulators that LLVM keeps in registers and vectorises.
#[inline(never)]
pub(super) fn kernel_portable(kc: usize, a: &[f32], b: &[f32], acc: &mut Tile) {
    let mut t = *acc;
    for (ap, bp) in a.chunks_exact(MR).zip(b.chunks_exact(NR)).take(kc) {
        for i in 0..MR {
            for j in 0..NR {
                t[i][j] += ap[i] * bp[j];
            }
        }
    }
    *acc = t;
}

#[cfg(target_arch = "x86_64")]
pub(super) fn select_kernel() -> Kernel {
    if std::arch::is_x86_feature_detected!("avx") {
        x86::kernel_avx_entry
    } else {
        kernel_portable
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(super) fn select_kernel() -> Kernel {
    wasm::kernel_simd128
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
pub(super) fn select_kernel() -> Kernel {
    kernel_portable
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::super::{MR, NR, Tile};
    use std::arch::x86_64::*;

    #[inline(never)]
    pub(super) fn kernel_avx_entry(kc: usize, a: &[f32], b: &[f32], acc: &mut Tile) {
        assert!(a.len() >= kc * MR && b.len() >= kc * NR);
        // SAFETY: only selected after `is_x86_feature_detected!("avx")`; bounds checked above.
        unsafe { kernel_avx(kc, a.as_ptr(), b.as_ptr(), acc) }
    }

    /// Same per-element sequence as the portable kernel: `_mm256_mul_ps` then `_mm256_add_ps`.
    #[target_feature(enable = "avx")]
    unsafe fn kernel_avx(kc: usize, a: *const f32, b: *const f32, acc: &mut Tile) {
        unsafe {
            let mut c0 = _mm256_loadu_ps(acc[0].as_ptr());
            let mut c1 = _mm256_loadu_ps(acc[1].as_ptr());
            let mut c2 = _mm256_loadu_ps(acc[2].as_ptr());
            let mut c3 = _mm256_loadu_ps(acc[3].as_ptr());
            for p in 0..kc {
                let bv = _mm256_loadu_ps(b.add(p * NR));
                let ap = a.add(p * MR);
                c0 = _mm256_add_ps(c0, _mm256_mul_ps(_mm256_broadcast_ss(&*ap), bv));
                c1 = _mm256_add_ps(c1, _mm256_mul_ps(_mm256_broadcast_ss(&*ap.add(1)), bv));
                c2 = _mm256_add_ps(c2, _mm256_mul_ps(_mm256_broadcast_ss(&*ap.add(2)), bv));
                c3 = _mm256_add_ps(c3, _mm256_mul_ps(_mm256_broadcast_ss(&*ap.add(3)), bv));
            }
            _mm256_storeu_ps(acc[0].as_mut_ptr(), c0);
            _mm256_storeu_ps(acc[1].as_mut_ptr(), c1);
            _mm256_storeu_ps(acc[2].as_mut_ptr(), c2);
            _mm256_storeu_ps(acc[3].as_mut_ptr(), c3);
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm {
    use super::super::{MR, NR, Tile};
    use core::arch::wasm32::*;

    /// `f32x4_mul` then `f32x4_add` per lane: the same sequence as the portable kernel.
    #[inline(never)]
    pub(super) fn kernel_simd128(kc: usize, a: &[f32], b: &[f32], acc: &mut Tile) {
        assert!(a.len() >= kc * MR && b.len() >= kc * NR);
        // SAFETY: every load/store below stays within `a[..kc*MR]`, `b[..kc*NR]` or `acc`.
        unsafe {
            let c = acc.as_mut_ptr() as *mut f32;
            let mut c00 = v128_load(c as *const v128);
            let mut c01 = v128_load(c.add(4) as *const v128);
            let mut c10 = v128_load(c.add(8) as *const v128);
            let mut c11 = v128_load(c.add(12) as *const v128);
            let mut c20 = v128_load(c.add(16) as *const v128);
            let mut c21 = v128_load(c.add(20) as *const v128);
            let mut c30 = v128_load(c.add(24) as *const v128);
            let mut c31 = v128_load(c.add(28) as *const v128);
            let (a, b) = (a.as_ptr(), b.as_ptr());
            for p in 0..kc {
                let b0 = v128_load(b.add(p * NR) as *const v128);
                let b1 = v128_load(b.add(p * NR + 4) as *const v128);
                let ap = a.add(p * MR);
                let a0 = f32x4_splat(*ap);
                let a1 = f32x4_splat(*ap.add(1));
                let a2 = f32x4_splat(*ap.add(2));
                let a3 = f32x4_splat(*ap.add(3));
                c00 = f32x4_add(c00, f32x4_mul(a0, b0));
                c01 = f32x4_add(c01, f32x4_mul(a0, b1));
                c10 = f32x4_add(c10, f32x4_mul(a1, b0));
                c11 = f32x4_add(c11, f32x4_mul(a1, b1));
                c20 = f32x4_add(c20, f32x4_mul(a2, b0));
                c21 = f32x4_add(c21, f32x4_mul(a2, b1));
                c30 = f32x4_add(c30, f32x4_mul(a3, b0));
                c31 = f32x4_add(c31, f32x4_mul(a3, b1));
            }
            v128_store(c as *mut v128, c00);
            v128_store(c.add(4) as *mut v128, c01);
            v128_store(c.add(8) as *mut v128, c10);
            v128_store(c.add(12) as *mut v128, c11);
            v128_store(c.add(16) as *mut v128, c20);
            v128_store(c.add(20) as *mut v128, c21);
            v128_store(c.add(24) as *mut v128, c30);
            v128_store(c.add(28) as *mut v128, c31);
        }
    }
}
