//! The current view as a Markdown document (for `y` and `e`), the URL
//! under the cursor (for `o`), and writing an export to a new file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::action::Screen;
use super::state::{App, DetailTab, ItemTarget, RolesFocus};
use crate::document::{markdown, reading};
use crate::search::Target;

/// A document of what the screen shows.
pub struct Document {
    pub text: String,
    /// What it is, for the status line ("DevOps Engineer as Markdown").
    pub what: String,
    /// A file name stem: `roledex-<slug>.md`.
    pub slug: String,
}

/// The current view as Markdown, or why there is none.
pub fn document(app: &App) -> Result<Document, String> {
    let cat = &app.catalog;
    match app.screen {
        Screen::Roles => {
            let r = app.selected_role().ok_or("No role is selected")?;
            Ok(Document {
                text: markdown::show(cat, r),
                what: format!("{} as Markdown", cat.roles[r].title),
                slug: cat.roles[r].id.clone(),
            })
        }
        Screen::Compare => {
            let cmp =
                crate::compare::compare(cat, &app.compare.roles).map_err(|e| e.to_string())?;
            let ids: Vec<&str> = app
                .compare
                .roles
                .iter()
                .map(|&r| cat.roles[r].id.as_str())
                .collect();
            Ok(Document {
                text: markdown::compare(cat, &cmp),
                what: "the comparison as Markdown".into(),
                slug: format!("compare-{}", ids.join("-")),
            })
        }
        Screen::Tools => {
            let t = app.selected_tool().ok_or("No tool matches the filter")?;
            Ok(Document {
                text: markdown::tool(cat, t),
                what: format!("{} as Markdown", cat.tools[t].name),
                slug: format!("tool-{}", cat.tools[t].id),
            })
        }
        Screen::Search => {
            let st = &app.search;
            if st.hits.is_empty() {
                return Err("No search results to export".into());
            }
            let results = crate::search::Results {
                loose: st.hits.first().is_some_and(|h| h.loose),
                hits: st.hits.clone(),
            };
            let ids: Vec<String> = cat.roles.iter().map(|r| r.id.clone()).collect();
            Ok(Document {
                text: format!(
                    "# Search: {}\n\n{}",
                    st.query.value().trim(),
                    markdown::search(&ids, cat.corpus(), &results)
                ),
                what: "the search results as Markdown".into(),
                slug: "search".into(),
            })
        }
        Screen::Analyze => {
            let a = app
                .analyze
                .report
                .as_ref()
                .ok_or("No reading yet: paste a job ad first")?;
            Ok(Document {
                text: reading::markdown(cat, a),
                what: "the reading as Markdown".into(),
                slug: "reading".into(),
            })
        }
    }
}

/// Whether `e` has something to export here: a cheap check for the
/// footer, which offers only what works.
pub fn exportable(app: &App) -> bool {
    match app.screen {
        Screen::Roles => app.selected_role().is_some(),
        Screen::Compare => app.compare.roles.len() >= 2,
        Screen::Tools => app.selected_tool().is_some(),
        Screen::Search => !app.search.hits.is_empty(),
        Screen::Analyze => app.analyze.report.is_some(),
    }
}

/// The web address of what is selected, and what it is; or why there is
/// none. Only http(s) addresses: content packs are user files, and a
/// `file:` or other scheme would have the opener run a local program.
pub fn url_here(app: &App) -> Result<(String, String), String> {
    let cat = &app.catalog;
    let source = |id: &str| -> Result<(String, String), String> {
        let s = cat
            .source(id)
            .ok_or_else(|| format!("Source [{id}] is not in the content"))?;
        let url = s
            .url
            .clone()
            .ok_or_else(|| format!("Source [{id}] has no URL"))?;
        Ok((url, format!("[{id}] {}", s.title)))
    };
    let tool = |t: usize| -> Result<(String, String), String> {
        let tool = &cat.tools[t];
        let url = tool
            .url
            .clone()
            .ok_or_else(|| format!("{} has no URL in the content", tool.name))?;
        Ok((url, tool.name.clone()))
    };
    let (url, what) = match app.screen {
        Screen::Roles => {
            let r = app.selected_role().ok_or("No role is selected")?;
            let role = &cat.roles[r];
            let item = (app.roles.focus == RolesFocus::Detail)
                .then(|| app.roles.current_item())
                .flatten();
            match item.map(|i| i.target) {
                Some(ItemTarget::Tool(t)) => tool(t)?,
                Some(ItemTarget::Origin(i)) => source(&role.origins[i].source)?,
                Some(ItemTarget::Duty(d)) => {
                    let first = role.duties[d]
                        .tools
                        .iter()
                        .filter_map(|id| cat.tool_index(id))
                        .find(|&t| cat.tools[t].url.is_some())
                        .ok_or("This duty names no tool with a URL")?;
                    tool(first)?
                }
                _ if app.roles.tab == DetailTab::Overview || item.is_none() => {
                    // The first cited source with an address (the article
                    // itself may have none).
                    let id = role
                        .sources
                        .iter()
                        .find(|id| cat.source(id).is_some_and(|s| s.url.is_some()))
                        .ok_or("None of this role's sources has a URL")?;
                    source(id)?
                }
                _ => return Err("This item has no URL; o opens tools and sources".into()),
            }
        }
        Screen::Tools => tool(app.selected_tool().ok_or("No tool matches the filter")?)?,
        Screen::Search => {
            let hit = app
                .search
                .hits
                .get(app.search.list.index)
                .ok_or("No result is selected")?;
            match cat.corpus().entries()[hit.entry].target {
                Target::Tool { tool: t } => tool(t)?,
                Target::Origin { role, index } => source(&cat.roles[role].origins[index].source)?,
                _ => return Err("This result has no URL; tools and origins have one".into()),
            }
        }
        Screen::Compare | Screen::Analyze => {
            return Err("Nothing here has a URL; o works on tools and sources".into());
        }
    };
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(format!("Not a web address, so not opened: {url}"));
    }
    Ok((url, what))
}

/// Where an export went.
#[derive(Debug)]
pub struct Written {
    /// Absolute, so the status line names the file wherever roledex runs.
    pub path: PathBuf,
    /// The folder asked for and why it could not be written, when the
    /// export went to the fallback folder instead.
    pub instead_of: Option<(PathBuf, std::io::Error)>,
}

impl Written {
    /// For the status line: where the file is, and why there.
    pub fn describe(&self) -> String {
        match &self.instead_of {
            None => self.path.display().to_string(),
            Some((dir, why)) => format!(
                "{} ({} is not writable: {why})",
                self.path.display(),
                dir.display()
            ),
        }
    }
}

/// [`write_new`] into `dir`, or, when that fails (a read-only or missing
/// working folder), into `fallback` (created if need be), saying so.
pub fn write_export(
    dir: &Path,
    fallback: Option<&Path>,
    slug: &str,
    text: &str,
) -> std::io::Result<Written> {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let why = match write_new(&dir, slug, text) {
        Ok(path) => {
            return Ok(Written {
                path,
                instead_of: None,
            });
        }
        Err(e) => e,
    };
    let Some(fallback) = fallback.filter(|f| *f != dir) else {
        return Err(why);
    };
    std::fs::create_dir_all(fallback)?;
    let fallback = std::path::absolute(fallback).unwrap_or_else(|_| fallback.to_path_buf());
    let path = write_new(&fallback, slug, text)?;
    Ok(Written {
        path,
        instead_of: Some((dir, why)),
    })
}

/// Writes `text` to a new file `<dir>/roledex-<slug>.md`, or `-2`, `-3`, …
/// when that name is taken: never over an existing file. Atomic: the text
/// goes to a temporary file in the same folder, which is then linked
/// under the new name (a link fails rather than replace a file), so no
/// reader ever sees half an export.
pub fn write_new(dir: &Path, slug: &str, text: &str) -> std::io::Result<PathBuf> {
    let slug: String = slug
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let tmp = dir.join(format!(".roledex-{slug}-{}.md.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create_new(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let result = (|| {
        for n in 1..1000 {
            let name = if n == 1 {
                format!("roledex-{slug}.md")
            } else {
                format!("roledex-{slug}-{n}.md")
            };
            let dest = dir.join(name);
            match std::fs::hard_link(&tmp, &dest) {
                Ok(()) => return Ok(dest),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                // A file system without hard links: rename, which is atomic
                // but would replace, so only onto a name not taken (a race
                // with another writer in the same instant is the one risk).
                Err(_) if !dest.exists() => {
                    std::fs::rename(&tmp, &dest)?;
                    return Ok(dest);
                }
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other(
            "a thousand exports of this view exist already",
        ))
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unwritable_folder_falls_back_and_says_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("not-here");
        let fallback = dir.path().join("data/roledex");
        let w = write_export(&missing, Some(&fallback), "devops", "one").expect("export");
        assert_eq!(w.path, fallback.join("roledex-devops.md"));
        assert_eq!(std::fs::read_to_string(&w.path).expect("read"), "one");
        let said = w.describe();
        assert!(
            said.starts_with(&format!(
                "{} ({} is not writable: ",
                w.path.display(),
                missing.display()
            )),
            "{said}"
        );
        // Writable: no fallback, and nothing said about one.
        let w = write_export(dir.path(), Some(&fallback), "devops", "two").expect("export");
        assert_eq!(
            w.describe(),
            dir.path().join("roledex-devops.md").display().to_string()
        );
        // No fallback: the error.
        assert!(write_export(&missing, None, "devops", "x").is_err());
    }

    #[test]
    fn write_new_never_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("roledex-devops.md"), "mine").expect("write");
        let first = write_new(dir.path(), "devops", "one").expect("export");
        let second = write_new(dir.path(), "devops", "two").expect("export");
        assert_eq!(first.file_name().unwrap(), "roledex-devops-2.md");
        assert_eq!(second.file_name().unwrap(), "roledex-devops-3.md");
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect("read");
        assert_eq!(read("roledex-devops.md"), "mine", "the user's file is kept");
        assert_eq!(read("roledex-devops-2.md"), "one");
        assert_eq!(read("roledex-devops-3.md"), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 3, "no temporary file left: {names:?}");
    }

    #[test]
    fn write_new_reports_an_unwritable_folder() {
        let err = write_new(Path::new("/nonexistent/folder"), "x", "text").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    }
}
