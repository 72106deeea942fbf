//! The Indonesian (and a few English) words an author may write for a keyword, so the help of
//! `unknown-keyword` can name the keyword meant (`oleh` → `by`, `langkah` → `step`).

/// Each word and the keywords it may stand for, the likelier first; the one allowed where the
/// word is written is the one meant.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("aktor", &["actor"]),
    ("pelaksana", &["actor", "by"]),
    ("pelaku", &["actor", "by"]),
    ("atribut", &["attribute"]),
    ("langkah", &["step"]),
    ("kegiatan", &["step"]),
    ("proses", &["step"]),
    ("tahap", &["step", "phase"]),
    ("tahapan", &["step", "phase"]),
    ("keputusan", &["decision"]),
    ("putusan", &["decision"]),
    ("eskalasi", &["escalation"]),
    ("pewaktu", &["timer"]),
    ("berkala", &["periodic"]),
    ("periodik", &["periodic"]),
    ("identitas", &["identity"]),
    ("izinkan", &["allow"]),
    ("abaikan", &["allow"]),
    ("batas", &["limit", "within"]),
    ("batas_waktu", &["limit", "within"]),
    ("oleh", &["by"]),
    ("dalam", &["within"]),
    ("maksimal", &["within"]),
    ("paling_lambat", &["within"]),
    ("keluaran", &["output"]),
    ("hasil", &["output"]),
    ("persyaratan", &["kelengkapan"]),
    ("syarat", &["kelengkapan"]),
    ("lanjut", &["next"]),
    ("selanjutnya", &["next"]),
    ("berikutnya", &["next"]),
    ("fase", &["phase"]),
    ("catatan", &["note"]),
    ("jika", &["when"]),
    ("bila", &["when"]),
    ("apabila", &["when"]),
    ("ketika", &["when"]),
    ("kalau", &["when"]),
    ("lainnya", &["else"]),
    ("selain_itu", &["else"]),
    ("pilihan", &["option"]),
    ("opsi", &["option"]),
    ("dari", &["from"]),
    ("sejak", &["from"]),
    ("mulai", &["from"]),
    ("setelah", &["after"]),
    ("sesudah", &["after"]),
    ("kecuali", &["unless"]),
    ("maka", &["then"]),
    ("lalu", &["then"]),
    ("kemudian", &["then"]),
    ("setiap", &["every"]),
    ("tiap", &["every"]),
    ("nilai", &["values"]),
];

/// The keyword among `allowed` that `word` stands for, if it is one of the words above.
pub fn keyword_for(word: &str, allowed: &[&str]) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let (_, keywords) = SYNONYMS.iter().find(|(w, _)| *w == lower)?;
    keywords.iter().copied().find(|k| allowed.contains(k))
}
