//! Kiosk with a hall: is the person moving their insurance away from the
//! hall's province, or to it?

use super::{Action, Row, number};
use crate::tui::app::{App, HallSide};
use crate::tui::view::body::Body;

pub fn rows(app: &App) -> Vec<Row> {
    let (_, options, _) = app.hall_texts();
    HallSide::ALL
        .into_iter()
        .zip(options)
        .enumerate()
        .map(|(i, (side, label))| Row::new(Action::Side(side), number(i), label))
        .collect()
}

pub(crate) fn body(app: &App, b: &mut Body) {
    let (heading, _, help) = app.hall_texts();
    b.heading(&heading);
    b.pinned = b.rows.len();
    b.rows(app);
    b.text(&help, b.theme.dim, 0);
}
