//! Runs kept in the browser ("My runs"): a run's settings, curves and final numbers, small
//! enough to keep dozens. The weights go in a model file (`store::model_file`), not here.

use serde::{Deserialize, Serialize};

use crate::charts::loss::Series;
use crate::charts::palette::class_colour;
use crate::inbox::history::{History, Point};
use crate::protocol::TestMetrics;

const MAGIC: &[u8; 6] = b"AELRUN";
/// Bumped whenever [`SavedRun`]'s layout changes; older records are still read.
const VERSION: u8 = 1;

/// One kept run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedRun {
    pub name: String,
    /// The run's settings as an address query.
    pub link: String,
    pub dataset: String,
    pub samples_seen: u64,
    pub test_mse: Option<f32>,
    /// (samples seen, total loss) of the train and test curves.
    pub train: Vec<(f64, f32)>,
    pub test: Vec<(f64, f32)>,
    /// When it was kept, in ms since 1970 (for the list's order).
    pub saved_ms: f64,
}

impl SavedRun {
    pub fn new(
        name: String,
        link: String,
        dataset: String,
        history: &History,
        metrics: Option<&TestMetrics>,
        saved_ms: f64,
    ) -> SavedRun {
        let curve = |pts: &[Point]| pts.iter().map(|p| (p.x, p.total)).collect();
        SavedRun {
            name,
            link,
            dataset,
            samples_seen: history.train.last().map_or(0, |p| p.x as u64),
            test_mse: metrics.map(|m| m.test_mse),
            train: curve(&history.train),
            test: curve(&history.test),
            saved_ms,
        }
    }

    /// The curves as a history, to pin on the loss chart.
    pub fn history(&self) -> History {
        let points = |c: &[(f64, f32)]| {
            c.iter()
                .map(|&(x, total)| Point {
                    x,
                    terms: Vec::new(),
                    total,
                    jacobian: None,
                    widest_angle: None,
                })
                .collect()
        };
        History {
            train: points(&self.train),
            test: points(&self.test),
            marks: Vec::new(),
        }
    }
}

pub fn encode(run: &SavedRun) -> Result<Vec<u8>, String> {
    let mut out = MAGIC.to_vec();
    out.push(VERSION);
    out.extend(postcard::to_allocvec(run).map_err(|e| e.to_string())?);
    Ok(out)
}

/// A kept run, or why the record cannot be read (another program's, or a newer lab's).
pub fn decode(bytes: &[u8]) -> Result<SavedRun, String> {
    let body = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or("not a run of this lab")?;
    match body.split_first() {
        Some((&v, rest)) if v <= VERSION => {
            postcard::from_bytes(rest).map_err(|e| format!("damaged ({e})"))
        }
        Some((v, _)) => Err(format!("kept by a newer version of the lab (format {v})")),
        None => Err("empty".into()),
    }
}

/// A test error with three significant digits, however small (a 2-D set reaches 1e-5).
pub fn mse_text(m: f32) -> String {
    if m != 0.0 && m.abs() < 1e-3 {
        format!("{m:.2e}")
    } else {
        format!("{m:.4}")
    }
}

/// Two runs on one chart: each run its own colour, train solid and test dashed.
pub fn comparison(a: &SavedRun, b: &SavedRun) -> Vec<Series> {
    let mut out = Vec::new();
    for (i, run) in [a, b].into_iter().enumerate() {
        let colour = class_colour(if i == 0 { 0 } else { 1 });
        for (split, curve, dashed) in [("train", &run.train, false), ("test", &run.test, true)] {
            out.push(Series {
                name: format!("{}: {split}", run.name),
                colour,
                dashed,
                points: curve.iter().map(|&(x, y)| (x, f64::from(y))).collect(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(name: &str, last: f32) -> SavedRun {
        SavedRun {
            name: name.into(),
            link: "data=moons&hidden=16".into(),
            dataset: "Two moons (2-D)".into(),
            samples_seen: 3000,
            test_mse: Some(last),
            train: vec![(1000.0, 0.5), (3000.0, last)],
            test: vec![(3000.0, last * 1.1)],
            saved_ms: 1.7e12,
        }
    }

    #[test]
    fn a_run_round_trips_and_foreign_or_newer_records_are_named() {
        let r = run("first", 0.02);
        let bytes = encode(&r).expect("encoded");
        assert_eq!(decode(&bytes), Ok(r.clone()));
        assert_eq!(decode(b"{}"), Err("not a run of this lab".into()));
        let mut newer = bytes.clone();
        newer[6] = VERSION + 1;
        assert!(decode(&newer).expect_err("newer").contains("newer version"));
        assert!(
            decode(&bytes[..bytes.len() - 3])
                .expect_err("cut")
                .starts_with("damaged")
        );
        assert_eq!(mse_text(0.01234), "0.0123");
        assert_eq!(mse_text(0.0000212), "2.12e-5");
        // Back to the loss chart's form: the same totals at the same places.
        let h = r.history();
        assert_eq!(
            h.train.iter().map(|p| (p.x, p.total)).collect::<Vec<_>>(),
            r.train
        );
    }

    #[test]
    fn two_runs_compare_as_four_named_lines_in_two_colours() {
        let lines = comparison(&run("relu", 0.02), &run("tanh", 0.03));
        let names: Vec<&str> = lines.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["relu: train", "relu: test", "tanh: train", "tanh: test"]
        );
        assert_eq!(lines[0].colour, lines[1].colour);
        assert_ne!(lines[0].colour, lines[2].colour);
        assert!(!lines[0].dashed && lines[1].dashed);
        let svg = crate::charts::to_svg((480, 240), |area| {
            crate::charts::loss::draw_loss(area, &lines, false)
        })
        .expect("drawn");
        assert!(svg.matches("<polyline").count() + svg.matches("<path").count() >= 4);
    }
}
