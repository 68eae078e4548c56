//! Text an author must not leave blank (a headline, a picture's description), as the content
//! tool checks it and as the published schema states it.

/// The characters `str::trim` removes (Unicode `White_Space`), as the inside of a regex class.
macro_rules! white_space {
    () => {
        r"\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
    };
}

/// [`is_blank`]'s opposite as a regular expression (unanchored: one character that is not white
/// space, anywhere), for the schema.
pub const NON_BLANK_PATTERN: &str = concat!("[^", white_space!(), "]");

/// Whether `text` is empty or only white space.
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards against the schema calling "non-blank" a text the content tool refuses as blank (or
    // the reverse), for any character.
    #[test]
    fn the_pattern_and_the_rule_agree_on_every_character() {
        let pattern = regex::Regex::new(NON_BLANK_PATTERN).unwrap();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = format!(" {c}\u{3000}");
            assert_eq!(
                pattern.is_match(&text),
                !is_blank(&text),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
