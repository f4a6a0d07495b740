//! End to end: the real binary in a real pseudo-terminal.

mod common;

use common::Session;

#[test]
fn search_then_quit_with_q_restores_the_terminal() {
    let mut s = Session::start(&[], &[]);
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
    // Mouse capture is on by default (what `--no-mouse` must not send).
    assert!(
        s.output().contains("\x1b[?1000h"),
        "mouse capture not enabled"
    );
}

#[cfg(unix)]
#[test]
fn a_signal_restores_the_terminal_and_exits_with_128_plus_its_number() {
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let mut s = Session::start(&["--no-user-content"], &[]);
        s.wait_for("DevOps Engineer");
        let ok = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &s.pid().to_string()])
            .status()
            .expect("run kill")
            .success();
        assert!(ok, "kill -{signal}");
        let status = s.wait_exit();
        assert_eq!(
            status.exit_code(),
            code,
            "SIG{signal}: exit status {status:?}"
        );
        s.assert_restored();
    }
}

#[test]
fn no_mouse_leaves_mouse_capture_off() {
    let mut s = Session::start(&["--no-mouse"], &[]);
    s.wait_for("DevOps Engineer");
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert!(
        !s.output().contains("\x1b[?1000h"),
        "mouse capture was enabled"
    );
}

#[test]
fn an_idle_screen_is_not_redrawn() {
    let mut s = Session::start(&["--no-user-content"], &[]);
    s.wait_for("DevOps Engineer");
    s.wait_for("q quit");
    // The first frames may still be arriving; then nothing, however long
    // nobody types (the loop sleeps until an event instead of ticking).
    s.bytes_during(std::time::Duration::from_millis(500));
    let idle = s.bytes_during(std::time::Duration::from_millis(1500));
    assert_eq!(idle, 0, "{idle} bytes written while idle");
    // A key still redraws at once.
    s.send(b"j");
    s.wait_for("▶ Platform Engineer");
    s.send(b"q");
    assert!(s.wait_exit().success());
}

/// `o` hands the URL to $BROWSER on a worker thread (here a script that
/// writes down what it was given), and a browser that fails is reported.
#[cfg(unix)]
#[test]
fn o_opens_the_tool_url_with_browser_and_reports_a_failure() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("opened.txt");
    let script = dir.path().join("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", log.display()),
    )
    .expect("write script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let browser = script.display().to_string();
    let mut s = Session::start(&["--no-user-content"], &[("BROWSER", &browser)]);
    s.wait_for("DevOps Engineer");
    s.send(b"4");
    s.wait_for("filter");
    s.send(b"terraform\t");
    s.wait_for("Used by");
    s.send(b"o");
    s.wait_until("the browser script to run", |_| {
        std::fs::read_to_string(&log).is_ok_and(|u| u.starts_with("http"))
    });
    let url = std::fs::read_to_string(&log).expect("log");
    assert!(url.contains("terraform"), "{url}");
    s.wait_for("Asked the browser to open");
    s.send(b"q");
    assert!(s.wait_exit().success());

    let mut s = Session::start(
        &["--no-user-content"],
        &[("BROWSER", "/nonexistent/browser")],
    );
    s.wait_for("DevOps Engineer");
    s.send(b"4");
    s.wait_for("filter");
    s.send(b"terraform\t");
    s.wait_for("Used by");
    s.send(b"o");
    s.wait_for("Cannot open");
    s.send(b"q");
    assert!(s.wait_exit().success());
}
