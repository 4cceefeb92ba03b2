//! `wsu:Timestamp`: writing, parsing and checking, with an injectable [`Clock`].
//!
//! Times are written as `YYYY-MM-DDTHH:MM:SSZ` (UTC). Parsing accepts an optional fraction
//! of seconds and a `Z` or `±HH:MM` offset; anything else is
//! [`PipelineError::TimestampMalformed`].

use super::PipelineError;
use crate::xml::{Element, WSU_NS};

/// The source of "now", in unix seconds. Inject a [`FixedClock`] in tests.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current time in unix seconds.
    fn now(&self) -> i64;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        }
    }
}

/// A clock stopped at a given unix time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now(&self) -> i64 {
        self.0
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Format unix seconds as an `xs:dateTime` in UTC.
#[must_use]
pub fn format_utc(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// Parse an `xs:dateTime` with a time zone into unix seconds (fractions are truncated).
pub fn parse_utc(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = s.get(19..)?;
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = frac.get(n..)?;
    }
    let offset = match rest {
        "Z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let tz = rest.get(1..)?;
            if tz.len() != 5 || tz.as_bytes()[2] != b':' {
                return None;
            }
            let th: i64 = tz.get(0..2)?.parse().ok()?;
            let tm: i64 = tz.get(3..5)?.parse().ok()?;
            if th > 14 || tm > 59 {
                return None;
            }
            sign * (th * 3600 + tm * 60)
        }
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se - offset)
}

/// The `wsu:Timestamp` markup (namespaces declared on it).
#[must_use]
pub fn markup(id: &str, created: i64, expires: i64) -> String {
    format!(
        r#"<wsu:Timestamp xmlns:wsu="{WSU_NS}" wsu:Id="{id}"><wsu:Created>{}</wsu:Created><wsu:Expires>{}</wsu:Expires></wsu:Timestamp>"#,
        format_utc(created),
        format_utc(expires)
    )
}

/// A parsed Timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// `wsu:Created`, unix seconds.
    pub created: i64,
    /// `wsu:Expires`, unix seconds (WCF always writes it).
    pub expires: i64,
    /// `wsu:Created` as written.
    pub created_text: String,
    /// `wsu:Expires` as written.
    pub expires_text: String,
}

fn malformed(reason: impl Into<String>) -> PipelineError {
    PipelineError::TimestampMalformed {
        reason: reason.into(),
    }
}

/// Read a `wsu:Timestamp` element: exactly one Created then one Expires, nothing else.
pub fn parse(el: Element<'_>) -> Result<Timestamp, PipelineError> {
    let children: Vec<Element<'_>> = el.child_elements().collect();
    let [c, e] = children.as_slice() else {
        return Err(malformed("expected wsu:Created then wsu:Expires"));
    };
    if !c.is(WSU_NS, "Created") || !e.is(WSU_NS, "Expires") {
        return Err(malformed("expected wsu:Created then wsu:Expires"));
    }
    if c.has_non_text_children() || e.has_non_text_children() {
        return Err(malformed("Created and Expires hold text only"));
    }
    let (ct, et) = (c.text().trim().to_owned(), e.text().trim().to_owned());
    let created = parse_utc(&ct).ok_or_else(|| malformed(format!("bad Created '{ct}'")))?;
    let expires = parse_utc(&et).ok_or_else(|| malformed(format!("bad Expires '{et}'")))?;
    if expires < created {
        return Err(malformed("Expires is before Created"));
    }
    Ok(Timestamp {
        created,
        expires,
        created_text: ct,
        expires_text: et,
    })
}

/// Check freshness: not expired, not created in the future, not created more than `max_age`
/// seconds ago, each within `skew` seconds.
pub fn check(ts: &Timestamp, now: i64, skew: i64, max_age: i64) -> Result<(), PipelineError> {
    if ts.expires.saturating_add(skew) <= now {
        return Err(PipelineError::TimestampExpired {
            expires: ts.expires_text.clone(),
            now,
            skew,
        });
    }
    if ts.created.saturating_sub(skew) > now {
        return Err(PipelineError::TimestampInFuture {
            created: ts.created_text.clone(),
            now,
            skew,
        });
    }
    if ts.created.saturating_add(max_age).saturating_add(skew) < now {
        return Err(PipelineError::TimestampTooOld {
            created: ts.created_text.clone(),
            now,
            max_age,
            skew,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for t in [0, 951_782_400, 1_893_456_000, 4_102_444_799, -86_400] {
            assert_eq!(parse_utc(&format_utc(t)), Some(t), "{t}");
        }
        assert_eq!(format_utc(1_893_456_000), "2030-01-01T00:00:00Z");
        assert_eq!(
            parse_utc("2030-01-01T01:00:00.123+01:00"),
            Some(1_893_456_000)
        );
        assert_eq!(parse_utc("2030-01-01T00:00:00"), None);
        assert_eq!(parse_utc("2030-13-01T00:00:00Z"), None);
        assert_eq!(parse_utc("2030-01-01T00:00:00.Z"), None);
        assert_eq!(parse_utc("２030-01-01T00:00:00Z"), None);
    }

    #[test]
    fn freshness_uses_skew() {
        let ts = Timestamp {
            created: 1000,
            expires: 1300,
            created_text: "c".into(),
            expires_text: "e".into(),
        };
        assert!(check(&ts, 1100, 0, 300).is_ok());
        assert!(check(&ts, 1599, 300, 300).is_ok());
        assert!(matches!(
            check(&ts, 1600, 300, 300),
            Err(PipelineError::TimestampExpired { .. })
        ));
        assert!(check(&ts, 700, 300, 300).is_ok());
        assert!(matches!(
            check(&ts, 699, 300, 300),
            Err(PipelineError::TimestampInFuture { .. })
        ));
    }

    #[test]
    fn a_long_lived_timestamp_is_still_held_to_the_maximum_age() {
        // Created at 1000, "valid" for ten years.
        let ts = Timestamp {
            created: 1000,
            expires: 1000 + 10 * 365 * 86_400,
            created_text: "c".into(),
            expires_text: "e".into(),
        };
        // Age 300 + skew 300 is the last second accepted.
        assert!(check(&ts, 1600, 300, 300).is_ok());
        assert!(matches!(
            check(&ts, 1601, 300, 300),
            Err(PipelineError::TimestampTooOld {
                max_age: 300,
                skew: 300,
                now: 1601,
                ..
            })
        ));
        // Without skew the boundary moves in.
        assert!(check(&ts, 1300, 0, 300).is_ok());
        assert!(matches!(
            check(&ts, 1301, 0, 300),
            Err(PipelineError::TimestampTooOld { .. })
        ));
        // A larger maximum age admits it.
        assert!(check(&ts, 4_900, 300, 3_600).is_ok());
    }
}
