//! An option that is one number when it is on (k, λ, σ): how it describes itself to the page,
//! the address bar and the formulas, declared once in the option's own file. The page's
//! control, the link's key and the formula beside the control are written once, generically,
//! from this (`ui::dial_control`, `link`, `teach::formulas`); the configuration
//! stores the number (`Regularization::DIALS`).

use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

use crate::models::config::AutoencoderConfig;
use crate::models::problem::{Part, Problem};

/// A number an option reports about the trained code, shown in the comparison table beside
/// the test error (measured on the same test items).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub label: String,
    pub value: f32,
    /// A fraction, shown as a percentage (else an error per value).
    pub percent: bool,
}

/// What an option reads from test `codes` of inputs `x`, with the model's `decode`.
pub type Readout = fn(
    codes: &DMatrix<f32>,
    decode: &dyn Fn(&DMatrix<f32>) -> DMatrix<f32>,
    x: &DMatrix<f32>,
) -> Vec<Reading>;

/// The ids of the page elements a dial's control makes (what tests and links find).
#[derive(Debug)]
pub struct DialIds {
    /// The switch.
    pub on: &'static str,
    /// Why it cannot be switched on.
    pub reason: &'static str,
    /// The number.
    pub knob: &'static str,
    /// The note under the number, when there is one.
    pub note: &'static str,
}

/// One option, as the core and the link see it (what the worker needs too).
#[derive(Debug)]
pub struct Dial {
    /// The option in the rule table.
    pub part: Part,
    /// Its key in a link (`?…&cae=0.001`) and the name its formula carries on the page.
    pub key: &'static str,
    /// A count (k), not a real number.
    pub whole: bool,
    /// May change while a model trains (a strength), rather than shape the model.
    pub live: bool,
    /// Its value when switched on, for a model `m`.
    pub start: fn(m: &AutoencoderConfig) -> f32,
    /// Its limits with value `v` on `m` trained in batches of `batch`: each a problem.
    pub check: fn(v: f32, m: &AutoencoderConfig, batch: usize, out: &mut Vec<Problem>),
    /// What it reports about a trained code, when it reports something.
    pub readout: Option<Readout>,
}

/// One option, as the page shows it: kept apart from [`Dial`] so the worker, which never
/// draws a control, carries none of its text.
#[derive(Debug)]
pub struct DialView {
    pub ids: DialIds,
    /// The switch's label, and the sentence shown when hovering it.
    pub title: &'static str,
    pub tooltip: &'static str,
    /// The number's label, its one-sentence help and its range on the page.
    pub label: &'static str,
    pub help: &'static str,
    pub range: (f32, f32),
    /// A sentence under the number for `m` and `batch`, when it has one.
    pub note: Option<fn(m: &AutoencoderConfig, batch: usize) -> String>,
    /// Its formula (MathML, `crate::mathml`) with value `v`.
    pub formula: fn(v: f32) -> String,
}
