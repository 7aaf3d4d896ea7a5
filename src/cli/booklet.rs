//! `route --all`: every route once, with the answers that lead to it and
//! its sources, as one document a clerk can check against the local guide
//! and sign off. Text, Markdown, or a printable HTML page.
//!
//! Built on the engine only (`flow::each_walk` and `flow::resolve`): a
//! route is an outcome as it is shown; the checks, steps, materials and
//! notes that only some of its paths show say on which.

use std::fmt::Write as _;

use crate::content::{Content, Lang};
use crate::export::{fill, labelled, material_line, step_line};
use crate::flow::{self, MaterialShown, NoteShown, Resolved, SourceShown, StepShown};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
}

/// Items of a route, each with the paths (indices into `Route::paths`)
/// that show it.
pub type Merged<T> = Vec<(T, Vec<usize>)>;

/// One outcome as it is shown, and every path that leads to it.
#[derive(Debug, Clone)]
pub struct Route {
    /// Resolved for the first path; its checks, steps, materials and notes
    /// are those of the first path only (see the fields below).
    pub resolved: Resolved,
    /// Each path, as (question title, option label) in the order asked.
    pub paths: Vec<Vec<(String, String)>>,
    /// Of all the paths, in the order they are shown.
    pub checks: Merged<String>,
    pub steps: Merged<StepShown>,
    pub materials: Merged<MaterialShown>,
    pub notes: Merged<NoteShown>,
    /// Of all the paths: an item shown on some of them brings its
    /// sources.
    pub sources: Merged<SourceShown>,
}

/// Every route, in the order the flow first reaches it. Paths to the same
/// outcome are one route when they differ at most in which checks, steps,
/// materials and notes they show (those that have a `when`), and so in
/// the sources those name; each such item then says on which of the
/// paths it is shown, and the sources are those of all the paths.
pub fn routes(content: &Content, lang: Lang) -> Vec<Route> {
    let mut out: Vec<Route> = Vec::new();
    super::each_path_to_an_outcome(content, &mut |_, outcome, answers| {
        let r = flow::resolve(content, outcome, &answers, lang, None);
        let labels: Vec<(String, String)> = r
            .answers
            .iter()
            .map(|a| (a.question_title.clone(), a.option_label.clone()))
            .collect();
        let i = match out.iter().position(|x| same_route(&x.resolved, &r)) {
            Some(i) => i,
            None => {
                out.push(Route {
                    resolved: r.clone(),
                    paths: Vec::new(),
                    checks: Vec::new(),
                    steps: Vec::new(),
                    materials: Vec::new(),
                    notes: Vec::new(),
                    sources: Vec::new(),
                });
                out.len() - 1
            }
        };
        let x = &mut out[i];
        let n = x.paths.len();
        x.paths.push(labels);
        merge(&mut x.checks, r.checks, n);
        merge(&mut x.steps, r.steps, n);
        merge(&mut x.materials, r.materials, n);
        merge(&mut x.notes, r.notes, n);
        merge(&mut x.sources, r.sources, n);
    });
    out
}

/// Adds the items one more path (number `path`) shows, keeping their
/// order: an item not seen before goes right after the one before it on
/// this path.
fn merge<T: PartialEq>(have: &mut Merged<T>, items: Vec<T>, path: usize) {
    let mut at = 0;
    for item in items {
        match have.iter().position(|(h, _)| *h == item) {
            Some(i) => {
                have[i].1.push(path);
                at = i + 1;
            }
            None => {
                have.insert(at, (item, vec![path]));
                at += 1;
            }
        }
    }
}

/// Whether two resolved outcomes tell a person the same but for the
/// answers that led there and the items that have conditions of their own.
fn same_route(a: &Resolved, b: &Resolved) -> bool {
    let strip = |r: &Resolved| Resolved {
        answers: Vec::new(),
        checks: Vec::new(),
        check_ids: Vec::new(),
        steps: Vec::new(),
        materials: Vec::new(),
        notes: Vec::new(),
        sources: Vec::new(),
        ..r.clone()
    };
    a.outcome == b.outcome && strip(a) == strip(b)
}

/// A document in a few kinds of block, drawn in any of the formats.
enum Block {
    Title(String),
    Heading(String),
    Sub(String),
    Para(String),
    List(Vec<String>),
    /// A route starts: a new page when printed.
    Break,
}

pub fn render(content: &Content, lang: Lang, format: Format) -> String {
    let blocks = booklet(content, lang);
    match format {
        Format::Text => text(&blocks, false),
        Format::Markdown => text(&blocks, true),
        Format::Html => html(content, lang, &blocks),
    }
}

fn booklet(content: &Content, lang: Lang) -> Vec<Block> {
    let ui = |k: &str| content.ui(k, lang).to_owned();
    let lab = |l: &str, v: &str| labelled(content, lang, l, v);
    let routes = routes(content, lang);
    let paths: usize = routes.iter().map(|r| r.paths.len()).sum();
    let mut b = vec![
        Block::Title(fill(
            &ui("booklet.title"),
            &[("title", content.meta.title.get(lang).to_owned())],
        )),
        Block::Para(fill(
            &ui("booklet.intro"),
            &[
                ("routes", routes.len().to_string()),
                ("paths", paths.to_string()),
                ("version", content.meta.version.clone()),
                ("updated", content.meta.updated.clone()),
            ],
        )),
        Block::Para(content.meta.disclaimer.get(lang).to_owned()),
        Block::Heading(ui("booklet.contents")),
        Block::List(
            routes
                .iter()
                .enumerate()
                .map(|(i, r)| route_heading(content, lang, i, r))
                .collect(),
        ),
    ];
    for (i, route) in routes.iter().enumerate() {
        let r = &route.resolved;
        b.push(Block::Break);
        b.push(Block::Heading(route_heading(content, lang, i, route)));
        b.push(Block::Para(r.summary.clone()));
        b.push(Block::Sub(ui("booklet.leads_here")));
        b.push(Block::List(
            route
                .paths
                .iter()
                .enumerate()
                .map(|(n, p)| {
                    let answers = p
                        .iter()
                        .map(|(q, o)| lab(q, o))
                        .collect::<Vec<_>>()
                        .join(content.ui("booklet.answer_separator", lang));
                    fill(
                        &ui("booklet.path"),
                        &[("n", (n + 1).to_string()), ("answers", answers)],
                    )
                })
                .collect(),
        ));
        // An item shown on some of the paths only says on which.
        let only = |text: String, on: &[usize]| {
            if on.len() == route.paths.len() {
                return text;
            }
            let which: Vec<String> = on.iter().map(|i| (i + 1).to_string()).collect();
            let sep = content.ui("booklet.list_separator", lang);
            text + &fill(&ui("booklet.only_paths"), &[("paths", which.join(sep))])
        };
        if !route.checks.is_empty() {
            b.push(Block::Sub(ui("heading.checks")));
            b.push(Block::List(
                route
                    .checks
                    .iter()
                    .map(|(c, on)| only(c.clone(), on))
                    .collect(),
            ));
        }
        b.push(Block::Sub(ui("heading.steps")));
        b.push(Block::List(
            route
                .steps
                .iter()
                .enumerate()
                .map(|(n, (s, on))| {
                    let head = only(step_line(content, lang, n + 1, s), on);
                    format!("{head}\n{}", s.body)
                })
                .collect(),
        ));
        if !route.materials.is_empty() {
            b.push(Block::Sub(ui("heading.materials")));
            b.push(Block::List(
                route
                    .materials
                    .iter()
                    .map(|(m, on)| only(material_line(content, lang, m), on))
                    .collect(),
            ));
        }
        b.push(Block::Sub(ui("heading.time")));
        b.push(Block::List(vec![
            lab(&ui("label.place"), &r.place.label),
            lab(&ui("label.time_limit"), &r.time_limit),
            lab(&ui("label.fee"), &r.fee),
            lab(&ui("label.personal_account"), &r.personal_account),
            lab(&ui("label.waiting_period"), &r.waiting_period),
        ]));
        if !route.notes.is_empty() {
            b.push(Block::Sub(ui("heading.notes")));
            b.push(Block::List(
                route
                    .notes
                    .iter()
                    .map(|(n, on)| only(lab(&n.title, &n.body), on))
                    .collect(),
            ));
        }
        b.push(Block::Sub(ui("heading.sources")));
        b.push(Block::List(
            route
                .sources
                .iter()
                .map(|(s, _)| {
                    let url = s
                        .url
                        .as_deref()
                        .map(|u| format!(" {u}"))
                        .unwrap_or_default();
                    format!("{} [{}]{url}", s.title, s.confidence.label)
                })
                .collect(),
        ));
        b.push(Block::Para(ui("booklet.signoff")));
    }
    // Every regional fact, by province, with the answers it applies to and
    // the national blocks it stands in for, for a clerk of that province.
    let mut provinces: Vec<&str> = Vec::new();
    for f in &content.facts {
        if !provinces.contains(&f.province.as_str()) {
            provinces.push(&f.province);
        }
    }
    if !provinces.is_empty() {
        b.push(Block::Break);
        b.push(Block::Heading(ui("booklet.regional")));
        for p in provinces {
            let facts: Vec<_> = content.facts.iter().filter(|f| f.province == p).collect();
            let shown: Vec<_> = facts
                .iter()
                .map(|f| crate::flow::regional_shown(content, f, lang))
                .collect();
            b.push(Block::Sub(shown[0].province.label.clone()));
            b.push(Block::List(
                facts
                    .iter()
                    .zip(&shown)
                    .map(|(f, x)| {
                        let mut item = format!(
                            "{}\n{}\n{}",
                            x.line,
                            x.cite,
                            fill(&ui("booklet.applies"), &[("when", f.when.to_string())])
                        );
                        if !x.replaces.is_empty() {
                            item.push('\n');
                            item.push_str(&fill(
                                &ui("booklet.replaces"),
                                &[("blocks", x.replaces.join(", "))],
                            ));
                        }
                        item
                    })
                    .collect(),
            ));
            b.push(Block::Para(ui("booklet.signoff")));
        }
    }
    b
}

fn route_heading(content: &Content, lang: Lang, i: usize, route: &Route) -> String {
    fill(
        content.ui("booklet.route", lang),
        &[
            ("n", (i + 1).to_string()),
            ("title", route.resolved.title.clone()),
            ("id", route.resolved.outcome.clone()),
        ],
    )
}

fn text(blocks: &[Block], md: bool) -> String {
    use crate::export::wrap::width;
    let mut s = String::new();
    let indent = if md { "  " } else { "    " };
    for b in blocks {
        match b {
            Block::Title(t) if md => {
                let _ = writeln!(s, "# {t}\n");
            }
            Block::Title(t) => {
                let _ = writeln!(s, "{t}\n{}\n", "=".repeat(width(t)));
            }
            Block::Heading(t) if md => {
                let _ = writeln!(s, "## {t}\n");
            }
            Block::Heading(t) => {
                let _ = writeln!(s, "{t}\n{}\n", "-".repeat(width(t)));
            }
            Block::Sub(t) if md => {
                let _ = writeln!(s, "### {t}\n");
            }
            Block::Sub(t) => {
                let _ = writeln!(s, "{t}:\n");
            }
            Block::Para(t) => {
                let _ = writeln!(s, "{t}\n");
            }
            Block::List(items) => {
                let bullet = if md { "- " } else { "  * " };
                for i in items {
                    let _ = writeln!(s, "{bullet}{}", i.replace('\n', &format!("\n{indent}")));
                }
                s.push('\n');
            }
            Block::Break if md => s.push_str("---\n\n"),
            Block::Break => s.push('\n'),
        }
    }
    s
}

fn html(content: &Content, lang: Lang, blocks: &[Block]) -> String {
    let e = escape;
    let lang_attr = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(t) => Some(t.as_str()),
            _ => None,
        })
        .unwrap_or_else(|| content.meta.title.get(lang));
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_attr}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        e(title)
    );
    let mut open = false;
    let para = |t: &str| t.split('\n').map(escape).collect::<Vec<_>>().join("<br>\n");
    for b in blocks {
        match b {
            Block::Title(t) => {
                let _ = writeln!(s, "<h1>{}</h1>", e(t));
            }
            Block::Heading(t) => {
                let _ = writeln!(s, "<h2>{}</h2>", e(t));
            }
            Block::Sub(t) => {
                let _ = writeln!(s, "<h3>{}</h3>", e(t));
            }
            Block::Para(t) => {
                let _ = writeln!(s, "<p>{}</p>", para(t));
            }
            Block::List(items) => {
                s.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(s, "<li>{}</li>", para(i));
                }
                s.push_str("</ul>\n");
            }
            Block::Break => {
                if open {
                    s.push_str("</section>\n");
                }
                s.push_str("<section class=\"route\">\n");
                open = true;
            }
        }
    }
    if open {
        s.push_str("</section>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// Printable: each route starts a page, nothing depends on colour.
const STYLE: &str =
    "body { font-family: sans-serif; max-width: 48em; margin: 2em auto; line-height: 1.5; }
h2 { border-bottom: 1px solid #000; }
li { margin-bottom: 0.3em; }
@media print {
  body { margin: 0; max-width: none; }
  section.route { break-before: page; }
  h2, h3 { break-after: avoid; }
  li { break-inside: avoid; }
}
";

/// Text safe inside HTML elements and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
