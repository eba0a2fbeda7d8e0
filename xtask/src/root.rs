//! Which checkout a run works on, found when it runs, not when xtask was built: with a target
//! directory shared between checkouts, cargo may run an xtask binary built in another one,
//! and a root fixed at compile time would make it read and write that other tree.

use std::path::{Path, PathBuf};

/// The workspace root: the parent of the xtask package cargo is running (`cargo run` sets
/// `CARGO_MANIFEST_DIR` for the process), else the nearest directory at or above the current
/// one that holds this workspace (its `Cargo.toml` with `[workspace]`, and `xtask/`).
pub fn workspace_root() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let xtask = PathBuf::from(dir);
        if let Some(root) = xtask.parent().filter(|r| is_workspace(r)) {
            return Ok(root.to_path_buf());
        }
    }
    let here =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    find_from(&here).ok_or_else(|| {
        format!(
            "{} is not inside the compshare-rs workspace: run `cargo xtask` from the checkout to work on",
            here.display()
        )
    })
}

/// The nearest directory at or above `start` that is the workspace root.
fn find_from(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| is_workspace(d))
        .map(Path::to_path_buf)
}

fn is_workspace(dir: &Path) -> bool {
    dir.join("xtask/Cargo.toml").is_file()
        && std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|t| t.contains("[workspace]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_found_from_within_the_checkout_and_not_elsewhere() {
        let base = tempfile::tempdir().unwrap();
        let checkout = base.path().join("checkout");
        std::fs::create_dir_all(checkout.join("xtask/src")).unwrap();
        std::fs::create_dir_all(checkout.join("spec/ucompshare")).unwrap();
        std::fs::write(
            checkout.join("Cargo.toml"),
            "[workspace]\nmembers = [\"xtask\"]\n",
        )
        .unwrap();
        std::fs::write(checkout.join("xtask/Cargo.toml"), "[package]\n").unwrap();
        assert_eq!(
            find_from(&checkout.join("spec/ucompshare")),
            Some(checkout.clone())
        );
        assert_eq!(find_from(&checkout), Some(checkout.clone()));
        // A sibling directory is not the checkout.
        std::fs::create_dir_all(base.path().join("elsewhere")).unwrap();
        assert_eq!(find_from(&base.path().join("elsewhere")), None);
    }
}
