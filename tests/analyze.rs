//! The job-ad reader: measured on the real labelled postings (cross-validated,
//! never on ads written for it), and its behaviour on ads written for the
//! tests (which never count towards an accuracy figure).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use roledex::Catalog;
use roledex::analyze::features::Tables;
use roledex::analyze::{Analyzer, Confidence, MAX_ANALYSED_BYTES, train};
use roledex::content::{Layer, SourceFile, load};
use serde_json::Value;

fn real_ads() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-ads")
}

fn fixture_ads() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ads")
}

fn id(cat: &Catalog, role: Option<usize>) -> String {
    role.map_or_else(|| "none".to_string(), |r| cat.roles[r].id.clone())
}

/// The shipped content as the training example reads it (from content/).
fn content_on_disk() -> Catalog {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    Catalog::new(load(vec![Layer::from_path(&dir)]))
}

// ------------------------------------------------------------ real postings

#[test]
fn the_development_set_is_complete_and_keeps_its_provenance() {
    let ads = train::read_dev_set(&real_ads()).expect("LABELS.tsv and every file it names");
    assert_eq!(ads.len(), 118);
    for (label, text) in &ads {
        let mut lines = text.lines();
        assert!(
            lines.next().is_some_and(|l| l.starts_with("title: ")),
            "{}",
            label.file
        );
        assert!(
            lines.next().is_some_and(|l| l.starts_with("source: ")),
            "{}",
            label.file
        );
    }
    let none = ads.iter().filter(|(l, _)| l.is_none()).count();
    assert!(none >= 15, "{none} none postings");
}

/// Recomputes the cross-validated figures on held-out folds. The floors are
/// the level this reader reached (README, "How well it reads"); the issue's
/// targets (85% best role and on the three core roles, both 20 points above
/// the title; 80% of misleading titles flagged) are not all met yet, and this
/// test is not where they are claimed.
#[test]
fn cross_validated_reading_beats_the_title_on_real_postings() {
    let cat = content_on_disk();
    let tables = Tables::new(&cat);
    let ads = train::read_dev_set(&real_ads()).expect("dev set");
    let examples = train::examples(&tables, &ads);
    let preds = train::cross_validate(&cat, &examples, train::FOLDS, train::LAMBDA);
    assert_eq!(preds.len(), 118);
    let bars = train::bars(&preds);
    let card = train::evaluate(&preds, &bars);
    let pct = |n: usize, of: usize| 100.0 * n as f64 / of as f64;
    let summary = train::summary(&card);
    assert!(pct(card.right, card.ads) >= 83.5, "{summary}");
    assert!(
        pct(card.right, card.ads) >= pct(card.title_right, card.ads) + 21.0,
        "{summary}"
    );
    assert!(pct(card.core_right, card.core_ads) >= 78.0, "{summary}");
    assert!(
        pct(card.misleading_flagged, card.misleading) >= 62.5,
        "{summary}"
    );
    assert!(pct(card.false_alarms, card.honest) <= 8.0, "{summary}");
    assert!(pct(card.none_right, card.none_ads) >= 85.0, "{summary}");
    assert!(
        card.high > 0 && pct(card.high_right, card.high) >= 91.5,
        "{summary}"
    );
}

#[test]
fn the_shipped_weights_are_what_training_produces() {
    let cat = content_on_disk();
    let tables = Tables::new(&cat);
    let ads = train::read_dev_set(&real_ads()).expect("dev set");
    let examples = train::examples(&tables, &ads);
    let shipped = Catalog::builtin()
        .guide
        .reader_model
        .clone()
        .expect("content/reader/model.toml has a model");
    let trained = train::train(&cat, &tables, &examples, &shipped.trained_on);
    assert_eq!(
        trained.features, shipped.features,
        "features changed: retrain"
    );
    assert_eq!(trained.shared, shipped.shared);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-5;
    for (t, s) in trained.classes.iter().zip(&shipped.classes) {
        assert_eq!(t.class, s.class);
        assert!(
            close(t.bias, s.bias),
            "{}: bias {} vs {}",
            t.class,
            t.bias,
            s.bias
        );
        for (i, (a, b)) in t.weights.iter().zip(&s.weights).enumerate() {
            assert!(
                close(*a, *b),
                "{} {}: {a} vs {b}; run `cargo run --release --example train-analyzer`",
                t.class,
                trained.features[i]
            );
        }
    }
    assert!(close(trained.high_confidence, shipped.high_confidence));
    assert!(close(trained.medium_confidence, shipped.medium_confidence));
    assert!(close(
        trained.mismatch_confidence,
        shipped.mismatch_confidence
    ));
    assert_eq!(trained.mismatch_rule, shipped.mismatch_rule);
}

// ------------------------------------------------------------ behaviour

const PLATFORM_AD: &str = "title: Platform Engineer\n\nAbout us\nWe make accounting software.\n\n\
    What you'll do\n\
    - Build self-service golden paths so engineering teams across the company can ship on their own\n\
    - Run our internal developer platform and its developer portal, treating developers as customers\n\
    - Create software templates and standardised CI/CD for every team\n\
    - Improve developer experience and developer productivity for hundreds of engineers\n\n\
    Requirements\n- Experience with Kubernetes and Backstage\n";

#[test]
fn an_ad_about_serving_many_teams_reads_as_platform_with_its_evidence() {
    let cat = Catalog::builtin();
    let a = Analyzer::new(&cat).analyze(PLATFORM_AD);
    assert_eq!(id(&cat, a.best), "platform", "{:?}", a.scores);
    assert!(a.confidence >= Confidence::Medium);
    let platform = cat.role_index("platform").expect("platform");
    let why: Vec<_> = a.evidence_for(platform, 20).collect();
    assert!(why.iter().any(|e| e.ad_text.contains("golden paths")));
    for e in &why {
        let chars: Vec<char> = e.ad_text.chars().collect();
        for r in &e.ranges {
            assert!(r.end <= chars.len(), "{e:?}");
        }
    }
    assert!(a.audience > 0.3, "serves many teams: {}", a.audience);
    assert!(!a.questions.is_empty());
    // Every role gets a reading, and they add up with "none" to one.
    let total: f64 = a.scores.iter().map(|s| s.probability).sum::<f64>() + a.none_probability;
    assert!((total - 1.0).abs() < 1e-9);
}

#[test]
fn the_title_tips_a_reading_but_does_not_outvote_the_duties() {
    let cat = Catalog::builtin();
    let an = Analyzer::new(&cat);
    let retitled = PLATFORM_AD.replace("title: Platform Engineer", "title: DevOps Engineer");
    let a = an.analyze(&retitled);
    assert_eq!(id(&cat, a.best), "platform");
    assert_eq!(id(&cat, a.title_role), "devops");
    assert!(
        a.title_mismatch,
        "a DevOps title on platform duties is flagged"
    );
}

#[test]
fn a_line_or_two_reads_at_low_confidence_says_so_and_never_warns_about_the_title() {
    let cat = Catalog::builtin();
    let an = Analyzer::new(&cat);
    let short = "title: DevOps Engineer\n\nBuild golden paths and self-service for every engineering team.\n";
    let a = an.analyze(short);
    assert_eq!(a.input.words, 10, "self-service is two words");
    assert!(a.input.too_short());
    assert_eq!(a.confidence, Confidence::Low, "{:?}", a.scores);
    assert!(!a.title_mismatch);
    // The whole ad is read as before.
    let full = an.analyze(PLATFORM_AD);
    assert!(!full.input.too_short(), "{} words", full.input.words);
    let text = analyzed(&[], short);
    assert!(
        text.contains("Only 10 words to read, too few to tell the roles apart"),
        "{text}"
    );
    assert!(text.contains("low confidence"), "{text}");
    let v: Value = serde_json::from_str(&analyzed(&["--format", "json"], short)).expect("json");
    assert_eq!(v["input"]["too_short"], true);
    let text = analyzed(&[], "We need a DevOps engineer for our app\n");
    assert!(text.contains("Nothing to read but the title"), "{text}");
    assert_eq!(v["input"]["words"], 10);
    assert_eq!(v["confidence"], "low");
}

/// `PLATFORM_AD` as a saved web page.
const PLATFORM_PAGE: &str = "<!DOCTYPE html><html><head><title>Jobs</title>\
    <style>body { font: 12px serif }</style></head><body>\
    <h1>Platform Engineer</h1>\
    <h2>About us</h2><p>We make accounting software.</p>\
    <h2>What you&#39;ll do</h2><ul>\
    <li>Build self-service golden paths so engineering teams across the company can ship on their own</li>\
    <li>Run our internal developer platform and its developer portal, treating developers as customers</li>\
    <li>Create software templates and standardised CI/CD for every team</li>\
    <li>Improve developer experience and developer productivity for hundreds of engineers</li></ul>\
    <h2>Requirements</h2><ul><li>Experience with Kubernetes and Backstage</li></ul>\
    <script>track('view');</script></body></html>";

#[test]
fn a_saved_web_page_reads_as_its_text_does() {
    let cat = Catalog::builtin();
    let an = Analyzer::new(&cat);
    let text = an.analyze_bytes(PLATFORM_AD.as_bytes()).expect("text");
    let page = an.analyze_bytes(PLATFORM_PAGE.as_bytes()).expect("page");
    assert!(page.input.html && !text.input.html);
    assert_eq!(page.title.as_deref(), Some("Platform Engineer"));
    assert_eq!(id(&cat, page.best), "platform");
    assert_eq!(page.confidence, text.confidence);
    assert_eq!(
        page.parts, text.parts,
        "the same parts, sentence for sentence"
    );
    let shown = analyzed(&[], PLATFORM_PAGE);
    assert!(shown.contains("read as a web page"), "{shown}");
    assert!(!shown.contains('<'), "no tag reaches the report: {shown}");
}

#[test]
fn no_posting_of_the_development_set_or_fixture_ad_reads_as_a_page() {
    for dir in [real_ads(), fixture_ads()] {
        for f in fs::read_dir(&dir).expect("dir") {
            let p = f.expect("entry").path();
            let text = fs::read_to_string(&p).expect("read");
            assert!(
                !roledex::analyze::input::looks_like_html(&text),
                "{} would be read as HTML",
                p.display()
            );
        }
    }
}

#[test]
fn a_title_naming_no_role_on_platform_duties_is_flagged_by_the_shipped_rule() {
    let cat = Catalog::builtin();
    let rule = cat
        .guide
        .reader_model
        .as_ref()
        .map(|m| m.mismatch_rule.clone())
        .unwrap_or_default();
    let an = Analyzer::new(&cat);
    let retitled = PLATFORM_AD.replace("title: Platform Engineer", "title: Software Engineer");
    let a = an.analyze(&retitled);
    assert_eq!(id(&cat, a.best), "platform");
    assert!(a.title_roles.is_empty());
    // Training chose a rule that flags such titles (see README).
    assert!(rule.ends_with("-or-untitled"), "{rule}");
    assert!(a.title_mismatch);
    let warning = roledex::document::reading::mismatch_warning(&cat, &a).expect("a warning");
    assert!(warning.contains("names none of these roles"), "{warning}");
}

#[test]
fn negated_and_delegated_work_does_not_count_for_a_role() {
    let cat = Catalog::builtin();
    let an = Analyzer::new(&cat);
    let base = "title: DevOps Engineer\n\nResponsibilities\n\
                - Own the CI/CD pipelines and releases of our product\n\
                - Automate testing and deployments for the product team\n";
    // The same sentence with plain words: whatever the hand-over itself
    // says, the network words after it must add nothing.
    let plus =
        format!("{base}- Other teams own the VPCs, subnets, firewalls, DNS and the network\n");
    let plain = format!("{base}- Other teams own the desks, chairs, lamps, mugs and the kettle\n");
    let (a, b) = (an.analyze(&plain), an.analyze(&plus));
    let infra = cat.role_index("infrastructure").expect("infrastructure");
    assert!(
        !b.ruled_out.is_empty(),
        "the hand-over is reported as not counted"
    );
    let (pa, pb) = (a.scores[infra].probability, b.scores[infra].probability);
    assert!((pa - pb).abs() < 1e-9, "infrastructure {pa} vs {pb}");
}

#[test]
fn boilerplate_does_not_swing_the_reading() {
    let cat = Catalog::builtin();
    let an = Analyzer::new(&cat);
    let padded = format!(
        "{PLATFORM_AD}\nBenefits\n- Network with peers at our VPC-themed offsite\n\
         - Linux laptops, servers of coffee, on-prem yoga\n"
    );
    let (a, b) = (an.analyze(PLATFORM_AD), an.analyze(&padded));
    for (x, y) in a.scores.iter().zip(&b.scores) {
        assert!((x.probability - y.probability).abs() < 1e-9);
    }
}

/// The same ad read through catalogs whose user packs were loaded in
/// different orders reads the same for every built-in role.
#[test]
fn the_same_ad_reads_the_same_whatever_order_the_packs_load_in() {
    let pack = |id: &str| {
        let role = format!(
            "id = \"{id}\"\ntitle = \"{id} Engineer\"\nsummary = \"A user role.\"\nsources = [\"article\"]\n\
             [profile]\nfocus = \"f\"\nserves = \"s\"\naudience = \"a\"\ndistance_from_app_code = \"far\"\n\
             typical_org = \"o\"\ntypical_day = \"d\"\nownership = \"w\"\nmeasured_by = \"m\"\n"
        );
        Layer {
            files: vec![SourceFile::new(format!("{id}.toml"), role)],
            ..Layer::default()
        }
    };
    let ab = Catalog::new(load(vec![Layer::builtin(), pack("alpha"), pack("beta")]));
    let ba = Catalog::new(load(vec![Layer::builtin(), pack("beta"), pack("alpha")]));
    assert!(ab.role_index("alpha").is_some() && ba.role_index("beta").is_some());
    let x = Analyzer::new(&ab).analyze(PLATFORM_AD);
    let y = Analyzer::new(&ba).analyze(PLATFORM_AD);
    for role in &Catalog::builtin().roles {
        let (i, j) = (
            ab.role_index(&role.id).expect("in ab"),
            ba.role_index(&role.id).expect("in ba"),
        );
        assert_eq!(
            x.scores[i].probability, y.scores[j].probability,
            "{}",
            role.id
        );
    }
    assert_eq!(id(&ab, x.best), id(&ba, y.best));
}

#[test]
fn a_user_pack_can_change_the_cues() {
    let cat = Catalog::builtin();
    let plain = Analyzer::new(&cat).analyze("Duties\n- Wrangle the zorblax fleet\n");
    let pack = Layer {
        files: vec![SourceFile::new(
            "cues.toml",
            "[[cues]]\nid = \"network\"\nlabel = \"networks\"\nterms = [\"zorblax\"]\nsource = \"article\"\n",
        )],
        ..Layer::default()
    };
    let custom = Catalog::new(load(vec![Layer::builtin(), pack]));
    let read = Analyzer::new(&custom).analyze("Duties\n- Wrangle the zorblax fleet\n");
    assert!(plain.evidence.iter().all(|e| e.matched != "networks"));
    assert!(
        read.evidence.iter().any(|e| e.matched == "networks"),
        "{:?}",
        read.evidence
    );
}

#[test]
fn windows_line_endings_read_like_unix_ones() {
    let cat = Catalog::builtin();
    let an = Analyzer::new(&cat);
    let crlf = PLATFORM_AD.replace('\n', "\r\n");
    let (a, b) = (an.analyze(PLATFORM_AD), an.analyze(&crlf));
    assert_eq!(a.best, b.best);
    assert_eq!(a.title, b.title);
}

#[test]
fn empty_and_binary_input_are_clear_errors_and_bad_bytes_are_replaced() {
    let cat = Catalog::builtin();
    let an = Analyzer::new(&cat);
    assert!(an.analyze_bytes(b"   \n\t").is_err());
    let binary: Vec<u8> = (0..4096u32).map(|i| (i % 7) as u8).collect();
    let err = an.analyze_bytes(&binary).expect_err("binary");
    assert!(err.to_string().contains("binary"), "{err}");
    let a = an
        .analyze_bytes(b"Platform Engineer\n\nBuild golden paths \xff for teams")
        .expect("text");
    assert!(a.input.lossy);
}

#[test]
fn ten_megabytes_are_cut_at_the_cap() {
    let cat = Catalog::builtin();
    let mut big = Vec::new();
    while big.len() < 10 * 1024 * 1024 {
        big.extend_from_slice(PLATFORM_AD.as_bytes());
    }
    let a = Analyzer::new(&cat).analyze_bytes(&big).expect("text");
    assert!(a.input.truncated);
    assert_eq!(a.input.bytes, big.len());
    assert!(a.input.analysed_bytes <= MAX_ANALYSED_BYTES);
}

#[test]
fn the_fixture_ads_all_read_without_panicking() {
    let cat = Catalog::builtin();
    let an = Analyzer::new(&cat);
    let mut n = 0;
    for entry in fs::read_dir(fixture_ads()).expect("fixture ads") {
        let p = entry.expect("entry").path();
        if p.extension().is_some_and(|e| e == "md" || e == "txt") {
            let a = an
                .analyze_bytes(&fs::read(&p).expect("read"))
                .expect("text");
            assert_eq!(a.ranking.len(), cat.roles.len(), "{}", p.display());
            n += 1;
        }
    }
    assert!(n >= 40);
}

// ------------------------------------------------------------ CLI

/// What `roledex analyze ARGS -` prints for `stdin`.
fn analyzed(args: &[&str], stdin: &str) -> String {
    let out = cli()
        .arg("analyze")
        .args(args)
        .arg("-")
        .write_stdin(stdin)
        .output()
        .expect("run");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn cli() -> Command {
    let mut c = Command::cargo_bin("roledex").expect("binary");
    c.args(["--no-user-content", "--color", "never"]);
    c
}

#[test]
fn cli_text_report_shows_the_reading_place_evidence_and_questions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("ad.md");
    fs::write(
        &f,
        PLATFORM_AD.replace("title: Platform Engineer", "title: DevOps Engineer"),
    )
    .expect("write");
    cli()
        .arg("analyze")
        .arg(&f)
        .assert()
        .success()
        .stdout(predicate::str::contains("Reads like:  Platform Engineer"))
        .stdout(predicate::str::contains("Place:"))
        .stdout(predicate::str::contains("READINGS"))
        .stdout(predicate::str::contains("none of these roles"))
        .stdout(predicate::str::contains("WHY PLATFORM ENGINEER"))
        .stdout(predicate::str::contains(
            "Titled DevOps Engineer, but the duties read like Platform Engineer",
        ))
        .stdout(predicate::str::contains("QUESTIONS TO ASK"));
}

#[test]
fn cli_json_has_the_documented_keys() {
    let out = cli()
        .args(["analyze", "--format", "json", "-"])
        .write_stdin(PLATFORM_AD)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    for key in [
        "title",
        "title_roles",
        "best",
        "reads_as",
        "confidence",
        "probability",
        "title_mismatch",
        "audience",
        "layer",
        "none_probability",
        "scores",
        "evidence",
        "ruled_out",
        "parts",
        "questions",
        "input",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["reads_as"], "platform");
    let ev = v["evidence"].as_array().expect("evidence");
    assert!(
        ev.iter()
            .any(|e| e["weight"].as_f64().is_some_and(|w| w < 0.0)),
        "evidence against too"
    );
}

#[test]
fn cli_markdown_report() {
    cli()
        .args(["analyze", "--format", "markdown", "-"])
        .write_stdin(PLATFORM_AD)
        .assert()
        .success()
        .stdout(predicate::str::contains("# Job ad: Platform Engineer"))
        .stdout(predicate::str::contains("| Reading | Probability |"))
        .stdout(predicate::str::contains(
            "## Evidence for Platform Engineer",
        ));
}

#[test]
fn cli_reads_a_folder_with_labels_and_compares_with_the_title() {
    let out = cli()
        .args(["analyze", "--labels"])
        .arg(real_ads().join("LABELS.tsv"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("FILE") && text.contains("READS AS") && text.contains("TITLE AGREES"));
    assert!(text.contains("01-blend360-devops-engineer.txt"), "{text}");
    assert!(
        text.contains("Of ") && text.contains("ads titled devops"),
        "{text}"
    );
    assert!(text.contains("best role right: ") && text.contains("the title alone"));
    assert!(text.contains("labelled ↓ / read →"));
    // The shipped model saw these ads: this is its training fit, not an
    // accuracy figure (README quotes the cross-validated ones).
}

#[test]
fn cli_batch_skips_an_unreadable_file_and_reads_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("a.md"), PLATFORM_AD).expect("write");
    fs::write(
        dir.path().join("b.bin"),
        (0..4096u32).map(|i| (i % 7) as u8).collect::<Vec<_>>(),
    )
    .expect("write");
    let out = cli().arg("analyze").arg(dir.path()).output().expect("runs");
    assert!(out.status.success());
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        stdout.contains("a.md") && stdout.contains("platform"),
        "{stdout}"
    );
    assert!(
        stderr.contains("b.bin") && stderr.contains("skipped"),
        "{stderr}"
    );
    let json = cli()
        .args(["analyze", "--format", "json"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["ads"].as_array().map(Vec::len), Some(1));
}

#[test]
fn cli_analyse_is_an_alias() {
    cli()
        .args(["analyse", "-"])
        .write_stdin(PLATFORM_AD)
        .assert()
        .success()
        .stdout(predicate::str::contains("Reads like:"));
}

#[test]
fn cli_bad_input_exits_1_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "").expect("write");
    cli()
        .arg("analyze")
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty"));
    cli()
        .arg("analyze")
        .arg(dir.path().join("missing.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn cli_without_a_file_on_a_terminal_is_a_usage_error() {
    let mut s = common::Session::start(&["--no-user-content", "analyze"], &[]);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 2);
    let out = s.output();
    assert!(out.contains("no job ad given"), "{out}");
    assert!(out.contains("usage: roledex analyze FILE"), "{out}");
}

#[test]
fn the_batch_table_and_the_warning_read_the_title_by_one_rule() {
    let out = Command::cargo_bin("roledex")
        .unwrap()
        .args(["analyze", "--format", "json"])
        .arg(real_ads())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["ads"].as_array().expect("rows");
    let bar = Catalog::builtin()
        .guide
        .reader_model
        .as_ref()
        .map_or(0.0, |m| m.mismatch_confidence);
    let mut claimed_apart = 0;
    for r in rows {
        let named: Vec<&str> = r["title_roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        let claims = r["title_claims"].as_array().expect("title_claims");
        assert_eq!(named.is_empty(), claims.is_empty(), "{r}");
        if named.is_empty() {
            assert!(r["title_agrees"].is_null(), "{r}");
            continue;
        }
        // The warning is the column's "no", at the model's bar.
        let agrees = r["title_agrees"].as_bool().expect("yes or no");
        let sure = r["probability"].as_f64().unwrap() >= bar - 0.001;
        assert_eq!(
            r["title_mismatch"].as_bool().unwrap(),
            !agrees && sure,
            "{r}"
        );
        if !agrees && named.contains(&r["reads_as"].as_str().unwrap()) {
            claimed_apart += 1;
        }
    }
    // A title that names a role only by a hint ("Cloud") does not agree
    // with a reading as that role, under the shipped "claimed" rule.
    assert!(claimed_apart > 0, "no ad tells the two rules apart");
}
