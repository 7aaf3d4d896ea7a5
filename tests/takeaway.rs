//! What a person takes away: the QR code read back by a decoder, the saved
//! Markdown, the receipt, and the finish-by date counted on the real
//! holiday calendar.

mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use ratatui::crossterm::event::KeyCode;

use support::{
    AWAY_OFFLINE, answers_of, built_in as content, click, draw, draw_and_decode, flat, hall, key,
    outcomes_reached, path_to, path_with, save_in, send, with_provinces, without_checks,
};
use unicode_width::UnicodeWidthStr;
use yibao_guide::calendar::Date;
use yibao_guide::cli::route::{self, Format};
use yibao_guide::content::{Content, Lang};
use yibao_guide::export::{self, Detail};
use yibao_guide::flow::{self, Answers, Resolved};
use yibao_guide::tui::app::{Action, App, Effect, Kiosk, Msg, Overlay, Page, Screen};
use yibao_guide::tui::{app_for, input, save_checklist, speak};

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 25,
};

/// A transfer online (the other answers as on the first path that has it).
const ONLINE: &[(&str, &str)] = &[
    ("insurance", "employee"),
    ("retired", "no"),
    ("scope", "cross-province"),
    ("channel", "online"),
];

/// The answers of the first path with [`ONLINE`].
fn online(c: &Content) -> Answers {
    answers_of(&path_with(c, ONLINE))
}

/// Every path through the content, resolved in both languages.
fn every_outcome() -> Vec<(Answers, Lang, Resolved)> {
    let c = content();
    let mut out = Vec::new();
    for w in flow::walks(&c) {
        let a = answers_of(&w);
        for lang in [Lang::Zh, Lang::En] {
            let r = route::route(&c, &a, lang, Some(TODAY)).expect("every walk ends");
            out.push((a.clone(), lang, r));
        }
    }
    out
}

/// An app on the final page for the answers of [`online`].
fn at_final(lang: Lang) -> App {
    let mut a = app_for(content(), lang);
    a.answers = online(&a.content);
    a.screen = Screen::Page(Page::Final);
    a
}

#[test]
fn the_qr_code_on_screen_decodes_to_the_checklist_text() {
    let c = content();
    for lang in [Lang::Zh, Lang::En] {
        let mut seen = Vec::new();
        for (w, h) in [(80, 24), (120, 40), (200, 60), (300, 100)] {
            let mut a = at_final(lang);
            a.update(Msg::Pick(0), Duration::ZERO);
            assert_eq!(a.overlay, Some(Overlay::Qr));
            let (decoded, screen) = draw_and_decode(&mut a, w, h);
            let r = a.resolved().unwrap();
            let detail = Detail::ALL
                .into_iter()
                .find(|d| export::qr_text(&c, &r, lang, *d) == decoded)
                .unwrap_or_else(|| panic!("{w}x{h}: unexpected QR text {decoded:?}"));
            // What the code holds in every form.
            assert!(decoded.starts_with(&r.title), "{decoded}");
            assert!(
                decoded.contains(&r.finish_by.as_ref().unwrap().short),
                "{decoded}"
            );
            assert!(decoded.contains("12393") && decoded.contains(&r.content_version));
            // The screen says what was left out, in a form that fits.
            let said: String = c.ui(detail.left_out_key(), lang).chars().take(8).collect();
            let flat: String = screen.split_whitespace().collect();
            let said_flat: String = said.split_whitespace().collect();
            assert!(flat.contains(&said_flat), "{w}x{h} {detail:?}:\n{screen}");
            seen.push(detail);
        }
        // A bigger window carries more, and the biggest carries everything.
        assert!(
            seen.windows(2).all(|p| p[0] as u8 >= p[1] as u8),
            "{seen:?}"
        );
        assert_eq!(seen.last(), Some(&Detail::Full), "{seen:?}");
        assert_ne!(seen.first(), Some(&Detail::Full), "{seen:?}");
    }
}

/// Answers given as `(question, option)` pairs.
fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(q, o)| ((*q).to_owned(), (*o).to_owned()))
        .collect()
}

/// The kiosk sizes: 1080p screens with the shipped foot.ini, and one row
/// more.
const KIOSK_SIZES: [(u16, u16); 2] = [(100, 30), (120, 31)];

/// One path to each outcome the content reaches, as answers.
fn one_path_each(c: &Content) -> Vec<(String, Answers)> {
    outcomes_reached(c)
        .into_iter()
        .map(|id| {
            let a = answers_of(&path_to(c, &id));
            (id, a)
        })
        .collect()
}

/// A kiosk on the final page for `answers`.
fn kiosk_at_final(c: &Content, answers: Answers, lang: Lang) -> App {
    let k = Kiosk::new(Duration::from_secs(120), vec!["f12".into()]);
    let mut a = app_for(c.clone(), lang).with_kiosk(k);
    a.answers = answers;
    a.screen = Screen::Page(Page::Final);
    a
}

/// Opens the QR codes on a kiosk's final page by tapping their row, at
/// time `now`.
fn open_qr(a: &mut App, now: Duration) {
    let row = a
        .final_actions()
        .iter()
        .position(|x| *x == Action::Qr)
        .expect("a kiosk shows the QR code");
    a.update(Msg::Pick(row), now);
    assert_eq!(a.overlay, Some(Overlay::Qr));
}

/// Where the button labelled `label` is drawn: the last line that holds
/// it, as the buttons are below the text, which may name them too.
fn button_at(screen: &str, label: &str) -> (u16, u16) {
    let (y, line) = screen
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(label))
        .last()
        .unwrap_or_else(|| panic!("no button {label}:\n{screen}"));
    let x = line[..line.find(label).unwrap()].width();
    (x as u16, y as u16)
}

/// Taps the button drawn with `label`; panics if there is none or it
/// cannot be tapped.
fn tap_button(a: &mut App, screen: &str, label: &str, now: Duration) {
    let (x, y) = button_at(screen, label);
    let at = ratatui::layout::Position::new(x, y);
    assert!(
        a.drawn.hits.iter().any(|(r, _)| r.contains(at)),
        "{label} cannot be tapped:\n{screen}"
    );
    input::handle(a, &click(x, y), now);
}

/// On a kiosk at `w` x `h`: reads every code with a decoder, tapping
/// 下一张 between them, and returns the texts and the screens.
fn scan_every_code(a: &mut App, w: u16, h: u16) -> Vec<(String, String)> {
    let mut now = Duration::from_secs(10);
    open_qr(a, now);
    let next = a.ui("qr.next").to_owned();
    let mut out: Vec<(String, String)> = Vec::new();
    loop {
        let (text, screen) = draw_and_decode(a, w, h);
        let total = a.drawn.qr_parts;
        let n = out.len() + 1;
        if total > 1 {
            let counter = export::fill(
                a.ui("qr.part"),
                &[("n", n.to_string()), ("total", total.to_string())],
            );
            assert!(
                flat(&screen).contains(&flat(&counter)),
                "{counter}:\n{screen}"
            );
        }
        out.push((text, screen.clone()));
        if n >= total {
            return out;
        }
        now += Duration::from_secs(1);
        tap_button(a, &screen, &next, now);
    }
}

#[test]
fn a_kiosk_splits_the_whole_checklist_into_numbered_codes() {
    let c = content();
    let mut most = 0;
    for (id, answers) in one_path_each(&c) {
        for lang in [Lang::Zh, Lang::En] {
            for (w, h) in KIOSK_SIZES {
                let mut a = kiosk_at_final(&c, answers.clone(), lang);
                let full = export::qr_text(&c, &a.resolved().unwrap(), lang, Detail::Full);
                let codes = scan_every_code(&mut a, w, h);
                let joined: String = codes.iter().map(|(t, _)| t.as_str()).collect();
                assert_eq!(joined, full, "{id} {lang:?} {w}x{h}");
                most = most.max(codes.len());
                // The buttons stay in their places from code to code.
                let back = c.ui("touch.back", lang);
                if codes.len() > 1 {
                    let places: BTreeSet<_> =
                        codes.iter().map(|(_, s)| button_at(s, back)).collect();
                    assert_eq!(places.len(), 1, "{id} {lang:?} {w}x{h}: {places:?}");
                }
                // Nothing left out, so no advice to enlarge the window,
                // and every code has its way on or back.
                for (_, screen) in &codes {
                    let screen = flat(screen);
                    for key in [
                        "qr.left_out.short",
                        "qr.left_out.materials",
                        "qr.left_out.minimal",
                        "qr.too_small",
                    ] {
                        let said: String = c.ui(key, lang).chars().take(8).collect();
                        assert!(!screen.contains(&flat(&said)), "{id} {w}x{h}: {screen}");
                    }
                    assert!(!screen.contains("放大窗口"), "{id} {w}x{h}: {screen}");
                }
            }
        }
    }
    // The longest checklist does not fit one code at these sizes.
    assert!(most > 1, "{most}");
}

/// The longest checklist the content gives (an employee moving from
/// Beijing to Guangdong, at a window: two provinces' notes with their
/// sources), in English about 4,200 bytes.
const LONGEST: &[(&str, &str)] = &[
    ("insurance", "employee"),
    ("retired", "no"),
    ("situation", "none"),
    ("stay", "long-term"),
    ("from_province", "beijing"),
    ("to_province", "guangdong"),
    ("new_insurance", "employer"),
    ("progress", "enrolled"),
    ("channel", "offline"),
];

/// How many codes the longest checklist takes at most, by language and
/// window: one light module above and below the code lets 30 rows hold a
/// version 10 code and 40 rows a version 15. Before, 100x30 took 14 codes
/// in Chinese and did not fit 16 in English (the kiosk sent the person to
/// staff), and 120x40 took 7 and 10.
const MOST_CODES: &[(Lang, (u16, u16), usize)] = &[
    (Lang::Zh, (100, 30), 12),
    (Lang::Zh, (120, 31), 12),
    (Lang::Zh, (120, 40), 7),
    (Lang::En, (100, 30), 16),
    (Lang::En, (120, 31), 16),
    (Lang::En, (120, 40), 9),
];

#[test]
fn the_longest_checklist_fits_in_few_enough_codes_at_kiosk_sizes() {
    let c = content();
    let answers = answers(LONGEST);
    for &(lang, (w, h), most) in MOST_CODES {
        let mut a = kiosk_at_final(&c, answers.clone(), lang);
        let full = export::qr_text(&c, &a.resolved().unwrap(), lang, Detail::Full);
        let codes = scan_every_code(&mut a, w, h);
        let joined: String = codes.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(joined, full, "{lang:?} {w}x{h}");
        assert!(
            codes.len() <= most,
            "{lang:?} {w}x{h}: {} codes for {} bytes",
            codes.len(),
            full.len()
        );
    }
}

/// A kiosk in its hall, for someone moving away from Guangdong through
/// the window: the codes a phone reads carry the hall's window on the two
/// steps done here, whole, at both kiosk sizes.
#[test]
fn a_kiosk_in_its_hall_puts_the_window_in_the_codes() {
    let c = content();
    let answers = answers(AWAY_OFFLINE);
    for (w, h) in KIOSK_SIZES {
        let mut a = kiosk_at_final(&c, answers.clone(), Lang::Zh);
        a.hall = Some(hall());
        a.hall_side = Some(yibao_guide::tui::app::HallSide::Away);
        let codes = scan_every_code(&mut a, w, h);
        let joined: String = codes.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            joined.matches("您就在大厅：请到3号窗口").count(),
            2,
            "{w}x{h}:\n{joined}"
        );
    }
}

#[test]
fn kiosk_codes_go_back_and_forth_by_key_and_a_double_tap_moves_one() {
    let c = content();
    let (_, answers) = one_path_each(&c)
        .into_iter()
        .max_by_key(|(_, a)| {
            let r = route::route(&c, a, Lang::Zh, Some(TODAY)).unwrap();
            export::qr_text(&c, &r, Lang::Zh, Detail::Full).len()
        })
        .unwrap();
    let mut a = kiosk_at_final(&c, answers, Lang::Zh);
    let t = Duration::from_secs(10);
    open_qr(&mut a, t);
    let first = draw_and_decode(&mut a, 100, 30).0;
    assert!(a.drawn.qr_parts > 2, "{}", a.drawn.qr_parts);
    // A stray tap on the code itself does nothing.
    input::handle(&mut a, &click(5, 5), t + Duration::from_secs(1));
    assert_eq!(draw_and_decode(&mut a, 100, 30).0, first);
    // 上一张 cannot act on the first code.
    let screen = draw(&mut a, 100, 30);
    let prev = a.ui("qr.previous").to_owned();
    let (x, y) = button_at(&screen, &prev);
    input::handle(&mut a, &click(x, y), t + Duration::from_secs(2));
    assert_eq!(draw_and_decode(&mut a, 100, 30).0, first);
    // Two taps 150 ms apart on 下一张 move one code on.
    let next = a.ui("qr.next").to_owned();
    let screen = draw(&mut a, 100, 30);
    let t2 = t + Duration::from_secs(3);
    tap_button(&mut a, &screen, &next, t2);
    let second = draw_and_decode(&mut a, 100, 30).0;
    assert_ne!(second, first);
    tap_button(&mut a, &screen, &next, t2 + Duration::from_millis(150));
    assert_eq!(draw_and_decode(&mut a, 100, 30).0, second);
    // Keys: Down on, Up back; Back leaves.
    a.update(Msg::Down, t2 + Duration::from_secs(1));
    assert_ne!(draw_and_decode(&mut a, 100, 30).0, second);
    a.update(Msg::Up, t2 + Duration::from_secs(2));
    assert_eq!(draw_and_decode(&mut a, 100, 30).0, second);
    a.update(Msg::Back, t2 + Duration::from_secs(3));
    assert_eq!(a.overlay, None);
    assert_eq!(a.screen, Screen::Page(Page::Final));
    // Opened again, it starts at the first code.
    open_qr(&mut a, t2 + Duration::from_secs(4));
    assert_eq!(draw_and_decode(&mut a, 100, 30).0, first);
}

#[test]
fn kiosk_codes_read_aloud_say_which_code_it_is_and_decode_in_high_contrast() {
    let c = content();
    let mut a = kiosk_at_final(&c, online(&c), Lang::Zh);
    a.high_contrast = true;
    let full = export::qr_text(&c, &a.resolved().unwrap(), Lang::Zh, Detail::Full);
    let codes = scan_every_code(&mut a, 100, 30);
    let joined: String = codes.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(joined, full);
    // On the last code: "第n张，共n张" is read out.
    let n = codes.len().to_string();
    let said: Vec<String> = speak::lines(&a).iter().map(|l| l.plain()).collect();
    let counter = export::fill(a.ui("qr.part"), &[("n", n.clone()), ("total", n)]);
    assert!(said.contains(&counter), "{said:?}");
}

#[test]
fn kiosk_qr_screen_at_100x30() {
    let c = content();
    let mut a = kiosk_at_final(&c, online(&c), Lang::Zh);
    open_qr(&mut a, Duration::from_secs(10));
    insta::assert_snapshot!("kiosk-qr-zh-100x30", draw(&mut a, 100, 30));
}

#[test]
fn full_qr_text_has_steps_materials_time_limit_and_helpline() {
    let c = content();
    for (_, lang, r) in every_outcome() {
        let full = export::qr_text(&c, &r, lang, Detail::Full);
        for s in &r.steps {
            assert!(full.contains(&s.title), "{}: {}", r.outcome, s.title);
        }
        for m in &r.materials {
            assert!(full.contains(&m.name), "{}: {}", r.outcome, m.name);
        }
        assert!(full.contains(&r.time_limit));
        let short = export::qr_text(&c, &r, lang, Detail::Short);
        assert!(short.len() < full.len());
        assert!(r.steps.iter().all(|s| short.contains(&s.title)));
        let minimal = export::qr_text(&c, &r, lang, Detail::Minimal);
        assert!(r.materials.iter().all(|m| !minimal.contains(&m.name)));
        // The smallest form fits a code that fits an 80x24 window.
        assert!(
            export::qr::Code::encode(&minimal, 48).is_some(),
            "{}: {} bytes",
            r.outcome,
            minimal.len()
        );
    }
}

#[test]
fn a_window_too_small_for_any_code_says_so() {
    let mut a = at_final(Lang::Zh);
    a.update(Msg::Pick(0), Duration::ZERO);
    let text = draw(&mut a, 60, 18);
    let want: String = a.ui("qr.too_small").chars().take(10).collect();
    assert!(flat(&text).contains(&want), "{text}");
    // Any key goes back to the final page.
    a.update(Msg::Down, Duration::ZERO);
    assert_eq!(a.overlay, None);
    assert_eq!(a.screen, Screen::Page(Page::Final));

    // A kiosk too small for codes of a reasonable number asks for staff,
    // not for a larger window.
    let c = content();
    let mut k = kiosk_at_final(&c, online(&c), Lang::Zh);
    open_qr(&mut k, Duration::from_secs(10));
    let text = flat(&draw(&mut k, 60, 18));
    assert!(text.contains(&flat(k.ui("qr.too_small_touch"))), "{text}");
    assert!(!text.contains("放大"), "{text}");
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("yibao-takeaway-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn the_saved_file_is_the_route_markdown_and_is_never_overwritten() {
    let c = content();
    let dir = temp_dir("save");
    let mut a = at_final(Lang::Zh);
    let save_row = a
        .final_actions()
        .iter()
        .position(|x| *x == Action::Save)
        .expect("a laptop can save");
    assert_eq!(
        a.update(Msg::Pick(save_row), Duration::ZERO),
        [Effect::Save],
        "the loop is asked to save"
    );
    save_in(&mut a, &dir);
    let r = route::route(&c, &online(&c), Lang::Zh, Some(TODAY)).unwrap();
    let first = dir.join(format!("yibao-checklist-{}.md", r.outcome));
    let saved = std::fs::read_to_string(&first).unwrap();
    let md = route::render(&c, &r, Lang::Zh, Format::Markdown);
    assert_eq!(saved, without_checks(&c, &r, &md, Lang::Zh));
    assert!(!saved.contains("请返回"), "{saved}");
    assert!(saved.contains("- [ ] "), "{saved}");
    let notice = a.notice.clone().unwrap();
    assert_eq!(notice, ("final.saved", first.display().to_string()));

    // Ticks are kept, and a second save goes to a new name.
    let mut a2 = at_final(Lang::Zh);
    a2.ticked.insert(r.materials[0].id.clone());
    save_in(&mut a2, &dir);
    let second = dir.join(format!("yibao-checklist-{}-2.md", r.outcome));
    let text2 = std::fs::read_to_string(&second).unwrap();
    assert!(text2.contains("- [x] "), "{text2}");
    assert_eq!(std::fs::read_to_string(&first).unwrap(), saved, "untouched");
    assert_eq!(a2.notice.unwrap().1, second.display().to_string());

    // A folder that cannot be written gives a message, not a panic.
    let mut a3 = at_final(Lang::Zh);
    save_in(&mut a3, &dir.join("no-such-folder"));
    assert_eq!(a3.notice.unwrap().0, "final.save_failed");
    std::fs::remove_dir_all(dir).unwrap();
}

/// In English at 80x24 "Checklist saved: <path>" fits no header: it goes
/// above the text, and stays there while the page scrolls.
#[test]
fn the_saved_notice_stays_in_sight_while_the_page_scrolls() {
    let dir = temp_dir("save_scroll");
    let mut a = at_final(Lang::En);
    save_in(&mut a, &dir);
    let (which, path) = a.notice.clone().expect("a notice");
    assert_eq!(which, "final.saved");
    let said = export::fill(a.ui("final.saved"), &[("n", path)]);
    let first = draw(&mut a, 80, 24);
    assert!(flat(&first).contains(&flat(&said)), "{first}");
    let mut scrolled = false;
    for _ in 0..3 {
        send(&mut a, key(KeyCode::PageDown));
        let screen = draw(&mut a, 80, 24);
        scrolled |= screen != first;
        assert!(flat(&screen).contains(&flat(&said)), "{screen}");
    }
    assert!(scrolled, "the page scrolled:\n{first}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn markdown_steps_and_materials_are_checklist_items_with_their_text_indented() {
    let c = content();
    for (_, lang, r) in every_outcome() {
        let md = export::checklist(&c, &r, lang, true, &BTreeSet::new());
        let items = md.lines().filter(|l| l.starts_with("- [ ] ")).count();
        assert_eq!(
            items,
            r.checks.len() + r.steps.len() + r.materials.len(),
            "{}",
            r.outcome
        );
        // Inside a list, every line belongs to an item: none starts flush
        // left except headings, items and the closing paragraphs (the
        // waiting period of several lines too).
        for heading in ["heading.steps", "heading.time"] {
            let part = md
                .split("\n## ")
                .find(|s| s.starts_with(c.ui(heading, lang)));
            for l in part.unwrap().lines().skip(2).filter(|l| !l.is_empty()) {
                assert!(
                    l.starts_with("- ") || l.starts_with("  "),
                    "{}: {l:?}",
                    r.outcome
                );
            }
        }
        if let Some(f) = &r.finish_by {
            assert!(md.contains(f.sentence.as_str()));
        }
        assert!(md.contains(c.ui("export.hotline", lang)));
    }
}

#[test]
fn a_kiosk_never_writes_a_file_and_offers_printing_only_with_a_printer() {
    let kiosk = || Kiosk::new(Duration::from_secs(120), vec!["f12".into()]);
    let mut a = at_final(Lang::Zh).with_kiosk(kiosk());
    a.screen = Screen::Page(Page::Final);
    assert_eq!(a.final_actions(), [Action::Qr, Action::Restart]);
    assert_eq!(a.update(Msg::Save, Duration::ZERO), []);
    let dir = temp_dir("kiosk");
    assert_eq!(save_checklist(&a, &dir), None);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    std::fs::remove_dir_all(dir).unwrap();

    let mut p = at_final(Lang::Zh).with_kiosk(kiosk());
    p.screen = Screen::Page(Page::Final);
    p.print_columns = Some(32);
    assert_eq!(
        p.final_actions(),
        [Action::Qr, Action::Print, Action::Restart]
    );
    assert_eq!(
        p.update(Msg::Pick(1), Duration::from_secs(1)),
        [Effect::Print]
    );
    assert!(p.printing);
    assert_eq!(p.notice.as_ref().unwrap().0, "print.sending");
    // A second tap while it prints sends nothing more.
    assert_eq!(p.update(Msg::Pick(1), Duration::from_secs(2)), []);
    // The next person never sees the last one's print result.
    p.reset_for_next_person();
    assert!(!p.printing && p.notice.is_none());
}

#[test]
fn no_receipt_line_is_wider_than_the_printer() {
    let c = content();
    for (_, lang, r) in every_outcome() {
        for cols in [32, 42, 48] {
            let text = export::receipt(&c, &r, lang, &BTreeSet::new(), cols);
            for l in text.lines() {
                assert!(
                    l.width() <= cols,
                    "{} {cols}: {l:?} is {} wide",
                    r.outcome,
                    l.width()
                );
            }
            let flat: String = text.split_whitespace().collect();
            let has = |s: &str| flat.contains(&s.split_whitespace().collect::<String>());
            assert!(has(&r.title), "{}", r.outcome);
            if let Some(f) = &r.finish_by {
                assert!(has(&f.sentence), "{text}");
            }
            assert!(r.materials.iter().all(|m| has(&m.name)), "{text}");
            assert!(has(&r.content_version) && text.contains("12393"));
            assert_eq!(text.matches("[ ] ").count(), r.materials.len(), "{text}");
        }
    }
}

#[test]
fn ticked_materials_are_ticked_on_the_receipt() {
    let c = content();
    let r = route::route(&c, &online(&c), Lang::Zh, Some(TODAY)).unwrap();
    let ticked: BTreeSet<String> = [r.materials[0].id.clone()].into();
    let text = export::receipt(&c, &r, Lang::Zh, &ticked, 32);
    assert_eq!(text.matches("[x] ").count(), 1, "{text}");
}

/// The finish-by date for an application on `day` after `n` working days,
/// on the content's own calendar.
fn finish(day: (i32, u32, u32), n: u32) -> (String, Option<i32>) {
    let c = content();
    let d = c
        .calendar
        .add_working_days(Date::new(day.0, day.1, day.2).unwrap(), n);
    (d.date.to_string(), d.unknown_year)
}

#[test]
fn working_days_skip_weekends_and_holidays_and_count_adjusted_working_days() {
    // Friday to the next working day: over the weekend.
    assert_eq!(finish((2026, 11, 27), 1), ("2026-11-30".into(), None));
    // The example in the issue: Wednesday 25 November + 15 working days.
    assert_eq!(finish((2026, 11, 25), 15), ("2026-12-16".into(), None));
    // Spring Festival 2026: off 15-23 February; Saturday 14 February is a
    // working day.
    assert_eq!(finish((2026, 2, 13), 1), ("2026-02-14".into(), None));
    assert_eq!(finish((2026, 2, 13), 2), ("2026-02-24".into(), None));
    // Spring Festival 2025: Sunday 26 January works, 28 Jan - 4 Feb off,
    // Saturday 8 February works.
    assert_eq!(finish((2025, 1, 24), 1), ("2025-01-26".into(), None));
    assert_eq!(finish((2025, 1, 24), 3), ("2025-02-05".into(), None));
    assert_eq!(finish((2025, 2, 7), 1), ("2025-02-08".into(), None));
    // National Day 2026: 1-7 October off, Saturday 10 October works.
    assert_eq!(finish((2026, 9, 30), 1), ("2026-10-08".into(), None));
    assert_eq!(finish((2026, 10, 9), 1), ("2026-10-10".into(), None));
    // Across the new year, into the 2026 calendar: 1-3 January off,
    // Sunday 4 January works.
    assert_eq!(finish((2025, 12, 31), 1), ("2026-01-04".into(), None));
}

#[test]
fn past_the_calendar_only_weekends_are_skipped_and_it_says_estimate() {
    // 2027 holidays are not published: 1 January 2027 counts as a day.
    assert_eq!(
        finish((2026, 12, 28), 15),
        ("2027-01-18".into(), Some(2027))
    );
    assert_eq!(finish((2026, 12, 30), 1), ("2026-12-31".into(), None));
    let c = content();
    let r = route::route(
        &c,
        &online(&c),
        Lang::Zh,
        Some(Date::new(2026, 12, 28).unwrap()),
    )
    .unwrap();
    let f = r.finish_by.unwrap();
    assert!(f.sentence.contains("2027年1月18日"), "{}", f.sentence);
    assert!(f.sentence.contains("估算"), "{}", f.sentence);
    // And every export carries it.
    let md = route::render(
        &c,
        &route::route(
            &c,
            &online(&c),
            Lang::Zh,
            Some(Date::new(2026, 12, 28).unwrap()),
        )
        .unwrap(),
        Lang::Zh,
        Format::Markdown,
    );
    assert!(md.contains(&f.sentence));
}

#[test]
fn the_finish_by_date_is_on_the_overview_and_the_final_page() {
    let mut a = at_final(Lang::Zh);
    let sentence = a.resolved().unwrap().finish_by.unwrap().sentence;
    // (Narrower than the side panel, whose lines would interleave.)
    for page in [Page::Overview, Page::Final] {
        a.screen = Screen::Page(page);
        let flat: String = draw(&mut a, 100, 40).split_whitespace().collect();
        let want: String = sentence.split_whitespace().collect();
        assert!(flat.contains(&want), "{page:?}: {flat}");
    }
}

#[test]
fn in_english_the_take_away_names_materials_places_and_the_outcome_in_chinese_too() {
    let c = content();
    let dir = temp_dir("clerk");
    for (id, answers) in one_path_each(&c) {
        let zh = route::route(&c, &answers, Lang::Zh, Some(TODAY)).unwrap();
        let mut a = at_final(Lang::En);
        a.answers = answers;
        let en = a.resolved().unwrap();
        save_in(&mut a, &dir);
        let saved = std::fs::read_to_string(&a.notice.clone().unwrap().1).unwrap();
        let receipt = flat(&export::receipt(&c, &en, Lang::En, &BTreeSet::new(), 32));
        let qr = export::qr_text(&c, &en, Lang::En, Detail::Full);
        let mut names: Vec<&str> = vec![&zh.title, &zh.place.label];
        names.extend(zh.materials.iter().map(|m| m.name.as_str()));
        names.extend(zh.steps.iter().map(|s| s.place.label.as_str()));
        for name in names {
            assert!(saved.contains(name), "{id}: {name} not in\n{saved}");
            assert!(
                receipt.contains(&flat(name)),
                "{id}: {name} not in\n{receipt}"
            );
            assert!(qr.contains(name), "{id}: {name} not in\n{qr}");
        }
        // The English stays first.
        for m in &en.materials {
            assert!(flat(&saved).contains(&flat(&m.name)), "{id}: {}", m.name);
        }
        assert!(saved.starts_with(&format!("# {}", en.title)), "{saved}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn every_take_away_says_when_each_step_happens() {
    use yibao_guide::speech::{Line, Section, script};
    let c = content();
    for (_, lang, r) in every_outcome() {
        let phases: Vec<&str> = r.stages().into_iter().map(|(_, s)| s).collect();
        assert!(!phases.is_empty(), "{}", r.outcome);
        // "离职时：" above the steps of a phase.
        let label = |s: &str| export::labelled(&c, lang, s, "");
        // The file and the text: each step's heading has its stage.
        // (In English the places carry their Chinese names there.)
        let clerk = export::for_clerk(&c, &r, lang);
        for md in [true, false] {
            let text = export::checklist(&c, &r, lang, md, &BTreeSet::new());
            for (i, st) in clerk.steps.iter().enumerate() {
                let head = export::step_line(&c, lang, i + 1, st);
                assert!(head.contains(st.stage.as_deref().unwrap()), "{head}");
                assert!(text.contains(&head), "{}: {head}", r.outcome);
            }
        }
        // The receipt, the QR text and the plain checklist: each phase
        // once, in order, before the title of its first step.
        let receipt = flat(&export::receipt(&c, &r, lang, &BTreeSet::new(), 32));
        let qr = export::qr_text(&c, &r, lang, Detail::Full);
        let plain: String = script::checklist(&c, lang, &r)
            .iter()
            .map(|l| l.plain() + "\n")
            .collect();
        for text in [receipt, flat(&qr), flat(&plain)] {
            let mut from = 0;
            for (first, stage) in r.stages() {
                let at = text[from..]
                    .find(&flat(&label(stage)))
                    .unwrap_or_else(|| panic!("{}: no {stage} after {from}: {text}", r.outcome));
                from += at;
                let title = flat(&r.steps[first].title);
                from += text[from..]
                    .find(&title)
                    .expect("the step's title after it");
            }
        }
        // Read aloud or in plain mode, each step says its stage.
        for (i, st) in r.steps.iter().enumerate() {
            let lines = script::section(&c, lang, &r, Section::Step(i));
            let when = export::labelled(
                &c,
                lang,
                c.ui("label.stage", lang),
                st.stage.as_deref().unwrap(),
            );
            assert!(lines.contains(&Line::Text(when)), "{lines:?}");
        }
    }
}

/// Every English material name ends with its Chinese name the way the
/// take-away writes one (`export.with_zh`), after an English name with no
/// Chinese in it: so each reads the same on the screen and on paper, and a
/// clerk can read every one.
#[test]
fn every_english_material_name_ends_with_its_chinese_name_in_the_take_away_style() {
    let c = content();
    let han = |s: &str| s.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch));
    for m in c.materials.values() {
        let zh = m.name.get(Lang::Zh);
        let en = m.name.get(Lang::En);
        let tag = export::fill(
            c.ui("export.with_zh", Lang::En),
            &[("text", String::new()), ("zh", zh.to_owned())],
        );
        let english = en.strip_suffix(tag.trim_start()).unwrap_or_else(|| {
            panic!(
                "material `{}`: `{en}` does not end with `{}`",
                m.id,
                tag.trim_start()
            )
        });
        assert!(
            !english.trim().is_empty() && !han(english),
            "material `{}`: `{english}` should be English only, before its Chinese name",
            m.id
        );
    }
}

/// A number of copies is worded by content for exactly that number where
/// it has a string for it (`label.copies.1`: "1 copy"), else by the general
/// one ("{count} copies"), on the screen, the saved file and the receipt.
#[test]
fn the_number_of_copies_reads_as_content_words_it_for_one_and_for_more() {
    let mut c = content();
    let a = online(&c);
    let id = route::route(&c, &a, Lang::En, Some(TODAY))
        .unwrap()
        .materials[0]
        .id
        .clone();
    for n in [1u32, 2, 3] {
        c.materials.get_mut(&id).unwrap().count = n;
        let r = route::route(&c, &a, Lang::En, Some(TODAY)).unwrap();
        let m = &r.materials[0];
        let words = c
            .ui_text(&format!("label.copies.{n}"))
            .map_or_else(|| c.ui("label.copies", Lang::En), |t| t.get(Lang::En))
            .replace("{count}", &n.to_string());
        assert_eq!(export::counted(&c, Lang::En, "label.copies", n), words);
        for line in [
            export::material_line(&c, Lang::En, m),
            export::material_short(&c, Lang::En, m),
        ] {
            assert!(line.contains(&words), "{n}: {line}");
        }
        let saved = export::saved_checklist(&c, &r, Lang::En, &BTreeSet::new());
        assert!(saved.contains(&words), "{n}: {saved}");
    }
}

/// The sources a route's output cites, from content: the outcome's own,
/// each regional fact's, and those of every block it shows (the checks
/// only where they are shown; a block a fact stands in for shows the fact,
/// not its own words).
fn cited_by(c: &Content, r: &Resolved, lang: Lang, checks: bool) -> BTreeSet<String> {
    let o = c.outcome(&r.outcome).expect("a known outcome");
    let mut s: BTreeSet<String> = o.sources.iter().cloned().collect();
    for f in &r.regional {
        let fact = c.facts.iter().find(|x| x.id == f.id).expect("a known fact");
        s.insert(fact.source.clone());
    }
    if checks {
        for id in &r.check_ids {
            s.extend(c.checks[id].sources.iter().cloned());
        }
    }
    for st in &r.steps {
        let b = &c.steps[&st.id];
        if st.body == b.body.get(lang) {
            s.extend(b.sources.iter().cloned());
        }
    }
    for m in &r.materials {
        s.extend(c.materials[&m.id].sources.iter().cloned());
    }
    for n in &r.notes {
        let b = &c.notes[&n.id];
        if n.body == b.body.get(lang) {
            s.extend(b.sources.iter().cloned());
        }
    }
    // A text is shown when it is one of the lines its part is made of.
    let parts = [
        (&o.time_limit, &r.time_limit),
        (&o.fee, &r.fee),
        (&o.personal_account, &r.personal_account),
        (&o.waiting_period, &r.waiting_period),
    ];
    for (ids, part) in parts {
        for id in ids {
            let t = c.texts[id].text.get(lang);
            let part = format!("\n{part}\n");
            if part.contains(&format!("\n{t}\n")) {
                s.extend(c.texts[id].sources.iter().cloned());
            }
        }
    }
    s
}

/// The sources a checklist lists: those whose title is under its sources
/// heading.
fn listed_in(c: &Content, lang: Lang, text: &str) -> BTreeSet<String> {
    let heading = c.ui("heading.sources", lang);
    let at = text
        .find(heading)
        .unwrap_or_else(|| panic!("no `{heading}` in\n{text}"));
    let tail = &text[at..];
    c.sources
        .values()
        .filter(|s| tail.contains(s.title.get(lang)))
        .map(|s| s.id.clone())
        .collect()
}

/// Routes with and without provinces: every path, and one path to each
/// outcome that asks for the provinces with each province that has facts
/// as the old place, the new place and both.
fn routes_with_provinces(c: &Content) -> Vec<Answers> {
    let mut out: Vec<Answers> = flow::walks(c).iter().map(answers_of).collect();
    let mut provinces: Vec<&str> = c.facts.iter().map(|f| f.province.as_str()).collect();
    provinces.dedup();
    let mut seen = BTreeSet::new();
    for w in flow::walks(c) {
        if !w.answers.iter().any(|(q, _)| q == "from_province")
            || !seen.insert(support::outcome_of(&w).to_owned())
        {
            continue;
        }
        for p in &provinces {
            for (from, to) in [(*p, "unknown"), ("unknown", *p), (*p, *p)] {
                out.push(with_provinces(c, &answers_of(&w), from, to).0);
            }
        }
    }
    out
}

#[test]
fn the_take_away_lists_exactly_the_sources_of_what_it_shows() {
    let c = content();
    let none = BTreeSet::new();
    let mut with_facts = 0;
    for a in routes_with_provinces(&c) {
        for lang in [Lang::Zh, Lang::En] {
            let r = route::route(&c, &a, lang, Some(TODAY)).expect("every route ends");
            with_facts += usize::from(!r.regional.is_empty());
            let outputs = [
                (
                    "saved file",
                    export::saved_checklist(&c, &r, lang, &none),
                    false,
                ),
                (
                    "markdown",
                    export::checklist(&c, &r, lang, true, &none),
                    true,
                ),
                ("text", export::checklist(&c, &r, lang, false, &none), true),
            ];
            for (what, text, checks) in outputs {
                let want = cited_by(&c, &r, lang, checks);
                let listed = listed_in(&c, lang, &text);
                assert_eq!(
                    listed, want,
                    "{what} for {a:?} ({lang:?}): listed (left) is not what it cites (right)"
                );
            }
        }
    }
    assert!(with_facts > 0, "no route showed a regional fact");
}

/// The file S writes: a window route lists no source that only the
/// online steps cite.
#[test]
fn the_saved_file_of_a_window_route_lists_no_source_only_the_online_steps_cite() {
    let c = content();
    let a = answers(AWAY_OFFLINE);
    let online_only: BTreeSet<String> = {
        let r = route::route(&c, &a, Lang::Zh, Some(TODAY)).unwrap();
        let mut o = a.clone();
        o.insert("channel".into(), "online".into());
        let ro = route::route(&c, &o, Lang::Zh, Some(TODAY)).unwrap();
        let shown = cited_by(&c, &r, Lang::Zh, true);
        cited_by(&c, &ro, Lang::Zh, true)
            .into_iter()
            .filter(|s| !shown.contains(s))
            .collect()
    };
    assert!(!online_only.is_empty(), "no source is cited only online");
    let dir = temp_dir("sources");
    for lang in [Lang::Zh, Lang::En] {
        let mut app = at_final(lang);
        app.answers = a.clone();
        save_in(&mut app, &dir);
        let saved = std::fs::read_to_string(&app.notice.clone().unwrap().1).unwrap();
        let listed = listed_in(&c, lang, &saved);
        assert!(listed.is_disjoint(&online_only), "{listed:?} in\n{saved}");
        let r = app.resolved().unwrap();
        assert_eq!(listed, cited_by(&c, &r, lang, false), "{saved}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}
