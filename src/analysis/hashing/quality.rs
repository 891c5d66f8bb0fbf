//! How well a set of binary codes retrieves items of the query's class: test items are the
//! queries, training items the database, and a retrieved item is relevant when its label is
//! the query's.

use super::{MAX_BITS, hamming};

/// Retrieval quality of one set of codes.
#[derive(Clone, Debug, PartialEq)]
pub struct Quality {
    /// Precision of a lookup within Hamming radius 2, averaged over queries, a query that
    /// finds nothing counting 0 (Weiss, Torralba and Fergus's measure; a code that lumps
    /// everything into a few buckets finds something for every query, at the base rate).
    pub precision_r2: f32,
    /// Share of queries that find at least one item within radius 2.
    pub found_r2: f32,
    /// Mean average precision of Hamming ranking: every database item ranked by its distance
    /// to the query (ties in database order).
    pub map: f32,
    /// (recall, precision) of looking up within radius r, for r = 0 ..= bits.
    pub pr_curve: Vec<(f32, f32)>,
}

/// Score `queries` against `database` (codes of `bits` bits, labels alongside).
pub fn quality(
    database: &[u64],
    database_labels: &[u8],
    queries: &[u64],
    query_labels: &[u8],
    bits: usize,
) -> Quality {
    let bits = bits.min(MAX_BITS);
    let n = database.len().min(database_labels.len());
    let (mut hit_r, mut got_r) = (vec![0u64; bits + 1], vec![0u64; bits + 1]);
    let (mut relevant_total, mut ap_sum, mut found, mut queries_n) = (0u64, 0.0f64, 0usize, 0usize);
    let mut precision_sum_r2 = 0.0f64;
    // Per query: items by distance (a counting sort), then average precision in rank order.
    let mut count = vec![0usize; bits + 2];
    let mut order = vec![(0u32, false); n];
    for (&q, &label) in queries.iter().zip(query_labels) {
        queries_n += 1;
        count.fill(0);
        for &c in &database[..n] {
            count[hamming(c, q) as usize + 1] += 1;
        }
        for d in 1..count.len() {
            count[d] += count[d - 1];
        }
        for (&c, &l) in database[..n].iter().zip(database_labels) {
            let d = hamming(c, q) as usize;
            order[count[d]] = (d as u32, l == label);
            count[d] += 1;
        }
        let relevant = order.iter().filter(|o| o.1).count();
        relevant_total += relevant as u64;
        let (mut hits, mut precision_sum) = (0usize, 0.0f64);
        let (mut near, mut near_hits) = (0usize, 0usize);
        for (rank, &(d, rel)) in order.iter().enumerate() {
            if d <= 2 {
                near += 1;
                near_hits += usize::from(rel);
            }
            got_r[d as usize] += 1;
            if rel {
                hits += 1;
                hit_r[d as usize] += 1;
                precision_sum += hits as f64 / (rank + 1) as f64;
            }
        }
        if relevant > 0 {
            ap_sum += precision_sum / relevant as f64;
        }
        found += usize::from(near > 0);
        if near > 0 {
            precision_sum_r2 += near_hits as f64 / near as f64;
        }
    }
    // Cumulative over radius: looking up within r retrieves every item at distance ≤ r.
    let mut pr_curve = Vec::with_capacity(bits + 1);
    let (mut hits, mut got) = (0u64, 0u64);
    for r in 0..=bits {
        hits += hit_r[r];
        got += got_r[r];
        let precision = if got > 0 {
            hits as f64 / got as f64
        } else {
            1.0
        };
        let recall = hits as f64 / relevant_total.max(1) as f64;
        pr_curve.push((recall as f32, precision as f32));
    }
    Quality {
        precision_r2: (precision_sum_r2 / queries_n.max(1) as f64) as f32,
        found_r2: found as f32 / queries_n.max(1) as f32,
        map: (ap_sum / queries_n.max(1) as f64) as f32,
        pr_curve,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_made_case() {
        // Query 0b00, label 1. Database: 0b00 (1), 0b01 (0), 0b11 (1), 0b10 (1).
        // Ranking: d0 item0 (rel), d1 item1 (no), d1 item3 (rel), d2 item2 (rel).
        // AP = (1/1 + 2/3 + 3/4) / 3.
        let q = quality(&[0b00, 0b01, 0b11, 0b10], &[1, 0, 1, 1], &[0b00], &[1], 2);
        let ap = (1.0 + 2.0 / 3.0 + 3.0 / 4.0) / 3.0;
        assert!((q.map - ap as f32).abs() < 1e-6, "{}", q.map);
        assert_eq!(q.found_r2, 1.0);
        assert!((q.precision_r2 - 0.75).abs() < 1e-6);
        // Radius 0: 1 of 1 relevant, recall 1/3; radius 1: 2 of 3, recall 2/3; radius 2: all.
        let want = [(1.0 / 3.0, 1.0), (2.0 / 3.0, 2.0 / 3.0), (1.0, 0.75)];
        for ((r, p), (wr, wp)) in q.pr_curve.iter().zip(want) {
            assert!(
                (r - wr as f32).abs() < 1e-6 && (p - wp as f32).abs() < 1e-6,
                "{:?}",
                q.pr_curve
            );
        }
    }

    #[test]
    fn perfect_codes_score_one_and_random_labels_score_the_base_rate() {
        let db: Vec<u64> = (0..40).map(|i| if i % 2 == 0 { 0 } else { 0xff }).collect();
        let labels: Vec<u8> = (0..40).map(|i| (i % 2) as u8).collect();
        let q = quality(&db, &labels, &[0, 0xff], &[0, 1], 8);
        assert_eq!((q.map, q.precision_r2, q.found_r2), (1.0, 1.0, 1.0));
        // One code for everything: the ranking is the database order, precision the base rate.
        let same = vec![0u64; 40];
        let q = quality(&same, &labels, &[0], &[0], 8);
        assert!((q.precision_r2 - 0.5).abs() < 1e-6);
    }
}
