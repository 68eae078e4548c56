//! Finding the Latin names, numbers and URLs inside Arabic text, so each can be isolated
//! (`<bdi>`) and cannot reorder the sentence around it ("Rust 1.95 (stable)" stays in one piece).

/// A piece of text and whether it is a left-to-right run to isolate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run<'a> {
    /// The characters of the piece.
    pub text: &'a str,
    /// `true` for a Latin/number run that belongs in `<bdi>`.
    pub isolate: bool,
}

/// Splits `text` into Arabic (or neutral) runs and left-to-right runs. A left-to-right run starts
/// at a Latin letter or a Western digit and goes on through spaces and punctuation until the last
/// such character before Arabic text.
pub fn runs(text: &str) -> Vec<Run<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut runs = Vec::new();
    let (mut plain_start, mut k) = (0, 0);
    while k < chars.len() {
        let (begin, c) = chars[k];
        if !is_strong_ltr(c) {
            k += 1;
            continue;
        }
        // Extend through everything that is not Arabic; the run ends after its last strong
        // character (or a bracket/slash/percent that closes it).
        let mut end = begin + c.len_utf8();
        let mut m = k + 1;
        while m < chars.len() && !is_arabic(chars[m].1) {
            let (at, next) = chars[m];
            if is_strong_ltr(next) || is_closing_of_run(next, &text[begin..at]) {
                end = at + next.len_utf8();
            }
            m += 1;
        }
        if plain_start < begin {
            runs.push(Run {
                text: &text[plain_start..begin],
                isolate: false,
            });
        }
        runs.push(Run {
            text: &text[begin..end],
            isolate: true,
        });
        plain_start = end;
        k = chars.partition_point(|&(at, _)| at < end);
    }
    if plain_start < text.len() {
        runs.push(Run {
            text: &text[plain_start..],
            isolate: false,
        });
    }
    runs
}

/// Whether any run needs isolating: pure Arabic text is rendered as a single text node.
pub fn has_ltr(text: &str) -> bool {
    text.chars().any(is_strong_ltr)
}

/// A closing bracket or a URL's final slash ends a run when the run opened it / is a URL.
fn is_closing_of_run(c: char, run_so_far: &str) -> bool {
    match c {
        ')' => run_so_far.contains('('),
        ']' => run_so_far.contains('['),
        '%' => true,
        '/' => run_so_far.contains("://"),
        _ => false,
    }
}

fn is_strong_ltr(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphabetic() && ('\u{00C0}'..='\u{024F}').contains(&c))
}

fn is_arabic(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn isolated(text: &str) -> Vec<&str> {
        runs(text)
            .into_iter()
            .filter(|r| r.isolate)
            .map(|r| r.text)
            .collect()
    }

    #[test]
    fn arabic_alone_is_one_plain_run() {
        assert_eq!(
            runs("مرحبا بالعالم"),
            vec![Run {
                text: "مرحبا بالعالم",
                isolate: false
            }]
        );
        assert!(!has_ltr("مرحبا بالعالم"));
    }

    #[test]
    fn a_latin_name_with_a_version_stays_together() {
        assert_eq!(
            isolated("أصدرت Rust 1.95 (stable) هذا الأسبوع."),
            vec!["Rust 1.95 (stable)"]
        );
    }

    #[test]
    fn trailing_punctuation_stays_with_the_arabic_sentence() {
        let all = runs("استمرت المحادثات 3 ساعات، ثم Moscow.");
        assert_eq!(
            isolated("استمرت المحادثات 3 ساعات، ثم Moscow."),
            vec!["3", "Moscow"]
        );
        let rebuilt: String = all.iter().map(|r| r.text).collect();
        assert_eq!(rebuilt, "استمرت المحادثات 3 ساعات، ثم Moscow.");
    }

    #[test]
    fn urls_and_ranges_are_single_runs() {
        assert_eq!(
            isolated("راجع https://www.unicode.org/reports/tr9/ للتفاصيل بين 2017–2026"),
            vec!["https://www.unicode.org/reports/tr9/", "2017–2026"]
        );
        assert_eq!(isolated("نسبة 45% من المستخدمين"), vec!["45%"]);
    }
}
