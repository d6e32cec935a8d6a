//! `negsim strategies`: the presets and a config's strategies with their parameters.

use super::load;
use anyhow::Result;
use negsim::model::strategy::{Move, PRESETS, Policy, Strategy, View};
use std::io::Write;
use std::path::Path;

pub fn strategies(config: Option<&Path>) -> Result<()> {
    let mut list: Vec<Box<dyn Strategy>> = PRESETS
        .iter()
        .map(|(n, d, p)| Box::new(Policy::new(*n, *d, *p)) as Box<dyn Strategy>)
        .collect();
    if let Some(path) = config {
        let (cfg, file) = load(Some(path))?;
        let exp = cfg.validate(&file)?;
        // A preset the config redefines (name = base) is listed in its
        // place with the config's values.
        for s in exp.strategies {
            let listing = Box::new(CustomListing {
                name: s.name().to_string(),
                description: s.description(),
                params: s.parameters(),
            });
            match PRESETS.iter().position(|(n, _, _)| *n == s.name()) {
                Some(i) => list[i] = listing,
                None => list.push(listing),
            }
        }
    }
    let mut out = std::io::stdout().lock();
    for s in &list {
        writeln!(out, "{:<10} {}", s.name(), s.description())?;
        let params: Vec<String> = s
            .parameters()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        writeln!(out, "{:<10} {}\n", "", params.join(" "))?;
    }
    writeln!(
        out,
        "Precisions and bluffs are in prior standard deviations of the facet talked about.\nDefine your own in a config: [[strategy]] name = \"soft-prober\", base = \"probing\", bluff = 0.2"
    )?;
    Ok(())
}

/// A strategy from a config, listed by name and parameters.
struct CustomListing {
    name: String,
    description: String,
    params: Vec<(&'static str, String)>,
}

impl Strategy for CustomListing {
    fn name(&self) -> &str {
        &self.name
    }
    fn description(&self) -> String {
        self.description.clone()
    }
    fn parameters(&self) -> Vec<(&'static str, String)> {
        self.params.clone()
    }
    fn exchange(&self, _: &View) -> Move {
        Move::SILENT
    }
    fn answer(&self, _: &View) -> Move {
        Move::SILENT
    }
}
