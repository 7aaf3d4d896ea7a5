//! The path check on content with many more paths: it explores the states
//! that conditions can tell apart, so its work grows with the content, not
//! with the number of paths. Times are measured in benches/speed.rs; here
//! the number of states explored shows the growth.

#[path = "fixtures/bigger.rs"]
mod bigger;

use std::path::PathBuf;
use std::process::Command;

use yibao_guide::content::{self, Content, SourceFile};
use yibao_guide::flow::{self, Survey};
use yibao_guide::load::{embedded_files, load_files};

fn load(files: &[SourceFile]) -> Content {
    load_files(files).unwrap_or_else(|ds| {
        let shown: Vec<String> = ds.iter().map(ToString::to_string).collect();
        panic!("the content does not pass the check:\n{}", shown.join("\n"))
    })
}

fn survey(files: &[SourceFile]) -> Survey {
    flow::survey(&load(files)).expect("the flow is explored")
}

#[test]
fn the_survey_counts_what_walking_every_path_finds() {
    // Walking takes only the `explore` options of a question (the
    // provinces); with only those left, the survey counts the same paths.
    let mut c = load(&embedded_files());
    for q in &mut c.questions {
        if let Some(keep) = q.explore.clone() {
            q.options.retain(|o| keep.contains(&o.id));
        }
    }
    let s = flow::survey(&c).unwrap();
    let walks = flow::walks(&c);
    assert_eq!(s.paths, walks.len() as u128);
    let mut lengths: Vec<usize> = walks.iter().map(|w| w.answers.len()).collect();
    lengths.sort_unstable();
    let median = lengths[(lengths.len() - 1) / 2];
    let max = *lengths.last().unwrap();
    assert_eq!(s.questions_per_path(), Some((median, max)));
    assert!(s.asked.iter().all(|&a| a) && s.reached.iter().all(|&r| r));
    assert!(s.dead_ends.is_empty() && s.ambiguous.is_empty());
}

#[test]
fn questions_no_condition_looks_at_add_states_not_paths() {
    let files = embedded_files();
    let base = survey(&files);
    let (median, max) = base.questions_per_path().unwrap();
    let states: Vec<usize> = [0, 10, 20]
        .iter()
        .map(|&k| {
            let s = survey(&bigger::with_questions(&files, k, 2, false));
            assert_eq!(s.paths, base.paths << k, "{k} extra questions");
            assert_eq!(
                s.questions_per_path(),
                Some((median + k, max + k)),
                "{k} extra questions"
            );
            s.states
        })
        .collect();
    // Each extra question adds the same number of states, however many
    // paths it doubles: at most one per path of the flow without it.
    assert_eq!(states[2] - states[1], states[1] - states[0], "{states:?}");
    assert!(
        states[1] - states[0] <= 10 * base.paths as usize,
        "{states:?}"
    );
}

#[test]
fn many_options_no_condition_looks_at_cost_what_two_do() {
    let files = embedded_files();
    let base = survey(&files);
    let two = survey(&bigger::with_questions(&files, 2, 2, false));
    let wide = survey(&bigger::with_questions(&files, 2, 32, false));
    assert_eq!(wide.paths, base.paths * 32 * 32);
    assert_eq!(wide.states, two.states);
}

#[test]
fn options_the_outcomes_look_at_are_told_apart_and_no_more() {
    let files = embedded_files();
    let base = survey(&files);
    let wide = survey(&bigger::with_questions(&files, 2, 32, true));
    assert_eq!(wide.paths, base.paths * 32 * 32);
    // Each state of the flow may be followed by the first new question
    // (one state), 32 answers and 32 x 32 ends, and no more: linear in the
    // number of answer combinations the conditions see. They are told
    // apart: at least one state per combination of the two.
    assert!(
        wide.states <= base.states * (1 + 32 + 32 * 32),
        "{} states",
        wide.states
    );
    assert!(wide.states >= 32 * 32, "{} states", wide.states);
}

#[test]
fn a_flow_too_large_to_explore_is_refused_with_a_located_message() {
    // 40 yes/no questions that every outcome looks at together: 2^40
    // combinations to tell apart. The check stops instead of hanging.
    let files = bigger::with_questions(&embedded_files(), 40, 2, true);
    let ds = load_files(&files).expect_err("the check gives up");
    assert_eq!(ds.len(), 1, "{ds:?}");
    let d = &ds[0];
    assert!(
        d.message
            .starts_with("too many combinations of answers to check: conditions look at"),
        "{d}"
    );
    assert!(d.file.ends_with("questions.toml"), "{d}");
    assert!(d.excerpt.starts_with("id = \"extra-"), "{d}");
}

/// The mini content of tests/fixtures with the built-in UI strings.
fn mini() -> Vec<SourceFile> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = content::folder_files(&root.join("tests/fixtures/mini")).unwrap();
    files.extend(
        embedded_files()
            .into_iter()
            .filter(|f| f.name == "content/ui.toml"),
    );
    files
}

#[test]
fn a_dead_end_is_reported_once_whatever_the_answers_that_do_not_matter() {
    let broken: Vec<SourceFile> = mini()
        .into_iter()
        .map(|mut f| {
            f.text = f.text.replace(
                r#"in = { scope = ["cross-province", "within-province"] }"#,
                r#"in = { scope = ["cross-province"] }"#,
            );
            f
        })
        .collect();
    let plain = load_files(&broken).expect_err("dead ends");
    let bigger = load_files(&bigger::with_questions(&broken, 20, 2, false)).expect_err("dead ends");
    assert_eq!(plain.len(), bigger.len(), "{bigger:?}");
    for (p, b) in plain.iter().zip(&bigger) {
        assert_eq!((&p.file, p.line, p.column), (&b.file, b.line, b.column));
        assert_eq!(
            format!("{} (whatever the other answers)", p.message),
            b.message
        );
    }
}

#[test]
fn check_prints_the_number_of_paths_and_questions_per_path() {
    let dir = std::env::temp_dir().join(format!("yibao-guide-survey-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let base = survey(&embedded_files());
    let (median, max) = base.questions_per_path().unwrap();
    for f in bigger::with_questions(&embedded_files(), 20, 2, false) {
        let name = f.name.rsplit('/').next().unwrap();
        std::fs::write(dir.join(name), &f.text).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_yibao-guide"))
        .args(["check", "--content"])
        .arg(&dir)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains(&format!(
            " {} paths (questions per path: median {}, max {})",
            base.paths << 20,
            median + 20,
            max + 20
        )),
        "{stdout}"
    );
}
