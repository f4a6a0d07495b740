//! Why a cache file could not be used: each is set aside and rebuilt, and
//! the message goes into the warning the user sees.

use std::io;

#[derive(Debug, thiserror::Error)]
pub(super) enum Damage {
    #[error("cannot read it: {0}")]
    Unreadable(#[from] io::Error),
    #[error("not a roledex cache file")]
    NotOurs,
    #[error("{found} bytes where {written} were written")]
    WrongSize { found: u64, written: u64 },
    #[error("{0} truncated")]
    Truncated(&'static str),
    #[error("checksum mismatch")]
    Checksum,
    #[error("trailing bytes")]
    Trailing,
    /// A body that passed its checksum and still does not decode.
    #[error("{0}")]
    Decode(String),
    #[error("a part is too big for this machine")]
    TooBig,
}

impl From<crate::content::binary::Bad> for Damage {
    fn from(b: crate::content::binary::Bad) -> Damage {
        Damage::Decode(b.0)
    }
}
