//! In-process timings of the hot paths, without process start or output: for profiling and
//! for the harness's in-process figures.
//!
//! - `hot load DIR [-n N]`: loading the organisation under DIR (walk, read, parse YAML,
//!   merge), N times.
//! - `hot coverage DIR [-n N]`: with the organisation loaded once, reading the git index
//!   (`Tree::tracked`) and resolving every file (`PathCoverage::build`), N times each.
//!
//! Prints the minimum and median of each step in milliseconds. A plain loop rather than
//! criterion: the steps take tens to hundreds of milliseconds, so a few runs settle them,
//! and the figures are read by the harness.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool of the harness

use std::path::Path;
use std::time::Instant;

use own::load::{DiskTree, Tree};
use own::paths::PathCoverage;

fn summary(name: &str, times: &mut [f64]) {
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(f64::NAN);
    let min = times.first().copied().unwrap_or(f64::NAN);
    println!("{name}: min {min:.1} ms, median {median:.1} ms");
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let started = Instant::now();
    let out = f();
    (out, started.elapsed().as_secs_f64() * 1e3)
}

fn run(args: &[String]) -> Result<(), String> {
    let usage = "usage: hot load|coverage DIR [-n N]";
    let (Some(what), Some(dir)) = (args.first(), args.get(1)) else {
        return Err(usage.to_owned());
    };
    let n: usize = match args.iter().position(|a| a == "-n") {
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| usage.to_owned())?,
        None => 5,
    };
    let tree = DiskTree::new(Path::new(dir)).map_err(|e| e.to_string())?;
    match what.as_str() {
        "load" => {
            let mut times = Vec::new();
            for _ in 0..n {
                let (loaded, t) = time(|| own::load::load(&tree));
                loaded.map_err(|e| e.to_string())?;
                times.push(t);
            }
            summary("load", &mut times);
        }
        "coverage" => {
            let loaded = own::load::load(&tree).map_err(|e| e.to_string())?;
            let (mut index, mut resolve) = (Vec::new(), Vec::new());
            for _ in 0..n {
                let (files, t) = time(|| tree.tracked());
                let files = files.map_err(|e| e.to_string())?;
                index.push(t);
                let (coverage, t) = time(|| {
                    PathCoverage::build(&loaded.org, &loaded.sources, files, tree.repo_prefix())
                });
                let coverage = coverage.map_err(|e| e.to_string())?;
                resolve.push(t);
                std::hint::black_box(coverage.owners.len());
            }
            summary("index", &mut index);
            summary("resolve", &mut resolve);
        }
        _ => return Err(usage.to_owned()),
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&args) {
        eprintln!("hot: {e}");
        std::process::exit(2);
    }
}
