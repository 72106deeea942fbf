//! Lowering the identity page (SOP-AP): text fields kept as written, with their spans.

use super::lower::texts;
use super::types::*;
use crate::syntax::ast::{self, Text};

fn field(text: &Option<Text>) -> Option<Field> {
    text.as_ref().map(|t| Field { text: t.value.clone(), span: t.span })
}

pub(super) fn lower_identity(identity: &ast::Identity) -> Identity {
    Identity {
        instansi: texts(&identity.instansi),
        nomor: field(&identity.nomor),
        tanggal_pembuatan: field(&identity.tanggal_pembuatan),
        tanggal_revisi: field(&identity.tanggal_revisi),
        tanggal_efektif: field(&identity.tanggal_efektif),
        tanggal_pengesahan: field(&identity.tanggal_pengesahan),
        disahkan_oleh: identity.disahkan_oleh.as_ref().map(|s| Signatory {
            jabatan: s.jabatan.as_ref().map(|t| t.value.clone()),
            nama: s.nama.as_ref().map(|t| t.value.clone()),
            pangkat: s.pangkat.as_ref().map(|t| t.value.clone()),
            nip: s.nip.as_ref().map(|t| t.value.clone()),
        }),
        dasar_hukum: identity.dasar_hukum.iter().map(|t| Field { text: t.value.clone(), span: t.span }).collect(),
        keterkaitan: texts(&identity.keterkaitan),
        kualifikasi: texts(&identity.kualifikasi),
        peralatan: texts(&identity.peralatan),
        peringatan: texts(&identity.peringatan),
        pencatatan: texts(&identity.pencatatan),
        notes: texts(&identity.notes),
        span: identity.span,
    }
}
