//! A chart canvas sized by its CSS box and drawn at the screen's pixel density.
//!
//! A canvas with fixed `width`/`height` attributes is stretched (or shrunk) by CSS to its box:
//! blurry on a wide screen, worse at 2× density, and with 5-px tick labels on a phone. Here
//! the box's size is watched by a `ResizeObserver` (so drawing never forces a layout to read
//! it), charts are laid out in CSS pixels (fonts keep their size on every screen), and the
//! backing store holds `devicePixelRatio` device pixels per CSS pixel.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{ResizeObserver, ResizeObserverEntry};

/// A chart canvas's CSS size, kept current while the canvas is on the page.
#[derive(Clone, Copy)]
pub struct ChartBox {
    size: RwSignal<Option<(u32, u32)>>,
}

impl ChartBox {
    /// Watch `canvas`'s box once it is mounted. Reading [`ChartBox::size`] in a drawing effect
    /// redraws the chart when the box changes size.
    pub fn new(canvas: NodeRef<Canvas>) -> ChartBox {
        let size = RwSignal::new(None);
        canvas.on_load(move |el| {
            let on_resize =
                Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                    let Some(entry) = entries.get(0).dyn_into::<ResizeObserverEntry>().ok() else {
                        return;
                    };
                    let rect = entry.content_rect();
                    let next = (rect.width().round() as u32, rect.height().round() as u32);
                    // A hidden panel has a zero box: keep the last drawing's size for it.
                    if next.0 > 0 && next.1 > 0 && size.get_untracked() != Some(next) {
                        size.set(Some(next));
                    }
                });
            if let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
                observer.observe(&el);
                // The observer and its callback live as long as the page: charts are never
                // removed, only hidden.
                std::mem::forget(observer);
                on_resize.forget();
            }
        });
        ChartBox { size }
    }

    /// The box in CSS pixels, once known (tracked).
    pub fn size(self) -> Option<(u32, u32)> {
        self.size.get()
    }
}

/// Device pixels per CSS pixel, at least 1 and at most 3 (beyond that the backing store
/// costs more than the eye gains).
pub fn pixel_ratio() -> f64 {
    web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 3.0)
}
