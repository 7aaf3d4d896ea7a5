//! The built binary against the mini content (`--content DIR`): `route` in
//! its three formats and two languages, its usage errors (exit 2), the
//! finish-by date, a reader that hangs up, output with nobody to read it,
//! unusable content folders, `graph`, `check` and `--help`.

mod support;

use std::io::Read;
use std::process::{Command, Stdio};

use serde_json::Value;
use support::*;
use yibao_guide::content::Lang;

/// The mini content's transfer for an employee moving to another province
/// online, reached by its outcome id.
const ONLINE: &str = "employee-cross-online";

/// Every answer of the first path to [`ONLINE`], as `route` arguments.
fn all(m: &Mini) -> Vec<String> {
    route_args(&path_to(&m.content(), ONLINE))
}

fn route(m: &Mini, extra: &[&str]) -> Output {
    let all = all(m);
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    m.run(&[&["route"], &all[..], extra].concat())
}

#[track_caller]
fn ok(out: &Output) {
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
}

#[track_caller]
fn usage_error(out: &Output) {
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(out.stderr.starts_with("error: "), "{out:?}");
    assert!(!out.stderr.contains("panicked"), "{out:?}");
}

#[test]
fn route_with_all_answers_prints_the_outcome() {
    let m = Mini::new("cli_route_text");
    let out = route(&m, &["--date", "2026-11-25"]);
    ok(&out);
    assert!(out.stdout.starts_with("职工跨省网上转\n"), "{}", out.stdout);
    for text in [
        "在手机上申请转移。",
        "提交申请",
        "身份证",
        "劳动合同",
        "不要断缴",
        "规定甲",
        "测试内容，不是真的规定。",
    ] {
        assert!(
            out.stdout.contains(text),
            "`{text}` missing:\n{}",
            out.stdout
        );
    }
    assert!(
        !out.stdout.contains("Employee, other province"),
        "{}",
        out.stdout
    );
}

#[test]
fn route_json_has_the_documented_keys() {
    let m = Mini::new("cli_route_json");
    let out = route(&m, &["--format", "json", "--date", "2026-11-25"]);
    ok(&out);
    let v: Value = serde_json::from_str(&out.stdout).expect("route --format json prints JSON");
    for key in [
        "answers",
        "outcome",
        "steps",
        "materials",
        "notes",
        "time_limit",
        "sources",
        "content_version",
    ] {
        assert!(v.get(key).is_some(), "no `{key}` in {v:#}");
    }
    assert_eq!(v["outcome"], ONLINE);
    assert_eq!(v["content_version"], "test-1");
    assert_eq!(v["time_limit"], "十五个工作日");
    assert_eq!(v["answers"].as_array().unwrap().len(), all(&m).len());
    assert_eq!(v["answers"][0]["question"], "insurance");
    assert_eq!(v["answers"][0]["option"], "employee");
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert!(steps.iter().all(|s| s["title"].is_string()), "{v:#}");
    assert_eq!(steps[0]["title"], "提交申请");
    let materials = v["materials"].as_array().unwrap();
    let ids: Vec<&str> = materials
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["id-card", "job-proof"]);
    assert!(materials.iter().all(|m| m["name"].is_string()), "{v:#}");
    assert_eq!(v["notes"][0]["id"], "keep-paying");
    let sources: Vec<&str> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["rule-a", "rule-b"]);
    assert_eq!(v["finish_by"]["date"], "2026-12-16");
}

#[test]
fn route_markdown_has_headings() {
    let m = Mini::new("cli_route_markdown");
    let out = route(&m, &["--format", "markdown"]);
    ok(&out);
    assert!(
        out.stdout.starts_with("# 职工跨省网上转\n"),
        "{}",
        out.stdout
    );
    let h2 = out.stdout.lines().filter(|l| l.starts_with("## ")).count();
    assert!(h2 >= 4, "expected `## ` section headings:\n{}", out.stdout);
    assert!(out.stdout.contains("- [ ] 身份证"), "{}", out.stdout);
}

#[test]
fn route_lang_en_gives_the_english_texts() {
    let m = Mini::new("cli_route_en");
    let out = route(&m, &["--lang", "en"]);
    ok(&out);
    for text in [
        "Employee, other province, online",
        "Apply for the transfer on the phone.",
        "Labour contract",
        "Keep paying",
        "Test content, not real rules.",
    ] {
        assert!(
            out.stdout.contains(text),
            "`{text}` missing:\n{}",
            out.stdout
        );
    }
    // The Chinese title only beside the English one, for staff in China.
    let title = out.stdout.lines().next().unwrap_or_default();
    assert!(
        title.starts_with("Employee, other province, online")
            && title.ends_with("【职工跨省网上转】"),
        "{}",
        out.stdout
    );
    assert_eq!(
        out.stdout.matches("职工跨省网上转").count(),
        1,
        "{}",
        out.stdout
    );
    let json = route(&m, &["--lang", "en", "--format", "json"]);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["lang"], "en");
    assert_eq!(v["materials"][0]["name"], "ID card");
}

#[test]
fn a_missing_answer_names_the_question_and_its_options() {
    let m = Mini::new("cli_missing_answer");
    let out = m.run(&[
        "route",
        "insurance=employee",
        "reason=job",
        "channel=online",
    ]);
    usage_error(&out);
    assert!(
        out.stderr
            .starts_with("error: missing answer for question `scope` ("),
        "{out:?}"
    );
    assert!(
        out.stderr.contains("  cross-province (") && out.stderr.contains("  within-province ("),
        "{out:?}"
    );
    assert_eq!(
        out.stderr.matches("missing answer").count(),
        1,
        "only scope is missing: {out:?}"
    );
}

#[test]
fn every_missing_answer_is_named_at_once_each_with_its_options() {
    let m = Mini::new("cli_missing_answers");
    let c = m.content();
    for given in [&[][..], &["insurance=employee"], &["channel=offline"]] {
        let out = m.run(&[&["route"][..], given].concat());
        usage_error(&out);
        let named: Vec<&str> = out
            .stderr
            .lines()
            .filter_map(|l| l.split_once("missing answer for question `"))
            .filter_map(|(_, rest)| rest.split_once('`'))
            .map(|(q, _)| q)
            .collect();
        // Every question not answered, in the order the wizard asks them
        // (the reason is missing, so scope and channel may still be asked).
        let expected: Vec<&str> = c
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .filter(|q| !given.iter().any(|g| g.starts_with(&format!("{q}="))))
            .collect();
        assert_eq!(named, expected, "{given:?}: {out:?}");
        for q in &c.questions {
            if expected.contains(&q.id.as_str()) {
                let block = out.stderr.split(&format!("`{}` (", q.id)).nth(1).unwrap();
                let block = block.split("missing answer").next().unwrap();
                for o in &q.options {
                    assert!(
                        block.contains(&format!("\n  {} ({})", o.id, o.label.zh)),
                        "{given:?}: option `{}` of `{}` not listed under it: {out:?}",
                        o.id,
                        q.id
                    );
                }
            }
        }
    }
    // Once the reason rules them out, scope and channel are not asked for.
    let out = m.run(&["route", "reason=retirement"]);
    usage_error(&out);
    assert!(out.stderr.contains("`insurance`"), "{out:?}");
    assert!(
        !out.stderr.contains("`scope`") && !out.stderr.contains("`channel`"),
        "{out:?}"
    );
}

#[test]
fn an_unknown_question_lists_the_questions() {
    let m = Mini::new("cli_unknown_key");
    let out = m.run(&["route", "insurance=employee", "colour=blue"]);
    usage_error(&out);
    assert!(out.stderr.contains("unknown question `colour`"), "{out:?}");
    for q in ["insurance", "reason", "scope", "channel"] {
        assert!(
            out.stderr.contains(&format!("  {q} (")),
            "`{q}` not listed: {out:?}"
        );
    }
}

#[test]
fn an_unknown_option_names_the_question_and_lists_its_options() {
    let m = Mini::new("cli_unknown_value");
    let out = m.run(&["route", "insurance=employee", "reason=bored"]);
    usage_error(&out);
    assert!(
        out.stderr
            .contains("`bored` is not an option of question `reason`"),
        "{out:?}"
    );
    for o in ["job", "hukou", "family", "retirement", "other"] {
        assert!(
            out.stderr.contains(&format!("  {o} (")),
            "`{o}` not listed: {out:?}"
        );
    }
}

#[test]
fn an_answer_without_equals_is_a_usage_error() {
    let m = Mini::new("cli_no_equals");
    let out = m.run(&["route", "insurance"]);
    usage_error(&out);
    assert!(
        out.stderr
            .contains("`insurance` is not an answer: write question=option"),
        "{out:?}"
    );
}

#[test]
fn a_bad_date_is_a_usage_error() {
    let m = Mini::new("cli_bad_date");
    let out = route(&m, &["--date", "2026-13-01"]);
    usage_error(&out);
    assert!(out.stderr.contains("--date `2026-13-01`"), "{out:?}");
}

#[test]
fn answers_to_skipped_questions_are_accepted() {
    let m = Mini::new("cli_skipped");
    let out = m.run(&[
        "route",
        "insurance=resident",
        "reason=retirement",
        "scope=cross-province",
        "channel=offline",
        "--format",
        "json",
    ]);
    ok(&out);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["outcome"], "stay-and-register");
    // Only the answers on the path are shown.
    let asked: Vec<&str> = v["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["question"].as_str().unwrap())
        .collect();
    assert_eq!(asked, ["insurance", "reason"]);
}

#[test]
fn date_gives_the_finish_by_date() {
    let m = Mini::new("cli_finish_by");
    // Wednesday 2026-11-25 + 15 working days (no holidays then) = 2026-12-16.
    let out = route(&m, &["--date", "2026-11-25", "--lang", "en"]);
    ok(&out);
    assert!(
        out.stdout.contains(
            "If your application is accepted on Wed 25 Nov 2026, the offices should be done by \
             Wed 16 Dec 2026 (15 working days from acceptance, an estimate; weekends and public \
             holidays skipped)."
        ),
        "{}",
        out.stdout
    );
    let zh = route(&m, &["--date", "2026-11-25"]);
    assert!(
        zh.stdout
            .contains("2026年11月25日（星期三）申请并被受理的，预计2026年12月16日（星期三）前办结"),
        "{}",
        zh.stdout
    );
    let json = route(&m, &["--date", "2026-11-25", "--format", "json"]);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["finish_by"]["date"], "2026-12-16");
    assert_eq!(
        v["finish_by"]["estimate_note"],
        Value::Null,
        "2026 is in the calendar: not an estimate"
    );
}

#[test]
fn a_date_running_into_an_unknown_year_is_an_estimate() {
    let m = Mini::new("cli_estimate");
    // The mini calendar knows 2026 only; from Monday 2026-12-28, weekends
    // only are skipped in 2027: Dec 29-31, Jan 1, Jan 4-8, 11-15, 18.
    let expected_note = m
        .content()
        .ui("finish.estimated", Lang::En)
        .replace("{year}", "2027");
    let out = route(&m, &["--date", "2026-12-28", "--lang", "en"]);
    ok(&out);
    assert!(
        out.stdout.contains(&format!(
            "Mon 18 Jan 2027 (15 working days from acceptance, an estimate; {expected_note})"
        )),
        "{}",
        out.stdout
    );

    let json = route(&m, &["--date", "2027-03-01", "--format", "json"]);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    let zh_note = m
        .content()
        .ui("finish.estimated", Lang::Zh)
        .replace("{year}", "2027");
    assert_eq!(v["finish_by"]["estimate_note"], zh_note.as_str());
    // 2027-03-01 is a Monday: three weeks later.
    assert_eq!(v["finish_by"]["date"], "2027-03-22");
}

#[test]
fn a_reader_that_hangs_up_early_causes_no_panic() {
    let m = Mini::new("cli_broken_pipe");
    // Make the output far larger than a pipe buffer, so that the binary is
    // still writing when the reader goes away.
    // (Content files are capped at 1 MiB; this stays under it.)
    let long = "在手机上申请转移。".repeat(30_000);
    m.edit(
        "outcomes.toml",
        r#"summary = { zh = "在手机上申请转移。""#,
        &format!(r#"summary = {{ zh = "{long}""#),
    );
    let mut child = Command::new(bin())
        .args(["route", "--content", s(&m.dir)])
        .args(all(&m))
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    assert!(String::from_utf8_lossy(&first).starts_with("职工"));
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn graph_dot_shows_every_question_and_outcome() {
    let m = Mini::new("cli_graph_dot");
    let out = m.run(&["graph"]);
    ok(&out);
    assert!(out.stdout.starts_with("digraph"), "{}", out.stdout);
    assert!(out.stdout.trim_end().ends_with('}'), "{}", out.stdout);
    let c = m.content();
    let ids = c
        .questions
        .iter()
        .map(|q| &q.id)
        .chain(c.outcomes.iter().map(|o| &o.id));
    for id in ids {
        assert!(
            out.stdout.contains(&format!("[{id}]")),
            "`{id}` missing:\n{}",
            out.stdout
        );
    }
    assert!(!out.stdout.contains("dead_end"), "{}", out.stdout);
}

#[test]
fn graph_mermaid_is_a_flowchart() {
    let m = Mini::new("cli_graph_mermaid");
    let out = m.run(&["graph", "--format", "mermaid", "--lang", "en"]);
    ok(&out);
    assert!(out.stdout.starts_with("flowchart"), "{}", out.stdout);
    for id in [
        "insurance",
        "reason",
        "scope",
        "channel",
        "stay-and-register",
        "resident-move",
    ] {
        assert!(
            out.stdout.contains(&format!("[{id}]")),
            "`{id}` missing:\n{}",
            out.stdout
        );
    }
    assert!(out.stdout.contains("Which insurance?"), "{}", out.stdout);
}

#[test]
fn check_on_clean_content() {
    let m = Mini::new("cli_check");
    let out = m.run(&["check"]);
    ok(&out);
    assert!(
        out.stdout.starts_with("ok: 4 questions, 5 outcomes"),
        "{}",
        out.stdout
    );
}

#[test]
fn help_for_the_top_level_and_each_command() {
    let out = run(&["--help"]);
    ok(&out);
    assert!(out.stdout.contains("Usage: yibao-guide"), "{}", out.stdout);
    for cmd in ["route", "check", "graph"] {
        assert!(
            out.stdout.contains(cmd),
            "`{cmd}` not in the top-level help:\n{}",
            out.stdout
        );
        let out = run(&[cmd, "--help"]);
        ok(&out);
        assert!(
            out.stdout.contains(&format!("Usage: yibao-guide {cmd}")),
            "{}",
            out.stdout
        );
    }
    let route = run(&["route", "--help"]).stdout;
    assert!(
        route.contains("QUESTION=OPTION") && route.contains("--format") && route.contains("--date"),
        "{route}"
    );
    assert!(run(&["graph", "--help"]).stdout.contains("mermaid"));
}

/// The command lines a text shows after "Example: " or "use: ", split into
/// arguments without the program name.
fn example_commands(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter_map(|l| {
            l.split_once("Example: yibao-guide ")
                .or_else(|| l.split_once("use: yibao-guide "))
        })
        .map(|(_, cmd)| cmd.split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// Runs an example command line; it must succeed and print something.
#[track_caller]
fn runs(example: &[String]) -> Output {
    let args: Vec<&str> = example.iter().map(String::as_str).collect();
    let out = run(&args);
    ok(&out);
    assert!(!out.stdout.is_empty(), "{example:?}: {out:?}");
    out
}

#[test]
fn every_example_in_the_help_texts_and_hints_runs() {
    let m = Mini::new("cli_help_examples");
    let dir = s(&m.dir);
    for (args, has_example) in [
        (&["--help"][..], true),
        (&["route", "--help"], true),
        (&["help", "route"], true),
        (&["route", "-h"], true),
        (&["check", "--help"], false),
        (&["graph", "--help"], false),
    ] {
        let out = run(args);
        ok(&out);
        let examples = example_commands(&out.stdout);
        assert_eq!(
            !examples.is_empty(),
            has_example,
            "{args:?}:\n{}",
            out.stdout
        );
        for e in examples {
            runs(&e);
        }
    }
    // With --content, the example is for that content.
    let out = run(&["route", "--help", "--content", dir]);
    ok(&out);
    let examples = example_commands(&out.stdout);
    assert_eq!(examples.len(), 1, "{}", out.stdout);
    assert!(examples[0].ends_with(&["--content".to_owned(), dir.to_owned()]));
    assert!(runs(&examples[0]).stdout.starts_with("职工跨省网上转\n"));

    // Started without a terminal, the wizard talks in plain lines instead:
    // the first question of the content, with no escape byte.
    for args in [&[][..], &["--content", dir]] {
        let out = run(args);
        assert_eq!(out.code, Some(0), "{out:?}");
        assert!(!out.stdout.contains('\u{1b}'), "{out:?}");
        assert!(out.stdout.contains("1. "), "{out:?}");
    }

    // An answer without `=` gets an example answer that `route` accepts.
    let out = m.run(&["route", "insurance"]);
    usage_error(&out);
    let (_, example) = out
        .stderr
        .split_once("for example ")
        .unwrap_or_else(|| panic!("no example answer: {out:?}"));
    let out = m.run(&["route", example.trim()]);
    usage_error(&out);
    assert!(out.stderr.starts_with("error: missing answer"), "{out:?}");
}

#[test]
fn unusable_content_folders_get_one_clean_message_from_check_and_route() {
    for (i, fault) in Fault::ALL.into_iter().enumerate() {
        let f = Faulty::new(&format!("cli_fault_{i}"), fault);
        // (The content cannot be read: what the answers are does not matter.)
        for cmd in [&["check"][..], &["route", "insurance=employee"]] {
            let out = run(&[cmd, &["--content", f.dir()]].concat());
            assert_one_clean_screen(&out.stderr);
            if !f.effective {
                // Running as root: the folder without read permission is
                // read all the same, so there is no error to look at.
                continue;
            }
            assert_eq!(out.code, Some(1), "{fault:?} {cmd:?}: {out:?}");
            assert!(out.stdout.is_empty(), "{fault:?} {cmd:?}: {out:?}");
            let first = out.stderr.lines().next().unwrap_or("");
            assert!(
                first.starts_with("error: ")
                    && first.contains(&f.names)
                    && first.contains(f.problem),
                "{fault:?} {cmd:?}: expected `{}` and `{}` in:\n{}",
                f.names,
                f.problem,
                out.stderr
            );
        }
    }
}

/// Runs the binary with one of its standard outputs a pipe nobody reads:
/// its reading end is closed before the program starts.
fn run_with_closed_pipe(args: &[&str], on_stdout: bool) -> Output {
    let mut fds = [0; 2];
    // SAFETY: pipe(2) fills two fds, which are owned from here on.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both fds are open and owned by nobody else.
    let (read_end, write_end) = unsafe {
        use std::os::fd::{FromRawFd, OwnedFd};
        (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1]))
    };
    drop(read_end);
    let mut cmd = Command::new(bin());
    cmd.args(args).env_remove("RUST_BACKTRACE");
    if on_stdout {
        cmd.stdout(Stdio::from(write_end)).stderr(Stdio::piped());
    } else {
        cmd.stderr(Stdio::from(write_end)).stdout(Stdio::piped());
    }
    let out = cmd.output().unwrap();
    Output {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn output_to_a_reader_gone_before_the_start_ends_quietly() {
    let m = Mini::new("cli_closed_pipe");
    let dir = s(&m.dir);
    let all = all(&m);
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let route = [&["route", "--content", dir][..], &all[..]].concat();
    for args in [&route[..], &["check", "--content", dir], &["graph"]] {
        let out = run_with_closed_pipe(args, true);
        assert_eq!(out.code, Some(0), "{args:?}: {out:?}");
        assert!(out.stderr.is_empty(), "{args:?}: {out:?}");
    }
    // Messages to a closed stderr (`2>&1 | head` after head is done): the
    // exit code still tells what happened; there is no panic (code 101).
    let broken = Faulty::new("cli_closed_stderr", Fault::NotUtf8);
    for (args, code) in [
        (&["check", "--content", broken.dir()][..], 1),
        (&["route", "insurance=employee", "--content", dir], 2),
    ] {
        let out = run_with_closed_pipe(args, false);
        assert_eq!(out.code, Some(code), "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {out:?}");
    }
}

#[test]
fn route_with_stdout_closed_entirely_ends_quietly() {
    use std::os::unix::process::CommandExt;
    let m = Mini::new("cli_closed_stdout");
    let mut cmd = Command::new(bin());
    cmd.args(["route", "--content", s(&m.dir)])
        .args(all(&m))
        .env_remove("RUST_BACKTRACE")
        .stderr(Stdio::piped());
    // SAFETY: close(2) is async-signal-safe; the child starts with no fd 1.
    unsafe {
        cmd.pre_exec(|| {
            libc::close(1);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn loose_or_far_dates_are_usage_errors() {
    let m = Mini::new("cli_loose_dates");
    for date in ["+202-01-01", "2026-+1-+5", "2026-01-+1"] {
        let out = route(&m, &["--date", date]);
        usage_error(&out);
        assert!(
            out.stderr.contains("is not a date written YYYY-MM-DD"),
            "{out:?}"
        );
    }
    for date in ["9999-12-31", "0001-01-01"] {
        let out = route(&m, &["--date", date]);
        usage_error(&out);
        assert!(out.stderr.contains("outside the years"), "{out:?}");
    }
}

#[test]
fn a_past_year_outside_the_calendar_is_not_called_unpublished() {
    let m = Mini::new("cli_past_year");
    // The mini calendar knows 2026 only.
    let out = route(&m, &["--date", "2025-06-02", "--lang", "en"]);
    ok(&out);
    let past = m
        .content()
        .ui("finish.estimated_past", Lang::En)
        .replace("{year}", "2025");
    assert!(out.stdout.contains(&past), "{}", out.stdout);
    assert!(!out.stdout.contains("not published yet"), "{}", out.stdout);
}

#[test]
fn hostile_bytes_in_arguments_are_shown_escaped() {
    let m = Mini::new("cli_hostile_args");
    for args in [
        &["route", "insurance=\x1b[2J\x1b]0;owned\x07"][..],
        &["route", "--date", "\x1b[2J"],
    ] {
        let out = m.run(args);
        usage_error(&out);
        assert!(!out.stderr.contains('\x1b'), "{out:?}");
        assert!(out.stderr.contains("\\u{1b}[2J"), "{out:?}");
    }
    // What the argument parser rejects is not echoed raw either.
    for args in [&["route", "--format", "\x1b[2J"][..], &["\x1b[2J"]] {
        let out = m.run(args);
        usage_error(&out);
        assert!(!out.stderr.contains('\x1b'), "{out:?}");
    }
}

#[test]
fn output_to_a_full_disk_says_so() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full on this system");
        return;
    };
    let m = Mini::new("cli_dev_full");
    let out = Command::new(bin())
        .args(["route"])
        .args(all(&m))
        .args(["--content", s(&m.dir)])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: cannot write the output:"), "{err}");
}

#[test]
fn a_kiosk_without_a_terminal_exits_4() {
    let out = Command::new(bin())
        .arg("--kiosk")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
}

#[test]
fn a_kiosk_out_of_service_without_a_terminal_says_why_on_stderr() {
    let m = Mini::new("cli_kiosk_oos");
    m.write("zz-broken.toml", "[meta\n");
    let out = Command::new(bin())
        .args(["--kiosk", "--content", s(&m.dir)])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("out of service: ") && err.contains("zz-broken.toml:1:"),
        "{err}"
    );
    assert_eq!(err.matches("out of service").count(), 1, "{err}");
}

#[test]
fn a_kiosk_hall_in_an_unknown_province_stops_the_start_with_the_valid_ids() {
    let dir = std::env::temp_dir().join(format!("yibao-cli-hall-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("kiosk.toml");
    std::fs::write(
        &cfg,
        "[kiosk]\n[kiosk.hall]\nprovince = \"canton\"\nname = \"天河区医保服务大厅\"\n",
    )
    .unwrap();
    let out = Command::new(bin())
        .args(["--kiosk", "--config"])
        .arg(&cfg)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "out of service: {err}");
    assert!(
        err.contains("province = \"canton\" is not a province id")
            && err.contains("guangdong")
            && err.contains("bingtuan"),
        "{err}"
    );
}
