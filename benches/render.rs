//! Layout + SVG of the four seed SOPs, and of a generated 500-step SOP.

use criterion::{criterion_group, criterion_main, Criterion};
use sop::check::Profile;
use sop::pipeline::check_source;
use sop::render::{self, Options};
use std::fmt::Write as _;

/// A valid SOP with `steps` steps over three actors: decisions every tenth step that loop back,
/// a timer to the end every fiftieth step, a step by two actors every seventh.
fn generated(steps: usize) -> String {
    let mut s = String::from("sop \"Generated\"\nattribute lengkap \"Aduan lengkap\" bool\n");
    for a in ["pelapor", "admin", "opd"] {
        let _ = writeln!(s, "actor {a} \"{a}\"");
    }
    for i in 0..steps {
        let actor = ["pelapor", "admin", "opd"].get(i % 3).copied().unwrap_or("admin");
        if i % 10 == 9 {
            let _ = writeln!(
                s,
                "decision s{i} {} \"Apakah aduan lengkap?\" {{\n  by {actor}\n  when lengkap -> s{} \"Ya\"\n  else -> s{} \"Tidak\"\n}}",
                i + 1,
                i + 1,
                i - 3
            );
        } else if i % 7 == 3 {
            let _ = writeln!(s, "step s{i} {} \"Langkah bersama {i}\" {{\n  by admin opd\n}}", i + 1);
        } else {
            let _ = writeln!(s, "step s{i} {} \"Langkah {i}\" {{\n  by {actor}\n  output \"Hasil {i}\"\n}}", i + 1);
        }
        if i % 50 == 10 {
            let _ = writeln!(s, "timer t{i} {{\n  from s{i}\n  after 10 hari kerja\n  unless by pelapor\n  then end\n  label \"> 10 hari\"\n}}");
        }
    }
    let _ = writeln!(s, "step s{steps} \"Selesai\" {{\n  by admin\n}}");
    s
}

fn bench(c: &mut Criterion) {
    let Ok(profile) = Profile::bundled() else { return };
    let options = Options::default();
    let mut group = c.benchmark_group("render");
    for name in ["kubu_raya", "rembang", "brebes", "muara_enim"] {
        let Ok(source) = std::fs::read_to_string(format!("sops/{name}.sop")) else { continue };
        let Some(model) = check_source(&source, &profile).model else { continue };
        group.bench_function(format!("layout+svg/{name}"), |b| {
            b.iter(|| render::svg(&render::layout(&model, &options)))
        });
    }
    group.sample_size(10);
    let source = generated(500);
    let checked = check_source(&source, &profile);
    assert!(!checked.has_errors(), "generated SOP has errors: {:?}", checked.diagnostics.first());
    if let Some(model) = checked.model {
        group.bench_function("layout/generated_500", |b| b.iter(|| render::layout(&model, &options)));
        group.bench_function("layout+svg/generated_500", |b| b.iter(|| render::svg(&render::layout(&model, &options))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
