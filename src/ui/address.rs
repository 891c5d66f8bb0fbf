//! The page's address as the place where a link's own keys live beside the settings: each
//! owner (the lesson's place, the region) rewrites only its keys and keeps everyone else's.

/// Replace the pairs of the address whose key is one of `keys` by `add` (already `key=value`),
/// without a new history entry.
pub fn rewrite(keys: &[&str], add: Option<String>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let search = window.location().search().unwrap_or_default();
    let owned = |p: &str| keys.iter().any(|k| p.split('=').next() == Some(*k));
    let mut pairs: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && !owned(p))
        .map(String::from)
        .collect();
    pairs.extend(add);
    if let Ok(history) = window.history() {
        let url = format!("?{}", pairs.join("&"));
        history
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
            .ok();
    }
}
