//! The wizard for people who cannot read the screen well: the real cursor
//! on the focused option on every frame, and the read-aloud button with a
//! fake speech command that records what it was given, on every kind of
//! screen; any key, a new screen and the idle reset stop the reading; a
//! command that fails says so once and the button goes.

mod support;
#[path = "fixtures/temp.rs"]
mod temp;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use support::key;
use temp::Temp;
use unicode_width::UnicodeWidthStr;
use yibao_guide::content::Lang;
use yibao_guide::load::load_embedded;
use yibao_guide::speech::{Reader, Voices};
use yibao_guide::tui::app::{App, Effect, Kiosk, Msg, Overlay, Page, Screen, Speech};
use yibao_guide::tui::{app_for, input, speak, view};

fn app() -> App {
    app_for(load_embedded().expect("built-in content"), Lang::Zh)
}

/// Draws a frame; returns the screen rows as text and where the real
/// cursor is, and whether it is shown.
fn frame(app: &mut App, w: u16, h: u16) -> (Vec<String>, (u16, u16), bool) {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut drawn = None;
    term.draw(|f| drawn = Some(view::draw(f, app, Duration::ZERO)))
        .unwrap();
    app.shown(drawn.unwrap());
    let rows = support::buffer_lines(term.backend().buffer());
    let p = term.backend().cursor_position();
    (rows, (p.x, p.y), term.backend().cursor_visible())
}

/// The text from the cursor to the end of its row.
fn at_cursor(rows: &[String], (x, y): (u16, u16)) -> String {
    let row = &rows[y as usize];
    // Columns to characters: wide characters take two columns.
    let mut col = 0;
    let mut out = String::new();
    for ch in row.chars() {
        if col >= x as usize {
            out.push(ch);
        }
        col += UnicodeWidthStr::width(ch.encode_utf8(&mut [0; 4]) as &str);
    }
    out
}

#[test]
fn on_a_window_too_small_the_cursor_is_on_the_message() {
    // A screen magnifier follows the cursor: not to an empty corner.
    for (w, h) in [(40, 12), (59, 24)] {
        let mut a = app();
        let (rows, pos, shown) = frame(&mut a, w, h);
        assert!(shown);
        assert!(
            at_cursor(&rows, pos).starts_with("请放大窗口"),
            "{w}x{h}: {pos:?}\n{}",
            rows.join("\n")
        );
    }
}

#[test]
fn the_real_cursor_is_on_the_focused_option_on_every_frame() {
    for (w, h) in [(80, 24), (60, 18), (200, 60)] {
        let mut a = app();
        let (rows, pos, shown) = frame(&mut a, w, h);
        assert!(shown, "{w}x{h}: the cursor is hidden");
        assert!(
            at_cursor(&rows, pos).starts_with("开始"),
            "{w}x{h}: {:?}",
            at_cursor(&rows, pos)
        );
        a.update(Msg::Down, Duration::ZERO);
        let (rows, pos, _) = frame(&mut a, w, h);
        assert!(
            at_cursor(&rows, pos).starts_with("English"),
            "{:?}",
            at_cursor(&rows, pos)
        );
        a.update(Msg::Up, Duration::ZERO);
        a.update(Msg::Enter, Duration::ZERO);
        // The first question: each option in turn.
        let labels: Vec<String> = a
            .content
            .question("insurance")
            .unwrap()
            .options
            .iter()
            .map(|o| o.label.zh.to_string())
            .collect();
        for (i, label) in labels.iter().enumerate() {
            let (rows, pos, shown) = frame(&mut a, w, h);
            assert!(shown);
            let here = at_cursor(&rows, pos);
            assert!(
                here.starts_with(&format!("{}. ", i + 1)) && here.contains(&label[..6]),
                "{w}x{h} option {i}: {here:?}"
            );
            a.update(Msg::Down, Duration::ZERO);
        }
    }
    // On a page of text the cursor is at the top of the text; in a box,
    // in the box.
    let mut a = app();
    a.update(Msg::Enter, Duration::ZERO);
    support::answer_until_review(&mut a, &[]);
    a.update(Msg::Enter, Duration::ZERO);
    assert_eq!(a.screen, Screen::Page(Page::Overview));
    let (rows, pos, shown) = frame(&mut a, 80, 24);
    assert!(shown);
    assert_eq!(pos, (1, 2), "{rows:#?}");
    a.update(Msg::Help, Duration::ZERO);
    let (rows, pos, _) = frame(&mut a, 80, 24);
    assert!(
        at_cursor(&rows, pos).starts_with("上下键"),
        "{:?}",
        at_cursor(&rows, pos)
    );
}

/// As the loop does: a message through `update`, its reading effects
/// performed, and what came of them back through `update`.
fn send_msg(a: &mut App, reader: &mut Reader, msg: Msg, now: Duration) {
    let effects = a.update(msg, now);
    perform(a, reader, effects, now);
}

fn perform(a: &mut App, reader: &mut Reader, effects: Vec<Effect>, now: Duration) {
    for e in effects {
        if let Some(m) = speak::perform(reader, &e) {
            let more = a.update(m, now);
            perform(a, reader, more, now);
        }
    }
}

/// As the loop does while a text is read: whether the reading ended.
fn watch(a: &mut App, reader: &mut Reader) {
    if let Some(m) = speak::watch(a, reader) {
        a.update(m, Duration::ZERO);
    }
}

/// A reader whose command appends what it gets to a file, one line each.
fn recorder(dir: &Path) -> (Reader, PathBuf) {
    let file = dir.join("said.txt");
    let reader = Reader::new(Voices {
        zh: Some(format!("tee -a {}", file.display())),
        en: None,
    });
    (reader, file)
}

/// Presses the read-aloud key, lets the loop run the command, and returns
/// what the command was given.
fn read_aloud(a: &mut App, reader: &mut Reader, file: &Path) -> String {
    let before = std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .count();
    send_msg(a, reader, Msg::Speak, Duration::ZERO);
    assert!(a.speech.speaking, "{:?}", a.screen);
    let end = Instant::now() + Duration::from_secs(10);
    while a.speech.speaking && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(10));
        watch(a, reader);
    }
    assert!(!a.speech.speaking, "still reading after 10 s");
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), before + 1, "{lines:#?}");
    lines[before].to_owned()
}

#[test]
fn the_read_aloud_key_reads_every_kind_of_screen() {
    let tmp = Temp::new("speak-every");
    let (mut reader, file) = recorder(&tmp.0);
    let mut a = app();
    a.speech = Speech::of(&reader);
    assert!(a.speech.available(a.lang));
    // The button is on every screen, and R is its key.
    let (rows, _, _) = frame(&mut a, 80, 24);
    assert!(rows.iter().any(|r| r.contains("[朗读 R]")), "{rows:#?}");
    assert_eq!(
        input::to_msg(&key(KeyCode::Char('r')), &a),
        Some(Msg::Speak)
    );

    let said = read_aloud(&mut a, &mut reader, &file);
    // 地 is said dì: the [speak] table gives 第.
    assert!(said.starts_with("换了第方，医保怎么转。"), "{said}");
    assert!(
        said.ends_with("1，开始。2，English，切换为英文。"),
        "{said}"
    );

    a.update(Msg::Enter, Duration::ZERO);
    let said = read_aloud(&mut a, &mut reader, &file);
    let (n, most, _) = a.progress().unwrap();
    assert_eq!(
        said,
        format!(
            "第{n}题，最多{most}题。您现在参加的是哪一种基本医疗保险。1，职工基本医疗保险，职工医保。2，城乡居民基本医疗保险，居民医保。"
        )
    );
    a.update(Msg::Help, Duration::ZERO);
    let said = read_aloud(&mut a, &mut reader, &file);
    assert!(said.starts_with("帮助。上下键或j，k，移动。"), "{said}");
    assert_eq!(
        a.overlay,
        Some(Overlay::Help),
        "reading does not close the box"
    );
    a.update(Msg::Back, Duration::ZERO);
    support::answer_until_review(
        &mut a,
        &[
            ("insurance", "employee"),
            ("retired", "no"),
            ("scope", "cross-province"),
            ("channel", "online"),
        ],
    );
    let said = read_aloud(&mut a, &mut reader, &file);
    assert!(
        said.starts_with("请核对您的回答。1，没有问题，查看办理方法。2，您现在参加的是"),
        "{said}"
    );
    a.update(Msg::Pick(0), Duration::ZERO);
    // Every page of the route, then the last one.
    let r = a.resolved().unwrap();
    let mut seen = Vec::new();
    loop {
        let page = a.screen.clone();
        seen.push(page.clone());
        let said = read_aloud(&mut a, &mut reader, &file);
        assert!(
            !said.contains(['（', '）', '《', '》', '「', '」', '｜']),
            "{page:?}: {said}"
        );
        match page {
            Screen::Page(Page::Overview) => {
                // What it is, the checks, and the time limit with the date.
                assert!(said.starts_with(&r.title.replace('：', "，")), "{said}");
                assert!(said.contains("先确认这些条件。1，"), "{said}");
                assert!(
                    said.contains("二零二六年12月16日，星期三") && said.contains("幺二三九三"),
                    "{said}"
                )
            }
            Screen::Page(Page::Steps) => {
                let k = r.steps.len();
                assert!(said.starts_with(&format!("第1步，共{k}步，")), "{said}");
                assert!(said.contains(&format!("第{k}步，共{k}步，")), "{said}")
            }
            Screen::Page(Page::Materials) => {
                assert!(
                    said.starts_with("材料清单。1，本人居民身份证，原件，1份"),
                    "{said}"
                )
            }
            Screen::Page(Page::Notes) => assert!(said.starts_with("注意事项。1，"), "{said}"),
            Screen::Page(Page::Final) => {
                assert!(
                    said.starts_with("全部看完了。还没备好的材料。本人居民身份证。"),
                    "{said}"
                );
                assert!(
                    said.ends_with(
                        "1，用手机扫二维码，把清单带走。2，把清单保存为文件，S键。3，崇新开始。"
                    ),
                    "{said}"
                );
                break;
            }
            _ => {}
        }
        a.update(Msg::NextPage, Duration::ZERO);
        frame(&mut a, 80, 24);
    }
    for p in [Page::Overview, Page::Steps, Page::Materials, Page::Notes] {
        assert!(seen.contains(&Screen::Page(p)), "{p:?} not read: {seen:?}");
    }
    // English, with no English command, falls back to the Chinese one.
    a.update(Msg::Lang, Duration::ZERO);
    let said = read_aloud(&mut a, &mut reader, &file);
    assert!(said.starts_with("You have seen everything."), "{said}");
}

#[test]
fn any_key_a_new_screen_or_the_idle_reset_stops_the_reading() {
    let mut reader = Reader::new(Voices {
        zh: Some("sleep 30".into()),
        en: None,
    });
    let mut a = app().with_kiosk(Kiosk::new(Duration::from_secs(60), vec!["f12".into()]));
    a.speech = Speech::of(&reader);
    let start = |a: &mut App, reader: &mut Reader, now: Duration| {
        send_msg(a, reader, Msg::Speak, now);
        assert!(a.speech.speaking && reader.speaking());
    };
    let t = Instant::now();
    // The attract screen can be read too; a tap stops it (and starts).
    start(&mut a, &mut reader, Duration::ZERO);
    send_msg(&mut a, &mut reader, Msg::Activity, Duration::ZERO);
    assert!(!reader.speaking() && !a.speech.speaking);
    assert_eq!(a.screen, Screen::Welcome);
    // The read-aloud key while reading only stops it.
    start(&mut a, &mut reader, Duration::ZERO);
    send_msg(&mut a, &mut reader, Msg::Speak, Duration::ZERO);
    assert!(!reader.speaking() && !a.speech.speaking);
    // A key that moves on stops it and does its work.
    start(&mut a, &mut reader, Duration::ZERO);
    send_msg(&mut a, &mut reader, Msg::Enter, Duration::ZERO);
    assert!(!reader.speaking());
    assert!(matches!(a.screen, Screen::Question(_)));
    // The idle reset stops it.
    start(&mut a, &mut reader, Duration::from_secs(1));
    send_msg(&mut a, &mut reader, Msg::Idle, Duration::from_secs(120));
    assert_eq!(a.screen, Screen::Attract);
    assert!(!reader.speaking());
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "{:?}: reading held things up",
        t.elapsed()
    );
}

#[test]
fn a_missing_or_failing_command_says_so_once_and_the_button_hides() {
    for cmd in ["no-such-speech-command -v cmn-latn-pinyin", "false"] {
        let mut reader = Reader::new(Voices {
            zh: Some(cmd.into()),
            en: None,
        });
        let mut a = app();
        a.speech = Speech::of(&reader);
        let (rows, _, _) = frame(&mut a, 80, 24);
        assert!(rows.iter().any(|r| r.contains("朗读")), "{cmd}");
        send_msg(&mut a, &mut reader, Msg::Speak, Duration::ZERO);
        let end = Instant::now() + Duration::from_secs(5);
        while a.notice.is_none() && Instant::now() < end {
            watch(&mut a, &mut reader);
            std::thread::sleep(Duration::from_millis(10));
        }
        let (rows, _, _) = frame(&mut a, 80, 24);
        let text = rows.join("\n");
        assert_eq!(
            text.matches("朗读用不了，已经关闭").count(),
            1,
            "{cmd}:\n{text}"
        );
        assert!(
            !text.contains("[朗读 R]"),
            "{cmd}: the button is still there:\n{text}"
        );
        assert!(!a.speech.available(a.lang));
        // The key now does nothing, and the notice goes with the screen.
        send_msg(&mut a, &mut reader, Msg::Speak, Duration::ZERO);
        assert!(!a.speech.speaking);
        send_msg(&mut a, &mut reader, Msg::Enter, Duration::ZERO);
        let (rows, _, _) = frame(&mut a, 80, 24);
        assert!(!rows.join("\n").contains("朗读"), "{cmd}");
    }
}

#[test]
fn without_a_speech_command_there_is_no_button() {
    let mut a = app();
    let mut reader = Reader::new(Voices::default());
    a.speech = Speech::of(&reader);
    let (rows, _, _) = frame(&mut a, 80, 24);
    assert!(!rows.join("\n").contains("朗读"));
    send_msg(&mut a, &mut reader, Msg::Speak, Duration::ZERO);
    assert!(!a.speech.speaking);
}

#[test]
fn with_no_color_the_wizard_draws_no_colour_on_any_screen() {
    use ratatui::style::Color;
    let mut a = app();
    a.no_color = true;
    let mut screens = 0;
    for m in [
        Msg::Down,
        Msg::Up,
        Msg::Enter,
        Msg::Pick(0),
        Msg::Pick(0),
        Msg::Pick(0),
        Msg::Pick(0),
        Msg::Help,
        Msg::Back,
        Msg::Enter,
        Msg::Enter,
        Msg::Enter,
        Msg::Enter,
    ] {
        let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
        term.draw(|f| {
            let s = view::draw(f, &a, Duration::ZERO);
            a.shown(s);
        })
        .unwrap();
        let buf = term.backend().buffer();
        for c in buf.content() {
            assert!(
                c.fg == Color::Reset && c.bg == Color::Reset,
                "{:?}: a coloured cell {c:?}",
                a.screen
            );
        }
        screens += 1;
        a.update(m, Duration::ZERO);
    }
    assert!(matches!(a.screen, Screen::Page(_)), "{:?}", a.screen);
    assert!(screens > 10);
}

#[test]
fn a_grid_question_is_read_by_name_with_how_to_choose_not_by_number() {
    let tmp = Temp::new("speak-grid");
    let (mut reader, file) = recorder(&tmp.0);
    let mut a = app();
    a.speech = Speech::of(&reader);
    a.update(Msg::Enter, Duration::ZERO);
    support::walk_to_question(
        &mut a,
        "from_province",
        &[("insurance", "employee"), ("retired", "no")],
    );
    frame(&mut a, 80, 24);
    assert!(a.grid(), "{:?}", a.screen);
    let said = read_aloud(&mut a, &mut reader, &file);
    assert!(said.contains("北京，天津，河北"), "{said}");
    assert!(!said.contains("1，北京"), "{said}");
    assert!(said.contains("拼音首字母"), "{said}");
}
