//! The settings in `js/config.js` (`window._config`, the AWS workshop's
//! format, plus optional `cognito.endpoint`, `cognito.passwordPolicy`,
//! `cognito.refreshTokenRotation` and `cognito.signInMethods`).

use cognito_idp::types::PasswordPolicy;
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub user_pool_id: String,
    pub client_id: String,
    pub region: String,
    /// A Cognito-compatible endpoint (local-cognito); None: the real service.
    pub endpoint: Option<String>,
    /// The pool's password policy (config.js's, or Cognito's default).
    pub password_policy: PasswordPolicy,
    /// The app client has refresh-token rotation on: refresh with
    /// GetTokensFromRefreshToken (the app also finds it out by itself).
    pub refresh_token_rotation: bool,
    /// The ways to sign in besides the password that config.js lists
    /// (`signInMethods`, the pool's AllowedFirstAuthFactors); None when it
    /// lists none: the sign-in page then asks the service per account.
    pub sign_in_methods: Option<Vec<FirstFactor>>,
}

/// A way to sign in without the password (USER_AUTH's choices), as
/// config.js names them and the service's AvailableChallenges lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstFactor {
    /// WEB_AUTHN: a passkey on this device.
    Passkey,
    /// EMAIL_OTP: a one-time code sent by email.
    EmailCode,
}

impl FirstFactor {
    /// Its challenge name in USER_AUTH (and AllowedFirstAuthFactors).
    pub fn challenge(self) -> &'static str {
        match self {
            FirstFactor::Passkey => "WEB_AUTHN",
            FirstFactor::EmailCode => "EMAIL_OTP",
        }
    }

    /// The factor of a name; None for PASSWORD and what this app does not
    /// offer (SMS_OTP).
    pub fn named(name: &str) -> Option<FirstFactor> {
        [FirstFactor::Passkey, FirstFactor::EmailCode]
            .into_iter()
            .find(|factor| factor.challenge() == name)
    }
}

/// A required setting of `cognito` in config.js.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    UserPoolId,
    ClientId,
    Region,
}

impl Setting {
    /// Its key in `window._config.cognito`.
    pub fn key(self) -> &'static str {
        match self {
            Setting::UserPoolId => "userPoolId",
            Setting::ClientId => "userPoolClientId",
            Setting::Region => "region",
        }
    }
}

/// What is wrong with config.js (`messages` says what to do about it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotInBrowser,
    Missing(Setting),
    /// Left as the workshop's template has it.
    Placeholder(Setting),
    NotAPoolId(String),
    NotAnEndpoint(String),
}

/// Reads `window._config`. On failure, the list of what to fill in.
pub fn load() -> Result<Config, Vec<Problem>> {
    let window = web_sys::window().ok_or_else(|| vec![Problem::NotInBrowser])?;
    let config = get(&window, "_config");
    let cognito = get(&config, "cognito");
    let policy = get(&cognito, "passwordPolicy");
    let rotation = get(&cognito, "refreshTokenRotation").as_bool() == Some(true);
    let methods = get(&cognito, "signInMethods");
    let sign_in_methods = js_sys::Array::is_array(&methods).then(|| {
        js_sys::Array::from(&methods)
            .iter()
            .filter_map(|name| FirstFactor::named(&name.as_string()?))
            .collect()
    });
    from_values(
        text(&cognito, Setting::UserPoolId.key()),
        text(&cognito, Setting::ClientId.key()),
        text(&cognito, Setting::Region.key()),
        text(&cognito, "endpoint"),
        (!policy.is_undefined()).then(|| PasswordPolicy {
            minimum_length: get(&policy, "minimumLength")
                .as_f64()
                .map_or(8, |n| n as u32),
            require_uppercase: get(&policy, "requireUppercase").as_bool().unwrap_or(true),
            require_lowercase: get(&policy, "requireLowercase").as_bool().unwrap_or(true),
            require_numbers: get(&policy, "requireNumbers").as_bool().unwrap_or(true),
            require_symbols: get(&policy, "requireSymbols").as_bool().unwrap_or(true),
            ..PasswordPolicy::default()
        }),
    )
    .map(|config| Config {
        refresh_token_rotation: rotation,
        sign_in_methods,
        ..config
    })
}

fn get(object: &JsValue, key: &str) -> JsValue {
    if object.is_object() {
        js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    get(object, key)
        .as_string()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// A value left as the workshop's template has it.
fn is_placeholder(value: &str) -> bool {
    let upper = value.to_ascii_uppercase();
    upper.contains("XXXX")
        || upper.contains("YOUR")
        || upper.contains("REPLACE")
        || value.contains('<')
}

/// `<region>_<name>`, the name letters and digits.
fn is_pool_id(value: &str) -> bool {
    value.split_once('_').is_some_and(|(region, name)| {
        !region.is_empty() && !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// Checks the values, and names every problem at once.
pub fn from_values(
    user_pool_id: Option<String>,
    client_id: Option<String>,
    region: Option<String>,
    endpoint: Option<String>,
    password_policy: Option<PasswordPolicy>,
) -> Result<Config, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut required = |value: Option<String>, setting| match value {
        Some(v) if !is_placeholder(&v) => v,
        Some(_) => {
            problems.push(Problem::Placeholder(setting));
            String::new()
        }
        None => {
            problems.push(Problem::Missing(setting));
            String::new()
        }
    };
    let user_pool_id = required(user_pool_id, Setting::UserPoolId);
    let client_id = required(client_id, Setting::ClientId);
    let region = required(region, Setting::Region);
    if !user_pool_id.is_empty() && !is_pool_id(&user_pool_id) {
        problems.push(Problem::NotAPoolId(user_pool_id.clone()));
    }
    if let Some(endpoint) = &endpoint {
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
            problems.push(Problem::NotAnEndpoint(endpoint.clone()));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        user_pool_id,
        client_id,
        region,
        endpoint,
        password_policy: password_policy.unwrap_or_default(),
        refresh_token_rotation: false,
        sign_in_methods: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn complete_settings_are_accepted() {
        let config = from_values(
            s("us-east-1_WildRydes"),
            s("abc"),
            s("us-east-1"),
            None,
            None,
        )
        .unwrap();
        assert_eq!(config.password_policy, PasswordPolicy::default());
        assert_eq!(config.endpoint, None);
    }

    #[test]
    fn every_missing_or_placeholder_value_is_named() {
        let problems = from_values(
            s("us-east-1_XXXXXXXXX"),
            None,
            s("us-east-1"),
            s("ftp://x"),
            None,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                Problem::Placeholder(Setting::UserPoolId),
                Problem::Missing(Setting::ClientId),
                Problem::NotAnEndpoint("ftp://x".into()),
            ]
        );
        let bad_id = from_values(s("WildRydes"), s("abc"), s("us-east-1"), None, None).unwrap_err();
        assert_eq!(bad_id, [Problem::NotAPoolId("WildRydes".into())]);
    }
}
