//! UI tests: every rule's documented Example triggers it, its Fix does not, and the rendered
//! message of the Example is snapshotted. Docs and tests share the snippets, so they cannot drift.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use sop::check::rules::{self, Rule};

/// The first ```sop block after `heading` in a rule's page.
fn snippet<'d>(rule: &Rule, doc: &'d str, heading: &str) -> &'d str {
    let Some(section) = doc.split(heading).nth(1) else { panic!("{}: no '{heading}' section", rule.code) };
    let Some(start) = section.find("```sop\n") else { panic!("{}: no sop block under '{heading}'", rule.code) };
    let block = &section[start + "```sop\n".len()..];
    let Some(end) = block.find("\n```") else { panic!("{}: unterminated block under '{heading}'", rule.code) };
    &block[..=end]
}

#[test]
fn every_rule_page_has_the_four_sections_and_its_header() {
    for rule in rules::ALL {
        let header = format!("# {} {}\n", rule.code, rule.name);
        assert!(rule.doc.starts_with(&header), "{}: page must start with '{header}'", rule.code);
        assert!(
            rule.doc.contains(&format!("**Severity:** {}", rule.severity.as_str())),
            "{}: severity line",
            rule.code
        );
        for section in ["## What it does", "## Why it matters", "## Example", "## Fix"] {
            assert!(rule.doc.contains(section), "{}: missing '{section}'", rule.code);
        }
    }
}

#[test]
fn every_documented_example_triggers_its_rule() {
    for rule in rules::ALL {
        let example = snippet(rule, rule.doc, "## Example");
        let codes = common::codes(example);
        assert!(codes.contains(&rule.code), "{}: the Example does not trigger it; got {codes:?}", rule.code);
    }
}

#[test]
fn every_documented_fix_is_free_of_its_rule_and_of_errors() {
    for rule in rules::ALL {
        let fix = snippet(rule, rule.doc, "## Fix");
        let checked = common::check(fix);
        let codes: Vec<_> = checked.diagnostics.iter().map(|d| d.rule.code).collect();
        assert!(!codes.contains(&rule.code), "{}: the Fix still triggers it", rule.code);
        assert!(!checked.has_errors(), "{}: the Fix has errors: {codes:?}", rule.code);
    }
}

#[test]
fn every_rule_renders_its_example_as_documented() {
    for rule in rules::ALL {
        let example = snippet(rule, rule.doc, "## Example");
        let rendered = common::rendered(&format!("{}.sop", rule.code), example);
        insta::assert_snapshot!(format!("ui_{}", rule.code), rendered);
    }
}

#[test]
fn rule_codes_and_names_are_unique_and_well_formed() {
    let mut seen = std::collections::HashSet::new();
    for rule in rules::ALL {
        assert!(seen.insert(rule.code) && seen.insert(rule.name), "{} / {} used twice", rule.code, rule.name);
        assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{} is not kebab-case", rule.name);
        assert_eq!(rules::lookup(rule.name), Some(*rule));
        assert_eq!(rules::lookup(&rule.code.to_lowercase()), Some(*rule));
    }
}

#[test]
fn the_rules_index_lists_every_rule() {
    let index = include_str!("../docs/rules/README.md");
    for rule in rules::ALL {
        assert!(index.contains(rule.code) && index.contains(rule.name), "docs/rules/README.md lacks {}", rule.code);
    }
}
