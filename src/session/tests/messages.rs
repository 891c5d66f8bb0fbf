//! Every command and report survives the trip between the threads; a cut or foreign buffer
//! is an error, never a panic.

use super::*;

#[test]
fn every_message_round_trips_through_serde() {
    let clock = FakeClock::new();
    let now = || clock.now();
    let mut s = Session::new();
    let mut reports = s.handle(
        Command::LoadData {
            dataset: DatasetId::Circles,
            asset: None,
        },
        &now,
    );
    let commands = vec![
        Command::LoadData {
            dataset: DatasetId::Mnist,
            asset: Some(vec![1, 2, 3]),
        },
        Command::Configure {
            config: Box::new(moons_config()),
        },
        Command::Play,
        Command::Pause,
        Command::Step,
        Command::Reset,
        Command::SetLatentView(LatentView::Dims(0, 2)),
        Command::SetLatentView(LatentView::Pca),
    ];
    for c in &commands {
        let back: Command =
            crate::protocol::decode(&crate::protocol::encode(c).expect("ser")).expect("de");
        assert_eq!(&back, c);
    }
    reports.extend(s.handle(
        Command::Configure {
            config: Box::new(moons_config()),
        },
        &now,
    ));
    reports.extend(s.handle(Command::Step, &now));
    reports.push(Report::Ready);
    reports.push(Report::Rejected {
        message: "no".into(),
    });
    for r in &reports {
        let bytes = crate::protocol::encode(r).expect("ser");
        let back: Report = crate::protocol::decode(&bytes).expect("de");
        assert_eq!(&back, r);
        // A cut or foreign buffer is an error, never a panic.
        if bytes.len() > 1 {
            assert!(crate::protocol::decode::<Report>(&bytes[..bytes.len() / 2]).is_err());
        }
    }
    assert!(crate::protocol::decode::<Command>(&[0xff; 7]).is_err());
}
