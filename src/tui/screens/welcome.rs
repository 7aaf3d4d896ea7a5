//! The welcome screen: what the wizard does, then start or switch language.

use super::{Action, Row};
use crate::export::fill;
use crate::tui::app::App;
use crate::tui::view::body::Body;

pub fn rows(app: &App) -> Vec<Row> {
    vec![
        Row::new(Action::Start, "", app.ui("welcome.start")),
        Row::new(Action::Lang, "", app.ui("welcome.other_lang")),
    ]
}

pub(crate) fn body(app: &App, b: &mut Body) {
    let (theme, c) = (b.theme, &app.content);
    b.heading(app.ui("welcome.heading"));
    b.text(app.ui("welcome.intro"), theme.base, 0);
    b.blank();
    b.text(
        app.ui_touch("welcome.how", "welcome.how_kiosk"),
        theme.base,
        0,
    );
    b.blank();
    b.rows(app);
    b.text(c.meta.disclaimer.get(app.lang), theme.dim, 0);
    b.blank();
    let v = fill(
        app.ui("welcome.version"),
        &[
            ("version", c.meta.version.clone()),
            ("updated", c.meta.updated.clone()),
        ],
    );
    b.text(&v, theme.dim, 0);
}
