//! Every case of the signature test vectors, computed with the official Python SDK
//! (ucloud-sdk-python3 0.11.150). The numbers are copied here; nothing reads `../shared`.

use compshare_runtime::{Common, Form, FormValue, Setting, signature, urlencode};

fn sign(params: &[(String, String)], private_key: &str) -> String {
    signature(
        params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        private_key,
    )
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort();
    v
}

#[test]
fn bare_verify_no_public_key() {
    assert_eq!(
        sign(&pairs(&[("foo", "bar")]), "my_private_key"),
        "634edc1bb957c0d65e5ab5494cf3b7784fbc87af"
    );
}

#[test]
fn public_key_only() {
    let params = pairs(&[("PublicKey", "my_public_key"), ("foo", "bar")]);
    assert_eq!(
        sign(&params, "my_private_key"),
        "d4411ab30953fb0bbcb1e7313081f05e4e91a394"
    );
}

#[test]
fn signature_param_is_not_signed_and_order_does_not_matter() {
    let params = pairs(&[
        ("foo", "bar"),
        ("Signature", "whatever"),
        ("PublicKey", "my_public_key"),
    ]);
    assert_eq!(
        sign(&params, "my_private_key"),
        "d4411ab30953fb0bbcb1e7313081f05e4e91a394"
    );
}

#[test]
fn seed_describe_self_community_images() {
    let common = Common::new().with(Setting::Region, "cn-wlcb");
    let mut form = Form::new(&common);
    form.text("Action", "DescribeSelfCommunityImages");
    form.req_common("Region", Setting::Region);
    form.opt("Limit", &Some(20i64));
    let mut params = form.finish().unwrap();
    params.push(("PublicKey".into(), "my_public_key".into()));
    assert_eq!(
        sorted(params.clone()),
        pairs(&[
            ("Action", "DescribeSelfCommunityImages"),
            ("Limit", "20"),
            ("PublicKey", "my_public_key"),
            ("Region", "cn-wlcb")
        ])
    );
    assert_eq!(
        sign(&params, "my_private_key"),
        "3a5cebce1b02560e41bb61865bb2ce43a3519066"
    );
}

struct SortCondition {
    field: &'static str,
    asc: bool,
}

impl FormValue for SortCondition {
    fn put(&self, form: &mut Form<'_>, name: &str) {
        form.nested(name, |f| {
            f.put("Field", &self.field.to_owned());
            f.put("ASC", &self.asc);
        });
    }
}

#[test]
fn describe_community_images_nested_object() {
    let common = Common::default();
    let mut form = Form::new(&common);
    form.text("Action", "DescribeCommunityImages");
    form.opt("Region", &Some("cn-wlcb".to_owned()));
    form.opt("Zone", &Some("cn-wlcb-01".to_owned()));
    form.opt("Limit", &Some(20i64));
    form.opt("Offset", &Some(0i64));
    form.opt(
        "SortCondition",
        &Some(SortCondition {
            field: "PubTime",
            asc: false,
        }),
    );
    let mut params = form.finish().unwrap();
    params.push(("PublicKey".into(), "my_public_key".into()));
    assert_eq!(
        sorted(params.clone()),
        pairs(&[
            ("Action", "DescribeCommunityImages"),
            ("Limit", "20"),
            ("Offset", "0"),
            ("PublicKey", "my_public_key"),
            ("Region", "cn-wlcb"),
            ("SortCondition.ASC", "false"),
            ("SortCondition.Field", "PubTime"),
            ("Zone", "cn-wlcb-01"),
        ])
    );
    assert_eq!(
        sign(&params, "my_private_key"),
        "a2f4e900aed05f65252d7a862d701313a2c584f2"
    );
}

#[test]
fn utf8_and_spaces() {
    let params = pairs(&[
        ("Action", "DescribeCommunityImages"),
        ("Name", "stable diffusion 镜像"),
        ("PublicKey", "my_public_key"),
        ("Region", "cn-wlcb"),
        ("Tag", "PyTorch"),
        ("Zone", "cn-wlcb-01"),
    ]);
    assert_eq!(
        sign(&params, "my_private_key"),
        "15ec83847d42b5c25383600ccac26abfedfa2ce6"
    );
    // Signed unescaped, sent escaped.
    assert!(urlencode(&params).contains("Name=stable+diffusion+%E9%95%9C%E5%83%8F"));
}

struct Disk {
    is_boot: bool,
    size: i64,
    kind: &'static str,
}

impl FormValue for Disk {
    fn put(&self, form: &mut Form<'_>, name: &str) {
        form.nested(name, |f| {
            f.put("IsBoot", &self.is_boot);
            f.put("Size", &self.size);
            f.put("Type", &self.kind.to_owned());
        });
    }
}

#[test]
fn lists_bools_floats() {
    let common = Common::new()
        .with(Setting::Region, "cn-wlcb")
        .with(Setting::Zone, "cn-wlcb-01");
    let mut form = Form::new(&common);
    form.text("Action", "CreateCompShareInstance");
    form.req_common("Region", Setting::Region);
    form.req_common("Zone", Setting::Zone);
    form.opt(
        "Disks",
        &Some(vec![Disk {
            is_boot: true,
            size: 100,
            kind: "CLOUD_SSD",
        }]),
    );
    form.opt("EnableUS3", &Some(false));
    form.opt("Tags", &Some(vec!["AI".to_owned(), "LLM".to_owned()]));
    form.opt("Price", &Some(1.5f64));
    form.opt("Memory", &Some(2.0f64));
    let mut params = form.finish().unwrap();
    params.push(("PublicKey".into(), "my_public_key".into()));
    assert_eq!(
        sorted(params.clone()),
        pairs(&[
            ("Action", "CreateCompShareInstance"),
            ("Disks.0.IsBoot", "true"),
            ("Disks.0.Size", "100"),
            ("Disks.0.Type", "CLOUD_SSD"),
            ("EnableUS3", "false"),
            ("Memory", "2"),
            ("Price", "1.5"),
            ("PublicKey", "my_public_key"),
            ("Region", "cn-wlcb"),
            ("Tags.0", "AI"),
            ("Tags.1", "LLM"),
            ("Zone", "cn-wlcb-01"),
        ])
    );
    assert_eq!(
        sign(&params, "my_private_key"),
        "242474bc10ad59b3da7643796dfeb44cd1806ca1"
    );
}

#[test]
fn list_index_sorting() {
    let ids: Vec<String> = (0..12).map(|i| format!("uhost-{i}")).collect();
    let common = Common::default();
    let mut form = Form::new(&common);
    form.text("Action", "DescribeCompShareInstance");
    form.opt("Region", &Some("cn-wlcb".to_owned()));
    form.opt("Zone", &Some("cn-wlcb-01".to_owned()));
    form.opt("UHostIds", &Some(ids));
    let mut params = form.finish().unwrap();
    params.push(("PublicKey".into(), "my_public_key".into()));
    // Bytewise order puts UHostIds.10 before UHostIds.2.
    let expected_text = "ActionDescribeCompShareInstancePublicKeymy_public_keyRegioncn-wlcbUHostIds.0uhost-0UHostIds.1uhost-1UHostIds.10uhost-10UHostIds.11uhost-11UHostIds.2uhost-2UHostIds.3uhost-3UHostIds.4uhost-4UHostIds.5uhost-5UHostIds.6uhost-6UHostIds.7uhost-7UHostIds.8uhost-8UHostIds.9uhost-9Zonecn-wlcb-01my_private_key";
    let mut by_key: Vec<&(String, String)> = params.iter().collect();
    by_key.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let text: String = by_key
        .iter()
        .map(|(k, v)| format!("{k}{v}"))
        .collect::<String>()
        + "my_private_key";
    assert_eq!(text, expected_text);
    assert_eq!(
        sign(&params, "my_private_key"),
        "b29ad5c55afab68ad57b3d39c94a3e5eac5714bb"
    );
}
