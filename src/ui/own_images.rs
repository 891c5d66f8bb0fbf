//! The student's images, decoded by the browser (which has every image codec) and resized to
//! a square on the way, then handed to the worker (`data::images`) as RGBA pixels.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, File, HtmlCanvasElement, ImageBitmap, ImageBitmapOptions,
    ResizeQuality,
};

use super::file_picker::{FilePicker, Pick};
use leptos::prelude::*;

use super::lab::Lab;
use super::own_data::OwnStatus;
use crate::data::images::{DecodedImage, ImageSummary, LabelSource, MAX_IMAGES, MAX_SIDE};
use crate::protocol::{Command, DataRefusal};

/// Files above this are not images a class would train on; skipped by name.
const MAX_FILE_BYTES: f64 = 50e6;

/// Decodes `files` at `side` × `side` (`None`: the first image's own size, up to 64), calling
/// `progress(done, of)` now and then. Files that do not decode are named in the second list.
pub async fn decode_all(
    files: Vec<File>,
    side: Option<u32>,
    progress: impl Fn(usize, usize),
) -> Result<(Vec<DecodedImage>, Vec<String>), String> {
    let side = match side {
        Some(s) => s,
        None => natural_side(&files).await,
    };
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| "no canvas")?
        .unchecked_into();
    canvas.set_width(side);
    canvas.set_height(side);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or("no 2-D canvas")?
        .unchecked_into();
    let (mut images, mut skipped) = (Vec::new(), Vec::new());
    let of = files.len();
    for (i, file) in files.into_iter().enumerate() {
        if i % 50 == 0 {
            progress(i, of);
        }
        let path = path_of(&file);
        let decoded = if file.size() > MAX_FILE_BYTES {
            None
        } else {
            pixels(&file, side, &ctx).await
        };
        match decoded {
            Some(rgba) => images.push(DecodedImage { path, side, rgba }),
            None => skipped.push(path),
        }
    }
    Ok((images, skipped))
}

/// The folder path a folder choice gives (`digits/3/a.png`), else the file's name.
fn path_of(file: &File) -> String {
    Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name())
}

async fn bitmap(file: &File, side: Option<u32>) -> Option<ImageBitmap> {
    let window = web_sys::window()?;
    let promise = match side {
        Some(side) => {
            let opts = ImageBitmapOptions::new();
            opts.set_resize_width(side);
            opts.set_resize_height(side);
            opts.set_resize_quality(ResizeQuality::High);
            window.create_image_bitmap_with_blob_and_image_bitmap_options(file, &opts)
        }
        None => window.create_image_bitmap_with_blob(file),
    };
    JsFuture::from(promise.ok()?).await.ok()?.dyn_into().ok()
}

async fn pixels(file: &File, side: u32, ctx: &CanvasRenderingContext2d) -> Option<Vec<u8>> {
    let bitmap = bitmap(file, Some(side)).await?;
    let s = f64::from(side);
    ctx.clear_rect(0.0, 0.0, s, s);
    ctx.draw_image_with_image_bitmap(&bitmap, 0.0, 0.0).ok()?;
    bitmap.close();
    Some(ctx.get_image_data(0.0, 0.0, s, s).ok()?.data().0)
}

/// The larger side of the first image that decodes, within 4..=64.
async fn natural_side(files: &[File]) -> u32 {
    for file in files.iter().take(20) {
        if let Some(b) = bitmap(file, None).await {
            let side = b.width().max(b.height());
            b.close();
            return side.clamp(4, MAX_SIDE);
        }
    }
    28
}

#[component]
pub fn ImagesRead(summary: ImageSummary) -> impl IntoView {
    let s = summary;
    let labels = match s.labels {
        LabelSource::Folders => "labelled by their folders",
        LabelSource::FileNames => "labelled by the start of their file names",
        LabelSource::None => "one class (no folders or file-name prefixes to label them by)",
    };
    let classes: Vec<String> = s
        .classes
        .iter()
        .take(10)
        .map(|(n, k)| format!("{n} ({k})"))
        .collect();
    let more = (s.classes.len() > 10).then(|| format!(" and {} more", s.classes.len() - 10));
    let skipped = (!s.skipped.is_empty()).then(|| {
        let names: Vec<&str> = s.skipped.iter().take(3).map(String::as_str).collect();
        let verb = if s.skipped.len() == 1 { "was" } else { "were" };
        let files = crate::data::csv::count(s.skipped.len(), "file");
        format!(
            " {files} could not be decoded and {verb} left out: {}.",
            names.join(", ")
        )
    });
    view! {
        <p class="hint">
            {format!(
                "{} images of {} × {} pixels in grey ({} to train, {} to test), {labels}{}.",
                s.images, s.side, s.side, s.n_train, s.n_test,
                if s.inverted { "; dark strokes on light paper were turned into light on dark, as in MNIST" } else { "" },
            )}
            {skipped}
        </p>
        {(s.labels != LabelSource::None).then(|| view! {
            <p class="hint">"Classes: " {classes.join(", ")} {more}</p>
        })}
    }
}

/// Decode the chosen images in the page (the browser has the codecs) and hand the pixels to
/// the worker; a choice of more images than the lab takes is refused before decoding.
fn read_images(lab: Lab, files: Vec<web_sys::File>, side: Option<u32>) {
    let name = crate::data::csv::count(files.len(), "image");
    if files.len() > MAX_IMAGES {
        let message = format!("the lab takes up to {MAX_IMAGES} images");
        lab.own_data.set(OwnStatus::Refused(DataRefusal {
            name,
            message,
            can_drop: false,
        }));
        return;
    }
    lab.own_data
        .set(OwnStatus::Reading(format!("{name}: decoding")));
    wasm_bindgen_futures::spawn_local(async move {
        let progress = |done: usize, of: usize| {
            lab.own_data.set(OwnStatus::Reading(format!(
                "images: decoding {done} of {of}"
            )));
        };
        match super::own_images::decode_all(files, side, progress).await {
            Ok((images, skipped)) => {
                lab.own_data
                    .set(OwnStatus::Reading(format!("{} images", images.len())));
                lab.send(Command::ReadImages { images, skipped });
            }
            Err(why) => {
                let message = format!("the browser could not decode them ({why})");
                lab.own_data.set(OwnStatus::Refused(DataRefusal {
                    name,
                    message,
                    can_drop: false,
                }));
            }
        }
    });
}

/// "Choose images…" and "Choose a folder…", with the size they are brought to.
#[component]
pub fn ImageChoice(lab: Lab) -> impl IntoView {
    let own_size = RwSignal::new(false);
    let chosen = Callback::new(move |files: Vec<web_sys::File>| {
        let side = (!own_size.get_untracked()).then_some(28);
        read_images(lab, files, side);
    });
    view! {
        <p class="hint">
            "Or images (PNG, JPEG, …): labelled by their folders when you choose a folder, else "
            "by the start of their names (cat_01.png, dog_07.png)."
        </p>
        <div class="buttons">
            <FilePicker id="images-choose" input_id="images-file" label="Choose images…"
                accept="image/*" pick=Pick::Many on_files=chosen />
            <FilePicker id="folder-choose" input_id="folder-file" label="Choose a folder…"
                pick=Pick::Folder on_files=chosen />
        </div>
        <div class="field">
            <label for="images-size">"Image size"</label>
            <select id="images-size" on:change=move |ev| own_size.set(event_target_value(&ev) == "own")>
                <option value="28">"28 × 28, as MNIST"</option>
                <option value="own">"Their own size, up to 64 × 64"</option>
            </select>
        </div>
    }
}
