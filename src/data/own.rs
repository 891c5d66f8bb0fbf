//! The student's own data as bytes: how a table read in the worker (`data::csv`) reaches
//! the page (for its previews) and comes back with `Command::LoadData` like any dataset.

use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

use super::{Dataset, SampleShape, Split};
use crate::train::MAX_INPUT;

#[derive(Serialize, Deserialize)]
struct Part {
    rows: u32,
    /// Row after row.
    x: Vec<f32>,
    labels: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct Own {
    shape: SampleShape,
    class_names: Vec<String>,
    train: Part,
    test: Part,
}

pub fn encode(split: &Split) -> Result<Vec<u8>, String> {
    let part = |d: &Dataset| Part {
        rows: d.len() as u32,
        // nalgebra stores columns; rows are what a reader expects.
        x: d.x.transpose().as_slice().to_vec(),
        labels: d.labels.clone(),
    };
    let own = Own {
        shape: split.train.shape,
        class_names: split.train.class_names.clone(),
        train: part(&split.train),
        test: part(&split.test),
    };
    postcard::to_allocvec(&own).map_err(|e| e.to_string())
}

/// Checked like any download: shapes, lengths, labels and values.
pub fn decode(bytes: &[u8]) -> Result<Split, String> {
    let own: Own = postcard::from_bytes(bytes).map_err(|e| format!("unreadable ({e})"))?;
    let d = own.shape.dim();
    if d == 0 || d > MAX_INPUT {
        return Err(format!("{d} values a sample"));
    }
    let k = own.class_names.len();
    let dataset = |p: Part| -> Result<Dataset, String> {
        let n = p.rows as usize;
        if p.x.len() != n.saturating_mul(d) || p.labels.len() != n || n == 0 {
            return Err("the sizes do not match".into());
        }
        if p.labels.iter().any(|&l| usize::from(l) >= k) || p.x.iter().any(|v| !v.is_finite()) {
            return Err("a label or value is out of range".into());
        }
        Ok(Dataset {
            x: DMatrix::from_row_slice(n, d, &p.x),
            labels: p.labels,
            shape: own.shape,
            class_names: own.class_names.clone(),
        })
    };
    Ok(Split {
        train: dataset(own.train)?,
        test: dataset(own.test)?,
    })
}
