//! Reading the student's CSV file, off the page's thread. The session's state is not
//! touched: the page gets the table back and loads it like any dataset.

use crate::data::csv::{self, CsvError, CsvOptions};
use crate::data::own;
use crate::protocol::{CsvRefusal, OwnData, Report};

pub(super) fn read_csv(name: String, bytes: &[u8], options: &CsvOptions) -> Report {
    let refuse = |name: String, message: String, can_drop: bool| {
        Report::CsvRefused(Box::new(CsvRefusal {
            name,
            message,
            can_drop,
        }))
    };
    match csv::read(bytes, options) {
        Ok((split, summary)) => match own::encode(&split) {
            Ok(asset) => Report::OwnData(Box::new(OwnData {
                name,
                summary,
                asset,
            })),
            Err(why) => refuse(name, format!("it could not be stored ({why})"), false),
        },
        Err(e) => {
            let can_drop = matches!(e, CsvError::BadCells { .. });
            refuse(name, e.to_string(), can_drop)
        }
    }
}
