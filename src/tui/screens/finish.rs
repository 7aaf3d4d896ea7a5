//! The last page: what to take away, and starting again.

use super::{Action, Row};
use crate::flow;
use crate::tui::app::App;
use crate::tui::view::body::Body;

/// What the rows do: the QR code, then saving (laptop) or printing (kiosk
/// with a printer), then starting again.
pub fn actions(app: &App) -> Vec<Action> {
    let mut a = vec![Action::Qr];
    if app.kiosk.is_none() {
        a.push(Action::Save);
    } else if app.print_columns.is_some() {
        a.push(Action::Print);
    }
    a.push(Action::Restart);
    a
}

pub fn rows(app: &App) -> Vec<Row> {
    actions(app)
        .into_iter()
        .map(|a| {
            let key = match a {
                Action::Save => "final.save_row",
                Action::Print => "final.print",
                Action::Restart => "final.restart",
                _ => "final.qr",
            };
            Row::new(a, "", app.ui(key))
        })
        .collect()
}

/// One screen to take away: where, when, what is still missing.
pub(crate) fn body(app: &App, b: &mut Body, r: &flow::Resolved) {
    let theme = b.theme;
    b.heading(app.ui("heading.final"));
    b.text(&r.title, theme.strong, 0);
    b.blank();
    if let Some(f) = &r.finish_by {
        b.text(&f.sentence.clone(), theme.base, 0);
        b.blank();
    }
    b.rows(app);
    b.field(app.ui("label.place"), &r.place.label);
    let missing = app.missing(r);
    if !r.materials.is_empty() {
        if missing.is_empty() {
            b.text(app.ui("final.all_ticked"), theme.strong, 0);
        } else {
            b.text(app.ui("final.missing"), theme.strong, 0);
            for m in missing {
                b.text(&format!("[ ] {m}"), theme.base, 2);
            }
        }
        b.blank();
    }
    b.text(app.ui("final.body"), theme.base, 0);
}
