//! Redrawing the charts of a results folder of either kind, and choosing
//! the x axis of a sweep's line charts (`negsim plot --x`).

use super::results_folder;
use crate::error::{Error, Result};
use crate::output::figures::draw_sweep_x;
use crate::output::manifest::Kind;
use std::fs;
use std::path::{Path, PathBuf};

/// Redraw every chart of a results folder into `dir/charts`, whatever its
/// kind: a tournament's (with the population charts of `negsim evolve`) or
/// a sweep's. Charts not drawn again stay. Returns the charts' base paths.
pub fn redraw(dir: &Path) -> Result<Vec<PathBuf>> {
    redraw_x(dir, None)
}

/// [`redraw`], with the swept parameter `x` (config path or CSV column)
/// on the x axis of a sweep's line charts (`None`: the first); a sweep's
/// line charts of another x axis are removed. `x` with a tournament's
/// folder is an error.
pub fn redraw_x(dir: &Path, x: Option<&str>) -> Result<Vec<PathBuf>> {
    let manifest = results_folder(dir)?;
    match manifest.kind {
        None if x.is_some() => Err(Error::Usage(format!(
            "--x: {} is the folder of a tournament, which has no swept parameter; --x chooses \
             the x axis of a sweep folder's charts",
            dir.display()
        ))),
        None => crate::output::figures::redraw(dir),
        Some(Kind::Sweep) => {
            let drawn =
                crate::output::figures::replace_charts(dir, |out| draw_sweep_x(dir, out, x))?;
            remove_other_lines(&dir.join("charts"), &drawn);
            Ok(drawn)
        }
    }
}

/// Remove the sweep line charts in `charts` that are not among `drawn`
/// (those drawn before against another x axis), so that the folder (and
/// its report) holds one set.
fn remove_other_lines(charts: &Path, drawn: &[PathBuf]) {
    let Ok(entries) = fs::read_dir(charts) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let line = name.starts_with("sweep_strategies") || name.starts_with("sweep_outcomes");
        let chart = name.ends_with(".png") || name.ends_with(".svg");
        let base = path.with_extension("");
        if line && chart && !drawn.contains(&base) && path.is_file() {
            let _ = fs::remove_file(&path);
        }
    }
}
