//! Signing time: `x-amz-date` formatting and the HTTP `Date` header parser.
//!
//! Civil dates are computed from days since the epoch (the algorithm from Howard Hinnant's
//! `chrono`-compatible date notes), so no clock or time crate is needed.

use super::SigningError;

/// The instant a request is signed, in whole seconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SigningTime {
    amz_date: [u8; 16],
}

impl SigningTime {
    /// A signing time from Unix seconds; years outside 1970..=9999 are rejected.
    pub fn from_unix_seconds(seconds: i64) -> Result<SigningTime, SigningError> {
        // 253402300799 is 9999-12-31T23:59:59Z.
        if !(0..=253_402_300_799).contains(&seconds) {
            return Err(SigningError::TimeOutOfRange);
        }
        let days = seconds.div_euclid(86_400);
        let secs_of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let mut amz_date = [0u8; 16];
        write_digits(&mut amz_date[0..4], year);
        write_digits(&mut amz_date[4..6], month);
        write_digits(&mut amz_date[6..8], day);
        amz_date[8] = b'T';
        write_digits(&mut amz_date[9..11], secs_of_day / 3600);
        write_digits(&mut amz_date[11..13], secs_of_day / 60 % 60);
        write_digits(&mut amz_date[13..15], secs_of_day % 60);
        amz_date[15] = b'Z';
        Ok(SigningTime { amz_date })
    }

    /// `YYYYMMDDTHHMMSSZ`, the `x-amz-date` value.
    pub fn amz_date(&self) -> &str {
        std::str::from_utf8(&self.amz_date).unwrap_or_default()
    }

    /// `YYYYMMDD`, the date in the credential scope.
    pub fn date_stamp(&self) -> &str {
        self.amz_date().get(..8).unwrap_or_default()
    }
}

fn write_digits(out: &mut [u8], mut value: i64) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + u8::try_from(value % 10).unwrap_or(0);
        value /= 10;
    }
}

/// Formats Unix seconds as `YYYYMMDDTHHMMSSZ`.
///
/// ```
/// assert_eq!(connect_phone_wasm::sigv4::format_amz_date(1_440_938_160).as_deref(), Ok("20150830T123600Z"));
/// ```
pub fn format_amz_date(seconds: i64) -> Result<String, SigningError> {
    SigningTime::from_unix_seconds(seconds).map(|time| time.amz_date().to_owned())
}

/// Parses `YYYYMMDDTHHMMSSZ` into Unix seconds.
pub fn parse_amz_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 16 || b.get(8) != Some(&b'T') || b.get(15) != Some(&b'Z') {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        text.get(range)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))?
            .parse()
            .ok()
    };
    to_unix(
        num(0..4)?,
        num(4..6)?,
        num(6..8)?,
        num(9..11)?,
        num(11..13)?,
        num(13..15)?,
    )
}

/// Parses an HTTP `Date` header (`Sun, 06 Nov 1994 08:49:37 GMT`) into Unix seconds.
///
/// ```
/// assert_eq!(connect_phone_wasm::sigv4::parse_http_date("Sun, 30 Aug 2015 12:36:00 GMT"), Some(1_440_938_160));
/// ```
pub fn parse_http_date(text: &str) -> Option<i64> {
    let mut parts = text.split_whitespace();
    let _weekday = parts.next()?;
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let mut field = || -> Option<i64> { clock.next()?.parse().ok() };
    let (hour, minute, second) = (field()?, field()?, field()?);
    if parts.next()? != "GMT" {
        return None;
    }
    to_unix(year, month, day, hour, minute, second)
}

/// Parses an ISO 8601 UTC timestamp (`2026-12-01T15:04:05Z`, with optional fractional
/// seconds, or a `+00:00` offset), as AWS sends expirations, into Unix milliseconds.
///
/// ```
/// use connect_phone_wasm::sigv4::parse_iso8601_ms;
/// assert_eq!(parse_iso8601_ms("2015-08-30T12:36:00Z"), Some(1_440_938_160_000));
/// assert_eq!(parse_iso8601_ms("2015-08-30T12:36:00.250+00:00"), Some(1_440_938_160_250));
/// assert_eq!(parse_iso8601_ms("2015-08-30 12:36"), None);
/// ```
pub fn parse_iso8601_ms(text: &str) -> Option<i64> {
    let (clock, offset_s) =
        if let Some(rest) = text.strip_suffix('Z').or_else(|| text.strip_suffix('z')) {
            (rest, 0)
        } else {
            let split = text.len().checked_sub(6)?;
            let (rest, zone) = (text.get(..split)?, text.get(split..)?);
            let sign = match zone.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let hours: i64 = zone.get(1..3)?.parse().ok()?;
            let minutes: i64 = zone.get(4..6)?.parse().ok()?;
            if zone.as_bytes().get(3) != Some(&b':') || hours > 23 || minutes > 59 {
                return None;
            }
            (rest, sign * (hours * 3600 + minutes * 60))
        };
    let bytes = clock.as_bytes();
    let shape = bytes.len() >= 19
        && bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && matches!(bytes.get(10), Some(b'T' | b't'))
        && bytes.get(13) == Some(&b':')
        && bytes.get(16) == Some(&b':');
    if !shape {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        clock
            .get(range)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))?
            .parse()
            .ok()
    };
    let seconds = to_unix(
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    )?;
    let millis = match clock.get(19..) {
        Some("") => 0,
        Some(fraction) => {
            let digits = fraction.strip_prefix('.')?;
            if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|c| c.is_ascii_digit())
            {
                return None;
            }
            let padded = format!("{digits:0<3}");
            padded.get(..3)?.parse::<i64>().ok()?
        }
        None => return None,
    };
    Some((seconds - offset_s) * 1000 + millis)
}

fn to_unix(year: i64, month: i64, day: i64, hour: i64, minute: i64, second: i64) -> Option<i64> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..=60).contains(&second)
        && (0..=9999).contains(&year);
    valid.then(|| days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

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

#[cfg(test)]
mod tests {

    #[test]
    fn iso8601_times_and_their_mistakes() {
        assert_eq!(
            parse_iso8601_ms("2024-02-29T23:59:59Z"),
            Some(1_709_251_199_000)
        );
        assert_eq!(
            parse_iso8601_ms("2024-03-01T01:00:00+01:00"),
            Some(1_709_251_200_000)
        );
        assert_eq!(
            parse_iso8601_ms("2024-02-29T19:00:00-05:00"),
            Some(1_709_251_200_000)
        );
        assert_eq!(
            parse_iso8601_ms("2015-08-30T12:36:00.1Z"),
            Some(1_440_938_160_100)
        );
        assert_eq!(
            parse_iso8601_ms("2015-08-30T12:36:00.123456789Z"),
            Some(1_440_938_160_123)
        );
        for bad in [
            "2023-02-29T00:00:00Z",
            "2026-02-31T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-12-01T24:00:00Z",
            "2026-12-01T00:00:00",
            "2026-12-01T00:00:00.Z",
            "2026-12-01T00:00:00.1234567890Z",
            "2026-12-01T00:00:00+25:00",
            "2026-12-01T00:00:00+0100",
            "2026-12-01",
            "",
            "２０２６-12-01T00:00:00Z",
        ] {
            assert_eq!(parse_iso8601_ms(bad), None, "{bad}");
        }
    }

    use super::*;

    #[test]
    fn formats_and_parses_round_trip() {
        for seconds in [
            0,
            951_782_400,
            1_440_938_160,
            1_709_164_800,
            4_102_444_799,
            253_402_300_799,
        ] {
            let text = format_amz_date(seconds).unwrap();
            assert_eq!(parse_amz_date(&text), Some(seconds), "{text}");
        }
        assert_eq!(format_amz_date(951_782_400).unwrap(), "20000229T000000Z");
        assert!(format_amz_date(-1).is_err());
        assert!(format_amz_date(253_402_300_800).is_err());
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "",
            "Sun, 30 Aug 2015 12:36:00",
            "Sun, 30 Foo 2015 12:36:00 GMT",
            "Sun, 30 Aug 2015 25:00:00 GMT",
            "x y z w v u",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
        for bad in ["20150830T123600", "2015083XT123600Z", "20151330T123600Z"] {
            assert_eq!(parse_amz_date(bad), None, "{bad}");
        }
    }
}
