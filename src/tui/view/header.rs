//! The header line (title and progress) and, on result pages, the strip
//! of page names.

use ratatui::Frame;
use ratatui::layout::Rect;
use std::hash::Hash;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::keep::Shown;
use super::{NoticeAt, width_u16};
use crate::export::fill;
use crate::tui::app::{App, Drawn, Msg, Page, Screen};
use crate::tui::theme::Theme;

/// The title, and how far the person is ("第 n 步，共 m 步").
pub(crate) fn header(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    theme: &Theme,
    drawn: &mut Drawn,
    shown: Shown,
    strip: Option<&Strip>,
) {
    let header = Rect { height: 1, ..area };
    let mut head = format!(" {}", app.content.meta.title.get(app.lang));
    // On a result page a notice that fits takes the page count's place.
    let notice = match super::notice(app, area.width) {
        Some((t, NoticeAt::Header)) => Some(format!(" {t} ")),
        _ => None,
    };
    // On a result page whose strip has no room for how many materials
    // are ready (English at 60 columns), the count takes the page
    // count's place: the strip shows the page already.
    let count = match strip {
        Some(s) if s.count.is_none() => {
            ready_count(app, area.width.saturating_sub(width_u16(&head) + 6))
        }
        _ => None,
    };
    if notice.is_some() {
        head.push_str("  |  ");
    } else if let Some(count) = count {
        head.push_str("  |  ");
        head.push_str(&count);
    } else if let Some((n, total, key)) = app.progress() {
        head.push_str("  |  ");
        head.push_str(&fill(
            app.ui(key),
            &[("n", n.to_string()), ("total", total.to_string())],
        ));
    }
    let head = (head, notice);
    if !shown.keep(frame, drawn, header, |h| {
        (&head, theme.header, theme.warn).hash(h)
    }) {
        frame.buffer_mut().set_style(header, theme.header);
        let (title, notice) = head;
        let mut spans = vec![Span::styled(title, theme.header)];
        spans.extend(notice.map(|n| Span::styled(n, theme.warn)));
        super::line::paint(frame, &Line::from(spans).style(theme.header), header);
    }
}

/// The width of the header's title and its leading space.
pub(crate) fn title_width(app: &App) -> u16 {
    width_u16(app.content.meta.title.get(app.lang)) + 1
}

/// The result pages by name, the current one in brackets: a click jumps
/// there. On the right, how many materials are ready, on every page
/// (`strip`, laid out by [`strip`]; `None` off the result pages).
pub(crate) fn section_strip(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    theme: &Theme,
    drawn: &mut Drawn,
    shown: Shown,
    strip: Option<&Strip>,
) {
    let Some(strip) = strip else {
        // Off the result pages the line holds the notice, if there is one.
        match super::notice(app, area.width) {
            Some((t, NoticeAt::Line)) => {
                // In the warning style, a space each side: it stands out
                // from the question under it.
                let t = format!(" {t} ");
                let r = Rect {
                    x: area.x + 1,
                    width: width_u16(&t).min(area.width.saturating_sub(2)),
                    ..area
                };
                if !shown.keep(frame, drawn, area, |h| (&t, theme.warn, theme.base).hash(h)) {
                    super::line::paint(frame, &Line::from(t).style(theme.warn), r);
                }
            }
            _ => shown.blank(frame, drawn, area, theme.base),
        }
        return;
    };
    for &(r, p) in &strip.pages {
        drawn.hits.push((r, Msg::Section(p)));
    }
    let count = strip
        .count
        .iter()
        .map(|(r, c)| (*r, c.clone(), theme.strong));
    let items: Vec<(Rect, String, Style)> = strip.names.iter().cloned().chain(count).collect();
    if !shown.keep(frame, drawn, area, |h| (&items, theme.base).hash(h)) {
        for (r, text, style) in items {
            super::line::paint(frame, &Line::from(text).style(style), r);
        }
    }
}

/// The strip of a result page as laid out: what the header needs to know
/// of it too.
pub(crate) struct Strip {
    /// The page names that fit, each where it goes.
    names: Vec<(Rect, String, Style)>,
    /// Where each of those pages is.
    pages: Vec<(Rect, Page)>,
    /// Where how many materials are ready goes, and what it says; None
    /// when there are none, or no room after the names.
    count: Option<(Rect, String)>,
}

/// The strip at `area` on a result page: the page names, the current one
/// in brackets, as many as fit, and the ready count where room is left.
pub(crate) fn strip(app: &App, area: Rect, theme: &Theme) -> Option<Strip> {
    let Screen::Page(current) = app.screen else {
        return None;
    };
    let mut names: Vec<(Rect, String, Style)> = Vec::new();
    let mut pages = Vec::new();
    let mut x = area.x + 1;
    for p in app.pages() {
        let key = match p {
            Page::Overview => "section.overview",
            Page::Steps => "section.steps",
            Page::Materials => "section.materials",
            Page::Notes => "section.notes",
            Page::Final => "section.final",
        };
        let (text, style) = if p == current {
            (
                format!("[{}]", app.ui(key)),
                // Not bold: bold black on a colour turns grey in many
                // terminals; the brackets mark it.
                theme.selected,
            )
        } else {
            (
                format!(" {} ", app.ui(key)),
                theme.strong.add_modifier(Modifier::UNDERLINED),
            )
        };
        let w = width_u16(&text);
        if x + w > area.right() {
            break;
        }
        let r = Rect {
            x,
            width: w,
            ..area
        };
        names.push((r, text, style));
        pages.push((r, p));
        x += w + 1;
    }
    let count = ready_count(app, area.right().saturating_sub(x + 1)).map(|count| {
        let w = width_u16(&count);
        let r = Rect {
            x: area.right() - w - 1,
            width: w,
            ..area
        };
        (r, count)
    });
    Some(Strip {
        names,
        pages,
        count,
    })
}

/// "已备好 1 项，共 4 项", or the short form where that is wider than
/// `room` (60 columns); None if neither fits, or the route has no
/// materials.
fn ready_count(app: &App, room: u16) -> Option<String> {
    let r = app.route()?;
    if r.materials.is_empty() {
        return None;
    }
    let done = r
        .materials
        .iter()
        .filter(|m| app.ticked.contains(&m.id))
        .count();
    ["materials.count", "materials.count_short"]
        .into_iter()
        .map(|key| {
            fill(
                app.ui(key),
                &[
                    ("n", done.to_string()),
                    ("total", r.materials.len().to_string()),
                ],
            )
        })
        .find(|c| width_u16(c) < room)
}
