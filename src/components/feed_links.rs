use crate::config::Config;
use khabar_model::{section_feed, SITE_FEED};
use leptos::prelude::*;
use leptos_meta::Link;

/// `<link rel="alternate" type="application/atom+xml">` to the site's feed and, on a section's
/// or an article's page, its section's: how feed readers find a page's feed.
#[component]
pub fn FeedLinks(
    /// The section's slug and name, on a section's or an article's page.
    #[prop(optional)]
    section: Option<(String, String)>,
) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let site_feed = config.absolute(&format!("/{SITE_FEED}"));
    let section_link = section.map(|(slug, name)| {
        let href = config.absolute(&format!("/{}", section_feed(&slug)));
        let title = format!("{name} — {}", config.site_name);
        view! { <Link rel="alternate" type_="application/atom+xml" title=title href=href /> }
    });
    view! {
        <Link rel="alternate" type_="application/atom+xml" title=config.site_name.clone() href=site_feed />
        {section_link}
    }
}
