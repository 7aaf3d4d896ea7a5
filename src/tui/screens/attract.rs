//! Kiosk only: the inviting screen shown between people, in both
//! languages.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::export::wrap::{width, wrap};
use crate::tui::app::{App, Drawn, Msg};
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, theme: &Theme, drawn: &mut Drawn) {
    frame.buffer_mut().set_style(area, theme.header);
    let w = area.width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for text in [&*app.content.meta.title.zh, &*app.content.meta.title.en] {
        for l in wrap(text, w) {
            lines.push(Line::from(l).style(theme.header));
        }
        lines.push(Line::default());
    }
    for key in ["kiosk.attract_body"] {
        for l in wrap(app.content.ui(key, crate::content::Lang::Zh), w) {
            lines.push(Line::from(l).style(theme.header));
        }
        for l in wrap(app.content.ui(key, crate::content::Lang::En), w) {
            lines.push(Line::from(l).style(theme.header));
        }
        lines.push(Line::default());
    }
    // The invitation as one large, button-like block.
    let taps = [
        app.content
            .ui("kiosk.attract_tap", crate::content::Lang::Zh),
        app.content
            .ui("kiosk.attract_tap", crate::content::Lang::En),
    ];
    let inner = taps
        .iter()
        .map(|t| width(t))
        .max()
        .unwrap_or(0)
        .min(w.saturating_sub(4));
    let tap_style = theme.selected.remove_modifier(Modifier::BOLD);
    let pad = |t: &str| {
        let t: String = wrap(t, inner.max(1)).into_iter().next().unwrap_or_default();
        let tw = width(&t).min(inner);
        let left = (inner - tw) / 2;
        Line::from(format!(
            "  {}{t}{}  ",
            " ".repeat(left),
            " ".repeat(inner - tw - left)
        ))
        .style(tap_style)
    };
    lines.push(Line::default());
    lines.push(pad(""));
    lines.push(pad(taps[0]));
    lines.push(pad(""));
    lines.push(pad(taps[1]));
    lines.push(pad(""));
    let y = area.height.saturating_sub(lines.len() as u16) / 2;
    let r = Rect {
        y: area.y + y,
        height: area.height.saturating_sub(y),
        ..area
    };
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), r);
    drawn.hits.push((area, Msg::Activity));
}
