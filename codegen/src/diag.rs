//! Errors with a location: `file:line:column` for YAML problems, `file: path` for meaning.

use std::fmt;

/// One problem in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the workspace root, e.g. `spec/ucompshare/images.yaml`.
    pub file: String,
    /// Where in the file.
    pub at: At,
    pub message: String,
}

/// A position in a spec file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum At {
    /// The whole file.
    File,
    /// A YAML position (1-based).
    LineCol(usize, usize),
    /// A path of keys, e.g. `actions.DescribeSelfCommunityImages.request.Tagg`.
    Path(String),
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            At::File => write!(f, "{}: {}", self.file, self.message),
            At::LineCol(l, c) => write!(f, "{}:{l}:{c}: {}", self.file, self.message),
            At::Path(p) => write!(f, "{}: {p}: {}", self.file, self.message),
        }
    }
}

/// All problems of one run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, file: &str, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Diagnostic {
            file: file.to_owned(),
            at: At::Path(path.into()),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} error{} in the spec; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// ` (did you mean `x`?)` when a candidate is close to `wrong`, else nothing.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let wrong_l = wrong.to_ascii_lowercase();
    let limit = (wrong.len() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (levenshtein(&wrong_l, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_close_names() {
        assert_eq!(
            did_you_mean("strng", ["string", "int"]),
            " (did you mean `string`?)"
        );
        assert_eq!(
            did_you_mean("CompShareImg", ["CompShareImage", "Software"]),
            " (did you mean `CompShareImage`?)"
        );
        assert_eq!(
            did_you_mean("Tagg", ["Tag", "Tags", "Name"]),
            " (did you mean `Tag`?)"
        );
        assert_eq!(did_you_mean("Banana", ["string", "int"]), "");
    }
}
