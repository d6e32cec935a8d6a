//! Strategy names typed as bare words where negsim takes a config file or
//! no argument at all (`negsim trace probing guarded`, `negsim play
//! guarded`, `negsim serve guarded probing`): instead of clap's generic
//! "unexpected argument" or "required arguments were not provided", an
//! exit-2 error that names the flags meant and the command to type.

use super::Cli;
use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches};
use negsim::Error;
use std::path::Path;

/// Parse the command line. Help and version exit as clap does; a line with
/// a strategy name as a bare word that is no file gets [`Error::Usage`];
/// any other bad line exits as clap does (code 2, its own message).
pub fn parse() -> Result<Cli, Error> {
    let raw: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    parse_from(&raw)
}

/// [`parse`] of the given words (`raw[0]` is the program's name).
pub fn parse_from(raw: &[String]) -> Result<Cli, Error> {
    // One command for clap's parse and the words' reading (building it is
    // most of the start-up's work).
    let mut cmd = Cli::command();
    let parsed = match cmd.try_get_matches_from_mut(raw) {
        // (formatted with the command, as clap's own `try_parse_from` does)
        Ok(mut m) => Cli::from_arg_matches_mut(&mut m).map_err(|e| e.format(&mut cmd)),
        Err(e) => Err(e),
    };
    if let Err(e) = &parsed
        && matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        e.exit();
    }
    if parsed.is_err()
        && let Some((flag, value)) = words(raw, &cmd).and_then(|w| w.negative)
    {
        // clap took the number for a flag ("unexpected argument '-0'").
        return Err(Error::Usage(format!(
            "{flag} {value}: a negative number; {flag} takes 0 or more"
        )));
    }
    if let Some(message) = hint(raw, &cmd, parsed.is_ok()) {
        return Err(Error::Usage(message));
    }
    parsed.map_err(|e| e.exit())
}

/// The words of a command line after its subcommand, read as clap reads
/// them: the flags given (long names) and the positional words.
struct Words<'a> {
    sub: &'a str,
    /// The subcommand's place in the line.
    sub_at: usize,
    flags: Vec<String>,
    /// The positional words and their places in the line.
    positional: Vec<(usize, &'a str)>,
    /// The first option given a negative number (`--seed -1`), which clap
    /// reads as a flag of its own.
    negative: Option<(String, &'a str)>,
}

fn words<'a>(raw: &'a [String], cmd: &clap::Command) -> Option<Words<'a>> {
    let at = raw.iter().skip(1).position(|w| !w.starts_with('-'))? + 1;
    let sub = raw[at].as_str();
    let sc = cmd.find_subcommand(sub)?;
    let takes_value = |long: &str| {
        sc.get_arguments()
            .find(|a| a.get_long() == Some(long))
            .is_some_and(|a| a.get_action().takes_values())
    };
    let short_takes_value = |c: char| {
        sc.get_arguments()
            .find(|a| a.get_short() == Some(c))
            .is_some_and(|a| a.get_action().takes_values())
    };
    let mut w = Words {
        sub,
        sub_at: at,
        flags: Vec::new(),
        positional: Vec::new(),
        negative: None,
    };
    let mut rest = raw.iter().enumerate().skip(at + 1);
    while let Some((i, word)) = rest.next() {
        if word == "--" {
            w.positional
                .extend(rest.by_ref().map(|(i, p)| (i, p.as_str())));
        } else if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, _)) => (n, true),
                None => (long, false),
            };
            w.flags.push(name.to_string());
            if !inline && takes_value(name) {
                let value = rest.next().map(|(_, v)| v.as_str());
                if let Some(v) = value.filter(|v| is_negative(v))
                    && w.negative.is_none()
                {
                    w.negative = Some((format!("--{name}"), v));
                }
            }
        } else if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            let last = shorts.chars().last();
            if last.is_some_and(short_takes_value) && shorts.len() == 1 {
                rest.next();
            }
        } else {
            w.positional.push((i, word));
        }
    }
    Some(w)
}

/// Whether `word` is a negative number (`-1`, `-0.5`).
fn is_negative(word: &str) -> bool {
    word.strip_prefix('-').is_some_and(|n| {
        n.starts_with(|c: char| c.is_ascii_digit() || c == '.') && n.parse::<f64>().is_ok()
    })
}

/// A bare word taken for a strategy: its name, and whether it was written
/// so (or is the nearest name to what was written).
struct Named<'a> {
    /// Its place in the line.
    at: usize,
    word: &'a str,
    name: String,
}

impl Named<'_> {
    fn exact(&self) -> bool {
        self.word == self.name
    }
}

/// The strategies a line names: the presets, and those of a config among
/// its words.
fn known(w: &Words) -> Vec<String> {
    let mut known: Vec<String> = negsim::model::strategy::preset_names()
        .map(String::from)
        .collect();
    for p in w
        .positional
        .iter()
        .map(|p| Path::new(p.1))
        .filter(|p| p.is_file())
    {
        if let Ok(cfg) = negsim::config::load(p) {
            known.extend(cfg.strategies.iter().cloned());
            known.extend(cfg.custom.iter().map(|s| s.name.clone()));
        }
    }
    known.sort();
    known.dedup();
    known
}

/// The strategy a bare word names (or nearly names), if it is no file.
fn strategy_word<'a>((at, word): (usize, &'a str), known: &[String]) -> Option<Named<'a>> {
    if Path::new(word).exists() {
        return None;
    }
    if known.iter().any(|k| k == word) {
        return Some(Named {
            at,
            word,
            name: word.to_string(),
        });
    }
    if word.contains(['.', '/', '\\']) {
        return None;
    }
    let near = negsim::error::nearest(word, known.iter().map(String::as_str))?;
    Some(Named {
        at,
        word,
        name: near.to_string(),
    })
}

/// The subcommands whose bare words are looked at.
const SUBCOMMANDS: [&str; 12] = [
    "trace",
    "play",
    "serve",
    "strategies",
    "run",
    "sweep",
    "evolve",
    "lies",
    "sensitivity",
    "bench",
    "check",
    "slurm",
];

/// The message for a line whose bare words name strategies, or `None`.
/// Where clap accepted the line (`clap_ok`: the word stands where a config
/// file may), only a strategy's exact name counts; a near miss there is
/// left to "cannot read" and its hints.
fn hint(raw: &[String], cmd: &clap::Command, clap_ok: bool) -> Option<String> {
    let w = words(raw, cmd)?;
    // Only these take a config (or nothing) where a strategy may be typed;
    // and a line whose every bare word is a file is left to the command.
    if !SUBCOMMANDS.contains(&w.sub) || w.positional.iter().all(|p| Path::new(p.1).exists()) {
        return None;
    }
    let known = known(&w);
    let named: Vec<Named> = w
        .positional
        .iter()
        .filter_map(|p| strategy_word(*p, &known))
        .filter(|n| !clap_ok || n.exact())
        .collect();
    named.first()?;
    let what = said(&named);
    let rest = rest_of_line(raw, &w, &named);
    let has = |flag: &str| w.flags.iter().any(|f| f == flag);
    let message = match w.sub {
        "trace" => {
            let mut fill = named.iter().map(|n| n.name.as_str());
            let mut line = String::from("negsim trace");
            for flag in ["a", "b"] {
                if !has(flag) {
                    let s = fill.next().unwrap_or("STRATEGY");
                    line.push_str(&format!(" --{flag} {s}"));
                }
            }
            format!(
                "{what}: name the two sides with --a and --b (A the buyer, B the seller): {line}{rest}"
            )
        }
        "play" => {
            // With --against given, the word is one strategy too many.
            let flag = match has("against") {
                true => String::new(),
                false => format!(" --against {}", named[0].name),
            };
            format!(
                "{what}: name the one strategy you play against with --against (and your role with --as buyer|seller): negsim play{flag}{rest}"
            )
        }
        "serve" => {
            let list: Vec<&str> = named.iter().map(|n| n.name.as_str()).collect();
            let flag = match has("strategies") {
                true => String::new(),
                false => format!(" --strategies {}", list.join(",")),
            };
            format!(
                "{what}: name the strategies students may play against with --strategies: negsim serve{flag}{rest}"
            )
        }
        "strategies" => format!(
            "{what}: `negsim strategies` lists every strategy with its parameters; its argument is a config file"
        ),
        _ => {
            let list: Vec<String> = named.iter().map(|n| format!("\"{}\"", n.name)).collect();
            format!(
                "{what}: `negsim {}` takes a config file, whose `strategies` list names the strategies (strategies = [{}]); `negsim trace --a A --b B` shows one negotiation of two strategies",
                w.sub,
                list.join(", ")
            )
        }
    };
    Some(message)
}

/// "'probing' and 'guarded' are strategies, not config files", with the
/// nearest strategy for a word that is not quite one.
fn said(named: &[Named]) -> String {
    let quoted: Vec<String> = named
        .iter()
        .map(|n| {
            if n.exact() {
                format!("'{}'", n.word)
            } else {
                format!("'{}' (no file; did you mean '{}'?)", n.word, n.name)
            }
        })
        .collect();
    let (list, are) = match quoted.as_slice() {
        [one] => (one.clone(), "is a strategy, not a config file"),
        [init @ .., last] => (
            format!("{} and {last}", init.join(", ")),
            "are strategies, not config files",
        ),
        [] => (String::new(), ""),
    };
    format!("{list} {are}")
}

/// The rest of the command line, without the subcommand and the words
/// taken for strategies: " --seed 3 configs/x.toml".
fn rest_of_line(raw: &[String], w: &Words, named: &[Named]) -> String {
    let mut out = String::new();
    for (i, word) in raw.iter().enumerate().skip(w.sub_at + 1) {
        if named.iter().any(|n| n.at == i) {
            continue;
        }
        out.push(' ');
        // `negsim play guarded seller`: the role is a flag too.
        if w.sub == "play"
            && (word == "buyer" || word == "seller")
            && !w.flags.iter().any(|f| f == "as")
        {
            out.push_str("--as ");
        }
        if word.contains(char::is_whitespace) || word.is_empty() {
            out.push_str(&format!("'{word}'"));
        } else {
            out.push_str(word);
        }
    }
    out
}
