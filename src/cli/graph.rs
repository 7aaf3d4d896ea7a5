//! `graph`: the flow as DOT or Mermaid, derived from every path through it,
//! for content maintainers.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::content::{Content, Lang};
use crate::flow::{self, To};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Dot,
    Mermaid,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Start,
    Question(String),
    Outcome(String),
    Dead,
}

fn node_id(n: &Node) -> String {
    let clean = |s: &str| s.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    match n {
        Node::Start => "start".into(),
        Node::Question(q) => format!("q_{}", clean(q)),
        Node::Outcome(o) => format!("o_{}", clean(o)),
        Node::Dead => "dead_end".into(),
    }
}

/// The distinct edges (from, option label, to) over every path, from the
/// explored states of the flow (paths are not walked one by one).
fn edges(content: &Content, lang: Lang) -> BTreeSet<(Node, String, Node)> {
    // Content that loads has been explored once already.
    let Ok(survey) = flow::survey(content) else {
        return BTreeSet::new();
    };
    let node = |to: To| match to {
        To::Question(q) => Node::Question(content.questions[q].id.clone()),
        To::Outcome(o) => Node::Outcome(content.outcomes[o].id.clone()),
        To::Dead => Node::Dead,
    };
    survey
        .edges
        .iter()
        .map(|&(from, to)| match from {
            None => (Node::Start, String::new(), node(to)),
            Some((q, o)) => {
                let q = &content.questions[q];
                (
                    Node::Question(q.id.clone()),
                    q.options[o].label.get(lang).to_owned(),
                    node(to),
                )
            }
        })
        .collect()
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

pub fn render(content: &Content, lang: Lang, format: Format) -> String {
    let es = edges(content, lang);
    let mut nodes: BTreeSet<Node> = BTreeSet::new();
    for (a, _, b) in &es {
        nodes.insert(a.clone());
        nodes.insert(b.clone());
    }
    let name = |n: &Node| -> String {
        match n {
            Node::Start => content.meta.title.get(lang).to_owned(),
            Node::Question(q) => content
                .question(q)
                .map_or_else(|| q.clone(), |x| format!("{}\n[{q}]", x.title.get(lang))),
            Node::Outcome(o) => content.outcome(o).map_or_else(
                || o.clone(),
                |x| format!("{}\n[{o}]\nwhen {}", x.title.get(lang), x.when),
            ),
            Node::Dead => "dead end".into(),
        }
    };
    let mut s = String::new();
    match format {
        Format::Dot => {
            s.push_str("digraph yibao {\n  rankdir=LR;\n  node [fontname=\"Noto Sans CJK SC\"];\n");
            for n in &nodes {
                let shape = match n {
                    Node::Start => "circle",
                    Node::Question(_) => "box",
                    Node::Outcome(_) => "ellipse",
                    Node::Dead => "octagon",
                };
                let _ = writeln!(
                    s,
                    "  {} [shape={shape}, label=\"{}\"];",
                    node_id(n),
                    esc(&name(n)).replace('\n', "\\n")
                );
            }
            for (a, l, b) in &es {
                let _ = writeln!(
                    s,
                    "  {} -> {} [label=\"{}\"];",
                    node_id(a),
                    node_id(b),
                    esc(l)
                );
            }
            s.push_str("}\n");
        }
        Format::Mermaid => {
            s.push_str("flowchart LR\n");
            let m = |t: &str| t.replace('"', "#quot;").replace('\n', "<br/>");
            for n in &nodes {
                let (open, close) = match n {
                    Node::Start => ("((", "))"),
                    Node::Question(_) => ("[", "]"),
                    Node::Outcome(_) => ("([", "])"),
                    Node::Dead => ("{{", "}}"),
                };
                let _ = writeln!(s, "  {}{open}\"{}\"{close}", node_id(n), m(&name(n)));
            }
            for (a, l, b) in &es {
                if l.is_empty() {
                    let _ = writeln!(s, "  {} --> {}", node_id(a), node_id(b));
                } else {
                    let _ = writeln!(s, "  {} -->|\"{}\"| {}", node_id(a), m(l), node_id(b));
                }
            }
        }
    }
    s
}
