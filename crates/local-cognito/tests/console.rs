//! The /_local console, over real HTTP: its page of users and messages, the
//! messages' JSON, and confirming a user from it.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use support::*;

#[tokio::test]
async fn the_console_lists_users_and_messages_and_confirms_users() {
    let local = start().await;
    local
        .sign_up("console@example.com", PASSWORD)
        .await
        .unwrap();
    local
        .sign_up("<b>x</b>@example.com", PASSWORD)
        .await
        .unwrap();
    let (status, page) = local.get("/_local/").await;
    assert_eq!(status, 200);
    assert!(page.contains("console@example.com"));
    assert!(page.contains("UNCONFIRMED"));
    assert!(page.contains("Confirm user"));
    assert!(page.contains("Your verification code is"));
    assert!(page.contains("&lt;b&gt;x&lt;/b&gt;@example.com") && !page.contains("<b>x</b>"));

    let user = local.admin_user("console@example.com").await.unwrap();
    let form = [
        ("pool_id", POOL),
        ("username", user["Username"].as_str().unwrap()),
    ];
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let foreign = http
        .post(format!("{}/_local/confirm", local.url))
        .header("origin", "http://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    let own = http
        .post(format!("{}/_local/confirm", local.url))
        .header("origin", &local.url)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 303);
    local
        .srp_sign_in("console@example.com", PASSWORD)
        .await
        .unwrap();

    let all = local.get_json("/_local/messages").await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let one = local.messages("CONSOLE@example.com").await;
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["subject"], "Your verification code");
}
