//! Latin slugs for WordPress's names: post slugs are often percent-encoded Arabic
//! (`%d9%82%d9%85%d8%a9`), Khabar's are lower-case Latin (`khabar_model::slug`).

use khabar_model::slug::{is_valid, MAX_LEN};
use percent_encoding::percent_decode_str;

/// Decodes `%xx` escapes; bytes that are not UTF-8 become U+FFFD (then a dash in a slug).
pub fn decode(raw: &str) -> String {
    percent_decode_str(raw).decode_utf8_lossy().into_owned()
}

/// A readable Latin spelling of one Arabic (or Persian) letter; `None` for other characters.
/// Short vowels are not written in Arabic, so the result follows the letters (`قمة` → `qma`).
fn arabic_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ا' | 'أ' | 'آ' | 'ى' | 'ٱ' | 'ع' => "a",
        'إ' | 'ئ' => "i",
        'ؤ' => "u",
        'ء' | '\u{64B}'..='\u{65F}' | '\u{670}' | 'ـ' => "",
        'ب' => "b",
        'ت' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' | 'ه' => "h",
        'خ' => "kh",
        'د' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' => "z",
        'س' | 'ص' => "s",
        'ش' => "sh",
        'ض' => "d",
        'ط' => "t",
        'ظ' => "z",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' | 'ک' => "k",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'و' => "w",
        'ي' | 'ی' => "y",
        'ة' => "a",
        'پ' => "p",
        'چ' => "ch",
        'ژ' => "zh",
        'گ' => "g",
        _ => return None,
    })
}

/// Arabic-Indic and Persian digits as ASCII digits.
fn digit(c: char) -> Option<char> {
    match c {
        '\u{660}'..='\u{669}' => char::from_digit(c as u32 - 0x660, 10),
        '\u{6F0}'..='\u{6F9}' => char::from_digit(c as u32 - 0x6F0, 10),
        _ => None,
    }
}

/// A valid Khabar slug spelling `name` (already decoded) in Latin letters, or `None` when
/// nothing spellable is left (only punctuation, or a script the table does not know).
pub fn transliterate(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(d) = digit(c) {
            out.push(d);
        } else if let Some(latin) = arabic_letter(c) {
            out.push_str(latin);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let joined = out
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug = truncate(&joined, MAX_LEN);
    is_valid(&slug).then_some(slug)
}

/// At most `max` bytes, cut at a dash when there is one, never ending in a dash.
fn truncate(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_owned();
    }
    let cut = &slug[..max];
    let cut = match cut.rfind('-') {
        Some(dash) if dash > max / 2 => &cut[..dash],
        _ => cut,
    };
    cut.trim_end_matches('-').to_owned()
}

/// `slug` made unique against `taken` by suffixing the post's id; `post-<id>` when empty.
pub fn unique(slug: Option<String>, id: u64, taken: &dyn Fn(&str) -> bool) -> String {
    let suffix = format!("-{id}");
    match slug {
        Some(slug) if !taken(&slug) => slug,
        Some(slug) => format!("{}{suffix}", truncate(&slug, MAX_LEN - suffix.len())),
        None => format!("post{suffix}"),
    }
}

/// A file name WordPress kept (perhaps Arabic) as an ASCII name the content rules accept: the
/// stem spelled in Latin, the extension lower-cased; a changed name gets a short hash of the
/// original so two different names never meet.
pub fn file_name(name: &str) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext.to_ascii_lowercase()),
        _ => (name, String::new()),
    };
    let clean = stem
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !stem.starts_with('-');
    let stem = if clean {
        stem.to_owned()
    } else {
        let latin = transliterate(stem).unwrap_or_else(|| "image".to_owned());
        format!(
            "{}-{:06x}",
            truncate(&latin, 80),
            fnv1a(name.as_bytes()) & 0xff_ffff
        )
    };
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust releases and machines, for names and
/// for recognising an imported file edited by hand since.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoded_arabic_becomes_a_readable_latin_slug() {
        // Guards against Arabic slugs reaching /article/<slug>, which the app refuses.
        let wp = "%d9%82%d9%85%d8%a9-%d8%a8%d9%88%d8%aa%d9%8a%d9%86-%d9%88%d8%a7%d9%84%d8%a3%d8%b3%d8%af";
        assert_eq!(decode(wp), "قمة-بوتين-والأسد");
        assert_eq!(
            transliterate(&decode(wp)).as_deref(),
            Some("qma-bwtyn-walasd")
        );
    }

    #[test]
    fn digits_latin_and_punctuation_are_normalised() {
        // Guards against double dashes, capitals or Arabic-Indic digits in a slug.
        assert_eq!(
            transliterate("G20 — قمة ٢٠٢٦!!").as_deref(),
            Some("g20-qma-2026")
        );
        assert_eq!(transliterate("«»…"), None);
        assert_eq!(transliterate("日本"), None);
    }

    #[test]
    fn long_names_are_cut_at_a_dash_within_the_limit() {
        // Guards against slugs longer than the app accepts.
        let long = "كلمة ".repeat(60);
        let slug = transliterate(&long).unwrap();
        assert!(slug.len() <= MAX_LEN && is_valid(&slug), "{slug}");
    }

    #[test]
    fn collisions_and_empty_names_use_the_post_id() {
        // Guards against two posts writing the same article file.
        let taken = |s: &str| s == "qma";
        assert_eq!(unique(Some("qma".into()), 42, &taken), "qma-42");
        assert_eq!(unique(Some("other".into()), 42, &taken), "other");
        assert_eq!(unique(None, 7, &taken), "post-7");
        let long = "a".repeat(MAX_LEN);
        let taken_long = |s: &str| s == long;
        assert!(is_valid(&unique(Some(long.clone()), 123456, &taken_long)));
    }

    #[test]
    fn upload_file_names_become_safe_ascii_names() {
        // Guards against picture paths the content rules refuse (non-ASCII, leading dots).
        assert_eq!(file_name("photo-1.JPG"), "photo-1.jpg");
        let arabic = file_name("صورة الرئيس.jpg");
        assert!(
            arabic.starts_with("swra-alriys-") && arabic.ends_with(".jpg"),
            "{arabic}"
        );
        assert_ne!(file_name("صورة الرئيس.jpg"), file_name("صورة-الرئيس.jpg"));
        assert!(!file_name(".htaccess").starts_with('.'));
    }
}
