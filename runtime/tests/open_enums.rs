//! Open enums stay forward-compatible: code that matches the variants it knows and compares
//! the rest by `as_str` takes the same branch when a later version knows more values, and an
//! `Unknown` never holds a value that has a variant.

mod v1 {
    compshare_runtime::open_enum! {
        /// A machine's state, as version 1 knows it.
        pub enum State {
            /// Up.
            Running = "Running",
        }
    }
}

mod v2 {
    compshare_runtime::open_enum! {
        /// The same state, as version 2 knows it: `Paused` is a variant now.
        pub enum State {
            /// Up.
            Running = "Running",
            /// Held.
            Paused = "Paused",
        }
    }
}

/// What a user writes, the same text against either version.
macro_rules! describe {
    ($state:expr, $ty:path) => {{
        use $ty as State;
        match $state {
            State::Running => "up",
            other => match other.as_str() {
                "Paused" => "held",
                _ => "other",
            },
        }
    }};
}

#[test]
fn matching_by_text_keeps_its_branch_when_a_value_becomes_a_variant() {
    for wire in ["Running", "Paused", "Exploded"] {
        let old = describe!(v1::State::from(wire), v1::State);
        let new = describe!(v2::State::from(wire), v2::State);
        assert_eq!(old, new, "{wire}");
    }
    assert!(matches!(v1::State::from("Paused"), v1::State::Unknown(_)));
    assert_eq!(v2::State::from("Paused"), v2::State::Paused);
}

#[test]
fn unknown_never_holds_a_known_value() {
    for wire in ["Running", "Paused"] {
        assert!(
            !matches!(v2::State::from(wire), v2::State::Unknown(_)),
            "{wire}"
        );
        assert!(
            !matches!(v2::State::from(wire.to_owned()), v2::State::Unknown(_)),
            "{wire}"
        );
        let (decoded, _) =
            compshare_runtime::decode_json::<Holder>(&format!(r#"{{"State":"{wire}"}}"#)).unwrap();
        assert!(
            !matches!(decoded.state, Some(v2::State::Unknown(_))),
            "{wire}"
        );
    }
    // Unknown text is kept as sent, and sent back so.
    let exploded = v2::State::from("Exploded");
    assert_eq!(
        (exploded.as_str(), exploded.to_string()),
        ("Exploded", "Exploded".to_owned())
    );
}

#[derive(Debug, Default)]
struct Holder {
    state: Option<v2::State>,
}

compshare_runtime::decode_fields! { Holder;
    "state" => read_opt state,
}
