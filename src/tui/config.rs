//! Interactive UI settings from `<config dir>/config.toml`. roledex only
//! reads this file; it never writes or rewrites it.

use std::path::Path;

use serde::Deserialize;

use super::theme::ThemeName;

#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub theme: Option<ThemeName>,
    /// `false` leaves mouse capture off so the terminal can select text.
    #[serde(default)]
    pub mouse: Option<bool>,
}

impl<'de> Deserialize<'de> for ThemeName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "dark" => Ok(ThemeName::Dark),
            "light" => Ok(ThemeName::Light),
            other => Err(serde::de::Error::custom(format!(
                "unknown theme `{other}`, expected `dark` or `light`"
            ))),
        }
    }
}

/// Reads the settings; a missing file is the default, a broken one is
/// reported (as `path:line:col: message`) and ignored.
pub fn load(path: &Path) -> (Config, Option<String>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Config::default(), None),
        Err(e) => {
            return (
                Config::default(),
                Some(format!("{}: cannot read: {e}", path.display())),
            );
        }
    };
    match toml::from_str(&text) {
        Ok(c) => (c, None),
        Err(e) => {
            let display = path.display().to_string();
            let d = match e.span() {
                Some(span) => {
                    crate::content::Diagnostic::at(&display, &text, span, e.message().trim_end())
                }
                None => crate::content::Diagnostic::file_level(&display, e.message().trim_end()),
            };
            (Config::default(), Some(d.headline()))
        }
    }
}
