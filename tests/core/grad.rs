//! Finite-difference gradient checks: activations, losses, dense layers and whole autoencoders.
//!
//! Analytic gradients come from the f32 backward passes; numerical ones from central
//! differences, with the loss recomputed in f64 so f32 rounding of the mean does not swamp the
//! tiny differences. Comparisons use the relative error of whole gradient vectors, which a
//! transposed or mis-scaled gradient fails by a wide margin (see `checker_detects_wrong_gradient`).

use crate::reference;
use reference::act64;

use autoencoder_lab::models::{AutoencoderConfig, Layer};
use autoencoder_lab::nn::loss::bce_prob;
use autoencoder_lab::nn::{Activation, DenseConfig, DenseGrads, Init, LossKind, Matrix};
use rand::{RngExt, SeedableRng, rngs::StdRng};

fn rel_err(a: &[f64], n: &[f64]) -> f64 {
    let diff: f64 = a
        .iter()
        .zip(n)
        .map(|(x, y)| (x - y).powi(2))
        .sum::<f64>()
        .sqrt();
    let scale = a
        .iter()
        .map(|x| x * x)
        .sum::<f64>()
        .sqrt()
        .max(n.iter().map(|x| x * x).sum::<f64>().sqrt());
    if scale < 1e-12 { diff } else { diff / scale }
}

fn rand_matrix(rng: &mut StdRng, r: usize, c: usize, lo: f32, hi: f32) -> Matrix {
    Matrix::from_fn(r, c, |_, _| rng.random_range(lo..hi))
}

#[test]
fn checker_detects_wrong_gradient() {
    let a = [1.0, -2.0, 0.5, 3.0];
    let transposed_like = [1.0, 0.5, -2.0, 3.0];
    assert!(rel_err(&a, &transposed_like) > 0.3);
    assert!(rel_err(&a, &[2.0, -4.0, 1.0, 6.0]) > 0.3);
    assert!(rel_err(&a, &a) < 1e-12);
}

#[test]
fn activation_gradients() {
    let mut rng = StdRng::seed_from_u64(1);
    for act in Activation::ALL {
        // Stay away from the ReLU kink, where the derivative is undefined.
        let z: Vec<f32> = (0..200)
            .map(|_| {
                let v: f32 = rng.random_range(-4.0..4.0);
                if v.abs() < 0.05 { v + 0.1 } else { v }
            })
            .collect();
        let mut y = vec![0.0; z.len()];
        act.forward(&z, &mut y);
        let mut d = vec![1.0f32; z.len()];
        act.backward(&y, &mut d);
        let h = 1e-3f32;
        let num: Vec<f64> = z
            .iter()
            .map(|&v| ((act.apply(v + h) as f64) - (act.apply(v - h) as f64)) / (2.0 * h as f64))
            .collect();
        let ana: Vec<f64> = d.iter().map(|&v| v as f64).collect();
        let e = rel_err(&ana, &num);
        assert!(e < 1e-3, "{act:?}: relative error {e}");
        for (&zz, &yy) in z.iter().zip(&y) {
            assert_eq!(act.apply(zz).to_bits(), yy.to_bits());
        }
    }
}

/// f64 loss of pre-activations `z` against `x`, matching the crate's definitions.
fn loss64(kind: LossKind, act: Activation, z: &[f32], x: &[f32]) -> f64 {
    let n = x.len() as f64;
    let s: f64 = z
        .iter()
        .zip(x)
        .map(|(&z, &x)| {
            let (z, x) = (z as f64, x as f64);
            let y = act64(act, z);
            match kind {
                LossKind::Mse => (y - x).powi(2),
                LossKind::Bce => {
                    let p = y.clamp(1e-7, 1.0 - 1e-7);
                    -(x * p.ln() + (1.0 - x) * (1.0 - p).ln())
                }
            }
        })
        .sum();
    s / n
}

#[test]
fn loss_gradients_mse_and_bce() {
    let mut rng = StdRng::seed_from_u64(2);
    let cases = [
        (LossKind::Mse, Activation::Identity),
        (LossKind::Mse, Activation::Sigmoid),
        (LossKind::Mse, Activation::Tanh),
        (LossKind::Bce, Activation::Sigmoid),
        // BCE on probabilities that did not come from a sigmoid (clamped path).
        (LossKind::Bce, Activation::Identity),
    ];
    for (kind, act) in cases {
        let n = 24;
        let z: Vec<f32> = (0..n)
            .map(|_| {
                if act == Activation::Identity && kind == LossKind::Bce {
                    rng.random_range(0.1..0.9)
                } else {
                    rng.random_range(-3.0..3.0)
                }
            })
            .collect();
        let x: Vec<f32> = (0..n).map(|_| rng.random_range(0.0..1.0)).collect();
        let mut y = vec![0.0; n];
        act.forward(&z, &mut y);
        let mut dz = vec![0.0; n];
        let l = kind.forward_backward(act, &z, &y, &x, &mut dz);
        assert!(
            (l as f64 - loss64(kind, act, &z, &x)).abs() < 1e-5 * (1.0 + l.abs() as f64),
            "{kind:?}/{act:?} value"
        );
        let h = 1e-4f32;
        let num: Vec<f64> = (0..n)
            .map(|i| {
                let (mut zp, mut zm) = (z.clone(), z.clone());
                zp[i] += h;
                zm[i] -= h;
                (loss64(kind, act, &zp, &x) - loss64(kind, act, &zm, &x)) / ((zp[i] - zm[i]) as f64)
            })
            .collect();
        let ana: Vec<f64> = dz.iter().map(|&v| v as f64).collect();
        let e = rel_err(&ana, &num);
        assert!(e < 1e-3, "{kind:?}/{act:?}: relative error {e}");
    }
    // BCE from logits stays finite where the probability form would take log(0).
    let z = [80.0f32, -80.0];
    let x = [0.0f32, 1.0];
    let mut y = [0.0; 2];
    Activation::Sigmoid.forward(&z, &mut y);
    let l = LossKind::Bce.mean(Activation::Sigmoid, &z, &y, &x);
    assert!((l - 80.0).abs() < 1e-3, "stable BCE: {l}");
    assert!(bce_prob(0.0, 1.0).is_finite());
}

#[test]
fn dense_gradients_weights_bias_input() {
    let mut rng = StdRng::seed_from_u64(3);
    let (m, k, n) = (5, 7, 3);
    let layer = DenseConfig {
        input: k,
        output: n,
        init: Init::Xavier,
    }
    .init(&mut rng);
    let x = rand_matrix(&mut rng, m, k, -1.0, 1.0);
    let g = rand_matrix(&mut rng, m, n, -1.0, 1.0);
    // L = Σ G ⊙ Z, so ∂L/∂Z = G; L is evaluated in f64 from the f32 parameters.
    let loss = |w: &Matrix, b: &[f32], x: &Matrix| -> f64 {
        let mut s = 0.0;
        for r in 0..m {
            for (c, &bc) in b.iter().enumerate().take(n) {
                let mut z = bc as f64;
                for p in 0..k {
                    z += x.get(r, p) as f64 * w.get(p, c) as f64;
                }
                s += g.get(r, c) as f64 * z;
            }
        }
        s
    };
    let mut grads = DenseGrads::zeros(k, n);
    let mut dx = Matrix::default();
    layer.backward(&x, &g, &mut grads, false, Some(&mut dx));
    let h = 1e-3f32;
    let numeric = |f: &mut dyn FnMut(f32) -> f64| (f(h) - f(-h)) / (2.0 * h as f64);
    let mut num_w = vec![];
    for i in 0..k * n {
        num_w.push(numeric(&mut |d| {
            let mut w = layer.weight.clone();
            w.as_mut_slice()[i] += d;
            loss(&w, &layer.bias, &x)
        }));
    }
    let mut num_b = vec![];
    for i in 0..n {
        num_b.push(numeric(&mut |d| {
            let mut b = layer.bias.clone();
            b[i] += d;
            loss(&layer.weight, &b, &x)
        }));
    }
    let mut num_x = vec![];
    for i in 0..m * k {
        num_x.push(numeric(&mut |d| {
            let mut xx = x.clone();
            xx.as_mut_slice()[i] += d;
            loss(&layer.weight, &layer.bias, &xx)
        }));
    }
    let f = |s: &[f32]| s.iter().map(|&v| v as f64).collect::<Vec<_>>();
    assert!(rel_err(&f(grads.weight.as_slice()), &num_w) < 1e-4, "dW");
    assert!(rel_err(&f(&grads.bias), &num_b) < 1e-4, "db");
    assert!(rel_err(&f(dx.as_slice()), &num_x) < 1e-4, "dX");
    // A transposed weight gradient (same size here would be k×n vs n×k) must not pass.
    let wt: Vec<f64> = (0..k * n).map(|i| num_w[(i % k) * n + i / k]).collect();
    assert!(rel_err(&f(grads.weight.as_slice()), &wt) > 0.1);
}

/// The autoencoder re-implemented in f64 from a flat copy of its parameters (visit order), so
/// central differences with a tiny step are exact to ~1e-9 and independent of the f32 code.
struct Reference {
    cfg: AutoencoderConfig,
    widths: Vec<usize>,
    /// Per layer: (weight tensor, transposed?, bias tensor).
    map: Vec<(usize, bool, usize)>,
}

impl Reference {
    fn new(model: &autoencoder_lab::models::Autoencoder) -> (Reference, Vec<Vec<f64>>) {
        let mut params = vec![];
        model.visit_params(|p| params.push(p.iter().map(|&v| v as f64).collect::<Vec<f64>>()));
        let mut map = vec![];
        let mut t = 0;
        for layer in model.layers() {
            match layer {
                Layer::Own(_) => {
                    map.push((t, false, t + 1));
                    t += 2;
                }
                Layer::Tied { partner, .. } => {
                    let (w, _, _) = map[*partner];
                    map.push((w, true, t));
                    t += 1;
                }
            }
        }
        let cfg = model.config().clone();
        (
            Reference {
                widths: cfg.widths(),
                cfg,
                map,
            },
            params,
        )
    }

    fn loss(&self, params: &[Vec<f64>], x: &Matrix) -> f64 {
        let m = x.rows();
        let mut a: Vec<f64> = x.as_slice().iter().map(|&v| v as f64).collect();
        let n_layers = self.map.len();
        let mut z = vec![];
        for (l, &(wt, tr, bt)) in self.map.iter().enumerate() {
            let (din, dout) = (self.widths[l], self.widths[l + 1]);
            let w = &params[wt];
            z = vec![0.0; m * dout];
            for r in 0..m {
                for c in 0..dout {
                    let mut s = params[bt][c];
                    for p in 0..din {
                        let wv = if tr { w[c * din + p] } else { w[p * dout + c] };
                        s += a[r * din + p] * wv;
                    }
                    z[r * dout + c] = s;
                }
            }
            let act = self.cfg.activation_of(l);
            a = z.iter().map(|&v| act64(act, v)).collect();
            let _ = n_layers;
        }
        let x64: Vec<f64> = x.as_slice().iter().map(|&v| v as f64).collect();
        let n = x64.len() as f64;
        let out = self.cfg.output_activation;
        let s: f64 = z
            .iter()
            .zip(&a)
            .zip(&x64)
            .map(|((&z, &y), &x)| match self.cfg.loss {
                LossKind::Mse => (y - x).powi(2),
                LossKind::Bce if out == Activation::Sigmoid => {
                    z.max(0.0) - z * x + (-z.abs()).exp().ln_1p()
                }
                LossKind::Bce => {
                    let p = y.clamp(1e-7, 1.0 - 1e-7);
                    -(x * p.ln() + (1.0 - x) * (1.0 - p).ln())
                }
            })
            .sum();
        s / n
    }
}

fn check_model(cfg: AutoencoderConfig, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let model = cfg.init(&mut rng);
    let x = rand_matrix(&mut rng, 6, cfg.input_dim, 0.0, 1.0);
    let mut trace = model.trace();
    let mut grads = model.gradients();
    model.forward(&x, &mut trace);
    let terms = model.backward(&x, &trace, &mut grads);
    let (reference, params) = Reference::new(&model);
    let l64 = reference.loss(&params, &x);
    let l32 = terms.total();
    assert!(
        (l32 - l64).abs() < 1e-5 * (1.0 + l64.abs()),
        "{cfg:?}: loss {l32} vs f64 {l64}"
    );
    // Analytic gradients in visit_params order.
    let mut ana: Vec<Vec<f64>> = vec![];
    for (l, layer) in model.layers().iter().enumerate() {
        if let Layer::Own(_) = layer {
            ana.push(
                grads.layers[l]
                    .weight
                    .as_slice()
                    .iter()
                    .map(|&v| v as f64)
                    .collect(),
            );
        }
        ana.push(grads.layers[l].bias.iter().map(|&v| v as f64).collect());
    }
    let h = 1e-6;
    for t in 0..params.len() {
        let mut num = vec![];
        for i in 0..params[t].len() {
            let mut p = params.clone();
            p[t][i] += h;
            let up = reference.loss(&p, &x);
            p[t][i] -= 2.0 * h;
            let down = reference.loss(&p, &x);
            num.push((up - down) / (2.0 * h));
        }
        let e = rel_err(&ana[t], &num);
        assert!(
            e < 1e-3,
            "{cfg:?}: tensor {t} relative error {e}\nana {:?}\nnum {:?}",
            &ana[t],
            num
        );
    }
}

fn cfg(
    act: Activation,
    code: Activation,
    out: Activation,
    loss: LossKind,
    tied: bool,
) -> AutoencoderConfig {
    AutoencoderConfig {
        input_dim: 6,
        hidden: vec![5, 4],
        code_dim: 3,
        activation: act,
        code_activation: code,
        output_activation: out,
        loss,
        tied_weights: tied,
        vae: None,
        decoder_hidden: None,
    }
}

#[test]
fn autoencoder_gradients_each_activation() {
    for (i, act) in Activation::ALL.into_iter().enumerate() {
        check_model(
            cfg(
                act,
                Activation::Identity,
                Activation::Sigmoid,
                LossKind::Mse,
                false,
            ),
            10 + i as u64,
        );
        check_model(
            cfg(act, act, Activation::Sigmoid, LossKind::Bce, false),
            20 + i as u64,
        );
    }
}

#[test]
fn autoencoder_gradients_tied_weights() {
    check_model(
        cfg(
            Activation::Tanh,
            Activation::Identity,
            Activation::Sigmoid,
            LossKind::Mse,
            true,
        ),
        30,
    );
    check_model(
        cfg(
            Activation::LeakyRelu,
            Activation::Tanh,
            Activation::Sigmoid,
            LossKind::Bce,
            true,
        ),
        31,
    );
    check_model(
        cfg(
            Activation::Sigmoid,
            Activation::Sigmoid,
            Activation::Identity,
            LossKind::Mse,
            true,
        ),
        32,
    );
    let mut no_hidden = cfg(
        Activation::Identity,
        Activation::Identity,
        Activation::Identity,
        LossKind::Mse,
        true,
    );
    no_hidden.hidden.clear();
    check_model(no_hidden, 33);
}

#[test]
fn autoencoder_gradients_linear_and_identity_output() {
    check_model(
        cfg(
            Activation::Identity,
            Activation::Identity,
            Activation::Identity,
            LossKind::Mse,
            false,
        ),
        40,
    );
    check_model(
        cfg(
            Activation::Tanh,
            Activation::Identity,
            Activation::Tanh,
            LossKind::Mse,
            false,
        ),
        41,
    );
}
