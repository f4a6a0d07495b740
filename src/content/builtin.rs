//! The shipped content, embedded in the binary.

/// The shipped content, embedded so the binary runs from anywhere, offline.
/// `tests` checks that every file under `content/` is listed here.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("sources.toml", include_str!("../../content/sources.toml")),
    ("tools.toml", include_str!("../../content/tools.toml")),
    ("guide.toml", include_str!("../../content/guide.toml")),
    ("search.toml", include_str!("../../content/search.toml")),
    (
        "reader/cues.toml",
        include_str!("../../content/reader/cues.toml"),
    ),
    (
        "reader/sections.toml",
        include_str!("../../content/reader/sections.toml"),
    ),
    (
        "reader/model.toml",
        include_str!("../../content/reader/model.toml"),
    ),
    (
        "roles/devops.toml",
        include_str!("../../content/roles/devops.toml"),
    ),
    (
        "roles/platform.toml",
        include_str!("../../content/roles/platform.toml"),
    ),
    (
        "roles/infrastructure.toml",
        include_str!("../../content/roles/infrastructure.toml"),
    ),
    (
        "roles/sre.toml",
        include_str!("../../content/roles/sre.toml"),
    ),
    (
        "roles/systems.toml",
        include_str!("../../content/roles/systems.toml"),
    ),
    (
        "roles/integration.toml",
        include_str!("../../content/roles/integration.toml"),
    ),
];
