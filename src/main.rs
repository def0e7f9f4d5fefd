//! The Wild Rydes sign-up site: a Leptos single-page app compiled to wasm.

mod api;
mod app;
mod auth;
mod clock;
mod components;
mod config;
mod messages;
mod notice;
mod pages;
mod qr;
mod query;
mod route;
mod session;
mod site;
mod srp;
mod timing;
mod validate;

/// talc, not Rust's default dlmalloc: smaller and faster in wasm.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    leptos::mount::mount_to_body(app::App);
    timing::interactive();
}
