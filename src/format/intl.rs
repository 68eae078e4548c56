//! The browser's `Intl`: Arabic month names, the site's digits and calendar, plural categories.
//!
//! Outside a browser (native tests, a future static render) these fall back to plain forms, so
//! components that call them still render.

use super::plural::PluralCategory;
use crate::data::config::Config;

/// The plural category of `n` in Arabic (`Intl.PluralRules('ar')`).
pub fn plural_category(n: f64) -> PluralCategory {
    #[cfg(target_arch = "wasm32")]
    {
        let locales = js_sys::Array::of1(&"ar".into());
        let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
        PluralCategory::from_keyword(&String::from(rules.select(n)))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        fallback_plural(n)
    }
}

/// `n` written with the site's digits (`Intl.NumberFormat`).
pub fn number(config: &Config, n: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::Number::from(n).to_locale_string(&config.locale()))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = config;
        n.to_string()
    }
}

/// A date and time in Arabic, in the reader's time zone: "15 مارس 2023 في 9:00 م".
pub fn date_time(config: &Config, epoch_ms: i64) -> String {
    format_date(config, epoch_ms, true)
}

/// A date alone, for cards: "15 مارس 2023".
pub fn date(config: &Config, epoch_ms: i64) -> String {
    format_date(config, epoch_ms, false)
}

fn format_date(config: &Config, epoch_ms: i64, with_time: bool) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms as f64));
        date_format(config, with_time)
            .format()
            .call1(&wasm_bindgen::JsValue::NULL, &date)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (config, with_time);
        format!("{epoch_ms}")
    }
}

/// One `Intl.DateTimeFormat` per locale and style, made on first use: making one loads the
/// locale's data, which costs more than formatting every date of a page with it.
#[cfg(target_arch = "wasm32")]
fn date_format(config: &Config, with_time: bool) -> js_sys::Intl::DateTimeFormat {
    type Formats = Vec<(String, bool, js_sys::Intl::DateTimeFormat)>;
    thread_local! {
        static FORMATS: std::cell::RefCell<Formats> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let locale = config.locale();
    FORMATS.with_borrow_mut(|formats| {
        if let Some((_, _, format)) = formats
            .iter()
            .find(|(l, t, _)| *l == locale && *t == with_time)
        {
            return format.clone();
        }
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
        if with_time {
            let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
        }
        let locales = js_sys::Array::of1(&locale.as_str().into());
        let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
        formats.push((locale, with_time, format.clone()));
        format
    })
}

/// Loads ICU's data for `config`'s locale on another thread (`public/warm-intl.js`, a worker): a
/// page's first `Intl` object loads the locale, calendar and time zone data, tens of milliseconds on
/// a phone, and ICU keeps them for the whole browser process. [`ready`] waits for it.
pub fn warm_up(config: &Config) {
    #[cfg(target_arch = "wasm32")]
    {
        let locale = String::from(js_sys::encode_uri_component(&config.locale()));
        let url = format!("{}?locale={locale}", config.href("/warm-intl.js"));
        // Settled when the worker says it is done, fails (no file, no workers), or takes too long:
        // the promise's own `resolve` is every one of those handlers (a promise settles once).
        let done = js_sys::Promise::new(&mut |resolve, _| {
            let Ok(worker) = web_sys::Worker::new(&url) else {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
                return;
            };
            worker.set_onmessage(Some(&resolve));
            worker.set_onerror(Some(&resolve));
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    &resolve,
                    WARM_UP_TIMEOUT_MS,
                );
            }
        });
        WARM.with(|warm| *warm.borrow_mut() = Some(done));
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = config;
    }
}

/// How long a date waits for [`warm_up`] before it loads the data itself.
#[cfg(target_arch = "wasm32")]
const WARM_UP_TIMEOUT_MS: i32 = 2_000;

#[cfg(target_arch = "wasm32")]
thread_local! {
    static WARM: std::cell::RefCell<Option<js_sys::Promise>> = const { std::cell::RefCell::new(None) };
}

/// Resolves once [`warm_up`]'s worker has loaded ICU's data (or failed, or took too long); at once
/// if it was never started. Writing a date after it keeps ICU's loading off the main thread.
pub async fn ready() {
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(done) = WARM.with(|warm| warm.borrow().clone()) {
            let _ = wasm_bindgen_futures::JsFuture::from(done).await;
        }
    }
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64)
    }
}

/// CLDR's Arabic rule, for when there is no browser to ask (fractions take `other`).
#[cfg(not(target_arch = "wasm32"))]
fn fallback_plural(n: f64) -> PluralCategory {
    if n.fract() != 0.0 || n < 0.0 {
        return PluralCategory::Other;
    }
    super::fixed::plural_category(n as u64)
}
