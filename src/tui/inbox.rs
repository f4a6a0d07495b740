//! Where the event loop waits: terminal events from the input thread and
//! the results of work done off the UI thread (the reader's build, a file
//! read, opening a URL) arrive on one channel, so the loop sleeps until
//! something happens instead of polling.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use ratatui::crossterm::event::Event;

use super::action::Action;

/// One thing for the loop to handle.
#[derive(Debug)]
pub enum Msg {
    /// From the terminal: mapped to an action for the state it finds.
    Term(Event),
    /// From a worker (or a signal): applied as it is.
    Done(Action),
}

#[derive(Debug)]
pub struct Inbox {
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
}

impl Default for Inbox {
    fn default() -> Self {
        let (tx, rx) = channel();
        Inbox { tx, rx }
    }
}

impl Inbox {
    /// For a thread that will post to the loop.
    pub fn sender(&self) -> Sender<Msg> {
        self.tx.clone()
    }

    /// The next message, waiting at most `timeout` (forever if `None`).
    /// `None`: the time ran out.
    pub fn next(&self, timeout: Option<Duration>) -> Option<Msg> {
        match timeout {
            None => self.rx.recv().ok(),
            Some(d) => self.rx.recv_timeout(d).ok(),
        }
    }

    /// A message already waiting, without waiting.
    pub fn ready(&self) -> Option<Msg> {
        self.rx.try_recv().ok()
    }
}

/// Runs `work` on a worker thread and posts the action it returns. If no
/// thread can be started, the work's own failure action is posted from
/// here, so the UI never waits for a result that will not come.
pub fn spawn(
    tx: Sender<Msg>,
    name: &str,
    work: impl FnOnce() -> Action + Send + 'static,
    failed: Action,
) {
    let worker_tx = tx.clone();
    let spawned = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let _ = worker_tx.send(Msg::Done(work()));
        });
    if spawned.is_err() {
        let _ = tx.send(Msg::Done(failed));
    }
}
