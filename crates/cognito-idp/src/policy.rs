//! What a password policy asks of a password: its rules, in the order
//! Cognito checks them, and Cognito's reason for each. The server enforces
//! them; the app shows and ticks them as the user types. (The policy itself
//! is a wire type, [`PasswordPolicy`].)

use crate::types::PasswordPolicy;

/// Cognito's symbol characters: `^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + -` and space.
pub const PASSWORD_SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

/// One rule of a password policy. The server enforces them; the app shows
/// and ticks them as the user types. Character classes are ASCII, as in
/// Cognito.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRule {
    MinimumLength(u32),
    Lowercase,
    Uppercase,
    Numbers,
    Symbols,
}

impl PasswordRule {
    pub fn is_met_by(self, password: &str) -> bool {
        match self {
            PasswordRule::MinimumLength(n) => password.chars().count() >= n as usize,
            PasswordRule::Lowercase => password.chars().any(|c| c.is_ascii_lowercase()),
            PasswordRule::Uppercase => password.chars().any(|c| c.is_ascii_uppercase()),
            PasswordRule::Numbers => password.chars().any(|c| c.is_ascii_digit()),
            PasswordRule::Symbols => password.chars().any(|c| PASSWORD_SYMBOLS.contains(c)),
        }
    }

    /// Cognito's reason when a password breaks the rule, as it follows
    /// "Password did not conform with policy: ".
    pub fn cognito_reason(self) -> &'static str {
        match self {
            PasswordRule::MinimumLength(_) => "Password not long enough",
            PasswordRule::Lowercase => "Password must have lowercase characters",
            PasswordRule::Uppercase => "Password must have uppercase characters",
            PasswordRule::Numbers => "Password must have numeric characters",
            PasswordRule::Symbols => "Password must have symbol characters",
        }
    }
}

impl PasswordPolicy {
    /// The policy's rules, in the order Cognito checks them.
    pub fn rules(&self) -> Vec<PasswordRule> {
        let mut rules = vec![PasswordRule::MinimumLength(self.minimum_length)];
        for (wanted, rule) in [
            (self.require_lowercase, PasswordRule::Lowercase),
            (self.require_uppercase, PasswordRule::Uppercase),
            (self.require_numbers, PasswordRule::Numbers),
            (self.require_symbols, PasswordRule::Symbols),
        ] {
            if wanted {
                rules.push(rule);
            }
        }
        rules
    }

    /// The first rule `password` breaks, the one Cognito reports.
    pub fn first_unmet(&self, password: &str) -> Option<PasswordRule> {
        self.rules()
            .into_iter()
            .find(|rule| !rule.is_met_by(password))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_follow_the_policy_in_cognitos_order() {
        let policy = PasswordPolicy {
            require_symbols: false,
            ..PasswordPolicy::default()
        };
        assert_eq!(
            policy.rules(),
            [
                PasswordRule::MinimumLength(8),
                PasswordRule::Lowercase,
                PasswordRule::Uppercase,
                PasswordRule::Numbers
            ]
        );
        assert_eq!(
            policy.first_unmet("AAAAAAAA1"),
            Some(PasswordRule::Lowercase)
        );
        assert_eq!(policy.first_unmet("aaaaaaaA1"), None);
        assert!(PasswordRule::Symbols.is_met_by("a b"));
        assert!(PasswordRule::Symbols.is_met_by("a\\b"));
        assert!(!PasswordRule::Symbols.is_met_by("ab1"));
    }
}
