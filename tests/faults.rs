//! Faults in what a user points roledex at: each gives a clear warning, in
//! bounded time and memory, and the built-in content is still served
//! (`roles --format json` lists the six built-in roles and exits 0).
//!
//! Also: roledex never writes to a content directory.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

/// A hang guard, not a speed test: a run still going after this long is
/// killed and fails (a loop or a quadratic walk). Far above what any case
/// takes in a debug build on a loaded machine: the slowest, the 8 MB file
/// of errors, took 2 s on 2 cores at a load average of 9.
const TIME_BOUND: Duration = Duration::from_secs(30);
/// Address-space cap for the child on Linux (KiB): a content problem must
/// never cost gigabytes.
#[cfg(target_os = "linux")]
const MEMORY_CAP_KIB: u64 = 1536 * 1024;

struct Run {
    out: Output,
}

/// Runs `cmd` to its end, killing it (and failing) if it runs past
/// [`TIME_BOUND`]; its output is read all along, so a chatty run never
/// blocks on a full pipe.
fn run_bounded(cmd: &mut Command) -> std::io::Result<Run> {
    fn drain(mut from: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = from.read_to_end(&mut bytes);
            bytes
        })
    }
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdout = drain(child.stdout.take().expect("piped"));
    let stderr = drain(child.stderr.take().expect("piped"));
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > TIME_BOUND {
            let _ = child.kill();
            let _ = child.wait();
            let err = stderr.join().expect("stderr");
            panic!(
                "{cmd:?} still running after {TIME_BOUND:?}, killed; stderr:\n{}",
                truncate(&String::from_utf8_lossy(&err))
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Ok(Run {
        out: Output {
            status,
            stdout: stdout.join().expect("stdout"),
            stderr: stderr.join().expect("stderr"),
        },
    })
}

impl Run {
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    /// Exit 0 and the six built-in roles (and maybe more) listed.
    fn assert_builtin_served(&self) {
        assert!(
            self.out.status.success(),
            "exit {:?}; stderr:\n{}",
            self.out.status,
            self.stderr()
        );
        let roles: Value = serde_json::from_slice(&self.out.stdout).expect("roles JSON");
        let ids: Vec<&str> = roles
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|r| r["id"].as_str())
            .collect();
        for id in common::builtin_role_ids() {
            assert!(ids.contains(&id), "built-in role {id} missing: {ids:?}");
        }
    }

    fn assert_warns(&self, needle: &str) {
        let err = self.stderr();
        assert!(
            err.contains(needle),
            "expected a warning containing {needle:?}; stderr:\n{}",
            truncate(&err)
        );
    }
}

fn truncate(s: &str) -> &str {
    let mut end = s.len().min(4000);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `roledex ARGS` with `content` as the user content directory
/// (`$ROLEDEX_CONTENT_DIR`) and home, config and cache dirs in a temp dir.
fn run_with(content: &Path, home: &Path, args: &[&str]) -> Run {
    let bin = env!("CARGO_BIN_EXE_roledex");
    #[cfg(target_os = "linux")]
    let mut cmd = {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("ulimit -v {MEMORY_CAP_KIB} && exec \"$0\" \"$@\""))
            .arg(bin);
        c
    };
    #[cfg(not(target_os = "linux"))]
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .env("ROLEDEX_CONTENT_DIR", content)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("NO_COLOR");
    run_bounded(&mut cmd).expect("run roledex")
}

fn roles(content: &Path) -> Run {
    let home = tempfile::tempdir().expect("temp home");
    run_with(content, home.path(), &["roles", "--format", "json"])
}

fn pack() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[cfg(unix)]
fn is_root() -> bool {
    // Root reads a chmod 000 directory anyway; detect it by trying.
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `roledex ARGS` as user `nobody` (uid 65534) through `setpriv`, for a
/// root test run; why not, when that is not possible here.
#[cfg(unix)]
fn as_nobody(content: &Path, args: &[&str]) -> Result<Run, String> {
    let run = run_bounded(
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_roledex"))
            .args(args)
            .env("ROLEDEX_CONTENT_DIR", content)
            .env("HOME", content)
            .env("XDG_CONFIG_HOME", content.join("config"))
            .env("XDG_CACHE_HOME", content.join("cache")),
    )
    .map_err(|e| format!("cannot run setpriv (from util-linux): {e}"))?;
    // 126/127: setpriv could not run the binary (a directory on its path
    // closed to `nobody`), which says nothing about roledex.
    if matches!(run.out.status.code(), Some(126 | 127)) {
        return Err(format!(
            "setpriv could not run roledex as nobody: {}",
            run.stderr().trim()
        ));
    }
    Ok(run)
}

#[cfg(unix)]
#[test]
fn unreadable_content_directory_is_reported_and_builtins_served() {
    use std::os::unix::fs::PermissionsExt;
    let dir = pack();
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).expect("mkdir");
    fs::write(locked.join("a.toml"), "[[tools]]\n").expect("write");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let readable_anyway = fs::read_dir(&locked).is_ok();
    let run = if !readable_anyway {
        Ok(roles(dir.path()))
    } else if is_root() {
        // Root reads it anyway (CI runs as root): run roledex as `nobody`.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
        as_nobody(dir.path(), &["roles", "--format", "json"])
    } else {
        Err("this user can read a chmod 000 directory without being root".to_string())
    };
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod back");
    // Not a skip: a run that cannot make the directory unreadable has not
    // tested anything, and must not pass.
    let run = run.unwrap_or_else(|why| {
        panic!(
            "cannot test an unreadable directory here ({why}); run the tests as a \
             user who cannot read a chmod 000 directory, or as root with setpriv"
        )
    });
    run.assert_builtin_served();
    run.assert_warns("cannot read directory");
    run.assert_warns("locked");
}

#[test]
fn a_directory_named_like_a_toml_file_is_walked_not_read() {
    let dir = pack();
    // `foo.toml/` is a directory: it is walked like one (its own files are
    // content), never read as a file; an empty one is simply empty.
    let foo = dir.path().join("foo.toml");
    fs::create_dir(&foo).expect("mkdir");
    fs::create_dir(dir.path().join("empty.toml")).expect("mkdir");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/extras.toml"),
        foo.join("extras.toml"),
    )
    .expect("copy");
    let run = roles(dir.path());
    run.assert_builtin_served();
    assert!(
        !run.stderr().contains("warning"),
        "no warning expected:\n{}",
        run.stderr()
    );
    // Given to `analyze`, a directory is a folder of ads, read as a batch;
    // an empty one is a clear error.
    let home = pack();
    let ad = run_with(dir.path(), home.path(), &["analyze", foo.to_str().unwrap()]);
    assert_eq!(ad.out.status.code(), Some(0), "{}", ad.stderr());
    assert!(String::from_utf8_lossy(&ad.out.stdout).contains("extras.toml"));
    let empty = dir.path().join("empty.toml");
    let none = run_with(
        dir.path(),
        home.path(),
        &["analyze", empty.to_str().unwrap()],
    );
    assert_eq!(none.out.status.code(), Some(1), "{}", none.stderr());
    assert!(
        none.stderr().contains("no job ads to read"),
        "{}",
        none.stderr()
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_walked_once_and_reported() {
    use std::os::unix::fs::symlink;
    let dir = pack();
    // Eight links to the directory itself: walked naively to the depth
    // limit, that is 8^8 directories.
    for i in 0..8 {
        symlink(".", dir.path().join(format!("loop{i}"))).expect("symlink");
    }
    // Two file links pointing at each other.
    symlink("b.toml", dir.path().join("a.toml")).expect("symlink");
    symlink("a.toml", dir.path().join("b.toml")).expect("symlink");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/extras.toml"),
        dir.path().join("extras.toml"),
    )
    .expect("copy");
    let run = roles(dir.path());
    run.assert_builtin_served();
    run.assert_warns("was already read (symlink loop?); skipped");
    run.assert_warns("a.toml: cannot read");
    // The real file was read once: no duplicate-id noise from the loops.
    assert!(
        !run.stderr().contains("duplicate"),
        "{}",
        truncate(&run.stderr())
    );
}

#[cfg(unix)]
#[test]
fn a_file_that_disappears_while_loading_is_reported() {
    use std::os::unix::fs::symlink;
    let dir = pack();
    // Listed by the directory walk, gone when it is read: a dangling link
    // is exactly that, without a race.
    symlink(
        dir.path().join("deleted.toml"),
        dir.path().join("gone.toml"),
    )
    .expect("symlink");
    let run = roles(dir.path());
    run.assert_builtin_served();
    run.assert_warns("gone.toml: cannot read");
}

#[test]
fn a_50_mb_file_is_rejected_without_reading_it() {
    let dir = pack();
    let big = dir.path().join("big.toml");
    // Sparse: 50 MB on paper, no time to write.
    let f = fs::File::create(&big).expect("create");
    f.set_len(50 * 1024 * 1024).expect("set_len");
    drop(f);
    let run = roles(dir.path());
    run.assert_builtin_served();
    run.assert_warns("big.toml");
    run.assert_warns("content files are limited to");
}

#[test]
fn a_file_just_under_the_limit_with_an_error_in_every_entry_is_bounded() {
    let dir = pack();
    // ~8 MB, 120 000 tools each with a bad id: every entry is a diagnostic.
    let entry = "[[tools]]\nid = \"Bad Id\"\nname = \"T\"\ncategory = \"c\"\ndescription = \"d\"\n";
    let n = (roledex::content::files::MAX_FILE_BYTES as usize - 1024) / entry.len();
    fs::write(dir.path().join("bad.toml"), entry.repeat(n)).expect("write");
    // And a role with thousands of unknown references on one line.
    let refs = vec!["\"nope\""; 20_000].join(", ");
    fs::write(
        dir.path().join("refs.toml"),
        format!(
            "id = \"refs\"\ntitle = \"R\"\nsummary = \"s\"\nsources = [{refs}]\n[profile]\n\
             focus = \"f\"\nserves = \"s\"\naudience = \"a\"\ndistance_from_app_code = \"far\"\n\
             typical_org = \"o\"\ntypical_day = \"d\"\nownership = \"o\"\nmeasured_by = \"m\"\n"
        ),
    )
    .expect("write");
    let run = roles(dir.path());
    run.assert_builtin_served();
    run.assert_warns("tool id `Bad Id` must be lowercase");
    run.assert_warns("more unknown source or tool id(s) not listed");
}

#[test]
fn deeply_nested_toml_is_an_error_not_a_stack_overflow() {
    let dir = pack();
    let n = 100_000;
    fs::write(
        dir.path().join("arrays.toml"),
        format!("a = {}{}\n", "[".repeat(n), "]".repeat(n)),
    )
    .expect("write");
    fs::write(
        dir.path().join("tables.toml"),
        format!("a = {}1{}\n", "{a=".repeat(n), "}".repeat(n)),
    )
    .expect("write");
    fs::write(
        dir.path().join("headers.toml"),
        format!("[{}]\n", vec!["a"; n].join(".")),
    )
    .expect("write");
    fs::write(
        dir.path().join("unclosed.toml"),
        format!("a = {}\n", "[{a=".repeat(n)),
    )
    .expect("write");
    let run = roles(dir.path());
    run.assert_builtin_served();
    for f in [
        "arrays.toml",
        "tables.toml",
        "headers.toml",
        "unclosed.toml",
    ] {
        run.assert_warns(f);
    }
    run.assert_warns("recurs");
}

// ------------------------------------------------- nothing written to content

/// What a path under a watched directory looks like: size, modification
/// time and, for a file, its bytes.
type Look = (u64, Option<SystemTime>, Option<Vec<u8>>);

/// Every path under `dir` (itself included), as it looks.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Look> {
    walk(dir)
        .into_iter()
        .map(|p| {
            let meta = fs::symlink_metadata(&p).expect("metadata");
            let bytes = meta.is_file().then(|| fs::read(&p).expect("read"));
            (p, (meta.len(), meta.modified().ok(), bytes))
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if fs::symlink_metadata(&d).expect("metadata").is_dir() {
            for e in fs::read_dir(&d).expect("read_dir") {
                stack.push(e.expect("entry").path());
            }
        }
        out.push(d);
    }
    out
}

/// Sets the modification time of every file and directory under `dir`
/// a day back: anything written there later has a later time, however
/// fast it follows and however coarse the file system's clock.
fn age(dir: &Path) {
    let old = SystemTime::now() - Duration::from_secs(24 * 3600);
    for p in walk(dir) {
        fs::File::open(&p)
            .and_then(|f| f.set_modified(old))
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    }
}

#[test]
fn no_command_writes_to_a_content_directory() {
    let dir = pack();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir(dir.path().join("roles")).expect("mkdir");
    for f in ["extras.toml", "roles/mlops.toml"] {
        fs::copy(root.join("tests/fixtures/good").join(f), dir.path().join(f)).expect("copy");
    }
    fs::write(dir.path().join("broken.toml"), "this is = = not toml").expect("write");
    // Big enough for the content cache, so its writes are watched too.
    fs::write(dir.path().join("generated.toml"), generated_tools(5000)).expect("write");
    let ad = root.join("tests/fixtures/ads/01-devops-fintech-squad.md");
    let ad = ad.to_str().expect("utf-8");
    age(dir.path());
    let before = snapshot(dir.path());
    let home = pack();
    let content = dir.path().to_str().expect("utf-8");
    let commands: &[&[&str]] = &[
        &["roles"],
        &["roles", "--format", "json"],
        &["show", "devops", "--format", "markdown"],
        &["compare", "devops", "platform", "sre"],
        &["search", "terraform"],
        &["tool", "terraform"],
        &["tools", "--format", "json"],
        &["analyze", ad],
        &["validate"],
        &["validate", content],
        &["paths"],
    ];
    for args in commands {
        let mut all = vec!["--content", content];
        all.extend_from_slice(args);
        let run = run_with(dir.path(), home.path(), &all);
        assert!(run.out.status.code().is_some(), "{args:?} crashed");
    }
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a command changed the content directory"
    );
    // What roledex does write, the cache, went to the cache directory.
    assert!(
        !cache_files(home.path(), ".bin").is_empty(),
        "no cache file in {}",
        home.path().display()
    );
}

// ------------------------------------------------------------ content cache

/// A tools file of `n` generated entries (about 130 bytes each).
fn generated_tools(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "[[tools]]\nid = \"gen-{i}\"\nname = \"Generated {i}\"\ncategory = \"Test\"\n\
                 description = \"A generated tool, number {i}, for the cache tests.\"\n\n"
            )
        })
        .collect()
}

/// Files in the cache directory under `home` whose names end with `suffix`.
fn cache_files(home: &Path, suffix: &str) -> Vec<PathBuf> {
    let dir = home.join("cache/roledex");
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

#[test]
fn a_corrupt_or_unreadable_cache_file_is_set_aside_with_a_warning_and_rebuilt() {
    let dir = pack();
    fs::write(dir.path().join("generated.toml"), generated_tools(5000)).expect("write");
    let home = pack();
    let run = || run_with(dir.path(), home.path(), &["roles", "--format", "json"]);
    let no_cache_warning = |r: &Run| {
        assert!(!r.stderr().contains("content cache"), "{}", r.stderr());
    };

    let first = run();
    first.assert_builtin_served();
    no_cache_warning(&first);
    let cached = cache_files(home.path(), ".bin");
    assert_eq!(cached.len(), 1, "one cache file: {cached:?}");
    let file = &cached[0];

    // Damaged: one byte flipped.
    let mut bytes = fs::read(file).expect("read cache");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    fs::write(file, &bytes).expect("write cache");
    let damaged = run();
    damaged.assert_builtin_served();
    assert_eq!(
        damaged.out.stdout, first.out.stdout,
        "same content after a damaged cache"
    );
    damaged.assert_warns("content cache");
    damaged.assert_warns("set aside");
    let aside = cache_files(home.path(), ".corrupt");
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        fs::read(&aside[0]).expect("read"),
        bytes,
        "set aside as it was"
    );
    // Rebuilt: the next run reads it without a word.
    let again = run();
    no_cache_warning(&again);
    assert_eq!(again.out.stdout, first.out.stdout);

    // Unreadable (here: a directory where the file should be). Never
    // silently replaced: set aside with a warning, then rebuilt.
    fs::remove_file(file).expect("remove");
    fs::create_dir(file).expect("mkdir");
    fs::write(file.join("keep"), "mine").expect("write");
    let unreadable = run();
    unreadable.assert_builtin_served();
    assert_eq!(unreadable.out.stdout, first.out.stdout);
    unreadable.assert_warns("content cache");
    assert!(file.is_file(), "rebuilt as a file");
    let kept: Vec<PathBuf> = cache_files(home.path(), ".corrupt");
    assert!(
        kept.iter().any(|p| p.join("keep").is_file()),
        "the unreadable entry was set aside, not lost: {kept:?}"
    );
}

/// `roledex search` reads only the search part of the cache; it must say
/// exactly what a full load says, and see a change at once, even one that
/// keeps the file's size and modification time.
#[test]
fn a_cached_search_matches_a_full_load_and_sees_every_change() {
    let dir = pack();
    let file = dir.path().join("generated.toml");
    fs::write(&file, generated_tools(5000)).expect("write");
    let home = pack();
    let search = |q: &str| {
        run_with(
            dir.path(),
            home.path(),
            &["search", q, "--limit", "5", "--color", "never"],
        )
    };
    // With an empty cache directory: a full load (which then caches).
    let full = |q: &str| {
        let no_cache = pack();
        run_with(
            dir.path(),
            no_cache.path(),
            &["search", q, "--limit", "5", "--color", "never"],
        )
    };
    let first = search("generated 4999");
    assert!(!cache_files(home.path(), ".bin").is_empty(), "cached");
    let cached = search("generated 4999");
    assert_eq!(cached.out.stdout, first.out.stdout);
    assert_eq!(cached.out.stdout, full("generated 4999").out.stdout);
    assert!(
        String::from_utf8_lossy(&cached.out.stdout).contains("Generated 4999"),
        "{}",
        String::from_utf8_lossy(&cached.out.stdout)
    );
    // Same length, same modification time: only the content changed.
    let before = fs::metadata(&file)
        .expect("meta")
        .modified()
        .expect("mtime");
    let text = fs::read_to_string(&file)
        .expect("read")
        .replace("name = \"Generated 4999\"", "name = \"Generated 9999\"");
    fs::write(&file, text).expect("write");
    fs::File::options()
        .append(true)
        .open(&file)
        .expect("open")
        .set_modified(before)
        .expect("set mtime");
    let changed = search("generated 9999");
    assert!(
        String::from_utf8_lossy(&changed.out.stdout).contains("Generated 9999"),
        "stale: {}",
        String::from_utf8_lossy(&changed.out.stdout)
    );
    assert_eq!(changed.out.stdout, full("generated 9999").out.stdout);
    // The cached part reports content problems like a full load.
    fs::write(dir.path().join("bad.toml"), "[[tools]]\nid = \"Bad Id\"\n").expect("write");
    let _ = search("generated");
    let warned = search("generated");
    warned.assert_warns("problem(s) in user content");
}

// ------------------------------------------------ the browser reading an ad

#[cfg(unix)]
#[test]
fn the_browser_reads_an_ad_file_bounded_and_refuses_devices() {
    use roledex::catalog::Catalog;
    use roledex::tui::theme::Theme;
    use roledex::tui::update::update;
    use roledex::tui::{Action, App, Screen};

    let mut app = App::new(Catalog::builtin(), Theme::mono());
    // `e` (export) in key sequences writes here, never into the checkout.
    app.export_dir = Some(std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
    update(&mut app, Action::Goto(Screen::Analyze));
    // A device that never ends, and a directory: refused at once, by what
    // they are, before any read (the status says which check refused).
    for path in ["/dev/zero", "/tmp"] {
        app.analyze.text.set(path.to_string());
        update(&mut app, Action::LoadFile);
        // The file is read on a worker thread, as the UI does.
        roledex::tui::update::finish_work(&mut app, std::time::Duration::from_secs(20));
        let status = app.status.clone().unwrap_or_default();
        assert!(status.contains("not a regular file"), "{path}: {status}");
    }
    // A huge file: only what the analyzer reads is loaded.
    let dir = pack();
    let big = dir.path().join("ad.txt");
    fs::write(
        &big,
        "We run Terraform and Kubernetes on-call. ".repeat(100_000),
    )
    .expect("write");
    app.analyze.text.set(big.display().to_string());
    update(&mut app, Action::LoadFile);
    roledex::tui::update::finish_work(&mut app, std::time::Duration::from_secs(20));
    assert!(app.analyze.text.value().len() <= roledex::analyze::MAX_ANALYSED_BYTES);
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("Read the first"), "{status}");
}
