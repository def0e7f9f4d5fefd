//! The Wild Rydes sign-up site: a Leptos single-page app compiled to wasm.

mod api;
mod app;
mod components;
mod config;
mod messages;
mod nav;
mod page_files;
mod pages;
mod session;
mod srp;
mod timing;

fn main() {
    leptos::mount::mount_to_body(app::App);
    timing::interactive();
}
