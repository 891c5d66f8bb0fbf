//! Axis ranges that follow the data without jumping.
//!
//! A scatter fitted tightly to every snapshot rescales a few times a second: the whole cloud
//! slides and stretches although the codes barely moved, and the student cannot tell motion
//! of the codes from motion of the axes. A [`StableRange`] grows at once, with headroom, when
//! points leave it, and shrinks only when the data fill less than half of it.

use std::ops::Range;

/// Headroom added on each side when a range is (re)fitted, as a share of the data's span.
const HEADROOM: f32 = 0.15;
/// The range is refitted when the data span less than this share of it.
const SHRINK_BELOW: f32 = 0.5;

/// One axis's range, kept between updates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StableRange {
    current: Option<Range<f32>>,
}

impl StableRange {
    /// The range to draw `data` (the data's own padded range) in.
    pub fn update(&mut self, data: Range<f32>) -> Range<f32> {
        let span = (data.end - data.start).max(f32::EPSILON);
        let fit = || (data.start - HEADROOM * span)..(data.end + HEADROOM * span);
        let next = match self.current.clone() {
            Some(r) if !(r.start.is_finite() && r.end.is_finite()) => fit(),
            None => fit(),
            Some(r) if data.start < r.start || data.end > r.end => {
                let lo = if data.start < r.start {
                    data.start - HEADROOM * span
                } else {
                    r.start
                };
                let hi = if data.end > r.end {
                    data.end + HEADROOM * span
                } else {
                    r.end
                };
                lo..hi
            }
            Some(r) if span < SHRINK_BELOW * (r.end - r.start) => fit(),
            Some(r) => r,
        };
        self.current = Some(next.clone());
        next
    }

    /// Forget the range (a new model, another view of the code).
    pub fn reset(&mut self) {
        self.current = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &Range<f32>, b: &Range<f32>) -> bool {
        (a.start - b.start).abs() < 1e-5 && (a.end - b.end).abs() < 1e-5
    }

    #[test]
    fn small_moves_keep_the_axes_still() {
        let mut r = StableRange::default();
        let first = r.update(0.0..10.0);
        assert_eq!(first, -1.5..11.5);
        assert_eq!(
            r.update(0.5..9.0),
            first,
            "data inside the range: no change"
        );
        assert_eq!(r.update(-1.0..11.0), first);
    }

    #[test]
    fn leaving_the_range_grows_it_on_that_side_only() {
        let mut r = StableRange::default();
        r.update(0.0..10.0);
        let grown = r.update(0.0..20.0);
        assert_eq!(grown.start, -1.5);
        assert!((grown.end - 23.0).abs() < 1e-5, "{grown:?}");
        // Growing again by a little keeps most of the headroom: no rescale per snapshot.
        assert_eq!(r.update(0.0..21.0), grown);
    }

    #[test]
    fn shrinks_only_when_the_data_fill_less_than_half() {
        let mut r = StableRange::default();
        let wide = r.update(0.0..10.0);
        assert_eq!(r.update(0.0..7.0), wide, "7 of 13 is more than half: kept");
        let narrow = r.update(2.0..4.0);
        assert!(close(&narrow, &(1.7..4.3)), "{narrow:?}");
        r.reset();
        assert!(close(&r.update(0.0..1.0), &(-0.15..1.15)));
    }
}
