//! Which widths a picture is published at.

/// The widths the layouts ask for: a card on a phone (320) up to the lead picture on a wide
/// screen at twice its density (1600). Closer steps where phones ask: a figure across a phone
/// of 360 to 430 CSS pixels takes 660 to 790 device pixels (`FIGURE_SIZES` caps dense screens
/// at two device pixels per CSS pixel), which 720 and 800 serve with at most a sixth of the
/// pixels fetched unseen.
pub const LADDER: [u32; 8] = [320, 480, 640, 720, 800, 1024, 1280, 1600];

/// A card's box: 16 wide to 9 high (`style/related.css`).
pub const CARD_ASPECT: (u32, u32) = (16, 9);

/// The part of a `width`×`height` picture a card shows: the largest 16:9 rectangle about its
/// centre, as `(x, y, width, height)`; `None` when the picture is 16:9 already, to within 2 %
/// of either side (the card shows it whole, from its own files).
pub fn card_cut(width: u32, height: u32) -> Option<(u32, u32, u32, u32)> {
    let (aw, ah) = (u64::from(CARD_ASPECT.0), u64::from(CARD_ASPECT.1));
    let (w, h) = (u64::from(width), u64::from(height));
    // As wide as the picture, and the height that gives (rounded), unless that is taller.
    let (cut_w, cut_h) = if w * ah <= h * aw {
        (w, ((2 * w * ah + aw) / (2 * aw)).max(1))
    } else {
        (((2 * h * aw + ah) / (2 * ah)).max(1), h)
    };
    if cut_w * 50 >= w * 49 && cut_h * 50 >= h * 49 {
        return None;
    }
    let (cut_w, cut_h) = (u32::try_from(cut_w).ok()?, u32::try_from(cut_h).ok()?);
    Some(((width - cut_w) / 2, (height - cut_h) / 2, cut_w, cut_h))
}

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
    fn a_card_shows_the_middle_sixteen_by_nine() {
        // Taller than 16:9: the full width, the middle rows.
        assert_eq!(card_cut(1000, 872), Some((0, 154, 1000, 563)));
        assert_eq!(card_cut(2560, 1600), Some((0, 80, 2560, 1440)));
        // Wider: the full height, the middle columns.
        assert_eq!(card_cut(3000, 1000), Some((611, 0, 1778, 1000)));
        // 16:9, or within 2 % of it: whole.
        assert_eq!(card_cut(1600, 900), None);
        assert_eq!(card_cut(1600, 915), None);
        assert_eq!(card_cut(1600, 920), Some((0, 10, 1600, 900)));
        // A sliver still gets a pixel.
        assert_eq!(card_cut(1, 1000), Some((0, 499, 1, 1)));
    }

    #[test]
    fn a_wide_picture_gets_every_step() {
        assert_eq!(ladder(4000, &LADDER), LADDER.to_vec());
        assert_eq!(ladder(1600, &LADDER), LADDER.to_vec());
    }

    #[test]
    fn a_picture_between_steps_tops_out_at_its_own_width() {
        assert_eq!(ladder(1000, &LADDER), vec![320, 480, 640, 720, 800, 1000]);
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
