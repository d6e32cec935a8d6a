//! The resolved config: every strategy spelled out with its description
//! and parameters, for `negsim check` and the manifests.

use super::{Config, Experiment};
use serde::Serialize;

/// The resolved config as TOML: every strategy's parameters spelled out.
pub fn resolved_toml(exp: &Experiment) -> String {
    #[derive(Serialize)]
    struct Resolved<'a> {
        #[serde(flatten)]
        config: &'a Config,
        resolved_strategies: Vec<ResolvedStrategy>,
    }
    let text = toml::to_string_pretty(&Resolved {
        config: &exp.config,
        resolved_strategies: resolved_strategies(exp),
    });
    text.unwrap_or_else(|e| format!("# could not render config: {e}\n"))
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
