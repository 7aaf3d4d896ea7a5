//! The welcome screen: what the wizard does, then start or switch language.

use super::{Action, Row};
use crate::tui::app::App;

pub fn rows(app: &App) -> Vec<Row> {
    vec![
        Row::new(Action::Start, "", app.ui("welcome.start")),
        Row::new(Action::Lang, "", app.ui("welcome.other_lang")),
    ]
}
