//! A seeded fuzz of the CSV reader: tables built from hostile cells (text, blanks, quotes,
//! delimiters of every kind, NaN and infinities, huge and tiny numbers, a byte-order mark,
//! stray bytes that are not UTF-8), ragged rows and random options. Nothing may panic; a
//! table that is read is a consistent split of finite numbers, and a refusal has a message.

use crate::fuzz;
use fuzz::cases;
use std::panic::{AssertUnwindSafe, catch_unwind};

use autoencoder_lab::data::csv::{CsvOptions, LabelColumn, Scaling, read};
use rand::{RngExt, SeedableRng, rngs::StdRng};

const CELLS: &[&str] = &[
    "0",
    "1",
    "-1",
    "0.5",
    "3.25",
    "1e3",
    "-2.5e-4",
    "1e39",
    "-1e39",
    "1e-46",
    "NaN",
    "inf",
    "-inf",
    "",
    " ",
    "abc",
    "setosa",
    "\"quoted\"",
    "\"a,b\"",
    "\"a\"\"b\"",
    "\"open",
    "x;y",
    "\t",
    "٣",
    "🙂",
    "1,5",
    "0x10",
    "  7  ",
    "+3",
    ".5",
    "5.",
    "-",
    "e",
    "null",
    "N/A",
    "?",
];

fn random_csv(rng: &mut StdRng) -> Vec<u8> {
    let cols = rng.random_range(1..9);
    let rows = rng.random_range(0..40);
    let delim = [",", ",", ";", "\t", "|"][rng.random_range(0..5)];
    let newline = ["\n", "\r\n", "\r"][rng.random_range(0..3)];
    let mut out = Vec::new();
    if rng.random_bool(0.05) {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    // Hostile cells in 0-8 % of places: enough to break most tables, few enough that many
    // are read.
    let numeric_bias = 1.0 - rng.random_range(0.0..0.08);
    for r in 0..rows {
        // Now and then a ragged row.
        let n = if rng.random_bool(0.03) {
            rng.random_range(0..cols + 3)
        } else {
            cols
        };
        let cells: Vec<String> = (0..n)
            .map(|c| {
                if r == 0 && rng.random_bool(0.5) {
                    format!("h{c}")
                } else if rng.random_bool(numeric_bias) {
                    format!("{}", rng.random_range(-100.0..100.0f32))
                } else {
                    CELLS[rng.random_range(0..CELLS.len())].to_string()
                }
            })
            .collect();
        out.extend_from_slice(cells.join(delim).as_bytes());
        out.extend_from_slice(newline.as_bytes());
    }
    if rng.random_bool(0.05) {
        let i = rng.random_range(0..=out.len());
        out.insert(i, rng.random::<u8>() | 0x80);
    }
    if rng.random_bool(0.05) && !out.is_empty() {
        out.truncate(rng.random_range(0..out.len()));
    }
    out
}

fn random_options(rng: &mut StdRng) -> CsvOptions {
    CsvOptions {
        label: match rng.random_range(0..4) {
            0 => LabelColumn::None,
            1 => LabelColumn::Named(format!("h{}", rng.random_range(0..9))),
            _ => LabelColumn::Auto,
        },
        scaling: if rng.random_bool(0.5) {
            Scaling::MinMax
        } else {
            Scaling::Standard
        },
        drop_bad_rows: rng.random_bool(0.5),
        test_share: [0.2, 0.0, 1.0, f32::NAN, -3.0][rng.random_range(0..5)],
        seed: rng.random(),
    }
}

#[test]
fn hostile_tables_are_read_consistently_or_refused_never_panic() {
    let cases = cases();
    let mut rng = StdRng::seed_from_u64(0xc5f);
    let (mut read_ok, mut refused) = (0usize, 0usize);
    let mut reasons = std::collections::BTreeMap::<String, usize>::new();
    for case in 0..cases {
        let bytes = random_csv(&mut rng);
        let opts = random_options(&mut rng);
        let Ok(result) = catch_unwind(AssertUnwindSafe(|| read(&bytes, &opts))) else {
            panic!(
                "case {case}: the reader panicked on {:?} with {opts:?}",
                String::from_utf8_lossy(&bytes)
            );
        };
        match result {
            Ok((split, summary)) => {
                read_ok += 1;
                let (tr, te) = (&split.train, &split.test);
                assert_eq!(tr.len() + te.len(), summary.rows, "case {case}");
                assert!(!tr.is_empty() && !te.is_empty(), "case {case}");
                assert_eq!(tr.dim(), summary.features.len(), "case {case}");
                assert_eq!(tr.shape.dim(), tr.dim(), "case {case}");
                assert!(
                    tr.x.iter().chain(te.x.iter()).all(|v| v.is_finite()),
                    "case {case}"
                );
                let k = tr.class_names.len();
                assert!(
                    tr.labels
                        .iter()
                        .chain(&te.labels)
                        .all(|&l| usize::from(l) < k)
                );
            }
            Err(e) => {
                refused += 1;
                let message = e.to_string();
                assert!(!message.is_empty(), "case {case}");
                // By kind: numbers and quoted text blanked out.
                let kind: String = message
                    .split('"')
                    .step_by(2)
                    .collect::<String>()
                    .chars()
                    .filter(|c| !c.is_ascii_digit())
                    .take(24)
                    .collect();
                *reasons.entry(kind).or_default() += 1;
            }
        }
    }
    println!(
        "CSV: {cases} tables, none panicked; {read_ok} read, {refused} refused with a message"
    );
    println!("refusals by their first words: {reasons:?}");
    assert!(
        read_ok > cases / 10,
        "the fuzz reaches tables that are read: {read_ok}"
    );
    assert!(
        reasons.len() >= 5,
        "many kinds of refusal are reached: {reasons:?}"
    );
}
