//! The UI strings the faces use; `check` rejects content that lacks one.
//! `place.*`, `form.*` and `confidence.*` labels are checked separately.

pub const UI_KEYS: &[&str] = &[
    "finish.estimated",
    "heading.answers",
    "heading.overview",
    "heading.checks",
    "heading.steps",
    "heading.step",
    "heading.materials",
    "heading.time",
    "heading.notes",
    "heading.sources",
    "heading.final",
    "label.place",
    "label.time_limit",
    "label.finish_by",
    "label.fee",
    "label.personal_account",
    "label.waiting_period",
    "label.version",
    "label.updated",
    "label.copies",
    "label.needed",
];
