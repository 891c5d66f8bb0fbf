//! The link codec: round trips, forgiving reads, percent-decoding, the table as the one
//! list of keys.

use super::*;
use crate::nn::{Activation, LossKind, OptimizerKind};

#[test]
fn settings_round_trip_through_the_address() {
    let mut s = LabSettings::for_dataset(DatasetId::FashionMnist);
    s.config.model.hidden = vec![128, 32, 8];
    s.config.model.code_dim = 5;
    s.config.model.activation = Activation::Tanh;
    s.config.model.loss = LossKind::Bce;
    s.config.optimizer.kind = OptimizerKind::Momentum;
    s.config.optimizer.lr = 0.0125;
    s.config.seed = 42;
    let (back, notes) = from_query(&format!("?{}", to_query(&s)));
    assert_eq!(back, s);
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn regularisers_round_trip_through_the_address() {
    use crate::models::noise::{Noise, NoiseKind};
    use crate::models::regularize::{Activity, Penalty, RateDistance, RateForm};
    let mut s = LabSettings::for_dataset(DatasetId::Mnist);
    s.config.model.activation = Activation::Sigmoid;
    s.config.model.code_dim = 16;
    s.config.regularization.activity = Some(Activity {
        penalty: Penalty::Rate {
            rho: 0.05,
            form: RateForm::PerUnit,
            distance: RateDistance::L2,
        },
        lambda: 0.5,
        layer_weights: vec![1.0, 0.5, 0.0],
    });
    s.config.regularization.noise = Some(Noise {
        kind: NoiseKind::SaltPepper,
        level: 0.25,
        at_test: true,
    });
    let (back, notes) = from_query(&to_query(&s));
    assert_eq!(back, s);
    assert!(notes.is_empty(), "{notes:?}");
    // Each one-number option, under its own key, at a value other than where it starts.
    s.config.model.code_activation = Activation::Sigmoid;
    for d in &crate::models::regularize::Regularization::DIALS {
        let mut on = s.clone();
        let v = (d.dial.start)(&on.to_config(on.dataset.shape()).model) + 1.0;
        (d.set)(&mut on.config.regularization, Some(v));
        let query = to_query(&on);
        assert!(query.contains(&format!("{}={v}", d.dial.key)), "{query}");
        let (back, notes) = from_query(&query);
        assert_eq!(back, on);
        assert!(notes.is_empty(), "{notes:?}");
    }
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
    assert_eq!(moons.config.regularization.concrete, None);
    assert!(notes.iter().any(|n| n.contains("at most 2")), "{notes:?}");
}

#[test]
fn a_rate_penalty_on_relu_units_is_refused_with_the_reason() {
    let (s, notes) = from_query("pen=rate&rho=0.05&lw=0,0,1&code_act=relu");
    assert!(s.config.regularization.activity.is_none(), "dropped");
    assert!(notes.iter().any(|n| n.contains("sigmoid")), "{notes:?}");
}

#[test]
fn bad_link_values_are_ignored_with_a_note_and_the_rest_applies() {
    let (s, notes) = from_query("data=moons&lr=abc&code=999&hidden=8,x&batch=32&wat=1");
    assert_eq!(s.dataset, DatasetId::TwoMoons);
    assert_eq!(s.config.batch_size, 32);
    let d = LabSettings::for_dataset(DatasetId::TwoMoons);
    assert_eq!(
        (
            s.config.optimizer.lr,
            s.config.model.code_dim,
            s.widths().to_vec()
        ),
        (
            d.config.optimizer.lr,
            d.config.model.code_dim,
            d.widths().to_vec()
        )
    );
    assert_eq!(notes.len(), 4, "{notes:?}");
    assert!(s.problems().is_empty());
}

#[test]
fn empty_query_gives_the_mnist_defaults() {
    assert_eq!(from_query("").0, LabSettings::default());
    assert_eq!(from_query("?").1, Vec::<String>::new());
}

#[test]
fn escaped_links_read_like_plain_ones_and_order_does_not_matter() {
    let plain =
        "data=mnist&hidden=64,32&code=3&pen=rate&rho=0.1&form=unit&act=sigmoid&code_act=sigmoid";
    let (want, notes) = from_query(plain);
    assert!(notes.is_empty(), "{notes:?}");
    // Commas escaped by a mail program, the key of a parameter too.
    let escaped = "data=mnist&hidden=64%2C32&code=3&pen=rate&%72ho=0.1&form=unit&act=sigmoid&code_act=sigmoid";
    assert_eq!(from_query(escaped), (want.clone(), vec![]));
    // A rate's ρ before the penalty it belongs to.
    let shuffled = "rho=0.1&form=unit&act=sigmoid&pen=rate&code_act=sigmoid&code=3&hidden=64,32";
    assert_eq!(from_query(shuffled), (want, vec![]));
    assert_eq!(percent_decode("a%2"), "a%2", "a cut escape is kept");
    assert_eq!(percent_decode("%zz%41"), "%zzA");
    assert_eq!(
        percent_decode("%FF"),
        "\u{FFFD}",
        "invalid UTF-8 is replaced"
    );
}

#[test]
fn every_key_written_is_one_the_table_reads() {
    let (s, notes) = from_query(
        "data=fashion&vae=1&lik=gauss&sigma=0.3&beta=2&warmup=4&noise=gauss&nlevel=0.4&ntest=1&hidden=64,32",
    );
    assert!(notes.is_empty(), "{notes:?}");
    let link = to_query(&s);
    for pair in link.split('&') {
        let key = pair.split_once('=').map_or(pair, |p| p.0);
        assert!(names().any(|k| k == key), "{key}");
    }
    assert_eq!(from_query(&link).0, s);
    let unique: std::collections::HashSet<_> = names().collect();
    assert_eq!(unique.len(), names().count(), "each key once");
}

#[test]
fn a_link_made_with_own_data_opens_the_default_set_and_says_why() {
    let (s, notes) = from_query("?data=own&hidden=16&code=2");
    assert_eq!(s.dataset, crate::data::DatasetId::Mnist);
    assert_eq!(s.widths(), [16]);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("own data, which stays on their computer"),
        "{notes:?}"
    );
}
