//! What a save costs the main thread, as User Timing measures that `.ci/bench` reads:
//! `avow-save-plan` (building the records), `avow-save-put` (handing them to IndexedDB),
//! `avow-save-commit` (the bookkeeping once committed).

/// Milliseconds on the page's clock.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Records a measure named `name` from `start` until now (`performance.measure(name,
/// {start, end})`, which web-sys does not bind).
pub fn measure(name: &str, start: f64) {
    use wasm_bindgen::JsCast;
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&options, &"end".into(), &performance.now().into());
    let measure = js_sys::Reflect::get(&performance, &"measure".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(measure) = measure {
        let _ = measure.call2(&performance, &name.into(), &options);
    }
}
