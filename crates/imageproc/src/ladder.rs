//! Which widths a picture is published at.

/// The widths the layouts ask for: a card on a phone (320) up to the lead picture on a wide
/// screen at twice its density (1600).
pub const LADDER: [u32; 7] = [320, 480, 640, 800, 1024, 1280, 1600];

/// The widths of `steps` a picture `width` pixels wide is published at, smallest first.
///
/// Never upscaled: the largest is the picture's own width when that is under the largest step,
/// and a picture narrower than every step keeps only its own width.
pub fn ladder(width: u32, steps: &[u32]) -> Vec<u32> {
    let mut steps: Vec<u32> = steps.iter().copied().filter(|&w| w > 0).collect();
    steps.sort_unstable();
    steps.dedup();
    let Some(&largest) = steps.last() else {
        return vec![width];
    };
    let top = width.min(largest);
    let mut widths: Vec<u32> = steps.into_iter().filter(|&w| w < top).collect();
    widths.push(top);
    widths
}

/// The height at `width` that keeps the picture's aspect, to the nearest pixel and at least 1.
pub(crate) fn height_at(width: u32, original_width: u32, original_height: u32) -> u32 {
    let numerator = 2 * u64::from(original_height) * u64::from(width) + u64::from(original_width);
    let height = numerator / (2 * u64::from(original_width.max(1)));
    u32::try_from(height).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_picture_gets_every_step() {
        assert_eq!(ladder(4000, &LADDER), LADDER.to_vec());
        assert_eq!(ladder(1600, &LADDER), LADDER.to_vec());
    }

    #[test]
    fn a_picture_between_steps_tops_out_at_its_own_width() {
        assert_eq!(ladder(1000, &LADDER), vec![320, 480, 640, 800, 1000]);
        assert_eq!(ladder(321, &LADDER), vec![320, 321]);
    }

    #[test]
    fn a_picture_under_the_first_step_keeps_its_width() {
        assert_eq!(ladder(200, &LADDER), vec![200]);
        assert_eq!(ladder(320, &LADDER), vec![320]);
        assert_eq!(ladder(1, &LADDER), vec![1]);
    }

    #[test]
    fn steps_are_taken_in_any_order() {
        assert_eq!(ladder(900, &[800, 320, 320, 0]), vec![320, 800]);
        assert_eq!(ladder(900, &[]), vec![900]);
    }

    #[test]
    fn heights_round_to_the_nearest_pixel() {
        assert_eq!(height_at(320, 2560, 1600), 200);
        assert_eq!(height_at(480, 4000, 2250), 270);
        assert_eq!(height_at(1024, 3000, 2000), 683);
        assert_eq!(height_at(320, 10_000, 1), 1);
    }
}
