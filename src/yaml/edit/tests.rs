//! Golden tests: each edit changes only the bytes it must.

use super::*;

/// The duty `d`'s mapping in a parsed text.
fn duty(root: &Node) -> &Node {
    root.get("duties")
        .and_then(|d| d.get("d"))
        .expect("a duty `d`")
}

fn edited(text: &str, edit: impl FnOnce(&mut Edits, &Node)) -> String {
    let root = parse(text, Limits::default()).expect("the input parses");
    let mut edits = Edits::new(text, &root);
    edit(&mut edits, &root);
    edits.apply().expect("the edit applies")
}

fn review(text: &str) -> String {
    edited(text, |e, root| {
        e.set(duty(root), "reviewed", New::Keep("2026-12-04".into()))
            .unwrap();
        e.set(duty(root), "reviewed-by", New::Text("carol".into()))
            .unwrap();
    })
}

#[test]
fn a_block_duty_gains_keys_after_its_last_line_and_comments_stay() {
    let text = "\
# Platform duties
duties:
  d:   # the main one
    title: 'Deploys'   # quoted, kept
    accountable: carol
    responsible: [ops,  dev]   # flow list, odd spacing

  # a comment between duties
  e:
    accountable: dan
";
    assert_eq!(
        review(text),
        "\
# Platform duties
duties:
  d:   # the main one
    title: 'Deploys'   # quoted, kept
    accountable: carol
    responsible: [ops,  dev]   # flow list, odd spacing
    reviewed: 2026-12-04
    reviewed-by: carol

  # a comment between duties
  e:
    accountable: dan
"
    );
}

#[test]
fn an_existing_value_is_replaced_in_place_keeping_its_quotes() {
    let text = "duties:\n  d:\n    reviewed: '2025-01-01' # last year\n    reviewed-by: \"bob\"\n    accountable: carol\n";
    let out = edited(text, |e, root| {
        e.set(duty(root), "reviewed", New::Keep("2026-12-04".into()))
            .unwrap();
        e.set(duty(root), "reviewed-by", New::Text("carol".into()))
            .unwrap();
    });
    assert_eq!(
        out,
        "duties:\n  d:\n    reviewed: '2026-12-04' # last year\n    reviewed-by: \"carol\"\n    accountable: carol\n"
    );
}

#[test]
fn a_flow_duty_gains_keys_inside_its_braces() {
    let text = "duties:\n  d: { accountable: carol, responsible: [ops] }  # flow\n  e: {accountable: dan}\n";
    assert_eq!(
        review(text),
        "duties:\n  d: { accountable: carol, responsible: [ops], reviewed: 2026-12-04, reviewed-by: carol }  # flow\n  e: {accountable: dan}\n"
    );
}

#[test]
fn crlf_line_ends_and_odd_indentation_are_kept() {
    let text = "duties:\r\n   d:\r\n      accountable: carol\r\n      description: |\r\n         Two\r\n         lines\r\n\r\n   e:\r\n      accountable: dan\r\n";
    assert_eq!(
        review(text),
        "duties:\r\n   d:\r\n      accountable: carol\r\n      description: |\r\n         Two\r\n         lines\r\n      reviewed: 2026-12-04\r\n      reviewed-by: carol\r\n\r\n   e:\r\n      accountable: dan\r\n"
    );
}

#[test]
fn a_file_without_a_final_line_break_gains_none() {
    let text = "duties:\n  d:\n    accountable: carol";
    assert_eq!(
        review(text),
        "duties:\n  d:\n    accountable: carol\n    reviewed: 2026-12-04\n    reviewed-by: carol"
    );
}

#[test]
fn an_empty_value_is_filled_and_its_comment_kept() {
    let text =
        "duties:\n  d:\n    reviewed:   # not yet\n    reviewed-by: ~\n    accountable: carol\n";
    assert_eq!(
        review(text),
        "duties:\n  d:\n    reviewed: 2026-12-04   # not yet\n    reviewed-by: carol\n    accountable: carol\n"
    );
}

#[test]
fn a_merged_key_is_overridden_not_changed_at_its_anchor() {
    let text =
        "base: &b\n  reviewed: 2020-01-01\nduties:\n  d:\n    <<: *b\n    accountable: carol\n";
    let out = edited(text, |e, root| {
        e.set(duty(root), "reviewed", New::Plain("2026-12-04".into()))
            .unwrap();
    });
    assert_eq!(
        out,
        "base: &b\n  reviewed: 2020-01-01\nduties:\n  d:\n    <<: *b\n    accountable: carol\n    reviewed: 2026-12-04\n"
    );
}

#[test]
fn an_alias_mapping_is_refused() {
    let text = "base: &b\n  accountable: carol\nduties:\n  d: *b\n";
    let root = parse(text, Limits::default()).unwrap();
    let edits = Edits::new(text, &root);
    let duties = root.get("duties").unwrap();
    let entry = &duties.entries().unwrap()[0];
    let err = edits.mapping_of(entry).unwrap_err();
    assert!(err.message.contains("alias"), "{err}");
}

#[test]
fn a_new_section_and_entry_take_the_files_style() {
    let text = "people:\n    ann: { name: Ann }\n    bob:\n        name: Bob\n";
    let out = edited(text, |e, root| {
        let handoff = New::Map(vec![
            ("from".into(), New::Text("ann".into())),
            ("to".into(), New::Text("bob".into())),
            ("from-date".into(), New::Plain("2026-12-20".into())),
        ]);
        e.set(root, "handoffs", New::Map(vec![("h-1".into(), handoff)]))
            .unwrap();
    });
    assert_eq!(
        out,
        "people:\n    ann: { name: Ann }\n    bob:\n        name: Bob\nhandoffs:\n    h-1:\n        from: ann\n        to: bob\n        from-date: 2026-12-20\n"
    );
}

#[test]
fn a_new_entry_follows_the_style_of_its_siblings() {
    let text = "handoffs:\n  h: { from: ann, to: bob }   # flow siblings\n";
    let out = edited(text, |e, root| {
        let map = root.get("handoffs").unwrap();
        let handoff = New::Map(vec![
            ("from".into(), New::Text("ann".into())),
            ("to".into(), New::Text("Bob, Smith".into())),
        ]);
        e.insert(map, "h2", handoff, None).unwrap();
    });
    assert_eq!(
        out,
        "handoffs:\n  h: { from: ann, to: bob }   # flow siblings\n  h2: { from: ann, to: \"Bob, Smith\" }\n"
    );
}

#[test]
fn an_empty_section_is_filled() {
    let handoff = || New::Map(vec![("from".into(), New::Text("ann".into()))]);
    // Nothing written: a block on the lines below, the comment left on its line.
    let out = edited("handoffs:  # none yet\npeople: {}\n", |e, root| {
        e.set(root, "handoffs", New::Map(vec![("h".into(), handoff())]))
            .unwrap();
    });
    assert_eq!(
        out,
        "handoffs:  # none yet\n  h:\n    from: ann\npeople: {}\n"
    );
    // `~` is replaced by the block.
    let out = edited("handoffs: ~\n", |e, root| {
        e.set(root, "handoffs", New::Map(vec![("h".into(), handoff())]))
            .unwrap();
    });
    assert_eq!(out, "handoffs:\n  h:\n    from: ann\n");
    // An empty flow mapping gets the entry inside its braces.
    let out = edited("handoffs: {}\n", |e, root| {
        e.insert(root.get("handoffs").unwrap(), "h", handoff(), None)
            .unwrap();
    });
    assert_eq!(out, "handoffs: { h: { from: ann } }\n");
}

#[test]
fn text_is_quoted_only_when_yaml_would_read_it_otherwise() {
    for (text, want) in [
        ("alice", "alice"),
        ("alert-triage", "alert-triage"),
        ("a.b@example.com", "a.b@example.com"),
        ("yes", "\"yes\""),
        ("1984", "\"1984\""),
        ("1e5", "\"1e5\""),
        ("Bob Smith", "Bob Smith"),
        ("Bob  Smith", "\"Bob  Smith\""),
        ("a #b", "\"a #b\""),
        ("a: b", "\"a: b\""),
        ("", "\"\""),
        ("-x", "\"-x\""),
        ("é", "\"é\""),
    ] {
        assert_eq!(scalar(text), want, "{text}");
        let doc = format!("k: {}\n", scalar(text));
        let root = parse(&doc, Limits::default()).unwrap();
        assert_eq!(root.get("k").and_then(Node::text).unwrap_or(""), text);
    }
}
