//! The notes by title: open one to read it.

use super::{Action, Row};
use crate::export::fill;
use crate::flow;
use crate::tui::app::App;
use crate::tui::view::body::Body;

pub fn rows(app: &App) -> Vec<Row> {
    let Some(r) = app.route() else {
        return Vec::new();
    };
    r.notes
        .iter()
        .map(|n| {
            let open = app.open_notes.contains(&n.id);
            let mark = if open { "[-] " } else { "[+] " };
            Row::new(Action::OpenNote(n.id.clone()), mark, n.title.clone())
                .help(open.then(|| n.body.clone()))
        })
        .collect()
}

/// The notes, then the sources, the content's version and the disclaimer.
pub(crate) fn body(app: &App, b: &mut Body, r: &flow::Resolved) {
    let theme = b.theme;
    b.heading(app.ui("heading.notes"));
    b.text(app.ui_touch("notes.hint", "notes.hint_touch"), theme.dim, 0);
    b.blank();
    b.rows(app);
    b.text(app.ui("heading.sources"), theme.heading, 0);
    b.blank();
    for s in &r.sources {
        b.text(
            &fill(
                app.ui("source.item"),
                &[
                    ("title", s.title.clone()),
                    ("confidence", s.confidence.label.clone()),
                ],
            ),
            theme.base,
            2,
        );
    }
    b.blank();
    let v = fill(
        app.ui("welcome.version"),
        &[
            ("version", r.content_version.clone()),
            ("updated", r.updated.clone()),
        ],
    );
    b.text(&v, theme.dim, 0);
    b.text(app.content.meta.disclaimer.get(app.lang), theme.dim, 0);
}
