//! Two themes. Neither carries information by colour alone: the selected
//! row also has a `>` marker, a ticked material is `[✓]`, in bold and says
//! so in a word, buttons are in brackets (or boxes on a kiosk).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub base: Style,
    pub header: Style,
    pub heading: Style,
    pub strong: Style,
    pub dim: Style,
    pub selected: Style,
    pub option: Style,
    pub button: Style,
    /// A button that cannot act on this screen: dimmed, no brackets lost.
    pub button_off: Style,
    pub warn: Style,
}

impl Theme {
    pub fn default_theme() -> Theme {
        Theme {
            base: Style::new(),
            header: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            heading: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            strong: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::Gray),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            // A dark grey that keeps white text well above 4.5:1 contrast.
            option: Style::new().bg(Color::Indexed(237)).fg(Color::White),
            button: Style::new().fg(Color::Black).bg(Color::White),
            button_off: Style::new().fg(Color::Gray).bg(Color::Indexed(237)),
            warn: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        }
    }

    pub fn high_contrast() -> Theme {
        let fg = Style::new().fg(Color::White).bg(Color::Black);
        Theme {
            base: fg,
            header: Style::new().fg(Color::Black).bg(Color::White),
            heading: fg.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            // No background of its own: bold text keeps the box it is in.
            strong: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
            dim: fg,
            selected: Style::new().fg(Color::Black).bg(Color::Yellow),
            // A kiosk's options and grid cells are touch targets: a box
            // just off black shows where they are, and white text on it
            // stays at about 15:1.
            option: Style::new().fg(Color::White).bg(Color::Indexed(235)),
            button: Style::new().fg(Color::Black).bg(Color::White),
            // Still readable, but plainly not a white button.
            button_off: fg.add_modifier(Modifier::DIM),
            warn: Style::new().fg(Color::Black).bg(Color::Yellow),
        }
    }

    /// No colour at all (the NO_COLOR convention, no-color.org): bold,
    /// underline and reverse video only, in the terminal's own colours.
    pub fn no_color() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            base: Style::new(),
            header: Style::new().add_modifier(Modifier::REVERSED),
            heading: bold.add_modifier(Modifier::UNDERLINED),
            strong: bold,
            dim: Style::new(),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            option: Style::new(),
            button: Style::new().add_modifier(Modifier::REVERSED),
            button_off: Style::new().add_modifier(Modifier::DIM),
            warn: bold.add_modifier(Modifier::REVERSED),
        }
    }
}
