//! The layouts the geometry tests check: the four seeds on A4 landscape, A4 portrait and F4, a
//! generated 120-step SOP, and the fixtures of `tests/sops/`.
#![allow(dead_code, clippy::panic)]

use super::generated::generated_sop as generated;
use sop::model::Model;
use sop::render::{self, Layout, Options};

/// The model of seed `sops/NAME.sop`.
pub fn seed(name: &str) -> Model {
    let path = format!("{}/sops/{name}.sop", env!("CARGO_MANIFEST_DIR"));
    super::model_of(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

pub const SEEDS: [&str; 4] = ["kubu_raya", "rembang", "brebes", "muara_enim"];

/// The seeds on three papers, a generated 120-step SOP and `tests/sops/tall_rows.sop`.
pub fn layouts() -> Vec<(String, Model, Layout)> {
    let mut all = Vec::new();
    for name in SEEDS {
        let model = seed(name);
        for options in [
            Options::default(),
            Options { portrait: true, ..Options::default() },
            Options { paper: render::Paper::F4, ..Options::default() },
        ] {
            let layout = render::layout(&model, &options);
            all.push((format!("{name} {options:?}"), model.clone(), layout));
        }
    }
    let model = super::model_of(&generated(120));
    let layout = render::layout(&model, &Options::default());
    all.push(("generated 120".to_string(), model, layout));
    // Rows taller than a page, split between pages.
    all.extend(fixture_layouts("tall_rows"));
    all
}

/// The layouts of `tests/sops/NAME.sop` on A4 landscape, A4 portrait and F4.
pub fn fixture_layouts(name: &str) -> Vec<(String, Model, Layout)> {
    let path = format!("{}/tests/sops/{name}.sop", env!("CARGO_MANIFEST_DIR"));
    let model = super::model_of(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")));
    [
        Options::default(),
        Options { portrait: true, ..Options::default() },
        Options { paper: render::Paper::F4, ..Options::default() },
    ]
    .into_iter()
    .map(|options| (format!("{name} {options:?}"), model.clone(), render::layout(&model, &options)))
    .collect()
}
