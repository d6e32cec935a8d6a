//! Carrying an old results folder's entries into the new one: what is
//! negsim's is replaced, everything else is kept.

use std::fs;
use std::path::Path;

/// How an old folder's entries are carried into a new one.
pub(super) struct Rules<'a> {
    /// Whether a top-level name is negsim's.
    pub(super) owns: &'a dyn Fn(&str) -> bool,
    /// Keep negsim's files the new folder does not have.
    pub(super) keep_owned: bool,
    pub(super) how: Keep,
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Keep {
    /// Hard link (copy where links are not possible): the old folder stays
    /// whole until the swap.
    Link,
    /// Rename: the old folder is about to be removed.
    Move,
}

/// Carry the entries of `old/rel` into `new/rel`. An entry is negsim's when
/// its top-level name is claimed by `rules.owns`, or it is a chart (PNG,
/// SVG) inside a claimed folder. Entries that are not negsim's are always
/// kept; one the new folder also has is kept as `NAME.kept`. Pushes the
/// top-level names of negsim's entries kept to `kept`.
pub(super) fn carry_over(
    old: &Path,
    new: &Path,
    rel: &Path,
    owned_dir: bool,
    rules: &Rules,
    kept: &mut Vec<String>,
) -> std::io::Result<()> {
    let top = rel.as_os_str().is_empty();
    for e in fs::read_dir(old.join(rel))? {
        let e = e?;
        let name = e.file_name();
        let shown = name.to_string_lossy();
        if top && shown.starts_with('.') && shown.contains(".tmp-") {
            continue;
        }
        let r = rel.join(&name);
        let is_dir = e.file_type()?.is_dir();
        let owned = if top {
            (rules.owns)(&shown)
        } else {
            owned_dir && !is_dir && is_chart(&r)
        };
        let dest = new.join(&r);
        let dest_meta = fs::symlink_metadata(&dest).ok();
        if is_dir && dest_meta.as_ref().is_some_and(|m| m.is_dir()) {
            carry_over(
                old,
                new,
                &r,
                if top { owned } else { owned_dir },
                rules,
                kept,
            )?;
            continue;
        }
        if owned {
            if dest_meta.is_none() && rules.keep_owned {
                keep(&e.path(), &dest, rules.how)?;
                if top {
                    kept.push(shown.into_owned());
                }
            }
            continue;
        }
        let mut dest = dest;
        if dest_meta.is_some() {
            if same_file(&e.path(), &dest) {
                continue;
            }
            dest = new.join(rel).join(format!("{shown}.kept"));
            if fs::symlink_metadata(&dest).is_ok() {
                continue;
            }
        }
        keep(&e.path(), &dest, rules.how)?;
    }
    Ok(())
}

fn is_chart(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("png" | "svg")
    )
}

/// Whether two paths are the same file (a hard link made by [`keep`]).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Keep `from` at `to`: a folder by keeping each of its entries.
fn keep(from: &Path, to: &Path, how: Keep) -> std::io::Result<()> {
    if how == Keep::Move {
        return fs::rename(from, to);
    }
    let meta = fs::symlink_metadata(from)?;
    if meta.is_dir() {
        fs::create_dir(to)?;
        for e in fs::read_dir(from)? {
            let e = e?;
            keep(&e.path(), &to.join(e.file_name()), how)?;
        }
        return Ok(());
    }
    #[cfg(unix)]
    if meta.file_type().is_symlink() {
        return std::os::unix::fs::symlink(fs::read_link(from)?, to);
    }
    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
}
