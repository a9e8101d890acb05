//! Avow's binary: mounts the app, nothing else.

fn main() {
    avow::browser::crash::install();
    leptos::mount::mount_to_body(avow::App);
    avow::browser::crash::panic_if_asked();
}
