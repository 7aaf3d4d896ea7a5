//! The review of the answers: confirm them, or open one to change it.

use super::{Action, Row};
use crate::tui::app::App;
use crate::tui::view::body::Body;

/// The confirm row, then one numbered row per answer.
pub fn rows(app: &App) -> Vec<Row> {
    let mut rows = vec![Row::new(Action::Confirm, "", app.ui("review.confirm"))];
    for (i, q) in app.path().into_iter().enumerate() {
        let answer = app
            .answers
            .get(&q.id)
            .and_then(|a| q.option(a))
            .map_or("", |o| o.label.get(app.lang));
        rows.push(
            Row::new(
                Action::Edit(q.id.clone()),
                format!("{}. ", i + 1),
                q.title.get(app.lang),
            )
            .help(Some(answer.to_owned())),
        );
    }
    rows
}

pub(crate) fn body(app: &App, b: &mut Body) {
    b.heading(app.ui("review.heading"));
    b.text(app.ui("review.hint"), b.theme.dim, 0);
    b.blank();
    b.rows(app);
}
