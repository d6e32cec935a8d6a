//! The library's one error type. Every message names the file, the field and
//! the bad value where there is one, so that the binary can print it as is and
//! exit with code 2.

use std::path::PathBuf;

/// Everything that can go wrong in negsim, from reading a config to writing results.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A config or results file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file or folder could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The config is not valid TOML or has unknown keys / wrong types.
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    /// A value is outside what the model allows.
    #[error("{file}: {field} = {value}: {allowed}")]
    Invalid {
        file: String,
        field: String,
        value: String,
        allowed: String,
    },
    /// A strategy name that is neither a preset nor defined in the config.
    #[error("unknown strategy '{name}' in {file} ({field}); {hint}known: {known}")]
    UnknownStrategy {
        name: String,
        file: String,
        field: String,
        hint: String,
        known: String,
    },
    /// The results folder belongs to another experiment.
    #[error(
        "{path} holds results of a different experiment ({reason}); pass --force to replace it, or --out to write elsewhere"
    )]
    ResultsExist { path: PathBuf, reason: String },
    /// A folder negsim did not write (no manifest proves it): never
    /// replaced, even with `--force`.
    #[error(
        "{path} is not a folder negsim wrote ({reason}); negsim replaces only a results folder whose manifest.json shows it wrote it, even with --force: choose another --out"
    )]
    NotOurs { path: PathBuf, reason: String },
    /// The results folder changed while a run was going; its results went
    /// to a sibling folder instead.
    #[error(
        "{path} changed while this run was going ({reason}), so it was left as it is; this run's results were saved in {saved} instead"
    )]
    ChangedMeanwhile {
        path: PathBuf,
        reason: String,
        saved: PathBuf,
    },
    /// A CSV or JSON file in a results folder is missing or malformed.
    #[error("{path}: {message}")]
    Results { path: PathBuf, message: String },
    /// A command-line value that the parser accepted but the model does not.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(
        file: &str,
        field: impl Into<String>,
        value: impl std::fmt::Display,
        allowed: impl Into<String>,
    ) -> Self {
        Error::Invalid {
            file: file.to_string(),
            field: field.into(),
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }
}

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The name in `known` closest to `name` (optimal string alignment
/// distance, ignoring case: a swap of two neighbouring letters counts
/// once), at most a third of the name's length (at least 1), or a name
/// it begins, used for "did you mean" hints. Of equally close names the
/// first is taken. Short names thus get close suggestions only: `runs` is
/// three edits from `kind`, and suggesting it would mislead.
pub fn nearest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let limit = (lower.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|k| (strsim::osa_distance(&lower, &k.to_lowercase()), k))
        .filter(|(d, k)| *d <= limit || k.to_lowercase().starts_with(&lower))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_nearest_name() {
        let known = ["open", "guarded", "mirroring", "probing"];
        assert_eq!(nearest("probbing", known), Some("probing"));
        assert_eq!(nearest("mirror", known), Some("mirroring"));
        assert_eq!(nearest("xyzzyqwerty", known), None);
        assert_eq!(nearest("Guardd", known), Some("guarded"));
        // A prefix of a long name is suggested however far it is.
        assert_eq!(nearest("m", known), Some("mirroring"));
        // A swap of neighbours is one edit; a short name gets no far guess.
        assert_eq!(nearest("opne", known), Some("open"));
        assert_eq!(nearest("runs", ["kind", "seed", "name"]), None);
        assert_eq!(nearest("kind", ["runs", "seed", "name"]), None);
        assert_eq!(nearest("seeed", ["runs", "seed", "name"]), Some("seed"));
    }
}
