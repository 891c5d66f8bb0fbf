//! Gradient-descent optimisers over flat parameter slices.
//!
//! A model hands each parameter tensor to [`Optimizer::update`] with a stable slot number; the
//! optimizer keeps per-slot state (velocity, Adam moments), allocated on first use only.

use serde::{Deserialize, Serialize};

/// Which update rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OptimizerKind {
    /// Plain stochastic gradient descent: `p -= lr·g`.
    Sgd,
    /// SGD with (heavy-ball) momentum: `v = μ·v + g; p -= lr·v`.
    Momentum,
    /// Adam with bias-corrected moments.
    Adam,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 3] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Adam,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "SGD",
            OptimizerKind::Momentum => "SGD + momentum",
            OptimizerKind::Adam => "Adam",
        }
    }
}

fn default_momentum() -> f32 {
    0.9
}
fn default_beta1() -> f32 {
    0.9
}
fn default_beta2() -> f32 {
    0.999
}
fn default_eps() -> f32 {
    1e-7
}

/// Optimiser hyper-parameters. Fields other than `kind` and `lr` have Keras/TF.js defaults and
/// may be omitted in serialized form.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizerConfig {
    pub kind: OptimizerKind,
    /// Learning rate, `> 0`.
    pub lr: f32,
    /// L2 penalty coefficient `λ` (gradient `+ λ·w`), applied to weights but not biases.
    #[serde(default)]
    pub weight_decay: f32,
    /// Momentum `μ ∈ [0, 1)` (only for `Momentum`).
    #[serde(default = "default_momentum")]
    pub momentum: f32,
    /// Adam first-moment decay, `[0, 1)`.
    #[serde(default = "default_beta1")]
    pub beta1: f32,
    /// Adam second-moment decay, `[0, 1)`.
    #[serde(default = "default_beta2")]
    pub beta2: f32,
    /// Adam denominator offset (1e-7 as in Keras/TF.js).
    #[serde(default = "default_eps")]
    pub eps: f32,
}

impl OptimizerConfig {
    pub fn new(kind: OptimizerKind, lr: f32) -> OptimizerConfig {
        OptimizerConfig {
            kind,
            lr,
            weight_decay: 0.0,
            momentum: default_momentum(),
            beta1: default_beta1(),
            beta2: default_beta2(),
            eps: default_eps(),
        }
    }

    pub fn sgd(lr: f32) -> OptimizerConfig {
        OptimizerConfig::new(OptimizerKind::Sgd, lr)
    }

    pub fn momentum(lr: f32, momentum: f32) -> OptimizerConfig {
        OptimizerConfig {
            momentum,
            ..OptimizerConfig::new(OptimizerKind::Momentum, lr)
        }
    }

    pub fn adam(lr: f32) -> OptimizerConfig {
        OptimizerConfig::new(OptimizerKind::Adam, lr)
    }

    pub fn init(&self) -> Optimizer {
        Optimizer {
            cfg: *self,
            t: 0,
            b1_pow: 1.0,
            b2_pow: 1.0,
            slots: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Slot {
    m: Vec<f32>,
    v: Vec<f32>,
}

/// Whether an update saw only finite numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpdateCheck {
    pub grad_finite: bool,
    pub param_finite: bool,
}

/// What [`Optimizer::state`] saves: the step count, the running powers of β and the moments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizerState {
    t: u64,
    b1_pow: f32,
    b2_pow: f32,
    slots: Vec<Slot>,
}

/// Optimiser state.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimizer {
    cfg: OptimizerConfig,
    t: u64,
    // β^t kept as running products: `powi` may lower differently per platform.
    b1_pow: f32,
    b2_pow: f32,
    slots: Vec<Slot>,
}

impl Optimizer {
    pub fn config(&self) -> &OptimizerConfig {
        &self.cfg
    }

    /// New step size, momentum or weight decay between two steps; the moments are kept.
    /// The kind and Adam's β must not change (the bias correction is a product of past βs).
    pub fn set_config(&mut self, cfg: OptimizerConfig) {
        debug_assert!(cfg.kind == self.cfg.kind && cfg.beta1 == self.cfg.beta1);
        self.cfg = cfg;
    }

    /// Number of completed `begin_step` calls (Adam's `t`).
    pub fn steps(&self) -> u64 {
        self.t
    }

    /// Starts a new update (call once per mini-batch, before the `update` calls).
    pub fn begin_step(&mut self) {
        self.t += 1;
        self.b1_pow *= self.cfg.beta1;
        self.b2_pow *= self.cfg.beta2;
    }

    /// Updates one parameter tensor in place from its gradient. `decay` says whether L2 weight
    /// decay applies (weights yes, biases no).
    ///
    /// # Shapes
    /// - `param`, `grad`: same length, constant per `slot`
    pub fn update(
        &mut self,
        slot: usize,
        param: &mut [f32],
        grad: &[f32],
        decay: bool,
    ) -> UpdateCheck {
        assert_eq!(param.len(), grad.len());
        if self.slots.len() <= slot {
            self.slots.resize_with(slot + 1, Slot::default);
        }
        let c = self.cfg;
        let wd = if decay { c.weight_decay } else { 0.0 };
        let s = &mut self.slots[slot];
        let (mut gbad, mut pbad) = (false, false);
        match c.kind {
            OptimizerKind::Sgd => {
                for (p, &g) in param.iter_mut().zip(grad) {
                    gbad |= !g.is_finite();
                    *p -= c.lr * (g + wd * *p);
                    pbad |= !p.is_finite();
                }
            }
            OptimizerKind::Momentum => {
                s.m.resize(param.len(), 0.0);
                for ((p, &g), v) in param.iter_mut().zip(grad).zip(s.m.iter_mut()) {
                    gbad |= !g.is_finite();
                    *v = c.momentum * *v + (g + wd * *p);
                    *p -= c.lr * *v;
                    pbad |= !p.is_finite();
                }
            }
            OptimizerKind::Adam => {
                s.m.resize(param.len(), 0.0);
                s.v.resize(param.len(), 0.0);
                let c1 = 1.0 / (1.0 - self.b1_pow);
                let c2 = 1.0 / (1.0 - self.b2_pow);
                let (b1, b2) = (c.beta1, c.beta2);
                for (((p, &g), m), v) in param
                    .iter_mut()
                    .zip(grad)
                    .zip(s.m.iter_mut())
                    .zip(s.v.iter_mut())
                {
                    gbad |= !g.is_finite();
                    let g = g + wd * *p;
                    *m = b1 * *m + (1.0 - b1) * g;
                    *v = b2 * *v + (1.0 - b2) * (g * g);
                    *p -= c.lr * (*m * c1) / ((*v * c2).sqrt() + c.eps);
                    pbad |= !p.is_finite();
                }
            }
        }
        UpdateCheck {
            grad_finite: !gbad,
            param_finite: !pbad,
        }
    }

    /// The state a saved model carries, so training resumes with the same moments.
    pub fn state(&self) -> OptimizerState {
        OptimizerState {
            t: self.t,
            b1_pow: self.b1_pow,
            b2_pow: self.b2_pow,
            slots: self.slots.clone(),
        }
    }

    /// Takes over a saved state. `lens[s]` is slot `s`'s parameter count: a slot whose
    /// moments do not match it (a file for another network) is refused, as is a state with
    /// more slots than the network has or powers outside `[0, 1]`.
    pub fn set_state(&mut self, state: OptimizerState, lens: &[usize]) -> Result<(), String> {
        if state.slots.len() > lens.len() {
            return Err(format!(
                "the optimiser has {} parameter slots, the network {}",
                state.slots.len(),
                lens.len()
            ));
        }
        for (i, (s, &n)) in state.slots.iter().zip(lens).enumerate() {
            let want_m = match self.cfg.kind {
                OptimizerKind::Sgd => 0,
                _ => n,
            };
            let want_v = if self.cfg.kind == OptimizerKind::Adam {
                n
            } else {
                0
            };
            let ok = |got: usize, want: usize| got == want || got == 0;
            if !ok(s.m.len(), want_m) || !ok(s.v.len(), want_v) {
                return Err(format!("optimiser slot {i} does not fit the network"));
            }
        }
        let powers_ok = [state.b1_pow, state.b2_pow]
            .iter()
            .all(|p| (0.0..=1.0).contains(p));
        if !powers_ok {
            return Err("the optimiser's step counters are out of range".into());
        }
        self.t = state.t;
        self.b1_pow = state.b1_pow;
        self.b2_pow = state.b2_pow;
        self.slots = state.slots;
        Ok(())
    }

    /// Overwrites `self` with `other`, reusing allocations (used to snapshot/roll back).
    pub fn copy_from(&mut self, other: &Optimizer) {
        self.cfg = other.cfg;
        self.t = other.t;
        self.b1_pow = other.b1_pow;
        self.b2_pow = other.b2_pow;
        self.slots.resize_with(other.slots.len(), Slot::default);
        for (d, s) in self.slots.iter_mut().zip(&other.slots) {
            d.m.clear();
            d.m.extend_from_slice(&s.m);
            d.v.clear();
            d.v.extend_from_slice(&s.v);
        }
    }
}
