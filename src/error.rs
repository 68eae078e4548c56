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
    /// No answer within [`crate::api::TIMEOUT_MS`].
    #[error("no answer within the time limit")]
    Timeout,
    /// The request was cancelled because the reader moved on.
    #[error("request aborted")]
    Aborted,
    /// The file arrived but is not JSON of the expected shape.
    #[error("malformed content: {0}")]
    Malformed(String),
}

impl ApiError {
    /// A heading and an explanation a reader understands.
    pub fn reader_message(&self) -> (&'static str, &'static str) {
        match self {
            ApiError::NotFound => (
                "الصفحة غير موجودة",
                "لم نعثر على هذا المقال. ربما نُقل أو حُذف، أو أن الرابط غير صحيح.",
            ),
            ApiError::Http(_) => (
                "تعذر تحميل المقال",
                "واجه الخادم مشكلة مؤقتة. حاول مرة أخرى بعد قليل.",
            ),
            ApiError::Network(_) | ApiError::Aborted => (
                "تعذر الاتصال",
                "يبدو أن الاتصال بالإنترنت مقطوع أو ضعيف. تحقق من اتصالك ثم حاول مرة أخرى.",
            ),
            ApiError::Timeout => (
                "استغرق التحميل وقتًا طويلًا",
                "لم يصل المقال في الوقت المتوقع، وقد يكون الاتصال بطيئًا. حاول مرة أخرى.",
            ),
            ApiError::Malformed(_) => (
                "تعذر عرض هذا المقال",
                "وصل المقال بصيغة غير صالحة. أبلغنا فريق التحرير، ويمكنك قراءة مقالات أخرى.",
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
            ApiError::Malformed("x".into()).reader_message().0,
            "تعذر عرض هذا المقال"
        );
    }
}
