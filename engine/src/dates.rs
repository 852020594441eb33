//! Serde support for civil dates written either as strings (`"2023-10-09"`, JSON and
//! quoted TOML) or as bare TOML dates (`2023-10-09`).

use std::fmt;

use jiff::civil::Date;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserializer, Serializer};

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date as YYYY-MM-DD")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Date, E> {
        parse(s).map_err(E::custom)
    }

    // The toml crate hands a bare date over as a one-entry map holding its text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        let Some((_, text)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::custom("expected a date as YYYY-MM-DD"));
        };
        parse(&text).map_err(de::Error::custom)
    }
}

/// Parses `YYYY-MM-DD` strictly, with a message that quotes the input.
///
/// # Errors
/// Anything else, e.g. `2023-13-01`, `3 oct 2023` or a date with a time.
pub fn parse(s: &str) -> Result<Date, String> {
    let looks_right = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    match s.parse::<Date>() {
        Ok(d) if looks_right => Ok(d),
        Ok(_) | Err(_) => Err(format!(
            "'{s}' is not a date: write it as YYYY-MM-DD, e.g. 2023-10-03"
        )),
    }
}

/// Parses a time of day written `HH:MM` (the time meetings start in a calendar export),
/// with a message that quotes the input.
///
/// # Errors
/// Anything else, e.g. `25:00`, `10` or `10:00:00`.
pub fn parse_time(s: &str) -> Result<jiff::civil::Time, String> {
    let bad = || format!("'{s}' is not a time of day as HH:MM, e.g. 10:00");
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let h: i8 = h.parse().map_err(|_| bad())?;
    let m: i8 = m.parse().map_err(|_| bad())?;
    jiff::civil::Time::new(h, m, 0, 0).map_err(|_| bad())
}

/// Serializes a date as `YYYY-MM-DD`.
///
/// # Errors
/// Never, beyond the serializer's own.
pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// Deserializes a date from a string or a bare TOML date.
///
/// # Errors
/// A value that is not a `YYYY-MM-DD` date.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    d.deserialize_any(DateVisitor)
}

/// The same for `Option<Date>`.
pub mod option {
    use super::*;
    use serde::Deserialize;

    #[derive(serde::Deserialize)]
    struct Wrap(#[serde(deserialize_with = "super::deserialize")] Date);

    /// Serializes `Some(date)` as `YYYY-MM-DD` and `None` as null.
    ///
    /// # Errors
    /// Never, beyond the serializer's own.
    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    /// Deserializes an optional date.
    ///
    /// # Errors
    /// A value that is not a `YYYY-MM-DD` date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<Wrap>::deserialize(d).map(|o| o.map(|w| w.0))
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
    struct T {
        #[serde(with = "super")]
        d: jiff::civil::Date,
    }

    #[test]
    fn bare_and_quoted_toml_dates_and_json_strings_parse() {
        let a: T = toml::from_str("d = 2023-10-09").unwrap();
        let b: T = toml::from_str("d = \"2023-10-09\"").unwrap();
        let c: T = serde_json::from_str(r#"{"d":"2023-10-09"}"#).unwrap();
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"d":"2023-10-09"}"#);
    }

    #[test]
    fn malformed_dates_quote_the_input() {
        let e = toml::from_str::<T>("d = \"9 okt 2023\"").unwrap_err();
        assert!(e.message().contains("'9 okt 2023' is not a date"), "{e}");
        assert!(toml::from_str::<T>("d = 2023-10-09T10:00:00").is_err());
    }
}
