//! Turning a [`Chart`] into files or strings: PNG (2x super-sampled bitmap, own text
//! rasteriser, down-sampled and encoded with the `png` crate) and SVG (plotters' SVG
//! backend), both 1600x1000; files are written to a temporary name and renamed into place.

use crate::canvas::{Canvas, DrawResult};
use crate::text::{rasterize, register_fonts};
use plotters::backend::{BitMapBackend, RGBPixel, SVGBackend};
use plotters::prelude::{DrawingBackend, IntoDrawingArea};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output width in pixels (PNG) and user units (SVG).
pub const WIDTH: u32 = 1600;
/// Output height in pixels (PNG) and user units (SVG).
pub const HEIGHT: u32 = 1000;
/// Super-sampling factor of the PNG path.
const SUPERSAMPLE: u32 = 2;

/// Errors from rendering or writing a chart; messages name the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("cannot draw chart {}: {message}", path.display())]
    Draw { path: PathBuf, message: String },
    #[error("cannot encode PNG {}: {source}", path.display())]
    Png {
        path: PathBuf,
        #[source]
        source: png::EncodingError,
    },
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot load the chart font for {}: {message}", path.display())]
    Font { path: PathBuf, message: String },
}

/// Anything that can draw itself onto a [`Canvas`] (every chart data type implements it).
pub trait Chart {
    /// Draws the complete chart on a 1600x1000 logical canvas.
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> DrawResult<DB>;
}

fn draw_err(path: &Path, e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn fonts(path: &Path) -> Result<(), ChartError> {
    register_fonts().map_err(|message| ChartError::Font {
        path: path.to_path_buf(),
        message,
    })
}

/// Renders `chart` to an SVG document held in a `String` (for inlining into HTML).
pub fn svg_string<C: Chart>(chart: &C) -> Result<String, ChartError> {
    svg_for(chart, Path::new("<svg in memory>"))
}

fn svg_for<C: Chart>(chart: &C, path: &Path) -> Result<String, ChartError> {
    fonts(path)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let canvas = Canvas::vector(&root, f64::from(WIDTH), f64::from(HEIGHT));
        chart.draw(&canvas).map_err(|e| draw_err(path, e))?;
        root.present().map_err(|e| draw_err(path, e))?;
    }
    Ok(svg)
}

/// Renders `chart` to packed 8-bit RGB pixels, `WIDTH` x `HEIGHT`.
pub fn rgb_pixels<C: Chart>(chart: &C) -> Result<Vec<u8>, ChartError> {
    rgb_for(chart, Path::new("<png in memory>"))
}

fn rgb_for<C: Chart>(chart: &C, path: &Path) -> Result<Vec<u8>, ChartError> {
    fonts(path)?;
    let (w, h) = (
        (WIDTH * SUPERSAMPLE) as usize,
        (HEIGHT * SUPERSAMPLE) as usize,
    );
    let mut big = vec![255u8; w * h * 3];
    let text = {
        let backend =
            BitMapBackend::<RGBPixel>::with_buffer_and_format(&mut big, (w as u32, h as u32))
                .map_err(|e| draw_err(path, e))?;
        let root = backend.into_drawing_area();
        let canvas = Canvas::raster(
            &root,
            f64::from(SUPERSAMPLE),
            f64::from(WIDTH),
            f64::from(HEIGHT),
        );
        chart.draw(&canvas).map_err(|e| draw_err(path, e))?;
        root.present().map_err(|e| draw_err(path, e))?;
        canvas.take_text()
    };
    for op in &text {
        rasterize(op, f64::from(SUPERSAMPLE), &mut big, w, h);
    }
    Ok(downsample(&big, w, h, SUPERSAMPLE as usize))
}

/// Box-filters a packed RGB image by an integer factor.
fn downsample(src: &[u8], w: usize, h: usize, f: usize) -> Vec<u8> {
    let (ow, oh) = (w / f, h / f);
    if ow == 0 || oh == 0 || src.len() < w * h * 3 {
        return vec![0; ow * oh * 3];
    }
    let mut out = vec![0u8; ow * oh * 3];
    let n = (f * f) as u32;
    let mut acc = vec![0u32; ow * 3];
    for (oy, out_row) in out.chunks_exact_mut(ow * 3).enumerate() {
        acc.iter_mut().for_each(|a| *a = 0);
        for dy in 0..f {
            let row = &src[(oy * f + dy) * w * 3..][..ow * f * 3];
            for (a, block) in acc.chunks_exact_mut(3).zip(row.chunks_exact(3 * f)) {
                for px in block.chunks_exact(3) {
                    a[0] += u32::from(px[0]);
                    a[1] += u32::from(px[1]);
                    a[2] += u32::from(px[2]);
                }
            }
        }
        for (o, a) in out_row.iter_mut().zip(&acc) {
            *o = ((a + n / 2) / n) as u8;
        }
    }
    out
}

fn encode_png(rgb: &[u8], path: &Path) -> Result<Vec<u8>, ChartError> {
    let png_err = |source| ChartError::Png {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(png_err)?;
        writer.write_image_data(rgb).map_err(png_err)?;
        writer.finish().map_err(png_err)?;
    }
    Ok(bytes)
}

/// Renders `chart` to PNG file bytes.
pub fn png_bytes<C: Chart>(chart: &C) -> Result<Vec<u8>, ChartError> {
    let path = Path::new("<png in memory>");
    encode_png(&rgb_for(chart, path)?, path)
}

/// Writes `bytes` to `path` via a temporary file in the same folder and a rename, so that
/// no half-written file is ever left under the final name.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ChartError> {
    let io_err = |source| ChartError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io_err)
}

/// Renders `chart` to `out_base.png` and `out_base.svg` (any extension of `out_base` is
/// replaced).
pub fn render<C: Chart>(chart: &C, out_base: &Path) -> Result<(), ChartError> {
    let png_path = out_base.with_extension("png");
    let svg_path = out_base.with_extension("svg");
    let rgb = rgb_for(chart, &png_path)?;
    let png = encode_png(&rgb, &png_path)?;
    let svg = svg_for(chart, &svg_path)?;
    write_atomically(&png_path, &png)?;
    write_atomically(&svg_path, svg.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsample_averages_blocks() {
        let src = vec![0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255];
        let out = downsample(&src, 2, 2, 2);
        assert_eq!(out, vec![191, 191, 191]);
    }

    #[test]
    fn write_error_names_the_path() {
        let err = write_atomically(Path::new("/nonexistent-dir/x/chart.png"), b"x").unwrap_err();
        assert!(err.to_string().contains("/nonexistent-dir/x/chart.png"));
    }
}
