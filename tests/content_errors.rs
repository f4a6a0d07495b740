//! Content loading and validation: every malformed fixture yields its own
//! located `path:line:col: message`, bad user files never take the built-in
//! content down, and layers override by id.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use roledex::Catalog;
use roledex::content::{BUILTIN_FILES, Diagnostic, Layer, load};
use serde_json::Value;

use common::{BUILTIN_ROLES, builtin_role_ids};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bad(name: &str) -> PathBuf {
    root().join("tests/fixtures/bad").join(name)
}

fn good() -> PathBuf {
    root().join("tests/fixtures/good")
}

/// One malformed file, one fault: where it is reported and the line the
/// caret excerpt must show. Lines and columns were counted by hand in the
/// fixture files (1-based, columns in characters).
struct Case {
    file: &'static str,
    line: usize,
    col: usize,
    message: &'static str,
    /// The offending source line as the excerpt shows it.
    excerpt: &'static str,
    /// Caret width under the offending text.
    width: usize,
}

const CASES: &[Case] = &[
    Case {
        file: "syntax-error.toml",
        line: 4,
        col: 15,
        message: "invalid basic string, expected `\"`",
        excerpt: "name = \"Zipkin",
        width: 1,
    },
    Case {
        file: "wrong-type.toml",
        line: 5,
        col: 11,
        message: "invalid type: string \"jaeger-tracing\", expected a list, e.g. [\"a\", \"b\"]",
        excerpt: "aliases = \"jaeger-tracing\"",
        width: 16,
    },
    Case {
        file: "role-wrong-type.toml",
        line: 4,
        col: 9,
        message: "invalid type: string \"first\", expected a whole number",
        excerpt: "order = \"first\"",
        width: 7,
    },
    Case {
        file: "unknown-key.toml",
        line: 7,
        col: 1,
        message: "unknown field `homepage`, expected one of `id`, `name`, `kind`, `aliases`, `category`, `description`, `url`, `source`",
        excerpt: "homepage = \"https://www.zabbix.com/\"",
        width: 8,
    },
    Case {
        file: "unknown-table.toml",
        line: 2,
        col: 3,
        message: "unknown field `tool` (did you mean `tools`?)",
        excerpt: "[[tool]]",
        width: 4,
    },
    Case {
        // A missing top-level field has no line of its own: the role's id.
        file: "role-missing-field.toml",
        line: 2,
        col: 6,
        message: "missing field `summary`",
        excerpt: "id = \"mlops\"",
        width: 7,
    },
    Case {
        file: "tool-missing-field.toml",
        line: 2,
        col: 1,
        message: "missing field `category`",
        excerpt: "[[tools]]",
        width: 9,
    },
    Case {
        file: "duplicate-id.toml",
        line: 9,
        col: 6,
        message: "duplicate tool id `spinnaker` (first defined in {dir}/duplicate-id.toml); this one is ignored",
        excerpt: "id = \"spinnaker\"",
        width: 11,
    },
    Case {
        file: "unknown-tool.toml",
        line: 20,
        col: 28,
        message: "unknown tool id `terrafrom` (did you mean `terraform`?)",
        excerpt: "tools = [\"github-actions\", \"terrafrom\"]",
        width: 11,
    },
    Case {
        file: "role-unknown-source.toml",
        line: 21,
        col: 10,
        message: "unknown source id `artcle` (did you mean `article`?)",
        excerpt: "source = \"artcle\"",
        width: 8,
    },
    Case {
        file: "tool-unknown-source.toml",
        line: 7,
        col: 10,
        message: "unknown source id `artcle` (did you mean `article`?)",
        excerpt: "source = \"artcle\"",
        width: 8,
    },
    Case {
        file: "bad-id.toml",
        line: 3,
        col: 6,
        message: "tool id `Data_Dog` must be lowercase letters, digits and '-' (e.g. `my-tool`)",
        excerpt: "id = \"Data_Dog\"",
        width: 10,
    },
    Case {
        file: "bad-enum.toml",
        line: 11,
        col: 26,
        message: "unknown variant `near`, expected one of `close`, `medium`, `far`",
        excerpt: "distance_from_app_code = \"near\"",
        width: 6,
    },
    Case {
        file: "weight-out-of-range.toml",
        line: 26,
        col: 10,
        message: "signal `Model deployment`: weight must be 1, 2 or 3 (found 5)",
        excerpt: "weight = 5",
        width: 1,
    },
    Case {
        file: "empty-title.toml",
        line: 3,
        col: 9,
        message: "role `mlops`: `title` must not be empty",
        excerpt: "title = \"\"",
        width: 2,
    },
    Case {
        file: "empty-duty-text.toml",
        line: 19,
        col: 8,
        message: "role `mlops`: a duty has an empty `area` or `text`",
        excerpt: "text = \"  \"",
        width: 4,
    },
    Case {
        file: "no-sources.toml",
        line: 5,
        col: 11,
        message: "role `mlops` lists no `sources`; every role must name where its facts come from",
        excerpt: "sources = []",
        width: 2,
    },
    Case {
        file: "unknown-role-answer.toml",
        line: 13,
        col: 12,
        message: "unknown role id `infra` (did you mean `infrastructure`?)",
        excerpt: "suggests = \"infra\"",
        width: 7,
    },
    Case {
        // The excerpt shows the bad byte as U+FFFD; the caret sits on it.
        file: "not-utf8.toml",
        line: 3,
        col: 10,
        message: "file is not valid UTF-8 (byte 0xe9); content files must be saved as UTF-8",
        excerpt: "id = \"caf\u{fffd}\"",
        width: 1,
    },
];

/// Loads the built-ins plus one fixture, the way `validate PATH` does.
fn diagnostics_for(path: &Path) -> Vec<Diagnostic> {
    load(vec![Layer::builtin(), Layer::from_path(path)]).diagnostics
}

#[test]
fn every_fixture_reports_its_fault_at_the_right_place() {
    assert!(CASES.len() >= 12);
    let dir = root().join("tests/fixtures/bad");
    let mut failures = Vec::new();
    for case in CASES {
        let path = bad(case.file);
        let diags = diagnostics_for(&path);
        let message = case.message.replace("{dir}", &dir.display().to_string());
        let expected = format!("{}:{}:{}: {}", path.display(), case.line, case.col, message);
        match diags.as_slice() {
            [d] => {
                if d.headline() != expected {
                    failures.push(format!(
                        "{}:\n  got  {}\n  want {expected}",
                        case.file,
                        d.headline()
                    ));
                }
                // The rustc-style excerpt: headline, gutter, the line, carets.
                let gutter = " ".repeat(case.line.to_string().len());
                let excerpt = format!(
                    "{expected}\n{gutter} |\n{} | {}\n{gutter} | {}{}",
                    case.line,
                    case.excerpt,
                    " ".repeat(case.col - 1),
                    "^".repeat(case.width)
                );
                if d.to_string() != excerpt {
                    failures.push(format!("{}: excerpt\n{d}\n  want\n{excerpt}", case.file));
                }
            }
            other => failures.push(format!(
                "{}: expected exactly one diagnostic, got {}: {:?}",
                case.file,
                other.len(),
                other.iter().map(Diagnostic::headline).collect::<Vec<_>>()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_bad_fixture_has_an_expectation_and_faults_are_distinct() {
    let on_disk: BTreeSet<String> = fs::read_dir(root().join("tests/fixtures/bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let cased: BTreeSet<String> = CASES.iter().map(|c| c.file.to_string()).collect();
    assert_eq!(on_disk, cased, "each fixture needs exactly one Case");
    let messages: BTreeSet<&str> = CASES
        .iter()
        .map(|c| c.message.split(['`', '(']).next().unwrap())
        .collect();
    assert!(messages.len() >= 12, "at least 12 distinct kinds of fault");
}

#[test]
fn builtin_content_has_no_diagnostics_and_real_substance() {
    let loaded = load(vec![Layer::builtin()]);
    let headlines: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(Diagnostic::headline)
        .collect();
    assert!(headlines.is_empty(), "{}", headlines.join("\n"));
    let ids: Vec<&str> = loaded.roles.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, builtin_role_ids());
    for role in &loaded.roles {
        assert!(role.duties.len() >= 8, "{} has few duties", role.id);
        assert!(role.interview_questions.len() >= 5, "{}", role.id);
        assert!(!role.origins.is_empty(), "{}", role.id);
        assert!(!role.signals.is_empty(), "{}", role.id);
    }
    assert!(loaded.tools.len() >= 40);
    assert!(loaded.sources.len() >= 10);
    assert!(!loaded.guide.sections.is_empty());
    assert!(!loaded.guide.telling_questions.is_empty());
}

#[test]
fn builtin_files_lists_every_content_file() {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeSet<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let rel = path.strip_prefix(base).unwrap();
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let content = root().join("content");
    let mut on_disk = BTreeSet::new();
    walk(&content, &content, &mut on_disk);
    let embedded: BTreeSet<String> = BUILTIN_FILES.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        embedded, on_disk,
        "BUILTIN_FILES must embed every content/*.toml file"
    );
    for (name, text) in BUILTIN_FILES {
        assert_eq!(
            &fs::read_to_string(content.join(name)).unwrap(),
            text,
            "{name} embedded text differs from the file"
        );
    }
}

#[test]
fn a_bad_user_file_keeps_the_builtin_roles_and_tools() {
    let builtin_tools: BTreeSet<String> = Catalog::builtin()
        .tools
        .iter()
        .map(|t| t.id.clone())
        .collect();
    for case in CASES {
        let loaded = load(vec![Layer::builtin(), Layer::from_path(&bad(case.file))]);
        for (id, title) in BUILTIN_ROLES {
            let role = loaded.roles.iter().find(|r| r.id == id);
            assert_eq!(
                role.map(|r| r.title.as_str()),
                Some(title),
                "{}: {id}",
                case.file
            );
        }
        let tools: BTreeSet<String> = loaded.tools.iter().map(|t| t.id.clone()).collect();
        assert!(
            tools.is_superset(&builtin_tools),
            "{} lost tools",
            case.file
        );
    }
}

fn roledex() -> Command {
    let mut cmd = Command::cargo_bin("roledex").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("ROLEDEX_CONTENT_DIR");
    cmd
}

/// The ids in `roledex tools --format json` output.
fn tool_ids(json: &[u8]) -> BTreeSet<String> {
    let v: Value = serde_json::from_slice(json).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

fn role_titles(json: &[u8]) -> Vec<(String, String)> {
    let v: Value = serde_json::from_slice(json).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn assert_builtin_roles_listed(roles: &[(String, String)]) {
    for (id, title) in BUILTIN_ROLES {
        assert!(
            roles.iter().any(|(i, t)| i == id && t == title),
            "missing {id} ({title}) in {roles:?}"
        );
    }
}

#[test]
fn cli_with_a_bad_content_file_still_lists_every_builtin_role() {
    for case in CASES {
        let out = roledex()
            .args(["--no-user-content", "--content"])
            .arg(bad(case.file))
            .args(["roles", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", case.file);
        assert_builtin_roles_listed(&role_titles(&out.stdout));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("warning:") && stderr.contains(case.file),
            "{}: no warning naming the file on stderr: {stderr}",
            case.file
        );
    }
}

#[test]
fn cli_with_a_bad_user_content_dir_still_works() {
    // The whole fixture folder as the user's content directory.
    let out = roledex()
        .env("ROLEDEX_CONTENT_DIR", root().join("tests/fixtures/bad"))
        .args(["roles", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_builtin_roles_listed(&role_titles(&out.stdout));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!("warning: {}", bad("syntax-error.toml").display())));
    assert!(stderr.contains("problem(s) in user content"));
    // Tools too: every built-in tool is still there.
    let out = roledex()
        .env("ROLEDEX_CONTENT_DIR", root().join("tests/fixtures/bad"))
        .args(["tools", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let ids = tool_ids(&out.stdout);
    for t in &Catalog::builtin().tools {
        assert!(ids.contains(t.id.as_str()), "lost tool {}", t.id);
    }
}

#[test]
fn validate_reports_a_bad_file_and_exits_3() {
    for case in CASES {
        let path = bad(case.file);
        let out = roledex().arg("validate").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", case.file);
        let stderr = String::from_utf8(out.stderr).unwrap();
        let headline = format!("{}:{}:{}: ", path.display(), case.line, case.col);
        assert!(
            stderr.contains(&headline) && stderr.contains(case.excerpt),
            "{}: {stderr}",
            case.file
        );
        assert!(stderr.contains("1 error(s)"), "{stderr}");
    }
}

#[test]
fn validate_json_lists_located_errors() {
    let path = bad("unknown-tool.toml");
    let out = roledex()
        .args(["validate", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["file"], path.display().to_string());
    assert_eq!(errors[0]["line"], 20);
    assert_eq!(errors[0]["col"], 28);
    assert!(errors[0]["message"].as_str().unwrap().contains("terrafrom"));
}

#[test]
fn validate_a_whole_bad_directory_reports_every_fault() {
    let out = roledex()
        .arg("validate")
        .arg(root().join("tests/fixtures/bad"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for case in CASES {
        assert!(stderr.contains(case.file), "{} not reported", case.file);
    }
}

#[test]
fn validate_a_good_pack_exits_0() {
    roledex()
        .arg("validate")
        .arg(good())
        .assert()
        .code(0)
        .stdout(predicates::str::starts_with(
            "ok: 3 file(s) checked (13 built-in)",
        ));
    // With no path: the built-ins alone are valid too.
    roledex()
        .args(["--no-user-content", "validate"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("6 role(s)"));
}

#[test]
fn validate_a_missing_path_is_an_error() {
    roledex()
        .arg("validate")
        .arg(root().join("tests/fixtures/does-not-exist"))
        .assert()
        .code(3)
        .stderr(predicates::str::contains("does-not-exist: cannot read"));
}

#[test]
fn user_role_with_an_existing_id_overrides_and_new_ids_add() {
    let loaded = load(vec![Layer::builtin(), Layer::from_path(&good())]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let cat = Catalog::new(loaded);
    // Same id: the whole built-in role is replaced, in place.
    let devops = cat.role("devops").unwrap();
    assert_eq!(devops.title, "DevOps Engineer (house definition)");
    assert_eq!(devops.duties.len(), 1);
    assert_eq!(cat.roles[0].id, "devops");
    // New ids add: a role with defaults, a tool, a source.
    assert_eq!(cat.roles.len(), 7);
    let mlops = cat.role("mlops").unwrap();
    assert_eq!(mlops.tier, roledex::content::Tier::Overlap);
    assert_eq!(mlops.order, 100);
    assert_eq!(mlops.signals[0].weight, 2);
    assert!(mlops.also_called.is_empty() && mlops.origins.is_empty());
    assert!(cat.tool("mlflow").is_some());
    assert!(cat.source("team-notes").is_some());
    // The new tool is indexed: MLOps' duty uses it.
    let mlflow = cat.tool_index("mlflow").unwrap();
    let users: Vec<&str> = cat
        .roles_using(mlflow)
        .into_iter()
        .map(|(r, _)| cat.roles[r].id.as_str())
        .collect();
    assert_eq!(users, ["mlops"]);
    // The rest of the built-ins are untouched.
    assert_eq!(cat.role("platform").unwrap().title, "Platform Engineer");
}

#[test]
fn cli_layers_content_and_skips_the_user_dir_when_asked() {
    let out = roledex()
        .env("ROLEDEX_CONTENT_DIR", good())
        .args(["roles", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let roles = role_titles(&out.stdout);
    assert!(roles.contains(&("devops".into(), "DevOps Engineer (house definition)".into())));
    assert!(roles.iter().any(|(id, _)| id == "mlops"));
    // --no-user-content ignores $ROLEDEX_CONTENT_DIR …
    let out = roledex()
        .env("ROLEDEX_CONTENT_DIR", good())
        .args(["--no-user-content", "roles", "--format", "json"])
        .output()
        .unwrap();
    let roles = role_titles(&out.stdout);
    let builtin: Vec<(String, String)> = BUILTIN_ROLES
        .iter()
        .map(|&(id, title)| (id.into(), title.into()))
        .collect();
    assert_eq!(roles, builtin);
    // … but not --content.
    let out = roledex()
        .args(["--no-user-content", "--content"])
        .arg(good())
        .args(["show", "mlops", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "MLOps Engineer");
}

#[test]
fn a_later_layer_overrides_an_earlier_one() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("tools.toml"),
        "[[tools]]\nid = \"terraform\"\nname = \"Terraform (pinned 1.9)\"\ncategory = \"Infrastructure as Code\"\ndescription = \"Ours.\"\n",
    )
    .unwrap();
    let cat = Catalog::new(load(vec![
        Layer::builtin(),
        Layer::from_path(&good()),
        Layer::from_path(dir.path()),
    ]));
    assert_eq!(
        cat.tool("terraform").unwrap().name,
        "Terraform (pinned 1.9)"
    );
    // Duties that name the tool still find it under the new entry.
    let t = cat.tool_index("terraform").unwrap();
    assert!(!cat.roles_using(t).is_empty());
    // Position kept: the override does not reorder the catalogue.
    let builtin = Catalog::builtin();
    assert_eq!(t, builtin.tool_index("terraform").unwrap());
}

fn many_errors(name: &str) -> PathBuf {
    root().join("tests/fixtures/many-errors").join(name)
}

#[test]
fn validate_reports_every_error_of_a_role_file_in_one_run() {
    let path = many_errors("role.toml");
    let out = roledex().arg("validate").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let stderr = stderr.replace(&path.display().to_string(), "role.toml");
    // Every mistake of the file, in file order: missing keys, unknown keys
    // (with a suggestion when one is close), wrong types, bad references.
    let want = r#"role.toml:2:6: missing field `summary`
  |
2 | id = "mlops"
  |      ^^^^^^^
role.toml:4:1: unknown field `sumary` (did you mean `summary`?)
  |
4 | sumary = "Takes machine-learning models from notebooks to production."
  | ^^^^^^
role.toml:5:9: invalid type: string "first", expected a whole number
  |
5 | order = "first"
  |         ^^^^^^^
role.toml:6:23: unknown source id `artcle` (did you mean `article`?)
  |
6 | sources = ["article", "artcle"]
  |                       ^^^^^^^^
role.toml:8:1: missing field `audience`
  |
8 | [profile]
  | ^^^^^^^^^
role.toml:20:28: unknown tool id `terrafrom` (did you mean `terraform`?)
   |
20 | tools = ["github-actions", "terrafrom"]
   |                            ^^^^^^^^^^^
role.toml:21:10: unknown source id `artcle` (did you mean `article`?)
   |
21 | source = "artcle"
   |          ^^^^^^^^
role.toml:22:1: unknown field `colour`, expected one of `area`, `text`, `tools`, `source`
   |
22 | colour = "blue"
   | ^^^^^^
role.toml:27:10: invalid type: string "high", expected a whole number from 0 to 255
   |
27 | weight = "high"
   |          ^^^^^^
9 error(s); 1 file(s) checked"#;
    assert!(stderr.starts_with(want), "{stderr}");
    // The broken role is not loaded: the built-ins are what is left.
    assert!(stderr.contains("; 6 role(s)"), "{stderr}");
}

#[test]
fn the_role_file_with_its_errors_fixed_validates() {
    let text = fs::read_to_string(many_errors("role.toml")).unwrap();
    let fixed = text
        .replace("sumary", "summary")
        .replace("order = \"first\"", "order = 1")
        .replace("\"artcle\"", "\"article\"")
        .replace("terrafrom", "terraform")
        .replace("colour = \"blue\"\n", "")
        .replace("weight = \"high\"", "weight = 3")
        .replace(
            "[profile]\n",
            "[profile]\naudience = \"Data scientists.\"\n",
        );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mlops.toml");
    fs::write(&path, fixed).unwrap();
    let out = roledex().arg("validate").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("7 role(s)"));
}

#[test]
fn a_collection_file_reports_each_broken_entry_and_loads_the_sound_ones() {
    let path = many_errors("tools.toml");
    let out = roledex()
        .args(["validate", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<(u64, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["message"].to_string()))
        .collect();
    let lines: Vec<u64> = errors.iter().map(|e| e.0).collect();
    // A type error, a bad reference of the same broken tool, then a tool
    // missing its `name` because of a typo, which is suggested.
    assert_eq!(lines, [5, 8, 16, 18], "{errors:?}");
    assert!(
        errors[3]
            .1
            .contains("unknown field `nmae` (did you mean `name`?)")
    );
    // Loading for use: the sound tool is there, the broken ones are not,
    // and nothing built-in is lost.
    let out = roledex()
        .args(["--no-user-content", "--content"])
        .arg(&path)
        .args(["tools", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let ids = tool_ids(&out.stdout);
    assert!(ids.contains("mlflow"));
    assert!(!ids.contains("zipkin") && !ids.contains("kubeflow"));
    assert!(ids.contains("terraform"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tools.toml:18:1: unknown field"));
}

#[test]
fn type_errors_past_the_limit_are_counted_and_the_file_is_not_loaded() {
    // A role is one entry: its type errors are fixed one pass at a time,
    // so past 50 the rest are counted, not listed.
    let role = fs::read_to_string(good().join("roles/mlops.toml")).unwrap();
    let duties: String = (0..60)
        .map(|i| {
            format!(
                "\n[[duties]]\narea = \"A\"\ntext = \"T{i}\"\ntools = {i}\nsource = \"article\"\n"
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mlops.toml");
    fs::write(&path, role + &duties).unwrap();
    let diags = diagnostics_for(&path);
    assert_eq!(diags.len(), 52, "{:?}", diags.last());
    assert!(diags[50].message.contains("invalid type: integer"));
    assert_eq!(
        diags[51].message,
        "more than 50 type errors; the rest are not listed"
    );
    // A collection is fixed entry by entry: every broken tool is listed
    // and the sound ones load.
    let tool = |i: usize| {
        let aliases = if i.is_multiple_of(2) {
            i.to_string()
        } else {
            "[]".into()
        };
        format!(
            "[[tools]]\nid = \"t{i}\"\nname = \"T\"\naliases = {aliases}\ncategory = \"C\"\ndescription = \"D\"\n"
        )
    };
    fs::write(&path, (0..120).map(tool).collect::<String>()).unwrap();
    let loaded = load(vec![Layer::builtin(), Layer::from_path(&path)]);
    assert_eq!(loaded.diagnostics.len(), 60);
    let ids: Vec<&str> = loaded.tools.iter().map(|t| t.id.as_str()).collect();
    assert!(ids.contains(&"t1") && ids.contains(&"t119") && !ids.contains(&"t0"));
    let numbered = |id: &&&str| {
        id.strip_prefix('t')
            .is_some_and(|n| n.parse::<u32>().is_ok())
    };
    assert_eq!(ids.iter().filter(numbered).count(), 60);
}
