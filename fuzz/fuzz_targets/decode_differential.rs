//! The runtime's JSON reader accepts a document exactly when serde_json does (numbers out of
//! f64's range aside, which serde_json refuses and the reader reads as a mismatch), and reads
//! strings and `RawJson` as serde_json does.
#![no_main]

use compshare_runtime::RawJson;
use compshare_runtime::__private::Reader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let theirs = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => Some(v),
        Err(e) if e.to_string().contains("number out of range") => return,
        Err(e) if e.to_string().contains("recursion limit") => return,
        Err(_) => None,
    };
    let mut r = Reader::new(text);
    let ours = r.skip_value().and_then(|()| r.finish()).is_ok();
    assert_eq!(ours, theirs.is_some(), "{text:?}");
    let Some(value) = theirs else { return };
    // The exact text, and the same strings.
    let mut r = Reader::new(text);
    if let Ok(Some(raw)) = <RawJson as compshare_runtime::Decode>::decode(&mut r) {
        assert_eq!(raw.as_str(), text.trim_matches([' ', '\t', '\n', '\r']));
    }
    if let serde_json::Value::String(s) = &value {
        let mut r = Reader::new(text);
        assert_eq!(r.string().unwrap().as_deref(), Some(s.as_str()));
    }
});
