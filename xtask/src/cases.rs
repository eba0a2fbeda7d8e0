//! The generated end-to-end tests as data, rendered through tera like the SDK: the two
//! reference-driven generators (`all_actions`, `cli_captures`) build these cases, and the
//! templates in `xtask/templates/` print them.

use serde::Serialize;
use tera::{Context, Tera, Value};

/// A setter's argument.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Arg {
    /// A string, or an enum's wire value.
    Text { value: String },
    /// A Rust expression that needs no quoting: a number or a boolean (`7`, `7_i64`,
    /// `2.5_f64`, `true`), or a default value (`InstanceDisk::default()`).
    Code { code: String },
    /// An array of arguments.
    List { items: Vec<Arg> },
    /// A parameter object of type `ty`, read from its JSON by wire names.
    Object { ty: String, json: String },
}

impl Arg {
    pub fn text(value: impl Into<String>) -> Arg {
        Arg::Text {
            value: value.into(),
        }
    }

    pub fn code(code: impl Into<String>) -> Arg {
        Arg::Code { code: code.into() }
    }
}

/// One setter called on a call, e.g. `.zone("z-1")`.
#[derive(Clone, Debug, Serialize)]
pub struct Setter {
    pub name: String,
    pub arg: Arg,
}

impl Setter {
    pub fn new(name: impl Into<String>, arg: Arg) -> Setter {
        Setter {
            name: name.into(),
            arg,
        }
    }
}

/// A test that answers one call with `body` and checks what was sent and what decoded.
#[derive(Debug, Serialize)]
pub struct CallTest {
    /// A doc line, e.g. the CLI command that made the request.
    pub doc: Option<String>,
    pub name: String,
    /// The server's answer, JSON.
    pub body: String,
    /// The client method and the setters called on its call.
    pub method: String,
    pub setters: Vec<Setter>,
    /// The parameters the server must receive, in order.
    pub form: Vec<(String, String)>,
    /// compshare-cli's signature of the same request and the JSON body it sent, for
    /// `expect_cli`; `None` checks the form alone (`expect_form`).
    pub cli: Option<CliCheck>,
    /// The decoded output serialized, for `expect_output`, if it is checked.
    pub output: Option<String>,
}

/// What compshare-cli sent beside the parameters.
#[derive(Debug, Serialize)]
pub struct CliCheck {
    pub signature: String,
    pub json: Option<String>,
}

/// That calling `method` with nothing set fails naming exactly `required`.
#[derive(Debug, Serialize)]
pub struct RequiredCheck {
    pub action: String,
    pub method: String,
    pub required: Vec<String>,
}

/// A test of which parameters calls require.
#[derive(Debug, Serialize)]
pub struct RequiredTest {
    pub doc: Vec<String>,
    pub name: String,
    pub checks: Vec<RequiredCheck>,
}

/// A whole generated test file.
#[derive(Debug, Serialize)]
pub struct TestFile {
    /// The file's `@generated` line's sources, and the line after it.
    pub generated_from: String,
    pub source_line: String,
    /// The module doc.
    pub doc: Vec<String>,
    /// The helpers of `common` it uses.
    pub uses: Vec<String>,
    /// Whether its servers answer with a bare client (`serve_bare`) or the default one.
    pub bare: bool,
    pub calls: Vec<CallTest>,
    pub required: RequiredTest,
}

const TEMPLATE: &str = include_str!("../templates/e2e_tests.rs.tera");

/// The test file's Rust, unformatted.
pub fn render(file: &TestFile) -> Result<String, String> {
    let mut tera = Tera::default();
    tera.autoescape_on(Vec::new());
    tera.add_raw_template("e2e_tests.rs.tera", TEMPLATE)
        .map_err(|e| format!("xtask/templates/e2e_tests.rs.tera: {e}"))?;
    tera.register_filter(
        "rust_str",
        |value: &Value, _: &std::collections::HashMap<String, Value>| {
            let text = value
                .as_str()
                .ok_or_else(|| tera::Error::msg(format!("`rust_str` takes text, not {value}")))?;
            Ok(Value::String(compshare_codegen::rust::str_lit(text)))
        },
    );
    let mut ctx = Context::new();
    ctx.insert("file", file);
    tera.render("e2e_tests.rs.tera", &ctx).map_err(|e| {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        format!("xtask/templates/e2e_tests.rs.tera: {message}")
    })
}
