//! The built-in content as build.rs prepared it: parsed and validated at
//! build time, decoded here in a fraction of the time parsing takes.

use super::binary::{Bin, Reader};
use super::load::Loaded;

static PREPARED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.bin"));

/// The built-in content, exactly what `load(vec![Layer::builtin()])`
/// gives (a test holds the two equal).
pub fn builtin() -> Loaded {
    let mut r = Reader {
        bytes: PREPARED,
        at: 0,
    };
    match Loaded::get(&mut r) {
        Ok(loaded) if r.at == r.bytes.len() => loaded,
        // Written by this very build: only a bug in the codec gets here.
        _ => panic!("the prepared built-in content does not decode"),
    }
}

#[cfg(test)]
mod tests {
    use crate::content::{Layer, load};

    #[test]
    fn the_prepared_content_is_what_parsing_gives() {
        let parsed = load(vec![Layer::builtin()]);
        let prepared = super::builtin();
        assert!(parsed.diagnostics.is_empty());
        assert_eq!(prepared.roles, parsed.roles);
        assert_eq!(prepared.tools, parsed.tools);
        assert_eq!(prepared.sources, parsed.sources);
        assert_eq!(prepared.guide, parsed.guide);
        assert_eq!(prepared.files, parsed.files);
        assert_eq!(prepared.diagnostics, parsed.diagnostics);
    }
}
