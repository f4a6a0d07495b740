//! A minimal parallel map on scoped std threads: start-up work (reading and
//! parsing thousands of content files) is independent per item, and a
//! thread pool crate would cost more in dependencies than it saves here.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Worker threads to use: the machine's parallelism, at least one.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `items.iter().map(f).collect()`, run on up to [`threads`] threads when
/// there are at least `min_items` items (below that a thread costs more
/// than it saves). Results keep the items' order, so the output never
/// depends on scheduling.
pub fn map<T, R, F>(items: &[T], min_items: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let workers = threads().min(items.len());
    if workers <= 1 || items.len() < min_items.max(2) {
        return items.iter().map(&f).collect();
    }
    // Items are handed out one at a time, so a few big files cannot leave
    // one thread with all the work.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (1..workers).map(|_| s.spawn(work)).collect();
        let mut parts = vec![work()];
        for h in handles {
            match h.join() {
                Ok(p) => parts.push(p),
                // A panic in `f` is a bug; surface it as if it ran here.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        parts
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in parts.iter_mut().flat_map(std::mem::take) {
        slots[i] = Some(r);
    }
    slots
        .into_iter()
        .map(|r| r.expect("every index is taken by exactly one worker"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn map_keeps_order_and_covers_every_item() {
        let items: Vec<usize> = (0..1000).collect();
        let out = super::map(&items, 1, |x| x * 2);
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u8], 1, |x| *x).is_empty());
    }
}
