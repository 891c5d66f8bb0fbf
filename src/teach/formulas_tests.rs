use super::*;
use crate::link::from_query;
use crate::models::concrete::ConcreteConfig;
use crate::models::noise::Noise;
use crate::models::noise::NoiseKind;
use crate::models::regularize::Activity;
use crate::models::vae::VaeConfig;

fn settings(query: &str) -> LabSettings {
    let (s, notes) = from_query(query);
    assert!(notes.is_empty(), "{notes:?}");
    s
}

/// Opening and closing tags balance, so the browser builds the tree that was meant.
fn balanced(m: &str) -> bool {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = m;
    while let Some(i) = rest.find('<') {
        let Some(j) = rest[i..].find('>') else {
            return false;
        };
        let tag = &rest[i + 1..i + j];
        if let Some(name) = tag.strip_prefix('/') {
            if stack.pop().as_deref() != Some(name) {
                return false;
            }
        } else {
            stack.push(tag.split_whitespace().next().unwrap_or("").to_string());
        }
        rest = &rest[i + j + 1..];
    }
    stack.is_empty()
}

#[test]
fn every_control_with_its_option_on_has_a_well_formed_formula() {
    let mut s = LabSettings::default();
    s.config.regularization.activity = Some(Activity {
        penalty: Penalty::Rate {
            rho: 0.05,
            form: RateForm::PerUnit,
            distance: RateDistance::Kl,
        },
        lambda: 0.1,
        layer_weights: vec![0.0, 0.0, 1.0],
    });
    s.config.regularization.noise = Some(Noise {
        kind: NoiseKind::Gaussian,
        level: 0.3,
        at_test: false,
    });
    s.config.regularization.concrete = Some(ConcreteConfig::default());
    s.config.model.vae = Some(VaeConfig::default());
    let model = s.to_config(s.dataset.shape()).model;
    for d in &Regularization::DIALS {
        (d.set)(&mut s.config.regularization, Some((d.dial.start)(&model)));
    }
    s.config.optimizer.weight_decay = 1e-4;
    for c in Control::all() {
        let m = formula(&s, c).unwrap_or_else(|| panic!("{c:?} has no formula"));
        assert!(m.starts_with("<math display=\"block\">"), "{c:?}");
        assert!(balanced(&m), "{c:?}: {m}");
    }
    assert!(
        formula(&s, Control::Activity)
            .unwrap_or_default()
            .contains("<mn>0.05</mn>")
    );
    // Each one-number option's formula, written in its own file, shows its number.
    for d in &Regularization::DIALS {
        let v = (d.get)(&s.config.regularization).unwrap_or_default();
        let m = formula(&s, Control::Dial(d.dial.part)).unwrap_or_default();
        assert!(m.contains(&format!("<mn>{v}</mn>")), "{}: {m}", d.dial.key);
    }
}

#[test]
fn options_that_are_off_have_no_formula_and_the_loss_always_has_one() {
    let s = LabSettings::default();
    for c in Control::all() {
        assert_eq!(formula(&s, c).is_some(), c == Control::Loss, "{c:?}");
    }
}

#[test]
fn the_formula_follows_the_settings() {
    let mse = formula(&settings("loss=mse"), Control::Loss).unwrap_or_default();
    let bce = formula(&settings("loss=bce"), Control::Loss).unwrap_or_default();
    assert!(bce.contains(">log<") && !mse.contains(">log<"));
    // β appears only when it is not 1; a warm-up makes it a β that changes with time.
    let beta = |q: &str| formula(&settings(q), Control::Vae).unwrap_or_default();
    assert!(!beta("vae=1&beta=1&warmup=0").contains(">β<"));
    assert!(beta("vae=1&beta=4&warmup=0").contains("<mn>4</mn>"));
    assert!(beta("vae=1&beta=4&warmup=0").contains("<mi>β</mi>"));
    assert!(beta("vae=1&beta=1&warmup=5").contains("<msub><mi>β</mi><mi>t</mi></msub>"));
    // Masking is a fraction ν, Gaussian noise a scale σ: the symbol the control's label uses.
    let noise = |q: &str| formula(&settings(q), Control::Noise).unwrap_or_default();
    assert!(noise("noise=mask&nlevel=0.5").contains("<mi>ν</mi>"));
    assert!(noise("noise=gauss&nlevel=0.3").contains("<mi>σ</mi><mo>=</mo><mn>0.3</mn>"));
    // KL to the target rate, and its per-input form.
    let rate = |q: &str| formula(&settings(q), Control::Activity).unwrap_or_default();
    let kl = rate("hidden=&code_act=sigmoid&pen=rate&lambda=0.1&lw=1&rho=0.05&form=unit&dist=kl");
    let per_input =
        rate("hidden=&code_act=sigmoid&pen=rate&lambda=0.1&lw=1&rho=0.05&form=input&dist=kl");
    assert!(kl.contains("<msub><mi>ρ</mi><mi>j</mi></msub>"));
    assert!(
        per_input.contains("<mi>n</mi>")
            && !per_input.contains("<msub><mi>ρ</mi><mi>j</mi></msub>")
    );
}
