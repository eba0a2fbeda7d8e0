//! The limits a service puts on what it takes (counts, lengths, ranges, sums, which
//! parameters go together), checked while a request is encoded: a value past one is refused
//! before anything is sent, with the parameter and the limit named.

pub use compshare_protocol::Span;

use crate::form::Form;

/// Text whose length is limited: one string, or each of a list's.
pub trait Texts {
    /// A list: a problem names the item.
    const LIST: bool;
    /// Each text, in order.
    fn texts(&self) -> Vec<&str>;
}

impl Texts for String {
    const LIST: bool = false;
    fn texts(&self) -> Vec<&str> {
        vec![self.as_str()]
    }
}

impl Texts for Vec<String> {
    const LIST: bool = true;
    fn texts(&self) -> Vec<&str> {
        self.iter().map(String::as_str).collect()
    }
}

/// Numbers whose range is limited: one, or each of a list's.
pub trait Numbers {
    /// A list: a problem names the item.
    const LIST: bool;
    /// Each number, in order.
    fn numbers(&self) -> Vec<f64>;
}

impl Numbers for i64 {
    const LIST: bool = false;
    fn numbers(&self) -> Vec<f64> {
        vec![*self as f64]
    }
}

impl Numbers for f64 {
    const LIST: bool = false;
    fn numbers(&self) -> Vec<f64> {
        vec![*self]
    }
}

impl Numbers for Vec<i64> {
    const LIST: bool = true;
    fn numbers(&self) -> Vec<f64> {
        self.iter().map(|n| *n as f64).collect()
    }
}

impl Numbers for Vec<f64> {
    const LIST: bool = true;
    fn numbers(&self) -> Vec<f64> {
        self.clone()
    }
}

/// Which element of a list a problem is with: "" for a single value.
fn which(list: bool, i: usize) -> String {
    if list {
        format!("item {i} is ")
    } else {
        String::new()
    }
}

impl Form<'_> {
    /// Records list parameter `name` as invalid unless its number of elements is in `count`.
    pub fn items<T>(&mut self, name: &str, value: Option<&Vec<T>>, count: Span) {
        if let Some(items) = value.filter(|items| !count.holds(items.len() as f64)) {
            let reason = format!("{} items, where the service takes {count}", items.len());
            self.invalid(name, &reason);
        }
    }

    /// Records `name` as invalid unless each of its texts has a number of characters in
    /// `length`. With a least length above 0, text of only whitespace counts as blank.
    pub fn length<T: Texts>(&mut self, name: &str, value: Option<&T>, length: Span) {
        let Some(value) = value else { return };
        let list = T::LIST;
        for (i, text) in value.texts().into_iter().enumerate() {
            let chars = text.chars().count();
            let blank =
                text.trim().is_empty() && (length.above || length.min.is_some_and(|m| m > 0.0));
            if blank || !length.holds(chars as f64) {
                let found = if blank {
                    "blank".to_owned()
                } else {
                    format!("{chars} characters")
                };
                let reason = format!(
                    "{}{found}, where the service takes {length} characters",
                    which(list, i)
                );
                self.invalid(name, &reason);
                return;
            }
        }
    }

    /// Records `name` as invalid unless each of its numbers is in one of `spans`.
    pub fn range<T: Numbers>(&mut self, name: &str, value: Option<&T>, spans: &[Span]) {
        let Some(value) = value else { return };
        let numbers = value.numbers();
        let list = T::LIST;
        if let Some((i, n)) = numbers
            .iter()
            .enumerate()
            .find(|(_, n)| !n.is_finite() || !spans.iter().any(|s| s.holds(**n)))
        {
            let reason = format!(
                "{}{n}, where the service takes {}",
                which(list, i),
                Span::any_of(spans)
            );
            self.invalid(name, &reason);
        }
    }

    /// Records list parameter `name` as invalid unless its numbers add up to a sum in `sum`.
    pub fn sum<T: Numbers>(&mut self, name: &str, value: Option<&T>, sum: Span) {
        let Some(value) = value else { return };
        let total: f64 = value.numbers().iter().sum();
        // Decimal weights (0.1 + 0.7) do not add up exactly in binary.
        let near = |bound: Option<f64>| bound.is_some_and(|b| (total - b).abs() < 1e-9);
        let holds = sum.holds(total) || (near(sum.max) && !near(sum.min.filter(|_| sum.above)));
        if !holds {
            let reason = format!("they add up to {total}, where the service takes {sum}");
            self.invalid(name, &reason);
        }
    }

    /// Records `name` as invalid when it is given without `other` (given: set, and for a
    /// flag, true).
    pub fn requires(&mut self, name: &str, given: bool, other: &str, other_given: bool) {
        if given && !other_given {
            let reason = format!("it needs `{other}`, which is not given (or is false)");
            self.invalid(name, &reason);
        }
    }

    /// Records `name` as invalid when it is given together with `other`.
    pub fn refuses(&mut self, name: &str, given: bool, other: &str, other_given: bool) {
        if given && other_given {
            let reason = format!("not with `{other}` (unset it, or set it to false)");
            self.invalid(name, &reason);
        }
    }
}
