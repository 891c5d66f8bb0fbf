//! Settings in the page's address (`?data=mnist&hidden=256,64&code=2&...`), so a teacher can
//! share a link that opens the same experiment. Reading is forgiving: a bad value is ignored
//! with a note, and the rest of the link still applies.

use super::{LabSettings, activation_slug, find, loss_slug, optimizer_slug};
use crate::data::DatasetId;
use crate::nn::{Activation, LossKind, OptimizerKind};

/// The query string for `s` (without the leading `?`).
pub fn to_query(s: &LabSettings) -> String {
    let hidden: Vec<String> = s.hidden.iter().map(|w| w.to_string()).collect();
    [
        ("data", s.dataset.slug().to_string()),
        ("hidden", hidden.join(",")),
        ("code", s.code_dim.to_string()),
        ("act", activation_slug(s.activation).into()),
        ("code_act", activation_slug(s.code_activation).into()),
        ("out", activation_slug(s.output_activation).into()),
        ("loss", loss_slug(s.loss).into()),
        ("opt", optimizer_slug(s.optimizer).into()),
        ("lr", s.lr.to_string()),
        ("batch", s.batch_size.to_string()),
        ("wd", s.weight_decay.to_string()),
        ("seed", s.seed.to_string()),
    ]
    .into_iter()
    .chain(super::variant_link::to_pairs(&s.regularization))
    .chain(super::variant_link::vae_pairs(s.vae))
    .map(|(k, v)| format!("{k}={v}"))
    .collect::<Vec<_>>()
    .join("&")
}

/// Settings from a query string (with or without `?`), and a note for each part ignored.
pub fn from_query(query: &str) -> (LabSettings, Vec<String>) {
    let pairs: Vec<(&str, &str)> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    let dataset = pairs
        .iter()
        .find(|(k, _)| *k == "data")
        .and_then(|(_, v)| DatasetId::from_slug(v))
        .unwrap_or(DatasetId::Mnist);
    let mut s = LabSettings::for_dataset(dataset);
    let mut notes = Vec::new();
    for (key, value) in pairs {
        let ok = match key {
            "data" => DatasetId::from_slug(value).is_some(),
            "hidden" => parse_widths(value).map(|h| s.hidden = h).is_some(),
            "code" => value.parse().map(|v| s.code_dim = v).is_ok(),
            "act" => act(value).map(|a| s.activation = a).is_some(),
            "code_act" => act(value).map(|a| s.code_activation = a).is_some(),
            "out" => act(value).map(|a| s.output_activation = a).is_some(),
            "loss" => find(&LossKind::ALL, loss_slug, value)
                .map(|l| s.loss = l)
                .is_some(),
            "opt" => find(&OptimizerKind::ALL, optimizer_slug, value)
                .map(|o| s.optimizer = o)
                .is_some(),
            "lr" => value.parse::<f32>().map(|v| s.lr = v).is_ok(),
            "batch" => value.parse().map(|v| s.batch_size = v).is_ok(),
            "wd" => value.parse::<f32>().map(|v| s.weight_decay = v).is_ok(),
            "seed" => value.parse().map(|v| s.seed = v).is_ok(),
            // Not settings: where a lesson link points (`teach::lessons::from_link`) and what
            // a classroom link hides (`teach::classroom::hidden_in`).
            "lesson" | "step" | "hide" => true,
            _ => super::variant_link::read_pair(&mut s, key, value).unwrap_or(false),
        };
        if !ok {
            notes.push(format!("Ignored “{key}={value}” from the link."));
        }
    }
    super::variant::fit_layer_weights(&mut s);
    // Values that parse but are out of range fall back to the defaults, with a note each. A
    // fallback can expose another problem (fewer hidden layers than the sparsity weights
    // given), so repeat; every pass only resets fields, so it settles within a few.
    let defaults = LabSettings::for_dataset(dataset);
    for _ in 0..4 {
        let problems = s.problems();
        if problems.is_empty() {
            break;
        }
        for (field, message) in problems {
            notes.push(format!("Ignored a value from the link: {message}"));
            reset(&mut s, &defaults, field);
        }
        super::variant::fit_layer_weights(&mut s);
    }
    if !s.problems().is_empty() {
        notes.push(
            "The link's settings do not fit together: the lab starts from the defaults.".into(),
        );
        s = defaults;
    }
    // A second pass can repeat a first pass's note.
    let mut seen = std::collections::HashSet::new();
    notes.retain(|n| seen.insert(n.clone()));
    (s, notes)
}

/// Puts the setting behind `field` back to its default.
fn reset(s: &mut LabSettings, defaults: &LabSettings, field: super::Field) {
    use super::Field::*;
    match field {
        Hidden(_) | Layers => s.hidden = defaults.hidden.clone(),
        Code => s.code_dim = defaults.code_dim,
        LearningRate => s.lr = defaults.lr,
        Batch => s.batch_size = defaults.batch_size,
        WeightDecay => s.weight_decay = defaults.weight_decay,
        Seed => s.seed = defaults.seed,
        // Mean squared error works with every output activation.
        Loss => s.loss = crate::nn::LossKind::Mse,
        KSparse => s.regularization.k_sparse = None,
        BinaryCode => s.regularization.binary_code = None,
        Penalty | Lambda | Rho | LayerWeights => s.regularization.activity = None,
        NoiseLevel => s.regularization.noise = None,
        Vae => s.vae = None,
        Contractive => s.regularization.contractive = None,
        Pretrain => s.regularization.pretrain = None,
        Concrete => s.regularization.concrete = None,
    }
}

fn act(v: &str) -> Option<Activation> {
    find(&Activation::ALL, activation_slug, v)
}

fn parse_widths(v: &str) -> Option<Vec<usize>> {
    if v.is_empty() {
        return Some(Vec::new());
    }
    v.split(',').map(|w| w.trim().parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_address() {
        let mut s = LabSettings::for_dataset(DatasetId::FashionMnist);
        s.hidden = vec![128, 32, 8];
        s.code_dim = 5;
        s.activation = Activation::Tanh;
        s.loss = LossKind::Bce;
        s.optimizer = OptimizerKind::Momentum;
        s.lr = 0.0125;
        s.seed = 42;
        let (back, notes) = from_query(&format!("?{}", to_query(&s)));
        assert_eq!(back, s);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn regularisers_round_trip_through_the_address() {
        use crate::models::noise::{Noise, NoiseKind};
        use crate::models::regularize::{Activity, Penalty, RateDistance, RateForm};
        let mut s = LabSettings::for_dataset(DatasetId::Mnist);
        s.activation = Activation::Sigmoid;
        s.code_dim = 16;
        s.regularization.k_sparse = Some(4);
        s.regularization.activity = Some(Activity {
            penalty: Penalty::Rate {
                rho: 0.05,
                form: RateForm::PerUnit,
                distance: RateDistance::L2,
            },
            lambda: 0.5,
            layer_weights: vec![1.0, 0.5, 0.0],
        });
        s.regularization.noise = Some(Noise {
            kind: NoiseKind::SaltPepper,
            level: 0.25,
            at_test: true,
        });
        let (back, notes) = from_query(&to_query(&s));
        assert_eq!(back, s);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn a_concrete_links_hidden_widths_are_its_decoders() {
        let (s, notes) = from_query("data=mnist&concrete=20&code=20&hidden=64&lr=0.01");
        assert!(notes.is_empty(), "{notes:?}");
        assert!(s.problems().is_empty(), "{:?}", s.problems());
        let cfg = s.to_config(crate::data::SampleShape::Image {
            width: 28,
            height: 28,
        });
        assert!(cfg.model.hidden.is_empty(), "the selector is the encoder");
        assert_eq!(cfg.model.decoder_hidden, Some(vec![64]));
        assert_eq!(cfg.model.widths(), vec![784, 20, 64, 784]);
        let (back, _) = from_query(&to_query(&s));
        assert_eq!(back, s);
        // The same widths on a plain model are mirrored encoder layers.
        let (plain, _) = from_query("data=mnist&hidden=64&code=20");
        let cfg = plain.to_config(crate::data::SampleShape::Image {
            width: 28,
            height: 28,
        });
        assert_eq!(cfg.model.widths(), vec![784, 64, 20, 64, 784]);
        // The two moons have 2 inputs: 50 cannot be selected from them.
        let (moons, notes) = from_query("data=moons&concrete=50&code=50&code_act=identity");
        assert_eq!(moons.regularization.concrete, None);
        assert!(notes.iter().any(|n| n.contains("at most 2")), "{notes:?}");
    }

    #[test]
    fn a_rate_penalty_on_relu_units_is_refused_with_the_reason() {
        let (s, notes) = from_query("pen=rate&rho=0.05&lw=0,0,1&code_act=relu");
        assert!(s.regularization.activity.is_none(), "dropped");
        assert!(notes.iter().any(|n| n.contains("sigmoid")), "{notes:?}");
    }

    #[test]
    fn bad_link_values_are_ignored_with_a_note_and_the_rest_applies() {
        let (s, notes) = from_query("data=moons&lr=abc&code=999&hidden=8,x&batch=32&wat=1");
        assert_eq!(s.dataset, DatasetId::TwoMoons);
        assert_eq!(s.batch_size, 32);
        let d = LabSettings::for_dataset(DatasetId::TwoMoons);
        assert_eq!(
            (s.lr, s.code_dim, s.hidden.clone()),
            (d.lr, d.code_dim, d.hidden)
        );
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert!(s.problems().is_empty());
    }

    #[test]
    fn empty_query_gives_the_mnist_defaults() {
        assert_eq!(from_query("").0, LabSettings::default());
        assert_eq!(from_query("?").1, Vec::<String>::new());
    }
}
