//! Commands that read a results folder and write into it (`report`,
//! `evolve`, `plot`) hold the folder's lock for their whole
//! read-compute-write: the lock on its parent folder that
//! [`ResultsDir::commit`](super::ResultsDir::commit) takes, so that a
//! `negsim run --force` cannot swap the folder between their reading and
//! their writing. Under the lock, a folder left missing by a process killed
//! between the two renames of a commit is put back from its backup. Before
//! writing, the command checks that the folder is still the one it read
//! (the same folder, the same manifest): on a file system without locks a
//! change is refused instead of written over. Nothing is ever written
//! through a symbolic link inside the folder ([`refuse_links`]).

use super::{file_name, parent_of, remove_stale};
use crate::error::{Error, Result};
use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A results folder held for reading and writing.
#[derive(Debug)]
pub struct Held {
    dir: PathBuf,
    identity: Identity,
    _lock: Option<File>,
}

/// What says that a folder is the one that was read.
#[derive(Debug, PartialEq)]
struct Identity {
    /// Device and inode of the folder.
    node: Option<(u64, u64)>,
    /// Its manifest, as bytes.
    manifest: Option<Vec<u8>>,
}

fn identity(dir: &Path) -> Identity {
    #[cfg(unix)]
    let node = {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
    };
    #[cfg(not(unix))]
    let node = None;
    Identity {
        node,
        manifest: fs::read(dir.join("manifest.json")).ok(),
    }
}

/// Take the lock of the results folder `dir` (on its parent folder),
/// waiting up to `wait` for a process that holds it; put back the folder
/// if a killed commit left only its backup. Refuses (naming the folder)
/// when the lock is still held after `wait`.
pub fn hold(dir: &Path, wait: Duration) -> Result<Held> {
    let parent = parent_of(dir);
    let lock = match File::open(parent) {
        Err(_) => None,
        Ok(f) => {
            let start = Instant::now();
            loop {
                match f.try_lock() {
                    Ok(()) => break Some(f),
                    // No locks on this file system: the identity check
                    // below still refuses a change.
                    Err(TryLockError::Error(_)) => break None,
                    Err(TryLockError::WouldBlock) if start.elapsed() >= wait => {
                        return Err(Error::Results {
                            path: dir.to_path_buf(),
                            message: format!(
                                "the folder is locked by another negsim process (a run writing its results, or a report, evolve or plot) and stayed locked for {} s: run this command again when that one has finished",
                                wait.as_secs()
                            ),
                        });
                    }
                    Err(TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        }
    };
    // A commit killed between its two renames left the folder under its
    // backup name only: put it back.
    remove_stale(parent, &file_name(dir));
    Ok(Held {
        dir: dir.to_path_buf(),
        identity: identity(dir),
        _lock: lock,
    })
}

impl Held {
    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Refuse if the folder is no longer the one read when it was taken
    /// (another folder in its place, or another manifest).
    pub fn check_unchanged(&self) -> Result<()> {
        if identity(&self.dir) != self.identity {
            return Err(Error::Results {
                path: self.dir.clone(),
                message: "changed while this command was reading it (another negsim run replaced it?); nothing more was written: run the command again".into(),
            });
        }
        Ok(())
    }
}

/// The error for writing at `path`, a symbolic link.
pub fn link_error(path: &Path) -> Error {
    let to = fs::read_link(path)
        .map(|t| format!(" (to {})", t.display()))
        .unwrap_or_default();
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(format!(
            "it is a symbolic link{to}; negsim never writes or deletes through a link inside a results or script folder: replace the link by a file or folder of its own, or work on a copy"
        )),
    }
}

/// Refuse when `path` is a symbolic link.
pub fn refuse_link(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(link_error(path)),
        _ => Ok(()),
    }
}

/// Refuse when any of `names` in `dir`, or any entry of one that is a
/// folder (such as `charts/`), is a symbolic link: the files a command
/// is about to write or replace.
pub fn refuse_links(dir: &Path, names: &[&str]) -> Result<()> {
    for name in names {
        let path = dir.join(name);
        refuse_link(&path)?;
        if path.is_dir() {
            let entries = fs::read_dir(&path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            for e in entries.flatten() {
                refuse_link(&e.path())?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_folder_is_refused_to_others_and_a_change_is_seen() {
        let root = tempfile::tempdir().unwrap();
        let x = root.path().join("x");
        fs::create_dir(&x).unwrap();
        fs::write(x.join("manifest.json"), "{}").unwrap();
        let held = hold(&x, Duration::ZERO).unwrap();
        let err = hold(&x, Duration::from_millis(100)).unwrap_err();
        assert!(err.to_string().contains("locked"), "{err}");
        held.check_unchanged().unwrap();
        // Another folder put in its place.
        fs::rename(&x, root.path().join("y")).unwrap();
        fs::create_dir(&x).unwrap();
        fs::write(x.join("manifest.json"), "{}").unwrap();
        let err = held.check_unchanged().unwrap_err().to_string();
        assert!(err.contains("changed while"), "{err}");
        drop(held);
        let again = hold(&x, Duration::ZERO).unwrap();
        fs::write(x.join("manifest.json"), "{\"other\": 1}").unwrap();
        assert!(again.check_unchanged().is_err());
    }

    #[test]
    fn links_are_refused_by_name() {
        let root = tempfile::tempdir().unwrap();
        let x = root.path().join("x");
        fs::create_dir_all(x.join("charts")).unwrap();
        fs::write(root.path().join("mine.png"), "mine").unwrap();
        refuse_links(&x, &["charts", "report.html"]).unwrap();
        std::os::unix::fs::symlink(root.path().join("mine.png"), x.join("charts/a.png")).unwrap();
        let err = refuse_links(&x, &["charts"]).unwrap_err().to_string();
        assert!(
            err.contains("charts/a.png") && err.contains("symbolic link"),
            "{err}"
        );
    }
}
