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
    let count = match app.screen {
        Screen::Page(_) if strip_count(app, area).is_none() => {
            let room = area.width.saturating_sub(width_u16(&head) + 6);
            ready_count(app, room)
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
/// there. On the right, how many materials are ready, on every page.
pub(crate) fn section_strip(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    theme: &Theme,
    drawn: &mut Drawn,
    shown: Shown,
) {
    let Screen::Page(current) = app.screen else {
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
    // What goes where on the strip, painted at the end unless the screen
    // shows it so already.
    let (mut items, pages) = strip_names(app, area, theme, current);
    for (r, p) in pages {
        drawn.hits.push((r, Msg::Section(p)));
    }
    if let Some((r, count)) = strip_count(app, area) {
        items.push((r, count, theme.strong));
    }
    if !shown.keep(frame, drawn, area, |h| (&items, theme.base).hash(h)) {
        for (r, text, style) in items {
            super::line::paint(frame, &Line::from(text).style(style), r);
        }
    }
}

/// A strip's page names as they are placed, and the place of each page.
type Names = (Vec<(Rect, String, Style)>, Vec<(Rect, Page)>);

/// The page names of the strip at `area`, each where it goes, the
/// current one in brackets; as many as fit.
fn strip_names(app: &App, area: Rect, theme: &Theme, current: Page) -> Names {
    let mut items: Vec<(Rect, String, Style)> = Vec::new();
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
        items.push((r, text, style));
        pages.push((r, p));
        x += w + 1;
    }
    (items, pages)
}

/// Where the strip at `area` shows how many materials are ready, and
/// what it says; None when there are none, or no room after the names.
fn strip_count(app: &App, area: Rect) -> Option<(Rect, String)> {
    let Screen::Page(current) = app.screen else {
        return None;
    };
    let theme = Theme::default_theme();
    let (items, _) = strip_names(app, area, &theme, current);
    let end = items.last().map_or(area.x + 1, |(r, _, _)| r.right() + 1);
    let room = area.right().saturating_sub(end + 1);
    let count = ready_count(app, room)?;
    let w = width_u16(&count);
    let r = Rect {
        x: area.right() - w - 1,
        width: w,
        ..area
    };
    Some((r, count))
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
