//! In-browser tests (wasm-bindgen-test in headless Chromium): the core gives the same bits in
//! wasm as natively, assets decode, and the real worker entry answers the page's protocol.
#![cfg(target_arch = "wasm32")]

#[path = "support/golden.rs"]
mod golden;

use std::cell::RefCell;
use std::rc::Rc;

use autoencoder_lab::data::{DatasetId, asset, synthetic};
use autoencoder_lab::protocol::{Command, Report};
use autoencoder_lab::settings::LabSettings;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The page's path: the browser inflates, the core parses.
#[wasm_bindgen_test]
async fn shipped_mnist_asset_decodes_in_wasm() {
    let gz = include_bytes!("../assets/mnist.bin.gz");
    let raw = autoencoder_lab::ui::gunzip(gz).await.expect("inflates");
    let split = asset::decode(&raw).expect("decodes");
    assert_eq!((split.train.len(), split.test.len()), (8000, 2000));
    assert!(split.train.x.iter().all(|v| (0.0..=1.0).contains(v)));
    // Compressed bytes are refused with a sentence: the wasm core carries no inflater.
    assert!(asset::decode(gz).is_err());
}

#[wasm_bindgen_test]
async fn corrupt_asset_is_an_error_in_wasm_too() {
    let bytes = include_bytes!("../assets/mnist.bin.gz");
    let cut = autoencoder_lab::ui::gunzip(&bytes[..bytes.len() / 2]).await;
    assert!(cut.is_err(), "a cut gzip file is refused by the browser");
    let raw = autoencoder_lab::ui::gunzip(bytes).await.expect("inflates");
    assert!(asset::decode(&raw[..raw.len() / 2]).is_err());
}

#[wasm_bindgen_test]
fn synthetic_data_matches_native_bits() {
    let split = synthetic::generate(DatasetId::SwissRoll, 2026).expect("synthetic");
    assert_eq!(
        golden::checksum(split.train.x.as_slice()),
        golden::SWISS_ROLL
    );
}

#[wasm_bindgen_test]
fn training_matches_native_bits() {
    assert_eq!(golden::model_a_checksum(), golden::MODEL_A_AFTER_STEPS);
}

/// The worker entry, exported so a worker can load this very test module and run it.
#[wasm_bindgen]
pub fn ael_test_worker_start() {
    autoencoder_lab::worker::start();
}

/// Start a module worker that loads this test's own wasm and runs the real worker entry.
fn spawn_worker() -> web_sys::Worker {
    let origin = web_sys::window()
        .expect("window")
        .location()
        .origin()
        .expect("origin");
    let src = format!(
        "import init, {{ ael_test_worker_start }} from '{origin}/wasm-bindgen-test';\n\
         await init({{ module_or_path: '{origin}/wasm-bindgen-test_bg.wasm' }});\nael_test_worker_start();\n"
    );
    let parts = js_sys::Array::of1(&JsValue::from_str(&src));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props).expect("blob");
    let url = web_sys::Url::create_object_url_with_blob(&blob).expect("url");
    let opts = web_sys::WorkerOptions::new();
    opts.set_type(web_sys::WorkerType::Module);
    web_sys::Worker::new_with_options(&url, &opts).expect("worker starts")
}

async fn wait_for(reports: &Rc<RefCell<Vec<Report>>>, what: impl Fn(&[Report]) -> bool) -> bool {
    for _ in 0..300 {
        if what(&reports.borrow()) {
            return true;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    false
}

#[wasm_bindgen_test]
async fn worker_answers_the_handshake_and_trains() {
    let worker = spawn_worker();
    let reports: Rc<RefCell<Vec<Report>>> = Rc::default();
    let sink = Rc::clone(&reports);
    let onmessage =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let bytes = js_sys::Uint8Array::new(&ev.data()).to_vec();
            if let Ok(r) = autoencoder_lab::protocol::decode::<Report>(&bytes) {
                sink.borrow_mut().push(r);
            }
        });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    let errors: Rc<RefCell<Vec<String>>> = Rc::default();
    let err_sink = Rc::clone(&errors);
    let onerror = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
        err_sink.borrow_mut().push(format!(
            "{} {}:{}",
            ev.message(),
            ev.filename(),
            ev.lineno()
        ));
    });
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    let ready = wait_for(&reports, |r| r.first() == Some(&Report::Ready)).await;
    assert!(
        ready,
        "Ready comes first; worker errors: {:?}",
        errors.borrow()
    );
    let settings = LabSettings::for_dataset(DatasetId::TwoMoons);
    let config = settings.to_config(autoencoder_lab::data::SampleShape::Points { dim: 2 });
    let send = |cmd: &Command| {
        let bytes = autoencoder_lab::protocol::encode(cmd).expect("encodes");
        let v = js_sys::Uint8Array::from(&bytes[..]);
        worker.post_message(&v).expect("posts");
    };
    send(&Command::LoadData {
        dataset: DatasetId::TwoMoons,
        asset: None,
    });
    send(&Command::Configure {
        config: Box::new(config),
    });
    for _ in 0..3 {
        send(&Command::Step);
    }
    let trained = |r: &[Report]| {
        r.iter()
            .any(|r| matches!(r, Report::Progress(p) if p.samples_seen == 3 * 64))
    };
    assert!(
        wait_for(&reports, trained).await,
        "three steps trained: {:?}",
        reports.borrow().len()
    );
    assert!(
        reports
            .borrow()
            .iter()
            .any(|r| matches!(r, Report::DataLoaded(_)))
    );
    assert!(
        reports
            .borrow()
            .iter()
            .any(|r| matches!(r, Report::Configured(_)))
    );
    worker.terminate();
}
