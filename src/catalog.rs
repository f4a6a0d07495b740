//! The catalog: loaded content plus the indexes every view needs, built
//! once at start-up so no keystroke pays for them.

use std::collections::HashMap;

use crate::content::{Guide, Loaded, Role, Source, Tool};
use crate::search::Corpus;
use crate::suggest;

/// A duty of a role, by position: `roles[role].duties[duty]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DutyRef {
    pub role: usize,
    pub duty: usize,
}

/// The outcome of looking something up by what a person typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(usize),
    /// Not an exact name, but one close match (a typo or a unique prefix).
    Corrected(usize),
    NotFound {
        suggestions: Vec<String>,
    },
}

#[derive(Debug)]
pub struct Catalog {
    pub roles: Vec<Role>,
    pub tools: Vec<Tool>,
    pub sources: Vec<Source>,
    pub guide: Guide,
    role_by_id: HashMap<String, usize>,
    tool_by_id: HashMap<String, usize>,
    source_by_id: HashMap<String, usize>,
    tool_uses: Vec<Vec<DutyRef>>,
    corpus: Corpus,
}

impl Catalog {
    pub fn new(loaded: Loaded) -> Catalog {
        let Loaded {
            roles,
            tools,
            sources,
            guide,
            ..
        } = loaded;
        let index = |ids: Vec<&String>| -> HashMap<String, usize> {
            ids.into_iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect()
        };
        let role_by_id = index(roles.iter().map(|r| &r.id).collect());
        let tool_by_id = index(tools.iter().map(|t| &t.id).collect());
        let source_by_id = index(sources.iter().map(|s| &s.id).collect());
        let mut tool_uses = vec![Vec::new(); tools.len()];
        for (ri, role) in roles.iter().enumerate() {
            for (di, duty) in role.duties.iter().enumerate() {
                for t in &duty.tools {
                    if let Some(&ti) = tool_by_id.get(t) {
                        tool_uses[ti].push(DutyRef { role: ri, duty: di });
                    }
                }
            }
        }
        let corpus = Corpus::build(&roles, &tools, &tool_by_id);
        Catalog {
            roles,
            tools,
            sources,
            guide,
            role_by_id,
            tool_by_id,
            source_by_id,
            tool_uses,
            corpus,
        }
    }

    /// The shipped content alone, as the binary embeds it.
    pub fn builtin() -> Catalog {
        Catalog::new(crate::content::load(vec![crate::content::Layer::builtin()]))
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    pub fn role_index(&self, id: &str) -> Option<usize> {
        self.role_by_id.get(id).copied()
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.role_index(id).map(|i| &self.roles[i])
    }

    pub fn tool_index(&self, id: &str) -> Option<usize> {
        self.tool_by_id.get(id).copied()
    }

    pub fn tool(&self, id: &str) -> Option<&Tool> {
        self.tool_index(id).map(|i| &self.tools[i])
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_by_id.get(id).map(|&i| &self.sources[i])
    }

    /// Every duty, across roles, that names tool `tool` (by index).
    pub fn uses_of(&self, tool: usize) -> &[DutyRef] {
        self.tool_uses.get(tool).map_or(&[], Vec::as_slice)
    }

    /// The roles using a tool, each with the indices of its duties that do.
    pub fn roles_using(&self, tool: usize) -> Vec<(usize, Vec<usize>)> {
        let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
        for u in self.uses_of(tool) {
            match out.last_mut() {
                Some((r, duties)) if *r == u.role => duties.push(u.duty),
                _ => out.push((u.role, vec![u.duty])),
            }
        }
        out
    }

    /// A role by id, title or alternative title, ignoring case; a unique
    /// prefix ("plat") or a close typo is accepted as a correction.
    pub fn find_role(&self, query: &str) -> Lookup {
        let names = self.roles.iter().enumerate().flat_map(|(i, r)| {
            let short = r.title.strip_suffix(" Engineer").map(str::to_string);
            [r.id.clone(), r.title.clone()]
                .into_iter()
                .chain(short)
                .chain(r.also_called.iter().cloned())
                .map(move |n| (i, n))
        });
        lookup(query, names.collect())
    }

    /// A tool by id, name or alias, ignoring case; a typo such as
    /// "terrafrom" is corrected when only one tool is that close.
    pub fn find_tool(&self, query: &str) -> Lookup {
        let names = self.tools.iter().enumerate().flat_map(|(i, t)| {
            [t.id.clone(), t.name.clone()]
                .into_iter()
                .chain(t.aliases.iter().cloned())
                .map(move |n| (i, n))
        });
        lookup(query, names.collect())
    }
}

fn lookup(query: &str, names: Vec<(usize, String)>) -> Lookup {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Lookup::NotFound {
            suggestions: Vec::new(),
        };
    }
    if let Some((i, _)) = names.iter().find(|(_, n)| n.to_lowercase() == q) {
        return Lookup::Found(*i);
    }
    let unique = |mut hits: Vec<usize>| {
        hits.dedup();
        (hits.len() == 1).then(|| hits[0])
    };
    let prefixed: Vec<usize> = names
        .iter()
        .filter(|(_, n)| q.len() >= 2 && n.to_lowercase().starts_with(&q))
        .map(|(i, _)| *i)
        .collect();
    if let Some(i) = unique(prefixed) {
        return Lookup::Corrected(i);
    }
    let best = names
        .iter()
        .map(|(i, n)| (suggest::distance(&q, &n.to_lowercase()), *i))
        .min();
    if let Some((d, _)) = best
        && d <= suggest::max_typo(&q)
    {
        let close: Vec<usize> = names
            .iter()
            .filter(|(_, n)| suggest::distance(&q, &n.to_lowercase()) == d)
            .map(|(i, _)| *i)
            .collect();
        if let Some(i) = unique(close) {
            return Lookup::Corrected(i);
        }
    }
    Lookup::NotFound {
        suggestions: suggest::did_you_mean(&q, names.iter().map(|(_, n)| n.as_str())),
    }
}
