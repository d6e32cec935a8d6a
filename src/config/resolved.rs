//! The resolved config: every strategy spelled out with its description
//! and parameters, for `negsim check` and the manifests.

use super::{Config, Experiment, StrategyDef};
use crate::model::strategy::{PARAMS, Params, preset};
use serde::Serialize;

/// The resolved config as TOML: every default filled in and every strategy
/// spelled out as an editable `[[strategy]]` table with each parameter's
/// typed value (see [`spelled_out`]); itself a valid config of the same
/// experiment.
pub fn resolved_toml(exp: &Experiment) -> String {
    let mut config = exp.config.clone();
    config.custom = spelled_out(&exp.config);
    let text = toml::to_string_pretty(&config);
    text.unwrap_or_else(|e| format!("# could not render config: {e}\n"))
}

/// The `[[strategy]]` tables of `config` with every parameter given, then a
/// table for each preset of the tournament not already redefined: the
/// preset redefined in place (`name = base`) with its own values, so that
/// every strategy can be edited where it stands. Strategies the config does
/// not define (added in Rust) are left out.
pub fn spelled_out(config: &Config) -> Vec<StrategyDef> {
    let mut defs: Vec<(StrategyDef, Params)> = Vec::new();
    for def in &config.custom {
        if def.command.is_some() {
            // An external agent: as written (it has no parameters).
            let (_, stand_in) = preset("open").expect("the open preset");
            defs.push((def.clone(), stand_in));
            continue;
        }
        let base = match defs.iter().find(|(d, _)| d.name == def.base) {
            Some((_, p)) => Some(*p),
            None => preset(&def.base).map(|(_, p)| p),
        };
        let Some(base) = base else { continue };
        let params = def.apply(base);
        let description = def
            .description
            .clone()
            .unwrap_or_else(|| format!("{} with overrides", def.base));
        defs.push((full(&def.name, &def.base, description, &params), params));
    }
    for name in &config.strategies {
        if defs.iter().any(|(d, _)| &d.name == name) {
            continue;
        }
        if let Some((description, params)) = preset(name) {
            defs.push((full(name, name, description.to_string(), &params), params));
        }
    }
    defs.into_iter().map(|(d, _)| d).collect()
}

/// A `[[strategy]]` table giving every parameter.
fn full(name: &str, base: &str, description: String, p: &Params) -> StrategyDef {
    let mut overrides = [None; PARAMS.len()];
    for (o, param) in overrides.iter_mut().zip(&PARAMS) {
        *o = Some(param.get(p));
    }
    StrategyDef {
        name: name.to_string(),
        base: base.to_string(),
        description: Some(description),
        overrides,
        ..StrategyDef::default()
    }
}

/// A strategy with its description and parameters, for manifests.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedStrategy {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Parameters as (name, value) pairs.
    pub parameters: std::collections::BTreeMap<String, String>,
}

/// Every strategy of the experiment, spelled out.
pub fn resolved_strategies(exp: &Experiment) -> Vec<ResolvedStrategy> {
    exp.strategies
        .iter()
        .map(|s| ResolvedStrategy {
            name: s.name().to_string(),
            description: s.description(),
            parameters: s
                .parameters()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        })
        .collect()
}
