//! English: the one place where the engine's typed reasons, adjustments and warnings
//! become sentences. Another language is another implementation of [`Messages`] beside
//! this one.

use stroom::planner::{Also, Basis, Missed, Standing, Warning, Why};

use super::Messages;

/// English messages.
#[derive(Debug, Clone, Copy, Default)]
pub struct English;

/// `1 werkdag`, `2 werkdagen`.
fn werkdagen(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} werkdag")
    } else {
        format!("{n} werkdagen")
    }
}

/// `time` or `times`, `return` or `returns`.
fn plural_s(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// ` (source)` when there is a source note.
fn source(s: &str) -> String {
    if s.is_empty() {
        " (recorded)".into()
    } else {
        format!(" ({s})")
    }
}

impl Messages for English {
    fn lang(&self) -> crate::Lang {
        crate::Lang::En
    }

    fn error(&self, e: &stroom::Error) -> super::Diagnostic {
        super::en_errors::error(e)
    }

    fn rejection(&self, r: &stroom::Rejection) -> super::Diagnostic {
        super::en_errors::rejection(r)
    }

    fn store(&self, s: &stroom::StoreError) -> super::Diagnostic {
        super::en_errors::store(s)
    }

    fn plan(&self, p: &stroom::PlanError) -> super::Diagnostic {
        super::en_errors::plan(p)
    }

    fn basis(&self, b: Basis) -> &'static str {
        match b {
            Basis::Sourced => "sourced",
            Basis::Reported => "reported",
            Basis::Estimated => "estimated",
            Basis::Assumed => "assumed",
            Basis::Given => "given",
        }
    }

    fn why(&self, why: &Why) -> String {
        match why {
            Why::Ready => "every bewindspersoon agreed (--ready)".into(),
            Why::ApprovalOn { sign } => {
                format!("assumed: {} on this day", if *sign { "signs" } else { "approves" })
            }
            Why::ApprovalEstimate {
                werkdagen: n,
                from,
                rework,
            } => {
                let mut s = format!("estimate: {} from {from}", werkdagen(i64::from(*n)));
                if let Some(r) = rework {
                    s.push_str(&format!(
                        " (after {} rework of the return on {})",
                        werkdagen(i64::from(r.werkdagen)),
                        r.returned
                    ));
                }
                s
            }
            Why::Deadline {
                body,
                meeting,
                on_deadline_day,
                missed,
            } => {
                let mut s = format!("aanleverdeadline of the {body} slot of {meeting}");
                if *on_deadline_day {
                    s.push_str(": ready on the deadline day itself, still in time");
                } else if let Some(Missed {
                    meeting,
                    deadline,
                    ready,
                    werkdagen: late,
                }) = missed
                {
                    s.push_str(&format!(
                        "; ready {ready} misses the slot of {meeting} (deadline {deadline}) by {}, so it rolls over",
                        werkdagen(i64::from(*late))
                    ));
                }
                s
            }
            Why::Meeting {
                body,
                source: src,
                delivered_on,
            } => {
                let s = format!("{body} meeting{}", source(src));
                match delivered_on {
                    Some(on) => format!("delivered on {on} for this meeting; {s}"),
                    None => s,
                }
            }
            Why::OnderraadBeforeCoupledMr { body, source: src } => format!(
                "{body} meeting before the MR the voorportaal slot names{}",
                source(src)
            ),
            Why::OnderraadAfterVoorportaal {
                body,
                deadline,
                source: src,
            } => format!(
                "first {body} whose deadline {deadline} falls after the voorportaal{}",
                source(src)
            ),
            Why::MrDecided => "the MR decided on this day (recorded)".into(),
            Why::MrAfterOnderraadPassed { since } => {
                format!("the first MR on or after {since}, when the onderraad passed it (rule)")
            }
            Why::MrHeldOver { times, since } => format!(
                "held over {times} time{} (last on {since}): the next MR",
                plural_s(*times)
            ),
            Why::MrCoupled {
                voorportaal,
                slot,
                with_onderraad,
                source: src,
            } => format!(
                "the MR the {voorportaal} slot of {slot} feeds {}{}",
                if *with_onderraad {
                    "with onderraad"
                } else {
                    "without onderraad"
                },
                source(src)
            ),
            Why::MrOnderraadWeek { onderraad } => {
                format!("the MR in the week of the onderraad of {onderraad} (rule)")
            }
            Why::MrAfterOnderraad { onderraad } => format!(
                "the first MR on or after the onderraad of {onderraad} (rule; none meets in its week)"
            ),
            Why::MrAfterVoorportaal { days } => format!(
                "first MR at least {days} days after the voorportaal meeting (rule: voorportaal + 4 days + 7 days)"
            ),
            Why::SendAfter {
                after_mr,
                werkdagen: k,
            } => format!(
                "{} + {} (send-after, an estimate)",
                if *after_mr { "the MR" } else { "signing" },
                werkdagen(i64::from(*k))
            ),
            Why::LatestApproval { deadline } => {
                format!("every approval in by the aanleverdeadline {deadline}")
            }
            Why::LatestSigning => "the last day to sign that still sends in time".into(),
            Why::LatestDeadline { body, meeting } => format!(
                "aanleverdeadline of the last {body} slot that still meets the target (meeting {meeting})"
            ),
            Why::TargetDate => "the target date".into(),
            Why::WerkdagBeforeTarget { target } => {
                format!("the last werkdag on or before the target {target}")
            }
            Why::DebateLead {
                debate,
                werkdagen: n,
                estimate,
            } => format!(
                "debate {debate} minus {}, the debate-lead{}",
                werkdagen(i64::from(*n)),
                if *estimate { " (an estimate)" } else { "" }
            ),
        }
    }

    fn also(&self, also: &Also) -> String {
        match also {
            Also::Delay { werkdagen: n } => format!("delayed {}", werkdagen(i64::from(*n))),
            Also::NotBeforeToday { today } => {
                format!("that day has passed, so no earlier than today {today}")
            }
            Also::MrPassed => "the planned MR has passed, so the first MR from today".into(),
            Also::HeldOver { times } => {
                format!("held over {times} more time{}", plural_s(*times))
            }
            Also::AfterReturns { returns } => format!(
                "after {returns} voorportaal return{} with rework",
                plural_s(*returns)
            ),
            Also::TargetAllows { send_by } => {
                format!("the target allows sending until {send_by}")
            }
        }
    }

    fn warning(&self, w: &Warning) -> String {
        match w {
            Warning::EstimatedDates { dates } => format!(
                "estimated dates on the path ({}): check them against the secretariat's schedule",
                dates
                    .iter()
                    .map(|d| format!("{} {}", d.body, d.date))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Warning::LateDelivery {
                body,
                on,
                deadline,
                werkdagen: n,
            } => format!(
                "delivered on {on}, {} after the {body} deadline {deadline}: this needs the secretary's consent",
                werkdagen(i64::from(*n))
            ),
            Warning::OutcomeNotRecorded { body, meeting } => format!(
                "the {body} meeting of {meeting} has passed but its outcome is not recorded\n  hint: record it with 'stroom voorportaal REF door' (or terug)"
            ),
            Warning::OnderraadLeadShort {
                body,
                voorportaal,
                onderraad,
                days,
                lead_days,
            } => format!(
                "only {days} days between the voorportaal ({voorportaal}) and the {body} ({onderraad}): stukken are due {lead_days} days before; this needs the secretary's consent"
            ),
            Warning::MrLeadShort {
                voorportaal,
                mr,
                days,
            } => format!(
                "only {days} days between the voorportaal ({voorportaal}) and the MR ({mr}): stukken are due 7 days before the MR"
            ),
            Warning::OnMrAgendaWithoutOnderraad => "the stroom is on the MR agenda without an onderraad\n  hint: to plan one, record it: 'stroom needs-onderraad REF yes'".into(),
            Warning::TargetMissed {
                kamer,
                send_by,
                werkdagen: n,
            } => format!(
                "the target cannot be met: the earliest send date is {kamer}, {} after the latest ({send_by})",
                werkdagen(i64::from(*n))
            ),
            Warning::DebateInRecess {
                debate,
                recess,
                from,
                to,
                estimated,
            } => format!(
                "the debate on {debate} falls in the {recess} ({from} to {to}, {}): the Kamer holds no debates then",
                if *estimated { "estimated" } else { "sourced" }
            ),
        }
    }

    fn standing(&self, s: Standing) -> String {
        match s {
            Standing::Met { slack } => {
                format!("feasible, slack {}", werkdagen(i64::from(slack)))
            }
            Standing::Late { werkdagen: n } => {
                format!("NOT feasible, {} late", werkdagen(i64::from(n)))
            }
        }
    }
}
