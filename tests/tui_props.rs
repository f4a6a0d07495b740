//! Property: any key sequence at any size, including 0x0 and 1x1, draws
//! every reachable state without panicking.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use roledex::catalog::Catalog;
use roledex::tui::theme::Theme;
use roledex::tui::{App, action_for_event, update::update, view};

fn key_strategy() -> impl Strategy<Value = Event> {
    let named = prop_oneof![
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::Backspace),
        Just(KeyCode::Delete),
        Just(KeyCode::F(1)),
    ];
    // Bound letters, digits and symbols, weighted so screens change often,
    // plus arbitrary Unicode for text fields.
    let chars = prop_oneof![
        4 => prop::sample::select(vec!['1', '2', '3', '4', '5', 'j', 'k', 'h', 'l', 'g', 'G', 'n', 'p', 's', 'a', 'x', 'i', '/', '?', '[', ']', ' ', 'e', 't']),
        1 => any::<char>(),
    ];
    let ctrl = prop::sample::select(vec!['k', 'r', 'u', 'd', 'n', 'p', 'o']);
    prop_oneof![
        3 => chars.prop_map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))),
        2 => named.prop_map(|k| Event::Key(KeyEvent::new(k, KeyModifiers::NONE))),
        1 => ctrl.prop_map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))),
        1 => (0u16..220, 0u16..70, 0u8..3).prop_map(|(column, row, kind)| Event::Mouse(MouseEvent {
            kind: match kind {
                0 => MouseEventKind::Down(MouseButton::Left),
                1 => MouseEventKind::ScrollDown,
                _ => MouseEventKind::ScrollUp,
            },
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })),
        1 => ".{0,300}".prop_map(Event::Paste),
    ]
}

/// Parsed once: parsing per case would dominate the run time.
fn catalog() -> &'static Catalog {
    static CAT: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CAT.get_or_init(Catalog::builtin)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_keys_at_any_size_never_panic(
        events in prop::collection::vec(key_strategy(), 0..40),
        sizes in prop::collection::vec((0u16..=200, 0u16..=60), 1..4),
    ) {
        let mut app = App::new(catalog().clone(), Theme::mono());
        // `e` (export) in key sequences writes here, never into the checkout.
        app.export_dir = Some(std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
        for (i, ev) in events.into_iter().enumerate() {
            let (w, h) = sizes[i % sizes.len()];
            update(&mut app, roledex::tui::Action::Resize { width: w, height: h });
            let mut t = Terminal::new(TestBackend::new(w, h)).expect("backend");
            t.draw(|f| view::draw(f, &app)).expect("draw");
            if let Some(a) = action_for_event(&app, ev) {
                update(&mut app, a);
            }
            if app.quit {
                break;
            }
        }
        // Also painted at sizes the layout was not told of: a frame
        // between a resize and its event must not panic either.
        for (w, h) in [(0, 0), (1, 1), (200, 60)] {
            let mut t = Terminal::new(TestBackend::new(w, h)).expect("backend");
            t.draw(|f| view::draw(f, &app)).expect("draw");
        }
    }
}
