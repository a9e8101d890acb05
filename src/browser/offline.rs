//! Offline use: registers the service worker (public/sw.js, put at the site's root by the
//! build) and tells when a new version of Avow is installed and waiting. The page never
//! reloads by itself: [`activate_update`] hands over to the new version when the user asks.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// The page's service worker container, where the browser has one (not on `file:` pages).
fn container() -> Option<ServiceWorkerContainer> {
    let window = web_sys::window()?;
    let navigator = window.navigator();
    // Service workers need a secure context (https or localhost).
    if !window.is_secure_context()
        || !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false)
    {
        return None;
    }
    Some(navigator.service_worker())
}

/// Registers the service worker; `on_update` runs once a new version is installed and waits
/// (only when an older one controls this page: the very first install is no update).
pub fn register(on_update: impl Fn() + Clone + 'static) {
    let Some(container) = container() else {
        return;
    };
    let promise = container.register("sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        // Asked each time: the first worker takes control of the page after it loaded.
        let controlled = move || container.controller().is_some();
        if controlled() && registration.waiting().is_some() {
            on_update();
        }
        let watched = registration.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = watched.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_update = on_update.clone();
            let controlled = controlled.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed && controlled() {
                    on_update();
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
    });
}

/// Hands over to the waiting version and reloads the page once it controls it (the user
/// asked for this: the "Reload" of the new-version notice).
pub fn activate_update() {
    let Some(container) = container() else {
        return;
    };
    let on_change = Closure::once_into_js(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_change.unchecked_ref()));
    let ready = container.get_registration();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else {
            return;
        };
        let Some(registration) = registration.dyn_into::<ServiceWorkerRegistration>().ok() else {
            return;
        };
        match registration.waiting() {
            Some(waiting) => {
                let _ = waiting.post_message(&"skip-waiting".into());
            }
            None => {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            }
        }
    });
}
