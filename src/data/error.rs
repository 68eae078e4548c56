//! What can go wrong between the API and the page, as values.

use thiserror::Error;

/// A failed request for content. Every variant has an Arabic explanation for the reader
/// ([`ApiError::reader_message`]); the English `Display` goes to the console.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ApiError {
    /// The file does not exist (HTTP 404 or 410), or the address cannot name an article.
    #[error("not found")]
    NotFound,
    /// The server answered with an error status.
    #[error("server answered HTTP {0}")]
    Http(u16),
    /// No answer at all: offline, DNS, connection refused, CORS.
    #[error("network error: {0}")]
    Network(String),
    /// No answer within [`crate::data::api::TIMEOUT_MS`].
    #[error("no answer within the time limit")]
    Timeout,
    /// The request was cancelled because the reader moved on.
    #[error("request aborted")]
    Aborted,
    /// The file arrived but is not JSON of the expected shape.
    #[error("malformed content: {0}")]
    Malformed(String),
}

/// What the reader was waiting for, so an error names it: one article, a list of articles (home,
/// a section), or the site itself (its sections, from `site.json`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Subject {
    /// An article page.
    #[default]
    Article,
    /// A page of articles: the home page or a section.
    Listing,
    /// The site's own description: its name and sections.
    Site,
}

impl ApiError {
    /// A heading and an explanation a reader understands, in words that fit what was loading.
    pub fn reader_message(&self, subject: Subject) -> (&'static str, &'static str) {
        use Subject::{Article, Listing, Site};
        match (self, subject) {
            (ApiError::NotFound, Article) => (
                "الصفحة غير موجودة",
                "لم نعثر على هذا المقال. ربما نُقل أو حُذف، أو أن الرابط غير صحيح.",
            ),
            (ApiError::NotFound, Listing) => (
                "الصفحة غير موجودة",
                "لم نعثر على هذه القائمة من المقالات. ربما نُقلت، أو أن الرابط غير صحيح.",
            ),
            (ApiError::NotFound, Site) => (
                "تعذر تحميل الموقع",
                "لم نعثر على بيانات الموقع وأقسامه. حاول مرة أخرى بعد قليل.",
            ),
            (ApiError::Http(_), Article) => (
                "تعذر تحميل المقال",
                "واجه الخادم مشكلة مؤقتة. حاول مرة أخرى بعد قليل.",
            ),
            (ApiError::Http(_), Listing) => (
                "تعذر تحميل المقالات",
                "واجه الخادم مشكلة مؤقتة. حاول مرة أخرى بعد قليل.",
            ),
            (ApiError::Http(_), Site) => (
                "تعذر تحميل الموقع",
                "واجه الخادم مشكلة مؤقتة. حاول مرة أخرى بعد قليل.",
            ),
            (ApiError::Network(_) | ApiError::Aborted, _) => (
                "تعذر الاتصال",
                "يبدو أن الاتصال بالإنترنت مقطوع أو ضعيف. تحقق من اتصالك ثم حاول مرة أخرى.",
            ),
            (ApiError::Timeout, Article) => (
                "استغرق التحميل وقتًا طويلًا",
                "لم يصل المقال في الوقت المتوقع، وقد يكون الاتصال بطيئًا. حاول مرة أخرى.",
            ),
            (ApiError::Timeout, Listing) => (
                "استغرق التحميل وقتًا طويلًا",
                "لم تصل قائمة المقالات في الوقت المتوقع، وقد يكون الاتصال بطيئًا. حاول مرة أخرى.",
            ),
            (ApiError::Timeout, Site) => (
                "استغرق التحميل وقتًا طويلًا",
                "لم تصل بيانات الموقع في الوقت المتوقع، وقد يكون الاتصال بطيئًا. حاول مرة أخرى.",
            ),
            (ApiError::Malformed(_), Article) => (
                "تعذر عرض هذا المقال",
                "وصل المقال بصيغة غير صالحة. أبلغنا فريق التحرير، ويمكنك قراءة مقالات أخرى.",
            ),
            (ApiError::Malformed(_), Listing) => (
                "تعذر عرض قائمة المقالات",
                "وصلت قائمة المقالات بصيغة غير صالحة. أبلغنا فريق التحرير، ويمكنك تصفح الأقسام الأخرى.",
            ),
            (ApiError::Malformed(_), Site) => (
                "تعذر عرض الموقع",
                "وصلت بيانات الموقع بصيغة غير صالحة. أبلغنا فريق التحرير، فحاول مرة أخرى لاحقًا.",
            ),
        }
    }

    /// Whether trying again could help.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Http(_) | ApiError::Network(_) | ApiError::Timeout | ApiError::Aborted
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_content_is_not_offered_a_retry_but_outages_are() {
        assert!(!ApiError::Malformed("x".into()).is_retryable());
        assert!(!ApiError::NotFound.is_retryable());
        assert!(ApiError::Http(503).is_retryable());
        assert!(ApiError::Timeout.is_retryable());
    }

    #[test]
    fn malformed_content_says_it_cannot_be_shown() {
        assert_eq!(
            ApiError::Malformed("x".into())
                .reader_message(Subject::Article)
                .0,
            "تعذر عرض هذا المقال"
        );
    }

    fn every_error() -> Vec<ApiError> {
        vec![
            ApiError::NotFound,
            ApiError::Http(503),
            ApiError::Network("offline".into()),
            ApiError::Timeout,
            ApiError::Aborted,
            ApiError::Malformed("x".into()),
        ]
    }

    /// The words of a message, without punctuation.
    fn words(subject: Subject, error: &ApiError) -> Vec<String> {
        let (title, detail) = error.reader_message(subject);
        format!("{title} {detail}")
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Guards against the home page or a section blaming "المقال" (one article) when a page of
    /// articles failed, and against the site's own data being called an article.
    #[test]
    fn each_page_names_what_failed_to_load() {
        for error in every_error() {
            let listing = words(Subject::Listing, &error);
            assert!(
                !listing.iter().any(|w| w == "المقال"),
                "{error:?}: {listing:?}"
            );
            let site = words(Subject::Site, &error);
            assert!(
                !site.iter().any(|w| w.starts_with("المقال")),
                "{error:?}: {site:?}"
            );
            let article = words(Subject::Article, &error);
            assert!(
                !article.iter().any(|w| w == "المقالات"),
                "{error:?}: {article:?}"
            );
        }
        // Where the failure is about the content, each page says what it was missing.
        for error in [
            ApiError::Http(500),
            ApiError::Timeout,
            ApiError::Malformed("x".into()),
        ] {
            assert!(words(Subject::Article, &error)
                .iter()
                .any(|w| w == "المقال"));
            assert!(words(Subject::Listing, &error)
                .iter()
                .any(|w| w == "المقالات"));
            assert!(words(Subject::Site, &error).iter().any(|w| w == "الموقع"));
        }
    }
}
