//! A seeded fuzz of the image path after the browser has decoded the files: sets of images
//! of random and mismatched sizes, pixel buffers of the wrong length, and paths of every
//! shape (folders, prefixes, numbers, unicode, empty). Nothing may panic; a set that is
//! used is a consistent split of grey levels in [0, 1], and a refusal has a message.

use crate::fuzz;
use fuzz::cases;
use std::panic::{AssertUnwindSafe, catch_unwind};

use autoencoder_lab::data::images::{DecodedImage, to_split};
use rand::{RngExt, SeedableRng, rngs::StdRng};

const PARTS: &[&str] = &[
    "cat", "dog", "3", "a", "", "Ω", "🙂", "img", "scan 2", "x_y", "-", "_", ".", "..", "/",
];

fn path(rng: &mut StdRng) -> String {
    let folders = rng.random_range(0..3);
    let mut p = String::new();
    for _ in 0..folders {
        p.push_str(PARTS[rng.random_range(0..PARTS.len())]);
        p.push('/');
    }
    p.push_str(PARTS[rng.random_range(0..PARTS.len())]);
    p.push(['_', '-', ' ', '0', '7'][rng.random_range(0..5)]);
    p.push_str(&rng.random_range(0..40).to_string());
    p.push_str([".png", ".jpg", "", ".tar.gz"][rng.random_range(0..4)]);
    p
}

fn image_set(rng: &mut StdRng) -> Vec<DecodedImage> {
    let n = rng.random_range(0..40);
    let side = [4u32, 8, 16, 28, 3, 0, 65, 7][rng.random_range(0..8)];
    (0..n)
        .map(|_| {
            let s = if rng.random_bool(0.02) {
                rng.random_range(0..70)
            } else {
                side
            };
            let len = if rng.random_bool(0.02) {
                rng.random_range(0..5000)
            } else {
                (s * s * 4) as usize
            };
            let rgba = (0..len).map(|_| rng.random::<u8>()).collect();
            DecodedImage {
                path: path(rng),
                side: s,
                rgba,
            }
        })
        .collect()
}

#[test]
fn decoded_image_sets_are_used_consistently_or_refused_never_panic() {
    let cases = cases();
    let mut rng = StdRng::seed_from_u64(0x1a6e);
    let (mut used, mut refused) = (0usize, 0usize);
    let mut reasons = std::collections::BTreeMap::<String, usize>::new();
    for case in 0..cases {
        let images = image_set(&mut rng);
        let skipped = vec!["x.txt".to_string(); rng.random_range(0..3)];
        let seed = rng.random();
        let Ok(result) = catch_unwind(AssertUnwindSafe(|| to_split(&images, skipped, seed))) else {
            panic!("case {case}: panicked on {} images", images.len());
        };
        match result {
            Ok((split, summary)) => {
                used += 1;
                let (tr, te) = (&split.train, &split.test);
                assert_eq!(tr.len() + te.len(), images.len(), "case {case}");
                assert_eq!(tr.dim(), (summary.side * summary.side) as usize);
                assert!(
                    tr.x.iter()
                        .chain(te.x.iter())
                        .all(|v| (0.0..=1.0).contains(v))
                );
                let k = tr.class_names.len();
                assert!(
                    tr.labels
                        .iter()
                        .chain(&te.labels)
                        .all(|&l| usize::from(l) < k)
                );
                let counted: usize = summary.classes.iter().map(|c| c.1).sum();
                assert_eq!(counted, images.len(), "case {case}");
            }
            Err(e) => {
                refused += 1;
                let message = e.to_string();
                assert!(!message.is_empty());
                // By kind: the variant's name.
                let debug = format!("{e:?}");
                let kind = debug
                    .split([' ', '{', '('])
                    .next()
                    .unwrap_or("")
                    .to_string();
                *reasons.entry(kind).or_default() += 1;
            }
        }
    }
    println!(
        "images: {cases} decoded sets, none panicked; {used} used, {refused} refused with a message"
    );
    println!("refusals: {reasons:?}");
    assert!(
        used > cases / 10,
        "the fuzz reaches sets that are used: {used}"
    );
    assert!(
        reasons.len() >= 3,
        "several kinds of refusal are reached: {reasons:?}"
    );
}
