//! The inbox and the reducer fed with real reports of a session on the two moons.

use super::reduce::{Change, Context, reduce, view_for};
use super::{Inbound, Inbox};
use crate::data::{DatasetId, SampleShape};
use crate::protocol::{Command, LatentView, ModelInfo, Report};
use crate::session::Session;
use crate::settings::LabSettings;
use crate::train::pretrain::Phase;

/// What a session on the two moons says to LoadData, Configure and one Step, in order.
fn moons_reports() -> Vec<Report> {
    let mut s = Session::new();
    let clock = || 0.0;
    let mut out = s.handle(
        Command::LoadData {
            dataset: DatasetId::TwoMoons,
            asset: None,
        },
        &clock,
    );
    let config =
        LabSettings::for_dataset(DatasetId::TwoMoons).to_config(SampleShape::Points { dim: 2 });
    out.extend(s.handle(
        Command::Configure {
            config: Box::new(config),
        },
        &clock,
    ));
    out.extend(s.handle(Command::Step, &clock));
    out
}

fn find(reports: &[Report], what: fn(&Report) -> bool) -> Report {
    reports
        .iter()
        .find(|r| what(r))
        .cloned()
        .expect("the session sends it")
}

fn model_info(reports: &[Report]) -> ModelInfo {
    match find(reports, |r| matches!(r, Report::Configured(_))) {
        Report::Configured(info) => info,
        _ => unreachable!(),
    }
}

const LIVE: Context = Context {
    awaiting_model: false,
    dataset: DatasetId::TwoMoons,
    view: LatentView::Dims(0, 1),
};

#[test]
fn a_snapshot_splits_off_its_metrics_and_a_frame_redraws_one_group_of_panels() {
    let reports = moons_reports();
    let snapshot = find(
        &reports,
        |r| matches!(r, Report::Snapshot(s) if s.metrics.is_some()),
    );
    let progress = find(&reports, |r| matches!(r, Report::Progress(_)));
    let mut inbox = Inbox::default();
    assert!(
        inbox.push(progress.clone()),
        "the first report asks for a frame"
    );
    assert!(!inbox.push(snapshot), "later ones wait for it");
    inbox.push(progress.clone());
    inbox.push(Report::Ready);
    // Light reports first, then the snapshot's codes, then its metrics, each in a frame
    // of its own, then what came after.
    let frames: Vec<Vec<bool>> = std::iter::from_fn(|| {
        let f = inbox.next_frame();
        (!f.is_empty()).then(|| f.iter().map(Inbound::is_heavy).collect())
    })
    .collect();
    assert_eq!(
        frames,
        vec![vec![false], vec![true], vec![true], vec![false, false]]
    );
    assert!(inbox.is_empty());
}

#[test]
fn replies_of_the_old_run_are_dropped_while_a_new_model_is_awaited() {
    let reports = moons_reports();
    let awaiting = Context {
        awaiting_model: true,
        ..LIVE
    };
    let mut inbox = Inbox::default();
    for r in reports.iter().cloned() {
        inbox.push(r);
    }
    let mut seen = Vec::new();
    while !inbox.is_empty() {
        for item in inbox.next_frame() {
            let heavy = item.is_heavy();
            let now = reduce(item.clone(), &awaiting);
            // Codes, metrics, decoders and counters of the old run are dropped; the data
            // and the new model are not.
            if heavy || matches!(item, Inbound::Report(Report::Progress(_))) {
                assert!(now.is_empty(), "{now:?}");
            } else {
                assert!(!now.is_empty(), "{item:?}");
            }
            seen.extend(reduce(item, &LIVE));
        }
    }
    // Once the model is there, the same reports all count.
    for kind in [
        |c: &Change| matches!(c, Change::DataInfo(_)),
        |c: &Change| matches!(c, Change::NewModel(_)),
        |c: &Change| matches!(c, Change::Snapshot(_)),
        |c: &Change| matches!(c, Change::Metrics { .. }),
        |c: &Change| matches!(c, Change::Progress { chart: true, .. }),
    ] {
        assert!(seen.iter().any(kind), "{seen:?}");
    }
}

#[test]
fn replies_about_a_dataset_the_student_left_are_dropped() {
    let reports = moons_reports();
    let elsewhere = Context {
        dataset: DatasetId::Mnist,
        ..LIVE
    };
    for r in reports {
        let changes = reduce(Inbound::Report(r.clone()), &elsewhere);
        if matches!(r, Report::DataLoaded(_) | Report::Configured(_)) {
            assert!(changes.is_empty(), "{changes:?}");
        }
    }
}

#[test]
fn a_refused_configuration_leaves_no_model_to_wait_for() {
    let refused = |awaiting_model| {
        reduce(
            Inbound::Report(Report::Rejected {
                message: "No.".into(),
            }),
            &Context {
                awaiting_model,
                ..LIVE
            },
        )
    };
    assert_eq!(
        refused(true),
        vec![
            Change::Refused { model: true },
            Change::Playing(false),
            Change::Notice("No.".into())
        ]
    );
    assert_eq!(refused(false)[0], Change::Refused { model: false });
}

#[test]
fn a_pretraining_stage_counts_but_is_not_charted() {
    let reports = moons_reports();
    let Report::Progress(mut p) = find(&reports, |r| matches!(r, Report::Progress(_))) else {
        unreachable!()
    };
    p.phase = Phase::Pretraining { layer: 0, of: 2 };
    let out = reduce(Inbound::Report(Report::Progress(p)), &LIVE);
    assert!(
        matches!(out.as_slice(), [Change::Progress { chart: false, .. }]),
        "{out:?}"
    );
}

#[test]
fn a_new_model_gets_a_plane_it_has() {
    let mut info = model_info(&moons_reports());
    let dims = LatentView::Dims;
    // A non-linear 2-D code keeps a fitting plane and leaves PCA's.
    info.linear = false;
    info.code_dim = 2;
    assert_eq!(view_for(&info, dims(0, 1)), None);
    assert_eq!(view_for(&info, LatentView::Pca), None);
    assert_eq!(view_for(&info, LatentView::OntoPca), Some(dims(0, 1)));
    assert_eq!(view_for(&info, dims(3, 1)), Some(dims(0, 1)));
    info.code_dim = 1;
    assert_eq!(view_for(&info, dims(0, 1)), Some(dims(0, 0)));
    // A linear model is shown in PCA's plane, when it has two numbers to show.
    info.linear = true;
    info.code_dim = 3;
    assert_eq!(view_for(&info, dims(0, 1)), Some(LatentView::OntoPca));
    assert_eq!(view_for(&info, LatentView::OntoPca), None);
    info.code_dim = 1;
    assert_eq!(view_for(&info, LatentView::OntoPca), Some(dims(0, 0)));
    // The reducer puts the plane after the model.
    info.code_dim = 3;
    let out = reduce(Inbound::Report(Report::Configured(info)), &LIVE);
    assert!(
        matches!(
            out.as_slice(),
            [Change::NewModel(_), Change::View(LatentView::OntoPca)]
        ),
        "{out:?}"
    );
}
