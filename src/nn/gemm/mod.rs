//! f32 matrix products with a fixed summation order, so every platform gives the same bits.
//!
//! Every output element is `c = (((c0 + a0*b0) + a1*b1) + ...)`, summing over `k` in increasing
//! order with a separate multiply and add (never a fused multiply-add), where `c0` is 0, or the
//! previous value of `c` when accumulating. Blocking, packing and SIMD width only change which
//! elements are computed together, never this sequence, so the portable kernel, the x86 AVX
//! kernel and the wasm `simd128` kernel agree bit for bit with a naive triple loop.
//!
//! Layout: Goto-style. `B` is packed into `KC × NR` panels, `A` into `MR × KC` panels, and a
//! small register-tiled micro-kernel computes one `MR × NR` tile of `C` per call.

use std::cell::RefCell;

mod kernels;

use kernels::{kernel_portable, select_kernel};

/// Rows of the micro-kernel tile.
pub const MR: usize = 4;
/// Columns of the micro-kernel tile.
pub const NR: usize = 8;
const KC: usize = 256;
const MC: usize = 128;
const NC: usize = 1024;

pub(crate) type Tile = [[f32; NR]; MR];
pub(crate) type Kernel = fn(usize, &[f32], &[f32], &mut Tile);

thread_local! {
    // Packing buffers grow to the largest block once and are then reused: no allocation per call.
    static PACK: RefCell<(Vec<f32>, Vec<f32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// `C = op(A)·op(B)`, or `C += op(A)·op(B)` when `accumulate` is set.
///
/// All matrices are row-major slices. `ta`/`tb` say whether the stored matrix is the transpose
/// of the operand, which is how the three products of a dense layer are expressed without
/// copying: `Z = A·W`, `dW = Aᵀ·dZ` (`ta`), `dA = dZ·Wᵀ` (`tb`).
///
/// # Shapes
/// - `op(A)`: `m × k`; `a` stores `m × k` (`ta = false`) or `k × m` (`ta = true`)
/// - `op(B)`: `k × n`; `b` stores `k × n` (`tb = false`) or `n × k` (`tb = true`)
/// - `c`: `m × n`
#[allow(clippy::too_many_arguments)]
pub fn gemm(
    m: usize,
    n: usize,
    k: usize,
    a: &[f32],
    ta: bool,
    b: &[f32],
    tb: bool,
    c: &mut [f32],
    accumulate: bool,
) {
    assert!(
        a.len() >= m * k && b.len() >= k * n && c.len() >= m * n,
        "gemm: slice too short"
    );
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        if !accumulate {
            c[..m * n].fill(0.0);
        }
        return;
    }
    let kernel = select_kernel();
    PACK.with(|cell| {
        let (pa, pb) = &mut *cell.borrow_mut();
        for jc in (0..n).step_by(NC) {
            let nc = NC.min(n - jc);
            for pc in (0..k).step_by(KC) {
                let kc = KC.min(k - pc);
                let load_c = accumulate || pc > 0;
                pack_b(pb, b, tb, k, n, pc, kc, jc, nc);
                for ic in (0..m).step_by(MC) {
                    let mc = MC.min(m - ic);
                    pack_a(pa, a, ta, m, k, ic, mc, pc, kc);
                    let blk = Block {
                        ic,
                        mc,
                        jc,
                        nc,
                        kc,
                        load_c,
                    };
                    macro_kernel(kernel, pa, pb, c, n, &blk);
                }
            }
        }
    });
}

/// `C = A·B` for row-major `A` (`m × k`) and `B` (`k × n`); convenience wrapper.
pub fn matmul(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    gemm(m, n, k, a, false, b, false, c, false);
}

struct Block {
    ic: usize,
    mc: usize,
    jc: usize,
    nc: usize,
    kc: usize,
    load_c: bool,
}

#[inline(never)]
fn macro_kernel(kernel: Kernel, pa: &[f32], pb: &[f32], c: &mut [f32], ldc: usize, blk: &Block) {
    let kc = blk.kc;
    for jr in (0..blk.nc).step_by(NR) {
        let nr = NR.min(blk.nc - jr);
        let bp = &pb[jr * kc..(jr + NR) * kc];
        for ir in (0..blk.mc).step_by(MR) {
            let mr = MR.min(blk.mc - ir);
            let ap = &pa[ir * kc..(ir + MR) * kc];
            let mut tile: Tile = [[0.0; NR]; MR];
            let c0 = (blk.ic + ir) * ldc + blk.jc + jr;
            if blk.load_c {
                for (i, row) in tile.iter_mut().enumerate().take(mr) {
                    row[..nr].copy_from_slice(&c[c0 + i * ldc..c0 + i * ldc + nr]);
                }
            }
            kernel(kc, ap, bp, &mut tile);
            for (i, row) in tile.iter().enumerate().take(mr) {
                c[c0 + i * ldc..c0 + i * ldc + nr].copy_from_slice(&row[..nr]);
            }
        }
    }
}

/// Packs rows `ic..ic+mc`, columns `pc..pc+kc` of `op(A)` into zero-padded `MR`-row panels,
/// interleaved so the kernel reads `MR` consecutive values per `k`.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn pack_a(
    pa: &mut Vec<f32>,
    a: &[f32],
    ta: bool,
    m: usize,
    k: usize,
    ic: usize,
    mc: usize,
    pc: usize,
    kc: usize,
) {
    let panels = mc.div_ceil(MR);
    if pa.len() < panels * MR * kc {
        pa.resize(panels * MR * kc, 0.0);
    }
    for q in 0..panels {
        let dst = &mut pa[q * MR * kc..(q + 1) * MR * kc];
        let r0 = ic + q * MR;
        let rows = MR.min(ic + mc - r0);
        if ta {
            for (p, d) in dst.chunks_exact_mut(MR).enumerate() {
                let src = &a[(pc + p) * m + r0..];
                for i in 0..MR {
                    d[i] = if i < rows { src[i] } else { 0.0 };
                }
            }
        } else {
            for i in 0..MR {
                if i < rows {
                    let src = &a[(r0 + i) * k + pc..(r0 + i) * k + pc + kc];
                    for (p, &v) in src.iter().enumerate() {
                        dst[p * MR + i] = v;
                    }
                } else {
                    for p in 0..kc {
                        dst[p * MR + i] = 0.0;
                    }
                }
            }
        }
    }
}

/// Packs rows `pc..pc+kc`, columns `jc..jc+nc` of `op(B)` into zero-padded `NR`-column panels.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn pack_b(
    pb: &mut Vec<f32>,
    b: &[f32],
    tb: bool,
    k: usize,
    n: usize,
    pc: usize,
    kc: usize,
    jc: usize,
    nc: usize,
) {
    let panels = nc.div_ceil(NR);
    if pb.len() < panels * NR * kc {
        pb.resize(panels * NR * kc, 0.0);
    }
    for q in 0..panels {
        let dst = &mut pb[q * NR * kc..(q + 1) * NR * kc];
        let c0 = jc + q * NR;
        let cols = NR.min(jc + nc - c0);
        if tb {
            for j in 0..NR {
                if j < cols {
                    let src = &b[(c0 + j) * k + pc..(c0 + j) * k + pc + kc];
                    for (p, &v) in src.iter().enumerate() {
                        dst[p * NR + j] = v;
                    }
                } else {
                    for p in 0..kc {
                        dst[p * NR + j] = 0.0;
                    }
                }
            }
        } else {
            for (p, d) in dst.chunks_exact_mut(NR).enumerate() {
                let src = &b[(pc + p) * n + c0..(pc + p) * n + c0 + cols];
                d[..cols].copy_from_slice(src);
                d[cols..].fill(0.0);
            }
        }
    }
}

/// Naive reference with the same per-element order; used by tests and as documentation of the
/// exact arithmetic every kernel must reproduce.
#[allow(clippy::too_many_arguments)]
pub fn gemm_reference(
    m: usize,
    n: usize,
    k: usize,
    a: &[f32],
    ta: bool,
    b: &[f32],
    tb: bool,
    c: &mut [f32],
    accumulate: bool,
) {
    for i in 0..m {
        for j in 0..n {
            let mut s = if accumulate { c[i * n + j] } else { 0.0 };
            for p in 0..k {
                let x = if ta { a[p * m + i] } else { a[i * k + p] };
                let y = if tb { b[j * k + p] } else { b[p * n + j] };
                s += x * y;
            }
            c[i * n + j] = s;
        }
    }
}

/// Portable kernel exposed for tests, so CI on x86 also checks the code path other targets use.
#[doc(hidden)]
pub fn portable_kernel_for_test(kc: usize, a: &[f32], b: &[f32], acc: &mut [[f32; NR]; MR]) {
    kernel_portable(kc, a, b, acc)
}
