//! Measurement helpers shared by the benchmarks: a counting global allocator (peak heap and
//! allocation counts) and on-CPU timing from the thread's `schedstat`. Each bench declares
//! `#[global_allocator] static ALLOC: common::Counting = common::Counting;` if it measures heap.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A global allocator that forwards to `System` and counts live bytes, their peak and the
/// number of allocations.
pub struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = CURRENT.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(n: usize) {
    CURRENT.fetch_sub(n, Ordering::Relaxed);
}

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the bookkeeping only touches atomics and never the memory itself.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's obligations for `alloc` are passed on to `System.alloc`.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator (hence by `System`) with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr`/`layout` come from this allocator (hence from `System`); the caller
        // guarantees `new_size` is valid for `layout.align()`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        p
    }
}

/// Run `f` once: its result, the peak heap above what was live before it, and the number of
/// allocations it made (meaningful only where [`Counting`] is the global allocator).
pub fn heap_during<R>(f: impl FnOnce() -> R) -> (R, usize, usize) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let allocs = ALLOCATIONS.load(Ordering::Relaxed);
    let r = f();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    (r, peak, ALLOCATIONS.load(Ordering::Relaxed) - allocs)
}

/// Run `f` once; return its result and the peak heap above what was live before it.
pub fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let (r, peak, _) = heap_during(f);
    (r, peak)
}

/// On-CPU time of the calling thread (Linux `schedstat`, nanoseconds), if readable. Targets
/// are judged on it, because wall time on a shared machine also counts the time other
/// processes hold the CPU.
pub fn thread_cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// One timing: the median wall time of a run and the mean on-CPU time of a run.
#[derive(Clone, Copy)]
pub struct Timing {
    /// Median wall time of one run.
    pub wall: Duration,
    /// Mean on-CPU time of one run.
    pub cpu: Option<Duration>,
}

impl Timing {
    /// The on-CPU figure when available, else wall time.
    pub fn best(self) -> Duration {
        self.cpu.unwrap_or(self.wall)
    }
}

/// Time `f`: one warm-up run, then at least `min_reps` runs and at least `min_time`.
pub fn time_it(min_reps: usize, min_time: Duration, mut f: impl FnMut()) -> Timing {
    f();
    let mut times = Vec::new();
    let cpu0 = thread_cpu_time();
    let start = Instant::now();
    while times.len() < min_reps.max(1) || start.elapsed() < min_time {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    let n = u32::try_from(times.len()).unwrap_or(u32::MAX);
    let cpu = match (cpu0, thread_cpu_time()) {
        (Some(a), Some(b)) if b >= a => Some((b - a) / n),
        _ => None,
    };
    times.sort();
    Timing {
        wall: times[times.len() / 2],
        cpu,
    }
}

/// Megabytes (10^6) per second.
pub fn mb_per_s(bytes: usize, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64()
}
