//! The student's own table: a CSV file read into a train/test split, with every problem a
//! file can have named by row and column.
//!
//! The file is untrusted input. Its size, width and row count are checked from the bytes and
//! the first line before a single number is parsed, and every refusal is a [`CsvError`] the
//! page shows as it is.

use std::fmt;

use nalgebra::DMatrix;
use rand::{SeedableRng, rngs::StdRng, seq::SliceRandom};
use serde::{Deserialize, Serialize};

use super::{Dataset, SampleShape, Split};
use crate::train::MAX_INPUT;

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

/// What one pass over the file learns, storing no cell: a table of 50 million numbers must
/// not become 50 million strings.
struct Scan {
    delimiter: u8,
    names: Vec<String>,
    header: bool,
    /// Per column: cells that are not numbers, and whether any is one.
    text: Vec<usize>,
    numeric: Vec<bool>,
    rows: usize,
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

/// A cell as a finite number (NaN and infinities are not data).
fn number(cell: &str) -> Option<f32> {
    cell.trim().parse::<f32>().ok().filter(|v| v.is_finite())
}

fn number_bytes(cell: &[u8]) -> Option<f32> {
    std::str::from_utf8(cell).ok().and_then(number)
}

fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes)
}

/// Calls `f` with the file line and cells of every data row (not the header, not blank
/// lines), refusing a row of another width than the first.
fn for_each_row(
    bytes: &[u8],
    scan: &Scan,
    mut f: impl FnMut(usize, &csv::ByteRecord),
) -> Result<(), CsvError> {
    let mut reader = reader(bytes, scan.delimiter);
    let mut record = csv::ByteRecord::new();
    let mut first = true;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return Err(CsvError::Malformed(e.to_string())),
        }
        if record.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.len() != scan.names.len() {
            return Err(CsvError::Uneven {
                line,
                got: record.len(),
                expected: scan.names.len(),
            });
        }
        if std::mem::take(&mut first) && scan.header {
            continue;
        }
        f(line, &record);
    }
}

fn scan(bytes: &[u8]) -> Result<Scan, CsvError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(CsvError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CsvError::Empty);
    }
    // Checked before parsing: the first line's width, and a count of lines.
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(bytes);
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.iter().filter(|b| *b == d).count())
        .unwrap_or(b',');
    let columns = first.iter().filter(|&&b| b == delimiter).count() + 1;
    if columns > MAX_INPUT + 1 {
        return Err(CsvError::TooWide { columns });
    }
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    if lines > MAX_ROWS + 1 {
        return Err(CsvError::TooLong { rows: lines });
    }
    if lines.saturating_mul(columns) > MAX_CELLS {
        return Err(CsvError::TooMany {
            cells: lines * columns,
        });
    }
    let mut reader = reader(bytes, delimiter);
    let mut record = csv::ByteRecord::new();
    // The first row waits for the second: together they say whether it is a header.
    let mut first_row: Option<csv::ByteRecord> = None;
    let mut scan = Scan {
        delimiter,
        names: Vec::new(),
        header: false,
        text: Vec::new(),
        numeric: Vec::new(),
        rows: 0,
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(CsvError::Malformed(e.to_string())),
        }
        if record.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        if scan.names.is_empty() && first_row.is_none() {
            if record.len() > MAX_INPUT + 1 {
                return Err(CsvError::TooWide {
                    columns: record.len(),
                });
            }
            first_row = Some(record.clone());
            continue;
        }
        if let Some(first) = first_row.take() {
            name_columns(&mut scan, &first, Some(&record));
            if !scan.header {
                count_row(&mut scan, &first);
            }
        }
        if record.len() != scan.names.len() {
            return Err(CsvError::Uneven {
                line,
                got: record.len(),
                expected: scan.names.len(),
            });
        }
        count_row(&mut scan, &record);
    }
    if let Some(first) = first_row.take() {
        name_columns(&mut scan, &first, None);
        if !scan.header {
            count_row(&mut scan, &first);
        }
    }
    if scan.names.is_empty() {
        return Err(CsvError::Empty);
    }
    Ok(scan)
}

/// A first row is a header when it has text where the next row has a number, or is all
/// text; an unlabelled file whose label column is text starts with data.
fn name_columns(scan: &mut Scan, first: &csv::ByteRecord, second: Option<&csv::ByteRecord>) {
    let blank = |c: &[u8]| c.iter().all(u8::is_ascii_whitespace);
    let text = |c: &[u8]| !blank(c) && number_bytes(c).is_none();
    let all_text = first.iter().all(text);
    scan.header = all_text
        || match second {
            Some(second) => first
                .iter()
                .zip(second.iter())
                .any(|(a, b)| text(a) && number_bytes(b).is_some()),
            None => first.iter().any(text),
        };
    scan.names = first
        .iter()
        .enumerate()
        .map(|(i, n)| match String::from_utf8_lossy(n).trim() {
            n if scan.header && !n.is_empty() => n.chars().take(40).collect(),
            _ => format!("column {}", i + 1),
        })
        .collect();
    scan.text = vec![0; first.len()];
    scan.numeric = vec![false; first.len()];
}

fn count_row(scan: &mut Scan, record: &csv::ByteRecord) {
    scan.rows += 1;
    for (c, cell) in record.iter().enumerate().take(scan.names.len()) {
        match number_bytes(cell) {
            Some(_) => scan.numeric[c] = true,
            None => scan.text[c] += 1,
        }
    }
}

/// The label column's index, if there is one.
fn label_column(t: &Scan, choice: &LabelColumn) -> Result<Option<usize>, CsvError> {
    let by_name = |name: &str| t.names.iter().position(|n| n.eq_ignore_ascii_case(name));
    match choice {
        LabelColumn::None => Ok(None),
        LabelColumn::Named(name) => by_name(name)
            .map(Some)
            .ok_or_else(|| CsvError::UnknownLabel(name.clone())),
        LabelColumn::Auto => {
            let named = ["label", "class", "target", "species", "category"]
                .into_iter()
                .find_map(by_name);
            if named.is_some() {
                return Ok(named);
            }
            let texty: Vec<usize> = (0..t.names.len())
                .filter(|&c| t.text[c] * 2 > t.rows)
                .collect();
            Ok(match texty.as_slice() {
                [c] => Some(*c),
                _ => None,
            })
        }
    }
}

/// Labels as class indices: numbers in numeric order, text in order of first appearance.
fn classes(
    text: &[Option<String>],
    column: Option<&str>,
) -> Result<(Vec<u8>, Vec<String>), CsvError> {
    let Some(column) = column else {
        return Ok((vec![0; text.len()], vec!["all".into()]));
    };
    let mut names: Vec<String> = Vec::new();
    for t in text.iter().flatten() {
        if !names.contains(t) {
            names.push(t.clone());
            if names.len() > MAX_CLASSES {
                let distinct = text
                    .iter()
                    .flatten()
                    .collect::<std::collections::BTreeSet<_>>()
                    .len();
                return Err(CsvError::TooManyClasses {
                    column: column.into(),
                    distinct,
                });
            }
        }
    }
    if names.iter().all(|n| number(n).is_some()) {
        names.sort_by(|a, b| {
            number(a)
                .partial_cmp(&number(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    let labels = text
        .iter()
        .map(|t| {
            t.as_ref()
                .and_then(|t| names.iter().position(|n| n == t))
                .unwrap_or(0) as u8
        })
        .collect();
    Ok((labels, names))
}

/// Shuffled into train and test by the seed, then scaled by the training rows' statistics.
fn split_and_scale(
    x: DMatrix<f32>,
    labels: Vec<u8>,
    class_names: Vec<String>,
    opts: &CsvOptions,
) -> (Split, Vec<(f32, f32)>) {
    let n = x.nrows();
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut StdRng::seed_from_u64(opts.seed));
    let share = if opts.test_share.is_finite() {
        opts.test_share.clamp(0.05, 0.5)
    } else {
        0.2
    };
    let n_test = ((n as f32 * share).round() as usize).clamp(1, n - 1);
    let (test_idx, train_idx) = order.split_at(n_test);
    let whole = Dataset {
        x,
        labels,
        shape: SampleShape::Points { dim: 1 },
        class_names,
    };
    let (mut train, mut test) = (whole.subset(train_idx), whole.subset(test_idx));
    let fitted: Vec<(f32, f32)> = (0..train.dim())
        .map(|c| {
            let col = train.x.column(c);
            match opts.scaling {
                Scaling::MinMax => (col.min(), col.max()),
                Scaling::Standard => {
                    let mean = col.mean();
                    let var =
                        col.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / col.len() as f32;
                    (mean, var.sqrt())
                }
            }
        })
        .collect();
    for set in [&mut train, &mut test] {
        for (c, &(a, b)) in fitted.iter().enumerate() {
            // A constant column carries nothing: it becomes 0 rather than a division by 0.
            let (shift, scale) = match opts.scaling {
                Scaling::MinMax => (a, b - a),
                Scaling::Standard => (a, b),
            };
            set.x.column_mut(c).apply(|v| {
                *v = if scale > 0.0 {
                    (*v - shift) / scale
                } else {
                    0.0
                }
            });
        }
    }
    (Split { train, test }, fitted)
}

/// A table whose width is a square of 8² to 64² numbers is shown as images (a pixel table
/// such as MNIST's CSV); anything else as points.
fn shape_of(d: usize) -> SampleShape {
    let side = (d as f64).sqrt().round() as usize;
    if side * side == d && (8..=64).contains(&side) {
        SampleShape::Image {
            width: side,
            height: side,
        }
    } else {
        SampleShape::Points { dim: d }
    }
}

#[cfg(test)]
mod tests;
