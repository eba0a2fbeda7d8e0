//! Every action end to end: each request parameter set through its setter reaches the local
//! server under its wire name with the right value, and a response carrying every field (numbers
//! and booleans sent as strings) decodes. Generated once from the official SDKs' structure of
//! the 80 UCompShare actions, so it also pins the spec's wire names, types and required flags;
//! every action also sends the client's Region and ProjectId, as the official SDKs do.

#![allow(clippy::bool_assert_comparison)]

mod common;

use common::{expect_form, expect_missing, serve, serve_with};
#[allow(unused_imports)]
use compshare::types::*;

#[tokio::test]
async fn attach_compshare_disk() {
    let (server, client) =
        serve("{\"RetCode\": 0, \"Action\": \"AttachCompshareDiskResponse\"}").await;
    #[allow(unused_variables)]
    let out = client
        .attach_compshare_disk()
        .zone("z-1")
        .project_id("p-1")
        .enable_cross_pod_attach("Yes")
        .u_disk_id("s-UDiskId")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "AttachCompshareDisk"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("EnableCrossPodAttach", "Yes"),
            ("UDiskId", "s-UDiskId"),
            ("UHostId", "s-UHostId"),
        ],
    );
}

#[tokio::test]
async fn attach_us3() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"AttachUS3Response\"}").await;
    #[allow(unused_variables)]
    let out = client
        .attach_us3()
        .zone("z-1")
        .project_id("p-1")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "AttachUS3"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("UHostId", "s-UHostId"),
        ],
    );
}

#[tokio::test]
async fn check_comp_share_net_optimizer() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"CheckCompShareNetOptimizerResponse\", \"Optimized\": \"true\"}").await;
    #[allow(unused_variables)]
    let out = client
        .check_comp_share_net_optimizer()
        .zone("z-1")
        .project_id("p-1")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "CheckCompShareNetOptimizer"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
        ],
    );
    assert_eq!(out.optimized, true);
}

#[tokio::test]
async fn check_ul_host_resource_capacity() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"CheckULHostResourceCapacityResponse\", \"Message\": \"r-Message\", \"ResourceEnough\": \"true\"}").await;
    #[allow(unused_variables)]
    let out = client
        .check_ul_host_resource_capacity()
        .project_id("p-1")
        .bundle_id("s-BundleId")
        .charge_type("Year")
        .coupon_id("s-CouponId")
        .image_id("s-ImageId")
        .name("s-Name")
        .quantity(7)
        .security_group_id("s-SecurityGroupId")
        .subnet_id("s-SubnetId")
        .vpc_id("s-VPCId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "CheckULHostResourceCapacity"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("BundleId", "s-BundleId"),
            ("ChargeType", "Year"),
            ("CouponId", "s-CouponId"),
            ("ImageId", "s-ImageId"),
            ("Name", "s-Name"),
            ("Quantity", "7"),
            ("SecurityGroupId", "s-SecurityGroupId"),
            ("SubnetId", "s-SubnetId"),
            ("VPCId", "s-VPCId"),
        ],
    );
    assert_eq!(Some(out.message.as_str()), Some("r-Message"));
    assert_eq!(out.resource_enough, true);
}

#[tokio::test]
async fn copy_comp_share_custom_image() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"CopyCompShareCustomImageResponse\", \"NewCompShareImageId\": \"r-NewCompShareImageId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .copy_comp_share_custom_image()
        .zone("z-1")
        .project_id("p-1")
        .comp_share_image_id("s-CompShareImageId")
        .target_image_name("s-TargetImageName")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "CopyCompShareCustomImage"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("TargetImageName", "s-TargetImageName"),
        ],
    );
    assert_eq!(
        Some(out.new_comp_share_image_id.as_str()),
        Some("r-NewCompShareImageId")
    );
}

#[tokio::test]
async fn create_comp_share_custom_image() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"CreateCompShareCustomImageResponse\", \"CompShareImageId\": \"r-CompShareImageId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .create_comp_share_custom_image()
        .zone("z-1")
        .project_id("p-1")
        .description("s-Description")
        .name("s-Name")
        .softwares(CustomImageSoftware {
            application: Some(
                ["a-Application", "b-Application"]
                    .into_iter()
                    .map(Into::into)
                    .collect(),
            ),
            cuda_version: Some("s-CUDAVersion".into()),
            framework: Some("s-Framework".into()),
            framework_version: Some("s-FrameworkVersion".into()),
        })
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "CreateCompShareCustomImage"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Description", "s-Description"),
            ("Name", "s-Name"),
            ("Softwares.Application.0", "a-Application"),
            ("Softwares.Application.1", "b-Application"),
            ("Softwares.CUDAVersion", "s-CUDAVersion"),
            ("Softwares.Framework", "s-Framework"),
            ("Softwares.FrameworkVersion", "s-FrameworkVersion"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(
        Some(out.comp_share_image_id.as_str()),
        Some("r-CompShareImageId")
    );
}

#[tokio::test]
async fn create_comp_share_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"CreateCompShareInstanceResponse\", \"UHostIds\": [\"r-UHostIds\"]}").await;
    #[allow(unused_variables)]
    let out = client
        .create_comp_share_instance()
        .zone("z-1")
        .project_id("p-1")
        .cpu(7)
        .charge_type("Year")
        .comp_share_image_id("s-CompShareImageId")
        .disks(vec![InstanceDisk {
            is_boot: true,
            size: 7,
            r#type: "CLOUD_NORMAL".into(),
        }])
        .enable_us3(true)
        .gpu(7)
        .gpu_type("K80")
        .login_mode("Password")
        .machine_type("N")
        .memory(7)
        .minimal_cpu_platform("Intel/Auto")
        .name("s-Name")
        .password("s-Password")
        .quantity(7)
        .security_group_id("s-SecurityGroupId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "CreateCompShareInstance"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("CPU", "7"),
            ("ChargeType", "Year"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("Disks.0.IsBoot", "true"),
            ("Disks.0.Size", "7"),
            ("Disks.0.Type", "CLOUD_NORMAL"),
            ("EnableUS3", "true"),
            ("GPU", "7"),
            ("GpuType", "K80"),
            ("LoginMode", "Password"),
            ("MachineType", "N"),
            ("Memory", "7"),
            ("MinimalCpuPlatform", "Intel/Auto"),
            ("Name", "s-Name"),
            ("Password", "cy1QYXNzd29yZA=="),
            ("Quantity", "7"),
            ("SecurityGroupId", "s-SecurityGroupId"),
        ],
    );
    assert_eq!(out.u_host_ids.len(), 1);
}

#[tokio::test]
async fn create_comp_share_team_relation() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"CreateCompShareTeamRelationResponse\", \"ErrorMap\": {\"Exclusive\": {\"10027\": {\"4090\": 3}}}}").await;
    #[allow(unused_variables)]
    let out = client
        .create_comp_share_team_relation()
        .zone("z-1")
        .project_id("p-1")
        .team_id(7)
        .user_info(vec![TeamInvitee {
            remark_name: Some("s-RemarkName".into()),
            user_company_id: 7,
        }])
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "CreateCompShareTeamRelation"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("TeamId", "7"),
            ("UserInfo.0.RemarkName", "s-RemarkName"),
            ("UserInfo.0.UserCompanyId", "7"),
        ],
    );
    assert!(out.error_map.as_ref().unwrap().as_str().contains("10027"));
}

#[tokio::test]
async fn create_comp_share_team() {
    let (server, client) = serve(
        "{\"RetCode\": 0, \"Action\": \"CreateCompShareTeamResponse\", \"Message\": \"r-Message\"}",
    )
    .await;
    #[allow(unused_variables)]
    let out = client
        .create_comp_share_team()
        .zone("z-1")
        .project_id("p-1")
        .description("s-Description")
        .name("s-Name")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "CreateCompShareTeam"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Description", "s-Description"),
            ("Name", "s-Name"),
        ],
    );
    assert_eq!(out.message.as_deref(), Some("r-Message"));
}

#[tokio::test]
async fn create_ul_host_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"CreateULHostInstanceResponse\", \"Message\": \"r-Message\", \"ULHostId\": \"r-ULHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .create_ul_host_instance()
        .project_id("p-1")
        .bundle_id("s-BundleId")
        .charge_type("s-ChargeType")
        .coupon_id("s-CouponId")
        .image_id("s-ImageId")
        .name("s-Name")
        .password("s-Password")
        .quantity(7)
        .security_group_id("s-SecurityGroupId")
        .subnet_id("s-SubnetId")
        .vpc_id("s-VPCId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "CreateULHostInstance"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("BundleId", "s-BundleId"),
            ("ChargeType", "s-ChargeType"),
            ("CouponId", "s-CouponId"),
            ("ImageId", "s-ImageId"),
            ("Name", "s-Name"),
            ("Password", "cy1QYXNzd29yZA=="),
            ("Quantity", "7"),
            ("SecurityGroupId", "s-SecurityGroupId"),
            ("SubnetId", "s-SubnetId"),
            ("VPCId", "s-VPCId"),
        ],
    );
    assert_eq!(Some(out.message.as_str()), Some("r-Message"));
    assert_eq!(Some(out.ul_host_id.as_str()), Some("r-ULHostId"));
}

#[tokio::test]
async fn delete_comp_share_stop_scheduler() {
    let (server, client) =
        serve("{\"RetCode\": 0, \"Action\": \"DeleteCompShareStopSchedulerResponse\"}").await;
    #[allow(unused_variables)]
    let out = client
        .delete_comp_share_stop_scheduler()
        .zone("z-1")
        .project_id("p-1")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DeleteCompShareStopScheduler"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("UHostId", "s-UHostId"),
        ],
    );
}

#[tokio::test]
async fn delete_comp_share_team() {
    let (server, client) = serve(
        "{\"RetCode\": 0, \"Action\": \"DeleteCompShareTeamResponse\", \"Message\": \"r-Message\"}",
    )
    .await;
    #[allow(unused_variables)]
    let out = client
        .delete_comp_share_team()
        .zone("z-1")
        .project_id("p-1")
        .team_id(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DeleteCompShareTeam"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("TeamId", "7"),
        ],
    );
    assert_eq!(Some(out.message.as_str()), Some("r-Message"));
}

#[tokio::test]
async fn delete_compshare_disk() {
    let (server, client) = serve(
        "{\"RetCode\": 0, \"Action\": \"DeleteCompshareDiskResponse\", \"UDiskId\": \"r-UDiskId\"}",
    )
    .await;
    #[allow(unused_variables)]
    let out = client
        .delete_compshare_disk()
        .zone("z-1")
        .project_id("p-1")
        .organization_id(7)
        .top_organization_id(7)
        .u_disk_id("s-UDiskId")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DeleteCompshareDisk"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("OrganizationID", "7"),
            ("TopOrganizationID", "7"),
            ("UDiskId", "s-UDiskId"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(Some(out.u_disk_id.as_str()), Some("r-UDiskId"));
}

#[tokio::test]
async fn describe_available_comp_share_instance_types() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeAvailableCompShareInstanceTypesResponse\", \"AvailableInstanceTypes\": [{\"CpuPlatforms\": {\"Amd\": [\"r-Amd\"], \"Ampere\": [\"r-Ampere\"], \"Intel\": [\"r-Intel\"]}, \"Disks\": [{\"BootDisk\": [{\"Features\": [\"r-Features\"], \"InstantResize\": \"true\", \"MaximalSize\": \"7\", \"Name\": \"CLOUD_NORMAL\"}], \"DataDisk\": [{\"Features\": [\"r-Features\"], \"MaximalSize\": \"7\", \"MinimalSize\": \"7\", \"Name\": \"CLOUD_NORMAL\"}], \"Name\": \"r-Name\"}], \"Features\": [{\"Modes\": [{\"MinimalCpuPlatform\": [\"r-MinimalCpuPlatform\"], \"Name\": \"r-Name\", \"RelatedToImageFeature\": [\"r-RelatedToImageFeature\"]}], \"Name\": \"r-Name\"}], \"GraphicsMemory\": {\"Rate\": \"7\", \"Value\": \"7\"}, \"InstanceType\": \"uhost\", \"MachineClass\": \"GPU\", \"MachineSizes\": [{\"Collection\": [{\"Cpu\": \"7\", \"Memory\": [\"7\"], \"MinimalCpuPlatform\": [\"r-MinimalCpuPlatform\"]}], \"Gpu\": \"7\"}], \"Name\": \"r-Name\", \"ParentType\": \"r-ParentType\", \"Performance\": {\"Rate\": \"7\", \"Value\": 2.5}, \"Status\": \"r-Status\", \"Zone\": \"r-Zone\"}], \"Status\": \"r-Status\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_available_comp_share_instance_types()
        .zone("z-1")
        .project_id("p-1")
        .machine_types(["a-MachineTypes", "b-MachineTypes"])
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeAvailableCompShareInstanceTypes"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("MachineTypes.0", "a-MachineTypes"),
            ("MachineTypes.1", "b-MachineTypes"),
        ],
    );
    assert_eq!(out.available_instance_types.len(), 1);
    assert_eq!(
        Some(out.available_instance_types[0].instance_type.as_str()),
        Some("uhost")
    );
    assert_eq!(
        out.available_instance_types[0]
            .machine_class
            .as_ref()
            .map(|v| v.as_str()),
        Some("GPU")
    );
    assert_eq!(
        out.available_instance_types[0].name.as_deref(),
        Some("r-Name")
    );
    assert_eq!(
        out.available_instance_types[0].parent_type.as_deref(),
        Some("r-ParentType")
    );
    assert_eq!(
        out.available_instance_types[0].status.as_deref(),
        Some("r-Status")
    );
    assert_eq!(
        out.available_instance_types[0].zone.as_deref(),
        Some("r-Zone")
    );
    assert_eq!(out.status.as_deref(), Some("r-Status"));
}

#[tokio::test]
async fn describe_community_images() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeCommunityImagesResponse\", \"ImageSet\": [{\"AuthInfo\": \"7\", \"Author\": \"r-Author\", \"AutoStart\": \"true\", \"CompShareImageId\": \"r-CompShareImageId\", \"Container\": \"True\", \"Cover\": \"r-Cover\", \"CreateTime\": \"7\", \"CreatedCount\": \"7\", \"Description\": \"r-Description\", \"FailedReason\": \"r-FailedReason\", \"FavoritesCount\": \"7\", \"GroupId\": \"r-GroupId\", \"ImageCharge\": \"true\", \"ImageOwnerAlias\": \"Official\", \"ImageType\": \"System\", \"ImageUseTime\": \"7\", \"IsOfficial\": \"true\", \"Name\": \"r-Name\", \"Owner\": {\"AccountId\": \"r-AccountId\", \"AccountName\": \"r-AccountName\"}, \"Price\": 2.5, \"PubTime\": \"7\", \"Readme\": \"r-Readme\", \"Size\": \"7\", \"Softwares\": {\"Applications\": [\"r-Applications\"], \"CUDAVersion\": \"r-CUDAVersion\", \"Framework\": \"r-Framework\", \"FrameworkVersion\": \"r-FrameworkVersion\"}, \"SourceGpuType\": \"r-SourceGpuType\", \"Status\": \"Making\", \"Tags\": [\"r-Tags\"], \"VersionDesc\": \"r-VersionDesc\", \"VersionName\": \"r-VersionName\", \"Visibility\": \"7\"}], \"TotalCount\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_community_images()
        .zone("z-1")
        .project_id("p-1")
        .author("s-Author")
        .comp_share_image_id("s-CompShareImageId")
        .limit(7)
        .name("s-Name")
        .offset(7)
        .sort_condition(SortCondition {
            field: Some("Favor".into()),
            asc: Some(true),
        })
        .tag("s-Tag")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeCommunityImages"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Author", "s-Author"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("Limit", "7"),
            ("Name", "s-Name"),
            ("Offset", "7"),
            ("SortCondition.Field", "Favor"),
            ("SortCondition.ASC", "true"),
            ("Tag", "s-Tag"),
        ],
    );
    assert_eq!(out.image_set.len(), 1);
    assert_eq!(out.image_set[0].auth_info, Some(7));
    assert_eq!(out.image_set[0].author.as_deref(), Some("r-Author"));
    assert_eq!(out.image_set[0].auto_start, Some(true));
    assert_eq!(
        out.image_set[0].comp_share_image_id.as_deref(),
        Some("r-CompShareImageId")
    );
    assert_eq!(out.image_set[0].container, Some(true));
    assert_eq!(out.image_set[0].cover.as_deref(), Some("r-Cover"));
    assert_eq!(out.image_set[0].create_time, Some(7));
    assert_eq!(out.image_set[0].created_count, Some(7));
    assert_eq!(
        out.image_set[0].description.as_deref(),
        Some("r-Description")
    );
    assert_eq!(
        out.image_set[0].failed_reason.as_deref(),
        Some("r-FailedReason")
    );
    assert_eq!(out.image_set[0].favorites_count, Some(7));
    assert_eq!(out.image_set[0].group_id.as_deref(), Some("r-GroupId"));
    assert_eq!(out.image_set[0].image_charge, Some(true));
    assert_eq!(
        out.image_set[0]
            .image_owner_alias
            .as_ref()
            .map(|v| v.as_str()),
        Some("Official")
    );
    assert_eq!(
        out.image_set[0].image_type.as_ref().map(|v| v.as_str()),
        Some("System")
    );
    assert_eq!(out.image_set[0].image_use_time, Some(7));
    assert_eq!(out.image_set[0].is_official, Some(true));
    assert_eq!(out.image_set[0].name.as_deref(), Some("r-Name"));
    assert_eq!(out.image_set[0].price, Some(2.5));
    assert_eq!(out.image_set[0].pub_time, Some(7));
    assert_eq!(out.image_set[0].readme.as_deref(), Some("r-Readme"));
    assert_eq!(out.image_set[0].size, Some(7));
    assert_eq!(
        out.image_set[0].source_gpu_type.as_deref(),
        Some("r-SourceGpuType")
    );
    assert_eq!(
        out.image_set[0].status.as_ref().map(|v| v.as_str()),
        Some("Making")
    );
    assert_eq!(
        out.image_set[0].version_desc.as_deref(),
        Some("r-VersionDesc")
    );
    assert_eq!(
        out.image_set[0].version_name.as_deref(),
        Some("r-VersionName")
    );
    assert_eq!(out.image_set[0].visibility, Some(7));
    assert_eq!(out.total_count, Some(7));
}

#[tokio::test]
async fn describe_comp_share_custom_images() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeCompShareCustomImagesResponse\", \"ImageSet\": [{\"AuthInfo\": \"7\", \"Author\": \"r-Author\", \"AutoStart\": \"true\", \"CompShareImageId\": \"r-CompShareImageId\", \"Container\": \"True\", \"Cover\": \"r-Cover\", \"CreateTime\": \"7\", \"CreatedCount\": \"7\", \"Description\": \"r-Description\", \"FailedReason\": \"r-FailedReason\", \"FavoritesCount\": \"7\", \"GroupId\": \"r-GroupId\", \"ImageCharge\": \"true\", \"ImageOwnerAlias\": \"Official\", \"ImageType\": \"System\", \"ImageUseTime\": \"7\", \"IsOfficial\": \"true\", \"Name\": \"r-Name\", \"Owner\": {\"AccountId\": \"r-AccountId\", \"AccountName\": \"r-AccountName\"}, \"Price\": 2.5, \"PubTime\": \"7\", \"Readme\": \"r-Readme\", \"Size\": \"7\", \"Softwares\": {\"Applications\": [\"r-Applications\"], \"CUDAVersion\": \"r-CUDAVersion\", \"Framework\": \"r-Framework\", \"FrameworkVersion\": \"r-FrameworkVersion\"}, \"SourceGpuType\": \"r-SourceGpuType\", \"Status\": \"Making\", \"Tags\": [\"r-Tags\"], \"VersionDesc\": \"r-VersionDesc\", \"VersionName\": \"r-VersionName\", \"Visibility\": \"7\"}], \"TotalCount\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_comp_share_custom_images()
        .zone("z-1")
        .project_id("p-1")
        .comp_share_image_id("s-CompShareImageId")
        .limit(7)
        .offset(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeCompShareCustomImages"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("Limit", "7"),
            ("Offset", "7"),
        ],
    );
    assert_eq!(out.image_set.len(), 1);
    assert_eq!(out.image_set[0].auth_info, Some(7));
    assert_eq!(out.image_set[0].author.as_deref(), Some("r-Author"));
    assert_eq!(out.image_set[0].auto_start, Some(true));
    assert_eq!(
        out.image_set[0].comp_share_image_id.as_deref(),
        Some("r-CompShareImageId")
    );
    assert_eq!(out.image_set[0].container, Some(true));
    assert_eq!(out.image_set[0].cover.as_deref(), Some("r-Cover"));
    assert_eq!(out.image_set[0].create_time, Some(7));
    assert_eq!(out.image_set[0].created_count, Some(7));
    assert_eq!(
        out.image_set[0].description.as_deref(),
        Some("r-Description")
    );
    assert_eq!(
        out.image_set[0].failed_reason.as_deref(),
        Some("r-FailedReason")
    );
    assert_eq!(out.image_set[0].favorites_count, Some(7));
    assert_eq!(out.image_set[0].group_id.as_deref(), Some("r-GroupId"));
    assert_eq!(out.image_set[0].image_charge, Some(true));
    assert_eq!(
        out.image_set[0]
            .image_owner_alias
            .as_ref()
            .map(|v| v.as_str()),
        Some("Official")
    );
    assert_eq!(
        out.image_set[0].image_type.as_ref().map(|v| v.as_str()),
        Some("System")
    );
    assert_eq!(out.image_set[0].image_use_time, Some(7));
    assert_eq!(out.image_set[0].is_official, Some(true));
    assert_eq!(out.image_set[0].name.as_deref(), Some("r-Name"));
    assert_eq!(out.image_set[0].price, Some(2.5));
    assert_eq!(out.image_set[0].pub_time, Some(7));
    assert_eq!(out.image_set[0].readme.as_deref(), Some("r-Readme"));
    assert_eq!(out.image_set[0].size, Some(7));
    assert_eq!(
        out.image_set[0].source_gpu_type.as_deref(),
        Some("r-SourceGpuType")
    );
    assert_eq!(
        out.image_set[0].status.as_ref().map(|v| v.as_str()),
        Some("Making")
    );
    assert_eq!(
        out.image_set[0].version_desc.as_deref(),
        Some("r-VersionDesc")
    );
    assert_eq!(
        out.image_set[0].version_name.as_deref(),
        Some("r-VersionName")
    );
    assert_eq!(out.image_set[0].visibility, Some(7));
    assert_eq!(out.total_count, Some(7));
}

#[tokio::test]
async fn describe_comp_share_gpu_inventory() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeCompShareGpuInventoryResponse\", \"GpuInventoryByZone\": {\"Exclusive\": {\"10027\": {\"4090\": 3}}}, \"SpotUnsupportedGpuTypes\": [\"r-SpotUnsupportedGpuTypes\"], \"UpdateTime\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_comp_share_gpu_inventory()
        .zone("z-1")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeCompShareGpuInventory"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-client"),
        ],
    );
    assert!(
        out.gpu_inventory_by_zone
            .as_ref()
            .unwrap()
            .as_str()
            .contains("10027")
    );
    assert_eq!(out.spot_unsupported_gpu_types.len(), 1);
    assert_eq!(out.update_time, Some(7));
}

#[tokio::test]
async fn describe_comp_share_image_share_accounts() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeCompShareImageShareAccountsResponse\", \"AccountSet\": [{\"AccountId\": \"r-AccountId\", \"AccountName\": \"r-AccountName\"}]}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_comp_share_image_share_accounts()
        .project_id("p-1")
        .comp_share_image_id("s-CompShareImageId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeCompShareImageShareAccounts"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("CompShareImageId", "s-CompShareImageId"),
        ],
    );
    assert_eq!(out.account_set.len(), 1);
    assert_eq!(
        out.account_set[0].account_id.as_deref(),
        Some("r-AccountId")
    );
    assert_eq!(
        out.account_set[0].account_name.as_deref(),
        Some("r-AccountName")
    );
}

#[tokio::test]
async fn describe_comp_share_image_tags() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeCompShareImageTagsResponse\", \"Tags\": [\"r-Tags\"]}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_comp_share_image_tags()
        .zone("z-1")
        .project_id("p-1")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeCompShareImageTags"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
        ],
    );
    assert_eq!(out.tags.len(), 1);
}

#[tokio::test]
async fn describe_comp_share_images() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeCompShareImagesResponse\", \"ImageSet\": [{\"AuthInfo\": \"7\", \"Author\": \"r-Author\", \"AutoStart\": \"true\", \"CompShareImageId\": \"r-CompShareImageId\", \"Container\": \"True\", \"Cover\": \"r-Cover\", \"CreateTime\": \"7\", \"CreatedCount\": \"7\", \"Description\": \"r-Description\", \"FailedReason\": \"r-FailedReason\", \"FavoritesCount\": \"7\", \"GroupId\": \"r-GroupId\", \"ImageCharge\": \"true\", \"ImageOwnerAlias\": \"Official\", \"ImageType\": \"System\", \"ImageUseTime\": \"7\", \"IsOfficial\": \"true\", \"Name\": \"r-Name\", \"Owner\": {\"AccountId\": \"r-AccountId\", \"AccountName\": \"r-AccountName\"}, \"Price\": 2.5, \"PubTime\": \"7\", \"Readme\": \"r-Readme\", \"Size\": \"7\", \"Softwares\": {\"Applications\": [\"r-Applications\"], \"CUDAVersion\": \"r-CUDAVersion\", \"Framework\": \"r-Framework\", \"FrameworkVersion\": \"r-FrameworkVersion\"}, \"SourceGpuType\": \"r-SourceGpuType\", \"Status\": \"Making\", \"Tags\": [\"r-Tags\"], \"VersionDesc\": \"r-VersionDesc\", \"VersionName\": \"r-VersionName\", \"Visibility\": \"7\"}], \"TotalCount\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_comp_share_images()
        .zone("z-1")
        .project_id("p-1")
        .author("s-Author")
        .comp_share_image_id("s-CompShareImageId")
        .image_type("System")
        .limit(7)
        .name("s-Name")
        .offset(7)
        .tag("s-Tag")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeCompShareImages"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Author", "s-Author"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("ImageType", "System"),
            ("Limit", "7"),
            ("Name", "s-Name"),
            ("Offset", "7"),
            ("Tag", "s-Tag"),
        ],
    );
    assert_eq!(out.image_set.len(), 1);
    assert_eq!(out.image_set[0].auth_info, Some(7));
    assert_eq!(out.image_set[0].author.as_deref(), Some("r-Author"));
    assert_eq!(out.image_set[0].auto_start, Some(true));
    assert_eq!(
        out.image_set[0].comp_share_image_id.as_deref(),
        Some("r-CompShareImageId")
    );
    assert_eq!(out.image_set[0].container, Some(true));
    assert_eq!(out.image_set[0].cover.as_deref(), Some("r-Cover"));
    assert_eq!(out.image_set[0].create_time, Some(7));
    assert_eq!(out.image_set[0].created_count, Some(7));
    assert_eq!(
        out.image_set[0].description.as_deref(),
        Some("r-Description")
    );
    assert_eq!(
        out.image_set[0].failed_reason.as_deref(),
        Some("r-FailedReason")
    );
    assert_eq!(out.image_set[0].favorites_count, Some(7));
    assert_eq!(out.image_set[0].group_id.as_deref(), Some("r-GroupId"));
    assert_eq!(out.image_set[0].image_charge, Some(true));
    assert_eq!(
        out.image_set[0]
            .image_owner_alias
            .as_ref()
            .map(|v| v.as_str()),
        Some("Official")
    );
    assert_eq!(
        out.image_set[0].image_type.as_ref().map(|v| v.as_str()),
        Some("System")
    );
    assert_eq!(out.image_set[0].image_use_time, Some(7));
    assert_eq!(out.image_set[0].is_official, Some(true));
    assert_eq!(out.image_set[0].name.as_deref(), Some("r-Name"));
    assert_eq!(out.image_set[0].price, Some(2.5));
    assert_eq!(out.image_set[0].pub_time, Some(7));
    assert_eq!(out.image_set[0].readme.as_deref(), Some("r-Readme"));
    assert_eq!(out.image_set[0].size, Some(7));
    assert_eq!(
        out.image_set[0].source_gpu_type.as_deref(),
        Some("r-SourceGpuType")
    );
    assert_eq!(
        out.image_set[0].status.as_ref().map(|v| v.as_str()),
        Some("Making")
    );
    assert_eq!(
        out.image_set[0].version_desc.as_deref(),
        Some("r-VersionDesc")
    );
    assert_eq!(
        out.image_set[0].version_name.as_deref(),
        Some("r-VersionName")
    );
    assert_eq!(out.image_set[0].visibility, Some(7));
    assert_eq!(out.total_count, Some(7));
}

#[tokio::test]
async fn describe_comp_share_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeCompShareInstanceResponse\", \"TotalCount\": \"7\", \"UHostSet\": [{\"AutoRenew\": \"Yes\", \"CPU\": \"7\", \"ChargeType\": \"Year\", \"CompShareImageBillId\": \"r-CompShareImageBillId\", \"CompShareImageId\": \"r-CompShareImageId\", \"CompShareImageName\": \"r-CompShareImageName\", \"CompShareImageOwnerAlias\": \"Official\", \"CompShareImagePrice\": 2.5, \"CompShareImageStatus\": \"Making\", \"CompShareImageType\": \"System\", \"CpuArch\": \"r-CpuArch\", \"CpuPlatform\": \"Intel/Auto\", \"CreateTime\": \"7\", \"DiscountType\": \"7\", \"DiskPriceInfo\": [{\"ChargeType\": \"Year\", \"IsBoot\": \"true\", \"Price\": 2.5}], \"DiskSet\": [{\"BackupType\": \"r-BackupType\", \"DiskId\": \"r-DiskId\", \"DiskType\": \"CLOUD_NORMAL\", \"Drive\": \"r-Drive\", \"Encrypted\": \"true\", \"IsBoot\": \"True\", \"Name\": \"r-Name\", \"Size\": \"7\", \"Type\": \"Boot\"}], \"ExpireTime\": \"7\", \"GPU\": \"7\", \"GpuType\": \"K80\", \"GraphicsMemory\": {\"Rate\": \"7\", \"Value\": \"7\"}, \"HostIp\": \"r-HostIp\", \"HugepageCfg\": \"r-HugepageCfg\", \"IPSet\": [{\"Bandwidth\": \"7\", \"Default\": \"r-Default\", \"IP\": \"r-IP\", \"IPId\": \"r-IPId\", \"IPMode\": \"IPv4\", \"Mac\": \"r-Mac\", \"NetworkInterfaceId\": \"r-NetworkInterfaceId\", \"SubnetId\": \"r-SubnetId\", \"Type\": \"r-Type\", \"VPCId\": \"r-VPCId\", \"Weight\": \"7\"}], \"InstancePrice\": 2.5, \"InstanceType\": \"UHost\", \"IsExpire\": \"Yes\", \"MachineType\": \"N\", \"Memory\": \"7\", \"MonitorMessages\": {\"CpuUsageRate\": \"r-CpuUsageRate\", \"GpuInfo\": [{\"GPU\": \"r-GPU\", \"GpuUsageRate\": \"r-GpuUsageRate\", \"MemoryUsageRate\": \"r-MemoryUsageRate\"}], \"MemUsageRate\": \"r-MemUsageRate\"}, \"Name\": \"r-Name\", \"OsName\": \"r-OsName\", \"OsType\": \"Linux\", \"Password\": \"r-Password\", \"PodId\": \"r-PodId\", \"PostPayPowerOffBillingResource\": [{\"ChargeType\": \"Year\", \"IsBoot\": \"true\", \"Price\": 2.5}], \"PostPayShutdown\": \"true\", \"QemuFullVersion\": \"r-QemuFullVersion\", \"QemuVersion\": \"r-QemuVersion\", \"ReleaseTime\": \"7\", \"Remark\": \"r-Remark\", \"SetId\": \"7\", \"Softwares\": [{\"Name\": \"r-Name\", \"URL\": \"r-URL\"}], \"SshLoginCommand\": \"r-SshLoginCommand\", \"StartTime\": \"7\", \"State\": \"Initializing\", \"StopSchedulerTime\": \"7\", \"StopTime\": \"7\", \"SupportWithoutGpuStart\": \"true\", \"Tag\": \"r-Tag\", \"TotalDiskSpace\": \"7\", \"UHostId\": \"r-UHostId\", \"UUID\": \"r-UUID\", \"UpdateTime\": \"7\", \"WithoutGpuSpec\": {\"Cpu\": \"7\", \"Gpu\": \"7\", \"Memory\": \"7\"}, \"Zone\": \"r-Zone\"}]}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_comp_share_instance()
        .zone("z-1")
        .project_id("p-1")
        .limit(7)
        .offset(7)
        .u_host_ids(["a-UHostIds", "b-UHostIds"])
        .without_gpu(true)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeCompShareInstance"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Limit", "7"),
            ("Offset", "7"),
            ("UHostIds.0", "a-UHostIds"),
            ("UHostIds.1", "b-UHostIds"),
            ("WithoutGpu", "true"),
        ],
    );
    assert_eq!(out.total_count, 7);
    assert_eq!(out.u_host_set.len(), 1);
    assert_eq!(
        out.u_host_set[0].auto_renew.as_ref().map(|v| v.as_str()),
        Some("Yes")
    );
    assert_eq!(out.u_host_set[0].cpu, Some(7));
    assert_eq!(
        out.u_host_set[0].charge_type.as_ref().map(|v| v.as_str()),
        Some("Year")
    );
    assert_eq!(
        out.u_host_set[0].comp_share_image_bill_id.as_deref(),
        Some("r-CompShareImageBillId")
    );
    assert_eq!(
        out.u_host_set[0].comp_share_image_id.as_deref(),
        Some("r-CompShareImageId")
    );
    assert_eq!(
        out.u_host_set[0].comp_share_image_name.as_deref(),
        Some("r-CompShareImageName")
    );
    assert_eq!(
        out.u_host_set[0]
            .comp_share_image_owner_alias
            .as_ref()
            .map(|v| v.as_str()),
        Some("Official")
    );
    assert_eq!(out.u_host_set[0].comp_share_image_price, Some(2.5));
    assert_eq!(
        out.u_host_set[0]
            .comp_share_image_status
            .as_ref()
            .map(|v| v.as_str()),
        Some("Making")
    );
    assert_eq!(
        out.u_host_set[0]
            .comp_share_image_type
            .as_ref()
            .map(|v| v.as_str()),
        Some("System")
    );
    assert_eq!(out.u_host_set[0].cpu_arch.as_deref(), Some("r-CpuArch"));
    assert_eq!(
        out.u_host_set[0].cpu_platform.as_ref().map(|v| v.as_str()),
        Some("Intel/Auto")
    );
    assert_eq!(out.u_host_set[0].create_time, Some(7));
    assert_eq!(out.u_host_set[0].discount_type, Some(7));
    assert_eq!(out.u_host_set[0].expire_time, Some(7));
    assert_eq!(out.u_host_set[0].gpu, Some(7));
    assert_eq!(
        out.u_host_set[0].gpu_type.as_ref().map(|v| v.as_str()),
        Some("K80")
    );
    assert_eq!(out.u_host_set[0].host_ip.as_deref(), Some("r-HostIp"));
    assert_eq!(
        out.u_host_set[0].hugepage_cfg.as_deref(),
        Some("r-HugepageCfg")
    );
    assert_eq!(out.u_host_set[0].instance_price, Some(2.5));
    assert_eq!(
        out.u_host_set[0].instance_type.as_ref().map(|v| v.as_str()),
        Some("UHost")
    );
    assert_eq!(
        out.u_host_set[0].is_expire.as_ref().map(|v| v.as_str()),
        Some("Yes")
    );
    assert_eq!(
        out.u_host_set[0].machine_type.as_ref().map(|v| v.as_str()),
        Some("N")
    );
    assert_eq!(out.u_host_set[0].memory, Some(7));
    assert_eq!(out.u_host_set[0].name.as_deref(), Some("r-Name"));
    assert_eq!(out.u_host_set[0].os_name.as_deref(), Some("r-OsName"));
    assert_eq!(
        out.u_host_set[0].os_type.as_ref().map(|v| v.as_str()),
        Some("Linux")
    );
    assert_eq!(
        out.u_host_set[0].password.as_ref().map(|v| v.expose()),
        Some("r-Password")
    );
    assert_eq!(out.u_host_set[0].pod_id.as_deref(), Some("r-PodId"));
    assert_eq!(out.u_host_set[0].post_pay_shutdown, Some(true));
    assert_eq!(
        out.u_host_set[0].qemu_full_version.as_deref(),
        Some("r-QemuFullVersion")
    );
    assert_eq!(
        out.u_host_set[0].qemu_version.as_deref(),
        Some("r-QemuVersion")
    );
    assert_eq!(out.u_host_set[0].release_time, Some(7));
    assert_eq!(out.u_host_set[0].remark.as_deref(), Some("r-Remark"));
    assert_eq!(out.u_host_set[0].set_id, Some(7));
    assert_eq!(
        out.u_host_set[0].ssh_login_command.as_deref(),
        Some("r-SshLoginCommand")
    );
    assert_eq!(out.u_host_set[0].start_time, Some(7));
    assert_eq!(
        out.u_host_set[0].state.as_ref().map(|v| v.as_str()),
        Some("Initializing")
    );
    assert_eq!(out.u_host_set[0].stop_scheduler_time, Some(7));
    assert_eq!(out.u_host_set[0].stop_time, Some(7));
    assert_eq!(out.u_host_set[0].support_without_gpu_start, Some(true));
    assert_eq!(out.u_host_set[0].tag.as_deref(), Some("r-Tag"));
    assert_eq!(out.u_host_set[0].total_disk_space, Some(7));
    assert_eq!(out.u_host_set[0].u_host_id.as_deref(), Some("r-UHostId"));
    assert_eq!(out.u_host_set[0].uuid.as_deref(), Some("r-UUID"));
    assert_eq!(out.u_host_set[0].update_time, Some(7));
    assert_eq!(out.u_host_set[0].zone.as_deref(), Some("r-Zone"));
}

#[tokio::test]
async fn describe_comp_share_machine_type_families() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeCompShareMachineTypeFamiliesResponse\", \"MachineTypes\": [\"r-MachineTypes\"]}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_comp_share_machine_type_families()
        .project_id("p-1")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeCompShareMachineTypeFamilies"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
        ],
    );
    assert_eq!(out.machine_types.len(), 1);
}

#[tokio::test]
async fn describe_comp_share_sharing_images() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeCompShareSharingImagesResponse\", \"ImageSet\": [{\"AuthInfo\": \"7\", \"Author\": \"r-Author\", \"AutoStart\": \"true\", \"CompShareImageId\": \"r-CompShareImageId\", \"Container\": \"True\", \"Cover\": \"r-Cover\", \"CreateTime\": \"7\", \"CreatedCount\": \"7\", \"Description\": \"r-Description\", \"FailedReason\": \"r-FailedReason\", \"FavoritesCount\": \"7\", \"GroupId\": \"r-GroupId\", \"ImageCharge\": \"true\", \"ImageOwnerAlias\": \"Official\", \"ImageType\": \"System\", \"ImageUseTime\": \"7\", \"IsOfficial\": \"true\", \"Name\": \"r-Name\", \"Owner\": {\"AccountId\": \"r-AccountId\", \"AccountName\": \"r-AccountName\"}, \"Price\": 2.5, \"PubTime\": \"7\", \"Readme\": \"r-Readme\", \"Size\": \"7\", \"Softwares\": {\"Applications\": [\"r-Applications\"], \"CUDAVersion\": \"r-CUDAVersion\", \"Framework\": \"r-Framework\", \"FrameworkVersion\": \"r-FrameworkVersion\"}, \"SourceGpuType\": \"r-SourceGpuType\", \"Status\": \"Making\", \"Tags\": [\"r-Tags\"], \"VersionDesc\": \"r-VersionDesc\", \"VersionName\": \"r-VersionName\", \"Visibility\": \"7\"}], \"TotalCount\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_comp_share_sharing_images()
        .zone("z-1")
        .project_id("p-1")
        .comp_share_image_id("s-CompShareImageId")
        .limit(7)
        .offset(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeCompShareSharingImages"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("Limit", "7"),
            ("Offset", "7"),
        ],
    );
    assert_eq!(out.image_set.len(), 1);
    assert_eq!(out.image_set[0].auth_info, Some(7));
    assert_eq!(out.image_set[0].author.as_deref(), Some("r-Author"));
    assert_eq!(out.image_set[0].auto_start, Some(true));
    assert_eq!(
        out.image_set[0].comp_share_image_id.as_deref(),
        Some("r-CompShareImageId")
    );
    assert_eq!(out.image_set[0].container, Some(true));
    assert_eq!(out.image_set[0].cover.as_deref(), Some("r-Cover"));
    assert_eq!(out.image_set[0].create_time, Some(7));
    assert_eq!(out.image_set[0].created_count, Some(7));
    assert_eq!(
        out.image_set[0].description.as_deref(),
        Some("r-Description")
    );
    assert_eq!(
        out.image_set[0].failed_reason.as_deref(),
        Some("r-FailedReason")
    );
    assert_eq!(out.image_set[0].favorites_count, Some(7));
    assert_eq!(out.image_set[0].group_id.as_deref(), Some("r-GroupId"));
    assert_eq!(out.image_set[0].image_charge, Some(true));
    assert_eq!(
        out.image_set[0]
            .image_owner_alias
            .as_ref()
            .map(|v| v.as_str()),
        Some("Official")
    );
    assert_eq!(
        out.image_set[0].image_type.as_ref().map(|v| v.as_str()),
        Some("System")
    );
    assert_eq!(out.image_set[0].image_use_time, Some(7));
    assert_eq!(out.image_set[0].is_official, Some(true));
    assert_eq!(out.image_set[0].name.as_deref(), Some("r-Name"));
    assert_eq!(out.image_set[0].price, Some(2.5));
    assert_eq!(out.image_set[0].pub_time, Some(7));
    assert_eq!(out.image_set[0].readme.as_deref(), Some("r-Readme"));
    assert_eq!(out.image_set[0].size, Some(7));
    assert_eq!(
        out.image_set[0].source_gpu_type.as_deref(),
        Some("r-SourceGpuType")
    );
    assert_eq!(
        out.image_set[0].status.as_ref().map(|v| v.as_str()),
        Some("Making")
    );
    assert_eq!(
        out.image_set[0].version_desc.as_deref(),
        Some("r-VersionDesc")
    );
    assert_eq!(
        out.image_set[0].version_name.as_deref(),
        Some("r-VersionName")
    );
    assert_eq!(out.image_set[0].visibility, Some(7));
    assert_eq!(out.total_count, 7);
}

#[tokio::test]
async fn describe_comp_share_software_port() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeCompShareSoftwarePortResponse\", \"SoftwarePort\": [{\"Port\": \"7\", \"Software\": \"r-Software\"}]}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_comp_share_software_port()
        .project_id("p-1")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeCompShareSoftwarePort"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
        ],
    );
    assert_eq!(out.software_port.len(), 1);
    assert_eq!(out.software_port[0].port, Some(7));
    assert_eq!(out.software_port[0].software.as_deref(), Some("r-Software"));
}

#[tokio::test]
async fn describe_comp_share_support_zone() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeCompShareSupportZoneResponse\", \"ZoneInfo\": [{\"Describe\": \"r-Describe\", \"Region\": \"r-Region\", \"RegionId\": \"7\", \"Zone\": \"r-Zone\", \"ZoneId\": \"7\"}]}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_comp_share_support_zone()
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeCompShareSupportZone"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-client"),
        ],
    );
    assert_eq!(out.zone_info.len(), 1);
    assert_eq!(out.zone_info[0].describe.as_deref(), Some("r-Describe"));
    assert_eq!(out.zone_info[0].region.as_deref(), Some("r-Region"));
    assert_eq!(out.zone_info[0].region_id, Some(7));
    assert_eq!(out.zone_info[0].zone.as_deref(), Some("r-Zone"));
    assert_eq!(out.zone_info[0].zone_id, Some(7));
}

#[tokio::test]
async fn describe_model_repository_models() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeModelRepositoryModelsResponse\", \"Models\": [{\"CreateTime\": \"7\", \"Name\": \"r-Name\", \"Path\": \"r-Path\", \"Size\": \"r-Size\", \"Tag\": \"r-Tag\"}]}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_model_repository_models()
        .zone("z-1")
        .name("s-Name")
        .tags("s-Tags")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeModelRepositoryModels"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-client"),
            ("Name", "s-Name"),
            ("Tags", "s-Tags"),
        ],
    );
    assert_eq!(out.models.len(), 1);
    assert_eq!(out.models[0].create_time, Some(7));
    assert_eq!(out.models[0].name.as_deref(), Some("r-Name"));
    assert_eq!(out.models[0].path.as_deref(), Some("r-Path"));
    assert_eq!(out.models[0].size.as_deref(), Some("r-Size"));
    assert_eq!(out.models[0].tag.as_deref(), Some("r-Tag"));
}

#[tokio::test]
async fn describe_model_repository_tags() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeModelRepositoryTagsResponse\", \"Tags\": [\"r-Tags\"]}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_model_repository_tags()
        .zone("z-1")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeModelRepositoryTags"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-client"),
        ],
    );
    assert_eq!(out.tags.len(), 1);
}

#[tokio::test]
async fn describe_self_community_images() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeSelfCommunityImagesResponse\", \"AvailableTotalCount\": \"7\", \"ImageSetGroup\": [{\"CreatedCount\": \"7\", \"Data\": [{\"AuthInfo\": \"7\", \"Author\": \"r-Author\", \"AutoStart\": \"true\", \"CompShareImageId\": \"r-CompShareImageId\", \"Container\": \"True\", \"Cover\": \"r-Cover\", \"CreateTime\": \"7\", \"CreatedCount\": \"7\", \"Description\": \"r-Description\", \"FailedReason\": \"r-FailedReason\", \"FavoritesCount\": \"7\", \"GroupId\": \"r-GroupId\", \"ImageCharge\": \"true\", \"ImageOwnerAlias\": \"Official\", \"ImageType\": \"System\", \"ImageUseTime\": \"7\", \"IsOfficial\": \"true\", \"Name\": \"r-Name\", \"Owner\": {\"AccountId\": \"r-AccountId\", \"AccountName\": \"r-AccountName\"}, \"Price\": 2.5, \"PubTime\": \"7\", \"Readme\": \"r-Readme\", \"Size\": \"7\", \"Softwares\": {\"Applications\": [\"r-Applications\"], \"CUDAVersion\": \"r-CUDAVersion\", \"Framework\": \"r-Framework\", \"FrameworkVersion\": \"r-FrameworkVersion\"}, \"SourceGpuType\": \"r-SourceGpuType\", \"Status\": \"Making\", \"Tags\": [\"r-Tags\"], \"VersionDesc\": \"r-VersionDesc\", \"VersionName\": \"r-VersionName\", \"Visibility\": \"7\"}], \"FavoritesCount\": \"7\", \"GroupId\": \"r-GroupId\", \"ImageDesc\": \"r-ImageDesc\", \"ImageName\": \"r-ImageName\", \"ImageUseTime\": \"7\", \"IsFavorite\": \"true\", \"RecommendCount\": \"7\", \"Status\": \"Making\"}], \"TotalCount\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_self_community_images()
        .zone("z-1")
        .project_id("p-1")
        .comp_share_image_id("s-CompShareImageId")
        .group_id("s-GroupId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeSelfCommunityImages"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("GroupId", "s-GroupId"),
        ],
    );
    assert_eq!(out.available_total_count, 7);
    assert_eq!(out.compshare_image_group.len(), 1);
    assert_eq!(out.compshare_image_group[0].created_count, Some(7));
    assert_eq!(out.compshare_image_group[0].favorites_count, Some(7));
    assert_eq!(
        out.compshare_image_group[0].group_id.as_deref(),
        Some("r-GroupId")
    );
    assert_eq!(
        out.compshare_image_group[0].image_desc.as_deref(),
        Some("r-ImageDesc")
    );
    assert_eq!(
        out.compshare_image_group[0].image_name.as_deref(),
        Some("r-ImageName")
    );
    assert_eq!(out.compshare_image_group[0].image_use_time, Some(7));
    assert_eq!(out.compshare_image_group[0].is_favorite, Some(true));
    assert_eq!(out.compshare_image_group[0].recommend_count, Some(7));
    assert_eq!(
        out.compshare_image_group[0]
            .status
            .as_ref()
            .map(|v| v.as_str()),
        Some("Making")
    );
    assert_eq!(out.total_count, 7);
}

#[tokio::test]
async fn describe_team_member_order_count() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeTeamMemberOrderCountResponse\", \"Amount\": \"r-Amount\", \"AmountCoupon\": \"r-AmountCoupon\", \"AmountFree\": \"r-AmountFree\", \"AmountReal\": \"r-AmountReal\", \"TotalCount\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_team_member_order_count()
        .begin_time(7)
        .charge_types("s-ChargeTypes")
        .end_time(7)
        .order_states("s-OrderStates")
        .order_types("s-OrderTypes")
        .regions("s-Regions")
        .resource_types("s-ResourceTypes")
        .team_id(7)
        .virtual_company_id(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeTeamMemberOrderCount"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-client"),
            ("BeginTime", "7"),
            ("ChargeTypes", "s-ChargeTypes"),
            ("EndTime", "7"),
            ("OrderStates", "s-OrderStates"),
            ("OrderTypes", "s-OrderTypes"),
            ("Regions", "s-Regions"),
            ("ResourceTypes", "s-ResourceTypes"),
            ("TeamId", "7"),
            ("VirtualCompanyId", "7"),
        ],
    );
    assert_eq!(Some(out.amount.as_str()), Some("r-Amount"));
    assert_eq!(Some(out.amount_coupon.as_str()), Some("r-AmountCoupon"));
    assert_eq!(Some(out.amount_free.as_str()), Some("r-AmountFree"));
    assert_eq!(Some(out.amount_real.as_str()), Some("r-AmountReal"));
    assert_eq!(out.total_count, 7);
}

#[tokio::test]
async fn describe_team_member_order() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeTeamMemberOrderResponse\", \"Limit\": \"7\", \"Offset\": \"7\", \"OrderInfos\": [{\"Amount\": \"r-Amount\", \"AmountCoupon\": \"r-AmountCoupon\", \"AmountFree\": \"r-AmountFree\", \"AmountReal\": \"r-AmountReal\", \"ChargeType\": \"r-ChargeType\", \"Count\": \"7\", \"CreateTime\": \"7\", \"EndTime\": \"7\", \"OrderDetail\": [{\"ProductName\": \"r-ProductName\", \"Value\": \"r-Value\"}], \"OrderDetailOld\": [{\"ProductName\": \"r-ProductName\", \"Value\": \"r-Value\"}], \"OrderNo\": \"r-OrderNo\", \"OrderState\": \"r-OrderState\", \"OrderType\": \"r-OrderType\", \"OriginalPrice\": \"r-OriginalPrice\", \"ProjectName\": \"r-ProjectName\", \"Quantity\": \"r-Quantity\", \"RegionId\": \"r-RegionId\", \"ResourceId\": \"r-ResourceId\", \"ResourceTag\": [{\"KeyId\": \"r-KeyId\", \"Value\": \"r-Value\"}], \"ResourceType\": \"r-ResourceType\", \"SpotDiscount\": \"r-SpotDiscount\", \"StartTime\": \"7\", \"TradeNo\": \"r-TradeNo\", \"UpdateTime\": \"7\"}], \"Total\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_team_member_order()
        .begin_time(7)
        .charge_types(["a-ChargeTypes", "b-ChargeTypes"])
        .end_time(7)
        .limit(7)
        .offset(7)
        .order_by("s-OrderBy")
        .order_dir("s-OrderDir")
        .order_nos(["a-OrderNos", "b-OrderNos"])
        .order_states(["a-OrderStates", "b-OrderStates"])
        .order_types(["a-OrderTypes", "b-OrderTypes"])
        .regions([1, 2])
        .resource_ids(["a-ResourceIds", "b-ResourceIds"])
        .resource_types([1, 2])
        .team_id(7)
        .virtual_company_id(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeTeamMemberOrder"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-client"),
            ("BeginTime", "7"),
            ("ChargeTypes.0", "a-ChargeTypes"),
            ("ChargeTypes.1", "b-ChargeTypes"),
            ("EndTime", "7"),
            ("Limit", "7"),
            ("Offset", "7"),
            ("OrderBy", "s-OrderBy"),
            ("OrderDir", "s-OrderDir"),
            ("OrderNos.0", "a-OrderNos"),
            ("OrderNos.1", "b-OrderNos"),
            ("OrderStates.0", "a-OrderStates"),
            ("OrderStates.1", "b-OrderStates"),
            ("OrderTypes.0", "a-OrderTypes"),
            ("OrderTypes.1", "b-OrderTypes"),
            ("Regions.0", "1"),
            ("Regions.1", "2"),
            ("ResourceIds.0", "a-ResourceIds"),
            ("ResourceIds.1", "b-ResourceIds"),
            ("ResourceTypes.0", "1"),
            ("ResourceTypes.1", "2"),
            ("TeamId", "7"),
            ("VirtualCompanyId", "7"),
        ],
    );
    assert_eq!(out.limit, 7);
    assert_eq!(out.offset, 7);
    assert_eq!(out.order_infos.len(), 1);
    assert_eq!(out.order_infos[0].amount.as_deref(), Some("r-Amount"));
    assert_eq!(
        out.order_infos[0].amount_coupon.as_deref(),
        Some("r-AmountCoupon")
    );
    assert_eq!(
        out.order_infos[0].amount_free.as_deref(),
        Some("r-AmountFree")
    );
    assert_eq!(
        out.order_infos[0].amount_real.as_deref(),
        Some("r-AmountReal")
    );
    assert_eq!(
        out.order_infos[0].charge_type.as_deref(),
        Some("r-ChargeType")
    );
    assert_eq!(out.order_infos[0].count, Some(7));
    assert_eq!(out.order_infos[0].create_time, Some(7));
    assert_eq!(out.order_infos[0].end_time, Some(7));
    assert_eq!(out.order_infos[0].order_no.as_deref(), Some("r-OrderNo"));
    assert_eq!(
        out.order_infos[0].order_state.as_deref(),
        Some("r-OrderState")
    );
    assert_eq!(
        out.order_infos[0].order_type.as_deref(),
        Some("r-OrderType")
    );
    assert_eq!(
        out.order_infos[0].original_price.as_deref(),
        Some("r-OriginalPrice")
    );
    assert_eq!(
        out.order_infos[0].project_name.as_deref(),
        Some("r-ProjectName")
    );
    assert_eq!(out.order_infos[0].quantity.as_deref(), Some("r-Quantity"));
    assert_eq!(out.order_infos[0].region_id.as_deref(), Some("r-RegionId"));
    assert_eq!(
        out.order_infos[0].resource_id.as_deref(),
        Some("r-ResourceId")
    );
    assert_eq!(
        out.order_infos[0].resource_type.as_deref(),
        Some("r-ResourceType")
    );
    assert_eq!(
        out.order_infos[0].spot_discount.as_deref(),
        Some("r-SpotDiscount")
    );
    assert_eq!(out.order_infos[0].start_time, Some(7));
    assert_eq!(out.order_infos[0].trade_no.as_deref(), Some("r-TradeNo"));
    assert_eq!(out.order_infos[0].update_time, Some(7));
    assert_eq!(out.total, 7);
}

#[tokio::test]
async fn describe_team_member_unpaid_order_count() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeTeamMemberUnpaidOrderCountResponse\", \"Amount\": \"r-Amount\", \"TotalCount\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_team_member_unpaid_order_count()
        .begin_time(7)
        .charge_types(["a-ChargeTypes", "b-ChargeTypes"])
        .end_time(7)
        .order_states(["a-OrderStates", "b-OrderStates"])
        .order_types(["a-OrderTypes", "b-OrderTypes"])
        .organization_id(7)
        .regions([1, 2])
        .resource_ids("s-ResourceIds")
        .resource_types(7)
        .team_id(7)
        .transaction_nos(["a-TransactionNos", "b-TransactionNos"])
        .virtual_company_id(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeTeamMemberUnpaidOrderCount"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-client"),
            ("BeginTime", "7"),
            ("ChargeTypes.0", "a-ChargeTypes"),
            ("ChargeTypes.1", "b-ChargeTypes"),
            ("EndTime", "7"),
            ("OrderStates.0", "a-OrderStates"),
            ("OrderStates.1", "b-OrderStates"),
            ("OrderTypes.0", "a-OrderTypes"),
            ("OrderTypes.1", "b-OrderTypes"),
            ("OrganizationId", "7"),
            ("Regions.0", "1"),
            ("Regions.1", "2"),
            ("ResourceIds", "s-ResourceIds"),
            ("ResourceTypes", "7"),
            ("TeamId", "7"),
            ("TransactionNos.0", "a-TransactionNos"),
            ("TransactionNos.1", "b-TransactionNos"),
            ("VirtualCompanyId", "7"),
        ],
    );
    assert_eq!(Some(out.amount.as_str()), Some("r-Amount"));
    assert_eq!(out.total_count, 7);
}

#[tokio::test]
async fn describe_team_member_unpaid_order() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeTeamMemberUnpaidOrderResponse\", \"Limit\": \"7\", \"Offset\": \"7\", \"OrderInfos\": [{\"Amount\": \"7\", \"ChargeType\": \"r-ChargeType\", \"CreateTime\": \"7\", \"EndTime\": \"7\", \"OrderDetail\": [{\"BillItemId\": \"r-BillItemId\", \"Multiple\": \"7\", \"ProductId\": \"7\", \"PurchaseValue\": \"7\"}], \"OrderNo\": \"r-OrderNo\", \"OrderState\": \"r-OrderState\", \"OrderType\": \"r-OrderType\", \"OriginalPrice\": \"r-OriginalPrice\", \"Quantity\": \"r-Quantity\", \"RegionId\": \"r-RegionId\", \"ResourceId\": \"r-ResourceId\", \"ResourceType\": \"r-ResourceType\", \"StartTime\": \"7\", \"TradeNo\": \"r-TradeNo\", \"UpdateTime\": \"7\"}], \"Total\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_team_member_unpaid_order()
        .begin_time(7)
        .charge_types(["a-ChargeTypes", "b-ChargeTypes"])
        .end_time(7)
        .limit(7)
        .offset(7)
        .order_by("s-OrderBy")
        .order_dir("s-OrderDir")
        .order_nos(["a-OrderNos", "b-OrderNos"])
        .order_states(["a-OrderStates", "b-OrderStates"])
        .order_types(["a-OrderTypes", "b-OrderTypes"])
        .regions([1, 2])
        .resource_ids(["a-ResourceIds", "b-ResourceIds"])
        .resource_types([1, 2])
        .team_id(7)
        .virtual_company_id(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeTeamMemberUnpaidOrder"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-client"),
            ("BeginTime", "7"),
            ("ChargeTypes.0", "a-ChargeTypes"),
            ("ChargeTypes.1", "b-ChargeTypes"),
            ("EndTime", "7"),
            ("Limit", "7"),
            ("Offset", "7"),
            ("OrderBy", "s-OrderBy"),
            ("OrderDir", "s-OrderDir"),
            ("OrderNos.0", "a-OrderNos"),
            ("OrderNos.1", "b-OrderNos"),
            ("OrderStates.0", "a-OrderStates"),
            ("OrderStates.1", "b-OrderStates"),
            ("OrderTypes.0", "a-OrderTypes"),
            ("OrderTypes.1", "b-OrderTypes"),
            ("Regions.0", "1"),
            ("Regions.1", "2"),
            ("ResourceIds.0", "a-ResourceIds"),
            ("ResourceIds.1", "b-ResourceIds"),
            ("ResourceTypes.0", "1"),
            ("ResourceTypes.1", "2"),
            ("TeamId", "7"),
            ("VirtualCompanyId", "7"),
        ],
    );
    assert_eq!(out.limit, 7);
    assert_eq!(out.offset, 7);
    assert_eq!(out.order_infos.len(), 1);
    assert_eq!(out.order_infos[0].amount, Some(7));
    assert_eq!(
        out.order_infos[0].charge_type.as_deref(),
        Some("r-ChargeType")
    );
    assert_eq!(out.order_infos[0].create_time, Some(7));
    assert_eq!(out.order_infos[0].end_time, Some(7));
    assert_eq!(out.order_infos[0].order_no.as_deref(), Some("r-OrderNo"));
    assert_eq!(
        out.order_infos[0].order_state.as_deref(),
        Some("r-OrderState")
    );
    assert_eq!(
        out.order_infos[0].order_type.as_deref(),
        Some("r-OrderType")
    );
    assert_eq!(
        out.order_infos[0].original_price.as_deref(),
        Some("r-OriginalPrice")
    );
    assert_eq!(out.order_infos[0].quantity.as_deref(), Some("r-Quantity"));
    assert_eq!(out.order_infos[0].region_id.as_deref(), Some("r-RegionId"));
    assert_eq!(
        out.order_infos[0].resource_id.as_deref(),
        Some("r-ResourceId")
    );
    assert_eq!(
        out.order_infos[0].resource_type.as_deref(),
        Some("r-ResourceType")
    );
    assert_eq!(out.order_infos[0].start_time, Some(7));
    assert_eq!(out.order_infos[0].trade_no.as_deref(), Some("r-TradeNo"));
    assert_eq!(out.order_infos[0].update_time, Some(7));
    assert_eq!(out.total, 7);
}

#[tokio::test]
async fn describe_ul_host_bundles() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeULHostBundlesResponse\", \"Bundles\": [{\"Bandwidth\": \"7\", \"BundleId\": \"r-BundleId\", \"CPU\": \"7\", \"Memory\": \"7\", \"SysDiskSpace\": \"7\", \"TrafficPacket\": \"7\"}], \"Message\": \"r-Message\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_ul_host_bundles()
        .project_id("p-1")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeULHostBundles"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
        ],
    );
    assert_eq!(out.bundles.len(), 1);
    assert_eq!(out.bundles[0].bandwidth, Some(7));
    assert_eq!(out.bundles[0].bundle_id.as_deref(), Some("r-BundleId"));
    assert_eq!(out.bundles[0].cpu, Some(7));
    assert_eq!(out.bundles[0].memory, Some(7));
    assert_eq!(out.bundles[0].sys_disk_space, Some(7));
    assert_eq!(out.bundles[0].traffic_packet, Some(7));
    assert_eq!(out.message.as_deref(), Some("r-Message"));
}

#[tokio::test]
async fn describe_ul_host_image() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeULHostImageResponse\", \"ImageSet\": [{\"CreateTime\": \"7\", \"DisplayName\": \"r-DisplayName\", \"Features\": [\"r-Features\"], \"ImageDescription\": \"r-ImageDescription\", \"ImageId\": \"r-ImageId\", \"ImageLogoLink\": \"r-ImageLogoLink\", \"ImageName\": \"r-ImageName\", \"ImageSize\": \"7\", \"ImageType\": \"Base\", \"IntegratedSoftware\": \"r-IntegratedSoftware\", \"MaintainEol\": \"r-MaintainEol\", \"MinimalCPU\": \"r-MinimalCPU\", \"OsName\": \"r-OsName\", \"OsType\": \"Linux\", \"SceneCategories\": [\"r-SceneCategories\"], \"State\": \"r-State\", \"Tag\": \"r-Tag\", \"Zone\": \"r-Zone\"}], \"TotalCount\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_ul_host_image()
        .zone("z-1")
        .project_id("p-1")
        .image_id("s-ImageId")
        .image_ids(["a-ImageIds", "b-ImageIds"])
        .image_type("Base")
        .limit(7)
        .offset(7)
        .os_type("Linux")
        .scene("Normal")
        .tag("s-Tag")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeULHostImage"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("ImageId", "s-ImageId"),
            ("ImageIds.0", "a-ImageIds"),
            ("ImageIds.1", "b-ImageIds"),
            ("ImageType", "Base"),
            ("Limit", "7"),
            ("Offset", "7"),
            ("OsType", "Linux"),
            ("Scene", "Normal"),
            ("Tag", "s-Tag"),
        ],
    );
    assert_eq!(out.image_set.len(), 1);
    assert_eq!(out.image_set[0].create_time, Some(7));
    assert_eq!(
        out.image_set[0].display_name.as_deref(),
        Some("r-DisplayName")
    );
    assert_eq!(
        out.image_set[0].image_description.as_deref(),
        Some("r-ImageDescription")
    );
    assert_eq!(out.image_set[0].image_id.as_deref(), Some("r-ImageId"));
    assert_eq!(
        out.image_set[0].image_logo_link.as_deref(),
        Some("r-ImageLogoLink")
    );
    assert_eq!(out.image_set[0].image_name.as_deref(), Some("r-ImageName"));
    assert_eq!(out.image_set[0].image_size, Some(7));
    assert_eq!(
        out.image_set[0].image_type.as_ref().map(|v| v.as_str()),
        Some("Base")
    );
    assert_eq!(
        out.image_set[0].integrated_software.as_deref(),
        Some("r-IntegratedSoftware")
    );
    assert_eq!(
        out.image_set[0].maintain_eol.as_deref(),
        Some("r-MaintainEol")
    );
    assert_eq!(
        out.image_set[0].minimal_cpu.as_deref(),
        Some("r-MinimalCPU")
    );
    assert_eq!(out.image_set[0].os_name.as_deref(), Some("r-OsName"));
    assert_eq!(
        out.image_set[0].os_type.as_ref().map(|v| v.as_str()),
        Some("Linux")
    );
    assert_eq!(out.image_set[0].state.as_deref(), Some("r-State"));
    assert_eq!(out.image_set[0].tag.as_deref(), Some("r-Tag"));
    assert_eq!(out.image_set[0].zone.as_deref(), Some("r-Zone"));
    assert_eq!(out.total_count, Some(7));
}

#[tokio::test]
async fn describe_ul_host_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeULHostInstanceResponse\", \"Message\": \"r-Message\", \"ULHostInstanceSets\": [{\"Apps\": [\"r-Apps\"], \"AutoRenew\": \"Yes\", \"CPU\": \"7\", \"ChargeType\": \"Year\", \"CreateTime\": \"7\", \"DiskSet\": [{\"DiskId\": \"r-DiskId\", \"DiskType\": \"r-DiskType\", \"Drive\": \"r-Drive\", \"IsBoot\": \"True\", \"Size\": \"7\", \"Type\": \"Boot\"}], \"EIPExclusiveUTPInfo\": {\"AvailableSize\": \"7\", \"CreateTime\": \"7\", \"ExcessSize\": \"7\", \"LastResetTime\": \"7\", \"NextResetTime\": \"7\", \"TotalSize\": \"7\", \"UsedSize\": \"7\"}, \"ExclusiveUTPInfo\": {\"AvailableSize\": \"7\", \"CreateTime\": \"7\", \"ExcessSize\": \"7\", \"LastResetTime\": \"7\", \"NextResetTime\": \"7\", \"TotalSize\": \"7\", \"UsedSize\": \"7\"}, \"ExpireTime\": \"7\", \"IPSet\": [{\"Bandwidth\": \"7\", \"Default\": \"r-Default\", \"IP\": \"r-IP\", \"IPId\": \"r-IPId\", \"IPMode\": \"IPv4\", \"Mac\": \"r-Mac\", \"NetworkInterfaceId\": \"r-NetworkInterfaceId\", \"SubnetId\": \"r-SubnetId\", \"Type\": \"r-Type\", \"VPCId\": \"r-VPCId\", \"Weight\": \"7\"}], \"ImageId\": \"r-ImageId\", \"ImageName\": \"r-ImageName\", \"IsExpire\": \"Yes\", \"Memory\": \"7\", \"Name\": \"r-Name\", \"Remark\": \"r-Remark\", \"State\": \"r-State\", \"Tag\": \"r-Tag\", \"ULHostId\": \"r-ULHostId\", \"Zone\": \"r-Zone\"}]}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_ul_host_instance()
        .project_id("p-1")
        .limit(7)
        .offset(7)
        .ul_host_ids(["a-ULHostIds", "b-ULHostIds"])
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeULHostInstance"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("Limit", "7"),
            ("Offset", "7"),
            ("ULHostIds.0", "a-ULHostIds"),
            ("ULHostIds.1", "b-ULHostIds"),
        ],
    );
    assert_eq!(Some(out.message.as_str()), Some("r-Message"));
    assert_eq!(out.ul_host_instance_sets.len(), 1);
    assert_eq!(
        out.ul_host_instance_sets[0]
            .auto_renew
            .as_ref()
            .map(|v| v.as_str()),
        Some("Yes")
    );
    assert_eq!(out.ul_host_instance_sets[0].cpu, Some(7));
    assert_eq!(
        out.ul_host_instance_sets[0]
            .charge_type
            .as_ref()
            .map(|v| v.as_str()),
        Some("Year")
    );
    assert_eq!(out.ul_host_instance_sets[0].create_time, Some(7));
    assert_eq!(out.ul_host_instance_sets[0].expire_time, Some(7));
    assert_eq!(
        out.ul_host_instance_sets[0].image_id.as_deref(),
        Some("r-ImageId")
    );
    assert_eq!(
        out.ul_host_instance_sets[0].image_name.as_deref(),
        Some("r-ImageName")
    );
    assert_eq!(
        out.ul_host_instance_sets[0]
            .is_expire
            .as_ref()
            .map(|v| v.as_str()),
        Some("Yes")
    );
    assert_eq!(out.ul_host_instance_sets[0].memory, Some(7));
    assert_eq!(out.ul_host_instance_sets[0].name.as_deref(), Some("r-Name"));
    assert_eq!(
        out.ul_host_instance_sets[0].remark.as_deref(),
        Some("r-Remark")
    );
    assert_eq!(
        out.ul_host_instance_sets[0].state.as_deref(),
        Some("r-State")
    );
    assert_eq!(out.ul_host_instance_sets[0].tag.as_deref(), Some("r-Tag"));
    assert_eq!(
        out.ul_host_instance_sets[0].ul_host_id.as_deref(),
        Some("r-ULHostId")
    );
    assert_eq!(out.ul_host_instance_sets[0].zone.as_deref(), Some("r-Zone"));
}

#[tokio::test]
async fn describe_user_community_images() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DescribeUserCommunityImagesResponse\", \"AvailableTotalCount\": \"7\", \"ImageSetGroup\": [{\"CreatedCount\": \"7\", \"Data\": [{\"AuthInfo\": \"7\", \"Author\": \"r-Author\", \"AutoStart\": \"true\", \"CompShareImageId\": \"r-CompShareImageId\", \"Container\": \"True\", \"Cover\": \"r-Cover\", \"CreateTime\": \"7\", \"CreatedCount\": \"7\", \"Description\": \"r-Description\", \"FailedReason\": \"r-FailedReason\", \"FavoritesCount\": \"7\", \"GroupId\": \"r-GroupId\", \"ImageCharge\": \"true\", \"ImageOwnerAlias\": \"Official\", \"ImageType\": \"System\", \"ImageUseTime\": \"7\", \"IsOfficial\": \"true\", \"Name\": \"r-Name\", \"Owner\": {\"AccountId\": \"r-AccountId\", \"AccountName\": \"r-AccountName\"}, \"Price\": 2.5, \"PubTime\": \"7\", \"Readme\": \"r-Readme\", \"Size\": \"7\", \"Softwares\": {\"Applications\": [\"r-Applications\"], \"CUDAVersion\": \"r-CUDAVersion\", \"Framework\": \"r-Framework\", \"FrameworkVersion\": \"r-FrameworkVersion\"}, \"SourceGpuType\": \"r-SourceGpuType\", \"Status\": \"Making\", \"Tags\": [\"r-Tags\"], \"VersionDesc\": \"r-VersionDesc\", \"VersionName\": \"r-VersionName\", \"Visibility\": \"7\"}], \"FavoritesCount\": \"7\", \"GroupId\": \"r-GroupId\", \"ImageDesc\": \"r-ImageDesc\", \"ImageName\": \"r-ImageName\", \"ImageUseTime\": \"7\", \"IsFavorite\": \"true\", \"RecommendCount\": \"7\", \"Status\": \"Making\"}], \"TotalCount\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .describe_user_community_images()
        .zone("z-1")
        .project_id("p-1")
        .author("s-Author")
        .comp_share_image_id("s-CompShareImageId")
        .fuzzy_search("s-FuzzySearch")
        .is_free(true)
        .is_official(true)
        .limit(7)
        .name("s-Name")
        .offset(7)
        .sort_condition(SortCondition {
            field: Some("Favor".into()),
            asc: Some(true),
        })
        .tag("s-Tag")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DescribeUserCommunityImages"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Author", "s-Author"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("FuzzySearch", "s-FuzzySearch"),
            ("IsFree", "true"),
            ("IsOfficial", "true"),
            ("Limit", "7"),
            ("Name", "s-Name"),
            ("Offset", "7"),
            ("SortCondition.Field", "Favor"),
            ("SortCondition.ASC", "true"),
            ("Tag", "s-Tag"),
        ],
    );
    assert_eq!(out.available_total_count, Some(7));
    assert_eq!(out.image_set_group.len(), 1);
    assert_eq!(out.image_set_group[0].created_count, Some(7));
    assert_eq!(out.image_set_group[0].favorites_count, Some(7));
    assert_eq!(
        out.image_set_group[0].group_id.as_deref(),
        Some("r-GroupId")
    );
    assert_eq!(
        out.image_set_group[0].image_desc.as_deref(),
        Some("r-ImageDesc")
    );
    assert_eq!(
        out.image_set_group[0].image_name.as_deref(),
        Some("r-ImageName")
    );
    assert_eq!(out.image_set_group[0].image_use_time, Some(7));
    assert_eq!(out.image_set_group[0].is_favorite, Some(true));
    assert_eq!(out.image_set_group[0].recommend_count, Some(7));
    assert_eq!(
        out.image_set_group[0].status.as_ref().map(|v| v.as_str()),
        Some("Making")
    );
    assert_eq!(out.total_count, Some(7));
}

#[tokio::test]
async fn detach_compshare_disk() {
    let (server, client) =
        serve("{\"RetCode\": 0, \"Action\": \"DetachCompshareDiskResponse\"}").await;
    #[allow(unused_variables)]
    let out = client
        .detach_compshare_disk()
        .zone("z-1")
        .project_id("p-1")
        .u_disk_id("s-UDiskId")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DetachCompshareDisk"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("UDiskId", "s-UDiskId"),
            ("UHostId", "s-UHostId"),
        ],
    );
}

#[tokio::test]
async fn download_team_order() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"DownloadTeamOrderResponse\", \"Amount\": \"r-Amount\", \"AmountCoupon\": \"r-AmountCoupon\", \"AmountFree\": \"r-AmountFree\", \"AmountReal\": \"r-AmountReal\", \"ChargeType\": \"r-ChargeType\", \"CreateTime\": \"7\", \"EndTime\": \"7\", \"OrderNo\": \"r-OrderNo\", \"OrderType\": \"r-OrderType\", \"RemarkName\": \"r-RemarkName\", \"ResourceId\": \"r-ResourceId\", \"ResourceType\": \"r-ResourceType\", \"StartTime\": \"7\", \"VirtualCompanyId\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .download_team_order()
        .begin_time(7)
        .end_time(7)
        .order_states(["a-OrderStates", "b-OrderStates"])
        .team_id(7)
        .virtual_company_id(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "DownloadTeamOrder"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-client"),
            ("BeginTime", "7"),
            ("EndTime", "7"),
            ("OrderStates.0", "a-OrderStates"),
            ("OrderStates.1", "b-OrderStates"),
            ("TeamId", "7"),
            ("VirtualCompanyId", "7"),
        ],
    );
    assert_eq!(Some(out.amount.as_str()), Some("r-Amount"));
    assert_eq!(Some(out.amount_coupon.as_str()), Some("r-AmountCoupon"));
    assert_eq!(Some(out.amount_free.as_str()), Some("r-AmountFree"));
    assert_eq!(Some(out.amount_real.as_str()), Some("r-AmountReal"));
    assert_eq!(Some(out.charge_type.as_str()), Some("r-ChargeType"));
    assert_eq!(out.create_time, 7);
    assert_eq!(out.end_time, 7);
    assert_eq!(Some(out.order_no.as_str()), Some("r-OrderNo"));
    assert_eq!(Some(out.order_type.as_str()), Some("r-OrderType"));
    assert_eq!(Some(out.remark_name.as_str()), Some("r-RemarkName"));
    assert_eq!(Some(out.resource_id.as_str()), Some("r-ResourceId"));
    assert_eq!(Some(out.resource_type.as_str()), Some("r-ResourceType"));
    assert_eq!(out.start_time, 7);
    assert_eq!(out.virtual_company_id, 7);
}

#[tokio::test]
async fn get_comp_share_attached_disk_upgrade_price() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"GetCompShareAttachedDiskUpgradePriceResponse\", \"ListPrice\": 2.5, \"ListPriceDetail\": {\"Snapshot\": 2.5, \"UDisk\": 2.5}, \"OriginalPrice\": 2.5, \"OriginalPriceDetail\": {\"Snapshot\": 2.5, \"UDisk\": 2.5}, \"Price\": 2.5, \"PriceDetail\": {\"Snapshot\": 2.5, \"UDisk\": 2.5}}").await;
    #[allow(unused_variables)]
    let out = client
        .get_comp_share_attached_disk_upgrade_price()
        .zone("z-1")
        .project_id("p-1")
        .disk_id("s-DiskId")
        .disk_space("s-DiskSpace")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetCompShareAttachedDiskUpgradePrice"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("DiskId", "s-DiskId"),
            ("DiskSpace", "s-DiskSpace"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(out.list_price, 2.5);
    let list_price_detail_v = out.list_price_detail.as_ref().unwrap();
    assert_eq!(list_price_detail_v.snapshot, Some(2.5));
    assert_eq!(list_price_detail_v.u_disk, Some(2.5));
    assert_eq!(out.original_price, 2.5);
    let original_price_detail_v = out.original_price_detail.as_ref().unwrap();
    assert_eq!(original_price_detail_v.snapshot, Some(2.5));
    assert_eq!(original_price_detail_v.u_disk, Some(2.5));
    assert_eq!(out.price, 2.5);
    let price_detail_v = out.price_detail.as_ref().unwrap();
    assert_eq!(price_detail_v.snapshot, Some(2.5));
    assert_eq!(price_detail_v.u_disk, Some(2.5));
}

#[tokio::test]
async fn get_comp_share_image_create_progress() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"GetCompShareImageCreateProgressResponse\", \"Process\": 2.5, \"RemainingDuration\": \"r-RemainingDuration\", \"TotalDuration\": \"r-TotalDuration\"}").await;
    #[allow(unused_variables)]
    let out = client
        .get_comp_share_image_create_progress()
        .zone("z-1")
        .project_id("p-1")
        .comp_share_image_id("s-CompShareImageId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetCompShareImageCreateProgress"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("CompShareImageId", "s-CompShareImageId"),
        ],
    );
    assert_eq!(out.process, 2.5);
    assert_eq!(
        Some(out.remaining_duration.as_str()),
        Some("r-RemainingDuration")
    );
    assert_eq!(Some(out.total_duration.as_str()), Some("r-TotalDuration"));
}

#[tokio::test]
async fn get_comp_share_instance_monitor() {
    let (server, client) =
        serve("{\"RetCode\": 0, \"Action\": \"GetCompShareInstanceMonitorResponse\"}").await;
    #[allow(unused_variables)]
    let out = client
        .get_comp_share_instance_monitor()
        .zone("z-1")
        .project_id("p-1")
        .u_host_ids(["a-UHostIds", "b-UHostIds"])
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetCompShareInstanceMonitor"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("UHostIds.0", "a-UHostIds"),
            ("UHostIds.1", "b-UHostIds"),
        ],
    );
}

#[tokio::test]
async fn get_comp_share_instance_price() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"GetCompShareInstancePriceResponse\", \"ListPriceDetail\": [{\"ChargeType\": \"Year\", \"CompShareImage\": 2.5, \"Disks\": 2.5, \"Instance\": 2.5, \"InstanceDiscountType\": \"7\", \"ListPrice\": \"2.5\", \"OriginalPrice\": 2.5}], \"OriginalPriceDetail\": [{\"ChargeType\": \"Year\", \"CompShareImage\": 2.5, \"Disks\": 2.5, \"Instance\": 2.5, \"InstanceDiscountType\": \"7\", \"ListPrice\": \"2.5\", \"OriginalPrice\": 2.5}], \"PriceDetail\": [{\"ChargeType\": \"Year\", \"CompShareImage\": 2.5, \"Disks\": 2.5, \"Instance\": 2.5, \"InstanceDiscountType\": \"7\", \"ListPrice\": \"2.5\", \"OriginalPrice\": 2.5}]}").await;
    #[allow(unused_variables)]
    let out = client
        .get_comp_share_instance_price()
        .zone("z-1")
        .project_id("p-1")
        .charge_type("Year")
        .comp_share_image_id("s-CompShareImageId")
        .cpu(7)
        .disks(vec![PriceDisk {
            is_boot: Some(true),
            size: Some(7),
            r#type: Some("CLOUD_NORMAL".into()),
        }])
        .gpu(7)
        .gpu_type("K80")
        .memory(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetCompShareInstancePrice"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("ChargeType", "Year"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("Cpu", "7"),
            ("Disks.0.IsBoot", "true"),
            ("Disks.0.Size", "7"),
            ("Disks.0.Type", "CLOUD_NORMAL"),
            ("Gpu", "7"),
            ("GpuType", "K80"),
            ("Memory", "7"),
        ],
    );
    assert_eq!(out.list_price_detail.len(), 1);
    assert_eq!(
        out.list_price_detail[0]
            .charge_type
            .as_ref()
            .map(|v| v.as_str()),
        Some("Year")
    );
    assert_eq!(out.list_price_detail[0].comp_share_image, Some(2.5));
    assert_eq!(out.list_price_detail[0].disks, Some(2.5));
    assert_eq!(out.list_price_detail[0].instance, Some(2.5));
    assert_eq!(out.list_price_detail[0].instance_discount_type, Some(7));
    assert_eq!(out.list_price_detail[0].list_price, Some(2.5));
    assert_eq!(out.list_price_detail[0].original_price, Some(2.5));
    assert_eq!(out.original_price_detail.len(), 1);
    assert_eq!(
        out.original_price_detail[0]
            .charge_type
            .as_ref()
            .map(|v| v.as_str()),
        Some("Year")
    );
    assert_eq!(out.original_price_detail[0].comp_share_image, Some(2.5));
    assert_eq!(out.original_price_detail[0].disks, Some(2.5));
    assert_eq!(out.original_price_detail[0].instance, Some(2.5));
    assert_eq!(out.original_price_detail[0].instance_discount_type, Some(7));
    assert_eq!(out.original_price_detail[0].list_price, Some(2.5));
    assert_eq!(out.original_price_detail[0].original_price, Some(2.5));
    assert_eq!(out.price_detail.len(), 1);
    assert_eq!(
        out.price_detail[0].charge_type.as_ref().map(|v| v.as_str()),
        Some("Year")
    );
    assert_eq!(out.price_detail[0].comp_share_image, Some(2.5));
    assert_eq!(out.price_detail[0].disks, Some(2.5));
    assert_eq!(out.price_detail[0].instance, Some(2.5));
    assert_eq!(out.price_detail[0].instance_discount_type, Some(7));
    assert_eq!(out.price_detail[0].list_price, Some(2.5));
    assert_eq!(out.price_detail[0].original_price, Some(2.5));
}

#[tokio::test]
async fn get_comp_share_instance_upgrade_price() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"GetCompShareInstanceUpgradePriceResponse\", \"ListPrice\": 2.5, \"OriginalPrice\": 2.5, \"Price\": 2.5}").await;
    #[allow(unused_variables)]
    let out = client
        .get_comp_share_instance_upgrade_price()
        .zone("z-1")
        .project_id("p-1")
        .comp_share_image_id("s-CompShareImageId")
        .cpu(7)
        .gpu(7)
        .memory(7)
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetCompShareInstanceUpgradePrice"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("Cpu", "7"),
            ("Gpu", "7"),
            ("Memory", "7"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(out.list_price, 2.5);
    assert_eq!(out.original_price, 2.5);
    assert_eq!(out.price, 2.5);
}

#[tokio::test]
async fn get_comp_share_instance_user_price() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"GetCompShareInstanceUserPriceResponse\", \"ListPriceDetail\": [{\"ChargeType\": \"Year\", \"CompShareImage\": 2.5, \"Disks\": 2.5, \"Instance\": 2.5, \"InstanceDiscountType\": \"7\", \"ListPrice\": \"2.5\", \"OriginalPrice\": 2.5}], \"OriginalPriceDetail\": [{\"ChargeType\": \"Year\", \"CompShareImage\": 2.5, \"Disks\": 2.5, \"Instance\": 2.5, \"InstanceDiscountType\": \"7\", \"ListPrice\": \"2.5\", \"OriginalPrice\": 2.5}], \"PriceDetail\": [{\"ChargeType\": \"Year\", \"CompShareImage\": 2.5, \"Disks\": 2.5, \"Instance\": 2.5, \"InstanceDiscountType\": \"7\", \"ListPrice\": \"2.5\", \"OriginalPrice\": 2.5}]}").await;
    #[allow(unused_variables)]
    let out = client
        .get_comp_share_instance_user_price()
        .zone("z-1")
        .project_id("p-1")
        .charge_type("s-ChargeType")
        .comp_share_image_id("s-CompShareImageId")
        .cpu(7)
        .disks(vec![PriceDisk {
            is_boot: Some(true),
            size: Some(7),
            r#type: Some("CLOUD_NORMAL".into()),
        }])
        .gpu(7)
        .gpu_type("s-GpuType")
        .memory(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetCompShareInstanceUserPrice"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("ChargeType", "s-ChargeType"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("Cpu", "7"),
            ("Disks.0.IsBoot", "true"),
            ("Disks.0.Size", "7"),
            ("Disks.0.Type", "CLOUD_NORMAL"),
            ("Gpu", "7"),
            ("GpuType", "s-GpuType"),
            ("Memory", "7"),
        ],
    );
    assert_eq!(out.list_price_detail.len(), 1);
    assert_eq!(
        out.list_price_detail[0]
            .charge_type
            .as_ref()
            .map(|v| v.as_str()),
        Some("Year")
    );
    assert_eq!(out.list_price_detail[0].comp_share_image, Some(2.5));
    assert_eq!(out.list_price_detail[0].disks, Some(2.5));
    assert_eq!(out.list_price_detail[0].instance, Some(2.5));
    assert_eq!(out.list_price_detail[0].instance_discount_type, Some(7));
    assert_eq!(out.list_price_detail[0].list_price, Some(2.5));
    assert_eq!(out.list_price_detail[0].original_price, Some(2.5));
    assert_eq!(out.original_price_detail.len(), 1);
    assert_eq!(
        out.original_price_detail[0]
            .charge_type
            .as_ref()
            .map(|v| v.as_str()),
        Some("Year")
    );
    assert_eq!(out.original_price_detail[0].comp_share_image, Some(2.5));
    assert_eq!(out.original_price_detail[0].disks, Some(2.5));
    assert_eq!(out.original_price_detail[0].instance, Some(2.5));
    assert_eq!(out.original_price_detail[0].instance_discount_type, Some(7));
    assert_eq!(out.original_price_detail[0].list_price, Some(2.5));
    assert_eq!(out.original_price_detail[0].original_price, Some(2.5));
    assert_eq!(out.price_detail.len(), 1);
    assert_eq!(
        out.price_detail[0].charge_type.as_ref().map(|v| v.as_str()),
        Some("Year")
    );
    assert_eq!(out.price_detail[0].comp_share_image, Some(2.5));
    assert_eq!(out.price_detail[0].disks, Some(2.5));
    assert_eq!(out.price_detail[0].instance, Some(2.5));
    assert_eq!(out.price_detail[0].instance_discount_type, Some(7));
    assert_eq!(out.price_detail[0].list_price, Some(2.5));
    assert_eq!(out.price_detail[0].original_price, Some(2.5));
}

#[tokio::test]
async fn get_comp_share_refund_price() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"GetCompShareRefundPriceResponse\", \"RefundPriceSet\": [{\"Code\": \"7\", \"ErrMessage\": \"r-ErrMessage\", \"RefundPrice\": 2.5, \"UHostId\": \"r-UHostId\"}]}").await;
    #[allow(unused_variables)]
    let out = client
        .get_comp_share_refund_price()
        .zone("z-1")
        .project_id("p-1")
        .u_host_ids(["a-UHostIds", "b-UHostIds"])
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetCompShareRefundPrice"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("UHostIds.0", "a-UHostIds"),
            ("UHostIds.1", "b-UHostIds"),
        ],
    );
    assert_eq!(out.refund_price_set.len(), 1);
    assert_eq!(out.refund_price_set[0].code, 7);
    assert_eq!(
        out.refund_price_set[0].err_message.as_deref(),
        Some("r-ErrMessage")
    );
    assert_eq!(out.refund_price_set[0].refund_price, Some(2.5));
    assert_eq!(
        Some(out.refund_price_set[0].u_host_id.as_str()),
        Some("r-UHostId")
    );
}

#[tokio::test]
async fn get_comp_share_team_info() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"GetCompShareTeamInfoResponse\", \"Message\": \"r-Message\", \"Team\": {\"CompanyId\": \"7\", \"Deleted\": \"7\", \"Description\": \"r-Description\", \"Id\": \"7\", \"Name\": \"r-Name\"}, \"TeamRelation\": [{\"AllocateAmount\": \"7\", \"AvailableAmount\": \"7\", \"CreateTime\": \"7\", \"RemarkName\": \"r-RemarkName\", \"Status\": \"Pending\", \"TeamId\": \"7\", \"TeamName\": \"r-TeamName\", \"UserCompanyId\": \"7\", \"VirtualCompanyId\": \"7\"}]}").await;
    #[allow(unused_variables)]
    let out = client
        .get_comp_share_team_info()
        .zone("z-1")
        .project_id("p-1")
        .team_id(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetCompShareTeamInfo"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("TeamId", "7"),
        ],
    );
    assert_eq!(Some(out.message.as_str()), Some("r-Message"));
    let team_v = out.team.as_ref().unwrap();
    assert_eq!(team_v.company_id, Some(7));
    assert_eq!(team_v.deleted, Some(7));
    assert_eq!(team_v.description.as_deref(), Some("r-Description"));
    assert_eq!(team_v.id, Some(7));
    assert_eq!(team_v.name.as_deref(), Some("r-Name"));
    assert_eq!(out.team_relation.len(), 1);
    assert_eq!(out.team_relation[0].allocate_amount, Some(7));
    assert_eq!(out.team_relation[0].available_amount, Some(7));
    assert_eq!(out.team_relation[0].create_time, Some(7));
    assert_eq!(
        out.team_relation[0].remark_name.as_deref(),
        Some("r-RemarkName")
    );
    assert_eq!(
        out.team_relation[0].status.as_ref().map(|v| v.as_str()),
        Some("Pending")
    );
    assert_eq!(out.team_relation[0].team_id, Some(7));
    assert_eq!(
        out.team_relation[0].team_name.as_deref(),
        Some("r-TeamName")
    );
    assert_eq!(out.team_relation[0].user_company_id, Some(7));
    assert_eq!(out.team_relation[0].virtual_company_id, Some(7));
}

#[tokio::test]
async fn get_open_claw_model_list() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"GetOpenClawModelListResponse\", \"Models\": {\"Id\": \"r-Id\", \"Name\": \"r-Name\"}}").await;
    #[allow(unused_variables)]
    let out = client
        .get_open_claw_model_list()
        .project_id("p-1")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetOpenClawModelList"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
        ],
    );
    let models_v = out.models.as_ref().unwrap();
    assert_eq!(models_v.id.as_deref(), Some("r-Id"));
    assert_eq!(models_v.name.as_deref(), Some("r-Name"));
}

#[tokio::test]
async fn get_software_url() {
    let (server, client) =
        serve("{\"RetCode\": 0, \"Action\": \"GetSoftwareURLResponse\", \"URL\": \"r-URL\"}").await;
    #[allow(unused_variables)]
    let out = client
        .get_software_url()
        .zone("z-1")
        .project_id("p-1")
        .software("s-Software")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetSoftwareURL"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Software", "s-Software"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(Some(out.url.as_str()), Some("r-URL"));
}

#[tokio::test]
async fn get_ul_host_instance_price() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"GetULHostInstancePriceResponse\", \"Message\": \"r-Message\", \"PriceSet\": [{\"ChargeType\": \"Year\", \"OriginalPrice\": 2.5, \"Price\": 2.5}]}").await;
    #[allow(unused_variables)]
    let out = client
        .get_ul_host_instance_price()
        .project_id("p-1")
        .bundle_id("s-BundleId")
        .charge_type("Year")
        .count(7)
        .quantity(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetULHostInstancePrice"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("BundleId", "s-BundleId"),
            ("ChargeType", "Year"),
            ("Count", "7"),
            ("Quantity", "7"),
        ],
    );
    assert_eq!(Some(out.message.as_str()), Some("r-Message"));
    assert_eq!(out.price_set.len(), 1);
    assert_eq!(
        out.price_set[0].charge_type.as_ref().map(|v| v.as_str()),
        Some("Year")
    );
    assert_eq!(out.price_set[0].original_price, Some(2.5));
    assert_eq!(out.price_set[0].price, Some(2.5));
}

#[tokio::test]
async fn get_ul_host_renew_price() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"GetULHostRenewPriceResponse\", \"PriceSet\": [{\"ChargeType\": \"Year\", \"OriginalPrice\": 2.5, \"Price\": 2.5}]}").await;
    #[allow(unused_variables)]
    let out = client
        .get_ul_host_renew_price()
        .project_id("p-1")
        .charge_type("Year")
        .ul_host_id("s-ULHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "GetULHostRenewPrice"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("ChargeType", "Year"),
            ("ULHostId", "s-ULHostId"),
        ],
    );
    assert_eq!(out.price_set.len(), 1);
    assert_eq!(
        out.price_set[0].charge_type.as_ref().map(|v| v.as_str()),
        Some("Year")
    );
    assert_eq!(out.price_set[0].original_price, Some(2.5));
    assert_eq!(out.price_set[0].price, Some(2.5));
}

#[tokio::test]
async fn list_comp_share_team_invite() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ListCompShareTeamInviteResponse\", \"Invites\": [{\"CreateTime\": \"7\", \"RemarkName\": \"r-RemarkName\", \"Status\": \"Pending\", \"TeamId\": \"7\", \"TeamName\": \"r-TeamName\", \"UserCompanyId\": \"7\", \"VirtualCompanyId\": \"7\"}], \"Message\": \"r-Message\"}").await;
    #[allow(unused_variables)]
    let out = client
        .list_comp_share_team_invite()
        .zone("z-1")
        .project_id("p-1")
        .team_id(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ListCompShareTeamInvite"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("TeamId", "7"),
        ],
    );
    assert_eq!(out.invites.len(), 1);
    assert_eq!(out.invites[0].create_time, Some(7));
    assert_eq!(out.invites[0].remark_name.as_deref(), Some("r-RemarkName"));
    assert_eq!(
        out.invites[0].status.as_ref().map(|v| v.as_str()),
        Some("Pending")
    );
    assert_eq!(out.invites[0].team_id, Some(7));
    assert_eq!(out.invites[0].team_name.as_deref(), Some("r-TeamName"));
    assert_eq!(out.invites[0].user_company_id, Some(7));
    assert_eq!(out.invites[0].virtual_company_id, Some(7));
    assert_eq!(out.message.as_deref(), Some("r-Message"));
}

#[tokio::test]
async fn list_comp_share_team_joined() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ListCompShareTeamJoinedResponse\", \"JoinedTeams\": [{\"CreateTime\": \"7\", \"IsPersonalAccount\": \"true\", \"RemarkName\": \"r-RemarkName\", \"Status\": \"Pending\", \"TeamId\": \"7\", \"TeamName\": \"r-TeamName\", \"UserCompanyId\": \"7\", \"VirtualCompanyId\": \"7\"}]}").await;
    #[allow(unused_variables)]
    let out = client
        .list_comp_share_team_joined()
        .zone("z-1")
        .project_id("p-1")
        .status("Pending")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ListCompShareTeamJoined"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Status", "Pending"),
        ],
    );
    assert_eq!(out.joined_teams.len(), 1);
    assert_eq!(out.joined_teams[0].create_time, Some(7));
    assert_eq!(out.joined_teams[0].is_personal_account, Some(true));
    assert_eq!(
        out.joined_teams[0].remark_name.as_deref(),
        Some("r-RemarkName")
    );
    assert_eq!(
        out.joined_teams[0].status.as_ref().map(|v| v.as_str()),
        Some("Pending")
    );
    assert_eq!(out.joined_teams[0].team_id, Some(7));
    assert_eq!(out.joined_teams[0].team_name.as_deref(), Some("r-TeamName"));
    assert_eq!(out.joined_teams[0].user_company_id, Some(7));
    assert_eq!(out.joined_teams[0].virtual_company_id, Some(7));
}

#[tokio::test]
async fn list_comp_share_team_operate_log() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ListCompShareTeamOperateLogResponse\", \"Logs\": [{\"Content\": \"r-Content\", \"CreateTime\": \"7\", \"OperateType\": \"r-OperateType\", \"Status\": \"r-Status\"}], \"OperateTypeList\": [\"r-OperateTypeList\"], \"StatusList\": [\"r-StatusList\"], \"Total\": \"7\"}").await;
    #[allow(unused_variables)]
    let out = client
        .list_comp_share_team_operate_log()
        .begin_time(7)
        .end_time(7)
        .limit(7)
        .offset(7)
        .operate_type(["a-OperateType", "b-OperateType"])
        .order_by_asc(true)
        .status(["a-Status", "b-Status"])
        .team_id(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ListCompShareTeamOperateLog"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-client"),
            ("BeginTime", "7"),
            ("EndTime", "7"),
            ("Limit", "7"),
            ("Offset", "7"),
            ("OperateType.0", "a-OperateType"),
            ("OperateType.1", "b-OperateType"),
            ("OrderByASC", "true"),
            ("Status.0", "a-Status"),
            ("Status.1", "b-Status"),
            ("TeamId", "7"),
        ],
    );
    assert_eq!(out.logs.len(), 1);
    assert_eq!(out.logs[0].content.as_deref(), Some("r-Content"));
    assert_eq!(out.logs[0].create_time, Some(7));
    assert_eq!(out.logs[0].operate_type.as_deref(), Some("r-OperateType"));
    assert_eq!(out.logs[0].status.as_deref(), Some("r-Status"));
    assert_eq!(out.operate_type_list.len(), 1);
    assert_eq!(out.status_list.len(), 1);
    assert_eq!(out.total, 7);
}

#[tokio::test]
async fn list_comp_share_team() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ListCompShareTeamResponse\", \"Teams\": [{\"CompanyId\": \"7\", \"Description\": \"r-Description\", \"Id\": \"7\", \"MemberCount\": \"7\", \"Name\": \"r-Name\"}]}").await;
    #[allow(unused_variables)]
    let out = client
        .list_comp_share_team()
        .zone("z-1")
        .project_id("p-1")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ListCompShareTeam"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
        ],
    );
    assert_eq!(out.teams.len(), 1);
    assert_eq!(out.teams[0].company_id, Some(7));
    assert_eq!(out.teams[0].description.as_deref(), Some("r-Description"));
    assert_eq!(out.teams[0].id, Some(7));
    assert_eq!(out.teams[0].member_count, Some(7));
    assert_eq!(out.teams[0].name.as_deref(), Some("r-Name"));
}

#[tokio::test]
async fn list_member_product_type() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ListMemberProductTypeResponse\", \"ProductTypeList\": [\"r-ProductTypeList\"]}").await;
    #[allow(unused_variables)]
    let out = client
        .list_member_product_type()
        .begin_time(7)
        .end_time(7)
        .order_states(["a-OrderStates", "b-OrderStates"])
        .team_id(7)
        .virtual_company_id(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ListMemberProductType"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-client"),
            ("BeginTime", "7"),
            ("EndTime", "7"),
            ("OrderStates.0", "a-OrderStates"),
            ("OrderStates.1", "b-OrderStates"),
            ("TeamId", "7"),
            ("VirtualCompanyId", "7"),
        ],
    );
    assert_eq!(out.product_type_list.len(), 1);
}

#[tokio::test]
async fn modify_comp_share_image_share_account() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ModifyCompShareImageShareAccountResponse\", \"InvalidAccounts\": [\"7\"]}").await;
    #[allow(unused_variables)]
    let out = client
        .modify_comp_share_image_share_account()
        .project_id("p-1")
        .add_accounts([1, 2])
        .comp_share_image_id("s-CompShareImageId")
        .remove_accounts([1, 2])
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ModifyCompShareImageShareAccount"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("AddAccounts.0", "1"),
            ("AddAccounts.1", "2"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("RemoveAccounts.0", "1"),
            ("RemoveAccounts.1", "2"),
        ],
    );
    assert_eq!(out.invalid_accounts.len(), 1);
}

#[tokio::test]
async fn modify_comp_share_instance_name() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ModifyCompShareInstanceNameResponse\", \"UHostId\": \"r-UHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .modify_comp_share_instance_name()
        .zone("z-1")
        .project_id("p-1")
        .name("s-Name")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ModifyCompShareInstanceName"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Name", "s-Name"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(Some(out.u_host_id.as_str()), Some("r-UHostId"));
}

#[tokio::test]
async fn modify_ul_host_attribute() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ModifyULHostAttributeResponse\", \"Message\": \"r-Message\", \"ULHostId\": \"r-ULHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .modify_ul_host_attribute()
        .project_id("p-1")
        .name("s-Name")
        .remark("s-Remark")
        .ul_host_id("s-ULHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ModifyULHostAttribute"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("Name", "s-Name"),
            ("Remark", "s-Remark"),
            ("ULHostId", "s-ULHostId"),
        ],
    );
    assert_eq!(Some(out.message.as_str()), Some("r-Message"));
    assert_eq!(Some(out.ul_host_id.as_str()), Some("r-ULHostId"));
}

#[tokio::test]
async fn poweroff_ul_host_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"PoweroffULHostInstanceResponse\", \"ULHostId\": \"r-ULHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .poweroff_ul_host_instance()
        .project_id("p-1")
        .ul_host_id("s-ULHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "PoweroffULHostInstance"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("ULHostId", "s-ULHostId"),
        ],
    );
    assert_eq!(Some(out.ul_host_id.as_str()), Some("r-ULHostId"));
}

#[tokio::test]
async fn publish_comp_share_image() {
    let (server, client) =
        serve("{\"RetCode\": 0, \"Action\": \"PublishCompShareImageResponse\"}").await;
    #[allow(unused_variables)]
    let out = client
        .publish_comp_share_image()
        .zone("z-1")
        .project_id("p-1")
        .auto_start("s-AutoStart")
        .community_image_name("s-CommunityImageName")
        .comp_share_image_id("s-CompShareImageId")
        .cover("s-Cover")
        .description("s-Description")
        .price(2.5)
        .readme("s-Readme")
        .softwares(PublishedSoftware {
            applications: Some(
                ["a-Applications", "b-Applications"]
                    .into_iter()
                    .map(Into::into)
                    .collect(),
            ),
            cuda_version: Some("s-CUDAVersion".into()),
            framework: Some("s-Framework".into()),
            framework_version: Some("s-FrameworkVersion".into()),
        })
        .tags(["a-Tags", "b-Tags"])
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "PublishCompShareImage"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("AutoStart", "s-AutoStart"),
            ("CommunityImageName", "s-CommunityImageName"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("Cover", "s-Cover"),
            ("Description", "s-Description"),
            ("Price", "2.5"),
            ("Readme", "s-Readme"),
            ("Softwares.Applications.0", "a-Applications"),
            ("Softwares.Applications.1", "b-Applications"),
            ("Softwares.CUDAVersion", "s-CUDAVersion"),
            ("Softwares.Framework", "s-Framework"),
            ("Softwares.FrameworkVersion", "s-FrameworkVersion"),
            ("Tags.0", "a-Tags"),
            ("Tags.1", "b-Tags"),
        ],
    );
}

#[tokio::test]
async fn reboot_comp_share_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"RebootCompShareInstanceResponse\", \"UHostId\": \"r-UHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .reboot_comp_share_instance()
        .zone("z-1")
        .project_id("p-1")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "RebootCompShareInstance"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(Some(out.u_host_id.as_str()), Some("r-UHostId"));
}

#[tokio::test]
async fn reboot_ul_host_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"RebootULHostInstanceResponse\", \"ULHostId\": \"r-ULHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .reboot_ul_host_instance()
        .project_id("p-1")
        .ul_host_id("s-ULHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "RebootULHostInstance"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("ULHostId", "s-ULHostId"),
        ],
    );
    assert_eq!(out.ul_host_id.as_deref(), Some("r-ULHostId"));
}

#[tokio::test]
async fn reinstall_comp_share_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ReinstallCompShareInstanceResponse\", \"UHostId\": \"r-UHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .reinstall_comp_share_instance()
        .zone("z-1")
        .project_id("p-1")
        .comp_share_image_id("s-CompShareImageId")
        .password("s-Password")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ReinstallCompShareInstance"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("Password", "cy1QYXNzd29yZA=="),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(Some(out.u_host_id.as_str()), Some("r-UHostId"));
}

#[tokio::test]
async fn reinstall_ul_host_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ReinstallULHostInstanceResponse\", \"Message\": \"r-Message\", \"ULHostId\": \"r-ULHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .reinstall_ul_host_instance()
        .project_id("p-1")
        .image_id("s-ImageId")
        .password("s-Password")
        .ul_host_id("s-ULHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ReinstallULHostInstance"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("ImageId", "s-ImageId"),
            ("Password", "cy1QYXNzd29yZA=="),
            ("ULHostId", "s-ULHostId"),
        ],
    );
    assert_eq!(Some(out.message.as_str()), Some("r-Message"));
    assert_eq!(Some(out.ul_host_id.as_str()), Some("r-ULHostId"));
}

#[tokio::test]
async fn reset_comp_share_instance_password() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ResetCompShareInstancePasswordResponse\", \"UHostId\": \"r-UHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .reset_comp_share_instance_password()
        .zone("z-1")
        .project_id("p-1")
        .password("s-Password")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ResetCompShareInstancePassword"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Password", "cy1QYXNzd29yZA=="),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(Some(out.u_host_id.as_str()), Some("r-UHostId"));
}

#[tokio::test]
async fn reset_ul_host_instance_password() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ResetULHostInstancePasswordResponse\", \"ULHostId\": \"r-ULHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .reset_ul_host_instance_password()
        .project_id("p-1")
        .password("s-Password")
        .ul_host_id("s-ULHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ResetULHostInstancePassword"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("Password", "cy1QYXNzd29yZA=="),
            ("ULHostId", "s-ULHostId"),
        ],
    );
    assert_eq!(Some(out.ul_host_id.as_str()), Some("r-ULHostId"));
}

#[tokio::test]
async fn resize_comp_share_disk() {
    let (server, client) = serve(
        "{\"RetCode\": 0, \"Action\": \"ResizeCompShareDiskResponse\", \"UDiskId\": \"r-UDiskId\"}",
    )
    .await;
    #[allow(unused_variables)]
    let out = client
        .resize_comp_share_disk()
        .zone("z-1")
        .project_id("p-1")
        .size(7)
        .u_disk_id("s-UDiskId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ResizeCompShareDisk"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Size", "7"),
            ("UDiskId", "s-UDiskId"),
        ],
    );
    assert_eq!(Some(out.u_disk_id.as_str()), Some("r-UDiskId"));
}

#[tokio::test]
async fn resize_comp_share_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"ResizeCompShareInstanceResponse\", \"UHostId\": \"r-UHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .resize_comp_share_instance()
        .zone("z-1")
        .project_id("p-1")
        .cpu(7)
        .disk_id("s-DiskId")
        .disk_space("s-DiskSpace")
        .gpu(7)
        .memory(7)
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "ResizeCompShareInstance"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Cpu", "7"),
            ("DiskId", "s-DiskId"),
            ("DiskSpace", "s-DiskSpace"),
            ("Gpu", "7"),
            ("Memory", "7"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(Some(out.u_host_id.as_str()), Some("r-UHostId"));
}

#[tokio::test]
async fn set_comp_share_team_relation() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"SetCompShareTeamRelationResponse\", \"Message\": \"r-Message\"}").await;
    #[allow(unused_variables)]
    let out = client
        .set_comp_share_team_relation()
        .zone("z-1")
        .project_id("p-1")
        .remark_name("s-RemarkName")
        .status("Agree")
        .team_id("s-TeamId")
        .user_company_id("s-UserCompanyId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "SetCompShareTeamRelation"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("RemarkName", "s-RemarkName"),
            ("Status", "Agree"),
            ("TeamId", "s-TeamId"),
            ("UserCompanyId", "s-UserCompanyId"),
        ],
    );
    assert_eq!(Some(out.message.as_str()), Some("r-Message"));
}

#[tokio::test]
async fn start_comp_share_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"StartCompShareInstanceResponse\", \"UHostId\": \"r-UHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .start_comp_share_instance()
        .zone("z-1")
        .project_id("p-1")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "StartCompShareInstance"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(Some(out.u_host_id.as_str()), Some("r-UHostId"));
}

#[tokio::test]
async fn start_ul_host_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"StartULHostInstanceResponse\", \"ULHostId\": \"r-ULHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .start_ul_host_instance()
        .project_id("p-1")
        .ul_host_id("s-ULHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "StartULHostInstance"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("ULHostId", "s-ULHostId"),
        ],
    );
    assert_eq!(out.ul_host_id.as_deref(), Some("r-ULHostId"));
}

#[tokio::test]
async fn stop_comp_share_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"StopCompShareInstanceResponse\", \"UHostId\": \"r-UHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .stop_comp_share_instance()
        .zone("z-1")
        .project_id("p-1")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "StopCompShareInstance"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(Some(out.u_host_id.as_str()), Some("r-UHostId"));
}

#[tokio::test]
async fn stop_ul_host_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"StopULHostInstanceResponse\", \"ULHostId\": \"r-ULHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .stop_ul_host_instance()
        .project_id("p-1")
        .ul_host_id("s-ULHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "StopULHostInstance"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("ULHostId", "s-ULHostId"),
        ],
    );
    assert_eq!(out.ul_host_id.as_deref(), Some("r-ULHostId"));
}

#[tokio::test]
async fn terminate_comp_share_custom_image() {
    let (server, client) =
        serve("{\"RetCode\": 0, \"Action\": \"TerminateCompShareCustomImageResponse\"}").await;
    #[allow(unused_variables)]
    let out = client
        .terminate_comp_share_custom_image()
        .zone("z-1")
        .project_id("p-1")
        .comp_share_image_id("s-CompShareImageId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "TerminateCompShareCustomImage"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("CompShareImageId", "s-CompShareImageId"),
        ],
    );
}

#[tokio::test]
async fn terminate_comp_share_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"TerminateCompShareInstanceResponse\", \"UHostId\": \"r-UHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .terminate_comp_share_instance()
        .zone("z-1")
        .project_id("p-1")
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "TerminateCompShareInstance"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(Some(out.u_host_id.as_str()), Some("r-UHostId"));
}

#[tokio::test]
async fn terminate_ul_host_instance() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"TerminateULHostInstanceResponse\", \"InRecycle\": \"Yes\", \"ULHostId\": \"r-ULHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .terminate_ul_host_instance()
        .project_id("p-1")
        .release_u_disk(true)
        .ul_host_id("s-ULHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "TerminateULHostInstance"),
            ("Region", "cn-wlcb"),
            ("ProjectId", "p-1"),
            ("ReleaseUDisk", "true"),
            ("ULHostId", "s-ULHostId"),
        ],
    );
    assert_eq!(Some(out.in_recycle.as_str()), Some("Yes"));
    assert_eq!(out.ul_host_id.as_deref(), Some("r-ULHostId"));
}

#[tokio::test]
async fn update_comp_share_image() {
    let (server, client) =
        serve("{\"RetCode\": 0, \"Action\": \"UpdateCompShareImageResponse\"}").await;
    #[allow(unused_variables)]
    let out = client
        .update_comp_share_image()
        .zone("z-1")
        .project_id("p-1")
        .comp_share_image_id("s-CompShareImageId")
        .cover("s-Cover")
        .description("s-Description")
        .framework("s-Framework")
        .readme("s-Readme")
        .softwares("s-Softwares")
        .tags(["a-Tags", "b-Tags"])
        .visibility(7)
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "UpdateCompShareImage"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("CompShareImageId", "s-CompShareImageId"),
            ("Cover", "s-Cover"),
            ("Description", "s-Description"),
            ("Framework", "s-Framework"),
            ("Readme", "s-Readme"),
            ("Softwares", "s-Softwares"),
            ("Tags.0", "a-Tags"),
            ("Tags.1", "b-Tags"),
            ("Visibility", "7"),
        ],
    );
}

#[tokio::test]
async fn update_comp_share_instance_ports() {
    let (server, client) = serve("{\"RetCode\": 0, \"Action\": \"UpdateCompShareInstancePortsResponse\", \"UHostId\": \"r-UHostId\"}").await;
    #[allow(unused_variables)]
    let out = client
        .update_comp_share_instance_ports()
        .zone("z-1")
        .project_id("p-1")
        .http_ports([1, 2])
        .tcp_ports([1, 2])
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "UpdateCompShareInstancePorts"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("HttpPorts.0", "1"),
            ("HttpPorts.1", "2"),
            ("TcpPorts.0", "1"),
            ("TcpPorts.1", "2"),
            ("UHostId", "s-UHostId"),
        ],
    );
    assert_eq!(out.u_host_id.as_deref(), Some("r-UHostId"));
}

#[tokio::test]
async fn update_comp_share_stop_scheduler() {
    let (server, client) =
        serve("{\"RetCode\": 0, \"Action\": \"UpdateCompShareStopSchedulerResponse\"}").await;
    #[allow(unused_variables)]
    let out = client
        .update_comp_share_stop_scheduler()
        .zone("z-1")
        .project_id("p-1")
        .stop_time(7)
        .u_host_id("s-UHostId")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "UpdateCompShareStopScheduler"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("StopTime", "7"),
            ("UHostId", "s-UHostId"),
        ],
    );
}

#[tokio::test]
async fn update_comp_share_team() {
    let (server, client) = serve(
        "{\"RetCode\": 0, \"Action\": \"UpdateCompShareTeamResponse\", \"Message\": \"r-Message\"}",
    )
    .await;
    #[allow(unused_variables)]
    let out = client
        .update_comp_share_team()
        .zone("z-1")
        .project_id("p-1")
        .description("s-Description")
        .name("s-Name")
        .send()
        .await
        .unwrap();
    expect_form(
        &server,
        &[
            ("Action", "UpdateCompShareTeam"),
            ("Region", "cn-wlcb"),
            ("Zone", "z-1"),
            ("ProjectId", "p-1"),
            ("Description", "s-Description"),
            ("Name", "s-Name"),
        ],
    );
    assert_eq!(Some(out.message.as_str()), Some("r-Message"));
}

/// With nothing set (the client has a region only), each action fails before any I/O naming
/// exactly the parameters the official SDKs mark required, or, if none is, goes out.
#[tokio::test]
async fn required_parameters_match_the_official_sdks() {
    let (_server, client) = serve_with(r#"{"RetCode":0}"#, None).await;
    expect_missing(
        "AttachCompshareDisk",
        client.attach_compshare_disk().send().await,
        &["UDiskId"],
    );
    expect_missing(
        "AttachUS3",
        client.attach_us3().send().await,
        &["UHostId", "Zone"],
    );
    expect_missing(
        "CheckCompShareNetOptimizer",
        client.check_comp_share_net_optimizer().send().await,
        &["Zone"],
    );
    expect_missing(
        "CheckULHostResourceCapacity",
        client.check_ul_host_resource_capacity().send().await,
        &["BundleId", "ImageId"],
    );
    expect_missing(
        "CopyCompShareCustomImage",
        client.copy_comp_share_custom_image().send().await,
        &["CompShareImageId"],
    );
    expect_missing(
        "CreateCompShareCustomImage",
        client.create_comp_share_custom_image().send().await,
        &["Name", "UHostId", "Zone"],
    );
    expect_missing(
        "CreateCompShareInstance",
        client.create_comp_share_instance().send().await,
        &[
            "CPU",
            "CompShareImageId",
            "GPU",
            "GpuType",
            "MachineType",
            "Memory",
            "Zone",
        ],
    );
    expect_missing(
        "CreateCompShareTeamRelation",
        client.create_comp_share_team_relation().send().await,
        &["TeamId"],
    );
    expect_missing(
        "CreateCompShareTeam",
        client.create_comp_share_team().send().await,
        &["Name"],
    );
    expect_missing(
        "CreateULHostInstance",
        client.create_ul_host_instance().send().await,
        &["BundleId", "ImageId", "Password"],
    );
    expect_missing(
        "DeleteCompShareStopScheduler",
        client.delete_comp_share_stop_scheduler().send().await,
        &["ProjectId", "UHostId"],
    );
    expect_missing(
        "DeleteCompShareTeam",
        client.delete_comp_share_team().send().await,
        &["TeamId"],
    );
    expect_missing(
        "DeleteCompshareDisk",
        client.delete_compshare_disk().send().await,
        &["OrganizationID", "TopOrganizationID", "UDiskId", "Zone"],
    );
    expect_missing(
        "DescribeAvailableCompShareInstanceTypes",
        client
            .describe_available_comp_share_instance_types()
            .send()
            .await,
        &[],
    );
    expect_missing(
        "DescribeCommunityImages",
        client.describe_community_images().send().await,
        &["Zone"],
    );
    expect_missing(
        "DescribeCompShareCustomImages",
        client.describe_comp_share_custom_images().send().await,
        &["Zone"],
    );
    expect_missing(
        "DescribeCompShareGpuInventory",
        client.describe_comp_share_gpu_inventory().send().await,
        &[],
    );
    expect_missing(
        "DescribeCompShareImageShareAccounts",
        client
            .describe_comp_share_image_share_accounts()
            .send()
            .await,
        &["CompShareImageId"],
    );
    expect_missing(
        "DescribeCompShareImageTags",
        client.describe_comp_share_image_tags().send().await,
        &[],
    );
    expect_missing(
        "DescribeCompShareImages",
        client.describe_comp_share_images().send().await,
        &[],
    );
    expect_missing(
        "DescribeCompShareInstance",
        client.describe_comp_share_instance().send().await,
        &[],
    );
    expect_missing(
        "DescribeCompShareMachineTypeFamilies",
        client
            .describe_comp_share_machine_type_families()
            .send()
            .await,
        &["ProjectId"],
    );
    expect_missing(
        "DescribeCompShareSharingImages",
        client.describe_comp_share_sharing_images().send().await,
        &[],
    );
    expect_missing(
        "DescribeCompShareSoftwarePort",
        client.describe_comp_share_software_port().send().await,
        &[],
    );
    expect_missing(
        "DescribeCompShareSupportZone",
        client.describe_comp_share_support_zone().send().await,
        &[],
    );
    expect_missing(
        "DescribeModelRepositoryModels",
        client.describe_model_repository_models().send().await,
        &["Zone"],
    );
    expect_missing(
        "DescribeModelRepositoryTags",
        client.describe_model_repository_tags().send().await,
        &["Zone"],
    );
    expect_missing(
        "DescribeSelfCommunityImages",
        client.describe_self_community_images().send().await,
        &[],
    );
    expect_missing(
        "DescribeTeamMemberOrderCount",
        client.describe_team_member_order_count().send().await,
        &["BeginTime", "EndTime", "TeamId", "VirtualCompanyId"],
    );
    expect_missing(
        "DescribeTeamMemberOrder",
        client.describe_team_member_order().send().await,
        &["BeginTime", "EndTime", "TeamId", "VirtualCompanyId"],
    );
    expect_missing(
        "DescribeTeamMemberUnpaidOrderCount",
        client
            .describe_team_member_unpaid_order_count()
            .send()
            .await,
        &["BeginTime", "EndTime", "TeamId", "VirtualCompanyId"],
    );
    expect_missing(
        "DescribeTeamMemberUnpaidOrder",
        client.describe_team_member_unpaid_order().send().await,
        &["BeginTime", "EndTime", "TeamId", "VirtualCompanyId"],
    );
    expect_missing(
        "DescribeULHostBundles",
        client.describe_ul_host_bundles().send().await,
        &[],
    );
    expect_missing(
        "DescribeULHostImage",
        client.describe_ul_host_image().send().await,
        &[],
    );
    expect_missing(
        "DescribeULHostInstance",
        client.describe_ul_host_instance().send().await,
        &[],
    );
    expect_missing(
        "DescribeUserCommunityImages",
        client.describe_user_community_images().send().await,
        &["Zone"],
    );
    expect_missing(
        "DetachCompshareDisk",
        client.detach_compshare_disk().send().await,
        &["UDiskId"],
    );
    expect_missing(
        "DownloadTeamOrder",
        client.download_team_order().send().await,
        &["TeamId"],
    );
    expect_missing(
        "GetCompShareAttachedDiskUpgradePrice",
        client
            .get_comp_share_attached_disk_upgrade_price()
            .send()
            .await,
        &["DiskId", "DiskSpace", "UHostId", "Zone"],
    );
    expect_missing(
        "GetCompShareImageCreateProgress",
        client.get_comp_share_image_create_progress().send().await,
        &["CompShareImageId", "Zone"],
    );
    expect_missing(
        "GetCompShareInstanceMonitor",
        client.get_comp_share_instance_monitor().send().await,
        &[],
    );
    expect_missing(
        "GetCompShareInstancePrice",
        client.get_comp_share_instance_price().send().await,
        &["Zone"],
    );
    expect_missing(
        "GetCompShareInstanceUpgradePrice",
        client.get_comp_share_instance_upgrade_price().send().await,
        &["UHostId", "Zone"],
    );
    expect_missing(
        "GetCompShareInstanceUserPrice",
        client.get_comp_share_instance_user_price().send().await,
        &["Zone"],
    );
    expect_missing(
        "GetCompShareRefundPrice",
        client.get_comp_share_refund_price().send().await,
        &["Zone"],
    );
    expect_missing(
        "GetCompShareTeamInfo",
        client.get_comp_share_team_info().send().await,
        &["TeamId"],
    );
    expect_missing(
        "GetOpenClawModelList",
        client.get_open_claw_model_list().send().await,
        &[],
    );
    expect_missing(
        "GetSoftwareURL",
        client.get_software_url().send().await,
        &["Software", "UHostId", "Zone"],
    );
    expect_missing(
        "GetULHostInstancePrice",
        client.get_ul_host_instance_price().send().await,
        &["BundleId"],
    );
    expect_missing(
        "GetULHostRenewPrice",
        client.get_ul_host_renew_price().send().await,
        &["ULHostId"],
    );
    expect_missing(
        "ListCompShareTeamInvite",
        client.list_comp_share_team_invite().send().await,
        &[],
    );
    expect_missing(
        "ListCompShareTeamJoined",
        client.list_comp_share_team_joined().send().await,
        &[],
    );
    expect_missing(
        "ListCompShareTeamOperateLog",
        client.list_comp_share_team_operate_log().send().await,
        &["BeginTime", "EndTime", "TeamId"],
    );
    expect_missing(
        "ListCompShareTeam",
        client.list_comp_share_team().send().await,
        &[],
    );
    expect_missing(
        "ListMemberProductType",
        client.list_member_product_type().send().await,
        &["BeginTime", "EndTime", "TeamId"],
    );
    expect_missing(
        "ModifyCompShareImageShareAccount",
        client.modify_comp_share_image_share_account().send().await,
        &["CompShareImageId"],
    );
    expect_missing(
        "ModifyCompShareInstanceName",
        client.modify_comp_share_instance_name().send().await,
        &["Name", "UHostId", "Zone"],
    );
    expect_missing(
        "ModifyULHostAttribute",
        client.modify_ul_host_attribute().send().await,
        &["ULHostId"],
    );
    expect_missing(
        "PoweroffULHostInstance",
        client.poweroff_ul_host_instance().send().await,
        &["ULHostId"],
    );
    expect_missing(
        "PublishCompShareImage",
        client.publish_comp_share_image().send().await,
        &["CompShareImageId", "Price", "Zone"],
    );
    expect_missing(
        "RebootCompShareInstance",
        client.reboot_comp_share_instance().send().await,
        &["UHostId", "Zone"],
    );
    expect_missing(
        "RebootULHostInstance",
        client.reboot_ul_host_instance().send().await,
        &["ULHostId"],
    );
    expect_missing(
        "ReinstallCompShareInstance",
        client.reinstall_comp_share_instance().send().await,
        &["CompShareImageId", "UHostId", "Zone"],
    );
    expect_missing(
        "ReinstallULHostInstance",
        client.reinstall_ul_host_instance().send().await,
        &["ImageId", "Password", "ULHostId"],
    );
    expect_missing(
        "ResetCompShareInstancePassword",
        client.reset_comp_share_instance_password().send().await,
        &["Password", "UHostId", "Zone"],
    );
    expect_missing(
        "ResetULHostInstancePassword",
        client.reset_ul_host_instance_password().send().await,
        &["Password", "ULHostId"],
    );
    expect_missing(
        "ResizeCompShareDisk",
        client.resize_comp_share_disk().send().await,
        &["Size", "UDiskId", "Zone"],
    );
    expect_missing(
        "ResizeCompShareInstance",
        client.resize_comp_share_instance().send().await,
        &["UHostId", "Zone"],
    );
    expect_missing(
        "SetCompShareTeamRelation",
        client.set_comp_share_team_relation().send().await,
        &["Status", "TeamId"],
    );
    expect_missing(
        "StartCompShareInstance",
        client.start_comp_share_instance().send().await,
        &["UHostId", "Zone"],
    );
    expect_missing(
        "StartULHostInstance",
        client.start_ul_host_instance().send().await,
        &["ULHostId"],
    );
    expect_missing(
        "StopCompShareInstance",
        client.stop_comp_share_instance().send().await,
        &["UHostId", "Zone"],
    );
    expect_missing(
        "StopULHostInstance",
        client.stop_ul_host_instance().send().await,
        &["ULHostId"],
    );
    expect_missing(
        "TerminateCompShareCustomImage",
        client.terminate_comp_share_custom_image().send().await,
        &["CompShareImageId", "Zone"],
    );
    expect_missing(
        "TerminateCompShareInstance",
        client.terminate_comp_share_instance().send().await,
        &["UHostId", "Zone"],
    );
    expect_missing(
        "TerminateULHostInstance",
        client.terminate_ul_host_instance().send().await,
        &["ULHostId"],
    );
    expect_missing(
        "UpdateCompShareImage",
        client.update_comp_share_image().send().await,
        &["CompShareImageId", "Zone"],
    );
    expect_missing(
        "UpdateCompShareInstancePorts",
        client.update_comp_share_instance_ports().send().await,
        &["Zone"],
    );
    expect_missing(
        "UpdateCompShareStopScheduler",
        client.update_comp_share_stop_scheduler().send().await,
        &["ProjectId", "StopTime", "UHostId"],
    );
    expect_missing(
        "UpdateCompShareTeam",
        client.update_comp_share_team().send().await,
        &[],
    );
}
