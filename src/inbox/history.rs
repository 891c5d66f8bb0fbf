//! Loss history for the curves, kept bounded: when full, every other point is dropped, so a
//! long run keeps its whole shape at a coarser resolution.

use crate::models::LossTerm;
use crate::protocol::{Progress, TestMetrics};

const MAX_POINTS: usize = 2000;

/// One recorded point: samples seen, then each term and the total.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub terms: Vec<(LossTerm, f32)>,
    pub total: f32,
    /// Test points only: mean ‖∂h/∂x‖²_F, when measured.
    pub jacobian: Option<f32>,
    /// Test points of linear models only: the widest principal angle to PCA's subspace.
    pub widest_angle: Option<f32>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub train: Vec<Point>,
    pub test: Vec<Point>,
    /// Samples seen when a setting changed mid-run (a lower learning rate, say).
    pub marks: Vec<f64>,
}

impl History {
    pub fn push_train(&mut self, p: &Progress) {
        push(
            &mut self.train,
            Point {
                x: p.samples_seen as f64,
                terms: p.train.clone(),
                total: p.train_total,
                jacobian: None,
                widest_angle: None,
            },
        );
    }

    pub fn push_test(&mut self, samples: u64, m: &TestMetrics) {
        push(
            &mut self.test,
            Point {
                x: samples as f64,
                terms: m.test.clone(),
                total: m.test_total,
                jacobian: m.jacobian,
                widest_angle: m
                    .subspace
                    .as_ref()
                    .and_then(|v| v.angles.iter().copied().reduce(f32::max)),
            },
        );
    }
}

fn push(v: &mut Vec<Point>, p: Point) {
    if v.len() >= MAX_POINTS {
        let mut i = 0;
        v.retain(|_| {
            i += 1;
            i % 2 == 1
        });
    }
    v.push(p);
}
