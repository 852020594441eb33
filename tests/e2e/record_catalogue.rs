//! The bad-input catalogue: every command and file format fed nonsense. Each case's exit
//! code and exact message are snapshotted (one readable file, one case after another), and
//! the database is byte-for-byte the same export before and after every case: nonsense is
//! refused before anything is stored.

use std::collections::BTreeSet;

use crate::{snap, Sandbox};

/// Files the cases read, written into the sandbox before the run (name, content).
const FILES: &[(&str, &str)] = &[
    ("empty.toml", ""),
    ("binary.toml", "\u{0}\u{1}\u{2}garbage\u{7f}"),
    ("stroom-no-title.toml", "reference = \"X-1\"\nroute = \"ministerraad\"\ndirectie = \"MBO\"\neerste-ondertekenaar = \"MOCW\"\n"),
    ("stroom-newline-title.toml", "reference = \"X-1\"\ntitle = \"een\\ntwee\"\nroute = \"ministerraad\"\ndirectie = \"MBO\"\neerste-ondertekenaar = \"MOCW\"\n"),
    ("stroom-bad-role.toml", "reference = \"X-1\"\ntitle = \"t\"\nroute = \"ministerraad\"\ndirectie = \"MBO\"\neerste-ondertekenaar = \"mocw\"\n"),
    ("stroom-twice.toml", "reference = \"X-1\"\ntitle = \"t\"\nroute = \"ministerraad\"\ndirectie = \"MBO\"\neerste-ondertekenaar = \"MOCW\"\nmede-ondertekenaars = [\"MOCW\"]\n"),
    ("stroom-unknown-field.toml", "reference = \"X-1\"\ntitle = \"t\"\nroute = \"ministerraad\"\ndirectie = \"MBO\"\neerste-ondertekenaar = \"MOCW\"\nsigners = []\n"),
    ("stroom-bad-ref.toml", "reference = \"X 1\"\ntitle = \"t\"\nroute = \"ministerraad\"\ndirectie = \"MBO\"\neerste-ondertekenaar = \"MOCW\"\n"),
    ("stroom-bad-target.toml", "reference = \"X-1\"\ntitle = \"t\"\nroute = \"ministerraad\"\ndirectie = \"MBO\"\neerste-ondertekenaar = \"MOCW\"\n[target]\nkind = \"kamer-by\"\ndate = \"morgen\"\n"),
    ("stroom-early-target.toml", "reference = \"X-1\"\ntitle = \"t\"\nroute = \"ministerraad\"\ndirectie = \"MBO\"\neerste-ondertekenaar = \"MOCW\"\n[target]\nkind = \"kamer-by\"\ndate = 2023-01-02\n"),
    ("stroom-long-directie.toml", "reference = \"X-1\"\ntitle = \"t\"\nroute = \"ministerraad\"\ndirectie = \"MBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBOMBO\"\neerste-ondertekenaar = \"MOCW\"\n"),
    ("stroom-tab-bijlage.toml", "reference = \"X-1\"\ntitle = \"t\"\nroute = \"ministerraad\"\ndirectie = \"MBO\"\neerste-ondertekenaar = \"MOCW\"\n[[kamerbrieven]]\ntitle = \"brief\"\nbijlagen = [\"a\\tb\"]\n"),
    ("route-mr-without-steps.toml", "name = \"ministerraad\"\ntitle = \"sneller\"\n"),
    ("route-no-voorportaal.toml", "name = \"snel\"\ntitle = \"t\"\nministerraad = \"mr\"\n"),
    ("route-bad-name.toml", "name = \"Snel Route\"\ntitle = \"t\"\n"),
    ("route-send-after.toml", "name = \"snel\"\ntitle = \"t\"\nvoorportaal = \"cwizo\"\nministerraad = \"mr\"\nsend-after = 9\n"),
    ("route-unknown-key.toml", "name = \"snel\"\ntitle = \"t\"\nspeed = 3\n"),
    ("route-ondertekening-vp.toml", "name = \"snel\"\ntitle = \"t\"\nvoorportaal = \"cwizo\"\n"),
    ("route-bad-toml.toml", "name = \"snel\ntitle = \"t\"\n"),
    ("route-bad-header.toml", "name = \"snel\"\ntitle = \"t\"\n[x\n"),
    ("route-twice.toml", "name = \"snel\"\nname = \"snel\"\n"),
    ("route-open-array.toml", "name = \"snel\"\ntitle = [1, \"a\"\n"),
    ("route-negative.toml", "name = \"snel\"\ntitle = \"t\"\nsend-after = -1\n"),
    ("route-huge.toml", "name = \"snel\"\ntitle = \"t\"\nsend-after = 99999999999999999999\n"),
    ("route-bad-escape.toml", "name = \"sn\\qel\"\n"),
    ("route-bool-title.toml", "name = \"snel\"\ntitle = true\n"),
    ("route-trailing.toml", "name = \"snel\" x\n"),
    ("calendar-bad-date.toml", "body = \"cwizo\"\n[[slot]]\nmeeting = 2023-02-30\n"),
    ("calendar-unknown.toml", "nonsense = true\n"),
    ("calendar-1999.toml", "body = \"cwizo\"\n[[slot]]\nmeeting = 1999-01-04\ndeadline = 1998-12-28\n"),
    ("calendar-sunday.toml", "body = \"mr\"\nkind = \"ministerraad\"\n[[slot]]\nmeeting = 2025-01-12\ndeadline = 2025-01-06\nsource = \"x\"\n"),
    ("calendar-thursday-mr.toml", "body = \"mr\"\nkind = \"ministerraad\"\n[[slot]]\nmeeting = 2025-01-09\ndeadline = 2025-01-06\nsource = \"x\"\n"),
    ("calendar-late-deadline.toml", "body = \"cwizo\"\nkind = \"voorportaal\"\n[[slot]]\nmeeting = 2025-01-13\ndeadline = 2025-01-14\nsource = \"x\"\n"),
    ("calendar-no-source.toml", "body = \"cwizo\"\nkind = \"voorportaal\"\n[[slot]]\nmeeting = 2025-01-13\ndeadline = 2025-01-07\n"),
    ("calendar-two-sources.toml", "body = \"cwizo\"\nkind = \"voorportaal\"\n[[slot]]\nmeeting = 2025-01-13\ndeadline = 2025-01-07\nsource = \"x\"\nestimated = \"y\"\n"),
    ("calendar-twice.toml", "body = \"cwizo\"\nkind = \"voorportaal\"\n[[slot]]\nmeeting = 2025-01-13\ndeadline = 2025-01-07\nsource = \"x\"\n[[slot]]\nmeeting = 2025-01-13\ndeadline = 2025-01-07\nsource = \"x\"\n"),
    ("calendar-no-reason.toml", "body = \"cwizo\"\nkind = \"voorportaal\"\n[[slot]]\nmeeting = 2025-01-13\ndeadline = 2025-01-07\nsource = \"x\"\n[[slot]]\nmeeting = 2025-02-03\ncancelled = true\nsource = \"x\"\n"),
    ("calendar-recess-reversed.toml", "kind = \"recesses\"\nbody = \"tweede-kamer\"\n[[recess]]\nname = \"kerstreces\"\nfrom = 2025-01-10\nto = 2024-12-20\nsource = \"x\"\n"),
    ("calendar-mr-in-onderraad.toml", "body = \"rwizo\"\nkind = \"onderraad\"\n[[slot]]\nmeeting = 2025-01-13\ndeadline = 2025-01-07\nmr = 2025-01-17\nsource = \"x\"\n"),
    ("calendar-wrong-kind.toml", "body = \"cwizo\"\nkind = \"onderraad\"\n[[slot]]\nmeeting = 2025-01-13\ndeadline = 2025-01-07\nsource = \"x\"\n"),
    ("scenario-bad.toml", "[[scenario]]\nname = \"x\"\ndelay = { approval = \"five\" }\n"),
    ("scenario-unknown.toml", "[[scenario]]\nname = \"x\"\nwarp = 3\n"),
    ("schedule-no-meeting-column.csv", "datum vergadering;deadline\n9-3-2026;3-3-2026\n"),
    ("schedule-bad-date.csv", "meeting,deadline\nmorgen,2026-03-03\n"),
    ("schedule-wrong-weekday.csv", "meeting\ndi 9 mrt 2026\n"),
    ("schedule-no-meeting.csv", "meeting,deadline\n,2026-03-03\n"),
    ("schedule-holiday.csv", "meeting\n2026-01-01\n"),
    ("schedule-not-ics.ics", "BEGIN:VCALENDAR\r\nX-A:a\r\n b\r\nEND:VEVENT\r\n"),
    ("schedule-empty.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
    ("schedule-no-start.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:CWIZO\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    ("schedule-bad-start.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:CWIZO\r\nDTSTART:2026\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    ("schedule-bad-deadline.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:CWIZO\r\nDTSTART;VALUE=DATE:20260309\r\nX-STROOM-DEADLINE;VALUE=DATE:morgen\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    ("schedule-bad-rule.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:CWIZO\r\nDTSTART;VALUE=DATE:20260309\r\nRRULE:FREQ=NEVER\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    ("schedule-rule-not-ascii.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:CWIZO\r\nDTSTART;VALUE=DATE:20260309\r\nRRULE:FREQ=WEEKLY;BYDAY=M\u{d6}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    ("scenario-bad-role.toml", "[[scenario]]\nname = \"x\"\nrole-delay = { mpvo = 5 }\n"),
    ("export-not-json.jsonl", "this is not json\n"),
    ("export-empty-object.jsonl", "{}\n"),
    ("export-bad-hash.jsonl", "{\"schema\":1,\"stroom\":\"A\",\"seq\":1,\"event\":{\"on\":\"2023-09-27\",\"fact\":\"submitted\"},\"recorded_at\":\"2023-09-27T10:00:00Z\",\"actor\":\"x\",\"role\":null,\"version\":1,\"comment\":null,\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"hash\":\"00\"}\n"),
];

/// Argument lists. `@FILE` is replaced by the path of that file in the sandbox.
const CASES: &[&[&str]] = &[
    // new: flags
    &[
        "new",
        "--reference",
        "X 1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--reference",
        "",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "een\ntwee",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "bel\u{7}",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "coco",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "mocw",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--mede",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "0001-01-01",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "1999-12-31",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-11-14",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-02-30",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "gisteren",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
        "--kamer-by",
        "2023-01-01",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
        "--kamer-by",
        "binnenkort",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
        "--debate",
        "2023-09-01",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "M\tBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--reference",
        "41077000",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
        "--actor",
        "eve\nforged row",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
        "--actor",
        "eve\u{1b}[2J",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "t",
        "--route",
        "ministerraad",
        "--routes",
        "@route-mr-without-steps.toml",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    // new: files
    &["new", "--from", "@missing.toml", "--on", "2023-10-02"],
    &["new", "--from", "@empty.toml", "--on", "2023-10-02"],
    &["new", "--from", "@binary.toml", "--on", "2023-10-02"],
    &[
        "new",
        "--from",
        "@stroom-no-title.toml",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--from",
        "@stroom-newline-title.toml",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--from",
        "@stroom-bad-role.toml",
        "--on",
        "2023-10-02",
    ],
    &["new", "--from", "@stroom-twice.toml", "--on", "2023-10-02"],
    &[
        "new",
        "--from",
        "@stroom-unknown-field.toml",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--from",
        "@stroom-bad-ref.toml",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--from",
        "@stroom-bad-target.toml",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--from",
        "@stroom-early-target.toml",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--from",
        "@stroom-long-directie.toml",
        "--on",
        "2023-10-02",
    ],
    &[
        "new",
        "--from",
        "@stroom-tab-bijlage.toml",
        "--on",
        "2023-10-02",
    ],
    // submit
    &["submit", "41077000", "--on", "2023-10-02"],
    &["submit", "NOPE", "--on", "2023-10-02"],
    &["submit", "A-1", "--on", "2023-10-02", "--role", "MFOO"],
    &["submit", "A-1", "--on", "2023-10-02", "--role", "mfoo"],
    &["submit", "A-1", "--on", "2023-09-01"],
    &["submit", "A-1", "--on", "1999-01-01"],
    &["submit", "A-1", "--on", "9999-12-31"],
    &[
        "submit",
        "A-1",
        "--on",
        "2023-10-02",
        "--comment",
        "regel\nregel",
    ],
    &[
        "submit",
        "A-1",
        "--on",
        "2023-10-02",
        "--comment",
        "\u{8}backspace",
    ],
    &["submit", "A-1", "--on", "2023-10-02", "--actor", "x\u{85}y"],
    // approve
    &[
        "approve",
        "41077000",
        "--role",
        "MFOO",
        "--version",
        "1",
        "--on",
        "2023-10-02",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "2",
        "--on",
        "2023-10-02",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MSZW",
        "--version",
        "1",
        "--on",
        "2023-10-02",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-09-27",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-09-01",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-11-30",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "x",
        "--on",
        "2023-10-02",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    &[
        "approve",
        "41077000",
        "--version",
        "1",
        "--on",
        "2023-10-02",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-10-02",
        "--comment",
        "a\rb",
    ],
    &[
        "approve",
        "A-1",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-10-02",
    ],
    // return
    &[
        "return",
        "41077000",
        "--role",
        "MPVO",
        "--version",
        "1",
        "--on",
        "2023-10-02",
        "--comment",
        "",
    ],
    &[
        "return",
        "41077000",
        "--role",
        "MPVO",
        "--version",
        "1",
        "--on",
        "2023-10-02",
        "--comment",
        "   ",
    ],
    &[
        "return",
        "41077000",
        "--role",
        "MPVO",
        "--version",
        "1",
        "--on",
        "2023-10-02",
    ],
    &[
        "return",
        "41077000",
        "--role",
        "MFOO",
        "--version",
        "1",
        "--on",
        "2023-10-02",
        "--comment",
        "nee",
    ],
    &[
        "return",
        "41077000",
        "--role",
        "MPVO",
        "--version",
        "3",
        "--on",
        "2023-10-02",
        "--comment",
        "nee",
    ],
    &[
        "return",
        "41077000",
        "--role",
        "MPVO",
        "--version",
        "1",
        "--on",
        "2023-10-02",
        "--comment",
        "korter\nen kernachtiger",
    ],
    &[
        "return",
        "41077000",
        "--role",
        "MPVO",
        "--version",
        "1",
        "--on",
        "2023-09-20",
        "--comment",
        "nee",
    ],
    // sign
    &[
        "sign",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-10-02",
    ],
    &[
        "sign",
        "O-1",
        "--role",
        "MFOO",
        "--version",
        "1",
        "--on",
        "2023-10-02",
    ],
    &[
        "sign",
        "O-1",
        "--role",
        "MOCW",
        "--version",
        "0",
        "--on",
        "2023-10-02",
    ],
    // deliver
    &[
        "deliver",
        "K-1",
        "--slot",
        "2025-01-14",
        "--on",
        "2023-10-05",
    ],
    &[
        "deliver",
        "K-1",
        "--slot",
        "9999-12-31",
        "--on",
        "2023-10-05",
    ],
    &[
        "deliver",
        "K-1",
        "--slot",
        "2023-10-31",
        "--on",
        "2023-10-05",
    ],
    &[
        "deliver",
        "K-1",
        "--slot",
        "2023-10-30",
        "--on",
        "2023-10-31",
    ],
    &[
        "deliver",
        "K-1",
        "--slot",
        "2023-10-30",
        "--on",
        "2023-10-03",
    ],
    &[
        "deliver",
        "K-1",
        "--slot",
        "2023-10-09",
        "--on",
        "2023-10-20",
    ],
    &[
        "deliver",
        "K-1",
        "--slot",
        "2030-10-30",
        "--on",
        "2023-10-05",
    ],
    &[
        "deliver",
        "K-1",
        "--slot",
        "30-10-2023",
        "--on",
        "2023-10-05",
    ],
    &["deliver", "K-1", "--on", "2023-10-05"],
    &[
        "deliver",
        "K-1",
        "--slot",
        "2023-10-30",
        "--on",
        "2023-10-05",
        "--role",
        "MFOO",
    ],
    &[
        "deliver",
        "41077000",
        "--slot",
        "2023-10-30",
        "--on",
        "2023-10-05",
    ],
    &[
        "deliver",
        "O-1",
        "--slot",
        "2023-10-30",
        "--on",
        "2023-10-05",
    ],
    // the other verbs
    &["voorportaal", "41077000", "door", "--on", "2023-10-05"],
    &["voorportaal", "K-1", "misschien", "--on", "2023-10-05"],
    &["needs-onderraad", "K-1", "misschien", "--on", "2023-10-05"],
    &["needs-onderraad", "K-1", "yes", "--on", "2023-09-01"],
    &["needs-onderraad", "K-1", "yes", "--on", "1900-01-01"],
    &["onderraad", "41077000", "door", "--on", "2023-10-05"],
    &["mr", "41077000", "besloten", "--on", "2023-10-05"],
    &["mr", "K-1", "misschien", "--on", "2023-10-05"],
    &["send", "41077000", "--on", "2023-10-05"],
    &["send", "O-1", "--on", "2023-10-05"],
    &[
        "withdraw",
        "41077000",
        "--on",
        "2023-10-05",
        "--role",
        "MFOO",
    ],
    &["withdraw", "41077000", "--on", "2023-09-01"],
    &[
        "withdraw",
        "41077000",
        "--on",
        "2023-10-05",
        "--comment",
        "\u{1b}]0;pwned\u{7}",
    ],
    &[
        "withdraw",
        "41077000",
        "--on",
        "2023-10-05",
        "--actor",
        "a-very-long-actor-name-that-goes-on-and-on-and-on-and-on-and-on-and-on",
    ],
    &[
        "deliver",
        "K-1",
        "--slot",
        "2023-10-30",
        "--on",
        "2023-10-05",
        "--comment",
        "\t",
    ],
    &["needs-onderraad", "O-1", "yes", "--on", "2023-10-05"],
    &["onderraad", "K-1", "door", "--on", "2023-10-05"],
    &[
        "sign",
        "O-1",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-09-30",
    ],
    &[
        "new",
        "--reference",
        "X-1",
        "--title",
        "+201",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
    ],
    &[
        "return",
        "41077000",
        "--role",
        "MPVO",
        "--version",
        "1",
        "--on",
        "2023-10-02",
        "--comment",
        "+2001",
    ],
    &["submit", "A-1", "--on", "2023-10-02", "--actor", "+65"],
    // reading commands
    &["show", "41077000", "--format", "yaml"],
    &["export", "@no-such-dir/export.jsonl"],
    &[
        "plan",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-02",
        "--approval-days",
        "MOCW=3=4",
    ],
    &["show", "NOPE"],
    &["show", "../etc"],
    &["log", "NOPE"],
    &["log", ""],
    &["plan", "NOPE"],
    &["plan", "--example", "nope"],
    &["plan", "--route", "coco", "--ready", "2023-10-02"],
    &["plan", "--route", "ministerraad", "--ready", "2023-02-30"],
    &[
        "plan",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-02",
        "--send-after",
        "5",
    ],
    &[
        "plan",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-02",
        "--approval-days",
        "MOCW=x",
    ],
    &[
        "plan",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-02",
        "--approval-days",
        "mocw=3",
    ],
    &["plan", "--route", "ministerraad", "--ready", "1990-01-01"],
    &["plan", "--route", "ministerraad", "--ready", "2099-01-01"],
    &["plan", "--route", "ministerraad", "--kamer-by", "nooit"],
    &["plan", "41077000", "--approval-days", "-3"],
    &["simulate", "41077000", "--scenario", "@scenario-bad.toml"],
    &[
        "simulate",
        "41077000",
        "--scenario",
        "@scenario-unknown.toml",
    ],
    &[
        "simulate",
        "41077000",
        "--scenario",
        "@scenario-bad-role.toml",
    ],
    &["simulate", "41077000", "--scenario", "@missing.toml"],
    &["simulate", "41077000", "--delay", "approval"],
    &["simulate", "41077000", "--delay", "warp=5"],
    &["simulate", "41077000", "--delay-role", "MPVO=soon"],
    &["simulate", "41077000", "--approve-on", "MOCW=2023-13-01"],
    &["simulate", "41077000", "--runs", "10", "--p-hold", "1.5"],
    &[
        "simulate",
        "41077000",
        "--runs",
        "10",
        "--approval",
        "bogus",
    ],
    &[
        "simulate",
        "41077000",
        "--runs",
        "10",
        "--approval",
        "empirical",
    ],
    &[
        "simulate",
        "41077000",
        "--runs",
        "10",
        "--role-approval",
        "MPVO",
    ],
    &[
        "simulate",
        "41077000",
        "--runs",
        "10",
        "--role-approval",
        "xx=3",
    ],
    &[
        "simulate",
        "41077000",
        "--runs",
        "10",
        "--role-approval",
        "MPVO=abc",
    ],
    &["simulate", "41077000", "--runs", "10", "--rework", "nope"],
    &["serve", "--cache-mib", "0"],
    &["serve", "--trails-page", "0"],
    &["serve", "--runs", "0"],
    &["serve", "--p-hold", "0.5"],
    &["serve", "--runs", "10", "--p-return", "2"],
    &["portfolio", "--runs", "abc"],
    &["routes", "show", "coco"],
    &["calendar", "show", "nope"],
    &["calendar", "feestdagen", "1800"],
    &["calendar", "add-werkdagen", "2023-10-02", "many"],
    &["calendar", "check", "@calendar-bad-date.toml"],
    &["calendar", "check", "@calendar-unknown.toml"],
    &["calendar", "check", "@calendar-1999.toml"],
    &["calendar", "check", "@missing.toml"],
    &["calendar", "check", "@calendar-sunday.toml"],
    &["calendar", "check", "@calendar-thursday-mr.toml"],
    &["calendar", "check", "@calendar-late-deadline.toml"],
    &["calendar", "check", "@calendar-no-source.toml"],
    &["calendar", "check", "@calendar-two-sources.toml"],
    &["calendar", "check", "@calendar-twice.toml"],
    &["calendar", "check", "@calendar-no-reason.toml"],
    &["calendar", "check", "@calendar-recess-reversed.toml"],
    &["calendar", "check", "@calendar-mr-in-onderraad.toml"],
    &["list", "--calendar", "@calendar-wrong-kind.toml"],
    &["calendar", "generate", "nope"],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-no-meeting-column.csv",
    ],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-bad-date.csv",
    ],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-wrong-weekday.csv",
    ],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-no-meeting.csv",
    ],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-holiday.csv",
    ],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-not-ics.ics",
    ],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-empty.ics",
    ],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-no-start.ics",
    ],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-bad-start.ics",
    ],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-bad-deadline.ics",
    ],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-bad-rule.ics",
    ],
    &[
        "calendar",
        "import",
        "--body",
        "cwizo",
        "@schedule-rule-not-ascii.ics",
    ],
    &["calendar", "import", "--body", "cwizo", "@empty.toml"],
    &[
        "calendar",
        "import",
        "--body",
        "nope",
        "@schedule-holiday.csv",
    ],
    &["calendar", "import", "--body", "cwizo", "@missing.csv"],
    &["calendar", "generate", "cwizo", "--from", "1800"],
    // global options and files
    &["list", "--routes", "@route-mr-without-steps.toml"],
    &["list", "--routes", "@route-no-voorportaal.toml"],
    &["list", "--routes", "@route-bad-name.toml"],
    &["list", "--routes", "@route-send-after.toml"],
    &["list", "--routes", "@route-unknown-key.toml"],
    &["list", "--routes", "@route-ondertekening-vp.toml"],
    &["list", "--routes", "@route-bad-toml.toml"],
    &["list", "--routes", "@route-bad-header.toml"],
    &["list", "--routes", "@route-twice.toml"],
    &["list", "--routes", "@route-open-array.toml"],
    &["list", "--routes", "@route-negative.toml"],
    &["list", "--routes", "@route-huge.toml"],
    &["list", "--routes", "@route-bad-escape.toml"],
    &["list", "--routes", "@route-bool-title.toml"],
    &["list", "--routes", "@route-trailing.toml"],
    &["list", "--routes", "@missing.toml"],
    &["list", "--routes", "@binary.toml"],
    &["list", "--calendar", "@calendar-bad-date.toml"],
    &["list", "--calendar", "@calendar-unknown.toml"],
    &["list", "--calendar", "@empty.toml"],
    &["list", "--today", "yesterday"],
    &["list", "--format", "xml"],
    &["plan", "--ready"],
    &[
        "plan",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-02",
        "--kamer-by",
    ],
    &["frobnicate"],
    // export and import
    &["import", "@missing.jsonl"],
    &["import", "@export-not-json.jsonl"],
    &["import", "@export-empty-object.jsonl"],
    &["import", "@export-bad-hash.jsonl"],
    &["import", "@binary.toml"],
    &["import", "@export-cut.jsonl"],
    &["import", "@export-altered.jsonl"],
    &["import", "@export-repeated.jsonl"],
    &["import", "--anchor", "@anchor-bad.jsonl"],
    &["import", "--trust", "abcd", "@export-cut.jsonl"],
    &["verify", "--trust", "@key-short.txt"],
    &["verify", "--trust", "{\"public_key\": 5}"],
    &["verify", "--trust", "not a key at all"],
    // the connection to a server
    &["list", "--server", "localhost:8080"],
    &["list", "--server", "ftp://example.org"],
    &["list", "--server", "http://127.0.0.1:99999"],
    &["list", "--server", "http://example.org/?q=1"],
    &["login", "ada", "--server", "http://127.0.0.1:9"],
    &["login"],
    &["logout"],
    &["users", "add", "ada", "--grant", "boss"],
    &["users", "password"],
];

/// Sets up a database with strooms in several states: 41077000 with the bewindspersonen
/// (MSZW approved), A-1 in concept, K-1 akkoord, O-1 on the ondertekening route.
fn world() -> Sandbox {
    let sb = Sandbox::new();
    crate::llo::approved_by_mszw(&sb);
    let new = |reference: &str, route: &str| {
        sb.run(&[
            "new",
            "--reference",
            reference,
            "--title",
            "Kamerbrief",
            "--route",
            route,
            "--directie",
            "MBO",
            "--eerste",
            "MOCW",
            "--on",
            "2023-10-02",
        ])
        .ok();
    };
    new("A-1", "ministerraad");
    new("K-1", "ministerraad");
    sb.run(&["submit", "K-1", "--on", "2023-10-02"]).ok();
    sb.run(&[
        "approve",
        "K-1",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-10-04",
    ])
    .ok();
    new("O-1", "ondertekening");
    sb.run(&["submit", "O-1", "--on", "2023-10-02"]).ok();
    for (name, text) in FILES {
        std::fs::write(sb.path().join(name), text).expect("write a catalogue file");
    }
    // Exports of this world, damaged: cut after two lines, one record altered, a line
    // repeated.
    let export = sb.run(&["export"]).ok().stdout;
    let lines: Vec<&str> = export.lines().collect();
    let write = |name: &str, text: String| {
        std::fs::write(sb.path().join(name), text).expect("write a catalogue file");
    };
    write("export-cut.jsonl", format!("{}\n{}\n", lines[0], lines[1]));
    write(
        "export-altered.jsonl",
        export.replacen("\"actor\":\"planner-mbo\"", "\"actor\":\"eve\"", 1),
    );
    let mut repeated = lines.clone();
    repeated.insert(2, lines[2]);
    write("export-repeated.jsonl", repeated.join("\n") + "\n");
    write("key-short.txt", "abcd\n".into());
    write("anchor-bad.jsonl", "{}\n{}\n".into());
    sb
}

#[test]
fn every_bad_input_is_refused_with_its_message_and_stores_nothing() {
    catalogue(None, "error:", "bad_input_catalogue");
}

/// The same catalogue under a Dutch locale (`LANG=nl_NL.UTF-8`): every message in Dutch.
#[test]
fn every_bad_input_is_refused_in_dutch() {
    catalogue(Some("nl_NL.UTF-8"), "fout:", "bad_input_catalogue_nl");
}

/// English words that are no Dutch words: one of them in a Dutch message is English prose
/// left behind. Words that are also Dutch (`is`, `in`, `of`, `was`, `record`) are not here.
const ENGLISH_MARKERS: &[&str] = &[
    "the", "not", "cannot", "with", "and", "to", "from", "for", "file", "line", "expected",
    "missing", "unknown", "invalid", "hint", "error", "which", "were", "has", "have", "does",
    "found", "must", "should", "after", "before", "into", "an", "it", "its", "this", "that", "or",
    "no", "use", "give", "see", "known", "out", "range", "value", "between", "only", "key",
    "event", "already", "again", "there", "here", "when", "wrong", "field",
];

/// The informal pronouns: the Dutch messages address the user as `u` throughout.
const INFORMAL: &[&str] = &["je", "jij", "jou", "jouw"];

/// What a Dutch message may hold that is not Dutch and not English prose: what the user
/// typed, quoted (`'…'`, `"…"`, `` `…` ``), flags (`--trust`), paths, and these proper names
/// and terms of the trade.
const ALLOWED: &[&str] = &["Id", "Nummer", "base64", "ed25519"];

/// The English marker words in `text` (and the informal `je`, where the Dutch says `u`),
/// outside quotes, flags, paths, kebab-case names (`send-after`) and clap's list of the
/// values one may type (`mogelijke waarden: yes, no`).
pub fn english_in(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut quote: Option<char> = None;
    let text: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("mogelijke waarden:"))
        .collect::<Vec<_>>()
        .join("\n");
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None => plain.push(c),
        }
        if c == '\n' {
            quote = None;
        }
    }
    plain
        .split_whitespace()
        .filter(|w| !w.contains('-') && !w.contains('/') && !w.contains('='))
        .flat_map(|w| w.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !ALLOWED.contains(w))
        .filter(|w| {
            let w = w.to_lowercase();
            ENGLISH_MARKERS.contains(&w.as_str()) || INFORMAL.contains(&w.as_str())
        })
        .map(String::from)
        .collect()
}

#[test]
fn the_english_markers_catch_english_and_spare_quotes_and_flags() {
    assert_eq!(
        english_in("fout: cannot read the file 'x'"),
        ["cannot", "the", "file"]
    );
    assert!(
        english_in("fout: '--trust' 'the key' is geen sleutel: --no-onderraad [TMP]/the-file")
            .is_empty()
    );
    assert!(english_in("tip: de rol is een post in hoofdletters, bijvoorbeeld MOCW").is_empty());
    assert_eq!(english_in("tip: meld je aan"), ["je"]);
}

/// Runs every case with `LANG` set to `lang` (else the sandbox's C locale); each must exit
/// 2 to 5 with a message starting with `word`, and leave the database as it was. Under a
/// Dutch locale no message may hold English words ([`english_in`]).
fn catalogue(lang: Option<&str>, word: &str, name: &str) {
    let sb = world();
    let export = |sb: &Sandbox| sb.run(&["export"]).ok().stdout;
    let before = export(&sb);
    let mut seen = BTreeSet::new();
    let mut transcript = String::new();
    let mut unexpected = Vec::new();
    for case in CASES {
        let args: Vec<String> = case
            .iter()
            .map(|a| {
                if let Some(file) = a.strip_prefix('@') {
                    sb.path().join(file).display().to_string()
                } else if let Some(n) = a.strip_prefix('+').and_then(|n| n.parse().ok()) {
                    // `+N`: a text N characters long.
                    "x".repeat(n)
                } else {
                    (*a).to_string()
                }
            })
            .collect();
        assert!(seen.insert(args.clone()), "duplicate case {args:?}");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut cmd = sb.command(&args);
        if let Some(lang) = lang {
            cmd.env("LANG", lang);
        }
        let run = crate::run(cmd, &args);
        let english = if lang.is_some() {
            english_in(&run.stderr)
        } else {
            Vec::new()
        };
        if ![2, 3, 4, 5].contains(&run.code)
            || !english.is_empty()
            || !run.stderr.contains(word)
            || (word != "error:" && run.stderr.contains("error:"))
            || run.stderr.contains("panicked")
        {
            unexpected.push(format!(
                "stroom {} exited {} (English words: {english:?}):\n{}",
                run.line,
                run.code,
                run.snapshot()
            ));
        }
        assert_eq!(
            export(&sb),
            before,
            "stroom {} changed the database",
            run.line
        );
        // The case as written (a `+N` text stays short), control characters escaped.
        let shown: Vec<String> = case
            .iter()
            .map(|a| match a.strip_prefix('@') {
                Some(file) => format!("[TMP]/{file}"),
                None if a.starts_with('+') => format!("<{} characters>", &a[1..]),
                None if a.is_empty() || a.contains(' ') => format!("'{}'", a.escape_debug()),
                None => a.escape_debug().to_string(),
            })
            .collect();
        transcript.push_str(&format!(
            "$ stroom {}\nexit {}\n{}\n",
            shown.join(" "),
            run.code,
            run.stderr
        ));
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    assert!(
        seen.len() >= 150,
        "the catalogue holds {} cases",
        seen.len()
    );
    snap!(name, sb, transcript);
}
