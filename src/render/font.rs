//! The bundled font (Liberation Sans, SIL OFL 1.1) and text measurement from its metrics, so
//! wrapping is the same on every machine.

/// The regular face, as shipped in `assets/fonts/`.
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
/// The bold face.
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");
/// The family name the SVG asks for; the PDF and PNG backends load exactly the bundled faces.
pub const FAMILY: &str = "Liberation Sans";

/// Characters below this are measured from a table built once.
const TABLE: usize = 0x0250;
/// Width of a character the font lacks, in em.
const FALLBACK_EM: f32 = 0.6;
/// Line height as a multiple of the font size.
pub const LINE: f32 = 1.2;

/// Advance widths in em of both faces.
#[derive(Debug, Clone)]
pub struct Metrics {
    regular: Face,
    bold: Face,
}

#[derive(Debug, Clone)]
struct Face {
    table: Vec<f32>,
    data: &'static [u8],
}

impl Face {
    fn load(data: &'static [u8]) -> Face {
        let mut table = vec![FALLBACK_EM; TABLE];
        if let Ok(face) = ttf_parser::Face::parse(data, 0) {
            let upem = f32::from(face.units_per_em().max(1));
            for (code, slot) in table.iter_mut().enumerate() {
                let advance = u32::try_from(code)
                    .ok()
                    .and_then(char::from_u32)
                    .and_then(|c| face.glyph_index(c))
                    .and_then(|g| face.glyph_hor_advance(g));
                if let Some(advance) = advance {
                    *slot = f32::from(advance) / upem;
                }
            }
        }
        Face { table, data }
    }

    fn em(&self, c: char) -> f32 {
        if let Some(w) = self.table.get(c as usize) {
            return *w;
        }
        let Ok(face) = ttf_parser::Face::parse(self.data, 0) else { return FALLBACK_EM };
        let upem = f32::from(face.units_per_em().max(1));
        face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(FALLBACK_EM, |a| f32::from(a) / upem)
    }
}

impl Metrics {
    /// The metrics of the bundled faces.
    pub fn bundled() -> Metrics {
        Metrics { regular: Face::load(REGULAR), bold: Face::load(BOLD) }
    }

    /// The width of one line of text at `size` points.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = if bold { &self.bold } else { &self.regular };
        text.chars().map(|c| face.em(c)).sum::<f32>() * size
    }

    /// Splits text into lines no wider than `width`: at spaces, else after `/` or `-`, else
    /// between characters. Line breaks in the text are kept.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if self.width(&candidate, size, bold) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut rest = word.to_string();
                while self.width(&rest, size, bold) > width {
                    let (head, tail) = self.split_word(&rest, size, bold, width);
                    lines.push(head);
                    rest = tail;
                }
                line = rest;
            }
            lines.push(line);
        }
        lines
    }

    /// Keeps the first `n` (at least one) of `lines`, the last ending in an ellipsis that fits
    /// `width` when lines were left out.
    pub fn truncate(&self, lines: &mut Vec<String>, n: usize, size: f32, bold: bool, width: f32) {
        if lines.len() <= n.max(1) {
            return;
        }
        lines.truncate(n.max(1));
        if let Some(last) = lines.last_mut() {
            let mut words: Vec<&str> = last.split(' ').collect();
            while words.len() > 1 && self.width(&format!("{} …", words.join(" ")), size, bold) > width {
                words.pop();
            }
            *last = format!("{} …", words.join(" "));
        }
    }

    /// Cuts a word too wide for a line: after the last `/` or `-` that fits, else at the last
    /// character that fits (at least one character, so wrapping always ends).
    fn split_word(&self, word: &str, size: f32, bold: bool, width: f32) -> (String, String) {
        let mut fit = 0;
        let mut punct = None;
        let mut used = 0.0;
        for (i, c) in word.char_indices() {
            used += self.width(c.encode_utf8(&mut [0; 4]), size, bold);
            if used > width && fit > 0 {
                break;
            }
            fit = i + c.len_utf8();
            if c == '/' || c == '-' {
                punct = Some(fit);
            }
        }
        let cut = punct.filter(|&p| p < word.len()).unwrap_or(fit);
        let (head, tail) = word.split_at(cut.min(word.len()));
        (head.to_string(), tail.to_string())
    }
}

/// The height of `lines` lines at `size` points.
pub fn height(lines: usize, size: f32) -> f32 {
    lines as f32 * size * LINE
}
