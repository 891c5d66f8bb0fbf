//! The browser's IndexedDB as three async calls over one object store of kept runs, each
//! record `{ id, bytes }` (the bytes are `store::runs`). Failures come back as sentences.

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Event, IdbDatabase, IdbObjectStore, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest,
    IdbTransaction, IdbTransactionMode,
};

const DB: &str = "autoencoder-lab";
const STORE: &str = "runs";

/// A browser error's name as something a student can act on.
fn explain(name: &str) -> String {
    match name {
        "QuotaExceededError" => {
            "the browser's storage for this site is full: delete some kept runs, then try again"
                .into()
        }
        "InvalidStateError" | "SecurityError" | "UnknownError" => {
            "this browser does not let the page keep data here (a private window keeps none)".into()
        }
        "" => "the browser's storage refused".into(),
        other => format!("the browser's storage refused ({other})"),
    }
}

fn error_name(e: &JsValue) -> String {
    Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_default()
}

/// Resolves with the request's result, or fails with its error's name, explained.
async fn done(req: &IdbRequest) -> Result<JsValue, String> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let r = req.clone();
        let ok = Closure::once_into_js(move |_: Event| {
            resolve
                .call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED))
                .ok();
        });
        let r = req.clone();
        let fail = Closure::once_into_js(move |_: Event| {
            let name = r
                .error()
                .ok()
                .flatten()
                .map(|e| e.name())
                .unwrap_or_default();
            reject.call1(&JsValue::NULL, &JsValue::from_str(&name)).ok();
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(fail.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map_err(|e| explain(&e.as_string().unwrap_or_default()))
}

/// Resolves when a write transaction has committed (a full disk fails it here).
async fn committed(tx: &IdbTransaction) -> Result<(), String> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = Closure::once_into_js(move |_: Event| {
            resolve.call0(&JsValue::NULL).ok();
        });
        let t = tx.clone();
        let fail = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            let name = t.error().map(|e| e.name()).unwrap_or_default();
            reject.call1(&JsValue::NULL, &JsValue::from_str(&name)).ok();
        });
        tx.set_oncomplete(Some(ok.unchecked_ref()));
        tx.set_onerror(Some(fail.as_ref().unchecked_ref()));
        tx.set_onabort(Some(fail.as_ref().unchecked_ref()));
        fail.forget();
    });
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| explain(&e.as_string().unwrap_or_default()))
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| explain("InvalidStateError"))?;
    let req: IdbOpenDbRequest = factory
        .open_with_u32(DB, 1)
        .map_err(|e| explain(&error_name(&e)))?;
    let upgrade = Closure::once_into_js(move |ev: Event| {
        let db = ev
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|d| d.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            let params = IdbObjectStoreParameters::new();
            params.set_key_path(&"id".into());
            params.set_auto_increment(true);
            db.create_object_store_with_optional_parameters(STORE, &params)
                .ok();
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    done(&req)
        .await?
        .dyn_into::<IdbDatabase>()
        .map_err(|_| explain(""))
}

fn store(
    db: &IdbDatabase,
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, IdbObjectStore), String> {
    let tx = db
        .transaction_with_str_and_mode(STORE, mode)
        .map_err(|e| explain(&error_name(&e)))?;
    let store = tx
        .object_store(STORE)
        .map_err(|e| explain(&error_name(&e)))?;
    Ok((tx, store))
}

/// Keeps `bytes` (under `id` when given, replacing that record) and returns its id.
pub async fn put(bytes: &[u8], id: Option<f64>) -> Result<f64, String> {
    let db = open().await?;
    let (tx, store) = store(&db, IdbTransactionMode::Readwrite)?;
    let record = Object::new();
    Reflect::set(&record, &"bytes".into(), &Uint8Array::from(bytes)).ok();
    if let Some(id) = id {
        Reflect::set(&record, &"id".into(), &id.into()).ok();
    }
    let req = store.put(&record).map_err(|e| explain(&error_name(&e)))?;
    let key = done(&req).await?;
    committed(&tx).await?;
    key.as_f64().ok_or_else(|| explain(""))
}

/// Every record, oldest first: `(id, bytes)`.
pub async fn all() -> Result<Vec<(f64, Vec<u8>)>, String> {
    let db = open().await?;
    let (_, store) = store(&db, IdbTransactionMode::Readonly)?;
    let req = store.get_all().map_err(|e| explain(&error_name(&e)))?;
    let list: js_sys::Array = done(&req).await?.unchecked_into();
    Ok(list
        .iter()
        .filter_map(|r| {
            let id = Reflect::get(&r, &"id".into()).ok()?.as_f64()?;
            let bytes = Reflect::get(&r, &"bytes".into()).ok()?;
            Some((id, bytes.dyn_into::<Uint8Array>().ok()?.to_vec()))
        })
        .collect())
}

pub async fn delete(id: f64) -> Result<(), String> {
    let db = open().await?;
    let (tx, store) = store(&db, IdbTransactionMode::Readwrite)?;
    let req = store
        .delete(&id.into())
        .map_err(|e| explain(&error_name(&e)))?;
    done(&req).await?;
    committed(&tx).await
}
