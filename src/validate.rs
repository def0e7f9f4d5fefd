//! What the forms check before they send anything: the answers are values,
//! and `messages` says them in words.

use cognito_idp::types::PasswordPolicy;

/// A form's input that cannot be sent as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// Sign-up and sign-in: no email address.
    Email,
    /// Verify: no email address to confirm.
    RegisteredEmail,
    /// "Resend code" with no address to send it to.
    EmailForCode,
    NoPassword,
    PasswordRules,
    PasswordsDiffer,
    CodeFormat,
    NoCurrentPassword,
    /// A new email that is the one the account has.
    SameEmail,
    /// A required attribute left empty.
    MissingAttribute,
    /// Not the 6 digits an authenticator app shows.
    AppCodeFormat,
    /// A passkey or an emailed code asked for with no address to sign in.
    EmailFirst,
    /// Not the digits of an emailed sign-in code.
    SignInCodeFormat,
}

/// Something that can be an email address: text on both sides of an `@`.
/// The service checks the rest.
fn is_email(address: &str) -> bool {
    address
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
}

fn email(address: &str, otherwise: Invalid) -> Result<(), Invalid> {
    if is_email(address) {
        Ok(())
    } else {
        Err(otherwise)
    }
}

pub fn registration(
    policy: &PasswordPolicy,
    address: &str,
    password: &str,
    confirmation: &str,
) -> Result<(), Invalid> {
    email(address, Invalid::Email)?;
    new_password(policy, password, confirmation)
}

/// A password being chosen: the pool's rules met, and typed the same twice.
fn new_password(policy: &PasswordPolicy, password: &str, repeated: &str) -> Result<(), Invalid> {
    if policy.first_unmet(password).is_some() {
        Err(Invalid::PasswordRules)
    } else if password != repeated {
        Err(Invalid::PasswordsDiffer)
    } else {
        Ok(())
    }
}

pub fn sign_in(address: &str, password: &str) -> Result<(), Invalid> {
    email(address, Invalid::Email)?;
    if password.is_empty() {
        Err(Invalid::NoPassword)
    } else {
        Ok(())
    }
}

/// The address to sign in without a password (a passkey, an emailed code).
pub fn email_first(address: &str) -> Result<(), Invalid> {
    email(address, Invalid::EmailFirst)
}

/// An emailed sign-in code: its digits (6 to 8, however the service makes
/// them), spaces left out.
pub fn sign_in_code(typed: &str) -> Result<String, Invalid> {
    let digits: String = typed.split_whitespace().collect();
    if (6..=8).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(Invalid::SignInCodeFormat)
    }
}

/// The 6 digits of the email, for the address they were sent to.
pub fn confirmation(address: &str, digits: &str) -> Result<(), Invalid> {
    email(address, Invalid::RegisteredEmail)?;
    code(digits)
}

pub fn resend(address: &str) -> Result<(), Invalid> {
    email(address, Invalid::EmailForCode)
}

/// A password reset: the address the code went to, its 6 digits, and a new
/// password that meets the rules, typed twice.
pub fn password_reset(
    policy: &PasswordPolicy,
    address: &str,
    code: &str,
    password: &str,
    repeated: &str,
) -> Result<(), Invalid> {
    confirmation(address, code)?;
    new_password(policy, password, repeated)
}

/// An administrator's temporary password replaced: a new password, and a
/// value for each attribute the pool requires.
pub fn first_password(
    policy: &PasswordPolicy,
    password: &str,
    repeated: &str,
    attributes: &[(String, String)],
) -> Result<(), Invalid> {
    new_password(policy, password, repeated)?;
    if attributes.iter().any(|(_, value)| value.trim().is_empty()) {
        return Err(Invalid::MissingAttribute);
    }
    Ok(())
}

/// ChangePassword: the current password, and a new one as on register.
pub fn password_change(
    policy: &PasswordPolicy,
    current: &str,
    password: &str,
    repeated: &str,
) -> Result<(), Invalid> {
    if current.is_empty() {
        return Err(Invalid::NoCurrentPassword);
    }
    new_password(policy, password, repeated)
}

/// A new email for the account: an address, and not the one it has.
pub fn email_change(current: &str, address: &str) -> Result<(), Invalid> {
    email(address, Invalid::Email)?;
    if address.eq_ignore_ascii_case(current) {
        return Err(Invalid::SameEmail);
    }
    Ok(())
}

/// An authenticator app's code: its 6 digits, as typed or pasted (some
/// apps show "123 456").
pub fn app_code(typed: &str) -> Result<String, Invalid> {
    let digits: String = typed.split_whitespace().collect();
    code(&digits)
        .map(|()| digits)
        .map_err(|_| Invalid::AppCodeFormat)
}

/// The new email's code: its 6 digits.
pub fn code(code: &str) -> Result<(), Invalid> {
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Invalid::CodeFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_names_its_first_problem() {
        let policy = PasswordPolicy::default();
        assert_eq!(
            registration(&policy, "rider", "Un1corns!", "Un1corns!"),
            Err(Invalid::Email)
        );
        assert_eq!(
            registration(&policy, "@example.com", "Un1corns!", "Un1corns!"),
            Err(Invalid::Email)
        );
        assert_eq!(
            registration(&policy, "r@example.com", "short", "short"),
            Err(Invalid::PasswordRules)
        );
        assert_eq!(
            registration(&policy, "r@example.com", "Un1corns!", "Un1corns?"),
            Err(Invalid::PasswordsDiffer)
        );
        assert_eq!(
            registration(&policy, "r@example.com", "Un1corns!", "Un1corns!"),
            Ok(())
        );
        assert_eq!(sign_in("r@", "x"), Err(Invalid::Email));
        assert_eq!(sign_in("r@example.com", ""), Err(Invalid::NoPassword));
        assert_eq!(confirmation("", "123456"), Err(Invalid::RegisteredEmail));
        assert_eq!(confirmation("r@e", "12345"), Err(Invalid::CodeFormat));
        assert_eq!(confirmation("r@e", "12345a"), Err(Invalid::CodeFormat));
        assert_eq!(confirmation("r@e", "١٢٣٤٥٦"), Err(Invalid::CodeFormat));
        assert_eq!(confirmation("r@e", "123456"), Ok(()));
        assert_eq!(resend(" "), Err(Invalid::EmailForCode));
        assert_eq!(email_first(""), Err(Invalid::EmailFirst));
        assert_eq!(email_first("rider@example.com"), Ok(()));
        assert_eq!(sign_in_code("12345"), Err(Invalid::SignInCodeFormat));
        assert_eq!(sign_in_code("123456789"), Err(Invalid::SignInCodeFormat));
        assert_eq!(sign_in_code("1234 567a"), Err(Invalid::SignInCodeFormat));
        assert_eq!(sign_in_code(" 1234 5678 "), Ok("12345678".into()));
        assert_eq!(sign_in_code("123456"), Ok("123456".into()));
        let name = |value: &str| vec![("name".to_string(), value.to_string())];
        assert_eq!(
            first_password(&policy, "Un1corns!", "Un1corns!", &name(" ")),
            Err(Invalid::MissingAttribute)
        );
        assert_eq!(
            first_password(&policy, "Un1corns!", "Un1corns?", &name("Rider")),
            Err(Invalid::PasswordsDiffer)
        );
        assert_eq!(
            first_password(&policy, "Un1corns!", "Un1corns!", &name("Rider")),
            Ok(())
        );
        assert_eq!(
            password_change(&policy, "", "Un1corns!", "Un1corns!"),
            Err(Invalid::NoCurrentPassword)
        );
        assert_eq!(
            password_change(&policy, "old", "weak", "weak"),
            Err(Invalid::PasswordRules)
        );
        assert_eq!(email_change("r@e.com", "R@E.com"), Err(Invalid::SameEmail));
        assert_eq!(email_change("r@e.com", "new"), Err(Invalid::Email));
        assert_eq!(email_change("r@e.com", "n@e.com"), Ok(()));
        assert_eq!(code("12345"), Err(Invalid::CodeFormat));
        assert_eq!(app_code(" 123 456 "), Ok("123456".into()));
        assert_eq!(app_code("12345"), Err(Invalid::AppCodeFormat));
    }
}
