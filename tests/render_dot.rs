//! The DOT swimlanes as Graphviz draws them: the lanes stand in the order the file declares its
//! actors. Runs `dot` when it is installed and is skipped, with a note, when it is not.
#![allow(clippy::panic)]

mod common;

use sop::render::{self, EngineError, Options};

fn dot_of(name: &str, source: &str) -> String {
    let checked = common::check(source);
    assert!(!checked.diagnostics.iter().any(|d| d.is_error()), "{name} has errors");
    let Some(model) = checked.model else { panic!("{name} has no model") };
    render::dot(&render::layout(&model, &Options::default()))
}

fn seed(name: &str) -> String {
    let path = format!("{}/sops/{name}.sop", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The source with its `actor` lines put in another order (`order` maps new place → old place).
fn reorder_actors(source: &str, order: impl Fn(usize, usize) -> usize) -> String {
    let actors: Vec<&str> = source.lines().filter(|l| l.starts_with("actor ")).collect();
    let mut k = 0;
    let lines: Vec<&str> = source
        .lines()
        .map(|line| {
            if !line.starts_with("actor ") {
                return line;
            }
            k += 1;
            actors.get(order(k - 1, actors.len())).copied().unwrap_or(line)
        })
        .collect();
    lines.join("\n")
}

/// The clusters of a Graphviz SVG, by the left edge of their box, left to right.
fn cluster_order(svg: &str) -> Vec<usize> {
    let mut lefts: Vec<(f64, usize)> = Vec::new();
    for part in svg.split("<title>cluster_").skip(1) {
        let Some((number, rest)) = part.split_once("</title>") else { continue };
        let Ok(number) = number.parse::<usize>() else { continue };
        let Some((_, points)) = rest.split_once("points=\"") else { continue };
        let Some((points, _)) = points.split_once('"') else { continue };
        let left = points
            .split_whitespace()
            .filter_map(|pair| pair.split_once(',').and_then(|(x, _)| x.parse::<f64>().ok()))
            .fold(f64::INFINITY, f64::min);
        lefts.push((left, number));
    }
    lefts.sort_by(|a, b| a.0.total_cmp(&b.0));
    lefts.into_iter().map(|(_, n)| n).collect()
}

#[test]
fn graphviz_draws_the_lanes_in_declared_order() {
    for name in ["kubu_raya", "rembang", "brebes", "muara_enim"] {
        let source = seed(name);
        let variants = [
            ("as declared", source.clone()),
            ("actors reversed", reorder_actors(&source, |k, n| n - 1 - k)),
            ("actors rotated", reorder_actors(&source, |k, n| (k + 1) % n)),
        ];
        for (how, source) in variants {
            let dot = dot_of(name, &source);
            let lanes = dot.matches("subgraph cluster_").count();
            let svg = match render::graphviz(&dot, "svg") {
                Ok(svg) => String::from_utf8_lossy(&svg).into_owned(),
                Err(EngineError::Missing) => {
                    eprintln!("note: Graphviz 'dot' is not installed; the lane order is not checked");
                    return;
                }
                Err(e) => panic!("{name} ({how}): {e}"),
            };
            let order = cluster_order(&svg);
            assert_eq!(order, (0..lanes).collect::<Vec<_>>(), "{name} ({how}): lanes out of declared order");
        }
    }
}

#[test]
fn only_arrows_to_the_next_row_reserve_a_rank_for_their_label() {
    let dot = dot_of("kubu_raya", &seed("kubu_raya"));
    // 4 → 5 is the next row; 4 → 6 skips row 5, whose step its label would cover.
    assert!(dot.contains(r#"n3 -> n4 [label="Belum ditanggapi"]"#), "{dot}");
    assert!(dot.contains(r#"n3 -> n5 [xlabel="Sudah ditanggapi"]"#), "{dot}");
    assert!(dot.contains("forcelabels=true"));
}

#[test]
fn dot_without_pages_is_the_dot_of_the_whole_layout() {
    for name in ["kubu_raya", "rembang", "brebes", "muara_enim"] {
        let checked = common::check(&seed(name));
        let Some(model) = checked.model else { panic!("{name} has no model") };
        let options = Options::default();
        assert_eq!(render::dot(&render::flow_only(&model, &options)), dot_of(name, &seed(name)), "{name}");
    }
}
