//! `sop render`: formats, outputs and exit codes (0 written, 1 SOP with errors, 2 usage or I/O).
#![allow(clippy::panic)]

mod common;

use common::sop;
use predicates::prelude::*;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn render_dot_prints_the_graph_on_standard_output() {
    sop()
        .args(["render", "sops/brebes.sop", "--format", "dot"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("digraph sop {").and(predicate::str::contains("cluster_0")));
}

#[test]
fn render_svg_writes_one_numbered_file_per_page() {
    let dir = temp();
    let out = dir.path().join("kubu.svg");
    sop().args(["render", "sops/kubu_raya.sop", "-o"]).arg(&out).assert().code(0);
    assert!(dir.path().join("kubu-1.svg").exists() && dir.path().join("kubu-2.svg").exists());
}

#[test]
fn render_pdf_writes_one_document() {
    let dir = temp();
    let out = dir.path().join("rembang.pdf");
    sop().args(["render", "sops/rembang.sop", "--format", "pdf", "--paper", "f4", "-o"]).arg(&out).assert().code(0);
    let bytes = std::fs::read(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"%PDF-"));
}

#[test]
fn render_of_a_directory_writes_a_file_per_sop() {
    let dir = temp();
    sop().args(["render", "sops", "--format", "pdf", "-o"]).arg(dir.path()).assert().code(0);
    for name in ["brebes", "kubu_raya", "muara_enim", "rembang"] {
        assert!(dir.path().join(format!("{name}.pdf")).exists(), "{name}.pdf missing");
    }
}

#[test]
fn render_of_a_file_with_errors_exits_one_with_its_diagnostics() {
    let dir = temp();
    let path = dir.path().join("bad.sop");
    std::fs::write(&path, "sop \"X\"\nactor admin \"Admin\"\nstep a 1 \"A\" {\n  by admn\n}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    sop()
        .args(["render", "--format", "dot"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("R201").and(predicate::str::contains("cannot render")));
}

#[test]
fn render_of_a_missing_file_exits_two() {
    sop().args(["render", "no/such/file.sop"]).assert().code(2).stderr(predicate::str::contains("cannot read"));
}

#[test]
fn render_with_an_unknown_format_is_a_usage_error() {
    sop().args(["render", "sops/brebes.sop", "--format", "gif"]).assert().code(2);
}

#[test]
fn graphviz_engine_renders_or_says_it_is_missing() {
    let dir = temp();
    let out = dir.path().join("g.svg");
    let assert = sop().args(["render", "sops/brebes.sop", "--engine", "graphviz", "-o"]).arg(&out).assert();
    let output = assert.get_output();
    match output.status.code() {
        Some(0) => assert!(std::fs::read_to_string(&out).unwrap_or_default().contains("<svg")),
        Some(2) => assert!(String::from_utf8_lossy(&output.stderr).contains("Graphviz is not installed")),
        other => panic!("unexpected exit {other:?}"),
    }
}

#[test]
fn graphviz_engine_without_dot_on_the_path_exits_two_and_says_so() {
    let dir = temp();
    sop()
        .env("PATH", dir.path())
        .args(["render", "sops/brebes.sop", "--engine", "graphviz", "--format", "png", "-o"])
        .arg(dir.path().join("g.png"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Graphviz is not installed"));
}

#[test]
fn a_dpi_outside_its_range_is_a_usage_error() {
    let dir = temp();
    for dpi in ["0", "100000"] {
        let out = dir.path().join("p.png");
        sop().args(["render", "sops/brebes.sop", "--format", "png", "--dpi", dpi, "-o"]).arg(&out).assert().code(2);
    }
}

#[test]
fn identity_list_fields_written_as_a_dash_are_blank_cells() {
    let dir = temp();
    let source = std::fs::read_to_string("sops/brebes.sop").unwrap_or_else(|e| panic!("{e}"));
    let source = source.replacen("identity {", "identity {\n  peringatan -\n  keterkaitan -", 1);
    let sop_path = dir.path().join("dash.sop");
    std::fs::write(&sop_path, source).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("dash.svg");
    sop().arg("render").arg(&sop_path).arg("-o").arg(&out).assert().code(0);
    let first = std::fs::read_to_string(dir.path().join("dash-1.svg")).unwrap_or_else(|e| panic!("{e}"));
    assert!(!first.contains(">-<"), "a dash is drawn on the identity page");
}

#[test]
fn english_durations_of_one_are_singular_and_dashed_signatory_parts_are_blank() {
    let dir = temp();
    let source = r#"sop "Contoh"
identity {
  instansi "PEMERINTAH KABUPATEN CONTOH"
  disahkan_oleh { jabatan -; nama "-"; nip - }
}
actor admin "Admin"
step terima 1 "Menerima aduan" {
  by admin
  within 1 hari kerja
}
periodic rekap "Rekap" {
  by admin
  every 1 bulan
}
"#;
    let sop_path = dir.path().join("one.sop");
    std::fs::write(&sop_path, source).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("one.svg");
    sop().arg("render").arg(&sop_path).args(["--lang", "en", "-o"]).arg(&out).assert().code(0);
    let pages: String =
        (1..=4).filter_map(|i| std::fs::read_to_string(dir.path().join(format!("one-{i}.svg"))).ok()).collect();
    assert!(pages.contains(">1 working day<") && pages.contains("every 1 month<"), "no singular");
    assert!(!pages.contains(">-<") && !pages.contains("NIP. -"), "a dash is drawn for the signatory");
}

#[test]
fn a_long_sop_name_is_set_smaller_on_every_flowchart_page_not_cut() {
    let dir = temp();
    let out = dir.path().join("t.svg");
    sop().args(["render", "tests/sops/long_title.sop", "--portrait", "-o"]).arg(&out).assert().code(0);
    let page = std::fs::read_to_string(dir.path().join("t-2.svg")).unwrap_or_else(|e| panic!("{e}"));
    assert!(page.contains("Tahun Anggaran 2024"), "the end of the name is missing");
}

/// An SOP with `actors` actors, each doing one step.
fn many_actors(dir: &std::path::Path, actors: usize) -> std::path::PathBuf {
    let mut text = String::from("sop \"Uji\"\n");
    for i in 0..actors {
        text.push_str(&format!("actor a{i} \"Kepala Sub Bagian Umum dan Kepegawaian {}\"\n", i + 1));
    }
    for i in 0..actors {
        text.push_str(&format!("step s{i} {} \"Kegiatan {}\" {{\n  by a{i}\n}}\n", i + 1, i + 1));
    }
    let path = dir.join("many.sop");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

#[test]
fn more_actors_than_a_page_has_columns_for_exits_two_and_names_a_page_that_fits() {
    let dir = temp();
    let sop_file = many_actors(dir.path(), 13);
    let out = dir.path().join("out.svg");
    sop()
        .arg("render")
        .arg(&sop_file)
        .args(["--portrait", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "many.sop: the flowchart has 13 actor columns, and a table on A4 portrait has room for 10; render on A4 landscape instead (without --portrait)",
        ));
    sop().arg("render").arg(&sop_file).arg("-o").arg(&out).assert().code(0);
    // DOT has no page: it is always written.
    sop().arg("render").arg(many_actors(dir.path(), 30)).args(["--format", "dot"]).assert().code(0);
}

#[test]
fn a_directory_render_draws_the_sops_that_fit_and_then_exits_two_for_the_one_that_does_not() {
    let dir = temp();
    let sops = dir.path().join("sops");
    std::fs::create_dir(&sops).unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(many_actors(dir.path(), 12), sops.join("a_many.sop")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy("examples/minimal.sop", sops.join("b_min.sop")).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    sop().arg("render").arg(&sops).args(["--portrait", "--paper", "f4", "-o"]).arg(&out).assert().code(2).stderr(
        predicate::str::contains("a_many.sop: the flowchart has 12 actor columns")
            .and(predicate::str::contains("render on F4 landscape instead (without --portrait)")),
    );
    assert!(out.join("b_min-1.svg").exists());
}
