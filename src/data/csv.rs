//! The student's own table: a CSV file read into a train/test split, with every problem a
//! file can have named by row and column.
//!
//! The file is untrusted input. Its size, width and row count are checked from the bytes and
//! the first line before a single number is parsed, and every refusal is a [`CsvError`] the
//! page shows as it is.

use std::fmt;

use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

use super::Split;
use crate::train::MAX_INPUT;
use scale::{classes, shape_of, split_and_scale};
use scan::{for_each_row, label_column, number_bytes, scan};

mod scale;
mod scan;

/// Largest file read at all: 100,000 rows of 1,000 numbers written with six digits.
pub const MAX_BYTES: u64 = 800 << 20;
pub const MAX_ROWS: usize = 100_000;
/// Numbers in a table: 50,000 rows of 1,000 columns and a margin (the worker holds them as
/// 4-byte floats, twice while training).
pub const MAX_CELLS: usize = 60_000_000;
/// Distinct labels: codes are coloured by class, and more than this is not a class column.
pub const MAX_CLASSES: usize = 64;
/// Cell problems listed in a refusal (the count says how many there are in all).
const LISTED: usize = 8;

/// How features are brought to a common scale, fitted on the training rows only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scaling {
    /// Each column from its training [min, max] to [0, 1] (a sigmoid output can reach it).
    #[default]
    MinMax,
    /// Each column to mean 0 and standard deviation 1.
    Standard,
}

/// Which column holds the labels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LabelColumn {
    /// One named label/class/target/species/category, else the one column that is mostly text.
    #[default]
    Auto,
    None,
    Named(String),
}

/// What the student chose about a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CsvOptions {
    pub label: LabelColumn,
    pub scaling: Scaling,
    /// Leave out rows with a missing or non-numeric feature instead of refusing the file.
    pub drop_bad_rows: bool,
    /// Share of rows held out for testing, and the seed of the split.
    pub test_share: f32,
    pub seed: u64,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            label: LabelColumn::Auto,
            scaling: Scaling::MinMax,
            drop_bad_rows: false,
            test_share: 0.2,
            seed: 1,
        }
    }
}

/// One cell that is not a number: 1-based line of the file, the column's name, its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellProblem {
    pub line: usize,
    pub column: String,
    pub text: String,
}

/// What was read, for the page to show beside the data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CsvSummary {
    pub features: Vec<String>,
    pub label: Option<String>,
    pub header: bool,
    pub rows: usize,
    pub dropped: usize,
    /// The first few dropped cells.
    pub problems: Vec<CellProblem>,
    pub scaling: Scaling,
    /// Per feature: (min, max) for min-max scaling, (mean, sd) when standardised.
    pub fitted: Vec<(f32, f32)>,
    pub n_train: usize,
    pub n_test: usize,
}

/// Why a file was not used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CsvError {
    Empty,
    TooLarge {
        bytes: u64,
    },
    TooWide {
        columns: usize,
    },
    TooLong {
        rows: usize,
    },
    TooMany {
        cells: usize,
    },
    Malformed(String),
    Uneven {
        line: usize,
        got: usize,
        expected: usize,
    },
    NoFeatures,
    TooFewRows {
        rows: usize,
    },
    TooManyClasses {
        column: String,
        distinct: usize,
    },
    UnknownLabel(String),
    BadCells {
        count: usize,
        rows: usize,
        first: Vec<CellProblem>,
    },
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::Empty => write!(f, "the file is empty"),
            CsvError::TooLarge { bytes } => write!(
                f,
                "the file is {:.0} MB; the lab reads up to {} MB ({MAX_ROWS} rows of up to {MAX_INPUT} numbers)",
                *bytes as f64 / 1e6,
                MAX_BYTES >> 20
            ),
            CsvError::TooWide { columns } => write!(
                f,
                "it has {columns} columns; the lab takes up to {MAX_INPUT} inputs (and a label column)"
            ),
            CsvError::TooLong { rows } => {
                write!(
                    f,
                    "it has about {rows} rows; the lab takes up to {MAX_ROWS}"
                )
            }
            CsvError::TooMany { cells } => write!(
                f,
                "it has about {cells} cells; the lab takes up to {MAX_CELLS} (50,000 rows of 1,000 columns fit)"
            ),
            CsvError::Malformed(why) => write!(f, "it is not a readable CSV table ({why})"),
            CsvError::Uneven {
                line,
                got,
                expected,
            } => write!(
                f,
                "line {line} has {got} cells where the first line has {expected}"
            ),
            CsvError::NoFeatures => write!(f, "it has no numeric column to learn from"),
            CsvError::TooFewRows { rows } => {
                write!(
                    f,
                    "it has {rows} usable rows; at least 10 are needed for training and testing"
                )
            }
            CsvError::TooManyClasses { column, distinct } => write!(
                f,
                "the label column \"{column}\" has {distinct} distinct values; at most {MAX_CLASSES} classes (choose no label column)"
            ),
            CsvError::UnknownLabel(name) => write!(f, "it has no column named \"{name}\""),
            CsvError::BadCells { count, rows, first } => {
                let (cells, rows) = (self::count(*count, "cell"), self::count(*rows, "row"));
                write!(f, "{cells} in {rows} missing or not numbers")?;
                if let Some(p) = first.first() {
                    write!(
                        f,
                        ", first on line {}, column \"{}\": \"{}\"",
                        p.line, p.column, p.text
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// "1 row", "2 rows".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Reads `bytes` as a CSV table and makes a train/test split of it.
pub fn read(bytes: &[u8], opts: &CsvOptions) -> Result<(Split, CsvSummary), CsvError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let scan = scan(bytes)?;
    let label = label_column(&scan, &opts.label)?;
    // Columns that hold no number at all are text, not features (ids, names).
    let features: Vec<usize> = (0..scan.names.len())
        .filter(|&c| Some(c) != label && scan.numeric[c])
        .collect();
    if features.is_empty() {
        return Err(CsvError::NoFeatures);
    }
    if features.len() > MAX_INPUT {
        return Err(CsvError::TooWide {
            columns: features.len(),
        });
    }
    let mut values = Vec::with_capacity(scan.rows * features.len());
    let mut labels_text = Vec::with_capacity(scan.rows);
    let (mut problems, mut count, mut bad_rows) = (Vec::new(), 0, 0);
    let mut cells = Vec::with_capacity(features.len());
    for_each_row(bytes, &scan, |line, record| {
        cells.clear();
        let mut bad = false;
        for &c in &features {
            let cell = record.get(c).unwrap_or_default();
            match number_bytes(cell) {
                Some(v) => cells.push(v),
                None => {
                    bad = true;
                    count += 1;
                    if problems.len() < LISTED {
                        problems.push(CellProblem {
                            line,
                            column: scan.names[c].clone(),
                            text: String::from_utf8_lossy(cell).chars().take(24).collect(),
                        });
                    }
                }
            }
        }
        if bad {
            bad_rows += 1;
        } else {
            values.extend_from_slice(&cells);
            let text = label.map(|l| {
                String::from_utf8_lossy(record.get(l).unwrap_or_default())
                    .trim()
                    .to_string()
            });
            labels_text.push(text);
        }
    })?;
    if bad_rows > 0 && !opts.drop_bad_rows {
        return Err(CsvError::BadCells {
            count,
            rows: bad_rows,
            first: problems,
        });
    }
    let n = labels_text.len();
    if n < 10 {
        return Err(CsvError::TooFewRows { rows: n });
    }
    let (labels, class_names) = classes(&labels_text, label.map(|l| scan.names[l].as_str()))?;
    let d = features.len();
    let x = DMatrix::from_row_slice(n, d, &values);
    drop(values);
    let (mut split, fitted) = split_and_scale(x, labels, class_names, opts);
    let shape = shape_of(d);
    split.train.shape = shape;
    split.test.shape = shape;
    let summary = CsvSummary {
        features: features.iter().map(|&c| scan.names[c].clone()).collect(),
        label: label.map(|l| scan.names[l].clone()),
        header: scan.header,
        rows: n,
        dropped: bad_rows,
        problems,
        scaling: opts.scaling,
        fitted,
        n_train: split.train.len(),
        n_test: split.test.len(),
    };
    Ok((split, summary))
}

#[cfg(test)]
mod tests;
