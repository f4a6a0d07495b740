//! JSON reports: stable keys for scripts (documented in README).

use serde_json::{Value, json};

use crate::catalog::Catalog;
use crate::compare::{Comparison, Feature, Sharing};
use crate::search::{Corpus, Results, group};

pub fn roles(cat: &Catalog) -> Value {
    Value::Array(
        cat.roles
            .iter()
            .map(|r| {
                json!({
                    "id": r.id, "title": r.title, "summary": r.summary,
                    "tier": r.tier, "also_called": r.also_called,
                })
            })
            .collect(),
    )
}

pub fn show(cat: &Catalog, role: usize) -> Value {
    let r = &cat.roles[role];
    let mut v = serde_json::to_value(r).expect("a role is plain data and always serialises");
    let profile: serde_json::Map<String, Value> = crate::content::ProfileKey::ALL
        .iter()
        .map(|k| {
            (
                k.key().to_string(),
                Value::String(r.profile.get(*k).to_string()),
            )
        })
        .collect();
    v["profile"] = Value::Object(profile);
    v["source_details"] = Value::Array(
        r.sources
            .iter()
            .filter_map(|s| cat.source(s))
            .map(|s| serde_json::to_value(s).expect("plain data"))
            .collect(),
    );
    v
}

fn named(list: &[Feature], sharing: Sharing) -> Vec<String> {
    list.iter()
        .filter(|f| f.sharing == sharing)
        .map(|f| f.name.clone())
        .collect()
}

pub fn compare(cat: &Catalog, cmp: &Comparison) -> Value {
    let ids: Vec<&str> = cmp
        .roles
        .iter()
        .map(|&r| cat.roles[r].id.as_str())
        .collect();
    let unique: serde_json::Map<String, Value> = ids
        .iter()
        .enumerate()
        .map(|(p, id)| {
            let only = |list: &[Feature]| -> Vec<String> {
                list.iter()
                    .filter(|f| f.sharing == Sharing::One && f.roles == [p])
                    .map(|f| f.name.clone())
                    .collect()
            };
            (
                id.to_string(),
                json!({"tools": only(&cmp.tools), "areas": only(&cmp.areas)}),
            )
        })
        .collect();
    let partly: Vec<Value> = cmp
        .tools
        .iter()
        .map(|f| ("tool", f))
        .chain(cmp.areas.iter().map(|f| ("area", f)))
        .filter(|(_, f)| f.sharing == Sharing::Some)
        .map(|(kind, f)| json!({"kind": kind, "name": f.name, "roles": f.roles.iter().map(|&p| ids[p]).collect::<Vec<_>>()}))
        .collect();
    json!({
        "roles": cmp.roles.iter().map(|&r| json!({"id": cat.roles[r].id, "title": cat.roles[r].title})).collect::<Vec<_>>(),
        "profile": cmp.profile.iter().map(|row| json!({"key": row.key, "label": row.label, "values": row.values})).collect::<Vec<_>>(),
        "shared": {"tools": named(&cmp.tools, Sharing::All), "areas": named(&cmp.areas, Sharing::All)},
        "partly_shared": partly,
        "unique": unique,
        "similarity": (cmp.similarity * 1000.0).round() / 1000.0,
        "pairwise": cmp.pairwise.iter().map(|row| row.iter().map(|x| (x * 1000.0).round() / 1000.0).collect::<Vec<_>>()).collect::<Vec<_>>(),
    })
}

/// Search hits: `role` is the first of `roles` (a tool's users, or every
/// role of merged identical texts), `via` the tool a hit was found
/// through, `loose` whether only letters in order matched.
pub fn search(role_ids: &[String], corpus: &Corpus, results: &Results) -> Value {
    Value::Array(
        results
            .hits
            .iter()
            .map(|h| {
                let e = &corpus.entries()[h.entry];
                let roles: Vec<&str> = group::roles(corpus, h)
                    .into_iter()
                    .map(|r| role_ids[r].as_str())
                    .collect();
                json!({
                    "kind": e.target.kind(),
                    "role": roles.first(),
                    "roles": roles,
                    "text": corpus.text(h.entry),
                    "score": h.score(),
                    "indices": h.indices,
                    "via": group::via(corpus, h),
                    "loose": h.loose,
                })
            })
            .collect(),
    )
}

pub fn tool(cat: &Catalog, tool: usize) -> Value {
    let t = &cat.tools[tool];
    json!({
        "tool": {"id": t.id, "name": t.name, "kind": t.kind, "category": t.category, "aliases": t.aliases, "description": t.description, "url": t.url},
        "roles": cat.roles_using(tool).into_iter().map(|(r, duties)| {
            let role = &cat.roles[r];
            json!({
                "id": role.id, "title": role.title,
                "duties": duties.iter().map(|&d| json!({"area": role.duties[d].area, "text": role.duties[d].text})).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
    })
}

pub fn tools(cat: &Catalog) -> Value {
    Value::Array(
        cat.tools
            .iter()
            .enumerate()
            .map(|(i, t)| {
                json!({
                    "id": t.id, "name": t.name, "kind": t.kind, "category": t.category, "aliases": t.aliases,
                    "description": t.description,
                    "roles": cat.roles_using(i).into_iter().map(|(r, _)| cat.roles[r].id.clone()).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
