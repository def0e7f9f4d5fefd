//! Password arithmetic kept off the store's lock. Setting a password makes
//! a verifier and checking one remakes it, one g^x each (about 0.25 ms).
//! An operation that does either runs twice: first in a read transaction,
//! never committed, which only notes the verifiers it asks for and the
//! random values it draws; those verifiers are then computed with no lock
//! held; then in its write transaction, which takes them, and draws the
//! same values again (a new user's id, which its verifier depends on; a
//! temporary password). What the second run asks for that the first did
//! not (the data changed in between) is computed there, as before.

use std::cell::RefCell;
use std::collections::VecDeque;

use cognito_srp::{PasswordVerifier, Powers};
use subtle::ConstantTimeEq;

use crate::error::{ApiError, ApiResult};
use crate::store::Store;

/// Tables of powers, at start-up, for the users whose verifiers have none
/// (kept before tables were) and for this start's decoys (whose table is
/// kept and read as a user's is, so that their answers cost the same):
/// made with no lock held (some 0.13 ms each with IFMA), then kept a
/// hundred to a transaction. How many were made.
pub fn backfill_powers(store: &Store, decoy_verifier: &str) -> ApiResult<usize> {
    let missing =
        store.read(|db| Ok::<_, ApiError>(db.verifiers_without_powers(decoy_verifier)?))?;
    let mut made = 0;
    for batch in missing.chunks(100) {
        let tables: Vec<_> = batch
            .iter()
            .filter_map(|verifier| {
                // The salt plays no part in the table. A verifier that does
                // not read fails its user's sign-ins as before; the others
                // go on.
                match PasswordVerifier::from_hex("00", verifier).and_then(|v| v.powers()) {
                    Ok(powers) => Some((verifier, powers.to_bytes())),
                    Err(e) => {
                        tracing::warn!("a stored verifier does not read: {e}");
                        None
                    }
                }
            })
            .collect();
        store.transaction(|db| {
            for (verifier, powers) in &tables {
                db.put_verifier_powers(verifier, powers)?;
            }
            Ok(())
        })?;
        made += tables.len();
    }
    Ok(made)
}

/// A verifier an operation asks for: a new one (a fresh salt) or one
/// remade with a stored salt, for a user of a pool and a password.
#[derive(Clone, PartialEq, Eq)]
struct Wanted {
    pool_id: String,
    user_id: String,
    password: String,
    /// `None` for a new verifier.
    salt: Option<String>,
}

/// A verifier made, and for a new one its table of powers (about as much
/// arithmetic again), which sign-ins take v^u from.
type Made = (PasswordVerifier, Option<Powers>);

impl Wanted {
    fn make(&self) -> Result<Made, cognito_srp::Error> {
        match &self.salt {
            None => {
                let verifier =
                    PasswordVerifier::generate(&self.pool_id, &self.user_id, &self.password)?;
                let powers = verifier.powers()?;
                Ok((verifier, Some(powers)))
            }
            Some(salt) => Ok((
                PasswordVerifier::with_salt(&self.pool_id, &self.user_id, &self.password, salt)?,
                None,
            )),
        }
    }
}

/// The run an operation is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    /// The first of two: note, compute nothing, change nothing for good.
    Noting,
    /// The one that counts: take what was made, make what was not.
    Taking,
}

pub struct Verifiers {
    run: Run,
    wanted: RefCell<Vec<Wanted>>,
    made: Vec<(Wanted, Result<Made, cognito_srp::Error>)>,
    draws: RefCell<VecDeque<String>>,
}

impl Verifiers {
    /// For an operation run once: every verifier made when asked for.
    pub fn at_once() -> Verifiers {
        Verifiers::new(Run::Taking)
    }

    /// For the first of two runs.
    pub fn noting() -> Verifiers {
        Verifiers::new(Run::Noting)
    }

    fn new(run: Run) -> Verifiers {
        Verifiers {
            run,
            wanted: RefCell::default(),
            made: Vec::new(),
            draws: RefCell::default(),
        }
    }

    /// Between the runs, with no lock held: the verifiers noted, made.
    pub fn make_noted(mut self) -> Verifiers {
        self.made = self
            .wanted
            .take()
            .into_iter()
            .map(|wanted| {
                let made = wanted.make();
                (wanted, made)
            })
            .collect();
        self.run = Run::Taking;
        self
    }

    /// Whether this is a first run, whose effects are rolled back (so it
    /// logs nothing either).
    pub fn noting_only(&self) -> bool {
        self.run == Run::Noting
    }

    /// A new verifier (a fresh salt) for the password, and its table of
    /// powers.
    pub fn new_verifier(
        &self,
        pool_id: &str,
        user_id: &str,
        password: &str,
    ) -> ApiResult<(PasswordVerifier, Powers)> {
        let (verifier, powers) = self
            .get(Wanted {
                pool_id: pool_id.into(),
                user_id: user_id.into(),
                password: password.into(),
                salt: None,
            })
            .map_err(ApiError::internal)?;
        // A new verifier is made with its table. A first run's stand-in has
        // none: it gets one of zeros, no arithmetic, rolled back with it.
        let powers = match powers {
            Some(powers) => Some(powers),
            None => Powers::from_bytes(&vec![0; Powers::BYTES]),
        }
        .ok_or_else(|| ApiError::internal("a stand-in table of the wrong size"))?;
        Ok((verifier, powers))
    }

    /// Whether the password remakes the stored verifier with its salt;
    /// compared in constant time. (A first run answers yes: it only notes.)
    pub fn matches(
        &self,
        pool_id: &str,
        user_id: &str,
        password: &str,
        salt: &str,
        stored_verifier: &str,
    ) -> bool {
        let remade = self.get(Wanted {
            pool_id: pool_id.into(),
            user_id: user_id.into(),
            password: password.into(),
            salt: Some(salt.into()),
        });
        match remade {
            _ if self.run == Run::Noting => true,
            Ok((candidate, _)) => bool::from(
                candidate
                    .verifier_hex()
                    .as_bytes()
                    .ct_eq(stored_verifier.as_bytes()),
            ),
            Err(_) => false,
        }
    }

    /// A random value the second run must see again: drawn by `fresh` in
    /// the first run (or in a single one), the same value in the second.
    pub fn draw(&self, fresh: impl FnOnce() -> String) -> String {
        match self.run {
            Run::Noting => {
                let value = fresh();
                self.draws.borrow_mut().push_back(value.clone());
                value
            }
            Run::Taking => self.draws.borrow_mut().pop_front().unwrap_or_else(fresh),
        }
    }

    fn get(&self, wanted: Wanted) -> Result<Made, cognito_srp::Error> {
        match self.run {
            Run::Noting => {
                self.wanted.borrow_mut().push(wanted);
                // A stand-in, rolled back with the first run.
                Ok((PasswordVerifier::from_hex("00", "01")?, None))
            }
            Run::Taking => match self.made.iter().find(|(made, _)| *made == wanted) {
                Some((_, made)) => made.clone(),
                None => wanted.make(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POOL: &str = "us-east-1_Pool";

    #[test]
    fn a_second_run_takes_what_the_first_noted_and_draws_the_same() {
        let first = Verifiers::noting();
        let id = first.draw(|| "id-1".into());
        first.new_verifier(POOL, &id, "pw").unwrap();
        assert!(
            first.matches(POOL, &id, "guess", "ab", "ff"),
            "noting says yes"
        );
        let second = first.make_noted();
        assert_eq!(second.draw(|| "id-2".into()), "id-1");
        let (made, powers) = second.new_verifier(POOL, "id-1", "pw").unwrap();
        assert_eq!(powers, made.powers().unwrap(), "the verifier's own table");
        // The verifier made between the runs each time, not a new one
        // (which would have a new salt).
        assert_eq!(second.new_verifier(POOL, "id-1", "pw").unwrap().0, made);
        assert!(second.matches(POOL, "id-1", "pw", &made.salt_hex(), &made.verifier_hex()));
        assert!(!second.matches(
            POOL,
            "id-1",
            "guess",
            &made.salt_hex(),
            &made.verifier_hex()
        ));
        // Asked for only now: made now, and a draw past the noted ones is fresh.
        let (other, _) = second.new_verifier(POOL, "id-9", "pw").unwrap();
        assert_ne!(other.salt_hex(), made.salt_hex());
        assert_eq!(second.draw(|| "id-3".into()), "id-3");
    }

    #[test]
    fn a_single_run_makes_each_verifier_when_asked() {
        let once = Verifiers::at_once();
        let (one, powers) = once.new_verifier(POOL, "u", "pw").unwrap();
        assert_eq!(powers, one.powers().unwrap());
        let (two, _) = once.new_verifier(POOL, "u", "pw").unwrap();
        assert_ne!(one.salt_hex(), two.salt_hex());
        assert!(once.matches(POOL, "u", "pw", &one.salt_hex(), &one.verifier_hex()));
        assert_eq!(once.draw(|| "x".into()), "x");
    }
}
