//! The server's URL as `--server` (or `STROOM_SERVER`) gives it: checked, named, and the
//! endpoints built on it. The fuzz crate compiles this file as it is (`fuzz/src/lib.rs`,
//! target `server-url`), so it names only `url`, `percent_encoding`, `anyhow`, `stroom`
//! and `stroom_render`.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use stroom_render::client::{BadUrl, Connection};
use url::Url;

/// What a path segment encodes: besides control characters (the URL parser would drop a
/// tab or a newline, and the request would name another stroom), everything that means
/// something in a URL or in its path, and `%` itself.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Parses `--server URL`: http or https, no query or fragment; a path (a server behind a
/// proxy) is kept, ending in `/` so that endpoints go below it.
///
/// # Errors
/// A [`Connection::NotAServerUrl`] naming the value (bad input).
pub fn parse_url(text: &str) -> anyhow::Result<Url> {
    let bad = |why: BadUrl| Connection::NotAServerUrl {
        text: text.to_string(),
        why,
    };
    let mut url = Url::parse(text.trim()).map_err(|e| {
        use url::ParseError as P;
        bad(match e {
            P::RelativeUrlWithoutBase => BadUrl::NoScheme,
            P::EmptyHost
            | P::InvalidIpv4Address
            | P::InvalidIpv6Address
            | P::InvalidDomainCharacter
            | P::IdnaError => BadUrl::BadHost,
            P::InvalidPort => BadUrl::BadPort,
            other => BadUrl::Other(other.to_string()),
        })
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(BadUrl::Scheme(url.scheme().to_string())).into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad(BadUrl::QueryOrFragment).into());
    }
    // A base with a path (behind a proxy) keeps it: endpoints are appended to it.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// The URL as the user typed it, without a trailing slash (for messages and the tokens
/// file).
pub fn name(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_string()
}

/// The URL of an endpoint below `base`, from its path segments, each percent-encoded so
/// that it arrives as given, in its place in the path.
///
/// # Errors
/// A segment of dots alone (`.`, `..`): a URL path cannot carry it (it would name the
/// folder above), and no stroom reference or user name is one; refused as a reference.
pub fn endpoint(base: &Url, segments: &[&str]) -> anyhow::Result<Url> {
    let mut path = base.path().to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    for (i, segment) in segments.iter().enumerate() {
        if segment.chars().all(|c| c == '.') && !segment.is_empty() {
            return Err(stroom::Error::Input(stroom::BadInput::NotAReference {
                text: (*segment).to_string(),
            })
            .into());
        }
        if i > 0 {
            path.push('/');
        }
        path.extend(utf8_percent_encode(segment, SEGMENT));
    }
    let mut url = base.clone();
    url.set_path(&path);
    Ok(url)
}
