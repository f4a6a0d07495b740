//! Which content a command loads.

use super::args::Cli;
use crate::content::Layer;
use crate::paths::Paths;
use crate::store::LayerSource;

/// The layers a normal run loads: built-in, user config dir, `--content`.
pub fn layers(cli: &Cli, paths: &Paths) -> Vec<LayerSource> {
    let mut layers = vec![LayerSource::Builtin];
    if !cli.no_user_content
        && let Some(dir) = &paths.user_content
    {
        // A missing default directory is normal (nothing installed); a
        // missing directory the user named in the environment is not.
        if dir.exists() || paths.from_env {
            layers.push(LayerSource::Path(dir.clone()));
        }
    }
    layers.extend(cli.content.iter().cloned().map(LayerSource::Path));
    layers
}

/// The same layers, to be read without the cache (validation reads every
/// file anyway).
pub fn read_layers(sources: &[LayerSource]) -> Vec<Layer> {
    sources
        .iter()
        .map(|s| match s {
            LayerSource::Builtin => Layer::builtin(),
            LayerSource::Path(p) => Layer::from_path(p),
        })
        .collect()
}
