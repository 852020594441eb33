//! The audit trail: every event with who recorded it, for which role and version, when,
//! chained by SHA-256 so that altering, removing or reordering any stored event shows.
//!
//! The hash of a record is `sha256(canonical)`, where `canonical` is the compact JSON
//! encoding of every field but `hash`, in declaration order, `prev` (the previous
//! record's hash, or 64 zeros for the first) included. Field order and formats are fixed
//! by [`RECORD_SCHEMA`]; a change to them is a new schema version.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use typed_builder::TypedBuilder;

use crate::machine::{Event, Fact};
use crate::stroom::Role;

/// The version of the record encoding this build writes and reads.
pub const RECORD_SCHEMA: u32 = 1;

/// The `prev` of a stroom's first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who recorded an event, for whom, and why: everything but the event itself.
#[derive(Debug, Clone, PartialEq, Eq, TypedBuilder)]
pub struct Meta {
    /// The person (or system) who recorded it.
    #[builder(setter(into))]
    pub actor: String,
    /// When it was recorded (wall clock of the recording machine).
    pub recorded_at: Timestamp,
    /// The role it was recorded for, e.g. `MOCW` for an approval.
    #[builder(default)]
    pub role: Option<Role>,
    /// A free comment, e.g. the opmerkingen of a return.
    #[builder(default, setter(into))]
    pub comment: Option<String>,
}

/// One stored event of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Encoding version ([`RECORD_SCHEMA`]).
    pub schema: u32,
    /// The stroom's reference.
    pub stroom: String,
    /// 1-based position in the stroom's trail.
    pub seq: u64,
    /// What happened, on which day.
    pub event: Event,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// Who recorded it.
    pub actor: String,
    /// The role it acted for.
    pub role: Option<Role>,
    /// The stroom version it concerns.
    pub version: u32,
    /// A free comment.
    pub comment: Option<String>,
    /// The route the stroom was created under (its first record only; absent on records
    /// written before routes were stored). Part of the hashed content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<StoredRoute>,
    /// The previous record's hash.
    pub prev: String,
    /// This record's hash.
    pub hash: String,
    /// The database's signature over the hash ([`crate::sign`]); absent on records written
    /// before signing. Not part of the hashed content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sig: Option<crate::sign::Signature>,
}

#[derive(Serialize)]
struct Canonical<'a> {
    schema: u32,
    stroom: &'a str,
    seq: u64,
    event: &'a Event,
    recorded_at: &'a Timestamp,
    actor: &'a str,
    role: &'a Option<Role>,
    version: u32,
    comment: &'a Option<String>,
    #[serde(skip_serializing_if = "is_none")]
    route: &'a Option<StoredRoute>,
    prev: &'a str,
}

fn is_none(route: &&Option<StoredRoute>) -> bool {
    route.is_none()
}

/// The route a stroom was registered under, kept in its first record so that a later route
/// file cannot change what its history meant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredRoute {
    /// SHA-256 (hex) of the definition's compact JSON.
    pub sha256: String,
    /// The route as it was defined at `new`.
    pub definition: crate::route::Route,
}

impl StoredRoute {
    /// The stored form of `route`.
    pub fn of(route: &crate::route::Route) -> StoredRoute {
        StoredRoute {
            sha256: Self::digest(route),
            definition: route.clone(),
        }
    }

    fn digest(route: &crate::route::Route) -> String {
        let bytes = serde_json::to_vec(route).expect("routes always encode as JSON");
        hex::encode(Sha256::digest(bytes))
    }

    /// Whether the hash matches the definition.
    pub fn intact(&self) -> bool {
        Self::digest(&self.definition) == self.sha256
    }
}

impl Record {
    /// Builds the record that follows `prev` (`None` for the first) and seals it.
    pub fn seal(
        stroom: &str,
        prev: Option<&Record>,
        event: Event,
        version: u32,
        meta: Meta,
    ) -> Record {
        let mut r = Record {
            schema: RECORD_SCHEMA,
            stroom: stroom.to_string(),
            seq: prev.map_or(1, |p| p.seq + 1),
            event,
            recorded_at: meta.recorded_at,
            actor: meta.actor,
            role: meta.role,
            version,
            comment: meta.comment,
            route: None,
            prev: prev.map_or_else(|| GENESIS.to_string(), |p| p.hash.clone()),
            hash: String::new(),
            sig: None,
        };
        r.hash = r.compute_hash();
        r
    }

    /// Stores the route the stroom is registered under in this (first) record, and seals
    /// it again.
    pub fn with_route(mut self, route: &crate::route::Route) -> Record {
        self.route = Some(StoredRoute::of(route));
        self.hash = self.compute_hash();
        self
    }

    /// The hash this record should carry.
    pub fn compute_hash(&self) -> String {
        let canonical = Canonical {
            schema: self.schema,
            stroom: &self.stroom,
            seq: self.seq,
            event: &self.event,
            recorded_at: &self.recorded_at,
            actor: &self.actor,
            role: &self.role,
            version: self.version,
            comment: &self.comment,
            route: &self.route,
            prev: &self.prev,
        };
        let bytes = serde_json::to_vec(&canonical).expect("records always encode as JSON");
        hex::encode(Sha256::digest(bytes))
    }

    /// A one-line description of the event for people, e.g. `MOCW approved version 2`.
    pub fn describe(&self) -> String {
        let who = self.role.as_ref().map_or("", Role::as_str);
        match &self.event.fact {
            Fact::Created { stroom } => format!("created on route {}", stroom.route),
            Fact::Submitted => format!("version {} submitted to the bewindspersonen", self.version),
            Fact::Approved { role, version } => format!("{role} approved version {version}"),
            Fact::Returned { role, version } => {
                format!(
                    "{role} returned version {version} with comments; version {} follows",
                    version + 1
                )
            }
            Fact::Delivered { slot } => format!("delivered to the voorportaal for {slot}"),
            Fact::VoorportaalOutcome { outcome } => {
                format!("voorportaal: {}", outcome_word(*outcome))
            }
            Fact::OnderraadDecided { needed: true } => "onderraad needed".into(),
            Fact::OnderraadDecided { needed: false } => "onderraad not needed".into(),
            Fact::OnderraadOutcome { outcome } => format!("onderraad: {}", outcome_word(*outcome)),
            Fact::MinisterraadOutcome { outcome } => match outcome {
                crate::machine::MrOutcome::Besloten => "ministerraad: besloten".into(),
                crate::machine::MrOutcome::Aangehouden => "ministerraad: aangehouden".into(),
            },
            Fact::Signed { role, version } => format!("{role} signed version {version}"),
            Fact::Sent => "sent to the Tweede Kamer".into(),
            Fact::Corrected {
                event,
                correction: crate::machine::Correction::Date { on },
            } => format!("correction of event {event}: it happened on {on}"),
            Fact::Corrected {
                event,
                correction: crate::machine::Correction::Void,
            } => format!("correction of event {event}: void, it did not happen"),
            Fact::Withdrawn if who.is_empty() => "withdrawn".into(),
            Fact::Withdrawn => format!("withdrawn for {who}"),
        }
    }
}

fn outcome_word(o: crate::machine::Outcome) -> &'static str {
    match o {
        crate::machine::Outcome::Door => "door",
        crate::machine::Outcome::Terug => "terug",
    }
}

pub use crate::error::audit::{BadEvent, Broken};

/// One stroom's checked trail as a reader needs it to know where the stroom stands, without
/// its records: the events in order, the route stored at `new` and when it was registered
/// ([`crate::store::Store::load_trail`]). Made only from a trail that passed every check
/// [`verify_chain`] makes.
#[derive(Debug, Clone)]
pub struct Trail {
    /// Every event, in the trail's order (corrections included, as recorded).
    pub events: Vec<Event>,
    /// The route definition stored in the first record at `new` (its digest checked); `None`
    /// for a stroom registered before routes were stored.
    pub route: Option<std::sync::Arc<crate::route::Route>>,
    /// When the first record was recorded.
    pub registered_at: Timestamp,
}

impl Trail {
    /// The trail of verified records (`records` must have passed [`verify_chain`]).
    pub fn of_records(records: Vec<Record>) -> Trail {
        let registered_at = records
            .first()
            .map_or(Timestamp::UNIX_EPOCH, |r| r.recorded_at);
        let route = records
            .first()
            .and_then(|r| r.route.as_ref())
            .map(|r| std::sync::Arc::new(r.definition.clone()));
        Trail {
            events: records.into_iter().map(|r| r.event).collect(),
            route,
            registered_at,
        }
    }
}

/// A stored record's line as a reader of the anchor journal decodes it: the fields of
/// [`Record`], by the same names and as strictly (unknown fields refused), with the text
/// borrowed from the line instead of copied, the route left as its text (decoded once per
/// distinct text by the reader) and the signature's hex left unread (reading commands do
/// not check signatures; `verify` does, from [`Record`]s). A string holding an escape
/// cannot be borrowed and fails to decode here: the reader then decodes the line as a
/// [`Record`], which is the reference.
// Every field is decoded, so that a line reads here only if it reads as a `Record`; not
// every field is used.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecordText<'a> {
    pub(crate) schema: u32,
    pub(crate) stroom: &'a str,
    pub(crate) seq: u64,
    pub(crate) event: EventText,
    pub(crate) recorded_at: Timestamp,
    pub(crate) actor: &'a str,
    pub(crate) role: Option<Role>,
    pub(crate) version: u32,
    #[serde(borrow)]
    pub(crate) comment: Option<&'a str>,
    #[serde(default, borrow)]
    pub(crate) route: Option<&'a serde_json::value::RawValue>,
    pub(crate) prev: &'a str,
    pub(crate) hash: &'a str,
    #[serde(default, borrow)]
    pub(crate) sig: Option<SignatureText<'a>>,
}

/// [`Event`] as [`RecordText`] reads it: the same fields, as strictly, with the fact read
/// type first ([`TypeFirst`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventText {
    #[serde(deserialize_with = "crate::dates::deserialize")]
    pub(crate) on: jiff::civil::Date,
    pub(crate) fact: TypeFirst,
}

impl From<EventText> for Event {
    fn from(e: EventText) -> Event {
        Event {
            on: e.on,
            fact: e.fact.0,
        }
    }
}

/// A [`Fact`] read the way stroom writes it: `type` first, then the variant's fields in
/// declaration order, each once, nothing else. serde's derived decoding of an internally
/// tagged enum accepts the fields in any order, so it buffers every fact (its keys and
/// values copied into a tree) before it knows the variant: about a tenth of what reading
/// a line cost. This reads the fact straight from the line; any other shape (the type
/// later, another field order, an escaped key or type) is refused here, and the reader
/// then decodes the line as a [`Record`], which accepts it or names what is wrong. So it
/// accepts a subset of what [`Fact`]'s own decoding accepts, with the same result.
#[derive(Debug)]
pub(crate) struct TypeFirst(pub(crate) Fact);

impl<'de> Deserialize<'de> for TypeFirst {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<TypeFirst, D::Error> {
        d.deserialize_map(TypeFirstVisitor)
    }
}

struct TypeFirstVisitor;

/// A date field as [`crate::dates`] reads it.
struct DateField(jiff::civil::Date);

impl<'de> Deserialize<'de> for DateField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DateField, D::Error> {
        crate::dates::deserialize(d).map(DateField)
    }
}

/// The next field, which must be `name`; its value.
fn field<'de, A: serde::de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    name: &'static str,
) -> Result<T, A::Error> {
    match map.next_key::<&'de str>()? {
        Some(key) if key == name => map.next_value(),
        _ => Err(serde::de::Error::custom(format_args!(
            "expected the field `{name}` next"
        ))),
    }
}

impl<'de> serde::de::Visitor<'de> for TypeFirstVisitor {
    type Value = TypeFirst;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a fact with its type first")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TypeFirst, A::Error> {
        let kind: &'de str = field(&mut map, "type")?;
        let fact = match kind {
            "created" => Fact::Created {
                stroom: field(&mut map, "stroom")?,
            },
            "submitted" => Fact::Submitted,
            "approved" => Fact::Approved {
                role: field(&mut map, "role")?,
                version: field(&mut map, "version")?,
            },
            "returned" => Fact::Returned {
                role: field(&mut map, "role")?,
                version: field(&mut map, "version")?,
            },
            "delivered" => Fact::Delivered {
                slot: field::<_, DateField>(&mut map, "slot")?.0,
            },
            "voorportaal-outcome" => Fact::VoorportaalOutcome {
                outcome: field(&mut map, "outcome")?,
            },
            "onderraad-decided" => Fact::OnderraadDecided {
                needed: field(&mut map, "needed")?,
            },
            "onderraad-outcome" => Fact::OnderraadOutcome {
                outcome: field(&mut map, "outcome")?,
            },
            "ministerraad-outcome" => Fact::MinisterraadOutcome {
                outcome: field(&mut map, "outcome")?,
            },
            "signed" => Fact::Signed {
                role: field(&mut map, "role")?,
                version: field(&mut map, "version")?,
            },
            "sent" => Fact::Sent,
            "withdrawn" => Fact::Withdrawn,
            "corrected" => Fact::Corrected {
                event: field(&mut map, "event")?,
                correction: field(&mut map, "correction")?,
            },
            other => {
                return Err(serde::de::Error::custom(format_args!(
                    "unknown fact type `{other}`"
                )))
            }
        };
        if map.next_key::<serde::de::IgnoredAny>()?.is_some() {
            return Err(serde::de::Error::custom("a field after the fact's own"));
        }
        Ok(TypeFirst(fact))
    }
}

/// [`crate::sign::Signature`] as [`RecordText`] reads it.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignatureText<'a> {
    pub(crate) key: &'a str,
    pub(crate) sig: &'a str,
}

/// Checks one stroom's chain: schema, numbering, links and hashes.
///
/// # Errors
/// The first record that does not verify.
pub fn verify_chain(stroom: &str, records: &[Record]) -> Result<(), BadEvent> {
    verify_chain_with(stroom, records, &[])
}

/// [`verify_chain`], where `hash_checked[i]` says record `i`'s hash, and the digest of the
/// route definition it carries, were already checked against the very bytes they were
/// sealed from (a reader of the anchor journal does that with one SHA-256 of the stored
/// line and one of each distinct route text, instead of encoding the record and the route
/// again); they are then not recomputed. Every other check is made.
///
/// # Errors
/// The first record that does not verify.
pub fn verify_chain_with(
    stroom: &str,
    records: &[Record],
    hash_checked: &[bool],
) -> Result<(), BadEvent> {
    let mut prev = GENESIS;
    for (i, r) in records.iter().enumerate() {
        let bad = |broken: Broken| BadEvent::new(stroom, r.seq, broken);
        let expected_seq = i as u64 + 1;
        if r.schema != RECORD_SCHEMA {
            return Err(bad(Broken::UnknownSchema { schema: r.schema }));
        }
        if r.stroom != stroom {
            return Err(bad(Broken::OtherStroom {
                stroom: r.stroom.clone(),
            }));
        }
        if r.seq != expected_seq {
            return Err(BadEvent::new(
                stroom,
                expected_seq,
                Broken::Missing { found: r.seq },
            ));
        }
        if r.prev != prev {
            return Err(bad(Broken::Unlinked));
        }
        if !hash_checked.get(i).copied().unwrap_or(false) {
            let h = r.compute_hash();
            if h != r.hash {
                return Err(bad(Broken::Altered {
                    hash: short(&h).to_string(),
                    stored: short(&r.hash).to_string(),
                }));
            }
        }
        if i == 0 && !matches!(r.event.fact, Fact::Created { .. }) {
            return Err(bad(Broken::FirstNotCreation));
        }
        match &r.route {
            Some(_) if i > 0 => return Err(bad(Broken::RouteNotFirst)),
            Some(route) if !hash_checked.get(i).copied().unwrap_or(false) && !route.intact() => {
                return Err(bad(Broken::RouteAltered))
            }
            _ => {}
        }
        prev = &r.hash;
    }
    Ok(())
}

/// The first 12 hex digits of a hash, as shown to people. A hash from a damaged or forged
/// file may hold any characters: it is cut at a character boundary, never inside one.
pub fn short(hash: &str) -> &str {
    let end = hash.char_indices().nth(12).map_or(hash.len(), |(i, _)| i);
    &hash[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::{Correction, MrOutcome, Outcome};

    fn every_fact() -> Vec<Fact> {
        let role: Role = "MOCW".parse().unwrap_or_else(|_| unreachable!());
        let def: crate::stroom::StroomDef = serde_json::from_value(serde_json::json!({
            "reference": "A", "title": "Kamerbrief", "route": "ministerraad",
            "directie": "MBO", "eerste-ondertekenaar": "MSZW",
            "mede-ondertekenaars": ["MOCW"], "target": null,
        }))
        .unwrap_or_else(|_| unreachable!());
        let on = jiff::civil::date(2023, 10, 2);
        vec![
            Fact::Created {
                stroom: Box::new(def),
            },
            Fact::Submitted,
            Fact::Approved {
                role: role.clone(),
                version: 2,
            },
            Fact::Returned {
                role: role.clone(),
                version: 1,
            },
            Fact::Delivered { slot: on },
            Fact::VoorportaalOutcome {
                outcome: Outcome::Terug,
            },
            Fact::OnderraadDecided { needed: true },
            Fact::OnderraadOutcome {
                outcome: Outcome::Door,
            },
            Fact::MinisterraadOutcome {
                outcome: MrOutcome::Aangehouden,
            },
            Fact::Signed { role, version: 3 },
            Fact::Sent,
            Fact::Withdrawn,
            Fact::Corrected {
                event: 4,
                correction: Correction::Date { on },
            },
            Fact::Corrected {
                event: 5,
                correction: Correction::Void,
            },
        ]
    }

    /// What a reader of the anchor makes of a fact's JSON text: the fact read type first,
    /// and the fact as [`Fact`]'s own decoding reads it.
    fn both(text: &str) -> (Option<Fact>, Option<Fact>) {
        let fast = serde_json::from_str::<TypeFirst>(text).ok().map(|t| t.0);
        (fast, serde_json::from_str::<Fact>(text).ok())
    }

    /// Every fact as stroom writes it reads type first, as [`Fact`] itself reads it; the
    /// same fact in another field order, with a field too many, too few or twice, or an
    /// escaped type, is refused type first (the reader then decodes the line as a
    /// [`Record`]): whatever the fast path accepts, the reference accepts the same way.
    #[test]
    fn a_fact_read_type_first_is_the_fact_or_nothing() {
        for fact in every_fact() {
            let text = serde_json::to_string(&fact).unwrap_or_default();
            assert_eq!(
                both(&text),
                (Some(fact.clone()), Some(fact.clone())),
                "{text}"
            );
            let value = serde_json::to_value(&fact).unwrap_or_default();
            let serde_json::Value::Object(map) = value else {
                panic!("{text}: a fact is an object");
            };
            let mut variants: Vec<String> = Vec::new();
            // The type last.
            let mut pairs: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}:{v}", serde_json::Value::from(k.as_str())))
                .collect();
            pairs.rotate_left(1);
            variants.push(format!("{{{}}}", pairs.join(",")));
            // A field too many, twice, too few; an escaped type.
            variants.push(text.replacen('}', ",\"x\":1}", 1));
            let last = pairs.last().cloned().unwrap_or_default();
            variants.push(text.replacen('}', &format!(",{last}}}"), 1));
            if let (true, Some(at)) = (map.len() > 1, text.rfind(',')) {
                variants.push(format!("{}}}", &text[..at]));
            }
            variants.push(text.replacen("\"type\"", "\"typ\\u0065\"", 1));
            for v in variants {
                let (fast, reference) = both(&v);
                if let Some(fast) = fast {
                    assert_eq!(Some(fast), reference, "{v}: read type first, not as a Fact");
                }
            }
            // Type first with the fields in another order: refused here, read by Fact.
            if map.len() > 2 {
                let mut fields: Vec<String> = pairs[..pairs.len() - 1].to_vec();
                fields.reverse();
                let reordered = format!("{{{},{}}}", pairs[pairs.len() - 1], fields.join(","));
                let (fast, reference) = both(&reordered);
                assert_eq!(fast, None, "{reordered}");
                assert_eq!(reference, Some(fact.clone()), "{reordered}");
            }
        }
    }
}
