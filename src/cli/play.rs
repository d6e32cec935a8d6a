//! `negsim play`: a student negotiates against a strategy in the terminal,
//! typing one move per line (or reading them from a script with
//! `--moves`), then reads the debrief; the play is saved as a record.

use super::load;
use anyhow::Result;
use clap::{Args, ValueEnum};
use negsim::Error;
use negsim::model::negotiation::{HumanMove, Step};
use negsim::output::figures::write_trace_chart;
use negsim::output::results_dir::write_atomic;
use negsim::play::{self, Play, Record, moves, verdict, wrap};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// The student's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// Side A: the item is worth a value to you; you pay no more.
    Buyer,
    /// Side B: the item costs you something; you sell for no less.
    Seller,
}

#[derive(Debug, Args)]
pub struct PlayArgs {
    /// Config file (default: the embedded four-strategy price tournament).
    pub config: Option<PathBuf>,
    /// The strategy you negotiate against.
    #[arg(long, value_name = "STRATEGY")]
    pub against: String,
    /// Your role.
    #[arg(long = "as", value_enum, default_value_t = Role::Buyer)]
    pub role: Role,
    /// Seed of the private values and chance events (default: from the
    /// clock, printed so the play can be replayed).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Your name in the record (default: an anonymous id).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Read the moves from a script, one per line (`-`: standard input;
    /// `#` starts a comment), instead of typing them: a bad line, or a
    /// script that ends before the negotiation does, is an error. A play
    /// record (`.json`) gives its moves (and its seed, unless --seed).
    #[arg(long, value_name = "FILE")]
    pub moves: Option<PathBuf>,
    /// Folder of the play records (and their trace charts).
    #[arg(long, value_name = "DIR", default_value = "plays")]
    pub out: PathBuf,
    /// Wrap lines at N columns, between words (0: no wrapping). Default:
    /// the terminal's width (80 if it cannot be read) when the output is a
    /// terminal, no wrapping when it is a file or a pipe. At least 20.
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

/// The narrowest wrapping width: a move's choices and a value's words
/// still fit on a line.
const MIN_WIDTH: usize = 20;

/// The width lines are wrapped at: `--width`, else the terminal's.
fn width(arg: Option<usize>) -> usize {
    if let Some(w) = arg {
        return w;
    }
    let term = console::Term::stdout();
    if !term.is_term() {
        return 0;
    }
    term.size_checked()
        .map_or(80, |(_, cols)| usize::from(cols).max(MIN_WIDTH))
}

/// Where the moves come from: a script's lines, then typed lines.
struct Input {
    script: Vec<(usize, String)>,
    next: usize,
    source: String,
    typed: Box<dyn BufRead>,
    typing: bool,
}

enum Line {
    Script(usize, String),
    Typed(String),
    /// A typed line that cannot be a move: why.
    NotUnderstood(&'static str),
    End,
}

impl Input {
    /// The moves of `--moves` (a script file, `-`, or a record's moves
    /// when `replayed`), or typed lines without it.
    fn of(script: Option<&Path>, replayed: Option<&Record>) -> Result<Self> {
        Ok(match script {
            Some(p) if p.as_os_str() == "-" => {
                let text = moves::read_script(std::io::stdin().lock(), "- (standard input)")?;
                Input {
                    script: script_lines(&text),
                    next: 0,
                    source: "standard input".into(),
                    typed: Box::new(std::io::empty()),
                    typing: false,
                }
            }
            Some(p) if replayed.is_some() => Input {
                script: replayed
                    .iter()
                    .flat_map(|r| r.moves.iter().cloned().enumerate())
                    .map(|(i, m)| (i + 1, m))
                    .collect(),
                next: 0,
                source: format!("{} (its moves)", p.display()),
                typed: Box::new(std::io::empty()),
                typing: false,
            },
            Some(p) => {
                let file = std::fs::File::open(p).map_err(|source| Error::Read {
                    path: p.to_path_buf(),
                    source,
                })?;
                let text = moves::read_script(file, &p.display().to_string())?;
                Input {
                    script: script_lines(&text),
                    next: 0,
                    source: p.display().to_string(),
                    typed: Box::new(std::io::empty()),
                    typing: false,
                }
            }
            None => Input {
                script: Vec::new(),
                next: 0,
                source: String::new(),
                typed: Box::new(std::io::BufReader::new(std::io::stdin())),
                typing: true,
            },
        })
    }

    fn next_line(&mut self) -> Result<Line> {
        if let Some((n, l)) = self.script.get(self.next) {
            self.next += 1;
            return Ok(Line::Script(*n, l.clone()));
        }
        if !self.typing {
            return Ok(Line::End);
        }
        Ok(match moves::read_typed(&mut *self.typed)? {
            moves::Typed::Line(l) => Line::Typed(l),
            moves::Typed::NotUnderstood(why) => Line::NotUnderstood(why),
            moves::Typed::End => Line::End,
        })
    }
}

/// A script's moves: its lines without blanks and `#` comments.
fn script_lines(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split('#').next().unwrap_or("").trim().to_string()))
        .filter(|(_, l)| !l.is_empty())
        .collect()
}

/// The student's name and the width, checked before anything is played.
fn check_args(args: &PlayArgs) -> Result<()> {
    if let Some(name) = &args.name {
        check_name(name)?;
    }
    if let Some(w) = args.width.filter(|w| (1..MIN_WIDTH).contains(w)) {
        return Err(Error::Usage(format!(
            "--width {w}: give 0 (no wrapping) or at least {MIN_WIDTH} columns"
        ))
        .into());
    }
    Ok(())
}

pub fn play(args: PlayArgs) -> Result<()> {
    check_args(&args)?;
    let (cfg, file) = load(args.config.as_deref())?;
    let exp = cfg.validate(&file)?;
    folder_can_be_made(&args.out)?;
    let human = match args.role {
        Role::Buyer => 0,
        Role::Seller => 1,
    };
    // A record given as the script: its moves, and its seed unless --seed.
    let replayed = replayed_record(&args, human)?;
    let seed = args
        .seed
        .or(replayed.as_ref().map(|r| r.seed))
        .unwrap_or_else(clock_seed);
    let game = Play::new(&exp, &args.against, human, seed).map_err(|e| {
        let line = format!("negsim play --against {}", args.against);
        super::unknown_without_config(e, args.config.is_some(), &line)
    })?;
    let mut input = Input::of(args.moves.as_deref(), replayed.as_ref())?;
    let out = std::io::stdout();
    let mut out = Wrapped::new(out.lock(), width(args.width));
    writeln!(
        out,
        "negsim play: you against {}, seed {seed} (replay with --seed {seed})\n",
        args.against
    )?;
    write!(out, "{}", game.briefing())?;
    writeln!(
        out,
        "Claims: how sure you sound is exact, sure, roughly or vague; a claim must be between {} and {}.\n",
        game.v(game.claim_range().0),
        game.v(game.claim_range().1)
    )?;
    let mut moves: Vec<HumanMove> = Vec::new();
    let mut shown = 0;
    let hp = loop {
        let hp = game.replay(&moves);
        let live = game.live(&hp);
        let lines: Vec<&str> = live.lines().collect();
        for l in &lines[shown.min(lines.len())..] {
            writeln!(out, "{l}")?;
        }
        shown = lines.len();
        let Step::Waiting(d) = hp.step else {
            break hp;
        };
        loop {
            writeln!(out, "{}", game.prompt(&d))?;
            writeln!(out, "  {}", moves::choices(&d))?;
            write!(out, "> ")?;
            out.flush()?;
            let (line, at) = match input.next_line()? {
                Line::Script(n, l) => {
                    writeln!(out, "{l}")?;
                    (l, Some(n))
                }
                Line::Typed(l) => (l, None),
                Line::NotUnderstood(why) => {
                    writeln!(out, "  ? {why}. Try again.")?;
                    continue;
                }
                Line::End if input.typing => {
                    writeln!(
                        out,
                        "\nInput ended before the negotiation did: nothing saved."
                    )?;
                    return Ok(());
                }
                Line::End => {
                    return Err(Error::Usage(format!(
                        "{}: the moves end before the negotiation does; next: {} ({})",
                        input.source,
                        game.prompt(&d),
                        moves::choices(&d)
                    ))
                    .into());
                }
            };
            let parsed = checked_moves(&game, &moves, &line, &d, replayed.is_some());
            match (parsed, at) {
                (Ok(mvs), _) => {
                    moves.extend(mvs);
                    break;
                }
                (Err(hint), Some(n)) => {
                    return Err(Error::Usage(format!(
                        "{} line {n}: '{line}': {hint}",
                        input.source
                    ))
                    .into());
                }
                (Err(hint), None) => writeln!(out, "  ? {hint}. Try again.")?,
            }
        }
    };
    let unused = input.script.len() - input.next.min(input.script.len());
    if unused > 0 {
        writeln!(
            out,
            "({unused} more move{} in {} not needed: the negotiation is over.)",
            if unused == 1 { "" } else { "s" },
            input.source
        )?;
    }
    let name = match (&replayed, &args.name) {
        (_, Some(n)) => n.clone(),
        (Some(r), None) => r.student.clone(),
        (None, None) => String::new(),
    };
    let record = game.record(&hp, &moves, &name).expect("the play is over");
    finish(&mut out, &game, &hp, &record, &args.out)
}

/// Save the record and its trace chart; write the debrief and the whole
/// transcript.
fn finish(
    out: &mut impl Write,
    game: &Play,
    hp: &negsim::model::negotiation::HumanPlay,
    record: &Record,
    dir: &Path,
) -> Result<()> {
    let path = save(dir, record)?;
    let chart = path.with_extension("png");
    write_trace_chart(&game.exp, &game.trace(hp), &chart)?;
    writeln!(out)?;
    let v = |x: f64| game.v(x);
    write!(out, "{}", record.debrief(&v))?;
    writeln!(out, "\nThe whole negotiation, true values shown:\n")?;
    write!(out, "{}", record.transcript)?;
    writeln!(out, "\nRecord: {}", path.display())?;
    writeln!(out, "Trace chart: {}", chart.display())?;
    Ok(())
}

/// The moves `line` stands for at decision `d` after `moves`, or a hint:
/// values in range, moves that fit, and accepting at a loss only when the
/// line insists (`accept anyway`) or the moves come from a record
/// (`confirmed`: they were confirmed when it was played).
fn checked_moves(
    game: &Play,
    moves: &[HumanMove],
    line: &str,
    d: &negsim::model::negotiation::Decision,
    confirmed: bool,
) -> std::result::Result<Vec<HumanMove>, String> {
    let mvs = play::parse_move(line, d)?;
    mvs.iter().try_for_each(|m| game.check(m))?;
    if !confirmed
        && !verdict::insists(line)
        && let Some(w) = mvs.iter().find_map(|m| game.loss_warning(d, m))
    {
        return Err(w);
    }
    let mut trial = moves.to_vec();
    trial.extend(&mvs);
    match game.replay(&trial).step {
        Step::Invalid { decision, .. } => Err(format!(
            "not now: {} ({})",
            game.prompt(&decision),
            moves::choices(&decision)
        )),
        _ => Ok(mvs),
    }
}

/// The record given as `--moves` (a `.json` file), checked against
/// `--against` and `--as`.
fn replayed_record(args: &PlayArgs, human: usize) -> Result<Option<Record>> {
    Ok(match &args.moves {
        Some(p) if p.extension().is_some_and(|e| e == "json") => {
            let r = Record::read(p)?;
            if r.strategy != args.against || r.role != play::role_name(human) {
                return Err(Error::Usage(format!(
                    "--moves {}: the record is a play as the {} against '{}'; replay it with --against {} --as {}",
                    p.display(),
                    r.role,
                    r.strategy,
                    r.strategy,
                    r.role
                ))
                .into());
            }
            Some(r)
        }
        _ => None,
    })
}

/// `--name` is checked before the game: it becomes part of the record's
/// file name and is shown to the teacher, so at most [`play::NAME_LEN`]
/// characters and no control characters (echoed shortened and escaped).
fn check_name(name: &str) -> Result<()> {
    let n = name.chars().count();
    let problem = if n > play::NAME_LEN {
        format!("{n} characters")
    } else if name.chars().any(char::is_control) {
        "control characters".to_string()
    } else {
        return Ok(());
    };
    Err(Error::Usage(format!(
        "--name '{}': {problem}; a name has at most {} characters and no control characters",
        play::class::shown(name, 40),
        play::NAME_LEN
    ))
    .into())
}

/// `--out` is a folder or can be made one: checked before the game, so
/// that a student does not play a whole negotiation for a record that
/// cannot be saved. Nothing is created here.
pub(crate) fn folder_can_be_made(dir: &Path) -> Result<()> {
    let mut p = dir;
    loop {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => {
                let why = if p == dir {
                    "it is a file, not a folder".to_string()
                } else {
                    format!("{} is a file, not a folder", p.display())
                };
                return Err(Error::Write {
                    path: dir.to_path_buf(),
                    source: std::io::Error::other(format!(
                        "{why}; give --out a folder for the play records"
                    )),
                }
                .into());
            }
            Err(_) => match p.parent() {
                Some(up) if !up.as_os_str().is_empty() => p = up,
                _ => return Ok(()),
            },
        }
    }
}

/// A seed from the clock.
fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 % 1_000_000)
        .unwrap_or(1)
}

/// Write a record into `dir` under its file name (another play that would
/// take the same name gets `-2`, `-3`, ...; the same play overwrites its
/// identical record).
pub fn save(dir: &Path, record: &Record) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let json = record.to_json();
    let name = record.file_name();
    let stem = name.trim_end_matches(".json");
    for k in 1.. {
        let path = if k == 1 {
            dir.join(&name)
        } else {
            dir.join(format!("{stem}-{k}.json"))
        };
        match std::fs::read_to_string(&path) {
            Ok(old) if old != json => continue,
            _ => {
                write_atomic(&path, json.as_bytes())?;
                return Ok(path);
            }
        }
    }
    unreachable!("some name is free")
}

/// Standard output with every line wrapped at `width` columns between
/// words (0: as is). A line is held until it is complete (`write!` sends
/// it in pieces), or until a flush (the prompt).
struct Wrapped<W: Write> {
    out: W,
    width: usize,
    line: Vec<u8>,
}

impl<W: Write> Wrapped<W> {
    fn new(out: W, width: usize) -> Self {
        Wrapped {
            out,
            width,
            line: Vec::new(),
        }
    }

    /// Write the held text (wrapped, if it is text).
    fn emit(&mut self, upto: usize) -> std::io::Result<()> {
        let held: Vec<u8> = self.line.drain(..upto).collect();
        match std::str::from_utf8(&held) {
            Ok(text) => self.out.write_all(wrap::wrap(text, self.width).as_bytes()),
            Err(_) => self.out.write_all(&held),
        }
    }
}

impl<W: Write> Write for Wrapped<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.width == 0 {
            return self.out.write(buf);
        }
        self.line.extend_from_slice(buf);
        if let Some(end) = self.line.iter().rposition(|&b| b == b'\n') {
            self.emit(end + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let n = self.line.len();
        self.emit(n)?;
        self.out.flush()
    }
}

impl<W: Write> Drop for Wrapped<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
