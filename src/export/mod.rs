//! What a person takes away: the checklist as Markdown or plain text, a
//! narrow receipt for a kiosk printer, and the short text a QR code carries.
//! Pure: a resolved outcome in, text out. Both faces use these, so a saved
//! file, `route --format markdown`, a receipt and a QR code say the same.
//! In English they also give the Chinese names of the outcome, the places
//! and the materials (see [`for_clerk`]), so that staff in China can read
//! what the person brings.

pub mod qr;
pub mod wrap;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::content::{Content, Lang};
use crate::flow::{MaterialShown, Resolved, StepShown};
use wrap::{width, wrap};

/// The whole checklist. `markdown` gives `#` headings and `- [ ]` items;
/// otherwise headings are underlined for a terminal. Materials in `ticked`
/// are marked done.
pub fn checklist(
    content: &Content,
    r: &Resolved,
    lang: Lang,
    markdown: bool,
    ticked: &BTreeSet<String>,
) -> String {
    checklist_with(content, r, lang, markdown, ticked, true)
}

/// The file the wizard saves: the Markdown checklist without the checks,
/// which speak to the person in the wizard ("go back and choose...") and
/// mean nothing in a file.
pub fn saved_checklist(
    content: &Content,
    r: &Resolved,
    lang: Lang,
    ticked: &BTreeSet<String>,
) -> String {
    checklist_with(content, r, lang, true, ticked, false)
}

fn checklist_with(
    content: &Content,
    r: &Resolved,
    lang: Lang,
    markdown: bool,
    ticked: &BTreeSet<String>,
    checks: bool,
) -> String {
    let r = &for_clerk(content, r, lang);
    let ui = |k: &str| content.ui(k, lang).to_owned();
    let md = markdown;
    let lab = |l: &str, v: &str| labelled(content, lang, l, v);
    let mut s = String::new();
    let h1 = |s: &mut String, t: &str| {
        if md {
            let _ = writeln!(s, "# {t}\n");
        } else {
            let _ = writeln!(s, "{t}\n{}\n", "=".repeat(width(t)));
        }
    };
    let h2 = |s: &mut String, t: &str| {
        if md {
            let _ = writeln!(s, "\n## {t}\n");
        } else {
            let _ = writeln!(s, "\n{t}\n{}", "-".repeat(width(t)));
        }
    };
    let item = if md { "- " } else { "  * " };
    let boxed = |done: bool| match (md, done) {
        (true, true) => "- [x] ",
        (true, false) => "- [ ] ",
        (false, true) => "  [x] ",
        (false, false) => "  [ ] ",
    };
    // Lines after the first of an item keep its indent, so a Markdown
    // list item holds together and text stays aligned.
    let indent = if md { "  " } else { "      " };
    let cont = |text: &str| text.replace('\n', &format!("\n{indent}"));
    h1(&mut s, &r.title);
    let _ = writeln!(s, "{}", r.summary);
    if let Some(f) = &r.finish_by {
        let _ = writeln!(s, "\n{}", f.sentence);
    }
    let regional = regional_lines(r);
    if !regional.is_empty() {
        h2(&mut s, &ui("heading.regional"));
        for (line, cite) in &regional {
            let text = match cite {
                Some(c) => format!("{line}\n{c}"),
                None => line.clone(),
            };
            let _ = writeln!(s, "{item}{}", cont(&text));
        }
    }
    h2(&mut s, &ui("heading.answers"));
    for a in &r.answers {
        let _ = writeln!(s, "{item}{}", lab(&a.question_title, &a.option_label));
    }
    if checks && !r.checks.is_empty() {
        h2(&mut s, &ui("heading.checks"));
        for c in &r.checks {
            let _ = writeln!(s, "{}{}", boxed(false), cont(c));
        }
    }
    h2(&mut s, &ui("heading.steps"));
    for (i, st) in r.steps.iter().enumerate() {
        let head = step_line(content, lang, i + 1, st);
        let _ = writeln!(s, "{}{head}", boxed(false));
        for line in &st.at_hall {
            let _ = writeln!(s, "{indent}{}", cont(line));
        }
        let _ = writeln!(s, "{indent}{}", cont(&st.body));
    }
    if !r.materials.is_empty() {
        h2(&mut s, &ui("heading.materials"));
        for m in &r.materials {
            let line = material_line(content, lang, m);
            let _ = writeln!(s, "{}{}", boxed(ticked.contains(&m.id)), cont(&line));
        }
    }
    h2(&mut s, &ui("heading.time"));
    let _ = writeln!(s, "{item}{}", lab(&ui("label.place"), &r.place.label));
    let _ = writeln!(
        s,
        "{item}{}",
        lab(&ui("label.time_limit"), &cont(&r.time_limit))
    );
    if let Some(f) = &r.finish_by {
        let _ = writeln!(s, "{item}{}", f.sentence);
    }
    // A text of several lines (the waiting period) stays in its item.
    for (label, text) in [
        ("label.fee", &r.fee),
        ("label.personal_account", &r.personal_account),
        ("label.waiting_period", &r.waiting_period),
    ] {
        let _ = writeln!(s, "{item}{}", lab(&ui(label), &cont(text)));
    }
    if !r.notes.is_empty() {
        h2(&mut s, &ui("heading.notes"));
        for n in &r.notes {
            let _ = writeln!(s, "{item}{}", lab(&n.title, &cont(&n.body)));
        }
    }
    h2(&mut s, &ui("heading.sources"));
    // Only what this text shows cites: without the checks, a source that
    // only they cite is left out.
    let listed = r
        .sources
        .iter()
        .filter(|src| checks || src.cited_by.iter().any(|b| !b.starts_with("check:")));
    for src in listed {
        let url = src
            .url
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        let _ = writeln!(s, "{item}{} [{}]{url}", src.title, src.confidence.label);
    }
    let _ = writeln!(s, "\n{}", ui("export.hotline"));
    let _ = writeln!(s, "\n{}", version_line(content, r, lang));
    let _ = writeln!(s, "{}", content.meta.disclaimer.get(lang));
    s
}

/// The regional lines to list: each fact that adds to the route (with
/// where it comes from), then each province with no checked fact. A fact
/// shown in place of a national block is not listed again.
pub fn regional_lines(r: &Resolved) -> Vec<(String, Option<String>)> {
    r.regional
        .iter()
        .filter(|f| !f.in_place)
        .map(|f| (f.line.clone(), Some(f.cite.clone())))
        .chain(r.regional_none.iter().map(|l| (l.clone(), None)))
        .collect()
}

/// A checklist for a receipt printer: plain text, no line wider than
/// `columns` display columns (a Chinese character counts two). Short: the
/// steps without their explanations, the materials with boxes to tick, the
/// dates, the fee and where to ask.
pub fn receipt(
    content: &Content,
    r: &Resolved,
    lang: Lang,
    ticked: &BTreeSet<String>,
    columns: usize,
) -> String {
    let columns = columns.max(8);
    let r = &for_clerk(content, r, lang);
    let ui = |k: &str| content.ui(k, lang).to_owned();
    let lab = |l: &str, v: &str| labelled(content, lang, l, v);
    let mut out: Vec<String> = Vec::new();
    let para = |text: &str, indent: usize, out: &mut Vec<String>| {
        let pad = " ".repeat(indent);
        for l in wrap(text, columns - indent) {
            out.push(format!("{pad}{l}"));
        }
    };
    // A line with a lead ("1. ", "[ ] ") and the text hanging under it.
    let hang = |lead: &str, text: &str, out: &mut Vec<String>| {
        let w = width(lead).min(columns / 2);
        for (i, l) in wrap(text, columns - w).into_iter().enumerate() {
            if i == 0 {
                out.push(format!("{lead}{l}"));
            } else {
                out.push(format!("{}{l}", " ".repeat(w)));
            }
        }
    };
    let rule = "-".repeat(columns);
    para(content.meta.title.get(lang), 0, &mut out);
    out.push("=".repeat(columns));
    para(&r.title, 0, &mut out);
    out.push(String::new());
    if let Some(f) = &r.finish_by {
        para(&f.sentence, 0, &mut out);
        out.push(String::new());
    }
    para(&lab(&ui("heading.steps"), ""), 0, &mut out);
    for (i, st) in r.steps.iter().enumerate() {
        // Where a phase starts, its stage above its steps: "离职时：".
        if let Some(stage) = r.stage_starting(i) {
            para(&lab(stage, ""), 0, &mut out);
        }
        hang(&format!("{}. ", i + 1), &st.title, &mut out);
        let w = width(&format!("{}. ", i + 1));
        para(&st.place.label, w, &mut out);
        for line in &st.at_hall {
            para(line, w, &mut out);
        }
    }
    let regional = regional_lines(r);
    if !regional.is_empty() {
        out.push(rule.clone());
        para(&lab(&ui("heading.regional"), ""), 0, &mut out);
        for (line, cite) in &regional {
            hang("* ", line, &mut out);
            if let Some(c) = cite {
                para(c, 2, &mut out);
            }
        }
    }
    if !r.materials.is_empty() {
        out.push(rule.clone());
        para(&lab(&ui("heading.materials"), ""), 0, &mut out);
        for m in &r.materials {
            let lead = if ticked.contains(&m.id) {
                "[x] "
            } else {
                "[ ] "
            };
            hang(lead, &material_short(content, lang, m), &mut out);
        }
    }
    out.push(rule.clone());
    para(&lab(&ui("label.place"), &r.place.label), 0, &mut out);
    para(&lab(&ui("label.fee"), &r.fee), 0, &mut out);
    para(&ui("export.hotline"), 0, &mut out);
    out.push(rule);
    para(&version_line(content, r, lang), 0, &mut out);
    para(content.meta.disclaimer.get(lang), 0, &mut out);
    // Paper to tear off below the text.
    out.extend([String::new(), String::new(), String::new()]);
    out.join("\n") + "\n"
}

/// How much of the checklist a QR code carries: as much as fits the space
/// there is, from everything down to the title, date and helpline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Title, finish-by date, steps with places (and, on a kiosk that
    /// knows its hall, the window and the number to call), materials with
    /// form and number, time limit, helpline, content version.
    Full,
    /// Step titles and material names only; no time-limit text.
    Short,
    /// Materials but no steps.
    Materials,
    /// Title, date, helpline and version; the title without its Chinese
    /// name in English.
    Minimal,
}

impl Detail {
    /// Richest first.
    pub const ALL: [Detail; 4] = [
        Detail::Full,
        Detail::Short,
        Detail::Materials,
        Detail::Minimal,
    ];

    /// The UI string that says what this level leaves out.
    pub fn left_out_key(self) -> &'static str {
        match self {
            Detail::Full => "qr.left_out.none",
            Detail::Short => "qr.left_out.short",
            Detail::Materials => "qr.left_out.materials",
            Detail::Minimal => "qr.left_out.minimal",
        }
    }
}

/// The text a QR code carries at a level of detail.
pub fn qr_text(content: &Content, r: &Resolved, lang: Lang, detail: Detail) -> String {
    let mut clerk = for_clerk(content, r, lang);
    if detail == Detail::Minimal {
        // The smallest code must fit an 80x24 window: the title alone.
        clerk.title.clone_from(&r.title);
    }
    let r = &clerk;
    let ui = |k: &str| content.ui(k, lang).to_owned();
    let lab = |l: &str, v: &str| labelled(content, lang, l, v);
    let mut s = String::new();
    let _ = writeln!(s, "{}", r.title);
    if let Some(f) = &r.finish_by {
        let _ = writeln!(s, "{}", f.short);
    }
    if matches!(detail, Detail::Full | Detail::Short) {
        let _ = writeln!(s, "{}", lab(&ui("heading.steps"), ""));
        for (i, st) in r.steps.iter().enumerate() {
            if let Some(stage) = r.stage_starting(i) {
                let _ = writeln!(s, "{}", lab(stage, ""));
            }
            if detail == Detail::Full {
                let line = fill(
                    &ui("export.step_short"),
                    &[
                        ("n", (i + 1).to_string()),
                        ("title", st.title.clone()),
                        ("place", st.place.label.clone()),
                    ],
                );
                let _ = writeln!(s, "{line}");
                for extra in &st.at_hall {
                    let _ = writeln!(s, "   {extra}");
                }
            } else {
                let _ = writeln!(s, "{}. {}", i + 1, st.title);
            }
        }
    }
    if detail != Detail::Minimal && !r.materials.is_empty() {
        let _ = writeln!(s, "{}", lab(&ui("heading.materials"), ""));
        for m in &r.materials {
            if detail == Detail::Full {
                let _ = writeln!(s, "[ ] {}", material_short(content, lang, m));
            } else {
                let _ = writeln!(s, "[ ] {}", m.name);
            }
        }
    }
    if detail == Detail::Full {
        for (line, cite) in regional_lines(r) {
            let _ = writeln!(s, "{line}");
            if let Some(c) = cite {
                let _ = writeln!(s, "{c}");
            }
        }
        let _ = writeln!(s, "{}", lab(&ui("label.time_limit"), &r.time_limit));
        let _ = writeln!(s, "{}", ui("export.hotline"));
    } else {
        let _ = writeln!(s, "{}", ui("export.hotline_short"));
    }
    let _ = write!(
        s,
        "{}",
        ui("export.version_short").replace("{version}", &r.content_version)
    );
    s
}

/// The richest QR code that fits `max_modules` across (quiet zone
/// included), with the level of detail it carries.
pub fn fitted_qr(
    content: &Content,
    r: &Resolved,
    lang: Lang,
    max_modules: usize,
) -> Option<(qr::Code, Detail)> {
    Detail::ALL
        .into_iter()
        .find_map(|d| qr::Code::encode(&qr_text(content, r, lang, d), max_modules).map(|c| (c, d)))
}

/// The whole checklist text (`Detail::Full`) in as many codes as it takes,
/// each at most `max_modules` across, to be scanned in order: where nothing
/// may be left out (a kiosk). None if the space holds no code at all, or
/// so small a code that it would take more than [`qr::MAX_PARTS`].
pub fn qr_parts(
    content: &Content,
    r: &Resolved,
    lang: Lang,
    max_modules: usize,
) -> Option<Vec<qr::Code>> {
    qr::Code::encode_parts(&qr_text(content, r, lang, Detail::Full), max_modules)
}

/// The outcome as the take-away shows it: outside Chinese, the outcome's
/// title, every place and every material name also carry their Chinese name
/// (`export.with_zh`, "ID card 【居民身份证】"), all from content. A name
/// that already holds its Chinese name is left as it is.
pub fn for_clerk(content: &Content, r: &Resolved, lang: Lang) -> Resolved {
    let mut r = r.clone();
    if lang == Lang::Zh {
        return r;
    }
    let with = |text: &mut String, zh: Option<&str>| {
        if let Some(zh) = zh.filter(|z| !z.is_empty() && !text.contains(*z)) {
            *text = fill(
                content.ui("export.with_zh", lang),
                &[("text", text.clone()), ("zh", zh.to_owned())],
            );
        }
    };
    let place_zh = |id: &str| {
        content
            .ui_text(&format!("place.{id}"))
            .map(|t| t.get(Lang::Zh))
    };
    with(
        &mut r.title,
        content.outcome(&r.outcome).map(|o| o.title.get(Lang::Zh)),
    );
    with(&mut r.place.label, place_zh(&r.place.id));
    for st in &mut r.steps {
        with(&mut st.place.label, place_zh(&st.place.id));
    }
    for m in &mut r.materials {
        with(
            &mut m.name,
            content.materials.get(&m.id).map(|x| x.name.get(Lang::Zh)),
        );
    }
    r
}

/// "内容版本 2026.11.2，更新于 2026-11-25".
fn version_line(content: &Content, r: &Resolved, lang: Lang) -> String {
    fill(
        content.ui("welcome.version", lang),
        &[
            ("version", r.content_version.clone()),
            ("updated", r.updated.clone()),
        ],
    )
}

/// "第1步（离职时）：title｜place": the heading of step `n` in a
/// checklist, with the step's stage when it has one.
pub fn step_line(content: &Content, lang: Lang, n: usize, st: &StepShown) -> String {
    let key = if st.stage.is_some() {
        "export.step_stage"
    } else {
        "export.step"
    };
    fill(
        content.ui(key, lang),
        &[
            ("n", n.to_string()),
            ("stage", st.stage.clone().unwrap_or_default()),
            ("title", st.title.clone()),
            ("place", st.place.label.clone()),
        ],
    )
}

/// "name（form，count份）：when needed": one material in a checklist.
pub fn material_line(content: &Content, lang: Lang, m: &MaterialShown) -> String {
    material_in(content, lang, "export.material", m)
}

/// "name（form count份）": one material where space is short (a receipt,
/// a QR code).
pub fn material_short(content: &Content, lang: Lang, m: &MaterialShown) -> String {
    material_in(content, lang, "export.material_short", m)
}

/// A material in the words of the UI string `key`: its `{name}`, `{form}`,
/// `{needed}`, the number as a figure (`{count}`) and the number in words
/// (`{copies}`, from `label.copies`: see [`counted`]).
pub fn material_in(content: &Content, lang: Lang, key: &str, m: &MaterialShown) -> String {
    fill(
        content.ui(key, lang),
        &[
            ("name", m.name.clone()),
            ("form", m.form.label.clone()),
            ("count", m.count.to_string()),
            ("copies", counted(content, lang, "label.copies", m.count)),
            ("needed", m.needed.clone()),
        ],
    )
}

/// A number in words by the UI string `key`, `{count}` filled in: the
/// string `{key}.{n}` where content has one for exactly this number
/// ("label.copies.1" = "1 copy"), else `key` itself ("{count} copies").
/// So each language words its counts as its grammar needs, in content.
pub fn counted(content: &Content, lang: Lang, key: &str, n: u32) -> String {
    let exact = format!("{key}.{n}");
    content
        .ui_text(&exact)
        .map_or_else(|| content.ui(key, lang), |t| t.get(lang))
        .replace("{count}", &n.to_string())
}

/// "label：value" in Chinese, "label: value" in English.
pub fn labelled(content: &Content, lang: Lang, label: &str, value: &str) -> String {
    fill(
        content.ui("export.labelled", lang),
        &[("label", label.to_owned()), ("value", value.to_owned())],
    )
}

/// Fills `{name}` placeholders in a UI string.
pub fn fill(s: &str, pairs: &[(&str, String)]) -> String {
    let mut out = s.to_owned();
    for (k, v) in pairs {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// Writes `text` into `dir` as `<stem>.md`, or `<stem>-2.md`, `-3`... when
/// that name is taken: an existing file is never overwritten. Returns the
/// path written.
pub fn save_new(dir: &Path, stem: &str, text: &str) -> io::Result<PathBuf> {
    use std::io::Write as _;
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                // A failed write (a full disk, a size limit) leaves no
                // truncated checklist under the real name.
                if let Err(e) = f.write_all(text.as_bytes()).and_then(|()| f.sync_data()) {
                    drop(f);
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{}: too many checklists here already", dir.display()),
    ))
}
