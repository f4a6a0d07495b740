//! Search quality, measured: a judged query set over the shipped content
//! (P@5, MRR, best item first, junk in the top 10, with thresholds), and
//! the ranking rules of `roledex::search` pinned on small synthetic
//! catalogs where only the rule under test can explain the order.

use std::fs;
use std::path::Path;

use roledex::Catalog;
use roledex::content::{Layer, load};
use roledex::search::{self, Filter, Hit, Kind, Searcher};

/// A hit as a person reads it: kind, role id (None for a tool), text.
fn describe(cat: &Catalog, hit: &Hit) -> (Kind, Option<String>, String) {
    let e = &cat.corpus().entries()[hit.entry];
    (
        e.target.kind(),
        e.target.role().map(|r| cat.roles[r].id.clone()),
        cat.corpus().text(hit.entry).to_string(),
    )
}

// ------------------------------------------------------- the judged set

/// What a judgement names, matched against an entry of the shipped
/// content:
/// * `tool:ID`: the tool's own entry;
/// * `tag:ID`: any duty whose `tools` list names the tool;
/// * `text:WORDS`: any entry whose text contains WORDS (ignoring case).
///
/// Several judgements per query list everything judged relevant; `best`
/// is the item (or the equally right items) that should come first.
type Judged = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

/// (query, best, relevant). Decided by reading content/ (duties, their
/// tool tags, questions, origins, tool names, aliases and descriptions),
/// never by running the search: each query is what a person looking for
/// the thing would type, and relevant is what a person would want listed.
/// Queries with nothing relevant list nothing (they must find no real
/// hit). The four kinds: tool names, aliases and typos; concepts;
/// phrases; half-typed words (the last word still being typed).
const JUDGED: &[Judged] = &[
    // --- tool names and aliases
    (
        "tf",
        &["tool:terraform"],
        &[
            "tool:terraform",
            "tool:opentofu",
            "tool:terragrunt",
            "tool:atlantis",
            "tool:checkov",
            "tag:terraform",
            "text:terraform",
        ],
    ),
    (
        "terraform",
        &["tool:terraform"],
        &[
            "tool:terraform",
            "tool:opentofu",
            "tool:terragrunt",
            "tool:atlantis",
            "tool:checkov",
            "tag:terraform",
            "text:terraform",
        ],
    ),
    (
        "k8s",
        &["tool:kubernetes"],
        &[
            "tool:kubernetes",
            "tag:kubernetes",
            "text:kubernetes",
            "tool:helm",
            "tool:argo-cd",
            "tool:flux",
            "tool:crossplane",
            "tool:cilium",
            "tool:external-secrets",
            "tool:cert-manager",
            "tool:kyverno",
            "tool:eks",
            "tool:tekton",
            "tool:argo-rollouts",
            "tool:linkerd",
        ],
    ),
    (
        "gha",
        &["tool:github-actions"],
        &[
            "tool:github-actions",
            "tag:github-actions",
            "text:github actions",
        ],
    ),
    (
        "gh actions",
        &["tool:github-actions"],
        &[
            "tool:github-actions",
            "tag:github-actions",
            "text:github actions",
        ],
    ),
    (
        "backstage",
        &["tool:backstage"],
        &["tool:backstage", "tag:backstage", "text:backstage"],
    ),
    (
        "dockerfile",
        &["tool:docker"],
        &["tool:docker", "tag:docker", "text:dockerfile"],
    ),
    (
        "promql",
        &["tool:prometheus"],
        &["tool:prometheus", "tag:prometheus"],
    ),
    (
        "kafka",
        &["tool:kafka"],
        &["tool:kafka", "tag:kafka", "text:kafka"],
    ),
    ("pulumi", &["tool:pulumi"], &["tool:pulumi", "tag:pulumi"]),
    (
        "ansible",
        &["tool:ansible"],
        &["tool:ansible", "tag:ansible"],
    ),
    ("helm charts", &["tool:helm"], &["tool:helm", "tag:helm"]),
    (
        "secrets",
        &["tool:vault", "tool:external-secrets", "tool:sops"],
        &[
            "tool:vault",
            "tool:external-secrets",
            "tool:sops",
            "tag:vault",
            "tag:external-secrets",
            "tag:sops",
            "text:secret",
            "text:credentials",
        ],
    ),
    (
        "firewall",
        &["tool:firewall-rules"],
        &["tool:firewall-rules", "tag:firewall-rules", "text:firewall"],
    ),
    (
        "dns",
        &["tool:dns"],
        &["tool:dns", "tag:dns", "text:dns", "tool:cloudflare"],
    ),
    // --- typos
    (
        "terrafrom",
        &["tool:terraform"],
        &[
            "tool:terraform",
            "tool:opentofu",
            "tool:terragrunt",
            "tool:atlantis",
            "tool:checkov",
            "tag:terraform",
            "text:terraform",
        ],
    ),
    (
        "kubernets",
        &["tool:kubernetes"],
        &[
            "tool:kubernetes",
            "tag:kubernetes",
            "text:kubernetes",
            "tool:helm",
            "tool:argo-cd",
            "tool:flux",
            "tool:crossplane",
            "tool:cilium",
            "tool:external-secrets",
            "tool:cert-manager",
            "tool:kyverno",
            "tool:eks",
            "tool:tekton",
            "tool:argo-rollouts",
            "tool:linkerd",
        ],
    ),
    (
        "promethues",
        &["tool:prometheus"],
        &["tool:prometheus", "tag:prometheus"],
    ),
    (
        "ansibel",
        &["tool:ansible"],
        &["tool:ansible", "tag:ansible"],
    ),
    (
        "grafna",
        &["tool:grafana"],
        // Grafana Loki and Grafana k6 are Grafana's too.
        &["tool:grafana", "tag:grafana", "text:grafana"],
    ),
    (
        "postmortm",
        &["text:Run blameless postmortems"],
        &["text:postmortem", "text:blameless"],
    ),
    // --- concepts
    (
        "iac",
        &[
            "tool:pulumi",
            "text:Infrastructure as code was pioneered",
            "text:credited with pioneering infrastructure as code",
        ],
        &[
            "text:infrastructure as code",
            "text:as code",
            "tool:pulumi",
            "tool:terraform",
            "tool:opentofu",
            "tool:cloudformation",
            "tool:crossplane",
            "tool:trivy",
            "tool:terragrunt",
            "tool:atlantis",
            "tool:aws-cdk",
            "tool:bicep",
            "tool:packer",
            "tool:checkov",
            "tool:snyk",
            "tag:terraform",
            "tag:pulumi",
            "tag:opentofu",
            "tag:cloudformation",
        ],
    ),
    (
        "on call",
        &[
            "text:Take part in an on-call rotation",
            "text:What is the on-call schedule",
        ],
        &[
            "text:on-call",
            "text:on call",
            "tool:pagerduty",
            "tool:opsgenie",
            "tag:pagerduty",
            "tag:opsgenie",
            "text:paged",
        ],
    ),
    (
        "oncall",
        &[
            "text:Take part in an on-call rotation",
            "text:What is the on-call schedule",
        ],
        &[
            "text:on-call",
            "text:on call",
            "tool:pagerduty",
            "tool:opsgenie",
            "tag:pagerduty",
            "tag:opsgenie",
            "text:paged",
        ],
    ),
    (
        "post-mortem",
        &["text:Run blameless postmortems"],
        &["text:postmortem", "text:blameless"],
    ),
    (
        "slo",
        &["text:Agree SLIs and SLOs", "text:Do SLOs and error budgets"],
        // "slos ", not "slo": the origins naming Treynor Sloss are no hit.
        &["text:slos ", "text:error budget"],
    ),
    (
        "mttr",
        &["text:MTTD, MTTR"],
        &["text:mttr", "text:time to restore", "text:recovery time"],
    ),
    ("cost", &[], &[]),
    (
        "service mesh",
        &["tool:istio", "tool:linkerd"],
        &[
            "tool:istio",
            "tool:linkerd",
            "tool:envoy",
            "tag:istio",
            "tag:linkerd",
        ],
    ),
    (
        "load balancing",
        &["tool:load-balancer"],
        &[
            "tool:load-balancer",
            "tag:load-balancer",
            "text:load balancer",
            "tool:nginx",
        ],
    ),
    (
        "message queue",
        &["tool:rabbitmq", "tool:amazon-sqs"],
        &[
            "tool:rabbitmq",
            "tool:amazon-sqs",
            "tag:rabbitmq",
            "tag:amazon-sqs",
            "text:queue",
            "text:message",
        ],
    ),
    // Backstage and Port are the content's developer portals: texts
    // naming Backstage count.
    (
        "developer portal",
        &["tool:backstage", "tool:port"],
        &[
            "tool:backstage",
            "tool:port",
            "tag:backstage",
            "tag:port",
            "text:developer portal",
            "text:backstage",
        ],
    ),
    (
        "disaster recovery",
        &["text:How do you prepare for disaster recovery"],
        &["text:disaster recovery", "text:backups", "tool:veeam"],
    ),
    (
        "toil",
        &["text:Keep toil"],
        &["text:toil", "text:operational work"],
    ),
    (
        "patch",
        &["text:Patch operating systems"],
        &["text:patch", "text:vulnerabilities"],
    ),
    (
        "least privilege",
        &["text:least-privilege access"],
        &["text:least-privilege", "tool:cloud-iam"],
    ),
    (
        "etl",
        &["text:Build and schedule ETL"],
        &["text:etl", "tool:airflow", "tag:airflow"],
    ),
    (
        "3am",
        &[
            "text:When something breaks at 3am",
            "text:breaks at 3am, who owns the fix",
            "text:fails at 3am",
        ],
        &["text:3am"],
    ),
    // --- phrases
    ("golden path", &["text:golden path"], &["text:golden path"]),
    // VPC's aliases include "network topology" word for word.
    (
        "network topology",
        &["text:Design the network topology", "tool:vpc"],
        &[
            "text:network topology",
            "tool:vpc",
            "tag:vpc",
            "text:network",
        ],
    ),
    (
        "self service",
        &["text:Offer self-service"],
        &["text:self-service", "tool:port"],
    ),
    (
        "vpc subnet",
        &["tool:vpc"],
        &["tool:vpc", "tag:vpc", "text:subnet", "text:vpc"],
    ),
    (
        "blameless review",
        &["text:blameless review culture"],
        &["text:blameless"],
    ),
    (
        "continuous delivery",
        &["text:book Continuous Delivery"],
        &[
            "text:continuous delivery",
            "text:ci/cd",
            "tool:argo-cd",
            "tool:flux",
            "tool:teamcity",
            "tool:circleci",
            "tool:gitlab-ci",
            "tool:jenkins",
            "tool:github-actions",
            "tool:azure-devops",
            "tool:bitbucket-pipelines",
            "tool:tekton",
            "tool:argo-rollouts",
            "text:continuous deployment",
        ],
    ),
    (
        "infrastructure as code",
        &[
            "text:Infrastructure as code was pioneered",
            "text:credited with pioneering infrastructure as code",
        ],
        &[
            "text:infrastructure as code",
            "text:as code",
            "text:in code",
            "tool:pulumi",
            "tool:terraform",
            "tool:opentofu",
            "tool:cloudformation",
            "tool:crossplane",
            "tool:trivy",
            "tool:terragrunt",
            "tool:atlantis",
            "tool:aws-cdk",
            "tool:bicep",
            "tool:packer",
            "tool:checkov",
            "tool:snyk",
            "tag:terraform",
            "tag:pulumi",
            "tag:opentofu",
            "tag:cloudformation",
        ],
    ),
    (
        "error budget",
        &["text:Use error budgets", "text:Error budgets settle"],
        &["text:error budget"],
    ),
    (
        "integration patterns",
        &["text:Apply proven integration patterns"],
        &["text:integration patterns", "tool:apache-camel"],
    ),
    // --- half-typed words (the last word still being typed)
    (
        "kuber",
        &["tool:kubernetes"],
        &[
            "tool:kubernetes",
            "tag:kubernetes",
            "text:kubernetes",
            "tool:helm",
            "tool:argo-cd",
            "tool:flux",
            "tool:crossplane",
            "tool:cilium",
            "tool:external-secrets",
            "tool:cert-manager",
            "tool:kyverno",
            "tool:eks",
            "tool:tekton",
            "tool:argo-rollouts",
            "tool:linkerd",
        ],
    ),
    (
        "ci pipe",
        &["text:Build and maintain the CI/CD pipelines"],
        &[
            "text:pipeline",
            "text:ci/cd",
            "tool:gitlab-ci",
            "tool:circleci",
            "tool:github-actions",
            "tool:jenkins",
            "tool:teamcity",
            "tool:azure-devops",
            "tool:bitbucket-pipelines",
            "tool:tekton",
        ],
    ),
    (
        "postmor",
        &["text:Run blameless postmortems"],
        &["text:postmortem", "text:blameless"],
    ),
    (
        "observ",
        &["text:Offer the observability stack"],
        &[
            "text:observability",
            "tool:prometheus",
            "tool:grafana",
            "tool:loki",
            "tool:opentelemetry",
            "tool:jaeger",
            "tool:elasticsearch",
            "tool:opensearch",
            "tool:splunk",
            "tool:datadog",
            "tool:new-relic",
            "tool:pagerduty",
            "tool:opsgenie",
            "tool:nagios",
            "tool:zabbix",
            "tool:cilium",
        ],
    ),
    (
        "backst",
        &["tool:backstage"],
        &["tool:backstage", "tag:backstage", "text:backstage"],
    ),
    (
        "integration pat",
        &["text:Apply proven integration patterns"],
        &["text:integration patterns", "tool:apache-camel"],
    ),
    (
        "on-ca",
        &[
            "text:Take part in an on-call rotation",
            "text:What is the on-call schedule",
        ],
        &[
            "text:on-call",
            "text:on call",
            "tool:pagerduty",
            "tool:opsgenie",
            "tag:pagerduty",
            "tag:opsgenie",
            "text:paged",
        ],
    ),
    (
        "disaster rec",
        &["text:How do you prepare for disaster recovery"],
        &["text:disaster recovery"],
    ),
];

/// Does judgement `j` name entry `i`?
fn names(cat: &Catalog, j: &str, i: usize) -> bool {
    let c = cat.corpus();
    let target = c.entries()[i].target;
    let (how, what) = j.split_once(':').expect("judgement is how:what");
    match (how, target) {
        ("tool", search::Target::Tool { tool }) => cat.tools[tool].id == what,
        ("tag", search::Target::Duty { role, index }) => cat.roles[role].duties[index]
            .tools
            .iter()
            .any(|t| t == what),
        ("text", _) => c.text(i).to_lowercase().contains(&what.to_lowercase()),
        ("tool" | "tag", _) => false,
        _ => panic!("unknown judgement {j:?}"),
    }
}

fn relevant(cat: &Catalog, judged: &[&str], hit: &Hit) -> bool {
    hit.all_entries()
        .any(|i| judged.iter().any(|j| names(cat, j, i)))
}

/// How many entries the judgements name (a query's best possible P@5
/// counts only what exists).
fn relevant_count(cat: &Catalog, judged: &[&str]) -> usize {
    (0..cat.corpus().len())
        .filter(|&i| judged.iter().any(|j| names(cat, j, i)))
        .count()
}

#[derive(Debug, Default)]
struct Scores {
    p5: f64,
    mrr: f64,
    best_first: f64,
    junk10: f64,
    judged: usize,
    misses: Vec<String>,
}

/// P@5 (relevant hits in the top 5 over the most there could be), MRR,
/// best item first and junk (hits judged not relevant) in the top 10.
/// A query with nothing relevant adds only its junk: any real hit.
fn measure(cat: &Catalog, top: impl Fn(&str) -> search::Results) -> Scores {
    let mut s = Scores::default();
    for &(q, best, rel) in JUDGED {
        let r = top(q);
        // Loose hits are shown apart; they count as junk, never as found.
        let hits = if r.loose { Vec::new() } else { r.hits.clone() };
        s.junk10 += r.hits.iter().take(10).filter(|h| h.loose).count() as f64;
        let junk = hits
            .iter()
            .take(10)
            .filter(|h| !relevant(cat, rel, h))
            .count();
        s.junk10 += junk as f64;
        if rel.is_empty() {
            if !hits.is_empty() {
                s.misses
                    .push(format!("{q:?}: {} hits for nothing relevant", hits.len()));
            }
            continue;
        }
        s.judged += 1;
        let possible = relevant_count(cat, rel).min(5);
        let good5 = hits
            .iter()
            .take(5)
            .filter(|h| relevant(cat, rel, h))
            .count();
        s.p5 += good5 as f64 / possible.max(1) as f64;
        if let Some(r) = hits.iter().position(|h| relevant(cat, rel, h)) {
            s.mrr += 1.0 / (r + 1) as f64;
        }
        let first_ok = hits.first().is_some_and(|h| relevant(cat, best, h));
        if first_ok {
            s.best_first += 1.0;
        }
        if !first_ok || good5 < possible || junk > 0 {
            let shown: Vec<String> = hits
                .iter()
                .take(10)
                .map(|h| {
                    let mark = if relevant(cat, rel, h) { "+" } else { "-" };
                    let t: String = cat.corpus().text(h.entry).chars().take(50).collect();
                    format!("{mark}{t}")
                })
                .collect();
            s.misses.push(format!(
                "{q:?}: P@5 {good5}/{possible}, first ok {first_ok}, junk {junk}: {shown:?}"
            ));
        }
    }
    let n = s.judged.max(1) as f64;
    s.p5 /= n;
    s.mrr /= n;
    s.best_first /= n;
    s.junk10 /= JUDGED.len() as f64;
    s
}

#[test]
fn the_judged_set_covers_the_four_kinds_and_names_real_entries() {
    assert!(JUDGED.len() >= 40, "{} queries", JUDGED.len());
    // A judgement naming nothing would make a query unpassable (or
    // trivially passable) for the wrong reason.
    let cat = Catalog::builtin();
    for &(q, best, rel) in JUDGED {
        for j in best.iter().chain(rel) {
            assert!(
                relevant_count(&cat, &[j]) > 0,
                "{q:?}: {j:?} names no entry"
            );
        }
        assert!(
            best.iter().all(|b| rel.contains(b)
                || rel
                    .iter()
                    .any(|r| relevant_count(&cat, &[b]) <= relevant_count(&cat, &[r]))),
            "{q:?}"
        );
    }
}

#[test]
fn judged_queries_meet_the_quality_thresholds() {
    let cat = Catalog::builtin();
    let s = measure(&cat, |q| {
        search::results(cat.corpus(), q, Filter::default(), 10)
    });
    eprintln!(
        "judged queries: {}; P@5 {:.3}, MRR {:.3}, best first {:.3}, junk in top 10 {:.2}\n{}",
        JUDGED.len(),
        s.p5,
        s.mrr,
        s.best_first,
        s.junk10,
        s.misses.join("\n")
    );
    assert!(s.p5 >= 0.92, "P@5 {:.3} < 0.92", s.p5);
    assert!(s.junk10 <= 0.5, "junk {:.2} > 0.5", s.junk10);
    assert!(
        s.best_first >= 0.95,
        "best first {:.3} < 0.95",
        s.best_first
    );
}

/// The same measures for `fzf --filter` over the same texts, one per line
/// (for README's comparison). Needs fzf on PATH: `cargo test --test
/// search_quality fzf -- --ignored --nocapture`.
#[test]
#[ignore = "needs fzf; prints figures for README"]
fn fzf_on_the_same_queries_and_lines() {
    use std::io::Write as _;
    let cat = Catalog::builtin();
    let c = cat.corpus();
    let lines: Vec<&str> = (0..c.len()).map(|i| c.text(i)).collect();
    let s = measure(&cat, |q| {
        let mut child = std::process::Command::new("fzf")
            .args(["--filter", q])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("fzf on PATH");
        let mut input = child.stdin.take().expect("stdin");
        input.write_all(lines.join("\n").as_bytes()).expect("write");
        drop(input);
        let out = child.wait_with_output().expect("fzf runs");
        let hits = String::from_utf8_lossy(&out.stdout)
            .lines()
            .take(10)
            .filter_map(|l| lines.iter().position(|t| *t == l))
            .map(|entry| Hit {
                entry,
                score: 0.0,
                loose: false,
                via: None,
                same: Vec::new(),
                indices: Vec::new(),
            })
            .collect();
        search::Results { hits, loose: false }
    });
    eprintln!(
        "fzf: P@5 {:.3}, MRR {:.3}, best first {:.3}, junk in top 10 {:.2}",
        s.p5, s.mrr, s.best_first, s.junk10
    );
}

// ------------------------------------------------------- behaviour

#[test]
fn a_tool_hit_lists_the_roles_using_it_and_a_role_filter_keeps_its_tools() {
    let cat = Catalog::builtin();
    let c = cat.corpus();
    let hits = search::search(c, "terraform", Filter::default(), 5);
    let roles: Vec<&str> = c
        .roles_of(hits[0].entry)
        .iter()
        .map(|&r| cat.roles[r].id.as_str())
        .collect();
    assert_eq!(describe(&cat, &hits[0]).2, "Terraform");
    assert!(
        roles.contains(&"infrastructure") && roles.contains(&"sre"),
        "{roles:?}"
    );
    let infra = cat.role_index("infrastructure");
    let hits = search::search(
        c,
        "terraform",
        Filter {
            kind: None,
            role: infra,
        },
        5,
    );
    assert_eq!(
        describe(&cat, &hits[0]).2,
        "Terraform",
        "--role keeps the role's tools"
    );
    let systems = cat.role_index("systems");
    let hits = search::search(
        c,
        "terraform",
        Filter {
            kind: Some(Kind::Tool),
            role: systems,
        },
        5,
    );
    assert!(hits.is_empty(), "Systems' duties name no Terraform");
}

#[test]
fn a_duty_found_through_its_tag_says_which_tool() {
    let cat = Catalog::builtin();
    let c = cat.corpus();
    let hits = search::search(c, "k8s", Filter::default(), 50);
    let tagged = hits
        .iter()
        .find(|h| {
            describe(&cat, h)
                .2
                .starts_with("Make releases safe with progressive rollouts")
        })
        .expect("a duty tagged with Kubernetes");
    assert_eq!(
        tagged.via.map(|t| cat.tools[t].id.as_str()),
        Some("kubernetes")
    );
}

/// A duty naming the tool in its own text was not found through the tag.
#[test]
fn a_duty_naming_the_tool_is_not_reported_via_its_tag() {
    let cat = Catalog::builtin();
    let hits = search::search(cat.corpus(), "k8s", Filter::default(), 50);
    let named = hits
        .iter()
        .find(|h| describe(&cat, h).2.starts_with("Get deep into Kubernetes"))
        .expect("a duty naming Kubernetes");
    assert_eq!(named.via, None);
}

#[test]
fn a_typo_brings_the_tagged_duties_too() {
    let cat = Catalog::builtin();
    let right = search::search(cat.corpus(), "terraform", Filter::default(), 50);
    let typo = search::search(cat.corpus(), "terrafrom", Filter::default(), 50);
    let entries = |h: &[Hit]| {
        let mut v: Vec<usize> = h.iter().map(|h| h.entry).collect();
        v.sort_unstable();
        v
    };
    assert_eq!(entries(&right), entries(&typo));
}

#[test]
fn identical_texts_are_one_hit() {
    let cat = Catalog::builtin();
    // DevOps and Platform ask the same question word for word.
    let hits = search::search(
        cat.corpus(),
        "tooling for developers",
        Filter::default(),
        20,
    );
    let h = hits
        .iter()
        .find(|h| {
            describe(&cat, h)
                .2
                .starts_with("Will you build tooling for developers")
        })
        .expect("the shared question");
    assert_eq!(h.same.len(), 1);
    let n = hits
        .iter()
        .filter(|h| {
            describe(&cat, h)
                .2
                .starts_with("Will you build tooling for developers")
        })
        .count();
    assert_eq!(n, 1);
}

#[test]
fn nothing_relevant_is_no_real_hit_and_scattered_letters_come_back_loose() {
    let cat = Catalog::builtin();
    let r = search::results(cat.corpus(), "zzqxj", Filter::default(), 20);
    assert!(r.hits.is_empty());
    assert!(search::search(cat.corpus(), "   ", Filter::default(), 20).is_empty());
    // "dply" is no word, but its letters fill "deploy" tightly (in a
    // tool's description too: GitHub Actions' "build, test and deploy").
    let r = search::results(cat.corpus(), "dply", Filter::default(), 20);
    assert!(r.loose && !r.hits.is_empty() && r.hits.iter().all(|h| h.loose));
    assert!(r.hits.iter().all(|h| {
        let desc = match cat.corpus().entries()[h.entry].target {
            search::Target::Tool { tool } => cat.tools[tool].description.as_str(),
            _ => "",
        };
        format!("{} {desc}", describe(&cat, h).2)
            .to_lowercase()
            .contains("deploy")
    }));
    // A real match is never loose.
    let r = search::results(cat.corpus(), "deploy", Filter::default(), 20);
    assert!(!r.loose && r.hits.iter().all(|h| !h.loose));
}

#[test]
fn kind_and_role_filters_restrict_hits() {
    let cat = Catalog::builtin();
    let sre = cat.role_index("sre").unwrap();
    let hits = search::search(
        cat.corpus(),
        "on call",
        Filter {
            kind: Some(Kind::Duty),
            role: Some(sre),
        },
        20,
    );
    assert!(!hits.is_empty());
    for h in &hits {
        let (kind, role, _) = describe(&cat, h);
        assert_eq!(kind, Kind::Duty);
        assert_eq!(role.as_deref(), Some("sre"));
    }
    assert!(describe(&cat, &hits[0]).2.contains("on-call rotation"));
}

#[test]
fn limit_caps_the_hits_and_keeps_the_best_first() {
    let cat = Catalog::builtin();
    let all = search::search(cat.corpus(), "pipeline", Filter::default(), usize::MAX);
    let three = search::search(cat.corpus(), "pipeline", Filter::default(), 3);
    assert!(all.len() > 3);
    assert_eq!(three, all[..3].to_vec());
}

// ------------------------------------------------------- synthetic catalogs

const SOURCES: &str = r#"
[[sources]]
id = "s"
title = "Test source"
kind = "web"
"#;

/// A catalog with one role whose duties have exactly these texts (in this
/// content order), plus the given extra TOML (tools).
fn catalog_with(duties: &[&str], extra: &str) -> Catalog {
    let dir = tempfile::tempdir().unwrap();
    write_content(dir.path(), duties, extra);
    let loaded = load(vec![Layer::from_path(dir.path())]);
    assert!(
        loaded.diagnostics.is_empty(),
        "synthetic content must be valid: {:?}",
        loaded.diagnostics
    );
    Catalog::new(loaded)
}

fn write_content(dir: &Path, duties: &[&str], extra: &str) {
    let mut role = String::from(
        r#"id = "r"
title = "Test Engineer"
summary = "A role for tests."
sources = ["s"]

[profile]
focus = "f"
serves = "s"
audience = "a"
distance_from_app_code = "close"
typical_org = "o"
typical_day = "d"
ownership = "o"
measured_by = "m"
"#,
    );
    for d in duties {
        let text = d.replace('\\', "\\\\").replace('"', "\\\"");
        role.push_str(&format!(
            "\n[[duties]]\narea = \"A\"\ntext = \"{text}\"\nsource = \"s\"\n"
        ));
    }
    fs::write(dir.join("role.toml"), role).unwrap();
    fs::write(dir.join("extra.toml"), format!("{SOURCES}\n{extra}")).unwrap();
}

/// Texts of all hits for `query`, best first.
fn ranked(cat: &Catalog, query: &str) -> Vec<String> {
    search::search(cat.corpus(), query, Filter::default(), usize::MAX)
        .iter()
        .map(|h| describe(cat, h).2)
        .collect()
}

#[test]
fn whole_words_match_letters_inside_other_words_do_not() {
    let cat = catalog_with(
        &[
            "Keep the platform running",
            "Write tf modules",
            "Configure logging",
        ],
        "",
    );
    assert_eq!(ranked(&cat, "tf"), ["Write tf modules"]);
    // "cl" starts no word here (as a word being typed it would): nothing.
    assert_eq!(ranked(&cat, "cl "), Vec::<String>::new());
}

#[test]
fn inflections_and_hyphenated_words_are_the_same_word() {
    let cat = catalog_with(
        &[
            "Design golden paths",
            "Join the on-call rota",
            "Hold a post-mortem",
        ],
        "",
    );
    assert_eq!(ranked(&cat, "golden path"), ["Design golden paths"]);
    assert_eq!(ranked(&cat, "oncall"), ["Join the on-call rota"]);
    assert_eq!(ranked(&cat, "on call"), ["Join the on-call rota"]);
    assert_eq!(ranked(&cat, "postmortem"), ["Hold a post-mortem"]);
}

#[test]
fn words_side_by_side_rank_above_words_apart() {
    // The apart text is shorter and first in content order.
    let cat = catalog_with(
        &[
            "Error logs and budget",
            "Set the error budget for each service",
        ],
        "",
    );
    assert_eq!(
        ranked(&cat, "error budget"),
        [
            "Set the error budget for each service",
            "Error logs and budget"
        ]
    );
}

#[test]
fn equal_scores_go_by_kind_not_by_length() {
    let cat = catalog_with(
        &["Rotate the keys of every cluster weekly", "Rotate keys"],
        "",
    );
    // Same words, same kind: the length weighting (BM25) puts the shorter
    // first; content order breaks exact ties.
    assert_eq!(ranked(&cat, "rotate")[0], "Rotate keys");
}

const TOOLS: &str = r#"
[[tools]]
id = "terraform"
name = "Terraform"
aliases = ["tf"]
category = "IaC"
description = "x"

[[tools]]
id = "teamcity"
name = "TeamCity"
aliases = ["tc"]
category = "CI"
description = "x"
"#;

#[test]
fn search_finds_a_tool_through_a_typo_of_its_name() {
    let cat = catalog_with(&["Write the deploy scripts"], TOOLS);
    assert_eq!(ranked(&cat, "terrafrom"), ["Terraform"]);
}

#[test]
fn search_does_not_treat_short_terms_as_typos() {
    // "tf" is one edit from TeamCity's alias "tc"; it must find only Terraform.
    let cat = catalog_with(&["Nothing relevant"], TOOLS);
    assert_eq!(ranked(&cat, "tf"), ["Terraform"]);
}

#[test]
fn highlights_are_whole_matched_words_in_chars() {
    let cat = catalog_with(&["Déployer le cluster über Nacht"], "");
    let hits = search::search(cat.corpus(), "uber nacht", Filter::default(), 5);
    let text = describe(&cat, &hits[0]).2;
    let chars: Vec<char> = text.chars().collect();
    let marked: String = hits[0].indices.iter().map(|&i| chars[i]).collect();
    assert_eq!(marked, "überNacht");
}

// ------------------------------------------------- incremental narrowing

/// Runs `queries` through one `Searcher` (as typing does) and checks every
/// step against a fresh one-shot search.
fn assert_incremental_matches_fresh(cat: &Catalog, queries: &[&str], filter: Filter) {
    let mut searcher = Searcher::default();
    for limit in [usize::MAX, 5] {
        for q in queries {
            let incremental = searcher.search(cat.corpus(), q, filter, limit);
            let fresh = search::search(cat.corpus(), q, filter, limit);
            assert_eq!(incremental, fresh, "query {q:?} (limit {limit})");
        }
    }
}

fn typed(word: &str) -> Vec<String> {
    (1..=word.chars().count())
        .map(|n| word.chars().take(n).collect())
        .collect()
}

#[test]
fn searcher_narrowing_matches_fresh_search_while_typing() {
    let cat = Catalog::builtin();
    for word in [
        "terraform",
        "terrafrom",
        "ci pipe",
        "golden path",
        "kubernets",
    ] {
        let seq = typed(word);
        let refs: Vec<&str> = seq.iter().map(String::as_str).collect();
        assert_incremental_matches_fresh(&cat, &refs, Filter::default());
    }
}

#[test]
fn searcher_matches_fresh_search_after_backspace_and_edits() {
    let cat = Catalog::builtin();
    let mut seq = typed("terraform");
    seq.extend(typed("terraform").into_iter().rev().skip(1));
    let refs: Vec<&str> = seq.iter().map(String::as_str).collect();
    assert_incremental_matches_fresh(&cat, &refs, Filter::default());
    // Editing an earlier term, adding and removing whole terms.
    let edits = [
        "ci pipe",
        "ci pip",
        "ci pi",
        "ci p",
        "ci ",
        "ci",
        "c",
        "cd",
        "cd p",
        "cd pipe",
        "ci pipe",
        "pipe ci",
        "pipe",
        "pipe ci x",
        "pipe ci",
    ];
    assert_incremental_matches_fresh(&cat, &edits, Filter::default());
}

#[test]
fn searcher_matches_fresh_search_when_the_filter_changes() {
    let cat = Catalog::builtin();
    let sre = cat.role_index("sre");
    let mut searcher = Searcher::default();
    for (q, filter) in [
        ("on", Filter::default()),
        (
            "on c",
            Filter {
                kind: Some(Kind::Duty),
                role: None,
            },
        ),
        (
            "on ca",
            Filter {
                kind: Some(Kind::Duty),
                role: sre,
            },
        ),
        ("on cal", Filter::default()),
        ("on call", Filter::default()),
    ] {
        assert_eq!(
            searcher.search(cat.corpus(), q, filter, usize::MAX),
            search::search(cat.corpus(), q, filter, usize::MAX),
            "{q:?} {filter:?}"
        );
    }
}

mod typing {
    use proptest::prelude::*;

    use super::*;

    /// One keystroke: a character from a small alphabet (so queries keep
    /// matching something), or backspace.
    fn key() -> impl Strategy<Value = Option<char>> {
        prop_oneof![
            4 => proptest::sample::select(" aceiklnoprstu".chars().collect::<Vec<_>>()).prop_map(Some),
            1 => Just(None),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_typing_sequence_matches_fresh_search(keys in proptest::collection::vec(key(), 1..16)) {
            let cat = Catalog::builtin();
            let mut searcher = Searcher::default();
            let mut query = String::new();
            for k in keys {
                match k {
                    Some(c) => query.push(c),
                    None => { query.pop(); }
                }
                let incremental = searcher.search(cat.corpus(), &query, Filter::default(), usize::MAX);
                let fresh = search::search(cat.corpus(), &query, Filter::default(), usize::MAX);
                prop_assert_eq!(incremental, fresh, "query {:?}", query);
            }
        }
    }
}
