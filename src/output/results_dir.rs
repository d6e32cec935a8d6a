//! Writing whole or not at all, and never losing a user's files.
//!
//! A results folder is written as `.NAME.tmp-PID-N` next to its target and
//! moved into place when complete ([`ResultsDir`]); a file is written as
//! `.NAME.tmp-PID-N` in its folder and renamed ([`write_atomic`]).
//!
//! negsim replaces only what it wrote. A folder is negsim's when its
//! `manifest.json` says so, and the manifest's `files` list says which of
//! its entries negsim wrote (in a listed folder such as `charts/`, the PNG
//! and SVG files). Everything else in the folder (notes, analyses, a `.git`)
//! is kept when the folder is replaced. A folder without a manifest is
//! never replaced, even with `--force`.
//!
//! Whether the folder may be replaced is checked when a run starts and again
//! at commit, under a lock on the parent folder: if another experiment wrote
//! there meanwhile, the finished results go to a sibling folder
//! (`NAME-2`, ...) and the error says where. Temporary and backup names carry
//! the process id; those of processes that no longer exist are removed (or
//! restored, for a backup whose target is missing) the next time the same
//! target is written. [`results_folder`] checks that a path is a results
//! folder and says which kind ([`redraw`] draws its charts).

mod carry;
pub mod guard;
mod redraw;

pub use redraw::{redraw, redraw_x};

use carry::{Keep, Rules, carry_over};

use crate::error::{Error, Result};
use crate::output::manifest::{Kind, Manifest};
use std::fs;
use std::path::{Path, PathBuf};

/// A folder being written: a temporary folder next to `target` that becomes
/// `target` on [`ResultsDir::commit`] (or whose files move into `target` on
/// [`ResultsDir::commit_files`]), or disappears if dropped uncommitted.
pub struct ResultsDir {
    target: PathBuf,
    tmp: PathBuf,
    owner: Owner,
    committed: bool,
}

/// How negsim knows which files of an existing target are its own.
#[derive(Debug, Clone)]
enum Owner {
    /// A results folder: its manifest lists negsim's files, and its
    /// fingerprint says which experiment it holds.
    Manifest { fingerprint: String, force: bool },
    /// A folder of fixed output names (`negsim compare`); other files are
    /// kept.
    Names(&'static [&'static str]),
}

/// What an existing target holds, as far as replacing it goes.
enum Existing {
    Absent,
    Empty,
    /// A results folder of the same experiment.
    Same(Manifest),
    /// A results folder of another experiment.
    Other(Manifest),
    /// Not a folder negsim wrote, and why.
    Foreign(String),
}

fn existing(target: &Path, fingerprint: &str) -> Existing {
    if fs::symlink_metadata(target).is_err() {
        return Existing::Absent;
    }
    if fs::read_dir(target).is_ok_and(|mut d| d.next().is_none()) {
        return Existing::Empty;
    }
    match fs::read_to_string(target.join("manifest.json")) {
        Err(_) => Existing::Foreign("it has no manifest.json".into()),
        Ok(text) => match serde_json::from_str::<Manifest>(&text) {
            Err(e) => Existing::Foreign(format!("its manifest.json is not negsim's: {e}")),
            Ok(m) if m.config_fingerprint == fingerprint => Existing::Same(m),
            Ok(m) => Existing::Other(m),
        },
    }
}

/// Why `other` is not the experiment of `fingerprint`.
fn other_experiment(other: &Manifest, fingerprint: &str) -> String {
    if other.config_fingerprint.is_empty() {
        return format!("'{}', whose manifest.json has no fingerprint", other.name);
    }
    format!(
        "'{}' with fingerprint {}, seed {}, {} runs per pairing; this experiment is {fingerprint}: \
         its config, seed or runs differ",
        other.name, other.config_fingerprint, other.seed, other.runs_per_pairing
    )
}

impl ResultsDir {
    /// Prepare to write the results folder `target`. Refuses when `target`
    /// is not a folder, or is a folder negsim did not write (even with
    /// `force`), or holds results of a different experiment (its
    /// fingerprint differs: config, seed or runs) unless `force`.
    pub fn create(target: &Path, fingerprint: &str, force: bool) -> Result<Self> {
        refuse_non_folder(target)?;
        match existing(target, fingerprint) {
            Existing::Absent | Existing::Empty | Existing::Same(_) => {}
            Existing::Other(_) if force => {}
            Existing::Other(m) => {
                return Err(Error::ResultsExist {
                    path: target.to_path_buf(),
                    reason: other_experiment(&m, fingerprint),
                });
            }
            Existing::Foreign(reason) => {
                return Err(Error::NotOurs {
                    path: target.to_path_buf(),
                    reason,
                });
            }
        }
        create_parent(target)?;
        Self::staged(
            target,
            Owner::Manifest {
                fingerprint: fingerprint.to_string(),
                force,
            },
        )
    }

    /// Prepare to write `target`, a folder whose files negsim knows by
    /// their `names`: those are replaced, anything else in it is kept.
    pub fn create_named(target: &Path, names: &'static [&'static str]) -> Result<Self> {
        refuse_non_folder(target)?;
        create_parent(target)?;
        Self::staged(target, Owner::Names(names))
    }

    /// Prepare to write files into `target` (a folder whose parent exists)
    /// with [`ResultsDir::commit_files`]: for folders negsim owns, such as
    /// `charts/`.
    pub fn stage(target: &Path) -> Result<Self> {
        guard::refuse_link(target)?;
        Self::staged(target, Owner::Names(&[]))
    }

    fn staged(target: &Path, owner: Owner) -> Result<Self> {
        let parent = parent_of(target);
        remove_stale(parent, &file_name(target));
        let tmp = temporary(target);
        fs::create_dir(&tmp).map_err(|e| {
            write_error(
                target,
                format!("cannot create a folder in {}: {e}", parent.display()),
            )
        })?;
        Ok(ResultsDir {
            target: target.to_path_buf(),
            tmp,
            owner,
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

    /// Move the finished folder into place. Under a lock on the parent
    /// folder, the target is checked again: a folder of the same experiment
    /// (or, with `force`, of another) is replaced, keeping every file negsim
    /// did not write (and, for the same experiment, the files other
    /// commands added: `report.html`, `evolution.csv`, ...). If the target
    /// changed meanwhile so that it may not be replaced, the results are
    /// saved in a sibling folder and the error says where.
    pub fn commit(mut self) -> Result<PathBuf> {
        let parent = parent_of(&self.target).to_path_buf();
        // Best effort: a file system without locks still gets the checks.
        let _lock = fs::File::open(&parent).and_then(|f| f.lock().map(|()| f));
        let target = self.target.clone();
        match self.owner.clone() {
            Owner::Names(names) => {
                let owns = |n: &str| names.contains(&n);
                self.replace(&owns, false, None)?;
            }
            Owner::Manifest { fingerprint, force } => match existing(&target, &fingerprint) {
                Existing::Absent | Existing::Empty => self.replace(&|_| false, false, None)?,
                Existing::Same(m) => {
                    let owns = |n: &str| n == "manifest.json" || m.files.iter().any(|f| f == n);
                    self.replace(&owns, true, Some(&m))?;
                }
                Existing::Other(m) if force => {
                    let owns = |n: &str| n == "manifest.json" || m.files.iter().any(|f| f == n);
                    self.replace(&owns, false, None)?;
                }
                Existing::Other(m) => {
                    let reason = format!(
                        "another experiment's results were written there: {}",
                        other_experiment(&m, &fingerprint)
                    );
                    return Err(self.save_beside(reason));
                }
                Existing::Foreign(reason) => {
                    return Err(self.save_beside(format!("it is no longer negsim's: {reason}")));
                }
            },
        }
        self.committed = true;
        Ok(target)
    }

    /// Put the finished folder in place of the target, carrying over the
    /// target's files that `owns` does not claim (and, if `keep_owned`,
    /// the claimed ones this run did not write again, recorded in the new
    /// manifest with `old`'s `evolution` settings).
    fn replace(
        &mut self,
        owns: &dyn Fn(&str) -> bool,
        keep_owned: bool,
        old: Option<&Manifest>,
    ) -> Result<()> {
        let werr = |e| Error::Write {
            path: self.target.clone(),
            source: e,
        };
        if !self.target.exists() {
            return fs::rename(&self.tmp, &self.target).map_err(werr);
        }
        let mut kept = Vec::new();
        let rules = Rules {
            owns,
            keep_owned,
            how: Keep::Link,
        };
        carry_over(
            &self.target,
            &self.tmp,
            Path::new(""),
            false,
            &rules,
            &mut kept,
        )
        .map_err(werr)?;
        if let Some(old) = old.filter(|_| !kept.is_empty()) {
            let mut m = Manifest::read(&self.tmp)?;
            let at = m
                .files
                .iter()
                .position(|f| f == "manifest.json")
                .unwrap_or(m.files.len());
            for (i, name) in kept.iter().enumerate() {
                m.files.insert(at + i, name.clone());
            }
            if kept.iter().any(|k| k == "evolution.csv") {
                m.evolution = old.evolution;
            }
            m.write(&self.tmp)?;
        }
        let backup = backup_of(&self.tmp);
        fs::rename(&self.target, &backup).map_err(werr)?;
        if let Err(e) = fs::rename(&self.tmp, &self.target) {
            let _ = fs::rename(&backup, &self.target);
            return Err(werr(e));
        }
        // Files the user created between the carry-over and the swap.
        let rescue = Rules {
            owns,
            keep_owned: false,
            how: Keep::Move,
        };
        let _ = carry_over(
            &backup,
            &self.target,
            Path::new(""),
            false,
            &rescue,
            &mut Vec::new(),
        );
        let _ = fs::remove_dir_all(&backup);
        Ok(())
    }

    /// Save the finished folder as the first free sibling `NAME-2`,
    /// `NAME-3`, ... and return the error saying so.
    fn save_beside(&mut self, reason: String) -> Error {
        let name = file_name(&self.target);
        let parent = parent_of(&self.target);
        for i in 2..10_000 {
            let sibling = parent.join(format!("{name}-{i}"));
            if fs::symlink_metadata(&sibling).is_err() && fs::rename(&self.tmp, &sibling).is_ok() {
                self.committed = true;
                return Error::ChangedMeanwhile {
                    path: self.target.clone(),
                    reason,
                    saved: sibling,
                };
            }
        }
        write_error(
            &self.target,
            format!("{reason}; no free sibling folder to save this run's results in"),
        )
    }

    /// Move the files written into `target` one by one (creating it if
    /// needed), replacing files of the same name and keeping the others.
    /// Returns the new paths.
    pub fn commit_files(self, files: &[PathBuf]) -> Result<Vec<PathBuf>> {
        let werr = |source| Error::Write {
            path: self.target.clone(),
            source,
        };
        // Never through a link: neither the folder nor a file replaced.
        guard::refuse_link(&self.target)?;
        let dests: Vec<PathBuf> = files
            .iter()
            .map(|from| self.target.join(from.file_name().unwrap_or_default()))
            .collect();
        for to in &dests {
            guard::refuse_link(to)?;
        }
        fs::create_dir_all(&self.target).map_err(werr)?;
        let mut moved = Vec::new();
        for (from, to) in files.iter().zip(dests) {
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

/// Never replace a file, a device or a link, even with --force.
fn refuse_non_folder(target: &Path) -> Result<()> {
    match fs::symlink_metadata(target) {
        Ok(meta) if !meta.is_dir() => Err(write_error(
            target,
            "it exists and is not a folder; choose another --out".into(),
        )),
        _ => Ok(()),
    }
}

fn create_parent(target: &Path) -> Result<()> {
    let parent = parent_of(target);
    if let Some(bad) = parent.ancestors().find(|a| a.exists() && !a.is_dir()) {
        return Err(write_error(
            target,
            format!("{} is not a folder", bad.display()),
        ));
    }
    fs::create_dir_all(parent)
        .map_err(|e| write_error(target, format!("cannot create {}: {e}", parent.display())))
}

/// Write a file whole or not at all: a temporary name in the same folder,
/// then a rename. The temporary file is removed on every error (a full
/// disk, a failed rename). A symbolic link at `path` is refused, never
/// replaced nor written through.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    guard::refuse_link(path)?;
    remove_stale(parent_of(path), &file_name(path));
    let tmp = temporary(path);
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = fs::remove_file(&tmp);
            werr(e)
        })
}

/// Refuse, before any work, an output file that [`write_atomic`] could not
/// write: its folder missing or not a folder, the path itself a folder or
/// a symbolic link. `flag` names the option that gave it (`--csv`), so a
/// long simulation does not end in this error or with one of its files
/// written and the other not.
pub fn check_output_file(path: &Path, flag: &str) -> Result<()> {
    let refuse = |reason: String| {
        Err(write_error(
            path,
            format!("{reason}; {flag} takes a file in an existing folder"),
        ))
    };
    let parent = parent_of(path);
    if !parent.is_dir() {
        let what = if parent.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return refuse(format!("its folder {} {what}", parent.display()));
    }
    if path.is_dir() {
        return refuse("it is a folder".into());
    }
    guard::refuse_link(path)
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

/// A new temporary name for `path`: `.NAME.tmp-PID-N`, unique to this
/// process and this call.
fn temporary(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    parent_of(path).join(format!(
        ".{}.tmp-{}-{n}",
        file_name(path),
        std::process::id()
    ))
}

/// The backup name of the target of the temporary folder `tmp`:
/// `.NAME.tmp-PID-N.old`.
fn backup_of(tmp: &Path) -> PathBuf {
    let mut name = tmp.as_os_str().to_owned();
    name.push(".old");
    PathBuf::from(name)
}

/// Remove temporaries `.NAME.tmp-PID[-N][.old]` left next to `NAME` by
/// processes that were killed (their process no longer exists). A backup
/// whose target is missing (killed between the two renames of a commit) is
/// put back instead.
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut stale: Vec<PathBuf> = Vec::new();
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let rest = rest.strip_suffix(".old").unwrap_or(rest);
        let pid = rest.split('-').next().unwrap_or(rest);
        let alive = match pid.parse::<u32>() {
            Ok(p) if p == std::process::id() => true,
            // Without /proc (not Linux) liveness is unknown: leave it.
            Ok(p) => !Path::new("/proc/self").exists() || Path::new(&format!("/proc/{p}")).exists(),
            Err(_) => true,
        };
        if !alive {
            stale.push(e.path());
        }
    }
    // Backups first: one may have to be put back.
    stale.sort_by_key(|p| !p.to_string_lossy().ends_with(".old"));
    let target = parent.join(name);
    for path in stale {
        if path.to_string_lossy().ends_with(".old")
            && path.is_dir()
            && fs::symlink_metadata(&target).is_err()
            && fs::rename(&path, &target).is_ok()
        {
            continue;
        }
        let _ = if path.is_dir() {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        };
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

#[cfg(test)]
mod tests;
