//! Issue 19, item 6: negsim never writes or deletes through a symbolic
//! link inside a results folder or a script folder. `plot`, `report` and
//! `evolve` refuse (exit 2, naming the link) when `charts/` or a file they
//! write is a link; `negsim slurm` refuses a linked `array.sh`.

use crate::helpers::*;
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

/// A small tournament in `d/x` whose `charts` is a link to the user's
/// `d/figs`, holding one figure of the user's.
fn linked_charts(d: &Path) {
    let out = negsim(d, &["run", "--runs", "100", "--out", "x", "-q"]);
    assert_ok(&out, "negsim run");
    fs::remove_dir_all(d.join("x/charts")).unwrap();
    fs::create_dir(d.join("figs")).unwrap();
    fs::write(d.join("figs/matrix.png"), "the user's figure").unwrap();
    symlink(d.join("figs"), d.join("x/charts")).unwrap();
}

#[test]
fn plot_report_and_evolve_do_not_write_through_a_linked_charts_folder() {
    let dir = tmp();
    let d = dir.path();
    linked_charts(d);
    for args in [
        &["plot", "x"][..],
        &["report", "x"],
        &["evolve", "x", "--generations", "20", "--moran-runs", "50"],
    ] {
        let out = negsim(d, args);
        assert_one_user_error(
            &out,
            &["x/charts", "symbolic link"],
            &format!("negsim {}", args.join(" ")),
        );
        assert_eq!(entries(&d.join("figs")), ["matrix.png"], "{}", args[0]);
        assert_eq!(
            fs::read_to_string(d.join("figs/matrix.png")).unwrap(),
            "the user's figure",
            "{}",
            args[0]
        );
        assert!(
            fs::symlink_metadata(d.join("x/charts"))
                .unwrap()
                .is_symlink()
        );
        assert!(!d.join("x/report.html").exists() && !d.join("x/evolution.csv").exists());
    }
}

#[test]
fn report_and_evolve_do_not_replace_a_linked_file() {
    let dir = tmp();
    let d = dir.path();
    let out = negsim(d, &["run", "--runs", "100", "--out", "x", "-q"]);
    assert_ok(&out, "negsim run");
    for (file, args) in [
        ("report.html", &["report", "x"][..]),
        (
            "evolution.csv",
            &["evolve", "x", "--generations", "20", "--moran-runs", "50"],
        ),
    ] {
        let mine = d.join(format!("mine-{file}"));
        fs::write(&mine, "mine").unwrap();
        symlink(&mine, d.join("x").join(file)).unwrap();
        let out = negsim(d, args);
        assert_one_user_error(&out, &[file, "symbolic link"], file);
        assert_eq!(fs::read_to_string(&mine).unwrap(), "mine");
        assert!(
            fs::symlink_metadata(d.join("x").join(file))
                .unwrap()
                .is_symlink()
        );
        fs::remove_file(d.join("x").join(file)).unwrap();
    }
}

#[test]
fn slurm_does_not_overwrite_a_linked_array_script() {
    let dir = tmp();
    let d = dir.path();
    fs::create_dir(d.join("job")).unwrap();
    let mine = d.join("my-script.sh");
    fs::write(&mine, "#!/bin/sh\necho mine\n").unwrap();
    fs::set_permissions(&mine, fs::Permissions::from_mode(0o600)).unwrap();
    symlink(&mine, d.join("job/array.sh")).unwrap();
    let out = negsim(
        d,
        &[
            "slurm",
            s(&config("default.toml")),
            "--shards",
            "2",
            "--dir",
            "job",
        ],
    );
    assert_one_user_error(&out, &["array.sh", "symbolic link"], "negsim slurm");
    assert_eq!(fs::read_to_string(&mine).unwrap(), "#!/bin/sh\necho mine\n");
    assert_eq!(
        fs::metadata(&mine).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(!d.join("job/merge.sh").exists(), "half the scripts written");
    // Without the link, the scripts are written.
    fs::remove_file(d.join("job/array.sh")).unwrap();
    assert_ok(
        &negsim(
            d,
            &[
                "slurm",
                s(&config("default.toml")),
                "--shards",
                "2",
                "--dir",
                "job",
            ],
        ),
        "negsim slurm",
    );
    assert!(d.join("job/array.sh").is_file() && d.join("job/merge.sh").is_file());
}
