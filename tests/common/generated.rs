//! A generated SOP of any size, shared by the tests and the benchmarks.

use std::fmt::Write as _;

/// A valid SOP with `steps` numbered steps and a final one: a chain with a decision every tenth
/// step that goes on or loops back for completion, a deadline on every step, a step by two
/// actors every seventh, and a timer to the end every fiftieth.
pub fn generated_sop(steps: usize) -> String {
    let mut s = String::from("sop \"Generated\"\nlimit 9999 bulan\nattribute lengkap \"Aduan lengkap\" bool\n");
    for a in ["pelapor", "admin", "opd"] {
        let _ = writeln!(s, "actor {a} \"{a}\"");
    }
    for i in 0..steps {
        let actor = ["pelapor", "admin", "opd"].get(i % 3).copied().unwrap_or("admin");
        if i % 10 == 9 {
            let _ = writeln!(
                s,
                "decision s{i} {} \"Apakah aduan lengkap?\" {{\n  by {actor}\n  within 1 hari kerja\n  when lengkap -> s{} \"Ya\"\n  else -> s{} \"Tidak\"\n}}",
                i + 1,
                i + 1,
                i - 3
            );
        } else if i % 7 == 3 {
            let _ = writeln!(s, "step s{i} {} \"Langkah bersama {i}\" {{\n  by admin opd\n  within 2 hari\n}}", i + 1);
        } else {
            let minutes = 5 + i % 7;
            let _ = writeln!(
                s,
                "step s{i} {} \"Langkah {i}\" {{\n  by {actor}\n  within {minutes} menit\n  output \"Hasil {i}\"\n}}",
                i + 1
            );
        }
        if i % 50 == 10 {
            let _ = writeln!(
                s,
                "timer t{i} {{\n  from s{i}\n  after 10 hari kerja\n  unless by pelapor\n  then end\n  label \"> 10 hari\"\n}}"
            );
        }
    }
    let _ = writeln!(s, "step s{steps} \"Selesai\" {{\n  by admin\n}}");
    s
}
