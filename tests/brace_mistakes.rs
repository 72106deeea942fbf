//! Brace mistakes: a `{` or `}` left out, doubled, written too early or on a line of its own is
//! one S101 that says where the brace goes, and the lines around it are still read as meant.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::uji::{assert_only, sop_with};

#[test]
fn a_brace_on_its_own_line_is_one_error_that_says_where_it_goes() {
    let checked = common::check("sop \"X\"\nactor a \"A\"\nstep s 1 \"x\"\n{\n  by a\n}\n");
    let messages: Vec<&str> = checked.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, vec!["a '{' cannot start a line"]);
}

#[test]
fn a_missing_closing_brace_is_one_error_that_says_before_which_line_it_goes() {
    // The `}` of `jawab` is left out: the steps after it are still read as steps.
    let source = sop_with("  next tutup_kasus\n}\n", "  next tutup_kasus\n");
    assert_only(&source, &["S101"]);
    let checked = common::check(&source);
    let d = &checked.diagnostics[0];
    assert_eq!(d.message, "this 'step' block is never closed");
    assert_eq!(d.help.as_deref(), Some("add a '}' on its own line before line 24, where the block ends"));
    let before: Vec<&str> = d.related.iter().map(|(span, _)| &source[span.start..span.end]).collect();
    assert_eq!(before, vec!["step"]);
    assert_eq!(source.lines().nth(23), Some("step tutup_kasus 4 \"Tutup\" {"));
}

#[test]
fn two_missing_closing_braces_are_two_errors_and_nothing_else() {
    let source =
        sop_with("  next tutup_kasus\n}\n", "  next tutup_kasus\n").replacen("  next end\n}\n", "  next end\n", 1);
    assert_only(&source, &["S101", "S101"]);
}

#[test]
fn a_block_left_open_at_the_end_of_the_file_still_asks_for_its_brace() {
    let source = sop_with("", "").trim_end().trim_end_matches('}').to_string();
    assert_only(&source, &["S101"]);
    let checked = common::check(&source);
    assert_eq!(checked.diagnostics[0].help.as_deref(), Some("add a '}' on its own line where the block ends"));
}

#[test]
fn a_closing_brace_written_too_early_is_one_error_at_it_and_the_lines_after_stay_in_the_block() {
    let source = sop_with("  by admin\n  within 60 hari", "  by admin }\n  within 60 hari");
    let checked = common::check(&source);
    let d = &checked.diagnostics;
    assert_eq!(d.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(), ["this '}' ends its block too early"]);
    assert_eq!(&source[d[0].span.start..d[0].span.end + 1], "}\n");
}

#[test]
fn a_brace_typed_twice_is_one_error_at_the_second() {
    let source = sop_with("step jawab 3 \"Jawab\" {", "step jawab 3 \"Jawab\" {{");
    let d = &common::check(&source).diagnostics;
    assert_eq!(d.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(), ["this '{' is written twice"]);
}

#[test]
fn a_signatory_block_left_open_in_the_identity_page_is_the_block_that_lacks_its_brace() {
    // The '}' after 'nama' is written at the level of 'identity', so it closes 'identity', and
    // 'disahkan_oleh' is the block that lacks its '}'.
    let source = sop_with(
        r#"actor admin "Admin""#,
        "identity {\n  nomor \"1\"\n  disahkan_oleh {\n    nama \"Budi\"\n}\n\nactor admin \"Admin\"",
    );
    assert_only(&source, &["S101"]);
    let d = &common::check(&source).diagnostics[0];
    let opened = &source[source.find("disahkan_oleh {").unwrap() + "disahkan_oleh ".len()..];
    assert_eq!(d.span.start, source.len() - opened.len());
    assert_eq!(d.message, "this 'disahkan_oleh' block is never closed");
    assert_eq!(d.help.as_deref(), Some("add a '}' on its own line before line 7, where the block ends"));
    // A line of the identity page inside it ends it there, and is read in the identity page.
    let source = source.replacen("    nama \"Budi\"\n", "    nama \"Budi\"\n  dasar_hukum \"UU 25/2009\"\n", 1);
    assert_only(&source, &["S101"]);
    let d = &common::check(&source).diagnostics[0];
    let before: Vec<&str> = d.related.iter().map(|(span, _)| &source[span.start..span.end]).collect();
    assert_eq!(before, ["dasar_hukum"]);
}

#[test]
fn an_identity_page_left_open_after_a_closed_signatory_block_is_the_identity_block() {
    let source = sop_with(
        r#"actor admin "Admin""#,
        "identity {\n  disahkan_oleh {\n    nama \"Budi\"\n  }\n\nactor admin \"Admin\"",
    );
    assert_only(&source, &["S101"]);
    let d = &common::check(&source).diagnostics[0];
    assert_eq!(&source[d.span.start - "identity ".len()..d.span.end], "identity {");
}

#[test]
fn a_missing_opening_brace_is_one_error_at_the_end_of_its_header() {
    let source = "sop \"X\"\nactor a \"A\"\nstep s 1 \"S\" {\n  by a\n}\nstep t 2 \"Té → x\" // catatan\n  by a\n  output \"x\"\n}\nstep u 3 \"U\" {\n  by b\n}\n";
    let checked = common::check(source);
    let found: Vec<(&str, &str)> = checked.diagnostics.iter().map(|d| (d.rule.code, d.message.as_str())).collect();
    // The steps after it are still checked, at their own places.
    assert_eq!(found, vec![("S101", "this 'step' line has no '{' to open its block"), ("R201", "unknown actor 'b'")]);
    let d = &checked.diagnostics[0];
    assert_eq!(&source[..d.span.start].lines().last().unwrap_or_default(), &"step t 2 \"Té → x\"");
    assert_eq!(d.related.iter().map(|(s, _)| &source[s.start..s.end]).collect::<Vec<_>>(), vec!["}"]);
    let b = &checked.diagnostics[1];
    assert_eq!(&source[b.span.start..b.span.end], "b");
}

#[test]
fn a_missing_opening_brace_goes_before_a_comment_even_after_an_escaped_backslash() {
    let source = "sop \"X\"\nactor a \"A\"\nstep s 1 \"A\\\\\" // c {\n  by a\n}\n";
    let checked = common::check(source);
    let found: Vec<&str> = checked.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(found, vec!["this 'step' line has no '{' to open its block"]);
    let at = checked.diagnostics[0].span.start;
    assert_eq!(source[..at].lines().last(), Some("step s 1 \"A\\\\\""));
}
