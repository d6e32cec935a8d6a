//! What each command does, in terms of the library.

//! The `negsim` command line: one file per command, each a thin layer of
//! argument handling and printing over the library.

mod agents;
mod args;
mod bench;
mod check;
mod class;
mod compare;
mod compare_chart;
mod evolve;
mod lies;
mod play;
mod plot;
mod positional;
mod progress;
mod run;
mod sensitivity;
mod serve;
mod shard;
mod slurm;
mod strategies;
mod sweep;
mod trace;
mod validate;

use anyhow::Result;
pub use args::Cli;
use args::{Command, CommonArgs};
use negsim::config::{self, Config, DEFAULT_CONFIG};
pub use positional::parse;
use std::path::Path;

pub fn dispatch(cli: Cli) -> Result<()> {
    let r = command(cli);
    // Forfeits a command did not report itself (sweep, trace).
    let left = negsim::agent::take_forfeits();
    if !left.is_empty() {
        agents::warn(&left, 0, None);
    }
    negsim::agent::process::shutdown();
    r
}

fn command(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Sweep(args) => sweep::sweep(args),
        Command::Evolve(args) => evolve::evolve(args),
        Command::Strategies { config } => strategies::strategies(config.as_deref()),
        Command::Trace(args) => trace::trace(args),
        Command::Check { config } => check::check(&config),
        Command::Plot { results, x } => plot::plot(&results, x.as_deref()),
        Command::Report { results } => plot::report(&results),
        Command::Lies(args) => lies::lies(args),
        Command::Sensitivity(args) => sensitivity::sensitivity(args),
        Command::Validate { seed, only } => validate::validate(seed, &only),
        Command::Compare(args) => compare::compare(args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "negsim", &mut std::io::stdout());
            Ok(())
        }
        Command::Merge(args) => shard::merge(args),
        Command::Slurm(args) => slurm::slurm(args),
        Command::Play(args) => play::play(args),
        Command::Class(args) => class::class(args),
        Command::Serve(args) => serve::serve(args),
        Command::Bench(args) => bench::bench(args),
    }
}

/// Load a config file, or the embedded default; returns it with its name
/// for messages.
pub(crate) fn load(path: Option<&Path>) -> Result<(Config, String)> {
    Ok(match path {
        Some(p) => (
            config::load(p).map_err(|e| with_hint(e, p))?,
            p.display().to_string(),
        ),
        None => (
            config::parse(DEFAULT_CONFIG, "configs/default.toml (embedded)")?,
            "configs/default.toml (embedded)".to_string(),
        ),
    })
}

/// A config path that does not exist but names a strategy (`negsim trace
/// probing guarded`) or a shipped config without its folder or extension
/// (`negsim run repeated`): the error says what was probably meant.
fn with_hint(e: negsim::Error, path: &Path) -> negsim::Error {
    let negsim::Error::Read { path: p, source } = e else {
        return e;
    };
    let name = path.to_string_lossy();
    let hint = if source.kind() != std::io::ErrorKind::NotFound {
        None
    } else if negsim::model::strategy::preset(&name).is_some() {
        Some(format!(
            "'{name}' is a strategy, not a config file: name strategies with --a and --b \
             (trace), --against (play) or in a config's `strategies`"
        ))
    } else {
        [
            format!("configs/{name}.toml"),
            format!("configs/{name}"),
            format!("{name}.toml"),
        ]
        .into_iter()
        .find(|c| Path::new(c).is_file())
        .map(|c| format!("did you mean {c}?"))
    };
    let source = match hint {
        Some(h) => std::io::Error::new(source.kind(), format!("{source}; {h}")),
        None => source,
    };
    negsim::Error::Read { path: p, source }
}

/// An unknown strategy named on the command line without a config: it may
/// be one a config defines, so say how to pass that config (`line`: the
/// command to type, without its CONFIG).
pub(crate) fn unknown_without_config(e: negsim::Error, config: bool, line: &str) -> negsim::Error {
    match e {
        negsim::Error::UnknownStrategy {
            name,
            file,
            field,
            mut hint,
            known,
        } if !config => {
            hint.push_str(&format!(
                "if a config defines '{name}', pass it: {line} CONFIG; "
            ));
            negsim::Error::UnknownStrategy {
                name,
                file,
                field,
                hint,
                known,
            }
        }
        e => e,
    }
}

/// Apply --seed and --runs to a config.
pub(crate) fn overrides(cfg: &mut Config, args: &CommonArgs) -> Result<()> {
    if let Some(seed) = args.seed {
        cfg.seed = seed;
    }
    if let Some(runs) = args.runs {
        if runs == 0 || runs > config::MAX_RUNS {
            return Err(negsim::Error::Usage(format!(
                "--runs {runs}: give between 1 and {} runs per pairing",
                config::MAX_RUNS
            ))
            .into());
        }
        cfg.runs = runs;
    }
    Ok(())
}
