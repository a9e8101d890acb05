//! Avow's agreement figures against the reference implementations, installed from PyPI by
//! `.ci/setup`: the reliability matrices Avow exports for generated data are read by
//! `tests/peers/check_agreement.py` with scikit-learn (Cohen's κ), statsmodels (Fleiss' κ),
//! krippendorff (nominal α) and irrCAC (Gwet's AC1), and each figure must match Avow's report.

use super::export::reliability_csv;
use super::report::report;
use super::synthetic::{text, versions, Made};
use super::{Settings, Text};
use crate::core::formats::peers::run_peer_script;
use crate::core::schema::Attribute;
use serde_json::Value;

fn check(figure: &str, ours: &Value, theirs: &Value, tolerance: f64) {
    let (Some(a), Some(b)) = (ours.as_f64(), theirs.as_f64()) else {
        panic!("{figure}: Avow {ours}, reference {theirs}");
    };
    assert!(
        (a - b).abs() <= tolerance,
        "{figure}: Avow {a}, reference {b}"
    );
}

/// Compares one scores object with the reference's figures of its matrices.
fn compare(scope: &str, scores: &Value, reference: &Value) {
    let labels = &reference["labels"];
    check(
        &format!("{scope} α"),
        &scores["labels"]["alpha"]["alpha"],
        &labels["alpha"],
        1e-6,
    );
    check(
        &format!("{scope} Fleiss κ"),
        &scores["labels"]["fleiss_kappa"]["kappa"],
        &labels["fleiss"],
        1e-6,
    );
    // irrCAC rounds to five decimals.
    check(
        &format!("{scope} AC1"),
        &scores["labels"]["ac1"]["ac1"],
        &labels["ac1"],
        6e-6,
    );
    let pairs = scores["labels"]["cohen_kappa"].as_array().unwrap();
    assert_eq!(pairs.len(), 3);
    for pair in pairs {
        let key = format!(
            "{}|{}",
            pair["a"].as_str().unwrap(),
            pair["b"].as_str().unwrap()
        );
        check(
            &format!("{scope} Cohen κ {key}"),
            &pair["kappa"],
            &labels["cohen"][&key],
            1e-6,
        );
    }
    for attribute in ["strength", "domain"] {
        check(
            &format!("{scope} α of {attribute}"),
            &scores["attributes"][attribute]["alpha"],
            &reference[attribute]["alpha"],
            1e-6,
        );
    }
}

#[test]
fn avows_figures_match_the_reference_implementations() {
    let names: Vec<String> = ["ana", "ben", "chloé"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let made: Vec<Vec<Made>> = (0..4).map(|t| versions(100 + t, 3, 3_000, 60)).collect();
    let texts: Vec<Text> = made.iter().map(|m| text(m, &names, 3_000)).collect();
    let settings = Settings::default();
    let dir = std::env::temp_dir().join(format!("avow-agreement-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (t, text) in texts.iter().enumerate() {
        std::fs::write(
            dir.join(format!("t{t}.labels.csv")),
            reliability_csv(text, settings, None),
        )
        .unwrap();
        for attribute in [Attribute::Strength, Attribute::Domain] {
            std::fs::write(
                dir.join(format!("t{t}.{}.csv", attribute.name())),
                reliability_csv(text, settings, Some(attribute)),
            )
            .unwrap();
        }
    }
    let reference = run_peer_script("check_agreement.py", &dir);
    let ours: Value = serde_json::from_str(&report(&texts, &names, settings).to_json()).unwrap();
    for t in 0..texts.len() {
        compare(
            &format!("text {t}"),
            &ours["texts"][t],
            &reference[format!("t{t}")],
        );
    }
    compare("corpus", &ours["corpus"], &reference["pooled"]);
    let _ = std::fs::remove_dir_all(&dir);
}
