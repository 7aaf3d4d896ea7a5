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

/// What the build embeds: the checked content, encoded.
pub struct Built {
    pub encoded: Vec<u8>,
    /// What `check` would point out without failing.
    pub warnings: Vec<Diagnostic>,
}

/// Checks `files` and encodes the content; on a problem, the report that
/// `check` prints.
pub fn build(files: &[SourceFile]) -> Result<Built, String> {
    let content = check(files).map_err(|ds| content::diag::report(&ds))?;
    let encoded = encode(&content).map_err(|e| format!("error: {e}"))?;
    Ok(Built {
        encoded,
        warnings: content.warnings,
    })
}

/// The content as embedded: everything but the blocks (texts, checks,
/// steps, materials, notes, sources) and the regional facts, then each
/// block encoded on its own and the facts, so that a command that shows one
/// outcome decodes only that outcome's blocks, and the wizard can show its
/// first screen before decoding any.
#[derive(Serialize, Deserialize)]
struct Embedded<'a> {
    content: Content,
    #[serde(borrow)]
    blocks: Blocks<'a>,
}

/// Block id -> the block, encoded, per kind: the blocks of the built-in
/// content not decoded yet.
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
    /// The regional facts, encoded together: which apply depends on the
    /// answers, not on the outcome.
    facts: &'a [u8],
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
    let mut rest = content.clone();
    rest.texts.clear();
    rest.checks.clear();
    rest.steps.clear();
    rest.materials.clear();
    rest.notes.clear();
    rest.sources.clear();
    let facts = postcard::to_allocvec(&std::mem::take(&mut rest.facts))?;
    postcard::to_allocvec(&Embedded {
        content: rest,
        blocks: Blocks {
            texts: view(&texts),
            checks: view(&checks),
            steps: view(&steps),
            materials: view(&materials),
            notes: view(&notes),
            sources: view(&sources),
            facts: &facts,
        },
    })
}

/// The content encoded by [`build`].
pub fn decode(bytes: &[u8]) -> Result<Content, String> {
    let (mut content, blocks) = split(bytes)?;
    blocks.fill(&mut content)?;
    Ok(content)
}

/// The content encoded by [`build`] with, when `pick` names an outcome,
/// only the blocks that outcome can show (given any answers): enough for
/// everything about that one outcome. With `None`, all of the content.
pub fn decode_for(
    bytes: &[u8],
    pick: impl FnOnce(&Content) -> Option<String>,
) -> Result<Content, String> {
    let (mut content, blocks) = split(bytes)?;
    match pick(&content).and_then(|id| content.outcome(&id).cloned()) {
        Some(o) => blocks.fill_for(&mut content, &o)?,
        None => blocks.fill(&mut content)?,
    }
    Ok(content)
}

/// The content encoded by [`build`] without its blocks (they are empty),
/// and the blocks, to decode with [`Blocks::fill`].
pub fn split(bytes: &[u8]) -> Result<(Content, Blocks<'_>), String> {
    let e: Embedded = postcard::from_bytes(bytes).map_err(unreadable)?;
    Ok((e.content, e.blocks))
}

fn unreadable(e: postcard::Error) -> String {
    format!("the built-in content cannot be read: {e}")
}

impl Blocks<'_> {
    /// Decodes every block into `content`.
    pub fn fill(&self, content: &mut Content) -> Result<(), String> {
        let all = |_: &str| true;
        content.texts = decoded(&self.texts, all)?;
        content.checks = decoded(&self.checks, all)?;
        content.steps = decoded(&self.steps, all)?;
        content.materials = decoded(&self.materials, all)?;
        content.notes = decoded(&self.notes, all)?;
        content.sources = decoded(&self.sources, all)?;
        content.facts = postcard::from_bytes(self.facts).map_err(unreadable)?;
        Ok(())
    }

    /// Decodes into `content` the blocks `o` can show.
    fn fill_for(&self, content: &mut Content, o: &Outcome) -> Result<(), String> {
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
        content.facts = postcard::from_bytes(self.facts).map_err(unreadable)?;
        // Sources: the outcome's own, those of its notes, and those the
        // regional facts cite (a fact's cite names its source's title).
        let cited: Vec<&[String]> = std::iter::once(o.sources.as_slice())
            .chain(content.notes.values().map(|n| n.sources.as_slice()))
            .chain(
                content
                    .facts
                    .iter()
                    .map(|f| std::slice::from_ref(&f.source)),
            )
            .collect();
        content.sources = decoded(&self.sources, |id| among(&cited, id))?;
        Ok(())
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
