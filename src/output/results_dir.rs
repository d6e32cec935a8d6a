//! Writing whole or not at all. A folder is written as `.NAME.tmp-PID` next
//! to its target and renamed into place when complete ([`ResultsDir`]); a
//! file is written as `.NAME.tmp-PID` in its folder and renamed
//! ([`write_atomic`]). Temporaries left by killed processes are removed the
//! next time the same target is written. [`results_folder`] checks that a
//! path is a results folder and says which kind ([`redraw`] draws its
//! charts).

use crate::error::{Error, Result};
use crate::output::figures::draw_sweep;
use crate::output::manifest::{Kind, Manifest};
use std::fs;
use std::path::{Path, PathBuf};

/// A folder being written: a temporary folder next to `target` that becomes
/// `target` on [`ResultsDir::commit`] (or whose files move into `target` on
/// [`ResultsDir::commit_files`]), or disappears if dropped uncommitted.
pub struct ResultsDir {
    target: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl ResultsDir {
    /// Prepare to write the results folder `target`. Refuses when `target`
    /// is not a folder (even with `force`), or holds results of a different
    /// experiment (or anything that is not a negsim results folder) unless
    /// `force`.
    pub fn create(target: &Path, fingerprint: &str, force: bool) -> Result<Self> {
        // Never replace a file, a device or a link, even with --force.
        if let Ok(meta) = fs::symlink_metadata(target)
            && !meta.is_dir()
        {
            return Err(write_error(
                target,
                "it exists and is not a folder; choose another --out".into(),
            ));
        }
        if target.exists()
            && !force
            && let Some(reason) = refusal(target, fingerprint)
        {
            return Err(Error::ResultsExist {
                path: target.to_path_buf(),
                reason,
            });
        }
        let parent = parent_of(target);
        if let Some(bad) = parent.ancestors().find(|a| a.exists() && !a.is_dir()) {
            return Err(write_error(
                target,
                format!("{} is not a folder", bad.display()),
            ));
        }
        fs::create_dir_all(parent)
            .map_err(|e| write_error(target, format!("cannot create {}: {e}", parent.display())))?;
        Self::stage(target)
    }

    /// Prepare to write `target` (a folder whose parent exists), with no
    /// questions asked: for folders negsim owns, such as `charts/`.
    pub fn stage(target: &Path) -> Result<Self> {
        let parent = parent_of(target);
        remove_stale(parent, &file_name(target));
        let tmp = temporary(target);
        if tmp.exists() {
            let _ = fs::remove_dir_all(&tmp);
        }
        fs::create_dir(&tmp).map_err(|e| {
            write_error(
                target,
                format!("cannot create a folder in {}: {e}", parent.display()),
            )
        })?;
        Ok(ResultsDir {
            target: target.to_path_buf(),
            tmp,
            committed: false,
        })
    }

    /// The folder being written (temporary until committed).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Path of a file inside the folder being written.
    pub fn file(&self, name: &str) -> PathBuf {
        self.tmp.join(name)
    }

    /// Move the finished folder into place, replacing an older one.
    pub fn commit(mut self) -> Result<PathBuf> {
        let werr = |e| Error::Write {
            path: self.target.clone(),
            source: e,
        };
        if self.target.exists() {
            let old = self.tmp.with_extension("old");
            fs::rename(&self.target, &old).map_err(werr)?;
            fs::rename(&self.tmp, &self.target).map_err(werr)?;
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&self.tmp, &self.target).map_err(werr)?;
        }
        self.committed = true;
        Ok(self.target.clone())
    }

    /// Move the files written into `target` one by one (creating it if
    /// needed), replacing files of the same name and keeping the others.
    /// Returns the new paths.
    pub fn commit_files(self, files: &[PathBuf]) -> Result<Vec<PathBuf>> {
        let werr = |source| Error::Write {
            path: self.target.clone(),
            source,
        };
        fs::create_dir_all(&self.target).map_err(werr)?;
        let mut moved = Vec::new();
        for from in files {
            let to = self.target.join(from.file_name().unwrap_or_default());
            fs::rename(from, &to).map_err(werr)?;
            moved.push(to);
        }
        // Dropped uncommitted on return: the temporary folder is removed.
        Ok(moved)
    }
}

impl Drop for ResultsDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Why a results folder must not be replaced without `--force`, if it must
/// not: it holds another experiment, or is not a results folder.
fn refusal(target: &Path, fingerprint: &str) -> Option<String> {
    match fs::read_to_string(target.join("manifest.json")) {
        Ok(text) => match serde_json::from_str::<Manifest>(&text) {
            Ok(m) if m.config_fingerprint == fingerprint => None,
            Ok(m) if m.config_fingerprint.is_empty() => {
                Some("its manifest.json has no config fingerprint".to_string())
            }
            Ok(m) => Some(format!(
                "config fingerprint {}, this config {fingerprint}",
                m.config_fingerprint
            )),
            Err(e) => Some(format!("its manifest.json is not readable ({e})")),
        },
        Err(_) => {
            let empty = fs::read_dir(target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            (!empty).then(|| "it has no manifest.json".to_string())
        }
    }
}

/// Write a file whole or not at all: a temporary name in the same folder,
/// then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    remove_stale(parent_of(path), &file_name(path));
    let tmp = temporary(path);
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    fs::write(&tmp, bytes).map_err(werr)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        werr(e)
    })
}

fn write_error(path: &Path, reason: String) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(reason),
    }
}

/// The folder `path` is in (`.` for a bare name).
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "results".into())
}

/// The temporary name of `path` for this process: `.NAME.tmp-PID`.
fn temporary(path: &Path) -> PathBuf {
    parent_of(path).join(format!(".{}.tmp-{}", file_name(path), std::process::id()))
}

/// Remove temporaries `.NAME.tmp-PID[.old]` left next to `NAME` by
/// processes that were killed (their process no longer exists).
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.trim_end_matches(".old");
        let alive = match pid.parse::<u32>() {
            Ok(p) if p == std::process::id() => true,
            // Without /proc (not Linux) liveness is unknown: leave it.
            Ok(p) => !Path::new("/proc/self").exists() || Path::new(&format!("/proc/{p}")).exists(),
            Err(_) => true,
        };
        if !alive {
            let path = e.path();
            let _ = if path.is_dir() {
                fs::remove_dir_all(path)
            } else {
                fs::remove_file(path)
            };
        }
    }
}

/// Check that `dir` is a results folder (of `negsim run`, `negsim sweep`,
/// or a tournament `negsim evolve` added to) and read its manifest, whose
/// `kind` says which. A file, a missing path or a folder without
/// `manifest.json` is an error that says what to give instead.
pub fn results_folder(dir: &Path) -> Result<Manifest> {
    let bad = |message: &str| Error::Results {
        path: dir.to_path_buf(),
        message: message.to_string(),
    };
    if dir.is_file() {
        return Err(bad(
            "is a file, not a results folder: give the folder that `negsim run` or `negsim sweep` \
             wrote (e.g. results/default); to run a config, use `negsim run CONFIG` first",
        ));
    }
    if !dir.exists() {
        return Err(bad(
            "no such folder: give a results folder that `negsim run` or `negsim sweep` wrote \
             (e.g. results/default)",
        ));
    }
    Manifest::read(dir)
}

/// Redraw every chart of a results folder into `dir/charts`, whatever its
/// kind: a tournament's (with the population charts of `negsim evolve`) or
/// a sweep's. Charts not drawn again stay. Returns the charts' base paths.
pub fn redraw(dir: &Path) -> Result<Vec<PathBuf>> {
    let manifest = results_folder(dir)?;
    match manifest.kind {
        None => crate::output::figures::redraw(dir),
        Some(Kind::Sweep) => {
            crate::output::figures::replace_charts(dir, |out| draw_sweep(dir, out))
        }
    }
}

/// For commands that take one tournament's folder (`negsim evolve`): an
/// error naming what `dir` is when its manifest says it is a sweep's.
/// Anything else passes (the command reports its own missing files).
pub fn refuse_sweep(dir: &Path, command: &str) -> Result<()> {
    match Manifest::read(dir) {
        Ok(m) if m.kind == Some(Kind::Sweep) => Err(Error::Results {
            path: dir.to_path_buf(),
            message: format!(
                "is the folder of a sweep (its manifest.json says kind sweep); `negsim {command}` \
                 takes the folder of one tournament: run `negsim run CONFIG` (or pass the config)"
            ),
        }),
        _ => Ok(()),
    }
}
