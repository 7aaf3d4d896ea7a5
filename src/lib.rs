//! yibao-guide: how to move basic medical insurance (医保) from one place to
//! another in mainland China.
//!
//! Dependencies go one way: `calendar` is a leaf; `content` reads and
//! checks the TOML files (it knows nothing of the flow); `flow` is the pure
//! engine and audits the paths; `load` puts the two together for the faces;
//! `export` turns an outcome into what a person takes away (file, receipt,
//! QR code); `speech` says what a screen says, for a voice; `cli`, `tui`
//! and `plain` (line by line, for screen readers) are the faces, and none
//! uses another (all write through `out`).

pub mod calendar;
pub mod cli;
pub mod content;
pub mod embed;
pub mod export;
pub mod flow;
pub mod load;
pub mod out;
pub mod plain;
pub mod speech;
pub mod tui;
