//! What a front end says about a hit besides its text: the roles it
//! belongs to (a tool's users, every role of merged identical texts), the
//! tool it was found through, and hits grouped by role.

use super::{Corpus, Hit};

/// The roles of a hit, in role order: each merged entry's role, or the
/// roles whose duties name a tool.
pub fn roles(corpus: &Corpus, hit: &Hit) -> Vec<usize> {
    let mut out: Vec<usize> = hit.all_entries().flat_map(|i| corpus.roles_of(i)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The name of the tool a hit was found through, if it was.
pub fn via<'a>(corpus: &'a Corpus, hit: &Hit) -> Option<&'a str> {
    hit.via
        .filter(|&t| t < corpus.tool_count())
        .map(|t| corpus.text(corpus.tool_entry(t)))
}

/// Hits by role, roles in the order their first hit comes; a hit of
/// several roles is listed under each, a tool no role uses under `None`
/// (last).
pub fn by_role<'h>(corpus: &Corpus, hits: &'h [Hit]) -> Vec<(Option<usize>, Vec<&'h Hit>)> {
    let mut out: Vec<(Option<usize>, Vec<&Hit>)> = Vec::new();
    let mut none: Vec<&Hit> = Vec::new();
    for h in hits {
        let rs = roles(corpus, h);
        if rs.is_empty() {
            none.push(h);
        }
        for r in rs {
            match out.iter_mut().find(|(x, _)| *x == Some(r)) {
                Some((_, list)) => list.push(h),
                None => out.push((Some(r), vec![h])),
            }
        }
    }
    if !none.is_empty() {
        out.push((None, none));
    }
    out
}
