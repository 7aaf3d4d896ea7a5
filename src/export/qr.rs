//! A QR code as a grid of dark and light modules, and as terminal cells of
//! half blocks: one cell is one module wide and two modules tall, which on
//! a terminal (cells about twice as tall as wide) gives square modules a
//! phone can read from the screen.

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// Light modules around the code. The standard asks for four; two are read
/// by phones when the code is drawn on a plain light field, and on a small
/// terminal each module counts.
pub const QUIET: usize = 2;

/// UTF-8, declared with an ECI so that readers do not guess another
/// encoding for the Chinese text.
const ECI_UTF8: u32 = 26;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// Modules across, quiet zone included.
    pub size: usize,
    /// Row by row, `true` for dark.
    dark: Vec<bool>,
    pub version: i16,
}

/// How one terminal cell looks: the module in its upper and lower half.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub top_dark: bool,
    pub bottom_dark: bool,
}

impl Code {
    /// The smallest code holding `text` that is at most `max_modules`
    /// across with its quiet zone; medium error correction when it fits at
    /// the same size, else low. None if no code is small enough.
    pub fn encode(text: &str, max_modules: usize) -> Option<Code> {
        for v in 1..=40i16 {
            let side = (v as usize) * 4 + 17 + 2 * QUIET;
            if side > max_modules {
                return None;
            }
            for ec in [EcLevel::M, EcLevel::L] {
                if let Some(code) = Self::build(text, v, ec) {
                    return Some(code);
                }
            }
        }
        None
    }

    fn build(text: &str, v: i16, ec: EcLevel) -> Option<Code> {
        let mut bits = Bits::new(Version::Normal(v));
        bits.push_eci_designator(ECI_UTF8).ok()?;
        bits.push_byte_data(text.as_bytes()).ok()?;
        bits.push_terminator(ec).ok()?;
        let q = QrCode::with_bits(bits, ec).ok()?;
        let w = q.width();
        let size = w + 2 * QUIET;
        let colors = q.into_colors();
        let mut dark = vec![false; size * size];
        for y in 0..w {
            for x in 0..w {
                dark[(y + QUIET) * size + x + QUIET] = colors[y * w + x] == Color::Dark;
            }
        }
        Some(Code {
            size,
            dark,
            version: v,
        })
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// Terminal rows needed: two modules per row.
    pub fn rows(&self) -> usize {
        self.size.div_ceil(2)
    }

    /// The cells of terminal row `row`, left to right. A last half row
    /// below an odd size is light.
    pub fn cells(&self, row: usize) -> Vec<Cell> {
        (0..self.size)
            .map(|x| Cell {
                top_dark: self.is_dark(x, 2 * row),
                bottom_dark: self.is_dark(x, 2 * row + 1),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_code_that_fits_is_chosen_and_none_when_too_small() {
        let c = Code::encode("12393", 100).unwrap();
        assert_eq!(c.version, 1);
        assert_eq!(c.size, 21 + 2 * QUIET);
        let long = "医保".repeat(200);
        assert!(Code::encode(&long, 40).is_none());
        let big = Code::encode(&long, 200).unwrap();
        assert!(big.size <= 200 && big.version > 10);
    }

    #[test]
    fn the_quiet_zone_is_light_and_finder_corners_are_dark() {
        let c = Code::encode("hello", 100).unwrap();
        for i in 0..c.size {
            assert!(!c.is_dark(i, 0) && !c.is_dark(0, i));
            assert!(!c.is_dark(i, c.size - 1) && !c.is_dark(c.size - 1, i));
        }
        assert!(c.is_dark(QUIET, QUIET));
        assert!(c.is_dark(c.size - 1 - QUIET, QUIET));
        assert!(c.is_dark(QUIET, c.size - 1 - QUIET));
    }
}
