//! The generator and the audit agree: `audit(simulate(sop, seed))` finds exactly the injected
//! deviations (and the open cases and missed periods the label file names), for every bundled
//! SOP, many seeds and all three trace formats.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use proptest::prelude::*;
use sop::calendar::Calendar;
use sop::model::Model;
use sop::sim::deviation;
use sop::sim::generate::{self, Config, Label, Probabilities};
use sop::sim::read::Format;
use sop::sim::report::Report;
use sop::sim::{audit_inputs, AuditOptions, Input};
use std::collections::BTreeMap;

const SOPS: [&str; 4] = ["rembang", "kubu_raya", "muara_enim", "brebes"];

/// A bundled SOP by name, or the SOP at a path ending in `.sop`.
fn model(sop: &str) -> Model {
    let path = if sop.ends_with(".sop") { sop.to_string() } else { format!("sops/{sop}.sop") };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{sop}: {e}"));
    common::check(&text).model.unwrap_or_else(|| panic!("{sop}: no model"))
}

fn config(seed: u64, cases: u64, deviations: f64) -> Config {
    Config {
        cases,
        seed,
        start: chrono::NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
        span_days: 60,
        deviations,
        probabilities: Probabilities::default(),
    }
}

/// (case, code, item, line or period) with how often, from a label file.
type Key = (String, String, Option<String>, String);

fn expected(labels: &[Label]) -> BTreeMap<Key, usize> {
    let mut map = BTreeMap::new();
    for l in labels {
        let at = l.period.clone().or(l.line.map(|n| n.to_string())).unwrap_or_default();
        *map.entry((l.case.clone(), l.code.to_string(), l.item.clone(), at)).or_default() += 1;
    }
    map
}

/// The same keys from the audit's report.
fn found(report: &Report) -> BTreeMap<Key, usize> {
    let mut map = BTreeMap::new();
    for (case, f) in report.findings() {
        let at = if f.code == deviation::DUTY_MISSED {
            let after = f.message.split(" in ").nth(1).unwrap_or_default();
            after.split(" (every").next().unwrap_or_default().to_string()
        } else {
            f.events.first().map(|l| l.line.to_string()).unwrap_or_default()
        };
        *map.entry((case.unwrap_or_default().to_string(), f.code.code.to_string(), f.item.clone(), at)).or_default() +=
            1;
    }
    map
}

fn round_trip(sop: &str, seed: u64, format: Format, deviations: f64) -> (BTreeMap<Key, usize>, BTreeMap<Key, usize>) {
    round_trip_with(sop, seed, format, deviations, 0.05)
}

/// As [`round_trip`], with escalations running out with chance `escalate` when they can.
fn round_trip_with(
    sop: &str,
    seed: u64,
    format: Format,
    deviations: f64,
    escalate: f64,
) -> (BTreeMap<Key, usize>, BTreeMap<Key, usize>) {
    let model = model(sop);
    let calendar = Calendar::bundled().unwrap();
    let mut config = config(seed, 40, deviations);
    for (k, timer) in model.timers.iter().enumerate() {
        if timer.escalation {
            config.probabilities.timers.insert(k, escalate);
        }
    }
    let mut bytes = Vec::new();
    let generated = generate::simulate(&model, &calendar, &config, format, &mut bytes)
        .unwrap_or_else(|e| panic!("{sop} seed {seed}: {e}"));
    let input = Input { name: "trace".into(), format, reader: Box::new(bytes.as_slice()) };
    let report = audit_inputs(&model, &calendar, vec![input], &AuditOptions::default());
    assert!(report.errors.is_empty(), "{sop} seed {seed}: {:?}", report.errors);
    assert_eq!(report.counts.events_rejected, 0, "{sop} seed {seed}");
    assert_eq!(report.counts.events_used, generated.events, "{sop} seed {seed}");
    (expected(&generated.labels), found(&report))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn audit_finds_exactly_what_the_generator_injected(seed in any::<u64>(), which in 0usize..4, format in 0usize..3) {
        let format = [Format::Csv, Format::Xes, Format::JsonLines][format];
        let (expected, found) = round_trip(SOPS[which], seed, format, 0.6);
        prop_assert_eq!(expected, found, "{} seed {} {:?}", SOPS[which], seed, format);
    }
}

#[test]
fn every_injectable_kind_is_injected_and_found_on_some_bundled_sop() {
    let mut seen = std::collections::BTreeSet::new();
    for sop in SOPS {
        for seed in 0..3 {
            let (expected, found) = round_trip_with(sop, seed, Format::Csv, 0.9, 0.5);
            assert_eq!(expected, found, "{sop} seed {seed}");
            seen.extend(expected.keys().map(|k| k.1.clone()));
        }
    }
    for code in generate::INJECTABLE {
        assert!(seen.contains(code.code), "{} never injected", code.code);
    }
}

#[test]
fn a_log_without_injected_deviations_complies() {
    for sop in SOPS {
        let (expected, found) = round_trip(sop, 11, Format::Csv, 0.0);
        assert_eq!(expected, found, "{sop}");
        assert!(expected.keys().all(|k| k.1 == "C815"), "{sop}: {expected:?}");
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_in_every_format() {
    let model = model("kubu_raya");
    let calendar = Calendar::bundled().unwrap();
    for format in [Format::Csv, Format::Xes, Format::JsonLines] {
        let run = |seed| {
            let mut bytes = Vec::new();
            generate::simulate(&model, &calendar, &config(seed, 25, 0.5), format, &mut bytes).unwrap();
            bytes
        };
        assert_eq!(run(5), run(5), "{format:?}");
        assert_ne!(run(5), run(6), "{format:?}");
    }
}

#[test]
fn the_share_of_cases_given_a_deviation_is_the_rate_asked_for() {
    let calendar = Calendar::bundled().unwrap();
    for sop in SOPS {
        let model = model(sop);
        for rate in [0.1, 0.5] {
            let mut bytes = Vec::new();
            let generated = generate::simulate(&model, &calendar, &config(7, 2000, rate), Format::Csv, &mut bytes)
                .unwrap_or_else(|e| panic!("{sop}: {e}"));
            let deviating: std::collections::BTreeSet<&str> = generated
                .labels
                .iter()
                .filter(|l| l.code != deviation::OPEN_WITHIN.code && l.code != deviation::DUTY_MISSED.code)
                .map(|l| l.case.as_str())
                .collect();
            let share = deviating.len() as f64 / 2000.0;
            // Within 15%, Brebes 25%: there some cases given a deviation end open within their
            // limits (a notice, not a deviation) when the log ends, which takes about a tenth
            // off its share (0.077-0.10 over seeds 1, 2, 3 and 7 at a rate of 0.1).
            let tolerance = if sop == "brebes" { 0.25 } else { 0.15 };
            assert!((share - rate).abs() < tolerance * rate, "{sop} at {rate}: {share}");
        }
    }
}

#[test]
fn deadlines_measured_from_a_named_step_and_every_unit_round_trip_too() {
    for seed in 0..40 {
        for format in [Format::Csv, Format::Xes] {
            let (expected, found) = round_trip("tests/sops/anchored.sop", seed, format, 0.5);
            assert_eq!(expected, found, "seed {seed} {format:?}");
        }
    }
}

#[test]
fn periods_of_duties_are_left_out_only_when_c816_may_be_injected() {
    let model = model("examples/periodic.sop");
    let calendar = Calendar::bundled().unwrap();
    let c816 = |config: &Config| {
        let mut bytes = Vec::new();
        let generated = generate::simulate(&model, &calendar, config, Format::Csv, &mut bytes).unwrap();
        generated.labels.iter().filter(|l| l.code == "C816").count()
    };
    let mut all = config(4, 200, 0.3);
    all.span_days = 300;
    assert!(c816(&all) > 0);
    let mut only_late = all.clone();
    only_late.probabilities.only(&["C808".to_string()]).unwrap();
    assert_eq!(c816(&only_late), 0);
    let mut weightless = all.clone();
    weightless.probabilities.kinds.insert("C816", 0.0);
    assert_eq!(c816(&weightless), 0);
}

#[test]
fn cases_left_to_a_timer_that_ends_them_round_trip() {
    // decision_loop's 'tidak_dilengkapi' ends a case 10 hari kerja after 'minta_lengkapi'.
    let model = model("examples/decision_loop.sop");
    let calendar = Calendar::bundled().unwrap();
    let mut ended_by_timer = 0;
    for seed in 0..20 {
        for format in [Format::Csv, Format::Xes] {
            let (expected, found) = round_trip("examples/decision_loop.sop", seed, format, 0.5);
            assert_eq!(expected, found, "seed {seed} {format:?}");
        }
        let mut bytes = Vec::new();
        generate::simulate(&model, &calendar, &config(seed, 40, 0.0), Format::Csv, &mut bytes).unwrap();
        let mut last: BTreeMap<String, String> = BTreeMap::new();
        for line in String::from_utf8(bytes).unwrap().lines().skip(1) {
            let fields: Vec<&str> = line.split(',').collect();
            if !fields[0].is_empty() {
                last.insert(fields[0].to_string(), fields[1].to_string());
            }
        }
        ended_by_timer += last.values().filter(|a| *a == "minta_lengkapi").count();
    }
    assert!(ended_by_timer > 0, "no case was left to the timer");
}

#[test]
fn one_seed_gives_the_same_log_in_every_format_only_laid_out_differently() {
    let calendar = Calendar::bundled().unwrap();
    for sop in ["brebes", "rembang"] {
        let model = model(sop);
        let findings = |format: Format| {
            let mut bytes = Vec::new();
            let generated = generate::simulate(&model, &calendar, &config(5, 300, 0.1), format, &mut bytes).unwrap();
            let input = Input { name: "log".into(), format, reader: Box::new(std::io::Cursor::new(bytes)) };
            let report = audit_inputs(&model, &calendar, vec![input], &AuditOptions::default());
            // Lines differ between the layouts; what was found, and where in which case, does not.
            let mut found: Vec<_> = report
                .findings()
                .map(|(case, f)| (case.map(str::to_string), f.code.code, f.item.clone(), f.time.map(|t| t.utc)))
                .collect();
            found.sort();
            (generated.events, generated.labels.len(), found)
        };
        assert_eq!(findings(Format::Csv), findings(Format::Xes), "{sop}");
        assert_eq!(findings(Format::Csv), findings(Format::JsonLines), "{sop}");
    }
}
