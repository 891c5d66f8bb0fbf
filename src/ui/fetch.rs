//! Downloading an asset with progress. Every failure becomes a sentence for the page.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

fn js_err(what: &str, e: JsValue) -> String {
    let detail = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{e:?}"));
    format!("{what}: {detail}")
}

/// Fetch `url` and return its bytes, calling `progress(received, total)` as chunks arrive.
/// `total` is `None` when the server does not say how large the file is.
pub async fn fetch_bytes(
    url: &str,
    progress: impl Fn(u64, Option<u64>),
) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| js_err("the download failed (are you offline?)", e))?;
    let resp: Response = resp
        .dyn_into()
        .map_err(|_| "the download returned no response")?;
    if !resp.ok() {
        return Err(format!(
            "the server answered {} {} for {url}",
            resp.status(),
            resp.status_text()
        ));
    }
    let total = resp
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<u64>().ok());
    let body = resp.body().ok_or("the download has no body")?;
    let reader: ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| "the download cannot be read")?;
    let mut bytes = Vec::with_capacity(total.unwrap_or(0) as usize);
    progress(0, total);
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| js_err("the download was interrupted", e))?;
        let done = Reflect::get(&chunk, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            break;
        }
        let value = Reflect::get(&chunk, &"value".into()).map_err(|e| js_err("bad chunk", e))?;
        let array: Uint8Array = value
            .dyn_into()
            .map_err(|_| "the download sent a bad chunk")?;
        let start = bytes.len();
        bytes.resize(start + array.length() as usize, 0);
        array.copy_to(&mut bytes[start..]);
        progress(bytes.len() as u64, total);
    }
    Ok(bytes)
}

/// Inflate a gzip file with the browser's own `DecompressionStream` (asynchronous, off the
/// main thread). A file that is not valid gzip is an error with a sentence.
pub async fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use web_sys::{Blob, ReadableWritablePair};
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence(&parts).map_err(|e| js_err("bad file", e))?;
    let inflater = DecompressionStream::new("gzip")
        .map_err(|e| js_err("this browser cannot decompress", e))?;
    let pair = ReadableWritablePair::new(&inflater.readable(), &inflater.writable());
    let stream = blob.stream().pipe_through(&pair);
    let response = Response::new_with_opt_readable_stream(Some(&stream))
        .map_err(|e| js_err("the file could not be decompressed", e))?;
    let buffer = response
        .array_buffer()
        .map_err(|e| js_err("the file could not be decompressed", e))?;
    // A cut or damaged file fails here, when the inflater reaches the damage.
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|e| js_err("the download is damaged or incomplete", e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

// The Compression Streams API is in every current browser, but web-sys still lists it as
// unstable (behind a cfg flag): these few bindings are all the page needs.
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;
}
