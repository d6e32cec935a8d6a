//! An experiment's `name` becomes folder names (`results/NAME`,
//! `results/NAME-shards`, `slurm/NAME`, the temporary `.NAME.tmp-PID-N`):
//! what makes a name unusable as one, on Linux, macOS and Windows.

/// Longest experiment name, in characters: the temporary and shard folders
/// add up to about 25 characters to it, and file systems allow 255 bytes.
pub const MAX_NAME_LEN: usize = 100;

/// Windows device names, which no file or folder may have (with any
/// extension): a results folder named `con` cannot be opened there.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// What the name `name` needs to be a folder name, if it is not one.
pub fn folder_name_problem(name: &str) -> Option<String> {
    let allowed = "must be a folder name: 1 to 100 letters, digits, '-', '_' or '.', not \
                   starting or ending with '.', and not a Windows device name (con, nul, com1, \
                   ...)";
    let chars_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    let stem = name.split('.').next().unwrap_or("").to_ascii_lowercase();
    if !chars_ok
        || name.starts_with('.')
        || name.ends_with('.')
        || RESERVED.contains(&stem.as_str())
    {
        return Some(allowed.to_string());
    }
    if name.len() > MAX_NAME_LEN {
        return Some(format!(
            "is {} characters long; a name is at most {MAX_NAME_LEN} characters, since it \
             becomes folder names (results/NAME, results/NAME-shards, slurm/NAME)",
            name.len()
        ));
    }
    None
}

/// A name as an error message quotes it: whole up to 60 characters, else
/// its first 60 and its length (a 100,000-character name is not echoed).
pub fn quoted(name: &str) -> String {
    let n = name.chars().count();
    if n <= 60 {
        format!("'{name}'")
    } else {
        let head: String = name.chars().take(60).collect();
        format!("'{head}...' ({n} characters)")
    }
}

#[cfg(test)]
mod tests {
    use super::folder_name_problem;

    #[test]
    fn names_that_cannot_be_folders_are_refused() {
        for ok in [
            "integrative",
            "a",
            "run-2.v1",
            "con-test",
            "nullify",
            &"x".repeat(100),
        ] {
            assert_eq!(folder_name_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            ".hidden",
            "trailing.",
            "a/b",
            "..",
            "CON",
            "nul.txt",
            "Com1",
            "lpt9.x.y",
            "ünï",
            &"x".repeat(101),
            &"x".repeat(241),
        ] {
            assert!(folder_name_problem(bad).is_some(), "{bad:?}");
        }
        assert_eq!(super::quoted("abc"), "'abc'");
        let long = super::quoted(&"x".repeat(100_000));
        assert!(
            long.len() < 100 && long.contains("100000 characters"),
            "{long}"
        );
    }
}
