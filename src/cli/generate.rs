//! `generate man DIR` and `generate completions DIR`: the manual pages and
//! the shell completions, made from the same command-line definitions that
//! print `--help`, so the two can never disagree. The Debian package script
//! runs these on the binary it packages.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use clap::Command;
use clap_complete::Shell;

/// The shells completions are made for, and where a Debian package puts
/// each file.
pub const SHELLS: [(Shell, &str); 3] = [
    (Shell::Bash, "bash-completion/completions"),
    (Shell::Zsh, "zsh/vendor-completions"),
    (Shell::Fish, "fish/vendor_completions.d"),
];

/// Writes `NAME.1` and one `NAME-SUBCOMMAND.1` per subcommand into `dir`;
/// returns the files written.
pub fn man(cmd: Command, dir: &Path) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut written = Vec::new();
    page(cmd, dir, &mut written)?;
    Ok(written)
}

fn page(cmd: Command, dir: &Path, written: &mut Vec<PathBuf>) -> io::Result<()> {
    let man = clap_mangen::Man::new(cmd.clone());
    written.push(man.generate_to(dir)?);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        page(sub.clone(), dir, written)?;
    }
    Ok(())
}

/// Writes the completions for bash, zsh and fish into `dir`, under the
/// names each shell looks for; returns the files written.
pub fn completions(cmd: Command, dir: &Path) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let mut cmd = cmd;
    let name = cmd.get_name().to_owned();
    SHELLS
        .iter()
        .map(|(shell, _)| clap_complete::generate_to(*shell, &mut cmd, &name, dir))
        .collect()
}
