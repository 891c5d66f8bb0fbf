//! Seeded mini-batch order.

use rand::{RngExt, SeedableRng, rngs::StdRng};

/// Yields mini-batches of sample indices, reshuffling at the start of every epoch.
///
/// Only full batches are produced: the last `n mod batch_size` samples of each (shuffled)
/// epoch are dropped, so every batch has the same size and the training buffers never need
/// reallocating. Different samples are dropped each epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct Batcher {
    perm: Vec<u32>,
    batch_size: usize,
    cursor: usize,
    seed: u64,
    epoch: u64,
}

impl Batcher {
    /// `batch_size` must be in `1..=n` (the trainer validates/clamps before).
    pub fn new(n: usize, batch_size: usize, seed: u64) -> Batcher {
        assert!(
            batch_size >= 1 && batch_size <= n,
            "Batcher: batch size must be in 1..=n"
        );
        let mut b = Batcher {
            perm: Vec::with_capacity(n),
            batch_size,
            cursor: 0,
            seed,
            epoch: 0,
        };
        b.perm.resize(n, 0);
        b.shuffle();
        b
    }

    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    pub fn batches_per_epoch(&self) -> usize {
        self.perm.len() / self.batch_size
    }

    /// The next batch's indices.
    pub fn next_batch(&mut self) -> &[u32] {
        if self.cursor + self.batch_size > self.perm.len() {
            self.epoch += 1;
            self.shuffle();
            self.cursor = 0;
        }
        let start = self.cursor;
        self.cursor += self.batch_size;
        &self.perm[start..self.cursor]
    }

    /// Fisher-Yates from the identity with a generator seeded from `(seed, epoch)`, so the state
    /// is just `(epoch, cursor)`. Draws are `u32`, so 32-bit wasm and 64-bit native agree.
    fn shuffle(&mut self) {
        let mut rng =
            StdRng::seed_from_u64(self.seed ^ self.epoch.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        for (i, p) in self.perm.iter_mut().enumerate() {
            *p = i as u32;
        }
        for i in (1..self.perm.len()).rev() {
            let j = rng.random_range(0..=i as u32) as usize;
            self.perm.swap(i, j);
        }
    }

    /// Where the batcher is: `(epoch, cursor)`, all a saved run needs (the order is a function
    /// of the seed and the epoch).
    pub fn position(&self) -> (u64, usize) {
        (self.epoch, self.cursor)
    }

    /// Goes to a [`Batcher::position`]; refused when the cursor is past this data's end.
    pub fn seek(&mut self, epoch: u64, cursor: usize) -> Result<(), String> {
        if cursor > self.perm.len() {
            return Err(format!(
                "the saved place in the data ({cursor}) is past its {} rows",
                self.perm.len()
            ));
        }
        self.epoch = epoch;
        self.shuffle();
        self.cursor = cursor;
        Ok(())
    }

    /// Overwrites `self` with `other`, reusing the allocation.
    pub fn copy_from(&mut self, other: &Batcher) {
        self.perm.clear();
        self.perm.extend_from_slice(&other.perm);
        self.batch_size = other.batch_size;
        self.cursor = other.cursor;
        self.seed = other.seed;
        self.epoch = other.epoch;
    }
}
