//! Arabic plural forms. Arabic has all six CLDR categories; which one a number takes comes
//! from the browser's `Intl.PluralRules` ([`super::intl::plural_category`]).

/// A CLDR plural category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralCategory {
    /// 0 in Arabic.
    Zero,
    /// 1.
    One,
    /// 2.
    Two,
    /// 3–10 (and 103–110, …).
    Few,
    /// 11–99 (and 111–199, …).
    Many,
    /// 100, 101, 102, … and fractions.
    Other,
}

impl PluralCategory {
    /// Reads the keyword `Intl.PluralRules#select` returns; anything unknown is `Other`.
    pub fn from_keyword(keyword: &str) -> Self {
        match keyword {
            "zero" => Self::Zero,
            "one" => Self::One,
            "two" => Self::Two,
            "few" => Self::Few,
            "many" => Self::Many,
            _ => Self::Other,
        }
    }
}

/// The forms of one Arabic noun counted by a number.
///
/// `few` takes the plural; `many` and `other` the singular; `two` the dual, with no number shown.
pub struct Noun {
    /// The singular (`دقيقة`), used alone for one.
    pub singular: &'static str,
    /// The dual (`دقيقتان`), used alone for two.
    pub dual: &'static str,
    /// The plural (`دقائق`) for 3–10.
    pub plural: &'static str,
}

impl Noun {
    /// `n` items of this noun, e.g. `دقيقة`, `دقيقتان`, `3 دقائق`, `11 دقيقة`, `100 دقيقة`.
    /// `number` is `n` already formatted with the site's digits.
    pub fn count(&self, category: PluralCategory, number: &str) -> String {
        match category {
            PluralCategory::One => self.singular.to_owned(),
            PluralCategory::Two => self.dual.to_owned(),
            PluralCategory::Few => format!("{number} {}", self.plural),
            PluralCategory::Zero | PluralCategory::Many | PluralCategory::Other => {
                format!("{number} {}", self.singular)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Noun = Noun {
        singular: "دقيقة",
        dual: "دقيقتان",
        plural: "دقائق",
    };

    #[test]
    fn each_category_has_its_form() {
        use PluralCategory::*;
        assert_eq!(MINUTE.count(One, "1"), "دقيقة");
        assert_eq!(MINUTE.count(Two, "2"), "دقيقتان");
        assert_eq!(MINUTE.count(Few, "3"), "3 دقائق");
        assert_eq!(MINUTE.count(Many, "11"), "11 دقيقة");
        assert_eq!(MINUTE.count(Other, "100"), "100 دقيقة");
        assert_eq!(MINUTE.count(Zero, "0"), "0 دقيقة");
    }

    #[test]
    fn keywords_map_to_categories() {
        assert_eq!(PluralCategory::from_keyword("few"), PluralCategory::Few);
        assert_eq!(
            PluralCategory::from_keyword("surprise"),
            PluralCategory::Other
        );
    }
}
