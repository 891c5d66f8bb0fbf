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
    /// to the query, items at the same distance in random order, averaged over every such
    /// order (exactly: McSherry and Najork's tie-aware AP, as IR tools handle ties), so a
    /// code that puts everything at one distance scores the base rate whatever the database
    /// order.
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
    // Per query: how many items, and how many relevant ones, at each distance.
    let (mut at, mut rel_at) = (vec![0usize; bits + 1], vec![0usize; bits + 1]);
    for (&q, &label) in queries.iter().zip(query_labels) {
        queries_n += 1;
        at.fill(0);
        rel_at.fill(0);
        for (&c, &l) in database[..n].iter().zip(database_labels) {
            let d = (hamming(c, q) as usize).min(bits);
            at[d] += 1;
            rel_at[d] += usize::from(l == label);
        }
        let relevant: usize = rel_at.iter().sum();
        relevant_total += relevant as u64;
        for d in 0..=bits {
            got_r[d] += at[d] as u64;
            hit_r[d] += rel_at[d] as u64;
        }
        if relevant > 0 {
            ap_sum += tie_averaged_precision_sum(&at, &rel_at) / relevant as f64;
        }
        let near: usize = at.iter().take(3).sum();
        let near_hits: usize = rel_at.iter().take(3).sum();
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

/// Σ over relevant items of the precision at their rank, expected over every order of the
/// items within each distance (`at[d]` items, `rel_at[d]` of them relevant, at distance d).
/// Position j (1-based) of a group is relevant with probability r/n, and given that, the
/// group's earlier j − 1 positions hold (j − 1)(r − 1)/(n − 1) relevant items on average.
fn tie_averaged_precision_sum(at: &[usize], rel_at: &[usize]) -> f64 {
    let (mut before, mut rel_before, mut sum) = (0usize, 0usize, 0.0f64);
    for (&n, &r) in at.iter().zip(rel_at) {
        if r > 0 {
            let (nf, rf) = (n as f64, r as f64);
            let share = if n > 1 { (rf - 1.0) / (nf - 1.0) } else { 0.0 };
            let mut group = 0.0f64;
            for j in 1..=n {
                let hits = rel_before as f64 + 1.0 + (j - 1) as f64 * share;
                group += hits / (before + j) as f64;
            }
            sum += rf / nf * group;
        }
        before += n;
        rel_before += r;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_made_case() {
        // Query 0b00, label 1. Database: 0b00 (1), 0b01 (0), 0b11 (1), 0b10 (1).
        // Ranking: d0 item0 (rel), d1 items 1 (no) and 3 (rel) in either order, d2 item2
        // (rel). Item 3 is 2nd or 3rd with even odds: precision (2/2 + 2/3) / 2 = 5/6.
        // AP = (1/1 + 5/6 + 3/4) / 3.
        let q = quality(&[0b00, 0b01, 0b11, 0b10], &[1, 0, 1, 1], &[0b00], &[1], 2);
        let ap = (1.0 + 5.0 / 6.0 + 3.0 / 4.0) / 3.0;
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
        // One code for everything: precision the base rate.
        let same = vec![0u64; 40];
        let q = quality(&same, &labels, &[0], &[0], 8);
        assert!((q.precision_r2 - 0.5).abs() < 1e-6);
    }

    /// Ties are averaged over their orders: on a class-sorted database an information-free
    /// code used to score MAP 0.656 against a base rate of 0.5 (ties in database order put
    /// class 0 first); now it scores the expected AP of a random ranking whatever the order.
    #[test]
    fn an_information_free_code_scores_the_base_rate_in_any_database_order() {
        let sorted: Vec<u8> = (0..2000).map(|i| u8::from(i >= 1000)).collect();
        let mixed: Vec<u8> = (0..2000).map(|i| (i % 2) as u8).collect();
        let same = vec![0u64; 2000];
        let queries: Vec<u8> = (0..100).map(|i| (i % 2) as u8).collect();
        let a = quality(&same, &sorted, &[0; 100], &queries, 16).map;
        let b = quality(&same, &mixed, &[0; 100], &queries, 16).map;
        println!("information-free code: MAP {a:.4} (class-sorted), {b:.4} (interleaved)");
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        assert!((a - 0.5).abs() < 0.01, "{a}");
        // Brute force on a tiny case: the mean AP over all 3! orders of one tie group.
        let exact = {
            let orders = [
                [1, 1, 0],
                [1, 0, 1],
                [0, 1, 1],
                [0, 1, 1],
                [1, 0, 1],
                [1, 1, 0],
            ];
            let ap = |o: &[u8; 3]| {
                let (mut h, mut s) = (0.0, 0.0);
                for (i, &r) in o.iter().enumerate() {
                    if r == 1 {
                        h += 1.0;
                        s += h / (i + 1) as f64;
                    }
                }
                s / 2.0
            };
            orders.iter().map(ap).sum::<f64>() / 6.0
        };
        let q = quality(&[0, 0, 0], &[1, 1, 0], &[0], &[1], 2).map;
        assert!((f64::from(q) - exact).abs() < 1e-6, "{q} vs {exact}");
    }
}
