//! Helpers shared by every area of the integration tests: where the
//! repository and its configs are, temporary folders, running the `negsim`
//! binary and judging how it ended ([`process`]), folders and files
//! ([`files`]), CSV files ([`csv_file`]), decoded PNG pictures ([`image`])
//! and SVG documents ([`svg`]).

pub mod csv_file;
pub mod files;
pub mod image;
pub mod process;
pub mod svg;

pub use csv_file::*;
pub use files::*;
pub use process::*;

use std::fs;
use std::path::{Path, PathBuf};

/// The four preset strategies, in the order of the default config.
pub const PRESETS: [&str; 4] = ["open", "guarded", "mirroring", "probing"];

/// The root of the repository (the crate's folder).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `configs/NAME` of the repository.
pub fn config(name: &str) -> PathBuf {
    repo().join("configs").join(name)
}

/// `tests/configs/six-strategies.toml`: the presets and two variants, for
/// the charts with six strategies (kept out of `configs/`, whose files seed
/// the fuzzer).
pub fn six_config() -> PathBuf {
    repo().join("tests/configs/six-strategies.toml")
}

/// Every `.toml` file in `configs/`, sorted.
pub fn all_configs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(repo().join("configs"))
        .expect("configs/ is readable")
        .map(|e| e.expect("configs/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "configs/ holds no .toml file");
    v
}

/// A path as a command-line argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// A fresh temporary folder, removed when dropped.
pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}
