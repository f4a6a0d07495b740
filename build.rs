//! Prepares the built-in content at build time: parses and validates the
//! TOML under content/ with the program's own loader (the same source
//! files, compiled into this script) and writes it in the content's binary
//! form, which a start decodes in a fraction of the time parsing takes.
//! Built-in content with any error fails the build, with the error.

use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/par.rs"]
mod par;
#[allow(dead_code)]
#[path = "src/suggest.rs"]
mod suggest;

// Only the loading half of these modules is used here.
#[allow(dead_code, unused_imports)]
mod content {
    #[path = "../src/content/binary.rs"]
    pub mod binary;
    #[path = "../src/content/builtin.rs"]
    pub mod builtin;
    #[path = "../src/content/diag.rs"]
    pub mod diag;
    #[path = "../src/content/files.rs"]
    pub mod files;
    #[path = "../src/content/load.rs"]
    pub mod load;
    #[path = "../src/content/located.rs"]
    mod located;
    #[path = "../src/content/model.rs"]
    pub mod model;
    #[path = "../src/content/recover.rs"]
    mod recover;
    #[path = "../src/content/schema.rs"]
    mod schema;
    #[path = "../src/content/validate.rs"]
    mod validate;
}

fn main() {
    for watched in [
        "content",
        "src/content",
        "src/par.rs",
        "src/suggest.rs",
        "build.rs",
    ] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let loaded = content::load::load(vec![content::files::Layer::builtin()]);
    if !loaded.diagnostics.is_empty() {
        let all: Vec<String> = loaded.diagnostics.iter().map(|d| d.headline()).collect();
        panic!(
            "the built-in content has {} error(s):\n{}",
            all.len(),
            all.join("\n")
        );
    }
    let mut bytes = Vec::new();
    content::binary::Bin::put(&loaded, &mut bytes);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("builtin.bin"), bytes).expect("write the prepared content");
}
