//! A network that fits the data: a code smaller than the inputs and hidden layers scaled to
//! them. Own data keeps whatever net was loaded (a 512-unit hashing net on a 4-column table
//! learns to copy), so the page proposes one and applies it with a click, saying why.

use super::LabSettings;
use crate::data::SampleShape;

/// Why `s`'s network does not fit data of `shape`, in words; `None` when it does.
pub fn misfit(s: &LabSettings, shape: SampleShape) -> Option<String> {
    let d = shape.dim();
    let code = s.config.model.code_dim;
    if code >= d {
        return Some(format!(
            "its code has {code} numbers for {d} inputs, so it can copy them instead of compressing"
        ));
    }
    let widest = s.widths().iter().copied().max().unwrap_or(0);
    let limit = (16 * d).max(64);
    (widest > limit).then(|| {
        format!(
            "its hidden layers ({}) are far wider than the {d} inputs need",
            join(s.widths())
        )
    })
}

/// The lab's usual net sized for data of `shape`: hidden layers of about 8 and 4 units per
/// input (16 to 256 wide; an image set keeps 256 and 64), a code of 2 numbers (1 for 2-D
/// data), the options switched off; the dataset, optimiser and seed stay the student's.
pub fn proposal(s: &LabSettings, shape: SampleShape) -> LabSettings {
    let d = shape.dim();
    let mut p = LabSettings::for_dataset(s.dataset);
    if let SampleShape::Points { .. } = shape {
        *p.widths_mut() = vec![(8 * d).clamp(16, 256), (4 * d).clamp(8, 128)];
    }
    p.config.model.code_dim = 2.min(d.saturating_sub(1)).max(1);
    p.config.seed = s.config.seed;
    p
}

/// The widths of `p`'s network from input to output ("4 → 32 → 16 → 2 → 16 → 32 → 4").
pub fn describe(p: &LabSettings, shape: SampleShape) -> String {
    p.to_config(shape)
        .model
        .widths()
        .iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join(" → ")
}

/// An application of the trained net, and the kind of net it needs to show what the
/// reference text claims (else restoration shows the net losing to a blur and compression
/// losing to PCA, the opposite of the claim).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum App {
    Restore,
    Compression,
    Retrieval,
}

impl App {
    /// The key in element ids (`restore-needs`, `restore-setup`).
    pub fn key(self) -> &'static str {
        match self {
            App::Restore => "restore",
            App::Compression => "compression",
            App::Retrieval => "retrieval",
        }
    }

    /// What the application needs, in a sentence.
    pub fn needs(self) -> &'static str {
        match self {
            App::Restore => {
                "Restoration needs a denoising autoencoder on images: a net trained with the corruption it removes."
            }
            App::Compression => {
                "Compression needs a compact code on images: 16 numbers at 4 bits each make 64 bits an image."
            }
            App::Retrieval => {
                "Retrieval needs a hashing net: sigmoid code units trained with noise until they are bits."
            }
        }
    }

    /// The experiment that gives the claimed result, as a link (proven by the e2e tests).
    pub fn setup(self) -> &'static str {
        match self {
            App::Restore => "data=mnist&hidden=256&code=64&noise=mask&nlevel=0.3",
            App::Compression => "data=mnist&hidden=256&code=16",
            App::Retrieval => crate::link::presets::SEMANTIC_HASHING,
        }
    }

    /// The button's words.
    pub fn button(self) -> &'static str {
        match self {
            App::Restore => "Set up a denoiser (784-256-64, masking 30 %)",
            App::Compression => "Set up a 16-number code (784-256-16)",
            App::Retrieval => "Set up a hashing net (16 binary units)",
        }
    }

    /// Why `s` is not the kind of net this application needs; `None` when it is.
    pub fn misfit(self, s: &LabSettings) -> Option<String> {
        let image = s.dataset.is_image();
        let m = &s.config.model;
        let r = &s.config.regularization;
        match self {
            App::Restore | App::Compression if !image => Some("the data are not images.".into()),
            App::Restore => r
                .noise
                .is_none()
                .then(|| "the loaded net was trained without noise.".into()),
            App::Compression if m.vae.is_some() => {
                Some("a VAE's code is a distribution, not a point to quantise.".into())
            }
            App::Compression if r.binary_code.is_some() => {
                Some("a binary code carries about one bit a unit, whatever the bits spent.".into())
            }
            App::Compression if m.code_dim < 8 => Some(format!(
                "its code has {} numbers: even at 8 bits each it cannot spend 64 bits an image.",
                m.code_dim
            )),
            App::Compression => (m.code_dim > 32).then(|| {
                format!(
                    "its code has {} numbers, too many for a few bits an image.",
                    m.code_dim
                )
            }),
            // Below 8 bits there is nothing to measure (the panel says so), not a weaker scheme.
            App::Retrieval if m.code_dim < 8 => Some(format!(
                "its code has {} units, and a hash needs at least 8 bits.",
                m.code_dim
            )),
            App::Retrieval => r
                .binary_code
                .is_none()
                .then(|| "the loaded net has no binary code (it will be hashed by sign, a weaker scheme).".into()),
        }
    }
}

fn join(w: &[usize]) -> String {
    w.iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetId;
    use crate::link::from_query;
    use crate::link::presets::SEMANTIC_HASHING;

    /// The teacher's case: a 4-column table loaded after the semantic-hashing preset.
    #[test]
    fn a_hashing_net_on_a_four_column_table_gets_a_proposal_with_a_smaller_code() {
        let shape = SampleShape::Points { dim: 4 };
        let (mut s, _) = from_query(SEMANTIC_HASHING);
        s.dataset = DatasetId::Own(shape);
        let why = misfit(&s, shape).expect("16 code units for 4 inputs do not fit");
        assert!(why.contains("16 numbers for 4 inputs"), "{why}");
        let p = proposal(&s, shape);
        assert!(p.model().code_dim < 4);
        assert_eq!(misfit(&p, shape), None);
        assert!(p.config.regularization.binary_code.is_none());
        assert!(p.problems().is_empty(), "{:?}", p.problems());
        assert_eq!(describe(&p, shape), "4 → 32 → 16 → 2 → 16 → 32 → 4");
        // 2-D data gets a 1-number code; an image set the usual image net.
        let flat = SampleShape::Points { dim: 2 };
        assert_eq!(proposal(&s, flat).model().code_dim, 1);
        let img = SampleShape::Image {
            width: 8,
            height: 8,
        };
        let mut i = s.clone();
        i.dataset = DatasetId::Own(img);
        assert_eq!(misfit(&i, img), None);
        // Far too wide hidden layers alone are a misfit too.
        let (mut wide, _) = from_query("data=blobs&hidden=1000&code=2");
        wide.dataset = DatasetId::Own(shape);
        assert!(misfit(&wide, shape).is_some_and(|w| w.contains("1000")));
    }

    /// The teacher's case: with the hashing net loaded, restoration and compression say it is
    /// not their kind; each application's own set-up is its kind, and valid.
    #[test]
    fn each_application_names_its_net_and_its_setup_is_one() {
        let (hashing, _) = from_query(SEMANTIC_HASHING);
        assert!(App::Restore.misfit(&hashing).is_some());
        assert!(App::Compression.misfit(&hashing).is_some());
        assert!(App::Retrieval.misfit(&hashing).is_none());
        for app in [App::Restore, App::Compression, App::Retrieval] {
            let (s, notes) = from_query(app.setup());
            assert!(notes.is_empty(), "{notes:?}");
            assert_eq!(app.misfit(&s), None, "{app:?}");
            assert!(s.problems().is_empty(), "{app:?}: {:?}", s.problems());
        }
        let (moons, _) = from_query("data=moons");
        assert!(App::Compression.misfit(&moons).is_some());
        // The default 2-D code cannot be hashed at all: said so, not "a weaker scheme".
        let (benchmark, _) = from_query(crate::link::presets::BENCHMARK);
        let why = App::Retrieval.misfit(&benchmark).unwrap_or_default();
        assert!(why.contains("at least 8 bits"), "{why}");
    }
}
