//! Semantic hashing on MNIST: 16-bit codes of a binary autoencoder against 16-bit LSH and PCA
//! hashing, all test items as queries against the training items. The figures go in docs/applications.md
//! and the closing note; the page shows the same three rows.

use crate::deep;

use autoencoder_lab::analysis::Pca;
use autoencoder_lab::analysis::hashing::baselines::{code_bits, lsh, pca_hash};
use autoencoder_lab::analysis::hashing::quality::{Quality, quality};
use autoencoder_lab::data::DatasetId;
use autoencoder_lab::link::from_query;
use autoencoder_lab::link::presets::SEMANTIC_HASHING;
use autoencoder_lab::models::penalty::binary_code::BinaryCode;
use autoencoder_lab::nn::Activation;
use autoencoder_lab::protocol::{Command, Report};
use autoencoder_lab::session::Session;
use autoencoder_lab::train::Trainer;
use deep::{mnist, model_cfg, train_cfg};

const BITS: usize = 16;
/// The "Semantic hashing" preset's net and budget: 784-512-256-16 with a sigmoid code, noise
/// σ = 6, and a per-unit KL penalty to a rate of 0.5 (λ = 0.003) that balances the bits.
/// Without that penalty the codes fill fewer buckets and PCA hashing wins within radius 2
/// (0.613-0.641 against 0.646 with σ = 6-8 for seeds 1, 2); with it, seeds 1, 2, 3 and 5 give
/// 0.681, 0.674, 0.680, 0.672.
const SAMPLES: u64 = 180_000;

fn show(name: &str, q: &Quality) {
    println!(
        "{name:>18}: precision within radius 2 {:.3} ({:.0} % of queries find something), MAP {:.3}",
        q.precision_r2,
        q.found_r2 * 100.0,
        q.map
    );
}

#[test]
fn binary_autoencoder_codes_beat_lsh_and_pca_hashing_at_16_bits() {
    let split = mnist();
    let (train, test) = (&split.train, &split.test);
    // Exactly the page's preset.
    let (settings, notes) = from_query(SEMANTIC_HASHING);
    assert!(notes.is_empty(), "{notes:?}");
    let tc = settings.to_config(train.shape);
    assert_eq!(
        (tc.model.code_dim, tc.model.hidden.clone()),
        (BITS, vec![512, 256])
    );
    let mut t = Trainer::new(tc, train.clone()).expect("valid");
    while t.samples_seen() < SAMPLES {
        t.step(16).expect("trains");
    }
    let (db, q) = code_bits(&t.encode(&train.x), &t.encode(&test.x), BITS, true);
    let ae = quality(&db, &train.labels, &q, &test.labels, BITS);
    let (db, q) = lsh(&train.x, &test.x, BITS, 7);
    let random = quality(&db, &train.labels, &q, &test.labels, BITS);
    let pca = Pca::fit_top(&train.x, BITS);
    let (db, q) = pca_hash(&pca, &train.x, &test.x, BITS);
    let pcah = quality(&db, &train.labels, &q, &test.labels, BITS);
    println!(
        "MNIST, {BITS} bits, {} queries against {} items, AE after {SAMPLES} samples:",
        test.len(),
        train.len()
    );
    show("binary AE", &ae);
    show("random-projection LSH", &random);
    show("PCA hashing", &pcah);
    let table = |codes: &[u64]| {
        let t = autoencoder_lab::analysis::hashing::HashTable::new(codes, BITS);
        (t.bucket_count(), t.largest_bucket())
    };
    let ae_codes = code_bits(&t.encode(&train.x), &t.encode(&test.x), BITS, true).0;
    println!(
        "buckets in use (count, fullest): AE {:?}, PCA {:?}",
        table(&ae_codes),
        table(&pca_hash(&pca, &train.x, &test.x, BITS).0)
    );
    // Ranking by Hamming distance: the binary code is clearly ahead of both.
    assert!(ae.map > 1.2 * pcah.map && ae.map > 1.5 * random.map);
    // Within radius 2 too, by a margin well past the spread over seeds (0.672-0.681).
    assert!(ae.precision_r2 > random.precision_r2 + 0.1);
    assert!(ae.precision_r2 > pcah.precision_r2 + 0.02);
}

#[test]
fn the_session_measures_then_looks_up_and_refuses_what_it_cannot_do() {
    let mut s = Session::new();
    let clock = || 0.0;
    let rejected = |out: Vec<Report>, says: &str| {
        assert!(
            matches!(out.as_slice(), [Report::Rejected { message }] if message.contains(says)),
            "{out:?}"
        )
    };
    rejected(
        s.handle(Command::MeasureRetrieval { bits: 8 }, &clock),
        "Train a model first",
    );
    s.handle(
        Command::LoadData {
            dataset: DatasetId::Blobs,
            asset: None,
        },
        &clock,
    );
    let mut cfg = model_cfg(10, vec![16], 8);
    cfg.code_activation = Activation::Sigmoid;
    let mut tc = train_cfg(cfg, 3);
    tc.regularization.binary_code = Some(BinaryCode { noise: 4.0 });
    s.handle(
        Command::Configure {
            config: Box::new(tc.clone()),
        },
        &clock,
    );
    for _ in 0..20 {
        s.handle(Command::Step, &clock);
    }
    rejected(
        s.handle(
            Command::Lookup {
                query: 0,
                radius: 2,
            },
            &clock,
        ),
        "Measure retrieval first",
    );
    rejected(
        s.handle(Command::MeasureRetrieval { bits: 16 }, &clock),
        "8 units",
    );
    rejected(
        s.handle(Command::MeasureRetrieval { bits: 7 }, &clock),
        "8, 16 or 32",
    );
    let report = match s
        .handle(Command::MeasureRetrieval { bits: 8 }, &clock)
        .as_slice()
    {
        [Report::Retrieval(r)] => r.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(report.methods.len(), 3);
    assert!(report.buckets >= 1 && report.largest_bucket <= report.database_items);
    for m in &report.methods {
        assert_eq!(m.pr_curve.len(), 9, "radius 0 to 8");
        assert!(
            (m.pr_curve[8].0 - 1.0).abs() < 1e-6,
            "radius 8 finds every relevant item"
        );
    }
    let found = match s
        .handle(
            Command::Lookup {
                query: 3,
                radius: 2,
            },
            &clock,
        )
        .as_slice()
    {
        [Report::Neighbours(n)] => n.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        (found.query, found.radius, found.probes),
        (3, 2, 1 + 8 + 28)
    );
    assert!(found.hits.windows(2).all(|w| w[0] <= w[1]) && found.hits.iter().all(|h| h.0 <= 2));
    assert!(found.within as usize >= found.hits.len() && !found.scan.is_empty());
    rejected(
        s.handle(
            Command::Lookup {
                query: 1_000_000,
                radius: 1,
            },
            &clock,
        ),
        "no test item",
    );
    // A new model drops the table: its codes would be another model's.
    s.handle(
        Command::Configure {
            config: Box::new(tc),
        },
        &clock,
    );
    rejected(
        s.handle(
            Command::Lookup {
                query: 0,
                radius: 2,
            },
            &clock,
        ),
        "Measure retrieval first",
    );
}
