use std::time::Instant;

use super::lenient::integral;
use super::lex::plain_run;
use super::*;

#[test]
fn plain_runs_end_at_the_first_quote_backslash_or_control_character() {
    let naive = |b: &[u8]| {
        b.iter()
            .position(|c| matches!(c, b'"' | b'\\' | 0..=0x1f))
            .unwrap_or(b.len())
    };
    // Every byte value at every position of every word, over fillers that sit next to the
    // bounds of the word tricks (0x20 and 0x21, 0x5b and 0x5d around `\\`, high bytes).
    for filler in [b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xa0, 0xff] {
        for len in 0..=19 {
            for at in 0..len {
                for probe in 0..=255u8 {
                    let mut b = vec![filler; len];
                    b[at] = probe;
                    assert_eq!(plain_run(&b), naive(&b), "{b:?}");
                    // A second special byte later must not move the first.
                    if at + 3 < len {
                        b[at + 3] = b'"';
                        assert_eq!(plain_run(&b), naive(&b), "{b:?}");
                    }
                }
            }
        }
    }
}

#[derive(Debug, Default, PartialEq)]
struct Image {
    size: Option<i64>,
    price: Option<f64>,
    free: bool,
    name: Option<String>,
    tags: Vec<String>,
    password: Option<String>,
}

impl DecodeFields for Image {
    fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, Malformed> {
        match key {
            "size" => r.read_opt(&mut self.size),
            "price" => r.read_opt(&mut self.price),
            "isfree" => r.read(&mut self.free),
            "name" => r.read_opt(&mut self.name),
            "tags" => r.read(&mut self.tags),
            "password" => r.read_opt(&mut self.password),
            _ => Ok(false),
        }
    }
}

#[derive(Debug, Default, PartialEq)]
struct List {
    total: i64,
    images: Vec<Image>,
    ids: Vec<String>,
    message: Option<String>,
}

impl DecodeFields for List {
    fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, Malformed> {
        match key {
            "totalcount" => r.read(&mut self.total),
            "imageset" | "images" => r.read(&mut self.images),
            "uhostids" => r.read(&mut self.ids),
            "message" => r.read_opt(&mut self.message),
            _ => Ok(false),
        }
    }
}

#[derive(Debug, Default, PartialEq)]
struct Stock {
    by_zone: Map<Map<i64>>,
}

impl DecodeFields for Stock {
    fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, Malformed> {
        match key {
            "byzone" => r.read(&mut self.by_zone),
            _ => Ok(false),
        }
    }
}

#[test]
fn maps_keep_their_keys_and_drop_what_does_not_fit() {
    let (stock, mismatches) = decode_json::<Stock>(
        r#"{"ByZone": {"8100009": {"RTX4090": "3", "A\u0031": 1, "H20": "many", "L40": null},
                           "8100010": {}, "8100011": null, "8100012": [1]}}"#,
    )
    .unwrap();
    let zone = &stock.by_zone["8100009"];
    assert_eq!(zone.get("RTX4090"), Some(&3));
    assert_eq!(zone.get("A1"), Some(&1));
    assert_eq!(zone.len(), 2, "{zone:?}");
    assert!(stock.by_zone["8100010"].is_empty());
    assert_eq!(stock.by_zone.len(), 2, "{:?}", stock.by_zone);
    let paths: Vec<&str> = mismatches.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(paths, ["ByZone.8100009.H20", "ByZone.8100012"]);
}

#[test]
fn map_entries_are_charged_against_the_budget() {
    let body = format!(
        "{{\"ByZone\": {{{}}}}}",
        (0..1000)
            .map(|i| format!("\"z{i}\": {{}}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut r = Reader::new(&body);
    r.budget = 10_000;
    assert!(Stock::decode(&mut r).is_err());
    let mut r = Reader::new(&body);
    assert_eq!(Stock::decode(&mut r).unwrap().unwrap().by_zone.len(), 1000);
}

/// A whole body decoded as `T`, as responses are (without their envelope): the output and
/// what did not fit.
#[derive(Debug)]
struct Decoded<T> {
    output: T,
    mismatches: Vec<Mismatch>,
    more_mismatches: usize,
}

fn read_all<T: DecodeFields>(r: &mut Reader<'_>) -> Result<Decoded<T>, Malformed> {
    let output = r.fields::<T>()?.ok_or(Malformed {
        offset: 0,
        reason: "expected a JSON object",
    })?;
    r.finish()?;
    let (mismatches, more_mismatches) = r.take_mismatches();
    Ok(Decoded {
        output,
        mismatches,
        more_mismatches,
    })
}

fn decode(body: &str) -> Decoded<List> {
    read_all::<List>(&mut Reader::new(body)).unwrap()
}

#[test]
fn drifted_scalars_convert() {
    let d = decode(
        r#"{"RetCode":"0","totalcount":"3","ImageSet":[
                {"Size":"1.0","Price":"2.5","IsFree":"True","Name":12,"Tags":null},
                {"size":7,"price":1,"isfree":1,"name":"x","tags":["a",null,"b"]},
                {"Size":null,"Price":"","IsFree":"false"}
            ],"Unknown":{"deep":[1,2,{"a":[]}]}}"#,
    );
    assert_eq!(d.mismatches, []);
    let list = d.output;
    assert_eq!(list.total, 3);
    assert_eq!(
        list.images,
        vec![
            Image {
                size: Some(1),
                price: Some(2.5),
                free: true,
                name: Some("12".into()),
                ..Image::default()
            },
            Image {
                size: Some(7),
                price: Some(1.0),
                free: true,
                name: Some("x".into()),
                tags: vec!["a".into(), "b".into()],
                ..Image::default()
            },
            Image::default(),
        ]
    );
}

#[test]
fn a_single_value_where_a_list_belongs_is_a_one_element_list() {
    let d = decode(r#"{"RetCode":0,"UHostIds":"uhost-1","ImageSet":{"Name":"only"}}"#);
    assert_eq!(d.mismatches, []);
    assert_eq!(d.output.ids, ["uhost-1"]);
    assert_eq!(d.output.images.len(), 1);
    assert_eq!(d.output.images[0].name.as_deref(), Some("only"));
}

#[test]
fn every_mismatch_is_kept_with_its_path_and_the_rest_decodes() {
    let d = decode(
        r#"{"TotalCount":{"n":2},"ImageSet":[null,{"Size":1},{"Size":{"x":1},"Name":"kept"},{"Price":"cheap"}],"Message":"ok"}"#,
    );
    let shown: Vec<String> = d.mismatches.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "TotalCount: expected an integer, found an object",
            "ImageSet[2].Size: expected an integer, found an object",
            "ImageSet[3].Price: expected a number, found \"cheap\"",
        ]
    );
    assert_eq!(d.output.total, 0);
    assert_eq!(d.output.images[1].name.as_deref(), Some("kept"));
    assert_eq!(d.output.message.as_deref(), Some("ok"));
}

#[test]
fn mismatches_are_capped_and_counted() {
    let body = format!(
        r#"{{"ImageSet":[{}]}}"#,
        vec![r#"{"Size":[]}"#; MAX_MISMATCHES + 10].join(",")
    );
    let d = decode(&body);
    assert_eq!(d.mismatches.len(), MAX_MISMATCHES);
    assert_eq!(d.more_mismatches, 10);
    assert_eq!(d.output.images.len(), MAX_MISMATCHES + 10);
}

#[test]
fn sensitive_values_are_never_quoted_in_mismatches() {
    let d = decode(r#"{"ImageSet":[{"Password":{"x":1}},{"Size":"hunter2"}]}"#);
    assert_eq!(d.mismatches[0].found, "an object");
    let mut r = Reader::new(r#"{"Secret":"hunter2"}"#);
    #[derive(Default)]
    struct S {
        secret: Option<i64>,
    }
    impl DecodeFields for S {
        fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Step {
            match key {
                "secret" => r.read_opt(&mut self.secret),
                _ => Ok(false),
            }
        }
    }
    let d = read_all::<S>(&mut r).unwrap();
    assert_eq!(d.mismatches[0].found, "\"***\"");
    assert!(d.output.secret.is_none());
}

#[test]
fn integers_are_exact() {
    let ok = [
        ("0", 0),
        ("-7", -7),
        ("1.0", 1),
        ("1.000", 1),
        ("1e3", 1000),
        ("1.5e1", 15),
        ("150e-1", 15),
        ("-0.0", 0),
        ("0e99999999999999999999", 0),
        ("9223372036854775807", i64::MAX),
        ("-9223372036854775808", i64::MIN),
        ("9.223372036854775807e18", i64::MAX),
    ];
    for (text, value) in ok {
        assert_eq!(integral(text), Some(value), "{text}");
    }
    for text in [
        "1.5",
        "0.5",
        "1e-400",
        "1e400",
        "9223372036854775808",
        "-9223372036854775809",
        "1e-99999999999999999999",
        "",
        ".",
        "e5",
        "1x",
        "NaN",
    ] {
        assert_eq!(integral(text), None, "{text}");
    }
}

#[test]
fn fractional_integer_is_a_mismatch() {
    let d = decode(r#"{"ImageSet":[{"Size":"1.5"}]}"#);
    assert_eq!(
        d.mismatches[0].to_string(),
        "ImageSet[0].Size: expected an integer, found \"1.5\""
    );
}

#[test]
fn broken_json_is_malformed() {
    for body in [
        "",
        "not json",
        "{",
        r#"{"a":}"#,
        r#"{"a":1,}"#,
        "[1,2]",
        r#"{"a":1} x"#,
        r#"{"a":"unterminated}"#,
        r#"{"a":[1,2}"#,
        r#"{"a":tru}"#,
        r#"{"a":-}"#,
        r#"{"Message":"\x"}"#,
    ] {
        assert!(
            read_all::<List>(&mut Reader::new(body)).is_err(),
            "{body:?} should be malformed"
        );
    }
}

#[test]
fn deep_nesting_is_rejected_not_overflowed() {
    let deep = format!("{{\"x\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let err = read_all::<List>(&mut Reader::new(&deep)).unwrap_err();
    assert_eq!(err.reason, "nesting too deep");
    let deep_field = format!(
        "{{\"ImageSet\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let err = read_all::<List>(&mut Reader::new(&deep_field)).unwrap_err();
    assert_eq!(err.reason, "nesting too deep");
}

#[test]
fn the_budget_bounds_decoded_memory() {
    let body = format!(r#"{{"ImageSet":[{}]}}"#, vec!["{}"; 100_000].join(","));
    let size = std::mem::size_of::<Image>();
    // 100,000 elements need at least 100,000 * size bytes: a budget of a tenth stops it.
    let mut r = Reader::new(&body).with_budget(10_000 * size);
    let err = read_all::<List>(&mut r).unwrap_err();
    assert_eq!(r.cut(), Some(Cut::Budget));
    assert_eq!(err.reason, "decoded response exceeds the memory budget");
    // Twice the elements' size is enough (capacity doubles).
    let mut r = Reader::new(&body).with_budget(2 * 100_000 * size + 1024);
    assert_eq!(
        read_all::<List>(&mut r).unwrap().output.images.len(),
        100_000
    );
    // Strings are charged their length.
    let body = format!(r#"{{"Message":"{}"}}"#, "x".repeat(5000));
    let mut r = Reader::new(&body).with_budget(4000);
    assert!(read_all::<List>(&mut r).is_err());
    assert_eq!(r.cut(), Some(Cut::Budget));
}

#[test]
fn a_passed_deadline_stops_decoding() {
    let body = format!(r#"{{"ImageSet":[{}]}}"#, vec!["{}"; 10_000].join(","));
    let mut r = Reader::new(&body).with_deadline(Instant::now());
    assert!(read_all::<List>(&mut r).is_err());
    assert_eq!(r.cut(), Some(Cut::Deadline));
    let mut r =
        Reader::new(&body).with_deadline(Instant::now() + std::time::Duration::from_secs(3600));
    assert!(read_all::<List>(&mut r).is_ok());
}

#[test]
fn raw_json_keeps_any_value_verbatim() {
    let mut r = Reader::new(r#" {"Exclusive":{"10027":{"2080":10}}} "#);
    assert_eq!(
        RawJson::decode(&mut r).unwrap().unwrap().as_str(),
        r#"{"Exclusive":{"10027":{"2080":10}}}"#
    );
    let mut r = Reader::new("null");
    assert_eq!(RawJson::decode(&mut r).unwrap(), None);
    let mut r = Reader::new(r#"[1, "a"]"#);
    assert_eq!(
        RawJson::decode(&mut r).unwrap().unwrap().into_string(),
        r#"[1, "a"]"#
    );
}

#[test]
fn skip_handles_every_kind() {
    let d = decode(
        r#"{"a":{},"b":[],"c":{"k":[{},[],"s",1.5e3,true,false,null]},"d":"\"}","TotalCount":1}"#,
    );
    assert_eq!(d.mismatches, []);
    assert_eq!(d.output.total, 1);
}
