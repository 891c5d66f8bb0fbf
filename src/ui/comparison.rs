//! The table that compares the autoencoder with PCA on the same test items.

use leptos::prelude::*;

use super::run_view::RunView;
use crate::protocol::ModelInfo;

/// "1 component", "2 components".
pub fn components(k: usize) -> String {
    if k == 1 {
        "1 component".into()
    } else {
        format!("{k} components")
    }
}

fn four(v: f32) -> String {
    format!("{v:.4}")
}
fn percent(v: f32) -> String {
    format!("{:.1} %", v * 100.0)
}
fn ratio(v: f32) -> String {
    format!("{v:.2}")
}

/// A number an option reports about the code: the autoencoder's only.
fn reading_row(name: String, value: f32, fmt: fn(f32) -> String) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{name}</th>
            <td>{fmt(value)}</td>
            <td>"–"</td>
        </tr>
    }
}

/// AE against PCA with as many components as the code: test MSE, kNN accuracy, how much of
/// random noise each reproduces, and for a linear AE how close it is to PCA's subspace.
#[component]
pub fn Comparison(run: RunView) -> impl IntoView {
    let row =
        move |name: &'static str, ae: Option<f32>, pca: Option<f32>, fmt: fn(f32) -> String| {
            let fmt = move |v: Option<f32>| v.map_or_else(|| "–".into(), fmt);
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td>{fmt(ae)}</td>
                    <td>{fmt(pca)}</td>
                </tr>
            }
        };
    // While training, metrics are on a fixed subset of the test split; PCA's numbers are then
    // the subset's too, so the two columns always describe the same items.
    let caption = move || {
        let n_test = run.data_info.with(|d| d.as_ref().map_or(0, |d| d.n_test));
        let items = run
            .metrics
            .with(|m| m.as_ref().map(|m| m.test_items as usize));
        run.model.with(|m| {
            let m = m.as_ref()?;
            let on = match items {
                Some(n) if n < n_test => {
                    format!("{n} of the {n_test} test items while training (pause for all)")
                }
                _ => format!("all {n_test} test items"),
            };
            let input = run.settings.with(|s| {
                s.config.regularization.noise.filter(|n| n.at_test).map_or(String::new(), |n| {
                    format!(
                        ". Both see the test items corrupted ({}, {}) and are scored against the clean ones",
                        n.kind.label(),
                        n.level
                    )
                })
            });
            // The model trains on some classes only: so was its PCA fitted.
            let fitted = match &m.trained_on {
                Some(c) => format!(
                    ", fitted on the same {} training class{} as the AE",
                    c.len(),
                    if c.len() == 1 { "" } else { "es" }
                ),
                None => String::new(),
            };
            Some(format!("PCA with {}{fitted}; {on}{input}", components(m.pca_k)))
        })
    };
    view! {
        <table class="compare" id="compare">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th></th>
                    <th scope="col">"AE"</th>
                    <th scope="col">"PCA"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let m = run.metrics.get();
                    let p = run.model.get();
                    let n_test = run.data_info.with(|d| d.as_ref().map_or(0, |d| d.n_test));
                    let quick = m.as_ref().is_some_and(|m| (m.test_items as usize) < n_test);
                    let pca = |full: fn(&ModelInfo) -> f32, sub: fn(&ModelInfo) -> f32| {
                        p.as_ref().map(|p| if quick { sub(p) } else { full(p) })
                    };
                    view! {
                        {row("MSE per value", m.as_ref().map(|m| m.test_mse), pca(|p| p.pca_test_mse, |p| p.pca_quick_mse), four)}
                        {row("5-NN accuracy", m.as_ref().map(|m| m.knn), pca(|p| p.pca_knn, |p| p.pca_quick_knn), percent)}
                        // Uniform [0, 1] noise has variance 1/12: near 0 means the method
                        // copies any input (an identity map) instead of modelling the data.
                        {row("Random-noise error ÷ variance", m.as_ref().map(|m| m.noise_mse * 12.0), p.as_ref().map(|p| p.pca_noise_mse * 12.0), ratio)}
                        {m.as_ref().map(|m| m.readings.iter().map(|r| {
                            let fmt = if r.percent { percent } else { four };
                            reading_row(r.label.clone(), r.value, fmt)
                        }).collect_view())}
                        {m.as_ref().and_then(|m| m.pca_r2).map(|r2| {
                            row("Same subspace as PCA (R² of a linear map)", Some(r2), Some(1.0), four)
                        })}
                    }
                }}
            </tbody>
        </table>
    }
}
