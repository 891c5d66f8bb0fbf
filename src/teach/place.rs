//! Where things are on the page: the regions a class moves between (one at a time, kept in the
//! address as `region=`) and the panels a lesson step points at. Plain data, so which panel a
//! step talks about, and which region shows it, is tested natively.

/// A part of the page shown on its own, so a class never scrolls past the applications to
/// find the loss curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    /// Train and watch it learn: loss curves, the latent space beside PCA's with the decoder
    /// under it, and the reconstructions beside PCA's.
    Train,
    /// Look inside the trained net: the selected pixels, the linear map, the units.
    Code,
    /// Use the code: retrieval, anomalies, restoration, compression.
    Apps,
}

impl Region {
    pub const ALL: [Region; 3] = [Region::Train, Region::Code, Region::Apps];

    /// The region's word in the address and in element ids.
    pub fn key(self) -> &'static str {
        match self {
            Region::Train => "train",
            Region::Code => "code",
            Region::Apps => "apps",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Region::Train => "Train",
            Region::Code => "Explore the code",
            Region::Apps => "Applications",
        }
    }

    /// `region=` from a link; anything else (or nothing) is `None`.
    pub fn from_query(query: &str) -> Option<Region> {
        let value = query
            .trim_start_matches('?')
            .split('&')
            .find_map(|p| p.strip_prefix("region="))?;
        Region::ALL.into_iter().find(|r| r.key() == value)
    }
}

/// A results panel a lesson step can point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Loss,
    /// The latent plot with the table of test MSE and 5-NN accuracy beside PCA's.
    Latent,
    Recon,
    Concrete,
    Decode,
    Linear,
    Inside,
    Retrieval,
    Anomaly,
    Restore,
    Compression,
}

impl Panel {
    /// The id of the panel's heading on the page (each panel's `<section>` is labelled by it).
    pub fn heading_id(self) -> &'static str {
        match self {
            Panel::Loss => "loss-title",
            Panel::Latent => "latent-title",
            Panel::Recon => "recon-title",
            Panel::Concrete => "concrete-title",
            Panel::Decode => "decode-title",
            Panel::Linear => "linear-title",
            Panel::Inside => "inside-title",
            Panel::Retrieval => "retrieval-title",
            Panel::Anomaly => "anomaly-title",
            Panel::Restore => "restore-title",
            Panel::Compression => "compression-title",
        }
    }

    pub fn region(self) -> Region {
        match self {
            // The decoder draws where the pointer is on the latent plot: they stay together.
            Panel::Loss | Panel::Latent | Panel::Decode | Panel::Recon => Region::Train,
            Panel::Concrete | Panel::Linear | Panel::Inside => Region::Code,
            Panel::Retrieval | Panel::Anomaly | Panel::Restore | Panel::Compression => Region::Apps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_comes_back_from_its_link_and_nothing_else_names_one() {
        for r in Region::ALL {
            assert_eq!(
                Region::from_query(&format!("?data=mnist&region={}", r.key())),
                Some(r)
            );
        }
        assert_eq!(Region::from_query("?region=lessons"), None);
        assert_eq!(Region::from_query("?regions=apps"), None);
        assert_eq!(Region::from_query(""), None);
    }
}
