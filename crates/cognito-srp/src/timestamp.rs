//! The `TIMESTAMP` of a claim (docs/srp.md §4): `Www Mmm D HH:mm:ss UTC YYYY`
//! in UTC, English names, the day not padded. Java's `EEE MMM d HH:mm:ss z
//! yyyy`.

use crate::Error;

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Longer than any well-formed timestamp (`Wed Sep 30 23:59:59 UTC 2099` is 28).
const MAX_LEN: usize = 40;
const SECS_PER_DAY: u64 = 86_400;

/// Formats Unix seconds, e.g. `Thu Aug 3 00:00:00 UTC 2023`.
pub fn format(unix_seconds: u64) -> String {
    let days = unix_seconds / SECS_PER_DAY;
    let secs = unix_seconds % SECS_PER_DAY;
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS[((days + 4) % 7) as usize];
    format!(
        "{weekday} {} {day} {:02}:{:02}:{:02} UTC {year}",
        MONTHS[(month - 1) as usize],
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
    )
}

/// Parses a timestamp into Unix seconds. The weekday must be an English name
/// but is not checked against the date, and the day may be zero-padded: a
/// server re-formats the result with [`format`] before it signs it, so such
/// strings fail the signature, as on AWS, rather than the format.
pub fn parse(text: &str) -> Result<u64, Error> {
    if text.len() > MAX_LEN {
        return Err(Error::InvalidTimestamp);
    }
    let fields: Vec<&str> = text.split(' ').collect();
    let [weekday, month, day, time, zone, year] = fields[..] else {
        return Err(Error::InvalidTimestamp);
    };
    if !WEEKDAYS.contains(&weekday) || zone != "UTC" {
        return Err(Error::InvalidTimestamp);
    }
    let month = MONTHS
        .iter()
        .position(|m| *m == month)
        .ok_or(Error::InvalidTimestamp)? as u32
        + 1;
    let day = number(day, 1..=2)?;
    let year = number(year, 4..=4)?;
    let [hours, minutes, seconds] = match time.split(':').collect::<Vec<_>>()[..] {
        [h, m, s] => [number(h, 2..=2)?, number(m, 2..=2)?, number(s, 2..=2)?],
        _ => return Err(Error::InvalidTimestamp),
    };
    if year < 1970
        || day == 0
        || day > days_in_month(year, month)
        || hours > 23
        || minutes > 59
        || seconds > 59
    {
        return Err(Error::InvalidTimestamp);
    }
    let days = days_from_civil(year, month, day);
    Ok(days * SECS_PER_DAY + u64::from(hours * 3600 + minutes * 60 + seconds))
}

fn number(text: &str, digits: core::ops::RangeInclusive<usize>) -> Result<u32, Error> {
    if !digits.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidTimestamp);
    }
    text.parse().map_err(|_| Error::InvalidTimestamp)
}

fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's
/// `civil_from_days`, restricted to dates from 1970 on.
fn civil_from_days(days: u64) -> (u64, u32, u32) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// The inverse: Hinnant's `days_from_civil`, for years from 1970.
fn days_from_civil(year: u32, month: u32, day: u32) -> u64 {
    let year = u64::from(year) - u64::from(month <= 2);
    let era = year / 400;
    let yoe = year - era * 400;
    let month = u64::from(month);
    let doy = (153 * if month > 2 { month - 3 } else { month + 9 } + 2) / 5 + u64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_spec_examples() {
        assert_eq!(format(1_691_020_800), "Thu Aug 3 00:00:00 UTC 2023");
        assert_eq!(format(1_835_481_425), "Tue Feb 29 23:57:05 UTC 2028");
        assert_eq!(format(0), "Thu Jan 1 00:00:00 UTC 1970");
    }

    #[test]
    fn parses_what_it_formats_over_centuries() {
        // Every ~11 days from 1970 to beyond 2100, at varying times of day.
        let mut t = 0u64;
        while t < 4_200_000_000 {
            assert_eq!(parse(&format(t)), Ok(t), "{}", format(t));
            t += 987_654;
        }
    }

    #[test]
    fn accepts_a_padded_day_and_any_weekday_name() {
        // Accepted here; the re-formatted string then fails the signature.
        assert_eq!(parse("Thu Aug 03 00:00:00 UTC 2023"), Ok(1_691_020_800));
        assert_eq!(parse("Mon Aug 3 00:00:00 UTC 2023"), Ok(1_691_020_800));
    }

    #[test]
    fn rejects_what_is_not_the_format() {
        for bad in [
            "",
            "Thu Aug 3 00:00:00 GMT 2023",
            "Thursday Aug 3 00:00:00 UTC 2023",
            "Thu August 3 00:00:00 UTC 2023",
            "Thu Aug  3 00:00:00 UTC 2023",
            "Thu Aug 3 0:00:00 UTC 2023",
            "Thu Aug 3 24:00:00 UTC 2023",
            "Thu Aug 3 00:60:00 UTC 2023",
            "Thu Aug 32 00:00:00 UTC 2023",
            "Thu Feb 29 00:00:00 UTC 2023",
            "Thu Aug 3 00:00:00 UTC 23",
            "Thu Aug 3 00:00:00 UTC 1969",
            "Thu Aug +3 00:00:00 UTC 2023",
            "2023-08-03T00:00:00Z",
            "Thu Aug 3 00:00:00 UTC 2023 and a lot more text here",
        ] {
            assert_eq!(parse(bad), Err(Error::InvalidTimestamp), "{bad:?}");
        }
        assert_eq!(parse("Thu Feb 29 00:00:00 UTC 2024"), Ok(1_709_164_800));
    }
}
