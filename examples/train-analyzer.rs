//! Trains the job-ad reader on the labelled real postings and writes its
//! weights to content/reader/model.toml, after printing the k-fold
//! cross-validated figures beside the title alone.
//!
//! Usage: cargo run --release --example train-analyzer [-- --check] [DIR]
//!
//! DIR defaults to tests/fixtures/real-ads. The content is read from the
//! `content/` folder on disk (not the copy built into the binary), so a
//! change to the cues needs no rebuild. `--check` prints the figures and
//! writes nothing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use roledex::Catalog;
use roledex::analyze::features::Tables;
use roledex::analyze::train;
use roledex::content::{Layer, load};

fn main() -> ExitCode {
    let mut check = false;
    let mut dir = PathBuf::from("tests/fixtures/real-ads");
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--check" => check = true,
            "-h" | "--help" => {
                eprintln!("usage: train-analyzer [--check] [DIR]");
                return ExitCode::SUCCESS;
            }
            _ => dir = PathBuf::from(a),
        }
    }
    let loaded = load(vec![Layer::from_path(Path::new("content"))]);
    for d in &loaded.diagnostics {
        eprintln!("{d}");
    }
    let cat = Catalog::new(loaded);
    let tables = Tables::new(&cat);
    let ads = match train::read_dev_set(&dir) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let examples = train::examples(&tables, &ads);
    let lambda = std::env::var("TRAIN_LAMBDA")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(train::LAMBDA);
    let preds = train::cross_validate(&cat, &examples, train::FOLDS, lambda);
    let (high, medium, mismatch) = train::bars(&preds);
    let card = train::evaluate(&preds, high, medium, mismatch);
    let summary = train::summary(&card);
    println!(
        "{}-fold cross-validation on {} postings (bars: high ≥ {high:.2}, medium ≥ {medium:.2}, title flagged ≥ {mismatch:.2}):",
        train::FOLDS,
        examples.len()
    );
    for line in card.lines() {
        println!("  {line}");
    }
    println!("confusion (labelled → read):");
    for (label, row) in &card.confusion {
        let cells: Vec<String> = row.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!("  {label:<15} {}", cells.join(", "));
    }
    if std::env::var_os("TRAIN_VERBOSE").is_some() {
        for p in &preds {
            let mark = if p.label.accepts(&p.class) {
                " "
            } else {
                "✗"
            };
            println!(
                "{mark} {:<60} {:<15} {:.2}  (labelled {}{})",
                p.label.file,
                p.class,
                p.probability,
                p.label.best,
                p.label
                    .second
                    .as_deref()
                    .map(|s| format!("/{s}"))
                    .unwrap_or_default()
            );
        }
    }
    if check {
        return ExitCode::SUCCESS;
    }
    let trained_on = format!(
        "{} labelled real postings in tests/fixtures/real-ads; {}-fold cross-validation: {summary}",
        examples.len(),
        train::FOLDS
    );
    let model = train::train(&cat, &tables, &examples, &trained_on);
    let out = Path::new("content/reader/model.toml");
    let tmp = out.with_extension("toml.tmp");
    let text = train::to_toml(&model);
    if let Err(e) = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, out)) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {}", out.display());
    ExitCode::SUCCESS
}
