//! The page's regions as tabs (Train, Explore the code, Applications): one region shows at a
//! time, the choice is kept in the address (`region=`), and a lesson step brings its panel
//! into view. Keyboard: the arrow keys, Home and End move between tabs, as in the WAI-ARIA
//! tabs pattern.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::teach::place::{Panel, Region};

/// Which region shows; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Regions {
    pub current: RwSignal<Region>,
    /// When the student last scrolled by hand (wheel, finger, keys), in ms since the epoch:
    /// a brought panel is no longer held in place after that.
    scrolled_at: StoredValue<f64>,
}

impl Regions {
    /// The region the address names, else Train.
    pub fn from_address() -> Regions {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        let regions = Regions {
            current: RwSignal::new(Region::from_query(&search).unwrap_or(Region::Train)),
            scrolled_at: StoredValue::new(0.0),
        };
        // The page's own scrolling (and the browser keeping the view steady while panels
        // above grow) is not the student's: only their input counts.
        let by_hand = move || regions.scrolled_at.set_value(js_sys::Date::now());
        for listener in [
            window_event_listener(leptos::ev::wheel, move |_| by_hand()),
            window_event_listener(leptos::ev::touchmove, move |_| by_hand()),
            window_event_listener(leptos::ev::keydown, move |_| by_hand()),
        ] {
            // The regions live as long as the page.
            std::mem::forget(listener);
        }
        regions
    }

    /// Whether `region`'s panels are hidden (tracked): they stay on the page, so charts keep
    /// their drawing and state while another region shows.
    pub fn hides(self, region: Region) -> impl Fn() -> bool + Copy {
        move || self.current.get() != region
    }

    pub fn show(self, region: Region) {
        if self.current.get_untracked() != region {
            self.current.set(region);
            write_address(region);
        }
    }

    /// Show `panel`'s region and scroll the panel to just under the sticky run bar, once the
    /// region is drawn (the next frame). While the page is still filling in (a lesson link
    /// opens before its data and network are there, and the panels above grow), the panel is
    /// kept there for a few seconds, unless the student scrolls or changes region.
    pub fn bring(self, panel: Panel) {
        self.show(panel.region());
        let since = js_sys::Date::now();
        request_animation_frame(move || self.settle(panel, SETTLE_TRIES, since));
    }

    fn settle(self, panel: Panel, tries: u32, since: f64) {
        if self.scrolled_at.get_value() > since || self.current.get_untracked() != panel.region() {
            return;
        }
        scroll_to(panel);
        if tries > 0 {
            set_timeout(
                move || self.settle(panel, tries - 1, since),
                std::time::Duration::from_millis(250),
            );
        }
    }
}

/// How many times (every 250 ms) a brought panel is put back under the run bar.
const SETTLE_TRIES: u32 = 24;

/// Scroll `panel` to just under the sticky head.
fn scroll_to(panel: Panel) -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let heading = document.get_element_by_id(panel.heading_id())?;
    let section = heading.closest("section").ok().flatten().unwrap_or(heading);
    // The sticky head (tabs and run bar) covers the top of the window.
    let covered = document
        .query_selector(".results-head")
        .ok()
        .flatten()
        .map_or(0.0, |h| h.get_bounding_client_rect().height());
    let top = section.get_bounding_client_rect().top() + window.scroll_y().unwrap_or(0.0);
    let want = (top - covered - 8.0).max(0.0);
    // Only when off: scrolling to where the window already is would still fire events.
    if (window.scroll_y().unwrap_or(0.0) - want).abs() > 1.0 {
        window.scroll_to_with_x_and_y(0.0, want);
    }
    Some(())
}

/// Keep `region=` in the address beside the settings and the lesson's place; Train is where
/// the page opens, so a link need not say so.
fn write_address(region: Region) {
    let pair = (region != Region::Train).then(|| format!("region={}", region.key()));
    super::address::rewrite(&["region"], pair);
}

fn focus_tab(region: Region) {
    let tab = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("tab-{}", region.key())))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(tab) = tab {
        let _ = tab.focus();
    }
}

/// The tab bar. Only the selected tab is in the tab order; the arrows move between tabs and
/// show each, as a row of tabs does in the operating system.
#[component]
pub fn RegionTabs(regions: Regions) -> impl IntoView {
    let keys = move |ev: web_sys::KeyboardEvent| {
        let all = Region::ALL;
        let now = regions.current.get_untracked();
        let i = all.iter().position(|r| *r == now).unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => all[(i + 1) % all.len()],
            "ArrowLeft" => all[(i + all.len() - 1) % all.len()],
            "Home" => all[0],
            "End" => all[all.len() - 1],
            _ => return,
        };
        ev.prevent_default();
        regions.show(next);
        focus_tab(next);
    };
    view! {
        <nav class="region-bar" aria-label="Parts of the lab">
            <div role="tablist" aria-label="Parts of the lab" on:keydown=keys>
                {Region::ALL
                    .into_iter()
                    .map(|r| {
                        let selected = move || regions.current.get() == r;
                        view! {
                            <button
                                type="button"
                                role="tab"
                                id=format!("tab-{}", r.key())
                                aria-controls=format!("region-{}", r.key())
                                aria-selected=move || selected().to_string()
                                tabindex=move || if selected() { "0" } else { "-1" }
                                class:selected=selected
                                on:click=move |_| regions.show(r)
                            >
                                {r.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </nav>
    }
}
