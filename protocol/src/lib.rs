//! Facts of UCloud's API protocol that the generator (`compshare-codegen`) and the runtime
//! (`compshare-runtime`) both act on, kept in one place so that they cannot disagree: the
//! parameters the client sends itself, the client settings a parameter may default from, and
//! which actions are safe to repeat when the spec does not say. No dependencies.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// The parameters the client sends with every request: `Action` and `PublicKey`, and
/// `Signature` over all the others. Requests may not carry their own: raw calls refuse them,
/// and the generator refuses specs that declare them.
pub const PROTOCOL_PARAMS: &[&str] = &["Action", "PublicKey", "Signature"];

/// Which of the [`Common`] values a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Setting {
    /// The client's region.
    Region,
    /// The client's zone.
    Zone,
    /// The client's project id.
    ProjectId,
}

impl Setting {
    /// Every setting, in the order they are documented.
    pub const ALL: [Setting; 3] = [Setting::Region, Setting::Zone, Setting::ProjectId];

    /// The builder and call setter that sets it, which is also its field of [`Common`] and its
    /// name in a spec: `region`, `zone`, `project_id`.
    #[inline]
    pub fn setter(self) -> &'static str {
        match self {
            Setting::Region => "region",
            Setting::Zone => "zone",
            Setting::ProjectId => "project_id",
        }
    }

    /// Its name in prose: `region`, `zone`, `project id`.
    pub fn prose(self) -> &'static str {
        match self {
            Setting::Region => "region",
            Setting::Zone => "zone",
            Setting::ProjectId => "project id",
        }
    }

    /// The environment variable UCloud's tools read it from: `UCLOUD_REGION`, `UCLOUD_ZONE`,
    /// `UCLOUD_PROJECT_ID`.
    pub const fn variable(self) -> &'static str {
        match self {
            Setting::Region => "UCLOUD_REGION",
            Setting::Zone => "UCLOUD_ZONE",
            Setting::ProjectId => "UCLOUD_PROJECT_ID",
        }
    }

    /// Its variant's name, as code names it: `Region`, `Zone`, `ProjectId`.
    pub fn variant(self) -> &'static str {
        match self {
            Setting::Region => "Region",
            Setting::Zone => "Zone",
            Setting::ProjectId => "ProjectId",
        }
    }
}

// The runtime reads these on every request: `#[inline]` lets it do so across the crate
// boundary as when they lived in it.

/// Values of the parameters most actions share. The client holds defaults; a call may set
/// its own, which win. Only the ones an action takes are sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Common {
    /// Region, e.g. `cn-wlcb`.
    pub region: Option<String>,
    /// Availability zone, e.g. `cn-wlcb-01`.
    pub zone: Option<String>,
    /// Project id; unset means the account's default project.
    pub project_id: Option<String>,
}

impl Common {
    /// No values: what [`Default`] gives, usable in a `static`.
    pub const fn new() -> Common {
        Common {
            region: None,
            zone: None,
            project_id: None,
        }
    }

    /// The same values with `setting` set to `value`.
    pub fn with(mut self, setting: Setting, value: impl Into<String>) -> Common {
        let slot = match setting {
            Setting::Region => &mut self.region,
            Setting::Zone => &mut self.zone,
            Setting::ProjectId => &mut self.project_id,
        };
        *slot = Some(value.into());
        self
    }

    /// The value for `setting`.
    #[inline]
    pub fn get(&self, setting: Setting) -> Option<&String> {
        match setting {
            Setting::Region => self.region.as_ref(),
            Setting::Zone => self.zone.as_ref(),
            Setting::ProjectId => self.project_id.as_ref(),
        }
    }

    /// Each value of `self`, or where unset, of `fallback`.
    #[inline]
    pub fn or(&self, fallback: &Common) -> Common {
        let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        Common {
            region: pick(&self.region, &fallback.region),
            zone: pick(&self.zone, &fallback.zone),
            project_id: pick(&self.project_id, &fallback.project_id),
        }
    }
}

/// Words that, first in an action's name, make it unsafe to repeat.
pub const NOT_IDEMPOTENT_VERBS: [&str; 6] =
    ["Create", "Allocate", "Clone", "Copy", "Upload", "Publish"];

/// Words that, first in an action's name, make it a read: what an MCP server offers without
/// writes, and what a raw call sends without confirmation. `Download` exports what exists
/// (`DownloadTeamOrder`, a CSV of orders).
pub const READ_VERBS: [&str; 5] = ["Describe", "Get", "List", "Check", "Download"];

/// Whether an action's first word says it only reads.
pub fn is_read(action: &str) -> bool {
    READ_VERBS.contains(&first_word(action))
}

/// An action name's first word: `DescribeCompShareInstance` -> `Describe`.
fn first_word(action: &str) -> &str {
    action
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(action, |(i, _)| &action[..i])
}

/// Whether an action is safe to repeat when nothing says otherwise: UCloud's official SDKs
/// never retry actions whose first word is one of [`NOT_IDEMPOTENT_VERBS`].
pub fn default_idempotent(action: &str) -> bool {
    !NOT_IDEMPOTENT_VERBS.contains(&first_word(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_told_by_their_first_word() {
        assert!(is_read("DescribeCompShareInstance") && is_read("GetProjectList"));
        assert!(is_read("DownloadTeamOrder"));
        assert!(!is_read("TerminateCompShareInstance") && !is_read("Getaway") && !is_read(""));
    }

    #[test]
    fn creates_copies_and_publishes_are_not_repeated() {
        assert!(!default_idempotent("CreateCompShareInstance"));
        assert!(!default_idempotent("CopyCompShareCustomImage"));
        assert!(!default_idempotent("PublishCompShareImage"));
        assert!(default_idempotent("DescribeCommunityImages"));
        // The first word, not a prefix.
        assert!(default_idempotent("CreatedCount"));
        assert!(default_idempotent("Createx"));
    }

    #[test]
    fn each_setting_names_its_field() {
        let common = Common::new().with(Setting::Zone, "cn-wlcb-01");
        for s in Setting::ALL {
            assert_eq!(common.get(s).is_some(), s.setter() == "zone", "{s:?}");
        }
    }
}

/// Numbers from `min` to `max`, both included unless `above` (then `min` is not); a missing
/// end is open.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    /// The least value taken, if any.
    pub min: Option<f64>,
    /// `min` itself is refused: only values above it are taken.
    pub above: bool,
    /// The greatest value taken, if any.
    pub max: Option<f64>,
}

impl Span {
    /// Parses a spec's limit: spans separated by `|`, each a number (`8`), `A..B`, `A..` or
    /// `..B`, a least value written `>A` excluding itself (`>0..0.8`).
    pub fn parse_any(text: &str) -> Result<Vec<Span>, String> {
        text.split('|')
            .map(|part| Span::parse(part.trim()))
            .collect()
    }

    /// `spans` as a sentence's end: "4 to 30", "0, or 0.5 to 2".
    pub fn any_of(spans: &[Span]) -> String {
        let each: Vec<String> = spans.iter().map(ToString::to_string).collect();
        each.join(", or ")
    }

    fn parse(text: &str) -> Result<Span, String> {
        let number = |t: &str| -> Result<Option<f64>, String> {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            match t.parse::<f64>() {
                Ok(n) if n.is_finite() => Ok(Some(n)),
                _ => Err(format!("`{t}` is not a number")),
            }
        };
        let (above, rest) = match text.strip_prefix('>') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let span = match rest.split_once("..") {
            Some((a, b)) => Span {
                min: number(a)?,
                above,
                max: number(b)?,
            },
            None if above => Span {
                min: number(rest)?,
                above,
                max: None,
            },
            None => {
                let n = number(rest)?;
                Span {
                    min: n,
                    above,
                    max: n,
                }
            }
        };
        match span {
            Span {
                min: None,
                max: None,
                ..
            } => Err(format!(
                "`{text}` sets no bound: write `A..B`, `A..`, `..B` or a number"
            )),
            Span {
                min: None,
                above: true,
                ..
            } => Err(format!("`{text}`: `>` needs a least value")),
            Span {
                min: Some(a),
                max: Some(b),
                above,
            } if a > b || (above && a == b) => Err(format!(
                "`{text}` holds no number: its least value is past its greatest"
            )),
            span => Ok(span),
        }
    }

    /// Whether `n` is in the span.
    pub fn holds(&self, n: f64) -> bool {
        let low = match self.min {
            Some(min) if self.above => n > min,
            Some(min) => n >= min,
            None => true,
        };
        low && self.max.is_none_or(|max| n <= max)
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.min, self.above, self.max) {
            (Some(a), false, Some(b)) if a == b => write!(f, "{a}"),
            (Some(a), false, Some(b)) => write!(f, "{a} to {b}"),
            (Some(a), true, Some(b)) => write!(f, "above {a} and at most {b}"),
            (Some(a), false, None) => write!(f, "at least {a}"),
            (Some(a), true, None) => write!(f, "above {a}"),
            (None, _, Some(b)) => write!(f, "at most {b}"),
            (None, _, None) => f.write_str("any number"),
        }
    }
}

#[cfg(test)]
mod span_tests {
    use super::Span;

    #[test]
    fn spans_parse_and_read_as_written() {
        let read = |t: &str| Span::any_of(&Span::parse_any(t).unwrap());
        assert_eq!(read("4..30"), "4 to 30");
        assert_eq!(read("0 | 0.5..2"), "0, or 0.5 to 2");
        assert_eq!(read(">0..0.8"), "above 0 and at most 0.8");
        assert_eq!(read("1.."), "at least 1");
        assert_eq!(read("..100"), "at most 100");
        assert_eq!(read(">0"), "above 0");
        let s = Span::parse_any(">0..0.8").unwrap()[0];
        assert!(!s.holds(0.0) && s.holds(0.8) && !s.holds(0.81));
        for bad in ["..", "2..1", ">1..1", "x..2", ">..3", "", "1..inf"] {
            assert!(Span::parse_any(bad).is_err(), "{bad} was taken");
        }
    }
}
