//! A progress line on standard error while waiting or paging, only when it is a terminal:
//! piped output never carries it.

use std::future::Future;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

const FRAMES: [char; 4] = ['|', '/', '-', '\\'];

/// Runs `work`, showing `label` and the time spent on a terminal.
pub async fn while_running<F: Future>(label: String, work: F) -> F::Output {
    if !std::io::stderr().is_terminal() {
        return work.await;
    }
    let label = crate::terminal::escape(&label).into_owned();
    let start = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    tokio::pin!(work);
    let mut frame = 0;
    loop {
        tokio::select! {
            out = &mut work => {
                clear();
                return out;
            }
            _ = tick.tick() => {
                crate::terminal::raw(&format!("\r{} {label} ({} s)", FRAMES[frame % FRAMES.len()], start.elapsed().as_secs()));
                frame += 1;
            }
        }
    }
}

/// Counts items as they are listed, when standard error is a terminal and standard output
/// is not (where the items themselves show progress).
pub struct Counter {
    label: &'static str,
    count: u64,
    shown: Option<Instant>,
    on: bool,
}

impl Counter {
    pub fn new(label: &'static str) -> Counter {
        Counter {
            label,
            count: 0,
            shown: None,
            on: std::io::stderr().is_terminal() && !std::io::stdout().is_terminal(),
        }
    }

    pub fn tick(&mut self) {
        self.count += 1;
        if self.on
            && self
                .shown
                .is_none_or(|t| t.elapsed() >= Duration::from_millis(100))
        {
            crate::terminal::raw(&format!("\r{}: {} items", self.label, self.count));
            self.shown = Some(Instant::now());
        }
    }

    pub fn done(&self) {
        if self.on && self.shown.is_some() {
            clear();
        }
    }
}

/// Bytes of a file as they are sent or received, on standard error when it is a terminal,
/// at most ten times a second.
pub struct Meter {
    label: String,
    shown: Option<Instant>,
    on: bool,
}

impl Meter {
    pub fn new(label: &str) -> Meter {
        Meter {
            label: crate::terminal::escape(label).into_owned(),
            shown: None,
            on: std::io::stderr().is_terminal(),
        }
    }

    pub fn tick(&mut self, got: u64, size: Option<u64>) {
        let due = self
            .shown
            .is_none_or(|t| t.elapsed() >= Duration::from_millis(100));
        if !self.on || !(due || size == Some(got)) {
            return;
        }
        let mib = |n: u64| n as f64 / (1024.0 * 1024.0);
        let line = match size.filter(|s| *s > 0) {
            Some(s) => format!(
                "\r{}: {:.1} of {:.1} MiB ({}%)",
                self.label,
                mib(got),
                mib(s),
                got.saturating_mul(100) / s
            ),
            None => format!("\r{}: {:.1} MiB", self.label, mib(got)),
        };
        crate::terminal::raw(&line);
        self.shown = Some(Instant::now());
    }

    pub fn done(&self) {
        if self.on && self.shown.is_some() {
            clear();
        }
    }
}

/// Clears the progress line (the one escape sequence this tool writes on purpose).
pub(crate) fn clear() {
    crate::terminal::raw("\r\x1b[2K");
}
