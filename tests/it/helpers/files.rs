//! Folders and files: listings, the leftovers a command may leave, and a
//! results folder's `manifest.json`.

use std::fs;
use std::path::Path;

/// Names in `dir` (not recursive), sorted; none if it cannot be read.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Hidden leftovers of a results folder `name` next to it in `dir`
/// (`.name.tmp-*`, `.name.old`, ...).
pub fn leftovers_beside(dir: &Path, name: &str) -> Vec<String> {
    let prefix = format!(".{name}.");
    entries(dir)
        .into_iter()
        .filter(|e| e.starts_with(&prefix))
        .collect()
}

/// The `manifest.json` of the results folder `dir`.
pub fn read_manifest(dir: &Path) -> serde_json::Value {
    let path = dir.join("manifest.json");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}
