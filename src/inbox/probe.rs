//! Where the decoder's probe goes when new code ranges arrive. A new model's probe starts at
//! 0, which a sigmoid or ReLU code may never reach (its sliders would sit clamped at one end
//! while z reads 0), so a probe the student has not moved follows the middle of the measured
//! ranges as training moves them. A VAE's 0 is its prior's centre and stays.

/// The probe's new place, or `None` to leave it: `placed` is where this rule last put it (a
/// probe anywhere else was moved by the student), `ranges` each code unit's measured span.
pub fn follow_ranges(
    probe: &[f32],
    placed: &[f32],
    ranges: &[(f32, f32)],
    vae: bool,
) -> Option<Vec<f32>> {
    let untouched = probe.iter().all(|v| *v == 0.0) || probe == placed;
    (!vae && untouched && ranges.len() == probe.len())
        .then(|| ranges.iter().map(|(lo, hi)| 0.5 * (lo + hi)).collect())
}

#[cfg(test)]
mod tests {
    use super::follow_ranges;

    #[test]
    fn an_untouched_probe_follows_the_ranges_and_a_moved_one_stays() {
        let ranges = [(0.4, 1.0), (-1.0, 3.0)];
        let first = follow_ranges(&[0.0, 0.0], &[], &ranges, false);
        assert_eq!(first, Some(vec![0.7, 1.0]));
        let placed = first.unwrap_or_default();
        let later = [(0.6, 1.0), (0.0, 2.0)];
        assert_eq!(
            follow_ranges(&placed, &placed, &later, false),
            Some(vec![0.8, 1.0])
        );
        // Moved by the student, a VAE's prior centre, a code of another width: left alone.
        assert_eq!(follow_ranges(&[0.9, 1.0], &placed, &later, false), None);
        assert_eq!(follow_ranges(&[0.0, 0.0], &[], &ranges, true), None);
        assert_eq!(follow_ranges(&[0.0], &[], &ranges, false), None);
    }
}
