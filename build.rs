//! Records the source revision negsim is built from, for `manifest.json`
//! (`source_revision`): `git rev-parse HEAD`, with `-dirty` when tracked
//! files differ from it. Outside a git checkout (a crate archive, git not
//! installed) nothing is recorded and the manifest leaves the field out.
//! Also the compiler's `rustc --version` (`rustc`).

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    // Rebuilt when the sources change (the dirty mark) or HEAD moves.
    // (configs/default.toml is embedded in the binary)
    for path in [
        "src",
        "crates",
        "configs",
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    if let Ok(out) = Command::new(rustc).arg("--version").output()
        && out.status.success()
    {
        let v = String::from_utf8_lossy(&out.stdout).trim().to_string();
        println!("cargo:rustc-env=NEGSIM_RUSTC_VERSION={v}");
    }
    let Some(head) = git(&["rev-parse", "HEAD"]) else {
        return;
    };
    for file in ["HEAD", "packed-refs"] {
        if let Some(p) = git(&["rev-parse", "--git-path", file]) {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(p) = git(&["rev-parse", "--git-path", &branch])
    {
        println!("cargo:rerun-if-changed={p}");
    }
    // --no-optional-locks: status must not rewrite the index.
    let dirty = git(&[
        "--no-optional-locks",
        "status",
        "--porcelain",
        "--untracked-files=no",
    ])
    .is_some_and(|s| !s.is_empty());
    let mark = if dirty { "-dirty" } else { "" };
    println!("cargo:rustc-env=NEGSIM_SOURCE_REVISION={head}{mark}");
}
