//! Model files in and out of the session: everything is checked against the loaded data
//! before the current run is replaced, so a refused file changes nothing.

use super::{Detail, Session, playing};
use crate::protocol::{LoadedModel, Report, SavedFile};
use crate::store::model_file::{self, DataIdentity, ModelFile};
use crate::train::Trainer;

impl Session {
    pub(super) fn save_model(&self, link: String) -> Result<Vec<Report>, String> {
        let (Some(data), Some(run)) = (self.data.as_ref(), self.run.as_ref()) else {
            return Err("There is no model to save yet.".into());
        };
        let state = run.trainer.state()?;
        let classes = self.train_classes.clone();
        let file = ModelFile {
            link,
            config: run.trainer.config().clone(),
            data: self.identity(classes)?,
            state,
        };
        let bytes = model_file::write(&file)?;
        let name = format!(
            "autoencoder-{}-{}k.aelmodel",
            data.dataset.slug(),
            run.trainer.samples_seen() / 1000
        );
        Ok(vec![Report::ModelFile(Box::new(SavedFile { bytes, name }))])
    }

    /// Every test item's code, a row each: item, label, class name, then the code.
    pub(super) fn export_codes(&self) -> Result<Vec<Report>, String> {
        let (Some(data), Some(run)) = (self.data.as_ref(), self.run.as_ref()) else {
            return Err("Train a model first: its codes are what is saved.".into());
        };
        let test = &data.split.test;
        let codes = run.trainer.encode(&test.x);
        let mut text = String::from("item,label,class");
        for j in 0..codes.ncols() {
            text.push_str(&format!(",z{}", j + 1));
        }
        text.push('\n');
        for i in 0..codes.nrows() {
            let label = test.labels[i];
            let class = test
                .class_names
                .get(usize::from(label))
                .map_or("", String::as_str);
            // A class name with a comma or a quote is quoted, as CSV readers expect.
            let class = if class.contains([',', '"']) {
                format!("\"{}\"", class.replace('"', "\"\""))
            } else {
                class.to_string()
            };
            text.push_str(&format!("{i},{label},{class}"));
            for v in codes.row(i).iter() {
                text.push_str(&format!(",{v}"));
            }
            text.push('\n');
        }
        let name = format!(
            "codes-{}-{}k.csv",
            data.dataset.slug(),
            run.trainer.samples_seen() / 1000
        );
        let bytes = text.into_bytes();
        Ok(vec![Report::Codes(Box::new(SavedFile { bytes, name }))])
    }

    pub(super) fn load_model(&mut self, bytes: &[u8], now: f64) -> Result<Vec<Report>, String> {
        let refuse =
            |why: String| format!("That file was not loaded: {why} The current run is unchanged.");
        let file = model_file::read(bytes).map_err(|e| refuse(format!("{e}.")))?;
        let data = self.data.as_ref().ok_or("Load a dataset first.")?;
        let n_classes = data.split.train.class_names.len();
        if let Some(c) = &file.data.train_classes
            && (c.is_empty() || c.iter().any(|&k| usize::from(k) >= n_classes))
        {
            return Err(refuse(
                "its list of training classes does not fit this data.".into(),
            ));
        }
        let now_identity = self.identity(file.data.train_classes.clone())?;
        if let Some(why) = file.data.mismatch(&now_identity) {
            return Err(refuse(why));
        }
        let train = self.train_set(file.data.train_classes.as_deref())?;
        let trainer =
            Trainer::resume(file.config, train, file.state).map_err(|e| refuse(format!("{e}.")))?;
        let (samples_seen, epoch) = (trainer.samples_seen(), trainer.epoch());
        self.train_classes = file.data.train_classes;
        let info = self.install(trainer, now)?;
        let loaded = LoadedModel {
            info,
            link: file.link,
            samples_seen,
            epoch,
        };
        let mut out = vec![Report::Loaded(Box::new(loaded)), playing(false, None)];
        out.extend(self.snapshot(Detail::Full));
        Ok(out)
    }

    /// The loaded data as a model file names it, with the training rows of `classes`.
    fn identity(&self, classes: Option<Vec<u8>>) -> Result<DataIdentity, String> {
        let data = self.data.as_ref().ok_or("Load a dataset first.")?;
        let train = self.train_set(classes.as_deref())?;
        Ok(DataIdentity {
            dataset: data.dataset,
            dim: train.dim() as u32,
            train_rows: train.len() as u32,
            train_classes: classes,
            fingerprint: model_file::fingerprint(&train.x),
        })
    }
}
