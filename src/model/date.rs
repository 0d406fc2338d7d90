//! Dates, moments and periods as written in ownership files.
//!
//! Dates are civil (no time zone): `2026-03-01`. A moment may add a time of day
//! (`2026-11-28T14:00`). A period is a count and a unit: `180d`, `26w`, `6m`, `1y`.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use jiff::civil;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer};

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub civil::Date);

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        // jiff also accepts a date with a time; a date field takes only the date.
        if text.len() != 10 {
            return None;
        }
        civil::Date::from_str(text).ok().map(Date)
    }

    /// The start of this day, as a moment.
    pub fn start(self) -> Moment {
        Moment(self.0.to_datetime(civil::Time::midnight()))
    }

    /// This date moved by a period (months and years clamp to the month's last day).
    /// Never panics: a span jiff cannot hold saturates at the last representable date.
    pub fn plus(self, period: Period) -> Date {
        let span = match period.unit {
            PeriodUnit::Days => jiff::Span::new().try_days(period.count),
            PeriodUnit::Weeks => jiff::Span::new().try_weeks(period.count),
            PeriodUnit::Months => jiff::Span::new().try_months(period.count),
            PeriodUnit::Years => jiff::Span::new().try_years(period.count),
        };
        match span {
            Ok(span) => Date(self.0.saturating_add(span)),
            Err(_) if period.count < 0 => Date(civil::Date::MIN),
            Err(_) => Date(civil::Date::MAX),
        }
    }
}

impl Date {
    /// Whole days from this date to another (negative when the other is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        self.0.duration_until(other.0).as_secs() / 86_400
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| {
            de::Error::custom(format!("expected a date like `2026-03-01`, found `{text}`"))
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A calendar date, `YYYY-MM-DD`."
        })
    }
}

/// A date with an optional time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment(pub civil::DateTime);

impl Moment {
    pub fn parse(text: &str) -> Option<Moment> {
        if let Some(date) = Date::parse(text) {
            return Some(date.start());
        }
        let text = text.replacen(' ', "T", 1);
        if let Ok(dt) = civil::DateTime::from_str(&text) {
            return Some(Moment(dt));
        }
        // A full timestamp with an offset (`2026-03-01T10:00:00Z`): keep its civil time in UTC.
        jiff::Timestamp::from_str(&text)
            .ok()
            .map(|ts| Moment(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).datetime()))
    }

    pub fn date(self) -> Date {
        Date(self.0.date())
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.time() == civil::Time::midnight() {
            self.0.date().fmt(f)
        } else {
            write!(f, "{} {}", self.0.date(), self.0.time().strftime("%H:%M"))
        }
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        Moment::parse(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "expected a date like `2026-03-01` or `2026-03-01T14:00`, found `{text}`"
            ))
        })
    }
}

impl JsonSchema for Moment {
    fn schema_name() -> Cow<'static, str> {
        "Moment".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?$",
            "description": "A date (`YYYY-MM-DD`) with an optional time (`YYYY-MM-DDTHH:MM`)."
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodUnit {
    Days,
    Weeks,
    Months,
    Years,
}

/// A length of time in whole days, weeks, months or years.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub count: i64,
    pub unit: PeriodUnit,
}

impl Period {
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let split = text.find(|c: char| !c.is_ascii_digit())?;
        let (count, unit) = text.split_at(split);
        let count: i64 = count.parse().ok().filter(|&c| c >= 1)?;
        // At most a hundred years in any unit: longer is a typo, and jiff holds dates only
        // up to the year 9999.
        let (unit, max) = match unit {
            "d" => (PeriodUnit::Days, 36_525),
            "w" => (PeriodUnit::Weeks, 5_218),
            "m" => (PeriodUnit::Months, 1_200),
            "y" => (PeriodUnit::Years, 100),
            _ => return None,
        };
        (count <= max).then_some(Period { count, unit })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            PeriodUnit::Days => 'd',
            PeriodUnit::Weeks => 'w',
            PeriodUnit::Months => 'm',
            PeriodUnit::Years => 'y',
        };
        write!(f, "{}{unit}", self.count)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        Period::parse(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "expected a period like `180d`, `26w`, `6m` or `1y` (at most 100 years), found `{text}`"
            ))
        })
    }
}

impl JsonSchema for Period {
    fn schema_name() -> Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]+[dwmy]$",
            "description": "A period: a count and a unit, `d` days, `w` weeks, `m` months or `y` years (`180d`)."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_moments_and_periods() {
        assert!(Date::parse("2026-02-30").is_none());
        assert!(Date::parse("2026-03-01T10:00").is_none());
        assert_eq!(
            Date::parse("2026-03-01").map(|d| d.to_string()),
            Some("2026-03-01".into())
        );
        assert_eq!(
            Moment::parse("2026-11-28T14:00").map(|m| m.to_string()),
            Some("2026-11-28 14:00".into())
        );
        assert_eq!(
            Moment::parse("2026-11-28T14:00:00Z").map(|m| m.to_string()),
            Some("2026-11-28 14:00".into())
        );
        assert_eq!(
            Period::parse("180d"),
            Some(Period {
                count: 180,
                unit: PeriodUnit::Days
            })
        );
        assert!(Period::parse("180").is_none());
        assert!(Period::parse("0d").is_none());
        assert!(Period::parse("3q").is_none());
    }

    #[test]
    fn adding_months_clamps_to_the_month_end() {
        let d = Date::parse("2026-01-31").unwrap();
        let p = Period::parse("1m").unwrap();
        assert_eq!(d.plus(p).to_string(), "2026-02-28");
    }
}
