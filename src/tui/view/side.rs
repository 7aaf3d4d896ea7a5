//! The side panel on wide windows: help for the question, and the answers
//! so far, each a click away from its question.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use std::hash::Hash;

use super::keep::{self, Shown};
use super::memo;
use crate::export::wrap::{width, wrap};
use crate::tui::app::{Action, App, Drawn, Msg, Screen};
use crate::tui::theme::Theme;

/// Help for the question, and the answers so far: a click on an answer
/// opens its question to change it.
pub(crate) fn side_panel(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    theme: &Theme,
    drawn: &mut Drawn,
    screen: Shown,
) {
    // A line down the left side, and the two columns after it; the base
    // style is on the whole screen already.
    let border = Rect {
        width: area.width.min(3),
        ..area
    };
    if !screen.keep(frame, drawn, border, |h| (theme.dim, theme.base).hash(h)) {
        let buf = frame.buffer_mut();
        for y in area.top()..area.bottom() {
            if let Some(c) = buf.cell_mut((area.x, y)) {
                c.set_symbol(ratatui::symbols::line::VERTICAL)
                    .set_style(theme.dim);
            }
        }
    }
    let inner = Rect {
        x: area.x + 3,
        width: area.width.saturating_sub(3),
        ..area
    };
    let w = inner.width as usize;
    let looks = memo::looks(theme);
    let lines = app.memos.side.get_if(
        |k| k.is_of(app, w, looks),
        || memo::SideKey::of(app, w, looks),
        || side_lines(app, w, theme),
    );
    let row = |i: usize| Rect {
        y: inner.y + i as u16,
        height: 1,
        ..inner
    };
    let n = lines.len().min(inner.height as usize);
    for (i, (line, msg)) in lines.iter().take(n).enumerate() {
        let r = row(i);
        let kept = screen.keep(frame, drawn, r, |h| {
            theme.base.hash(h);
            line.style.hash(h);
            keep::spans(h, &line.spans);
        });
        if !kept {
            super::line::paint(frame, line, r);
        }
        if let Some(m) = msg {
            match drawn.hits.last_mut() {
                Some((last, x)) if x == m && last.bottom() == r.y => last.height += 1,
                _ => drawn.hits.push((r, m.clone())),
            }
        }
    }
    // Below the lines.
    if n < inner.height as usize {
        let below = Rect {
            height: inner.height - n as u16,
            ..row(n)
        };
        screen.blank(frame, drawn, below, theme.base);
    }
}

/// The side panel's lines for a column `w` wide: help for the question,
/// then the answers so far.
fn side_lines(app: &App, w: usize, theme: &Theme) -> memo::SideLines {
    let mut lines: memo::SideLines = Vec::new();
    // `lead` starts the first line ("2. "); the lines after it, and every
    // line when there is no lead, start `indent` columns in.
    let mut push = |lead: &str, text: &str, style: Style, indent: usize, msg: Option<Msg>| {
        let indent = indent.max(width(lead));
        for (i, l) in wrap(text, w.saturating_sub(indent).max(1))
            .into_iter()
            .enumerate()
        {
            let head = if i == 0 && !lead.is_empty() {
                format!("{lead:<indent$}")
            } else {
                " ".repeat(indent)
            };
            lines.push((Line::from(format!("{head}{l}")).style(style), msg.clone()));
        }
    };
    if let Screen::Question(q) = &app.screen
        && let Some(q) = app.content.question(q)
    {
        push("", app.ui("question.help_heading"), theme.heading, 0, None);
        push("", q.help.get(app.lang), theme.base, 0, None);
        push("", "", theme.base, 0, None);
    }
    push("", app.ui("heading.answers"), theme.heading, 0, None);
    let path = app.path();
    let mut any = false;
    for (i, q) in path.into_iter().enumerate() {
        if let Some(o) = app.answers.get(&q.id).and_then(|a| q.option(a)) {
            let edit = Some(Msg::Tap(Action::Edit(q.id.clone())));
            let lead = format!("{}. ", i + 1);
            push(&lead, q.title.get(app.lang), theme.dim, 0, edit.clone());
            push("", o.label.get(app.lang), theme.strong, width(&lead), edit);
            any = true;
        }
    }
    if !any {
        push("", app.ui("side.no_answers"), theme.dim, 0, None);
    } else {
        push("", "", theme.base, 0, None);
        push(
            "",
            app.ui_touch("side.edit_hint", "side.edit_hint_touch"),
            theme.dim,
            0,
            None,
        );
    }
    lines
}
