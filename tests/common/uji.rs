//! The small SOP that the mistake tests change one line of.

/// An SOP with an attribute, a decision on it, a step with conditional deadlines and a timer;
/// `old` is replaced by `new` once.
pub fn sop_with(old: &str, new: &str) -> String {
    let base = r#"sop "Uji"

actor admin "Admin"

attribute kadar "Kadar" { values "pengawasan" "biasa" }

decision jenis 1 "Berkadar pengawasan?" {
  by admin
  when kadar == "pengawasan" -> apip "Ya"
  else -> jawab "Tidak"
}

step apip 2 "Teruskan ke APIP" {
  by admin
  within 60 hari when kadar == "pengawasan"
  within 14 hari kerja when kadar == "biasa"
  next end
}

step jawab 3 "Jawab" {
  by admin
  next tutup_kasus
}

step tutup_kasus 4 "Tutup" {
  by admin
  next end
}

timer tutup "Tutup otomatis" {
  from jawab
  after 10 hari kerja
  then tutup_kasus
}
"#;
    assert!(base.contains(old), "{old}");
    base.replacen(old, new, 1)
}

/// Asserts that `source` has exactly the diagnostics `expected`, by code, in order.
pub fn assert_only(source: &str, expected: &[&str]) {
    let codes = super::codes(source);
    assert_eq!(codes, expected, "{source}");
}
