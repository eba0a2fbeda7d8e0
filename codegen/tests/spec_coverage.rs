//! The UCompShare spec covers the whole API: all 80 actions of the official SDKs (their names
//! are in `tests/data/python_methods.txt`), with a sample of wire names checked by hand.

use std::path::Path;

use compshare_codegen::{generate_service, load};

fn generated() -> compshare_codegen::CrateOutput {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/ucompshare");
    let src = load::load_dir(&dir, "spec/ucompshare").unwrap();
    generate_service(&src).unwrap()
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
    assert_eq!(out.actions, 80);
    for name in names {
        action_source(&out, name);
    }
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
