use serde::{Deserialize, Serialize};

/// Running text with optional links and emphasis, written without any HTML.
///
/// On the wire it is either a plain string, or an array of strings and [`Span`] objects:
///
/// ```json
/// ["انظر ", {"text": "التقرير الكامل", "href": "https://example.org/r"}, " للمزيد."]
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Inline {
    /// The whole text, unstyled.
    Plain(String),
    /// A run of pieces, each a string or a [`Span`].
    Runs(Vec<Span>),
}

/// One piece of [`Inline`] text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Span {
    /// Unstyled text.
    Text(String),
    /// Styled or linked text.
    Styled {
        /// The words shown to the reader (always rendered as text).
        text: String,
        /// A link target; only `http(s)` URLs and same-site paths become links.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::links::HREF_PATTERN)))]
        href: Option<String>,
        /// Stress emphasis (`<em>`).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        emphasis: bool,
        /// Strong importance (`<strong>`).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        strong: bool,
    },
}

impl Inline {
    /// The pieces of this text, a plain string being a single unstyled piece.
    pub fn spans(&self) -> Vec<Span> {
        match self {
            Inline::Plain(text) => vec![Span::Text(text.clone())],
            Inline::Runs(spans) => spans.clone(),
        }
    }

    /// The text a reader sees, without styling.
    pub fn plain_text(&self) -> String {
        match self {
            Inline::Plain(text) => text.clone(),
            Inline::Runs(spans) => spans.iter().map(Span::text).collect(),
        }
    }
}

impl Span {
    /// The words of this piece.
    pub fn text(&self) -> &str {
        match self {
            Span::Text(text) | Span::Styled { text, .. } => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_string_is_one_unstyled_span() {
        let inline: Inline = serde_json::from_str(r#""نص عادي""#).unwrap();
        assert_eq!(inline.spans(), vec![Span::Text("نص عادي".into())]);
    }

    #[test]
    fn runs_mix_strings_links_and_emphasis() {
        let inline: Inline = serde_json::from_str(
            r#"["اقرأ ", {"text": "التقرير", "href": "https://example.org"}, {"text": " الآن", "emphasis": true}]"#,
        )
        .unwrap();
        assert_eq!(inline.plain_text(), "اقرأ التقرير الآن");
        let Span::Styled { href, emphasis, .. } = &inline.spans()[1] else {
            panic!("the link should be a styled span");
        };
        assert_eq!(href.as_deref(), Some("https://example.org"));
        assert!(!emphasis);
    }

    #[test]
    fn markup_in_text_stays_text() {
        let inline: Inline = serde_json::from_str(r#""<script>alert(1)</script>""#).unwrap();
        assert_eq!(inline.plain_text(), "<script>alert(1)</script>");
    }
}
