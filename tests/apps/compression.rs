//! Compression on MNIST: an autoencoder's quantised code against PCA's quantised
//! coefficients, bits per image against PSNR; the figures at 64 bits go in the closing note
//! and docs/applications.md (JPEG and WebP are the browser's, measured in the end-to-end test).

use autoencoder_lab::link::from_query;
use autoencoder_lab::protocol::compression::CompressionReport;
use autoencoder_lab::protocol::{Command, Report};

/// About what the page reaches in 30 s here.
const SAMPLES: u64 = 120_000;

fn nearest(r: &CompressionReport, curve: usize, bits: f32) -> (f32, f32, String) {
    let p = r.curves[curve]
        .points
        .iter()
        .min_by(|a, b| (a.bits - bits).abs().total_cmp(&(b.bits - bits).abs()))
        .expect("points");
    (p.bits, p.psnr, p.label.clone())
}

#[test]
fn quantised_codes_trace_rate_distortion_curves_and_the_autoencoder_wins_at_64_bits() {
    let start = std::time::Instant::now();
    let clock = || start.elapsed().as_secs_f64() * 1000.0;
    let mut s = crate::deep::mnist_session(&clock);
    let rejected = s.handle(Command::MeasureCompression { rate_bits: 64 }, &clock);
    assert!(matches!(rejected.as_slice(), [Report::Rejected { .. }]));
    // A 16-unit code: at 4 bits per unit it costs 64 bits.
    let (settings, _) = from_query("data=mnist&hidden=256&code=16");
    s.handle(
        Command::Configure {
            config: Box::new(settings.to_config(settings.dataset.shape())),
        },
        &clock,
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
    let r = match s
        .handle(Command::MeasureCompression { rate_bits: 64 }, &clock)
        .as_slice()
    {
        [Report::Compression(r)] => (**r).clone(),
        other => panic!("{other:?}"),
    };
    for c in &r.curves {
        println!("{}:", c.name);
        for p in &c.points {
            println!("  {:>16}: {:7.1} bits, {:5.2} dB", p.label, p.bits, p.psnr);
        }
        assert_eq!(c.shown.len(), 6, "six items at the chosen rate");
        assert!(c.points.windows(2).all(|w| w[0].bits <= w[1].bits));
    }
    // Fixed length: 16 × 2..8 bits, PSNR rising with every bit.
    let fixed = &r.curves[0].points;
    assert_eq!(
        fixed.iter().map(|p| p.bits).collect::<Vec<_>>(),
        [32.0, 48.0, 64.0, 80.0, 96.0, 112.0, 128.0]
    );
    assert!(fixed.windows(2).all(|w| w[1].psnr >= w[0].psnr - 0.05));
    // Entropy coding never costs more than the fixed length.
    assert!(
        r.curves[1]
            .points
            .iter()
            .zip(fixed)
            .all(|(e, f)| e.bits <= f.bits + 1e-3)
    );
    let ae = nearest(&r, 0, 64.0);
    let pca = nearest(&r, 2, 64.0);
    println!("at 64 bits: AE {ae:?}, PCA {pca:?}");
    assert_eq!(ae.0, 64.0);
    assert_eq!(pca.0, 64.0, "PCA's best 64-bit setting");
    // Each size on PCA's curve appears once, and costlier settings are better.
    let p = &r.curves[2].points;
    assert!(
        p.windows(2)
            .all(|w| w[0].bits < w[1].bits && w[0].psnr < w[1].psnr)
    );
    assert!(
        ae.1 > pca.1,
        "the autoencoder's 64 bits are worth more than PCA's"
    );
}
