//! At most one "以当地为准" / "confirm locally" per result page.
//!
//! A person reading a page told to "confirm locally" five times learns
//! nothing from the fifth. Each hedge in the content is found with its
//! place; then, per outcome and per page of the result (overview, steps,
//! materials, notes), the hedges of every block the outcome can show there
//! are added up: an upper bound over its paths (a block's own `when` is
//! not looked at, so no path is walked). Regional facts count for the two
//! provinces with the most of them, as a path names at most two.

use std::collections::{BTreeMap, HashMap};

use super::{Ctx, Loc};
use crate::content::model::{self, BlockKind};

/// The hedges counted, by language: written once per page at most.
pub(super) const HEDGES: &[(&str, &[&str])] = &[
    ("zh", &["以当地为准"]),
    ("en", &["confirm locally", "check locally"]),
];

/// The places of the hedges in one raw string (the TOML source of a
/// quoted text): each phrase where it stands.
pub(super) fn find(lang: &str, raw_src: &str, start: usize) -> Vec<std::ops::Range<usize>> {
    let lower = raw_src.to_ascii_lowercase();
    let mut out = Vec::new();
    for (l, phrases) in HEDGES {
        if *l != lang {
            continue;
        }
        for p in *phrases {
            for (i, _) in lower.match_indices(p) {
                out.push(start + i..start + i + p.len());
            }
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// A hedge: its language and where it stands.
#[derive(Debug, Clone)]
pub(super) struct Hedge {
    pub(super) lang: &'static str,
    pub(super) loc: Loc,
}

/// The hedges of each block that has any, by (kind, id): "text", "check",
/// "step", "material", "note", "outcome", "source", "fact" (by index in
/// the facts), "ui", "meta".
pub(super) type Hedges = HashMap<(&'static str, String), Vec<Hedge>>;

const PAGES: [&str; 4] = ["overview", "steps", "materials", "notes"];

/// The blocks of the content, by id, with where each stands.
pub(super) struct Blocks<'a> {
    pub(super) texts: &'a BTreeMap<String, (model::Block, Loc)>,
    pub(super) checks: &'a BTreeMap<String, (model::Block, Loc)>,
    pub(super) steps: &'a BTreeMap<String, (model::Step, Loc)>,
    pub(super) materials: &'a BTreeMap<String, (model::Material, Loc)>,
    pub(super) notes: &'a BTreeMap<String, (model::Note, Loc)>,
}

/// Reports each hedge past the first that some outcome can show on one
/// page, once per place.
pub(super) fn one_per_page(
    cx: &mut Ctx,
    hedges: &Hedges,
    outcomes: &[model::Outcome],
    blocks: &Blocks,
    facts: &[model::Fact],
) {
    let (steps, notes) = (blocks.steps, blocks.notes);
    let of = |kind: &'static str, id: &str| -> Vec<Hedge> {
        hedges
            .get(&(kind, id.to_owned()))
            .cloned()
            .unwrap_or_default()
    };
    // The most any one of these ui strings says it: one of them is shown.
    let most = |keys: &[&str], times: usize| -> Vec<Hedge> {
        let mut best: Vec<Hedge> = Vec::new();
        for lang in ["zh", "en"] {
            let one = keys
                .iter()
                .map(|k| {
                    of("ui", k)
                        .into_iter()
                        .filter(|h| h.lang == lang)
                        .collect::<Vec<_>>()
                })
                .max_by_key(Vec::len)
                .unwrap_or_default();
            for _ in 0..times {
                best.extend(one.iter().cloned());
            }
        }
        best
    };
    let mut reported: Vec<(usize, usize, &'static str)> = Vec::new();
    for o in outcomes {
        let listed_step = |id: &str| o.steps.iter().any(|s| s == id);
        let listed_note = |id: &str| o.notes.iter().any(|n| n == id);
        let mut pages: [Vec<Hedge>; 4] = Default::default();
        // Overview: what it is, the texts, the checks, and the provinces'
        // sentence when they have no fact.
        pages[0].extend(of("outcome", &o.id));
        for t in o
            .time_limit
            .iter()
            .chain(&o.fee)
            .chain(&o.personal_account)
            .chain(&o.waiting_period)
        {
            pages[0].extend(of("text", t));
        }
        for c in &o.checks {
            pages[0].extend(of("check", c));
        }
        pages[0].extend(most(&["regional.none", "regional.none_here"], 2));
        // Steps: each step, and the phone line on a step that says to call.
        let mut calls = 0;
        for s in &o.steps {
            pages[1].extend(of("step", s));
            calls += usize::from(steps.get(s).is_some_and(|(st, _)| st.call));
        }
        pages[1].extend(most(
            &["hall.call_default", "hall.call_hall", "hall.call_province"],
            calls,
        ));
        for m in &o.materials {
            pages[2].extend(of("material", m));
        }
        pages[2].extend(most(&["materials.hint", "materials.hint_touch"], 1));
        // Notes: each note, the sources with their confidence, the hint,
        // the disclaimer.
        // The sources listed are the outcome's and those of every block
        // it can show.
        let mut cited: Vec<&str> = o.sources.iter().map(String::as_str).collect();
        for n in &o.notes {
            pages[3].extend(of("note", n));
            if let Some((note, _)) = notes.get(n) {
                cited.extend(note.sources.iter().map(String::as_str));
            }
        }
        for t in o
            .time_limit
            .iter()
            .chain(&o.fee)
            .chain(&o.personal_account)
            .chain(&o.waiting_period)
        {
            if let Some((b, _)) = blocks.texts.get(t) {
                cited.extend(b.sources.iter().map(String::as_str));
            }
        }
        for c in &o.checks {
            if let Some((b, _)) = blocks.checks.get(c) {
                cited.extend(b.sources.iter().map(String::as_str));
            }
        }
        for s in &o.steps {
            if let Some((b, _)) = steps.get(s) {
                cited.extend(b.sources.iter().map(String::as_str));
            }
        }
        for m in &o.materials {
            if let Some((b, _)) = blocks.materials.get(m) {
                cited.extend(b.sources.iter().map(String::as_str));
            }
        }
        // A regional fact's source is listed too (any province's: an
        // upper bound, as below).
        cited.extend(facts.iter().map(|f| f.source.as_str()));
        cited.sort_unstable();
        cited.dedup();
        for s in cited {
            pages[3].extend(of("source", s));
        }
        pages[3].extend(most(&["notes.hint", "notes.hint_touch"], 1));
        pages[3].extend(of("meta", "meta"));
        // Regional facts: on the page of the block they stand in for, else
        // listed on the overview; per province, the two that say it most.
        let mut by_province: BTreeMap<&str, [Vec<Hedge>; 4]> = BTreeMap::new();
        for (i, f) in facts.iter().enumerate() {
            let page = if f
                .replaces
                .iter()
                .any(|(k, id)| *k == BlockKind::Step && listed_step(id))
            {
                1
            } else if f
                .replaces
                .iter()
                .any(|(k, id)| *k == BlockKind::Note && listed_note(id))
            {
                3
            } else {
                0
            };
            by_province.entry(&f.province).or_default()[page].extend(of("fact", &i.to_string()));
        }
        for (p, page) in pages.iter_mut().enumerate() {
            for lang in ["zh", "en"] {
                let mut counts: Vec<Vec<Hedge>> = by_province
                    .values()
                    .map(|v| v[p].iter().filter(|h| h.lang == lang).cloned().collect())
                    .collect();
                counts.sort_by_key(|v: &Vec<Hedge>| std::cmp::Reverse(v.len()));
                page.extend(counts.into_iter().take(2).flatten());
            }
        }
        for (p, page) in pages.iter().enumerate() {
            for (lang, phrases) in HEDGES {
                let here: Vec<&Hedge> = page.iter().filter(|h| h.lang == *lang).collect();
                let Some(first) = here.first() else { continue };
                for h in here.iter().skip(1) {
                    let key = (h.loc.file, h.loc.span.start, *lang);
                    if reported.contains(&key) {
                        continue;
                    }
                    reported.push(key);
                    let f = crate::content::Diagnostic::at(
                        cx.at(&first.loc),
                        first.loc.span.clone(),
                        "",
                    );
                    let same = first.loc.file == h.loc.file && first.loc.span == h.loc.span;
                    let also = if same {
                        "more than once in this text".to_owned()
                    } else {
                        format!("also at {}:{}:{}", f.file, f.line, f.column)
                    };
                    cx.report(
                        &h.loc,
                        format!(
                            "outcome `{}` can show \"{}\" {} times on its {} page ({also}): say it at most once a page, and word the other hedges by what varies and whom to ask (\"各地要的材料不同，请问新参保地医保局\" / \"places differ: ask the new place's medical insurance bureau\")",
                            o.id,
                            phrases[0],
                            here.len(),
                            PAGES[p]
                        ),
                    );
                }
            }
        }
    }
}
