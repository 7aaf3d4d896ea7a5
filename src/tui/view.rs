//! Draws the model. Returns what was drawn where, for mouse hit-testing and
//! scrolling; never changes the model.

use ratatui::Frame;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::{Action, App, Drawn, Msg, Overlay, Page, Screen};
use super::theme::Theme;
use crate::export::{
    self,
    wrap::{width, wrap},
};
use crate::flow;

/// Below this size the wizard asks for a larger window.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;
/// From this size on, a side panel shows the answers and help.
const WIDE_WIDTH: u16 = 110;
const WIDE_HEIGHT: u16 = 30;
const SIDE_WIDTH: u16 = 40;

/// One line of the scrollable body.
#[derive(Clone)]
struct Row {
    spans: Vec<Span<'static>>,
    style: Style,
    /// The selectable row this line belongs to, and what a click sends.
    target: Option<(usize, Msg)>,
    /// A line of a grid: its cells side by side, each selectable.
    cells: Vec<GridCell>,
}

/// One cell of a grid line: where it starts in the line, its width, its
/// text, and the option it stands for.
#[derive(Clone)]
struct GridCell {
    x: u16,
    w: u16,
    text: String,
    index: usize,
    msg: Msg,
    /// Drawn as a box (with room between the rows); packed rows are
    /// plain text in columns, or they would run into one block.
    boxed: bool,
}

struct Body {
    rows: Vec<Row>,
    width: usize,
    theme: Theme,
    kiosk: bool,
    /// The highlighted row, if any.
    focus: Option<usize>,
    /// The highlighted row is a choice made (a kiosk question): it gets a
    /// tick, not only a colour.
    mark_chosen: bool,
    /// How many rows at the top stay in place while the rest scrolls.
    pinned: usize,
}

/// Before the options of a kiosk question: a box, ticked for the one
/// chosen. U+2713 is one column wide everywhere (not an ambiguous width).
const CHOSEN_MARK: &str = "[✓] ";
const UNCHOSEN_MARK: &str = "[ ] ";

impl Body {
    fn new(width: usize, theme: Theme, app: &App) -> Body {
        Body {
            rows: Vec::new(),
            width,
            theme,
            kiosk: app.kiosk.is_some(),
            focus: app.focus(),
            mark_chosen: app.choosing(),
            pinned: 0,
        }
    }

    /// A short item of a list: a dash, the text indented under it.
    fn bullet(&mut self, text: &str) {
        let base = self.theme.base;
        for (i, l) in wrap(text, self.width.saturating_sub(2).max(1))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { "- " } else { "  " };
            self.line(vec![Span::raw(lead), Span::styled(l, base)], base);
        }
    }

    /// The steps on one page, joined by a line down the left: number and
    /// title, where, what to do; the finish-by date closes the line.
    fn timeline(&mut self, app: &App, r: &flow::Resolved) {
        let (strong, dim, base) = (self.theme.strong, self.theme.dim, self.theme.base);
        let rail = |s: &mut Body, text: &str, style: Style| {
            for l in wrap(text, s.width.saturating_sub(3).max(1)) {
                s.line(vec![Span::styled(" │ ", dim), Span::styled(l, style)], base);
            }
        };
        for (i, st) in r.steps.iter().enumerate() {
            let n = fill(app.ui("steps.number"), &[("n", (i + 1).to_string())]);
            let lead = format!("{n} ");
            let w = self.width.saturating_sub(width(&lead)).max(1);
            for (j, l) in wrap(&st.title, w).into_iter().enumerate() {
                let head = if j == 0 {
                    lead.clone()
                } else {
                    " ".repeat(width(&lead))
                };
                self.line(
                    vec![Span::styled(head, strong), Span::styled(l, strong)],
                    base,
                );
            }
            rail(
                self,
                &fill(app.ui("step.place"), &[("place", st.place.label.clone())]),
                dim,
            );
            // On the step itself: this hall can do it, and where.
            for line in step_extras(app, r, st) {
                rail(self, &line, strong);
            }
            rail(self, &st.body, base);
            rail(self, "", base);
        }
        if let Some(f) = &r.finish_by {
            self.line(
                vec![
                    Span::styled(" └ ", dim),
                    Span::styled(f.short.clone(), strong),
                ],
                base,
            );
        }
    }

    fn line(&mut self, spans: Vec<Span<'static>>, style: Style) {
        self.rows.push(Row {
            spans,
            style,
            target: None,
            cells: Vec::new(),
        });
    }

    fn blank(&mut self) {
        self.line(Vec::new(), self.theme.base);
    }

    fn text(&mut self, text: &str, style: Style, indent: usize) {
        for l in wrap(text, self.width.saturating_sub(indent).max(1)) {
            self.line(
                vec![Span::raw(" ".repeat(indent)), Span::styled(l, style)],
                self.theme.base,
            );
        }
    }

    fn heading(&mut self, text: &str) {
        let st = self.theme.heading;
        self.text(text, st, 0);
        self.blank();
    }

    /// A labelled value: the label on its own line in bold, the value below.
    fn field(&mut self, label: &str, value: &str) {
        let st = self.theme.strong;
        self.text(label, st, 0);
        let base = self.theme.base;
        self.text(value, base, 2);
        self.blank();
    }

    /// A selectable row: number, label, optional help below. In kiosk mode
    /// it is three rows tall with space after it, for fingers.
    fn choice(&mut self, index: usize, marker: &str, label: &str, help: Option<&str>, msg: Msg) {
        let selected = Some(index) == self.focus;
        let style = if selected {
            self.theme.selected
        } else if self.kiosk {
            self.theme.option
        } else {
            self.theme.base
        };
        let pointer = match (selected, self.mark_chosen) {
            (true, true) => CHOSEN_MARK,
            (false, true) => UNCHOSEN_MARK,
            (true, false) => "> ",
            (false, false) => "  ",
        };
        let head = format!("{pointer}{marker}");
        let indent = width(&head);
        let target = Some((index, msg));
        if self.kiosk {
            self.rows.push(Row {
                spans: Vec::new(),
                style,
                target: target.clone(),
                cells: Vec::new(),
            });
        }
        for (i, l) in wrap(label, self.width.saturating_sub(indent + 1).max(1))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                head.clone()
            } else {
                " ".repeat(indent)
            };
            self.rows.push(Row {
                spans: vec![Span::raw(lead), Span::raw(l).style(self.theme.strong)],
                style,
                target: target.clone(),
                cells: Vec::new(),
            });
        }
        if let Some(h) = help {
            for l in wrap(h, self.width.saturating_sub(indent + 1).max(1)) {
                self.rows.push(Row {
                    spans: vec![Span::raw(" ".repeat(indent)), Span::raw(l)],
                    style,
                    target: target.clone(),
                    cells: Vec::new(),
                });
            }
        }
        if self.kiosk {
            self.rows.push(Row {
                spans: Vec::new(),
                style,
                target,
                cells: Vec::new(),
            });
        }
        self.blank();
    }

    /// The screen's rows (see `screens`), each as a `choice` whose click
    /// applies its action.
    fn rows(&mut self, app: &App) {
        for (i, r) in super::screens::rows(app).into_iter().enumerate() {
            self.choice(
                i,
                &r.marker,
                &r.label,
                r.help.as_deref(),
                Msg::Tap(r.action),
            );
        }
    }

    /// Where the row with this index starts and ends.
    fn span_of(&self, index: usize) -> Option<(usize, usize)> {
        let has = |r: &Row| {
            r.target.as_ref().is_some_and(|t| t.0 == index)
                || r.cells.iter().any(|c| c.index == index)
        };
        let first = self.rows.iter().position(has)?;
        let last = self.rows.iter().rposition(has)?;
        Some((first, last))
    }

    /// A question with many short options as a grid of cells: the letters
    /// typed (pinyin initials) narrow it; the options that cannot be typed
    /// take a full row each below it. `room` is the height the body may
    /// take: with room to spare the rows are spaced out.
    fn grid(&mut self, app: &App, q: &crate::content::Question, room: usize) {
        let lang = app.lang;
        let choices = flow::choices(&app.content, q, &app.answers);
        let rows = super::screens::rows(app);
        let l = app.grid_layout(self.width as u16);
        // Cells as tall as the room allows, with a line between rows: on
        // a touch screen three lines to a cell if they fit, else smaller
        // (and scrolling when even one line each does not fit).
        let tries: &[(usize, usize)] = if self.kiosk {
            &[(3, 1), (2, 1), (1, 1), (1, 0)]
        } else {
            &[(1, 1), (1, 0)]
        };
        let need = |(tall, gap): (usize, usize)| l.rows * tall + l.rows.saturating_sub(1) * gap;
        let (tall, gap) = tries
            .iter()
            .copied()
            // A line is kept for "more below" (the help text follows).
            .find(|t| need(*t) + self.rows.len() < room)
            .unwrap_or(tries[0]);
        for row in 0..l.rows {
            let cells: Vec<&crate::tui::grid::Cell> =
                l.cells.iter().filter(|c| c.row == row).collect();
            for line in 0..tall {
                let label_line = line == tall / 2;
                let cs = cells
                    .iter()
                    .map(|c| {
                        let selected = Some(c.option) == self.focus;
                        let mark = match (selected, self.mark_chosen) {
                            (true, true) => "✓ ",
                            (true, false) => "> ",
                            (false, _) => "  ",
                        };
                        let label = choices.get(c.option).map_or("", |o| o.label.get(lang));
                        let text = if label_line {
                            let t = format!(" {mark}{label}");
                            wrap(&t, usize::from(c.w).max(1))
                                .into_iter()
                                .next()
                                .unwrap_or_default()
                        } else {
                            String::new()
                        };
                        GridCell {
                            x: c.x,
                            w: c.w,
                            text,
                            index: c.option,
                            msg: rows
                                .get(c.option)
                                .map_or(Msg::Activity, |r| Msg::Tap(r.action.clone())),
                            boxed: gap > 0,
                        }
                    })
                    .collect();
                self.rows.push(Row {
                    spans: Vec::new(),
                    style: self.theme.base,
                    target: None,
                    cells: cs,
                });
            }
            if gap > 0 && row + 1 < l.rows {
                self.blank();
            }
        }
        self.blank();
    }
}

/// What a kiosk adds to a step: "您就在大厅：请到3号窗口" when the step is
/// done at the place of its hall, and a number to call on a step that
/// says to call first (the hall's, the province's where a checked fact
/// gives one, else 12393 with 以当地为准).
fn step_extras(app: &App, r: &flow::Resolved, st: &flow::StepShown) -> Vec<String> {
    let mut out = Vec::new();
    let Some(step) = app.content.steps.get(&st.id) else {
        return out;
    };
    let here = app.at_hall(&st.place.id);
    if let (true, Some(hall), Some(kind)) = (here, &app.hall, &step.window) {
        out.push(match hall.windows.get(kind) {
            Some(w) => fill(app.ui("hall.at_window"), &[("window", w.to_owned())]),
            None => app.ui("hall.at_hall").to_owned(),
        });
    }
    if step.call {
        let hall_phone = app
            .hall
            .as_ref()
            .filter(|_| here)
            .and_then(|h| h.phone.clone());
        // The province of the office called: the new place's for a step
        // there, the old place's for one there.
        let province = match st.place.id.as_str() {
            "transfer-out" | "home" => "from_province",
            _ => "to_province",
        };
        let fact_phone = app.answers.get(province).and_then(|p| {
            app.content
                .facts
                .iter()
                .filter(|f| &f.province == p && r.regional.iter().any(|x| x.id == f.id))
                .find_map(|f| f.phone.as_ref())
                .map(|ph| (p.clone(), ph.get(app.lang).to_owned()))
        });
        out.push(match (hall_phone, fact_phone) {
            (Some(phone), _) => app.hall_text("hall.call_hall").replace("{phone}", &phone),
            (None, Some((_, phone))) => fill(app.ui("hall.call_province"), &[("phone", phone)]),
            (None, None) => app.ui("hall.call_default").to_owned(),
        });
    }
    out
}

/// Fills `{name}` placeholders in a UI string.
fn fill(s: &str, pairs: &[(&str, String)]) -> String {
    let mut out = s.to_owned();
    for (k, v) in pairs {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// A box: its title, its text and its buttons (label, what a tap sends).
type Dialog<'a> = (&'a str, String, Vec<(&'a str, Msg)>);

/// Draws the whole screen; returns the clickable areas and scroll state.
pub fn draw(frame: &mut Frame, app: &App, now: std::time::Duration) -> Drawn {
    let theme = if app.no_color {
        Theme::no_color()
    } else if app.high_contrast {
        Theme::high_contrast()
    } else {
        Theme::default_theme()
    };
    let area = frame.area();
    // Every cell of a new frame has the plain style already: only a theme
    // with colours of its own sets it (12,000 cells at 200x60).
    if theme.base != Style::new() {
        frame.buffer_mut().set_style(area, theme.base);
    }
    // The real cursor is shown on every frame: at the top left unless the
    // body or a box puts it on what has the focus.
    frame.set_cursor_position(Position::new(area.x, area.y));
    let mut drawn = Drawn::default();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, app, area, &theme);
        drawn.too_small = true;
        return drawn;
    }
    if app.screen == Screen::Attract {
        attract(frame, app, area, &theme, &mut drawn);
        return drawn;
    }

    // Header.
    let header = Rect { height: 1, ..area };
    frame.buffer_mut().set_style(header, theme.header);
    let mut head = format!(" {}", app.content.meta.title.get(app.lang));
    if let Some((n, total, key)) = app.progress() {
        head.push_str("  |  ");
        head.push_str(&fill(
            app.ui(key),
            &[("n", n.to_string()), ("total", total.to_string())],
        ));
    }
    frame.render_widget(Line::from(head).style(theme.header), header);

    if matches!(app.screen, Screen::Page(_)) {
        section_strip(
            frame,
            app,
            Rect {
                y: area.y + 1,
                height: 1,
                ..area
            },
            &theme,
            &mut drawn,
        );
    }

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
    let room = usize::from(
        area.height
            .saturating_sub(layout_slots(app, area.width).1 + 3),
    );
    let mut body = body(app, usize::from(cols.width), &theme, wide, room);
    let pinned: Vec<Row> = body
        .rows
        .drain(..body.pinned.min(body.rows.len()))
        .collect();
    let kiosk = app.kiosk.is_some();
    let (placed, footer_h) = layout_slots(app, area.width);
    body_area.height = area
        .height
        .saturating_sub(footer_h + 3)
        .saturating_sub(pinned.len() as u16);
    let (scroll0, max0, _) = scroll_of(app, &body, body_area.height as usize, cols.n);
    let more = scroll0 < max0;
    let footer_y = area.bottom() - footer_h;
    for (rect, slot) in placed {
        let r = Rect {
            x: rect.x + area.x,
            y: rect.y + footer_y,
            ..rect
        };
        let b = button(app, slot, more);
        let style = if b.enabled {
            theme.button
        } else {
            theme.button_off
        };
        draw_button(frame, r, button_text(&b.label, kiosk), style);
        if b.enabled {
            drawn.hits.push((r, b.msg));
        }
    }
    if wide {
        let side = Rect {
            x: body_area.right() + 2,
            width: SIDE_WIDTH,
            y: body_area.y,
            height: body_area.height + pinned.len() as u16,
        };
        side_panel(frame, app, side, &theme, &mut drawn);
    }
    // The question stays in view while its options scroll.
    for (i, row) in pinned.iter().enumerate() {
        let r = Rect {
            y: body_area.y + i as u16,
            height: 1,
            width: cols.width,
            ..body_area
        };
        frame.render_widget(Line::from(row.spans.clone()).style(row.style), r);
    }
    body_area.y += pinned.len() as u16;
    if app.grid() {
        drawn.grid_width = cols.width;
    }
    render_body(frame, app, body, body_area, cols, &theme, &mut drawn);

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
    if app.overlay == Some(Overlay::Qr) {
        let qr = qr_screen(frame, app, area, &theme);
        frame.set_cursor_position(qr.focus.unwrap_or(Position::new(area.x, area.y)));
        drawn.hits = qr.hits;
        drawn.focus = qr.focus;
        drawn.qr_parts = qr.qr_parts;
    }
    if let Some((title, text, choices)) = pop {
        // Room for a row of buttons and a line below them.
        let button_rows = match (choices.is_empty(), kiosk) {
            (true, _) => 0,
            (false, false) => 2,
            (false, true) => 4,
        };
        let r = popup(frame, area, &theme, title, &text, theme.base, button_rows);
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
    if let Some(secs) = app.countdown(now) {
        countdown_banner(frame, app, area, &theme, secs);
        // The whole screen is one big "continue" target.
        drawn.hits = vec![(area, Msg::Activity)];
    }
    drawn
}

/// Resets every cell of `r`, and the wide character just left of it whose
/// right half `r` covers: otherwise the terminal draws that character over
/// the box's left border.
fn clear_cells(frame: &mut Frame, r: Rect) {
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
fn countdown_banner(frame: &mut Frame, app: &App, area: Rect, theme: &Theme, secs: u64) {
    let text = fill(app.ui("kiosk.countdown"), &[("n", secs.to_string())]);
    let mut lines = vec![
        Line::default(),
        Line::from(app.ui("kiosk.countdown_heading").to_owned()),
    ];
    lines.extend(
        wrap(&text, usize::from(area.width.saturating_sub(4)))
            .into_iter()
            .map(Line::from),
    );
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

/// The checklist as a QR code filling the window, with what it holds
/// beside it (or below it on a narrow window). On a laptop one code holds as
/// much as fits; a kiosk never leaves anything out: the whole checklist in
/// numbered codes, with buttons to move between them. Returns the hits.
fn qr_screen(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) -> Drawn {
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
    let beside =
        usize::from(area.width.saturating_sub(side_text + 2)).min(usize::from(area.height) * 2);
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
                let code_area = Rect {
                    x: area.x,
                    y: area.y + area.height.saturating_sub(rows) / 2,
                    width: size,
                    height: rows,
                };
                draw_code(frame, code, centred(code_area));
                Rect {
                    x: code_area.right() + 2,
                    y: code_area.y + 1,
                    width: area.right().saturating_sub(code_area.right() + 2),
                    height: area.bottom().saturating_sub(code_area.y + 1),
                }
            } else {
                let code_area = Rect {
                    x: area.x + area.width.saturating_sub(size) / 2,
                    y: area.y,
                    width: size,
                    height: rows,
                };
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

/// Draws a QR code in half blocks, black on white whatever the theme, so
/// that it reads like print. Cells outside `area` are left out.
fn draw_code(frame: &mut Frame, code: &export::qr::Code, area: Rect) {
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

/// A button: its whole area in the button style, the label centred.
fn draw_button(frame: &mut Frame, r: Rect, label: String, style: Style) {
    frame.buffer_mut().set_style(r, style);
    let mid = Rect {
        y: r.y + r.height / 2,
        height: 1,
        ..r
    };
    frame.render_widget(
        Line::from(label).style(style).alignment(Alignment::Center),
        mid,
    );
}

/// The result pages by name, the current one in brackets: a click jumps
/// there. On the right, how many materials are ready, on every page.
fn section_strip(frame: &mut Frame, app: &App, area: Rect, theme: &Theme, drawn: &mut Drawn) {
    let Screen::Page(current) = app.screen else {
        return;
    };
    let mut x = area.x + 1;
    for (i, p) in app.pages().into_iter().enumerate() {
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
                theme.selected.add_modifier(Modifier::BOLD),
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
        frame.render_widget(Line::from(text).style(style), r);
        drawn.hits.push((r, Msg::Section(i)));
        x += w + 1;
    }
    if let Some(r) = app.route()
        && !r.materials.is_empty()
    {
        let done = r
            .materials
            .iter()
            .filter(|m| app.ticked.contains(&m.id))
            .count();
        let count = fill(
            app.ui("materials.count"),
            &[
                ("n", done.to_string()),
                ("total", r.materials.len().to_string()),
            ],
        );
        let w = width_u16(&count);
        if x + w + 1 < area.right() {
            let r = Rect {
                x: area.right() - w - 1,
                width: w,
                ..area
            };
            frame.render_widget(Line::from(count).style(theme.strong), r);
        }
    }
}

/// How the body is set: one column or two side by side, each no wider
/// than reads well (about 40 Chinese characters).
#[derive(Debug, Clone, Copy)]
struct Columns {
    n: usize,
    width: u16,
}

const TEXT_MAX: u16 = 80;
const COLUMN_MIN: u16 = 60;
const COLUMN_GAP: u16 = 4;

fn columns(app: &App, w: u16) -> Columns {
    if app.grid() {
        // A grid uses the whole width: more columns, not longer lines.
        return Columns { n: 1, width: w };
    }
    if matches!(app.screen, Screen::Page(_)) && w >= 2 * COLUMN_MIN + COLUMN_GAP {
        Columns {
            n: 2,
            width: ((w - COLUMN_GAP) / 2).min(TEXT_MAX),
        }
    } else {
        Columns {
            n: 1,
            width: w.min(TEXT_MAX),
        }
    }
}

/// Where the body starts for the current cursor and scroll, how far it can
/// scroll, and how many rows show in each column (one is kept for the
/// "more" line). With two columns the text runs on from the bottom of the
/// first to the top of the second.
fn scroll_of(app: &App, body: &Body, h: usize, cols: usize) -> (usize, usize, usize) {
    let total = body.rows.len();
    let overflow = total > h * cols;
    let view_h = if overflow { h.saturating_sub(1) } else { h };
    let shown = view_h * cols;
    let max_scroll = total.saturating_sub(shown);
    let mut scroll = (app.scroll as usize).min(max_scroll);
    if app.follow_cursor
        && let Some((a, b)) = app.focus().and_then(|f| body.span_of(f))
    {
        if a < scroll {
            scroll = a;
        } else if b >= scroll + shown {
            scroll = (b + 1).saturating_sub(shown).min(a);
        }
    }
    (scroll.min(max_scroll), max_scroll, view_h)
}

fn help_text(app: &App) -> String {
    let mut s = app.ui("help.body").to_owned();
    if app.kiosk.is_some() {
        s = app.ui("help.kiosk").to_owned();
    }
    s
}

fn render_body(
    frame: &mut Frame,
    app: &App,
    body: Body,
    area: Rect,
    cols: Columns,
    theme: &Theme,
    drawn: &mut Drawn,
) {
    let (scroll, max_scroll, view_h) = scroll_of(app, &body, area.height as usize, cols.n);
    let overflow = max_scroll > 0;
    let shown = view_h * cols.n;
    let place = |i: usize| {
        let (col, line) = (i / view_h.max(1), i % view_h.max(1));
        Rect {
            x: area.x + col as u16 * (cols.width + COLUMN_GAP),
            y: area.y + line as u16,
            width: cols.width,
            height: 1,
        }
    };
    let focus = app.focus();
    if let Some((a, b)) = focus.and_then(|f| body.span_of(f)) {
        drawn.cursor_visible = a >= scroll && b < scroll + shown;
        if drawn.cursor_visible {
            let r = place(a - scroll);
            // In a grid, at the cell, after its leading space.
            let x = body.rows[a]
                .cells
                .iter()
                .find(|c| Some(c.index) == focus)
                .map_or(0, |c| c.x + 1);
            drawn.focus = Some(ratatui::layout::Position { x: r.x + x, y: r.y });
        }
    }
    drawn.scroll = scroll as u16;
    drawn.max_scroll = max_scroll as u16;
    drawn.body_height = shown as u16;
    for (i, row) in body.rows.iter().skip(scroll).take(shown).enumerate() {
        let r = place(i);
        let selected = matches!(row.target, Some((idx, _)) if Some(idx) == focus);
        let style = if selected { theme.selected } else { row.style };
        frame.buffer_mut().set_style(r, style);
        // A selected row is one style throughout: bold black turns grey in
        // many terminals.
        let spans: Vec<Span> = if selected {
            row.spans
                .iter()
                .map(|s| Span::raw(s.content.clone()))
                .collect()
        } else {
            row.spans.clone()
        };
        frame.render_widget(Line::from(spans).style(style), r);
        for c in &row.cells {
            let cr = Rect {
                x: r.x + c.x,
                width: c.w.min(r.width.saturating_sub(c.x)),
                ..r
            };
            let style = if Some(c.index) == focus {
                theme.selected
            } else if c.boxed {
                theme.option
            } else {
                theme.base
            };
            frame.buffer_mut().set_style(cr, style);
            frame.render_widget(Line::from(c.text.clone()).style(style), cr);
            match drawn
                .hits
                .iter_mut()
                .rev()
                .find(|(h, m)| *m == c.msg && h.x == cr.x && h.bottom() == cr.y)
            {
                Some((h, _)) => h.height += 1,
                None => drawn.hits.push((cr, c.msg.clone())),
            }
        }
        if let Some((_, msg)) = &row.target {
            match drawn.hits.last_mut() {
                Some((last, m)) if m == msg && last.bottom() == r.y && last.x == r.x => {
                    last.height += 1
                }
                _ => drawn.hits.push((r, msg.clone())),
            }
        }
    }
    // The real cursor goes to the focused option (else the top of the
    // text), so that braille displays and screen magnifiers follow it:
    // after the "> " pointer, at the number or the label.
    let cursor = drawn.focus.map_or(Position::new(area.x, area.y), |p| {
        Position::new(p.x + 2, p.y)
    });
    frame.set_cursor_position(cursor);
    if overflow {
        let r = Rect {
            y: area.y + view_h as u16,
            height: 1,
            width: (cols.width + COLUMN_GAP) * cols.n as u16 - COLUMN_GAP,
            ..area
        };
        let key = match (scroll < max_scroll, app.kiosk.is_some()) {
            (true, false) if app.rows() > 0 && app.enter_picks_row() => "scroll.more_rows",
            (true, false) => "scroll.more",
            (true, true) => "scroll.more_touch",
            (false, _) => "scroll.end",
        };
        frame.render_widget(
            Line::from(app.ui(key).to_owned())
                .style(theme.strong)
                .alignment(Alignment::Right),
            r,
        );
    }
}

/// Both languages: the person may not be able to switch on a screen this
/// small.
fn too_small(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
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
}

fn attract(frame: &mut Frame, app: &App, area: Rect, theme: &Theme, drawn: &mut Drawn) {
    frame.buffer_mut().set_style(area, theme.header);
    let w = area.width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for text in [
        app.content.meta.title.zh.as_str(),
        app.content.meta.title.en.as_str(),
    ] {
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

/// A centred box with a title and text; room is left at the bottom for
/// buttons when asked. Returns the box.
fn popup(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    text: &str,
    style: Style,
    button_rows: u16,
) -> Rect {
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
    frame.set_cursor_position(Position::new(inner.x, inner.y));
    r
}

/// The footer's buttons. Every screen has the same slots in the same
/// places, so a tap where 返回 was is 返回 on the next screen too; a slot
/// that cannot act on this screen is drawn dimmed and does nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Start, choose, next page, or read on (what Enter does here).
    Go,
    /// Read on where Enter picks a row.
    More,
    Back,
    /// From a result page to the review of the answers.
    Review,
    Home,
    Lang,
    /// Read the page aloud: only when a speech command is configured.
    Speak,
    /// Laptop: save the checklist (result pages).
    Save,
    Help,
    Quit,
}

/// One button as drawn: label, what a tap sends, whether it can act.
struct Button {
    label: String,
    msg: Msg,
    enabled: bool,
}

/// The slots, in order: they depend on the kind of terminal (kiosk or
/// not, speech or not), never on the screen.
fn slots(app: &App) -> Vec<Slot> {
    let mut s = vec![
        Slot::Go,
        Slot::More,
        Slot::Back,
        Slot::Review,
        Slot::Home,
        Slot::Lang,
    ];
    if app.speech.available(app.lang) {
        s.push(Slot::Speak);
    }
    if app.kiosk.is_none() {
        s.extend([Slot::Save, Slot::Help, Slot::Quit]);
    }
    s
}

/// Every label a slot can show (laptop key, kiosk key), so that its width
/// is the same on every screen.
fn slot_labels(slot: Slot) -> &'static [(&'static str, &'static str)] {
    match slot {
        Slot::Go => &[
            ("button.start", "touch.start"),
            ("button.select", "touch.select"),
            ("button.next", "touch.next"),
            ("button.more", "touch.more"),
            ("button.next_page", "touch.next"),
        ],
        Slot::More => &[("button.scroll", "touch.more")],
        Slot::Back => &[("button.back", "touch.back")],
        Slot::Review => &[("button.review", "touch.review")],
        Slot::Home => &[("button.home", "touch.home")],
        // On a grid letters are typed: the keys named are F-keys there.
        Slot::Lang => &[
            ("button.lang", "touch.lang"),
            ("button.lang_grid", "touch.lang"),
        ],
        Slot::Speak => &[
            ("button.speak", "touch.speak"),
            ("button.speak_grid", "touch.speak"),
        ],
        Slot::Save => &[("button.save", "button.save")],
        Slot::Help => &[("button.help", "button.help")],
        Slot::Quit => &[
            ("button.quit", "button.quit"),
            ("button.quit_grid", "button.quit_grid"),
        ],
    }
}

/// What a slot shows and does on the current screen.
fn button(app: &App, slot: Slot, more: bool) -> Button {
    let pick = |i: usize| {
        let (k, t) = slot_labels(slot)[i];
        app.ui_touch(k, t).to_owned()
    };
    let page = matches!(app.screen, Screen::Page(_));
    let (label, msg, enabled) = match slot {
        Slot::Go => match &app.screen {
            Screen::Welcome | Screen::Attract => (pick(0), Msg::Enter, true),
            Screen::Question(_) | Screen::Review | Screen::Hall => (pick(1), Msg::Enter, true),
            Screen::Page(Page::Final) => (pick(2), Msg::Enter, false),
            // Where Enter opens a row, the button still goes on.
            Screen::Page(_) if app.enter_picks_row() => (pick(4), Msg::NextPage, true),
            Screen::Page(_) if more => (pick(3), Msg::Enter, true),
            Screen::Page(_) => (pick(2), Msg::Enter, true),
        },
        // Where Enter acts on the selected row, reading on is its own button.
        Slot::More => (
            pick(0),
            Msg::PageDown,
            more && app.rows() > 0 && app.enter_picks_row(),
        ),
        Slot::Back => (
            pick(0),
            Msg::Back,
            app.screen != Screen::Welcome && !app.history.is_empty(),
        ),
        Slot::Review => (pick(0), Msg::Review, page),
        Slot::Home => (
            pick(0),
            Msg::Home,
            app.screen != Screen::Welcome || !app.answers.is_empty(),
        ),
        Slot::Lang => (pick(usize::from(app.grid())), Msg::Lang, true),
        Slot::Speak => (pick(usize::from(app.grid())), Msg::Speak, true),
        Slot::Save => (pick(0), Msg::Save, app.can_save()),
        Slot::Help => (pick(0), Msg::Help, true),
        Slot::Quit => (pick(usize::from(app.grid())), Msg::Quit, true),
    };
    Button {
        label,
        msg,
        enabled,
    }
}

/// The text of a button: in brackets with its key on a laptop, the bare
/// word on a touch screen.
fn button_text(label: &str, kiosk: bool) -> String {
    if kiosk {
        label.to_owned()
    } else {
        format!("[{label}]")
    }
}

/// Places the slots left to right, wrapping to new lines; each slot is as
/// wide as its widest label, so the places depend only on the window width
/// and the language. Returns the rectangles relative to the footer, and the
/// footer height.
fn layout_slots(app: &App, width: u16) -> (Vec<(Rect, Slot)>, u16) {
    let kiosk = app.kiosk.is_some();
    let row_h: u16 = if kiosk { 3 } else { 1 };
    let gap: u16 = if kiosk { 2 } else { 1 };
    // Touch targets: a column of space each side, and at least 8 wide.
    let (pad, min_w): (u16, u16) = if kiosk { (1, 8) } else { (0, 0) };
    let mut out = Vec::new();
    let (mut x, mut y) = (1u16, 0u16);
    for slot in slots(app) {
        let text_w = slot_labels(slot)
            .iter()
            .map(|(k, t)| width_u16(&button_text(app.ui_touch(k, t), kiosk)))
            .max()
            .unwrap_or(0);
        let w = (text_w + 2 * pad).max(min_w).min(width.saturating_sub(2));
        if x > 1 && x + w > width.saturating_sub(1) {
            x = 1;
            y += row_h + u16::from(kiosk);
        }
        out.push((
            Rect {
                x,
                y,
                width: w,
                height: row_h,
            },
            slot,
        ));
        x += w + gap;
    }
    (out, y + row_h)
}

fn width_u16(s: &str) -> u16 {
    u16::try_from(width(s)).unwrap_or(u16::MAX)
}

/// Help for the question, and the answers so far: a click on an answer
/// opens its question to change it.
fn side_panel(frame: &mut Frame, app: &App, area: Rect, theme: &Theme, drawn: &mut Drawn) {
    let block = Block::new()
        .borders(Borders::LEFT)
        .border_style(theme.dim)
        .style(theme.base);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let inner = Rect {
        x: inner.x + 2,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let w = inner.width as usize;
    let mut lines: Vec<(Line, Option<Msg>)> = Vec::new();
    let mut push = |text: &str, style: Style, indent: usize, msg: Option<Msg>| {
        for l in wrap(text, w.saturating_sub(indent).max(1)) {
            lines.push((
                Line::from(format!("{}{l}", " ".repeat(indent))).style(style),
                msg.clone(),
            ));
        }
    };
    if let Screen::Question(q) = &app.screen
        && let Some(q) = app.content.question(q)
    {
        push(app.ui("question.help_heading"), theme.heading, 0, None);
        push(q.help.get(app.lang), theme.base, 0, None);
        push("", theme.base, 0, None);
    }
    push(app.ui("heading.answers"), theme.heading, 0, None);
    let path = flow::path(&app.content, &app.answers);
    let mut any = false;
    for (i, q) in path.into_iter().enumerate() {
        if let Some(o) = app.answers.get(&q.id).and_then(|a| q.option(a)) {
            let edit = Some(Msg::Tap(Action::Edit(q.id.clone())));
            push(
                &format!("{}. {}", i + 1, q.title.get(app.lang)),
                theme.dim,
                0,
                edit.clone(),
            );
            push(o.label.get(app.lang), theme.strong, 3, edit);
            any = true;
        }
    }
    if !any {
        push(app.ui("side.no_answers"), theme.dim, 0, None);
    } else {
        push("", theme.base, 0, None);
        push(
            app.ui_touch("side.edit_hint", "side.edit_hint_touch"),
            theme.dim,
            0,
            None,
        );
    }
    for (i, (line, msg)) in lines.into_iter().take(inner.height as usize).enumerate() {
        let r = Rect {
            y: inner.y + i as u16,
            height: 1,
            ..inner
        };
        frame.render_widget(line, r);
        if let Some(m) = msg {
            match drawn.hits.last_mut() {
                Some((last, x)) if *x == m && last.bottom() == r.y => last.height += 1,
                _ => drawn.hits.push((r, m)),
            }
        }
    }
}

fn body(app: &App, w: usize, theme: &Theme, wide: bool, room: usize) -> Body {
    let mut b = Body::new(w, *theme, app);
    let lang = app.lang;
    let c = &app.content;
    if let Some((key, n)) = &app.notice {
        let t = fill(app.ui(key), &[("n", n.clone())]);
        b.text(&t, theme.strong, 0);
        b.blank();
    }
    match &app.screen {
        Screen::Attract => {}
        Screen::Welcome => {
            b.heading(app.ui("welcome.heading"));
            b.text(app.ui("welcome.intro"), theme.base, 0);
            b.blank();
            b.text(
                app.ui_touch("welcome.how", "welcome.how_kiosk"),
                theme.base,
                0,
            );
            b.blank();
            b.rows(app);
            b.text(c.meta.disclaimer.get(lang), theme.dim, 0);
            b.blank();
            let v = fill(
                app.ui("welcome.version"),
                &[
                    ("version", c.meta.version.clone()),
                    ("updated", c.meta.updated.clone()),
                ],
            );
            b.text(&v, theme.dim, 0);
        }
        Screen::Hall => {
            let (heading, _, help) = app.hall_texts();
            b.heading(&heading);
            b.pinned = b.rows.len();
            b.rows(app);
            b.text(&help, theme.dim, 0);
        }
        Screen::Question(q) if app.grid() => {
            let Some(q) = c.question(q) else { return b };
            b.heading(q.title.get(lang));
            // What to do, or the letters typed so far, stays with the title.
            if app.filter.is_empty() {
                let hint = app.ui_touch("grid.hint", "grid.hint_touch").to_owned();
                b.text(&hint, theme.dim, 0);
                if app.kiosk.is_none() {
                    b.text(app.ui("grid.keys"), theme.dim, 0);
                }
            } else {
                let typed = fill(app.ui("grid.typed"), &[("letters", app.filter.clone())]);
                b.text(&typed, theme.strong, 0);
            }
            if app.hall_preset_shown() {
                b.text(&app.hall_text("hall.preset"), theme.strong, 0);
            }
            b.blank();
            b.pinned = b.rows.len();
            b.grid(app, q, room);
            if !wide {
                b.text(app.ui("question.help_heading"), theme.strong, 0);
                b.text(q.help.get(lang), theme.base, 2);
            }
        }
        Screen::Question(q) => {
            let Some(q) = c.question(q) else { return b };
            b.heading(q.title.get(lang));
            b.pinned = b.rows.len();
            b.rows(app);
            if !wide {
                b.text(app.ui("question.help_heading"), theme.strong, 0);
                b.text(q.help.get(lang), theme.base, 2);
            }
        }
        Screen::Review => {
            b.heading(app.ui("review.heading"));
            b.text(app.ui("review.hint"), theme.dim, 0);
            b.blank();
            b.rows(app);
        }
        Screen::Page(p) => {
            let Some(r) = app.route() else { return b };
            match p {
                Page::Overview => {
                    b.heading(app.ui("heading.overview"));
                    b.text(&r.title, theme.strong, 0);
                    b.blank();
                    b.text(&r.summary, theme.base, 0);
                    b.blank();
                    let regional = crate::export::regional_lines(&r);
                    if !regional.is_empty() {
                        b.text(app.ui("heading.regional"), theme.heading, 0);
                        b.blank();
                        for (line, cite) in &regional {
                            b.bullet(line);
                            if let Some(c) = cite {
                                b.text(c, theme.dim, 2);
                            }
                        }
                        b.blank();
                    }
                    b.field(app.ui("label.place"), &r.place.label);
                    b.field(app.ui("label.time_limit"), &r.time_limit);
                    if let Some(f) = &r.finish_by {
                        b.text(&f.sentence.clone(), theme.base, 2);
                        b.blank();
                    }
                    b.field(app.ui("label.fee"), &r.fee);
                    b.field(app.ui("label.personal_account"), &r.personal_account);
                    b.field(app.ui("label.waiting_period"), &r.waiting_period);
                    if !r.checks.is_empty() {
                        b.text(app.ui("heading.checks"), theme.heading, 0);
                        b.blank();
                        for t in &r.checks {
                            b.bullet(t);
                        }
                    }
                }
                Page::Steps => {
                    b.heading(app.ui("heading.steps"));
                    b.timeline(app, &r);
                }
                Page::Materials => {
                    b.heading(app.ui("heading.materials"));
                    b.text(
                        app.ui_touch("materials.hint", "materials.hint_touch"),
                        theme.dim,
                        0,
                    );
                    b.blank();
                    b.rows(app);
                }
                Page::Notes => {
                    b.heading(app.ui("heading.notes"));
                    b.text(app.ui_touch("notes.hint", "notes.hint_touch"), theme.dim, 0);
                    b.blank();
                    b.rows(app);
                    b.text(app.ui("heading.sources"), theme.heading, 0);
                    b.blank();
                    for s in &r.sources {
                        b.text(
                            &fill(
                                app.ui("source.item"),
                                &[
                                    ("title", s.title.clone()),
                                    ("confidence", s.confidence.label.clone()),
                                ],
                            ),
                            theme.base,
                            2,
                        );
                    }
                    b.blank();
                    let v = fill(
                        app.ui("welcome.version"),
                        &[
                            ("version", r.content_version.clone()),
                            ("updated", r.updated.clone()),
                        ],
                    );
                    b.text(&v, theme.dim, 0);
                    b.text(c.meta.disclaimer.get(lang), theme.dim, 0);
                }
                Page::Final => {
                    // One screen to take away: where, when, what is still missing.
                    b.heading(app.ui("heading.final"));
                    b.text(&r.title, theme.strong, 0);
                    b.blank();
                    if let Some(f) = &r.finish_by {
                        b.text(&f.sentence.clone(), theme.base, 0);
                        b.blank();
                    }
                    b.rows(app);
                    b.field(app.ui("label.place"), &r.place.label);
                    let missing = app.missing(&r);
                    if !r.materials.is_empty() {
                        if missing.is_empty() {
                            b.text(app.ui("final.all_ticked"), theme.strong, 0);
                        } else {
                            b.text(app.ui("final.missing"), theme.strong, 0);
                            for m in missing {
                                b.text(&format!("[ ] {m}"), theme.base, 2);
                            }
                        }
                        b.blank();
                    }
                    b.text(app.ui("final.body"), theme.base, 0);
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
