//! The interactive UI driven by key events from its initial state, drawn
//! into a `TestBackend` and compared with reviewed snapshots.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use roledex::catalog::Catalog;
use roledex::tui::state::{DetailTab, FieldFocus, RolesFocus};
use roledex::tui::theme::Theme;
use roledex::tui::{App, Screen, action_for_event, update::update, view};

fn app() -> App {
    let mut a = App::new(Catalog::builtin(), Theme::dark());
    // `e` (export) in key sequences writes here, never into the checkout.
    a.export_dir = Some(std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
    a
}

/// Keys written the way a person would say them: "2", "Tab", "j", "C-k",
/// "Enter", "Esc", "S-Tab", or "text:ci pipe" to type a string.
fn press(app: &mut App, keys: &[&str]) {
    for k in keys {
        if let Some(text) = k.strip_prefix("text:") {
            for ch in text.chars() {
                send(app, KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE));
            }
            continue;
        }
        let key = roledex::tui::keymap::parse_key(k).unwrap_or_else(|| panic!("unknown key {k}"));
        send(app, key);
    }
}

fn send(app: &mut App, key: KeyEvent) {
    if let Some(a) = action_for_event(app, Event::Key(key)) {
        update(app, a);
    }
}

/// Draws at `w` x `h`, telling the app its size first as the real loop
/// does (layout happens in `update`; drawing only paints).
fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    update(
        app,
        roledex::tui::Action::Resize {
            width: w,
            height: h,
        },
    );
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| view::draw(f, app)).expect("draw");
    t
}

fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Snapshots a key sequence at both reference sizes.
fn snap(name: &str, keys: &[&str]) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = app();
        // Draw once first, as the real loop does, so scroll limits and
        // list offsets are known before the keys arrive.
        render(&mut a, w, h);
        for k in keys {
            press(&mut a, &[k]);
            render(&mut a, w, h);
        }
        let t = render(&mut a, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

#[test]
fn snapshot_roles_initial() {
    snap("roles_initial", &[]);
}

#[test]
fn snapshot_roles_platform_duties() {
    snap("roles_platform_duties", &["j", "Tab", "l", "l"]);
}

#[test]
fn snapshot_roles_origins_timeline() {
    snap("roles_origins", &["Tab", "l"]);
}

#[test]
fn snapshot_roles_questions_scrolled() {
    snap("roles_questions", &["Tab", "h", "j", "j"]);
}

#[test]
fn snapshot_compare_default() {
    snap("compare_default", &["2"]);
}

#[test]
fn snapshot_compare_devops_platform_scrolled_to_tools() {
    snap("compare_two_columns", &["2", "l", "l", "x", "PgDn"]);
}

#[test]
fn snapshot_search_ci_pipe() {
    snap("search_ci_pipe", &["/", "text:ci pipe"]);
}

#[test]
fn snapshot_search_filtered_to_questions() {
    snap(
        "search_questions_only",
        &["3", "text:team", "C-k", "C-k", "C-k"],
    );
}

#[test]
fn snapshot_tools_terraform() {
    snap("tools_terraform", &["4", "text:terraform"]);
}

#[test]
fn snapshot_tools_role_selected() {
    snap("tools_kubernetes_roles", &["4", "text:k8s", "Tab", "j"]);
}

#[test]
fn snapshot_help_overlay() {
    snap("help_roles", &["?"]);
}

#[test]
fn snapshot_help_while_typing_lists_field_keys() {
    snap("help_search_field", &["/", "F1"]);
}

#[test]
fn snapshot_analyze_empty() {
    snap("analyze_empty", &["5"]);
}

#[test]
fn too_small_terminal_says_so() {
    let mut a = app();
    let t = render(&mut a, 30, 8);
    let text = screen_text(&t);
    assert!(text.contains("Terminal too small"), "{text}");
    assert!(text.contains("need") && text.contains("40x10"), "{text}");
}

#[test]
fn narrow_roles_screen_uses_a_role_switcher() {
    let mut a = app();
    press(&mut a, &["j"]);
    let t = render(&mut a, 60, 20);
    insta::assert_snapshot!("roles_narrow_60x20", t.backend());
    assert!(screen_text(&t).contains("◀ Platform Engineer (2/6) ▶"));
}

#[test]
fn search_enter_jumps_to_the_duty_in_its_role() {
    let mut a = app();
    render(&mut a, 100, 30);
    press(&mut a, &["/", "text:design golden paths", "Enter"]);
    assert_eq!(a.screen, Screen::Roles);
    assert_eq!(a.catalog.roles[a.roles.list.index].id, "platform");
    assert_eq!(a.roles.tab, DetailTab::Duties);
    let t = render(&mut a, 100, 30);
    let Some(roledex::tui::state::ItemTarget::Duty(d)) = a.roles.current_item().map(|i| i.target)
    else {
        panic!("the cursor is on a duty");
    };
    assert!(
        a.catalog.roles[a.roles.list.index].duties[d]
            .text
            .contains("golden paths")
    );
    // The marked duty is on screen with its marker.
    let text = screen_text(&t);
    assert!(text.contains("▶ Design golden paths"), "{text}");
}

#[test]
fn a_lone_letter_asks_for_more_and_a_second_word_keeps_the_first_words_hits() {
    let mut a = app();
    press(&mut a, &["2", "/", "text:c"]);
    let text = screen_text(&render(&mut a, 100, 30));
    assert!(text.contains("Keep typing"), "{text}");
    assert!(!text.contains("No matches"), "{text}");
    press(&mut a, &["text:i"]);
    let ci = a.search.hits.clone();
    assert!(!ci.is_empty());
    press(&mut a, &["text: p"]);
    assert_eq!(a.search.hits, ci);
    // A whole word that matches nothing is not a lone letter being typed.
    press(&mut a, &["Bksp", "Bksp", "text: zzzzqx "]);
    let text = screen_text(&render(&mut a, 100, 30));
    assert!(text.contains("No matches"), "{text}");
}

#[test]
fn esc_clears_the_query_first_then_goes_back() {
    let mut a = app();
    press(&mut a, &["2", "/", "text:tf"]);
    assert_eq!(a.search.query.value(), "tf");
    press(&mut a, &["Esc"]);
    assert_eq!((a.screen, a.search.query.value()), (Screen::Search, ""));
    press(&mut a, &["Esc"]);
    assert_eq!(a.screen, Screen::Compare);
}

#[test]
fn q_types_in_a_field_and_quits_elsewhere() {
    let mut a = app();
    press(&mut a, &["/", "q"]);
    assert!(!a.quit);
    assert_eq!(a.search.query.value(), "q");
    press(&mut a, &["Tab", "q"]);
    assert!(a.quit);
}

#[test]
fn ctrl_c_quits_even_while_typing() {
    let mut a = app();
    press(&mut a, &["/", "text:abc", "C-c"]);
    assert!(a.quit);
}

#[test]
fn key_release_events_are_ignored() {
    let mut a = app();
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert_eq!(action_for_event(&a, Event::Key(release)), None);
    send(
        &mut a,
        KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE),
    );
    assert_eq!(a.roles.list.index, 1);
}

#[test]
fn tools_enter_opens_the_role_using_the_tool() {
    let mut a = app();
    render(&mut a, 100, 30);
    press(&mut a, &["4", "text:backstage", "Enter"]);
    assert_eq!(a.screen, Screen::Roles);
    assert_eq!(a.catalog.roles[a.roles.list.index].id, "platform");
    assert_eq!(a.roles.focus, RolesFocus::Detail);
}

#[test]
fn compare_replaces_and_swaps_columns_without_repeating_a_role() {
    let mut a = app();
    press(&mut a, &["2"]);
    let before = a.compare.roles.clone();
    press(&mut a, &["n"]);
    assert_ne!(a.compare.roles[0], before[0]);
    let mut sorted = a.compare.roles.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), a.compare.roles.len(), "a role appears twice");
    press(&mut a, &["s"]);
    assert_eq!(a.compare.focus, 1);
    press(&mut a, &["x", "x"]);
    assert_eq!(a.compare.roles.len(), 2, "never fewer than two columns");
    assert!(a.status.is_some());
}

#[test]
fn search_kind_filter_cycles_and_limits_hits() {
    let mut a = app();
    press(&mut a, &["/", "text:terraform", "C-k", "C-k"]);
    assert!(!a.search.hits.is_empty());
    let corpus = a.catalog.corpus();
    assert!(
        a.search
            .hits
            .iter()
            .all(|h| corpus.entries()[h.entry].target.kind().label() == "tool"),
        "only tools after two Ctrl-K"
    );
}

#[test]
fn help_lists_every_binding_of_the_screen_below() {
    use roledex::tui::keymap::{Context, tables};
    let mut a = app();
    press(&mut a, &["2", "?"]);
    let t = render(&mut a, 120, 60);
    let text = screen_text(&t);
    for table in tables(Context::Compare) {
        for b in table.iter() {
            assert!(text.contains(b.desc), "help lacks `{}`", b.desc);
        }
    }
}

#[test]
fn mouse_click_selects_a_role_and_wheel_scrolls() {
    let mut a = app();
    render(&mut a, 100, 30);
    let (rect, _) = a.hit.list.expect("role list drawn");
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: rect.x + 2,
        // Row 0 is the tier heading, so row 3 is the third role.
        row: rect.y + 3,
        modifiers: KeyModifiers::NONE,
    });
    let act = action_for_event(&a, click).expect("click maps to an action");
    update(&mut a, act);
    assert_eq!(a.roles.list.index, 2);
    // A click on a heading selects nothing.
    let heading = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: rect.x + 2,
        row: rect.y,
        modifiers: KeyModifiers::NONE,
    });
    let act = action_for_event(&a, heading).expect("click maps to an action");
    update(&mut a, act);
    assert_eq!(a.roles.list.index, 2);
    press(&mut a, &["Tab"]);
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 50,
        row: 10,
        modifiers: KeyModifiers::NONE,
    });
    render(&mut a, 100, 30);
    let act = action_for_event(&a, wheel).expect("wheel maps to an action");
    update(&mut a, act);
    assert_eq!(a.roles.scroll.offset, 1);
}

#[test]
fn paste_goes_into_the_search_field_as_one_line() {
    let mut a = app();
    press(&mut a, &["/"]);
    update(&mut a, roledex::tui::Action::Paste("golden\r\npath".into()));
    assert_eq!(a.search.query.value(), "golden path");
    assert_eq!(a.search.focus, FieldFocus::Input);
}

#[test]
fn wide_characters_in_user_content_do_not_break_borders() {
    use roledex::content::{Layer, load};
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("cjk.toml"),
        r#"
id = "cjk"
title = "インフラ エンジニア 🚀🚀"
summary = "クラウド基盤を設計し、ネットワークとアクセス管理を担当します。😀 Emoji and 漢字 mixed with a long English sentence."
sources = ["article"]
[profile]
focus = "基盤 🚀"
serves = "全チーム"
audience = "開発者"
distance_from_app_code = "far"
typical_org = "大企業"
typical_day = "ネットワーク設計"
ownership = "インフラ"
measured_by = "稼働率"
[[duties]]
area = "ネットワーク"
text = "VPC とサブネットを設計する 🌐🌐🌐🌐🌐🌐🌐🌐🌐🌐🌐🌐"
tools = ["terraform"]
source = "article"
"#,
    )
    .expect("write");
    let loaded = load(vec![Layer::builtin(), Layer::from_path(dir.path())]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let mut a = App::new(Catalog::new(loaded), Theme::dark());
    // `e` (export) in key sequences writes here, never into the checkout.
    a.export_dir = Some(std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
    let idx = a.catalog.role_index("cjk").expect("loaded");
    a.roles.list.index = idx;
    for keys in [&[][..], &["Tab", "l", "l"][..], &["2", "n", "n", "n"][..]] {
        press(&mut a, keys);
        for (w, h) in [(80, 24), (61, 20), (43, 12)] {
            let t = render(&mut a, w, h);
            let buf = t.backend().buffer();
            // Right border column intact on every body row.
            for y in 2..h - 2 {
                let sym = buf[(w - 1, y)].symbol();
                assert!(
                    ["│", "┃", "╮", "╯", "┓", "┛", "╭", "╰", "┏", "┗"].contains(&sym),
                    "row {y} at {w}x{h} ends with {sym:?}:\n{}",
                    screen_text(&t)
                );
            }
        }
    }
}

#[test]
fn readme_documents_every_key() {
    use roledex::tui::keymap::{Context, SECTIONS, markdown, tables};
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    // The tables are generated (`cargo run --example keys`): word for word.
    assert!(
        readme.contains(&markdown()),
        "README's key tables differ from the keymap; paste `cargo run --example keys`"
    );
    // And every table a context uses is among them.
    for ctx in Context::ALL {
        for t in tables(ctx) {
            assert!(
                SECTIONS.iter().any(|(_, s)| std::ptr::eq(*s, t)),
                "{ctx:?} uses a table the README does not list"
            );
        }
    }
}

#[test]
fn analyze_pasted_ad_shows_scores_evidence_and_mismatch() {
    let ad = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ads/08-platform-titled-startup-devops.md"
    ))
    .expect("fixture ad");
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = app();
        a.analyze.reader.wait();
        press(&mut a, &["5"]);
        update(
            &mut a,
            roledex::tui::Action::Paste(ad.replace('\n', "\r\n")),
        );
        press(&mut a, &["Tab"]);
        let report = a.analyze.report.as_ref().expect("a paste is read at once");
        assert!(report.title_mismatch);
        let t = render(&mut a, w, h);
        let text = screen_text(&t);
        assert!(text.contains("Reads like: DevOps Engineer"), "{text}");
        assert!(text.contains("⚠ Titled Platform Engineer"), "{text}");
        insta::assert_snapshot!(format!("analyze_pasted_ad_{w}x{h}"), t.backend());
    }
}

#[test]
fn analyze_waits_for_a_pause_in_typing() {
    let mut a = app();
    a.analyze.reader.wait();
    press(
        &mut a,
        &["5", "text:We run Terraform modules for VPC subnets and DNS"],
    );
    assert!(
        a.analyze.stale && a.analyze.report.is_none(),
        "no re-read per keystroke"
    );
    update(&mut a, roledex::tui::Action::Idle);
    assert!(!a.analyze.stale);
    assert!(a.analyze.report.is_some());
}

#[test]
fn analyze_binary_paste_shows_a_clear_error() {
    let mut a = app();
    a.analyze.reader.wait();
    press(&mut a, &["5"]);
    update(
        &mut a,
        roledex::tui::Action::Paste("\u{0}\u{1}\u{2}\u{3}".repeat(50)),
    );
    let t = render(&mut a, 80, 24);
    assert!(screen_text(&t).contains("binary"), "{}", screen_text(&t));
}

#[test]
fn analyze_with_many_roles_shows_the_leading_bars_and_counts_the_rest() {
    // Four copies of every built-in role: 24 roles, more than the screen
    // draws bars for.
    let mut loaded = roledex::content::load(vec![roledex::content::Layer::builtin()]);
    let base = loaded.roles.clone();
    for copy in 1..4 {
        loaded.roles.extend(base.iter().cloned().map(|mut r| {
            r.id = format!("{}-{copy}", r.id);
            r.title = format!("{} {copy}", r.title);
            r
        }));
    }
    let total = loaded.roles.len();
    let mut a = App::new(Catalog::new(loaded), Theme::dark());
    // `e` (export) in key sequences writes here, never into the checkout.
    a.export_dir = Some(std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
    a.analyze.reader.wait();
    press(&mut a, &["5"]);
    update(
        &mut a,
        roledex::tui::Action::Paste("We run Terraform modules for VPC subnets and DNS.".into()),
    );
    press(&mut a, &["Tab"]);
    let report = a.analyze.report.as_ref().expect("a paste is read at once");
    assert_eq!(report.ranking.len(), total);
    let text = screen_text(&render(&mut a, 120, 60));
    assert!(
        text.contains(&format!(
            "… and {} more roles, none more probable",
            total - 12
        )),
        "{text}"
    );
}

/// The reader is built on a worker thread: a paste that arrives first is
/// read once it is ready, at an idle tick, and the screen says so meanwhile.
#[test]
fn analyze_reads_a_paste_once_the_reader_is_ready() {
    let mut a = app();
    press(&mut a, &["5"]);
    update(
        &mut a,
        roledex::tui::Action::Paste(
            "title: Platform Engineer\n\nBuild golden paths for every team.".into(),
        ),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while a.analyze.report.is_none() && std::time::Instant::now() < deadline {
        let text = screen_text(&render(&mut a, 80, 24));
        assert!(
            text.contains("Preparing the reader") || a.analyze.report.is_some(),
            "{text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        update(&mut a, roledex::tui::Action::Idle);
    }
    assert!(a.analyze.report.is_some(), "read within 20 s");
    assert!(
        a.analyze.text.value().contains("golden paths"),
        "the paste is kept"
    );
}

#[test]
fn analyze_esc_keeps_the_ad_and_clearing_is_undone() {
    let mut a = app();
    a.analyze.reader.wait();
    press(&mut a, &["5"]);
    let ad = "Build the internal developer platform every product team uses.";
    update(&mut a, roledex::tui::Action::Paste(ad.into()));
    press(&mut a, &["Esc"]);
    assert_eq!(a.analyze.focus, FieldFocus::List, "Esc leaves the field");
    assert_eq!(a.analyze.text.value(), ad, "and keeps the ad");
    press(&mut a, &["i", "C-x"]);
    assert!(a.analyze.text.is_empty());
    assert!(a.analyze.report.is_none());
    press(&mut a, &["C-z"]);
    assert_eq!(a.analyze.text.value(), ad);
    assert!(a.analyze.report.is_some(), "the undone ad is read again");
}

#[test]
fn analyze_does_not_read_a_path_being_typed() {
    let mut a = app();
    a.analyze.reader.wait();
    press(&mut a, &["5", "text:~/ads/platform.md"]);
    update(&mut a, roledex::tui::Action::Idle);
    assert!(a.analyze.path_like);
    assert!(a.analyze.report.is_none(), "a path is not an ad");
    let text = screen_text(&render(&mut a, 80, 24));
    assert!(text.contains("Ctrl-O reads it"), "{text}");
    // Words, not a path: read as usual.
    press(&mut a, &["C-u", "text:We run Terraform for the VPC"]);
    update(&mut a, roledex::tui::Action::Idle);
    assert!(!a.analyze.path_like && a.analyze.report.is_some());
}

#[test]
fn a_long_query_keeps_the_cursor_in_view_at_60x20() {
    let mut a = app();
    press(
        &mut a,
        &[
            "3",
            "text:kubernetes cluster upgrades and the golden path for teams",
        ],
    );
    let text = screen_text(&render(&mut a, 60, 20));
    assert!(text.contains("golden path for teams█"), "{text}");
    assert!(text.contains("› …"), "{text}");
    press(&mut a, &["Home"]);
    let text = screen_text(&render(&mut a, 60, 20));
    assert!(text.contains("› kubernetes cluster"), "{text}");
}

#[test]
fn enter_on_the_tools_tab_opens_the_tool_under_the_cursor() {
    let mut a = app();
    render(&mut a, 80, 24);
    for k in ["Tab", "l", "l", "l", "j"] {
        press(&mut a, &[k]);
        render(&mut a, 80, 24);
    }
    let devops = &a.catalog.roles[0];
    let second = devops.tool_ids()[1].to_string();
    let text = screen_text(&render(&mut a, 80, 24));
    let name = a.catalog.tool(&second).expect("tool").name.clone();
    assert!(text.contains(&format!("▶ {name}")), "{text}");
    press(&mut a, &["Enter"]);
    assert_eq!(a.screen, Screen::Tools);
    let shown = a.selected_tool().expect("a tool is selected");
    assert_eq!(a.catalog.tools[shown].id, second);
    // Esc comes back to the same tab and item.
    press(&mut a, &["Esc", "Esc"]);
    assert_eq!(a.screen, Screen::Roles);
    assert_eq!(a.roles.tab, DetailTab::Tools);
    assert_eq!(a.roles.cursor, 1);
}

#[test]
fn enter_on_a_duty_opens_its_first_tool_and_names_the_rest() {
    let mut a = app();
    render(&mut a, 120, 40);
    press(&mut a, &["Tab", "l", "l"]);
    render(&mut a, 120, 40);
    // Walk to the first duty that names two tools or more.
    let role = a.catalog.roles[0].clone();
    let mut seen = 0;
    loop {
        let Some(roledex::tui::state::ItemTarget::Duty(d)) =
            a.roles.current_item().map(|i| i.target)
        else {
            panic!("duties tab has duty items");
        };
        if role.duties[d].tools.len() >= 2 {
            let first = role.duties[d].tools[0].clone();
            press(&mut a, &["Enter"]);
            assert_eq!(a.screen, Screen::Tools);
            let shown = a.selected_tool().expect("a tool");
            assert_eq!(a.catalog.tools[shown].id, first);
            let status = a.status.clone().unwrap_or_default();
            assert!(status.contains("also names"), "{status}");
            return;
        }
        press(&mut a, &["j"]);
        render(&mut a, 120, 40);
        seen += 1;
        assert!(seen < 100, "no duty with two tools");
    }
}

#[test]
fn after_a_resize_the_detail_starts_at_a_paragraph() {
    let mut a = app();
    render(&mut a, 120, 40);
    press(&mut a, &["Tab"]);
    render(&mut a, 120, 40);
    // Into the middle of the overview, then a much narrower window.
    for _ in 0..7 {
        press(&mut a, &["j"]);
        render(&mut a, 120, 40);
    }
    render(&mut a, 80, 24);
    assert!(
        a.roles.detail.value.blocks.contains(&a.roles.scroll.offset),
        "offset {} is not a paragraph start {:?}",
        a.roles.scroll.offset,
        a.roles.detail.value.blocks
    );
    assert!(a.roles.scroll.offset > 0, "the place is kept, not reset");
}

#[test]
fn compare_shows_fewer_columns_when_narrow_and_offers_only_what_works() {
    let mut a = app();
    press(&mut a, &["2"]);
    let text = screen_text(&render(&mut a, 40, 10));
    assert!(text.contains("role 1 of 3"), "{text}");
    let similarity = text
        .split("Similarity ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or("");
    assert!(
        similarity.ends_with('%') && similarity.len() > 1,
        "the percentage is never cut: {text}"
    );
    let text = screen_text(&render(&mut a, 120, 40));
    // Three columns: no "add" offered, "remove" is.
    assert!(
        !text.contains("a add") && text.contains("x remove"),
        "{text}"
    );
    press(&mut a, &["x"]);
    let text = screen_text(&render(&mut a, 120, 40));
    assert!(
        text.contains("a add") && !text.contains("x remove"),
        "{text}"
    );
}

#[test]
fn a_narrow_search_keeps_the_text_of_a_hit_found_via_a_tool() {
    let mut a = app();
    press(&mut a, &["3", "text:ci pipe"]);
    for w in [40, 50, 60, 120] {
        let text = screen_text(&render(&mut a, w, 12));
        let rows: Vec<&str> = text.lines().filter(|l| l.contains("duty")).collect();
        assert!(!rows.is_empty(), "{text}");
        for row in rows {
            // After the kind and role columns, the hit's own words come
            // before any "· via" note, however narrow the screen.
            let after_role = row.split("DevOps").nth(1).unwrap_or(row);
            let text_part = after_role.split('·').next().unwrap_or("");
            assert!(
                text_part
                    .trim()
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .count()
                    >= 5,
                "width {w}: a hit row lost its text: {row:?}\n{text}"
            );
        }
    }
}

#[test]
fn search_hits_are_highlighted_as_they_come_into_view() {
    let mut a = app();
    press(&mut a, &["3", "text:team"]);
    render(&mut a, 200, 24);
    let corpus = a.catalog.corpus();
    let whole = roledex::search::results(corpus, "team", Default::default(), a.search.hits.len());
    let n = a.search.hits.len();
    let marks = |a: &App| -> Vec<bool> {
        (0..n)
            .map(|i| a.search.hits[i].indices == whole.hits[i].indices)
            .collect()
    };
    let shown = |a: &App| {
        let (area, first) = a.hit.list.expect("the list's area");
        first..first + usize::from(area.height)
    };
    // The rows on screen are marked as the whole search marks them …
    let rows = shown(&a);
    assert!(rows.end + 5 <= n, "enough hits to scroll: {n}, {rows:?}");
    assert!(marks(&a)[rows.clone()].iter().all(|&m| m), "{rows:?}");
    // … and the last hits, not yet shown, are not marked at all.
    assert!(a.search.hits[n - 5..].iter().all(|h| h.indices.is_empty()));
    assert!(whole.hits[n - 5..].iter().any(|h| !h.indices.is_empty()));
    // Scrolled to the end, they are, on screen and in the preview.
    press(&mut a, &["Tab", "End"]);
    let t = render(&mut a, 200, 24);
    let rows = shown(&a);
    assert!(rows.contains(&(n - 1)), "{rows:?}");
    assert!(marks(&a)[rows].iter().all(|&m| m));
    // A hit near the end with words to mark draws them underlined (200
    // columns wide, so that they are not cut off).
    let j = (n - 5..n)
        .rfind(|&i| !whole.hits[i].indices.is_empty())
        .expect("checked above");
    let (area, first) = a.hit.list.expect("the list's area");
    let y = area.y + u16::try_from(j - first).expect("on screen");
    let buf = t.backend().buffer();
    let underlined = (area.x..area.x + area.width)
        .filter(|&x| {
            buf[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::UNDERLINED)
        })
        .count();
    assert!(underlined > 0, "row {y} of hit {j}");
}

#[test]
fn search_results_show_their_position() {
    let mut a = app();
    press(&mut a, &["3", "text:ci", "Down", "Down"]);
    let text = screen_text(&render(&mut a, 80, 24));
    let n = a.search.hits.len();
    assert!(text.contains(&format!(" 3/{n} ")), "{text}");
}

#[test]
fn compare_role_picker_finds_a_role_among_many_by_name() {
    // Nine copies of every built-in role: 60 roles, too many to cycle.
    let mut loaded = roledex::content::load(vec![roledex::content::Layer::builtin()]);
    let base = loaded.roles.clone();
    for copy in 1..10 {
        loaded.roles.extend(base.iter().cloned().map(|mut r| {
            r.id = format!("{}-{copy}", r.id);
            r.title = format!("{} {copy}", r.title);
            r
        }));
    }
    let mut a = App::new(Catalog::new(loaded), Theme::dark());
    // `e` (export) in key sequences writes here, never into the checkout.
    a.export_dir = Some(std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
    press(&mut a, &["2", "l", "r", "text:integration 7"]);
    let text = screen_text(&render(&mut a, 80, 24));
    assert!(text.contains("Role for column 2"), "{text}");
    assert!(text.contains("▶ Integration Engineer 7"), "{text}");
    press(&mut a, &["Enter"]);
    let picked = a.compare.roles[1];
    assert_eq!(a.catalog.roles[picked].id, "integration-7");
    assert!(a.compare.picker.is_none());
    // Esc closes without changing the column; digits were text inside.
    press(&mut a, &["r", "text:5", "Esc"]);
    assert_eq!(a.compare.roles[1], picked);
    assert_eq!(a.screen, Screen::Compare);
    let text = screen_text(&render(&mut a, 120, 40));
    insta::assert_snapshot!("compare_after_pick_120x40", text);
}

#[test]
fn help_overlay_pages_and_jumps_to_the_end() {
    let mut a = app();
    render(&mut a, 80, 24);
    press(&mut a, &["?"]);
    render(&mut a, 80, 24);
    press(&mut a, &["G"]);
    let help = a.help.expect("help open");
    assert!(help.max() > 0, "the help overflows at 80x24");
    assert_eq!(help.offset, help.max(), "G goes to the end");
    press(&mut a, &["g"]);
    assert_eq!(a.help.expect("help open").offset, 0);
    press(&mut a, &["PgDn"]);
    assert!(a.help.expect("help open").offset > 1);
}

#[test]
fn status_line_keeps_its_advice_and_labels_settings_problems_apart() {
    let mut a = app();
    a.warnings = vec![format!(
        "/home/someone/.config/roledex/content/roles/{}.toml:3:1: unknown field `sumary`",
        "a-rather-long-file-name".repeat(3)
    )];
    let text = screen_text(&render(&mut a, 100, 30));
    assert!(text.contains("run `roledex validate`"), "{text}");
    assert!(text.contains("content problem"), "{text}");
    a.config_warning = Some("/home/someone/.config/roledex/config.toml:1:9: invalid value".into());
    let text = screen_text(&render(&mut a, 100, 30));
    assert!(text.contains("settings file ignored"), "{text}");
    assert!(!text.contains("content problem"), "{text}");
}

#[test]
fn y_puts_the_view_as_markdown_on_the_clipboard() {
    let mut a = app();
    press(&mut a, &["2", "y"]);
    let md = a.clipboard.clone().expect("something to copy");
    let cmp = roledex::compare::compare(&a.catalog, &a.compare.roles).expect("compares");
    assert_eq!(md, roledex::report::markdown::compare(&a.catalog, &cmp));
    assert!(
        a.status
            .clone()
            .unwrap_or_default()
            .contains("Copied the comparison")
    );
    // In a field, y is text.
    press(&mut a, &["3", "y"]);
    assert_eq!(a.search.query.value(), "y");
}

#[test]
fn ctrl_o_reads_the_file_on_a_worker_and_the_reading_follows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ad.md");
    std::fs::write(
        &path,
        "# Platform Engineer\n\nBuild the internal developer platform and golden paths for every product team.\n",
    )
    .expect("write ad");
    let mut a = app();
    a.analyze.reader.wait();
    press(&mut a, &["5", &format!("text:{}", path.display()), "C-o"]);
    // Back at once: the read is in flight, the typed path still shown.
    assert!(a.analyze.loading, "the file is read off the UI thread");
    assert_eq!(a.analyze.text.value(), path.display().to_string());
    let text = screen_text(&render(&mut a, 80, 24));
    assert!(text.contains("Reading the file"), "{text}");
    roledex::tui::update::finish_work(&mut a, std::time::Duration::from_secs(20));
    assert!(!a.analyze.loading);
    assert!(a.analyze.text.value().starts_with("# Platform Engineer"));
    assert!(
        a.analyze.report.is_some(),
        "the file's text is read as an ad"
    );
    assert!(
        a.status.as_deref().is_some_and(|s| s.starts_with("Read ")),
        "{:?}",
        a.status
    );
    // A file that is not there: an error in the status line, text kept.
    press(&mut a, &["C-x", "text:/nonexistent/ad.md", "C-o"]);
    roledex::tui::update::finish_work(&mut a, std::time::Duration::from_secs(20));
    assert_eq!(a.analyze.text.value(), "/nonexistent/ad.md");
    assert!(
        a.status
            .as_deref()
            .is_some_and(|s| s.contains("Cannot read")),
        "{:?}",
        a.status
    );
}

#[test]
fn e_exports_the_view_to_a_new_file_and_says_where() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A file of the user's with the export's name: kept as it is.
    std::fs::write(dir.path().join("roledex-devops.md"), "my notes").expect("write");
    let mut a = app();
    a.export_dir = Some(dir.path().to_path_buf());
    press(&mut a, &["e"]);
    roledex::tui::update::finish_work(&mut a, std::time::Duration::from_secs(20));
    let path = dir.path().join("roledex-devops-2.md");
    let status = a.status.clone().unwrap_or_default();
    assert!(
        status.contains("Exported DevOps Engineer as Markdown to")
            && status.contains(&path.display().to_string()),
        "{status}"
    );
    let text = std::fs::read_to_string(&path).expect("exported file");
    assert_eq!(text, roledex::document::markdown::show(&a.catalog, 0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("roledex-devops.md")).expect("read"),
        "my notes"
    );
    // The comparison, and a reading.
    press(&mut a, &["2", "e"]);
    roledex::tui::update::finish_work(&mut a, std::time::Duration::from_secs(20));
    assert!(
        dir.path()
            .join("roledex-compare-devops-platform-infrastructure.md")
            .exists()
    );
    a.analyze.reader.wait();
    press(&mut a, &["5"]);
    update(
        &mut a,
        roledex::tui::Action::Paste(
            "Platform Engineer\nBuild the internal developer platform.".into(),
        ),
    );
    press(&mut a, &["Esc", "e"]);
    roledex::tui::update::finish_work(&mut a, std::time::Duration::from_secs(20));
    let reading = std::fs::read_to_string(dir.path().join("roledex-reading.md")).expect("reading");
    assert!(reading.starts_with("# Job ad: "), "{reading}");
    // Into a folder that is not there: the error, in the status line.
    a.export_dir = Some(dir.path().join("missing"));
    press(&mut a, &["e"]);
    roledex::tui::update::finish_work(&mut a, std::time::Duration::from_secs(20));
    assert!(
        a.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Cannot export")),
        "{:?}",
        a.status
    );
}

#[test]
fn an_export_the_working_folder_refuses_goes_to_the_data_folder_with_its_full_path_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app();
    // A working folder that cannot be written (here: not there at all).
    a.export_dir = Some(dir.path().join("read-only"));
    a.export_fallback = Some(dir.path().join("data/roledex"));
    press(&mut a, &["e"]);
    roledex::tui::update::finish_work(&mut a, std::time::Duration::from_secs(20));
    let path = dir.path().join("data/roledex/roledex-devops.md");
    assert!(path.exists(), "{:?}", a.status);
    let status = a.status.clone().unwrap_or_default();
    assert!(
        status.starts_with(&format!(
            "Exported DevOps Engineer as Markdown to {} ({} is not writable: ",
            path.display(),
            dir.path().join("read-only").display()
        )),
        "{status}"
    );
    // The status line wraps instead of cutting the path, at any width.
    for (w, h) in [(80, 24), (40, 12)] {
        let t = render(&mut a, w, h);
        let text = screen_text(&t);
        let rows: Vec<&str> = text.lines().collect();
        let start = rows
            .iter()
            .position(|r| r.starts_with(" Exported"))
            .unwrap_or_else(|| panic!("no status at {w}x{h}:\n{text}"));
        let shown: String = rows[start..rows.len() - 1]
            .iter()
            .map(|r| r.trim())
            .collect();
        let file = path.display().to_string().replace(' ', "");
        assert!(
            shown.contains(&file) || shown.ends_with('…'),
            "{w}x{h}:\n{text}"
        );
        if w == 80 {
            assert!(shown.contains(&file), "{text}");
        }
    }
}

#[test]
fn f_filters_the_role_list() {
    let mut a = app();
    render(&mut a, 80, 24);
    press(&mut a, &["f", "text:reliab"]);
    let t = render(&mut a, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("filter › reliab"), "{text}");
    assert!(text.contains("Roles 1/6"), "{text}");
    assert!(!text.contains("DevOps Engineer  "), "{text}");
    assert_eq!(a.catalog.roles[a.roles.list.index].id, "sre");
    // q is text in the field; Enter shows the role, the filter stays.
    press(&mut a, &["Enter"]);
    assert_eq!(a.roles.focus, RolesFocus::Detail);
    assert_eq!(a.roles.filter.value(), "reliab");
    // Esc clears it, then leaves the field.
    press(&mut a, &["Tab", "f", "Esc"]);
    assert!(a.roles.filter.is_empty() && a.roles.filtering);
    press(&mut a, &["Esc"]);
    assert!(!a.roles.filtering);
    assert_eq!(a.roles.rows.iter().flatten().count(), 6);
    // Nothing matches: said so, and nothing breaks.
    press(&mut a, &["f", "text:zzz"]);
    let text = screen_text(&render(&mut a, 80, 24));
    assert!(text.contains("No role matches."), "{text}");
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = app();
        press(&mut a, &["f", "text:engineer", "Down"]);
        insta::assert_snapshot!(
            format!("roles_filter_{w}x{h}"),
            render(&mut a, w, h).backend()
        );
    }
}

#[test]
fn alt_right_goes_forward_after_esc() {
    let mut a = app();
    press(&mut a, &["2", "4", "Esc"]);
    assert_eq!(a.screen, Screen::Compare);
    press(&mut a, &["A-Right"]);
    assert_eq!(a.screen, Screen::Tools, "forward returns to where Esc left");
    press(&mut a, &["Esc", "Esc"]);
    assert_eq!(a.screen, Screen::Roles);
    press(&mut a, &["A-Right", "A-Right"]);
    assert_eq!(a.screen, Screen::Tools);
    // A new way, and the old forward is gone.
    press(&mut a, &["Esc", "3", "Esc"]);
    assert_eq!(a.screen, Screen::Compare);
    press(&mut a, &["Esc"]);
    press(&mut a, &["A-Right", "A-Right", "A-Right"]);
    assert_eq!(a.screen, Screen::Search);
    assert_eq!(a.status.as_deref(), Some("Nothing to go forward to"));
}

#[test]
fn o_finds_the_url_of_the_selected_tool_or_source() {
    use roledex::tui::export::url_here;
    let mut a = app();
    // Roles overview: the role's first source with an address.
    let (url, what) = url_here(&a).expect("a source URL");
    assert!(url.starts_with("http"), "{url}");
    assert!(what.starts_with('['), "{what}");
    // Shown on the Overview tab, where o opens it.
    let text = screen_text(&render(&mut a, 120, 40));
    let shown = url.clone();
    press(&mut a, &["Tab", "G"]);
    let text2 = screen_text(&render(&mut a, 120, 40));
    assert!(text.contains(&shown) || text2.contains(&shown), "{text2}");
    // The Tools screen: the selected tool's.
    press(&mut a, &["4", "text:terraform"]);
    let (url, what) = url_here(&a).expect("a tool URL");
    assert_eq!(what, "Terraform");
    assert!(url.contains("terraform"), "{url}");
    // Compare has none: said so.
    press(&mut a, &["A-2"]);
    assert!(url_here(&a).is_err());
    press(&mut a, &["o"]);
    assert!(
        a.status.as_deref().is_some_and(|s| s.contains("URL")),
        "{:?}",
        a.status
    );
}

#[test]
fn analyze_selecting_a_bar_shows_its_evidence_for_and_against() {
    let ad = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ads/08-platform-titled-startup-devops.md"
    ))
    .expect("fixture ad");
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = app();
        a.analyze.reader.wait();
        press(&mut a, &["5"]);
        update(&mut a, roledex::tui::Action::Paste(ad.clone()));
        press(&mut a, &["Tab"]);
        let report = a.analyze.report.clone().expect("read");
        let bars = roledex::tui::view::analyze::bars(&report);
        // The second bar: a role that is not the answer.
        press(&mut a, &["l"]);
        assert_eq!(a.analyze.bar, 1);
        let text = screen_text(&render(&mut a, 200, 80));
        let title = match bars[1].0 {
            Some(r) => a.catalog.roles[r].title.clone(),
            None => "none of these roles".into(),
        };
        if bars[1].0.is_some() {
            assert!(text.contains(&format!("For {title}")), "{text}");
            assert!(text.contains(&format!("Against {title}")), "{text}");
        } else {
            assert!(text.contains("Why none of these roles"), "{text}");
        }
        insta::assert_snapshot!(
            format!("analyze_second_bar_{w}x{h}"),
            render(&mut a, w, h).backend()
        );
        // Round the bars and back to the answer; a new reading starts there.
        press(&mut a, &["h", "h"]);
        assert_eq!(a.analyze.bar, bars.len() - 1);
        press(&mut a, &["l"]);
        assert_eq!(a.analyze.bar, 0);
        let text = screen_text(&render(&mut a, 200, 80));
        assert!(text.contains("Why DevOps Engineer"), "{text}");
    }
}

#[test]
fn no_screen_draws_in_ansi_colour_8() {
    use ratatui::style::Color;
    // Colour 8 reads as disabled, and is the background itself on
    // Solarized Dark: text and borders alike vanish there.
    for theme in [Theme::dark(), Theme::light()] {
        for keys in [
            &["1"][..],
            &["Tab"],
            &["2"],
            &["3", "text:ci"],
            &["4"],
            &["5"],
            &["?"],
        ] {
            let mut a = App::new(Catalog::builtin(), theme);
            // `e` (export) in key sequences writes here, never into the checkout.
            a.export_dir = Some(std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
            press(&mut a, keys);
            let t = render(&mut a, 120, 40);
            let buf = t.backend().buffer();
            for cell in buf.content() {
                assert!(
                    cell.fg != Color::DarkGray && cell.bg != Color::DarkGray,
                    "{keys:?}: colour 8 at {:?}",
                    cell.symbol()
                );
            }
        }
    }
}
