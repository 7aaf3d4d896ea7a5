//! Evidence for "never panics" and "never keeps stale state": random
//! sessions of keys, clicks, wheel scrolls, resizes (0x0 up to 300x100) and
//! passing time against the wizard, in normal and kiosk mode, checked after
//! every event; and the real content files, randomly damaged on disk, fed to
//! the folder loader, which must answer with a located message, not a panic.

mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton,
    MouseEventKind,
};
use ratatui::layout::Rect;
use support::mouse;
use unicode_width::UnicodeWidthStr;
use yibao_guide::content::{self, Lang, SourceFile};
use yibao_guide::flow::{self, Next};
use yibao_guide::load::load_files;
use yibao_guide::tui::app::{App, Effect, Exit, Kiosk, Msg, Page, Screen};
use yibao_guide::tui::{app_for, input};

// ---- the wizard ----

const OPERATOR_EXIT: [&str; 3] = ["ctrl-alt-q", "ctrl-alt-q", "ctrl-alt-q"];

/// One thing that happens to the wizard.
#[derive(Debug, Clone)]
enum Act {
    Key(KeyCode, KeyModifiers, KeyEventKind),
    /// Ctrl-Alt-Q, the key of the kiosk's operator exit.
    OperatorKey,
    /// A left click at a point of the window (taken modulo its size).
    Click(u16, u16),
    /// A left click in the middle of the n-th clickable area of the last
    /// frame (taken modulo their number).
    ClickTarget(usize),
    /// Other mouse events at a point (taken modulo the size).
    Mouse(MouseEventKind, u16, u16),
    Resize(u16, u16),
    Focus(bool),
    Paste(String),
}

/// An act and the time that passed before it.
#[derive(Debug, Clone)]
struct Step {
    wait_ms: u64,
    act: Act,
}

fn a_size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        6 => (60u16..=140, 18u16..=50),
        1 => (0u16..=300, 0u16..=100),
        1 => (0u16..70, 0u16..24),
    ]
}

fn a_key() -> impl Strategy<Value = Act> {
    let code = prop_oneof![
        // What moves a person on: Enter and the number keys.
        8 => Just(KeyCode::Enter),
        6 => proptest::sample::select("12341234567895".chars().collect::<Vec<_>>())
            .prop_map(KeyCode::Char),
        4 => proptest::sample::select(vec![
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Right,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Char(' '),
        ]),
        2 => proptest::sample::select(vec![
            KeyCode::Esc,
            KeyCode::Backspace,
            KeyCode::Left,
            KeyCode::Home,
        ]),
        3 => proptest::sample::select("yYnNlLsSjk?".chars().collect::<Vec<_>>())
            .prop_map(KeyCode::Char),
        // Quitting ends a session early: rarer.
        1 => proptest::sample::select("qQc".chars().collect::<Vec<_>>()).prop_map(KeyCode::Char),
        1 => any::<char>().prop_map(KeyCode::Char),
        1 => prop_oneof![
            (1u8..=24).prop_map(KeyCode::F),
            Just(KeyCode::Delete),
            Just(KeyCode::Insert),
            Just(KeyCode::Null),
        ],
    ];
    let mods = prop_oneof![
        12 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::SHIFT),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
        1 => Just(KeyModifiers::CONTROL | KeyModifiers::ALT),
    ];
    let kind = prop_oneof![
        12 => Just(KeyEventKind::Press),
        1 => Just(KeyEventKind::Repeat),
        1 => Just(KeyEventKind::Release),
    ];
    (code, mods, kind).prop_map(|(c, m, k)| Act::Key(c, m, k))
}

fn an_act() -> impl Strategy<Value = Act> {
    let point = (any::<u16>(), any::<u16>());
    let other_mouse = proptest::sample::select(vec![
        MouseEventKind::ScrollLeft,
        MouseEventKind::ScrollRight,
        MouseEventKind::Moved,
        MouseEventKind::Down(MouseButton::Right),
        MouseEventKind::Down(MouseButton::Middle),
        MouseEventKind::Up(MouseButton::Left),
        MouseEventKind::Drag(MouseButton::Left),
    ]);
    prop_oneof![
        20 => a_key(),
        1 => Just(Act::OperatorKey),
        1 => point.prop_map(|(x, y)| Act::Click(x, y)),
        6 => any::<usize>().prop_map(Act::ClickTarget),
        2 => (prop_oneof![Just(MouseEventKind::ScrollUp), Just(MouseEventKind::ScrollDown)], point)
            .prop_map(|(k, (x, y))| Act::Mouse(k, x, y)),
        1 => (other_mouse, point).prop_map(|(k, (x, y))| Act::Mouse(k, x, y)),
        2 => a_size().prop_map(|(w, h)| Act::Resize(w, h)),
        1 => any::<bool>().prop_map(Act::Focus),
        1 => ".{0,12}".prop_map(Act::Paste),
    ]
}

fn a_step() -> impl Strategy<Value = Step> {
    // Mostly quick input; now and then a pause long enough for the kiosk's
    // countdown or its reset.
    let wait = prop_oneof![
        24 => 0u64..2_000,
        1 => 20_000u64..200_000,
    ];
    (wait, an_act()).prop_map(|(wait_ms, act)| Step { wait_ms, act })
}

fn key(code: KeyCode, modifiers: KeyModifiers, kind: KeyEventKind) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers,
        kind,
        state: KeyEventState::NONE,
    })
}

/// The terminal event for an act, given the window size and the last frame.
fn event_of(act: &Act, app: &App, (w, h): (u16, u16)) -> Event {
    let at = |x: u16, y: u16| (x % w.max(1), y % h.max(1));
    match act {
        Act::Key(c, m, k) => key(*c, *m, *k),
        Act::OperatorKey => key(
            KeyCode::Char('q'),
            KeyModifiers::CONTROL | KeyModifiers::ALT,
            KeyEventKind::Press,
        ),
        Act::Click(x, y) => {
            let (x, y) = at(*x, *y);
            mouse(MouseEventKind::Down(MouseButton::Left), x, y)
        }
        Act::ClickTarget(n) => {
            let hits = &app.drawn.hits;
            let (x, y) = if hits.is_empty() {
                (0, 0)
            } else {
                let r = hits[n % hits.len()].0;
                (r.x + r.width / 2, r.y + r.height / 2)
            };
            mouse(MouseEventKind::Down(MouseButton::Left), x, y)
        }
        Act::Mouse(k, x, y) => {
            let (x, y) = at(*x, *y);
            mouse(*k, x, y)
        }
        Act::Resize(w, h) => Event::Resize(*w, *h),
        Act::Focus(true) => Event::FocusGained,
        Act::Focus(false) => Event::FocusLost,
        Act::Paste(s) => Event::Paste(s.clone()),
    }
}

/// Draws as the run loop does (the frame's `Drawn` goes back into the app)
/// and returns the screen as text, one line per row, wide characters once.
fn draw(term: &mut Terminal<TestBackend>, app: &mut App, now: Duration) -> Vec<String> {
    support::frame(term, app, now);
    support::buffer_lines(term.backend().buffer())
}

fn app(lang: Lang, high_contrast: bool) -> App {
    let mut a = app_for(support::built_in(), Lang::Zh);
    a.lang = lang;
    a.high_contrast = high_contrast;
    a
}

/// What must hold after every event and frame.
fn check_model(
    app: &App,
    screen: &[String],
    size: (u16, u16),
    now: Duration,
) -> Result<(), TestCaseError> {
    let c = &app.content;
    let rows = app.rows();
    prop_assert!(
        rows == 0 || app.cursor < rows,
        "cursor {} of {} rows on {:?}",
        app.cursor,
        rows,
        app.screen
    );

    // Only answers to questions on the path, each a valid option.
    prop_assert_eq!(
        &flow::prune(c, &app.answers),
        &app.answers,
        "stale answers kept"
    );
    let path = flow::path(c, &app.answers);
    for (q, o) in &app.answers {
        let on_path = path.iter().find(|x| &x.id == q);
        prop_assert!(on_path.is_some(), "answer to `{}` is off the path", q);
        prop_assert!(
            on_path.and_then(|x| x.option(o)).is_some(),
            "`{}` is not an option of `{}`",
            o,
            q
        );
    }

    // Ticks belong to the checklist of the current answers (while a
    // changed answer leads through questions again they wait, so that
    // ticks on materials still listed afterwards are kept).
    let materials: Option<BTreeSet<String>> = app
        .resolved()
        .map(|r| r.materials.into_iter().map(|m| m.id).collect());
    prop_assert!(
        materials.as_ref().is_none_or(|m| app.ticked.is_subset(m)),
        "ticked {:?}, checklist {:?}",
        app.ticked,
        materials
    );

    // The body stays within its page (a window too small for it keeps
    // where it was, for when the window grows again).
    let drawn = &app.drawn;
    prop_assert!(
        drawn.too_small || app.scroll <= drawn.max_scroll,
        "scroll {} past {}",
        app.scroll,
        drawn.max_scroll
    );
    let area = Rect::new(0, 0, size.0, size.1);
    for (r, m) in &drawn.hits {
        prop_assert!(
            area.union(*r) == area || r.is_empty(),
            "{:?} target {:?} outside the {}x{} window",
            m,
            r,
            size.0,
            size.1
        );
    }

    match &app.screen {
        Screen::Attract => {
            prop_assert!(app.kiosk.is_some(), "the attract screen is for kiosks");
            prop_assert!(
                app.answers.is_empty()
                    && app.ticked.is_empty()
                    && app.history.is_empty()
                    && app.overlay.is_none(),
                "the attract screen keeps nothing of the last person"
            );
        }
        Screen::Welcome => {}
        Screen::Hall => {
            prop_assert!(
                app.kiosk.is_some() && app.hall.is_some(),
                "the hall question is for a kiosk that knows its hall"
            );
        }
        Screen::Question(q) => {
            prop_assert!(
                path.iter().any(|x| &x.id == q),
                "question `{}` is not on the path",
                q
            );
        }
        Screen::Review => {
            prop_assert!(
                matches!(flow::next(c, &app.answers), Next::Done(_)),
                "the review with answers missing"
            );
        }
        Screen::Page(p) => {
            let Next::Done(o) = flow::next(c, &app.answers) else {
                return Err(TestCaseError::fail(format!(
                    "result page {p:?} without an outcome for {:?}",
                    app.answers
                )));
            };
            // As the engine puts it, with the hall's windows and numbers on
            // a kiosk that knows its hall.
            let expected = yibao_guide::tui::kiosk::at_hall(
                app,
                flow::resolve(c, o, &app.answers, app.lang, Some(app.today)),
            );
            let shown = app.resolved();
            prop_assert_eq!(
                shown.as_ref().map(|r| r.outcome.as_str()),
                Some(o.id.as_str())
            );
            prop_assert_eq!(shown.as_ref(), Some(&expected));
            prop_assert!(
                app.pages().contains(p),
                "page {:?} not in {:?}",
                p,
                app.pages()
            );
            // The overview names the outcome, when nothing covers it, it is
            // scrolled to the top, there is room for it, and the title fits
            // on one line of a body at least half the window wide.
            if *p == Page::Overview
                && !drawn.too_small
                && app.overlay.is_none()
                && app.countdown(now).is_none()
                && app.scroll == 0
                && drawn.body_height >= 6
                // (A column of a two-column page is at least 60 wide.)
                && expected.title.width() + 2 <= usize::from(size.0 / 2).min(60)
            {
                prop_assert!(
                    screen.iter().any(|l| l.contains(&expected.title)),
                    "the overview of `{}` does not show {:?}:\n{}",
                    o.id,
                    expected.title,
                    screen.join("\n")
                );
            }
        }
    }
    Ok(())
}

fn is_key_press(ev: &Event) -> Option<&KeyEvent> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(k),
        _ => None,
    }
}

/// Runs one random session; `idle` makes it a kiosk. Returns how many
/// steps ran (the session may end early, by quitting).
fn session(
    idle: Option<u64>,
    lang: Lang,
    high_contrast: bool,
    start: (u16, u16),
    steps: &[Step],
) -> Result<usize, TestCaseError> {
    let mut a = app(lang, high_contrast);
    if let Some(s) = idle {
        a = a.with_kiosk(Kiosk::new(
            Duration::from_secs(s),
            OPERATOR_EXIT.iter().map(|k| (*k).to_owned()).collect(),
        ));
        // Kiosks with the longer idle times know their hall: one question
        // more, a preset province.
        if s >= 60 {
            a.hall = Some(yibao_guide::tui::kiosk::Hall {
                province: "guangdong".into(),
                name: "大厅".into(),
                phone: Some("020-12345678".into()),
                windows: yibao_guide::tui::kiosk::Windows {
                    transfer: Some("3号窗口".into()),
                    ..Default::default()
                },
            });
        }
    }
    let mut size = start;
    let mut term = Terminal::new(TestBackend::new(size.0, size.1)).expect("a test terminal");
    let mut now = Duration::ZERO;
    let mut last_input = Duration::ZERO;
    let mut keys: Vec<String> = Vec::new();
    let screen = draw(&mut term, &mut a, now);
    check_model(&a, &screen, size, now)?;
    for (ran, step) in steps.iter().enumerate() {
        now += Duration::from_millis(step.wait_ms);
        let ev = event_of(&step.act, &a, size);
        if let Event::Resize(w, h) = ev {
            size = (w, h);
            term.backend_mut().resize(w, h);
        }
        // The run loop tells the app that time passed at least every
        // 250 ms: while the person waited, and again after the event.
        let mut effects = a.update(Msg::Idle, now);
        let msg = input::to_msg(&ev, &a);
        if let Some(k) = is_key_press(&ev) {
            keys.push(input::key_name(k));
        }
        let before = a.screen.clone();
        effects.extend(input::handle(&mut a, &ev, now).unwrap_or_default());
        if msg.is_some() {
            last_input = now;
        }
        effects.extend(a.update(Msg::Idle, now));
        let exit = effects.iter().find_map(|e| match e {
            Effect::Quit(x) => Some(*x),
            _ => None,
        });
        if let Some(exit) = exit {
            if a.kiosk.is_some() {
                prop_assert_eq!(
                    exit,
                    Exit::Operator,
                    "a kiosk only ends by the operator exit"
                );
                prop_assert!(
                    keys.ends_with(&OPERATOR_EXIT.map(String::from)),
                    "the kiosk ended without the operator exit; keys {:?}",
                    keys
                );
            } else {
                prop_assert_eq!(exit, Exit::Quit);
                prop_assert!(
                    matches!(msg, Some(Msg::Quit | Msg::ForceQuit | Msg::Yes | Msg::Save)),
                    "quit on {:?} ({:?}) from {:?}",
                    msg,
                    ev,
                    before
                );
            }
            return Ok(ran + 1);
        }
        if let Some(limit) = a.idle_limit() {
            prop_assert!(
                msg.is_none() || a.screen == Screen::Attract || a.countdown(now).is_none(),
                "a countdown right after a touch, on {:?}",
                a.screen
            );
            // The limit grows on pages longer than the window.
            let idle_for = now.saturating_sub(last_input);
            prop_assert!(
                idle_for < limit || a.screen == Screen::Attract,
                "idle {:?} (limit {:?}) and still on {:?}",
                idle_for,
                limit,
                a.screen
            );
        }
        let screen = draw(&mut term, &mut a, now);
        check_model(&a, &screen, size, now)?;
    }
    Ok(steps.len())
}

fn a_lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Zh), Just(Lang::En)]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_sessions_never_panic_and_keep_the_model_sound(
        lang in a_lang(),
        high_contrast in any::<bool>(),
        start in a_size(),
        steps in proptest::collection::vec(a_step(), 0..200),
    ) {
        session(None, lang, high_contrast, start, &steps)?;
    }

    #[test]
    fn random_kiosk_sessions_never_end_or_keep_answers_past_the_idle_limit(
        // Short idle times too: see
        // `a_kiosk_with_an_idle_time_of_30_s_or_less_still_lets_a_person_answer`.
        idle in prop_oneof![Just(5u64), Just(30), Just(60), Just(120)],
        lang in a_lang(),
        high_contrast in any::<bool>(),
        start in a_size(),
        steps in proptest::collection::vec(a_step(), 0..200),
    ) {
        session(Some(idle), lang, high_contrast, start, &steps)?;
    }
}

// ---- terminal bytes ----

/// Pieces of what terminals send, whole and broken, and any byte.
fn a_chunk() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => any::<u8>().prop_map(|b| vec![b]),
        2 => proptest::sample::select(vec![
            &b"\x1b"[..], b"\x1b[", b"\x1b[200~", b"\x1b[201~", b"\x1bO", b"\x1b[<0;12;5M",
            b"\x1b[<0;12;5m", b"\x1b[M", b"\x1b[24;5~", b"\x1b[1;", b"\x1b\x11", b"\r", "职".as_bytes(),
            &"职".as_bytes()[..2], b"\x1b[?1;2c", b"200~", b";",
        ])
        .prop_map(<[u8]>::to_vec),
    ];
    proptest::collection::vec(piece, 1..12).prop_map(|v| v.concat())
}

/// Feeds the chunks to a decoder: it never holds more than one sequence,
/// and once the input has been quiet the operator exit key is read as
/// itself, whatever came before. Returns the number of events read.
fn decode_chunks(chunks: &[Vec<u8>]) -> Result<usize, TestCaseError> {
    use yibao_guide::tui::decode::{Decoder, MAX_SEQUENCE};
    let mut d = Decoder::default();
    let mut events = 0;
    for c in chunks {
        events += d.feed(c).len();
        prop_assert!(d.held() < MAX_SEQUENCE, "holds {} bytes", d.held());
    }
    events += d.flush().len();
    prop_assert!(!d.pending());
    let exit = d.feed(b"\x1b\x11");
    let names: Vec<String> = exit
        .iter()
        .filter_map(|e| is_key_press(e).map(input::key_name))
        .collect();
    prop_assert_eq!(names, vec!["ctrl-alt-q".to_owned()]);
    Ok(events)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_bytes_leave_the_decoder_bounded_and_the_operator_exit_readable(
        chunks in proptest::collection::vec(a_chunk(), 0..64),
    ) {
        decode_chunks(&chunks)?;
    }
}

// ---- the long soak ----

/// Peak resident memory of this process, from /proc (Linux).
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// At least `SOAK_EVENTS` (default 1,000,000) random events in normal mode,
/// as many in kiosk mode, and as many chunks of terminal bytes, every
/// invariant of the short versions above checked after each one. Run with
/// `cargo test --release --test robust -- --ignored --nocapture`.
#[test]
#[ignore = "long: minutes in a release build; run with --ignored"]
fn soak_a_million_random_events_in_each_mode() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let target: usize = std::env::var("SOAK_EVENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let mut runner = TestRunner::deterministic();
    let bytes = proptest::collection::vec(a_chunk(), 2000);
    let sessions_of = (
        prop_oneof![Just(5u64), Just(30), Just(60), Just(120)],
        a_lang(),
        any::<bool>(),
        a_size(),
        proptest::collection::vec(a_step(), 2000),
    );
    for mode in ["normal", "kiosk", "terminal bytes"] {
        let started = std::time::Instant::now();
        let mut events = 0;
        let mut sessions = 0;
        while events < target {
            sessions += 1;
            let result = if mode == "terminal bytes" {
                let chunks = bytes.new_tree(&mut runner).expect("bytes").current();
                decode_chunks(&chunks).map(|_| chunks.len())
            } else {
                let (idle, lang, hc, start, steps) = sessions_of
                    .new_tree(&mut runner)
                    .expect("a session")
                    .current();
                let idle = (mode == "kiosk").then_some(idle);
                session(idle, lang, hc, start, &steps)
            };
            let before = events;
            match result {
                Ok(n) => events += n,
                Err(e) => panic!("{mode}, session {sessions}: {e}"),
            }
            if before / 100_000 != events / 100_000 {
                println!(
                    "soak {mode}: {events} events, {:.0} s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "soak {mode}: {events} events in {sessions} sessions, {secs:.1} s, {:.0} events/s",
            events as f64 / secs
        );
    }
    println!("soak peak memory (VmHWM): {}", peak_memory());
}

// ---- the real content, damaged on disk ----

/// A temporary content folder, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let dir = std::env::temp_dir().join(format!("yibao-robust-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create a temp folder");
        Folder(dir)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The built-in content files: bare file name and bytes.
fn real_files() -> Vec<(String, Vec<u8>)> {
    yibao_guide::load::embedded_files()
        .into_iter()
        .map(|f| {
            let name = Path::new(&f.name)
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            (name, f.text.into_bytes())
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Damage {
    DeleteLine(usize),
    DuplicateLine(usize),
    /// Swaps two neighbouring characters.
    SwapChars(usize),
    InsertText(usize, String),
    ReplaceChar(usize, char),
    Truncate(usize),
    /// The same at the byte level, which may leave invalid UTF-8: a byte
    /// inserted, two bytes swapped, the file cut in the middle of a
    /// character.
    InsertBytes(usize, Vec<u8>),
    SwapBytes(usize),
    TruncateBytes(usize),
}

fn a_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::sample::select("[]{}=\"'#,.\n -_0123456789az\\".chars().collect::<Vec<_>>()),
        1 => proptest::sample::select("职工医保“”·—…😀\u{0}\u{7f}\u{feff}\u{202e}\t\r".chars().collect::<Vec<_>>()),
        1 => any::<char>(),
    ]
}

fn a_damage() -> impl Strategy<Value = Damage> {
    let bad_bytes = proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(vec![0x80u8, 0xC0, 0xC3, 0xE4, 0xED, 0xF5, 0xFE, 0xFF]),
            any::<u8>(),
        ],
        1..4,
    );
    prop_oneof![
        3 => any::<usize>().prop_map(Damage::DeleteLine),
        3 => any::<usize>().prop_map(Damage::DuplicateLine),
        3 => any::<usize>().prop_map(Damage::SwapChars),
        3 => (any::<usize>(), proptest::collection::vec(a_char(), 1..5))
            .prop_map(|(i, c)| Damage::InsertText(i, c.into_iter().collect())),
        2 => (any::<usize>(), a_char()).prop_map(|(i, c)| Damage::ReplaceChar(i, c)),
        1 => any::<usize>().prop_map(Damage::Truncate),
        2 => prop_oneof![
            (any::<usize>(), bad_bytes).prop_map(|(i, b)| Damage::InsertBytes(i, b)),
            any::<usize>().prop_map(Damage::SwapBytes),
            any::<usize>().prop_map(Damage::TruncateBytes),
        ],
    ]
}

/// The start of the character holding byte `i` (for valid UTF-8).
fn char_start(bytes: &[u8], mut i: usize) -> usize {
    while i > 0 && i < bytes.len() && bytes[i] & 0xC0 == 0x80 {
        i -= 1;
    }
    i
}

/// The end of the character starting at byte `i`.
fn char_end(bytes: &[u8], i: usize) -> usize {
    let mut j = (i + 1).min(bytes.len());
    while j < bytes.len() && bytes[j] & 0xC0 == 0x80 {
        j += 1;
    }
    j
}

fn damage(bytes: &mut Vec<u8>, d: &Damage) {
    let n = bytes.len();
    match d {
        Damage::DeleteLine(i) | Damage::DuplicateLine(i) => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let k = i % lines.len();
            if matches!(d, Damage::DeleteLine(_)) {
                lines.remove(k);
            } else {
                let l = lines[k].clone();
                lines.insert(k, l);
            }
            *bytes = lines.join(&b'\n');
        }
        Damage::SwapChars(i) if n > 0 => {
            let a = char_start(bytes, i % n);
            let b = char_end(bytes, a);
            let c = char_end(bytes, b);
            if b < c {
                let mut swapped = bytes[b..c].to_vec();
                swapped.extend_from_slice(&bytes[a..b]);
                bytes.splice(a..c, swapped);
            }
        }
        Damage::InsertText(i, t) => {
            let k = char_start(bytes, i % (n + 1));
            bytes.splice(k..k, t.bytes());
        }
        Damage::ReplaceChar(i, c) if n > 0 => {
            let a = char_start(bytes, i % n);
            let b = char_end(bytes, a);
            bytes.splice(a..b, c.to_string().into_bytes());
        }
        Damage::Truncate(i) => bytes.truncate(char_start(bytes, i % (n + 1))),
        Damage::InsertBytes(i, b) => {
            let k = i % (n + 1);
            bytes.splice(k..k, b.iter().copied());
        }
        Damage::SwapBytes(i) if n >= 2 => bytes.swap(i % (n - 1), i % (n - 1) + 1),
        Damage::TruncateBytes(i) => bytes.truncate(i % (n + 1)),
        _ => {}
    }
}

/// 1-based line and column (in characters) of a string like
/// `<path>:<line>:<column>: message`, after `path`.
fn place_after(s: &str, path: &str) -> Option<(usize, usize)> {
    let rest = s.strip_prefix(path)?.strip_prefix(':')?;
    let mut parts = rest.splitn(3, ':');
    let line = parts.next()?.parse().ok()?;
    let column = parts.next()?.parse().ok()?;
    Some((line, column))
}

/// Whether line:column is inside `text` (the column may be one past the
/// end of its line).
fn inside(text: &str, line: usize, column: usize) -> bool {
    line >= 1
        && text
            .split('\n')
            .nth(line - 1)
            .is_some_and(|l| column >= 1 && column <= l.chars().count() + 1)
}

fn check_damaged(files: &[(String, Vec<u8>)]) -> Result<(), TestCaseError> {
    let dir = Folder::new("content");
    for (name, bytes) in files {
        fs::write(dir.0.join(name), bytes).expect("write a content file");
    }
    let path_of = |name: &str| dir.0.join(name).display().to_string();
    let loaded = match content::folder_files(&dir.0) {
        Ok(f) => f,
        Err(e) => {
            // The only way reading a folder of small files fails: a file
            // that is not UTF-8, located at its first bad byte.
            let Some((name, bytes)) = files
                .iter()
                .find(|(n, _)| e.starts_with(&format!("{}:", path_of(n))))
            else {
                return Err(TestCaseError::fail(format!("names no file: {e}")));
            };
            let Err(bad) = std::str::from_utf8(bytes) else {
                return Err(TestCaseError::fail(format!("{e}, but the file is UTF-8")));
            };
            prop_assert!(e.contains("not UTF-8"), "{}", e);
            let Some(place) = place_after(&e, &path_of(name)) else {
                return Err(TestCaseError::fail(format!("no line:column: {e}")));
            };
            // The place of the first byte that is not UTF-8.
            let good = String::from_utf8_lossy(&bytes[..bad.valid_up_to()]).into_owned();
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            prop_assert_eq!(place, (line, column), "{}", e);
            prop_assert!(e.lines().count() == 1 && e.len() < 300, "{}", e);
            return Ok(());
        }
    };
    for f in &loaded {
        prop_assert!(
            files.iter().any(|(n, _)| path_of(n) == f.name),
            "read a file that is not there: {}",
            f.name
        );
    }
    let diags = match load_files(&loaded) {
        Ok(_) => return Ok(()),
        Err(ds) => ds,
    };
    prop_assert!(!diags.is_empty());
    for d in &diags {
        let shown = d.to_string();
        let Some(f) = loaded.iter().find(|f: &&SourceFile| f.name == d.file) else {
            return Err(TestCaseError::fail(format!("names no file: {shown}")));
        };
        prop_assert!(
            inside(&f.text, d.line, d.column),
            "{}:{} is outside the file: {}",
            d.line,
            d.column,
            shown
        );
        prop_assert!(
            shown.starts_with(&format!("{}:{}:{}: ", d.file, d.line, d.column)),
            "{}",
            shown
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn damaged_real_content_gives_located_messages_never_a_panic(
        damages in proptest::collection::vec((any::<usize>(), a_damage()), 1..6),
    ) {
        let mut files = real_files();
        for (which, d) in &damages {
            let k = which % files.len();
            damage(&mut files[k].1, d);
        }
        check_damaged(&files)?;
    }
}

// ---- faults these tests found ----

/// With `idle_seconds` of 30 or less the countdown once covered the whole
/// idle time, so every touch only cancelled it and the kiosk could not be
/// used.
#[test]
fn a_kiosk_with_an_idle_time_of_30_s_or_less_still_lets_a_person_answer() {
    for idle in [20, 30, 1] {
        let mut a = app(Lang::Zh, false).with_kiosk(Kiosk::new(
            Duration::from_secs(idle),
            OPERATOR_EXIT.iter().map(|k| (*k).to_owned()).collect(),
        ));
        a.update(Msg::Activity, Duration::ZERO);
        assert_eq!(a.screen, Screen::Welcome);
        let now = Duration::from_millis(100);
        a.update(Msg::Enter, now);
        assert_eq!(
            a.screen,
            Screen::Question(support::first_question(&a.content)),
            "idle {idle}: Enter on the welcome screen did nothing"
        );
        assert_eq!(
            a.countdown(now),
            None,
            "idle {idle}: a countdown right after a touch"
        );
    }
}

/// Ctrl-C quits at once outside kiosk mode, even on a window too small to
/// use and while a box (help, the quit or restart question) is open.
#[test]
fn ctrl_c_quits_even_with_a_box_open() {
    let ctrl_c = key(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
        KeyEventKind::Press,
    );
    let mut a = app(Lang::Zh, false);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    draw(&mut term, &mut a, Duration::ZERO);
    input::handle(
        &mut a,
        &key(KeyCode::Char('?'), KeyModifiers::NONE, KeyEventKind::Press),
        Duration::ZERO,
    );
    assert!(a.overlay.is_some(), "help is open");
    draw(&mut term, &mut a, Duration::ZERO);
    assert_eq!(
        input::handle(&mut a, &ctrl_c, Duration::ZERO),
        Some(vec![Effect::Quit(Exit::Quit)]),
        "Ctrl-C with the help open"
    );
}
