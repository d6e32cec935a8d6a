//! PNG pictures decoded with the `png` crate into 8-bit RGB, and pixel
//! counts over a rectangle (how much is drawn, how dark, how colourful).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// A decoded image as packed 8-bit RGB.
pub struct Image {
    pub w: usize,
    pub h: usize,
    rgb: Vec<u8>,
}

/// Counts over a rectangle of an image.
#[derive(Debug)]
pub struct Stats {
    pub pixels: usize,
    /// Pixels with some channel below 235.
    pub non_white: usize,
    /// Pixels with every channel below 100 (text, axes).
    pub dark: usize,
    /// Colourful pixels (max - min channel above 60).
    pub colourful: usize,
    /// Colours (4 bits per channel) that are not near-white and cover at
    /// least 25 pixels.
    pub colours: usize,
}

impl Image {
    pub fn decode(bytes: &[u8]) -> Result<Image, String> {
        let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
        dec.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = dec.read_info().map_err(|e| format!("not a PNG: {e}"))?;
        let mut buf = vec![0; reader.output_buffer_size().ok_or("PNG too large")?];
        let info = reader
            .next_frame(&mut buf)
            .map_err(|e| format!("PNG does not decode: {e}"))?;
        let data = &buf[..info.buffer_size()];
        let (w, h) = (info.width as usize, info.height as usize);
        let channels = match info.color_type {
            png::ColorType::Grayscale => 1,
            png::ColorType::GrayscaleAlpha => 2,
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            png::ColorType::Indexed => return Err("indexed PNG left unexpanded".into()),
        };
        if data.len() != w * h * channels {
            return Err(format!(
                "PNG data holds {} bytes, expected {w}x{h}x{channels}",
                data.len()
            ));
        }
        let mut rgb = Vec::with_capacity(w * h * 3);
        for px in data.chunks_exact(channels) {
            // Composite any alpha over white.
            let (c, a) = match channels {
                1 => ([px[0]; 3], 255),
                2 => ([px[0]; 3], px[1]),
                3 => ([px[0], px[1], px[2]], 255),
                _ => ([px[0], px[1], px[2]], px[3]),
            };
            for v in c {
                let v = (u32::from(v) * u32::from(a) + 255 * (255 - u32::from(a))) / 255;
                rgb.push(v as u8);
            }
        }
        Ok(Image { w, h, rgb })
    }

    pub fn load(path: &Path) -> Result<Image, String> {
        let bytes = fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
        Image::decode(&bytes)
    }

    /// Counts over the rectangle given in fractions of the width and height.
    pub fn stats(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Stats {
        let (xa, xb) = (
            (x0 * self.w as f64) as usize,
            ((x1 * self.w as f64) as usize).min(self.w),
        );
        let (ya, yb) = (
            (y0 * self.h as f64) as usize,
            ((y1 * self.h as f64) as usize).min(self.h),
        );
        let mut st = Stats {
            pixels: 0,
            non_white: 0,
            dark: 0,
            colourful: 0,
            colours: 0,
        };
        let mut buckets: BTreeMap<u16, usize> = BTreeMap::new();
        for y in ya..yb {
            let row = &self.rgb[y * self.w * 3..(y + 1) * self.w * 3];
            for px in row[xa * 3..xb * 3].chunks_exact(3) {
                st.pixels += 1;
                let (mn, mx) = (
                    px.iter().copied().min().unwrap_or(0),
                    px.iter().copied().max().unwrap_or(0),
                );
                if mn < 235 {
                    st.non_white += 1;
                    let key = (u16::from(px[0] >> 4) << 8)
                        | (u16::from(px[1] >> 4) << 4)
                        | u16::from(px[2] >> 4);
                    *buckets.entry(key).or_default() += 1;
                }
                if mx < 100 {
                    st.dark += 1;
                }
                if mx - mn > 60 {
                    st.colourful += 1;
                }
            }
        }
        st.colours = buckets.values().filter(|&&n| n >= 25).count();
        st
    }

    /// Pixels of the rectangle (fractions of the width and height) within
    /// `tol` of colour `rgb` in every channel.
    pub fn count_colour(
        &self,
        (x0, y0, x1, y1): (f64, f64, f64, f64),
        rgb: [u8; 3],
        tol: u8,
    ) -> usize {
        let xs = (x0 * self.w as f64) as usize..((x1 * self.w as f64) as usize).min(self.w);
        let ys = (y0 * self.h as f64) as usize..((y1 * self.h as f64) as usize).min(self.h);
        ys.flat_map(|y| xs.clone().map(move |x| (x, y)))
            .filter(|(x, y)| {
                let px = &self.rgb[(y * self.w + x) * 3..][..3];
                px.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= tol)
            })
            .count()
    }
}
