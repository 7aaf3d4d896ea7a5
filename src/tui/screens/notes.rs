//! The notes by title: open one to read it.

use super::{Action, Row};
use crate::tui::app::App;

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
