//! Sizes of the drawing, in points (1/72 inch). One place to tune the look.

/// Page margin (10 mm).
pub const MARGIN: f32 = 28.35;
/// Body text in table cells.
pub const TEXT: f32 = 7.0;
/// Column headers.
pub const HEAD: f32 = 7.0;
/// Text beside arrows.
pub const LABEL: f32 = 6.0;
/// The SOP name above each flowchart page.
pub const TITLE: f32 = 9.0;
/// Page numbers.
pub const FOOTER: f32 = 7.0;
/// Padding inside a cell.
pub const PAD: f32 = 3.0;
/// Height reserved above the table for the title (two lines) and below it for the page number.
pub const TITLE_H: f32 = 28.0;
pub const FOOTER_H: f32 = 14.0;
/// Height of a band holding off-page connectors at the top or bottom of a page's table.
pub const STRIP: f32 = 26.0;
/// Free space above and below a symbol inside its row, for arrows and labels.
pub const ROW_GAP: f32 = 15.0;
/// Symbol heights.
pub const PROCESS_H: f32 = 18.0;
pub const DECISION_H: f32 = 26.0;
pub const TERMINATOR_H: f32 = 16.0;
/// Widest symbol.
pub const SYMBOL_W_MAX: f32 = 62.0;
/// Side of an off-page connector.
pub const CONNECTOR: f32 = 14.0;
/// Distance between parallel vertical arrow tracks.
pub const TRACK: f32 = 3.0;
/// Width of the *No* column.
pub const NO_W: f32 = 22.0;
/// Narrowest and widest actor column.
pub const LANE_MIN: f32 = 34.0;
pub const LANE_MAX: f32 = 92.0;
/// Narrowest the five text columns (Uraian, Kelengkapan, Waktu, Output, Keterangan) may be
/// together.
pub const TEXT_MIN: f32 = 150.0;
/// Arrowhead length and half width.
pub const HEAD_L: f32 = 4.5;
pub const HEAD_W: f32 = 2.0;

/// How far from its arrow's start a label may be before a footnote marker takes its place.
pub const LABEL_REACH: f32 = 30.0;
