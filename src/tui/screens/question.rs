//! A question: its options as rows (a list, or a grid when there are many).

use super::{Action, Row, number};
use crate::export::fill;
use crate::export::wrap::wrap;
use crate::tui::app::App;
use crate::tui::app::Msg;
use crate::tui::view::body::{Body, GridCell, Row as BodyRow};

/// One row per option the question offers (`flow::choices`), in order: a
/// grid cell, laid out from the same options, is the row of its index.
pub fn rows(app: &App, q: &str) -> Vec<Row> {
    let Some(q) = app.content.question(q) else {
        return Vec::new();
    };
    app.choices(q)
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            Row::new(
                Action::Answer(o.id.clone()),
                number(i),
                o.label.get(app.lang),
            )
            .help(o.help.as_ref().map(|h| h.get(app.lang).to_owned()))
        })
        .collect()
}

/// The question stays in view while its options scroll; its help below
/// them, or in the side panel on a wide window.
pub(crate) fn body(app: &App, b: &mut Body, q: &str, wide: bool, room: usize) {
    let (theme, lang) = (b.theme, app.lang);
    let Some(q) = app.content.question(q) else {
        return;
    };
    b.heading(q.title.get(lang));
    if app.grid() {
        // What to do, or the letters typed so far, stays with the title.
        if app.filter.is_empty() {
            let hint = app.ui_touch("grid.hint", "grid.hint_touch").to_owned();
            b.text(&hint, theme.dim, 0);
            if app.kiosk.is_none() {
                b.text(app.ui("grid.keys"), theme.dim, 0);
            }
        } else {
            let typed = fill(app.ui("grid.typed"), &[("letters", app.filter.clone())]);
            b.text(&typed, theme.strong, 0);
        }
        if app.hall_preset_shown() {
            b.text(&app.hall_text("hall.preset"), theme.strong, 0);
        }
        b.blank();
        b.pinned = b.rows.len();
        b.grid(app, q, room);
    } else {
        b.pinned = b.rows.len();
        b.rows(app);
    }
    if !wide {
        b.text(app.ui("question.help_heading"), theme.strong, 0);
        b.text(q.help.get(lang), theme.base, 2);
    }
}

impl Body {
    /// A question with many short options as a grid of cells: the letters
    /// typed (pinyin initials) narrow it; the options that cannot be typed
    /// take a full row each below it. `room` is the height the body may
    /// take: with room to spare the rows are spaced out.
    pub(crate) fn grid(&mut self, app: &App, q: &crate::content::Question, room: usize) {
        let lang = app.lang;
        let choices = app.choices(q);
        let rows = super::rows(app);
        let l = app.grid_layout(self.width as u16);
        // Cells as tall as the room allows, with a line between rows: on
        // a touch screen three lines to a cell if they fit, else smaller
        // (and scrolling when even one line each does not fit).
        let tries: &[(usize, usize)] = if self.kiosk {
            &[(3, 1), (2, 1), (1, 1), (1, 0)]
        } else {
            &[(1, 1), (1, 0)]
        };
        let need = |(tall, gap): (usize, usize)| l.rows * tall + l.rows.saturating_sub(1) * gap;
        let (tall, gap) = tries
            .iter()
            .copied()
            // A line is kept for "more below" (the help text follows).
            .find(|t| need(*t) + self.rows.len() < room)
            .unwrap_or(tries[0]);
        for row in 0..l.rows {
            let cells: Vec<&crate::tui::grid::Cell> =
                l.cells.iter().filter(|c| c.row == row).collect();
            for line in 0..tall {
                let label_line = line == tall / 2;
                let cs = cells
                    .iter()
                    .map(|c| {
                        let selected = Some(c.option) == self.focus;
                        let mark = match (selected, self.mark_chosen) {
                            (true, true) => "✓ ",
                            (true, false) => "> ",
                            (false, _) => "  ",
                        };
                        let label = choices.get(c.option).map_or("", |o| o.label.get(lang));
                        let text = if label_line {
                            let t = format!(" {mark}{label}");
                            wrap(&t, usize::from(c.w).max(1))
                                .into_iter()
                                .next()
                                .unwrap_or_default()
                        } else {
                            String::new()
                        };
                        GridCell {
                            x: c.x,
                            w: c.w,
                            text,
                            index: c.option,
                            msg: rows
                                .get(c.option)
                                .map_or(Msg::Activity, |r| Msg::Tap(r.action.clone())),
                            boxed: gap > 0,
                        }
                    })
                    .collect();
                self.rows.push(BodyRow {
                    spans: Vec::new(),
                    style: self.theme.base,
                    target: None,
                    cells: cs,
                    pointer: false,
                });
            }
            if gap > 0 && row + 1 < l.rows {
                self.blank();
            }
        }
        self.blank();
    }
}
