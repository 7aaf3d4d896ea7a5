//! The checklist: one row per material, ticked when it is ready.

use super::{Action, Row};
use crate::export::fill;
use crate::tui::app::App;
use crate::tui::view::body::Body;

/// Before each material: a ticked box is heavier and says so in a word,
/// so that ticked and unticked differ in shape, not only colour.
pub const TICKED: &str = "[✓] ";
pub const UNTICKED: &str = "[ ] ";

pub fn rows(app: &App) -> Vec<Row> {
    let Some(r) = app.route() else {
        return Vec::new();
    };
    r.materials
        .iter()
        .map(|m| {
            let tick = if app.ticked.contains(&m.id) {
                TICKED
            } else {
                UNTICKED
            };
            let detail = fill(
                app.ui("materials.detail"),
                &[
                    ("form", m.form.label.clone()),
                    ("count", m.count.to_string()),
                    ("needed", m.needed.clone()),
                ],
            );
            Row::new(Action::Tick(m.id.clone()), tick, m.name.clone()).help(Some(detail))
        })
        .collect()
}

pub(crate) fn body(app: &App, b: &mut Body) {
    b.heading(app.ui("heading.materials"));
    b.text(
        app.ui_touch("materials.hint", "materials.hint_touch"),
        b.theme.dim,
        0,
    );
    b.blank();
    b.rows(app);
}
