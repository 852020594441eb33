//! Users, browser sessions and API tokens, stored in the database beside the strooms
//! (sled trees `server.users`, `server.sessions`, `server.tokens`), so they survive a
//! restart and would move with the store to another backend.
//!
//! Passwords are hashed with argon2id (the `argon2` crate's defaults, a random salt per
//! user). Session and API tokens are 32 random bytes from the OS; only their SHA-256 is
//! stored, so a copy of the database does not hand out live sessions.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use stroom::error::{Corruption, StoredValue};
use stroom::{SledStore, StoreError};

use crate::grants::Grant;

/// How long a browser session lives without a new login.
pub const SESSION_LIFETIME: SignedDuration = SignedDuration::from_hours(12);

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// A user as the server knows it (without the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The login name; the actor of every record this user makes.
    pub name: String,
    /// What the user may do.
    pub grants: Vec<Grant>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredUser {
    name: String,
    password: String,
    grants: Vec<Grant>,
    created: Timestamp,
}

/// Whose a session or token is (the field both share).
#[derive(Debug, Deserialize)]
struct Owner {
    user: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredSession {
    user: String,
    csrf: String,
    expires: Timestamp,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredToken {
    user: String,
    label: String,
    created: Timestamp,
}

/// A live browser session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who is logged in.
    pub user: User,
    /// The CSRF token every form of this session must carry.
    pub csrf: String,
}

/// What can go wrong managing users.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// The name is taken.
    #[error("user '{0}' exists already\n  hint: choose another name, or change its grants with 'stroom users grant'")]
    Exists(String),
    /// No such user.
    #[error("user '{0}' does not exist\n  hint: list the users with 'stroom users list'")]
    Unknown(String),
    /// A name that is not a login name.
    #[error(
        "'{0}' is not a user name\n  hint: use 1 to 64 lowercase letters, digits, '.', '-' or '_' (not dots alone)"
    )]
    BadName(String),
    /// A password too short.
    #[error("the password is too short ({0} characters)\n  hint: use at least {MIN_PASSWORD} characters")]
    ShortPassword(usize),
    /// Removing the only admin.
    #[error("user '{0}' is the last admin\n  hint: make another user admin first ('stroom users grant NAME --grant admin')")]
    LastAdmin(String),
    /// A wrong current password when users change their own.
    #[error("the current password is wrong; nothing was changed")]
    WrongPassword,
    /// A user without grants.
    #[error("user '{0}' would have no grants\n  hint: give at least one --grant: admin, planner, auditor or secretariaat:ROLE")]
    NoGrants(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Hashing failed (never with the crate's defaults).
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

/// The user, session and token trees.
#[derive(Clone)]
pub struct Users {
    users: sled::Tree,
    sessions: sled::Tree,
    tokens: sled::Tree,
    path: String,
    /// Each change is flushed under the store's disk timeout: a disk that never answers
    /// fails the request instead of hanging the server's thread for good.
    flusher: stroom::store::TreeFlusher,
}

impl std::fmt::Debug for Users {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Users").field("path", &self.path).finish()
    }
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whether `name` may be a user's name: 1 to 64 of `a-z`, `0-9`, `.`, `-`, `_`, not dots
/// alone (`.` and `..` cannot be a segment of the URL `/api/users/NAME`).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
        && !name.chars().all(|c| c == '.')
}

impl Users {
    /// The trees of this database.
    ///
    /// # Errors
    /// I/O failure.
    pub fn open(store: &SledStore) -> Result<Users, StoreError> {
        Ok(Users {
            users: store.tree("server.users")?,
            sessions: store.tree("server.sessions")?,
            tokens: store.tree("server.tokens")?,
            path: store.path().display().to_string(),
            flusher: store.tree_flusher(),
        })
    }

    fn err(&self, error: sled::Error) -> StoreError {
        StoreError::Sled {
            path: self.path.clone(),
            error,
        }
    }

    fn corrupt(&self, value: StoredValue, e: &serde_json::Error) -> StoreError {
        StoreError::Corrupt(Corruption::DoesNotDecode {
            value,
            path: Some(self.path.clone()),
            detail: e.to_string(),
        })
    }

    fn put<T: Serialize>(
        &self,
        tree: &sled::Tree,
        key: &[u8],
        value: &T,
    ) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec(value).map_err(|e| {
            StoreError::Corrupt(Corruption::DoesNotEncode {
                value: StoredValue::Value,
                detail: e.to_string(),
            })
        })?;
        tree.insert(key, bytes).map_err(|e| self.err(e))?;
        self.flusher.flush(tree)?;
        Ok(())
    }

    fn stored(&self, name: &str) -> Result<Option<StoredUser>, StoreError> {
        match self.users.get(name).map_err(|e| self.err(e))? {
            Some(v) => serde_json::from_slice(&v).map(Some).map_err(|e| {
                self.corrupt(
                    StoredValue::User {
                        name: Some(name.to_string()),
                    },
                    &e,
                )
            }),
            None => Ok(None),
        }
    }

    /// Adds a user with a password and grants.
    ///
    /// # Errors
    /// A taken or malformed name, a short password, no grants, or a store failure.
    pub fn add(&self, name: &str, password: &str, grants: Vec<Grant>) -> Result<User, UserError> {
        if !valid_name(name) {
            return Err(UserError::BadName(name.to_string()));
        }
        if password.chars().count() < MIN_PASSWORD {
            return Err(UserError::ShortPassword(password.chars().count()));
        }
        if grants.is_empty() {
            return Err(UserError::NoGrants(name.to_string()));
        }
        if self.stored(name)?.is_some() {
            return Err(UserError::Exists(name.to_string()));
        }
        let salt = SaltString::generate(&mut OsRng);
        let hash = Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map_err(|e| UserError::Hash(e.to_string()))?
            .to_string();
        let mut grants = grants;
        grants.sort();
        grants.dedup();
        let stored = StoredUser {
            name: name.to_string(),
            password: hash,
            grants: grants.clone(),
            created: Timestamp::now(),
        };
        // compare_and_swap: two admins adding the same name at once cannot both win.
        let bytes = serde_json::to_vec(&stored).map_err(|e| {
            StoreError::Corrupt(Corruption::DoesNotEncode {
                value: StoredValue::User { name: None },
                detail: e.to_string(),
            })
        })?;
        match self
            .users
            .compare_and_swap(name, None as Option<&[u8]>, Some(bytes))
            .map_err(|e| self.err(e))?
        {
            Ok(()) => {}
            Err(_) => return Err(UserError::Exists(name.to_string())),
        }
        self.flusher.flush(&self.users)?;
        Ok(User {
            name: name.to_string(),
            grants,
        })
    }

    /// Replaces a user's grants.
    ///
    /// # Errors
    /// An unknown user, no grants, or a store failure.
    pub fn set_grants(&self, name: &str, grants: Vec<Grant>) -> Result<User, UserError> {
        if grants.is_empty() {
            return Err(UserError::NoGrants(name.to_string()));
        }
        let mut stored = self
            .stored(name)?
            .ok_or_else(|| UserError::Unknown(name.to_string()))?;
        stored.grants = grants;
        stored.grants.sort();
        stored.grants.dedup();
        self.put(&self.users, name.as_bytes(), &stored)?;
        Ok(User {
            name: stored.name,
            grants: stored.grants,
        })
    }

    /// Sets a user's password.
    ///
    /// # Errors
    /// An unknown user, a short password, or a store failure.
    pub fn set_password(&self, name: &str, password: &str) -> Result<(), UserError> {
        if password.chars().count() < MIN_PASSWORD {
            return Err(UserError::ShortPassword(password.chars().count()));
        }
        let mut stored = self
            .stored(name)?
            .ok_or_else(|| UserError::Unknown(name.to_string()))?;
        let salt = SaltString::generate(&mut OsRng);
        stored.password = Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map_err(|e| UserError::Hash(e.to_string()))?
            .to_string();
        self.put(&self.users, name.as_bytes(), &stored)?;
        Ok(())
    }

    /// Removes a user, with every session and API token of theirs: what they recorded
    /// stays in the trail under their name. The last admin stays, so that someone can
    /// still manage the users.
    ///
    /// # Errors
    /// An unknown user, the last admin, or a store failure.
    pub fn remove(&self, name: &str) -> Result<User, UserError> {
        let user = self
            .get(name)?
            .ok_or_else(|| UserError::Unknown(name.to_string()))?;
        if user.grants.contains(&Grant::Admin) {
            let admins = self
                .list()?
                .iter()
                .filter(|u| u.grants.contains(&Grant::Admin))
                .count();
            if admins <= 1 {
                return Err(UserError::LastAdmin(name.to_string()));
            }
        }
        self.users.remove(name).map_err(|e| self.err(e))?;
        // Their sessions and tokens go too (they would not authenticate anyway: each
        // lookup needs the user).
        for tree in [&self.sessions, &self.tokens] {
            let mut theirs = Vec::new();
            for kv in tree.iter() {
                let (k, v) = kv.map_err(|e| self.err(e))?;
                let owner: Owner = serde_json::from_slice(&v)
                    .map_err(|e| self.corrupt(StoredValue::Session, &e))?;
                if owner.user == name {
                    theirs.push(k);
                }
            }
            for k in theirs {
                tree.remove(k).map_err(|e| self.err(e))?;
            }
            self.flusher.flush(tree)?;
        }
        self.flusher.flush(&self.users)?;
        Ok(user)
    }

    /// One user.
    ///
    /// # Errors
    /// A store failure.
    pub fn get(&self, name: &str) -> Result<Option<User>, StoreError> {
        Ok(self.stored(name)?.map(|s| User {
            name: s.name,
            grants: s.grants,
        }))
    }

    /// Every user, by name.
    ///
    /// # Errors
    /// A store failure.
    pub fn list(&self) -> Result<Vec<User>, StoreError> {
        self.users
            .iter()
            .map(|kv| {
                let (_, v) = kv.map_err(|e| self.err(e))?;
                let s: StoredUser = serde_json::from_slice(&v)
                    .map_err(|e| self.corrupt(StoredValue::User { name: None }, &e))?;
                Ok(User {
                    name: s.name,
                    grants: s.grants,
                })
            })
            .collect()
    }

    /// Checks a name and password (slow on purpose: argon2). An unknown name costs the
    /// same as a wrong password, so timing does not tell which names exist.
    ///
    /// # Errors
    /// A store failure; a wrong name or password is `Ok(None)`.
    pub fn check_password(&self, name: &str, password: &str) -> Result<Option<User>, StoreError> {
        let stored = self.stored(name)?;
        let hash = stored
            .as_ref()
            .map_or(dummy_hash(), |s| s.password.as_str());
        let ok = PasswordHash::new(hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        });
        Ok(match stored {
            Some(s) if ok => Some(User {
                name: s.name,
                grants: s.grants,
            }),
            _ => None,
        })
    }

    /// Starts a browser session; returns its secret (for the cookie) and CSRF token.
    ///
    /// # Errors
    /// A store failure.
    pub fn new_session(&self, user: &str, now: Timestamp) -> Result<(String, String), StoreError> {
        let token = random_token();
        let csrf = random_token();
        let expires = now.saturating_add(SESSION_LIFETIME).unwrap_or(now);
        self.put(
            &self.sessions,
            &digest(&token),
            &StoredSession {
                user: user.to_string(),
                csrf: csrf.clone(),
                expires,
            },
        )?;
        Ok((token, csrf))
    }

    /// The live session of a cookie's secret, if any (expired sessions are removed).
    ///
    /// # Errors
    /// A store failure.
    pub fn session(&self, token: &str, now: Timestamp) -> Result<Option<Session>, StoreError> {
        let key = digest(token);
        let Some(v) = self.sessions.get(&key).map_err(|e| self.err(e))? else {
            return Ok(None);
        };
        let s: StoredSession =
            serde_json::from_slice(&v).map_err(|e| self.corrupt(StoredValue::Session, &e))?;
        if s.expires <= now {
            self.sessions.remove(&key).map_err(|e| self.err(e))?;
            return Ok(None);
        }
        Ok(self
            .get(&s.user)?
            .map(|user| Session { user, csrf: s.csrf }))
    }

    /// Ends a session: its cookie is dead from now on.
    ///
    /// # Errors
    /// A store failure.
    pub fn end_session(&self, token: &str) -> Result<(), StoreError> {
        self.sessions
            .remove(digest(token))
            .map_err(|e| self.err(e))?;
        self.flusher.flush(&self.sessions)?;
        Ok(())
    }

    /// Issues an API token for scripts and the CLI.
    ///
    /// # Errors
    /// A store failure.
    pub fn new_token(&self, user: &str, label: &str, now: Timestamp) -> Result<String, StoreError> {
        let token = random_token();
        self.put(
            &self.tokens,
            &digest(&token),
            &StoredToken {
                user: user.to_string(),
                label: label.to_string(),
                created: now,
            },
        )?;
        Ok(token)
    }

    /// The user of an API token, if it is live.
    ///
    /// # Errors
    /// A store failure.
    pub fn token(&self, token: &str) -> Result<Option<User>, StoreError> {
        let Some(v) = self.tokens.get(digest(token)).map_err(|e| self.err(e))? else {
            return Ok(None);
        };
        let t: StoredToken =
            serde_json::from_slice(&v).map_err(|e| self.corrupt(StoredValue::Token, &e))?;
        self.get(&t.user)
    }

    /// Revokes an API token.
    ///
    /// # Errors
    /// A store failure.
    pub fn revoke_token(&self, token: &str) -> Result<(), StoreError> {
        self.tokens.remove(digest(token)).map_err(|e| self.err(e))?;
        self.flusher.flush(&self.tokens)?;
        Ok(())
    }
}

/// An argon2 hash of a random password, checked against when the user does not exist.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(random_token().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> (tempfile::TempDir, Users) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = SledStore::open(&dir.path().join("db"), std::time::Duration::from_secs(1))
            .unwrap_or_else(|e| panic!("{e}"));
        let users = Users::open(&store).unwrap_or_else(|e| panic!("{e}"));
        (dir, users)
    }

    #[test]
    fn passwords_check_and_names_are_unique() {
        let (_dir, u) = users();
        u.add("ada", "correct horse battery", vec![Grant::Planner])
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(u
            .check_password("ada", "correct horse battery")
            .is_ok_and(|o| o.is_some()));
        assert!(u
            .check_password("ada", "wrong password!")
            .is_ok_and(|o| o.is_none()));
        assert!(u
            .check_password("bob", "correct horse battery")
            .is_ok_and(|o| o.is_none()));
        assert!(matches!(
            u.add("ada", "another password", vec![Grant::Auditor]),
            Err(UserError::Exists(_))
        ));
        assert!(matches!(
            u.add("x", "short", vec![Grant::Auditor]),
            Err(UserError::ShortPassword(5))
        ));
        assert!(matches!(
            u.add("Bad Name", "long enough pw", vec![Grant::Auditor]),
            Err(UserError::BadName(_))
        ));
    }

    #[test]
    fn a_removed_user_loses_sessions_and_tokens_and_the_last_admin_stays() {
        let (_dir, u) = users();
        u.add("root", "correct horse battery", vec![Grant::Admin])
            .unwrap_or_else(|e| panic!("{e}"));
        u.add("ada", "correct horse battery", vec![Grant::Planner])
            .unwrap_or_else(|e| panic!("{e}"));
        let now = Timestamp::now();
        let (session, _) = u.new_session("ada", now).unwrap_or_else(|e| panic!("{e}"));
        let token = u
            .new_token("ada", "cli", now)
            .unwrap_or_else(|e| panic!("{e}"));
        u.set_password("ada", "another long password")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(u
            .check_password("ada", "another long password")
            .is_ok_and(|o| o.is_some()));
        assert!(u
            .check_password("ada", "correct horse battery")
            .is_ok_and(|o| o.is_none()));
        assert!(matches!(
            u.set_password("ada", "short"),
            Err(UserError::ShortPassword(5))
        ));
        u.remove("ada").unwrap_or_else(|e| panic!("{e}"));
        assert!(u.session(&session, now).is_ok_and(|s| s.is_none()));
        assert!(u.token(&token).is_ok_and(|t| t.is_none()));
        assert!(matches!(u.remove("ada"), Err(UserError::Unknown(_))));
        assert!(matches!(u.remove("root"), Err(UserError::LastAdmin(_))));
    }

    #[test]
    fn sessions_end_and_expire() {
        let (_dir, u) = users();
        u.add("ada", "correct horse battery", vec![Grant::Planner])
            .unwrap_or_else(|e| panic!("{e}"));
        let now = Timestamp::now();
        let (token, _csrf) = u.new_session("ada", now).unwrap_or_else(|e| panic!("{e}"));
        assert!(u.session(&token, now).is_ok_and(|s| s.is_some()));
        let later = now.saturating_add(SESSION_LIFETIME).unwrap_or(now);
        assert!(
            u.session(&token, later).is_ok_and(|s| s.is_none()),
            "expired"
        );
        let (token, _csrf) = u.new_session("ada", now).unwrap_or_else(|e| panic!("{e}"));
        u.end_session(&token).unwrap_or_else(|e| panic!("{e}"));
        assert!(u.session(&token, now).is_ok_and(|s| s.is_none()), "ended");
    }
}
