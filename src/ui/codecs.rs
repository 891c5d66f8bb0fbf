//! The browser's own JPEG and WebP encoders, measured on the same test images as the
//! autoencoder: each image is drawn on a canvas, encoded with `toBlob` at a quality, decoded
//! again with `createImageBitmap`, and compared pixel by pixel. Everything awaits the
//! browser, so the page stays responsive while it runs.

use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::{Clamped, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap, ImageData};

use crate::analysis::imaging::codecs::{jpeg_payload, webp_payload};
use crate::analysis::imaging::filters::mean_psnr;
use crate::protocol::compression::{RdCurve, RdPoint, SHOWN};

/// Qualities tried, from the smallest files up.
pub const QUALITIES: [u32; 8] = [5, 10, 20, 30, 50, 70, 85, 95];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    Jpeg,
    Webp,
}

impl Codec {
    pub const ALL: [Codec; 2] = [Codec::Jpeg, Codec::Webp];

    fn mime(self) -> &'static str {
        match self {
            Codec::Jpeg => "image/jpeg",
            Codec::Webp => "image/webp",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Codec::Jpeg => "JPEG",
            Codec::Webp => "WebP",
        }
    }

    /// What "without headers" keeps, as the chart's legend says it.
    fn payload_name(self) -> &'static str {
        match self {
            Codec::Jpeg => "JPEG, entropy-coded data only",
            Codec::Webp => "WebP, image chunk only",
        }
    }

    fn payload(self, bytes: &[u8]) -> Option<usize> {
        match self {
            Codec::Jpeg => jpeg_payload(bytes),
            Codec::Webp => webp_payload(bytes),
        }
    }
}

fn js(what: &str, e: JsValue) -> String {
    format!(
        "{what}: {}",
        e.as_string().unwrap_or_else(|| format!("{e:?}"))
    )
}

struct Surface {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
}

fn surface(w: u32, h: u32) -> Result<Surface, String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(|e| js("canvas", e))?
        .dyn_into()
        .map_err(|_| "not a canvas")?;
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx = super::draw::context_2d(&canvas).ok_or("no 2-D context")?;
    Ok(Surface { canvas, ctx })
}

/// Encode `pixels` (grey, 0 = black) as `codec` at `quality` (0-100): the file's bytes.
async fn encode(
    s: &Surface,
    pixels: &[f32],
    w: u32,
    codec: Codec,
    quality: u32,
) -> Result<Vec<u8>, String> {
    let rgba: Vec<u8> = pixels
        .iter()
        .flat_map(|v| {
            let g = (v.clamp(0.0, 1.0) * 255.0).round() as u8;
            [g, g, g, 255]
        })
        .collect();
    let img =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w, pixels.len() as u32 / w)
            .map_err(|e| js("image data", e))?;
    s.ctx
        .put_image_data(&img, 0.0, 0.0)
        .map_err(|e| js("draw", e))?;
    let canvas = s.canvas.clone();
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let quality = JsValue::from_f64(f64::from(quality) / 100.0);
        if let Err(e) =
            canvas.to_blob_with_type_and_encoder_options(&resolve, codec.mime(), &quality)
        {
            reject.call1(&JsValue::NULL, &e).ok();
        }
    });
    let blob: Blob = JsFuture::from(promise)
        .await
        .map_err(|e| js("encoding", e))?
        .dyn_into()
        .map_err(|_| format!("this browser cannot encode {}", codec.name()))?;
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| js("reading the file", e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Decode `bytes` back to grey levels through the browser's decoder.
async fn decode(
    s: &Surface,
    bytes: &[u8],
    codec: Codec,
    w: u32,
    h: u32,
) -> Result<Vec<f32>, String> {
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(codec.mime());
    let blob =
        Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(|e| js("blob", e))?;
    let window = web_sys::window().ok_or("no window")?;
    let promise = window
        .create_image_bitmap_with_blob(&blob)
        .map_err(|e| js("decoding", e))?;
    let bitmap: ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|e| js("decoding", e))?
        .dyn_into()
        .map_err(|_| "not an image")?;
    s.ctx.clear_rect(0.0, 0.0, f64::from(w), f64::from(h));
    s.ctx
        .draw_image_with_image_bitmap(&bitmap, 0.0, 0.0)
        .map_err(|e| js("drawing", e))?;
    let data = s
        .ctx
        .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
        .map_err(|e| js("reading pixels", e))?
        .data();
    // Grey in, so the channels agree up to rounding: their mean is the grey level.
    Ok(data
        .chunks(4)
        .map(|p| (f32::from(p[0]) + f32::from(p[1]) + f32::from(p[2])) / 765.0)
        .collect())
}

/// One quality's sizes (bits per image, averaged) and error.
struct Quality {
    quality: u32,
    file_bits: f32,
    payload_bits: f32,
    mse: f32,
    /// Each image's PSNR, averaged (the lab's one PSNR, `filters::mean_psnr`).
    psnr: f32,
    shown: Vec<Vec<f32>>,
}

/// Two curves for `codec` (whole files and payload only) over `images`, with the decoded
/// first images at the quality whose payload is nearest `rate_bits`. `progress` hears which
/// quality is being encoded.
pub async fn measure(
    codec: Codec,
    images: &[Vec<f32>],
    (w, h): (u32, u32),
    rate_bits: u32,
    progress: impl Fn(String),
) -> Result<[RdCurve; 2], String> {
    let s = surface(w, h)?;
    let mut tried = Vec::new();
    for q in QUALITIES {
        progress(format!(
            "Encoding the test images as {} at quality {q}…",
            codec.name()
        ));
        let (mut file, mut payload, mut sq, mut shown) = (0usize, 0usize, 0.0f64, Vec::new());
        let mut decoded = Vec::with_capacity(images.len());
        for (k, img) in images.iter().enumerate() {
            let bytes = encode(&s, img, w, codec, q).await?;
            let body = codec
                .payload(&bytes)
                .ok_or_else(|| format!("this browser did not produce a {} file", codec.name()))?;
            let back = decode(&s, &bytes, codec, w, h).await?;
            sq += img
                .iter()
                .zip(&back)
                .map(|(a, b)| f64::from(a - b).powi(2))
                .sum::<f64>();
            (file, payload) = (file + bytes.len(), payload + body);
            if k < SHOWN {
                shown.push(back.clone());
            }
            decoded.push(back);
        }
        let psnr = mean_psnr(
            decoded
                .iter()
                .map(Vec::as_slice)
                .zip(images.iter().map(Vec::as_slice)),
            None,
        );
        let n = images.len().max(1) as f32;
        let mse = (sq / (images.len().max(1) * (w * h) as usize) as f64) as f32;
        tried.push(Quality {
            quality: q,
            file_bits: file as f32 * 8.0 / n,
            payload_bits: payload as f32 * 8.0 / n,
            mse,
            psnr,
            shown,
        });
    }
    let point = |q: u32, bits: f32, mse: f32, psnr: f32| RdPoint {
        bits,
        psnr,
        mse,
        label: format!("quality {q}"),
    };
    let nearest = tried
        .iter()
        .min_by(|a, b| {
            let d = |bits: f32| (bits.max(1.0) / rate_bits as f32).ln().abs();
            d(a.payload_bits).total_cmp(&d(b.payload_bits))
        })
        .map(|t| (t.shown.clone(), format!("quality {}", t.quality)))
        .unwrap_or_default();
    let curve = |name: String, bits: fn(&Quality) -> f32| RdCurve {
        name,
        points: tried
            .iter()
            .map(|t| point(t.quality, bits(t), t.mse, t.psnr))
            .collect(),
        shown: nearest.0.clone(),
        shown_label: nearest.1.clone(),
    };
    Ok([
        curve(format!("{}, whole file", codec.name()), |t| t.file_bits),
        curve(codec.payload_name().into(), |t| t.payload_bits),
    ])
}
