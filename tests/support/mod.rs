//! Shared by the test files and the benchmark (`mod support;`, or
//! `#[path = "../tests/support/mod.rs"]` from `benches/`): the mini content
//! folders and the binary (`fixtures`, re-exported here), a frame as text,
//! events, and walking the wizard to a screen by answers (question id ->
//! option id) or by outcome id.
//!
//! Nothing here counts key presses or knows how many questions there are:
//! a walk is found in the content with `flow::walks`, and a question the
//! caller does not care about gets the answer of the first path that gives
//! every answer the caller asked for. So a question added to `content/`, or
//! an outcome added or removed, needs no change to the tests.
#![allow(dead_code)]

#[path = "../fixtures/support.rs"]
mod fixtures;
pub use fixtures::*;

use std::collections::BTreeSet;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};
use ratatui::style::Color;
use unicode_width::UnicodeWidthStr;
use yibao_guide::content::{Content, Lang};
use yibao_guide::flow::{self, Answers, End, Next, Resolved, Walk};
use yibao_guide::load::load_embedded;
use yibao_guide::tui::app::{App, Effect, Msg, Page, Screen};
use yibao_guide::tui::{app_for, input, view};

/// The time every helper passes to `update` and `draw`.
pub const NOW: Duration = Duration::ZERO;

/// The built-in content, which must be valid.
pub fn built_in() -> Content {
    match load_embedded() {
        Ok(c) => c,
        Err(ds) => panic!("the built-in content is invalid:\n{}", show(&ds)),
    }
}

/// A wizard on the built-in content, in Chinese, on its welcome screen.
pub fn app() -> App {
    app_for(built_in(), Lang::Zh)
}

// ---- frames as text ----

/// The buffer as lines of text, trailing blanks dropped, a wide character
/// written once (its hidden second cell skipped).
pub fn buffer_lines(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut line = String::new();
            let mut skip = 0;
            for x in area.left()..area.right() {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let s = buf[(x, y)].symbol();
                skip = s.width().saturating_sub(1);
                line.push_str(s);
            }
            line.trim_end().to_owned()
        })
        .collect()
}

/// The buffer as text, one line per row (see [`buffer_lines`]).
pub fn buffer_text(buf: &Buffer) -> String {
    buffer_lines(buf).into_iter().map(|l| l + "\n").collect()
}

/// Draws a frame as the wizard's loop does: what was drawn (click targets,
/// scroll) goes back into the app.
pub fn frame(term: &mut Terminal<TestBackend>, app: &mut App, now: Duration) {
    let mut drawn = None;
    term.draw(|f| drawn = Some(view::draw(f, app, now)))
        .expect("drawing on a test backend");
    app.shown(drawn.expect("the view ran"));
}

/// One frame at `w` x `h` at time `now`, as a buffer.
pub fn draw_buffer(app: &mut App, w: u16, h: u16, now: Duration) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    frame(&mut term, app, now);
    term.backend().buffer().clone()
}

/// One frame at `w` x `h` at time `now`, as text.
pub fn draw_at(app: &mut App, w: u16, h: u16, now: Duration) -> String {
    buffer_text(&draw_buffer(app, w, h, now))
}

/// One frame at `w` x `h`, as text.
pub fn draw(app: &mut App, w: u16, h: u16) -> String {
    draw_at(app, w, h, NOW)
}

/// Text with every blank and line break taken out, to find a sentence that
/// the screen or a receipt wrapped.
pub fn flat(s: &str) -> String {
    s.split_whitespace().collect()
}

/// Draws the app and reads the QR code on screen back: each cell is two
/// modules, the upper and the lower half, light only where drawn white, so
/// the page around the code counts as dark (as a dark terminal background
/// does to a camera), and the window has a dark frame around it (the
/// screen's bezel): the code must bring its own light margin. Returns the
/// decoded text and the screen as text.
pub fn draw_and_decode(app: &mut App, w: u16, h: u16) -> (String, String) {
    let buf = draw_buffer(app, w, h, NOW);
    let text = buffer_text(&buf);
    const PX: usize = 4;
    const FRAME: usize = 3 * PX;
    let (iw, ih) = (usize::from(w) * PX, usize::from(h) * 2 * PX);
    let light = |x: usize, y: usize| {
        if x < FRAME || y < FRAME || x >= iw + FRAME || y >= ih + FRAME {
            return false;
        }
        let (x, y) = (x - FRAME, y - FRAME);
        let cell = &buf[((x / PX) as u16, (y / (2 * PX)) as u16)];
        let upper = (y / PX).is_multiple_of(2);
        let color = match (cell.symbol(), upper) {
            ("▀", true) | ("▄", false) => cell.fg,
            _ => cell.bg,
        };
        color == Color::White
    };
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(iw + 2 * FRAME, ih + 2 * FRAME, |x, y| {
            if light(x, y) { 255 } else { 0 }
        });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on screen at {w}x{h}:\n{text}");
    let (_, decoded) = grids[0].decode().expect("the code decodes");
    (decoded, text)
}

// ---- events ----

pub fn key(code: KeyCode) -> Event {
    key_mod(code, KeyModifiers::NONE)
}

pub fn key_mod(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

pub fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// A left click at a cell.
pub fn click(column: u16, row: u16) -> Event {
    mouse(MouseEventKind::Down(MouseButton::Left), column, row)
}

/// Feeds an event to the app as the loop does; returns the effects it
/// asked for (none when the event did nothing).
pub fn send(app: &mut App, ev: Event) -> Vec<Effect> {
    input::handle(app, &ev, NOW).unwrap_or_default()
}

/// The exit asked for among these effects, if any.
pub fn exit_of(effects: &[Effect]) -> Option<yibao_guide::tui::app::Exit> {
    effects.iter().find_map(|e| match e {
        Effect::Quit(x) => Some(*x),
        _ => None,
    })
}

/// Saves the checklist in `dir` as the loop does for `Effect::Save`: the
/// result goes back through `update`, which says where.
pub fn save_in(app: &mut App, dir: &std::path::Path) {
    if let Some(m) = yibao_guide::tui::save_checklist(app, dir) {
        app.update(m, NOW);
    }
}

// ---- paths through the content ----

/// The answers of a walk as a map.
pub fn answers_of(walk: &Walk) -> Answers {
    walk.answers.iter().cloned().collect()
}

/// The answers as `question=option` arguments for `route`.
pub fn route_args(walk: &Walk) -> Vec<String> {
    walk.answers
        .iter()
        .map(|(q, o)| format!("{q}={o}"))
        .collect()
}

/// The outcome a walk ends at; checked content has no other ends.
pub fn outcome_of(walk: &Walk) -> &str {
    match &walk.end {
        End::Outcome(id) => id,
        end => panic!("a path of checked content ends at {end:?}"),
    }
}

/// The first path (in the order of `flow::walks`) that gives every answer
/// in `wanted`. Panics, naming them, when no path does.
pub fn path_with(content: &Content, wanted: &[(&str, &str)]) -> Walk {
    flow::walks(content)
        .into_iter()
        .find(|w| {
            wanted
                .iter()
                .all(|(q, o)| w.answers.iter().any(|(wq, wo)| wq == q && wo == o))
        })
        .unwrap_or_else(|| panic!("no path through the content answers {wanted:?}"))
}

/// The first path that ends at outcome `id`.
pub fn path_to(content: &Content, id: &str) -> Walk {
    flow::walks(content)
        .into_iter()
        .find(|w| w.end == End::Outcome(id.to_owned()))
        .unwrap_or_else(|| panic!("no path through the content ends at `{id}`"))
}

/// The first path whose outcome, resolved in Chinese, scores highest
/// (for example the longest list of materials).
pub fn path_with_most(content: &Content, score: impl Fn(&flow::Resolved) -> usize) -> Walk {
    let walks = flow::walks(content);
    let mut best: Option<(usize, Walk)> = None;
    for w in walks {
        let o = content.outcome(outcome_of(&w)).expect("a known outcome");
        let s = score(&flow::resolve(content, o, &answers_of(&w), Lang::Zh, None));
        if best.as_ref().is_none_or(|(b, _)| s > *b) {
            best = Some((s, w));
        }
    }
    best.expect("the content has a path").1
}

/// Every outcome some path reaches.
pub fn outcomes_reached(content: &Content) -> BTreeSet<String> {
    flow::walks(content)
        .iter()
        .map(|w| outcome_of(w).to_owned())
        .collect()
}

// ---- walking the wizard ----

/// The row of option `o` of question `q`, among the options the question
/// offers after `answers`.
pub fn option_row(content: &Content, answers: &Answers, q: &str, o: &str) -> usize {
    let question = content
        .question(q)
        .unwrap_or_else(|| panic!("no question `{q}`"));
    flow::choices(content, question, answers)
        .iter()
        .position(|x| x.id == o)
        .unwrap_or_else(|| panic!("question `{q}` offers no option `{o}` after {answers:?}"))
}

/// The first question the wizard asks.
pub fn first_question(content: &Content) -> String {
    match flow::next(content, &Answers::new()) {
        Next::Ask(q) => q.id.clone(),
        other => panic!("the content asks nothing: {other:?}"),
    }
}

/// Answers the questions the wizard asks, as a person does (picking the
/// option's row), while `go_on` holds. A question not in `wanted` gets the
/// answer of the first path that gives every answer in `wanted` and every
/// answer the app already has. Starts on the kiosk's attract screen, the
/// welcome screen or a question.
fn answer_while(app: &mut App, wanted: &[(&str, &str)], go_on: &dyn Fn(&App) -> bool) {
    let mut all: Vec<(&str, &str)> = wanted.to_vec();
    let had = app.answers.clone();
    for (q, o) in &had {
        if !wanted.iter().any(|(w, _)| w == q) {
            all.push((q, o));
        }
    }
    let path = path_with(&app.content, &all);
    if app.screen == Screen::Attract {
        app.update(Msg::Activity, NOW);
    }
    if app.screen == Screen::Welcome {
        // Row 0 starts (row 1 switches the language).
        app.update(Msg::Pick(0), NOW);
    }
    // Each answer moves on by one question; a path is no longer than that.
    for _ in 0..=app.content.questions.len() {
        if !go_on(app) {
            return;
        }
        let Screen::Question(q) = app.screen.clone() else {
            panic!(
                "expected a question while answering {wanted:?}, on {:?}",
                app.screen
            )
        };
        let o = wanted
            .iter()
            .find(|(w, _)| *w == q)
            .map(|(_, o)| (*o).to_owned())
            .or_else(|| {
                path.answers
                    .iter()
                    .find(|(pq, _)| *pq == q)
                    .map(|(_, o)| o.clone())
            })
            .unwrap_or_else(|| panic!("question `{q}` is not on the path {:?}", path.answers));
        let row = option_row(&app.content, &app.answers, &q, &o);
        app.update(Msg::Pick(row), NOW);
    }
    panic!("answering {wanted:?} never ended, on {:?}", app.screen);
}

/// Answers until every answer in `wanted` is given (other questions on the
/// way get the answers of [`path_with`]); ends on the screen after the last.
pub fn walk_to(app: &mut App, wanted: &[(&str, &str)]) {
    answer_while(app, wanted, &|a| {
        !wanted
            .iter()
            .all(|(q, o)| a.answers.get(*q).is_some_and(|x| x == o))
    });
}

/// Answers, as [`walk_to`] does, until the wizard asks question `q`.
pub fn walk_to_question(app: &mut App, q: &str, wanted: &[(&str, &str)]) {
    let at = Screen::Question(q.to_owned());
    answer_while(app, wanted, &|a| a.screen != at);
}

/// Answers, as [`walk_to`] does, every question the wizard asks, and ends on
/// the review.
pub fn answer_until_review(app: &mut App, wanted: &[(&str, &str)]) {
    answer_while(app, wanted, &|a| a.screen != Screen::Review);
}

/// Gives the answers of `walk`, as a person does, and ends on the review.
pub fn answer_path(app: &mut App, walk: &Walk) {
    let wanted: Vec<(&str, &str)> = walk
        .answers
        .iter()
        .map(|(q, o)| (q.as_str(), o.as_str()))
        .collect();
    answer_until_review(app, &wanted);
}

/// Walks to the review of the first path to outcome `id`.
pub fn walk_to_outcome(app: &mut App, id: &str) {
    let path = path_to(&app.content, id);
    answer_path(app, &path);
}

/// What the main button sends: Enter, or on the notes page (where Enter
/// opens a note) the next page.
pub fn forward(app: &mut App) {
    let m = if app.screen == Screen::Page(Page::Notes) {
        Msg::NextPage
    } else {
        Msg::Enter
    };
    app.update(m, NOW);
}

/// Presses the main button (drawing at `w` x `h` in between, as the loop
/// does) until the screen changes: a long page scrolls first.
pub fn enter_until_next(app: &mut App, w: u16, h: u16) {
    let from = app.screen.clone();
    for _ in 0..50 {
        draw(app, w, h);
        forward(app);
        if app.screen != from {
            return;
        }
    }
    panic!("Enter never left {from:?}");
}

/// From the review or an earlier page of the outcome, Enter (drawing at
/// 80x24) until page `page`.
pub fn to_page(app: &mut App, page: Page) {
    assert!(
        app.pages().contains(&page),
        "the outcome has no page {page:?}: {:?}",
        app.pages()
    );
    while app.screen != Screen::Page(page) {
        assert!(
            matches!(app.screen, Screen::Review | Screen::Page(_)),
            "passed {page:?}, now on {:?}",
            app.screen
        );
        enter_until_next(app, 80, 24);
    }
}

/// From the review, reads every page of the outcome at `w` x `h` (each one
/// drawn, with no broken character), and the last row of the last page
/// starts again. Returns the outcome id the app showed.
pub fn read_every_page(app: &mut App, w: u16, h: u16) -> String {
    assert_eq!(app.screen, Screen::Review);
    app.update(Msg::Enter, NOW);
    let shown = app
        .resolved()
        .expect("the review leads to an outcome")
        .outcome;
    for p in app.pages() {
        assert_eq!(app.screen, Screen::Page(p));
        let text = draw(app, w, h);
        assert!(!text.contains('\u{FFFD}'), "{p:?}:\n{text}");
        if p == Page::Final {
            // The last row starts again, once the box it opens is
            // answered yes.
            app.update(Msg::End, NOW);
            app.update(Msg::Enter, NOW);
            assert_eq!(
                app.overlay,
                Some(yibao_guide::tui::app::Overlay::ConfirmRestart)
            );
            app.update(Msg::Yes, NOW);
        } else {
            enter_until_next(app, w, h);
        }
    }
    assert_eq!(
        app.screen,
        Screen::Welcome,
        "the last row of the last page starts again"
    );
    shown
}

/// Every path of `content` in the wizard: its answers given as a person
/// gives them, the review confirmed, every page read at `w` x `h` (see
/// [`read_every_page`]), each path showing the outcome `flow::walks` finds
/// for it. Returns the outcomes shown.
pub fn wizard_every_path(content: &Content, w: u16, h: u16) -> BTreeSet<String> {
    let mut shown = BTreeSet::new();
    for walk in flow::walks(content) {
        let mut a = app_for(content.clone(), Lang::Zh);
        answer_path(&mut a, &walk);
        assert_eq!(
            a.answers,
            answers_of(&walk),
            "the wizard asked what the path asks"
        );
        let id = read_every_page(&mut a, w, h);
        assert_eq!(id, outcome_of(&walk), "{:?}", walk.answers);
        shown.insert(id);
    }
    shown
}

/// A route's Markdown without its checks, which speak to the person in the
/// wizard ("请返回…"), and without the sources only they cite: what the
/// saved checklist holds.
pub fn without_checks(content: &Content, r: &Resolved, md: &str, lang: Lang) -> String {
    let checks = content.ui("heading.checks", lang);
    let only_checks: Vec<&str> = r
        .sources
        .iter()
        .filter(|s| s.cited_by.iter().all(|b| b.starts_with("check:")))
        .map(|s| s.title.as_str())
        .collect();
    md.split("\n## ")
        .filter(|sec| !sec.starts_with(checks))
        .collect::<Vec<_>>()
        .join("\n## ")
        .split_inclusive('\n')
        .filter(|l| {
            !only_checks
                .iter()
                .any(|t| l.starts_with(&format!("- {t} [")))
        })
        .collect()
}

/// `answers` moved to the provinces `from` and `to`: `scope` (asked after
/// them) and whatever else they leave open is answered with the first
/// option offered. Returns the answers that apply and the outcome.
pub fn with_provinces<'c>(
    content: &'c Content,
    answers: &Answers,
    from: &str,
    to: &str,
) -> (Answers, &'c yibao_guide::content::Outcome) {
    let mut a = answers.clone();
    a.insert("from_province".into(), from.into());
    a.insert("to_province".into(), to.into());
    a.remove("scope");
    let outcome = loop {
        match flow::next(content, &a) {
            flow::Next::Ask(q) => {
                let o = flow::choices(content, q, &a)[0].id.clone();
                a.insert(q.id.clone(), o);
            }
            flow::Next::Done(o) => break o,
            other => panic!("{a:?}: {other:?}"),
        }
    };
    (flow::prune(content, &a), outcome)
}

/// A kiosk's hall in Guangdong: its phone, and windows for transfers and
/// for registering care elsewhere (none named for enrolling).
pub fn hall() -> yibao_guide::tui::kiosk::Hall {
    yibao_guide::tui::kiosk::Hall {
        province: "guangdong".into(),
        name: "天河区医保服务大厅".into(),
        phone: Some("020-12345678".into()),
        windows: yibao_guide::tui::kiosk::Windows {
            transfer: Some("3号窗口".into()),
            filing: Some("5号窗口".into()),
            enrol: None,
        },
    }
}

/// An employee moving away from Guangdong (the hall's province) to
/// Zhejiang for a new job, enrolled there, applying at a window.
pub const AWAY_OFFLINE: &[(&str, &str)] = &[
    ("insurance", "employee"),
    ("retired", "no"),
    ("situation", "none"),
    ("stay", "long-term"),
    ("from_province", "guangdong"),
    ("to_province", "zhejiang"),
    ("new_insurance", "employer"),
    ("progress", "enrolled"),
    ("channel", "offline"),
];
