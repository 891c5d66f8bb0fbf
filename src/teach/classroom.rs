//! Classroom links: a teacher's link names panels and controls to hide (`hide=` in the
//! address, as TensorFlow Playground's hidden controls), so a class sees only the experiment's
//! knobs; the settings themselves come from the same link.

/// What a hidden item is on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A panel, by the id of its title (`aria-labelledby`).
    Panel(&'static str),
    /// A control, by its input's id (its label and field go with it).
    Control(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hideable {
    /// The name in links.
    pub key: &'static str,
    pub label: &'static str,
    pub target: Target,
}

const fn panel(key: &'static str, label: &'static str, title: &'static str) -> Hideable {
    Hideable {
        key,
        label,
        target: Target::Panel(title),
    }
}

const fn control(key: &'static str, label: &'static str, id: &'static str) -> Hideable {
    Hideable {
        key,
        label,
        target: Target::Control(id),
    }
}

/// Everything a classroom link can hide, in page order.
pub const HIDEABLE: &[Hideable] = &[
    panel("data", "Data panel", "data-title"),
    panel("presets", "Experiments to try", "presets-title"),
    panel("network", "Network and training panel", "net-title"),
    panel("regularisation", "Regularisation panel", "variant-title"),
    control("dataset", "Dataset menu", "dataset"),
    control("code", "Code size", "code"),
    control("activation", "Hidden activation", "act"),
    control("loss", "Reconstruction loss", "loss"),
    control("optimizer", "Optimizer", "opt"),
    control("lr", "Learning rate", "lr"),
    control("batch", "Batch size", "batch"),
    control("seed", "Seed", "seed"),
    panel("loss-chart", "Loss chart", "loss-title"),
    panel("latent", "Latent space", "latent-title"),
    panel("decoder", "Decoder", "decode-title"),
    panel("reconstructions", "Reconstructions", "recon-title"),
    panel("inside", "Inside the network", "inside-title"),
    panel("retrieval", "Retrieval", "retrieval-title"),
    panel("anomaly", "Anomaly detection", "anomaly-title"),
    panel("restore", "Image restoration", "restore-title"),
    panel("compression", "Compression", "compression-title"),
];

/// The items a query's `hide=` names (unknown names are skipped: a link from a newer lab
/// still opens), in [`HIDEABLE`] order.
pub fn hidden_in(query: &str) -> Vec<&'static Hideable> {
    let Some(list) = query
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("hide="))
    else {
        return Vec::new();
    };
    // `%2C` is how some mail clients re-encode a comma.
    let decoded = list.replace("%2C", ",").replace("%2c", ",");
    let names: Vec<&str> = decoded.split(',').collect();
    HIDEABLE.iter().filter(|h| names.contains(&h.key)).collect()
}

/// The style sheet that hides `items`.
pub fn css(items: &[&Hideable]) -> String {
    items
        .iter()
        .map(|h| match h.target {
            Target::Panel(title) => format!("section[aria-labelledby=\"{title}\"]"),
            Target::Control(id) => {
                format!(".field:has(#{id}), label[for=\"{id}\"], #{id}")
            }
        })
        .map(|selector| format!("{selector} {{ display: none !important; }}\n"))
        .collect()
}

/// A classroom link: the experiment's `settings` query, what to hide, and optionally where
/// in a lesson to open (`lesson`, 1-based `step`).
pub fn link(settings: &str, hide: &[&str], lesson: Option<(&str, usize)>) -> String {
    let mut parts: Vec<String> = vec![settings.trim_start_matches('?').to_string()];
    let keys: Vec<&str> = HIDEABLE
        .iter()
        .map(|h| h.key)
        .filter(|k| hide.contains(k))
        .collect();
    if !keys.is_empty() {
        parts.push(format!("hide={}", keys.join(",")));
    }
    if let Some((id, step)) = lesson {
        parts.push(format!("lesson={id}&step={step}"));
    }
    format!(
        "?{}",
        parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("&")
    )
}

/// The pairs of `query` a settings rewrite of the address must keep: the classroom's and the
/// lesson's, which are not settings.
pub fn kept_pairs(query: &str) -> Vec<&str> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| {
            ["hide=", "lesson=", "step=", "region="]
                .iter()
                .any(|k| p.starts_with(k))
        })
        .collect()
}

#[cfg(test)]
#[path = "classroom_tests.rs"]
mod tests;
