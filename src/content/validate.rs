//! Checks that serde cannot express: id shape, duplicates, ranges and
//! references between files. Bad entries are dropped or repaired and
//! reported; good ones are kept, so one mistake never hides the rest.

use std::borrow::Borrow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use super::diag::Diagnostic;
use super::located::{Located, Merged};
use super::model::{Cue, Role, Section, TellingQuestion, Tool};
use super::recover::PLACEHOLDER;
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
    dedupe(&mut layer.cues, "cue", |c| &c.id, diags);
    dedupe(&mut layer.ad_sections, "ad section", |s| &s.id, diags);
    const PARTS: [&str; 5] = ["duties", "requirements", "nice", "about", "boilerplate"];
    layer.ad_sections.retain(|s| {
        let ok = PARTS.contains(&s.value.id.as_str());
        if !ok {
            diags.push(s.diag_at(
                s.find(&s.value.id, 0),
                format!(
                    "ad section `{}`: the id must be one of {}",
                    s.value.id,
                    PARTS.join(", ")
                ),
            ));
        }
        ok
    });
    layer.cues.retain(|c| {
        let cue = &c.value;
        let mut ok = true;
        if cue.terms.iter().all(|t| t.trim().is_empty()) {
            diags.push(c.diag_at(
                c.find_key("terms").unwrap_or_else(|| c.find(&cue.id, 0)),
                format!("cue `{}`: `terms` must list at least one phrase", cue.id),
            ));
            ok = false;
        }
        if !(-1..=1).contains(&cue.pole) {
            diags.push(c.diag_at(
                c.find_key("pole").unwrap_or_else(|| c.find(&cue.id, 0)),
                format!("cue `{}`: `pole` must be -1, 0 or 1", cue.id),
            ));
            ok = false;
        }
        ok
    });

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
    // Decided in one pass over borrowed ids (a hash map, since a big pack
    // has tens of thousands), then applied with `retain`.
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    let mut keep = vec![true; items.len()];
    for (i, item) in items.iter().enumerate() {
        let this = id(&item.value);
        if !valid_id(this) {
            diags.push(item.diag_at(
                item.find(this, 0),
                format!("{what} id `{this}` must be lowercase letters, digits and '-' (e.g. `my-{what}`)"),
            ));
            keep[i] = false;
            continue;
        }
        match first.entry(this) {
            Entry::Occupied(at) => {
                let first = &items[*at.get()].file.display;
                diags.push(item.diag_at(
                    item.find(this, 0),
                    format!("duplicate {what} id `{this}` (first defined in {first}); this one is ignored"),
                ));
                keep[i] = false;
            }
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
    // `retain` visits every element once, in order.
    let mut keep = keep.into_iter();
    items.retain(|_| keep.next().unwrap_or(true));
}

/// Bad references located (with line and column) per role; the rest are
/// counted in one further diagnostic.
const MAX_LOCATED_REFS: usize = 50;

/// After all layers are merged: every id an entry names must exist.
/// Unknown tool ids are removed from the duty that names them, so the rest
/// of the role still shows; an unknown source is only reported.
pub(crate) fn check_references(all: &mut Merged, diags: &mut Vec<Diagnostic>) {
    let known = Known {
        tools: all.tools.iter().map(|t| t.value.id.clone()).collect(),
        sources: all.sources.iter().map(|s| s.value.id.clone()).collect(),
        roles: all.roles.iter().map(|r| r.value.id.clone()).collect(),
        placeholders: false,
    };
    let entries = Entries {
        roles: &mut all.roles,
        tools: &all.tools,
        sections: &all.sections,
        cues: &all.cues,
        telling: &mut all.telling,
    };
    check_entries_refs(&known, entries, diags);
    // Entries with schema errors are not loaded, but what they name is
    // checked too, against what is: one run reports all that is wrong.
    let rejected = &mut all.rejected;
    let entries = Entries {
        roles: &mut rejected.roles,
        tools: &rejected.tools,
        sections: &rejected.sections,
        cues: &rejected.cues,
        telling: &mut rejected.telling,
    };
    let known = Known {
        placeholders: true,
        ..known
    };
    check_entries_refs(&known, entries, diags);
}

/// The ids references may name.
struct Known {
    tools: HashSet<String>,
    sources: HashSet<String>,
    roles: HashSet<String>,
    /// Whether a placeholder (standing in for a rejected entry's bad
    /// value) counts as known: it names nothing.
    placeholders: bool,
}

impl Known {
    fn has(&self, set: &HashSet<String>, id: &str) -> bool {
        set.contains(id) || (self.placeholders && id == PLACEHOLDER)
    }
}

struct Entries<'a> {
    roles: &'a mut [Located<Role>],
    tools: &'a [Located<Tool>],
    sections: &'a [Located<Section>],
    cues: &'a [Located<Cue>],
    telling: &'a mut [Located<TellingQuestion>],
}

fn check_entries_refs(known: &Known, all: Entries<'_>, diags: &mut Vec<Diagnostic>) {
    let (tools, sources, roles) = (&known.tools, &known.sources, &known.roles);
    let unknown = |what: &str, id: &str, known: &HashSet<String>| {
        let mut msg = format!("unknown {what} id `{id}`");
        if let Some(best) = suggest::did_you_mean(id, known.iter().map(String::as_str)).first() {
            msg.push_str(&format!(" (did you mean `{best}`?)"));
        }
        msg
    };

    for role in all.roles.iter_mut() {
        // Each occurrence of an id is matched to the nth quoted copy in the
        // file, so repeated bad ids point at distinct places. Counted only
        // for a bad reference: good ones are nearly all of them.
        let nth = |refs: &[&str], k: usize| refs[..k].iter().filter(|s| **s == refs[k]).count();
        let mut found = Vec::new();
        let r = &role.value;
        let mut source_refs: Vec<&str> = r.sources.iter().map(String::as_str).collect();
        source_refs.extend(r.origins.iter().map(|o| o.source.as_str()));
        source_refs.extend(r.duties.iter().map(|d| d.source.as_str()));
        source_refs.extend(r.interview_questions.iter().map(|q| q.source.as_str()));
        source_refs.extend(r.signals.iter().map(|s| s.source.as_str()));
        // Locating a reference scans the file, so only the first few bad
        // ones are located: a file of thousands of bad ids (generated, or
        // a fuzzer's) would otherwise take minutes and gigabytes.
        let mut unlisted = 0usize;
        for (k, s) in source_refs.iter().enumerate() {
            if !known.has(sources, s) {
                if found.len() >= MAX_LOCATED_REFS {
                    unlisted += 1;
                    continue;
                }
                let n = nth(&source_refs, k);
                found.push(role.diag_at(role.find(s, n), unknown("source", s, sources)));
            }
        }
        let tool_refs: Vec<&str> = r
            .duties
            .iter()
            .flat_map(|d| &d.tools)
            .map(String::as_str)
            .collect();
        for (k, t) in tool_refs.iter().enumerate() {
            if !known.has(tools, t) {
                if found.len() >= MAX_LOCATED_REFS {
                    unlisted += 1;
                    continue;
                }
                let n = nth(&tool_refs, k);
                found.push(role.diag_at(role.find(t, n), unknown("tool", t, tools)));
            }
        }
        if unlisted > 0 {
            found.push(role.diag_at(
                role.find_key("id").unwrap_or_else(|| role.find(&r.id, 0)),
                format!(
                    "role `{}`: {unlisted} more unknown source or tool id(s) not listed",
                    r.id
                ),
            ));
        }
        diags.extend(found);
        for d in &mut role.value.duties {
            d.tools.retain(|t| known.has(tools, t));
        }
    }
    for tool in all.tools {
        if let Some(s) = &tool.value.source
            && !known.has(sources, s)
        {
            diags.push(tool.diag_at(tool.find(s, 0), unknown("source", s, sources)));
        }
    }
    for sec in all.sections {
        let s = &sec.value.source;
        if !known.has(sources, s) {
            diags.push(sec.diag_at(sec.find(s, 0), unknown("source", s, sources)));
        }
    }
    for cue in all.cues {
        let c = &cue.value;
        if !known.has(sources, &c.source) {
            diags.push(cue.diag_at(
                cue.find(&c.source, 0),
                unknown("source", &c.source, sources),
            ));
        }
        for r in c.roles.iter().chain(&c.role) {
            if !known.has(roles, r) {
                diags.push(cue.diag_at(cue.find(r, 0), unknown("role", r, roles)));
            }
        }
    }
    for q in all.telling.iter_mut() {
        let s = &q.value.source;
        if !known.has(sources, s) {
            diags.push(q.diag_at(q.find(s, 0), unknown("source", s, sources)));
        }
        let mut bad = Vec::new();
        for a in &q.value.answers {
            if !known.has(roles, &a.suggests) {
                bad.push(q.diag_at(q.find(&a.suggests, 0), unknown("role", &a.suggests, roles)));
            }
        }
        diags.extend(bad);
        q.value.answers.retain(|a| known.has(roles, &a.suggests));
    }
}

/// A role whose exact title is another role's alternative title: the
/// title wins in `Catalog::find_role`, which `validate` warns about,
/// since the other role can no longer be found by that name. Pairs of
/// (the titled role, the role also called so), as indices into `roles`.
pub fn title_clashes<R: Borrow<Role>>(roles: &[R]) -> Vec<(usize, usize)> {
    let mut titles: HashMap<String, usize> = HashMap::with_capacity(roles.len());
    for (i, r) in roles.iter().map(R::borrow).enumerate() {
        titles.entry(r.title.trim().to_lowercase()).or_insert(i);
    }
    let mut out = Vec::new();
    for (j, r) in roles.iter().map(R::borrow).enumerate() {
        for alt in &r.also_called {
            if let Some(&i) = titles.get(&alt.trim().to_lowercase())
                && i != j
            {
                out.push((i, j));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Warnings, not errors: each title clash, at the titled role's `title`.
pub(crate) fn check_title_clashes(all: &Merged, warnings: &mut Vec<Diagnostic>) {
    let roles: Vec<&Role> = all.roles.iter().map(|l| &l.value).collect();
    for (titled, also) in title_clashes(&roles) {
        let (t, a) = (&all.roles[titled], roles[also]);
        let at = t
            .find_key("title")
            .unwrap_or_else(|| t.find(&t.value.title, 0));
        let (t, title) = (&t.value.id, &t.value.title);
        warnings.push(all.roles[titled].diag_at(
            at,
            format!(
                "role `{t}` is titled “{title}”, which role `{}` lists in `also_called`; \
                 `roledex show \"{title}\"` finds `{t}`, and `{}` is no longer found by that name",
                a.id, a.id
            ),
        ));
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
