//! Who is asking: API tokens (`Authorization: Bearer`), browser sessions (cookie + CSRF
//! token on every form), and the login rate limit.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::HeaderMap;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "stroom_session";
/// The cookie that carries the login form's CSRF token before there is a session.
pub const LOGIN_COOKIE: &str = "stroom_login";

/// The user a response was made for, for the request log.
#[derive(Debug, Clone)]
pub struct Actor(pub String);

/// One cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The bearer token of the request, if any.
pub fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Path=/, Secure unless configured off.
pub fn set_cookie(name: &str, value: &str, secure: bool, max_age: Option<u64>) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if secure {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    c
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Failed logins per name and per client address in a sliding window. Kept in memory on
/// purpose: a restart forgives, which is harmless next to argon2's cost per guess.
#[derive(Debug)]
pub struct Limiter {
    per_name: u32,
    per_addr: u32,
    window: Duration,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Limiter {
    /// At most `per_name` failures per name (four times that per address) per `window`.
    pub fn new(per_name: u32, window: Duration) -> Limiter {
        Limiter {
            per_name,
            per_addr: per_name.saturating_mul(4),
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(name: &str, addr: IpAddr) -> [String; 2] {
        [format!("name:{name}"), format!("addr:{addr}")]
    }

    /// Seconds to wait before a login for `name` from `addr` is considered, or `None`.
    pub fn blocked(&self, name: &str, addr: IpAddr) -> Option<u64> {
        let now = Instant::now();
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let [by_name, by_addr] = Self::keys(name, addr);
        let mut wait = None;
        for (key, limit) in [(by_name, self.per_name), (by_addr, self.per_addr)] {
            if let Some(times) = map.get_mut(&key) {
                times.retain(|t| now.duration_since(*t) < self.window);
                if times.len() >= limit as usize {
                    let oldest = times.first().copied().unwrap_or(now);
                    let left = self.window.saturating_sub(now.duration_since(oldest));
                    wait = Some(wait.unwrap_or(0).max(left.as_secs().max(1)));
                }
            }
        }
        wait
    }

    /// Counts a failed login.
    pub fn failed(&self, name: &str, addr: IpAddr) {
        let now = Instant::now();
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for key in Self::keys(name, addr) {
            map.entry(key).or_default().push(now);
        }
    }

    /// A successful login clears the name's failures.
    pub fn succeeded(&self, name: &str) {
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.remove(&format!("name:{name}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_blocks_after_the_allowed_failures() {
        let l = Limiter::new(3, Duration::from_secs(60));
        let addr: IpAddr = [127, 0, 0, 1].into();
        for _ in 0..3 {
            assert_eq!(l.blocked("ada", addr), None);
            l.failed("ada", addr);
        }
        assert!(l.blocked("ada", addr).is_some());
        assert_eq!(
            l.blocked("bob", addr),
            None,
            "another name is not blocked yet"
        );
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            "a=1; stroom_session=abc; b=2"
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
    }
}
