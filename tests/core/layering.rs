//! No import circle inside `models/`: each file's `use` lines name the modules it depends on,
//! and following them never leads back to where it started. (A variant file that reached back
//! into the autoencoder, while the autoencoder used it, is what tangled the variants before.)
//! Test files are left out: they may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/models/penalty/mod.rs` → `models::penalty`; `src/models/jacobian.rs` → `models::jacobian`.
fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Module = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every path a file's `use` items name, braces expanded.
fn used_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("use ") {
        let before = &rest[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let head = before[line_start..].trim();
        rest = &rest[at + 4..];
        if !(head.is_empty() || head.starts_with("pub")) {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        let item = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        expand("", &item, &mut out);
        rest = &rest[end..];
    }
    out
}

fn expand(prefix: &str, item: &str, out: &mut Vec<String>) {
    match item.find('{') {
        None => {
            let name = item.split(" as ").next().unwrap_or(item).trim();
            out.push(format!("{prefix}{name}"));
        }
        Some(open) => {
            let head = format!("{prefix}{}", item[..open].trim());
            let inner = item[open + 1..].trim_end();
            let inner = inner.strip_suffix('}').unwrap_or(inner);
            let (mut depth, mut start) = (0, 0);
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&head, &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            if start < inner.len() {
                expand(&head, &inner[start..], out);
            }
        }
    }
}

/// The module a path lands in (its longest prefix that is a module), if it is one of `known`.
fn resolve(from: &Module, path: &str, known: &BTreeSet<Module>) -> Option<Module> {
    let mut parts = path.split("::").filter(|p| !p.is_empty());
    let mut base: Module = match parts.next()? {
        "crate" => Vec::new(),
        "self" => from.clone(),
        "super" => from[..from.len().saturating_sub(1)].to_vec(),
        _ => return None,
    };
    let mut rest: Vec<&str> = parts.collect();
    while rest.first() == Some(&"super") {
        base.pop();
        rest.remove(0);
    }
    (0..=rest.len())
        .rev()
        .map(|i| {
            let mut m = base.clone();
            m.extend(rest[..i].iter().map(|s| s.to_string()));
            m
        })
        .find(|m| known.contains(m))
}

#[test]
fn no_module_in_models_reaches_back_to_itself() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("models"), &mut files);
    let files: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| !f.to_string_lossy().contains("tests"))
        .collect();
    assert!(files.len() > 20, "models/ read: {}", files.len());
    let known: BTreeSet<Module> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for f in &files {
        let from = module_of(&src, f);
        let text = fs::read_to_string(f).expect("readable");
        // An inline test module's `super` is the file itself; tests may use anything.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        let deps = used_paths(text)
            .iter()
            .filter_map(|p| resolve(&from, p, &known))
            // A module may use what it declares inside itself.
            .filter(|m| !m.starts_with(&from))
            .collect();
        edges.insert(from, deps);
    }
    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 30,
        "the imports were read"
    );
    // Depth-first search; a module met again while still on the path closes a circle.
    fn visit(
        m: &Module,
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        path: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut circle = path[i..].to_vec();
            circle.push(m.clone());
            return Some(circle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.clone());
        for d in edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(d, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.clone());
        None
    }
    let mut done = BTreeSet::new();
    for m in edges.keys() {
        if let Some(circle) = visit(m, &edges, &mut Vec::new(), &mut done) {
            let names: Vec<String> = circle.iter().map(|m| m.join("::")).collect();
            panic!("an import circle: {}", names.join(" → "));
        }
    }
}
