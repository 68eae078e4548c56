//! How words are searched: the one spelling a query and the index both use, so readers find an
//! article whether or not they write hamza, tashkeel, tatweel or the article's kind of digits.
//!
//! The search index is built in Node (`scripts/search-index.mjs`, with Pagefind) and queried from
//! the app, so this rule exists twice; `tests/search-cases.json` holds the cases both must pass.
//! Prefixes and suffixes (ال، ب، ات، ون …) are left to Pagefind's Arabic stemmer, except و/ف before
//! ال, which it keeps.

/// A letter written several ways, as it is searched: أ إ آ ٱ → ا, ى → ي, ة → ه, Arabic-Indic and
/// Persian digits → 0–9; `None` for a mark that changes nothing (tashkeel, tatweel, bidi controls).
fn fold(c: char) -> Option<char> {
    match c {
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => Some('\u{0627}'),
        '\u{0649}' => Some('\u{064A}'),
        '\u{0629}' => Some('\u{0647}'),
        '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
        '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0640}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => None,
        _ => Some(c),
    }
}

/// One word as it is indexed and searched: letters folded, marks removed, lower case, and و or ف
/// before ال dropped ("والأسد" → "الاسد"; Pagefind's stemmer then removes ال).
pub fn normalise_word(word: &str) -> String {
    let folded: String = word
        .chars()
        .filter_map(fold)
        .flat_map(char::to_lowercase)
        .collect();
    let conjunction = ["وال", "فال"]
        .iter()
        .any(|prefix| folded.starts_with(prefix));
    if conjunction && folded.chars().count() >= 6 {
        folded.chars().skip(1).collect()
    } else {
        folded
    }
}

/// A query as it is sent to the index: its words normalised, words of marks only left out.
pub fn normalise_query(query: &str) -> String {
    query
        .split_whitespace()
        .map(normalise_word)
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a query has anything to search for: a letter or a digit, not only punctuation or marks.
pub fn is_searchable(query: &str) -> bool {
    normalise_query(query).chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Case {
        word: String,
        searched_as: String,
    }

    /// Guards against the app and the index builder spelling a word differently, which makes
    /// every article containing it unfindable.
    #[test]
    fn words_are_searched_as_the_shared_cases_say() {
        let cases: Vec<Case> =
            serde_json::from_str(include_str!("../tests/search-cases.json")).unwrap();
        assert!(cases.len() > 10);
        for case in cases {
            assert_eq!(
                normalise_word(&case.word),
                case.searched_as,
                "{}",
                case.word
            );
        }
    }

    /// Guards against a query of punctuation or marks only being sent as an empty search.
    #[test]
    fn a_query_of_marks_or_punctuation_is_not_searchable() {
        assert!(!is_searchable("  \u{200F}\u{200E} ـــ "));
        assert!(!is_searchable("!!! ... ؟"));
        assert!(is_searchable("قـمـة"));
        assert!(is_searchable("٣٤٠٠"));
    }

    /// Guards against tatweel or tashkeel splitting a typed word into nothing.
    #[test]
    fn a_query_keeps_its_words_in_order() {
        assert_eq!(normalise_query("  قـمـة   بوتينَ  "), "قمه بوتين");
    }
}
