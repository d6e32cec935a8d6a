//! A few permits for the computing requests (a play's moves, the class
//! view): at most that many run at once, the others wait their turn (for a
//! bounded time), so that 200 busy players leave the processor free enough
//! for the page and the small requests.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

pub struct Work {
    free: Mutex<usize>,
    turn: Condvar,
}

impl Work {
    pub fn new(permits: usize) -> Self {
        Work {
            free: Mutex::new(permits.max(1)),
            turn: Condvar::new(),
        }
    }

    /// `f` under a permit, or `None` when none came within `wait`.
    pub fn run<R>(&self, wait: Duration, f: impl FnOnce() -> R) -> Option<R> {
        let until = Instant::now() + wait;
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            free = self
                .turn
                .wait_timeout(free, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        *free -= 1;
        drop(free);
        /// Gives the permit back even if `f` panics.
        struct Back<'a>(&'a Work);
        impl Drop for Back<'_> {
            fn drop(&mut self) {
                *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
                self.0.turn.notify_one();
            }
        }
        let _back = Back(self);
        Some(f())
    }
}
