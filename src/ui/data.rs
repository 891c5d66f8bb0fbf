//! The page's dataset: which one is chosen, its download progress, and the decoded split.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::data::{DATA_SEED, DatasetId, SampleShape, Split, asset, synthetic};

/// Where a dataset stands on the page.
#[derive(Clone, Debug)]
pub enum DataStatus {
    Loading {
        id: DatasetId,
        received: u64,
        total: Option<u64>,
    },
    Ready {
        id: DatasetId,
        split: Arc<Split>,
        asset: Option<Arc<Vec<u8>>>,
    },
    Failed {
        id: DatasetId,
        message: String,
    },
}

/// The student's table, and its bytes as the worker reads them.
type OwnTable = (Arc<Split>, Arc<Vec<u8>>);

/// Shared handle to the dataset state (cheap to copy into closures).
#[derive(Clone, Copy)]
pub struct DataStore {
    pub status: RwSignal<DataStatus>,
    /// Bumped by every load so a slow download cannot overwrite a newer choice.
    generation: StoredValue<u64>,
    /// The student's table and its bytes for the worker, once read; `id` tracks it.
    own: StoredValue<Option<OwnTable>>,
    pub own_id: RwSignal<Option<DatasetId>>,
}

impl DataStore {
    pub fn new() -> Self {
        let status = RwSignal::new(DataStatus::Loading {
            id: DatasetId::Mnist,
            received: 0,
            total: None,
        });
        DataStore {
            status,
            generation: StoredValue::new(0),
            own: StoredValue::new(None),
            own_id: RwSignal::new(None),
        }
    }

    /// The dataset chosen last, loaded or not.
    pub fn id_untracked(self) -> DatasetId {
        self.status.with_untracked(|s| match s {
            DataStatus::Loading { id, .. }
            | DataStatus::Ready { id, .. }
            | DataStatus::Failed { id, .. } => *id,
        })
    }

    /// The shape of the loaded dataset's samples, if one is loaded.
    pub fn shape_untracked(self) -> Option<SampleShape> {
        self.status.with_untracked(|s| match s {
            DataStatus::Ready { split, .. } => Some(split.train.shape),
            _ => None,
        })
    }

    /// The shape of the loaded dataset's samples, tracked (for views).
    pub fn shape_tracked(self) -> Option<SampleShape> {
        self.status.with(|s| match s {
            DataStatus::Ready { split, .. } => Some(split.train.shape),
            _ => None,
        })
    }

    /// Where the loaded dataset's training values lie, if one is loaded.
    pub fn range_untracked(self) -> Option<crate::models::noise::DataRange> {
        self.status.with_untracked(|s| match s {
            DataStatus::Ready { split, .. } => Some(crate::models::noise::DataRange::of(
                split.train.x.as_slice(),
            )),
            _ => None,
        })
    }

    /// Keep the student's table; it is used when [`DatasetId::Own`] is loaded.
    pub fn set_own(self, split: Split, asset: Vec<u8>) -> DatasetId {
        let id = DatasetId::Own(split.train.shape);
        self.own.set_value(Some((Arc::new(split), Arc::new(asset))));
        self.own_id.set(Some(id));
        id
    }

    /// Start loading `id` (synthetic sets are generated at once, image sets downloaded) and
    /// call `on_ready` once it has loaded, unless another load replaced it meanwhile.
    pub fn load(self, id: DatasetId, on_ready: impl Fn() + 'static) {
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        let current = move || self.generation.get_value() == generation;
        if let DatasetId::Own(_) = id {
            let own = self
                .own
                .get_value()
                .filter(|(s, _)| DatasetId::Own(s.train.shape) == id);
            match own {
                Some((split, asset)) => {
                    let asset = Some(asset);
                    self.status.set(DataStatus::Ready { id, split, asset });
                    on_ready();
                }
                None => self.status.set(DataStatus::Failed {
                    id,
                    message: "Your own data is read from a file on this computer: choose it again under Your own data.".into(),
                }),
            }
            return;
        }
        if let Some(split) = synthetic::generate(id, DATA_SEED) {
            self.status.set(DataStatus::Ready {
                id,
                split: Arc::new(split),
                asset: None,
            });
            on_ready();
            return;
        }
        self.status.set(DataStatus::Loading {
            id,
            received: 0,
            total: None,
        });
        let url = format!("assets/{}.bin.gz", id.slug());
        spawn_local(async move {
            let progress = move |received, total| {
                if current() {
                    self.status.set(DataStatus::Loading {
                        id,
                        received,
                        total,
                    });
                }
            };
            let result = match crate::ui::fetch::fetch_bytes(&url, progress).await {
                Ok(gz) => crate::ui::fetch::gunzip(&gz).await.and_then(|bytes| {
                    let split = asset::decode(&bytes).map_err(|e| e.to_string())?;
                    Ok((split, bytes))
                }),
                Err(e) => Err(e),
            };
            if !current() {
                return;
            }
            match result {
                Ok((split, bytes)) => {
                    let (split, asset) = (Arc::new(split), Some(Arc::new(bytes)));
                    self.status.set(DataStatus::Ready { id, split, asset });
                    on_ready();
                }
                Err(why) => self.status.set(DataStatus::Failed {
                    id,
                    message: format!("Could not load {}: {why}.", id.label()),
                }),
            }
        });
    }
}
