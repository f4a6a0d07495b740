//! Helpers shared by the integration tests (`mod common;` in each).
//!
//! Each test target compiles this module on its own and uses only part of
//! it, so what one target leaves unused is not dead code.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// The built-in roles, id and title, in their order. Written here, not
/// read from the content, so that tests compare the program with it.
pub const BUILTIN_ROLES: [(&str, &str); 6] = [
    ("devops", "DevOps Engineer"),
    ("platform", "Platform Engineer"),
    ("infrastructure", "Infrastructure Engineer"),
    ("sre", "Site Reliability Engineer"),
    ("systems", "Systems Engineer"),
    ("integration", "Integration Engineer"),
];

/// The ids of [`BUILTIN_ROLES`], in order.
pub fn builtin_role_ids() -> [&'static str; 6] {
    BUILTIN_ROLES.map(|(id, _)| id)
}

/// How long a pseudo-terminal test waits for what it expects. Far more than
/// a loaded debug build needs (a frame takes milliseconds): a wait only
/// runs this long when the expected screen never comes.
pub const PTY_PATIENCE: Duration = Duration::from_secs(20);

pub const PTY_ROWS: u16 = 30;
pub const PTY_COLS: u16 = 100;

/// The real binary in a real pseudo-terminal (100x30, `xterm-256color`),
/// with an empty user content directory and a cache directory of its own.
/// Dropping it kills roledex if it is still running.
pub struct Session {
    parser: vt100::Parser,
    raw: Vec<u8>,
    rx: Receiver<Vec<u8>>,
    /// The terminal's output has ended: every process holding the other
    /// end is gone.
    ended: bool,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    _dirs: tempfile::TempDir,
}

impl Session {
    /// `roledex ARGS` with `env` set on top of the session's own.
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::start_sized(args, env, PTY_ROWS, PTY_COLS)
    }

    /// The same in a terminal of `rows` × `cols`.
    pub fn start_sized(args: &[&str], env: &[(&str, &str)], rows: u16, cols: u16) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        let dirs = tempfile::tempdir().expect("temp dir");
        let content = dirs.path().join("content");
        std::fs::create_dir(&content).expect("mkdir content");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roledex"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("ROLEDEX_CONTENT_DIR", &content);
        cmd.env("ROLEDEX_CACHE_DIR", dirs.path().join("cache"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn roledex");
        // Only the child holds the terminal's other end now, so its
        // output ends when it exits.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            parser: vt100::Parser::new(
                rows.try_into().expect("rows"),
                cols.try_into().expect("cols"),
                0,
            ),
            raw: Vec::new(),
            rx,
            ended: false,
            writer,
            child,
            _master: pair.master,
            _dirs: dirs,
        }
    }

    /// Takes in what the program wrote, waiting up to `wait` for some.
    fn pump(&mut self, wait: Duration) {
        match self.rx.recv_timeout(wait) {
            Ok(bytes) => self.take(&bytes),
            Err(RecvTimeoutError::Disconnected) => self.ended = true,
            Err(RecvTimeoutError::Timeout) => {}
        }
        while let Ok(bytes) = self.rx.try_recv() {
            self.take(&bytes);
        }
    }

    fn take(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }

    /// Polls until `done` holds, for up to [`PTY_PATIENCE`]; otherwise
    /// fails saying what it waited for and showing the last screen seen.
    pub fn wait_until(&mut self, what: &str, mut done: impl FnMut(&mut Session) -> bool) {
        let deadline = Instant::now() + PTY_PATIENCE;
        loop {
            if done(self) {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "waited {PTY_PATIENCE:?} for {what}; the screen last seen:\n{}",
                    self.screen()
                );
            }
            self.pump(Duration::from_millis(50));
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} on screen"), |s| {
            s.screen().contains(text)
        });
    }

    /// Waits until roledex has exited and everything it wrote has been
    /// read (the terminal's output ended), then gives its exit status.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let mut status = None;
        self.wait_until("roledex to exit and its output to end", |s| {
            if status.is_none() {
                status = s.child.try_wait().expect("try_wait");
            }
            status.is_some() && s.ended
        });
        status.expect("exited")
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush");
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    /// The screen as the terminal shows it now.
    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Takes in whatever the program writes during `d`, and says how many
    /// bytes that was.
    pub fn bytes_during(&mut self, d: Duration) -> usize {
        let before = self.raw.len();
        let end = Instant::now() + d;
        while Instant::now() < end {
            self.pump(end.saturating_duration_since(Instant::now()));
        }
        self.raw.len() - before
    }

    /// Everything written so far, escape sequences included.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.screen().alternate_screen()
    }

    /// Everything the terminal must be told on the way out was told, and
    /// it is back on the normal screen.
    pub fn assert_restored(&self) {
        let raw = self.output();
        for (seq, what) in [
            ("\x1b[?1049l", "alternate screen left"),
            ("\x1b[?1000l", "mouse capture off"),
            ("\x1b[?2004l", "bracketed paste off"),
            ("\x1b[?25h", "cursor shown"),
        ] {
            assert!(raw.contains(seq), "{what}: {seq:?} missing from output");
        }
        assert!(!self.alternate_screen(), "still on the alternate screen");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A failed test must not leave roledex running; an exited one
        // was already reaped, and then this does nothing.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `s` without its SGR escape codes (what a person sees of coloured text).
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
