//! Facts in the shipped content that were once wrong, pinned so they stay
//! corrected, and the catalogue rules a reader relies on: every tool is used
//! by some role's duty, concepts are marked as concepts, aliases are
//! unambiguous, and no claim credits the article with what it never says.

use std::collections::{BTreeSet, HashMap};

use roledex::Catalog;
use roledex::content::{Layer, Role, ToolKind, load};

fn cat() -> Catalog {
    Catalog::builtin()
}

fn role<'a>(cat: &'a Catalog, id: &str) -> &'a Role {
    cat.roles
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no role `{id}`"))
}

/// Every piece of text in the content with the source it cites.
fn cited_texts(cat: &Catalog) -> Vec<(String, &str, String)> {
    let mut out = Vec::new();
    for r in &cat.roles {
        for o in &r.origins {
            out.push((
                format!("{} origin", r.id),
                o.source.as_str(),
                o.text.clone(),
            ));
        }
        for d in &r.duties {
            out.push((format!("{} duty", r.id), d.source.as_str(), d.text.clone()));
        }
        for q in &r.interview_questions {
            let text = format!("{} {}", q.question, q.why);
            out.push((format!("{} question", r.id), q.source.as_str(), text));
        }
    }
    for s in &cat.guide.sections {
        out.push((
            format!("section {}", s.id),
            s.source.as_str(),
            s.body.clone(),
        ));
    }
    for q in &cat.guide.telling_questions {
        let mut text = q.question.clone();
        for a in &q.answers {
            text.push_str(&format!(" {} {}", a.answer, a.meaning));
        }
        out.push(("telling question".into(), q.source.as_str(), text));
    }
    out
}

#[test]
fn shipped_content_is_clean() {
    let loaded = load(vec![Layer::builtin()]);
    let problems: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn nothing_cited_to_the_article_names_a_cloud_provider() {
    let cat = cat();
    const PROVIDERS: [&str; 6] = ["AWS", "Amazon", "Azure", "GCP", "Google Cloud", "Microsoft"];
    for (what, source, text) in cited_texts(&cat) {
        if source != "article" {
            continue;
        }
        for p in PROVIDERS {
            assert!(
                !text.contains(p),
                "{what} cites the article but names {p}: {text}"
            );
        }
    }
    for t in &cat.tools {
        if t.category == "Cloud platforms" || ["aws", "azure", "gcp"].contains(&t.id.as_str()) {
            assert_ne!(
                t.source.as_deref(),
                Some("article"),
                "{} cites the article, which names no cloud provider",
                t.id
            );
        }
    }
}

#[test]
fn cloud_providers_are_used_alike() {
    let cat = cat();
    let roles_of = |id: &str| -> BTreeSet<String> {
        let i = cat
            .tool_index(id)
            .unwrap_or_else(|| panic!("no tool `{id}`"));
        cat.roles_using(i)
            .into_iter()
            .map(|(r, _)| cat.roles[r].id.clone())
            .collect()
    };
    let aws = roles_of("aws");
    assert!(!aws.is_empty());
    assert_eq!(roles_of("azure"), aws);
    assert_eq!(roles_of("gcp"), aws);
}

#[test]
fn the_agile_2006_paper_is_humble_read_and_north() {
    let cat = cat();
    let devops = role(&cat, "devops");
    let o2006 = devops
        .origins
        .iter()
        .find(|o| o.year == Some(2006))
        .expect("a 2006 origin");
    for name in ["Humble", "Read", "North", "Deployment Production Line"] {
        assert!(o2006.text.contains(name), "{}", o2006.text);
    }
    assert!(!o2006.text.contains("Farley"), "{}", o2006.text);
    let paper = cat.source(&o2006.source).expect("its source");
    assert_eq!(paper.year, Some(2006));
    assert_eq!(
        paper.author.as_deref(),
        Some("Jez Humble, Chris Read, Dan North")
    );
    // Humble and Farley's book is a separate, later event.
    let book = devops
        .origins
        .iter()
        .find(|o| o.text.contains("Farley"))
        .expect("the Continuous Delivery book");
    assert_eq!(book.year, Some(2010));
}

#[test]
fn corrected_dates_and_figures() {
    let cat = cat();
    let texts = cited_texts(&cat);
    let all = |needle: &str| -> Vec<&(String, &str, String)> {
        texts
            .iter()
            .filter(|(_, _, t)| t.contains(needle))
            .collect()
    };
    // OpenTofu left the Linux Foundation for the CNCF.
    assert!(all("hosted by the Linux Foundation").is_empty());
    assert!(!all("OpenTofu moved to the CNCF").is_empty());
    // Each headcount comes with the source that gives it: the SRE book says
    // over 1,000, a July 2016 Google Cloud blog post roughly 2,000.
    let two = all("2,000");
    assert!(!two.is_empty());
    assert!(
        two.iter().all(|(_, s, _)| *s == "google-cloud-blog-2016"),
        "{two:?}"
    );
    let thousand = all("over 1,000");
    assert!(
        thousand.iter().any(|(_, s, _)| *s == "sre-book"),
        "{thousand:?}"
    );
    // Golden paths came from Spotify, not the CNCF.
    assert!(all("CNCF community's term").is_empty());
    assert!(texts.iter().any(|(_, s, _)| *s == "spotify-golden-paths"));
    // Terraform 1.0 cites the 1.0 announcement, not the 2014 one.
    let tf1 = all("Terraform 1.0");
    assert!(!tf1.is_empty());
    assert!(tf1.iter().all(|(_, s, _)| *s == "terraform-1-0"), "{tf1:?}");
    // DORA's renamed metric and its fifth one.
    let measured = &role(&cat, "devops").profile.measured_by;
    assert!(
        measured.contains("failed deployment recovery time"),
        "{measured}"
    );
    assert!(measured.contains("rework rate"), "{measured}");
    // An unsourced superlative.
    assert!(all("one of the most common").is_empty());
}

#[test]
fn duties_cite_sources_that_describe_duties() {
    // A list of questions to ask an employer is not a source for what a role does.
    let cat = cat();
    for r in &cat.roles {
        for d in &r.duties {
            assert_ne!(d.source, "reverse-interview", "{}: {}", r.id, d.text);
            assert_ne!(d.source, "penelope-oncall", "{}: {}", r.id, d.text);
        }
    }
}

#[test]
fn the_authors_hedges_stay_attributed() {
    // Where the article says "I think", "from what I've seen" or "in my
    // experience", the content says whose view it is.
    let cat = cat();
    for id in ["platform", "infrastructure"] {
        for o in role(&cat, id)
            .origins
            .iter()
            .filter(|o| o.source == "article")
        {
            assert!(
                o.text.contains("author") || o.text.contains("article"),
                "{id} origin reads as fact: {}",
                o.text
            );
        }
    }
    assert!(role(&cat, "platform").summary.contains("author"));
}

#[test]
fn every_tool_is_used_by_a_duty() {
    let cat = cat();
    let unused: Vec<&str> = (0..cat.tools.len())
        .filter(|&i| cat.roles_using(i).is_empty())
        .map(|i| cat.tools[i].id.as_str())
        .collect();
    assert!(unused.is_empty(), "tools no duty uses: {unused:?}");
}

#[test]
fn tools_ads_name_are_in_the_catalogue() {
    let cat = cat();
    for id in [
        "datadog",
        "new-relic",
        "splunk",
        "elasticsearch",
        "opensearch",
        "loki",
        "jaeger",
        "opsgenie",
        "azure-devops",
        "bitbucket-pipelines",
        "tekton",
        "argo-rollouts",
        "packer",
        "terragrunt",
        "aws-cdk",
        "bicep",
        "atlantis",
        "salt",
        "envoy",
        "linkerd",
        "nginx",
        "cloudflare",
        "snyk",
        "sonarqube",
        "checkov",
        "falco",
        "sops",
        "harbor",
        "artifactory",
        "git",
        "port",
        "humanitec",
        "k6",
        "zabbix",
        "veeam",
        "hyper-v",
        "kvm",
        "apache-camel",
        "boomi",
        "amazon-sqs",
        "amazon-eventbridge",
        "eks",
        "ecs",
        "lambda",
        "gke",
        "aks",
    ] {
        let t = cat.tool(id).unwrap_or_else(|| panic!("no tool `{id}`"));
        assert!(t.url.is_some(), "{id} has no official URL");
        assert!(!t.description.trim().is_empty(), "{id}");
    }
}

#[test]
fn concepts_have_their_own_kind() {
    let cat = cat();
    for id in [
        "vpc",
        "firewall-rules",
        "load-balancer",
        "dns",
        "cloud-iam",
        "api-gateway",
    ] {
        let t = cat.tool(id).unwrap_or_else(|| panic!("no tool `{id}`"));
        assert_eq!(t.kind, ToolKind::Concept, "{id}");
    }
    for id in ["terraform", "aws", "kubernetes", "backstage"] {
        assert_eq!(cat.tool(id).unwrap().kind, ToolKind::Tool, "{id}");
    }
    assert_ne!(
        cat.tool("vmware-vsphere").unwrap().category,
        "Cloud platforms"
    );
}

#[test]
fn aliases_are_unambiguous() {
    let cat = cat();
    let mut owner: HashMap<String, &str> = HashMap::new();
    for t in &cat.tools {
        owner.insert(t.id.clone(), &t.id);
    }
    for t in &cat.tools {
        for a in &t.aliases {
            assert_eq!(
                a,
                &a.to_lowercase(),
                "{}: alias `{a}` is not lowercase",
                t.id
            );
            if let Some(other) = owner.get(a)
                && *other != t.id
            {
                panic!("alias `{a}` of {} also names {other}", t.id);
            }
            owner.insert(a.clone(), &t.id);
        }
    }
    // Words that name more than one tool, or none in particular.
    for word in [
        "cf",
        "tc",
        "hcl",
        "argo",
        "gitops",
        "actions",
        "containers",
        "pager",
        "secrets",
        "esb",
        "tempo",
        "unix",
        "lets encrypt",
        "service mesh",
        "tracing",
    ] {
        assert!(
            !owner.contains_key(word) || cat.tool(word).is_some_and(|t| t.id == word),
            "`{word}` is an alias of {}",
            owner[word]
        );
    }
    let has = |tool: &str, alias: &str| cat.tool(tool).unwrap().aliases.iter().any(|a| a == alias);
    assert!(!has("grafana", "loki"));
    assert!(!has("istio", "envoy"));
    assert!(!has("linux", "kvm"));
    assert!(!has("azure", "entra"));
}

#[test]
fn telling_answers_that_fit_any_role_are_gone() {
    let cat = cat();
    let answers: Vec<&str> = cat
        .guide
        .telling_questions
        .iter()
        .flat_map(|q| &q.answers)
        .map(|a| a.answer.as_str())
        .collect();
    for gone in [
        "No: work arrives as tickets from other teams",
        "No: everything is in the public cloud",
        "A central cloud team; we consume what they provide",
        "No: we release whenever the pipeline is green",
    ] {
        assert!(!answers.contains(&gone), "{gone}");
    }
}

#[test]
fn sources_point_at_the_page_not_the_home_page() {
    let cat = cat();
    let buytaert = cat.source("buytaert-2009").unwrap();
    assert_ne!(
        buytaert.url.as_deref(),
        Some("https://krisbuytaert.be/blog/")
    );
    let dora = cat.source("dora").unwrap();
    assert_ne!(dora.url.as_deref(), Some("https://dora.dev/"));
}
