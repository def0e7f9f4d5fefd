//! Why a credential or an assertion is refused: what every check of
//! `webauthn` answers with, and the operations turn into Cognito's
//! exceptions.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not what WebAuthn sends (the part named): base64url, JSON, CBOR,
    /// lengths, ids that disagree.
    Malformed(&'static str),
    /// The client data is of the other ceremony.
    WrongCeremony,
    /// The client data's challenge is not the one given.
    ChallengeMismatch,
    /// The page was not the relying party's.
    OriginNotAllowed,
    /// The credential is scoped to another RP ID.
    RelyingPartyMismatch,
    /// The authenticator did not see the user (the UP flag).
    UserNotPresent,
    /// The pool requires user verification and it was not done (UV).
    UserNotVerified,
    /// A key, algorithm or attestation not taken here (what, named).
    NotSupported(&'static str),
    BadSignature,
    /// The signature counter did not go up: a cloned authenticator, or a
    /// replayed assertion.
    CounterNotIncreased,
}
