//! `negsim slurm`: a Slurm job array of shards and a merge job that
//! depends on it, written as two scripts and, with `--submit`, submitted
//! with sbatch. Slurm does the scheduling; negsim only cuts the work.

use super::args::SlurmArgs;
use super::{load, overrides};
use anyhow::{Context, Result};
use negsim::run::shard;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A path as one single-quoted shell word.
fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// `path` made absolute (the jobs run from another folder).
fn absolute(path: &Path) -> Result<PathBuf> {
    Ok(if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    })
}

/// Write a script whole (a temporary file renamed into place) and make it
/// executable. A symbolic link at `path` is refused: neither its target's
/// text nor its mode is changed.
fn write(path: &Path, text: &str) -> Result<()> {
    negsim::output::results_dir::write_atomic(path, text.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

/// Write every script, or none if one of them is a symbolic link.
fn write_scripts(scripts: &[(&Path, &str)]) -> Result<()> {
    for (path, _) in scripts {
        negsim::output::results_dir::guard::refuse_link(path)?;
    }
    for (path, text) in scripts {
        write(path, text)?;
    }
    Ok(())
}

/// `--shards` and `--cpus` within their ranges.
fn check_sizes(args: &SlurmArgs) -> Result<()> {
    let n = args.shards;
    if n == 0 || n > shard::MAX_SHARDS {
        return Err(negsim::Error::Usage(format!(
            "--shards {n}: give between 1 and {} shards",
            shard::MAX_SHARDS
        ))
        .into());
    }
    if args.cpus == 0 || args.cpus > 1024 {
        return Err(negsim::Error::Usage(format!(
            "--cpus {}: give between 1 and 1024 CPUs per task",
            args.cpus
        ))
        .into());
    }
    Ok(())
}

/// The `#SBATCH` lines of the options given, and the flags passed on to
/// each shard's command.
fn options_and_flags(args: &SlurmArgs) -> (String, String) {
    let mut options = String::new();
    if let Some(p) = &args.partition {
        options += &format!("#SBATCH --partition={p}\n");
    }
    if let Some(t) = &args.time {
        options += &format!("#SBATCH --time={t}\n");
    }
    if let Some(m) = &args.mem {
        options += &format!("#SBATCH --mem={m}\n");
    }
    let mut flags = String::new();
    if args.per_run {
        flags += " --per-run";
    }
    if let Some(r) = args.runs {
        flags += &format!(" --runs {r}");
    }
    if let Some(s) = args.seed {
        flags += &format!(" --seed {s}");
    }
    if args.no_charts {
        flags += " --no-charts";
    }
    (options, flags)
}

/// `sbatch --parsable EXTRA SCRIPT` in `dir`: the job id.
fn sbatch(dir: &Path, extra: &[String], script: &Path) -> Result<String> {
    let output = Command::new("sbatch")
        .arg("--parsable")
        .args(extra)
        .arg(script)
        .current_dir(dir)
        .output()
        .map_err(|e| {
            negsim::Error::Usage(format!(
                "cannot run sbatch ({e}): is Slurm installed here? (scripts/slurm-local up starts a one-node cluster)"
            ))
        })?;
    if !output.status.success() {
        return Err(negsim::Error::Usage(format!(
            "sbatch {} failed: {}",
            script.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
        .into());
    }
    // --parsable prints `jobid` or `jobid;cluster`.
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(text.trim().split(';').next().unwrap_or("").to_string())
}

pub fn slurm(args: SlurmArgs) -> Result<()> {
    let n = args.shards;
    check_sizes(&args)?;
    // Validate now, not in 1,000 failing jobs.
    let (mut cfg, file) = load(Some(&args.config))?;
    let common = super::args::CommonArgs {
        seed: args.seed,
        runs: args.runs,
        ..Default::default()
    };
    overrides(&mut cfg, &common)?;
    let sweep = cfg.sweep.is_some();
    let units = if sweep {
        let s = negsim::run::sweep::build(&cfg, &file)?;
        let cells: Vec<_> = s.cells.iter().map(|(_, e)| e).collect();
        shard::total_units(&cells, n)?
    } else {
        let exp = cfg.validate(&file)?;
        shard::total_units(&[&exp], n)?
    };
    if sweep && args.per_run {
        return Err(negsim::Error::Usage(
            "--per-run: a sweep writes no runs.csv; drop --per-run".into(),
        )
        .into());
    }
    let dir = absolute(
        &args
            .dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("slurm").join(&cfg.name)),
    )?;
    let out = absolute(
        &args
            .out
            .clone()
            .unwrap_or_else(|| PathBuf::from("results").join(&cfg.name)),
    )?;
    let config = absolute(&args.config)?;
    let negsim = std::env::current_exe().context("cannot find the negsim executable")?;
    std::fs::create_dir_all(dir.join("logs")).map_err(|source| negsim::Error::Write {
        path: dir.join("logs"),
        source,
    })?;
    let shards = dir.join("shards");
    let (options, flags) = options_and_flags(&args);
    let name = &cfg.name;
    let array = format!(
        "#!/bin/bash\n\
         # negsim: shard $SLURM_ARRAY_TASK_ID of {n} of {config_shown} ({units} units of work).\n\
         # Written by `negsim slurm`. A shard that finished is skipped (--resume);\n\
         # resubmit missing shards with e.g. `sbatch --array=3,5-7 {array_shown}`.\n\
         #SBATCH --job-name=negsim-{name}\n\
         #SBATCH --array=1-{n}\n\
         #SBATCH --ntasks=1\n\
         #SBATCH --cpus-per-task={cpus}\n\
         #SBATCH --output={logs}/shard-%a.out\n\
         {options}\
         set -euo pipefail\n\
         export NEGSIM_SHARDS={n}\n\
         exec {negsim} {cmd} {config} --shard auto --resume --threads {cpus} --quiet --out {shards}{flags}\n",
        config_shown = config.display(),
        array_shown = dir.join("array.sh").display(),
        cpus = args.cpus,
        logs = dir.join("logs").display(),
        negsim = quote(&negsim),
        cmd = if sweep { "sweep" } else { "run" },
        config = quote(&config),
        shards = quote(&shards),
    );
    let merge = format!(
        "#!/bin/bash\n\
         # negsim: merge the {n} shards of {config_shown} into {out_shown}/.\n\
         # Written by `negsim slurm`; submitted with --dependency=afterok on the array.\n\
         #SBATCH --job-name=negsim-{name}-merge\n\
         #SBATCH --ntasks=1\n\
         #SBATCH --cpus-per-task=1\n\
         #SBATCH --output={logs}/merge.out\n\
         {options}\
         set -euo pipefail\n\
         exec {negsim} merge {shards} --out {out}{force}\n",
        config_shown = config.display(),
        out_shown = out.display(),
        logs = dir.join("logs").display(),
        negsim = quote(&negsim),
        shards = quote(&shards),
        out = quote(&out),
        force = if args.force { " --force" } else { "" },
    );
    let array_path = dir.join("array.sh");
    let merge_path = dir.join("merge.sh");
    write_scripts(&[(&array_path, &array), (&merge_path, &merge)])?;
    println!(
        "wrote {} ({n} shards of {units} units) and {}",
        array_path.display(),
        merge_path.display()
    );
    if !args.submit {
        println!(
            "submit with: jid=$(sbatch --parsable {}) && sbatch --dependency=afterok:$jid {}",
            quote(&array_path),
            quote(&merge_path)
        );
        return Ok(());
    }
    submit(&dir, &array_path, &merge_path, n, &shards, &out)
}

/// Submit the array job and the merge job that waits for it, and say where
/// to watch them.
fn submit(
    dir: &Path,
    array_path: &Path,
    merge_path: &Path,
    n: u64,
    shards: &Path,
    out: &Path,
) -> Result<()> {
    let array_id = sbatch(dir, &[], array_path)?;
    let merge_id = sbatch(
        dir,
        &[format!("--dependency=afterok:{array_id}")],
        merge_path,
    )?;
    println!(
        "submitted array job {array_id} ({n} tasks) and merge job {merge_id} (afterok:{array_id})"
    );
    println!("watch with: squeue -j {array_id},{merge_id}");
    println!(
        "shards in {}/, logs in {}/, results will appear in {}/",
        shards.display(),
        dir.join("logs").display(),
        out.display()
    );
    Ok(())
}
