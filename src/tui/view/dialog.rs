//! What is drawn over a screen: the boxes (help, quit, start again), the
//! kiosk's idle countdown, and the screen that asks for a larger window.

use ratatui::Frame;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::footer::{button_text, draw_button};
use super::{MIN_HEIGHT, MIN_WIDTH};
use crate::export::fill;
use crate::export::wrap::{width, wrap};
use crate::tui::app::{App, Drawn, Msg, Overlay};
use crate::tui::theme::Theme;

/// A box: its title, its text and its buttons (label, what a tap sends).
pub(crate) type Dialog<'a> = (&'a str, String, Vec<(&'a str, Msg)>);

/// Resets every cell of `r`, and the wide character just left of it whose
/// right half `r` covers: otherwise the terminal draws that character over
/// the box's left border.
pub(crate) fn clear_cells(frame: &mut Frame, r: Rect) {
    let buf = frame.buffer_mut();
    let r = r.intersection(buf.area);
    for y in r.top()..r.bottom() {
        for x in r.left()..r.right() {
            buf[(x, y)].reset();
        }
        // A character up to two columns wide starts at most one column left.
        if r.x > buf.area.x && width(buf[(r.x - 1, y)].symbol()) > 1 {
            buf[(r.x - 1, y)].reset();
        }
    }
}

/// The idle warning: a band across the whole window with the seconds left
/// and why, so that it cannot be missed or taken for part of the page.
pub(crate) fn countdown_banner(frame: &mut Frame, app: &App, area: Rect, theme: &Theme, secs: u64) {
    let text = fill(app.ui("kiosk.countdown"), &[("n", secs.to_string())]);
    let mut lines = vec![
        Line::default(),
        Line::from(app.ui("kiosk.countdown_heading").to_owned()),
    ];
    // Lines no longer than reads well, centred in the band.
    let w = area.width.saturating_sub(4).min(super::body::TEXT_MAX);
    lines.extend(wrap(&text, usize::from(w)).into_iter().map(Line::from));
    lines.push(Line::default());
    let h = (lines.len() as u16).min(area.height);
    let r = Rect {
        y: area.y + (area.height - h) / 2,
        height: h,
        ..area
    };
    clear_cells(frame, r);
    frame.buffer_mut().set_style(r, theme.warn);
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme.warn)
            .alignment(Alignment::Center),
        r,
    );
}

pub(crate) fn help_text(app: &App) -> String {
    let mut s = app.ui("help.body").to_owned();
    if app.kiosk.is_some() {
        s = app.ui("help.kiosk").to_owned();
    }
    s
}

/// Both languages: the person may not be able to switch on a screen this
/// small.
/// Returns where the cursor goes: on the first line.
pub(crate) fn too_small(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) -> Position {
    let (zh, en) = (crate::content::Lang::Zh, crate::content::Lang::En);
    let mut text = format!(
        "{}\n{}\n\n{}x{} < {MIN_WIDTH}x{MIN_HEIGHT}",
        app.content.ui("small.enlarge", zh),
        app.content.ui("small.enlarge", en),
        area.width,
        area.height
    );
    if app.kiosk.is_none() {
        text.push_str(&format!(
            "\n\n{}\n{}",
            app.content.ui("small.quit", zh),
            app.content.ui("small.quit", en)
        ));
    }
    let lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_owned())).collect();
    let y = area.height.saturating_sub(lines.len() as u16) / 2;
    // The real cursor on the first line, for a screen magnifier to find.
    let first = lines.first().map_or(0, |l| l.width() as u16);
    let cursor = Position::new(
        area.x + (area.width / 2).saturating_sub(first / 2),
        area.y + y,
    );
    let r = Rect {
        y: area.y + y,
        height: area.height.saturating_sub(y),
        ..area
    };
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .style(theme.strong),
        r,
    );
    cursor
}

/// A centred box with a title and text; room is left at the bottom for
/// buttons when asked. Returns the box and where the cursor goes (at the
/// start of the text).
pub(crate) fn popup(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    text: &str,
    style: Style,
    button_rows: u16,
) -> (Rect, Position) {
    let w = area.width.saturating_sub(4).min(70);
    let inner_w = w.saturating_sub(4) as usize;
    let lines: Vec<Line> = wrap(text, inner_w)
        .into_iter()
        .map(|l| Line::from(l).style(style))
        .collect();
    let text_h = lines.len() as u16;
    // Borders, a blank line above and below the text when there is room.
    let pad = if text_h + 4 + button_rows <= area.height {
        1
    } else {
        0
    };
    let h = (text_h + 2 + 2 * pad + button_rows).min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    clear_cells(frame, r);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(Line::from(format!(" {title} ")).style(theme.strong))
        .style(style);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let inner = Rect {
        x: inner.x + 1,
        y: inner.y + pad,
        width: inner.width.saturating_sub(2),
        height: inner.height.saturating_sub(pad + button_rows),
    };
    frame.render_widget(Paragraph::new(lines).style(style), inner);
    (r, Position::new(inner.x, inner.y))
}

/// The box open over the screen, if any (help, quit, start again): its
/// text and its buttons, each a click target.
pub(crate) fn dialog(frame: &mut Frame, app: &App, area: Rect, theme: &Theme, drawn: &mut Drawn) {
    let kiosk = app.kiosk.is_some();
    // On a kiosk the boxes speak of tapping, never of keys.
    let no = (app.ui_touch("confirm.no", "confirm.no_touch"), Msg::No);
    let pop: Option<Dialog> = match app.overlay {
        Some(Overlay::Help) => Some((app.ui("help.heading"), help_text(app), Vec::new())),
        // With a result to keep, quitting offers to save it first.
        Some(Overlay::ConfirmQuit) if app.can_save() => Some((
            app.ui("quit.heading"),
            app.ui("quit.body_save").to_owned(),
            vec![
                (app.ui("quit.save_yes"), Msg::Save),
                (app.ui("quit.yes"), Msg::Yes),
                no,
            ],
        )),
        Some(Overlay::ConfirmQuit) => Some((
            app.ui("quit.heading"),
            app.ui("quit.body").to_owned(),
            vec![(app.ui("quit.yes"), Msg::Yes), no],
        )),
        Some(Overlay::ConfirmRestart) => Some((
            app.ui("restart.heading"),
            app.ui_touch("restart.body", "restart.body_touch")
                .to_owned(),
            vec![
                (app.ui_touch("restart.yes", "restart.yes_touch"), Msg::Yes),
                no,
            ],
        )),
        Some(Overlay::Qr) | None => None,
    };
    if let Some((title, text, choices)) = pop {
        // Room for a row of buttons and a line below them.
        let button_rows = match (choices.is_empty(), kiosk) {
            (true, _) => 0,
            (false, false) => 2,
            (false, true) => 4,
        };
        let (r, cursor) = popup(frame, area, theme, title, &text, theme.base, button_rows);
        drawn.cursor = cursor;
        // Large buttons side by side at the bottom of the box, for taps.
        let y = r.bottom().saturating_sub(button_rows);
        let h = if kiosk { 3 } else { 1 };
        let n = choices.len() as u16;
        let each = r.width.saturating_sub(2 + 2 * n) / n.max(1);
        for (i, (label, msg)) in choices.into_iter().enumerate() {
            let b = Rect {
                x: r.x + 2 + i as u16 * (each + 2),
                y,
                width: each,
                height: h,
            };
            draw_button(frame, b, button_text(label, kiosk), theme.button);
            drawn.hits.push((b, msg));
        }
    }
}
