//! The typed abstract syntax tree: what each statement says, with a span on every node.
//! Names are not resolved yet; that is lowering's job.

use crate::duration::{Duration, Limit};
use crate::span::Span;

/// A parsed `.sop` file: its items in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ast {
    pub items: Vec<Item>,
}

/// A top-level statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Name(Text),
    Limit(Spanned<Limit>),
    Identity(Identity),
    Actor(ActorDecl),
    Attribute(AttributeDecl),
    Step(StepDecl),
    Timer(TimerDecl),
    Periodic(PeriodicDecl),
    Allow(AllowDecl),
}

/// A value with the span it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// An id written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// Quoted text (or `-`, which is kept as the text "-").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

/// The identity page (SOP-AP).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    pub instansi: Vec<Text>,
    pub nomor: Option<Text>,
    pub tanggal_pembuatan: Option<Text>,
    pub tanggal_revisi: Option<Text>,
    pub tanggal_efektif: Option<Text>,
    pub tanggal_pengesahan: Option<Text>,
    pub disahkan_oleh: Option<Signatory>,
    pub dasar_hukum: Vec<Text>,
    pub keterkaitan: Vec<Text>,
    pub kualifikasi: Vec<Text>,
    pub peralatan: Vec<Text>,
    pub peringatan: Vec<Text>,
    pub pencatatan: Vec<Text>,
    pub notes: Vec<Text>,
    pub span: Span,
}

/// *Disahkan oleh*: who signed the SOP.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signatory {
    pub jabatan: Option<Text>,
    pub nama: Option<Text>,
    pub pangkat: Option<Text>,
    pub nip: Option<Text>,
    pub span: Span,
}

/// `actor ID "Title"`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorDecl {
    pub id: Ident,
    pub title: Text,
    pub notes: Vec<Text>,
    pub span: Span,
}

/// `attribute ID "Title" { values ... }` or `attribute ID "Title" bool`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeDecl {
    pub id: Ident,
    pub title: Option<Text>,
    pub domain: DomainDecl,
    pub span: Span,
}

/// The values a case attribute can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainDecl {
    Values(Vec<Text>),
    Bool,
}

/// Whether a step statement was written `step` or `decision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Process,
    Decision,
}

/// `step` or `decision`: a row of the SOP-AP table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepDecl {
    pub kind: StepKind,
    pub id: Ident,
    pub number: Option<Text>,
    /// The Uraian: the header text and any `uraian` lines, in order.
    pub text: Vec<Text>,
    pub by: Vec<Ident>,
    pub deadlines: Vec<DeadlineDecl>,
    pub waktu: Option<Text>,
    pub kelengkapan: Vec<Text>,
    pub output: Vec<Text>,
    pub keterangan: Vec<Text>,
    pub next: Option<Ident>,
    pub phase: Option<Ident>,
    pub branches: Vec<BranchDecl>,
    pub notes: Vec<Text>,
    pub allows: Vec<AllowDecl>,
    pub span: Span,
}

/// `within LIMIT [from STEP] [when GUARD] [phase NAME]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineDecl {
    pub limit: Spanned<Limit>,
    pub from: Option<Ident>,
    pub guard: Option<Guard>,
    pub phase: Option<Ident>,
    pub span: Span,
}

/// A branch of a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchDecl {
    pub condition: ConditionDecl,
    pub target: Ident,
    pub label: Option<Text>,
    pub span: Span,
}

/// When a branch is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConditionDecl {
    When(Guard),
    Else,
    Option,
}

/// A test on a case attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guard {
    pub attribute: Ident,
    pub test: GuardTest,
    pub span: Span,
}

/// The comparison in a guard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuardTest {
    Equals(Text),
    NotEquals(Text),
    In(Vec<Text>),
    IsTrue,
    IsFalse,
}

/// `timer` or `escalation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimerDecl {
    pub escalation: bool,
    pub id: Ident,
    pub title: Option<Text>,
    pub from: Option<Ident>,
    pub after: Option<Spanned<Duration>>,
    pub unless: Vec<UnlessDecl>,
    pub then: Option<Ident>,
    pub label: Option<Text>,
    pub phase: Option<Ident>,
    pub notes: Vec<Text>,
    pub allows: Vec<AllowDecl>,
    pub span: Span,
}

/// One entry of an `unless` line, spanning `STEP` or `by ACTOR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlessDecl {
    pub stop: StopDecl,
    pub span: Span,
}

/// What stops a timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopDecl {
    Step(Ident),
    ActorEvent(Ident),
}

/// `periodic`: a duty not tied to one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodicDecl {
    pub id: Ident,
    pub text: Option<Text>,
    pub every: Option<Spanned<Duration>>,
    pub by: Vec<Ident>,
    pub waktu: Option<Text>,
    pub output: Vec<Text>,
    pub keterangan: Vec<Text>,
    pub notes: Vec<Text>,
    pub allows: Vec<AllowDecl>,
    pub span: Span,
}

/// `allow RULE "reason"`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowDecl {
    pub rule: Ident,
    pub reason: Option<Text>,
    pub span: Span,
}
