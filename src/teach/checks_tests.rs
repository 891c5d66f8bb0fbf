use super::*;
use crate::protocol::SubspaceView;

fn metrics() -> TestMetrics {
    TestMetrics {
        test: Vec::new(),
        test_total: 0.0,
        test_mse: 0.04,
        test_items: 10,
        knn: 0.70,
        noise_mse: 0.005,
        unit_means: vec![vec![0.04, 0.06]],
        features: Vec::new(),
        jacobian: Some(2.0),
        selection: Vec::new(),
        selected: Vec::new(),
        temperature: None,
        pca_r2: None,
        subspace: Some(Box::new(SubspaceView {
            angles: vec![1.0, 6.0],
            recovered: Vec::new(),
            pca_components: Vec::new(),
            aligned: Vec::new(),
            residual: 0.0,
        })),
        readings: Vec::new(),
        code_range: Vec::new(),
    }
}

#[test]
fn checks_read_the_numbers_they_name_and_wait_for_them() {
    let m = metrics();
    let o = Observed {
        metrics: Some(&m),
        pinned_jacobian: Some(5.0),
        ..Observed::default()
    };
    let holds = |c: Check| c.status(&o).map(|s| s.0);
    assert_eq!(
        holds(Check::AnglesBelow(5.0)),
        Some(false),
        "the widest angle counts"
    );
    assert_eq!(holds(Check::AnglesBelow(7.0)), Some(true));
    assert_eq!(holds(Check::NoiseCopiedBelow(0.1)), Some(true)); // 0.005 × 12 = 0.06
    assert_eq!(holds(Check::NoiseNotCopiedAbove(0.1)), Some(false));
    assert_eq!(holds(Check::CodeRateWithin(0.03, 0.08)), Some(true));
    assert_eq!(holds(Check::JacobianBelowPinned(0.5)), Some(true)); // 2 < 2.5
    assert_eq!(holds(Check::JacobianBelowPinned(0.3)), Some(false));
    // Nothing to compare with yet: no verdict, not a false one.
    assert_eq!(holds(Check::MseBelowPca), None, "no PCA baseline yet");
    assert_eq!(holds(Check::CodeBinaryAbove(0.5)), None);
    assert_eq!(holds(Check::RetrievalMeasured), None);
    assert_eq!(Check::AnglesBelow(5.0).status(&Observed::default()), None);
}
