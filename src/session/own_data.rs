//! Reading the student's CSV file, off the page's thread. The session's state is not
//! touched: the page gets the table back and loads it like any dataset.

use crate::data::csv::{self, CsvError, CsvOptions};
use crate::data::images::{self, DecodedImage};
use crate::data::{Split, own};
use crate::protocol::{DataRefusal, OwnData, OwnSummary, Report};

pub(super) fn read_csv(name: String, bytes: &[u8], options: &CsvOptions) -> Report {
    let refuse = |name: String, message: String, can_drop: bool| {
        Report::DataRefused(Box::new(DataRefusal {
            name,
            message,
            can_drop,
        }))
    };
    match csv::read(bytes, options) {
        Ok((split, summary)) => own_data(name, &split, OwnSummary::Table(summary)),
        Err(e) => {
            let can_drop = matches!(e, CsvError::BadCells { .. });
            refuse(name, e.to_string(), can_drop)
        }
    }
}

pub(super) fn read_images(images: &[DecodedImage], skipped: Vec<String>) -> Report {
    let name = format!("{} images", images.len());
    match images::to_split(images, skipped, 1) {
        Ok((split, summary)) => own_data(name, &split, OwnSummary::Images(summary)),
        Err(e) => Report::DataRefused(Box::new(DataRefusal {
            name,
            message: e.to_string(),
            can_drop: false,
        })),
    }
}

fn own_data(name: String, split: &Split, summary: OwnSummary) -> Report {
    match own::encode(split) {
        Ok(asset) => Report::OwnData(Box::new(OwnData {
            name,
            summary,
            asset,
        })),
        Err(why) => Report::DataRefused(Box::new(DataRefusal {
            name,
            message: format!("it could not be stored ({why})"),
            can_drop: false,
        })),
    }
}
