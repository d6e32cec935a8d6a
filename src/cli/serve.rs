//! `negsim serve`: the game as a local web page.

use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct ServeArgs {}

pub fn serve(_args: ServeArgs) -> Result<()> {
    Ok(())
}
