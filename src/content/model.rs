//! The validated content: what the engine and the faces use. Built only by
//! `content::parse`, after the file checks found nothing wrong, so every reference in
//! here resolves.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;

use super::diag::Diagnostic;
pub use super::strings::Sym;

/// The two languages every text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// A text in both languages. The built-in content's texts borrow from the
/// binary (see `strings`); a folder's own them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub zh: Sym,
    pub en: Sym,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub version: String,
    pub updated: String,
    pub title: Text,
    pub disclaimer: Text,
}

/// A closed, declarative condition over answers (question id -> option id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    Equals(Vec<(Sym, Sym)>),
    In(Vec<(Sym, Vec<Sym>)>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    /// Evaluates against the answers given; a question not answered matches
    /// no value.
    pub fn holds<'a>(&self, answer: &dyn Fn(&str) -> Option<&'a str>) -> bool {
        match self {
            Condition::Equals(pairs) => pairs.iter().all(|(q, v)| answer(q) == Some(v.as_str())),
            Condition::In(sets) => sets
                .iter()
                .all(|(q, vs)| answer(q).is_some_and(|a| vs.iter().any(|v| v == a))),
            Condition::All(cs) => cs.iter().all(|c| c.holds(answer)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(answer)),
            Condition::Not(c) => !c.holds(answer),
        }
    }

    /// Evaluates while some answers are not known yet: `answer` gives
    /// `None` for a question whose answer is still to come, `Some(None)` for
    /// one that will never be answered. The result is `None` when the
    /// answers still to come decide it.
    pub fn may_hold<'a>(&self, answer: &dyn Fn(&str) -> Option<Option<&'a str>>) -> Option<bool> {
        let all = |xs: &mut dyn Iterator<Item = Option<bool>>| {
            let mut result = Some(true);
            for x in xs {
                match x {
                    Some(false) => return Some(false),
                    None => result = None,
                    Some(true) => {}
                }
            }
            result
        };
        match self {
            Condition::Equals(pairs) => all(&mut pairs
                .iter()
                .map(|(q, v)| answer(q).map(|a| a == Some(v.as_str())))),
            Condition::In(sets) => all(&mut sets
                .iter()
                .map(|(q, vs)| answer(q).map(|a| a.is_some_and(|a| vs.iter().any(|v| v == a))))),
            Condition::All(cs) => all(&mut cs.iter().map(|c| c.may_hold(answer))),
            Condition::Any(cs) => {
                all(&mut cs.iter().map(|c| c.may_hold(answer).map(|b| !b))).map(|b| !b)
            }
            Condition::Not(c) => c.may_hold(answer).map(|b| !b),
        }
    }

    /// Question ids this condition looks at.
    pub fn questions(&self, out: &mut Vec<String>) {
        match self {
            Condition::Equals(pairs) => out.extend(pairs.iter().map(|(q, _)| q.to_string())),
            Condition::In(sets) => out.extend(sets.iter().map(|(q, _)| q.to_string())),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.questions(out)),
            Condition::Not(c) => c.questions(out),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub title: Text,
    pub help: Text,
    pub ask_if: Option<Condition>,
    /// When a condition holds, the question is not asked and takes the
    /// option given (in order; the first that holds wins).
    pub assume: Vec<(Condition, String)>,
    /// The options that listing every path goes through (absent: all).
    pub explore: Option<Vec<String>>,
    pub options: Vec<Choice>,
}

impl Question {
    pub fn option(&self, id: &str) -> Option<&Choice> {
        self.options.iter().find(|o| o.id == id)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: Text,
    pub help: Option<Text>,
    /// Offered only when this holds.
    pub when: Option<Condition>,
    /// Letters typed to find it (pinyin initials), lowercase; may be empty.
    pub keys: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outcome {
    pub id: String,
    pub when: Condition,
    pub title: Text,
    pub summary: Text,
    pub place: String,
    pub working_days: Option<u32>,
    /// When the finish-by date applies (absent: always).
    pub finish_by_when: Option<Condition>,
    /// Ids of `texts` blocks.
    pub time_limit: Vec<String>,
    pub fee: Vec<String>,
    pub personal_account: Vec<String>,
    pub waiting_period: Vec<String>,
    /// Ids of `checks` blocks.
    pub checks: Vec<String>,
    /// Ids of `steps` blocks, in order.
    pub steps: Vec<String>,
    pub materials: Vec<String>,
    pub notes: Vec<String>,
    pub sources: Vec<String>,
}

/// A shared text or a check.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Block {
    pub id: String,
    pub text: Text,
    /// Where its facts come from: `sources` ids.
    pub sources: Vec<String>,
    pub when: Option<Condition>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub title: Text,
    pub body: Text,
    /// Where its facts come from: `sources` ids.
    pub sources: Vec<String>,
    pub place: String,
    pub when: Option<Condition>,
    /// The hall window that serves it in person: one of `WINDOWS`.
    pub window: Option<String>,
    /// The person is asked to call an office first.
    pub call: bool,
    /// The time limit runs from this step: the finish-by date goes on it.
    pub clock: bool,
    /// When the step happens ("离职时"): steps in a row with the same
    /// stage make one phase of the timeline.
    pub stage: Option<Text>,
}

/// The kinds of service-hall window a step can name: 转移接续, 异地就医备案,
/// 参保登记.
pub const WINDOWS: [&str; 3] = ["transfer", "filing", "enrol"];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Material {
    pub id: String,
    pub name: Text,
    pub form: String,
    pub count: u32,
    pub needed: Text,
    /// Where its facts come from: `sources` ids.
    pub sources: Vec<String>,
    pub when: Option<Condition>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Note {
    pub id: String,
    pub title: Text,
    pub body: Text,
    pub sources: Vec<String>,
    pub when: Option<Condition>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: Text,
    pub url: Option<String>,
    pub confidence: String,
}

/// The kind of national block a regional fact replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockKind {
    Step,
    Note,
    Text,
}

/// A checked fact about one province (`content/regions/`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fact {
    pub id: String,
    pub province: String,
    pub when: Condition,
    pub text: Text,
    pub replaces: Vec<(BlockKind, String)>,
    pub since: Option<String>,
    pub source: String,
    pub source_date: Option<String>,
    pub checked: String,
    pub confidence: String,
    /// The province's helpline, where the source gives one.
    pub phone: Option<Text>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Content {
    pub meta: Meta,
    pub questions: Vec<Question>,
    pub outcomes: Vec<Outcome>,
    pub texts: BTreeMap<String, Block>,
    pub checks: BTreeMap<String, Block>,
    pub steps: BTreeMap<String, Step>,
    pub materials: BTreeMap<String, Material>,
    pub notes: BTreeMap<String, Note>,
    pub sources: BTreeMap<String, Source>,
    /// Regional facts, in file order.
    pub facts: Vec<Fact>,
    pub ui: BTreeMap<String, Text>,
    /// UI strings of the built-in content still encoded, each decoded when
    /// first asked for (see [`Content::ui`]): a command shows few of them.
    #[serde(skip)]
    pub ui_later: UiLater,
    pub calendar: Calendar,
    /// Spoken forms for phrases a voice gets wrong (`[speak.zh]`, `[speak.en]`).
    pub speak: Speak,
    /// Where ids were defined, for messages about the flow as a whole.
    pub sites: Sites,
    /// What `check` points out without failing: allowed, but probably not
    /// what the maintainer meant.
    pub warnings: Vec<Diagnostic>,
}

/// Phrase -> spoken form, per language: what a voice says instead of a
/// phrase it reads wrongly (银行 read yín xíng, 重庆 read zhòng qìng).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speak {
    pub zh: Vec<(String, String)>,
    pub en: Vec<(String, String)>,
}

impl Speak {
    pub fn get(&self, lang: Lang) -> &[(String, String)] {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Where each question, option and outcome was written: a located message
/// with no text yet, for the path audit to fill in.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Sites {
    pub questions: BTreeMap<String, Diagnostic>,
    pub options: BTreeMap<(String, String), Diagnostic>,
    /// The outcome's id and its `when`.
    pub outcomes: BTreeMap<String, (Diagnostic, Diagnostic)>,
    /// Each regional fact's `checked` date.
    pub facts_checked: BTreeMap<String, Diagnostic>,
}

impl Sites {
    /// A message at a recorded site; at the start of the content when the
    /// site is unknown (content built by hand).
    pub fn message(site: Option<&Diagnostic>, message: String) -> Diagnostic {
        let mut d = site.cloned().unwrap_or_else(|| Diagnostic {
            file: "content".into(),
            line: 1,
            column: 1,
            message: String::new(),
            excerpt: String::new(),
            underline: (0, 1),
        });
        d.message = message;
        d
    }
}

impl Content {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }

    /// A UI string; the key itself if content lacks it (check rejects that).
    pub fn ui<'a>(&'a self, key: &'a str, lang: Lang) -> &'a str {
        self.ui_text(key).map_or(key, |t| t.get(lang))
    }

    /// A UI string in both languages, if content has it. Every lookup goes
    /// through here, never through `ui` itself: the built-in content's
    /// strings are in `ui_later` until decoded.
    pub fn ui_text(&self, key: &str) -> Option<&Text> {
        self.ui.get(key).or_else(|| self.ui_later.get(key))
    }
}

/// UI strings still encoded (key -> the `Text` in postcard form, sorted by
/// key), decoded one by one on first use and then kept.
#[derive(Debug, Clone, Default)]
pub struct UiLater(Vec<LaterText>);

/// A key, its text encoded, and the text once decoded (`None` if the bytes
/// do not decode, which the build rules out).
type LaterText = (&'static str, &'static [u8], OnceLock<Option<Text>>);

impl UiLater {
    /// `entries` must be sorted by key, as a `BTreeMap` iterates.
    pub fn new(entries: Vec<(&'static str, &'static [u8])>) -> UiLater {
        UiLater(
            entries
                .into_iter()
                .map(|(k, b)| (k, b, OnceLock::new()))
                .collect(),
        )
    }

    fn get(&self, key: &str) -> Option<&Text> {
        let i = self.0.binary_search_by(|(k, _, _)| (*k).cmp(key)).ok()?;
        let (_, bytes, text) = &self.0[i];
        text.get_or_init(|| postcard::from_bytes(bytes).ok())
            .as_ref()
    }
}

/// A compact form for maintainers: `insurance=employee & !(reason=retirement)`.
impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let join = |f: &mut std::fmt::Formatter<'_>, parts: &[String], sep: &str| {
            if parts.len() > 1 {
                write!(f, "({})", parts.join(sep))
            } else {
                write!(f, "{}", parts.join(sep))
            }
        };
        match self {
            Condition::Equals(pairs) => {
                let p: Vec<String> = pairs.iter().map(|(q, v)| format!("{q}={v}")).collect();
                join(f, &p, " & ")
            }
            Condition::In(sets) => {
                let p: Vec<String> = sets
                    .iter()
                    .map(|(q, vs)| format!("{q}={}", vs.join("|")))
                    .collect();
                join(f, &p, " & ")
            }
            Condition::All(cs) => join(
                f,
                &cs.iter().map(ToString::to_string).collect::<Vec<_>>(),
                " & ",
            ),
            Condition::Any(cs) => join(
                f,
                &cs.iter().map(ToString::to_string).collect::<Vec<_>>(),
                " | ",
            ),
            Condition::Not(c) => write!(f, "!{c}"),
        }
    }
}
