//! The `sop` binary: exit codes, output formats, every subcommand.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{sop, temp_file};
use predicates::prelude::*;
use std::fs;

const VALID: &str = "sop \"Contoh\"\nactor admin \"Admin\"\nstep terima 1 \"Menerima aduan\" {\n  by admin\n}\n";

#[test]
fn check_of_the_bundled_sops_exits_zero_with_warnings_only() {
    sop().args(["check", "sops/"]).assert().code(0).stdout(predicate::str::contains("0 errors"));
}

#[test]
fn check_with_deny_warnings_fails_on_the_seeds_real_defects() {
    sop().args(["check", "--deny", "warnings", "sops/"]).assert().code(1);
}

#[test]
fn check_of_a_file_with_an_error_exits_one_and_names_the_code() {
    let (_dir, path) = temp_file("bad.sop", b"sop \"X\"\nactor admin \"Admin\"\nstep a 1 \"A\" {\n  by admn\n}\n");
    sop()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("R201").and(predicate::str::contains("did you mean 'admin'")));
}

#[test]
fn check_of_a_missing_file_exits_two() {
    sop().args(["check", "no/such/file.sop"]).assert().code(2).stderr(predicate::str::contains("cannot read"));
}

#[test]
fn check_without_paths_is_a_usage_error() {
    sop().arg("check").assert().code(2);
}

#[test]
fn check_json_lists_every_field_tools_need() {
    let (_dir, path) = temp_file("bad.sop", b"actor admin \"Admin\"\n");
    let output = sop().args(["check", "--format", "json"]).arg(&path).output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    let first = &json[0];
    for key in ["code", "name", "severity", "message", "file", "line", "column", "offset", "length", "help"] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    let codes: Vec<&str> = json.as_array().into_iter().flatten().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"S106") && codes.contains(&"R206"), "{codes:?}");
}

#[test]
fn check_json_gives_the_related_places_the_text_output_labels() {
    let source = b"sop \"X\"\nactor admin \"Admin\"\nactor admin \"Admin lagi\"\nstep s 1 \"S\" {\n  by admin\n}\n";
    let (_dir, path) = temp_file("dup.sop", source);
    let output = sop().args(["check", "--format", "json"]).arg(&path).output().unwrap_or_else(|e| panic!("{e}"));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    let related = &json[0]["related"][0];
    assert_eq!(json[0]["code"], "R203");
    assert_eq!((related["line"].as_u64(), related["column"].as_u64()), (Some(2), Some(7)));
    assert_eq!(related["label"], "first declared here");
    let text = sop().arg("check").arg(&path).output().unwrap_or_else(|e| panic!("{e}"));
    assert!(String::from_utf8_lossy(&text.stdout).contains("first declared here"));
}

#[test]
fn check_of_binary_garbage_exits_one_without_panicking() {
    let (_dir, path) = temp_file("garbage.sop", &[0xff, 0xfe, 0x00, 0x13, 0x80, b'{', b'{']);
    sop().arg("check").arg(&path).assert().code(1).stdout(predicate::str::contains("not UTF-8"));
}

#[test]
fn check_of_an_empty_file_reports_the_missing_name() {
    let (_dir, path) = temp_file("empty.sop", b"");
    sop().arg("check").arg(&path).assert().code(1).stdout(predicate::str::contains("S106"));
}

#[test]
fn check_with_a_broken_profile_exits_two() {
    let (_dir, path) = temp_file("profile.toml", b"name = 3\n");
    sop().args(["check", "sops/", "--profile"]).arg(&path).assert().code(2).stderr(predicate::str::contains("profile"));
}

#[test]
fn rules_lists_every_code() {
    let assert = sop().arg("rules").assert().code(0);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    for rule in sop::check::rules::ALL {
        assert!(out.contains(rule.code) && out.contains(rule.name), "{} missing", rule.code);
    }
}

#[test]
fn explain_prints_the_rule_page_by_code_or_name() {
    sop()
        .args(["explain", "S107"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# S107 duplicate-step-number"));
    sop().args(["explain", "unknown-actor"]).assert().code(0).stdout(predicate::str::contains("## Fix"));
}

#[test]
fn explain_knows_the_audit_codes_too() {
    sop()
        .args(["explain", "C808"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# C808 deadline-missed").and(predicate::str::contains("hari kerja")));
    sop().arg("rules").assert().code(0).stdout(predicate::str::contains("C816"));
}

#[test]
fn explain_of_an_unknown_code_suggests_the_closest() {
    sop()
        .args(["explain", "unknown-actr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean 'unknown-actor'"));
}

#[test]
fn show_prints_the_sop_table() {
    let assert = sop().args(["show", "sops/muara_enim.sop"]).assert().code(0);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    insta::assert_snapshot!("show_muara_enim", out);
}

#[test]
fn show_json_has_the_model_fields() {
    let output =
        sop().args(["show", "--format", "json", "sops/kubu_raya.sop"]).output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    for key in ["name", "actors", "steps", "decisions", "timers", "periodic"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    for key in ["id", "number", "text", "actors", "limit", "output"] {
        assert!(json["steps"][0].get(key).is_some(), "step lacks {key}");
    }
    assert_eq!(json["actors"][0]["title"], "Pengadu");
}

#[test]
fn show_of_a_file_with_errors_exits_one() {
    let (_dir, path) = temp_file("bad.sop", b"sop \"X\"\nstep a 1 \"A\" {\n  by nobody\n}\n");
    sop().arg("show").arg(&path).assert().code(1).stderr(predicate::str::contains("unknown actor"));
}

#[test]
fn fmt_check_passes_on_the_bundled_sops() {
    sop().args(["fmt", "--check", "sops/", "examples/"]).assert().code(0);
}

#[test]
fn fmt_rewrites_a_file_and_check_then_passes() {
    let (_dir, path) = temp_file(
        "messy.sop",
        b"sop   \"X\"\n\n\n\nactor admin \"Admin\"   // admin\nstep a 1 \"A\" {   by admin\n}\n",
    );
    sop().args(["fmt", "--check"]).arg(&path).assert().code(1);
    sop().arg("fmt").arg(&path).assert().code(0);
    sop().args(["fmt", "--check"]).arg(&path).assert().code(0);
    let text = fs::read_to_string(&path).unwrap_or_default();
    assert!(text.contains("actor admin \"Admin\" // admin"), "{text}");
}

#[test]
fn fmt_refuses_a_file_with_syntax_errors() {
    let (_dir, path) = temp_file("broken.sop", b"sop \"X\nactor a \"A\"\n");
    sop().arg("fmt").arg(&path).assert().code(1).stderr(predicate::str::contains("text is not closed"));
}

#[test]
fn a_valid_file_checks_clean() {
    let (_dir, path) = temp_file("ok.sop", VALID.as_bytes());
    sop().arg("check").arg(&path).assert().code(0).stdout(predicate::str::contains("0 errors, 0 warnings"));
}

#[test]
fn calendar_add_into_a_provisional_year_says_so_and_other_years_do_not() {
    let into_2027 = sop().args(["calendar", "add", "2026-12-30", "3"]).assert().success();
    let out = String::from_utf8_lossy(&into_2027.get_output().stdout).into_owned();
    assert!(out.starts_with("2027-01-06 (Rabu)\ncatatan: data hari libur tahun 2027 masih sementara"), "{out}");
    sop().args(["calendar", "add", "2025-12-30", "3"]).assert().success().stdout("2026-01-05 (Senin)\n");
    // Calendar days under the default exact policy look at no holiday data at all.
    sop()
        .args(["calendar", "add", "2027-06-01", "3", "--unit", "hari"])
        .assert()
        .success()
        .stdout("2027-06-04 (Jumat)\n");
}

#[test]
fn a_file_with_lone_carriage_returns_is_numbered_by_its_lines() {
    let source = "sop \"X\"\ractor admin \"Admin\"\rstep a 1 \"A\" {\r  by zz\r}\r";
    let (_dir, path) = temp_file("cr.sop", source.as_bytes());
    let output = sop().args(["check", "--format", "json"]).arg(&path).output().unwrap_or_else(|e| panic!("{e}"));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    let r201 = json.as_array().and_then(|a| a.iter().find(|d| d["code"] == "R201")).cloned().unwrap_or_default();
    assert_eq!((r201["line"].as_u64(), r201["column"].as_u64()), (Some(4), Some(6)), "{json}");
}

#[test]
fn check_of_a_missing_file_still_checks_the_others_and_exits_two() {
    sop()
        .args(["check", "sops/brebes.sop", "no/such/file.sop"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("checked 1 file"))
        .stderr(predicate::str::contains("cannot read 'no/such/file.sop'"));
}

#[test]
fn calendar_between_names_a_regency_files_holiday_by_its_file_not_as_national() {
    let regency = b"[[holiday]]\ndate = 2025-02-04\nname = \"Hari Jadi Kabupaten Contoh\"\n";
    let (_dir, path) = temp_file("kabupaten.toml", regency);
    let run =
        sop().args(["calendar", "between", "2025-01-27", "2025-02-05", "--calendar"]).arg(&path).assert().success();
    let out = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    let line = |name: &str| out.lines().find(|l| l.contains(name)).unwrap_or_default().to_string();
    assert!(line("2025-01-29").contains("libur nasional  Tahun Baru Imlek"), "{out}");
    let regional = line("Hari Jadi");
    assert!(regional.contains("hari libur") && !regional.contains("nasional"), "{out}");
    assert!(regional.ends_with(&format!("({})", path.display())), "{out}");
}

#[cfg(unix)]
#[test]
fn a_directory_linked_into_itself_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("examples/minimal.sop", dir.path().join("a.sop")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("again")).unwrap();
    sop().arg("check").arg(dir.path()).assert().code(0).stdout(predicate::str::contains("checked 1 file:"));
}

#[test]
fn a_byte_that_is_not_utf8_is_pointed_at_on_its_line() {
    let (_dir, path) = temp_file("cafe.sop", b"sop \"X\"\nactor a \"A\"\nstep s 1 \"Caf\xe9 enak\" {\n  by a\n}\n");
    let out = sop().arg("check").arg(&path).assert().code(1).get_output().stdout.clone();
    let text = String::from_utf8_lossy(&out);
    // The whole line is shown, the rest of the file after it too, and the label under the byte.
    assert!(
        text.contains("step s 1 \"Caf\u{fffd} enak\" {") && text.contains("first byte that is not UTF-8"),
        "{text}"
    );
    assert!(text.contains(":3:14"), "{text}");
}

#[test]
fn fmt_refuses_a_file_that_is_not_utf8_as_check_does_with_exit_one() {
    let (_dir, path) = temp_file("cafe.sop", b"sop \"X\"\nactor a \"A\"\nstep s 1 \"Caf\xe9\" {\n  by a\n}\n");
    let before = fs::read(&path).unwrap();
    sop()
        .arg("fmt")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("S101").and(predicate::str::contains("first byte that is not UTF-8")));
    assert_eq!(fs::read(&path).unwrap(), before);
}
