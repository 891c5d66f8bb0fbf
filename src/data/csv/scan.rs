//! One pass over a CSV file that stores no cell: the delimiter, the header, each column's
//! kind, and the row count; then the rows again, one at a time.

use super::{CsvError, LabelColumn, MAX_CELLS, MAX_INPUT, MAX_ROWS};
use crate::data::csv::MAX_BYTES;

/// What one pass over the file learns, storing no cell: a table of 50 million numbers must
/// not become 50 million strings.
pub(super) struct Scan {
    pub delimiter: u8,
    pub names: Vec<String>,
    pub header: bool,
    /// Per column: cells that are not numbers, and whether any is one.
    pub text: Vec<usize>,
    pub numeric: Vec<bool>,
    pub rows: usize,
}

/// A cell as a finite number (NaN and infinities are not data).
pub(super) fn number(cell: &str) -> Option<f32> {
    cell.trim().parse::<f32>().ok().filter(|v| v.is_finite())
}

pub(super) fn number_bytes(cell: &[u8]) -> Option<f32> {
    std::str::from_utf8(cell).ok().and_then(number)
}

pub(super) fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes)
}

/// Calls `f` with the file line and cells of every data row (not the header, not blank
/// lines), refusing a row of another width than the first.
pub(super) fn for_each_row(
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

pub(super) fn scan(bytes: &[u8]) -> Result<Scan, CsvError> {
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
pub(super) fn name_columns(
    scan: &mut Scan,
    first: &csv::ByteRecord,
    second: Option<&csv::ByteRecord>,
) {
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

pub(super) fn count_row(scan: &mut Scan, record: &csv::ByteRecord) {
    scan.rows += 1;
    for (c, cell) in record.iter().enumerate().take(scan.names.len()) {
        match number_bytes(cell) {
            Some(_) => scan.numeric[c] = true,
            None => scan.text[c] += 1,
        }
    }
}

/// The label column's index, if there is one.
pub(super) fn label_column(t: &Scan, choice: &LabelColumn) -> Result<Option<usize>, CsvError> {
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
