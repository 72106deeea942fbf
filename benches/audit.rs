//! Audit throughput on generated logs of 10^5 and 10^6 events, from CSV and XES, and the
//! generator itself. Throughput is in events; `cargo bench --bench audit`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sop::calendar::Calendar;
use sop::check::Profile;
use sop::model::Model;
use sop::pipeline::check_source;
use sop::sim::generate::{self, Config, Probabilities};
use sop::sim::read::Format;
use sop::sim::{audit_inputs, AuditOptions, Input};
use std::hint::black_box;

/// Rembang's SOP: the longest path and a timer, so the log exercises most of replay.
fn model() -> Option<Model> {
    let profile = Profile::bundled().ok()?;
    let source = std::fs::read_to_string("sops/rembang.sop").ok()?;
    check_source(&source, &profile).model
}

fn config(cases: u64) -> Config {
    Config {
        cases,
        seed: 42,
        start: chrono::NaiveDate::from_ymd_opt(2025, 1, 6).unwrap_or_default(),
        span_days: 300,
        deviations: 0.05,
        probabilities: Probabilities::default(),
    }
}

/// A generated log of about `events` events (rembang cases have about 6.8 events).
fn log(model: &Model, calendar: &Calendar, events: u64, format: Format) -> (Vec<u8>, u64) {
    let mut bytes = Vec::new();
    let generated = generate::simulate(model, calendar, &config(events * 10 / 68), format, &mut bytes);
    (bytes, generated.map(|g| g.events).unwrap_or(0))
}

fn audit(c: &mut Criterion) {
    let (Some(model), Ok(calendar)) = (model(), Calendar::bundled()) else { return };
    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    for (format, name) in [(Format::Csv, "csv"), (Format::Xes, "xes")] {
        for events in [100_000u64, 1_000_000] {
            let (bytes, count) = log(&model, &calendar, events, format);
            group.throughput(Throughput::Elements(count));
            group.bench_with_input(BenchmarkId::new(name, events), &bytes, |b, bytes| {
                b.iter(|| {
                    let input = Input { name: "bench".into(), format, reader: Box::new(bytes.as_slice()) };
                    black_box(audit_inputs(&model, &calendar, vec![input], &AuditOptions::default()))
                })
            });
        }
    }
    group.finish();
}

fn simulate(c: &mut Criterion) {
    let (Some(model), Ok(calendar)) = (model(), Calendar::bundled()) else { return };
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    let (_, count) = log(&model, &calendar, 100_000, Format::Csv);
    group.throughput(Throughput::Elements(count));
    group.bench_function("csv/100000", |b| {
        b.iter(|| {
            let mut bytes = Vec::with_capacity(8 << 20);
            black_box(generate::simulate(&model, &calendar, &config(100_000 * 10 / 68), Format::Csv, &mut bytes).ok())
        })
    });
    group.finish();
}

criterion_group!(benches, audit, simulate);
criterion_main!(benches);
