//! The Agreement view's markup, built here as text (a tree of views would cost the app far
//! more code): the choice of annotators, texts and settings; the table of measures with the
//! counts behind each; a heatmap of pairwise F1 and a bar chart per label, as SVG; and the
//! units where a pair or a label disagrees, each with its annotators' spans in lanes.
//! Controls carry `data-*` attributes that one delegated handler reads.

use crate::core::agreement::align::align;
use crate::core::agreement::measures::Score;
use crate::core::agreement::report::{fixed, F1Block, Report, Scores};
use crate::core::agreement::{Settings, Text, Version};
use crate::core::annotation::span::Span;
use crate::core::schema::{Attribute, Label};
use crate::core::workspace::DocEntry;
use crate::view::html::escape_into;
use std::fmt::Write;

/// What the disagreement list shows: a pair of annotators, or a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Pair(usize, usize),
    Label(Label),
}

/// How many disagreements the list shows at most.
const LIST_LIMIT: usize = 200;

fn esc(out: &mut String, text: &str) {
    escape_into(out, text);
}

/// A score with three decimals (all shown, so a column lines up), or a dash.
fn shown(score: &Score) -> String {
    match score {
        Score::Value(v) => {
            let mut text = fixed(*v, 3);
            while text.len() - text.find('.').unwrap_or(0) < 4 {
                text.push('0');
            }
            text
        }
        Score::Undefined(_) => "—".into(),
    }
}

/// A table row: the measure, its value, and what it comes from (or why there is none).
fn row(out: &mut String, measure: &str, score: &Score, basis: &str) {
    out.push_str("<tr><th scope=\"row\">");
    esc(out, measure);
    let _ = write!(
        out,
        "</th><td class=\"num\">{}</td><td class=\"basis\">",
        shown(score)
    );
    if let Some(why) = score.why() {
        esc(out, why);
        if !basis.is_empty() {
            out.push_str(" · ");
        }
    }
    esc(out, basis);
    out.push_str("</td></tr>");
}

/// The counts behind an F1 block, summed over its pairs.
fn f1_basis(block: &F1Block) -> String {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for p in &block.pairs {
        tp += p.counts.tp;
        fp += p.counts.fp;
        fn_ += p.counts.fn_;
    }
    let sd = match &block.sd {
        Score::Value(v) => format!("SD {} · ", fixed(*v, 3)),
        Score::Undefined(_) => String::new(),
    };
    format!(
        "{sd}mean of {} pair{}; TP {tp}, FP {fp}, FN {fn_} in all",
        block.pairs.len(),
        if block.pairs.len() == 1 { "" } else { "s" }
    )
}

/// The table of measures.
fn table(out: &mut String, s: &Scores, names: &[String]) {
    out.push_str("<table class=\"agreement-table\" data-testid=\"agreement-table\"><thead><tr><th>Measure</th><th>Value</th><th>From</th></tr></thead><tbody>");
    row(out, "Span F1, exact", &s.exact.mean, &f1_basis(&s.exact));
    row(
        out,
        "Span F1, overlap",
        &s.overlap.mean,
        &f1_basis(&s.overlap),
    );
    for k in &s.cohen {
        row(
            out,
            &format!("Cohen's κ, {} – {}", names[k.a], names[k.b]),
            &k.kappa,
            &format!("n = {} units both labelled", k.n),
        );
    }
    row(
        out,
        "Fleiss' κ",
        &s.fleiss.0,
        &format!("n = {} units every annotator labelled", s.fleiss.1),
    );
    row(
        out,
        "Krippendorff's α, labels",
        &s.alpha.alpha,
        &format!(
            "n = {} pairable values; D_o {}, D_e {}",
            s.alpha.n,
            fixed(s.alpha.observed, 3),
            fixed(s.alpha.expected, 3)
        ),
    );
    row(
        out,
        "Gwet's AC1",
        &s.ac1.0,
        &format!("n = {} units with two labels or more", s.ac1.1),
    );
    row(
        out,
        "α_u, unitizing",
        &s.alpha_u,
        &format!(
            "over the {} labels present, the text as the continuum",
            s.alpha_u_labels.len()
        ),
    );
    row(
        out,
        "Relation F1",
        &s.relations.mean,
        &f1_basis(&s.relations),
    );
    row(
        out,
        "Relation F1, ends aligned",
        &s.relations_aligned.mean,
        &f1_basis(&s.relations_aligned),
    );
    for (attribute, a) in Attribute::ALL.into_iter().zip(&s.attributes) {
        row(
            out,
            &format!("α of {attribute}"),
            &a.alpha,
            &format!("n = {} values over aligned units", a.n),
        );
    }
    out.push_str("</tbody></table>");
}

/// The heatmap of pairwise overlap F1; a cell lists the pair's disagreements.
fn heatmap(out: &mut String, s: &Scores, names: &[String]) {
    let n = names.len();
    let (cell, head) = (44, 90);
    let size = head + cell * n;
    let _ = write!(
        out,
        "<figure><figcaption>Span F1 (overlap) per pair: click a cell for its disagreements</figcaption><svg class=\"heatmap\" data-testid=\"agreement-heatmap\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"Span F1 per pair\">"
    );
    for p in &s.overlap.pairs {
        let value = p.f1.value();
        for (row_of, col_of) in [(p.a, p.b), (p.b, p.a)] {
            let (x, y) = (head + cell * col_of, head + cell * row_of);
            let opacity = value.map_or("0.05".to_string(), |v| fixed(0.1 + 0.9 * v, 2));
            let _ = write!(
                out,
                "<g class=\"cell\" data-pair=\"{}|{}\"><rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill-opacity=\"{opacity}\"><title>",
                p.a, p.b, cell - 2, cell - 2
            );
            esc(
                out,
                &format!("{} – {}: F1 {}", names[p.a], names[p.b], shown(&p.f1)),
            );
            let _ = write!(
                out,
                "</title></rect><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
                x + cell / 2 - 1,
                y + cell / 2 + 4,
                value.map_or("—".to_string(), |v| fixed(v, 2))
            );
        }
    }
    for (i, name) in names.iter().enumerate() {
        let short: String = name.chars().take(10).collect();
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">",
            head - 6,
            head + cell * i + cell / 2 + 4
        );
        esc(out, &short);
        let _ = write!(
            out,
            "</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\" transform=\"rotate(-45 {} {})\">",
            head + cell * i + cell / 2,
            head - 6,
            head + cell * i + cell / 2,
            head - 6
        );
        esc(out, &short);
        out.push_str("</text>");
    }
    out.push_str("</svg></figure>");
}

/// A bar per label: its overlap F1 (mean over pairs); a bar lists the label's disagreements.
fn bars(out: &mut String, s: &Scores) {
    let (width, line) = (180, 22);
    let _ = write!(
        out,
        "<figure><figcaption>Span F1 (overlap) per label: click a bar for its disagreements</figcaption><svg class=\"bars\" data-testid=\"agreement-bars\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"Span F1 per label\">",
        120 + width + 50,
        line * 8
    );
    for (i, (label, (_, overlap))) in Label::ALL.into_iter().zip(&s.per_label).enumerate() {
        let y = i * line;
        let length = overlap
            .mean
            .value()
            .map_or(0, |v| (v * width as f64).round() as usize);
        let _ = write!(
            out,
            "<g class=\"bar l-{}\" data-label=\"{}\"><text x=\"116\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"120\" y=\"{}\" width=\"{}\" height=\"{}\"></rect><text x=\"{}\" y=\"{}\">{}</text></g>",
            label.index(),
            label.name(),
            y + 15,
            label.name(),
            y + 3,
            length.max(1),
            line - 6,
            124 + length,
            y + 15,
            shown(&overlap.mean)
        );
    }
    out.push_str("</svg></figure>");
}

/// The per-label table: exact and overlap F1, and α_u.
fn label_table(out: &mut String, s: &Scores) {
    out.push_str("<table class=\"agreement-table\"><thead><tr><th>Label</th><th>F1 exact</th><th>F1 overlap</th><th>α_u</th></tr></thead><tbody>");
    for (label, (exact, overlap)) in Label::ALL.into_iter().zip(&s.per_label) {
        let alpha_u = s
            .alpha_u_labels
            .iter()
            .find(|(l, _)| *l == label)
            .map_or("—".to_string(), |(_, a)| shown(a));
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><button type=\"button\" class=\"link\" data-label=\"{0}\">{0}</button></th><td class=\"num\">{1}</td><td class=\"num\">{2}</td><td class=\"num\">{alpha_u}</td></tr>",
            label.name(),
            shown(&exact.mean),
            shown(&overlap.mean)
        );
    }
    out.push_str("</tbody></table>");
}

/// The workspace's texts that have versions by two named annotators or more: every annotator's
/// name (in the order first met) and, per text, its entries (one per annotator, the last
/// edited), with copies of their spans in text order.
pub struct Corpus<'a> {
    pub names: Vec<String>,
    groups: Vec<Vec<&'a DocEntry>>,
    spans: Vec<Vec<Vec<Span>>>,
}

impl<'a> Corpus<'a> {
    /// Groups `entries` by their text (SHA-256).
    pub fn of(entries: impl Iterator<Item = &'a DocEntry>) -> Corpus<'a> {
        let mut groups: Vec<Vec<&DocEntry>> = Vec::new();
        // A version is known by its annotator: unnamed work is not one.
        for entry in entries.filter(|e| !e.annotator.trim().is_empty()) {
            let sha = entry.text_sha256();
            match groups.iter_mut().find(|g| g[0].text_sha256() == sha) {
                Some(group) => match group
                    .iter_mut()
                    .find(|e| version_name(e) == version_name(entry))
                {
                    Some(same) if same.modified < entry.modified => *same = entry,
                    Some(_) => {}
                    None => group.push(entry),
                },
                None => groups.push(vec![entry]),
            }
        }
        groups.retain(|g| g.len() >= 2);
        let mut names: Vec<String> = Vec::new();
        for entry in groups.iter().flatten() {
            if !names.iter().any(|n| n == version_name(entry)) {
                names.push(version_name(entry).to_string());
            }
        }
        let spans = groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|e| e.doc.spans().iter().cloned().collect())
                    .collect()
            })
            .collect();
        Corpus {
            names,
            groups,
            spans,
        }
    }

    /// The texts and their versions, for the report and the view.
    pub fn texts(&self) -> Vec<Text<'_>> {
        self.groups
            .iter()
            .zip(&self.spans)
            .map(|(group, spans)| Text {
                sha256: group[0].text_sha256(),
                title: &group[0].doc.meta().title,
                body: group[0].doc.doc().as_str(),
                length: group[0].doc.doc().len_cp(),
                versions: group
                    .iter()
                    .zip(spans)
                    .map(|(e, s)| Version {
                        id: &e.id,
                        annotator: version_name(e),
                        spans: s,
                        relations: e.doc.relations().as_slice(),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// The name a version goes by: its annotator's, or "gold" for a gold version (so each
/// annotator is scored against it as against another annotator).
pub fn version_name(entry: &DocEntry) -> &str {
    if entry.doc.gold().is_some() {
        "gold"
    } else {
        &entry.annotator
    }
}

/// A text's title, or a stand-in.
fn title_of<'a>(text: &Text<'a>) -> &'a str {
    if text.title.trim().is_empty() {
        "Untitled"
    } else {
        text.title
    }
}

/// What the user chose: which annotators and texts, and the settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub annotators: Vec<bool>,
    pub texts: Vec<bool>,
    pub settings: Settings,
}

/// The controls: annotators, texts, the IoU threshold and how unset attributes count.
fn controls(out: &mut String, names: &[String], texts: &[Text], choice: &Choice) {
    out.push_str("<fieldset class=\"agreement-choice\"><legend>Annotators</legend>");
    // A labelled checkbox that names what it chooses in `data-<what>`.
    let choice_box = |out: &mut String, what: &str, i: usize, on: bool, caption: &str| {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" data-{what}=\"{i}\"{}> ",
            if on { " checked" } else { "" }
        );
        esc(out, caption);
    };
    for (i, name) in names.iter().enumerate() {
        choice_box(out, "annotator", i, choice.annotators[i], name);
        out.push_str("</label>");
    }
    out.push_str("</fieldset><fieldset class=\"agreement-choice\"><legend>Texts</legend>");
    for (i, text) in texts.iter().enumerate() {
        choice_box(out, "text", i, choice.texts[i], title_of(text));
        let _ = write!(
            out,
            " <small>({} versions)</small></label>",
            text.versions.len()
        );
    }
    out.push_str("</fieldset><div class=\"agreement-settings\"><label>Align spans at IoU ≥ <select data-iou data-testid=\"agreement-iou\">");
    let current = (choice.settings.iou * 100.0).round() as usize;
    for percent in (10..=100).step_by(10) {
        let _ = write!(
            out,
            "<option value=\"{percent}\"{}>{}</option>",
            if percent == current { " selected" } else { "" },
            fixed(percent as f64 / 100.0, 1)
        );
    }
    let _ = write!(
        out,
        "</select></label><label><input type=\"checkbox\" data-unset{}> Count an unset attribute as the value “not set”</label></div>",
        if choice.settings.unset_is_value { " checked" } else { "" }
    );
}

/// One annotator's span of a unit, for the disagreement list.
struct Member {
    annotator: usize,
    entry: String,
    span: u64,
    start: usize,
    end: usize,
    label: Label,
}

/// The disagreement list for `focus`: units of the chosen texts where the pair, or the
/// annotators over the label, differ in presence, extent or label.
fn disagreements(
    out: &mut String,
    texts: &[&Text],
    names: &[String],
    settings: Settings,
    focus: Focus,
) {
    let title = match focus {
        Focus::Pair(a, b) => format!("Where {} and {} disagree", names[a], names[b]),
        Focus::Label(label) => format!("Where the annotators disagree on {label}"),
    };
    out.push_str("<section class=\"disagreements\" data-testid=\"agreement-disagreements\"><h3>");
    esc(out, &title);
    out.push_str("</h3><ol>");
    let mut listed = 0usize;
    let mut more = 0usize;
    for text in texts {
        let versions: Vec<&[crate::core::annotation::span::Span]> =
            text.versions.iter().map(|v| v.spans).collect();
        let index: Vec<usize> = text
            .versions
            .iter()
            .map(|v| names.iter().position(|n| n == v.annotator).unwrap_or(0))
            .collect();
        for unit in align(&versions, settings.iou) {
            let members: Vec<Member> = unit
                .members
                .iter()
                .enumerate()
                .filter_map(|(k, m)| {
                    let s = &versions[k][(*m)?];
                    Some(Member {
                        annotator: index[k],
                        entry: text.versions[k].id.to_string(),
                        span: s.id.0,
                        start: s.start,
                        end: s.end,
                        label: s.label,
                    })
                })
                .collect();
            let of = |a: usize| members.iter().find(|m| m.annotator == a);
            let differ = match focus {
                Focus::Pair(a, b) => match (of(a), of(b)) {
                    (Some(x), Some(y)) => (x.start, x.end, x.label) != (y.start, y.end, y.label),
                    (None, None) => false,
                    _ => true,
                },
                Focus::Label(label) => {
                    members.iter().any(|m| m.label == label)
                        && !(members.len() == text.versions.len()
                            && members.iter().all(|m| {
                                m.label == label
                                    && (m.start, m.end) == (members[0].start, members[0].end)
                            }))
                }
            };
            if !differ {
                continue;
            }
            if listed == LIST_LIMIT {
                more += 1;
                continue;
            }
            listed += 1;
            lanes(out, text, names, &members);
        }
    }
    out.push_str("</ol>");
    if listed == 0 {
        out.push_str("<p class=\"hint\">No disagreement here.</p>");
    }
    if more > 0 {
        let _ = write!(out, "<p class=\"hint\">… and {more} more.</p>");
    }
    out.push_str("</section>");
}

/// One disagreement: the text around the unit, and a lane per annotator with their span
/// drawn under it; each span opens the text there.
fn lanes(out: &mut String, text: &Text, names: &[String], members: &[Member]) {
    let start = members.iter().map(|m| m.start).min().unwrap_or(0);
    let end = members.iter().map(|m| m.end).max().unwrap_or(start);
    // The unit with a little context either side, in code points.
    let from = start.saturating_sub(20);
    let to = (end + 20).min(text.length);
    let shown: String = text.body.chars().skip(from).take(to - from).collect();
    let width = (to - from).max(1);
    out.push_str("<li class=\"disagreement\" data-testid=\"agreement-disagreement\"><div class=\"unit-title\">");
    esc(out, title_of(text));
    let _ = write!(out, " · {start}–{end}</div><div class=\"unit-text\">");
    esc(out, &shown);
    out.push_str("</div>");
    for (a, name) in names.iter().enumerate() {
        let mine = members.iter().find(|m| m.annotator == a);
        if mine.is_none() && !text.versions.iter().any(|v| v.annotator == name) {
            continue;
        }
        out.push_str("<div class=\"lane\"><span class=\"lane-name\">");
        esc(out, name);
        out.push_str("</span><span class=\"lane-track\">");
        match mine {
            Some(m) => {
                // Placed by SVG attributes: the Content Security Policy refuses inline styles.
                let left = (m.start - from) * 1000 / width;
                let span_width = ((m.end - m.start) * 1000 / width).max(10);
                let (label, extent) = (m.label.code(), format!("{}–{}", m.start, m.end));
                let _ = write!(
                    out,
                    "<button type=\"button\" class=\"lane-span lbl-{}\" data-open=\"{}|{}\" data-extent=\"{}:{}\" aria-label=\"{label} {extent}: open this version here\"><svg width=\"100%\" height=\"22\" aria-hidden=\"true\"><rect x=\"{}.{}%\" width=\"{}.{}%\" height=\"22\"></rect><text x=\"{}.{}%\" dx=\"2\" y=\"15\">{label} {extent}</text></svg></button>",
                    m.label.index(),
                    m.entry,
                    m.span,
                    m.start,
                    m.end,
                    left / 10,
                    left % 10,
                    span_width / 10,
                    span_width % 10,
                    left / 10,
                    left % 10,
                );
            }
            None => out.push_str("<span class=\"lane-none\">no span</span>"),
        }
        out.push_str("</span></div>");
    }
    out.push_str("</li>");
}

/// The whole view: controls, the corpus's measures, the charts, the per-label table, and the
/// disagreements of `focus`. `texts` are every text with two versions or more.
pub fn agreement_html(
    texts: &[Text],
    names: &[String],
    choice: &Choice,
    focus: Option<Focus>,
) -> (String, Option<Report>) {
    let mut out = String::new();
    if texts.is_empty() {
        out.push_str("<p class=\"hint\" data-testid=\"agreement-empty\">Agreement compares annotators' versions of a text: import a colleague's file of a text you have (“Add as their version”), or their workspace file.</p>");
        return (out, None);
    }
    controls(&mut out, names, texts, choice);
    let chosen_names: Vec<String> = names
        .iter()
        .zip(&choice.annotators)
        .filter(|(_, on)| **on)
        .map(|(n, _)| n.clone())
        .collect();
    let chosen_texts: Vec<&Text> = texts
        .iter()
        .zip(&choice.texts)
        .filter(|(_, on)| **on)
        .map(|(t, _)| t)
        .collect();
    if chosen_names.len() < 2 || chosen_texts.is_empty() {
        out.push_str("<p class=\"hint\">Choose two annotators or more and at least one text.</p>");
        return (out, None);
    }
    let owned: Vec<Text> = chosen_texts.iter().map(|t| (*t).clone()).collect();
    let report = crate::core::agreement::report::report(&owned, &chosen_names, choice.settings);
    let _ = write!(
        out,
        "<p class=\"agreement-scope\">{} text{}, {} annotators; micro (counts pooled over the texts).</p>",
        owned.len(),
        if owned.len() == 1 { "" } else { "s" },
        chosen_names.len()
    );
    table(&mut out, &report.corpus, &chosen_names);
    out.push_str("<div class=\"agreement-exports\"><button type=\"button\" data-export=\"json\" data-testid=\"export-agreement\">Report (.json)</button><button type=\"button\" data-export=\"csv\" data-testid=\"export-agreement-csv\">Report (.csv)</button><button type=\"button\" data-export=\"pygamma\">pygamma-agreement (.csv)</button><button type=\"button\" data-export=\"matrix\">Reliability matrix (.csv)</button></div>");
    heatmap(&mut out, &report.corpus, &chosen_names);
    bars(&mut out, &report.corpus);
    label_table(&mut out, &report.corpus);
    if let Some(focus) = focus {
        // Pairs are by index among the chosen annotators.
        disagreements(
            &mut out,
            &chosen_texts,
            &chosen_names,
            choice.settings,
            focus,
        );
    }
    (out, Some(report))
}

/// The report as CSV: one row per figure, with its counts.
pub fn report_csv(report: &Report) -> String {
    let names = &report.annotators;
    let mut out = String::from("scope,measure,a,b,label,value,n,tp,fp,fn,why\n");
    let mut line = |scope: &str,
                    measure: &str,
                    a: &str,
                    b: &str,
                    label: &str,
                    score: &Score,
                    counts: [String; 4]| {
        let value = score.value().map_or(String::new(), |v| fixed(v, 9));
        let _ = writeln!(
            out,
            "{},{measure},{},{},{label},{value},{},{},{},{},{}",
            crate::core::agreement::export::csv_field(scope),
            crate::core::agreement::export::csv_field(a),
            crate::core::agreement::export::csv_field(b),
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            crate::core::agreement::export::csv_field(score.why().unwrap_or(""))
        );
    };
    let none = || [String::new(), String::new(), String::new(), String::new()];
    let mut scopes: Vec<(String, &Scores)> = vec![("corpus".into(), &report.corpus)];
    for t in &report.texts {
        scopes.push((t.sha256.clone(), &t.scores));
    }
    for (scope, s) in scopes {
        for (measure, block, label) in [
            ("span_f1_exact", &s.exact, ""),
            ("span_f1_overlap", &s.overlap, ""),
        ]
        .into_iter()
        .chain(
            Label::ALL
                .into_iter()
                .zip(&s.per_label)
                .flat_map(|(l, (e, o))| {
                    [
                        ("span_f1_exact", e, l.name()),
                        ("span_f1_overlap", o, l.name()),
                    ]
                }),
        )
        .chain([
            ("relation_f1", &s.relations, ""),
            ("relation_f1_aligned_ends", &s.relations_aligned, ""),
        ]) {
            for p in &block.pairs {
                line(
                    &scope,
                    measure,
                    &names[p.a],
                    &names[p.b],
                    label,
                    &p.f1,
                    [
                        String::new(),
                        p.counts.tp.to_string(),
                        p.counts.fp.to_string(),
                        p.counts.fn_.to_string(),
                    ],
                );
            }
        }
        for k in &s.cohen {
            line(
                &scope,
                "cohen_kappa",
                &names[k.a],
                &names[k.b],
                "",
                &k.kappa,
                [k.n.to_string(), String::new(), String::new(), String::new()],
            );
        }
        let n = |n: usize| [n.to_string(), String::new(), String::new(), String::new()];
        line(
            &scope,
            "fleiss_kappa",
            "",
            "",
            "",
            &s.fleiss.0,
            n(s.fleiss.1),
        );
        line(&scope, "alpha", "", "", "", &s.alpha.alpha, n(s.alpha.n));
        line(&scope, "ac1", "", "", "", &s.ac1.0, n(s.ac1.1));
        line(&scope, "alpha_u", "", "", "", &s.alpha_u, none());
        for (l, a) in &s.alpha_u_labels {
            line(&scope, "alpha_u", "", "", l.name(), a, none());
        }
        for (attribute, a) in Attribute::ALL.into_iter().zip(&s.attributes) {
            line(&scope, "alpha", "", "", attribute.name(), &a.alpha, n(a.n));
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::agreement::synthetic::versions;
    use crate::core::agreement::*;

    #[test]
    fn the_view_shows_the_measures_charts_and_disagreements() {
        let made = versions(5, 3, 600, 12);
        let body = "x".repeat(600);
        let names: Vec<String> = ["ana", "ben", "chloé"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut text = Text {
            sha256: "abc",
            title: "Joint <statement>",
            body: &body,
            ..crate::core::agreement::synthetic::text(&made, &names, 600)
        };
        for version in &mut text.versions {
            version.id = "d-1";
        }
        let choice = Choice {
            annotators: vec![true; 3],
            texts: vec![true],
            settings: Settings::default(),
        };
        let (html, report) = agreement_html(
            std::slice::from_ref(&text),
            &names,
            &choice,
            Some(Focus::Pair(0, 1)),
        );
        let report = report.unwrap();
        assert!(html.contains("data-testid=\"agreement-table\""));
        assert!(html.contains("Joint &lt;statement&gt;"));
        assert!(html.contains(&format!(
            "<td class=\"num\">{}</td>",
            shown(&report.corpus.alpha.alpha)
        )));
        assert_eq!(html.matches("data-pair=").count(), 6);
        assert_eq!(html.matches("data-label=").count(), 16);
        assert!(
            html.matches("data-testid=\"agreement-disagreement\"")
                .count()
                > 0
        );
        assert!(html.contains("data-open=\"d-1|"));
        let csv = report_csv(&report);
        assert!(csv.starts_with(
            "scope,measure,a,b,label,value,n,tp,fp,fn,why\ncorpus,span_f1_exact,ana,ben,,"
        ));
        // Two annotators chosen: one pair.
        let two = Choice {
            annotators: vec![true, false, true],
            ..choice.clone()
        };
        let (html, _) = agreement_html(std::slice::from_ref(&text), &names, &two, None);
        assert_eq!(html.matches("data-pair=").count(), 2);
        let one = Choice {
            annotators: vec![true, false, false],
            ..choice
        };
        assert!(
            agreement_html(std::slice::from_ref(&text), &names, &one, None)
                .1
                .is_none()
        );
        assert!(agreement_html(&[], &names, &one, None)
            .0
            .contains("agreement-empty"));
    }
}
