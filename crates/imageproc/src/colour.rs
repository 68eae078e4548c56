//! Colour: pixels converted to sRGB from the original's ICC profile, and a placeholder colour.
//!
//! Converting (rather than embedding the profile in every variant) keeps the variants free of
//! metadata and a few hundred to a few thousand bytes smaller each, and browsers take untagged
//! pictures as sRGB. What is lost: colours of a wide-gamut original (an iPhone's Display P3)
//! beyond sRGB, which news pages do not need.

use crate::decode::Pixels;
use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};

/// Converts RGB pixels to sRGB from the profile `icc`. Leaves them as they are when the profile
/// is sRGB already (or close enough that no 8-bit value moves by more than one), cannot be
/// read, or is not an RGB profile (a CMYK JPEG's pixels reach us already as RGB).
pub(crate) fn to_srgb(pixels: &mut Pixels, icc: &[u8]) {
    let Ok(profile) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    if profile.color_space != DataColorSpace::Rgb {
        return;
    }
    let srgb = ColorProfile::new_srgb();
    let layout = match pixels {
        Pixels::Rgb(_) => Layout::Rgb,
        Pixels::Rgba(_) => Layout::Rgba,
    };
    let Ok(transform) =
        profile.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    if is_identity(&*transform, layout) {
        return;
    }
    let buffer: &mut [u8] = match pixels {
        Pixels::Rgb(image) => image,
        Pixels::Rgba(image) => image,
    };
    let mut converted = vec![0; buffer.len()];
    if transform.transform(buffer, &mut converted).is_ok() {
        buffer.copy_from_slice(&converted);
    }
}

/// Whether a transform leaves every colour of a 16×16×16 grid within one step of itself.
fn is_identity(transform: &dyn moxcms::TransformExecutor<u8>, layout: Layout) -> bool {
    let channels = match layout {
        Layout::Rgba => 4,
        _ => 3,
    };
    let levels = (0..16u8).map(|level| level * 17);
    let mut probe = Vec::with_capacity(16 * 16 * 16 * channels);
    for r in levels.clone() {
        for g in levels.clone() {
            for b in levels.clone() {
                probe.extend_from_slice(&[r, g, b, u8::MAX][..channels]);
            }
        }
    }
    let mut out = vec![0; probe.len()];
    transform.transform(&probe, &mut out).is_ok()
        && probe.iter().zip(&out).all(|(a, b)| a.abs_diff(*b) <= 1)
}

/// The picture's average colour as `#rrggbb`, weighted by opacity, from a grid of at most
/// 256×256 of its pixels (enough for one colour, and quick on any size).
pub(crate) fn average_hex(pixels: &Pixels) -> String {
    let (width, height) = pixels.dimensions();
    let step_x = width.div_ceil(256).max(1);
    let step_y = height.div_ceil(256).max(1);
    let mut weighted = [0u64; 3];
    let mut plain = [0u64; 3];
    let mut weight = 0u64;
    let mut count = 0u64;
    for y in (0..height).step_by(step_y as usize) {
        for x in (0..width).step_by(step_x as usize) {
            let (rgb, alpha) = match pixels {
                Pixels::Rgb(image) => (image.get_pixel(x, y).0, u8::MAX),
                Pixels::Rgba(image) => {
                    let [r, g, b, a] = image.get_pixel(x, y).0;
                    ([r, g, b], a)
                }
            };
            for channel in 0..3 {
                weighted[channel] += u64::from(rgb[channel]) * u64::from(alpha);
                plain[channel] += u64::from(rgb[channel]);
            }
            weight += u64::from(alpha);
            count += 1;
        }
    }
    // Fully transparent: the colours of the invisible pixels are all there is.
    let (sums, divisor) = if weight > 0 {
        (weighted, weight)
    } else {
        (plain, count.max(1))
    };
    let [r, g, b] = sums.map(|sum| u8::try_from((sum + divisor / 2) / divisor).unwrap_or(u8::MAX));
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    #[test]
    fn average_of_two_halves() {
        let image = RgbImage::from_fn(300, 10, |x, _| {
            if x < 150 {
                Rgb([255, 0, 0])
            } else {
                Rgb([0, 0, 255])
            }
        });
        assert_eq!(average_hex(&Pixels::Rgb(image)), "#800080");
    }

    #[test]
    fn transparent_pixels_do_not_colour_the_placeholder() {
        let image = RgbaImage::from_fn(4, 4, |x, _| {
            if x < 2 {
                Rgba([0, 200, 0, 255])
            } else {
                Rgba([255, 255, 255, 0])
            }
        });
        assert_eq!(average_hex(&Pixels::Rgba(image)), "#00c800");
    }

    #[test]
    fn an_srgb_profile_changes_nothing_and_a_wide_gamut_one_does() {
        let srgb = ColorProfile::new_srgb().encode().unwrap_or_default();
        let p3 = ColorProfile::new_display_p3().encode().unwrap_or_default();
        assert!(!srgb.is_empty() && !p3.is_empty());
        let original = RgbImage::from_pixel(2, 2, Rgb([200, 100, 50]));

        let mut pixels = Pixels::Rgb(original.clone());
        to_srgb(&mut pixels, &srgb);
        assert!(matches!(&pixels, Pixels::Rgb(image) if *image == original));

        // The same numbers mean a more saturated orange in Display P3: in sRGB they spread.
        let mut pixels = Pixels::Rgb(original.clone());
        to_srgb(&mut pixels, &p3);
        let Pixels::Rgb(image) = pixels else {
            panic!("alpha appeared");
        };
        let [r, g, b] = image.get_pixel(0, 0).0;
        assert!(r > 200 && g < 100 && b < 50, "{r} {g} {b}");

        let mut pixels = Pixels::Rgb(original.clone());
        to_srgb(&mut pixels, b"not a profile");
        assert!(matches!(&pixels, Pixels::Rgb(image) if *image == original));
    }
}
