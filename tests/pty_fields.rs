//! Text fields end to end: the real binary in a real pseudo-terminal, keys
//! sent as a terminal sends them (escape sequences, bracketed paste).

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 24;
const COLS: u16 = 80;

struct Session {
    parser: vt100::Parser,
    raw: Vec<u8>,
    rx: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(home: &std::path::Path) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roledex"));
        cmd.args(["--no-user-content"]);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
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
        std::mem::forget(pair.master);
        Session {
            parser: vt100::Parser::new(
                ROWS.try_into().expect("rows"),
                COLS.try_into().expect("cols"),
                0,
            ),
            raw: Vec::new(),
            rx,
            writer,
            child,
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Polls until `ok` holds for the screen, for up to 20 s.
    fn wait_until(&mut self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(bytes) = self.rx.recv_timeout(Duration::from_millis(50)) {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
            while let Ok(bytes) = self.rx.try_recv() {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
            if ok(&self.screen()) {
                return;
            }
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.screen());
    }

    fn wait_for(&mut self, text: &str) {
        let t = text.to_string();
        self.wait_until(text, move |s| s.contains(&t));
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush");
    }

    fn quit(mut self) {
        self.send(b"\x03");
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().expect("try_wait").is_none() {
            assert!(Instant::now() < deadline, "roledex did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

const LEFT: &[u8] = b"\x1b[D";
const HOME: &[u8] = b"\x1b[H";
const DELETE: &[u8] = b"\x1b[3~";

#[test]
fn the_search_field_edits_in_the_middle_and_scrolls_sideways() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start(home.path());
    s.wait_for("DevOps Engineer");
    s.send(b"/terraform");
    s.wait_for("terraform█");
    // Four to the left, type there, delete the char under the cursor.
    for _ in 0..4 {
        s.send(LEFT);
    }
    s.send(b"X");
    s.wait_for("› terraXform");
    s.send(DELETE);
    s.wait_for("› terraXorm");
    // Home then Ctrl-E (end), Ctrl-W deletes the word before the cursor.
    s.send(HOME);
    s.send(b"\x05 ci");
    s.wait_for("› terraXorm ci█");
    s.send(b"\x17");
    s.wait_for("› terraXorm █");
    // Ctrl-U clears to the start; a query longer than the field scrolls
    // so the cursor stays in view.
    s.send(b"\x15");
    let long = "kubernetes cluster upgrades and the golden path and paved roads for every product team in the org";
    s.send(long.as_bytes());
    s.wait_until("the end of a long query in view", |scr| {
        scr.contains("every product team in the org█") && scr.contains("› …")
    });
    s.quit();
}

#[test]
fn slash_selects_the_old_query_and_alt_digits_switch_screens_from_a_field() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start(home.path());
    s.wait_for("DevOps Engineer");
    s.send(b"/security");
    s.wait_for("security█");
    // Digits are text in the field; Alt-1 (ESC 1) goes to Roles anyway.
    s.send(b"5");
    s.wait_for("security5█");
    s.send(b"\x1b1");
    s.wait_for("Enter/l open");
    // Back with `/`: the old query is selected, and typing replaces it.
    s.send(b"/");
    s.wait_for("› security5");
    s.send(b"k8s");
    s.wait_for("› k8s█");
    s.quit();
}

#[test]
fn the_analyze_field_keeps_a_pasted_ad_and_clearing_can_be_undone() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start(home.path());
    s.wait_for("DevOps Engineer");
    s.send(b"5");
    s.wait_for("Job ad");
    let ad = "Platform Engineer\r\rBuild the golden path and the internal developer platform \
              that every product team uses: self-service environments, paved roads.\r";
    s.send(format!("\x1b[200~{ad}\x1b[201~").as_bytes());
    s.wait_for("Reads like:");
    // Esc leaves the field; the ad stays.
    s.send(b"\x1b");
    s.wait_for("i/Tab edit");
    assert!(
        s.screen().contains("Build the golden path"),
        "{}",
        s.screen()
    );
    // x clears, and says how to get it back; u does.
    s.send(b"x");
    s.wait_for("u brings it back");
    s.wait_until("the ad gone", |scr| !scr.contains("Build the golden path"));
    s.send(b"u");
    s.wait_for("Build the golden path");
    s.wait_for("Reads like:");
    s.quit();
}

#[test]
fn a_path_with_a_tilde_opens_and_is_not_read_while_typed() {
    let home = tempfile::tempdir().expect("tempdir");
    let ad = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ads/08-platform-titled-startup-devops.md"
    ))
    .expect("fixture ad");
    std::fs::write(home.path().join("ad.md"), ad).expect("write ad");
    let mut s = Session::start(home.path());
    s.wait_for("DevOps Engineer");
    s.send(b"5");
    s.wait_for("Job ad");
    s.send(b"~/ad.md");
    s.wait_for("a file path: Ctrl-O reads it");
    assert!(!s.screen().contains("Reads like"), "{}", s.screen());
    s.send(b"\x0f");
    s.wait_for("Read ~/ad.md");
    s.wait_for("Reads like: DevOps Engineer");
    s.quit();
}

#[test]
fn y_copies_the_role_to_the_clipboard_with_osc_52() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start(home.path());
    s.wait_for("DevOps Engineer");
    s.send(b"y");
    s.wait_for("Copied DevOps Engineer as Markdown");
    // Written right after that frame: poll for it too.
    let has_osc = |raw: &[u8]| {
        let raw = String::from_utf8_lossy(raw);
        raw.find("\x1b]52;c;")
            .is_some_and(|at| raw[at..].contains('\x07'))
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while !has_osc(&s.raw) && Instant::now() < deadline {
        s.wait_until("more output", |_| true);
        std::thread::sleep(Duration::from_millis(20));
    }
    let raw = String::from_utf8_lossy(&s.raw).to_string();
    let start = raw
        .find("\x1b]52;c;")
        .expect("an OSC 52 sequence was written");
    let end = raw[start..].find('\x07').expect("terminated") + start;
    // Markdown of the role: its title heading, base64 of "# DevOps".
    assert!(
        raw[start + 7..end].starts_with("IyBEZXZPcHM"),
        "{}",
        &raw[start..end.min(start + 40)]
    );
    s.quit();
}
