//! The UCompShare spec covers the whole API: all 80 actions of the official SDKs (their names
//! are in `tests/data/python_methods.txt`), with a sample of wire names checked by hand.

use std::path::Path;

use compshare_codegen::{Input, format, generate, load};

fn generated() -> compshare_codegen::CrateOutput {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/ucompshare");
    let src = load::load_dir(&dir, "spec/ucompshare").unwrap();
    let mut crates = generate(Input::Service(&src)).unwrap();
    crates.truncate(1);
    format::format_crates(&mut crates).unwrap();
    crates.remove(0)
}

/// The source of the `Action` impl of `action`, up to the next one.
fn action_source<'a>(out: &'a compshare_codegen::CrateOutput, action: &str) -> &'a str {
    let marker = format!("const NAME: &'static str = \"{action}\";");
    for f in &out.files {
        if let Some(i) = f.contents.find(&marker) {
            let rest = &f.contents[i..];
            let end = rest[marker.len()..]
                .find("const NAME")
                .map_or(rest.len(), |e| e + marker.len());
            return &rest[..end];
        }
    }
    panic!("{action} is not generated");
}

#[test]
fn every_official_action_is_generated() {
    let out = generated();
    let names: Vec<&str> = include_str!("data/python_methods.txt")
        .lines()
        .map(|l| l.split_once(' ').unwrap().0)
        .collect();
    assert_eq!(names.len(), 80);
    for name in names {
        action_source(&out, name);
    }
    // And every action compshare-cli 0.5.6 calls or lists as unavailable, less its telemetry.
    let cli: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/e2e/reference/compshare-cli.json")).unwrap();
    let called = cli["actions"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str);
    let unavailable = cli["unavailable_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap());
    let mut cli_actions: Vec<&str> = called.chain(unavailable).collect();
    cli_actions.retain(|a| *a != "CreateCSCLIEvent");
    for name in cli_actions {
        action_source(&out, name);
    }
    // 80 of the official SDKs, 24 more that compshare-cli calls, 3 documented but unserved.
    assert_eq!(out.actions, 107);
}

#[test]
fn sample_wire_names() {
    let out = generated();
    let samples: &[(&str, &[&str])] = &[
        (
            "CreateCompShareInstance",
            &[
                "CPU",
                "GPU",
                "GpuType",
                "MachineType",
                "Memory",
                "Disks",
                "EnableUS3",
                "Password",
                "MinimalCpuPlatform",
            ],
        ),
        (
            "DescribeCompShareInstance",
            &["UHostIds", "Offset", "Limit", "WithoutGpu"],
        ),
        (
            "DeleteCompshareDisk",
            &["OrganizationID", "TopOrganizationID", "UDiskId"],
        ),
        (
            "ModifyCompShareImageShareAccount",
            &["AddAccounts", "RemoveAccounts", "CompShareImageId"],
        ),
        ("UpdateCompShareInstancePorts", &["HttpPorts", "TcpPorts"]),
        (
            "ListCompShareTeamOperateLog",
            &["BeginTime", "EndTime", "OperateType", "OrderByASC"],
        ),
        (
            "DescribeSelfCommunityImages",
            &[
                "GroupId",
                "Tag",
                "Name",
                "SortCondition",
                "IsFree",
                "Offset",
                "Limit",
            ],
        ),
        ("TerminateULHostInstance", &["ReleaseUDisk", "ULHostId"]),
    ];
    for (action, params) in samples {
        // rustfmt may break a long call over lines: compare without whitespace.
        let source: String = action_source(&out, action)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for param in *params {
            assert!(
                source.contains(&format!("(\"{param}\",")),
                "{action} does not send {param}"
            );
        }
    }
    // Common parameters are taken, not declared as fields.
    assert!(
        action_source(&out, "CreateCompShareInstance")
            .contains("f.req_common(\"Zone\", rt::Setting::Zone)")
    );
}

/// Every setter of every action carries its parameter's doc where the user types: the doc
/// of the spec's parameter, "Required." for required ones, and its enum's values.
#[test]
fn every_setter_is_documented_as_its_parameter() {
    let out = generated();
    let mut setters = 0;
    for f in out
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/actions/"))
    {
        let lines: Vec<&str> = f.contents.lines().collect();
        let mut in_setters = false;
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim();
            if t.starts_with("crate::client::setters! {") {
                in_setters = true;
                continue;
            }
            if in_setters && t == "}" {
                in_setters = false;
            }
            if !in_setters || !(t.starts_with("one ") || t.starts_with("many ")) {
                continue;
            }
            setters += 1;
            let doc = lines[i - 1].trim();
            assert!(
                doc.starts_with("/// ") && doc.len() > 12,
                "{}: setter `{t}` has no doc",
                f.path
            );
        }
    }
    // 285 parameters of their own across the 80 actions.
    assert!(setters >= 285, "{setters} setters");

    // The create call's CPU says what it is, that it is required, and nothing contradicting.
    let create = out
        .files
        .iter()
        .find(|f| f.path == "src/actions/instances.rs")
        .unwrap();
    let setter_doc = |setter: &str| -> String {
        let at = create
            .contents
            .find(&format!("one {setter} => "))
            .unwrap_or_else(|| panic!("no setter {setter}"));
        let before = &create.contents[..at];
        before
            .trim_end()
            .lines()
            .last()
            .map(str::to_owned)
            .unwrap_or_default()
    };
    let cpu = setter_doc("cpu");
    assert!(
        cpu.contains("virtual CPU cores") && cpu.contains("Required."),
        "{cpu}"
    );
    assert!(!cpu.contains("server assumes"), "{cpu}");
    let machine = setter_doc("machine_type");
    assert!(machine.contains("One of `N`, `C`, `G`"), "{machine}");
    let password = setter_doc("password");
    assert!(password.contains("Base64-encoded"), "{password}");
}
