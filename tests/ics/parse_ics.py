#!/usr/bin/env python3
"""Parse an iCalendar file with PyPI's `icalendar` (an independent parser, not the writer) and
print what it read as JSON, for the Rust end-to-end tests to assert on.

Usage: parse_ics.py FILE
Exit 3 when the `icalendar` module is missing (the Rust test then names the install command).
"""
import json
import sys

try:
    import icalendar
except ImportError:
    sys.stderr.write("python module icalendar is missing: pip install icalendar\n")
    sys.exit(3)


def main(path):
    raw = open(path, "rb").read()
    lines = raw.split(b"\r\n")
    report = {
        # RFC 5545 3.1: lines end in CRLF and are at most 75 octets long.
        "crlf": raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""),
        "max_line_octets": max(len(line) for line in lines),
        "folded_lines": sum(1 for line in lines if line.startswith(b" ")),
    }
    cal = icalendar.Calendar.from_ical(raw)
    report["version"] = str(cal.get("VERSION"))
    report["prodid"] = str(cal.get("PRODID"))
    report["timezones"] = [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")]
    events = []
    for ev in cal.walk("VEVENT"):
        start = ev.get("DTSTART")
        end = ev.get("DTEND")
        tzid = start.params.get("TZID") if start is not None else None
        alarms = []
        for alarm in ev.walk("VALARM"):
            trigger = alarm.get("TRIGGER")
            alarms.append(
                {
                    "action": str(alarm.get("ACTION")),
                    "trigger_seconds": int(trigger.dt.total_seconds()),
                    "related": trigger.params.get("RELATED", "START"),
                }
            )
        events.append(
            {
                "uid": str(ev.get("UID")),
                "summary": str(ev.get("SUMMARY")),
                "description": str(ev.get("DESCRIPTION")),
                "status": str(ev.get("STATUS")),
                "sequence": int(ev.get("SEQUENCE", 0)),
                "dtstamp": ev.get("DTSTAMP").dt.isoformat(),
                "start": start.dt.isoformat(),
                "end": end.dt.isoformat() if end is not None else None,
                "all_day": type(start.dt).__name__ == "date",
                "tzid": tzid,
                # The UTC instant of a timed event, so the test checks the zone is applied.
                "start_utc": start.dt.astimezone(__import__("datetime").timezone.utc).isoformat()
                if type(start.dt).__name__ == "datetime"
                else None,
                "alarms": alarms,
            }
        )
    report["events"] = events
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
