//! The developer's side door: `/_local/`, a page listing users (with a
//! button to confirm an unconfirmed one, as the AWS console allows) and the
//! messages that would have been emailed; `/_local/messages` as JSON; and,
//! for tests that opt in, `/_local/clock` to move time forward.

use std::fmt::Write as _;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use cognito_idp::types::AdminUserRequest;
use serde::Deserialize;
use serde_json::json;

use crate::App;

const CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub async fn home_redirect() -> Redirect {
    Redirect::to("/_local/")
}

pub async fn page(State(app): State<Arc<App>>) -> Response {
    let db = app.store();
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>local-cognito</title>\
         <link rel=\"stylesheet\" href=\"/_local/console.css\"></head><body><h1>local-cognito</h1>",
    );
    let pools = db.pools().unwrap_or_default();
    for pool in &pools {
        let users = db.users(&pool.id).unwrap_or_default();
        let _ = write!(
            html,
            "<h2>Pool {} <small>{}</small></h2><table><thead><tr><th>Username</th><th>Email</th>\
             <th>Status</th><th>Email verified</th><th></th></tr></thead><tbody>",
            escape(&pool.settings.pool_name),
            escape(&pool.id)
        );
        if users.is_empty() {
            html.push_str("<tr><td colspan=\"5\">No users yet.</td></tr>");
        }
        for user in users {
            let confirm = if user.status == "UNCONFIRMED" {
                format!(
                    "<form method=\"post\" action=\"/_local/confirm\"><input type=\"hidden\" name=\"pool_id\" value=\"{}\">\
                     <input type=\"hidden\" name=\"username\" value=\"{}\"><button>Confirm user</button></form>",
                    escape(&pool.id),
                    escape(&user.username)
                )
            } else {
                String::new()
            };
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{confirm}</td></tr>",
                escape(&user.username),
                escape(user.email().unwrap_or("")),
                escape(&user.status),
                escape(
                    user.attributes
                        .get("email_verified")
                        .map_or("", String::as_str)
                ),
            );
        }
        html.push_str("</tbody></table>");
    }
    html.push_str("<h2>Messages <small>newest first</small></h2>");
    let messages = db.messages(None).unwrap_or_default();
    if messages.is_empty() {
        html.push_str("<p>No messages yet.</p>");
    }
    for message in messages.iter().rev() {
        let _ = write!(
            html,
            "<article><p><strong>To {}</strong>: {}</p><p>{}</p></article>",
            escape(&message.to),
            escape(&message.subject),
            escape(&message.body)
        );
    }
    html.push_str("</body></html>");
    (
        [
            ("content-type", "text/html; charset=utf-8"),
            ("content-security-policy", CSP),
        ],
        html,
    )
        .into_response()
}

pub async fn stylesheet() -> Response {
    let css = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1d1d28}\
               table{border-collapse:collapse;margin-bottom:2rem}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}\
               small{color:#666;font-weight:normal}article{border-left:3px solid #c8307a;padding-left:.8rem;margin:.8rem 0}\
               form{margin:0}";
    ([("content-type", "text/css")], css).into_response()
}

#[derive(Deserialize)]
pub struct MessagesQuery {
    to: Option<String>,
}

pub async fn messages(State(app): State<Arc<App>>, Query(query): Query<MessagesQuery>) -> Response {
    match app.store().messages(query.to.as_deref()) {
        Ok(messages) => Json(messages).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    pool_id: String,
    username: String,
}

/// The console's "Confirm user" button. A page on another origin may not
/// use it: a form post from elsewhere carries that origin.
pub async fn confirm(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(form): Form<ConfirmForm>,
) -> Response {
    if let Some(origin) = headers.get("origin").and_then(|o| o.to_str().ok()) {
        if origin != app.origin {
            return (
                StatusCode::FORBIDDEN,
                "Only the console itself may confirm users.",
            )
                .into_response();
        }
    }
    let request = AdminUserRequest {
        user_pool_id: form.pool_id,
        username: form.username,
    };
    let worker = app.clone();
    let result = tokio::task::spawn_blocking(move || {
        crate::ops::admin::admin_confirm_sign_up(&worker, request)
    })
    .await;
    match result {
        Ok(Ok(_)) => Redirect::to("/_local/").into_response(),
        Ok(Err(e)) => (StatusCode::BAD_REQUEST, e.0.to_string()).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ClockRequest {
    advance_seconds: i64,
}

/// Moves the clock forward, for tests of expiry; only with `--time-travel`.
pub async fn clock(State(app): State<Arc<App>>, Json(request): Json<ClockRequest>) -> Response {
    if !app.time_travel {
        return (
            StatusCode::NOT_FOUND,
            "Start local-cognito with --time-travel to move its clock.",
        )
            .into_response();
    }
    if request.advance_seconds < 0 {
        return (StatusCode::BAD_REQUEST, "The clock only moves forward.").into_response();
    }
    app.clock_offset
        .fetch_add(request.advance_seconds, Ordering::Relaxed);
    Json(json!({ "now": app.now() })).into_response()
}

/// The recorded requests, `[{"target", "body"}]`; only with `record_requests`.
pub async fn requests(State(app): State<Arc<App>>) -> Response {
    let Some(recorded) = &app.recorded else {
        return (
            StatusCode::NOT_FOUND,
            "Start local-cognito with request recording to read this.",
        )
            .into_response();
    };
    let list: Vec<_> = recorded
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .map(|(target, body)| json!({ "target": target, "body": body }))
        .collect();
    Json(list).into_response()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
