use std::fmt;

/// Something wrong with a content file, named by file and field so an author can fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file, relative to the project (`content/articles/x.json`).
    pub file: String,
    /// The field, as a path (`body[3].image.alt`), or empty for the whole file.
    pub field: String,
    /// What is wrong, and how to fix it.
    pub message: String,
}

impl Problem {
    /// A problem in `file` at `field`.
    pub fn new(
        file: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.field, self.message)
        }
    }
}
