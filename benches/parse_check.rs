//! Parse + lower + check over the four seed SOPs, and over generated SOPs of 1,000 and
//! 10,000 steps (the cost should grow linearly with the number of steps).
#![allow(clippy::indexing_slicing)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sop::check::Profile;
use sop::pipeline::check_source;
use std::fmt::Write as _;

/// A valid SOP with `steps` steps: a chain with a decision every tenth step that either
/// goes on or loops back for completion, deadlines on every step, a timer every fiftieth.
fn generated(steps: usize) -> String {
    let mut s = String::from("sop \"Generated\"\nlimit 9999 bulan\n");
    s.push_str("attribute lengkap \"Aduan lengkap\" bool\n");
    for a in ["pelapor", "admin", "opd"] {
        let _ = writeln!(s, "actor {a} \"{a}\"");
    }
    for i in 0..steps {
        let actor = ["pelapor", "admin", "opd"][i % 3];
        if i % 10 == 9 {
            let _ = writeln!(s, "decision s{i} {} \"Apakah aduan lengkap?\" {{\n  by {actor}\n  within 1 hari kerja\n  when lengkap -> s{} \"Ya\"\n  else -> s{} \"Tidak\"\n}}", i + 1, i + 1, i - 3);
        } else {
            let _ = writeln!(
                s,
                "step s{i} {} \"Langkah {i}\" {{\n  by {actor}\n  within {} menit\n  output \"Hasil {i}\"\n}}",
                i + 1,
                5 + i % 7
            );
        }
        if i % 50 == 10 {
            let _ =
                writeln!(s, "timer t{i} {{\n  from s{i}\n  after 10 hari kerja\n  unless by pelapor\n  then end\n}}");
        }
    }
    let _ = writeln!(s, "step s{steps} \"Selesai\" {{\n  by admin\n}}");
    s
}

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
