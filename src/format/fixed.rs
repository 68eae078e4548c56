//! Arabic text that comes out the same wherever it is rendered, on the build machine or in any
//! browser: the first render of a prerendered page, which hydration must match node for node.
//! After hydration the browser's `Intl` ([`super::intl`]) refines what depends on the reader
//! (their time zone, the site's calendar).

use super::plural::PluralCategory;
use crate::model::datetime::Timestamp;

/// Gregorian month names as `Intl` writes them for `ar`.
const MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// CLDR's Arabic plural rule for whole numbers (what `Intl.PluralRules('ar')` answers).
pub fn plural_category(n: u64) -> PluralCategory {
    match (n, n % 100) {
        (0, _) => PluralCategory::Zero,
        (1, _) => PluralCategory::One,
        (2, _) => PluralCategory::Two,
        (_, 3..=10) => PluralCategory::Few,
        (_, 11..=99) => PluralCategory::Many,
        _ => PluralCategory::Other,
    }
}

/// `text` with its Western digits written in the numbering system `numbering` (`arab`: ٠١٢٣,
/// `arabext`: ۰۱۲۳; anything else keeps 0123).
pub fn digits(text: &str, numbering: &str) -> String {
    let zero = match numbering {
        "arab" => '\u{0660}',
        "arabext" => '\u{06F0}',
        _ => return text.to_owned(),
    };
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(zero as u32 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// "15 مارس 2023" or, `with_time`, "15 مارس 2023 في 9:00 م": the Gregorian date (and time) in
/// the offset the timestamp was written in, with the site's digits.
pub fn date(timestamp: Timestamp, with_time: bool, numbering: &str) -> String {
    let local_ms = timestamp.epoch_ms + i64::from(timestamp.offset_minutes) * 60_000;
    let days = local_ms.div_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let month_name = MONTHS[(month - 1).clamp(0, 11) as usize];
    let mut text = format!("{day} {month_name} {year}");
    if with_time {
        let minutes = local_ms.rem_euclid(86_400_000) / 60_000;
        let (hour, minute) = (minutes / 60, minutes % 60);
        let (hour12, period) = match hour {
            0 => (12, "ص"),
            1..=11 => (hour, "ص"),
            12 => (12, "م"),
            _ => (hour - 12, "م"),
        };
        text.push_str(&format!(" في {hour12}:{minute:02} {period}"));
    }
    digits(&text, numbering)
}

/// The proleptic Gregorian date of a day number since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::datetime::parse;

    #[test]
    fn dates_are_written_in_their_own_offset() {
        let t = parse("2023-03-15T21:05:00+03:00").unwrap();
        assert_eq!(date(t, false, "latn"), "15 مارس 2023");
        assert_eq!(date(t, true, "latn"), "15 مارس 2023 في 9:05 م");
        let midnight = parse("2024-02-29T00:30:00Z").unwrap();
        assert_eq!(date(midnight, true, "latn"), "29 فبراير 2024 في 12:30 ص");
        let new_year = parse("2026-12-31T23:59:00-05:00").unwrap();
        assert_eq!(date(new_year, false, "latn"), "31 ديسمبر 2026");
    }

    #[test]
    fn the_site_digits_are_used() {
        let t = parse("2023-03-15T12:00:00+03:00").unwrap();
        assert_eq!(date(t, true, "arab"), "١٥ مارس ٢٠٢٣ في ١٢:٠٠ م");
        assert_eq!(digits("2 ساعتان", "arabext"), "۲ ساعتان");
        assert_eq!(digits("12", "thai"), "12");
    }

    #[test]
    fn every_plural_category_is_reached() {
        let categories: Vec<PluralCategory> = [0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111]
            .map(plural_category)
            .into();
        use PluralCategory::*;
        assert_eq!(
            categories,
            vec![Zero, One, Two, Few, Few, Many, Many, Other, Other, Few, Many]
        );
    }
}
