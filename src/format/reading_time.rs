//! How long an article takes to read.

use super::plural::Noun;

/// Words an adult reads in a minute of Arabic prose (silent reading of news text).
pub const WORDS_PER_MINUTE: usize = 180;

/// `دقيقة` in its counted forms (nominative: "مدة القراءة: دقيقتان").
pub const MINUTE: Noun = Noun {
    singular: "دقيقة",
    dual: "دقيقتان",
    plural: "دقائق",
};

/// Whole minutes to read `words` words, rounded up and never less than one.
pub fn minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_round_up_and_start_at_one() {
        assert_eq!(minutes(0), 1);
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(180), 1);
        assert_eq!(minutes(181), 2);
        assert_eq!(minutes(2_500), 14);
    }
}
