//! Serde for large `Vec<f32>`s as one byte string (little-endian), for
//! `#[serde(with = "crate::nn::f32_bytes")]`. In the worker protocol's binary format a weight
//! matrix then crosses between threads as a block copy instead of a million separately encoded
//! numbers, which the page (built for size, not speed) would decode for tens of milliseconds.

use serde::{Deserialize, Deserializer, Serializer};

pub fn serialize<S: Serializer>(values: &[f32], serializer: S) -> Result<S::Ok, S::Error> {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    serializer.serialize_bytes(&bytes)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<f32>, D::Error> {
    let bytes = serde_bytes::ByteBuf::deserialize(deserializer)?;
    if bytes.len() % 4 != 0 {
        return Err(serde::de::Error::custom(
            "a list of 32-bit floats must be a multiple of 4 bytes",
        ));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct W(#[serde(with = "super")] Vec<f32>);

    #[test]
    fn floats_round_trip_bit_for_bit_and_a_ragged_buffer_is_refused() {
        let w = W(vec![0.0, -1.5, f32::MIN_POSITIVE, 3.25e7, -0.0]);
        let bytes = crate::protocol::encode(&w).expect("encodes");
        let back: W = crate::protocol::decode(&bytes).expect("decodes");
        let bits = |w: &W| w.0.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back), bits(&w));
        // Length prefix 3, then 3 bytes: not whole floats.
        assert!(crate::protocol::decode::<W>(&[3, 1, 2, 3]).is_err());
    }
}
