//! A question with many short options (the provinces) laid out as a grid
//! of cells, and moving between them in two dimensions. Pure: the view
//! draws the layout, `app` moves the cursor on the same layout.

/// A question with more options than this is shown as a grid.
pub const MORE_THAN: usize = 12;

/// Columns between two cells side by side.
pub const GAP: u16 = 2;

/// Columns a cell takes beside its label: a space, the mark ("> " or
/// "✓ "), the label, a space.
pub const PAD: u16 = 4;

/// With more columns than this, one column fewer is worth a grid without
/// a gap beside a longer label.
pub const WIDE_COLUMNS: u16 = 6;

/// One option to place: its index among the question's options, the
/// display width of its label, and whether it takes a row of its own
/// (an option that cannot be typed, such as "I don't know").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub option: usize,
    pub width: u16,
    pub wide: bool,
}

/// A placed cell: which option, its row, where it starts and how wide it
/// is, in columns from the left of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub option: usize,
    pub row: usize,
    pub x: u16,
    pub w: u16,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub cells: Vec<Cell>,
    pub rows: usize,
    /// The width of the whole grid (the rows of their own are this wide).
    pub width: u16,
}

/// Lays the items out in `width` columns: cells of one width (wide enough
/// for nearly every label), a longer label spanning as many cells as it
/// needs, the rows of their own below.
pub fn layout(items: &[Item], width: u16) -> Layout {
    let width = width.max(1);
    let mut widths: Vec<u16> = items
        .iter()
        .filter(|i| !i.wide)
        .map(|i| i.width + PAD)
        .collect();
    widths.sort_unstable();
    // Every label up to half again as wide as the middle one fits a cell;
    // the few longer ones span two or more.
    let middle = widths.get(widths.len() / 2).copied().unwrap_or(width);
    let cell = widths
        .iter()
        .copied()
        .filter(|w| *w * 2 <= middle * 3)
        .max()
        .unwrap_or(width)
        .clamp(1, width);
    let mut cols = ((width + GAP) / (cell + GAP)).max(1);
    // A label that spans two cells leaves a gap beside it ("Inner
    // Mongolia"). Widen the cells to the widest label that fits in as many
    // columns; on a wide window, in one column fewer.
    let fits = |cols: u16| {
        let room = ((width + GAP) / cols.max(1)).saturating_sub(GAP);
        widths.iter().copied().filter(|w| *w <= room).max()
    };
    let mut cell = fits(cols).unwrap_or(cell).max(cell);
    if cols > WIDE_COLUMNS
        && let Some(wider) = fits(cols - 1).filter(|w| *w > cell)
    {
        cell = wider;
        cols = ((width + GAP) / (cell + GAP)).max(1);
    }
    let grid_w = cols * cell + (cols - 1) * GAP;
    let mut out = Layout {
        cells: Vec::new(),
        rows: 0,
        width: grid_w,
    };
    let (mut row, mut col) = (0usize, 0u16);
    for it in items.iter().filter(|i| !i.wide) {
        let need = it.width + PAD;
        let span = (1..=cols)
            .find(|k| k * cell + (k - 1) * GAP >= need)
            .unwrap_or(cols);
        if col > 0 && col + span > cols {
            row += 1;
            col = 0;
        }
        out.cells.push(Cell {
            option: it.option,
            row,
            x: col * (cell + GAP),
            w: span * cell + (span - 1) * GAP,
        });
        col += span;
        if col >= cols {
            row += 1;
            col = 0;
        }
    }
    if col > 0 {
        row += 1;
    }
    for it in items.iter().filter(|i| i.wide) {
        out.cells.push(Cell {
            option: it.option,
            row,
            x: 0,
            w: grid_w,
        });
        row += 1;
    }
    out.rows = row;
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Up,
    Down,
    Left,
    Right,
}

/// The option a move from `from` reaches, or `None` at the edge. Left and
/// right go through the cells in reading order; up and down go to the cell
/// above or below that covers the same column.
pub fn step(l: &Layout, from: usize, dir: Dir) -> Option<usize> {
    let i = l.cells.iter().position(|c| c.option == from)?;
    let cur = l.cells[i];
    match dir {
        Dir::Left => i.checked_sub(1).map(|j| l.cells[j].option),
        Dir::Right => l.cells.get(i + 1).map(|c| c.option),
        Dir::Up | Dir::Down => {
            let row = if dir == Dir::Up {
                cur.row.checked_sub(1)?
            } else {
                cur.row + 1
            };
            let in_row = l.cells.iter().filter(|c| c.row == row);
            // The cell over the same column, else the nearest one left of it.
            in_row
                .clone()
                .find(|c| c.x <= cur.x && cur.x < c.x + c.w)
                .or_else(|| in_row.clone().rfind(|c| c.x <= cur.x))
                .or_else(|| l.cells.iter().find(|c| c.row == row))
                .map(|c| c.option)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(ws: &[u16]) -> Vec<Item> {
        ws.iter()
            .enumerate()
            .map(|(i, w)| Item {
                option: i,
                width: *w,
                wide: false,
            })
            .collect()
    }

    #[test]
    fn a_long_label_spans_cells_and_the_wide_row_comes_last() {
        let mut it = items(&[4, 4, 4, 4, 4, 4, 4, 4, 4, 16]);
        it.push(Item {
            option: 10,
            width: 16,
            wide: true,
        });
        let l = layout(&it, 30);
        // Cells of 8 columns: three to a row of 28.
        assert_eq!(l.width, 28);
        assert!(l.cells[..9].iter().all(|c| c.w == 8));
        // 20 columns need three cells of 8 (two make 18).
        let long = l.cells[9];
        assert_eq!((long.row, long.w), (3, 28));
        let wide = l.cells[10];
        assert_eq!((wide.row, wide.x, wide.w), (4, 0, 28));
        assert_eq!(l.rows, 5);
    }

    #[test]
    fn a_label_that_fits_a_wider_cell_in_the_same_columns_does_not_span() {
        // Cells of 16 (a label of 12 and its pad); the label of 14 is more
        // than half again the middle one, so it would span two cells and
        // leave a gap beside it. In 78 columns, four cells of 18 fit as
        // well as four of 16: the cells widen and nothing spans.
        let it = items(&[7, 7, 7, 7, 7, 12, 14]);
        let l = layout(&it, 78);
        assert!(l.cells.iter().all(|c| c.w == 18), "{l:?}");
        assert_eq!((l.width, l.rows), (78, 2));
        // In 150 columns, eight cells of 16 or seven of 18: seven, no span.
        let l = layout(&it, 150);
        assert!(l.cells.iter().all(|c| c.w == 18), "{l:?}");
        // In 70 columns cells of 18 would make three: the label spans.
        let l = layout(&it, 70);
        assert_eq!(l.cells[6].w, 2 * 16 + GAP, "{l:?}");
        assert!(l.cells[..6].iter().all(|c| c.w == 16));
    }

    #[test]
    fn moves_in_two_dimensions() {
        let l = layout(&items(&[4; 7]), 30);
        // 0 1 2 / 3 4 5 / 6
        assert_eq!(step(&l, 1, Dir::Down), Some(4));
        assert_eq!(step(&l, 4, Dir::Up), Some(1));
        assert_eq!(step(&l, 2, Dir::Right), Some(3));
        assert_eq!(step(&l, 3, Dir::Left), Some(2));
        assert_eq!(step(&l, 5, Dir::Down), Some(6));
        assert_eq!(step(&l, 0, Dir::Up), None);
        assert_eq!(step(&l, 6, Dir::Right), None);
    }
}
