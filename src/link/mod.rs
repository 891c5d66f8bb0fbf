//! Settings in the page's address (`?data=mnist&hidden=256,64&code=2&...`), so a teacher can
//! share a link that opens the same experiment. One table of keys ([`KEYS`]) writes and reads
//! every setting. Reading is forgiving: keys and values are percent-decoded, a bad value is
//! ignored with a note, and the rest of the link still applies.

mod keys;
pub mod presets;

pub use keys::{KEYS, Key};

use crate::data::DatasetId;
use crate::models::regularize::{Regularization, Stored};
use crate::settings::LabSettings;
use crate::settings::variant;

/// Keys that are not settings: where a lesson link points (`teach::lessons::from_link`) and
/// what a classroom link hides (`teach::classroom::hidden_in`).
const NOT_SETTINGS: [&str; 4] = ["lesson", "step", "hide", "region"];

/// A one-number option's value in a link; a count must be a whole number.
fn read_dial(d: &Stored, s: &mut LabSettings, v: &str) -> bool {
    let x = v.parse::<f32>().ok().filter(|x| x.is_finite());
    let x = x.filter(|x| !d.dial.whole || (x.fract() == 0.0 && *x >= 0.0));
    x.map(|x| (d.set)(&mut s.config.regularization, Some(x)))
        .is_some()
}

/// Every key a link can set: the table's and the one-number options'.
pub fn names() -> impl Iterator<Item = &'static str> {
    let dials = Regularization::DIALS.iter().map(|d| d.dial.key);
    KEYS.iter().map(|k| k.name).chain(dials)
}

/// The query string for `s` (without the leading `?`).
pub fn to_query(s: &LabSettings) -> String {
    let fixed = KEYS
        .iter()
        .filter_map(|k| Some(format!("{}={}", k.name, (k.write)(s)?)));
    let dials = Regularization::DIALS.iter().filter_map(|d| {
        let v = (d.get)(&s.config.regularization)?;
        Some(format!("{}={v}", d.dial.key))
    });
    fixed.chain(dials).collect::<Vec<_>>().join("&")
}

/// `%XX` escapes decoded (a shared link may have its commas escaped); malformed escapes and
/// invalid UTF-8 are kept as they are and then fail to parse like any bad value.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Settings from a query string (with or without `?`), and a note for each part ignored.
pub fn from_query(query: &str) -> (LabSettings, Vec<String>) {
    let pairs: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .map(|(k, v)| (percent_decode(k), percent_decode(v)))
        .collect();
    let dataset = pairs
        .iter()
        .find(|(k, _)| k == "data")
        .and_then(|(_, v)| DatasetId::from_slug(v))
        .unwrap_or(DatasetId::Mnist);
    let mut s = LabSettings::for_dataset(dataset);
    let mut notes = Vec::new();
    let ignored = |(k, v): &(String, String)| match (k.as_str(), v.as_str()) {
        // The student's own table never leaves their machine, so no link can carry it.
        ("data", "own") => "This link was made with someone's own data, which stays on their \
             computer: it opens MNIST instead (load your own under Data)."
            .to_string(),
        _ => format!("Ignored “{k}={v}” from the link."),
    };
    for key in KEYS {
        for pair in pairs.iter().filter(|(k, _)| k == key.name) {
            if !(key.read)(&mut s, &pair.1) {
                notes.push(ignored(pair));
            }
        }
    }
    for d in &Regularization::DIALS {
        for pair in pairs.iter().filter(|(k, _)| k == d.dial.key) {
            if !read_dial(d, &mut s, &pair.1) {
                notes.push(ignored(pair));
            }
        }
    }
    s.fit_widths();
    let known = |k: &str| names().any(|n| n == k) || NOT_SETTINGS.contains(&k);
    notes.extend(pairs.iter().filter(|(k, _)| !known(k)).map(ignored));
    variant::fit_layer_weights(&mut s);
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
            s.reset(field);
        }
        variant::fit_layer_weights(&mut s);
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

#[cfg(test)]
mod tests;
