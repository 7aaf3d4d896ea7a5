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

use crate::content::{self, Content, Diagnostic, SourceFile};
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
/// messages: `content/<file name>`.
pub fn source_files(dir: &Path) -> Result<Vec<SourceFile>, String> {
    let mut files = content::folder_files(dir)?;
    for f in &mut files {
        let name = Path::new(&f.name)
            .file_name()
            .map_or_else(|| f.name.clone(), |n| n.to_string_lossy().into_owned());
        f.name = format!("content/{name}");
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
/// steps, materials, notes, sources), and each block encoded on its own,
/// so that a command that shows one outcome decodes only that outcome's
/// blocks, about a third of the content.
#[derive(Serialize, Deserialize)]
struct Embedded<'a> {
    content: Content,
    #[serde(borrow)]
    blocks: Blocks<'a>,
}

/// Block id -> the block, encoded, per kind.
#[derive(Serialize, Deserialize)]
struct Blocks<'a> {
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
    postcard::to_allocvec(&Embedded {
        content: rest,
        blocks: Blocks {
            texts: view(&texts),
            checks: view(&checks),
            steps: view(&steps),
            materials: view(&materials),
            notes: view(&notes),
            sources: view(&sources),
        },
    })
}

/// The content encoded by [`build`].
pub fn decode(bytes: &[u8]) -> Result<Content, String> {
    decode_for(bytes, |_| None)
}

/// The content encoded by [`build`] with, when `pick` names an outcome,
/// only the blocks that outcome can show (given any answers): enough for
/// everything about that one outcome. With `None`, all of the content.
pub fn decode_for(
    bytes: &[u8],
    pick: impl FnOnce(&Content) -> Option<String>,
) -> Result<Content, String> {
    let unreadable = |e: postcard::Error| format!("the built-in content cannot be read: {e}");
    let Embedded {
        mut content,
        blocks,
    } = postcard::from_bytes(bytes).map_err(unreadable)?;
    let outcome = pick(&content).and_then(|id| content.outcome(&id).cloned());
    let Some(o) = outcome else {
        let all = |_: &str| true;
        content.texts = decoded(&blocks.texts, all).map_err(unreadable)?;
        content.checks = decoded(&blocks.checks, all).map_err(unreadable)?;
        content.steps = decoded(&blocks.steps, all).map_err(unreadable)?;
        content.materials = decoded(&blocks.materials, all).map_err(unreadable)?;
        content.notes = decoded(&blocks.notes, all).map_err(unreadable)?;
        content.sources = decoded(&blocks.sources, all).map_err(unreadable)?;
        return Ok(content);
    };
    let among = |ids: &[&[String]], id: &str| ids.iter().any(|l| l.iter().any(|i| i == id));
    let texts: &[&[String]] = &[
        &o.time_limit,
        &o.fee,
        &o.personal_account,
        &o.waiting_period,
    ];
    content.texts = decoded(&blocks.texts, |id| among(texts, id)).map_err(unreadable)?;
    content.checks = decoded(&blocks.checks, |id| among(&[&o.checks], id)).map_err(unreadable)?;
    content.steps = decoded(&blocks.steps, |id| among(&[&o.steps], id)).map_err(unreadable)?;
    content.materials =
        decoded(&blocks.materials, |id| among(&[&o.materials], id)).map_err(unreadable)?;
    content.notes = decoded(&blocks.notes, |id| among(&[&o.notes], id)).map_err(unreadable)?;
    // Sources: the outcome's own and those of its notes.
    let cited: Vec<&[String]> = std::iter::once(o.sources.as_slice())
        .chain(content.notes.values().map(|n| n.sources.as_slice()))
        .collect();
    content.sources = decoded(&blocks.sources, |id| among(&cited, id)).map_err(unreadable)?;
    Ok(content)
}

/// The blocks whose id `wanted` accepts, decoded.
fn decoded<B: serde::de::DeserializeOwned>(
    blocks: &[(&str, &[u8])],
    wanted: impl Fn(&str) -> bool,
) -> Result<BTreeMap<String, B>, postcard::Error> {
    blocks
        .iter()
        .filter(|(id, _)| wanted(id))
        .map(|(id, b)| Ok(((*id).to_owned(), postcard::from_bytes(b)?)))
        .collect()
}
