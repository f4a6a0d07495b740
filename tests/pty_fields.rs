//! Text fields end to end: the real binary in a real pseudo-terminal, keys
//! sent as a terminal sends them (escape sequences, bracketed paste).

mod common;

use common::Session;

const ROWS: u16 = 24;
const COLS: u16 = 80;

/// roledex at 80x24 with its own HOME (for `~` paths), in the shared
/// pseudo-terminal session.
fn start(home: &std::path::Path) -> Session {
    let home = home.to_str().expect("utf-8 temp path");
    Session::start_sized(&["--no-user-content"], &[("HOME", home)], ROWS, COLS)
}

/// Ctrl-C, then roledex has exited.
fn quit(mut s: Session) {
    s.send(b"\x03");
    s.wait_exit();
}

const LEFT: &[u8] = b"\x1b[D";
const HOME: &[u8] = b"\x1b[H";
const DELETE: &[u8] = b"\x1b[3~";

#[test]
fn the_search_field_edits_in_the_middle_and_scrolls_sideways() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = start(home.path());
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
    s.wait_until("the end of a long query in view", |s| {
        let scr = s.screen();
        scr.contains("every product team in the org█") && scr.contains("› …")
    });
    quit(s);
}

#[test]
fn slash_selects_the_old_query_and_alt_digits_switch_screens_from_a_field() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = start(home.path());
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
    quit(s);
}

#[test]
fn the_analyze_field_keeps_a_pasted_ad_and_clearing_can_be_undone() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = start(home.path());
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
    s.wait_until("the ad gone", |s| {
        !s.screen().contains("Build the golden path")
    });
    s.send(b"u");
    s.wait_for("Build the golden path");
    s.wait_for("Reads like:");
    quit(s);
}

#[test]
fn a_long_burst_of_typed_keys_arrives_whole() {
    // Typed, not pasted: every character is its own key event, and the loop
    // applies them in batches of 256 between frames; none may be lost at a
    // batch's end.
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = start(home.path());
    s.wait_for("DevOps Engineer");
    s.send(b"5");
    s.wait_for("Job ad");
    let words: Vec<String> = (1..=65).map(|n| format!("w{n:03}")).collect();
    s.send(words.join(" ").as_bytes());
    s.wait_for("w065");
    let screen = s.screen();
    for w in &words {
        assert!(screen.contains(w.as_str()), "{w} lost:\n{screen}");
    }
    quit(s);
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
    let mut s = start(home.path());
    s.wait_for("DevOps Engineer");
    s.send(b"5");
    s.wait_for("Job ad");
    s.send(b"~/ad.md");
    s.wait_for("a file path: Ctrl-O reads it");
    assert!(!s.screen().contains("Reads like"), "{}", s.screen());
    s.send(b"\x0f");
    s.wait_for("Read ~/ad.md");
    s.wait_for("Reads like: DevOps Engineer");
    quit(s);
}

#[test]
fn y_copies_the_role_to_the_clipboard_with_osc_52() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = start(home.path());
    s.wait_for("DevOps Engineer");
    s.send(b"y");
    s.wait_for("Copied DevOps Engineer as Markdown");
    // Written right after that frame: poll for it too.
    let has_osc = |raw: &str| {
        raw.find("\x1b]52;c;")
            .is_some_and(|at| raw[at..].contains('\x07'))
    };
    s.wait_until("an OSC 52 sequence", |s| has_osc(&s.output()));
    let raw = s.output();
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
    quit(s);
}
