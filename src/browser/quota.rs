//! What the browser says about this site's storage (`navigator.storage`): whether it is
//! persistent (kept when space runs short), and asking for that.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &"storage".into())
        .unwrap_or(false)
        .then(|| navigator.storage())
}

/// Whether the browser keeps this site's storage even when space runs short.
pub async fn persisted() -> Option<bool> {
    let answer = JsFuture::from(manager()?.persisted().ok()?).await.ok()?;
    answer.as_bool()
}

/// Asks the browser to keep this site's storage (it may ask the user, or decide by itself).
pub async fn persist() -> Option<bool> {
    let answer = JsFuture::from(manager()?.persist().ok()?).await.ok()?;
    answer
        .dyn_into::<js_sys::Boolean>()
        .ok()
        .map(|b| b.value_of())
}

/// How much this site stores and how much the browser allows it, in bytes.
pub async fn estimate() -> Option<(f64, f64)> {
    let answer = JsFuture::from(manager()?.estimate().ok()?).await.ok()?;
    let estimate: web_sys::StorageEstimate = answer.unchecked_into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}
