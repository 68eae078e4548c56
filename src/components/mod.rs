//! Building blocks shared by the pages.

pub mod article_card;
pub mod body_block;
pub mod error_message;
pub mod figure;
pub mod latest_list;
pub mod listing_view;
pub mod offline_notice;
pub mod reader_controls;
pub mod reading_progress;
pub mod related_list;
pub mod rich_text;
pub mod save_button;
pub mod scroll_to_top;
pub mod search_form;
pub mod share_bar;
pub mod site_header;
pub mod time_stamp;
pub mod update_prompt;
