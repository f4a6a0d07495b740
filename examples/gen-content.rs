//! Writes a content pack N times the shipped size, for benchmarks and the
//! fzf comparison: N copies of every role and tool, reworded so no two
//! lines are the same, plus `lines.txt` with every searchable text (one per
//! line) so other tools can search exactly the same corpus.
//!
//! Usage: cargo run --release --example gen-content -- --scale 1000 OUT_DIR
//!
//! The benchmarks include this file as a module to call [`generate`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use roledex::content::{Layer, Role, Tool, load};

const DOMAINS: &[&str] = &[
    "payments",
    "search",
    "checkout",
    "mobile",
    "logistics",
    "identity",
    "billing",
    "media",
    "analytics",
    "retail",
    "health",
    "insurance",
    "gaming",
    "travel",
    "energy",
    "telecom",
    "banking",
    "education",
    "security",
    "maps",
];
const GROUPS: &[&str] = &[
    "core", "growth", "edge", "data", "web", "partner", "internal", "cloud", "field", "trading",
    "risk", "ops", "devices", "content", "ads", "support", "labs", "fleet", "ledger", "catalog",
];
const REGIONS: &[&str] = &["EMEA", "APAC", "Americas", "Nordics", "DACH"];
/// Word swaps applied by copy number, so wording varies beyond the suffix.
const SYNONYMS: &[(&str, &str)] = &[
    ("Build", "Create"),
    ("build", "assemble"),
    ("maintain", "look after"),
    ("Design", "Plan"),
    ("teams", "squads"),
    ("team", "squad"),
    ("developers", "engineers"),
    ("production", "live"),
    ("Manage", "Run"),
    ("Keep", "Hold"),
    ("shared", "common"),
    ("tools", "tooling"),
];

fn variant(text: &str, k: usize, tag: &str) -> String {
    let mut out = text.trim_end_matches('.').to_string();
    for (i, (from, to)) in SYNONYMS.iter().enumerate() {
        // Each copy flips a different subset of the swaps.
        if (k >> (i % 10)) & 1 == 1 {
            out = out.replace(from, to);
        }
    }
    let d = DOMAINS[k % DOMAINS.len()];
    let g = GROUPS[(k / DOMAINS.len()) % GROUPS.len()];
    let r = REGIONS[(k / (DOMAINS.len() * GROUPS.len())) % REGIONS.len()];
    format!("{out}, for the {d} {g} group in {r} (unit {k}{tag})")
}

fn q(s: &str) -> String {
    // TOML basic string: escape backslashes, quotes and control chars.
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(o, "\\u{:04X}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
    )
}

fn role_toml(r: &Role, k: usize, lines: &mut String) -> String {
    let id = format!("{}-{k}", r.id);
    let title = format!("{} ({} {k})", r.title, DOMAINS[k % DOMAINS.len()]);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "id = {}\ntitle = {}\ntier = \"overlap\"\norder = {}",
        q(&id),
        q(&title),
        100 + k
    );
    let _ = writeln!(
        s,
        "summary = {}\nsources = {}",
        q(&variant(&r.summary, k, "")),
        list(&r.sources)
    );
    let p = &r.profile;
    let _ = writeln!(s, "\n[profile]");
    for (key, v) in [
        ("focus", &p.focus),
        ("serves", &p.serves),
        ("audience", &p.audience),
        ("typical_org", &p.typical_org),
        ("typical_day", &p.typical_day),
        ("ownership", &p.ownership),
        ("measured_by", &p.measured_by),
    ] {
        let _ = writeln!(s, "{key} = {}", q(&variant(v, k, "")));
    }
    let _ = writeln!(
        s,
        "distance_from_app_code = \"{}\"",
        p.distance_from_app_code.label()
    );
    for o in &r.origins {
        let text = variant(&o.text, k, &format!(" {}", r.id));
        lines.push_str(&text);
        lines.push('\n');
        let _ = writeln!(s, "\n[[origins]]");
        if let Some(y) = o.year {
            let _ = writeln!(s, "year = {y}");
        }
        let _ = writeln!(s, "text = {}\nsource = {}", q(&text), q(&o.source));
    }
    for d in &r.duties {
        let text = variant(&d.text, k, &format!(" {}", r.id));
        lines.push_str(&text);
        lines.push('\n');
        let tools: Vec<String> = d.tools.iter().map(|t| format!("{t}-{k}")).collect();
        let _ = writeln!(
            s,
            "\n[[duties]]\narea = {}\ntext = {}\ntools = {}\nsource = {}",
            q(&d.area),
            q(&text),
            list(&tools),
            q(&d.source)
        );
    }
    for iq in &r.interview_questions {
        let text = variant(&iq.question, k, &format!(" {}", r.id));
        lines.push_str(&text);
        lines.push('\n');
        let _ = writeln!(
            s,
            "\n[[interview_questions]]\nquestion = {}\nwhy = {}\nsource = {}",
            q(&text),
            q(&iq.why),
            q(&iq.source)
        );
    }
    for sig in &r.signals {
        let _ = writeln!(
            s,
            "\n[[signals]]\ntrait = {}\nterms = {}\nweight = {}\nsource = {}",
            q(&sig.trait_name),
            list(&sig.terms),
            sig.weight,
            q(&sig.source)
        );
    }
    s
}

fn tool_toml(t: &Tool, k: usize, lines: &mut String) -> String {
    let name = format!("{} {}", t.name, GROUPS[k % GROUPS.len()]);
    lines.push_str(&format!("{name} {k}\n"));
    let aliases: Vec<String> = t.aliases.iter().map(|a| format!("{a}{k}")).collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n[[tools]]\nid = {}\nname = {}\nkind = {}\naliases = {}\ncategory = {}\ndescription = {}",
        q(&format!("{}-{k}", t.id)),
        q(&format!("{name} {k}")),
        q(t.kind.label()),
        list(&aliases),
        q(&t.category),
        q(&variant(&t.description, k, ""))
    );
    s
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// What `generate` wrote.
pub struct Summary {
    pub roles: usize,
    pub tools: usize,
    /// Bytes of TOML written (lines.txt not counted).
    pub toml_bytes: usize,
    pub lines: usize,
}

/// Writes `scale` copies of the shipped roles and tools under `out`, and
/// `out/lines.txt` with every searchable text of the resulting content
/// (built-in plus generated) one per line. Deterministic: the same scale
/// and shipped content give the same bytes, so benchmarks can reuse a pack.
pub fn generate(scale: usize, out: &Path) -> Result<Summary, Box<dyn std::error::Error>> {
    let base = load(vec![Layer::builtin()]);
    if !base.diagnostics.is_empty() {
        return Err("built-in content does not validate".into());
    }
    std::fs::create_dir_all(out.join("roles"))?;
    let mut lines = String::new();
    // The shipped texts are part of what `--content` searches, so they are
    // part of the shared corpus too.
    for r in &base.roles {
        for d in &r.duties {
            lines.push_str(&d.text);
            lines.push('\n');
        }
        for iq in &r.interview_questions {
            lines.push_str(&iq.question);
            lines.push('\n');
        }
        for o in &r.origins {
            lines.push_str(&o.text);
            lines.push('\n');
        }
    }
    for t in &base.tools {
        lines.push_str(&t.name);
        lines.push('\n');
    }
    let mut bytes = 0usize;
    for k in 1..=scale {
        let mut tools = String::new();
        for t in &base.tools {
            tools.push_str(&tool_toml(t, k, &mut lines));
        }
        bytes += tools.len();
        write(&out.join(format!("tools-{k:05}.toml")), &tools)?;
        for r in &base.roles {
            let text = role_toml(r, k, &mut lines);
            bytes += text.len();
            write(
                &out.join("roles").join(format!("{}-{k:05}.toml", r.id)),
                &text,
            )?;
        }
    }
    write(&out.join("lines.txt"), &lines)?;
    Ok(Summary {
        roles: scale * base.roles.len(),
        tools: scale * base.tools.len(),
        toml_bytes: bytes,
        lines: lines.lines().count(),
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut scale = 1000usize;
    let mut out: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--scale" => scale = args.next().ok_or("--scale needs a number")?.parse()?,
            "-h" | "--help" => {
                println!("usage: gen-content [--scale N] OUT_DIR");
                return Ok(());
            }
            other => out = Some(PathBuf::from(other)),
        }
    }
    let out = out.ok_or("usage: gen-content [--scale N] OUT_DIR")?;
    let s = generate(scale, &out)?;
    eprintln!(
        "wrote {} roles, {} tools ({:.1} MB of TOML) and {} lines to {}",
        s.roles,
        s.tools,
        s.toml_bytes as f64 / 1e6,
        s.lines,
        out.display()
    );
    Ok(())
}
