//! The reader's choices that outlive a visit: colour theme and text size, kept in `localStorage`.
//!
//! `index.html` applies them before the first paint (a tiny inline script), so a page never
//! flashes the wrong theme; this module reads and changes them afterwards.

/// `localStorage` key of the chosen theme (`light` or `dark`; absent: follow the system).
pub const THEME_KEY: &str = "khabar:theme";
/// `localStorage` key of the text size step (`0`–`3`).
pub const TEXT_SIZE_KEY: &str = "khabar:text-size";

/// A colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on a light page.
    Light,
    /// Light text on a dark page.
    Dark,
}

impl Theme {
    /// The stored or attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Reads a stored value; anything else means "no choice".
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// The other theme.
    pub fn toggled(self) -> Self {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// A step of the article text size: 0 is the default, 3 the largest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextSize(u8);

impl TextSize {
    /// The largest step.
    pub const MAX: u8 = 3;

    /// Reads a stored value; anything else is the default size.
    pub fn parse(value: &str) -> Self {
        value
            .parse::<u8>()
            .ok()
            .filter(|n| *n <= Self::MAX)
            .map(TextSize)
            .unwrap_or_default()
    }

    /// The step number, as stored and as the `data-text-size` attribute.
    pub fn step(self) -> u8 {
        self.0
    }

    /// One step larger, if there is one.
    pub fn larger(self) -> Option<Self> {
        (self.0 < Self::MAX).then(|| TextSize(self.0 + 1))
    }

    /// One step smaller, if there is one.
    pub fn smaller(self) -> Option<Self> {
        self.0.checked_sub(1).map(TextSize)
    }
}

/// Browser side: `localStorage` and the `<html>` element's data attributes.
pub mod browser {
    use super::{TextSize, Theme, TEXT_SIZE_KEY, THEME_KEY};

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window().and_then(|w| w.local_storage().ok().flatten())
    }

    fn root() -> Option<web_sys::Element> {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
    }

    /// The theme the reader chose, if any.
    pub fn chosen_theme() -> Option<Theme> {
        storage()
            .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
            .and_then(|v| Theme::parse(&v))
    }

    /// Whether the system asks for dark colours.
    pub fn system_prefers_dark() -> bool {
        web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|q| q.matches())
    }

    /// The theme on screen now.
    pub fn current_theme() -> Theme {
        chosen_theme().unwrap_or(if system_prefers_dark() {
            Theme::Dark
        } else {
            Theme::Light
        })
    }

    /// Shows `theme`, and remembers it when `remember` (a reader's choice, not the system's).
    pub fn apply_theme(theme: Theme, remember: bool) {
        if let Some(root) = root() {
            let _ = root.set_attribute("data-theme", theme.as_str());
        }
        if remember {
            if let Some(storage) = storage() {
                let _ = storage.set_item(THEME_KEY, theme.as_str());
            }
        }
    }

    /// The text size the reader chose.
    pub fn text_size() -> TextSize {
        storage()
            .and_then(|s| s.get_item(TEXT_SIZE_KEY).ok().flatten())
            .map(|v| TextSize::parse(&v))
            .unwrap_or_default()
    }

    /// Shows and remembers `size`.
    pub fn apply_text_size(size: TextSize) {
        let step = size.step().to_string();
        if let Some(root) = root() {
            let _ = root.set_attribute("data-text-size", &step);
        }
        if let Some(storage) = storage() {
            let _ = storage.set_item(TEXT_SIZE_KEY, &step);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_size_has_four_steps_and_stops_at_the_ends() {
        let smallest = TextSize::parse("0");
        assert_eq!(smallest.smaller(), None);
        let largest = smallest
            .larger()
            .and_then(TextSize::larger)
            .and_then(TextSize::larger);
        assert_eq!(largest.map(TextSize::step), Some(3));
        assert_eq!(largest.and_then(TextSize::larger), None);
    }

    #[test]
    fn stored_values_that_make_no_sense_fall_back() {
        assert_eq!(TextSize::parse("9"), TextSize::default());
        assert_eq!(TextSize::parse("<script>"), TextSize::default());
        assert_eq!(Theme::parse("blue"), None);
        assert_eq!(Theme::parse("dark").map(Theme::toggled), Some(Theme::Light));
    }
}
