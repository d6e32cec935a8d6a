//! The live connections, at most a fixed number at once, one thread each.
//!
//! A new connection beyond the limit takes the place of the oldest one that
//! is still sending its request (an idle or trickling client): that one is
//! shut down, which wakes its thread at once. Only when every connection is
//! busy answering is the new one refused, at once, with 503. So idle
//! clients cannot starve others, and threads and memory stay bounded.

use std::collections::BTreeMap;
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard};

struct Slot {
    /// The connection, shared with its thread, to shut it down from outside.
    stream: Arc<TcpStream>,
    /// Still reading its request (may be cut for a newcomer).
    reading: bool,
}

#[derive(Default)]
struct Inner {
    next: u64,
    live: BTreeMap<u64, Slot>,
}

pub struct Conns {
    max: usize,
    inner: Mutex<Inner>,
}

/// A connection's place, given back when dropped.
pub struct Ticket {
    conns: Arc<Conns>,
    id: u64,
}

impl Conns {
    pub fn new(max: usize) -> Arc<Conns> {
        Arc::new(Conns {
            max: max.max(1),
            inner: Mutex::new(Inner::default()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A place for `stream`, making room by cutting the oldest connection
    /// still reading its request; `None` when all are busy answering.
    pub fn admit(self: &Arc<Self>, stream: &Arc<TcpStream>) -> Option<Ticket> {
        let mut inner = self.lock();
        if inner.live.len() >= self.max {
            let oldest = inner
                .live
                .iter()
                .find(|(_, s)| s.reading)
                .map(|(&id, _)| id)?;
            if let Some(slot) = inner.live.remove(&oldest) {
                let _ = slot.stream.shutdown(Shutdown::Both);
            }
        }
        let id = inner.next;
        inner.next += 1;
        inner.live.insert(
            id,
            Slot {
                stream: Arc::clone(stream),
                reading: true,
            },
        );
        Some(Ticket {
            conns: Arc::clone(self),
            id,
        })
    }
}

impl Ticket {
    /// The request is in: this connection is no longer cut for newcomers.
    pub fn done_reading(&self) {
        if let Some(s) = self.conns.lock().live.get_mut(&self.id) {
            s.reading = false;
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.conns.lock().live.remove(&self.id);
    }
}
