//! An external agent's `[[strategy]]` table (`command = [...]`,
//! docs/PROTOCOL.md).

use super::StrategyDef;
use crate::agent::Agent;
use crate::error::{Error, Result};
use crate::model::rules::Protocol;
use crate::model::scenario::Scenario;
use crate::model::strategy::Strategy;
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

/// An agent of the tournament needs the `price` scenario under
/// alternating offers (the decisions of docs/PROTOCOL.md).
pub(super) fn check_rules(
    file: &str,
    custom: &[StrategyDef],
    strategies: &[String],
    agents: &[Arc<Agent>],
    scenario: &Scenario,
    protocol: &Protocol,
) -> Result<()> {
    let Some(a) = agents
        .iter()
        .find(|a| strategies.iter().any(|n| n == a.name()))
    else {
        return Ok(());
    };
    let price_ao = matches!(scenario, Scenario::Price { .. })
        && matches!(protocol, Protocol::AlternatingOffers { .. });
    if price_ao {
        return Ok(());
    }
    let i = custom.iter().position(|d| d.name == a.name()).unwrap_or(0);
    Err(Error::invalid(
        file,
        format!("strategy[{i}].command"),
        crate::agent::process::shown(a.command()),
        format!(
            "an external agent plays the 'price' scenario under alternating offers; this config has the '{}' scenario with {}",
            scenario.kind(),
            match protocol {
                Protocol::DoubleAuction { .. } => "a double auction",
                _ => "alternating offers",
            }
        ),
    ))
}
