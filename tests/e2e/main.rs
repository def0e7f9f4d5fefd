//! The app in a real headless Chromium, as a visitor uses it: the release
//! files of dist/ on a plain static server, against a running local-cognito.
//! `cargo xtask test` builds dist/ and runs these (`--features e2e`).
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use dev_server::webdriver::{Browser, Driver};
use dev_server::StaticServer;
use local_cognito::{Running, Settings};
use serde_json::{json, Value};

mod passwordless;

const POOL: &str = "us-east-1_WildRydes";
const CLIENT: &str = "wildrydeslocalwebclient001";
const PASSWORD: &str = "Un1corns!";

/// One site: local-cognito, the dist/ files with a config.js pointing at
/// it, and chromedriver. All stop when it is dropped.
struct Site {
    cognito: Running,
    files: StaticServer,
    driver: Driver,
    // Last: the runtime that local-cognito runs on.
    _runtime: tokio::runtime::Runtime,
}

impl Site {
    fn start() -> Site {
        let dist = dist();
        assert!(
            dist.join("signin.html").is_file(),
            "{} has no release build: run `cargo xtask dist`",
            dist.display()
        );
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let config = Settings {
            port: 0,
            data: None,
            time_travel: true,
            record_requests: true,
            ..Settings::default()
        };
        let cognito = runtime
            .block_on(local_cognito::start(config))
            .expect("local-cognito starts");
        let files = StaticServer::start(&dist).unwrap();
        let site = Site {
            files,
            driver: Driver::start(),
            cognito,
            _runtime: runtime,
        };
        site.set_config(&config_js(&site.cognito.url(), 8, true));
        site
    }

    fn set_config(&self, content: &str) {
        self.files.set_file("/js/config.js", content);
    }

    fn page(&self, file: &str) -> String {
        format!("{}/{file}", self.files.url)
    }

    fn browser(&self) -> Browser {
        Browser::open(&self.driver)
    }

    fn cognito(&self, path: &str) -> Value {
        ureq::get(&format!("{}{path}", self.cognito.url()))
            .call()
            .unwrap()
            .into_json()
            .unwrap()
    }

    /// Every API request the page made: (X-Amz-Target, body with its
    /// password fields masked), as local-cognito recorded them.
    fn requests(&self) -> Vec<(String, String)> {
        let text = |v: &Value| v.as_str().unwrap().to_string();
        self.cognito("/_local/requests")
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (text(&r["target"]), text(&r["body"])))
            .collect()
    }

    /// The 6-digit code in the newest email to `to`.
    fn code_for(&self, to: &str) -> String {
        dev_server::cognito::code_for(&self.cognito.url(), to).unwrap()
    }

    fn advance_clock(&self, seconds: i64) {
        ureq::post(&format!("{}/_local/clock", self.cognito.url()))
            .send_json(json!({ "advance_seconds": seconds }))
            .unwrap();
    }

    /// Registers through the page, leaving the browser on verify.html.
    fn register(&self, browser: &Browser, email: &str, password: &str) {
        browser.go(&self.page("register.html"));
        browser.type_into("#email", email);
        browser.type_into("#password", password);
        browser.type_into("#confirm-password", password);
        browser.click("button[type=submit]");
        browser.wait_for_page("verify.html");
    }

    fn sign_in(&self, browser: &Browser, email: &str, password: &str) {
        browser.go(&self.page("signin.html"));
        browser.type_into("#email", email);
        browser.type_into("#password", password);
        browser.click("button[type=submit]");
    }
}

/// The release build under test.
fn dist() -> std::path::PathBuf {
    std::env::var("WILDRYDES_DIST")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"))
}

/// amazon-cognito-identity-js's browser bundle, to run inside the page.
fn identity_js() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/node_modules/amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js"
    ))
    .expect("npm packages (cargo xtask test installs them)")
}

/// A config.js for local-cognito at `endpoint`, with a password policy.
fn config_js(endpoint: &str, minimum_length: u32, uppercase: bool) -> String {
    format!(
        "window._config = {{ cognito: {{ userPoolId: '{POOL}', userPoolClientId: '{CLIENT}', region: 'us-east-1', \
         endpoint: '{endpoint}', passwordPolicy: {{ minimumLength: {minimum_length}, requireUppercase: {uppercase}, \
         requireLowercase: true, requireNumbers: true, requireSymbols: false }} }}, api: {{ invokeUrl: '' }} }};"
    )
}

/// Marks the page's document: a mark that is still there later proves that
/// no page load happened between (every move was the router's).
fn mark_document(browser: &Browser) {
    browser.script("window.wildrydesDocument = 'first';", json!([]));
}

/// The document is still the one marked (and, within it, the wasm was
/// fetched once: no second instance was started).
fn assert_same_document(browser: &Browser) {
    let seen = browser.script(
        "return [window.wildrydesDocument || null,
                 performance.getEntriesByType('navigation').length,
                 performance.getEntriesByType('resource').filter(r => r.name.endsWith('.wasm')).length]",
        json!([]),
    );
    assert_eq!(
        seen,
        json!(["first", 1, 1]),
        "a page load happened ({})",
        browser.url()
    );
}

/// No notice flag, nor anything else, in the address.
fn assert_no_query(browser: &Browser) {
    let url = browser.url();
    assert!(!url.contains('?'), "{url}");
}

fn last_auth_user(browser: &Browser) -> Value {
    browser.script(
        &format!(
            "return localStorage.getItem('CognitoIdentityServiceProvider.{CLIENT}.LastAuthUser')"
        ),
        json!([]),
    )
}

#[test]
fn a_visitor_registers_verifies_signs_in_and_signs_out_in_one_document() {
    let site = Site::start();
    let browser = site.browser();
    let email = "rider@example.com";

    browser.go(&site.page("index.html"));
    browser.find("h1");
    mark_document(&browser);
    browser.click("a[href='/register.html']");
    browser.wait_for_page("register.html");
    // The inline style is allowed by the page's CSP (its hash): the form
    // is laid out as a card, not left in the browser's defaults.
    let card = browser.script(
        "return getComputedStyle(document.querySelector('.card')).maxWidth",
        json!([]),
    );
    assert_eq!(card, json!("448px"), "main.css did not apply");
    for (id, autocomplete) in [
        ("#email", "email"),
        ("#password", "new-password"),
        ("#confirm-password", "new-password"),
    ] {
        assert_eq!(
            browser.attribute(id, "autocomplete").as_deref(),
            Some(autocomplete),
            "{id}"
        );
        let label_for = id.trim_start_matches('#');
        assert!(
            browser.exists(&format!("label[for='{label_for}']")),
            "a label for {id}"
        );
    }
    // Show and hide the password; the rules tick as it is typed.
    browser.type_into("#password", PASSWORD);
    assert_eq!(
        browser.attribute("#password", "type").as_deref(),
        Some("password")
    );
    browser.click("#password + button.show");
    assert_eq!(
        browser.attribute("#password", "type").as_deref(),
        Some("text")
    );
    browser.click("#password + button.show");
    assert_eq!(
        browser.attribute("#password", "type").as_deref(),
        Some("password")
    );
    assert_eq!(
        browser.script(
            "return document.querySelectorAll('.rules li.met').length",
            json!([])
        ),
        4
    );
    browser.type_into("#email", email);
    browser.type_into("#confirm-password", PASSWORD);
    browser.click("button[type=submit]");
    browser.wait_for_page("verify.html");

    // The shared-link part of the state: the email, in the query.
    assert!(
        browser
            .url()
            .ends_with("verify.html?email=rider%40example.com"),
        "{}",
        browser.url()
    );
    assert_eq!(browser.value("#email"), email);
    assert_eq!(
        browser.attribute("#code", "autocomplete").as_deref(),
        Some("one-time-code")
    );
    browser.type_into("#code", &site.code_for(email));
    browser.click("button[type=submit]");
    browser.wait_for_page("signin.html");
    browser.wait_for_text("Your email is verified");
    assert!(!browser.url().contains("verified"), "{}", browser.url());
    assert_eq!(browser.value("#email"), email);
    assert_eq!(
        browser.attribute("#password", "autocomplete").as_deref(),
        Some("current-password")
    );

    browser.type_into("#password", PASSWORD);
    browser.click("button[type=submit]");
    browser.wait_for_page("ride.html");
    // Chromium has wasm SIMD: the SRP math ran in the SIMD module.
    assert_eq!(srp_kernel(&browser), "simd");
    browser.wait_for_text(&format!("Signed in as {email}"));
    let id_token = browser.value("#id-token");
    assert!(id_token.starts_with("eyJ"), "{id_token}");

    // Stored as amazon-cognito-identity-js stores it: the library sees a valid session.
    let user = last_auth_user(&browser);
    assert!(user.as_str().is_some_and(|u| u.len() == 36), "{user}");
    let library = identity_js();
    let seen = browser.async_script(
        &format!(
            "{library}\n;const done = arguments[arguments.length - 1];
            const pool = new AmazonCognitoIdentity.CognitoUserPool({{ UserPoolId: '{POOL}', ClientId: '{CLIENT}' }});
            const user = pool.getCurrentUser();
            if (!user) return done({{ error: 'no current user' }});
            user.getSession((err, session) => done(err ? {{ error: String(err) }} :
                {{ valid: session.isValid(), idToken: session.getIdToken().getJwtToken(),
                  accessToken: session.getAccessToken().getJwtToken(), user: user.getUsername() }}));"
        ),
        json!([]),
    );
    assert_eq!(seen["valid"], true, "{seen}");
    assert_eq!(seen["idToken"], id_token.as_str());
    assert_eq!(seen["user"], user);

    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    browser.wait_for_text("You're signed out.");
    assert_no_query(&browser);
    assert_eq!(last_auth_user(&browser), Value::Null);
    // Register, verify, sign in, ride, sign out: one document, one wasm.
    assert_same_document(&browser);

    // The old token was revoked on the server, and ride.html is closed now.
    let get_user = ureq::post(&site.cognito.url())
        .set("content-type", "application/x-amz-json-1.1")
        .set("x-amz-target", "AWSCognitoIdentityProviderService.GetUser")
        .send_string(&json!({ "AccessToken": seen["accessToken"] }).to_string());
    assert!(seen["accessToken"]
        .as_str()
        .is_some_and(|t| t.starts_with("eyJ")));
    match get_user {
        Err(ureq::Error::Status(400, response)) => {
            assert_eq!(
                response.into_json::<Value>().unwrap()["message"],
                "Access Token has been revoked"
            )
        }
        other => panic!("GetUser after sign-out: {other:?}"),
    }
    browser.go(&site.page("ride.html"));
    browser.wait_for_page("signin.html");

    // Signed in again, a reload keeps the session.
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_page("ride.html");
    browser.reload();
    browser.wait_for_text(&format!("Signed in as {email}"));
    browser.wait_for_page("ride.html");

    // The password never left the browser: not in any request to Cognito,
    // nor in any URL the static server saw.
    assert!(site
        .requests()
        .iter()
        .any(|(target, _)| target.ends_with("RespondToAuthChallenge")));
    assert_password_only_in(&site, &browser, PASSWORD, &["SignUp"]);
}

#[test]
fn back_and_forward_move_between_pages_in_the_same_document() {
    let site = Site::start();
    let browser = site.browser();
    browser.go(&site.page("index.html"));
    browser.find("h1");
    mark_document(&browser);
    browser.click("a[href='/signin.html']");
    browser.wait_for_page("signin.html");
    browser.find("#password");
    browser.click("a[href='/register.html']");
    browser.wait_for_page("register.html");
    browser.find("#confirm-password");

    browser.back();
    browser.wait_for_page("signin.html");
    browser.find("#password");
    browser.back();
    browser.wait_for_page("index.html");
    browser.wait_for_text("Never get stuck in traffic again.");
    browser.forward();
    browser.wait_for_page("signin.html");
    browser.find("#password");
    browser.forward();
    browser.wait_for_page("register.html");
    browser.find("#confirm-password");
    // The brand link leads home, also without a reload.
    browser.click("header.bar a");
    browser.wait_for_page("index.html");
    browser.wait_for_text("Never get stuck in traffic again.");
    assert_same_document(&browser);
}

#[test]
fn every_route_opens_directly_and_unknown_paths_show_the_not_found_page() {
    let site = Site::start();
    let browser = site.browser();
    for (file, shows) in [
        ("", "Never get stuck in traffic again."),
        ("index.html", "Never get stuck in traffic again."),
        ("register.html", "Create your account"),
        ("verify.html?email=a%40b.example", "Verify your email"),
        ("signin.html", "Sign in"),
        ("forgot-password.html", "Reset your password"),
        ("404.html", "There is no such page on Wild Rydes."),
        // What the static host serves for a path it lacks: 404.html.
        ("nowhere.html", "There is no such page on Wild Rydes."),
        ("rides/nowhere", "There is no such page on Wild Rydes."),
    ] {
        browser.go(&site.page(file));
        browser.wait_for_text(shows);
        let url = browser.url();
        assert_eq!(
            url.strip_prefix(&site.files.url),
            Some(&*format!("/{file}")),
            "{url}"
        );
    }
    browser.go(&site.page("signin.html"));
    browser.find("#password");
    assert_eq!(
        browser.value("#email"),
        "",
        "signin.html has no email to fill in"
    );
    browser.go(&site.page("verify.html?email=a%2Bb%40c.example"));
    browser.find("#code");
    assert_eq!(browser.value("#email"), "a+b@c.example");
    // And the not-found page's way back is the router's.
    browser.go(&site.page("nowhere.html"));
    browser.find("main a");
    mark_document(&browser);
    browser.click("main a");
    browser.wait_for_page("index.html");
    browser.wait_for_text("Never get stuck in traffic again.");
    assert_same_document(&browser);
}

#[test]
fn a_signed_out_visit_to_ride_returns_there_after_signing_in() {
    let site = Site::start();
    confirmed_user(&site, "returning@example.com");
    let browser = site.browser();
    browser.go(&site.page("index.html"));
    browser.find("h1");
    let history = || browser.script("return history.length", json!([]));
    let before = history();
    browser.go(&site.page("ride.html"));
    browser.wait_for_page("signin.html");
    // The redirect replaced ride.html in the history: one entry more than
    // before it, not two, so Back does not lead into the redirect again.
    assert_eq!(history(), json!(before.as_i64().unwrap() + 1));
    browser.wait_for_text("Please sign in to see that page.");
    assert_no_query(&browser);
    mark_document(&browser);
    browser.type_into("#email", "returning@example.com");
    browser.type_into("#password", PASSWORD);
    browser.click("button[type=submit]");
    browser.wait_for_page("ride.html");
    browser.wait_for_text("Signed in as returning@example.com");
    assert_same_document(&browser);
    browser.back();
    browser.wait_for_page("signin.html");
    browser.back();
    browser.wait_for_page("index.html");

    // The account page is guarded the same way.
    browser.go(&site.page("ride.html"));
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    browser.go(&site.page("account.html"));
    browser.wait_for_page("signin.html");
    browser.wait_for_text("Please sign in to see that page.");
    browser.type_into("#email", "returning@example.com");
    browser.type_into("#password", PASSWORD);
    browser.click("button[type=submit]");
    browser.wait_for_page("account.html");
    browser.wait_for_text("Email: returning@example.com (verified)");
}

#[test]
fn sign_in_mistakes_are_explained() {
    let site = Site::start();
    let browser = site.browser();
    site.register(&browser, "careful@example.com", PASSWORD);
    browser.type_into("#code", &site.code_for("careful@example.com"));
    browser.click("button[type=submit]");
    browser.wait_for_page("signin.html");

    site.sign_in(&browser, "careful@example.com", "Wr0ng!pass");
    browser.wait_for_text("Incorrect email or password.");
    assert!(browser.exists("[aria-live] [role=alert]"));
    site.sign_in(&browser, "nobody@example.com", PASSWORD);
    browser.wait_for_text("There is no account with this email. Register first.");
    site.sign_in(&browser, "careful@example.com", "");
    browser.wait_for_text("Please enter your password.");
}

#[test]
fn a_forgotten_password_is_reset_with_the_emailed_code() {
    let site = Site::start();
    let email = "forgetful@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    browser.go(&site.page("signin.html"));
    mark_document(&browser);
    browser.click("a[href='/forgot-password.html']");
    browser.wait_for_page("forgot-password.html");
    browser.wait_for_text("Reset your password");
    browser.click("button[type=submit]");
    browser.wait_for_text("Enter your email first, so we know where to send the code.");
    browser.type_into("#email", email);
    browser.click("button[type=submit]");
    browser.wait_for_text("We sent a code to f***@e***.");

    let first = site.code_for(email);
    let wrong = if first == "123456" {
        "654321"
    } else {
        "123456"
    };
    let new_password = "N3wUnicorns!";
    let reset = |code: &str, password: &str, repeated: &str| {
        reset_password(&browser, code, password, repeated)
    };
    // The rules are shown as on register, and checked before sending.
    assert!(browser.body_text().contains("At least 8 characters"));
    reset(&first, "short", "short");
    browser.wait_for_text("meet all the rules listed under it");
    reset(&first, new_password, "N3wUnicorns?");
    browser.wait_for_text("The two passwords don't match.");
    reset(wrong, new_password, new_password);
    browser.wait_for_text("That code isn't right.");
    // "Resend code" sends a new one.
    browser.click("button.link");
    browser.wait_for_text("We sent a code to f***@e***.");
    let second = site.code_for(email);
    reset(&second, new_password, new_password);
    browser.wait_for_page("signin.html");
    browser.wait_for_text("Your password is reset. Sign in with your new password.");
    assert_eq!(browser.value("#email"), email);
    assert_same_document(&browser);

    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_text("Incorrect email or password.");
    site.sign_in(&browser, email, new_password);
    browser.wait_for_page("ride.html");
    // The new password went only to ConfirmForgotPassword.
    assert!(site
        .requests()
        .iter()
        .any(|(target, _)| target.ends_with("ConfirmForgotPassword")));
    assert_password_only_in(
        &site,
        &browser,
        new_password,
        &["SignUp", "ConfirmForgotPassword"],
    );
}

#[test]
fn a_reset_for_an_account_without_a_verified_email_is_explained() {
    let site = Site::start();
    let email = "unverified@example.com";
    call(
        &site,
        "AdminCreateUser",
        json!({"UserPoolId": POOL, "Username": email, "MessageAction": "SUPPRESS"}),
    );
    let browser = site.browser();
    browser.go(&site.page("forgot-password.html"));
    browser.type_into("#email", email);
    browser.click("button[type=submit]");
    browser.wait_for_text("This account has no verified email, so we can't send a reset code.");
    browser.go(&site.page("forgot-password.html"));
    browser.type_into("#email", "nobody@example.com");
    browser.click("button[type=submit]");
    browser.wait_for_text("There is no account with this email.");
}

#[test]
fn an_unconfirmed_user_is_sent_to_verify_and_codes_can_be_wrong_expired_or_resent() {
    let site = Site::start();
    let browser = site.browser();
    // A `+` survives the trip through verify.html's query.
    let email = "later+1@example.com";
    site.register(&browser, email, PASSWORD);

    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_page("verify.html");
    browser.wait_for_text("isn't verified yet");
    assert!(!browser.url().contains("unconfirmed"), "{}", browser.url());
    assert_eq!(browser.value("#email"), email);

    let first = site.code_for(email);
    browser.type_into(
        "#code",
        if first == "123456" {
            "654321"
        } else {
            "123456"
        },
    );
    browser.click("button[type=submit]");
    browser.wait_for_text("That code isn't right.");

    site.advance_clock(24 * 3600 + 1);
    browser.type_into("#code", &first);
    browser.click("button[type=submit]");
    browser.wait_for_text("This code has expired");

    browser.click("button.link");
    browser.wait_for_text("We sent a new code to l***@e***.");
    browser.type_into("#code", &site.code_for(email));
    browser.click("button[type=submit]");
    browser.wait_for_page("signin.html");
}

#[test]
fn with_user_existence_hidden_an_unknown_email_reads_as_a_mistake_not_a_dead_end() {
    // The deployed pool's client (infra/wildrydes.yaml) has
    // PreventUserExistenceErrors=ENABLED: Cognito then never says that an
    // email has no account.
    let site = Site::start();
    let created = call(
        &site,
        "CreateUserPoolClient",
        json!({"UserPoolId": POOL, "ClientName": "deployed-like",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED"}),
    );
    let client = created["UserPoolClient"]["ClientId"].as_str().unwrap();
    site.set_config(&config_js(&site.cognito.url(), 8, true).replace(CLIENT, client));
    let browser = site.browser();

    site.sign_in(&browser, "ghost@example.com", PASSWORD);
    browser.wait_for_text("Incorrect email or password.");
    assert!(browser.exists("a[href='/register.html']"));

    browser.go(&site.page("verify.html?email=ghost@example.com"));
    browser.click("button.link");
    browser.wait_for_text("We sent a new code to g***@e***.");
    browser.type_into("#code", "123456");
    browser.click("button[type=submit]");
    browser.wait_for_text("That code isn't right. Check the email address above");

    // A reset for the unknown email goes as far as a known one's would,
    // and its code is then just not right.
    browser.go(&site.page("forgot-password.html"));
    browser.type_into("#email", "ghost@example.com");
    browser.click("button[type=submit]");
    browser.wait_for_text("We sent a code to g***@e***.");
    reset_password(&browser, "123456", "N3wUnicorns!", "N3wUnicorns!");
    browser.wait_for_text("That code isn't right.");
}

/// Forgot password's second step: the code, a new password and its repeat.
fn reset_password(browser: &Browser, code: &str, password: &str, repeated: &str) {
    browser.type_into("#code", code);
    browser.type_into("#password", password);
    browser.type_into("#confirm-password", repeated);
    browser.click("button[type=submit]");
}

#[test]
fn a_reset_code_that_expired_or_was_tried_too_often_is_explained() {
    let site = Site::start();
    let email = "expiring@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    browser.go(&site.page("forgot-password.html"));
    browser.type_into("#email", email);
    browser.click("button[type=submit]");
    browser.wait_for_text("We sent a code to e***@e***.");
    let code = site.code_for(email);
    let reset = |code: &str| reset_password(&browser, code, "N3wUnicorns!", "N3wUnicorns!");
    // A day later the code has expired.
    site.advance_clock(25 * 3600);
    reset(&code);
    browser.wait_for_text(
        "This code has expired or was replaced. Choose \"Resend code\" to get a new one.",
    );
    press(&browser, "Resend code");
    browser.wait_until("a new code", || {
        let newer = site.code_for(email);
        (newer != code).then_some(())
    });
    let fresh = site.code_for(email);
    let wrong = if fresh == "123456" {
        "654321"
    } else {
        "123456"
    };
    // Wrong codes are counted; after five, even the right one is refused.
    for _ in 0..5 {
        reset(wrong);
        browser.wait_until("the answer", || {
            (!browser.exists("button[aria-busy=true]")).then_some(())
        });
    }
    reset(&fresh);
    browser.wait_for_text("Too many attempts. Please wait a few minutes and try again.");
    // The password is still the old one. (Over the API: a day ahead, the
    // server's clock is outside the page's SRP timestamp window.)
    call(
        &site,
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT,
               "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD}}),
    );
}

#[test]
fn registration_mistakes_are_explained() {
    let site = Site::start();
    let browser = site.browser();
    site.register(&browser, "taken@example.com", PASSWORD);

    browser.go(&site.page("register.html"));
    browser.type_into("#email", "taken@example.com");
    browser.type_into("#password", PASSWORD);
    browser.type_into("#confirm-password", PASSWORD);
    browser.click("button[type=submit]");
    browser.wait_for_text("An account with this email already exists.");

    browser.type_into("#email", "new@example.com");
    browser.type_into("#password", "short");
    browser.type_into("#confirm-password", "short");
    browser.click("button[type=submit]");
    browser.wait_for_text("This password doesn't meet all the rules listed under it.");
    browser.type_into("#password", PASSWORD);
    browser.type_into("#confirm-password", "Un1corns?");
    browser.click("button[type=submit]");
    browser.wait_for_text("The two passwords don't match.");

    // Rules on the page laxer than the pool's: the server's refusal is explained too.
    site.set_config(&config_js(&site.cognito.url(), 6, false));
    browser.go(&site.page("register.html"));
    browser.type_into("#email", "lax@example.com");
    browser.type_into("#password", "unicorn1");
    browser.type_into("#confirm-password", "unicorn1");
    browser.click("button[type=submit]");
    browser.wait_for_text("This password doesn't meet the rules listed under the password field.");
}

#[test]
fn an_unreachable_server_and_missing_settings_are_said_plainly() {
    let site = Site::start();
    let browser = site.browser();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    site.set_config(&config_js(&format!("http://127.0.0.1:{closed}"), 8, true));
    site.sign_in(&browser, "rider@example.com", PASSWORD);
    browser.wait_for_text("We couldn't reach the sign-in service.");

    site.set_config(
        "window._config = { cognito: { userPoolId: 'us-east-1_XXXXXXXXX', region: 'us-east-1' } };",
    );
    browser.go(&site.page("signin.html"));
    browser.wait_for_text("This site needs its settings");
    browser.wait_for_text("cognito.userPoolId still has the template's placeholder");
    browser.wait_for_text("cognito.userPoolClientId is missing");
    site.files.set_file("/js/config.js", "");
    browser.go(&site.page("register.html"));
    browser.wait_for_text("This site needs its settings");
}

#[test]
fn an_app_that_cannot_start_says_so() {
    let site = Site::start();
    let wasm = std::fs::read_dir(dist())
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.ends_with("_bg.wasm"))
        .expect("dist/ has the wasm");
    // Damaged on the way: its SRI hash no longer matches.
    site.files.set_file(&format!("/{wasm}"), "not the app");
    let browser = site.browser();
    browser.go(&site.page("signin.html"));
    browser.wait_for_text("Wild Rydes could not start");
    browser.wait_for_text("Reload the page to try again.");
}

#[test]
fn a_corrupt_stored_session_asks_to_sign_in() {
    let site = Site::start();
    let browser = site.browser();
    browser.go(&site.page("index.html"));
    browser.find("h1");
    let prefix = format!("CognitoIdentityServiceProvider.{CLIENT}");
    browser.script(
        &format!("localStorage.setItem('{prefix}.LastAuthUser', 'ghost'); localStorage.setItem('{prefix}.ghost.idToken', 'not-a-jwt');"),
        json!([]),
    );
    browser.go(&site.page("ride.html"));
    browser.wait_for_page("signin.html");
    let left = browser.script(&format!("return [localStorage.getItem('{prefix}.LastAuthUser'), localStorage.getItem('{prefix}.ghost.idToken')]"), json!([]));
    assert_eq!(left, json!([null, null]));
}

/// Signs up and confirms over the API, without the pages.
/// One Cognito API call to the site's local-cognito, which must succeed.
fn call(site: &Site, operation: &str, body: Value) -> Value {
    dev_server::cognito::call(&site.cognito.url(), operation, body).unwrap()
}

fn confirmed_user(site: &Site, email: &str) {
    dev_server::cognito::confirmed_user(&site.cognito.url(), CLIENT, email, PASSWORD).unwrap();
}

/// Which SRP kernel the page used, as the app notes it in sessionStorage.
fn srp_kernel(browser: &Browser) -> String {
    let kernel = browser.script(
        "return sessionStorage.getItem('wildrydes.srp.kernel')",
        json!([]),
    );
    kernel.as_str().unwrap_or_default().to_string()
}

#[test]
fn a_browser_without_wasm_simd_signs_in_with_the_portable_code() {
    let site = Site::start();
    let email = "no-simd@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    // Before any of the page's scripts: WebAssembly.validate says no to
    // every module, as a browser without wasm SIMD says to the app's SIMD
    // module (the app's own module is not validated, only compiled).
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "WebAssembly.validate = () => false;"}),
    );
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_page("ride.html");
    browser.wait_for_text(email);
    assert_eq!(srp_kernel(&browser), "portable");
    // And a wrong password is still just a wrong password.
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    site.sign_in(&browser, email, "Wr0ng!pass");
    browser.wait_for_text("Incorrect email or password.");
}

/// The last user's `key` in storage, as amazon-cognito-identity-js keeps it.
fn stored(browser: &Browser, key: &str) -> Value {
    let user = last_auth_user(browser);
    browser.script(
        &format!("return localStorage.getItem('CognitoIdentityServiceProvider.{CLIENT}.' + arguments[0] + '.{key}')"),
        json!([user]),
    )
}

/// The stored clock drift of a client far behind the server's clock: the
/// stored tokens are then due for a refresh at once.
fn set_clock_behind(browser: &Browser) {
    browser.script(
        &format!("localStorage.setItem('CognitoIdentityServiceProvider.{CLIENT}.' + arguments[0] + '.clockDrift', '-4000')"),
        json!([last_auth_user(browser)]),
    );
}

#[test]
fn tokens_are_refreshed_before_they_expire_and_a_failed_refresh_ends_the_session() {
    let site = Site::start();
    let browser = site.browser();
    confirmed_user(&site, "renew@example.com");
    site.sign_in(&browser, "renew@example.com", PASSWORD);
    browser.wait_for_page("ride.html");
    browser.find("#signed-in-as");
    let first = stored(&browser, "idToken");

    // A clock far behind the server's: the stored tokens are due, so the
    // page refreshes them at once, keeps the user, and stores the new ones.
    set_clock_behind(&browser);
    browser.reload();
    let started = std::time::Instant::now();
    while stored(&browser, "idToken") == first {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the tokens were not refreshed"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_ne!(stored(&browser, "clockDrift"), json!("-4000"));
    browser.wait_for_text("Signed in as renew@example.com");
    // A client without rotation: REFRESH_TOKEN_AUTH, as identity-js does.
    let requests = site.requests();
    assert!(requests
        .iter()
        .any(|(_, body)| body.contains("REFRESH_TOKEN_AUTH")));
    assert!(!requests
        .iter()
        .any(|(target, _)| target.ends_with("GetTokensFromRefreshToken")));
    assert!(browser.url().ends_with("ride.html"));

    // The refresh token revoked elsewhere: the next refresh fails, and the
    // user is asked to sign in again.
    let refresh = stored(&browser, "refreshToken");
    ureq::post(&site.cognito.url())
        .set("content-type", "application/x-amz-json-1.1")
        .set(
            "x-amz-target",
            "AWSCognitoIdentityProviderService.RevokeToken",
        )
        .send_string(&json!({"Token": refresh, "ClientId": CLIENT}).to_string())
        .unwrap();
    set_clock_behind(&browser);
    browser.reload();
    browser.wait_for_page("signin.html");
    browser.wait_for_text("Your session ended. Please sign in again.");
    assert_eq!(stored(&browser, "idToken"), Value::Null);
}

#[test]
fn a_session_written_by_amazon_cognito_identity_js_is_one_the_app_uses() {
    let site = Site::start();
    let browser = site.browser();
    confirmed_user(&site, "official@example.com");
    browser.go(&site.page("index.html"));
    browser.find("h1");
    let library = identity_js();
    let signed_in = browser.async_script(
        &format!(
            "{library}\n;const done = arguments[arguments.length - 1];
            const pool = new AmazonCognitoIdentity.CognitoUserPool({{ UserPoolId: '{POOL}', ClientId: '{CLIENT}', endpoint: arguments[0] }});
            const user = new AmazonCognitoIdentity.CognitoUser({{ Username: 'official@example.com', Pool: pool }});
            user.authenticateUser(new AmazonCognitoIdentity.AuthenticationDetails({{ Username: 'official@example.com', Password: arguments[1] }}), {{
                onSuccess: (session) => done({{ ok: session.isValid() }}),
                onFailure: (err) => done({{ error: String(err) }}),
            }});"
        ),
        json!([site.cognito.url(), PASSWORD]),
    );
    assert_eq!(signed_in["ok"], true, "{signed_in}");
    browser.go(&site.page("ride.html"));
    browser.wait_for_text("Signed in as official@example.com");
    assert!(browser.url().ends_with("ride.html"));
}

#[test]
fn signing_in_as_another_user_leaves_no_tokens_of_the_first() {
    let site = Site::start();
    confirmed_user(&site, "first@example.com");
    confirmed_user(&site, "second@example.com");
    let browser = site.browser();
    site.sign_in(&browser, "first@example.com", PASSWORD);
    browser.wait_for_text("Signed in as first@example.com");
    let first = last_auth_user(&browser);
    site.sign_in(&browser, "second@example.com", PASSWORD);
    browser.wait_for_text("Signed in as second@example.com");
    assert_ne!(last_auth_user(&browser), first);
    let left = browser.script(
        &format!(
            "return Object.keys(localStorage).filter(k => k.startsWith('CognitoIdentityServiceProvider.{CLIENT}.' + arguments[0] + '.'))"
        ),
        json!([first]),
    );
    assert_eq!(left, json!([]), "the first user's tokens stayed");
}

/// Clicks the visible, enabled button that says `label` (there are several
/// forms on a page, and some buttons wait hidden).
fn press(browser: &Browser, label: &str) {
    browser.wait_until(&format!("a button \"{label}\""), || {
        let clicked = browser.script(
            "const button = [...document.querySelectorAll('button')]
                 .find(b => b.textContent.trim() === arguments[0] && !b.disabled && b.offsetParent !== null);
             if (button) button.click();
             return !!button;",
            json!([label]),
        );
        clicked.as_bool().unwrap_or(false).then_some(())
    })
}

/// `password` went only to the operations in `allowed` (local-cognito's
/// record masks password fields as "***", so a masked field elsewhere, or
/// the password in the clear anywhere, fails), and is in no URL and no
/// storage of the page.
fn assert_password_only_in(site: &Site, browser: &Browser, password: &str, allowed: &[&str]) {
    for (target, body) in site.requests() {
        let operation = target.trim_start_matches("AWSCognitoIdentityProviderService.");
        assert!(
            !body.contains(password),
            "{operation} carried the password: {body}"
        );
        assert!(
            !has_password_field(&serde_json::from_str(&body).unwrap())
                || allowed.contains(&operation),
            "{operation} carried a password field: {body}"
        );
    }
    let kept = browser.script(
        "return JSON.stringify([location.href, history.length, Object.entries(localStorage), Object.entries(sessionStorage)])",
        json!([]),
    );
    assert!(!kept.as_str().unwrap().contains(password), "{kept}");
    assert!(site.files.requests().iter().all(|r| !r.contains(password)));
}

/// Whether a recorded body has a password field (masked by local-cognito;
/// codes it masks too are not passwords).
fn has_password_field(value: &Value) -> bool {
    const PASSWORD_FIELDS: [&str; 6] = [
        "Password",
        "PreviousPassword",
        "ProposedPassword",
        "TemporaryPassword",
        "PASSWORD",
        "NEW_PASSWORD",
    ];
    match value {
        Value::Object(map) => map.iter().any(|(key, value)| {
            PASSWORD_FIELDS.contains(&key.as_str()) || has_password_field(value)
        }),
        Value::Array(items) => items.iter().any(has_password_field),
        _ => false,
    }
}

/// An API call that the service must refuse: its exception and message.
fn refused(site: &Site, operation: &str, body: Value) -> (String, String) {
    let answer = ureq::post(&site.cognito.url())
        .set("content-type", "application/x-amz-json-1.1")
        .set(
            "x-amz-target",
            &format!("AWSCognitoIdentityProviderService.{operation}"),
        )
        .send_string(&body.to_string());
    match answer {
        Err(ureq::Error::Status(400, response)) => {
            let error: Value = response.into_json().unwrap();
            (
                error["__type"].as_str().unwrap().to_string(),
                error["message"].as_str().unwrap_or_default().to_string(),
            )
        }
        other => panic!("{operation} was not refused: {other:?}"),
    }
}

/// The session as amazon-cognito-identity-js on the same origin reads it.
fn identity_js_session(browser: &Browser) -> Value {
    let library = identity_js();
    browser.async_script(
        &format!(
            "{library}\n;const done = arguments[arguments.length - 1];
            const pool = new AmazonCognitoIdentity.CognitoUserPool({{ UserPoolId: '{POOL}', ClientId: '{CLIENT}' }});
            const user = pool.getCurrentUser();
            if (!user) return done({{ error: 'no current user' }});
            user.getSession((err, session) => done(err ? {{ error: String(err) }} :
                {{ valid: session.isValid(), email: session.getIdToken().decodePayload().email }}));"
        ),
        json!([]),
    )
}

#[test]
fn a_user_an_administrator_created_sets_a_password_and_lands_signed_in() {
    let site = Site::start();
    let email = "invited@example.com";
    let temporary = "Temp0rary!";
    call(
        &site,
        "AdminCreateUser",
        json!({"UserPoolId": POOL, "Username": email, "TemporaryPassword": temporary, "MessageAction": "SUPPRESS"}),
    );
    let browser = site.browser();
    site.sign_in(&browser, email, temporary);
    browser.wait_for_text("Your account was made with a temporary password.");
    // The rules are shown, and checked before anything is sent.
    assert!(browser.body_text().contains("At least 8 characters"));
    assert_eq!(
        browser.attribute("#password", "autocomplete").as_deref(),
        Some("new-password")
    );
    browser.type_into("#password", "short");
    browser.type_into("#confirm-password", "short");
    press(&browser, "Set password");
    browser.wait_for_text("This password doesn't meet all the rules listed under it.");
    let chosen = "Ch0senUnicorns!";
    browser.type_into("#password", chosen);
    browser.type_into("#confirm-password", "Ch0senUnicorns?");
    press(&browser, "Set password");
    browser.wait_for_text("The two passwords don't match.");
    browser.type_into("#confirm-password", chosen);
    press(&browser, "Set password");
    browser.wait_for_page("ride.html");
    browser.wait_for_text(&format!("Signed in as {email}"));
    let user = call(
        &site,
        "AdminGetUser",
        json!({"UserPoolId": POOL, "Username": email}),
    );
    assert_eq!(user["UserStatus"], "CONFIRMED");
    // The new password went only to the challenge's answer (and the
    // temporary one to the administrator's AdminCreateUser).
    assert_password_only_in(
        &site,
        &browser,
        chosen,
        &["AdminCreateUser", "RespondToAuthChallenge"],
    );
    assert_password_only_in(
        &site,
        &browser,
        temporary,
        &["AdminCreateUser", "RespondToAuthChallenge"],
    );

    // A pool that requires a name: the step asks for it too.
    let pool = call(
        &site,
        "CreateUserPool",
        json!({"PoolName": "Named", "UsernameAttributes": ["email"],
               "Schema": [{"Name": "name", "AttributeDataType": "String", "Required": true, "Mutable": true}]}),
    );
    let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_string();
    let client = call(
        &site,
        "CreateUserPoolClient",
        json!({"UserPoolId": pool_id, "ClientName": "web",
               "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    );
    let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap();
    site.set_config(
        &config_js(&site.cognito.url(), 8, true)
            .replace(POOL, &pool_id)
            .replace(CLIENT, client_id),
    );
    call(
        &site,
        "AdminCreateUser",
        json!({"UserPoolId": pool_id, "Username": email, "TemporaryPassword": temporary, "MessageAction": "SUPPRESS"}),
    );
    site.sign_in(&browser, email, temporary);
    browser.wait_for_text("Your account was made with a temporary password.");
    browser.type_into("#password", chosen);
    browser.type_into("#confirm-password", chosen);
    assert_eq!(
        browser
            .attribute("#attribute-name", "autocomplete")
            .as_deref(),
        Some("name")
    );
    press(&browser, "Set password");
    browser.wait_for_text("Please fill in every field.");
    browser.type_into("#attribute-name", "Rita Rider");
    press(&browser, "Set password");
    browser.wait_for_page("ride.html");
    let user = call(
        &site,
        "AdminGetUser",
        json!({"UserPoolId": pool_id, "Username": email}),
    );
    assert_eq!(user["UserStatus"], "CONFIRMED");
    assert!(user["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["Name"] == "name" && a["Value"] == "Rita Rider"));
}

#[test]
fn a_new_password_step_that_took_too_long_starts_again() {
    let site = Site::start();
    let email = "slow@example.com";
    call(
        &site,
        "AdminCreateUser",
        json!({"UserPoolId": POOL, "Username": email, "TemporaryPassword": "Temp0rary!", "MessageAction": "SUPPRESS"}),
    );
    let browser = site.browser();
    site.sign_in(&browser, email, "Temp0rary!");
    browser.wait_for_text("Your account was made with a temporary password.");
    // Past the step's 3 minutes (and within SRP's 5-minute timestamp
    // window, so that the page's clock still signs in).
    site.advance_clock(200);
    browser.type_into("#password", "Ch0senUnicorns!");
    browser.type_into("#confirm-password", "Ch0senUnicorns!");
    press(&browser, "Set password");
    browser.wait_for_text("This step took too long. Sign in again with your temporary password.");
    press(&browser, "Start again");
    browser.find("#email");
    assert_eq!(browser.value("#password"), "");
    // Signing in again opens a new step, which finishes.
    browser.type_into("#password", "Temp0rary!");
    browser.click("button[type=submit]");
    browser.wait_for_text("Your account was made with a temporary password.");
    browser.type_into("#password", "Ch0senUnicorns!");
    browser.type_into("#confirm-password", "Ch0senUnicorns!");
    press(&browser, "Set password");
    browser.wait_for_page("ride.html");
}

/// Signs in `email` and opens the account page from the ride page's link.
fn open_account(site: &Site, browser: &Browser, email: &str, password: &str) {
    site.sign_in(browser, email, password);
    browser.wait_for_page("ride.html");
    browser.click("a[href='/account.html']");
    browser.wait_for_page("account.html");
    browser.wait_for_text("Your account");
}

#[test]
fn the_account_page_changes_the_password_with_its_mistakes_explained() {
    let site = Site::start();
    let email = "changer@example.com";
    confirmed_user(&site, email);
    // Rules on the page laxer than the pool's, so that the pool's refusal
    // can be seen.
    site.set_config(&config_js(&site.cognito.url(), 8, false));
    let browser = site.browser();
    open_account(&site, &browser, email, PASSWORD);
    browser.wait_for_text(&format!("Email: {email} (verified)"));
    assert_eq!(
        browser
            .attribute("#current-password", "autocomplete")
            .as_deref(),
        Some("current-password")
    );
    let change = |current: &str, new: &str, repeated: &str| {
        browser.type_into("#current-password", current);
        browser.type_into("#password", new);
        browser.type_into("#confirm-password", repeated);
        press(&browser, "Change password");
    };
    change("", "N3wUnicorns!", "N3wUnicorns!");
    browser.wait_for_text("Please enter your current password.");
    change(PASSWORD, "N3wUnicorns!", "N3wUnicorns?");
    browser.wait_for_text("The two passwords don't match.");
    change(PASSWORD, "n3wunicorns!", "n3wunicorns!");
    browser.wait_for_text("This password doesn't meet the rules listed under the password field.");
    change("Wr0ng!pass", "N3wUnicorns!", "N3wUnicorns!");
    browser.wait_for_text("Your current password isn't right.");
    change(PASSWORD, "N3wUnicorns!", "N3wUnicorns!");
    browser.wait_for_text("Your password is changed.");
    assert_eq!(browser.value("#current-password"), "");
    // identity-js on the same origin still reads a valid session.
    let seen = identity_js_session(&browser);
    assert_eq!(seen["valid"], true, "{seen}");

    // The new password signs in; the old one does not.
    browser.go(&site.page("ride.html"));
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_text("Incorrect email or password.");
    open_account(&site, &browser, email, "N3wUnicorns!");
    // Both passwords went only to ChangePassword (and the first to SignUp).
    assert_password_only_in(
        &site,
        &browser,
        "N3wUnicorns!",
        &["SignUp", "ChangePassword"],
    );
    assert_password_only_in(&site, &browser, PASSWORD, &["SignUp", "ChangePassword"]);

    // Wrong current passwords lock the account, as sign-in does.
    for _ in 0..5 {
        change("Wr0ng!pass", "An0therUnicorn!", "An0therUnicorn!");
        browser.wait_until("the answer", || {
            (!browser.exists("button[aria-busy=true]")).then_some(())
        });
    }
    change("N3wUnicorns!", "An0therUnicorn!", "An0therUnicorn!");
    browser.wait_for_text("Too many wrong passwords. Wait a few minutes and try again.");
    let seen = identity_js_session(&browser);
    assert_eq!(seen["valid"], true, "{seen}");
}

#[test]
fn the_account_page_changes_the_email_after_its_code() {
    let site = Site::start();
    let (email, new_email) = ("mover@example.com", "moved@example.com");
    confirmed_user(&site, email);
    confirmed_user(&site, "neighbour@example.com");
    let browser = site.browser();
    open_account(&site, &browser, email, PASSWORD);
    browser.wait_for_text(&format!("Email: {email} (verified)"));

    browser.type_into("#new-email", "neighbour@example.com");
    press(&browser, "Change email");
    browser.wait_for_text("Another account already uses this email.");
    browser.type_into("#new-email", email);
    press(&browser, "Change email");
    browser.wait_for_text("This is already your email.");
    browser.type_into("#new-email", new_email);
    press(&browser, "Change email");
    browser.wait_for_text(&format!("We sent a code to {new_email}."));
    // Pending: which address, and that it waits for its code.
    browser.wait_for_text(&format!("Email: {new_email} (not verified yet"));
    let first = site.code_for(new_email);
    let wrong = if first == "123456" {
        "654321"
    } else {
        "123456"
    };
    browser.type_into("#code", wrong);
    press(&browser, "Verify");
    browser.wait_for_text("That code isn't right.");
    press(&browser, "Resend code");
    browser.wait_for_text("We sent a code to m***@e***.");
    let second = site.code_for(new_email);
    browser.type_into("#code", &second);
    press(&browser, "Verify");
    browser.wait_for_text("Your new email is verified.");
    browser.wait_for_text(&format!("Email: {new_email} (verified)"));
    // The session names the new email too: this page's, and identity-js's.
    let seen = identity_js_session(&browser);
    assert_eq!(seen["valid"], true, "{seen}");
    assert_eq!(seen["email"], new_email);
    browser.click("a[href='/ride.html']");
    browser.wait_for_text(&format!("Signed in as {new_email}"));

    // The new email signs in.
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    site.sign_in(&browser, new_email, PASSWORD);
    browser.wait_for_page("ride.html");
}

#[test]
fn sign_out_everywhere_ends_every_session_of_the_user() {
    let site = Site::start();
    let email = "everywhere@example.com";
    confirmed_user(&site, email);
    // Another device's session.
    let other = call(
        &site,
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT,
               "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD}}),
    );
    let browser = site.browser();
    open_account(&site, &browser, email, PASSWORD);
    let access = stored(&browser, "accessToken");
    press(&browser, "Sign out everywhere");
    browser.wait_for_page("signin.html");
    browser.wait_for_text("You're signed out on every device.");
    assert_eq!(last_auth_user(&browser), Value::Null);
    let (code, message) = refused(&site, "GetUser", json!({"AccessToken": access}));
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("NotAuthorizedException", "Access Token has been revoked")
    );
    let (code, _) = refused(
        &site,
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
               "AuthParameters": {"REFRESH_TOKEN": other["AuthenticationResult"]["RefreshToken"]}}),
    );
    assert_eq!(code, "NotAuthorizedException");
}

#[test]
fn an_account_is_deleted_only_after_the_second_yes() {
    let site = Site::start();
    let email = "leaving@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    open_account(&site, &browser, email, PASSWORD);
    press(&browser, "Delete account");
    browser.wait_for_text("It cannot be undone.");
    press(&browser, "Cancel");
    browser.find("button.secondary:not([hidden])");
    let deletions = || {
        site.requests()
            .iter()
            .filter(|(target, _)| target.ends_with(".DeleteUser"))
            .count()
    };
    // Nothing was asked of the service by the first click and a cancel.
    assert_eq!(deletions(), 0);
    press(&browser, "Delete account");
    press(&browser, "Yes, delete my account");
    browser.wait_for_page("index.html");
    browser.wait_for_text("Your account is deleted.");
    assert_eq!(last_auth_user(&browser), Value::Null);
    let (code, _) = refused(
        &site,
        "AdminGetUser",
        json!({"UserPoolId": POOL, "Username": email}),
    );
    assert_eq!(code, "UserNotFoundException");
    // No dead end: the way in is there.
    browser.find("a[href='/register.html']");
    assert_eq!(deletions(), 1);
}

#[test]
fn the_account_page_renews_an_expired_access_token_and_ends_a_revoked_session() {
    let site = Site::start();
    let email = "napper@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    open_account(&site, &browser, email, PASSWORD);
    browser.wait_for_text(&format!("Email: {email} (verified)"));
    // The laptop slept past the access token's end; the page's refresh
    // timer has not run. A change still goes through, after a refresh.
    site.advance_clock(2 * 3600);
    browser.type_into("#current-password", PASSWORD);
    browser.type_into("#password", "N3wUnicorns!");
    browser.type_into("#confirm-password", "N3wUnicorns!");
    press(&browser, "Change password");
    browser.wait_for_text("Your password is changed.");
    // Revoked elsewhere (an administrator signed the user out): the next
    // action sends the user to sign in, saying why.
    call(
        &site,
        "AdminUserGlobalSignOut",
        json!({"UserPoolId": POOL, "Username": email}),
    );
    site.advance_clock(1);
    browser.type_into("#new-email", "napper2@example.com");
    press(&browser, "Change email");
    browser.wait_for_page("signin.html");
    browser.wait_for_text("Your session ended. Please sign in again.");
    assert_eq!(last_auth_user(&browser), Value::Null);
}

#[test]
fn sign_out_after_the_access_token_expired_still_ends_the_session() {
    let site = Site::start();
    let email = "sleepy@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_page("ride.html");
    let refresh = stored(&browser, "refreshToken");
    // The laptop slept: the server's clock is past the access token's end,
    // the page's has not moved.
    site.advance_clock(2 * 3600);
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    assert_eq!(last_auth_user(&browser), Value::Null);
    let targets: Vec<String> = site.requests().into_iter().map(|(t, _)| t).collect();
    let global = targets
        .iter()
        .position(|t| t.ends_with(".GlobalSignOut"))
        .unwrap();
    assert!(targets[global..]
        .iter()
        .any(|t| t.ends_with(".RevokeToken")));
    let (code, _) = refused(
        &site,
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
               "AuthParameters": {"REFRESH_TOKEN": refresh}}),
    );
    assert_eq!(code, "NotAuthorizedException");
}

#[test]
fn a_client_that_rotates_refresh_tokens_is_refreshed_with_get_tokens_from_refresh_token() {
    let site = Site::start();
    let email = "rotating@example.com";
    confirmed_user(&site, email);
    let client = call(
        &site,
        "CreateUserPoolClient",
        json!({"UserPoolId": POOL, "ClientName": "rotating",
               "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"],
               "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 0}}),
    );
    let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap();
    let browser = site.browser();
    // config.js says nothing of rotation first, then says it.
    for said in ["", "refreshTokenRotation: true, "] {
        site.set_config(
            &config_js(&site.cognito.url(), 8, true)
                .replace(CLIENT, client_id)
                .replace("endpoint:", &format!("{said}endpoint:")),
        );
        let stored_key = |browser: &Browser, key: &str| {
            let user = browser.script(
                &format!("return localStorage.getItem('CognitoIdentityServiceProvider.{client_id}.LastAuthUser')"),
                json!([]),
            );
            browser.script(
                &format!("return localStorage.getItem('CognitoIdentityServiceProvider.{client_id}.' + arguments[0] + '.{key}')"),
                json!([user]),
            )
        };
        site.sign_in(&browser, email, PASSWORD);
        browser.wait_for_page("ride.html");
        let first = stored_key(&browser, "refreshToken");
        let user = browser.script(
            &format!("return localStorage.getItem('CognitoIdentityServiceProvider.{client_id}.LastAuthUser')"),
            json!([]),
        );
        browser.script(
            &format!("localStorage.setItem('CognitoIdentityServiceProvider.{client_id}.' + arguments[0] + '.clockDrift', '-4000')"),
            json!([user]),
        );
        let before = site.requests().len();
        browser.reload();
        let renewed = browser.wait_until("a rotated refresh token", || {
            let now = stored_key(&browser, "refreshToken");
            (now != first && !now.is_null()).then_some(now)
        });
        browser.wait_for_text(&format!("Signed in as {email}"));
        // Told by config.js, the app goes straight to GetTokensFromRefreshToken;
        // not told, it gets there after one refused REFRESH_TOKEN_AUTH.
        let refreshes: Vec<(String, String)> = site.requests().split_off(before);
        let targets: Vec<&str> = refreshes
            .iter()
            .map(|(t, _)| t.trim_start_matches("AWSCognitoIdentityProviderService."))
            .collect();
        let expected = if said.is_empty() {
            vec!["InitiateAuth", "GetTokensFromRefreshToken"]
        } else {
            vec!["GetTokensFromRefreshToken"]
        };
        assert_eq!(targets, expected, "{refreshes:?}");
        // The old refresh token is spent (no grace period).
        let (code, _) = refused(
            &site,
            "GetTokensFromRefreshToken",
            json!({"ClientId": client_id, "RefreshToken": first}),
        );
        assert_eq!(code, "RefreshTokenReuseException", "{said}");
        assert_ne!(renewed, first);
        browser.click("button.primary");
        browser.wait_for_page("signin.html");
    }
}

#[test]
fn an_offline_refresh_keeps_the_session_and_tries_again() {
    let site = Site::start();
    let email = "offline@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_page("ride.html");
    let first = stored(&browser, "idToken");
    // The service out of reach (the page itself still loads).
    browser.cdp("Network.enable", json!({}));
    browser.cdp(
        "Network.setBlockedURLs",
        json!({"urls": [format!("{}*", site.cognito.url())]}),
    );
    set_clock_behind(&browser);
    browser.reload();
    browser.wait_for_text(&format!("Signed in as {email}"));
    browser.wait_for_text("(renewing it now…)");
    // The refresh failed: the session stays, in the page and in storage.
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert!(browser.url().ends_with("ride.html"));
    assert_eq!(stored(&browser, "idToken"), first);
    // Back online: the next try renews it.
    browser.cdp("Network.setBlockedURLs", json!({"urls": []}));
    // (The app tries again 30 s after a failure.)
    let started = std::time::Instant::now();
    while stored(&browser, "idToken") == first {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the refresh was not tried again"
        );
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    browser.wait_for_text(&format!("Signed in as {email}"));
    assert!(browser.url().ends_with("ride.html"));
}

/// RFC 4648 base32 (no padding), as authenticator apps read a key.
fn base32_decode(text: &str) -> Vec<u8> {
    let (mut bits, mut value, mut out) = (0u32, 0u64, Vec::new());
    for c in text.bytes() {
        let digit = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32: {text}"),
        };
        value = (value << 5) | u64::from(digit);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((value >> bits) as u8);
        }
    }
    out
}

/// The code an authenticator app shows for `secret` at `unix` (RFC 6238:
/// HMAC-SHA1, 30-second steps, 6 digits).
fn totp(secret: &str, unix: i64) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(&base32_decode(secret)).unwrap();
    mac.update(&((unix / 30) as u64).to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let at = usize::from(hash[19] & 0xf);
    let number = u32::from_be_bytes([hash[at] & 0x7f, hash[at + 1], hash[at + 2], hash[at + 3]]);
    format!("{:06}", number % 1_000_000)
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The pool's MFA configuration: `mode` (OPTIONAL or ON), with
/// authenticator apps allowed.
fn set_pool_mfa(site: &Site, mode: &str) {
    call(
        site,
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": POOL, "MfaConfiguration": mode,
               "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
    );
}

/// A code that is not `right` (nor, but by a one-in-a-million chance, a
/// neighbouring step's).
fn wrong_code(right: &str) -> String {
    format!("{:06}", (right.parse::<u32>().unwrap() + 1) % 1_000_000)
}

#[test]
fn two_step_sign_in_with_an_authenticator_app() {
    let site = Site::start();
    set_pool_mfa(&site, "OPTIONAL");
    let email = "twostep@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    open_account(&site, &browser, email, PASSWORD);
    press(&browser, "Set up authenticator app");
    // The QR code, and the key as text for typing in.
    browser.find("svg.qr[role=img] path");
    let secret = shown_key(&browser);
    assert!(secret.len() >= 16, "{secret}");
    assert_eq!(
        browser.attribute("#totp-code", "autocomplete").as_deref(),
        Some("one-time-code")
    );
    browser.type_into("#totp-code", &wrong_code(&totp(&secret, unix_now())));
    press(&browser, "Turn on");
    browser.wait_for_text("That code isn't right. Check that your phone's clock is right");
    browser.type_into("#totp-code", &totp(&secret, unix_now()));
    press(&browser, "Turn on");
    browser.wait_for_text("Two-step sign-in is on.");
    browser.wait_for_text("signing in asks for a code from your authenticator app");
    let user = call(
        &site,
        "AdminGetUser",
        json!({"UserPoolId": POOL, "Username": email}),
    );
    assert_eq!(user["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));

    // The next sign-in asks for a code (the next step's: a code counts once).
    site.advance_clock(30);
    let server_now = || unix_now() + 30;
    browser.go(&site.page("ride.html"));
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_text("Enter the 6-digit code your authenticator app shows.");
    assert_eq!(
        browser.attribute("#totp-code", "autocomplete").as_deref(),
        Some("one-time-code")
    );
    browser.type_into("#totp-code", &wrong_code(&totp(&secret, server_now())));
    browser.click("button[type=submit]");
    browser
        .wait_for_text("That code isn't right. Enter the code your authenticator app shows now.");
    let code = totp(&secret, server_now());
    browser.type_into("#totp-code", &code);
    browser.click("button[type=submit]");
    browser.wait_for_page("ride.html");
    browser.wait_for_text(&format!("Signed in as {email}"));
    // The key is in no storage and no address.
    let kept = browser.script(
        "return JSON.stringify([location.href, Object.entries(localStorage), Object.entries(sessionStorage)])",
        json!([]),
    );
    assert!(!kept.as_str().unwrap().contains(&secret), "{kept}");

    // A code counts once: the same one again is refused, plainly.
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_text("Enter the 6-digit code your authenticator app shows.");
    browser.type_into("#totp-code", &format!("{} {}", &code[..3], &code[3..]));
    browser.click("button[type=submit]");
    browser
        .wait_for_text("That code was just used. Wait for the next one in your authenticator app.");
    press(&browser, "Start again");
    browser.find("#email");
    site.advance_clock(30);
    let server_now = || unix_now() + 60;
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_text("Enter the 6-digit code your authenticator app shows.");
    browser.type_into("#totp-code", &totp(&secret, server_now()));
    browser.click("button[type=submit]");
    browser.wait_for_page("ride.html");

    // Turned off, sign-in asks for no code.
    browser.click("a[href='/account.html']");
    browser.wait_for_page("account.html");
    press(&browser, "Turn off two-step sign-in");
    browser.wait_for_text("Two-step sign-in is off.");
    browser.go(&site.page("ride.html"));
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_page("ride.html");
}

/// The authenticator app's key as the page shows it (groups of four).
fn shown_key(browser: &Browser) -> String {
    browser.wait_until("the key", || {
        let shown = browser.script(
            "return document.getElementById('totp-secret').textContent",
            json!([]),
        );
        shown
            .as_str()
            .filter(|s| !s.is_empty())
            .map(|s| s.replace(' ', ""))
    })
}

#[test]
fn a_pool_that_requires_two_step_sign_in_sets_it_up_while_signing_in() {
    let site = Site::start();
    set_pool_mfa(&site, "ON");
    let email = "required@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_text("This site asks for two-step sign-in.");
    browser.find("svg.qr[role=img] path");
    let secret = shown_key(&browser);
    browser.type_into("#totp-code", &wrong_code(&totp(&secret, unix_now())));
    press(&browser, "Turn on and sign in");
    browser.wait_for_text("That code isn't right. Check that your phone's clock is right");
    browser.type_into("#totp-code", &totp(&secret, unix_now()));
    press(&browser, "Turn on and sign in");
    browser.wait_for_page("ride.html");
    browser.wait_for_text(&format!("Signed in as {email}"));
    let user = call(
        &site,
        "AdminGetUser",
        json!({"UserPoolId": POOL, "Username": email}),
    );
    assert_eq!(user["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));

    // A user an administrator made sets a password first, then the app.
    let invited = "invited-required@example.com";
    call(
        &site,
        "AdminCreateUser",
        json!({"UserPoolId": POOL, "Username": invited, "TemporaryPassword": "Temp0rary!", "MessageAction": "SUPPRESS"}),
    );
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    site.sign_in(&browser, invited, "Temp0rary!");
    browser.wait_for_text("Your account was made with a temporary password.");
    browser.type_into("#password", "Ch0senUnicorns!");
    browser.type_into("#confirm-password", "Ch0senUnicorns!");
    press(&browser, "Set password");
    browser.wait_for_text("This site asks for two-step sign-in.");
    let secret = shown_key(&browser);
    browser.type_into("#totp-code", &totp(&secret, unix_now()));
    press(&browser, "Turn on and sign in");
    browser.wait_for_page("ride.html");
    browser.wait_for_text(&format!("Signed in as {invited}"));
}

/// Turns two-step sign-in on from the account page: the key read from the
/// page, the app's code computed here. Returns the key.
fn set_up_authenticator(browser: &Browser) -> String {
    press(browser, "Set up authenticator app");
    let secret = shown_key(browser);
    browser.type_into("#totp-code", &totp(&secret, unix_now()));
    press(browser, "Turn on");
    browser.wait_for_text("Two-step sign-in is on.");
    secret
}

#[test]
fn a_remembered_device_signs_in_without_the_code_until_it_is_forgotten() {
    let site = Site::start();
    set_pool_mfa(&site, "OPTIONAL");
    // UpdateUserPool resets what it is not given: the pool's own settings go
    // along with the device tracking.
    let pool = call(&site, "DescribeUserPool", json!({"UserPoolId": POOL}))["UserPool"].clone();
    call(
        &site,
        "UpdateUserPool",
        json!({"UserPoolId": POOL, "Policies": pool["Policies"],
               "AutoVerifiedAttributes": pool["AutoVerifiedAttributes"],
               "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true,
                                       "DeviceOnlyRememberedOnUserPrompt": true}}),
    );
    let email = "remembered@example.com";
    confirmed_user(&site, email);
    let browser = site.browser();
    open_account(&site, &browser, email, PASSWORD);
    let secret = set_up_authenticator(&browser);
    browser.wait_for_text("No device is remembered.");

    // A code, with "Remember this device" ticked.
    site.advance_clock(30);
    let server_now = || unix_now() + 30;
    browser.go(&site.page("ride.html"));
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_text("Enter the 6-digit code your authenticator app shows.");
    browser.click("#remember-device");
    browser.type_into("#totp-code", &totp(&secret, server_now()));
    browser.click("button[type=submit]");
    browser.wait_for_page("ride.html");
    let device_key = browser.wait_until("the device's keys", || {
        let key = stored(&browser, "deviceKey");
        key.as_str().map(String::from)
    });
    assert!(stored(&browser, "deviceGroupKey").is_string());
    // The device's random password stays in this browser: no request
    // carried it (ConfirmDevice sends a verifier made from it).
    let device_password = stored(&browser, "randomPasswordKey");
    let device_password = device_password.as_str().unwrap();
    assert!(site
        .requests()
        .iter()
        .all(|(_, body)| !body.contains(device_password)));
    let devices = call(
        &site,
        "AdminListDevices",
        json!({"UserPoolId": POOL, "Username": email}),
    );
    assert_eq!(
        devices["Devices"][0]["DeviceKey"],
        device_key.as_str(),
        "{devices}"
    );

    // Signed out (the device's keys stay) and in again: no code is asked.
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    assert_eq!(
        stored_for(&browser, &devices_user(&site, email), "deviceKey"),
        json!(device_key)
    );
    let before = site.requests().len();
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_page("ride.html");
    let targets: Vec<String> = site.requests()[before..]
        .iter()
        .map(|(target, body)| format!("{target} {body}"))
        .collect();
    assert!(
        targets
            .iter()
            .any(|t| t.contains("DEVICE_PASSWORD_VERIFIER")),
        "{targets:?}"
    );

    // amazon-cognito-identity-js on the same origin shares the device: its
    // sign-in finds the keys the app stored and needs no code either.
    let library = identity_js();
    let shared = browser.async_script(
        &format!(
            "{library}\n;const done = arguments[arguments.length - 1];
            const pool = new AmazonCognitoIdentity.CognitoUserPool({{ UserPoolId: '{POOL}', ClientId: '{CLIENT}', endpoint: arguments[0] }});
            const user = new AmazonCognitoIdentity.CognitoUser({{ Username: arguments[1], Pool: pool }});
            user.authenticateUser(new AmazonCognitoIdentity.AuthenticationDetails({{ Username: arguments[1], Password: arguments[2] }}), {{
                onSuccess: (session) => done({{ ok: session.isValid() }}),
                onFailure: (err) => done({{ error: String(err) }}),
                totpRequired: () => done({{ error: 'a code was asked' }}),
                mfaRequired: () => done({{ error: 'a code was asked' }}),
            }});"
        ),
        json!([site.cognito.url(), email, PASSWORD]),
    );
    assert_eq!(shared["ok"], true, "{shared}");

    // The account page lists it, and forgets it.
    browser.click("a[href='/account.html']");
    browser.wait_for_page("account.html");
    browser.wait_for_text("(this browser)");
    press(&browser, "Forget");
    browser.wait_for_text("The device is forgotten");
    assert_eq!(stored(&browser, "deviceKey"), Value::Null);
    let devices = call(
        &site,
        "AdminListDevices",
        json!({"UserPoolId": POOL, "Username": email}),
    );
    assert_eq!(devices["Devices"], json!([]), "{devices}");
    browser.go(&site.page("ride.html"));
    browser.click("button.primary");
    browser.wait_for_page("signin.html");
    let confirmations = || {
        site.requests()
            .iter()
            .filter(|(target, _)| target.ends_with(".ConfirmDevice"))
            .count()
    };
    let code_sign_in = |remember: bool, server_now: i64| {
        site.sign_in(&browser, email, PASSWORD);
        browser.wait_for_text("Enter the 6-digit code your authenticator app shows.");
        if remember {
            browser.click("#remember-device");
        }
        browser.type_into("#totp-code", &totp(&secret, server_now));
        browser.click("button[type=submit]");
        browser.wait_for_page("ride.html");
        browser.click("button.primary");
        browser.wait_for_page("signin.html");
    };
    // Forgotten, it is asked for a code again; the box left alone, no
    // device is confirmed.
    site.advance_clock(30);
    code_sign_in(false, unix_now() + 60);
    assert_eq!(confirmations(), 1);

    // Remembered again, then forgotten by an administrator: the pool no
    // longer knows the key, so the page forgets it and asks for the code.
    site.advance_clock(30);
    code_sign_in(true, unix_now() + 90);
    assert_eq!(confirmations(), 2);
    let user = devices_user(&site, email);
    let again = stored_for(&browser, &user, "deviceKey");
    call(
        &site,
        "AdminForgetDevice",
        json!({"UserPoolId": POOL, "Username": email, "DeviceKey": again}),
    );
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_text("Enter the 6-digit code your authenticator app shows.");
    assert_eq!(stored_for(&browser, &user, "deviceKey"), Value::Null);
}

/// The user's `USER_ID_FOR_SRP` (the name identity-js keys storage by).
fn devices_user(site: &Site, email: &str) -> String {
    call(
        site,
        "AdminGetUser",
        json!({"UserPoolId": POOL, "Username": email}),
    )["Username"]
        .as_str()
        .unwrap()
        .to_string()
}

/// `user`'s `key` in storage (after sign-out, when LastAuthUser is gone).
fn stored_for(browser: &Browser, user: &str, key: &str) -> Value {
    browser.script(
        &format!("return localStorage.getItem('CognitoIdentityServiceProvider.{CLIENT}.' + arguments[0] + '.{key}')"),
        json!([user]),
    )
}

#[test]
fn a_code_by_email_is_the_second_step_where_the_user_chose_it() {
    let site = Site::start();
    call(
        &site,
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": POOL, "MfaConfiguration": "OPTIONAL",
               "EmailMfaConfiguration": {"Subject": "Your Wild Rydes sign-in code",
                                         "Message": "Your Wild Rydes sign-in code is {####}."}}),
    );
    let email = "emailed@example.com";
    confirmed_user(&site, email);
    call(
        &site,
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": POOL, "Username": email,
               "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    );
    let browser = site.browser();
    site.sign_in(&browser, email, PASSWORD);
    browser.wait_for_text("We emailed a 6-digit code to e***@e***");
    assert_eq!(
        browser.attribute("#email-code", "autocomplete").as_deref(),
        Some("one-time-code")
    );
    let code = site.code_for(email);
    browser.type_into("#email-code", &wrong_code(&code));
    browser.click("button[type=submit]");
    browser.wait_for_text("That code isn't right. Enter the code from the latest email we sent.");
    browser.type_into("#email-code", &code);
    browser.click("button[type=submit]");
    browser.wait_for_page("ride.html");
    browser.wait_for_text(&format!("Signed in as {email}"));
    // The code went only to EMAIL_OTP's answer.
    assert_password_only_in(&site, &browser, PASSWORD, &["SignUp"]);
}
