//! The catalog: loaded content plus the indexes every view needs, built
//! once at start-up so no keystroke pays for them.

use std::collections::HashMap;

use crate::content::{Guide, Loaded, Role, Source, Tool};
use crate::search::{Corpus, Filter, Kind, normalise};
use crate::suggest;

/// The initials of a name of three or more words with at least two
/// capitalised ("Infrastructure as Code" → "iac"); none for "Cloud
/// platforms", whose initials nobody writes as a word.
fn title_initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitals = words
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .count();
    (words.len() >= 3 && capitals >= 2).then(|| {
        words
            .iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_lowercase)
            .collect()
    })
}

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
    /// The whole name of a tool category ("networking", "CI/CD") or its
    /// acronym ("iac"): every tool of it is a candidate.
    Category {
        name: String,
        tools: Vec<usize>,
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
        match lookup(query, names.collect()) {
            Lookup::NotFound { suggestions } => match self.category_named(query) {
                Some(found) => found,
                None => self.tools_found_by_search(query, suggestions),
            },
            found => found,
        }
    }

    /// The category `query` names whole, or by the initials of a name
    /// written in title case ("iac", "Infrastructure as Code", as the search
    /// engine reads acronyms). Asked before the search engine, whose
    /// ranking puts one tool with "IaC" in an alias far above the tools
    /// that are merely of the category, and drops those.
    fn category_named(&self, query: &str) -> Option<Lookup> {
        let q = normalise::fold(query.trim()).into_owned();
        if q.is_empty() {
            return None;
        }
        let name = self
            .tools
            .iter()
            .map(|t| t.category.as_str())
            .find(|c| normalise::fold(c) == q || title_initials(c).is_some_and(|a| a == q))?;
        let tools = (0..self.tools.len())
            .filter(|&i| self.tools[i].category == name)
            .collect();
        Some(Lookup::Category {
            name: name.to_string(),
            tools,
        })
    }

    /// A query that names no tool may still describe one: the search
    /// engine reads it as the Search screen does (an alias anywhere in it,
    /// "developer portal"; an acronym, "iac"; stems), so `tool` finds what
    /// `search --kind tool` finds. Loose (scattered-letter) hits don't
    /// count: they are not what anyone meant.
    fn tools_found_by_search(&self, query: &str, suggestions: Vec<String>) -> Lookup {
        let filter = Filter {
            kind: Some(Kind::Tool),
            role: None,
        };
        let corpus = self.corpus();
        let found = crate::search::results(corpus, query, filter, ENGINE_CANDIDATES);
        let mut tools: Vec<usize> = Vec::new();
        if !found.loose {
            for hit in &found.hits {
                for e in hit.all_entries() {
                    if let crate::search::Target::Tool { tool } = corpus.entries()[e].target
                        && !tools.contains(&tool)
                    {
                        tools.push(tool);
                    }
                }
            }
        }
        match tools.as_slice() {
            [] => Lookup::NotFound { suggestions },
            [one] => Lookup::Corrected(*one),
            _ => Lookup::Ambiguous {
                candidates: tools.into_iter().map(|t| (t, None)).collect(),
            },
        }
    }

    /// The roles in whose content the search engine finds `query`, most
    /// hits first (a tool counts for the roles that use it): where a word
    /// that names no role ("on-call") is part of the work.
    pub fn roles_mentioning(&self, query: &str) -> Vec<(usize, usize)> {
        let corpus = self.corpus();
        let found = crate::search::results(corpus, query, Filter::default(), ENGINE_CANDIDATES);
        let mut counts: Vec<(usize, usize)> = Vec::new();
        if found.loose {
            return counts;
        }
        for hit in &found.hits {
            for r in hit.all_entries().flat_map(|e| corpus.roles_of(e)) {
                match counts.iter_mut().find(|(role, _)| *role == r) {
                    Some(c) => c.1 += 1,
                    None => counts.push((r, 1)),
                }
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts
    }
}

/// How many search hits a lookup reads before it settles.
const ENGINE_CANDIDATES: usize = 50;

pub use crate::content::title_clashes;

/// A name as the search engine reads text: folded words, one space
/// apart, so "GitHub-Actions", "github actions" and "GitHub Actions" are
/// one name.
fn name_key(s: &str) -> String {
    normalise::words(s).join(" ")
}

/// `names`: (entry, name, is a primary name: id or title).
fn lookup(query: &str, names: Vec<(usize, String, bool)>) -> Lookup {
    let q = query.trim().to_lowercase();
    let qk = name_key(&q);
    if qk.is_empty() {
        return Lookup::NotFound {
            suggestions: Vec::new(),
        };
    }
    let joined = |k: &str| k.replace(' ', "");
    let qj = joined(&qk);
    let keyed: Vec<(usize, &str, String, bool)> = names
        .iter()
        .map(|(i, n, p)| (*i, n.as_str(), name_key(n), *p))
        .collect();
    // An exact id or title beats an exact alternative title, whichever
    // pack each comes from: a user role titled "Cloud Engineer" is found by
    // that title even though a built-in role is also called so. Names
    // equal as typed beat names equal once folded ("C++" is not "C").
    let same = |folded: bool, n: &str, k: &str| {
        if folded {
            k == qk || joined(k) == qj
        } else {
            n.to_lowercase() == q
        }
    };
    for folded in [false, true] {
        for primary in [true, false] {
            if let Some((i, ..)) = keyed
                .iter()
                .find(|(_, n, k, p)| *p == primary && same(folded, n, k))
            {
                return Lookup::Found(*i);
            }
        }
    }
    let unique = |mut hits: Vec<usize>| {
        hits.sort_unstable();
        hits.dedup();
        (hits.len() == 1).then(|| hits[0])
    };
    let prefixed = |primary_only: bool| -> Vec<usize> {
        keyed
            .iter()
            .filter(|(_, _, k, primary)| {
                (*primary || !primary_only) && qk.len() >= 2 && k.starts_with(&qk)
            })
            .map(|(i, ..)| *i)
            .collect()
    };
    if let Some(i) = unique(prefixed(true)).or_else(|| unique(prefixed(false))) {
        return Lookup::Corrected(i);
    }
    // A prefix of several names (one letter counts here): list them rather
    // than calling it a miss.
    let mut starting: Vec<(usize, Option<String>)> = Vec::new();
    for (i, n, k, primary) in &keyed {
        if !k.starts_with(&qk) {
            continue;
        }
        let alias = (!primary).then(|| n.to_string());
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
    // A typo, by the search engine's rule: none under five letters, where
    // one edit turns "iac" into "iam".
    let budget = suggest::typo_edits(qk.chars().count());
    let best = keyed
        .iter()
        .map(|(i, _, k, _)| (suggest::distance(&qk, k), *i))
        .min();
    if let Some((d, _)) = best
        && d <= budget
    {
        let close: Vec<usize> = keyed
            .iter()
            .filter(|(_, _, k, _)| suggest::distance(&qk, k) == d)
            .map(|(i, ..)| *i)
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
    fn names_compare_as_the_search_engine_folds_them() {
        let cat = Catalog::builtin();
        let gha = tool(&cat, "github-actions");
        for q in [
            "GitHub-Actions",
            "github  actions",
            "githubactions",
            "GITHUB_ACTIONS",
        ] {
            assert_eq!(cat.find_tool(q), Lookup::Found(gha), "{q}");
        }
        assert_eq!(
            cat.find_role("Site-Reliability Engineer"),
            Lookup::Found(role(&cat, "sre"))
        );
    }

    #[test]
    fn short_names_take_no_typos_as_in_search() {
        let cat = Catalog::builtin();
        // One edit from "iam", but a three-letter word is too easily one
        // edit from another: search reads "iac" as the acronym instead.
        assert_ne!(
            cat.find_tool("iac"),
            Lookup::Corrected(tool(&cat, "cloud-iam"))
        );
        assert_eq!(suggest::typo_edits(4), 0);
        assert_eq!(suggest::typo_edits(5), 1);
        assert_eq!(suggest::typo_edits(9), 2);
    }

    #[test]
    fn a_category_by_name_or_acronym_lists_its_tools() {
        let cat = Catalog::builtin();
        let of = |category: &str| -> Vec<usize> {
            (0..cat.tools.len())
                .filter(|&i| cat.tools[i].category == category)
                .collect()
        };
        let iac = of("Infrastructure as Code");
        assert!(iac.contains(&tool(&cat, "terraform")), "{iac:?}");
        for q in [
            "iac",
            "IaC",
            "infrastructure as code",
            " Infrastructure As Code ",
        ] {
            assert_eq!(
                cat.find_tool(q),
                Lookup::Category {
                    name: "Infrastructure as Code".into(),
                    tools: iac.clone()
                },
                "{q}"
            );
        }
        assert_eq!(
            cat.find_tool("networking"),
            Lookup::Category {
                name: "Networking".into(),
                tools: of("Networking")
            }
        );
        // Initials only of a name written in title case: nobody types "cp"
        // for "Cloud platforms", and a tool's own name still wins.
        assert!(!matches!(cat.find_tool("cp"), Lookup::Category { .. }));
        assert_eq!(
            cat.find_tool("terraform"),
            Lookup::Found(tool(&cat, "terraform"))
        );
        assert_eq!(
            title_initials("Infrastructure as Code").as_deref(),
            Some("iac")
        );
        assert_eq!(title_initials("Cloud platforms"), None);
        assert_eq!(title_initials("Observability and on-call"), None);
    }

    #[test]
    fn a_description_of_a_tool_finds_it_through_the_search_engine() {
        let cat = Catalog::builtin();
        let ids = |l: Lookup| -> Vec<String> {
            match l {
                Lookup::Corrected(t) => vec![cat.tools[t].id.clone()],
                Lookup::Ambiguous { candidates } => candidates
                    .iter()
                    .map(|(t, _)| cat.tools[*t].id.clone())
                    .collect(),
                other => panic!("expected a match, got {other:?}"),
            }
        };
        // Backstage's and Port's aliases say "developer portal"; Istio's and
        // Linkerd's "service mesh": an alias inside no name's prefix.
        let portal = ids(cat.find_tool("developer portal"));
        assert!(portal.contains(&"backstage".to_string()), "{portal:?}");
        let mesh = ids(cat.find_tool("a service mesh"));
        assert!(mesh.contains(&"istio".to_string()), "{mesh:?}");
        assert!(mesh.iter().all(|t| cat.tool(t).is_some()));
        // Scattered letters are no match: nothing is about "cost".
        assert!(matches!(cat.find_tool("cost"), Lookup::NotFound { .. }));
    }

    #[test]
    fn roles_mentioning_a_word_are_where_the_search_engine_finds_it() {
        let cat = Catalog::builtin();
        let on_call = cat.roles_mentioning("on-call");
        let sre = role(&cat, "sre");
        assert_eq!(on_call.first().map(|(r, _)| *r), Some(sre), "{on_call:?}");
        assert!(on_call.windows(2).all(|w| w[0].1 >= w[1].1));
        assert_eq!(cat.roles_mentioning("qqqqzz"), []);
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
