//! How words are searched: the one spelling a query and the index both use, so readers find an
//! article whether or not they write hamza, tashkeel, tatweel or the article's kind of digits.
//!
//! The search index is built in Node (`scripts/search-index.mjs`, with Pagefind) and queried from
//! the app, so this rule exists twice; `tests/search-cases.json` holds the cases both must pass.
//! Prefixes and suffixes (ال، ب، ات، ون …) are left to Pagefind's Arabic stemmer, except و/ف before
//! ال, which it keeps.
//!
//! Function words (في، من، إلى …) are in nearly every article: neither indexed nor searched, so a
//! query never downloads the list of every place they occur. The list, in its searched spelling,
//! is `stop-words.txt`, which the index builder reads too. على is not in it: it is spelt as the
//! name علي.

/// The function words neither indexed nor searched, one a line, as `normalise_word` spells them.
const STOP_WORDS: &str = include_str!("stop-words.txt");

/// Whether a word, as `normalise_word` spells it, is a function word left out of searches.
pub fn is_stop_word(normalised: &str) -> bool {
    !normalised.is_empty() && STOP_WORDS.lines().any(|line| line.trim() == normalised)
}

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

/// A query as it is sent to the index: its words normalised, words of marks only and function
/// words left out.
pub fn normalise_query(query: &str) -> String {
    query
        .split_whitespace()
        .map(normalise_word)
        .filter(|word| !word.is_empty() && !is_stop_word(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a query gives the index to search for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Searchable {
    /// A word with a letter or a digit.
    Yes,
    /// Nothing: empty, or only punctuation and marks.
    Nothing,
    /// Only function words (في، من …), which are not indexed.
    OnlyCommonWords,
}

/// Whether a query has anything to search for: a letter or a digit, not only punctuation or marks,
/// in a word that is not a function word.
pub fn searchable(query: &str) -> Searchable {
    if normalise_query(query).chars().any(char::is_alphanumeric) {
        Searchable::Yes
    } else if query
        .split_whitespace()
        .any(|word| is_stop_word(&normalise_word(word)))
    {
        Searchable::OnlyCommonWords
    } else {
        Searchable::Nothing
    }
}

/// Whether a query has anything to search for (see `searchable`).
pub fn is_searchable(query: &str) -> bool {
    searchable(query) == Searchable::Yes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Case {
        word: String,
        searched_as: String,
        #[serde(default)]
        common: bool,
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
            assert_eq!(
                is_stop_word(&case.searched_as),
                case.common,
                "{} as a function word",
                case.word
            );
        }
    }

    /// Guards against a query of function words only being sent (every article matches, at the
    /// cost of the largest part of the index) or told it is empty.
    #[test]
    fn a_query_of_function_words_only_is_told_so() {
        assert_eq!(searchable("في"), Searchable::OnlyCommonWords);
        assert_eq!(searchable(" إلى  مِن "), Searchable::OnlyCommonWords);
        assert_eq!(searchable("!!!"), Searchable::Nothing);
        assert_eq!(searchable("قمة في موسكو"), Searchable::Yes);
    }

    /// Guards against a function word in a longer query making it find nothing (it is not indexed).
    #[test]
    fn function_words_are_left_out_of_a_query() {
        assert_eq!(normalise_query("قمة في موسكو إلى"), "قمه موسكو");
        // على is the name علي too: searched.
        assert_eq!(normalise_query("على"), "علي");
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
