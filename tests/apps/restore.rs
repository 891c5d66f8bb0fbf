//! Image restoration on MNIST: a net trained as a denoiser against the median filter, the
//! best Gaussian blur and PCA at the two noise settings; inpainting and
//! super-resolution from a test item and from a drawing, with their baselines.

use autoencoder_lab::analysis::imaging::Image;
use autoencoder_lab::analysis::imaging::restore::mnist_preprocess;
use autoencoder_lab::link::from_query;
use autoencoder_lab::models::noise::{Noise, NoiseKind};
use autoencoder_lab::protocol::restore::{RestoreInput, RestoreReport, RestoreTask};
use autoencoder_lab::protocol::{Command, Report};
use autoencoder_lab::session::Session;

/// Samples each net trains for: about what the page reaches in 15 s here.
const SAMPLES: u64 = 60_000;

fn session_trained(query: &str) -> Session {
    // The real clock, so reports cost what they cost on the page; the weights depend only on
    // the samples trained.
    let start = std::time::Instant::now();
    let clock = || start.elapsed().as_secs_f64() * 1000.0;
    let mut s = crate::deep::mnist_session(&clock);
    let (settings, notes) = from_query(query);
    assert!(notes.is_empty(), "{notes:?}");
    let out = s.handle(
        Command::Configure {
            config: Box::new(settings.to_config(settings.dataset.shape())),
        },
        &clock,
    );
    assert!(
        matches!(out.first(), Some(Report::Configured(_))),
        "{out:?}"
    );
    s.handle(Command::Play, &clock);
    let mut seen = 0;
    while seen < SAMPLES {
        for r in s.tick(&clock, 50.0) {
            if let Report::Progress(p) = r {
                seen = p.samples_seen;
            }
        }
    }
    s.handle(Command::Pause, &clock);
    s
}

fn restore(s: &mut Session, input: RestoreInput, task: RestoreTask) -> RestoreReport {
    match s
        .handle(Command::Restore { input, task }, &|| 0.0)
        .as_slice()
    {
        [Report::Restored(r)] => (**r).clone(),
        other => panic!("{other:?}"),
    }
}

fn show(r: &RestoreReport) {
    println!(
        "{} ({}): given {:.2} dB (mean {:.2})",
        r.task, r.note, r.corrupted_psnr, r.corrupted_mean_psnr
    );
    for m in &r.methods {
        println!(
            "  {:>40}: {:.2} dB, mean over {} items {:.2} dB",
            m.name, m.psnr, r.averaged_over, m.mean_psnr
        );
    }
}

#[test]
fn a_denoising_autoencoder_beats_the_median_filter_and_the_best_blur() {
    for (query, kind, level) in [
        (
            "data=mnist&hidden=256&code=64&noise=mask&nlevel=0.3",
            NoiseKind::Masking,
            0.3,
        ),
        (
            "data=mnist&hidden=256&code=64&noise=gauss&nlevel=0.3",
            NoiseKind::Gaussian,
            0.3,
        ),
    ] {
        let mut s = session_trained(query);
        let noise = Noise {
            kind,
            level,
            at_test: false,
        };
        let r = restore(
            &mut s,
            RestoreInput::TestItem(0),
            RestoreTask::Denoise { noise },
        );
        show(&r);
        assert_eq!(r.methods.len(), 4);
        let mean = |k: usize| r.methods[k].mean_psnr;
        assert!(
            mean(0) > mean(1) && mean(0) > mean(2),
            "AE beats median and blur"
        );
        assert!(
            mean(0) > r.corrupted_mean_psnr + 3.0,
            "it removes the noise"
        );
    }
}

/// A "7" drawn on a 112×112 pad, as the page's drawing pad would hand it over.
fn drawn_seven() -> Vec<f32> {
    let mut pad = vec![0.0f32; 112 * 112];
    let mut ink = |x: f32, y: f32| {
        for dy in -4..=4 {
            for dx in -4..=4 {
                let (px, py) = (x as isize + dx, y as isize + dy);
                if (0..112).contains(&px) && (0..112).contains(&py) {
                    pad[py as usize * 112 + px as usize] = 1.0;
                }
            }
        }
    };
    for t in 0..100 {
        let t = t as f32 / 100.0;
        ink(30.0 + 50.0 * t, 25.0);
        ink(80.0 - 30.0 * t, 25.0 + 65.0 * t);
    }
    let img = Image::new(112, 112, pad).expect("sized");
    mnist_preprocess(&img).expect("ink").pixels
}

#[test]
fn inpainting_and_super_resolution_run_from_a_test_item_and_a_drawing() {
    // A denoiser of masked pixels is the natural inpainter: it learnt to fill holes.
    let mut s = session_trained("data=mnist&hidden=256&code=32&noise=mask&nlevel=0.5");
    // A 10×10 square in the middle of the digit hidden.
    let known: Vec<bool> = (0..784)
        .map(|i| !((9..19).contains(&(i / 28)) && (9..19).contains(&(i % 28))))
        .collect();
    let drawing = drawn_seven();
    for input in [
        RestoreInput::TestItem(3),
        RestoreInput::Pixels(drawing.clone()),
    ] {
        let task = RestoreTask::Inpaint {
            known: known.clone(),
            iterations: 3,
        };
        let r = restore(&mut s, input.clone(), task);
        show(&r);
        assert_eq!(r.methods.len(), 3);
        assert!(
            r.methods
                .iter()
                .all(|m| m.psnr.is_finite() && m.pixels.len() == 784)
        );
        // The known pixels are given back untouched.
        let clean = &r.clean;
        assert!(r.methods.iter().all(|m| {
            (0..784)
                .filter(|&i| known[i])
                .all(|i| m.pixels[i] == clean[i])
        }));
        // Over the averaged items the iterated autoencoder fills the hole better than the
        // training mean does (measured: 9.1 dB against 7.4; PCA-32 8.7). More rounds are not
        // better: with 20 the hole drifts to 5.7 dB.
        assert!(r.methods[0].mean_psnr > r.methods[1].mean_psnr + 1.0);
        let sr = restore(&mut s, input, RestoreTask::SuperResolve);
        show(&sr);
        let names: Vec<&str> = sr.methods.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names[1..],
            [
                "Nearest upsampling",
                "Bilinear upsampling",
                "Bicubic upsampling"
            ]
        );
        // Smooth interpolation beats pixel repetition on digits.
        assert!(sr.methods[3].mean_psnr > sr.methods[1].mean_psnr);
    }
    assert_eq!(drawing.len(), 784);
    // The drawing in the latent scatter and beside PCA: every snapshot carries it until it
    // is taken back.
    let probe_of = |out: Vec<Report>| {
        out.into_iter()
            .find_map(|r| match r {
                Report::Snapshot(s) => Some(s.probe),
                _ => None,
            })
            .expect("a snapshot")
    };
    let shown = probe_of(s.handle(
        Command::SetProbe {
            pixels: Some(drawing.clone()),
        },
        &|| 0.0,
    ))
    .expect("the drawing is in the snapshot");
    assert!(
        shown
            .latent
            .iter()
            .chain(&shown.pca_latent)
            .all(|v| v.is_finite())
    );
    assert_eq!((shown.recon.len(), shown.pca_recon.len()), (784, 784));
    println!(
        "drawn 7: net MSE {:.4}, PCA-32 MSE {:.4}",
        shown.mse, shown.pca_mse
    );
    assert!(shown.mse < 0.1 && shown.pca_mse < 0.1);
    assert!(
        probe_of(s.handle(Command::Step, &|| 0.0)).is_some(),
        "it stays"
    );
    let gone = probe_of(s.handle(Command::SetProbe { pixels: None }, &|| 0.0));
    assert!(gone.is_none());
    let bad = s.handle(
        Command::SetProbe {
            pixels: Some(vec![0.5; 5]),
        },
        &|| 0.0,
    );
    assert!(matches!(bad.as_slice(), [Report::Rejected { message }] if message.contains("784")));
    // Bad requests are refused with a reason and change nothing.
    let refused = |s: &mut Session, input, task, says: &str| {
        let out = s.handle(Command::Restore { input, task }, &|| 0.0);
        assert!(
            matches!(out.as_slice(), [Report::Rejected { message }] if message.contains(says)),
            "{out:?}"
        );
    };
    let all_known = RestoreTask::Inpaint {
        known: vec![true; 784],
        iterations: 5,
    };
    refused(
        &mut s,
        RestoreInput::TestItem(0),
        all_known,
        "nothing is hidden",
    );
    let too_many = RestoreTask::Inpaint {
        known: known.clone(),
        iterations: 10_000,
    };
    refused(&mut s, RestoreInput::TestItem(0), too_many, "at most");
    refused(
        &mut s,
        RestoreInput::Pixels(vec![0.5; 10]),
        RestoreTask::SuperResolve,
        "28×28",
    );
    refused(
        &mut s,
        RestoreInput::TestItem(1_000_000),
        RestoreTask::SuperResolve,
        "no test item",
    );
}
