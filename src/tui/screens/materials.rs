//! The checklist: one row per material, ticked when it is ready.

use super::{Action, Row};
use crate::export::fill;
use crate::tui::app::App;
use crate::tui::view::body::Body;

/// Before each material: a ticked one is in bold and says so in a word
/// after its name, so that ticked and unticked differ in shape and weight,
/// not only colour.
pub const TICKED: &str = "[✓] ";
pub const UNTICKED: &str = "[ ] ";

pub fn rows(app: &App) -> Vec<Row> {
    let Some(r) = app.route() else {
        return Vec::new();
    };
    let details = app.material_details();
    r.materials
        .iter()
        .zip(details.iter())
        .map(|(m, detail)| {
            let ticked = app.ticked.contains(&m.id);
            let (tick, label) = if ticked {
                (
                    TICKED,
                    fill(app.ui("materials.ticked"), &[("name", m.name.clone())]),
                )
            } else {
                (UNTICKED, m.name.clone())
            };
            Row::new(Action::Tick(m.id.clone()), tick, label)
                .help(Some(detail.clone()))
                .strong(ticked)
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
