//! Finding where a resource named by id is: with no region or zone configured, a command that
//! names an instance (or another resource the spec says how to find) looks the id up in every
//! region, as the official CLI does, and runs there. Flags and configuration still win.

use compshare_runtime::RawCall;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::ask::Resource;
use crate::def::Def;
use crate::terminal::say;
use crate::{Cx, Failure};

/// The most regions an id is looked up in: the service says how many there are, and each is
/// a request.
const MAX_REGIONS: usize = 32;

impl Cx {
    /// Finds the region and zone of the resource `def` names by id in `request`, where the
    /// configuration and flags give none; they are then the command's. A dry run sends
    /// nothing, so finds nothing.
    pub(crate) async fn locate(
        &self,
        def: &Def,
        request: &Map<String, Value>,
    ) -> Result<(), Failure> {
        if let Some(place) = self.find(def, request).await? {
            *self.located.borrow_mut() = place;
        }
        Ok(())
    }

    /// The region and zone of the resource `def` names by id in `request`, for the parts the
    /// configuration and flags leave out; none to find, or nothing left out: `None`.
    pub(crate) async fn find(
        &self,
        def: &Def,
        request: &Map<String, Value>,
    ) -> Result<Option<(Option<String>, Option<String>)>, Failure> {
        let Some(regions) = self.regions else {
            return Ok(None);
        };
        let named = def.locate.iter().find_map(|r| {
            let id = request.get(r.id).and_then(Value::as_str)?;
            Some((*r, id))
        });
        let Some((resource, id)) = named else {
            return Ok(None);
        };
        if self.dry_run {
            return Ok(None);
        }
        // The configuration and flags alone, not a place found for another id.
        let lookup = self.configured_client()?;
        let configured = lookup.defaults().clone();
        if configured.region.is_some() && configured.zone.is_some() {
            return Ok(None);
        }
        let candidates = match &configured.region {
            Some(region) => vec![region.clone()],
            None => self.regions_of(&lookup, regions).await?,
        };
        if candidates.len() > MAX_REGIONS {
            let mut f = Failure::usage(format!(
                "the service lists {} regions, more than the {MAX_REGIONS} an id is looked up in: give --region (and --zone); nothing was sent",
                candidates.len()
            ));
            f.delivery = Some("not_sent");
            return Err(f);
        }
        // A region that does not answer (not open to the account, say) is not where it is;
        // if none answers, why the first did not is the error.
        let (mut answered, mut first_error) = (false, None);
        for region in &candidates {
            let found = match self.find_in(&lookup, resource, id, region).await {
                Ok(found) => {
                    answered = true;
                    found
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                    None
                }
            };
            if let Some((found_region, zone)) = found {
                if let Some(configured_zone) = configured.zone.as_ref().filter(|z| **z != zone) {
                    let mut f = Failure::usage(format!(
                        "{id} is in {zone}, not in the zone configured ({configured_zone}): give --zone {zone}; nothing was sent"
                    ));
                    f.delivery = Some("not_sent");
                    return Err(f);
                }
                say(&format!("{id} is in {zone} ({found_region})"));
                return Ok(Some((
                    configured.region.is_none().then_some(found_region),
                    configured.zone.is_none().then_some(zone),
                )));
            }
        }
        if let (false, Some(e)) = (answered, first_error) {
            return Err(e);
        }
        let mut f = Failure::usage(format!(
            "{id} is in none of the regions this account sees ({}): check the id, or give --region and --zone; nothing was sent",
            candidates.join(", ")
        ));
        f.delivery = Some("not_sent");
        Err(f)
    }

    /// Each zone's name by its id, as the regions' listing gives them.
    pub(crate) async fn zone_names(&self) -> Result<BTreeMap<String, String>, Failure> {
        match self.regions {
            Some(regions) => zone_names_of(self.configured_client()?, regions).await,
            None => Ok(BTreeMap::new()),
        }
    }

    /// Every region, each once, in the order the service lists them.
    async fn regions_of(
        &self,
        client: &compshare_runtime::Client,
        regions: &crate::Regions,
    ) -> Result<Vec<String>, Failure> {
        let reply = RawCall::new(client.clone(), regions.action).send().await?;
        let value: Value = serde_json::from_str(reply.output.as_str()).unwrap_or(Value::Null);
        let mut out: Vec<String> = Vec::new();
        for item in value[regions.items].as_array().into_iter().flatten() {
            if let Some(r) = item[regions.region].as_str()
                && !out.iter().any(|o| o == r)
            {
                out.push(r.to_owned());
            }
        }
        Ok(out)
    }

    /// The region and zone of resource `id`, if it is in `region`.
    async fn find_in(
        &self,
        client: &compshare_runtime::Client,
        r: &Resource,
        id: &str,
        region: &str,
    ) -> Result<Option<(String, String)>, Failure> {
        let reply = RawCall::new(client.clone(), r.action)
            .region(region)
            .param(r.param, id)
            .send()
            .await?;
        let value: Value = serde_json::from_str(reply.output.as_str()).unwrap_or(Value::Null);
        let item = value[r.items]
            .as_array()
            .into_iter()
            .flatten()
            .find(|item| item[r.id] == id);
        Ok(item.and_then(|item| {
            let zone = item[r.zone?].as_str()?.to_owned();
            let found = r
                .region
                .and_then(|f| item[f].as_str())
                .unwrap_or(region)
                .to_owned();
            Some((found, zone))
        }))
    }
}

/// A zone as the regions' listing gives it: its region, its id (as answers that name zones
/// by id write it) and its name.
#[derive(Clone, Debug)]
pub(crate) struct ZoneName {
    pub region: String,
    pub id: String,
    pub name: String,
}

/// The zones `regions`' listing gives (every region's, unless `client` sends a region); none
/// when it gives no zone ids.
pub(crate) async fn zones_of(
    client: compshare_runtime::Client,
    regions: &crate::Regions,
) -> Result<Vec<ZoneName>, Failure> {
    let (Some(zone), Some(zone_id)) = (regions.zone, regions.zone_id) else {
        return Ok(Vec::new());
    };
    let reply = RawCall::new(client, regions.action).send().await?;
    let value: Value = serde_json::from_str(reply.output.as_str()).unwrap_or(Value::Null);
    let mut out = Vec::new();
    for item in value[regions.items].as_array().into_iter().flatten() {
        let id = match &item[zone_id] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => continue,
        };
        if let (Some(name), Some(region)) = (item[zone].as_str(), item[regions.region].as_str()) {
            out.push(ZoneName {
                region: region.to_owned(),
                id,
                name: name.to_owned(),
            });
        }
    }
    Ok(out)
}

/// Each zone's name by its id, as `regions`' listing gives them (none when it gives no ids).
pub(crate) async fn zone_names_of(
    client: compshare_runtime::Client,
    regions: &crate::Regions,
) -> Result<BTreeMap<String, String>, Failure> {
    Ok(zones_of(client, regions)
        .await?
        .into_iter()
        .map(|z| (z.id, z.name))
        .collect())
}
