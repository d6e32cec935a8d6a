//! The plays under way, each under an unguessable token (128 bits from the
//! operating system's random source, in hex): whoever holds the token is
//! the player. Bounded: a play idle longer than the idle limit expires, and
//! at most a fixed number live at once; when full, finished plays make
//! room (oldest first), and a new play is refused while all are under way.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A token's length: 16 bytes in hex.
pub const TOKEN_LEN: usize = 32;

/// A fresh token: 128 random bits from the operating system, in hex.
pub fn token() -> std::io::Result<String> {
    let mut b = [0u8; TOKEN_LEN / 2];
    getrandom::fill(&mut b).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

struct Entry<T> {
    value: Arc<Mutex<T>>,
    last: Instant,
    done: bool,
}

pub struct Sessions<T> {
    max: usize,
    idle: Duration,
    map: Mutex<HashMap<String, Entry<T>>>,
}

/// Why a play was not started.
pub enum Full {
    /// All `max` plays are under way.
    Busy(usize),
    /// No random token could be drawn.
    Random(String),
}

impl<T> Sessions<T> {
    pub fn new(max: usize, idle: Duration) -> Self {
        Sessions {
            max: max.max(1),
            idle,
            map: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry<T>>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keep `value` under a new token.
    pub fn insert(&self, value: T) -> Result<String, Full> {
        let mut map = self.lock();
        let idle = self.idle;
        map.retain(|_, e| e.last.elapsed() < idle);
        while map.len() >= self.max {
            let oldest_done = map
                .iter()
                .filter(|(_, e)| e.done)
                .min_by_key(|(_, e)| e.last)
                .map(|(k, _)| k.clone());
            match oldest_done {
                Some(k) => map.remove(&k),
                None => return Err(Full::Busy(self.max)),
            };
        }
        let t = token().map_err(|e| Full::Random(e.to_string()))?;
        map.insert(
            t.clone(),
            Entry {
                value: Arc::new(Mutex::new(value)),
                last: Instant::now(),
                done: false,
            },
        );
        Ok(t)
    }

    /// The play of `token`, unless unknown or expired (then forgotten).
    pub fn get(&self, token: &str) -> Option<Arc<Mutex<T>>> {
        let mut map = self.lock();
        let e = map.get_mut(token)?;
        if e.last.elapsed() >= self.idle {
            map.remove(token);
            return None;
        }
        e.last = Instant::now();
        Some(Arc::clone(&e.value))
    }

    /// The play of `token` is over: it may make room for a new one.
    pub fn finish(&self, token: &str) {
        if let Some(e) = self.lock().get_mut(token) {
            e.done = true;
        }
    }
}
