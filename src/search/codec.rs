//! A corpus as bytes, for the content cache: written once when the cache is
//! made, read back without rebuilding the corpus from the content.
