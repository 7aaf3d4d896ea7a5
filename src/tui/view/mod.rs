//! Draws the model. Returns what was drawn where, for mouse hit-testing and
//! scrolling; never changes the model.
//!
//! The chrome is here and in the modules below (the header, the body's
//! lines and rows, the footer's buttons, the side panel, the boxes and
//! the QR codes); what each screen shows is in its module in `screens`.

pub(crate) mod body;
mod dialog;
mod footer;
mod header;
mod keep;
mod line;
pub(crate) mod memo;
mod qr;
mod side;

use std::hash::Hash;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;

use super::app::{App, Drawn, Msg, Overlay, Page, Screen, Shown};
use super::screens;
use super::theme::Theme;
use crate::export::{fill, wrap::width};
use body::{Body, columns, in_view, render_body, scroll_of};

/// Below this size the wizard asks for a larger window.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;
/// From this size on, a side panel shows the answers and help.
const WIDE_WIDTH: u16 = 110;
const WIDE_HEIGHT: u16 = 30;
const SIDE_WIDTH: u16 = 40;

/// Draws the whole screen; returns the clickable areas, how the body was
/// laid out and where it was scrolled to.
pub fn draw(frame: &mut Frame, app: &App, now: std::time::Duration) -> Shown {
    // Every cell of a new frame has the plain style already: only a theme
    // with colours of its own sets it.
    let base = base_style(app);
    if base != Style::new() {
        let area = frame.area();
        frame.buffer_mut().set_style(area, base);
    }
    draw_over(frame, app, now, None)
}

/// The theme the screen is drawn in.
fn theme(app: &App) -> Theme {
    if app.no_color {
        Theme::no_color()
    } else if app.high_contrast {
        Theme::high_contrast()
    } else {
        Theme::default_theme()
    }
}

/// The style every cell of the screen starts in.
pub fn base_style(app: &App) -> Style {
    theme(app).base
}

/// Draws the whole screen over `screen`, what the terminal shows now (as
/// the last frame, `app.drawn`, left it), on a frame whose cells are blank
/// in `base_style`: the lines the screen shows as they would be painted
/// are left unpainted and listed in `Drawn::kept`, which the comparison
/// with the screen skips. Nothing is kept under a box or a banner.
pub fn draw_over(
    frame: &mut Frame,
    app: &App,
    now: std::time::Duration,
    screen: Option<&Buffer>,
) -> Shown {
    let theme = theme(app);
    let area = frame.area();
    let covered = app.overlay.is_some() || app.countdown(now).is_some();
    let shown = keep::Shown {
        screen: screen.filter(|s| !covered && s.area == area),
        lines: &app.drawn.lines,
    };
    let mut scroll = app.scroll;
    let mut drawn = paint(frame, app, now, area, theme, shown, &mut scroll);
    // A box or a banner over the lines: none of them is kept next time.
    keep::finish(&mut drawn, covered);
    frame.set_cursor_position(drawn.cursor);
    Shown { drawn, scroll }
}

/// Paints the screen; the cursor goes where the returned `Drawn` says, and
/// `scroll` is set to where the body was scrolled, if there is a body.
fn paint(
    frame: &mut Frame,
    app: &App,
    now: std::time::Duration,
    area: Rect,
    theme: Theme,
    shown: keep::Shown,
    scroll: &mut u16,
) -> Drawn {
    // The real cursor is shown on every frame: at the top left unless the
    // body or a box puts it on what has the focus.
    // About as many lines, kept areas and targets as last time: room
    // for them from the start.
    let last = &app.drawn;
    let mut drawn = Drawn {
        cursor: Position::new(area.x, area.y),
        lines: Vec::with_capacity(last.lines.len() + 16),
        kept: Vec::with_capacity(last.kept.len() + 16),
        hits: Vec::with_capacity(last.hits.len() + 16),
        ..Drawn::default()
    };
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        drawn.cursor = dialog::too_small(frame, app, area, &theme);
        drawn.too_small = true;
        return drawn;
    }
    if app.screen == Screen::Attract {
        screens::attract::draw(frame, app, area, &theme, &mut drawn);
        return drawn;
    }

    let strip_area = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    let strip = header::strip(app, strip_area, &theme);
    header::header(frame, app, area, &theme, &mut drawn, shown, strip.as_ref());
    header::section_strip(
        frame,
        app,
        strip_area,
        &theme,
        &mut drawn,
        shown,
        strip.as_ref(),
    );

    // The body is laid out first: whether it runs past the screen decides
    // the main button ("read on" or "next").
    let wide =
        area.width >= WIDE_WIDTH && area.height >= WIDE_HEIGHT && app.screen != Screen::Review;
    let mut body_area = Rect {
        x: area.x + 1,
        y: area.y + 2,
        width: area.width.saturating_sub(2),
        height: 0,
    };
    if wide {
        body_area.width -= SIDE_WIDTH + 2;
    }
    let cols = columns(app, body_area.width);
    let places = footer::layout_slots(app, area.width);
    let (placed, footer_h) = (&places.0, places.1);
    let room = usize::from(area.height.saturating_sub(footer_h + 3));
    // Made again only when what it is made from changed (not when the
    // selection moved).
    let size = memo::BodySize {
        width: usize::from(cols.width),
        window: area.width,
        wide,
        room,
    };
    let body = app.memos.body.get_if(
        |k| k.size == size && app.has_body_state(&k.state),
        || memo::BodyKey {
            state: app.body_state(),
            size,
        },
        || body(app, (size.width, size.window), &theme, wide, room).done(),
    );
    let pinned = &body.pinned_rows;
    body_area.height = area
        .height
        .saturating_sub(footer_h + 3)
        .saturating_sub(pinned.len() as u16);
    let (scroll0, max0, view_h) = scroll_of(app, &body, body_area.height as usize, cols.n);
    let more = scroll0 < max0;
    *scroll = scroll0 as u16;
    drawn.in_view = in_view(&body, scroll0, view_h * cols.n);
    footer::footer(
        frame,
        app,
        placed,
        (area, area.bottom() - footer_h, more),
        &theme,
        &mut drawn,
        shown,
    );
    // The margins: the column on the left, and the one on the right or
    // the two before the side panel.
    let margin_h = area.height.saturating_sub(footer_h + 2);
    let left = Rect::new(area.x, area.y + 2, 1, margin_h);
    let right = if wide {
        Rect::new(body_area.right(), area.y + 2, 2, margin_h)
    } else {
        Rect::new(area.right().saturating_sub(1), area.y + 2, 1, margin_h)
    };
    // The row above the footer.
    let spacer_y = area.bottom().saturating_sub(footer_h + 1);
    let mut blanks = vec![left, right];
    if wide {
        let side = Rect {
            x: body_area.right() + 2,
            width: SIDE_WIDTH,
            y: body_area.y,
            height: body_area.height + pinned.len() as u16,
        };
        side::side_panel(frame, app, side, &theme, &mut drawn, shown);
        // The last column, beside the panel; the row under it.
        blanks.push(Rect {
            x: side.right(),
            width: area.right().saturating_sub(side.right()),
            ..side
        });
        blanks.push(Rect::new(
            side.x,
            spacer_y,
            area.right().saturating_sub(side.x),
            1,
        ));
    }
    blanks.push(Rect::new(body_area.x, spacer_y, body_area.width, 1));
    // Beside the question's pinned lines.
    blanks.push(Rect {
        x: body_area.x + cols.width,
        width: body_area.width.saturating_sub(cols.width),
        height: pinned.len() as u16,
        ..body_area
    });
    for m in blanks {
        shown.blank(frame, &mut drawn, m, theme.base);
    }
    // The question stays in view while its options scroll.
    for (i, row) in pinned.iter().enumerate() {
        let r = Rect {
            y: body_area.y + i as u16,
            height: 1,
            width: cols.width,
            ..body_area
        };
        if !shown.keep(frame, &mut drawn, r, |h| {
            (theme.base, row.style).hash(h);
            keep::spans(h, &row.spans);
        }) {
            line::paint(frame, &Line::from(row.spans.clone()).style(row.style), r);
        }
    }
    body_area.y += pinned.len() as u16;
    if app.grid() {
        drawn.grid_width = cols.width;
    }
    render_body(frame, app, &body, body_area, cols, &mut drawn, shown);

    if app.overlay == Some(Overlay::Qr) {
        let qr = qr::qr_screen(frame, app, area, &theme);
        drawn.cursor = qr.focus.unwrap_or(Position::new(area.x, area.y));
        drawn.hits = qr.hits;
        drawn.focus = qr.focus;
        drawn.qr_parts = qr.qr_parts;
    }
    dialog::dialog(frame, app, area, &theme, &mut drawn);
    if let Some(secs) = app.countdown(now) {
        dialog::countdown_banner(frame, app, area, &theme, secs);
        // The whole screen is one big "continue" target.
        drawn.hits = vec![(area, Msg::Activity)];
    }
    drawn
}

/// Where the notice of the screen goes. Where it moves nothing, when it
/// fits: 请先点选一项 must not push the options a person is about to tap,
/// nor a receipt's notice the rows of the last page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoticeAt {
    /// The line under the header (off the result pages, whose page names
    /// are there).
    Line,
    /// The header after the title, in place of the page count (result
    /// pages).
    Header,
    /// Above the text, pushing it down: where it fits nowhere else.
    Body,
}

/// The notice for the current screen, if any, as it reads, and where it
/// goes in a window `width` wide.
pub(crate) fn notice(app: &App, width: u16) -> Option<(String, NoticeAt)> {
    let (key, n) = app.notice.as_ref()?;
    let text = fill(app.ui(key), &[("n", n.clone())]);
    // A space each side when it stands in a line of its own style.
    let need = width_u16(&text) + 2;
    let at = match app.screen {
        // After the title and "  |  ".
        Screen::Page(_) if header::title_width(app) + 5 + need <= width => NoticeAt::Header,
        Screen::Page(_) => NoticeAt::Body,
        _ if need <= width => NoticeAt::Line,
        _ => NoticeAt::Body,
    };
    Some((text, at))
}

pub(crate) fn width_u16(s: &str) -> u16 {
    u16::try_from(width(s)).unwrap_or(u16::MAX)
}

/// The body of the current screen: a notice first, then what the
/// screen's module puts there.
/// `w`: the text column's width, and the window's.
fn body(app: &App, (w, window): (usize, u16), theme: &Theme, wide: bool, room: usize) -> Body {
    let mut b = Body::new(w, *theme, app);
    // A notice that fits nowhere else goes first, and stays in sight
    // while the text under it scrolls ("saved to ..." must not scroll
    // away before it is read).
    if let Some((t, NoticeAt::Body)) = notice(app, window) {
        b.text(&t, theme.strong, 0);
        b.blank();
        b.pinned = b.rows.len();
    }
    match &app.screen {
        Screen::Attract => {}
        Screen::Welcome => screens::welcome::body(app, &mut b),
        Screen::Hall => screens::hall::body(app, &mut b),
        Screen::Question(q) => screens::question::body(app, &mut b, q, wide, room),
        Screen::Review => screens::review::body(app, &mut b),
        Screen::Page(p) => {
            if let Some(r) = app.route() {
                match p {
                    Page::Overview => screens::overview::body(app, &mut b, &r),
                    Page::Steps => screens::steps::body(app, &mut b, &r),
                    Page::Materials => screens::materials::body(app, &mut b),
                    Page::Notes => screens::notes::body(app, &mut b, &r),
                    Page::Final => screens::finish::body(app, &mut b, &r),
                }
            }
        }
    }
    // Blank rows at the end are not "more below".
    while b
        .rows
        .last()
        .is_some_and(|r| r.spans.is_empty() && r.target.is_none() && r.cells.is_empty())
    {
        b.rows.pop();
    }
    b
}
