//! Another image dataset's test items as anomalies: the page downloads that set (the browser
//! caches it) and hands its bytes to the worker before asking for the measurement, so a
//! net trained on digits can be shown clothes.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::lab::Lab;
use crate::data::DatasetId;
use crate::protocol::Command;

/// Send `other`'s items to the worker, then `measure`. A failed download ends the wait and
/// says why; the previous report stays.
pub fn measure_with(lab: Lab, other: DatasetId, measure: Command) {
    spawn_local(async move {
        let url = format!("assets/{}.bin.gz", other.slug());
        let bytes = match super::fetch::fetch_bytes(&url, |_, _| {}).await {
            Ok(gz) => super::fetch::gunzip(&gz).await,
            Err(e) => Err(e),
        };
        match bytes {
            Ok(asset) => {
                lab.send(Command::LoadOutliers {
                    dataset: other,
                    asset,
                });
                lab.send(measure);
            }
            Err(why) => {
                lab.anomaly_busy.set(false);
                lab.notice.set(Some(format!(
                    "Could not load {} as anomalies: {why}.",
                    other.label()
                )));
            }
        }
    });
}
