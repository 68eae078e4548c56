//! Building blocks shared by the pages.

pub mod article_card;
pub mod body_block;
pub mod error_message;
pub mod figure;
pub mod latest_list;
pub mod listing_view;
pub mod related_list;
pub mod rich_text;
pub mod scroll_to_top;
pub mod time_stamp;
