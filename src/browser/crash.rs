//! A panic is not a blank page: the panic hook puts up a screen that says Avow hit a bug, when
//! the work was last saved, and offers the saved workspace and the error text as downloads.
//!
//! A release build stops the wasm at a panic (`-Cpanic=immediate-abort`, see `.ci/release`):
//! no hook runs and no message is made. The trap reaches the page as an uncaught
//! `WebAssembly.RuntimeError`, from an event's handler or a future, and the same screen comes
//! up with the browser's text of it (its stack names the wasm functions by number and offset).
//! Builds with panic messages (tests, `trunk serve`) show the message from the hook.
//!
//! Nothing may call into the app after the trap: the screen is plain DOM made there and then,
//! its buttons are links (two downloads made at once, and a reload), and the workspace is read
//! back from storage, not from the app's state (which the panic may have left half-changed).

use crate::core::formats::avow::write_workspace;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use wasm_bindgen::JsCast;

/// When every change was last in storage (ms since the epoch): the page's load, then each save.
static SAVED_AT: Mutex<f64> = Mutex::new(0.0);
/// The screen is put up once, even if building it panics again.
static SHOWN: AtomicBool = AtomicBool::new(false);

/// Records that every change is in storage now.
pub fn note_saved() {
    if let Ok(mut at) = SAVED_AT.try_lock() {
        *at = js_sys::Date::now();
    }
}

/// Installs the panic hook (the console gets the panic as before) and the page's listeners for
/// a wasm trap, uncaught in an event's handler (`error`) or a future (`unhandledrejection`).
pub fn install() {
    note_saved();
    // A build that aborts at once never runs a hook.
    #[cfg(not(panic = "immediate-abort"))]
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        // The console gets the message with the JavaScript stack (an Error logged shows it).
        web_sys::console::error_1(&js_sys::Error::new(&message).into());
        crashed_with(&message);
    }));
    let Some(window) = web_sys::window() else {
        return;
    };
    for (event, field) in [("error", "error"), ("unhandledrejection", "reason")] {
        gloo::events::EventListener::new(&window, event, move |event| {
            let thrown = js_sys::Reflect::get(event, &field.into()).unwrap_or_default();
            let text = |key: &str| {
                js_sys::Reflect::get(&thrown, &key.into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            // Only the wasm's own trap: another script's error is not Avow's crash.
            if text("name") == "RuntimeError" {
                // Chromium's stack starts with the error's text, Firefox's does not.
                let (head, stack) = (format!("RuntimeError: {}", text("message")), text("stack"));
                crashed_with(&if stack.starts_with(&head) {
                    stack
                } else {
                    format!("{head}\n{stack}")
                });
            }
        })
        .forget();
    }
}

/// Puts up the screen, once (a second panic or trap, or the trap after a panic's hook, adds none).
fn crashed_with(error: &str) {
    if !SHOWN.swap(true, Ordering::SeqCst) {
        show(error);
    }
}

/// Whether the crash screen is up: the app stops taking work (a read still under way must not
/// redraw it or take the keyboard).
pub fn crashed() -> bool {
    SHOWN.load(Ordering::SeqCst)
}

/// The query that makes the app panic once it is drawn, so that tests can see this screen.
pub const TEST_QUERY: &str = "avow-crash-test";

/// Panics a moment after start when the page's address asks for it (`?avow-crash-test`).
pub fn panic_if_asked() {
    let asked = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.contains(TEST_QUERY));
    if asked {
        gloo::timers::callback::Timeout::new(300, || panic!("a test asked Avow to panic")).forget();
    }
}

// Called from the hook and two listeners: made once, not inlined into each.
#[inline(never)]
fn show(error: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let saved_at = SAVED_AT.try_lock().map(|at| *at).unwrap_or(0.0);
    let when = js_sys::Date::new(&saved_at.into());
    let when: String = when.to_locale_time_string("default").into();
    let today: String = js_sys::Date::new_0().to_iso_string().into();
    let day = today.get(..10).unwrap_or("today");
    let report = format!(
        "Avow hit a bug.\nWork saved up to: {when}\nPage: {}\nBrowser: {}\n\n{error}\n",
        web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default(),
        web_sys::window()
            .and_then(|w| w.navigator().user_agent().ok())
            .unwrap_or_default(),
    );
    let Ok(screen) = document.create_element("div") else {
        return;
    };
    screen.set_class_name("crash");
    let _ = screen.set_attribute("role", "alertdialog");
    let _ = screen.set_attribute("aria-modal", "true");
    let _ = screen.set_attribute("aria-labelledby", "crash-title");
    let _ = screen.set_attribute("data-testid", "crash");
    let add = |parent: &web_sys::Element, tag: &str, text: &str| {
        let element = document.create_element(tag).ok()?;
        element.set_text_content(Some(text));
        parent.append_child(&element).ok()?;
        Some(element)
    };
    let Some(card) = add(&screen, "div", "") else {
        return;
    };
    card.set_class_name("crash-card");
    if let Some(title) = add(&card, "h2", "Avow hit a bug") {
        title.set_id("crash-title");
    }
    add(
        &card,
        "p",
        &format!(
            "Your work is saved up to {when}; a change made after that may be lost. Download your workspace and the error, then reload the page: it opens on what was saved."
        ),
    );
    let link = |text: &str, testid: &str| {
        let anchor = add(&card, "a", text)?;
        anchor.set_class_name("button-like");
        let _ = anchor.set_attribute("data-testid", testid);
        Some(anchor.unchecked_into::<web_sys::HtmlAnchorElement>())
    };
    let blob_url = |content: &str, mime: &str| {
        let blob = gloo::file::Blob::new_with_options(content, Some(mime));
        // Kept for the page's life: the download may be clicked at any time.
        web_sys::Url::create_object_url_with_blob(&blob.into()).ok()
    };
    if let Some(a) = link("Download your workspace", "crash-download-workspace") {
        a.set_download(&format!("avow-workspace_recovered_{day}.json"));
        let _ = a.set_attribute("aria-busy", "true");
        // The workspace as storage holds it, read afresh (the app's state may be half
        // changed). Only the database and the files code run: nothing of the app's state.
        wasm_bindgen_futures::spawn_local(async move {
            let records = match crate::browser::idb::Db::open().await {
                Ok(db) => db
                    .get_prefix(crate::core::storage::keys::PREFIX_V1)
                    .await
                    .unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            let loaded = crate::core::storage::legacy::load(&records, saved_at as i64);
            let entries: Vec<_> = loaded.docs.into_iter().map(|(entry, _)| entry).collect();
            let workspace = write_workspace(&loaded.annotator, &entries);
            let blob =
                gloo::file::Blob::new_with_options(workspace.as_str(), Some("application/json"));
            if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob.into()) {
                a.set_href(&url);
                let _ = a.remove_attribute("aria-busy");
                // A link is focusable once it has an address: the keyboard goes to it.
                let _ = a.focus();
                a.set_title(&format!(
                    "{} document{} saved",
                    entries.len(),
                    if entries.len() == 1 { "" } else { "s" }
                ));
            }
        });
    }
    if let (Some(a), Some(url)) = (
        link("Download the error", "crash-download-error"),
        blob_url(&report, "text/plain"),
    ) {
        a.set_href(&url);
        a.set_download(&format!("avow-error_{day}.txt"));
    }
    if let Some(a) = link("Reload", "crash-reload") {
        // A link to the page itself (without the test query): no script runs on the click.
        let href = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_else(|| "./".into());
        a.set_href(&href);
    }
    add(&card, "pre", error);
    if let Some(body) = document.body() {
        let _ = body.append_child(&screen);
    }
    // The keyboard goes to the screen, away from the page under it.
    if let Some(first) = card.query_selector("a").ok().flatten() {
        let _ = first.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}
