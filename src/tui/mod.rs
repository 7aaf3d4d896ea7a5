//! The wizard in the terminal.

use std::path::PathBuf;

use crate::content::Lang;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub content_dir: Option<PathBuf>,
    pub lang: Lang,
    pub high_contrast: bool,
    pub kiosk: bool,
    pub config: Option<PathBuf>,
    pub idle_seconds: Option<u64>,
}

pub fn main(_opts: Options) -> u8 {
    0
}
