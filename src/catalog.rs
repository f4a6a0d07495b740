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
    /// A prefix of several entries' names: which one is meant is unclear.
    /// Each candidate with the alternative name the prefix matched, if it
    /// was not the id or title.
    Ambiguous {
        candidates: Vec<(usize, Option<String>)>,
    },
    NotFound {
        suggestions: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub roles: Vec<Role>,
    pub tools: Vec<Tool>,
    pub sources: Vec<Source>,
    pub guide: Guide,
    role_by_id: HashMap<String, usize>,
    tool_by_id: HashMap<String, usize>,
    source_by_id: HashMap<String, usize>,
    tool_uses: Vec<Vec<DutyRef>>,
    /// Built on first use: most commands never search.
    corpus: std::sync::OnceLock<Corpus>,
}

impl Catalog {
    pub fn new(loaded: Loaded) -> Catalog {
        Catalog::assemble(loaded, None)
    }

    /// A catalog with a search corpus made earlier for the same content
    /// (the content cache keeps one): building it is most of what a
    /// catalog costs. One that does not fit the content is rebuilt.
    pub fn with_corpus(loaded: Loaded, corpus: Corpus) -> Catalog {
        Catalog::assemble(loaded, Some(corpus))
    }

    fn assemble(loaded: Loaded, given: Option<Corpus>) -> Catalog {
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
        let corpus = std::sync::OnceLock::new();
        if let Some(c) = given.filter(|c| c.fits(&roles, tools.len())) {
            let _ = corpus.set(c);
        }
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
        self.corpus.get_or_init(|| {
            Corpus::build(
                &self.roles,
                &self.tools,
                &self.tool_by_id,
                &self.guide.synonyms,
            )
        })
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
    /// prefix ("plat") or a close typo is accepted as a correction. A prefix
    /// of an id or title wins over one of an alternative title, so "infra"
    /// is Infrastructure even though Systems is also called
    /// "Infrastructure Operations Engineer".
    pub fn find_role(&self, query: &str) -> Lookup {
        let names = self.roles.iter().enumerate().flat_map(|(i, r)| {
            let short = r.title.strip_suffix(" Engineer").map(str::to_string);
            [r.id.clone(), r.title.clone()]
                .into_iter()
                .chain(short)
                .map(move |n| (i, n, true))
                .chain(r.also_called.iter().map(move |n| (i, n.clone(), false)))
        });
        lookup(query, names.collect())
    }

    /// A tool by id, name or alias, ignoring case; a typo such as
    /// "terrafrom" is corrected when only one tool is that close.
    pub fn find_tool(&self, query: &str) -> Lookup {
        let names = self.tools.iter().enumerate().flat_map(|(i, t)| {
            [t.id.clone(), t.name.clone()]
                .into_iter()
                .map(move |n| (i, n, true))
                .chain(t.aliases.iter().map(move |n| (i, n.clone(), false)))
        });
        lookup(query, names.collect())
    }
}

pub use crate::content::title_clashes;

/// `names`: (entry, name, is a primary name: id or title).
fn lookup(query: &str, names: Vec<(usize, String, bool)>) -> Lookup {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Lookup::NotFound {
            suggestions: Vec::new(),
        };
    }
    // An exact id or title beats an exact alternative title, whichever
    // pack each comes from: a user role titled "Cloud Engineer" is found by
    // that title even though a built-in role is also called so.
    for primary in [true, false] {
        if let Some((i, _, _)) = names
            .iter()
            .find(|(_, n, p)| *p == primary && n.to_lowercase() == q)
        {
            return Lookup::Found(*i);
        }
    }
    let unique = |mut hits: Vec<usize>| {
        hits.sort_unstable();
        hits.dedup();
        (hits.len() == 1).then(|| hits[0])
    };
    let prefixed = |primary_only: bool| -> Vec<usize> {
        names
            .iter()
            .filter(|(_, n, primary)| {
                (*primary || !primary_only) && q.len() >= 2 && n.to_lowercase().starts_with(&q)
            })
            .map(|(i, _, _)| *i)
            .collect()
    };
    if let Some(i) = unique(prefixed(true)).or_else(|| unique(prefixed(false))) {
        return Lookup::Corrected(i);
    }
    // A prefix of several names (one letter counts here): list them rather
    // than calling it a miss.
    let mut starting: Vec<(usize, Option<String>)> = Vec::new();
    for (i, n, primary) in &names {
        if !n.to_lowercase().starts_with(&q) {
            continue;
        }
        let alias = (!primary).then(|| n.clone());
        match starting.iter_mut().find(|(j, _)| j == i) {
            Some(seen) if *primary => seen.1 = None,
            Some(_) => {}
            None => starting.push((*i, alias)),
        }
    }
    starting.sort_by_key(|(i, _)| *i);
    if starting.len() > 1 {
        return Lookup::Ambiguous {
            candidates: starting,
        };
    }
    let best = names
        .iter()
        .map(|(i, n, _)| (suggest::distance(&q, &n.to_lowercase()), *i))
        .min();
    if let Some((d, _)) = best
        && d <= suggest::max_typo(&q)
    {
        let close: Vec<usize> = names
            .iter()
            .filter(|(_, n, _)| suggest::distance(&q, &n.to_lowercase()) == d)
            .map(|(i, _, _)| *i)
            .collect();
        if let Some(i) = unique(close) {
            return Lookup::Corrected(i);
        }
    }
    Lookup::NotFound {
        suggestions: suggest::did_you_mean(&q, names.iter().map(|(_, n, _)| n.as_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(cat: &Catalog, id: &str) -> usize {
        cat.role_index(id).expect("built-in role")
    }

    fn tool(cat: &Catalog, id: &str) -> usize {
        cat.tool_index(id).expect("built-in tool")
    }

    #[test]
    fn find_role_by_id_title_alias_and_any_case() {
        let cat = Catalog::builtin();
        let platform = role(&cat, "platform");
        assert_eq!(cat.find_role("platform"), Lookup::Found(platform));
        assert_eq!(cat.find_role("Platform Engineer"), Lookup::Found(platform));
        assert_eq!(cat.find_role("pLaTfOrM eNgInEeR"), Lookup::Found(platform));
        assert_eq!(cat.find_role("  platform  "), Lookup::Found(platform));
        // Title without " Engineer", and an alternative title.
        assert_eq!(
            cat.find_role("site reliability"),
            Lookup::Found(role(&cat, "sre"))
        );
        assert_eq!(
            cat.find_role("Cloud Engineer"),
            Lookup::Found(role(&cat, "infrastructure"))
        );
        assert_eq!(cat.find_role("SRE"), Lookup::Found(role(&cat, "sre")));
    }

    #[test]
    fn a_title_that_is_another_roles_alternative_title_is_a_clash() {
        let cat = Catalog::builtin();
        assert_eq!(title_clashes(&cat.roles), [], "the built-in roles clash");
        let mut roles = cat.roles.clone();
        let mut cloud = roles[0].clone();
        cloud.id = "cloud".into();
        cloud.title = "cloud engineer".into();
        cloud.also_called.clear();
        roles.push(cloud);
        let infra = role(&cat, "infrastructure");
        assert_eq!(title_clashes(&roles), [(roles.len() - 1, infra)]);
    }

    #[test]
    fn find_role_accepts_a_unique_prefix_or_a_typo() {
        let cat = Catalog::builtin();
        assert_eq!(
            cat.find_role("plat"),
            Lookup::Corrected(role(&cat, "platform"))
        );
        assert_eq!(
            cat.find_role("platfrom"),
            Lookup::Corrected(role(&cat, "platform"))
        );
        // Systems is also called "Infrastructure Operations Engineer", but
        // a prefix of an id or title wins over one of an alternative title.
        assert_eq!(
            cat.find_role("infra"),
            Lookup::Corrected(role(&cat, "infrastructure"))
        );
        assert_eq!(
            cat.find_role("sys"),
            Lookup::Corrected(role(&cat, "systems"))
        );
        assert_eq!(cat.find_role("de"), Lookup::Corrected(role(&cat, "devops")));
    }

    #[test]
    fn find_role_unknown_suggests_close_names_only() {
        let cat = Catalog::builtin();
        // Part of an alternative title is offered, not silently taken.
        match cat.find_role("network") {
            Lookup::NotFound { suggestions } => {
                assert_eq!(suggestions, ["Cloud Network Engineer"]);
            }
            other => panic!("expected NotFound, got {other:?}"),
        }
        // Nothing close: no suggestions rather than noise (two edits of a
        // two-letter query would offer "SRE").
        assert_eq!(
            cat.find_role("xe"),
            Lookup::NotFound {
                suggestions: Vec::new()
            }
        );
        assert_eq!(
            cat.find_role(""),
            Lookup::NotFound {
                suggestions: Vec::new()
            }
        );
    }

    #[test]
    fn find_tool_by_id_name_alias_and_any_case() {
        let cat = Catalog::builtin();
        let tf = tool(&cat, "terraform");
        assert_eq!(cat.find_tool("terraform"), Lookup::Found(tf));
        assert_eq!(cat.find_tool("Terraform"), Lookup::Found(tf));
        assert_eq!(cat.find_tool("TF"), Lookup::Found(tf));
        assert_eq!(
            cat.find_tool("k8s"),
            Lookup::Found(tool(&cat, "kubernetes"))
        );
        assert_eq!(
            cat.find_tool("GitHub Actions"),
            Lookup::Found(tool(&cat, "github-actions"))
        );
        assert_eq!(
            cat.find_tool("gha"),
            Lookup::Found(tool(&cat, "github-actions"))
        );
    }

    #[test]
    fn find_tool_corrects_typos_and_unique_prefixes() {
        let cat = Catalog::builtin();
        assert_eq!(
            cat.find_tool("terrafrom"),
            Lookup::Corrected(tool(&cat, "terraform"))
        );
        assert_eq!(
            cat.find_tool("kubernets"),
            Lookup::Corrected(tool(&cat, "kubernetes"))
        );
        assert_eq!(
            cat.find_tool("back"),
            Lookup::Corrected(tool(&cat, "backstage"))
        );
        // Several names of one tool start with "gitlab": still unique.
        assert_eq!(
            cat.find_tool("gitlab"),
            Lookup::Corrected(tool(&cat, "gitlab-ci"))
        );
    }

    #[test]
    fn find_tool_unknown_offers_suggestions() {
        let cat = Catalog::builtin();
        match cat.find_tool("helmet") {
            Lookup::NotFound { suggestions } => assert_eq!(suggestions, ["helm"]),
            other => panic!("expected NotFound, got {other:?}"),
        }
        assert_eq!(
            cat.find_tool("zzz"),
            Lookup::NotFound {
                suggestions: Vec::new()
            }
        );
    }

    #[test]
    fn tool_index_lists_the_roles_and_duties_that_use_a_tool() {
        let cat = Catalog::builtin();
        let tf = tool(&cat, "terraform");
        let users: Vec<&str> = cat
            .roles_using(tf)
            .iter()
            .map(|(r, _)| cat.roles[*r].id.as_str())
            .collect();
        assert_eq!(users, ["devops", "platform", "infrastructure", "sre"]);
        for (r, duties) in cat.roles_using(tf) {
            for d in duties {
                assert!(
                    cat.roles[r].duties[d]
                        .tools
                        .iter()
                        .any(|t| t == "terraform")
                );
            }
        }
        // Every use is counted once: uses_of agrees with the duties.
        let expected: usize = cat
            .roles
            .iter()
            .flat_map(|r| &r.duties)
            .filter(|d| d.tools.iter().any(|t| t == "terraform"))
            .count();
        assert_eq!(cat.uses_of(tf).len(), expected);
        assert!(cat.uses_of(usize::MAX).is_empty());
    }
}
