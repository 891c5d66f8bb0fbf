//! Semantic hashing (Salakhutdinov and Hinton): items looked up by a short binary code.
//!
//! Codes of up to 64 bits are packed into a `u64`. [`HashTable`] keeps, for each code, the
//! items that share it, and finds every item within Hamming radius r of a query by probing the
//! codes that differ from it in at most r bits: the lookup's cost depends on the number of
//! bits and the radius, not on the number of items. [`quality`] scores a set of codes as a
//! retrieval system; [`baselines`] builds the classical codes it is compared with.

pub mod baselines;
pub mod quality;

use std::collections::HashMap;

use nalgebra::DMatrix;

/// The largest code the lab hashes.
pub const MAX_BITS: usize = 64;

/// Bit `j` of item `i` set where `values[(i, j)] > thresholds[j]`, for the first `bits`
/// columns (at most [`MAX_BITS`]).
///
/// # Shapes
/// - `values`: n × d, d ≥ `bits`; `thresholds`: at least `bits`
/// - returns: n codes
pub fn pack(values: &DMatrix<f32>, thresholds: &[f32], bits: usize) -> Vec<u64> {
    let bits = bits.min(MAX_BITS).min(values.ncols()).min(thresholds.len());
    (0..values.nrows())
        .map(|i| {
            (0..bits).fold(0u64, |code, j| {
                code | (u64::from(values[(i, j)] > thresholds[j]) << j)
            })
        })
        .collect()
}

pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Items by code, for lookups within a Hamming radius.
#[derive(Clone, Debug)]
pub struct HashTable {
    buckets: HashMap<u64, Vec<u32>>,
    bits: usize,
}

impl HashTable {
    /// Item `i` goes into the bucket of `codes[i]` (only the low `bits` bits count).
    pub fn new(codes: &[u64], bits: usize) -> HashTable {
        let bits = bits.min(MAX_BITS);
        let mut buckets: HashMap<u64, Vec<u32>> = HashMap::new();
        for (i, &c) in codes.iter().enumerate() {
            buckets.entry(c & mask(bits)).or_default().push(i as u32);
        }
        HashTable { buckets, bits }
    }

    pub fn bits(&self) -> usize {
        self.bits
    }

    /// Distinct codes in use.
    pub fn bucket_count(&self) -> usize {
        self.buckets.len()
    }

    /// Items in the fullest bucket.
    pub fn largest_bucket(&self) -> usize {
        self.buckets.values().map(Vec::len).max().unwrap_or(0)
    }

    /// Every item within Hamming distance `radius` of `query`, as `(distance, item)` in order
    /// of distance, then of item. Probes each code that differs from `query` in at most
    /// `radius` bits: Σ C(bits, i) probes (137 for 16 bits at radius 2).
    pub fn lookup(&self, query: u64, radius: u32) -> Vec<(u32, u32)> {
        let query = query & mask(self.bits);
        let mut out = Vec::new();
        for r in 0..=radius.min(self.bits as u32) {
            let start = out.len();
            each_flip(self.bits, r as usize, 0, 0, &mut |flip| {
                if let Some(items) = self.buckets.get(&(query ^ flip)) {
                    out.extend(items.iter().map(|&i| (r, i)));
                }
            });
            out[start..].sort_unstable();
        }
        out
    }
}

/// The same answer as [`HashTable::lookup`], by comparing the query with every code: the
/// reference the table is tested against, and the cost it saves.
pub fn scan(codes: &[u64], bits: usize, query: u64, radius: u32) -> Vec<(u32, u32)> {
    let m = mask(bits.min(MAX_BITS));
    let mut out: Vec<(u32, u32)> = codes
        .iter()
        .enumerate()
        .map(|(i, &c)| (hamming(c & m, query & m), i as u32))
        .filter(|&(d, _)| d <= radius)
        .collect();
    out.sort_unstable();
    out
}

fn mask(bits: usize) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// Calls `f` with every mask of `left` set bits among bits `from..bits`, added to `acc`.
fn each_flip(bits: usize, left: usize, from: usize, acc: u64, f: &mut impl FnMut(u64)) {
    if left == 0 {
        f(acc);
        return;
    }
    for j in from..bits {
        if bits - j < left {
            break;
        }
        each_flip(bits, left - 1, j + 1, acc | (1u64 << j), f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng, rngs::StdRng};

    #[test]
    fn the_table_finds_exactly_what_a_scan_finds() {
        let mut rng = StdRng::seed_from_u64(1);
        // Few bits, many items: buckets hold several items and every radius finds some.
        for bits in [4usize, 8, 16] {
            let codes: Vec<u64> = (0..500).map(|_| rng.random::<u64>() & mask(bits)).collect();
            let table = HashTable::new(&codes, bits);
            for q in 0..20 {
                let query = rng.random::<u64>();
                for r in 0..=3 {
                    assert_eq!(
                        table.lookup(query, r),
                        scan(&codes, bits, query, r),
                        "bits {bits}, query {q}, radius {r}"
                    );
                }
            }
        }
    }

    #[test]
    fn packing_thresholds_each_column() {
        let v = DMatrix::from_row_slice(2, 3, &[0.9, 0.1, 0.6, 0.2, 0.8, 0.4]);
        assert_eq!(pack(&v, &[0.5, 0.5, 0.5], 3), vec![0b101, 0b010]);
        assert_eq!(pack(&v, &[0.0, 0.0, 0.5], 2), vec![0b11, 0b11]);
        let t = HashTable::new(&[0b101, 0b101, 0b010], 3);
        assert_eq!((t.bucket_count(), t.largest_bucket()), (2, 2));
        assert_eq!(t.lookup(0b100, 1), vec![(1, 0), (1, 1)]);
    }
}
