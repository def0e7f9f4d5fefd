//! Signing in without the password: a passkey (Chromium's virtual
//! authenticator, through the DevTools protocol) and a code by email, both
//! USER_AUTH choices. Passkeys need a relying party that is a domain, so
//! these pages open at http://localhost, not 127.0.0.1.

use super::*;

/// The tests' config.js (`config_js`) listing the pool's ways to sign in
/// (or, with None, listing none: the page then asks the service per
/// account).
fn config_with_methods(site: &Site, methods: Option<&str>) {
    let config = config_js(&site.cognito.url(), 8, true);
    site.set_config(&match methods {
        Some(m) => config.replace("endpoint:", &format!("signInMethods: [{m}], endpoint:")),
        None => config,
    });
}

/// The page at http://localhost (a relying party can be a domain only).
fn local_page(site: &Site, file: &str) -> String {
    site.page(file).replace("127.0.0.1", "localhost")
}

/// A platform authenticator with user verification, present and willing:
/// a phone's or laptop's fingerprint reader. Its id, for DevTools.
fn add_authenticator(browser: &Browser) -> String {
    browser.cdp("WebAuthn.enable", json!({"enableUI": false}));
    browser.cdp(
        "WebAuthn.addVirtualAuthenticator",
        json!({"options": {"protocol": "ctap2", "transport": "internal",
                           "hasResidentKey": true, "hasUserVerification": true,
                           "isUserVerified": true, "automaticPresenceSimulation": true}}),
    )["authenticatorId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The credential ids the authenticator holds, base64url as Cognito
/// names them.
fn held_credentials(browser: &Browser, authenticator: &str) -> Vec<String> {
    use base64::Engine;
    let held = browser.cdp(
        "WebAuthn.getCredentials",
        json!({"authenticatorId": authenticator}),
    );
    held["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let id = base64::engine::general_purpose::STANDARD
                .decode(c["credentialId"].as_str().unwrap())
                .unwrap();
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id)
        })
        .collect()
}

fn sign_in_page(site: &Site, browser: &Browser, email: &str) {
    browser.go(&local_page(site, "signin.html"));
    browser.type_into("#email", email);
}

/// Signs in with the password at localhost, and adds a passkey on the
/// account page; the browser is left there.
fn add_passkey(site: &Site, browser: &Browser, email: &str) {
    sign_in_page(site, browser, email);
    browser.type_into("#password", PASSWORD);
    browser.click("button[type=submit]");
    browser.wait_for_page("ride.html");
    browser.click("a[href='/account.html']");
    browser.wait_for_page("account.html");
    browser.wait_for_text("You have no passkeys yet.");
    press(browser, "Add a passkey");
    browser.wait_for_text("Passkey added.");
}

/// Signs out on ride.html (through its link from the account page).
fn sign_out(browser: &Browser) {
    if !browser.url().ends_with("/ride.html") {
        browser.click("a[href='/ride.html']");
        browser.wait_for_page("ride.html");
    }
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
}

#[test]
fn a_passkey_added_on_the_account_page_signs_in_without_the_password() {
    let site = Site::start();
    config_with_methods(&site, Some("'PASSWORD', 'WEB_AUTHN', 'EMAIL_OTP'"));
    let email = "fingers@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    browser.go(&local_page(&site, "index.html"));
    let authenticator = add_authenticator(&browser);
    add_passkey(&site, &browser, email);

    // The page lists it; the service keeps the authenticator's credential.
    let held = held_credentials(&browser, &authenticator);
    assert_eq!(held.len(), 1, "the authenticator holds one passkey");
    browser.wait_until("the passkey listed with Remove", || {
        browser.body_text().contains("Remove").then_some(())
    });
    let access_token = stored(&browser, "accessToken");
    let listed = call(
        &site,
        "ListWebAuthnCredentials",
        json!({"AccessToken": access_token}),
    );
    let credentials = listed["Credentials"].as_array().unwrap();
    assert_eq!(credentials.len(), 1, "{listed}");
    assert_eq!(credentials[0]["CredentialId"], held[0].as_str());
    assert_eq!(credentials[0]["RelyingPartyId"], "localhost");

    // Signed out, the passkey alone signs in.
    sign_out(&browser);
    sign_in_page(&site, &browser, email);
    press(&browser, "Sign in with a passkey");
    browser.wait_for_page("ride.html");
    browser.wait_for_text(&format!("Signed in as {email}"));
    let targets: Vec<String> = site.requests().into_iter().map(|(t, _)| t).collect();
    let last_initiate = targets
        .iter()
        .rposition(|t| t.ends_with(".InitiateAuth"))
        .unwrap();
    assert!(targets[last_initiate..]
        .iter()
        .any(|t| t.ends_with(".RespondToAuthChallenge")));
    // The password went to SignUp only (the password sign-in is SRP).
    assert_password_only_in(&site, &browser, PASSWORD, &["SignUp"]);

    // Removed on the account page, it is gone from the service too.
    browser.click("a[href='/account.html']");
    browser.wait_for_page("account.html");
    press(&browser, "Remove");
    browser.wait_for_text("The passkey is removed.");
    browser.wait_for_text("You have no passkeys yet.");
    let access_token = stored(&browser, "accessToken");
    let listed = call(
        &site,
        "ListWebAuthnCredentials",
        json!({"AccessToken": access_token}),
    );
    assert_eq!(listed["Credentials"], json!([]));
}

#[test]
fn a_device_without_the_passkey_or_an_account_without_one_is_told_so() {
    let site = Site::start();
    config_with_methods(&site, Some("'PASSWORD', 'WEB_AUTHN'"));
    let email = "elsewhere@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    browser.go(&local_page(&site, "index.html"));
    let first = add_authenticator(&browser);
    add_passkey(&site, &browser, email);
    sign_out(&browser);

    // Another device: an authenticator that never saw this passkey.
    browser.cdp(
        "WebAuthn.removeVirtualAuthenticator",
        json!({"authenticatorId": first}),
    );
    add_authenticator(&browser);
    sign_in_page(&site, &browser, email);
    press(&browser, "Sign in with a passkey");
    browser.wait_for_text("No passkey was used");
    assert!(browser.url().ends_with("/signin.html"));

    // An account with no passkey at all.
    let bare = "nopasskey@example.com";
    confirmed_user(&site, bare);
    sign_in_page(&site, &browser, bare);
    press(&browser, "Sign in with a passkey");
    browser.wait_for_text("This account has no passkey yet.");
    // The email is needed first.
    sign_in_page(&site, &browser, "");
    press(&browser, "Sign in with a passkey");
    browser.wait_for_text("Enter your email first, then choose how to sign in.");
}

#[test]
fn a_browser_without_webauthn_shows_no_passkey_button() {
    let site = Site::start();
    config_with_methods(&site, Some("'PASSWORD', 'WEB_AUTHN', 'EMAIL_OTP'"));
    let browser = site.browser();
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "delete window.PublicKeyCredential;"}),
    );
    sign_in_page(&site, &browser, "rider@example.com");
    browser.wait_for_text("Email me a sign-in code");
    assert!(!browser.body_text().contains("Sign in with a passkey"));
    // The account page offers none either, and says why.
    let email = "oldbrowser@example.com";
    confirmed_user(&site, email);
    browser.type_into("#email", email);
    browser.type_into("#password", PASSWORD);
    browser.click("button[type=submit]");
    browser.wait_for_page("ride.html");
    browser.click("a[href='/account.html']");
    browser.wait_for_text("This browser can't make passkeys here.");
    assert!(!browser.body_text().contains("Add a passkey"));
}

#[test]
fn a_code_by_email_signs_in_without_the_password() {
    let site = Site::start();
    // No list in config.js: the page asks the service what the account can
    // use once an address is typed.
    config_with_methods(&site, None);
    let email = "codes@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    sign_in_page(&site, &browser, email);
    press(&browser, "Email me a sign-in code");
    browser.wait_for_text("We emailed a sign-in code to");
    assert_eq!(
        browser
            .attribute("#sign-in-code", "autocomplete")
            .as_deref(),
        Some("one-time-code")
    );
    assert!(!browser.exists("#remember-device"));
    let code = site.code_for(email);
    browser.type_into("#sign-in-code", &wrong_code(&code));
    browser.click("button[type=submit]");
    browser.wait_for_text("That code isn't right. Enter the code from the latest email we sent.");
    browser.type_into("#sign-in-code", &code);
    browser.click("button[type=submit]");
    browser.wait_for_page("ride.html");
    browser.wait_for_text(&format!("Signed in as {email}"));
    assert_password_only_in(&site, &browser, PASSWORD, &["SignUp"]);

    // A code that is too old is explained, and "Start again" sends a new one.
    sign_out(&browser);
    sign_in_page(&site, &browser, email);
    press(&browser, "Email me a sign-in code");
    browser.wait_for_text("We emailed a sign-in code to");
    let code = site.code_for(email);
    site.advance_clock(600);
    browser.type_into("#sign-in-code", &code);
    browser.click("button[type=submit]");
    browser.wait_until("the late code explained", || {
        let text = browser.body_text();
        (text.contains("has expired") || text.contains("took too long")).then_some(())
    });
    press(&browser, "Start again");
    press(&browser, "Email me a sign-in code");
    browser.wait_for_text("We emailed a sign-in code to");
    browser.type_into("#sign-in-code", &site.code_for(email));
    browser.click("button[type=submit]");
    browser.wait_for_page("ride.html");
}

#[test]
fn a_pool_without_passkeys_offers_none() {
    let site = Site::start();
    config_with_methods(&site, Some("'PASSWORD', 'EMAIL_OTP'"));
    let email = "codesonly@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    browser.go(&local_page(&site, "index.html"));
    add_authenticator(&browser);
    sign_in_page(&site, &browser, email);
    browser.wait_for_text("Email me a sign-in code");
    assert!(!browser.body_text().contains("Sign in with a passkey"));
    browser.type_into("#password", PASSWORD);
    browser.click("button[type=submit]");
    browser.wait_for_page("ride.html");
    browser.click("a[href='/account.html']");
    browser.wait_for_text("Remembered devices");
    assert!(!browser.body_text().contains("Passkeys"));
    assert!(!browser.body_text().contains("Add a passkey"));
}
