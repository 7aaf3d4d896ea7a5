//! Plain mode through pipes, as a script or a screen reader uses it: every
//! outcome in both languages, the commands, saving, no escape byte ever;
//! reading aloud with a fake speech command that records what it was
//! given, and with the real espeak-ng when it is installed.

#[path = "fixtures/temp.rs"]
mod temp;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use temp::Temp;
use yibao_guide::calendar::Date;
use yibao_guide::content::{Content, Lang};
use yibao_guide::flow::{self, Answers};
use yibao_guide::speech::{self, Speaker, script};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_yibao-guide")
}

fn content() -> Content {
    yibao_guide::load::load_embedded().expect("built-in content")
}

fn answers_of(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(q, o)| ((*q).to_owned(), (*o).to_owned()))
        .collect()
}

/// "第n题，最多m题。" for question `n`, after the answers `given`.
fn progress(c: &Content, lang: Lang, n: usize, given: &[(&str, &str)]) -> String {
    let most = flow::most_questions(c, &answers_of(given)).max(n);
    c.ui("plain.progress", lang)
        .replace("{n}", &n.to_string())
        .replace("{total}", &most.to_string())
}

/// The answers of the first path that gives every answer in `wanted`.
fn path_with(c: &Content, wanted: &[(&str, &str)]) -> Vec<(String, String)> {
    flow::walks(c)
        .into_iter()
        .find(|w| {
            wanted
                .iter()
                .all(|(q, o)| w.answers.iter().any(|(wq, wo)| wq == q && wo == o))
        })
        .unwrap_or_else(|| panic!("no path answers {wanted:?}"))
        .answers
}

struct Run {
    code: Option<i32>,
    out: String,
    err: String,
    bytes: Vec<u8>,
}

/// Runs the binary with `input` on a pipe, in `dir`.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)], input: &str) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(dir)
        .env("TERM", "xterm-256color")
        .env_remove("ACCESSIBLE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code(),
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
        bytes: out.stdout,
    }
}

/// The lines to type for a walk: each answer's number, Enter at the
/// review, Enter through every part of the route, then 3 to quit.
fn keys(c: &Content, answers: &[(String, String)]) -> (String, usize) {
    let mut s = String::new();
    let mut given = Answers::new();
    for (q, o) in answers {
        let question = c.question(q).unwrap();
        let n = flow::choices(c, question, &given)
            .iter()
            .position(|x| &x.id == o)
            .unwrap()
            + 1;
        s.push_str(&format!("{n}\n"));
        given.insert(q.clone(), o.clone());
    }
    let parts = resolved(c, &given, Lang::Zh).map_or(0, |r| script::sections(&r).len());
    s.push('\n');
    s.push_str(&"\n".repeat(parts));
    s.push_str("3\n");
    (s, parts)
}

const DAY: Date = Date {
    year: 2026,
    month: 11,
    day: 25,
};

fn resolved(c: &Content, a: &Answers, lang: Lang) -> Option<flow::Resolved> {
    match flow::next(c, a) {
        flow::Next::Done(o) => Some(flow::resolve(c, o, a, lang, Some(DAY))),
        _ => None,
    }
}

fn assert_no_escape(r: &Run, what: &str) {
    assert!(
        !r.bytes.contains(&0x1b),
        "{what}: an escape byte in plain output"
    );
    assert!(
        !r.out.chars().any(|c| c.is_control() && c != '\n'),
        "{what}: a control character in plain output"
    );
}

#[test]
fn every_outcome_is_reached_through_a_pipe_in_both_languages() {
    let c = content();
    let tmp = Temp::new("plain-every");
    let walks = flow::walks(&c);
    assert!(walks.len() > 20, "{} paths", walks.len());
    for w in &walks {
        let (input, parts) = keys(&c, &w.answers);
        let answers: Answers = w.answers.iter().cloned().collect();
        for (lang, args) in [
            // No flag: standard input is a pipe, so plain mode starts by itself.
            (Lang::Zh, &[][..]),
            (Lang::En, &["--plain", "--lang", "en"][..]),
        ] {
            let what = format!("{:?} {lang:?}", w.answers);
            let r = run(&tmp.0, args, &[], &input);
            assert_eq!(r.code, Some(0), "{what}: {}", r.err);
            assert_no_escape(&r, &what);
            let res = resolved(&c, &answers, lang).unwrap();
            let ui = |k: &str| c.ui(k, lang).to_owned();
            assert!(r.out.contains(&res.title), "{what}: no title");
            for st in &res.steps {
                assert!(r.out.contains(&st.title), "{what}: step {}", st.title);
            }
            for m in &res.materials {
                assert!(r.out.contains(&m.name), "{what}: material {}", m.name);
            }
            for ch in &res.checks {
                assert!(r.out.contains(ch.as_str()), "{what}: check {ch}");
            }
            assert!(r.out.contains(&res.time_limit), "{what}: time limit");
            let last_part = ui("plain.part")
                .replace("{n}", &parts.to_string())
                .replace("{total}", &parts.to_string());
            assert!(r.out.contains(&last_part), "{what}: no `{last_part}`");
            assert!(
                r.out.contains(&ui("plain.checklist")),
                "{what}: no checklist"
            );
            assert!(
                r.out.contains(&ui("plain.save")),
                "{what}: no offer to save"
            );
            assert!(
                r.out.trim_end().ends_with(&ui("plain.bye")),
                "{what}: ends with\n{}",
                &r.out[r.out.len().saturating_sub(300)..]
            );
            // The route is never reached before the review.
            let review = r.out.find(&ui("review.heading")).unwrap();
            let first_part = ui("plain.part")
                .replace("{n}", "1")
                .replace("{total}", &parts.to_string());
            assert!(r.out.find(&first_part).unwrap() > review, "{what}");
        }
    }
}

#[test]
fn a_question_is_a_short_numbered_block_and_wrong_entries_say_what_is_allowed() {
    let tmp = Temp::new("plain-block");
    let r = run(&tmp.0, &["--plain"], &[], "x\n\n7\n１\nq\n");
    assert_eq!(r.code, Some(0), "{}", r.err);
    let c = content();
    let expected = format!(
        "{}\n\
        您现在参加的是哪一种基本医疗保险？\n\
        1. 职工基本医疗保险（职工医保）\n\
        2. 城乡居民基本医疗保险（居民医保）\n\
        请输入数字，然后按回车：x\n\n\
        没有「x」这一项。 请输入 1 到 2 之间的数字；输入 ? 看帮助。\n\
        请输入数字，然后按回车：\n\n\
        请输入 1 到 2 之间的数字；输入 ? 看帮助。\n\
        请输入数字，然后按回车：7\n\n\
        没有「7」这一项。 请输入 1 到 2 之间的数字；输入 ? 看帮助。\n\
        请输入数字，然后按回车：１\n\n\
        {}\n",
        progress(&c, Lang::Zh, 1, &[]),
        progress(&c, Lang::Zh, 2, &[("insurance", "employee")])
    );
    assert!(r.out.contains(&expected), "{}", r.out);
    assert!(r.out.trim_end().ends_with("已退出。"), "{}", r.out);
}

#[test]
fn help_back_repeat_and_language_work_at_any_question() {
    let c = content();
    let tmp = Temp::new("plain-commands");
    // Employee; ? shows the help of question 2; b goes back to question 1;
    // 1 again; r repeats question 2; l switches to English; 1 (already
    // retired) leads to the review with two answers; 1 changes the first
    // answer; 2 (resident) drops the retiree answer and asks the reason.
    let r = run(&tmp.0, &[], &[], "1\n?\nb\n1\nr\nl\n1\n1\n2\nq\n");
    assert_eq!(r.code, Some(0), "{}", r.err);
    let out = &r.out;
    let employee = [("insurance", "employee")];
    let second = flow::path(&c, &answers_of(&employee))[1];
    let help = second.help.get(Lang::Zh);
    let help_start: String = help.chars().take(12).collect();
    assert!(out.contains(&format!("怎么判断？\n{help_start}")), "{out}");
    let options = flow::choices(&c, second, &answers_of(&employee));
    let last = options.last().unwrap().label.get(Lang::Zh);
    assert!(
        out.contains(&format!("{}. {last}\n随时可以输入", options.len())),
        "{out}"
    );
    let q1 = progress(&c, Lang::Zh, 1, &[]);
    let q2 = progress(&c, Lang::Zh, 2, &employee);
    assert_eq!(out.matches(&q1).count(), 2, "{out}");
    assert_eq!(out.matches(&q2).count(), 3, "{out}");
    let q2_en = format!(
        "{}\n{}",
        progress(&c, Lang::En, 2, &employee),
        second.title.get(Lang::En)
    );
    assert!(out.contains(&q2_en), "{out}");
    let review = out.find("Please check your answers").expect("review");
    let after = &out[review..];
    assert!(
        after.contains("1. Which basic medical insurance do you have now? Answer: Employee"),
        "{after}"
    );
    assert!(
        after.contains(&format!("2. {}", second.title.get(Lang::En))),
        "{after}"
    );
    assert!(
        !after[..after.find("If all").unwrap()].contains("3. "),
        "{after}"
    );
    // Changing an answer from the review asks it again; the new answer
    // drops what no longer applies and asks what now does.
    assert!(after.contains(&progress(&c, Lang::En, 1, &[])), "{after}");
    let resident = [("insurance", "resident")];
    let next = flow::path(&c, &answers_of(&resident))[1];
    assert!(
        after.contains(&format!(
            "{}\n{}",
            progress(&c, Lang::En, 2, &resident),
            next.title.get(Lang::En)
        )),
        "{after}"
    );
    assert_no_escape(&r, "commands");
}

#[test]
fn back_from_the_first_question_says_so_and_q_quits_at_once() {
    let tmp = Temp::new("plain-first");
    let r = run(
        &tmp.0,
        &["--accessible", "--lang", "en"],
        &[],
        "0\nb\nq\n1\n",
    );
    assert_eq!(r.code, Some(0));
    assert_eq!(r.out.matches("This is the first question.").count(), 2);
    assert!(r.out.trim_end().ends_with("Goodbye."), "{}", r.out);
    // Input that ends early ends the conversation quietly.
    let r = run(&tmp.0, &[], &[], "1\n");
    assert_eq!(r.code, Some(0), "{}", r.err);
    assert!(r.err.is_empty(), "{}", r.err);
}

#[test]
fn the_route_comes_in_parts_with_back_and_the_checklist_can_be_saved() {
    let c = content();
    let tmp = Temp::new("plain-save");
    let answers = path_with(
        &c,
        &[
            ("insurance", "employee"),
            ("scope", "cross-province"),
            ("channel", "offline"),
        ],
    );
    let outcome = match flow::next(&c, &answers.iter().cloned().collect()) {
        flow::Next::Done(o) => o.id.clone(),
        other => panic!("{other:?}"),
    };
    let (input, parts) = keys(&c, &answers);
    // Part 1, part 2, b back to part 1, x (not allowed), then on; at the
    // end 1 saves, 1 saves again under a new name, 3 quits.
    let input = input
        .replacen("\n\n\n", "\n\n\nb\nx\n\n", 1)
        .strip_suffix("3\n")
        .map(|s| format!("{s}1\n1\n3\n"))
        .unwrap();
    let r = run(&tmp.0, &["--lang", "en"], &[], &input);
    assert_eq!(r.code, Some(0), "{}", r.err);
    assert_eq!(
        r.out.matches(&format!("Part 1 of {parts}.")).count(),
        2,
        "{}",
        r.out
    );
    assert!(
        r.out.contains("Press Enter to go on; type b to go back"),
        "{}",
        r.out
    );
    let saved: Vec<PathBuf> = std::fs::read_dir(&tmp.0)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(saved.len(), 2, "{saved:?}");
    let first = tmp.0.join(format!("yibao-checklist-{outcome}.md"));
    let text = std::fs::read_to_string(&first).unwrap();
    assert!(
        text.starts_with("# Employee insurance to another province"),
        "{text}"
    );
    assert!(text.contains("- [ ] "), "{text}");
    assert!(
        r.out
            .contains(&format!("Checklist saved: {}", first.display())),
        "{}",
        r.out
    );
    assert!(
        tmp.0
            .join(format!("yibao-checklist-{outcome}-2.md"))
            .exists()
    );
}

#[test]
fn no_colour_and_no_escape_with_no_color_or_a_dumb_terminal() {
    let tmp = Temp::new("plain-nocolor");
    let plain = run(&tmp.0, &["--plain"], &[], "1\n1\n1\n1\n\nq\n");
    for env in [
        [("NO_COLOR", "1")],
        [("TERM", "dumb")],
        [("ACCESSIBLE", "1")],
    ] {
        let r = run(&tmp.0, &[], &env, "1\n1\n1\n1\n\nq\n");
        assert_eq!(r.code, Some(0));
        assert_no_escape(&r, &format!("{env:?}"));
        assert_eq!(r.out, plain.out, "{env:?}");
    }
}

// ---- reading aloud ----

/// A fake speech command: appends what it is given to `said.txt`.
fn recorder(dir: &Path) -> (String, PathBuf) {
    let file = dir.join("said.txt");
    (format!("tee -a {}", file.display()), file)
}

#[test]
fn plain_mode_reads_every_kind_of_block_aloud_as_prepared_text() {
    let c = content();
    let tmp = Temp::new("plain-speak");
    let (cmd, file) = recorder(&tmp.0);
    let answers = path_with(
        &c,
        &[
            ("insurance", "employee"),
            ("scope", "cross-province"),
            ("channel", "online"),
        ],
    );
    let (input, parts) = keys(&c, &answers);
    let input = format!("?\nx\n{}1\n3\n", input.strip_suffix("3\n").unwrap());
    let r = run(&tmp.0, &["--speak", &cmd], &[], &input);
    assert_eq!(r.code, Some(0), "{}", r.err);
    let said = std::fs::read_to_string(&file).unwrap();
    let said: Vec<&str> = said.lines().collect();
    // The welcome, the first question, its help, the wrong entry, the
    // other questions, the review, every part, the checklist with the
    // menu, the saved message.
    let n = answers.len();
    assert_eq!(
        said.len(),
        1 + 1 + 1 + 1 + (n - 1) + 1 + parts + 1 + 1,
        "{said:#?}"
    );
    for s in &said {
        assert!(
            !s.contains(['（', '）', '(', ')', '《', '》', '「', '」', '｜', '/']),
            "brackets read out: {s}"
        );
    }
    assert!(said[2].starts_with("怎么判断。看缴费方式"), "{}", said[2]);
    assert!(
        said[2].ends_with("问号帮助，b或0返回上一步，r崇复，l切换语言，English，q退出。"),
        "{}",
        said[2]
    );
    assert!(said[3].starts_with("没有x这一项。"), "{}", said[3]);
    assert_eq!(
        said[1],
        format!(
            "{}您现在参加的是哪一种基本医疗保险。1，职工基本医疗保险，职工医保。2，城乡居民基本医疗保险，居民医保。",
            progress(&c, Lang::Zh, 1, &[])
        )
    );
    assert!(
        said[3 + n].starts_with("请核对您的回答。1，"),
        "{}",
        said[3 + n]
    );
    // The time part says the date as people say it and the helpline digit
    // by digit; 地 is said dì (the [speak] table).
    let time = said
        .iter()
        .find(|s| s.contains("时限，费用与待遇"))
        .unwrap();
    assert!(time.contains("二零二六年"), "{time}");
    assert!(time.contains("幺二三九三"), "{time}");
    assert!(
        !time.contains("参保地") && time.contains("参保第"),
        "{time}"
    );
    assert!(
        said[said.len() - 2].contains("要带走的清单"),
        "{}",
        said[said.len() - 2]
    );
    assert!(
        said[said.len() - 1].starts_with("清单已保存"),
        "{}",
        said[said.len() - 1]
    );
    // The screen keeps the real words.
    assert!(r.out.contains("参保地") && !r.out.contains("参保第"));
}

#[test]
fn english_is_read_with_the_english_command_without_chinese_words() {
    let tmp = Temp::new("plain-speak-en");
    let (zh_cmd, zh_file) = recorder(&tmp.0);
    let en_file = tmp.0.join("said-en.txt");
    let en_cmd = format!("tee -a {}", en_file.display());
    let r = run(
        &tmp.0,
        &["--speak", &zh_cmd, "--speak-en", &en_cmd],
        &[],
        "2\nl\nq\n",
    );
    assert_eq!(r.code, Some(0), "{}", r.err);
    let zh = std::fs::read_to_string(&zh_file).unwrap();
    let en = std::fs::read_to_string(&en_file).unwrap();
    // The welcome and questions 1 and 2 in Chinese, then question 2 again
    // in English after `l`.
    assert_eq!(zh.lines().count(), 3, "{zh}");
    assert_eq!(en.lines().count(), 1, "{en}");
    let c = content();
    let second = progress(&c, Lang::En, 2, &[("insurance", "resident")]);
    assert!(
        en.starts_with(&format!("{second} Why are you moving")),
        "{en}"
    );
    assert!(
        en.contains("2, My household registration, hoo koe, moved."),
        "{en}"
    );
    assert!(
        !en.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
        "{en}"
    );
}

#[test]
fn a_missing_or_failing_speech_command_says_so_once_and_the_guide_goes_on() {
    let tmp = Temp::new("plain-speak-fail");
    for cmd in ["no-such-speech-command -v cmn", "false"] {
        let r = run(&tmp.0, &["--speak", cmd], &[], "1\n1\n1\n1\n\nq\n");
        assert_eq!(r.code, Some(0), "{cmd}: {}", r.err);
        assert_eq!(
            r.out.matches("朗读用不了，已经关闭。").count(),
            1,
            "{cmd}: {}",
            r.out
        );
        let line = r.out.lines().find(|l| l.contains("朗读用不了")).unwrap();
        assert!(line.chars().count() < 120, "{line}");
        assert!(r.out.contains("第1部分"), "{cmd}: {}", r.out);
    }
}

#[test]
fn the_text_for_each_screen_is_prepared_from_the_content() {
    // What the wizard's read-aloud button says comes from the same lines.
    let c = content();
    let q = c.question("insurance").unwrap();
    let text = speech::spoken(
        &c,
        Lang::En,
        &script::question(&c, Lang::En, q, &Answers::new(), 1, 4),
    );
    assert_eq!(
        text,
        "Question 1 of at most 4. Which basic medical insurance do you have now. 1, Employee basic medical insurance. 2, Urban and rural resident basic medical insurance."
    );
}

#[test]
fn espeak_ng_writes_a_wav_of_a_question() {
    if Command::new("espeak-ng").arg("--version").output().is_err() {
        eprintln!("skipped: espeak-ng is not installed (Debian/Ubuntu: apt-get install espeak-ng)");
        return;
    }
    let c = content();
    let tmp = Temp::new("plain-espeak");
    let wav = tmp.0.join("question.wav");
    let q = c.question("insurance").unwrap();
    let text = speech::spoken(
        &c,
        Lang::Zh,
        &script::question(&c, Lang::Zh, q, &Answers::new(), 1, 4),
    );
    let mut s = Speaker::new(&format!(
        "espeak-ng -v cmn-latn-pinyin -s 140 -w {}",
        wav.display()
    ))
    .unwrap();
    s.say(&text).unwrap();
    assert_eq!(s.wait(Duration::from_secs(60)), Some(Ok(())));
    let bytes = std::fs::read(&wav).unwrap();
    assert_eq!(&bytes[..4], b"RIFF", "not a WAV file");
    // 16-bit mono at 22050 Hz: a second of speech is about 44 KB; the
    // question and its two options take several seconds.
    assert!(bytes.len() > 100_000, "{} bytes", bytes.len());
}

// ---- in a real terminal ----

/// The binary in a pseudo-terminal with the given environment; returns
/// everything it wrote and its exit code after `input` is typed.
fn in_terminal(args: &[&str], env: &[(&str, &str)], input: &[&[u8]], dir: &Path) -> (Vec<u8>, u32) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(bin());
    cmd.args(args);
    cmd.cwd(dir);
    cmd.env_remove("ACCESSIBLE");
    cmd.env_remove("NO_COLOR");
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let pump = |seen: &mut Vec<u8>, d: Duration| {
        let end = std::time::Instant::now() + d;
        while let Some(left) = end.checked_duration_since(std::time::Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(b) => seen.extend(b),
                Err(_) => break,
            }
        }
    };
    pump(&mut seen, Duration::from_millis(800));
    for bytes in input {
        writer.write_all(bytes).unwrap();
        writer.flush().unwrap();
        pump(&mut seen, Duration::from_millis(500));
    }
    let end = std::time::Instant::now() + Duration::from_secs(10);
    let code = loop {
        pump(&mut seen, Duration::from_millis(50));
        if let Some(st) = child.try_wait().unwrap() {
            break st.exit_code();
        }
        assert!(
            std::time::Instant::now() < end,
            "still running: {}",
            String::from_utf8_lossy(&seen)
        );
    };
    pump(&mut seen, Duration::from_millis(200));
    drop(pair.master);
    (seen, code)
}

#[test]
fn a_dumb_terminal_or_accessible_1_gets_plain_mode_in_a_real_terminal() {
    let tmp = Temp::new("plain-pty");
    for env in [[("TERM", "dumb")], [("ACCESSIBLE", "1")]] {
        let (out, code) = in_terminal(&[], &env, &[b"2\n", b"q\n"], &tmp.0);
        let text = String::from_utf8_lossy(&out);
        assert_eq!(code, 0, "{env:?}: {text}");
        assert!(!out.contains(&0x1b), "{env:?}: an escape byte:\n{text:?}");
        let c = content();
        let first = progress(&c, Lang::Zh, 1, &[]);
        let second = progress(&c, Lang::Zh, 2, &[("insurance", "resident")]);
        assert!(text.contains(&first), "{env:?}: {text}");
        assert!(text.contains(&second), "{env:?}: {text}");
    }
}

#[test]
fn the_full_screen_wizard_reads_aloud_through_the_speak_command() {
    let tmp = Temp::new("plain-pty-speak");
    let (cmd, file) = recorder(&tmp.0);
    let (_, code) = in_terminal(&["--speak", &cmd], &[], &[b"r", b"q"], &tmp.0);
    assert_eq!(code, 0);
    let said = std::fs::read_to_string(&file).unwrap();
    assert!(said.starts_with("换了第方，医保怎么转。"), "{said}");
}

#[test]
fn a_province_is_found_by_its_pinyin_initials_and_several_matches_are_listed() {
    let c = content();
    let tmp = Temp::new("plain-keys");
    // Up to the first province question, answered by number.
    let mut given = Answers::new();
    let mut input = String::new();
    for (q, o) in [
        ("insurance", "employee"),
        ("retired", "no"),
        ("situation", "none"),
        ("stay", "long-term"),
    ] {
        let n = flow::choices(&c, c.question(q).unwrap(), &given)
            .iter()
            .position(|x| x.id == o)
            .unwrap()
            + 1;
        input.push_str(&format!("{n}\n"));
        given.insert(q.into(), o.into());
    }
    input.push_str("hn\ngd\nq\n");
    let r = run(&tmp.0, &[], &[], &input);
    assert_eq!(r.code, Some(0), "{}", r.err);
    let from = c.question("from_province").unwrap();
    let hn: Vec<&str> = from
        .options
        .iter()
        .filter(|o| o.keys == "hn")
        .map(|o| o.label.get(Lang::Zh))
        .collect();
    assert!(hn.len() > 1, "{hn:?}");
    let listed = r
        .out
        .lines()
        .find(|l| l.starts_with("「hn」"))
        .unwrap_or_else(|| panic!("{}", r.out));
    for label in hn {
        assert!(listed.contains(label), "{listed}");
    }
    // `gd` answers the question: the next one is asked.
    let after = &r.out[r.out.find("：gd").expect("gd typed")..];
    let next = c.question("to_province").unwrap().title.get(Lang::Zh);
    assert!(after.contains(next), "{after}");
}
