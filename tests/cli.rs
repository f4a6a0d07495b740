//! CLI golden tests: every subcommand in text (insta snapshots), JSON
//! (structural checks of the keys scripts rely on) and markdown, plus exit
//! codes, colour handling, completions and the man page.
//!
//! Every run gets an empty user content directory and config home, so the
//! developer's own files never leak in, and `NO_COLOR=1`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use common::strip_ansi;

use assert_cmd::Command;
use serde_json::Value;

/// An empty directory used as both `$ROLEDEX_CONTENT_DIR` and
/// `$XDG_CONFIG_HOME` for every run (under cargo's per-target temp dir, so
/// nothing is left behind in the system temp dir).
static EMPTY: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-empty-user-dir");
    std::fs::create_dir_all(&dir).unwrap();
    assert!(
        std::fs::read_dir(&dir).unwrap().next().is_none(),
        "{} must stay empty",
        dir.display()
    );
    dir
});

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn roledex() -> Command {
    let mut cmd = Command::cargo_bin("roledex").unwrap();
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env("ROLEDEX_CONTENT_DIR", EMPTY.as_path())
        .env("XDG_CONFIG_HOME", EMPTY.as_path())
        // Piped output wraps to $COLUMNS: the snapshots are at 100.
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    run_with(roledex(), args)
}

fn run_with(mut cmd: Command, args: &[&str]) -> Run {
    let out = cmd.args(args).output().unwrap();
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs a command that must succeed quietly and returns its stdout.
fn ok(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, 0, "{args:?} failed: {}", r.stderr);
    assert_eq!(r.stderr, "", "{args:?} wrote to stderr");
    r.stdout
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok(&all)).expect("valid JSON")
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is not an array in {v}"))
}

// ------------------------------------------------------------------ roles

#[test]
fn roles_text() {
    insta::assert_snapshot!("roles_text", ok(&["roles"]));
}

#[test]
fn roles_json_lists_every_role_with_id_title_summary() {
    let v = json(&["roles"]);
    let roles = v.as_array().unwrap();
    let ids: Vec<&str> = roles.iter().map(|r| str_of(r, "id")).collect();
    assert_eq!(ids, common::builtin_role_ids());
    for r in roles {
        assert!(!str_of(r, "title").is_empty());
        assert!(str_of(r, "summary").len() > 40);
    }
    assert_eq!(str_of(&roles[0], "title"), "DevOps Engineer");
}

#[test]
fn roles_markdown() {
    insta::assert_snapshot!("roles_markdown", ok(&["roles", "--format", "markdown"]));
}

// ------------------------------------------------------------------- show

#[test]
fn show_text() {
    insta::assert_snapshot!("show_devops_text", ok(&["show", "devops"]));
}

#[test]
fn show_markdown() {
    insta::assert_snapshot!(
        "show_integration_markdown",
        ok(&["show", "integration", "-f", "markdown"])
    );
}

#[test]
fn show_json_has_profile_origins_duties_and_questions() {
    let v = json(&["show", "devops"]);
    assert_eq!(str_of(&v, "id"), "devops");
    assert_eq!(str_of(&v, "title"), "DevOps Engineer");
    let profile = v["profile"].as_object().unwrap();
    let keys: Vec<&str> = profile.keys().map(String::as_str).collect();
    for k in [
        "focus",
        "serves",
        "audience",
        "distance_from_app_code",
        "typical_org",
        "typical_day",
        "ownership",
        "measured_by",
    ] {
        assert!(keys.contains(&k), "profile lacks {k}");
    }
    assert_eq!(profile["distance_from_app_code"], "close");
    let origins = arr(&v, "origins");
    assert!(!origins.is_empty());
    assert!(
        origins
            .iter()
            .all(|o| o["text"].is_string() && o["source"].is_string())
    );
    let duties = arr(&v, "duties");
    assert!(duties.len() >= 8);
    for d in duties {
        assert!(!str_of(d, "area").is_empty() && !str_of(d, "text").is_empty());
        assert!(d["tools"].as_array().unwrap().iter().all(Value::is_string));
    }
    let ci = &duties[0];
    assert_eq!(str_of(ci, "area"), "CI/CD");
    assert!(arr(ci, "tools").contains(&Value::from("github-actions")));
    let questions = arr(&v, "interview_questions");
    assert!(questions.len() >= 5);
    assert!(
        questions
            .iter()
            .all(|q| q["question"].is_string() && q["why"].is_string())
    );
}

#[test]
fn show_finds_a_role_by_title_alias_and_prefix() {
    assert_eq!(json(&["show", "Cloud Engineer"])["id"], "infrastructure");
    assert_eq!(json(&["show", "site reliability engineer"])["id"], "sre");
    // A prefix is a correction: it works, and says what it picked.
    let r = run(&["show", "plat", "--format", "json"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "note: showing Platform Engineer for `plat`\n");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["id"], "platform");
}

#[test]
fn a_word_that_names_no_role_says_which_roles_do_that_work() {
    let r = run(&["show", "on-call"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with("error: no role matches `on-call`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("it is part of the work of: Site Reliability Engineer"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("`roledex search on-call` shows where"));
    let r = run(&["show", "golden path"]);
    assert!(
        r.stderr.contains("`roledex search 'golden path'`"),
        "{}",
        r.stderr
    );
}

#[test]
fn tool_finds_a_tool_by_what_its_aliases_say() {
    let r = run(&["tool", "service mesh"]);
    assert_eq!(r.code, 1, "two tools: the user picks");
    assert!(
        r.stderr.starts_with("error: `service mesh` matches"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("Istio") && r.stderr.contains("Linkerd"));
    let r = run(&["tool", "GitHub-Actions", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["tool"]["id"], "github-actions");
}

#[test]
fn tool_lists_the_tools_of_a_category_named_or_abbreviated() {
    let r = run(&["tool", "iac"]);
    assert_eq!(r.code, 1, "a category: the user picks");
    assert_eq!(r.stdout, "");
    let first = r.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("error: `iac` is the category Infrastructure as Code, of ")
            && first.ends_with(" tools; which one?"),
        "{}",
        r.stderr
    );
    for name in ["Terraform", "OpenTofu", "Pulumi"] {
        assert!(
            r.stderr.contains(&format!("\n  {name}\n")),
            "{name}: {}",
            r.stderr
        );
    }
    // Trivy scans IaC, but is no IaC tool.
    assert!(!r.stderr.contains("Trivy"), "{}", r.stderr);
    let r = run(&["tool", "Networking"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("error: `Networking` is the category Networking")
    );
}

#[test]
fn show_unknown_role_exits_1_with_suggestions() {
    let r = run(&["show", "network"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    insta::assert_snapshot!("show_unknown_stderr", r.stderr);
    let r = run(&["show", "qqqq"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("error: no role matches `qqqq`"));
    assert!(!r.stderr.contains("did you mean"));
}

// ---------------------------------------------------------------- compare

#[test]
fn compare_two_text() {
    insta::assert_snapshot!("compare_two_text", ok(&["compare", "devops", "platform"]));
}

#[test]
fn compare_three_text() {
    insta::assert_snapshot!(
        "compare_three_text",
        ok(&["compare", "devops", "platform", "infrastructure"])
    );
}

#[test]
fn compare_markdown() {
    insta::assert_snapshot!(
        "compare_markdown",
        ok(&["compare", "sre", "systems", "-f", "markdown"])
    );
}

#[test]
fn compare_json_has_roles_profile_shared_unique_similarity() {
    let v = json(&["compare", "devops", "platform"]);
    let roles: Vec<&str> = arr(&v, "roles").iter().map(|r| str_of(r, "id")).collect();
    assert_eq!(roles, ["devops", "platform"]);
    let profile = arr(&v, "profile");
    assert_eq!(profile.len(), 8);
    for row in profile {
        assert!(row["key"].is_string() && row["label"].is_string());
        assert_eq!(arr(row, "values").len(), 2);
    }
    let shared_tools = arr(&v["shared"], "tools");
    assert!(shared_tools.contains(&Value::from("github-actions")));
    assert!(arr(&v["shared"], "areas").contains(&Value::from("CI/CD")));
    // Unique per role, and never also shared.
    let devops_only = arr(&v["unique"]["devops"], "tools");
    assert!(devops_only.contains(&Value::from("teamcity")));
    assert!(arr(&v["unique"]["platform"], "tools").contains(&Value::from("backstage")));
    for t in devops_only {
        assert!(!shared_tools.contains(t));
    }
    let sim = v["similarity"].as_f64().unwrap();
    assert!(sim > 0.0 && sim < 1.0, "{sim}");
    assert_eq!(v["pairwise"][0][1].as_f64().unwrap(), sim);
}

#[test]
fn compare_json_three_roles_lists_partly_shared() {
    let v = json(&["compare", "devops", "platform", "infrastructure"]);
    assert_eq!(arr(&v, "roles").len(), 3);
    let partly = arr(&v, "partly_shared");
    assert!(!partly.is_empty());
    for p in partly {
        assert!(["tool", "area"].contains(&str_of(p, "kind")));
        assert_eq!(arr(p, "roles").len(), 2);
    }
    let pairs = [
        v["pairwise"][0][1].as_f64().unwrap(),
        v["pairwise"][0][2].as_f64().unwrap(),
        v["pairwise"][1][2].as_f64().unwrap(),
    ];
    let mean = pairs.iter().sum::<f64>() / 3.0;
    assert!((v["similarity"].as_f64().unwrap() - mean).abs() < 0.002);
}

#[test]
fn compare_rejects_repeated_or_unknown_roles() {
    let r = run(&["compare", "devops", "DevOps Engineer"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cannot be compared with itself"),
        "{}",
        r.stderr
    );
    let r = run(&["compare", "devops", "nosuchrole"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("error: no role matches `nosuchrole`"));
}

// ----------------------------------------------------------------- search

#[test]
fn search_text() {
    insta::assert_snapshot!(
        "search_ci_pipe_text",
        ok(&["search", "ci", "pipe", "-n", "5"])
    );
}

#[test]
fn search_filtered_text() {
    insta::assert_snapshot!(
        "search_on_call_sre_duties_text",
        ok(&["search", "on call", "--role", "sre", "--kind", "duty"])
    );
}

#[test]
fn search_markdown() {
    insta::assert_snapshot!(
        "search_golden_path_markdown",
        ok(&["search", "golden", "path", "-f", "markdown"])
    );
}

#[test]
fn search_json_hits_are_ranked_with_indices() {
    let v = json(&["search", "ci pipe"]);
    let hits = v.as_array().unwrap();
    assert!(hits.len() >= 3);
    let first = &hits[0];
    assert_eq!(str_of(first, "kind"), "duty");
    assert_eq!(str_of(first, "role"), "devops");
    assert!(str_of(first, "text").starts_with("Build and maintain the CI/CD pipelines"));
    let mut last = f64::MAX;
    for h in hits {
        assert!(["duty", "tool", "question", "origin"].contains(&str_of(h, "kind")));
        // Best first, except that scores within a few percent are a tie
        // broken by kind (duty, tool, question, origin): issue 12's design.
        let score = h["score"].as_f64().unwrap();
        assert!(
            score <= last * 1.05,
            "hits must be best first: {score} after {last}"
        );
        last = score;
        let text: Vec<char> = str_of(h, "text").chars().collect();
        let idx: Vec<usize> = arr(h, "indices")
            .iter()
            .map(|i| i.as_u64().unwrap() as usize)
            .collect();
        // Only a hit found through a tool's tag may mark nothing.
        // A tool may match in its aliases or description only.
        assert!(
            !idx.is_empty() || h["via"].is_string() || str_of(h, "kind") == "tool",
            "{h}"
        );
        assert!(idx.iter().all(|&i| i < text.len()));
        assert_eq!(h["loose"], false);
    }
    // Whole words are highlighted in the top hit: "CI" and "pipelines".
    let text: Vec<char> = str_of(first, "text").chars().collect();
    let marked: String = arr(first, "indices")
        .iter()
        .map(|i| text[i.as_u64().unwrap() as usize])
        .collect();
    assert_eq!(marked.to_lowercase(), "cipipelines");
}

#[test]
fn search_json_tool_hits_name_their_roles_and_tagged_duties_their_tool() {
    let v = json(&["search", "k8s"]);
    let hits = v.as_array().unwrap();
    assert_eq!(str_of(&hits[0], "kind"), "tool");
    assert_eq!(str_of(&hits[0], "text"), "Kubernetes");
    let roles: Vec<&str> = arr(&hits[0], "roles")
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        roles.contains(&"devops") && roles.contains(&"sre"),
        "{roles:?}"
    );
    assert_eq!(str_of(&hits[0], "role"), roles[0]);
    assert!(
        hits.iter().any(|h| h["via"] == "Kubernetes"),
        "a duty tagged with Kubernetes says so"
    );
}

#[test]
fn search_with_no_word_matching_exits_1_and_marks_loose_matches() {
    let out = run(&["search", "dply"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.starts_with("No word matches. Loose matches"),
        "{}",
        out.stdout
    );
    let listed = run(&["search", "dply", "--format", "json"]);
    let hits: Value = serde_json::from_str(&listed.stdout).unwrap();
    let shown = hits.as_array().unwrap().len();
    assert!(shown > 0 && hits[0]["loose"] == true, "{hits}");
    assert_eq!(
        out.stderr,
        format!(
            "no word matches `dply`; the {shown} loose match(es) above only have its letters in order\n"
        )
    );
    let out = run(&["search", "zzqxj"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty());
}

#[test]
fn search_groups_hits_by_role() {
    let out = ok(&["search", "k8s", "--group", "role", "-n", "4"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "devops");
    assert!(lines[1].contains("Kubernetes"));
    assert!(lines.contains(&"sre"), "{out}");
}

#[test]
fn search_json_tool_hits_name_the_roles_using_them() {
    let v = json(&["search", "tf", "--kind", "tool"]);
    let first = &v[0];
    assert_eq!(str_of(first, "kind"), "tool");
    assert_eq!(str_of(first, "text"), "Terraform");
    assert!(arr(first, "roles").iter().any(|r| r == "infrastructure"));
    assert_eq!(first["role"], arr(first, "roles")[0]);
}

#[test]
fn search_role_filter_keeps_the_roles_tools() {
    let v = json(&["search", "terraform", "--role", "infrastructure"]);
    assert_eq!(str_of(&v[0], "text"), "Terraform");
    assert_eq!(str_of(&v[0], "kind"), "tool");
}

#[test]
fn search_limit_caps_hits() {
    let v = json(&["search", "pipeline", "--limit", "2"]);
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn search_without_hits_exits_1() {
    let r = run(&["search", "zzqxj"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "no matches for `zzqxj`\n");
    // JSON still prints a (empty) array for scripts.
    let r = run(&["search", "zzqxj", "--format", "json"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        serde_json::from_str::<Value>(&r.stdout).unwrap(),
        Value::Array(vec![])
    );
}

// ------------------------------------------------------------ tool, tools

#[test]
fn tool_text() {
    insta::assert_snapshot!("tool_terraform_text", ok(&["tool", "terraform"]));
}

#[test]
fn tool_markdown() {
    insta::assert_snapshot!(
        "tool_backstage_markdown",
        ok(&["tool", "backstage", "-f", "markdown"])
    );
}

#[test]
fn tool_json_has_tool_and_roles_with_duties() {
    let v = json(&["tool", "terraform"]);
    let tool = &v["tool"];
    assert_eq!(str_of(tool, "id"), "terraform");
    assert_eq!(str_of(tool, "name"), "Terraform");
    assert_eq!(str_of(tool, "category"), "Infrastructure as Code");
    let roles = arr(&v, "roles");
    let ids: Vec<&str> = roles.iter().map(|r| str_of(r, "id")).collect();
    assert_eq!(ids, ["devops", "platform", "infrastructure", "sre"]);
    for r in roles {
        assert!(!str_of(r, "title").is_empty());
        let duties = arr(r, "duties");
        assert!(!duties.is_empty());
        assert!(
            duties
                .iter()
                .all(|d| d["area"].is_string() && d["text"].is_string())
        );
    }
}

#[test]
fn tool_by_alias_and_typo() {
    assert_eq!(json(&["tool", "tf"]), json(&["tool", "terraform"]));
    assert_eq!(json(&["tool", "K8S"])["tool"]["id"], "kubernetes");
    let r = run(&["tool", "terrafrom", "--format", "json"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "note: showing Terraform for `terrafrom`\n");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["tool"]["id"], "terraform");
}

#[test]
fn tool_unknown_exits_1_with_suggestions() {
    let r = run(&["tool", "helmet"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    insta::assert_snapshot!("tool_unknown_stderr", r.stderr);
}

#[test]
fn tools_text() {
    insta::assert_snapshot!("tools_text", ok(&["tools"]));
}

#[test]
fn tools_markdown() {
    insta::assert_snapshot!("tools_markdown", ok(&["tools", "--format", "markdown"]));
}

#[test]
fn tools_json_lists_the_catalogue_with_users() {
    let v = json(&["tools"]);
    let tools = v.as_array().unwrap();
    assert!(tools.len() >= 40);
    for t in tools {
        for k in ["id", "name", "category", "description"] {
            assert!(t[k].is_string(), "{k} in {t}");
        }
        assert!(t["aliases"].is_array() && t["roles"].is_array());
    }
    let gha = tools.iter().find(|t| t["id"] == "github-actions").unwrap();
    assert!(arr(gha, "aliases").contains(&Value::from("gha")));
    assert!(arr(gha, "roles").contains(&Value::from("devops")));
}

// --------------------------------------------------------------- validate

#[test]
fn validate_good_pack_text() {
    insta::assert_snapshot!(
        "validate_good_text",
        ok(&["validate", "tests/fixtures/good"])
    );
}

#[test]
fn validate_bad_file_exits_3_with_located_message() {
    let r = run(&["validate", "tests/fixtures/bad/unknown-tool.toml"]);
    assert_eq!(r.code, 3);
    assert_eq!(r.stdout, "");
    insta::assert_snapshot!("validate_bad_stderr", r.stderr);
}

#[test]
fn validate_json() {
    let v = json(&["validate", "tests/fixtures/good"]);
    assert_eq!(v["valid"], true);
    assert_eq!(arr(&v, "errors").len(), 0);
    assert!(arr(&v, "files").contains(&Value::from("tests/fixtures/good/extras.toml")));
}

#[test]
fn validate_markdown_falls_back_to_text() {
    let r = run(&["validate", "tests/fixtures/good", "-f", "markdown"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("ok: 3 file(s) checked"));
}

// ------------------------------------------------------------------ paths

#[test]
fn paths_text_and_json() {
    let empty = EMPTY.as_path().display().to_string();
    let text = ok(&["paths"]);
    assert!(text.contains("config dir:"), "{text}");
    assert!(text.contains(&format!(
        "user content:  {empty} (exists, from $ROLEDEX_CONTENT_DIR)"
    )));
    assert!(text.contains("files loaded:\n  <built-in>/sources.toml\n"));
    assert!(text.contains("  <built-in>/roles/devops.toml\n"));

    let v = json(&["paths", "--content", "tests/fixtures/good"]);
    assert!(v["config_dir"].is_string() && v["config_file"].is_string());
    let user = &v["user_content"];
    assert_eq!(str_of(user, "path"), empty);
    assert_eq!(user["exists"], true);
    assert_eq!(user["from_env"], true);
    assert_eq!(user["used"], true);
    assert_eq!(
        arr(&v, "content_args"),
        &vec![Value::from("tests/fixtures/good")]
    );
    let files = arr(&v, "files_loaded");
    assert!(files.contains(&Value::from("tests/fixtures/good/extras.toml")));

    let v = json(&["paths", "--no-user-content"]);
    assert_eq!(v["user_content"]["used"], false);
}

// ---------------------------------------------------------------- colour

#[test]
fn color_always_emits_ansi_escapes() {
    for args in [
        &["roles"][..],
        &["show", "sre"],
        &["compare", "sre", "devops"],
        &["search", "k8s"],
        &["tool", "k8s"],
        &["tools"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--color", "always"]);
        let out = ok(&all);
        assert!(out.contains("\x1b["), "{all:?} has no colour");
    }
    // The search highlight marks the matched words, one run each.
    let out = ok(&["search", "ci", "pipe", "-n", "1", "--color", "always"]);
    assert!(
        out.contains("\x1b[1m\x1b[33mCI\x1b[0m/CD \x1b[1m\x1b[33mpipelines\x1b[0m"),
        "{out:?}"
    );
}

#[test]
fn color_never_and_no_color_emit_no_escapes() {
    for args in [
        &["roles", "--color", "never"][..],
        &["show", "sre", "--color", "never"],
        &["search", "k8s", "--color", "never"],
        &["roles"], // auto: not a terminal, and NO_COLOR=1
        &["roles", "--color", "always", "--format", "json"],
        &["roles", "--color", "always", "--format", "markdown"],
    ] {
        let out = ok(args);
        assert!(!out.contains('\x1b'), "{args:?} has escapes");
    }
    // NO_COLOR alone (auto) keeps output plain even without `--color`.
    let mut cmd = roledex();
    cmd.env("NO_COLOR", "1");
    let r = run_with(cmd, &["tools"]);
    assert!(!r.stdout.contains('\x1b'));
}

#[test]
fn text_output_is_the_same_with_and_without_colour_apart_from_escapes() {
    let plain = ok(&["compare", "devops", "sre"]);
    let coloured = ok(&["compare", "devops", "sre", "--color", "always"]);
    assert_eq!(strip_ansi(&coloured), plain);
}

// -------------------------------------------------- completions, man, usage

#[test]
fn completions_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let out = ok(&["completions", shell]);
        assert!(out.len() > 500, "{shell} script is too short");
        for sub in ["roles", "show", "compare", "search", "tool", "validate"] {
            assert!(out.contains(sub), "{shell} lacks {sub}");
        }
    }
    assert!(ok(&["completions", "bash"]).contains("_roledex()"));
    assert!(ok(&["completions", "zsh"]).starts_with("#compdef roledex"));
}

#[test]
fn man_page_is_roff() {
    let out = ok(&["man"]);
    assert!(
        out.starts_with(".ie \\n(.g .ds Aq") || out.contains(".TH roledex"),
        "{out}"
    );
    assert!(out.contains(".TH roledex"));
    assert!(out.contains(".SH NAME"));
    assert!(out.contains(".SH SYNOPSIS"));
    assert!(out.contains("\\-\\-format"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["nosuchcommand"][..],
        &["compare", "devops"],
        &["compare", "devops", "platform", "sre", "systems"],
        &["search"],
        &["show"],
        &["search", "ci", "--kind", "person"],
        &["roles", "--format", "yaml"],
        &["roles", "--color", "sometimes"],
        &["completions", "tcsh"],
        &["search", "ci", "--limit", "many"],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("error:"), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "");
    }
}

#[test]
fn no_subcommand_without_a_terminal_exits_2_with_a_hint() {
    let r = run(&[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("needs a terminal"), "{}", r.stderr);
    assert!(r.stderr.contains("roledex roles"));
}

#[test]
fn help_and_version() {
    let help = ok(&["--help"]);
    for sub in [
        "roles",
        "show",
        "compare",
        "search",
        "tool",
        "tools",
        "validate",
        "paths",
        "completions",
        "man",
    ] {
        assert!(help.contains(&format!("\n  {sub} ")), "help lacks {sub}");
    }
    for opt in ["--format", "--color", "--content", "--no-user-content"] {
        assert!(help.contains(opt), "help lacks {opt}");
    }
    assert_eq!(
        ok(&["--version"]),
        format!("roledex {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn global_options_work_after_the_subcommand() {
    assert_eq!(
        ok(&["roles", "--format", "json", "--no-user-content"]),
        ok(&["--format", "json", "--no-user-content", "roles"])
    );
}

#[test]
fn closed_stdout_pipe_is_not_a_crash() {
    // `roledex tools | head -1`: writing into a closed pipe must not panic.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("roledex"))
        .args(["tools"])
        .env("NO_COLOR", "1")
        .env("ROLEDEX_CONTENT_DIR", EMPTY.as_path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn an_ambiguous_prefix_lists_the_candidates_and_exits_1() {
    let r = run(&["show", "s"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    insta::assert_snapshot!("show_ambiguous_prefix_stderr", r.stderr);
    let r = run(&["show", "in"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("`in` matches 4 roles"), "{}", r.stderr);
    assert!(r.stderr.contains("Infrastructure Engineer"), "{}", r.stderr);
    assert!(!r.stderr.contains("no role matches"), "{}", r.stderr);
}

#[test]
fn a_user_role_titled_like_a_builtin_alternative_title_is_found_by_its_title() {
    // "Cloud Engineer" is one of the built-in Infrastructure role's other
    // names; a user pack's role with that exact title must win.
    let dir = tempfile::tempdir().unwrap();
    let mlops = std::fs::read_to_string(root().join("tests/fixtures/good/roles/mlops.toml"))
        .unwrap()
        .replace("id = \"mlops\"", "id = \"cloud\"")
        .replace("title = \"MLOps Engineer\"", "title = \"Cloud Engineer\"");
    std::fs::create_dir_all(dir.path().join("roles")).unwrap();
    std::fs::write(dir.path().join("roles/cloud.toml"), mlops).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/good/extras.toml"),
        dir.path().join("extras.toml"),
    )
    .unwrap();
    let content = dir.path().to_str().unwrap();
    let r = run(&["--content", content, "show", "cloud engineer", "-f", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["id"], "cloud", "{}", r.stdout);
    // validate warns about the clash, and the content stays valid.
    let r = run(&["validate", content]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: role `cloud` is titled “Cloud Engineer”")
            && r.stderr
                .contains("role `infrastructure` lists in `also_called`"),
        "{}",
        r.stderr
    );
    // Located like an error: the role's title, with the line beneath.
    let at = format!("{content}/roles/cloud.toml:2:9: warning: role `cloud`");
    assert!(r.stderr.starts_with(&at), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("2 | title = \"Cloud Engineer\"\n  |         ^^^^^^^^^^^^^^^^"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.starts_with("ok: "), "{}", r.stdout);
    assert!(r.stdout.contains("1 warning(s)"), "{}", r.stdout);
    let r = run(&["validate", content, "-f", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["warnings"].as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(
        (&v["warnings"][0]["line"], &v["warnings"][0]["col"]),
        (&2.into(), &9.into())
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_is_an_error_but_a_closed_pipe_is_not() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let plain = || {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_roledex"));
        c.env("NO_COLOR", "1")
            .env("ROLEDEX_CONTENT_DIR", EMPTY.as_path())
            .env("XDG_CONFIG_HOME", EMPTY.as_path());
        c
    };
    let out = plain().arg("roles").stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot write the output"), "{err}");
    // A reader that stops early: quiet, and success.
    let mut child = plain()
        .args(["tools"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn man_page_lists_commands_exit_status_environment_files_and_examples() {
    let page = ok(&["man"]);
    for section in [
        ".SH COMMANDS",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
    ] {
        let plain = section.replace('"', "");
        assert!(
            page.contains(section) || page.contains(&plain),
            "man page lacks {plain}"
        );
    }
    for code in ["130", "143", "terminal failed"] {
        assert!(page.contains(code), "EXIT STATUS lacks {code}");
    }
    // No references to pages that are not shipped.
    assert!(!page.contains("roledex\\-roles(1)"), "{page}");
    assert!(!page.contains("roledex-roles(1)"), "{page}");
}

#[test]
fn help_has_examples_analyse_is_an_alias_and_limit_0_is_a_usage_error() {
    let help = ok(&["--help"]);
    assert!(
        help.contains("Examples:") && help.contains("roledex show platform"),
        "{help}"
    );
    let r = run(&[
        "analyse",
        "--format",
        "json",
        "tests/fixtures/ads/01-devops-fintech-squad.md",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&["search", "ci", "-n", "0"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("at least 1"), "{}", r.stderr);
}

#[test]
fn piped_text_wraps_to_columns_or_not_at_all() {
    let widest = |out: &str| out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut cmd = roledex();
    cmd.env_remove("COLUMNS");
    let whole = run_with(cmd, &["roles"]);
    assert_eq!(whole.code, 0);
    // Unwrapped: each summary is one line, longer than any terminal's 100.
    assert!(widest(&whole.stdout) > 100, "{}", whole.stdout);
    let mut cmd = roledex();
    cmd.env("COLUMNS", "60");
    let narrow = run_with(cmd, &["roles"]);
    assert!(widest(&narrow.stdout) <= 60, "{}", narrow.stdout);
}

#[test]
fn no_text_line_is_longer_than_the_width_except_a_url() {
    for args in [
        &["roles"][..],
        &["show", "devops"],
        &["show", "sre"],
        &["tool", "terraform"],
        &["tools"],
    ] {
        for cols in [60usize, 100] {
            let mut cmd = roledex();
            cmd.env("COLUMNS", cols.to_string());
            let r = run_with(cmd, args);
            assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
            for line in r.stdout.lines() {
                // A URL is one word: wrapping cannot shorten it.
                if line.trim_start().starts_with('<') {
                    continue;
                }
                assert!(
                    line.chars().count() <= cols,
                    "{args:?} at {cols}: {} columns: {line}",
                    line.chars().count()
                );
            }
        }
    }
}

/// Runs the bash completion script the way bash would for `line` (the
/// cursor at its end) and returns what it offers.
fn bash_complete(line: &str) -> Option<Vec<String>> {
    let bash = std::process::Command::new("bash")
        .arg("--version")
        .output()
        .ok()?;
    if !bash.status.success() {
        return None;
    }
    let script = ok(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roledex.bash");
    std::fs::write(&path, script).unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_roledex")).parent().unwrap();
    let probe = format!(
        "source '{}'; COMP_LINE='{line}'; read -ra COMP_WORDS <<< \"$COMP_LINE\"; \
         [[ \"$COMP_LINE\" == *' ' ]] && COMP_WORDS+=(''); \
         COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 )); COMP_POINT=${{#COMP_LINE}}; \
         _roledex_names roledex \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .env(
            "PATH",
            format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap()),
        )
        .env("NO_COLOR", "1")
        .env("ROLEDEX_CONTENT_DIR", EMPTY.as_path())
        .env("XDG_CONFIG_HOME", EMPTY.as_path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn bash_completes_role_and_tool_names() {
    let Some(show) = bash_complete("roledex show pl") else {
        eprintln!("bash is not installed; skipped");
        return;
    };
    assert_eq!(show, ["platform"]);
    let compare = bash_complete("roledex compare devops s").unwrap();
    assert_eq!(compare, ["sre", "systems"]);
    let tool = bash_complete("roledex tool terra").unwrap();
    assert_eq!(tool, ["terraform", "terragrunt"]);
    let role = bash_complete("roledex search ci --role inf").unwrap();
    assert_eq!(role, ["infrastructure"]);
    // Commands still complete as before.
    let commands = bash_complete("roledex comp").unwrap();
    assert!(commands.contains(&"compare".to_string()), "{commands:?}");
    // The names come from the loaded content, user packs included.
    assert!(ok(&["__names", "roles"]).lines().any(|l| l == "devops"));
    assert!(ok(&["__names", "tools"]).lines().any(|l| l == "terraform"));
}

#[test]
fn zsh_and_fish_scripts_ask_for_names() {
    let zsh = ok(&["completions", "zsh"]);
    assert!(zsh.contains("roledex __names roles"), "{zsh}");
    assert!(zsh.contains(":_roledex_tools'"), "{zsh}");
    let fish = ok(&["completions", "fish"]);
    assert!(
        fish.contains("__fish_seen_subcommand_from tool\" -f -a \"(roledex __names tools"),
        "{fish}"
    );
}

#[test]
fn colour_follows_clicolor_force_and_no_color() {
    // Piped, `auto` is plain text...
    let plain = roledex()
        .env_remove("NO_COLOR")
        .args(["roles"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\x1b'));
    // ... unless the user forces colour for every tool with CLICOLOR_FORCE,
    let forced = roledex()
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args(["roles"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&forced.stdout).contains("\x1b["));
    // ... and `--color never` wins over everything.
    let never = roledex()
        .env("CLICOLOR_FORCE", "1")
        .args(["roles", "--color", "never"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&never.stdout).contains('\x1b'));
}
