use super::*;

/// A value of `param`'s kind other than `v`.
fn other(v: ParamValue) -> ParamValue {
    match v {
        ParamValue::Number(x) => ParamValue::Number(x + 0.125),
        ParamValue::Flag(b) => ParamValue::Flag(!b),
        ParamValue::Facets(Facets::Weights) => ParamValue::Facets(Facets::All),
        ParamValue::Facets(_) => ParamValue::Facets(Facets::Weights),
        ParamValue::Bidding(Bidding::Truthful) => ParamValue::Bidding(Bidding::Strategic),
        ParamValue::Bidding(_) => ParamValue::Bidding(Bidding::Truthful),
    }
}

#[test]
fn each_parameter_reads_and_writes_its_own_field() {
    for (_, _, base) in PRESETS {
        for p in &PARAMS {
            let mut q = base;
            let v = other(p.get(&base));
            p.set(&mut q, v);
            assert_eq!(p.get(&q), v, "{}", p.name);
            for o in PARAMS.iter().filter(|o| o.name != p.name) {
                assert_eq!(
                    o.get(&q),
                    o.get(&base),
                    "setting {} changed {}",
                    p.name,
                    o.name
                );
            }
            assert_eq!(p.range.is_number(), matches!(v, ParamValue::Number(_)));
        }
        assert!(base.check().is_ok());
    }
}

#[test]
fn names_are_unique_and_listed_in_order() {
    let names: Vec<&str> = PARAMS.iter().map(|p| p.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), PARAMS.len());
    let listed: Vec<&str> = PRESETS[0].2.listing().iter().map(|(n, _)| *n).collect();
    assert_eq!(listed, names);
}

#[test]
fn custom_strategy_config_documents_every_parameter() {
    let doc = include_str!("../../../../configs/custom-strategy.toml");
    let documented: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("#   "))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let names: Vec<&str> = PARAMS.iter().map(|p| p.name).collect();
    assert_eq!(documented, names);
}

#[test]
fn check_reports_the_first_bad_value_range_by_range() {
    let mut p = PRESETS[0].2;
    p.bluff = -1.0;
    p.concession = 0.0;
    p.trust = 1.5;
    let e = p.check().unwrap_err();
    // Probabilities (trust) are checked before positive numbers
    // (concession), and those before non-negative ones (bluff).
    assert_eq!(
        (e.param.name, e.allowed),
        ("trust", Range::Probability.allowed())
    );
    p.trust = 0.5;
    let e = p.check().unwrap_err();
    assert_eq!(
        (e.param.name, e.allowed),
        ("concession", Range::Positive.allowed())
    );
    p.ask = f64::NAN;
    assert_eq!(p.check().unwrap_err().param.name, "ask");
}
