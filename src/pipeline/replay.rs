//! Replay detection: a cache of accepted signature values, each kept until its message's
//! timestamp window closes (attack class E).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// What a [`ReplayCache`] says about a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayVerdict {
    /// Not seen before; now recorded.
    Fresh,
    /// Seen before within its window.
    Replayed,
    /// The cache cannot record it (full of unexpired entries): refuse the message.
    Full {
        /// The capacity.
        capacity: usize,
    },
}

/// A store of recently accepted messages. Implementations must be safe to share between
/// threads; `check_and_insert` must be atomic per key.
pub trait ReplayCache: Send + Sync {
    /// Record `key` until `expires_at` (unix seconds) unless it is already present and
    /// unexpired at `now`.
    fn check_and_insert(&self, key: &str, expires_at: i64, now: i64) -> ReplayVerdict;
}

/// Whether the inbound pipeline detects replays ([`InboundOptions::replay`]).
///
/// There is no plain "off": a receiver without replay detection accepts a captured message
/// again for as long as its Timestamp is fresh, so turning it off is spelled
/// [`ReplayDetection::DangerouslyOff`]. The pipeline also insists on it for a binding without
/// a Timestamp ([`Binding::include_timestamp`] `false`), where replays cannot be detected, so
/// that a reader of the receiver's code sees the consequence.
///
/// [`InboundOptions::replay`]: super::InboundOptions::replay
/// [`Binding::include_timestamp`]: crate::binding::Binding::include_timestamp
#[derive(Clone)]
pub enum ReplayDetection {
    /// Every accepted message's signature value is recorded in this cache until its freshness
    /// window closes; a second message with the same value is refused
    /// ([`PipelineError::Replay`](super::PipelineError::Replay)). Share one cache (an `Arc`)
    /// between all the options values of one endpoint.
    Cache(Arc<dyn ReplayCache>),
    /// No replay detection: a captured message is accepted again while it is fresh. Only for
    /// one-shot tools (the CLI's `inspect` and `verify` see one message), for peers that send
    /// no Timestamp, or when the application detects replays itself.
    DangerouslyOff,
}

impl ReplayDetection {
    /// The default: a private [`InMemoryReplayCache`] of `capacity` entries.
    #[must_use]
    pub fn in_memory(capacity: usize) -> Self {
        ReplayDetection::Cache(Arc::new(InMemoryReplayCache::new(capacity)))
    }

    /// True unless [`ReplayDetection::DangerouslyOff`].
    #[must_use]
    pub fn is_on(&self) -> bool {
        matches!(self, ReplayDetection::Cache(_))
    }
}

impl std::fmt::Debug for ReplayDetection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReplayDetection::Cache(_) => f.write_str("Cache(..)"),
            ReplayDetection::DangerouslyOff => f.write_str("DangerouslyOff"),
        }
    }
}

/// A bounded in-memory cache. When full, expired entries are purged; if it is still full the
/// new message is refused ([`ReplayVerdict::Full`]) rather than an unexpired entry evicted,
/// which would reopen the replay window.
#[derive(Debug)]
pub struct InMemoryReplayCache {
    capacity: usize,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    entries: HashMap<String, i64>,
    order: VecDeque<(i64, String)>,
}

impl InMemoryReplayCache {
    /// A cache holding at most `capacity` entries.
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        InMemoryReplayCache {
            capacity,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// How many entries are held.
    pub fn len(&self) -> usize {
        self.inner.lock().map(|g| g.entries.len()).unwrap_or(0)
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl ReplayCache for InMemoryReplayCache {
    fn check_and_insert(&self, key: &str, expires_at: i64, now: i64) -> ReplayVerdict {
        let Ok(mut g) = self.inner.lock() else {
            return ReplayVerdict::Full {
                capacity: self.capacity,
            };
        };
        if let Some(&exp) = g.entries.get(key)
            && exp > now
        {
            return ReplayVerdict::Replayed;
        }
        if g.entries.len() >= self.capacity {
            // Purge expired entries, oldest expiry first is not guaranteed by insertion order,
            // so scan the whole queue.
            let Inner { entries, order } = &mut *g;
            order.retain(|(exp, k)| {
                let keep = *exp > now;
                if !keep && entries.get(k) == Some(exp) {
                    entries.remove(k);
                }
                keep
            });
            if entries.len() >= self.capacity {
                return ReplayVerdict::Full {
                    capacity: self.capacity,
                };
            }
        }
        g.entries.insert(key.to_owned(), expires_at);
        g.order.push_back((expires_at, key.to_owned()));
        ReplayVerdict::Fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_expiring() {
        let c = InMemoryReplayCache::new(2);
        assert_eq!(c.check_and_insert("a", 100, 0), ReplayVerdict::Fresh);
        assert_eq!(c.check_and_insert("a", 100, 50), ReplayVerdict::Replayed);
        assert_eq!(c.check_and_insert("b", 200, 50), ReplayVerdict::Fresh);
        assert_eq!(
            c.check_and_insert("c", 200, 50),
            ReplayVerdict::Full { capacity: 2 }
        );
        // "a" expired at 100: purged, room for "c".
        assert_eq!(c.check_and_insert("c", 300, 150), ReplayVerdict::Fresh);
        assert_eq!(c.len(), 2);
        assert_eq!(
            c.check_and_insert("a", 400, 150),
            ReplayVerdict::Full { capacity: 2 }
        );
    }
}
