//! The scrollable body of a screen: lines of text and selectable rows
//! (a screen's `screens::Row`s, or the cells of a grid), set in one or two
//! columns, scrolled to keep the selected row in view, and drawn with the
//! click targets of the rows.

use ratatui::Frame;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use std::hash::Hash;

use super::keep::Shown;
use crate::export::wrap::{width, wrap};
use crate::tui::app::{App, Drawn, Msg, Screen};
use crate::tui::theme::Theme;

/// One line of the scrollable body.
#[derive(Clone)]
pub(crate) struct Row {
    pub(crate) spans: Vec<Span<'static>>,
    pub(crate) style: Style,
    /// The selectable row this line belongs to, and what a click sends.
    pub(crate) target: Option<(usize, Msg)>,
    /// A line of a grid: its cells side by side, each selectable.
    pub(crate) cells: Vec<GridCell>,
    /// The first line of a choice: its first span is the pointer, which
    /// says whether it is selected (see `pointer`). The body is made
    /// without the selection; the line is marked as it is painted.
    pub(crate) pointer: bool,
}

/// One cell of a grid line: where it starts in the line, its width, its
/// text, and the option it stands for.
#[derive(Clone)]
pub(crate) struct GridCell {
    pub(crate) x: u16,
    pub(crate) w: u16,
    pub(crate) text: String,
    pub(crate) index: usize,
    pub(crate) msg: Msg,
    /// Drawn as a box (with room between the rows); packed rows are
    /// plain text in columns, or they would run into one block.
    pub(crate) boxed: bool,
}

/// A screen's body as laid out: its lines, the width they are wrapped
/// to, and what is highlighted. The screens' modules fill it.
pub(crate) struct Body {
    pub(crate) rows: Vec<Row>,
    pub(crate) width: usize,
    pub(crate) theme: Theme,
    pub(crate) kiosk: bool,
    /// The highlighted row, if any.
    pub(crate) focus: Option<usize>,
    /// The highlighted row is a choice made (a kiosk question): it gets a
    /// tick, not only a colour.
    pub(crate) mark_chosen: bool,
    /// How many rows at the top stay in place while the rest scrolls.
    pub(crate) pinned: usize,
    /// Those rows, once the body is made (see `done`); `rows` are the
    /// others.
    pub(crate) pinned_rows: Vec<Row>,
    /// Which body this is: no two bodies made have the same. A row is
    /// recorded on screen by it and the row's number (what else the row
    /// is painted with is hashed beside), not by its text: a body is not
    /// changed once made.
    pub(crate) made: u64,
}

/// The number of the next body made.
static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Before the options of a kiosk question: a box, ticked for the one
/// chosen. U+2713 is one column wide everywhere (not an ambiguous width).
pub(crate) const CHOSEN_MARK: &str = "[✓] ";
pub(crate) const UNCHOSEN_MARK: &str = "[ ] ";

/// Before a choice's first line: whether it is the one selected, and on
/// a kiosk question whether it is the one chosen, in shape, not only
/// colour.
pub(crate) fn pointer(selected: bool, mark_chosen: bool) -> &'static str {
    match (selected, mark_chosen) {
        (true, true) => CHOSEN_MARK,
        (false, true) => UNCHOSEN_MARK,
        (true, false) => "> ",
        (false, false) => "  ",
    }
}

impl Body {
    pub(crate) fn new(width: usize, theme: Theme, app: &App) -> Body {
        Body {
            rows: Vec::new(),
            width,
            theme,
            kiosk: app.kiosk.is_some(),
            // A grid's cells carry their marks; other lines are marked
            // as they are painted, so the body is the same wherever the
            // selection is.
            focus: if app.grid() { app.focus() } else { None },
            mark_chosen: app.choosing(),
            pinned: 0,
            pinned_rows: Vec::new(),
            made: MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Moves the first `pinned` rows to `pinned_rows`: the body as made.
    pub(crate) fn done(mut self) -> Body {
        let n = self.pinned.min(self.rows.len());
        self.pinned_rows = self.rows.drain(..n).collect();
        self
    }

    /// A short item of a list: a dash, the text indented under it.
    pub(crate) fn bullet(&mut self, text: &str) {
        let base = self.theme.base;
        for (i, l) in wrap(text, self.width.saturating_sub(2).max(1))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { "- " } else { "  " };
            self.line(vec![Span::raw(lead), Span::styled(l, base)], base);
        }
    }

    pub(crate) fn line(&mut self, spans: Vec<Span<'static>>, style: Style) {
        self.rows.push(Row {
            spans,
            style,
            target: None,
            cells: Vec::new(),
            pointer: false,
        });
    }

    pub(crate) fn blank(&mut self) {
        self.line(Vec::new(), self.theme.base);
    }

    pub(crate) fn text(&mut self, text: &str, style: Style, indent: usize) {
        for l in wrap(text, self.width.saturating_sub(indent).max(1)) {
            self.line(
                vec![Span::raw(" ".repeat(indent)), Span::styled(l, style)],
                self.theme.base,
            );
        }
    }

    pub(crate) fn heading(&mut self, text: &str) {
        let st = self.theme.heading;
        self.text(text, st, 0);
        self.blank();
    }

    /// A labelled value: the label on its own line in bold, the value below.
    pub(crate) fn field(&mut self, label: &str, value: &str) {
        let st = self.theme.strong;
        self.text(label, st, 0);
        let base = self.theme.base;
        self.text(value, base, 2);
        self.blank();
    }

    /// A selectable row: number, label, optional help below. In kiosk mode
    /// it is three rows tall with space after it, for fingers.
    pub(crate) fn choice(
        &mut self,
        index: usize,
        marker: &str,
        (label, strong): (&str, bool),
        help: Option<&str>,
        msg: Msg,
    ) {
        let weight = if strong {
            self.theme.strong
        } else {
            Style::default()
        };
        let selected = Some(index) == self.focus;
        let style = if selected {
            self.theme.selected
        } else if self.kiosk {
            self.theme.option
        } else {
            self.theme.base
        };
        let pointer = pointer(selected, self.mark_chosen);
        let indent = width(pointer) + width(marker);
        let target = Some((index, msg));
        if self.kiosk {
            self.rows.push(Row {
                spans: Vec::new(),
                style,
                target: target.clone(),
                cells: Vec::new(),
                pointer: false,
            });
        }
        for (i, l) in wrap(label, self.width.saturating_sub(indent + 1).max(1))
            .into_iter()
            .enumerate()
        {
            let spans = if i == 0 {
                vec![
                    Span::raw(pointer),
                    Span::raw(marker.to_owned()),
                    Span::raw(l).style(weight),
                ]
            } else {
                vec![Span::raw(" ".repeat(indent)), Span::raw(l).style(weight)]
            };
            self.rows.push(Row {
                spans,
                style,
                target: target.clone(),
                cells: Vec::new(),
                pointer: i == 0,
            });
        }
        if let Some(h) = help {
            for l in wrap(h, self.width.saturating_sub(indent + 1).max(1)) {
                self.rows.push(Row {
                    spans: vec![Span::raw(" ".repeat(indent)), Span::raw(l)],
                    style,
                    target: target.clone(),
                    cells: Vec::new(),
                    pointer: false,
                });
            }
        }
        if self.kiosk {
            self.rows.push(Row {
                spans: Vec::new(),
                style,
                target,
                cells: Vec::new(),
                pointer: false,
            });
        }
        self.blank();
    }

    /// The screen's rows (see `screens`), each as a `choice` whose click
    /// applies its action.
    pub(crate) fn rows(&mut self, app: &App) {
        for (i, r) in super::screens::rows(app).into_iter().enumerate() {
            self.choice(
                i,
                &r.marker,
                (&r.label, r.strong),
                r.help.as_deref(),
                Msg::Tap(r.action),
            );
        }
    }

    /// Where the row with this index starts and ends.
    pub(crate) fn span_of(&self, index: usize) -> Option<(usize, usize)> {
        let has = |r: &Row| {
            r.target.as_ref().is_some_and(|t| t.0 == index)
                || r.cells.iter().any(|c| c.index == index)
        };
        let first = self.rows.iter().position(has)?;
        let last = self.rows.iter().rposition(has)?;
        Some((first, last))
    }
}

/// How the body is set: one column or two side by side, each no wider
/// than reads well (about 40 Chinese characters).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Columns {
    pub(crate) n: usize,
    pub(crate) width: u16,
}

pub(crate) const TEXT_MAX: u16 = 80;
pub(crate) const COLUMN_MIN: u16 = 60;
pub(crate) const COLUMN_GAP: u16 = 4;

pub(crate) fn columns(app: &App, w: u16) -> Columns {
    if app.grid() {
        // A grid uses the whole width: more columns, not longer lines.
        return Columns { n: 1, width: w };
    }
    if matches!(app.screen, Screen::Page(_)) && w >= 2 * COLUMN_MIN + COLUMN_GAP {
        Columns {
            n: 2,
            width: ((w - COLUMN_GAP) / 2).min(TEXT_MAX),
        }
    } else {
        Columns {
            n: 1,
            width: w.min(TEXT_MAX),
        }
    }
}

/// Where the body starts for the current cursor and scroll, how far it can
/// scroll, and how many rows show in each column (one is kept for the
/// "more" line). With two columns the text runs on from the bottom of the
/// first to the top of the second.
pub(crate) fn scroll_of(app: &App, body: &Body, h: usize, cols: usize) -> (usize, usize, usize) {
    let total = body.rows.len();
    let overflow = total > h * cols;
    let view_h = if overflow { h.saturating_sub(1) } else { h };
    let shown = view_h * cols;
    let max_scroll = total.saturating_sub(shown);
    let mut scroll = (app.scroll as usize).min(max_scroll);
    if app.follow_cursor
        && let Some((a, b)) = app.focus().and_then(|f| body.span_of(f))
    {
        if a < scroll {
            scroll = a;
        } else if b >= scroll + shown {
            scroll = (b + 1).saturating_sub(shown).min(a);
        }
    }
    (scroll.min(max_scroll), max_scroll, view_h)
}

/// The selectable rows wholly within the lines `scroll..scroll + shown`,
/// top to bottom.
pub(crate) fn in_view(body: &Body, scroll: usize, shown: usize) -> Vec<usize> {
    let mut rows: Vec<usize> = Vec::new();
    for r in body.rows.iter().skip(scroll).take(shown) {
        let ids = r
            .target
            .iter()
            .map(|t| t.0)
            .chain(r.cells.iter().map(|c| c.index));
        for i in ids {
            if !rows.contains(&i)
                && body
                    .span_of(i)
                    .is_some_and(|(a, b)| a >= scroll && b < scroll + shown)
            {
                rows.push(i);
            }
        }
    }
    rows
}

pub(crate) fn render_body(
    frame: &mut Frame,
    app: &App,
    body: &Body,
    area: Rect,
    cols: Columns,
    drawn: &mut Drawn,
    screen: Shown,
) {
    let theme = body.theme;
    let (scroll, max_scroll, view_h) = scroll_of(app, body, area.height as usize, cols.n);
    let overflow = max_scroll > 0;
    let shown = view_h * cols.n;
    let place = |i: usize| {
        let (col, line) = (i / view_h.max(1), i % view_h.max(1));
        Rect {
            x: area.x + col as u16 * (cols.width + COLUMN_GAP),
            y: area.y + line as u16,
            width: cols.width,
            height: 1,
        }
    };
    let focus = app.focus();
    if let Some((a, b)) = focus.and_then(|f| body.span_of(f)) {
        let visible = a >= scroll && b < scroll + shown;
        if visible {
            let r = place(a - scroll);
            // In a grid, at the cell, after its leading space.
            let x = body.rows[a]
                .cells
                .iter()
                .find(|c| Some(c.index) == focus)
                .map_or(0, |c| c.x + 1);
            drawn.focus = Some(ratatui::layout::Position { x: r.x + x, y: r.y });
        }
    }
    drawn.max_scroll = max_scroll as u16;
    drawn.body_height = shown as u16;
    let mut painted = 0;
    for (i, row) in body.rows.iter().enumerate().skip(scroll).take(shown) {
        let (n, i) = (i, i - scroll);
        let r = place(i);
        painted = i + 1;
        let selected = matches!(row.target, Some((idx, _)) if Some(idx) == focus);
        let style = if selected { theme.selected } else { row.style };
        let cell_style = |c: &GridCell| {
            if Some(c.index) == focus {
                theme.selected
            } else if c.boxed {
                theme.option
            } else {
                theme.base
            }
        };
        let kept = screen.keep(frame, drawn, r, |h| {
            theme.base.hash(h);
            style.hash(h);
            (selected, row.pointer && body.mark_chosen).hash(h);
            // What the row holds: this row of this body.
            (body.made, n).hash(h);
            for c in &row.cells {
                cell_style(c).hash(h);
            }
        });
        if !kept {
            let pointer = row.pointer.then(|| pointer(selected, body.mark_chosen));
            paint_row(frame, row, r, (style, selected, pointer), &cell_style);
        }
        for c in &row.cells {
            let cr = Rect {
                x: r.x + c.x,
                width: c.w.min(r.width.saturating_sub(c.x)),
                ..r
            };
            match drawn
                .hits
                .iter_mut()
                .rev()
                .find(|(h, m)| *m == c.msg && h.x == cr.x && h.bottom() == cr.y)
            {
                Some((h, _)) => h.height += 1,
                None => drawn.hits.push((cr, c.msg.clone())),
            }
        }
        if let Some((_, msg)) = &row.target {
            match drawn.hits.last_mut() {
                Some((last, m)) if m == msg && last.bottom() == r.y && last.x == r.x => {
                    last.height += 1
                }
                _ => drawn.hits.push((r, msg.clone())),
            }
        }
    }
    // The lines below the text, in each column: blank in this frame, kept
    // when they were blank in the last one too.
    let view_h = view_h.max(1);
    let mut i = painted;
    while i < shown {
        let end = (i / view_h + 1) * view_h;
        let r = place(i);
        let below = Rect {
            height: (end.min(shown) - i) as u16,
            ..r
        };
        screen.blank(frame, drawn, below, theme.base);
        i = end;
    }
    // Beside the columns, and between them: nothing.
    let used = (cols.width + COLUMN_GAP) * cols.n as u16 - COLUMN_GAP;
    for c in 1..cols.n as u16 {
        let gap = Rect::new(
            area.x + c * (cols.width + COLUMN_GAP) - COLUMN_GAP,
            area.y,
            COLUMN_GAP,
            area.height,
        );
        screen.blank(frame, drawn, gap, theme.base);
    }
    let right = Rect::new(
        area.x + used,
        area.y,
        area.width.saturating_sub(used),
        area.height,
    );
    screen.blank(frame, drawn, right, theme.base);
    // The real cursor goes to the focused option (else the top of the
    // text), so that braille displays and screen magnifiers follow it:
    // after the "> " pointer, at the number or the label.
    let cursor = drawn.focus.map_or(Position::new(area.x, area.y), |p| {
        Position::new(p.x + 2, p.y)
    });
    drawn.cursor = cursor;
    if overflow {
        let r = Rect {
            y: area.y + view_h as u16,
            height: 1,
            width: (cols.width + COLUMN_GAP) * cols.n as u16 - COLUMN_GAP,
            ..area
        };
        let key = match (scroll < max_scroll, app.kiosk.is_some()) {
            (true, false) if app.rows() > 0 && app.enter_picks_row() => "scroll.more_rows",
            (true, false) => "scroll.more",
            (true, true) => "scroll.more_touch",
            (false, _) => "scroll.end",
        };
        let text = app.ui(key);
        if !screen.keep(frame, drawn, r, |h| {
            (text, theme.strong, theme.base).hash(h)
        }) {
            frame.render_widget(
                Line::from(text.to_owned())
                    .style(theme.strong)
                    .alignment(Alignment::Right),
                r,
            );
        }
    }
}

/// Paints one line of the body: its text, and a grid line's cells.
/// `pointer`: what the first span says, on a choice's first line.
fn paint_row(
    frame: &mut Frame,
    row: &Row,
    r: Rect,
    (style, selected, pointer): (Style, bool, Option<&'static str>),
    cell_style: &dyn Fn(&GridCell) -> Style,
) {
    super::line::fill_style(frame.buffer_mut(), r, style);
    // A selected row is one style throughout: bold black turns grey in
    // many terminals. The row's style is on its cells already.
    let spans: Vec<Span> = row
        .spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let text: &str = match pointer {
                Some(p) if i == 0 => p,
                _ => &s.content,
            };
            if selected {
                Span::raw(text)
            } else {
                Span::styled(text, s.style)
            }
        })
        .collect();
    super::line::paint(frame, &Line::from(spans), r);
    for c in &row.cells {
        let cr = Rect {
            x: r.x + c.x,
            width: c.w.min(r.width.saturating_sub(c.x)),
            ..r
        };
        let style = cell_style(c);
        super::line::fill_style(frame.buffer_mut(), cr, style);
        super::line::paint(frame, &Line::from(c.text.as_str()), cr);
    }
}
