//! A seeded fuzz of the model-file reader: real files of several variants, damaged in every
//! way a download or a hand can damage them (bits flipped, cut short, spans overwritten,
//! bytes inserted or dropped), half of them with the header repaired so the damage reaches
//! the payload's decoder. Nothing may panic; every file is either loaded (and then trains)
//! or refused with a message, and a refusal leaves the session's run as it was.

use crate::fuzz;
use fuzz::cases;
use std::panic::{AssertUnwindSafe, catch_unwind};

use autoencoder_lab::data::{DATA_SEED, DatasetId, synthetic};
use autoencoder_lab::link::from_query;
use autoencoder_lab::protocol::{Command, Report};
use autoencoder_lab::session::Session;
use autoencoder_lab::store::{fnv1a, model_file};
use autoencoder_lab::train::Trainer;
use rand::{RngExt, SeedableRng, rngs::StdRng};

const LINKS: &[&str] = &[
    "data=moons&hidden=8&code=2",
    "data=moons&hidden=8&code=2&opt=momentum&lr=0.01",
    "data=moons&hidden=8&code=2&vae=1&beta=1",
    "data=moons&hidden=8&code=2&ksparse=1",
    "data=moons&hidden=8&code=4&code_act=sigmoid&binary=4",
    "data=moons&hidden=&code=2&concrete=1",
    "data=moons&hidden=8,4&code=2&pretrain=1",
];

fn clock() -> f64 {
    0.0
}

/// A session on the two moons, trained past any pretraining, and its saved file.
fn saved(link: &str) -> (Session, Vec<u8>) {
    let (settings, _) = from_query(link);
    let config = settings.to_config(settings.dataset.shape());
    let mut s = Session::new();
    s.handle(
        Command::LoadData {
            dataset: DatasetId::TwoMoons,
            asset: None,
        },
        &clock,
    );
    s.handle(
        Command::Configure {
            config: Box::new(config),
        },
        &clock,
    );
    for _ in 0..120 {
        s.handle(Command::Step, &clock);
    }
    let out = s.handle(Command::SaveModel { link: link.into() }, &clock);
    let Some(Report::ModelFile(f)) = out.into_iter().next() else {
        panic!("{link}: not saved");
    };
    (s, f.bytes)
}

fn damage(good: &[u8], rng: &mut StdRng) -> Vec<u8> {
    let mut b = good.to_vec();
    match rng.random_range(0..6) {
        0 => {
            for _ in 0..rng.random_range(1..9) {
                let i = rng.random_range(0..b.len());
                b[i] ^= 1 << rng.random_range(0..8);
            }
        }
        1 => b.truncate(rng.random_range(0..b.len())),
        2 => {
            let i = rng.random_range(0..b.len());
            let n = rng.random_range(1..64).min(b.len() - i);
            b[i..i + n].iter_mut().for_each(|x| *x = rng.random());
        }
        3 => {
            let i = rng.random_range(0..=b.len());
            let extra: Vec<u8> = (0..rng.random_range(1..16)).map(|_| rng.random()).collect();
            b.splice(i..i, extra);
        }
        4 => {
            let i = rng.random_range(0..b.len());
            let n = rng.random_range(1..16).min(b.len() - i);
            b.drain(i..i + n);
        }
        _ => {
            b.truncate(8);
            b.extend((0..rng.random_range(0..200)).map(|_| rng.random::<u8>()));
        }
    }
    // Half the time the header is made consistent again, so the decoder and the checks
    // behind it see the damage instead of the checksum catching it.
    if b.len() >= 22 && rng.random_bool(0.5) {
        b[..8].copy_from_slice(model_file::MAGIC);
        b[8..10].copy_from_slice(&model_file::VERSION.to_le_bytes());
        let n = (b.len() - 22) as u32;
        b[10..14].copy_from_slice(&n.to_le_bytes());
        let sum = fnv1a(&b[22..]);
        b[14..22].copy_from_slice(&sum.to_le_bytes());
    }
    b
}

#[test]
fn damaged_model_files_are_refused_or_loaded_never_panic() {
    let cases = cases();
    let mut rng = StdRng::seed_from_u64(0xf11e);
    let seeds: Vec<(Session, Vec<u8>)> = LINKS.iter().map(|l| saved(l)).collect();
    let (mut read_ok, mut loaded, mut refused) = (0usize, 0usize, 0usize);
    let mut reasons = std::collections::BTreeMap::<String, usize>::new();
    let mut sessions: Vec<Session> = seeds.iter().map(|(_, _)| fresh()).collect();
    let moons = synthetic::generate(DatasetId::TwoMoons, DATA_SEED).expect("synthetic");
    for case in 0..cases {
        let which = case % seeds.len();
        let bytes = damage(&seeds[which].1, &mut rng);
        let read = catch_unwind(AssertUnwindSafe(|| model_file::read(&bytes)));
        let Ok(read) = read else {
            panic!("case {case}: the reader panicked on {} bytes", bytes.len());
        };
        match read {
            Err(e) => {
                let key = format!("{e}");
                let key = key.split(['(', ':']).next().unwrap_or("").to_string();
                *reasons.entry(key).or_default() += 1;
            }
            // Past the first 20,000 the resume checks are fuzzed without the session's
            // PCA and metrics, which would make a million cases take most of an hour.
            Ok(file) if case >= 20_000 => {
                read_ok += 1;
                let train = moons.train.clone();
                let resumed = catch_unwind(AssertUnwindSafe(|| {
                    Trainer::resume(file.config, train, file.state).map(|mut t| t.step(1).is_ok())
                }));
                match resumed {
                    Err(_) => panic!("case {case}: resuming a readable file panicked"),
                    Ok(Ok(_)) => loaded += 1,
                    Ok(Err(why)) => {
                        assert!(!why.is_empty());
                        refused += 1;
                    }
                }
            }
            Ok(_) => {
                read_ok += 1;
                let s = &mut sessions[which];
                let out = catch_unwind(AssertUnwindSafe(|| {
                    let mut out = s.handle(
                        Command::LoadModel {
                            bytes: bytes.clone(),
                        },
                        &clock,
                    );
                    if matches!(out.first(), Some(Report::Loaded(_))) {
                        out.extend(s.handle(Command::Step, &clock));
                    }
                    out
                }));
                let Ok(out) = out else {
                    panic!("case {case}: loading a readable file panicked");
                };
                match out.first() {
                    Some(Report::Loaded(_)) => loaded += 1,
                    Some(Report::FileRefused { message }) => {
                        assert!(message.contains("unchanged"), "case {case}: {message}");
                        refused += 1;
                    }
                    other => panic!("case {case}: neither loaded nor refused: {other:?}"),
                }
            }
        }
    }
    println!(
        "model files: {cases} damaged files, none panicked; {read_ok} read past the header and \
         decoder, of which {loaded} loaded and trained, {refused} refused by the session"
    );
    println!("refused by the reader: {reasons:?}");
    assert!(
        read_ok > cases / 50,
        "the fuzz reaches the session: {read_ok}"
    );
    assert!(
        reasons.len() >= 4,
        "every kind of refusal is reached: {reasons:?}"
    );
}

fn fresh() -> Session {
    let mut s = Session::new();
    s.handle(
        Command::LoadData {
            dataset: DatasetId::TwoMoons,
            asset: None,
        },
        &clock,
    );
    s
}
