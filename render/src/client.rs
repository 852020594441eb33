//! What the command line says about its connection to a `stroom serve` (`--server URL`):
//! a URL it cannot use, no login, a server it cannot reach, an answer it cannot read. Typed,
//! with one rendering per language here; the server's own refusals (a grant, the rate
//! limit, a login) are rendered by the server's messages.

use crate::messages::Diagnostic;
use crate::Lang;

/// Why a `--server` value is not a URL of a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadUrl {
    /// No scheme: `127.0.0.1:8080` or a bare word.
    NoScheme,
    /// A host that is no address: an empty host, a bad IP address or domain character.
    BadHost,
    /// A port that is no number from 0 to 65535.
    BadPort,
    /// A scheme other than http or https.
    Scheme(String),
    /// A query (`?…`) or fragment (`#…`).
    QueryOrFragment,
    /// Anything else the URL parser refuses, in its own (English) words.
    Other(String),
}

/// Why a request did not get an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAnswer {
    /// Nothing listens at the address (connection refused).
    Refused,
    /// The host name is not known (DNS).
    UnknownHost,
    /// No answer within the time limit.
    Timeout {
        /// The limit, in seconds.
        seconds: u64,
    },
    /// The connection broke off (reset, closed, TLS).
    Broken,
}

/// A problem of the client with its server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// `--server` is not a URL of a server.
    NotAServerUrl {
        /// The value given.
        text: String,
        /// Why.
        why: BadUrl,
    },
    /// No token for the server (`stroom login` not run, `STROOM_TOKEN` unset).
    NotLoggedIn {
        /// The server's URL.
        server: String,
    },
    /// The server cannot be reached.
    Unreachable {
        /// The server's URL.
        server: String,
        /// Why.
        why: NoAnswer,
        /// The network library's own words (English), shown with `-v` only in Dutch.
        detail: String,
    },
    /// An HTTP status without a problem body the client understands.
    UnexpectedStatus {
        /// The server's URL.
        server: String,
        /// The status, e.g. `502 Bad Gateway`.
        status: String,
        /// The request, e.g. `GET /api/strooms`.
        what: String,
        /// The start of the body.
        body: String,
        /// This client's version.
        version: String,
    },
    /// The answer broke off while it was read.
    BrokeOff {
        /// The request.
        what: String,
        /// Why.
        why: NoAnswer,
    },
    /// An answer of another shape than this client expects (another version).
    UnexpectedAnswer {
        /// The request.
        what: String,
        /// The JSON parser's words.
        detail: String,
        /// This client's version.
        version: String,
    },
    /// The HTTP client cannot start (no TLS backend).
    CannotStart {
        /// The library's words.
        detail: String,
    },
    /// The file of `stroom login`'s tokens does not parse.
    NotATokensFile {
        /// The file.
        file: String,
    },
}

fn no_answer(lang: Lang, why: NoAnswer) -> String {
    match (why, lang) {
        (NoAnswer::Refused, Lang::En) => "connection refused: nothing listens there".into(),
        (NoAnswer::Refused, Lang::Nl) => {
            "de verbinding werd geweigerd: daar luistert geen server".into()
        }
        (NoAnswer::UnknownHost, Lang::En) => "the host name is not known".into(),
        (NoAnswer::UnknownHost, Lang::Nl) => "de hostnaam is onbekend".into(),
        (NoAnswer::Timeout { seconds }, Lang::En) => format!("no answer within {seconds} s"),
        (NoAnswer::Timeout { seconds }, Lang::Nl) => {
            format!("geen antwoord binnen {seconds} seconden")
        }
        (NoAnswer::Broken, Lang::En) => "the connection broke off".into(),
        (NoAnswer::Broken, Lang::Nl) => "de verbinding werd verbroken".into(),
    }
}

fn bad_url(lang: Lang, why: &BadUrl) -> String {
    let nl = lang == Lang::Nl;
    match why {
        BadUrl::NoScheme => lang
            .pick(
                "it does not start with http:// or https://",
                "het begint niet met http:// of https://",
            )
            .into(),
        BadUrl::BadHost => lang
            .pick(
                "the host is not a valid name or IP address",
                "de host is geen geldige naam of geldig IP-adres",
            )
            .into(),
        BadUrl::BadPort => lang
            .pick(
                "the port is not a number from 0 to 65535",
                "de poort is geen getal van 0 tot en met 65535",
            )
            .into(),
        BadUrl::Scheme(s) if nl => format!("het schema is '{s}', niet http of https"),
        BadUrl::Scheme(s) => format!("the scheme is '{s}', not http or https"),
        BadUrl::QueryOrFragment => lang
            .pick(
                "it has a query or fragment",
                "er staat een query (?) of fragment (#) in",
            )
            .into(),
        BadUrl::Other(words) if nl => format!("de URL klopt niet ({words})"),
        BadUrl::Other(words) => words.clone(),
    }
}

impl Connection {
    /// The problem for people, in `lang`.
    pub fn diagnostic(&self, lang: Lang) -> Diagnostic {
        let nl = lang == Lang::Nl;
        let d = |message: String, hints: Vec<String>| Diagnostic { message, hints };
        match self {
            Connection::NotAServerUrl { text, why } => d(
                if nl {
                    format!(
                        "--server '{text}' is geen adres van een server: {}",
                        bad_url(lang, why)
                    )
                } else {
                    format!("--server '{text}' is not a server URL: {}", bad_url(lang, why))
                },
                vec![lang
                    .pick(
                        "e.g. --server http://127.0.0.1:8080 (the address 'stroom serve --listen' prints)",
                        "bijvoorbeeld --server http://127.0.0.1:8080 (het adres dat 'stroom serve --listen' toont)",
                    )
                    .into()],
            ),
            Connection::NotLoggedIn { server } => d(
                if nl {
                    format!("niet aangemeld bij {server}")
                } else {
                    format!("not logged in to {server}")
                },
                vec![if nl {
                    format!("meld u aan met `stroom login --server {server}`, of zet STROOM_TOKEN")
                } else {
                    format!("log in with `stroom login --server {server}`, or set STROOM_TOKEN")
                }],
            ),
            Connection::Unreachable { server, why, detail } => d(
                if nl {
                    format!(
                        "de server op {server} is niet bereikbaar: {}",
                        no_answer(lang, *why)
                    )
                } else {
                    format!(
                        "cannot reach the server at {server}: {} ({detail})",
                        no_answer(lang, *why)
                    )
                },
                vec![lang
                    .pick(
                        "is 'stroom serve' running there? check --server or STROOM_SERVER",
                        "draait 'stroom serve' daar? controleer --server of STROOM_SERVER",
                    )
                    .into()],
            ),
            Connection::UnexpectedStatus {
                server,
                status,
                what,
                body,
                version,
            } => d(
                if nl {
                    format!("de server op {server} antwoordde {status} op {what}: {body}")
                } else {
                    format!("the server at {server} answered {status} to {what}: {body}")
                },
                vec![if nl {
                    format!("is het een stroom-server van dezelfde versie als deze stroom ({version})?")
                } else {
                    format!("is it a stroom server of the same version as this stroom ({version})?")
                }],
            ),
            Connection::BrokeOff { what, why } => d(
                if nl {
                    format!("het antwoord op {what} brak af: {}", no_answer(lang, *why))
                } else {
                    format!("the answer to {what} broke off: {}", no_answer(lang, *why))
                },
                vec![lang
                    .pick("run the command again", "voer de opdracht opnieuw uit")
                    .into()],
            ),
            Connection::UnexpectedAnswer {
                what,
                detail,
                version,
            } => d(
                if nl {
                    format!("het antwoord van de server op {what} is niet wat deze stroom ({version}) verwacht")
                } else {
                    format!("the server's answer to {what} is not what this stroom ({version}) expects: {detail}")
                },
                vec![lang
                    .pick(
                        "use a stroom of the server's version",
                        "gebruik een stroom van dezelfde versie als de server",
                    )
                    .into()],
            ),
            Connection::CannotStart { detail } => d(
                if nl {
                    "kan de HTTP-client niet starten".into()
                } else {
                    format!("cannot start the HTTP client: {detail}")
                },
                vec![],
            ),
            Connection::NotATokensFile { file } => d(
                if nl {
                    format!("{file}: dit is geen tokenbestand van stroom")
                } else {
                    format!("{file}: not a tokens file")
                },
                vec![lang
                    .pick(
                        "remove it and log in again with 'stroom login'",
                        "verwijder het en meld u opnieuw aan met 'stroom login'",
                    )
                    .into()],
            ),
        }
    }

    /// The message with its hint lines, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.diagnostic(lang).text(lang)
    }
}

impl std::fmt::Display for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for Connection {}

/// A problem the server reports by its code only, with its English `detail`: its own
/// database failing (`corrupt`, `database`: its paths and system errors mean nothing on
/// the client), or a code this client does not know (a newer server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// The server's URL.
    pub server: String,
    /// The problem's code.
    pub code: String,
    /// The server's English words, with their hint lines.
    pub detail: String,
}

impl Reported {
    /// The message with its hint lines, in `lang`. English gives the server's words as
    /// they are; Dutch says what the code means and quotes the server's first line, marked
    /// as English.
    pub fn text(&self, lang: Lang) -> String {
        let Reported {
            server,
            code,
            detail,
        } = self;
        if lang == Lang::En {
            return detail.clone();
        }
        let first = detail.lines().next().unwrap_or_default();
        let (message, hint) = match code.as_str() {
            "corrupt" => (
                format!("de database van de server op {server} is beschadigd of klopt niet met haar ankerjournaal"),
                "de beheerder van de server vindt de oorzaak in het log van 'stroom serve' en controleert de database met 'stroom verify'",
            ),
            "database" => (
                format!("de database van de server op {server} kon het verzoek niet uitvoeren (bezet, vol of een fout van de schijf)"),
                "probeer het later opnieuw; de beheerder van de server vindt de oorzaak in het log van 'stroom serve'",
            ),
            _ => (
                format!("de server op {server} weigert het verzoek ({code})"),
                "gebruik een stroom van dezelfde versie als de server",
            ),
        };
        Diagnostic {
            message,
            hints: vec![
                hint.to_string(),
                format!("de server meldt, in het Engels: \"{first}\""),
            ],
        }
        .text(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_connection_problems_say_no_english() {
        let cases = [
            Connection::NotAServerUrl {
                text: "notaurl".into(),
                why: BadUrl::NoScheme,
            },
            Connection::NotLoggedIn {
                server: "http://127.0.0.1:1".into(),
            },
            Connection::Unreachable {
                server: "http://127.0.0.1:1".into(),
                why: NoAnswer::Refused,
                detail: "error sending request: tcp connect error".into(),
            },
            Connection::Unreachable {
                server: "http://x".into(),
                why: NoAnswer::Timeout { seconds: 300 },
                detail: "operation timed out".into(),
            },
            Connection::UnexpectedAnswer {
                what: "GET /api/verify".into(),
                detail: "missing field `strooms`".into(),
                version: "0.1.0".into(),
            },
        ];
        for c in &cases {
            let t = c.text(Lang::Nl);
            for english in [
                " the ", "cannot", "hint:", "error", "missing", " not ", "timed",
            ] {
                assert!(!t.contains(english), "{english:?} in {t:?}");
            }
            assert!(!t.contains(" je "), "formal u, not je: {t}");
        }
        assert!(cases[2].text(Lang::En).contains("tcp connect error"));
    }

    #[test]
    fn problems_by_code_only_in_dutch_with_the_servers_words_marked() {
        for code in ["corrupt", "database", "new-code"] {
            let r = Reported {
                server: "http://127.0.0.1:8080".into(),
                code: code.into(),
                detail:
                    "the anchor journal 'x' is damaged at line 3: not a record\n  hint: restore"
                        .into(),
            };
            let nl = r.text(Lang::Nl);
            assert!(nl.contains("http://127.0.0.1:8080"), "{nl}");
            assert!(
                nl.ends_with(
                    "in het Engels: \"the anchor journal 'x' is damaged at line 3: not a record\""
                ),
                "{nl}"
            );
            assert!(!nl.contains("hint:") && nl.contains("\n  tip: "), "{nl}");
            assert_eq!(r.text(Lang::En), r.detail);
        }
    }
}
