//! `roledex paths`: where content and user files are looked for.

use std::path::PathBuf;

use super::args::Cli;
use super::error::CliResult;
use super::output::{print, print_json};
use crate::paths::{CONTENT_DIR_ENV, Paths};
use crate::report::Format;

pub fn run(cli: &Cli, paths: &Paths, files: &[String], fmt: Format) -> CliResult {
    let show = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
    if fmt == Format::Json {
        let user = paths.user_content.as_ref().map(|p| {
            serde_json::json!({
                "path": p.display().to_string(),
                "exists": p.exists(),
                "from_env": paths.from_env,
                "used": !cli.no_user_content,
            })
        });
        return print_json(&serde_json::json!({
            "config_dir": show(&paths.config_dir),
            "config_file": show(&paths.config_file),
            "user_content": user,
            "content_args": cli.content.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "files_loaded": files,
        }));
    }
    let mut out = String::new();
    let none = "(none on this OS)".to_string();
    out.push_str(&format!(
        "config dir:    {}\n",
        show(&paths.config_dir).unwrap_or(none.clone())
    ));
    out.push_str(&format!(
        "config file:   {}\n",
        show(&paths.config_file).unwrap_or(none.clone())
    ));
    match &paths.user_content {
        Some(p) => out.push_str(&format!(
            "user content:  {} ({}{}{})\n",
            p.display(),
            if p.exists() { "exists" } else { "not created" },
            if paths.from_env {
                format!(", from ${CONTENT_DIR_ENV}")
            } else {
                String::new()
            },
            if cli.no_user_content {
                ", skipped by --no-user-content"
            } else {
                ""
            }
        )),
        None => out.push_str(&format!("user content:  {none}\n")),
    }
    for c in &cli.content {
        out.push_str(&format!("--content:     {}\n", c.display()));
    }
    out.push_str("files loaded:\n");
    for f in files {
        out.push_str(&format!("  {f}\n"));
    }
    print(&out)
}
