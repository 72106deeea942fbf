//! The bundled SOPs are faithful to their sources in ../shared/seeds: every official text in
//! the model (titles, Uraian, Mutu Baku, Keterangan, identity fields) occurs verbatim in the
//! seed, and every numbered row of the seed's table is a step.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::PathBuf;

const PAIRS: &[(&str, &str)] = &[
    ("kubu_raya", "001_109611fb945b8d5a.txt"),
    ("rembang", "002_90ccb7ba0e0f83da.txt"),
    ("brebes", "003_05936f3e62f2eee0.txt"),
    ("muara_enim", "004_3242705bdb177708.txt"),
];

/// The seed text without HTML tags, list markup and runs of whitespace.
fn normalised_seed(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds").join(file);
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    let mut in_tag = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        let starts_tag = c == '<' && chars.peek().is_some_and(|n| n.is_ascii_alphabetic() || *n == '/');
        match c {
            '<' if starts_tag => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if in_tag => {}
            '*' => {}
            _ => text.push(c),
        }
    }
    squash(&text)
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every official text the model carries, with what it is.
fn official_texts(model: &sop::model::Model) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    let mut add = |what: &str, text: &str| {
        for part in text.split('\n').filter(|p| !p.trim().is_empty() && p.trim() != "-") {
            texts.push((what.to_string(), part.to_string()));
        }
    };
    add("sop name", &model.name);
    for actor in &model.actors {
        add("actor title", &actor.title);
    }
    for step in &model.steps {
        if step.number.is_some() {
            add(&format!("step {} text", step.id), &step.text);
        }
        for (what, field) in [
            ("kelengkapan", &step.kelengkapan),
            ("output", &step.output),
            ("keterangan", &step.keterangan),
            ("waktu", &step.waktu),
        ] {
            if let Some(text) = field {
                add(&format!("step {} {what}", step.id), text);
            }
        }
    }
    if let Some(identity) = &model.identity {
        for line in &identity.instansi {
            add("instansi", line);
        }
        for field in [
            &identity.nomor,
            &identity.tanggal_pembuatan,
            &identity.tanggal_revisi,
            &identity.tanggal_efektif,
            &identity.tanggal_pengesahan,
        ]
        .into_iter()
        .flatten()
        {
            add("identity date/number", &field.text);
        }
        for entry in &identity.dasar_hukum {
            add("dasar_hukum", &entry.text);
        }
        for list in [
            &identity.keterkaitan,
            &identity.kualifikasi,
            &identity.peralatan,
            &identity.peringatan,
            &identity.pencatatan,
        ] {
            for entry in list {
                add("identity list", entry);
            }
        }
        if let Some(signatory) = &identity.disahkan_oleh {
            for part in [&signatory.jabatan, &signatory.nama, &signatory.pangkat, &signatory.nip].into_iter().flatten()
            {
                add("disahkan_oleh", part);
            }
        }
    }
    texts
}

fn model_of(name: &str) -> sop::model::Model {
    let source =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("sops/{name}.sop"))).unwrap();
    common::check(&source).model.unwrap()
}

#[test]
fn every_official_text_in_the_sops_occurs_verbatim_in_its_seed() {
    let mut missing = Vec::new();
    for (name, seed) in PAIRS {
        let seed_text = normalised_seed(seed).to_lowercase();
        for (what, text) in official_texts(&model_of(name)) {
            let wanted = squash(&text).to_lowercase();
            let wanted = wanted.trim_start_matches(['-', ' ']).trim_end_matches([';', '.', ' ']);
            if !seed_text.contains(wanted) {
                missing.push(format!("{name}: {what}: {text:?}"));
            }
        }
    }
    assert!(missing.is_empty(), "texts not found in the seed:\n{}", missing.join("\n"));
}

#[test]
fn every_numbered_row_of_each_seed_is_a_step() {
    let expected: &[(&str, &[&str])] = &[
        ("kubu_raya", &["1", "2", "3", "4", "5", "6", "7", "8"]),
        ("rembang", &["1", "2", "3", "3", "4", "5", "6", "7"]),
        ("brebes", &["1", "2", "3", "4", "5"]),
        ("muara_enim", &["1", "2", "3", "4", "5", "6", "7", "8", "9"]),
    ];
    for (name, numbers) in expected {
        let model = model_of(name);
        let got: Vec<&str> = model.steps.iter().filter_map(|s| s.number.as_deref()).collect();
        assert_eq!(&got, numbers, "{name}");
    }
}

#[test]
fn the_actors_are_the_seeds_columns_in_order() {
    let expected: &[(&str, &[&str])] = &[
        (
            "kubu_raya",
            &[
                "Pengadu",
                "Admin Nasional",
                "Admin Kabupaten Kubu Raya",
                "Admin Dinas Dukcapil",
                "Tim Teknis",
                "Ombudsman",
            ],
        ),
        ("rembang", &["Admin SP4N-LAPOR Pemkab. Rembang", "Perangkat Daerah"]),
        ("brebes", &["Pejabat Bidang Teknis", "Admin", "Pemohon"]),
        (
            "muara_enim",
            &[
                "Pelapor (Publik/masyarakat)",
                "Admin Kabupaten",
                "Pejabat Penghubung Instansi",
                "Pejabat Pelaksana",
                "Pejabat Penghubung APIP",
                "Inspektorat / APIP Kabupaten",
                "Bupati",
            ],
        ),
    ];
    for (name, titles) in expected {
        let model = model_of(name);
        let got: Vec<&str> = model.actors.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(&got, titles, "{name}");
    }
}

#[test]
fn the_seeds_limits_decisions_timers_and_duties_are_modelled() {
    let kubu = model_of("kubu_raya");
    assert!(kubu.timers.iter().any(|t| !t.escalation && t.after.map(|d| d.to_string()) == Some("10 hari".into())));
    assert!(kubu.timers.iter().any(|t| t.escalation && t.after.map(|d| d.to_string()) == Some("60 hari".into())));

    let rembang = model_of("rembang");
    let respon = rembang.steps.iter().find(|s| s.number.as_deref() == Some("4")).unwrap();
    let limits: Vec<String> = respon.deadlines.iter().map(|d| d.limit.to_string()).collect();
    assert_eq!(
        limits.iter().filter(|l| *l == "5 hari kerja").count()
            + limits.iter().filter(|l| *l == "14 hari kerja").count(),
        limits.len()
    );
    assert!(respon.deadlines.iter().all(|d| d.condition.is_some()));
    let every: Vec<String> = rembang.periodic.iter().filter_map(|p| p.every.map(|e| e.to_string())).collect();
    assert!(every.contains(&"1 bulan".into()) && every.contains(&"6 bulan".into()), "{every:?}");

    let brebes = model_of("brebes");
    assert!(brebes.steps.iter().any(|s| s.branches.len() == 2));
    let every: Vec<String> = brebes.periodic.iter().filter_map(|p| p.every.map(|e| e.to_string())).collect();
    assert!(every.contains(&"1 hari".into()) && every.contains(&"1 bulan".into()), "{every:?}");

    let muara = model_of("muara_enim");
    let decision = muara.steps.iter().find(|s| s.number.as_deref() == Some("2")).unwrap();
    assert!(decision.branches.iter().any(|b| matches!(b.condition, sop::model::Condition::When(_))));
    assert!(muara.steps.iter().any(|s| s.deadlines.iter().any(|d| d.limit.to_string() == "60 hari")));
    assert!(muara.timers.iter().any(|t| t.escalation));
    assert!(muara.periodic.iter().any(|p| p.every.map(|e| e.to_string()) == Some("3 bulan".into())));
}
