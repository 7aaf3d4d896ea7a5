//! A content change needs no change to the program or its tests. On a copy
//! of the real `content/` folder, changed as a maintainer would: a yes/no
//! question asked first on every path with an outcome of its own for "no";
//! a question with five options asked last; an outcome removed (its cases
//! given to another). After each, every outcome is still reached: in the
//! wizard (every path, every page), by `route` (the library on every path,
//! the binary with `--content` for every outcome, and the example its help
//! shows), and in what a person takes away (the Markdown file the wizard
//! saves, the QR code on screen, the receipt).

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::Value as Json;
use support::*;
use toml::{Table, Value};
use unicode_width::UnicodeWidthStr;
use yibao_guide::cli::route::{self, Format};
use yibao_guide::content::{Content, Lang};
use yibao_guide::export::{self, Detail};
use yibao_guide::flow;
use yibao_guide::tui::app::{Msg, Overlay, Page, Screen};
use yibao_guide::tui::app_for;

// ---- changing the copy ----

/// The file of the folder whose top level has an array `key` (`question`,
/// `outcome`), parsed.
fn file_with(m: &Mini, key: &str) -> (String, Table) {
    m.toml_files()
        .into_iter()
        .find_map(|name| {
            let t: Table = toml::from_str(&m.read(&name)).ok()?;
            t.get(key)?.as_array()?;
            Some((name, t))
        })
        .unwrap_or_else(|| panic!("no content file has [[{key}]]"))
}

fn write(m: &Mini, name: &str, t: &Table) {
    m.write(name, &toml::to_string(t).expect("a table writes as TOML"));
}

fn entries<'t>(t: &'t mut Table, key: &str) -> &'t mut Vec<Value> {
    t.get_mut(key)
        .and_then(Value::as_array_mut)
        .expect("an array of tables")
}

/// A value written in TOML, e.g. `{ equals = { extra = "no" } }`.
fn value(text: &str) -> Value {
    let t: Table = toml::from_str(&format!("v = {text}")).expect("a TOML value");
    t["v"].clone()
}

/// `{ op = parts }`: `all` and `any` take a list, `not` one condition.
fn condition(op: &str, parts: impl Into<Value>) -> Value {
    let mut t = Table::new();
    t.insert(op.to_owned(), parts.into());
    Value::Table(t)
}

/// A question with options `options`, asked on every path, at `at` in the
/// order of the questions (`None`: last).
fn add_question(m: &Mini, id: &str, options: &[&str], at: Option<usize>) {
    let mut q = format!(
        "id = \"{id}\"\n\
         title = {{ zh = \"新问题{id}：请选一项\", en = \"New question {id}: pick one\" }}\n\
         help = {{ zh = \"内容维护人员新加的问题{id}。\", en = \"A question {id} a maintainer added.\" }}\n"
    );
    for o in options {
        q.push_str(&format!(
            "\n[[option]]\nid = \"{o}\"\nlabel = {{ zh = \"选项{o}\", en = \"Option {o}\" }}\n"
        ));
    }
    let q: Table = toml::from_str(&q).expect("the new question is TOML");
    let (name, mut t) = file_with(m, "question");
    let qs = entries(&mut t, "question");
    qs.insert(at.unwrap_or(qs.len()), Value::Table(q));
    write(m, &name, &t);
}

/// Appends a mark to every text (a table with `zh` and `en`) in `v`, so a
/// copied outcome says nothing twice.
fn mark_texts(v: &mut Value, zh: &str, en: &str) {
    match v {
        Value::Table(t) if t.contains_key("zh") && t.contains_key("en") => {
            for (lang, mark) in [("zh", zh), ("en", en)] {
                if let Some(Value::String(s)) = t.get_mut(lang) {
                    s.push_str(mark);
                }
            }
        }
        Value::Table(t) => t.iter_mut().for_each(|(_, v)| mark_texts(v, zh, en)),
        Value::Array(a) => a.iter_mut().for_each(|v| mark_texts(v, zh, en)),
        _ => {}
    }
}

/// A new outcome `id` for the answer `q = o`, made from the first outcome
/// (its blocks, with its own title and summary); every other outcome no
/// longer applies to that answer.
fn add_outcome(m: &Mini, id: &str, q: &str, o: &str) {
    let (name, mut t) = file_with(m, "outcome");
    let answer = value(&format!("{{ equals = {{ {q} = \"{o}\" }} }}"));
    let outcomes = entries(&mut t, "outcome");
    for out in outcomes.iter_mut() {
        let when = out["when"].clone();
        out["when"] = condition("all", vec![when, condition("not", answer.clone())]);
    }
    let mut new = outcomes[0].clone();
    new["id"] = Value::String(id.to_owned());
    new["when"] = answer;
    mark_texts(&mut new, &format!("（{id}）"), &format!(" ({id})"));
    outcomes.push(new);
    write(m, &name, &t);
}

/// Removes the first outcome and gives its cases to the second, as a
/// maintainer merging two outcomes would, then deletes the blocks nothing
/// uses any more. Returns (removed, widened).
fn remove_outcome(m: &Mini) -> (String, String) {
    let (name, mut t) = file_with(m, "outcome");
    let outcomes = entries(&mut t, "outcome");
    let gone = outcomes.remove(0);
    let kept = &mut outcomes[0];
    kept["when"] = condition("any", vec![kept["when"].clone(), gone["when"].clone()]);
    let ids = (
        gone["id"].as_str().unwrap().to_owned(),
        kept["id"].as_str().unwrap().to_owned(),
    );
    write(m, &name, &t);
    remove_unused_blocks(m);
    ids
}

/// Deletes every block (an entry with an `id` in a top-level array of
/// tables, questions and outcomes aside) whose id is written nowhere else
/// in the folder, until there is none: what a maintainer deletes once the
/// outcome that used it is gone.
fn remove_unused_blocks(m: &Mini) {
    loop {
        let names = m.toml_files();
        let all: String = names.iter().map(|n| m.read(n)).collect();
        let mut removed = false;
        for name in names {
            let mut t: Table = toml::from_str(&m.read(&name)).expect("the copy is TOML");
            let mut changed = false;
            for (key, v) in t.iter_mut() {
                let Value::Array(entries) = v else { continue };
                if key == "question" || key == "outcome" {
                    continue;
                }
                entries.retain(|e| {
                    let Some(id) = e.get("id").and_then(Value::as_str) else {
                        return true;
                    };
                    // Its own `id = "..."` is one.
                    let used = all.matches(&format!("\"{id}\"")).count() > 1;
                    changed |= !used;
                    used
                });
            }
            if changed {
                write(m, &name, &t);
                removed = true;
            }
        }
        if !removed {
            return;
        }
    }
}

// ---- every outcome still reached ----

/// Everything the changed folder must still do. `added` must be reached,
/// `removed` must be gone.
fn every_outcome_is_still_reached(m: &Mini, added: Option<&str>, removed: Option<&str>) {
    let check = m.run(&["check"]);
    assert_eq!(check.code, Some(0), "{check:?}");
    let c = m.content();
    let ids: BTreeSet<String> = c.outcomes.iter().map(|o| o.id.clone()).collect();
    let reached = outcomes_reached(&c);
    assert_eq!(reached, ids, "every outcome is reached by some path");
    if let Some(a) = added {
        assert!(reached.contains(a), "`{a}` is reached");
    }
    if let Some(r) = removed {
        assert!(!ids.contains(r), "`{r}` is gone");
    }

    // The wizard: every path to its outcome, answered as a person does;
    // every page of each outcome is read below, for the take-away.
    for w in flow::walks(&c) {
        let mut a = app_for(c.clone(), Lang::Zh);
        answer_path(&mut a, &w);
        a.update(Msg::Enter, Duration::ZERO);
        let shown = a.resolved().map(|r| r.outcome);
        assert_eq!(shown.as_deref(), Some(outcome_of(&w)), "{:?}", w.answers);
    }

    // route, the library: every path, both languages.
    for w in flow::walks(&c) {
        let args = route_args(&w);
        for lang in Lang::ALL {
            let answers = route::parse_answers(&c, &args, lang).expect("the answers parse");
            let r = route::route(&c, &answers, lang, None).expect("the path ends");
            assert_eq!(r.outcome, outcome_of(&w), "{args:?}");
        }
    }

    // route, the binary: one path to each outcome.
    let dir = s(&m.dir).to_owned();
    for id in &reached {
        let args = route_args(&path_to(&c, id));
        let mut cmd: Vec<&str> = vec!["route", "--format", "json", "--content", &dir];
        cmd.extend(args.iter().map(String::as_str));
        let out = run(&cmd);
        assert_eq!(out.code, Some(0), "{cmd:?}: {out:?}");
        let v: Json = serde_json::from_str(&out.stdout).expect("JSON");
        assert_eq!(v["outcome"].as_str(), Some(id.as_str()), "{cmd:?}");
    }
    // Missing answers are all named, and the example in the help runs.
    let out = m.run(&["route"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    let first = first_question(&c);
    assert!(out.stderr.contains(&format!("`{first}`")), "{out:?}");
    let help = m.run(&["route", "--help"]);
    let example = help
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Example: yibao-guide "))
        .unwrap_or_else(|| panic!("no example in:\n{}", help.stdout));
    let example: Vec<&str> = example.split_whitespace().collect();
    assert!(example.contains(&dir.as_str()), "{example:?}");
    let out = run(&example);
    assert_eq!(out.code, Some(0), "{example:?}: {out:?}");

    // The take-away for each outcome: the file the wizard saves is the
    // Markdown checklist, the QR code on screen reads back as the checklist
    // text, and no receipt line is wider than the printer.
    let saved = std::env::temp_dir().join(format!(
        "yibao-guide-test-saved-{}-{}",
        m.dir.file_name().unwrap().to_string_lossy(),
        std::process::id()
    ));
    std::fs::create_dir_all(&saved).unwrap();
    for id in &reached {
        take_away(&c, id, &saved);
    }
    std::fs::remove_dir_all(&saved).unwrap();
}

/// Walks the wizard to outcome `id`, saves its checklist and shows its QR
/// code; checks both against the export, and the receipt's width.
fn take_away(c: &Content, id: &str, saved: &std::path::Path) {
    let mut a = app_for(c.clone(), Lang::Zh);
    walk_to_outcome(&mut a, id);
    // Every page drawn on the way, none with a broken character.
    a.update(Msg::Enter, Duration::ZERO);
    for p in a.pages() {
        let text = draw(&mut a, 80, 24);
        assert!(!text.contains('\u{FFFD}'), "{id} {p:?}:\n{text}");
        if p == Page::Final {
            break;
        }
        enter_until_next(&mut a, 80, 24);
    }
    assert_eq!(a.screen, Screen::Page(Page::Final));
    let r = a.resolved().expect("an outcome");
    assert_eq!(r.outcome, id);

    let md = route::render(c, &r, Lang::Zh, Format::Markdown);
    assert!(md.starts_with(&format!("# {}\n", r.title)), "{md}");
    let items = md.lines().filter(|l| l.starts_with("- [ ] ")).count();
    assert_eq!(items, r.checks.len() + r.steps.len() + r.materials.len());
    save_in(&mut a, saved);
    let file = saved.join(format!("yibao-checklist-{id}.md"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        without_checks(c, &r, &md, Lang::Zh)
    );

    a.update(Msg::Pick(0), Duration::ZERO);
    assert_eq!(a.overlay, Some(Overlay::Qr));
    let (decoded, screen) = draw_and_decode(&mut a, 200, 60);
    assert!(
        Detail::ALL
            .into_iter()
            .any(|d| export::qr_text(c, &r, Lang::Zh, d) == decoded),
        "{id}: the QR code is not the checklist text: {decoded:?}\n{screen}"
    );
    assert!(decoded.starts_with(&r.title), "{decoded}");

    let receipt = export::receipt(c, &r, Lang::Zh, &BTreeSet::new(), 32);
    assert!(receipt.lines().all(|l| l.width() <= 32), "{receipt}");
    assert!(flat(&receipt).contains(&flat(&r.title)), "{receipt}");
}

// ---- the changes ----

#[test]
fn a_yes_no_question_asked_first_with_an_outcome_for_no() {
    let m = Mini::real_content("change_yes_no");
    let before = m.content();
    add_question(&m, "extra", &["yes", "no"], Some(0));
    add_outcome(&m, "extra-no", "extra", "no");
    let after = m.content();
    assert_eq!(first_question(&after), "extra");
    assert_eq!(
        flow::walks(&after).len(),
        2 * flow::walks(&before).len(),
        "every path is asked the new question"
    );
    every_outcome_is_still_reached(&m, Some("extra-no"), None);
}

#[test]
fn a_question_with_five_options_asked_last() {
    let m = Mini::real_content("change_five");
    let before = m.content();
    add_question(&m, "extra", &["a", "b", "c", "d", "e"], None);
    let after = m.content();
    assert_eq!(after.questions.last().unwrap().id, "extra");
    assert_eq!(
        flow::walks(&after).len(),
        5 * flow::walks(&before).len(),
        "every path is asked the new question"
    );
    every_outcome_is_still_reached(&m, None, None);
}

#[test]
fn an_outcome_removed_and_its_cases_given_to_another() {
    let m = Mini::real_content("change_remove");
    let before = m.content();
    let (gone, kept) = remove_outcome(&m);
    let after = m.content();
    assert_eq!(after.outcomes.len() + 1, before.outcomes.len());
    // The paths that ended at the removed outcome end at the widened one.
    let ending_at = |c: &Content, ids: &[&str]| {
        flow::walks(c)
            .iter()
            .filter(|w| ids.contains(&outcome_of(w)))
            .count()
    };
    assert_eq!(
        ending_at(&after, &[&kept]),
        ending_at(&before, &[&kept, &gone]),
        "`{kept}` ends its own paths and those of `{gone}`"
    );
    every_outcome_is_still_reached(&m, None, Some(&gone));
}
