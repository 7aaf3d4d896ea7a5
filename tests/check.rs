//! `check`: one test per class of bad content. Each starts from the mini
//! content (tests/fixtures/mini plus content/ui.toml), applies one deliberate
//! break, and asserts where the message points (file, line, column) and what
//! it says. The breaks are files in tests/fixtures/broken/ added to the
//! folder as `zz-<class>.toml`, or a string replacement named in the test.

mod support;

use std::fs;

use proptest::prelude::*;
use support::*;
use yibao_guide::content::{self, Diagnostic, SourceFile};

/// The problems found in the folder, which must have some.
fn problems(m: &Mini) -> Vec<Diagnostic> {
    match m.load() {
        Ok(_) => panic!("the broken content passed the check"),
        Err(ds) => ds,
    }
}

/// The one problem found.
fn only(ds: &[Diagnostic]) -> &Diagnostic {
    assert_eq!(
        ds.len(),
        1,
        "expected exactly one problem, got:\n{}",
        show(ds)
    );
    &ds[0]
}

#[track_caller]
fn assert_at(d: &Diagnostic, file: &str, line: usize, column: usize, phrase: &str) {
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        (file, line, column),
        "wrong place:\n{d}"
    );
    assert!(
        d.message.contains(phrase),
        "expected `{phrase}` in the message:\n{d}"
    );
}

/// Runs `yibao-guide check --content <folder>`; it must fail with exit 1,
/// nothing on stdout and no panic.
fn check_fails(m: &Mini) -> Output {
    let out = m.run(&["check"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(!out.stderr.contains("panicked"), "{out:?}");
    out
}

#[test]
fn clean_mini_content_passes() {
    let m = Mini::new("clean_mini_content_passes");
    let c = m.content();
    assert_eq!(c.questions.len(), 4);
    assert_eq!(c.outcomes.len(), 5);
    let out = m.run(&["check"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .starts_with("ok: 4 questions, 5 outcomes, 3 materials, 34 paths"),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("content version test-1 (2026-11-25)"),
        "{out:?}"
    );
    assert!(out.stderr.is_empty(), "{out:?}");
}

#[test]
fn toml_syntax_error() {
    let m = Mini::new("toml_syntax_error");
    let f = m.add("syntax");
    let ds = problems(&m);
    // `title = { zh = "多余, en = "Extra" }`: the string ends before `Extra`.
    let d = only(&ds);
    assert_at(d, &m.name(&f), 4, 27, "expected `,`");
    // The underline counts display columns: 多余 is four wide.
    assert_eq!(d.underline, (28, 1), "{d}");

    let out = check_fails(&m);
    assert!(
        out.stderr
            .contains(&format!("error: {}:4:27: ", m.name(&f))),
        "{out:?}"
    );
    assert!(out.stderr.contains("1 problem(s) found"), "{out:?}");
}

#[test]
fn unknown_field() {
    let m = Mini::new("unknown_field");
    let f = m.add("unknown_field");
    let ds = problems(&m);
    let d = only(&ds);
    assert_at(d, &m.name(&f), 4, 1, "unknown field `titel`");
    assert!(
        d.message.contains("`title`"),
        "the message lists the valid fields: {d}"
    );

    let out = check_fails(&m);
    assert!(
        out.stderr
            .contains(&format!("{}:4:1: unknown field `titel`", m.name(&f))),
        "{out:?}"
    );
}

#[test]
fn unknown_question_in_a_condition() {
    let m = Mini::new("unknown_question_in_a_condition");
    let f = m.add("unknown_question");
    let ds = problems(&m);
    let d = only(&ds);
    assert_at(d, &m.name(&f), 5, 21, "unknown question `insurence`");
    assert!(
        d.message.contains("insurance, reason, scope, channel"),
        "{d}"
    );
}

#[test]
fn unknown_option_in_a_condition() {
    let m = Mini::new("unknown_option_in_a_condition");
    let f = m.add("unknown_option");
    let ds = problems(&m);
    let d = only(&ds);
    assert_at(
        d,
        &m.name(&f),
        7,
        40,
        "unknown option `by-post` for question `channel`",
    );
    assert!(d.message.contains("valid: online, offline"), "{d}");
}

#[test]
fn duplicate_question_id() {
    let m = Mini::new("duplicate_question_id");
    let f = m.add("duplicate_question");
    let ds = problems(&m);
    let d = only(&ds);
    assert_at(d, &m.name(&f), 4, 6, "duplicate question id `channel`");
    assert!(
        d.message.contains(&format!(
            "first defined at {}:58:6",
            m.name("questions.toml")
        )),
        "{d}"
    );
}

#[test]
fn duplicate_outcome_id() {
    let m = Mini::new("duplicate_outcome_id");
    let f = m.add("duplicate_outcome");
    let ds = problems(&m);
    let d = only(&ds);
    assert_at(
        d,
        &m.name(&f),
        4,
        6,
        "duplicate outcome id `employee-within`",
    );
    assert!(
        d.message.contains(&format!(
            "first defined at {}:52:6",
            m.name("outcomes.toml")
        )),
        "{d}"
    );
}

#[test]
fn dangling_references_to_material_note_and_source() {
    let m = Mini::new("dangling_references");
    let f = m.add("dangling_reference");
    let ds = problems(&m);
    assert_eq!(ds.len(), 3, "{}", show(&ds));
    let f = m.name(&f);
    assert_at(&ds[0], &f, 13, 25, "unknown material `passport`");
    assert_at(&ds[1], &f, 14, 10, "unknown note `no-such-note`");
    assert_at(&ds[2], &f, 15, 22, "unknown source `rule-z`");
}

#[test]
fn unknown_place_form_and_confidence_ids() {
    let m = Mini::new("unknown_place_form");
    let f = m.add("unknown_place_form");
    let ds = problems(&m);
    assert_eq!(ds.len(), 4, "{}", show(&ds));
    let f = m.name(&f);
    assert_at(
        &ds[0],
        &f,
        6,
        9,
        "unknown place `office`: the places are the `place.*` strings under [ui] (content/ui.toml): either, home, offices, online, transfer-in, transfer-out, treatment; use one of them, or add `place.office = ",
    );
    assert_at(&ds[1], &f, 18, 9, "unknown place `post-office`");
    assert_at(
        &ds[2],
        &f,
        23,
        8,
        "unknown form `scan`: the forms are the `form.*` strings under [ui] (content/ui.toml): copy, electronic,",
    );
    assert_at(
        &ds[3],
        &f,
        31,
        14,
        "unknown confidence `certain`: the confidences are the `confidence.*` strings under [ui] (content/ui.toml): high, low, medium;",
    );
}

/// Break: resident-move covers only cross-province, so a resident moving
/// within the province reaches no outcome.
fn dead_end(m: &Mini) {
    m.edit(
        "outcomes.toml",
        r#"in = { scope = ["cross-province", "within-province"] }"#,
        r#"in = { scope = ["cross-province"] }"#,
    );
}

#[test]
fn dead_end_names_the_answers_at_the_last_option() {
    let m = Mini::new("dead_end");
    dead_end(&m);
    let ds = problems(&m);
    // Four reasons other than retirement times two channels.
    assert_eq!(ds.len(), 8, "{}", show(&ds));
    let q = m.name("questions.toml");
    assert_at(
        &ds[0],
        &q,
        64,
        6,
        "dead end: no outcome matches the answers `insurance=resident reason=job scope=within-province channel=online`",
    );
    assert_at(
        &ds[1],
        &q,
        68,
        6,
        "dead end: no outcome matches the answers `insurance=resident reason=job scope=within-province channel=offline`",
    );
    for d in &ds {
        assert!(
            d.message.contains("insurance=resident") && d.message.contains("scope=within-province"),
            "{d}"
        );
        assert!(
            d.excerpt == r#"id = "online""# || d.excerpt == r#"id = "offline""#,
            "{d}"
        );
    }

    let out = check_fails(&m);
    assert!(
        out.stderr.contains(&format!("error: {q}:64:6: dead end")),
        "{out:?}"
    );
    assert!(out.stderr.contains("8 problem(s) found"), "{out:?}");
}

#[test]
fn two_outcomes_matching_the_same_answers() {
    let m = Mini::new("ambiguous");
    let f = m.add("ambiguous");
    let ds = problems(&m);
    let both: Vec<&Diagnostic> = ds
        .iter()
        .filter(|d| d.message.contains("both match"))
        .collect();
    assert_eq!(
        both.len(),
        1,
        "reported once for the pair, at the first `when`, naming where the other is:\n{}",
        show(&ds)
    );
    assert_at(
        both[0],
        &m.name("outcomes.toml"),
        6,
        8,
        &format!(
            "outcomes `stay-and-register` and `also-retired` ({}:5:8) both match the answers `insurance=employee reason=retirement`: make their `when` conditions exclude each other",
            m.name(&f)
        ),
    );
}

#[test]

fn ambiguous_outcomes_are_not_also_called_unreachable() {
    let m = Mini::new("ambiguous_not_unreachable");
    m.add("ambiguous");
    let ds = problems(&m);
    assert!(
        !ds.iter().any(|d| d.message.contains("never be reached")),
        "{}",
        show(&ds)
    );
}

#[test]
fn question_that_can_never_be_asked() {
    let m = Mini::new("never_asked");
    let f = m.add("never_asked");
    let ds = problems(&m);
    assert_at(
        only(&ds),
        &m.name(&f),
        4,
        6,
        "question `both-kinds` can never be asked",
    );
}

#[test]
fn outcome_that_can_never_be_reached() {
    let m = Mini::new("never_reached");
    let f = m.add("never_reached");
    let ds = problems(&m);
    assert_at(
        only(&ds),
        &m.name(&f),
        4,
        6,
        "outcome `retired-cross-province` can never be reached",
    );
}

#[test]
fn missing_and_empty_translation() {
    let m = Mini::new("translation");
    let f = m.add("translation");
    let ds = problems(&m);
    assert_eq!(ds.len(), 2, "{}", show(&ds));
    let f = m.name(&f);
    // The missing half points at the text; the empty half at the blank string.
    assert_at(
        &ds[0],
        &f,
        5,
        9,
        "missing translation: question `extra` has no `en` text",
    );
    assert_at(
        &ds[1],
        &f,
        6,
        27,
        "missing translation: the `en` text of question `extra` is empty",
    );
}

#[test]
fn missing_chinese_translation() {
    // Break: the zh half of the job option's label is removed.
    let m = Mini::new("missing_zh");
    m.edit(
        "questions.toml",
        r#"label = { zh = "换工作", en = "New job" }"#,
        r#"label = { en = "New job" }"#,
    );
    let ds = problems(&m);
    assert_at(
        only(&ds),
        &m.name("questions.toml"),
        25,
        9,
        "option `job` of question `reason` has no `zh` text",
    );
}

#[test]
fn ambiguous_width_quotes_in_chinese_are_located_at_the_character() {
    // Break: curly quotes in a Chinese summary.
    let m = Mini::new("ambiguous_width");
    m.edit(
        "outcomes.toml",
        r#"summary = { zh = "在手机上申请转移。""#,
        r#"summary = { zh = "在手机上申请“转移”。""#,
    );
    let ds = problems(&m);
    assert_eq!(ds.len(), 2, "{}", show(&ds));
    let o = m.name("outcomes.toml");
    assert_at(
        &ds[0],
        &o,
        22,
        25,
        "outcome `employee-cross-online` contains a character of ambiguous width, '“' (U+201C)",
    );
    assert_at(
        &ds[1],
        &o,
        22,
        28,
        "a character of ambiguous width, '”' (U+201D)",
    );
    // `summary = { zh = "` is 18 columns, 在手机上申请 twelve more.
    assert_eq!(ds[0].underline, (30, 1));
    assert!(
        ds[0]
            .to_string()
            .ends_with(&format!("| {}^", " ".repeat(30))),
        "{}",
        ds[0]
    );
}

#[test]
fn middle_dot_in_chinese_is_located_at_the_character() {
    let m = Mini::new("middle_dot");
    m.edit(
        "questions.toml",
        r#"label = { zh = "换工作""#,
        r#"label = { zh = "换·工作""#,
    );
    let ds = problems(&m);
    let d = only(&ds);
    assert_at(
        d,
        &m.name("questions.toml"),
        25,
        18,
        "option `job` of question `reason` contains a character of ambiguous width, '·' (U+00B7)",
    );
    assert_eq!(d.underline, (18, 1), "{d}");
}

#[test]

fn a_repeated_ambiguous_character_is_located_at_each_occurrence() {
    let m = Mini::new("ambiguous_repeated");
    m.edit(
        "outcomes.toml",
        r#"summary = { zh = "在手机上申请转移。""#,
        r#"summary = { zh = "在“手机”上申请“转移”。""#,
    );
    let ds = problems(&m);
    let cols: Vec<usize> = ds.iter().map(|d| d.column).collect();
    assert_eq!(cols, vec![20, 23, 27, 30], "{}", show(&ds));
}

#[test]
fn emoji_in_chinese_text() {
    let m = Mini::new("emoji");
    let f = m.add("emoji");
    let ds = problems(&m);
    let d = only(&ds);
    assert_at(
        d,
        &m.name(&f),
        9,
        20,
        "option `phone` of question `extra` contains an emoji or pictograph, '📱' (U+1F4F1)",
    );
    assert_eq!(d.underline, (22, 2), "{d}");
}

#[test]
fn ask_if_looking_at_a_later_question() {
    // Break: scope's ask_if (line 47) looks at channel, asked after scope.
    let m = Mini::new("ask_if_later");
    let ask_if = r#"ask_if = { not = { equals = { reason = "retirement" } } }"#;
    m.edit(
        "questions.toml",
        &format!("help = {{ zh = \"看是不是同一个省。\", en = \"Same province or not.\" }}\n{ask_if}"),
        "help = { zh = \"看是不是同一个省。\", en = \"Same province or not.\" }\nask_if = { not = { equals = { channel = \"online\" } } }",
    );
    let ds = problems(&m);
    assert_at(
        only(&ds),
        &m.name("questions.toml"),
        47,
        31,
        "ask_if of question `scope` looks at `channel`, which is not asked before it",
    );
}

#[test]
fn stable_option_removed() {
    // Break: reason's option `other` renamed.
    let m = Mini::new("stable_option");
    m.edit("questions.toml", r#"id = "other""#, r#"id = "elsewhere""#);
    let ds = problems(&m);
    assert_at(
        only(&ds),
        &m.name("questions.toml"),
        19,
        6,
        "question `reason` lacks option `other`: `route` must always accept it",
    );
}

#[test]
fn stable_question_removed() {
    // Break: question `channel` renamed; the conditions naming it fail too.
    let m = Mini::new("stable_question");
    m.edit("questions.toml", r#"id = "channel""#, r#"id = "way""#);
    let ds = problems(&m);
    assert_at(
        &ds[0],
        &m.name("meta.toml"),
        4,
        1,
        "question `channel` is missing: `route` must always accept it",
    );
    let unknown = ds
        .iter()
        .filter(|d| d.message.starts_with("unknown question `channel`"))
        .count();
    assert_eq!(unknown, 3, "{}", show(&ds));

    let out = check_fails(&m);
    assert!(
        out.stderr.contains(&format!(
            "{}:4:1: question `channel` is missing",
            m.name("meta.toml")
        )),
        "{out:?}"
    );
}

/// Removes the line of ui string `key` from the copied ui.toml.
fn drop_ui_line(m: &Mini, key: &str) {
    let ui = m.read("ui.toml");
    let prefix = format!("\"{key}\"");
    let kept: String = ui
        .lines()
        .filter(|l| !l.starts_with(&prefix))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        ui.lines().count(),
        kept.lines().count() + 1,
        "ui.toml has one line for `{key}`"
    );
    m.write("ui.toml", &kept);
}

#[test]
fn missing_ui_string() {
    let m = Mini::new("missing_ui");
    assert!(content::UI_KEYS.contains(&"heading.steps"));
    drop_ui_line(&m, "heading.steps");
    let ds = problems(&m);
    assert_at(
        only(&ds),
        &m.name("meta.toml"),
        4,
        1,
        "missing ui string `heading.steps`",
    );
}

/// A place is defined by its label: without `place.home` there is no
/// place `home`, and the outcome that names it is told so.
#[test]
fn missing_place_label() {
    let m = Mini::new("missing_place_label");
    drop_ui_line(&m, "place.home");
    let ds = problems(&m);
    assert_at(
        only(&ds),
        &m.name("outcomes.toml"),
        9,
        9,
        "unknown place `home`: the places are the `place.*` strings under [ui]",
    );
}

#[test]
fn missing_required_field() {
    // Break: the first question loses its `id` line; the table header is named.
    let m = Mini::new("missing_field");
    m.edit("questions.toml", "id = \"insurance\"\n", "");
    let ds = problems(&m);
    assert_at(
        only(&ds),
        &m.name("questions.toml"),
        4,
        1,
        "missing field `id`",
    );
}

#[test]
fn unused_material() {
    let m = Mini::new("unused_material");
    let f = m.add("unused_material");
    let ds = problems(&m);
    assert_at(
        only(&ds),
        &m.name(&f),
        3,
        6,
        "material `passport` is never used by any outcome",
    );
}

#[test]
fn condition_on_a_question_without_options_does_not_panic() {
    let m = Mini::new("no_options");
    m.write(
        "zz-no-options.toml",
        r#"[[question]]
id = "empty"
title = { zh = "空？", en = "Empty?" }
help = { zh = "空。", en = "Empty." }
option = []

[[question]]
id = "later"
title = { zh = "后来？", en = "Later?" }
help = { zh = "后来。", en = "Later." }
ask_if = { equals = { empty = "x" } }

[[question.option]]
id = "yes"
label = { zh = "是", en = "Yes" }
"#,
    );
    let ds = std::panic::catch_unwind(|| problems(&m)).expect("check panicked");
    assert!(
        ds.iter()
            .any(|d| d.message.contains("question `empty` has no options")),
        "{}",
        show(&ds)
    );
}

#[test]
fn missing_content_folder() {
    let dir = std::env::temp_dir().join(format!(
        "yibao-guide-test-no-such-folder-{}",
        std::process::id()
    ));
    assert!(
        content::folder_files(&dir)
            .unwrap_err()
            .contains("cannot read content folder")
    );
    let out = run(&["check", "--content", s(&dir)]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.starts_with(&format!(
            "error: cannot read content folder {}",
            dir.display()
        )),
        "{out:?}"
    );
    assert!(!out.stderr.contains("panicked"), "{out:?}");
}

#[test]
fn empty_content_folder() {
    let m = Mini::new("empty_folder");
    for f in m.files() {
        fs::remove_file(&f.name).unwrap();
    }
    let ds = problems(&m);
    assert!(
        only(&ds).message.contains("no content files"),
        "{}",
        show(&ds)
    );
    let out = check_fails(&m);
    assert!(
        out.stderr.contains("no content files (*.toml) found"),
        "{out:?}"
    );
}

#[test]
fn non_utf8_file() {
    let m = Mini::new("non_utf8");
    fs::write(m.path("zz-latin1.toml"), b"# caf\xe9\n").unwrap();
    let name = m.name("zz-latin1.toml");
    let expected = format!("{name}:1:6: not UTF-8 text (byte 0xE9); save the file as UTF-8");
    assert_eq!(content::folder_files(&m.dir).unwrap_err(), expected);
    let out = check_fails(&m);
    assert_eq!(out.stderr, format!("error: {expected}\n"), "{out:?}");
}

// The checker on garbage: it returns, never panics, and every place it
// names is inside the file it names.

/// The mini files as loaded from disk, in memory.
fn mini_files() -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = fs::read_dir(fixture("mini"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| SourceFile {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            text: fs::read_to_string(&p).unwrap(),
        })
        .collect();
    files.push(SourceFile {
        name: "ui.toml".into(),
        text: fs::read_to_string(manifest_dir().join("content/ui.toml")).unwrap(),
    });
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

fn assert_located_within(files: &[SourceFile]) -> Result<(), TestCaseError> {
    let ds = match yibao_guide::load::load_files(files) {
        Ok(_) => return Ok(()),
        Err(ds) => ds,
    };
    prop_assert!(!ds.is_empty());
    for d in &ds {
        let _ = d.to_string();
        let Some(f) = files.iter().find(|f| f.name == d.file) else {
            prop_assert!(
                files.is_empty() && d.file == "content",
                "names no file: {}",
                d
            );
            continue;
        };
        let lines = f.text.matches('\n').count() + 1;
        prop_assert!(
            d.line >= 1 && d.line <= lines,
            "line {} of {} lines: {}",
            d.line,
            lines,
            d
        );
        let line_chars = f
            .text
            .split('\n')
            .nth(d.line - 1)
            .unwrap_or("")
            .chars()
            .count();
        prop_assert!(
            d.column >= 1 && d.column <= line_chars + 1,
            "column {} of {}: {}",
            d.column,
            line_chars,
            d
        );
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
}

fn a_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        3 => proptest::sample::select(b"[]{}=\"'#,.\n -_0123456789az\\".to_vec()),
        1 => any::<u8>(),
    ]
}

fn a_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), a_byte()).prop_map(|(i, b)| Mutation::Replace(i, b)),
        (any::<usize>(), a_byte()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

fn mutate(text: &str, muts: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for m in muts {
        let n = bytes.len().max(1);
        match *m {
            Mutation::Replace(i, b) if !bytes.is_empty() => bytes[i % n] = b,
            Mutation::Insert(i, b) => bytes.insert(i % (bytes.len() + 1), b),
            Mutation::Delete(i) if !bytes.is_empty() => {
                bytes.remove(i % n);
            }
            Mutation::DeleteLine(i) | Mutation::DuplicateLine(i) | Mutation::SwapLines(i, _) => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let k = i % lines.len();
                match *m {
                    Mutation::DeleteLine(_) => {
                        lines.remove(k);
                    }
                    Mutation::DuplicateLine(_) => {
                        let l = lines[k].clone();
                        lines.insert(k, l);
                    }
                    Mutation::SwapLines(_, j) => {
                        let j = j % lines.len();
                        lines.swap(k, j);
                    }
                    _ => unreachable!(),
                }
                bytes = lines.join(&b'\n');
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn checker_never_panics_on_random_text(
        text in prop_oneof![".{0,300}", "[\\[\\]{}=\"a-z0-9 ,.\n#_-]{0,300}"],
        with_mini in any::<bool>(),
    ) {
        let mut files = if with_mini { mini_files() } else { Vec::new() };
        files.push(SourceFile { name: "zz-random.toml".into(), text });
        assert_located_within(&files)?;
    }

    #[test]
    fn checker_never_panics_on_mutated_files(
        which in 0usize..8,
        muts in proptest::collection::vec(a_mutation(), 1..6),
    ) {
        let mut files = mini_files();
        let k = which % files.len();
        files[k].text = mutate(&files[k].text, &muts);
        assert_located_within(&files)?;
    }
}

#[test]
fn control_characters_in_a_text_are_refused_and_shown_escaped() {
    // Break: ESC [ 2 J (clear the screen) in an English label, and a
    // right-to-left override in a Chinese one.
    let m = Mini::new("control_chars");
    m.edit(
        "questions.toml",
        r#"label = { zh = "换工作", en = "New job" }"#,
        r#"label = { zh = "换工作\u202E", en = "New\u001B[2J job" }"#,
    );
    let ds = problems(&m);
    assert_eq!(ds.len(), 2, "{}", show(&ds));
    let f = m.name("questions.toml");
    assert_at(
        &ds[0],
        &f,
        25,
        16,
        "the `zh` text of option `job` of question `reason` contains the control character U+202E",
    );
    assert_at(&ds[1], &f, 25, 34, "U+001B");
    let out = check_fails(&m);
    assert!(
        !out.stderr.contains('\x1b') && !out.stderr.contains('\u{202E}'),
        "{out:?}"
    );
}

#[test]
fn a_blank_option_id_is_refused() {
    let m = Mini::new("blank_option");
    m.edit("questions.toml", r#"id = "employee""#, r#"id = "  ""#);
    let ds = problems(&m);
    assert!(
        ds.iter().any(|d| d
            .message
            .contains("empty option id in question `insurance`")),
        "{}",
        show(&ds)
    );
}

#[test]
fn entries_that_are_not_content_files_are_named_not_skipped() {
    let m = Mini::new("odd_entries");
    fs::create_dir(m.path("zz-folder.toml")).unwrap();
    let e = content::folder_files(&m.dir).unwrap_err();
    assert!(
        e.contains("zz-folder.toml: a folder, not a content file"),
        "{e}"
    );
    fs::remove_dir(m.path("zz-folder.toml")).unwrap();

    std::os::unix::fs::symlink(m.path("nowhere"), m.path("zz-dangling.toml")).unwrap();
    let e = content::folder_files(&m.dir).unwrap_err();
    assert!(
        e.contains("cannot read") && e.contains("zz-dangling.toml"),
        "{e}"
    );
    fs::remove_file(m.path("zz-dangling.toml")).unwrap();

    let fifo = std::ffi::CString::new(s(&m.path("zz-fifo.toml"))).unwrap();
    // SAFETY: mkfifo(3) with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let out = check_fails(&m);
    assert!(
        out.stderr.contains("zz-fifo.toml: not a regular file"),
        "{out:?}"
    );
}

#[test]
fn two_operators_in_one_condition_table_say_how_to_combine_them() {
    let m = Mini::new("two_operators");
    let f = m.add("two_operators");
    let ds = problems(&m);
    let d = only(&ds);
    assert_eq!((d.file.as_str(), d.line), (m.name(&f).as_str(), 9), "{d}");
    assert!(
        d.message
            .contains("one condition table holds two operators, `equals` and `not`"),
        "{d}"
    );
    assert!(
        d.message
            .contains("write `all = [ { equals = ... }, { not = ... } ]`"),
        "{d}"
    );
    assert!(!d.message.contains("wanted exactly 1 element"), "{d}");
}

#[test]
fn an_unknown_condition_operator_lists_the_ones_there_are() {
    let m = Mini::new("unknown_operator");
    let f = m.add("unknown_operator");
    let ds = problems(&m);
    let d = only(&ds);
    assert_eq!((d.file.as_str(), d.line), (m.name(&f).as_str(), 8), "{d}");
    assert!(
        d.message.contains(
            "unknown condition `is`: a condition is one of `equals`, `in`, `all`, `any` or `not`"
        ),
        "{d}"
    );
}

/// Break: the same long summary on two outcomes. Both places are named.
#[test]
fn a_long_text_said_twice_is_reported_with_both_places() {
    let m = Mini::new("repeated_text");
    let long = "省内转移一般不用另外申请，新单位参保缴费以后两地记录会自动接上。";
    m.edit(
        "outcomes.toml",
        r#"summary = { zh = "省内一般不用办转移。""#,
        &format!(r#"summary = {{ zh = "{long}""#),
    );
    m.edit(
        "outcomes.toml",
        r#"summary = { zh = "到新地方的窗口申请。""#,
        &format!(r#"summary = {{ zh = "{long}""#),
    );
    let ds = problems(&m);
    let d = only(&ds);
    let o = m.name("outcomes.toml");
    assert_at(d, &o, 55, 18, "this `zh` text also stands at");
    assert!(d.message.contains(&format!("{o}:39:18")), "{d}");
    assert!(d.message.contains("[[text]]"), "{d}");
}

/// A short text (a label such as 免费) may stand in many places.
#[test]
fn short_texts_may_repeat() {
    let m = Mini::new("short_texts_repeat");
    let c = m.content();
    assert!(c.texts.values().filter(|t| t.text.zh == "免费").count() == 1);
    // "免费" is named by four outcomes and once more as a label in ui.toml.
    assert!(c.outcomes.iter().filter(|o| o.fee == ["free"]).count() >= 4);
}

#[test]
fn a_question_no_condition_looks_at_and_questions_over_two_files_are_warnings() {
    let m = Mini::new("unused_question");
    let f = m.add("unused_question");
    let c = m.content();
    assert_eq!(c.warnings.len(), 2, "{}", show(&c.warnings));
    let f = m.name(&f);
    assert_at(
        &c.warnings[0],
        &f,
        5,
        6,
        "question `newsletter` is asked, but no `when` or `ask_if` looks at its answer",
    );
    assert_at(&c.warnings[1], &f, 5, 6, "questions are defined in 2 files");
    assert!(
        c.warnings[1]
            .message
            .contains("asked in the order of the file names, then in the order within each file: insurance, reason, scope, channel, newsletter"),
        "{}",
        c.warnings[1]
    );
    // `check` shows them and still passes.
    let out = m.run(&["check"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("warning: "), "{out:?}");
    assert!(out.stdout.contains("newsletter"), "{out:?}");
}

#[test]
fn the_real_content_has_no_warnings() {
    let c = yibao_guide::load::load_embedded().expect("the built-in content loads");
    assert!(c.warnings.is_empty(), "{}", show(&c.warnings));
}

#[test]
fn speak_table_entries_are_checked_like_any_text() {
    // A good table loads; each broken entry is one located message.
    let m = Mini::new("speak_table");
    m.write(
        "speak.toml",
        "[speak.zh]\n\"银行\" = \"银航\"\n\n[speak.en]\n\"Wed\" = \"Wednesday\"\n",
    );
    let c = m.load().expect("a good [speak] table");
    assert_eq!(c.speak.zh, vec![("银行".to_owned(), "银航".to_owned())]);
    m.write(
        "zz-speak.toml",
        "[speak.zh]\n\"重庆\" = \"\"\n\"银行\" = \"银杭\"\n\"转出地\" = \"转出地\"\n\"长期\" = \"常“期”\"\n",
    );
    let mut ds = problems(&m);
    ds.sort_by_key(|d| (d.line, d.column));
    let f = m.name("zz-speak.toml");
    assert_eq!(ds.len(), 5, "{}", show(&ds));
    assert_at(
        &ds[0],
        &f,
        2,
        8,
        "the spoken form of `重庆` in [speak.zh] is empty",
    );
    assert_at(&ds[1], &f, 3, 1, "duplicate speak.zh phrase id `银行`");
    assert_at(&ds[2], &f, 4, 9, "is the phrase itself");
    assert_at(&ds[3], &f, 5, 10, "ambiguous width, '“'");
    assert_at(&ds[4], &f, 5, 12, "ambiguous width, '”'");
    // Only the two languages.
    m.write("zz-speak.toml", "[speak.fr]\n\"Mer\" = \"mercredi\"\n");
    assert_at(
        only(&problems(&m)),
        &f,
        1,
        8,
        "unknown field `fr`, expected `zh` or `en`",
    );
}

#[test]
fn a_step_window_must_be_a_known_kind() {
    let m = Mini::new("step_window_kind");
    m.edit(
        "blocks.toml",
        "body = { zh = \"在新地方提交转入申请。\", en = \"Apply at the new place.\" }\nplace = \"transfer-in\"\n",
        "body = { zh = \"在新地方提交转入申请。\", en = \"Apply at the new place.\" }\nplace = \"transfer-in\"\nwindow = \"cashier\"\n",
    );
    let ds = problems(&m);
    let d = only(&ds);
    assert!(
        d.message
            .contains("`window` must be one of transfer, filing, enrol"),
        "{d}"
    );
    assert!(d.excerpt.contains("cashier"), "{d}");
}

/// Line and column (from 1) of the first `needle` in `text`.
fn place_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

#[test]
fn a_step_stage_is_a_text_in_both_languages_and_a_step_left_without_one_is_a_warning() {
    let m = Mini::new("step_stage");
    let apply = "body = { zh = \"在新地方提交转入申请。\", en = \"Apply at the new place.\" }\n";
    let f = m.name("blocks.toml");
    // An empty language is refused where it stands.
    m.edit(
        "blocks.toml",
        apply,
        &format!("{apply}stage = {{ zh = \" \", en = \"Once enrolled\" }}\n"),
    );
    let (line, column) = place_of(&m.read("blocks.toml"), "\" \", en = \"Once");
    assert_at(
        only(&problems(&m)),
        &f,
        line,
        column,
        "missing translation: the `zh` text of the `stage` of step `apply` is empty",
    );
    // A language left out, at the table.
    m.edit(
        "blocks.toml",
        "stage = { zh = \" \", en = \"Once enrolled\" }",
        "stage = { zh = \"参保以后\" }",
    );
    let (line, column) = place_of(&m.read("blocks.toml"), "{ zh = \"参保以后\" }");
    assert_at(
        only(&problems(&m)),
        &f,
        line,
        column,
        "missing translation: the `stage` of step `apply` has no `en` text",
    );
    // A good stage loads; the other step of the outcome, without one, is
    // a warning at its id, and `check` still passes.
    m.edit(
        "blocks.toml",
        "stage = { zh = \"参保以后\" }",
        "stage = { zh = \"参保以后\", en = \"Once enrolled\" }",
    );
    let c = m.content();
    assert_eq!(
        c.steps["apply"]
            .stage
            .as_ref()
            .map(|t| (t.zh.as_str(), t.en.as_str())),
        Some(("参保以后", "Once enrolled"))
    );
    assert_eq!(c.warnings.len(), 1, "{}", show(&c.warnings));
    let (line, column) = place_of(&m.read("blocks.toml"), "\"wait\"");
    assert_at(
        &c.warnings[0],
        &f,
        line,
        column,
        "step `wait` has no `stage`, but other steps of outcome",
    );
    let out = m.run(&["check"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("warning: "), "{out:?}");
    // Given one too, nothing to say.
    m.edit(
        "blocks.toml",
        "body = { zh = \"两地经办机构办理。\", en = \"Both offices do their part.\" }\n",
        "body = { zh = \"两地经办机构办理。\", en = \"Both offices do their part.\" }\nstage = { zh = \"受理以后\", en = \"After acceptance\" }\n",
    );
    assert!(m.content().warnings.is_empty());
}

#[test]
fn a_text_step_material_or_note_without_sources_is_a_warning_at_its_id() {
    let m = Mini::new("unsourced_block");
    let f = m.name("blocks.toml");
    assert!(m.content().warnings.is_empty());
    m.edit(
        "blocks.toml",
        "id = \"free\"\nsources = [\"rule-a\"]\n",
        "id = \"free\"\n",
    );
    let c = m.content();
    assert_eq!(c.warnings.len(), 1, "{}", show(&c.warnings));
    let (line, column) = place_of(&m.read("blocks.toml"), "\"free\"\n");
    assert_at(
        &c.warnings[0],
        &f,
        line,
        column,
        "text `free` names no sources",
    );
    // `check` shows it and still passes: the text is shown as it is.
    let out = m.run(&["check"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("warning: "), "{out:?}");
    assert!(out.stdout.contains("`free` names no sources"), "{out:?}");
    // A check is the person's own situation: it may name none.
    assert!(c.checks.values().any(|b| b.sources.is_empty()));
}

/// The mini content with the ID card's "when needed" hedged.
fn hedged_id_card(test: &str) -> Mini {
    let m = Mini::new(test);
    m.edit(
        "materials.toml",
        r#"needed = { zh = "每次都要", en = "Always" }"#,
        r#"needed = { zh = "每次都要，以当地为准", en = "Always; confirm locally" }"#,
    );
    m
}

/// Break: two materials of one outcome each say 以当地为准 (and, in
/// English, "confirm locally" and "Check locally"): its checklist page would
/// say it twice. The second is located, in each language, with the first.
#[test]
fn a_page_that_can_say_confirm_locally_twice_is_refused() {
    let m = hedged_id_card("hedge_twice");
    m.edit(
        "materials.toml",
        r#"needed = { zh = "因工作转移时", en = "When moving for a job" }"#,
        r#"needed = { zh = "因工作转移时，以当地为准", en = "When moving for a job. Check locally" }"#,
    );
    let ds = problems(&m);
    assert_eq!(ds.len(), 2, "{}", show(&ds));
    let f = m.name("materials.toml");
    let text = m.read("materials.toml");
    let (first, _) = place_of(&text, "Always; confirm locally");
    let (line, _) = place_of(&text, "When moving for a job. Check locally");
    assert_at(
        &ds[0],
        &f,
        line,
        25,
        "can show \"以当地为准\" 2 times on its materials page",
    );
    assert!(
        ds[0].message.contains(&format!("also at {f}:{first}:23")),
        "{}",
        ds[0]
    );
    assert!(ds[0].message.contains("employee-cross-online"), "{}", ds[0]);
    assert_at(&ds[1], &f, line, 62, "can show \"confirm locally\" 2 times");
    assert!(ds[1].excerpt.contains("Check locally"), "{}", ds[1]);
    // `check` says so and fails.
    let out = check_fails(&m);
    assert!(out.stderr.contains(&format!("{f}:{line}:25")), "{out:?}");
}

/// One hedge on each of two pages is what the rule allows.
#[test]
fn one_confirm_locally_on_each_page_passes() {
    let m = hedged_id_card("hedge_per_page");
    m.edit(
        "blocks.toml",
        r#"body = { zh = "在新地方提交转入申请。", en = "Apply at the new place." }"#,
        r#"body = { zh = "在新地方提交转入申请，以当地为准。", en = "Apply at the new place; confirm locally." }"#,
    );
    let c = m.content();
    assert!(c.steps["apply"].body.zh.contains("以当地为准"));
}
