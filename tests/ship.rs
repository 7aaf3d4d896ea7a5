//! Shipping: the manual pages and shell completions that `generate` writes
//! say what `--help` says, command by command; the kiosk package asks for
//! the same version of the main package; and (ignored, slow) both Debian
//! packages build and work from a throwaway root.

#[path = "fixtures/support.rs"]
mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("yibao-ship-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    d
}

/// Every `--long-option` named in a text.
fn long_options(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i + 2 < b.len() {
        let starts = b[i] == b'-'
            && b[i + 1] == b'-'
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'-');
        if starts && b[i + 2].is_ascii_lowercase() {
            let mut j = i + 2;
            while j < b.len() && (b[j].is_ascii_lowercase() || b[j] == b'-') {
                j += 1;
            }
            out.insert(text[i..j].trim_end_matches('-').to_owned());
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The subcommand names a `--help` lists under "Commands:".
fn commands(help: &str) -> Vec<String> {
    help.split("Commands:")
        .nth(1)
        .map(|rest| {
            rest.lines()
                .skip(1)
                .take_while(|l| l.starts_with("  "))
                .filter_map(|l| l.split_whitespace().next())
                .filter(|c| *c != "help")
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Every command path: [], ["route"], ["content"], ["content", "install"], ...
fn command_paths() -> Vec<Vec<String>> {
    let mut out = vec![Vec::new()];
    let mut i = 0;
    while i < out.len() {
        let path = out[i].clone();
        let args: Vec<&str> = path.iter().map(String::as_str).chain(["--help"]).collect();
        let help = run(&args);
        assert_eq!(help.code, Some(0), "{help:?}");
        for c in commands(&help.stdout) {
            let mut p = path.clone();
            p.push(c);
            out.push(p);
        }
        i += 1;
    }
    out
}

/// A manual page as plain text: roff escapes and font changes removed.
fn man_text(page: &Path) -> String {
    fs::read_to_string(page)
        .unwrap_or_else(|e| panic!("{}: {e}", page.display()))
        .replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fI", "")
        .replace("\\fR", "")
}

#[test]
fn each_manual_page_names_exactly_the_options_and_commands_of_its_help() {
    let dir = temp("man");
    let out = run(&["generate", "man", s(&dir)]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let paths = command_paths();
    assert!(
        paths.iter().any(|p| p == &["content", "install"]),
        "{paths:?}"
    );
    for path in &paths {
        let name = std::iter::once("yibao-guide")
            .chain(path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("-");
        let page = dir.join(format!("{name}.1"));
        assert!(
            out.stdout.contains(&page.display().to_string()),
            "generate did not say it wrote {}:\n{}",
            page.display(),
            out.stdout
        );
        let man = man_text(&page);
        let args: Vec<&str> = path.iter().map(String::as_str).chain(["--help"]).collect();
        let help = run(&args).stdout;
        assert_eq!(
            long_options(&man),
            long_options(&help),
            "options of `{name}`: manual page vs --help"
        );
        for c in commands(&help) {
            assert!(man.contains(&c), "{name}.1 does not list the command {c}");
        }
        // The description is the same words.
        let first = help.lines().next().unwrap_or_default();
        assert!(man.contains(first), "{name}.1 lacks `{first}`");
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn man_renders_the_page_of_route_with_its_options() {
    if Command::new("man").arg("--version").output().is_err() {
        eprintln!("skipped: man is not installed (apt-get install man-db)");
        return;
    }
    let dir = temp("man-l");
    assert_eq!(run(&["generate", "man", s(&dir)]).code, Some(0));
    let out = Command::new("man")
        .arg("-l")
        .arg(dir.join("yibao-guide-route.1"))
        .env("MANWIDTH", "100")
        .env("PAGER", "cat")
        .output()
        .expect("run man");
    // Bold and underline come as "x<BS>x" and "_<BS>x": keep the last.
    let mut text = String::new();
    for c in String::from_utf8_lossy(&out.stdout).chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for want in [
        "--format",
        "--all",
        "--columns",
        "QUESTION=OPTION",
        "receipt",
    ] {
        assert!(text.contains(want), "`{want}` missing:\n{text}");
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn completions_for_bash_zsh_and_fish_offer_every_command_and_option() {
    let dir = temp("completions");
    let out = run(&["generate", "completions", s(&dir)]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let files = ["yibao-guide.bash", "_yibao-guide", "yibao-guide.fish"];
    for path in command_paths() {
        let args: Vec<&str> = path.iter().map(String::as_str).chain(["--help"]).collect();
        let help = run(&args).stdout;
        for f in files {
            let text = fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
            for c in commands(&help) {
                assert!(text.contains(&c), "{f} lacks the command {c}");
            }
            for o in long_options(&help) {
                // fish writes `-l format` for --format.
                let bare = o.trim_start_matches('-');
                let found = text.contains(&o) || text.contains(&format!("-l {bare}"));
                assert!(found, "{f} lacks {o} of `{}`", path.join(" "));
            }
        }
    }
    // bash can load it.
    if Command::new("bash").arg("--version").output().is_ok() {
        let ok = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source {} && complete -p yibao-guide",
                dir.join("yibao-guide.bash").display()
            ))
            .output()
            .expect("bash");
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn generate_into_a_folder_it_cannot_make_says_so() {
    let out = run(&["generate", "man", "/proc/no-such/dir"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.starts_with("error: /proc/no-such/dir"),
        "{out:?}"
    );
}

#[test]
fn the_kiosk_package_depends_on_this_version_of_the_main_package() {
    let manifest: toml::Table =
        toml::from_str(&fs::read_to_string(manifest_dir().join("Cargo.toml")).unwrap()).unwrap();
    let version = manifest["package"]["version"].as_str().unwrap();
    let deb = &manifest["package"]["metadata"]["deb"];
    let kiosk = deb["variants"]["kiosk"]["depends"].as_str().unwrap();
    assert!(
        kiosk.contains(&format!("yibao-guide (= {version}-1)")),
        "kiosk depends `{kiosk}`, package version {version}"
    );
    // Every file the packages take from the repository exists.
    for variant in [&deb["assets"], &deb["variants"]["kiosk"]["assets"]] {
        for a in variant.as_array().unwrap() {
            let src = a[0].as_str().unwrap();
            if !src.starts_with("target/") {
                assert!(manifest_dir().join(src).exists(), "asset {src} is missing");
            }
        }
    }
}

/// Slow (a release build, several minutes): `cargo test --test ship -- --ignored`.
#[test]
#[ignore]
fn debian_packages_build_and_run_from_a_throwaway_root() {
    let have = |prog: &str, arg: &str| {
        Command::new(prog)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("dpkg-deb", "--version") || !have("man", "--version") {
        eprintln!("skipped: dpkg-deb or man is not installed (apt-get install dpkg man-db)");
        return;
    }
    if !have("cargo", "deb") && std::env::var_os("YIBAO_INSTALL_CARGO_DEB").is_none() {
        eprintln!(
            "skipped: cargo-deb is not installed; scripts/deb.sh installs it, or set YIBAO_INSTALL_CARGO_DEB=1"
        );
        return;
    }
    let script = |name: &str| {
        let out = Command::new("sh")
            .arg(manifest_dir().join("scripts").join(name))
            .output()
            .expect("run sh");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{name}:\n{all}");
        all
    };
    script("deb.sh");
    let checked = script("deb-check.sh");
    assert!(checked.contains("ok: both packages"), "{checked}");
}
