//! The Tools screen's grouped list: category headings, concepts after the
//! products, the position counter, and clicks that land on the tool drawn
//! on the clicked row even though headings take rows too.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use roledex::catalog::Catalog;
use roledex::content::ToolKind;
use roledex::tui::theme::Theme;
use roledex::tui::{App, action_for_event, update::update, view};

fn app() -> App {
    let mut a = App::new(Catalog::builtin(), Theme::dark());
    // `e` (export) in key sequences writes here, never into the checkout.
    a.export_dir = Some(std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
    a
}

fn key(app: &mut App, name: &str) {
    let k = roledex::tui::keymap::parse_key(name).expect("known key");
    if let Some(a) = action_for_event(app, Event::Key(k)) {
        update(app, a);
    }
}

fn typed(app: &mut App, text: &str) {
    for ch in text.chars() {
        let k = KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE);
        if let Some(a) = action_for_event(app, Event::Key(k)) {
            update(app, a);
        }
    }
}

fn click(app: &mut App, column: u16, row: u16) {
    let ev = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    });
    if let Some(a) = action_for_event(app, ev) {
        update(app, a);
    }
}

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

fn lines(t: &Terminal<TestBackend>) -> Vec<String> {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

fn selected_name(app: &App) -> String {
    let i = app.selected_tool().expect("a selected tool");
    app.catalog.tools[i].name.clone()
}

#[test]
fn the_list_opens_under_its_first_category_heading_with_a_counter() {
    let mut a = app();
    key(&mut a, "4");
    let t = render(&mut a, 100, 30);
    let l = lines(&t);
    let total = a.catalog.tools.len();
    assert!(l[1].contains(&format!(" Tools 1/{total} ")), "{}", l[1]);
    assert!(l[3].contains("CI/CD"), "{}", l[3]);
    assert!(l[4].contains("▶ GitHub Actions"), "{}", l[4]);
}

#[test]
fn concepts_come_after_every_tool_under_their_own_headings() {
    let a = app();
    let kinds: Vec<ToolKind> = a
        .tools
        .matches
        .iter()
        .map(|&i| a.catalog.tools[i].kind)
        .collect();
    let first_concept = kinds
        .iter()
        .position(|k| *k == ToolKind::Concept)
        .expect("the shipped content has concepts");
    assert!(
        kinds[first_concept..]
            .iter()
            .all(|k| *k == ToolKind::Concept)
    );

    let mut a = app();
    key(&mut a, "4");
    for _ in 0..20 {
        key(&mut a, "PgDn");
        render(&mut a, 100, 30);
    }
    let t = render(&mut a, 100, 30);
    let text = lines(&t).join("\n");
    assert!(text.contains("Concepts · Networking"), "{text}");
    assert!(text.contains("VPC / virtual network"), "{text}");
    let total = a.catalog.tools.len();
    assert!(text.contains(&format!(" Tools {total}/{total} ")), "{text}");
}

#[test]
fn a_click_selects_the_tool_on_that_row_not_the_row_count() {
    let mut a = app();
    key(&mut a, "4");
    let t = render(&mut a, 100, 30);
    let l = lines(&t);
    // Find a tool row below the second heading ("Version control").
    let row = l
        .iter()
        .position(|s| s.contains("  Git "))
        .expect("Git is on the first screen");
    click(&mut a, 3, row as u16);
    assert_eq!(selected_name(&a), "Git");
    // A heading row selects nothing new.
    let heading = l
        .iter()
        .position(|s| s.contains("Version control"))
        .expect("a heading row");
    click(&mut a, 3, heading as u16);
    assert_eq!(selected_name(&a), "Git");
}

#[test]
fn filtering_keeps_the_grouping_and_counts_what_is_left() {
    let mut a = app();
    key(&mut a, "4");
    typed(&mut a, "aws");
    let t = render(&mut a, 100, 30);
    let l = lines(&t);
    let total = a.catalog.tools.len();
    let shown = a.tools.matches.len();
    assert!(shown > 1 && shown < total);
    assert!(
        l[1].contains(&format!(" Tools 1/{shown} · {total} in all ")),
        "{}",
        l[1]
    );
    // Each heading is followed by tools of that group only.
    let mut last_heading = None;
    for (k, &i) in a.tools.matches.iter().enumerate() {
        let h = a.catalog.tools[i].group_heading();
        if a.tools.group_starts.contains(&k) {
            last_heading = Some(h);
        } else {
            assert_eq!(
                last_heading.as_ref(),
                Some(&h),
                "tool {k} is outside its group"
            );
        }
    }
}

#[test]
fn filtered_lists_group_as_the_cli_does() {
    for filter in ["aws", "net", "a", "secur", "zzz"] {
        let mut a = app();
        key(&mut a, "4");
        typed(&mut a, filter);
        let mut picked = a.tools.matches.clone();
        picked.sort_unstable();
        let want = roledex::content::display_groups(&a.catalog.tools, picked);
        assert_eq!(a.tools.matches, want.order, "{filter}");
        assert_eq!(a.tools.group_starts, want.starts, "{filter}");
    }
}
