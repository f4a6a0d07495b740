//! The CLI's text reports fit the width they are given: `$COLUMNS` when
//! piped (a terminal's own width is the same code path, see
//! `cli::output::detect_width`), and whole lines when piped without it.
//!
//! Widths are measured as a terminal shows them (unicode display width,
//! escape codes removed), so a wide character or a colour code cannot
//! hide an overlong line.

mod common;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use common::strip_ansi;

use assert_cmd::Command;
use unicode_width::UnicodeWidthStr;

static EMPTY: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-width-empty-user-dir");
    std::fs::create_dir_all(&dir).unwrap();
    dir
});

fn roledex(columns: Option<usize>) -> Command {
    let mut cmd = Command::cargo_bin("roledex").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("ROLEDEX_CONTENT_DIR", EMPTY.as_path())
        .env("XDG_CONFIG_HOME", EMPTY.as_path())
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS");
    if let Some(c) = columns {
        cmd.env("COLUMNS", c.to_string());
    }
    cmd
}

fn output(columns: Option<usize>, args: &[&str]) -> String {
    let out = roledex(columns).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every text report, with content that has long words (URLs), wide
/// tables (a batch with labels) and highlighted matches.
const REPORTS: &[&[&str]] = &[
    &["roles"],
    &["show", "devops"],
    &["show", "platform"],
    &["show", "sre"],
    &["show", "integration"],
    &["compare", "devops", "platform"],
    &["compare", "devops", "platform", "sre"],
    &["search", "ci", "pipe"],
    &["search", "kubernetes", "--group", "role"],
    &["search", "terraform"],
    &["tool", "terraform"],
    &["tool", "k8s"],
    &["tools"],
    &[
        "analyze",
        "tests/fixtures/ads/07-devops-titled-platform-work.md",
    ],
    &["analyze", "tests/fixtures/ads/10-infra-titled-sre.md"],
    &["analyze", "tests/fixtures/ads"],
    &["analyze", "--labels", "tests/fixtures/real-ads/LABELS.tsv"],
    &["validate"],
];

fn too_long(text: &str, columns: usize) -> Vec<String> {
    strip_ansi(text)
        .lines()
        .filter(|l| l.width() > columns)
        .map(|l| format!("{} columns: {l}", l.width()))
        .collect()
}

#[test]
fn no_line_of_any_text_report_is_wider_than_columns() {
    for &cols in &[60usize, 80, 120] {
        for args in REPORTS {
            let out = output(Some(cols), args);
            assert!(!out.is_empty(), "{args:?} printed nothing");
            let long = too_long(&out, cols);
            assert!(long.is_empty(), "{args:?} at {cols}:\n{}", long.join("\n"));
        }
    }
}

#[test]
fn colour_codes_do_not_count_towards_the_width() {
    for args in [
        &["search", "ci", "pipe", "--color", "always"][..],
        &["show", "devops", "--color", "always"],
        &[
            "analyze",
            "tests/fixtures/ads/07-devops-titled-platform-work.md",
            "--color",
            "always",
        ],
    ] {
        let out = output(Some(60), args);
        assert!(out.contains('\x1b'), "{args:?} is not coloured");
        let long = too_long(&out, 60);
        assert!(long.is_empty(), "{args:?}:\n{}", long.join("\n"));
        // Wrapping painted text gives the same lines as wrapping plain text.
        let plain: Vec<&str> = args.iter().copied().filter(|a| *a != "always").collect();
        let plain: Vec<&str> = plain.into_iter().filter(|a| *a != "--color").collect();
        assert_eq!(strip_ansi(&out), output(Some(60), &plain), "{args:?}");
    }
}

#[test]
fn a_narrow_width_still_fits() {
    // Below the widths a column layout needs, reports put text under its
    // label instead of beside it.
    for args in REPORTS {
        let out = output(Some(40), args);
        let long = too_long(&out, 40);
        // The confusion matrix of seven classes needs 51 columns; below
        // that it is written as sentences, which must fit too.
        assert!(long.is_empty(), "{args:?} at 40:\n{}", long.join("\n"));
    }
}

#[test]
fn piped_without_columns_every_line_is_whole() {
    // grep sees a whole duty, summary or URL on one line.
    let search = output(None, &["search", "ci", "pipe"]);
    let duty = "Build and maintain the CI/CD pipelines that carry each of the team's changes from a developer's machine into production.";
    assert!(
        search.lines().any(|l| l.ends_with(duty)),
        "the duty is not on one line:\n{search}"
    );
    let show = output(None, &["show", "devops"]);
    let url = "<https://www.semanticscholar.org/paper/The-deployment-production-line-Humble-Read/ae65400c875bd40ae781213b4cdf7072366f411b>";
    assert!(show.lines().any(|l| l.ends_with(url)), "{show}");
    let roles = output(None, &["roles"]);
    assert!(
        roles.lines().any(|l| l
            .trim_start()
            .starts_with("Usually sits inside one product team")
            && l.trim_end().ends_with("security checks.")),
        "{roles}"
    );
    // The same report at a width wraps those lines.
    let narrow = output(Some(80), &["search", "ci", "pipe"]);
    assert!(!narrow.lines().any(|l| l.ends_with(duty)), "{narrow}");
}

#[test]
fn snapshots_at_60_columns() {
    for (name, args) in [
        ("width60_show_platform", &["show", "platform"][..]),
        (
            "width60_compare_three",
            &["compare", "devops", "platform", "sre"],
        ),
        ("width60_search", &["search", "ci", "pipe", "-n", "6"]),
        (
            "width60_analyze",
            &[
                "analyze",
                "tests/fixtures/ads/07-devops-titled-platform-work.md",
            ],
        ),
        ("width60_analyze_batch", &["analyze", "tests/fixtures/ads"]),
    ] {
        insta::assert_snapshot!(name, output(Some(60), args));
    }
}
