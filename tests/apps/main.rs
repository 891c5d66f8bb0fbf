//! The applications on real data: anomaly detection, compression, restoration and retrieval.

#[path = "../support/deep.rs"]
mod deep;

mod anomaly;
mod compression;
mod restore;
mod retrieval;
