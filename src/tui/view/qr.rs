//! The checklist as QR codes: as large as the window allows, with what
//! they hold beside or below them.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::footer::{button_text, draw_button};
use crate::export::{self, fill, wrap::wrap};
use crate::tui::app::{App, Drawn, Msg};
use crate::tui::theme::Theme;

/// The checklist as a QR code filling the window, with what it holds
/// beside it (or below it on a narrow window). On a laptop one code holds as
/// much as fits; a kiosk never leaves anything out: the whole checklist in
/// numbered codes, with buttons to move between them. Returns the hits.
pub(crate) fn qr_screen(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) -> Drawn {
    frame.render_widget(Clear, area);
    frame.buffer_mut().set_style(area, theme.base);
    let mut drawn = Drawn::default();
    let Some(r) = app.route() else {
        return drawn;
    };
    let kiosk = app.kiosk.is_some();
    // Text beside the code needs this many columns; below it, this many
    // rows. A kiosk also needs room for its buttons.
    let (side_text, below_text): (u16, u16) = if kiosk { (30, 10) } else { (24, 6) };
    // Beside the code at least one light column each side where the width
    // is short, up to [`FIELD`] where it is not.
    let beside =
        usize::from(area.width.saturating_sub(side_text + 2 + 2)).min(usize::from(area.height) * 2);
    let below =
        usize::from(area.width).min(usize::from(area.height.saturating_sub(below_text)) * 2);
    let max = beside.max(below);
    let (codes, detail) = if kiosk {
        let codes = export::qr_parts(&app.content, &r, app.lang, max).unwrap_or_default();
        (codes, export::Detail::Full)
    } else {
        match export::fitted_qr(&app.content, &r, app.lang, max) {
            Some((code, detail)) => (vec![code], detail),
            None => (Vec::new(), export::Detail::Minimal),
        }
    };
    drawn.qr_parts = codes.len();
    let shown = app.qr_part.min(codes.len().saturating_sub(1));
    // The place of the biggest code, so that the text and the buttons
    // stay put from one code to the next; a smaller one is centred in it.
    let biggest = codes.iter().max_by_key(|c| c.size);
    let text_area = match (codes.get(shown), biggest) {
        (Some(code), Some(biggest)) => {
            let size = biggest.size as u16;
            let rows = biggest.rows() as u16;
            let centred = |r: Rect| Rect {
                x: r.x + (size - code.size as u16) / 2,
                y: r.y + (rows - code.rows() as u16) / 2,
                width: code.size as u16,
                height: code.rows() as u16,
            };
            if beside >= below {
                // A light band from the top of the window to the bottom.
                let f = (area.width.saturating_sub(side_text + 2 + size) / 2).clamp(1, FIELD);
                let field = Rect {
                    width: size + 2 * f,
                    ..area
                }
                .intersection(area);
                // A spare row goes above: below, the code's last half row
                // is light already (its side is odd).
                let code_area = Rect {
                    x: area.x + f,
                    y: area.y + area.height.saturating_sub(rows).div_ceil(2),
                    width: size,
                    height: rows,
                };
                draw_field(frame, field);
                draw_code(frame, code, centred(code_area));
                Rect {
                    x: field.right() + 2,
                    y: code_area.y + 1,
                    width: area.right().saturating_sub(field.right() + 2),
                    height: area.bottom().saturating_sub(code_area.y + 1),
                }
            } else {
                let code_area = Rect {
                    x: area.x + area.width.saturating_sub(size) / 2,
                    y: area.y,
                    width: size,
                    height: rows,
                };
                let field = Rect {
                    x: code_area.x.saturating_sub(FIELD),
                    width: size + 2 * FIELD,
                    ..code_area
                }
                .intersection(area);
                draw_field(frame, field);
                draw_code(frame, code, centred(code_area));
                Rect {
                    x: area.x + 1,
                    y: code_area.bottom(),
                    width: area.width.saturating_sub(2),
                    height: area.bottom().saturating_sub(code_area.bottom()),
                }
            }
        }
        _ => Rect {
            x: area.x + 1,
            y: area.y + 1,
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(1),
        },
    };
    // The terminal's cursor on the heading, not on the code.
    drawn.focus = Some(Position::new(text_area.x, text_area.y));
    let several = codes.len() > 1;
    let w = usize::from(text_area.width);
    let mut lines: Vec<Line> = Vec::new();
    let mut para = |t: &str, style: Style| {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.extend(wrap(t, w).into_iter().map(|l| Line::from(l).style(style)));
    };
    para(app.ui("qr.heading"), theme.heading);
    let total = [("total", codes.len().to_string())];
    if several {
        let n = [("n", (shown + 1).to_string()), total[0].clone()];
        para(&fill(app.ui("qr.part"), &n), theme.strong);
        para(&fill(app.ui("qr.parts_how"), &total), theme.base);
    } else if codes.is_empty() {
        para(
            app.ui_touch("qr.too_small", "qr.too_small_touch"),
            theme.warn,
        );
    } else {
        para(app.ui("qr.how"), theme.base);
        para(app.ui(detail.left_out_key()), theme.dim);
    }
    if !several {
        para(app.ui_touch("qr.close", "qr.close_touch"), theme.strong);
        frame.render_widget(Paragraph::new(lines), text_area);
        // Any key or a tap anywhere goes back.
        drawn.hits = vec![(area, Msg::Back)];
        return drawn;
    }
    // Three buttons in fixed places at the foot of the text, the ones
    // that cannot act shown off.
    let buttons = [
        ("qr.previous", Msg::PageUp, shown > 0),
        ("qr.next", Msg::PageDown, shown + 1 < codes.len()),
        ("touch.back", Msg::Back, true),
    ];
    let y = text_area.bottom().saturating_sub(4).max(text_area.y);
    let each = text_area.width.saturating_sub(4) / 3;
    for (i, (key, msg, on)) in buttons.into_iter().enumerate() {
        let b = Rect {
            x: text_area.x + i as u16 * (each + 2),
            y,
            width: each,
            height: 3,
        }
        .intersection(area);
        let style = if on { theme.button } else { theme.button_off };
        draw_button(frame, b, button_text(app.ui(key), kiosk), style);
        if on {
            drawn.hits.push((b, msg));
        }
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: y.saturating_sub(text_area.y + 1),
            ..text_area
        },
    );
    drawn
}

/// Light columns each side of a code, on top of its own quiet zone
/// ([`export::qr::QUIET`]): together the four modules the standard asks
/// for, where the window has them to spare.
const FIELD: u16 = 3;

/// The light field a code stands on, white whatever the theme.
fn draw_field(frame: &mut Frame, field: Rect) {
    use ratatui::style::Color;
    frame.render_widget(Clear, field);
    frame
        .buffer_mut()
        .set_style(field, Style::new().fg(Color::Black).bg(Color::White));
}

/// Draws a QR code in half blocks, black on white whatever the theme, so
/// that it reads like print. Cells outside `area` are left out.
pub(crate) fn draw_code(frame: &mut Frame, code: &export::qr::Code, area: Rect) {
    use ratatui::style::Color;
    let buf = frame.buffer_mut();
    let clip = area.intersection(buf.area);
    for row in 0..code.rows() {
        for (col, cell) in code.cells(row).into_iter().enumerate() {
            let (x, y) = (area.x + col as u16, area.y + row as u16);
            if !clip.contains(ratatui::layout::Position { x, y }) {
                continue;
            }
            let (symbol, fg, bg) = match (cell.top_dark, cell.bottom_dark) {
                (true, true) => (" ", Color::Black, Color::Black),
                (true, false) => ("▀", Color::Black, Color::White),
                (false, true) => ("▄", Color::Black, Color::White),
                (false, false) => (" ", Color::Black, Color::White),
            };
            buf[(x, y)]
                .set_symbol(symbol)
                .set_fg(fg)
                .set_bg(bg)
                .modifier = Modifier::empty();
        }
    }
}
