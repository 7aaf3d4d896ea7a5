//! A question: its options as rows (a list, or a grid when there are many).

use super::{Action, Row, number};
use crate::flow;
use crate::tui::app::App;

pub fn rows(app: &App, q: &str) -> Vec<Row> {
    let Some(q) = app.content.question(q) else {
        return Vec::new();
    };
    flow::choices(&app.content, q, &app.answers)
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
