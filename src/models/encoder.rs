//! The encoder kind: exactly one of a dense encoder, a Gaussian one (the VAE's code layer
//! gives μ and log σ², and the decoder reads a sample), or the concrete selector (which
//! stands in for layer 0's parameters).

use super::concrete::Selector;
use super::config::AutoencoderConfig;
use super::vae::VaeConfig;

#[derive(Clone, Debug, PartialEq)]
pub enum EncoderKind {
    Dense,
    Gaussian(VaeConfig),
    Selector(Selector),
}

impl EncoderKind {
    /// The kind `cfg` describes before a selector is drawn: Gaussian for a VAE, else dense.
    pub fn of(cfg: &AutoencoderConfig) -> EncoderKind {
        match cfg.vae {
            Some(v) => EncoderKind::Gaussian(v),
            None => EncoderKind::Dense,
        }
    }

    /// The VAE's settings, for a Gaussian encoder.
    pub fn gaussian(&self) -> Option<&VaeConfig> {
        match self {
            EncoderKind::Gaussian(v) => Some(v),
            _ => None,
        }
    }

    pub fn selector(&self) -> Option<&Selector> {
        match self {
            EncoderKind::Selector(s) => Some(s),
            _ => None,
        }
    }

    pub fn selector_mut(&mut self) -> Option<&mut Selector> {
        match self {
            EncoderKind::Selector(s) => Some(s),
            _ => None,
        }
    }
}
