//! The built-in content is checked when the program is built: build.rs
//! runs `embed::build` on `content/` and fails with its report. These tests
//! run that same function on broken copies (cheaper than a whole build of
//! a scratch tree) and compare its report with what `check` prints.

mod support;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use yibao_guide::embed;
use yibao_guide::load::{embedded_files, load_embedded, load_files};

/// A copy of the built-in content in a fresh folder, with `edit` applied
/// to the file named `name`.
fn broken_copy(test: &str, name: &str, edit: &dyn Fn(&str) -> String) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yibao-guide-{test}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let mut edited = false;
    for f in embedded_files() {
        let file = f.name.trim_start_matches("content/");
        let text = if file == name {
            edited = true;
            edit(&f.text)
        } else {
            f.text
        };
        let path = dir.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    assert!(edited, "no file {name} in the built-in content");
    dir
}

#[test]
fn broken_content_fails_the_build_with_the_messages_of_check() {
    // An outcome that names a step no one defined.
    let dir = broken_copy("build-check", "outcomes.toml", &|t| {
        assert!(t.contains("steps = ["), "an outcome lists steps");
        t.replacen("steps = [", "steps = [\"no-such-step\", ", 1)
    });
    let files = embed::source_files(&dir).unwrap();
    let report = match embed::build(&files) {
        Ok(_) => panic!("broken content was embedded"),
        Err(r) => r,
    };
    assert!(
        report.starts_with("error: content/outcomes.toml:"),
        "{report}"
    );
    assert!(report.contains("no-such-step"), "{report}");
    assert!(report.ends_with("problem(s) found"), "{report}");

    let out = Command::new(env!("CARGO_BIN_EXE_yibao-guide"))
        .args(["check", "--content"])
        .arg(&dir)
        .output()
        .unwrap();
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let shown =
        String::from_utf8_lossy(&out.stderr).replace(&format!("{}/", dir.display()), "content/");
    assert_eq!(shown.trim_end(), report, "the build and check report alike");
}

#[test]
fn a_flow_problem_fails_the_build_too() {
    // Retirees match no outcome any more: a dead end found by the path
    // audit, not by the file checks.
    let dir = broken_copy("build-flow", "outcomes.toml", &|t| {
        t.replace("reason = \"retirement\"", "reason = \"other\"")
    });
    let files = embed::source_files(&dir).unwrap();
    fs::remove_dir_all(&dir).unwrap();
    let report = embed::build(&files).err().expect("the build fails");
    assert!(
        report.contains(": dead end: no outcome matches the answers `"),
        "{report}"
    );
    assert!(report.contains("reason=retirement"), "{report}");
}

#[test]
fn the_embedded_content_is_what_checking_the_files_gives() {
    let decoded = load_embedded().expect("the built-in content decodes");
    let checked = load_files(&embedded_files()).expect("the built-in files pass the check");
    // The model has no equality; its debug form covers every field.
    assert_eq!(format!("{decoded:?}"), format!("{checked:?}"));
}

/// `route` decodes, of the built-in content's blocks, only those of the
/// outcome its answers lead to: on every path, in both languages and every
/// format, it prints what the whole content prints.
#[test]
fn route_with_only_its_outcome_decoded_prints_what_the_whole_content_prints() {
    use yibao_guide::calendar::Date;
    use yibao_guide::cli::{each_path_to_an_outcome, route};
    use yibao_guide::content::Lang;
    use yibao_guide::load::{load, load_for};

    let whole = load(None).expect("the built-in content decodes");
    let day = Some(Date {
        year: 2026,
        month: 11,
        day: 25,
    });
    let formats = [
        route::Format::Text,
        route::Format::Markdown,
        route::Format::Json,
        route::Format::Receipt(32),
    ];
    let mut paths = 0;
    each_path_to_an_outcome(&whole, &mut |asked, outcome, answers| {
        let args: Vec<String> = asked.iter().map(|(q, o)| format!("{q}={o}")).collect();
        for lang in Lang::ALL {
            let part = load_for(None, |c| route::outcome_of(c, &args, lang))
                .expect("the built-in content decodes");
            assert!(
                part.steps.len() <= outcome.steps.len() && part.notes.len() <= outcome.notes.len(),
                "{args:?}: more than the outcome's blocks decoded"
            );
            let a = route::route(&whole, &answers, lang, day).expect("a route");
            let b = route::route(&part, &answers, lang, day).expect("a route");
            for f in formats {
                assert_eq!(
                    route::render(&whole, &a, lang, f),
                    route::render(&part, &b, lang, f),
                    "{args:?} {lang:?} {f:?}"
                );
            }
        }
        paths += 1;
    });
    assert!(paths > 10, "only {paths} paths");
}

#[test]
fn route_with_only_its_provinces_facts_decoded_prints_what_the_whole_content_prints() {
    use yibao_guide::cli::route;
    use yibao_guide::content::Lang;
    use yibao_guide::flow;
    use yibao_guide::load::{load, load_for};

    let whole = load(None).expect("the built-in content decodes");
    // Provinces with facts on both sides, one side, inside one, and none.
    let pairs = [
        ("guangdong", "hunan"),
        ("jiangsu", "zhejiang"),
        ("fujian", "fujian"),
        ("unknown", "shanghai"),
        ("beijing", "beijing"),
        ("xizang", "qinghai"),
    ];
    let mut seen = Vec::new();
    let mut regional = 0;
    for w in flow::walks(&whole) {
        let flow::End::Outcome(id) = &w.end else {
            continue;
        };
        if seen.contains(id) || !w.answers.iter().any(|(q, _)| q == "from_province") {
            continue;
        }
        seen.push(id.clone());
        let given: flow::Answers = w.answers.iter().cloned().collect();
        for (from, to) in pairs {
            let (answers, _) = support::with_provinces(&whole, &given, from, to);
            let args: Vec<String> = answers.iter().map(|(q, o)| format!("{q}={o}")).collect();
            for lang in Lang::ALL {
                let part = load_for(None, |c| route::outcome_of(c, &args, lang))
                    .expect("the built-in content decodes");
                assert!(
                    part.facts.len() < whole.facts.len(),
                    "{args:?}: every province's facts decoded"
                );
                let a = route::route(&whole, &answers, lang, None).expect("a route");
                let b = route::route(&part, &answers, lang, None).expect("a route");
                regional += a.regional.len();
                assert_eq!(
                    route::render(&whole, &a, lang, route::Format::Text),
                    route::render(&part, &b, lang, route::Format::Text),
                    "{args:?} {lang:?}"
                );
            }
        }
    }
    assert!(
        seen.len() > 5 && regional > 20,
        "{} outcomes, {regional} facts shown",
        seen.len()
    );
}
