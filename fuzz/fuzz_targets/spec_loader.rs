//! Any spec file must give a crate or diagnostics, never a panic.
#![no_main]

use compshare_codegen::{Input, generate};
use compshare_codegen::load::{self, Sources};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(spec) = load::parse("fuzz.yaml", &text) {
        let src = Sources { dir: "fuzz".into(), files: vec![("fuzz.yaml".into(), spec)], examples: vec![], readme: None, changelog: None };
        let _ = generate(Input::Service(&src));
    }
});
