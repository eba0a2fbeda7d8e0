//! How the IR's data is spelled in Rust: types and string literals. The templates reach
//! these through `render`'s filters; the public API manifest prints types the same way.

use crate::ir::TypeRef;
use crate::ir::cli::ValueIr;

/// The Rust type, as generated code names it (runtime types through `rt::`).
pub fn ty(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "String".to_owned(),
        TypeRef::Secret => "rt::SecretString".to_owned(),
        TypeRef::Int => "i64".to_owned(),
        TypeRef::Float => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Json => "rt::RawJson".to_owned(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::List(inner) => format!("Vec<{}>", ty(inner)),
        TypeRef::Map(inner) => format!("rt::Map<{}>", ty(inner)),
        TypeRef::Option(inner) => format!("Option<{}>", ty(inner)),
    }
}

/// How the command-line tool reads a value: a `cli::Kind`, objects by the static holding
/// their fields.
pub fn cli_kind(v: &ValueIr) -> String {
    match v {
        ValueIr::String => "cli::Kind::Text".to_owned(),
        ValueIr::Int => "cli::Kind::Int".to_owned(),
        ValueIr::Float => "cli::Kind::Float".to_owned(),
        ValueIr::Bool => "cli::Kind::Bool".to_owned(),
        ValueIr::Enum { values, .. } => {
            let values: Vec<String> = values.iter().map(|v| str_lit(v)).collect();
            format!("cli::Kind::Enum(&[{}])", values.join(", "))
        }
        ValueIr::Object { fields, .. } => format!("cli::Kind::Object(&super::objects::{fields})"),
        ValueIr::Size { unit } => format!("cli::Kind::Size({})", cli_unit(unit)),
        ValueIr::Secret { variable, generate } => format!(
            "cli::Kind::Secret {{ variable: {}, generate: {generate} }}",
            str_lit(variable)
        ),
    }
}

/// A size's unit (`MB`, `GB`) as a `cli::Unit`.
pub fn cli_unit(unit: &str) -> String {
    format!("cli::Unit::{}", if unit == "GB" { "Gb" } else { "Mb" })
}

/// How a column shows its field of unit `unit` (`MB`, `GB`, `time`): a `cli::Shown`.
fn cli_shown(unit: &str) -> String {
    match unit {
        "time" => "cli::Shown::Time".to_owned(),
        size => format!("cli::Shown::Size({})", cli_unit(size)),
    }
}

/// A table column as a `cli::Column`.
pub fn cli_column(c: &crate::ir::cli::ColumnIr) -> String {
    format!(
        "cli::Column {{ header: {}, path: {}, shown: {} }}",
        str_lit(&c.header),
        str_lit(&c.path),
        c.unit
            .as_deref()
            .map_or("None".to_owned(), |u| format!("Some({})", cli_shown(u)))
    )
}

/// A create's stock check, as an `Option<&cli::Capacity>`.
pub fn cli_capacity(c: Option<&crate::ir::cli::CapacityIr>) -> String {
    let Some(c) = c else {
        return "None".to_owned();
    };
    let params: Vec<String> = c.params.iter().map(|p| str_lit(p)).collect();
    let fill: Vec<String> = c
        .fill
        .iter()
        .map(|(p, f, scale, fills)| format!("({}, {}, {scale}, {fills})", str_lit(p), str_lit(f)))
        .collect();
    format!(
        "Some(&cli::Capacity {{ action: {}, params: &[{}], list: {}, stock: {}, fill: &[{}], run: &cli::Typed::<{}>::RUN }})",
        str_lit(&c.action),
        params.join(", "),
        str_lit(&c.list),
        str_lit(&c.stock),
        fill.join(", "),
        c.request
    )
}

/// A listing's `show`, as an `Option<&cli::Show>`.
pub fn cli_show(s: Option<&crate::ir::cli::ShowIr>) -> String {
    let Some(s) = s else {
        return "None".to_owned();
    };
    let secrets: Vec<String> = s.secrets.iter().map(|x| str_lit(x)).collect();
    format!(
        "Some(&cli::Show {{ name: {}, about: {}, ids: {}, ids_many: {}, id_field: {}, secrets: &[{}] }})",
        str_lit(&s.name),
        str_lit(&s.about),
        str_lit(&s.ids),
        s.ids_many,
        str_lit(&s.id_field),
        secrets.join(", ")
    )
}

/// `text` as a Rust string literal.
pub fn str_lit(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_literals_are_spelled_as_generated_code_needs() {
        let t = TypeRef::Option(Box::new(TypeRef::List(Box::new(TypeRef::Map(Box::new(
            TypeRef::Named("Gpu".to_owned()),
        ))))));
        assert_eq!(ty(&t), "Option<Vec<rt::Map<Gpu>>>");
        assert_eq!(ty(&TypeRef::Secret), "rt::SecretString");
        assert_eq!(str_lit("say \"hi\"\n"), r#""say \"hi\"\n""#);
    }
}
