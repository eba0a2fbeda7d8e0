//! Any response body, decoded as the largest response of the API (instances, with nested
//! disks, addresses, prices and monitoring data), must give an output or an error, never a
//! panic or a hang.
#![no_main]

use compshare::actions::DescribeCompShareInstanceRequest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = compshare_runtime::decode_reply::<DescribeCompShareInstanceRequest>(200, data, None);
});
