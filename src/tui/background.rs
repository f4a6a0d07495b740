//! Threads for work the user did not ask to wait for (the job-ad reader's
//! tables, seconds at 1000x content): they run at the lowest priority, so
//! that on a busy machine the keystrokes typed meanwhile keep a core.

/// The lowest priority a thread can give itself (`nice -n 19`).
#[cfg(target_os = "linux")]
const NICE: i32 = 19;

/// Starts `work` on a named thread at a low priority.
pub fn spawn<F>(name: &str, work: F) -> std::io::Result<std::thread::JoinHandle<()>>
where
    F: FnOnce() + Send + 'static,
{
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            lower_priority();
            work();
        })
}

/// On Linux the nice value belongs to the thread, so this lowers only the
/// calling one; elsewhere it would lower the whole process, UI included,
/// so it does nothing. A refusal (a sandbox that forbids it) costs only
/// the head start, so it is ignored.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(None, NICE);
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use rustix::process::getpriority_process;

    #[test]
    fn background_work_runs_at_the_lowest_priority_and_leaves_the_caller_s_alone() {
        let before = getpriority_process(None).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        super::spawn("roledex-test", move || {
            tx.send(getpriority_process(None).unwrap()).unwrap();
        })
        .unwrap()
        .join()
        .unwrap();
        assert_eq!(rx.recv().unwrap(), super::NICE);
        assert_eq!(getpriority_process(None).unwrap(), before);
    }
}
