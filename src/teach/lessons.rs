//! Guided lessons on the reference text's claims: each step sets up an experiment (a link, the
//! same as a preset), says what to do and what to look for, and checks an observable on the
//! running model or asks a question whose answer is revealed on request.

use super::checks::Check;
use super::place::Panel;
use crate::link::presets::{
    BENCHMARK, HINTON, IDENTITY_ESCAPE, IDENTITY_TRAP, LINEAR_FASHION, SEMANTIC_HASHING, SPARSE,
    VAE_PLANE,
};

pub struct Step {
    pub title: &'static str,
    /// Two or three sentences: what to do, what to look for.
    pub text: &'static str,
    /// The experiment's settings as a link query; `None` keeps the current settings.
    pub setup: Option<&'static str>,
    pub check: Option<Check>,
    /// Samples of the step's experiment the check is judged at: before that it says how far
    /// the run has come (the figures the lesson's end-to-end test trains to).
    pub needs: u64,
    /// The panel the step talks about: opening the step brings it into view.
    pub panel: Panel,
    /// A question and its answer, shown on request.
    pub question: Option<(&'static str, &'static str)>,
}

pub struct Lesson {
    /// Used in links (`lesson=`) and in the browser's memory of progress.
    pub id: &'static str,
    pub title: &'static str,
    pub steps: &'static [Step],
}

/// A plain ReLU code and the same with the contractive penalty: after 60,000 samples on
/// MNIST ‖∂h/∂x‖² is about 535 against 5.1, for test MSE 0.014 against 0.024.
const PLAIN_RELU: &str = "data=mnist&hidden=&code=32&act=relu&code_act=relu&out=sigmoid&lr=0.003";
const CONTRACTIVE_RELU: &str =
    "data=mnist&hidden=&code=32&act=relu&code_act=relu&out=sigmoid&lr=0.003&cae=0.001";
const K_SPARSE: &str =
    "data=mnist&hidden=&code=64&act=relu&code_act=relu&out=sigmoid&ksparse=10&lr=0.001";
const CONCRETE_10: &str = "data=mnist&hidden=&code=10&concrete=10&t0=10&tend=0.1&tepochs=5";
const CONCRETE_40: &str = "data=mnist&hidden=&code=40&concrete=40&t0=10&tend=0.1&tepochs=5";
const VAE_BETA4: &str = "data=mnist&hidden=256,64&code=2&vae=1&beta=4&warmup=0&lik=bernoulli";
const ONE_CLASS: &str = "data=mnist&hidden=256&code=32";

/// The lessons, in teaching order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "basics",
        title: "1. What an autoencoder is",
        steps: &[
            Step {
                title: "Squeeze and rebuild",
                text: "The encoder squeezes each 784-pixel digit into a code of 2 numbers; the decoder rebuilds the image from those 2 alone. Press Play and watch the reconstructions sharpen and the test error fall.",
                setup: Some(BENCHMARK),
                check: Some(Check::MseBelowPca),
                needs: 60_000,
                panel: Panel::Latent,
                question: None,
            },
            Step {
                title: "What the code must throw away",
                text: "Compare the reconstructions with the originals: the digit's identity mostly survives, its style does not.",
                setup: None,
                check: None,
                needs: 0,
                panel: Panel::Recon,
                question: Some((
                    "Why can a 2-number code not rebuild every digit exactly?",
                    "An undercomplete code has fewer numbers than the input has pixels, so many images must share a code: the net keeps what varies most across the data (which digit, its slant) and averages away the rest. That loss is the reconstruction error.",
                )),
            },
        ],
    },
    Lesson {
        id: "linear",
        title: "2. A linear autoencoder is PCA",
        steps: &[
            Step {
                title: "Watch the subspaces meet",
                text: "No non-linearity anywhere, a 2-D code, Fashion-MNIST. Press Play and watch the panel \"A linear autoencoder is PCA\": the principal angles between the decoder's plane and PCA's top two components fall towards 0°.",
                setup: Some(LINEAR_FASHION),
                check: Some(Check::AnglesBelow(5.0)),
                needs: 300_000,
                panel: Panel::Linear,
                question: None,
            },
            Step {
                title: "The components, recovered",
                text: "The top row of images was computed from the decoder's weights alone; the bottom row is PCA's. They match up to sign.",
                setup: None,
                check: None,
                needs: 0,
                panel: Panel::Linear,
                question: Some((
                    "The decoder's weight columns themselves do not look like PCA's components. Why?",
                    "Any invertible 2 × 2 map C can be absorbed: decoder W·C and encoder C⁻¹·V reconstruct exactly as well. Training fixes the subspace, not the basis. An SVD of the weights gives an orthonormal basis of the subspace, and ordering it by the data's variance inside it gives back the components.",
                )),
            },
        ],
    },
    Lesson {
        id: "nonlinear",
        title: "3. Non-linearity beats PCA",
        steps: &[
            Step {
                title: "A 2-D code that separates digits",
                text: "784-256-64-2 with ReLU. Train it and compare its latent plot with PCA's: the classes sit apart. The table's 5-NN accuracy measures it.",
                setup: Some(BENCHMARK),
                check: Some(Check::KnnAbovePca(0.1)),
                needs: 60_000,
                panel: Panel::Latent,
                question: None,
            },
            Step {
                title: "Hinton's deep 30-D code",
                text: "784-1000-500-250-30, as in Hinton and Salakhutdinov (2006). With the same 30 numbers per image PCA-30 is a strong baseline; within a minute the deep code reconstructs better.",
                setup: Some(HINTON),
                check: Some(Check::MseBelowPca),
                needs: 30_000,
                panel: Panel::Latent,
                question: None,
            },
        ],
    },
    Lesson {
        id: "identity",
        title: "4. The identity trap and denoising",
        steps: &[
            Step {
                title: "An overcomplete code copies",
                text: "A linear code of 32 numbers for 10-D data can learn the identity map. Train it: the identity check under Inside the network shows it rebuilds random noise as well as data.",
                setup: Some(IDENTITY_TRAP),
                check: Some(Check::NoiseCopiedBelow(0.1)),
                needs: 100_000,
                panel: Panel::Inside,
                question: None,
            },
            Step {
                title: "Denoising escapes",
                text: "The same net, trained to rebuild clean inputs from noisy ones, cannot just copy: it has to learn where the data lie.",
                setup: Some(IDENTITY_ESCAPE),
                check: Some(Check::NoiseNotCopiedAbove(0.1)),
                needs: 100_000,
                panel: Panel::Inside,
                question: None,
            },
        ],
    },
    Lesson {
        id: "sparse",
        title: "5. Sparse codes",
        steps: &[
            Step {
                title: "KL to a target rate",
                text: "64 sigmoid code units, each pushed to fire 5 % of the time by a KL penalty (its formula is beside the control). The histogram under Inside the network shows each unit's rate.",
                setup: Some(SPARSE),
                check: Some(Check::CodeRateWithin(0.03, 0.08)),
                needs: 150_000,
                panel: Panel::Inside,
                question: None,
            },
            Step {
                title: "k-sparse: the k largest survive",
                text: "Here only the 10 largest of 64 ReLU code units pass for each digit. Train it and look at the first layer's features: strokes and parts rather than whole blurry digits.",
                setup: Some(K_SPARSE),
                check: None,
                needs: 0,
                panel: Panel::Inside,
                question: Some((
                    "What does each code unit come to stand for when only a few may be active at once?",
                    "A part that many digits share (a stroke, a loop): with few active units each must carry something useful alone, so features become local and distinct instead of spread over the whole image.",
                )),
            },
        ],
    },
    Lesson {
        id: "contractive",
        title: "6. Contractive: a code that holds still",
        steps: &[
            Step {
                title: "A plain run to compare with",
                text: "Train this plain autoencoder (a 32-unit ReLU code) for a few seconds, pause, and press \"Pin this run\" above the loss chart: its ‖∂h/∂x‖² curve stays on the chart under Inside the network.",
                setup: Some(PLAIN_RELU),
                check: None,
                needs: 0,
                panel: Panel::Loss,
                question: None,
            },
            Step {
                title: "Add the contractive penalty",
                text: "The same net with λ‖J_f(x)‖²_F added (λ = 0.001). Train it as long: its Jacobian norm ends far below the pinned run's, at some cost in reconstruction error.",
                setup: Some(CONTRACTIVE_RELU),
                check: Some(Check::JacobianBelowPinned(0.5)),
                needs: 30_000,
                panel: Panel::Inside,
                question: Some((
                    "What does a small ‖∂h/∂x‖² mean for two nearby inputs?",
                    "Their codes are close too: small changes of the input (noise, a shifted stroke) barely move the code, while the reconstruction term keeps it sensitive along the directions the data actually vary in.",
                )),
            },
        ],
    },
    Lesson {
        id: "concrete",
        title: "7. Concrete: choosing pixels",
        steps: &[
            Step {
                title: "Pick 10 pixels",
                text: "A concrete encoder picks k input pixels (Gumbel-softmax with a falling temperature T); the decoder rebuilds the image from those alone. Train it and watch the selection map settle.",
                setup: Some(CONCRETE_10),
                check: Some(Check::ConcreteRuns(1)),
                needs: 3_000,
                panel: Panel::Concrete,
                question: None,
            },
            Step {
                title: "Error against k",
                text: "Now k = 40. Train it: the concrete panel charts test error against k for the runs of this visit.",
                setup: Some(CONCRETE_40),
                check: Some(Check::ConcreteRuns(2)),
                needs: 3_000,
                panel: Panel::Concrete,
                question: Some((
                    "Why are the chosen pixels near the centre, never at the border?",
                    "Border pixels are blank in almost every digit: they carry no information, so the selector gains nothing by reading them.",
                )),
            },
        ],
    },
    Lesson {
        id: "vae",
        title: "8. The variational autoencoder",
        steps: &[
            Step {
                title: "ELBO and a continuous plane",
                text: "A 2-D VAE maximises the ELBO (formula beside the model menu). Train it, then drag across its plot under Latent space: the decoder draws each point you pass (beside the plot, and larger under Decoder), and every point decodes to a plausible digit.",
                setup: Some(VAE_PLANE),
                check: Some(Check::KnnAbovePca(0.1)),
                needs: 60_000,
                panel: Panel::Latent,
                question: Some((
                    "Why does a plain autoencoder's plane decode garbage between its clusters, and the VAE's not?",
                    "The KL term pulls every code towards 𝒩(0, I) and the sampling spreads each one out, so the decoder is trained on the whole region around the data, with no holes left unvisited.",
                )),
            },
            Step {
                title: "More weight on KL: β = 4",
                text: "With β = 4 the prior matters more: the plane is smoother and fuller, the reconstructions blurrier.",
                setup: Some(VAE_BETA4),
                check: None,
                needs: 0,
                panel: Panel::Decode,
                question: Some((
                    "What is traded when β grows?",
                    "Reconstruction for regularity: the code carries less information about each image (a larger KL cost per bit), so outputs blur, but the latent space follows the prior more closely.",
                )),
            },
        ],
    },
    Lesson {
        id: "applications",
        title: "9. Applications: retrieval and anomalies",
        steps: &[
            Step {
                title: "A code you can look things up by",
                text: "16 sigmoid units trained with noise become bits. Train until most code values are near 0 or 1, pause, then press Measure under Retrieval: the AE's codes against LSH and PCA hashing.",
                setup: Some(SEMANTIC_HASHING),
                check: Some(Check::RetrievalMeasured),
                needs: 20_000,
                panel: Panel::Retrieval,
                question: None,
            },
            Step {
                title: "What does not fit",
                text: "Under Anomaly detection, pick digits as normal, train on them and score the test split: reconstruction error flags what the net never learnt to rebuild.",
                setup: Some(ONE_CLASS),
                check: Some(Check::AnomalyAucAbove(0.8)),
                needs: 15_000,
                panel: Panel::Anomaly,
                question: Some((
                    "Why can an autoencoder trained on one digit still rebuild some other digit well?",
                    "Reconstruction error only measures what the decoder can draw: a 1-detector that draws strokes rebuilds a 7 fairly well. The one-class table shows such cases.",
                )),
            },
        ],
    },
];

/// The lesson with this id.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// A step's link: its experiment plus where it is in the lesson.
pub fn step_link(lesson: &Lesson, step: usize) -> String {
    let setup = lesson.steps.get(step).and_then(|s| s.setup).unwrap_or("");
    let sep = if setup.is_empty() { "" } else { "&" };
    format!("?{setup}{sep}lesson={}&step={}", lesson.id, step + 1)
}

/// `lesson=` and `step=` (1-based) from a link; a step out of range becomes the first.
pub fn from_link(query: &str) -> Option<(&'static Lesson, usize)> {
    let value = |key: &str| {
        query
            .trim_start_matches('?')
            .split('&')
            .find_map(|p| p.strip_prefix(key)?.strip_prefix('='))
    };
    let l = lesson(value("lesson")?)?;
    let step = value("step")
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|s| (1..=l.steps.len()).contains(s))
        .map_or(0, |s| s - 1);
    Some((l, step))
}

#[cfg(test)]
#[path = "lessons_tests.rs"]
mod tests;
