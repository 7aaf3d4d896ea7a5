//! The TOML files as written by a content maintainer, with source spans kept
//! on every id and reference so that `check` can point at file:line:column.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

pub type Id = Spanned<String>;

/// One `content/*.toml` file. Every file has the same shape; a section may
/// appear in any file, and the files are merged.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub meta: Option<Spanned<Meta>>,
    #[serde(default)]
    pub question: Vec<Question>,
    #[serde(default)]
    pub outcome: Vec<Outcome>,
    #[serde(default)]
    pub text: Vec<TextBlock>,
    #[serde(default)]
    pub check: Vec<TextBlock>,
    #[serde(default)]
    pub step: Vec<Step>,
    #[serde(default)]
    pub material: Vec<Material>,
    #[serde(default)]
    pub note: Vec<Note>,
    #[serde(default)]
    pub source: Vec<Source>,
    #[serde(default)]
    pub ui: BTreeMap<Id, Text>,
    #[serde(default)]
    pub calendar: Vec<CalendarYear>,
    /// Checked regional facts (`content/regions/*.toml`).
    #[serde(default)]
    pub fact: Vec<Fact>,
    /// Spoken forms: `[speak.zh]` and `[speak.en]` tables of
    /// "phrase" = "what the voice says".
    pub speak: Option<Speak>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speak {
    #[serde(default)]
    pub zh: BTreeMap<Id, Spanned<String>>,
    #[serde(default)]
    pub en: BTreeMap<Id, Spanned<String>>,
}

/// A bilingual text: `{ zh = "...", en = "..." }`. Both halves are optional
/// here so that `check` can report a missing translation with its place.
pub type Text = Spanned<TextRaw>;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextRaw {
    pub zh: Option<Spanned<String>>,
    pub en: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub version: Spanned<String>,
    pub updated: Spanned<String>,
    pub title: Text,
    pub disclaimer: Text,
}

/// Read by hand rather than derived, so that a table with two operators or
/// an unknown one gets a message a maintainer can act on.
#[derive(Debug, Clone)]
pub enum Condition {
    /// Every listed question has the given answer.
    Equals(BTreeMap<Id, Id>),
    /// Every listed question has one of the given answers.
    In(BTreeMap<Id, Vec<Id>>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: Id,
    pub title: Text,
    pub help: Text,
    /// Ask only when this holds; absent means always ask.
    pub ask_if: Option<Spanned<Condition>>,
    /// Answers that follow from others: when a rule's `when` holds, the
    /// question is not asked and takes the rule's option.
    #[serde(default)]
    pub assume: Vec<Assume>,
    /// The options that listing every path (`walks`, the golden file, the
    /// booklet) goes through; absent means all. For questions with many
    /// options that change only a few details (the provinces): the check
    /// still looks at every option.
    pub explore: Option<Vec<Id>>,
    #[serde(rename = "option")]
    pub options: Vec<Choice>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assume {
    pub when: Spanned<Condition>,
    pub option: Id,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: Id,
    pub label: Text,
    pub help: Option<Text>,
    /// Offer this option only when this holds; absent means always.
    pub when: Option<Spanned<Condition>>,
    /// Letters that find the option by typing (pinyin initials: `gd` for
    /// 广东); lowercase a-z.
    pub keys: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub id: Id,
    pub when: Spanned<Condition>,
    pub title: Text,
    pub summary: Text,
    /// Where the person mainly deals with the case.
    pub place: Id,
    /// Working days the offices may take at most, when the rule sets it.
    pub working_days: Option<Spanned<u32>>,
    /// The finish-by date is shown only when this holds (absent: always),
    /// e.g. only to people ready to apply.
    pub finish_by_when: Option<Spanned<Condition>>,
    /// The `[[text]]` blocks for each part, by id: shown are those whose
    /// `when` holds, in this order.
    pub time_limit: Vec<Id>,
    pub fee: Vec<Id>,
    pub personal_account: Vec<Id>,
    pub waiting_period: Vec<Id>,
    /// `[[check]]` blocks, by id.
    #[serde(default)]
    pub checks: Vec<Id>,
    /// `[[step]]` blocks, by id, in order.
    pub steps: Vec<Id>,
    #[serde(default)]
    pub materials: Vec<Id>,
    #[serde(default)]
    pub notes: Vec<Id>,
    pub sources: Vec<Id>,
}

/// A shared text (`[[text]]`) or a check (`[[check]]`): one place for a
/// sentence that several outcomes show.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextBlock {
    pub id: Id,
    pub text: Text,
    /// `[[source]]` ids: where the facts of this block come from. The
    /// route lists them when it shows the block.
    #[serde(default)]
    pub sources: Vec<Id>,
    /// Shown only when this holds; absent means always.
    pub when: Option<Spanned<Condition>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: Id,
    pub title: Text,
    pub body: Text,
    /// `[[source]]` ids: where the facts of this block come from. The
    /// route lists them when it shows the block.
    #[serde(default)]
    pub sources: Vec<Id>,
    pub place: Id,
    /// Shown only when this holds; absent means always.
    pub when: Option<Spanned<Condition>>,
    /// Which window of a service hall serves this step when it is done in
    /// person: `transfer` (转移接续), `filing` (异地就医备案) or `enrol`
    /// (参保登记). A kiosk that knows its hall names the window.
    pub window: Option<Id>,
    /// The step asks the person to call an office first: a kiosk shows a
    /// number with it.
    #[serde(default)]
    pub call: bool,
    /// The time limit runs from this step (the offices' work after the
    /// application is accepted): the finish-by date is shown on it.
    #[serde(default)]
    pub clock: bool,
    /// When the step happens, in the person's time ("离职时",
    /// "入职后30天内"): the steps page groups the steps by it and lists
    /// the stages at the top.
    pub stage: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub id: Id,
    pub name: Text,
    /// One of the `form.*` ids: original, copy, electronic, original-or-electronic.
    pub form: Id,
    pub count: Spanned<u32>,
    pub needed: Text,
    /// `[[source]]` ids: where the facts of this block come from. The
    /// route lists them when it shows the block.
    #[serde(default)]
    pub sources: Vec<Id>,
    /// Needed only when this holds; absent means always.
    pub when: Option<Spanned<Condition>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: Id,
    pub title: Text,
    pub body: Text,
    #[serde(default)]
    pub sources: Vec<Id>,
    /// Shown only when this holds; absent means always.
    pub when: Option<Spanned<Condition>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: Id,
    pub title: Text,
    pub url: Option<Spanned<String>>,
    /// high, medium or low.
    pub confidence: Id,
}

/// A checked fact about one province: added to the route where its `when`
/// holds, or in place of a national block (`replaces`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: Id,
    /// An option id of `from_province` / `to_province`.
    pub province: Id,
    pub when: Spanned<Condition>,
    pub text: Text,
    /// `step:ID`, `note:ID` or `text:ID`: the national blocks this fact
    /// stands in for, for its province.
    #[serde(default)]
    pub replaces: Vec<Spanned<String>>,
    /// The day a fast-changing rule took effect, YYYY-MM-DD.
    pub since: Option<Spanned<String>>,
    /// A `[[source]]` id.
    pub source: Id,
    /// The date of the source, YYYY-MM-DD (or YYYY-MM); left out when the
    /// source gives none (the fact then says so).
    pub source_date: Option<Spanned<String>>,
    /// When someone last checked it against the source, YYYY-MM-DD.
    pub checked: Spanned<String>,
    /// high or medium: nothing weaker goes in.
    pub confidence: Id,
    /// The province's helpline for transfers, as the source gives it:
    /// shown with the steps that ask the person to call.
    pub phone: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    pub year: Spanned<i32>,
    pub source: Spanned<String>,
    /// Days off: "2026-10-01" or a range "2026-10-01..2026-10-07".
    pub off: Vec<Spanned<String>>,
    /// Weekend days that are working days (调休上班).
    #[serde(default)]
    pub work: Vec<Spanned<String>>,
}

const OPERATORS: &str = "`equals`, `in`, `all`, `any` or `not`";

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Condition;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "a condition: a table with one of {OPERATORS}")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Condition, A::Error> {
                use serde::de::Error;
                let Some(op) = map.next_key::<String>()? else {
                    return Err(A::Error::custom(format!(
                        "an empty condition: write one of {OPERATORS}, e.g. `{{ equals = {{ insurance = \"employee\" }} }}`"
                    )));
                };
                let c = match op.as_str() {
                    "equals" => Condition::Equals(map.next_value()?),
                    "in" => Condition::In(map.next_value()?),
                    "all" => Condition::All(map.next_value()?),
                    "any" => Condition::Any(map.next_value()?),
                    "not" => Condition::Not(map.next_value()?),
                    other => {
                        return Err(A::Error::custom(format!(
                            "unknown condition `{other}`: a condition is one of {OPERATORS}"
                        )));
                    }
                };
                if let Some(second) = map.next_key::<String>()? {
                    return Err(A::Error::custom(format!(
                        "one condition table holds two operators, `{op}` and `{second}`: a table takes exactly one; to require both, write `all = [ {{ {op} = ... }}, {{ {second} = ... }} ]`"
                    )));
                }
                Ok(c)
            }
        }
        d.deserialize_map(V)
    }
}
