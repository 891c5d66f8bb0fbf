//! Decoding the shipped image assets (`assets/*.bin.gz`, written by `scripts/make_datasets.py`).
//!
//! The download is untrusted input: it may be truncated, corrupted or not an asset at all (an
//! HTML error page from a misconfigured host). Every field is checked before it is used, and
//! every failure is a typed [`AssetError`] the page can show next to a retry button.
//!
//! Layout (little-endian, usually gzip-compressed as a whole):
//! `b"AELAB1\0\0"`, `u32` n_train, n_test, width, height, n_classes, then per class a `u8`
//! length and UTF-8 name, then one `u8` label per item, then `u8` pixels, item after item.

use std::fmt;
#[cfg(not(target_arch = "wasm32"))]
use std::io::Read;

#[cfg(not(target_arch = "wasm32"))]
use flate2::read::GzDecoder;
use nalgebra::DMatrix;

use super::{Dataset, SampleShape, Split};

const MAGIC: &[u8; 8] = b"AELAB1\0\0";
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// Caps that keep a hostile header from asking for gigabytes.
const MAX_ITEMS: usize = 200_000;
const MAX_SIDE: usize = 64;

/// Why an asset could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssetError {
    /// The gzip stream is damaged or ends early.
    Corrupt(String),
    /// The bytes are not an Autoencoder Lab asset at all.
    BadMagic,
    /// The header describes an impossible dataset.
    BadHeader(String),
    /// The body is shorter or longer than the header says.
    WrongLength { expected: usize, actual: usize },
    /// A label names a class that does not exist.
    BadLabel {
        index: usize,
        label: u8,
        n_classes: usize,
    },
}

impl fmt::Display for AssetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssetError::Corrupt(why) => {
                write!(f, "the download is damaged or incomplete ({why})")
            }
            AssetError::BadMagic => write!(f, "the server did not send a dataset file"),
            AssetError::BadHeader(why) => write!(f, "the dataset header is invalid: {why}"),
            AssetError::WrongLength { expected, actual } => write!(
                f,
                "the dataset is {actual} bytes but its header promises {expected}: \
                 the download was probably cut short"
            ),
            AssetError::BadLabel {
                index,
                label,
                n_classes,
            } => write!(
                f,
                "item {index} has label {label}, but there are only {n_classes} classes"
            ),
        }
    }
}

impl std::error::Error for AssetError {}

/// Decode an asset (gzip-compressed or already decompressed).
///
/// In the browser the page decompresses with the browser's own `DecompressionStream`, off
/// the main thread and without an inflater in either wasm binary; there a still-compressed
/// asset is an error.
pub fn decode(bytes: &[u8]) -> Result<Split, AssetError> {
    if bytes.starts_with(&GZIP_MAGIC) {
        let raw = gunzip(bytes)?;
        parse(&raw)
    } else {
        parse(bytes)
    }
}

#[cfg(target_arch = "wasm32")]
fn gunzip(_: &[u8]) -> Result<Vec<u8>, AssetError> {
    Err(AssetError::Corrupt(
        "it is still gzip-compressed (the page decompresses assets before reading them)".into(),
    ))
}

#[cfg(not(target_arch = "wasm32"))]
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, AssetError> {
    let mut out = Vec::with_capacity(bytes.len() * 5);
    // The limit stops a decompression bomb: no valid asset is larger than this.
    let limit = (MAX_ITEMS * (MAX_SIDE * MAX_SIDE + 1) + 4096) as u64;
    GzDecoder::new(bytes)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| AssetError::Corrupt(e.to_string()))?;
    Ok(out)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], AssetError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| AssetError::BadHeader("it ends mid-header".into()))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<usize, AssetError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }
}

fn parse(bytes: &[u8]) -> Result<Split, AssetError> {
    if !bytes.starts_with(MAGIC) {
        return Err(AssetError::BadMagic);
    }
    let mut r = Reader {
        bytes,
        pos: MAGIC.len(),
    };
    let (n_train, n_test) = (r.u32()?, r.u32()?);
    let (width, height, n_classes) = (r.u32()?, r.u32()?, r.u32()?);
    if n_train == 0 || n_test == 0 || n_train.saturating_add(n_test) > MAX_ITEMS {
        return Err(AssetError::BadHeader(format!(
            "{n_train} train and {n_test} test items (each must be 1 or more, {MAX_ITEMS} in all)"
        )));
    }
    if !(1..=MAX_SIDE).contains(&width) || !(1..=MAX_SIDE).contains(&height) {
        return Err(AssetError::BadHeader(format!(
            "images of {width}x{height} pixels"
        )));
    }
    if !(2..=255).contains(&n_classes) {
        return Err(AssetError::BadHeader(format!("{n_classes} classes")));
    }
    let mut class_names = Vec::with_capacity(n_classes);
    for _ in 0..n_classes {
        let len = r.take(1)?[0] as usize;
        let name = std::str::from_utf8(r.take(len)?)
            .map_err(|_| AssetError::BadHeader("a class name is not UTF-8".into()))?;
        class_names.push(name.to_string());
    }
    let n = n_train + n_test;
    let dim = width * height;
    let expected = r.pos + n + n * dim;
    if bytes.len() != expected {
        return Err(AssetError::WrongLength {
            expected,
            actual: bytes.len(),
        });
    }
    let labels = r.take(n)?;
    if let Some(index) = labels.iter().position(|&l| l as usize >= n_classes) {
        return Err(AssetError::BadLabel {
            index,
            label: labels[index],
            n_classes,
        });
    }
    let pixels = r.take(n * dim)?;
    let shape = SampleShape::Image { width, height };
    let make = |range: std::ops::Range<usize>| Dataset {
        x: DMatrix::from_fn(range.len(), dim, |i, j| {
            f32::from(pixels[(range.start + i) * dim + j]) / 255.0
        }),
        labels: labels[range].to_vec(),
        shape,
        class_names: class_names.clone(),
    };
    Ok(Split {
        train: make(0..n_train),
        test: make(n_train..n),
    })
}

// Native only: the tests make gzip files with flate2, which wasm builds do not carry (the
// browser tests in tests/browser.rs cover the page's path).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// A valid tiny asset: 3 train + 1 test images of 2x2 pixels, 2 classes.
    fn tiny_raw() -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        for v in [3u32, 1, 2, 2, 2] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        for name in ["zero", "one"] {
            b.push(name.len() as u8);
            b.extend_from_slice(name.as_bytes());
        }
        b.extend_from_slice(&[0, 1, 1, 0]);
        b.extend((0..16).map(|i| (i * 17) as u8));
        b
    }

    fn gzip(raw: &[u8]) -> Vec<u8> {
        use flate2::{Compression, write::GzEncoder};
        use std::io::Write;
        let mut enc = GzEncoder::new(Vec::new(), Compression::best());
        enc.write_all(raw).expect("in-memory write");
        enc.finish().expect("in-memory finish")
    }

    #[test]
    fn decodes_raw_and_gzip_the_same() {
        let raw = decode(&tiny_raw()).expect("raw decodes");
        let gz = decode(&gzip(&tiny_raw())).expect("gzip decodes");
        assert_eq!(raw.train.x, gz.train.x);
        assert_eq!(raw.train.len(), 3);
        assert_eq!(raw.test.len(), 1);
        assert_eq!(raw.train.labels, vec![0, 1, 1]);
        assert_eq!(raw.test.labels, vec![0]);
        assert_eq!(raw.train.class_names, vec!["zero", "one"]);
        assert_eq!(raw.train.x[(1, 0)], 68.0 / 255.0);
        assert_eq!(raw.test.x[(0, 3)], 1.0);
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let raw = tiny_raw();
        let gz = gzip(&raw);
        for cut in 0..raw.len() {
            assert!(decode(&raw[..cut]).is_err(), "raw cut at {cut} accepted");
        }
        for cut in 0..gz.len() {
            assert!(decode(&gz[..cut]).is_err(), "gzip cut at {cut} accepted");
        }
    }

    #[test]
    fn garbage_is_rejected_with_the_right_error() {
        assert_eq!(
            decode(b"<!DOCTYPE html><html>404</html>").unwrap_err(),
            AssetError::BadMagic
        );
        assert!(matches!(
            decode(&[0x1f, 0x8b, 1, 2, 3]),
            Err(AssetError::Corrupt(_))
        ));
        let mut extra = tiny_raw();
        extra.push(0);
        assert!(matches!(
            decode(&extra),
            Err(AssetError::WrongLength { .. })
        ));
        let mut bad_label = tiny_raw();
        let label_at = bad_label.len() - 16 - 4;
        bad_label[label_at] = 7;
        assert!(matches!(
            decode(&bad_label),
            Err(AssetError::BadLabel { index: 0, .. })
        ));
        let mut huge = tiny_raw();
        huge[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(decode(&huge), Err(AssetError::BadHeader(_))));
        // Flipped bits in the compressed body fail the gzip CRC or the inflater.
        let mut flipped = gzip(&tiny_raw());
        let mid = flipped.len() / 2;
        flipped[mid] ^= 0xff;
        assert!(decode(&flipped).is_err());
    }

    #[test]
    fn shipped_assets_decode_with_the_documented_split() {
        let root = env!("CARGO_MANIFEST_DIR");
        for (file, train, test) in [("mnist", 8000, 2000), ("fashion", 5440, 1360)] {
            let bytes = std::fs::read(format!("{root}/assets/{file}.bin.gz")).expect("asset");
            let split = decode(&bytes).expect("shipped asset decodes");
            assert_eq!(
                (split.train.len(), split.test.len()),
                (train, test),
                "{file}"
            );
            let id = crate::data::DatasetId::from_slug(file).expect("a dataset");
            assert_eq!(split.train.shape, id.shape(), "{file}");
            assert_eq!(split.train.n_classes(), 10);
            let mut seen = [false; 10];
            split
                .test
                .labels
                .iter()
                .for_each(|&l| seen[l as usize] = true);
            assert!(
                seen.iter().all(|&s| s),
                "{file}: every class in the test set"
            );
        }
    }
}
