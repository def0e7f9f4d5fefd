//! The Wild Rydes sign-up site: a Leptos single-page app compiled to wasm.

mod app;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
