//! negsim-chart: the charts of negsim, PNG (1600x1000) and SVG pictures of tournament
//! results, drawn with `plotters` and our own text layout.
//!
//! Each chart has a plain input type in [`data`] and a `render_*` function that writes
//! `out_base.png` and `out_base.svg` (via temporary files renamed into place). Every input
//! type implements [`Chart`], so [`svg_string`] / [`png_bytes`] give the same pictures in
//! memory (for inlining SVGs into an HTML report). Fonts are the embedded DejaVu Sans;
//! [`register_fonts`] is called by every renderer (calling it yourself is harmless).
//! Strategy colours come from [`strategy_color`] (Okabe-Ito, colour-blind safe).
//!
//! The crate knows nothing of the simulator (negsim turns its results folders into these
//! inputs) and depends only on `plotters`, `ab_glyph`, `dejavu`, `png` and `thiserror`.

mod asymmetry;
mod axes;
mod canvas;
mod class;
mod coincide;
mod comparisons;
pub mod data;
mod distribution;
mod evolution;
mod format;
mod grid;
mod heatmap;
mod information;
mod information_panels;
mod labels;
mod legend;
mod matrix;
mod output;
mod ranking;
mod scale;
mod style;
mod sweep;
mod text;
mod trace;
mod trust;
mod within;

#[cfg(test)]
mod samples;
#[cfg(test)]
mod tests;

pub use asymmetry::render_asymmetry;
pub use canvas::{Canvas, Dash, DrawResult, Marker};
pub use class::render_class;
pub use comparisons::{SIGNIFICANT, render_comparisons};
pub use data::*;
pub use distribution::render_distribution;
pub use evolution::render_evolution;
pub use grid::render_grid;
pub use information::render_information;
pub use matrix::render_matrix;
pub use output::{Chart, ChartError, HEIGHT, WIDTH, png_bytes, render, rgb_pixels, svg_string};
pub use ranking::render_ranking;
pub use style::{NEUTRAL, OKABE_ITO, STRATEGY_PALETTE, strategy_color};
pub use sweep::render_sweep;
pub use text::{
    FONT_FAMILY, HAlign, Rotation, TextSpec, VAlign, ellipsize, measure, register_fonts,
};
pub use trace::render_trace;
pub use trust::render_trust;
pub use within::render_within;
