//! Decoded images into a dataset: grey levels, the paper turned over, labels from folders
//! and file names, and the refusals.

use super::*;

/// A `side × side` image: a dark bar at column `k` on white paper (or light on black).
fn bar(path: &str, side: u32, k: usize, on_paper: bool) -> DecodedImage {
    let mut rgba = Vec::new();
    for i in 0..(side * side) as usize {
        let ink = i % side as usize == k;
        let v = if ink == on_paper { 0 } else { 255 };
        rgba.extend_from_slice(&[v, v, v, 255]);
    }
    DecodedImage {
        path: path.into(),
        side,
        rgba,
    }
}

#[test]
fn folders_label_the_images_and_paper_is_turned_over() {
    let images: Vec<DecodedImage> = (0..30)
        .map(|i| bar(&format!("shapes/bar{}/img{i}.png", i % 3), 8, i % 3, true))
        .collect();
    let (split, sum) = to_split(&images, vec!["notes.txt".into()], 1).expect("read");
    assert_eq!(sum.labels, LabelSource::Folders);
    assert_eq!(
        sum.classes,
        [
            ("bar0".into(), 10),
            ("bar1".into(), 10),
            ("bar2".into(), 10)
        ]
    );
    assert!(sum.inverted, "dark ink on white paper is turned over");
    assert_eq!(
        split.train.shape,
        SampleShape::Image {
            width: 8,
            height: 8
        }
    );
    assert_eq!((sum.n_train, sum.n_test), (24, 6));
    assert_eq!(sum.skipped, ["notes.txt"]);
    // After turning over, the bar is light (1) and the paper dark (0).
    let row = split.train.x.row(0);
    let k = usize::from(split.train.labels[0]);
    assert!((0..64).all(|i| row[i] == if i % 8 == k { 1.0 } else { 0.0 }));
}

#[test]
fn file_names_label_when_there_are_no_folders_and_light_ink_is_kept() {
    let images: Vec<DecodedImage> = (0..20)
        .map(|i| {
            bar(
                &format!("{}_{i:03}.png", ["cat", "dog"][i % 2]),
                16,
                i % 2,
                false,
            )
        })
        .collect();
    let (split, sum) = to_split(&images, vec![], 3).expect("read");
    assert_eq!(sum.labels, LabelSource::FileNames);
    assert_eq!(split.train.class_names, ["cat", "dog"]);
    assert!(!sum.inverted);
    let trailing: Vec<DecodedImage> = (0..12)
        .map(|i| bar(&format!("{}{i}.png", ["a", "b", "c"][i % 3]), 8, 0, false))
        .collect();
    assert_eq!(
        to_split(&trailing, vec![], 1).expect("read").1.labels,
        LabelSource::FileNames
    );
    // Every file its own name: no labels.
    let unique: Vec<DecodedImage> = (0..12)
        .map(|i| bar(&format!("photo-{i}.jpg"), 8, 0, false))
        .collect();
    let (split, sum) = to_split(&unique, vec![], 1).expect("read");
    assert_eq!(sum.labels, LabelSource::None);
    assert_eq!(split.train.class_names, ["all"]);
}

#[test]
fn transparency_is_white_paper() {
    let mut images: Vec<DecodedImage> = (0..12)
        .map(|i| bar(&format!("x{i}.png"), 8, 1, true))
        .collect();
    for im in &mut images {
        for px in im.rgba.chunks_exact_mut(4) {
            if px[0] == 255 {
                px.copy_from_slice(&[0, 0, 0, 0]);
            }
        }
    }
    let (split, sum) = to_split(&images, vec![], 1).expect("read");
    assert!(sum.inverted);
    assert_eq!(
        split.train.x[(0, 0)],
        0.0,
        "transparent paper ends up dark like MNIST's"
    );
}

#[test]
fn refusals_name_the_file_and_the_reason() {
    let few: Vec<DecodedImage> = (0..3)
        .map(|i| bar(&format!("a{i}.png"), 8, 0, true))
        .collect();
    let e = to_split(&few, vec!["b.gif".into()], 1).expect_err("too few");
    assert_eq!(
        e.to_string(),
        "3 images could be used; at least 10 are needed (1 file could not be decoded)"
    );
    let mut mixed: Vec<DecodedImage> = (0..12)
        .map(|i| bar(&format!("a{i}.png"), 8, 0, true))
        .collect();
    mixed[5] = bar("big.png", 16, 0, true);
    assert_eq!(
        to_split(&mixed, vec![], 1).expect_err("sizes").to_string(),
        "big.png is 16 × 16 and the others 8 × 8"
    );
    let mut short: Vec<DecodedImage> = (0..12)
        .map(|i| bar(&format!("a{i}.png"), 8, 0, true))
        .collect();
    short[2].rgba.truncate(10);
    assert!(
        to_split(&short, vec![], 1)
            .expect_err("pixels")
            .to_string()
            .contains("a2.png does not hold")
    );
    let huge: Vec<DecodedImage> = (0..12)
        .map(|i| bar(&format!("a{i}.png"), 2, 0, true))
        .collect();
    assert!(
        to_split(&huge, vec![], 1)
            .expect_err("side")
            .to_string()
            .contains("sides of 4 to 64")
    );
}
