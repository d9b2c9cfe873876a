//! A usage plan's quota counted for one API key: at most `Limit` requests a `Period` (`DAY`,
//! `WEEK` or `MONTH`, calendar periods in UTC, a week from Monday), `Offset` requests
//! fewer in the initial period ("the number of requests subtracted from the given limit in
//! the initial time period", API Gateway's `QuotaSettings`). Serve's initial period is the
//! one it starts in.

use std::fmt;
use std::sync::Mutex;

/// A quota's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// A UTC day.
    Day,
    /// A week from Monday 00:00 UTC.
    Week,
    /// A calendar month in UTC.
    Month,
}

impl Period {
    /// `DAY`, `WEEK` or `MONTH`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "DAY" => Some(Self::Day),
            "WEEK" => Some(Self::Week),
            "MONTH" => Some(Self::Month),
            _ => None,
        }
    }

    /// The number of the period holding `unix_seconds`: equal for two instants of the same
    /// period, larger for a later period.
    pub fn index(self, unix_seconds: u64) -> u64 {
        let days = unix_seconds / 86_400;
        match self {
            Self::Day => days,
            // 1970-01-01 was a Thursday: three days on, weeks start on Mondays.
            Self::Week => (days + 3) / 7,
            Self::Month => {
                let (year, month) = year_month(days);
                year * 12 + month
            }
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Day => "DAY",
            Self::Week => "WEEK",
            Self::Month => "MONTH",
        }
    }
}

/// The year and month (0 to 11) of the day `days` after 1970-01-01 (the proleptic
/// Gregorian calendar's civil date, after Howard Hinnant's `civil_from_days`).
fn year_month(days: u64) -> (u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // March-based month → 0-based calendar month; January and February end the March year.
    let month = if mp < 10 { mp + 2 } else { mp - 10 };
    let year = yoe + era * 400 + u64::from(month < 2);
    (year, month)
}

/// A quota: `limit` requests a `period`, `offset` fewer in the initial one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Requests a period.
    pub limit: u64,
    /// Requests subtracted from the limit in the initial period.
    pub offset: u64,
    /// The period.
    pub period: Period,
}

impl fmt::Display for Quota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "quota {} per {}", self.limit, self.period.name())?;
        if self.offset > 0 {
            write!(f, ", offset {}", self.offset)?;
        }
        Ok(())
    }
}

/// A quota counted for one key.
#[derive(Debug)]
pub struct QuotaCounter {
    quota: Quota,
    initial: u64,
    state: Mutex<(u64, u64)>,
}

impl QuotaCounter {
    /// A counter of `quota` starting at `unix_seconds`, nothing used.
    pub fn new(quota: Quota, unix_seconds: u64) -> Self {
        let initial = quota.period.index(unix_seconds);
        Self {
            quota,
            initial,
            state: Mutex::new((initial, 0)),
        }
    }

    /// The quota counted.
    pub fn quota(&self) -> Quota {
        self.quota
    }

    /// Counts a request at `unix_seconds`: `Some(used)` (this one included) when the period
    /// has room, `None` when its quota is used up (the request is not counted).
    pub fn take(&self, unix_seconds: u64) -> Option<u64> {
        let period = self.quota.period.index(unix_seconds);
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if period > state.0 {
            *state = (period, 0);
        }
        let allowed = if state.0 == self.initial {
            self.quota.limit.saturating_sub(self.quota.offset)
        } else {
            self.quota.limit
        };
        if state.1 < allowed {
            state.1 += 1;
            Some(state.1)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 86_400;
    /// 2026-11-30T12:00:00Z, a Monday.
    const MONDAY_NOON: u64 = 1_796_040_000;

    #[test]
    fn the_limit_holds_within_a_period_and_the_next_one_starts_afresh() {
        let quota = Quota {
            limit: 3,
            offset: 0,
            period: Period::Day,
        };
        let counter = QuotaCounter::new(quota, MONDAY_NOON);
        assert_eq!(counter.take(MONDAY_NOON), Some(1));
        assert_eq!(counter.take(MONDAY_NOON + 1), Some(2));
        assert_eq!(counter.take(MONDAY_NOON + 2), Some(3));
        assert_eq!(counter.take(MONDAY_NOON + 3), None);
        // Midnight UTC.
        assert_eq!(counter.take(MONDAY_NOON + DAY / 2), Some(1));
    }

    #[test]
    fn the_offset_is_subtracted_in_the_initial_period_only() {
        let quota = Quota {
            limit: 3,
            offset: 2,
            period: Period::Week,
        };
        let counter = QuotaCounter::new(quota, MONDAY_NOON);
        assert_eq!(counter.take(MONDAY_NOON), Some(1));
        assert_eq!(counter.take(MONDAY_NOON + 5 * DAY), None);
        let next_monday = MONDAY_NOON + 7 * DAY;
        for used in 1..=3 {
            assert_eq!(counter.take(next_monday), Some(used));
        }
        assert_eq!(counter.take(next_monday), None);
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first_utc() {
        let sunday_night = MONDAY_NOON - 12 * 3600 - 1;
        assert_eq!(
            Period::Week.index(sunday_night) + 1,
            Period::Week.index(MONDAY_NOON)
        );
        assert_eq!(
            Period::Week.index(MONDAY_NOON),
            Period::Week.index(MONDAY_NOON + 6 * DAY)
        );
        // 2026-11-30 and 2026-12-01.
        assert_eq!(
            Period::Month.index(MONDAY_NOON) + 1,
            Period::Month.index(MONDAY_NOON + DAY)
        );
        assert_eq!(year_month(0), (1970, 0));
        assert_eq!(year_month(MONDAY_NOON / DAY), (2026, 10));
        // 2024-02-29, and 2025-01-01.
        assert_eq!(year_month(19_782), (2024, 1));
        assert_eq!(year_month(20_089), (2025, 0));
    }
}
