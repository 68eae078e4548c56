//! One file per page.

pub mod article;
pub mod collection;
pub mod home;
pub mod lazy;
pub mod not_found;
pub mod saved;
pub mod search;
pub mod section;
