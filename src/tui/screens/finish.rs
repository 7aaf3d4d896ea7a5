//! The last page: what to take away, and starting again.

use super::{Action, Row};
use crate::tui::app::App;

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
