//! Plackett's rules per correlation in a per-thread table: a run's skews
//! take few correlations (they depend on the claims' stated noise and the
//! bluff scale), but more than a few dozen across a tournament's pairings
//! (138 distinct in the default tournament's 16,000 negotiations), and
//! building a rule costs a dozen sines (about 880 instructions). The table
//! is open-addressed by the bits of `r`, holds up to [`KEPT`] rules, and is
//! emptied when full.

use super::Plackett;
use std::cell::RefCell;

/// Slots of the table (a power of two).
const SLOTS: usize = 256;
/// Rules kept at most (three quarters of the slots, so that a probe always
/// meets an empty slot).
const KEPT: usize = SLOTS / 4 * 3;
/// An empty slot's key: the bits of a NaN, which is never cached.
const EMPTY: u64 = u64::MAX;

struct Rules {
    keys: [u64; SLOTS],
    /// Where a slot's rule is in `rules`.
    at: [u8; SLOTS],
    rules: Vec<Plackett>,
}

// (a rule's place fits in the slot's byte)
const _: () = assert!(KEPT <= 256);

thread_local! {
    static RULES: RefCell<Rules> = const {
        RefCell::new(Rules { keys: [EMPTY; SLOTS], at: [0; SLOTS], rules: Vec::new() })
    };
}

/// [`Plackett::new`]`(r)`, from the calling thread's table.
pub(super) fn rule(r: f64) -> Plackett {
    let bits = r.to_bits();
    if bits == EMPTY {
        return Plackett::new(r);
    }
    RULES.with_borrow_mut(|t| t.get(bits, r))
}

impl Rules {
    fn get(&mut self, bits: u64, r: f64) -> Plackett {
        let start =
            (bits.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SLOTS.trailing_zeros())) as usize;
        let mut i = start;
        loop {
            let key = self.keys[i];
            if key == bits {
                return self.rules[usize::from(self.at[i])];
            }
            if key == EMPTY {
                break;
            }
            i = (i + 1) % SLOTS;
        }
        if self.rules.len() == KEPT {
            self.keys = [EMPTY; SLOTS];
            self.rules.clear();
            i = start;
        }
        let rule = Plackett::new(r);
        self.keys[i] = bits;
        self.at[i] = self.rules.len() as u8;
        self.rules.push(rule);
        rule
    }
}
