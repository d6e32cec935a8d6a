use super::*;

fn manifest_json(fingerprint: &str, files: &[&str]) -> String {
    let mut exp = crate::config::Experiment::default_tournament();
    exp.runs = 1;
    let res = crate::run::tournament::run(&exp, Default::default(), &|_| {}, None).unwrap();
    let mut m = Manifest::tournament(&exp, &res, files.iter().map(|f| f.to_string()).collect());
    m.config_fingerprint = fingerprint.to_string();
    serde_json::to_string(&m).unwrap()
}

/// A finished folder of experiment `fingerprint` with one file.
fn write_into(dir: &ResultsDir, fingerprint: &str, data: &str) {
    fs::write(dir.file("data.csv"), data).unwrap();
    fs::write(
        dir.file("manifest.json"),
        manifest_json(fingerprint, &["data.csv", "manifest.json"]),
    )
    .unwrap();
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Point 4 of issue 10: the check is made again at commit. A run that
/// started when the folder held its own experiment, while another
/// experiment wrote there meanwhile, leaves the other's results alone
/// and saves its own beside them.
#[test]
fn commit_checks_the_folder_again() {
    let root = tempfile::tempdir().unwrap();
    let x = root.path().join("x");
    let long = ResultsDir::create(&x, "aaaa", false).unwrap();
    write_into(&long, "aaaa", "long run");
    let quick = ResultsDir::create(&x, "bbbb", false).unwrap();
    write_into(&quick, "bbbb", "quick run");
    quick.commit().unwrap();
    match long.commit() {
        Err(Error::ChangedMeanwhile {
            path,
            reason,
            saved,
        }) => {
            assert_eq!(path, x);
            assert!(reason.contains("bbbb"), "{reason}");
            assert_eq!(saved, root.path().join("x-2"));
        }
        other => panic!(
            "commit into a folder another experiment took: {:?}",
            other.map(|_| ())
        ),
    }
    assert_eq!(fs::read_to_string(x.join("data.csv")).unwrap(), "quick run");
    assert_eq!(
        fs::read_to_string(root.path().join("x-2/data.csv")).unwrap(),
        "long run"
    );
    assert_eq!(names(root.path()), ["x", "x-2"]);

    // With --force another experiment's results are replaced; a folder
    // that stopped being negsim's never is.
    let forced = ResultsDir::create(&x, "cccc", true).unwrap();
    write_into(&forced, "cccc", "forced");
    forced.commit().unwrap();
    assert_eq!(fs::read_to_string(x.join("data.csv")).unwrap(), "forced");
    let forced = ResultsDir::create(&x, "dddd", true).unwrap();
    write_into(&forced, "dddd", "forced again");
    fs::remove_file(x.join("manifest.json")).unwrap();
    let err = forced.commit().map(|_| ()).unwrap_err().to_string();
    assert!(
        err.contains("x-3") && err.contains("no manifest.json"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(x.join("data.csv")).unwrap(), "forced");
}

/// A backup left by a process killed between the two renames of a
/// commit is put back; temporaries of dead processes are removed, those
/// of live ones and other names are left alone.
#[test]
fn stale_backups_are_restored_and_temporaries_removed() {
    let root = tempfile::tempdir().unwrap();
    let dead_backup = root.path().join(".x.tmp-4000000000.old");
    fs::create_dir(&dead_backup).unwrap();
    fs::write(dead_backup.join("notes.txt"), "mine").unwrap();
    fs::create_dir(root.path().join(".x.tmp-4000000001")).unwrap();
    fs::create_dir(root.path().join(".x.old")).unwrap();
    remove_stale(root.path(), "x");
    assert_eq!(names(root.path()), [".x.old", "x"]);
    assert_eq!(
        fs::read_to_string(root.path().join("x/notes.txt")).unwrap(),
        "mine"
    );
    // With the target present, a dead backup is removed.
    fs::create_dir(&dead_backup).unwrap();
    remove_stale(root.path(), "x");
    assert_eq!(names(root.path()), [".x.old", "x"]);
}

/// Same experiment: files of the user's and negsim's files this run
/// did not write are kept (hard links, not copies), a user's file
/// under a name the run writes is kept as NAME.kept.
#[test]
fn replacing_keeps_what_negsim_did_not_write() {
    let root = tempfile::tempdir().unwrap();
    let x = root.path().join("x");
    let first = ResultsDir::create(&x, "aaaa", false).unwrap();
    write_into(&first, "aaaa", "first");
    fs::write(first.file("extra.csv"), "negsim's").unwrap();
    fs::write(
        first.file("manifest.json"),
        manifest_json("aaaa", &["data.csv", "extra.csv", "manifest.json"]),
    )
    .unwrap();
    first.commit().unwrap();
    fs::create_dir(x.join("mine")).unwrap();
    fs::write(x.join("mine/a.txt"), "a").unwrap();
    let second = ResultsDir::create(&x, "aaaa", false).unwrap();
    write_into(&second, "aaaa", "second");
    fs::write(second.file("mine"), "a file where the user has a folder").unwrap();
    second.commit().unwrap();
    assert_eq!(
        names(&x),
        [
            "data.csv",
            "extra.csv",
            "manifest.json",
            "mine",
            "mine.kept"
        ]
    );
    assert_eq!(fs::read_to_string(x.join("data.csv")).unwrap(), "second");
    assert_eq!(fs::read_to_string(x.join("mine.kept/a.txt")).unwrap(), "a");
    let m = Manifest::read(&x).unwrap();
    assert_eq!(m.files, ["data.csv", "extra.csv", "manifest.json"]);
    assert_eq!(names(root.path()), ["x"]);
}
