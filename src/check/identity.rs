//! Rules on the identity page: blank fields, unreadable or impossible dates, replaced
//! regulations in the legal basis.

use super::dates::parse_date;
use super::profile::Profile;
use super::rules;
use crate::diagnostic::Diagnostic;
use crate::model::{is_blank, Field, Identity, Model};

pub fn check(model: &Model, profile: &Profile, out: &mut Vec<Diagnostic>) {
    let Some(identity) = &model.identity else { return };
    missing_fields(identity, out);
    dates(identity, out);
    superseded(identity, profile, out);
}

fn filled(field: &Option<Field>) -> bool {
    field.as_ref().is_some_and(|f| !f.is_blank())
}

fn missing_fields(identity: &Identity, out: &mut Vec<Diagnostic>) {
    let written = |part: &Option<String>| part.as_deref().is_some_and(|t| !is_blank(t));
    let signed = identity.disahkan_oleh.as_ref().is_some_and(|s| written(&s.nama) || written(&s.jabatan));
    let checks = [
        ("nomor", "Nomor SOP", filled(&identity.nomor)),
        ("tanggal_pembuatan", "Tanggal Pembuatan", filled(&identity.tanggal_pembuatan)),
        (
            "tanggal_efektif",
            "Tanggal Efektif or Tanggal Pengesahan",
            filled(&identity.tanggal_efektif) || filled(&identity.tanggal_pengesahan),
        ),
        ("disahkan_oleh", "Disahkan oleh", signed),
        ("dasar_hukum", "Dasar Hukum", identity.dasar_hukum.iter().any(|f| !f.is_blank())),
    ];
    let span = crate::span::Span::new(identity.span.start, identity.span.start + "identity".len());
    for (keyword, title, present) in checks {
        if !present {
            out.push(
                Diagnostic::new(rules::MISSING_IDENTITY_FIELD, span, format!("the identity page has no {title}"))
                    .with_label(format!("'{keyword}' is blank or missing"))
                    .with_help(format!("fill in '{keyword}' as on the signed original; if the original leaves it blank, allow I501 with that reason")),
            );
        }
    }
}

fn dates(identity: &Identity, out: &mut Vec<Diagnostic>) {
    let named = [
        ("tanggal_pembuatan", &identity.tanggal_pembuatan),
        ("tanggal_revisi", &identity.tanggal_revisi),
        ("tanggal_efektif", &identity.tanggal_efektif),
        ("tanggal_pengesahan", &identity.tanggal_pengesahan),
    ];
    let mut read = Vec::new();
    for (name, field) in named {
        let Some(field) = field.as_ref().filter(|f| !f.is_blank()) else { continue };
        match parse_date(&field.text) {
            Some(date) => read.push((name, date, field.span)),
            None => out.push(
                Diagnostic::new(rules::UNREADABLE_DATE, field.span, format!("'{}' is not a date", field.text))
                    .with_label("cannot read this date")
                    .with_help("write it like \"02 April 2023\" or \"2023-04-02\""),
            ),
        }
    }
    let Some(&(_, created, created_span)) = read.iter().find(|(n, _, _)| *n == "tanggal_pembuatan") else { return };
    for &(name, date, span) in read.iter().filter(|(n, _, _)| *n != "tanggal_pembuatan") {
        if date < created {
            out.push(
                Diagnostic::new(rules::DATES_OUT_OF_ORDER, span, format!("{name} ({date}) is before tanggal_pembuatan ({created})"))
                    .with_label("earlier than the creation date")
                    .with_related(created_span, "created on this date")
                    .with_help("check the dates against the signed original; if it really says this, keep it and allow I502 with that reason"),
            );
        }
    }
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn superseded(identity: &Identity, profile: &Profile, out: &mut Vec<Diagnostic>) {
    for entry in &identity.dasar_hukum {
        let text = normalise(&entry.text);
        for rule in &profile.superseded {
            if rule.phrases.iter().all(|p| text.contains(&normalise(p))) {
                out.push(
                    Diagnostic::new(
                        rules::SUPERSEDED_REGULATION,
                        entry.span,
                        format!("{} has been replaced by {}", rule.title, rule.replaced_by),
                    )
                    .with_label("replaced regulation")
                    .with_help(format!("cite {} in the next revision of this SOP", rule.replaced_by)),
                );
            }
        }
    }
}
