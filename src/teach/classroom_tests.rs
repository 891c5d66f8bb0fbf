use super::*;

#[test]
fn a_link_hides_what_it_names_and_round_trips() {
    let l = link(
        "?data=mnist&code=2",
        &["lr", "presets", "nonsense"],
        Some(("linear", 2)),
    );
    assert_eq!(l, "?data=mnist&code=2&hide=presets,lr&lesson=linear&step=2");
    let keys: Vec<&str> = hidden_in(&l).iter().map(|h| h.key).collect();
    assert_eq!(keys, ["presets", "lr"]);
    assert_eq!(
        kept_pairs(&l),
        ["hide=presets,lr", "lesson=linear", "step=2"]
    );
    // The settings reader passes over the classroom's and lesson's keys without a note.
    let (_, notes) = crate::link::from_query(&l);
    assert!(notes.is_empty(), "{notes:?}");
    // Nothing hidden: no `hide=` at all.
    assert_eq!(link("data=moons", &[], None), "?data=moons");
}

#[test]
fn unknown_and_encoded_names() {
    let keys = |q: &str| hidden_in(q).iter().map(|h| h.key).collect::<Vec<_>>();
    assert_eq!(keys("?hide=latent%2Cdata"), ["data", "latent"]);
    assert!(keys("?hide=").is_empty());
    assert!(keys("?hide=%00,<script>").is_empty());
    assert!(keys("?data=mnist").is_empty());
}

#[test]
fn the_style_sheet_hides_panels_by_title_and_controls_with_their_label() {
    let items = hidden_in("?hide=network,lr");
    let sheet = css(&items);
    assert!(sheet.contains("section[aria-labelledby=\"net-title\"] { display: none !important; }"));
    assert!(
        sheet.contains(".field:has(#lr), label[for=\"lr\"], #lr { display: none !important; }")
    );
    assert_eq!(sheet.lines().count(), 2);
    // Keys are unique, so a link names one thing each.
    for (i, h) in HIDEABLE.iter().enumerate() {
        assert!(HIDEABLE[..i].iter().all(|o| o.key != h.key), "{}", h.key);
    }
}
