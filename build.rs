//! Checks `content/` as `check` does and embeds it, so the binary alone is a
//! working product that never parses its own content at start-up.
//!
//! Broken content fails the build with the same file:line:column messages
//! as `yibao-guide check`. The checked content is encoded into
//! `OUT_DIR/content.bin` and its texts into `OUT_DIR/texts.txt`, which
//! `load::load_embedded` decodes; the TOML
//! text is embedded as well (`OUT_DIR/embedded.rs`), for the tests that
//! check changed copies of it.

// The pure modules of the program, compiled into the build script too.
#[allow(dead_code)]
#[path = "src/calendar.rs"]
mod calendar;
#[allow(dead_code, unused_imports)]
#[path = "src/content/mod.rs"]
mod content;
#[allow(dead_code)]
#[path = "src/embed.rs"]
mod embed;
#[allow(dead_code, unused_imports)]
#[path = "src/flow/mod.rs"]
mod flow;
#[allow(dead_code)]
#[path = "src/out.rs"]
mod out;

use std::env;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Read when the script runs, not when it is compiled: a target folder
    // shared by two checkouts must embed each one's own content.
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest);
    let dir = root.join("content");
    println!("cargo:rerun-if-changed={}", dir.display());
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_owned();
    let files = match embed::source_files(&dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut text = String::from("pub const FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        let name = f.name.trim_start_matches("content/");
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        text.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    text.push_str(&format!(
        "];\npub const CONTENT: &[u8] = include_bytes!({:?});\npub const TEXTS: &str = include_str!({:?});\n",
        out.join("content.bin").display().to_string(),
        out.join("texts.txt").display().to_string()
    ));
    match embed::build(&files) {
        Ok(built) => {
            for w in &built.warnings {
                println!(
                    "cargo:warning={}:{}:{}: {}",
                    w.file, w.line, w.column, w.message
                );
            }
            fs::write(out.join("content.bin"), built.encoded).expect("write content.bin");
            fs::write(out.join("texts.txt"), built.texts).expect("write texts.txt");
            fs::write(out.join("embedded.rs"), text).expect("write embedded.rs");
            ExitCode::SUCCESS
        }
        Err(report) => {
            eprintln!("{report}");
            eprintln!("the content in {} does not pass the check", dir.display());
            ExitCode::FAILURE
        }
    }
}
