//! An outcome with every text in one language and the materials that apply
//! to these answers: what a person is told.

use serde::Serialize;

use super::{Answers, selected, settle};
use crate::calendar::Date;
use crate::content::{BlockKind, Content, Fact, Lang, Outcome};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Resolved {
    pub lang: &'static str,
    pub answers: Vec<AnswerShown>,
    /// Questions not asked on this path because the answer follows from
    /// others (`assume` in content).
    pub assumed: Vec<AnswerShown>,
    /// Questions not asked on this path at all: an answer given for one of
    /// them is ignored.
    pub skipped: Vec<String>,
    pub outcome: String,
    pub title: String,
    pub summary: String,
    pub place: Labelled,
    pub time_limit: String,
    pub working_days: Option<u32>,
    /// When the offices' time limit ends if the person applies on the
    /// given day.
    pub finish_by: Option<FinishBy>,
    pub fee: String,
    pub personal_account: String,
    pub waiting_period: String,
    pub checks: Vec<String>,
    /// The ids of the checks, in the order of `checks`.
    pub check_ids: Vec<String>,
    pub steps: Vec<StepShown>,
    pub materials: Vec<MaterialShown>,
    pub notes: Vec<NoteShown>,
    /// The checked facts about the provinces answered that hold here,
    /// those that stand in for a national block included (`replaces`).
    pub regional: Vec<RegionalShown>,
    /// A sentence for each province answered that has no checked fact.
    pub regional_none: Vec<String>,
    pub sources: Vec<SourceShown>,
    pub content_version: String,
    pub updated: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Labelled {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AnswerShown {
    pub question: String,
    pub question_title: String,
    pub option: String,
    pub option_label: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FinishBy {
    /// The day of applying and the finish-by day, as YYYY-MM-DD.
    pub applied: String,
    pub date: String,
    /// "预计12月16日前办结": the date alone, for a QR code.
    pub short: String,
    /// Set when the count runs into a year without a published holiday
    /// calendar: the sentence to show beside the date.
    pub estimate_note: Option<String>,
    /// The whole sentence to show, with the note when there is one.
    pub sentence: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StepShown {
    pub id: String,
    pub title: String,
    pub body: String,
    pub place: Labelled,
    /// What the wizard adds to the step: the window, at a kiosk that knows
    /// its hall; the number to call. Empty from [`resolve`]; the wizard
    /// fills it in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub at_hall: Vec<String>,
    /// The time limit runs from this step: the finish-by date goes on it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub clock: bool,
    /// When the step happens ("离职时"), if content says: steps in a row
    /// with the same stage are one phase of the timeline (see [`stages`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
}

impl Resolved {
    /// The phases of the steps, in order: each stage once for a run of
    /// steps that share it, with the index of the run's first step. Steps
    /// without a stage belong to the phase before them.
    pub fn stages(&self) -> Vec<(usize, &str)> {
        let mut out: Vec<(usize, &str)> = Vec::new();
        for (i, st) in self.steps.iter().enumerate() {
            if let Some(s) = st.stage.as_deref()
                && out.last().is_none_or(|(_, last)| *last != s)
            {
                out.push((i, s));
            }
        }
        out
    }

    /// The stage that starts at step `i`: the step has one and the steps
    /// before it are in another phase (or none).
    pub fn stage_starting(&self, i: usize) -> Option<&str> {
        let here = self.steps.get(i)?.stage.as_deref()?;
        let before = self.steps[..i]
            .iter()
            .rev()
            .find_map(|s| s.stage.as_deref());
        (before != Some(here)).then_some(here)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MaterialShown {
    pub id: String,
    pub name: String,
    pub form: Labelled,
    pub count: u32,
    pub needed: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NoteShown {
    pub id: String,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RegionalShown {
    pub id: String,
    pub province: Labelled,
    pub text: String,
    /// "浙江（2022年9月1日起）：…": the fact as shown in a list.
    pub line: String,
    /// "来源：…（2024年8月，较可靠），核对于2026年12月".
    pub cite: String,
    pub since: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub source_date: Option<String>,
    pub checked: String,
    pub confidence: Labelled,
    /// `step:ID`, `note:ID` or `text:ID`: the blocks it stands in for.
    pub replaces: Vec<String>,
    /// Shown in place of one of those blocks on this route (else it is
    /// listed with the others).
    pub in_place: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceShown {
    /// What cites it on this route: `outcome`, `fact:ID`, `check:ID`,
    /// `step:ID`, `material:ID`, `text:ID` or `note:ID`.
    #[serde(skip)]
    pub cited_by: Vec<String>,
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub confidence: Labelled,
}

fn labelled(content: &Content, prefix: &str, id: &str, lang: Lang) -> Labelled {
    let key = format!("{prefix}.{id}");
    Labelled {
        id: id.to_owned(),
        label: content
            .ui_text(&key)
            .map_or_else(|| id.to_owned(), |t| t.get(lang).to_owned()),
    }
}

/// Puts an outcome into words for these answers. `today` is the day the
/// person would apply, for the finish-by date.
pub fn resolve(
    content: &Content,
    outcome: &Outcome,
    answers: &Answers,
    lang: Lang,
    today: Option<Date>,
) -> Resolved {
    // Settled once: every selection below looks at the same answers.
    let settled = settle(content, answers);
    let kept = &settled.kept;
    let all = &settled.all;
    let shown = |q: &str, o: &str| {
        let q = content.question(q)?;
        let o = q.option(o)?;
        Some(AnswerShown {
            question: q.id.clone(),
            question_title: q.title.get(lang).to_owned(),
            option: o.id.clone(),
            option_label: o.label.get(lang).to_owned(),
        })
    };
    let asked = settled.path(content);
    let answers_shown = asked
        .iter()
        .filter_map(|q| shown(&q.id, kept.get(&q.id)?))
        .collect();
    let assumed_answers = settled.assumed_answers();
    let assumed_shown = assumed_answers
        .iter()
        .filter_map(|(q, o)| shown(q, o))
        .collect();
    let skipped = content
        .questions
        .iter()
        .filter(|q| {
            !asked.iter().any(|a| a.id == q.id) && !assumed_answers.iter().any(|(a, _)| *a == q.id)
        })
        .map(|q| q.id.clone())
        .collect();
    let checks: Vec<_> = selected(&outcome.checks, &content.checks, |c| c.when.as_ref(), all)
        .into_iter()
        .filter_map(|id| content.checks.get(id))
        .collect();
    let notes: Vec<_> = selected(&outcome.notes, &content.notes, |n| n.when.as_ref(), all)
        .into_iter()
        .filter_map(|id| content.notes.get(id))
        .collect();
    let facts = super::facts_for(content, all);
    let regional: Vec<RegionalShown> = facts
        .iter()
        .map(|f| regional_shown(content, f, lang))
        .collect();
    // The fact that stands in for a national block, if one does; which
    // facts did, so that the others are listed.
    let used = std::cell::RefCell::new(vec![false; facts.len()]);
    let instead = |kind: BlockKind, id: &str| {
        let i = facts
            .iter()
            .position(|f| f.replaces.iter().any(|(k, x)| *k == kind && x == id))?;
        used.borrow_mut()[i] = true;
        Some(format!("{}\n{}", regional[i].line, regional[i].cite))
    };
    // The sources of what is shown, in the order first cited: the
    // outcome's own, the regional facts', then those of each block shown
    // (a block a fact stands in for cites the fact's instead).
    let cited = std::cell::RefCell::new(Vec::<(String, Vec<String>)>::new());
    let cite = |by: String, ids: &[String]| {
        let mut c = cited.borrow_mut();
        for id in ids {
            match c.iter_mut().find(|(s, _)| s == id) {
                Some((_, bys)) if !bys.contains(&by) => bys.push(by.clone()),
                Some(_) => {}
                None => c.push((id.clone(), vec![by.clone()])),
            }
        }
    };
    cite("outcome".into(), &outcome.sources);
    for f in &facts {
        cite(format!("fact:{}", f.id), std::slice::from_ref(&f.source));
    }
    for c in &checks {
        cite(format!("check:{}", c.id), &c.sources);
    }
    let text_of = |ids: &[String]| -> String {
        selected(ids, &content.texts, |t| t.when.as_ref(), all)
            .into_iter()
            .filter_map(|id| {
                instead(BlockKind::Text, id).or_else(|| {
                    let t = content.texts.get(id)?;
                    cite(format!("text:{}", t.id), &t.sources);
                    Some(t.text.get(lang).to_owned())
                })
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let steps: Vec<StepShown> = selected(&outcome.steps, &content.steps, |s| s.when.as_ref(), all)
        .into_iter()
        .filter_map(|id| content.steps.get(id))
        .map(|s| StepShown {
            id: s.id.clone(),
            title: s.title.get(lang).to_owned(),
            body: instead(BlockKind::Step, &s.id).unwrap_or_else(|| {
                cite(format!("step:{}", s.id), &s.sources);
                s.body.get(lang).to_owned()
            }),
            place: labelled(content, "place", &s.place, lang),
            at_hall: Vec::new(),
            clock: s.clock,
            stage: s.stage.as_ref().map(|t| t.get(lang).to_owned()),
        })
        .collect();
    let materials: Vec<MaterialShown> = selected(
        &outcome.materials,
        &content.materials,
        |m| m.when.as_ref(),
        all,
    )
    .into_iter()
    .filter_map(|id| content.materials.get(id))
    .map(|m| {
        cite(format!("material:{}", m.id), &m.sources);
        MaterialShown {
            id: m.id.clone(),
            name: m.name.get(lang).to_owned(),
            form: labelled(content, "form", &m.form, lang),
            count: m.count,
            needed: m.needed.get(lang).to_owned(),
        }
    })
    .collect();
    let time_limit = text_of(&outcome.time_limit);
    let fee = text_of(&outcome.fee);
    let personal_account = text_of(&outcome.personal_account);
    let waiting_period = text_of(&outcome.waiting_period);
    let notes_shown: Vec<NoteShown> = notes
        .iter()
        .map(|n| NoteShown {
            id: n.id.clone(),
            title: n.title.get(lang).to_owned(),
            body: instead(BlockKind::Note, &n.id).unwrap_or_else(|| {
                cite(format!("note:{}", n.id), &n.sources);
                n.body.get(lang).to_owned()
            }),
        })
        .collect();
    // A province answered with no checked fact at all, or none for this
    // situation, says so: it never falls silent, and never borrows.
    let regional_none = super::provinces_for(content, all)
        .into_iter()
        .filter(|p| !facts.iter().any(|f| &f.province == p))
        .map(|p| {
            let key = if content.facts.iter().any(|f| f.province == p) {
                "regional.none_here"
            } else {
                "regional.none"
            };
            content
                .ui(key, lang)
                .replace("{province}", &province_label(content, &p, lang))
        })
        .collect();
    let clock = outcome
        .finish_by_when
        .as_ref()
        .is_none_or(|c| c.holds(&|q: &str| all.get(q).map(String::as_str)));
    let finish_by = match (today, outcome.working_days) {
        (Some(day), Some(n)) if clock => Some(finish_by(content, lang, day, n)),
        _ => None,
    };
    Resolved {
        lang: lang.code(),
        answers: answers_shown,
        assumed: assumed_shown,
        skipped,
        outcome: outcome.id.clone(),
        title: outcome.title.get(lang).to_owned(),
        summary: outcome.summary.get(lang).to_owned(),
        place: labelled(content, "place", &outcome.place, lang),
        time_limit,
        working_days: outcome.working_days,
        finish_by,
        fee,
        personal_account,
        waiting_period,
        checks: checks.iter().map(|c| c.text.get(lang).to_owned()).collect(),
        check_ids: checks.iter().map(|c| c.id.clone()).collect(),
        steps,
        materials,
        notes: notes_shown,
        regional: {
            let used = used.borrow();
            regional
                .iter()
                .zip(used.iter())
                .map(|(r, u)| RegionalShown {
                    in_place: *u,
                    ..r.clone()
                })
                .collect()
        },
        regional_none,
        sources: cited
            .into_inner()
            .into_iter()
            .filter_map(|(id, by)| Some((content.sources.get(&id)?, by)))
            .map(|(s, cited_by)| SourceShown {
                cited_by,
                id: s.id.clone(),
                title: s.title.get(lang).to_owned(),
                url: s.url.clone(),
                confidence: labelled(content, "confidence", &s.confidence, lang),
            })
            .collect(),
        content_version: content.meta.version.clone(),
        updated: content.meta.updated.clone(),
    }
}

/// A province's name, as its option of `from_province` says it.
fn province_label(content: &Content, p: &str, lang: Lang) -> String {
    content
        .question("from_province")
        .and_then(|q| q.option(p))
        .map_or_else(|| p.to_owned(), |o| o.label.get(lang).to_owned())
}

/// "2024年3月26日" / "26 Mar 2024", or a month alone ("2024年8月") for a
/// date written YYYY-MM.
fn day_or_month(content: &Content, lang: Lang, s: &str) -> String {
    let month = |m: u32| {
        content
            .ui("date.months", lang)
            .split_whitespace()
            .nth(m as usize - 1)
            .map_or_else(|| m.to_string(), str::to_owned)
    };
    if let Some(d) = Date::parse(s) {
        return content
            .ui("date.day", lang)
            .replace("{year}", &d.year.to_string())
            .replace("{month}", &d.month.to_string())
            .replace("{month_name}", &month(d.month))
            .replace("{day}", &d.day.to_string());
    }
    match Date::parse(&format!("{s}-01")) {
        Some(d) => content
            .ui("date.month", lang)
            .replace("{year}", &d.year.to_string())
            .replace("{month}", &d.month.to_string())
            .replace("{month_name}", &month(d.month)),
        None => s.to_owned(),
    }
}

/// A regional fact in words: its line and where it comes from.
pub fn regional_shown(content: &Content, f: &Fact, lang: Lang) -> RegionalShown {
    let province = Labelled {
        id: f.province.clone(),
        label: province_label(content, &f.province, lang),
    };
    let text = f.text.get(lang).to_owned();
    let since = f.since.as_deref().map(|d| day_or_month(content, lang, d));
    let line = match &since {
        Some(d) => content
            .ui("regional.line_since", lang)
            .replace("{since}", d),
        None => content.ui("regional.line", lang).to_owned(),
    }
    .replace("{province}", &province.label)
    .replace("{text}", &text);
    let source = content.sources.get(&f.source);
    let confidence = labelled(content, "confidence", &f.confidence, lang);
    // The month of checking is what matters to a reader.
    let checked_month = f.checked.get(..7).unwrap_or(&f.checked);
    let title = source.map_or_else(|| f.source.clone(), |s| s.title.get(lang).to_owned());
    let date = f.source_date.as_deref().map_or_else(
        || content.ui("regional.undated", lang).to_owned(),
        |d| day_or_month(content, lang, d),
    );
    // A title that already gives the date ("2022年6月20日发布") is not
    // followed by it again.
    let key = if f.source_date.is_some() && title.contains(&date) {
        "regional.cite_titled"
    } else {
        "regional.cite"
    };
    let cite = content
        .ui(key, lang)
        .replace("{source}", &title)
        .replace("{date}", &date)
        .replace("{confidence}", &confidence.label)
        .replace("{checked}", &day_or_month(content, lang, checked_month));
    RegionalShown {
        id: f.id.clone(),
        province,
        text,
        line,
        cite,
        since: f.since.clone(),
        source: source.map_or_else(|| f.source.clone(), |s| s.title.get(lang).to_owned()),
        url: source.and_then(|s| s.url.clone()),
        source_date: f.source_date.clone(),
        checked: f.checked.clone(),
        confidence,
        replaces: f
            .replaces
            .iter()
            .map(|(k, id)| {
                let kind = match k {
                    BlockKind::Step => "step",
                    BlockKind::Note => "note",
                    BlockKind::Text => "text",
                };
                format!("{kind}:{id}")
            })
            .collect(),
        in_place: false,
    }
}

fn finish_by(content: &Content, lang: Lang, day: Date, n: u32) -> FinishBy {
    let ui = |k: &'static str| content.ui(k, lang);
    let dl = content.calendar.add_working_days(day, n);
    // A year before one the calendar knows is not "not published yet".
    let past = |y: i32| content.calendar.years.keys().any(|k| *k > y);
    let estimate_note = dl.unknown_year.map(|y| {
        let key = if past(y) {
            "finish.estimated_past"
        } else {
            "finish.estimated"
        };
        ui(key).replace("{year}", &y.to_string())
    });
    let line = ui("label.finish_by")
        .replace("{applied}", &date_text(content, lang, day, true))
        .replace("{date}", &date_text(content, lang, dl.date, true));
    let sentence = match &estimate_note {
        Some(note) => ui("finish.with_note").replace("{note}", note),
        None => ui("finish.plain").to_owned(),
    }
    .replace("{text}", &line)
    .replace("{days}", &n.to_string());
    FinishBy {
        applied: day.to_string(),
        date: dl.date.to_string(),
        short: ui("finish.short").replace("{date}", &date_text(content, lang, dl.date, false)),
        estimate_note,
        sentence,
    }
}

/// A date the way people write it: "2026年12月16日（星期三）", or
/// "Wed 16 Dec 2026"; short ("12月16日", "16 Dec") when `long` is false.
pub fn date_text(content: &Content, lang: Lang, d: Date, long: bool) -> String {
    let nth = |key: &str, i: usize, fallback: String| {
        content
            .ui(key, lang)
            .split_whitespace()
            .nth(i)
            .map_or(fallback, str::to_owned)
    };
    let key = if long { "date.long" } else { "date.short" };
    content
        .ui(key, lang)
        .replace("{year}", &d.year.to_string())
        .replace("{month}", &d.month.to_string())
        .replace("{day}", &d.day.to_string())
        .replace(
            "{month_name}",
            &nth("date.months", d.month as usize - 1, d.month.to_string()),
        )
        .replace(
            "{weekday}",
            &nth("date.weekdays", d.weekday() as usize, String::new()),
        )
}
