//! Parse + lower + check over the four seed SOPs, and over generated SOPs of 1,000 and
//! 10,000 steps (the cost should grow linearly with the number of steps).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sop::check::Profile;
use sop::pipeline::check_source;
#[path = "../tests/common/generated.rs"]
mod generated;

use generated::generated_sop as generated;

fn seeds(c: &mut Criterion) {
    let Ok(profile) = Profile::bundled() else { return };
    let mut group = c.benchmark_group("parse_check/seeds");
    for name in ["kubu_raya", "rembang", "brebes", "muara_enim"] {
        let Ok(source) = std::fs::read_to_string(format!("sops/{name}.sop")) else { continue };
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_function(name, |b| b.iter(|| check_source(&source, &profile)));
    }
    group.finish();
}

fn generated_sizes(c: &mut Criterion) {
    let Ok(profile) = Profile::bundled() else { return };
    let mut group = c.benchmark_group("parse_check/generated");
    group.sample_size(10);
    for steps in [1_000, 10_000] {
        let source = generated(steps);
        let checked = check_source(&source, &profile);
        assert!(!checked.has_errors(), "generated SOP has errors: {:?}", checked.diagnostics.first());
        group.throughput(Throughput::Elements(steps as u64));
        group.bench_with_input(BenchmarkId::from_parameter(steps), &source, |b, source| {
            b.iter(|| check_source(source, &profile))
        });
    }
    group.finish();
}

criterion_group!(benches, seeds, generated_sizes);
criterion_main!(benches);
