//! What an operation runs with: the server, its transaction, and one
//! reading of the clock; the lookups every operation starts with; and the
//! trait each operation's handler implements.

use cognito_idp::types::UserPoolClient;
use cognito_idp::{ErrorCode, Op};

use crate::error::{ApiError, ApiResult};
use crate::model::{hides_users, Group, Pool, User};
use crate::server::Server;
use crate::store::Db;
use crate::validate::{check_group_name, check_len, MAX_USERNAME};
use crate::verifiers::Verifiers;

pub struct Ctx<'a> {
    pub server: &'a Server,
    pub db: Db<'a>,
    /// The time of the whole operation.
    pub now: i64,
    /// Where passwords' verifiers come from (see `verifiers`).
    pub verifiers: &'a Verifiers,
}

/// One operation of the API run whole in one write transaction: its
/// request in, its response or an error out.
pub trait Handler: Op {
    /// Whether it sets or checks a password: it then runs twice, so that
    /// the verifiers' arithmetic holds no lock (see `verifiers`).
    const RUNS_TWICE: bool = false;

    fn handle(ctx: &Ctx<'_>, request: Self::Request) -> ApiResult<Self::Response>;
}

/// How an operation runs. Every operation of
/// `cognito_idp::for_each_operation!` has one (the dispatch in `ops` does
/// not compile without it): a [`Handler`] in one transaction, or, for the
/// sign-in's steps, its own order of reads, arithmetic and signing outside
/// the store's lock, and one write transaction.
pub trait Serve: Op {
    fn serve(server: &Server, request: Self::Request) -> ApiResult<Self::Response>;
}

impl<H: Handler> Serve for H {
    fn serve(server: &Server, request: Self::Request) -> ApiResult<Self::Response> {
        if H::RUNS_TWICE {
            Ctx::write_twice(server, server.now(), |ctx| H::handle(ctx, request.clone()))
        } else {
            Ctx::write(server, server.now(), |ctx| H::handle(ctx, request))
        }
    }
}

impl<'a> Ctx<'a> {
    fn new(server: &'a Server, db: Db<'a>, now: i64, verifiers: &'a Verifiers) -> Ctx<'a> {
        Ctx {
            server,
            db,
            now,
            verifiers,
        }
    }

    /// `work` in one write transaction (see `Store::transaction`).
    pub fn write<T>(
        server: &'a Server,
        now: i64,
        work: impl FnOnce(&Ctx<'_>) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let verifiers = Verifiers::at_once();
        server
            .store
            .transaction(|db| work(&Ctx::new(server, db, now, &verifiers)))
    }

    /// `work`, which sets or checks a password, twice: first in a read
    /// transaction that only notes the verifiers it asks for (its outcome
    /// is dropped), then, once they are made with no lock held, in one
    /// write transaction that takes them.
    pub fn write_twice<T>(
        server: &'a Server,
        now: i64,
        work: impl Fn(&Ctx<'_>) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let noting = Verifiers::noting();
        let _first: ApiResult<T> = server
            .store
            .read(|db| work(&Ctx::new(server, db, now, &noting)));
        let made = noting.make_noted();
        server
            .store
            .transaction(|db| work(&Ctx::new(server, db, now, &made)))
    }

    /// `work` in a read transaction, which writes nothing.
    pub fn read<T>(
        server: &'a Server,
        now: i64,
        work: impl FnOnce(&Ctx<'_>) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let verifiers = Verifiers::at_once();
        server
            .store
            .read(|db| work(&Ctx::new(server, db, now, &verifiers)))
    }
}

impl Ctx<'_> {
    pub fn pool(&self, pool_id: &str) -> ApiResult<Pool> {
        check_len("UserPoolId", pool_id, 1, 55)?;
        self.db.pool(pool_id)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::ResourceNotFoundException,
                format!("User pool {pool_id} does not exist."),
            )
        })
    }

    pub fn client_and_pool(&self, client_id: &str) -> ApiResult<(UserPoolClient, Pool)> {
        check_len("ClientId", client_id, 1, 128)?;
        let client = self.db.client(client_id)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::ResourceNotFoundException,
                format!("User pool client {client_id} does not exist."),
            )
        })?;
        let pool = self.pool(&client.user_pool_id)?;
        Ok((client, pool))
    }

    /// The user a client names (username, or email where email is the
    /// username).
    pub fn user_for_client(&self, pool: &Pool, username: &str) -> ApiResult<User> {
        check_len("Username", username, 1, MAX_USERNAME)?;
        self.db.find_user(pool, username)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::UserNotFoundException,
                "Username/client id combination not found.",
            )
        })
    }

    /// Like [`Ctx::user_for_client`], but `None` for an unknown user when
    /// the client hides users: the caller then answers as Cognito does,
    /// without saying that the user does not exist.
    pub fn user_unless_hidden(
        &self,
        client: &UserPoolClient,
        pool: &Pool,
        username: &str,
    ) -> ApiResult<Option<User>> {
        match self.user_for_client(pool, username) {
            Err(e) if e.code() == ErrorCode::UserNotFoundException && hides_users(client) => {
                Ok(None)
            }
            other => other.map(Some),
        }
    }

    /// A user by name (or email alias) for an administrator.
    pub fn admin_user(&self, pool: &Pool, username: &str) -> ApiResult<User> {
        check_len("Username", username, 1, MAX_USERNAME)?;
        self.db
            .find_user(pool, username)?
            .ok_or_else(ApiError::user_not_found)
    }

    /// A group of the pool, by its exact name.
    pub fn group(&self, pool: &Pool, name: &str) -> ApiResult<Group> {
        check_group_name(name)?;
        self.db
            .group(&pool.id, name)?
            .ok_or_else(|| ApiError::new(ErrorCode::ResourceNotFoundException, "Group not found."))
    }

    /// A client of the pool: another pool's client is not found either.
    pub fn client_of(&self, pool: &Pool, client_id: &str) -> ApiResult<UserPoolClient> {
        let not_found = || {
            ApiError::new(
                ErrorCode::ResourceNotFoundException,
                format!("User pool client {client_id} does not exist."),
            )
        };
        check_len("ClientId", client_id, 1, 128)?;
        self.db
            .client(client_id)?
            .filter(|client| client.user_pool_id == pool.id)
            .ok_or_else(not_found)
    }
}
