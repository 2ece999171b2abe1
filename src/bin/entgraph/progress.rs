//! Progress on stderr: a bar when stderr is a terminal, a line every few seconds
//! when `--progress` asks for it elsewhere, nothing otherwise.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
    /// For plain lines: when the last was printed, and the totals so far.
    plain: Option<(Instant, Instant)>,
    docs: u64,
    bytes: u64,
    total: Option<u64>,
}

impl Progress {
    pub fn new(show: bool, total: Option<u64>) -> Progress {
        let mut p = Progress { bar: None, plain: None, docs: 0, bytes: 0, total };
        if !show {
            return p;
        }
        if std::io::stderr().is_terminal() {
            let bar = match total {
                Some(t) => {
                    ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr_with_hz(4))
                }
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4)),
            };
            let template = if total.is_some() {
                "{elapsed_precise} [{wide_bar}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}"
            } else {
                "{elapsed_precise} {spinner} {binary_bytes} {binary_bytes_per_sec} {msg}"
            };
            bar.set_style(ProgressStyle::with_template(template).expect("a valid template"));
            p.bar = Some(bar);
        } else {
            let now = Instant::now();
            p.plain = Some((now, now));
        }
        p
    }

    pub fn advance(&mut self, bytes: u64) {
        self.docs += 1;
        self.bytes += bytes;
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
            bar.set_message(format!("{} docs", self.docs));
        }
        if let Some((start, last)) = &mut self.plain
            && last.elapsed() >= Duration::from_secs(2)
        {
            *last = Instant::now();
            let secs = start.elapsed().as_secs_f64().max(1e-9);
            let mb = self.bytes as f64 / 1e6;
            let share =
                self.total.map_or(String::new(), |t| format!(" of {:.1} MB", t as f64 / 1e6));
            eprint_line(&format!(
                "entgraph: {} docs, {mb:.1} MB{share}, {:.1} MB/s",
                self.docs,
                mb / secs
            ));
        }
    }

    /// Prints a line without breaking the bar.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprint_line(line)),
            None => eprint_line(line),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Prints a line on stderr. Unlike `eprintln!`, it does not panic when stderr is a
/// closed pipe (`entgraph extract ... 2>&1 | head`): the message is dropped.
pub fn eprint_line(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
