//! Rows the screen already shows: a frame leaves them as they are
//! instead of painting them again and comparing them cell by cell.
//!
//! Each line of the screen (the body, the side panel, the header, the page
//! strip, the footer) is painted from a few spans; a hash of what it is
//! painted from (its place, text and styles) stands for it. Areas nothing
//! is painted in are recorded as blank. A line whose hash is the one the
//! last frame recorded at the same place is not painted, and the
//! comparison with the screen skips it: the screen shows it already. A box, a QR code or a banner over the screen
//! drops every record, so nothing is kept from under one or kept under
//! one.

use std::hash::{BuildHasher, Hash, Hasher};

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use crate::tui::app::Drawn;

/// What a line is hashed with: quick, and the same in every frame.
pub(crate) type LineHasher = foldhash::fast::FoldHasher<'static>;

fn hasher() -> LineHasher {
    foldhash::fast::FixedState::default().build_hasher()
}

/// What the last frame left on screen, and what it recorded of it.
#[derive(Clone, Copy, Default)]
pub(crate) struct Shown<'a> {
    /// The screen as the last frame left it; `None` after a resize or a
    /// wipe, when nothing is kept.
    pub(crate) screen: Option<&'a Buffer>,
    /// The last frame's lines: where, and the hash of what.
    pub(crate) lines: &'a [(Rect, u64)],
}

impl Shown<'_> {
    /// Records the line painted at `r` from what `what` hashes; when the
    /// screen shows that line there already, lists it as kept and returns
    /// true: the caller paints nothing in it.
    pub(crate) fn keep(
        &self,
        frame: &Frame,
        drawn: &mut Drawn,
        r: Rect,
        what: impl FnOnce(&mut LineHasher),
    ) -> bool {
        let mut h = hasher();
        r.hash(&mut h);
        what(&mut h);
        let fp = h.finish();
        drawn.lines.push((r, fp));
        if !self.shows(frame) || self.was(r) != Some((r, fp)) {
            return false;
        }
        drawn.kept.push(r);
        true
    }

    /// The screen shows the last frame, at this frame's size.
    fn shows(&self, frame: &Frame) -> bool {
        self.screen.is_some_and(|s| s.area == frame.area())
    }

    /// Records an area nothing is painted in but the base style; when the
    /// last frame left it so too, it is not compared.
    pub(crate) fn blank(&self, frame: &Frame, drawn: &mut Drawn, r: Rect, base: Style) {
        if r.is_empty() {
            return;
        }
        let mut h = hasher();
        (r, "blank", base).hash(&mut h);
        let fp = h.finish();
        drawn.lines.push((r, fp));
        if self.shows(frame) && self.was(r) == Some((r, fp)) {
            drawn.kept.push(r);
        }
    }

    /// What the last frame recorded at `r`'s place.
    fn was(&self, r: Rect) -> Option<(Rect, u64)> {
        self.lines
            .binary_search_by_key(&(r.y, r.x), |(b, _)| (b.y, b.x))
            .ok()
            .map(|i| self.lines[i])
    }
}

/// Hashes spans: their text and style.
pub(crate) fn spans(h: &mut LineHasher, spans: &[Span]) {
    for s in spans {
        s.content.hash(h);
        s.style.hash(h);
    }
    spans.len().hash(h);
}

/// Orders the recorded lines for lookup. Drops them all when something
/// was drawn over them, and any two that overlap (the one painted later
/// would hide part of the one kept).
pub(crate) fn finish(drawn: &mut Drawn, covered: bool) {
    if covered {
        drawn.lines.clear();
        drawn.kept.clear();
        return;
    }
    drawn.lines.sort_unstable_by_key(|(r, _)| (r.y, r.x));
    // Lines one row high, a few to a row, are compared with the others
    // of their row; the few taller ones (margins, the footer) with all.
    let lines = &drawn.lines;
    let mut bad = vec![false; lines.len()];
    let mut start = 0;
    for row in lines.chunk_by(|a, b| a.0.y == b.0.y) {
        for (k, a) in row.iter().enumerate() {
            for (j, b) in row.iter().enumerate().skip(k + 1) {
                if a.0.intersects(b.0) {
                    bad[start + k] = true;
                    bad[start + j] = true;
                }
            }
        }
        start += row.len();
    }
    for (t, (tall, _)) in lines.iter().enumerate().filter(|(_, l)| l.0.height > 1) {
        for (j, (other, _)) in lines.iter().enumerate() {
            if j != t && tall.intersects(*other) {
                bad[t] = true;
                bad[j] = true;
            }
        }
    }
    let overlapping: Vec<Rect> = drawn
        .lines
        .iter()
        .zip(&bad)
        .filter(|(_, bad)| **bad)
        .map(|(l, _)| l.0)
        .collect();
    if !overlapping.is_empty() {
        drawn.lines.retain(|(r, _)| !overlapping.contains(r));
        drawn.kept.retain(|r| !overlapping.contains(r));
    }
}
