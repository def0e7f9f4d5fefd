//! The server's clock: the system's, moved forward by `/_local/clock` when
//! time travel is on (the expiry tests).

use std::sync::atomic::{AtomicI64, Ordering};

pub struct Clock {
    offset: AtomicI64,
    travel: bool,
}

impl Clock {
    pub fn new(travel: bool) -> Clock {
        Clock {
            offset: AtomicI64::new(0),
            travel,
        }
    }

    /// Unix seconds.
    pub fn now(&self) -> i64 {
        system_now().saturating_add(self.offset.load(Ordering::Relaxed))
    }

    /// Moves the clock forward; None when time travel is off.
    pub fn advance(&self, seconds: i64) -> Option<i64> {
        if !self.travel {
            return None;
        }
        self.offset.fetch_add(seconds.max(0), Ordering::Relaxed);
        Some(self.now())
    }
}

/// The system's clock, Unix seconds.
pub fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
