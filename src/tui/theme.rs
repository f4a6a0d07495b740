//! Colours. Every style the views use lives here, so a theme is one value
//! and the colourless mode cannot miss a spot.

use ratatui::style::{Color, Modifier, Style};

/// The UI's own option type: the CLI maps its `--theme` value onto it, so
/// nothing here depends on the argument parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub base: Style,
    pub dim: Style,
    pub title: Style,
    pub heading: Style,
    pub accent: Style,
    pub border: Style,
    pub border_focus: Style,
    /// The selected row. Always includes REVERSED or BOLD plus a marker in
    /// the views, so it shows without colour.
    pub selected: Style,
    pub selected_unfocused: Style,
    /// Matched characters of a search hit.
    pub matched: Style,
    pub shared: Style,
    pub partly: Style,
    pub unique: Style,
    pub tab_active: Style,
    pub key: Style,
    pub warn: Style,
    pub error: Style,
    pub bar: Style,
    pub jump: Style,
    /// A web address (`o` opens it): underlined, so it reads as a link
    /// with or without colour.
    pub link: Style,
}

impl Theme {
    pub fn dark() -> Theme {
        // Text is the terminal's own foreground and secondary text ANSI 7:
        // never ANSI 8 ("bright black"), which reads as disabled and is the
        // background colour itself in Solarized Dark; borders neither.
        Theme {
            base: Style::new(),
            dim: Style::new().fg(Color::Gray),
            title: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
            heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::Yellow),
            // Unfocused borders in the secondary text's shade, not ANSI 8:
            // on Solarized Dark colour 8 is the background, and the panes
            // lose their edges.
            border: Style::new().fg(Color::Gray),
            border_focus: Style::new().fg(Color::Cyan),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            matched: Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            shared: Style::new().fg(Color::Green),
            partly: Style::new().fg(Color::Yellow),
            unique: Style::new().fg(Color::Magenta),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            warn: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            bar: Style::new().fg(Color::Cyan),
            jump: Style::new()
                .bg(Color::Rgb(60, 60, 20))
                .add_modifier(Modifier::BOLD),
            link: Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::UNDERLINED),
        }
    }

    /// Dark text on a light background: no yellow or light cyan text, which
    /// is unreadable on white.
    pub fn light() -> Theme {
        // As in dark: the terminal's foreground, and no ANSI 8 for text.
        Theme {
            base: Style::new(),
            dim: Style::new().fg(Color::Rgb(90, 90, 90)),
            title: Style::new().fg(Color::Black).add_modifier(Modifier::BOLD),
            heading: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::Magenta),
            // A grey of its own, lighter than the secondary text but dark
            // enough on white (ANSI 7 there is near the background).
            border: Style::new().fg(Color::Rgb(130, 130, 130)),
            border_focus: Style::new().fg(Color::Blue),
            selected: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            matched: Style::new()
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            shared: Style::new().fg(Color::Green),
            partly: Style::new().fg(Color::Rgb(150, 90, 0)),
            unique: Style::new().fg(Color::Magenta),
            tab_active: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            warn: Style::new()
                .fg(Color::Rgb(150, 90, 0))
                .add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            bar: Style::new().fg(Color::Blue),
            jump: Style::new()
                .bg(Color::Rgb(255, 240, 170))
                .add_modifier(Modifier::BOLD),
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
        }
    }

    /// For `NO_COLOR`: modifiers only, so selection and matches still show.
    pub fn mono() -> Theme {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            base: plain,
            dim: plain,
            title: bold,
            heading: bold.add_modifier(Modifier::UNDERLINED),
            accent: plain,
            border: plain,
            border_focus: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            shared: bold,
            partly: plain,
            unique: Style::new().add_modifier(Modifier::ITALIC),
            tab_active: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            key: bold,
            warn: bold,
            error: bold,
            bar: plain,
            jump: Style::new().add_modifier(Modifier::REVERSED),
            link: Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    pub fn pick(name: ThemeName, no_color: bool) -> Theme {
        match (no_color, name) {
            (true, _) => Theme::mono(),
            (false, ThemeName::Dark) => Theme::dark(),
            (false, ThemeName::Light) => Theme::light(),
        }
    }
}
