//! yibao-guide: how to move basic medical insurance (医保) from one place to
//! another in mainland China.
//!
//! `content` reads and checks the TOML content, `flow` is the pure engine,
//! `export` turns an outcome into what a person takes away (file, receipt,
//! QR code), `cli` and `tui` are the two faces.

pub mod cli;
pub mod content;
pub mod export;
pub mod flow;
pub mod tui;
