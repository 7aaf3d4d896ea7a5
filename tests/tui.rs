//! The wizard driven with key and mouse events on ratatui's TestBackend:
//! snapshots of every kind of screen, clicks, back, change-answer, language
//! switch, quitting and the kiosk's lock-down and idle reset.

mod support;

use std::time::Duration;

use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseEventKind};
use support::{
    AWAY_OFFLINE, answer_path, answer_until_review, app, built_in, click, draw, draw_at,
    draw_buffer, enter_until_next, exit_of, first_question, flat, forward, hall, key, key_mod,
    mouse, option_row, path_with, path_with_most, send, to_page, walk_to, walk_to_question,
};
use unicode_width::UnicodeWidthStr;
use yibao_guide::content::Lang;
use yibao_guide::export::fill;
use yibao_guide::flow;
use yibao_guide::tui::app::{Action, App, Effect, Exit, Kiosk, Msg, Overlay, Page, Screen};
use yibao_guide::tui::input;

fn kiosk_app(idle: u64) -> App {
    app().with_kiosk(Kiosk::new(
        Duration::from_secs(idle),
        vec![
            "ctrl-alt-q".into(),
            "ctrl-alt-q".into(),
            "ctrl-alt-q".into(),
        ],
    ))
}

const EMPLOYEE_OFFLINE: &[(&str, &str)] = &[
    ("insurance", "employee"),
    ("retired", "no"),
    ("scope", "cross-province"),
    ("channel", "offline"),
];

/// Walks to the outcome, recording a snapshot name and text for each kind
/// of screen.
fn screens(lang: Lang, w: u16, h: u16) -> Vec<(String, String)> {
    let mut a = app();
    a.lang = lang;
    let mut out = Vec::new();
    let mut shot = |a: &mut App, name: &str| out.push((name.to_owned(), draw(a, w, h)));
    shot(&mut a, "welcome");
    a.update(Msg::Enter, Duration::ZERO);
    shot(&mut a, "question-first");
    walk_to(&mut a, &EMPLOYEE_OFFLINE[..1]);
    shot(&mut a, "question-second");
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    assert_eq!(a.screen, Screen::Review);
    shot(&mut a, "review");
    a.update(Msg::Enter, Duration::ZERO);
    for p in a.pages() {
        assert_eq!(a.screen, Screen::Page(p));
        let name = match p {
            Page::Overview => "overview".to_owned(),
            Page::Steps => "steps".to_owned(),
            Page::Materials => {
                a.update(Msg::Tick, Duration::ZERO);
                "materials".to_owned()
            }
            Page::Notes => {
                // The first note opened, the others by title.
                a.update(Msg::Enter, Duration::ZERO);
                "notes".to_owned()
            }
            Page::Final => "final".to_owned(),
        };
        shot(&mut a, &name);
        if p == Page::Final {
            // The first row shows the checklist as a QR code.
            a.update(Msg::Enter, Duration::ZERO);
            assert_eq!(a.overlay, Some(Overlay::Qr));
            shot(&mut a, "qr");
            a.update(Msg::Activity, Duration::ZERO);
            // The last row starts again, after asking.
            a.update(Msg::End, Duration::ZERO);
            a.update(Msg::Enter, Duration::ZERO);
            assert_eq!(a.overlay, Some(Overlay::ConfirmRestart));
            a.update(Msg::Yes, Duration::ZERO);
        } else {
            enter_until_next(&mut a, w, h);
        }
    }
    a.update(Msg::Help, Duration::ZERO);
    shot(&mut a, "help");
    a.update(Msg::Activity, Duration::ZERO);
    a.update(Msg::Enter, Duration::ZERO);
    walk_to(&mut a, &EMPLOYEE_OFFLINE[..1]);
    a.update(Msg::Quit, Duration::ZERO);
    assert_eq!(a.overlay, Some(Overlay::ConfirmQuit));
    shot(&mut a, "quit-confirm");
    out
}

#[test]
fn snapshots_of_every_kind_of_screen() {
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (120, 40)] {
            for (name, text) in screens(lang, w, h) {
                insta::assert_snapshot!(format!("{name}-{l}-{w}x{h}"), text);
            }
        }
    }
}

#[test]
fn kiosk_snapshots() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = kiosk_app(120);
        insta::assert_snapshot!(format!("kiosk-attract-{w}x{h}"), draw(&mut a, w, h));
        a.update(Msg::Activity, Duration::from_secs(1));
        draw(&mut a, w, h);
        a.update(Msg::Enter, Duration::from_secs(2));
        insta::assert_snapshot!(
            format!("kiosk-question-{w}x{h}"),
            draw_at(&mut a, w, h, Duration::from_secs(2))
        );
        // 25 seconds before the reset (long pages get more time).
        let later = Duration::from_secs(2) + a.idle_limit().unwrap() - Duration::from_secs(25);
        a.update(Msg::Idle, later);
        insta::assert_snapshot!(
            format!("kiosk-countdown-{w}x{h}"),
            draw_at(&mut a, w, h, later)
        );
    }
}

#[test]
fn the_idle_countdown_reads_in_short_lines_with_the_seconds_beside_their_unit() {
    let mut a = kiosk_app(120);
    a.lang = Lang::En;
    a.update(Msg::Activity, Duration::from_secs(1));
    draw(&mut a, 100, 30);
    a.update(Msg::Enter, Duration::from_secs(2));
    draw_at(&mut a, 100, 30, Duration::from_secs(2));
    let later = Duration::from_secs(2) + a.idle_limit().unwrap() - Duration::from_secs(26);
    a.update(Msg::Idle, later);
    let text = draw_at(&mut a, 100, 30, later);
    assert!(text.contains("in 26 seconds"), "{text}");
    let band: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("Still there?"))
        .take(3)
        .collect();
    assert!(
        band.iter().all(|l| l.trim().width() <= 80),
        "no line wider than reads well: {band:?}"
    );
    insta::assert_snapshot!("kiosk-countdown-en-100x30", text);
}

#[test]
fn a_tiny_terminal_gets_a_clear_message_not_a_broken_layout() {
    let mut a = app();
    for (w, h) in [(0, 0), (1, 1), (20, 5), (59, 24), (80, 17)] {
        let text = draw(&mut a, w, h);
        if w >= 30 && h >= 4 {
            assert!(
                text.contains("请放大窗口") && text.contains("Please enlarge the window"),
                "{w}x{h}:\n{text}"
            );
        }
    }
    insta::assert_snapshot!("too-small-50x12", draw(&mut a, 50, 12));
}

#[test]
fn clicking_an_option_selects_it() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    draw(&mut a, 80, 24);
    let (rect, _) = *a
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == tap(&a, 1))
        .expect("option 2 is clickable");
    send(&mut a, click(rect.x + 3, rect.y));
    // The second option of the first question, and on to what follows it.
    let first = first_question(&a.content);
    let second = a.content.question(&first).unwrap().options[1].id.clone();
    assert_eq!(a.answers.get(&first), Some(&second));
    let after = flow::answer(&a.content, &Default::default(), &first, &second);
    let next = match flow::next(&a.content, &after) {
        flow::Next::Ask(q) => Screen::Question(q.id.clone()),
        _ => Screen::Review,
    };
    assert_eq!(a.screen, next);
}

#[test]
fn clicking_footer_buttons_acts() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    walk_to(&mut a, &EMPLOYEE_OFFLINE[..1]);
    let text = draw(&mut a, 80, 24);
    let back = a
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == Msg::Back)
        .expect("a back button")
        .0;
    assert!(
        text.lines().nth(back.y as usize).unwrap().contains("返回"),
        "the button shows its label"
    );
    send(&mut a, click(back.x + 1, back.y));
    assert_eq!(a.screen, Screen::Question("insurance".into()));

    draw(&mut a, 80, 24);
    let lang = a
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == Msg::Lang)
        .unwrap()
        .0;
    send(&mut a, click(lang.x, lang.y));
    assert_eq!(a.lang, Lang::En);
    assert!(draw(&mut a, 80, 24).contains("Which basic medical insurance"));

    let home = a
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == Msg::Home)
        .unwrap()
        .0;
    send(&mut a, click(home.x, home.y));
    assert_eq!(
        a.overlay,
        Some(Overlay::ConfirmRestart),
        "answers were given: it asks first"
    );
    send(&mut a, key(KeyCode::Char('y')));
    assert_eq!(a.screen, Screen::Welcome);
    assert!(a.answers.is_empty());
}

#[test]
fn a_click_on_nothing_and_mouse_movement_do_nothing() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    draw(&mut a, 80, 24);
    let before = a.screen.clone();
    send(&mut a, click(79, 1));
    let moved = mouse(MouseEventKind::Moved, 5, 5);
    assert_eq!(input::to_msg(&moved, &a), None, "movement is not input");
    assert_eq!(a.screen, before);
    assert!(a.answers.is_empty());
}

#[test]
fn changing_an_answer_on_the_review_drops_what_no_longer_applies() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    assert_eq!(a.screen, Screen::Review);
    let given = a.answers.len();
    // Row 0 confirms; then one row per question on the path. Say the person
    // already receives retiree benefits: the rest of the path falls away.
    a.update(Msg::Pick(review_row(&a, "retired")), Duration::ZERO);
    assert_eq!(a.screen, Screen::Question("retired".into()));
    let retired = option_row(&a.content, &a.answers, "retired", "yes");
    a.update(Msg::Pick(retired), Duration::ZERO);
    assert_eq!(
        a.screen,
        Screen::Review,
        "no new question: straight back to the review"
    );
    assert!(
        !a.answers.contains_key("scope") && !a.answers.contains_key("channel"),
        "{:?}",
        a.answers
    );
    let dropped = given - a.answers.len();
    assert!(dropped >= 2, "{:?}", a.answers);
    let text = draw(&mut a, 80, 24);
    assert!(
        !text.contains("跨省"),
        "dropped answers are not shown:\n{text}"
    );
    assert!(
        text.contains(&format!("有 {dropped} 个回答不再适用，已经清除。")),
        "the person is told:\n{text}"
    );
    // Changing back asks the dropped questions again.
    a.update(Msg::Pick(review_row(&a, "retired")), Duration::ZERO);
    a.update(
        Msg::Pick(option_row(&a.content, &a.answers, "retired", "no")),
        Duration::ZERO,
    );
    let Screen::Question(q) = a.screen.clone() else {
        panic!("expected a question, on {:?}", a.screen)
    };
    assert!(!a.answers.contains_key(&q), "`{q}` was dropped");
}

/// The review's row for question `q`: row 0 confirms, then one row per
/// question on the path.
fn review_row(a: &App, q: &str) -> usize {
    1 + flow::path(&a.content, &a.answers)
        .iter()
        .position(|x| x.id == q)
        .unwrap_or_else(|| panic!("`{q}` is not on the review"))
}

#[test]
fn back_from_every_screen_returns_to_the_one_before() {
    let mut a = app();
    let mut seen = vec![a.screen.clone()];
    a.update(Msg::Enter, Duration::ZERO);
    seen.push(a.screen.clone());
    let path = path_with(&a.content, EMPLOYEE_OFFLINE);
    for (q, o) in &path.answers {
        assert_eq!(a.screen, Screen::Question(q.clone()));
        a.update(
            Msg::Pick(option_row(&a.content, &a.answers, q, o)),
            Duration::ZERO,
        );
        seen.push(a.screen.clone());
    }
    while a.screen != Screen::Page(Page::Final) {
        forward(&mut a);
        seen.push(a.screen.clone());
    }
    for expected in seen.iter().rev().skip(1) {
        a.update(Msg::Back, Duration::ZERO);
        assert_eq!(&a.screen, expected);
    }
    assert_eq!(
        a.answers.len(),
        path.answers.len(),
        "going back keeps the answers"
    );
}

#[test]
fn going_back_to_a_question_puts_the_cursor_on_the_answer_given() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    let wanted = [("insurance", "resident"), ("reason", "family")];
    walk_to(&mut a, &wanted);
    // Back through the questions answered, the last one first.
    let path = path_with(&a.content, &wanted);
    let last = path
        .answers
        .iter()
        .position(|(q, _)| q == "reason")
        .unwrap();
    for (q, o) in path.answers[..=last].iter().rev() {
        a.update(Msg::Back, Duration::ZERO);
        assert_eq!(
            (a.screen.clone(), a.cursor),
            (
                Screen::Question(q.clone()),
                option_row(&a.content, &a.answers, q, o)
            )
        );
    }
}

#[test]
fn every_path_reaches_its_outcome_and_every_page_in_the_wizard() {
    let content = support::built_in();
    let shown = support::wizard_every_path(&content, 80, 24);
    assert_eq!(shown, support::outcomes_reached(&content));
}

#[test]
fn language_switches_at_any_point_without_losing_answers() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    walk_to_question(&mut a, "scope", EMPLOYEE_OFFLINE);
    let before = a.answers.clone();
    send(&mut a, key(KeyCode::Char('l')));
    assert_eq!(a.lang, Lang::En);
    assert_eq!(a.answers, before);
    assert!(draw(&mut a, 80, 24).contains("Where is the new place?"));
    send(&mut a, key(KeyCode::Char('L')));
    assert_eq!(a.lang, Lang::Zh);
}

#[test]
fn quitting_asks_first_once_answers_were_given() {
    let mut a = app();
    let fx = send(&mut a, key(KeyCode::Char('q')));
    assert_eq!(
        exit_of(&fx),
        Some(Exit::Quit),
        "nothing to lose: quits at once"
    );

    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    walk_to(&mut a, &EMPLOYEE_OFFLINE[..1]);
    let given = a.answers.clone();
    assert_eq!(exit_of(&send(&mut a, key(KeyCode::Char('q')))), None);
    let fx = send(&mut a, key(KeyCode::Char('n')));
    assert_eq!(exit_of(&fx), None, "any other key goes on");
    assert_eq!(a.answers, given);
    send(&mut a, key(KeyCode::Char('q')));
    let fx = send(&mut a, key(KeyCode::Char('y')));
    assert_eq!(exit_of(&fx), Some(Exit::Quit));

    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    walk_to(&mut a, &EMPLOYEE_OFFLINE[..1]);
    let fx = send(&mut a, key_mod(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(
        exit_of(&fx),
        Some(Exit::Quit),
        "Ctrl-C quits outside kiosk mode"
    );
}

#[test]
fn materials_tick_with_space_and_click() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    to_page(&mut a, Page::Materials);
    let first = a.resolved().unwrap().materials[0].id.clone();
    send(&mut a, key(KeyCode::Char(' ')));
    assert!(a.ticked.contains(&first));
    assert!(draw(&mut a, 80, 24).contains("[✓]"));
    let second = a.resolved().unwrap().materials[1].id.clone();
    let r = a
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == tap(&a, 1))
        .unwrap()
        .0;
    send(&mut a, click(r.x + 2, r.y));
    assert!(a.ticked.contains(&second));
    send(&mut a, click(r.x + 2, r.y));
    assert!(!a.ticked.contains(&second), "a second click unticks");
    assert!(a.ticked.contains(&first));
}

/// Whether the first cell of `name` on the screen is drawn in bold.
fn name_is_bold(buf: &ratatui::buffer::Buffer, name: &str) -> bool {
    let lines = support::buffer_lines(buf);
    let y = lines
        .iter()
        .position(|l| l.contains(name))
        .unwrap_or_else(|| panic!("{name} is on screen:\n{}", lines.join("\n")));
    let first = name.chars().next().unwrap().to_string();
    let x = (0..buf.area.width)
        .find(|&x| buf[(x, y as u16)].symbol() == first)
        .expect("the name's first cell");
    buf[(x, y as u16)]
        .modifier
        .contains(ratatui::style::Modifier::BOLD)
}

#[test]
fn a_ticked_material_differs_from_an_unticked_one_in_words_and_weight() {
    for hc in [false, true] {
        let mut a = app();
        if hc {
            a.high_contrast = true;
        }
        a.update(Msg::Enter, Duration::ZERO);
        answer_until_review(&mut a, EMPLOYEE_OFFLINE);
        to_page(&mut a, Page::Materials);
        let r = a.resolved().unwrap();
        let (first, second) = (r.materials[0].name.clone(), r.materials[1].name.clone());
        send(&mut a, key(KeyCode::Char(' ')));
        send(&mut a, key(KeyCode::Down));
        let buf = support::draw_buffer(&mut a, 80, 24, support::NOW);
        let text = support::buffer_text(&buf);
        assert!(text.contains(&format!("[✓] {first}（已备好）")), "{text}");
        assert!(text.contains(&format!("[ ] {second}\n")), "{text}");
        assert!(name_is_bold(&buf, &first), "ticked: bold\n{text}");
        assert!(!name_is_bold(&buf, &second), "not ticked: plain\n{text}");
    }
}

#[test]
fn long_text_scrolls_and_says_there_is_more() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    to_page(&mut a, Page::Notes);
    let text = draw(&mut a, 80, 24);
    assert!(
        a.drawn.max_scroll > 0,
        "the notes page is longer than 24 rows"
    );
    assert!(text.contains("下面还有内容"), "{text}");
    for _ in 0..200 {
        send(&mut a, key(KeyCode::Down));
        draw(&mut a, 80, 24);
    }
    assert_eq!(a.scroll, a.drawn.max_scroll);
    assert!(draw(&mut a, 80, 24).contains("已到底部"));
    let wheel = mouse(MouseEventKind::ScrollUp, 1, 5);
    send(&mut a, wheel);
    draw(&mut a, 80, 24);
    assert_eq!(a.scroll, a.drawn.max_scroll - 1);
}

// ---- kiosk ----

#[test]
fn kiosk_lock_down_keys_neither_exit_nor_suspend() {
    let mut a = kiosk_app(120);
    send(&mut a, key(KeyCode::Enter));
    a.update(Msg::Enter, Duration::ZERO);
    walk_to(&mut a, &EMPLOYEE_OFFLINE[..1]);
    for (code, m) in [
        (KeyCode::Char('q'), KeyModifiers::NONE),
        (KeyCode::Char('c'), KeyModifiers::CONTROL),
        (KeyCode::Char('z'), KeyModifiers::CONTROL),
        (KeyCode::Char('\\'), KeyModifiers::CONTROL),
        (KeyCode::Char('d'), KeyModifiers::CONTROL),
        (KeyCode::Char('y'), KeyModifiers::NONE),
    ] {
        let fx = send(&mut a, key_mod(code, m));
        assert_eq!(exit_of(&fx), None, "{code:?} {m:?} must not end the kiosk");
    }
    assert_eq!(exit_of(&send(&mut a, key(KeyCode::Esc))), None);
    assert_eq!(
        a.screen,
        Screen::Question("insurance".into()),
        "Esc only goes back"
    );
}

#[test]
fn kiosk_operator_exit_works_and_only_in_full() {
    let mut a = kiosk_app(120);
    let op = key_mod(
        KeyCode::Char('q'),
        KeyModifiers::CONTROL | KeyModifiers::ALT,
    );
    let mut fx = send(&mut a, op.clone());
    fx.extend(send(&mut a, op.clone()));
    fx.extend(send(&mut a, key(KeyCode::Char('x'))));
    fx.extend(send(&mut a, op.clone()));
    assert_eq!(exit_of(&fx), None, "an interrupted sequence does not count");
    send(&mut a, op.clone());
    let fx = send(&mut a, op);
    assert_eq!(exit_of(&fx), Some(Exit::Operator));
}

#[test]
fn kiosk_idle_reset_counts_down_and_wipes_everything() {
    let s = Duration::from_secs;
    let mut a = kiosk_app(120);
    a.update(Msg::Activity, s(0));
    assert_eq!(a.screen, Screen::Welcome);
    a.update(Msg::Enter, s(1));
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    let given = a.answers.len();
    a.update(Msg::Enter, s(2));
    a.lang = Lang::En;
    // The overview fits a 200x60 window: the plain idle time of 120 s.
    draw(&mut a, 200, 60);
    assert_eq!(a.idle_limit(), Some(s(120)));
    assert!(
        a.countdown(s(80)).is_none(),
        "no warning before the last 30 seconds"
    );
    a.update(Msg::Idle, s(100));
    assert_eq!(a.countdown(s(100)), Some(22));
    let text = draw_at(&mut a, 200, 60, s(100));
    assert!(
        text.contains("22 seconds") && text.contains("To protect your information"),
        "the countdown says how long and why:\n{text}"
    );
    // A tap cancels the countdown and does nothing else.
    let screen = a.screen.clone();
    a.update(Msg::Pick(0), s(101));
    assert_eq!(a.screen, screen);
    assert!(a.countdown(s(101)).is_none());
    assert_eq!(a.answers.len(), given);
    // Then nobody touches it.
    a.update(Msg::Idle, s(220));
    assert_ne!(a.screen, Screen::Attract, "just before the limit");
    let fx = a.update(Msg::Idle, s(221));
    assert_eq!(a.screen, Screen::Attract);
    assert!(a.answers.is_empty() && a.ticked.is_empty() && a.history.is_empty());
    assert_eq!(a.lang, Lang::Zh);
    assert!(
        fx.contains(&Effect::WipeScreen),
        "the loop is told to clear the screen and scrollback"
    );
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("点击屏幕或按任意键开始"));
}

#[test]
fn kiosk_targets_are_large() {
    let mut a = kiosk_app(120);
    a.update(Msg::Activity, Duration::ZERO);
    a.update(Msg::Enter, Duration::ZERO);
    draw(&mut a, 80, 24);
    let opt = a
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == tap(&a, 0))
        .unwrap()
        .0;
    assert!(
        opt.height >= 3,
        "option rows are at least 3 rows tall: {opt:?}"
    );
    for m in [Msg::Back, Msg::Home, Msg::Lang] {
        let r = a
            .drawn
            .hits
            .iter()
            .find(|(_, x)| *x == m)
            .unwrap_or_else(|| panic!("{m:?} button"))
            .0;
        assert!(
            r.height >= 3 && r.width >= 8,
            "{m:?} button is large: {r:?}"
        );
    }
    assert!(
        !a.drawn.hits.iter().any(|(_, m)| *m == Msg::Quit),
        "no quit button on a kiosk"
    );
}

#[test]
fn outside_kiosk_mode_q_and_ctrl_c_work_normally() {
    let mut a = app();
    let fx = send(&mut a, key_mod(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(exit_of(&fx), Some(Exit::Quit));
    let mut a = app();
    a.update(Msg::Idle, Duration::from_secs(10_000));
    assert_eq!(
        a.screen,
        Screen::Welcome,
        "no idle reset outside kiosk mode"
    );
}

mod random {
    use super::*;
    use proptest::prelude::*;

    fn event() -> impl Strategy<Value = Event> {
        let keys = prop_oneof![
            Just(KeyCode::Up),
            Just(KeyCode::Down),
            Just(KeyCode::Enter),
            Just(KeyCode::Esc),
            Just(KeyCode::Backspace),
            Just(KeyCode::Home),
            Just(KeyCode::PageDown),
            Just(KeyCode::PageUp),
            Just(KeyCode::F(1)),
            Just(KeyCode::Tab),
            any::<char>().prop_map(KeyCode::Char),
        ];
        prop_oneof![
            4 => (keys, prop_oneof![Just(KeyModifiers::NONE), Just(KeyModifiers::CONTROL)]).prop_map(|(k, m)| key_mod(k, m)),
            2 => (0u16..140, 0u16..50).prop_map(|(x, y)| click(x, y)),
            1 => (0u16..140, 0u16..50).prop_map(|(x, y)| mouse(MouseEventKind::ScrollDown, x, y)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn random_keys_clicks_and_sizes_never_panic_and_keep_the_model_sound(
            events in proptest::collection::vec(event(), 0..40),
            w in 0u16..140,
            h in 0u16..50,
            kiosk in any::<bool>(),
        ) {
            let mut a = if kiosk { kiosk_app(120) } else { app() };
            for (i, ev) in events.iter().enumerate() {
                draw(&mut a, w, h);
                let fx = input::handle(&mut a, ev, Duration::from_millis(i as u64 * 100));
                if exit_of(&fx.unwrap_or_default()).is_some() {
                    prop_assert!(!kiosk, "only the operator exit leaves a kiosk, and it is not in the random keys");
                    break;
                }
                let rows = a.rows();
                prop_assert!(rows == 0 || a.cursor < rows, "cursor {} of {} rows on {:?}", a.cursor, rows, a.screen);
                prop_assert_eq!(&flow::prune(&a.content, &a.answers), &a.answers, "no stale answers are kept");
                if let Screen::Question(q) = &a.screen {
                    prop_assert!(flow::path(&a.content, &a.answers).iter().any(|x| &x.id == q));
                }
                if let Screen::Page(p) = &a.screen {
                    prop_assert!(a.pages().contains(p));
                }
            }
        }
    }
}

#[test]
fn kiosk_reports_the_outcome_id_reached_for_anonymous_counts_and_nothing_else() {
    for id in support::outcomes_reached(&support::built_in()) {
        let mut a = kiosk_app(120);
        let mut fx = a.update(Msg::Activity, Duration::ZERO);
        fx.extend(a.update(Msg::Enter, Duration::ZERO));
        support::walk_to_outcome(&mut a, &id);
        assert_eq!(fx, [], "nothing is reported before the outcome is shown");
        // Counted once, on the overview: had the walk counted it, it
        // would not be counted again here.
        let fx = a.update(Msg::Enter, Duration::ZERO);
        assert_eq!(fx, [Effect::CountOutcome(id.clone())]);
    }

    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    assert_eq!(
        a.update(Msg::Enter, Duration::ZERO),
        [],
        "outside kiosk mode nothing is counted"
    );
}

#[test]
fn enter_reads_a_long_page_to_the_end_before_going_on() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    to_page(&mut a, Page::Steps);
    let first = draw(&mut a, 80, 24);
    assert!(a.drawn.max_scroll > 0);
    assert!(
        first.contains("[往下看 Enter]"),
        "the button says what Enter does:\n{first}"
    );
    let mut presses = 0;
    while a.screen == Screen::Page(Page::Steps) {
        let before = a.scroll;
        a.update(Msg::Enter, Duration::ZERO);
        if a.screen == Screen::Page(Page::Steps) {
            let text = draw(&mut a, 80, 24);
            assert!(a.scroll > before, "each Enter moves on");
            if a.scroll == a.drawn.max_scroll {
                assert!(text.contains("[下一页 Enter]"), "{text}");
            }
        }
        presses += 1;
        assert!(presses < 30);
    }
    assert!(presses > 1, "the page took more than one Enter");
    assert_eq!(a.screen, Screen::Page(Page::Materials));
}

#[test]
fn on_a_too_small_window_only_quitting_works() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    walk_to(&mut a, &EMPLOYEE_OFFLINE[..1]);
    let text = draw(&mut a, 50, 15);
    assert!(
        text.contains("请放大窗口") && text.contains("按 q 键退出"),
        "{text}"
    );
    let before = (a.screen.clone(), a.answers.clone());
    for k in [
        KeyCode::Enter,
        KeyCode::Char('1'),
        KeyCode::Esc,
        KeyCode::Home,
        KeyCode::Char('y'),
    ] {
        send(&mut a, key(k));
    }
    assert_eq!(
        (a.screen.clone(), a.answers.clone()),
        before,
        "keys do not act on a wizard nobody can see"
    );
    assert_eq!(a.overlay, None);
    let fx = send(&mut a, key(KeyCode::Char('q')));
    assert_eq!(
        exit_of(&fx),
        Some(Exit::Quit),
        "q quits at once: a confirmation could not be seen"
    );
}

#[test]
fn home_asks_before_clearing_answers_and_the_box_has_buttons() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    walk_to(&mut a, &EMPLOYEE_OFFLINE[..2]);
    let given = a.answers.len();
    send(&mut a, key(KeyCode::Home));
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("要重新开始吗？"), "{text}");
    assert_eq!(a.answers.len(), given, "nothing cleared yet");
    let no = a
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == Msg::No)
        .expect("a No button")
        .0;
    send(&mut a, click(no.x + 1, no.y));
    assert_eq!(a.answers.len(), given);
    assert_eq!(a.overlay, None);
    send(&mut a, key(KeyCode::Home));
    draw(&mut a, 80, 24);
    let yes = a
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == Msg::Yes)
        .expect("a Yes button")
        .0;
    send(&mut a, click(yes.x + 1, yes.y));
    assert!(a.answers.is_empty());
    assert_eq!(a.screen, Screen::Welcome);
}

#[test]
fn the_review_opens_at_the_top_with_the_confirm_row_selected() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    let text = draw(&mut a, 60, 18);
    assert_eq!(a.scroll, 0);
    assert!(text.contains("请核对您的回答"), "{text}");
    assert!(text.contains("> 没有问题，查看办理方法"), "{text}");
    // Scrolled away with the wheel, Enter first brings the selection back.
    for _ in 0..20 {
        send(&mut a, mouse(MouseEventKind::ScrollDown, 1, 5));
        draw(&mut a, 60, 18);
    }
    assert!(!a.drawn.shows(a.cursor));
    a.update(Msg::Enter, Duration::ZERO);
    assert_eq!(
        a.screen,
        Screen::Review,
        "Enter on an unseen row does not act"
    );
    draw(&mut a, 60, 18);
    assert!(a.drawn.shows(a.cursor));
    a.update(Msg::Enter, Duration::ZERO);
    assert_eq!(a.screen, Screen::Page(Page::Overview));
}

#[test]
fn s_asks_to_save_the_checklist_on_result_pages_but_not_on_a_kiosk() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    let fx = send(&mut a, key(KeyCode::Char('s')));
    assert_eq!(fx, [], "nothing to save before the outcome");
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    a.update(Msg::Enter, Duration::ZERO);
    assert_eq!(send(&mut a, key(KeyCode::Char('s'))), [Effect::Save]);

    let mut k = kiosk_app(120);
    k.update(Msg::Activity, Duration::ZERO);
    k.update(Msg::Enter, Duration::ZERO);
    answer_until_review(&mut k, EMPLOYEE_OFFLINE);
    k.update(Msg::Enter, Duration::ZERO);
    let fx = send(&mut k, key(KeyCode::Char('s')));
    assert_eq!(fx, [], "a kiosk writes nothing");
}

#[test]
fn below_the_last_row_down_and_the_more_button_read_on() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    a.screen = Screen::Page(Page::Final);
    draw(&mut a, 80, 24);
    assert!(
        a.drawn.max_scroll > 0,
        "the final page is longer than 80x24"
    );
    // Down moves through the rows, then scrolls once the last is reached.
    for _ in 0..a.rows() + 3 {
        a.update(Msg::Down, Duration::ZERO);
        draw(&mut a, 80, 24);
    }
    assert_eq!(a.cursor, a.rows() - 1);
    assert!(a.scroll > 0, "Down past the last row reads on");
    // The footer has a button for it too, which does not pick a row.
    let mut b = app();
    b.answers = a.answers.clone();
    b.screen = Screen::Page(Page::Final);
    draw(&mut b, 80, 24);
    let more = b
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == Msg::PageDown)
        .map(|(r, _)| *r)
        .expect("a More button on a long final page");
    send(&mut b, click(more.x, more.y));
    draw(&mut b, 80, 24);
    assert!(b.scroll > 0);
    assert_eq!(b.screen, Screen::Page(Page::Final));
    assert_eq!(b.overlay, None);
}

/// A kiosk app on its first question, drawn at `w`x`h`, at time `now`.
fn kiosk_at_first_question(w: u16, h: u16) -> (App, Duration) {
    let mut a = kiosk_app(120);
    a.update(Msg::Activity, Duration::ZERO);
    draw(&mut a, w, h);
    a.update(Msg::Enter, Duration::from_secs(1));
    let now = Duration::from_secs(2);
    draw_at(&mut a, w, h, now);
    assert!(matches!(a.screen, Screen::Question(_)));
    (a, now)
}

#[test]
fn a_kiosk_notice_moves_no_option() {
    for (w, h) in [(100, 30), (120, 31), (80, 24)] {
        let (mut a, now) = kiosk_at_first_question(w, h);
        let options = |a: &App| -> Vec<ratatui::layout::Rect> {
            a.drawn
                .hits
                .iter()
                .filter(|(_, m)| matches!(m, Msg::Tap(yibao_guide::tui::app::Action::Answer(..))))
                .map(|(r, _)| *r)
                .collect()
        };
        let before = options(&a);
        assert!(!before.is_empty());
        // 确定 with nothing chosen.
        a.update(Msg::Enter, now);
        assert!(a.notice.is_some());
        let text = draw_at(&mut a, w, h, now);
        assert!(
            text.lines().nth(1).unwrap_or("").contains("请先点选一项"),
            "{text}"
        );
        assert_eq!(options(&a), before, "at {w}x{h}:\n{text}");
    }
}

#[test]
fn in_high_contrast_a_kiosk_shows_where_its_options_can_be_tapped() {
    let (mut a, now) = kiosk_at_first_question(100, 30);
    a.high_contrast = true;
    let buf = support::draw_buffer(&mut a, 100, 30, now);
    let lines = support::buffer_lines(&buf);
    let y = lines.iter().position(|l| l.contains("1. ")).unwrap() as u16;
    let page = buf[(99, 2)].bg;
    // Right of the label, still inside the option's band.
    let cell = &buf[(60, y)];
    assert_ne!(
        cell.bg,
        page,
        "the option is a visible box:\n{}",
        lines.join("\n")
    );
    assert_eq!(cell.fg, ratatui::style::Color::White);
    assert_eq!(page, ratatui::style::Color::Black);
    // The bold label is on the same box, not on a black strip of its own.
    let label = (0..100u16)
        .find(|&x| buf[(x, y)].symbol() == "职")
        .expect("the label");
    assert_eq!(buf[(label, y)].bg, cell.bg);
}

/// A tap on row `i` of the screen.
fn tap(a: &App, i: usize) -> Msg {
    Msg::Tap(a.row_list()[i].action.clone())
}

fn hit(a: &App, msg: Msg) -> Option<ratatui::layout::Rect> {
    a.drawn
        .hits
        .iter()
        .find(|(_, m)| *m == msg)
        .map(|(r, _)| *r)
}

#[test]
fn a_kiosk_question_has_nothing_chosen_and_a_tap_marks_before_choose_answers() {
    let (mut a, mut now) = kiosk_at_first_question(100, 30);
    let q = a.screen.clone();
    let text = draw_at(&mut a, 100, 30, now);
    assert!(!text.contains("[✓]"), "nothing is marked at first:\n{text}");
    assert_eq!(a.focus(), None);
    // 确定 with nothing chosen says so and answers nothing.
    let ok = hit(&a, Msg::Enter).expect("a 确定 button");
    input::handle(&mut a, &click(ok.x + 1, ok.y + 1), now);
    assert_eq!(a.screen, q);
    assert!(a.answers.is_empty());
    assert!(draw_at(&mut a, 100, 30, now).contains("请先点选一项"));
    // A tap on the second option marks it and stays.
    let opt = hit(&a, tap(&a, 1)).expect("option 2 is tappable");
    now += Duration::from_secs(1);
    input::handle(&mut a, &click(opt.x + 4, opt.y + 1), now);
    assert_eq!(a.screen, q, "a tap alone does not answer");
    let text = draw_at(&mut a, 100, 30, now);
    let marked: Vec<&str> = text.lines().filter(|l| l.contains("[✓]")).collect();
    assert_eq!(marked.len(), 1, "{text}");
    assert!(
        marked[0].contains("2. "),
        "the tapped option is marked: {marked:?}"
    );
    assert!(!text.contains("请先点选一项"));
    // 确定 answers with the marked option.
    now += Duration::from_secs(1);
    input::handle(&mut a, &click(ok.x + 1, ok.y + 1), now);
    let Screen::Question(q) = q else {
        unreachable!()
    };
    let opts = &a.content.question(&q).unwrap().options;
    assert_eq!(a.answers.get(&q), Some(&opts[1].id));
    assert_ne!(a.screen, Screen::Question(q));
}

#[test]
fn a_kiosk_ignores_a_double_tap_right_after_a_page_change() {
    let (mut a, now) = kiosk_at_first_question(100, 30);
    let opt = hit(&a, tap(&a, 0)).unwrap();
    let ok = hit(&a, Msg::Enter).unwrap();
    input::handle(&mut a, &click(opt.x + 4, opt.y + 1), now);
    input::handle(
        &mut a,
        &click(ok.x + 1, ok.y + 1),
        now + Duration::from_secs(1),
    );
    let answered = a.answers.clone();
    let next = a.screen.clone();
    let t = a.changed_at;
    draw_at(&mut a, 100, 30, t);
    // The second tap of a double tap lands 150 ms later on the new page.
    let first = hit(&a, tap(&a, 0)).unwrap();
    input::handle(
        &mut a,
        &click(first.x + 4, first.y + 1),
        t + Duration::from_millis(150),
    );
    input::handle(
        &mut a,
        &click(ok.x + 1, ok.y + 1),
        t + Duration::from_millis(300),
    );
    assert_eq!(
        a.screen, next,
        "taps within half a second of a page change do nothing"
    );
    assert_eq!(a.answers, answered);
    assert_eq!(a.chosen, None);
    // A tap after that works.
    input::handle(
        &mut a,
        &click(first.x + 4, first.y + 1),
        t + Duration::from_millis(700),
    );
    assert_eq!(a.chosen, Some(0));
}

/// Where each footer label is drawn: the footer rows of the screen.
fn footer(text: &str, rows: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len() - rows..]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

#[test]
fn every_button_keeps_its_place_on_every_screen() {
    for kiosk in [false, true] {
        for (w, h) in [(80, 24), (100, 30), (120, 40)] {
            let mut a = if kiosk { kiosk_app(120) } else { app() };
            a.update(Msg::Activity, Duration::ZERO);
            draw(&mut a, w, h);
            let mut seen: Vec<(Msg, ratatui::layout::Rect)> = Vec::new();
            let mut check = |a: &App, text: &str| {
                for m in [
                    Msg::Back,
                    Msg::Review,
                    Msg::Home,
                    Msg::Lang,
                    Msg::Help,
                    Msg::Quit,
                ] {
                    if let Some(r) = hit(a, m.clone()) {
                        if let Some((_, before)) = seen.iter().find(|(x, _)| *x == m) {
                            assert_eq!(
                                *before, r,
                                "{m:?} moved on {:?} (kiosk {kiosk}, {w}x{h}):\n{text}",
                                a.screen
                            );
                        } else {
                            seen.push((m, r));
                        }
                    }
                }
            };
            let text = draw(&mut a, w, h);
            check(&a, &text);
            // 返回 cannot act on the welcome screen: it is shown, dimmed.
            assert!(hit(&a, Msg::Back).is_none());
            assert!(footer(&text, 7).concat().contains("返回"), "{text}");
            let mut t = Duration::from_secs(1);
            a.update(Msg::Enter, t);
            while a.screen != Screen::Page(Page::Final) {
                let text = draw_at(&mut a, w, h, t);
                check(&a, &text);
                if let Screen::Question(_) = a.screen {
                    a.update(Msg::Pick(0), t);
                } else {
                    enter_until_next(&mut a, w, h);
                }
                t += Duration::from_secs(1);
            }
            let text = draw_at(&mut a, w, h, t);
            check(&a, &text);
            assert!(hit(&a, Msg::Review).is_some(), "修改回答 on the last page");
            for m in [Msg::Back, Msg::Review, Msg::Home, Msg::Lang] {
                assert!(seen.iter().any(|(x, _)| *x == m), "{m:?} never shown");
            }
        }
    }
}

/// Every row of a box: its left and right border cells are drawn, and no
/// wide character left of it reaches under the border.
fn assert_box_whole(a: &mut App, w: u16, h: u16, now: Duration) {
    let buf = draw_buffer(a, w, h, now);
    let mut boxes = 0;
    for y in 0..h {
        for x in 0..w {
            if buf[(x, y)].symbol() != "┌" {
                continue;
            }
            boxes += 1;
            let right = (x + 1..w).find(|&x2| buf[(x2, y)].symbol() == "┐").unwrap();
            let bottom = (y + 1..h).find(|&y2| buf[(x, y2)].symbol() == "└").unwrap();
            for yy in y..=bottom {
                for xx in [x, right] {
                    let s = buf[(xx, yy)].symbol();
                    assert!(
                        ["│", "┌", "┐", "└", "┘"].contains(&s),
                        "border at {xx},{yy} is {s:?} at {w}x{h}"
                    );
                    if xx > 0 {
                        let left = buf[(xx - 1, yy)].symbol();
                        assert!(
                            left.width() < 2,
                            "{left:?} at {},{yy} runs under the border at {w}x{h}",
                            xx - 1
                        );
                    }
                }
            }
        }
    }
    assert!(boxes > 0, "a box is drawn at {w}x{h}");
}

#[test]
fn boxes_over_chinese_text_keep_every_border_cell() {
    // Every width from 60 to 71 puts the box edges on both even and odd
    // columns of the Chinese text under them.
    for w in 60..72 {
        for h in [18, 24] {
            let mut a = app();
            a.update(Msg::Enter, Duration::ZERO);
            walk_to(&mut a, &EMPLOYEE_OFFLINE[..1]);
            for o in [Overlay::Help, Overlay::ConfirmQuit, Overlay::ConfirmRestart] {
                a.overlay = Some(o);
                assert_box_whole(&mut a, w, h, Duration::ZERO);
            }
        }
    }
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    walk_to(&mut a, &EMPLOYEE_OFFLINE[..1]);
    a.overlay = Some(Overlay::Help);
    insta::assert_snapshot!("help-over-chinese-61x18", draw(&mut a, 61, 18));
    a.overlay = Some(Overlay::ConfirmQuit);
    insta::assert_snapshot!("quit-over-chinese-61x18", draw(&mut a, 61, 18));
    let (mut k, _) = kiosk_at_first_question(61, 18);
    k.update(Msg::Pick(0), Duration::from_secs(3));
    k.update(Msg::Home, Duration::from_secs(3));
    insta::assert_snapshot!("kiosk-restart-over-chinese-61x18", draw(&mut k, 61, 18));
    let later = Duration::from_secs(3) + k.idle_limit().unwrap() - Duration::from_secs(20);
    k.overlay = None;
    k.update(Msg::Idle, later);
    insta::assert_snapshot!(
        "kiosk-countdown-over-chinese-61x18",
        draw_at(&mut k, 61, 18, later)
    );
}

#[test]
fn kiosk_dialogs_speak_of_tapping_not_keys() {
    let (mut a, _) = kiosk_at_first_question(100, 30);
    a.update(Msg::Pick(0), Duration::from_secs(3));
    a.update(Msg::Home, Duration::from_secs(4));
    assert_eq!(a.overlay, Some(Overlay::ConfirmRestart));
    let text = draw_at(&mut a, 100, 30, Duration::from_secs(4));
    assert!(text.contains("重新开始会清除"), "{text}");
    for key in ["按 Y", " Y", " N", "任意键"] {
        assert!(!text.contains(key), "{key:?} on a kiosk box:\n{text}");
    }
    assert!(hit(&a, Msg::Yes).is_some() && hit(&a, Msg::No).is_some());
}

#[test]
fn kiosk_idle_time_is_at_least_a_minute_and_longer_on_long_pages() {
    let k = Kiosk::new(Duration::from_secs(5), vec!["f12".into()]);
    assert_eq!(k.idle_after, Duration::from_secs(60), "raised to 60 s");
    let mut a = kiosk_app(120);
    a.update(Msg::Activity, Duration::ZERO);
    draw(&mut a, 200, 60);
    a.update(Msg::Enter, Duration::ZERO);
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    a.update(Msg::Enter, Duration::ZERO);
    draw(&mut a, 200, 60);
    let short = a.idle_limit().unwrap();
    // The same page in a small window runs over several screens.
    draw(&mut a, 60, 18);
    assert!(a.drawn.max_scroll > 0);
    let long = a.idle_limit().unwrap();
    assert!(long > short, "{long:?} <= {short:?}");
    assert!(long <= short + Duration::from_secs(120));
}

/// Walks a laptop app to the first result page.
fn at_overview(answers: &[(&str, &str)]) -> App {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    answer_until_review(&mut a, answers);
    a.update(Msg::Enter, Duration::ZERO);
    assert_eq!(a.screen, Screen::Page(Page::Overview));
    a
}

#[test]
fn change_answers_is_one_tap_from_every_result_page_and_review_rows_are_numbered() {
    let mut a = at_overview(EMPLOYEE_OFFLINE);
    let mut pages = 0;
    loop {
        draw(&mut a, 100, 30);
        assert!(hit(&a, Msg::Review).is_some(), "修改回答 on {:?}", a.screen);
        if a.screen == Screen::Page(Page::Final) {
            break;
        }
        enter_until_next(&mut a, 100, 30);
        pages += 1;
    }
    assert!(pages > 0);
    let r = hit(&a, Msg::Review).unwrap();
    send(&mut a, click(r.x + 1, r.y));
    assert_eq!(a.screen, Screen::Review);
    // (Tall enough for every row of the longest path.)
    let text = draw(&mut a, 100, 60);
    for (i, q) in flow::path(&a.content, &a.answers).iter().enumerate() {
        let row = format!("{}. {}", i + 1, q.title.get(Lang::Zh));
        assert!(text.contains(&row), "{row:?} in\n{text}");
    }
    // C does the same from the keyboard.
    let mut b = at_overview(EMPLOYEE_OFFLINE);
    send(&mut b, key(KeyCode::Char('c')));
    assert_eq!(b.screen, Screen::Review);
}

#[test]
fn a_click_on_an_answer_in_the_side_panel_opens_its_question() {
    let mut a = at_overview(EMPLOYEE_OFFLINE);
    let text = draw(&mut a, 140, 40);
    let path = flow::path(&a.content, &a.answers);
    let q = path.get(1).expect("a path of more than one question");
    let (r, _) = *a
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == Msg::Tap(Action::Edit(q.id.clone())))
        .unwrap_or_else(|| panic!("the second answer is clickable:\n{text}"));
    let label = text.lines().nth(usize::from(r.y)).unwrap();
    let start: String = q.title.get(Lang::Zh).chars().take(10).collect();
    assert!(label.contains(&start), "{label}");
    let id = q.id.clone();
    send(&mut a, click(r.x + 2, r.y + 1));
    assert_eq!(a.screen, Screen::Question(id));
}

#[test]
fn ticks_on_materials_still_needed_are_kept_after_changing_an_answer() {
    let mut a = at_overview(EMPLOYEE_OFFLINE);
    let before: Vec<String> = a
        .resolved()
        .unwrap()
        .materials
        .iter()
        .map(|m| m.id.clone())
        .collect();
    a.ticked.extend(before.iter().cloned());
    // Change how to apply: online instead of at the window.
    a.update(Msg::Review, Duration::ZERO);
    let path = flow::path(&a.content, &a.answers);
    let ch = path.iter().position(|q| q.id == "channel").unwrap();
    a.update(Msg::Pick(ch + 1), Duration::ZERO);
    walk_to(&mut a, &[("channel", "online")]);
    assert_eq!(a.screen, Screen::Review);
    let after: Vec<String> = a
        .resolved()
        .unwrap()
        .materials
        .iter()
        .map(|m| m.id.clone())
        .collect();
    let kept: Vec<&String> = after.iter().filter(|m| before.contains(m)).collect();
    assert!(!kept.is_empty(), "the two routes share materials");
    for m in &kept {
        assert!(a.ticked.contains(*m), "{m} lost its tick");
    }
    assert!(
        a.ticked.iter().all(|t| after.contains(t)),
        "no tick on a material no longer listed"
    );
}

#[test]
fn quitting_on_a_result_page_offers_to_save_first() {
    let mut a = at_overview(EMPLOYEE_OFFLINE);
    send(&mut a, key(KeyCode::Char('q')));
    assert_eq!(a.overlay, Some(Overlay::ConfirmQuit));
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("保存并退出"), "{text}");
    let save = hit(&a, Msg::Save).expect("a save button in the box");
    let fx = send(&mut a, click(save.x + 1, save.y));
    assert_eq!(
        fx,
        [Effect::Save, Effect::Quit(Exit::Quit)],
        "the loop is asked to save, then to quit"
    );
    // Before the result there is nothing to save: quit or go on.
    let mut b = app();
    b.update(Msg::Enter, Duration::ZERO);
    walk_to(&mut b, &EMPLOYEE_OFFLINE[..1]);
    b.update(Msg::Quit, Duration::ZERO);
    let text = draw(&mut b, 80, 24);
    assert!(!text.contains("保存并退出"));
    assert!(hit(&b, Msg::Save).is_none());
}

#[test]
fn save_is_in_the_footer_of_every_result_page() {
    let mut a = at_overview(EMPLOYEE_OFFLINE);
    loop {
        let text = draw(&mut a, 80, 24);
        assert!(hit(&a, Msg::Save).is_some(), "{:?}:\n{text}", a.screen);
        if a.screen == Screen::Page(Page::Final) {
            break;
        }
        enter_until_next(&mut a, 80, 24);
    }
}

#[test]
fn the_plan_takes_five_pages_with_a_strip_of_section_names_to_jump_between() {
    let mut a = at_overview(EMPLOYEE_OFFLINE);
    let r = a.resolved().unwrap();
    assert!(r.steps.len() > 1);
    assert_eq!(
        a.pages(),
        [
            Page::Overview,
            Page::Steps,
            Page::Materials,
            Page::Notes,
            Page::Final
        ]
    );
    let text = draw(&mut a, 100, 30);
    let strip = text.lines().nth(1).unwrap();
    assert!(
        strip.contains("[概览]") && strip.contains("注意事项"),
        "{strip}"
    );
    assert!(
        strip.contains("已备好 0 项"),
        "the count shows on every page: {strip}"
    );
    // A click on 注意事项 goes there.
    let (r_notes, _) = *a
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == Msg::Section(Page::Notes))
        .unwrap();
    send(&mut a, click(r_notes.x + 1, r_notes.y));
    assert_eq!(a.screen, Screen::Page(Page::Notes));
    // Every step is on the steps page, the finish-by date at its end.
    a.update(Msg::Section(Page::Steps), Duration::ZERO);
    let text = draw(&mut a, 200, 60);
    for (i, st) in r.steps.iter().enumerate() {
        assert!(
            text.contains(&format!("第{}步 {}", i + 1, st.title)),
            "{text}"
        );
    }
    assert!(text.contains(&r.finish_by.as_ref().unwrap().short));
}

#[test]
fn notes_show_their_titles_and_open_one_at_a_time() {
    let mut a = at_overview(EMPLOYEE_OFFLINE);
    a.update(Msg::Section(Page::Notes), Duration::ZERO);
    let r = a.resolved().unwrap();
    let text = draw(&mut a, 120, 40);
    for n in &r.notes {
        assert!(text.contains(&n.title), "{} by title", n.title);
    }
    let first_body: String = r.notes[0].body.chars().take(12).collect();
    assert!(!text.contains(&first_body), "closed at first");
    a.update(Msg::Enter, Duration::ZERO);
    assert_eq!(a.screen, Screen::Page(Page::Notes), "Enter opens, stays");
    assert!(draw(&mut a, 120, 40).contains(&first_body));
    a.update(Msg::Enter, Duration::ZERO);
    assert!(!draw(&mut a, 120, 40).contains(&first_body), "and closes");
    // The main button goes on to the next page.
    let next = hit(&a, Msg::NextPage).expect("下一页 on the notes page");
    send(&mut a, click(next.x + 1, next.y));
    assert_eq!(a.screen, Screen::Page(Page::Final));
}

#[test]
fn wide_windows_keep_lines_short_and_use_a_second_column() {
    let mut a = at_overview(EMPLOYEE_OFFLINE);
    a.update(Msg::Section(Page::Steps), Duration::ZERO);
    let narrow = draw(&mut a, 100, 30);
    let longest = narrow
        .lines()
        .skip(2)
        .take(20)
        .map(|l| l.width())
        .max()
        .unwrap();
    assert!(
        longest <= 82,
        "text lines stay readable at 100 wide: {longest}"
    );
    let rows_100x60 = {
        draw(&mut a, 100, 60);
        a.drawn.body_height
    };
    draw(&mut a, 200, 60);
    assert!(
        a.drawn.body_height > rows_100x60 * 3 / 2,
        "two columns show about twice as much: {} vs {rows_100x60}",
        a.drawn.body_height
    );
}

#[test]
fn the_question_stays_in_view_while_its_options_scroll() {
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    walk_to(&mut a, &EMPLOYEE_OFFLINE[..1]);
    let Screen::Question(q) = a.screen.clone() else {
        unreachable!()
    };
    let title = a
        .content
        .question(&q)
        .unwrap()
        .title
        .get(Lang::Zh)
        .to_owned();
    for _ in 0..8 {
        a.update(Msg::Down, Duration::ZERO);
        let text = draw(&mut a, 60, 18);
        assert!(text.contains(&title), "{text}");
    }
}

// --- The province grid ---------------------------------------------------

/// The answers that reach the first province question.
const TO_PROVINCES: &[(&str, &str)] = &[
    ("insurance", "employee"),
    ("retired", "no"),
    ("situation", "none"),
    ("stay", "long-term"),
];

fn at_from_province(a: &mut App) {
    walk_to_question(a, "from_province", TO_PROVINCES);
}

fn type_letters(a: &mut App, letters: &str) {
    for c in letters.chars() {
        send(a, key(KeyCode::Char(c)));
    }
}

#[test]
fn province_grid_snapshots() {
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            let mut a = app();
            a.lang = lang;
            at_from_province(&mut a);
            assert!(a.grid(), "the province question is a grid");
            let text = draw(&mut a, w, h);
            for line in text.lines() {
                assert!(line.width() <= usize::from(w), "too wide: {line}");
            }
            insta::assert_snapshot!(format!("grid-{l}-{w}x{h}"), text);
            for letters in ["gd", "sx"] {
                type_letters(&mut a, letters);
                insta::assert_snapshot!(format!("grid-{letters}-{l}-{w}x{h}"), draw(&mut a, w, h));
                send(&mut a, key(KeyCode::Esc));
                assert!(a.filter.is_empty(), "Esc clears the letters typed");
            }
        }
    }
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut a = kiosk_app(120);
        at_from_province(&mut a);
        assert_eq!(a.focus(), None, "nothing is chosen on a kiosk at first");
        insta::assert_snapshot!(format!("grid-kiosk-{w}x{h}"), draw(&mut a, w, h));
    }
}

#[test]
fn the_english_grid_on_a_wide_window_has_no_gap_beside_a_longer_label() {
    let mut a = app();
    a.lang = Lang::En;
    at_from_province(&mut a);
    let text = draw(&mut a, 200, 60);
    for name in ["Inner Mongolia", "Tibet (Xizang)"] {
        let line = text.lines().find(|l| l.contains(name)).unwrap();
        let after = &line[line.find(name).unwrap() + name.len()..];
        let gap = after.len() - after.trim_start().len();
        assert!(
            after.trim_start().starts_with('│') || gap <= 6,
            "a gap of {gap} after {name}:\n{text}"
        );
    }
    insta::assert_snapshot!("grid-en-200x60", text);
}

#[test]
fn every_province_fits_80x24_without_scrolling() {
    for lang in [Lang::Zh, Lang::En] {
        let mut a = app();
        a.lang = lang;
        at_from_province(&mut a);
        let text = draw(&mut a, 80, 24);
        let q = a.content.question("from_province").unwrap();
        for o in &q.options {
            assert!(
                support::flat(&text).contains(&support::flat(o.label.get(lang))),
                "{} is not on the 80x24 screen:\n{text}",
                o.id
            );
        }
    }
}

#[test]
fn typing_initials_narrows_the_grid_and_enter_answers() {
    let mut a = app();
    at_from_province(&mut a);
    draw(&mut a, 80, 24);
    type_letters(&mut a, "sx");
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("山西") && text.contains("陕西"), "{text}");
    assert!(!text.contains("广东") && !text.contains("湖南"), "{text}");
    assert!(
        text.contains("查找：sx"),
        "the letters typed are shown:\n{text}"
    );
    // Backspace takes back one letter: "s" shows 上海, 山东, 四川 too.
    send(&mut a, key(KeyCode::Backspace));
    assert_eq!(a.filter, "s");
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("上海") && text.contains("四川"), "{text}");
    // "h" is every province whose initials start with h.
    send(&mut a, key(KeyCode::Backspace));
    type_letters(&mut a, "h");
    let text = draw(&mut a, 80, 24);
    for p in ["河北", "黑龙江", "河南", "湖北", "湖南", "海南"] {
        assert!(text.contains(p), "{p} is missing for h:\n{text}");
    }
    assert!(!text.contains("广东"), "{text}");
    // A letter that leaves nothing is not taken, and says so.
    type_letters(&mut a, "z");
    assert_eq!(a.filter, "h");
    assert!(draw(&mut a, 80, 24).contains("没有拼音首字母以「hz」开头的选项"));
    // Backspace with nothing typed goes back, as everywhere.
    send(&mut a, key(KeyCode::Esc));
    send(&mut a, key(KeyCode::Backspace));
    assert_ne!(a.screen, Screen::Question("from_province".into()));

    let mut a = app();
    at_from_province(&mut a);
    draw(&mut a, 80, 24);
    type_letters(&mut a, "gd");
    draw(&mut a, 80, 24);
    send(&mut a, key(KeyCode::Enter));
    assert_eq!(
        a.answers.get("from_province").map(String::as_str),
        Some("guangdong")
    );
    assert_eq!(a.screen, Screen::Question("to_province".into()));
}

#[test]
fn letters_on_the_grid_are_typed_not_shortcuts() {
    let mut a = app();
    at_from_province(&mut a);
    draw(&mut a, 80, 24);
    // q, l, r, c, j, k would quit, switch language, read, change answers
    // or move elsewhere; here they find.
    let fx = send(&mut a, key(KeyCode::Char('q')));
    assert_eq!((exit_of(&fx), a.overlay, a.lang), (None, None, Lang::Zh));
    assert_eq!(a.filter, "q");
    send(&mut a, key(KeyCode::Esc));
    type_letters(&mut a, "l");
    assert_eq!(a.lang, Lang::Zh);
    assert_eq!(a.filter, "l");
    send(&mut a, key(KeyCode::Esc));
    // Their other keys still work.
    send(&mut a, key(KeyCode::F(2)));
    assert_eq!(a.lang, Lang::En);
    send(&mut a, key(KeyCode::F(10)));
    assert_eq!(a.overlay, Some(Overlay::ConfirmQuit));
    send(&mut a, key(KeyCode::Char('n')));
    assert_eq!(a.overlay, None, "y and n still answer the box");
    // Number keys do nothing on the grid (its cells have no numbers).
    send(&mut a, key(KeyCode::Char('1')));
    assert_eq!(a.screen, Screen::Question("from_province".into()));
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("(F2)") && text.contains("(F10)"), "{text}");
}

#[test]
fn arrows_move_in_two_dimensions() {
    let mut a = app();
    at_from_province(&mut a);
    draw(&mut a, 80, 24);
    let l = a.grid_layout(a.drawn.grid_width);
    let cols = l.cells.iter().filter(|c| c.row == 0).count();
    assert!(cols > 2, "several columns at 80x24");
    assert_eq!(a.cursor, 0);
    send(&mut a, key(KeyCode::Right));
    assert_eq!(a.cursor, 1);
    send(&mut a, key(KeyCode::Down));
    assert_eq!(a.cursor, 1 + cols);
    send(&mut a, key(KeyCode::Left));
    assert_eq!(a.cursor, cols);
    send(&mut a, key(KeyCode::Up));
    assert_eq!(a.cursor, 0);
    // End reaches the row of its own, "I don't know".
    send(&mut a, key(KeyCode::End));
    let q = a.content.question("from_province").unwrap();
    assert_eq!(q.options[a.cursor].id, "unknown");
}

/// The column and row where `text` is drawn, for a click on it.
fn where_on_screen(a: &mut App, w: u16, h: u16, now: Duration, text: &str) -> (u16, u16) {
    let lines = support::buffer_lines(&draw_buffer(a, w, h, now));
    let (y, line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains(text))
        .unwrap_or_else(|| panic!("{text} is not on screen"));
    let x = line[..line.find(text).unwrap()].width();
    (x as u16, y as u16)
}

#[test]
fn a_click_on_a_cell_picks_it() {
    let mut a = app();
    at_from_province(&mut a);
    let (x, y) = where_on_screen(&mut a, 80, 24, Duration::ZERO, "浙江");
    send(&mut a, click(x, y));
    assert_eq!(
        a.answers.get("from_province").map(String::as_str),
        Some("zhejiang")
    );
}

#[test]
fn a_kiosk_grid_marks_a_tap_and_answers_on_choose() {
    let mut a = kiosk_app(120);
    at_from_province(&mut a);
    let now = Duration::from_secs(5);
    let (x, y) = where_on_screen(&mut a, 120, 40, now, "湖南");
    input::handle(&mut a, &click(x, y), now);
    assert!(!a.answers.contains_key("from_province"), "a tap only marks");
    let text = draw_at(&mut a, 120, 40, now);
    assert!(text.contains("✓ 湖南"), "{text}");
    a.update(Msg::Enter, now);
    assert_eq!(
        a.answers.get("from_province").map(String::as_str),
        Some("hunan")
    );
}

// --- The kiosk's hall ------------------------------------------------------

/// A kiosk in the hall, through the welcome to the hall question, then
/// the side of the move chosen (a tap and 确定).
fn hall_kiosk(side: usize) -> App {
    let mut a = kiosk_app(120);
    a.hall = Some(hall());
    a.update(Msg::Activity, Duration::ZERO);
    a.update(Msg::Enter, Duration::ZERO);
    assert_eq!(a.screen, Screen::Hall);
    assert_eq!(a.focus(), None, "nothing is chosen at first");
    a.update(tap(&a, side), Duration::ZERO);
    a.update(Msg::Enter, Duration::ZERO);
    a
}

/// Answers every question asked from `wanted` (which has them all), up
/// to the review.
fn answer_all(a: &mut App, wanted: &[(&str, &str)]) {
    if a.screen == Screen::Welcome {
        a.update(Msg::Pick(0), Duration::ZERO);
    }
    while let Screen::Question(q) = a.screen.clone() {
        let o = wanted
            .iter()
            .find(|(w, _)| *w == q)
            .unwrap_or_else(|| panic!("no answer for {q}"))
            .1;
        let row = option_row(&a.content, &a.answers, &q, o);
        a.update(Msg::Pick(row), Duration::ZERO);
    }
    assert_eq!(a.screen, Screen::Review);
}

/// The lines of the steps page, drawn tall enough to hold every step.
fn steps_text(a: &mut App, wanted: &[(&str, &str)]) -> String {
    answer_all(a, wanted);
    a.update(Msg::Enter, Duration::ZERO);
    to_page(a, Page::Steps);
    draw(a, 100, 120)
}

/// The text of one step on the steps page: from its title to the next.
fn step_block<'t>(text: &'t str, title: &str) -> &'t str {
    let at = text
        .find(title)
        .unwrap_or_else(|| panic!("no step {title}:\n{text}"));
    let rest = &text[at..];
    let end = rest.find("\n 第").unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn the_hall_question_and_its_preset() {
    let mut a = hall_kiosk(0);
    insta::assert_snapshot!("hall-question-80x24", {
        let mut b = kiosk_app(120);
        b.hall = Some(hall());
        b.update(Msg::Activity, Duration::ZERO);
        b.update(Msg::Enter, Duration::ZERO);
        draw(&mut b, 80, 24)
    });
    walk_to_question(&mut a, "from_province", TO_PROVINCES);
    let q = a.content.question("from_province").unwrap();
    assert_eq!(
        a.focus().map(|i| q.options[i].id.as_str()),
        Some("guangdong"),
        "moving away from here presets the old province"
    );
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("✓ 广东"), "{text}");
    assert!(text.contains("已按本大厅所在的广东替您选好"), "{text}");
    insta::assert_snapshot!("hall-preset-80x24", text);
    // The person can still change it.
    let hunan = tap(
        &a,
        option_row(&a.content, &a.answers, "from_province", "hunan"),
    );
    a.update(hunan, Duration::ZERO);
    a.update(Msg::Enter, Duration::ZERO);
    assert_eq!(
        a.answers.get("from_province").map(String::as_str),
        Some("hunan")
    );
    // The new province is not preset when moving away.
    assert_eq!(a.screen, Screen::Question("to_province".into()));
    assert_eq!(a.focus(), None);

    let mut a = hall_kiosk(1);
    walk_to_question(&mut a, "from_province", TO_PROVINCES);
    assert_eq!(
        a.focus(),
        None,
        "moving here does not preset the old province"
    );
    a.update(
        Msg::Pick(option_row(&a.content, &a.answers, "from_province", "hunan")),
        Duration::ZERO,
    );
    let q = a.content.question("to_province").unwrap();
    assert_eq!(
        a.focus().map(|i| q.options[i].id.as_str()),
        Some("guangdong")
    );
    a.update(Msg::Enter, Duration::ZERO);
    assert_eq!(
        a.answers.get("to_province").map(String::as_str),
        Some("guangdong")
    );

    // Neither: nothing preset.
    let mut a = hall_kiosk(2);
    walk_to_question(&mut a, "from_province", TO_PROVINCES);
    assert_eq!(a.focus(), None);
}

/// The same, moving here: from Zhejiang to Guangdong, the hall's province.
fn here_offline() -> Vec<(&'static str, &'static str)> {
    AWAY_OFFLINE
        .iter()
        .map(|(q, o)| match *q {
            "from_province" => (*q, "zhejiang"),
            "to_province" => (*q, "guangdong"),
            _ => (*q, *o),
        })
        .collect()
}

#[test]
fn a_step_at_the_hall_names_its_window_and_call_first_a_number() {
    // Moving away from Guangdong: the certificate and the window are at
    // the old place, here; the call goes to the new place, Zhejiang.
    let mut a = hall_kiosk(0);
    let text = steps_text(&mut a, AWAY_OFFLINE);
    let window = "您就在大厅：请到3号窗口";
    assert!(
        step_block(&text, "开《参保凭证》（当地需要时）").contains(window),
        "{text}"
    );
    assert!(
        step_block(&text, "到窗口提交申请").contains(window),
        "{text}"
    );
    let call = step_block(&text, "先打电话问清楚");
    assert!(
        !call.contains("您就在大厅"),
        "the call is to the new place:\n{call}"
    );
    assert!(
        !call.contains("020-12345678"),
        "not the hall's number for the new place:\n{call}"
    );
    assert!(
        call.contains("12393") && call.contains("当地医保局"),
        "{call}"
    );
    insta::assert_snapshot!("hall-steps-away", text);

    // Moving here to Guangdong: the call goes to this hall.
    let mut a = hall_kiosk(1);
    let here = here_offline();
    let text = steps_text(&mut a, &here);
    let call = step_block(&text, "先打电话问清楚");
    assert!(
        call.contains("电话：020-12345678（天河区医保服务大厅）"),
        "{call}"
    );
    assert!(
        step_block(&text, "到窗口提交申请").contains(window),
        "{text}"
    );
    assert!(
        !step_block(&text, "开《参保凭证》（当地需要时）").contains("您就在大厅"),
        "the certificate comes from the old place:\n{text}"
    );

    // A laptop: no hall, the province's number where a checked fact has one.
    let mut a = app();
    let fujian: Vec<(&str, &str)> = AWAY_OFFLINE
        .iter()
        .map(|(q, o)| {
            if *q == "to_province" {
                (*q, "fujian")
            } else {
                (*q, *o)
            }
        })
        .collect();
    let text = steps_text(&mut a, &fujian);
    let call = step_block(&text, "先打电话问清楚");
    assert!(call.contains("0591-12345转2转2"), "{call}");
    assert!(!text.contains("您就在大厅"), "{text}");
}

#[test]
fn reading_on_has_one_button_in_one_slot_and_it_works() {
    // A kiosk: the first slot goes on to the next page, the second reads
    // on; never two 往下看 side by side with one of them dead.
    let mut a = hall_kiosk(0);
    answer_all(&mut a, AWAY_OFFLINE);
    a.update(Msg::Enter, Duration::ZERO);
    to_page(&mut a, Page::Steps);
    let mut now = Duration::from_secs(10);
    let text = draw_at(&mut a, 100, 30, now);
    let foot = text.lines().rev().find(|l| l.contains("返回")).unwrap();
    assert_eq!(foot.matches("往下看").count(), 1, "{foot}");
    assert!(foot.contains("下一页"), "{foot}");
    insta::assert_snapshot!("kiosk-steps-100x30", text);
    let more = hit(&a, Msg::PageDown).expect("往下看 can be tapped");
    now += Duration::from_secs(1);
    input::handle(&mut a, &click(more.x + 1, more.y + 1), now);
    draw_at(&mut a, 100, 30, now);
    assert_eq!(a.screen, Screen::Page(Page::Steps));
    assert!(a.scroll > 0, "往下看 reads on");
    let next = hit(&a, Msg::NextPage).expect("下一页 can be tapped");
    now += Duration::from_secs(1);
    input::handle(&mut a, &click(next.x + 1, next.y + 1), now);
    assert_eq!(a.screen, Screen::Page(Page::Materials));

    // A laptop: [往下看 PgDn] is not drawn dead while there is more below.
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    answer_until_review(&mut a, EMPLOYEE_OFFLINE);
    to_page(&mut a, Page::Steps);
    draw(&mut a, 80, 24);
    assert!(a.drawn.max_scroll > 0);
    let more = hit(&a, Msg::PageDown).expect("[往下看 PgDn] can be clicked");
    send(&mut a, click(more.x + 1, more.y));
    draw(&mut a, 80, 24);
    assert!(a.scroll > 0, "it reads on");
}

/// The take-away of a kiosk in its hall: the QR text, the receipt and the
/// checklist file each carry, on the steps done here, the window, and on
/// the call step the number to call, as the steps page does.
fn takeaways(a: &App) -> [(&'static str, String); 3] {
    let r = a.resolved().expect("a route");
    let none = Default::default();
    [
        (
            "qr",
            yibao_guide::export::qr_text(&a.content, &r, a.lang, yibao_guide::export::Detail::Full),
        ),
        (
            "receipt",
            yibao_guide::export::receipt(&a.content, &r, a.lang, &none, 40),
        ),
        (
            "file",
            yibao_guide::export::saved_checklist(&a.content, &r, a.lang, &none),
        ),
    ]
}

#[test]
fn the_take_away_at_the_hall_names_the_window_and_the_number_to_call() {
    // Moving away from Guangdong: the certificate and the application are
    // done at window 3 here; the call goes to the new place.
    let mut a = hall_kiosk(0);
    answer_all(&mut a, AWAY_OFFLINE);
    for (what, text) in takeaways(&a) {
        let flat = support::flat(&text);
        assert_eq!(
            flat.matches("您就在大厅：请到3号窗口").count(),
            2,
            "{what}: the certificate and the application are done here:\n{text}"
        );
        assert!(flat.contains("12393"), "{what}:\n{text}");
        assert!(!flat.contains("020-12345678"), "{what}:\n{text}");
    }
    // Moving here: the call goes to this hall, and its number is on it.
    let mut a = hall_kiosk(1);
    let here = here_offline();
    answer_all(&mut a, &here);
    for (what, text) in takeaways(&a) {
        let flat = support::flat(&text);
        assert!(
            flat.contains("电话：020-12345678（天河区医保服务大厅）"),
            "{what}:\n{text}"
        );
        assert_eq!(
            flat.matches("您就在大厅：请到3号窗口").count(),
            1,
            "{what}:\n{text}"
        );
    }
    // A laptop has no hall: nothing of the kind.
    let mut a = app();
    answer_all(&mut a, AWAY_OFFLINE);
    for (what, text) in takeaways(&a) {
        assert!(!text.contains("您就在大厅"), "{what}:\n{text}");
    }
}

#[test]
fn the_hall_name_follows_the_language_and_the_english_take_away_gives_both() {
    let mut a = hall_kiosk(1);
    if let Some(h) = a.hall.as_mut() {
        h.name = yibao_guide::tui::kiosk::Name::Both(yibao_guide::tui::kiosk::NameBoth {
            zh: "天河区医保服务大厅".into(),
            en: "Tianhe Medical Insurance Service Hall".into(),
        });
    }
    a.update(Msg::Lang, Duration::ZERO);
    let here = here_offline();
    answer_all(&mut a, &here);
    assert_eq!(a.lang, Lang::En);
    for (what, text) in takeaways(&a) {
        assert!(
            flat(&text).contains(&flat(
                "Phone: 020-12345678 (Tianhe Medical Insurance Service Hall 【天河区医保服务大厅】)"
            )),
            "{what}:\n{text}"
        );
    }
    // On screen, English only.
    let (question, _, _) = a.hall_texts();
    assert!(
        question.contains("Tianhe Medical Insurance Service Hall"),
        "{question}"
    );
    assert!(!question.contains("天河"), "{question}");
    let text = steps_text(&mut a, &[]);
    assert!(
        text.contains("Tianhe Medical Insurance Service Hall"),
        "{text}"
    );
    // And in Chinese, Chinese only.
    a.update(Msg::Lang, Duration::ZERO);
    let (question, _, _) = a.hall_texts();
    assert!(
        question.contains("天河区医保服务大厅") && !question.contains("Tianhe"),
        "{question}"
    );
}

#[test]
fn a_hall_in_an_unknown_province_is_refused_with_the_valid_ids() {
    let content = support::built_in();
    let mut h = hall();
    assert!(yibao_guide::tui::kiosk::check_hall(&h, &content).is_ok());
    h.province = "canton".into();
    let e = yibao_guide::tui::kiosk::check_hall(&h, &content).unwrap_err();
    assert!(
        e.contains("\"canton\"") && e.contains("guangdong") && e.contains("bingtuan"),
        "{e}"
    );
    h.province = "unknown".into();
    assert!(yibao_guide::tui::kiosk::check_hall(&h, &content).is_err());
    h.province = "guangdong".into();
    h.windows.enrol = Some(" ".into());
    let e = yibao_guide::tui::kiosk::check_hall(&h, &content).unwrap_err();
    assert!(e.contains("windows.enrol"), "{e}");
    // A name in both languages needs both.
    h.windows.enrol = None;
    h.name = yibao_guide::tui::kiosk::Name::Both(yibao_guide::tui::kiosk::NameBoth {
        zh: "天河区医保服务大厅".into(),
        en: " ".into(),
    });
    let e = yibao_guide::tui::kiosk::check_hall(&h, &content).unwrap_err();
    assert!(e.contains("name is empty"), "{e}");
}

#[test]
fn the_hall_is_read_from_the_kiosk_settings() {
    let dir = std::env::temp_dir().join(format!("yibao-hall-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("kiosk.toml");
    std::fs::write(
        &path,
        "[kiosk]\n[kiosk.hall]\nprovince = \"guangdong\"\nname = \"天河区医保服务大厅\"\nphone = \"020-12345678\"\n[kiosk.hall.windows]\ntransfer = \"3号窗口\"\nfiling = \"5号窗口\"\n",
    )
    .unwrap();
    let cfg = yibao_guide::tui::kiosk::load_config(&path)
        .unwrap()
        .unwrap();
    let h = cfg.hall.unwrap();
    assert_eq!(
        (h.province.as_str(), h.windows.transfer.as_deref()),
        ("guangdong", Some("3号窗口"))
    );
    std::fs::write(
        &path,
        "[kiosk.hall]\nprovince = \"guangdong\"\nname = \"x\"\nwindow = \"3\"\n",
    )
    .unwrap();
    let e = yibao_guide::tui::kiosk::load_config(&path).unwrap_err();
    assert!(e.contains("window"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_sample_settings_hall_works_once_uncommented() {
    let sample = include_str!("../assets/kiosk.toml");
    let at = sample
        .find("# [kiosk.hall]")
        .expect("the sample shows [kiosk.hall]");
    let mut text = sample[..at].to_owned();
    for line in sample[at..].lines() {
        let l = line.strip_prefix("# ").unwrap_or(line);
        if l.starts_with('[') || l.contains(" = ") {
            text.push_str(l);
            text.push('\n');
        }
    }
    let dir = std::env::temp_dir().join(format!("yibao-hall-sample-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("kiosk.toml");
    std::fs::write(&path, &text).unwrap();
    let cfg = yibao_guide::tui::kiosk::load_config(&path)
        .unwrap()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let h = cfg.hall.expect("the hall is read");
    assert_eq!(h.windows.transfer.as_deref(), Some("3号窗口"));
    yibao_guide::tui::kiosk::check_hall(&h, &support::built_in()).unwrap();
}

#[test]
fn the_steps_page_labels_each_phase_above_its_first_step_and_lists_the_phases_first() {
    let c = built_in();
    // The route with the most phases.
    let walk = path_with_most(&c, |r| r.stages().len());
    for lang in Lang::ALL {
        let mut a = app();
        a.lang = lang;
        a.update(Msg::Enter, Duration::ZERO);
        answer_path(&mut a, &walk);
        a.update(Msg::Enter, Duration::ZERO);
        to_page(&mut a, Page::Steps);
        let r = a.resolved().unwrap();
        let stages: Vec<&str> = r.stages().into_iter().map(|(_, s)| s).collect();
        assert!(stages.len() > 1, "{stages:?}");
        let buf = draw_buffer(&mut a, 80, 200, Duration::ZERO);
        let lines = support::buffer_lines(&buf);
        let number = |n: usize| {
            format!(
                "{} ",
                fill(c.ui("steps.number", lang), &[("n", n.to_string())])
            )
        };
        let title_at: Vec<usize> = (0..r.steps.len())
            .map(|i| {
                lines
                    .iter()
                    .position(|l| l.trim_start().starts_with(&number(i + 1)))
                    .unwrap_or_else(|| panic!("step {} is shown:\n{}", i + 1, lines.join("\n")))
            })
            .collect();
        // At the top, before the first step: every phase, in order.
        let top = flat(&lines[..title_at[0]].join("\n"));
        let joined = stages.join(c.ui("steps.stages_join", lang));
        let summary = fill(c.ui("steps.stages", lang), &[("stages", joined)]);
        assert!(top.contains(&flat(&summary)), "{summary}\n{top}");
        // Above a step, the label of its stage where the stage changes, and
        // nothing where the step before has the same one.
        let mut labels = Vec::new();
        for (i, st) in r.steps.iter().enumerate() {
            let above = lines[title_at[i] - 1].trim();
            let stage = st.stage.as_deref().expect("every step has a stage");
            let before = i.checked_sub(1).and_then(|j| r.steps[j].stage.as_deref());
            if before == Some(stage) {
                assert!(!above.starts_with('►'), "step {} under {above}", i + 1);
            } else {
                assert_eq!(above, format!("► {stage}"), "above step {}", i + 1);
                assert!(
                    name_is_bold(&buf, &format!("► {stage}")),
                    "the label is bold, not only coloured"
                );
                labels.push(stage);
            }
        }
        assert_eq!(labels, stages, "each phase labelled once, in order");
    }
}
