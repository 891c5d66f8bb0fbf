//! Plain or variational autoencoder, and the VAE's knobs: β, KL warm-up and the likelihood.

use leptos::prelude::*;

use super::fields::{ChoiceField, NumberField};
use super::lab::Lab;
use crate::models::vae::{Likelihood, VaeConfig};
use crate::nn::Activation;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Plain,
    Variational,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Plain => "autoencoder",
            Kind::Variational => "variational autoencoder (VAE)",
        }
    }
}

#[component]
pub fn ModelKind(lab: Lab) -> impl IntoView {
    let s = lab.settings;
    let vae = move || s.with(|s| s.vae);
    let pick = Callback::new(move |k: Kind| {
        lab.change(|s| match k {
            Kind::Plain => s.vae = None,
            Kind::Variational => {
                // μ and log σ² are unbounded, and Bernoulli pixels need a sigmoid output.
                s.vae = Some(VaeConfig::default());
                s.code_activation = Activation::Identity;
                s.output_activation = Activation::Sigmoid;
                s.regularization.k_sparse = None;
            }
        })
    });
    let edit = move |f: Box<dyn Fn(&mut VaeConfig)>| {
        lab.change(move |s| {
            if let Some(v) = s.vae.as_mut() {
                f(v);
            }
        })
    };
    view! {
        <ChoiceField
            id="model-kind"
            label="Model"
            help="A VAE encodes each sample as a distribution and is trained to make its codes look like N(0, I), so every point of the latent plane decodes to something plausible."
            options=vec![Kind::Plain, Kind::Variational]
            show=Kind::label
            get=Signal::derive(move || if vae().is_some() { Kind::Variational } else { Kind::Plain })
            set=pick
        />
        <Show when=move || vae().is_some()>
            <p class="hint">"Loss = −log p(x|z) + β·KL(q(z|x) ‖ N(0, I)), in nats per image; the code is sampled as z = μ + σ·ε."</p>
            <div class="row">
                <NumberField
                    lab=lab
                    id="beta"
                    label="β (KL weight)"
                    help="1 gives the ELBO; 0 a noisy plain autoencoder; more than 1 a smoother, blurrier latent space."
                    min=0.0f32
                    max=100.0f32
                    get=Signal::derive(move || vae().map_or(1.0, |v| v.beta))
                    set=Callback::new(move |b| edit(Box::new(move |v| v.beta = b)))
                />
                <NumberField
                    lab=lab
                    id="warmup"
                    label="KL warm-up (epochs)"
                    help="β grows from 0 to its value over this many epochs, so the decoder learns before the KL term bites."
                    min=0.0f32
                    max=1000.0f32
                    get=Signal::derive(move || vae().map_or(0.0, |v| v.warmup_epochs))
                    set=Callback::new(move |w| edit(Box::new(move |v| v.warmup_epochs = w)))
                />
            </div>
            <ChoiceField
                id="likelihood"
                label="Likelihood p(x|z)"
                help="Bernoulli treats each pixel as a coin flip (binary cross-entropy); Gaussian as a value with spread σ (squared error / 2σ²)."
                options=Likelihood::ALL.to_vec()
                show=Likelihood::label
                get=Signal::derive(move || {
                    match vae().map(|v| v.likelihood) {
                        Some(Likelihood::Gaussian { .. }) => Likelihood::ALL[1],
                        _ => Likelihood::Bernoulli,
                    }
                })
                set=Callback::new(move |l| edit(Box::new(move |v| v.likelihood = l)))
            />
            <Show when=move || matches!(vae().map(|v| v.likelihood), Some(Likelihood::Gaussian { .. }))>
                <NumberField
                    lab=lab
                    id="sigma"
                    label="σ of the Gaussian"
                    help="The assumed pixel noise: smaller σ weighs reconstruction more against the KL term."
                    min=0.001f32
                    max=10.0f32
                    get=Signal::derive(move || match vae().map(|v| v.likelihood) {
                        Some(Likelihood::Gaussian { sigma }) => sigma,
                        _ => 0.1,
                    })
                    set=Callback::new(move |x| edit(Box::new(move |v| v.likelihood = Likelihood::Gaussian { sigma: x })))
                />
            </Show>
        </Show>
    }
}
