//! Whatever the spec files hold, the generator answers with diagnostics, never a panic.

use compshare_codegen::load::{self, Sources};
use compshare_codegen::{Input, generate};
use proptest::prelude::*;

fn run(text: &str) {
    if let Ok(spec) = load::parse("fuzz.yaml", text) {
        let src = Sources {
            dir: "fuzz".into(),
            files: vec![("fuzz.yaml".into(), spec)],
            examples: vec![],
            readme: None,
            changelog: None,
        };
        let _ = generate(Input::Service(&src));
    }
}

/// YAML built from the spec's own vocabulary, so it often parses and reaches validation.
fn spec_soup() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("service:"),
        Just("types:"),
        Just("actions:"),
        Just("name: Demo"),
        Just("crate: demo"),
        Just("version: 0.1.0"),
        Just("base_url: https://x.example"),
        Just("doc: d."),
        Just("common:"),
        Just("Region: {type: string, setting: region, doc: r.}"),
        Just("fields:"),
        Just("enum: [A, B, A]"),
        Just("extends: A"),
        Just("extends: B"),
        Just("request:"),
        Just("response:"),
        Just("A:"),
        Just("B:"),
        Just("T:"),
        Just("X: string"),
        Just("Y: [T]"),
        Just("Z: {type: T, required: true, doc: z.}"),
        Just("W: {type: json, aliases: [x], doc: w.}"),
        Just("V: {override: true}"),
        Just("idempotent: no"),
        Just("paginate: {offset: X, limit: Y, items: Z}"),
        Just("- "),
        Just("[ "),
        Just("]"),
        Just("{"),
        Just("}"),
        Just(": "),
        Just("'"),
        Just("\""),
        Just("&a"),
        Just("*a"),
        Just("!!str"),
        Just("~"),
    ];
    let indent = prop_oneof![Just(""), Just("  "), Just("    "), Just("      ")];
    prop::collection::vec((indent, token), 0..40).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(i, t)| format!("{i}{t}\n"))
            .collect()
    })
}

/// Well-formed YAML of the spec's shape with names drawn from small pools, so that unknown
/// types, cycles, collisions, clashing aliases and valid specs (which are rendered) all occur.
fn structured_spec() -> impl Strategy<Value = String> {
    let names = || prop::sample::select(vec!["A", "B", "C", "Ping", "Send", "T", "U"]);
    let wire = || {
        prop::sample::select(vec![
            "Id", "ID", "id", "Type", "Self", "Send", "Zone", "Region", "Tags", "X-Y",
        ])
    };
    let ty = || {
        prop::sample::select(vec![
            "string", "int", "float", "bool", "json", "[string]", "[T]", "T", "U", "[[int]]",
            "Nope", "[U",
        ])
    };
    let field = (wire(), ty(), any::<bool>(), any::<bool>(), prop::option::of(wire()), any::<bool>()).prop_map(
        |(w, t, required, sensitive, alias, over)| {
            let alias = alias.map(|a| format!(", aliases: [{a}]")).unwrap_or_default();
            format!("{w}: {{type: \"{t}\", required: {required}, sensitive: {sensitive}, override: {over}, doc: d.{alias}}}")
        },
    );
    let fields =
        || prop::collection::vec(field.clone(), 0..4).prop_map(|f| format!("{{{}}}", f.join(", ")));
    let type_def = (
        names(),
        any::<bool>(),
        fields(),
        prop::collection::vec(
            prop::sample::select(vec!["a", "B", "cn-x", "1", "Unknown"]),
            0..4,
        ),
    )
        .prop_map(|(n, is_enum, f, values)| {
            if is_enum {
                format!("  {n}: {{doc: d., enum: [{}]}}\n", values.join(", "))
            } else {
                format!("  {n}: {{doc: d., fields: {f}}}\n")
            }
        });
    let action = (
        names(),
        prop::option::of(names()),
        fields(),
        fields(),
        any::<bool>(),
    )
        .prop_map(|(n, ext, req, resp, page)| {
            let ext = ext.map(|e| format!(", extends: {e}")).unwrap_or_default();
            let page = if page {
                ", paginate: {offset: Id, limit: Zone, items: Tags, total: Id}"
            } else {
                ""
            };
            format!("  {n}: {{doc: d.{ext}{page}, request: {req}, response: {resp}}}\n")
        });
    (prop::collection::vec(type_def, 0..4), prop::collection::vec(action, 0..4)).prop_map(|(types, actions)| {
        format!(
            "service: {{name: Demo, crate: demo, version: 0.1.0, base_url: \"https://x.example\", doc: d., common: {{Region: {{type: string, setting: region, doc: r.}}, Zone: {{type: string, setting: zone, doc: z.}}}}}}\ntypes:\n{}actions:\n{}",
            types.concat(),
            actions.concat()
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn structured_specs_never_panic(text in structured_spec()) {
        run(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        run(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn spec_like_yaml_never_panics(text in spec_soup()) {
        run(&text);
    }
}

fn error_of(text: &str) -> String {
    match load::parse("deep.yaml", text) {
        Err(d) => {
            d.0.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        }
        Ok(_) => panic!("a spec this deep parsed"),
    }
}

/// Nesting that used to overflow the stack (20,000 lists in a type string) or take minutes
/// (100,000 levels of YAML flow lists) is refused by the cheap checks that run first: the
/// messages are theirs, not the YAML parser's.
#[test]
fn deep_nesting_is_refused_before_it_costs() {
    let head = "actions:\n  Ping:\n    doc: d.\n    request:\n      Deep: {type: ";
    let string_type = format!(
        "{head}\"{}string{}\", doc: d.}}\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    assert!(
        error_of(&string_type).contains("the type nests more than 32 lists"),
        "{}",
        error_of(&string_type)
    );
    let flow = format!(
        "{head}{}string{}, doc: d.}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(
        error_of(&flow),
        "deep.yaml:5:83: lists and mappings nest more than 64 levels deep"
    );
    // Block sequences written compactly (`- - - string`) meet the YAML parser's own limit.
    let block = format!(
        "actions:\n  Ping:\n    doc: d.\n    request:\n      Deep:\n        type:\n          {}string\n        doc: d.\n",
        "- ".repeat(20_000)
    );
    let e = error_of(&block);
    assert!(e.starts_with("deep.yaml:"), "{e}");
}
