//! The routes and meeting calendars stroom ships as defaults, embedded at compile time
//! so that the binary works with no set-up. They are plain files in this folder; a
//! user overrides them with files of their own, never by recompiling. The calendars are
//! also compiled into static data ([`compiled`]) by the build script, so that a command
//! parses no TOML for them.

pub mod compiled;

/// Route definitions: (file name, TOML text).
pub const ROUTES: &[(&str, &str)] = &[
    (
        "ministerraad.toml",
        include_str!("../routes/ministerraad.toml"),
    ),
    (
        "ondertekening.toml",
        include_str!("../routes/ondertekening.toml"),
    ),
];

/// Meeting calendars and recesses: (file name, TOML text).
pub const CALENDARS: &[(&str, &str)] = &[
    ("cwizo.toml", include_str!("../calendars/cwizo.toml")),
    ("rwizo.toml", include_str!("../calendars/rwizo.toml")),
    ("mr.toml", include_str!("../calendars/mr.toml")),
    (
        "tweede-kamer.toml",
        include_str!("../calendars/tweede-kamer.toml"),
    ),
    (
        "kabinetten.toml",
        include_str!("../calendars/kabinetten.toml"),
    ),
];

/// Example strooms (`stroom plan --example NAME`): (name, file name, TOML text).
pub const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "llo",
        "llo-41077000.toml",
        include_str!("../../examples/llo-41077000.toml"),
    ),
    (
        "werkagenda-mbo",
        "werkagenda-mbo-49418286.toml",
        include_str!("../../examples/werkagenda-mbo-49418286.toml"),
    ),
];
