//! The corpus's arrays, either its own or read in place from bytes it
//! shares with other arrays (the content cache's file, mapped): with a
//! big pack those are a hundred megabytes, and copying them into fresh
//! memory was most of what a cached `roledex search` cost, while a
//! 20-hit answer reads a small part of them. Either way the corpus reads
//! them as slices.

use std::ops::Deref;
use std::sync::Arc;

use bytemuck::Pod;

/// Bytes shared by the arrays that view them, kept alive by them.
pub(crate) type Shared = Arc<Bytes>;

/// A mapped file, or a buffer (tests). An enum rather than a trait object:
/// the scan of a big corpus reads a slab per entry, and a call through a
/// vtable for each was a few percent of it.
pub(crate) enum Bytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Bytes {
    #[inline]
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Bytes {
        Bytes::Owned(v)
    }
}

/// Values stored little-endian.
pub(crate) trait Le: Pod {
    fn to_native(self) -> Self;
}

impl Le for u8 {
    fn to_native(self) -> u8 {
        self
    }
}

impl Le for u32 {
    fn to_native(self) -> u32 {
        u32::from_le(self)
    }
}

impl Le for u64 {
    fn to_native(self) -> u64 {
        u64::from_le(self)
    }
}

/// An array of `T`, owned or viewed in shared bytes.
pub(crate) struct Slab<T: Le>(Inner<T>);

enum Inner<T> {
    Own(Vec<T>),
    /// `len` values from byte `at`, aligned for `T` (checked when made).
    View {
        bytes: Shared,
        at: usize,
        len: usize,
    },
}

impl<T: Le> Slab<T> {
    /// The `len` values stored from byte `at` of `bytes`, in place when
    /// they are aligned and this machine is little-endian, else copied;
    /// `None` when they do not fit in `bytes`.
    pub(crate) fn view(bytes: &Shared, at: usize, len: usize) -> Option<Slab<T>> {
        let size = std::mem::size_of::<T>();
        let end = len.checked_mul(size).and_then(|n| n.checked_add(at))?;
        let raw = (**bytes).as_ref().get(at..end)?;
        if cfg!(target_endian = "little") && bytemuck::try_cast_slice::<u8, T>(raw).is_ok() {
            return Some(Slab(Inner::View {
                bytes: Arc::clone(bytes),
                at,
                len,
            }));
        }
        Some(Slab(Inner::Own(
            raw.chunks_exact(size)
                .map(|c| bytemuck::pod_read_unaligned::<T>(c).to_native())
                .collect(),
        )))
    }

    /// Whether the values are read in place (for tests).
    #[cfg(test)]
    pub(crate) fn is_view(&self) -> bool {
        matches!(self.0, Inner::View { .. })
    }
}

impl<T: Le> Deref for Slab<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match &self.0 {
            Inner::Own(v) => v,
            Inner::View { bytes, at, len } => {
                // In range and aligned: checked when the view was made,
                // and the bytes never change.
                let raw = &(**bytes).as_ref()[*at..*at + *len * std::mem::size_of::<T>()];
                bytemuck::cast_slice(raw)
            }
        }
    }
}

impl<'a, T: Le> IntoIterator for &'a Slab<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> std::slice::Iter<'a, T> {
        self.iter()
    }
}

impl<T: Le> From<Vec<T>> for Slab<T> {
    fn from(v: Vec<T>) -> Slab<T> {
        Slab(Inner::Own(v))
    }
}

impl From<String> for Slab<u8> {
    fn from(s: String) -> Slab<u8> {
        Slab(Inner::Own(s.into_bytes()))
    }
}

impl<T: Le> Default for Slab<T> {
    fn default() -> Slab<T> {
        Slab(Inner::Own(Vec::new()))
    }
}

impl<T: Le> Clone for Slab<T> {
    fn clone(&self) -> Slab<T> {
        Slab(match &self.0 {
            Inner::Own(v) => Inner::Own(v.clone()),
            Inner::View { bytes, at, len } => Inner::View {
                bytes: Arc::clone(bytes),
                at: *at,
                len: *len,
            },
        })
    }
}

impl<T: Le + PartialEq> PartialEq for Slab<T> {
    fn eq(&self, other: &Slab<T>) -> bool {
        **self == **other
    }
}

impl<T: Le + Eq> Eq for Slab<T> {}

impl<T: Le> std::fmt::Debug for Slab<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Slab({} values)", self.len())
    }
}

/// A string of a text slab: `None` when the range is out of bounds or not
/// UTF-8 (text slabs are checked when read back, string by string, so a
/// damaged one is never sliced inside a character).
pub(crate) fn str_at(text: &[u8], at: usize, end: usize) -> Option<&str> {
    std::str::from_utf8(text.get(at..end)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_values_are_viewed_in_place_and_others_copied_alike() {
        let mut bytes = vec![0u8; 4];
        for v in [1u32, 2, 0xdead_beef] {
            bytes.extend(v.to_le_bytes());
        }
        bytes.push(0);
        // (A fresh buffer from the allocator is aligned for u32s.)
        let aligned: Shared = Arc::new(Bytes::from(bytes));
        let s = Slab::<u32>::view(&aligned, 4, 3).expect("fits");
        assert_eq!(&*s, &[1, 2, 0xdead_beef]);
        let odd = Slab::<u32>::view(&aligned, 5, 3).expect("fits");
        assert!(!odd.is_view());
        assert_eq!(odd.len(), 3);
        assert!(Slab::<u32>::view(&aligned, 8, 3).is_none(), "past the end");
        assert!(Slab::<u32>::view(&aligned, 0, usize::MAX).is_none());
        assert_eq!(str_at(b"ab\xc3\xa9", 0, 4), Some("abé"));
        assert_eq!(str_at(b"ab\xc3\xa9", 0, 3), None);
        assert_eq!(str_at(b"ab", 1, 5), None);
    }
}
