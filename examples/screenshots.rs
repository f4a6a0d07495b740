//! Renders the README screenshots: each screen, driven by keys from the
//! initial state, drawn into a `TestBackend` and written as SVG with its
//! colours. Run: `cargo run --example screenshots` (writes `assets/*.svg`).

use std::fmt::Write as _;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::Event;
use ratatui::style::{Color, Modifier};
use roledex::catalog::Catalog;
use roledex::tui::keymap::parse_key;
use roledex::tui::theme::Theme;
use roledex::tui::{App, action_for_event, update::update, view};

const SHOTS: &[(&str, &[&str])] = &[
    ("roles", &["Tab", "l", "l"]),
    ("compare", &["2"]),
    (
        "search",
        &["/", "g", "o", "l", "d", "e", "n", " ", "p", "a", "t", "h"],
    ),
    ("tools", &["4", "t", "e", "r", "r", "a"]),
    ("analyze", &["5"]),
    ("help", &["2", "?"]),
];

fn hex(c: Color, default: &str) -> String {
    let named = |i: usize| {
        [
            "#1e1e2e", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#abb2bf",
            "#5c6370", "#ff7b86", "#b5e890", "#ffd68a", "#8cc8ff", "#e09cf0", "#7fd8e2", "#ffffff",
        ][i]
            .to_string()
    };
    match c {
        Color::Reset => default.to_string(),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => named(usize::from(i % 16)),
    }
}

fn svg(buf: &Buffer) -> String {
    let (cw, ch) = (8.4, 17.0);
    let (w, h) = (buf.area.width, buf.area.height);
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14"><rect width="100%" height="100%" fill="#1e1e2e"/>"##,
        f64::from(w) * cw,
        f64::from(h) * ch
    );
    for y in 0..h {
        for x in 0..w {
            let cell = &buf[(x, y)];
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (hex(cell.fg, "#abb2bf"), hex(cell.bg, "#1e1e2e"));
            if reversed {
                std::mem::swap(&mut fg, &mut bg);
            }
            if bg != "#1e1e2e" {
                let _ = write!(
                    out,
                    r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{ch}" fill="{bg}"/>"#,
                    f64::from(x) * cw,
                    f64::from(y) * ch,
                    cw + 0.2
                );
            }
            let sym = cell.symbol();
            if sym.trim().is_empty() {
                continue;
            }
            let esc = sym
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            let weight = if cell.modifier.contains(Modifier::BOLD) {
                r#" font-weight="bold""#
            } else {
                ""
            };
            let deco = if cell.modifier.contains(Modifier::UNDERLINED) {
                r#" text-decoration="underline""#
            } else {
                ""
            };
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" fill="{fg}"{weight}{deco}>{esc}</text>"#,
                f64::from(x) * cw,
                f64::from(y) * ch + 13.0
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    std::fs::create_dir_all(&out_dir)?;
    for (name, keys) in SHOTS {
        let mut app = App::new(Catalog::builtin(), Theme::dark());
        let mut term = Terminal::new(TestBackend::new(110, 32))?;
        update(
            &mut app,
            roledex::tui::Action::Resize {
                width: 110,
                height: 32,
            },
        );
        term.draw(|f| view::draw(f, &app))?;
        for k in *keys {
            let key = parse_key(k).unwrap_or_else(|| panic!("unknown key {k}"));
            if let Some(a) = action_for_event(&app, Event::Key(key)) {
                update(&mut app, a);
            }
            term.draw(|f| view::draw(f, &app))?;
        }
        if *name == "analyze" {
            // A real ad from the labelled fixtures, pasted as a terminal would.
            let ad = std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/ads/08-platform-titled-startup-devops.md"),
            )?;
            app.analyze.reader.wait();
            update(&mut app, roledex::tui::Action::Paste(ad));
            update(&mut app, roledex::tui::Action::NextPane);
            term.draw(|f| view::draw(f, &app))?;
        }
        let path = out_dir.join(format!("{name}.svg"));
        // Written whole then renamed, so a reader never sees half a file.
        let tmp = out_dir.join(format!(".{name}.svg.tmp"));
        std::fs::write(&tmp, svg(term.backend().buffer()))?;
        std::fs::rename(&tmp, &path)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
