//! End to end: the real binary in a real pseudo-terminal.

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Session {
    parser: vt100::Parser,
    raw: Vec<u8>,
    rx: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roledex"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        let empty = std::env::temp_dir().join("roledex-pty-test-no-content");
        cmd.env("ROLEDEX_CONTENT_DIR", &empty);
        let _ = std::fs::create_dir_all(&empty);
        let child = pair.slave.spawn_command(cmd).expect("spawn roledex");
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
        // Keep the master alive for the session's life.
        std::mem::forget(pair.master);
        Session {
            parser: vt100::Parser::new(
                30.try_into().expect("rows"),
                100.try_into().expect("cols"),
                0,
            ),
            raw: Vec::new(),
            rx,
            writer,
            child,
        }
    }

    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.rx.recv_timeout(wait) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
        while let Ok(bytes) = self.rx.try_recv() {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            self.pump(Duration::from_millis(50));
            if self.parser.screen().contents().contains(text) {
                return;
            }
        }
        panic!(
            "timed out waiting for {text:?}; screen:\n{}",
            self.parser.screen().contents()
        );
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush");
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.pump(Duration::from_millis(50));
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Drain what the restore wrote after the last frame.
                self.pump(Duration::from_millis(200));
                return status;
            }
            assert!(Instant::now() < deadline, "roledex did not exit");
        }
    }

    /// Everything the terminal must be told on the way out.
    fn assert_restored(&self) {
        let raw = String::from_utf8_lossy(&self.raw);
        for (seq, what) in [
            ("\x1b[?1049l", "alternate screen left"),
            ("\x1b[?1000l", "mouse capture off"),
            ("\x1b[?2004l", "bracketed paste off"),
            ("\x1b[?25h", "cursor shown"),
        ] {
            assert!(raw.contains(seq), "{what}: {seq:?} missing from output");
        }
        assert!(
            !self.parser.screen().alternate_screen(),
            "still on the alternate screen"
        );
    }
}

#[test]
fn search_then_quit_with_q_restores_the_terminal() {
    let mut s = Session::start(&[]);
    s.wait_for("DevOps Engineer");
    s.wait_for("1 Roles");
    s.send(b"/terraform");
    s.wait_for("terraform█");
    // Frames arrive in pieces: wait for each part rather than read once.
    s.wait_for(" hits ");
    s.wait_for("Preview");
    // A tool hit names the roles using it (the first, and how many more).
    s.wait_for("tool     DevOps +3      Terraform");
    // Leave the field, then q quits.
    s.send(b"\t");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    s.assert_restored();
}

#[cfg(unix)]
#[test]
fn sigterm_and_sighup_restore_the_terminal_and_exit_cleanly() {
    for signal in ["TERM", "HUP"] {
        let mut s = Session::start(&["--no-user-content"]);
        s.wait_for("DevOps Engineer");
        let pid = s.child.process_id().expect("pid");
        let ok = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .expect("run kill")
            .success();
        assert!(ok, "kill -{signal}");
        let status = s.wait_exit();
        assert!(status.success(), "SIG{signal}: exit status {status:?}");
        s.assert_restored();
    }
}

#[test]
fn no_mouse_leaves_mouse_capture_off() {
    let mut s = Session::start(&["--no-mouse"]);
    s.wait_for("DevOps Engineer");
    let raw = String::from_utf8_lossy(&s.raw).to_string();
    assert!(!raw.contains("\x1b[?1000h"), "mouse capture was enabled");
    s.send(b"q");
    assert!(s.wait_exit().success());
}
