//! Component tests in headless Chromium (wasm-bindgen-test): mount a component into a fresh
//! element and check what it renders.
#![cfg(target_arch = "wasm32")]

use avow::core::schema::Label;
use avow::ui::palette::Palette;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a view into a new element appended to the body and returns that element.
fn mount<F, V>(view: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), view);
    handle.forget();
    host
}

#[wasm_bindgen_test]
fn palette_renders_every_label_with_its_hotkey() {
    let host = mount(|| view! { <Palette /> });
    for label in Label::ALL {
        let selector = format!("[data-testid=label-{}]", label.name());
        let button = host
            .query_selector(&selector)
            .unwrap()
            .expect("label button");
        let text = button.text_content().unwrap();
        assert!(text.contains(label.name()), "{text}");
        let key = button
            .query_selector("kbd")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap();
        assert_eq!(key, label.key().to_string());
    }
}
