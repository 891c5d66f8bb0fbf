//! Retrieval by semantic hashing on the session's data and model. Measuring (a button on the
//! page) encodes every training and test item, builds the hash table and scores the codes
//! against LSH and PCA hashing; lookups then answer one query at a time from that table.

use nalgebra::DMatrix;

use super::display::Baseline;
use crate::analysis::hashing::HashTable;
use crate::analysis::hashing::baselines::{code_bits, lsh, pca_hash};
use crate::analysis::hashing::quality::{Quality, quality};
use crate::protocol::{CodeScheme, Neighbours, RetrievalReport, RetrievalRow};
use crate::train::Trainer;

/// Bit counts the page offers.
pub const BIT_CHOICES: [u8; 3] = [8, 16, 32];
/// Items a lookup returns at most (nearest first); the count says how many were within reach.
const MAX_HITS: usize = 30;
/// Seed of the LSH projections: the baseline is the same every time it is measured.
const LSH_SEED: u64 = 0x15_4a5e;

/// The measured codes, kept for lookups until the model changes.
pub(super) struct Index {
    bits: u8,
    table: HashTable,
    query_bits: Vec<u64>,
    /// Real-valued codes, for the linear scan the table is compared with.
    database_codes: DMatrix<f32>,
    query_codes: DMatrix<f32>,
}

/// Encode the splits, hash them with `bits` bits, and score the AE's codes and both baselines.
pub(super) fn measure(
    trainer: &Trainer,
    data: &Baseline,
    bits: u8,
    samples_seen: u64,
) -> Result<(Index, RetrievalReport), String> {
    let code = trainer.config().model.code_dim;
    if !BIT_CHOICES.contains(&bits) {
        return Err(format!("Retrieval uses 8, 16 or 32 bits, not {bits}."));
    }
    if usize::from(bits) > code {
        return Err(format!(
            "The code has {code} units, too few for {bits} bits: pick at most {code} bits, or \
             train a model with a wider code."
        ));
    }
    let (train, test) = (&data.split.train, &data.split.test);
    let b = usize::from(bits);
    let database_codes = trainer.encode(&train.x);
    let query_codes = trainer.encode(&test.x);
    let binary = trainer.config().regularization.binary_code.is_some();
    let (db, q) = code_bits(&database_codes, &query_codes, b, binary);
    let table = HashTable::new(&db, b);
    let row = |name: &str, (db, q): (Vec<u64>, Vec<u64>)| {
        RetrievalRow::new(name, quality(&db, &train.labels, &q, &test.labels, b))
    };
    let methods = vec![
        RetrievalRow::new(
            "Autoencoder",
            quality(&db, &train.labels, &q, &test.labels, b),
        ),
        row("Random-projection LSH", lsh(&train.x, &test.x, b, LSH_SEED)),
        row("PCA hashing", pca_hash(data.pca(), &train.x, &test.x, b)),
    ];
    let report = RetrievalReport {
        bits,
        scheme: if binary {
            CodeScheme::Binary
        } else {
            CodeScheme::CentredSign
        },
        methods,
        buckets: table.bucket_count() as u32,
        largest_bucket: table.largest_bucket() as u32,
        database_items: train.len() as u32,
        queries: test.len() as u32,
        samples_seen,
    };
    let index = Index {
        bits,
        table,
        query_bits: q,
        database_codes,
        query_codes,
    };
    Ok((index, report))
}

impl RetrievalRow {
    fn new(name: &str, q: Quality) -> RetrievalRow {
        RetrievalRow {
            name: name.into(),
            precision_r2: q.precision_r2,
            found_r2: q.found_r2,
            map: q.map,
            pr_curve: q.pr_curve,
        }
    }
}

impl Index {
    /// Training items within `radius` of test item `query`'s code, by the hash table, beside
    /// the nearest real-valued codes by a linear scan; both timed with `clock` (ms).
    pub fn lookup(
        &self,
        query: u32,
        radius: u8,
        clock: &dyn Fn() -> f64,
    ) -> Result<Neighbours, String> {
        let qi = query as usize;
        let Some(&code) = self.query_bits.get(qi) else {
            return Err(format!(
                "There is no test item {query}: pick one from 0 to {}.",
                self.query_bits.len().saturating_sub(1)
            ));
        };
        let radius = radius.min(3);
        // A worker's clock ticks in tenths of a millisecond or coarser, and one lookup takes
        // microseconds: time repeated lookups, up to 2 ms of them, and report the mean.
        let t0 = clock();
        let found = self.table.lookup(code, u32::from(radius));
        let mut repeats = 1u32;
        while clock() - t0 < 2.0 && repeats < 10_000 {
            std::hint::black_box(self.table.lookup(code, u32::from(radius)));
            repeats += 1;
        }
        let table_ms = (clock() - t0) / f64::from(repeats);
        let t1 = clock();
        let q = self.query_codes.row(qi);
        let mut by_distance: Vec<(f32, u32)> = self
            .database_codes
            .row_iter()
            .enumerate()
            .map(|(i, row)| ((row - q).norm_squared(), i as u32))
            .collect();
        let nearest = MAX_HITS.min(by_distance.len());
        if nearest > 0 {
            by_distance.select_nth_unstable_by(nearest - 1, |a, b| a.0.total_cmp(&b.0));
            by_distance.truncate(nearest);
            by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        let t2 = clock();
        Ok(Neighbours {
            query,
            radius,
            bits: self.bits,
            within: found.len() as u32,
            hits: found
                .iter()
                .take(MAX_HITS)
                .map(|&(d, i)| (d as u8, i))
                .collect(),
            probes: probes(u32::from(self.bits), u32::from(radius)),
            table_ms,
            scan: by_distance.into_iter().map(|(_, i)| i).collect(),
            scan_ms: t2 - t1,
            code,
        })
    }
}

/// Σ C(bits, i) for i ≤ radius: the codes a lookup probes.
fn probes(bits: u32, radius: u32) -> u32 {
    let mut total = 0u64;
    let mut c = 1u64;
    for i in 0..=radius.min(bits) {
        total += c;
        c = c * u64::from(bits - i) / u64::from(i + 1);
    }
    total.min(u64::from(u32::MAX)) as u32
}

#[cfg(test)]
mod tests {
    use super::probes;

    #[test]
    fn probe_counts() {
        assert_eq!(probes(16, 0), 1);
        assert_eq!(probes(16, 2), 1 + 16 + 120);
        assert_eq!(probes(8, 3), 1 + 8 + 28 + 56);
    }
}
