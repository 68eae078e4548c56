//! "منذ ساعتين": how long ago something was published, for recent items only.

use super::plural::{Noun, PluralCategory};

/// A recent moment, rounded to the unit a reader would say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ago {
    /// Less than a minute ago.
    JustNow,
    /// Whole minutes ago (1–59).
    Minutes(u32),
    /// Whole hours ago (1–23).
    Hours(u32),
    /// Whole days ago (1–6).
    Days(u32),
}

/// How long before `now_ms` the moment `then_ms` was, or `None` when it is a week or more ago
/// (or in the future, e.g. a clock set wrong), where a plain date reads better.
pub fn ago(now_ms: i64, then_ms: i64) -> Option<Ago> {
    let seconds = (now_ms - then_ms) / 1_000;
    let value = |unit: i64| u32::try_from(seconds / unit).ok();
    match seconds {
        s if s < 0 => None,
        0..=59 => Some(Ago::JustNow),
        60..=3_599 => value(60).map(Ago::Minutes),
        3_600..=86_399 => value(3_600).map(Ago::Hours),
        86_400..=604_799 => value(86_400).map(Ago::Days),
        _ => None,
    }
}

/// Genitive forms, as they follow "منذ": منذ دقيقتين، منذ 3 ساعات، منذ 11 يومًا.
const MINUTE: Noun = Noun {
    singular: "دقيقة",
    dual: "دقيقتين",
    plural: "دقائق",
};
const HOUR: Noun = Noun {
    singular: "ساعة",
    dual: "ساعتين",
    plural: "ساعات",
};
const DAY: Noun = Noun {
    singular: "يوم",
    dual: "يومين",
    plural: "أيام",
};

impl Ago {
    /// The count, when there is one.
    pub fn count(self) -> Option<u32> {
        match self {
            Ago::JustNow => None,
            Ago::Minutes(n) | Ago::Hours(n) | Ago::Days(n) => Some(n),
        }
    }

    /// The Arabic phrase, given the plural category and formatted digits of [`Ago::count`].
    pub fn phrase(self, category: PluralCategory, number: &str) -> String {
        let noun = match self {
            Ago::JustNow => return "الآن".to_owned(),
            Ago::Minutes(_) => &MINUTE,
            Ago::Hours(_) => &HOUR,
            Ago::Days(_) => &DAY,
        };
        format!("منذ {}", noun.count(category, number))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PluralCategory::*;

    const NOW: i64 = 1_800_000_000_000;
    const MIN: i64 = 60_000;

    #[test]
    fn units_follow_the_distance() {
        assert_eq!(ago(NOW, NOW - 30_000), Some(Ago::JustNow));
        assert_eq!(ago(NOW, NOW - 5 * MIN), Some(Ago::Minutes(5)));
        assert_eq!(ago(NOW, NOW - 125 * MIN), Some(Ago::Hours(2)));
        assert_eq!(ago(NOW, NOW - 3 * 1_440 * MIN), Some(Ago::Days(3)));
        assert_eq!(ago(NOW, NOW - 7 * 1_440 * MIN), None);
        assert_eq!(ago(NOW, NOW + MIN), None);
    }

    #[test]
    fn phrases_read_as_arabic() {
        assert_eq!(Ago::Hours(2).phrase(Two, "2"), "منذ ساعتين");
        assert_eq!(Ago::Hours(1).phrase(One, "1"), "منذ ساعة");
        assert_eq!(Ago::Minutes(5).phrase(Few, "5"), "منذ 5 دقائق");
        assert_eq!(Ago::Minutes(15).phrase(Many, "15"), "منذ 15 دقيقة");
        assert_eq!(Ago::Days(3).phrase(Few, "3"), "منذ 3 أيام");
        assert_eq!(Ago::JustNow.phrase(Other, ""), "الآن");
    }
}
