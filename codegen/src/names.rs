//! Rust names for wire names: the only place names are converted.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves (2024 edition, strict and reserved). They become raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// How the generated `Call` type's own methods begin (sending, options, conversions,
/// waiting). A parameter whose setter would begin so gets a `set_` prefix instead: setters
/// and the call's methods live in separate namespaces, so either can grow without a
/// setter ever shadowing a method or being renamed. `templates/client.rs.tera` defines the
/// methods; a test checks that each begins with one of these.
pub const CALL_PREFIXES: &[&str] = &["send", "with_", "into_", "as_", "wait_"];

/// The generated crate's own items, which a spec type must not be named after.
pub const CRATE_ITEMS: &[&str] = &["Call", "Client", "SERVICE", "Self"];

/// Names of Rust's the generated code uses unqualified: the 2024 prelude (types, traits and
/// the variants `Some`, `None`, `Ok`, `Err`), derives, and the `std` crates. A spec type of one
/// of these names would shadow it and break the generated code, so validation refuses them.
pub const RUST_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    // Derives and `std` paths the generated code names.
    "Debug",
    "Hash",
    "std",
    "core",
    "alloc",
];

/// Methods of the traits `Client` and `Call` implement, their own and those every type has
/// (`Clone`, `Debug`, `From`, and the blanket `Into`, `ToOwned`, `TryFrom`, `TryInto`,
/// `Borrow`, `BorrowMut`, `Any`): an inherent method of one of these names would hide the
/// trait's (`client.to_owned()` would return a call), so neither actions nor setters take them.
pub const TRAIT_METHODS: &[&str] = &[
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "clone_into",
    "fmt",
    "from",
    "into",
    "to_owned",
    "try_from",
    "try_into",
    "type_id",
];

/// Methods of the generated `Client` type; no action method may take one of these names.
pub const CLIENT_METHODS: &[&str] = &[
    "builder",
    "call",
    "call_raw",
    "clone",
    "fmt",
    "from",
    "from_env",
    "runtime",
    "send",
    "send_with_meta",
];

/// `snake_case` of a wire name: `ULHostId` -> `ul_host_id`, `US3` -> `us3`.
pub fn snake(wire: &str) -> String {
    wire.to_snake_case()
}

/// A field or method identifier for a snake_case name.
pub fn ident(snake: &str) -> String {
    if NOT_RAW.contains(&snake) {
        format!("{snake}_")
    } else if KEYWORDS.contains(&snake) {
        format!("r#{snake}")
    } else {
        snake.to_owned()
    }
}

/// The trait marking requests that take common parameter `wire`: `Zone` -> `TakesZone`.
pub fn marker(wire: &str) -> String {
    format!("Takes{}", wire.to_upper_camel_case())
}

/// The key serde's `rename_all = "PascalCase"` gives a field named `ident` (raw identifiers
/// without their `r#`): each `_`-separated word capitalized, as serde does it. Where it is not
/// the wire name, the field needs its own `rename`.
pub fn serde_pascal(ident: &str) -> String {
    let name = ident.strip_prefix("r#").unwrap_or(ident);
    let mut out = String::with_capacity(name.len());
    let mut capitalize = true;
    for c in name.chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            out.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The setter name of a request field.
pub fn setter(snake: &str) -> String {
    if CALL_PREFIXES.iter().any(|p| snake.starts_with(p)) || TRAIT_METHODS.contains(&snake) {
        format!("set_{snake}")
    } else {
        ident(snake)
    }
}

/// An enum variant for a wire value: `CLOUD_SSD` -> `CloudSsd`, `1` -> `V1`.
pub fn variant(value: &str) -> Option<String> {
    let camel = value.to_upper_camel_case();
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        camel
    };
    let valid = camel.starts_with(|c: char| c.is_ascii_uppercase())
        && camel.chars().all(|c| c.is_ascii_alphanumeric());
    (valid && !NOT_RAW.contains(&camel.as_str())).then_some(camel)
}

/// Whether `name` can be a type or action name: ASCII, starts uppercase, letters and digits.
pub fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && !NOT_RAW.contains(&name)
}

/// Parameters the client sends with every request, which no spec may declare.
pub use compshare_protocol::PROTOCOL_PARAMS;

/// Whether `name` can be a wire name: ASCII letter first, then letters, digits, `_`.
pub fn is_wire_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The default retry safety, the runtime's for raw calls too.
pub use compshare_protocol::default_idempotent;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_and_keywords() {
        let cases = [
            ("ULHostId", "ul_host_id"),
            ("US3", "us3"),
            ("EnableUS3", "enable_us3"),
            ("CUDAVersion", "cuda_version"),
            ("UHostIds", "u_host_ids"),
            ("IPSet", "ip_set"),
            ("OrganizationID", "organization_id"),
            ("EIPExclusiveUTPInfo", "eip_exclusive_utp_info"),
            ("ASC", "asc"),
            ("GPU", "gpu"),
            ("CompShareImageId", "comp_share_image_id"),
        ];
        for (wire, expected) in cases {
            assert_eq!(snake(wire), expected, "{wire}");
        }
        assert_eq!(ident("type"), "r#type");
        assert_eq!(ident("self"), "self_");
        assert_eq!(ident("super"), "super_");
        assert_eq!(ident("limit"), "limit");
        assert_eq!(setter("send"), "set_send");
        assert_eq!(setter("type"), "r#type");
    }

    #[test]
    fn variants() {
        assert_eq!(variant("CLOUD_SSD").as_deref(), Some("CloudSsd"));
        assert_eq!(variant("PubTime").as_deref(), Some("PubTime"));
        assert_eq!(variant("cn-wlcb").as_deref(), Some("CnWlcb"));
        assert_eq!(variant("1").as_deref(), Some("V1"));
        assert_eq!(variant("中文"), None);
        assert_eq!(variant(""), None);
    }

    /// The official Python SDK's method names for all 80 UCompShare actions; ours agree except
    /// where its converter garbles an acronym followed by a digit.
    #[test]
    fn method_names_match_the_official_python_sdk() {
        let known_divergences = [("AttachUS3", "attach_us_33", "attach_us3")];
        let mut checked = 0;
        for line in include_str!("../tests/data/python_methods.txt").lines() {
            let (action, python) = line.split_once(' ').unwrap();
            let expected = match known_divergences
                .iter()
                .find(|(a, p, _)| *a == action && *p == python)
            {
                Some((_, _, ours)) => ours,
                None => python,
            };
            assert_eq!(snake(action), expected, "{action}");
            checked += 1;
        }
        assert_eq!(checked, 80);
    }
}
