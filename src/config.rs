//! The settings in `js/config.js` (`window._config`, the AWS workshop's
//! format, plus an optional `cognito.endpoint` and `cognito.passwordPolicy`).

use cognito_idp::types::{PasswordPolicy, PasswordRule};
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
}

/// The rules under a password field: each rule's label and whether
/// `password` meets it.
pub fn checklist(policy: &PasswordPolicy, password: &str) -> Vec<(String, bool)> {
    policy
        .rules()
        .into_iter()
        .map(|rule| {
            let label = match rule {
                PasswordRule::MinimumLength(n) => format!("At least {n} characters"),
                PasswordRule::Lowercase => "A lowercase letter".into(),
                PasswordRule::Uppercase => "An uppercase letter".into(),
                PasswordRule::Numbers => "A number".into(),
                PasswordRule::Symbols => "A symbol, such as ! or @".into(),
            };
            (label, rule.is_met_by(password))
        })
        .collect()
}

/// Reads `window._config`. On failure, the list of what to fill in.
pub fn load() -> Result<Config, Vec<String>> {
    let window =
        web_sys::window().ok_or_else(|| vec!["This page must run in a browser.".to_string()])?;
    let config = get(&window, "_config");
    let cognito = get(&config, "cognito");
    let policy = get(&cognito, "passwordPolicy");
    from_values(
        text(&cognito, "userPoolId"),
        text(&cognito, "userPoolClientId"),
        text(&cognito, "region"),
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

/// Checks the values; the errors say what to fill in, in plain words.
pub fn from_values(
    user_pool_id: Option<String>,
    client_id: Option<String>,
    region: Option<String>,
    endpoint: Option<String>,
    password_policy: Option<PasswordPolicy>,
) -> Result<Config, Vec<String>> {
    let mut problems = Vec::new();
    let mut required = |value: Option<String>, name: &str, what: &str| match value {
        Some(v) if !is_placeholder(&v) => Some(v),
        Some(_) => {
            problems.push(format!(
                "cognito.{name} still has the template's placeholder: set it to {what}."
            ));
            None
        }
        None => {
            problems.push(format!("cognito.{name} is missing: set it to {what}."));
            None
        }
    };
    let pool = required(
        user_pool_id,
        "userPoolId",
        "your user pool's id (for example us-east-1_AbCdEf123)",
    );
    let client = required(client_id, "userPoolClientId", "your app client's id");
    let region = required(
        region,
        "region",
        "your user pool's region (for example us-east-1)",
    );
    if let Some(pool) = &pool {
        let valid = pool.split_once('_').is_some_and(|(r, name)| {
            !r.is_empty() && !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !valid {
            problems.push(format!("cognito.userPoolId \"{pool}\" is not a user pool id (region_id, for example us-east-1_AbCdEf123)."));
        }
    }
    if let Some(endpoint) = &endpoint {
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
            problems.push(format!(
                "cognito.endpoint \"{endpoint}\" must be an http(s) URL, or left out for AWS."
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        user_pool_id: pool.unwrap_or_default(),
        client_id: client.unwrap_or_default(),
        region: region.unwrap_or_default(),
        endpoint,
        password_policy: password_policy.unwrap_or_default(),
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
    fn missing_and_placeholder_values_say_what_to_fill_in() {
        let problems = from_values(
            s("us-east-1_XXXXXXXXX"),
            None,
            s("us-east-1"),
            s("ftp://x"),
            None,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("userPoolId still has the template's placeholder"));
        assert!(problems[1].contains("userPoolClientId is missing"));
        assert!(problems[2].contains("endpoint"));
        let bad_id = from_values(s("WildRydes"), s("abc"), s("us-east-1"), None, None).unwrap_err();
        assert!(bad_id[0].contains("is not a user pool id"));
    }

    #[test]
    fn rules_are_ticked_as_the_password_grows() {
        let policy = PasswordPolicy {
            require_symbols: false,
            ..PasswordPolicy::default()
        };
        let met = |p: &str| checklist(&policy, p).iter().filter(|(_, ok)| *ok).count();
        assert_eq!(checklist(&policy, "").len(), 4);
        assert_eq!(met(""), 0);
        assert_eq!(met("a"), 1);
        assert_eq!(met("aB3"), 3);
        assert_eq!(met("aB3aaaaa"), 4);
    }
}
