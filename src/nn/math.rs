//! Portable elementary functions.
//!
//! `f32::exp` and `f32::ln` call the platform's libm natively but a Rust port of musl inside
//! wasm32; the two may differ in the last bit, which would break native-vs-browser
//! reproducibility of training runs. These versions use only `+ - * /`, `floor` and bit casts,
//! which IEEE 754 defines exactly, so every platform produces the same bits. Accuracy is a few
//! ulp (Cephes polynomials), plenty for training.

const LOG2E: f32 = std::f32::consts::LOG2_E;
// ln 2 split in a part exactly representable with few bits plus a correction, so `x - n ln 2`
// is computed without cancellation error (Cody-Waite reduction).
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;

/// `e^x`, portable to the bit.
#[inline]
pub fn exp(x: f32) -> f32 {
    if x.is_nan() {
        return x;
    }
    // Outside this range the result is inf / 0 (or subnormal, which we flush to 0).
    if x > 88.72 {
        return f32::INFINITY;
    }
    if x < -87.33 {
        return 0.0;
    }
    let n = (x * LOG2E + 0.5).floor();
    let r = x - n * LN2_HI - n * LN2_LO;
    let z = r * r;
    let p = (((((1.987_569_1e-4 * r + 1.398_2e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5)
        * z
        + r
        + 1.0;
    // n is in [-126, 128]; build 2^n in two halves so n = 128 does not overflow the exponent.
    let n = n as i32;
    let h = n / 2;
    let s1 = f32::from_bits(((h + 127) as u32) << 23);
    let s2 = f32::from_bits(((n - h + 127) as u32) << 23);
    p * s1 * s2
}

/// Natural logarithm, portable to the bit. `ln(0) = -inf`, negative or NaN input gives NaN.
#[inline]
pub fn ln(x: f32) -> f32 {
    if x.is_nan() || x < 0.0 {
        return f32::NAN;
    }
    if x == 0.0 {
        return f32::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    // Normalise subnormals so the exponent extraction below is valid.
    let (x, bias) = if x < f32::MIN_POSITIVE {
        (x * 16_777_216.0, -24)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let mut e = ((bits >> 23) & 0xff) as i32 - 126 + bias;
    // Mantissa in [0.5, 1).
    let mut m = f32::from_bits((bits & 0x007f_ffff) | 0x3f00_0000);
    if m < std::f32::consts::FRAC_1_SQRT_2 {
        e -= 1;
        m = m + m - 1.0;
    } else {
        m -= 1.0;
    }
    let z = m * m;
    let mut y = ((((((((7.037_683_6e-2 * m - 1.151_461e-1) * m + 1.167_699_9e-1) * m
        - 1.242_014_1e-1)
        * m
        + 1.424_932_3e-1)
        * m
        - 1.666_805_8e-1)
        * m
        + 2.000_071_4e-1)
        * m
        - 2.499_999_4e-1)
        * m
        + 3.333_333e-1)
        * m
        * z;
    let ef = e as f32;
    y += LN2_LO * ef;
    y -= 0.5 * z;
    (m + y) + LN2_HI * ef
}

/// `ln(1 + x)` for `x > -1`, accurate for tiny `x` as well.
#[inline]
pub fn ln_1p(x: f32) -> f32 {
    let u = 1.0 + x;
    if u == 1.0 {
        x
    } else {
        // Goldberg's trick: the rounding error of `1 + x` cancels in the ratio.
        ln(u) * (x / (u - 1.0))
    }
}

/// Logistic sigmoid `1 / (1 + e^-z)`, never overflowing.
#[inline]
pub fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + exp(-z))
    } else {
        let e = exp(z);
        e / (1.0 + e)
    }
}

/// Hyperbolic tangent, portable to the bit.
#[inline]
pub fn tanh(x: f32) -> f32 {
    let a = x.abs();
    if a < 0.2 {
        // Taylor series: the exp form below loses relative precision near 0.
        let z = x * x;
        return x + x * z * (-1.0 / 3.0 + z * (2.0 / 15.0 + z * (-17.0 / 315.0)));
    }
    let e = exp(-2.0 * a);
    let t = (1.0 - e) / (1.0 + e);
    if x < 0.0 { -t } else { t }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f32, b: f64) -> f64 {
        ((a as f64 - b) / b.abs().max(1e-30)).abs()
    }

    #[test]
    fn exp_ln_accuracy() {
        let mut x = -87.0f32;
        while x < 88.0 {
            assert!(rel(exp(x), (x as f64).exp()) < 5e-7, "exp({x})");
            x += 0.0137;
        }
        let mut x = 1e-30f32;
        while x < 1e30 {
            assert!(
                (ln(x) as f64 - (x as f64).ln()).abs() < 5e-7 * (x as f64).ln().abs().max(1.0),
                "ln({x})"
            );
            x *= 1.37;
        }
        assert!(rel(ln(1e-40), 1e-40f64.ln()) < 1e-6);
        assert_eq!(exp(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp(100.0), f32::INFINITY);
        assert!(rel(exp(88.7), (88.7f32 as f64).exp()) < 1e-6);
    }

    #[test]
    fn tanh_sigmoid_log1p_accuracy() {
        let mut x = -20.0f32;
        while x < 20.0 {
            let t = (x as f64).tanh();
            assert!(
                (tanh(x) as f64 - t).abs() < 3e-7 * t.abs().max(1e-3) + 1e-9,
                "tanh({x})"
            );
            let s = 1.0 / (1.0 + (-(x as f64)).exp());
            assert!(rel(sigmoid(x), s) < 1e-6, "sigmoid({x})");
            x += 0.0173;
        }
        for &x in &[1e-10f32, 1e-6, 1e-3, 0.3, 1.0, 100.0] {
            assert!(rel(ln_1p(x), (x as f64).ln_1p()) < 1e-6, "ln_1p({x})");
        }
        assert_eq!(sigmoid(-200.0), 0.0);
        assert_eq!(sigmoid(200.0), 1.0);
    }
}
