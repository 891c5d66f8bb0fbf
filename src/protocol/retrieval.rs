//! Messages of the retrieval panel: semantic hashing measured against LSH and PCA hashing,
//! and one query's neighbours.

use serde::{Deserialize, Serialize};

/// How a model's code became bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeScheme {
    /// A binary code (sigmoid units trained with noise), read at 0.5.
    Binary,
    /// Any other code, by the sign of each unit after centring on the training codes' mean.
    CentredSign,
}

/// One method's retrieval quality (see `analysis::hashing::quality`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetrievalRow {
    pub name: String,
    pub precision_r2: f32,
    pub found_r2: f32,
    pub map: f32,
    /// (recall, precision) of lookups within radius 0, 1, … bits.
    pub pr_curve: Vec<(f32, f32)>,
}

/// Retrieval by semantic hashing, measured on the whole test split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetrievalReport {
    pub bits: u8,
    pub scheme: CodeScheme,
    /// The autoencoder first, then LSH and PCA hashing.
    pub methods: Vec<RetrievalRow>,
    /// Distinct codes among the training items, and the fullest bucket's size.
    pub buckets: u32,
    pub largest_bucket: u32,
    pub database_items: u32,
    pub queries: u32,
    pub samples_seen: u64,
}

/// One lookup: what the hash table found, and what a linear scan finds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Neighbours {
    pub query: u32,
    pub radius: u8,
    pub bits: u8,
    pub code: u64,
    /// Training items within the radius (only the nearest are listed in `hits`).
    pub within: u32,
    /// (Hamming distance, training item), nearest first.
    pub hits: Vec<(u8, u32)>,
    /// Codes probed: Σ C(bits, i) for i ≤ radius.
    pub probes: u32,
    pub table_ms: f64,
    /// The training items whose real-valued codes are nearest (Euclidean), nearest first.
    pub scan: Vec<u32>,
    pub scan_ms: f64,
}
