//! Finding the Latin names, numbers and URLs inside Arabic text, so each can be isolated
//! (`<bdi>`) and cannot reorder the sentence around it ("Rust 1.95 (stable)", "-5", "+966 11 234
//! 5678", "$100", "50%" each stay in one piece, with their signs on the right side).
//!
//! Characters are classified by their Unicode bidi class (UAX #9). The few classes that matter are
//! small range tables taken from the Unicode Character Database (`unicode-bidi`'s data, checked
//! against it char by char in the tests); strong left-to-right is "alphabetic and not in a
//! right-to-left block". The whole bidi table would cost the wasm about 5 KB brotli.

/// A piece of text and whether it is a left-to-right run to isolate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run<'a> {
    /// The characters of the piece.
    pub text: &'a str,
    /// `true` for a Latin/number run that belongs in `<bdi>`.
    pub isolate: bool,
}

/// What a character does to a left-to-right run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// A letter of a left-to-right script (bidi class L).
    Ltr,
    /// A right-to-left letter or an Arabic-Indic digit (R, AL, AN): ends any run.
    Rtl,
    /// A Western digit (EN).
    Digit,
    /// Plus or minus (ES).
    Sign,
    /// Currency, percent, degree, `#` (ET).
    Unit,
    /// Spaces, punctuation, marks: belong to a run only between the characters above.
    Neutral,
}

fn class(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Class::Ltr,
            '0'..='9' => Class::Digit,
            '+' | '-' => Class::Sign,
            '#' | '$' | '%' => Class::Unit,
            _ => Class::Neutral,
        };
    }
    if in_table(c, STRONG_RTL) || in_table(c, ARABIC_NUMBER) {
        Class::Rtl
    } else if in_table(c, EUROPEAN_NUMBER) {
        Class::Digit
    } else if in_table(c, EUROPEAN_SEPARATOR) {
        Class::Sign
    } else if in_table(c, EUROPEAN_TERMINATOR) {
        Class::Unit
    } else if c.is_alphabetic() && !in_rtl_block(c) && !in_table(c, ALPHABETIC_NEUTRAL) {
        Class::Ltr
    } else {
        Class::Neutral
    }
}

fn in_table(c: char, table: &[(char, char)]) -> bool {
    table
        .binary_search_by(|&(low, high)| {
            if high < c {
                std::cmp::Ordering::Less
            } else if low > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The blocks of the right-to-left scripts, whose combining marks (harakat, Hebrew points) are
/// alphabetic but never left-to-right.
fn in_rtl_block(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
}

/// Splits `text` into right-to-left (or neutral) runs and left-to-right runs. A left-to-right run
/// starts at a Latin (or Greek, Cyrillic, …) letter, a Western digit, or a sign or currency
/// symbol written right before a digit; it goes on through spaces and punctuation until the last
/// letter, digit or number suffix before right-to-left text, so surrounding punctuation stays with
/// the Arabic sentence.
pub fn runs(text: &str) -> Vec<Run<'_>> {
    let chars: Vec<(usize, char, Class)> = text
        .char_indices()
        .map(|(at, c)| (at, c, class(c)))
        .collect();
    let mut runs = Vec::new();
    let (mut plain_start, mut k) = (0, 0);
    while k < chars.len() {
        if !starts_run(&chars[k..]) {
            k += 1;
            continue;
        }
        let begin = chars[k].0;
        let mut end = begin;
        let mut m = k;
        while m < chars.len() && chars[m].2 != Class::Rtl {
            let (at, c, class) = chars[m];
            let after = at + c.len_utf8();
            let keep = match class {
                Class::Ltr | Class::Digit => true,
                // "$100", "-5": the sign or symbol leads a number or word; "50%", "30°", "C++",
                // "O-": it is written right after one.
                Class::Sign | Class::Unit => starts_run(&chars[m..]) || (end == at && end > begin),
                Class::Neutral => end == at && closes_run(c, &text[begin..end]),
                Class::Rtl => false,
            };
            if keep {
                end = after;
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
        k = chars.partition_point(|&(at, _, _)| at < end);
    }
    if plain_start < text.len() {
        runs.push(Run {
            text: &text[plain_start..],
            isolate: false,
        });
    }
    runs
}

/// Whether a left-to-right run starts at the first of `chars`: a letter or digit, or signs and
/// currency symbols directly followed by a digit.
fn starts_run(chars: &[(usize, char, Class)]) -> bool {
    for &(_, _, class) in chars {
        match class {
            Class::Ltr | Class::Digit => return true,
            Class::Sign | Class::Unit => continue,
            Class::Rtl | Class::Neutral => return false,
        }
    }
    false
}

/// Whether any run needs isolating: pure Arabic text is rendered as a single text node.
pub fn has_ltr(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(class(c), Class::Ltr | Class::Digit))
}

/// A closing bracket ends a run that opened it; a final slash ends a URL.
fn closes_run(c: char, run_so_far: &str) -> bool {
    match c {
        ')' => run_so_far.contains('('),
        ']' => run_so_far.contains('['),
        '/' => run_so_far.contains("://"),
        _ => false,
    }
}

/// Bidi classes R and AL: Hebrew, Arabic, Syriac, Thaana, N'Ko and the other right-to-left scripts.
const STRONG_RTL: &[(char, char)] = &[
    ('\u{590}', '\u{590}'),
    ('\u{5be}', '\u{5be}'),
    ('\u{5c0}', '\u{5c0}'),
    ('\u{5c3}', '\u{5c3}'),
    ('\u{5c6}', '\u{5c6}'),
    ('\u{5c8}', '\u{5ff}'),
    ('\u{608}', '\u{608}'),
    ('\u{60b}', '\u{60b}'),
    ('\u{60d}', '\u{60d}'),
    ('\u{61b}', '\u{64a}'),
    ('\u{66d}', '\u{66f}'),
    ('\u{671}', '\u{6d5}'),
    ('\u{6e5}', '\u{6e6}'),
    ('\u{6ee}', '\u{6ef}'),
    ('\u{6fa}', '\u{710}'),
    ('\u{712}', '\u{72f}'),
    ('\u{74b}', '\u{7a5}'),
    ('\u{7b1}', '\u{7ea}'),
    ('\u{7f4}', '\u{7f5}'),
    ('\u{7fa}', '\u{7fc}'),
    ('\u{7fe}', '\u{815}'),
    ('\u{81a}', '\u{81a}'),
    ('\u{824}', '\u{824}'),
    ('\u{828}', '\u{828}'),
    ('\u{82e}', '\u{858}'),
    ('\u{85c}', '\u{88f}'),
    ('\u{892}', '\u{896}'),
    ('\u{8a0}', '\u{8c9}'),
    ('\u{200f}', '\u{200f}'),
    ('\u{fb1d}', '\u{fb1d}'),
    ('\u{fb1f}', '\u{fb28}'),
    ('\u{fb2a}', '\u{fd3d}'),
    ('\u{fd50}', '\u{fdce}'),
    ('\u{fdf0}', '\u{fdfc}'),
    ('\u{fe70}', '\u{fefe}'),
    ('\u{10800}', '\u{1091e}'),
    ('\u{10920}', '\u{10a00}'),
    ('\u{10a04}', '\u{10a04}'),
    ('\u{10a07}', '\u{10a0b}'),
    ('\u{10a10}', '\u{10a37}'),
    ('\u{10a3b}', '\u{10a3e}'),
    ('\u{10a40}', '\u{10ae4}'),
    ('\u{10ae7}', '\u{10b38}'),
    ('\u{10b40}', '\u{10d23}'),
    ('\u{10d28}', '\u{10d2f}'),
    ('\u{10d3a}', '\u{10d3f}'),
    ('\u{10d4a}', '\u{10d68}'),
    ('\u{10d6f}', '\u{10e5f}'),
    ('\u{10e7f}', '\u{10eaa}'),
    ('\u{10ead}', '\u{10efb}'),
    ('\u{10f00}', '\u{10f45}'),
    ('\u{10f51}', '\u{10f81}'),
    ('\u{10f86}', '\u{10fff}'),
    ('\u{1e800}', '\u{1e8cf}'),
    ('\u{1e8d7}', '\u{1e943}'),
    ('\u{1e94b}', '\u{1eeef}'),
    ('\u{1eef2}', '\u{1efff}'),
];
/// Bidi class EN: Western digits (and Eastern Arabic-Indic ۰–۹, superscripts, …).
const EUROPEAN_NUMBER: &[(char, char)] = &[
    ('\u{30}', '\u{39}'),
    ('\u{b2}', '\u{b3}'),
    ('\u{b9}', '\u{b9}'),
    ('\u{6f0}', '\u{6f9}'),
    ('\u{2070}', '\u{2070}'),
    ('\u{2074}', '\u{2079}'),
    ('\u{2080}', '\u{2089}'),
    ('\u{2488}', '\u{249b}'),
    ('\u{ff10}', '\u{ff19}'),
    ('\u{102e1}', '\u{102fb}'),
    ('\u{1ccf0}', '\u{1ccf9}'),
    ('\u{1d7ce}', '\u{1d7ff}'),
    ('\u{1f100}', '\u{1f10a}'),
    ('\u{1fbf0}', '\u{1fbf9}'),
];
/// Bidi class AN: Arabic-Indic digits ٠–٩ and the Arabic number signs, part of the Arabic text.
const ARABIC_NUMBER: &[(char, char)] = &[
    ('\u{600}', '\u{605}'),
    ('\u{660}', '\u{669}'),
    ('\u{66b}', '\u{66c}'),
    ('\u{6dd}', '\u{6dd}'),
    ('\u{890}', '\u{891}'),
    ('\u{8e2}', '\u{8e2}'),
    ('\u{10d30}', '\u{10d39}'),
    ('\u{10d40}', '\u{10d49}'),
    ('\u{10e60}', '\u{10e7e}'),
];
/// Bidi class ES: plus and minus signs.
const EUROPEAN_SEPARATOR: &[(char, char)] = &[
    ('\u{2b}', '\u{2b}'),
    ('\u{2d}', '\u{2d}'),
    ('\u{207a}', '\u{207b}'),
    ('\u{208a}', '\u{208b}'),
    ('\u{2212}', '\u{2212}'),
    ('\u{fb29}', '\u{fb29}'),
    ('\u{fe62}', '\u{fe63}'),
    ('\u{ff0b}', '\u{ff0b}'),
    ('\u{ff0d}', '\u{ff0d}'),
];
/// Bidi class ET: #, currency, percent and degree signs.
const EUROPEAN_TERMINATOR: &[(char, char)] = &[
    ('\u{23}', '\u{25}'),
    ('\u{a2}', '\u{a5}'),
    ('\u{b0}', '\u{b1}'),
    ('\u{58f}', '\u{58f}'),
    ('\u{609}', '\u{60a}'),
    ('\u{66a}', '\u{66a}'),
    ('\u{9f2}', '\u{9f3}'),
    ('\u{9fb}', '\u{9fb}'),
    ('\u{af1}', '\u{af1}'),
    ('\u{bf9}', '\u{bf9}'),
    ('\u{e3f}', '\u{e3f}'),
    ('\u{17db}', '\u{17db}'),
    ('\u{2030}', '\u{2034}'),
    ('\u{20a0}', '\u{20cf}'),
    ('\u{212e}', '\u{212e}'),
    ('\u{2213}', '\u{2213}'),
    ('\u{a838}', '\u{a839}'),
    ('\u{fe5f}', '\u{fe5f}'),
    ('\u{fe69}', '\u{fe6a}'),
    ('\u{ff03}', '\u{ff05}'),
    ('\u{ffe0}', '\u{ffe1}'),
    ('\u{ffe5}', '\u{ffe6}'),
    ('\u{11fdd}', '\u{11fe0}'),
    ('\u{1e2ff}', '\u{1e2ff}'),
];
/// Alphabetic characters whose bidi class is ON, not L: modifier letters (ˆ ˇ ˈ) and Greek
/// acrophonic numerals.
const ALPHABETIC_NEUTRAL: &[(char, char)] = &[
    ('\u{2b9}', '\u{2ba}'),
    ('\u{2c6}', '\u{2cf}'),
    ('\u{2ec}', '\u{2ec}'),
    ('\u{374}', '\u{374}'),
    ('\u{2e2f}', '\u{2e2f}'),
    ('\u{a67f}', '\u{a67f}'),
    ('\u{a717}', '\u{a71f}'),
    ('\u{a788}', '\u{a788}'),
    ('\u{10140}', '\u{10174}'),
];

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

    /// Guards against a sign or symbol left outside the isolate, where the Arabic sentence's
    /// direction moves it to the other side of the number ("5-" instead of "-5").
    #[test]
    fn signs_and_symbols_stay_with_their_numbers() {
        for (text, expected) in [
            ("انخفضت الحرارة إلى -5 درجات", vec!["-5"]),
            ("اتصلوا على +966 11 234 5678 مساءً", vec!["+966 11 234 5678"]),
            ("بلغ سعر البرميل $100 أمس", vec!["$100"]),
            ("ارتفع التضخم 3.5% خلال العام", vec!["3.5%"]),
            ("سجلت 30° في الظل", vec!["30°"]),
            ("نما الاقتصاد 3.5 في المئة", vec!["3.5"]),
            ("خسر السهم −2,5 نقطة", vec!["−2,5"]),
            ("وصل المؤشر إلى 50%، ثم تراجع", vec!["50%"]),
        ] {
            assert_eq!(isolated(text), expected, "{text}");
        }
    }

    /// Guards against dates, ranges, codes, e-mail addresses and URLs from real Arabic news
    /// copy being split into pieces that the sentence reorders.
    #[test]
    fn news_copy_keeps_dates_codes_and_addresses_whole() {
        for (text, expected) in [
            ("صدر القرار في 15/11/2026 بعد نقاش طويل", vec!["15/11/2026"]),
            ("خلال الفترة 2020-2023 تضاعف العدد", vec!["2020-2023"]),
            ("انتشر فيروس COVID-19 في العالم", vec!["COVID-19"]),
            (
                "راسلونا على info@khabar.example للاستفسار",
                vec!["info@khabar.example"],
            ),
            (
                "التفاصيل في https://example.org/a?b=1 اليوم",
                vec!["https://example.org/a?b=1"],
            ),
            ("قال (BBC) إن الاجتماع انتهى", vec!["BBC"]),
            ("يكتب بلغة C++ منذ سنوات", vec!["C++"]),
            ("فصيلة الدم O- مطلوبة", vec!["O-"]),
            ("وصل Moscow - ثم غادر", vec!["Moscow"]),
            (
                "أعلنت شركة Ελληνικά и Кириллица عن منتج",
                vec!["Ελληνικά и Кириллица"],
            ),
        ] {
            assert_eq!(isolated(text), expected, "{text}");
        }
    }

    /// Guards against Hebrew, Syriac and the other right-to-left scripts being treated as
    /// left-to-right text (isolated, or swallowed into a Latin run).
    #[test]
    fn other_right_to_left_scripts_are_not_left_to_right() {
        assert_eq!(isolated("كتب بالعبرية שלום عالم"), Vec::<&str>::new());
        assert!(!has_ltr("ܫܠܡܐ ܥܠܡܐ"));
        assert_eq!(isolated("Rust שלום 1.0"), vec!["Rust", "1.0"]);
        // Harakat and Arabic-Indic digits belong to the Arabic text.
        assert!(!has_ltr("قَمَّةٌ عام ٢٠٢٦"));
    }

    /// Guards against the tables drifting from the Unicode data: every character's class agrees
    /// with `unicode-bidi`'s bidi class (letters of left-to-right scripts being L, their
    /// combining marks L or NSM; symbols that are L but not letters are left neutral).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn classes_agree_with_the_unicode_bidi_data() {
        use unicode_bidi::{bidi_class, BidiClass as B};
        let mut wrong = Vec::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let theirs = bidi_class(c);
            let ours = class(c);
            let agrees = match ours {
                Class::Rtl => matches!(theirs, B::R | B::AL | B::AN),
                Class::Digit => theirs == B::EN,
                Class::Sign => theirs == B::ES,
                Class::Unit => theirs == B::ET,
                Class::Ltr => theirs == B::L || (theirs == B::NSM && !c.is_ascii()),
                Class::Neutral => {
                    let directional =
                        matches!(theirs, B::R | B::AL | B::AN | B::EN | B::ES | B::ET);
                    !(directional || (theirs == B::L && c.is_alphabetic()))
                }
            };
            if !agrees {
                wrong.push(format!(
                    "U+{:04X} ours {ours:?} Unicode {theirs:?}",
                    c as u32
                ));
            }
        }
        assert!(wrong.is_empty(), "{} disagree: {wrong:?}", wrong.len());
    }
}
