//! Price quotes, read the same way for the command line and the MCP server: where the price
//! is in the price action's answer (the spec's `cli.quote`), what it covers (billing mode,
//! period, number of instances), and when it cannot be trusted. A quote that cannot be
//! checked is never taken as a price: with a price limit, nothing is sent.

use serde_json::{Value, json};

/// Where the price is in the price action's answer.
#[derive(Debug)]
pub enum Price {
    /// A list of entries, one per billing mode: the entry whose `key` field is the billing
    /// mode asked for (with no key, the list's only entry), its `sum` fields added; the first
    /// of them (the resource's own price) must be there.
    List {
        list: &'static str,
        key: Option<&'static str>,
        sum: &'static [&'static str],
    },
    /// One field.
    Field(&'static str),
}

/// A command's price quote, generated from the spec.
#[derive(Debug)]
pub struct Quote {
    /// The price action.
    pub action: &'static str,
    pub price: Price,
    /// The factor that makes the price yuan (0.01 for fen).
    pub scale: f64,
    /// The parameter naming the billing mode, e.g. `ChargeType`.
    pub billing: Option<&'static str>,
    /// The parameter counting identical resources bought at once, e.g. `MaxCount`.
    pub times: Option<&'static str>,
    /// The parameter counting prepaid periods, e.g. `Quantity`.
    pub duration: Option<&'static str>,
    /// What one price of each billing mode covers: (mode, period). A period of `hour` is
    /// charged per hour; any other is paid for `duration` periods at once.
    pub periods: &'static [(&'static str, &'static str)],
}

/// What the command asks for: its billing mode, count and duration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Asked {
    pub billing: Option<String>,
    pub count: i64,
    pub duration: Option<i64>,
}

impl Asked {
    /// What a checked request asks for (its values typed by its table).
    pub(crate) fn of(q: &Quote, request: &serde_json::Map<String, Value>) -> Result<Asked, String> {
        let get = |wire: Option<&str>| wire.and_then(|w| request.get(w));
        Asked::new(
            q,
            get(q.billing).and_then(Value::as_str).map(str::to_owned),
            get(q.times).and_then(Value::as_i64),
            get(q.duration).and_then(Value::as_i64),
        )
    }

    /// Checks the count before anything is sent: a count below one would multiply the
    /// price to nothing.
    pub fn new(
        q: &Quote,
        billing: Option<String>,
        count: Option<i64>,
        duration: Option<i64>,
    ) -> Result<Asked, String> {
        let count = count.unwrap_or(1);
        if count < 1 {
            let name = q.times.unwrap_or("the count");
            return Err(format!(
                "{name} is {count}: at least 1 is bought; nothing was sent"
            ));
        }
        if let Some(d) = duration.filter(|d| *d < 0) {
            let name = q.duration.unwrap_or("the duration");
            return Err(format!(
                "{name} is {d}: a duration is 0 or more; nothing was sent"
            ));
        }
        Ok(Asked {
            billing,
            count,
            duration,
        })
    }
}

/// A price action's answer: the decoded output by wire names, and the paths of the fields
/// that did not fit their types (left out of the output).
#[derive(Debug)]
pub struct Answer {
    pub value: Value,
    pub mismatched: Vec<String>,
    /// Whether more fields mismatched than are listed.
    pub more: bool,
}

impl Answer {
    /// From the price action's answer.
    pub(crate) fn of(sent: crate::typed::Sent) -> Answer {
        Answer {
            // An answer that cannot be shown holds no price that can be trusted.
            value: sent.value().unwrap_or(Value::Null),
            mismatched: sent.mismatched,
            more: sent.more,
        }
    }
}

/// A price that can be checked: per resource and in all, and what it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct Priced {
    pub each: f64,
    pub total: f64,
    pub count: i64,
    pub billing: Option<String>,
    /// `hour`, `month`...; none when the billing mode is not known.
    pub period: Option<&'static str>,
    /// How many periods a prepaid price covers.
    pub periods: i64,
}

impl Priced {
    /// What the price covers, e.g. `per hour` or `for 3 months`.
    pub fn per(&self) -> String {
        match self.period {
            Some("hour") => "per hour".to_owned(),
            Some(p) if self.periods == 0 => format!("until the end of this {p}"),
            Some(p) if self.periods == 1 => format!("for 1 {p}"),
            Some(p) => format!("for {} {p}s", self.periods),
            None => "(billing mode not given: the server's default)".to_owned(),
        }
    }

    /// One line: `1.90 yuan per hour, Postpay; 2 instances: 3.80 yuan per hour`.
    pub fn text(&self) -> String {
        let per = self.per();
        let mode = match &self.billing {
            Some(b) if self.period.is_some_and(|p| p != "hour") => {
                format!(", {b} (paid in advance)")
            }
            Some(b) => format!(", {b}"),
            None => String::new(),
        };
        let count = if self.count == 1 {
            "1 instance".to_owned()
        } else {
            format!("{} instances", self.count)
        };
        format!(
            "{:.2} yuan {per}{mode}; {count}: {:.2} yuan {per}",
            self.each, self.total
        )
    }

    /// As the MCP server reports it.
    pub fn to_json(&self, action: &str) -> Value {
        json!({
            "action": action,
            "price_yuan": self.total,
            "each_yuan": self.each,
            "count": self.count,
            "charge_type": self.billing,
            "per": self.per(),
            "text": self.text(),
        })
    }
}

/// The price `answer` quotes for what was `asked`, or why it cannot be checked.
pub fn priced(q: &Quote, answer: &Answer, asked: &Asked) -> Result<Priced, String> {
    if answer.more {
        return Err(
            "the answer has more fields that do not fit their types than are listed".into(),
        );
    }
    // A field that did not decode is left out of the output; anything of the price's that
    // did not decode (in any entry: a list that lost an item is indexed differently, and
    // keys are matched ignoring case) makes the price one that cannot be checked.
    let under = |root: &str| {
        answer.mismatched.iter().find(|m| {
            let m = m.to_ascii_lowercase();
            let root = root.to_ascii_lowercase();
            m == root || m.starts_with(&format!("{root}[")) || m.starts_with(&format!("{root}."))
        })
    };
    let each = match &q.price {
        Price::Field(field) => {
            if let Some(path) = under(field) {
                return Err(format!("`{path}` did not decode"));
            }
            number(&answer.value[*field]).ok_or_else(|| format!("the answer holds no `{field}`"))?
        }
        Price::List { list, key, sum } => {
            if let Some(path) = under(list) {
                return Err(format!("`{path}` did not decode"));
            }
            let entries = answer.value[*list].as_array().cloned().unwrap_or_default();
            let index = entry(&entries, *key, asked.billing.as_deref())
                .map_err(|why| format!("`{list}`: {why}"))?;
            let mut total = 0.0;
            for (i, part) in sum.iter().enumerate() {
                let path = format!("{list}[{index}].{part}");
                match number(&entries[index][*part]) {
                    Some(x) if x < 0.0 => return Err(format!("`{path}` is negative ({x})")),
                    Some(x) => total += x,
                    // The first part is the resource's own price: without it there is none.
                    None if i == 0 => return Err(format!("the answer holds no `{path}`")),
                    // Others (disks, an image) may be absent: nothing to pay for them.
                    None => {}
                }
            }
            total
        }
    } * q.scale;
    if !each.is_finite() || each < 0.0 {
        return Err(format!("the price is {each}, not a price"));
    }
    let total = each * asked.count as f64;
    if !total.is_finite() {
        return Err("the total is too large to be a price".into());
    }
    let period = asked.billing.as_deref().and_then(|b| {
        q.periods
            .iter()
            .find(|(mode, _)| mode.eq_ignore_ascii_case(b))
            .map(|(_, p)| *p)
    });
    Ok(Priced {
        each,
        total,
        count: asked.count,
        billing: asked.billing.clone(),
        period,
        periods: asked.duration.unwrap_or(1),
    })
}

/// The index of the entry that prices `billing`.
fn entry(entries: &[Value], key: Option<&str>, billing: Option<&str>) -> Result<usize, String> {
    match (key, billing) {
        (Some(key), Some(billing)) => entries
            .iter()
            .position(|e| {
                e[key]
                    .as_str()
                    .is_some_and(|k| k.eq_ignore_ascii_case(billing))
            })
            .ok_or_else(|| {
                let have: Vec<&str> = entries.iter().filter_map(|e| e[key].as_str()).collect();
                format!(
                    "no entry prices {key} {billing} (it has {})",
                    if have.is_empty() {
                        "none".to_owned()
                    } else {
                        have.join(", ")
                    }
                )
            }),
        _ if entries.len() == 1 => Ok(0),
        _ if entries.is_empty() => Err("it is empty".into()),
        (None, _) => Err(format!(
            "{} entries, and none says which billing mode it prices",
            entries.len()
        )),
        (Some(_), None) => Err(format!(
            "{} entries, and no billing mode given to choose one",
            entries.len()
        )),
    }
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// A price limit: yuan, optionally per a period (`3`, `3/hour`, `1000/month`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limit {
    pub yuan: f64,
    pub per: Option<&'static str>,
}

impl Limit {
    pub fn parse(text: &str) -> Result<Limit, String> {
        let (amount, per) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p.trim())),
            None => (text, None),
        };
        let yuan = amount
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|y| y.is_finite() && *y >= 0.0)
            .ok_or("not an amount of yuan")?;
        let per = match per {
            None => None,
            Some("h" | "hour") => Some("hour"),
            Some("d" | "day") => Some("day"),
            Some("mo" | "month") => Some("month"),
            Some("y" | "year") => Some("year"),
            Some(_) => return Err("the period after `/` is hour, day, month or year".into()),
        };
        Ok(Limit { yuan, per })
    }

    /// Holds `price` to the limit: `Ok` if it is at most the limit, compared in the same
    /// unit; an error saying why otherwise.
    pub fn check(&self, price: &Priced) -> Result<(), String> {
        if let Some(per) = self.per {
            let same = price.period == Some(per) && (per == "hour" || price.periods == 1);
            if !same {
                return Err(format!(
                    "the limit is per {per} but the quote is {}: they cannot be compared",
                    price.per()
                ));
            }
        }
        if price.total > self.yuan {
            return Err(format!(
                "the quote, {:.2} yuan {}, is above the limit of {} yuan",
                price.total,
                price.per(),
                self.yuan
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERIODS: &[(&str, &str)] = &[("Postpay", "hour"), ("Month", "month")];
    const Q: Quote = Quote {
        action: "GetCompShareInstancePrice",
        price: Price::List {
            list: "PriceDetails",
            key: Some("ChargeType"),
            sum: &["Instance", "Disks"],
        },
        scale: 1.0,
        billing: Some("ChargeType"),
        times: Some("MaxCount"),
        duration: Some("Quantity"),
        periods: PERIODS,
    };

    fn answer(value: Value, mismatched: &[&str]) -> Answer {
        Answer {
            value,
            mismatched: mismatched.iter().map(|s| s.to_string()).collect(),
            more: false,
        }
    }

    fn asked(billing: &str, count: i64) -> Asked {
        Asked::new(&Q, Some(billing.into()), Some(count), None).unwrap()
    }

    #[test]
    fn the_entry_of_the_billing_mode_asked_is_priced_and_described() {
        let a = answer(
            json!({"PriceDetails": [
                {"ChargeType": "Month", "Instance": 1140.0},
                {"ChargeType": "Postpay", "Instance": 1.5, "Disks": 0.4},
            ]}),
            &[],
        );
        let p = priced(&Q, &a, &asked("Postpay", 2)).unwrap();
        assert_eq!((p.each, p.total), (1.9, 3.8));
        assert_eq!(
            p.text(),
            "1.90 yuan per hour, Postpay; 2 instances: 3.80 yuan per hour"
        );
        let p = priced(&Q, &a, &asked("Month", 1)).unwrap();
        assert_eq!(
            p.text(),
            "1140.00 yuan for 1 month, Month (paid in advance); 1 instance: 1140.00 yuan for 1 month"
        );
    }

    #[test]
    fn what_cannot_be_checked_is_no_price() {
        let wrong_mode = answer(
            json!({"PriceDetails": [{"ChargeType": "Month", "Instance": 9.0}]}),
            &[],
        );
        assert!(
            priced(&Q, &wrong_mode, &asked("Postpay", 1))
                .unwrap_err()
                .contains("no entry prices ChargeType Postpay")
        );
        // A part that did not decode is not left out of the sum.
        let undecoded = answer(
            json!({"PriceDetails": [{"ChargeType": "Postpay", "Disks": 0.1}]}),
            &["PriceDetails[0].Instance"],
        );
        assert!(
            priced(&Q, &undecoded, &asked("Postpay", 1))
                .unwrap_err()
                .contains("Instance")
        );
        let negative = answer(
            json!({"PriceDetails": [{"ChargeType": "Postpay", "Instance": -5.0}]}),
            &[],
        );
        assert!(priced(&Q, &negative, &asked("Postpay", 1)).is_err());
        let none = answer(json!({"PriceDetails": [{"ChargeType": "Postpay"}]}), &[]);
        assert!(priced(&Q, &none, &asked("Postpay", 1)).is_err());
        // The instance's own price missing: the disks' alone are not the price.
        let partial = answer(
            json!({"PriceDetails": [{"ChargeType": "Postpay", "Disks": 0.1}]}),
            &[],
        );
        assert!(
            priced(&Q, &partial, &asked("Postpay", 1))
                .unwrap_err()
                .contains("Instance")
        );
        // A mismatch recorded as the API spelt the key, or at another index (a list that lost
        // an item to decoding), still counts.
        for path in [
            "PriceDetails[0].instance",
            "PriceDetails[1].Instance",
            "PriceDetails[0]",
        ] {
            let odd = answer(
                json!({"PriceDetails": [{"ChargeType": "Postpay", "Instance": 1.0, "Disks": 0.1}]}),
                &[path],
            );
            assert!(
                priced(&Q, &odd, &asked("Postpay", 1))
                    .unwrap_err()
                    .contains(path),
                "{path}"
            );
        }
        for count in [0, -1] {
            assert!(
                Asked::new(&Q, None, Some(count), None)
                    .unwrap_err()
                    .contains("MaxCount")
            );
        }
    }

    #[test]
    fn limits_compare_like_with_like() {
        let p = Priced {
            each: 1.9,
            total: 3.8,
            count: 2,
            billing: Some("Postpay".into()),
            period: Some("hour"),
            periods: 1,
        };
        assert_eq!(Limit::parse("4").unwrap().check(&p), Ok(()));
        assert!(Limit::parse("3.79").unwrap().check(&p).is_err());
        assert_eq!(Limit::parse("4/hour").unwrap().check(&p), Ok(()));
        assert!(
            Limit::parse("4/month")
                .unwrap()
                .check(&p)
                .unwrap_err()
                .contains("cannot be compared")
        );
        assert!(
            Limit::parse("-1").is_err()
                && Limit::parse("4/week").is_err()
                && Limit::parse("NaN").is_err()
        );
    }
}
