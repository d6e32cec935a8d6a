//! An external agent's `[[strategy]]` table (`command = [...]`,
//! docs/PROTOCOL.md).

use super::StrategyDef;
use crate::agent::Agent;
use crate::error::{Error, Result};
use crate::model::strategy::{Policy, Strategy, preset};
use std::sync::Arc;

/// An external agent's `[[strategy]]` table: a command whose program can
/// be found, a timeout in (0, 600] seconds, no base and no parameter.
pub(super) fn check_agent(
    file: &str,
    field: &str,
    def: &StrategyDef,
    command: &[String],
) -> Result<Agent> {
    let shown = crate::agent::process::shown(command);
    if command.is_empty() || command[0].is_empty() {
        return Err(Error::invalid(
            file,
            format!("{field}.command"),
            shown,
            "give the program and its arguments, e.g. [\"python3\", \"agents/mine.py\"]",
        ));
    }
    if !crate::agent::findable(&command[0]) {
        return Err(Error::invalid(
            file,
            format!("{field}.command"),
            shown,
            format!(
                "the program '{}' is not found: give an existing file (relative to the folder negsim runs in) or a program on PATH",
                command[0]
            ),
        ));
    }
    if !def.base.is_empty() || def.overrides.iter().any(Option::is_some) {
        return Err(Error::invalid(
            file,
            field,
            format!("'{}'", def.name),
            "an external agent (a strategy with a command) takes no base and no parameters: it decides for itself",
        ));
    }
    let timeout = def.timeout.unwrap_or(crate::agent::DEFAULT_TIMEOUT);
    if !(timeout > 0.0 && timeout <= 600.0) {
        return Err(Error::invalid(
            file,
            format!("{field}.timeout"),
            timeout,
            "seconds an agent has for each reply, above 0 and at most 600",
        ));
    }
    Ok(Agent::new(
        def.name.clone(),
        def.description.clone(),
        command.to_vec(),
        timeout,
    ))
}

/// The config's agents and the in-process ones (the Python package's
/// `agents={...}`), each of whose names must be well formed and new (no
/// preset, no `[[strategy]]`, no other agent).
pub(super) fn with_hosted(
    file: &str,
    defined: &[Policy],
    mut agents: Vec<Arc<Agent>>,
    hosted: &[Arc<Agent>],
) -> Result<Vec<Arc<Agent>>> {
    for h in hosted {
        let name = h.name();
        let well_formed = !name.is_empty()
            && name.len() <= 40
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        let taken = preset(name).is_some()
            || defined.iter().any(|p| p.name == name)
            || agents.iter().any(|a| a.name() == name);
        if !well_formed || taken {
            return Err(Error::invalid(
                file,
                format!("agents[\"{name}\"]"),
                format!("'{name}'"),
                "an agent's name must be new (not a preset's, nor a [[strategy]]'s of the config) and of at most 40 letters, digits, '-', '_' or '.'",
            ));
        }
        agents.push(Arc::clone(h));
    }
    Ok(agents)
}
