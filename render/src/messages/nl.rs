//! Dutch: the engine's typed reasons, adjustments and warnings as Dutch sentences, with
//! dates as planners write them ("vr 10 nov 2023"). The same cases as `en.rs`, one for one.

use jiff::civil::Date;
use stroom::planner::{Also, Basis, Missed, Standing, Warning, Why};

use super::Messages;
use crate::lang::{day, Lang};

/// Dutch messages.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dutch;

/// `vr 10 nov 2023`.
fn d(date: &Date) -> String {
    day(Lang::Nl, *date)
}

/// `1 werkdag`, `2 werkdagen`.
fn werkdagen(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} werkdag")
    } else {
        format!("{n} werkdagen")
    }
}

/// `keer`.
fn keer(n: u32) -> String {
    format!("{n} keer")
}

/// ` (bron)` when there is a source note.
fn source(s: &str) -> String {
    if s.is_empty() {
        " (vastgelegd)".into()
    } else {
        format!(" ({})", crate::labels::source_note(crate::Lang::Nl, s))
    }
}

/// A body as written in Dutch prose: `CWIZO`, `MR`.
fn body(b: &str) -> String {
    crate::labels::body(b)
}

impl Messages for Dutch {
    fn lang(&self) -> Lang {
        Lang::Nl
    }

    fn error(&self, e: &stroom::Error) -> super::Diagnostic {
        super::nl_errors::error(e)
    }

    fn rejection(&self, r: &stroom::Rejection) -> super::Diagnostic {
        super::nl_errors::rejection(r)
    }

    fn store(&self, s: &stroom::StoreError) -> super::Diagnostic {
        super::nl_errors::store(s)
    }

    fn plan(&self, p: &stroom::PlanError) -> super::Diagnostic {
        super::nl_errors::plan(p)
    }

    fn basis(&self, b: Basis) -> &'static str {
        match b {
            Basis::Sourced => "bron",
            Basis::Reported => "gemeld",
            Basis::Estimated => "geschat",
            Basis::Assumed => "aangenomen",
            Basis::Given => "gegeven",
        }
    }

    fn why(&self, why: &Why) -> String {
        match why {
            Why::Ready => "alle bewindspersonen akkoord (--ready)".into(),
            Why::ApprovalOn { sign } => format!(
                "aangenomen: {} op deze dag",
                if *sign { "tekent" } else { "geeft akkoord" }
            ),
            Why::ApprovalEstimate {
                werkdagen: n,
                from,
                rework,
            } => {
                let mut s = format!("schatting: {} vanaf {}", werkdagen(i64::from(*n)), d(from));
                if let Some(r) = rework {
                    s.push_str(&format!(
                        " (na {} herwerk van de retour op {})",
                        werkdagen(i64::from(r.werkdagen)),
                        d(&r.returned)
                    ));
                }
                s
            }
            Why::Deadline {
                body: b,
                meeting,
                on_deadline_day,
                missed,
            } => {
                let mut s = format!(
                    "aanleverdeadline van de {}-vergadering van {}",
                    body(b),
                    d(meeting)
                );
                if *on_deadline_day {
                    s.push_str(": klaar op de dag van de deadline zelf, nog op tijd");
                } else if let Some(Missed {
                    meeting,
                    deadline,
                    ready,
                    werkdagen: late,
                }) = missed
                {
                    s.push_str(&format!(
                        "; klaar op {} mist de vergadering van {} (deadline {}) met {}, dus schuift door",
                        d(ready),
                        d(meeting),
                        d(deadline),
                        werkdagen(i64::from(*late))
                    ));
                }
                s
            }
            Why::Meeting {
                body: b,
                source: src,
                delivered_on,
            } => {
                let s = format!("vergadering {}{}", body(b), source(src));
                match delivered_on {
                    Some(on) => format!("aangeleverd op {} voor deze vergadering; {s}", d(on)),
                    None => s,
                }
            }
            Why::OnderraadBeforeCoupledMr { body: b, source: src } => format!(
                "{}-vergadering vóór de MR die de voorportaalvergadering noemt{}",
                body(b),
                source(src)
            ),
            Why::OnderraadAfterVoorportaal {
                body: b,
                deadline,
                source: src,
            } => format!(
                "eerste {} waarvan de deadline {} na het voorportaal valt{}",
                body(b),
                d(deadline),
                source(src)
            ),
            Why::MrDecided => "de MR besloot op deze dag (vastgelegd)".into(),
            Why::MrAfterOnderraadPassed { since } => format!(
                "de eerste MR op of na {}, toen de onderraad het doorliet (regel)",
                d(since)
            ),
            Why::MrHeldOver { times, since } => format!(
                "{} aangehouden (laatst op {}): de volgende MR",
                keer(*times),
                d(since)
            ),
            Why::MrCoupled {
                voorportaal,
                slot,
                with_onderraad,
                source: src,
            } => format!(
                "de MR waar de {}-vergadering van {} op uitkomt {}{}",
                body(voorportaal),
                d(slot),
                if *with_onderraad {
                    "met onderraad"
                } else {
                    "zonder onderraad"
                },
                source(src)
            ),
            Why::MrOnderraadWeek { onderraad } => {
                format!("de MR in de week van de onderraad van {} (regel)", d(onderraad))
            }
            Why::MrAfterOnderraad { onderraad } => format!(
                "de eerste MR op of na de onderraad van {} (regel; in die week is er geen)",
                d(onderraad)
            ),
            Why::MrAfterVoorportaal { days } => format!(
                "eerste MR minstens {days} dagen na het voorportaal (regel: voorportaal + 4 dagen + 7 dagen)"
            ),
            Why::SendAfter {
                after_mr,
                werkdagen: k,
            } => format!(
                "{} + {} (send-after, een schatting)",
                if *after_mr { "de MR" } else { "ondertekening" },
                werkdagen(i64::from(*k))
            ),
            Why::LatestApproval { deadline } => {
                format!("alle akkoorden binnen vóór de aanleverdeadline {}", d(deadline))
            }
            Why::LatestSigning => "de laatste dag om te tekenen die nog op tijd verzendt".into(),
            Why::LatestDeadline { body: b, meeting } => format!(
                "aanleverdeadline van de laatste {}-vergadering die het doel nog haalt (vergadering {})",
                body(b),
                d(meeting)
            ),
            Why::TargetDate => "de doeldatum".into(),
            Why::WerkdagBeforeTarget { target } => {
                format!("de laatste werkdag op of vóór het doel {}", d(target))
            }
            Why::DebateLead {
                debate,
                werkdagen: n,
                estimate,
            } => format!(
                "debat {} min {}, de aanlooptijd{}",
                d(debate),
                werkdagen(i64::from(*n)),
                if *estimate { " (een schatting)" } else { "" }
            ),
        }
    }

    fn also(&self, also: &Also) -> String {
        match also {
            Also::Delay { werkdagen: n } => format!("{} vertraagd", werkdagen(i64::from(*n))),
            Also::NotBeforeToday { today } => {
                format!(
                    "die dag is voorbij, dus niet eerder dan vandaag {}",
                    d(today)
                )
            }
            Also::MrPassed => "de geplande MR is voorbij, dus de eerste MR vanaf vandaag".into(),
            Also::HeldOver { times } => format!("nog {} aangehouden", keer(*times)),
            Also::AfterReturns { returns } => format!(
                "na {} retour{} van het voorportaal met herwerk",
                returns,
                if *returns == 1 { "" } else { "s" }
            ),
            Also::TargetAllows { send_by } => {
                format!("het doel laat verzenden toe tot {}", d(send_by))
            }
        }
    }

    fn warning(&self, w: &Warning) -> String {
        match w {
            Warning::EstimatedDates { dates } => format!(
                "geschatte data op het pad ({}): controleer ze met het schema van het secretariaat",
                dates
                    .iter()
                    .map(|x| format!("{} {}", body(&x.body), d(&x.date)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Warning::LateDelivery {
                body: b,
                on,
                deadline,
                werkdagen: n,
            } => format!(
                "aangeleverd op {}, {} na de {}-deadline {}: daarvoor is instemming van de secretaris nodig",
                d(on),
                werkdagen(i64::from(*n)),
                body(b),
                d(deadline)
            ),
            Warning::OutcomeNotRecorded { body: b, meeting } => format!(
                "de {}-vergadering van {} is voorbij maar de uitkomst is niet vastgelegd\n  hint: leg hem vast met 'stroom voorportaal REF door' (of terug)",
                body(b),
                d(meeting)
            ),
            Warning::OnderraadLeadShort {
                body: b,
                voorportaal,
                onderraad,
                days,
                lead_days,
            } => format!(
                "maar {days} dagen tussen het voorportaal ({}) en de {} ({}): stukken moeten er {lead_days} dagen vóór zijn; daarvoor is instemming van de secretaris nodig",
                d(voorportaal),
                body(b),
                d(onderraad)
            ),
            Warning::MrLeadShort {
                voorportaal,
                mr,
                days,
            } => format!(
                "maar {days} dagen tussen het voorportaal ({}) en de MR ({}): stukken moeten er 7 dagen vóór de MR zijn",
                d(voorportaal),
                d(mr)
            ),
            Warning::OnMrAgendaWithoutOnderraad => "de stroom staat op de MR-agenda zonder onderraad\n  hint: om er een te plannen, leg het vast: 'stroom needs-onderraad REF yes'".into(),
            Warning::TargetMissed {
                kamer,
                send_by,
                werkdagen: n,
            } => format!(
                "het doel is niet haalbaar: de vroegste verzenddatum is {}, {} na de uiterste ({})",
                d(kamer),
                werkdagen(i64::from(*n)),
                d(send_by)
            ),
            Warning::DebateInRecess {
                debate,
                recess,
                from,
                to,
                estimated,
            } => format!(
                "het debat op {} valt in {} ({} t/m {}, {}): de Kamer debatteert dan niet",
                d(debate),
                // "tot installatie nieuwe Kamer" is a period, not a reces.
                match recess.strip_prefix("tot ") {
                    Some(rest) => format!("de periode tot {rest}"),
                    None => format!("het {recess}"),
                },
                d(from),
                d(to),
                if *estimated { "geschat" } else { "uit bron" }
            ),
        }
    }

    fn standing(&self, s: Standing) -> String {
        match s {
            Standing::Met { slack } => {
                format!("haalbaar, speling {}", werkdagen(i64::from(slack)))
            }
            Standing::Late { werkdagen: n } => {
                format!("NIET haalbaar, {} te laat", werkdagen(i64::from(n)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_debate_in_a_recess_or_before_the_new_kamer() {
        let w = |recess: &str| {
            Dutch.warning(&Warning::DebateInRecess {
                debate: date(2023, 12, 1),
                recess: recess.into(),
                from: date(2023, 11, 23),
                to: date(2023, 12, 5),
                estimated: false,
            })
        };
        assert!(
            w("kerstreces").starts_with("het debat op vr 1 dec 2023 valt in het kerstreces ("),
            "{}",
            w("kerstreces")
        );
        let t = w("tot installatie nieuwe Kamer");
        assert!(
            t.starts_with(
                "het debat op vr 1 dec 2023 valt in de periode tot installatie nieuwe Kamer ("
            ),
            "{t}"
        );
    }
}
