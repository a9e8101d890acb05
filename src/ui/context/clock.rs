//! Time and the page's schedule, as the contexts use them: now, the next animation frame, after
//! the redraws already scheduled, after a delay. In the browser these are `Date.now`,
//! `requestAnimationFrame` and timeouts; in native tests they are a clock and a queue the test
//! runs ([`run_scheduled`]), so every context can be tested without a page.

/// Milliseconds since the epoch, now.
pub fn now() -> i64 {
    imp::now()
}

/// A number in `0..65536`, for new ids.
pub fn random16() -> u32 {
    imp::random16()
}

/// Runs `f` in the next animation frame (before the browser paints it).
pub fn next_frame(f: impl FnOnce() + 'static) {
    imp::next_frame(Box::new(f));
}

/// Runs `f` once the redraws already scheduled have happened (Leptos runs them in microtasks;
/// a zero timeout comes after those), e.g. to select or scroll to freshly drawn text.
pub fn after_render(f: impl FnOnce() + 'static) {
    imp::after(0, Box::new(f));
}

/// Runs `f` after `ms` milliseconds.
pub fn after_ms(ms: u32, f: impl FnOnce() + 'static) {
    imp::after(ms, Box::new(f));
}

#[cfg(target_arch = "wasm32")]
mod imp {
    pub fn now() -> i64 {
        js_sys::Date::now() as i64
    }

    pub fn random16() -> u32 {
        (js_sys::Math::random() * 65536.0) as u32
    }

    pub fn next_frame(f: Box<dyn FnOnce()>) {
        leptos::prelude::request_animation_frame(f);
    }

    pub fn after(ms: u32, f: Box<dyn FnOnce()>) {
        gloo::timers::callback::Timeout::new(ms, f).forget();
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use std::cell::{Cell, RefCell};

    /// Something to run, when due (its time and the order it was asked in).
    type Task = (i64, u64, Box<dyn FnOnce()>);

    thread_local! {
        static NOW: Cell<i64> = const { Cell::new(1_700_000_000_000) };
        static NEXT: Cell<u32> = const { Cell::new(0) };
        /// What waits to run, in the order it is due: (due time, order asked, what).
        static QUEUE: RefCell<Vec<Task>> = const { RefCell::new(Vec::new()) };
        static ASKED: Cell<u64> = const { Cell::new(0) };
    }

    pub fn now() -> i64 {
        NOW.get()
    }

    pub fn random16() -> u32 {
        NEXT.set(NEXT.get().wrapping_add(1));
        NEXT.get() & 0xffff
    }

    /// A frame is 16 ms away.
    pub fn next_frame(f: Box<dyn FnOnce()>) {
        after(16, f);
    }

    pub fn after(ms: u32, f: Box<dyn FnOnce()>) {
        let order = ASKED.get();
        ASKED.set(order + 1);
        QUEUE.with_borrow_mut(|q| q.push((NOW.get() + i64::from(ms), order, f)));
    }

    /// Runs what is due in order, the clock moving to each one's time, until nothing waits
    /// (what runs may schedule more). Gives how many ran.
    pub fn run_scheduled() -> usize {
        let mut ran = 0;
        loop {
            let next = QUEUE.with_borrow_mut(|q| {
                let at = (0..q.len()).min_by_key(|&i| (q[i].0, q[i].1))?;
                Some(q.remove(at))
            });
            let Some((due, _, f)) = next else {
                return ran;
            };
            NOW.set(NOW.get().max(due));
            f();
            ran += 1;
        }
    }
}

/// In native tests: runs everything scheduled (frames, timeouts), in order, until nothing
/// waits; gives how many ran.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_scheduled() -> usize {
    imp::run_scheduled()
}
