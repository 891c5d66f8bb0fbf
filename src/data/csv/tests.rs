//! The CSV reader on small hand-made files: what it detects, how it scales and splits, and
//! each refusal with the place it names.

use super::*;
use crate::data::SampleShape;

fn iris(rows: usize, header: bool) -> String {
    let mut s = String::new();
    if header {
        s.push_str("sepal_length,sepal_width,petal_length,petal_width,species\n");
    }
    let kinds = ["setosa", "versicolor", "virginica"];
    for i in 0..rows {
        let k = i % 3;
        let v = i as f32 * 0.1;
        s.push_str(&format!(
            "{},{},{},{},{}\n",
            4.0 + v,
            3.0 - v * 0.1,
            1.0 + k as f32,
            0.2 * k as f32 + v,
            kinds[k]
        ));
    }
    s
}

fn read_ok(text: &str, opts: &CsvOptions) -> (Split, CsvSummary) {
    read(text.as_bytes(), opts).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_table_with_a_header_and_text_labels() {
    let (split, sum) = read_ok(&iris(30, true), &CsvOptions::default());
    assert!(sum.header);
    assert_eq!(
        sum.features,
        ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    );
    assert_eq!(sum.label.as_deref(), Some("species"));
    assert_eq!(
        split.train.class_names,
        ["setosa", "versicolor", "virginica"]
    );
    assert_eq!((sum.n_train, sum.n_test), (24, 6));
    assert_eq!(split.train.len() + split.test.len(), 30);
    assert_eq!(split.train.shape, SampleShape::Points { dim: 4 });
    // Min-max on the training rows: every training value in [0, 1], each column spanning it.
    for c in 0..4 {
        let col = split.train.x.column(c);
        assert!(
            (col.min() - 0.0).abs() < 1e-6 && (col.max() - 1.0).abs() < 1e-6,
            "column {c}"
        );
    }
    assert_eq!(sum.fitted[2], (1.0, 3.0), "petal length's range is shown");
}

#[test]
fn without_a_header_the_first_row_is_data_even_with_a_text_label() {
    let (split, sum) = read_ok(&iris(30, false), &CsvOptions::default());
    assert!(!sum.header);
    assert_eq!(sum.rows, 30);
    assert_eq!(sum.label.as_deref(), Some("column 5"));
    assert_eq!(split.train.n_classes(), 3);
    assert_eq!(sum.features[0], "column 1");
}

#[test]
fn a_bad_cell_is_named_by_line_and_column_and_its_row_may_be_dropped() {
    let text = iris(30, true);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[3] = "4.2,abc,1,0.2,setosa".into();
    lines[7] = "4.6,2.9,,0.3,versicolor".into();
    let text = lines.join("\n");
    let err = read(text.as_bytes(), &CsvOptions::default()).expect_err("refused");
    let CsvError::BadCells { count, rows, first } = &err else {
        panic!("{err}")
    };
    assert_eq!((*count, *rows), (2, 2));
    assert_eq!(
        first[0],
        CellProblem {
            line: 4,
            column: "sepal_width".into(),
            text: "abc".into()
        }
    );
    assert_eq!(first[1].line, 8);
    assert_eq!(first[1].column, "petal_length");
    let message = err.to_string();
    assert!(
        message.contains("line 4, column \"sepal_width\": \"abc\""),
        "{message}"
    );

    let opts = CsvOptions {
        drop_bad_rows: true,
        ..CsvOptions::default()
    };
    let (split, sum) = read_ok(&text, &opts);
    assert_eq!((sum.rows, sum.dropped), (28, 2));
    assert_eq!(split.train.len() + split.test.len(), 28);
}

#[test]
fn refusals_name_what_is_wrong() {
    let opts = CsvOptions::default();
    let refuse = |text: &str| read(text.as_bytes(), &opts).expect_err(text).to_string();
    assert_eq!(refuse(""), "the file is empty");
    assert_eq!(refuse(" \n\n\t"), "the file is empty");
    assert!(refuse("a,b\n1,2\n1,2,3\n").contains("line 3 has 3 cells where the first line has 2"));
    assert!(refuse("name,city\nann,rome\nbob,oslo\n").contains("no numeric column"));
    assert!(refuse("x,y\n1,2\n3,4\n").contains("2 usable rows"));
    let wide = (0..5000)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    assert!(refuse(&wide).contains("5000 columns"));
    let long = "1,2\n".repeat(MAX_ROWS + 10);
    assert!(refuse(&long).contains("rows; the lab takes up to 100000"));
    // An unclosed quote swallows the rest of the file into one cell: a table of one row.
    assert!(!refuse("a,\"b\n1,2\n").is_empty());
    let opts = CsvOptions {
        label: LabelColumn::Named("kind".into()),
        ..CsvOptions::default()
    };
    let e = read(iris(20, true).as_bytes(), &opts).expect_err("no such column");
    assert_eq!(e.to_string(), "it has no column named \"kind\"");
    let many: String = (0..100).map(|i| format!("{i},{}\n", i * 2)).collect();
    let opts = CsvOptions {
        label: LabelColumn::Named("column 1".into()),
        ..CsvOptions::default()
    };
    assert!(
        read(many.as_bytes(), &opts)
            .expect_err("too many")
            .to_string()
            .contains("100 distinct values")
    );
}

#[test]
fn standardised_columns_have_mean_zero_and_unit_spread_on_the_training_rows() {
    let opts = CsvOptions {
        scaling: Scaling::Standard,
        ..CsvOptions::default()
    };
    let (split, sum) = read_ok(&iris(60, true), &opts);
    assert_eq!(sum.scaling, Scaling::Standard);
    for c in 0..4 {
        let col = split.train.x.column(c);
        let mean = col.mean();
        let sd =
            (col.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / col.len() as f32).sqrt();
        assert!(
            mean.abs() < 1e-4 && (sd - 1.0).abs() < 1e-3,
            "column {c}: {mean} {sd}"
        );
    }
}

#[test]
fn delimiters_quotes_numeric_labels_constants_and_pixel_tables() {
    // Semicolons, a quoted label holding the delimiter, and a constant column.
    let text: String = std::iter::once("a;b;k;label\n".to_string())
        .chain((0..20).map(|i| format!("{};{};5;\"x;{}\"\n", i, i * i, i % 2)))
        .collect();
    let (split, sum) = read_ok(&text, &CsvOptions::default());
    assert_eq!(sum.features, ["a", "b", "k"]);
    assert_eq!(split.train.class_names, ["x;0", "x;1"]);
    assert!(
        split.train.x.column(2).iter().all(|&v| v == 0.0),
        "a constant column becomes 0"
    );

    // Numeric labels are classes in numeric order.
    let text: String = std::iter::once("v,w,label\n".to_string())
        .chain((0..30).map(|i| format!("{i},{},{}\n", 30 - i, [10, 2, 1][i % 3])))
        .collect();
    let (split, _) = read_ok(&text, &CsvOptions::default());
    assert_eq!(split.train.class_names, ["1", "2", "10"]);

    // 64 pixel columns and a label: 8 × 8 images.
    let text: String = (0..40)
        .map(|i| {
            let px: Vec<String> = (0..64).map(|p| ((p * i) % 256).to_string()).collect();
            format!("{},{}\n", i % 10, px.join(","))
        })
        .collect();
    let opts = CsvOptions {
        label: LabelColumn::Named("column 1".into()),
        ..CsvOptions::default()
    };
    let (split, sum) = read_ok(&text, &opts);
    assert_eq!(
        split.train.shape,
        SampleShape::Image {
            width: 8,
            height: 8
        }
    );
    assert_eq!(sum.features.len(), 64);
    assert_eq!(split.train.n_classes(), 10);
}

#[test]
fn the_split_follows_the_seed() {
    let text = iris(50, true);
    let a = read_ok(&text, &CsvOptions::default()).0;
    let b = read_ok(&text, &CsvOptions::default()).0;
    let c = read_ok(
        &text,
        &CsvOptions {
            seed: 2,
            ..CsvOptions::default()
        },
    )
    .0;
    assert_eq!(a.test.x, b.test.x);
    assert_ne!(a.test.x, c.test.x);
    let opts = CsvOptions {
        label: LabelColumn::None,
        ..CsvOptions::default()
    };
    let (split, sum) = read_ok(&text, &opts);
    assert_eq!(sum.label, None);
    assert_eq!(split.train.class_names, ["all"]);
}
