//! What a methods section cites from `manifest.json`: the model version,
//! the source revision negsim was built from (`negsim_version` is 0.1.0 at
//! every commit), the platform, the compiler, the generator, when the
//! folder was written and the command that wrote it, for a tournament and
//! for a sweep.

use crate::helpers::*;
use std::process::Command;

/// `git rev-parse HEAD` of the repository, where git can tell.
fn head() -> Option<String> {
    let out = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(repo())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `rustc --version` of the toolchain on the path (the one that built the
/// binary under test).
fn rustc_version() -> String {
    let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("--version")
        .output()
        .expect("rustc runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn assert_provenance(m: &serde_json::Value, what: &str, args: &[&str]) {
    assert_eq!(m["model_version"].as_str(), Some("2.1"), "{what}: {m}");
    // The command line: the program, then the arguments as given.
    let command = m["command"].as_str().unwrap_or_default();
    let (program, rest) = command.split_once(' ').unwrap_or_default();
    assert!(program.ends_with("negsim"), "{what}: {command:?}");
    assert_eq!(rest, args.join(" "), "{what}");
    // The compiler, as results can depend on it.
    assert_eq!(
        m["rustc"].as_str(),
        Some(rustc_version().as_str()),
        "{what}"
    );
    let platform = m["platform"].as_str().unwrap_or_default();
    assert_eq!(
        platform,
        format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS),
        "{what}"
    );
    assert!(
        m["rng"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Xoshiro256++"),
        "{what}: {}",
        m["rng"]
    );
    // RFC 3339, UTC, to the second, and today or so.
    let at = m["written_at"].as_str().unwrap_or_default().to_string();
    let b = at.as_bytes();
    assert!(
        at.len() == 20 && b[4] == b'-' && b[10] == b'T' && b[19] == b'Z',
        "{what}: written_at {at:?}"
    );
    let year: u32 = at[..4].parse().expect("a year");
    assert!((2025..2200).contains(&year), "{what}: {at}");
    // Built from this checkout: its revision, marked dirty when tracked
    // files differ; outside a checkout the field is left out.
    match head() {
        Some(h) => {
            let rev = m["source_revision"].as_str().unwrap_or_default();
            assert!(
                rev == h || rev == format!("{h}-dirty"),
                "{what}: source_revision {rev:?}, HEAD {h}"
            );
        }
        None => assert!(m.get("source_revision").is_none(), "{what}: {m}"),
    }
}

#[test]
fn a_manifest_records_what_a_methods_section_cites() {
    let cwd = tmp();
    let run = [
        "run",
        "--runs",
        "20",
        "--no-charts",
        "--quiet",
        "--out",
        "t",
    ];
    let out = negsim(cwd.path(), &run);
    assert_ok(&out, "negsim run");
    assert_provenance(&read_manifest(&cwd.path().join("t")), "run", &run);
    let cfg = config("asymmetry-sweep.toml");
    let sweep = [
        "sweep",
        s(&cfg),
        "--runs",
        "10",
        "--no-charts",
        "--quiet",
        "--out",
        "s",
    ];
    let out = negsim(cwd.path(), &sweep);
    assert_ok(&out, "negsim sweep");
    assert_provenance(&read_manifest(&cwd.path().join("s")), "sweep", &sweep);
}
