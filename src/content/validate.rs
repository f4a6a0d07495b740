//! Checks that serde cannot express: id shape, duplicates, ranges and
//! references between files. Bad entries are dropped or repaired and
//! reported; good ones are kept, so one mistake never hides the rest.

use std::collections::HashSet;

use super::diag::Diagnostic;
use super::load::{Located, Merged};
use crate::suggest;

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Within one layer: ids well-formed and unique, required text present.
pub(crate) fn check_entries(layer: &mut Merged, diags: &mut Vec<Diagnostic>) {
    dedupe(&mut layer.roles, "role", |r| &r.id, diags);
    dedupe(&mut layer.tools, "tool", |t| &t.id, diags);
    dedupe(&mut layer.sources, "source", |s| &s.id, diags);
    dedupe(&mut layer.sections, "section", |s| &s.id, diags);

    layer.roles.retain(|role| {
        let r = &role.value;
        let mut ok = true;
        for (field, value) in [("title", &r.title), ("summary", &r.summary)] {
            if value.trim().is_empty() {
                diags.push(role.diag_at(
                    role.find(value, 0),
                    format!("role `{}`: `{field}` must not be empty", r.id),
                ));
                ok = false;
            }
        }
        if r.sources.is_empty() {
            diags.push(role.diag_at(
                role.find_key("sources")
                    .unwrap_or_else(|| role.find(&r.id, 0)),
                format!(
                    "role `{}` lists no `sources`; every role must name where its facts come from",
                    r.id
                ),
            ));
            ok = false;
        }
        for s in &r.signals {
            if !(1..=3).contains(&s.weight) {
                let name = role.find(&s.trait_name, 0);
                diags.push(role.diag_at(
                    role.find_key_near(name.start, "weight").unwrap_or(name),
                    format!(
                        "signal `{}`: weight must be 1, 2 or 3 (found {})",
                        s.trait_name, s.weight
                    ),
                ));
                ok = false;
            }
            if let Some(empty) = s.terms.iter().find(|t| t.trim().is_empty()) {
                diags.push(role.diag_at(
                    role.find(empty, 0),
                    format!("signal `{}` has an empty term", s.trait_name),
                ));
                ok = false;
            }
        }
        for d in &r.duties {
            if d.text.trim().is_empty() || d.area.trim().is_empty() {
                let empty = if d.text.trim().is_empty() {
                    &d.text
                } else {
                    &d.area
                };
                diags.push(role.diag_at(
                    role.find(empty, 0),
                    format!("role `{}`: a duty has an empty `area` or `text`", r.id),
                ));
                ok = false;
            }
        }
        ok
    });
    layer.tools.retain(|tool| {
        let t = &tool.value;
        if t.name.trim().is_empty() {
            diags.push(tool.diag_at(
                tool.find(&t.name, 0),
                format!("tool `{}`: `name` must not be empty", t.id),
            ));
            return false;
        }
        true
    });
}

/// Drops entries with a malformed or repeated id, reporting each.
fn dedupe<T>(
    items: &mut Vec<Located<T>>,
    what: &str,
    id: fn(&T) -> &str,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: Vec<(String, String)> = Vec::new();
    items.retain(|item| {
        let this = id(&item.value);
        if !valid_id(this) {
            diags.push(item.diag_at(
                item.find(this, 0),
                format!("{what} id `{this}` must be lowercase letters, digits and '-' (e.g. `my-{what}`)"),
            ));
            return false;
        }
        if let Some((_, first)) = seen.iter().find(|(s, _)| s == this) {
            diags.push(item.diag_at(
                item.find(this, 0),
                format!("duplicate {what} id `{this}` (first defined in {first}); this one is ignored"),
            ));
            return false;
        }
        seen.push((this.to_string(), item.file.display.clone()));
        true
    });
}

/// After all layers are merged: every id an entry names must exist.
/// Unknown tool ids are removed from the duty that names them, so the rest
/// of the role still shows; an unknown source is only reported.
pub(crate) fn check_references(all: &mut Merged, diags: &mut Vec<Diagnostic>) {
    let tools: HashSet<String> = all.tools.iter().map(|t| t.value.id.clone()).collect();
    let sources: HashSet<String> = all.sources.iter().map(|s| s.value.id.clone()).collect();
    let roles: HashSet<String> = all.roles.iter().map(|r| r.value.id.clone()).collect();

    let unknown = |what: &str, id: &str, known: &HashSet<String>| {
        let mut msg = format!("unknown {what} id `{id}`");
        if let Some(best) = suggest::did_you_mean(id, known.iter().map(String::as_str)).first() {
            msg.push_str(&format!(" (did you mean `{best}`?)"));
        }
        msg
    };

    for role in &mut all.roles {
        // Each occurrence of an id is matched to the nth quoted copy in the
        // file, so repeated bad ids point at distinct places.
        let mut seen_tool: Vec<String> = Vec::new();
        let mut seen_src: Vec<String> = Vec::new();
        let nth = |seen: &mut Vec<String>, id: &str| {
            let n = seen.iter().filter(|s| *s == id).count();
            seen.push(id.to_string());
            n
        };
        let mut found = Vec::new();
        let r = &role.value;
        let mut source_refs: Vec<&str> = r.sources.iter().map(String::as_str).collect();
        source_refs.extend(r.origins.iter().map(|o| o.source.as_str()));
        source_refs.extend(r.duties.iter().map(|d| d.source.as_str()));
        source_refs.extend(r.interview_questions.iter().map(|q| q.source.as_str()));
        source_refs.extend(r.signals.iter().map(|s| s.source.as_str()));
        for s in source_refs {
            let n = nth(&mut seen_src, s);
            if !sources.contains(s) {
                found.push(role.diag_at(role.find(s, n), unknown("source", s, &sources)));
            }
        }
        for t in r.duties.iter().flat_map(|d| &d.tools) {
            let n = nth(&mut seen_tool, t);
            if !tools.contains(t) {
                found.push(role.diag_at(role.find(t, n), unknown("tool", t, &tools)));
            }
        }
        diags.extend(found);
        for d in &mut role.value.duties {
            d.tools.retain(|t| tools.contains(t));
        }
    }
    for tool in &all.tools {
        if let Some(s) = &tool.value.source
            && !sources.contains(s)
        {
            diags.push(tool.diag_at(tool.find(s, 0), unknown("source", s, &sources)));
        }
    }
    for sec in &all.sections {
        let s = &sec.value.source;
        if !sources.contains(s) {
            diags.push(sec.diag_at(sec.find(s, 0), unknown("source", s, &sources)));
        }
    }
    for q in &mut all.telling {
        let s = &q.value.source;
        if !sources.contains(s) {
            diags.push(q.diag_at(q.find(s, 0), unknown("source", s, &sources)));
        }
        let mut bad = Vec::new();
        for a in &q.value.answers {
            if !roles.contains(&a.suggests) {
                bad.push(q.diag_at(q.find(&a.suggests, 0), unknown("role", &a.suggests, &roles)));
            }
        }
        diags.extend(bad);
        q.value.answers.retain(|a| roles.contains(&a.suggests));
    }
}

#[cfg(test)]
mod tests {
    use super::valid_id;

    #[test]
    fn ids_are_kebab_case() {
        assert!(valid_id("github-actions"));
        assert!(valid_id("k8s"));
        assert!(!valid_id("GitHub"));
        assert!(!valid_id("-x"));
        assert!(!valid_id(""));
        assert!(!valid_id("a b"));
    }
}
