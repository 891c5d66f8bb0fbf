use super::*;
use crate::link::from_query;

#[test]
fn nine_lessons_whose_every_setup_is_a_valid_link() {
    assert!(LESSONS.len() >= 9);
    for l in LESSONS {
        assert!(!l.steps.is_empty(), "{}", l.id);
        for (i, step) in l.steps.iter().enumerate() {
            assert!(
                step.check.is_some() || step.question.is_some() || step.setup.is_some(),
                "{} step {}: nothing to do",
                l.id,
                i + 1
            );
            let link = step_link(l, i);
            let (s, notes) = from_query(&link);
            assert!(notes.is_empty(), "{} step {}: {notes:?}", l.id, i + 1);
            assert!(
                s.problems().is_empty(),
                "{} step {}: {:?}",
                l.id,
                i + 1,
                s.problems()
            );
        }
    }
    // The first step of each lesson sets up its experiment, so a lesson never runs on
    // whatever happened to be loaded.
    assert!(LESSONS.iter().all(|l| l.steps[0].setup.is_some()));
}

#[test]
fn ids_are_unique_and_links_come_back_to_their_step() {
    for (i, l) in LESSONS.iter().enumerate() {
        assert!(LESSONS[..i].iter().all(|o| o.id != l.id), "{} twice", l.id);
        for step in 0..l.steps.len() {
            let (back, at) = from_link(&step_link(l, step)).expect("a lesson link");
            assert_eq!((back.id, at), (l.id, step));
        }
    }
    assert!(from_link("?lesson=nope").is_none());
    assert_eq!(from_link("?lesson=vae&step=99").map(|(_, s)| s), Some(0));
    assert_eq!(from_link("?lesson=vae&step=-1").map(|(_, s)| s), Some(0));
    assert!(from_link("?data=mnist").is_none());
}
