use core::fmt;

/// Everything that can go wrong in the SRP math. The messages of the client
/// side errors are those of amazon-cognito-identity-js where it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A hex or base64 input that does not parse.
    Malformed { field: &'static str },
    /// An input longer than any honest peer sends; rejected before any arithmetic.
    TooLong { field: &'static str, max: usize },
    /// The server's `SRP_B` is a multiple of N.
    ZeroServerKey,
    /// The client's `SRP_A` is a multiple of N.
    ZeroClientKey,
    /// The scrambling parameter `u = H(A | B)` is zero.
    ZeroScrambler,
    /// A pool id without the `<region>_<name>` form.
    InvalidPoolId,
    /// A `TIMESTAMP` that is not `EEE MMM d HH:mm:ss z yyyy` in English.
    InvalidTimestamp,
    /// A `TIMESTAMP` too far from the server's clock.
    StaleTimestamp,
    /// The claimed signature is not the one the password gives.
    SignatureMismatch,
    /// The system's random number generator failed.
    Random,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Malformed { field } => write!(f, "{field} is malformed."),
            Error::TooLong { field, max } => {
                write!(f, "{field} is longer than {max} characters.")
            }
            Error::ZeroServerKey => f.write_str("B cannot be zero."),
            Error::ZeroClientKey => f.write_str("A cannot be zero."),
            Error::ZeroScrambler => f.write_str("U cannot be zero."),
            Error::InvalidPoolId => f.write_str("Invalid UserPoolId format."),
            Error::InvalidTimestamp => {
                f.write_str("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.")
            }
            Error::StaleTimestamp => f.write_str("TIMESTAMP is too far from the current time."),
            Error::SignatureMismatch => f.write_str("Incorrect username or password."),
            Error::Random => f.write_str("No random numbers are available."),
        }
    }
}

impl std::error::Error for Error {}
