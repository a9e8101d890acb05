//! Timestamps as files write them: RFC 3339 in UTC with milliseconds,
//! e.g. `2025-02-07T15:04:05.123Z`. The core takes times as milliseconds since the Unix epoch
//! (the browser's `Date.now()`), so it needs no clock of its own.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Formats milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub fn iso_from_ms(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000
    )
}

/// The date part, `YYYY-MM-DD`, for file names.
pub fn date_from_ms(ms: i64) -> String {
    iso_from_ms(ms)[..10].to_string()
}

/// Parses an RFC 3339 UTC timestamp (`Z`, with or without fractional seconds).
pub fn ms_from_iso(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || *b.last()? != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let millis = match &text[19..text.len() - 1] {
        "" => 0,
        frac if frac.starts_with('.') && frac.len() > 1 => {
            let digits: String = frac[1..].chars().chain("000".chars()).take(3).collect();
            if !frac[1..].bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()?
        }
        _ => return None,
    };
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60
        && civil_from_days(days_from_civil(year, month, day)) == (year, month, day);
    valid.then(|| {
        days_from_civil(year, month, day) * 86_400_000
            + hour * 3_600_000
            + minute * 60_000
            + second * 1000
            + millis
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_instants() {
        assert_eq!(iso_from_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_from_ms(1_738_940_645_123), "2025-02-07T15:04:05.123Z");
        assert_eq!(
            ms_from_iso("2025-02-07T15:04:05.123Z"),
            Some(1_738_940_645_123)
        );
        assert_eq!(ms_from_iso("2025-02-07T15:04:05Z"), Some(1_738_940_645_000));
        assert_eq!(
            ms_from_iso("2024-02-29T00:00:00Z").map(date_from_ms),
            Some("2024-02-29".into())
        );
        assert_eq!(ms_from_iso("2025-02-29T00:00:00Z"), None, "not a leap year");
        assert_eq!(ms_from_iso("2025-02-07 15:04:05Z"), None);
        assert_eq!(ms_from_iso("2025-02-07T15:04:05+01:00"), None);
        assert_eq!(ms_from_iso("yesterday"), None);
    }

    proptest! {
        #[test]
        fn round_trips(ms in -2_000_000_000_000i64..8_000_000_000_000) {
            prop_assert_eq!(ms_from_iso(&iso_from_ms(ms)), Some(ms));
        }
    }
}
