//! Completion scripts as each shell runs them: subcommands, flags and enum values below the
//! top level (bash once completed nothing there: clap-rs/clap#6421). A shell that is not
//! installed is skipped, saying so.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::*;
use crate::terminal::Pty;

/// What a user types, and a completion that must be offered for its last word.
const CASES: &[(&str, &str)] = &[
    ("compshare-rs instance cr", "create"),
    ("compshare-rs instance create --gpu-t", "--gpu-type"),
    ("compshare-rs instance create --charge-type Post", "Postpay"),
    ("compshare-rs zone gpu-st", "gpu-stock"),
];

fn script(shell: &str) -> String {
    let out = command("http://127.0.0.1:9", &["completions", shell], &[])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn installed(shell: &str) -> bool {
    let here = Command::new(shell)
        .arg("-c")
        .arg("exit 0")
        .output()
        .is_ok_and(|o| o.status.success());
    if !here {
        eprintln!("skipping: {shell} is not installed (apt-get install {shell})");
    }
    here
}

/// A directory of this test's own, emptied.
fn scratch(name: &str) -> compshare_e2e::TempDir {
    compshare_e2e::scratch(&format!("compshare-rs-completions-{name}-"))
}

fn binary_dir() -> PathBuf {
    let binary = std::env::var_os("COMPSHARE_RS_TEST_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_compshare-rs").into());
    binary.parent().unwrap().to_owned()
}

fn shell(program: &str, home: &Path) -> Command {
    let mut c = Command::new(program);
    c.env_clear()
        .env("HOME", home)
        .env("PATH", format!("{}:/usr/bin:/bin", binary_dir().display()))
        .env("TERM", "xterm");
    c
}

#[test]
fn bash_completes_below_the_top_level() {
    if !installed("bash") {
        return;
    }
    let dir = scratch("bash");
    let file = dir.path().join("compshare-rs.bash");
    std::fs::write(&file, script("bash")).unwrap();
    // As bash calls the function it registered: the words, the index of the one being
    // completed, then the command's name, that word and the one before it.
    let call = r#"
        source "$1"; shift
        spec=$(complete -p compshare-rs) || exit 3
        fn=${spec#*-F }; fn=${fn%% *}
        COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
        COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        "$fn" compshare-rs "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\n' "${COMPREPLY[@]}"
    "#;
    for (line, want) in CASES {
        let out = shell("bash", dir.path())
            .args(["--norc", "--noprofile", "-c", call, "bash"])
            .arg(&file)
            .args(line.split(' '))
            .output()
            .unwrap();
        assert!(out.status.success(), "{line}: {}", stderr(&out));
        let offered = stdout(&out);
        assert!(
            offered.lines().any(|l| l.trim() == *want),
            "bash offered for `{line}<TAB>`: {offered:?}"
        );
    }
}

#[test]
fn fish_completes_below_the_top_level() {
    if !installed("fish") {
        return;
    }
    let dir = scratch("fish");
    let file = dir.path().join("compshare-rs.fish");
    std::fs::write(&file, script("fish")).unwrap();
    for (line, want) in CASES {
        let out = shell("fish", dir.path())
            .args(["--no-config", "-c", "source $argv[1]; complete -C $argv[2]"])
            .arg(&file)
            .arg(line)
            .output()
            .unwrap();
        assert!(out.status.success(), "{line}: {}", stderr(&out));
        let offered = stdout(&out);
        // Each line is a candidate, then a tab and its description.
        assert!(
            offered.lines().any(|l| l.split('\t').next() == Some(*want)),
            "fish offered for `{line}<TAB>`: {offered:?}"
        );
    }
}

/// zsh completes only inside its line editor: an interactive zsh on a pseudo-terminal, TAB
/// pressed, and the completed word read off the screen.
#[test]
fn zsh_completes_below_the_top_level() {
    if !installed("zsh") {
        return;
    }
    let dir = scratch("zsh");
    let functions = dir.path().join("functions");
    std::fs::create_dir_all(&functions).unwrap();
    std::fs::write(functions.join("_compshare-rs"), script("zsh")).unwrap();
    let mut c = shell("zsh", dir.path());
    c.args(["-f", "-i"]);
    let mut pty = Pty::spawn_command(c, true);
    // The prompt is spelled in two pieces so that the typed line does not show it.
    pty.type_line(&format!(
        "fpath=({} $fpath); autoload -Uz compinit; compinit -u; PS1='RE''ADY> '",
        functions.display()
    ));
    pty.expect("READY> ");
    for (line, want) in CASES {
        let before = pty.text().len();
        // zsh's line editor discards what was typed before it took the terminal (it sets the
        // terminal's modes with a flush): typed again until echoed, then TAB.
        // Typed again only while nothing at all came back (a partial echo is slow, not lost).
        let start = std::time::Instant::now();
        let mut typed = std::time::Instant::now();
        pty.type_keys(line);
        loop {
            let seen = pty.text()[before..].to_owned();
            if seen.contains(line) {
                break;
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(120),
                "zsh never echoed `{line}`: {seen:?}"
            );
            if seen.is_empty() && typed.elapsed() > std::time::Duration::from_secs(3) {
                pty.type_keys(line);
                typed = std::time::Instant::now();
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        pty.type_keys("\t");
        // What TAB added follows what was typed: the word's end is not in the typed line.
        let end = &want[want.len() - 3..];
        assert!(!line.contains(end));
        until(
            &pty,
            before,
            |seen| seen.contains(end) && seen.contains(want),
            line,
        );
        // Ctrl-C: the line is dropped, a new prompt comes.
        let before = pty.text().len();
        pty.type_keys("\x03");
        until(&pty, before, |seen| seen.contains("READY> "), line);
    }
    pty.kill();
}

/// Waits until what the terminal showed since `from` passes `done` (a generous limit only
/// stops a hung test).
fn until(pty: &Pty, from: usize, done: impl Fn(&str) -> bool, line: &str) {
    let start = std::time::Instant::now();
    loop {
        let seen = pty.text()[from..].to_owned();
        if done(&seen) {
            return;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "zsh, after `{line}<TAB>`, showed {seen:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
