//! The built-in content from the source tree into the binary and back.
//!
//! build.rs includes this module (with `calendar`, `content` and `flow`,
//! which are pure) to check `content/` exactly as `check` does: broken
//! content fails `cargo build` with the same file:line:column messages.
//! The checked content is then encoded and embedded, and
//! `load::load_embedded` decodes it without parsing any TOML.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::{self, Content, Diagnostic, Outcome, SourceFile};
use crate::flow;

/// Checks the files and the flow they make, and builds the content, or
/// returns every problem: the whole of `check`.
pub fn check(files: &[SourceFile]) -> Result<Content, Vec<Diagnostic>> {
    let content = content::parse(files)?;
    let problems = flow::audit(&content);
    if problems.is_empty() {
        Ok(content)
    } else {
        Err(problems)
    }
}

/// The files of a content folder named as the built-in ones are in
/// messages: `content/<file name>`, or `content/regions/<file name>`.
pub fn source_files(dir: &Path) -> Result<Vec<SourceFile>, String> {
    let mut files = content::folder_files(dir)?;
    for f in &mut files {
        f.name = format!("content/{}", content::relative_name(dir, f).display());
    }
    Ok(files)
}

/// What the build embeds: the checked content, encoded, and the string
/// of all its texts that it points into.
pub struct Built {
    pub encoded: Vec<u8>,
    pub texts: String,
    /// What `check` would point out without failing.
    pub warnings: Vec<Diagnostic>,
}

/// Checks `files` and encodes the content; on a problem, the report that
/// `check` prints.
pub fn build(files: &[SourceFile]) -> Result<Built, String> {
    let content = check(files).map_err(|ds| content::diag::report(&ds))?;
    let (encoded, texts) = crate::content::strings::collect(|| encode(&content));
    let encoded = encoded.map_err(|e| format!("error: {e}"))?;
    Ok(Built {
        encoded,
        texts,
        warnings: content.warnings,
    })
}

/// The content as embedded: everything but the blocks (texts, checks,
/// steps, materials, notes, sources), the regional facts, the UI strings
/// and where ids were defined; then each of those encoded on its own, so
/// that a command that shows one outcome decodes only that outcome's
/// blocks, the facts of the person's provinces and the UI strings it
/// shows, and the wizard can show its first screen before decoding any
/// block.
#[derive(Serialize, Deserialize)]
struct Embedded<'a> {
    content: Content,
    #[serde(borrow)]
    blocks: Blocks<'a>,
}

/// Id -> the block, encoded, per kind: the parts of the built-in content
/// not decoded yet.
#[derive(Serialize, Deserialize)]
pub struct Blocks<'a> {
    #[serde(borrow)]
    texts: Vec<(&'a str, &'a [u8])>,
    #[serde(borrow)]
    checks: Vec<(&'a str, &'a [u8])>,
    #[serde(borrow)]
    steps: Vec<(&'a str, &'a [u8])>,
    #[serde(borrow)]
    materials: Vec<(&'a str, &'a [u8])>,
    #[serde(borrow)]
    notes: Vec<(&'a str, &'a [u8])>,
    #[serde(borrow)]
    sources: Vec<(&'a str, &'a [u8])>,
    /// Province -> its regional facts (a `Vec<Fact>`), in content order.
    /// `check` makes sure a fact holds only when its province is answered.
    #[serde(borrow)]
    facts: Vec<(&'a str, &'a [u8])>,
    /// Key -> UI string, sorted by key.
    #[serde(borrow)]
    ui: Vec<(&'a str, &'a [u8])>,
    /// Where ids were defined: for `check`'s messages only.
    sites: &'a [u8],
    /// The questions and the outcomes: the wizard's first screen asks
    /// nothing yet.
    flow: &'a [u8],
}

fn encode(content: &Content) -> Result<Vec<u8>, postcard::Error> {
    fn each<B: Serialize>(
        map: &BTreeMap<String, B>,
    ) -> Result<Vec<(&str, Vec<u8>)>, postcard::Error> {
        map.iter()
            .map(|(id, b)| Ok((id.as_str(), postcard::to_allocvec(b)?)))
            .collect()
    }
    fn view<'a>(v: &'a [(&'a str, Vec<u8>)]) -> Vec<(&'a str, &'a [u8])> {
        v.iter().map(|(id, b)| (*id, b.as_slice())).collect()
    }
    let (texts, checks, steps) = (
        each(&content.texts)?,
        each(&content.checks)?,
        each(&content.steps)?,
    );
    let (materials, notes, sources) = (
        each(&content.materials)?,
        each(&content.notes)?,
        each(&content.sources)?,
    );
    let ui = each(&content.ui)?;
    // The facts by province, the provinces in the order they first come.
    let mut by_province: Vec<(&str, Vec<crate::content::Fact>)> = Vec::new();
    for f in &content.facts {
        match by_province.iter_mut().find(|(p, _)| *p == f.province) {
            Some((_, fs)) => fs.push(f.clone()),
            None => by_province.push((f.province.as_str(), vec![f.clone()])),
        }
    }
    let facts = by_province
        .iter()
        .map(|(p, fs)| Ok((*p, postcard::to_allocvec(fs)?)))
        .collect::<Result<Vec<_>, postcard::Error>>()?;
    let sites = postcard::to_allocvec(&content.sites)?;
    let flow = postcard::to_allocvec(&(&content.questions, &content.outcomes))?;
    let mut rest = content.clone();
    rest.questions.clear();
    rest.outcomes.clear();
    rest.texts.clear();
    rest.checks.clear();
    rest.steps.clear();
    rest.materials.clear();
    rest.notes.clear();
    rest.sources.clear();
    rest.facts.clear();
    rest.ui.clear();
    rest.sites = Default::default();
    postcard::to_allocvec(&Embedded {
        content: rest,
        blocks: Blocks {
            texts: view(&texts),
            checks: view(&checks),
            steps: view(&steps),
            materials: view(&materials),
            notes: view(&notes),
            sources: view(&sources),
            facts: view(&facts),
            ui: view(&ui),
            sites: &sites,
            flow: &flow,
        },
    })
}

/// The content encoded by [`build`], all of it; `texts` is the string of
/// texts it was built with.
pub fn decode(bytes: &'static [u8], texts: &'static str) -> Result<Content, String> {
    let (mut content, blocks) = split(bytes, texts)?;
    blocks.fill(&mut content)?;
    Ok(content)
}

/// What a command about one outcome needs of the blocks: that outcome's,
/// and the regional facts of these provinces.
pub struct Wanted {
    pub outcome: String,
    pub provinces: Vec<String>,
}

/// The content encoded by [`build`] with, when `pick` names what is
/// wanted, only the blocks that outcome can show (given any answers) and
/// the facts of those provinces: enough for everything about that one
/// outcome for that person. With `None`, all of the content.
pub fn decode_for(
    bytes: &'static [u8],
    texts: &'static str,
    pick: impl FnOnce(&Content) -> Option<Wanted>,
) -> Result<Content, String> {
    let (mut content, blocks) = split(bytes, texts)?;
    blocks.fill_flow(&mut content)?;
    match pick(&content).and_then(|w| Some((content.outcome(&w.outcome).cloned()?, w.provinces))) {
        Some((o, provinces)) => blocks.fill_for(&mut content, &o, &provinces)?,
        None => blocks.fill(&mut content)?,
    }
    Ok(content)
}

/// The content encoded by [`build`] without its questions, outcomes,
/// blocks, facts and sites (they are empty; its UI strings are decoded as
/// they are asked for), and those parts, to decode with
/// [`Blocks::fill_flow`] and [`Blocks::fill`].
pub fn split(
    bytes: &'static [u8],
    texts: &'static str,
) -> Result<(Content, Blocks<'static>), String> {
    crate::content::strings::use_table(texts);
    let e: Embedded = postcard::from_bytes(bytes).map_err(unreadable)?;
    let mut content = e.content;
    content.ui_later = crate::content::UiLater::new(e.blocks.ui.clone());
    Ok((content, e.blocks))
}

fn unreadable(e: postcard::Error) -> String {
    format!("the built-in content cannot be read: {e}")
}

impl Blocks<'_> {
    /// Decodes the questions and the outcomes into `content`, unless they
    /// are there.
    pub fn fill_flow(&self, content: &mut Content) -> Result<(), String> {
        if content.questions.is_empty() {
            (content.questions, content.outcomes) =
                postcard::from_bytes(self.flow).map_err(unreadable)?;
        }
        Ok(())
    }

    /// Decodes everything not decoded yet into `content`: the questions
    /// and outcomes, every block, fact, UI string and site.
    pub fn fill(&self, content: &mut Content) -> Result<(), String> {
        self.fill_flow(content)?;
        let all = |_: &str| true;
        content.texts = decoded(&self.texts, all)?;
        content.checks = decoded(&self.checks, all)?;
        content.steps = decoded(&self.steps, all)?;
        content.materials = decoded(&self.materials, all)?;
        content.notes = decoded(&self.notes, all)?;
        content.sources = decoded(&self.sources, all)?;
        content.facts = self.facts_of(all)?;
        content.ui = decoded(&self.ui, all)?;
        content.ui_later = Default::default();
        content.sites = postcard::from_bytes(self.sites).map_err(unreadable)?;
        Ok(())
    }

    /// Decodes into `content` the blocks `o` can show and the facts of
    /// `provinces`.
    fn fill_for(
        &self,
        content: &mut Content,
        o: &Outcome,
        provinces: &[String],
    ) -> Result<(), String> {
        let among = |ids: &[&[String]], id: &str| ids.iter().any(|l| l.iter().any(|i| i == id));
        let texts: &[&[String]] = &[
            &o.time_limit,
            &o.fee,
            &o.personal_account,
            &o.waiting_period,
        ];
        content.texts = decoded(&self.texts, |id| among(texts, id))?;
        content.checks = decoded(&self.checks, |id| among(&[&o.checks], id))?;
        content.steps = decoded(&self.steps, |id| among(&[&o.steps], id))?;
        content.materials = decoded(&self.materials, |id| among(&[&o.materials], id))?;
        content.notes = decoded(&self.notes, |id| among(&[&o.notes], id))?;
        content.facts = self.facts_of(|p| provinces.iter().any(|w| w == p))?;
        // Sources: the outcome's own, those of its blocks and those of the
        // facts.
        let fact_sources: Vec<String> = content.facts.iter().map(|f| f.source.clone()).collect();
        let cited: Vec<&[String]> = std::iter::once(o.sources.as_slice())
            .chain(content.notes.values().map(|n| n.sources.as_slice()))
            .chain(content.texts.values().map(|t| t.sources.as_slice()))
            .chain(content.checks.values().map(|c| c.sources.as_slice()))
            .chain(content.steps.values().map(|s| s.sources.as_slice()))
            .chain(content.materials.values().map(|m| m.sources.as_slice()))
            .chain(std::iter::once(fact_sources.as_slice()))
            .collect();
        content.sources = decoded(&self.sources, |id| among(&cited, id))?;
        Ok(())
    }

    /// The facts of the provinces `wanted` accepts, in content order.
    fn facts_of(&self, wanted: impl Fn(&str) -> bool) -> Result<Vec<crate::content::Fact>, String> {
        let mut out = Vec::new();
        for (p, b) in &self.facts {
            if wanted(p) {
                out.extend(
                    postcard::from_bytes::<Vec<crate::content::Fact>>(b).map_err(unreadable)?,
                );
            }
        }
        Ok(out)
    }
}

/// The blocks whose id `wanted` accepts, decoded.
fn decoded<B: serde::de::DeserializeOwned>(
    blocks: &[(&str, &[u8])],
    wanted: impl Fn(&str) -> bool,
) -> Result<BTreeMap<String, B>, String> {
    blocks
        .iter()
        .filter(|(id, _)| wanted(id))
        .map(|(id, b)| {
            Ok((
                (*id).to_owned(),
                postcard::from_bytes(b).map_err(unreadable)?,
            ))
        })
        .collect()
}
