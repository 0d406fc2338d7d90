//! The `own` binary: parse arguments, run, exit with the code the run asks for.

/// Loading a large organisation makes millions of small allocations (keys, spans, ids);
/// mimalloc serves them faster than the system allocator (see the README's performance
/// section). It is the one part of `own` written in C: `--no-default-features` builds
/// without it, and without any C compiler.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    own::run(std::env::args_os())
}
