//! Golden test: every path through the flow, the outcome it reaches and the
//! materials, steps, checks and notes it shows, compared with
//! `tests/golden/paths.txt`.
//!
//! After a deliberate content change, regenerate the file with
//! `UPDATE_GOLDEN=1 cargo test --test golden` and review the diff line by line.

mod support;

use std::path::PathBuf;

use yibao_guide::content::{Content, Lang};
use yibao_guide::flow::{self, Answers, End};

fn content() -> Content {
    match yibao_guide::load::load_embedded() {
        Ok(c) => c,
        Err(diags) => {
            let msgs: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
            panic!("the embedded content does not load:\n{}", msgs.join("\n"));
        }
    }
}

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
        .join("paths.txt")
}

/// One line per path: `answers -> outcome id [material ids]`, then the
/// step, check and note ids shown, each list on its own indented line.
fn render_paths(content: &Content) -> String {
    let mut out = String::new();
    for walk in flow::walks(content) {
        let shown: Vec<String> = walk
            .answers
            .iter()
            .map(|(q, o)| format!("{q}={o}"))
            .collect();
        let answers: Answers = walk.answers.iter().cloned().collect();
        let line = match &walk.end {
            End::Outcome(id) => {
                let outcome = content.outcome(id).expect("a walk ends at a known outcome");
                let materials = flow::material_ids(content, outcome, &answers);
                let steps = flow::step_ids(content, outcome, &answers);
                let checks = flow::check_ids(content, outcome, &answers);
                let notes = flow::note_ids(content, outcome, &answers);
                format!(
                    "{} -> {id} [{}]\n    steps: {}\n    checks: {}\n    notes: {}",
                    shown.join(" "),
                    materials.join(", "),
                    steps.join(", "),
                    checks.join(", "),
                    notes.join(", ")
                )
            }
            End::NoOutcome => format!("{} -> NO OUTCOME", shown.join(" ")),
            End::Ambiguous(ids) => format!("{} -> AMBIGUOUS {}", shown.join(" "), ids.join(", ")),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&render_provinces(content));
    out
}

/// Every province once on each side, and on both, against a fixed set of
/// situations (the first path to each outcome that asks for the
/// provinces): the outcome and the regional facts shown. Linear in the
/// number of provinces, not their square.
fn render_provinces(content: &Content) -> String {
    let Some(from) = content.question("from_province") else {
        return String::new();
    };
    let mut situations: Vec<Answers> = Vec::new();
    let mut seen = Vec::new();
    for w in flow::walks(content) {
        if let End::Outcome(id) = &w.end
            && w.answers.iter().any(|(q, _)| q == "from_province")
            && !seen.contains(id)
        {
            seen.push(id.clone());
            situations.push(w.answers.iter().cloned().collect());
        }
    }
    let mut out = String::from("\n# Provinces\n");
    for p in from
        .options
        .iter()
        .map(|o| o.id.as_str())
        .filter(|p| *p != "unknown")
    {
        for (f, t) in [(p, "unknown"), ("unknown", p), (p, p)] {
            for s in &situations {
                let (a, outcome) = support::with_provinces(content, s, f, t);
                let r = flow::resolve(content, outcome, &a, Lang::Zh, None);
                let facts: Vec<String> = r
                    .regional
                    .iter()
                    .map(|x| {
                        if x.in_place {
                            format!("{} (in place)", x.id)
                        } else {
                            x.id.clone()
                        }
                    })
                    .collect();
                let scope = flow::complete(content, &a)
                    .get("scope")
                    .cloned()
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{f} -> {t} ({scope}) {} -> {}: {}{}\n",
                    s.get("insurance").map_or("", String::as_str),
                    outcome.id,
                    if facts.is_empty() {
                        "-".to_owned()
                    } else {
                        facts.join(", ")
                    },
                    if r.regional_none.is_empty() {
                        String::new()
                    } else {
                        format!(" | unchecked: {}", r.regional_none.len())
                    }
                ));
            }
        }
    }
    out
}

#[test]
fn every_path_matches_the_golden_file() {
    let content = content();
    let actual = render_paths(&content);
    let path = golden_path();
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("the golden file has a folder"))
            .expect("create tests/golden");
        std::fs::write(&path, &actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nrun `UPDATE_GOLDEN=1 cargo test --test golden` to create it, then review it",
            path.display()
        )
    });
    if actual == expected {
        return;
    }
    let (mut exp, mut act) = (expected.lines(), actual.lines());
    let mut n = 0;
    loop {
        n += 1;
        match (exp.next(), act.next()) {
            (Some(e), Some(a)) if e == a => continue,
            (None, None) => break,
            (e, a) => panic!(
                "the paths differ from {} at line {n}:\n  expected: {}\n  actual:   {}\n\
                 If the change is intended, run `UPDATE_GOLDEN=1 cargo test --test golden` and review the diff.",
                path.display(),
                e.unwrap_or("(end of file)"),
                a.unwrap_or("(end of output)"),
            ),
        }
    }
    // Same lines but different bytes (for example a missing final newline).
    panic!(
        "the paths differ from {} only in line endings or the final newline.\n\
         If the change is intended, run `UPDATE_GOLDEN=1 cargo test --test golden` and review the diff.",
        path.display()
    );
}

#[test]
fn every_path_resolves_in_both_languages() {
    let content = content();
    let walks = flow::walks(&content);
    assert!(!walks.is_empty(), "the flow has no paths");
    for walk in walks {
        let shown: Vec<String> = walk
            .answers
            .iter()
            .map(|(q, o)| format!("{q}={o}"))
            .collect();
        let shown = shown.join(" ");
        let End::Outcome(id) = &walk.end else {
            panic!(
                "`{shown}` does not end at exactly one outcome: {:?}",
                walk.end
            );
        };
        let outcome = content.outcome(id).expect("a walk ends at a known outcome");
        let answers: Answers = walk.answers.iter().cloned().collect();
        for lang in Lang::ALL {
            let r = flow::resolve(&content, outcome, &answers, lang, None);
            let code = lang.code();
            assert_eq!(r.outcome, *id);
            assert!(!r.title.trim().is_empty(), "{shown} [{code}]: empty title");
            assert!(
                !r.summary.trim().is_empty(),
                "{shown} [{code}]: empty summary"
            );
            assert!(!r.steps.is_empty(), "{shown} [{code}]: no steps");
            for (i, s) in r.steps.iter().enumerate() {
                assert!(
                    !s.title.trim().is_empty() && !s.body.trim().is_empty(),
                    "{shown} [{code}]: step {} is empty",
                    i + 1
                );
            }
            assert!(!r.sources.is_empty(), "{shown} [{code}]: no sources");
            for s in &r.sources {
                assert!(
                    !s.title.trim().is_empty(),
                    "{shown} [{code}]: source `{}` has no title",
                    s.id
                );
            }
            for m in &r.materials {
                assert!(
                    !m.name.trim().is_empty() && !m.needed.trim().is_empty(),
                    "{shown} [{code}]: material `{}` is empty",
                    m.id
                );
            }
            for n in &r.notes {
                assert!(
                    !n.title.trim().is_empty() && !n.body.trim().is_empty(),
                    "{shown} [{code}]: note `{}` is empty",
                    n.id
                );
            }
            assert_eq!(
                r.answers.len(),
                walk.answers.len(),
                "{shown} [{code}]: not every answer is shown"
            );
        }
    }
}
