//! ISO-8601 timestamps with a mandatory UTC offset, as the content model requires them.

use thiserror::Error;

/// The shape [`parse`] reads, as a regular expression for the schema: date, `T`, hours and
/// minutes, optional seconds and fraction, then `Z` or `±HH:MM`. (Ranges are [`parse`]'s job.)
pub const PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:[0-9]{2})$";

/// A point in time read from the content, with the offset it was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub epoch_ms: i64,
    /// The writer's offset from UTC, in minutes.
    pub offset_minutes: i32,
}

/// Why a timestamp was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TimestampError {
    /// Not `YYYY-MM-DDTHH:MM[:SS[.fff]]`.
    #[error("expected YYYY-MM-DDTHH:MM:SS followed by an offset, got {0:?}")]
    Shape(String),
    /// No `Z` or `±HH:MM` at the end.
    #[error("{0:?} has no UTC offset (add e.g. +03:00 or Z)")]
    NoOffset(String),
    /// A month, day, hour, minute or second out of range.
    #[error("{0:?} is not a real date and time")]
    OutOfRange(String),
}

/// Parses `2026-11-20T09:30:00+03:00` (seconds and fractions optional, `Z` allowed).
pub fn parse(input: &str) -> Result<Timestamp, TimestampError> {
    let shape = || TimestampError::Shape(input.to_owned());
    let (date, rest) = input.split_once('T').ok_or_else(shape)?;
    let mut date_parts = date.splitn(3, '-');
    let year: i64 = number(date_parts.next(), 4).ok_or_else(shape)?;
    let month: i64 = number(date_parts.next(), 2).ok_or_else(shape)?;
    let day: i64 = number(date_parts.next(), 2).ok_or_else(shape)?;

    let offset_at = rest
        .find(['Z', '+', '-'])
        .ok_or_else(|| TimestampError::NoOffset(input.to_owned()))?;
    let (time, offset) = rest.split_at(offset_at);
    let offset_minutes = parse_offset(offset).ok_or_else(shape)?;

    // A fraction belongs to the seconds: `09:30.5` is refused, as the schema's pattern refuses it.
    let time = time.split_once('.').map_or(time, |(whole, fraction)| {
        let digits = fraction.chars().all(|c| c.is_ascii_digit()) && !fraction.is_empty();
        if digits && whole.matches(':').count() == 2 {
            whole
        } else {
            ""
        }
    });
    let mut time_parts = time.split(':');
    let hour: i64 = number(time_parts.next(), 2).ok_or_else(shape)?;
    let minute: i64 = number(time_parts.next(), 2).ok_or_else(shape)?;
    let second: i64 = match time_parts.next() {
        Some(s) => number(Some(s), 2).ok_or_else(shape)?,
        None => 0,
    };
    if time_parts.next().is_some() {
        return Err(shape());
    }

    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if !(1..=days_in_month).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return Err(TimestampError::OutOfRange(input.to_owned()));
    }

    let days = days_from_civil(year, month, day);
    let seconds =
        days * 86_400 + hour * 3_600 + minute * 60 + second - i64::from(offset_minutes) * 60;
    Ok(Timestamp {
        epoch_ms: seconds * 1_000,
        offset_minutes,
    })
}

fn number(part: Option<&str>, digits: usize) -> Option<i64> {
    let part = part?;
    (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

fn parse_offset(offset: &str) -> Option<i32> {
    if offset == "Z" {
        return Some(0);
    }
    let sign = match offset.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = offset[1..].split_once(':')?;
    let (hours, minutes) = (number(Some(hours), 2)?, number(Some(minutes), 2)?);
    (hours <= 14 && minutes <= 59).then(|| sign * (hours * 60 + minutes) as i32)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_applied() {
        let utc = parse("2026-11-20T06:30:00Z").unwrap();
        let riyadh = parse("2026-11-20T09:30:00+03:00").unwrap();
        assert_eq!(utc.epoch_ms, riyadh.epoch_ms);
        assert_eq!(riyadh.offset_minutes, 180);
        assert_eq!(
            parse("2026-11-20T01:30-05:00").unwrap().epoch_ms,
            utc.epoch_ms
        );
    }

    #[test]
    fn known_instants() {
        assert_eq!(parse("1970-01-01T00:00:00Z").unwrap().epoch_ms, 0);
        // 2023-03-15T18:00:00Z, checked against `date -d @1678903200 -u`.
        assert_eq!(
            parse("2023-03-15T21:00:00+03:00").unwrap().epoch_ms,
            1_678_903_200_000
        );
        assert_eq!(
            parse("2024-02-29T00:00:00.250Z").unwrap().epoch_ms,
            1_709_164_800_000
        );
    }

    #[test]
    fn a_missing_offset_is_refused_by_name() {
        assert_eq!(
            parse("2026-11-20T09:30:00"),
            Err(TimestampError::NoOffset("2026-11-20T09:30:00".into()))
        );
    }

    // Guards against the schema refusing a timestamp the content tool publishes, or passing one
    // whose shape the tool refuses.
    #[test]
    fn the_pattern_has_the_shape_parse_reads() {
        let pattern = regex::Regex::new(PATTERN).unwrap();
        for good in [
            "2026-11-20T09:30:00+03:00",
            "2026-11-20T01:30-05:00",
            "2024-02-29T00:00:00.250Z",
        ] {
            assert!(parse(good).is_ok() && pattern.is_match(good), "{good:?}");
        }
        for bad in [
            "2026-11-20T09:30:00",
            "2026-11-20",
            "2026-11-20T09:30:00+3",
            "2026-1-20T09:30:00Z",
            "٢٠٢٦-١١-٢٠T09:30:00Z",
            " 2026-11-20T09:30:00Z",
            "2026-11-20T09:30.5Z",
        ] {
            assert!(parse(bad).is_err() && !pattern.is_match(bad), "{bad:?}");
        }
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "yesterday",
            "2026-11-20",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-11-20T24:00:00Z",
            "2026-11-20T09:30:00+3",
            "2026-1-20T09:30:00Z",
            "٢٠٢٦-١١-٢٠T09:30:00Z",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
