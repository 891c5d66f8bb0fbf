//! Standard normal draws for the reparameterisation, and the normal quantile function for
//! the latent-space grid (Kingma & Welling's manifold figure).

use rand::{RngExt, rngs::StdRng};

use crate::nn::math;

/// Fills `out` with independent N(0, 1) draws by Marsaglia's polar method.
///
/// Only `+ − × ÷`, `sqrt` (exact in IEEE 754) and the portable `math::ln` are used, so a seed
/// gives the same draws natively and in wasm. Values come in pairs; an odd length drops the
/// last pair's second value, so each call consumes the stream independently of the next.
pub fn fill_standard_normal(rng: &mut StdRng, out: &mut [f32]) {
    for pair in out.chunks_mut(2) {
        let (a, b) = polar_pair(rng);
        pair[0] = a;
        if let Some(second) = pair.get_mut(1) {
            *second = b;
        }
    }
}

/// Two independent normals from one point drawn uniformly in the unit disc (rejection
/// accepts π/4 of the draws).
fn polar_pair(rng: &mut StdRng) -> (f32, f32) {
    loop {
        let u: f32 = rng.random_range(-1.0..1.0);
        let v: f32 = rng.random_range(-1.0..1.0);
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            let f = (-2.0 * math::ln(s) / s).sqrt();
            return (u * f, v * f);
        }
    }
}

/// `Φ⁻¹(p)`, the standard normal quantile, by Wichura's algorithm AS 241 (PPND16, relative
/// error about 1e-16). `p <= 0` gives `−∞`, `p >= 1` gives `+∞`, NaN gives NaN.
///
/// Uses `libm`'s `log`/`sqrt` rather than std's so the grid is identical in wasm.
pub fn inverse_normal_cdf(p: f64) -> f64 {
    if p.is_nan() {
        return f64::NAN;
    }
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let mut r = libm::sqrt(-libm::log(tail));
    let x = if r <= 5.0 {
        r -= 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        r -= 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -x } else { x }
}

/// `n` quantiles `Φ⁻¹((i + ½) / n)`: grid positions that are equally likely under N(0, 1).
pub fn normal_grid(n: usize) -> Vec<f32> {
    (0..n)
        .map(|i| inverse_normal_cdf((i as f64 + 0.5) / n as f64) as f32)
        .collect()
}

/// `c[0] + c[1]·r + … + c[7]·r⁷` by Horner's rule.
fn poly(c: &[f64; 8], r: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &k| acc * r + k)
}

// AS 241 coefficients, lowest order first (the denominators' leading 1 included), with
// the published digits kept so they can be checked against the paper.
#[allow(clippy::excessive_precision)]
const A: [f64; 8] = [
    3.387132872796366608,
    1.3314166789178437745e2,
    1.9715909503065514427e3,
    1.3731693765509461125e4,
    4.5921953931549871457e4,
    6.7265770927008700853e4,
    3.3430575583588128105e4,
    2.5090809287301226727e3,
];
#[allow(clippy::excessive_precision)]
const B: [f64; 8] = [
    1.0,
    4.2313330701600911252e1,
    6.871870074920579083e2,
    5.3941960214247511077e3,
    2.1213794301586595867e4,
    3.930789580009271061e4,
    2.8729085735721942674e4,
    5.226495278852854561e3,
];
#[allow(clippy::excessive_precision)]
const C: [f64; 8] = [
    1.42343711074968357734,
    4.6303378461565452959,
    5.7694972214606914055,
    3.64784832476320460504,
    1.27045825245236838258,
    2.4178072517745061177e-1,
    2.27238449892691845833e-2,
    7.7454501427834140764e-4,
];
#[allow(clippy::excessive_precision)]
const D: [f64; 8] = [
    1.0,
    2.05319162663775882187,
    1.6763848301838038494,
    6.8976733498510000455e-1,
    1.4810397642748007459e-1,
    1.51986665636164571966e-2,
    5.475938084995344946e-4,
    1.05075007164441684324e-9,
];
#[allow(clippy::excessive_precision)]
const E: [f64; 8] = [
    6.6579046435011037772,
    5.4637849111641143699,
    1.7848265399172913358,
    2.9656057182850489123e-1,
    2.6532189526576123093e-2,
    1.2426609473880784386e-3,
    2.71155556874348757815e-5,
    2.01033439929228813265e-7,
];
#[allow(clippy::excessive_precision)]
const F: [f64; 8] = [
    1.0,
    5.9983220655588793769e-1,
    1.3692988092273580531e-1,
    1.48753612908506148525e-2,
    7.868691311456132591e-4,
    1.8463183175100546818e-5,
    1.4215117583164458887e-7,
    2.04426310338993978564e-15,
];
