//! Layout + SVG of the four seed SOPs, and of a generated 500-step SOP.

use criterion::{criterion_group, criterion_main, Criterion};
use sop::check::Profile;
use sop::pipeline::check_source;
use sop::render::{self, Options};
#[path = "../tests/common/generated.rs"]
mod generated;

use generated::generated_sop as generated;

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
