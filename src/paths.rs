//! Where roledex looks for user files.

use std::path::PathBuf;

use directories::ProjectDirs;

/// Overrides the user content directory (tests, portable set-ups).
pub const CONTENT_DIR_ENV: &str = "ROLEDEX_CONTENT_DIR";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The OS config directory for roledex, if the OS has one.
    pub config_dir: Option<PathBuf>,
    /// User content packs: `$ROLEDEX_CONTENT_DIR`, else `<config_dir>/content`.
    pub user_content: Option<PathBuf>,
    /// True when `user_content` came from the environment variable.
    pub from_env: bool,
    /// Settings file for the interactive UI.
    pub config_file: Option<PathBuf>,
    /// The OS data directory for roledex: where the browser's exports go
    /// when the working folder cannot be written.
    pub data_dir: Option<PathBuf>,
}

impl Paths {
    pub fn discover() -> Paths {
        let dirs = ProjectDirs::from("", "", "roledex");
        let config_dir = dirs.as_ref().map(|d| d.config_dir().to_path_buf());
        let env = std::env::var_os(CONTENT_DIR_ENV).filter(|v| !v.is_empty());
        let from_env = env.is_some();
        let user_content = env
            .map(PathBuf::from)
            .or_else(|| config_dir.as_ref().map(|d| d.join("content")));
        let config_file = config_dir.as_ref().map(|d| d.join("config.toml"));
        let data_dir = dirs.as_ref().map(|d| d.data_dir().to_path_buf());
        Paths {
            config_dir,
            user_content,
            from_env,
            config_file,
            data_dir,
        }
    }
}
