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

mod common;

use common::Session;

#[test]
fn a_panic_while_drawing_restores_the_terminal_then_prints_the_message() {
    let mut s = Session::start(
        &["--no-user-content"],
        &[("ROLEDEX_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")],
    );
    // The roles screen draws normally; the Tools screen panics mid-draw.
    s.wait_for("DevOps Engineer");
    s.send(b"4");
    let status = s.wait_exit();

    assert!(!status.success(), "a panic must not exit 0: {status:?}");
    s.assert_restored();
    // The message comes after the last restore: nothing after it may
    // switch screens or move the cursor back over it.
    let out = s.output();
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
        s.screen().contains("provoked panic while drawing"),
        "message not visible on the normal screen:\n{}",
        s.screen()
    );
}
