//! `instance search`: where a GPU can be had now, in one table. A row per zone and GPU model:
//! its free GPUs (the stock listing), the smallest configuration of one GPU (the machine
//! types listing) and what that costs per hour, quoted as the create would quote it (its
//! declared quote, with its defaults). It joins three actions, so it is written here, and
//! the wire names it reads are here, once; the command exists only when the tool has the
//! three.

use clap::{Arg, ArgAction, ArgMatches, Command};
use compshare_runtime::{CallOptions, Client, Common};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::ask::Regions;
use crate::def::{Column, Def, Shown, Tool, Unit};
use crate::locate::zones_of;
use crate::quote::{Answer, Asked, priced};
use crate::{Cx, Failure, args};

/// The stock listing: free GPUs by pool, zone id and model (its rows: `keys`, `value`).
const STOCK: &str = "DescribeCompShareGpuInventory";
/// The machine types listing: each model's zone, GPU memory and configurations.
const SIZES: &str = "DescribeAvailableCompShareInstanceTypes";
/// The create, whose quote prices a row.
const CREATE: &str = "CreateCompShareInstance";
/// Quotes asked at once.
const QUOTES_AT_ONCE: usize = 4;
/// Quotes one search sends at most: the rows come from the service's answer, and each is a
/// request; past these, rows say how to narrow the search instead.
const MAX_QUOTES: usize = 100;

/// The three actions it joins, and where zones are named.
#[derive(Clone, Copy)]
pub(crate) struct Search {
    stock: &'static Def,
    sizes: &'static Def,
    create: &'static Def,
    regions: &'static Regions,
}

impl Search {
    /// The search of `tool`, if it has the three actions (the create with its quote), a
    /// listing of zones by id, and no command of its own named `search` in the create's group.
    pub(crate) fn of(tool: &Tool) -> Option<Search> {
        let find = |action: &str| tool.commands.iter().copied().find(|d| d.action == action);
        let create = find(CREATE).filter(|d| d.quote.is_some())?;
        let taken = tool
            .commands
            .iter()
            .any(|d| d.group == create.group && d.name == "search");
        let regions = tool
            .regions
            .filter(|r| r.zone.is_some() && r.zone_id.is_some())?;
        (!taken).then_some(Search {
            stock: find(STOCK)?,
            sizes: find(SIZES)?,
            create,
            regions,
        })
    }

    /// The group its command is in: the create's.
    pub(crate) fn group(&self) -> &'static str {
        self.create.group
    }
}

/// The command, in the create's group.
pub(crate) fn command() -> Command {
    Command::new("search")
        .about("Where a GPU can be had now: each zone's GPU models, free GPUs and price per hour")
        .long_about(
            "Where a GPU can be had now: a row per zone and GPU model, with its free GPUs, the \
             smallest configuration of one GPU listed (CPU cores, memory) and that configuration's \
             price per hour as `instance create` would quote it (its defaults: hourly billing, the \
             boot disk). Every region unless --region is given; every zone unless --zone is. \
             The configuration is listed, not checked for stock: a create takes the smallest in \
             stock for its image, and quotes it before it buys.",
        )
        .after_help(format!(
            "Stock comes from {STOCK} (refreshed every few minutes), configurations from {SIZES}, \
             prices from the create's quote. A create checks the stock again before it buys."
        ))
        .arg(
            Arg::new("gpu")
                .long("gpu")
                .value_name("MODEL")
                .action(ArgAction::Append)
                .help("Only this GPU model, e.g. 4090 (repeatable)"),
        )
        .arg(
            Arg::new("available")
                .long("available")
                .action(ArgAction::SetTrue)
                .help("Only models with free GPUs"),
        )
        .arg(
            Arg::new("spot")
                .long("spot")
                .action(ArgAction::SetTrue)
                .help("Spot instances: the spot pool's stock, and spot prices"),
        )
}

/// One row: a GPU model in a zone.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Offer {
    region: String,
    zone: String,
    gpu_type: String,
    /// Free GPUs in the pool searched.
    free: i64,
    /// GPU memory, in GB.
    #[serde(skip_serializing_if = "Option::is_none")]
    gpu_memory: Option<i64>,
    /// The smallest configuration of one GPU: cores and memory in MB, as the create takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    cpu: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    memory: Option<i64>,
    charge_type: String,
    /// Yuan per hour for one instance of that configuration.
    #[serde(skip_serializing_if = "Option::is_none")]
    price_per_hour: Option<f64>,
    /// Why there is no price.
    #[serde(skip_serializing_if = "Option::is_none")]
    no_price: Option<String>,
}

/// The rows' shape, for an agent's tool (`Offer`'s members; a test keeps them the same).
pub(crate) fn offers_schema() -> Value {
    let text = json!({"type": "string"});
    let int = json!({"type": "integer"});
    json!({"properties": {"Offers": {"items": {"properties": {
        "Region": text, "Zone": text, "GpuType": text, "Free": int, "GpuMemory": int,
        "Cpu": int, "Memory": int, "ChargeType": text, "PricePerHour": {"type": "number"},
        "NoPrice": text,
    }}}}})
}

const COLUMNS: &[Column] = &[
    Column::field("Zone"),
    Column {
        header: "GPU",
        path: "GpuType",
        shown: None,
    },
    Column {
        header: "GpuMemory",
        path: "GpuMemory",
        shown: Some(Shown::Size(Unit::Gb)),
    },
    Column::field("Free"),
    Column::field("Cpu"),
    Column {
        header: "Memory",
        path: "Memory",
        shown: Some(Shown::Size(Unit::Mb)),
    },
    Column {
        header: "Yuan/hour",
        path: "PricePerHour",
        shown: None,
    },
    Column {
        header: "NoPrice",
        path: "NoPrice",
        shown: None,
    },
];

/// Free GPUs of a model in a pool of a zone, by the zone's id.
struct Stock {
    pool: String,
    zone_id: String,
    model: String,
    free: i64,
}

/// The pool a billing mode draws from, and how the machine types listing names its sale.
fn pool_of(charge_type: &str) -> (&'static str, &'static str) {
    if charge_type == "Spot" {
        ("Spot", "spot")
    } else {
        ("Exclusive", "uhost")
    }
}

impl Search {
    /// The stock of `region`: pool -> zone id -> model -> free GPUs.
    async fn stock(&self, client: &Client, region: &str) -> Result<Vec<Stock>, Failure> {
        let answer = read(client, self.stock, &Map::new(), region).await?;
        let mut out = Vec::new();
        for (pool, zones) in answer["GpuInventoryByZone"]
            .as_object()
            .into_iter()
            .flatten()
        {
            for (zone_id, models) in zones.as_object().into_iter().flatten() {
                for (model, free) in models.as_object().into_iter().flatten() {
                    out.push(Stock {
                        pool: pool.clone(),
                        zone_id: zone_id.clone(),
                        model: model.clone(),
                        free: free.as_i64().unwrap_or(0),
                    });
                }
            }
        }
        Ok(out)
    }

    /// For a create refused for want of stock (its `request`, in `region` and `zone`): the
    /// other zones of its region whose pool has as many GPUs of its model free as it asks
    /// for in all, `; 4090 GPUs free in other zones: cn-wlcb-02 (5)`; nothing when none has,
    /// or the stock or the zones cannot be read (the refusal stands without it). `client`
    /// has no place of its own: the stock is of every zone of the region.
    pub(crate) async fn elsewhere(
        &self,
        client: &Client,
        (region, zone): (&str, &str),
        request: &Map<String, Value>,
    ) -> String {
        let Some(model) = request.get("GpuType").and_then(Value::as_str) else {
            return String::new();
        };
        let each = request.get("GPU").and_then(Value::as_i64).unwrap_or(1);
        let times = self.create.quote.and_then(|q| q.quote.times);
        let count = times
            .and_then(|t| request.get(t))
            .and_then(Value::as_i64)
            .unwrap_or(1);
        let wanted = each.saturating_mul(count.max(1));
        let charge = request
            .get("ChargeType")
            .and_then(Value::as_str)
            .unwrap_or("");
        let (pool, _) = pool_of(charge);
        let (Ok(zones), Ok(stock)) = (
            zones_of(client.clone(), self.regions).await,
            self.stock(client, region).await,
        ) else {
            return String::new();
        };
        // Zones by name only: one not named could be the zone refused.
        let named = |id: &str| {
            zones
                .iter()
                .find(|z| z.region == region && z.id == id)
                .map(|z| z.name.clone())
        };
        let found: Vec<String> = stock
            .iter()
            .filter(|s| s.pool == pool && s.free >= wanted && s.model.eq_ignore_ascii_case(model))
            .filter_map(|s| Some((named(&s.zone_id)?, s.free)))
            .filter(|(name, _)| name != zone)
            .map(|(name, free)| format!("{name} ({free})"))
            .collect();
        if found.is_empty() {
            return String::new();
        }
        format!("; {model} GPUs free in other zones: {}", found.join(", "))
    }
}

/// What a search asks: GPU models (none: all), only those with free GPUs, the spot pool,
/// and a place (none: every region and zone).
#[derive(Debug)]
pub(crate) struct Query {
    pub models: Vec<String>,
    pub available: bool,
    pub spot: bool,
    pub region: Option<String>,
    pub zone: Option<String>,
    /// How the asker names the region and the zone, for an error: `--region` and `--zone`,
    /// or a tool's `Region` and `Zone`.
    pub named_by: [&'static str; 2],
}

/// Runs `instance search`.
pub(crate) async fn run(cx: &Cx, m: &ArgMatches, s: &Search) -> Result<(), Failure> {
    cx.no_dry_run("instance search")?;
    // Every region and zone unless the flags name one: the configured place is not a filter,
    // and no read is sent with a zone (the stock is every zone's).
    let query = Query {
        models: args::texts(m, "gpu").unwrap_or_default(),
        available: m.get_flag("available"),
        spot: m.get_flag("spot"),
        region: cx.region.clone(),
        zone: cx.zone.clone(),
        named_by: ["--region", "--zone"],
    };
    let doc = s.offers(&cx.placeless_client()?, &query).await?;
    cx.print(&doc, Some("Offers"), COLUMNS)
}

impl Search {
    /// The reads it joins: the stock, the machine types and the create's price action.
    pub(crate) fn reads(&self) -> [&'static str; 3] {
        let price = self.create.quote.map_or("", |q| q.quote.action);
        [self.stock.action, self.sizes.action, price]
    }

    /// `{"Offers": [...]}`: a row per zone and GPU model the query asks for, priced. `client`
    /// has no place of its own.
    pub(crate) async fn offers(&self, client: &Client, q: &Query) -> Result<Value, Failure> {
        let charge = if q.spot { "Spot" } else { "Postpay" };
        let (pool, sale) = pool_of(charge);
        let models = &q.models;
        let zones = zones_of(client.clone(), self.regions).await?;
        let (region, zone) = (q.region.clone(), q.zone.clone());
        let mut regions: Vec<String> = Vec::new();
        for z in &zones {
            let wanted = match (&region, &zone) {
                (Some(r), _) => z.region == *r,
                (None, Some(name)) => z.name == *name,
                (None, None) => true,
            };
            if wanted && !regions.contains(&z.region) {
                regions.push(z.region.clone());
            }
        }
        if let (Some(r), true) = (&region, regions.is_empty()) {
            regions.push(r.clone());
        }
        if let (Some(name), true) = (&zone, regions.is_empty()) {
            return Err(Failure::usage(format!(
                "{} {name}: no such zone in the zones' listing; give {} too",
                q.named_by[1], q.named_by[0]
            )));
        }
        let mut offers = Vec::new();
        for region in &regions {
            let stock = self.stock(client, region).await?;
            let mut asking = Map::new();
            asking.insert("InstanceType".into(), json!(sale));
            if !models.is_empty() {
                asking.insert("MachineTypes".into(), json!(models));
            }
            let sizes = read(client, self.sizes, &asking, region).await?;
            for st in stock {
                let name = zones
                    .iter()
                    .find(|z| z.region == *region && z.id == st.zone_id)
                    .map(|z| z.name.clone());
                let wanted =
                    models.is_empty() || models.iter().any(|g| g.eq_ignore_ascii_case(&st.model));
                if st.pool != pool
                    || !wanted
                    || zone.as_ref().is_some_and(|z| Some(z) != name.as_ref())
                    || (q.available && st.free < 1)
                {
                    continue;
                }
                let size = name
                    .as_deref()
                    .map(|n| smallest(&sizes, &st.model, n, sale))
                    .unwrap_or_default();
                offers.push(Offer {
                    region: region.clone(),
                    no_price: name
                        .is_none()
                        .then(|| "the zone's name is not listed".to_owned()),
                    zone: name.unwrap_or(st.zone_id),
                    gpu_type: st.model,
                    free: st.free,
                    gpu_memory: size.memory_gb,
                    cpu: size.cpu,
                    memory: size.memory_mb,
                    charge_type: charge.to_owned(),
                    price_per_hour: None,
                });
            }
        }
        offers.sort_by(|a, b| {
            (&a.gpu_type, &a.region, &a.zone).cmp(&(&b.gpu_type, &b.region, &b.zone))
        });
        price(client, self.create, &mut offers).await?;
        Ok(json!({ "Offers": offers }))
    }
}

/// A read's answer in `region`, sent with no zone.
async fn read(
    client: &Client,
    def: &Def,
    request: &Map<String, Value>,
    region: &str,
) -> Result<Value, Failure> {
    let mut common = Common::new();
    common.region = Some(region.to_owned());
    let mut options = CallOptions::default();
    options.common = common;
    let prepared = def.run.prepare(client, request, options)?;
    prepared.send().await?.value()
}

/// A model's GPU memory and smallest configuration of one GPU in a zone.
#[derive(Default)]
struct Size {
    memory_gb: Option<i64>,
    cpu: Option<i64>,
    memory_mb: Option<i64>,
}

/// From the machine types listing: the model's entry in `zone` sold as `sale`; of its
/// configurations of one GPU, the fewest cores, then the least memory (listed, not checked
/// for stock: a create takes the smallest in stock for its image, and quotes it first).
fn smallest(sizes: &Value, model: &str, zone: &str, sale: &str) -> Size {
    let types = sizes["AvailableInstanceTypes"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let Some(t) = types.iter().find(|t| {
        t["Name"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(model))
            && t["Zone"].as_str() == Some(zone)
            && t["InstanceType"].as_str().is_none_or(|s| s == sale)
    }) else {
        return Size::default();
    };
    let one_gpu = t["MachineSizes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["Gpu"].as_i64() == Some(1))
        .flat_map(|s| s["Collection"].as_array().into_iter().flatten());
    let least = one_gpu
        .filter_map(|c| {
            let cpu = c["Cpu"].as_i64()?;
            let memory = c["Memory"]
                .as_array()?
                .iter()
                .filter_map(Value::as_i64)
                .min()?;
            Some((cpu, memory))
        })
        .min();
    Size {
        memory_gb: t["GraphicsMemory"]["Value"].as_i64(),
        cpu: least.map(|l| l.0),
        memory_mb: least.map(|l| l.1),
    }
}

/// Prices each offer with a configuration as the create would quote it: its defaults, that
/// model, one GPU, that configuration, the offer's billing mode; a few quotes at once.
async fn price(client: &Client, create: &Def, offers: &mut [Offer]) -> Result<(), Failure> {
    let Some(q) = create.quote else {
        return Ok(());
    };
    let mut pending = tokio::task::JoinSet::new();
    let (mut next, mut sent) = (0, 0);
    loop {
        while pending.len() < QUOTES_AT_ONCE && next < offers.len() {
            let o = &offers[next];
            if o.no_price.is_some() {
                next += 1;
                continue;
            }
            if sent == MAX_QUOTES {
                offers[next].no_price = Some(format!(
                    "not quoted: a search quotes at most {MAX_QUOTES} rows; narrow it with --gpu or --zone"
                ));
                next += 1;
                continue;
            }
            let (Some(cpu), Some(memory)) = (o.cpu, o.memory) else {
                offers[next].no_price = Some("no configuration of one GPU listed".into());
                next += 1;
                continue;
            };
            let mut request: Map<String, Value> = create
                .fields
                .iter()
                .filter_map(|f| Some((f.wire.to_owned(), crate::request::default_of(f)?)))
                .collect();
            request.insert("GpuType".into(), json!(o.gpu_type));
            request.insert("GPU".into(), json!(1));
            request.insert("CPU".into(), json!(cpu));
            request.insert("Memory".into(), json!(memory));
            request.insert("ChargeType".into(), json!(o.charge_type));
            let asked = Asked::of(&q.quote, &request).map_err(Failure::usage)?;
            let mut common = Common::new();
            common.region = Some(o.region.clone());
            common.zone = Some(o.zone.clone());
            let mut options = CallOptions::default();
            options.common = common;
            let asking = crate::request::remap(&request, q.params);
            let prepared = q.run.prepare(client, &asking, options)?;
            let at = next;
            sent += 1;
            pending.spawn(async move {
                let sent = prepared.send().await;
                (at, asked, sent)
            });
            next += 1;
        }
        let Some(done) = pending.join_next().await else {
            return Ok(());
        };
        let (at, asked, sent) =
            done.map_err(|e| Failure::new(crate::Exit::Internal, format!("a quote failed: {e}")))?;
        match sent {
            Ok(sent) => match priced(&q.quote, &Answer::of(sent), &asked) {
                Ok(p) => offers[at].price_per_hour = Some((p.each * 100.0).round() / 100.0),
                Err(why) => offers[at].no_price = Some(why),
            },
            Err(e) => offers[at].no_price = Some(Failure::from(e).message),
        }
    }
}
