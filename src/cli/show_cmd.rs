//! `sop show`: the SOP as a readable table (No, Uraian, Pelaksana, Waktu, Output), or the
//! model as JSON.

use super::{files, Format, Outcome, ShowArgs};
use sop::check::Profile;
use sop::diagnostic::render_human;
use sop::model::{Condition, Model, Step};
use sop::pipeline::check_bytes;
use sop::render::{Labels, Lang};

const WIDTHS: [usize; 5] = [4, 46, 26, 22, 34];

pub fn run(args: &ShowArgs) -> Result<Outcome, String> {
    let name = args.file.display().to_string();
    let bytes = files::read(&args.file)?;
    let profile = Profile::bundled()?;
    let (source, checked) = check_bytes(&bytes, &profile);
    let model = match checked.model {
        Some(model) if !checked.diagnostics.iter().any(|d| d.is_error()) => model,
        _ => {
            let errors: Vec<_> = checked.diagnostics.into_iter().filter(|d| d.is_error()).collect();
            eprint!("{}", render_human(&errors, &name, &source));
            eprintln!("{name}: cannot show an SOP with errors; 'sop check {name}' lists them");
            return Ok(Outcome::Problems);
        }
    };
    match args.format {
        Format::Json => {
            super::emit(&format!("{}\n", serde_json::to_string_pretty(&model.to_json()).map_err(|e| e.to_string())?))
        }
        Format::Human => super::emit(&table(&model)),
    }
    Ok(Outcome::Clean)
}

/// The whole SOP as text.
pub fn table(model: &Model) -> String {
    let mut out = format!("{}\n", model.name);
    if let Some(nomor) = model.identity.as_ref().and_then(|i| i.nomor.as_ref()).filter(|n| !n.is_blank()) {
        out.push_str(&format!("Nomor SOP: {}\n", nomor.text));
    }
    out.push('\n');
    push_row(&mut out, &["No", "Uraian Kegiatan", "Pelaksana", "Waktu", "Output"].map(String::from));
    out.push_str(&format!("{}\n", "-".repeat(WIDTHS.iter().sum::<usize>() + 2 * (WIDTHS.len() - 1))));
    let labels = Labels::bundled(Lang::Id);
    for step in &model.steps {
        let actors = model.actor_titles(&step.actors);
        let cells = [
            step.number.clone().unwrap_or_default(),
            step.text.clone(),
            actors,
            labels.waktu(model, step),
            step.output.clone().unwrap_or_default(),
        ];
        push_row(&mut out, &cells);
    }
    decisions(model, &mut out);
    timers(model, &mut out);
    periodic(model, &mut out);
    out
}

fn decisions(model: &Model, out: &mut String) {
    let decisions: Vec<&Step> = model.steps.iter().filter(|s| !s.branches.is_empty()).collect();
    if decisions.is_empty() {
        return;
    }
    out.push_str("\nKeputusan\n");
    for step in decisions {
        out.push_str(&format!("  {} {}\n", step.number.as_deref().unwrap_or("-"), step.id));
        for branch in &step.branches {
            let condition = match &branch.condition {
                Condition::When(g) => format!("bila {}", model.guard_text(g)),
                Condition::Else => "selain itu".to_string(),
                Condition::Option => "pilihan".to_string(),
                Condition::Unresolved(_) => "bila (syarat tidak dikenal)".to_string(),
            };
            let target = branch.target.map_or("?".to_string(), |t| model.target_name(t));
            let label = branch.label.as_deref().map_or(String::new(), |l| format!(" \"{l}\""));
            out.push_str(&format!("    {condition} -> {target}{label}\n"));
        }
    }
}

fn timers(model: &Model, out: &mut String) {
    if model.timers.is_empty() {
        return;
    }
    out.push_str("\nTimer dan eskalasi\n");
    for timer in &model.timers {
        let kind = if timer.escalation { "eskalasi" } else { "timer" };
        let from = timer.from.and_then(|f| model.steps.get(f)).map_or("?", |s| s.id.as_str());
        let after = timer.after.map_or("?".to_string(), |a| a.to_string());
        let then = timer.then.map_or("?".to_string(), |t| model.target_name(t));
        let label = timer.label.as_deref().or(timer.title.as_deref()).unwrap_or("");
        out.push_str(&format!("  {kind} {}: sejak {from}, setelah {after} -> {then}  {label}\n", timer.id));
    }
}

fn periodic(model: &Model, out: &mut String) {
    if model.periodic.is_empty() {
        return;
    }
    out.push_str("\nTugas berkala\n");
    for duty in &model.periodic {
        let every = duty.every.map_or("?".to_string(), |e| format!("setiap {e}"));
        let actors = model.actor_titles(&duty.actors);
        out.push_str(&format!("  {} ({every}, {actors}): {}\n", duty.id, duty.text));
    }
}

/// Prints one table row, wrapping each cell to its column width.
fn push_row(out: &mut String, cells: &[String; 5]) {
    let wrapped: Vec<Vec<String>> = cells.iter().zip(WIDTHS).map(|(cell, width)| wrap(cell, width)).collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    for line in 0..height {
        let parts: Vec<String> = wrapped
            .iter()
            .zip(WIDTHS)
            .map(|(lines, width)| format!("{:<width$}", lines.get(line).map_or("", String::as_str)))
            .collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    }
}

/// Splits text into lines of at most `width` characters, breaking at spaces where possible.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let mut word: Vec<char> = word.chars().collect();
            while word.len() > width {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let rest = word.split_off(width);
                lines.push(word.into_iter().collect());
                word = rest;
            }
            let word: String = word.into_iter().collect();
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    lines
}
