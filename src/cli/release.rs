//! `content install DIR` / `content rollback` / `content status`: content
//! releases on a kiosk, switched atomically.
//!
//! Layout under the root (default `/var/lib/yibao-guide/content`):
//!
//! ```text
//! releases/2026.11.2/*.toml    one folder per content version, never changed
//! current  -> releases/2026.12.1   what the kiosk reads (content = ".../current")
//! previous -> releases/2026.11.2   what `content rollback` goes back to
//! ```
//!
//! Install reads the folder once, checks exactly those bytes (the same
//! checks as `yibao-guide check`, then the stale gate), writes them into a
//! hidden folder, checks the copy again, renames it into `releases/`, and
//! only then points `current` at it with one `rename` of a symbolic link.
//! Any failure before that leaves `current` as it was.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::calendar::Date;
use crate::content::{self, Content};

pub const DEFAULT_ROOT: &str = "/var/lib/yibao-guide/content";

const RELEASES: &str = "releases";
const CURRENT: &str = "current";
const PREVIOUS: &str = "previous";

/// The regional facts last checked more than `days` before `today`, each
/// as a message at its `checked` date.
pub fn stale_facts(content: &Content, today: Date, days: u32) -> Vec<crate::content::Diagnostic> {
    content
        .facts
        .iter()
        .filter_map(|f| {
            let checked = Date::parse(&f.checked)?;
            let age = today.to_days() - checked.to_days();
            (age > i64::from(days)).then(|| {
                crate::content::Sites::message(
                    content.sites.facts_checked.get(&f.id),
                    format!(
                        "regional fact `{}` was last checked on {}, {age} days before {today}, more than {days}: check it against its source again and update `checked`",
                        f.id, f.checked
                    ),
                )
            })
        })
        .collect()
}

/// The stale gate: content whose `meta.updated`, or any regional fact's
/// `checked` date, is more than `max_age_days` before `today` is refused.
/// The one place that asks "is this content too old to serve?".
pub fn stale_gate(content: &Content, today: Date, max_age_days: Option<u32>) -> Result<(), String> {
    let Some(days) = max_age_days else {
        return Ok(());
    };
    let facts = stale_facts(content, today, days);
    if !facts.is_empty() {
        let shown: Vec<String> = facts.iter().map(ToString::to_string).collect();
        return Err(shown.join("\n"));
    }
    let updated = &content.meta.updated;
    let Some(d) = Date::parse(updated) else {
        return Err(format!(
            "meta.updated `{updated}` is not a date written YYYY-MM-DD, so its age is unknown"
        ));
    };
    let age = today.to_days() - d.to_days();
    if age > i64::from(days) {
        return Err(format!(
            "the content is stale: meta.updated is {updated}, {age} days before {today}, more than --stale-after {days}; review it and update meta.updated"
        ));
    }
    Ok(())
}

/// A version usable as a folder name: letters, digits, `.`, `-`, `_`.
fn folder_name(version: &str) -> Result<&str, String> {
    let ok = !version.is_empty()
        && !version.starts_with('.')
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(version)
    } else {
        Err(format!(
            "meta.version `{version}` cannot name a release folder: use letters, digits, `.`, `-` and `_`"
        ))
    }
}

fn io_err(what: &Path) -> impl Fn(io::Error) -> String + '_ {
    move |e| format!("{}: {e}", what.display())
}

/// Checks `dir`, copies it into a new release and makes it current.
pub fn install(
    root: &Path,
    dir: &Path,
    stale_after: Option<u32>,
    today: Date,
) -> Result<String, String> {
    let refused = |why: String| {
        format!(
            "{why}\n{} was not installed; the current release is unchanged",
            dir.display()
        )
    };
    let files = content::folder_files(dir).map_err(refused)?;
    let checked = crate::load::load_files(&files)
        .map_err(|ds| refused(crate::load::LoadError::Invalid(ds).to_string()))?;
    stale_gate(&checked, today, stale_after).map_err(refused)?;
    let version = folder_name(&checked.meta.version)
        .map_err(refused)?
        .to_owned();

    let releases = root.join(RELEASES);
    fs::create_dir_all(&releases).map_err(io_err(&releases))?;
    let target = releases.join(&version);
    let mut said = Vec::new();
    if target.exists() {
        if !same_files(&target, dir, &files) {
            return Err(refused(format!(
                "release {version} is already installed with different files: raise meta.version for a new release"
            )));
        }
        said.push(format!(
            "release {version} is already installed with these files"
        ));
    } else {
        let incoming = releases.join(format!(".incoming-{version}-{}", std::process::id()));
        let staged = stage(&incoming, dir, &files).and_then(|()| {
            crate::load::load(Some(&incoming)).map(|_| ()).map_err(|e| {
                format!(
                    "the copy in {} does not pass check:\n{e}",
                    incoming.display()
                )
            })
        });
        if let Err(e) = staged {
            let _ = fs::remove_dir_all(&incoming);
            return Err(refused(e));
        }
        fs::rename(&incoming, &target).map_err(|e| {
            let _ = fs::remove_dir_all(&incoming);
            refused(io_err(&target)(e))
        })?;
        said.push(format!(
            "copied {} files into {}",
            files.len(),
            target.display()
        ));
    }
    let rel = Path::new(RELEASES).join(&version);
    let old = fs::read_link(root.join(CURRENT)).ok();
    if old.as_deref() == Some(rel.as_path()) {
        said.push(format!("{version} was already current"));
    } else {
        point(root, CURRENT, &rel)?;
        said.push(format!("current -> {}", rel.display()));
        if let Some(old) = old {
            point(root, PREVIOUS, &old)?;
            said.push(format!(
                "previous -> {} (content rollback goes back to it)",
                old.display()
            ));
        }
        said.push(restart_hint());
    }
    Ok(said.join("\n") + "\n")
}

fn restart_hint() -> String {
    "restart the kiosk to serve it: systemctl restart yibao-guide-kiosk".into()
}

/// Writes the checked files into a fresh folder, each flushed to disk.
fn stage(dir: &Path, from: &Path, files: &[content::SourceFile]) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(io_err(dir))?;
    }
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    for f in files {
        let path = dir.join(content::relative_name(from, f));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let mut out = fs::File::create(&path).map_err(io_err(&path))?;
        out.write_all(f.text.as_bytes())
            .and_then(|()| out.sync_all())
            .map_err(io_err(&path))?;
    }
    Ok(())
}

/// Whether a release folder holds exactly these files.
fn same_files(dir: &Path, from: &Path, files: &[content::SourceFile]) -> bool {
    let Ok(there) = content::folder_files(dir) else {
        return false;
    };
    let names = |base: &Path, fs: &[content::SourceFile]| -> Vec<(std::path::PathBuf, String)> {
        fs.iter()
            .map(|f| (content::relative_name(base, f), f.text.clone()))
            .collect()
    };
    names(dir, &there) == names(from, files)
}

/// Points the link `root/name` at `target` (relative to root) in one step:
/// a new link beside it, renamed over the old one.
fn point(root: &Path, name: &str, target: &Path) -> Result<(), String> {
    let link = root.join(name);
    let tmp = root.join(format!(".{name}-new-{}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    symlink(target, &tmp).map_err(io_err(&tmp))?;
    fs::rename(&tmp, &link).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io_err(&link)(e)
    })
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> io::Result<()> {
    Err(io::Error::other(
        "content releases need symbolic links (Linux)",
    ))
}

/// Makes `previous` current again, and the current one previous, after
/// checking that the previous release still passes.
pub fn rollback(root: &Path) -> Result<String, String> {
    let prev = fs::read_link(root.join(PREVIOUS))
        .map_err(|_| format!("no previous release in {} to roll back to", root.display()))?;
    crate::load::load(Some(&root.join(&prev))).map_err(|e| {
        format!(
            "{e}\nthe previous release {} does not pass check; nothing was changed",
            prev.display()
        )
    })?;
    let cur = fs::read_link(root.join(CURRENT)).ok();
    point(root, CURRENT, &prev)?;
    let mut said = vec![format!("current -> {}", prev.display())];
    if let Some(cur) = cur {
        point(root, PREVIOUS, &cur)?;
        said.push(format!("previous -> {}", cur.display()));
    }
    said.push(restart_hint());
    Ok(said.join("\n") + "\n")
}

/// The current and previous releases, and every release kept.
pub fn status(root: &Path) -> Result<String, String> {
    let link = |name: &str| -> String {
        match fs::read_link(root.join(name)) {
            Ok(t) => {
                let v = crate::load::load(Some(&root.join(&t))).map_or_else(
                    |_| "does not pass check".to_owned(),
                    |c| format!("version {} ({})", c.meta.version, c.meta.updated),
                );
                format!("{name} -> {} : {v}", t.display())
            }
            Err(_) => format!("{name}: none"),
        }
    };
    let releases = root.join(RELEASES);
    let mut kept: Vec<PathBuf> = fs::read_dir(&releases)
        .map_err(io_err(&releases))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    kept.sort();
    let mut s = format!("{}\n{}\nreleases kept:\n", link(CURRENT), link(PREVIOUS));
    for k in kept {
        s.push_str(&format!("  {}\n", k.display()));
    }
    Ok(s)
}
