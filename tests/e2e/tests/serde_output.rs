//! The `serde` feature's JSON: absent values are left out rather than written as `null`, and
//! both shapes read back to the same value.

use compshare::types::CompShareImage;

fn image() -> CompShareImage {
    let mut image = CompShareImage::default();
    image.comp_share_image_id = Some("compshareImage-1".to_owned());
    image.name = Some("PyTorch".to_owned());
    image
}

#[test]
fn absent_values_are_left_out() {
    let json = serde_json::to_value(image()).unwrap();
    let object = json.as_object().unwrap();
    assert!(object.values().all(|v| !v.is_null()), "{json}");
    assert_eq!(object["CompShareImageId"], "compshareImage-1");
    assert_eq!(object["Name"], "PyTorch");
    assert!(!object.contains_key("Author"), "{json}");
}

#[test]
fn json_with_and_without_nulls_reads_back() {
    let without = serde_json::to_string(&image()).unwrap();
    let with_nulls =
        r#"{"CompShareImageId":"compshareImage-1","Name":"PyTorch","Author":null,"Cover":null}"#;
    for text in [without.as_str(), with_nulls] {
        let back: CompShareImage = serde_json::from_str(text).unwrap();
        assert_eq!(back, image(), "{text}");
    }
}
