//! The Web Locks API, as Avow uses it: each open tab holds a lock named for it for its whole
//! life (the browser lets it go when the tab closes, crashes or is killed), so a journal or a
//! session marker whose tab holds no lock was left by a tab that is gone; and a starting tab
//! takes back what gone tabs left while holding one shared lock, so two tabs starting at once
//! (a restored session) do not both take it.
//!
//! web-sys has these bindings only behind its unstable flag; the two calls Avow makes are
//! bound here.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["navigator", "locks"], js_name = request, catch)]
    fn request_lock(name: &str, callback: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["navigator", "locks"], js_name = query, catch)]
    fn query_locks() -> Result<Promise, JsValue>;
}

/// A promise and the function that resolves it.
fn promise_and_resolve() -> (Promise, Function) {
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _| resolve = Some(res));
    (
        promise,
        resolve.unwrap_or_else(|| Function::new_no_args("")),
    )
}

/// A lock asked for: held once [`Lock::granted`] is done, until [`Lock::release`] (a lock never
/// released is held until the page ends).
pub struct Lock {
    granted: Option<JsFuture>,
    release: Function,
}

impl Lock {
    /// Asks for the lock `name` now (another tab holding it, it is granted when that tab lets
    /// it go). Where the browser has no Web Locks, it is granted at once, holding nothing.
    pub fn request(name: &str) -> Self {
        let (granted, grant) = promise_and_resolve();
        let (released, release) = promise_and_resolve();
        let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            let _ = grant.call0(&JsValue::NULL);
            released.into()
        });
        let granted = request_lock(name, &callback)
            .ok()
            .map(|_| JsFuture::from(granted));
        Self { granted, release }
    }

    /// Done once the lock is held; false where the browser has no Web Locks.
    pub async fn granted(&mut self) -> bool {
        match self.granted.take() {
            Some(granted) => granted.await.is_ok(),
            None => false,
        }
    }

    /// Lets the lock go.
    pub fn release(self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}

/// The names of the locks held or asked for now by any tab of this site; `None` where the
/// browser has no Web Locks.
pub async fn held() -> Option<Vec<String>> {
    let snapshot = JsFuture::from(query_locks().ok()?).await.ok()?;
    let mut names = Vec::new();
    for list in ["held", "pending"] {
        let locks: Array = js_sys::Reflect::get(&snapshot, &list.into())
            .ok()?
            .dyn_into()
            .ok()?;
        names.extend(locks.iter().filter_map(|lock| {
            js_sys::Reflect::get(&lock, &"name".into())
                .ok()?
                .as_string()
        }));
    }
    Some(names)
}
