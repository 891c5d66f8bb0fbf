//! Chart drawing, generic over plotters' `DrawingBackend`: the page draws to a canvas, native
//! tests draw the same charts to SVG and check what came out.

pub mod histogram;
pub mod loss;
pub mod palette;
pub mod scatter;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind};

/// The drawing area every chart function draws into.
pub type Area<DB> = DrawingArea<DB, Shift>;

/// A failed draw, with the backend's error flattened to text (the page logs it; a chart
/// failing to draw must never take the page down).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "chart could not be drawn: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

/// The smallest range that holds `values` with a margin, never empty (a constant series still
/// gets a visible range) and never built from NaN.
pub fn padded_range(values: impl Iterator<Item = f32>) -> std::ops::Range<f32> {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return -1.0..1.0;
    }
    let pad = ((hi - lo) * 0.05).max(1e-3);
    (lo - pad)..(hi + pad)
}
