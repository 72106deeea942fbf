//! Month names as Indonesian and English texts write them, for dates printed in words.

/// Full names, common spellings (`pebruari`, `nopember`) and short forms, lower case.
const MONTHS: &[(&str, u32)] = &[
    ("januari", 1),
    ("january", 1),
    ("jan", 1),
    ("februari", 2),
    ("february", 2),
    ("feb", 2),
    ("pebruari", 2),
    ("maret", 3),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("mei", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("agustus", 8),
    ("agt", 8),
    ("august", 8),
    ("agu", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("nopember", 11),
    ("nov", 11),
    ("desember", 12),
    ("december", 12),
    ("des", 12),
    ("dec", 12),
];

/// The number (1-12) of the month `word` names, ignoring case.
pub fn month_named(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    MONTHS.iter().find(|(name, _)| *name == word).map(|(_, m)| *m)
}
