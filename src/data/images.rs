//! The student's own images, after the browser has decoded them: grey levels, labels from
//! folders or file names, and a train/test split.
//!
//! The browser decodes and resizes (it has every image codec; `ui::own_images`), so what
//! arrives here is square RGBA pixels and a path per image. That is still untrusted input:
//! sizes and counts are checked, and every refusal is an [`ImageError`].

use std::fmt;

use nalgebra::DMatrix;
use rand::{SeedableRng, rngs::StdRng, seq::SliceRandom};
use serde::{Deserialize, Serialize};

use super::csv::{MAX_CLASSES, count};
use super::{Dataset, SampleShape, Split};

pub const MAX_IMAGES: usize = 20_000;
pub const MAX_SIDE: u32 = 64;
const MIN_IMAGES: usize = 10;

/// One decoded image: `side × side` RGBA pixels, row after row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecodedImage {
    /// The file's name, with its folders when a folder was chosen (`digits/3/a.png`).
    pub path: String,
    pub side: u32,
    #[serde(with = "serde_bytes")]
    pub rgba: Vec<u8>,
}

/// Where the labels came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LabelSource {
    Folders,
    FileNames,
    None,
}

/// What was made of the images, for the page to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageSummary {
    pub images: usize,
    pub side: u32,
    pub labels: LabelSource,
    /// Class names and how many images each has.
    pub classes: Vec<(String, usize)>,
    /// Light paper with dark strokes, turned into light strokes on dark as in MNIST.
    pub inverted: bool,
    /// Files the browser could not decode (named by the page).
    pub skipped: Vec<String>,
    pub n_train: usize,
    pub n_test: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ImageError {
    TooFew {
        images: usize,
        skipped: usize,
    },
    TooMany {
        images: usize,
    },
    BadSide {
        path: String,
        side: u32,
    },
    WrongSize {
        path: String,
        side: u32,
        expected: u32,
    },
    BadPixels {
        path: String,
    },
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::TooFew { images, skipped } => {
                write!(
                    f,
                    "{} could be used; at least {MIN_IMAGES} are needed",
                    count(*images, "image")
                )?;
                if *skipped > 0 {
                    write!(f, " ({} could not be decoded)", count(*skipped, "file"))?;
                }
                Ok(())
            }
            ImageError::TooMany { images } => {
                write!(f, "{images} images; the lab takes up to {MAX_IMAGES}")
            }
            ImageError::BadSide { path, side } => {
                write!(
                    f,
                    "{path} is {side} pixels wide; sides of 4 to {MAX_SIDE} are used"
                )
            }
            ImageError::WrongSize {
                path,
                side,
                expected,
            } => write!(
                f,
                "{path} is {side} × {side} and the others {expected} × {expected}"
            ),
            ImageError::BadPixels { path } => {
                write!(f, "{path} does not hold the pixels its size says")
            }
        }
    }
}

/// Grey levels in [0, 1] (transparency shows white paper), labels, and a seeded split.
pub fn to_split(
    images: &[DecodedImage],
    skipped: Vec<String>,
    seed: u64,
) -> Result<(Split, ImageSummary), ImageError> {
    if images.len() > MAX_IMAGES {
        return Err(ImageError::TooMany {
            images: images.len(),
        });
    }
    if images.len() < MIN_IMAGES {
        return Err(ImageError::TooFew {
            images: images.len(),
            skipped: skipped.len(),
        });
    }
    let side = images[0].side;
    for im in images {
        if !(4..=MAX_SIDE).contains(&im.side) {
            return Err(ImageError::BadSide {
                path: im.path.clone(),
                side: im.side,
            });
        }
        if im.side != side {
            return Err(ImageError::WrongSize {
                path: im.path.clone(),
                side: im.side,
                expected: side,
            });
        }
        if im.rgba.len() != (side * side * 4) as usize {
            return Err(ImageError::BadPixels {
                path: im.path.clone(),
            });
        }
    }
    let d = (side * side) as usize;
    let mut x = DMatrix::<f32>::zeros(images.len(), d);
    for (r, im) in images.iter().enumerate() {
        for (c, px) in im.rgba.chunks_exact(4).enumerate() {
            let grey =
                (0.299 * f32::from(px[0]) + 0.587 * f32::from(px[1]) + 0.114 * f32::from(px[2]))
                    / 255.0;
            let alpha = f32::from(px[3]) / 255.0;
            x[(r, c)] = grey * alpha + (1.0 - alpha);
        }
    }
    // Mostly light borders: dark strokes on paper. MNIST is light on dark, so turn it over.
    let s = side as usize;
    let border: Vec<usize> = (0..d)
        .filter(|&i| i / s == 0 || i / s == s - 1 || i % s == 0 || i % s == s - 1)
        .collect();
    let border_mean = border.iter().map(|&i| x.column(i).sum()).sum::<f32>()
        / (border.len() * images.len()) as f32;
    let inverted = border_mean > 0.5;
    if inverted {
        x.apply(|v| *v = 1.0 - *v);
    }
    let (names, source) = labels(images);
    let mut class_names: Vec<String> = Vec::new();
    let mut labels = Vec::with_capacity(images.len());
    for n in &names {
        let k = match class_names.iter().position(|c| c == n) {
            Some(k) => k,
            None => {
                class_names.push(n.clone());
                class_names.len() - 1
            }
        };
        labels.push(k as u8);
    }
    let classes = class_names
        .iter()
        .enumerate()
        .map(|(k, n)| {
            (
                n.clone(),
                labels.iter().filter(|&&l| usize::from(l) == k).count(),
            )
        })
        .collect();
    let n = images.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut StdRng::seed_from_u64(seed));
    let n_test = ((n as f32 * 0.2).round() as usize).clamp(1, n - 1);
    let (test_idx, train_idx) = order.split_at(n_test);
    let shape = SampleShape::Image {
        width: s,
        height: s,
    };
    let whole = Dataset {
        x,
        labels,
        shape,
        class_names,
    };
    let split = Split {
        train: whole.subset(train_idx),
        test: whole.subset(test_idx),
    };
    let summary = ImageSummary {
        images: n,
        side,
        labels: source,
        classes,
        inverted,
        skipped,
        n_train: split.train.len(),
        n_test: split.test.len(),
    };
    Ok((split, summary))
}

/// A class name per image: the folder each is in when they are in several, else the part of
/// the file name before a separator or its trailing number (`cat_01.png`, `cat01.png`), else
/// one class. Names that give every image its own class, or too many classes, are no labels.
fn labels(images: &[DecodedImage]) -> (Vec<String>, LabelSource) {
    let folder = |p: &str| {
        p.rsplit_once('/')
            .map(|(dir, _)| dir.rsplit('/').next().unwrap_or(dir).to_string())
    };
    let prefix = |p: &str| {
        let file = p.rsplit('/').next().unwrap_or(p);
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        let cut = stem.split(['_', '-', ' ']).next().unwrap_or(stem);
        let cut = if cut.len() < stem.len() {
            cut
        } else {
            stem.trim_end_matches(|c: char| c.is_ascii_digit())
        };
        cut.chars().take(30).collect::<String>()
    };
    let usable = |names: &[String]| {
        let distinct: std::collections::BTreeSet<&String> = names.iter().collect();
        distinct.len() >= 2
            && distinct.len() <= MAX_CLASSES
            && distinct.len() < names.len()
            && names.iter().all(|n| !n.is_empty())
    };
    let by_folder: Vec<String> = images
        .iter()
        .map(|i| folder(&i.path).unwrap_or_default())
        .collect();
    if usable(&by_folder) {
        return (by_folder, LabelSource::Folders);
    }
    let by_name: Vec<String> = images.iter().map(|i| prefix(&i.path)).collect();
    if usable(&by_name) {
        return (by_name, LabelSource::FileNames);
    }
    (vec!["all".into(); images.len()], LabelSource::None)
}

#[cfg(test)]
mod tests;
