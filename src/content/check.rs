//! Reads the raw files, reports every problem with its place, and builds the
//! validated model only when there is none.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;
use unicode_width::UnicodeWidthChar;

use super::diag::{Diagnostic, SourceFile};
use super::model::{self, Content, Sites, Text};
use super::raw;
use super::{STABLE_QUESTIONS, UI_KEYS};

mod hedge;

/// Reference kinds whose ids are defined by their labels in [ui].
const LABELLED: &[&str] = &["place", "form", "confidence"];
use crate::calendar::{Calendar, Date, Year};

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
    /// Every long text seen so far, by language, and where: a text said
    /// twice belongs in one shared block.
    said: HashMap<(&'static str, String), Loc>,
    /// The hedges of the texts read since the last [`Ctx::hedges`].
    pending: Vec<hedge::Hedge>,
}

/// Texts longer than this must stand in one place only: characters in
/// Chinese, words in English (about the same length of sentence).
const LONGEST_REPEAT: usize = 20;

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
    /// free of ambiguous-width characters and emoji. `what` names the text
    /// in messages; it is only worked out when there is a problem.
    fn text(&mut self, t: raw::Text, what: &dyn Fn() -> String) -> Text {
        let whole = self.here(&t);
        let raw::TextRaw { zh, en } = t.into_inner();
        let mut out = Text::default();
        let mut repeated = false;
        for (lang, half) in [("zh", zh), ("en", en)] {
            if let Some(s) = &half
                && !repeated
            {
                repeated = self.repeated(lang, s);
            }
            match half {
                None => self.report(
                    &whole,
                    format!("missing translation: {} has no `{lang}` text", what()),
                ),
                Some(s) if s.get_ref().trim().is_empty() => self.report_here(
                    &s,
                    format!(
                        "missing translation: the `{lang}` text of {} is empty",
                        what()
                    ),
                ),
                Some(s) => {
                    self.no_controls(&s, &|| format!("the `{lang}` text of {}", what()));
                    self.note_hedges(lang, &s);
                    if lang == "zh" {
                        self.chinese(&s, what);
                        out.zh = s.into_inner().into();
                    } else {
                        out.en = s.into_inner().into();
                    }
                }
            }
        }
        out
    }

    /// Notes where the text says "以当地为准" / "confirm locally".
    fn note_hedges(&mut self, lang: &'static str, s: &Spanned<String>) {
        let span = s.span();
        let raw_src = self.files[self.file].text.get(span.clone()).unwrap_or("");
        for at in hedge::find(lang, raw_src, span.start) {
            self.pending.push(hedge::Hedge {
                lang,
                loc: Loc {
                    file: self.file,
                    span: at,
                },
            });
        }
    }

    /// The hedges of the texts read since the last call, for the block
    /// they belong to.
    fn hedges(&mut self) -> Vec<hedge::Hedge> {
        std::mem::take(&mut self.pending)
    }

    /// Reports a character that a terminal or a printer acts on instead of
    /// showing it (ESC starts a command on both): such text would reach
    /// the screen, `route` and the receipt printer.
    fn no_controls(&mut self, s: &Spanned<String>, what: &dyn Fn() -> String) {
        if let Some(c) = s.get_ref().chars().find(|c| crate::out::is_hostile(*c)) {
            self.report_here(
                s,
                format!(
                    "{} contains the control character U+{:04X}, which terminals and printers act on; remove it",
                    what(),
                    u32::from(c)
                ),
            );
        }
    }

    /// Reports a long text that already stands somewhere else, at both
    /// places. True when it did.
    fn repeated(&mut self, lang: &'static str, s: &Spanned<String>) -> bool {
        let text = s.get_ref().trim();
        let length = if lang == "zh" {
            text.chars().count()
        } else {
            text.split_whitespace().count()
        };
        if length <= LONGEST_REPEAT {
            return false;
        }
        let here = self.here(s);
        match self.said.get(&(lang, text.to_owned())) {
            None => {
                self.said.insert((lang, text.to_owned()), here);
                false
            }
            Some(first) => {
                let first = Diagnostic::at(self.at(first), first.span.clone(), "");
                self.report(
                    &here,
                    format!(
                        "this `{lang}` text also stands at {}:{}:{}: say it in one place, as a [[text]], [[check]] or [[step]] block (or a [[note]] or [[material]]) that both places name by id",
                        first.file, first.line, first.column
                    ),
                );
                true
            }
        }
    }

    fn chinese(&mut self, s: &Spanned<String>, what: &dyn Fn() -> String) {
        let span = s.span();
        let src = &self.files[self.file].text;
        let raw_src = src.get(span.clone()).unwrap_or("");
        // Where to look for the next occurrence, so a repeated character is
        // located at each place it stands.
        let mut from = 0;
        for c in s.get_ref().chars() {
            if plain_width(c) {
                continue;
            }
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
                    "the Chinese text of {} contains {problem}, {c:?} (U+{:04X}), which terminals draw at different widths; use a full-width form such as 「」《》，：",
                    what(),
                    u32::from(c)
                ),
            );
        }
    }
}

/// Characters that make up most of the text and are neither emoji nor of
/// ambiguous width: printable ASCII (one column everywhere) and the CJK
/// Unified Ideographs block (two columns everywhere).
fn plain_width(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{4E00}'..='\u{9FFF}')
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
        said: HashMap::new(),
        pending: Vec::new(),
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
    let mut texts = BTreeMap::new();
    let mut checks = BTreeMap::new();
    let mut steps = BTreeMap::new();
    let mut materials = BTreeMap::new();
    let mut notes = BTreeMap::new();
    let mut sources = BTreeMap::new();
    let mut facts: Vec<model::Fact> = Vec::new();
    // Each fact's province and `checked`, to look at once the questions are known.
    let mut fact_locs: Vec<(String, Loc, Loc, Loc)> = Vec::new();
    let mut ui = BTreeMap::new();
    let mut calendar = Calendar::default();
    let mut speak = model::Speak::default();
    let mut seen: HashMap<(&'static str, String), Loc> = HashMap::new();
    // Where each block says "以当地为准", for the one-per-page rule.
    let mut hedges = hedge::Hedges::new();
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
        cx.no_controls(id, &|| format!("the {kind} id"));
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

    // Where "no [meta]" is reported when there is none.
    let first_file = docs.first().map_or(0, |d| d.0);
    // The texts are moved from the parsed files into the model, each file
    // dropped once read.
    for (i, doc) in docs {
        cx.file = i;
        if let Some(m) = doc.meta {
            let loc = cx.here(&m);
            if meta.is_some() {
                cx.report(&loc, "a second [meta] section: keep exactly one");
            }
            let mm = m.into_inner();
            if mm.version.get_ref().trim().is_empty() {
                cx.report_here(&mm.version, "the content version is empty");
            }
            cx.no_controls(&mm.version, &|| "the content version".into());
            if Date::parse(mm.updated.get_ref()).is_none() {
                cx.report_here(&mm.updated, "`updated` must be a date written YYYY-MM-DD");
            }
            let title = cx.text(mm.title, &|| "the title".into());
            cx.hedges();
            let disclaimer = cx.text(mm.disclaimer, &|| "the disclaimer".into());
            hedges.insert(("meta", "meta".into()), cx.hedges());
            meta = Some(model::Meta {
                version: mm.version.into_inner(),
                updated: mm.updated.into_inner(),
                title,
                disclaimer,
            });
            meta_loc = Some(loc);
        }
        for q in doc.question {
            dup(&mut cx, "question", &q.id);
            let qid = q.id.get_ref().clone();
            let what = || format!("question `{qid}`");
            let title = cx.text(q.title, &what);
            let help = cx.text(q.help, &what);
            if q.options.is_empty() {
                cx.report_here(&q.id, format!("question `{qid}` has no options"));
            }
            let mut opts = Vec::with_capacity(q.options.len());
            let mut defined = Vec::with_capacity(q.options.len());
            let mut seen_opts: BTreeSet<String> = BTreeSet::new();
            let order = defs.questions.len();
            for o in q.options {
                if o.id.get_ref().trim().is_empty() {
                    cx.report_here(&o.id, format!("empty option id in question `{qid}`"));
                }
                cx.no_controls(&o.id, &|| format!("an option id of question `{qid}`"));
                if !seen_opts.insert(o.id.get_ref().clone()) {
                    cx.report_here(
                        &o.id,
                        format!(
                            "duplicate option id `{}` in question `{qid}`",
                            o.id.get_ref()
                        ),
                    );
                }
                let what = || format!("option `{}` of question `{qid}`", o.id.get_ref());
                let label = cx.text(o.label, &what);
                let help = o.help.map(|h| cx.text(h, &what));
                let loc = cx.here(&o.id);
                defined.push((o.id.get_ref().clone(), loc));
                let when = o.when.map(|c| {
                    let model = convert(c.get_ref());
                    conds.push((i, c.into_inner(), Some(order)));
                    model
                });
                let keys = o.keys.map_or_else(String::new, |k| {
                    if k.get_ref().is_empty() || !k.get_ref().bytes().all(|b| b.is_ascii_lowercase()) {
                        cx.report_here(
                            &k,
                            format!(
                                "`keys` of option `{}` of question `{qid}` must be lowercase letters a-z (pinyin initials, e.g. \"gd\")",
                                o.id.get_ref()
                            ),
                        );
                    }
                    k.into_inner()
                });
                opts.push(model::Choice {
                    id: o.id.into_inner(),
                    label,
                    help,
                    when,
                    keys,
                });
            }
            let mut assume = Vec::with_capacity(q.assume.len());
            for a in q.assume {
                if !seen_opts.contains(a.option.get_ref()) {
                    cx.report_here(
                        &a.option,
                        format!(
                            "question `{qid}` has no option `{}` to assume; its options are: {}",
                            a.option.get_ref(),
                            seen_opts.iter().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    );
                }
                assume.push((convert(a.when.get_ref()), a.option.get_ref().clone()));
                // An assumption may look at any question, even a later one:
                // `route` takes all answers at once.
                conds.push((i, a.when.into_inner(), None));
            }
            if !defined.is_empty() {
                defs.options.entry(qid.clone()).or_default().extend(defined);
            }
            let loc = cx.here(&q.id);
            defs.questions.push((qid.clone(), loc));
            let ask_if = q.ask_if.map(|c| {
                let model = convert(c.get_ref());
                conds.push((i, c.into_inner(), Some(order)));
                model
            });
            let explore = q.explore.map(|ids| {
                if ids.is_empty() {
                    cx.report_here(
                        &q.id,
                        format!("`explore` of question `{qid}` is empty: name at least one option, or leave it out"),
                    );
                }
                ids.into_iter()
                    .map(|o| {
                        if !seen_opts.contains(o.get_ref()) {
                            cx.report_here(
                                &o,
                                format!(
                                    "question `{qid}` has no option `{}` to explore; its options are: {}",
                                    o.get_ref(),
                                    seen_opts.iter().cloned().collect::<Vec<_>>().join(", ")
                                ),
                            );
                        }
                        o.into_inner()
                    })
                    .collect()
            });
            questions.push(model::Question {
                id: qid,
                title,
                help,
                ask_if,
                assume,
                explore,
                options: opts,
            });
        }
        for o in doc.outcome {
            dup(&mut cx, "outcome", &o.id);
            let oid = o.id.get_ref().clone();
            let what = || format!("outcome `{oid}`");
            let loc = cx.here(&o.id);
            let when_loc = cx.here(&o.when);
            defs.outcomes.insert(oid.clone(), (loc, when_loc));
            let when = convert(o.when.get_ref());
            conds.push((i, o.when.into_inner(), None));
            refs.push(("place", o.place.get_ref().clone(), cx.here(&o.place)));
            let lists: [(&'static str, &Vec<raw::Id>); 9] = [
                ("text", &o.time_limit),
                ("text", &o.fee),
                ("text", &o.personal_account),
                ("text", &o.waiting_period),
                ("check", &o.checks),
                ("step", &o.steps),
                ("material", &o.materials),
                ("note", &o.notes),
                ("source", &o.sources),
            ];
            for (kind, ids) in lists {
                for id in ids {
                    refs.push((kind, id.get_ref().clone(), cx.here(id)));
                }
            }
            for (field, ids) in [
                ("time_limit", &o.time_limit),
                ("fee", &o.fee),
                ("personal_account", &o.personal_account),
                ("waiting_period", &o.waiting_period),
            ] {
                if ids.is_empty() {
                    cx.report_here(
                        &o.id,
                        format!("outcome `{oid}` has an empty `{field}`: name at least one [[text]] block"),
                    );
                }
            }
            if o.steps.is_empty() {
                cx.report_here(
                    &o.id,
                    format!("outcome `{oid}` has no steps: list [[step]] ids in `steps`"),
                );
            }
            if o.sources.is_empty() {
                cx.report_here(&o.id, format!("outcome `{oid}` names no sources"));
            }
            if let Some(n) = &o.working_days
                && *n.get_ref() == 0
            {
                cx.report_here(n, "working_days must be at least 1");
            }
            let finish_by_when = o.finish_by_when.map(|c| {
                let model = convert(c.get_ref());
                conds.push((i, c.into_inner(), None));
                model
            });
            cx.hedges();
            let title = cx.text(o.title, &what);
            let summary = cx.text(o.summary, &what);
            hedges.insert(("outcome", oid.clone()), cx.hedges());
            let ids = |v: Vec<raw::Id>| v.into_iter().map(Spanned::into_inner).collect();
            outcomes.push(model::Outcome {
                id: oid,
                when,
                title,
                summary,
                place: o.place.into_inner(),
                working_days: o.working_days.map(Spanned::into_inner),
                finish_by_when,
                time_limit: ids(o.time_limit),
                fee: ids(o.fee),
                personal_account: ids(o.personal_account),
                waiting_period: ids(o.waiting_period),
                checks: ids(o.checks),
                steps: ids(o.steps),
                materials: ids(o.materials),
                notes: ids(o.notes),
                sources: ids(o.sources),
            });
        }
        for (kind, blocks, into) in [
            ("text", doc.text, &mut texts),
            ("check", doc.check, &mut checks),
        ] {
            for t in blocks {
                dup(&mut cx, kind, &t.id);
                let what = || format!("{kind} `{}`", t.id.get_ref());
                for s in &t.sources {
                    refs.push(("source", s.get_ref().clone(), cx.here(s)));
                }
                let when = t.when.map(|c| {
                    let model = convert(c.get_ref());
                    conds.push((i, c.into_inner(), None));
                    model
                });
                cx.hedges();
                let text = cx.text(t.text, &what);
                hedges.insert((kind, t.id.get_ref().clone()), cx.hedges());
                let loc = cx.here(&t.id);
                let b = model::Block {
                    id: t.id.into_inner(),
                    text,
                    sources: t.sources.into_iter().map(Spanned::into_inner).collect(),
                    when,
                };
                into.insert(b.id.clone(), (b, loc));
            }
        }
        for st in doc.step {
            dup(&mut cx, "step", &st.id);
            let what = || format!("step `{}`", st.id.get_ref());
            refs.push(("place", st.place.get_ref().clone(), cx.here(&st.place)));
            for s in &st.sources {
                refs.push(("source", s.get_ref().clone(), cx.here(s)));
            }
            let when = st.when.map(|c| {
                let model = convert(c.get_ref());
                conds.push((i, c.into_inner(), None));
                model
            });
            if let Some(w) = &st.window
                && !model::WINDOWS.contains(&w.get_ref().as_str())
            {
                cx.report_here(
                    w,
                    format!(
                        "{}: `window` must be one of {}",
                        what(),
                        model::WINDOWS.join(", ")
                    ),
                );
            }
            cx.hedges();
            let title = cx.text(st.title, &what);
            let body = cx.text(st.body, &what);
            let stage = st
                .stage
                .map(|t| cx.text(t, &|| format!("the `stage` of {}", what())));
            hedges.insert(("step", st.id.get_ref().clone()), cx.hedges());
            let loc = cx.here(&st.id);
            let b = model::Step {
                id: st.id.into_inner(),
                title,
                body,
                sources: st.sources.into_iter().map(Spanned::into_inner).collect(),
                place: st.place.into_inner(),
                when,
                window: st.window.map(Spanned::into_inner),
                call: st.call,
                clock: st.clock,
                stage,
            };
            steps.insert(b.id.clone(), (b, loc));
        }
        for m in doc.material {
            dup(&mut cx, "material", &m.id);
            let what = || format!("material `{}`", m.id.get_ref());
            refs.push(("form", m.form.get_ref().clone(), cx.here(&m.form)));
            for s in &m.sources {
                refs.push(("source", s.get_ref().clone(), cx.here(s)));
            }
            if *m.count.get_ref() == 0 {
                cx.report_here(&m.count, format!("{}: count must be at least 1", what()));
            }
            let when = m.when.map(|c| {
                let model = convert(c.get_ref());
                conds.push((i, c.into_inner(), None));
                model
            });
            cx.hedges();
            let name = cx.text(m.name, &what);
            let needed = cx.text(m.needed, &what);
            hedges.insert(("material", m.id.get_ref().clone()), cx.hedges());
            let loc = cx.here(&m.id);
            let mm = model::Material {
                id: m.id.into_inner(),
                name,
                form: m.form.into_inner(),
                count: m.count.into_inner(),
                needed,
                sources: m.sources.into_iter().map(Spanned::into_inner).collect(),
                when,
            };
            materials.insert(mm.id.clone(), (mm, loc));
        }
        for n in doc.note {
            dup(&mut cx, "note", &n.id);
            let what = || format!("note `{}`", n.id.get_ref());
            for s in &n.sources {
                refs.push(("source", s.get_ref().clone(), cx.here(s)));
            }
            let when = n.when.map(|c| {
                let model = convert(c.get_ref());
                conds.push((i, c.into_inner(), None));
                model
            });
            cx.hedges();
            let title = cx.text(n.title, &what);
            let body = cx.text(n.body, &what);
            hedges.insert(("note", n.id.get_ref().clone()), cx.hedges());
            let loc = cx.here(&n.id);
            let nn = model::Note {
                id: n.id.into_inner(),
                title,
                body,
                sources: n.sources.into_iter().map(Spanned::into_inner).collect(),
                when,
            };
            notes.insert(nn.id.clone(), (nn, loc));
        }
        for s in doc.source {
            dup(&mut cx, "source", &s.id);
            let what = || format!("source `{}`", s.id.get_ref());
            refs.push((
                "confidence",
                s.confidence.get_ref().clone(),
                cx.here(&s.confidence),
            ));
            if let Some(u) = &s.url {
                cx.no_controls(u, &|| format!("the url of {}", what()));
            }
            if let Some(u) = &s.url
                && !u.get_ref().starts_with("https://")
                && !u.get_ref().starts_with("http://")
            {
                cx.report_here(
                    u,
                    format!("{}: the url must start with https:// or http://", what()),
                );
            }
            cx.hedges();
            let title = cx.text(s.title, &what);
            hedges.insert(("source", s.id.get_ref().clone()), cx.hedges());
            let loc = cx.here(&s.id);
            let ss = model::Source {
                id: s.id.into_inner(),
                title,
                url: s.url.map(Spanned::into_inner),
                confidence: s.confidence.into_inner(),
            };
            sources.insert(ss.id.clone(), (ss, loc));
        }
        for f in doc.fact {
            dup(&mut cx, "fact", &f.id);
            let fid = f.id.get_ref().clone();
            let what = || format!("regional fact `{fid}`");
            cx.hedges();
            let text = cx.text(f.text, &what);
            let phone = f.phone.map(|p| cx.text(p, &what));
            hedges.insert(("fact", facts.len().to_string()), cx.hedges());
            refs.push(("source", f.source.get_ref().clone(), cx.here(&f.source)));
            if !["high", "medium"].contains(&f.confidence.get_ref().as_str()) {
                cx.report_here(
                    &f.confidence,
                    format!(
                        "{}: confidence must be `high` or `medium`; a fact only a weaker source states stays out of the content",
                        what()
                    ),
                );
            }
            let day = |cx: &mut Ctx, d: &Spanned<String>, name: &str, month_ok: bool| {
                let s = d.get_ref();
                let ok = Date::parse(s).is_some()
                    || (month_ok && s.len() == 7 && Date::parse(&format!("{s}-01")).is_some());
                if !ok {
                    let form = if month_ok {
                        "YYYY-MM-DD or YYYY-MM"
                    } else {
                        "YYYY-MM-DD"
                    };
                    cx.report_here(
                        d,
                        format!("{}: `{name}` must be a date written {form}", what()),
                    );
                }
            };
            day(&mut cx, &f.checked, "checked", false);
            if let Some(d) = &f.source_date {
                day(&mut cx, d, "source_date", true);
            }
            if let Some(s) = &f.since {
                day(&mut cx, s, "since", true);
            }
            let replaces = f.replaces.iter().filter_map(|r| {
                let (kind, id) = r.get_ref().split_once(':').unwrap_or(("", ""));
                let kind = match kind {
                    "step" => model::BlockKind::Step,
                    "note" => model::BlockKind::Note,
                    "text" => model::BlockKind::Text,
                    _ => {
                        cx.report_here(
                            r,
                            format!(
                                "{}: `replaces` names a national block as `step:ID`, `note:ID` or `text:ID`",
                                what()
                            ),
                        );
                        return None;
                    }
                };
                let name = match kind {
                    model::BlockKind::Step => "step",
                    model::BlockKind::Note => "note",
                    model::BlockKind::Text => "text",
                };
                refs.push((name, id.to_owned(), cx.here(r)));
                Some((kind, id.to_owned()))
            }).collect();
            fact_locs.push((
                f.province.get_ref().clone(),
                cx.here(&f.province),
                cx.here(&f.checked),
                cx.here(&f.when),
            ));
            let mut looks = Vec::new();
            convert(f.when.get_ref()).questions(&mut looks);
            if !looks
                .iter()
                .any(|q| q == "from_province" || q == "to_province")
            {
                cx.report_here(
                    &f.when,
                    format!(
                        "{}: its `when` must look at `from_province` or `to_province`, or it would be shown in every province",
                        what()
                    ),
                );
            }
            let when = convert(f.when.get_ref());
            conds.push((i, f.when.into_inner(), None));
            facts.push(model::Fact {
                id: fid.clone(),
                province: f.province.into_inner(),
                when,
                text,
                replaces,
                since: f.since.map(Spanned::into_inner),
                source: f.source.into_inner(),
                source_date: f.source_date.map(Spanned::into_inner),
                checked: f.checked.into_inner(),
                confidence: f.confidence.into_inner(),
                phone,
            });
        }
        for (k, t) in doc.ui {
            if dup(&mut cx, "ui string", &k) {
                continue;
            }
            cx.hedges();
            let text = cx.text(t, &|| format!("ui string `{}`", k.get_ref()));
            hedges.insert(("ui", k.get_ref().clone()), cx.hedges());
            ui.insert(k.into_inner(), text);
        }
        if let Some(t) = doc.speak {
            let tables = [
                ("zh", "speak.zh phrase", t.zh, &mut speak.zh),
                ("en", "speak.en phrase", t.en, &mut speak.en),
            ];
            for (lang, kind, table, into) in tables {
                for (phrase, said) in table {
                    if !dup(&mut cx, kind, &phrase)
                        && let Some(pair) = spoken_form(&mut cx, lang, phrase, said)
                    {
                        into.push(pair);
                    }
                }
            }
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
        file: first_file,
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

    // References, looked up by kind and id.
    let used: HashSet<(&str, &str)> = refs.iter().map(|(k, id, _)| (*k, id.as_str())).collect();
    let defined: HashSet<(&str, &str)> = (materials.keys().map(|id| ("material", id.as_str())))
        .chain(texts.keys().map(|id| ("text", id.as_str())))
        .chain(checks.keys().map(|id| ("check", id.as_str())))
        .chain(steps.keys().map(|id| ("step", id.as_str())))
        .chain(notes.keys().map(|id| ("note", id.as_str())))
        .chain(sources.keys().map(|id| ("source", id.as_str())))
        .collect();
    for (kind, id, loc) in &refs {
        if LABELLED.contains(kind) {
            // Places, forms and confidences are whatever content gives a
            // label: the `place.*`, `form.*` and `confidence.*` ui strings.
            if !ui.contains_key(&format!("{kind}.{id}")) {
                let prefix = format!("{kind}.");
                let valid: Vec<&str> = ui.keys().filter_map(|k| k.strip_prefix(&prefix)).collect();
                cx.report(
                    loc,
                    format!(
                        "unknown {kind} `{id}`: the {kind}s are the `{kind}.*` strings under [ui] (content/ui.toml): {}; use one of them, or add `{kind}.{id} = {{ zh = \"...\", en = \"...\" }}` there to define a new one",
                        valid.join(", ")
                    ),
                );
            }
        } else if !defined.contains(&(kind, id.as_str())) {
            let what = match *kind {
                "text" => "[[text]]",
                "check" => "[[check]]",
                "step" => "[[step]]",
                "material" => "[[material]]",
                "note" => "[[note]]",
                _ => "[[source]]",
            };
            cx.report(
                loc,
                format!("unknown {kind} `{id}`: no {what} block has this id in any content file"),
            );
        }
    }
    for (kind, map) in [
        (
            "material",
            materials.iter().map(|(k, v)| (k, &v.1)).collect::<Vec<_>>(),
        ),
        ("note", notes.iter().map(|(k, v)| (k, &v.1)).collect()),
        ("text", texts.iter().map(|(k, v)| (k, &v.1)).collect()),
        ("check", checks.iter().map(|(k, v)| (k, &v.1)).collect()),
        ("step", steps.iter().map(|(k, v)| (k, &v.1)).collect()),
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
    // A fact's province is one the province questions offer.
    let provinces: Vec<&str> = defs
        .options
        .get("from_province")
        .map(|o| o.iter().map(|(id, _)| id.as_str()).collect())
        .unwrap_or_default();
    for ((p, loc, _, when_loc), f) in fact_locs.iter().zip(&facts) {
        if provinces.contains(&p.as_str()) && p != "unknown" {
            // The built-in content keeps each province's facts apart, and a
            // command decodes only those of the provinces answered.
            if holds_elsewhere(&f.when, p, &provinces) {
                cx.report(
                    when_loc,
                    format!(
                        "fact `{}` is about `{p}`, but its `when` can hold when neither `from_province` nor `to_province` is `{p}`: require `{p}` in the condition, or give the fact the province it is about",
                        f.id
                    ),
                );
            }
            continue;
        }
        if !provinces.contains(&p.as_str()) || p == "unknown" {
            cx.report(
                loc,
                format!(
                    "unknown province `{p}`: a fact's province is an option of `from_province` (questions.toml){}",
                    if provinces.is_empty() { ", and there is no such question".to_owned() } else { format!(": {}", provinces.join(", ")) }
                ),
            );
        }
    }
    for (file, c, order) in &conds {
        cx.file = *file;
        check_condition(&mut cx, &defs, c, *order);
    }
    let mut warnings = warnings(files, &defs, &conds);
    warnings.extend(stage_warnings(files, &outcomes, &steps));
    warnings.extend(source_warnings(
        files,
        [
            blocks_of("text", &texts, |b| &b.sources),
            blocks_of("step", &steps, |b| &b.sources),
            blocks_of("material", &materials, |b| &b.sources),
            blocks_of("note", &notes, |b| &b.sources),
        ],
    ));
    hedge::one_per_page(
        &mut cx,
        &hedges,
        &outcomes,
        &hedge::Blocks {
            texts: &texts,
            checks: &checks,
            steps: &steps,
            materials: &materials,
            notes: &notes,
        },
        &facts,
    );

    if !cx.diags.is_empty() {
        return Err(cx.diags);
    }
    let mut sites = Sites::default();
    let site = |loc: &Loc| Diagnostic::at(&files[loc.file], loc.span.clone(), "");
    for (q, loc) in &defs.questions {
        sites.questions.insert(q.clone(), site(loc));
    }
    for (q, opts) in &defs.options {
        for (o, loc) in opts {
            sites.options.insert((q.clone(), o.clone()), site(loc));
        }
    }
    for (o, (id_loc, when_loc)) in &defs.outcomes {
        sites
            .outcomes
            .insert(o.clone(), (site(id_loc), site(when_loc)));
    }
    for (f, (_, _, checked, _)) in facts.iter().zip(&fact_locs) {
        sites.facts_checked.insert(f.id.clone(), site(checked));
    }
    Ok(Content {
        meta: meta.expect("reported above when missing"),
        questions,
        outcomes,
        texts: texts.into_iter().map(|(k, v)| (k, v.0)).collect(),
        checks: checks.into_iter().map(|(k, v)| (k, v.0)).collect(),
        steps: steps.into_iter().map(|(k, v)| (k, v.0)).collect(),
        materials: materials.into_iter().map(|(k, v)| (k, v.0)).collect(),
        notes: notes.into_iter().map(|(k, v)| (k, v.0)).collect(),
        sources: sources.into_iter().map(|(k, v)| (k, v.0)).collect(),
        facts,
        ui,
        ui_later: Default::default(),
        calendar,
        speak,
        sites,
        warnings,
    })
}

/// Whether `when` can hold with both province answers other than
/// `province` (whatever the other questions are answered).
fn holds_elsewhere(when: &model::Condition, province: &str, provinces: &[&str]) -> bool {
    let others: Vec<&str> = provinces
        .iter()
        .copied()
        .filter(|p| *p != province)
        .collect();
    others.iter().any(|from| {
        others.iter().any(|to| {
            let answer = |q: &str| match q {
                "from_province" => Some(Some(*from)),
                "to_province" => Some(Some(*to)),
                _ => None,
            };
            when.may_hold(&answer) != Some(false)
        })
    })
}

/// One `[speak]` entry: a spoken form that says something, differs from
/// the phrase, and is checked like any Chinese text.
fn spoken_form(
    cx: &mut Ctx,
    lang: &str,
    phrase: Spanned<String>,
    said: Spanned<String>,
) -> Option<(String, String)> {
    let what = || {
        format!(
            "the spoken form of `{}` in [speak.{lang}]",
            phrase.get_ref()
        )
    };
    if said.get_ref().trim().is_empty() {
        cx.report_here(&said, format!("{} is empty", what()));
        return None;
    }
    if said.get_ref() == phrase.get_ref() {
        cx.report_here(
            &said,
            format!("{} is the phrase itself: remove the line", what()),
        );
        return None;
    }
    if let Some(c) = said.get_ref().chars().find(|c| c.is_control()) {
        cx.report_here(
            &said,
            format!("{} contains a control character {c:?}", what()),
        );
        return None;
    }
    if lang == "zh" {
        cx.chinese(&phrase, &|| {
            format!("the phrase `{}` in [speak.zh]", phrase.get_ref())
        });
        cx.chinese(&said, &what);
    }
    Some((phrase.into_inner(), said.into_inner()))
}

/// What is allowed but probably not meant: a question whose answer no
/// condition looks at, and questions split over files (asked in the order
/// of the file names).
fn warnings(
    files: &[SourceFile],
    defs: &Defs,
    conds: &[(usize, raw::Condition, Option<usize>)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |loc: &Loc, msg: String| Diagnostic::at(&files[loc.file], loc.span.clone(), msg);
    let mut looked_at = Vec::new();
    for (_, c, _) in conds {
        convert(c).questions(&mut looked_at);
    }
    for (q, loc) in &defs.questions {
        if !looked_at.contains(q) {
            out.push(at(
                loc,
                format!(
                    "question `{q}` is asked, but no `when` or `ask_if` looks at its answer, so it changes nothing a person is told: use it in a condition, or remove it"
                ),
            ));
        }
    }
    let mut question_files: Vec<usize> = defs.questions.iter().map(|(_, l)| l.file).collect();
    question_files.dedup();
    if question_files.len() > 1 {
        let names: Vec<&str> = question_files
            .iter()
            .map(|&f| files[f].name.as_str())
            .collect();
        let order: Vec<&str> = defs.questions.iter().map(|(q, _)| q.as_str()).collect();
        let first_of_second = defs
            .questions
            .iter()
            .find(|(_, l)| l.file == question_files[1])
            .map(|(_, l)| l.clone())
            .expect("a question in the second file");
        out.push(at(
            &first_of_second,
            format!(
                "questions are defined in {} files ({}): they are asked in the order of the file names, then in the order within each file: {}. Keep them in one file, or name the files so that they sort in the order you want",
                names.len(),
                names.join(", "),
                order.join(", ")
            ),
        ));
    }
    out
}

/// A step without a `stage` in an outcome whose other steps have one: the
/// steps page shows it under the stage of the step before it, which may
/// not be when it happens. Once per step, naming the outcomes.
fn stage_warnings(
    files: &[SourceFile],
    outcomes: &[model::Outcome],
    steps: &BTreeMap<String, (model::Step, Loc)>,
) -> Vec<Diagnostic> {
    let mut lacking: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for o in outcomes {
        let of = |id: &String| steps.get(id).map(|(s, _)| s);
        if !o.steps.iter().filter_map(of).any(|s| s.stage.is_some()) {
            continue;
        }
        for s in o.steps.iter().filter_map(of).filter(|s| s.stage.is_none()) {
            lacking.entry(&s.id).or_default().push(&o.id);
        }
    }
    lacking
        .into_iter()
        .map(|(id, outcomes)| {
            let loc = &steps[id].1;
            Diagnostic::at(
                &files[loc.file],
                loc.span.clone(),
                format!(
                    "step `{id}` has no `stage`, but other steps of outcome {} have one: the steps page shows it under the stage of the step before it; give it `stage = {{ zh = \"...\", en = \"...\" }}`",
                    outcomes
                        .iter()
                        .map(|o| format!("`{o}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
        .collect()
}

type Unsourced<'a> = (&'static str, Vec<(&'a str, &'a Loc)>);

/// The blocks of one kind that name no source.
fn blocks_of<'a, B>(
    kind: &'static str,
    blocks: &'a BTreeMap<String, (B, Loc)>,
    sources: impl Fn(&B) -> &Vec<String>,
) -> Unsourced<'a> {
    let bare = blocks
        .iter()
        .filter(|(_, (b, _))| sources(b).is_empty())
        .map(|(id, (_, loc))| (id.as_str(), loc))
        .collect();
    (kind, bare)
}

/// A text, step, material or note that names no source: what it tells a
/// person cannot be checked. (A check is the person's own situation, so
/// it may name none.) One warning per block, at its id.
fn source_warnings<'a>(
    files: &[SourceFile],
    kinds: impl IntoIterator<Item = Unsourced<'a>>,
) -> Vec<Diagnostic> {
    kinds
        .into_iter()
        .flat_map(|(kind, bare)| {
            bare.into_iter().map(move |(id, loc)| {
                Diagnostic::at(
                    &files[loc.file],
                    loc.span.clone(),
                    format!(
                        "{kind} `{id}` names no sources: list where its facts come from, `sources = [\"...\"]` with [[source]] ids, and hedge what only a weak source says"
                    ),
                )
            })
        })
        .collect()
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
                .map(|(q, v)| (q.get_ref().as_str().into(), v.get_ref().as_str().into()))
                .collect(),
        ),
        raw::Condition::In(m) => model::Condition::In(
            m.iter()
                .map(|(q, vs)| {
                    (
                        q.get_ref().as_str().into(),
                        vs.iter().map(|v| v.get_ref().as_str().into()).collect(),
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
