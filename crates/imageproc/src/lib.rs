//! Pictures as newsrooms take them, made fit to publish.
//!
//! A photographer's JPEG (or a PNG, WebP or GIF) goes in; what comes out is what a reader's
//! browser should fetch: a ladder of widths ([`LADDER`]), each as WebP and a JPEG (or PNG)
//! fallback (and for a lead picture, the same of its 16:9 middle, for cards: [`card_cut`]), oriented as the camera meant, in sRGB, and carrying no metadata at all: no EXIF,
//! no GPS position, no camera serial number. Plain functions over bytes; no file access.
//!
//! - [`inspect`]: the facts the article JSON needs (real size after orientation, alpha, a
//!   placeholder colour), or why the file cannot be published ([`ImageError`]).
//! - [`variants`]: the encoded files, each with a content-hashed name ([`Variant`]).
//! - [`process`]: both from one decoding.
//!
//! Same bytes in, same bytes and names out, on one machine (the encoders pick SIMD paths by
//! CPU, so another CPU may round differently). Native only: never compiled into the app's wasm.

mod colour;
mod decode;
mod encode;
mod error;
mod ladder;

pub use decode::{Facts, Kind, SourceFormat, MAX_PIXELS, MAX_SIDE};
pub use encode::{Format, Plan, Variant, JPEG_QUALITY, WEBP_QUALITY};
pub use error::ImageError;
pub use ladder::{card_cut, ladder, CARD_ASPECT, LADDER};

/// What [`process`] gives: the facts and the files, from one decoding.
#[derive(Clone, Debug)]
pub struct Processed {
    /// The picture as the article JSON describes it.
    pub facts: Facts,
    /// The files to publish, smallest width first, WebP before its fallback at each width.
    pub variants: Vec<Variant>,
    /// The files of its 16:9 middle for cards, ordered as `variants`: empty unless the plan
    /// asks for them ([`Plan::with_card`]) and the picture is not 16:9 already.
    pub card: Vec<Variant>,
}

/// Reads a picture: its size after orientation, alpha, kind and placeholder colour.
///
/// Refuses what cannot be published, with the reason: a format other than JPEG, PNG, WebP or
/// GIF, bytes that do not decode, a picture over [`MAX_SIDE`] pixels a side or [`MAX_PIXELS`]
/// in all (checked from the header, before any pixel is allocated).
pub fn inspect(bytes: &[u8]) -> Result<Facts, ImageError> {
    decode::decode(bytes).map(|picture| picture.facts)
}

/// Encodes the picture at every width of `plan`'s ladder that it can fill, never upscaled.
pub fn variants(bytes: &[u8], plan: &Plan) -> Result<Vec<Variant>, ImageError> {
    process(bytes, plan).map(|processed| processed.variants)
}

/// [`inspect`] and [`variants`] at the cost of one decoding.
pub fn process(bytes: &[u8], plan: &Plan) -> Result<Processed, ImageError> {
    let picture = decode::decode(bytes)?;
    let (variants, card) = encode::encode_all(&picture, plan)?;
    Ok(Processed {
        facts: picture.facts,
        variants,
        card,
    })
}
