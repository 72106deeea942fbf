//! `sop render`: the SOP-AP document of one file (or of every file in a directory) as SVG,
//! PDF, PNG or Graphviz DOT.

use super::{files, Outcome};
use clap::ValueEnum;
use sop::check::Profile;
use sop::diagnostic::render_human;
use sop::model::Model;
use sop::pipeline::check_bytes;
use sop::render::{self, Lang, Options, Paper};
use std::path::{Path, PathBuf};

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    Svg,
    Pdf,
    Png,
    Dot,
}

/// Who draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    /// The built-in SOP-AP layout (no external program)
    Builtin,
    /// Graphviz's `dot` on the DOT swimlanes (must be installed)
    Graphviz,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    A4,
    F4,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Id,
    En,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// A .sop file, or a directory: every .sop file in it is rendered
    path: PathBuf,
    #[arg(long, value_enum, default_value = "svg")]
    format: RenderFormat,
    /// Output file (or directory for a directory input). Default: DOT of one file to standard
    /// output; other formats, and every format for a directory, to files named after each input
    /// in the current directory. Several SVG or PNG pages are numbered: NAME-1.svg, NAME-2.svg, …
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "a4")]
    paper: PaperArg,
    /// Portrait pages (default: landscape)
    #[arg(long)]
    portrait: bool,
    /// Language of headers, legend and page numbers
    #[arg(long, value_enum, default_value = "id")]
    lang: LangArg,
    #[arg(long, value_enum, default_value = "builtin")]
    engine: Engine,
    /// Leave out the blank logo box on the identity page
    #[arg(long)]
    no_logo: bool,
    /// Resolution of PNG output, 10 to 1200
    #[arg(long, default_value_t = 150, value_parser = clap::value_parser!(u32).range(10..=1200))]
    dpi: u32,
}

pub fn run(args: &RenderArgs) -> Result<Outcome, String> {
    let options = Options {
        paper: match args.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::F4 => Paper::F4,
        },
        portrait: args.portrait,
        lang: match args.lang {
            LangArg::Id => Lang::Id,
            LangArg::En => Lang::En,
        },
        logo: !args.no_logo,
    };
    let profile = Profile::bundled().map_err(|e| format!("bundled profile: {e}"))?;
    let is_dir = std::fs::metadata(&args.path).map(|m| m.is_dir()).unwrap_or(false);
    let inputs = files::expand(std::slice::from_ref(&args.path))?;
    let mut outcome = Outcome::Clean;
    let mut unfit = Vec::new();
    for input in &inputs {
        let Some(model) = load(input, &profile)? else {
            outcome = Outcome::Problems;
            continue;
        };
        let stem = input.file_stem().map_or_else(|| "sop".to_string(), |s| s.to_string_lossy().into_owned());
        let target = match (&args.output, is_dir) {
            (Some(out), true) => Some(out.join(format!("{stem}.{}", extension(args.format)))),
            (None, true) => Some(PathBuf::from(format!("{stem}.{}", extension(args.format)))),
            (Some(out), false) => Some(out.clone()),
            (None, false) if args.format == RenderFormat::Dot => None,
            (None, false) => Some(PathBuf::from(format!("{stem}.{}", extension(args.format)))),
        };
        if let Some(dir) = target.as_ref().and_then(|t| t.parent()).filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create '{}': {e}", dir.display()))?;
        }
        // An SOP the page cannot hold is not drawn; the other files of a directory still are.
        if needs_pages(args) {
            if let Err(e) = render::fits(&model, &options) {
                unfit.push(format!("{}: {e}", input.display()));
                continue;
            }
        }
        write(&model, &options, args, target.as_deref()).map_err(|e| format!("{}: {e}", input.display()))?;
    }
    if !unfit.is_empty() {
        return Err(unfit.join("\n"));
    }
    Ok(outcome)
}

/// Checks a file; prints its errors and returns `None` when it has any.
fn load(path: &Path, profile: &Profile) -> Result<Option<Model>, String> {
    let name = path.display().to_string();
    let bytes = files::read(path)?;
    let (source, checked) = check_bytes(&bytes, profile);
    match checked.model {
        Some(model) if !checked.has_errors() => Ok(Some(model)),
        _ => {
            let errors: Vec<_> = checked.diagnostics.into_iter().filter(|d| d.is_error()).collect();
            eprint!("{}", render_human(&errors, &name, &source));
            eprintln!("{name}: cannot render an SOP with errors; 'sop check {name}' lists them");
            Ok(None)
        }
    }
}

fn extension(format: RenderFormat) -> &'static str {
    match format {
        RenderFormat::Svg => "svg",
        RenderFormat::Pdf => "pdf",
        RenderFormat::Png => "png",
        RenderFormat::Dot => "dot",
    }
}

/// Whether the output is drawn on pages (DOT, and Graphviz's drawing, are not).
fn needs_pages(args: &RenderArgs) -> bool {
    args.engine == Engine::Builtin && args.format != RenderFormat::Dot
}

fn write(model: &Model, options: &Options, args: &RenderArgs, target: Option<&Path>) -> Result<(), String> {
    let layout = if needs_pages(args) { render::layout(model, options) } else { render::flow_only(model, options) };
    let pages: Vec<Vec<u8>> = match (args.engine, args.format) {
        (_, RenderFormat::Dot) => vec![render::dot(&layout).into_bytes()],
        (Engine::Graphviz, format) => {
            vec![render::graphviz(&render::dot(&layout), extension(format)).map_err(|e| e.to_string())?]
        }
        (Engine::Builtin, RenderFormat::Svg) => render::svg(&layout).into_iter().map(String::into_bytes).collect(),
        (Engine::Builtin, RenderFormat::Pdf) => vec![render::pdf(&layout).map_err(|e| e.to_string())?],
        (Engine::Builtin, RenderFormat::Png) => render::png(&layout, args.dpi as f32).map_err(|e| e.to_string())?,
    };
    let Some(target) = target else {
        for page in &pages {
            super::emit(&String::from_utf8_lossy(page));
        }
        return Ok(());
    };
    let count = pages.len();
    for (i, page) in pages.iter().enumerate() {
        let path = if count == 1 { target.to_path_buf() } else { numbered(target, i + 1) };
        std::fs::write(&path, page).map_err(|e| format!("cannot write '{}': {e}", path.display()))?;
        super::emit(&format!("wrote {}\n", path.display()));
    }
    Ok(())
}

/// `out.svg` → `out-3.svg`.
fn numbered(path: &Path, n: usize) -> PathBuf {
    let stem = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}
