//! `diff OLD NEW`: what a content release changes for a person, for a
//! maintainer to review before publishing it. Two parts:
//!
//! - each path (a full set of answers) whose outcome, checks, steps,
//!   materials, notes or other facts change, and each path added or gone;
//! - each text that changes, in both languages, with the outcomes and the
//!   number of paths that show it.
//!
//! Everything is compared as a person is shown it: through
//! `flow::each_walk` and `flow::resolve`, not the TOML, so moving a text
//! between files or sharing it between outcomes shows no change.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::content::{Content, Lang};
use crate::flow::{self, Answers, Resolved};

/// One path, resolved in both languages.
struct Shown {
    /// The answers as `question=option`, in the order asked.
    label: String,
    /// Position in the walk order.
    order: usize,
    zh: Resolved,
    en: Resolved,
}

fn shown(content: &Content) -> BTreeMap<Answers, Shown> {
    let mut out = BTreeMap::new();
    super::each_path_to_an_outcome(content, &mut |asked, o, answers| {
        let label = asked
            .iter()
            .map(|(q, o)| format!("{q}={o}"))
            .collect::<Vec<_>>()
            .join(" ");
        let zh = flow::resolve(content, o, &answers, Lang::Zh, None);
        let en = flow::resolve(content, o, &answers, Lang::En, None);
        let order = out.len();
        out.insert(
            answers,
            Shown {
                label,
                order,
                zh,
                en,
            },
        );
    });
    out
}

/// What changes on one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathChange {
    Added { outcome: String },
    Removed { outcome: String },
    Changed(Vec<String>),
}

/// A text in both languages at one place in the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChange {
    /// Where it is, e.g. `material id-card: name`.
    pub slot: String,
    /// (zh, en) before and after; `None` when the text is new or gone.
    pub old: Option<(String, String)>,
    pub new: Option<(String, String)>,
    /// The outcomes that show it, and on how many paths.
    pub outcomes: BTreeSet<String>,
    pub paths: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub old_version: String,
    pub new_version: String,
    /// (answers as `question=option ...`, change), in the order asked.
    pub paths: Vec<(String, PathChange)>,
    pub texts: Vec<TextChange>,
    /// Paths in the new content, for the summary.
    pub total_paths: usize,
    /// Both contents carry the same `meta.version`.
    pub same_version: bool,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && self.texts.is_empty()
    }
}

pub fn diff(old: &Content, new: &Content) -> Report {
    let before = shown(old);
    let after = shown(new);
    // (order, path, change): paths of the new content in walk order, then
    // the paths gone.
    let mut paths = Vec::new();
    for (answers, a) in &after {
        match before.get(answers) {
            None => paths.push((
                a.order,
                a.label.clone(),
                PathChange::Added {
                    outcome: a.en.outcome.clone(),
                },
            )),
            Some(b) => {
                let what = path_changes(b, a);
                if !what.is_empty() {
                    paths.push((a.order, a.label.clone(), PathChange::Changed(what)));
                }
            }
        }
    }
    for (answers, b) in &before {
        if !after.contains_key(answers) {
            paths.push((
                after.len() + b.order,
                b.label.clone(),
                PathChange::Removed {
                    outcome: b.en.outcome.clone(),
                },
            ));
        }
    }
    paths.sort_by_key(|p| p.0);
    Report {
        old_version: version(old),
        new_version: version(new),
        same_version: old.meta.version == new.meta.version,
        paths: paths.into_iter().map(|(_, p, c)| (p, c)).collect(),
        texts: text_changes(&texts(old, &before), &texts(new, &after)),
        total_paths: after.len(),
    }
}

fn version(c: &Content) -> String {
    format!("{} ({})", c.meta.version, c.meta.updated)
}

/// The parts of one path that a person sees differently.
fn path_changes(b: &Shown, a: &Shown) -> Vec<String> {
    let mut out = Vec::new();
    if b.en.outcome != a.en.outcome {
        out.push(format!("outcome: {} -> {}", b.en.outcome, a.en.outcome));
    }
    let both = |f: &dyn Fn(&Resolved) -> Vec<String>| f(&b.zh) != f(&a.zh) || f(&b.en) != f(&a.en);
    let checks = |r: &Resolved| {
        r.check_ids
            .iter()
            .zip(&r.checks)
            .map(|(id, t)| format!("{id}\n{t}"))
            .collect()
    };
    if both(&checks) {
        out.push(format!(
            "checks: {} -> {}",
            b.en.checks.len(),
            a.en.checks.len()
        ));
    }
    let steps = |r: &Resolved| {
        r.steps
            .iter()
            .map(|s| {
                let stage = s.stage.as_deref().unwrap_or_default();
                format!("{}\n{}\n{}\n{}\n{stage}", s.id, s.title, s.body, s.place.id)
            })
            .collect()
    };
    if both(&steps) {
        out.push(format!(
            "steps: {} -> {}{}",
            b.en.steps.len(),
            a.en.steps.len(),
            if b.en.steps.len() == a.en.steps.len() {
                " (wording or place)"
            } else {
                ""
            }
        ));
    }
    let ids = |r: &Resolved, notes: bool| -> Vec<String> {
        if notes {
            r.notes.iter().map(|n| n.id.clone()).collect()
        } else {
            r.materials.iter().map(|m| m.id.clone()).collect()
        }
    };
    for (name, notes) in [("materials", false), ("notes", true)] {
        let (was, now) = (ids(&b.en, notes), ids(&a.en, notes));
        let mut parts: Vec<String> = now
            .iter()
            .filter(|i| !was.contains(i))
            .map(|i| format!("+{i}"))
            .chain(
                was.iter()
                    .filter(|i| !now.contains(i))
                    .map(|i| format!("-{i}")),
            )
            .collect();
        let body = |r: &Resolved, id: &str| -> Option<String> {
            if notes {
                r.notes
                    .iter()
                    .find(|n| n.id == id)
                    .map(|n| format!("{}\n{}", n.title, n.body))
            } else {
                r.materials
                    .iter()
                    .find(|m| m.id == id)
                    .map(|m| format!("{}\n{}\n{}\n{}", m.name, m.form.id, m.count, m.needed))
            }
        };
        for id in now.iter().filter(|i| was.contains(i)) {
            if body(&b.zh, id) != body(&a.zh, id) || body(&b.en, id) != body(&a.en, id) {
                parts.push(format!("~{id}"));
            }
        }
        if !parts.is_empty() {
            out.push(format!("{name}: {}", parts.join(" ")));
        }
    }
    let facts = |r: &Resolved| {
        vec![
            r.title.clone(),
            r.summary.clone(),
            r.place.id.clone(),
            r.time_limit.clone(),
            format!("{:?}", r.working_days),
            r.fee.clone(),
            r.personal_account.clone(),
            r.waiting_period.clone(),
        ]
    };
    let names = [
        "title",
        "summary",
        "place",
        "time limit",
        "working days",
        "fee",
        "personal account",
        "waiting period",
    ];
    if b.en.outcome == a.en.outcome {
        let changed: Vec<&str> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                facts(&b.zh)[*i] != facts(&a.zh)[*i] || facts(&b.en)[*i] != facts(&a.en)[*i]
            })
            .map(|(_, n)| *n)
            .collect();
        if !changed.is_empty() {
            out.push(format!("also: {}", changed.join(", ")));
        }
    }
    let sources = |r: &Resolved| {
        r.sources
            .iter()
            .map(|s| format!("{}\n{}\n{:?}\n{}", s.id, s.title, s.url, s.confidence.id))
            .collect()
    };
    if both(&sources) {
        out.push("sources".into());
    }
    out
}

/// A text at one slot, and who shows it.
struct Slot {
    zh: String,
    en: String,
    outcomes: BTreeSet<String>,
    paths: usize,
}

/// Every text a person can be shown, by slot: steps, checks, materials,
/// notes and sources by their block ids, the outcome's own paragraphs by
/// outcome id, questions, options and UI strings by theirs.
fn texts(content: &Content, shown: &BTreeMap<Answers, Shown>) -> BTreeMap<String, Slot> {
    let mut out: BTreeMap<String, Slot> = BTreeMap::new();
    let mut put = |slot: String, zh: &str, en: &str, outcome: Option<&str>| {
        let s = out.entry(slot).or_insert_with(|| Slot {
            zh: zh.to_owned(),
            en: en.to_owned(),
            outcomes: BTreeSet::new(),
            paths: 0,
        });
        if let Some(o) = outcome {
            s.outcomes.insert(o.to_owned());
            s.paths += 1;
        }
    };
    for s in shown.values() {
        let (z, e) = (&s.zh, &s.en);
        let o = Some(z.outcome.as_str());
        let id = &z.outcome;
        for (name, zh, en) in [
            ("title", &z.title, &e.title),
            ("summary", &z.summary, &e.summary),
            ("time limit", &z.time_limit, &e.time_limit),
            ("fee", &z.fee, &e.fee),
            ("personal account", &z.personal_account, &e.personal_account),
            ("waiting period", &z.waiting_period, &e.waiting_period),
        ] {
            put(format!("outcome {id}: {name}"), zh, en, o);
        }
        for ((check, zh), en) in z.check_ids.iter().zip(&z.checks).zip(&e.checks) {
            put(format!("check {check}"), zh, en, o);
        }
        for (zh, en) in z.steps.iter().zip(&e.steps) {
            put(format!("step {}: title", zh.id), &zh.title, &en.title, o);
            put(format!("step {}: text", zh.id), &zh.body, &en.body, o);
            if let (Some(zs), Some(es)) = (&zh.stage, &en.stage) {
                put(format!("step {}: stage", zh.id), zs, es, o);
            }
        }
        for (zh, en) in z.materials.iter().zip(&e.materials) {
            put(format!("material {}: name", zh.id), &zh.name, &en.name, o);
            put(
                format!("material {}: when needed", zh.id),
                &zh.needed,
                &en.needed,
                o,
            );
        }
        for (zh, en) in z.notes.iter().zip(&e.notes) {
            put(format!("note {}: title", zh.id), &zh.title, &en.title, o);
            put(format!("note {}: text", zh.id), &zh.body, &en.body, o);
        }
        for (zh, en) in z.sources.iter().zip(&e.sources) {
            put(format!("source {}: title", zh.id), &zh.title, &en.title, o);
        }
    }
    for q in &content.questions {
        put(
            format!("question {}: title", q.id),
            &q.title.zh,
            &q.title.en,
            None,
        );
        put(
            format!("question {}: help", q.id),
            &q.help.zh,
            &q.help.en,
            None,
        );
        for c in &q.options {
            put(
                format!("option {}={}: label", q.id, c.id),
                &c.label.zh,
                &c.label.en,
                None,
            );
            if let Some(h) = &c.help {
                put(
                    format!("option {}={}: help", q.id, c.id),
                    &h.zh,
                    &h.en,
                    None,
                );
            }
        }
    }
    // Regional facts: their text and where they come from, with the
    // province and the conditions they apply to.
    for f in &content.facts {
        let zh = crate::flow::regional_shown(content, f, crate::content::Lang::Zh);
        let en = crate::flow::regional_shown(content, f, crate::content::Lang::En);
        put(
            format!("fact {} ({}, when {})", f.id, f.province, f.when),
            &format!("{}\n{}", zh.line, zh.cite),
            &format!("{}\n{}", en.line, en.cite),
            None,
        );
    }
    for (k, t) in &content.ui {
        put(format!("ui {k}"), &t.zh, &t.en, None);
    }
    for (name, t) in [
        ("title", &content.meta.title),
        ("disclaimer", &content.meta.disclaimer),
    ] {
        put(format!("meta {name}"), &t.zh, &t.en, None);
    }
    out
}

fn text_changes(old: &BTreeMap<String, Slot>, new: &BTreeMap<String, Slot>) -> Vec<TextChange> {
    let pair = |s: &Slot| (s.zh.clone(), s.en.clone());
    let mut out = Vec::new();
    for (slot, n) in new {
        let o = old.get(slot);
        if o.is_some_and(|o| o.zh == n.zh && o.en == n.en) {
            continue;
        }
        out.push(TextChange {
            slot: slot.clone(),
            old: o.map(pair),
            new: Some(pair(n)),
            outcomes: n.outcomes.clone(),
            paths: n.paths,
        });
    }
    for (slot, o) in old {
        if !new.contains_key(slot) {
            out.push(TextChange {
                slot: slot.clone(),
                old: Some(pair(o)),
                new: None,
                outcomes: o.outcomes.clone(),
                paths: o.paths,
            });
        }
    }
    out
}

pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "content {} -> {}", r.old_version, r.new_version);
    if r.is_empty() {
        let _ = writeln!(
            s,
            "\nno change for a person on any of the {} paths",
            r.total_paths
        );
        return s;
    }
    if r.same_version {
        let _ = writeln!(
            s,
            "note: meta.version is the same in both; raise it before `content install`"
        );
    }
    let _ = writeln!(
        s,
        "\npaths that change: {} of {} (+ added, - removed, ~ worded differently)",
        r.paths.len(),
        r.total_paths
    );
    for (answers, change) in &r.paths {
        match change {
            PathChange::Added { outcome } => {
                let _ = writeln!(s, "  {answers}\n      new path -> {outcome}");
            }
            PathChange::Removed { outcome } => {
                let _ = writeln!(s, "  {answers}\n      path gone (was {outcome})");
            }
            PathChange::Changed(what) => {
                let _ = writeln!(s, "  {answers}");
                for w in what {
                    let _ = writeln!(s, "      {w}");
                }
            }
        }
    }
    let _ = writeln!(s, "\ntexts that change: {}", r.texts.len());
    for t in &r.texts {
        let kind = match (&t.old, &t.new) {
            (None, _) => " (new)",
            (_, None) => " (gone)",
            _ => "",
        };
        let _ = writeln!(s, "  {}{kind}", t.slot);
        let used = if t.outcomes.is_empty() {
            "shown in the wizard".to_owned()
        } else {
            format!(
                "used in {} ({} path{})",
                t.outcomes.iter().cloned().collect::<Vec<_>>().join(", "),
                t.paths,
                if t.paths == 1 { "" } else { "s" }
            )
        };
        let _ = writeln!(s, "      {used}");
        let line =
            |s: &mut String, lang: &str, old: Option<&str>, new: Option<&str>| match (old, new) {
                (Some(o), Some(n)) if o == n => {
                    let _ = writeln!(s, "      {lang}: (same) {}", one_line(n));
                }
                (Some(o), Some(n)) => {
                    let _ = writeln!(s, "      {lang}: - {}", one_line(o));
                    let _ = writeln!(s, "      {lang}: + {}", one_line(n));
                }
                (Some(o), None) => {
                    let _ = writeln!(s, "      {lang}: - {}", one_line(o));
                }
                (None, Some(n)) => {
                    let _ = writeln!(s, "      {lang}: + {}", one_line(n));
                }
                (None, None) => {}
            };
        line(
            &mut s,
            "zh",
            t.old.as_ref().map(|p| p.0.as_str()),
            t.new.as_ref().map(|p| p.0.as_str()),
        );
        line(
            &mut s,
            "en",
            t.old.as_ref().map(|p| p.1.as_str()),
            t.new.as_ref().map(|p| p.1.as_str()),
        );
    }
    s
}

/// A text on one line: line breaks shown as ` / `.
fn one_line(t: &str) -> String {
    t.replace('\n', " / ")
}

/// The command: exit 0 when nothing changes, 1 when something does, 2
/// when a content cannot be loaded.
pub fn run(old: Option<&Path>, new: &Path) -> (String, String, i32) {
    let load = |d: Option<&Path>| {
        crate::load::load(d).map_err(|e| {
            let name = d.map_or_else(
                || "the built-in content".to_owned(),
                |p| p.display().to_string(),
            );
            format!("{e}\nerror: {name} cannot be compared until it passes check\n")
        })
    };
    let (a, b) = match (load(old), load(Some(new))) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return (String::new(), e, 2),
    };
    let r = diff(&a, &b);
    let code = if r.is_empty() { 0 } else { 1 };
    (render(&r), String::new(), code)
}
