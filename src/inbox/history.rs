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

impl History {
    /// The curves as CSV, one row per point: the split, samples seen, the total, then every
    /// loss term any point has (empty where a point lacks it), the Jacobian norm and the
    /// widest principal angle when measured. Train rows first, then test rows.
    pub fn to_csv(&self) -> String {
        let terms: Vec<LossTerm> = LossTerm::ALL
            .into_iter()
            .filter(|t| {
                self.train
                    .iter()
                    .chain(&self.test)
                    .any(|p| p.terms.iter().any(|(k, _)| k == t))
            })
            .collect();
        let mut out = String::from("split,samples_seen,total");
        for t in &terms {
            out.push(',');
            out.push_str(&t.label().replace(' ', "_"));
        }
        out.push_str(",jacobian_norm_sq,widest_angle_deg\n");
        let cell = |v: Option<f32>| v.map(|v| v.to_string()).unwrap_or_default();
        for (split, points) in [("train", &self.train), ("test", &self.test)] {
            for p in points {
                out.push_str(&format!("{split},{},{}", p.x, p.total));
                for t in &terms {
                    let v = p.terms.iter().find(|(k, _)| k == t).map(|&(_, v)| v);
                    out.push(',');
                    out.push_str(&cell(v));
                }
                out.push_str(&format!(",{},{}\n", cell(p.jacobian), cell(p.widest_angle)));
            }
        }
        out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn point(x: f64, terms: Vec<(LossTerm, f32)>, total: f32) -> Point {
        Point {
            x,
            terms,
            total,
            jacobian: None,
            widest_angle: None,
        }
    }

    #[test]
    fn curves_export_as_csv_with_a_column_per_term() {
        let mut h = History::default();
        h.train
            .push(point(64.0, vec![(LossTerm::Reconstruction, 0.5)], 0.5));
        h.train.push(point(
            128.0,
            vec![(LossTerm::Reconstruction, 0.25), (LossTerm::Kl, 1.5)],
            1.75,
        ));
        let mut t = point(128.0, vec![(LossTerm::Reconstruction, 0.3)], 0.3);
        t.jacobian = Some(4.0);
        h.test.push(t);
        let csv = h.to_csv();
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(
            rows,
            [
                "split,samples_seen,total,reconstruction,KL_divergence,jacobian_norm_sq,widest_angle_deg",
                "train,64,0.5,0.5,,,",
                "train,128,1.75,0.25,1.5,,",
                "test,128,0.3,0.3,,4,",
            ]
        );
        assert_eq!(
            History::default().to_csv().lines().count(),
            1,
            "a header only"
        );
    }
}
