//! Outputs: the results folder (CSV files and manifest), the charts drawn
//! from it, and the report.

pub mod figures;
pub mod format;
pub mod report;
mod results;
pub mod transcript;

pub use format::{money, num};
pub use results::*;
