//! A QR code as a grid of dark and light modules, and as terminal cells of
//! half blocks: one cell is one module wide and two modules tall, which on
//! a terminal (cells about twice as tall as wide) gives square modules a
//! phone can read from the screen.

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// Light modules around the code in its own grid. The standard asks for
/// four. A terminal has rows to spare for none: two modules a row, so 30
/// rows hold 60 modules, a version 10 code with one light module above and
/// below, or only a version 9 with two; each version holds about 40 bytes
/// more, which on a kiosk is a code less to scan. Readers look for the
/// finder patterns' dark-light-dark runs, which one light module ends as
/// well as four; beside the code, where columns are plenty, the screen adds
/// a light field to make the four (see the TUI's QR view). The decode tests
/// read the codes with only white as light and a dark frame around the
/// window.
pub const QUIET: usize = 1;

/// The most codes a text is split into: as many as the standard's
/// structured append allows, and more than anyone would scan one by one.
pub const MAX_PARTS: usize = 16;

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
            if side(v) > max_modules {
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

    /// `text` in as few codes as it takes, each at most `max_modules`
    /// across with its quiet zone, to be read in order: their texts joined
    /// give `text` back. Low error correction holds the most, so the parts
    /// are cut for it (a part that also fits at medium at the same size
    /// gets medium, as in [`Code::encode`]). A part ends at a line end
    /// where that costs no extra code, else after a space or a punctuation
    /// mark, else between any two characters. None if not even one
    /// character fits, or if it takes more than [`MAX_PARTS`] codes.
    pub fn encode_parts(text: &str, max_modules: usize) -> Option<Vec<Code>> {
        let biggest = (1..=40i16).take_while(|v| side(*v) <= max_modules).last()?;
        let cap = capacity(biggest, EcLevel::L);
        let mut parts = Vec::new();
        let mut rest = text;
        let mut budget = count_parts(rest, cap).filter(|n| *n <= MAX_PARTS)?;
        while rest.len() > cap {
            let end = floor_boundary(rest, cap);
            let head = &rest[..end];
            let at_line = head.rfind('\n').map(|i| i + 1);
            let at_mark = head
                .char_indices()
                .rfind(|(_, c)| !c.is_alphanumeric())
                .map(|(i, c)| i + c.len_utf8());
            let cut = [at_line, at_mark, Some(end)]
                .into_iter()
                .flatten()
                .find(|&i| i > 0 && count_parts(&rest[i..], cap).is_some_and(|n| n < budget))?;
            parts.push(&rest[..cut]);
            rest = &rest[cut..];
            budget -= 1;
        }
        parts.push(rest);
        parts
            .into_iter()
            .map(|p| Code::encode(p, max_modules))
            .collect()
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

/// Modules across a code of version `v`, quiet zone included.
fn side(v: i16) -> usize {
    (v as usize) * 4 + 17 + 2 * QUIET
}

/// Whether `n` bytes of text fit a code of version `v` at `ec`.
fn fits(n: usize, v: i16, ec: EcLevel) -> bool {
    let mut bits = Bits::new(Version::Normal(v));
    bits.push_eci_designator(ECI_UTF8).is_ok()
        && bits.push_byte_data(&vec![b'x'; n]).is_ok()
        && bits.push_terminator(ec).is_ok()
}

/// The most bytes of text a code of version `v` holds at `ec`.
fn capacity(v: i16, ec: EcLevel) -> usize {
    // Version 40 at low correction holds under 3000 bytes.
    let (mut lo, mut hi) = (0usize, 3000);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid, v, ec) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

/// The largest character boundary of `s` at or before byte `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How many parts of at most `cap` bytes `s` takes, cut between
/// characters: the fewest there can be. None if a character is longer.
fn count_parts(mut s: &str, cap: usize) -> Option<usize> {
    let mut n = 1;
    while s.len() > cap {
        let end = floor_boundary(s, cap);
        if end == 0 {
            return None;
        }
        s = &s[end..];
        n += 1;
    }
    Some(n)
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

    #[test]
    fn parts_join_back_to_the_text_in_the_fewest_codes_that_fit() {
        let lines: Vec<String> = (1..=30)
            .map(|i| format!("{i}. 材料 material number {i}，原件1份"))
            .collect();
        let text = lines.join("\n") + "\n";
        for max in [41, 45, 60, 62] {
            let parts = Code::encode_parts(&text, max).unwrap();
            assert!(parts.len() > 1, "{max}");
            assert!(parts.iter().all(|c| c.size <= max), "{max}");
            // As few as low correction allows, with the biggest code that fits.
            let biggest = (1..=40).take_while(|v| side(*v) <= max).last().unwrap();
            let fewest = count_parts(&text, capacity(biggest, EcLevel::L)).unwrap();
            assert_eq!(parts.len(), fewest, "{max}");
            let medium = count_parts(&text, capacity(biggest, EcLevel::M)).unwrap();
            assert!(medium > fewest, "{max}: low correction saves codes");
        }
        let texts: Vec<String> = Code::encode_parts(&text, 60)
            .unwrap()
            .iter()
            .map(decode)
            .collect();
        assert_eq!(texts.concat(), text);
    }

    #[test]
    fn parts_end_at_line_ends_when_that_costs_no_code() {
        // Two and a half codes of short lines: three codes either way.
        let cap = capacity(9, EcLevel::L);
        let text: String = (0..cap * 5 / 2 / 10)
            .map(|i| format!("line {i:04}\n"))
            .collect();
        let texts: Vec<String> = Code::encode_parts(&text, side(9))
            .unwrap()
            .iter()
            .map(decode)
            .collect();
        assert_eq!(texts.len(), 3);
        assert_eq!(texts.concat(), text);
        assert!(texts.iter().all(|t| t.ends_with('\n')), "{texts:?}");
    }

    #[test]
    fn a_line_longer_than_a_code_is_cut_after_a_word() {
        let text = "word ".repeat(200);
        let parts = Code::encode_parts(&text, 45).unwrap();
        let texts: Vec<String> = parts.iter().map(decode).collect();
        assert_eq!(texts.concat(), text);
        assert!(texts.iter().all(|t| t.ends_with(' ')), "{texts:?}");
        assert!(Code::encode_parts("医", 20).is_none());
        // No more than MAX_PARTS codes.
        let cap = capacity(1, EcLevel::L);
        assert_eq!(
            Code::encode_parts(&"x".repeat(cap * MAX_PARTS), side(1)).map(|p| p.len()),
            Some(MAX_PARTS)
        );
        assert!(Code::encode_parts(&"x".repeat(cap * MAX_PARTS + 1), side(1)).is_none());
    }

    /// Reads a code back with an independent decoder.
    fn decode(c: &Code) -> String {
        const PX: usize = 4;
        let n = c.size * PX;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(n, n, |x, y| {
            if c.is_dark(x / PX, y / PX) { 0 } else { 255 }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }
}
