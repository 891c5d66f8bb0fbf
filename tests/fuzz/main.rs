//! Seeded fuzzing of everything a student can feed the lab: links, CSV tables, images and model
//! files (`make fuzz` runs a million cases each).

#[path = "../support/fuzz.rs"]
mod fuzz;

mod csv;
mod images;
mod model_file;
mod settings;
