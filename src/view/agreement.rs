//! The Agreement view's markup (a tree of views would cost the app far more code): the choice
//! of annotators, texts and settings; the table of measures with the counts behind each; a
//! heatmap of pairwise F1 and a bar chart per label, as SVG; and the units where a pair or a
//! label disagrees, each with its annotators' spans in lanes. Controls carry typed actions; a
//! span in a lane opens its version through [`Target`], listed beside the markup.

use crate::core::agreement::align::align;
use crate::core::agreement::corpus::GOLD_NAME;
use crate::core::agreement::measures::Score;
use crate::core::agreement::paper::{
    against_gold, f1_basis, figures, paragraph, AgainstGold, Figure,
};
use crate::core::agreement::report::{fixed, Report, Scores};
use crate::core::agreement::{Settings, Text};
use crate::core::annotation::span::SpanId;
use crate::core::schema::{Attribute, Label};
use crate::markup;
use crate::view::actions::{Action, AgreementExport};
use crate::view::lanes::Lane;
use crate::view::markup::{text, Html, Markup};

/// What the disagreement list shows: a pair of annotators, or a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Pair(usize, usize),
    Label(Label),
    Attribute(Attribute),
}

/// How many disagreements the list shows at most.
const LIST_LIMIT: usize = 200;

/// A version a span in the disagreement list opens: its workspace entry, the span to select,
/// and the unit's spans (every annotator's) to draw in lanes under the text there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub doc: String,
    pub span: SpanId,
    pub lanes: Vec<Lane>,
}

/// The view drawn: its markup, the report it shows (when there is one) and the versions its
/// lanes open (by their place, in [`Action::OpenVersion`]).
pub struct AgreementView {
    pub html: Html,
    pub report: Option<Report>,
    /// Each chosen annotator against gold (empty without a gold version).
    pub gold: Vec<AgainstGold>,
    pub targets: Vec<Target>,
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

/// A table row: the measure with what it means, its value, and what it comes from (or why
/// there is none).
fn row(m: &mut Markup, figure: &Figure) {
    m.push("<tr><th scope=\"row\">");
    match figure.attribute {
        // An attribute's α lists where its values differ, as a label's bar does.
        Some(attribute) => markup!(
            m,
            "<button type=\"button\" class=\"link\"",
            Action::FocusAttribute(attribute),
            " data-attribute=\"",
            attribute.name(),
            "\" title=\"List where the annotators give it different values\">",
            text(&figure.measure),
            "</button>"
        ),
        None => markup!(m, text(&figure.measure)),
    }
    markup!(
        m,
        "<small class=\"meaning\">",
        text(figure.meaning),
        "</small></th><td class=\"num\">",
        text(&shown(&figure.score)),
        "</td><td class=\"basis\">"
    );
    if let Some(why) = figure.score.why() {
        markup!(m, text(why), (!figure.basis.is_empty()).then_some(" · "));
    }
    markup!(m, text(&figure.basis), "</td></tr>");
}

/// The table of measures.
fn table(m: &mut Markup, s: &Scores, names: &[String]) {
    m.push("<table class=\"agreement-table\" data-testid=\"agreement-table\"><thead><tr><th>Measure</th><th>Value</th><th>From</th></tr></thead><tbody>");
    for figure in figures(s, names) {
        row(m, &figure);
    }
    m.push("</tbody></table>");
}

/// Each annotator against the gold version: its own table, as gold is never an annotator.
fn gold_table(m: &mut Markup, rows: &[AgainstGold]) {
    if rows.is_empty() {
        return;
    }
    m.push("<h2 class=\"panel-heading\">Each annotator against gold</h2><table class=\"agreement-table\" data-testid=\"agreement-gold-table\"><thead><tr><th>Annotator</th><th>Span F1, exact</th><th>Span F1, overlap</th><th>Relation F1</th><th>From</th></tr></thead><tbody>");
    for r in rows {
        markup!(
            m,
            "<tr><th scope=\"row\">",
            text(&r.annotator),
            "</th><td class=\"num\">",
            text(&shown(&r.scores.exact.mean)),
            "</td><td class=\"num\">",
            text(&shown(&r.scores.overlap.mean)),
            "</td><td class=\"num\">",
            text(&shown(&r.scores.relations.mean)),
            "</td><td class=\"basis\">",
            r.texts,
            " text",
            (r.texts != 1).then_some("s"),
            "; ",
            text(&f1_basis(&r.scores.overlap)),
            "</td></tr>"
        );
    }
    m.push("</tbody></table><p class=\"basis\">How close each annotator came to the adjudicated version: a measure of each annotator, not of agreement.</p>");
}

/// The heatmap of pairwise overlap F1; a cell lists the pair's disagreements.
fn heatmap(m: &mut Markup, s: &Scores, names: &[String]) {
    let n = names.len();
    // Row names to the left, column names in a row of their own above, level and cut to a
    // cell's width (rotated names ran into the cells and each other).
    let (cell, left, top) = (56, 90, 22);
    let (width, height) = (left + cell * n, top + cell * n);
    markup!(
        m,
        "<figure><figcaption>Span F1 (overlap) per pair: click a cell (or Tab to it, then Enter) for its disagreements</figcaption><svg class=\"heatmap\" data-testid=\"agreement-heatmap\" width=\"",
        width,
        "\" height=\"",
        height,
        "\" viewBox=\"0 0 ",
        width,
        " ",
        height,
        "\" role=\"group\" aria-label=\"Span F1 per pair\">"
    );
    for p in &s.overlap.pairs {
        let value = p.f1.value();
        for (row_of, col_of) in [(p.a, p.b), (p.b, p.a)] {
            let (x, y) = (left + cell * col_of, top + cell * row_of);
            let opacity = value.map_or("0.05".to_string(), |v| fixed(0.1 + 0.9 * v, 2));
            markup!(
                m,
                "<g class=\"cell\" tabindex=\"0\" role=\"button\" aria-label=\"",
                text(&format!(
                    "{} – {}: F1 {}; list their disagreements",
                    names[p.a],
                    names[p.b],
                    shown(&p.f1)
                )),
                "\"",
                Action::Pair(p.a, p.b),
                "><rect x=\"",
                x,
                "\" y=\"",
                y,
                "\" width=\"",
                cell - 2,
                "\" height=\"",
                cell - 2,
                "\" fill-opacity=\"",
                text(&opacity),
                "\"><title>",
                text(&format!(
                    "{} – {}: F1 {}",
                    names[p.a],
                    names[p.b],
                    shown(&p.f1)
                )),
                "</title></rect><text x=\"",
                x + cell / 2 - 1,
                "\" y=\"",
                y + cell / 2 + 4,
                "\" text-anchor=\"middle\">",
                text(&value.map_or("—".to_string(), |v| fixed(v, 2))),
                "</text></g>"
            );
        }
    }
    let cut = |name: &str, most: usize| -> String {
        if name.chars().count() <= most {
            name.to_string()
        } else {
            format!("{}…", name.chars().take(most - 1).collect::<String>())
        }
    };
    for (i, name) in names.iter().enumerate() {
        let middle = cell * i + cell / 2;
        markup!(
            m,
            "<text x=\"",
            left - 6,
            "\" y=\"",
            top + middle + 4,
            "\" text-anchor=\"end\">",
            text(&cut(name, 12)),
            "<title>",
            text(name),
            "</title></text><text x=\"",
            left + middle - 1,
            "\" y=\"",
            top - 7,
            "\" text-anchor=\"middle\">",
            text(&cut(name, 8)),
            "<title>",
            text(name),
            "</title></text>"
        );
    }
    m.push("</svg></figure>");
}

/// A bar per label: its overlap F1 (mean over pairs); a bar lists the label's disagreements.
fn bars(m: &mut Markup, s: &Scores) {
    let (width, line) = (180, 22);
    markup!(
        m,
        "<figure><figcaption>Span F1 (overlap) per label: click a bar for its disagreements</figcaption><svg class=\"bars\" data-testid=\"agreement-bars\" width=\"",
        120 + width + 50,
        "\" height=\"",
        line * 8,
        "\" viewBox=\"0 0 ",
        120 + width + 50,
        " ",
        line * 8,
        "\" role=\"group\" aria-label=\"Span F1 per label\">"
    );
    for (i, (label, (_, overlap))) in Label::ALL.into_iter().zip(&s.per_label).enumerate() {
        let y = i * line;
        let length = overlap
            .mean
            .value()
            .map_or(0, |v| (v * width as f64).round() as usize);
        markup!(
            m,
            "<g class=\"bar l-",
            label.index(),
            "\" tabindex=\"0\" role=\"button\" aria-label=\"",
            label.name(),
            ": F1 ",
            text(&shown(&overlap.mean)),
            "; list its disagreements\"",
            Action::FocusLabel(label),
            " data-label=\"",
            label.name(),
            "\"><text x=\"116\" y=\"",
            y + 15,
            "\" text-anchor=\"end\">",
            label.name(),
            "</text><rect x=\"120\" y=\"",
            y + 3,
            "\" width=\"",
            length.max(1),
            "\" height=\"",
            line - 6,
            "\"></rect><text x=\"",
            124 + length,
            "\" y=\"",
            y + 15,
            "\">",
            text(&shown(&overlap.mean)),
            "</text></g>"
        );
    }
    m.push("</svg></figure>");
}

/// The per-label table: exact and overlap F1, and α_u.
fn label_table(m: &mut Markup, s: &Scores) {
    m.push("<table class=\"agreement-table\"><thead><tr><th>Label</th><th>F1 exact</th><th>F1 overlap</th><th>α_u</th></tr></thead><tbody>");
    for (label, (exact, overlap)) in Label::ALL.into_iter().zip(&s.per_label) {
        let alpha_u = s
            .alpha_u_labels
            .iter()
            .find(|(l, _)| *l == label)
            .map_or("—".to_string(), |(_, a)| shown(a));
        markup!(
            m,
            "<tr><th scope=\"row\"><button type=\"button\" class=\"link\"",
            Action::FocusLabel(label),
            " data-label=\"",
            label.name(),
            "\">",
            label.name(),
            "</button></th><td class=\"num\">",
            text(&shown(&exact.mean)),
            "</td><td class=\"num\">",
            text(&shown(&overlap.mean)),
            "</td><td class=\"num\">",
            text(&alpha_u),
            "</td></tr>"
        );
    }
    m.push("</tbody></table>");
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
fn controls(m: &mut Markup, names: &[String], texts: &[Text], choice: &Choice) {
    m.push("<fieldset class=\"agreement-choice\"><legend>Annotators</legend>");
    for (i, name) in names.iter().enumerate() {
        markup!(
            m,
            "<label><input type=\"checkbox\"",
            Action::ChooseAnnotator(i),
            choice.annotators[i].then_some(" checked"),
            "> ",
            text(name),
            (name == GOLD_NAME)
                .then_some(" <small>(the adjudicated version: not counted unless chosen)</small>"),
            "</label>"
        );
    }
    m.push("</fieldset><fieldset class=\"agreement-choice\"><legend>Texts</legend>");
    for (i, t) in texts.iter().enumerate() {
        markup!(
            m,
            "<label><input type=\"checkbox\"",
            Action::ChooseText(i),
            choice.texts[i].then_some(" checked"),
            "> ",
            text(title_of(t)),
            " <small>(",
            t.versions.len(),
            " versions)</small></label>"
        );
    }
    markup!(
        m,
        "</fieldset><div class=\"agreement-settings\"><label>Align spans at IoU ≥ <select",
        Action::Iou,
        " data-testid=\"agreement-iou\">"
    );
    let current = (choice.settings.iou * 100.0).round() as usize;
    for percent in (10..=100).step_by(10) {
        markup!(
            m,
            "<option value=\"",
            percent,
            "\"",
            (percent == current).then_some(" selected"),
            ">",
            text(&fixed(percent as f64 / 100.0, 1)),
            "</option>"
        );
    }
    markup!(
        m,
        "</select></label><label><input type=\"checkbox\"",
        Action::UnsetIsValue,
        choice.settings.unset_is_value.then_some(" checked"),
        "> Count an unset attribute as the value “not set”</label></div>"
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
    /// The focused attribute's value on the span, if it is one the label carries (`None`:
    /// another label's, or no attribute is focused); `Some("")` when unset.
    value: Option<String>,
}

/// The disagreement list for `focus`: units of the chosen texts where the pair, or the
/// annotators over the label, differ in presence, extent or label. Each lane's span names
/// its place in `targets`.
fn disagreements(
    m: &mut Markup,
    targets: &mut Vec<Target>,
    texts: &[&Text],
    names: &[String],
    settings: Settings,
    focus: Focus,
) {
    let title = match focus {
        Focus::Pair(a, b) => format!("Where {} and {} disagree", names[a], names[b]),
        Focus::Label(label) => format!("Where the annotators disagree on {label}"),
        Focus::Attribute(attribute) => {
            format!("Where the annotators give {attribute} different values")
        }
    };
    let focused = match focus {
        Focus::Attribute(attribute) => Some(attribute),
        _ => None,
    };
    markup!(
        m,
        "<section class=\"disagreements\" data-testid=\"agreement-disagreements\"><h2 class=\"panel-heading\" tabindex=\"-1\">",
        text(&title),
        "</h2><ol>"
    );
    let mut listed = 0usize;
    let mut more = 0usize;
    for t in texts {
        let versions: Vec<&[crate::core::annotation::span::Span]> =
            t.versions.iter().map(|v| v.spans).collect();
        let index: Vec<usize> = t
            .versions
            .iter()
            .map(|v| names.iter().position(|n| n == v.annotator).unwrap_or(0))
            .collect();
        for unit in align(&versions, settings.iou) {
            let members: Vec<Member> = unit
                .members
                .iter()
                .enumerate()
                .filter_map(|(k, member)| {
                    let s = &versions[k][(*member)?];
                    Some(Member {
                        annotator: index[k],
                        entry: t.versions[k].id.to_string(),
                        span: s.id.0,
                        start: s.start,
                        end: s.end,
                        label: s.label,
                        value: focused
                            .filter(|a| s.label.attributes().contains(a))
                            .map(|a| s.attrs.get(&a).cloned().unwrap_or_default()),
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
                Focus::Attribute(_) => {
                    // Values of the spans that carry the attribute; unset counts only when
                    // the settings count it as a value.
                    let values: Vec<&str> = members
                        .iter()
                        .filter_map(|m| m.value.as_deref())
                        .filter(|v| settings.unset_is_value || !v.is_empty())
                        .collect();
                    values.len() >= 2 && values.iter().any(|v| *v != values[0])
                }
                Focus::Label(label) => {
                    members.iter().any(|m| m.label == label)
                        && !(members.len() == t.versions.len()
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
            lanes(m, targets, t, names, &members);
        }
    }
    m.push("</ol>");
    if listed == 0 {
        m.push("<p class=\"hint\">No disagreement here.</p>");
    }
    if more > 0 {
        markup!(m, "<p class=\"hint\">… and ", more, " more.</p>");
    }
    m.push("</section>");
}

/// One disagreement: the text around the unit, and a lane per annotator with their span
/// drawn under it; each span opens the text there (a target each).
fn lanes(
    m: &mut Markup,
    targets: &mut Vec<Target>,
    t: &Text,
    names: &[String],
    members: &[Member],
) {
    let start = members.iter().map(|m| m.start).min().unwrap_or(0);
    let end = members.iter().map(|m| m.end).max().unwrap_or(start);
    // The unit with a little context either side, in code points.
    let from = start.saturating_sub(20);
    let to = (end + 20).min(t.length);
    let context: String = t.body.chars().skip(from).take(to - from).collect();
    let width = (to - from).max(1);
    markup!(
        m,
        "<li class=\"disagreement\" data-testid=\"agreement-disagreement\"><div class=\"unit-title\">",
        text(title_of(t)),
        " · ",
        start,
        "–",
        end,
        "</div><div class=\"unit-text\">",
        text(&context),
        "</div>"
    );
    // The unit's spans as lanes under the text, in the order the list shows them.
    // A row per annotator with a version of the text (a lane each, in this order).
    let rows: Vec<(usize, &String, Option<&Member>)> = names
        .iter()
        .enumerate()
        .map(|(a, name)| (a, name, members.iter().find(|m| m.annotator == a)))
        .filter(|(_, name, mine)| {
            mine.is_some() || t.versions.iter().any(|v| v.annotator == name.as_str())
        })
        .collect();
    let unit_lanes: Vec<Lane> = rows
        .iter()
        .enumerate()
        .filter_map(|(lane, (_, name, mine))| {
            mine.map(|member| Lane {
                lane,
                start: member.start,
                end: member.end,
                name: Some((*name).clone()),
            })
        })
        .collect();
    for (_, name, mine) in rows {
        markup!(
            m,
            "<div class=\"lane\"><span class=\"lane-name\">",
            text(name),
            "</span><span class=\"lane-track\">"
        );
        match mine {
            Some(member) => {
                // The focused attribute's value, after the label and extent.
                let value = member
                    .value
                    .as_deref()
                    .map(|v| format!(", {}", if v.is_empty() { "not set" } else { v }));
                let value = value.as_deref().map(text);
                // Placed by SVG attributes: the Content Security Policy refuses inline styles.
                let left = (member.start - from) * 1000 / width;
                let span_width = ((member.end - member.start) * 1000 / width).max(10);
                targets.push(Target {
                    doc: member.entry.clone(),
                    span: SpanId(member.span),
                    lanes: unit_lanes.clone(),
                });
                markup!(
                    m,
                    "<button type=\"button\" class=\"lane-span lbl-",
                    member.label.index(),
                    "\"",
                    Action::OpenVersion(targets.len() - 1),
                    " aria-label=\"",
                    member.label.code(),
                    " ",
                    member.start,
                    "–",
                    member.end,
                    value,
                    ": open this version here\"><svg width=\"100%\" height=\"22\" aria-hidden=\"true\"><rect x=\"",
                    left / 10,
                    ".",
                    left % 10,
                    "%\" width=\"",
                    span_width / 10,
                    ".",
                    span_width % 10,
                    "%\" height=\"22\"></rect><text x=\"",
                    left / 10,
                    ".",
                    left % 10,
                    "%\" dx=\"2\" y=\"15\">",
                    member.label.code(),
                    " ",
                    member.start,
                    "–",
                    member.end,
                    value,
                    "</text></svg></button>"
                );
            }
            None => {
                m.push("<span class=\"lane-none\">no span</span>");
            }
        }
        m.push("</span></div>");
    }
    m.push("</li>");
}

/// The whole view: controls, the corpus's measures, the charts, the per-label table, and the
/// disagreements of `focus`. `texts` are every text with two versions or more.
pub fn agreement_html(
    texts: &[Text],
    names: &[String],
    choice: &Choice,
    focus: Option<Focus>,
) -> AgreementView {
    let mut m = Markup::new();
    let mut targets = Vec::new();
    if texts.is_empty() {
        m.push("<p class=\"hint\" data-testid=\"agreement-empty\">Agreement compares annotators' versions of a text: import a colleague's file of a text you have (“Add as their version”), or their workspace file.</p>");
        return AgreementView {
            html: m.finish(),
            report: None,
            gold: Vec::new(),
            targets,
        };
    }
    controls(&mut m, names, texts, choice);
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
        m.push("<p class=\"hint\">Choose two annotators or more and at least one text.</p>");
        return AgreementView {
            html: m.finish(),
            report: None,
            gold: Vec::new(),
            targets,
        };
    }
    let owned: Vec<Text> = chosen_texts.iter().map(|t| (*t).clone()).collect();
    let report = crate::core::agreement::report::report(&owned, &chosen_names, choice.settings);
    markup!(
        m,
        "<p class=\"agreement-scope\">",
        owned.len(),
        " text",
        (owned.len() != 1).then_some("s"),
        ", ",
        chosen_names.len(),
        " annotators; micro (counts pooled over the texts).</p>"
    );
    table(&mut m, &report.corpus, &chosen_names);
    // Gold against each annotator chosen, over the chosen texts (gold's own versions only there).
    let gold = against_gold(&owned, &chosen_names, choice.settings);
    gold_table(&mut m, &gold);
    markup!(
        m,
        "<details class=\"paper\"><summary>A paragraph for a paper</summary><p data-testid=\"agreement-paragraph\">",
        text(&paragraph(&report, &gold)),
        "</p></details>"
    );
    m.push("<div class=\"agreement-exports\">");
    for export in AgreementExport::ALL {
        let (testid, caption) = match export {
            AgreementExport::Json => (" data-testid=\"export-agreement\"", "Report (.json)"),
            AgreementExport::Csv => (" data-testid=\"export-agreement-csv\"", "Report (.csv)"),
            AgreementExport::Pygamma => ("", "pygamma-agreement (.csv)"),
            AgreementExport::Matrix => ("", "Reliability matrix (.csv)"),
            AgreementExport::Paper => (
                " data-testid=\"export-agreement-paper\"",
                "For a paper (.csv + .txt)",
            ),
        };
        markup!(
            m,
            "<button type=\"button\"",
            Action::AgreementExport(export),
            testid,
            ">",
            caption,
            "</button>"
        );
    }
    m.push("</div>");
    heatmap(&mut m, &report.corpus, &chosen_names);
    bars(&mut m, &report.corpus);
    label_table(&mut m, &report.corpus);
    if let Some(focus) = focus {
        // Pairs are by index among the chosen annotators.
        disagreements(
            &mut m,
            &mut targets,
            &chosen_texts,
            &chosen_names,
            choice.settings,
            focus,
        );
    }
    AgreementView {
        html: m.finish(),
        report: Some(report),
        gold,
        targets,
    }
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
        let view = agreement_html(
            std::slice::from_ref(&text),
            &names,
            &choice,
            Some(Focus::Pair(0, 1)),
        );
        let html = view.html.into_string();
        let report = view.report.unwrap();
        assert!(html.contains("data-testid=\"agreement-table\""));
        assert!(html.contains("Joint &lt;statement&gt;"));
        assert!(html.contains(&format!(
            "<td class=\"num\">{}</td>",
            shown(&report.corpus.alpha.alpha)
        )));
        assert_eq!(html.matches("data-act=\"pair:").count(), 6);
        assert_eq!(html.matches("data-act=\"label:").count(), 16);
        assert!(
            html.matches("data-testid=\"agreement-disagreement\"")
                .count()
                > 0
        );
        // A span in a lane opens its version by its place among the targets: no id is written.
        assert!(html.contains("data-act=\"open-version:0\""));
        assert!(!html.contains("d-1"));
        assert_eq!(view.targets[0].doc, "d-1");
        assert!(!view.targets[0].lanes.is_empty());
        let csv = crate::core::agreement::export::report_csv(&report);
        assert!(csv.starts_with(
            "scope,measure,a,b,label,value,n,tp,fp,fn,why\ncorpus,span_f1_exact,ana,ben,,"
        ));
        // Two annotators chosen: one pair.
        let two = Choice {
            annotators: vec![true, false, true],
            ..choice.clone()
        };
        let html = agreement_html(std::slice::from_ref(&text), &names, &two, None).html;
        assert_eq!(html.as_str().matches("data-act=\"pair:").count(), 2);
        let one = Choice {
            annotators: vec![true, false, false],
            ..choice
        };
        assert!(
            agreement_html(std::slice::from_ref(&text), &names, &one, None)
                .report
                .is_none()
        );
        assert!(agreement_html(&[], &names, &one, None)
            .html
            .contains("agreement-empty"));
    }
}
