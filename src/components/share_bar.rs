use crate::browser::share::share_links;
use crate::leptos_ext::effect::effect;
use leptos::{either::Either, prelude::*};
use wasm_bindgen::{JsCast, JsValue};

/// Sharing an article: the system share sheet where the browser has one, otherwise copying the
/// link (with an Arabic confirmation), plus plain links to the networks' share pages.
#[component]
pub fn ShareBar(url: String, title: String) -> impl IntoView {
    // Whether navigator.share exists is only known in the browser, after mounting.
    let (can_share, set_can_share) = signal(false);
    effect(move || set_can_share.set(navigator_function("share").is_some()));
    let (status, set_status) = signal(String::new());

    let share = {
        let (url, title) = (url.clone(), title.clone());
        move |_| {
            let data = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&data, &"url".into(), &url.as_str().into());
            let _ = js_sys::Reflect::set(&data, &"title".into(), &title.as_str().into());
            if let Some((navigator, share)) = navigator_function("share") {
                // A cancelled share sheet rejects; there is nothing to tell the reader then.
                if let Ok(promise) = share.call1(&navigator, &data) {
                    let promise: js_sys::Promise = promise.unchecked_into();
                    leptos::task::spawn_local(async move {
                        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                    });
                }
            }
        }
    };
    let copy = {
        let url = url.clone();
        move |_| {
            let url = url.clone();
            leptos::task::spawn_local(async move {
                let copied = copy_text(&url).await;
                set_status.set(if copied {
                    "تم نسخ الرابط".to_owned()
                } else {
                    format!("تعذر النسخ، انسخ الرابط يدويًا: {url}")
                });
            });
        }
    };

    let links = share_links(&url, &title)
        .into_iter()
        .map(|link| {
            view! {
                <li>
                    <a class=format!("share__link share__link--{}", link.id) href=link.href rel="noopener noreferrer" target="_blank">
                        {link.name}
                    </a>
                </li>
            }
        })
        .collect_view();

    view! {
        <section class="share" aria-labelledby="share-heading">
            <h2 id="share-heading" class="share__heading">"شارك المقال"</h2>
            <div class="share__actions">
                {move || if can_share.get() {
                    Either::Left(view! { <button type="button" class="button button--quiet" on:click=share.clone()>"مشاركة"</button> })
                } else {
                    Either::Right(view! { <button type="button" class="button button--quiet" on:click=copy.clone()>"نسخ الرابط"</button> })
                }}
                <p class="share__status" role="status">{move || status.get()}</p>
            </div>
            <ul class="share__links">{links}</ul>
        </section>
    }
}

/// `navigator[name]` when it is a function, with `navigator` to call it on.
fn navigator_function(name: &str) -> Option<(JsValue, js_sys::Function)> {
    let navigator: JsValue = web_sys::window()?.navigator().into();
    let function = js_sys::Reflect::get(&navigator, &name.into()).ok()?;
    function
        .dyn_into::<js_sys::Function>()
        .ok()
        .map(|f| (navigator, f))
}

/// Copies `text` with the asynchronous Clipboard API; `false` when it is missing or refused.
async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator: JsValue = window.navigator().into();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(write) = write else { return false };
    match write.call1(&clipboard, &text.into()) {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
            .await
            .is_ok(),
        Err(_) => false,
    }
}
