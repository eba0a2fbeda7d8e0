//! The tool's own commands: `call` (any action by name, over the SDK's raw calls),
//! `config show` and `completions`.

use clap::ArgMatches;
use compshare_runtime::{self as runtime, redact};
use serde_json::{Value, json};

use crate::output;
use crate::{Cx, Failure, Tool};

/// Runs a built-in command.
pub(crate) async fn builtin(cx: &Cx, m: &ArgMatches, tool: &'static Tool) -> Result<(), Failure> {
    match m.subcommand() {
        Some(("call", m)) => call(cx, m, tool).await,
        Some(("doctor", _)) => crate::doctor::doctor(cx).await,
        Some(("config", m)) => match m.subcommand() {
            Some(("set", m)) => crate::profiles::set(cx, m),
            Some(("list", _)) => crate::profiles::list(cx),
            Some(("use", m)) => crate::profiles::use_profile(cx, m),
            Some(("delete", m)) => crate::profiles::delete(cx, m),
            Some(("path", _)) => crate::profiles::path(cx),
            _ => config_show(cx),
        },
        Some(("completions", m)) => {
            let shell = match crate::args::text(m, "shell").as_deref() {
                Some("zsh") => clap_complete::Shell::Zsh,
                Some("fish") => clap_complete::Shell::Fish,
                _ => clap_complete::Shell::Bash,
            };
            let mut app = crate::flags::app(tool);
            let name = app.get_name().to_owned();
            // Into memory first: written to a closed pipe, clap_complete would panic.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut app, &name, &mut script);
            let mut script = String::from_utf8_lossy(&script).into_owned();
            if shell == clap_complete::Shell::Bash {
                script = bash_states_agree(&script, &name);
            }
            output::write_stdout(&script)
        }
        _ => Err(Failure::no_command()),
    }
}

/// clap_complete's bash script names a subcommand's state one way where it walks the words
/// (`compshare__rs__subcmd__instance`) and another in the arms that complete it
/// (`compshare__subcmd__rs__subcmd__instance`) when the binary's name has a hyphen, so
/// nothing below the top level completed (clap-rs/clap#6421). The arms are spelled as the
/// walk spells them; once clap_complete agrees with itself there is nothing to replace.
fn bash_states_agree(script: &str, binary: &str) -> String {
    if !binary.contains('-') {
        return script.to_owned();
    }
    let walked = format!("{}__subcmd__", binary.replace('-', "__"));
    let armed = format!("{}__subcmd__", binary.replace('-', "__subcmd__"));
    script.replace(&armed, &walked)
}

async fn call(cx: &Cx, m: &ArgMatches, tool: &'static Tool) -> Result<(), Failure> {
    let action = crate::args::text(m, "action").unwrap_or_default();
    if cx.service().protocol != runtime::Protocol::UCloudRpc {
        return Err(Failure::usage(format!(
            "`call` sends UCloud RPC actions by name; {}'s actions each have their command (see --help); nothing was sent",
            tool.binary
        )));
    }
    let def = tool
        .commands
        .iter()
        .find(|d| d.action.eq_ignore_ascii_case(&action));
    // What it costs is shown by its command (with the tool's defaults): a raw call would
    // spend without a quote.
    if let Some(def) = def.filter(|d| d.quote.is_some()) {
        return Err(Failure::refused(format!(
            "{action} has a price quote, which a raw call cannot show: use `{} {} {}`; nothing was sent",
            tool.binary, def.group, def.name
        )));
    }
    let mut params = Vec::new();
    for p in crate::args::texts(m, "params").unwrap_or_default() {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| Failure::usage(format!("`{p}` is not Key=Value")))?;
        if redact::is_sensitive_key(k, cx.service().sensitive) {
            return Err(Failure::usage(format!(
                "`{k}` is a secret: it is never taken from the command line (other users can read it); use the action's command, which reads it from --<flag>-stdin or the environment"
            )));
        }
        params.push((k.to_owned(), v.to_owned()));
    }
    if cx.dry_run {
        let client = cx.client()?;
        return cx.dry_run_doc(output::dry_run(
            &action,
            client.base_url(),
            &params,
            cx.service().sensitive,
        ));
    }
    // The spec's reason, else any action that is not a read is confirmed.
    let why = def
        .and_then(|d| d.confirm)
        .map(str::to_owned)
        .or_else(|| {
            (!compshare_protocol::is_read(&action))
                .then(|| "It is not a read (Describe, Get, List, Check, Download): it may change or cost something.".to_owned())
        });
    if let Some(why) = why {
        cx.confirm(m, &action, &why, None, &[], None).await?;
    }
    let raw = compshare_runtime::RawCall::new(cx.client()?.clone(), &action).params(params);
    let reply = cx.sending(&action, raw.send()).await?;
    // Raw answers are not typed: values under secret-like keys are masked in the text.
    let text = redact::mask_text(reply.output.as_str(), cx.service().sensitive);
    let value: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    cx.print(&value, None, &[])
}

/// The effective settings and where each came from; keys masked.
fn config_show(cx: &Cx) -> Result<(), Failure> {
    let mut rows: Vec<(String, String, String)> = match cx.service().auth {
        // A bearer key has one source: its variable (shown masked).
        runtime::Auth::Bearer { variable, .. } => {
            let set = cx.with_vars(|var| Ok(var(variable).is_some()))?;
            let value = if set { redact::MASK } else { "(not set)" };
            vec![("api_key".to_owned(), value.to_owned(), variable.to_owned())]
        }
        _ => cx
            .with_vars(|var| Ok(runtime::config::explain_with(var)?))?
            .into_iter()
            .map(|f| (f.name.to_owned(), f.value, f.source))
            .collect(),
    };
    for (name, flag, value) in [
        ("region", "--region", &cx.region),
        ("zone", "--zone", &cx.zone),
        ("project_id", "--project-id", &cx.project_id),
        ("base_url", "--base-url", &cx.base_url),
    ] {
        if let Some(v) = value {
            rows.retain(|r| r.0 != name);
            let shown = if name == "base_url" {
                redact::mask_url_text(v)
            } else {
                v.clone()
            };
            rows.push((name.to_owned(), shown, flag.to_owned()));
        }
    }
    if !rows.iter().any(|r| r.0 == "base_url") {
        rows.push((
            "base_url".to_owned(),
            cx.service().default_base_url.to_owned(),
            "default".to_owned(),
        ));
    }
    if let Some(p) = &cx.profile {
        rows.push(("profile".to_owned(), p.clone(), "--profile".to_owned()));
    }
    // What calls need and nothing gives, with where to give it.
    if cx.service().auth == runtime::Auth::UCloudSignature {
        for (name, how) in [
            ("public_key", "`config set`, or UCLOUD_PUBLIC_KEY"),
            ("private_key", "`config set`, or UCLOUD_PRIVATE_KEY"),
            (
                "region",
                "--region, UCLOUD_REGION, or `config set --region`",
            ),
            ("zone", "--zone, UCLOUD_ZONE, or `config set --zone`"),
        ] {
            if !rows.iter().any(|r| r.0 == name) {
                rows.push((name.to_owned(), "(missing)".to_owned(), how.to_owned()));
            }
        }
    }
    let value = Value::Array(
        rows.iter()
            .map(|(n, v, s)| json!({"name": n, "value": v, "source": s}))
            .collect(),
    );
    cx.document(&value, || {
        let rows: Vec<Value> = value.as_array().cloned().unwrap_or_default();
        output::table(&rows, &["name", "value", "source"])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_arms_are_spelled_as_the_walk_spells_them() {
        let script = "cmd=\"my__app__subcmd__run\"\n        my__subcmd__app__subcmd__run)\n";
        assert_eq!(
            bash_states_agree(script, "my-app"),
            "cmd=\"my__app__subcmd__run\"\n        my__app__subcmd__run)\n"
        );
        assert_eq!(
            bash_states_agree(script, "myapp"),
            script,
            "no hyphen: as it was"
        );
    }
}
