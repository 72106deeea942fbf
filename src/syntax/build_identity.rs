//! The identity page's block (`identity { ... }`, `disahkan_oleh { ... }`) → its AST node.

use super::args::Args;
use super::ast::*;
use super::build::{Builder, IDENTITY};
use super::cst::Node;

pub(super) const SIGNATORY: &[&str] = &["jabatan", "nama", "pangkat", "nip"];

/// The identity fields the cover page prints once; the others are lists, one line per entry.
const SINGLE_VALUED: &[&str] =
    &["nomor", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif", "tanggal_pengesahan", "disahkan_oleh"];

impl Builder<'_> {
    pub(super) fn identity(&mut self, node: &Node) -> Identity {
        let mut identity = Identity { span: node.span, ..Identity::default() };
        Args::new(node, self.diagnostics).finish();
        self.children(node, |b, child| {
            b.seen_once(child, SINGLE_VALUED);
            let keyword = child.keyword.text.as_str();
            if keyword == "disahkan_oleh" {
                identity.disahkan_oleh = Some(b.signatory(child));
                return;
            }
            let Some(slot) = identity_slot(&mut identity, keyword) else {
                b.unknown_keyword(child, IDENTITY, "in identity");
                return;
            };
            if let Some(text) = b.leaf(child, |a| a.text("its value")) {
                slot.push(text);
            }
        });
        identity
    }

    fn signatory(&mut self, node: &Node) -> Signatory {
        let mut signatory = Signatory { span: node.span, ..Signatory::default() };
        Args::new(node, self.diagnostics).finish();
        self.children(node, |b, child| {
            b.seen_once(child, SIGNATORY);
            let slot = match child.keyword.text.as_str() {
                "jabatan" => &mut signatory.jabatan,
                "nama" => &mut signatory.nama,
                "pangkat" => &mut signatory.pangkat,
                "nip" => &mut signatory.nip,
                _ => return b.unknown_keyword(child, SIGNATORY, "in disahkan_oleh"),
            };
            *slot = b.leaf(child, |a| a.text("its value"));
        });
        signatory
    }
}

fn identity_slot<'i>(identity: &'i mut Identity, keyword: &str) -> Option<Slot<'i>> {
    Some(match keyword {
        "instansi" => Slot::Many(&mut identity.instansi),
        "nomor" => Slot::One(&mut identity.nomor),
        "tanggal_pembuatan" => Slot::One(&mut identity.tanggal_pembuatan),
        "tanggal_revisi" => Slot::One(&mut identity.tanggal_revisi),
        "tanggal_efektif" => Slot::One(&mut identity.tanggal_efektif),
        "tanggal_pengesahan" => Slot::One(&mut identity.tanggal_pengesahan),
        "dasar_hukum" => Slot::Many(&mut identity.dasar_hukum),
        "keterkaitan" => Slot::Many(&mut identity.keterkaitan),
        "kualifikasi" => Slot::Many(&mut identity.kualifikasi),
        "peralatan" => Slot::Many(&mut identity.peralatan),
        "peringatan" => Slot::Many(&mut identity.peringatan),
        "pencatatan" => Slot::Many(&mut identity.pencatatan),
        "note" => Slot::Many(&mut identity.notes),
        _ => return None,
    })
}

/// Where an identity field's text goes: a single value or a list.
enum Slot<'i> {
    One(&'i mut Option<Text>),
    Many(&'i mut Vec<Text>),
}

impl Slot<'_> {
    fn push(self, text: Text) {
        match self {
            Slot::One(slot) => *slot = Some(text),
            Slot::Many(list) => list.push(text),
        }
    }
}
