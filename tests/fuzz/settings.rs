//! A seeded fuzz of everything a student can type into the lab's address: random links built
//! from real keys and hostile values. None may panic; every link must leave a lab the page can
//! start (no field problems), that survives its own share link, and whose configuration the
//! trainer either refuses with a typed error or trains without panicking.

use crate::fuzz;
use fuzz::cases;
use std::panic::{AssertUnwindSafe, catch_unwind};

use autoencoder_lab::data::{Dataset, SampleShape};
use autoencoder_lab::link::{from_query, names, to_query};
use autoencoder_lab::train::Trainer;
use nalgebra::DMatrix;
use rand::{RngExt, SeedableRng, rngs::StdRng};

/// Keys that are not the codec's: empty, unknown, malformed, escaped, and the lesson and
/// classroom keys the codec passes over. The codec's own come from `query::names`,
/// so a new setting is fuzzed as soon as it has a key.
const OTHER_KEYS: &[&str] = &[
    "", "wat", "hidden[]", "=", "%68idden", "lesson", "step", "hide",
];

fn keys() -> Vec<&'static str> {
    names().chain(OTHER_KEYS.iter().copied()).collect()
}

const VALUES: &[&str] = &[
    // Real slugs.
    "mnist",
    "fashion",
    "swiss-roll",
    "moons",
    "circles",
    "blobs",
    "s-curve",
    "relu",
    "sigmoid",
    "tanh",
    "identity",
    "leaky-relu",
    "mse",
    "bce",
    "sgd",
    "momentum",
    "adam",
    "l1",
    "l2",
    "rate",
    "input",
    "unit",
    "kl",
    "mask",
    "saltpepper",
    "gauss",
    "bernoulli",
    "1",
    // Numbers, in range and out.
    "0",
    "2",
    "3",
    "16",
    "50",
    "64",
    "784",
    "785",
    "1024",
    "1025",
    "4097",
    "-1",
    "-0",
    "0.5",
    "0.05",
    "1e-3",
    "0.01",
    "10",
    "100",
    "1e30",
    "-1e30",
    "1e-45",
    "3.4e38",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "infinity",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999",
    "0x10",
    "1_000",
    " 5",
    "5 ",
    // Lists and garbage.
    "",
    ",",
    "8,0",
    "8,,8",
    "4,4,4,4,4",
    "1024,1024,1024,1024",
    "0.5,NaN,1",
    "1,1,1,1,1,1,1",
    "%20",
    "%00",
    "٣",
    "🙂",
    "&",
    "=",
    "a=b",
    "<script>",
    "\u{0}",
    "null",
    "true",
];

fn random_query(rng: &mut StdRng) -> String {
    let keys = keys();
    let n = rng.random_range(0..14);
    (0..n)
        .map(|_| {
            let k = keys[rng.random_range(0..keys.len())];
            let v = if rng.random_range(0..10) == 0 {
                // Now and then a random float printed in full, or random bytes as text.
                if rng.random_bool(0.5) {
                    format!("{}", rng.random_range(-1e4..1e4f32))
                } else {
                    (0..rng.random_range(1..6))
                        .map(|_| char::from(rng.random_range(0x20..0x7fu8)))
                        .collect()
                }
            } else {
                VALUES[rng.random_range(0..VALUES.len())].to_string()
            };
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A handful of random samples of the right shape, values in [0, 1].
fn tiny_data(shape: SampleShape, rng: &mut StdRng) -> Dataset {
    let n = 24;
    let x = DMatrix::from_fn(n, shape.dim(), |_, _| rng.random_range(0.0..1.0f32));
    Dataset {
        shape,
        x,
        labels: (0..n).map(|i| (i % 3) as u8).collect(),
        class_names: vec!["a".into(), "b".into(), "c".into()],
    }
}

#[test]
fn random_links_never_panic_and_always_leave_a_startable_lab() {
    let mut rng = StdRng::seed_from_u64(0xf022);
    let cases = cases();
    let (mut trained, mut refused, mut diverged) = (0, 0, 0);
    // How many links kept each variant switched on: the fuzz must reach all of them.
    let mut reached = [0usize; 7];
    for case in 0..cases {
        let query = random_query(&mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| from_query(&query)));
        let Ok((settings, _notes)) = outcome else {
            panic!("case {case}: from_query panicked on {query:?}");
        };
        assert!(
            settings.problems().is_empty(),
            "case {case}: {query:?} left problems {:?}",
            settings.problems()
        );
        let r = &settings.config.regularization;
        let on = [
            r.k_sparse.is_some(),
            r.activity.is_some(),
            r.noise.is_some(),
            r.contractive.is_some(),
            r.concrete.is_some(),
            r.pretrain.is_some(),
            settings.config.model.vae.is_some(),
        ];
        reached
            .iter_mut()
            .zip(on)
            .for_each(|(n, on)| *n += usize::from(on));
        let link = to_query(&settings);
        let (again, notes) = from_query(&link);
        assert_eq!(again, settings, "case {case}: {query:?} → {link:?}");
        assert!(
            notes.is_empty(),
            "case {case}: its share link {link:?}: {notes:?}"
        );

        // Build and train a few of them (among the first 20,000, so a long run stays a
        // fuzz of the parser); image-sized nets cost more, so fewer of those.
        let image = settings.dataset.is_image();
        if case >= 20_000 || case % if image { 100 } else { 25 } != 0 {
            continue;
        }
        let shape = settings.dataset.shape();
        let data = tiny_data(shape, &mut rng);
        let run = catch_unwind(AssertUnwindSafe(|| {
            match Trainer::new(settings.to_config(shape), data) {
                Err(e) => {
                    println!("case {case}: refused {query:?}: {e}");
                    Err(())
                }
                Ok(mut t) => Ok(t.step(3).is_ok()),
            }
        }));
        match run {
            Err(_) => panic!("case {case}: training panicked for {query:?} → {link:?}"),
            Ok(Err(())) => refused += 1,
            Ok(Ok(true)) => trained += 1,
            Ok(Ok(false)) => diverged += 1,
        }
    }
    println!(
        "address bar: {cases} links, none panicked; trained {trained}, refused with a message \
         {refused}, diverged and rolled back {diverged}"
    );
    println!(
        "links keeping k-sparse, activity, noise, contractive, concrete, pretraining, VAE: \
         {reached:?}"
    );
    assert!(trained > 100, "the fuzz reaches training");
    // The settings' own checks are the worker's: nothing they pass is refused by it.
    assert_eq!(
        refused, 0,
        "settings without problems that the trainer refused"
    );
    assert!(
        reached.iter().all(|&n| n >= 10),
        "every variant is fuzzed: {reached:?}"
    );
}
