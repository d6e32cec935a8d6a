//! Folders and files: listings, byte snapshots, copies, the leftovers a
//! command may leave, and a results folder's `manifest.json`.

use std::collections::BTreeMap;
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

/// Every regular file under `dir` (recursively, relative names) with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).expect("read folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("under base");
                out.insert(
                    rel.to_string_lossy().into_owned(),
                    fs::read(&p).expect("read file"),
                );
            }
        }
    }
    let mut m = BTreeMap::new();
    walk(dir, dir, &mut m);
    m
}

/// Copy the files (not sub-folders) of `from` into a new folder `to`.
pub fn copy_files(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for e in fs::read_dir(from).expect("read folder") {
        let p = e.expect("entry").path();
        if p.is_file() {
            fs::copy(&p, to.join(p.file_name().expect("name"))).expect("copy file");
        }
    }
}

/// Copy a whole results folder (files and charts/).
pub fn copy_results(from: &Path, to: &Path) {
    copy_files(from, to);
    if from.join("charts").is_dir() {
        copy_files(&from.join("charts"), &to.join("charts"));
    }
}

/// Temporary or backup entries a command may have left inside the results
/// folder `dir` or its `charts/`.
pub fn leftovers_inside(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = entries(dir)
        .into_iter()
        .filter(|n| n.starts_with('.') || n.contains(".tmp") || n.contains(".old"))
        .collect();
    v.extend(
        entries(&dir.join("charts"))
            .into_iter()
            .filter(|n| n.starts_with('.') || n.contains(".tmp"))
            .map(|n| format!("charts/{n}")),
    );
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
