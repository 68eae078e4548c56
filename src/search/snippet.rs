//! The text shown under a search result: a run of the article's words around its first match,
//! with the matched words marked. Built from the text as written and the index's word positions,
//! never from HTML the index returns.

/// Words shown in a snippet.
pub const SNIPPET_WORDS: usize = 30;
/// Words shown before the first match, so it reads in context.
const LEAD_WORDS: usize = 8;

/// A run of words, marked when they matched the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub marked: bool,
}

/// The snippet of `text` (words separated by single spaces) for matches at `locations` (word
/// indexes), with "…" where it cuts the text. Positions past the text's end are ignored.
pub fn snippet(text: &str, locations: &[usize]) -> Vec<Segment> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = locations
        .iter()
        .copied()
        .filter(|&i| i < words.len())
        .min()
        .unwrap_or(0);
    let start = first
        .saturating_sub(LEAD_WORDS)
        .min(words.len().saturating_sub(SNIPPET_WORDS));
    let end = (start + SNIPPET_WORDS).min(words.len());
    let mut segments: Vec<Segment> = Vec::new();
    for (i, word) in words.iter().enumerate().take(end).skip(start) {
        let marked = locations.contains(&i);
        match segments.last_mut() {
            Some(last) if last.marked == marked => {
                last.text.push(' ');
                last.text.push_str(word);
            }
            Some(last) => {
                // The space between a marked and an unmarked word belongs to the unmarked one.
                if marked {
                    last.text.push(' ');
                    segments.push(Segment {
                        text: (*word).to_owned(),
                        marked,
                    });
                } else {
                    segments.push(Segment {
                        text: format!(" {word}"),
                        marked,
                    });
                }
            }
            None => segments.push(Segment {
                text: (*word).to_owned(),
                marked,
            }),
        }
    }
    if start > 0 {
        segments.insert(
            0,
            Segment {
                text: "… ".to_owned(),
                marked: false,
            },
        );
    }
    if end < words.len() {
        segments.push(Segment {
            text: " …".to_owned(),
            marked: false,
        });
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: usize) -> String {
        (0..n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn marked(segments: &[Segment]) -> Vec<&str> {
        segments
            .iter()
            .filter(|s| s.marked)
            .map(|s| s.text.as_str())
            .collect()
    }

    /// Guards against highlighting other words than the ones the index matched.
    #[test]
    fn the_matched_words_are_marked_as_written() {
        let segments = snippet("قمة بوتين والأسد.. في موسكو", &[2, 4]);
        assert_eq!(marked(&segments), ["والأسد..", "موسكو"]);
        let text: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, "قمة بوتين والأسد.. في موسكو");
    }

    /// Guards against a snippet that starts at the top of a long article and never shows the match.
    #[test]
    fn a_match_deep_in_the_text_is_shown_with_its_context() {
        let segments = snippet(&numbered(500), &[300]);
        let text: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert!(text.starts_with("… w292 "), "{text}");
        assert!(text.ends_with(" w321 …"), "{text}");
        assert_eq!(marked(&segments), ["w300"]);
    }

    /// Guards against a panic on positions from a stale or damaged index.
    #[test]
    fn positions_past_the_end_are_ignored() {
        let segments = snippet("كلمة واحدة", &[7, 99]);
        assert!(marked(&segments).is_empty());
        assert!(snippet("", &[0]).is_empty());
    }
}
