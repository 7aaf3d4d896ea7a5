//! Reads the raw files, reports every problem with its place, and builds the
//! validated model only when there is none.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use toml::Spanned;
use unicode_width::UnicodeWidthChar;

use super::diag::{Diagnostic, SourceFile};
use super::model::{self, Content, Text};
use super::raw;
use super::{CONFIDENCES, FORMS, PLACES, STABLE_QUESTIONS, UI_KEYS};
use crate::flow::calendar::{Calendar, Date, Year};
use crate::flow::{self, End};

/// A place in one of the files.
#[derive(Debug, Clone)]
struct Loc {
    file: usize,
    span: Range<usize>,
}

struct Ctx<'f> {
    files: &'f [SourceFile],
    diags: Vec<Diagnostic>,
    file: usize,
}

impl Ctx<'_> {
    fn at(&self, loc: &Loc) -> &SourceFile {
        &self.files[loc.file]
    }

    fn here<T>(&self, s: &Spanned<T>) -> Loc {
        Loc {
            file: self.file,
            span: s.span(),
        }
    }

    fn report(&mut self, loc: &Loc, msg: impl Into<String>) {
        let d = Diagnostic::at(self.at(loc), loc.span.clone(), msg);
        self.diags.push(d);
    }

    fn report_here<T>(&mut self, s: &Spanned<T>, msg: impl Into<String>) {
        let loc = self.here(s);
        self.report(&loc, msg);
    }

    /// A bilingual text: both halves present, not blank, and the Chinese
    /// free of ambiguous-width characters and emoji.
    fn text(&mut self, t: &raw::Text, what: &str) -> Text {
        let mut out = Text::default();
        for lang in ["zh", "en"] {
            let half = if lang == "zh" {
                &t.get_ref().zh
            } else {
                &t.get_ref().en
            };
            match half {
                None => self.report_here(
                    t,
                    format!("missing translation: {what} has no `{lang}` text"),
                ),
                Some(s) if s.get_ref().trim().is_empty() => self.report_here(
                    s,
                    format!("missing translation: the `{lang}` text of {what} is empty"),
                ),
                Some(s) => {
                    if lang == "zh" {
                        self.chinese(s, what);
                        out.zh = s.get_ref().clone();
                    } else {
                        out.en = s.get_ref().clone();
                    }
                }
            }
        }
        out
    }

    fn chinese(&mut self, s: &Spanned<String>, what: &str) {
        let span = s.span();
        let src = &self.files[self.file].text;
        let raw_src = src.get(span.clone()).unwrap_or("");
        // Where to look for the next occurrence, so a repeated character is
        // located at each place it stands.
        let mut from = 0;
        for c in s.get_ref().chars() {
            let problem = if is_emoji(c) {
                "an emoji or pictograph"
            } else if c.width() != c.width_cjk() {
                "a character of ambiguous width"
            } else {
                continue;
            };
            let at = match raw_src.get(from..).and_then(|rest| rest.find(c)) {
                Some(i) => {
                    from += i + c.len_utf8();
                    span.start + from - c.len_utf8()..span.start + from
                }
                None => span.clone(),
            };
            let loc = Loc {
                file: self.file,
                span: at,
            };
            self.report(
                &loc,
                format!(
                    "the Chinese text of {what} contains {problem}, {c:?} (U+{:04X}), which terminals draw at different widths; use a full-width form such as 「」《》，：",
                    u32::from(c)
                ),
            );
        }
    }
}

fn is_emoji(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F | 0x200D | 0xE0020..=0xE007F)
}

/// Where an id was defined.
#[derive(Default)]
struct Defs {
    questions: Vec<(String, Loc)>,
    options: HashMap<String, Vec<(String, Loc)>>,
    outcomes: HashMap<String, (Loc, Loc)>,
}

/// Validates the files. Returns the model, or every problem found.
pub fn load(files: &[SourceFile]) -> Result<Content, Vec<Diagnostic>> {
    let mut cx = Ctx {
        files,
        diags: Vec::new(),
        file: 0,
    };
    let mut docs = Vec::new();
    for (i, f) in files.iter().enumerate() {
        match toml::from_str::<raw::Document>(&f.text) {
            Ok(d) => docs.push((i, d)),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let loc = Loc { file: i, span };
                cx.report(&loc, e.message().trim().to_owned());
            }
        }
    }
    if files.is_empty() {
        cx.diags.push(Diagnostic {
            file: "content".into(),
            line: 1,
            column: 1,
            message: "no content files (*.toml) found".into(),
            excerpt: String::new(),
            underline: (0, 1),
        });
    }
    if !cx.diags.is_empty() {
        return Err(cx.diags);
    }

    let mut defs = Defs::default();
    let mut meta: Option<model::Meta> = None;
    let mut meta_loc: Option<Loc> = None;
    let mut questions = Vec::new();
    let mut outcomes = Vec::new();
    let mut materials = BTreeMap::new();
    let mut notes = BTreeMap::new();
    let mut sources = BTreeMap::new();
    let mut ui = BTreeMap::new();
    let mut calendar = Calendar::default();
    let mut seen: HashMap<(&'static str, String), Loc> = HashMap::new();
    // References to check once every definition is known: kind, id, where.
    let mut refs: Vec<(&'static str, String, Loc)> = Vec::new();
    // Conditions to check once every question is known.
    let mut conds: Vec<(usize, raw::Condition, Option<usize>)> = Vec::new();

    let mut dup = |cx: &mut Ctx, kind: &'static str, id: &Spanned<String>| -> bool {
        let loc = cx.here(id);
        if id.get_ref().trim().is_empty() {
            cx.report(&loc, format!("empty {kind} id"));
            return true;
        }
        if let Some(first) = seen.get(&(kind, id.get_ref().clone())) {
            let first = Diagnostic::at(cx.at(first), first.span.clone(), "");
            cx.report(
                &loc,
                format!(
                    "duplicate {kind} id `{}`: first defined at {}:{}:{}",
                    id.get_ref(),
                    first.file,
                    first.line,
                    first.column
                ),
            );
            return true;
        }
        seen.insert((kind, id.get_ref().clone()), loc);
        false
    };

    for (i, doc) in &docs {
        cx.file = *i;
        if let Some(m) = &doc.meta {
            let loc = cx.here(m);
            if meta.is_some() {
                cx.report(&loc, "a second [meta] section: keep exactly one");
            }
            let mm = m.get_ref();
            if mm.version.get_ref().trim().is_empty() {
                cx.report_here(&mm.version, "the content version is empty");
            }
            if Date::parse(mm.updated.get_ref()).is_none() {
                cx.report_here(&mm.updated, "`updated` must be a date written YYYY-MM-DD");
            }
            let title = cx.text(&mm.title, "the title");
            let disclaimer = cx.text(&mm.disclaimer, "the disclaimer");
            meta = Some(model::Meta {
                version: mm.version.get_ref().clone(),
                updated: mm.updated.get_ref().clone(),
                title,
                disclaimer,
            });
            meta_loc = Some(loc);
        }
        for q in &doc.question {
            dup(&mut cx, "question", &q.id);
            let qid = q.id.get_ref().clone();
            let what = format!("question `{qid}`");
            let title = cx.text(&q.title, &what);
            let help = cx.text(&q.help, &what);
            if q.options.is_empty() {
                cx.report_here(&q.id, format!("question `{qid}` has no options"));
            }
            let mut opts = Vec::new();
            let mut seen_opts: BTreeSet<String> = BTreeSet::new();
            for o in &q.options {
                if !seen_opts.insert(o.id.get_ref().clone()) {
                    cx.report_here(
                        &o.id,
                        format!(
                            "duplicate option id `{}` in question `{qid}`",
                            o.id.get_ref()
                        ),
                    );
                }
                let what = format!("option `{}` of question `{qid}`", o.id.get_ref());
                opts.push(model::Choice {
                    id: o.id.get_ref().clone(),
                    label: cx.text(&o.label, &what),
                    help: o.help.as_ref().map(|h| cx.text(h, &what)),
                });
                let loc = cx.here(&o.id);
                defs.options
                    .entry(qid.clone())
                    .or_default()
                    .push((o.id.get_ref().clone(), loc));
            }
            let order = defs.questions.len();
            let loc = cx.here(&q.id);
            defs.questions.push((qid.clone(), loc));
            if let Some(c) = &q.ask_if {
                conds.push((*i, c.get_ref().clone(), Some(order)));
            }
            questions.push(model::Question {
                id: qid,
                title,
                help,
                ask_if: q.ask_if.as_ref().map(|c| convert(c.get_ref())),
                options: opts,
            });
        }
        for o in &doc.outcome {
            dup(&mut cx, "outcome", &o.id);
            let oid = o.id.get_ref().clone();
            let what = format!("outcome `{oid}`");
            let loc = cx.here(&o.id);
            let when_loc = cx.here(&o.when);
            defs.outcomes.insert(oid.clone(), (loc, when_loc));
            conds.push((*i, o.when.get_ref().clone(), None));
            refs.push(("place", o.place.get_ref().clone(), cx.here(&o.place)));
            for s in &o.steps {
                refs.push(("place", s.place.get_ref().clone(), cx.here(&s.place)));
            }
            for m in &o.materials {
                refs.push(("material", m.get_ref().clone(), cx.here(m)));
            }
            for n in &o.notes {
                refs.push(("note", n.get_ref().clone(), cx.here(n)));
            }
            for s in &o.sources {
                refs.push(("source", s.get_ref().clone(), cx.here(s)));
            }
            if o.steps.is_empty() {
                cx.report_here(&o.id, format!("outcome `{oid}` has no [[outcome.step]]"));
            }
            if o.sources.is_empty() {
                cx.report_here(&o.id, format!("outcome `{oid}` names no sources"));
            }
            if let Some(n) = &o.working_days
                && *n.get_ref() == 0
            {
                cx.report_here(n, "working_days must be at least 1");
            }
            outcomes.push(model::Outcome {
                id: oid.clone(),
                when: convert(o.when.get_ref()),
                title: cx.text(&o.title, &what),
                summary: cx.text(&o.summary, &what),
                place: o.place.get_ref().clone(),
                time_limit: cx.text(&o.time_limit, &what),
                working_days: o.working_days.as_ref().map(|n| *n.get_ref()),
                fee: cx.text(&o.fee, &what),
                personal_account: cx.text(&o.personal_account, &what),
                waiting_period: cx.text(&o.waiting_period, &what),
                checks: o
                    .checks
                    .iter()
                    .map(|t| cx.text(t, &format!("a check of {what}")))
                    .collect(),
                steps: o
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(n, s)| model::Step {
                        title: cx.text(&s.title, &format!("step {} of {what}", n + 1)),
                        body: cx.text(&s.body, &format!("step {} of {what}", n + 1)),
                        place: s.place.get_ref().clone(),
                    })
                    .collect(),
                materials: o.materials.iter().map(|m| m.get_ref().clone()).collect(),
                notes: o.notes.iter().map(|m| m.get_ref().clone()).collect(),
                sources: o.sources.iter().map(|m| m.get_ref().clone()).collect(),
            });
        }
        for m in &doc.material {
            dup(&mut cx, "material", &m.id);
            let what = format!("material `{}`", m.id.get_ref());
            refs.push(("form", m.form.get_ref().clone(), cx.here(&m.form)));
            if *m.count.get_ref() == 0 {
                cx.report_here(&m.count, format!("{what}: count must be at least 1"));
            }
            if let Some(c) = &m.when {
                conds.push((*i, c.get_ref().clone(), None));
            }
            let mm = model::Material {
                id: m.id.get_ref().clone(),
                name: cx.text(&m.name, &what),
                form: m.form.get_ref().clone(),
                count: *m.count.get_ref(),
                needed: cx.text(&m.needed, &what),
                when: m.when.as_ref().map(|c| convert(c.get_ref())),
            };
            materials.insert(mm.id.clone(), (mm, cx.here(&m.id)));
        }
        for n in &doc.note {
            dup(&mut cx, "note", &n.id);
            let what = format!("note `{}`", n.id.get_ref());
            for s in &n.sources {
                refs.push(("source", s.get_ref().clone(), cx.here(s)));
            }
            let nn = model::Note {
                id: n.id.get_ref().clone(),
                title: cx.text(&n.title, &what),
                body: cx.text(&n.body, &what),
                sources: n.sources.iter().map(|s| s.get_ref().clone()).collect(),
            };
            notes.insert(nn.id.clone(), (nn, cx.here(&n.id)));
        }
        for s in &doc.source {
            dup(&mut cx, "source", &s.id);
            let what = format!("source `{}`", s.id.get_ref());
            refs.push((
                "confidence",
                s.confidence.get_ref().clone(),
                cx.here(&s.confidence),
            ));
            if let Some(u) = &s.url
                && !u.get_ref().starts_with("https://")
                && !u.get_ref().starts_with("http://")
            {
                cx.report_here(
                    u,
                    format!("{what}: the url must start with https:// or http://"),
                );
            }
            let ss = model::Source {
                id: s.id.get_ref().clone(),
                title: cx.text(&s.title, &what),
                url: s.url.as_ref().map(|u| u.get_ref().clone()),
                confidence: s.confidence.get_ref().clone(),
            };
            sources.insert(ss.id.clone(), (ss, cx.here(&s.id)));
        }
        for (k, t) in &doc.ui {
            if dup(&mut cx, "ui string", k) {
                continue;
            }
            let text = cx.text(t, &format!("ui string `{}`", k.get_ref()));
            ui.insert(k.get_ref().clone(), text);
        }
        for y in &doc.calendar {
            let year = *y.year.get_ref();
            if calendar.years.contains_key(&year) {
                cx.report_here(&y.year, format!("calendar year {year} is given twice"));
            }
            let mut rule = Year::default();
            for (list, into_off) in [(&y.off, true), (&y.work, false)] {
                for d in list {
                    match parse_days(d.get_ref()) {
                        Some(days) if days.iter().all(|x| x.year == year) => {
                            for x in days {
                                if into_off {
                                    rule.off.insert(x)
                                } else {
                                    rule.work.insert(x)
                                };
                            }
                        }
                        Some(_) => cx.report_here(d, format!("date outside calendar year {year}")),
                        None => cx.report_here(
                            d,
                            "expected a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD",
                        ),
                    }
                }
            }
            if y.source.get_ref().trim().is_empty() {
                cx.report_here(&y.source, "each calendar year needs its source");
            }
            calendar.years.insert(year, rule);
        }
    }

    // The stable interface: these questions and options are always there.
    let first_loc = Loc {
        file: docs.first().map_or(0, |d| d.0),
        span: 0..0,
    };
    let meta_loc = meta_loc.unwrap_or_else(|| {
        cx.report(
            &first_loc,
            "no [meta] section: add one with version, updated, title and disclaimer",
        );
        first_loc.clone()
    });
    for (q, opts) in STABLE_QUESTIONS {
        let defined = defs.questions.iter().any(|(id, _)| id == q);
        match defs.options.get(*q).filter(|_| defined) {
            None if defined => {}
            None => cx.report(
                &meta_loc,
                format!("question `{q}` is missing: `route` must always accept it"),
            ),
            Some(have) => {
                for o in *opts {
                    if !have.iter().any(|(id, _)| id == o) {
                        let loc = defs
                            .questions
                            .iter()
                            .find(|(id, _)| id == q)
                            .map_or(meta_loc.clone(), |x| x.1.clone());
                        cx.report(
                            &loc,
                            format!(
                                "question `{q}` lacks option `{o}`: `route` must always accept it"
                            ),
                        );
                    }
                }
            }
        }
    }

    // References.
    let used: BTreeSet<(&str, &str)> = refs.iter().map(|(k, id, _)| (*k, id.as_str())).collect();
    for (kind, id, loc) in &refs {
        let (known, valid): (bool, Vec<String>) = match *kind {
            "place" => (
                PLACES.contains(&id.as_str()),
                PLACES.iter().map(|s| s.to_string()).collect(),
            ),
            "form" => (
                FORMS.contains(&id.as_str()),
                FORMS.iter().map(|s| s.to_string()).collect(),
            ),
            "confidence" => (
                CONFIDENCES.contains(&id.as_str()),
                CONFIDENCES.iter().map(|s| s.to_string()).collect(),
            ),
            "material" => (materials.contains_key(id), Vec::new()),
            "note" => (notes.contains_key(id), Vec::new()),
            _ => (sources.contains_key(id), Vec::new()),
        };
        if !known {
            let hint = if valid.is_empty() {
                String::new()
            } else {
                format!("; valid: {}", valid.join(", "))
            };
            cx.report(loc, format!("unknown {kind} `{id}`{hint}"));
        }
    }
    for (kind, map) in [
        (
            "material",
            materials.iter().map(|(k, v)| (k, &v.1)).collect::<Vec<_>>(),
        ),
        ("note", notes.iter().map(|(k, v)| (k, &v.1)).collect()),
    ] {
        for (id, loc) in map {
            if !used.contains(&(kind, id.as_str())) {
                cx.report(loc, format!("{kind} `{id}` is never used by any outcome"));
            }
        }
    }
    for (id, (_, loc)) in &sources {
        if !used.contains(&("source", id.as_str())) {
            cx.report(loc, format!("source `{id}` is never cited"));
        }
    }
    for key in UI_KEYS {
        if !ui.contains_key(*key) {
            cx.report(
                &meta_loc,
                format!("missing ui string `{key}`: add it under [ui] in any content file"),
            );
        }
    }
    for (prefix, ids) in [
        ("place", PLACES),
        ("form", FORMS),
        ("confidence", CONFIDENCES),
    ] {
        for id in ids {
            if !ui.contains_key(&format!("{prefix}.{id}")) {
                cx.report(&meta_loc, format!("missing ui string `{prefix}.{id}`"));
            }
        }
    }
    for (file, c, order) in &conds {
        cx.file = *file;
        check_condition(&mut cx, &defs, c, *order);
    }

    if !cx.diags.is_empty() {
        return Err(cx.diags);
    }
    let content = Content {
        meta: meta.expect("reported above when missing"),
        questions,
        outcomes,
        materials: materials.into_iter().map(|(k, v)| (k, v.0)).collect(),
        notes: notes.into_iter().map(|(k, v)| (k, v.0)).collect(),
        sources: sources.into_iter().map(|(k, v)| (k, v.0)).collect(),
        ui,
        calendar,
    };
    check_paths(&mut cx, &defs, &content);
    if cx.diags.is_empty() {
        Ok(content)
    } else {
        Err(cx.diags)
    }
}

/// Every combination of answers leads to exactly one outcome; every question
/// is asked and every outcome reached on some path.
fn check_paths(cx: &mut Ctx, defs: &Defs, content: &Content) {
    let walks = flow::walks(content);
    let mut asked: BTreeSet<&str> = BTreeSet::new();
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut ambiguous_reported: BTreeSet<Vec<String>> = BTreeSet::new();
    for w in &walks {
        asked.extend(w.answers.iter().map(|(q, _)| q.as_str()));
        let shown = w
            .answers
            .iter()
            .map(|(q, o)| format!("{q}={o}"))
            .collect::<Vec<_>>()
            .join(" ");
        match &w.end {
            End::Outcome(o) => {
                reached.insert(o.as_str());
            }
            End::NoOutcome => {
                let loc = w
                    .answers
                    .last()
                    .and_then(|(q, o)| {
                        defs.options
                            .get(q)?
                            .iter()
                            .find(|(id, _)| id == o)
                            .map(|x| x.1.clone())
                    })
                    .unwrap_or_else(|| {
                        defs.questions.first().map_or(
                            Loc {
                                file: 0,
                                span: 0..0,
                            },
                            |q| q.1.clone(),
                        )
                    });
                cx.report(
                    &loc,
                    format!("dead end: no outcome matches the answers `{shown}`"),
                );
            }
            End::Ambiguous(ids) => {
                // Reached, though not alone: reported as ambiguous below,
                // not also as unreachable.
                reached.extend(ids.iter().map(String::as_str));
                if ambiguous_reported.insert(ids.clone()) {
                    for id in ids {
                        let loc = defs.outcomes[id].1.clone();
                        let others: Vec<&str> = ids
                            .iter()
                            .filter(|x| *x != id)
                            .map(String::as_str)
                            .collect();
                        cx.report(
                            &loc,
                            format!(
                                "outcome `{id}` and `{}` both match the answers `{shown}`",
                                others.join("`, `")
                            ),
                        );
                    }
                }
            }
        }
    }
    for (q, loc) in &defs.questions {
        if !asked.contains(q.as_str()) {
            cx.report(
                loc,
                format!("question `{q}` can never be asked: its ask_if never holds"),
            );
        }
    }
    for o in &content.outcomes {
        if !reached.contains(o.id.as_str()) {
            let loc = defs.outcomes[&o.id].0.clone();
            cx.report(&loc, format!("outcome `{}` can never be reached: no combination of answers matches its `when`", o.id));
        }
    }
}

fn check_condition(cx: &mut Ctx, defs: &Defs, c: &raw::Condition, asker: Option<usize>) {
    let check_pair = |cx: &mut Ctx, q: &Spanned<String>, vals: &[&Spanned<String>]| {
        let pos = defs.questions.iter().position(|(id, _)| id == q.get_ref());
        let Some(pos) = pos else {
            let known: Vec<&str> = defs.questions.iter().map(|(id, _)| id.as_str()).collect();
            cx.report_here(
                q,
                format!(
                    "unknown question `{}`; questions are: {}",
                    q.get_ref(),
                    known.join(", ")
                ),
            );
            return;
        };
        if let Some(a) = asker
            && pos >= a
        {
            cx.report_here(
                q,
                format!(
                    "ask_if of question `{}` looks at `{}`, which is not asked before it",
                    defs.questions[a].0,
                    q.get_ref()
                ),
            );
        }
        let no_options = Vec::new();
        let opts = defs.options.get(q.get_ref()).unwrap_or(&no_options);
        for v in vals {
            if !opts.iter().any(|(id, _)| id == v.get_ref()) {
                let valid: Vec<&str> = opts.iter().map(|(id, _)| id.as_str()).collect();
                cx.report_here(
                    v,
                    format!(
                        "unknown option `{}` for question `{}`; valid: {}",
                        v.get_ref(),
                        q.get_ref(),
                        valid.join(", ")
                    ),
                );
            }
        }
    };
    match c {
        raw::Condition::Equals(m) => {
            for (q, v) in m {
                check_pair(cx, q, &[v]);
            }
        }
        raw::Condition::In(m) => {
            for (q, vs) in m {
                check_pair(cx, q, &vs.iter().collect::<Vec<_>>());
            }
        }
        raw::Condition::All(cs) | raw::Condition::Any(cs) => {
            for c in cs {
                check_condition(cx, defs, c, asker);
            }
        }
        raw::Condition::Not(c) => check_condition(cx, defs, c, asker),
    }
}

fn convert(c: &raw::Condition) -> model::Condition {
    match c {
        raw::Condition::Equals(m) => model::Condition::Equals(
            m.iter()
                .map(|(q, v)| (q.get_ref().clone(), v.get_ref().clone()))
                .collect(),
        ),
        raw::Condition::In(m) => model::Condition::In(
            m.iter()
                .map(|(q, vs)| {
                    (
                        q.get_ref().clone(),
                        vs.iter().map(|v| v.get_ref().clone()).collect(),
                    )
                })
                .collect(),
        ),
        raw::Condition::All(cs) => model::Condition::All(cs.iter().map(convert).collect()),
        raw::Condition::Any(cs) => model::Condition::Any(cs.iter().map(convert).collect()),
        raw::Condition::Not(c) => model::Condition::Not(Box::new(convert(c))),
    }
}

/// `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD` (inclusive).
fn parse_days(s: &str) -> Option<Vec<Date>> {
    match s.split_once("..") {
        None => Some(vec![Date::parse(s.trim())?]),
        Some((a, b)) => {
            let (a, b) = (Date::parse(a.trim())?, Date::parse(b.trim())?);
            if b < a || b.to_days() - a.to_days() > 60 {
                return None;
            }
            let mut out = vec![a];
            let mut d = a;
            while d < b {
                d = d.succ();
                out.push(d);
            }
            Some(out)
        }
    }
}
