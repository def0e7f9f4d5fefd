//! The developer's side door: `/_local/`, a page listing users (with a
//! button to confirm an unconfirmed one, as the AWS console allows) and the
//! messages that would have been emailed; `/_local/messages` as JSON; and,
//! for tests that opt in, `/_local/clock` and `/_local/requests`. None of it
//! is open to other origins (no CORS).

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use cognito_idp::Operation;
use serde::Deserialize;
use serde_json::json;

use super::reply;
use crate::model::{Message, Pool, User, UserStatus};
use crate::server::Server;

const CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub async fn home_redirect() -> Redirect {
    Redirect::to("/_local/")
}

/// The pools, their users and the messages, read in a blocking task.
async fn snapshot(
    server: &Arc<Server>,
) -> Result<(Vec<(Pool, Vec<User>)>, Vec<Message>), Response> {
    reply::read(server, |db| {
        let mut pools = Vec::new();
        for pool in db.pools()? {
            let users = db.users(&pool.id)?;
            pools.push((pool, users));
        }
        Ok((pools, db.messages(None)?))
    })
    .await
}

pub async fn page(State(server): State<Arc<Server>>) -> Response {
    let (pools, messages) = match snapshot(&server).await {
        Ok(snapshot) => snapshot,
        Err(response) => return response,
    };
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>local-cognito</title>\
         <link rel=\"stylesheet\" href=\"/_local/console.css\"></head><body><h1>local-cognito</h1>",
    );
    for (pool, users) in &pools {
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
            let confirm = if user.status == UserStatus::Unconfirmed {
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
                escape(user.status.as_str()),
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

pub async fn messages(
    State(server): State<Arc<Server>>,
    Query(query): Query<MessagesQuery>,
) -> Response {
    match reply::read(&server, move |db| db.messages(query.to.as_deref())).await {
        Ok(messages) => Json(messages).into_response(),
        Err(response) => response,
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    pool_id: String,
    username: String,
}

/// Whether a form post comes from the console's own page, at whatever name
/// the developer opened it (127.0.0.1 or localhost): the browser's
/// `Sec-Fetch-Site`, or, from a client without it, an `Origin` naming the
/// host the request was sent to.
fn from_the_console(headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return site == "same-origin" || site == "none";
    }
    match (header("origin"), header("host")) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| authority == host),
        (Some(_), None) => false,
    }
}

/// The console's "Confirm user" button. A page on another site may not
/// use it.
pub async fn confirm(
    State(server): State<Arc<Server>>,
    headers: HeaderMap,
    Form(form): Form<ConfirmForm>,
) -> Response {
    if !from_the_console(&headers) {
        return (
            StatusCode::FORBIDDEN,
            "Only the console itself may confirm users.",
        )
            .into_response();
    }
    let body = json!({"UserPoolId": form.pool_id, "Username": form.username}).to_string();
    let result = tokio::task::spawn_blocking(move || {
        crate::ops::serve(&server, Operation::AdminConfirmSignUp, body.as_bytes())
    })
    .await;
    match result {
        Ok(Ok(_)) => Redirect::to("/_local/").into_response(),
        Ok(Err(e)) => (StatusCode::BAD_REQUEST, e.service.to_string()).into_response(),
        Err(e) => reply::failure(e.to_string()),
    }
}

#[derive(Deserialize)]
pub struct ClockRequest {
    advance_seconds: i64,
}

/// Moves the clock forward, for tests of expiry; only with `--time-travel`.
pub async fn clock(
    State(server): State<Arc<Server>>,
    Json(request): Json<ClockRequest>,
) -> Response {
    if request.advance_seconds < 0 {
        return (StatusCode::BAD_REQUEST, "The clock only moves forward.").into_response();
    }
    match server.clock.advance(request.advance_seconds) {
        Some(now) => Json(json!({ "now": now })).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            "Start local-cognito with --time-travel to move its clock.",
        )
            .into_response(),
    }
}

/// The recorded requests, `[{"target", "body"}]`, their secrets masked;
/// only with request recording on.
pub async fn requests(State(server): State<Arc<Server>>) -> Response {
    let Some(recorded) = &server.recorded else {
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_the_console_confirms() {
        assert!(from_the_console(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!from_the_console(&headers(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(!from_the_console(&headers(&[(
            "sec-fetch-site",
            "same-site"
        )])));
        assert!(from_the_console(&headers(&[
            ("origin", "http://localhost:9229"),
            ("host", "localhost:9229")
        ])));
        assert!(!from_the_console(&headers(&[
            ("origin", "http://evil.example"),
            ("host", "127.0.0.1:9229")
        ])));
        assert!(from_the_console(&headers(&[])));
    }
}
