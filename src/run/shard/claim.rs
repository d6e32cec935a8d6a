//! One copy of a shard at a time: a shard being played holds an exclusive
//! lock on `.shard-I-of-N.lock` beside its folder, so that a second copy
//! (a job resubmitted while the first still runs) is refused at once
//! instead of writing `shard-I-of-N-2`, which the merge would refuse as
//! given twice.

use super::Spec;
use crate::error::{Error, Result};
use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};

/// The lock of shard `spec` in `base`; released (and its file removed)
/// when dropped.
#[derive(Debug)]
pub struct Claim {
    path: PathBuf,
    _file: File,
}

/// The lock file of shard `spec` in `base`: `.shard-I-of-N.lock`.
pub fn lock_path(base: &Path, spec: Spec) -> PathBuf {
    base.join(format!(".{}.lock", spec.folder()))
}

/// Whether two open files are one file (the lock file was not removed and
/// made anew between opening and locking it).
fn same(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Take the lock of shard `spec` in `base` (created if missing), or refuse
/// if another process holds it. A file system without locks gets no
/// protection (the lock is taken as granted).
pub fn claim(base: &Path, spec: Spec) -> Result<Claim> {
    let path = lock_path(base, spec);
    let werr = |source| Error::Write {
        path: path.clone(),
        source,
    };
    fs::create_dir_all(base).map_err(|source| Error::Write {
        path: base.to_path_buf(),
        source,
    })?;
    for _ in 0..100 {
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(werr)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(Error::Usage(format!(
                    "{} is being played by another process (another copy of shard {}/{} holds {}): wait for it to finish, then pass --resume to skip it or --force to play it again",
                    base.join(spec.folder()).display(),
                    spec.index,
                    spec.count,
                    path.display()
                )));
            }
            // No locks on this file system: best effort.
            Err(TryLockError::Error(_)) => {}
        }
        if same(&file, &path) {
            return Ok(Claim { path, _file: file });
        }
    }
    Err(werr(std::io::Error::other(
        "the lock file keeps being replaced by other processes",
    )))
}

impl Drop for Claim {
    fn drop(&mut self) {
        // Removed while still locked: a process waiting on this file finds
        // it gone and opens the next one.
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claimed_shard_cannot_be_claimed_again_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let spec = Spec { index: 2, count: 3 };
        let first = claim(dir.path(), spec).unwrap();
        let err = claim(dir.path(), spec).unwrap_err().to_string();
        assert!(
            err.contains("shard-2-of-3") && err.contains("another process"),
            "{err}"
        );
        // Another shard is free.
        let other = claim(dir.path(), Spec { index: 1, count: 3 }).unwrap();
        drop(first);
        assert!(!lock_path(dir.path(), spec).exists());
        drop(claim(dir.path(), spec).unwrap());
        drop(other);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
