//! Why a picture cannot be published, in words an author can act on.

use crate::{SourceFormat, MAX_PIXELS, MAX_SIDE};
use thiserror::Error;

/// A picture refused, with the reason.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ImageError {
    /// Not one of the four formats: `found` names what it is when that can be told.
    #[error("not a JPEG, PNG, WebP or GIF picture: {found}")]
    Unsupported {
        /// For example "a BMP picture", "an SVG drawing", "unrecognised bytes".
        found: String,
    },
    /// A decompression bomb, or simply more pixels than any page needs.
    #[error(
        "too large: {width}×{height} pixels (at most {MAX_SIDE} pixels a side and {} megapixels)",
        MAX_PIXELS / 1_000_000
    )]
    TooLarge {
        /// As the file's header claims, before orientation.
        width: u32,
        /// As the file's header claims, before orientation.
        height: u32,
    },
    /// The format is known but the bytes are damaged or truncated.
    #[error("not decodable as {format}: {reason}")]
    Undecodable {
        /// The format the file's first bytes announce.
        format: SourceFormat,
        /// What the decoder said.
        reason: String,
    },
    /// The resizer or an encoder refused the pixels it was given (not seen in practice).
    #[error("could not make the {width}-pixel variants: {reason}")]
    Encode {
        /// The variants' width.
        width: u32,
        /// The format and what its encoder said.
        reason: String,
    },
}
