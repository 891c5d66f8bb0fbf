//! The model file: one versioned binary holding a run's settings, weights and training state.
//!
//! Layout, all integers little-endian:
//!
//! | bytes | what |
//! |---|---|
//! | 0-7 | magic `AELMODEL` |
//! | 8-9 | format version ([`VERSION`]) |
//! | 10-13 | payload length `n` |
//! | 14-21 | FNV-1a of the payload |
//! | 22-(22+n) | the payload: a [`ModelFile`] in postcard |
//!
//! The header is checked before the payload is decoded, so a file cut short, damaged, or
//! written by a newer lab is named as such instead of failing somewhere inside the decoder.

use std::fmt;

use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

use super::fnv1a;
use crate::data::DatasetId;
use crate::train::TrainConfig;
use crate::train::saved::TrainState;

pub const MAGIC: &[u8; 8] = b"AELMODEL";
/// Bumped whenever the payload's layout changes; a reader refuses anything newer.
pub const VERSION: u16 = 1;
const HEADER: usize = 22;
/// Larger than any network the lab can build with its optimiser state (about 120 MB for four
/// 1,024-wide layers a side on 4,096 inputs), so a bigger file is refused before it is read.
pub const MAX_BYTES: u64 = 256 << 20;

/// Which data a model was trained on: loading it onto anything else is refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataIdentity {
    pub dataset: DatasetId,
    pub dim: u32,
    pub train_rows: u32,
    /// The classes it was trained on, when not all (anomaly detection's normal classes).
    pub train_classes: Option<Vec<u8>>,
    /// [`fingerprint`] of the training rows.
    pub fingerprint: u64,
}

/// Everything a model file holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    /// The page's address query for the run's settings, so loading restores every control.
    pub link: String,
    pub config: TrainConfig,
    pub data: DataIdentity,
    pub state: TrainState,
}

/// Why a file was not loaded.
#[derive(Clone, Debug, PartialEq)]
pub enum FileError {
    TooLarge { bytes: u64 },
    NotAModel,
    Truncated { expected: u64, got: u64 },
    Damaged,
    Newer { version: u16 },
    Unreadable(String),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::TooLarge { bytes } => write!(
                f,
                "it is {:.0} MB, more than any model of this lab ({} MB at most)",
                *bytes as f64 / 1e6,
                MAX_BYTES >> 20
            ),
            FileError::NotAModel => write!(f, "it is not an Autoencoder Lab model file"),
            FileError::Truncated { expected, got } => write!(
                f,
                "it is cut short ({got} of {expected} bytes): download it again"
            ),
            FileError::Damaged => write!(f, "it is damaged (its checksum does not match)"),
            FileError::Newer { version } => write!(
                f,
                "it was saved by a newer version of the lab (format {version}; this page reads up to {VERSION}): reload the page to update"
            ),
            FileError::Unreadable(why) => write!(f, "its contents could not be read ({why})"),
        }
    }
}

/// The file's bytes.
pub fn write(file: &ModelFile) -> Result<Vec<u8>, String> {
    let payload = postcard::to_allocvec(file).map_err(|e| e.to_string())?;
    let len = u32::try_from(payload.len()).map_err(|_| "the model is too large to save")?;
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&fnv1a(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Reads a model file; whether it fits the loaded data is the caller's check.
pub fn read(bytes: &[u8]) -> Result<ModelFile, FileError> {
    let got = bytes.len() as u64;
    if got > MAX_BYTES {
        return Err(FileError::TooLarge { bytes: got });
    }
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(FileError::NotAModel);
    }
    if bytes.len() < HEADER {
        return Err(FileError::Truncated {
            expected: HEADER as u64,
            got,
        });
    }
    let version = u16::from_le_bytes([bytes[8], bytes[9]]);
    if version > VERSION {
        return Err(FileError::Newer { version });
    }
    let len = u32::from_le_bytes([bytes[10], bytes[11], bytes[12], bytes[13]]);
    let expected = HEADER as u64 + u64::from(len);
    if got < expected {
        return Err(FileError::Truncated { expected, got });
    }
    let mut sum = [0; 8];
    sum.copy_from_slice(&bytes[14..22]);
    let payload = &bytes[HEADER..];
    if got > expected || fnv1a(payload) != u64::from_le_bytes(sum) {
        return Err(FileError::Damaged);
    }
    postcard::from_bytes(payload).map_err(|e| FileError::Unreadable(e.to_string()))
}

/// A checksum of a matrix's values: two data sets with the same shape but other values (a
/// CSV edited since) give other fingerprints.
pub fn fingerprint(x: &DMatrix<f32>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in x.iter() {
        h ^= u64::from(v.to_bits());
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl DataIdentity {
    /// What differs between the data a model was saved with (`self`) and `now`, in words.
    pub fn mismatch(&self, now: &DataIdentity) -> Option<String> {
        if self.dataset != now.dataset {
            return Some(format!(
                "This model was trained on {}, and the lab has {} loaded. Choose {} under Data, then load the file again.",
                self.dataset.label(),
                now.dataset.label(),
                self.dataset.label()
            ));
        }
        if self.dim != now.dim
            || self.train_rows != now.train_rows
            || self.fingerprint != now.fingerprint
        {
            return Some(format!(
                "This model was trained on other {} data ({} rows of {} values; the lab has {} of {}).",
                self.dataset.label(),
                self.train_rows,
                self.dim,
                now.train_rows,
                now.dim
            ));
        }
        None
    }
}
