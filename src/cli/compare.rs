//! `negsim compare A B`: per-strategy differences between two results folders.

use super::args::CompareArgs;
use anyhow::Result;

pub fn compare(_args: CompareArgs) -> Result<()> {
    Err(negsim::Error::Usage("negsim compare: not yet".into()).into())
}
