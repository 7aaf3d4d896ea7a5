//! One module per screen. Each owns its rows as a typed list: what a row
//! says and what it does (`Action`). The view draws these rows and
//! registers a click on each with its action; `update` applies the
//! selected row's action on Enter and the clicked row's action on a click,
//! by the same code path. Nothing else in the wizard knows which row is
//! which.

pub mod attract;
pub mod finish;
pub mod hall;
pub mod materials;
pub mod notes;
pub mod overview;
pub mod question;
pub mod review;
pub mod steps;
pub mod welcome;

use super::app::{App, HallSide, Page, Screen};

/// What a row does when it is chosen: Enter on it, its number key, or a
/// click or tap on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Welcome: begin with the first question.
    Start,
    /// Welcome: the other language.
    Lang,
    /// Kiosk with a hall: which side of the move the person is on.
    Side(HallSide),
    /// A question's option, by id.
    Answer(String),
    /// Review: the answers are right, to the outcome.
    Confirm,
    /// Change the answer to this question (review rows, the side panel).
    Edit(String),
    /// Tick or untick a material, by id.
    Tick(String),
    /// Open or close a note, by id.
    OpenNote(String),
    /// Final page: the checklist as a QR code.
    Qr,
    /// Final page, laptop: save the checklist as a file.
    Save,
    /// Final page, kiosk with a receipt printer.
    Print,
    /// Final page: start again for the next person.
    Restart,
}

/// One selectable row as the screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub action: Action,
    /// Before the label: its number, a tick box, an open or closed mark.
    pub marker: String,
    pub label: String,
    /// Below the label: an option's help, the answer given, a material's
    /// detail, an open note's text.
    pub help: Option<String>,
    /// The label in bold (every row but a material not yet ticked).
    pub strong: bool,
}

impl Row {
    pub fn new(action: Action, marker: impl Into<String>, label: impl Into<String>) -> Row {
        Row {
            action,
            marker: marker.into(),
            label: label.into(),
            help: None,
            strong: true,
        }
    }

    pub fn help(mut self, help: Option<String>) -> Row {
        self.help = help;
        self
    }

    pub fn strong(mut self, strong: bool) -> Row {
        self.strong = strong;
        self
    }
}

/// The rows of the current screen, in order.
pub fn rows(app: &App) -> Vec<Row> {
    match &app.screen {
        Screen::Attract => Vec::new(),
        Screen::Welcome => welcome::rows(app),
        Screen::Hall => hall::rows(app),
        Screen::Question(q) => question::rows(app, q),
        Screen::Review => review::rows(app),
        Screen::Page(Page::Materials) => materials::rows(app),
        Screen::Page(Page::Notes) => notes::rows(app),
        Screen::Page(Page::Final) => finish::rows(app),
        Screen::Page(Page::Overview | Page::Steps) => Vec::new(),
    }
}

/// "1. " before the row at `i` (from 0).
pub fn number(i: usize) -> String {
    format!("{}. ", i + 1)
}
