//! What the student keeps: model files (and their checks). Plain Rust, tested and fuzzed
//! natively; the page only moves the bytes.

pub mod model_file;
pub mod runs;

/// FNV-1a over 64 bits: a checksum that notices a damaged file, not a defence against a
/// forged one (nothing in a model file is trusted beyond what `model_file::read` checks).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
