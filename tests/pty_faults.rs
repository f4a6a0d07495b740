//! A panic inside drawing, end to end in a pseudo-terminal: the terminal is
//! restored and the panic message is printed after the restore, where the
//! user can read it (not on the alternate screen, which is thrown away).
//!
//! The panic is provoked by the test-only `test-panic` feature, so this file
//! only builds with it:
//!
//! ```sh
//! cargo test --features test-panic --test pty_faults
//! ```
#![cfg(feature = "test-panic")]

use std::io::{Read, Write};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

#[test]
fn a_panic_while_drawing_restores_the_terminal_then_prints_the_message() {
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
    cmd.arg("--no-user-content");
    cmd.env("TERM", "xterm-256color");
    cmd.env("ROLEDEX_TEST_PANIC", "1");
    cmd.env("RUST_BACKTRACE", "0");
    let mut child = pair.slave.spawn_command(cmd).expect("spawn roledex");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut writer = pair.master.take_writer().expect("writer");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut parser = vt100::Parser::new(
        30.try_into().expect("rows"),
        100.try_into().expect("cols"),
        0,
    );
    let mut raw = Vec::new();
    let pump = |parser: &mut vt100::Parser, raw: &mut Vec<u8>, wait: Duration| {
        if let Ok(bytes) = rx.recv_timeout(wait) {
            parser.process(&bytes);
            raw.extend_from_slice(&bytes);
        }
        while let Ok(bytes) = rx.try_recv() {
            parser.process(&bytes);
            raw.extend_from_slice(&bytes);
        }
    };

    // The roles screen draws normally; the Tools screen panics mid-draw.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !parser.screen().contents().contains("DevOps Engineer") {
        assert!(Instant::now() < deadline, "roles screen never drawn");
        pump(&mut parser, &mut raw, Duration::from_millis(50));
    }
    writer.write_all(b"4").expect("press 4");
    writer.flush().expect("flush");
    let status = loop {
        pump(&mut parser, &mut raw, Duration::from_millis(50));
        if let Some(status) = child.try_wait().expect("try_wait") {
            pump(&mut parser, &mut raw, Duration::from_millis(300));
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "roledex did not exit after the panic"
        );
    };
    drop(pair.master);

    assert!(!status.success(), "a panic must not exit 0: {status:?}");
    let out = String::from_utf8_lossy(&raw);
    for (seq, what) in [
        ("\x1b[?1049l", "alternate screen left"),
        ("\x1b[?1000l", "mouse capture off"),
        ("\x1b[?2004l", "bracketed paste off"),
        ("\x1b[?25h", "cursor shown"),
    ] {
        assert!(out.contains(seq), "{what}: {seq:?} missing");
    }
    assert!(
        !parser.screen().alternate_screen(),
        "still on the alternate screen"
    );
    // The message comes after the last restore: nothing after it may
    // switch screens or move the cursor back over it.
    let last_leave = out.rfind("\x1b[?1049l").expect("left the alternate screen");
    let message = out
        .rfind("test-panic: provoked panic while drawing")
        .expect("panic message printed");
    assert!(
        message > last_leave,
        "panic message printed before the last restore:\n{:?}",
        &out[last_leave.min(message)..]
    );
    assert!(
        parser
            .screen()
            .contents()
            .contains("provoked panic while drawing"),
        "message not visible on the normal screen:\n{}",
        parser.screen().contents()
    );
}
