//! The language people read: English or Dutch. Dates as planners write them.

use jiff::civil::{Date, Weekday};

/// The language of human output. JSON and CSV headers stay language-neutral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Dutch.
    Nl,
}

impl Lang {
    /// The language a locale string names (`LANG`, `LC_ALL`, `LC_MESSAGES`): `nl`, `nl_NL.UTF-8`,
    /// `nl_BE` and the like are Dutch, everything else English.
    pub fn from_locale(locale: &str) -> Lang {
        let l = locale.trim().to_ascii_lowercase();
        if l == "nl" || l.starts_with("nl_") || l.starts_with("nl-") || l.starts_with("nl.") {
            Lang::Nl
        } else {
            Lang::En
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, en: &'a str, nl: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Nl => nl,
        }
    }
}

const NL_DAYS: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
const NL_DAYS_LONG: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];
const NL_MONTHS: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const EN_DAYS_LONG: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn weekday_index(w: Weekday) -> usize {
    usize::try_from(w.to_monday_zero_offset()).unwrap_or(0)
}

fn month_index(d: Date) -> usize {
    usize::try_from(d.month() - 1).unwrap_or(0)
}

/// A date with its weekday, as planners read it: `Mon 2023-11-13` in English (the ISO date
/// keeps English tables sortable), `ma 13 nov 2023` in Dutch.
pub fn day(lang: Lang, d: Date) -> String {
    let w = weekday_index(d.weekday());
    match lang {
        // `Mon 2023-10-02` written digit by digit: `portfolio` writes two for each of
        // 10,000 strooms, and formatting the date through `Display` cost ten times as much.
        Lang::En if (0..=9999).contains(&d.year()) => {
            let mut s = String::with_capacity(14);
            s.push_str(EN_DAYS[w]);
            s.push(' ');
            let digits = |s: &mut String, n: i32, width: u32| {
                for p in (0..width).rev() {
                    let digit = (n / 10i32.pow(p)) % 10;
                    s.push(char::from(b'0' + u8::try_from(digit).unwrap_or(0)));
                }
            };
            digits(&mut s, i32::from(d.year()), 4);
            s.push('-');
            digits(&mut s, i32::from(d.month()), 2);
            s.push('-');
            digits(&mut s, i32::from(d.day()), 2);
            s
        }
        Lang::En => format!("{} {d}", EN_DAYS[w]),
        Lang::Nl => format!(
            "{} {} {} {}",
            NL_DAYS[w],
            d.day(),
            NL_MONTHS[month_index(d)],
            d.year()
        ),
    }
}

/// A date without the weekday: `13 Nov 2023` / `13 nov 2023`.
pub fn short_date(lang: Lang, d: Date) -> String {
    let months = match lang {
        Lang::En => EN_MONTHS,
        Lang::Nl => NL_MONTHS,
    };
    format!("{} {} {}", d.day(), months[month_index(d)], d.year())
}

/// The weekday written out: `Monday` / `maandag`.
pub fn weekday_long(lang: Lang, d: Date) -> &'static str {
    let w = weekday_index(d.weekday());
    match lang {
        Lang::En => EN_DAYS_LONG[w],
        Lang::Nl => NL_DAYS_LONG[w],
    }
}

/// The ISO week number of a date (weeks start on Monday; week 1 holds the first Thursday).
pub fn iso_week(d: Date) -> i8 {
    d.iso_week_date().week()
}

/// `week 45` (the same word in both languages).
pub fn week(d: Date) -> String {
    format!("week {}", iso_week(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dutch_dates_as_planners_write_them() {
        assert_eq!(day(Lang::Nl, date(2023, 11, 10)), "vr 10 nov 2023");
        assert_eq!(day(Lang::Nl, date(2024, 3, 4)), "ma 4 mrt 2024");
        assert_eq!(day(Lang::En, date(2023, 11, 10)), "Fri 2023-11-10");
        assert_eq!(weekday_long(Lang::Nl, date(2023, 11, 12)), "zondag");
    }

    /// The English day written digit by digit is the date's own `Display`, on every day
    /// from 1990 to 2110 and at the ends of the range jiff knows.
    #[test]
    fn english_days_are_the_dates_display() {
        let mut d = date(1990, 1, 1);
        while d < date(2110, 1, 1) {
            assert_eq!(
                day(Lang::En, d),
                format!("{} {d}", EN_DAYS[weekday_index(d.weekday())])
            );
            d = d.tomorrow().unwrap_or(Date::MAX);
        }
        for d in [
            Date::MIN,
            Date::MAX,
            date(0, 1, 1),
            date(9999, 12, 31),
            date(-1, 12, 31),
        ] {
            assert_eq!(
                day(Lang::En, d),
                format!("{} {d}", EN_DAYS[weekday_index(d.weekday())])
            );
        }
    }

    #[test]
    fn iso_weeks_at_the_year_boundary() {
        assert_eq!(week(date(2023, 11, 10)), "week 45");
        // 1 Jan 2021 is a Friday: it belongs to week 53 of 2020.
        assert_eq!(iso_week(date(2021, 1, 1)), 53);
        // 29 Dec 2025 is a Monday: week 1 of 2026.
        assert_eq!(iso_week(date(2025, 12, 29)), 1);
    }

    #[test]
    fn locales() {
        for nl in ["nl", "nl_NL.UTF-8", "nl_BE", "NL_nl", "nl-NL"] {
            assert_eq!(Lang::from_locale(nl), Lang::Nl, "{nl}");
        }
        for en in ["", "C", "C.UTF-8", "en_US.UTF-8", "nds_DE", "POSIX"] {
            assert_eq!(Lang::from_locale(en), Lang::En, "{en}");
        }
    }
}
