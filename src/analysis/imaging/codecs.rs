//! Sizes of the browser's JPEG and WebP files with and without their headers. A 28×28 JPEG is
//! mostly header (quantisation and Huffman tables): the entropy-coded data is the fair
//! comparison with a code of a few dozen bits, the whole file is what a user would store.

/// Bytes of a JPEG's entropy-coded data: after the start-of-scan segment, before the end
/// marker. `None` if the bytes are not a baseline JPEG.
pub fn jpeg_payload(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < 4 || bytes[..2] != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    // Walk the segments (marker, 2-byte length) up to the start of scan.
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = usize::from(bytes[i + 2]) << 8 | usize::from(bytes[i + 3]);
        if marker == 0xDA {
            let start = i + 2 + len;
            let end = if bytes.ends_with(&[0xFF, 0xD9]) {
                bytes.len() - 2
            } else {
                bytes.len()
            };
            return end.checked_sub(start);
        }
        i += 2 + len;
    }
    None
}

/// Bytes of a WebP's image chunk data (VP8 or VP8L), without the RIFF and chunk headers.
/// `None` if the bytes are not a WebP.
pub fn webp_payload(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return None;
    }
    let mut i = 12;
    while i + 8 <= bytes.len() {
        let tag = &bytes[i..i + 4];
        let size = u32::from_le_bytes([bytes[i + 4], bytes[i + 5], bytes[i + 6], bytes[i + 7]]);
        if tag == b"VP8 " || tag == b"VP8L" {
            return Some(size as usize);
        }
        // Chunks are padded to an even size.
        i += 8 + size as usize + (size as usize & 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jpeg_payload_is_what_follows_the_scan_header() {
        // SOI, an APP0 of 16 bytes, SOS of 8 bytes, 5 bytes of data, EOI.
        let mut f = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        f.extend([0u8; 14]);
        f.extend([0xFF, 0xDA, 0x00, 0x08, 1, 2, 3, 4, 5, 6]);
        f.extend([9, 9, 9, 9, 9, 0xFF, 0xD9]);
        assert_eq!(jpeg_payload(&f), Some(5));
        assert_eq!(jpeg_payload(b"not a jpeg"), None);
    }

    #[test]
    fn the_webp_payload_is_the_image_chunk() {
        let mut f = b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00".to_vec();
        f.extend([0u8; 10]);
        f.extend(b"VP8 \x2a\x00\x00\x00");
        f.extend([0u8; 42]);
        assert_eq!(webp_payload(&f), Some(42));
        assert_eq!(webp_payload(b"RIFF....WAVE"), None);
    }
}
